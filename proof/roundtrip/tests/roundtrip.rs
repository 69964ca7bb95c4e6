//! JSON → types → JSON, for every input, output and error shape of every operation of the
//! JSON-protocol services in the proof: `shapegen::sample` makes random wire JSON from the
//! model, the service's generated types read it and write it back, and the two must be the
//! same JSON.
//!
//! S3, which speaks `rest-xml`, round-trips in its own wire format: every structure both its
//! requests and its responses hold is written as an XML document by the generated writer and
//! read back by the generated reader.
//!
//! Each shape gets `PROPTEST_CASES` samples (default 24); a failure names the shape and the
//! seed, which `shapegen sample MODEL SHAPE --seed N` turns back into the same JSON.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

type RoundTrip = fn(&str, &str) -> Option<Result<String, serde_json::Error>>;

fn model_file(service: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../models").join(service);
    let version = std::fs::read_dir(&dir).unwrap().next().unwrap().unwrap().path();
    version.join("service-2.json.gz")
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(24)
}

/// Runs `check` on `PROPTEST_CASES` samples of each of `shapes` (their wire JSON, with the
/// seed), failing with the first sample it refuses.
fn each_sample(
    service: &str,
    model: &shapegen::model::Model,
    shapes: &[&str],
    check: impl Fn(&str, u64, String) -> Result<(), TestCaseError>,
) {
    for &shape in shapes {
        let mut runner = TestRunner::new(Config { cases: cases(), failure_persistence: None, ..Config::default() });
        let result = runner.run(&any::<u64>(), |seed| {
            let sample = shapegen::sample::sample(model, shape, seed)
                .map_err(|e| TestCaseError::fail(format!("{shape}, seed {seed}: no sample: {e}")))?;
            let wire = serde_json::to_string(&sample).map_err(|e| TestCaseError::fail(e.to_string()))?;
            check(shape, seed, wire)
        });
        if let Err(e) = result {
            panic!("{service}: {e}");
        }
    }
}

fn check(service: &str, shapes: &[&str], round_trip: RoundTrip) {
    let loaded = shapegen::read::load_file(&model_file(service), None).unwrap();
    let model = &loaded.model;
    assert!(model.speaks_json(), "{service} speaks {}", model.protocol());
    assert!(!shapes.is_empty());
    // Every operation's input, output and errors are covered.
    for op in &model.operations {
        for shape in op.shape_refs() {
            assert!(shapes.contains(&shape), "{service}: {}: {shape} is not in the harness", op.name);
        }
    }
    each_sample(service, model, shapes, |shape, seed, wire| {
        let written = match round_trip(shape, &wire) {
            Some(Ok(written)) => written,
            Some(Err(e)) => return Err(TestCaseError::fail(format!("{shape}, seed {seed}: {e}\n  read: {wire}"))),
            None => return Err(TestCaseError::fail(format!("{shape}: not in the harness"))),
        };
        let expected: serde_json::Value =
            serde_json::from_str(&wire).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let got: serde_json::Value = serde_json::from_str(&written).map_err(|e| TestCaseError::fail(e.to_string()))?;
        if expected != got {
            return Err(TestCaseError::fail(format!(
                "{shape}, seed {seed}: written back differently\n  read:  {wire}\n  wrote: {written}"
            )));
        }
        Ok(())
    });
}

type XmlRoundTrip = fn(&str, &str) -> Option<Result<(String, String), String>>;

/// JSON → types → XML document → types → JSON, for every structure of a `rest-xml` service
/// that both its request and its response documents reach: the value read back from the
/// document the generated writer wrote is the value written.
fn check_xml(service: &str, shapes: &[&str], round_trip: XmlRoundTrip) {
    let loaded = shapegen::read::load_file(&model_file(service), None).unwrap();
    let model = &loaded.model;
    assert!(!shapes.is_empty(), "{service}: no structure is both written and read");
    each_sample(service, model, shapes, |shape, seed, wire| {
        let (written, read) = match round_trip(shape, &wire) {
            Some(Ok(pair)) => pair,
            Some(Err(e)) => return Err(TestCaseError::fail(format!("{shape}, seed {seed}: {e}\n  value: {wire}"))),
            None => return Err(TestCaseError::fail(format!("{shape}: not in the harness"))),
        };
        // An empty flattened list (or map) is no element at all: the document cannot tell
        // it from an absent one, and reads back as absent. Empty lists and maps are left
        // out of both sides; that the document itself reads back whole, empty wrapped
        // lists included, the harness checks by writing it again.
        let (written, read) = (without_empty(&written), without_empty(&read));
        if written != read {
            return Err(TestCaseError::fail(format!(
                "{shape}, seed {seed}: read back differently\n  written: {written}\n  read:    {read}"
            )));
        }
        Ok(())
    });
}

/// `json` with every member whose value is an empty list or map left out, at any depth.
fn without_empty(json: &str) -> serde_json::Value {
    fn strip(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(members) => {
                members.values_mut().for_each(strip);
                members.retain(|_, v| !matches!(v, serde_json::Value::Array(a) if a.is_empty()));
                members.retain(|_, v| !matches!(v, serde_json::Value::Object(o) if o.is_empty()));
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut value: serde_json::Value = serde_json::from_str(json).expect("JSON");
    strip(&mut value);
    value
}

#[test]
fn s3_xml_documents() {
    check_xml("s3", proof_s3::__round_trip::XML_SHAPES, proof_s3::__round_trip::xml_round_trip);
}

macro_rules! services {
    ($($test:ident: $service:literal => $krate:ident,)*) => {$(
        #[test]
        fn $test() {
            check($service, $krate::__round_trip::SHAPES, $krate::__round_trip::round_trip);
        }
    )*};
}

services! {
    bedrock_runtime: "bedrock-runtime" => proof_bedrock_runtime,
    cloudwatch: "cloudwatch" => proof_cloudwatch,
    dynamodb: "dynamodb" => proof_dynamodb,
    glue: "glue" => proof_glue,
    guardduty: "guardduty" => proof_guardduty,
    kinesis: "kinesis" => proof_kinesis,
    lambda: "lambda" => proof_lambda,
    rds_data: "rds-data" => proof_rds_data,
    schemas: "schemas" => proof_schemas,
    secretsmanager: "secretsmanager" => proof_secretsmanager,
    sqs: "sqs" => proof_sqs,
    textract: "textract" => proof_textract,
}
