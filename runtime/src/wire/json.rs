//! Reading JSON bodies, with errors that say where.
//!
//! `serde_json::from_slice` works too; these add the path of the value that failed, such as
//! `findings[3].service.action.awsApiCallAction.errorCode`.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A body that could not be read: the path of the offending value, and what was wrong with it.
#[derive(Debug)]
pub struct Error {
    path: String,
    source: serde_json::Error,
}

impl Error {
    /// The path of the offending value, as `findings[3].service.severity`; empty when the body
    /// as a whole is at fault (not JSON, truncated).
    #[inline]
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The line of the body where reading stopped, from 1.
    #[inline]
    pub fn line(&self) -> usize {
        self.source.line()
    }

    /// The column of the body where reading stopped, from 1.
    #[inline]
    pub fn column(&self) -> usize {
        self.source.column()
    }

    /// What kind of failure: syntax, data, end of input, I/O.
    #[inline]
    pub fn classify(&self) -> serde_json::error::Category {
        self.source.classify()
    }

    /// What was wrong, without the path or the position: `invalid type: integer `5`, expected
    /// a string`.
    pub fn message(&self) -> String {
        let mut message = self.source.to_string();
        // serde_json ends its messages with " at line L column C"; the path says more, and the
        // position stays available from `line` and `column`.
        if let Some(at) = message.rfind(" at line ") {
            message.truncate(at);
        }
        message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = self.message();
        if self.path.is_empty() {
            f.write_str(&message)
        } else {
            f.write_str(&self.path)?;
            f.write_str(": ")?;
            f.write_str(&message)
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// Reads a value from a JSON body.
///
/// A valid body is read once, at full speed; a body that fails is read again, tracking the path,
/// so that the error names the offending value. Types that borrow strings borrow them from
/// `body`.
pub fn from_slice<'a, T: Deserialize<'a>>(body: &'a [u8]) -> Result<T, Error> {
    // The whole body checked as UTF-8 once, instead of string by string.
    if let Ok(text) = std::str::from_utf8(body) {
        return from_str(text);
    }
    with_path(serde_json::Deserializer::from_slice(body))
}

/// Reads a value from a JSON body held as text.
pub fn from_str<'a, T: Deserialize<'a>>(body: &'a str) -> Result<T, Error> {
    match serde_json::from_str(body) {
        Ok(value) => Ok(value),
        Err(_) => with_path(serde_json::Deserializer::from_str(body)),
    }
}

/// Writes a value as a JSON body, in one allocation of exactly its length: the value is
/// written twice, once to count the bytes, which costs less than the reallocations of a
/// growing buffer and leaves no spare capacity in a request that may be kept a while.
pub fn to_vec<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, serde_json::Error> {
    let mut counter = Counter(0);
    serde_json::to_writer(&mut counter, value)?;
    let mut body = Vec::with_capacity(counter.0);
    serde_json::to_writer(&mut body, value)?;
    Ok(body)
}

/// A writer that only counts the bytes written to it.
struct Counter(usize);

impl std::io::Write for Counter {
    #[inline]
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0 += bytes.len();
        Ok(bytes.len())
    }

    #[inline]
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Reads a value, tracking the path for the error.
fn with_path<'de, R, T>(mut deserializer: serde_json::Deserializer<R>) -> Result<T, Error>
where
    R: serde_json::de::Read<'de>,
    T: Deserialize<'de>,
{
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        Error { path: if path == "." { String::new() } else { path }, source: error.into_inner() }
    })?;
    deserializer.end().map_err(|source| Error { path: String::new(), source })?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;
    use std::collections::BTreeMap;

    use serde::Deserialize;
    use serde::de::{self, Deserializer, MapAccess, Visitor};

    use super::*;

    /// `{"errorCode": string}`, by hand: the crate builds without serde's derive.
    #[derive(Debug)]
    struct Call {
        error_code: Option<String>,
    }

    impl<'de> Deserialize<'de> for Call {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct CallVisitor;
            impl<'de> Visitor<'de> for CallVisitor {
                type Value = Call;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("struct Call")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Call, A::Error> {
                    let mut call = Call { error_code: None };
                    while let Some(key) = map.next_key::<Cow<'de, str>>()? {
                        if key == "errorCode" {
                            call.error_code = Some(map.next_value()?);
                        } else {
                            map.next_value::<de::IgnoredAny>()?;
                        }
                    }
                    Ok(call)
                }
            }
            deserializer.deserialize_map(CallVisitor)
        }
    }

    type Findings = BTreeMap<String, Vec<BTreeMap<String, BTreeMap<String, BTreeMap<String, Call>>>>>;

    const BODY: &str = r#"{"findings": [{}, {}, {}, {"service": {"action": {"awsApiCallAction": {"errorCode": 5}}}}]}"#;

    #[test]
    fn errors_name_the_path() {
        let error = from_str::<Findings>(BODY).unwrap_err();
        assert_eq!(error.path(), "findings[3].service.action.awsApiCallAction.errorCode");
        assert_eq!(
            error.to_string(),
            "findings[3].service.action.awsApiCallAction.errorCode: invalid type: integer `5`, expected a string"
        );
        assert_eq!(error.message(), "invalid type: integer `5`, expected a string");
        assert_eq!(error.line(), 1);
        assert_eq!(error.classify(), serde_json::error::Category::Data);
        assert!(std::error::Error::source(&error).is_some());
        // The same through the byte entry point.
        let error = from_slice::<Findings>(BODY.as_bytes()).unwrap_err();
        assert_eq!(error.path(), "findings[3].service.action.awsApiCallAction.errorCode");
    }

    #[test]
    fn reads_valid_bodies() {
        let value: Findings =
            from_slice(br#"{"findings": [{"s": {"a": {"c": {"errorCode": "AccessDenied"}}}}]}"#).unwrap();
        assert_eq!(value["findings"][0]["s"]["a"]["c"].error_code.as_deref(), Some("AccessDenied"));
        let borrowed: BTreeMap<&str, &str> = from_slice(br#"{"a": "b"}"#).unwrap();
        assert_eq!(borrowed["a"], "b");
    }

    #[test]
    fn whole_body_errors_have_no_path() {
        let error = from_str::<Findings>("{\"findings\": [").unwrap_err();
        assert_eq!(error.path(), "findings");
        assert_eq!(error.classify(), serde_json::error::Category::Eof);
        let error = from_str::<Findings>("not json").unwrap_err();
        assert_eq!(error.path(), "");
        assert_eq!(error.to_string(), "expected ident");
        let error = from_str::<Findings>("{} trailing").unwrap_err();
        assert_eq!(error.path(), "");
        assert_eq!(error.to_string(), "trailing characters");
        assert_eq!(error.column(), 4);
    }

    #[test]
    fn invalid_utf8_is_read_with_a_path() {
        let error = from_slice::<BTreeMap<String, String>>(b"{\"a\": \"\xff\"}").unwrap_err();
        assert_eq!(error.path(), "a");
        assert!(error.to_string().starts_with("a: invalid unicode code point"), "{error}");
    }

    #[test]
    fn writes_bodies() {
        let value: BTreeMap<&str, f64> = [("a", 1.5)].into_iter().collect();
        assert_eq!(to_vec(&value).unwrap(), br#"{"a":1.5}"#);
    }
}
