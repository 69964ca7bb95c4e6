//! The async client against the emulator: S3 and DynamoDB calls awaited, many at once, on a
//! multi-threaded tokio runtime.

use std::collections::HashMap;

use shapegen_client::Error;
use shapegen_scenarios::dynamodb::operations::{CreateTable, GetItem, PutItem};
use shapegen_scenarios::dynamodb::{
    AttributeDefinition, AttributeValue, BillingMode, CreateTableInput, GetItemInput, KeySchemaElement, KeyType,
    PutItemInput, ScalarAttributeType,
};
use shapegen_scenarios::s3::operations::{CreateBucket, GetObject, GetObjectError, ListObjectsV2, PutObject};
use shapegen_scenarios::s3::{CreateBucketRequest, GetObjectRequest, ListObjectsV2Request, PutObjectRequest};

use super::server::Moto;

#[test]
fn calls_awaited_many_at_once() {
    let moto = Moto::start();
    let client = moto.builder().build_async();
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    runtime.block_on(async {
        let bucket = CreateBucketRequest::builder().bucket("async-bucket").build().unwrap();
        client.send::<CreateBucket>(&bucket).await.expect("CreateBucket");
        // Twenty objects put at once, each its own task.
        let puts: Vec<_> = (0..20)
            .map(|i| {
                let client = client.clone();
                tokio::spawn(async move {
                    let input = PutObjectRequest::builder()
                        .bucket("async-bucket")
                        .key(format!("object-{i:02}"))
                        .body(format!("body {i}").into_bytes())
                        .build()
                        .unwrap();
                    client.send::<PutObject>(&input).await.map(|_| ())
                })
            })
            .collect();
        for put in puts {
            put.await.expect("the task").expect("PutObject");
        }
        let input = ListObjectsV2Request::builder().bucket("async-bucket").max_keys(7).build().unwrap();
        let mut items = client.items::<ListObjectsV2>(input);
        let mut keys = Vec::new();
        while let Some(object) = items.next().await {
            keys.push(object.expect("an object").key.unwrap_or_default());
        }
        assert_eq!(keys, (0..20).map(|i| format!("object-{i:02}")).collect::<Vec<_>>());
        let input = GetObjectRequest::builder().bucket("async-bucket").key("object-07").build().unwrap();
        let object = client.send::<GetObject>(&input).await.expect("GetObject");
        assert_eq!(shapegen_client::body::collect(object.body, 1 << 20).await.expect("the body"), b"body 7");
        let input = GetObjectRequest::builder().bucket("async-bucket").key("missing").build().unwrap();
        let error = client.send::<GetObject>(&input).await.expect_err("no such key");
        assert!(matches!(&error, Error::Service { error: GetObjectError::NoSuchKey(_), .. }), "{error:?}");

        let table = CreateTableInput::builder()
            .table_name("async")
            .attribute_definitions(vec![
                AttributeDefinition::builder()
                    .attribute_name("id")
                    .attribute_type(ScalarAttributeType::S)
                    .build()
                    .unwrap(),
            ])
            .key_schema(vec![KeySchemaElement::builder().attribute_name("id").key_type(KeyType::Hash).build().unwrap()])
            .billing_mode(BillingMode::PayPerRequest)
            .build()
            .unwrap();
        client.send::<CreateTable>(&table).await.expect("CreateTable");
        let key = HashMap::from([("id".to_owned(), AttributeValue::builder().s("a").build())]);
        let input = PutItemInput::builder().table_name("async").item(key.clone()).build().unwrap();
        client.send::<PutItem>(&input).await.expect("PutItem");
        let input = GetItemInput::builder().table_name("async").key(key.clone()).build().unwrap();
        assert_eq!(client.send::<GetItem>(&input).await.expect("GetItem").item, Some(key));
    });
}
