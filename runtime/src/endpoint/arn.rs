//! `aws.parseArn`: an Amazon Resource Name, in its parts.

/// An ARN in its parts, as `aws.parseArn` gives it:
/// `arn:{partition}:{service}:{region}:{account_id}:{resource}`. The parts borrow from the
/// text parsed, which resolving an endpoint on every call does not copy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arn<'a> {
    /// The partition, as `aws` or `aws-cn`; never empty.
    pub partition: &'a str,
    /// The service namespace, as `s3`; never empty.
    pub service: &'a str,
    /// The region; empty for a resource that is not regional (`arn:aws:iam::...`).
    pub region: &'a str,
    /// The account ID; empty for a resource that belongs to no account (`arn:aws:s3:::bucket`).
    pub account_id: &'a str,
    /// The resource: the rest of the ARN, split on every `:` and `/` (`accesspoint/my-ap` is
    /// `["accesspoint", "my-ap"]`). Never empty; its parts may be (`a//b` has an empty one).
    pub resource_id: Vec<&'a str>,
}

/// `aws.parseArn`: `value` as an [`Arn`], or `None` when it is not one: fewer than six parts
/// separated by `:`, a first part other than `arn`, or an empty partition, service or resource.
/// The region and the account ID may be empty.
pub fn parse_arn(value: &str) -> Option<Arn<'_>> {
    // Scanned by hand, byte by byte: an ARN is short, and this runs on every call that names
    // one, where a `str::split` costs several times as much. `:` and `/` are ASCII, so every
    // index found is a character boundary.
    let bytes = value.as_bytes();
    let mut colons = [0usize; 5];
    let mut found = 0;
    for (i, &byte) in bytes.iter().enumerate() {
        if byte == b':' {
            colons[found] = i;
            found += 1;
            if found == colons.len() {
                break;
            }
        }
    }
    if found < colons.len() || &value[..colons[0]] != "arn" {
        return None;
    }
    let part = |n: usize| &value[colons[n - 1] + 1..colons[n]];
    let (partition, service, region, account_id) = (part(1), part(2), part(3), part(4));
    let resource = &value[colons[4] + 1..];
    if partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    // Most resources have at most four parts (`outpost/op-1/accesspoint/name`).
    let mut resource_id = Vec::with_capacity(4);
    let mut start = 0;
    for (i, &byte) in resource.as_bytes().iter().enumerate() {
        if byte == b':' || byte == b'/' {
            resource_id.push(&resource[start..i]);
            start = i + 1;
        }
    }
    resource_id.push(&resource[start..]);
    Some(Arn { partition, service, region, account_id, resource_id })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resource<'a>(arn: &Arn<'a>) -> Vec<&'a str> {
        arn.resource_id.clone()
    }

    #[test]
    fn arns_in_their_parts() {
        let arn = parse_arn("arn:aws:sns:us-west-2:012345678910:example-sns-topic-name").unwrap();
        assert_eq!(
            arn,
            Arn {
                partition: "aws",
                service: "sns",
                region: "us-west-2",
                account_id: "012345678910",
                resource_id: vec!["example-sns-topic-name"],
            }
        );
    }

    #[test]
    fn resources_split_on_colons_and_slashes() {
        let arn = parse_arn("arn:aws:ec2:us-east-1:012345678910:vpc/vpc-0e9801d129EXAMPLE").unwrap();
        assert_eq!(resource(&arn), ["vpc", "vpc-0e9801d129EXAMPLE"]);
        let arn = parse_arn("arn:aws:s3:us-west-2:123456789012:accesspoint:myendpoint").unwrap();
        assert_eq!(resource(&arn), ["accesspoint", "myendpoint"]);
        let arn =
            parse_arn("arn:aws:s3-outposts:us-west-2:123456789012:outpost/op-01234567890123456/accesspoint/reports")
                .unwrap();
        assert_eq!(resource(&arn), ["outpost", "op-01234567890123456", "accesspoint", "reports"]);
        let arn = parse_arn("arn:aws:s3:us-west-2:123456789012:outpost:op-1:bucket/b").unwrap();
        assert_eq!(resource(&arn), ["outpost", "op-1", "bucket", "b"]);
        // Empty parts are kept, as are trailing ones.
        let arn = parse_arn("arn:aws:s3:::a//b/").unwrap();
        assert_eq!(resource(&arn), ["a", "", "b", ""]);
        let arn = parse_arn("arn:aws:s3:::my_corporate_bucket/Development/*").unwrap();
        assert_eq!(resource(&arn), ["my_corporate_bucket", "Development", "*"]);
    }

    #[test]
    fn regions_and_accounts_may_be_empty() {
        let arn = parse_arn("arn:aws:iam::012345678910:user/johndoe").unwrap();
        assert_eq!((arn.region, arn.account_id), ("", "012345678910"));
        assert_eq!(resource(&arn), ["user", "johndoe"]);
        let arn = parse_arn("arn:aws:s3:::bucket_name").unwrap();
        assert_eq!((arn.region, arn.account_id), ("", ""));
        assert_eq!(resource(&arn), ["bucket_name"]);
    }

    #[test]
    fn what_is_not_an_arn() {
        assert_eq!(parse_arn("11111111-2222-3333-4444-555555555555"), None);
        assert_eq!(parse_arn(""), None);
        assert_eq!(parse_arn("arn"), None);
        assert_eq!(parse_arn("arn:aws:s3:us-west-2:123456789012"), None);
        assert_eq!(parse_arn("arn:aws:s3:us-west-2"), None);
        assert_eq!(parse_arn("arn:aws:s3:us-west-2:123456789012:"), None);
        assert_eq!(parse_arn("arn::s3:us-west-2:123456789012:bucket"), None);
        assert_eq!(parse_arn("arn:aws::us-west-2:123456789012:bucket"), None);
        assert_eq!(parse_arn("ARN:aws:s3:us-west-2:123456789012:bucket"), None);
        assert_eq!(parse_arn("urn:aws:s3:us-west-2:123456789012:bucket"), None);
        assert_eq!(parse_arn("bucket:aws:s3:us-west-2:123456789012:bucket"), None);
    }
}
