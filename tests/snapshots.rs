//! The generated source of every model the tests compile, as insta snapshots: a change to the
//! generator or a model shows here as a diff to review (`cargo insta review`).

macro_rules! generated {
    ($file:literal) => {
        include_str!(concat!(env!("OUT_DIR"), "/", $file))
    };
}

#[test]
fn guardduty_get_findings() {
    insta::assert_snapshot!("guardduty_get_findings", generated!("guardduty.rs"));
}

#[test]
fn guardduty_get_findings_strict() {
    insta::assert_snapshot!("guardduty_get_findings_strict", generated!("guardduty_strict.rs"));
}

#[test]
fn features() {
    insta::assert_snapshot!("features", generated!("features.rs"));
}

#[test]
fn obstacle_course() {
    insta::assert_snapshot!("obstacle_course", generated!("obstacle_course.rs"));
}

#[test]
fn guardduty_2026_get_findings() {
    insta::assert_snapshot!("guardduty_2026_get_findings", generated!("guardduty_2026.rs"));
}

#[test]
fn smithy_features() {
    insta::assert_snapshot!("smithy_features", generated!("smithy_features.rs"));
}

/// The crate users depend on compiles exactly the source snapshotted above.
#[test]
fn guardduty_types_is_the_snapshotted_source() {
    let model = concat!(env!("CARGO_MANIFEST_DIR"), "/spec/guardduty/service-2.json");
    let generated = shapegen::Builder::new().model(model).operation("GetFindings").generate_source().unwrap();
    assert_eq!(generated.source, generated!("guardduty.rs"));
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
}

/// Generation is a pure function of the model: the same bytes every time.
#[test]
fn generation_is_deterministic() {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/features.json")).unwrap();
    let settings = shapegen::Settings::default();
    let first = shapegen::generate_from_bytes(&bytes, &[], &settings).unwrap().source;
    for _ in 0..3 {
        assert_eq!(shapegen::generate_from_bytes(&bytes, &[], &settings).unwrap().source, first);
    }
    assert_eq!(first, generated!("features.rs"));
}

/// What borrowed strings change in the generated code: the diff from the owned code of the
/// same model.
#[test]
fn borrowed_strings() {
    for (name, owned, borrowed) in [
        ("features_borrowed", generated!("features.rs"), generated!("features_borrowed.rs")),
        ("smithy_features_borrowed", generated!("smithy_features.rs"), generated!("smithy_features_borrowed.rs")),
    ] {
        let diff = similar::TextDiff::from_lines(owned, borrowed);
        let diff = diff.unified_diff().context_radius(1).header("owned", "borrowed").to_string();
        insta::assert_snapshot!(name, diff);
    }
}
