//! The generated source of every case of `tests/cases/`, as insta snapshots kept beside the
//! case's model: `generated.snap` for the case, and for each variant (the same model with other
//! settings) `variant-NAME.snap`, the diff from the case's own code, which says what the
//! setting changes. A change to the generator or to a model fails here until the new snapshot
//! is reviewed (`cargo insta review`).

use shapegen_tests::case_list::CASES;

#[test]
fn every_case_matches_its_snapshots() {
    for &(case, variant, source) in CASES {
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(format!("cases/{case}"));
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        settings.set_description(if variant.is_empty() {
            format!("The code generated for tests/cases/{case}.")
        } else {
            format!("What the variant {variant:?} changes in the code generated for tests/cases/{case}.")
        });
        settings.bind(|| {
            if variant.is_empty() {
                insta::assert_snapshot!("generated", source);
            } else {
                insta::assert_snapshot!(format!("variant-{variant}"), diff(base(case), source, variant));
            }
        });
    }
}

/// The source of a case itself.
fn base(case: &str) -> &'static str {
    CASES.iter().find(|(c, v, _)| *c == case && v.is_empty()).map(|(.., source)| *source).unwrap_or_default()
}

fn diff(base: &str, variant_source: &str, variant: &str) -> String {
    let diff = similar::TextDiff::from_lines(base, variant_source);
    diff.unified_diff().context_radius(1).header("base", variant).to_string()
}

/// The crate users depend on compiles exactly the source snapshotted for `tests/cases/guardduty`.
#[test]
fn guardduty_types_is_the_snapshotted_source() {
    let model = concat!(env!("CARGO_MANIFEST_DIR"), "/spec/guardduty/service-2.json");
    let generated = shapegen::Builder::new().model(model).generate_source().unwrap();
    assert_eq!(generated.source, base("guardduty"));
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
}

/// Generation is a pure function of the model: the same bytes every time.
#[test]
fn generation_is_deterministic() {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cases/features/model.json")).unwrap();
    let settings = shapegen::Settings::default();
    let first = shapegen::generate_from_bytes(&bytes, &[], &settings).unwrap().source;
    for _ in 0..3 {
        assert_eq!(shapegen::generate_from_bytes(&bytes, &[], &settings).unwrap().source, first);
    }
    assert_eq!(first, base("features"));
}

/// The types and the rest of a file are emitted on two threads when there are cores for
/// them: the same bytes as on one thread, and as the syntax tree `emit::file` gives, formatted.
#[test]
fn generation_does_not_depend_on_threads() {
    for case in ["features", "obstacle-course", "rest-xml", "smithy-features"] {
        let path = format!("{}/tests/cases/{case}/model.json", env!("CARGO_MANIFEST_DIR"));
        let loaded = shapegen::read::load(&std::fs::read(&path).unwrap(), None).unwrap();
        let selection = shapegen::select::select(&loaded.model, &[], &[]).unwrap();
        let settings = shapegen::Settings::default();
        let one = shapegen::emit::generate_on(&loaded.model, &selection, &settings, 1).unwrap();
        let two = shapegen::emit::generate_on(&loaded.model, &selection, &settings, 2).unwrap();
        assert_eq!(one, two, "{case}");
        let tree = shapegen::emit::file(&loaded.model, &selection, &settings).unwrap();
        assert_eq!(shapegen::emit::render(&tree), one, "{case}");
        assert!(one.contains("pub mod builders") && one.contains("pub mod operations"), "{case}: a part is missing");
        assert_eq!(one.contains("pub fn default_"), case == "smithy-features", "{case}: the support module's defaults");
    }
}
