//! Calls S3 (`ListBuckets`, `PutObject`, `GetObject`), DynamoDB (`PutItem`, `GetItem`) and SQS
//! (`SendMessage`, `ReceiveMessage`) once each with the AWS SDK for Rust, and prints a line per
//! call. The endpoint URL, region and keys are read from the environment by `aws-config`
//! (`AWS_ENDPOINT_URL`, `AWS_REGION`, `AWS_ACCESS_KEY_ID`, ...). The bucket, table and queue
//! are created first when they do not exist. The same program as `calls-shapegen`.

use aws_config::BehaviorVersion;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, KeySchemaElement, KeyType, ScalarAttributeType,
};
use aws_sdk_s3::primitives::ByteStream;

const BUCKET: &str = "peers-calls";
const KEY: &str = "hello.txt";
const TABLE: &str = "peers-calls";
const QUEUE: &str = "peers-calls";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    tokio::runtime::Builder::new_current_thread().enable_all().build()?.block_on(run())
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let config = aws_config::load_defaults(BehaviorVersion::latest()).await;
    let s3 = aws_sdk_s3::Client::new(&config);
    let dynamodb = aws_sdk_dynamodb::Client::new(&config);
    let sqs = aws_sdk_sqs::Client::new(&config);

    // What the calls need: the bucket, the table and the queue.
    match s3.create_bucket().bucket(BUCKET).send().await {
        Ok(_) => println!("setup: bucket {BUCKET}"),
        Err(error) if error.as_service_error().is_some_and(|e| e.is_bucket_already_owned_by_you()) => {
            println!("setup: bucket {BUCKET} (it existed)")
        }
        Err(error) => return Err(error.into()),
    }
    let created = dynamodb
        .create_table()
        .table_name(TABLE)
        .attribute_definitions(
            AttributeDefinition::builder().attribute_name("id").attribute_type(ScalarAttributeType::S).build()?,
        )
        .key_schema(KeySchemaElement::builder().attribute_name("id").key_type(KeyType::Hash).build()?)
        .billing_mode(BillingMode::PayPerRequest)
        .send()
        .await;
    match created {
        Ok(_) => println!("setup: table {TABLE}"),
        Err(error) if error.as_service_error().is_some_and(|e| e.is_resource_in_use_exception()) => {
            println!("setup: table {TABLE} (it existed)")
        }
        Err(error) => return Err(error.into()),
    }
    let queue_url = sqs.create_queue().queue_name(QUEUE).send().await?.queue_url.ok_or("no queue URL")?;
    println!("setup: queue {queue_url}");

    // S3.
    let buckets = s3.list_buckets().send().await?;
    println!("s3 ListBuckets: {} buckets", buckets.buckets().len());
    let put = s3
        .put_object()
        .bucket(BUCKET)
        .key(KEY)
        .body(ByteStream::from_static(b"hello from the SDK"))
        .content_type("text/plain")
        .send()
        .await?;
    println!("s3 PutObject: ETag {}", put.e_tag().unwrap_or_default());
    let got = s3.get_object().bucket(BUCKET).key(KEY).send().await?;
    let body = got.body.collect().await?.into_bytes();
    println!("s3 GetObject: {:?}", String::from_utf8_lossy(&body));

    // DynamoDB.
    dynamodb
        .put_item()
        .table_name(TABLE)
        .item("id", AttributeValue::S("a".to_owned()))
        .item("greeting", AttributeValue::S("hello".to_owned()))
        .send()
        .await?;
    println!("dynamodb PutItem: done");
    let got = dynamodb.get_item().table_name(TABLE).key("id", AttributeValue::S("a".to_owned())).send().await?;
    let greeting = got.item().and_then(|item| item.get("greeting")).and_then(|value| value.as_s().ok());
    println!("dynamodb GetItem: greeting {greeting:?}");

    // SQS.
    let sent = sqs.send_message().queue_url(&queue_url).message_body("hello").send().await?;
    println!("sqs SendMessage: id {}", sent.message_id().unwrap_or_default());
    let received = sqs.receive_message().queue_url(&queue_url).max_number_of_messages(1).send().await?;
    let messages = received.messages();
    let body = messages.first().and_then(|message| message.body());
    println!("sqs ReceiveMessage: {} messages, first {body:?}", messages.len());
    Ok(())
}
