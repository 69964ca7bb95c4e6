//! The format-neutral API model every reader produces and every later stage consumes.
//!
//! Nothing here knows which file format a model came from: a botocore `service-2.json` and a
//! Smithy JSON AST of the same API read into the same [`Model`]. Each shape, member and
//! operation keeps the [`Pointer`] of the place it was read from, so that a later stage can
//! still name the place in the input when it finds something wrong.

use std::collections::BTreeMap;
use std::fmt;

use crate::json::{Json, Pointer};

/// An API: its service description, operations and shapes.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// What the service is and how it is spoken to.
    pub service: Service,
    /// Operations in the model's order.
    pub operations: Vec<Operation>,
    /// Shapes by name. Names are unique within a model.
    pub shapes: BTreeMap<String, Shape>,
    /// Where calls go: the service's endpoint rule set, when the model has one (botocore's
    /// `endpoint-rule-set-1.json` beside the model, Smithy's `smithy.rules#endpointRuleSet`).
    pub endpoint_rules: Option<crate::rules::RuleSet>,
}

impl Model {
    /// The operation named `name`.
    pub fn operation(&self, name: &str) -> Option<&Operation> {
        self.operations.iter().find(|op| op.name == name)
    }

    /// The shape named `name`.
    pub fn shape(&self, name: &str) -> Option<&Shape> {
        self.shapes.get(name)
    }

    /// The protocol the generated types serialize for: the first JSON protocol the service
    /// speaks (a service that offers CBOR and JSON is read as JSON), else its first protocol.
    pub fn protocol(&self) -> Protocol {
        let protocols = &self.service.protocols;
        protocols.iter().find(|p| p.is_json()).or(protocols.first()).cloned().unwrap_or(Protocol::RestJson)
    }

    /// True when the generated serde is the service's wire form: it speaks a JSON protocol.
    pub fn speaks_json(&self) -> bool {
        self.protocol().is_json()
    }

    /// Every shape `roots` reach through members, list items and map keys and values,
    /// themselves included, in name order.
    pub fn reached(&self, roots: impl IntoIterator<Item = String>) -> std::collections::BTreeSet<String> {
        let reached: Result<_, std::convert::Infallible> =
            crate::select::reachable(roots, Clone::clone, |_, name: String| {
                Ok(self
                    .shape(&name)
                    .map(|s| s.kind.references().iter().map(|m| m.target.clone()).collect())
                    .unwrap_or_default())
            });
        reached.unwrap_or_else(|never| match never {})
    }

    /// The structure whose XML document a `rest-xml` body of the operation's `shape` (an input,
    /// output or error) is: the structure or union bound to the payload, else `shape` itself
    /// where a member is in the body (of a response when `response` is set); `None` when the
    /// body is not such a document (no member in it, a blob or text payload).
    pub fn body_document<'m>(&'m self, shape: &'m str, response: bool) -> Option<&'m str> {
        let members = self.shape(shape)?.kind.members();
        if let Some(payload) = members.iter().find(|m| m.binding == Binding::Payload) {
            let target = self.shape(&payload.target)?;
            return matches!(target.kind, ShapeKind::Structure(_) | ShapeKind::Union(_)).then_some(&target.name);
        }
        let in_body = |m: &Member| if response { m.binding.in_response_body() } else { m.binding.in_body() };
        members.iter().any(in_body).then_some(shape)
    }

    /// The wire format of a timestamp in a body: the modeled one, else the protocol's.
    pub fn timestamp_format(&self, member: Option<&Member>, shape: &Shape) -> TimestampFormat {
        Model::modeled_timestamp_format(member, shape).unwrap_or_else(|| self.protocol().default_timestamp_format())
    }

    /// The format the model gives a timestamp: the member's, else the shape's. Where it gives
    /// none, the place decides (the protocol's body format, or an HTTP binding's).
    pub fn modeled_timestamp_format(member: Option<&Member>, shape: &Shape) -> Option<TimestampFormat> {
        member.and_then(|m| m.timestamp_format).or(shape.timestamp_format)
    }

    /// True when a member's value must not be printed: the member, its shape, or what a list or
    /// map of it holds is sensitive.
    pub fn is_sensitive(&self, member: &Member) -> bool {
        let mut target = member.target.as_str();
        if member.sensitive {
            return true;
        }
        // Lists and maps of sensitive values are sensitive; follow them a bounded number of steps.
        for _ in 0..64 {
            let Some(shape) = self.shape(target) else { return false };
            if shape.sensitive {
                return true;
            }
            target = match &shape.kind {
                ShapeKind::List(list) if !list.member.sensitive => &list.member.target,
                ShapeKind::List(_) => return true,
                ShapeKind::Map(map) if map.key.sensitive || map.value.sensitive => return true,
                ShapeKind::Map(map) => {
                    if self.shape(&map.key.target).is_some_and(|k| k.sensitive) {
                        return true;
                    }
                    &map.value.target
                }
                _ => return false,
            };
        }
        false
    }

    /// The member of an error structure that holds its message: a string member named
    /// `message` (in any case) in the body, not deprecated, not sensitive; with its index.
    pub fn message_member<'s>(&self, shape: &'s Shape) -> Option<(usize, &'s Member)> {
        shape.kind.members().iter().enumerate().find(|(_, m)| {
            m.name.eq_ignore_ascii_case("message")
                && m.binding.in_body()
                && m.deprecated.is_none()
                && !self.is_sensitive(m)
                && self.shape(&m.target).is_some_and(|t| matches!(t.kind, ShapeKind::String))
        })
    }

    /// The key of `member` in the JSON the generated types read and write.
    ///
    /// Whether the event-stream union `union` is one an operation's input sends (a stream
    /// member of an input), rather than one an output receives.
    pub fn is_input_stream(&self, union: &str) -> bool {
        self.operations
            .iter()
            .filter_map(|op| self.shape(op.input.as_deref()?))
            .any(|input| input.kind.members().iter().any(|m| m.streaming && m.target == union))
    }

    /// For JSON protocols, the member's wire name. Other protocols have no JSON wire form;
    /// their types use the member names, as the AWS SDKs and the AWS CLI show them, which are
    /// unique within a structure where XML element names need not be.
    pub fn json_key<'m>(&self, member: &'m Member) -> &'m str {
        if self.speaks_json() { member.json_name() } else { &member.name }
    }
}

/// The service: names, version, protocols and documentation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Service {
    /// The full name, such as `Amazon GuardDuty`.
    pub title: String,
    /// The SDK id, such as `GuardDuty`.
    pub sdk_id: Option<String>,
    /// The API version, such as `2017-11-28`.
    pub api_version: Option<String>,
    /// Protocols the service speaks, preferred first.
    pub protocols: Vec<Protocol>,
    /// For the JSON protocols: the JSON version (`1.0`, `1.1`).
    pub json_version: Option<String>,
    /// For the `json` protocol: the `X-Amz-Target` prefix.
    pub target_prefix: Option<String>,
    /// The endpoint prefix, such as `guardduty`.
    pub endpoint_prefix: Option<String>,
    /// The SigV4 signing name.
    pub signing_name: Option<String>,
    /// The service speaks a JSON protocol and still reports errors by the codes of the query
    /// protocol it replaced (botocore `awsQueryCompatible`, Smithy `@awsQueryCompatible`): an
    /// error response carries the query code in the `x-amzn-query-error` header.
    pub query_compatible: bool,
    /// Service documentation (HTML).
    pub documentation: Option<String>,
    /// Set when the whole service is deprecated.
    pub deprecated: Option<Deprecation>,
    /// The endpoint parameters a client of the service sets (botocore `clientContextParams`,
    /// Smithy `smithy.rules#clientContextParams`), in the model's order.
    pub client_context_params: Vec<ClientContextParam>,
    /// How its requests are authenticated, preferred first (botocore `auth`, else
    /// `signatureVersion`; Smithy `@auth`, else the service's auth traits in shape id order).
    /// Empty when the model does not say.
    pub auth: Vec<AuthScheme>,
}

/// A way a request is authenticated, as a model names it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AuthScheme {
    /// AWS Signature Version 4 (`aws.auth#sigv4`; botocore `v4`, `s3v4`, `s3`).
    SigV4,
    /// AWS Signature Version 4a, signed for a set of regions (`aws.auth#sigv4a`).
    SigV4a,
    /// A bearer token (`smithy.api#httpBearerAuth`; botocore `bearer`).
    Bearer,
    /// Sent unsigned (`smithy.api#noAuth`, `@optionalAuth`; botocore `authtype: none`).
    NoAuth,
    /// Another scheme, by the model's name for it (botocore `v2`, Smithy
    /// `smithy.api#httpApiKeyAuth`): a client that does not know it says so.
    Other(String),
}

impl AuthScheme {
    /// The scheme of a Smithy shape id or a botocore `auth` entry (`aws.auth#sigv4`).
    pub fn from_id(id: &str) -> AuthScheme {
        match id {
            "aws.auth#sigv4" => AuthScheme::SigV4,
            "aws.auth#sigv4a" => AuthScheme::SigV4a,
            "smithy.api#httpBearerAuth" => AuthScheme::Bearer,
            "smithy.api#noAuth" => AuthScheme::NoAuth,
            other => AuthScheme::Other(other.to_owned()),
        }
    }

    /// The scheme of a botocore `signatureVersion` or `authtype` (`v4`, `s3v4`, `bearer`,
    /// `none`).
    pub fn from_botocore(name: &str) -> AuthScheme {
        match name {
            "v4" | "s3v4" | "s3" | "v4-unsigned-body" => AuthScheme::SigV4,
            "v4a" => AuthScheme::SigV4a,
            "bearer" => AuthScheme::Bearer,
            "none" => AuthScheme::NoAuth,
            other => AuthScheme::Other(other.to_owned()),
        }
    }
}

/// An endpoint parameter a client sets, for every operation of the service (S3's
/// `ForcePathStyle`).
#[derive(Debug, Clone, PartialEq)]
pub struct ClientContextParam {
    /// The rule set parameter's name.
    pub name: String,
    /// Its type: `string` or `boolean`.
    pub ty: String,
    /// Its documentation.
    pub documentation: Option<String>,
    /// Where it was read from.
    pub origin: Pointer,
}

/// An endpoint parameter an operation sets from its model: a value (botocore
/// `staticContextParams`) or what a path of its input holds (`operationContextParams`).
#[derive(Debug, Clone, PartialEq)]
pub enum ContextParam {
    /// A value.
    Value(crate::rules::Literal),
    /// A JMESPath expression over the input (`TransactItems[*].Get.TableName`).
    Path(String),
}

/// A wire protocol.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Protocol {
    /// REST with JSON bodies (`rest-json`, Smithy `restJson1`).
    RestJson,
    /// JSON RPC over POST (`json`, Smithy `awsJson1_0` / `awsJson1_1`).
    AwsJson,
    /// Smithy RPC v2 with CBOR bodies (`smithy-rpc-v2-cbor`).
    RpcV2Cbor,
    /// AWS Query (`query`).
    Query,
    /// EC2 Query (`ec2`).
    Ec2Query,
    /// REST with XML bodies (`rest-xml`).
    RestXml,
    /// A protocol this version does not know, by its name in the model.
    Other(String),
}

impl Protocol {
    /// True for the protocols whose bodies are JSON, where the generated serde is the wire.
    pub fn is_json(&self) -> bool {
        matches!(self, Protocol::RestJson | Protocol::AwsJson)
    }

    /// How this protocol writes timestamps when neither member nor shape says.
    pub fn default_timestamp_format(&self) -> TimestampFormat {
        match self {
            Protocol::RestXml | Protocol::Query | Protocol::Ec2Query => TimestampFormat::DateTime,
            _ => TimestampFormat::EpochSeconds,
        }
    }
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Protocol::RestJson => "rest-json",
            Protocol::AwsJson => "json",
            Protocol::RpcV2Cbor => "smithy-rpc-v2-cbor",
            Protocol::Query => "query",
            Protocol::Ec2Query => "ec2",
            Protocol::RestXml => "rest-xml",
            Protocol::Other(name) => name,
        })
    }
}

/// An operation: its input, output and errors, and its HTTP binding.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The operation's name, such as `GetFindings`.
    pub name: String,
    /// The input structure's shape name.
    pub input: Option<String>,
    /// The output structure's shape name.
    pub output: Option<String>,
    /// The error structures' shape names.
    pub errors: Vec<String>,
    /// Method, URI template and success code, where the protocol is HTTP-bound.
    pub http: Option<HttpBinding>,
    /// Documentation (HTML).
    pub documentation: Option<String>,
    /// Set when the operation is deprecated.
    pub deprecated: Option<Deprecation>,
    /// The operation's name on the wire (the `X-Amz-Target` suffix, the query `Action`),
    /// when it is not `name`.
    pub wire_name: Option<String>,
    /// The operation has no side effects.
    pub read_only: bool,
    /// Repeating the same request has the same effect as making it once.
    pub idempotent: bool,
    /// For the query protocols: the XML element that wraps the output (botocore
    /// `resultWrapper`).
    pub output_wrapper: Option<String>,
    /// For XML protocols: the input document's root element, when the operation names it.
    pub input_xml: XmlTraits,
    /// The request must carry a checksum of its body (botocore `httpChecksumRequired`, or
    /// `httpChecksum` with `requestChecksumRequired`; Smithy the same traits): S3 refuses
    /// `DeleteObjects` and the bucket configuration calls without one.
    pub checksum_required: bool,
    /// The flexible checksums the operation takes (botocore `httpChecksum`, Smithy
    /// `aws.protocols#httpChecksum`): the input's members that choose the request's algorithm
    /// and ask for the response's to be validated, and the algorithms a response may carry.
    pub http_checksum: Option<HttpChecksum>,
    /// A prefix the request's host takes, such as `data.` or `{AccountId}.` (botocore
    /// `endpoint.hostPrefix`, Smithy `@endpoint`).
    pub host_prefix: Option<HostPrefix>,
    /// How to ask for the next page of results, where the operation pages them.
    pub paging: Option<Paging>,
    /// The waiters that poll this operation (botocore `waiters-2.json`, Smithy
    /// `smithy.waiters#waitable`), in the model's order.
    pub waiters: Vec<Waiter>,
    /// How its requests are authenticated, preferred first, when it differs from the
    /// service's (`Service::auth`): botocore `auth` or `authtype`, Smithy `@auth` (with
    /// `@optionalAuth`, the service's schemes and then none).
    pub auth: Option<Vec<AuthScheme>>,
    /// The body is not part of the signature (`UNSIGNED-PAYLOAD`): botocore `unsignedPayload`
    /// or `authtype: v4-unsigned-body`, Smithy `@unsignedPayload`.
    pub unsigned_payload: bool,
    /// The encodings a client may compress the request's body with, preferred first: botocore
    /// `requestcompression`, Smithy `@requestCompression` (`gzip`); empty when the model
    /// names none.
    pub request_compression: Vec<String>,
    /// The endpoint parameters the operation sets, by name, in the model's order: static
    /// values, then paths into its input. Its input's members bound to a parameter
    /// (`Member::context_param`) set theirs too.
    pub context_params: Vec<(String, ContextParam, Pointer)>,
    /// Where the operation was read from.
    pub origin: Pointer,
    /// Where its references to its input, output and errors were read from.
    pub ref_origins: RefOrigins,
}

impl Operation {
    /// Every shape the operation names directly: input, output, errors.
    pub fn shape_refs(&self) -> impl Iterator<Item = &str> {
        self.input.iter().chain(self.output.iter()).chain(self.errors.iter()).map(String::as_str)
    }

    /// Every shape the operation names directly, with the place each is named.
    pub fn shape_refs_with_origin(&self) -> Vec<(&str, Pointer)> {
        let origins = &self.ref_origins;
        let mut refs = Vec::with_capacity(2 + self.errors.len());
        refs.extend(self.input.as_deref().map(|s| (s, origins.input.clone())));
        refs.extend(self.output.as_deref().map(|s| (s, origins.output.clone())));
        for (i, error) in self.errors.iter().enumerate() {
            refs.push((error.as_str(), origins.errors.get(i).cloned().unwrap_or_else(|| self.origin.clone())));
        }
        refs
    }
}

/// Where an operation's references to its shapes were read from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RefOrigins {
    /// The input reference.
    pub input: Pointer,
    /// The output reference.
    pub output: Pointer,
    /// Each error reference, in the order of the operation's errors.
    pub errors: Vec<Pointer>,
}

/// An operation's HTTP binding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpBinding {
    /// The method, such as `POST`.
    pub method: String,
    /// The request URI template, such as `/detector/{detectorId}/findings/get`.
    pub uri: String,
    /// The status code of a successful response.
    pub response_code: Option<u16>,
    /// Where the URI template was read from.
    pub origin: Pointer,
}

/// An operation's host prefix, as the model writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostPrefix {
    /// The template, such as `{AccountId}.` : literal text and labels naming input members.
    pub template: String,
    /// Where it was read from.
    pub origin: Pointer,
}

/// A waiter: polls its operation with one input until an acceptor says the wait is over.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiter {
    /// The waiter's name, such as `InstanceRunning`.
    pub name: String,
    /// Documentation (HTML or Markdown, as the model writes it).
    pub documentation: Option<String>,
    /// The shortest wait between polls, in seconds (botocore `delay`, Smithy `minDelay`;
    /// 2 unless the model says).
    pub min_delay: u32,
    /// The longest wait between polls, in seconds (Smithy `maxDelay`; 120 unless the model
    /// says, and never below `min_delay`).
    pub max_delay: u32,
    /// botocore's `maxAttempts`: with `min_delay`, the longest wait by default. Smithy's
    /// waiters leave the longest wait to the caller.
    pub max_attempts: Option<u32>,
    /// The acceptors, evaluated in order after each poll: the first that matches decides.
    pub acceptors: Vec<Acceptor>,
    /// Set when the waiter is deprecated.
    pub deprecated: bool,
    /// Where the waiter was read from.
    pub origin: Pointer,
}

/// One acceptor of a waiter: when its matcher matches a poll, the wait goes to its state.
#[derive(Debug, Clone, PartialEq)]
pub struct Acceptor {
    /// What the wait becomes.
    pub state: AcceptorState,
    /// What it matches.
    pub matcher: Matcher,
    /// Where it was read from.
    pub origin: Pointer,
}

/// What a matching acceptor makes of the wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcceptorState {
    /// Done: the resource is in the state waited for.
    Success,
    /// Done: it never will be.
    Failure,
    /// Poll again.
    Retry,
}

/// What an acceptor matches in a poll.
#[derive(Debug, Clone, PartialEq)]
pub enum Matcher {
    /// A value of the output (botocore `path`, `pathAll`, `pathAny`; Smithy `output`), or with
    /// `input`, of `{input, output}` (Smithy `inputOutput`), compared with `expected`.
    Path {
        /// The JMESPath expression, as written.
        expression: String,
        /// The expression, parsed.
        path: crate::jmespath::Expr,
        /// How its value is compared.
        comparator: PathComparator,
        /// The value it is compared with: a string, or `true` / `false`.
        expected: String,
        /// The expression reads `{input, output}` rather than the output.
        input: bool,
    },
    /// An error with this code (botocore `error` with a string, Smithy `errorType`).
    ErrorCode(String),
    /// The poll succeeded (`true`: botocore `error` with `false`, Smithy `success: true`) or
    /// failed with any error (`false`: botocore `error` with `true`, Smithy `success: false`).
    Success(bool),
    /// The response's HTTP status (botocore `status`).
    Status(u16),
}

/// How a path's value is compared with the expected value (Smithy's comparators).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathComparator {
    /// The value is a string equal to it (botocore `path` with a string).
    StringEquals,
    /// The value is a boolean equal to it (botocore `path` with `true` or `false`).
    BooleanEquals,
    /// The value is a non-empty list of strings, each equal to it (botocore `pathAll`).
    AllStringEquals,
    /// The value is a list with a string equal to it (botocore `pathAny`).
    AnyStringEquals,
}

/// How an operation pages its results: the next page's request is the same input with its
/// token members set from the output's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Paging {
    /// The input members that carry the tokens, by member name.
    pub input_tokens: Vec<String>,
    /// Where each token is in the output: member names, outermost first (`NextToken`, or
    /// `Page.NextToken`). As many as `input_tokens`, in their order.
    pub output_tokens: Vec<Vec<String>>,
    /// Where the page's items are in the output, when the model says: member names,
    /// outermost first.
    pub items: Option<Vec<String>>,
    /// The other lists of a page's items, when the model names several (botocore's
    /// `result_key` as a list: S3's `ListObjectsV2` pages `CommonPrefixes` beside `Contents`):
    /// each as `items` is.
    pub more_items: Vec<Vec<String>>,
    /// The input member that bounds a page's size, when the model names one.
    pub page_size: Option<String>,
    /// Where the paging was read from.
    pub origin: Pointer,
}

/// A piece of a URI or host template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplatePiece {
    /// Text written as is.
    Literal(String),
    /// A label: the value of the member bound to it.
    Label {
        /// The label's name.
        name: String,
        /// A greedy label (`{Key+}`) takes a value with `/` in it.
        greedy: bool,
    },
}

/// An operation's request URI template, parsed: the path as literal text and labels, then the
/// literal query string, if any (`/things/{id}?list-type=2`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UriTemplate {
    /// The path.
    pub path: Vec<TemplatePiece>,
    /// The literal query string after `?`, without it.
    pub query: Option<String>,
}

impl UriTemplate {
    /// Parses a URI template; the error says what is wrong with it.
    pub fn parse(uri: &str) -> Result<UriTemplate, String> {
        let (path, query) = match uri.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (uri, None),
        };
        if query.is_some_and(|q| q.contains(['{', '}'])) {
            return Err("labels belong to the path, not the query string".to_owned());
        }
        let path = template_pieces(path, true)?;
        let mut greedy: Option<String> = None;
        for piece in &path {
            if let TemplatePiece::Label { name, greedy: g } = piece {
                if let Some(first) = &greedy {
                    return Err(format!("the greedy label {} must be the last", crate::json::quote_for_message(first)));
                }
                if *g {
                    greedy = Some(name.clone());
                }
            }
        }
        Ok(UriTemplate { path, query: query.filter(|q| !q.is_empty()).map(str::to_owned) })
    }

    /// The labels, in order: (name, greedy).
    pub fn labels(&self) -> impl Iterator<Item = (&str, bool)> {
        self.path.iter().filter_map(|piece| match piece {
            TemplatePiece::Label { name, greedy } => Some((name.as_str(), *greedy)),
            TemplatePiece::Literal(_) => None,
        })
    }
}

impl HostPrefix {
    /// The template's pieces; the error says what is wrong with it.
    pub fn pieces(&self) -> Result<Vec<TemplatePiece>, String> {
        template_pieces(&self.template, false)
    }
}

/// Literal text and `{label}`s (`{label+}` where `greedy` labels are allowed).
fn template_pieces(text: &str, greedy_allowed: bool) -> Result<Vec<TemplatePiece>, String> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        match rest.find(['{', '}']) {
            None => {
                pieces.push(TemplatePiece::Literal(rest.to_owned()));
                break;
            }
            Some(at) if rest.as_bytes()[at] == b'}' => return Err("a `}` closes no label".to_owned()),
            Some(at) => {
                if at > 0 {
                    pieces.push(TemplatePiece::Literal(rest[..at].to_owned()));
                }
                let after = &rest[at + 1..];
                let Some(end) = after.find('}') else { return Err("a label is not closed".to_owned()) };
                let label = &after[..end];
                let (name, greedy) = match label.strip_suffix('+') {
                    Some(name) if greedy_allowed => (name, true),
                    Some(_) => return Err("a label here cannot be greedy".to_owned()),
                    None => (label, false),
                };
                if name.is_empty() || name.contains(['{', '/', '?', '+']) {
                    return Err(format!("{} is not a label name", crate::json::quote_for_message(label)));
                }
                pieces.push(TemplatePiece::Label { name: name.to_owned(), greedy });
                rest = &after[end + 1..];
            }
        }
    }
    Ok(pieces)
}

/// A deprecation notice.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deprecation {
    /// What to use instead, or why.
    pub message: Option<String>,
    /// When it was deprecated.
    pub since: Option<String>,
}

/// A named shape.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// The shape's name, unique in the model, such as `Finding`.
    pub name: String,
    /// What kind of value the shape describes.
    pub kind: ShapeKind,
    /// Documentation (HTML).
    pub documentation: Option<String>,
    /// Set when the shape is deprecated.
    pub deprecated: Option<Deprecation>,
    /// Values of the shape are secrets: never printed.
    pub sensitive: bool,
    /// For a timestamp shape: the format it has on the wire, if the shape fixes one.
    pub timestamp_format: Option<TimestampFormat>,
    /// Set when the shape is an error a service returns.
    pub error: Option<ErrorTrait>,
    /// Lengths, ranges and patterns the model states (not enforced by the generated types).
    pub constraints: Constraints,
    /// Protocol details that only XML and query protocols use.
    pub xml: XmlTraits,
    /// The union is an event stream: each member is an event.
    pub event_stream: bool,
    /// The structure is an event of an event stream.
    pub event: bool,
    /// The structure is the input of one operation and nothing else (Smithy `@input`). Clients
    /// hold every member of such a structure as optional: a service may stop requiring an
    /// input member without breaking its clients.
    pub input: bool,
    /// Where the shape was read from.
    pub origin: Pointer,
}

impl Shape {
    /// How a client holds `member`, a member of this structure, as Smithy defines it for
    /// clients: a stream (`member.streaming`) is always present, empty by default; other members
    /// are optional when the member is `clientOptional` or this structure is an `@input`;
    /// otherwise always present when they have a default value or are required; optional else.
    pub fn presence<'m>(&self, member: &'m Member) -> Presence<'m> {
        /// A stream's default: empty.
        static EMPTY_STREAM: Json = Json::String(String::new());
        if member.streaming {
            Presence::Defaulted(&EMPTY_STREAM)
        } else if member.client_optional || self.input {
            Presence::Optional
        } else if let Some(default) = &member.default {
            Presence::Defaulted(default)
        } else if member.required {
            Presence::Required
        } else {
            Presence::Optional
        }
    }
}

/// How a client holds a structure member's value: see [`Shape::presence`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Presence<'m> {
    /// The value may be absent.
    Optional,
    /// The value is always present; a message without it is in error.
    Required,
    /// The value is always present; a message without it means this default value.
    Defaulted(&'m Json),
}

/// An operation's flexible checksums (see [`Operation::http_checksum`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HttpChecksum {
    /// The input member naming the algorithm of the request's checksum (S3's
    /// `ChecksumAlgorithm`), when the caller may choose one.
    pub request_algorithm_member: Option<String>,
    /// The input member that asks for the response's checksum to be validated (S3's
    /// `ChecksumMode`: `ENABLED`).
    pub request_validation_mode_member: Option<String>,
    /// The algorithms a response's checksum may be of (`CRC32`, `CRC32C`, `CRC64NVME`, `SHA1`,
    /// `SHA256`), as the model names them.
    pub response_algorithms: Vec<String>,
}

/// The kinds of shapes.
// A model is built once and read many times; the size of its largest variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum ShapeKind {
    /// A structure: named members, in model order.
    Structure(Vec<Member>),
    /// A tagged union: exactly one of the members is set.
    Union(Vec<Member>),
    /// A list of one member shape.
    List(ListShape),
    /// A map from keys to values.
    Map(MapShape),
    /// A string.
    String,
    /// A string with a closed set of values (a service may still send others).
    Enum(Vec<EnumValue>),
    /// An integer with a closed set of values.
    IntEnum(Vec<IntEnumValue>),
    /// A boolean.
    Boolean,
    /// An 8-bit signed integer.
    Byte,
    /// A 16-bit signed integer.
    Short,
    /// A 32-bit signed integer.
    Integer,
    /// A 64-bit signed integer.
    Long,
    /// A 32-bit float.
    Float,
    /// A 64-bit float.
    Double,
    /// An arbitrary-precision integer.
    BigInteger,
    /// An arbitrary-precision decimal.
    BigDecimal,
    /// Bytes.
    Blob {
        /// The blob is a stream (an HTTP payload), not a value in a document.
        streaming: bool,
        /// A streamed blob's length must be known before sending (`Content-Length`).
        requires_length: bool,
    },
    /// A point in time.
    Timestamp,
    /// An untyped JSON-like document.
    Document,
}

impl ShapeKind {
    /// The kind's name as the model formats call it (`structure`, `string`, ...).
    pub fn name(&self) -> &'static str {
        match self {
            ShapeKind::Structure(_) => "structure",
            ShapeKind::Union(_) => "union",
            ShapeKind::List(_) => "list",
            ShapeKind::Map(_) => "map",
            ShapeKind::String => "string",
            ShapeKind::Enum(_) => "enum",
            ShapeKind::IntEnum(_) => "intEnum",
            ShapeKind::Boolean => "boolean",
            ShapeKind::Byte => "byte",
            ShapeKind::Short => "short",
            ShapeKind::Integer => "integer",
            ShapeKind::Long => "long",
            ShapeKind::Float => "float",
            ShapeKind::Double => "double",
            ShapeKind::BigInteger => "bigInteger",
            ShapeKind::BigDecimal => "bigDecimal",
            ShapeKind::Blob { .. } => "blob",
            ShapeKind::Timestamp => "timestamp",
            ShapeKind::Document => "document",
        }
    }

    /// The members of a structure or union; nothing for other kinds.
    pub fn members(&self) -> &[Member] {
        match self {
            ShapeKind::Structure(members) | ShapeKind::Union(members) => members,
            _ => &[],
        }
    }

    /// Every member-like reference to another shape: structure and union members, list
    /// members, map keys and values.
    pub fn references(&self) -> Vec<&Member> {
        match self {
            ShapeKind::Structure(members) | ShapeKind::Union(members) => members.iter().collect(),
            ShapeKind::List(list) => vec![&list.member],
            ShapeKind::Map(map) => vec![&map.key, &map.value],
            _ => Vec::new(),
        }
    }
}

/// A list shape.
#[derive(Debug, Clone, PartialEq)]
pub struct ListShape {
    /// The element.
    pub member: Member,
    /// Elements may be null.
    pub sparse: bool,
}

/// A map shape.
#[derive(Debug, Clone, PartialEq)]
pub struct MapShape {
    /// The key.
    pub key: Member,
    /// The value.
    pub value: Member,
    /// Values may be null.
    pub sparse: bool,
}

/// One value of a string enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumValue {
    /// The value on the wire, such as `ASC`.
    pub value: String,
    /// The value's own name, where the model gives one (Smithy does; botocore does not).
    pub name: Option<String>,
    /// Documentation (HTML).
    pub documentation: Option<String>,
    /// Set when the value is deprecated.
    pub deprecated: Option<Deprecation>,
    /// Where the value was read from.
    pub origin: Pointer,
}

/// One value of an integer enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntEnumValue {
    /// The value's name.
    pub name: String,
    /// The value on the wire.
    pub value: i32,
    /// Documentation (HTML).
    pub documentation: Option<String>,
    /// Where the value was read from.
    pub origin: Pointer,
}

/// A reference from one shape to another: a structure or union member, a list member, a map
/// key or value.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The member's name in the model, such as `ErrorCode` (`member`, `key`, `value` for lists
    /// and maps).
    pub name: String,
    /// The target shape's name.
    pub target: String,
    /// Documentation (HTML).
    pub documentation: Option<String>,
    /// The model requires the member.
    pub required: bool,
    /// Clients hold the member as optional even when it is required or has a default
    /// (Smithy `clientOptional`): the service may stop sending it.
    pub client_optional: bool,
    /// The member's default value (Smithy `default`), never `null`: a member whose default is
    /// `null` has none.
    pub default: Option<Json>,
    /// Where in an HTTP message the member goes.
    pub binding: Binding,
    /// The member's name in a serialized body when it is not `name` (`locationName` in
    /// botocore, `jsonName` in Smithy).
    pub wire_name: Option<String>,
    /// The timestamp format on the wire, where the member fixes one.
    pub timestamp_format: Option<TimestampFormat>,
    /// Set when the member is deprecated.
    pub deprecated: Option<Deprecation>,
    /// The member's value is a secret: never printed.
    pub sensitive: bool,
    /// A client fills the member with a unique token when the caller does not.
    pub idempotency_token: bool,
    /// The string member holds a JSON document, serialized as a string (botocore `jsonvalue`).
    pub json_value: bool,
    /// The media type of the blob or string the member holds (Smithy's `@mediaType` on its
    /// target, `image/jpeg`): the `Content-Type` of a payload that is that member.
    pub media_type: Option<String>,
    /// The member is the payload of an event in an event stream.
    pub event_payload: bool,
    /// The member is bound to the endpoint's host prefix.
    pub host_label: bool,
    /// Endpoint rules read the member under this name.
    pub context_param: Option<String>,
    /// Protocol details that only XML and query protocols use.
    pub xml: XmlTraits,
    /// The member's name in EC2 query requests.
    pub query_name: Option<String>,
    /// The member is a stream of bytes: the whole HTTP payload, a streaming blob. Readers
    /// set it where the format marks the member; loading settles it for both formats (a
    /// payload member whose target is a streaming blob, of a protocol that binds HTTP).
    pub streaming: bool,
    /// Values the member allows, where the member (not its shape) lists them.
    pub allowed_values: Vec<String>,
    /// Where the member was read from.
    pub origin: Pointer,
    /// Where its reference to its target was read from.
    pub target_origin: Pointer,
}

impl Member {
    /// A member with only a name and a target; everything else unset.
    pub fn new(name: impl Into<String>, target: impl Into<String>, origin: Pointer) -> Self {
        Member {
            name: name.into(),
            target: target.into(),
            documentation: None,
            required: false,
            client_optional: false,
            default: None,
            binding: Binding::Body,
            wire_name: None,
            timestamp_format: None,
            deprecated: None,
            sensitive: false,
            idempotency_token: false,
            json_value: false,
            media_type: None,
            event_payload: false,
            host_label: false,
            context_param: None,
            xml: XmlTraits::default(),
            query_name: None,
            streaming: false,
            allowed_values: Vec::new(),
            target_origin: origin.clone(),
            origin,
        }
    }

    /// The member's key in a JSON body.
    pub fn json_name(&self) -> &str {
        self.wire_name.as_deref().unwrap_or(&self.name)
    }

    /// The member's element (each item's, for a flattened list) or attribute in an XML body:
    /// its XML name, else its name. For the XML protocols the readers
    /// keep the XML name where a JSON protocol's model keeps its JSON name, so the rule is the
    /// same.
    pub fn xml_name(&self) -> &str {
        self.json_name()
    }
}

/// Where a member goes in an HTTP request or response.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Binding {
    /// In the body document.
    Body,
    /// The whole body (botocore `payload`, Smithy `httpPayload`).
    Payload,
    /// A label in the URI path.
    Label(String),
    /// A query string parameter.
    Query(String),
    /// Every query string parameter not bound otherwise, as a map (botocore `querystring`
    /// on a map without a name, Smithy `httpQueryParams`).
    QueryParams,
    /// A header.
    Header(String),
    /// All headers with this prefix, as a map.
    PrefixHeaders(String),
    /// The response status code.
    StatusCode,
}

impl Binding {
    /// True when the member is part of the body document.
    pub fn in_body(&self) -> bool {
        matches!(self, Binding::Body)
    }

    /// True where a response carries the member in its body: a response has no URI or query
    /// string, so a member bound to either is read from the body (as botocore and Smithy do).
    pub fn in_response_body(&self) -> bool {
        matches!(self, Binding::Body | Binding::Label(_) | Binding::Query(_))
    }
}

impl fmt::Display for Binding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Binding::Body => f.write_str("body"),
            Binding::Payload => f.write_str("payload"),
            Binding::Label(n) => write!(f, "uri label {n:?}"),
            Binding::Query(n) => write!(f, "query parameter {n:?}"),
            Binding::QueryParams => f.write_str("query parameters"),
            Binding::Header(n) => write!(f, "header {n:?}"),
            Binding::PrefixHeaders(n) => write!(f, "headers prefixed {n:?}"),
            Binding::StatusCode => f.write_str("status code"),
        }
    }
}

/// How a timestamp is written on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TimestampFormat {
    /// Seconds since the Unix epoch, fractions allowed (botocore `unixTimestamp`).
    EpochSeconds,
    /// RFC 3339 date-time (botocore `iso8601`).
    DateTime,
    /// HTTP date, RFC 9110 IMF-fixdate (botocore `rfc822`).
    HttpDate,
}

impl fmt::Display for TimestampFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TimestampFormat::EpochSeconds => "epoch-seconds",
            TimestampFormat::DateTime => "date-time",
            TimestampFormat::HttpDate => "http-date",
        })
    }
}

/// The error a shape stands for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorTrait {
    /// The error code on the wire; the shape name when the model gives none.
    pub code: Option<String>,
    /// For a JSON service compatible with the query protocol it replaced: the error's code in
    /// that protocol, which error responses carry in the `x-amzn-query-error` header.
    pub query_code: Option<String>,
    /// The HTTP status code.
    pub http_status: Option<u16>,
    /// True when the caller is at fault (4xx), false for the service (5xx).
    pub sender_fault: bool,
    /// The request may succeed if retried.
    pub retryable: bool,
    /// A retryable error that means the caller is sending too fast.
    pub throttling: bool,
}

/// Constraints the model states on values.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    /// Minimum length or value.
    pub min: Option<f64>,
    /// Maximum length or value.
    pub max: Option<f64>,
    /// A regular expression strings must match.
    pub pattern: Option<String>,
}

/// Details of XML and query protocols, kept so a later stage can serialize them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct XmlTraits {
    /// The element name, where a shape or an operation's input names it.
    pub name: Option<String>,
    /// For query protocol outputs: the structure is wrapped in a result element.
    pub wrapper: bool,
    /// The order of a structure's members in XML, where it differs from model order.
    pub order: Vec<String>,
    /// The member is an XML attribute.
    pub attribute: bool,
    /// The list or map is flattened into its parent.
    pub flattened: bool,
    /// The XML namespace URI.
    pub namespace: Option<String>,
    /// The XML namespace prefix.
    pub namespace_prefix: Option<String>,
}
