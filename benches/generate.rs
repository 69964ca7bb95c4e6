//! Generating the Rust source of whole models (every operation), beside the floor: parsing
//! the same bytes into `serde_json::Value`.
//!
//! Besides the whole of `generate_from_bytes` (which emits and formats on every core), each
//! stage is measured alone on the previous stage's result, so the report shows where the time
//! goes: `read` (JSON into the model), `select` (the closure of every operation, boxed
//! members), `emit` (tokens, parsed into a `syn::File`, on one thread) and `prettyplease`
//! (formatting that file: the part no change to shapegen makes faster); and `one thread`,
//! emitting and formatting the selection as `generate` does, on one thread.
//!
//! `cargo bench --bench generate`; the ratios printed at the end are of the medians of this
//! run. The models are decompressed before timing: gzip is not measured.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput};
use shapegen::Settings;

mod common;

/// The stages measured beside the whole, in pipeline order.
const STAGES: [&str; 6] = ["generate", "read", "select", "emit", "prettyplease", "one thread"];

fn model(path: &str) -> Vec<u8> {
    let bytes = std::fs::read(common::root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    shapegen::read::decompress(&bytes).unwrap_or_else(|e| panic!("{path}: {e}")).into_owned()
}

fn generate(c: &mut Criterion, group: &str, bytes: &[u8]) {
    let settings = Settings::default();
    let loaded = shapegen::read::load(bytes, None).expect("the model reads");
    let model = &loaded.model;
    let selection = shapegen::select::select(model, &[], &[]).expect("every operation selects");
    let file = shapegen::emit::file(model, &selection, &settings).expect("the model emits");

    let mut g = c.benchmark_group(group);
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    // Each run takes tens to hundreds of milliseconds: few samples, enough time for them.
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(10));
    g.bench_function("Value", |b| b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(bytes)).unwrap()));
    g.bench_function("generate", |b| {
        b.iter(|| shapegen::generate_from_bytes(black_box(bytes), &[], &settings).unwrap())
    });
    g.bench_function("read", |b| b.iter(|| shapegen::read::load(black_box(bytes), None).unwrap()));
    g.bench_function("select", |b| b.iter(|| shapegen::select::select(black_box(model), &[], &[]).unwrap()));
    g.bench_function("emit", |b| b.iter(|| shapegen::emit::file(black_box(model), &selection, &settings).unwrap()));
    g.bench_function("prettyplease", |b| b.iter(|| prettyplease::unparse(black_box(&file))));
    g.bench_function("one thread", |b| {
        b.iter(|| shapegen::emit::generate_on(black_box(model), &selection, &settings, 1).unwrap())
    });
    g.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();

    let guardduty = model("tests/fixtures/smithy/guardduty-2026-04-20.json.gz");
    generate(&mut c, "generate-guardduty", &guardduty);
    let guardduty_botocore = model("proof/models/guardduty/2017-11-28/service-2.json.gz");
    generate(&mut c, "generate-guardduty-botocore", &guardduty_botocore);
    let ec2 = model("proof/models/ec2/2016-11-15/service-2.json.gz");
    generate(&mut c, "generate-ec2", &ec2);

    c.final_summary();
    common::report("generate-guardduty", "Value", &STAGES, guardduty.len());
    common::report("generate-guardduty-botocore", "Value", &STAGES, guardduty_botocore.len());
    common::report("generate-ec2", "Value", &STAGES, ec2.len());
}
