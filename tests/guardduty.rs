//! GuardDuty GetFindings: the generated types against the wire format, through the published
//! crate (`guardduty-types`) as a user depends on it.

use guardduty_types::{
    AwsApiCallAction, Finding, GetFindingsRequest, GetFindingsResponse, OrderBy, S3BucketDetail, SortCriteria,
};
use serde_json::{Value, json};

const FULL_RESPONSE: &str = include_str!("fixtures/get-findings-response.json");
const MODEL: &str = include_str!("../spec/guardduty/service-2.json");

fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned>(wire: &Value) -> (T, Value) {
    let typed: T = serde_json::from_value(wire.clone()).expect("deserializes");
    let back = serde_json::to_value(&typed).expect("serializes");
    (typed, back)
}

#[test]
fn full_response_round_trips_exactly() {
    let wire: Value = serde_json::from_str(FULL_RESPONSE).unwrap();
    let (response, back) = round_trip::<GetFindingsResponse>(&wire);
    assert_eq!(back, wire);

    let finding = &response.findings[0];
    assert_eq!(finding.account_id, "111122223333");
    assert_eq!(finding.severity, 5.5);
    assert_eq!(finding.confidence, Some(0.1));
    let call = finding.service.as_ref().and_then(|s| s.action.as_ref()).and_then(|a| a.aws_api_call_action.as_ref());
    assert_eq!(call.and_then(|c| c.error_code.as_deref()), Some("AccessDenied"));
    let bucket = &finding.resource.s3_bucket_details.as_ref().unwrap()[0];
    // 1599091200.123 is 123 ms past the second, exactly.
    assert_eq!(bucket.created_at.unwrap().to_string(), "2020-09-03T00:00:00.123Z");
    // The response's text survives too, not only its value.
    assert_eq!(serde_json::to_string_pretty(&response).unwrap() + "\n", FULL_RESPONSE);
}

/// Every member of the model's response closure appears in the fixture, so the round trip
/// above exercises all of them.
#[test]
fn full_response_fixture_covers_every_member() {
    let model: Value = serde_json::from_str(MODEL).unwrap();
    let wire: Value = serde_json::from_str(FULL_RESPONSE).unwrap();
    let mut missing = Vec::new();
    check_covers(&model["shapes"], "GetFindingsResponse", &wire, "response", &mut missing);
    assert!(missing.is_empty(), "members missing from the fixture: {missing:#?}");
}

fn check_covers(shapes: &Value, shape: &str, value: &Value, path: &str, missing: &mut Vec<String>) {
    let s = &shapes[shape];
    match s["type"].as_str() {
        Some("structure") => {
            for (name, member) in s["members"].as_object().unwrap() {
                if member.get("location").is_some() {
                    continue;
                }
                let wire = member["locationName"].as_str().unwrap_or(name);
                match value.get(wire) {
                    Some(v) => {
                        check_covers(shapes, member["shape"].as_str().unwrap(), v, &format!("{path}.{wire}"), missing)
                    }
                    None => missing.push(format!("{path}.{wire}")),
                }
            }
        }
        Some("list") => match value.as_array().and_then(|a| a.first()) {
            Some(first) => {
                check_covers(shapes, s["member"]["shape"].as_str().unwrap(), first, &format!("{path}[0]"), missing)
            }
            None => missing.push(format!("{path}[0]")),
        },
        _ => {}
    }
}

#[test]
fn doubles_keep_their_exact_value() {
    // Values whose nearest f64 serde_json's fast float parser can miss.
    for text in ["0.1", "5.5", "2.2250738585072011e-308", "1.7976931348623157e308", "5e-324", "0.30000000000000004"] {
        let wire: Value = serde_json::from_str(&format!(r#"{{"lat": {text}, "lon": -0.0}}"#)).unwrap();
        let (geo, back) = round_trip::<guardduty_types::GeoLocation>(&wire);
        assert_eq!(geo.lat, Some(text.parse::<f64>().unwrap()), "{text}");
        assert_eq!(back, wire, "{text}");
    }
}

#[test]
fn integer_doubles_read_as_their_value() {
    let geo: guardduty_types::GeoLocation =
        serde_json::from_value(json!({"lat": 5, "lon": -9007199254740993i64})).unwrap();
    assert_eq!(geo.lat, Some(5.0));
    assert_eq!(geo.lon, Some(-9007199254740992.0));
}

#[test]
fn unknown_enum_value_survives_the_round_trip() {
    let wire = json!({"findingIds": ["a"], "sortCriteria": {"attributeName": "severity", "orderBy": "RANDOM"}});
    let (request, back) = round_trip::<GetFindingsRequest>(&wire);
    let order = request.sort_criteria.unwrap().order_by.unwrap();
    assert_eq!(order, OrderBy::Unknown("RANDOM".to_owned()));
    assert_eq!(order.as_str(), "RANDOM");
    assert_eq!(back, wire);
    // Known values read into their variants, and compare by their wire string.
    assert_eq!(OrderBy::from("DESC"), OrderBy::Desc);
    assert_eq!(OrderBy::Unknown("ASC".to_owned()), OrderBy::Asc);
    assert_eq!(OrderBy::VALUES, ["ASC", "DESC"]);
    assert_eq!("ASC".parse::<OrderBy>().unwrap().to_string(), "ASC");
}

#[test]
fn unknown_members_are_ignored() {
    let wire = json!({"api": "ListBuckets", "newMember": {"deep": [1, 2]}, "errorCode": "Throttling"});
    let action: AwsApiCallAction = serde_json::from_value(wire).unwrap();
    assert_eq!(action.api.as_deref(), Some("ListBuckets"));
    assert_eq!(action.error_code.as_deref(), Some("Throttling"));
    assert_eq!(serde_json::to_value(&action).unwrap(), json!({"api": "ListBuckets", "errorCode": "Throttling"}));
}

#[test]
fn null_reads_as_absent() {
    let action: AwsApiCallAction = serde_json::from_value(json!({"api": null, "errorCode": null})).unwrap();
    assert_eq!(action, AwsApiCallAction::default());
    assert_eq!(serde_json::to_value(&action).unwrap(), json!({}));
}

#[test]
fn request_serializes_to_the_body_guardduty_expects() {
    let request = GetFindingsRequest::builder()
        .detector_id("12abc34d567e8fa901bc2d34e56789f0")
        .finding_ids(vec!["f1".to_owned(), "f2".to_owned()])
        .sort_criteria(SortCriteria::builder().attribute_name("accountId").order_by(OrderBy::Asc).build())
        .build()
        .unwrap();
    assert_eq!(request.detector_id, "12abc34d567e8fa901bc2d34e56789f0");
    // The detector id is bound to the URI (`/detector/{detectorId}/findings/get`), not the body.
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({"findingIds": ["f1", "f2"], "sortCriteria": {"attributeName": "accountId", "orderBy": "ASC"}})
    );
}

#[test]
fn builder_names_the_missing_required_member() {
    let err = GetFindingsRequest::builder().finding_ids(vec![]).build().unwrap_err();
    assert_eq!(err.to_string(), "GetFindingsRequest.DetectorId is required but was not set");
    assert_eq!((err.shape(), err.member()), ("GetFindingsRequest", "DetectorId"));
    let err = GetFindingsRequest::builder().detector_id("d").build().unwrap_err();
    assert_eq!(err.member(), "FindingIds");
}

#[test]
fn response_missing_required_members_still_parses() {
    // `Finding` requires accountId, arn, createdAt, id, region, resource, schemaVersion,
    // severity, type and updatedAt; a service that omits them must not break the caller.
    let response: GetFindingsResponse = serde_json::from_value(json!({"findings": [{"id": "f"}]})).unwrap();
    let finding: &Finding = &response.findings[0];
    assert_eq!(finding.id, "f");
    assert_eq!(finding.account_id, "");
    assert_eq!(finding.severity, 0.0);
    // null for a required member reads as absent as well.
    let response: GetFindingsResponse = serde_json::from_value(json!({"findings": null})).unwrap();
    assert!(response.findings.is_empty());
}

#[test]
fn strict_setting_rejects_missing_required_members() {
    use shapegen_tests::guardduty_strict::GetFindingsResponse as Strict;
    let err = serde_json::from_value::<Strict>(json!({"findings": [{"id": "f"}]})).unwrap_err();
    assert_eq!(err.to_string(), "missing field `accountId`");
    let full: Value = serde_json::from_str(FULL_RESPONSE).unwrap();
    let strict: Strict = serde_json::from_value(full.clone()).unwrap();
    assert_eq!(serde_json::to_value(&strict).unwrap(), full);
}

#[test]
fn timestamps_are_epoch_seconds_on_the_wire() {
    for (wire, rfc3339) in [
        (json!(1599091200), "2020-09-03T00:00:00Z"),
        (json!(1599091200.5), "2020-09-03T00:00:00.5Z"),
        (json!(-1.25), "1969-12-31T23:59:58.75Z"),
    ] {
        let (bucket, back) = round_trip::<S3BucketDetail>(&json!({"createdAt": wire}));
        assert_eq!(bucket.created_at.unwrap().to_string(), rfc3339);
        assert_eq!(back, json!({"createdAt": wire}));
    }
}

/// Services send timestamps in other formats than the model's (GuardDuty findings through
/// EventBridge carry ISO 8601 where the model says epoch seconds): every format reads, and
/// the value is written back in the model's.
#[test]
fn timestamps_in_any_format_read_and_write_back_as_the_model_says() {
    for wire in [
        json!("1599091200.5"),
        json!("2020-09-03T00:00:00.5Z"),
        json!("2020-09-03T00:00:00.500000000000Z"),
        json!("2020-09-03T02:00:00.5+02:00"),
        json!("2020-09-03T02:00:00.5+0200"),
        json!("2020-09-03 00:00:00.5z"),
    ] {
        let (bucket, back) = round_trip::<S3BucketDetail>(&json!({"createdAt": wire}));
        assert_eq!(bucket.created_at.unwrap().to_string(), "2020-09-03T00:00:00.5Z", "{wire}");
        assert_eq!(back, json!({"createdAt": 1599091200.5}), "{wire}");
    }
    let (_, back) = round_trip::<S3BucketDetail>(&json!({"createdAt": "Thu, 03 Sep 2020 00:00:00 GMT"}));
    assert_eq!(back, json!({"createdAt": 1599091200}));
    for bad in [json!("2020-09-03"), json!("2020-09-03T00:00:00"), json!("yesterday"), json!(true)] {
        let err = serde_json::from_value::<S3BucketDetail>(json!({"createdAt": bad})).unwrap_err();
        assert!(err.to_string().contains("expected a timestamp (epoch seconds, RFC 3339 or HTTP date)"), "{err}");
    }
}

#[test]
fn errors_carry_code_status_and_message() {
    use guardduty_types::{BadRequestException, InternalServerErrorException};
    assert_eq!(BadRequestException::CODE, "BadRequestException");
    assert_eq!(BadRequestException::HTTP_STATUS, 400);
    assert_eq!(InternalServerErrorException::HTTP_STATUS, 500);
    let err: BadRequestException =
        serde_json::from_value(json!({"message": "The request is rejected.", "__type": "InvalidInputException"}))
            .unwrap();
    assert_eq!(err.to_string(), "BadRequestException: The request is rejected.");
    assert_eq!(err.r#type.as_deref(), Some("InvalidInputException"));
    let boxed: Box<dyn std::error::Error> = Box::new(err);
    assert!(boxed.to_string().starts_with("BadRequestException"));
}

#[test]
fn lenient_and_strict_generations_read_full_responses_alike() {
    let full: Value = serde_json::from_str(FULL_RESPONSE).unwrap();
    let lenient: shapegen_tests::guardduty::GetFindingsResponse = serde_json::from_value(full.clone()).unwrap();
    assert_eq!(serde_json::to_value(&lenient).unwrap(), full);
}
