//! The generated file's private support module: the serde adapters and visitors that
//! generated types share, emitted only where used so the file stays self-contained and
//! warning-free.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The support module's name. Shape names never yield it (types are UpperCamelCase).
pub const MODULE: &str = "__shapegen";

/// `json`: reading wire JSON into any of the generated types, with errors that give the path
/// of the offending value. Public, and the same in every generated file.
pub fn json_module() -> TokenStream {
    quote! {
        /// Reading JSON bodies into these types, with errors that say where.
        ///
        /// `serde_json::from_slice` works too; these add the path of the value that failed,
        /// such as `findings[3].service.action.awsApiCallAction.errorCode`.
        pub mod json {
            /// A body that could not be read: the path of the offending value, and what was
            /// wrong with it.
            #[derive(Debug)]
            pub struct Error {
                path: ::std::string::String,
                source: ::serde_json::Error,
            }

            impl Error {
                /// The path of the offending value, as `findings[3].service.severity`; empty
                /// when the body as a whole is at fault (not JSON, truncated).
                pub fn path(&self) -> &str {
                    &self.path
                }

                /// The line of the body where reading stopped, from 1.
                pub fn line(&self) -> usize {
                    self.source.line()
                }

                /// The column of the body where reading stopped, from 1.
                pub fn column(&self) -> usize {
                    self.source.column()
                }

                /// What kind of failure: syntax, data, end of input, I/O.
                pub fn classify(&self) -> ::serde_json::error::Category {
                    self.source.classify()
                }
            }

            impl ::std::fmt::Display for Error {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    // serde_json ends its messages with " at line L column C"; the path says
                    // more, and the position stays available from `line` and `column`.
                    let message = self.source.to_string();
                    let message = match message.rfind(" at line ") {
                        ::std::option::Option::Some(at) => &message[..at],
                        ::std::option::Option::None => &message,
                    };
                    if self.path.is_empty() {
                        f.write_str(message)
                    } else {
                        f.write_str(&self.path)?;
                        f.write_str(": ")?;
                        f.write_str(message)
                    }
                }
            }

            impl ::std::error::Error for Error {
                fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                    ::std::option::Option::Some(&self.source)
                }
            }

            /// Reads a value from a JSON body.
            ///
            /// A valid body is read once, at full speed; a body that fails is read again,
            /// tracking the path, so that the error names the offending value. Types that
            /// borrow strings borrow them from `body`.
            pub fn from_slice<'a, T: ::serde::Deserialize<'a>>(body: &'a [u8]) -> ::std::result::Result<T, Error> {
                // The whole body checked as UTF-8 once, instead of string by string.
                if let ::std::result::Result::Ok(text) = ::std::str::from_utf8(body) {
                    return from_str(text);
                }
                with_path(::serde_json::Deserializer::from_slice(body))
            }

            /// Reads a value from a JSON body held as text.
            pub fn from_str<'a, T: ::serde::Deserialize<'a>>(body: &'a str) -> ::std::result::Result<T, Error> {
                match ::serde_json::from_str(body) {
                    ::std::result::Result::Ok(value) => ::std::result::Result::Ok(value),
                    ::std::result::Result::Err(_) => with_path(::serde_json::Deserializer::from_str(body)),
                }
            }

            /// Reads a value, tracking the path for the error.
            fn with_path<'de, R, T>(mut deserializer: ::serde_json::Deserializer<R>) -> ::std::result::Result<T, Error>
            where
                R: ::serde_json::de::Read<'de>,
                T: ::serde::Deserialize<'de>,
            {
                let value = ::serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
                    let path = error.path().to_string();
                    Error { path: if path == "." { ::std::string::String::new() } else { path }, source: error.into_inner() }
                })?;
                deserializer.end().map_err(|source| Error { path: ::std::string::String::new(), source })?;
                ::std::result::Result::Ok(value)
            }
        }
    }
}

/// The support module with exactly the helpers in `used`, and `extra` items.
pub fn module(used: &BTreeSet<&'static str>, extra: &[TokenStream]) -> TokenStream {
    if used.is_empty() && extra.is_empty() {
        return TokenStream::new();
    }
    let mut items = extra.to_vec();
    // Object keys are read as `Text` too.
    if used.contains("Members") || used.contains("Text") {
        items.push(text());
    }
    for name in used {
        items.push(match *name {
            "EnumVisitor" => enum_visitor(),
            "Members" => members(),
            "Text" => text_adapter(),
            "IntEnumVisitor" => int_enum_visitor(),
            "Float" => float(),
            "EpochSeconds" => epoch_seconds(),
            "DateTime" => date_time(),
            "HttpDate" => http_date(),
            "REDACTED" => quote! {
                /// What `Debug` prints in place of a sensitive value.
                pub const REDACTED: &str = "*** Sensitive Data Redacted ***";
            },
            _ => TokenStream::new(),
        });
    }
    let module = format_ident!("{}", MODULE);
    quote! {
        /// Serde helpers shared by the types above.
        // A helper is included for every value type the shapes hold; one whose only members
        // are bound outside the body (a timestamp in a header) is never called.
        #[allow(dead_code)]
        mod #module {
            #(#items)*
        }
    }
}

fn members() -> TokenStream {
    quote! {
        /// Reads the value of the member `name`; `seen` says whether it was read before, which
        /// is an error.
        pub fn value<'de, A, T>(map: &mut A, seen: &mut bool, name: &'static str) -> ::std::result::Result<T, A::Error>
        where
            A: ::serde::de::MapAccess<'de>,
            T: ::serde::Deserialize<'de>,
        {
            if ::std::mem::replace(seen, true) {
                return ::std::result::Result::Err(::serde::de::Error::duplicate_field(name));
            }
            map.next_value()
        }

        /// Reads the value of the member `name`, an optional structure, into `place`: `null`
        /// is `None`, and an object is read into the structure where it lies.
        pub fn optional_in_place<'de, A, T>(map: &mut A, seen: &mut bool, name: &'static str, place: &mut ::std::option::Option<T>) -> ::std::result::Result<(), A::Error>
        where
            A: ::serde::de::MapAccess<'de>,
            T: ::serde::Deserialize<'de> + ::std::default::Default,
        {
            if ::std::mem::replace(seen, true) {
                return ::std::result::Result::Err(::serde::de::Error::duplicate_field(name));
            }
            map.next_value_seed(OptionalInPlace(place))
        }

        struct OptionalInPlace<'p, T>(&'p mut ::std::option::Option<T>);

        impl<'de, T> ::serde::de::DeserializeSeed<'de> for OptionalInPlace<'_, T>
        where
            T: ::serde::Deserialize<'de> + ::std::default::Default,
        {
            type Value = ();

            fn deserialize<D: ::serde::Deserializer<'de>>(self, deserializer: D) -> ::std::result::Result<(), D::Error> {
                deserializer.deserialize_option(self)
            }
        }

        impl<'de, T> ::serde::de::Visitor<'de> for OptionalInPlace<'_, T>
        where
            T: ::serde::Deserialize<'de> + ::std::default::Default,
        {
            type Value = ();

            fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str("option")
            }

            fn visit_none<E: ::serde::de::Error>(self) -> ::std::result::Result<(), E> {
                *self.0 = ::std::option::Option::None;
                ::std::result::Result::Ok(())
            }

            fn visit_unit<E: ::serde::de::Error>(self) -> ::std::result::Result<(), E> {
                self.visit_none()
            }

            fn visit_some<D: ::serde::Deserializer<'de>>(self, deserializer: D) -> ::std::result::Result<(), D::Error> {
                T::deserialize_in_place(deserializer, self.0.get_or_insert_with(::std::default::Default::default))
            }
        }
    }
}

/// `Text`, which reads a string as a `Cow`: object keys (the `Members` helpers) and, with
/// borrowed strings, every string.
fn text() -> TokenStream {
    quote! {
        /// Reads a string as a `Cow`: borrowed from the body where it can be (a string without
        /// escapes), copied where it cannot. It accepts and rejects what `String` does, with
        /// the same errors.
        pub struct Text;

        impl<'de> ::serde::de::DeserializeSeed<'de> for Text {
            type Value = ::std::borrow::Cow<'de, str>;

            fn deserialize<D: ::serde::Deserializer<'de>>(self, deserializer: D) -> ::std::result::Result<::std::borrow::Cow<'de, str>, D::Error> {
                deserializer.deserialize_str(TextVisitor)
            }
        }

        struct TextVisitor;

        impl<'de> ::serde::de::Visitor<'de> for TextVisitor {
            type Value = ::std::borrow::Cow<'de, str>;

            fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str("a string")
            }

            fn visit_borrowed_str<E: ::serde::de::Error>(self, value: &'de str) -> ::std::result::Result<Self::Value, E> {
                ::std::result::Result::Ok(::std::borrow::Cow::Borrowed(value))
            }

            fn visit_str<E: ::serde::de::Error>(self, value: &str) -> ::std::result::Result<Self::Value, E> {
                ::std::result::Result::Ok(::std::borrow::Cow::Owned(::std::borrow::ToOwned::to_owned(value)))
            }

            fn visit_string<E: ::serde::de::Error>(self, value: ::std::string::String) -> ::std::result::Result<Self::Value, E> {
                ::std::result::Result::Ok(::std::borrow::Cow::Owned(value))
            }

            fn visit_borrowed_bytes<E: ::serde::de::Error>(self, value: &'de [u8]) -> ::std::result::Result<Self::Value, E> {
                match ::std::str::from_utf8(value) {
                    ::std::result::Result::Ok(text) => ::std::result::Result::Ok(::std::borrow::Cow::Borrowed(text)),
                    ::std::result::Result::Err(_) => ::std::result::Result::Err(E::invalid_value(::serde::de::Unexpected::Bytes(value), &self)),
                }
            }

            fn visit_bytes<E: ::serde::de::Error>(self, value: &[u8]) -> ::std::result::Result<Self::Value, E> {
                match ::std::str::from_utf8(value) {
                    ::std::result::Result::Ok(text) => ::std::result::Result::Ok(::std::borrow::Cow::Owned(::std::borrow::ToOwned::to_owned(text))),
                    ::std::result::Result::Err(_) => ::std::result::Result::Err(E::invalid_value(::serde::de::Unexpected::Bytes(value), &self)),
                }
            }
        }
    }
}

/// `Text` as the serde_with adapter of `Cow<'a, str>` members, for borrowed strings.
fn text_adapter() -> TokenStream {
    quote! {
        impl<'de> ::serde_with::DeserializeAs<'de, ::std::borrow::Cow<'de, str>> for Text {
            fn deserialize_as<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<::std::borrow::Cow<'de, str>, D::Error> {
                ::serde::de::DeserializeSeed::deserialize(Text, deserializer)
            }
        }

        impl<'a> ::serde_with::SerializeAs<::std::borrow::Cow<'a, str>> for Text {
            fn serialize_as<S: ::serde::Serializer>(value: &::std::borrow::Cow<'a, str>, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(value)
            }
        }
    }
}

fn enum_visitor() -> TokenStream {
    quote! {
        /// Reads a string enum from a string without allocating for the values it knows.
        pub struct EnumVisitor<T>(pub ::std::marker::PhantomData<T>);

        impl<T> ::serde::de::Visitor<'_> for EnumVisitor<T>
        where
            T: for<'a> ::std::convert::From<&'a str> + ::std::convert::From<::std::string::String>,
        {
            type Value = T;

            fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str("a string")
            }

            fn visit_str<E: ::serde::de::Error>(self, value: &str) -> ::std::result::Result<T, E> {
                ::std::result::Result::Ok(T::from(value))
            }

            fn visit_string<E: ::serde::de::Error>(self, value: ::std::string::String) -> ::std::result::Result<T, E> {
                ::std::result::Result::Ok(T::from(value))
            }
        }
    }
}

fn int_enum_visitor() -> TokenStream {
    quote! {
        /// Reads an integer enum from a number.
        pub struct IntEnumVisitor<T>(pub ::std::marker::PhantomData<T>);

        impl<T: ::std::convert::From<i32>> ::serde::de::Visitor<'_> for IntEnumVisitor<T> {
            type Value = T;

            fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str("a 32-bit integer")
            }

            fn visit_i64<E: ::serde::de::Error>(self, value: i64) -> ::std::result::Result<T, E> {
                i32::try_from(value)
                    .map(T::from)
                    .map_err(|_| E::invalid_value(::serde::de::Unexpected::Signed(value), &self))
            }

            fn visit_u64<E: ::serde::de::Error>(self, value: u64) -> ::std::result::Result<T, E> {
                i32::try_from(value)
                    .map(T::from)
                    .map_err(|_| E::invalid_value(::serde::de::Unexpected::Unsigned(value), &self))
            }
        }
    }
}

fn float() -> TokenStream {
    quote! {
        /// Floats as AWS JSON protocols write them: numbers, and `"NaN"`, `"Infinity"`,
        /// `"-Infinity"` as strings.
        pub struct Float;

        struct FloatVisitor;

        impl ::serde::de::Visitor<'_> for FloatVisitor {
            type Value = f64;

            fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str("a number, \"NaN\", \"Infinity\" or \"-Infinity\"")
            }

            fn visit_f64<E: ::serde::de::Error>(self, value: f64) -> ::std::result::Result<f64, E> {
                ::std::result::Result::Ok(value)
            }

            fn visit_i64<E: ::serde::de::Error>(self, value: i64) -> ::std::result::Result<f64, E> {
                ::std::result::Result::Ok(value as f64)
            }

            fn visit_u64<E: ::serde::de::Error>(self, value: u64) -> ::std::result::Result<f64, E> {
                ::std::result::Result::Ok(value as f64)
            }

            fn visit_str<E: ::serde::de::Error>(self, value: &str) -> ::std::result::Result<f64, E> {
                match value {
                    "NaN" => ::std::result::Result::Ok(f64::NAN),
                    "Infinity" => ::std::result::Result::Ok(f64::INFINITY),
                    "-Infinity" => ::std::result::Result::Ok(f64::NEG_INFINITY),
                    _ => ::std::result::Result::Err(E::invalid_value(::serde::de::Unexpected::Str(value), &self)),
                }
            }
        }

        fn non_finite(value: f64) -> ::std::option::Option<&'static str> {
            if value.is_nan() {
                ::std::option::Option::Some("NaN")
            } else if value.is_infinite() {
                ::std::option::Option::Some(if value > 0.0 { "Infinity" } else { "-Infinity" })
            } else {
                ::std::option::Option::None
            }
        }

        impl ::serde_with::SerializeAs<f64> for Float {
            fn serialize_as<S: ::serde::Serializer>(value: &f64, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match non_finite(*value) {
                    ::std::option::Option::Some(text) => serializer.serialize_str(text),
                    ::std::option::Option::None => serializer.serialize_f64(*value),
                }
            }
        }

        impl<'de> ::serde_with::DeserializeAs<'de, f64> for Float {
            fn deserialize_as<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<f64, D::Error> {
                deserializer.deserialize_any(FloatVisitor)
            }
        }

        impl ::serde_with::SerializeAs<f32> for Float {
            fn serialize_as<S: ::serde::Serializer>(value: &f32, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match non_finite(f64::from(*value)) {
                    ::std::option::Option::Some(text) => serializer.serialize_str(text),
                    ::std::option::Option::None => serializer.serialize_f32(*value),
                }
            }
        }

        impl<'de> ::serde_with::DeserializeAs<'de, f32> for Float {
            fn deserialize_as<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<f32, D::Error> {
                // Narrowing is the wire's meaning of a float member: the nearest f32.
                deserializer.deserialize_any(FloatVisitor).map(|value| value as f32)
            }
        }
    }
}

fn epoch_seconds() -> TokenStream {
    quote! {
        /// Timestamps as seconds since the Unix epoch, with a fraction when there is one.
        ///
        /// A fractional number is read through its shortest decimal form, so
        /// `1599091200.123` is 123 milliseconds past the second, not the nearest binary
        /// fraction, and is written back as `1599091200.123`.
        pub struct EpochSeconds;

        struct EpochSecondsVisitor;

        impl ::serde::de::Visitor<'_> for EpochSecondsVisitor {
            type Value = ::jiff::Timestamp;

            fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str("seconds since the Unix epoch")
            }

            fn visit_i64<E: ::serde::de::Error>(self, value: i64) -> ::std::result::Result<::jiff::Timestamp, E> {
                ::jiff::Timestamp::from_second(value).map_err(E::custom)
            }

            fn visit_u64<E: ::serde::de::Error>(self, value: u64) -> ::std::result::Result<::jiff::Timestamp, E> {
                let value = i64::try_from(value).map_err(|_| E::invalid_value(::serde::de::Unexpected::Unsigned(value), &self))?;
                self.visit_i64(value)
            }

            fn visit_f64<E: ::serde::de::Error>(self, value: f64) -> ::std::result::Result<::jiff::Timestamp, E> {
                if !value.is_finite() {
                    return ::std::result::Result::Err(E::invalid_value(::serde::de::Unexpected::Float(value), &self));
                }
                // Rust prints a finite f64 as its shortest round-trip decimal, without an exponent.
                let text = value.to_string();
                let (negative, digits) = match text.strip_prefix('-') {
                    ::std::option::Option::Some(rest) => (true, rest),
                    ::std::option::Option::None => (false, text.as_str()),
                };
                let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
                let seconds: i64 = whole.parse().map_err(|_| E::invalid_value(::serde::de::Unexpected::Float(value), &self))?;
                let mut nanos: i32 = 0;
                for digit in fraction.bytes().filter(u8::is_ascii_digit).chain(::std::iter::repeat(b'0')).take(9) {
                    nanos = nanos * 10 + i32::from(digit - b'0');
                }
                let (seconds, nanos) = if negative { (-seconds, -nanos) } else { (seconds, nanos) };
                ::jiff::Timestamp::new(seconds, nanos).map_err(E::custom)
            }
        }

        impl ::serde_with::SerializeAs<::jiff::Timestamp> for EpochSeconds {
            fn serialize_as<S: ::serde::Serializer>(value: &::jiff::Timestamp, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                let (seconds, nanos) = (value.as_second(), value.subsec_nanosecond());
                if nanos == 0 {
                    return serializer.serialize_i64(seconds);
                }
                let sign = if seconds < 0 || nanos < 0 { "-" } else { "" };
                let text = ::std::format!("{sign}{}.{:09}", seconds.unsigned_abs(), nanos.unsigned_abs());
                let number: f64 = text.trim_end_matches('0').parse().map_err(::serde::ser::Error::custom)?;
                serializer.serialize_f64(number)
            }
        }

        impl<'de> ::serde_with::DeserializeAs<'de, ::jiff::Timestamp> for EpochSeconds {
            fn deserialize_as<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<::jiff::Timestamp, D::Error> {
                deserializer.deserialize_any(EpochSecondsVisitor)
            }
        }
    }
}

fn date_time() -> TokenStream {
    quote! {
        /// Timestamps as RFC 3339 date-times, such as `2020-09-03T12:00:00.5Z`.
        pub struct DateTime;

        impl ::serde_with::SerializeAs<::jiff::Timestamp> for DateTime {
            fn serialize_as<S: ::serde::Serializer>(value: &::jiff::Timestamp, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.collect_str(value)
            }
        }

        impl<'de> ::serde_with::DeserializeAs<'de, ::jiff::Timestamp> for DateTime {
            fn deserialize_as<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<::jiff::Timestamp, D::Error> {
                let text = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
                text.parse().map_err(::serde::de::Error::custom)
            }
        }
    }
}

fn http_date() -> TokenStream {
    quote! {
        /// Timestamps as HTTP dates (RFC 9110 IMF-fixdate), such as
        /// `Thu, 03 Sep 2020 12:00:00 GMT`.
        pub struct HttpDate;

        impl ::serde_with::SerializeAs<::jiff::Timestamp> for HttpDate {
            fn serialize_as<S: ::serde::Serializer>(value: &::jiff::Timestamp, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                let text = ::jiff::fmt::rfc2822::DateTimePrinter::new()
                    .timestamp_to_rfc9110_string(value)
                    .map_err(::serde::ser::Error::custom)?;
                serializer.serialize_str(&text)
            }
        }

        impl<'de> ::serde_with::DeserializeAs<'de, ::jiff::Timestamp> for HttpDate {
            fn deserialize_as<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<::jiff::Timestamp, D::Error> {
                let text = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
                ::jiff::fmt::rfc2822::DateTimeParser::new().parse_timestamp(text.as_bytes()).map_err(::serde::de::Error::custom)
            }
        }
    }
}
