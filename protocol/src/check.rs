//! Comparing what the generated operations did with what a case expects.
//!
//! Each check returns `Err` with a reason a reader can act on: what was expected and what was
//! found, never just "not equal".

use std::fmt::Debug;

use shapegen_runtime::http;

/// A request as a case's `serialized` describes it.
#[derive(Debug)]
pub struct ExpectedRequest {
    /// The method, when the case says.
    pub method: Option<&'static str>,
    /// The path and percent-encoded query: `/path?a=1&b=2`.
    pub uri: &'static str,
    /// The body, when the case says (`None`: not checked, as botocore and Smithy do; empty: an
    /// empty body).
    pub body: Option<&'static [u8]>,
    /// Headers that must be there with exactly these values (names case-insensitive).
    pub headers: &'static [(&'static str, &'static str)],
    /// Headers that must be there, with any value.
    pub require_headers: &'static [&'static str],
    /// Headers that must not be there.
    pub forbid_headers: &'static [&'static str],
    /// The host the request goes to, and the path prefix of the endpoint if it has one
    /// (`example.com/custom`).
    pub host: Option<&'static str>,
}

/// Checks a built request against the case: method, path, query, headers, body and host.
pub fn request(request: &http::Request<Vec<u8>>, expected: &ExpectedRequest) -> Result<(), String> {
    let mut problems = Vec::new();
    if let Some(method) = expected.method
        && request.method().as_str() != method
    {
        problems.push(format!("method: expected {method}, got {}", request.method()));
    }
    let (path, query) = expected.uri.split_once('?').unwrap_or((expected.uri, ""));
    let uri = request.uri();
    if uri.path() != path {
        problems.push(format!("path: expected {path:?}, got {:?}", uri.path()));
    }
    note(&mut problems, self::query(query, uri.query().unwrap_or("")));
    let headers = request.headers();
    for (name, value) in expected.headers {
        match header_value(headers, name) {
            None => problems.push(format!("header {name}: expected {value:?}, missing")),
            Some(actual) if actual != *value => {
                problems.push(format!("header {name}: expected {value:?}, got {actual:?}"));
            }
            Some(_) => {}
        }
    }
    for name in expected.require_headers {
        if header_value(headers, name).is_none() {
            problems.push(format!("header {name}: required, missing"));
        }
    }
    for name in expected.forbid_headers {
        if let Some(actual) = header_value(headers, name) {
            problems.push(format!("header {name}: forbidden, present with {actual:?}"));
        }
    }
    if let Some(body) = expected.body {
        let content_type =
            |prefix: &[u8]| request.headers().get("content-type").is_some_and(|v| v.as_bytes().starts_with(prefix));
        let check = if content_type(b"application/cbor") && !body.is_empty() {
            cbor_body(request.body(), body)
        } else if content_type(b"application/x-www-form-urlencoded") {
            // Form-encoded pairs, compared as query strings are: as multisets, exactly.
            match (std::str::from_utf8(body), std::str::from_utf8(request.body())) {
                (Ok(expected), Ok(actual)) => self::query(expected, actual).map_err(|e| format!("body {e}")),
                _ => Err("body: a form-encoded body that is not UTF-8".to_owned()),
            }
        } else {
            self::body(request.body(), body)
        };
        note(&mut problems, check);
    }
    if let Some(host) = expected.host {
        let authority = uri.authority().map(|a| a.as_str()).unwrap_or("");
        let actual = match host.split_once('/') {
            // The expected host names a path prefix too: compare as many path segments.
            Some((_, prefix)) => {
                let segments = prefix.split('/').count();
                let path: Vec<&str> = uri.path().trim_start_matches('/').split('/').take(segments).collect();
                format!("{authority}/{}", path.join("/"))
            }
            None => authority.to_owned(),
        };
        if actual != host {
            problems.push(format!("host: expected {host:?}, got {actual:?}"));
        }
    }
    verdict(problems)
}

/// The value of a header, its values joined by `, ` if it has several; bytes that are not
/// UTF-8 replaced.
fn header_value(headers: &http::HeaderMap, name: &str) -> Option<String> {
    let values: Vec<String> =
        headers.get_all(name).iter().map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()).collect();
    if values.is_empty() { None } else { Some(values.join(", ")) }
}

/// The query strings as multisets of `name=value` pieces, compared exactly (percent-encoding
/// included).
pub fn query(expected: &str, actual: &str) -> Result<(), String> {
    let pieces = |q: &str| -> Vec<String> {
        let mut pieces: Vec<String> = q.split('&').filter(|p| !p.is_empty()).map(str::to_owned).collect();
        pieces.sort();
        pieces
    };
    let (expected_pieces, actual_pieces) = (pieces(expected), pieces(actual));
    if expected_pieces == actual_pieces {
        return Ok(());
    }
    let mut missing = expected_pieces.clone();
    let mut extra = Vec::new();
    for piece in &actual_pieces {
        match missing.iter().position(|m| m == piece) {
            Some(i) => {
                missing.remove(i);
            }
            None => extra.push(piece.clone()),
        }
    }
    let decoded = |pieces: &[String]| {
        let mut d: Vec<Vec<u8>> = pieces.iter().map(|p| percent_decode(p)).collect();
        d.sort();
        d
    };
    let note = if decoded(&expected_pieces) == decoded(&actual_pieces) {
        " (equal once percent-decoded: the encoding differs)"
    } else {
        ""
    };
    Err(format!("query: expected {expected:?}, got {actual:?}; missing {missing:?}, unexpected {extra:?}{note}"))
}

fn percent_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// The body: empty when expected empty; compared as JSON values when the expected body is
/// JSON (whatever the content type says: a JSON content type with a body that does not parse
/// can only be compared byte for byte); as XML trees when it is XML; else byte for byte.
pub fn body(actual: &[u8], expected: &[u8]) -> Result<(), String> {
    if expected.is_empty() {
        return if actual.is_empty() {
            Ok(())
        } else {
            Err(format!("body: expected none, got {:?}", String::from_utf8_lossy(actual)))
        };
    }
    if expected.trim_ascii_start().starts_with(b"<") {
        let expected_xml = canonical_xml(expected).map_err(|e| format!("harness: expected body: {e}"))?;
        return match canonical_xml(actual) {
            Ok(actual_xml) if actual_xml == expected_xml => Ok(()),
            Ok(actual_xml) => Err(format!("body: expected XML {expected_xml}, got {actual_xml}")),
            Err(e) => {
                Err(format!("body: expected XML {expected_xml}, got {:?} ({e})", String::from_utf8_lossy(actual)))
            }
        };
    }
    if let Ok(expected_json) = serde_json::from_slice::<serde_json::Value>(expected) {
        return match serde_json::from_slice::<serde_json::Value>(actual) {
            Ok(actual_json) if json_eq(&actual_json, &expected_json) => Ok(()),
            Ok(actual_json) => Err(format!("body: expected JSON {expected_json}, got {actual_json}")),
            Err(e) => Err(format!(
                "body: expected JSON {expected_json}, got {:?}, which is not JSON ({e})",
                String::from_utf8_lossy(actual)
            )),
        };
    }
    if actual == expected {
        Ok(())
    } else {
        Err(format!(
            "body: expected {:?}, got {:?}",
            String::from_utf8_lossy(expected),
            String::from_utf8_lossy(actual)
        ))
    }
}

/// An XML document in a form two equal documents share: names as written, attributes
/// (namespace declarations included) in name order, text with entities resolved; the text
/// between child elements (indentation) dropped, and the children in order of their own
/// canonical forms. Siblings are compared as a multiset because a map's entries have no order
/// (the generated types hold maps as hash maps, and the writer puts entries in key order); the
/// order of a list's items is checked by the generated code's own tests.
pub fn canonical_xml(bytes: &[u8]) -> Result<String, String> {
    use quick_xml::events::Event;
    struct Node {
        start: String,
        text: String,
        children: Vec<String>,
    }
    let mut reader = quick_xml::Reader::from_reader(bytes);
    reader.config_mut().check_end_names = true;
    let open = |start: &quick_xml::events::BytesStart<'_>| -> Result<String, String> {
        let mut attributes = Vec::new();
        for attribute in start.attributes() {
            let attribute = attribute.map_err(|e| e.to_string())?;
            let value = attribute.unescape_value().map_err(|e| e.to_string())?;
            attributes.push(format!(" {}={value:?}", String::from_utf8_lossy(attribute.key.as_ref())));
        }
        attributes.sort();
        Ok(format!("<{}{}>", String::from_utf8_lossy(start.name().as_ref()), attributes.concat()))
    };
    let close = |node: Node| -> String {
        let name = node.start[1..].split([' ', '>']).next().unwrap_or_default().to_owned();
        if node.children.is_empty() {
            format!("{}{}</{name}>", node.start, node.text)
        } else {
            let mut children = node.children;
            children.sort();
            format!("{}{}</{name}>", node.start, children.concat())
        }
    };
    let mut stack: Vec<Node> = Vec::new();
    let mut root = None;
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(start) => stack.push(Node { start: open(&start)?, text: String::new(), children: Vec::new() }),
            Event::Empty(start) => {
                let node = close(Node { start: open(&start)?, text: String::new(), children: Vec::new() });
                match stack.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None => root = Some(node),
                }
            }
            Event::Text(text) => {
                if let Some(node) = stack.last_mut() {
                    node.text.push_str(&text.decode().map_err(|e| e.to_string())?);
                }
            }
            Event::CData(text) => {
                if let Some(node) = stack.last_mut() {
                    node.text.push_str(&String::from_utf8_lossy(&text));
                }
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref().map_err(|e| e.to_string())? {
                    Some(c) => c.to_string(),
                    None => quick_xml::escape::unescape(&format!("&{};", r.decode().map_err(|e| e.to_string())?))
                        .map_err(|e| e.to_string())?
                        .into_owned(),
                };
                if let Some(node) = stack.last_mut() {
                    node.text.push_str(&resolved);
                }
            }
            Event::End(_) => {
                let node = close(stack.pop().ok_or("an end tag without a start")?);
                match stack.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None => root = Some(node),
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    root.ok_or_else(|| "no element".to_owned())
}

/// CBOR bodies compared as values (decoded by `ciborium`): definite and indefinite lengths
/// alike, map entries in any order, `NaN` equal to `NaN`.
pub fn cbor_body(actual: &[u8], expected: &[u8]) -> Result<(), String> {
    let decode = |bytes: &[u8]| ciborium::de::from_reader::<ciborium::Value, _>(bytes).map_err(|e| e.to_string());
    let expected_value = decode(expected).map_err(|e| format!("harness: expected body: {e}"))?;
    match decode(actual) {
        Ok(actual_value) if cbor_eq(&actual_value, &expected_value) => Ok(()),
        Ok(actual_value) => Err(format!("body: expected CBOR {expected_value:?}, got {actual_value:?}")),
        Err(e) => Err(format!("body: expected CBOR {expected_value:?}, got {actual:02x?}, which is not CBOR ({e})")),
    }
}

fn cbor_eq(a: &ciborium::Value, b: &ciborium::Value) -> bool {
    use ciborium::Value;
    match (a, b) {
        (Value::Float(x), Value::Float(y)) => (x.is_nan() && y.is_nan()) || x == y,
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| cbor_eq(x, y)),
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.iter().any(|(k2, v2)| cbor_eq(k, k2) && cbor_eq(v, v2)))
        }
        (Value::Tag(t, x), Value::Tag(u, y)) => t == u && cbor_eq(x, y),
        _ => a == b,
    }
}

/// JSON values equal as the suites mean it: numbers by value (`1` equals `1.0`), objects
/// whatever their key order.
pub fn json_eq(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            if let (Some(x), Some(y)) = (x.as_i64(), y.as_i64()) {
                x == y
            } else if let (Some(x), Some(y)) = (x.as_u64(), y.as_u64()) {
                x == y
            } else {
                x.as_f64() == y.as_f64()
            }
        }
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_eq(x, y)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

/// The response a case describes.
pub fn response(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Result<http::Response<Vec<u8>>, String> {
    let mut response = http::Response::new(body.to_vec());
    *response.status_mut() =
        http::StatusCode::from_u16(status).map_err(|e| format!("harness: status {status}: {e}"))?;
    for (name, value) in headers {
        let header =
            http::HeaderName::from_bytes(name.as_bytes()).map_err(|e| format!("harness: header {name:?}: {e}"))?;
        let value =
            http::HeaderValue::from_bytes(value.as_bytes()).map_err(|e| format!("harness: header {name:?}: {e}"))?;
        response.headers_mut().append(header, value);
    }
    Ok(response)
}

/// `actual` equals `expected`; where the value holds a NaN (never equal to itself), their
/// `Debug` forms are compared instead.
pub fn same<T: PartialEq + Debug + ?Sized>(what: &str, actual: &T, expected: &T, nan: bool) -> Result<(), String> {
    let equal = if nan { format!("{actual:?}") == format!("{expected:?}") } else { actual == expected };
    if equal { Ok(()) } else { Err(format!("{what}: expected {expected:?}, got {actual:?}")) }
}

/// The error's code and message are the ones the case gives (the message only when it gives
/// one).
pub fn error_meta(
    code: Option<&str>,
    message: Option<&str>,
    expected_code: &str,
    expected_message: Option<&str>,
) -> Result<(), String> {
    let mut problems = Vec::new();
    if code != Some(expected_code) {
        problems.push(format!("error code: expected {expected_code:?}, got {code:?}"));
    }
    if let Some(expected) = expected_message
        && message != Some(expected)
    {
        problems.push(format!("error message: expected {expected:?}, got {message:?}"));
    }
    verdict(problems)
}

/// The idempotency token the suites expect where the input sets none.
pub const IDEMPOTENCY_TOKEN: &str = "00000000-0000-4000-8000-000000000000";

/// A modeled error's status is the response's.
pub fn status(actual: Option<u16>, expected: u16) -> Result<(), String> {
    if actual == Some(expected) { Ok(()) } else { Err(format!("error status: expected {expected}, got {actual:?}")) }
}

/// Adds the reason of a failed check to `problems`.
pub fn note(problems: &mut Vec<String>, check: Result<(), String>) {
    if let Err(problem) = check {
        problems.push(problem);
    }
}

/// Passed when there are no problems; else all of them, one after the other.
pub fn verdict(problems: Vec<String>) -> Result<(), String> {
    if problems.is_empty() { Ok(()) } else { Err(problems.join("; ")) }
}
