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

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::fields::Fields;
use crate::error::{ModelError, Warning};
use crate::json::{Json, Pointer, quote_for_message};
use crate::model::*;

/// Trait ids the reader understands.
mod ids {
    pub const DOCUMENTATION: &str = "smithy.api#documentation";
    pub const REQUIRED: &str = "smithy.api#required";
    pub const CLIENT_OPTIONAL: &str = "smithy.api#clientOptional";
    pub const DEFAULT: &str = "smithy.api#default";
    pub const JSON_NAME: &str = "smithy.api#jsonName";
    pub const XML_NAME: &str = "smithy.api#xmlName";
    pub const XML_ATTRIBUTE: &str = "smithy.api#xmlAttribute";
    pub const XML_FLATTENED: &str = "smithy.api#xmlFlattened";
    pub const XML_NAMESPACE: &str = "smithy.api#xmlNamespace";
    pub const TIMESTAMP_FORMAT: &str = "smithy.api#timestampFormat";
    pub const SENSITIVE: &str = "smithy.api#sensitive";
    pub const DEPRECATED: &str = "smithy.api#deprecated";
    pub const ENUM_VALUE: &str = "smithy.api#enumValue";
    pub const ENUM: &str = "smithy.api#enum";
    pub const LENGTH: &str = "smithy.api#length";
    pub const RANGE: &str = "smithy.api#range";
    pub const PATTERN: &str = "smithy.api#pattern";
    pub const ERROR: &str = "smithy.api#error";
    pub const HTTP_ERROR: &str = "smithy.api#httpError";
    pub const RETRYABLE: &str = "smithy.api#retryable";
    pub const READONLY: &str = "smithy.api#readonly";
    pub const IDEMPOTENT: &str = "smithy.api#idempotent";
    pub const REQUIRES_LENGTH: &str = "smithy.api#requiresLength";
    pub const HTTP: &str = "smithy.api#http";
    pub const HTTP_LABEL: &str = "smithy.api#httpLabel";
    pub const HTTP_QUERY: &str = "smithy.api#httpQuery";
    pub const HTTP_QUERY_PARAMS: &str = "smithy.api#httpQueryParams";
    pub const HTTP_HEADER: &str = "smithy.api#httpHeader";
    pub const HTTP_PREFIX_HEADERS: &str = "smithy.api#httpPrefixHeaders";
    pub const HTTP_PAYLOAD: &str = "smithy.api#httpPayload";
    pub const HTTP_RESPONSE_CODE: &str = "smithy.api#httpResponseCode";
    pub const IDEMPOTENCY_TOKEN: &str = "smithy.api#idempotencyToken";
    pub const STREAMING: &str = "smithy.api#streaming";
    pub const EVENT_PAYLOAD: &str = "smithy.api#eventPayload";
    pub const SPARSE: &str = "smithy.api#sparse";
    pub const HOST_LABEL: &str = "smithy.api#hostLabel";
    pub const MEDIA_TYPE: &str = "smithy.api#mediaType";
    pub const INPUT: &str = "smithy.api#input";
    pub const MIXIN: &str = "smithy.api#mixin";
    pub const BOX: &str = "smithy.api#box";
    pub const TITLE: &str = "smithy.api#title";
    pub const CONTEXT_PARAM: &str = "smithy.rules#contextParam";
    pub const AWS_SERVICE: &str = "aws.api#service";
    pub const SIGV4: &str = "aws.auth#sigv4";
    pub const QUERY_ERROR: &str = "aws.protocols#awsQueryError";
    pub const EC2_QUERY_NAME: &str = "aws.protocols#ec2QueryName";
}

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

/// A trait as applied to a shape or member.
#[derive(Debug, Clone)]
struct Trait {
    id: String,
    value: Json,
    at: Pointer,
}

#[derive(Debug, Clone)]
struct RawMember {
    name: String,
    target: String,
    traits: Vec<Trait>,
    at: Pointer,
}

/// A shape as written, then with its mixins and `apply` statements resolved.
struct RawShape<'a> {
    id: String,
    ty: &'a str,
    at: Pointer,
    fields: Fields<'a>,
    traits: Vec<Trait>,
    members: Vec<RawMember>,
    mixins: Vec<(String, Pointer)>,
}

/// Reads a Smithy JSON AST model, for the service with shape id `service`, or for the
/// model's only service when `service` is `None`.
pub fn read(document: &Json, service: Option<&str>) -> Result<(Model, Vec<Warning>), ModelError> {
    read_service(document, service).map(|(model, warnings, _)| (model, warnings))
}

/// Reads a Smithy JSON AST model as [`read`] does; also returns the shape id of the service
/// read.
pub fn read_service(document: &Json, service: Option<&str>) -> Result<(Model, Vec<Warning>, String), ModelError> {
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
            return Err(dangling(&at, &format!("apply statement {}", quote_for_message(&target)), shape_id, &shapes));
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
    let (model, warnings) = Reader::new(&shapes, service_id, version, warnings)?.read()?;
    Ok((model, warnings, service_id.to_owned()))
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

/// An error for a reference to a shape the model does not have, with the nearest id it has.
fn dangling(at: &Pointer, from: &str, target: &str, shapes: &BTreeMap<String, RawShape>) -> ModelError {
    let mut message = format!("{from} refers to {}, which is not in the model", quote_for_message(target));
    if let Some(near) = crate::suggest(target, shapes.keys().map(String::as_str)) {
        let _ = write!(message, " (did you mean {}?)", quote_for_message(near));
    }
    ModelError::new(at, message)
}

fn read_traits(f: &Fields, owner: &str) -> Result<Vec<Trait>, ModelError> {
    let Some(traits) = f.object("traits", "the traits")? else { return Ok(Vec::new()) };
    let mut out = Vec::with_capacity(traits.entries().len());
    for (id, value) in traits.entries() {
        let at = traits.ptr(id);
        if let Some(problem) = id_problem(id, false) {
            let mut message =
                format!("trait {} of {}: the trait id {problem}", quote_for_message(id), quote_for_message(owner));
            if !id.contains('#') {
                let _ = write!(message, " (did you mean {}?)", quote_for_message(&format!("{PRELUDE}#{id}")));
            }
            return Err(ModelError::new(&at, message));
        }
        out.push(Trait { id: id.clone(), value: value.clone(), at });
    }
    Ok(out)
}

fn read_member(
    name: &str,
    value: &Json,
    at: &Pointer,
    owner: &str,
    warnings: &mut Vec<Warning>,
) -> Result<RawMember, ModelError> {
    let f = Fields::of(value, at, "a member")?;
    f.warn_unknown(MEMBER_KEYS, "member", warnings);
    let member_id = format!("{owner}${name}");
    let target = f.required_str("target", "the member")?;
    check_id_with(
        target,
        || f.ptr("target"),
        || format!("the target of {}: shape", quote_for_message(&member_id)),
        false,
    )?;
    Ok(RawMember {
        name: name.to_owned(),
        target: target.to_owned(),
        traits: read_traits(&f, &member_id)?,
        at: at.clone(),
    })
}

fn read_shape<'a>(
    id: &str,
    ty: &'a str,
    f: Fields<'a>,
    warnings: &mut Vec<Warning>,
) -> Result<RawShape<'a>, ModelError> {
    let at = f.at().clone();
    let mut members = Vec::new();
    match ty {
        "structure" | "union" | "enum" | "intEnum" => {
            if let Some(m) = f.object("members", "the members")? {
                for (name, value) in m.entries() {
                    let member_at = m.ptr(name);
                    if !is_identifier(name) {
                        return Err(ModelError::new(
                            &member_at,
                            format!(
                                "member name {} of {} is not an identifier",
                                quote_for_message(name),
                                quote_for_message(id)
                            ),
                        ));
                    }
                    members.push(read_member(name, value, &member_at, id, warnings)?);
                }
            }
        }
        // A list or map may get its member, key or value from a mixin instead; whether it
        // has them is checked once mixins are resolved.
        "list" | "set" | "map" => {
            let keys: &[&str] = if ty == "map" { &["key", "value"] } else { &["member"] };
            for key in keys {
                if let Some(value) = f.get(key) {
                    members.push(read_member(key, value, &f.ptr(key), id, warnings)?);
                }
            }
        }
        _ => {}
    }
    let mut mixins = Vec::new();
    if let Some(list) = f.array("mixins")? {
        for (i, item) in list.iter().enumerate() {
            let item_at = f.ptr("mixins").index(i);
            let r = Fields::of(item, &item_at, "a mixin reference")?;
            let target = r.required_str("target", "the mixin reference")?;
            check_id_with(
                target,
                || r.ptr("target"),
                || format!("a mixin of {}: shape", quote_for_message(id)),
                false,
            )?;
            mixins.push((target.to_owned(), r.ptr("target")));
        }
    }
    Ok(RawShape { id: id.to_owned(), ty, at, traits: read_traits(&f, id)?, fields: f, members, mixins })
}

/// Adds `new` traits to `traits`. A trait already there with an equal value is fine, two lists
/// are concatenated, anything else is a conflict.
fn merge_traits(traits: &mut Vec<Trait>, new: Vec<Trait>, owner: &str) -> Result<(), ModelError> {
    for t in new {
        match traits.iter_mut().find(|old| old.id == t.id) {
            None => traits.push(t),
            Some(old) if old.value == t.value => {}
            Some(old) => match (&mut old.value, t.value) {
                (Json::Array(items), Json::Array(more)) => items.extend(more),
                _ => {
                    return Err(ModelError::new(
                        &t.at,
                        format!(
                            "trait {} of {}: conflicting values (another is at {})",
                            quote_for_message(&t.id),
                            quote_for_message(owner),
                            old.at
                        ),
                    ));
                }
            },
        }
    }
    Ok(())
}

/// Copies into each shape the members and traits of its mixins, mixins of mixins first.
fn resolve_mixins(shapes: &mut BTreeMap<String, RawShape>) -> Result<(), ModelError> {
    // Order shapes so that every mixin comes before the shapes that use it, finding cycles
    // on the way. Iterative: a chain of mixins as long as the model cannot overflow the stack.
    let mut order: Vec<String> = Vec::new();
    let mut done: BTreeSet<String> = BTreeSet::new();
    for start in shapes.keys() {
        if done.contains(start) || shapes[start].mixins.is_empty() {
            continue;
        }
        let mut stack: Vec<(String, usize)> = vec![(start.clone(), 0)];
        let mut on_stack: BTreeSet<String> = BTreeSet::from([start.clone()]);
        while let Some((id, next)) = stack.last_mut() {
            let shape = &shapes[id.as_str()];
            let Some((mixin, at)) = shape.mixins.get(*next) else {
                on_stack.remove(id.as_str());
                done.insert(id.clone());
                order.push(id.clone());
                stack.pop();
                continue;
            };
            *next += 1;
            let from = format!("mixin of {}", quote_for_message(&shape.id));
            let Some(target) = shapes.get(mixin) else {
                return Err(dangling(at, &format!("a {from}"), mixin, shapes));
            };
            if !target.traits.iter().any(|t| t.id == ids::MIXIN) {
                return Err(ModelError::new(
                    at,
                    format!(
                        "{} uses {} as a mixin, but it has no {} trait",
                        quote_for_message(&shape.id),
                        quote_for_message(mixin),
                        quote_for_message(ids::MIXIN)
                    ),
                ));
            }
            if on_stack.contains(mixin) {
                let start = stack.iter().position(|(s, _)| s == mixin).unwrap_or(0);
                let mut cycle: Vec<&str> = stack[start..].iter().map(|(s, _)| s.as_str()).collect();
                cycle.push(mixin);
                return Err(ModelError::new(at, format!("mixin cycle: {}", cycle.join(" -> "))));
            }
            if !done.contains(mixin) {
                on_stack.insert(mixin.clone());
                stack.push((mixin.clone(), 0));
            }
        }
    }

    for id in order {
        let shape = &shapes[&id];
        let mut members: Vec<RawMember> = Vec::new();
        let mut traits: Vec<Trait> = Vec::new();
        for (mixin, _) in &shape.mixins {
            let mixin = &shapes[mixin];
            for m in &mixin.members {
                if !members.iter().any(|have| have.name == m.name) {
                    members.push(m.clone());
                }
            }
            let local: Vec<&str> = mixin
                .traits
                .iter()
                .find(|t| t.id == ids::MIXIN)
                .and_then(|t| t.value.get("localTraits"))
                .and_then(|v| match v {
                    Json::Array(items) => Some(items.iter().filter_map(Json::as_str).collect()),
                    _ => None,
                })
                .unwrap_or_default();
            for t in &mixin.traits {
                if t.id == ids::MIXIN || local.contains(&t.id.as_str()) {
                    continue;
                }
                traits.retain(|have| have.id != t.id);
                traits.push(t.clone());
            }
        }
        for m in &shape.members {
            match members.iter_mut().find(|have| have.name == m.name) {
                Some(have) if have.target != m.target => {
                    return Err(ModelError::new(
                        &m.at.key("target"),
                        format!(
                            "member {} of {} targets {}, but the mixin member it redefines targets {}",
                            quote_for_message(&m.name),
                            quote_for_message(&id),
                            quote_for_message(&m.target),
                            quote_for_message(&have.target)
                        ),
                    ));
                }
                Some(have) => {
                    for t in &m.traits {
                        have.traits.retain(|old| old.id != t.id);
                        have.traits.push(t.clone());
                    }
                    have.at = m.at.clone();
                }
                None => members.push(m.clone()),
            }
        }
        for t in &shape.traits {
            traits.retain(|have| have.id != t.id);
            traits.push(t.clone());
        }
        if let Some(shape) = shapes.get_mut(&id) {
            shape.members = members;
            shape.traits = traits;
        }
    }
    Ok(())
}

fn choose_service<'s>(shapes: &'s BTreeMap<String, RawShape>, wanted: Option<&str>) -> Result<&'s str, ModelError> {
    let services: Vec<&str> = shapes.values().filter(|s| s.ty == "service").map(|s| s.id.as_str()).collect();
    let root = Pointer::root().key("shapes");
    match wanted {
        Some(id) => match shapes.get(id) {
            Some(s) if s.ty == "service" => Ok(s.id.as_str()),
            Some(s) => Err(ModelError::new(
                &s.at,
                format!("{} is {} {}, not a service", quote_for_message(id), article(s.ty), s.ty),
            )),
            None => {
                let mut message = format!("no service {} in the model", quote_for_message(id));
                let names = services.iter().map(|s| quote_for_message(s)).collect::<Vec<_>>().join(", ");
                if !names.is_empty() {
                    let _ = write!(message, " (it has {names})");
                }
                Err(ModelError::new(&root, message))
            }
        },
        None => match services.as_slice() {
            [one] => Ok(one),
            [] => Err(ModelError::new(
                &root,
                "the model has no service shape; types are generated for a service's operations",
            )),
            many => Err(ModelError::new(
                &root,
                format!(
                    "the model has {} services ({}); choose one by its shape id",
                    many.len(),
                    many.iter().map(|s| quote_for_message(s)).collect::<Vec<_>>().join(", ")
                ),
            )),
        },
    }
}

/// The traits of one shape or member, read with errors that name it and the trait.
struct Traits<'t> {
    owner: &'t str,
    traits: &'t [Trait],
}

/// One trait's value, with errors that name its owner and itself.
struct TraitValue<'t> {
    owner: &'t str,
    t: &'t Trait,
}

impl<'t> Traits<'t> {
    fn new(owner: &'t str, traits: &'t [Trait]) -> Self {
        Traits { owner, traits }
    }

    fn get(&self, id: &str) -> Option<TraitValue<'t>> {
        self.traits.iter().find(|t| t.id == id).map(|t| TraitValue { owner: self.owner, t })
    }

    /// An annotation trait (value `{}`): present or not.
    fn flag(&self, id: &str) -> Result<bool, ModelError> {
        match self.get(id) {
            None => Ok(false),
            Some(v) => v.annotation().map(|()| true),
        }
    }

    fn string(&self, id: &str) -> Result<Option<String>, ModelError> {
        self.get(id).map(|v| v.string().map(str::to_owned)).transpose()
    }
}

impl<'t> TraitValue<'t> {
    fn error(&self, at: &Pointer, message: impl std::fmt::Display) -> ModelError {
        ModelError::new(
            at,
            format!("trait {} of {}: {message}", quote_for_message(&self.t.id), quote_for_message(self.owner)),
        )
    }

    fn expected(&self, what: &str) -> ModelError {
        self.error(&self.t.at, format!("expected {what}, found {}", self.t.value.type_name()))
    }

    /// Puts an error from reading inside the value in the trait's terms.
    fn context(&self, e: ModelError) -> ModelError {
        self.error(&e.pointer, e.message)
    }

    fn annotation(&self) -> Result<(), ModelError> {
        match &self.t.value {
            Json::Object(entries) if entries.is_empty() => Ok(()),
            _ => Err(self.expected("an empty object ({})")),
        }
    }

    fn string(&self) -> Result<&'t str, ModelError> {
        self.t.value.as_str().ok_or_else(|| self.expected("a string"))
    }

    fn object(&self) -> Result<Fields<'t>, ModelError> {
        match &self.t.value {
            Json::Object(_) => Fields::of(&self.t.value, &self.t.at, "an object").map_err(|e| self.context(e)),
            _ => Err(self.expected("an object")),
        }
    }

    fn u16(&self) -> Result<u16, ModelError> {
        match &self.t.value {
            Json::Number(n) => n
                .as_u64()
                .and_then(|n| u16::try_from(n).ok())
                .ok_or_else(|| self.error(&self.t.at, format!("expected an integer from 0 to 65535, found {n}"))),
            _ => Err(self.expected("an integer")),
        }
    }
}

/// The service's protocols, preferred first: the JSON protocols, which the generated types
/// speak, then the others.
const PROTOCOL_TRAITS: &[(&str, Protocol, Option<&str>)] = &[
    ("aws.protocols#restJson1", Protocol::RestJson, None),
    ("aws.protocols#awsJson1_0", Protocol::AwsJson, Some("1.0")),
    ("aws.protocols#awsJson1_1", Protocol::AwsJson, Some("1.1")),
    ("smithy.protocols#rpcv2Cbor", Protocol::RpcV2Cbor, None),
    ("aws.protocols#restXml", Protocol::RestXml, None),
    ("aws.protocols#awsQuery", Protocol::Query, None),
    ("aws.protocols#ec2Query", Protocol::Ec2Query, None),
];

/// Reads one service of a model whose mixins and `apply` statements are resolved.
struct Reader<'a> {
    shapes: &'a BTreeMap<String, RawShape<'a>>,
    service: &'a RawShape<'a>,
    version: Version,
    warnings: Vec<Warning>,
    /// The service's preferred protocol.
    protocol: Option<Protocol>,
    /// Model names by shape id, for every shape in the service's closure.
    names: BTreeMap<String, String>,
}

impl<'a> Reader<'a> {
    fn new(
        shapes: &'a BTreeMap<String, RawShape<'a>>,
        service_id: &str,
        version: Version,
        warnings: Vec<Warning>,
    ) -> Result<Self, ModelError> {
        let Some(service) = shapes.get(service_id) else {
            return Err(ModelError::new(&Pointer::root(), format!("no service {}", quote_for_message(service_id))));
        };
        let protocol = PROTOCOL_TRAITS
            .iter()
            .find(|(id, _, _)| service.traits.iter().any(|t| t.id == *id))
            .map(|(_, p, _)| p.clone());
        Ok(Reader { shapes, service, version, warnings, protocol, names: BTreeMap::new() })
    }

    fn read(mut self) -> Result<(Model, Vec<Warning>), ModelError> {
        let operations = self.operation_ids()?;
        let service_errors = self.refs(&self.service.fields, "errors", "an error")?;
        let closure = self.closure(&operations, &service_errors)?;
        self.name_shapes(&closure, &operations)?;

        let service = self.read_service()?;
        let mut shapes = BTreeMap::new();
        for id in &closure {
            let shape = self.read_shape(id)?;
            shapes.insert(self.name(id).to_owned(), shape);
        }
        // Structures a streaming union holds are its events.
        let events: Vec<String> = shapes
            .values()
            .filter(|s| s.event_stream)
            .flat_map(|s| s.kind.members().iter().map(|m| m.target.clone()))
            .collect();
        for name in events {
            if let Some(shape) = shapes.get_mut(&name)
                && matches!(shape.kind, ShapeKind::Structure(_))
            {
                shape.event = true;
            }
        }
        let mut ops = Vec::with_capacity(operations.len());
        for id in &operations {
            ops.push(self.read_operation(id, &service_errors)?);
        }
        ops.sort_by(|a, b| a.name.cmp(&b.name));
        for pair in ops.windows(2) {
            if let [a, b] = pair
                && a.name == b.name
            {
                return Err(ModelError::new(
                    &b.origin,
                    format!("two operations of the service are named {}", quote_for_message(&b.name)),
                ));
            }
        }
        if self.protocol.is_none() {
            self.warnings.push(Warning {
                pointer: self.service.at.key("traits"),
                message: format!(
                    "service {} has no protocol trait this reader knows; types are generated with JSON serde",
                    quote_for_message(&self.service.id)
                ),
            });
        }
        Ok((Model { service, operations: ops, shapes }, self.warnings))
    }

    /// The shape `id` of type `ty`, or an error at `at` naming what referred to it.
    fn expect(&self, id: &str, ty: &str, at: &Pointer, from: &str) -> Result<&'a RawShape<'a>, ModelError> {
        match self.shapes.get(id) {
            Some(s) if s.ty == ty => Ok(s),
            Some(s) => Err(ModelError::new(
                at,
                format!(
                    "{from} refers to {}, {} {}, where {} {ty} is expected",
                    quote_for_message(id),
                    article(s.ty),
                    s.ty,
                    article(ty)
                ),
            )),
            None => Err(dangling(at, from, id, self.shapes)),
        }
    }

    /// The `{"target": id}` references under `key` of a service, resource or operation: a
    /// list of them, or one.
    fn refs(&self, f: &Fields<'a>, key: &str, what: &str) -> Result<Vec<(String, Pointer)>, ModelError> {
        let mut out = Vec::new();
        let mut one = |value: &Json, at: Pointer| -> Result<(), ModelError> {
            let r = Fields::of(value, &at, &format!("a reference to {what}"))?;
            let target = r.required_str("target", "the reference")?;
            check_id_with(target, || r.ptr("target"), || "the referenced shape".to_owned(), false)?;
            out.push((target.to_owned(), r.ptr("target")));
            Ok(())
        };
        match f.get(key) {
            None => {}
            Some(Json::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    one(item, f.ptr(key).index(i))?;
                }
            }
            Some(value @ Json::Object(_)) => one(value, f.ptr(key))?,
            Some(other) => {
                return Err(ModelError::new(
                    &f.ptr(key),
                    format!("expected a reference or a list of references, found {}", other.type_name()),
                ));
            }
        }
        Ok(out)
    }

    /// The service's operations, bound directly or through its resources, in no order.
    fn operation_ids(&self) -> Result<Vec<String>, ModelError> {
        let mut operations: BTreeSet<String> = BTreeSet::new();
        let service_from = format!("service {}", quote_for_message(&self.service.id));
        for (id, at) in self.refs(&self.service.fields, "operations", "an operation")? {
            self.expect(&id, "operation", &at, &service_from)?;
            operations.insert(id);
        }
        let mut resources: Vec<(String, Pointer, String)> = self
            .refs(&self.service.fields, "resources", "a resource")?
            .into_iter()
            .map(|(id, at)| (id, at, service_from.clone()))
            .collect();
        let mut seen: BTreeSet<String> = BTreeSet::new();
        while let Some((id, at, from)) = resources.pop() {
            let resource = self.expect(&id, "resource", &at, &from)?;
            if !seen.insert(id.clone()) {
                continue;
            }
            let from = format!("resource {}", quote_for_message(&id));
            for key in ["create", "put", "read", "update", "delete", "list", "operations", "collectionOperations"] {
                for (op, at) in self.refs(&resource.fields, key, "an operation")? {
                    self.expect(&op, "operation", &at, &from)?;
                    operations.insert(op);
                }
            }
            for (child, at) in self.refs(&resource.fields, "resources", "a resource")? {
                resources.push((child, at, from.clone()));
            }
        }
        Ok(operations.into_iter().collect())
    }

    /// Every shape the operations and the service's errors reach, by id.
    fn closure(
        &self,
        operations: &[String],
        service_errors: &[(String, Pointer)],
    ) -> Result<BTreeSet<String>, ModelError> {
        // Where a reference is, and what makes it: built only for an error.
        enum Origin<'s> {
            Written(Pointer, String),
            Member(&'s str, &'s RawMember),
        }
        let mut work: Vec<(String, Origin)> = Vec::new();
        for id in operations {
            let op = &self.shapes[id];
            let from = format!("operation {}", quote_for_message(id));
            for key in ["input", "output", "errors"] {
                for (target, at) in self.refs(&op.fields, key, "a shape")? {
                    if target != UNIT || key == "errors" {
                        work.push((target, Origin::Written(at, from.clone())));
                    }
                }
            }
        }
        let service_from = format!("service {}", quote_for_message(&self.service.id));
        for (target, at) in service_errors {
            work.push((target.clone(), Origin::Written(at.clone(), service_from.clone())));
        }
        let mut seen = BTreeSet::new();
        while let Some((id, origin)) = work.pop() {
            if seen.contains(&id) {
                continue;
            }
            if prelude_shape(&id).is_some() {
                seen.insert(id);
                continue;
            }
            let at_from = || match &origin {
                Origin::Written(at, from) => (at.clone(), from.clone()),
                Origin::Member(owner, m) => {
                    (m.at.key("target"), format!("member {}", quote_for_message(&format!("{owner}${}", m.name))))
                }
            };
            let Some((key, shape)) = self.shapes.get_key_value(&id) else {
                let (at, from) = at_from();
                return Err(dangling(&at, &from, &id, self.shapes));
            };
            if !AGGREGATE_TYPES.contains(&shape.ty) && !SIMPLE_TYPES.contains(&shape.ty) {
                let (at, from) = at_from();
                return Err(ModelError::new(
                    &at,
                    format!(
                        "{from} refers to {}, {} {}, where a data shape is expected",
                        quote_for_message(&id),
                        article(shape.ty),
                        shape.ty
                    ),
                ));
            }
            if shape.traits.iter().any(|t| t.id == ids::MIXIN) {
                let (at, from) = at_from();
                return Err(ModelError::new(
                    &at,
                    format!("{from} refers to {}, a mixin, which only other shapes may use", quote_for_message(&id)),
                ));
            }
            if shape.ty != "enum" && shape.ty != "intEnum" {
                for m in &shape.members {
                    work.push((m.target.clone(), Origin::Member(key, m)));
                }
            }
            seen.insert(id);
        }
        Ok(seen)
    }

    /// Gives every shape of the closure its model name: its local name, or the service's
    /// rename of it.
    fn name_shapes(&mut self, closure: &BTreeSet<String>, operations: &[String]) -> Result<(), ModelError> {
        let mut renames: BTreeMap<String, (String, Pointer)> = BTreeMap::new();
        if let Some(rename) = self.service.fields.object("rename", "the renames")? {
            for (id, value) in rename.entries() {
                let at = rename.ptr(id);
                check_id(id, &at, "renamed shape", false)?;
                let name = value.as_str().filter(|n| is_identifier(n)).ok_or_else(|| {
                    ModelError::new(&at, format!("the new name of {} must be an identifier", quote_for_message(id)))
                })?;
                renames.insert(id.clone(), (name.to_owned(), at));
            }
        }
        let mut owners: BTreeMap<String, String> = BTreeMap::new();
        // Shapes of the model first; the prelude's take their local name only where it is free.
        for id in closure.iter().filter(|id| prelude_shape(id).is_none()) {
            let name = renames.get(id).map_or_else(|| local_name(id).to_owned(), |(name, _)| name.clone());
            if let Some(other) = owners.insert(name.clone(), id.clone()) {
                let at = renames.get(id).map_or_else(|| self.shapes[id].at.clone(), |(_, at)| at.clone());
                return Err(ModelError::new(
                    &at,
                    format!(
                        "{} and {} are both named {} in the service; its \"rename\" must rename one",
                        quote_for_message(&other),
                        quote_for_message(id),
                        quote_for_message(&name)
                    ),
                ));
            }
            self.names.insert(id.clone(), name);
        }
        for id in operations {
            let name = renames.get(id).map_or_else(|| local_name(id).to_owned(), |(name, _)| name.clone());
            self.names.insert(id.clone(), name);
        }
        for id in closure {
            if let Some((_, name)) = prelude_shape(id) {
                // `Primitive*` shapes share their boxed twin's name; a model's own shape of that
                // name keeps it, and the prelude's is then named by its id.
                let taken = owners.get(name).is_some_and(|owner| prelude_shape(owner).is_none());
                let name = if taken { id.clone() } else { name.to_owned() };
                owners.insert(name.clone(), id.clone());
                self.names.insert(id.clone(), name);
            }
        }
        Ok(())
    }

    fn name<'s>(&'s self, id: &'s str) -> &'s str {
        self.names.get(id).map_or(id, String::as_str)
    }

    fn read_service(&self) -> Result<Service, ModelError> {
        let s = self.service;
        let t = Traits::new(&s.id, &s.traits);
        let aws = match t.get(ids::AWS_SERVICE) {
            Some(v) => Some(v.object()?),
            None => None,
        };
        let aws_string = |key: &str| -> Result<Option<String>, ModelError> {
            match (&aws, t.get(ids::AWS_SERVICE)) {
                (Some(f), Some(v)) => f.string(key).map_err(|e| v.context(e)),
                _ => Ok(None),
            }
        };
        let signing_name = match t.get(ids::SIGV4) {
            Some(v) => v.object()?.string("name").map_err(|e| v.context(e))?,
            None => None,
        };
        let mut protocols: Vec<Protocol> = Vec::new();
        let mut json_version = None;
        for (id, protocol, version) in PROTOCOL_TRAITS {
            if let Some(v) = t.get(id) {
                v.object()?;
                if !protocols.contains(protocol) {
                    protocols.push(protocol.clone());
                }
                if json_version.is_none() {
                    json_version = version.map(str::to_owned);
                }
            }
        }
        let sdk_id = aws_string("sdkId")?;
        let is_aws_json = self.protocol == Some(Protocol::AwsJson);
        Ok(Service {
            title: t.string(ids::TITLE)?.or_else(|| sdk_id.clone()).unwrap_or_else(|| local_name(&s.id).to_owned()),
            sdk_id,
            api_version: s.fields.string("version")?,
            protocols,
            json_version: if is_aws_json { json_version } else { None },
            target_prefix: is_aws_json.then(|| local_name(&s.id).to_owned()),
            endpoint_prefix: aws_string("endpointPrefix")?,
            signing_name,
            documentation: t.string(ids::DOCUMENTATION)?,
            deprecated: deprecation(&t)?,
        })
    }

    fn read_operation(&self, id: &str, service_errors: &[(String, Pointer)]) -> Result<Operation, ModelError> {
        let op = &self.shapes[id];
        let t = Traits::new(id, &op.traits);
        let io = |key: &str| -> Result<Option<String>, ModelError> {
            Ok(self
                .refs(&op.fields, key, "a structure")?
                .into_iter()
                .next()
                .filter(|(target, _)| target != UNIT)
                .map(|(target, _)| self.name(&target).to_owned()))
        };
        let mut errors: Vec<String> = Vec::new();
        for (target, _) in self.refs(&op.fields, "errors", "an error")?.iter().chain(service_errors) {
            let name = self.name(target).to_owned();
            if !errors.contains(&name) {
                errors.push(name);
            }
        }
        let http = match t.get(ids::HTTP) {
            Some(v) => {
                let f = v.object()?;
                let code = match f.get("code") {
                    None => 200,
                    Some(_) => f.u16("code").map_err(|e| v.context(e))?.unwrap_or(200),
                };
                Some(HttpBinding {
                    method: f.required_str("method", "the HTTP binding").map_err(|e| v.context(e))?.to_owned(),
                    uri: f.required_str("uri", "the HTTP binding").map_err(|e| v.context(e))?.to_owned(),
                    response_code: Some(code),
                })
            }
            // The RPC protocols send every request as a POST to the root.
            None if matches!(self.protocol, Some(Protocol::AwsJson | Protocol::Query | Protocol::Ec2Query)) => {
                Some(HttpBinding { method: "POST".to_owned(), uri: "/".to_owned(), response_code: None })
            }
            None => None,
        };
        let output = io("output")?;
        // The query protocol wraps each response in an `{Operation}Result` element (botocore
        // says so per operation, as `resultWrapper`).
        let output_wrapper =
            (self.protocol == Some(Protocol::Query) && output.is_some()).then(|| format!("{}Result", self.name(id)));
        Ok(Operation {
            name: self.name(id).to_owned(),
            input: io("input")?,
            output,
            errors,
            http,
            documentation: t.string(ids::DOCUMENTATION)?,
            deprecated: deprecation(&t)?,
            wire_name: None,
            read_only: t.get(ids::READONLY).is_some(),
            idempotent: t.get(ids::IDEMPOTENT).is_some(),
            output_wrapper,
            input_xml: XmlTraits::default(),
            origin: op.at.clone(),
        })
    }

    fn read_shape(&self, id: &str) -> Result<Shape, ModelError> {
        let Some(shape) = self.shapes.get(id) else { return Ok(self.prelude(id)) };
        let t = Traits::new(id, &shape.traits);
        let streaming = t.flag(ids::STREAMING)?;
        let members = || -> Result<Vec<Member>, ModelError> {
            shape.members.iter().map(|m| self.read_member(shape, m)).collect()
        };
        let kind = match shape.ty {
            "structure" => ShapeKind::Structure(members()?),
            "union" => ShapeKind::Union(members()?),
            "list" | "set" => ShapeKind::List(ListShape {
                member: self.read_member(shape, self.part(shape, "member")?)?,
                sparse: t.flag(ids::SPARSE)?,
            }),
            "map" => ShapeKind::Map(MapShape {
                key: self.read_member(shape, self.part(shape, "key")?)?,
                value: self.read_member(shape, self.part(shape, "value")?)?,
                sparse: t.flag(ids::SPARSE)?,
            }),
            "enum" => ShapeKind::Enum(self.enum_values(shape)?),
            "intEnum" => ShapeKind::IntEnum(self.int_enum_values(shape)?),
            "string" => match t.get(ids::ENUM) {
                Some(v) => ShapeKind::Enum(enum_trait_values(&v)?),
                None => ShapeKind::String,
            },
            "blob" => ShapeKind::Blob { streaming, requires_length: t.get(ids::REQUIRES_LENGTH).is_some() },
            "boolean" => ShapeKind::Boolean,
            "byte" => ShapeKind::Byte,
            "short" => ShapeKind::Short,
            "integer" => ShapeKind::Integer,
            "long" => ShapeKind::Long,
            "float" => ShapeKind::Float,
            "double" => ShapeKind::Double,
            "bigInteger" => ShapeKind::BigInteger,
            "bigDecimal" => ShapeKind::BigDecimal,
            "timestamp" => ShapeKind::Timestamp,
            "document" => ShapeKind::Document,
            other => {
                return Err(ModelError::new(
                    &shape.at,
                    format!("{} is a {other}, not a data shape", quote_for_message(id)),
                ));
            }
        };
        Ok(Shape {
            name: self.name(id).to_owned(),
            kind,
            documentation: t.string(ids::DOCUMENTATION)?,
            deprecated: deprecation(&t)?,
            sensitive: t.flag(ids::SENSITIVE)?,
            timestamp_format: timestamp_format(&t)?,
            error: self.error_trait(&t)?,
            constraints: constraints(&t)?,
            xml: xml_traits(&t)?,
            event_stream: streaming && shape.ty == "union",
            event: false,
            input: t.flag(ids::INPUT)?,
            origin: shape.at.clone(),
        })
    }

    /// The `member` of a list, or the `key` or `value` of a map.
    fn part<'s>(&self, shape: &'s RawShape, name: &str) -> Result<&'s RawMember, ModelError> {
        shape.members.iter().find(|m| m.name == name).ok_or_else(|| {
            ModelError::new(&shape.at, format!("{} {} has no {name:?}", shape.ty, quote_for_message(&shape.id)))
        })
    }

    /// A prelude shape a member targets.
    fn prelude(&self, id: &str) -> Shape {
        let ty = prelude_shape(id).map_or("document", |(ty, _)| ty);
        let kind = match ty {
            "string" => ShapeKind::String,
            "blob" => ShapeKind::Blob { streaming: false, requires_length: false },
            "bigInteger" => ShapeKind::BigInteger,
            "bigDecimal" => ShapeKind::BigDecimal,
            "timestamp" => ShapeKind::Timestamp,
            "boolean" => ShapeKind::Boolean,
            "byte" => ShapeKind::Byte,
            "short" => ShapeKind::Short,
            "integer" => ShapeKind::Integer,
            "long" => ShapeKind::Long,
            "float" => ShapeKind::Float,
            "double" => ShapeKind::Double,
            "structure" => ShapeKind::Structure(Vec::new()),
            _ => ShapeKind::Document,
        };
        let documentation = (ty == "structure").then(|| {
            "<p>No value: what a union member that carries nothing holds, an empty object on the wire.</p>".to_owned()
        });
        Shape {
            name: self.name(id).to_owned(),
            kind,
            documentation,
            deprecated: None,
            sensitive: false,
            timestamp_format: None,
            error: None,
            constraints: Constraints::default(),
            xml: XmlTraits::default(),
            event_stream: false,
            event: false,
            input: false,
            origin: Pointer::root(),
        }
    }

    fn error_trait(&self, t: &Traits) -> Result<Option<ErrorTrait>, ModelError> {
        let Some(v) = t.get(ids::ERROR) else { return Ok(None) };
        let sender_fault = match v.string()? {
            "client" => true,
            "server" => false,
            other => {
                return Err(
                    v.error(&v.t.at, format!("expected \"client\" or \"server\", found {}", quote_for_message(other)))
                );
            }
        };
        let mut http_status = match t.get(ids::HTTP_ERROR) {
            Some(v) => Some(v.u16()?),
            None => None,
        };
        let mut code = None;
        // The query protocols name errors by the code `awsQueryError` gives; the JSON protocols
        // by the shape name, whatever compatibility header they also send.
        if matches!(self.protocol, Some(Protocol::Query | Protocol::Ec2Query))
            && let Some(v) = t.get(ids::QUERY_ERROR)
        {
            let f = v.object()?;
            code = Some(f.required_str("code", "the query error").map_err(|e| v.context(e))?.to_owned());
            if http_status.is_none() {
                http_status = f.u16("httpResponseCode").map_err(|e| v.context(e))?;
            }
        }
        let throttling = match t.get(ids::RETRYABLE) {
            Some(v) => v.object()?.bool("throttling").map_err(|e| v.context(e))?,
            None => false,
        };
        Ok(Some(ErrorTrait { code, http_status, sender_fault, retryable: t.get(ids::RETRYABLE).is_some(), throttling }))
    }

    fn enum_values(&self, shape: &RawShape) -> Result<Vec<EnumValue>, ModelError> {
        let mut out: Vec<EnumValue> = Vec::with_capacity(shape.members.len());
        for m in &shape.members {
            let owner = format!("{}${}", shape.id, m.name);
            let t = Traits::new(&owner, &m.traits);
            let value = match t.get(ids::ENUM_VALUE) {
                Some(v) => v.string()?.to_owned(),
                None => m.name.clone(),
            };
            if out.iter().any(|have| have.value == value) {
                return Err(ModelError::new(
                    &m.at,
                    format!(
                        "{}: the enum value {} is listed twice",
                        quote_for_message(&owner),
                        quote_for_message(&value)
                    ),
                ));
            }
            out.push(EnumValue {
                value,
                name: Some(m.name.clone()),
                documentation: t.string(ids::DOCUMENTATION)?,
                deprecated: deprecation(&t)?,
            });
        }
        Ok(out)
    }

    fn int_enum_values(&self, shape: &RawShape) -> Result<Vec<IntEnumValue>, ModelError> {
        let mut out: Vec<IntEnumValue> = Vec::with_capacity(shape.members.len());
        for m in &shape.members {
            let owner = format!("{}${}", shape.id, m.name);
            let t = Traits::new(&owner, &m.traits);
            let Some(v) = t.get(ids::ENUM_VALUE) else {
                return Err(ModelError::new(
                    &m.at,
                    format!(
                        "{}: an intEnum member needs an {} trait",
                        quote_for_message(&owner),
                        quote_for_message(ids::ENUM_VALUE)
                    ),
                ));
            };
            let value = match &v.t.value {
                Json::Number(n) => n.as_i64().and_then(|n| i32::try_from(n).ok()),
                _ => None,
            }
            .ok_or_else(|| v.error(&v.t.at, format!("expected a 32-bit integer, found {}", json_text(&v.t.value))))?;
            if out.iter().any(|have| have.value == value) {
                return Err(ModelError::new(
                    &m.at,
                    format!("{}: the enum value {value} is listed twice", quote_for_message(&owner)),
                ));
            }
            out.push(IntEnumValue { name: m.name.clone(), value, documentation: t.string(ids::DOCUMENTATION)? });
        }
        Ok(out)
    }

    fn read_member(&self, container: &RawShape, m: &RawMember) -> Result<Member, ModelError> {
        let owner = format!("{}${}", container.id, m.name);
        let t = Traits::new(&owner, &m.traits);
        let mut member = Member::new(&m.name, self.name(&m.target), m.at.clone());
        member.documentation = t.string(ids::DOCUMENTATION)?;
        member.required = t.flag(ids::REQUIRED)?;
        member.client_optional = t.flag(ids::CLIENT_OPTIONAL)?;
        member.default = self.default_value(&t, m)?;

        let mut bindings: Vec<(&str, Binding)> = Vec::new();
        if t.flag(ids::HTTP_LABEL)? {
            bindings.push((ids::HTTP_LABEL, Binding::Label(m.name.clone())));
        }
        if let Some(name) = t.string(ids::HTTP_QUERY)? {
            bindings.push((ids::HTTP_QUERY, Binding::Query(name)));
        }
        if t.flag(ids::HTTP_QUERY_PARAMS)? {
            bindings.push((ids::HTTP_QUERY_PARAMS, Binding::Query(m.name.clone())));
        }
        if let Some(name) = t.string(ids::HTTP_HEADER)? {
            bindings.push((ids::HTTP_HEADER, Binding::Header(name)));
        }
        if let Some(prefix) = t.string(ids::HTTP_PREFIX_HEADERS)? {
            bindings.push((ids::HTTP_PREFIX_HEADERS, Binding::PrefixHeaders(prefix)));
        }
        if t.flag(ids::HTTP_PAYLOAD)? {
            bindings.push((ids::HTTP_PAYLOAD, Binding::Payload));
        }
        if t.flag(ids::HTTP_RESPONSE_CODE)? {
            bindings.push((ids::HTTP_RESPONSE_CODE, Binding::StatusCode));
        }
        match bindings.as_slice() {
            [] => {}
            [(_, binding)] => member.binding = binding.clone(),
            [(first, _), (second, _), ..] => {
                return Err(ModelError::new(
                    &m.at.key("traits"),
                    format!(
                        "{} is bound twice: {} and {}",
                        quote_for_message(&owner),
                        quote_for_message(first),
                        quote_for_message(second)
                    ),
                ));
            }
        }
        // The name in the body, where the protocol reads one: `jsonName` for restJson1 (the
        // awsJson protocols and CBOR use member names), `xmlName` for the XML and query
        // protocols.
        let json_name = t.string(ids::JSON_NAME)?;
        let xml_name = t.string(ids::XML_NAME)?;
        if member.binding.in_body() {
            member.wire_name = match self.protocol {
                Some(Protocol::RestJson) => json_name,
                Some(Protocol::RestXml | Protocol::Query | Protocol::Ec2Query) => xml_name,
                _ => None,
            };
        }
        member.timestamp_format = timestamp_format(&t)?;
        member.deprecated = deprecation(&t)?;
        member.sensitive = t.flag(ids::SENSITIVE)?;
        member.idempotency_token = t.flag(ids::IDEMPOTENCY_TOKEN)?;
        member.event_payload = t.flag(ids::EVENT_PAYLOAD)?;
        member.host_label = t.flag(ids::HOST_LABEL)?;
        member.context_param = match t.get(ids::CONTEXT_PARAM) {
            Some(v) => {
                Some(v.object()?.required_str("name", "the context parameter").map_err(|e| v.context(e))?.to_owned())
            }
            None => None,
        };
        member.xml = xml_traits(&t)?;
        member.query_name = t.string(ids::EC2_QUERY_NAME)?;
        // A string holding a JSON document (botocore's `jsonvalue`).
        if let Some(target) = self.shapes.get(&m.target)
            && target.ty == "string"
            && let Some(media) = Traits::new(&target.id, &target.traits).string(ids::MEDIA_TYPE)?
        {
            member.json_value = media == "application/json" || media.ends_with("+json");
        }
        Ok(member)
    }

    /// The member's default value, checked against its target; for Smithy 1.0, the zero value
    /// of unboxed numbers and booleans.
    fn default_value(&self, t: &Traits, m: &RawMember) -> Result<Option<Json>, ModelError> {
        let target_ty = match self.shapes.get(&m.target) {
            Some(s) if s.ty == "string" && s.traits.iter().any(|t| t.id == ids::ENUM) => "enum",
            Some(s) => s.ty,
            None => prelude_shape(&m.target).map_or("document", |(ty, _)| ty),
        };
        let Some(v) = t.get(ids::DEFAULT) else {
            if self.version == Version::V1 && !t.flag(ids::BOX)? {
                let boxed = match self.shapes.get(&m.target) {
                    Some(s) => s.traits.iter().any(|t| t.id == ids::BOX),
                    None => !local_name(&m.target).starts_with("Primitive"),
                };
                if !boxed {
                    return Ok(match target_ty {
                        "boolean" => Some(Json::Bool(false)),
                        "byte" | "short" | "integer" | "long" | "float" | "double" => Some(Json::Number(0.into())),
                        _ => None,
                    });
                }
            }
            return Ok(None);
        };
        let value = &v.t.value;
        if *value == Json::Null {
            return Ok(None);
        }
        let integer_range = |min: i64, max: i64| match value {
            Json::Number(n) => n.as_i64().is_some_and(|n| (min..=max).contains(&n)),
            _ => false,
        };
        let ok = match target_ty {
            "boolean" => matches!(value, Json::Bool(_)),
            "byte" => integer_range(i8::MIN.into(), i8::MAX.into()),
            "short" => integer_range(i16::MIN.into(), i16::MAX.into()),
            "integer" | "intEnum" => integer_range(i32::MIN.into(), i32::MAX.into()),
            "long" => integer_range(i64::MIN, i64::MAX),
            "float" | "double" | "bigInteger" | "bigDecimal" => matches!(value, Json::Number(_)),
            "string" | "blob" => matches!(value, Json::String(_)),
            "enum" => match value {
                Json::String(s) => self.enum_contains(&m.target, s)?,
                _ => false,
            },
            "timestamp" => matches!(value, Json::Number(_) | Json::String(_)),
            "document" => true,
            "list" | "set" => matches!(value, Json::Array(items) if items.is_empty()),
            "map" => matches!(value, Json::Object(entries) if entries.is_empty()),
            _ => false,
        };
        if !ok {
            return Err(v.error(
                &v.t.at,
                format!(
                    "{} is not a default value for {}, a {target_ty}",
                    json_text(value),
                    quote_for_message(&m.target)
                ),
            ));
        }
        Ok(Some(value.clone()))
    }

    fn enum_contains(&self, id: &str, value: &str) -> Result<bool, ModelError> {
        let Some(shape) = self.shapes.get(id) else { return Ok(false) };
        let values = match shape.ty {
            "enum" => self.enum_values(shape)?,
            _ => match Traits::new(id, &shape.traits).get(ids::ENUM) {
                Some(v) => enum_trait_values(&v)?,
                None => Vec::new(),
            },
        };
        Ok(values.iter().any(|v| v.value == value))
    }
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

/// The values of a Smithy 1.0 `enum` trait.
fn enum_trait_values(v: &TraitValue) -> Result<Vec<EnumValue>, ModelError> {
    let Json::Array(items) = &v.t.value else { return Err(v.expected("a list of enum definitions")) };
    let mut out: Vec<EnumValue> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let f = Fields::of(item, &v.t.at.index(i), "an enum definition").map_err(|e| v.context(e))?;
        let value = f.required_str("value", "the enum definition").map_err(|e| v.context(e))?;
        if out.iter().any(|have| have.value == value) {
            return Err(v.error(&f.ptr("value"), format!("the value {} is listed twice", quote_for_message(value))));
        }
        let deprecated = f.bool("deprecated").map_err(|e| v.context(e))?;
        out.push(EnumValue {
            value: value.to_owned(),
            name: f.string("name").map_err(|e| v.context(e))?,
            documentation: f.string("documentation").map_err(|e| v.context(e))?,
            deprecated: deprecated.then(Deprecation::default),
        });
    }
    Ok(out)
}

fn deprecation(t: &Traits) -> Result<Option<Deprecation>, ModelError> {
    let Some(v) = t.get(ids::DEPRECATED) else { return Ok(None) };
    let f = v.object()?;
    Ok(Some(Deprecation {
        message: f.string("message").map_err(|e| v.context(e))?,
        since: f.string("since").map_err(|e| v.context(e))?,
    }))
}

fn timestamp_format(t: &Traits) -> Result<Option<TimestampFormat>, ModelError> {
    let Some(v) = t.get(ids::TIMESTAMP_FORMAT) else { return Ok(None) };
    match v.string()? {
        "date-time" => Ok(Some(TimestampFormat::DateTime)),
        "epoch-seconds" => Ok(Some(TimestampFormat::EpochSeconds)),
        "http-date" => Ok(Some(TimestampFormat::HttpDate)),
        other => Err(v.error(
            &v.t.at,
            format!(
                "unknown timestamp format {} (known: date-time, epoch-seconds, http-date)",
                quote_for_message(other)
            ),
        )),
    }
}

fn constraints(t: &Traits) -> Result<Constraints, ModelError> {
    let mut c = Constraints { pattern: t.string(ids::PATTERN)?, ..Constraints::default() };
    for id in [ids::LENGTH, ids::RANGE] {
        if let Some(v) = t.get(id) {
            let f = v.object()?;
            c.min = f.number("min").map_err(|e| v.context(e))?;
            c.max = f.number("max").map_err(|e| v.context(e))?;
        }
    }
    Ok(c)
}

fn xml_traits(t: &Traits) -> Result<XmlTraits, ModelError> {
    let mut xml = XmlTraits {
        attribute: t.flag(ids::XML_ATTRIBUTE)?,
        flattened: t.flag(ids::XML_FLATTENED)?,
        ..XmlTraits::default()
    };
    if let Some(v) = t.get(ids::XML_NAMESPACE) {
        let f = v.object()?;
        xml.namespace = Some(f.required_str("uri", "the XML namespace").map_err(|e| v.context(e))?.to_owned());
        xml.namespace_prefix = f.string("prefix").map_err(|e| v.context(e))?;
    }
    Ok(xml)
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
               "ex#Tick": {"type": "structure", "members": {"Body": {"target": "ex#Bytes", "traits": {"smithy.api#eventPayload": {}}}}},
               "ex#Bytes": {"type": "blob", "traits": {"smithy.api#streaming": {}}}"#,
        );
        let (model, _) = read_str(&text).unwrap();
        assert!(model.shapes["Events"].event_stream);
        assert!(matches!(model.shapes["Events"].kind, ShapeKind::Union(_)));
        assert!(model.shapes["Tick"].event);
        assert!(members(&model, "Tick")[0].event_payload);
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
        assert_eq!(q.binding, Binding::Query("Q".into()));
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
            r#"shapes.ex#Out.members.Thing.target: member "ex#Out$Thing" refers to "ex#Thnig", which is not in the model (did you mean "ex#Thing"?)"#
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
