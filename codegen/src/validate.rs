//! Checking a read model, once, whichever format it came from: the stages after reading trust
//! what passes here.
//!
//! The readers check what only their format can get wrong (a botocore key of the wrong type, a
//! Smithy shape id without a namespace, an `apply` statement with no target); this module
//! checks what any model can get wrong, with one wording for both formats and the place in
//! the model file of what is wrong:
//!
//! - every reference names a shape of the model;
//! - operations have distinct names, and their inputs, outputs and errors are structures;
//! - no enum lists a value twice;
//! - no two members of a structure share a name in the body;
//! - a structure binds at most one member to the whole payload;
//! - where a protocol binds members to the HTTP request (REST protocols), every label of an
//!   operation's URI template names a member bound to it and the other way round, greedy
//!   labels come last, and host-prefix labels name host-label members;
//! - where a protocol writes XML (`rest-xml`), every element, attribute and namespace prefix
//!   name the model gives is an XML name, so that no model text can change a document's shape.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::{ModelError, did_you_mean};
use crate::json::{Pointer, quote_for_message};
use crate::model::{Binding, Member, Model, Operation, Protocol, Shape, ShapeKind, TemplatePiece};

/// Checks `model`; the first problem found is the error.
pub fn validate(model: &Model) -> Result<(), ModelError> {
    references(model)?;
    operations(model)?;
    if model.protocol() == Protocol::RestXml {
        xml_names(model)?;
    }
    if model.protocol() == Protocol::RpcV2Cbor {
        rpc_v2_names(model)?;
    }
    for shape in model.shapes.values() {
        enum_values(shape)?;
        if let ShapeKind::Structure(members) = &shape.kind {
            body_names(model, shape, members)?;
            payloads(shape, members)?;
        }
    }
    endpoint(model)
}

/// The endpoint rule set, when the model has one: the rules themselves
/// ([`crate::rules::check`]), and the parameters the operations set, each a parameter of the
/// rule set with a value of its type.
pub fn endpoint(model: &Model) -> Result<(), ModelError> {
    let Some(rules) = &model.endpoint_rules else { return Ok(()) };
    crate::rules::check::check(rules)?;
    context_params(model)
}

/// The endpoint parameters the operations set (static values, paths into their input, and
/// members bound to a parameter): each a parameter of the rule set, with a value of its type.
pub fn context_params(model: &Model) -> Result<(), ModelError> {
    use crate::rules::{Literal, ParameterType};
    let Some(rules) = &model.endpoint_rules else { return Ok(()) };
    let parameter = |name: &str, at: &crate::json::Pointer| {
        rules.parameter(name).ok_or_else(|| {
            ModelError::new(at, format!("the endpoint rule set has no parameter {}", quote_for_message(name)))
        })
    };
    for op in &model.operations {
        for (name, param, at) in &op.context_params {
            let p = parameter(name, at)?;
            if let crate::model::ContextParam::Value(value) = param {
                let fits = matches!(
                    (value, p.ty),
                    (Literal::String(_), ParameterType::String)
                        | (Literal::Bool(_), ParameterType::Boolean)
                        | (Literal::Strings(_), ParameterType::StringArray)
                );
                if !fits {
                    return Err(ModelError::new(
                        at,
                        format!("a value of another type than the parameter {}'s", quote_for_message(name)),
                    ));
                }
            }
        }
    }
    for shape in model.shapes.values() {
        for member in shape.kind.members() {
            if let Some(name) = &member.context_param {
                let p = parameter(name, &member.origin)?;
                let target = model.shape(&member.target).map(|s| &s.kind);
                let fits = match (p.ty, target) {
                    (ParameterType::String, Some(ShapeKind::String | ShapeKind::Enum(_))) => true,
                    (ParameterType::Boolean, Some(ShapeKind::Boolean)) => true,
                    (ParameterType::StringArray, Some(ShapeKind::List(list))) => {
                        matches!(
                            model.shape(&list.member.target).map(|s| &s.kind),
                            Some(ShapeKind::String | ShapeKind::Enum(_))
                        )
                    }
                    _ => false,
                };
                if !fits {
                    return Err(ModelError::new(
                        &member.origin,
                        format!("the member's type does not fit the endpoint parameter {}", quote_for_message(name)),
                    ));
                }
            }
        }
    }
    Ok(())
}

/// The message for a reference to a shape the model does not have, with the nearest name it
/// has: one wording for every format.
pub(crate) fn no_shape<'a>(target: &str, names: impl IntoIterator<Item = &'a str>) -> String {
    format!("no shape named {}{}", quote_for_message(target), did_you_mean(target, names))
}

fn references(model: &Model) -> Result<(), ModelError> {
    let missing = |target: &str, at: &Pointer| -> ModelError {
        ModelError::new(at, no_shape(target, model.shapes.keys().map(String::as_str)))
    };
    for shape in model.shapes.values() {
        for member in shape.kind.references() {
            if !model.shapes.contains_key(&member.target) {
                return Err(missing(&member.target, &member.target_origin));
            }
        }
    }
    for op in &model.operations {
        for (target, at) in op.shape_refs_with_origin() {
            if !model.shapes.contains_key(target) {
                return Err(missing(target, &at));
            }
        }
    }
    Ok(())
}

fn operations(model: &Model) -> Result<(), ModelError> {
    let mut names: BTreeSet<&str> = BTreeSet::new();
    for op in &model.operations {
        if !names.insert(&op.name) {
            return Err(ModelError::new(
                &op.origin,
                format!("two operations are named {}", quote_for_message(&op.name)),
            ));
        }
        for (target, at) in op.shape_refs_with_origin() {
            let Some(shape) = model.shape(target) else { continue };
            if !matches!(shape.kind, ShapeKind::Structure(_)) {
                return Err(ModelError::new(
                    &at,
                    format!(
                        "operation {} refers to {}, a {}, where a structure is expected",
                        quote_for_message(&op.name),
                        quote_for_message(target),
                        shape.kind.name()
                    ),
                ));
            }
        }
        if model.protocol().binds_http() {
            http_bindings(model, op)?;
            for (target, _) in op.shape_refs_with_origin() {
                if let Some(shape) = model.shape(target) {
                    bound_kinds(model, shape)?;
                }
            }
        }
        host_prefix(model, op)?;
        checksum_members(model, op)?;
        if let Some(p) = &op.paging {
            paging(model, op, p).map_err(|problem| ModelError::new(&p.origin, problem))?;
        }
    }
    Ok(())
}

/// The input members an operation's `httpChecksum` names are members of its input.
fn checksum_members(model: &Model, op: &Operation) -> Result<(), ModelError> {
    let Some(checksum) = &op.http_checksum else { return Ok(()) };
    let input = op.input.as_deref().and_then(|i| model.shape(i));
    let members = input.map_or(&[][..], |i| i.kind.members());
    let named = [
        ("requestAlgorithmMember", &checksum.request_algorithm_member),
        ("requestValidationModeMember", &checksum.request_validation_mode_member),
    ];
    for (key, member) in named {
        let Some(member) = member else { continue };
        if !members.iter().any(|m| m.name == *member) {
            let names = members.iter().map(|m| m.name.as_str());
            return Err(ModelError::new(
                &op.origin,
                format!(
                    "the httpChecksum {key} of {} names {}, which its input does not have{}",
                    quote_for_message(&op.name),
                    quote_for_message(member),
                    did_you_mean(member, names)
                ),
            ));
        }
    }
    Ok(())
}

/// The target of the member at `path` (member names, outermost first) in `op`'s output, or
/// why there is none.
pub(crate) fn output_member<'m>(model: &'m Model, op: &Operation, path: &[String]) -> Result<&'m Shape, String> {
    let mut shape = op.output.as_deref().and_then(|o| model.shape(o));
    let mut at = Vec::new();
    for name in path {
        at.push(name.as_str());
        let member = shape.map_or(&[][..], |s| s.kind.members()).iter().find(|m| m.name == *name);
        shape = member.and_then(|m| model.shape(&m.target));
        if shape.is_none() {
            return Err(format!(
                "the output of {} has no member at {}",
                quote_for_message(&op.name),
                quote_for_message(&at.join("."))
            ));
        }
    }
    shape.ok_or_else(|| format!("an empty path in the paging of {}", quote_for_message(&op.name)))
}

/// An operation's paging names members it has: input tokens and the page size in its input,
/// output tokens along a path of structures in its output, and items as a list or map there.
pub(crate) fn paging(model: &Model, op: &Operation, paging: &crate::model::Paging) -> Result<(), String> {
    let members_of =
        |shape: Option<&str>| -> &[Member] { shape.and_then(|s| model.shape(s)).map_or(&[], |s| s.kind.members()) };
    let input = members_of(op.input.as_deref());
    for name in paging.input_tokens.iter().chain(&paging.page_size) {
        if !input.iter().any(|m| m.name == *name) {
            return Err(format!(
                "the input of {} has no member {}",
                quote_for_message(&op.name),
                quote_for_message(name)
            ));
        }
    }
    let resolve = |path: &[String]| output_member(model, op, path);
    for path in &paging.output_tokens {
        resolve(path)?;
    }
    if let Some(items) = &paging.items {
        let shape = resolve(items)?;
        if !matches!(shape.kind, ShapeKind::List(_) | ShapeKind::Map(_)) {
            return Err(format!(
                "the items of {} at {} are a {}, not a list or map",
                quote_for_message(&op.name),
                quote_for_message(&items.join(".")),
                shape.kind.name()
            ));
        }
    }
    Ok(())
}

fn enum_values(shape: &Shape) -> Result<(), ModelError> {
    let twice = |value: String, at: &Pointer| ModelError::new(at, format!("enum value {value} is listed twice"));
    match &shape.kind {
        ShapeKind::Enum(values) => {
            let mut seen = BTreeSet::new();
            for v in values {
                if !seen.insert(v.value.as_str()) {
                    return Err(twice(quote_for_message(&v.value), &v.origin));
                }
            }
        }
        ShapeKind::IntEnum(values) => {
            let mut seen = BTreeSet::new();
            for v in values {
                if !seen.insert(v.value) {
                    return Err(twice(v.value.to_string(), &v.origin));
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// Every name a `rest-xml` request body can be written with is an XML name (a qualified one,
/// `prefix:local`, where it names an element or attribute).
fn xml_names(model: &Model) -> Result<(), ModelError> {
    let check = |name: Option<&str>, at: &Pointer, what: &str| -> Result<(), ModelError> {
        match name {
            Some(name) if !is_xml_name(name, what != "namespace prefix") => {
                Err(ModelError::new(at, format!("{what} {} is not an XML name", quote_for_message(name))))
            }
            _ => Ok(()),
        }
    };
    let traits = |xml: &crate::model::XmlTraits, at: &Pointer| -> Result<(), ModelError> {
        check(xml.name.as_deref(), at, "XML name")?;
        check(xml.namespace_prefix.as_deref(), at, "namespace prefix")
    };
    for shape in model.shapes.values() {
        traits(&shape.xml, &shape.origin)?;
        for member in shape.kind.references() {
            traits(&member.xml, &member.origin)?;
            check(member.wire_name.as_deref(), &member.origin, "XML name")?;
        }
    }
    for op in &model.operations {
        traits(&op.input_xml, &op.origin)?;
    }
    Ok(())
}

/// `name` is an XML name: a letter or `_` first, then letters, digits, `_`, `-` and `.`; with
/// one `:` between two such names where `qualified`.
fn is_xml_name(name: &str, qualified: bool) -> bool {
    let ncname = |part: &str| {
        let mut chars = part.chars();
        chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
            && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
    };
    match name.split_once(':') {
        Some((prefix, local)) => qualified && ncname(prefix) && ncname(local),
        None => ncname(name),
    }
}

/// RPC v2 requests go to `/service/{Service}/operation/{Operation}`: both names are Smithy
/// identifiers, so that no model text can change the path.
fn rpc_v2_names(model: &Model) -> Result<(), ModelError> {
    let identifier = |name: &str| {
        let mut chars = name.chars();
        chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    let service = model.service.target_prefix.as_deref().unwrap_or(&model.service.title);
    if !identifier(service) {
        return Err(ModelError::new(
            &Pointer::root(),
            format!("service name {} is not an identifier, as RPC v2 paths need", quote_for_message(service)),
        ));
    }
    for op in &model.operations {
        let name = op.wire_name.as_deref().unwrap_or(&op.name);
        if !identifier(name) {
            return Err(ModelError::new(
                &op.origin,
                format!("operation name {} is not an identifier, as RPC v2 paths need", quote_for_message(name)),
            ));
        }
    }
    Ok(())
}

/// Two body members with one wire name would read and write the same key.
fn body_names(model: &Model, shape: &Shape, members: &[Member]) -> Result<(), ModelError> {
    let mut seen: BTreeMap<&str, &Member> = BTreeMap::new();
    for m in members.iter().filter(|m| m.binding.in_body()) {
        if let Some(first) = seen.insert(model.json_key(m), m) {
            return Err(ModelError::new(
                &m.origin,
                format!(
                    "members {} and {} of {} have the same wire name {}",
                    quote_for_message(&first.name),
                    quote_for_message(&m.name),
                    quote_for_message(&shape.name),
                    quote_for_message(model.json_key(m))
                ),
            ));
        }
    }
    Ok(())
}

fn payloads(shape: &Shape, members: &[Member]) -> Result<(), ModelError> {
    let mut payload = members.iter().filter(|m| m.binding == Binding::Payload && !m.event_payload);
    if let (Some(first), Some(second)) = (payload.next(), payload.next()) {
        return Err(ModelError::new(
            &second.origin,
            format!(
                "members {} and {} of {} are both bound to the payload",
                quote_for_message(&first.name),
                quote_for_message(&second.name),
                quote_for_message(&shape.name)
            ),
        ));
    }
    Ok(())
}

/// The labels of an operation's URI template and the input members bound to labels agree.
fn http_bindings(model: &Model, op: &Operation) -> Result<(), ModelError> {
    let Some(http) = &op.http else { return Ok(()) };
    let at = &http.origin;
    let template = crate::model::UriTemplate::parse(&http.uri)
        .map_err(|problem| ModelError::new(at, format!("URI template {}: {problem}", quote_for_message(&http.uri))))?;
    let members: &[Member] = op.input.as_deref().and_then(|i| model.shape(i)).map_or(&[], |s| s.kind.members());
    let bound: Vec<(&str, &Member)> = members
        .iter()
        .filter_map(|m| match &m.binding {
            Binding::Label(name) => Some((name.as_str(), m)),
            _ => None,
        })
        .collect();
    for (label, _) in template.labels() {
        if !bound.iter().any(|(name, _)| *name == label) {
            return Err(ModelError::new(
                at,
                format!(
                    "URI template {}: no input member is bound to the label {}",
                    quote_for_message(&http.uri),
                    quote_for_message(label)
                ),
            ));
        }
    }
    for (name, member) in bound {
        if !template.labels().any(|(label, _)| label == name) {
            return Err(ModelError::new(
                &member.origin,
                format!(
                    "member {} is bound to the URI label {}, which the URI template {} does not have",
                    quote_for_message(&member.name),
                    quote_for_message(name),
                    quote_for_message(&http.uri)
                ),
            ));
        }
    }
    Ok(())
}

/// Members bound outside the body hold what their place can carry: simple values in labels;
/// simple values or lists of them in the query string and headers; maps of strings for
/// query parameters and prefixed headers; an integer for the status code; a structure, union,
/// document, blob or string as the payload.
fn bound_kinds(model: &Model, shape: &Shape) -> Result<(), ModelError> {
    let kind = |name: &str| model.shape(name).map(|s| &s.kind);
    let simple = |name: &str| {
        matches!(
            kind(name),
            Some(
                ShapeKind::String
                    | ShapeKind::Enum(_)
                    | ShapeKind::IntEnum(_)
                    | ShapeKind::Boolean
                    | ShapeKind::Byte
                    | ShapeKind::Short
                    | ShapeKind::Integer
                    | ShapeKind::Long
                    | ShapeKind::Float
                    | ShapeKind::Double
                    | ShapeKind::BigInteger
                    | ShapeKind::BigDecimal
                    | ShapeKind::Timestamp
                    | ShapeKind::Blob { .. }
            )
        )
    };
    let simple_or_list = |name: &str| match kind(name) {
        Some(ShapeKind::List(list)) => simple(&list.member.target),
        _ => simple(name),
    };
    let string = |name: &str| matches!(kind(name), Some(ShapeKind::String | ShapeKind::Enum(_)));
    let string_map = |name: &str, lists: bool| match kind(name) {
        Some(ShapeKind::Map(map)) => {
            string(&map.key.target)
                && (simple(&map.value.target)
                    || (lists
                        && matches!(kind(&map.value.target), Some(ShapeKind::List(l)) if simple(&l.member.target))))
        }
        _ => false,
    };
    for member in shape.kind.members() {
        let target = member.target.as_str();
        let (ok, what) = match &member.binding {
            Binding::Body => continue,
            Binding::Label(_) => {
                (simple(target) && !matches!(kind(target), Some(ShapeKind::Blob { .. })), "a simple value")
            }
            Binding::Query(_) | Binding::Header(_) => (simple_or_list(target), "a simple value or a list of them"),
            Binding::QueryParams => (string_map(target, true), "a map of strings (or lists of strings)"),
            Binding::PrefixHeaders(_) => (string_map(target, false), "a map of strings"),
            Binding::StatusCode => {
                (matches!(kind(target), Some(ShapeKind::Integer | ShapeKind::Long | ShapeKind::Short)), "an integer")
            }
            Binding::Payload => (
                matches!(
                    kind(target),
                    Some(
                        ShapeKind::Structure(_)
                            | ShapeKind::Union(_)
                            | ShapeKind::Document
                            | ShapeKind::Blob { .. }
                            | ShapeKind::String
                            | ShapeKind::Enum(_)
                    )
                ),
                "a structure, union, document, blob or string",
            ),
        };
        if !ok {
            let found = kind(target).map_or("nothing", ShapeKind::name);
            return Err(ModelError::new(
                &member.origin,
                format!(
                    "member {} of {} is bound to the {}, which carries {what}, not a {found}",
                    quote_for_message(&member.name),
                    quote_for_message(&shape.name),
                    member.binding
                ),
            ));
        }
    }
    Ok(())
}

/// The labels of an operation's host prefix name input members bound to the host.
fn host_prefix(model: &Model, op: &Operation) -> Result<(), ModelError> {
    let Some(prefix) = &op.host_prefix else { return Ok(()) };
    let pieces = prefix.pieces().map_err(|problem| {
        ModelError::new(&prefix.origin, format!("host prefix {}: {problem}", quote_for_message(&prefix.template)))
    })?;
    let members: &[Member] = op.input.as_deref().and_then(|i| model.shape(i)).map_or(&[], |s| s.kind.members());
    let labels = pieces.iter().filter_map(|piece| match piece {
        TemplatePiece::Label { name, .. } => Some(name.as_str()),
        TemplatePiece::Literal(_) => None,
    });
    for label in labels {
        if !members.iter().any(|m| m.host_label && m.name == label) {
            return Err(ModelError::new(
                &prefix.origin,
                format!(
                    "host prefix {}: no input member named {} is bound to the host",
                    quote_for_message(&prefix.template),
                    quote_for_message(label)
                ),
            ));
        }
    }
    Ok(())
}

impl Protocol {
    /// True for the protocols that bind members to the URI, query string and headers.
    pub fn binds_http(&self) -> bool {
        matches!(self, Protocol::RestJson | Protocol::RestXml)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> Result<(), ModelError> {
        let (model, _) = crate::read::botocore::read(&crate::json::parse(text.as_bytes()).unwrap())?;
        validate(&model)
    }

    fn model(ops: &str, shapes: &str) -> String {
        format!(r#"{{"metadata": {{"protocol": "rest-json"}}, "operations": {ops}, "shapes": {shapes}}}"#)
    }

    #[test]
    fn dangling_references_name_the_place_and_the_nearest_shape() {
        let text = model(
            r#"{"Op": {"name": "Op", "input": {"shape": "In"}}}"#,
            r#"{"In": {"type": "structure", "members": {"A": {"shape": "Ss"}}}, "S": {"type": "string"}}"#,
        );
        assert_eq!(
            check(&text).unwrap_err().to_string(),
            r#"shapes.In.members.A.shape: no shape named "Ss" (did you mean "S"?)"#
        );
        let text = model(r#"{"Op": {"name": "Op", "output": {"shape": "Out"}}}"#, r#"{"S": {"type": "string"}}"#);
        assert_eq!(check(&text).unwrap_err().to_string(), r#"operations.Op.output.shape: no shape named "Out""#);
    }

    #[test]
    fn rest_xml_names_must_be_xml_names() {
        let text = |name: &str| {
            format!(
                r#"{{"metadata": {{"protocol": "rest-xml"}}, "operations": {{}}, "shapes": {{"S": {{"type": "structure", "members": {{"A": {{"shape": "T", "locationName": {name:?}}}}}}}, "T": {{"type": "string"}}}}}}"#
            )
        };
        for bad in ["a b", "<a>", "a\"x", "", "1a", "a:b:c", ":a"] {
            assert_eq!(
                check(&text(bad)).unwrap_err().to_string(),
                format!("shapes.S.members.A: XML name {} is not an XML name", quote_for_message(bad)),
                "{bad:?}"
            );
        }
        for good in ["a", "xsi:type", "Ünïcode_1.x-y"] {
            check(&text(good)).unwrap();
        }
    }

    #[test]
    fn inputs_must_be_structures() {
        let text = model(r#"{"Op": {"name": "Op", "input": {"shape": "S"}}}"#, r#"{"S": {"type": "string"}}"#);
        assert_eq!(
            check(&text).unwrap_err().to_string(),
            r#"operations.Op.input.shape: operation "Op" refers to "S", a string, where a structure is expected"#
        );
    }

    #[test]
    fn uri_labels_and_label_members_agree() {
        let shapes = r#"{"In": {"type": "structure", "required": ["Id"], "members": {
            "Id": {"shape": "S", "location": "uri", "locationName": "id"}}}, "S": {"type": "string"}}"#;
        let op = |uri: &str| {
            format!(
                r#"{{"Op": {{"name": "Op", "http": {{"method": "GET", "requestUri": "{uri}"}}, "input": {{"shape": "In"}}}}}}"#
            )
        };
        check(&model(&op("/things/{id}"), shapes)).unwrap();
        check(&model(&op("/things/{id}?x=1"), shapes)).unwrap();
        assert_eq!(
            check(&model(&op("/things/{id}/{other}"), shapes)).unwrap_err().to_string(),
            r#"operations.Op.http.requestUri: URI template "/things/{id}/{other}": no input member is bound to the label "other""#
        );
        assert_eq!(
            check(&model(&op("/things"), shapes)).unwrap_err().to_string(),
            r#"shapes.In.members.Id: member "Id" is bound to the URI label "id", which the URI template "/things" does not have"#
        );
        assert_eq!(
            check(&model(&op("/things/{id+}/{id}"), shapes)).unwrap_err().to_string(),
            r#"operations.Op.http.requestUri: URI template "/things/{id+}/{id}": the greedy label "id" must be the last"#
        );
        assert_eq!(
            check(&model(&op("/things/{id"), shapes)).unwrap_err().to_string(),
            r#"operations.Op.http.requestUri: URI template "/things/{id": a label is not closed"#
        );
    }

    #[test]
    fn bound_members_hold_what_their_place_carries() {
        let op = r#"{"Op": {"name": "Op", "http": {"method": "GET", "requestUri": "/"}, "input": {"shape": "In"}}}"#;
        let shapes = |member: &str| {
            format!(
                r#"{{"In": {{"type": "structure", "members": {{"M": {member}}}}},
                    "S": {{"type": "string"}}, "L": {{"type": "list", "member": {{"shape": "S"}}}},
                    "Nested": {{"type": "list", "member": {{"shape": "L"}}}},
                    "Map": {{"type": "map", "key": {{"shape": "S"}}, "value": {{"shape": "L"}}}},
                    "St": {{"type": "structure", "members": {{}}}}}}"#
            )
        };
        for ok in [
            r#"{"shape": "L", "location": "header", "locationName": "X-L"}"#,
            r#"{"shape": "L", "location": "querystring", "locationName": "l"}"#,
            r#"{"shape": "Map", "location": "querystring"}"#,
            r#"{"shape": "St"}"#,
        ] {
            check(&model(op, &shapes(ok))).unwrap();
        }
        assert_eq!(
            check(&model(op, &shapes(r#"{"shape": "Nested", "location": "header", "locationName": "X-N"}"#)))
                .unwrap_err()
                .to_string(),
            r#"shapes.In.members.M: member "M" of "In" is bound to the header "X-N", which carries a simple value or a list of them, not a list"#
        );
        assert_eq!(
            check(&model(op, &shapes(r#"{"shape": "St", "location": "header", "locationName": "X-S"}"#)))
                .unwrap_err()
                .to_string(),
            r#"shapes.In.members.M: member "M" of "In" is bound to the header "X-S", which carries a simple value or a list of them, not a structure"#
        );
    }

    #[test]
    fn enum_values_listed_twice() {
        let text = model("{}", r#"{"E": {"type": "string", "enum": ["A", "B", "A"]}}"#);
        assert_eq!(check(&text).unwrap_err().to_string(), r#"shapes.E.enum[2]: enum value "A" is listed twice"#);
    }
}
