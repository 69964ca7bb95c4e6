//! Reading model files into the format-neutral [`Model`].
//!
//! One module per input format; this one finds the format, inflates gzip, and hands the
//! parsed JSON to the right reader.

pub mod botocore;
pub(crate) mod fields;
pub mod smithy;
pub mod waiters;

use std::io::Read as _;

use crate::error::{Error, Warning};
use crate::json::{self, Json};
use crate::model::Model;

/// A model as read: the neutral model, what the reader read past, and the parsed document.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The model.
    pub model: Model,
    /// Keys and values the reader did not know and read past.
    pub warnings: Vec<Warning>,
    /// The input format.
    pub format: Format,
    /// The parsed document, for format-specific tools such as slicing.
    pub document: Json,
    /// For a Smithy model: the shape id of the service read.
    pub service: Option<String>,
    /// For a Smithy model: each operation's shape id, by the operation's name in the model.
    pub operation_ids: std::collections::BTreeMap<String, String>,
}

/// A model file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// botocore's `service-2.json`.
    Botocore,
    /// The Smithy JSON AST (Smithy 2.0, or 1.0).
    Smithy,
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "botocore" => Ok(Format::Botocore),
            "smithy" => Ok(Format::Smithy),
            other => Err(format!("unknown model format {other:?} (known: botocore, smithy)")),
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Format::Botocore => "botocore",
            Format::Smithy => "smithy",
        })
    }
}

/// Largest model accepted after decompression: well above the biggest AWS model (EC2, about
/// 5 MB), far below what would exhaust memory.
const MAX_MODEL_BYTES: u64 = 256 << 20;

/// Decompresses `bytes` if they are gzip; otherwise returns them as they are.
pub fn decompress(bytes: &[u8]) -> Result<std::borrow::Cow<'_, [u8]>, Error> {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Ok(std::borrow::Cow::Borrowed(bytes));
    }
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(bytes)
        .take(MAX_MODEL_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| Error::Format { file: None, message: format!("not valid gzip: {e}") })?;
    if out.len() as u64 > MAX_MODEL_BYTES {
        return Err(Error::Format {
            file: None,
            message: format!("decompresses to more than {} MiB", MAX_MODEL_BYTES >> 20),
        });
    }
    Ok(std::borrow::Cow::Owned(out))
}

/// Tells the format of a parsed model document from its content: a Smithy JSON AST has a
/// top-level `"smithy"` version, a botocore model `"shapes"` and no `"smithy"`.
pub fn detect(document: &Json) -> Result<Format, Error> {
    match document {
        Json::Object(_) if document.get("smithy").is_some() => Ok(Format::Smithy),
        Json::Object(_) if document.get("shapes").is_some() => Ok(Format::Botocore),
        _ => Err(Error::Format {
            file: None,
            message: "not an API model: expected a botocore service-2.json (an object with \"shapes\") or a Smithy JSON AST (an object with \"smithy\")"
                .to_owned(),
        }),
    }
}

/// Reads a model from its bytes (JSON, or gzip of JSON), in `format` or the one its content
/// shows. A Smithy model must hold exactly one service; see [`load_service`].
pub fn load(bytes: &[u8], format: Option<Format>) -> Result<Loaded, Error> {
    load_service(bytes, format, None)
}

/// Reads a model from its bytes, as [`load`] does; from a Smithy model, the service with the
/// shape id `service` (such as `com.amazonaws.guardduty#GuardDutyAPIService`), which may be
/// left out when the model has only one. A botocore model describes one service and takes
/// none.
pub fn load_service(bytes: &[u8], format: Option<Format>, service: Option<&str>) -> Result<Loaded, Error> {
    let bytes = decompress(bytes)?;
    let document = json::parse(&bytes)?;
    let format = match format {
        Some(format) => format,
        None => detect(&document)?,
    };
    let (model, warnings, service, operation_ids) = match format {
        Format::Botocore => {
            if let Some(service) = service {
                return Err(Error::Settings(format!(
                    "a service ({}) is chosen by shape id in Smithy models; a botocore model describes one service",
                    json::quote_for_message(service)
                )));
            }
            let (model, warnings) = botocore::read(&document)?;
            (model, warnings, None, Default::default())
        }
        Format::Smithy => {
            let read = smithy::read_service(&document, service)?;
            (read.model, read.warnings, Some(read.service), read.operation_ids)
        }
    };
    let mut model = model;
    unbind_rpc_members(&mut model);
    mark_streams(&mut model);
    crate::validate::validate(&model)?;
    Ok(Loaded { model, warnings, format, document, service, operation_ids })
}

/// The RPC protocols (`json`, `query`, `ec2`, `smithy-rpc-v2-cbor`) send every member of an
/// operation's input, output and errors in the body and ignore HTTP bindings, which a model
/// written for several protocols may still carry: for them, such members are body members.
fn unbind_rpc_members(model: &mut Model) {
    if model.protocol().binds_http() {
        return;
    }
    let top: std::collections::BTreeSet<String> =
        model.operations.iter().flat_map(|op| op.shape_refs().map(str::to_owned)).collect();
    for shape in model.shapes.values_mut().filter(|s| top.contains(&s.name) && !s.event) {
        if let crate::model::ShapeKind::Structure(members) = &mut shape.kind {
            for member in members.iter_mut().filter(|m| !m.event_payload) {
                member.binding = crate::model::Binding::Body;
            }
        }
    }
}

/// The `httpChecksum` settings `f` (botocore's key and Smithy's `aws.protocols#httpChecksum`
/// trait have the same keys): whether the request must carry a checksum, and the flexible
/// checksums.
pub(crate) fn http_checksum(
    f: &fields::Fields<'_>,
) -> Result<(bool, crate::model::HttpChecksum), crate::error::ModelError> {
    let strings = |key| -> Result<Vec<String>, crate::error::ModelError> {
        Ok(f.strings(key)?.unwrap_or_default().into_iter().map(str::to_owned).collect())
    };
    let checksum = crate::model::HttpChecksum {
        request_algorithm_member: f.str("requestAlgorithmMember")?.map(str::to_owned),
        request_validation_mode_member: f.str("requestValidationModeMember")?.map(str::to_owned),
        response_algorithms: strings("responseAlgorithms")?,
    };
    Ok((f.bool("requestChecksumRequired")?, checksum))
}

/// A member is a stream when it is the HTTP payload of a protocol that binds HTTP and its
/// target (botocore: or the member itself) is a streaming blob, or when it is an operation
/// output's event stream (made its payload, whatever the protocol); elsewhere (a member of a
/// document, an RPC protocol's body) a streaming blob is bytes like any other. An input's event
/// stream is a stream where it is a REST protocol's payload (every input stream of the botocore
/// release is); an RPC protocol's, which would need an `initial-request`, stays its union. Marked once here, for both formats, so that every later stage
/// asks [`Member::streaming`].
///
/// [`Member::streaming`]: crate::model::Member::streaming
fn mark_streams(model: &mut Model) {
    let binds = model.protocol().binds_http();
    let kinds: std::collections::BTreeMap<String, Stream> = model
        .shapes
        .values()
        .filter_map(|s| match s.kind {
            crate::model::ShapeKind::Blob { streaming: true, .. } => Some((s.name.clone(), Stream::Blob)),
            crate::model::ShapeKind::Union(_) if s.event_stream => Some((s.name.clone(), Stream::Events)),
            _ => None,
        })
        .collect();
    let outputs: std::collections::BTreeSet<String> =
        model.operations.iter().filter_map(|op| op.output.clone()).collect();
    for shape in model.shapes.values_mut() {
        let output = outputs.contains(&shape.name);
        if let crate::model::ShapeKind::Structure(members) = &mut shape.kind {
            for member in members {
                member.streaming = match kinds.get(&member.target) {
                    Some(Stream::Blob) => binds && member.binding == crate::model::Binding::Payload,
                    None => binds && member.binding == crate::model::Binding::Payload && member.streaming,
                    // The stream is the payload whatever the protocol: an RPC protocol sends
                    // the output's other members in the stream's `initial-response`.
                    Some(Stream::Events) if output => {
                        member.binding = crate::model::Binding::Payload;
                        true
                    }
                    // An input's stream, which the REST protocols send as the payload.
                    Some(Stream::Events) => binds && member.binding == crate::model::Binding::Payload,
                };
            }
        }
    }
}

/// What a streaming member streams.
enum Stream {
    /// Bytes: a streaming blob.
    Blob,
    /// Events: an event-stream union.
    Events,
}

/// Reads a model file, attaching the file name and the line and column to any error.
pub fn load_file(path: &std::path::Path, format: Option<Format>) -> Result<Loaded, Error> {
    load_file_service(path, format, None)
}

/// Reads a model file as [`load_service`] does, attaching the file name and the line and
/// column to any error.
pub fn load_file_service(
    path: &std::path::Path,
    format: Option<Format>,
    service: Option<&str>,
) -> Result<Loaded, Error> {
    load_file_with_rules(path, format, service, None)
}

/// [`load_file_service`], with the endpoint rule set file `rules` (botocore's
/// `endpoint-rule-set-1.json`) when one is given, in place of the one beside a botocore model
/// or a Smithy model's own: only the rule set used is read.
pub fn load_file_with_rules(
    path: &std::path::Path,
    format: Option<Format>,
    service: Option<&str>,
    rules: Option<&std::path::Path>,
) -> Result<Loaded, Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io { path: path.to_owned(), source })?;
    let mut loaded =
        load_service(&bytes, format, service).map_err(|e| e.in_model_file(&path.display().to_string(), &bytes))?;
    if loaded.format == Format::Botocore {
        // The files botocore keeps beside the model, each read into it by its reader.
        type Reader = fn(&mut Model, &Json) -> Result<Vec<Warning>, crate::error::ModelError>;
        let beside: [(Option<std::path::PathBuf>, Reader); 2] =
            [(paginators_beside(path), botocore::read_paginators), (waiters_beside(path), waiters::read_botocore)];
        for (file_path, read) in beside {
            let Some(file_path) = file_path else { continue };
            let file = file_path.display().to_string();
            let bytes = std::fs::read(&file_path).map_err(|source| Error::Io { path: file_path.clone(), source })?;
            let document = decompress(&bytes)
                .and_then(|text| json::parse(&text).map_err(Error::from))
                .map_err(|e| e.in_model_file(&file, &bytes))?;
            let warnings =
                read(&mut loaded.model, &document).map_err(|e| Error::from(e).in_model_file(&file, &bytes))?;
            loaded.warnings.extend(warnings);
        }
    }
    let rules = match rules {
        Some(rules) => Some(rules.to_owned()),
        None if loaded.format == Format::Botocore => endpoint_rules_beside(path),
        None => None,
    };
    if let Some(rules) = rules {
        read_endpoint_rules(&mut loaded, &rules)?;
    }
    Ok(loaded)
}

/// Reads the endpoint rule set file `path` (botocore's `endpoint-rule-set-1.json`, or
/// gzipped) into the model, and checks it.
pub fn read_endpoint_rules(loaded: &mut Loaded, path: &std::path::Path) -> Result<(), Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io { path: path.to_owned(), source })?;
    endpoint_rules_from_bytes(loaded, &bytes, &path.display().to_string())
}

/// Reads an endpoint rule set from its bytes (JSON, or gzip of JSON), named `file` in
/// errors, into the model, and checks it.
pub fn endpoint_rules_from_bytes(loaded: &mut Loaded, bytes: &[u8], file: &str) -> Result<(), Error> {
    let document = decompress(bytes)
        .and_then(|text| json::parse(&text).map_err(Error::from))
        .map_err(|e| e.in_model_file(file, bytes))?;
    let rules = crate::rules::read::rule_set(&document, &crate::json::Pointer::root(), &mut loaded.warnings)
        .map_err(|e| Error::from(e).in_model_file(file, bytes))?;
    crate::rules::check::check(&rules).map_err(|e| Error::from(e).in_model_file(file, bytes))?;
    loaded.model.endpoint_rules = Some(rules);
    // What the operations set is in the model's file, not the rule set's.
    crate::validate::context_params(&loaded.model).map_err(Error::from)
}

/// The paginators file botocore keeps beside a service model (`paginators-1.json`, or
/// gzipped), when the model is a `service-2.json` and there is one.
pub fn paginators_beside(model: &std::path::Path) -> Option<std::path::PathBuf> {
    beside(model, "paginators-1.json")
}

/// The waiters file botocore keeps beside a service model (`waiters-2.json`, or gzipped), when
/// the model is a `service-2.json` and there is one.
pub fn waiters_beside(model: &std::path::Path) -> Option<std::path::PathBuf> {
    beside(model, "waiters-2.json")
}

/// The endpoint rule set botocore keeps beside a service model (`endpoint-rule-set-1.json`,
/// or gzipped), when the model is a `service-2.json` and there is one.
pub fn endpoint_rules_beside(model: &std::path::Path) -> Option<std::path::PathBuf> {
    beside(model, "endpoint-rule-set-1.json")
}

/// The file `name` (or `name.gz`) beside a botocore `service-2.json`, if there is one.
fn beside(model: &std::path::Path, name: &str) -> Option<std::path::PathBuf> {
    let file = model.file_name()?.to_str()?;
    if !file.starts_with("service-2.json") {
        return None;
    }
    let folder = model.parent()?;
    [folder.join(name), folder.join(format!("{name}.gz"))].into_iter().find(|p| p.is_file())
}
