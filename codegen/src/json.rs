//! JSON as the model readers see it.
//!
//! Readers need three things `serde_json::Value` does not give: objects in the order the file
//! has them (member order is API order), every key even when one is repeated (a duplicate
//! member is a model error, not a silent overwrite), and, when something is wrong, the place
//! in the file. [`Json`] keeps the first two; [`Pointer`] names a place by path and
//! [`locate`] turns that path into a line and column of the original text.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// A JSON value whose objects keep their keys in file order, duplicates included.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// A number, as serde_json read it.
    Number(serde_json::Number),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object: keys in file order, duplicates kept.
    Object(Vec<(String, Json)>),
}

impl Json {
    /// The name of this value's JSON type, for error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number(_) => "a number",
            Json::String(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }

    /// The value of `key` in this object (the last one, as JSON parsers do, if repeated).
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(entries) => entries.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// This value as a string, if it is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// Serializes this value as pretty JSON with two-space indentation (botocore's layout).
    pub fn to_pretty_string(&self) -> String {
        let mut out = Vec::new();
        let formatter = serde_json::ser::PrettyFormatter::with_indent(b"  ");
        let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
        // Serializing an in-memory tree of strings and numbers into a Vec cannot fail.
        if self.serialize(&mut serializer).is_err() {
            return String::new();
        }
        let mut text = String::from_utf8(out).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// `value` as compact JSON text, such as `100` or `"en"`.
pub fn compact(value: &Json) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// Parses JSON text into a [`Json`] tree.
///
/// Errors carry serde_json's line and column. Nesting deeper than serde_json's limit (128)
/// is an error, not a stack overflow.
pub fn parse(text: &[u8]) -> Result<Json, serde_json::Error> {
    serde_json::from_slice(text)
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }

    fn visit_none<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Json, E> {
        Ok(Json::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Json, E> {
        Ok(Json::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Json, E> {
        Ok(Json::Number(v.into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Json, E> {
        serde_json::Number::from_f64(v).map(Json::Number).ok_or_else(|| E::custom("a number that is not finite"))
    }

    fn visit_str<E>(self, v: &str) -> Result<Json, E> {
        Ok(Json::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Json, E> {
        Ok(Json::String(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(4096));
        while let Some((key, value)) = map.next_entry::<String, Json>()? {
            entries.push((key, value));
        }
        Ok(Json::Object(entries))
    }
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Null => serializer.serialize_unit(),
            Json::Bool(b) => serializer.serialize_bool(*b),
            Json::Number(n) => n.serialize(serializer),
            Json::String(s) => serializer.serialize_str(s),
            Json::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Json::Object(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

/// One step of a [`Pointer`]: an object key or an array index.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    /// An object key.
    Key(String),
    /// An array index.
    Index(usize),
}

/// The path of a value inside a JSON document, such as `shapes.Finding.members.Resource.shape`.
///
/// Displayed in one line whatever the keys hold: a key that is not a plain word is shown
/// quoted and escaped (`shapes["a.b\n"]`), so a hostile model cannot forge a message.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pointer(Vec<Step>);

impl Pointer {
    /// The path of the document's root value.
    pub fn root() -> Self {
        Pointer(Vec::new())
    }

    /// This path extended by an object key.
    pub fn key(&self, key: &str) -> Self {
        let mut steps = self.0.clone();
        steps.push(Step::Key(key.to_owned()));
        Pointer(steps)
    }

    /// This path extended by an array index.
    pub fn index(&self, index: usize) -> Self {
        let mut steps = self.0.clone();
        steps.push(Step::Index(index));
        Pointer(steps)
    }

    /// The steps of this path, from the root.
    pub fn steps(&self) -> &[Step] {
        &self.0
    }

    /// True for the root path.
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(root)");
        }
        for (i, step) in self.0.iter().enumerate() {
            match step {
                Step::Index(n) => write!(f, "[{n}]")?,
                Step::Key(k) if is_plain_key(k) => {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    f.write_str(k)?;
                }
                Step::Key(k) => write!(f, "[{}]", quote_for_message(k))?,
            }
        }
        Ok(())
    }
}

fn is_plain_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 200
        && key.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '$' | '#'))
}

/// Quotes a string from the input for an error message: one line, escaped, bounded length.
pub fn quote_for_message(s: &str) -> String {
    const LIMIT: usize = 120;
    let mut out = String::from("\"");
    for (n, c) in s.chars().enumerate() {
        if n == LIMIT {
            out.push_str("...");
            break;
        }
        out.extend(c.escape_debug());
    }
    out.push('"');
    out
}

/// A line and column (both from 1; the column counts characters) in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Finds where the value at `pointer` starts in `text` (a JSON document).
///
/// Used only to report errors, so it parses again rather than keep positions for every value
/// of every model. For a key repeated in one object, the last occurrence is the one found,
/// as in [`Json::get`]. `None` when the text is not JSON or the path is not in it.
pub fn locate(text: &str, pointer: &Pointer) -> Option<Position> {
    use jsonc_parser::ast::{ObjectPropName, Value};
    let options = jsonc_parser::ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        ..Default::default()
    };
    // The readers parse with serde_json first, whose nesting limit keeps this recursive
    // parser's depth small.
    let parsed = jsonc_parser::parse_to_ast(text, &Default::default(), &options).ok()?;
    let mut value = parsed.value?;
    let mut start = value_start(&value);
    for step in pointer.steps() {
        match (step, value) {
            (Step::Key(key), Value::Object(object)) => {
                let prop = object.properties.into_iter().rev().find(|p| match &p.name {
                    ObjectPropName::String(s) => s.value == key.as_str(),
                    ObjectPropName::Word(w) => w.value == key.as_str(),
                })?;
                start = prop.range.start;
                value = prop.value;
            }
            (Step::Index(i), Value::Array(array)) => {
                value = array.elements.into_iter().nth(*i)?;
                start = value_start(&value);
            }
            _ => return None,
        }
    }
    Some(position_of(text, start))
}

fn value_start(value: &jsonc_parser::ast::Value) -> usize {
    use jsonc_parser::ast::Value;
    match value {
        Value::StringLit(v) => v.range.start,
        Value::NumberLit(v) => v.range.start,
        Value::BooleanLit(v) => v.range.start,
        Value::Object(v) => v.range.start,
        Value::Array(v) => v.range.start,
        Value::NullKeyword(v) => v.range.start,
    }
}

/// The line and column of byte `offset` in `text`.
pub fn position_of(text: &str, offset: usize) -> Position {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    Position { line, column }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_keep_order_and_duplicates() {
        let json = parse(br#"{"b": 1, "a": 2, "b": 3}"#).unwrap();
        let Json::Object(entries) = &json else { panic!("not an object") };
        let keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["b", "a", "b"]);
        assert_eq!(json.get("b"), Some(&Json::Number(3.into())));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(10_000) + &"]".repeat(10_000);
        let err = parse(text.as_bytes()).unwrap_err();
        assert!(err.to_string().contains("recursion limit"), "{err}");
    }

    #[test]
    fn pointer_display_is_one_safe_line() {
        let p = Pointer::root().key("shapes").key("Finding").key("members").index(2);
        assert_eq!(p.to_string(), "shapes.Finding.members[2]");
        let hostile = Pointer::root().key("shapes").key("a.b\n\"evil\"");
        assert_eq!(hostile.to_string(), r#"shapes["a.b\n\"evil\""]"#);
        assert_eq!(Pointer::root().to_string(), "(root)");
    }

    #[test]
    fn locate_finds_keys_and_indices() {
        let text = "{\n  \"shapes\": {\n    \"A\": {\"type\": \"structure\"},\n    \"B\": [1, \n  2]\n  }\n}";
        let at = |p: Pointer| locate(text, &p).unwrap();
        assert_eq!(at(Pointer::root()), Position { line: 1, column: 1 });
        assert_eq!(at(Pointer::root().key("shapes").key("A").key("type")), Position { line: 3, column: 11 });
        assert_eq!(at(Pointer::root().key("shapes").key("B").index(1)), Position { line: 5, column: 3 });
        assert_eq!(locate(text, &Pointer::root().key("nope")), None);
    }

    #[test]
    fn round_trips_pretty() {
        let text = "{\n  \"a\": [\n    1,\n    2.5,\n    \"x\"\n  ],\n  \"b\": null\n}\n";
        assert_eq!(parse(text.as_bytes()).unwrap().to_pretty_string(), text);
    }
}
