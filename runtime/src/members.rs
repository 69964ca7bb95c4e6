//! What generated `Deserialize` impls share: reading a member's value once, reading an optional
//! structure in place, and the visitors of string and integer enums.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Unexpected, Visitor};

/// Reads the value of the member `name`; `seen` says whether it was read before, which is an
/// error.
#[inline]
pub fn value<'de, A, T>(map: &mut A, seen: &mut bool, name: &'static str) -> Result<T, A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    if std::mem::replace(seen, true) {
        return Err(de::Error::duplicate_field(name));
    }
    map.next_value()
}

/// Reads the value of the member `name`, an optional structure, into `place`: `null` is `None`,
/// and an object is read into the structure where it lies.
#[inline]
pub fn optional_in_place<'de, A, T>(
    map: &mut A,
    seen: &mut bool,
    name: &'static str,
    place: &mut Option<T>,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de> + Default,
{
    if std::mem::replace(seen, true) {
        return Err(de::Error::duplicate_field(name));
    }
    map.next_value_seed(OptionalInPlace(place))
}

/// Reads an optional value into the place it will live in.
struct OptionalInPlace<'p, T>(&'p mut Option<T>);

impl<'de, T> DeserializeSeed<'de> for OptionalInPlace<'_, T>
where
    T: Deserialize<'de> + Default,
{
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de, T> Visitor<'de> for OptionalInPlace<'_, T>
where
    T: Deserialize<'de> + Default,
{
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("option")
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        *self.0 = None;
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.visit_none()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        T::deserialize_in_place(deserializer, self.0.get_or_insert_with(Default::default))
    }
}

/// Reads a string enum from a string without allocating for the values it knows.
pub struct EnumVisitor<T>(pub PhantomData<T>);

impl<T> Visitor<'_> for EnumVisitor<T>
where
    T: for<'a> From<&'a str> + From<String>,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    #[inline]
    fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
        Ok(T::from(value))
    }

    #[inline]
    fn visit_string<E: de::Error>(self, value: String) -> Result<T, E> {
        Ok(T::from(value))
    }
}

/// Reads an integer enum from a number.
pub struct IntEnumVisitor<T>(pub PhantomData<T>);

impl<T: From<i32>> Visitor<'_> for IntEnumVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a 32-bit integer")
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<T, E> {
        i32::try_from(value).map(T::from).map_err(|_| E::invalid_value(Unexpected::Signed(value), &self))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<T, E> {
        i32::try_from(value).map(T::from).map_err(|_| E::invalid_value(Unexpected::Unsigned(value), &self))
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;
    use crate::adapters::Text;

    /// A structure as generated code reads one: `{"name": string, "inner": Inner?}`.
    #[derive(Debug, Default, PartialEq)]
    struct Outer {
        name: Option<String>,
        inner: Option<Inner>,
    }

    #[derive(Debug, Default, PartialEq)]
    struct Inner {
        count: i32,
        kind: Option<Kind>,
        level: Option<Level>,
    }

    #[derive(Debug, PartialEq)]
    enum Kind {
        Known,
        Unknown(String),
    }

    impl From<&str> for Kind {
        fn from(value: &str) -> Kind {
            match value {
                "Known" => Kind::Known,
                other => Kind::Unknown(other.to_owned()),
            }
        }
    }

    impl From<String> for Kind {
        fn from(value: String) -> Kind {
            match value.as_str() {
                "Known" => Kind::Known,
                _ => Kind::Unknown(value),
            }
        }
    }

    impl<'de> Deserialize<'de> for Kind {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Kind, D::Error> {
            deserializer.deserialize_str(EnumVisitor(PhantomData))
        }
    }

    #[derive(Debug, PartialEq)]
    struct Level(i32);

    impl From<i32> for Level {
        fn from(value: i32) -> Level {
            Level(value)
        }
    }

    impl<'de> Deserialize<'de> for Level {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Level, D::Error> {
            deserializer.deserialize_i32(IntEnumVisitor(PhantomData))
        }
    }

    struct OuterVisitor;

    impl<'de> Visitor<'de> for OuterVisitor {
        type Value = Outer;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("struct Outer")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Outer, A::Error> {
            let mut outer = Outer::default();
            let (mut name, mut inner) = (false, false);
            while let Some(key) = map.next_key_seed(Text)? {
                match &*key {
                    "name" => outer.name = value(&mut map, &mut name, "name")?,
                    "inner" => optional_in_place(&mut map, &mut inner, "inner", &mut outer.inner)?,
                    _ => {
                        map.next_value::<de::IgnoredAny>()?;
                    }
                }
            }
            Ok(outer)
        }
    }

    impl<'de> Deserialize<'de> for Outer {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Outer, D::Error> {
            deserializer.deserialize_map(OuterVisitor)
        }
    }

    struct InnerVisitor<'p>(&'p mut Inner);

    impl<'de> Visitor<'de> for InnerVisitor<'_> {
        type Value = ();

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("struct Inner")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            let (mut count, mut kind, mut level) = (false, false, false);
            while let Some(key) = map.next_key_seed(Text)? {
                let key: Cow<str> = key;
                match &*key {
                    "count" => self.0.count = value(&mut map, &mut count, "count")?,
                    "kind" => self.0.kind = value(&mut map, &mut kind, "kind")?,
                    "level" => self.0.level = value(&mut map, &mut level, "level")?,
                    _ => {
                        map.next_value::<de::IgnoredAny>()?;
                    }
                }
            }
            Ok(())
        }
    }

    impl<'de> Deserialize<'de> for Inner {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Inner, D::Error> {
            let mut inner = Inner::default();
            Inner::deserialize_in_place(deserializer, &mut inner)?;
            Ok(inner)
        }

        fn deserialize_in_place<D: Deserializer<'de>>(deserializer: D, place: &mut Inner) -> Result<(), D::Error> {
            deserializer.deserialize_map(InnerVisitor(place))
        }
    }

    #[test]
    fn reads_members() {
        let outer: Outer = crate::json::from_str(
            r#"{"name": "n", "other": [1, {}], "inner": {"count": 3, "kind": "Known", "level": 2}}"#,
        )
        .unwrap();
        assert_eq!(
            outer,
            Outer {
                name: Some("n".into()),
                inner: Some(Inner { count: 3, kind: Some(Kind::Known), level: Some(Level(2)) })
            }
        );
        let outer: Outer = crate::json::from_str(r#"{"inner": null, "name": null}"#).unwrap();
        assert_eq!(outer, Outer::default());
        let outer: Outer = crate::json::from_str(r#"{"inner": {"kind": "Ne\u0077"}}"#).unwrap();
        assert_eq!(outer.inner.unwrap().kind, Some(Kind::Unknown("New".into())));
    }

    #[test]
    fn member_errors() {
        let error = crate::json::from_str::<Outer>(r#"{"name": "a", "name": "b"}"#).unwrap_err();
        // The path is that of the object holding the member.
        assert_eq!(error.to_string(), "duplicate field `name`");
        let error = crate::json::from_str::<Outer>(r#"{"inner": {}, "inner": {}}"#).unwrap_err();
        assert_eq!(error.to_string(), "duplicate field `inner`");
        let error = crate::json::from_str::<Outer>(r#"{"inner": {"count": 1, "count": 2}}"#).unwrap_err();
        assert_eq!(error.to_string(), "inner: duplicate field `count`");
        let error = crate::json::from_str::<Outer>(r#"{"inner": {"level": 3000000000}}"#).unwrap_err();
        assert_eq!(error.to_string(), "inner.level: invalid value: integer `3000000000`, expected a 32-bit integer");
        let error = crate::json::from_str::<Outer>(r#"{"inner": {"level": -3000000000}}"#).unwrap_err();
        assert_eq!(error.to_string(), "inner.level: invalid value: integer `-3000000000`, expected a 32-bit integer");
        let error = crate::json::from_str::<Outer>(r#"{"inner": {"kind": 1}}"#).unwrap_err();
        assert_eq!(error.to_string(), "inner.kind: invalid type: integer `1`, expected a string");
        let error = crate::json::from_str::<Outer>(r#"{"inner": 5}"#).unwrap_err();
        assert_eq!(error.to_string(), "inner: invalid type: integer `5`, expected struct Inner");
    }
}
