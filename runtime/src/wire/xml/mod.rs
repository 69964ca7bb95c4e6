//! XML bodies: reading responses (the query protocols' and `rest-xml`'s outputs and errors)
//! into generated types, and writing `rest-xml` requests ([`XmlWriter`]).
//!
//! [`XmlReader`] walks a document element by element over `quick-xml`, keeping the path of
//! element names for errors (`GetThingResult/items/member[2]/size: invalid integer "x"`) and
//! bounding the depth. Generated code says, per structure ([`XmlStruct`]), which child element
//! goes into which member, and in what form (a value, a structure, a wrapped or flattened list
//! or map); elements no member names are skipped.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::Hash;

use quick_xml::events::Event;

use crate::response::{ErrorMeta, ResponseError, blank};

mod write;

pub use write::{Namespaces, XmlWrite, XmlWriter, body, sorted, write_document};

/// How deep elements may nest: deeper documents are refused, not read with unbounded recursion.
pub const MAX_DEPTH: usize = 128;

/// A structure read from XML, member by member.
pub trait XmlStruct<'a>: Default {
    /// Reads the attributes of the structure's element, just opened, into the members bound
    /// to them.
    #[inline]
    fn read_attributes(&mut self, reader: &XmlReader<'a>) -> Result<(), ResponseError> {
        let _ = reader;
        Ok(())
    }

    /// Reads the child element `name`, just opened, into the member it names, or skips it.
    fn read_member(&mut self, name: &str, reader: &mut XmlReader<'a>) -> Result<(), ResponseError>;

    /// Reads a document's root element `name`, just opened, when it is not the structure's
    /// element but its one member's, holding the value itself (S3's
    /// `<LocationConstraint>us-west-2</LocationConstraint>`); `false`, having read nothing,
    /// otherwise.
    #[inline]
    fn read_root(&mut self, name: &str, reader: &mut XmlReader<'a>) -> Result<bool, ResponseError> {
        let _ = (name, reader);
        Ok(false)
    }
}

/// A simple value read from an element's text or an attribute's value.
pub trait XmlValue<'a>: Sized {
    /// The value `text` spells; an error message (`invalid integer "x"`) when it spells none.
    fn from_text(text: Cow<'a, str>) -> Result<Self, String>;

    /// Reads the text of the element just opened, up to its end.
    #[inline]
    fn read_xml(reader: &mut XmlReader<'a>) -> Result<Self, ResponseError> {
        let text = reader.content()?;
        let value = Self::from_text(text).map_err(|message| reader.error(message))?;
        reader.path.pop();
        Ok(value)
    }
}

/// A document being read.
pub struct XmlReader<'a> {
    reader: quick_xml::Reader<&'a [u8]>,
    /// The body, checked to be UTF-8 once: names and text are slices of it.
    body: Result<&'a str, std::str::Utf8Error>,
    /// The names of the open elements, with the index of list items and map entries, for
    /// errors.
    path: Vec<(&'a str, Option<usize>)>,
    /// The element just opened is self-closing: it has no content and no end event.
    empty: bool,
    /// The start tag of the element just opened, for its attributes.
    start: Option<quick_xml::events::BytesStart<'a>>,
    status: u16,
}

impl<'a> XmlReader<'a> {
    /// A reader of `body`, from a response with `status`.
    pub fn new(body: &'a [u8], status: u16) -> XmlReader<'a> {
        let mut reader = quick_xml::Reader::from_reader(body);
        reader.config_mut().check_end_names = true;
        XmlReader { reader, body: std::str::from_utf8(body), path: Vec::new(), empty: false, start: None, status }
    }

    /// An error at the current place.
    pub fn error(&self, message: impl Into<String>) -> ResponseError {
        ResponseError::new(self.place(), message, self.status)
    }

    /// The path of the open element (`R/GetThingResult/Tags/member[1]`), `body` before the root.
    fn place(&self) -> String {
        if self.path.is_empty() {
            return "body".to_owned();
        }
        let mut place = String::new();
        for (name, index) in &self.path {
            if !place.is_empty() {
                place.push('/');
            }
            place.push_str(name);
            if let Some(index) = index {
                place.push_str(&format!("[{index}]"));
            }
        }
        place
    }

    fn xml_error(&self, error: impl std::fmt::Display) -> ResponseError {
        self.error(format!("malformed XML: {error}"))
    }

    fn open(&mut self, name: &'a str, empty: bool) -> Result<(), ResponseError> {
        self.path.push((name, None));
        if self.path.len() > MAX_DEPTH {
            return Err(self.error(format!("elements nest deeper than {MAX_DEPTH}")));
        }
        self.empty = empty;
        Ok(())
    }

    /// `bytes`, a piece of the body that events borrow, as the same piece of the body's text:
    /// the body was checked to be UTF-8 once, and the piece is found by its address.
    fn text_of(&self, bytes: &[u8]) -> Result<&'a str, ResponseError> {
        let body = self.utf8_body()?;
        let offset = (bytes.as_ptr() as usize).wrapping_sub(body.as_ptr() as usize);
        body.get(offset..offset.wrapping_add(bytes.len()))
            .filter(|piece| std::ptr::eq(piece.as_ptr(), bytes.as_ptr()))
            .ok_or_else(|| self.error("text that is not in the body"))
    }

    /// The body's text; an error when the body is not UTF-8.
    fn utf8_body(&self) -> Result<&'a str, ResponseError> {
        self.body
            .map_err(|e| ResponseError::new("body", format!("not UTF-8 (at byte {})", e.valid_up_to()), self.status))
    }

    /// The local name (without prefix) of an element; an element without one is an error.
    fn local_name(&self, start: &quick_xml::events::BytesStart<'_>) -> Result<&'a str, ResponseError> {
        let name = self.text_of(start.local_name().as_ref())?;
        if name.is_empty() {
            return Err(self.error("malformed XML: an element without a name"));
        }
        Ok(name)
    }

    /// The next child element of the open element: its local name, now open; `None` at the
    /// open element's end, which closes it. Text, comments and processing instructions
    /// between children are passed over.
    pub fn next_child(&mut self) -> Result<Option<&'a str>, ResponseError> {
        if std::mem::take(&mut self.empty) {
            self.path.pop();
            return Ok(None);
        }
        loop {
            let event = self.reader.read_event().map_err(|e| self.xml_error(e))?;
            match event {
                Event::Start(start) => {
                    let name = self.local_name(&start)?;
                    self.open(name, false)?;
                    self.start = Some(start);
                    return Ok(Some(name));
                }
                Event::Empty(start) => {
                    let name = self.local_name(&start)?;
                    self.open(name, true)?;
                    self.start = Some(start);
                    return Ok(Some(name));
                }
                Event::End(_) => {
                    self.path.pop();
                    return Ok(None);
                }
                Event::Eof => {
                    return Err(if self.path.is_empty() {
                        self.error("no element")
                    } else {
                        self.error("the document ends before this element does")
                    });
                }
                _ => {}
            }
        }
    }

    /// The value of the attribute `name` (as written, prefix included: `xsi:type`) of the
    /// element just opened, entities resolved; `None` when it has none.
    pub fn attribute(&self, name: &str) -> Result<Option<Cow<'a, str>>, ResponseError> {
        let Some(start) = &self.start else { return Ok(None) };
        for attribute in start.attributes() {
            let attribute = attribute.map_err(|e| self.xml_error(e))?;
            if attribute.key.as_ref() != name.as_bytes() {
                continue;
            }
            let raw = match &attribute.value {
                Cow::Borrowed(bytes) => self.text_of(bytes)?,
                Cow::Owned(_) => return Err(self.error(format!("attribute {name}: a value that is not in the body"))),
            };
            let value = quick_xml::escape::unescape(raw).map_err(|e| self.error(format!("attribute {name}: {e}")))?;
            return Ok(Some(value));
        }
        Ok(None)
    }

    /// The attribute `name` of the element just opened, read as a simple value; `None` when
    /// it has none, an error naming the attribute when its value is not one.
    pub fn attribute_value<T: XmlValue<'a>>(&self, name: &str) -> Result<Option<T>, ResponseError> {
        match self.attribute(name)? {
            Some(text) => {
                T::from_text(text).map(Some).map_err(|message| self.error(format!("attribute {name}: {message}")))
            }
            None => Ok(None),
        }
    }

    /// Whether the element just opened is self-closing (`<Name/>`): it holds nothing.
    #[inline]
    pub fn is_self_closing(&self) -> bool {
        self.empty
    }

    /// Skips the open element and all it holds.
    pub fn skip(&mut self) -> Result<(), ResponseError> {
        while self.next_child()?.is_some() {
            self.skip()?;
        }
        Ok(())
    }

    /// The text of the open element, entities and character references resolved, CDATA
    /// included; the element is closed. An element inside it is an error.
    pub fn text(&mut self) -> Result<Cow<'a, str>, ResponseError> {
        let text = self.content()?;
        self.path.pop();
        Ok(text)
    }

    /// The text of the open element, read up to its end; the element stays on the path.
    fn content(&mut self) -> Result<Cow<'a, str>, ResponseError> {
        if std::mem::take(&mut self.empty) {
            return Ok(Cow::Borrowed(""));
        }
        let mut text: Option<Cow<'a, str>> = None;
        let append = |text: &mut Option<Cow<'a, str>>, piece: Cow<'a, str>| match text {
            None => *text = Some(piece),
            Some(t) => t.to_mut().push_str(&piece),
        };
        loop {
            let event = self.reader.read_event().map_err(|e| self.xml_error(e))?;
            match event {
                Event::Text(t) => append(&mut text, Cow::Borrowed(self.text_of(&t)?)),
                Event::CData(t) => append(&mut text, Cow::Borrowed(self.text_of(&t)?)),
                Event::GeneralRef(r) => {
                    let resolved = match r.resolve_char_ref().map_err(|e| self.xml_error(e))? {
                        Some(c) => c.to_string(),
                        None => {
                            let name = r.decode().map_err(|e| self.xml_error(e))?;
                            match &*name {
                                "amp" => "&",
                                "lt" => "<",
                                "gt" => ">",
                                "quot" => "\"",
                                "apos" => "'",
                                other => return Err(self.error(format!("unknown entity &{other};"))),
                            }
                            .to_owned()
                        }
                    };
                    append(&mut text, Cow::Owned(resolved));
                }
                Event::End(_) => return Ok(text.unwrap_or(Cow::Borrowed(""))),
                Event::Start(start) | Event::Empty(start) => {
                    let name = self.local_name(&start)?;
                    return Err(self.error(format!("an element <{name}> where a value was expected")));
                }
                Event::Eof => return Err(self.error("the document ends before this element does")),
                _ => {}
            }
        }
    }

    /// The simple value the open element holds.
    #[inline]
    pub fn read<T: XmlValue<'a>>(&mut self) -> Result<T, ResponseError> {
        T::read_xml(self)
    }

    /// The text of the open element as a value of an enum (`From<&str>`).
    #[inline]
    pub fn read_enum<T: for<'t> From<&'t str>>(&mut self) -> Result<T, ResponseError> {
        Ok(T::from(&*self.text()?))
    }

    /// The structure the open element holds.
    pub fn structure<T: XmlStruct<'a>>(&mut self) -> Result<T, ResponseError> {
        let mut value = T::default();
        self.structure_into(&mut value)?;
        Ok(value)
    }

    /// The members of the open element, read into `value`.
    pub fn structure_into<T: XmlStruct<'a>>(&mut self, value: &mut T) -> Result<(), ResponseError> {
        value.read_attributes(self)?;
        while let Some(name) = self.next_child()? {
            value.read_member(name, self)?;
        }
        Ok(())
    }

    /// A wrapped list: each child named `item` read by `read`, other children skipped.
    pub fn list<T>(
        &mut self,
        item: &str,
        mut read: impl FnMut(&mut XmlReader<'a>) -> Result<T, ResponseError>,
    ) -> Result<Vec<T>, ResponseError> {
        let mut items = Vec::new();
        while let Some(name) = self.next_child()? {
            if name == item {
                self.number(items.len());
                items.push(read(self)?);
            } else {
                self.skip()?;
            }
        }
        Ok(items)
    }

    /// Marks the open element as the list item at `index`, for errors.
    fn number(&mut self, index: usize) {
        if let Some(last) = self.path.last_mut() {
            last.1 = Some(index);
        }
    }

    /// One entry of a map: the open element's children `key` and `value`, read by
    /// `read_key` and `read_value`; other children skipped.
    pub fn entry<K, V>(
        &mut self,
        (key, value): (&str, &str),
        read_key: impl FnOnce(&mut XmlReader<'a>) -> Result<K, ResponseError>,
        read_value: impl FnOnce(&mut XmlReader<'a>) -> Result<V, ResponseError>,
    ) -> Result<(K, V), ResponseError> {
        let (mut read_key, mut read_value) = (Some(read_key), Some(read_value));
        let (mut k, mut v) = (None, None);
        // The entry's place, for an error found once it is closed.
        let place = self.place();
        while let Some(name) = self.next_child()? {
            if name == key && k.is_none() {
                k = Some((read_key.take().expect("read once"))(self)?);
            } else if name == value && v.is_none() {
                v = Some((read_value.take().expect("read once"))(self)?);
            } else {
                self.skip()?;
            }
        }
        match (k, v) {
            (Some(k), Some(v)) => Ok((k, v)),
            (None, _) => Err(ResponseError::new(place, format!("a map entry without <{key}>"), self.status)),
            (_, None) => Err(ResponseError::new(place, format!("a map entry without <{value}>"), self.status)),
        }
    }

    /// A wrapped map: each child named `entry` read as an [`entry`](Self::entry).
    pub fn map<K: Eq + Hash, V>(
        &mut self,
        entry: &str,
        names: (&str, &str),
        read_key: impl Fn(&mut XmlReader<'a>) -> Result<K, ResponseError>,
        read_value: impl Fn(&mut XmlReader<'a>) -> Result<V, ResponseError>,
    ) -> Result<HashMap<K, V>, ResponseError> {
        let mut map = HashMap::new();
        let mut count = 0;
        while let Some(name) = self.next_child()? {
            if name == entry {
                self.number(count);
                count += 1;
                let (k, v) = self.entry(names, &read_key, &read_value)?;
                map.insert(k, v);
            } else {
                self.skip()?;
            }
        }
        Ok(map)
    }

    /// Opens the document's root element: its local name. A body that is not UTF-8 is an
    /// error here, whatever part of it would be read.
    pub fn root(&mut self) -> Result<&'a str, ResponseError> {
        self.utf8_body()?;
        match self.next_child()? {
            Some(name) => Ok(name),
            None => Err(self.error("no element")),
        }
    }

    /// Reads the open element's children until one named `name`, which it opens; `false`
    /// (the element closed) when there is none.
    pub fn find_child(&mut self, name: &str) -> Result<bool, ResponseError> {
        while let Some(child) = self.next_child()? {
            if child == name {
                return Ok(true);
            }
            self.skip()?;
        }
        Ok(false)
    }
}

/// An AWS Query output: the members inside the root's `wrapper` element
/// (`<OpResponse><OpResult>...</OpResult><ResponseMetadata/></OpResponse>`); the default
/// value for an empty body or a document without the wrapper.
pub fn query_output<'a, T: XmlStruct<'a>>(body: &'a [u8], wrapper: &str, status: u16) -> Result<T, ResponseError> {
    let mut value = T::default();
    if blank(body) {
        return Ok(value);
    }
    let mut reader = XmlReader::new(body, status);
    reader.root()?;
    if reader.find_child(wrapper)? {
        reader.structure_into(&mut value)?;
    }
    Ok(value)
}

/// A document whose root element holds the structure: an EC2 Query output
/// (`<OpResponse><requestId/>...</OpResponse>`), a `rest-xml` output or structure payload
/// (the root's attributes and children, whatever its name), or a root that is the structure's
/// one member ([`XmlStruct::read_root`]); the default value for an empty body.
pub fn read_document<'a, T: XmlStruct<'a>>(body: &'a [u8], status: u16) -> Result<T, ResponseError> {
    let mut value = T::default();
    if blank(body) {
        return Ok(value);
    }
    let mut reader = XmlReader::new(body, status);
    let root = reader.root()?;
    if !value.read_root(root, &mut reader)? {
        reader.structure_into(&mut value)?;
    }
    Ok(value)
}

/// Where an XML protocol puts an error's `<Error>` element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorForm {
    /// AWS Query: `<ErrorResponse><Error>`.
    Query,
    /// EC2 Query: `<Response><Errors><Error>`.
    Ec2,
    /// `rest-xml`: `<ErrorResponse><Error>`, or `<Error>` as the root (S3).
    Rest,
}

impl ErrorForm {
    /// Opens the `<Error>` element of an error response in this form; `false` when the
    /// document has none.
    fn open(self, reader: &mut XmlReader<'_>) -> Result<bool, ResponseError> {
        let root = reader.root()?;
        match self {
            ErrorForm::Rest if root == "Error" => Ok(true),
            ErrorForm::Ec2 if !reader.find_child("Errors")? => Ok(false),
            _ => reader.find_child("Error"),
        }
    }

    /// A modeled error's members: the children of the `<Error>` element of an error
    /// response in this form.
    pub fn read<'a, T: XmlStruct<'a>>(self, body: &'a [u8], status: u16) -> Result<T, ResponseError> {
        let mut value = T::default();
        if blank(body) {
            return Ok(value);
        }
        let mut reader = XmlReader::new(body, status);
        if self.open(&mut reader)? {
            reader.structure_into(&mut value)?;
        }
        Ok(value)
    }

    /// The code and message of an error response in this form: the `<Code>` and `<Message>`
    /// of its `<Error>` element, and the request id: a header's, else the `<RequestId>` (or
    /// EC2's `<RequestID>`) in or after the `<Error>` element. A body that is not such a
    /// document gives none of them; this never fails. Completed from the rest of the
    /// response as every protocol's is ([`ErrorMeta::complete`]).
    pub fn meta<B: AsRef<[u8]>>(self, response: &http::Response<B>) -> ErrorMeta {
        let body = response.body().as_ref();
        let mut meta = ErrorMeta::default();
        if blank(body) {
            return meta.complete(response);
        }
        let mut reader = XmlReader::new(body, response.status().as_u16());
        let mut read = || -> Result<(), ResponseError> {
            if !self.open(&mut reader)? {
                return Ok(());
            }
            while let Some(name) = reader.next_child()? {
                match name {
                    "Code" => meta.code = Some(reader.text()?.trim().to_owned()).filter(|c| !c.is_empty()),
                    "Message" | "message" => meta.message = Some(reader.text()?.into_owned()),
                    "RequestId" | "RequestID" => meta.request_id = request_id(&reader.text()?),
                    _ => reader.skip()?,
                }
            }
            // The query protocols put the request id after the error: a sibling of `<Error>`
            // (AWS Query), or of `<Errors>` (EC2), which closes first.
            if self == ErrorForm::Ec2 {
                while reader.next_child()?.is_some() {
                    reader.skip()?;
                }
            }
            while let Some(name) = reader.next_child()? {
                match name {
                    "RequestId" | "RequestID" => meta.request_id = request_id(&reader.text()?),
                    _ => reader.skip()?,
                }
            }
            Ok(())
        };
        let _ = read();
        meta.complete(response)
    }
}

/// A request id as the body gives it, trimmed; `None` when empty.
fn request_id(text: &str) -> Option<String> {
    Some(text.trim()).filter(|id| !id.is_empty()).map(str::to_owned)
}

/// `parse` of the trimmed `text`, or the error that it is not a `what`.
fn parse<T>(text: &str, what: &str, parse: impl FnOnce(&str) -> Option<T>) -> Result<T, String> {
    parse(text.trim()).ok_or_else(|| format!("invalid {what} {text:?}"))
}

impl<'a> XmlValue<'a> for String {
    #[inline]
    fn from_text(text: Cow<'a, str>) -> Result<Self, String> {
        Ok(text.into_owned())
    }
}

impl<'a> XmlValue<'a> for Cow<'a, str> {
    #[inline]
    fn from_text(text: Cow<'a, str>) -> Result<Self, String> {
        Ok(text)
    }
}

impl<'a> XmlValue<'a> for bool {
    fn from_text(text: Cow<'a, str>) -> Result<Self, String> {
        parse(&text, "boolean", |text| match text {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        })
    }
}

macro_rules! number_value {
    ($what:literal: $($t:ty),*) => {$(
        impl<'a> XmlValue<'a> for $t {
            fn from_text(text: Cow<'a, str>) -> Result<Self, String> {
                parse(&text, $what, |text| text.parse().ok())
            }
        }
    )*};
}

number_value!("integer": i8, i16, i32, i64);
number_value!("number": serde_json::Number);

impl<'a> XmlValue<'a> for f32 {
    fn from_text(text: Cow<'a, str>) -> Result<Self, String> {
        parse(&text, "number", |text| crate::response::float(text).map(|value| value as f32))
    }
}

impl<'a> XmlValue<'a> for f64 {
    fn from_text(text: Cow<'a, str>) -> Result<Self, String> {
        parse(&text, "number", crate::response::float)
    }
}

impl<'a> XmlValue<'a> for Vec<u8> {
    fn from_text(text: Cow<'a, str>) -> Result<Self, String> {
        parse(&text, "base64", |text| crate::response::base64(text).ok())
    }
}

impl<'a> XmlValue<'a> for jiff::Timestamp {
    fn from_text(text: Cow<'a, str>) -> Result<Self, String> {
        parse(&text, "timestamp", |text| crate::time::parse(text).ok())
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// A structure with a member of every form the generated readers use.
    #[derive(Debug, Default, PartialEq)]
    struct Node {
        value: Option<i64>,
        text: Option<String>,
        list: Option<Vec<String>>,
        map: Option<HashMap<String, i32>>,
        flat: Option<Vec<Node>>,
        flat_map: Option<HashMap<String, String>>,
        nested: Option<Box<Node>>,
    }

    impl<'a> XmlStruct<'a> for Node {
        fn read_member(&mut self, name: &str, reader: &mut XmlReader<'a>) -> Result<(), ResponseError> {
            match name {
                "v" => self.value = Some(reader.read()?),
                "t" => self.text = Some(reader.read()?),
                "l" => self.list = Some(reader.list("member", |reader| reader.read())?),
                "m" => self.map = Some(reader.map("entry", ("key", "value"), |r| r.read(), |r| r.read())?),
                "f" => self.flat.get_or_insert_with(Default::default).push(reader.structure()?),
                "e" => {
                    let (k, v) = reader.entry(("k", "v"), |r| r.read(), |r| r.read())?;
                    self.flat_map.get_or_insert_with(Default::default).insert(k, v);
                }
                "n" => self.nested = Some(Box::new(reader.structure()?)),
                _ => reader.skip()?,
            }
            Ok(())
        }
    }

    fn read(body: &[u8]) -> Result<Node, ResponseError> {
        query_output(body, "r", 200)
    }

    #[test]
    fn every_form_reads() {
        let body = br#"<?xml version="1.0"?><!-- c --><x:R xmlns:x="urn:x"><x:r>
            <v> 7 </v><t>a&lt;b&#x20AC;<![CDATA[<c>]]></t>
            <l><member>1</member><other/><member/></l>
            <m><entry><key>a</key><value>1</value></entry><entry><value>2</value><key>b</key></entry></m>
            <f><v>1</v></f><f/>
            <e><k>x</k><v>y</v></e>
            <n><n><t>deep</t></n></n>
            <unknown><n><v>no</v></n></unknown>
        </x:r><ResponseMetadata/></x:R>"#;
        let node = read(body).unwrap();
        assert_eq!(node.value, Some(7));
        assert_eq!(node.text.as_deref(), Some("a<b\u{20ac}<c>"));
        assert_eq!(node.list, Some(vec!["1".to_owned(), String::new()]));
        assert_eq!(node.map, Some(HashMap::from([("a".to_owned(), 1), ("b".to_owned(), 2)])));
        assert_eq!(node.flat, Some(vec![Node { value: Some(1), ..Node::default() }, Node::default()]));
        assert_eq!(node.flat_map, Some(HashMap::from([("x".to_owned(), "y".to_owned())])));
        assert_eq!(node.nested.unwrap().nested.unwrap().text.as_deref(), Some("deep"));
    }

    #[test]
    fn error_responses_give_their_request_ids() {
        let meta = |form: ErrorForm, body: &str, headers: &[(&str, &str)]| {
            let mut builder = http::Response::builder().status(400);
            for (name, value) in headers {
                builder = builder.header(*name, *value);
            }
            form.meta(&builder.body(body.as_bytes().to_vec()).unwrap())
        };
        let query = "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>slow</Message></Error>\
                     <RequestId>q-1</RequestId></ErrorResponse>";
        let found = meta(ErrorForm::Query, query, &[]);
        assert_eq!((found.code.as_deref(), found.message.as_deref()), (Some("Throttling"), Some("slow")));
        assert_eq!(found.request_id.as_deref(), Some("q-1"));
        let ec2 = "<Response><Errors><Error><Code>InvalidInstanceID.NotFound</Code><Message>no</Message></Error>\
                   <Error><Code>Other</Code></Error></Errors><RequestID>e-1</RequestID></Response>";
        let found = meta(ErrorForm::Ec2, ec2, &[]);
        assert_eq!(
            (found.code.as_deref(), found.request_id.as_deref()),
            (Some("InvalidInstanceID.NotFound"), Some("e-1"))
        );
        let s3 =
            "<Error><Code>NoSuchKey</Code><Message>m</Message><RequestId>s-1</RequestId><HostId>h</HostId></Error>";
        let found = meta(ErrorForm::Rest, s3, &[("x-amz-request-id", "header")]);
        assert_eq!((found.code.as_deref(), found.request_id.as_deref()), (Some("NoSuchKey"), Some("s-1")));
        // The header, where the body has none; the status, where nothing names a code.
        let found = meta(ErrorForm::Rest, "", &[("x-amz-request-id", "s-2")]);
        assert_eq!((found.code.as_deref(), found.request_id.as_deref()), (Some("400"), Some("s-2")));
        let found = meta(ErrorForm::Query, "<ErrorResponse><Error><Code>X</Code></Error></ErrorResponse>", &[]);
        assert_eq!((found.code.as_deref(), found.request_id), (Some("X"), None));
    }

    #[test]
    fn errors_name_the_place() {
        let cases: [(&[u8], &str); 5] = [
            (b"<R><r><l><member>a</member><member><b/></member></l></r></R>", "R/r/l/member[1]: an element <b>"),
            (
                b"<R><r><m><entry><key>a</key><value>x</value></entry></m></r></R>",
                "R/r/m/entry[0]/value: invalid integer \"x\"",
            ),
            (b"<R><r><t>&nope;</t></r></R>", "R/r/t: unknown entity &nope;"),
            (b"<R><r><t>a</r></R>", "R/r/t: malformed XML"),
            (b"", ""),
        ];
        for (body, expected) in cases {
            match read(body) {
                Ok(node) => assert!(expected.is_empty(), "{node:?}"),
                Err(e) => assert!(e.to_string().starts_with(expected), "{e} (expected {expected})"),
            }
        }
    }

    /// A document of the elements `Node` reads, nested up to `depth`.
    fn document() -> impl Strategy<Value = String> {
        let leaf = prop_oneof![
            "-?[0-9]{1,3}".prop_map(|v| format!("<v>{v}</v>")),
            "[a-z<>&;# ]{0,8}".prop_map(|t| {
                let t = t.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
                format!("<t>{t}</t>")
            }),
            Just("<l><member>a</member><member/></l>".to_owned()),
            Just("<m><entry><key>k</key><value>1</value></entry></m>".to_owned()),
            Just("<e><k>k</k><v>v</v></e>".to_owned()),
            Just("<z a=\"1\"/>".to_owned()),
        ];
        let node = leaf.prop_recursive(6, 64, 8, |inner| {
            prop::collection::vec(inner, 0..8).prop_flat_map(|children| {
                let body = children.concat();
                prop_oneof![Just(format!("<n>{body}</n>")), Just(format!("<f>{body}</f>")), Just(body.clone())]
            })
        });
        node.prop_map(|body| format!("<R><r>{body}</r></R>"))
    }

    proptest! {
        /// Any bytes: an error or a value, never a panic.
        #[test]
        fn arbitrary_bytes_never_panic(body in prop::collection::vec(any::<u8>(), 0..256)) {
            let _ = read(&body);
        }

        /// Documents of the right elements, cut and spliced anywhere: an error naming a place
        /// or a value, never a panic.
        #[test]
        fn damaged_documents_never_panic(doc in document(), cut in any::<prop::sample::Index>(), len in 0usize..16, insert in "[<>/&a-z;\"= ]{0,4}") {
            let bytes = doc.as_bytes();
            let at = cut.index(bytes.len() + 1);
            let mut damaged = bytes[..at].to_vec();
            damaged.extend_from_slice(insert.as_bytes());
            damaged.extend_from_slice(&bytes[(at + len).min(bytes.len())..]);
            if let Err(e) = read(&damaged) {
                prop_assert!(!e.place().is_empty() && !e.message().is_empty(), "{:?}: {e:?}", String::from_utf8_lossy(&damaged));
            }
        }

        /// Well-formed documents read without error.
        #[test]
        fn whole_documents_read(doc in document()) {
            prop_assert!(read(doc.as_bytes()).is_ok(), "{doc}: {:?}", read(doc.as_bytes()));
        }
    }
}
