//! `serde_with` adapters for the fields of generated types: strings borrowed from the body,
//! floats and timestamps as the AWS JSON protocols write them.
//!
//! Timestamps are written in the member's modeled format ([`EpochSeconds`], [`DateTime`],
//! [`HttpDate`]) but read leniently: each of the three reads any of the formats, since services
//! do not always send what their model says.

use std::borrow::Cow;
use std::fmt;

use jiff::Timestamp;
use serde::de::{self, DeserializeSeed, Deserializer, Unexpected, Visitor};
use serde::{Serializer, ser};
use serde_with::{DeserializeAs, SerializeAs};

use crate::time;

/// Reads a string as a `Cow`: borrowed from the body where it can be (a string without escapes),
/// copied where it cannot. It accepts and rejects what `String` does, with the same errors.
///
/// As a seed it reads object keys; as an adapter, `Cow<'a, str>` members.
pub struct Text;

impl<'de> DeserializeSeed<'de> for Text {
    type Value = Cow<'de, str>;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Cow<'de, str>, D::Error> {
        deserializer.deserialize_str(TextVisitor)
    }
}

/// The visitor behind [`Text`].
struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    #[inline]
    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(value))
    }

    #[inline]
    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(value.to_owned()))
    }

    #[inline]
    fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(value))
    }

    fn visit_borrowed_bytes<E: de::Error>(self, value: &'de [u8]) -> Result<Self::Value, E> {
        match std::str::from_utf8(value) {
            Ok(text) => Ok(Cow::Borrowed(text)),
            Err(_) => Err(E::invalid_value(Unexpected::Bytes(value), &self)),
        }
    }

    fn visit_bytes<E: de::Error>(self, value: &[u8]) -> Result<Self::Value, E> {
        match std::str::from_utf8(value) {
            Ok(text) => Ok(Cow::Owned(text.to_owned())),
            Err(_) => Err(E::invalid_value(Unexpected::Bytes(value), &self)),
        }
    }
}

/// Into a `Cow` of any lifetime the body outlives: a field of a type that borrows from the
/// body for `'a` is read in place, where its type is exactly `Cow<'a, str>`.
impl<'de: 'a, 'a> DeserializeAs<'de, Cow<'a, str>> for Text {
    #[inline]
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<Cow<'a, str>, D::Error> {
        DeserializeSeed::deserialize(Text, deserializer)
    }
}

impl<'a> SerializeAs<Cow<'a, str>> for Text {
    #[inline]
    fn serialize_as<S: Serializer>(value: &Cow<'a, str>, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(value)
    }
}

/// Floats as AWS JSON protocols write them: numbers, and `"NaN"`, `"Infinity"`, `"-Infinity"`
/// as strings.
pub struct Float;

/// The visitor behind [`Float`].
struct FloatVisitor;

impl Visitor<'_> for FloatVisitor {
    type Value = f64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, \"NaN\", \"Infinity\" or \"-Infinity\"")
    }

    #[inline]
    fn visit_f64<E: de::Error>(self, value: f64) -> Result<f64, E> {
        Ok(value)
    }

    #[inline]
    fn visit_i64<E: de::Error>(self, value: i64) -> Result<f64, E> {
        Ok(value as f64)
    }

    #[inline]
    fn visit_u64<E: de::Error>(self, value: u64) -> Result<f64, E> {
        Ok(value as f64)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<f64, E> {
        match value {
            "NaN" => Ok(f64::NAN),
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            _ => Err(E::invalid_value(Unexpected::Str(value), &self)),
        }
    }
}

/// The string that stands for a float that is not a number, if `value` is one.
#[inline]
pub(crate) fn non_finite(value: f64) -> Option<&'static str> {
    if value.is_nan() {
        Some("NaN")
    } else if value.is_infinite() {
        Some(if value > 0.0 { "Infinity" } else { "-Infinity" })
    } else {
        None
    }
}

impl SerializeAs<f64> for Float {
    #[inline]
    fn serialize_as<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
        match non_finite(*value) {
            Some(text) => serializer.serialize_str(text),
            None => serializer.serialize_f64(*value),
        }
    }
}

impl<'de> DeserializeAs<'de, f64> for Float {
    #[inline]
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
        deserializer.deserialize_any(FloatVisitor)
    }
}

impl SerializeAs<f32> for Float {
    #[inline]
    fn serialize_as<S: Serializer>(value: &f32, serializer: S) -> Result<S::Ok, S::Error> {
        match non_finite(f64::from(*value)) {
            Some(text) => serializer.serialize_str(text),
            None => serializer.serialize_f32(*value),
        }
    }
}

impl<'de> DeserializeAs<'de, f32> for Float {
    #[inline]
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<f32, D::Error> {
        // Narrowing is the wire's meaning of a float member: the nearest f32.
        deserializer.deserialize_any(FloatVisitor).map(|value| value as f32)
    }
}

/// Reads a timestamp in any format: a number of epoch seconds, or a string holding epoch
/// seconds, an RFC 3339 date-time or an HTTP date (see [`time::parse`]).
struct TimestampVisitor;

impl Visitor<'_> for TimestampVisitor {
    type Value = Timestamp;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a timestamp (epoch seconds, RFC 3339 or HTTP date)")
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Timestamp, E> {
        Timestamp::from_second(value).map_err(|_| E::invalid_value(Unexpected::Signed(value), &self))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Timestamp, E> {
        let value = i64::try_from(value).map_err(|_| E::invalid_value(Unexpected::Unsigned(value), &self))?;
        self.visit_i64(value)
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Timestamp, E> {
        time::from_epoch_f64(value).map_err(|_| E::invalid_value(Unexpected::Float(value), &self))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Timestamp, E> {
        time::parse(value).map_err(|_| E::invalid_value(Unexpected::Str(value), &self))
    }
}

/// Reads a timestamp in any format.
#[inline]
fn deserialize_timestamp<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
    deserializer.deserialize_any(TimestampVisitor)
}

/// Timestamps written as seconds since the Unix epoch, with a fraction when there is one.
///
/// The fraction is written as the shortest decimal that reads back exactly: 123 milliseconds
/// past the second is `1599091200.123`. A fractional number is read through its shortest
/// decimal form, so `1599091200.123` is 123 milliseconds past the second, not the nearest binary
/// fraction. Reading accepts every format, as [`time::parse`] does.
pub struct EpochSeconds;

impl SerializeAs<Timestamp> for EpochSeconds {
    fn serialize_as<S: Serializer>(value: &Timestamp, serializer: S) -> Result<S::Ok, S::Error> {
        let (seconds, nanos) = (value.as_second(), value.subsec_nanosecond());
        if nanos == 0 {
            return serializer.serialize_i64(seconds);
        }
        let text = time::format(value, time::Format::EpochSeconds);
        let number: f64 = text.parse().map_err(ser::Error::custom)?;
        serializer.serialize_f64(number)
    }
}

impl<'de> DeserializeAs<'de, Timestamp> for EpochSeconds {
    #[inline]
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
        deserialize_timestamp(deserializer)
    }
}

/// Timestamps written as RFC 3339 date-times, such as `2020-09-03T12:00:00.5Z`. Reading accepts
/// every format, as [`time::parse`] does.
pub struct DateTime;

impl SerializeAs<Timestamp> for DateTime {
    #[inline]
    fn serialize_as<S: Serializer>(value: &Timestamp, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(value)
    }
}

impl<'de> DeserializeAs<'de, Timestamp> for DateTime {
    #[inline]
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
        deserialize_timestamp(deserializer)
    }
}

/// Timestamps written as HTTP dates (RFC 9110 IMF-fixdate), such as
/// `Thu, 03 Sep 2020 12:00:00 GMT`. Reading accepts every format, as [`time::parse`] does.
pub struct HttpDate;

impl SerializeAs<Timestamp> for HttpDate {
    fn serialize_as<S: Serializer>(value: &Timestamp, serializer: S) -> Result<S::Ok, S::Error> {
        let text = jiff::fmt::rfc2822::DateTimePrinter::new()
            .timestamp_to_rfc9110_string(value)
            .map_err(ser::Error::custom)?;
        serializer.serialize_str(&text)
    }
}

impl<'de> DeserializeAs<'de, Timestamp> for HttpDate {
    #[inline]
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
        deserialize_timestamp(deserializer)
    }
}

#[cfg(test)]
mod tests {
    use std::marker::PhantomData;

    use serde::de::IntoDeserializer;
    use serde::de::value::{BorrowedBytesDeserializer, BytesDeserializer, Error as ValueError};
    use serde::{Deserialize, Serialize};

    use super::*;

    /// A value written and read through the adapter `A`.
    struct With<T, A>(T, PhantomData<A>);

    impl<T, A: SerializeAs<T>> Serialize for With<T, A> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            A::serialize_as(&self.0, serializer)
        }
    }

    impl<'de, T, A: DeserializeAs<'de, T>> Deserialize<'de> for With<T, A> {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            A::deserialize_as(deserializer).map(|value| With(value, PhantomData))
        }
    }

    fn write<T, A: SerializeAs<T>>(value: T) -> String {
        serde_json::to_string(&With::<T, A>(value, PhantomData)).unwrap()
    }

    fn read<'de, T, A: DeserializeAs<'de, T>>(json: &'de str) -> Result<T, String> {
        serde_json::from_str::<With<T, A>>(json).map(|with| with.0).map_err(|error| error.to_string())
    }

    fn at(seconds: i64, nanos: i32) -> Timestamp {
        Timestamp::new(seconds, nanos).unwrap()
    }

    #[test]
    fn text_borrows_where_it_can() {
        assert!(matches!(read::<Cow<str>, Text>(r#""plain""#).unwrap(), Cow::Borrowed("plain")));
        let escaped = read::<Cow<str>, Text>(r#""a\nb""#).unwrap();
        assert!(matches!(&escaped, Cow::Owned(text) if text == "a\nb"));
        assert_eq!(
            read::<Cow<str>, Text>("5").unwrap_err(),
            "invalid type: integer `5`, expected a string at line 1 column 1"
        );
        assert_eq!(write::<Cow<str>, Text>(Cow::Borrowed("a\"b")), r#""a\"b""#);
        // Bytes, from formats that lend them.
        let text = Text.deserialize(BorrowedBytesDeserializer::<ValueError>::new(b"bytes")).unwrap();
        assert!(matches!(text, Cow::Borrowed("bytes")));
        let text = Text.deserialize(BytesDeserializer::<ValueError>::new(b"copied")).unwrap();
        assert!(matches!(text, Cow::Owned(_)));
        let error = Text.deserialize(BytesDeserializer::<ValueError>::new(b"\xff")).unwrap_err();
        assert_eq!(error.to_string(), "invalid value: byte array, expected a string");
        let owned: Result<Cow<str>, ValueError> = Text.deserialize(String::from("own").into_deserializer());
        assert_eq!(owned.unwrap(), "own");
    }

    #[test]
    fn floats_both_ways() {
        assert_eq!(write::<f64, Float>(1.5), "1.5");
        assert_eq!(write::<f64, Float>(f64::NAN), r#""NaN""#);
        assert_eq!(write::<f64, Float>(f64::INFINITY), r#""Infinity""#);
        assert_eq!(write::<f64, Float>(f64::NEG_INFINITY), r#""-Infinity""#);
        assert_eq!(write::<f32, Float>(1.1), "1.1");
        assert_eq!(write::<f32, Float>(f32::NEG_INFINITY), r#""-Infinity""#);
        assert_eq!(read::<f64, Float>("1.5").unwrap(), 1.5);
        assert_eq!(read::<f64, Float>("-3").unwrap(), -3.0);
        assert_eq!(read::<f64, Float>("3").unwrap(), 3.0);
        assert!(read::<f64, Float>(r#""NaN""#).unwrap().is_nan());
        assert_eq!(read::<f64, Float>(r#""Infinity""#).unwrap(), f64::INFINITY);
        assert_eq!(read::<f32, Float>(r#""-Infinity""#).unwrap(), f32::NEG_INFINITY);
        assert_eq!(read::<f32, Float>("1.1").unwrap(), 1.1f32);
        assert_eq!(
            read::<f64, Float>(r#""nan""#).unwrap_err(),
            r#"invalid value: string "nan", expected a number, "NaN", "Infinity" or "-Infinity" at line 1 column 5"#
        );
        assert!(read::<f64, Float>("true").unwrap_err().starts_with("invalid type: boolean `true`"));
    }

    #[test]
    fn timestamps_are_written_in_their_format() {
        assert_eq!(write::<Timestamp, EpochSeconds>(at(1599091200, 0)), "1599091200");
        assert_eq!(write::<Timestamp, EpochSeconds>(at(1599091200, 123_000_000)), "1599091200.123");
        assert_eq!(write::<Timestamp, EpochSeconds>(at(-1, -500_000_000)), "-1.5");
        assert_eq!(write::<Timestamp, DateTime>(at(1599134400, 500_000_000)), r#""2020-09-03T12:00:00.5Z""#);
        assert_eq!(write::<Timestamp, HttpDate>(at(1599134400, 0)), r#""Thu, 03 Sep 2020 12:00:00 GMT""#);
    }

    fn read_all(json: &str) -> Result<Timestamp, String> {
        let epoch = read::<Timestamp, EpochSeconds>(json);
        assert_eq!(epoch, read::<Timestamp, DateTime>(json), "{json}");
        assert_eq!(epoch, read::<Timestamp, HttpDate>(json), "{json}");
        epoch
    }

    #[test]
    fn timestamps_are_read_in_any_format() {
        let value = at(1599134400, 0);
        for json in [
            "1599134400",
            "1599134400.0",
            "1.5991344e9",
            r#""1599134400""#,
            r#""2020-09-03T12:00:00Z""#,
            r#""2020-09-03T14:00:00+02:00""#,
            r#""Thu, 03 Sep 2020 12:00:00 GMT""#,
            r#""Thursday, 03-Sep-20 12:00:00 GMT""#,
            r#""Thu Sep  3 12:00:00 2020""#,
        ] {
            assert_eq!(read_all(json).unwrap(), value, "{json}");
        }
        assert_eq!(read_all("1599091200.123").unwrap(), at(1599091200, 123_000_000));
        assert_eq!(read_all(r#""1599091200.123""#).unwrap(), at(1599091200, 123_000_000));
        assert_eq!(read_all(r#""-1.5""#).unwrap(), at(-1, -500_000_000));
        assert_eq!(read_all("-1.5").unwrap(), at(-1, -500_000_000));
        assert_eq!(read_all("-2").unwrap(), at(-2, 0));
    }

    #[test]
    fn timestamp_errors_are_errors() {
        assert_eq!(
            read_all(r#""junk""#).unwrap_err(),
            r#"invalid value: string "junk", expected a timestamp (epoch seconds, RFC 3339 or HTTP date) at line 1 column 6"#
        );
        assert_eq!(
            read_all("99999999999999").unwrap_err(),
            "invalid value: integer `99999999999999`, expected a timestamp (epoch seconds, RFC 3339 or HTTP date) at line 1 column 14"
        );
        assert!(
            read_all("18446744073709551615").unwrap_err().starts_with("invalid value: integer `18446744073709551615`")
        );
        assert!(read_all("1e300").unwrap_err().starts_with("invalid value: floating point `1e+300`"));
        assert!(read_all("true").unwrap_err().starts_with("invalid type: boolean `true`, expected a timestamp"));
        assert!(read_all("null").is_err());
    }
}
