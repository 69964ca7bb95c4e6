//! The service: its protocols, its operations (bound directly or through resources), the
//! closure of shapes they reach and the names those shapes take.

use std::collections::{BTreeMap, BTreeSet};

use super::convert::deprecation;
use super::raw::{RawMember, RawShape};
use super::traits::{Traits, ids};
use super::*;
use crate::error::{ModelError, Warning};
use crate::json::{Json, Pointer, quote_for_message};
use crate::model::*;
use crate::read::fields::Fields;

/// The service's protocols, preferred first: the JSON protocols, which the generated types
/// speak, then the others.
pub(super) const PROTOCOL_TRAITS: &[(&str, Protocol, Option<&str>)] = &[
    ("aws.protocols#restJson1", Protocol::RestJson, None),
    ("aws.protocols#awsJson1_0", Protocol::AwsJson, Some("1.0")),
    ("aws.protocols#awsJson1_1", Protocol::AwsJson, Some("1.1")),
    ("smithy.protocols#rpcv2Cbor", Protocol::RpcV2Cbor, None),
    ("aws.protocols#restXml", Protocol::RestXml, None),
    ("aws.protocols#awsQuery", Protocol::Query, None),
    ("aws.protocols#ec2Query", Protocol::Ec2Query, None),
];

/// Reads one service of a model whose mixins and `apply` statements are resolved.
pub(super) struct Reader<'a> {
    pub(super) shapes: &'a BTreeMap<String, RawShape<'a>>,
    pub(super) service: &'a RawShape<'a>,
    pub(super) version: Version,
    pub(super) warnings: Vec<Warning>,
    /// The service's preferred protocol.
    pub(super) protocol: Option<Protocol>,
    /// Model names by shape id, for every shape in the service's closure.
    pub(super) names: BTreeMap<String, String>,
}

impl<'a> Reader<'a> {
    pub(super) fn new(
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

    /// The model, the warnings, and the shape ids of the service and its operations.
    pub(super) fn read(mut self) -> Result<Read, ModelError> {
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
        if self.protocol.is_none() {
            self.warnings.push(Warning {
                pointer: self.service.at.key("traits"),
                message: format!(
                    "service {} has no protocol trait this reader knows; types are generated with JSON serde",
                    quote_for_message(&self.service.id)
                ),
                operation: None,
            });
        }
        let operation_ids = operations.iter().map(|id| (self.name(id).to_owned(), id.clone())).collect();
        let endpoint_rules = {
            let t = Traits::new(&self.service.id, &self.service.traits);
            match t.get(ids::ENDPOINT_RULE_SET) {
                Some(v) => Some(
                    crate::rules::read::rule_set(&v.t.value, &v.t.at, &mut self.warnings).map_err(|e| v.context(e))?,
                ),
                None => None,
            }
        };
        let model = Model { service, operations: ops, shapes, endpoint_rules };
        Ok(Read { model, warnings: self.warnings, service: self.service.id.clone(), operation_ids })
    }

    /// The shape `id` of type `ty`, or an error at `at` naming what referred to it.
    pub(super) fn expect(&self, id: &str, ty: &str, at: &Pointer, from: &str) -> Result<&'a RawShape<'a>, ModelError> {
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
            None => Err(dangling(at, id, self.shapes)),
        }
    }

    /// The `{"target": id}` references under `key` of a service, resource or operation: a
    /// list of them, or one.
    pub(super) fn refs(&self, f: &Fields<'a>, key: &str, what: &str) -> Result<Vec<(String, Pointer)>, ModelError> {
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
    pub(super) fn operation_ids(&self) -> Result<Vec<String>, ModelError> {
        let mut operations: BTreeSet<String> = BTreeSet::new();
        let service_from = format!("service {}", quote_for_message(&self.service.id));
        for (id, at) in self.refs(&self.service.fields, "operations", "an operation")? {
            self.expect(&id, "operation", &at, &service_from)?;
            operations.insert(id);
        }
        let resources = self.refs(&self.service.fields, "resources", "a resource")?;
        let roots = resources.into_iter().map(|(id, at)| (id, at, service_from.clone()));
        crate::select::reachable(
            roots,
            |(id, _, _)| id.clone(),
            |id, (_, at, from)| {
                let resource = self.expect(id, "resource", &at, &from)?;
                let from = format!("resource {}", quote_for_message(id));
                for key in RESOURCE_OPERATION_KEYS {
                    for (op, at) in self.refs(&resource.fields, key, "an operation")? {
                        self.expect(&op, "operation", &at, &from)?;
                        operations.insert(op);
                    }
                }
                let children = self.refs(&resource.fields, "resources", "a resource")?;
                Ok(children.into_iter().map(|(child, at)| (child, at, from.clone())).collect())
            },
        )?;
        Ok(operations.into_iter().collect())
    }

    /// Every shape the operations and the service's errors reach, by id.
    pub(super) fn closure(
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
        crate::select::reachable(
            work,
            |(id, _)| id.clone(),
            |id, (_, origin)| {
                if prelude_shape(id).is_some() {
                    return Ok(Vec::new());
                }
                let at_from = || match &origin {
                    Origin::Written(at, from) => (at.clone(), from.clone()),
                    Origin::Member(owner, m) => {
                        (m.at.key("target"), format!("member {}", quote_for_message(&format!("{owner}${}", m.name))))
                    }
                };
                let Some((key, shape)) = self.shapes.get_key_value(id) else {
                    return Err(dangling(&at_from().0, id, self.shapes));
                };
                if !AGGREGATE_TYPES.contains(&shape.ty) && !SIMPLE_TYPES.contains(&shape.ty) {
                    let (at, from) = at_from();
                    return Err(ModelError::new(
                        &at,
                        format!(
                            "{from} refers to {}, {} {}, where a data shape is expected",
                            quote_for_message(id),
                            article(shape.ty),
                            shape.ty
                        ),
                    ));
                }
                if shape.traits.iter().any(|t| t.id == ids::MIXIN) {
                    let (at, from) = at_from();
                    return Err(ModelError::new(
                        &at,
                        format!("{from} refers to {}, a mixin, which only other shapes may use", quote_for_message(id)),
                    ));
                }
                if shape.ty == "enum" || shape.ty == "intEnum" {
                    return Ok(Vec::new());
                }
                Ok(shape.members.iter().map(|m| (m.target.clone(), Origin::Member(key, m))).collect())
            },
        )
    }

    /// Gives every shape of the closure its model name: its local name, or the service's
    /// rename of it.
    pub(super) fn name_shapes(&mut self, closure: &BTreeSet<String>, operations: &[String]) -> Result<(), ModelError> {
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

    pub(super) fn name<'s>(&'s self, id: &'s str) -> &'s str {
        self.names.get(id).map_or(id, String::as_str)
    }

    pub(super) fn read_service(&self) -> Result<Service, ModelError> {
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
            // The awsJson protocols' `X-Amz-Target` prefix; RPC v2's service name in the URI.
            target_prefix: (is_aws_json || self.protocol == Some(Protocol::RpcV2Cbor))
                .then(|| local_name(&s.id).to_owned()),
            endpoint_prefix: aws_string("endpointPrefix")?,
            signing_name,
            query_compatible: self.query_compatible(),
            documentation: t.string(ids::DOCUMENTATION)?,
            deprecated: deprecation(&t)?,
            client_context_params: match t.get(ids::CLIENT_CONTEXT_PARAMS) {
                Some(v) => crate::rules::read::client_context_params(&v.object()?).map_err(|e| v.context(e))?,
                None => Vec::new(),
            },
            auth: self.service_auth()?,
        })
    }

    /// The service's auth schemes, preferred first: its `@auth` list, else every auth scheme
    /// trait it carries, in the order of their shape ids (as Smithy's specification says).
    fn service_auth(&self) -> Result<Vec<AuthScheme>, ModelError> {
        let t = Traits::new(&self.service.id, &self.service.traits);
        if let Some(v) = t.get(ids::AUTH) {
            return Ok(v.strings()?.into_iter().map(AuthScheme::from_id).collect());
        }
        let mut applied: Vec<&str> = ids::AUTH_SCHEMES.iter().copied().filter(|id| t.get(id).is_some()).collect();
        applied.sort_unstable();
        Ok(applied.into_iter().map(AuthScheme::from_id).collect())
    }

    /// The service speaks a JSON protocol compatible with the query protocol it replaced.
    pub(super) fn query_compatible(&self) -> bool {
        self.service.traits.iter().any(|t| t.id == ids::QUERY_COMPATIBLE)
    }

    pub(super) fn read_operation(
        &self,
        id: &str,
        service_errors: &[(String, Pointer)],
    ) -> Result<Operation, ModelError> {
        let op = &self.shapes[id];
        let t = Traits::new(id, &op.traits);
        let mut ref_origins = RefOrigins { input: op.at.key("input"), output: op.at.key("output"), errors: Vec::new() };
        let mut io = |key: &str| -> Result<Option<String>, ModelError> {
            let Some((target, at)) = self.refs(&op.fields, key, "a structure")?.into_iter().next() else {
                return Ok(None);
            };
            if key == "input" {
                ref_origins.input = at;
            } else {
                ref_origins.output = at;
            }
            Ok((target != UNIT).then(|| self.name(&target).to_owned()))
        };
        let input = io("input")?;
        let output = io("output")?;
        let mut errors: Vec<String> = Vec::new();
        for (target, at) in self.refs(&op.fields, "errors", "an error")?.iter().chain(service_errors) {
            let name = self.name(target).to_owned();
            if !errors.contains(&name) {
                errors.push(name);
                ref_origins.errors.push(at.clone());
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
                    origin: f.ptr("uri"),
                })
            }
            // The RPC protocols send every request as a POST to the root.
            None if matches!(self.protocol, Some(Protocol::AwsJson | Protocol::Query | Protocol::Ec2Query)) => {
                Some(HttpBinding {
                    method: "POST".to_owned(),
                    uri: "/".to_owned(),
                    response_code: None,
                    origin: op.at.clone(),
                })
            }
            None => None,
        };
        let host_prefix = match t.get(ids::ENDPOINT) {
            Some(v) => {
                let f = v.object()?;
                let template = f.required_str("hostPrefix", "the endpoint").map_err(|e| v.context(e))?;
                Some(HostPrefix { template: template.to_owned(), origin: f.ptr("hostPrefix") })
            }
            None => None,
        };
        // The query protocol wraps each response in an `{Operation}Result` element (botocore
        // says so per operation, as `resultWrapper`).
        let output_wrapper =
            (self.protocol == Some(Protocol::Query) && output.is_some()).then(|| format!("{}Result", self.name(id)));
        // `@auth` on the operation replaces the service's list; `@optionalAuth` lets the
        // request go unsigned after the schemes it has.
        let mut auth = match t.get(ids::AUTH) {
            // An empty list: the operation is not authenticated.
            Some(v) => Some(match v.strings()?.as_slice() {
                [] => vec![AuthScheme::NoAuth],
                list => list.iter().copied().map(AuthScheme::from_id).collect::<Vec<_>>(),
            }),
            None => None,
        };
        if t.flag(ids::OPTIONAL_AUTH)? {
            let mut schemes = match auth.take() {
                Some(schemes) => schemes,
                None => self.service_auth()?,
            };
            if !schemes.contains(&AuthScheme::NoAuth) {
                schemes.push(AuthScheme::NoAuth);
            }
            auth = Some(schemes);
        }
        let (required, http_checksum) = match t.get(ids::HTTP_CHECKSUM) {
            Some(v) => {
                let (required, checksum) = crate::read::http_checksum(&v.object()?).map_err(|e| v.context(e))?;
                (required, Some(checksum))
            }
            None => (false, None),
        };
        let checksum_required = t.flag(ids::HTTP_CHECKSUM_REQUIRED)? || required;
        Ok(Operation {
            name: self.name(id).to_owned(),
            checksum_required,
            http_checksum,
            input,
            output,
            errors,
            http,
            documentation: t.string(ids::DOCUMENTATION)?,
            deprecated: deprecation(&t)?,
            wire_name: None,
            read_only: t.get(ids::READONLY).is_some(),
            idempotent: t.get(ids::IDEMPOTENT).is_some(),
            output_wrapper,
            // `rest-xml`: the service's XML namespace is that of every request document's root.
            input_xml: if self.protocol == Some(Protocol::RestXml) {
                let service = Traits::new(&self.service.id, &self.service.traits);
                XmlTraits { name: None, ..super::convert::xml_traits(&service)? }
            } else {
                XmlTraits::default()
            },
            host_prefix,
            paging: self.paging(&t)?,
            waiters: self.waiters(&t)?,
            auth,
            unsigned_payload: t.flag(ids::UNSIGNED_PAYLOAD)?,
            request_compression: match t.get(ids::REQUEST_COMPRESSION) {
                Some(v) => {
                    let encodings = v.object()?.strings("encodings").map_err(|e| v.context(e))?;
                    encodings.unwrap_or_default().into_iter().map(str::to_owned).collect()
                }
                None => Vec::new(),
            },
            context_params: {
                let statics = t.get(ids::STATIC_CONTEXT_PARAMS);
                let paths = t.get(ids::OPERATION_CONTEXT_PARAMS);
                let (s, p) = (
                    statics.as_ref().map(|v| v.object()).transpose()?,
                    paths.as_ref().map(|v| v.object()).transpose()?,
                );
                crate::rules::read::context_params(s.as_ref(), p.as_ref()).map_err(|e| {
                    let v = statics.as_ref().or(paths.as_ref());
                    match v {
                        Some(v) => v.context(e),
                        None => e,
                    }
                })?
            },
            origin: op.at.clone(),
            ref_origins,
        })
    }

    /// An operation's `@paginated` trait, completed by the service's.
    /// The operation's waiters (`smithy.waiters#waitable`).
    pub(super) fn waiters(&self, t: &Traits) -> Result<Vec<crate::model::Waiter>, ModelError> {
        match t.get(ids::WAITABLE) {
            None => Ok(Vec::new()),
            Some(v) => crate::read::waiters::read_smithy(&v.t.value, &v.t.at).map_err(|e| v.context(e)),
        }
    }

    pub(super) fn paging(&self, t: &Traits) -> Result<Option<Paging>, ModelError> {
        let Some(v) = t.get(ids::PAGINATED) else { return Ok(None) };
        let own = v.object()?;
        let service_traits = Traits::new(&self.service.id, &self.service.traits);
        let service = match service_traits.get(ids::PAGINATED) {
            Some(s) => Some((s.object()?, s)),
            None => None,
        };
        let key = |name: &str| -> Result<Option<String>, ModelError> {
            match own.string(name).map_err(|e| v.context(e))? {
                Some(value) => Ok(Some(value)),
                None => match &service {
                    Some((f, s)) => f.string(name).map_err(|e| s.context(e)),
                    None => Ok(None),
                },
            }
        };
        let path = |text: String| text.split('.').map(str::to_owned).collect::<Vec<_>>();
        let (Some(input_token), Some(output_token)) = (key("inputToken")?, key("outputToken")?) else {
            return Ok(None);
        };
        Ok(Some(Paging {
            input_tokens: vec![input_token],
            output_tokens: vec![path(output_token)],
            items: key("items")?.map(path),
            more_items: Vec::new(),
            page_size: key("pageSize")?,
            origin: v.t.at.clone(),
        }))
    }
}
