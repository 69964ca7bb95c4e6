//! Models built from arbitrary shapes: valid JSON, any structure, any names. Rust that
//! parses, or an error; and a diff against the GetFindings model that ends.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value, json};

#[derive(Arbitrary, Debug)]
struct Model {
    protocol: u8,
    root: u8,
    shapes: Vec<Shape>,
}

#[derive(Arbitrary, Debug)]
struct Shape {
    name: String,
    kind: Kind,
    sensitive: bool,
    documentation: Option<String>,
}

#[derive(Arbitrary, Debug)]
enum Kind {
    Structure { members: Vec<MemberSpec>, union: bool, error: Option<u16> },
    List { member: u8, sparse: bool },
    Map { key: u8, value: u8 },
    String { values: Option<Vec<String>> },
    Timestamp { format: Option<String> },
    Other(String),
}

#[derive(Arbitrary, Debug)]
struct MemberSpec {
    name: String,
    target: u8,
    required: bool,
    location: Option<String>,
    location_name: Option<String>,
    deprecated: Option<String>,
}

fn to_json(model: &Model) -> Value {
    let name = |i: u8| model.shapes.get(usize::from(i) % model.shapes.len().max(1)).map_or("None", |s| s.name.as_str());
    let mut shapes = Map::new();
    for shape in &model.shapes {
        let mut s = match &shape.kind {
            Kind::Structure { members, union, error } => {
                let mut ms = Map::new();
                let mut required = Vec::new();
                for m in members {
                    let mut member = json!({"shape": name(m.target)});
                    if let Some(l) = &m.location {
                        member["location"] = json!(l);
                    }
                    if let Some(l) = &m.location_name {
                        member["locationName"] = json!(l);
                    }
                    if let Some(d) = &m.deprecated {
                        member["deprecated"] = json!(true);
                        member["deprecatedMessage"] = json!(d);
                    }
                    if m.required {
                        required.push(m.name.clone());
                    }
                    ms.insert(m.name.clone(), member);
                }
                let mut s = json!({"type": "structure", "members": ms, "required": required, "union": union});
                if let Some(status) = error {
                    s["exception"] = json!(true);
                    s["error"] = json!({"httpStatusCode": status});
                }
                s
            }
            Kind::List { member, sparse } => json!({"type": "list", "member": {"shape": name(*member)}, "sparse": sparse}),
            Kind::Map { key, value } => json!({"type": "map", "key": {"shape": name(*key)}, "value": {"shape": name(*value)}}),
            Kind::String { values: Some(values) } => json!({"type": "string", "enum": values}),
            Kind::String { values: None } => json!({"type": "string"}),
            Kind::Timestamp { format } => json!({"type": "timestamp", "timestampFormat": format}),
            Kind::Other(ty) => json!({"type": ty}),
        };
        if shape.sensitive {
            s["sensitive"] = json!(true);
        }
        if let Some(d) = &shape.documentation {
            s["documentation"] = json!(d);
        }
        shapes.insert(shape.name.clone(), s);
    }
    let protocol = ["rest-json", "json", "query", "rest-xml", "ec2", "smithy-rpc-v2-cbor"][usize::from(model.protocol) % 6];
    json!({
        "metadata": {"protocol": protocol, "serviceFullName": "Amazon GuardDuty", "serviceId": "GuardDuty"},
        "operations": {"GetFindings": {"name": "GetFindings", "input": {"shape": name(model.root)}}},
        "shapes": shapes,
    })
}

const SPEC: &[u8] = include_bytes!("../../spec/guardduty/service-2.json");

fuzz_target!(|model: Model| {
    let bytes = serde_json::to_vec(&to_json(&model)).expect("serializes");
    if let Ok(generated) = shapegen::generate_from_bytes(&bytes, &[], &shapegen::Settings::default()) {
        syn::parse_file(&generated.source).expect("generated code parses");
    }
    if let (Ok(old), Ok(new)) = (shapegen::read::load(SPEC, None), shapegen::read::load(&bytes, None))
        && let Ok(diff) = shapegen::diff::diff(&old.model, &new.model)
    {
        let _ = diff.to_text();
    }
});
