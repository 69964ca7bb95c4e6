//! The client against moto's AWS emulator: a scenario for each of nine services, each in its
//! own protocol (S3's `rest-xml`, DynamoDB's and SQS's `json` 1.0, KMS's `json` 1.1,
//! GuardDuty's `rest-json`, STS's, IAM's and SNS's `query`, EC2's `ec2`), errors included.
//!
//! Each test starts its own moto server on a free port of `127.0.0.1` and stops it when done
//! ([`server::Moto`]). moto is installed by the first test that needs it, into the target
//! folder, from the Python package index with `pip`; when it cannot be, the tests fail and
//! say why.

mod server;

mod asynchronous;
mod credentials;
mod dynamodb;
mod ec2;
mod guardduty;
mod iam;
mod kms;
mod s3;
mod signatures;
mod smithy;
mod sns;
mod sqs;
mod sts;
mod waiters;
