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

fn response(status: u16, body: &str) -> shapegen_runtime::http::Response<Vec<u8>> {
    shapegen_runtime::http::Response::builder().status(status).body(body.as_bytes().to_vec()).unwrap()
}

const GET_THING: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<GetThingResponse xmlns="https://example.com/doc/2020-01-08/">
  <GetThingResult>
    <Name>a &amp; b &#233;<![CDATA[ <raw> ]]></Name>
    <OtherName/>
    <Count>-3</Count>
    <Big>9007199254740993</Big>
    <Ratio>NaN</Ratio>
    <Enabled>true</Enabled>
    <Data>dmFsdWU=</Data>
    <When>2015-01-25T08:00:00Z</When>
    <Color>purple</Color>
    <Tags><member>x</member><other>ignored</other><member>y</member></Tags>
    <Item><Key>k1</Key><Value>v1</Value></Item>
    <Unknown><deep><deeper>skipped</deeper></deep></Unknown>
    <Item><Key>k2</Key></Item>
    <Named><at>2015-01-25T08:00:00Z</at></Named>
    <Attributes>
      <entry><key>a</key><value>1</value></entry>
      <entry><key>z</key><value>26</value></entry>
    </Attributes>
    <Renames><From>old</From><To>new</To></Renames>
    <Renames><From>older</From><To>newer</To></Renames>
    <Groups><entry><key>g</key><value><member>x</member></value></entry></Groups>
    <Nested><Label>top</Label><Child><Label>inner</Label></Child></Nested>
    <Colors><entry><key>red</key><value>1</value></entry></Colors>
  </GetThingResult>
  <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
</GetThingResponse>
"#;

#[test]
fn an_aws_query_response_in_every_form() {
    use shapegen_tests::query::operations::GetThing;
    use shapegen_tests::query::{Color, Item, Node};

    let output = GetThing::response(&response(200, GET_THING)).unwrap();
    assert_eq!(output.name.as_deref(), Some("a & b é <raw> "));
    assert_eq!(output.renamed.as_deref(), Some(""));
    assert_eq!((output.count, output.big, output.enabled), (Some(-3), Some(9_007_199_254_740_993), Some(true)));
    assert!(output.ratio.unwrap().is_nan());
    assert_eq!(output.data.as_deref(), Some(&b"value"[..]));
    let when: jiff::Timestamp = "2015-01-25T08:00:00Z".parse().unwrap();
    assert_eq!(output.when, Some(when));
    // A value the model does not list is kept, not an error.
    assert_eq!(output.color, Some(Color::from("purple")));
    assert_eq!(output.tags, Some(vec!["x".to_owned(), "y".to_owned()]));
    assert_eq!(
        output.items,
        Some(vec![Item::builder().key("k1").value("v1").build(), Item::builder().key("k2").build()])
    );
    assert_eq!(output.named, Some(vec![when]));
    assert_eq!(
        output.attributes,
        Some(HashMap::from([("a".to_owned(), "1".to_owned()), ("z".to_owned(), "26".to_owned())]))
    );
    assert_eq!(
        output.renames,
        Some(HashMap::from([("old".to_owned(), "new".to_owned()), ("older".to_owned(), "newer".to_owned())]))
    );
    assert_eq!(output.groups, Some(HashMap::from([("g".to_owned(), vec!["x".to_owned()])])));
    assert_eq!(output.nested, Some(Node::builder().label("top").child(Node::builder().label("inner").build()).build()));
    assert_eq!(output.colors, Some(HashMap::from([(Color::Red, 1)])));

    // No body, or a document without the result element: the output without members.
    assert_eq!(GetThing::response(&response(200, "")).unwrap(), Default::default());
    assert_eq!(GetThing::response(&response(200, "<GetThingResponse/>")).unwrap(), Default::default());
}

#[test]
fn borrowed_strings_borrow_from_an_xml_body_where_they_can() {
    use shapegen_tests::query_borrowed::operations::GetThing;

    let http_response = response(200, GET_THING);
    let output = GetThing::response(&http_response).unwrap();
    assert!(matches!(output.tags.as_deref(), Some([std::borrow::Cow::Borrowed("x"), _])), "{:?}", output.tags);
    assert_eq!(output.name.as_deref(), Some("a & b é <raw> "));
}

#[test]
fn aws_query_errors_by_their_codes() {
    use shapegen_runtime::ServiceError;
    use shapegen_tests::query::operations::{GetThing, GetThingError};

    let body = r#"<ErrorResponse xmlns="https://example.com/doc/2020-01-08/">
  <Error>
    <Type>Sender</Type>
    <Code>NotFound</Code>
    <Message>No thing named x</Message>
    <ThingName>x</ThingName>
  </Error>
  <RequestId>foo-id</RequestId>
</ErrorResponse>"#;
    let error = GetThing::response(&response(404, body)).unwrap_err();
    let GetThingError::ThingNotFound(not_found) = &error else { panic!("{error:?}") };
    assert_eq!(not_found.thing_name.as_deref(), Some("x"));
    assert_eq!(
        (error.code(), error.message(), error.status()),
        (Some("NotFound"), Some("No thing named x"), Some(404))
    );
    assert_eq!(error.to_string(), "NotFound: No thing named x");

    // The message member is `message`; the element is `<Message>`: the error's message fills it.
    let body = "<ErrorResponse><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>";
    let error = GetThing::response(&response(400, body)).unwrap_err();
    let GetThingError::Throttled(throttled) = &error else { panic!("{error:?}") };
    assert_eq!(throttled.message.as_deref(), Some("Rate exceeded"));

    // The shape's name is not its code.
    let body = "<ErrorResponse><Error><Code>ThingNotFound</Code></Error></ErrorResponse>";
    let error = GetThing::response(&response(400, body)).unwrap_err();
    assert!(matches!(error, GetThingError::Unmodeled(_)), "{error:?}");
    assert_eq!((error.code(), error.status()), (Some("ThingNotFound"), Some(400)));

    // A body that is no error document: an unmodeled error with the status.
    let error = GetThing::response(&response(503, "<html>Service Unavailable</html>")).unwrap_err();
    assert_eq!((error.code(), error.status()), (None, Some(503)));
}

#[test]
fn a_malformed_xml_response_is_an_error_naming_the_place() {
    use shapegen_tests::query::operations::{GetThing, GetThingError};

    let cases = [
        (
            "<R><GetThingResult><Tags><member>a</member><member><x/></member></Tags></GetThingResult></R>",
            "R/GetThingResult/Tags/member[1]: an element <x> where a value was expected",
        ),
        (
            "<R><GetThingResult><Count>many</Count></GetThingResult></R>",
            r#"R/GetThingResult/Count: invalid integer "many""#,
        ),
        (
            "<R><GetThingResult><Attributes><entry><key>k</key></entry></Attributes></GetThingResult></R>",
            "R/GetThingResult/Attributes/entry[0]: a map entry without <value>",
        ),
        ("<R><GetThingResult><Name>x</Nam></GetThingResult></R>", "R/GetThingResult/Name: malformed XML"),
        ("<R><GetThingResult><Name>x", "R/GetThingResult/Name: the document ends before this element does"),
        ("not xml", "body: no element"),
    ];
    for (body, expected) in cases {
        let error = GetThing::response(&response(200, body)).unwrap_err();
        let GetThingError::Malformed(malformed) = &error else { panic!("{error:?}") };
        assert!(malformed.to_string().starts_with(expected), "{malformed} (expected {expected})");
    }

    // A body that is not UTF-8 says where it stops being so.
    let error = GetThing::response(&shapegen_runtime::http::Response::new(b"<R>\xff</R>".to_vec())).unwrap_err();
    assert_eq!(error.to_string(), "body: not UTF-8 (at byte 3)");

    // Nesting is bounded: a deep document is an error, not a stack overflow.
    let deep = format!(
        "<R><GetThingResult><Nested>{}</Nested></GetThingResult></R>",
        "<Child>".repeat(10_000) + &"</Child>".repeat(10_000)
    );
    let error = GetThing::response(&response(200, &deep)).unwrap_err();
    assert!(error.to_string().contains("elements nest deeper than 128"), "{error}");
}

#[test]
fn an_ec2_response_and_error() {
    use shapegen_runtime::ServiceError;
    use shapegen_tests::ec2::operations::DescribeThings;

    let body = r#"<DescribeThingsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
  <requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId>
  <thingSet>
    <item>
      <thingId>t-1</thingId>
      <thingState><code>16</code><name>running</name></thingState>
      <tagSet><item><key>Name</key><value>web</value></item></tagSet>
    </item>
    <item><thingId>t-2</thingId><tagSet/></item>
  </thingSet>
  <nextToken>abc</nextToken>
</DescribeThingsResponse>"#;
    let output = DescribeThings::response(&response(200, body)).unwrap();
    let things = output.things.unwrap();
    assert_eq!(things.len(), 2);
    assert_eq!(things[0].thing_id.as_deref(), Some("t-1"));
    let state = things[0].state.as_ref().unwrap();
    assert_eq!((state.code, state.name.as_deref()), (Some(16), Some("running")));
    assert_eq!(things[0].tags.as_ref().unwrap()[0].value.as_deref(), Some("web"));
    assert_eq!(things[1].tags, Some(vec![]));
    assert_eq!(output.next_token.as_deref(), Some("abc"));

    let body = r#"<Response><Errors><Error><Code>InvalidThingID.NotFound</Code><Message>The thing ID 't-3' does not exist</Message></Error></Errors><RequestID>ea966190-f9aa-478e-9ede-example</RequestID></Response>"#;
    let error = DescribeThings::response(&response(400, body)).unwrap_err();
    assert_eq!(
        (error.code(), error.message(), error.status()),
        (Some("InvalidThingID.NotFound"), Some("The thing ID 't-3' does not exist"), Some(400))
    );
}

/// DescribeInstances as the EC2 API reference shows its response, read with the types of EC2's
/// published model.
#[test]
fn ec2_describe_instances() {
    use shapegen_tests::ec2_instances::operations::DescribeInstances;
    use shapegen_tests::ec2_instances::{InstanceStateName, InstanceType};

    let body = include_str!("fixtures/ec2-describe-instances.xml");
    let output = DescribeInstances::response(&response(200, body)).unwrap();
    let reservations = output.reservations.unwrap();
    assert_eq!(reservations[0].reservation_id.as_deref(), Some("r-1234567890abcdef0"));
    assert_eq!(reservations[0].groups, Some(vec![]));
    let instance = &reservations[0].instances.as_ref().unwrap()[0];
    assert_eq!(instance.instance_id.as_deref(), Some("i-1234567890abcdef0"));
    assert_eq!(instance.instance_type, Some(InstanceType::T2Micro));
    let state = instance.state.as_ref().unwrap();
    assert_eq!((state.code, state.name.clone()), (Some(16), Some(InstanceStateName::Running)));
    assert_eq!(instance.launch_time, Some("2018-05-08T16:46:19Z".parse().unwrap()));
    assert_eq!(instance.placement.as_ref().unwrap().availability_zone.as_deref(), Some("eu-west-1c"));
    assert_eq!(instance.tags.as_ref().unwrap()[0].value.as_deref(), Some("Server_1"));
    let mapping = &instance.block_device_mappings.as_ref().unwrap()[0];
    assert_eq!(mapping.ebs.as_ref().unwrap().delete_on_termination, Some(true));
    let interface = &instance.network_interfaces.as_ref().unwrap()[0];
    assert_eq!(interface.mac_address.as_deref(), Some("02:dd:2c:5e:01:69"));
    assert_eq!(interface.ipv6_addresses.as_ref().unwrap()[0].ipv6_address.as_deref(), Some("2001:db8:1234:1a2b::123"));
    assert_eq!(instance.cpu_options.as_ref().unwrap().core_count, Some(1));
    assert_eq!(instance.ena_support, Some(true));
}

/// GetCallerIdentity and an AssumeRole error as the STS API reference shows them.
#[test]
fn sts_get_caller_identity_and_an_expired_token() {
    use shapegen_runtime::ServiceError;
    use shapegen_tests::sts::operations::{AssumeRole, AssumeRoleError, GetCallerIdentity};

    let body = r#"<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:iam::123456789012:user/Alice</Arn>
    <UserId>AIDACKCEVSQ6C2EXAMPLE</UserId>
    <Account>123456789012</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata>
    <RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>
  </ResponseMetadata>
</GetCallerIdentityResponse>"#;
    let identity = GetCallerIdentity::response(&response(200, body)).unwrap();
    assert_eq!(identity.arn.as_deref(), Some("arn:aws:iam::123456789012:user/Alice"));
    assert_eq!(identity.user_id.as_deref(), Some("AIDACKCEVSQ6C2EXAMPLE"));
    assert_eq!(identity.account.as_deref(), Some("123456789012"));

    let body = r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error>
    <Type>Sender</Type>
    <Code>ExpiredTokenException</Code>
    <Message>The security token included in the request is expired</Message>
  </Error>
  <RequestId>42d0d1ea-example</RequestId>
</ErrorResponse>"#;
    let error = AssumeRole::response(&response(400, body)).unwrap_err();
    assert!(matches!(error, AssumeRoleError::ExpiredTokenException(_)), "{error:?}");
    assert_eq!(error.message(), Some("The security token included in the request is expired"));
}

/// What a client reads of STS through the traits alone: its names, the schemes each operation
/// is signed with (`AssumeRoleWithWebIdentity` goes unsigned: `@auth([])` and `@optionalAuth`),
/// and the endpoint its rule set gives for the operation's parameters.
#[test]
fn sts_service_metadata_and_auth() {
    use shapegen_runtime::endpoint::{BuiltIns, EndpointParams};
    use shapegen_runtime::{AuthScheme, Operation, Service};
    use shapegen_tests::sts::operations::{AssumeRoleWithWebIdentity, GetCallerIdentity};
    use shapegen_tests::sts::service;

    assert_eq!(
        (service::Service::SDK_ID, service::Service::SIGNING_NAME, service::Service::API_VERSION),
        ("STS", "sts", "2011-06-15")
    );
    assert_eq!(service::Service::AUTH, [AuthScheme::SigV4, AuthScheme::SigV4a]);
    assert_eq!(<GetCallerIdentity as Operation>::AUTH, service::Service::AUTH);
    assert_eq!(<AssumeRoleWithWebIdentity as Operation>::AUTH, [AuthScheme::NoAuth]);
    const { assert!(!<GetCallerIdentity as Operation>::UNSIGNED_PAYLOAD) };

    // The endpoint, as a generic client finds it: built-ins, then the operation's parameters.
    fn endpoint<O: Operation>(input: &O::Input<'_>, region: &str) -> String {
        let mut built_ins = BuiltIns::new();
        built_ins.region(region);
        let mut params = <<O::Service as Service>::EndpointParams>::default();
        params.set_built_ins(&built_ins).unwrap();
        O::endpoint_params(input, &mut params);
        params.resolve().unwrap().url
    }
    let input = shapegen_tests::sts::GetCallerIdentityRequest::default();
    assert_eq!(endpoint::<GetCallerIdentity>(&input, "eu-west-1"), "https://sts.eu-west-1.amazonaws.com");
    assert_eq!(endpoint::<GetCallerIdentity>(&input, "cn-north-1"), "https://sts.cn-north-1.amazonaws.com.cn");
}
