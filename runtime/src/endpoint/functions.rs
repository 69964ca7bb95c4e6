//! The string functions of the standard library: `isValidHostLabel`, `substring`,
//! `uriEncode`, and AWS's `aws.isVirtualHostableS3Bucket`.

use percent_encoding::utf8_percent_encode;

use crate::request::UNRESERVED;

/// `isValidHostLabel`: whether `value` is a host label of RFC 1123, 1 to 63 ASCII letters,
/// digits and hyphens, neither starting nor ending with a hyphen; with `allow_subdomains`,
/// whether it is one or more such labels joined by dots (`a.b-c.d`, but neither `a..b` nor
/// `a.`).
///
/// Letters of either case are valid: a region or an account ID is checked with it, not only
/// names that are lowercase.
pub fn is_valid_host_label(value: &str, allow_subdomains: bool) -> bool {
    // One pass over the bytes, each looked up in a table: this runs several times on every
    // call.
    let bytes = value.as_bytes();
    let mut start = 0;
    for (i, &byte) in bytes.iter().enumerate() {
        if byte == b'.' && allow_subdomains {
            if !is_host_label_frame(&bytes[start..i]) {
                return false;
            }
            start = i + 1;
        } else if !HOST_LABEL_BYTES[usize::from(byte)] {
            return false;
        }
    }
    is_host_label_frame(&bytes[start..])
}

/// The bytes a host label of RFC 1123 is made of: `[A-Za-z0-9-]`.
const HOST_LABEL_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = b.is_ascii_alphanumeric() || b == b'-';
        byte += 1;
    }
    table
};

/// Whether a label whose bytes are all of [`HOST_LABEL_BYTES`] is one of RFC 1123: 1 to 63
/// long, neither first nor last a hyphen.
fn is_host_label_frame(label: &[u8]) -> bool {
    match (label.first(), label.last()) {
        (Some(&first), Some(&last)) => label.len() <= 63 && first != b'-' && last != b'-',
        _ => false,
    }
}

/// `substring`: the characters of `input` from `start` (inclusive) to `stop` (exclusive), or,
/// with `reverse`, the same span counted from the end (`substring("abcdef", 0, 2, true)` is
/// `"ef"`; the result still reads forwards).
///
/// `None` when `input` has a character that is not ASCII, when `start >= stop`, or when
/// `input` is shorter than `stop`: a result, when there is one, is always `stop - start` long.
pub fn substring(input: &str, start: usize, stop: usize, reverse: bool) -> Option<&str> {
    if !input.is_ascii() || start >= stop || stop > input.len() {
        return None;
    }
    // ASCII: every index is a character boundary.
    if reverse { input.get(input.len() - stop..input.len() - start) } else { input.get(start..stop) }
}

/// `uriEncode`: `value` percent-encoded as RFC 3986 section 2.1 says, every byte of its UTF-8
/// but those of the unreserved characters (`A-Z a-z 0-9 - . _ ~`) as `%XX` in uppercase hex. A
/// `/` is encoded too (`a/b` is `a%2Fb`), and so is a space (`%20`, never `+`).
pub fn uri_encode(value: &str) -> String {
    // Through `Cow`: a value with nothing to encode is copied once, at its length.
    String::from(std::borrow::Cow::from(utf8_percent_encode(value, UNRESERVED)))
}

/// `aws.isVirtualHostableS3Bucket`: whether the bucket `value` can be the first label of a
/// virtual-hosted-style host (`bucket.s3.us-west-2.amazonaws.com`): 3 to 63 characters of
/// lowercase letters, digits and hyphens, starting and ending with a letter or a digit, and
/// not in the form of an IPv4 address (`192.168.5.4`).
///
/// Dots are allowed only with `allow_subdomains` (for plain HTTP, where no TLS certificate
/// has to match the name), and then each label between them must be a valid host label:
/// neither `a..b`, `a-.b` nor `a.-b`.
pub fn is_virtual_hostable_s3_bucket(value: &str, allow_subdomains: bool) -> bool {
    let bytes = value.as_bytes();
    if !(3..=63).contains(&bytes.len()) {
        return false;
    }
    let lowercase_or_digit = |byte: &u8| byte.is_ascii_lowercase() || byte.is_ascii_digit();
    let first_and_last = [bytes[0], bytes[bytes.len() - 1]];
    if !first_and_last.iter().all(lowercase_or_digit) {
        return false;
    }
    if !allow_subdomains {
        return bytes.iter().all(|byte| lowercase_or_digit(byte) || *byte == b'-');
    }
    bytes.iter().all(|byte| lowercase_or_digit(byte) || *byte == b'-' || *byte == b'.')
        && is_valid_host_label(value, true)
        && !is_ipv4_form(value)
}

/// Whether `host` is written as an IPv4 address: four dot-separated decimal numbers of 1 to 3
/// digits, each at most 255 (`10.0.0.1`; leading zeros are taken, as the reference does).
pub(crate) fn is_ipv4_form(host: &str) -> bool {
    let mut parts = 0;
    for part in host.split('.') {
        parts += 1;
        let valid = (1..=3).contains(&part.len())
            && part.bytes().all(|byte| byte.is_ascii_digit())
            && part.parse::<u16>().is_ok_and(|number| number <= 255);
        if parts > 4 || !valid {
            return false;
        }
    }
    parts == 4
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_labels() {
        assert!(is_valid_host_label("a", false));
        assert!(is_valid_host_label("us-east-1", false));
        assert!(is_valid_host_label("A-Z-09", false));
        assert!(is_valid_host_label("a--b", false));
        assert!(is_valid_host_label(&"a".repeat(63), false));
        assert!(!is_valid_host_label(&"a".repeat(64), false));
        assert!(!is_valid_host_label("", false));
        assert!(!is_valid_host_label("", true));
        assert!(!is_valid_host_label("-abc", false));
        assert!(!is_valid_host_label("abc-", false));
        assert!(!is_valid_host_label("-", false));
        assert!(!is_valid_host_label("us-east_1", false));
        assert!(!is_valid_host_label("a b", false));
        assert!(!is_valid_host_label("bücher", false));
        assert!(!is_valid_host_label("a.b", false));
    }

    #[test]
    fn host_labels_with_subdomains() {
        assert!(is_valid_host_label("a.b", true));
        assert!(is_valid_host_label("a.b-c.d", true));
        assert!(is_valid_host_label("abc", true));
        let long_labels = format!("{0}.{0}.{0}", "a".repeat(63));
        assert!(is_valid_host_label(&long_labels, true));
        assert!(!is_valid_host_label(&format!("{}.a", "a".repeat(64)), true));
        assert!(!is_valid_host_label(".", true));
        assert!(!is_valid_host_label(".a", true));
        assert!(!is_valid_host_label("a.", true));
        assert!(!is_valid_host_label("a..b", true));
        assert!(!is_valid_host_label("a.-b", true));
        assert!(!is_valid_host_label("a-.b", true));
        assert!(!is_valid_host_label("a.b_c", true));
    }

    #[test]
    fn substrings() {
        assert_eq!(substring("abcdefg", 0, 4, false), Some("abcd"));
        assert_eq!(substring("abcdefg", 2, 5, false), Some("cde"));
        assert_eq!(substring("abcdefg", 0, 7, false), Some("abcdefg"));
        assert_eq!(substring("abcdefg", 0, 4, true), Some("defg"));
        assert_eq!(substring("abcdefg", 1, 3, true), Some("ef"));
        assert_eq!(substring("abcdefg", 0, 7, true), Some("abcdefg"));
        // The suffix S3 Express checks, as its rule set does.
        assert_eq!(substring("mybucket--usw2-az1--x-s3", 0, 6, true), Some("--x-s3"));
    }

    #[test]
    fn substrings_that_do_not_fit_are_none() {
        assert_eq!(substring("abcdefg", 0, 8, false), None);
        assert_eq!(substring("abcdefg", 0, 8, true), None);
        assert_eq!(substring("abcdefg", 4, 4, false), None);
        assert_eq!(substring("abcdefg", 5, 2, false), None);
        assert_eq!(substring("abcdefg", 5, 2, true), None);
        assert_eq!(substring("", 0, 1, false), None);
        assert_eq!(substring("", 0, 0, false), None);
    }

    #[test]
    fn substrings_of_non_ascii_input_are_none() {
        // Even a span of ASCII characters: the input as a whole must be ASCII.
        assert_eq!(substring("abcdé", 0, 2, false), None);
        assert_eq!(substring("éabcd", 0, 2, true), None);
        assert_eq!(substring("\u{1F600}abc", 0, 1, false), None);
    }

    #[test]
    fn uri_encoding() {
        assert_eq!(uri_encode("abc-DEF_123.~"), "abc-DEF_123.~");
        assert_eq!(uri_encode("a/b"), "a%2Fb");
        assert_eq!(uri_encode("a b"), "a%20b");
        assert_eq!(uri_encode("a+b"), "a%2Bb");
        assert_eq!(uri_encode("%"), "%25");
        let reserved = "/:,?#[]{}|@! $&'()*+;=%<>\"^`\\";
        let encoded = "%2F%3A%2C%3F%23%5B%5D%7B%7D%7C%40%21%20%24%26%27%28%29%2A%2B%3B%3D%25%3C%3E%22%5E%60%5C";
        assert_eq!(uri_encode(reserved), encoded);
        assert_eq!(uri_encode("é"), "%C3%A9");
        assert_eq!(uri_encode("\u{1F600}"), "%F0%9F%98%80");
        assert_eq!(uri_encode("\n\t"), "%0A%09");
        assert_eq!(uri_encode(""), "");
    }

    #[test]
    fn virtual_hostable_buckets() {
        assert!(is_virtual_hostable_s3_bucket("abc", false));
        assert!(is_virtual_hostable_s3_bucket("bucket-name-1", false));
        assert!(is_virtual_hostable_s3_bucket("a--b--x-s3", false));
        assert!(is_virtual_hostable_s3_bucket("123", false));
        assert!(is_virtual_hostable_s3_bucket(&"a".repeat(63), false));
        assert!(!is_virtual_hostable_s3_bucket(&"a".repeat(64), false));
        assert!(!is_virtual_hostable_s3_bucket("ab", false));
        assert!(!is_virtual_hostable_s3_bucket("", false));
        assert!(!is_virtual_hostable_s3_bucket("Bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("bucketName", false));
        assert!(!is_virtual_hostable_s3_bucket("-bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("bucket-", false));
        assert!(!is_virtual_hostable_s3_bucket("99_ab", false));
        assert!(!is_virtual_hostable_s3_bucket("a.b.c", false));
    }

    #[test]
    fn virtual_hostable_buckets_with_dots() {
        assert!(is_virtual_hostable_s3_bucket("a.b.c", true));
        assert!(is_virtual_hostable_s3_bucket("bucket.name", true));
        assert!(is_virtual_hostable_s3_bucket("abc", true));
        assert!(is_virtual_hostable_s3_bucket("256.0.0.1", true));
        assert!(is_virtual_hostable_s3_bucket("1.2.3", true));
        assert!(!is_virtual_hostable_s3_bucket("a..b", true));
        assert!(!is_virtual_hostable_s3_bucket("a-.b", true));
        assert!(!is_virtual_hostable_s3_bucket("a.-b", true));
        assert!(!is_virtual_hostable_s3_bucket(".ab", true));
        assert!(!is_virtual_hostable_s3_bucket("ab.", true));
        assert!(!is_virtual_hostable_s3_bucket("a.B.c", true));
        assert!(!is_virtual_hostable_s3_bucket("192.168.5.4", true));
        assert!(!is_virtual_hostable_s3_bucket("10.0.0.1", true));
        assert!(!is_virtual_hostable_s3_bucket(&format!("{}.{}", "a".repeat(31), "b".repeat(32)), true));
    }

    #[test]
    fn ipv4_forms() {
        assert!(is_ipv4_form("127.0.0.1"));
        assert!(is_ipv4_form("255.255.255.255"));
        assert!(is_ipv4_form("010.0.0.1"));
        assert!(!is_ipv4_form("256.0.0.1"));
        assert!(!is_ipv4_form("1.2.3"));
        assert!(!is_ipv4_form("1.2.3.4.5"));
        assert!(!is_ipv4_form("1.2.3."));
        assert!(!is_ipv4_form("1.2.3.a"));
        assert!(!is_ipv4_form("1.2.3.+4"));
        assert!(!is_ipv4_form("1.2.3.0004"));
        assert!(!is_ipv4_form(""));
    }
}
