//! Writing XML request bodies (`rest-xml`): generated code says, per structure
//! ([`XmlWrite`]), which element or attribute each member with a value goes into, in what
//! namespace, and in what form; [`XmlWriter`] spells the elements and escapes names' values
//! and text with `quick-xml`'s rules.

use std::borrow::Cow;

use quick_xml::escape::escape;

/// `text` escaped for element content: quick-xml's escapes, and a carriage return as a
/// character reference, which XML readers would otherwise turn into a line feed.
fn escape_text(text: &str) -> Cow<'_, str> {
    let escaped = escape(text);
    if escaped.contains('\r') { Cow::Owned(escaped.replace('\r', "&#xD;")) } else { escaped }
}

/// `value` escaped for an attribute: as text, and line feeds and tabs as character
/// references too, which XML readers would otherwise turn into spaces.
fn escape_attribute(value: &str) -> Cow<'_, str> {
    let escaped = escape_text(value);
    if escaped.contains(['\n', '\t']) {
        Cow::Owned(escaped.replace('\n', "&#xA;").replace('\t', "&#x9;"))
    } else {
        escaped
    }
}

/// A structure or union written as XML: its attributes on its own element, then its members
/// as child elements.
pub trait XmlWrite {
    /// Writes the members bound to attributes of the structure's element (the start tag is
    /// still open).
    #[inline]
    fn write_attributes(&self, writer: &mut XmlWriter) {
        let _ = writer;
    }

    /// Writes the members bound to child elements.
    fn write_members(&self, writer: &mut XmlWriter);
}

impl<T: XmlWrite + ?Sized> XmlWrite for Box<T> {
    #[inline]
    fn write_attributes(&self, writer: &mut XmlWriter) {
        (**self).write_attributes(writer);
    }

    #[inline]
    fn write_members(&self, writer: &mut XmlWriter) {
        (**self).write_members(writer);
    }
}

/// Namespace declarations of an element: `(prefix, uri)` pairs, the prefix empty for the
/// default namespace (`xmlns="uri"`).
pub type Namespaces<'s> = &'s [(&'s str, &'s str)];

/// An XML document being written.
#[derive(Debug, Default)]
pub struct XmlWriter {
    out: String,
}

impl XmlWriter {
    /// An empty document.
    pub fn new() -> XmlWriter {
        XmlWriter { out: String::with_capacity(256) }
    }

    /// `<name` and its namespace declarations, the start tag left open for attributes.
    fn open(&mut self, name: &str, namespaces: Namespaces<'_>) {
        self.out.push('<');
        self.out.push_str(name);
        for (prefix, uri) in namespaces {
            if prefix.is_empty() {
                self.attribute("xmlns", uri);
            } else {
                self.out.push_str(" xmlns:");
                self.out.push_str(prefix);
                self.out.push_str("=\"");
                self.out.push_str(&escape_attribute(uri));
                self.out.push('"');
            }
        }
    }

    /// An attribute of the element whose start tag is open.
    #[inline]
    pub fn attribute(&mut self, name: &str, value: &str) {
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        self.out.push_str(&escape_attribute(value));
        self.out.push('"');
    }

    /// The start tag `<name ...>` of an element that holds other elements.
    #[inline]
    pub fn start(&mut self, name: &str, namespaces: Namespaces<'_>) {
        self.open(name, namespaces);
        self.out.push('>');
    }

    /// The end tag `</name>`.
    #[inline]
    pub fn end(&mut self, name: &str) {
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
    }

    /// The element `name` holding `text`, escaped.
    #[inline]
    pub fn value(&mut self, name: &str, namespaces: Namespaces<'_>, text: &str) {
        self.start(name, namespaces);
        self.out.push_str(&escape_text(text));
        self.end(name);
    }

    /// The element `name` holding the structure `value`: its attributes, then its members.
    pub fn structure<T: XmlWrite + ?Sized>(&mut self, name: &str, namespaces: Namespaces<'_>, value: &T) {
        self.open(name, namespaces);
        value.write_attributes(self);
        self.out.push('>');
        value.write_members(self);
        self.end(name);
    }

    /// The document's bytes.
    #[inline]
    pub fn finish(self) -> Vec<u8> {
        self.out.into_bytes()
    }
}

/// The document whose root element `name` holds the structure `value`.
pub fn write_document<T: XmlWrite + ?Sized>(name: &str, namespaces: Namespaces<'_>, value: &T) -> Vec<u8> {
    let mut writer = XmlWriter::new();
    writer.structure(name, namespaces, value);
    writer.finish()
}

/// A request body whose root element `name` holds the structure `value`, with its content
/// type; no body and no content type when the structure has nothing to write (no member with
/// a value).
pub fn body<T: XmlWrite + ?Sized>(
    name: &str,
    namespaces: Namespaces<'_>,
    value: &T,
) -> (Vec<u8>, Option<&'static str>) {
    let mut writer = XmlWriter::new();
    writer.open(name, namespaces);
    let start = writer.out.len();
    value.write_attributes(&mut writer);
    writer.out.push('>');
    let content = writer.out.len();
    value.write_members(&mut writer);
    if writer.out.len() == content && content == start + 1 {
        return (Vec::new(), None);
    }
    writer.end(name);
    (writer.finish(), Some("application/xml"))
}

/// A map's entries in key order, so that the same map is always the same document.
pub fn sorted<'m, K, V, S>(
    map: &'m std::collections::HashMap<K, V, S>,
    key_text: impl Fn(&'m K) -> &'m str,
) -> Vec<(&'m str, &'m V)> {
    let mut entries: Vec<(&str, &V)> = map.iter().map(|(k, v)| (key_text(k), v)).collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Greeting {
        lang: Option<String>,
        text: String,
        inner: Option<Box<Greeting>>,
    }

    impl XmlWrite for Greeting {
        fn write_attributes(&self, w: &mut XmlWriter) {
            if let Some(lang) = &self.lang {
                w.attribute("xml:lang", lang);
            }
        }

        fn write_members(&self, w: &mut XmlWriter) {
            w.value("text", &[], &self.text);
            if let Some(inner) = &self.inner {
                w.structure("inner", &[("x", "urn:\"x\"")], inner);
            }
        }
    }

    #[test]
    fn writes_escaped_elements_attributes_and_namespaces() {
        let inner = Greeting { lang: Some("<&\">".into()), text: "a<b&c".into(), inner: None };
        let outer = Greeting { lang: None, text: String::new(), inner: Some(Box::new(inner)) };
        let body = write_document("Hello", &[("", "urn:h")], &outer);
        assert_eq!(
            String::from_utf8(body).unwrap(),
            concat!(
                r#"<Hello xmlns="urn:h"><text></text>"#,
                r#"<inner xmlns:x="urn:&quot;x&quot;" xml:lang="&lt;&amp;&quot;&gt;"><text>a&lt;b&amp;c</text></inner>"#,
                "</Hello>"
            )
        );
    }

    #[test]
    fn a_structure_without_values_is_no_body() {
        let empty = Greeting { lang: None, text: String::new(), inner: None };
        assert_eq!(body("Hello", &[], &empty), (b"<Hello><text></text></Hello>".to_vec(), Some("application/xml")));
        struct Nothing;
        impl XmlWrite for Nothing {
            fn write_members(&self, _: &mut XmlWriter) {}
        }
        assert_eq!(body("Hello", &[("", "urn:h")], &Nothing), (Vec::new(), None));
        let lang = Greeting { lang: Some("en".into()), text: String::new(), inner: None };
        assert!(body("Hello", &[], &lang).1.is_some(), "an attribute is a value");
    }

    #[test]
    fn whitespace_a_reader_would_normalize_is_escaped() {
        let greeting = Greeting { lang: Some("a\tb\nc\rd".into()), text: "e\r\nf\tg".into(), inner: None };
        let body = String::from_utf8(write_document("G", &[], &greeting)).unwrap();
        assert_eq!(
            body,
            r#"<G xml:lang="a&#x9;b&#xA;c&#xD;d"><text>e&#xD;
f	g</text></G>"#
        );
        // And the reader gives back the very text.
        #[derive(Default)]
        struct Read(String, String);
        impl<'a> crate::xml::XmlStruct<'a> for Read {
            fn read_attributes(
                &mut self,
                reader: &crate::xml::XmlReader<'a>,
            ) -> Result<(), crate::response::ResponseError> {
                self.0 = reader.attribute_value("xml:lang")?.unwrap_or_default();
                Ok(())
            }
            fn read_member(
                &mut self,
                _: &str,
                reader: &mut crate::xml::XmlReader<'a>,
            ) -> Result<(), crate::response::ResponseError> {
                self.1 = reader.read()?;
                Ok(())
            }
        }
        let read: Read = crate::xml::read_document(body.as_bytes(), 200).unwrap();
        assert_eq!((read.0.as_str(), read.1.as_str()), ("a\tb\nc\rd", "e\r\nf\tg"));
    }

    #[test]
    fn maps_are_written_in_key_order() {
        let map = std::collections::HashMap::from([("b".to_owned(), 2), ("a".to_owned(), 1), ("c".to_owned(), 3)]);
        let entries = sorted(&map, String::as_str);
        assert_eq!(entries, vec![("a", &1), ("b", &2), ("c", &3)]);
    }
}
