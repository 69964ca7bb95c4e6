//! What the benchmarks share: the bodies they parse, and the ratio report each prints.
//!
//! Also compiled into `peers/` (by `#[path]`), so that the peer comparison parses the very
//! same bytes.

#![allow(dead_code)] // Each bench uses part of it.

use std::path::Path;

use shapegen::sample::{Options, Sampler};

/// The seed of every sampled body: the same bytes on every run and machine.
pub const SEED: u64 = 2026;

/// How many findings a GetFindings body holds: the most GetFindings returns in one page.
pub const FINDINGS: usize = 50;

/// `CALLS=N FUNCTION=NAME` in the environment: run that one function N times, without
/// criterion, for counts that the machine's load does not move (callgrind, `perf stat`).
pub fn one_function() -> Option<(usize, String)> {
    let (calls, function) = (std::env::var("CALLS").ok()?, std::env::var("FUNCTION").ok()?);
    Some((calls.parse().expect("CALLS: a number"), function))
}

/// The repository root: the nearest directory holding `spec/`, from the compiling crate's
/// (the main workspace's root, or a crate in `peers/`).
pub fn root() -> &'static Path {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.ancestors().find(|dir| dir.join("spec").is_dir()).expect("spec/ above CARGO_MANIFEST_DIR")
}

/// The compiling crate's workspace root: the nearest directory holding `Cargo.lock`.
fn workspace_root() -> &'static Path {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.ancestors().find(|dir| dir.join("Cargo.lock").is_file()).unwrap_or(manifest_dir)
}

/// A GetFindings response body of [`FINDINGS`] findings, sampled (realistic profile: every
/// member filled, plain values, wire names) from `model`, a path under the workspace root.
pub fn get_findings_body(model: &str) -> Vec<u8> {
    let bytes = std::fs::read(root().join(model)).unwrap_or_else(|e| panic!("{model}: {e}"));
    let loaded = shapegen::read::load(&bytes, None).unwrap_or_else(|e| panic!("{model}: {e}"));
    let mut sampler = Sampler::new(&loaded.model, SEED).with_options(Options::realistic());
    let findings: Vec<_> = (0..FINDINGS).map(|_| sampler.sample("Finding").expect("Finding")).collect();
    let mut body = b"{\"findings\":".to_vec();
    serde_json::to_writer(&mut body, &findings).expect("a sample serializes");
    body.push(b'}');
    body
}

/// The GetFindings body of today's GuardDuty (the 2026-04-20 Smithy model).
pub fn current_body() -> Vec<u8> {
    get_findings_body("tests/cases/guardduty-2026/model.json.gz")
}

/// The GetFindings body of the seed-era model (botocore 1.17.55, in `spec/`).
pub fn seed_era_body() -> Vec<u8> {
    get_findings_body("spec/guardduty/service-2.json")
}

/// The median estimate, in nanoseconds, that criterion recorded for `group/function`.
pub fn median_ns(group: &str, function: &str) -> Option<f64> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"));
    // Criterion's folder names replace the characters file systems may not take.
    let folder: String = function.chars().map(|c| if "?\"/\\*<>:|^".contains(c) { '_' } else { c }).collect();
    // A bench that runs its group twice (the first round warming the machine) reports the
    // second, which criterion keeps under the name with `_2`.
    let group_dir = target.join("criterion").join(group);
    let second = group_dir.join(format!("{folder}_2/new/estimates.json"));
    let path = if second.is_file() { second } else { group_dir.join(folder).join("new/estimates.json") };
    let text = std::fs::read_to_string(path).ok()?;
    let estimates: serde_json::Value = serde_json::from_str(&text).ok()?;
    estimates["median"]["point_estimate"].as_f64()
}

/// Prints each function of `group` beside the floor (`floor`, a function of the same group):
/// median time, throughput over `bytes`, and the ratio to the floor's median; and records the
/// same in `benches/results/GROUP.json`, from which `scripts/plot` draws the chart.
pub fn report(group: &str, floor: &str, functions: &[&str], bytes: usize) {
    let Some(base) = median_ns(group, floor) else {
        println!("{group}: no estimate for the floor {floor:?}; was it filtered out?");
        return;
    };
    println!("\n{group}: {bytes} bytes; medians, and the ratio to {floor}");
    let mut rows = Vec::new();
    for function in std::iter::once(&floor).chain(functions) {
        let Some(ns) = median_ns(group, function) else {
            println!("  {function:<40} (not run)");
            continue;
        };
        let (mb_s, ratio) = (bytes as f64 / ns * 1e3, ns / base);
        println!("  {function:<40} {:>10.1} µs {mb_s:>9.0} MB/s {ratio:>7.2}×", ns / 1e3);
        rows.push(serde_json::json!({"function": function, "median_ns": ns, "mb_per_s": mb_s, "ratio": ratio}));
    }
    let record = serde_json::json!({"group": group, "floor": floor, "bytes": bytes, "results": rows});
    let dir = root().join("benches/results");
    let written = std::fs::create_dir_all(&dir).and_then(|()| {
        std::fs::write(dir.join(format!("{group}.json")), serde_json::to_string_pretty(&record).unwrap() + "\n")
    });
    if let Err(err) = written {
        println!("  (not recorded: {err})");
    }
}
