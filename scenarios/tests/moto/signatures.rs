//! Signatures checked: moto's server with IAM authentication on (`INITIAL_NO_AUTH_ACTION_COUNT`)
//! recomputes each request's SigV4 signature with botocore's signer for the access key it
//! names, and refuses a request whose signature differs. After three unauthenticated calls
//! that make a user, its policy and its access key, every call is signed with that key:
//! S3's keys that need encoding, and a service of each other protocol.

use shapegen_client::credentials::Credentials;
use shapegen_client::{Client, Error};
use shapegen_scenarios::s3::operations::{CreateBucket, GetObject, ListObjectsV2, PutObject};
use shapegen_scenarios::s3::{CreateBucketRequest, GetObjectRequest, ListObjectsV2Request, PutObjectRequest};
use shapegen_scenarios::{dynamodb, ec2, kms, sqs, sts};

use super::server::{Moto, REGION};

/// Keys that need encoding in a path: spaces, `+`, `%`, `=`, `~`, non-ASCII, `.` segments.
const KEYS: &[&str] = &["plain.txt", "dir/with space.txt", "ü+%20=~!*'().txt", "a/./b/../c", "x//y"];

/// A client of moto's server signing with `credentials`.
fn signing(moto: &Moto, credentials: Credentials) -> Client {
    Client::builder()
        .region(REGION)
        .endpoint_url(moto.endpoint())
        .credentials(credentials)
        .max_attempts(1)
        .without_proxy()
        .build()
}

#[test]
fn every_protocol_passes_the_servers_signature_check() {
    let moto = Moto::start_with(&[("INITIAL_NO_AUTH_ACTION_COUNT", "3")]);
    let key = moto.user_with_key("signer");
    let client = signing(&moto, Credentials::new(key.access_key_id.clone(), key.secret_access_key.clone()));

    client
        .send::<CreateBucket>(&CreateBucketRequest::builder().bucket("signed").build().unwrap())
        .expect("CreateBucket");
    for key in KEYS {
        let input =
            PutObjectRequest::builder().bucket("signed").key(*key).body(key.as_bytes().to_vec()).build().unwrap();
        client.send::<PutObject>(&input).unwrap_or_else(|error| panic!("PutObject {key:?}: {error}"));
        let input = GetObjectRequest::builder().bucket("signed").key(*key).build().unwrap();
        let object = client.send::<GetObject>(&input).unwrap_or_else(|error| panic!("GetObject {key:?}: {error}"));
        assert_eq!(shapegen_client::body::read_to_vec(object.body, 1 << 20).expect("the body"), key.as_bytes());
    }
    let input = ListObjectsV2Request::builder().bucket("signed").prefix("ü+").build().unwrap();
    assert_eq!(client.items::<ListObjectsV2>(input).count(), 1);

    client.send::<dynamodb::operations::ListTables>(&dynamodb::ListTablesInput::default()).expect("DynamoDB");
    client.send::<sqs::operations::ListQueues>(&sqs::ListQueuesRequest::default()).expect("SQS");
    client.send::<kms::operations::ListKeys>(&kms::ListKeysRequest::default()).expect("KMS");
    client.send::<ec2::operations::DescribeRegions>(&ec2::DescribeRegionsRequest::default()).expect("EC2");
    let identity =
        client.send::<sts::operations::GetCallerIdentity>(&sts::GetCallerIdentityRequest::default()).expect("STS");
    assert!(identity.arn.is_some_and(|arn| arn.ends_with(":user/signer")));

    // The wrong secret: refused, and not retried.
    let wrong = signing(&moto, Credentials::new(key.access_key_id, "not-the-secret"));
    let error = wrong.send::<sqs::operations::ListQueues>(&sqs::ListQueuesRequest::default()).expect_err("refused");
    assert!(matches!(&error, Error::Service { .. }), "{error:?}");
    assert_eq!(error.status(), Some(403), "{error:?}");
    let error = wrong
        .send::<ListObjectsV2>(&ListObjectsV2Request::builder().bucket("signed").build().unwrap())
        .expect_err("refused");
    assert_eq!((error.code(), error.status()), (Some("SignatureDoesNotMatch"), Some(403)), "{error:?}");
}
