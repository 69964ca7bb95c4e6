//! Calls S3 (`ListBuckets`, `PutObject`, `GetObject`), DynamoDB (`PutItem`, `GetItem`) and SQS
//! (`SendMessage`, `ReceiveMessage`) once each with shapegen-client, and prints a line per
//! call. The endpoint URL, region and keys are read from the environment as the AWS CLI reads
//! them (`AWS_ENDPOINT_URL`, `AWS_REGION`, `AWS_ACCESS_KEY_ID`, ...). The bucket, table and
//! queue are created first when they do not exist. The same program as `calls-sdk`.

use std::collections::HashMap;

use calls_shapegen::{dynamodb, s3, sqs};
use shapegen_client::{Client, Error};

const BUCKET: &str = "peers-calls";
const KEY: &str = "hello.txt";
const TABLE: &str = "peers-calls";
const QUEUE: &str = "peers-calls";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;

    // What the calls need: the bucket, the table and the queue.
    let input = s3::CreateBucketRequest::builder().bucket(BUCKET).build()?;
    match client.send::<s3::operations::CreateBucket>(&input) {
        Ok(_) => println!("setup: bucket {BUCKET}"),
        Err(Error::Service { error: s3::operations::CreateBucketError::BucketAlreadyOwnedByYou(_), .. }) => {
            println!("setup: bucket {BUCKET} (it existed)")
        }
        Err(error) => return Err(error.into()),
    }
    let input = dynamodb::CreateTableInput::builder()
        .table_name(TABLE)
        .attribute_definitions(vec![
            dynamodb::AttributeDefinition::builder()
                .attribute_name("id")
                .attribute_type(dynamodb::ScalarAttributeType::S)
                .build()?,
        ])
        .key_schema(vec![
            dynamodb::KeySchemaElement::builder().attribute_name("id").key_type(dynamodb::KeyType::Hash).build()?,
        ])
        .billing_mode(dynamodb::BillingMode::PayPerRequest)
        .build()?;
    match client.send::<dynamodb::operations::CreateTable>(&input) {
        Ok(_) => println!("setup: table {TABLE}"),
        Err(Error::Service { error: dynamodb::operations::CreateTableError::ResourceInUseException(_), .. }) => {
            println!("setup: table {TABLE} (it existed)")
        }
        Err(error) => return Err(error.into()),
    }
    let input = sqs::CreateQueueRequest::builder().queue_name(QUEUE).build()?;
    let queue_url = client.send::<sqs::operations::CreateQueue>(&input)?.queue_url.ok_or("no queue URL")?;
    println!("setup: queue {queue_url}");

    // S3.
    let buckets = client.send::<s3::operations::ListBuckets>(&s3::ListBucketsRequest::default())?;
    println!("s3 ListBuckets: {} buckets", buckets.buckets.map_or(0, |buckets| buckets.len()));
    let input = s3::PutObjectRequest::builder()
        .bucket(BUCKET)
        .key(KEY)
        .body(b"hello from shapegen".to_vec())
        .content_type("text/plain")
        .build()?;
    let put = client.send::<s3::operations::PutObject>(&input)?;
    println!("s3 PutObject: ETag {}", put.e_tag.unwrap_or_default());
    let input = s3::GetObjectRequest::builder().bucket(BUCKET).key(KEY).build()?;
    let got = client.send::<s3::operations::GetObject>(&input)?;
    // The object's body is a stream, read here as it arrives.
    let body = shapegen_client::body::read_to_vec(got.body, 1 << 20)?;
    println!("s3 GetObject: {:?}", String::from_utf8_lossy(&body));

    // DynamoDB.
    let item = HashMap::from([
        ("id".to_owned(), dynamodb::AttributeValue::builder().s("a").build()),
        ("greeting".to_owned(), dynamodb::AttributeValue::builder().s("hello").build()),
    ]);
    let input = dynamodb::PutItemInput::builder().table_name(TABLE).item(item).build()?;
    client.send::<dynamodb::operations::PutItem>(&input)?;
    println!("dynamodb PutItem: done");
    let key = HashMap::from([("id".to_owned(), dynamodb::AttributeValue::builder().s("a").build())]);
    let input = dynamodb::GetItemInput::builder().table_name(TABLE).key(key).build()?;
    let got = client.send::<dynamodb::operations::GetItem>(&input)?;
    let greeting = got.item.as_ref().and_then(|item| item.get("greeting")).and_then(|value| value.s.as_deref());
    println!("dynamodb GetItem: greeting {greeting:?}");

    // SQS.
    let input = sqs::SendMessageRequest::builder().queue_url(&queue_url).message_body("hello").build()?;
    let sent = client.send::<sqs::operations::SendMessage>(&input)?;
    println!("sqs SendMessage: id {}", sent.message_id.unwrap_or_default());
    let input = sqs::ReceiveMessageRequest::builder().queue_url(&queue_url).max_number_of_messages(1).build()?;
    let received = client.send::<sqs::operations::ReceiveMessage>(&input)?;
    let messages = received.messages.unwrap_or_default();
    let body = messages.first().and_then(|message| message.body.as_deref());
    println!("sqs ReceiveMessage: {} messages, first {body:?}", messages.len());
    Ok(())
}
