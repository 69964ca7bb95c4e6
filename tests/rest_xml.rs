//! `rest-xml` on Amazon S3 as published: requests built and responses read by the generated
//! operations, shaped as the S3 API reference documents them (XML bodies with S3's namespace,
//! flattened lists, an attribute in the XML Schema instance namespace, S3's unwrapped error
//! document, a blob payload with its headers). The compliance suite (`protocol/`) checks the
//! protocol's rules case by case; these check them together, on the service that uses them.

use std::io::Read as _;

use shapegen_runtime::ServiceError;
use shapegen_runtime::http::{Request, Response};
use shapegen_tests::s3::operations::{
    CreateBucket, DeleteObjects, GetBucketAcl, GetObject, ListObjectsV2, ListObjectsV2Error, PutBucketTagging,
};
use shapegen_tests::s3::{
    BucketLocationConstraint, CreateBucketConfiguration, CreateBucketRequest, Delete, DeleteObjectsRequest,
    GetBucketAclRequest, GetObjectRequest, ListObjectsV2Request, ObjectIdentifier, ObjectStorageClass, Permission,
    PutBucketTaggingRequest, Tag, Tagging, Type,
};

const ENDPOINT: &str = "https://s3.us-west-2.amazonaws.com";

fn response(status: u16, headers: &[(&str, &str)], body: &str) -> Response<Vec<u8>> {
    let mut builder = Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(body.as_bytes().to_vec()).unwrap()
}

fn body(request: &Request<Vec<u8>>) -> &str {
    std::str::from_utf8(request.body()).unwrap()
}

#[test]
fn list_objects_v2_request_and_response() {
    let input =
        ListObjectsV2Request::builder().bucket("amzn-s3-demo-bucket").prefix("photos/2006/").max_keys(2).build();
    let request = ListObjectsV2::request(&input.unwrap(), ENDPOINT).unwrap();
    assert_eq!(request.method(), "GET");
    assert_eq!(
        request.uri(),
        "https://s3.us-west-2.amazonaws.com/amzn-s3-demo-bucket?list-type=2&max-keys=2&prefix=photos%2F2006%2F"
    );
    assert!(request.body().is_empty());
    assert!(request.headers().get("content-type").is_none());

    let page = r#"<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
    <Name>amzn-s3-demo-bucket</Name>
    <Prefix>photos/2006/</Prefix>
    <NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>
    <KeyCount>2</KeyCount>
    <MaxKeys>2</MaxKeys>
    <IsTruncated>true</IsTruncated>
    <Contents>
        <Key>photos/2006/January/sample.jpg</Key>
        <LastModified>2011-02-26T01:56:20.000Z</LastModified>
        <ETag>&quot;bf1d737a4d46a19f3bced6905cc8b902&quot;</ETag>
        <ChecksumAlgorithm>CRC32</ChecksumAlgorithm>
        <Size>142863</Size>
        <StorageClass>STANDARD</StorageClass>
    </Contents>
    <Contents>
        <Key>photos/2006/February/sample &amp; more.jpg</Key>
        <LastModified>2011-02-26T01:56:21.000Z</LastModified>
        <ETag>"a2c2e5f8b7a3ec3ac4a9bc5fc4e2fa1d"</ETag>
        <Size>0</Size>
        <StorageClass>GLACIER_IR</StorageClass>
        <SomethingNew>skipped</SomethingNew>
    </Contents>
    <CommonPrefixes><Prefix>photos/2006/March/</Prefix></CommonPrefixes>
    <CommonPrefixes><Prefix>photos/2006/April/</Prefix></CommonPrefixes>
</ListBucketResult>"#;
    let output = ListObjectsV2::response(&response(200, &[("x-amz-request-charged", "requester")], page)).unwrap();
    assert_eq!(output.name.as_deref(), Some("amzn-s3-demo-bucket"));
    assert_eq!(output.key_count, Some(2));
    assert_eq!(output.is_truncated, Some(true));
    assert_eq!(output.next_continuation_token.as_deref(), Some("1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM="));
    assert!(output.request_charged.is_some(), "a header-bound member");
    let objects = ListObjectsV2::items(&output);
    assert_eq!(objects.len(), 2, "a flattened list: one <Contents> per object");
    assert_eq!(objects[0].key.as_deref(), Some("photos/2006/January/sample.jpg"));
    assert_eq!(objects[0].e_tag.as_deref(), Some("\"bf1d737a4d46a19f3bced6905cc8b902\""));
    assert_eq!(objects[0].size, Some(142863));
    assert_eq!(objects[0].last_modified, Some("2011-02-26T01:56:20Z".parse().unwrap()));
    assert_eq!(objects[0].checksum_algorithm.as_ref().map(Vec::len), Some(1));
    assert_eq!(objects[0].storage_class, Some(ObjectStorageClass::Standard));
    assert_eq!(objects[1].key.as_deref(), Some("photos/2006/February/sample & more.jpg"));
    assert_eq!(objects[1].size, Some(0));
    assert_eq!(objects[1].storage_class, Some(ObjectStorageClass::GlacierIr));
    // The paginator's second result key has its own accessor.
    let prefixes: Vec<_> =
        ListObjectsV2::items_common_prefixes(&output).iter().map(|prefix| prefix.prefix.as_deref()).collect();
    assert_eq!(prefixes, [Some("photos/2006/March/"), Some("photos/2006/April/")]);

    // The next page asks for the continuation token the page gave.
    let next = ListObjectsV2::next_request(&input_again(), &output).unwrap();
    assert_eq!(next.continuation_token, output.next_continuation_token);
}

fn input_again() -> ListObjectsV2Request {
    ListObjectsV2Request::builder().bucket("amzn-s3-demo-bucket").prefix("photos/2006/").max_keys(2).build().unwrap()
}

#[test]
fn s3_errors_are_unwrapped_error_documents() {
    let body = r#"<?xml version="1.0" encoding="UTF-8"?>
<Error>
  <Code>NoSuchBucket</Code>
  <Message>The specified bucket does not exist</Message>
  <BucketName>amzn-s3-demo-bucket</BucketName>
  <RequestId>4442587FB7D0A2F9</RequestId>
  <HostId>JwD0ZlRwG9eBSdN2O5GxgF1yqmK/ws7uqDgXc4fO9PIcZ3UjIVi2GqAXQ5xv8m/B</HostId>
</Error>"#;
    let error = ListObjectsV2::response(&response(404, &[], body)).unwrap_err();
    assert!(matches!(error, ListObjectsV2Error::NoSuchBucket(_)), "{error:?}");
    assert_eq!(error.code(), Some("NoSuchBucket"));
    assert_eq!(error.status(), Some(404));
    assert_eq!(error.request_id(), Some("4442587FB7D0A2F9"));

    // The wrapped form other rest-xml services send reads the same way.
    let wrapped = "<ErrorResponse><Error><Type>Sender</Type><Code>NoSuchBucket</Code><Message>gone</Message></Error>\
                   <RequestId>r</RequestId></ErrorResponse>";
    let error = ListObjectsV2::response(&response(404, &[], wrapped)).unwrap_err();
    assert!(matches!(error, ListObjectsV2Error::NoSuchBucket(_)), "{error:?}");
    assert_eq!(error.request_id(), Some("r"));

    // A code the model does not list for the operation, and a HEAD-style error without a body.
    let denied = "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>";
    let error = ListObjectsV2::response(&response(403, &[], denied)).unwrap_err();
    assert!(matches!(error, ListObjectsV2Error::Unmodeled(_)), "{error:?}");
    assert_eq!((error.code(), error.message()), (Some("AccessDenied"), Some("Access Denied")));
    // Without a body, the status is the code (as botocore has it), and the operation's one
    // modeled error of that status is the error; the request id comes from the header.
    let error = ListObjectsV2::response(&response(404, &[("x-amz-request-id", "h-1")], "")).unwrap_err();
    assert!(matches!(error, ListObjectsV2Error::NoSuchBucket(_)), "{error:?}");
    assert_eq!((error.code(), error.status(), error.request_id()), (Some("NoSuchBucket"), Some(404), Some("h-1")));
    let error = ListObjectsV2::response(&response(403, &[], "")).unwrap_err();
    assert!(matches!(error, ListObjectsV2Error::Unmodeled(_)), "{error:?}");
    assert_eq!((error.code(), error.status()), (Some("403"), Some(403)));
}

#[test]
fn a_malformed_response_is_an_error_naming_the_place() {
    let body = "<ListBucketResult><Contents><Key>a</Key><Size>big</Size></Contents></ListBucketResult>";
    let error = ListObjectsV2::response(&response(200, &[], body)).unwrap_err();
    assert!(matches!(error, ListObjectsV2Error::Malformed(_)), "{error:?}");
    assert!(error.to_string().contains("ListBucketResult/Contents/Size: invalid integer \"big\""), "{error}");
}

#[test]
fn delete_objects_writes_a_namespaced_document_with_a_flattened_list() {
    let delete = Delete::builder()
        .objects(vec![
            ObjectIdentifier::builder().key("sample1.txt").build().unwrap(),
            ObjectIdentifier::builder().key("a<b>&c").version_id("v2").build().unwrap(),
        ])
        .quiet(true)
        .build()
        .unwrap();
    let input = DeleteObjectsRequest::builder().bucket("amzn-s3-demo-bucket").delete(delete).build().unwrap();
    let request = DeleteObjects::request(&input, ENDPOINT).unwrap();
    assert_eq!(request.method(), "POST");
    assert_eq!(request.uri(), "https://s3.us-west-2.amazonaws.com/amzn-s3-demo-bucket?delete");
    assert_eq!(request.headers()["content-type"], "application/xml");
    // S3 refuses this call without a checksum of the body; the model says so.
    let md5 = request.headers()["content-md5"].to_str().unwrap();
    assert_eq!(md5.len(), 24, "{md5}");
    assert_eq!(
        body(&request),
        concat!(
            r#"<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/">"#,
            "<Object><Key>sample1.txt</Key></Object>",
            "<Object><Key>a&lt;b&gt;&amp;c</Key><VersionId>v2</VersionId></Object>",
            "<Quiet>true</Quiet>",
            "</Delete>"
        )
    );

    let result = r#"<?xml version="1.0" encoding="UTF-8"?>
<DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Deleted><Key>sample1.txt</Key></Deleted>
  <Error><Key>sample2.txt</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error>
</DeleteResult>"#;
    let output = DeleteObjects::response(&response(200, &[], result)).unwrap();
    assert_eq!(output.deleted.unwrap()[0].key.as_deref(), Some("sample1.txt"));
    let errors = output.errors.unwrap();
    assert_eq!(errors[0].code.as_deref(), Some("AccessDenied"), "an <Error> in a success is a member");
}

#[test]
fn put_bucket_tagging_and_create_bucket_write_their_payloads() {
    let tagging = Tagging::builder()
        .tag_set(vec![Tag::builder().key("Project").value("Project One").build().unwrap()])
        .build()
        .unwrap();
    let input = PutBucketTaggingRequest::builder().bucket("b").tagging(tagging).build().unwrap();
    let request = PutBucketTagging::request(&input, ENDPOINT).unwrap();
    assert_eq!(request.method(), "PUT");
    assert_eq!(request.uri(), "https://s3.us-west-2.amazonaws.com/b?tagging");
    assert_eq!(
        body(&request),
        r#"<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet><Tag><Key>Project</Key><Value>Project One</Value></Tag></TagSet></Tagging>"#
    );

    let configuration =
        CreateBucketConfiguration::builder().location_constraint(BucketLocationConstraint::UsWest2).build();
    let input = CreateBucketRequest::builder().bucket("b").create_bucket_configuration(configuration).build();
    let request = CreateBucket::request(&input.unwrap(), ENDPOINT).unwrap();
    assert_eq!(
        body(&request),
        r#"<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><LocationConstraint>us-west-2</LocationConstraint></CreateBucketConfiguration>"#
    );
    // Without a configuration, no body at all.
    let request = CreateBucket::request(&CreateBucketRequest::builder().bucket("b").build().unwrap(), ENDPOINT);
    assert!(request.unwrap().body().is_empty());
}

#[test]
fn get_bucket_acl_reads_the_grantee_type_attribute() {
    let body = r#"<?xml version="1.0" encoding="UTF-8"?>
<AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Owner><ID>75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a</ID></Owner>
  <AccessControlList>
    <Grant>
      <Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser">
        <ID>75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a</ID>
      </Grantee>
      <Permission>FULL_CONTROL</Permission>
    </Grant>
    <Grant>
      <Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group">
        <URI>http://acs.amazonaws.com/groups/global/AllUsers</URI>
      </Grantee>
      <Permission>READ</Permission>
    </Grant>
  </AccessControlList>
</AccessControlPolicy>"#;
    let request = GetBucketAcl::request(&GetBucketAclRequest::builder().bucket("b").build().unwrap(), ENDPOINT);
    assert_eq!(request.unwrap().uri(), "https://s3.us-west-2.amazonaws.com/b?acl");
    let output = GetBucketAcl::response(&response(200, &[], body)).unwrap();
    let grants = output.grants.unwrap();
    assert_eq!(grants.len(), 2);
    let grantee = grants[0].grantee.as_ref().unwrap();
    assert_eq!(grantee.r#type, Type::CanonicalUser);
    assert_eq!(grantee.id.as_deref(), Some("75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a"));
    assert_eq!(grants[0].permission, Some(Permission::FullControl));
    assert_eq!(grants[1].grantee.as_ref().unwrap().r#type, Type::Group);
    assert_eq!(grants[1].permission, Some(Permission::Read));
}

#[test]
fn get_object_reads_the_blob_payload_and_its_headers() {
    let input = GetObjectRequest::builder().bucket("b").key("photos/a b+c.jpg").range("bytes=0-9").build().unwrap();
    let request = GetObject::request(&input, ENDPOINT).unwrap();
    assert_eq!(
        request.uri(),
        "https://s3.us-west-2.amazonaws.com/b/photos/a%20b%2Bc.jpg",
        "a greedy label keeps its /"
    );
    assert_eq!(request.headers()["range"], "bytes=0-9");
    let headers = [
        ("Last-Modified", "Wed, 12 Oct 2009 17:50:00 GMT"),
        ("ETag", "\"fba9dede5f27731c9771645a39863328\""),
        ("Content-Length", "10"),
        ("x-amz-meta-family", "Smith"),
        ("x-amz-meta-Camera", "x100"),
    ];
    let output = GetObject::response(&response(206, &headers, "0123456789")).unwrap();
    // Read in memory, the stream is the body's bytes.
    assert_eq!(output.body.bytes(), Some(&b"0123456789"[..]));
    assert_eq!(output.content_length, Some(10));
    assert_eq!(output.last_modified, Some("2009-10-12T17:50:00Z".parse().unwrap()));
    let metadata = output.metadata.unwrap();
    assert_eq!(metadata.get("family").map(String::as_str), Some("Smith"));
    assert_eq!(metadata.get("camera").map(String::as_str), Some("x100"), "header names read lower case");
}

#[test]
fn a_streaming_payload_is_bytes_in_memory_or_a_stream_for_the_client() {
    use shapegen_runtime::body::Body;
    use shapegen_tests::s3::PutObjectRequest;
    use shapegen_tests::s3::operations::PutObject;

    let put = |body: Body| {
        let input = PutObjectRequest::builder().bucket("b").key("k").body(body).content_type("text/plain").build();
        PutObject::request(&input.unwrap(), ENDPOINT).unwrap()
    };
    // Bytes: the request's body, as any payload.
    let request = put(Body::from("hello"));
    assert_eq!((body(&request), request.headers()["content-length"].to_str().unwrap()), ("hello", "5"));
    assert!(Body::of_request(&request).is_none());
    // A stream: left for the client in the request's extensions, with its length.
    let stream = Body::from_reader(std::io::repeat(b'x').take(1 << 30), Some(1 << 30));
    let request = put(stream.clone());
    assert!(request.body().is_empty());
    assert_eq!(request.headers()["content-length"], "1073741824");
    assert_eq!(request.headers()["content-type"], "text/plain", "the member's header wins over the default type");
    assert_eq!(Body::of_request(&request), Some(&stream));
    // Unset, the body is empty: a PUT of nothing.
    let input = PutObjectRequest::builder().bucket("b").key("k").build().unwrap();
    assert!(input.body.is_empty());
    let request = PutObject::request(&input, ENDPOINT).unwrap();
    assert_eq!(request.headers()["content-length"], "0");

    // A response whose body a client left unread: the output holds the stream.
    let mut response = response(200, &[("Content-Length", "1073741824")], "");
    let arriving = Body::from_reader(std::io::repeat(b'y').take(1 << 30), Some(1 << 30));
    response.extensions_mut().insert(arriving.clone());
    let output = GetObject::response(&response).unwrap();
    assert_eq!(output.body, arriving);
    assert_eq!(output.content_length, Some(1 << 30));
    let mut first = [0; 4];
    output.body.into_reader().unwrap().read_exact(&mut first).unwrap();
    assert_eq!(&first, b"yyyy");
}

#[test]
fn every_form_written_by_a_request_reads_back_from_a_response() {
    use std::collections::HashMap;

    use shapegen_tests::rest_xml::operations::{GetThing, PutSettings, PutThing, PutThingError};
    use shapegen_tests::rest_xml::{Color, Item, Owner, PutSettingsInput, Settings, Thing};

    let when: jiff::Timestamp = "2015-01-25T08:00:00.5Z".parse().unwrap();
    let thing = Thing::builder()
        .name("a/b")
        .version("v1")
        .lang("en<\"&\">")
        .count(-3)
        .ratio(f64::INFINITY)
        .enabled(false)
        .data(b"\x00binary\xff".to_vec())
        .created(when)
        .created_epoch(when)
        .created_http("2015-01-25T08:00:00Z".parse::<jiff::Timestamp>().unwrap())
        .color(Color::Green)
        .tags(vec!["x".to_owned(), String::new(), " y ".to_owned()])
        .items(vec![Item::builder().key("k1").value("<v1>").build(), Item::builder().key("k2").build()])
        .attributes(HashMap::from([("z".to_owned(), "26".to_owned()), ("a".to_owned(), "1 & 2".to_owned())]))
        .flags(HashMap::from([("on".to_owned(), true), ("off".to_owned(), false)]))
        .owner(Owner::builder().id("o-1").kind("CanonicalUser").build())
        .note("n")
        .build()
        .unwrap();
    let request = PutThing::request(&thing, ENDPOINT).unwrap();
    assert_eq!(request.uri(), "https://s3.us-west-2.amazonaws.com/things/a%2Fb?versioned");
    assert_eq!(request.headers()["x-amz-version"], "v1");
    assert!(request.headers().contains_key("content-md5"));
    let written = body(&request);
    assert!(
        written.starts_with(r#"<PutThingRequest xmlns="urn:things" xml:lang="en&lt;&quot;&amp;&quot;&gt;">"#),
        "{written}"
    );
    assert!(written.contains("<Tags><Tag>x</Tag><Tag></Tag><Tag> y </Tag></Tags>"), "{written}");
    assert!(
        written.contains("<Item><Key>k1</Key><Value>&lt;v1&gt;</Value></Item><Item><Key>k2</Key></Item>"),
        "{written}"
    );
    assert!(
        written.contains("<Attributes><entry><Name>a</Name><Text>1 &amp; 2</Text></entry><entry><Name>z</Name>"),
        "{written}"
    );
    assert!(written.contains("<Flag><key>off</key><value>false</value></Flag><Flag><key>on</key>"), "{written}");
    assert!(written.contains(
        r#"<Owner xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>o-1</ID></Owner>"#
    ));
    assert!(written.contains(r#"<Remark xmlns:n="urn:notes">n</Remark>"#), "{written}");
    assert!(
        written.contains(
            "<CreatedEpoch>1422172800.5</CreatedEpoch><CreatedHttp>Sun, 25 Jan 2015 08:00:00 GMT</CreatedHttp>"
        )
    );

    // The same document, as GetThing's response, reads back as the same value.
    let read = GetThing::response(&response(200, &[("x-amz-version", "v1")], written)).unwrap();
    let mut expected = thing.clone();
    expected.name = String::new(); // a URI label: not in the document
    assert_eq!(read, expected);

    // A structure with no value is no body; a payload is its own document.
    let empty = PutThing::request(&Thing::builder().name("n").build().unwrap(), ENDPOINT).unwrap();
    assert!(empty.body().is_empty() && !empty.headers().contains_key("content-type"));
    let settings = Settings::builder().mode("fast").limits(vec![1, 2]).build();
    let input = PutSettingsInput::builder().settings(settings).build();
    let request = PutSettings::request(&input, ENDPOINT).unwrap();
    assert_eq!(
        body(&request),
        r#"<ThingSettings xmlns="urn:things"><Mode>fast</Mode><Limits><member>1</member><member>2</member></Limits></ThingSettings>"#
    );

    // An error with a member bound to a header.
    let conflict = "<ErrorResponse><Error><Code>ThingConflict</Code><Message>held</Message><Holder>h</Holder></Error></ErrorResponse>";
    match PutThing::response(&response(409, &[("Retry-After", "30")], conflict)).unwrap_err() {
        PutThingError::ThingConflict(error) => {
            assert_eq!(
                (error.message.as_deref(), error.holder.as_deref(), error.retry_after),
                (Some("held"), Some("h"), Some(30))
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
#[allow(deprecated)] // The operation and the `Event` member are deprecated: that is the case.
fn a_value_and_a_list_sharing_an_element_both_read_it() {
    use shapegen_tests::s3::operations::GetBucketNotification;

    // S3's deprecated notification configuration holds `Event` (one) and `Events` (a flattened
    // list), both as `<Event>` elements.
    let body = r#"<NotificationConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <TopicConfiguration>
    <Id>n1</Id>
    <Event>s3:ObjectCreated:*</Event>
    <Event>s3:ObjectRemoved:*</Event>
    <Topic>arn:aws:sns:us-east-1:123456789012:t</Topic>
  </TopicConfiguration>
</NotificationConfiguration>"#;
    let output = GetBucketNotification::response(&response(200, &[], body)).unwrap();
    let topic = output.topic_configuration.unwrap();
    assert_eq!(topic.events.as_ref().map(Vec::len), Some(2));
    assert_eq!(topic.event.as_ref().map(|e| e.as_str()), Some("s3:ObjectRemoved:*"), "the last, as botocore reads it");
    assert_eq!(topic.topic.as_deref(), Some("arn:aws:sns:us-east-1:123456789012:t"));
}

#[test]
fn get_bucket_location_reads_a_document_that_is_its_one_member() {
    use shapegen_tests::s3::BucketLocationConstraint;
    use shapegen_tests::s3::operations::GetBucketLocation;

    // S3 answers with the member as the root, not inside an output element.
    let body = r#"<?xml version="1.0" encoding="UTF-8"?>
<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">us-west-2</LocationConstraint>"#;
    let output = GetBucketLocation::response(&response(200, &[], body)).unwrap();
    assert_eq!(output.location_constraint, Some(BucketLocationConstraint::UsWest2));
    // us-east-1 is an empty element: no value, as botocore reads it.
    let body = r#"<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>"#;
    let output = GetBucketLocation::response(&response(200, &[], body)).unwrap();
    assert_eq!(output.location_constraint, None);
    // A document of the output's own element still reads its members.
    let body = "<GetBucketLocationOutput><LocationConstraint>EU</LocationConstraint></GetBucketLocationOutput>";
    let output = GetBucketLocation::response(&response(200, &[], body)).unwrap();
    assert_eq!(output.location_constraint, Some(BucketLocationConstraint::Eu));
}
