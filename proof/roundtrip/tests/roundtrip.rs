//! JSON → types → JSON, for every input, output and error shape of every operation of the
//! JSON-protocol services in the proof: `shapegen::sample` makes random wire JSON from the
//! model, the service's generated types read it and write it back, and the two must be the
//! same JSON.
//!
//! S3, which speaks `rest-xml`, round-trips in its own wire format: every structure both its
//! requests and its responses hold is written as an XML document by the generated writer and
//! read back by the generated reader. EC2 and STS, whose requests are form pairs, write every
//! operation input as a request body, whose pairs must be those the protocol's rules give.
//!
//! Each shape gets `PROPTEST_CASES` samples (default 24); a failure names the shape and the
//! seed, which `shapegen sample MODEL SHAPE --seed N` turns back into the same JSON.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::Value;
use shapegen::model::{Member, Model, Protocol, Shape, ShapeKind, TimestampFormat};

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

type QueryBody = fn(&str, &str) -> Option<Result<String, String>>;

/// The pairs a query request body holds for `value` (wire JSON of `shape`) under `name`, by
/// the protocol's rules, written here from the protocol's description rather than taken from
/// the generator: AWS Query names a member by its XML name, wraps lists in `member` (or the
/// list member's name) unless flattened and sends an empty list as `Name=`; EC2 Query names a
/// member by its `queryName`, else its XML name capitalized, flattens every list and leaves
/// empty lists out; maps are `entry.N.key` and `.value` (or flattened), in key order; text is
/// spelled as the HTTP bindings spell it.
fn query_pairs(
    model: &Model,
    shape: &Shape,
    member: Option<&Member>,
    value: &Value,
    name: &str,
    out: &mut Vec<(String, String)>,
) {
    let ec2 = model.protocol() == Protocol::Ec2Query;
    let join = |a: &str, b: &str| if a.is_empty() { b.to_owned() } else { format!("{a}.{b}") };
    let target = |m: &Member| model.shape(&m.target).expect("a shape");
    match (&shape.kind, value) {
        (_, Value::Null) => {}
        (ShapeKind::Structure(members) | ShapeKind::Union(members), Value::Object(object)) => {
            for m in members {
                let Some(v) = object.get(model.json_key(m)) else { continue };
                let key = if !ec2 {
                    m.xml_name().to_owned()
                } else if let Some(q) = &m.query_name {
                    q.clone()
                } else {
                    let mut chars = m.xml_name().chars();
                    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
                };
                query_pairs(model, target(m), Some(m), v, &join(name, &key), out);
            }
        }
        (ShapeKind::List(list), Value::Array(items)) => {
            if items.is_empty() {
                if !ec2 {
                    out.push((name.to_owned(), String::new()));
                }
                return;
            }
            let flattened = ec2 || list_flattened(member, shape);
            let prefix = if flattened {
                name.to_owned()
            } else {
                join(name, list.member.wire_name.as_deref().unwrap_or("member"))
            };
            for (i, item) in items.iter().enumerate() {
                query_pairs(
                    model,
                    target(&list.member),
                    Some(&list.member),
                    item,
                    &join(&prefix, &(i + 1).to_string()),
                    out,
                );
            }
        }
        (ShapeKind::Map(map), Value::Object(object)) => {
            let prefix = if list_flattened(member, shape) { name.to_owned() } else { join(name, "entry") };
            let mut entries: Vec<_> = object.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            let (key, value_name) =
                (map.key.wire_name.as_deref().unwrap_or("key"), map.value.wire_name.as_deref().unwrap_or("value"));
            for (i, (k, v)) in entries.into_iter().enumerate() {
                let entry = join(&prefix, &(i + 1).to_string());
                out.push((join(&entry, key), k.clone()));
                query_pairs(model, target(&map.value), Some(&map.value), v, &join(&entry, value_name), out);
            }
        }
        (ShapeKind::Timestamp, v) => {
            let text = v.as_str().map(str::to_owned).unwrap_or_else(|| v.to_string());
            let time = shapegen_runtime::time::parse(&text).expect("a timestamp");
            let format = match Model::modeled_timestamp_format(member, shape) {
                Some(TimestampFormat::EpochSeconds) => shapegen_runtime::time::Format::EpochSeconds,
                Some(TimestampFormat::HttpDate) => shapegen_runtime::time::Format::HttpDate,
                _ => shapegen_runtime::time::Format::DateTime,
            };
            out.push((name.to_owned(), shapegen_runtime::time::format(&time, format)));
        }
        (ShapeKind::Float, Value::Number(n)) => {
            out.push((name.to_owned(), (n.as_f64().expect("a number") as f32).to_string()))
        }
        (ShapeKind::Double, Value::Number(n)) => out.push((name.to_owned(), n.as_f64().expect("a number").to_string())),
        (_, Value::String(text)) => out.push((name.to_owned(), text.clone())),
        (_, v) => out.push((name.to_owned(), v.to_string())),
    }
}

fn list_flattened(member: Option<&Member>, shape: &Shape) -> bool {
    member.is_some_and(|m| m.xml.flattened) || shape.xml.flattened
}

/// JSON → types → query request body, for every operation input of a query-protocol service:
/// the body's pairs are those the protocol's rules give for the value, no more, no fewer.
fn check_query(service: &str, shapes: &[&str], body: QueryBody) {
    let loaded = shapegen::read::load_file(&model_file(service), None).unwrap();
    let model = &loaded.model;
    assert!(!shapes.is_empty());
    each_sample(service, model, shapes, |shape, seed, wire| {
        let written = match body(shape, &wire) {
            Some(Ok(written)) => written,
            Some(Err(e)) => return Err(TestCaseError::fail(format!("{shape}, seed {seed}: {e}\n  value: {wire}"))),
            None => return Err(TestCaseError::fail(format!("{shape}: not in the harness"))),
        };
        let decode = |text: &str| percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned();
        let mut actual: Vec<(String, String)> = written
            .split('&')
            .skip(2) // Action and Version
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                (decode(k), decode(v))
            })
            .collect();
        let value: Value = serde_json::from_str(&wire).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut expected = Vec::new();
        query_pairs(model, model.shape(shape).expect("the input"), None, &value, "", &mut expected);
        actual.sort();
        expected.sort();
        if actual != expected {
            let missing: Vec<_> = expected.iter().filter(|p| !actual.contains(p)).collect();
            let extra: Vec<_> = actual.iter().filter(|p| !expected.contains(p)).collect();
            return Err(TestCaseError::fail(format!(
                "{shape}, seed {seed}: the body's pairs differ\n  missing: {missing:?}\n  unexpected: {extra:?}\n  value: {wire}"
            )));
        }
        Ok(())
    });
}

#[test]
fn sts_query_bodies() {
    check_query("sts", proof_sts::__round_trip::QUERY_SHAPES, proof_sts::__round_trip::query_body);
}

#[test]
fn ec2_query_bodies() {
    check_query("ec2", proof_ec2::__round_trip::QUERY_SHAPES, proof_ec2::__round_trip::query_body);
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
