//! Conversion of the service's shapes, members and traits to the neutral model.

use super::raw::{RawMember, RawShape};
use super::service::Reader;
use super::traits::{TraitValue, Traits, ids};
use super::*;
use crate::error::ModelError;
use crate::json::{Json, Pointer, quote_for_message};
use crate::model::*;
use crate::read::fields::Fields;

impl Reader<'_> {
    pub(super) fn read_shape(&self, id: &str) -> Result<Shape, ModelError> {
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
    pub(super) fn part<'s>(&self, shape: &'s RawShape, name: &str) -> Result<&'s RawMember, ModelError> {
        shape.members.iter().find(|m| m.name == name).ok_or_else(|| {
            ModelError::new(&shape.at, format!("{} {} has no {name:?}", shape.ty, quote_for_message(&shape.id)))
        })
    }

    /// A prelude shape a member targets.
    pub(super) fn prelude(&self, id: &str) -> Shape {
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

    pub(super) fn error_trait(&self, t: &Traits) -> Result<Option<ErrorTrait>, ModelError> {
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
        let (mut code, mut query_code) = (None, None);
        // The query protocols name errors by the code `awsQueryError` gives; the JSON protocols
        // by the shape name, and query-compatible ones also by that code, in a header.
        if let Some(v) = t.get(ids::QUERY_ERROR) {
            let f = v.object()?;
            let query = || -> Result<String, ModelError> {
                Ok(f.required_str("code", "the query error").map_err(|e| v.context(e))?.to_owned())
            };
            if matches!(self.protocol, Some(Protocol::Query | Protocol::Ec2Query)) {
                code = Some(query()?);
                if http_status.is_none() {
                    http_status = f.u16("httpResponseCode").map_err(|e| v.context(e))?;
                }
            } else if self.query_compatible() {
                query_code = Some(query()?);
            }
        }
        let throttling = match t.get(ids::RETRYABLE) {
            Some(v) => v.object()?.bool("throttling").map_err(|e| v.context(e))?,
            None => false,
        };
        Ok(Some(ErrorTrait {
            code,
            query_code,
            http_status,
            sender_fault,
            retryable: t.get(ids::RETRYABLE).is_some(),
            throttling,
        }))
    }

    pub(super) fn enum_values(&self, shape: &RawShape) -> Result<Vec<EnumValue>, ModelError> {
        let mut out: Vec<EnumValue> = Vec::with_capacity(shape.members.len());
        for m in &shape.members {
            let owner = format!("{}${}", shape.id, m.name);
            let t = Traits::new(&owner, &m.traits);
            let value = match t.get(ids::ENUM_VALUE) {
                Some(v) => v.string()?.to_owned(),
                None => m.name.clone(),
            };
            out.push(EnumValue {
                value,
                name: Some(m.name.clone()),
                documentation: t.string(ids::DOCUMENTATION)?,
                deprecated: deprecation(&t)?,
                origin: m.at.clone(),
            });
        }
        Ok(out)
    }

    pub(super) fn int_enum_values(&self, shape: &RawShape) -> Result<Vec<IntEnumValue>, ModelError> {
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
            out.push(IntEnumValue {
                name: m.name.clone(),
                value,
                documentation: t.string(ids::DOCUMENTATION)?,
                origin: m.at.clone(),
            });
        }
        Ok(out)
    }

    pub(super) fn read_member(&self, container: &RawShape, m: &RawMember) -> Result<Member, ModelError> {
        let owner = format!("{}${}", container.id, m.name);
        let t = Traits::new(&owner, &m.traits);
        let mut member = Member::new(&m.name, self.name(&m.target), m.at.clone());
        member.target_origin = m.at.key("target");
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
            bindings.push((ids::HTTP_QUERY_PARAMS, Binding::QueryParams));
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
        // An event's member carried in a header of its message, named as the member.
        if t.flag(ids::EVENT_HEADER)? {
            bindings.push((ids::EVENT_HEADER, Binding::Header(m.name.clone())));
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
        // The media type of a blob or string; a string holding a JSON document is botocore's
        // `jsonvalue`.
        if let Some(target) = self.shapes.get(&m.target)
            && matches!(target.ty, "string" | "blob")
            && let Some(media) = Traits::new(&target.id, &target.traits).string(ids::MEDIA_TYPE)?
        {
            member.json_value = target.ty == "string" && (media == "application/json" || media.ends_with("+json"));
            member.media_type = Some(media);
        }
        Ok(member)
    }

    /// The member's default value, checked against its target; for Smithy 1.0, the zero value
    /// of unboxed numbers and booleans.
    pub(super) fn default_value(&self, t: &Traits, m: &RawMember) -> Result<Option<Json>, ModelError> {
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

    pub(super) fn enum_contains(&self, id: &str, value: &str) -> Result<bool, ModelError> {
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

/// The values of a Smithy 1.0 `enum` trait.
pub(super) fn enum_trait_values(v: &TraitValue) -> Result<Vec<EnumValue>, ModelError> {
    let Json::Array(items) = &v.t.value else { return Err(v.expected("a list of enum definitions")) };
    let mut out: Vec<EnumValue> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let f = Fields::of(item, &v.t.at.index(i), "an enum definition").map_err(|e| v.context(e))?;
        let value = f.required_str("value", "the enum definition").map_err(|e| v.context(e))?;
        let deprecated = f.bool("deprecated").map_err(|e| v.context(e))?;
        out.push(EnumValue {
            value: value.to_owned(),
            name: f.string("name").map_err(|e| v.context(e))?,
            documentation: f.string("documentation").map_err(|e| v.context(e))?,
            deprecated: deprecated.then(Deprecation::default),
            origin: f.ptr("value"),
        });
    }
    Ok(out)
}

pub(super) fn deprecation(t: &Traits) -> Result<Option<Deprecation>, ModelError> {
    let Some(v) = t.get(ids::DEPRECATED) else { return Ok(None) };
    let f = v.object()?;
    Ok(Some(Deprecation {
        message: f.string("message").map_err(|e| v.context(e))?,
        since: f.string("since").map_err(|e| v.context(e))?,
    }))
}

pub(super) fn timestamp_format(t: &Traits) -> Result<Option<TimestampFormat>, ModelError> {
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

pub(super) fn constraints(t: &Traits) -> Result<Constraints, ModelError> {
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

pub(super) fn xml_traits(t: &Traits) -> Result<XmlTraits, ModelError> {
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
