//! Random wire JSON for a shape of a model: example payloads, and the input of property
//! tests that read the JSON into generated types and write it back.
//!
//! A [`Sampler`] walks the model from a shape and builds a value the generated types accept:
//! required members always, optional ones sometimes; every value of an enum and, sometimes,
//! one the model does not list; strings with Unicode, escapes and control characters, within
//! the model's length bounds; integers and floats at their extremes (and `NaN` and the
//! infinities, as AWS JSON writes them); lists and maps (sparse ones with nulls); unions with
//! one member set, or one the model does not list; documents of any JSON; timestamps in the
//! member's wire format; blobs in base64. Recursion is bounded: past a depth, only required
//! members are filled and collections are as short as the model allows.
//!
//! Values are in the form the generated types write, so that JSON → types → JSON gives the
//! same JSON: timestamps and base64 in their canonical spelling, floats as the shortest
//! decimal of their precision. Keys are those the generated types use
//! ([`Model::json_key`](crate::model::Model::json_key)); members bound to the URI, headers or
//! the payload are not in the body and are left out. Patterns the model states are not
//! followed.
//!
//! Only with the `sample` feature (on with `cli`).

use base64::Engine as _;

use crate::error::Error;
use crate::json::{Json, quote_for_message};
use crate::model::{Member, Model, Shape, ShapeKind, TimestampFormat};

/// How samples are shaped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Nesting depth past which only required members are filled and collections are as short
    /// as the model allows.
    pub max_depth: usize,
    /// Most items in a list or entries in a map.
    pub max_items: usize,
    /// Sometimes use enum values and union members the model does not list.
    pub unknown_values: bool,
    /// What values look like: hostile edge cases, or what services typically send.
    pub profile: Profile,
}

/// What sampled values look like.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Profile {
    /// Edge cases: half the optional members, strings of escapes, controls and every Unicode
    /// plane, numbers at their extremes, `NaN`: for tests that a value survives anything.
    #[default]
    Adversarial,
    /// Typical payloads: every optional member (to `max_depth`), strings of plain ASCII words
    /// and identifiers, moderate numbers, listed enum values: for benchmarks, sized and shaped
    /// like what a service sends.
    Realistic,
}

impl Default for Options {
    fn default() -> Self {
        Options { max_depth: 6, max_items: 3, unknown_values: true, profile: Profile::Adversarial }
    }
}

impl Options {
    /// Typical payloads: see [`Profile::Realistic`].
    pub fn realistic() -> Self {
        Options { max_depth: 12, max_items: 1, unknown_values: false, profile: Profile::Realistic }
    }
}

/// What plain strings are made of: words of API payloads.
const WORDS: &[&str] = &[
    "arn",
    "aws",
    "us-east-1",
    "instance",
    "detector",
    "finding",
    "bucket",
    "role",
    "prod",
    "example",
    "sg-0a1b2c3d",
    "i-0123456789abcdef0",
    "ACTIVE",
    "TCP",
    "443",
    "10.0.0.1",
    "2026-04-20T10:15:30.123Z",
    "Recon",
    "EC2",
    "eks",
    "cluster",
    "node",
    "pod",
    "container",
    "image",
    "sha256",
    "user",
    "admin",
    "policy",
    "key",
    "value",
];

/// Makes random wire JSON for shapes of one model.
#[derive(Debug, Clone)]
pub struct Sampler<'m> {
    model: &'m Model,
    rng: fastrand::Rng,
    options: Options,
}

/// A sample of `shape` in `model` from `seed`, with default options.
pub fn sample(model: &Model, shape: &str, seed: u64) -> Result<Json, Error> {
    Sampler::new(model, seed).sample(shape)
}

/// Characters strings are drawn from: plain text, JSON's escapes, controls, and Unicode from
/// every plane that needs a surrogate pair in JSON's `\u` form.
const CHARS: &[char] = &[
    'a',
    'b',
    'z',
    'A',
    'Z',
    '0',
    '9',
    ' ',
    '-',
    '_',
    '.',
    ':',
    '/',
    '"',
    '\\',
    '\n',
    '\r',
    '\t',
    '\u{0}',
    '\u{1}',
    '\u{1f}',
    '\u{7f}',
    '\u{80}',
    'é',
    'ß',
    'Ω',
    'ж',
    'ا',
    '中',
    '日',
    '\u{2028}',
    '\u{2029}',
    '\u{200b}',
    '\u{feff}',
    '\u{fffd}',
    '\u{ffff}',
    '🦀',
    '😀',
    '\u{10ffff}',
    '\u{301}',
];

impl<'m> Sampler<'m> {
    /// A sampler for `model`, deterministic for a `seed`.
    pub fn new(model: &'m Model, seed: u64) -> Self {
        Sampler { model, rng: fastrand::Rng::with_seed(seed), options: Options::default() }
    }

    /// The same sampler with other options.
    pub fn with_options(mut self, options: Options) -> Self {
        self.options = options;
        self
    }

    /// A random value of the shape named `shape`.
    pub fn sample(&mut self, shape: &str) -> Result<Json, Error> {
        let Some(found) = self.model.shape(shape) else {
            let mut message = format!("no shape named {} in {}", quote_for_message(shape), self.model.service.title);
            if let Some(near) = crate::suggest(shape, self.model.shapes.keys().map(String::as_str)) {
                message.push_str(&format!(" (did you mean {}?)", quote_for_message(near)));
            }
            return Err(Error::Settings(message));
        };
        self.value(found, None, 0)
    }

    /// How deep a value may nest before sampling gives up: far past `max_depth`, where only a
    /// model whose required members contain themselves can take it.
    fn hard_limit(&self) -> usize {
        self.options.max_depth * 4 + 16
    }

    fn shape(&self, member: &Member) -> Result<&'m Shape, Error> {
        self.model.shape(&member.target).ok_or_else(|| {
            Error::model(crate::ModelError::new(
                &member.origin,
                format!("no shape named {}", quote_for_message(&member.target)),
            ))
        })
    }

    fn value(&mut self, shape: &'m Shape, member: Option<&Member>, depth: usize) -> Result<Json, Error> {
        if depth > self.hard_limit() {
            return Err(Error::model(crate::ModelError::new(
                &shape.origin,
                format!("{} contains itself through required members; no finite value has it", shape.name),
            )));
        }
        let deep = depth >= self.options.max_depth;
        Ok(match &shape.kind {
            ShapeKind::Structure(members) => {
                let mut entries = Vec::new();
                let all = self.options.profile == Profile::Realistic;
                for m in members.iter().filter(|m| m.binding.in_body()) {
                    if m.required || (!deep && (all || self.rng.bool())) {
                        let target = self.shape(m)?;
                        entries.push((self.model.json_key(m).to_owned(), self.value(target, Some(m), depth + 1)?));
                    }
                }
                Json::Object(entries)
            }
            ShapeKind::Union(members) => self.union(members, depth)?,
            ShapeKind::List(list) => {
                let count = self.count(shape, deep);
                let target = self.shape(&list.member)?;
                let mut items = Vec::with_capacity(count);
                for _ in 0..count {
                    if list.sparse && self.rng.u8(..4) == 0 {
                        items.push(Json::Null);
                    } else {
                        items.push(self.value(target, Some(&list.member), depth + 1)?);
                    }
                }
                Json::Array(items)
            }
            ShapeKind::Map(map) => {
                let count = self.count(shape, deep);
                let key_shape = self.shape(&map.key)?;
                let value_shape = self.shape(&map.value)?;
                let mut entries: Vec<(String, Json)> = Vec::with_capacity(count);
                // A key drawn twice is drawn again a few times; a map may end up shorter.
                for _ in 0..count * 4 {
                    if entries.len() == count {
                        break;
                    }
                    let Json::String(key) = self.value(key_shape, Some(&map.key), depth + 1)? else {
                        return Err(Error::model(crate::ModelError::new(
                            &map.key.origin,
                            "a map key that is not a string has no JSON form",
                        )));
                    };
                    if entries.iter().any(|(k, _)| *k == key) {
                        continue;
                    }
                    let value = if map.sparse && self.rng.u8(..4) == 0 {
                        Json::Null
                    } else {
                        self.value(value_shape, Some(&map.value), depth + 1)?
                    };
                    entries.push((key, value));
                }
                Json::Object(entries)
            }
            ShapeKind::String => {
                let text = if member.is_some_and(|m| m.json_value) { self.json_text() } else { self.string(shape) };
                Json::String(text)
            }
            ShapeKind::Enum(values) => {
                if values.is_empty() || (self.options.unknown_values && self.rng.u8(..8) == 0) {
                    let mut unknown = format!("UNLISTED_{}", self.string(shape));
                    while values.iter().any(|v| v.value == unknown) {
                        unknown.push('_');
                    }
                    Json::String(unknown)
                } else {
                    Json::String(values[self.rng.usize(..values.len())].value.clone())
                }
            }
            ShapeKind::IntEnum(values) => {
                if values.is_empty() || (self.options.unknown_values && self.rng.u8(..8) == 0) {
                    let mut unknown = self.rng.i32(..);
                    while values.iter().any(|v| v.value == unknown) {
                        unknown = unknown.wrapping_add(1);
                    }
                    Json::Number(unknown.into())
                } else {
                    Json::Number(values[self.rng.usize(..values.len())].value.into())
                }
            }
            ShapeKind::Boolean => Json::Bool(self.rng.bool()),
            ShapeKind::Byte => Json::Number(self.integer(shape, i8::MIN.into(), i8::MAX.into()).into()),
            ShapeKind::Short => Json::Number(self.integer(shape, i16::MIN.into(), i16::MAX.into()).into()),
            ShapeKind::Integer => Json::Number(self.integer(shape, i32::MIN.into(), i32::MAX.into()).into()),
            ShapeKind::Long | ShapeKind::BigInteger => Json::Number(self.integer(shape, i64::MIN, i64::MAX).into()),
            ShapeKind::BigDecimal => self.double(),
            ShapeKind::Float => self.float(),
            ShapeKind::Double => self.double(),
            ShapeKind::Blob { .. } => {
                let count = self.length(shape, 24);
                let bytes: Vec<u8> = (0..count).map(|_| self.rng.u8(..)).collect();
                Json::String(base64::engine::general_purpose::STANDARD.encode(bytes))
            }
            ShapeKind::Timestamp => {
                let format = self.model.timestamp_format(member, shape);
                self.timestamp(format)?
            }
            // A member's `null` means the member is absent; a document member holds anything
            // else, and nulls inside.
            ShapeKind::Document => match self.document(depth) {
                Json::Null => Json::Object(Vec::new()),
                value => value,
            },
        })
    }

    fn union(&mut self, members: &[Member], depth: usize) -> Result<Json, Error> {
        let body: Vec<&Member> = members.iter().filter(|m| m.binding.in_body()).collect();
        if body.is_empty() || (self.options.unknown_values && self.rng.u8(..10) == 0) {
            let mut name = format!("unlisted{}", self.rng.u16(..));
            while members.iter().any(|m| self.model.json_key(m) == name) {
                name.push('_');
            }
            let mut value = self.document(depth + 1);
            if value == Json::Null {
                value = Json::Bool(true);
            }
            return Ok(Json::Object(vec![(name, value)]));
        }
        // Deep down, prefer members that do not nest further, so that recursion ends.
        let choices: Vec<&Member> = if depth >= self.options.max_depth {
            let flat: Vec<&Member> = body
                .iter()
                .copied()
                .filter(|m| {
                    self.model.shape(&m.target).is_some_and(|t| {
                        !matches!(
                            t.kind,
                            ShapeKind::Structure(_) | ShapeKind::Union(_) | ShapeKind::List(_) | ShapeKind::Map(_)
                        )
                    })
                })
                .collect();
            if flat.is_empty() { body } else { flat }
        } else {
            body
        };
        let member = choices[self.rng.usize(..choices.len())];
        let target = self.shape(member)?;
        let value = self.value(target, Some(member), depth + 1)?;
        Ok(Json::Object(vec![(self.model.json_key(member).to_owned(), value)]))
    }

    /// How many items a list or map gets: within the model's bounds, as few as allowed when
    /// deep.
    fn count(&mut self, shape: &Shape, deep: bool) -> usize {
        let min = bound(shape.constraints.min).unwrap_or(0);
        if deep {
            return min.min(self.options.max_items.max(1));
        }
        let max = bound(shape.constraints.max).unwrap_or(usize::MAX).min(min + self.options.max_items);
        // Realistic payloads fill every list and map: at least one item where the model allows.
        let min = if self.options.profile == Profile::Realistic { min.max(1).min(max) } else { min };
        if max <= min { min } else { self.rng.usize(min..=max) }
    }

    /// A length within the model's bounds, at most `typical` past the minimum.
    fn length(&mut self, shape: &Shape, typical: usize) -> usize {
        let min = bound(shape.constraints.min).unwrap_or(0);
        let max = bound(shape.constraints.max).unwrap_or(usize::MAX).min(min + typical);
        if max <= min { min } else { self.rng.usize(min..=max) }
    }

    fn string(&mut self, shape: &Shape) -> String {
        if self.options.profile == Profile::Realistic {
            return self.words(shape);
        }
        let length = self.length(shape, 12);
        (0..length).map(|_| CHARS[self.rng.usize(..CHARS.len())]).collect()
    }

    /// Plain words joined by `-`, `:` or `/`, within the model's length bounds.
    fn words(&mut self, shape: &Shape) -> String {
        let min = bound(shape.constraints.min).unwrap_or(0);
        let max = bound(shape.constraints.max).unwrap_or(usize::MAX);
        let target = self.rng.usize(min.max(4)..=min.max(4) + 40).min(max);
        let mut text = String::new();
        while text.len() < target {
            if !text.is_empty() {
                text.push(['-', ':', '/', ' '][self.rng.usize(..4)]);
            }
            text.push_str(WORDS[self.rng.usize(..WORDS.len())]);
        }
        text.truncate(max.min(text.len()));
        while text.len() < min {
            text.push('x');
        }
        text
    }

    /// A JSON document as text (a `jsonvalue` member): compact or spaced, as services send.
    fn json_text(&mut self) -> String {
        let document = self.document(self.options.max_depth.saturating_sub(2));
        let text =
            if self.rng.bool() { serde_json::to_string(&document) } else { serde_json::to_string_pretty(&document) };
        text.unwrap_or_default()
    }

    fn integer(&mut self, shape: &Shape, low: i64, high: i64) -> i64 {
        let min = shape.constraints.min.filter(|m| m.is_finite()).map_or(low, |m| (m.ceil() as i64).clamp(low, high));
        let max = shape.constraints.max.filter(|m| m.is_finite()).map_or(high, |m| (m.floor() as i64).clamp(low, high));
        let (min, max) = if min <= max { (min, max) } else { (low, high) };
        if self.options.profile == Profile::Realistic {
            let (min, max) = (min.max(0).min(max), max.min(min.max(0) + 100_000));
            return self.rng.i64(min..=max);
        }
        match self.rng.u8(..6) {
            0 => min,
            1 => max,
            2 if min <= 0 && 0 <= max => 0,
            _ => self.rng.i64(min..=max),
        }
    }

    fn float(&mut self) -> Json {
        if self.options.profile == Profile::Realistic {
            return self.moderate();
        }
        const EXTREMES: &[f32] =
            &[0.0, -0.0, 1.0, -1.0, 0.1, f32::MAX, f32::MIN, f32::MIN_POSITIVE, f32::EPSILON, 1e-45, 16_777_217.0];
        let value = match self.rng.u8(..10) {
            0 => return self.non_finite(),
            1..=4 => EXTREMES[self.rng.usize(..EXTREMES.len())],
            _ => f32::from_bits(self.rng.u32(..)),
        };
        if !value.is_finite() {
            return self.non_finite();
        }
        // The f32's shortest decimal as serde_json writes it, which is how the generated types
        // write it back (where two decimals are equally short and near, the spelling decides).
        let text = serde_json::to_string(&value).unwrap_or_default();
        match text.parse::<f64>().ok().and_then(serde_json::Number::from_f64) {
            Some(n) => Json::Number(n),
            None => self.non_finite(),
        }
    }

    /// A number such as services report: a score or a size, with up to three decimals.
    fn moderate(&mut self) -> Json {
        let value = f64::from(self.rng.u32(..1_000_000)) / 1000.0;
        serde_json::Number::from_f64(value).map_or(Json::Number(0.into()), Json::Number)
    }

    fn double(&mut self) -> Json {
        if self.options.profile == Profile::Realistic {
            return self.moderate();
        }
        const EXTREMES: &[f64] = &[
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.1,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            f64::EPSILON,
            5e-324,
            9_007_199_254_740_993.0,
            1e300,
        ];
        let value = match self.rng.u8(..10) {
            0 => return self.non_finite(),
            1..=4 => EXTREMES[self.rng.usize(..EXTREMES.len())],
            _ => f64::from_bits(self.rng.u64(..)),
        };
        match serde_json::Number::from_f64(value) {
            Some(n) => Json::Number(n),
            None => self.non_finite(),
        }
    }

    /// `NaN` and the infinities, which AWS JSON writes as strings.
    fn non_finite(&mut self) -> Json {
        Json::String(["NaN", "Infinity", "-Infinity"][self.rng.usize(..3)].to_owned())
    }

    fn timestamp(&mut self, format: TimestampFormat) -> Result<Json, Error> {
        // Year 1 to the end of what `jiff` holds (late 9999): what RFC 3339 and HTTP dates spell.
        const MIN: i64 = -62_135_596_800;
        const MAX: i64 = 253_402_207_199;
        let seconds = match (self.options.profile, self.rng.u8(..6)) {
            // Around now: 2020 to 2030.
            (Profile::Realistic, _) => self.rng.i64(1_577_836_800..1_893_456_000),
            (_, 0) => 0,
            (_, 1) => MIN,
            (_, 2) => MAX,
            _ => self.rng.i64(MIN..=MAX),
        };
        let nanos: i32 = match (format, self.rng.u8(..3)) {
            (TimestampFormat::HttpDate, _) | (_, 0) => 0,
            (TimestampFormat::EpochSeconds, _) => self.rng.i32(0..1000) * 1_000_000,
            (TimestampFormat::DateTime, 1) => self.rng.i32(0..1000) * 1_000_000,
            (TimestampFormat::DateTime, _) => self.rng.i32(0..1_000_000_000),
        };
        let bad = |e: jiff::Error| Error::Internal(format!("a sampled timestamp is out of range: {e}"));
        let timestamp = jiff::Timestamp::new(seconds, 0).map_err(bad)?;
        let timestamp = timestamp.checked_add(jiff::SignedDuration::new(0, nanos)).map_err(bad)?;
        Ok(match format {
            TimestampFormat::EpochSeconds => {
                let (seconds, nanos) = (timestamp.as_second(), timestamp.subsec_nanosecond());
                if nanos == 0 {
                    Json::Number(seconds.into())
                } else {
                    let sign = if seconds < 0 || nanos < 0 { "-" } else { "" };
                    let text = format!("{sign}{}.{:09}", seconds.unsigned_abs(), nanos.unsigned_abs());
                    let number = text.trim_end_matches('0').parse::<f64>().ok().and_then(serde_json::Number::from_f64);
                    match number {
                        Some(n) => Json::Number(n),
                        None => Json::Number(seconds.into()),
                    }
                }
            }
            TimestampFormat::DateTime => Json::String(timestamp.to_string()),
            TimestampFormat::HttpDate => Json::String(
                jiff::fmt::rfc2822::DateTimePrinter::new().timestamp_to_rfc9110_string(&timestamp).map_err(bad)?,
            ),
        })
    }

    /// Any JSON: what a document member holds.
    fn document(&mut self, depth: usize) -> Json {
        let deep = depth >= self.options.max_depth;
        match self.rng.u8(..if deep { 5 } else { 7 }) {
            0 => Json::Null,
            1 => Json::Bool(self.rng.bool()),
            2 if self.options.profile == Profile::Realistic => self.moderate(),
            2 => match self.rng.u8(..3) {
                0 => Json::Number(self.rng.i64(..).into()),
                1 => Json::Number(self.rng.u64(..).into()),
                _ => serde_json::Number::from_f64(f64::from_bits(self.rng.u64(..)))
                    .map_or(Json::Number(0.into()), Json::Number),
            },
            3 | 4 if self.options.profile == Profile::Realistic => {
                Json::String(WORDS[self.rng.usize(..WORDS.len())].to_owned())
            }
            3 | 4 => {
                let length = self.rng.usize(..12);
                Json::String((0..length).map(|_| CHARS[self.rng.usize(..CHARS.len())]).collect())
            }
            5 => {
                let count = self.rng.usize(..=self.options.max_items);
                Json::Array((0..count).map(|_| self.document(depth + 1)).collect())
            }
            _ => {
                let count = self.rng.usize(..=self.options.max_items);
                let mut entries: Vec<(String, Json)> = Vec::with_capacity(count);
                for i in 0..count {
                    let key: String = (0..self.rng.usize(..6)).map(|_| CHARS[self.rng.usize(..CHARS.len())]).collect();
                    let key = format!("{key}{i}");
                    let value = self.document(depth + 1);
                    entries.push((key, value));
                }
                Json::Object(entries)
            }
        }
    }
}

/// A length bound from the model as a count, if it is one.
fn bound(value: Option<f64>) -> Option<usize> {
    value.filter(|v| v.is_finite() && *v >= 0.0).map(|v| v.min(1e9) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(shapes: &str) -> Model {
        let text = format!(
            r#"{{"metadata": {{"protocol": "rest-json", "serviceFullName": "T"}},
                "operations": {{"Op": {{"name": "Op", "input": {{"shape": "A"}}}}}}, "shapes": {shapes}}}"#
        );
        crate::read::botocore::read(&crate::json::parse(text.as_bytes()).unwrap()).unwrap().0
    }

    fn samples(model: &Model, shape: &str, n: u64) -> Vec<serde_json::Value> {
        (0..n).map(|seed| serde_json::to_value(sample(model, shape, seed).unwrap()).unwrap()).collect()
    }

    #[test]
    fn required_members_always_optional_sometimes_bound_never() {
        let m = model(
            r#"{"A": {"type": "structure", "required": ["R"], "members": {
                  "R": {"shape": "S", "locationName": "r"},
                  "O": {"shape": "S"},
                  "H": {"shape": "S", "location": "header", "locationName": "x-h"}}},
                "S": {"type": "string", "min": 2, "max": 4}}"#,
        );
        let all = samples(&m, "A", 200);
        assert!(all.iter().all(|v| v["r"].as_str().is_some_and(|s| (2..=4).contains(&s.chars().count()))));
        assert!(all.iter().any(|v| v.get("O").is_some()));
        assert!(all.iter().any(|v| v.get("O").is_none()));
        assert!(all.iter().all(|v| v.get("H").is_none() && v.get("x-h").is_none()));
    }

    #[test]
    fn every_enum_value_and_unknown_ones() {
        let m = model(r#"{"A": {"type": "string", "enum": ["X", "Y", "Z"]}}"#);
        let all = samples(&m, "A", 300);
        for value in ["X", "Y", "Z"] {
            assert!(all.iter().any(|v| v == value), "{value}");
        }
        assert!(all.iter().any(|v| v.as_str().is_some_and(|s| s.starts_with("UNLISTED_"))));
    }

    #[test]
    fn recursion_is_bounded_and_unions_set_one_member() {
        let m = model(
            r#"{"A": {"type": "structure", "members": {"Next": {"shape": "A"}, "U": {"shape": "U"}, "L": {"shape": "L"}}},
                "L": {"type": "list", "member": {"shape": "A"}, "sparse": true},
                "U": {"type": "structure", "union": true, "members": {"A": {"shape": "A"}, "N": {"shape": "I"}}},
                "I": {"type": "integer", "min": -5, "max": 5}}"#,
        );
        fn depth(v: &serde_json::Value) -> usize {
            match v {
                serde_json::Value::Object(m) => 1 + m.values().map(depth).max().unwrap_or(0),
                serde_json::Value::Array(a) => 1 + a.iter().map(depth).max().unwrap_or(0),
                _ => 0,
            }
        }
        fn check(v: &serde_json::Value) {
            if let Some(u) = v.get("U") {
                let u = u.as_object().unwrap();
                assert_eq!(u.len(), 1, "{u:?}");
                if let Some(n) = u.get("N") {
                    assert!((-5..=5).contains(&n.as_i64().unwrap()));
                }
            }
            if let Some(next) = v.get("Next") {
                check(next);
            }
        }
        let all = samples(&m, "A", 200);
        assert!(all.iter().all(|v| depth(v) < 40));
        assert!(all.iter().any(|v| v["L"].as_array().is_some_and(|l| l.contains(&serde_json::Value::Null))));
        all.iter().for_each(check);
    }

    #[test]
    fn required_self_containment_is_an_error() {
        let m = model(r#"{"A": {"type": "structure", "required": ["A"], "members": {"A": {"shape": "A"}}}}"#);
        let err = sample(&m, "A", 1).unwrap_err();
        assert!(err.to_string().contains("contains itself through required members"), "{err}");
    }

    #[test]
    fn timestamps_blobs_and_floats_in_wire_form() {
        let m = model(
            r#"{"A": {"type": "structure", "required": ["E", "D", "H", "B", "F"], "members": {
                  "E": {"shape": "T"}, "D": {"shape": "T", "timestampFormat": "iso8601"},
                  "H": {"shape": "T", "timestampFormat": "rfc822"}, "B": {"shape": "B"}, "F": {"shape": "F"}}},
                "T": {"type": "timestamp"}, "B": {"type": "blob"}, "F": {"type": "float"}}"#,
        );
        for v in samples(&m, "A", 100) {
            assert!(v["E"].is_number(), "{v}");
            let d = v["D"].as_str().unwrap();
            assert_eq!(d.parse::<jiff::Timestamp>().unwrap().to_string(), d);
            assert!(v["H"].as_str().unwrap().ends_with(" GMT"));
            base64::engine::general_purpose::STANDARD.decode(v["B"].as_str().unwrap()).unwrap();
            match &v["F"] {
                serde_json::Value::Number(n) => {
                    let f = n.as_f64().unwrap() as f32;
                    assert_eq!(serde_json::to_string(&f).unwrap().parse::<f64>().unwrap(), n.as_f64().unwrap());
                }
                serde_json::Value::String(s) => assert!(["NaN", "Infinity", "-Infinity"].contains(&s.as_str())),
                other => panic!("{other}"),
            }
        }
    }

    #[test]
    fn realistic_fills_every_member_with_plain_values() {
        let m = model(
            r#"{"A": {"type": "structure", "members": {
                  "S": {"shape": "S"}, "E": {"shape": "E"}, "N": {"shape": "N"}, "D": {"shape": "D"},
                  "T": {"shape": "T"}, "L": {"shape": "L"}, "M": {"shape": "M"}, "Next": {"shape": "A"}}},
                "S": {"type": "string", "max": 30}, "E": {"type": "string", "enum": ["X", "Y"]},
                "N": {"type": "integer", "min": -10}, "D": {"type": "double"}, "T": {"type": "timestamp"},
                "L": {"type": "list", "member": {"shape": "S"}, "max": 5},
                "M": {"type": "map", "key": {"shape": "S"}, "value": {"shape": "N"}}}"#,
        );
        for seed in 0..50 {
            let mut sampler = Sampler::new(&m, seed).with_options(Options::realistic());
            let v = serde_json::to_value(sampler.sample("A").unwrap()).unwrap();
            let mut level = &v;
            // Members of the structure at depth `max_depth - 1` sit at the bound: lists and maps
            // there are empty; the structure below it has no members.
            for _ in 0..Options::realistic().max_depth - 1 {
                let object = level.as_object().unwrap();
                assert_eq!(object.len(), 8, "every member, to the depth bound: {level}");
                let s = object["S"].as_str().unwrap();
                assert!((4..=30).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_graphic() || b == b' '), "{s:?}");
                assert!(["X", "Y"].contains(&object["E"].as_str().unwrap()));
                assert!((0..=100_000).contains(&object["N"].as_i64().unwrap()));
                assert!((0.0..1000.0).contains(&object["D"].as_f64().unwrap()));
                assert!((1_577_836_800.0..1_893_456_000.0).contains(&object["T"].as_f64().unwrap()));
                assert_eq!(object["L"].as_array().unwrap().len(), 1);
                assert_eq!(object["M"].as_object().unwrap().len(), 1);
                level = &object["Next"];
            }
            assert_eq!(level["L"], serde_json::json!([]));
            assert_eq!(level["Next"], serde_json::json!({}), "stops at the depth bound");
        }
    }

    #[test]
    fn unknown_shape_suggests() {
        let m = model(r#"{"A": {"type": "string"}}"#);
        assert_eq!(sample(&m, "a", 0).unwrap_err().to_string(), r#"no shape named "a" in T (did you mean "A"?)"#);
    }
}
