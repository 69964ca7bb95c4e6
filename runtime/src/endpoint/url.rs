//! `parseURL`: an endpoint URL, in the parts a rule set reads.

use std::net::Ipv6Addr;

use super::functions::is_ipv4_form;

/// A URL in its parts, as `parseURL` gives it: `https://example.com:8443/base` is the scheme
/// `https`, the authority `example.com:8443`, the path `/base`, the normalized path `/base/`,
/// and not an IP address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Url {
    /// `http` or `https`, in lowercase, without `://`.
    pub scheme: String,
    /// The host and the port, as written (`example.com`, `example.com:80`, `[::1]:8080`);
    /// a port is kept, even the scheme's default.
    pub authority: String,
    /// The path as written: empty when the URL has none (`https://example.com`), else from
    /// its `/` (`/`, `/base`, `/base/`).
    pub path: String,
    /// The path, starting and ending with `/`: `/` for none, `/base/` for `/base`.
    pub normalized_path: String,
    /// Whether the host is an IP address: IPv4 (`10.0.0.1`) or IPv6 in brackets (`[::1]`).
    pub is_ip: bool,
}

/// `parseURL`: `value` as a [`Url`], or `None` when it is not one that an endpoint can have:
/// a scheme other than `http` or `https` (either case), no `://`, a query (even an empty
/// `?`), a fragment, user information (`user@`), an empty host, a port that is not a number
/// up to 65535, an IPv6 host that is not an address, or a character that cannot stand in a URL
/// as it is (a space, a control character, anything not ASCII).
pub fn parse_url(value: &str) -> Option<Url> {
    let (scheme, rest) = value.split_once("://")?;
    let scheme = ["http", "https"].into_iter().find(|known| scheme.eq_ignore_ascii_case(known))?;
    if !rest.bytes().all(|byte| byte.is_ascii_graphic()) || rest.contains(['?', '#']) {
        return None;
    }
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let is_ip = read_authority(authority)?;
    let normalized_path = match path {
        "" => "/".to_owned(),
        path if path.ends_with('/') => path.to_owned(),
        path => format!("{path}/"),
    };
    Some(Url {
        scheme: scheme.to_owned(),
        authority: authority.to_owned(),
        path: path.to_owned(),
        normalized_path,
        is_ip,
    })
}

/// Checks an authority (`host`, `host:port`, `[v6]`, `[v6]:port`); whether its host is an IP
/// address, or `None` when the authority is not valid.
fn read_authority(authority: &str) -> Option<bool> {
    let (is_ip, port) = if let Some(bracketed) = authority.strip_prefix('[') {
        let (address, after) = bracketed.split_once(']')?;
        // A zone (`fe80::1%25en0`, `%` encoded as `%25`) names an interface; the address is
        // before it.
        let address = address.split_once("%25").map_or(address, |(address, _zone)| address);
        address.parse::<Ipv6Addr>().ok()?;
        let port = if after.is_empty() { None } else { Some(after.strip_prefix(':')?) };
        (true, port)
    } else {
        let (host, port) = match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        };
        let host_byte = |byte: u8| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~');
        if host.is_empty() || !host.bytes().all(host_byte) {
            return None;
        }
        (is_ipv4_form(host), port)
    };
    if let Some(port) = port {
        let digits = (1..=5).contains(&port.len()) && port.bytes().all(|byte| byte.is_ascii_digit());
        if !digits || port.parse::<u32>().ok()? > 65535 {
            return None;
        }
    }
    Some(is_ip)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(scheme: &str, authority: &str, path: &str, normalized_path: &str, is_ip: bool) -> Option<Url> {
        Some(Url {
            scheme: scheme.to_owned(),
            authority: authority.to_owned(),
            path: path.to_owned(),
            normalized_path: normalized_path.to_owned(),
            is_ip,
        })
    }

    #[test]
    fn the_examples_of_the_specification() {
        assert_eq!(parse_url("https://example.com"), url("https", "example.com", "", "/", false));
        assert_eq!(parse_url("https://example.com:8443?foo=bar&faz=baz"), None);
        assert_eq!(
            parse_url("http://example.com:80/foo/bar"),
            url("http", "example.com:80", "/foo/bar", "/foo/bar/", false)
        );
        assert_eq!(parse_url("https://127.0.0.1"), url("https", "127.0.0.1", "", "/", true));
        assert_eq!(parse_url("https://[fe80::1]"), url("https", "[fe80::1]", "", "/", true));
    }

    #[test]
    fn paths() {
        assert_eq!(parse_url("https://example.com/"), url("https", "example.com", "/", "/", false));
        assert_eq!(parse_url("https://example.com/path"), url("https", "example.com", "/path", "/path/", false));
        assert_eq!(parse_url("https://example.com/a/b/"), url("https", "example.com", "/a/b/", "/a/b/", false));
        assert_eq!(parse_url("https://example.com//"), url("https", "example.com", "//", "//", false));
        assert_eq!(parse_url("https://example.com/%20a"), url("https", "example.com", "/%20a", "/%20a/", false));
    }

    #[test]
    fn authorities_and_ports() {
        assert_eq!(parse_url("http://localhost:8000/path"), url("http", "localhost:8000", "/path", "/path/", false));
        assert_eq!(parse_url("http://10.0.1.12:433"), url("http", "10.0.1.12:433", "", "/", true));
        assert_eq!(
            parse_url("https://[2001:db8::1]:8443/base"),
            url("https", "[2001:db8::1]:8443", "/base", "/base/", true)
        );
        assert_eq!(parse_url("http://[fe80::1%25en0]"), url("http", "[fe80::1%25en0]", "", "/", true));
        assert_eq!(parse_url("https://example.com:65535"), url("https", "example.com:65535", "", "/", false));
        assert_eq!(parse_url("https://Example.COM"), url("https", "Example.COM", "", "/", false));
        assert_eq!(parse_url("https://example.com:"), None);
        assert_eq!(parse_url("https://example.com:65536"), None);
        assert_eq!(parse_url("https://example.com:443443"), None);
        assert_eq!(parse_url("https://example.com:https"), None);
        assert_eq!(parse_url("https://example.com:80:80"), None);
        assert_eq!(parse_url("https://[::1]x"), None);
        assert_eq!(parse_url("https://[::1"), None);
        assert_eq!(parse_url("https://[example.com]"), None);
        assert_eq!(parse_url("https://"), None);
        assert_eq!(parse_url("https:///path"), None);
        assert_eq!(parse_url("https://:443"), None);
        assert_eq!(parse_url("https://user:secret@example.com"), None);
    }

    #[test]
    fn what_is_an_ip_address() {
        assert!(parse_url("https://10.0.0.1").unwrap().is_ip);
        assert!(parse_url("https://[::1]:8080").unwrap().is_ip);
        assert!(!parse_url("https://256.0.0.1").unwrap().is_ip);
        assert!(!parse_url("https://10.0.0").unwrap().is_ip);
        assert!(!parse_url("https://10.0.0.1.example.com").unwrap().is_ip);
        assert!(!parse_url("https://123.example.com").unwrap().is_ip);
    }

    #[test]
    fn schemes_are_http_or_https() {
        assert_eq!(parse_url("HTTPS://example.com").unwrap().scheme, "https");
        assert_eq!(parse_url("Http://example.com").unwrap().scheme, "http");
        assert_eq!(parse_url("abcde://nota#url"), None);
        assert_eq!(parse_url("ftp://example.com"), None);
        assert_eq!(parse_url("wss://localhost:8443/path"), None);
        assert_eq!(parse_url("example.com"), None);
        assert_eq!(parse_url("https:example.com"), None);
        assert_eq!(parse_url("//example.com"), None);
        assert_eq!(parse_url(""), None);
    }

    #[test]
    fn queries_fragments_and_odd_characters_are_refused() {
        assert_eq!(parse_url("https://example.com?"), None);
        assert_eq!(parse_url("https://example.com/?a=b"), None);
        assert_eq!(parse_url("https://example.com/path#section"), None);
        assert_eq!(parse_url("https://example.com/a b"), None);
        assert_eq!(parse_url("https://exa mple.com"), None);
        assert_eq!(parse_url(" https://example.com"), None);
        assert_eq!(parse_url("https://example.com\n"), None);
        assert_eq!(parse_url("https://bücher.example"), None);
        assert_eq!(parse_url("https://example.com/é"), None);
        assert_eq!(parse_url("https://exa!mple.com"), None);
    }
}
