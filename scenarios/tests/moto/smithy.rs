//! The same services generated from AWS's Smithy models, not botocore's: their signing names,
//! auth traits, endpoint rule sets and error shapes come from the other format, and the calls
//! behave the same.

use std::collections::HashMap;

use shapegen_client::{Client, Error};
use shapegen_runtime::ServiceError;
use shapegen_scenarios::{smithy_dynamodb as dynamodb, smithy_s3 as s3, smithy_sqs as sqs, smithy_sts as sts};

use super::server::{ACCOUNT, Moto, REGION};

#[test]
fn sqs_in_json_compatible_with_query() {
    let moto = Moto::start();
    let client = moto.client();
    let input = sqs::CreateQueueRequest::builder().queue_name("smithy").build();
    let url = client.send::<sqs::operations::CreateQueue>(&input).expect("CreateQueue").queue_url.expect("a URL");
    let input = sqs::SendMessageRequest::builder().queue_url(&url).message_body("from Smithy").build();
    client.send::<sqs::operations::SendMessage>(&input).expect("SendMessage");
    let input = sqs::ReceiveMessageRequest::builder().queue_url(&url).build();
    let messages = client.send::<sqs::operations::ReceiveMessage>(&input).expect("ReceiveMessage").messages;
    assert_eq!(messages.unwrap_or_default().first().and_then(|m| m.body.as_deref()), Some("from Smithy"));
    let input = sqs::GetQueueUrlRequest::builder().queue_name("missing").build();
    let error = client.send::<sqs::operations::GetQueueUrl>(&input).expect_err("no such queue");
    assert!(
        matches!(&error, Error::Service { error: sqs::operations::GetQueueUrlError::QueueDoesNotExist(_), .. }),
        "{error:?}"
    );
    // The Smithy model gives the query code: the same code either way.
    assert_eq!(error.code(), Some("AWS.SimpleQueueService.NonExistentQueue"));
}

#[test]
fn sts_in_query_with_an_unsigned_operation() {
    let moto = Moto::start();
    let identity = moto.client().send::<sts::operations::GetCallerIdentity>(&sts::GetCallerIdentityRequest::default());
    assert_eq!(identity.expect("GetCallerIdentity").account.as_deref(), Some(ACCOUNT));
    // `@auth([])` in the Smithy model: sent unsigned, by a client without credentials.
    let unsigned = Client::builder().region(REGION).endpoint_url(moto.endpoint()).without_proxy().build();
    let input = sts::AssumeRoleWithWebIdentityRequest::builder()
        .role_arn(format!("arn:aws:iam::{ACCOUNT}:role/smithy"))
        .role_session_name("web")
        .web_identity_token("eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl")
        .build();
    let assumed = unsigned.send::<sts::operations::AssumeRoleWithWebIdentity>(&input).expect("unsigned");
    assert!(assumed.credentials.is_some());
}

#[test]
fn s3_in_rest_xml() {
    let moto = Moto::start();
    let client = moto.client();
    let input = s3::CreateBucketRequest::builder().bucket("smithy-bucket").build();
    client.send::<s3::operations::CreateBucket>(&input).expect("CreateBucket");
    let key = "dir/ü+%20 .txt";
    let input = s3::PutObjectRequest::builder().bucket("smithy-bucket").key(key).body(b"smithy".to_vec()).build();
    client.send::<s3::operations::PutObject>(&input).expect("PutObject");
    let input = s3::GetObjectRequest::builder().bucket("smithy-bucket").key(key).build();
    let object = client.send::<s3::operations::GetObject>(&input).expect("GetObject");
    assert_eq!(shapegen_client::body::read_to_vec(object.body, 1 << 20).expect("the body"), b"smithy");
    let input = s3::ListObjectsV2Request::builder().bucket("smithy-bucket").build();
    // The Smithy model's paginator names no items: its pages, then.
    let pages = client.pages::<s3::operations::ListObjectsV2>(input).collect::<Result<Vec<_>, _>>().expect("pages");
    let keys: Vec<_> = pages.into_iter().flat_map(|page| page.contents.unwrap_or_default()).map(|o| o.key).collect();
    assert_eq!(keys, [Some(key.to_owned())]);
    // A 404 without a body: the Smithy model's error of that status, `NotFound`.
    let input = s3::HeadObjectRequest::builder().bucket("smithy-bucket").key("missing").build();
    let error = client.send::<s3::operations::HeadObject>(&input).expect_err("no such key");
    assert!(matches!(&error, Error::Service { error: s3::operations::HeadObjectError::NotFound(_), .. }), "{error:?}");
    assert_eq!(error.service_error().and_then(ServiceError::status), Some(404));
}

/// A pay-per-request table of `name` keyed by the string `key`.
fn table(name: &str, key: &str) -> dynamodb::CreateTableInput {
    dynamodb::CreateTableInput::builder()
        .table_name(name)
        .attribute_definitions(vec![
            dynamodb::AttributeDefinition::builder()
                .attribute_name(key)
                .attribute_type(dynamodb::ScalarAttributeType::S)
                .build()
                .unwrap(),
        ])
        .key_schema(vec![
            dynamodb::KeySchemaElement::builder()
                .attribute_name(key)
                .key_type(dynamodb::KeyType::Hash)
                .build()
                .unwrap(),
        ])
        .billing_mode(dynamodb::BillingMode::PayPerRequest)
        .build()
}

#[test]
fn dynamodb_in_json_with_a_union() {
    let moto = Moto::start();
    let client = moto.client();
    client.send::<dynamodb::operations::CreateTable>(&table("smithy", "id")).expect("CreateTable");
    let item = HashMap::from([
        ("id".to_owned(), dynamodb::AttributeValue::S("a".to_owned())),
        ("n".to_owned(), dynamodb::AttributeValue::N("42".to_owned())),
    ]);
    let input = dynamodb::PutItemInput::builder().table_name("smithy").item(item.clone()).build();
    client.send::<dynamodb::operations::PutItem>(&input).expect("PutItem");
    let key = HashMap::from([("id".to_owned(), dynamodb::AttributeValue::S("a".to_owned()))]);
    let input = dynamodb::GetItemInput::builder().table_name("smithy").key(key).build();
    assert_eq!(client.send::<dynamodb::operations::GetItem>(&input).expect("GetItem").item, Some(item.clone()));
    let input = dynamodb::PutItemInput::builder()
        .table_name("smithy")
        .item(item)
        .condition_expression("attribute_not_exists(id)")
        .build();
    let error = client.send::<dynamodb::operations::PutItem>(&input).expect_err("the condition fails");
    assert!(
        matches!(
            &error,
            Error::Service { error: dynamodb::operations::PutItemError::ConditionalCheckFailedException(_), .. }
        ),
        "{error:?}"
    );
}

/// Waiters from Smithy's `@waitable`: Kinesis's `StreamExists` with the async client, and
/// DynamoDB's `TableExists` and `TableNotExists`, generated from the Smithy models.
#[test]
fn waiters_from_smithy_models() {
    use shapegen_runtime::waiter::Waiter;
    use shapegen_scenarios::smithy_kinesis as kinesis;
    use std::time::Duration;
    let quick = super::waiters::quick(Duration::from_secs(10));
    let moto = Moto::start();

    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let streams = moto.builder().build_async();
    let described = runtime.block_on(async {
        let input = kinesis::CreateStreamInput::builder().stream_name("events").shard_count(1).build();
        streams.send::<kinesis::operations::CreateStream>(&input).await.expect("CreateStream");
        let input = kinesis::DescribeStreamInput::builder().stream_name("events").build();
        streams.wait_with::<kinesis::waiters::StreamExists>(&input, quick).await
    });
    let described = described.expect("the stream is active").last.expect("its description");
    assert_eq!(described.stream_description.stream_status.as_str(), "ACTIVE");
    assert_eq!(kinesis::waiters::StreamExists::MIN_DELAY, Duration::from_secs(10));

    let client = moto.client();
    client.send::<dynamodb::operations::CreateTable>(&table("smithy-waited", "pk")).expect("CreateTable");
    let describe = dynamodb::DescribeTableInput::builder().table_name("smithy-waited").build();
    client.wait_with::<dynamodb::waiters::TableExists>(&describe, quick).expect("the table exists");
    let input = dynamodb::DeleteTableInput::builder().table_name("smithy-waited").build();
    client.send::<dynamodb::operations::DeleteTable>(&input).expect("DeleteTable");
    let gone = client.wait_with::<dynamodb::waiters::TableNotExists>(&describe, quick).expect("the table is gone");
    assert!(gone.last.is_err());
}
