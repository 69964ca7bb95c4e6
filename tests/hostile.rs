//! Hostile models: every string of a model ends up in Rust source, and none may escape its
//! place. The build script compiled each model in `tests/cases/hostile-*/` (and one with a
//! 1 MB documentation string); these tests check that the hostile strings changed nothing
//! but identifiers and string contents, and that they survive as data.

use std::collections::BTreeMap;
use std::path::Path;

use proc_macro2::{TokenStream, TokenTree};
use serde_json::{Map, Value, json};
use shapegen::Settings;

fn fixture(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases").join(name).join("model.json");
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn generate(model: &Value) -> String {
    let bytes = serde_json::to_vec(model).unwrap();
    shapegen::generate_from_bytes(&bytes, &[], &Settings::default()).unwrap().source
}

/// The same model with every name and string replaced by a plain one (`S0`, `M1`, `v2`...),
/// references kept consistent: what the generated code must look like, identifiers and
/// string contents aside.
fn plain_twin(model: &Value) -> Value {
    let shapes = model["shapes"].as_object().unwrap();
    // Names that sort as the originals do (shapes are emitted in name order; the map iterates
    // in it), so that both files list their items in the same order.
    let shape_names: BTreeMap<&str, String> =
        shapes.keys().enumerate().map(|(i, name)| (name.as_str(), format!("S{i:04}"))).collect();
    let rename_ref = |value: &mut Value| {
        if let Some(target) = value.get("shape").and_then(Value::as_str) {
            value["shape"] = json!(shape_names[target]);
        }
    };
    let mut counter = 0;
    let mut fresh = |prefix: &str| {
        counter += 1;
        format!("{prefix}{counter:04}")
    };
    // URI labels by their new names, for the operations' URI templates.
    let mut labels: BTreeMap<String, String> = BTreeMap::new();
    let mut plain_member = |member: &mut Value, fresh: &mut dyn FnMut(&str) -> String| {
        rename_ref(member);
        let object = member.as_object_mut().unwrap();
        for key in ["locationName", "documentation", "deprecatedMessage"] {
            if let Some(old) = object.get(key).and_then(Value::as_str).map(str::to_owned) {
                let new = fresh("w");
                if key == "locationName" && object.get("location") == Some(&json!("uri")) {
                    labels.insert(old, new.clone());
                }
                object.insert(key.to_owned(), json!(new));
            }
        }
    };

    let mut out_shapes = Map::new();
    for (name, shape) in shapes {
        let mut shape = shape.clone();
        if let Some(members) = shape.get("members").and_then(Value::as_object).cloned() {
            let mut renamed = BTreeMap::new();
            let mut new_members = Map::new();
            for (member_name, mut member) in members {
                // An error's `message` member gives it a Display with the message: keep it.
                let new_name =
                    if member_name.eq_ignore_ascii_case("message") { member_name.clone() } else { fresh("M") };
                plain_member(&mut member, &mut fresh);
                renamed.insert(member_name, new_name.clone());
                new_members.insert(new_name, member);
            }
            shape["members"] = Value::Object(new_members);
            if let Some(required) = shape.get("required").and_then(Value::as_array).cloned() {
                shape["required"] = required.iter().map(|r| json!(renamed[r.as_str().unwrap()])).collect();
            }
        }
        for key in ["member", "key", "value"] {
            if let Some(member) = shape.get_mut(key) {
                plain_member(member, &mut fresh);
            }
        }
        if let Some(values) = shape.get("enum").and_then(Value::as_array).map(Vec::len) {
            shape["enum"] = (0..values).map(|i| json!(format!("v{i}"))).collect();
        }
        if shape.get("documentation").is_some() {
            shape["documentation"] = json!("d");
        }
        if let Some(error) = shape.get_mut("error").and_then(Value::as_object_mut)
            && error.contains_key("code")
        {
            error.insert("code".into(), json!("C"));
        }
        out_shapes.insert(shape_names[name.as_str()].clone(), shape);
    }

    let mut operations = Map::new();
    for (i, op) in model["operations"].as_object().unwrap().values().enumerate() {
        let mut op = op.clone();
        let name = format!("O{i}");
        op["name"] = json!(name);
        for key in ["input", "output"] {
            if let Some(r) = op.get_mut(key) {
                rename_ref(r);
            }
        }
        if let Some(errors) = op.get_mut("errors").and_then(Value::as_array_mut) {
            errors.iter_mut().for_each(rename_ref);
        }
        if let Some(http) = op.get_mut("http") {
            http["method"] = json!("POST");
            // The same labels, in the same places among literal text.
            let uri = http["requestUri"].as_str().unwrap_or_default();
            let mut plain = String::new();
            for (i, piece) in uri.split(['{', '}']).enumerate() {
                match (i % 2, piece.strip_suffix('+')) {
                    (0, _) if piece.is_empty() => {}
                    (0, _) => plain.push_str(&format!("/p{i}")),
                    (_, Some(label)) => plain.push_str(&format!("{{{}+}}", labels[label])),
                    (_, None) => plain.push_str(&format!("{{{}}}", labels[piece])),
                }
            }
            http["requestUri"] = json!(plain);
        }
        if op.get("documentation").is_some() {
            op["documentation"] = json!("d");
        }
        operations.insert(name, op);
    }
    json!({
        "metadata": {"protocol": model["metadata"]["protocol"], "serviceFullName": "Plain", "serviceId": model["metadata"]["serviceId"]},
        "operations": operations,
        "shapes": out_shapes,
    })
}

/// The generated file as rustc will read it, reduced to its shape: identifiers become `I`,
/// literals `L`, doc comments vanish. Anything a string smuggled out of its place would
/// show as a difference.
fn skeleton(source: &str) -> Vec<String> {
    let file = syn::parse_file(source).expect("generated code parses");
    let mut tokens = Vec::new();
    flatten(quote::ToTokens::into_token_stream(file), &mut tokens);
    // Trailing commas come and go with line width: `HashMap<K, V>` wraps as `HashMap<\n K,\n V,\n>`.
    let mut out: Vec<String> = Vec::with_capacity(tokens.len());
    for (i, token) in tokens.iter().enumerate() {
        let next = tokens.get(i + 1).map(String::as_str);
        if token == "," && matches!(next, Some(">") | Some(")")) {
            continue;
        }
        out.push(token.clone());
    }
    out
}

fn flatten(stream: TokenStream, out: &mut Vec<String>) {
    let mut iter = stream.into_iter().peekable();
    while let Some(tree) = iter.next() {
        match tree {
            TokenTree::Punct(p) if p.as_char() == '#' => {
                // Drop `#[doc = "..."]` (what `///` comments are); keep other attributes.
                if let Some(TokenTree::Group(group)) = iter.peek() {
                    let inner = group.stream().to_string();
                    if inner.starts_with("doc =") {
                        iter.next();
                        continue;
                    }
                }
                out.push("#".into());
            }
            TokenTree::Punct(p) if p.as_char() == '>' && out.last().is_some_and(|last| last == "=") => {
                out.push(">".into());
                // prettyplease puts a long match arm's expression in braces: `=> { "..." }`
                // and `=> "...",` are the same arm, as are `=> { a = b; }` and `=> a = b,`.
                let semicolons = |group: &proc_macro2::Group| {
                    let tokens: Vec<TokenTree> = group.stream().into_iter().collect();
                    let count =
                        tokens.iter().filter(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ';')).count();
                    let last = matches!(tokens.last(), Some(TokenTree::Punct(p)) if p.as_char() == ';');
                    (count, last, tokens)
                };
                if let Some(TokenTree::Group(group)) = iter.peek()
                    && group.delimiter() == proc_macro2::Delimiter::Brace
                    && matches!(semicolons(group), (0, _, _) | (1, true, _))
                {
                    let (_, _, mut tokens) = semicolons(group);
                    if matches!(tokens.last(), Some(TokenTree::Punct(p)) if p.as_char() == ';') {
                        tokens.pop();
                    }
                    iter.next();
                    flatten(tokens.into_iter().collect(), out);
                    if !matches!(iter.peek(), Some(TokenTree::Punct(p)) if p.as_char() == ',') {
                        out.push(",".into());
                    }
                }
            }
            TokenTree::Punct(p) => out.push(p.as_char().to_string()),
            TokenTree::Ident(_) => out.push("I".into()),
            TokenTree::Literal(_) => out.push("L".into()),
            TokenTree::Group(group) => {
                out.push(format!("{:?}(", group.delimiter()));
                flatten(group.stream(), out);
                out.push(")".into());
            }
        }
    }
}

fn assert_same_shape(hostile: &Value) {
    let hostile_source = generate(hostile);
    let plain_source = generate(&plain_twin(hostile));
    let (a, b) = (skeleton(&hostile_source), skeleton(&plain_source));
    if a != b {
        let at = a.iter().zip(&b).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()));
        panic!(
            "the hostile model's code differs in shape from its plain twin's at token {at}:\n{:?}\nvs\n{:?}",
            &a[at.saturating_sub(10)..(at + 10).min(a.len())],
            &b[at.saturating_sub(10)..(at + 10).min(b.len())]
        );
    }
}

#[test]
fn breakouts_change_nothing_but_names_and_strings() {
    assert_same_shape(&fixture("hostile-breakouts"));
}

#[test]
fn strange_names_change_nothing_but_names() {
    assert_same_shape(&fixture("hostile-names"));
}

#[test]
fn the_twin_check_catches_a_change_of_shape() {
    // The check is only worth something if it can fail: a model with one member more does not
    // have its twin's shape.
    let model = fixture("hostile-names");
    let mut bigger = model.clone();
    bigger["shapes"]["456"]["members"]["Extra"] = json!({"shape": "456"});
    let (a, b) = (skeleton(&generate(&bigger)), skeleton(&generate(&plain_twin(&model))));
    assert_ne!(a, b);
}

#[test]
fn a_megabyte_of_documentation_stays_documentation() {
    let source = include_str!(concat!(env!("OUT_DIR"), "/hostile_huge_doc.rs"));
    assert!(source.len() > 2 << 20, "{}", source.len());
    let items = syn::parse_file(source).unwrap().items;
    let names: Vec<String> = items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(s) => Some(s.ident.to_string()),
            syn::Item::Fn(f) => Some(f.sig.ident.to_string()),
            syn::Item::Mod(m) => Some(m.ident.to_string()),
            syn::Item::Use(_) => Some("use".to_owned()),
            _ => None,
        })
        .collect();
    // The struct, its builder, its operation and its service, and what every file has: `json`
    // (a `use` of the runtime's) and the support module.
    assert_eq!(names, ["In", "builders", "operations", "service", "use", "__shapegen"]);
}

#[test]
fn hostile_enum_values_and_wire_names_survive_as_data() {
    use shapegen_tests::hostile_breakouts as h;
    let model = fixture("hostile-breakouts");
    let (enum_name, enum_shape) =
        model["shapes"].as_object().unwrap().iter().find(|(name, _)| name.starts_with("Enum")).unwrap();
    let values: Vec<&str> = enum_shape["enum"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    let _ = enum_name;
    // Every value reads into its own variant and writes back byte for byte.
    type Enum = h::EnumDocXFnEvilIncludeEtcPasswdRTypeU202eU2066;
    assert_eq!(Enum::VALUES, values.as_slice());
    for value in &values {
        let read: Enum = serde_json::from_value(json!(value)).unwrap();
        assert!(!matches!(read, Enum::Unknown(_)), "{value:?}");
        assert_eq!(serde_json::to_value(&read).unwrap(), json!(value));
    }
    // The list and map of it, through the output structure.
    let body = json!({"Values": values, "Map": {values[0]: "a", values[8]: "b"}});
    let out: h::Out = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(serde_json::to_value(&out).unwrap(), body);

    // A union whose member names on the wire are hostile.
    let (_, union_shape) =
        model["shapes"].as_object().unwrap().iter().find(|(name, _)| name.starts_with("Union")).unwrap();
    let wire_a = union_shape["members"].as_object().unwrap().values().next().unwrap()["locationName"].as_str().unwrap();
    let body = json!({"\u{0}": {wire_a: "x"}});
    let read: h::UnionDocXFnEvilIncludeEtcPasswdRTypeU202eU2066 = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(serde_json::to_value(&read).unwrap(), body);
}

#[test]
fn hostile_error_codes_and_messages_are_data() {
    use shapegen_tests::hostile_breakouts as h;
    type Err = h::ErrDocXFnEvilIncludeEtcPasswdRTypeU202eU2066;
    let model = fixture("hostile-breakouts");
    let code = model["metadata"]["apiVersion"].as_str().unwrap();
    assert_eq!(Err::CODE, code);
    assert_eq!(Err::HTTP_STATUS, 418);
}

/// Models the generator refuses, each with an error that names the place.
#[test]
fn broken_models_are_rejected_at_their_place() {
    let base = || {
        json!({
            "metadata": {"protocol": "rest-json", "serviceFullName": "T", "serviceId": "T"},
            "operations": {"Op": {"name": "Op", "input": {"shape": "In"}}},
            "shapes": {"In": {"type": "structure", "members": {"A": {"shape": "S"}}}, "S": {"type": "string"}}
        })
    };
    let cases: Vec<(Value, &str)> = vec![
        (
            {
                let mut m = base();
                m["shapes"]["In"]["members"]["B"] = json!({"shape": "S", "locationName": "A"});
                m
            },
            r#"shapes.In.members.B: members "A" and "B" of "In" have the same wire name "A""#,
        ),
        (
            {
                let mut m = base();
                m["shapes"]["In"]["members"]["A"]["shape"] = json!("Missing");
                m
            },
            r#"shapes.In.members.A.shape: no shape named "Missing""#,
        ),
        (
            {
                let mut m = base();
                m["shapes"]["S"]["type"] = json!("strng");
                m
            },
            r#"shapes.S.type: unknown shape type "strng""#,
        ),
        (
            {
                let mut m = base();
                m["shapes"]["S"] = json!({"type": "list", "member": {"shape": "S"}});
                m
            },
            r#"shapes.S: list "S" contains itself through lists and maps only; no Rust type can hold it"#,
        ),
        (
            {
                let mut m = base();
                m["shapes"][""] = json!({"type": "string"});
                m
            },
            r#"shapes[""]: a shape with an empty name"#,
        ),
        (
            {
                let mut m = base();
                m["shapes"]["S"]["enum"] = json!(["a\n", "a\n"]);
                m
            },
            r#"shapes.S.enum[1]: enum value "a\n" is listed twice"#,
        ),
        (
            {
                let mut m = base();
                m["shapes"]["In"]["members"]["A"]["location"] = json!("body\u{0}");
                m
            },
            r#"shapes.In.members.A.location: unknown location "body\0""#,
        ),
        (
            {
                let mut m = base();
                m["shapes"]["In\n\"evil\""] = json!(5);
                m
            },
            r#"shapes["In\n\"evil\""]: expected a shape (an object), found a number"#,
        ),
        (
            {
                let mut m = base();
                m["shapes"]["S"]["timestampFormat"] = json!(["x"]);
                m
            },
            r#"shapes.S.timestampFormat: expected a string, found an array"#,
        ),
        (json!({"shapes": {}}), r#"(root): the model has no "metadata""#),
        (json!([]), "not an API model"),
    ];
    for (model, expected) in cases {
        let bytes = serde_json::to_vec(&model).unwrap();
        let err = shapegen::generate_from_bytes(&bytes, &[], &Settings::default()).unwrap_err().to_string();
        assert!(err.contains(expected), "expected {expected:?} in:\n{err}");
        assert!(!err.contains('\n'), "one line: {err:?}");
    }
}
