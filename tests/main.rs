//! The workspace's integration tests, one module per file of `tests/`, in one test binary:
//! compiled and linked once, the generic code they share (the readers and writers of the same
//! generated types) instantiated once, and run side by side on every core. Two files stay
//! binaries of their own (`responses.rs`, `request_allocations.rs`): each installs a global
//! allocator that measures the whole process.

mod borrowed;
mod build_api;
mod cbor;
mod diff;
mod endpoints;
mod equivalence;
mod eventbridge;
mod features;
mod guardduty;
mod guardduty_2026;
mod hostile;
mod obstacle_course;
mod operations;
mod query;
mod rest_xml;
mod self_contained;
mod smithy_features;
mod snapshots;
mod waiters;

/// Cargo no longer finds test files by itself (`autotests = false`): a file of `tests/` that is
/// neither a module here nor a `[[test]]` of the manifest would never run.
#[test]
fn every_test_file_runs() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let main = std::fs::read_to_string(root.join("tests/main.rs")).unwrap();
    let manifest: toml::Table = toml::from_str(&std::fs::read_to_string(root.join("Cargo.toml")).unwrap()).unwrap();
    // Each [[test]]'s file: its `path`, else `tests/NAME.rs`.
    let test_files: Vec<String> = manifest["test"]
        .as_array()
        .unwrap()
        .iter()
        .map(|test| match test.get("path").and_then(toml::Value::as_str) {
            Some(path) => path.to_owned(),
            None => format!("tests/{}.rs", test["name"].as_str().unwrap()),
        })
        .collect();
    for entry in std::fs::read_dir(root.join("tests")).unwrap() {
        let path = entry.unwrap().path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()).and_then(|n| n.strip_suffix(".rs")) else {
            continue;
        };
        let runs =
            main.lines().any(|line| line == format!("mod {name};")) || test_files.contains(&format!("tests/{name}.rs"));
        assert!(runs, "tests/{name}.rs is neither a module of tests/main.rs nor a [[test]] of Cargo.toml");
    }
}
