//! CBOR bodies (`smithy-rpc-v2-cbor`): writing requests and reading responses and errors.
//!
//! Generated code says, per structure, which key each member goes under ([`CborWrite`]) and
//! which member each key of a map fills ([`CborStruct`]); [`CborWriter`] and [`CborReader`]
//! do the encoding over `minicbor`, as the protocol spells values: timestamps as tag 1 with
//! epoch seconds, blobs as byte strings, floats with their `NaN` and infinities as CBOR floats.
//! The reader takes definite and indefinite lengths alike, upcasts smaller numbers, reads
//! `null` as absent, skips keys no member names, bounds nesting, and names the path of what
//! it cannot read (`body.items[2].size: expected an integer, found a text string`).

use std::borrow::Cow;
use std::collections::HashMap;
use std::convert::Infallible;
use std::hash::Hash;

use minicbor::data::{Tag, Type};
use minicbor::{Decoder, Encoder};

use crate::response::{ErrorMeta, ResponseError, blank, query_error_code, sanitize_error_code};

/// How deep structures, lists and maps may nest: deeper bodies are refused, not read with
/// unbounded recursion.
pub const MAX_DEPTH: usize = 128;

/// A structure or union written as a CBOR map of its members with a value.
pub trait CborWrite {
    /// Writes the members with a value, each as a key and its value.
    fn write_cbor(&self, writer: &mut CborWriter);
}

impl<T: CborWrite + ?Sized> CborWrite for Box<T> {
    #[inline]
    fn write_cbor(&self, writer: &mut CborWriter) {
        (**self).write_cbor(writer);
    }
}

/// A CBOR body being written.
#[derive(Debug)]
pub struct CborWriter {
    encoder: Encoder<Vec<u8>>,
}

/// Writing into a `Vec` cannot fail: `minicbor`'s error type for it is uninhabited.
#[inline]
fn written<T>(result: Result<T, minicbor::encode::Error<Infallible>>) {
    let _ = result;
}

impl Default for CborWriter {
    fn default() -> Self {
        CborWriter::new()
    }
}

impl CborWriter {
    /// An empty body.
    pub fn new() -> CborWriter {
        CborWriter { encoder: Encoder::new(Vec::with_capacity(128)) }
    }

    /// A map key.
    #[inline]
    pub fn key(&mut self, key: &str) {
        written(self.encoder.str(key));
    }

    /// A text string.
    #[inline]
    pub fn str(&mut self, value: &str) {
        written(self.encoder.str(value));
    }

    /// A boolean.
    #[inline]
    pub fn bool(&mut self, value: bool) {
        written(self.encoder.bool(value));
    }

    /// An integer, in the smallest encoding that holds it.
    #[inline]
    pub fn int(&mut self, value: i64) {
        written(self.encoder.i64(value));
    }

    /// A single-precision float (`NaN` and the infinities as such).
    #[inline]
    pub fn f32(&mut self, value: f32) {
        written(self.encoder.f32(value));
    }

    /// A double-precision float (`NaN` and the infinities as such).
    #[inline]
    pub fn f64(&mut self, value: f64) {
        written(self.encoder.f64(value));
    }

    /// An arbitrary-precision number: an integer when it is one, else a double.
    pub fn number(&mut self, value: &serde_json::Number) {
        if let Some(n) = value.as_i64() {
            self.int(n);
        } else if let Some(n) = value.as_u64() {
            written(self.encoder.u64(n));
        } else {
            self.f64(value.as_f64().unwrap_or(f64::NAN));
        }
    }

    /// A byte string.
    #[inline]
    pub fn bytes(&mut self, value: &[u8]) {
        written(self.encoder.bytes(value));
    }

    /// A timestamp: tag 1 and its epoch seconds as a double.
    pub fn timestamp(&mut self, value: &jiff::Timestamp) {
        written(self.encoder.tag(Tag::new(1)));
        let seconds = value.as_second() as f64 + f64::from(value.subsec_nanosecond()) / 1e9;
        self.f64(seconds);
    }

    /// `null`, a sparse list's or map's missing value.
    #[inline]
    pub fn null(&mut self) {
        written(self.encoder.null());
    }

    /// The header of an array of `len` items, which follow.
    #[inline]
    pub fn array(&mut self, len: usize) {
        written(self.encoder.array(len as u64));
    }

    /// The header of a map of `len` entries, which follow (key, value, key, ...).
    #[inline]
    pub fn map(&mut self, len: usize) {
        written(self.encoder.map(len as u64));
    }

    /// A structure: a map of the members with a value (of indefinite length, which every
    /// implementation of the protocol reads, so that the members need not be counted first).
    pub fn structure<T: CborWrite + ?Sized>(&mut self, value: &T) {
        written(self.encoder.begin_map());
        value.write_cbor(self);
        written(self.encoder.end());
    }

    /// The body's bytes.
    #[inline]
    pub fn finish(self) -> Vec<u8> {
        self.encoder.into_writer()
    }
}

/// The body of a request with `input`: the map of its members with a value.
pub fn body<T: CborWrite + ?Sized>(input: &T) -> Vec<u8> {
    let mut writer = CborWriter::new();
    writer.structure(input);
    writer.finish()
}

/// A structure read from a CBOR map, member by member.
pub trait CborStruct<'a>: Default {
    /// Reads the value of the map key `key` into the member it names, or skips it.
    fn read_member(&mut self, key: &str, reader: &mut CborReader<'a>) -> Result<(), ResponseError>;
}

/// A simple value read from CBOR.
pub trait CborValue<'a>: Sized {
    /// Reads the value at the reader's position.
    fn read_cbor(reader: &mut CborReader<'a>) -> Result<Self, ResponseError>;
}

/// Whether a value of type `t` is an integer, of any size or sign.
fn is_integer(t: Type) -> bool {
    matches!(t, Type::U8 | Type::U16 | Type::U32 | Type::U64 | Type::I8 | Type::I16 | Type::I32 | Type::I64 | Type::Int)
}

/// A place in the body, for errors.
#[derive(Debug)]
enum Step<'a> {
    Key(Cow<'a, str>),
    Index(usize),
}

/// A CBOR body being read.
pub struct CborReader<'a> {
    decoder: Decoder<'a>,
    /// The keys and indexes from the body's top to the value being read.
    path: Vec<Step<'a>>,
    /// How many structures, lists and maps are open.
    depth: usize,
    status: u16,
}

impl<'a> CborReader<'a> {
    /// A reader of `body`, from a response with `status`.
    pub fn new(body: &'a [u8], status: u16) -> CborReader<'a> {
        CborReader { decoder: Decoder::new(body), path: Vec::new(), depth: 0, status }
    }

    /// The path of the value being read: `body.items[2].size`.
    fn place(&self) -> String {
        let mut place = String::from("body");
        for step in &self.path {
            match step {
                Step::Key(key) => {
                    place.push('.');
                    place.push_str(key);
                }
                Step::Index(i) => place.push_str(&format!("[{i}]")),
            }
        }
        place
    }

    /// An error at the current place.
    pub fn error(&self, message: impl Into<String>) -> ResponseError {
        ResponseError::new(self.place(), message, self.status)
    }

    fn cbor_error(&self, error: minicbor::decode::Error) -> ResponseError {
        self.error(format!("malformed CBOR: {error}"))
    }

    /// The type of the next value.
    fn datatype(&self) -> Result<Type, ResponseError> {
        self.decoder.datatype().map_err(|e| self.cbor_error(e))
    }

    /// An error that the next value is not `expected`.
    fn unexpected<T>(&self, expected: &str) -> Result<T, ResponseError> {
        let found = match self.datatype()? {
            Type::Bool => "a boolean",
            Type::Null | Type::Undefined => "null",
            t if is_integer(t) => "an integer",
            Type::F16 | Type::F32 | Type::F64 => "a float",
            Type::Bytes | Type::BytesIndef => "a byte string",
            Type::String | Type::StringIndef => "a text string",
            Type::Array | Type::ArrayIndef => "an array",
            Type::Map | Type::MapIndef => "a map",
            Type::Tag => "a tag",
            Type::Break => "a break",
            _ => "a simple value",
        };
        Err(self.error(format!("expected {expected}, found {found}")))
    }

    /// Whether the next value is `null` (or `undefined`); consumes it if so.
    pub fn null(&mut self) -> Result<bool, ResponseError> {
        match self.datatype()? {
            Type::Null | Type::Undefined => {
                self.decoder.skip().map_err(|e| self.cbor_error(e))?;
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    /// Skips the next value and all it holds.
    pub fn skip(&mut self) -> Result<(), ResponseError> {
        self.decoder.skip().map_err(|e| self.cbor_error(e))
    }

    /// Opens a nested structure, list or map, within the depth bound.
    fn enter(&mut self) -> Result<(), ResponseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error(format!("values nest deeper than {MAX_DEPTH}")));
        }
        Ok(())
    }

    /// Consumes a break byte, if the next is one: the end of an indefinite-length item.
    fn at_break(&mut self) -> Result<bool, ResponseError> {
        if self.datatype()? == Type::Break {
            self.decoder.set_position(self.decoder.position() + 1);
            return Ok(true);
        }
        Ok(false)
    }

    /// The length of the map or array whose header is next (`None`: indefinite).
    fn header(&mut self, map: bool) -> Result<Option<u64>, ResponseError> {
        let result = if map { self.decoder.map() } else { self.decoder.array() };
        result.map_err(|e| self.cbor_error(e))
    }

    /// A text string, its chunks joined when it has an indefinite length.
    pub fn text(&mut self) -> Result<Cow<'a, str>, ResponseError> {
        match self.datatype()? {
            Type::String => self.decoder.str().map(Cow::Borrowed).map_err(|e| self.cbor_error(e)),
            Type::StringIndef => {
                let mut join = || -> Result<String, minicbor::decode::Error> {
                    let mut text = String::new();
                    for chunk in self.decoder.str_iter()? {
                        text.push_str(chunk?);
                    }
                    Ok(text)
                };
                let joined = join();
                joined.map(Cow::Owned).map_err(|e| self.cbor_error(e))
            }
            _ => self.unexpected("a text string"),
        }
    }

    /// The entries of the map that is next: `each` runs with each key, the reader at its
    /// value, which `each` must read or skip. A `null` value is skipped when `skip_null`.
    fn entries(
        &mut self,
        skip_null: bool,
        mut each: impl FnMut(&mut Self, Cow<'a, str>) -> Result<(), ResponseError>,
    ) -> Result<(), ResponseError> {
        if !matches!(self.datatype()?, Type::Map | Type::MapIndef) {
            return self.unexpected("a map");
        }
        self.enter()?;
        let len = self.header(true)?;
        let mut read = 0u64;
        loop {
            match len {
                Some(len) if read == len => break,
                None if self.at_break()? => break,
                _ => {}
            }
            read += 1;
            let key = self.text()?;
            self.path.push(Step::Key(key.clone()));
            if !(skip_null && self.null()?) {
                each(self, key)?;
            }
            self.path.pop();
        }
        self.depth -= 1;
        Ok(())
    }

    /// The structure whose map is next.
    pub fn structure<T: CborStruct<'a>>(&mut self) -> Result<T, ResponseError> {
        let mut value = T::default();
        self.entries(true, |reader, key| value.read_member(&key, reader))?;
        Ok(value)
    }

    /// The list whose array is next, each item read by `read`.
    pub fn list<T>(
        &mut self,
        mut read: impl FnMut(&mut Self) -> Result<T, ResponseError>,
    ) -> Result<Vec<T>, ResponseError> {
        if !matches!(self.datatype()?, Type::Array | Type::ArrayIndef) {
            return self.unexpected("an array");
        }
        self.enter()?;
        let len = self.header(false)?;
        let mut items = Vec::with_capacity(len.unwrap_or(0).min(1024) as usize);
        loop {
            match len {
                Some(len) if items.len() as u64 == len => break,
                None if self.at_break()? => break,
                _ => {}
            }
            self.path.push(Step::Index(items.len()));
            items.push(read(self)?);
            self.path.pop();
        }
        self.depth -= 1;
        Ok(items)
    }

    /// The map whose CBOR map is next: each key made a `K` by `key`, each value read by
    /// `read`. In a dense map (`sparse` unset) a `null` value leaves its entry out.
    pub fn map<K: Eq + Hash, V>(
        &mut self,
        sparse: bool,
        key: impl Fn(Cow<'a, str>) -> K,
        mut read: impl FnMut(&mut Self) -> Result<V, ResponseError>,
    ) -> Result<HashMap<K, V>, ResponseError> {
        let mut map = HashMap::new();
        self.entries(!sparse, |reader, k| {
            map.insert(key(k), read(reader)?);
            Ok(())
        })?;
        Ok(map)
    }

    /// A value that may be `null` (a sparse list's or map's): `None` for `null`.
    pub fn nullable<T>(
        &mut self,
        read: impl FnOnce(&mut Self) -> Result<T, ResponseError>,
    ) -> Result<Option<T>, ResponseError> {
        if self.null()? { Ok(None) } else { read(self).map(Some) }
    }

    /// The simple value that is next.
    #[inline]
    pub fn read<T: CborValue<'a>>(&mut self) -> Result<T, ResponseError> {
        T::read_cbor(self)
    }

    /// The text that is next, as a value of an enum (`From<&str>`).
    pub fn read_enum<T: for<'t> From<&'t str>>(&mut self) -> Result<T, ResponseError> {
        Ok(T::from(&*self.text()?))
    }

    /// An integer, of any size or sign the value holds.
    fn integer(&mut self) -> Result<i128, ResponseError> {
        match self.datatype()? {
            t if is_integer(t) => {
                let int = self.decoder.int().map_err(|e| self.cbor_error(e))?;
                Ok(i128::from(int))
            }
            _ => self.unexpected("an integer"),
        }
    }

    /// A number as a double: any float (half, single, double) or integer.
    fn float(&mut self) -> Result<f64, ResponseError> {
        match self.datatype()? {
            Type::F16 | Type::F32 | Type::F64 => self.decoder.f64().map_err(|e| self.cbor_error(e)),
            t if is_integer(t) => Ok(self.integer()? as f64),
            _ => self.unexpected("a number"),
        }
    }
}

impl<'a> CborValue<'a> for Cow<'a, str> {
    #[inline]
    fn read_cbor(reader: &mut CborReader<'a>) -> Result<Self, ResponseError> {
        reader.text()
    }
}

impl<'a> CborValue<'a> for String {
    #[inline]
    fn read_cbor(reader: &mut CborReader<'a>) -> Result<Self, ResponseError> {
        reader.text().map(Cow::into_owned)
    }
}

impl<'a> CborValue<'a> for bool {
    fn read_cbor(reader: &mut CborReader<'a>) -> Result<Self, ResponseError> {
        match reader.datatype()? {
            Type::Bool => reader.decoder.bool().map_err(|e| reader.cbor_error(e)),
            _ => reader.unexpected("a boolean"),
        }
    }
}

macro_rules! integer_value {
    ($($t:ty),*) => {$(
        impl<'a> CborValue<'a> for $t {
            fn read_cbor(reader: &mut CborReader<'a>) -> Result<Self, ResponseError> {
                let value = reader.integer()?;
                <$t>::try_from(value)
                    .map_err(|_| reader.error(format!("{value} is out of range for {}", stringify!($t))))
            }
        }
    )*};
}

integer_value!(i8, i16, i32, i64);

impl<'a> CborValue<'a> for f32 {
    fn read_cbor(reader: &mut CborReader<'a>) -> Result<Self, ResponseError> {
        reader.float().map(|value| value as f32)
    }
}

impl<'a> CborValue<'a> for f64 {
    fn read_cbor(reader: &mut CborReader<'a>) -> Result<Self, ResponseError> {
        reader.float()
    }
}

impl<'a> CborValue<'a> for serde_json::Number {
    fn read_cbor(reader: &mut CborReader<'a>) -> Result<Self, ResponseError> {
        match reader.datatype()? {
            Type::F16 | Type::F32 | Type::F64 => {
                let value = reader.float()?;
                serde_json::Number::from_f64(value).ok_or_else(|| reader.error(format!("{value} is not a number")))
            }
            _ => {
                let value = reader.integer()?;
                if let Ok(n) = i64::try_from(value) {
                    Ok(n.into())
                } else {
                    u64::try_from(value).map(Into::into).map_err(|_| reader.error(format!("{value} is out of range")))
                }
            }
        }
    }
}

impl<'a> CborValue<'a> for Vec<u8> {
    fn read_cbor(reader: &mut CborReader<'a>) -> Result<Self, ResponseError> {
        match reader.datatype()? {
            Type::Bytes => reader.decoder.bytes().map(<[u8]>::to_vec).map_err(|e| reader.cbor_error(e)),
            Type::BytesIndef => {
                let mut join = || -> Result<Vec<u8>, minicbor::decode::Error> {
                    let mut bytes = Vec::new();
                    for chunk in reader.decoder.bytes_iter()? {
                        bytes.extend_from_slice(chunk?);
                    }
                    Ok(bytes)
                };
                let joined = join();
                joined.map_err(|e| reader.cbor_error(e))
            }
            _ => reader.unexpected("a byte string"),
        }
    }
}

impl<'a> CborValue<'a> for jiff::Timestamp {
    /// Tag 1 and epoch seconds (an integer or a float); the tag may be left out.
    fn read_cbor(reader: &mut CborReader<'a>) -> Result<Self, ResponseError> {
        if reader.datatype()? == Type::Tag {
            let tag = reader.decoder.tag().map_err(|e| reader.cbor_error(e))?;
            if tag != Tag::new(1) {
                return Err(reader.error(format!("expected a timestamp (tag 1), found tag {}", u64::from(tag))));
            }
        }
        let result = match reader.datatype()? {
            Type::F16 | Type::F32 | Type::F64 => {
                crate::time::from_epoch_f64(reader.float()?).map_err(|e| e.to_string())
            }
            _ => {
                let seconds = reader.integer()?;
                i64::try_from(seconds)
                    .ok()
                    .and_then(|s| jiff::Timestamp::from_second(s).ok())
                    .ok_or_else(|| format!("{seconds} seconds is out of range"))
            }
        };
        result.map_err(|message| reader.error(format!("invalid timestamp: {message}")))
    }
}

/// The output of a response: the structure of its body; the default value for an empty body.
/// Bytes after the body's one value are an error.
pub fn read_body<'a, T: CborStruct<'a>>(body: &'a [u8], status: u16) -> Result<T, ResponseError> {
    if body.is_empty() {
        return Ok(T::default());
    }
    let mut reader = CborReader::new(body, status);
    let value = reader.structure()?;
    if reader.decoder.position() < body.len() {
        return Err(ResponseError::new("body", "bytes after the end of the body's value", status));
    }
    Ok(value)
}

/// What an error response of `smithy-rpc-v2-cbor` says of itself: the code from the body's
/// `__type` (sanitized as the JSON protocols' is: `smithy.example#Bad` is `Bad`), the message
/// from `message` or `Message`, and, for query-compatible services, the `x-amzn-query-error`
/// header's code. A body that is not a CBOR map gives neither code nor message; this never
/// fails.
pub fn error_meta<B: AsRef<[u8]>>(response: &http::Response<B>) -> ErrorMeta {
    let body = response.body().as_ref();
    let mut meta = ErrorMeta { query_code: query_error_code(response.headers()), ..ErrorMeta::default() };
    if blank(body) {
        return meta.complete(response);
    }
    let mut reader = CborReader::new(body, response.status().as_u16());
    let (mut code, mut message, mut message_capital) = (None, None, None);
    let _ = reader.entries(true, |reader, key| {
        match &*key {
            "__type" => code = Some(reader.text()?.into_owned()),
            "message" => message = Some(reader.text()?.into_owned()),
            "Message" => message_capital = Some(reader.text()?.into_owned()),
            _ => reader.skip()?,
        }
        Ok(())
    });
    meta.code = code.map(|c| sanitize_error_code(&c).to_owned()).filter(|c| !c.is_empty());
    meta.message = message.or(message_capital);
    meta.complete(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, PartialEq)]
    struct Node {
        text: Option<String>,
        count: Option<i32>,
        ratio: Option<f64>,
        when: Option<jiff::Timestamp>,
        data: Option<Vec<u8>>,
        list: Option<Vec<Option<String>>>,
        map: Option<HashMap<String, i64>>,
        nested: Option<Box<Node>>,
    }

    impl<'a> CborStruct<'a> for Node {
        fn read_member(&mut self, key: &str, r: &mut CborReader<'a>) -> Result<(), ResponseError> {
            match key {
                "text" => self.text = Some(r.read()?),
                "count" => self.count = Some(r.read()?),
                "ratio" => self.ratio = Some(r.read()?),
                "when" => self.when = Some(r.read()?),
                "data" => self.data = Some(r.read()?),
                "list" => self.list = Some(r.list(|r| r.nullable(|r| r.read()))?),
                "map" => self.map = Some(r.map(false, String::from, |r| r.read())?),
                "nested" => self.nested = Some(Box::new(r.structure()?)),
                _ => r.skip()?,
            }
            Ok(())
        }
    }

    impl CborWrite for Node {
        fn write_cbor(&self, w: &mut CborWriter) {
            if let Some(v) = &self.text {
                w.key("text");
                w.str(v);
            }
            if let Some(v) = self.count {
                w.key("count");
                w.int(i64::from(v));
            }
            if let Some(v) = self.ratio {
                w.key("ratio");
                w.f64(v);
            }
            if let Some(v) = &self.when {
                w.key("when");
                w.timestamp(v);
            }
            if let Some(v) = &self.data {
                w.key("data");
                w.bytes(v);
            }
            if let Some(v) = &self.list {
                w.key("list");
                w.array(v.len());
                for item in v {
                    match item {
                        Some(item) => w.str(item),
                        None => w.null(),
                    }
                }
            }
            if let Some(v) = &self.map {
                w.key("map");
                w.map(v.len());
                for (k, v) in v {
                    w.str(k);
                    w.int(*v);
                }
            }
            if let Some(v) = &self.nested {
                w.key("nested");
                w.structure(v);
            }
        }
    }

    fn read(body: &[u8]) -> Result<Node, ResponseError> {
        read_body(body, 200)
    }

    #[test]
    fn what_is_written_reads_back() {
        let node = Node {
            text: Some("é\u{0}x".to_owned()),
            count: Some(-70000),
            ratio: Some(f64::NEG_INFINITY),
            when: Some("2014-04-29T18:30:38.5Z".parse().unwrap()),
            data: Some(vec![0, 255]),
            list: Some(vec![Some("a".to_owned()), None]),
            map: Some(HashMap::from([("k".to_owned(), i64::MIN)])),
            nested: Some(Box::new(Node { count: Some(1), ..Node::default() })),
        };
        assert_eq!(read(&body(&node)).unwrap(), node);
        assert_eq!(body(&Node::default()), [0xbf, 0xff]);
    }

    #[test]
    fn reads_every_encoding_the_protocol_allows() {
        // Definite maps, an indefinite text string in chunks, a half float, an integer
        // timestamp without its tag, nulls, and unknown keys of every kind skipped.
        let body = [
            0xa7, // map of 7
            0x64, b't', b'e', b'x', b't', 0x7f, 0x61, b'a', 0x62, b'b', b'c', 0xff, // "abc" in chunks
            0x65, b'r', b'a', b't', b'i', b'o', 0xf9, 0x3e, 0x00, // 1.5 as f16
            0x64, b'w', b'h', b'e', b'n', 0x1a, 0x53, 0x5f, 0xef, 0xce, // 1398796238, untagged
            0x65, b'c', b'o', b'u', b'n', b't', 0xf6, // null: absent
            0x63, b'z', b'z', b'z', 0xbf, 0x61, b'q', 0x9f, 0x01, 0xff, 0xff, // unknown
            0x63, b'm', b'a', b'p', 0xa2, 0x61, b'a', 0x01, 0x61, b'b', 0xf6, // dense: null left out
            0x64, b'l', b'i', b's', b't', 0x9f, 0xf6, 0x61, b'x', 0xff, // sparse list with a null
        ];
        let node = read(&body).unwrap();
        assert_eq!(node.text.as_deref(), Some("abc"));
        assert_eq!(node.ratio, Some(1.5));
        assert_eq!(node.when, Some(jiff::Timestamp::from_second(1398796238).unwrap()));
        assert_eq!(node.count, None);
        assert_eq!(node.map, Some(HashMap::from([("a".to_owned(), 1)])));
        assert_eq!(node.list, Some(vec![None, Some("x".to_owned())]));
    }

    #[test]
    fn errors_name_the_place() {
        let cases: [(&[u8], &str); 6] = [
            (
                &[0xa1, 0x65, b'c', b'o', b'u', b'n', b't', 0x61, b'x'],
                "body.count: expected an integer, found a text string",
            ),
            (
                &[0xa1, 0x65, b'c', b'o', b'u', b'n', b't', 0x1b, 0, 0, 0, 1, 0, 0, 0, 0],
                "body.count: 4294967296 is out of range",
            ),
            (
                &[0xa1, 0x64, b'l', b'i', b's', b't', 0x82, 0x61, b'a', 0x01],
                "body.list[1]: expected a text string, found an integer",
            ),
            (&[0x61, b'x'], "body: expected a map, found a text string"),
            (&[0xa1, 0x64, b't', b'e', b'x', b't'], "body.text: malformed CBOR"),
            (&[0xa0, 0x00], "body: bytes after the end"),
        ];
        for (body, expected) in cases {
            let error = read(body).unwrap_err().to_string();
            assert!(error.starts_with(expected), "{error} (expected {expected})");
        }
        // Nesting is bounded.
        let mut deep = Vec::new();
        for _ in 0..200 {
            deep.extend_from_slice(&[0xa1, 0x66, b'n', b'e', b's', b't', b'e', b'd']);
        }
        deep.push(0xa0);
        assert!(read(&deep).unwrap_err().to_string().contains("nest deeper than 128"));
    }

    #[test]
    fn error_meta_reads_the_type_and_message() {
        let body = [
            0xa2, 0x66, b'_', b'_', b't', b'y', b'p', b'e', 0x65, b'a', b'#', b'B', b'a', b'd', 0x67, b'M', b'e', b's',
            b's', b'a', b'g', b'e', 0x62, b'H', b'i',
        ];
        let response = http::Response::builder().status(400).body(body.to_vec()).unwrap();
        let meta = error_meta(&response);
        assert_eq!((meta.code.as_deref(), meta.message.as_deref()), (Some("Bad"), Some("Hi")));
        let response = http::Response::builder().status(400).body(b"junk".to_vec()).unwrap();
        assert_eq!(error_meta(&response), ErrorMeta::default());
    }
}
