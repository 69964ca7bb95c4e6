//! Building an [`http::Request`] from an endpoint and the members bound to the URI, the query
//! string and headers, and spelling member values the way the HTTP bindings want them.

use std::borrow::Cow;
use std::fmt;

use base64::Engine as _;
use http::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderName, HeaderValue};
use http::{HeaderMap, Method, Uri};
use md5::Digest as _;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::body::Body;
use crate::time;

/// What a label or query value keeps unescaped: the unreserved characters of RFC 3986.
pub(crate) const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// What a literal piece of a URI path keeps: all that RFC 3986 allows in a path (`%` is kept
/// only where it begins an escape, which [`push_escaped`] sees to).
const PATH: &AsciiSet = &UNRESERVED
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b':')
    .remove(b'@')
    .remove(b'/');

/// What a literal piece of a query string keeps: all that RFC 3986 allows in a query.
const QUERY: &AsciiSet = &PATH.remove(b'?');

/// A request that could not be built, naming the member, header or endpoint at fault.
#[derive(Debug)]
#[non_exhaustive]
pub enum RequestError {
    /// A required member was not set.
    MissingMember {
        /// The structure holding the member.
        shape: &'static str,
        /// The member.
        member: &'static str,
    },
    /// A member bound to a URI label is empty.
    EmptyLabel {
        /// The member.
        member: &'static str,
    },
    /// A member bound to a host label is not a valid host label.
    InvalidHostLabel {
        /// The member.
        member: &'static str,
        /// Its value.
        value: String,
    },
    /// A header name that is not valid, or a value with characters a header cannot carry.
    InvalidHeader {
        /// The header's name.
        name: String,
        /// What is wrong with it.
        reason: String,
    },
    /// An endpoint that is not an absolute URI without query and fragment, or whose host does
    /// not stay a valid hostname once prefixed.
    InvalidEndpoint {
        /// The endpoint, or the host it led to.
        endpoint: String,
        /// What is wrong with it.
        reason: String,
    },
    /// An HTTP method that is not valid.
    InvalidMethod {
        /// The method.
        method: String,
    },
    /// A body that could not be written.
    Body(serde_json::Error),
    /// The input's stream (its events, or a body read once) was sent already, by another call
    /// of the same input: a stream is sent once.
    StreamSent,
    /// An event of an input stream that the model does not list (`Unknown`), which cannot be
    /// sent.
    UnknownEvent {
        /// The event's name.
        name: String,
    },
    /// A streaming payload whose length the operation needs (`Content-Length`) was given
    /// without one.
    LengthRequired {
        /// The structure holding the member.
        shape: &'static str,
        /// The member.
        member: &'static str,
    },
}

/// What an operation's `request` gives: the request, or why it could not be built.
pub type RequestResult = Result<http::Request<Vec<u8>>, RequestError>;

/// The value of the member `member` of `shape`, which the request cannot do without (a URI
/// or host label); [`RequestError::MissingMember`] when it is not set.
#[inline]
pub fn required<'v, T: ?Sized>(
    value: Option<&'v T>,
    shape: &'static str,
    member: &'static str,
) -> Result<&'v T, RequestError> {
    value.ok_or(RequestError::MissingMember { shape, member })
}

impl RequestError {
    /// The member at fault, when one is.
    #[inline]
    pub fn member(&self) -> Option<&'static str> {
        match self {
            RequestError::MissingMember { member, .. }
            | RequestError::LengthRequired { member, .. }
            | RequestError::EmptyLabel { member }
            | RequestError::InvalidHostLabel { member, .. } => Some(member),
            _ => None,
        }
    }
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestError::MissingMember { shape, member } => write!(f, "{shape}.{member} is required but was not set"),
            RequestError::EmptyLabel { member } => write!(f, "{member}: a URI label must not be empty"),
            RequestError::InvalidHostLabel { member, value } => write!(
                f,
                "{member}: {value:?} is not a valid host label (dot-separated parts of 1 to 63 letters, digits and \
                 hyphens, not starting with a hyphen)"
            ),
            RequestError::InvalidHeader { name, reason } => write!(f, "header {name:?}: {reason}"),
            RequestError::InvalidEndpoint { endpoint, reason } => write!(f, "endpoint {endpoint:?}: {reason}"),
            RequestError::InvalidMethod { method } => write!(f, "{method:?} is not a valid HTTP method"),
            RequestError::Body(error) => write!(f, "body: {error}"),
            RequestError::StreamSent => {
                f.write_str("the input's stream was sent already, by another call: a stream is sent once")
            }
            RequestError::UnknownEvent { name } => {
                write!(f, "the event {name:?} is not one the model lists, and cannot be sent")
            }
            RequestError::LengthRequired { shape, member } => write!(
                f,
                "{shape}.{member} is a stream whose length the operation needs (Content-Length), and it was given \
                 without one: give its length (`Body::from_reader(reader, Some(length))`) or its bytes"
            ),
        }
    }
}

impl std::error::Error for RequestError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RequestError::Body(error) => Some(error),
            _ => None,
        }
    }
}

impl From<serde_json::Error> for RequestError {
    #[inline]
    fn from(error: serde_json::Error) -> RequestError {
        RequestError::Body(error)
    }
}

/// An HTTP request being built: the endpoint, then the path, query string and headers that the
/// operation's members are bound to, then the body.
///
/// ```
/// use shapegen_runtime::request::{RequestBuilder, RequestError};
///
/// let mut request = RequestBuilder::new("POST", "https://guardduty.us-east-1.amazonaws.com")?;
/// request.push_path("/detector/");
/// request.push_label("detectorId", "12abc34d", false)?;
/// request.push_path("/findings/get");
/// request.push_query("maxResults", "50");
/// request.header("X-Amz-Target", "GetFindings")?;
/// let request = request.build(br#"{"findingIds":[]}"#.to_vec(), Some("application/json"))?;
/// assert_eq!(
///     request.uri(),
///     "https://guardduty.us-east-1.amazonaws.com/detector/12abc34d/findings/get?maxResults=50"
/// );
/// assert_eq!(request.headers()["content-length"], "17");
/// # Ok::<(), RequestError>(())
/// ```
#[derive(Debug, Clone)]
pub struct RequestBuilder {
    /// The endpoint rules placed the request: labels they place are left out.
    resolved: bool,
    method: Method,
    scheme: String,
    host: String,
    /// `:port` when the endpoint has one, else empty.
    port: String,
    /// The endpoint's base path without its trailing `/`, then what was pushed.
    path: String,
    /// The query string without its `?`.
    query: String,
    headers: HeaderMap,
    /// The request must carry a checksum of its body.
    checksum_required: bool,
}

/// Where a request goes: a URL as given (`"https://guardduty.us-east-1.amazonaws.com"`, or a
/// test server's), or an [`Endpoint`](crate::endpoint::Endpoint) a service's endpoint rules
/// resolved. A resolved endpoint's headers go on the request, and the members the rules
/// already placed in its URL (S3's bucket, S3 Control's account id) are left out of the path
/// and the host prefix, as the rules mean.
#[derive(Clone, Copy, Debug)]
pub enum Target<'a> {
    /// A URL, used as it is.
    Url(&'a str),
    /// An endpoint the rules resolved.
    Resolved(&'a crate::endpoint::Endpoint),
}

impl<'a> From<&'a str> for Target<'a> {
    fn from(url: &'a str) -> Self {
        Target::Url(url)
    }
}

impl<'a> From<&'a String> for Target<'a> {
    fn from(url: &'a String) -> Self {
        Target::Url(url)
    }
}

impl<'a> From<&'a crate::endpoint::Endpoint> for Target<'a> {
    fn from(endpoint: &'a crate::endpoint::Endpoint) -> Self {
        Target::Resolved(endpoint)
    }
}

impl RequestBuilder {
    /// A request with `method` to `target`: a URL (see [`RequestBuilder::new`]), or an endpoint
    /// the rules resolved, whose URL it goes to and whose headers it carries.
    pub fn to(method: &str, target: Target<'_>) -> Result<RequestBuilder, RequestError> {
        match target {
            Target::Url(url) => RequestBuilder::new(method, url),
            Target::Resolved(endpoint) => {
                let mut request = RequestBuilder::new(method, &endpoint.url)?;
                request.resolved = true;
                for (name, values) in &endpoint.headers {
                    for value in values {
                        let name =
                            HeaderName::from_bytes(name.as_bytes()).map_err(|_| RequestError::InvalidHeader {
                                name: name.clone(),
                                reason: "the endpoint gives a header name that is not one".into(),
                            })?;
                        let value = HeaderValue::from_str(value).map_err(|_| RequestError::InvalidHeader {
                            name: name.as_str().to_owned(),
                            reason: "the endpoint gives a value a header cannot carry".into(),
                        })?;
                        request.headers.append(name, value);
                    }
                }
                Ok(request)
            }
        }
    }

    /// Whether the endpoint rules placed this request (its target was resolved): the members
    /// they place in the URL are then left out of the path and the host prefix.
    #[inline]
    pub fn resolved(&self) -> bool {
        self.resolved
    }

    /// A request with `method` to `endpoint`, an absolute URI such as
    /// `https://guardduty.us-east-1.amazonaws.com` or `http://127.0.0.1:8080`.
    ///
    /// A path in the endpoint (`https://example.com/custom`) is the prefix of every request
    /// path. An endpoint with a query, a fragment or user information, or without a scheme or a
    /// host, is an error.
    pub fn new(method: &str, endpoint: &str) -> Result<RequestBuilder, RequestError> {
        let method = Method::from_bytes(method.as_bytes())
            .map_err(|_| RequestError::InvalidMethod { method: method.to_owned() })?;
        let invalid =
            |reason: &str| RequestError::InvalidEndpoint { endpoint: endpoint.to_owned(), reason: reason.into() };
        if endpoint.contains('#') {
            return Err(invalid("an endpoint must not have a fragment"));
        }
        if endpoint.contains('?') {
            return Err(invalid("an endpoint must not have a query"));
        }
        let uri: Uri = endpoint.parse().map_err(|error: http::uri::InvalidUri| invalid(&error.to_string()))?;
        let scheme = uri.scheme_str().ok_or_else(|| invalid("an endpoint needs a scheme, such as https://"))?;
        let authority = uri.authority().ok_or_else(|| invalid("an endpoint needs a host"))?;
        if authority.as_str().contains('@') {
            return Err(invalid("an endpoint must not carry user information"));
        }
        if authority.host().is_empty() {
            return Err(invalid("an endpoint needs a host"));
        }
        Ok(RequestBuilder {
            resolved: false,
            method,
            scheme: scheme.to_owned(),
            host: authority.host().to_owned(),
            port: authority.port().map(|port| format!(":{port}")).unwrap_or_default(),
            // Room for the operation's path, so that pushing it does not reallocate.
            path: {
                let base = uri.path().trim_end_matches('/');
                let mut path = String::with_capacity(base.len() + 128);
                path.push_str(base);
                path
            },
            query: String::new(),
            headers: HeaderMap::new(),
            checksum_required: false,
        })
    }

    /// Puts `prefix` (from the operation's `endpoint.hostPrefix`, its labels filled in, such as
    /// `foo.bar.`) before the endpoint's host. The host must stay a valid hostname: letters,
    /// digits, `-` and `.`.
    pub fn host_prefix(&mut self, prefix: &str) -> Result<(), RequestError> {
        let host = format!("{prefix}{}", self.host);
        let name = host.strip_suffix('.').unwrap_or(&host);
        let valid = !name.is_empty()
            && name.split('.').all(|part| {
                (1..=63).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            });
        if !valid {
            return Err(RequestError::InvalidEndpoint {
                endpoint: host,
                reason: "a host prefix must leave a valid hostname (letters, digits, '-' and '.')".into(),
            });
        }
        self.host = host;
        Ok(())
    }

    /// Checks a value bound to a host label: dot-separated parts of 1 to 63 letters, digits and
    /// hyphens, none starting with a hyphen.
    pub fn host_label(member: &'static str, value: &str) -> Result<(), RequestError> {
        let valid = value.split('.').all(|part| {
            (1..=63).contains(&part.len())
                && !part.starts_with('-')
                && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
        if valid { Ok(()) } else { Err(RequestError::InvalidHostLabel { member, value: value.to_owned() }) }
    }

    /// Appends a literal piece of the operation's URI path, such as `/detector/`. What RFC 3986
    /// allows in a path is kept as written, existing `%XX` escapes included; any other byte is
    /// escaped.
    #[inline]
    pub fn push_path(&mut self, literal: &str) {
        push_escaped(&mut self.path, literal, PATH);
    }

    /// Appends the value of the member `member` bound to a URI label, escaping all but the
    /// unreserved characters (`A-Z a-z 0-9 - . _ ~`). A greedy label keeps its `/`.
    ///
    /// An empty value is an error, as it would change the path's meaning.
    pub fn push_label(&mut self, member: &'static str, value: &str, greedy: bool) -> Result<(), RequestError> {
        if value.is_empty() {
            return Err(RequestError::EmptyLabel { member });
        }
        if greedy {
            for (index, segment) in value.split('/').enumerate() {
                if index > 0 {
                    self.path.push('/');
                }
                self.path.extend(utf8_percent_encode(segment, UNRESERVED));
            }
        } else {
            self.path.extend(utf8_percent_encode(value, UNRESERVED));
        }
        Ok(())
    }

    /// Appends a literal piece of the query string of the operation's URI, such as
    /// `foo=bar&hello` (a leading `?` or `&` is dropped). What RFC 3986 allows in a query is kept
    /// as written; any other byte is escaped.
    pub fn push_query_literal(&mut self, literal: &str) {
        let literal = literal.trim_start_matches(['?', '&']);
        if literal.is_empty() {
            return;
        }
        if !self.query.is_empty() {
            self.query.push('&');
        }
        push_escaped(&mut self.query, literal, QUERY);
    }

    /// Appends the parameter `name=value`, both escaped as labels are (a space is `%20`, never
    /// `+`). Parameters stay in the order they were pushed; a name may repeat (a list).
    pub fn push_query(&mut self, name: &str, value: &str) {
        if !self.query.is_empty() {
            self.query.push('&');
        }
        self.query.extend(utf8_percent_encode(name, UNRESERVED));
        self.query.push('=');
        self.query.extend(utf8_percent_encode(value, UNRESERVED));
    }

    /// Whether the query string has a parameter `name`, from a literal or a member: members
    /// bound to a name take precedence over the entries of a map of parameters.
    pub fn has_query(&self, name: &str) -> bool {
        let name: Cow<'_, str> = utf8_percent_encode(name, UNRESERVED).into();
        self.query.split('&').any(|pair| pair.split_once('=').map_or(pair, |(key, _)| key) == name)
    }

    /// Adds the header `name: value`, after any of the same name.
    pub fn header(&mut self, name: &str, value: &str) -> Result<(), RequestError> {
        let invalid = |reason: &str| RequestError::InvalidHeader { name: name.to_owned(), reason: reason.into() };
        let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid("not a valid header name"))?;
        let value =
            HeaderValue::from_str(value).map_err(|_| invalid("the value has characters a header cannot carry"))?;
        self.headers.append(header, value);
        Ok(())
    }

    /// Whether a header `name` was added, in any case.
    #[inline]
    pub fn has_header(&self, name: &str) -> bool {
        self.headers.contains_key(name)
    }

    /// Marks a request that must carry a checksum of its body (the model's
    /// `httpChecksumRequired`): [`build`](Self::build) adds its `Content-MD5` unless a member
    /// set that header or an `x-amz-checksum-*` one.
    #[inline]
    pub fn checksum_required(&mut self) {
        self.checksum_required = true;
    }

    /// The request, with `body`.
    ///
    /// `Content-Type` is `content_type` unless a header set it already. `Content-Length` is the
    /// body's length when there is a body, and `0` for an empty body sent with a method that
    /// carries one (`POST`, `PUT`, `PATCH`); other requests without a body have neither. There
    /// is no `Host` header: the URI carries the authority. A request marked
    /// [`checksum_required`](Self::checksum_required) gets its `Content-MD5`.
    ///
    /// For a payload that is a stream, see [`build_stream`](Self::build_stream).
    pub fn build(mut self, body: Vec<u8>, content_type: Option<&str>) -> Result<http::Request<Vec<u8>>, RequestError> {
        if self.checksum_required
            && !self.headers.keys().any(|name| name == "content-md5" || name.as_str().starts_with("x-amz-checksum-"))
        {
            let digest = md5::Md5::digest(&body);
            let value = HeaderValue::from_str(&base64_encode(&digest)).expect("base64 is a header value");
            self.headers.insert(HeaderName::from_static("content-md5"), value);
        }
        if let Some(content_type) = content_type
            && !self.headers.contains_key(CONTENT_TYPE)
        {
            let value = HeaderValue::from_str(content_type).map_err(|_| RequestError::InvalidHeader {
                name: CONTENT_TYPE.as_str().to_owned(),
                reason: "the value has characters a header cannot carry".into(),
            })?;
            self.headers.insert(CONTENT_TYPE, value);
        }
        if !body.is_empty() || matches!(self.method, Method::POST | Method::PUT | Method::PATCH) {
            self.headers.insert(CONTENT_LENGTH, HeaderValue::from(body.len()));
        }
        let slash = if self.path.starts_with('/') { "" } else { "/" };
        let question = if self.query.is_empty() { "" } else { "?" };
        let parts = [&*self.scheme, "://", &self.host, &self.port, slash, &self.path, question, &self.query];
        // One allocation of the exact length, handed to the URI without a copy.
        let mut text = String::with_capacity(parts.iter().map(|p| p.len()).sum());
        parts.iter().for_each(|part| text.push_str(part));
        let uri = Uri::try_from(text)
            .map_err(|error| RequestError::InvalidEndpoint { endpoint: parts.concat(), reason: error.to_string() })?;
        let mut request = http::Request::new(body);
        *request.method_mut() = self.method;
        *request.uri_mut() = uri;
        *request.headers_mut() = self.headers;
        Ok(request)
    }

    /// The request, whose payload is `body`, the streaming member `member` of `shape`.
    ///
    /// Bytes in memory are the request's body, as [`build`](Self::build) makes it (an empty
    /// body has no `Content-Type`). A stream is left for the client to send: the request's
    /// own body is empty, `body` is in its extensions ([`Body::of_request`]), and its
    /// `Content-Length` is the stream's length when known; a stream without a length is sent
    /// chunked. A request marked [`checksum_required`](Self::checksum_required) gets no
    /// `Content-MD5` for a stream, which is not read here: its checksum is the client's.
    ///
    /// # Errors
    ///
    /// [`RequestError::LengthRequired`] for a stream without a length when `requires_length`
    /// (the model's `requiresLength`), and as [`build`](Self::build).
    pub fn build_stream(
        mut self,
        body: &Body,
        content_type: Option<&str>,
        requires_length: bool,
        shape: &'static str,
        member: &'static str,
    ) -> RequestResult {
        if let Some(bytes) = body.bytes() {
            let content_type = if bytes.is_empty() { None } else { content_type };
            return self.build(bytes.to_vec(), content_type);
        }
        let length = body.length();
        if requires_length && length.is_none() {
            return Err(RequestError::LengthRequired { shape, member });
        }
        self.checksum_required = false;
        let mut request = self.build(Vec::new(), content_type)?;
        match length {
            Some(length) => {
                request.headers_mut().insert(CONTENT_LENGTH, HeaderValue::from(length));
            }
            None => {
                request.headers_mut().remove(CONTENT_LENGTH);
            }
        }
        request.extensions_mut().insert(body.clone());
        Ok(request)
    }
    /// The request, whose payload is an input event stream: the messages of `events` (an
    /// input's `EventInput`, `None` when it was sent already), left in the request's
    /// extensions ([`OutgoingEvents`](crate::events::OutgoingEvents)) for a client that can
    /// frame, sign and send them as they come. The request's own body is empty and it has no
    /// `Content-Length`: the stream's length is not known.
    ///
    /// # Errors
    ///
    /// [`RequestError::StreamSent`] for a stream sent already, and as [`build`](Self::build).
    pub fn build_events(
        self,
        events: Option<crate::events::MessageSource>,
        content_type: Option<&str>,
    ) -> RequestResult {
        let events = events.ok_or(RequestError::StreamSent)?;
        let mut request = self.build(Vec::new(), content_type)?;
        request.headers_mut().remove(CONTENT_LENGTH);
        request.extensions_mut().insert(crate::events::OutgoingEvents::new(events));
        Ok(request)
    }
}

/// Appends `text` to `out`, escaping the bytes in `set` except `%` that begins an escape.
fn push_escaped(out: &mut String, text: &str, set: &'static AsciiSet) {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut at = 0;
    while let Some(offset) = text[at..].find('%') {
        let percent = at + offset;
        let escape = bytes.get(percent + 1..percent + 3).is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit));
        if escape {
            out.extend(utf8_percent_encode(&text[start..percent], set));
            out.push_str(&text[percent..percent + 3]);
            start = percent + 3;
        }
        at = percent + 1;
    }
    out.extend(utf8_percent_encode(&text[start..], set));
}

/// A double as the HTTP bindings spell it: `NaN`, `Infinity`, `-Infinity`, or the shortest
/// decimal that reads back (`1.1`, `1`, `0.5`).
#[inline]
pub fn fmt_f64(value: f64) -> String {
    match crate::adapters::non_finite(value) {
        Some(text) => text.to_owned(),
        None => value.to_string(),
    }
}

/// A float as the HTTP bindings spell it: `NaN`, `Infinity`, `-Infinity`, or the shortest
/// decimal that reads back as the same `f32` (`1.1`, `1`, `0.5`).
#[inline]
pub fn fmt_f32(value: f32) -> String {
    match crate::adapters::non_finite(f64::from(value)) {
        Some(text) => text.to_owned(),
        None => value.to_string(),
    }
}

/// A timestamp in `format`, as [`time::format`] writes it.
#[inline]
pub fn fmt_timestamp(value: &jiff::Timestamp, format: time::Format) -> String {
    time::format(value, format)
}

/// Bytes in base64, standard alphabet, with padding.
#[inline]
pub fn base64_encode(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The values of a list bound to a header, joined by `", "`.
///
/// With `quote_strings` (lists of strings), a value that holds `,` or `"`, starts or ends with
/// whitespace, or is empty is written as a quoted string, with `"` and `\` escaped by `\`, so
/// that the list reads back item for item: `["b,c", "\"def\"", "a"]` is
/// `"b,c", "\"def\"", a`. Other lists (numbers, booleans, HTTP dates, which hold commas of their
/// own) are joined as they are.
pub fn header_list<'a, I: IntoIterator<Item = &'a str>>(values: I, quote_strings: bool) -> String {
    let mut out = String::new();
    for (index, value) in values.into_iter().enumerate() {
        if index > 0 {
            out.push_str(", ");
        }
        let quote =
            quote_strings && (value.is_empty() || value.contains([',', '"']) || value.trim().len() != value.len());
        if quote {
            out.push('"');
            for c in value.chars() {
                if c == '"' || c == '\\' {
                    out.push('\\');
                }
                out.push(c);
            }
            out.push('"');
        } else {
            out.push_str(value);
        }
    }
    out
}

/// A fresh idempotency token: a random UUID (version 4), hyphenated, in lowercase; or, inside
/// [`with_idempotency_token`] on this thread, the token it gives.
pub fn idempotency_token() -> String {
    FIXED_TOKEN.with(|fixed| fixed.borrow().clone()).unwrap_or_else(|| uuid::Uuid::new_v4().hyphenated().to_string())
}

thread_local! {
    /// The token [`with_idempotency_token`] fixes on this thread.
    static FIXED_TOKEN: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Runs `f` with `token` as every idempotency token a request built on this thread fills in,
/// in place of a fresh one: for tests that compare requests byte for byte. The token fixed
/// before, if any, is restored when `f` returns or unwinds.
pub fn with_idempotency_token<R>(token: &str, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<String>);
    impl Drop for Restore {
        fn drop(&mut self) {
            FIXED_TOKEN.with(|fixed| *fixed.borrow_mut() = self.0.take());
        }
    }
    let _restore = Restore(FIXED_TOKEN.with(|fixed| fixed.borrow_mut().replace(token.to_owned())));
    f()
}

/// The smallest body compressed by default, in bytes (the AWS SDKs' default of
/// `request_min_compression_size_bytes`).
pub const DEFAULT_MIN_COMPRESSION_SIZE: usize = 10_240;

/// Compresses `request`'s body with the first of `encodings` (an operation's
/// `REQUEST_COMPRESSION`) the runtime knows (`gzip`), when the body has at least `min_size`
/// bytes, as the AWS SDKs do before signing: the encoding is appended to `Content-Encoding`
/// (after one the input set), and `Content-Length` is the new length. Returns whether it
/// compressed.
#[cfg(feature = "compression")]
pub fn compress(request: &mut http::Request<Vec<u8>>, encodings: &[&str], min_size: usize) -> bool {
    use std::io::Write as _;
    if request.body().len() < min_size || !encodings.contains(&"gzip") {
        return false;
    }
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing to a `Vec` cannot fail.
    let Ok(body) = encoder.write_all(request.body()).and_then(|()| encoder.finish()) else { return false };
    let encoding = match request.headers().get(http::header::CONTENT_ENCODING).and_then(|v| v.to_str().ok()) {
        Some(given) if !given.trim().is_empty() => format!("{given}, gzip"),
        _ => "gzip".to_owned(),
    };
    let Ok(encoding) = http::HeaderValue::from_str(&encoding) else { return false };
    let headers = request.headers_mut();
    headers.insert(http::header::CONTENT_ENCODING, encoding);
    headers.insert(http::header::CONTENT_LENGTH, http::HeaderValue::from(body.len()));
    *request.body_mut() = body;
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str = " %:/?#[]@!$&'()*+,;=😹";
    const HOSTILE_ESCAPED: &str = "%20%25%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%F0%9F%98%B9";

    fn builder(method: &str, endpoint: &str) -> RequestBuilder {
        RequestBuilder::new(method, endpoint).unwrap()
    }

    fn uri(builder: RequestBuilder) -> String {
        builder.build(Vec::new(), None).unwrap().uri().to_string()
    }

    #[test]
    fn a_checksum_required_request_carries_its_content_md5() {
        let mut request = builder("POST", "https://example.com");
        request.checksum_required();
        let request = request.build(b"abc".to_vec(), None).unwrap();
        assert_eq!(request.headers()["content-md5"], "kAFQmDzST7DWlj99KOF/cg==");
        // A checksum a member set is kept; without the mark, none is added.
        for header in ["Content-MD5", "x-amz-checksum-crc32"] {
            let mut request = builder("POST", "https://example.com");
            request.header(header, "given").unwrap();
            request.checksum_required();
            let request = request.build(b"abc".to_vec(), None).unwrap();
            assert_eq!(request.headers()[header], "given");
            assert_eq!(request.headers().len(), 2, "{:?}", request.headers());
        }
        let request = builder("POST", "https://example.com").build(b"abc".to_vec(), None).unwrap();
        assert!(request.headers().get("content-md5").is_none());
    }

    #[test]
    fn a_streaming_payload_is_its_bytes_or_left_in_the_extensions() {
        let build = |body: &Body, requires_length: bool| {
            builder("PUT", "https://example.com").build_stream(body, Some("image/png"), requires_length, "Put", "Body")
        };
        // Bytes are the body, as `build` makes it; an empty body has no type.
        let request = build(&Body::from("abc"), true).unwrap();
        assert_eq!(
            (request.body().as_slice(), request.headers()["content-length"].as_bytes()),
            (&b"abc"[..], &b"3"[..])
        );
        assert_eq!(request.headers()["content-type"], "image/png");
        assert!(Body::of_request(&request).is_none());
        let request = build(&Body::empty(), false).unwrap();
        assert!(request.headers().get("content-type").is_none());
        assert_eq!(request.headers()["content-length"], "0");
        // A stream: its length, and the stream itself for the client.
        let stream = Body::from_reader(&b"0123456789"[..], Some(10));
        let request = build(&stream, true).unwrap();
        assert!(request.body().is_empty());
        assert_eq!(request.headers()["content-length"], "10");
        assert_eq!(Body::of_request(&request), Some(&stream));
        // Without a length, chunked; refused where the model requires one.
        let unknown = Body::from_reader(std::io::empty(), None);
        let request = build(&unknown, false).unwrap();
        assert!(request.headers().get("content-length").is_none());
        let error = build(&unknown, true).unwrap_err();
        assert_eq!(error.member(), Some("Body"));
        assert!(error.to_string().starts_with("Put.Body is a stream whose length the operation needs"), "{error}");
        // No Content-MD5 of a stream that is not read here.
        let mut request = builder("PUT", "https://example.com");
        request.checksum_required();
        let request = request.build_stream(&stream, None, false, "Put", "Body").unwrap();
        assert!(request.headers().get("content-md5").is_none());
    }

    #[test]
    fn labels_escape_all_but_unreserved() {
        // RestJsonHttpRequestLabelEscaping
        let mut request = builder("GET", "https://example.com");
        request.push_path("/HttpRequestWithLabels/");
        request.push_label("string", HOSTILE, false).unwrap();
        request.push_path("/");
        request.push_label("float", &fmt_f32(4.1), false).unwrap();
        request.push_path("/");
        request.push_label("double", &fmt_f64(5.1), false).unwrap();
        request.push_path("/");
        let timestamp = jiff::Timestamp::from_second(1576540098).unwrap();
        request.push_label("timestamp", &fmt_timestamp(&timestamp, time::Format::DateTime), false).unwrap();
        assert_eq!(
            uri(request),
            format!("https://example.com/HttpRequestWithLabels/{HOSTILE_ESCAPED}/4.1/5.1/2019-12-16T23%3A48%3A18Z")
        );
        // RestJsonHttpRequestWithLabelsAndTimestampFormat
        let mut request = builder("GET", "https://example.com");
        request.push_path("/L/");
        request.push_label("epoch", &fmt_timestamp(&timestamp, time::Format::EpochSeconds), false).unwrap();
        request.push_path("/");
        request.push_label("http", &fmt_timestamp(&timestamp, time::Format::HttpDate), false).unwrap();
        assert_eq!(uri(request), "https://example.com/L/1576540098/Mon%2C%2016%20Dec%202019%2023%3A48%3A18%20GMT");
    }

    #[test]
    fn greedy_labels_keep_slashes() {
        // RestJsonHttpRequestWithGreedyLabelInPath
        let mut request = builder("GET", "https://example.com");
        request.push_path("/HttpRequestWithGreedyLabelInPath/foo/");
        request.push_label("foo", "hello/escape", false).unwrap();
        request.push_path("/baz/");
        request.push_label("baz", "there/guy", true).unwrap();
        assert_eq!(
            uri(request),
            "https://example.com/HttpRequestWithGreedyLabelInPath/foo/hello%2Fescape/baz/there/guy"
        );
        let mut request = builder("GET", "https://example.com");
        request.push_path("/");
        request.push_label("key", "a b/c?d/", true).unwrap();
        assert_eq!(uri(request), "https://example.com/a%20b/c%3Fd/");
    }

    #[test]
    fn empty_labels_are_errors() {
        let mut request = builder("GET", "https://example.com");
        let error = request.push_label("detectorId", "", false).unwrap_err();
        assert_eq!(error.to_string(), "detectorId: a URI label must not be empty");
        assert_eq!(error.member(), Some("detectorId"));
        assert!(matches!(request.push_label("key", "", true), Err(RequestError::EmptyLabel { member: "key" })));
    }

    #[test]
    fn path_literals_keep_what_a_path_allows() {
        let mut request = builder("GET", "https://example.com");
        request.push_path("/ReDosLiteral/");
        request.push_label("str", "abc", false).unwrap();
        request.push_path("/(a+)+");
        assert_eq!(uri(request), "https://example.com/ReDosLiteral/abc/(a+)+");
        let mut request = builder("GET", "https://example.com");
        request.push_path("/a b/%41/%zz/100%/ü/:@!$&'*,;=~");
        assert_eq!(uri(request), "https://example.com/a%20b/%41/%25zz/100%25/%C3%BC/:@!$&'*,;=~");
        let mut request = builder("GET", "https://example.com");
        request.push_path("/x?#[]\"<>{}|\\^`");
        assert_eq!(uri(request), "https://example.com/x%3F%23%5B%5D%22%3C%3E%7B%7D%7C%5C%5E%60");
    }

    #[test]
    fn query_strings() {
        // RestJsonQueryStringEscaping
        let mut request = builder("GET", "https://example.com");
        request.push_path("/AllQueryStringTypesInput");
        request.push_query("String", HOSTILE);
        assert_eq!(uri(request), format!("https://example.com/AllQueryStringTypesInput?String={HOSTILE_ESCAPED}"));
        // RestJsonConstantQueryString
        let mut request = builder("GET", "https://example.com");
        request.push_path("/ConstantQueryString/");
        request.push_label("hello", "hi", false).unwrap();
        request.push_query_literal("foo=bar&hello");
        assert!(request.has_query("hello"));
        assert!(request.has_query("foo"));
        assert!(!request.has_query("bar"));
        assert_eq!(uri(request), "https://example.com/ConstantQueryString/hi?foo=bar&hello");
        // RestJsonAllQueryStringTypes (lists, spaces, floats)
        let mut request = builder("GET", "https://example.com");
        request.push_path("/AllQueryStringTypesInput");
        request.push_query("String", "Hello there");
        for value in ["a", "b"] {
            request.push_query("StringList", value);
        }
        request.push_query("Float", &fmt_f32(1.1));
        request.push_query("Double", &fmt_f64(f64::NAN));
        assert_eq!(
            uri(request),
            "https://example.com/AllQueryStringTypesInput?String=Hello%20there&StringList=a&StringList=b&Float=1.1&Double=NaN"
        );
        // RestJsonQueryPrecedence: a named member wins over a map's entry.
        let mut request = builder("POST", "https://example.com");
        request.push_path("/Precedence");
        request.push_query("bar", "named");
        for (key, value) in [("bar", "fromMap"), ("qux", "alsoFromMap")] {
            if !request.has_query(key) {
                request.push_query(key, value);
            }
        }
        assert_eq!(uri(request), "https://example.com/Precedence?bar=named&qux=alsoFromMap");
        // Names are compared escaped; literals are escaped where a query cannot carry a byte.
        let mut request = builder("GET", "https://example.com");
        request.push_query("a b", "1");
        request.push_query_literal("x y=[1]&z=/?");
        assert!(request.has_query("a b"));
        assert!(request.has_query("x y"));
        assert_eq!(uri(request), "https://example.com/?a%20b=1&x%20y=%5B1%5D&z=/?");
    }

    #[test]
    fn endpoints() {
        // RestJsonHostWithPath
        let mut request = builder("GET", "https://example.com/custom");
        request.push_path("/HostWithPathOperation");
        assert_eq!(uri(request), "https://example.com/custom/HostWithPathOperation");
        let mut request = builder("GET", "https://example.com/custom/");
        request.push_path("/HostWithPathOperation");
        assert_eq!(uri(request), "https://example.com/custom/HostWithPathOperation");
        assert_eq!(uri(builder("GET", "https://example.com")), "https://example.com/");
        assert_eq!(uri(builder("GET", "https://example.com/")), "https://example.com/");
        let mut request = builder("GET", "http://127.0.0.1:8080");
        request.push_path("/a");
        assert_eq!(uri(request), "http://127.0.0.1:8080/a");
        let mut request = builder("GET", "http://[::1]:8080");
        request.push_path("/a");
        assert_eq!(uri(request), "http://[::1]:8080/a");
        for (endpoint, reason) in [
            ("example.com", "an endpoint needs a scheme, such as https://"),
            ("https://example.com?a=b", "an endpoint must not have a query"),
            ("https://example.com/#top", "an endpoint must not have a fragment"),
            ("https://user@example.com", "an endpoint must not carry user information"),
            ("/path", "an endpoint needs a scheme, such as https://"),
        ] {
            match RequestBuilder::new("GET", endpoint) {
                Err(RequestError::InvalidEndpoint { endpoint: at, reason: why }) => {
                    assert_eq!((at.as_str(), why.as_str()), (endpoint, reason))
                }
                other => panic!("{endpoint}: {other:?}"),
            }
        }
        assert!(matches!(RequestBuilder::new("GET", ""), Err(RequestError::InvalidEndpoint { .. })));
        assert!(matches!(RequestBuilder::new("GET", "https://"), Err(RequestError::InvalidEndpoint { .. })));
        assert!(matches!(
            RequestBuilder::new("GET", "https://exa mple.com"),
            Err(RequestError::InvalidEndpoint { .. })
        ));
        let error = RequestBuilder::new("GE T", "https://example.com").unwrap_err();
        assert_eq!(error.to_string(), r#""GE T" is not a valid HTTP method"#);
    }

    #[test]
    fn host_prefixes_and_labels() {
        // RestJsonEndpointTrait, RestJsonEndpointTraitWithHostLabel
        let mut request = builder("POST", "https://example.com");
        request.host_prefix("foo.").unwrap();
        request.push_path("/EndpointOperation");
        assert_eq!(uri(request), "https://foo.example.com/EndpointOperation");
        RequestBuilder::host_label("label", "bar").unwrap();
        let mut request = builder("POST", "https://example.com:8443/base");
        request.host_prefix(&format!("foo.{}.", "bar")).unwrap();
        request.push_path("/EndpointWithHostLabelOperation");
        assert_eq!(uri(request), "https://foo.bar.example.com:8443/base/EndpointWithHostLabelOperation");
        for value in ["a.b-c", "A1", "x".repeat(63).as_str()] {
            RequestBuilder::host_label("label", value).unwrap();
        }
        for value in ["", "-a", "a..b", "a.", "a_b", "a/b", "a b", "ü", &"x".repeat(64)] {
            let error = RequestBuilder::host_label("label", value).unwrap_err();
            assert!(matches!(&error, RequestError::InvalidHostLabel { member: "label", value: v } if v == value));
            assert_eq!(error.member(), Some("label"));
        }
        assert!(
            RequestBuilder::host_label("label", "a b")
                .unwrap_err()
                .to_string()
                .starts_with(r#"label: "a b" is not a valid host label"#)
        );
        let mut request = builder("POST", "https://example.com");
        let error = request.host_prefix("a/b.").unwrap_err();
        assert!(matches!(&error, RequestError::InvalidEndpoint { endpoint, .. } if endpoint == "a/b.example.com"));
        assert!(request.host_prefix("..").is_err());
        let mut request = builder("POST", "http://[::1]");
        assert!(request.host_prefix("foo.").is_err());
    }

    #[test]
    fn headers_and_body() {
        // RestJsonHttpWithHeadersButNoPayload
        let mut request = builder("POST", "https://example.com");
        request.push_path("/HttpWithHeadersButNoPayload");
        request.header("X-Amz-Test-Id", "t-12345").unwrap();
        assert!(request.has_header("x-amz-test-id"));
        assert!(!request.has_header("Content-Type"));
        assert!(!request.has_header("not a header name"));
        let request = request.build(b"{}".to_vec(), Some("application/json")).unwrap();
        assert_eq!(request.method(), Method::POST);
        assert_eq!(request.uri(), "https://example.com/HttpWithHeadersButNoPayload");
        let headers: Vec<(&str, &str)> =
            request.headers().iter().map(|(name, value)| (name.as_str(), value.to_str().unwrap())).collect();
        assert_eq!(
            headers,
            [("x-amz-test-id", "t-12345"), ("content-type", "application/json"), ("content-length", "2")]
        );
        assert_eq!(request.body(), b"{}");
        assert!(!request.headers().contains_key(http::header::HOST));
    }

    #[test]
    fn content_length_and_type() {
        // RestJsonHttpGetWithNoInput: neither header.
        let request = builder("GET", "https://example.com").build(Vec::new(), None).unwrap();
        assert!(request.headers().is_empty());
        // RestJsonHttpPostWithNoInput: no Content-Type; Content-Length 0 for a method with a body.
        for method in ["POST", "PUT", "PATCH"] {
            let request = builder(method, "https://example.com").build(Vec::new(), None).unwrap();
            assert_eq!(request.headers()[CONTENT_LENGTH], "0");
            assert!(!request.headers().contains_key(CONTENT_TYPE));
        }
        for method in ["GET", "DELETE", "HEAD"] {
            let request = builder(method, "https://example.com").build(Vec::new(), None).unwrap();
            assert!(request.headers().is_empty(), "{method}");
        }
        // A body with any method has its length.
        let request = builder("DELETE", "https://example.com").build(b"abc".to_vec(), Some("text/plain")).unwrap();
        assert_eq!(request.headers()[CONTENT_LENGTH], "3");
        assert_eq!(request.headers()[CONTENT_TYPE], "text/plain");
        // A Content-Type set as a header (a modeled one) wins.
        let mut request = builder("POST", "https://example.com");
        request.header("content-type", "image/jpg").unwrap();
        let request = request.build(b"1234".to_vec(), Some("application/octet-stream")).unwrap();
        assert_eq!(request.headers().get_all(CONTENT_TYPE).iter().collect::<Vec<_>>(), ["image/jpg"]);
        assert!(matches!(
            builder("POST", "https://example.com").build(Vec::new(), Some("a\nb")),
            Err(RequestError::InvalidHeader { .. })
        ));
    }

    #[test]
    fn invalid_headers() {
        let mut request = builder("GET", "https://example.com");
        let error = request.header("X-Foo", "a\r\nb").unwrap_err();
        assert_eq!(error.to_string(), r#"header "X-Foo": the value has characters a header cannot carry"#);
        let error = request.header("X Foo", "a").unwrap_err();
        assert_eq!(error.to_string(), r#"header "X Foo": not a valid header name"#);
        assert_eq!(error.member(), None);
        // Empty values are headers all the same (RestJsonNullAndEmptyHeaders).
        request.header("X-B", "").unwrap();
        request.header("X-C", "").unwrap();
        request.header("X-C", "again").unwrap();
        let request = request.build(Vec::new(), None).unwrap();
        assert_eq!(request.headers()["x-b"], "");
        assert_eq!(request.headers().get_all("x-c").iter().count(), 2);
    }

    #[test]
    fn header_lists() {
        // RestJsonInputAndOutputWithQuotedStringHeaders
        assert_eq!(header_list(["b,c", "\"def\"", "a"], true), r#""b,c", "\"def\"", a"#);
        assert_eq!(header_list(["a", "b", "c"], true), "a, b, c");
        assert_eq!(header_list([" a", "b\\c", ""], true), r#"" a", b\c, """#);
        assert_eq!(header_list(["a\\\"b"], true), r#""a\\\"b""#);
        assert_eq!(header_list([], true), "");
        // RestJsonInputAndOutputWithTimestampHeaders
        let timestamp = jiff::Timestamp::from_second(1576540098).unwrap();
        let dates: Vec<String> = (0..2).map(|_| fmt_timestamp(&timestamp, time::Format::HttpDate)).collect();
        assert_eq!(
            header_list(dates.iter().map(String::as_str), false),
            "Mon, 16 Dec 2019 23:48:18 GMT, Mon, 16 Dec 2019 23:48:18 GMT"
        );
        assert_eq!(header_list(["1", "2", "3"], false), "1, 2, 3");
    }

    #[test]
    fn value_spelling() {
        assert_eq!(fmt_f64(1.1), "1.1");
        assert_eq!(fmt_f64(1.0), "1");
        assert_eq!(fmt_f64(0.5), "0.5");
        assert_eq!(fmt_f64(-0.25), "-0.25");
        assert_eq!(fmt_f64(f64::NAN), "NaN");
        assert_eq!(fmt_f64(f64::INFINITY), "Infinity");
        assert_eq!(fmt_f64(f64::NEG_INFINITY), "-Infinity");
        assert_eq!(fmt_f32(1.1), "1.1");
        assert_eq!(fmt_f32(4.0), "4");
        assert_eq!(fmt_f32(f32::NAN), "NaN");
        assert_eq!(fmt_f32(f32::NEG_INFINITY), "-Infinity");
        assert_eq!(base64_encode(b"true"), "dHJ1ZQ==");
        assert_eq!(base64_encode(b""), "");
        let token = idempotency_token();
        assert_eq!(token.len(), 36);
        assert_eq!(token.as_bytes()[14], b'4');
        assert!(token.bytes().all(|b| b == b'-' || b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
        assert_ne!(token, idempotency_token());
    }

    #[test]
    fn a_fixed_idempotency_token_is_for_its_closure_and_thread() {
        let fixed = "00000000-0000-4000-8000-000000000000";
        let inner = with_idempotency_token(fixed, || {
            let nested = with_idempotency_token("other", idempotency_token);
            assert_eq!(nested, "other");
            let elsewhere = std::thread::spawn(idempotency_token).join().unwrap();
            assert_ne!(elsewhere, fixed);
            idempotency_token()
        });
        assert_eq!(inner, fixed);
        let unwound = std::panic::catch_unwind(|| with_idempotency_token(fixed, || panic!("unwinding")));
        assert!(unwound.is_err());
        assert_ne!(idempotency_token(), fixed, "restored after a panic");
    }

    #[cfg(feature = "compression")]
    #[test]
    fn bodies_are_compressed_from_the_minimum_size() {
        use std::io::Read as _;
        let body = "x".repeat(DEFAULT_MIN_COMPRESSION_SIZE).into_bytes();
        let request = |encoding: Option<&str>, body: Vec<u8>| {
            let mut builder = http::Request::builder().header("content-length", body.len());
            if let Some(encoding) = encoding {
                builder = builder.header("content-encoding", encoding);
            }
            builder.body(body).unwrap()
        };
        let mut small = request(None, body[1..].to_vec());
        assert!(!compress(&mut small, &["gzip"], DEFAULT_MIN_COMPRESSION_SIZE));
        assert!(small.headers().get("content-encoding").is_none());
        let mut unknown = request(None, body.clone());
        assert!(!compress(&mut unknown, &["br"], 0));
        let mut large = request(Some("custom"), body.clone());
        assert!(compress(&mut large, &["br", "gzip"], DEFAULT_MIN_COMPRESSION_SIZE));
        assert_eq!(large.headers()["content-encoding"], "custom, gzip");
        assert_eq!(large.headers()["content-length"], large.body().len().to_string().as_str());
        let mut read = Vec::new();
        flate2::read::GzDecoder::new(large.body().as_slice()).read_to_end(&mut read).unwrap();
        assert_eq!(read, body);
        let mut plain = request(None, b"{}".to_vec());
        assert!(compress(&mut plain, &["gzip"], 0));
        assert_eq!(plain.headers()["content-encoding"], "gzip");
    }

    #[test]
    fn body_errors_keep_their_source() {
        let error = RequestError::from(serde_json::from_str::<u8>("x").unwrap_err());
        assert!(error.to_string().starts_with("body: expected value"));
        assert!(std::error::Error::source(&error).is_some());
        let error = RequestError::MissingMember { shape: "GetDetectorRequest", member: "detectorId" };
        assert_eq!(error.to_string(), "GetDetectorRequest.detectorId is required but was not set");
        assert_eq!(error.member(), Some("detectorId"));
    }
}
