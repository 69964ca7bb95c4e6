//! The same API read from its Smithy JSON AST and from its botocore `service-2.json` gives the
//! same model and the same Rust, byte for byte, for every operation.
//!
//! Where the two formats truly differ (botocore drops a trait, or spells a name its own way),
//! the difference is listed below, one line each with its reason, and made to agree before the
//! comparison: on the model read from Smithy when botocore cannot say it, on the botocore one
//! when the two say the same thing differently. Each listed difference must change something
//! in the models it is listed for, so the list cannot go stale; anything not listed fails.
//! `shapegen diff` of the two models finds no API change before, and no change at all after.

use std::path::{Path, PathBuf};

use shapegen::json::Pointer;
use shapegen::model::{Binding, Model, Protocol};
use shapegen::{Settings, read};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn load(name: &str) -> Model {
    let loaded = read::load_file(&fixture(name), None).and_then(|mut loaded| {
        // A botocore fixture's endpoint rule set is the file of the same release beside it.
        let rules = fixture(&name.replace(".json.gz", ".endpoint-rule-set-1.json.gz"));
        if loaded.format == read::Format::Botocore {
            read::read_endpoint_rules(&mut loaded, &rules)?;
        }
        Ok(loaded)
    });
    match loaded {
        Ok(loaded) => {
            assert!(loaded.warnings.is_empty(), "{name}: {:#?}", loaded.warnings);
            assert!(loaded.model.endpoint_rules.is_some(), "{name}: no endpoint rule set");
            loaded.model
        }
        Err(e) => panic!("{e}"),
    }
}

/// A true difference between the formats, and how to make the two models agree on it.
struct Difference {
    /// What differs, and why, in one line.
    why: &'static str,
    /// The difference shows in the generated Rust. Those that do not are applied only after
    /// the Rust is compared, which proves they do not.
    in_rust: bool,
    /// Makes the model read from Smithy and the one read from botocore agree on it; returns
    /// how many places it changed.
    agree: fn(&mut Model, &mut Model) -> usize,
}

const CLIENT_OPTIONAL: Difference = Difference {
    why: "clientOptional: botocore drops the trait, so none of its required members is optional for clients",
    in_rust: true,
    agree: |smithy, _| {
        count(smithy.shapes.values_mut().flat_map(|s| members_mut(&mut s.kind)), |m| {
            std::mem::take(&mut m.client_optional)
        })
    },
};

const INPUT_TRAIT: Difference = Difference {
    why: "@input: botocore has no input trait, whose structures' members Smithy makes optional for clients",
    in_rust: true,
    agree: |smithy, _| count(smithy.shapes.values_mut(), |s| std::mem::take(&mut s.input)),
};

const LABEL_NAMES: Difference = Difference {
    why: "URI labels: botocore names them by the member's jsonName ({detectorId}), Smithy by the member name ({DetectorId})",
    in_rust: true,
    agree: |_, botocore| {
        let mut changed = 0;
        for op in &mut botocore.operations {
            let (Some(input), Some(http)) = (&op.input, &mut op.http) else { continue };
            let Some(shape) = botocore.shapes.get_mut(input) else { continue };
            for m in members_mut(&mut shape.kind) {
                if let Binding::Label(label) = &m.binding
                    && *label != m.name
                {
                    for greedy in ["", "+"] {
                        http.uri =
                            http.uri.replace(&format!("{{{label}{greedy}}}"), &format!("{{{}{greedy}}}", m.name));
                    }
                    m.binding = Binding::Label(m.name.clone());
                    changed += 1;
                }
            }
        }
        changed
    },
};

const ENUM_VALUE_NAMES: Difference = Difference {
    why: "enum value names: a Smithy enum names each value, botocore lists the bare values",
    in_rust: false,
    agree: |smithy, _| {
        count(smithy.shapes.values_mut().flat_map(|s| enum_values_mut(&mut s.kind)), |v| v.name.take().is_some())
    },
};

const DOC_MARKUP: Difference = Difference {
    why: "documentation markup: botocore re-serializes the HTML (whitespace collapsed, <p/>, &amp; escapes); the text rustdoc shows is the same",
    in_rust: false,
    agree: |smithy, botocore| {
        let mut a = docs_mut(smithy);
        let mut b = docs_mut(botocore);
        let mut changed = 0;
        for (place, doc) in a.iter_mut() {
            let Some(other) = b.get_mut(place) else { continue };
            if **doc != **other {
                let rendered = shapegen::docs::html_to_markdown(doc).join("\n");
                if rendered == shapegen::docs::html_to_markdown(other).join("\n") {
                    **doc = rendered.clone();
                    **other = rendered;
                    changed += 1;
                }
            }
        }
        changed
    },
};

const REST_JSON_VERSION: Difference = Difference {
    why: "jsonVersion: botocore gives a rest-json service one (1.1), which restJson1 does not use",
    in_rust: false,
    agree: |_, botocore| {
        let rest = botocore.service.protocols.first() == Some(&Protocol::RestJson);
        usize::from(rest && botocore.service.json_version.take().is_some())
    },
};

const AWS_JSON_HTTP_ERRORS: Difference = Difference {
    why: "httpError of awsJson errors: botocore leaves the status out",
    in_rust: true,
    agree: |smithy, _| {
        count(smithy.shapes.values_mut().filter_map(|s| s.error.as_mut()), |e| e.http_status.take().is_some())
    },
};

const DEFAULTS: Difference = Difference {
    why: "default values: botocore drops them, so its members with one are optional",
    in_rust: true,
    agree: |smithy, _| {
        count(smithy.shapes.values_mut().flat_map(|s| members_mut(&mut s.kind)), |m| m.default.take().is_some())
    },
};

const SIGNING_NAME: Difference = Difference {
    why: "signing name: botocore leaves it out here, where it equals the endpoint prefix",
    in_rust: false,
    agree: |smithy, botocore| {
        let same = smithy.service.signing_name == botocore.service.endpoint_prefix;
        usize::from(same && botocore.service.signing_name.is_none() && smithy.service.signing_name.take().is_some())
    },
};

const XML_FLATTENED: Difference = Difference {
    why: "xmlFlattened: botocore marks the flattened list and map shapes, Smithy the members that hold them",
    in_rust: false,
    agree: |_, botocore| {
        use shapegen::model::ShapeKind;
        let flattened: Vec<String> = botocore
            .shapes
            .values_mut()
            .filter(|s| matches!(s.kind, ShapeKind::List(_) | ShapeKind::Map(_)))
            .filter_map(|s| std::mem::take(&mut s.xml.flattened).then(|| s.name.clone()))
            .collect();
        let members = botocore.shapes.values_mut().flat_map(|s| members_mut(&mut s.kind));
        count(members, |m| flattened.contains(&m.target) && !std::mem::replace(&mut m.xml.flattened, true))
    },
};

const ERROR_ORDER: Difference = Difference {
    why: "order of an operation's errors: the Smithy AST sorts them, botocore keeps the authored order",
    in_rust: false,
    agree: |smithy, botocore| {
        let mut changed = 0;
        for op in smithy.operations.iter_mut().chain(&mut botocore.operations) {
            if !op.errors.is_sorted() {
                op.errors.sort();
                changed += 1;
            }
        }
        changed
    },
};

const PATTERN_ANCHORS: Difference = Difference {
    why: "pattern anchors: botocore drops a pattern's leading ^ and trailing $",
    in_rust: false,
    agree: |smithy, botocore| {
        let mut changed = 0;
        for (name, shape) in &mut smithy.shapes {
            let Some(pattern) = shape.constraints.pattern.as_mut() else { continue };
            let other = botocore.shapes.get(name).and_then(|s| s.constraints.pattern.as_deref());
            let bare = pattern.strip_prefix('^').unwrap_or(pattern).strip_suffix('$').unwrap_or(pattern);
            if other != Some(pattern.as_str()) && other == Some(bare) {
                *pattern = bare.to_owned();
                changed += 1;
            }
        }
        changed
    },
};

const ZERO_MINIMUMS: Difference = Difference {
    why: "zero minimums: botocore leaves out a length or range whose minimum is 0",
    in_rust: false,
    agree: |smithy, botocore| {
        let mut changed = 0;
        for (name, shape) in &mut smithy.shapes {
            let other = botocore.shapes.get(name).map(|s| s.constraints.min);
            if shape.constraints.min == Some(0.0) && other == Some(None) {
                shape.constraints.min = None;
                changed += 1;
            }
        }
        changed
    },
};

const PAGING: Difference = Difference {
    why: "paging: botocore keeps it in paginators-1.json beside the model, which the fixture does not have",
    in_rust: true,
    agree: |smithy, _| count(smithy.operations.iter_mut(), |op| op.paging.take().is_some()),
};

const QUERY_ERROR_CODES: Difference = Difference {
    why: "awsQueryError on a query-compatible JSON service: botocore drops the codes (responses carry them in x-amzn-query-error)",
    in_rust: true,
    agree: |smithy, _| {
        count(smithy.shapes.values_mut().filter_map(|s| s.error.as_mut()), |e| e.query_code.take().is_some())
    },
};

const RENAMED_SHAPES: Difference = Difference {
    why: "case-colliding names: the Smithy model renames a shape whose name differs from another's only in case (jwtPayloadSizeExceededException -> JWTPayloadSizeExceededException2), botocore keeps it",
    in_rust: false,
    agree: |smithy, botocore| {
        let renames: Vec<(String, String)> = smithy
            .shapes
            .keys()
            .filter(|name| !botocore.shapes.contains_key(*name))
            .filter_map(|name| {
                let base = name.strip_suffix('2')?;
                let original =
                    botocore.shapes.keys().find(|b| b.eq_ignore_ascii_case(base) && !smithy.shapes.contains_key(*b))?;
                Some((name.clone(), original.clone()))
            })
            .collect();
        for (from, to) in &renames {
            rename_shape(smithy, from, to);
        }
        renames.len()
    },
};

/// Renames a shape and every reference to it.
fn rename_shape(model: &mut Model, from: &str, to: &str) {
    use shapegen::model::ShapeKind;
    if let Some(mut shape) = model.shapes.remove(from) {
        shape.name = to.to_owned();
        model.shapes.insert(to.to_owned(), shape);
    }
    for shape in model.shapes.values_mut() {
        let members: Vec<&mut shapegen::model::Member> = match &mut shape.kind {
            ShapeKind::Structure(members) | ShapeKind::Union(members) => members.iter_mut().collect(),
            ShapeKind::List(list) => vec![&mut list.member],
            ShapeKind::Map(map) => vec![&mut map.key, &mut map.value],
            _ => Vec::new(),
        };
        for m in members.into_iter().filter(|m| m.target == from) {
            m.target = to.to_owned();
        }
    }
    for op in &mut model.operations {
        for name in op.input.iter_mut().chain(op.output.iter_mut()).chain(op.errors.iter_mut()) {
            if name == from {
                *name = to.to_owned();
            }
        }
    }
}

fn count<T>(items: impl Iterator<Item = T>, mut change: impl FnMut(T) -> bool) -> usize {
    items.map(|item| usize::from(change(item))).sum()
}

fn members_mut(kind: &mut shapegen::model::ShapeKind) -> std::slice::IterMut<'_, shapegen::model::Member> {
    use shapegen::model::ShapeKind;
    match kind {
        ShapeKind::Structure(members) | ShapeKind::Union(members) => members.iter_mut(),
        _ => [].iter_mut(),
    }
}

fn enum_values_mut(kind: &mut shapegen::model::ShapeKind) -> std::slice::IterMut<'_, shapegen::model::EnumValue> {
    match kind {
        shapegen::model::ShapeKind::Enum(values) => values.iter_mut(),
        _ => [].iter_mut(),
    }
}

/// Every documentation string of a model, by its place.
fn docs_mut(model: &mut Model) -> std::collections::BTreeMap<String, &mut String> {
    use shapegen::model::ShapeKind;
    let mut docs = std::collections::BTreeMap::new();
    if let Some(doc) = model.service.documentation.as_mut() {
        docs.insert("service".to_owned(), doc);
    }
    for op in &mut model.operations {
        if let Some(doc) = op.documentation.as_mut() {
            docs.insert(format!("operation {}", op.name), doc);
        }
    }
    for shape in model.shapes.values_mut() {
        let name = &shape.name;
        if let Some(doc) = shape.documentation.as_mut() {
            docs.insert(name.clone(), doc);
        }
        fn member<'m>(shape: &str, m: &'m mut shapegen::model::Member) -> Option<(String, &'m mut String)> {
            m.documentation.as_mut().map(|d| (format!("{shape}${}", m.name), d))
        }
        match &mut shape.kind {
            ShapeKind::Structure(members) | ShapeKind::Union(members) => {
                docs.extend(members.iter_mut().filter_map(|m| member(name, m)));
            }
            ShapeKind::List(list) => docs.extend(member(name, &mut list.member)),
            ShapeKind::Map(map) => {
                docs.extend(member(name, &mut map.key));
                docs.extend(member(name, &mut map.value));
            }
            ShapeKind::Enum(values) => docs.extend(
                values.iter_mut().filter_map(|v| v.documentation.as_mut().map(|d| (format!("{name}={}", v.value), d))),
            ),
            _ => {}
        }
    }
    docs
}

/// The model with every place it was read from forgotten: the two formats keep shapes at
/// different places.
fn without_origins(model: &Model) -> Model {
    use shapegen::model::ShapeKind;
    let mut model = model.clone();
    let member = |m: &mut shapegen::model::Member| {
        m.origin = Pointer::root();
        m.target_origin = Pointer::root();
    };
    for op in &mut model.operations {
        op.origin = Pointer::root();
        op.ref_origins = Default::default();
        if let Some(http) = &mut op.http {
            http.origin = Pointer::root();
        }
        if let Some(prefix) = &mut op.host_prefix {
            prefix.origin = Pointer::root();
        }
        if let Some(paging) = &mut op.paging {
            paging.origin = Pointer::root();
        }
    }
    for shape in model.shapes.values_mut() {
        shape.origin = Pointer::root();
        match &mut shape.kind {
            ShapeKind::Structure(members) | ShapeKind::Union(members) => members.iter_mut().for_each(member),
            ShapeKind::List(list) => member(&mut list.member),
            ShapeKind::Map(map) => {
                member(&mut map.key);
                member(&mut map.value);
            }
            ShapeKind::Enum(values) => values.iter_mut().for_each(|v| v.origin = Pointer::root()),
            ShapeKind::IntEnum(values) => values.iter_mut().for_each(|v| v.origin = Pointer::root()),
            _ => {}
        }
    }
    model
}

/// What differs between two models, per shape or operation, for failure messages.
fn model_differences(smithy: &Model, botocore: &Model) -> Vec<String> {
    let (smithy, botocore) = (without_origins(smithy), without_origins(botocore));
    let mut out = Vec::new();
    if smithy.service != botocore.service {
        out.push(format!("service: {}", debug_difference(&smithy.service, &botocore.service)));
    }
    let names: std::collections::BTreeSet<&String> = smithy.shapes.keys().chain(botocore.shapes.keys()).collect();
    for name in names {
        let (a, b) = (smithy.shapes.get(name), botocore.shapes.get(name));
        if a != b {
            out.push(format!("shape {name}: {}", debug_difference(&a, &b)));
        }
    }
    let ops: std::collections::BTreeSet<&String> =
        smithy.operations.iter().chain(&botocore.operations).map(|o| &o.name).collect();
    for name in ops {
        let (a, b) = (smithy.operation(name), botocore.operation(name));
        if a != b {
            out.push(format!("operation {name}: {}", debug_difference(&a, &b)));
        }
    }
    out
}

/// The lines of two values' pretty `Debug` forms that differ.
fn debug_difference<T: std::fmt::Debug>(smithy: &T, botocore: &T) -> String {
    let (a, b) = (format!("{smithy:#?}"), format!("{botocore:#?}"));
    let mut out = String::new();
    for (x, y) in a.lines().zip(b.lines()).filter(|(x, y)| x != y).take(4) {
        out.push_str(&format!("\n  smithy:   {}\n  botocore: {}", x.trim(), y.trim()));
    }
    if out.is_empty() {
        out = format!("\n  {} and {} lines", a.lines().count(), b.lines().count());
    }
    out
}

/// The first lines where two sources differ, for failure messages.
fn first_difference(a: &str, b: &str) -> String {
    let mut out = String::new();
    let mut shown = 0;
    for (i, (x, y)) in a.lines().zip(b.lines()).enumerate() {
        if x != y {
            out.push_str(&format!("line {}:\n  smithy:   {x}\n  botocore: {y}\n", i + 1));
            shown += 1;
            if shown == 5 {
                break;
            }
        }
    }
    if shown == 0 {
        out.push_str(&format!("lengths differ: {} and {} lines", a.lines().count(), b.lines().count()));
    }
    out
}

/// Reads both models and makes them agree on `differences` (each must change something):
/// first on those that show in the Rust, then every operation must generate the same Rust;
/// then on the others, and the models must be equal.
fn check(smithy_file: &str, botocore_file: &str, differences: &[Difference]) {
    let mut smithy = load(smithy_file);
    let mut botocore = load(botocore_file);
    // As `shapegen diff` sees them: the same API, whatever the generated crate makes of the
    // differences below.
    let api = shapegen::diff::diff(&botocore, &smithy).unwrap();
    assert!(api.operations.is_empty(), "{}", api.to_text());
    let (in_rust, in_model): (Vec<&Difference>, Vec<&Difference>) = differences.iter().partition(|d| d.in_rust);
    for d in in_rust {
        let changed = (d.agree)(&mut smithy, &mut botocore);
        assert!(changed > 0, "listed difference not found: {}", d.why);
    }
    let settings = Settings::default();
    for op in &botocore.operations {
        let ops = [op.name.clone()];
        let from_smithy = shapegen::generate(&smithy, &ops, &[], &settings).unwrap();
        let from_botocore = shapegen::generate(&botocore, &ops, &[], &settings).unwrap();
        assert!(from_smithy == from_botocore, "{}: {}", op.name, first_difference(&from_smithy, &from_botocore));
    }
    for d in in_model {
        let changed = (d.agree)(&mut smithy, &mut botocore);
        assert!(changed > 0, "listed difference not found: {}", d.why);
    }
    let differences = model_differences(&smithy, &botocore);
    assert!(
        differences.is_empty(),
        "{} unlisted differences; the first:\n{}",
        differences.len(),
        differences.iter().take(30).cloned().collect::<Vec<_>>().join("\n")
    );
    let after = shapegen::diff::diff(&botocore, &smithy).unwrap();
    assert!(after.changes.is_empty(), "{}", after.to_text());
}

#[test]
fn guardduty_every_operation() {
    check(
        "smithy/guardduty-2025-04-02.json.gz",
        "botocore/guardduty-2017-11-28-1.37.25.json.gz",
        &[
            CLIENT_OPTIONAL,
            INPUT_TRAIT,
            LABEL_NAMES,
            ENUM_VALUE_NAMES,
            DOC_MARKUP,
            REST_JSON_VERSION,
            ERROR_ORDER,
            ZERO_MINIMUMS,
            PAGING,
        ],
    );
}

#[test]
fn pricing_every_operation() {
    check(
        "smithy/pricing-2026-04-27.json.gz",
        "botocore/pricing-2017-10-15-1.43.10.json.gz",
        &[INPUT_TRAIT, ENUM_VALUE_NAMES, AWS_JSON_HTTP_ERRORS, ERROR_ORDER, PATTERN_ANCHORS, PAGING],
    );
}

#[test]
fn sqs_every_operation() {
    check(
        "smithy/sqs-2026-04-27.json.gz",
        "botocore/sqs-2012-11-05-1.43.10.json.gz",
        &[
            INPUT_TRAIT,
            ENUM_VALUE_NAMES,
            DOC_MARKUP,
            AWS_JSON_HTTP_ERRORS,
            DEFAULTS,
            SIGNING_NAME,
            XML_FLATTENED,
            ERROR_ORDER,
            PAGING,
            QUERY_ERROR_CODES,
        ],
    );
}

#[test]
fn sts_every_operation() {
    check(
        "smithy/sts-2026-04-27.json.gz",
        "botocore/sts-2011-06-15-1.43.10.json.gz",
        &[INPUT_TRAIT, DOC_MARKUP, SIGNING_NAME, RENAMED_SHAPES, PATTERN_ANCHORS, ZERO_MINIMUMS, ERROR_ORDER],
    );
}
