//! The build script API: what it reads, writes and tells cargo, and how it fails.

use std::path::{Path, PathBuf};

fn spec() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("spec/guardduty/service-2.json")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn writes_only_its_file_and_watches_only_its_model_paginators_and_endpoint_rules() {
    let out = temp_dir("build-api-out");
    let path = shapegen::Builder::new()
        .model(spec())
        .operation("GetFindings")
        .out_dir(&out)
        .file_name("guardduty.rs")
        .quiet(true)
        .generate()
        .unwrap();
    assert_eq!(path, out.join("guardduty.rs"));
    let written: Vec<_> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(written, ["guardduty.rs"]);

    let generated = shapegen::Builder::new().model(spec()).operation("GetFindings").generate_source().unwrap();
    let paginators = spec().with_file_name("paginators-1.json");
    let rules = spec().with_file_name("endpoint-rule-set-1.json");
    assert_eq!(
        generated.cargo,
        [
            format!("cargo:rerun-if-changed={}", spec().display()),
            format!("cargo:rerun-if-changed={}", paginators.display()),
            format!("cargo:rerun-if-changed={}", rules.display())
        ]
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), generated.source);
}

#[test]
fn an_unchanged_file_is_not_rewritten() {
    let out = temp_dir("build-api-unchanged");
    let builder = {
        let mut b = shapegen::Builder::new();
        b.model(spec()).out_dir(&out).file_name("g.rs").quiet(true);
        b
    };
    let path = builder.generate().unwrap();
    let first = std::fs::metadata(&path).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    builder.generate().unwrap();
    assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), first);
}

#[test]
fn the_default_file_name_is_the_service_id() {
    let out = temp_dir("build-api-default-name");
    let path = shapegen::Builder::new().model(spec()).out_dir(&out).quiet(true).generate().unwrap();
    assert_eq!(path.file_name().unwrap(), "guard_duty.rs");
}

#[test]
fn a_broken_model_is_an_error_with_file_line_and_column() {
    let dir = temp_dir("build-api-broken");
    let model = dir.join("service-2.json");
    let text = std::fs::read_to_string(spec()).unwrap().replacen(r#""type": "boolean""#, r#""type": "bool""#, 1);
    std::fs::write(&model, &text).unwrap();
    let err = shapegen::Builder::new().model(&model).out_dir(&dir).quiet(true).generate().unwrap_err();
    let line = text.lines().position(|l| l.contains(r#""type": "bool""#)).unwrap() + 1;
    assert_eq!(
        err.to_string(),
        format!(
            "{}:{line}:7: shapes.Boolean.type: unknown shape type \"bool\" (known: structure, list, map, string, integer, long, float, double, boolean, blob, timestamp)",
            model.display()
        )
    );
    // Nothing was written.
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
}

#[test]
fn missing_settings_are_errors() {
    let err = shapegen::Builder::new().out_dir(".").quiet(true).generate().unwrap_err();
    assert_eq!(err.to_string(), "no model given: call .model(path)");
    let err = shapegen::Builder::new().model(spec()).operation("Nope").generate_source().unwrap_err();
    assert_eq!(err.to_string(), "no operation named \"Nope\" in Amazon GuardDuty");
}
