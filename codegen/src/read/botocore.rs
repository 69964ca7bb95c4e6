//! The botocore `service-2.json` reader.
//!
//! The format: `metadata` (service names, protocol), `operations` (name → input, output,
//! errors, HTTP binding), `shapes` (name → a typed shape; structures have `members`, each a
//! `shape` reference plus serialization keys such as `locationName` and `location`), and
//! HTML `documentation` throughout. Every key of today's published models is read; a key this
//! reader does not know is reported as a [`Warning`] by name.

use std::collections::{BTreeMap, BTreeSet};

use super::fields::Fields;
use crate::error::{ModelError, Warning};
use crate::json::{Json, Pointer, quote_for_message};
use crate::model::*;

const TOP_KEYS: &[&str] = &[
    "version",
    "metadata",
    "operations",
    "shapes",
    "documentation",
    "examples",
    "authorizers",
    "clientContextParams",
    "deprecated",
    "deprecatedMessage",
    "deprecatedSince",
];

const METADATA_KEYS: &[&str] = &[
    "apiVersion",
    "endpointPrefix",
    "jsonVersion",
    "protocol",
    "protocols",
    "protocolSettings",
    "serviceAbbreviation",
    "serviceFullName",
    "serviceId",
    "signatureVersion",
    "signingName",
    "targetPrefix",
    "uid",
    "globalEndpoint",
    "xmlNamespace",
    "checksumFormat",
    "awsQueryCompatible",
    "auth",
    "timestampFormat",
    "ripServiceName",
];

const OPERATION_KEYS: &[&str] = &[
    "name",
    "http",
    "input",
    "output",
    "errors",
    "documentation",
    "documentationUrl",
    "deprecated",
    "deprecatedMessage",
    "deprecatedSince",
    "authtype",
    "auth",
    "endpoint",
    "idempotent",
    "httpChecksumRequired",
    "httpChecksum",
    "alias",
    "endpointdiscovery",
    "endpointoperation",
    "staticContextParams",
    "contextParams",
    "operationContextParams",
    "unsignedPayload",
    "requestcompression",
    "readonly",
];

/// Keys of an operation's `input` and `output`.
const REF_KEYS: &[&str] = &["shape", "documentation", "locationName", "xmlNamespace", "resultWrapper"];

/// Keys of an operation's `errors` entries (the last two repeat the error shape's own).
const ERROR_REF_KEYS: &[&str] = &["shape", "documentation", "exception", "error"];

const HTTP_KEYS: &[&str] = &["method", "requestUri", "responseCode"];

const ERROR_KEYS: &[&str] = &["code", "httpStatusCode", "senderFault"];

const XML_NAMESPACE_KEYS: &[&str] = &["uri", "prefix"];

const SHAPE_KEYS: &[&str] = &[
    "type",
    "members",
    "member",
    "key",
    "value",
    "required",
    "min",
    "max",
    "enum",
    "pattern",
    "exception",
    "error",
    "box",
    "sensitive",
    "union",
    "payload",
    "fault",
    "retryable",
    "timestampFormat",
    "deprecated",
    "deprecatedMessage",
    "deprecatedSince",
    "wrapper",
    "event",
    "document",
    "flattened",
    "synthetic",
    "eventstream",
    "streaming",
    "locationName",
    "sparse",
    "xmlOrder",
    "requiresLength",
    "xmlNamespace",
    "documentation",
];

const MEMBER_KEYS: &[&str] = &[
    "shape",
    "documentation",
    "locationName",
    "location",
    "idempotencyToken",
    "box",
    "contextParam",
    "deprecated",
    "deprecatedMessage",
    "deprecatedSince",
    "hostLabel",
    "xmlNamespace",
    "jsonvalue",
    "flattened",
    "eventpayload",
    "eventheader",
    "streaming",
    "queryName",
    "xmlAttribute",
    "timestampFormat",
    "enum",
];

/// Reads a botocore service model.
pub fn read(document: &Json) -> Result<(Model, Vec<Warning>), ModelError> {
    let root = Pointer::root();
    let top = Fields::of(document, &root, "a botocore model")?;
    let mut warnings = Vec::new();
    top.warn_unknown(TOP_KEYS, "top-level", &mut warnings);

    let service = read_metadata(&top, &mut warnings)?;

    let shapes_fields =
        top.object("shapes", "the shapes")?.ok_or_else(|| ModelError::new(&root, "the model has no \"shapes\""))?;
    let mut shapes = BTreeMap::new();
    for (name, value) in shapes_fields.entries() {
        let at = shapes_fields.ptr(name);
        check_name(name, &at, "shape")?;
        let shape = read_shape(name, value, &at, &mut warnings)?;
        shapes.insert(name.clone(), shape);
    }

    let mut operations = Vec::new();
    if let Some(ops) = top.object("operations", "the operations")? {
        for (name, value) in ops.entries() {
            let at = ops.ptr(name);
            check_name(name, &at, "operation")?;
            operations.push(read_operation(name, value, &at, &mut warnings)?);
        }
    }

    let mut model = Model { service, operations, shapes, endpoint_rules: None };
    query_parameter_maps(&mut model);
    query_error_codes(&mut model);
    flattened_list_names(&mut model);
    Ok((model, warnings))
}

/// In the query protocols, botocore names the items of a flattened list by the list member's
/// `locationName` where the structure member has none (SimpleDB's `Attributes` travel as
/// `Attribute.1.Name` and `<Attribute>`); Smithy, and so the model, by the structure member's
/// XML name. Such a member takes the item name as its own. `rest-xml` requests name the items
/// by the structure member in botocore too, as Smithy does, and so do its responses here.
fn flattened_list_names(model: &mut Model) {
    if !matches!(model.protocol(), Protocol::Query | Protocol::Ec2Query) {
        return;
    }
    let mut renames = Vec::new();
    for (shape_name, shape) in &model.shapes {
        for (i, member) in shape.kind.members().iter().enumerate() {
            if member.wire_name.is_some() || member.binding != Binding::Body {
                continue;
            }
            let Some(target) = model.shapes.get(&member.target) else { continue };
            if let ShapeKind::List(list) = &target.kind
                && (member.xml.flattened || target.xml.flattened)
                && let Some(item) = &list.member.wire_name
            {
                renames.push((shape_name.clone(), i, item.clone()));
            }
        }
    }
    for (shape_name, i, item) in renames {
        if let Some(ShapeKind::Structure(members) | ShapeKind::Union(members)) =
            model.shapes.get_mut(&shape_name).map(|s| &mut s.kind)
            && let Some(member) = members.get_mut(i)
        {
            member.wire_name = Some(item);
        }
    }
}

/// Reads botocore's paginators (`paginators-1.json`, kept beside `service-2.json`) into the
/// operations' paging. A paginator this version cannot use (an output token that is an
/// expression, such as `Contents[-1].Key || NextMarker`, or a member the model does not
/// have) is reported as a warning and left out; so is a paginator of an operation the model
/// does not have.
pub fn read_paginators(model: &mut Model, document: &Json) -> Result<Vec<Warning>, ModelError> {
    let root = Pointer::root();
    let top = Fields::of(document, &root, "botocore paginators")?;
    let mut warnings = Vec::new();
    let Some(pagination) = top.object("pagination", "the paginators")? else { return Ok(warnings) };
    // A paginator's warning is its operation's: a build without the operation does not see it.
    let warn = |warnings: &mut Vec<Warning>, name: &str, pointer: Pointer, message: String| {
        let message = format!("paginators-1.json: {message}; read past");
        warnings.push(Warning { pointer, message, operation: Some(name.to_owned()) });
    };
    for (name, value) in pagination.entries() {
        let at = pagination.ptr(name);
        let f = Fields::of(value, &at, "a paginator")?;
        let names = |key: &str| -> Result<Vec<String>, ModelError> {
            Ok(match f.get(key) {
                None => Vec::new(),
                Some(Json::String(s)) => vec![s.clone()],
                Some(_) => f.strings(key)?.unwrap_or_default().into_iter().map(str::to_owned).collect(),
            })
        };
        let (inputs, outputs, results) = (names("input_token")?, names("output_token")?, names("result_key")?);
        let limit = f.string("limit_key")?;
        let Some(op) = model.operations.iter().find(|op| op.name == *name) else {
            warn(&mut warnings, name, at, format!("no operation named {}", quote_for_message(name)));
            continue;
        };
        let simple = |path: &str| {
            !path.is_empty()
                && path.split('.').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        };
        if inputs.is_empty() || inputs.len() != outputs.len() {
            warn(
                &mut warnings,
                name,
                at,
                format!("{} has no input and output tokens in pairs", quote_for_message(name)),
            );
            continue;
        }
        if let Some(expression) = outputs.iter().chain(&inputs).chain(results.first()).find(|p| !simple(p)) {
            warn(
                &mut warnings,
                name,
                at,
                format!(
                    "{}: the token or result {} is an expression",
                    quote_for_message(name),
                    quote_for_message(expression)
                ),
            );
            continue;
        }
        let path = |p: &String| p.split('.').map(str::to_owned).collect::<Vec<_>>();
        let mut paging = Paging {
            input_tokens: inputs,
            output_tokens: outputs.iter().map(path).collect(),
            items: results.first().map(path),
            more_items: Vec::new(),
            page_size: limit,
            origin: at.clone(),
        };
        // The other result keys: each list of the output. A number is a total botocore adds
        // up over the pages (DynamoDB's `Count`): each page's is its output's member, and
        // nothing more is made of it.
        for result in results.iter().skip(1) {
            let target = if simple(result) {
                crate::validate::output_member(model, op, &path(result))
            } else {
                Err(format!("the result {} is an expression", quote_for_message(result)))
            };
            match target.map(|shape| &shape.kind) {
                Ok(ShapeKind::List(_)) => paging.more_items.push(path(result)),
                Ok(_) => {}
                Err(problem) => {
                    warn(&mut warnings, name, at.clone(), format!("{}: {problem}", quote_for_message(name)));
                }
            }
        }
        // Items that are not a list are left out; the paging stays.
        if paging.items.is_some()
            && let Err(problem) = crate::validate::paging(model, op, &paging)
        {
            let without_items = Paging { items: None, ..paging.clone() };
            if crate::validate::paging(model, op, &without_items).is_ok() {
                warn(&mut warnings, name, at.clone(), format!("{problem}; paging without items"));
                paging = without_items;
            }
        }
        match crate::validate::paging(model, op, &paging) {
            Ok(()) => {
                let op = model.operations.iter_mut().find(|op| op.name == *name);
                if let Some(op) = op {
                    op.paging = Some(paging);
                }
            }
            Err(problem) => warn(&mut warnings, name, at, problem),
        }
    }
    Ok(warnings)
}

/// A map bound to the query string is every parameter not bound otherwise: botocore writes
/// it as a `querystring` member like any other (its `locationName`, if any, is no parameter).
fn query_parameter_maps(model: &mut Model) {
    let maps: BTreeSet<String> =
        model.shapes.values().filter(|s| matches!(s.kind, ShapeKind::Map(_))).map(|s| s.name.clone()).collect();
    for shape in model.shapes.values_mut() {
        if let ShapeKind::Structure(members) = &mut shape.kind {
            for member in members.iter_mut().filter(|m| matches!(m.binding, Binding::Query(_))) {
                if maps.contains(&member.target) {
                    member.binding = Binding::QueryParams;
                }
            }
        }
    }
}

/// botocore writes an error's code in its `error` object whatever the protocol: for a JSON
/// or CBOR service compatible with the query protocol it replaced, that is the query code
/// (Smithy's `awsQueryError`), which such a service sends in a header; its wire code is the
/// shape name.
fn query_error_codes(model: &mut Model) {
    let rpc = matches!(model.protocol(), Protocol::RestJson | Protocol::AwsJson | Protocol::RpcV2Cbor);
    if !rpc || !model.service.query_compatible {
        return;
    }
    for shape in model.shapes.values_mut() {
        if let Some(error) = &mut shape.error {
            error.query_code = error.code.take();
        }
    }
}

fn check_name(name: &str, at: &Pointer, what: &str) -> Result<(), ModelError> {
    if name.is_empty() {
        return Err(ModelError::new(at, format!("a {what} with an empty name")));
    }
    Ok(())
}

fn read_metadata(top: &Fields, warnings: &mut Vec<Warning>) -> Result<Service, ModelError> {
    let Some(meta) = top.object("metadata", "the metadata")? else {
        return Err(ModelError::new(top.at(), "the model has no \"metadata\""));
    };
    meta.warn_unknown(METADATA_KEYS, "metadata", warnings);
    let mut protocols = Vec::new();
    if let Some(list) = meta.strings("protocols")? {
        protocols.extend(list.into_iter().map(protocol));
    }
    if let Some(p) = meta.str("protocol")? {
        let p = protocol(p);
        if !protocols.contains(&p) {
            protocols.insert(0, p);
        }
    }
    for (i, p) in protocols.iter().enumerate() {
        if let Protocol::Other(name) = p {
            warnings.push(Warning {
                pointer: meta.ptr("protocols").index(i),
                message: format!("unknown protocol {}; types are generated with JSON serde", quote_for_message(name)),
                operation: None,
            });
        }
    }
    Ok(Service {
        title: meta.string("serviceFullName")?.or(meta.string("serviceId")?).unwrap_or_else(|| "API".to_owned()),
        sdk_id: meta.string("serviceId")?,
        api_version: meta.string("apiVersion")?,
        protocols,
        json_version: meta.string("jsonVersion")?,
        target_prefix: meta.string("targetPrefix")?,
        endpoint_prefix: meta.string("endpointPrefix")?,
        signing_name: meta.string("signingName")?,
        query_compatible: meta.get("awsQueryCompatible").is_some(),
        documentation: top.string("documentation")?,
        deprecated: deprecation(top)?,
        client_context_params: match top.object("clientContextParams", "the client context parameters")? {
            Some(f) => crate::rules::read::client_context_params(&f)?,
            None => Vec::new(),
        },
        auth: match meta.strings("auth")? {
            Some(ids) => ids.iter().map(|id| AuthScheme::from_id(id)).collect(),
            None => meta.str("signatureVersion")?.map(AuthScheme::from_botocore).into_iter().collect(),
        },
    })
}

fn protocol(name: &str) -> Protocol {
    match name {
        "rest-json" => Protocol::RestJson,
        "json" => Protocol::AwsJson,
        "smithy-rpc-v2-cbor" => Protocol::RpcV2Cbor,
        "query" => Protocol::Query,
        "ec2" => Protocol::Ec2Query,
        "rest-xml" => Protocol::RestXml,
        other => Protocol::Other(other.to_owned()),
    }
}

fn deprecation(fields: &Fields) -> Result<Option<Deprecation>, ModelError> {
    if !fields.bool("deprecated")? {
        return Ok(None);
    }
    Ok(Some(Deprecation { message: fields.string("deprecatedMessage")?, since: fields.string("deprecatedSince")? }))
}

fn timestamp_format(fields: &Fields) -> Result<Option<TimestampFormat>, ModelError> {
    match fields.str("timestampFormat")? {
        None => Ok(None),
        Some("iso8601") => Ok(Some(TimestampFormat::DateTime)),
        Some("unixTimestamp") => Ok(Some(TimestampFormat::EpochSeconds)),
        Some("rfc822") => Ok(Some(TimestampFormat::HttpDate)),
        Some(other) => Err(ModelError::new(
            &fields.ptr("timestampFormat"),
            format!("unknown timestamp format {} (known: iso8601, unixTimestamp, rfc822)", quote_for_message(other)),
        )),
    }
}

/// The XML details of a shape, member or operation input; `name` is the element name where
/// the object's `locationName` means one (shapes and operation inputs; a member's
/// `locationName` is its wire name).
fn xml_traits(fields: &Fields, name: bool, warnings: &mut Vec<Warning>) -> Result<XmlTraits, ModelError> {
    let mut xml = XmlTraits { flattened: fields.bool("flattened")?, ..XmlTraits::default() };
    xml.attribute = fields.bool("xmlAttribute")?;
    // An object (`{"uri": ..., "prefix": ...}`), or the URI alone, as some models write it.
    if let Some(Json::String(uri)) = fields.get("xmlNamespace") {
        xml.namespace = Some(uri.clone());
    } else if let Some(ns) = fields.object("xmlNamespace", "an XML namespace")? {
        ns.warn_unknown(XML_NAMESPACE_KEYS, "XML namespace", warnings);
        xml.namespace = ns.string("uri")?;
        xml.namespace_prefix = ns.string("prefix")?;
    }
    if name {
        xml.name = fields.string("locationName")?;
    }
    xml.wrapper = fields.bool("wrapper")?;
    xml.order = fields.strings("xmlOrder")?.unwrap_or_default().into_iter().map(str::to_owned).collect();
    Ok(xml)
}

fn read_shape(name: &str, value: &Json, at: &Pointer, warnings: &mut Vec<Warning>) -> Result<Shape, ModelError> {
    let f = Fields::of(value, at, "a shape")?;
    f.warn_unknown(SHAPE_KEYS, "shape", warnings);
    let ty = f.required_str("type", "the shape")?;
    let kind = match ty {
        "structure" if f.bool("document")? => ShapeKind::Document,
        "structure" => {
            let members = read_members(&f, warnings)?;
            if f.bool("union")? || f.bool("eventstream")? {
                ShapeKind::Union(members)
            } else {
                ShapeKind::Structure(members)
            }
        }
        "list" => {
            let member = f
                .object("member", "the list member")?
                .ok_or_else(|| ModelError::new(at, "a list shape has no \"member\""))?;
            ShapeKind::List(ListShape { member: read_member("member", &member, warnings)?, sparse: f.bool("sparse")? })
        }
        "map" => {
            let key =
                f.object("key", "the map key")?.ok_or_else(|| ModelError::new(at, "a map shape has no \"key\""))?;
            let value = f
                .object("value", "the map value")?
                .ok_or_else(|| ModelError::new(at, "a map shape has no \"value\""))?;
            ShapeKind::Map(MapShape {
                key: read_member("key", &key, warnings)?,
                value: read_member("value", &value, warnings)?,
                sparse: f.bool("sparse")?,
            })
        }
        "string" => match f.strings("enum")? {
            Some(values) => ShapeKind::Enum(
                values
                    .into_iter()
                    .enumerate()
                    .map(|(i, v)| EnumValue {
                        value: v.to_owned(),
                        name: None,
                        documentation: None,
                        deprecated: None,
                        origin: f.ptr("enum").index(i),
                    })
                    .collect(),
            ),
            None => ShapeKind::String,
        },
        "integer" => ShapeKind::Integer,
        "long" => ShapeKind::Long,
        "float" => ShapeKind::Float,
        "double" => ShapeKind::Double,
        "boolean" => ShapeKind::Boolean,
        "blob" => ShapeKind::Blob { streaming: f.bool("streaming")?, requires_length: f.bool("requiresLength")? },
        "timestamp" => ShapeKind::Timestamp,
        other => {
            return Err(ModelError::new(
                &f.ptr("type"),
                format!(
                    "unknown shape type {} (known: structure, list, map, string, integer, long, float, double, boolean, blob, timestamp)",
                    quote_for_message(other)
                ),
            ));
        }
    };
    let error = if f.bool("exception")? || f.get("error").is_some() {
        let error = f.object("error", "the error description")?;
        if let Some(e) = &error {
            e.warn_unknown(ERROR_KEYS, "error", warnings);
        }
        let fault = f.bool("fault")?;
        Some(ErrorTrait {
            code: match &error {
                Some(e) => e.string("code")?,
                None => None,
            },
            query_code: None,
            http_status: match &error {
                Some(e) => e.u16("httpStatusCode")?,
                None => None,
            },
            // Without `senderFault` or `fault`, the status tells: 5xx is the service's fault.
            sender_fault: match &error {
                Some(e) if e.get("senderFault").is_some() => e.bool("senderFault")?,
                Some(e) if !fault => e.u16("httpStatusCode")?.is_none_or(|status| status < 500),
                _ => !fault,
            },
            retryable: f.get("retryable").is_some(),
            throttling: match f.object("retryable", "the retry description")? {
                Some(r) => {
                    r.warn_unknown(&["throttling"], "retryable", warnings);
                    r.bool("throttling")?
                }
                None => false,
            },
        })
    } else {
        None
    };
    Ok(Shape {
        name: name.to_owned(),
        kind,
        documentation: f.string("documentation")?,
        deprecated: deprecation(&f)?,
        sensitive: f.bool("sensitive")?,
        timestamp_format: timestamp_format(&f)?,
        error,
        constraints: Constraints { min: f.number("min")?, max: f.number("max")?, pattern: f.string("pattern")? },
        xml: xml_traits(&f, true, warnings)?,
        event_stream: f.bool("eventstream")?,
        event: f.bool("event")?,
        input: false,
        origin: at.clone(),
    })
}

fn read_members(shape: &Fields, warnings: &mut Vec<Warning>) -> Result<Vec<Member>, ModelError> {
    let Some(members) = shape.object("members", "the members")? else {
        return Ok(Vec::new());
    };
    let required: Vec<&str> = shape.strings("required")?.unwrap_or_default();
    let payload = shape.str("payload")?;
    let mut out = Vec::with_capacity(members.entries().len());
    for (name, value) in members.entries() {
        let at = members.ptr(name);
        check_name(name, &at, "member")?;
        let f = Fields::of(value, &at, "a member")?;
        let mut member = read_member(name, &f, warnings)?;
        member.required = required.contains(&name.as_str());
        if payload == Some(name.as_str()) && member.binding == Binding::Body {
            member.binding = Binding::Payload;
        }
        out.push(member);
    }
    for (i, name) in required.iter().enumerate() {
        if !out.iter().any(|m| m.name == *name) {
            warnings.push(Warning {
                pointer: shape.ptr("required").index(i),
                message: format!("required names no member: {}", quote_for_message(name)),
                operation: None,
            });
        }
    }
    if let Some(payload) = payload
        && !out.iter().any(|m| m.name == payload)
    {
        return Err(ModelError::new(&shape.ptr("payload"), format!("no member named {}", quote_for_message(payload))));
    }
    Ok(out)
}

fn read_member(name: &str, f: &Fields, warnings: &mut Vec<Warning>) -> Result<Member, ModelError> {
    f.warn_unknown(MEMBER_KEYS, "member", warnings);
    let target = f.required_str("shape", "the member")?;
    let location_name = f.string("locationName")?;
    let binding_name = || location_name.clone().unwrap_or_else(|| name.to_owned());
    let binding = match f.str("location")? {
        None if f.bool("eventpayload")? => Binding::Payload,
        None if f.bool("eventheader")? => Binding::Header(name.to_owned()),
        None => Binding::Body,
        Some("uri") => Binding::Label(binding_name()),
        Some("querystring") => Binding::Query(binding_name()),
        Some("header") => Binding::Header(binding_name()),
        Some("headers") => Binding::PrefixHeaders(location_name.clone().unwrap_or_default()),
        Some("statusCode") => Binding::StatusCode,
        Some(other) => {
            return Err(ModelError::new(
                &f.ptr("location"),
                format!(
                    "unknown location {} (known: uri, querystring, header, headers, statusCode)",
                    quote_for_message(other)
                ),
            ));
        }
    };
    let mut member = Member::new(name, target, f.at().clone());
    member.target_origin = f.ptr("shape");
    member.wire_name = if binding.in_body() { location_name } else { None };
    member.binding = binding;
    member.documentation = f.string("documentation")?;
    member.timestamp_format = timestamp_format(f)?;
    member.deprecated = deprecation(f)?;
    member.idempotency_token = f.bool("idempotencyToken")?;
    member.json_value = f.bool("jsonvalue")?;
    // A JSON document is of JSON's media type, as Smithy models say it.
    if member.json_value {
        member.media_type = Some("application/json".to_owned());
    }
    member.event_payload = f.bool("eventpayload")?;
    member.host_label = f.bool("hostLabel")?;
    member.context_param = match f.object("contextParam", "a context parameter")? {
        Some(p) => {
            p.warn_unknown(&["name"], "context parameter", warnings);
            p.string("name")?
        }
        None => None,
    };
    member.xml = xml_traits(f, false, warnings)?;
    member.query_name = f.string("queryName")?;
    member.streaming = f.bool("streaming")?;
    member.allowed_values = f.strings("enum")?.unwrap_or_default().into_iter().map(str::to_owned).collect();
    Ok(member)
}

fn read_operation(
    name: &str,
    value: &Json,
    at: &Pointer,
    warnings: &mut Vec<Warning>,
) -> Result<Operation, ModelError> {
    let f = Fields::of(value, at, "an operation")?;
    f.warn_unknown(OPERATION_KEYS, "operation", warnings);
    // `name` is the operation's name on the wire; the key is its name in the API. They differ
    // where a model keeps several versions of one operation (`AssociateAlias2020_05_31`).
    let wire_name = f.str("name")?.filter(|inner| *inner != name).map(str::to_owned);
    let mut input_xml = XmlTraits::default();
    let mut output_wrapper = None;
    let mut ref_origins = RefOrigins { input: f.ptr("input"), output: f.ptr("output"), errors: Vec::new() };
    let input = match f.object("input", "a shape reference")? {
        Some(r) => {
            r.warn_unknown(REF_KEYS, "operation input", warnings);
            input_xml = xml_traits(&r, true, warnings)?;
            ref_origins.input = r.ptr("shape");
            Some(r.required_str("shape", "the reference")?.to_owned())
        }
        None => None,
    };
    let output = match f.object("output", "a shape reference")? {
        Some(r) => {
            r.warn_unknown(REF_KEYS, "operation output", warnings);
            output_wrapper = r.string("resultWrapper")?;
            ref_origins.output = r.ptr("shape");
            Some(r.required_str("shape", "the reference")?.to_owned())
        }
        None => None,
    };
    let mut errors = Vec::new();
    if let Some(list) = f.array("errors")? {
        for (i, item) in list.iter().enumerate() {
            let r = Fields::of(item, &f.ptr("errors").index(i), "an error reference")?;
            r.warn_unknown(ERROR_REF_KEYS, "error reference", warnings);
            let shape = r.required_str("shape", "the error reference")?;
            // A model may list an error twice; it is one error of the operation.
            if !errors.iter().any(|e| e == shape) {
                errors.push(shape.to_owned());
                ref_origins.errors.push(r.ptr("shape"));
            }
        }
    }
    let http = match f.object("http", "the HTTP binding")? {
        Some(h) => Some({
            h.warn_unknown(HTTP_KEYS, "HTTP binding", warnings);
            HttpBinding {
                method: h.string("method")?.unwrap_or_else(|| "POST".to_owned()),
                uri: h.string("requestUri")?.unwrap_or_else(|| "/".to_owned()),
                response_code: h.u16("responseCode")?,
                origin: h.ptr("requestUri"),
            }
        }),
        None => None,
    };
    let host_prefix = match f.object("endpoint", "the endpoint")? {
        Some(e) => {
            e.warn_unknown(&["hostPrefix"], "endpoint", warnings);
            e.string("hostPrefix")?.map(|template| HostPrefix { template, origin: e.ptr("hostPrefix") })
        }
        None => None,
    };
    // `auth` is the newer key and wins; `authtype` names one scheme, or `v4-unsigned-body`
    // (SigV4 without the body in the signature).
    let authtype = f.str("authtype")?;
    let auth = match f.strings("auth")? {
        // An empty list: the operation is not authenticated.
        Some(ids) if ids.is_empty() => Some(vec![AuthScheme::NoAuth]),
        Some(ids) => Some(ids.iter().map(|id| AuthScheme::from_id(id)).collect()),
        None => authtype.filter(|t| *t != "v4-unsigned-body").map(|t| vec![AuthScheme::from_botocore(t)]),
    };
    let unsigned_payload = f.bool("unsignedPayload")? || authtype == Some("v4-unsigned-body");
    let request_compression = match f.object("requestcompression", "the request compression")? {
        Some(c) => {
            c.warn_unknown(&["encodings"], "requestcompression", warnings);
            c.strings("encodings")?.unwrap_or_default().into_iter().map(str::to_owned).collect()
        }
        None => Vec::new(),
    };
    let (required, http_checksum) = match f.object("httpChecksum", "the HTTP checksum settings")? {
        Some(c) => {
            c.warn_unknown(
                &[
                    "requestChecksumRequired",
                    "requestAlgorithmMember",
                    "requestValidationModeMember",
                    "responseAlgorithms",
                ],
                "httpChecksum",
                warnings,
            );
            let (required, checksum) = super::http_checksum(&c)?;
            (required, Some(checksum))
        }
        None => (false, None),
    };
    let checksum_required = f.bool("httpChecksumRequired")? || required;
    Ok(Operation {
        name: name.to_owned(),
        input,
        output,
        errors,
        http,
        checksum_required,
        http_checksum,
        documentation: f.string("documentation")?,
        deprecated: deprecation(&f)?,
        wire_name,
        read_only: f.bool("readonly")?,
        idempotent: f.bool("idempotent")?,
        output_wrapper,
        input_xml,
        host_prefix,
        paging: None,
        waiters: Vec::new(),
        auth,
        unsigned_payload,
        request_compression,
        context_params: crate::rules::read::context_params(
            f.object("staticContextParams", "the static context parameters")?.as_ref(),
            f.object("operationContextParams", "the operation context parameters")?.as_ref(),
        )?,
        origin: at.clone(),
        ref_origins,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(text: &str) -> Result<(Model, Vec<Warning>), ModelError> {
        read(&crate::json::parse(text.as_bytes()).unwrap())
    }

    const MINIMAL: &str = r#"{
      "metadata": {"protocol": "rest-json", "serviceFullName": "Test", "serviceId": "Test"},
      "operations": {"Op": {"name": "Op", "input": {"shape": "In"}}},
      "shapes": {
        "In": {"type": "structure", "required": ["A"], "members": {
          "A": {"shape": "S", "locationName": "a"},
          "B": {"shape": "S", "location": "header", "locationName": "x-b"}
        }},
        "S": {"type": "string"}
      }
    }"#;

    #[test]
    fn auth_schemes_of_the_service_and_its_operations() {
        let read = |metadata: &str, op: &str| {
            let text = MINIMAL
                .replace(r#""serviceId": "Test"}"#, &format!(r#""serviceId": "Test"{metadata}}}"#))
                .replace(r#""input": {"shape": "In"}}"#, &format!(r#""input": {{"shape": "In"}}{op}}}"#));
            let (model, warnings) = read_str(&text).unwrap();
            assert!(warnings.is_empty(), "{warnings:?}");
            let op = model.operation("Op").unwrap().clone();
            (model.service.auth, op.auth, op.unsigned_payload)
        };
        assert_eq!(read("", ""), (vec![], None, false));
        assert_eq!(read(r#", "signatureVersion": "s3v4""#, ""), (vec![AuthScheme::SigV4], None, false));
        // `auth` wins over `signatureVersion`.
        assert_eq!(
            read(r#", "signatureVersion": "v4", "auth": ["aws.auth#sigv4a", "aws.auth#sigv4"]"#, "").0,
            [AuthScheme::SigV4a, AuthScheme::SigV4]
        );
        assert_eq!(read("", r#", "authtype": "none""#).1, Some(vec![AuthScheme::NoAuth]));
        assert_eq!(read("", r#", "authtype": "v4-unsigned-body""#).1, None);
        assert!(read("", r#", "authtype": "v4-unsigned-body""#).2);
        assert!(read("", r#", "unsignedPayload": true"#).2);
        assert_eq!(read("", r#", "auth": ["smithy.api#noAuth"], "authtype": "v4""#).1, Some(vec![AuthScheme::NoAuth]));
        assert_eq!(read("", r#", "auth": []"#).1, Some(vec![AuthScheme::NoAuth]));
        assert_eq!(read(r#", "signatureVersion": "v2""#, "").0, [AuthScheme::Other("v2".to_owned())]);
    }

    #[test]
    fn reads_members_in_order_with_bindings() {
        let (model, warnings) = read_str(MINIMAL).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        let members = model.shapes["In"].kind.members();
        assert_eq!(members[0].name, "A");
        assert!(members[0].required);
        assert_eq!(members[0].json_name(), "a");
        assert_eq!(members[1].binding, Binding::Header("x-b".into()));
        assert!(!members[1].required);
        assert_eq!(model.protocol(), Protocol::RestJson);
    }

    #[test]
    fn unknown_type_is_an_error_at_the_type() {
        let text = MINIMAL.replace(r#""S": {"type": "string"}"#, r#""S": {"type": "strang"}"#);
        let err = read_str(&text).unwrap_err();
        assert!(err.to_string().starts_with(r#"shapes.S.type: unknown shape type "strang""#), "{err}");
    }

    #[test]
    fn unknown_keys_are_warnings() {
        let text = MINIMAL.replace(r#""S": {"type": "string"}"#, r#""S": {"type": "string", "newKey": 1}"#);
        let (_, warnings) = read_str(&text).unwrap();
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].to_string(), r#"shapes.S.newKey: unknown shape key "newKey", read past"#);
    }

    #[test]
    fn duplicate_members_are_errors() {
        let text = MINIMAL.replace(r#""B": {"shape": "S","#, r#""A": {"shape": "S","#);
        let err = read_str(&text).unwrap_err();
        assert_eq!(err.to_string(), r#"shapes.In.members.A: duplicate key "A""#);
    }

    #[test]
    fn wrong_types_are_errors() {
        let text = MINIMAL.replace(r#""required": ["A"]"#, r#""required": "A""#);
        let err = read_str(&text).unwrap_err();
        assert_eq!(err.to_string(), "shapes.In.required: expected an array, found a string");
        let text = MINIMAL.replace(r#""shapes": {"#, r#""shapes": {"X": 5, "#);
        let err = read_str(&text).unwrap_err();
        assert_eq!(err.to_string(), "shapes.X: expected a shape (an object), found a number");
    }

    #[test]
    fn keys_of_the_published_corpus_are_read() {
        let text = r#"{
          "version": "2.0",
          "metadata": {"protocols": ["smithy-rpc-v2-cbor", "json"], "protocol": "smithy-rpc-v2-cbor",
                       "serviceFullName": "T", "serviceId": "T", "ripServiceName": "t"},
          "clientContextParams": {}, "deprecated": true, "deprecatedMessage": "gone",
          "operations": {"Op2020_05_31": {"name": "Op", "readonly": true, "idempotent": true,
              "http": {"method": "POST", "requestUri": "/"},
              "input": {"shape": "In", "locationName": "OpRequest", "xmlNamespace": {"uri": "urn:x"}},
              "output": {"shape": "Out", "resultWrapper": "OpResult"},
              "errors": [{"shape": "E", "exception": true, "error": {"code": "E"}}]}},
          "shapes": {
            "In": {"type": "structure", "members": {
              "Kind": {"shape": "S", "location": "querystring", "locationName": "kind", "enum": ["A", "B"]},
              "Body": {"shape": "Blob", "streaming": true},
              "Doc": {"shape": "S", "jsonvalue": true}}, "payload": "Body"},
            "Out": {"type": "structure", "wrapper": true, "xmlOrder": ["Event"], "members": {
              "Event": {"shape": "Ev"}}},
            "Ev": {"type": "structure", "event": true, "locationName": "Event", "members": {
              "Bytes": {"shape": "Blob", "eventpayload": true}}},
            "E": {"type": "structure", "exception": true, "retryable": {"throttling": true},
                  "error": {"code": "Slow", "httpStatusCode": 429, "senderFault": true}, "members": {}},
            "Blob": {"type": "blob", "streaming": true, "requiresLength": true},
            "S": {"type": "string"}
          }
        }"#;
        let (model, warnings) = read_str(text).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(model.service.deprecated.as_ref().and_then(|d| d.message.as_deref()), Some("gone"));
        assert_eq!(model.protocol(), Protocol::AwsJson);
        let op = &model.operations[0];
        assert_eq!((op.name.as_str(), op.wire_name.as_deref()), ("Op2020_05_31", Some("Op")));
        assert!(op.read_only && op.idempotent);
        assert_eq!(op.output_wrapper.as_deref(), Some("OpResult"));
        assert_eq!(op.input_xml.name.as_deref(), Some("OpRequest"));
        assert_eq!(op.input_xml.namespace.as_deref(), Some("urn:x"));
        let input = model.shapes["In"].kind.members();
        assert_eq!(input[0].allowed_values, ["A", "B"]);
        assert_eq!(input[1].binding, Binding::Payload);
        assert!(input[1].streaming && input[2].json_value);
        let out = &model.shapes["Out"];
        assert!(out.xml.wrapper);
        assert_eq!(out.xml.order, ["Event"]);
        let event = &model.shapes["Ev"];
        assert_eq!(event.xml.name.as_deref(), Some("Event"));
        assert_eq!(event.kind.members()[0].binding, Binding::Payload);
        let error = model.shapes["E"].error.as_ref().unwrap();
        assert!(error.retryable && error.throttling && error.sender_fault);
        assert_eq!((error.code.as_deref(), error.query_code.as_deref()), (Some("Slow"), None));
        assert_eq!(error.http_status, Some(429));
        assert_eq!(model.shapes["Blob"].kind, ShapeKind::Blob { streaming: true, requires_length: true });
    }

    #[test]
    fn unknown_keys_inside_known_objects_are_warnings() {
        let text = MINIMAL.replace(
            r#""input": {"shape": "In"}"#,
            r#""input": {"shape": "In", "future": 1}, "http": {"method": "GET", "requestUri": "/", "x": 2}"#,
        );
        let (_, warnings) = read_str(&text).unwrap();
        let messages: Vec<String> = warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                r#"operations.Op.input.future: unknown operation input key "future", read past"#,
                r#"operations.Op.http.x: unknown HTTP binding key "x", read past"#
            ]
        );
    }
}
