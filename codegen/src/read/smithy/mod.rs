//! The Smithy JSON AST reader.
//!
//! The format: a `smithy` version, `metadata`, and `shapes`, an object from absolute shape id
//! (`namespace#Name`) to a shape with a `type`, `traits` (trait shape id → value) and, by type,
//! `members`, `member`, `key` and `value` (each a `target` shape id plus traits), or the
//! service, resource and operation keys. Shapes of type `apply` add traits to the shape or
//! member (`namespace#Name$member`) their id names; `mixins` copy members and traits from
//! other shapes.
//!
//! The reader resolves all of that into the same [`Model`] the botocore reader produces, for
//! one service: its operations, those bound through its resources, and every shape they reach.
//! Shapes are named by their local name (`Finding`), or as the service's `rename` says; the
//! prelude's simple shapes (`smithy.api#String`) by theirs, and `smithy.api#Unit` as no input
//! or output of an operation, or an empty structure named `Unit` in a union. Traits the reader
//! does not use are read past: they are open-ended by design, never an error.
//!
//! Smithy 1.0 files differ in three ways the reader handles: `set` shapes (read as lists), the
//! `enum` trait on strings, and members targeting unboxed numbers and booleans, which have a
//! zero default value.

mod convert;
mod raw;
mod service;
mod traits;

use std::collections::BTreeMap;

use super::fields::Fields;
use crate::error::{ModelError, Warning};
use crate::json::{Json, Pointer, quote_for_message};
use crate::model::*;
use raw::{RawShape, Trait, choose_service, merge_traits, read_shape, read_traits, resolve_mixins};
use service::Reader;

/// The keys of a resource that bind operations to it (its lifecycle operations and the
/// others); `resources` binds child resources.
pub(crate) const RESOURCE_OPERATION_KEYS: &[&str] =
    &["create", "put", "read", "update", "delete", "list", "operations", "collectionOperations"];

const PRELUDE: &str = "smithy.api";
const UNIT: &str = "smithy.api#Unit";

const TOP_KEYS: &[&str] = &["smithy", "metadata", "shapes"];
const MEMBER_KEYS: &[&str] = &["target", "traits"];

/// The keys a shape of each type may have, beside `type`, `traits` and `mixins`.
fn shape_keys(ty: &str) -> &'static [&'static str] {
    match ty {
        "structure" | "union" | "enum" | "intEnum" => &["members"],
        "list" | "set" => &["member"],
        "map" => &["key", "value"],
        "service" => &["version", "operations", "resources", "errors", "rename"],
        "resource" => &[
            "identifiers",
            "properties",
            "create",
            "put",
            "read",
            "update",
            "delete",
            "list",
            "operations",
            "collectionOperations",
            "resources",
        ],
        "operation" => &["input", "output", "errors"],
        _ => &[],
    }
}

const SIMPLE_TYPES: &[&str] = &[
    "blob",
    "boolean",
    "string",
    "byte",
    "short",
    "integer",
    "long",
    "float",
    "double",
    "bigInteger",
    "bigDecimal",
    "timestamp",
    "document",
];
const AGGREGATE_TYPES: &[&str] = &["structure", "union", "enum", "intEnum", "list", "set", "map"];
const SERVICE_TYPES: &[&str] = &["service", "resource", "operation"];

/// The prelude's shapes that members may target: local name, type, and the name the shape
/// has in the model (`Primitive*` shapes differ from the boxed ones only in their default,
/// which a member targeting them repeats).
const PRELUDE_SHAPES: &[(&str, &str, &str)] = &[
    ("String", "string", "String"),
    ("Blob", "blob", "Blob"),
    ("BigInteger", "bigInteger", "BigInteger"),
    ("BigDecimal", "bigDecimal", "BigDecimal"),
    ("Timestamp", "timestamp", "Timestamp"),
    ("Document", "document", "Document"),
    ("Boolean", "boolean", "Boolean"),
    ("Byte", "byte", "Byte"),
    ("Short", "short", "Short"),
    ("Integer", "integer", "Integer"),
    ("Long", "long", "Long"),
    ("Float", "float", "Float"),
    ("Double", "double", "Double"),
    ("PrimitiveBoolean", "boolean", "Boolean"),
    ("PrimitiveByte", "byte", "Byte"),
    ("PrimitiveShort", "short", "Short"),
    ("PrimitiveInteger", "integer", "Integer"),
    ("PrimitiveLong", "long", "Long"),
    ("PrimitiveFloat", "float", "Float"),
    ("PrimitiveDouble", "double", "Double"),
    ("Unit", "structure", "Unit"),
];

fn prelude_shape(id: &str) -> Option<(&'static str, &'static str)> {
    let local = id.strip_prefix(PRELUDE)?.strip_prefix('#')?;
    PRELUDE_SHAPES.iter().find(|(name, _, _)| *name == local).map(|(_, ty, model_name)| (*ty, *model_name))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Version {
    V1,
    V2,
}

/// Reads a Smithy JSON AST model, for the service with shape id `service`, or for the
/// model's only service when `service` is `None`.
pub fn read(document: &Json, service: Option<&str>) -> Result<(Model, Vec<Warning>), ModelError> {
    read_service(document, service).map(|read| (read.model, read.warnings))
}

/// A service read from a Smithy model, with what only a Smithy model says.
#[derive(Debug, Clone)]
pub struct Read {
    /// The model.
    pub model: Model,
    /// What the reader read past.
    pub warnings: Vec<Warning>,
    /// The service's shape id.
    pub service: String,
    /// Each operation's shape id, by the operation's name in the model.
    pub operation_ids: BTreeMap<String, String>,
}

/// Reads a Smithy JSON AST model as [`read`] does; also returns the shape ids of the service
/// and its operations.
pub fn read_service(document: &Json, service: Option<&str>) -> Result<Read, ModelError> {
    let root = Pointer::root();
    let top = Fields::of(document, &root, "a Smithy model")?;
    let mut warnings = Vec::new();
    top.warn_unknown(TOP_KEYS, "top-level", &mut warnings);
    let version = match top.str("smithy")? {
        Some("2" | "2.0") => Version::V2,
        Some("1" | "1.0") => Version::V1,
        Some(other) => {
            return Err(ModelError::new(
                &top.ptr("smithy"),
                format!("Smithy version {} is not one this reader knows (1.0, 2.0)", quote_for_message(other)),
            ));
        }
        None => return Err(ModelError::new(&root, "not a Smithy model: no \"smithy\" version")),
    };
    let Some(shapes_fields) = top.object("shapes", "the shapes")? else {
        return Err(ModelError::new(&root, "the model has no \"shapes\""));
    };

    let mut shapes: BTreeMap<String, RawShape> = BTreeMap::new();
    let mut applies: Vec<(String, Vec<Trait>, Pointer)> = Vec::new();
    for (id, value) in shapes_fields.entries() {
        let at = shapes_fields.ptr(id);
        let f = Fields::of(value, &at, "a shape")?;
        let ty = f.required_str("type", "the shape")?;
        if ty == "apply" {
            check_id(id, &at, "apply statement", true)?;
            f.warn_unknown(&["type", "traits"], "apply", &mut warnings);
            applies.push((id.clone(), read_traits(&f, id)?, at));
            continue;
        }
        check_id(id, &at, "shape", false)?;
        let known_type = SIMPLE_TYPES.contains(&ty) || AGGREGATE_TYPES.contains(&ty) || SERVICE_TYPES.contains(&ty);
        if !known_type {
            return Err(ModelError::new(
                &f.ptr("type"),
                format!(
                    "shape {} has the unknown type {} (known: {}, {}, {}, apply)",
                    quote_for_message(id),
                    quote_for_message(ty),
                    SIMPLE_TYPES.join(", "),
                    AGGREGATE_TYPES.join(", "),
                    SERVICE_TYPES.join(", ")
                ),
            ));
        }
        if ty == "set" && version == Version::V2 {
            warnings.push(Warning {
                pointer: f.ptr("type"),
                message: format!("{}: \"set\" is deprecated in Smithy 2.0; read as a list", quote_for_message(id)),
                operation: None,
            });
        }
        let mut known: Vec<&str> = vec!["type", "traits", "mixins"];
        known.extend_from_slice(shape_keys(ty));
        f.warn_unknown(&known, "shape", &mut warnings);
        let shape = read_shape(id, ty, f, &mut warnings)?;
        shapes.insert(id.clone(), shape);
    }

    // Traits applied to shapes and to members written in place take effect before mixins are
    // resolved, so that shapes using a mixin see them; traits applied to members a shape
    // gets from its mixins, after.
    let mut deferred = Vec::new();
    for (target, traits, at) in applies {
        let (shape_id, member) = split_member(&target);
        let Some(shape) = shapes.get_mut(shape_id) else {
            return Err(dangling(&at, shape_id, &shapes));
        };
        match member {
            None => merge_traits(&mut shape.traits, traits, &target)?,
            Some(name) => match shape.members.iter_mut().find(|m| m.name == name) {
                Some(m) => merge_traits(&mut m.traits, traits, &target)?,
                None if !shape.mixins.is_empty() => deferred.push((target, traits, at)),
                None => {
                    return Err(ModelError::new(&at, no_member(&target, shape_id, name)));
                }
            },
        }
    }
    resolve_mixins(&mut shapes)?;
    for (target, traits, at) in deferred {
        let (shape_id, member) = split_member(&target);
        let name = member.unwrap_or_default();
        let member = shapes.get_mut(shape_id).and_then(|s| s.members.iter_mut().find(|m| m.name == name));
        let Some(member) = member else {
            return Err(ModelError::new(&at, no_member(&target, shape_id, name)));
        };
        merge_traits(&mut member.traits, traits, &target)?;
    }

    let service_id = choose_service(&shapes, service)?;
    Reader::new(&shapes, service_id, version, warnings)?.read()
}

/// Checks that `id` is an absolute shape id, `namespace#Name` (with `$member` if `member`).
fn check_id(id: &str, at: &Pointer, what: &str, member: bool) -> Result<(), ModelError> {
    check_id_with(id, || at.clone(), || what.to_owned(), member)
}

/// [`check_id`], the place and the description made only for an error.
fn check_id_with(
    id: &str,
    at: impl FnOnce() -> Pointer,
    what: impl FnOnce() -> String,
    member: bool,
) -> Result<(), ModelError> {
    let problem = id_problem(id, member);
    match problem {
        None => Ok(()),
        Some(problem) => Err(ModelError::new(&at(), format!("{} id {}: {problem}", what(), quote_for_message(id)))),
    }
}

fn id_problem(id: &str, member_allowed: bool) -> Option<String> {
    let Some((namespace, rest)) = id.split_once('#') else {
        return Some("has no namespace (expected namespace#Name)".to_owned());
    };
    if namespace.is_empty() {
        return Some("has an empty namespace (expected namespace#Name)".to_owned());
    }
    if !namespace.split('.').all(is_identifier) {
        return Some(format!("the namespace {} is not dot-separated identifiers", quote_for_message(namespace)));
    }
    let (name, member) = match rest.split_once('$') {
        Some((name, member)) => (name, Some(member)),
        None => (rest, None),
    };
    if !is_identifier(name) {
        return Some(format!("the name {} is not an identifier", quote_for_message(name)));
    }
    match member {
        Some(_) if !member_allowed => Some("names a member where a shape is expected".to_owned()),
        Some(m) if !is_identifier(m) => Some(format!("the member name {} is not an identifier", quote_for_message(m))),
        _ => None,
    }
}

/// A Smithy identifier: letters, digits and `_`, starting with `_`s then a letter.
fn is_identifier(s: &str) -> bool {
    let rest = s.trim_start_matches('_');
    rest.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn split_member(id: &str) -> (&str, Option<&str>) {
    match id.split_once('$') {
        Some((shape, member)) => (shape, Some(member)),
        None => (id, None),
    }
}

fn local_name(id: &str) -> &str {
    id.split_once('#').map_or(id, |(_, name)| name)
}

/// An error for a reference to a shape the model does not have, with the nearest id it has,
/// worded as for any model (see [`crate::validate`]).
fn dangling(at: &Pointer, target: &str, shapes: &BTreeMap<String, RawShape>) -> ModelError {
    ModelError::new(at, crate::validate::no_shape(target, shapes.keys().map(String::as_str)))
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" }
}

/// A JSON value as short text for a message.
fn json_text(value: &Json) -> String {
    match value {
        Json::String(s) => quote_for_message(s),
        Json::Number(n) => n.to_string(),
        Json::Bool(b) => b.to_string(),
        other => other.type_name().to_owned(),
    }
}

/// The message for an apply statement whose target member does not exist.
fn no_member(target: &str, shape_id: &str, name: &str) -> String {
    format!(
        "apply statement {}: {} has no member {}",
        quote_for_message(target),
        quote_for_message(shape_id),
        quote_for_message(name)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(text: &str) -> Result<(Model, Vec<Warning>), ModelError> {
        read(&crate::json::parse(text.as_bytes()).unwrap(), None)
    }

    /// A model with one service, `ex#Service` (restJson1), one operation `ex#Op` with `ex#In`
    /// and `ex#Out`, and the given extra shapes; `IN` and `OUT` stand for the members of the
    /// input and output.
    fn model(members_in: &str, members_out: &str, shapes: &str) -> String {
        let extra = if shapes.is_empty() { String::new() } else { format!(",\n{shapes}") };
        format!(
            r#"{{"smithy": "2.0", "shapes": {{
              "ex#Service": {{"type": "service", "version": "2024-01-01", "operations": [{{"target": "ex#Op"}}],
                "traits": {{"aws.protocols#restJson1": {{}}, "smithy.api#title": "Example", "aws.api#service": {{"sdkId": "Example"}}}}}},
              "ex#Op": {{"type": "operation", "input": {{"target": "ex#In"}}, "output": {{"target": "ex#Out"}},
                "traits": {{"smithy.api#http": {{"method": "POST", "uri": "/op/{{Id}}"}}}}}},
              "ex#In": {{"type": "structure", "members": {{{members_in}}}, "traits": {{"smithy.api#input": {{}}}}}},
              "ex#Out": {{"type": "structure", "members": {{{members_out}}}}}{extra}
            }}}}"#
        )
    }

    fn members<'m>(model: &'m Model, shape: &str) -> &'m [Member] {
        model.shapes[shape].kind.members()
    }

    #[test]
    fn reads_a_service_its_operation_and_members() {
        let text = model(
            r#""Id": {"target": "smithy.api#String", "traits": {"smithy.api#httpLabel": {}, "smithy.api#required": {}}},
               "Name": {"target": "ex#Name", "traits": {"smithy.api#jsonName": "name", "smithy.api#documentation": "<p>The name.</p>"}}"#,
            r#""When": {"target": "smithy.api#Timestamp", "traits": {"smithy.api#timestampFormat": "date-time", "smithy.api#required": {}}},
               "Count": {"target": "smithy.api#PrimitiveInteger", "traits": {"smithy.api#default": 0}},
               "Tags": {"target": "ex#Tags", "traits": {"smithy.api#clientOptional": {}, "smithy.api#required": {}}}"#,
            r#""ex#Name": {"type": "string", "traits": {"smithy.api#length": {"min": 1, "max": 64}, "smithy.api#pattern": "^[a-z]+$"}},
               "ex#Tags": {"type": "map", "key": {"target": "smithy.api#String"}, "value": {"target": "smithy.api#String"}, "traits": {"smithy.api#sparse": {}}}"#,
        );
        let (model, warnings) = read_str(&text).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(model.service.title, "Example");
        assert_eq!(model.service.sdk_id.as_deref(), Some("Example"));
        assert_eq!(model.service.api_version.as_deref(), Some("2024-01-01"));
        assert_eq!(model.protocol(), Protocol::RestJson);
        let op = model.operation("Op").unwrap();
        assert_eq!((op.input.as_deref(), op.output.as_deref()), (Some("In"), Some("Out")));
        let http = op.http.as_ref().unwrap();
        assert_eq!((http.method.as_str(), http.uri.as_str(), http.response_code), ("POST", "/op/{Id}", Some(200)));

        let input = &model.shapes["In"];
        assert!(input.input);
        let [id, name] = members(&model, "In") else { panic!() };
        assert_eq!((id.target.as_str(), &id.binding, id.required), ("String", &Binding::Label("Id".into()), true));
        assert_eq!(input.presence(id), Presence::Optional, "input members are optional for clients");
        assert_eq!((name.json_name(), name.documentation.as_deref()), ("name", Some("<p>The name.</p>")));
        let constraints = &model.shapes["Name"].constraints;
        assert_eq!(
            (constraints.min, constraints.max, constraints.pattern.as_deref()),
            (Some(1.0), Some(64.0), Some("^[a-z]+$"))
        );

        let output = &model.shapes["Out"];
        let [when, count, tags] = members(&model, "Out") else { panic!() };
        assert_eq!(when.timestamp_format, Some(TimestampFormat::DateTime));
        assert_eq!(output.presence(when), Presence::Required);
        assert_eq!(count.target, "Integer", "PrimitiveInteger is an integer like any other");
        assert_eq!(output.presence(count), Presence::Defaulted(&Json::Number(0.into())));
        assert!(tags.required && tags.client_optional);
        assert_eq!(output.presence(tags), Presence::Optional);
        assert!(matches!(&model.shapes["Tags"].kind, ShapeKind::Map(m) if m.sparse));
        assert_eq!(model.shapes["String"].kind, ShapeKind::String);
        assert_eq!(model.shapes["Timestamp"].kind, ShapeKind::Timestamp);
    }

    #[test]
    fn enums_int_enums_unions_and_unit() {
        let text = model(
            "",
            r#""Color": {"target": "ex#Color"}, "Level": {"target": "ex#Level"}, "Choice": {"target": "ex#Choice"}"#,
            r#""ex#Color": {"type": "enum", "members": {
                 "RED": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "red", "smithy.api#documentation": "Red."}},
                 "GREEN": {"target": "smithy.api#Unit"}}},
               "ex#Level": {"type": "intEnum", "members": {
                 "LOW": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": 1}},
                 "HIGH": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": 10}}}},
               "ex#Choice": {"type": "union", "members": {
                 "Nothing": {"target": "smithy.api#Unit"}, "Text": {"target": "smithy.api#String"}}}"#,
        );
        let (model, _) = read_str(&text).unwrap();
        let ShapeKind::Enum(values) = &model.shapes["Color"].kind else { panic!() };
        assert_eq!(values[0].value, "red");
        assert_eq!(values[0].name.as_deref(), Some("RED"));
        assert_eq!(values[0].documentation.as_deref(), Some("Red."));
        assert_eq!(values[1].value, "GREEN", "without enumValue, the value is the member name");
        let ShapeKind::IntEnum(levels) = &model.shapes["Level"].kind else { panic!() };
        assert_eq!(levels.iter().map(|l| (l.name.as_str(), l.value)).collect::<Vec<_>>(), [("LOW", 1), ("HIGH", 10)]);
        let ShapeKind::Union(choices) = &model.shapes["Choice"].kind else { panic!() };
        assert_eq!(choices[0].target, "Unit");
        assert_eq!(model.shapes["Unit"].kind, ShapeKind::Structure(Vec::new()));
        assert!(!model.shapes.contains_key("GREEN"), "enum members target Unit but are not shapes");
    }

    #[test]
    fn prelude_names_are_shared_by_primitive_twins_and_yield_to_the_model() {
        let text = model(
            "",
            r#""A": {"target": "smithy.api#Boolean"}, "B": {"target": "smithy.api#PrimitiveBoolean", "traits": {"smithy.api#default": false}},
               "C": {"target": "ex#String"}, "D": {"target": "smithy.api#String"}"#,
            r#""ex#String": {"type": "string", "traits": {"smithy.api#length": {"max": 3}}}"#,
        );
        let (model, _) = read_str(&text).unwrap();
        let targets: Vec<&str> = members(&model, "Out").iter().map(|m| m.target.as_str()).collect();
        assert_eq!(targets, ["Boolean", "Boolean", "String", "smithy.api#String"]);
        assert_eq!(model.shapes["String"].constraints.max, Some(3.0));
        assert_eq!(model.shapes["smithy.api#String"].constraints.max, None);
    }

    #[test]
    fn streaming_unions_are_event_streams_of_events() {
        let text = model(
            "",
            r#""Events": {"target": "ex#Events", "traits": {"smithy.api#httpPayload": {}}}"#,
            r#""ex#Events": {"type": "union", "members": {"Tick": {"target": "ex#Tick"}}, "traits": {"smithy.api#streaming": {}}},
               "ex#Tick": {"type": "structure", "members": {"Body": {"target": "ex#Bytes", "traits": {"smithy.api#eventPayload": {}}},
                           "Seq": {"target": "smithy.api#Long", "traits": {"smithy.api#eventHeader": {}}}}},
               "ex#Bytes": {"type": "blob", "traits": {"smithy.api#streaming": {}}}"#,
        );
        let (model, _) = read_str(&text).unwrap();
        assert!(model.shapes["Events"].event_stream);
        assert!(matches!(model.shapes["Events"].kind, ShapeKind::Union(_)));
        assert!(model.shapes["Tick"].event);
        assert!(members(&model, "Tick")[0].event_payload);
        // A header of the event's message, named as the member.
        assert_eq!(members(&model, "Tick")[1].binding, Binding::Header("Seq".to_owned()));
        assert_eq!(model.shapes["Bytes"].kind, ShapeKind::Blob { streaming: true, requires_length: false });
        assert_eq!(members(&model, "Out")[0].binding, Binding::Payload);
    }

    #[test]
    fn member_and_shape_traits_map_to_the_model() {
        let text = model(
            r#""Id": {"target": "smithy.api#String", "traits": {"smithy.api#httpLabel": {}, "smithy.api#hostLabel": {}, "smithy.rules#contextParam": {"name": "ResourceId"}}},
               "Tags": {"target": "ex#Tags", "traits": {"smithy.api#httpPrefixHeaders": "x-tag-"}},
               "Q": {"target": "ex#Tags", "traits": {"smithy.api#httpQueryParams": {}}},
               "Token": {"target": "smithy.api#String", "traits": {"smithy.api#idempotencyToken": {}, "smithy.api#httpHeader": "X-Token"}},
               "Body": {"target": "ex#Json", "traits": {"smithy.api#httpPayload": {}}}"#,
            r#""Status": {"target": "smithy.api#Integer", "traits": {"smithy.api#httpResponseCode": {}}},
               "Secret": {"target": "ex#Secret", "traits": {"smithy.api#deprecated": {"message": "Use Key.", "since": "2024-01-01"}}},
               "Items": {"target": "ex#Items", "traits": {"smithy.api#xmlFlattened": {}, "smithy.api#xmlName": "Item", "aws.protocols#ec2QueryName": "item"}},
               "Lang": {"target": "smithy.api#String", "traits": {"smithy.api#xmlAttribute": {}, "smithy.api#xmlNamespace": {"uri": "urn:x", "prefix": "x"}}}"#,
            r#""ex#Tags": {"type": "map", "key": {"target": "smithy.api#String"}, "value": {"target": "smithy.api#String"}},
               "ex#Json": {"type": "string", "traits": {"smithy.api#mediaType": "application/json"}},
               "ex#Secret": {"type": "string", "traits": {"smithy.api#sensitive": {}, "smithy.api#deprecated": {}, "smithy.api#range": {"min": 0}}},
               "ex#Items": {"type": "list", "member": {"target": "smithy.api#Timestamp", "traits": {"smithy.api#timestampFormat": "http-date"}}},
               "ex#Stamp": {"type": "timestamp", "traits": {"smithy.api#timestampFormat": "epoch-seconds"}}"#,
        );
        let (model, _) = read_str(&text).unwrap();
        let [id, tags, q, token, body] = members(&model, "In") else { panic!() };
        assert!(id.host_label);
        assert_eq!(id.context_param.as_deref(), Some("ResourceId"));
        assert_eq!(tags.binding, Binding::PrefixHeaders("x-tag-".into()));
        assert_eq!(q.binding, Binding::QueryParams);
        assert_eq!((token.idempotency_token, &token.binding), (true, &Binding::Header("X-Token".into())));
        assert_eq!(body.binding, Binding::Payload);
        assert!(body.json_value, "a string whose media type is JSON");
        let [status, secret, items, lang] = members(&model, "Out") else { panic!() };
        assert_eq!(status.binding, Binding::StatusCode);
        let deprecation = secret.deprecated.as_ref().unwrap();
        assert_eq!(
            (deprecation.message.as_deref(), deprecation.since.as_deref()),
            (Some("Use Key."), Some("2024-01-01"))
        );
        let shape = &model.shapes["Secret"];
        assert!(shape.sensitive && shape.deprecated.is_some());
        assert_eq!((shape.constraints.min, shape.constraints.max), (Some(0.0), None));
        assert!(items.xml.flattened);
        assert_eq!(items.json_name(), "Items", "xmlName is not a JSON name");
        assert_eq!(items.query_name.as_deref(), Some("item"));
        let ShapeKind::List(list) = &model.shapes["Items"].kind else { panic!() };
        assert_eq!(list.member.timestamp_format, Some(TimestampFormat::HttpDate));
        assert!(lang.xml.attribute);
        assert_eq!((lang.xml.namespace.as_deref(), lang.xml.namespace_prefix.as_deref()), (Some("urn:x"), Some("x")));

        let twice = text.replace(
            r#""smithy.api#idempotencyToken": {}, "smithy.api#httpHeader": "X-Token""#,
            r#""smithy.api#httpHeader": "X-Token", "smithy.api#httpQuery": "token""#,
        );
        let err = read_str(&twice).unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"shapes.ex#In.members.Token.traits: "ex#In$Token" is bound twice: "smithy.api#httpQuery" and "smithy.api#httpHeader""#
        );
    }

    #[test]
    fn unit_input_and_output_are_none() {
        let text = model("", "", "").replace(
            r#""input": {"target": "ex#In"}, "output": {"target": "ex#Out"}"#,
            r#""output": {"target": "smithy.api#Unit"}"#,
        );
        let (model, _) = read_str(&text).unwrap();
        let op = model.operation("Op").unwrap();
        assert_eq!((op.input.as_deref(), op.output.as_deref()), (None, None));
        assert!(!model.shapes.contains_key("In") && !model.shapes.contains_key("Unit"));
    }

    #[test]
    fn mixins_give_members_and_traits_first() {
        let text = model(
            "",
            r#""Thing": {"target": "ex#Thing"}"#,
            r#""ex#Base": {"type": "structure", "mixins": [{"target": "ex#Named"}], "members": {
                 "Created": {"target": "smithy.api#Timestamp"}},
                 "traits": {"smithy.api#mixin": {"localTraits": ["smithy.api#deprecated"]}, "smithy.api#sensitive": {}, "smithy.api#deprecated": {}}},
               "ex#Named": {"type": "structure", "members": {"Name": {"target": "smithy.api#String"}}, "traits": {"smithy.api#mixin": {}}},
               "ex#Thing": {"type": "structure", "mixins": [{"target": "ex#Base"}], "members": {
                 "Size": {"target": "smithy.api#Long"},
                 "Name": {"target": "smithy.api#String", "traits": {"smithy.api#required": {}}}}}"#,
        );
        let (model, _) = read_str(&text).unwrap();
        let names: Vec<&str> = members(&model, "Thing").iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["Name", "Created", "Size"]);
        assert!(members(&model, "Thing")[0].required, "a redefined mixin member adds its traits");
        let thing = &model.shapes["Thing"];
        assert!(thing.sensitive, "traits come with the mixin");
        assert!(thing.deprecated.is_none(), "except those the mixin keeps local");
        assert!(
            !model.shapes.contains_key("Base") && !model.shapes.contains_key("Named"),
            "mixins are not shapes of the API"
        );
    }

    #[test]
    fn apply_adds_traits_to_shapes_and_members_even_from_mixins() {
        let text = model(
            "",
            r#""Thing": {"target": "ex#Thing"}"#,
            r#""ex#Named": {"type": "structure", "members": {"Name": {"target": "smithy.api#String"}}, "traits": {"smithy.api#mixin": {}}},
               "ex#Thing": {"type": "structure", "mixins": [{"target": "ex#Named"}], "members": {"Size": {"target": "smithy.api#Long"}}},
               "ex#Thing$Name": {"type": "apply", "traits": {"smithy.api#documentation": "The name."}},
               "ex#Named$Name": {"type": "apply", "traits": {"smithy.api#required": {}}},
               "ex#Thing$Size": {"type": "apply", "traits": {"smithy.api#jsonName": "size"}},
               "ex#Thing": {"type": "apply", "traits": {"smithy.api#documentation": "A thing."}}"#,
        )
        // The same key twice is a duplicate; apply statements to one shape use distinct keys
        // in real files, so this test keeps only one statement per key.
        .replacen(r#""ex#Thing": {"type": "apply", "traits": {"smithy.api#documentation": "A thing."}}"#, r#""ex#Out$Thing": {"type": "apply", "traits": {"smithy.api#documentation": "The thing."}}"#, 1);
        let (model, _) = read_str(&text).unwrap();
        let [name, size] = members(&model, "Thing") else { panic!() };
        assert_eq!(name.documentation.as_deref(), Some("The name."));
        assert!(name.required, "applied to the mixin's member, so every user of the mixin has it");
        assert_eq!(size.json_name(), "size");
        assert_eq!(members(&model, "Out")[0].documentation.as_deref(), Some("The thing."));
    }

    #[test]
    fn apply_merges_lists_and_rejects_conflicts() {
        let with_apply = |traits: &str| {
            model(
                "",
                r#""M": {"target": "smithy.api#String", "traits": {"smithy.api#tags": ["a"], "smithy.api#documentation": "Doc."}}"#,
                &format!(r#""ex#Out$M": {{"type": "apply", "traits": {{{traits}}}}}"#),
            )
        };
        // Equal values agree, lists concatenate.
        read_str(&with_apply(r#""smithy.api#tags": ["b"], "smithy.api#documentation": "Doc.""#)).unwrap();
        let err = read_str(&with_apply(r#""smithy.api#documentation": "Other.""#)).unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"shapes.ex#Out$M.traits["smithy.api#documentation"]: trait "smithy.api#documentation" of "ex#Out$M": conflicting values (another is at shapes.ex#Out.members.M.traits["smithy.api#documentation"])"#
        );
    }

    #[test]
    fn operations_bound_through_resources_count() {
        let text = model("", "", "")
            .replace(r#""operations": [{"target": "ex#Op"}]"#, r#""resources": [{"target": "ex#Thing"}]"#)
            .replace(
                r#""ex#In": {"#,
                r#""ex#Thing": {"type": "resource", "identifiers": {"Id": {"target": "smithy.api#String"}}, "read": {"target": "ex#Op"}, "resources": [{"target": "ex#Part"}]},
                   "ex#Part": {"type": "resource", "operations": [{"target": "ex#PartOp"}]},
                   "ex#PartOp": {"type": "operation"},
                   "ex#In": {"#,
            );
        let (model, _) = read_str(&text).unwrap();
        let names: Vec<&str> = model.operations.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(names, ["Op", "PartOp"]);
    }

    #[test]
    fn service_errors_join_every_operation() {
        let text = model("", "", r#""ex#Oops": {"type": "structure", "members": {"Message": {"target": "smithy.api#String"}}, "traits": {"smithy.api#error": "server", "smithy.api#httpError": 503, "smithy.api#retryable": {}}}"#)
            .replace(r#""version": "2024-01-01","#, r#""version": "2024-01-01", "errors": [{"target": "ex#Oops"}],"#);
        let (model, _) = read_str(&text).unwrap();
        assert_eq!(model.operation("Op").unwrap().errors, ["Oops"]);
        let error = model.shapes["Oops"].error.as_ref().unwrap();
        assert_eq!(
            (error.sender_fault, error.http_status, error.retryable, error.code.as_deref()),
            (false, Some(503), true, None)
        );
    }

    #[test]
    fn auth_schemes_of_the_service_and_its_operations() {
        let service = |traits: &str, op_traits: &str| {
            let text = model("", "", r#""ex#Other": {"type": "operation"}"#)
                .replace(
                    r#""aws.api#service": {"sdkId": "Example"}"#,
                    &format!(r#""aws.api#service": {{"sdkId": "Example"}}{traits}"#),
                )
                .replace(
                    r#""smithy.api#http": {"method": "POST", "uri": "/op/{Id}"}"#,
                    &format!(r#""smithy.api#http": {{"method": "POST", "uri": "/op/{{Id}}"}}{op_traits}"#),
                );
            let (model, _) = read_str(&text).unwrap();
            let op = model.operation("Op").unwrap().clone();
            (model.service.auth, op.auth, op.unsigned_payload)
        };
        // Without `@auth`, the auth traits the service carries, by shape id.
        let (auth, op, unsigned) =
            service(r#", "aws.auth#sigv4a": {"name": "s"}, "aws.auth#sigv4": {"name": "s"}"#, "");
        assert_eq!((auth, op, unsigned), (vec![AuthScheme::SigV4, AuthScheme::SigV4a], None, false));
        // `@auth` orders them; an operation's own list, `@optionalAuth` and `@unsignedPayload`.
        let (auth, op, unsigned) = service(
            r#", "aws.auth#sigv4a": {"name": "s"}, "aws.auth#sigv4": {"name": "s"}, "smithy.api#auth": ["aws.auth#sigv4a", "aws.auth#sigv4"]"#,
            r#", "smithy.api#optionalAuth": {}, "aws.auth#unsignedPayload": {}"#,
        );
        assert_eq!(auth, [AuthScheme::SigV4a, AuthScheme::SigV4]);
        assert_eq!(op, Some(vec![AuthScheme::SigV4a, AuthScheme::SigV4, AuthScheme::NoAuth]));
        assert!(unsigned);
        // An empty `@auth` on an operation: unsigned.
        let (_, op, _) = service(r#", "aws.auth#sigv4": {"name": "s"}"#, r#", "smithy.api#auth": []"#);
        assert_eq!(op, Some(vec![AuthScheme::NoAuth]));
        let (_, op, _) = service("", r#", "smithy.api#auth": ["smithy.api#httpBearerAuth", "ex#custom"]"#);
        assert_eq!(op, Some(vec![AuthScheme::Bearer, AuthScheme::Other("ex#custom".to_owned())]));
    }

    #[test]
    fn several_services_need_a_choice() {
        let text = model("", "", r#""ex#Other": {"type": "service", "version": "1"}"#);
        let err = read_str(&text).unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"shapes: the model has 2 services ("ex#Other", "ex#Service"); choose one by its shape id"#
        );
        let document = crate::json::parse(text.as_bytes()).unwrap();
        let (chosen, _) = read(&document, Some("ex#Service")).unwrap();
        assert_eq!(chosen.service.title, "Example");
        let err = read(&document, Some("ex#Op")).unwrap_err();
        assert_eq!(err.to_string(), r#"shapes.ex#Op: "ex#Op" is an operation, not a service"#);
    }

    #[test]
    fn renames_and_name_conflicts() {
        let shapes = r#""a#Item": {"type": "string"}, "b#Item": {"type": "integer"}"#;
        let out = r#""A": {"target": "a#Item"}, "B": {"target": "b#Item"}"#;
        let err = read_str(&model("", out, shapes)).unwrap_err();
        assert_eq!(
            err.message,
            r#""a#Item" and "b#Item" are both named "Item" in the service; its "rename" must rename one"#
        );
        let text = model("", out, shapes)
            .replace(r#""version": "2024-01-01","#, r#""version": "2024-01-01", "rename": {"b#Item": "Count"},"#);
        let (model, _) = read_str(&text).unwrap();
        assert_eq!(members(&model, "Out")[1].target, "Count");
        assert_eq!(model.shapes["Count"].kind, ShapeKind::Integer);
    }

    #[test]
    fn protocols_set_wire_names_errors_and_rpc_bindings() {
        let text = model(
            r#""Name": {"target": "smithy.api#String", "traits": {"smithy.api#jsonName": "name", "smithy.api#xmlName": "NameX"}}"#,
            "",
            r#""ex#Oops": {"type": "structure", "members": {}, "traits": {"smithy.api#error": "client", "smithy.api#httpError": 400, "aws.protocols#awsQueryError": {"code": "Oops.Code", "httpResponseCode": 400}}}"#,
        )
        .replace(r#""output": {"target": "ex#Out"},"#, r#""output": {"target": "ex#Out"}, "errors": [{"target": "ex#Oops"}],"#);
        for (protocol, wire, code, json_version, http) in [
            ("aws.protocols#restJson1", "name", None, None, "POST /op/{Id}"),
            ("aws.protocols#awsJson1_0", "Name", None, Some("1.0"), "POST /op/{Id}"),
            ("aws.protocols#awsQuery", "NameX", Some("Oops.Code"), None, "POST /op/{Id}"),
        ] {
            let (model, _) = read_str(&text.replace("aws.protocols#restJson1", protocol)).unwrap();
            assert_eq!(members(&model, "In")[0].json_name(), wire, "{protocol}");
            assert_eq!(model.shapes["Oops"].error.as_ref().unwrap().code.as_deref(), code, "{protocol}");
            assert_eq!(model.service.json_version.as_deref(), json_version, "{protocol}");
            let op_http = model.operation("Op").unwrap().http.as_ref().unwrap();
            assert_eq!(format!("{} {}", op_http.method, op_http.uri), http);
        }
        // Without an http trait, the RPC protocols post to the root.
        let rpc = text
            .replace("aws.protocols#restJson1", "aws.protocols#awsJson1_1")
            .replace(r#""traits": {"smithy.api#http": {"method": "POST", "uri": "/op/{Id}"}}"#, r#""traits": {}"#);
        let (model, _) = read_str(&rpc).unwrap();
        let http = model.operation("Op").unwrap().http.clone().unwrap();
        assert_eq!((http.method.as_str(), http.uri.as_str(), http.response_code), ("POST", "/", None));
        assert_eq!(model.service.target_prefix.as_deref(), Some("Service"));
    }

    #[test]
    fn smithy_1_sets_enum_traits_and_primitive_defaults() {
        let text = model(
            "",
            r#""Ids": {"target": "ex#Ids"}, "Mode": {"target": "ex#Mode"}, "Count": {"target": "ex#Count"},
               "Boxed": {"target": "ex#BoxedCount"}, "Flag": {"target": "smithy.api#PrimitiveBoolean"}, "Maybe": {"target": "smithy.api#Boolean"}"#,
            r#""ex#Ids": {"type": "set", "member": {"target": "smithy.api#String"}},
               "ex#Mode": {"type": "string", "traits": {"smithy.api#enum": [{"value": "on", "name": "ON", "documentation": "On."}, {"value": "off", "deprecated": true}]}},
               "ex#Count": {"type": "integer"},
               "ex#BoxedCount": {"type": "integer", "traits": {"smithy.api#box": {}}}"#,
        )
        .replace(r#""smithy": "2.0""#, r#""smithy": "1.0""#);
        let (model, _) = read_str(&text).unwrap();
        assert!(matches!(model.shapes["Ids"].kind, ShapeKind::List(_)));
        let ShapeKind::Enum(modes) = &model.shapes["Mode"].kind else { panic!() };
        assert_eq!(
            (modes[0].value.as_str(), modes[0].name.as_deref(), modes[0].documentation.as_deref()),
            ("on", Some("ON"), Some("On."))
        );
        assert!(modes[1].deprecated.is_some());
        let defaults: Vec<Option<&Json>> = members(&model, "Out").iter().skip(2).map(|m| m.default.as_ref()).collect();
        assert_eq!(defaults, [Some(&Json::Number(0.into())), None, Some(&Json::Bool(false)), None]);
    }

    #[test]
    fn defaults_are_checked_against_their_target() {
        let with_default = |target: &str, value: &str| {
            model(
                "",
                &format!(r#""M": {{"target": "{target}", "traits": {{"smithy.api#default": {value}}}}}"#),
                r#""ex#Color": {"type": "enum", "members": {"RED": {"target": "smithy.api#Unit"}}}"#,
            )
        };
        for (target, value) in [
            ("smithy.api#Integer", "7"),
            ("smithy.api#String", r#""x""#),
            ("ex#Color", r#""RED""#),
            ("smithy.api#Document", r#"{"a": [1]}"#),
        ] {
            let (model, _) = read_str(&with_default(target, value)).unwrap();
            assert!(members(&model, "Out")[0].default.is_some(), "{target} {value}");
        }
        let (model, _) = read_str(&with_default("smithy.api#Integer", "null")).unwrap();
        assert_eq!(members(&model, "Out")[0].default, None, "a null default is no default");
        for (target, value, found) in [
            ("smithy.api#Integer", r#""7""#, r#""7""#),
            ("smithy.api#Byte", "300", "300"),
            ("smithy.api#Boolean", "0", "0"),
            ("ex#Color", r#""BLUE""#, r#""BLUE""#),
        ] {
            let err = read_str(&with_default(target, value)).unwrap_err();
            assert!(
                err.to_string().starts_with(&format!(
                    r#"shapes.ex#Out.members.M.traits["smithy.api#default"]: trait "smithy.api#default" of "ex#Out$M": {found} is not a default value for "{target}""#
                )),
                "{err}"
            );
        }
    }

    #[test]
    fn a_dangling_target_names_the_member_and_the_nearest_shape() {
        let text = model("", r#""Thing": {"target": "ex#Thnig"}"#, r#""ex#Thing": {"type": "string"}"#);
        let err = read_str(&text).unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"shapes.ex#Out.members.Thing.target: no shape named "ex#Thnig" (did you mean "ex#Thing"?)"#
        );
        let text = model("", "", r#""ex#Thing$Nope": {"type": "apply", "traits": {}}, "ex#Thing": {"type": "string"}"#);
        let err = read_str(&text).unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"shapes.ex#Thing$Nope: apply statement "ex#Thing$Nope": "ex#Thing" has no member "Nope""#
        );
    }

    #[test]
    fn a_trait_with_the_wrong_value_names_the_shape_and_the_trait() {
        let cases = [
            (
                r#""smithy.api#jsonName": 5"#,
                r#"traits["smithy.api#jsonName"]: trait "smithy.api#jsonName" of "ex#Out$M": expected a string, found a number"#,
            ),
            (
                r#""smithy.api#required": true"#,
                r#"traits["smithy.api#required"]: trait "smithy.api#required" of "ex#Out$M": expected an empty object ({}), found a boolean"#,
            ),
            (
                r#""smithy.api#timestampFormat": "iso""#,
                r#"traits["smithy.api#timestampFormat"]: trait "smithy.api#timestampFormat" of "ex#Out$M": unknown timestamp format "iso" (known: date-time, epoch-seconds, http-date)"#,
            ),
            (
                r#""smithy.api#deprecated": {"message": 1}"#,
                r#"traits["smithy.api#deprecated"].message: trait "smithy.api#deprecated" of "ex#Out$M": expected a string, found a number"#,
            ),
        ];
        for (t, expected) in cases {
            let text = model("", &format!(r#""M": {{"target": "smithy.api#String", "traits": {{{t}}}}}"#), "");
            let err = read_str(&text).unwrap_err();
            assert_eq!(err.to_string(), format!(r#"shapes.ex#Out.members.M.{expected}"#));
        }
        let text = model(
            "",
            r#""N": {"target": "ex#N"}"#,
            r#""ex#N": {"type": "string", "traits": {"smithy.api#length": {"min": "1"}}}"#,
        );
        let err = read_str(&text).unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"shapes.ex#N.traits["smithy.api#length"].min: trait "smithy.api#length" of "ex#N": expected a number, found a string"#
        );
        let text = model("", "", "").replace(
            r#""smithy.api#http": {"method": "POST", "uri": "/op/{Id}"}"#,
            r#""smithy.api#http": {"method": "POST"}"#,
        );
        let err = read_str(&text).unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"shapes.ex#Op.traits["smithy.api#http"]: trait "smithy.api#http" of "ex#Op": the HTTP binding has no "uri""#
        );
    }

    #[test]
    fn a_mixin_cycle_is_an_error_naming_the_cycle() {
        let text = model(
            "",
            r#""Thing": {"target": "ex#Thing"}"#,
            r#""ex#A": {"type": "structure", "mixins": [{"target": "ex#B"}], "members": {}, "traits": {"smithy.api#mixin": {}}},
               "ex#B": {"type": "structure", "mixins": [{"target": "ex#A"}], "members": {}, "traits": {"smithy.api#mixin": {}}},
               "ex#Thing": {"type": "structure", "mixins": [{"target": "ex#A"}], "members": {}}"#,
        );
        let err = read_str(&text).unwrap_err();
        assert_eq!(err.to_string(), r#"shapes.ex#B.mixins[0].target: mixin cycle: ex#A -> ex#B -> ex#A"#);
        let text = model(
            "",
            "",
            r#""ex#A": {"type": "structure", "mixins": [{"target": "ex#A"}], "members": {}, "traits": {"smithy.api#mixin": {}}}"#,
        );
        let err = read_str(&text).unwrap_err();
        assert_eq!(err.to_string(), r#"shapes.ex#A.mixins[0].target: mixin cycle: ex#A -> ex#A"#);
    }

    #[test]
    fn an_id_without_a_namespace_is_an_error() {
        let text = model("", "", r#""Thing": {"type": "string"}"#);
        let err = read_str(&text).unwrap_err();
        assert_eq!(err.to_string(), r#"shapes.Thing: shape id "Thing": has no namespace (expected namespace#Name)"#);
        let text = model("", r#""M": {"target": "String"}"#, "");
        let err = read_str(&text).unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"shapes.ex#Out.members.M.target: the target of "ex#Out$M": shape id "String": has no namespace (expected namespace#Name)"#
        );
        let text = model("", r#""M": {"target": "smithy.api#String", "traits": {"required": {}}}"#, "");
        let err = read_str(&text).unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"shapes.ex#Out.members.M.traits.required: trait "required" of "ex#Out$M": the trait id has no namespace (expected namespace#Name) (did you mean "smithy.api#required"?)"#
        );
    }

    #[test]
    fn unknown_traits_are_read_past_and_unknown_keys_warned() {
        let text = model(
            "",
            r#""M": {"target": "smithy.api#String", "traits": {"com.example#custom": {"any": ["thing"]}}, "extra": 1}"#,
            "",
        );
        let (model, warnings) = read_str(&text).unwrap();
        assert_eq!(members(&model, "Out").len(), 1);
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].to_string(), r#"shapes.ex#Out.members.M.extra: unknown member key "extra", read past"#);
    }

    #[test]
    fn bad_documents_are_errors_not_panics() {
        for text in [
            r#"{"smithy": "3.0", "shapes": {}}"#,
            r#"{"smithy": "2.0"}"#,
            r#"{"smithy": "2.0", "shapes": {}}"#,
            r#"{"smithy": "2.0", "shapes": {"a#B": {"type": "list"}, "a#S": {"type": "service", "operations": [{"target": "a#O"}]}, "a#O": {"type": "operation", "input": {"target": "a#B"}}}}"#,
            r#"{"smithy": "2.0", "shapes": {"a#S": {"type": "service", "operations": [{"target": "a#B"}]}, "a#B": {"type": "string"}}}"#,
            r#"{"smithy": "2.0", "shapes": {"a#S": {"type": "service", "operations": {"target": "a#O"}}, "a#O": {"type": "operation", "input": {"target": "a#S"}}}}"#,
            r#"{"smithy": "2.0", "shapes": {"a#S": {"type": "service", "operations": [5]}}}"#,
            r#"{"smithy": "2.0", "shapes": {"a#S": {"type": "widget"}}}"#,
            r#"{"smithy": "2.0", "shapes": {"a#S": {"type": "intEnum", "members": {"A": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "x"}}}}}}"#,
        ] {
            assert!(read_str(text).is_err(), "{text}");
        }
    }
}
