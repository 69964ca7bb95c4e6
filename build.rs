//! Generates every model the tests use into `OUT_DIR`; `src/lib.rs` includes each as a module,
//! so the tests compile and run the generated code itself.

use std::path::Path;
use std::process::ExitCode;

use shapegen::{Builder, Builders, RequiredMembers, Settings, Strings};

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

    let lenient = Settings::default();
    let strict = Settings { required: RequiredMembers::Strict, ..Settings::default() };
    // Borrowed strings on every kind of shape, names that collide with the lifetime's,
    // defaults, and the body the parse benchmark reads.
    let borrowed = Settings { strings: Strings::Borrowed, ..lenient.clone() };
    let smithy_features = root.join("tests/fixtures/smithy/features.json");
    let guardduty_2026 = root.join("tests/fixtures/smithy/guardduty-2026-04-20-get-findings.json.gz");
    let jobs = [
        (root.join("spec/guardduty/service-2.json"), "guardduty.rs", lenient.clone()),
        (root.join("spec/guardduty/service-2.json"), "guardduty_strict.rs", strict.clone()),
        (root.join("tests/fixtures/features.json"), "features.rs", lenient.clone()),
        (root.join("tests/fixtures/obstacle-course.json"), "obstacle_course.rs", lenient.clone()),
        (root.join("tests/fixtures/hostile/breakouts.json"), "hostile_breakouts.rs", lenient.clone()),
        (root.join("tests/fixtures/hostile/names.json"), "hostile_names.rs", lenient.clone()),
        (huge_doc, "hostile_huge_doc.rs", lenient.clone()),
        (guardduty_2026.clone(), "guardduty_2026.rs", lenient.clone()),
        (smithy_features.clone(), "smithy_features.rs", strict.clone()),
        (root.join("tests/fixtures/features.json"), "features_borrowed.rs", borrowed.clone()),
        (root.join("tests/fixtures/obstacle-course.json"), "obstacle_course_borrowed.rs", borrowed.clone()),
        (guardduty_2026, "guardduty_2026_borrowed.rs", borrowed),
        (smithy_features.clone(), "smithy_features_borrowed.rs", Settings { strings: Strings::Borrowed, ..strict }),
        (
            smithy_features,
            "smithy_features_no_builders.rs",
            Settings { builders: Builders::Omitted, ..Settings::default() },
        ),
    ];
    for (model, file, settings) in jobs {
        if let Err(err) = Builder::new().model(model).file_name(file).settings(settings).generate() {
            eprintln!("error: {err}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
