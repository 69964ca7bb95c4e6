//! Parsing the GetFindings body the main benchmarks parse (50 findings sampled from the
//! 2026-04-20 model: `benches/common.rs`), with the generated types and with the AWS SDK for
//! Rust's own deserializer, beside the floor (serde_json into `IgnoredAny`: every byte read,
//! nothing kept) and `serde_json::Value`.
//!
//! `cargo bench --manifest-path peers/Cargo.toml -p peers-parse`; the ratios printed at the
//! end are of the medians of this run.

use std::hint::black_box;

use aws_sdk_guardduty::operation::get_findings::{GetFindings, GetFindingsOutput};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::runtime_plugin::RuntimePlugin;
use aws_smithy_runtime_api::client::ser_de::{DeserializeResponse, SharedResponseDeserializer};
use aws_smithy_runtime_api::http::StatusCode;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::config_bag::ConfigBag;
use criterion::{Criterion, Throughput};
use guardduty_types_full::GetFindingsResponse;
use serde::de::IgnoredAny;

#[path = "../../../benches/common.rs"]
mod common;

/// The SDK's response deserializer for GetFindings, as its client runs it: the one the
/// operation's runtime plugin stores in its config layer, given a 200 response with the body
/// and the config bag holding that layer.
struct Sdk {
    cfg: ConfigBag,
    response: HttpResponse,
}

impl Sdk {
    fn new(body: &[u8]) -> Self {
        let mut cfg = ConfigBag::base();
        cfg.push_shared_layer(GetFindings::new().config().expect("GetFindings has a config layer"));
        let status = StatusCode::try_from(200).expect("200 is a status code");
        Self { cfg, response: HttpResponse::new(status, SdkBody::from(body.to_vec())) }
    }

    fn parse(&self) -> GetFindingsOutput {
        let deserializer = self.cfg.load::<SharedResponseDeserializer>().expect("GetFindings stores its deserializer");
        let output = deserializer
            .deserialize_nonstreaming_with_config(black_box(&self.response), &self.cfg)
            .unwrap_or_else(|err| panic!("the SDK rejects the body: {err:?}"));
        output.downcast::<GetFindingsOutput>().expect("GetFindings gives a GetFindingsOutput")
    }
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let body = common::current_body();

    // Both parse every finding before anything is timed.
    let shapegen = guardduty_types_full::json::from_slice::<GetFindingsResponse>(&body).unwrap();
    assert_eq!(shapegen.findings.map_or(0, |f| f.len()), common::FINDINGS);
    let sdk = Sdk::new(&body);
    assert_eq!(sdk.parse().findings().len(), common::FINDINGS);

    let mut g = c.benchmark_group("peer-parse");
    g.throughput(Throughput::Bytes(body.len() as u64));
    g.bench_function("IgnoredAny", |b| b.iter(|| serde_json::from_slice::<IgnoredAny>(black_box(&body)).unwrap()));
    g.bench_function("shapegen", |b| {
        b.iter(|| guardduty_types_full::json::from_slice::<GetFindingsResponse>(black_box(&body)).unwrap())
    });
    // The same types read by serde_json alone, without the path that `json::from_slice`
    // keeps for its errors.
    g.bench_function("shapegen-serde_json", |b| {
        b.iter(|| serde_json::from_slice::<GetFindingsResponse>(black_box(&body)).unwrap())
    });
    g.bench_function("aws-sdk-guardduty", |b| b.iter(|| sdk.parse()));
    g.bench_function("Value", |b| b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(&body)).unwrap()));
    g.finish();

    c.final_summary();
    common::report(
        "peer-parse",
        "IgnoredAny",
        &["shapegen", "shapegen-serde_json", "aws-sdk-guardduty", "Value"],
        body.len(),
    );
}
