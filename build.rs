//! Generates every model the tests use into `OUT_DIR`; `src/lib.rs` includes each as a module,
//! so the tests compile and run the generated code itself.

use std::path::Path;
use std::process::ExitCode;

use shapegen::{Builder, RequiredMembers, Strings};

fn main() -> ExitCode {
    let root = std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default();
    let root = Path::new(&root);
    let out = std::env::var_os("OUT_DIR").unwrap_or_default();
    let out = Path::new(&out);

    // A model with a 1 MB documentation string full of comment and code break-outs.
    let huge_doc = out.join("hostile-huge-doc.json");
    let doc = "<p>*/ } fn evil() { /* <b>x</b> [y](z) `w` #[x] ".repeat((1 << 20) / 48);
    let model = format!(
        r#"{{"metadata": {{"protocol": "rest-json", "serviceFullName": "Huge", "serviceId": "Huge"}},
            "operations": {{"Op": {{"name": "Op", "input": {{"shape": "In"}}}}}},
            "shapes": {{"In": {{"type": "structure", "members": {{"A": {{"shape": "S", "documentation": "{doc}"}}}},
                "documentation": "{doc}"}}, "S": {{"type": "string"}}}}}}"#
    );
    if let Err(err) = shapegen::write_if_changed(&huge_doc, model.as_bytes()) {
        eprintln!("error: {err}");
        return ExitCode::FAILURE;
    }

    let jobs = [
        (root.join("spec/guardduty/service-2.json"), "guardduty.rs", RequiredMembers::Lenient),
        (root.join("spec/guardduty/service-2.json"), "guardduty_strict.rs", RequiredMembers::Strict),
        (root.join("tests/fixtures/features.json"), "features.rs", RequiredMembers::Lenient),
        (root.join("tests/fixtures/obstacle-course.json"), "obstacle_course.rs", RequiredMembers::Lenient),
        (root.join("tests/fixtures/hostile/breakouts.json"), "hostile_breakouts.rs", RequiredMembers::Lenient),
        (root.join("tests/fixtures/hostile/names.json"), "hostile_names.rs", RequiredMembers::Lenient),
        (huge_doc, "hostile_huge_doc.rs", RequiredMembers::Lenient),
        (
            root.join("tests/fixtures/smithy/guardduty-2026-04-20-get-findings.json.gz"),
            "guardduty_2026.rs",
            RequiredMembers::Lenient,
        ),
        (root.join("tests/fixtures/smithy/features.json"), "smithy_features.rs", RequiredMembers::Strict),
    ];
    // The same models with borrowed strings: every kind of shape, names that collide with
    // the lifetime's, defaults, and the body the parse benchmark reads.
    let borrowed = [
        (root.join("tests/fixtures/features.json"), "features_borrowed.rs", RequiredMembers::Lenient),
        (root.join("tests/fixtures/obstacle-course.json"), "obstacle_course_borrowed.rs", RequiredMembers::Lenient),
        (
            root.join("tests/fixtures/smithy/guardduty-2026-04-20-get-findings.json.gz"),
            "guardduty_2026_borrowed.rs",
            RequiredMembers::Lenient,
        ),
        (root.join("tests/fixtures/smithy/features.json"), "smithy_features_borrowed.rs", RequiredMembers::Strict),
    ];
    let jobs = jobs
        .into_iter()
        .map(|job| (job, Strings::Owned))
        .chain(borrowed.into_iter().map(|job| (job, Strings::Borrowed)));
    for ((model, file, required), strings) in jobs {
        let mut builder = Builder::new();
        builder.model(model).file_name(file).required_members(required).strings(strings);
        if let Err(err) = builder.generate() {
            eprintln!("error: {err}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
