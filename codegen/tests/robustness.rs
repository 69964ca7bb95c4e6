//! The generator on broken, hostile and enormous models: every input ends in Rust that
//! parses or in a clear error, never a panic or a hang.
//!
//! Two property tests feed it models: mutated bytes of real models, and models built from
//! random shapes with random (often invalid, often hostile) names, types, references and
//! keys. A fixed number of cases runs with every `cargo test`; the longer fuzzing runs with
//! `cargo fuzz` (see `fuzz/`).

use std::time::{Duration, Instant};

use proptest::prelude::*;
use serde_json::{Map, Value, json};
use shapegen::{Builders, Operations, Settings};

const SPEC: &[u8] = include_bytes!("../../spec/guardduty/service-2.json");
const FEATURES: &[u8] = include_bytes!("../../tests/cases/features/model.json");

/// Generates, and checks the one promise every input gets.
fn generate_checked(bytes: &[u8]) -> Result<String, String> {
    generate_checked_with(bytes, &Settings::default())
}

/// [`generate_checked`] with `settings`.
fn generate_checked_with(bytes: &[u8], settings: &Settings) -> Result<String, String> {
    match shapegen::generate_from_bytes(bytes, &[], settings) {
        Ok(generated) => {
            syn::parse_file(&generated.source).map_err(|e| format!("output does not parse: {e}"))?;
            Ok(generated.source)
        }
        Err(err) => {
            let message = err.to_string();
            assert!(!message.is_empty() && !message.contains('\n'), "an error is one line: {message:?}");
            Err(message)
        }
    }
}

#[derive(Debug, Clone)]
enum Mutation {
    Set(usize, u8),
    Delete(usize, usize),
    Insert(usize, Vec<u8>),
    Duplicate(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let token = prop_oneof![
        Just(b"{".to_vec()),
        Just(b"}".to_vec()),
        Just(b"\"".to_vec()),
        Just(b",".to_vec()),
        Just(b"null".to_vec()),
        Just(b"\"structure\"".to_vec()),
        Just(b"\"list\"".to_vec()),
        Just(b"\"shape\": \"Finding\"".to_vec()),
        Just(b"\\u0000".to_vec()),
        Just(b"\\ud800".to_vec()),
        Just("\u{202e}".as_bytes().to_vec()),
        proptest::collection::vec(any::<u8>(), 1..8),
    ];
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Mutation::Set(at, b)),
        (any::<usize>(), 1usize..64).prop_map(|(at, n)| Mutation::Delete(at, n)),
        (any::<usize>(), token).prop_map(|(at, bytes)| Mutation::Insert(at, bytes)),
        (any::<usize>(), 1usize..256).prop_map(|(at, n)| Mutation::Duplicate(at, n)),
    ]
}

fn mutate(base: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut bytes = base.to_vec();
    for m in mutations {
        let len = bytes.len().max(1);
        match m {
            Mutation::Set(at, b) => {
                if !bytes.is_empty() {
                    bytes[at % len] = *b;
                }
            }
            Mutation::Delete(at, n) => {
                let at = at % len;
                let end = (at + n).min(bytes.len());
                bytes.drain(at.min(end)..end);
            }
            Mutation::Insert(at, ins) => {
                let at = at % (bytes.len() + 1);
                bytes.splice(at..at, ins.iter().copied());
            }
            Mutation::Duplicate(at, n) => {
                let at = at % len;
                let end = (at + n).min(bytes.len());
                let copy = bytes[at.min(end)..end].to_vec();
                bytes.splice(end..end, copy);
            }
        }
    }
    bytes
}

/// Names a model may use: plain ones, ones that collide after conversion, hostile ones.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[A-Z][a-z]{0,6}",
        1 => Just("Option".to_owned()),
        1 => Just("type".to_owned()),
        1 => Just("Self".to_owned()),
        1 => Just("fooBar".to_owned()),
        1 => Just("FOO_BAR".to_owned()),
        1 => Just("*/ fn evil() {}".to_owned()),
        1 => Just("\u{0}\u{202e}\n\"".to_owned()),
        1 => Just("123".to_owned()),
        1 => "\\PC{0,8}",
    ]
}

fn shape_type() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        4 => Just("structure"),
        2 => Just("list"),
        1 => Just("map"),
        3 => Just("string"),
        1 => Just("integer"),
        1 => Just("long"),
        1 => Just("double"),
        1 => Just("float"),
        1 => Just("boolean"),
        1 => Just("blob"),
        1 => Just("timestamp"),
    ]
}

/// A random botocore model: shapes of every type referring to each other (and to nothing),
/// with random flags, locations, formats and enum values.
fn model() -> impl Strategy<Value = Value> {
    let names = proptest::collection::vec(name(), 1..12);
    names
        .prop_flat_map(|names| {
            let n = names.len();
            // Mostly references to shapes of the model; now and then to one it lacks (`n`).
            let target = move || prop_oneof![12 => 0..n, 1 => Just(n)];
            // Mostly plain types; now and then an empty name or a type nobody knows.
            let ty = prop_oneof![30 => shape_type(), 1 => Just("nonsense")];
            let shape = (
                ty,
                proptest::collection::vec((name(), target(), any::<bool>(), any::<u8>()), 0..5),
                proptest::collection::vec(name(), 0..4),
                any::<u8>(),
                target(),
                target(),
            );
            let names =
                prop_oneof![40 => Just(names.clone()), 1 => Just({ let mut n = names; n[0] = String::new(); n })];
            (names, proptest::collection::vec(shape, n), target(), any::<u8>())
        })
        .prop_map(|(names, shapes, root, protocol)| {
            // A target index of `n` is a reference to a shape that does not exist.
            let target = |i: usize| names.get(i).cloned().unwrap_or_else(|| "Dangling".to_owned());
            let mut out = Map::new();
            for (name, (ty, members, enum_values, flags, a, b)) in names.iter().zip(shapes) {
                let mut shape = json!({"type": ty});
                match ty {
                    "structure" => {
                        let mut ms = Map::new();
                        let mut required = Vec::new();
                        for (member, t, req, member_flags) in members {
                            let mut m = json!({"shape": target(t)});
                            if member_flags & 1 != 0 {
                                m["locationName"] = json!(format!("{member}{}", member_flags % 3));
                            }
                            if member_flags & 2 != 0 {
                                let location = ["uri", "querystring", "header", "headers", "statusCode", "uri", "body"]
                                    [member_flags as usize % 7];
                                m["location"] = json!(location);
                            }
                            if member_flags & 4 != 0 {
                                m["deprecated"] = json!(true);
                                m["deprecatedMessage"] = json!(member.clone());
                            }
                            if member_flags & 8 != 0 {
                                m["documentation"] = json!(format!("<p>{member}</p><ul><li>{member}"));
                            }
                            if member_flags & 16 != 0 {
                                m["timestampFormat"] =
                                    json!(["iso8601", "unixTimestamp", "rfc822", "bad"][member_flags as usize % 4]);
                            }
                            if req {
                                required.push(member.clone());
                            }
                            ms.insert(member, m);
                        }
                        shape["members"] = Value::Object(ms);
                        shape["required"] = json!(required);
                        if flags & 1 != 0 {
                            shape["union"] = json!(true);
                        }
                        if flags & 2 != 0 {
                            shape["exception"] = json!(true);
                            shape["error"] = json!({"code": name, "httpStatusCode": 400 + u16::from(flags)});
                        }
                        if flags & 4 != 0 {
                            shape["document"] = json!(true);
                        }
                        if flags & 8 != 0 {
                            shape["eventstream"] = json!(true);
                        }
                    }
                    "list" => {
                        shape["member"] = json!({"shape": target(a)});
                        shape["sparse"] = json!(flags & 1 != 0);
                    }
                    "map" => {
                        shape["key"] = json!({"shape": target(a)});
                        shape["value"] = json!({"shape": target(b)});
                    }
                    "string" if flags & 1 != 0 => shape["enum"] = json!(enum_values),
                    "timestamp" if flags & 2 != 0 => shape["timestampFormat"] = json!("iso8601"),
                    "blob" => shape["streaming"] = json!(flags & 1 != 0),
                    _ => {}
                }
                if flags & 16 != 0 {
                    shape["sensitive"] = json!(true);
                }
                if flags & 32 != 0 {
                    shape["documentation"] = json!(name.clone());
                }
                if flags & 64 != 0 {
                    shape["unknownKey"] = json!(flags);
                }
                out.insert(name.clone(), shape);
            }
            let protocol = ["rest-json", "json", "query", "rest-xml", "ec2", "smithy-rpc-v2-cbor", "carrier-pigeon"]
                [protocol as usize % 7];
            // Inputs and outputs are structures (the reader says so otherwise); what they hold
            // is random.
            out.insert("FuzzIn".into(), json!({"type": "structure", "members": {"Root": {"shape": target(root)}}}));
            out.insert("FuzzOut".into(), json!({"type": "structure", "members": {"First": {"shape": target(0)}}}));
            json!({
                "metadata": {"protocol": protocol, "serviceFullName": "Fuzz", "serviceId": "Fuzz"},
                "operations": {"Op": {"name": "Op", "input": {"shape": "FuzzIn"}, "output": {"shape": "FuzzOut"}}},
                "shapes": out,
            })
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_real_models_give_rust_or_an_error(
        base in prop_oneof![Just(SPEC), Just(FEATURES)],
        mutations in proptest::collection::vec(mutation(), 1..6),
    ) {
        let _ = generate_checked(&mutate(base, &mutations));
    }

    #[test]
    fn random_models_give_rust_or_an_error(model in model()) {
        let bytes = serde_json::to_vec(&model).unwrap();
        let _ = generate_checked(&bytes);
    }

    #[test]
    fn random_pairs_diff_or_fail_cleanly(old in model(), new in model()) {
        let load = |m: &Value| shapegen::read::load(&serde_json::to_vec(m).unwrap(), None).map(|l| l.model);
        if let (Ok(old), Ok(new)) = (load(&old), load(&new))
            && let Ok(diff) = shapegen::diff::diff(&old, &new)
        {
            let _ = diff.to_text();
            serde_json::to_string(&diff).unwrap();
        }
    }
}

fn timed<T>(limit: Duration, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    assert!(took < limit, "took {took:?}, more than {limit:?}");
    out
}

fn chain_model(depth: usize, extra_at_bottom: bool) -> Vec<u8> {
    let mut shapes = Map::new();
    for i in 0..depth {
        shapes.insert(
            format!("S{i}"),
            json!({"type": "structure", "members": {"Next": {"shape": format!("S{}", i + 1)}}}),
        );
    }
    let mut bottom = json!({"type": "structure", "members": {"Leaf": {"shape": "Str"}}});
    if extra_at_bottom {
        bottom["members"]["Extra"] = json!({"shape": "Str"});
    }
    shapes.insert(format!("S{depth}"), bottom);
    shapes.insert("Str".into(), json!({"type": "string"}));
    serde_json::to_vec(&json!({
        "metadata": {"protocol": "rest-json", "serviceFullName": "Deep", "serviceId": "Deep"},
        "operations": {"Op": {"name": "Op", "input": {"shape": "S0"}}},
        "shapes": shapes,
    }))
    .unwrap()
}

/// Limits are generous: a debug build on a slow, shared machine. They catch hangs and
/// blow-ups, not slowness; speed is measured in `benches/`.
const GENEROUS: Duration = Duration::from_secs(120);

#[test]
fn a_chain_of_ten_thousand_structures_generates() {
    // Depth is what this tests: builders and operations add code per structure, not depth,
    // and would double the time of the test.
    let settings = Settings { builders: Builders::Omitted, operations: Operations::Omitted, ..Settings::default() };
    let source = timed(GENEROUS, || generate_checked_with(&chain_model(10_000, false), &settings)).unwrap();
    assert!(source.contains("pub struct S9999 {"));
}

#[test]
fn a_change_ten_thousand_structures_deep_is_a_clear_error() {
    let load = |bytes: &[u8]| shapegen::read::load(bytes, None).unwrap().model;
    let (old, new) = (load(&chain_model(10_000, false)), load(&chain_model(10_000, true)));
    let err = timed(GENEROUS, || shapegen::diff::diff(&old, &new)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "shape \"S256\" is nested more than 256 structures deep; the change log cannot show its path"
    );
}

#[test]
fn json_nested_ten_thousand_deep_is_a_clear_error() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let text = format!(
        r#"{{"metadata": {{"protocol": "json"}}, "shapes": {{"S": {{"type": "string", "documentation": {deep}}}}}}}"#
    );
    let err = generate_checked(text.as_bytes()).unwrap_err();
    assert!(err.starts_with("model:1:"), "{err}");
    assert!(err.ends_with("not valid JSON: recursion limit exceeded"), "{err}");
}

#[test]
fn a_hundred_thousand_shapes_end_in_a_clear_error_or_output() {
    // All reachable: more types than a file holds.
    let mut shapes = Map::new();
    let mut root_members = Map::new();
    for i in 0..100_000 {
        shapes.insert(format!("S{i}"), json!({"type": "structure", "members": {}}));
        root_members.insert(format!("M{i}"), json!({"shape": format!("S{i}")}));
    }
    shapes.insert("Root".into(), json!({"type": "structure", "members": root_members}));
    let model = |shapes: Map<String, Value>| {
        serde_json::to_vec(&json!({
            "metadata": {"protocol": "rest-json", "serviceFullName": "Wide", "serviceId": "Wide"},
            "operations": {"Op": {"name": "Op", "input": {"shape": "Root"}}},
            "shapes": shapes,
        }))
        .unwrap()
    };
    let err = timed(GENEROUS, || generate_checked(&model(shapes.clone()))).unwrap_err();
    assert_eq!(
        err,
        "the selection needs 100001 types, more than one generated file holds (20000); choose fewer operations"
    );

    // Mostly unreachable: only what the operation needs is generated.
    shapes.insert("Root".into(), json!({"type": "structure", "members": {"M0": {"shape": "S0"}}}));
    let source = timed(GENEROUS, || generate_checked(&model(shapes))).unwrap();
    assert!(source.contains("pub struct S0 {}") && !source.contains("pub struct S1 {}"));
}

#[test]
fn cycles_through_maps_and_unions_generate() {
    let model = json!({
        "metadata": {"protocol": "rest-json", "serviceFullName": "Cycles", "serviceId": "Cycles"},
        "operations": {"Op": {"name": "Op", "input": {"shape": "A"}}},
        "shapes": {
            "A": {"type": "structure", "members": {"ByName": {"shape": "AMap"}, "U": {"shape": "U"}}},
            "AMap": {"type": "map", "key": {"shape": "Str"}, "value": {"shape": "A"}},
            "U": {"type": "structure", "union": true, "members": {"A": {"shape": "A"}, "U": {"shape": "U"}}},
            "Str": {"type": "string"}
        }
    });
    let source = generate_checked(&serde_json::to_vec(&model).unwrap()).unwrap();
    assert!(source.contains("::std::collections::HashMap<::std::string::String, A>"), "maps need no box");
    assert!(source.contains("U(::std::boxed::Box<U>)"), "{source}");
}

/// The random models reach the emitter, not only the reader's errors: a fuzzer that only
/// ever met `no shape named "Dangling"` would prove little.
#[test]
fn random_models_often_generate() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = model();
    let (mut ok, total) = (0, 300);
    for _ in 0..total {
        let model = strategy.new_tree(&mut runner).unwrap().current();
        if generate_checked(&serde_json::to_vec(&model).unwrap()).is_ok() {
            ok += 1;
        }
    }
    assert!(ok * 5 >= total, "only {ok} of {total} random models generated");
}

/// The deepest nesting of lists and maps a model may have (64) generates, in every kind of
/// protocol, from a test's thread, whose stack is small: the file's pieces are emitted on
/// threads with a stack of their own. (The output is parsed on such a thread too: `syn`
/// recurses as deep.)
#[test]
fn the_deepest_nesting_allowed_generates() {
    for protocol in ["rest-json", "rest-xml", "query", "smithy-rpc-v2-cbor"] {
        let mut shapes = Map::new();
        shapes.insert("Root".into(), json!({"type": "structure", "members": {"L": {"shape": "L0"}}}));
        for i in 0..64 {
            let kind = if i % 2 == 0 { "map" } else { "list" };
            let next = json!({"shape": format!("L{}", i + 1)});
            let shape = if kind == "map" {
                json!({"type": "map", "key": {"shape": "S"}, "value": next})
            } else {
                json!({"type": "list", "member": next})
            };
            shapes.insert(format!("L{i}"), shape);
        }
        shapes.insert("L64".into(), json!({"type": "timestamp"}));
        shapes.insert("S".into(), json!({"type": "string"}));
        let model = json!({
            "metadata": {"protocol": protocol, "serviceFullName": "Nest", "serviceId": "Nest"},
            "operations": {"Op": {"name": "Op", "input": {"shape": "Root"}, "output": {"shape": "Root"}}},
            "shapes": shapes,
        });
        let bytes = serde_json::to_vec(&model).unwrap();
        let source = shapegen::generate_from_bytes(&bytes, &[], &Settings::default())
            .unwrap_or_else(|e| panic!("{protocol}: {e}"))
            .source;
        let parsed = std::thread::Builder::new()
            .stack_size(64 << 20)
            .spawn(move || syn::parse_file(&source).map(|_| ()).map_err(|e| e.to_string()))
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(parsed, Ok(()), "{protocol}");
    }
}
