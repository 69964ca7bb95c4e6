//! Waiters generated from botocore's `waiters-2.json`, driven by the client against moto: EC2's
//! `InstanceRunning` after `RunInstances` (and its failure acceptor once the instance is
//! terminated), DynamoDB's `TableExists` and `TableNotExists` (an error that ends the wait in
//! success), S3's `ObjectExists` retrying on 404 until another thread puts the object, and a
//! wait that runs out of time. The delays are cut to milliseconds.

use std::time::Duration;

use shapegen_client::wait::{WaitConfig, WaitError};
use shapegen_scenarios::dynamodb::operations::{CreateTable, DeleteTable};
use shapegen_scenarios::dynamodb::waiters::{TableExists, TableNotExists};
use shapegen_scenarios::dynamodb::{
    AttributeDefinition, BillingMode, CreateTableInput, DeleteTableInput, DescribeTableInput, KeySchemaElement,
    KeyType, ScalarAttributeType,
};
use shapegen_scenarios::ec2::operations::{RunInstances, TerminateInstances};
use shapegen_scenarios::ec2::waiters::{InstanceRunning, InstanceTerminated};
use shapegen_scenarios::ec2::{DescribeInstancesRequest, InstanceType, RunInstancesRequest, TerminateInstancesRequest};
use shapegen_scenarios::s3::operations::{CreateBucket, PutObject};
use shapegen_scenarios::s3::waiters::ObjectExists;
use shapegen_scenarios::s3::{CreateBucketRequest, HeadObjectRequest, PutObjectRequest};

use super::server::Moto;

/// Polls every 50 to 100 ms, for at most `max_wait`.
pub(crate) fn quick(max_wait: Duration) -> WaitConfig {
    WaitConfig::default().delays(Duration::from_millis(50), Duration::from_millis(100)).max_wait(max_wait)
}

#[test]
fn ec2_instance_running_then_a_failure_acceptor() {
    let moto = Moto::start();
    let client = moto.client();
    let input = RunInstancesRequest::builder()
        .image_id("ami-12c6146b")
        .min_count(1)
        .max_count(1)
        .instance_type(InstanceType::T3Micro);
    let reservation = client.send::<RunInstances>(&input.build().unwrap()).expect("RunInstances");
    let id = reservation.instances.unwrap_or_default().remove(0).instance_id.expect("an instance id");
    let describe = DescribeInstancesRequest::builder().instance_ids(vec![id.clone()]).build();

    let waited = client.wait_with::<InstanceRunning>(&describe, quick(Duration::from_secs(10))).expect("running");
    // Acceptor 0: every instance's state is `running`.
    assert_eq!(waited.acceptor, 0);
    let output = waited.last.expect("the last output");
    let reservations = output.reservations.unwrap_or_default();
    let state = reservations[0].instances.as_ref().unwrap()[0].state.as_ref().and_then(|state| state.name.as_ref());
    assert_eq!(state.map(|name| name.as_str()), Some("running"));

    let input = TerminateInstancesRequest::builder().instance_ids(vec![id]).build().unwrap();
    client.send::<TerminateInstances>(&input).expect("TerminateInstances");
    client.wait_with::<InstanceTerminated>(&describe, quick(Duration::from_secs(10))).expect("terminated");
    // Waiting for a terminated instance to run: acceptor 2, `terminated`, is a failure.
    match client.wait_with::<InstanceRunning>(&describe, quick(Duration::from_secs(10))) {
        Err(WaitError::Failure { waiter, acceptor, attempts, last }) => {
            assert_eq!((waiter, acceptor, attempts), ("InstanceRunning", 2, 1));
            assert!(last.is_ok());
        }
        other => panic!("not a failure: {other:?}"),
    }
}

#[test]
fn dynamodb_table_exists_and_then_does_not() {
    let moto = Moto::start();
    let client = moto.client();
    let input = CreateTableInput::builder()
        .table_name("waited")
        .attribute_definitions(vec![
            AttributeDefinition::builder().attribute_name("pk").attribute_type(ScalarAttributeType::S).build().unwrap(),
        ])
        .key_schema(vec![KeySchemaElement::builder().attribute_name("pk").key_type(KeyType::Hash).build().unwrap()])
        .billing_mode(BillingMode::PayPerRequest)
        .build()
        .unwrap();
    client.send::<CreateTable>(&input).expect("CreateTable");
    let describe = DescribeTableInput::builder().table_name("waited").build().unwrap();
    let waited = client.wait_with::<TableExists>(&describe, quick(Duration::from_secs(10))).expect("the table");
    let table = waited.last.expect("the output").table.expect("the table");
    assert_eq!(table.table_status.as_ref().map(|status| status.as_str()), Some("ACTIVE"));

    client
        .send::<DeleteTable>(&DeleteTableInput::builder().table_name("waited").build().unwrap())
        .expect("DeleteTable");
    // Success is the error ResourceNotFoundException.
    let gone = client.wait_with::<TableNotExists>(&describe, quick(Duration::from_secs(10))).expect("no table");
    let error = gone.last.expect_err("an error ended the wait");
    assert_eq!(error.code(), Some("ResourceNotFoundException"));
}

#[test]
fn s3_object_exists_retries_on_404_until_it_does() {
    let moto = Moto::start();
    let client = moto.client();
    client
        .send::<CreateBucket>(&CreateBucketRequest::builder().bucket("waits").build().unwrap())
        .expect("CreateBucket");
    let head = HeadObjectRequest::builder().bucket("waits").key("late.txt").build().unwrap();
    let putter = {
        let client = client.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(400));
            let input = PutObjectRequest::builder().bucket("waits").key("late.txt").body(b"late".to_vec()).build();
            client.send::<PutObject>(&input.unwrap()).expect("PutObject");
        })
    };
    let waited = client.wait_with::<ObjectExists>(&head, quick(Duration::from_secs(10))).expect("the object");
    putter.join().unwrap();
    // Polled while it was missing (404: retry), then found (200: success).
    assert!(waited.attempts > 1, "{} attempts", waited.attempts);
    assert_eq!(waited.last.expect("the output").content_length, Some(4));
}

#[test]
fn a_wait_that_runs_out_of_time() {
    let moto = Moto::start();
    let client = moto.client();
    client
        .send::<CreateBucket>(&CreateBucketRequest::builder().bucket("never").build().unwrap())
        .expect("CreateBucket");
    let head = HeadObjectRequest::builder().bucket("never").key("missing.txt").build().unwrap();
    let started = std::time::Instant::now();
    let Err(error) = client.wait_with::<ObjectExists>(&head, quick(Duration::from_millis(600))) else {
        panic!("the object exists");
    };
    assert!(error.to_string().starts_with("waiter ObjectExists: not done after"), "{error}");
    let WaitError::Timeout { waiter, attempts, elapsed, last } = error else { panic!("not a timeout: {error}") };
    assert_eq!(waiter, "ObjectExists");
    // Polled for 600 ms, 50 to 100 ms apart: several times, and the last one a 404.
    assert!(attempts > 2 && elapsed >= Duration::from_millis(500), "{attempts} attempts in {elapsed:?}");
    assert_eq!(last.expect_err("a 404").status(), Some(404));
    assert!(started.elapsed() < Duration::from_secs(5));
}
