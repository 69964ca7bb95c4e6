//! The operations' cost over the types': `GetFindings::response` reading the benchmark body
//! from an `http::Response`, beside `json::from_slice` reading the same bytes (the floor: the
//! response adds only its status check and bound members); and `GetFindings::request` for 50
//! finding ids, beside serde_json writing the same input (its body) alone.
//!
//! `cargo bench --bench operations`; the ratios printed at the end are of the medians of this run.
//! `CALLS=N FUNCTION=NAME` runs one function alone, N times (`json::from_slice`,
//! `GetFindings::response` or `serde_json::to_vec`). The allocations of a request are counted
//! by `tests/request_allocations.rs`.

use std::hint::black_box;

use criterion::{Criterion, Throughput};
use shapegen_runtime::http;
use shapegen_tests::guardduty_2026::operations::GetFindings;
use shapegen_tests::guardduty_2026::{GetFindingsRequest, GetFindingsResponse, json};

mod common;

fn main() {
    let mut c = Criterion::default().configure_from_args();

    let body = common::current_body();
    let response = http::Response::builder().status(200).body(body.clone()).unwrap();
    // For instruction counts, which the machine's load does not move: `CALLS=N FUNCTION=NAME`
    // runs only that function N times, without criterion, under `valgrind --tool=callgrind`.
    if let Some((calls, function)) = common::one_function() {
        let parsed = json::from_slice::<GetFindingsResponse>(&body).unwrap();
        for _ in 0..calls {
            match function.as_str() {
                "json::from_slice" => {
                    drop(black_box(json::from_slice::<GetFindingsResponse>(black_box(&body)).unwrap()))
                }
                "GetFindings::response" => drop(black_box(GetFindings::response(black_box(&response)).unwrap())),
                // Writing the response back: the generated `Serialize`.
                "serde_json::to_vec" => drop(black_box(serde_json::to_vec(black_box(&parsed)).unwrap())),
                other => panic!("FUNCTION: {other:?} is not measured here"),
            }
        }
        return;
    }
    // Twice over, in turn: the first function measured in a process ran up to 45% slower than
    // the same work measured later (it shrank with glibc's mmap threshold fixed), so only the
    // second round, which overwrites the first's estimates, counts.
    for _round in 0..2 {
        let mut g = c.benchmark_group("response-2026");
        g.throughput(Throughput::Bytes(body.len() as u64));
        g.bench_function("json::from_slice", |b| {
            b.iter(|| json::from_slice::<GetFindingsResponse>(black_box(&body)).unwrap())
        });
        g.bench_function("GetFindings::response", |b| b.iter(|| GetFindings::response(black_box(&response)).unwrap()));
        g.finish();
    }

    let input = GetFindingsRequest::builder()
        .detector_id("12abc34d567e8fa901bc2d34e56789f0")
        .finding_ids((0..common::FINDINGS).map(|i| format!("1ab92989eaf0e742df4a014d5{i:07}")).collect::<Vec<_>>())
        .build();
    const ENDPOINT: &str = "https://guardduty.us-east-1.amazonaws.com";
    let request_body = GetFindings::request(&input, ENDPOINT).unwrap().into_body();
    let mut g = c.benchmark_group("request-2026");
    g.throughput(Throughput::Bytes(request_body.len() as u64));
    g.bench_function("serde_json::to_vec", |b| b.iter(|| serde_json::to_vec(black_box(&input)).unwrap()));
    g.bench_function("GetFindings::request", |b| b.iter(|| GetFindings::request(black_box(&input), ENDPOINT).unwrap()));
    g.finish();

    c.final_summary();
    common::report("response-2026", "json::from_slice", &["GetFindings::response"], body.len());
    common::report("request-2026", "serde_json::to_vec", &["GetFindings::request"], request_body.len());
}
