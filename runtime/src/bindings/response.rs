//! Reading a response: members bound to headers, and the code and message of an error.
//!
//! Every failure is a [`ResponseError`] that names its place: `header "X-Foo"`, or `body` and
//! the path of the offending value.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use base64::Engine as _;
use http::HeaderMap;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::adapters::Text;
use crate::operation::ServiceError;
use crate::time;

/// A response that could not be read: where, what was wrong, and the response's status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseError {
    place: String,
    message: String,
    status: u16,
}

impl ResponseError {
    /// An error at `place` (`header "X-Foo"`, `body.findings[3].severity`) of a response with
    /// `status`.
    pub fn new(place: impl Into<String>, message: impl Into<String>, status: u16) -> ResponseError {
        ResponseError { place: place.into(), message: message.into(), status }
    }

    /// An error in a JSON body. Its place is `body` for the body as a whole, else `body.` and
    /// the path of the offending value (`body.findings[3].severity`), or `body` directly
    /// followed by the path when that begins with an index (`body[3].name`).
    pub fn from_json(error: crate::json::Error, status: u16) -> ResponseError {
        let place = match error.path() {
            "" => "body".to_owned(),
            path if path.starts_with('[') => format!("body{path}"),
            path => format!("body.{path}"),
        };
        ResponseError { place, message: error.message(), status }
    }

    /// An error in the header `name`.
    fn header(name: &str, message: impl Into<String>, status: u16) -> ResponseError {
        ResponseError { place: format!("header {name:?}"), message: message.into(), status }
    }

    /// Where the error is: `header "X-Foo"`, `body`, `body.findings[3].severity`.
    #[inline]
    pub fn place(&self) -> &str {
        &self.place
    }

    /// What was wrong.
    #[inline]
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The response's HTTP status.
    #[inline]
    pub fn status(&self) -> u16 {
        self.status
    }
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}

impl std::error::Error for ResponseError {}

impl ServiceError for ResponseError {
    /// None: the response could not be read, whatever the service meant by it.
    #[inline]
    fn code(&self) -> Option<&str> {
        None
    }

    #[inline]
    fn message(&self) -> Option<&str> {
        Some(&self.message)
    }

    #[inline]
    fn status(&self) -> Option<u16> {
        Some(self.status)
    }
}

/// The value of the header `name`, trimmed of surrounding whitespace; several fields of that
/// name are joined by `", "`, as HTTP's list rule allows. `None` when there is no such header.
///
/// A value that is not UTF-8 text is an error naming the header.
pub fn header<'r>(headers: &'r HeaderMap, name: &str, status: u16) -> Result<Option<Cow<'r, str>>, ResponseError> {
    let text = |value: &'r http::HeaderValue| {
        std::str::from_utf8(value.as_bytes())
            .map(str::trim)
            .map_err(|_| ResponseError::header(name, "the value is not UTF-8 text", status))
    };
    let mut values = headers.get_all(name).iter();
    let Some(first) = values.next() else { return Ok(None) };
    let first = text(first)?;
    let Some(second) = values.next() else { return Ok(Some(Cow::Borrowed(first))) };
    let mut joined = format!("{first}, {}", text(second)?);
    for value in values {
        joined.push_str(", ");
        joined.push_str(text(value)?);
    }
    Ok(Some(Cow::Owned(joined)))
}

/// A boolean: `true` or `false`, exactly.
#[inline]
pub fn parse_bool(name: &str, value: &str, status: u16) -> Result<bool, ResponseError> {
    match value {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(ResponseError::header(name, format!("invalid boolean {value:?}"), status)),
    }
}

/// An integer in decimal.
pub fn parse_int<T: FromStr>(name: &str, value: &str, status: u16) -> Result<T, ResponseError> {
    value.parse().map_err(|_| ResponseError::header(name, format!("invalid integer {value:?}"), status))
}

/// A double: a decimal number, or `NaN`, `Infinity`, `-Infinity`.
pub fn parse_f64(name: &str, value: &str, status: u16) -> Result<f64, ResponseError> {
    float(value).ok_or_else(|| invalid_float(name, value, status))
}

/// A float as the protocols spell it in text (headers, XML): a decimal, `NaN`, `Infinity` or
/// `-Infinity`.
pub(crate) fn float(value: &str) -> Option<f64> {
    match value {
        "NaN" => Some(f64::NAN),
        "Infinity" => Some(f64::INFINITY),
        "-Infinity" => Some(f64::NEG_INFINITY),
        // Rust also reads `inf` and `nan` in any case, which the protocols do not write.
        _ if value.bytes().any(|b| b.is_ascii_alphabetic() && b != b'e' && b != b'E') => None,
        _ => value.parse().ok(),
    }
}

/// A float: a decimal number, or `NaN`, `Infinity`, `-Infinity`; the nearest `f32`.
pub fn parse_f32(name: &str, value: &str, status: u16) -> Result<f32, ResponseError> {
    parse_f64(name, value, status).map(|value| value as f32)
}

/// The error of a float that is not one.
fn invalid_float(name: &str, value: &str, status: u16) -> ResponseError {
    ResponseError::header(name, format!("invalid number {value:?}"), status)
}

/// A timestamp in any format, as [`time::parse`] reads it.
pub fn parse_timestamp(name: &str, value: &str, status: u16) -> Result<jiff::Timestamp, ResponseError> {
    time::parse(value).map_err(|error| ResponseError::header(name, error.to_string(), status))
}

/// Bytes in base64, standard alphabet; the padding may be left out.
pub fn parse_base64(name: &str, value: &str, status: u16) -> Result<Vec<u8>, ResponseError> {
    base64(value).map_err(|error| ResponseError::header(name, format!("invalid base64: {error}"), status))
}

/// Bytes in base64 as the protocols send them: standard alphabet, padding optional.
pub(crate) fn base64(value: &str) -> Result<Vec<u8>, base64::DecodeError> {
    base64::engine::general_purpose::STANDARD_PAD_INDIFFERENT.decode(value)
}

/// Text in base64 (a string with a media type): base64 whose bytes are UTF-8.
pub fn parse_base64_string(name: &str, value: &str, status: u16) -> Result<String, ResponseError> {
    let bytes = parse_base64(name, value, status)?;
    String::from_utf8(bytes).map_err(|_| ResponseError::header(name, "the base64 value is not UTF-8 text", status))
}

/// The items of a list of strings bound to a header.
///
/// Items are separated by commas outside double quotes, and trimmed; a quoted item is unquoted,
/// its `\` escapes removed: `"b,c", "\"def\"", a` is `["b,c", "\"def\"", "a"]`. Empty items
/// are skipped, as HTTP's list rule says, but a quoted empty string (`""`) is an item. An
/// unterminated quote, or text after a closing quote, is an error.
pub fn split_header_list(name: &str, value: &str, status: u16) -> Result<Vec<String>, ResponseError> {
    let mut items = Vec::new();
    let mut rest = value;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        if let Some(quoted) = rest.strip_prefix('"') {
            let mut item = String::new();
            let mut chars = quoted.char_indices();
            let end = loop {
                match chars.next() {
                    Some((at, '"')) => break at,
                    Some((_, '\\')) => match chars.next() {
                        Some((_, c)) => item.push(c),
                        None => return Err(ResponseError::header(name, "unterminated quoted string", status)),
                    },
                    Some((_, c)) => item.push(c),
                    None => return Err(ResponseError::header(name, "unterminated quoted string", status)),
                }
            };
            items.push(item);
            rest = quoted[end + 1..].trim_start();
            match rest.strip_prefix(',') {
                Some(after) => rest = after,
                None if rest.is_empty() => break,
                None => return Err(ResponseError::header(name, "unexpected text after a quoted string", status)),
            }
        } else {
            let (item, after) = rest.split_once(',').unwrap_or((rest, ""));
            let item = item.trim_end();
            if !item.is_empty() {
                items.push(item.to_owned());
            }
            rest = after;
        }
    }
    Ok(items)
}

/// The items of a list of timestamps bound to a header, whose HTTP dates hold a comma each:
/// `Mon, 16 Dec 2019 23:48:18 GMT, Mon, 16 Dec 2019 23:48:18 GMT` is two items.
///
/// A piece that is only a day of the week (`Mon`, `Monday`) is joined with the piece after it;
/// any other piece (epoch seconds, an RFC 3339 date-time, an asctime date) is an item by itself.
/// The items are not read as timestamps here: see [`parse_timestamp`].
pub fn split_http_date_list(name: &str, value: &str, status: u16) -> Result<Vec<String>, ResponseError> {
    let mut items = Vec::new();
    let mut pieces = value.split(',').map(str::trim);
    while let Some(piece) = pieces.next() {
        if piece.is_empty() {
            continue;
        }
        if piece.bytes().all(|b| b.is_ascii_alphabetic()) {
            match pieces.next() {
                Some(date) if !date.is_empty() => items.push(format!("{piece}, {date}")),
                _ => {
                    let message = format!("{piece:?} is a day of the week without a date");
                    return Err(ResponseError::header(name, message, status));
                }
            }
        } else {
            items.push(piece.to_owned());
        }
    }
    Ok(items)
}

/// The headers whose names start with `prefix`, in any case, keyed by the rest of the name in
/// lowercase (as the `http` crate holds names); an empty prefix takes every header. Several
/// fields of one name are joined as [`header`] joins them. A header named exactly `prefix` is
/// left out: its key would be empty.
pub fn prefix_headers(
    headers: &HeaderMap,
    prefix: &str,
    status: u16,
) -> Result<HashMap<String, String>, ResponseError> {
    let mut map = HashMap::new();
    for name in headers.keys() {
        let name = name.as_str();
        let Some(rest) = name.get(prefix.len()..) else { continue };
        if rest.is_empty() || !name.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes()) {
            continue;
        }
        if let Some(value) = header(headers, name, status)? {
            map.insert(rest.to_owned(), value.into_owned());
        }
    }
    Ok(map)
}

/// An error code as services send it, reduced to the error's shape name: what precedes the
/// first `:` (dropping a URI, as in `FooError:http://internal.amazon.com/coral/...`), after the
/// last `#` (dropping a namespace, as in `aws.protocoltests.restjson#FooError`), trimmed.
#[inline]
pub fn sanitize_error_code(code: &str) -> &str {
    let code = code.split_once(':').map_or(code, |(code, _)| code);
    let code = code.rsplit_once('#').map_or(code, |(_, code)| code);
    code.trim()
}

/// What an error response says of itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorMeta {
    /// The error code, sanitized to the error's shape name. A response that names none and
    /// has no body (S3's `HeadObject` of a missing key) takes its status as its code (`"404"`),
    /// as botocore reports it.
    pub code: Option<String>,
    /// The error message.
    pub message: Option<String>,
    /// The code of the error in the service's Query protocol, for services that are
    /// query-compatible (from `x-amzn-query-error`).
    pub query_code: Option<String>,
    /// The id AWS gave the request: the `x-amzn-RequestId` or `x-amz-request-id` header, else
    /// the body's where the protocol puts it there (`RequestId` of the XML protocols).
    pub request_id: Option<String>,
}

impl ErrorMeta {
    /// What an error response of the JSON protocols says of itself: [`json_error_meta`] of
    /// its headers and body, completed from the rest of the response ([`ErrorMeta::complete`]).
    #[inline]
    pub fn from_json<B: AsRef<[u8]>>(response: &http::Response<B>) -> ErrorMeta {
        json_error_meta(response.headers(), response.body().as_ref()).complete(response)
    }

    /// The meta completed from what every protocol's response says alike: the request id of
    /// its headers, where the body gave none; its status as its code, where it names no code
    /// and has no body.
    pub fn complete<B: AsRef<[u8]>>(mut self, response: &http::Response<B>) -> ErrorMeta {
        if self.request_id.is_none() {
            self.request_id = request_id(response.headers());
        }
        if self.code.is_none() && blank(response.body().as_ref()) {
            self.code = Some(response.status().as_u16().to_string());
        }
        self
    }

    /// The code, or `""` when the response gave none (no error's code is empty), for a
    /// `match` on it.
    #[inline]
    pub fn code_or_empty(&self) -> &str {
        self.code.as_deref().unwrap_or_default()
    }

    /// The error `response` is, as one the model does not list: this code and message, its
    /// status and its body.
    pub fn unmodeled<B: AsRef<[u8]>>(self, response: &http::Response<B>) -> UnmodeledError {
        UnmodeledError::from_meta(self, response.status().as_u16(), response.body().as_ref().to_vec())
    }
}

/// Whether a body holds no document at all: empty, or only whitespace.
pub(crate) fn blank(body: &[u8]) -> bool {
    body.iter().all(u8::is_ascii_whitespace)
}

/// A body of the JSON protocols read into `T` with [`json::from_slice`](crate::json::from_slice),
/// errors naming the place; a body that is empty or only whitespace is `T`'s default (a
/// service sends nothing for an output whose members are all unset or bound elsewhere).
#[inline]
pub fn json_body<'a, T: serde::Deserialize<'a> + Default>(body: &'a [u8], status: u16) -> Result<T, ResponseError> {
    if blank(body) {
        return Ok(T::default());
    }
    crate::json::from_slice(body).map_err(|e| ResponseError::from_json(e, status))
}

/// The code and message of an error response of the JSON protocols (rest-json, JSON 1.0 and 1.1).
///
/// The code is the `X-Amzn-ErrorType` header, else the body's `"__type"`, else its `"code"`,
/// [sanitized](sanitize_error_code). The message is the body's `"message"`, else `"Message"`,
/// else `"errorMessage"` (string values only). The query code is the part of the
/// `x-amzn-query-error` header (`Code;Sender`) before `;`. A body that is empty, not JSON or
/// not an object gives neither code nor message; this never fails.
pub fn json_error_meta(headers: &HeaderMap, body: &[u8]) -> ErrorMeta {
    let header =
        |name: &str| headers.get(name).and_then(|value| std::str::from_utf8(value.as_bytes()).ok()).map(str::trim);
    let fields = if blank(body) { ErrorFields::default() } else { serde_json::from_slice(body).unwrap_or_default() };
    let sanitized = |code: &str| Some(sanitize_error_code(code)).filter(|code| !code.is_empty()).map(str::to_owned);
    let code = header("x-amzn-errortype")
        .and_then(sanitized)
        .or_else(|| fields.type_.as_deref().and_then(sanitized))
        .or_else(|| fields.code.as_deref().and_then(sanitized));
    let message = fields.message.or(fields.message_capital).or(fields.error_message);
    ErrorMeta { code, message, query_code: query_error_code(headers), request_id: None }
}

/// The request id of a response's headers: `x-amzn-RequestId`, else `x-amz-request-id` (S3).
pub fn request_id(headers: &HeaderMap) -> Option<String> {
    ["x-amzn-requestid", "x-amz-request-id"].iter().find_map(|name| {
        let value = std::str::from_utf8(headers.get(*name)?.as_bytes()).ok()?.trim();
        (!value.is_empty()).then(|| value.to_owned())
    })
}

/// The code of a query-compatible error: the `x-amzn-query-error` header's (`Code;Sender`)
/// before `;`.
pub(crate) fn query_error_code(headers: &HeaderMap) -> Option<String> {
    let value = std::str::from_utf8(headers.get("x-amzn-query-error")?.as_bytes()).ok()?;
    Some(value.split_once(';').map_or(value, |(code, _)| code).trim())
        .filter(|code| !code.is_empty())
        .map(str::to_owned)
}

/// The members of a JSON error body that say what the error is.
#[derive(Default)]
struct ErrorFields {
    type_: Option<String>,
    code: Option<String>,
    message: Option<String>,
    message_capital: Option<String>,
    error_message: Option<String>,
}

impl<'de> de::Deserialize<'de> for ErrorFields {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<ErrorFields, D::Error> {
        deserializer.deserialize_map(ErrorFieldsVisitor)
    }
}

/// Reads [`ErrorFields`] from an object, skipping every other member.
struct ErrorFieldsVisitor;

impl<'de> Visitor<'de> for ErrorFieldsVisitor {
    type Value = ErrorFields;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an error object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ErrorFields, A::Error> {
        let mut fields = ErrorFields::default();
        while let Some(key) = map.next_key_seed(Text)? {
            let place = match &*key {
                "__type" => &mut fields.type_,
                "code" => &mut fields.code,
                "message" => &mut fields.message,
                "Message" => &mut fields.message_capital,
                "errorMessage" => &mut fields.error_message,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            let MaybeString(value) = map.next_value()?;
            if place.is_none() {
                *place = value;
            }
        }
        Ok(fields)
    }
}

/// A string, or `None` for a value of any other type.
struct MaybeString(Option<String>);

impl<'de> de::Deserialize<'de> for MaybeString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<MaybeString, D::Error> {
        deserializer.deserialize_any(MaybeStringVisitor)
    }
}

/// Reads [`MaybeString`].
struct MaybeStringVisitor;

impl<'de> Visitor<'de> for MaybeStringVisitor {
    type Value = MaybeString;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<MaybeString, E> {
        Ok(MaybeString(Some(value.to_owned())))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<MaybeString, E> {
        Ok(MaybeString(Some(value)))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<MaybeString, E> {
        Ok(MaybeString(None))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<MaybeString, E> {
        Ok(MaybeString(None))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<MaybeString, E> {
        Ok(MaybeString(None))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<MaybeString, E> {
        Ok(MaybeString(None))
    }

    fn visit_unit<E: de::Error>(self) -> Result<MaybeString, E> {
        Ok(MaybeString(None))
    }

    fn visit_none<E: de::Error>(self) -> Result<MaybeString, E> {
        Ok(MaybeString(None))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<MaybeString, A::Error> {
        IgnoredAny.visit_seq(seq).map(|_| MaybeString(None))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<MaybeString, A::Error> {
        IgnoredAny.visit_map(map).map(|_| MaybeString(None))
    }
}

/// A service error that the operation's model does not list: its code and message as the
/// response gave them, its status and its body.
#[derive(Clone, PartialEq)]
pub struct UnmodeledError {
    /// Boxed: an operation's error enum, and every `Result` holding one, is as large as its
    /// largest variant.
    meta: Box<ErrorMeta>,
    status: u16,
    body: Vec<u8>,
}

impl UnmodeledError {
    /// An error with `code` and `message` (from [`json_error_meta`] or the like), from a
    /// response with `status` and `body`.
    pub fn new(code: Option<String>, message: Option<String>, status: u16, body: Vec<u8>) -> UnmodeledError {
        UnmodeledError::from_meta(ErrorMeta { code, message, ..ErrorMeta::default() }, status, body)
    }

    /// An error described by `meta`, from a response with `status` and `body`.
    pub fn from_meta(meta: ErrorMeta, status: u16, body: Vec<u8>) -> UnmodeledError {
        UnmodeledError { meta: Box::new(meta), status, body }
    }

    /// The error code, by the rule of [`ServiceError::code`]: the query code of a
    /// query-compatible service's response, else the code the response gave.
    #[inline]
    pub fn code(&self) -> Option<&str> {
        self.meta.query_code.as_deref().or(self.meta.code.as_deref())
    }

    /// The code the response gave (its `X-Amzn-ErrorType`, `__type` or `Code`, sanitized),
    /// whatever its query code.
    #[inline]
    pub fn wire_code(&self) -> Option<&str> {
        self.meta.code.as_deref()
    }

    /// The id AWS gave the request, when the response carried one.
    #[inline]
    pub fn request_id(&self) -> Option<&str> {
        self.meta.request_id.as_deref()
    }

    /// The error message.
    #[inline]
    pub fn message(&self) -> Option<&str> {
        self.meta.message.as_deref()
    }

    /// The response's HTTP status.
    #[inline]
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response's body.
    #[inline]
    pub fn body(&self) -> &[u8] {
        &self.body
    }
}

impl fmt::Display for UnmodeledError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.code() {
            Some(code) => f.write_str(code)?,
            None => write!(f, "HTTP {}", self.status)?,
        }
        if let Some(message) = self.message() {
            write!(f, ": {message}")?;
        }
        Ok(())
    }
}

/// The body is shown as text (lossily), for a reader of logs and test failures.
impl fmt::Debug for UnmodeledError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UnmodeledError")
            .field("code", &self.meta.code)
            .field("query_code", &self.meta.query_code)
            .field("message", &self.meta.message)
            .field("status", &self.status)
            .field("request_id", &self.meta.request_id)
            .field("body", &String::from_utf8_lossy(&self.body))
            .finish()
    }
}

impl std::error::Error for UnmodeledError {}

impl ServiceError for UnmodeledError {
    #[inline]
    fn code(&self) -> Option<&str> {
        UnmodeledError::code(self)
    }

    #[inline]
    fn message(&self) -> Option<&str> {
        UnmodeledError::message(self)
    }

    #[inline]
    fn status(&self) -> Option<u16> {
        Some(self.status)
    }

    #[inline]
    fn request_id(&self) -> Option<&str> {
        UnmodeledError::request_id(self)
    }

    #[inline]
    fn query_code(&self) -> Option<&str> {
        self.meta.query_code.as_deref()
    }
}

/// What the response a modeled error came from said beside the error's members: its status,
/// the request id and, for a query-compatible service, the query code. Generated error
/// structures hold one; it is empty for an error made by hand.
///
/// Two words: the ids are boxed, since an operation's error enum, and every `Result` holding
/// one, is as large as its largest error.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ErrorContext {
    status: Option<u16>,
    ids: Option<Box<(Option<String>, Option<String>)>>,
}

impl ErrorContext {
    /// The context of an error read from `response`, which says `meta` of itself.
    pub fn of<B>(response: &http::Response<B>, meta: &ErrorMeta) -> ErrorContext {
        let ids = (meta.request_id.is_some() || meta.query_code.is_some())
            .then(|| Box::new((meta.request_id.clone(), meta.query_code.clone())));
        ErrorContext { status: Some(response.status().as_u16()), ids }
    }

    /// The response's HTTP status.
    #[inline]
    pub fn status(&self) -> Option<u16> {
        self.status
    }

    /// The id AWS gave the request.
    #[inline]
    pub fn request_id(&self) -> Option<&str> {
        self.ids.as_ref()?.0.as_deref()
    }

    /// The error's code in the query protocol, from the response's `x-amzn-query-error`.
    #[inline]
    pub fn query_code(&self) -> Option<&str> {
        self.ids.as_ref()?.1.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use http::HeaderValue;

    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for &(name, value) in pairs {
            map.append(name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn reads_headers() {
        let map = headers(&[("X-Foo", " a "), ("x-list", "1, 2"), ("X-List", "3")]);
        assert!(matches!(header(&map, "x-foo", 200).unwrap(), Some(Cow::Borrowed("a"))));
        assert_eq!(header(&map, "X-List", 200).unwrap().unwrap(), "1, 2, 3");
        assert_eq!(header(&map, "X-None", 200).unwrap(), None);
        assert_eq!(header(&map, "not a header name", 200).unwrap(), None);
        let mut map = HeaderMap::new();
        map.insert("x-utf8", HeaderValue::from_bytes("Größe".as_bytes()).unwrap());
        map.insert("x-bytes", HeaderValue::from_bytes(b"a\xffb").unwrap());
        assert_eq!(header(&map, "x-utf8", 200).unwrap().unwrap(), "Größe");
        let error = header(&map, "X-Bytes", 200).unwrap_err();
        assert_eq!(error.to_string(), r#"header "X-Bytes": the value is not UTF-8 text"#);
        assert_eq!(error.status(), 200);
        assert_eq!(ServiceError::code(&error), None);
    }

    #[test]
    fn parses_scalars() {
        assert!(parse_bool("X-Boolean1", "true", 200).unwrap());
        assert!(!parse_bool("X-Boolean2", "false", 200).unwrap());
        assert_eq!(parse_bool("X-B", "True", 200).unwrap_err().to_string(), r#"header "X-B": invalid boolean "True""#);
        assert_eq!(parse_int::<i8>("X-Byte", "1", 200).unwrap(), 1);
        assert_eq!(parse_int::<i64>("X-Long", "-123", 200).unwrap(), -123);
        let error = parse_int::<i32>("X-Foo", "abc", 200).unwrap_err();
        assert_eq!(error.to_string(), r#"header "X-Foo": invalid integer "abc""#);
        assert_eq!((error.place(), error.message()), (r#"header "X-Foo""#, r#"invalid integer "abc""#));
        assert!(parse_int::<i8>("X-Byte", "300", 200).is_err());
        assert_eq!(parse_f64("X-Double", "1.1", 200).unwrap(), 1.1);
        assert_eq!(parse_f32("X-Float", "1.1", 200).unwrap(), 1.1f32);
        assert_eq!(parse_f64("X-Double", "1e3", 200).unwrap(), 1000.0);
        assert!(parse_f64("X-Double", "NaN", 200).unwrap().is_nan());
        assert_eq!(parse_f64("X-Double", "Infinity", 200).unwrap(), f64::INFINITY);
        assert_eq!(parse_f32("X-Float", "-Infinity", 200).unwrap(), f32::NEG_INFINITY);
        for junk in ["inf", "nan", "infinity", "", "1,5", "abc"] {
            assert_eq!(
                parse_f64("X-Double", junk, 200).unwrap_err().to_string(),
                format!("header \"X-Double\": invalid number {junk:?}")
            );
        }
    }

    #[test]
    fn parses_timestamps_and_base64() {
        // RestJsonTimestampFormatHeaders
        for value in ["Mon, 16 Dec 2019 23:48:18 GMT", "2019-12-16T23:48:18Z", "1576540098"] {
            assert_eq!(parse_timestamp("X-memberDateTime", value, 200).unwrap().as_second(), 1576540098);
        }
        assert_eq!(
            parse_timestamp("X-Date", "soon", 200).unwrap_err().to_string(),
            r#"header "X-Date": not a timestamp (epoch seconds, RFC 3339 or HTTP date): "soon""#
        );
        // MediaTypeHeaderOutputBase64
        assert_eq!(parse_base64_string("X-Json", "dHJ1ZQ==", 200).unwrap(), "true");
        assert_eq!(parse_base64("X-Blob", "dHJ1ZQ", 200).unwrap(), b"true");
        assert!(
            parse_base64("X-Blob", "dHJ1ZQ=!", 200)
                .unwrap_err()
                .to_string()
                .starts_with(r#"header "X-Blob": invalid base64"#)
        );
        assert_eq!(
            parse_base64_string("X-Json", "/w==", 200).unwrap_err().to_string(),
            r#"header "X-Json": the base64 value is not UTF-8 text"#
        );
    }

    #[test]
    fn splits_header_lists() {
        // RestJsonInputAndOutputWithQuotedStringHeaders
        assert_eq!(split_header_list("X-StringList", r#""b,c", "\"def\"", a"#, 200).unwrap(), ["b,c", "\"def\"", "a"]);
        assert_eq!(split_header_list("X-StringList", "a, b, c", 200).unwrap(), ["a", "b", "c"]);
        assert_eq!(split_header_list("X-StringList", "a,b ,c,", 200).unwrap(), ["a", "b", "c"]);
        assert_eq!(split_header_list("X-StringList", " a , , b", 200).unwrap(), ["a", "b"]);
        assert_eq!(split_header_list("X-StringList", "", 200).unwrap(), Vec::<String>::new());
        assert_eq!(split_header_list("X-StringList", r#""", "x""#, 200).unwrap(), ["", "x"]);
        assert_eq!(split_header_list("X-StringList", r#"a"b, c"#, 200).unwrap(), ["a\"b", "c"]);
        assert_eq!(
            split_header_list("X-StringList", r#""b,c"#, 200).unwrap_err().to_string(),
            r#"header "X-StringList": unterminated quoted string"#
        );
        assert!(split_header_list("X-StringList", r#""a\"#, 200).is_err());
        assert_eq!(
            split_header_list("X-StringList", r#""a"b, c"#, 200).unwrap_err().to_string(),
            r#"header "X-StringList": unexpected text after a quoted string"#
        );
    }

    #[test]
    fn header_lists_round_trip() {
        let lists: [&[&str]; 6] = [
            &["b,c", "\"def\"", "a"],
            &["a", "b", "c"],
            &[" padded ", "back\\slash", "\\\"", ""],
            &["x"],
            &["", ""],
            &["a, b", "\"", ",", "\t"],
        ];
        for list in lists {
            let joined = crate::request::header_list(list.iter().copied(), true);
            assert_eq!(split_header_list("X", &joined, 200).unwrap(), list, "{joined}");
        }
    }

    #[test]
    fn splits_http_date_lists() {
        // RestJsonInputAndOutputWithTimestampHeaders
        let value = "Mon, 16 Dec 2019 23:48:18 GMT, Mon, 16 Dec 2019 23:48:18 GMT";
        let items = split_http_date_list("X-TimestampList", value, 200).unwrap();
        assert_eq!(items, ["Mon, 16 Dec 2019 23:48:18 GMT", "Mon, 16 Dec 2019 23:48:18 GMT"]);
        for item in &items {
            assert_eq!(parse_timestamp("X-TimestampList", item, 200).unwrap().as_second(), 1576540098);
        }
        let value = "1576540098, 2019-12-16T23:48:18Z,Monday, 16-Dec-19 23:48:18 GMT, Mon Dec 16 23:48:18 2019";
        let items = split_http_date_list("X-TimestampList", value, 200).unwrap();
        assert_eq!(
            items,
            ["1576540098", "2019-12-16T23:48:18Z", "Monday, 16-Dec-19 23:48:18 GMT", "Mon Dec 16 23:48:18 2019"]
        );
        for item in &items {
            assert_eq!(parse_timestamp("X-TimestampList", item, 200).unwrap().as_second(), 1576540098);
        }
        assert_eq!(split_http_date_list("X", "", 200).unwrap(), Vec::<String>::new());
        assert_eq!(
            split_http_date_list("X-TimestampList", "Mon, 16 Dec 2019 23:48:18 GMT, Tue", 200).unwrap_err().to_string(),
            r#"header "X-TimestampList": "Tue" is a day of the week without a date"#
        );
        assert!(split_http_date_list("X", "Mon, , Tue", 200).is_err());
    }

    #[test]
    fn prefix_headers_by_prefix() {
        // HttpPrefixHeadersResponse
        let map = headers(&[("x-foo", "Foo"), ("hello", "Hello")]);
        let all = prefix_headers(&map, "", 200).unwrap();
        assert_eq!(
            all,
            HashMap::from([("x-foo".to_owned(), "Foo".to_owned()), ("hello".to_owned(), "Hello".to_owned())])
        );
        // RestJsonHttpPrefixHeadersArePresent
        let map =
            headers(&[("x-foo", "Foo"), ("X-Foo-Abc", "Abc value"), ("x-foo-def", "Def value"), ("x-foo-def", "More")]);
        let foo = prefix_headers(&map, "X-Foo-", 200).unwrap();
        assert_eq!(
            foo,
            HashMap::from([
                ("abc".to_owned(), "Abc value".to_owned()),
                ("def".to_owned(), "Def value, More".to_owned())
            ])
        );
        assert!(prefix_headers(&headers(&[("x-foo", "Foo")]), "x-foo-", 200).unwrap().is_empty());
        assert!(prefix_headers(&headers(&[("x-fo", "Foo")]), "x-foo-", 200).unwrap().is_empty());
        let mut map = HeaderMap::new();
        map.insert("x-foo-bad", HeaderValue::from_bytes(b"\xff").unwrap());
        assert_eq!(prefix_headers(&map, "x-foo-", 200).unwrap_err().place(), r#"header "x-foo-bad""#);
        // A multi-byte prefix against shorter or ASCII names.
        assert!(prefix_headers(&headers(&[("x-foo", "Foo")]), "é", 200).unwrap().is_empty());
    }

    #[test]
    fn sanitizes_error_codes() {
        for code in [
            "FooError",
            "FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/",
            "aws.protocoltests.restjson#FooError",
            "aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/",
            " FooError ",
        ] {
            assert_eq!(sanitize_error_code(code), "FooError", "{code}");
        }
        assert_eq!(sanitize_error_code(""), "");
    }

    #[test]
    fn error_meta_of_json_errors() {
        let none = HeaderMap::new();
        // RestJsonFooErrorUsingXAmznErrorType{,WithUri,WithUriAndNamespace}
        for code in [
            "FooError",
            "FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/",
            "aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/",
        ] {
            let meta = json_error_meta(&headers(&[("X-Amzn-Errortype", code)]), b"");
            assert_eq!(meta, ErrorMeta { code: Some("FooError".into()), ..ErrorMeta::default() });
        }
        // RestJsonFooErrorUsingCode*, RestJsonFooErrorWithDunderType*
        for body in [
            r#"{"code": "FooError"}"#,
            r#"{"code": "aws.protocoltests.restjson#FooError"}"#,
            r#"{"__type": "aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/"}"#,
            r#"{"__type": "FooError", "code": "Other"}"#,
            r#"{"code": "Other", "__type": "FooError"}"#,
        ] {
            assert_eq!(json_error_meta(&none, body.as_bytes()).code.as_deref(), Some("FooError"), "{body}");
        }
        // The header wins over the body; messages in any of their spellings.
        let meta = json_error_meta(
            &headers(&[("x-amzn-errortype", "InvalidGreeting")]),
            br#"{"__type": "Other", "Message": "Hi"}"#,
        );
        assert_eq!(meta.code.as_deref(), Some("InvalidGreeting"));
        assert_eq!(meta.message.as_deref(), Some("Hi"));
        let meta = json_error_meta(&none, br#"{"errorMessage": "c", "Message": "b", "message": "a"}"#);
        assert_eq!(meta.message.as_deref(), Some("a"));
        let meta = json_error_meta(&none, br#"{"errorMessage": "c", "Message": "b"}"#);
        assert_eq!(meta.message.as_deref(), Some("b"));
        let meta = json_error_meta(&none, br#"{"errorMessage": "c", "message": 5, "nested": {"message": "x"}}"#);
        assert_eq!(meta.message.as_deref(), Some("c"));
        // Non-strings are skipped, nested values too.
        let meta = json_error_meta(&none, br#"{"code": {"a": [1, {"b": null}]}, "__type": ["x"], "message": null}"#);
        assert_eq!(meta, ErrorMeta::default());
        // Garbage gives nothing, and never fails.
        for body in [
            &b""[..],
            b"  \n",
            b"not json",
            b"[1, 2]",
            b"\"FooError\"",
            b"{\"code\": \"Foo",
            b"\xff\xfe",
            b"null",
            b"{} x",
        ] {
            assert_eq!(json_error_meta(&none, body), ErrorMeta::default(), "{body:?}");
        }
        // Query-compatible services.
        let meta = json_error_meta(
            &headers(&[("x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender")]),
            br#"{"__type": "com.amazonaws.sqs#QueueDoesNotExist", "message": "gone"}"#,
        );
        assert_eq!(
            meta,
            ErrorMeta {
                code: Some("QueueDoesNotExist".into()),
                message: Some("gone".into()),
                query_code: Some("AWS.SimpleQueueService.NonExistentQueue".into()),
                request_id: None,
            }
        );
        assert_eq!(
            json_error_meta(&headers(&[("x-amzn-query-error", "Code")]), b"").query_code.as_deref(),
            Some("Code")
        );
        assert_eq!(json_error_meta(&headers(&[("x-amzn-errortype", ":x")]), b"").code, None);
        // An empty code, in the header or the body, gives way to the next place.
        let meta = json_error_meta(&headers(&[("x-amzn-errortype", "")]), br#"{"__type": " ", "code": "FooError"}"#);
        assert_eq!(meta.code.as_deref(), Some("FooError"));
    }

    #[test]
    fn unmodeled_errors() {
        let error = UnmodeledError::new(Some("FooError".into()), Some("it broke".into()), 500, b"{}".to_vec());
        assert_eq!(error.to_string(), "FooError: it broke");
        assert_eq!(
            (error.code(), error.message(), error.status(), error.body()),
            (Some("FooError"), Some("it broke"), 500, &b"{}"[..])
        );
        assert_eq!(ServiceError::status(&error), Some(500));
        let error = UnmodeledError::from_meta(
            ErrorMeta { code: Some("FooError".into()), ..ErrorMeta::default() },
            400,
            Vec::new(),
        );
        assert_eq!(error.to_string(), "FooError");
        let error = UnmodeledError::new(None, Some("Bad Gateway".into()), 502, Vec::new());
        assert_eq!(error.to_string(), "HTTP 502: Bad Gateway");
        let error = UnmodeledError::new(None, None, 503, Vec::new());
        assert_eq!(error.to_string(), "HTTP 503");
        assert_eq!(ServiceError::code(&error), None);
    }

    #[test]
    fn json_errors_name_the_body() {
        let error = crate::json::from_str::<HashMap<String, Vec<HashMap<String, String>>>>(
            r#"{"findings": [{}, {"severity": 5}]}"#,
        )
        .unwrap_err();
        let error = ResponseError::from_json(error, 200);
        assert_eq!(error.place(), "body.findings[1].severity");
        assert_eq!(error.to_string(), "body.findings[1].severity: invalid type: integer `5`, expected a string");
        let error = ResponseError::from_json(crate::json::from_str::<Vec<u8>>("[1, -1]").unwrap_err(), 200);
        assert_eq!(error.place(), "body[1]");
        let error = ResponseError::from_json(crate::json::from_str::<Vec<u8>>("nope").unwrap_err(), 500);
        assert_eq!(error.to_string(), "body: expected ident");
        assert_eq!(ServiceError::message(&error), Some("expected ident"));
        assert_eq!(ServiceError::status(&error), Some(500));
    }

    #[test]
    fn every_error_has_its_request_id_and_a_code() {
        let response = |status: u16, headers: &[(&str, &str)], body: &[u8]| {
            let mut builder = http::Response::builder().status(status);
            for (name, value) in headers {
                builder = builder.header(*name, *value);
            }
            builder.body(body.to_vec()).unwrap()
        };
        // The request id of the JSON protocols' header, and of S3's.
        let meta = ErrorMeta::from_json(&response(400, &[("x-amzn-RequestId", "r-1")], br#"{"__type": "Bad"}"#));
        assert_eq!((meta.code.as_deref(), meta.request_id.as_deref()), (Some("Bad"), Some("r-1")));
        let meta = ErrorMeta::from_json(&response(403, &[("x-amz-request-id", " r-2 ")], b"{}"));
        assert_eq!((meta.code, meta.request_id.as_deref()), (None, Some("r-2")));
        // No code and no body: the status is the code, as botocore has it.
        let meta = ErrorMeta::from_json(&response(404, &[], b""));
        assert_eq!((meta.code.as_deref(), meta.request_id), (Some("404"), None));
        // An unmodeled error's code is the query code when the response has one; the code on
        // the wire stays readable.
        let headers =
            [("x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender"), ("x-amzn-requestid", "r-3")];
        let http = response(400, &headers, br#"{"__type": "com.amazonaws.sqs#QueueDoesNotExist"}"#);
        let error = ErrorMeta::from_json(&http).unmodeled(&http);
        assert_eq!(ServiceError::code(&error), Some("AWS.SimpleQueueService.NonExistentQueue"));
        assert_eq!(error.wire_code(), Some("QueueDoesNotExist"));
        assert_eq!(ServiceError::request_id(&error), Some("r-3"));
        assert_eq!(error.to_string(), "AWS.SimpleQueueService.NonExistentQueue");
        let debug = format!("{error:?}");
        assert!(debug.contains(r#"body: "{\"__type\""#), "{debug}");
        // A modeled error's context.
        let context = ErrorContext::of(&http, &ErrorMeta::from_json(&http));
        assert_eq!(context.status(), Some(400));
        assert_eq!(context.request_id(), Some("r-3"));
        assert_eq!(context.query_code(), Some("AWS.SimpleQueueService.NonExistentQueue"));
        assert_eq!(std::mem::size_of::<ErrorContext>(), 16);
    }
}
