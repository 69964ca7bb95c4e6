//! AWS's endpoint tests, every case, through the generated `endpoint` modules: the botocore
//! rule sets and cases of `tests/fixtures/endpoint-tests/` (eight services), and the Smithy
//! models of `tests/fixtures/smithy/` that carry their cases (`smithy.rules#endpointTests`).
//! Each case sets its parameters by name and resolves; the endpoint must be the one expected
//! (URL, headers, and properties, auth schemes among them, field by field), or the error the
//! rule set's message gives, exactly. A case with `operationInputs` is also reached the way a
//! call reaches it: the built-ins and client parameters set, the operation's input made from
//! the case, and the operation's `endpoint_params` setting what its model says (static values,
//! members bound to parameters, paths into the input). The cases are data: one test runs them
//! all, and says which fail and why.

use std::collections::BTreeMap;

use serde_json::Value as Json;
use shapegen_runtime::endpoint::{BuiltIns, Endpoint, Partitions, ResolveError, Value};
use shapegen_tests::endpoint_list::{SERVICES, Service};

fn read_json(path: &str) -> Json {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let text = shapegen::read::decompress(&bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_slice(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The partitions of the cases' time (not the runtime's own, newer ones).
fn partitions(path: &str) -> Partitions {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let text = shapegen::read::decompress(&bytes).unwrap();
    Partitions::from_json(std::str::from_utf8(&text).unwrap()).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The members of a JSON object (params, client parameters) as endpoint values, by name.
fn values(object: Option<&Json>) -> Vec<(String, Value)> {
    object.and_then(Json::as_object).map(|p| p.iter().map(|(k, v)| (k.clone(), value(v))).collect()).unwrap_or_default()
}

/// A JSON value as an endpoint value.
fn value(json: &Json) -> Value {
    match json {
        Json::String(s) => Value::String(s.clone().into()),
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => Value::Integer(n.as_i64().unwrap_or_else(|| panic!("{n} is not an integer"))),
        Json::Array(items) => Value::Array(items.iter().map(value).collect()),
        Json::Object(entries) => Value::object_of(entries.iter().map(|(k, v)| (k.clone().into(), value(v)))),
        Json::Null => panic!("null in an endpoint test"),
    }
}

/// The test cases of a service: an `endpoint-tests-1.json(.gz)`, or the trait of a Smithy
/// model.
fn cases(path: &str) -> Vec<Json> {
    let document = read_json(path);
    let tests = match document.get("shapes") {
        Some(Json::Object(shapes)) => shapes
            .values()
            .find_map(|shape| shape.get("traits")?.get("smithy.rules#endpointTests"))
            .unwrap_or_else(|| panic!("{path}: no smithy.rules#endpointTests"))
            .clone(),
        _ => document,
    };
    tests["testCases"].as_array().unwrap_or_else(|| panic!("{path}: no testCases")).clone()
}

/// What a case expects, checked against what resolving gave: `None` when they agree.
fn mismatch(case: &Json, got: &Result<Endpoint, ResolveError>) -> Option<String> {
    let expect = &case["expect"];
    match (expect.get("endpoint"), expect.get("error"), got) {
        (Some(endpoint), _, Ok(got)) => {
            let url = endpoint["url"].as_str().unwrap_or_default();
            let headers: BTreeMap<String, Vec<String>> = endpoint
                .get("headers")
                .map(|h| serde_json::from_value(h.clone()).expect("headers are lists of strings"))
                .unwrap_or_default();
            let properties: BTreeMap<shapegen_runtime::endpoint::Text, Value> =
                match endpoint.get("properties").map(value) {
                    Some(Value::Object(properties)) => properties.into_iter().collect(),
                    Some(other) => panic!("properties that are not an object: {other:?}"),
                    None => BTreeMap::new(),
                };
            let expected = Endpoint::new(url.to_owned(), headers, properties);
            if *got == expected {
                return None;
            }
            if got.auth_schemes() != expected.auth_schemes() {
                return Some(format!("auth schemes {:?}, expected {:?}", got.auth_schemes(), expected.auth_schemes()));
            }
            Some(format!("{got:?}, expected {expected:?}"))
        }
        (_, Some(error), Err(got)) if Some(got.message()) == error.as_str() => None,
        (_, Some(error), Err(got)) => Some(format!("error {:?}, expected {error}", got.message())),
        (_, Some(error), Ok(got)) => Some(format!("{got:?}, expected the error {error}")),
        (Some(_), _, Err(got)) => Some(format!("error {:?}, expected an endpoint", got.message())),
        (None, None, _) => Some("a case that expects neither an endpoint nor an error".to_owned()),
    }
}

#[test]
fn every_endpoint_test_case_resolves_as_expected() {
    let mut failures = Vec::new();
    let mut report = String::from(
        "| service | rule set from | cases | passed | through operations | passed |\n|---|---|---|---|---|---|\n",
    );
    let mut total = 0;
    let mut total_operations = 0;
    // Several services share a partitions file: each is read once.
    let mut partitions_read = std::collections::BTreeMap::new();
    for &Service { service, module, tests, partitions: partitions_file, resolve, operation } in SERVICES {
        let cases = cases(tests);
        let partitions = partitions_read.entry(partitions_file).or_insert_with(|| partitions(partitions_file));
        let mut passed = 0;
        for (i, case) in cases.iter().enumerate() {
            match mismatch(case, &resolve(values(case.get("params")), partitions)) {
                None => passed += 1,
                Some(why) => failures
                    .push(format!("{module} case {i} ({}): {why}", case["documentation"].as_str().unwrap_or_default())),
            }
        }
        assert!(!cases.is_empty(), "{tests}: no cases");
        let (mut through, mut through_passed) = (0, 0);
        for (i, case) in cases.iter().enumerate() {
            let Some(inputs) = case.get("operationInputs").and_then(Json::as_array) else { continue };
            let resolve_operation =
                operation.unwrap_or_else(|| panic!("{module}: cases call operations, and it has none"));
            for input in inputs {
                through += 1;
                let mut built_ins = BuiltIns::new();
                for (name, v) in input.get("builtInParams").and_then(Json::as_object).into_iter().flatten() {
                    built_ins.set(name.clone(), value(v));
                }
                let client = values(input.get("clientParams"));
                let name = input["operationName"].as_str().unwrap_or_default();
                let empty = Json::Object(serde_json::Map::new());
                let params = input.get("operationParams").unwrap_or(&empty);
                match mismatch(case, &resolve_operation(name, params, &built_ins, client, partitions)) {
                    None => through_passed += 1,
                    Some(why) => failures.push(format!(
                        "{module} case {i} through {name} ({}): {why}",
                        case["documentation"].as_str().unwrap_or_default()
                    )),
                }
            }
        }
        let format = if module.starts_with("endpoints_smithy_") { "Smithy" } else { "botocore" };
        report.push_str(&format!(
            "| {service} | {format} | {} | {passed} | {through} | {through_passed} |\n",
            cases.len()
        ));
        total += cases.len();
        total_operations += through;
    }
    println!("{report}{total} cases, {total_operations} of them through operations");
    // The fixtures' count, as the README and docs/endpoints.md give it: a service whose
    // fixtures went missing, or cases that no longer call operations, fail here.
    assert_eq!((total, total_operations), (2108, 855), "the endpoint test cases counted");
    assert!(
        failures.is_empty(),
        "{} of {total} cases (and {total_operations} through operations) fail:\n{}",
        failures.len(),
        failures.iter().take(40).cloned().collect::<Vec<_>>().join("\n")
    );
}

/// The endpoint for an S3 `GetObject` of `bucket`, with the built-ins `configure` sets, and the
/// request built for it.
fn s3_get_object(
    bucket: &str,
    configure: impl FnOnce(&mut BuiltIns),
) -> (Endpoint, shapegen_runtime::http::Request<Vec<u8>>) {
    use shapegen_tests::endpoints_s3::GetObjectRequest;
    use shapegen_tests::endpoints_s3::endpoint::{Params, resolve};
    use shapegen_tests::endpoints_s3::operations::GetObject;

    let mut built_ins = BuiltIns::new();
    configure(&mut built_ins);
    let mut input = GetObjectRequest::default();
    input.bucket = bucket.to_owned();
    input.key = "photos/2024 cat.jpg".to_owned();
    let mut params = Params::default();
    params.set_built_ins(&built_ins).unwrap();
    GetObject::endpoint_params(&input, &mut params);
    let endpoint = resolve(&params).unwrap();
    let request = GetObject::request(&input, &endpoint).unwrap();
    (endpoint, request)
}

#[test]
fn an_s3_request_goes_where_the_rules_place_its_bucket() {
    // Virtual-hosted: the bucket in the host, so not in the path.
    let (endpoint, request) = s3_get_object("amzn-s3-demo-bucket", |b| {
        b.region("us-west-2");
    });
    assert_eq!(endpoint.url, "https://amzn-s3-demo-bucket.s3.us-west-2.amazonaws.com");
    assert_eq!(request.uri(), "https://amzn-s3-demo-bucket.s3.us-west-2.amazonaws.com/photos/2024%20cat.jpg");
    let scheme = &endpoint.auth_schemes()[0];
    assert_eq!(
        (scheme.name.as_str(), scheme.signing_name.as_deref(), scheme.signing_region.as_deref()),
        ("sigv4", Some("s3"), Some("us-west-2"))
    );
    assert_eq!(scheme.disable_double_encoding, Some(true));

    // Path-style: the bucket at the end of the endpoint's path, once.
    let (endpoint, request) = s3_get_object("amzn-s3-demo-bucket", |b| {
        b.region("us-west-2").set("AWS::S3::ForcePathStyle", true);
    });
    assert_eq!(endpoint.url, "https://s3.us-west-2.amazonaws.com/amzn-s3-demo-bucket");
    assert_eq!(request.uri(), "https://s3.us-west-2.amazonaws.com/amzn-s3-demo-bucket/photos/2024%20cat.jpg");

    // An access point's ARN: its own host, signed in the ARN's region.
    let (endpoint, request) = s3_get_object("arn:aws:s3:us-west-2:123456789012:accesspoint:myendpoint", |b| {
        b.region("us-west-2");
    });
    assert_eq!(
        request.uri(),
        "https://myendpoint-123456789012.s3-accesspoint.us-west-2.amazonaws.com/photos/2024%20cat.jpg"
    );
    assert_eq!(endpoint.auth_schemes()[0].signing_region.as_deref(), Some("us-west-2"));

    // FIPS and dual-stack.
    let (_, request) = s3_get_object("amzn-s3-demo-bucket", |b| {
        b.region("us-east-1").set(BuiltIns::USE_FIPS, true).set(BuiltIns::USE_DUAL_STACK, true);
    });
    assert_eq!(
        request.uri(),
        "https://amzn-s3-demo-bucket.s3-fips.dualstack.us-east-1.amazonaws.com/photos/2024%20cat.jpg"
    );

    // A URL given as it is keeps the bucket in the path, as the operation's URI has it.
    let mut input = shapegen_tests::endpoints_s3::GetObjectRequest::default();
    input.bucket = "b".to_owned();
    input.key = "k".to_owned();
    let request =
        shapegen_tests::endpoints_s3::operations::GetObject::request(&input, "http://127.0.0.1:9000").unwrap();
    assert_eq!(request.uri(), "http://127.0.0.1:9000/b/k");
}

#[test]
fn guardduty_in_the_china_and_govcloud_partitions() {
    use guardduty_types::ListFindingsRequest;
    use guardduty_types::endpoint::{Params, resolve};
    use guardduty_types::operations::ListFindings;

    let input = ListFindingsRequest::builder().detector_id("12abc34d567e8fa901bc2d34e56789f0").build().unwrap();
    for (region, fips, url) in [
        ("cn-north-1", false, "https://guardduty.cn-north-1.amazonaws.com.cn"),
        ("us-gov-west-1", false, "https://guardduty.us-gov-west-1.amazonaws.com"),
        ("us-gov-west-1", true, "https://guardduty.us-gov-west-1.amazonaws.com"),
        ("us-east-1", true, "https://guardduty-fips.us-east-1.amazonaws.com"),
    ] {
        let mut params = Params::default();
        params.region = Some(region.to_owned());
        params.use_fips = fips;
        ListFindings::endpoint_params(&input, &mut params);
        let endpoint = resolve(&params).unwrap();
        assert_eq!(endpoint.url, url, "{region}, FIPS {fips}");
        let request = ListFindings::request(&input, &endpoint).unwrap();
        assert_eq!(request.uri().to_string(), format!("{url}/detector/12abc34d567e8fa901bc2d34e56789f0/findings"));
    }
    let mut params = Params::default();
    params.use_fips = true;
    params.endpoint = Some("https://localhost:4566".to_owned());
    assert_eq!(
        resolve(&params).unwrap_err().to_string(),
        "Invalid Configuration: FIPS and custom endpoint are not supported"
    );
}
