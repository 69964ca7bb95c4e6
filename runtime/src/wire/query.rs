//! Request bodies of the query protocols (AWS Query and EC2 Query): the
//! `application/x-www-form-urlencoded` pairs `Action=Op&Version=V&Name=value...`, where a
//! member's name is the dotted path to it (`Nested.ListArg.member.1`).
//!
//! Generated code says, member by member, which name each value goes under and what form
//! its lists and maps take ([`QueryStruct`]); the writer keeps the path, spells the pairs and
//! percent-encodes them.

use std::collections::HashMap;

use percent_encoding::utf8_percent_encode;

use crate::request::UNRESERVED;

/// A structure whose members go into a query body, each under its name.
pub trait QueryStruct {
    /// Writes the members that have a value, under the writer's current name.
    fn write_query(&self, writer: &mut QueryWriter);
}

impl<T: QueryStruct + ?Sized> QueryStruct for Box<T> {
    #[inline]
    fn write_query(&self, writer: &mut QueryWriter) {
        (**self).write_query(writer);
    }
}

/// The body of a request that calls `action` of the API version `version` with `input`.
pub fn body<T: QueryStruct + ?Sized>(action: &str, version: &str, input: &T) -> Vec<u8> {
    let mut writer = QueryWriter::new(action, version);
    input.write_query(&mut writer);
    writer.finish()
}

/// A simple value as the query protocols spell it: strings as they are, booleans `true` and
/// `false`, numbers in decimal (`NaN`, `Infinity`, `-Infinity` for the floats that are not
/// finite), blobs in base64. Timestamps and enums are spelled by generated code, which knows
/// their format.
pub trait QueryText {
    /// Writes the value as the pair of the writer's current name.
    fn write_text(&self, writer: &mut QueryWriter);
}

macro_rules! string_text {
    ($($t:ty),*) => {$(
        impl QueryText for $t {
            #[inline]
            fn write_text(&self, writer: &mut QueryWriter) {
                writer.text(self);
            }
        }
    )*};
}

string_text!(str, String, std::borrow::Cow<'_, str>);

impl QueryText for bool {
    #[inline]
    fn write_text(&self, writer: &mut QueryWriter) {
        writer.text(if *self { "true" } else { "false" });
    }
}

macro_rules! integer_text {
    ($($t:ty),*) => {$(
        impl QueryText for $t {
            #[inline]
            fn write_text(&self, writer: &mut QueryWriter) {
                writer.text(itoa::Buffer::new().format(*self));
            }
        }
    )*};
}

integer_text!(i8, i16, i32, i64);

impl QueryText for f32 {
    #[inline]
    fn write_text(&self, writer: &mut QueryWriter) {
        writer.text(&crate::request::fmt_f32(*self));
    }
}

impl QueryText for f64 {
    #[inline]
    fn write_text(&self, writer: &mut QueryWriter) {
        writer.text(&crate::request::fmt_f64(*self));
    }
}

impl QueryText for Vec<u8> {
    #[inline]
    fn write_text(&self, writer: &mut QueryWriter) {
        writer.text(&crate::request::base64_encode(self));
    }
}

/// The body of a query request, written pair by pair.
#[derive(Debug, Clone)]
pub struct QueryWriter {
    body: String,
    /// The dotted name of the value being written.
    name: String,
}

impl QueryWriter {
    /// A body that calls `action` of the API version `version`.
    pub fn new(action: &str, version: &str) -> QueryWriter {
        let mut writer = QueryWriter { body: String::with_capacity(128), name: String::new() };
        writer.pair("Action", action);
        writer.pair("Version", version);
        writer
    }

    fn pair(&mut self, name: &str, value: &str) {
        if !self.body.is_empty() {
            self.body.push('&');
        }
        self.body.extend(utf8_percent_encode(name, UNRESERVED));
        self.body.push('=');
        self.body.extend(utf8_percent_encode(value, UNRESERVED));
    }

    /// Runs `write` with `segment` appended to the current name.
    fn nested(&mut self, segment: &str, write: impl FnOnce(&mut QueryWriter)) {
        let len = self.name.len();
        if len > 0 {
            self.name.push('.');
        }
        self.name.push_str(segment);
        write(self);
        self.name.truncate(len);
    }

    /// Runs `write` with the number `n` appended to the current name.
    fn numbered(&mut self, n: usize, write: impl FnOnce(&mut QueryWriter)) {
        let mut digits = itoa::Buffer::new();
        self.nested(digits.format(n), write);
    }

    /// The pair of the current name and `value`.
    #[inline]
    pub fn text(&mut self, value: &str) {
        let name = std::mem::take(&mut self.name);
        self.pair(&name, value);
        self.name = name;
    }

    /// The member `name` of the structure being written, when it has a value.
    #[inline]
    pub fn member<T: ?Sized>(&mut self, name: &str, value: Option<&T>, write: impl FnOnce(&mut QueryWriter, &T)) {
        if let Some(value) = value {
            self.nested(name, |writer| write(writer, value));
        }
    }

    /// The simple member `name`, when it has a value.
    #[inline]
    pub fn value<T: QueryText + ?Sized>(&mut self, name: &str, value: Option<&T>) {
        if let Some(value) = value {
            self.nested(name, |writer| value.write_text(writer));
        }
    }

    /// A simple value (a list's item, a map's value) under the current name.
    #[inline]
    pub fn write<T: QueryText + ?Sized>(&mut self, value: &T) {
        value.write_text(self);
    }

    /// A timestamp in `format` under the current name.
    #[inline]
    pub fn timestamp(&mut self, value: &jiff::Timestamp, format: crate::time::Format) {
        self.text(&crate::time::format(value, format));
    }

    /// A structure's members under the current name.
    #[inline]
    pub fn structure<T: QueryStruct + ?Sized>(&mut self, value: &T) {
        value.write_query(self);
    }

    /// A list, its items numbered from 1: under `item` (`Name.member.1`), or flattened when
    /// `item` is `None` (`Name.1`). An empty list is the pair `Name=` when `empty_pair` is set
    /// (AWS Query), nothing otherwise (EC2 Query).
    pub fn list<T>(&mut self, items: &[T], item: Option<&str>, empty_pair: bool, write: impl Fn(&mut QueryWriter, &T)) {
        if items.is_empty() {
            if empty_pair {
                self.text("");
            }
            return;
        }
        let each = |writer: &mut QueryWriter| {
            for (i, value) in items.iter().enumerate() {
                writer.numbered(i + 1, |writer| write(writer, value));
            }
        };
        match item {
            Some(item) => self.nested(item, each),
            None => each(self),
        }
    }

    /// A map, its entries in key order and numbered from 1: under `entry`
    /// (`Name.entry.1.key`, `Name.entry.1.value`), or flattened when `entry` is `None`
    /// (`Name.1.key`), with the key and value under the names `key` and `value` give.
    pub fn map<K, V, S>(
        &mut self,
        entries: &HashMap<K, V, S>,
        entry: Option<&str>,
        (key, value): (&str, &str),
        key_text: impl Fn(&K) -> &str,
        write: impl Fn(&mut QueryWriter, &V),
    ) {
        let mut sorted: Vec<(&str, &V)> = entries.iter().map(|(k, v)| (key_text(k), v)).collect();
        sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let each = |writer: &mut QueryWriter| {
            for (i, (k, v)) in sorted.iter().enumerate() {
                writer.numbered(i + 1, |writer| {
                    writer.nested(key, |writer| writer.text(k));
                    writer.nested(value, |writer| write(writer, v));
                });
            }
        };
        match entry {
            Some(entry) => self.nested(entry, each),
            None => each(self),
        }
    }

    /// The body's bytes.
    #[inline]
    pub fn finish(self) -> Vec<u8> {
        self.body.into_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Greeting {
        hi: Option<String>,
        nested: Option<Box<Greeting>>,
    }

    impl QueryStruct for Greeting {
        fn write_query(&self, w: &mut QueryWriter) {
            w.value("Hi", self.hi.as_ref());
            w.member("Nested", self.nested.as_ref(), |w, v| w.structure(v));
        }
    }

    fn body(write: impl FnOnce(&mut QueryWriter)) -> String {
        let mut w = QueryWriter::new("Op", "2020-01-08");
        write(&mut w);
        String::from_utf8(w.finish()).unwrap()
    }

    #[test]
    fn names_are_dotted_paths_and_values_are_percent_encoded() {
        let g = Greeting {
            hi: Some("a b&c=é".into()),
            nested: Some(Box::new(Greeting { hi: Some("x".into()), nested: None })),
        };
        assert_eq!(
            body(|w| w.member("G", Some(&g), |w, v| w.structure(v))),
            "Action=Op&Version=2020-01-08&G.Hi=a%20b%26c%3D%C3%A9&G.Nested.Hi=x"
        );
    }

    #[test]
    fn simple_values_are_spelled_as_the_protocols_say() {
        let pairs = body(|w| {
            w.value("B", Some(&false));
            w.value("I", Some(&-7i64));
            w.value("F", Some(&f64::NEG_INFINITY));
            w.value("N", Some(&f32::NAN));
            w.value("D", Some(&10.8f32));
            w.value("Blob", Some(&b"value".to_vec()));
            w.value::<str>("Unset", None);
        });
        assert_eq!(pairs, "Action=Op&Version=2020-01-08&B=false&I=-7&F=-Infinity&N=NaN&D=10.8&Blob=dmFsdWU%3D");
    }

    #[test]
    fn lists_are_wrapped_or_flattened_and_empty_ones_follow_the_protocol() {
        let items = vec!["a".to_owned(), "b".to_owned()];
        let text = |w: &mut QueryWriter, v: &String| w.write(v);
        assert_eq!(
            body(|w| w.member("L", Some(&items), |w, v| w.list(v, Some("member"), true, text))),
            "Action=Op&Version=2020-01-08&L.member.1=a&L.member.2=b"
        );
        assert_eq!(
            body(|w| w.member("L", Some(&items), |w, v| w.list(v, None, true, text))),
            "Action=Op&Version=2020-01-08&L.1=a&L.2=b"
        );
        let empty: Vec<String> = Vec::new();
        assert_eq!(
            body(|w| w.member("L", Some(&empty), |w, v| w.list(v, Some("member"), true, text))),
            "Action=Op&Version=2020-01-08&L="
        );
        assert_eq!(
            body(|w| w.member("L", Some(&empty), |w, v| w.list(v, None, false, text))),
            "Action=Op&Version=2020-01-08"
        );
    }

    #[test]
    fn maps_are_in_key_order_with_their_entry_key_and_value_names() {
        let map: HashMap<String, Vec<String>> =
            [("b".to_owned(), vec!["2".to_owned()]), ("a".to_owned(), vec!["1".to_owned()])].into();
        let list = |w: &mut QueryWriter, v: &Vec<String>| w.list(v, Some("member"), true, |w, v| w.text(v));
        assert_eq!(
            body(|w| w.member("M", Some(&map), |w, v| w.map(v, Some("entry"), ("key", "value"), |k| k, list))),
            "Action=Op&Version=2020-01-08&M.entry.1.key=a&M.entry.1.value.member.1=1&M.entry.2.key=b&M.entry.2.value.member.1=2"
        );
        assert_eq!(
            body(|w| w.member("M", Some(&map), |w, v| w.map(v, None, ("K", "V"), |k| k, list))),
            "Action=Op&Version=2020-01-08&M.1.K=a&M.1.V.member.1=1&M.2.K=b&M.2.V.member.1=2"
        );
    }
}
