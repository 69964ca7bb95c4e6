//! Reading a GetFindings response in CBOR with the generated types (GuardDuty's model as if it
//! spoke Smithy RPC v2 CBOR, made by `build.rs`), beside `minicbor` skipping every item of the
//! same bytes and keeping nothing (the floor: every item decoded, no value built).
//!
//! The body holds the very findings the JSON parse benchmark reads (`common::current_body`),
//! encoded as RPC v2 CBOR encodes them: member names as keys, timestamps as tag 1.
//!
//! `cargo bench --bench cbor`; `CALLS=N FUNCTION=minicbor|GetFindings::response` runs one of
//! them N times without criterion, for `valgrind --tool=callgrind`.

use std::hint::black_box;

use criterion::{Criterion, Throughput};
use shapegen::model::{Model, Shape, ShapeKind};
use shapegen_runtime::cbor::CborWriter;
use shapegen_runtime::http;
use shapegen_tests::guardduty_2026_cbor::operations::GetFindings;

mod common;

/// `json`, a value of `shape` as the JSON protocol writes it, written as RPC v2 CBOR does.
fn convert(model: &Model, shape: &Shape, json: &serde_json::Value, w: &mut CborWriter) {
    use serde_json::Value;
    let target = |name: &str| model.shape(name).expect("a shape of the model");
    match (&shape.kind, json) {
        (ShapeKind::Structure(members) | ShapeKind::Union(members), Value::Object(object)) => {
            w.map(object.len());
            for (key, value) in object {
                let member = members.iter().find(|m| model.json_key(m) == key).expect("a member");
                w.key(&member.name);
                convert(model, target(&member.target), value, w);
            }
        }
        (ShapeKind::List(list), Value::Array(items)) => {
            w.array(items.len());
            items.iter().for_each(|item| convert(model, target(&list.member.target), item, w));
        }
        (ShapeKind::Map(map), Value::Object(object)) => {
            w.map(object.len());
            for (key, value) in object {
                w.str(key);
                convert(model, target(&map.value.target), value, w);
            }
        }
        (_, Value::Null) => w.null(),
        (_, Value::Bool(b)) => w.bool(*b),
        (ShapeKind::Float | ShapeKind::Double, value) => w.f64(value.as_f64().expect("a number")),
        (ShapeKind::Timestamp, value) => {
            let text = value.as_str().map(str::to_owned).unwrap_or_else(|| value.to_string());
            w.timestamp(&shapegen_runtime::time::parse(&text).expect("a timestamp"));
        }
        (ShapeKind::Blob { .. }, _) => panic!("GuardDuty's findings hold no blobs"),
        (_, Value::Number(n)) => w.int(n.as_i64().expect("an integer")),
        (_, Value::String(text)) => w.str(text),
        (kind, value) => panic!("{value} is not a {kind:?}"),
    }
}

/// The JSON benchmark's GetFindings body, in CBOR.
fn body() -> Vec<u8> {
    let path = common::root().join("tests/cases/guardduty-2026/model.json.gz");
    let model = shapegen::read::load_file(&path, None).expect("the model").model;
    let json: serde_json::Value = serde_json::from_slice(&common::current_body()).expect("JSON");
    let mut w = CborWriter::new();
    convert(&model, model.shape("GetFindingsResponse").expect("the output"), &json, &mut w);
    w.finish()
}

/// Every item of the body decoded and dropped.
fn floor(body: &[u8]) {
    minicbor::Decoder::new(body).skip().expect("CBOR");
}

fn main() {
    let body = body();
    let response = http::Response::builder().status(200).body(body.clone()).unwrap();
    let findings = GetFindings::response(&response).unwrap().findings.unwrap().len();
    assert_eq!(findings, common::FINDINGS);
    if let Some((calls, function)) = common::one_function() {
        for _ in 0..calls {
            match function.as_str() {
                "minicbor" => floor(black_box(&body)),
                "GetFindings::response" => drop(black_box(GetFindings::response(black_box(&response)).unwrap())),
                other => panic!("FUNCTION: {other:?} is not measured here"),
            }
        }
        return;
    }

    let mut c = Criterion::default().configure_from_args();
    // Twice over, as the other benches do: only the second round counts.
    for _round in 0..2 {
        let mut g = c.benchmark_group("cbor-getfindings");
        g.throughput(Throughput::Bytes(body.len() as u64));
        g.bench_function("minicbor", |b| b.iter(|| floor(black_box(&body))));
        g.bench_function("GetFindings::response", |b| b.iter(|| GetFindings::response(black_box(&response)).unwrap()));
        g.finish();
    }
    c.final_summary();
    common::report("cbor-getfindings", "minicbor", &["GetFindings::response"], body.len());
}
