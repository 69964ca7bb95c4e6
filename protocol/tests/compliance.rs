//! Runs every case of the compliance suites and prints the report
//! (`cargo test -p protocol-tests -- --nocapture`).
//!
//! Fails when a case botocore runs fails without being listed in `expected-failures.toml`,
//! when a listed case passes (or no longer exists), or when a case's values could not be
//! built.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use protocol_tests::{CASES, MODELS, ModelStatus, VALUE_ERRORS, VALUES};

/// Longest reason the report prints for one case.
const MAX_REASON: usize = 1500;

thread_local! {
    /// Panics on this thread are caught and reported; the default hook stays quiet for them.
    static CATCHING: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`, turning a panic into `Err` with its message.
fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !CATCHING.with(Cell::get) {
                default(info);
            }
        }));
    });
    CATCHING.with(|c| c.set(true));
    let outcome = panic::catch_unwind(AssertUnwindSafe(f));
    CATCHING.with(|c| c.set(false));
    outcome.map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(a panic without a message)".to_owned());
        format!("panicked: {message}")
    })
}

/// `expected-failures.toml`: a table per suite file, case id → reason.
fn expected_failures() -> BTreeMap<(String, String), String> {
    let text = include_str!("../expected-failures.toml");
    let table: toml::Table = text.parse().unwrap_or_else(|e| panic!("expected-failures.toml: {e}"));
    let mut listed = BTreeMap::new();
    for (file, cases) in table {
        let cases = cases.as_table().unwrap_or_else(|| panic!("expected-failures.toml: [{file:?}] is not a table"));
        for (id, reason) in cases {
            let reason = reason.as_str().unwrap_or_else(|| panic!("expected-failures.toml: {file} {id}: not a string"));
            assert!(!reason.trim().is_empty(), "expected-failures.toml: {file} {id}: give the reason");
            listed.insert((file.clone(), id.clone()), reason.to_owned());
        }
    }
    listed
}

fn shorten(reason: &str) -> String {
    if reason.len() <= MAX_REASON {
        return reason.to_owned();
    }
    let mut end = MAX_REASON;
    while !reason.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes more)", &reason[..end], reason.len() - end)
}

#[derive(Default)]
struct Tally {
    cases: usize,
    passed: usize,
    failed: usize,
    ignored: usize,
    ignored_passed: usize,
}

#[test]
fn compliance() {
    let listed = expected_failures();
    let mut tallies: Vec<(&str, Tally)> = Vec::new();
    let mut failures = Vec::new();
    let mut ignored_failures = Vec::new();
    let mut unexpected = Vec::new();
    let mut stale = Vec::new();
    for case in CASES {
        if tallies.last().is_none_or(|(file, _)| *file != case.file) {
            tallies.push((case.file, Tally::default()));
        }
        let tally = &mut tallies.last_mut().expect("pushed above").1;
        let outcome = catch(case.run).and_then(|r| r);
        let key = (case.file.to_owned(), case.id.to_owned());
        let expected = listed.get(&key);
        tally.cases += 1;
        if case.ignored {
            tally.ignored += 1;
        }
        match outcome {
            Ok(()) => {
                tally.passed += 1;
                if case.ignored {
                    tally.ignored_passed += 1;
                }
                if expected.is_some() {
                    stale.push(format!("{} {}: listed as failing, but passes", case.file, case.id));
                }
            }
            Err(reason) => {
                tally.failed += 1;
                let description = case.description.split_whitespace().collect::<Vec<_>>().join(" ");
                let line = format!("  {} {} ({description}): {}", case.file, case.id, shorten(&reason));
                if case.ignored {
                    ignored_failures.push(line);
                } else {
                    if expected.is_none() {
                        unexpected.push(format!("{} {}", case.file, case.id));
                    }
                    failures.push(match expected {
                        Some(why) => format!("{line}\n      listed: {why}"),
                        None => line,
                    });
                }
            }
        }
    }
    for (file, id) in listed.keys() {
        if !CASES.iter().any(|c| c.file == file && c.id == id) {
            stale.push(format!("{file} {id}: listed, but no such case"));
        }
    }

    let mut report =
        String::from("\nProtocol compliance (cases ignored by botocore are counted in the totals too)\n\n");
    let _ = writeln!(
        report,
        "{:<52} {:>6} {:>7} {:>7} {:>8} {:>15}",
        "file", "cases", "passed", "failed", "ignored", "ignored passed"
    );
    let mut total = Tally::default();
    for (file, t) in &tallies {
        let _ = writeln!(
            report,
            "{:<52} {:>6} {:>7} {:>7} {:>8} {:>15}",
            file, t.cases, t.passed, t.failed, t.ignored, t.ignored_passed
        );
        total.cases += t.cases;
        total.passed += t.passed;
        total.failed += t.failed;
        total.ignored += t.ignored;
        total.ignored_passed += t.ignored_passed;
    }
    let _ = writeln!(
        report,
        "{:<52} {:>6} {:>7} {:>7} {:>8} {:>15}",
        "total", total.cases, total.passed, total.failed, total.ignored, total.ignored_passed
    );
    let run_by_botocore = total.cases - total.ignored;
    let _ =
        writeln!(report, "\nCases botocore runs: {run_by_botocore}, passed {}", total.passed - total.ignored_passed);
    let troubled: Vec<_> =
        MODELS.iter().filter(|m| m.status != ModelStatus::Generated || !m.warnings.is_empty()).collect();
    if !troubled.is_empty() {
        let _ = writeln!(report, "\nModels:");
        for m in troubled {
            let _ = writeln!(report, "  {} (suite {} of {}): {:?}", m.module, m.suite, m.file, m.status);
            for w in m.warnings {
                let _ = writeln!(report, "    warning: {w}");
            }
        }
    }
    if !failures.is_empty() {
        let _ = writeln!(report, "\nFailing cases botocore runs ({}):", failures.len());
        for f in &failures {
            let _ = writeln!(report, "{f}");
        }
    }
    if !ignored_failures.is_empty() {
        let _ = writeln!(
            report,
            "\nFailing cases botocore ignores ({}), not counted against the test:",
            ignored_failures.len()
        );
        for f in &ignored_failures {
            let _ = writeln!(report, "{f}");
        }
    }
    if !stale.is_empty() {
        let _ = writeln!(report, "\nStale entries of expected-failures.toml ({}):", stale.len());
        for s in &stale {
            let _ = writeln!(report, "  {s}");
        }
    }
    println!("{report}");
    assert!(
        unexpected.is_empty() && stale.is_empty(),
        "{} failing case(s) not in expected-failures.toml, {} stale entr(y/ies): see the report above\n{}",
        unexpected.len(),
        stale.len(),
        unexpected.join("\n")
    );
}

/// Every value of every case (params, result, error) has an expression, and each builds a
/// value of the generated type without panicking.
#[test]
fn every_value_builds() {
    let mut problems: Vec<String> =
        VALUE_ERRORS.iter().map(|e| format!("{} {} {}: {}", e.file, e.id, e.which, e.reason)).collect();
    for check in VALUES {
        if let Err(reason) = catch(check.build) {
            problems.push(format!("{} {} {}: {reason}", check.file, check.id, check.which));
        }
    }
    assert!(problems.is_empty(), "values that do not build:\n{}", problems.join("\n"));
    assert!(!VALUES.is_empty());
}

/// The checks compare what they should.
#[test]
fn checks() {
    use protocol_tests::check::{body, json_eq, query};
    let v = |s: &str| serde_json::from_str::<serde_json::Value>(s).unwrap();
    assert!(json_eq(&v(r#"{"a": 1, "b": [1.5, 2]}"#), &v(r#"{"b": [1.5, 2.0], "a": 1.0}"#)));
    assert!(!json_eq(&v(r#"{"a": 1}"#), &v(r#"{"a": 1, "b": null}"#)));

    assert!(query("a=1&b=2&a=1", "b=2&a=1&a=1").is_ok());
    let err = query("a=%2F", "a=/").unwrap_err();
    assert!(err.contains("equal once percent-decoded"), "{err}");
    assert!(query("a=1", "a=1&a=1").is_err());

    assert!(body(b"{}", b"{ }").is_ok());
    assert!(body(b"", b"").is_ok());
    assert!(body(b"{}", b"").is_err());
    assert!(body(b"blob", b"blob").is_ok());
    assert!(body(b"blob2", b"blob").is_err());
    assert!(body(b"not json", b"{\"a\": 1}").is_err());
    assert!(body(b"{\"a\": 1.0}", b"{\"a\": 1}").is_ok());
}
