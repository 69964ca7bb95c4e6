//! Parsing and serializing a GetFindings response with the generated types, beside the floor
//! (serde_json parsing into `IgnoredAny`: every byte read, nothing kept) and `Value`.
//!
//! `cargo bench --bench parse`; the ratios printed at the end are of the medians of this run.
//! `CALLS=N FUNCTION=NAME` runs only one parse of the 2026 body (`IgnoredAny`, `generated`,
//! `generated, borrowed strings` or `Value`) N times, without criterion: for counts the
//! machine's load moves less than the clock (`perf stat -e cycles:u,instructions:u`, callgrind).

use std::hint::black_box;

use criterion::{Criterion, Throughput};
use serde::de::IgnoredAny;

mod common;

/// A parse with the generated types, by the name the report gives it.
type Parser<'n> = (&'n str, fn(&[u8]));

/// The floor, the generated types (each of `generated`), and `Value`, on `body`.
fn parse(c: &mut Criterion, group: &str, body: &[u8], generated: &[Parser]) {
    let mut g = c.benchmark_group(group);
    g.throughput(Throughput::Bytes(body.len() as u64));
    g.bench_function("IgnoredAny", |b| b.iter(|| serde_json::from_slice::<IgnoredAny>(black_box(body)).unwrap()));
    for (name, parse) in generated {
        g.bench_function(*name, |b| b.iter(|| parse(black_box(body))));
    }
    g.bench_function("Value", |b| b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(body)).unwrap()));
    g.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();

    let current = common::current_body();
    let generated: [Parser; 2] = [
        ("generated", |body| {
            use shapegen_tests::guardduty_2026::{GetFindingsResponse, json};
            black_box(json::from_slice::<GetFindingsResponse>(body).unwrap());
        }),
        // The same model generated with `Strings::Borrowed`.
        ("generated, borrowed strings", |body| {
            use shapegen_tests::guardduty_2026_borrowed::{GetFindingsResponse, json};
            black_box(json::from_slice::<GetFindingsResponse>(body).unwrap());
        }),
    ];
    if let Some((calls, function)) = common::one_function() {
        let run: fn(&[u8]) = match function.as_str() {
            "IgnoredAny" => |body| {
                black_box(serde_json::from_slice::<IgnoredAny>(body).unwrap());
            },
            "Value" => |body| drop(black_box(serde_json::from_slice::<serde_json::Value>(body).unwrap())),
            name => match generated.iter().find(|(n, _)| *n == name) {
                Some((_, parse)) => *parse,
                None => panic!("FUNCTION: {name:?} is not measured here"),
            },
        };
        for _ in 0..calls {
            run(black_box(&current));
        }
        return;
    }
    parse(&mut c, "parse-2026", &current, &generated);
    let seed_era = common::seed_era_body();
    parse(
        &mut c,
        "parse-2020",
        &seed_era,
        &[("generated", |body| {
            black_box(guardduty_types::json::from_slice::<guardduty_types::GetFindingsResponse>(body).unwrap());
        })],
    );

    // Serializing: the generated types against the same document held as `Value`.
    let typed: shapegen_tests::guardduty_2026::GetFindingsResponse = serde_json::from_slice(&current).unwrap();
    let value: serde_json::Value = serde_json::from_slice(&current).unwrap();
    let mut g = c.benchmark_group("serialize-2026");
    g.throughput(Throughput::Bytes(current.len() as u64));
    g.bench_function("Value", |b| b.iter(|| serde_json::to_vec(black_box(&value)).unwrap()));
    g.bench_function("generated", |b| b.iter(|| serde_json::to_vec(black_box(&typed)).unwrap()));
    g.finish();

    c.final_summary();
    common::report("parse-2026", "IgnoredAny", &["generated", "generated, borrowed strings", "Value"], current.len());
    common::report("parse-2020", "IgnoredAny", &["generated", "Value"], seed_era.len());
    common::report("serialize-2026", "Value", &["generated"], current.len());
}
