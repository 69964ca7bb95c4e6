//! Requests of the query protocols (AWS Query, EC2 Query), built by the generated operations:
//! the form-encoded body, pair by pair, with the names, list and map forms, and spellings the
//! protocols give them. The compliance suites (`protocol/`) check the protocols' rules case by
//! case; these check the same on a model of every form at once, and on AWS STS as published.

use std::collections::HashMap;

use shapegen_runtime::http::Request;
use shapegen_runtime::request::RequestError;

const ENDPOINT: &str = "https://example.us-east-1.amazonaws.com";

/// The body's pairs, in order.
fn pairs(request: &Request<Vec<u8>>) -> Vec<&str> {
    std::str::from_utf8(request.body()).unwrap().split('&').collect()
}

fn assert_form(request: &Request<Vec<u8>>) {
    assert_eq!(request.method(), "POST");
    assert_eq!(request.uri(), "https://example.us-east-1.amazonaws.com/");
    assert_eq!(request.headers()["content-type"], "application/x-www-form-urlencoded");
    assert_eq!(request.headers()["content-length"], request.body().len().to_string().as_str());
}

#[test]
fn every_form_of_an_aws_query_body() {
    use shapegen_tests::query::operations::{Ping, PutThing};
    use shapegen_tests::query::{Color, Item, Node, PutThingInput};

    let when = "2015-01-25T08:00:00Z".parse().unwrap();
    let input = PutThingInput::builder()
        .name("a b&c=é")
        .renamed("r")
        .count(-3)
        .big(9_007_199_254_740_993_i64)
        .ratio(f64::NAN)
        .small(10.8)
        .enabled(false)
        .data(b"value".to_vec())
        .when(when)
        .when_epoch(when)
        .color(Color::Green)
        .tags(vec![])
        .items(vec![Item::builder().key("k1").value("v1").build(), Item::builder().key("k2").build()])
        .named(vec![when])
        .attributes(HashMap::from([("z".to_owned(), "26".to_owned()), ("a".to_owned(), "1".to_owned())]))
        .renames(HashMap::from([("old".to_owned(), "new".to_owned())]))
        .groups(HashMap::from([("g".to_owned(), vec!["x".to_owned(), "y".to_owned()])]))
        .nested(Node::builder().label("top").child(Node::builder().label("inner").build()).build())
        .colors(HashMap::from([(Color::Red, 1)]))
        .token("t-1")
        .build()
        .unwrap();
    let request = PutThing::request(&input, ENDPOINT).unwrap();
    assert_form(&request);
    assert_eq!(
        pairs(&request),
        [
            "Action=PutThing",
            "Version=2020-01-08",
            "Name=a%20b%26c%3D%C3%A9",
            "OtherName=r",
            "Count=-3",
            "Big=9007199254740993",
            "Ratio=NaN",
            "Small=10.8",
            "Enabled=false",
            "Data=dmFsdWU%3D",
            "When=2015-01-25T08%3A00%3A00Z",
            "WhenEpoch=1422172800",
            "Color=green",
            // An empty list is said, as the protocol wants.
            "Tags=",
            // Flattened, under the member's own name; a member without a value says nothing.
            "Item.1.Key=k1",
            "Item.1.Value=v1",
            "Item.2.Key=k2",
            "Named.at.1=2015-01-25T08%3A00%3A00Z",
            // Map entries in key order.
            "Attributes.entry.1.key=a",
            "Attributes.entry.1.value=1",
            "Attributes.entry.2.key=z",
            "Attributes.entry.2.value=26",
            "Renames.1.From=old",
            "Renames.1.To=new",
            "Groups.entry.1.key=g",
            "Groups.entry.1.value.member.1=x",
            "Groups.entry.1.value.member.2=y",
            "Nested.Label=top",
            "Nested.Child.Label=inner",
            "Colors.entry.1.key=red",
            "Colors.entry.1.value=1",
            "Token=t-1",
        ]
    );

    // Members without values say nothing, but a required one is written as it is, and an
    // idempotency token is filled in.
    let request = PutThing::request(&PutThingInput::builder().name("").build().unwrap(), ENDPOINT).unwrap();
    let body = pairs(&request);
    assert_eq!(body[..3], ["Action=PutThing", "Version=2020-01-08", "Name="]);
    let token = body[3].strip_prefix("Token=").unwrap();
    assert_eq!(token.len(), 36, "{token}");
    assert_eq!(body.len(), 4);

    let request = Ping::request(ENDPOINT).unwrap();
    assert_form(&request);
    assert_eq!(pairs(&request), ["Action=Ping", "Version=2020-01-08"]);
}

#[test]
fn borrowed_strings_write_the_same_body() {
    use shapegen_tests::query_borrowed::PutThingInput;
    use shapegen_tests::query_borrowed::operations::PutThing;

    let input = PutThingInput::builder().name("n").renamed("r").tags(vec!["t".into()]).token("x").build().unwrap();
    let request = PutThing::request(&input, ENDPOINT).unwrap();
    assert_eq!(
        pairs(&request),
        ["Action=PutThing", "Version=2020-01-08", "Name=n", "OtherName=r", "Tags.member.1=t", "Token=x"]
    );
}

#[test]
fn ec2_names_are_capitalized_and_every_list_is_flattened() {
    use shapegen_tests::ec2::operations::DescribeThings;
    use shapegen_tests::ec2::{DescribeThingsRequest, Filter};

    let input = DescribeThingsRequest::builder()
        .thing_ids(vec!["i-1".to_owned(), "i-2".to_owned()])
        .filters(vec![Filter::builder().name("tag:Name").values(vec!["web".to_owned()]).build()])
        .dry_run(true)
        .max_results(5)
        .named("q")
        .empty(vec![])
        .build();
    let request = DescribeThings::request(&input, ENDPOINT).unwrap();
    assert_form(&request);
    assert_eq!(
        pairs(&request),
        [
            "Action=DescribeThings",
            "Version=2016-11-15",
            "ThingId.1=i-1",
            "ThingId.2=i-2",
            "Filter.1.Name=tag%3AName",
            "Filter.1.Value.1=web",
            "DryRun=true",
            "MaxResults=5",
            // The EC2 query name, over the XML name.
            "Exactly=q",
            // An empty list says nothing in EC2 Query.
        ]
    );
}

/// STS's own example of AssumeRole (its API reference shows the same pairs as a query string).
#[test]
fn sts_assume_role_and_get_caller_identity() {
    use shapegen_tests::sts::operations::{AssumeRole, GetCallerIdentity};
    use shapegen_tests::sts::{AssumeRoleRequest, GetCallerIdentityRequest, PolicyDescriptorType, Tag};

    let input = AssumeRoleRequest::builder()
        .role_arn("arn:aws:iam::123456789012:role/demo")
        .role_session_name("John-session")
        .policy_arns(vec![
            PolicyDescriptorType::builder().arn("arn:aws:iam::123456789012:policy/demopolicy1").build(),
            PolicyDescriptorType::builder().arn("arn:aws:iam::123456789012:policy/demopolicy2").build(),
        ])
        .duration_seconds(1800)
        .tags(vec![Tag::builder().key("Project").value("Pegasus").build().unwrap()])
        .transitive_tag_keys(vec!["Project".to_owned()])
        .build();
    let request = AssumeRole::request(&input, "https://sts.amazonaws.com").unwrap();
    assert_eq!(request.uri(), "https://sts.amazonaws.com/");
    let mut body = pairs(&request);
    body.sort_unstable();
    assert_eq!(
        body,
        [
            "Action=AssumeRole",
            "DurationSeconds=1800",
            "PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3A123456789012%3Apolicy%2Fdemopolicy1",
            "PolicyArns.member.2.arn=arn%3Aaws%3Aiam%3A%3A123456789012%3Apolicy%2Fdemopolicy2",
            "RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo",
            "RoleSessionName=John-session",
            "Tags.member.1.Key=Project",
            "Tags.member.1.Value=Pegasus",
            "TransitiveTagKeys.member.1=Project",
            "Version=2011-06-15",
        ]
    );

    let request =
        GetCallerIdentity::request(&GetCallerIdentityRequest::default(), "https://sts.amazonaws.com").unwrap();
    assert_eq!(pairs(&request), ["Action=GetCallerIdentity", "Version=2011-06-15"]);
}

#[test]
fn a_bad_endpoint_is_an_error_not_a_body() {
    use shapegen_tests::query::PutThingInput;
    use shapegen_tests::query::operations::PutThing;

    let input = PutThingInput::builder().name("n").build().unwrap();
    let error = PutThing::request(&input, "not a uri").unwrap_err();
    assert!(matches!(error, RequestError::InvalidEndpoint { .. }), "{error:?}");
}
