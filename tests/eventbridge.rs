//! GuardDuty findings as EventBridge delivers them: the `detail` of a "GuardDuty Finding" event
//! is a `Finding`, but a timestamp member may arrive in another format than the model's. The
//! fixture's bucket `createdAt` is an ISO 8601 string where the model says epoch seconds: it
//! must read, and be written back as epoch seconds.

use guardduty_types::{Finding, Resource, S3BucketDetail};
use jiff::Timestamp;
use serde_json::{Value, json};

const EVENT: &str = include_str!("fixtures/eventbridge/guardduty-finding.json");

/// The instant of the bucket's creation in the fixture, and the same as epoch seconds.
const BUCKET_CREATED: &str = "2017-12-18T15:58:11Z";
const BUCKET_CREATED_EPOCH: i64 = 1513612691;

fn event() -> Value {
    serde_json::from_str(EVENT).expect("the fixture is JSON")
}

/// Reads a JSON value as `T` the way a body is read: from bytes, with errors naming the path.
fn read<T: serde::de::DeserializeOwned>(value: &Value) -> Result<T, guardduty_types::json::Error> {
    let body = serde_json::to_vec(value).unwrap();
    guardduty_types::json::from_slice(&body)
}

#[test]
fn event_detail_reads_as_a_finding() {
    let event = event();
    assert_eq!(event["detail-type"], "GuardDuty Finding");
    assert_eq!(event["source"], "aws.guardduty");
    let finding: Finding = read(&event["detail"]).unwrap_or_else(|err| panic!("{err}"));

    assert_eq!(finding.schema_version, "2.0");
    assert_eq!(finding.account_id, "123456789012");
    assert_eq!(finding.region, "us-east-1");
    assert_eq!(finding.id, "b6ba1c7e5f3d4a2e8c9f0a1b2c3d4e5f");
    assert_eq!(
        finding.arn,
        "arn:aws:guardduty:us-east-1:123456789012:detector/3ebd2f6a9c8e4b1d7f0a5c2e8b4d6f1a/finding/b6ba1c7e5f3d4a2e8c9f0a1b2c3d4e5f"
    );
    assert_eq!(finding.r#type, "Discovery:S3/MaliciousIPCaller");
    assert_eq!(finding.severity, 8.0);
    // The finding's own times are strings in the model, and stay as sent.
    assert_eq!(finding.created_at, "2020-09-03T14:21:05.512Z");
    assert_eq!(finding.updated_at, "2020-09-03T14:21:05.512Z");

    let resource = &finding.resource;
    assert_eq!(resource.resource_type.as_deref(), Some("S3Bucket"));
    let key = resource.access_key_details.as_ref().expect("accessKeyDetails");
    assert_eq!(key.access_key_id.as_deref(), Some("ASIAZ3EXAMPLE7KQ2XPM"));
    assert_eq!(key.user_type.as_deref(), Some("AssumedRole"));
    let buckets = resource.s3_bucket_details.as_deref().expect("s3BucketDetails");
    assert_eq!(buckets.len(), 1);
    let bucket = &buckets[0];
    assert_eq!(bucket.name.as_deref(), Some("example-finance-reports"));
    assert_eq!(bucket.created_at, Some(BUCKET_CREATED.parse::<Timestamp>().unwrap()));
    let public = bucket.public_access.as_ref().and_then(|p| p.effective_permission.as_deref());
    assert_eq!(public, Some("NOT_PUBLIC"));

    let service = finding.service.as_ref().expect("service");
    assert_eq!(service.detector_id.as_deref(), Some("3ebd2f6a9c8e4b1d7f0a5c2e8b4d6f1a"));
    assert_eq!((service.count, service.archived), (Some(4), Some(false)));
    let action = service.action.as_ref().expect("action");
    assert_eq!(action.action_type.as_deref(), Some("AWS_API_CALL"));
    let call = action.aws_api_call_action.as_ref().expect("awsApiCallAction");
    assert_eq!(call.api.as_deref(), Some("ListObjects"));
    assert_eq!(call.error_code.as_deref(), Some("AccessDenied"));
    let remote = call.remote_ip_details.as_ref().expect("remoteIpDetails");
    assert_eq!(remote.ip_address_v4.as_deref(), Some("198.51.100.23"));
    assert_eq!(remote.country.as_ref().and_then(|c| c.country_code.as_deref()), Some("NL"));
    assert_eq!(remote.geo_location.as_ref().and_then(|g| g.lat), Some(52.3759));
}

/// Written back, the bucket's creation time is epoch seconds, the model's format; every other
/// member keeps its value.
#[test]
fn finding_writes_back_in_the_models_formats() {
    let mut detail = event()["detail"].take();
    let finding: Finding = read(&detail).unwrap();
    let written = serde_json::to_value(&finding).unwrap();

    let created_at = &written["resource"]["s3BucketDetails"][0]["createdAt"];
    assert!(created_at.is_number(), "{created_at}");
    assert_eq!(*created_at, json!(BUCKET_CREATED_EPOCH));
    assert_eq!(BUCKET_CREATED.parse::<Timestamp>().unwrap().as_second(), BUCKET_CREATED_EPOCH);

    detail["resource"]["s3BucketDetails"][0]["createdAt"] = json!(BUCKET_CREATED_EPOCH);
    // `severity` is a double: sent as `8`, it is written as `8.0`, the same number. serde_json's
    // `Value` tells an integer from a float, so the expected value says which.
    assert_eq!(detail["severity"], json!(8));
    assert_eq!(written["severity"], json!(8.0));
    detail["severity"] = json!(8.0);
    assert_eq!(written, detail);
}

/// The bucket's creation time reads to the same instant in every accepted form, and is written
/// back as epoch seconds.
#[test]
fn bucket_creation_time_reads_in_every_format() {
    let whole: Timestamp = BUCKET_CREATED.parse().unwrap();
    let fraction: Timestamp = "2017-12-18T15:58:11.551Z".parse().unwrap();
    let cases = [
        // Epoch seconds as a number (the model's format), also as the CLI prints them.
        (json!(1513612691), whole),
        (json!(1.513612691e9), whole),
        (json!(1513612691.551), fraction),
        // Epoch seconds as a numeric string.
        (json!("1513612691"), whole),
        (json!("1513612691.551"), fraction),
        // RFC 3339 / ISO 8601, with and without a fraction, in UTC and at +01:00.
        (json!("2017-12-18T15:58:11Z"), whole),
        (json!("2017-12-18T15:58:11.000Z"), whole),
        (json!("2017-12-18T15:58:11.551Z"), fraction),
        (json!("2017-12-18T16:58:11+01:00"), whole),
        (json!("2017-12-18T16:58:11.551+01:00"), fraction),
        // An HTTP date.
        (json!("Mon, 18 Dec 2017 15:58:11 GMT"), whole),
    ];
    for (wire, instant) in cases {
        let bucket: S3BucketDetail =
            read(&json!({"createdAt": wire})).unwrap_or_else(|err| panic!("{wire} does not read: {err}"));
        assert_eq!(bucket.created_at, Some(instant), "{wire}");
        let epoch = if instant == whole { json!(1513612691) } else { json!(1513612691.551) };
        assert_eq!(serde_json::to_value(&bucket).unwrap(), json!({"createdAt": epoch}), "{wire}");
    }
}

/// A value that is no timestamp is an error that names where it is, in a `Resource` and in a
/// whole `Finding`.
#[test]
fn junk_timestamp_is_an_error_naming_its_path() {
    let mut detail = event()["detail"].take();
    detail["resource"]["s3BucketDetails"][0]["createdAt"] = json!("yesterday");

    let err = read::<Finding>(&detail).unwrap_err();
    assert_eq!(err.path(), "resource.s3BucketDetails[0].createdAt");
    assert!(err.to_string().starts_with("resource.s3BucketDetails[0].createdAt: "), "{err}");
    assert!(err.message().contains("yesterday"), "{err}");

    let err = read::<Resource>(&detail["resource"]).unwrap_err();
    assert_eq!(err.path(), "s3BucketDetails[0].createdAt");
    assert!(err.message().contains("expected a timestamp (epoch seconds, RFC 3339 or HTTP date)"), "{err}");
}
