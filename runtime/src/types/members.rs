//! What generated `Deserialize` impls share: the visitor of every structure (which reads an
//! object into the structure in place, each member once), reading an optional structure in
//! place, and the visitors of string and integer enums.
//!
//! A generated structure says only what is its own: [`Members::member`] matches a member's
//! wire name and reads its value into its field with one call of [`Member`]. Everything else
//! (the object, the loop over keys, unknown members skipped, duplicates, required members)
//! is here, once.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Unexpected, Visitor};
use serde_with::DeserializeAs;
use serde_with::de::DeserializeAsWrap;

/// A structure that generated code reads member by member, through [`read_struct`] and
/// [`read_struct_in_place`].
pub trait Members<'de>: Default {
    /// What the structure is, for errors: `struct Finding`.
    const EXPECTING: &'static str;

    /// The members a response must send (strict settings): the offsets of their fields in
    /// the structure (`offset_of!`) and their wire names.
    const REQUIRED: &'static [(usize, &'static str)] = &[];

    /// Reads the value of the member whose wire name is `key` into its field, with `member`;
    /// an unknown member is skipped (`member.skip()`).
    fn member<A: MapAccess<'de>>(&mut self, key: &str, member: Member<'_, A>) -> Result<(), A::Error>;
}

/// `Deserialize` for a structure that implements [`Members`]: it reads through
/// [`read_struct`]: `deserialize_struct!(Finding);`,
/// or `deserialize_struct!(Finding<'a>);` for a structure that borrows from the body, where
/// serde's derive would write the impl out. Generated code calls it through
/// [`serde_struct!`](crate::serde_struct), with `Serialize`. (The impl names
/// only the structure, and a deprecated one is the model's business, not the reader's: it
/// allows `deprecated`, as lint attributes on a macro call would be ignored.)
#[macro_export]
macro_rules! deserialize_struct {
    ($name:ident) => {
        $crate::deserialize_struct!(@impl [] $name);
    };
    ($name:ident < $lifetime:lifetime >) => {
        $crate::deserialize_struct!(@impl [$lifetime] $name<$lifetime>);
    };
    (@impl [$($lifetime:lifetime)?] $ty:ty) => {
        #[allow(deprecated)]
        impl<'de $(: $lifetime, $lifetime)?> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                $crate::support::read_struct(deserializer)
            }
        }
    };
}

/// Reads a structure from an object: its `Default` value, with the members the object has.
#[inline]
pub fn read_struct<'de, T: Members<'de>, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    let mut value = T::default();
    read_struct_in_place(deserializer, &mut value)?;
    Ok(value)
}

/// Reads a structure from an object into `place` (reset to its `Default` first), and the
/// optional structures among its members into their own fields: nested structures are never
/// built on the stack and moved up level by level.
#[inline]
pub fn read_struct_in_place<'de, T: Members<'de>, D: Deserializer<'de>>(
    deserializer: D,
    place: &mut T,
) -> Result<(), D::Error> {
    *place = T::default();
    deserializer.deserialize_map(StructVisitor(place))
}

struct StructVisitor<'p, T>(&'p mut T);

impl<'de, T: Members<'de>> Visitor<'de> for StructVisitor<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    #[inline]
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = Seen::new(address(&*self.0));
        while let Some(key) = map.next_key_seed(crate::adapters::Text)? {
            self.0.member(&key, Member { map: &mut map, key: &key, seen: &mut seen })?;
        }
        for &(offset, name) in T::REQUIRED {
            if !seen.contains(offset) {
                return Err(de::Error::missing_field(name));
            }
        }
        Ok(())
    }
}

/// The address of a value, to tell its fields apart by their offsets (never dereferenced).
#[inline]
fn address<T>(value: &T) -> usize {
    std::ptr::from_ref(value).addr()
}

/// Which members of an object were read, each known by the offset of the field it was read
/// into: distinct fields of a structure lie at distinct offsets (zero-sized ones aside, which
/// hold nothing and are not counted), so a member needs no number of its own, and adding a
/// member to a model renumbers nothing in the generated code.
///
/// A 64-bit filter answers "not read" at once (it is exact for the 8-aligned fields of a
/// structure's first 512 bytes); the offsets read, the first sixteen inline, settle the rest.
struct Seen {
    base: usize,
    filter: u64,
    /// How many of `first` hold offsets.
    len: usize,
    first: [u16; 16],
    more: Vec<usize>,
}

impl Seen {
    #[inline]
    fn new(base: usize) -> Seen {
        Seen { base, filter: 0, len: 0, first: [0; 16], more: Vec::new() }
    }

    #[inline(always)]
    fn bit(offset: usize) -> u64 {
        1u64 << ((offset ^ (offset >> 6)) & 63)
    }

    /// Notes the member read into the field at offset `offset` as read; false when it was
    /// read before.
    #[inline(always)]
    fn insert(&mut self, offset: usize) -> bool {
        let bit = Seen::bit(offset);
        if self.filter & bit == 0 && self.keep_inline(offset) {
            self.filter |= bit;
            true
        } else {
            self.insert_slow(offset)
        }
    }

    /// Keeps `offset` among the first sixteen, when there is room and it fits; false if not.
    #[inline(always)]
    fn keep_inline(&mut self, offset: usize) -> bool {
        let (Some(slot), Ok(small)) = (self.first.get_mut(self.len), u16::try_from(offset)) else { return false };
        *slot = small;
        self.len += 1;
        true
    }

    /// [`insert`](Self::insert) when the filter cannot tell, or the offset is not kept inline.
    #[cold]
    #[inline(never)]
    fn insert_slow(&mut self, offset: usize) -> bool {
        if self.contains(offset) {
            return false;
        }
        self.filter |= Seen::bit(offset);
        if !self.keep_inline(offset) {
            self.more.push(offset);
        }
        true
    }

    /// Whether the member read into the field at offset `offset` was read.
    fn contains(&self, offset: usize) -> bool {
        self.filter & Seen::bit(offset) != 0
            && (self.first[..self.len].iter().any(|&o| usize::from(o) == offset) || self.more.contains(&offset))
    }
}

/// The value of one member of an object, to be read into its field: each method takes the
/// field, reads the value once (a member sent twice is an error naming it) and says how the
/// field holds it.
pub struct Member<'a, A> {
    map: &'a mut A,
    key: &'a str,
    seen: &'a mut Seen,
}

impl<'de, A: MapAccess<'de>> Member<'_, A> {
    /// Notes the member of `field` as read; an error when it was read before.
    #[inline(always)]
    fn first<F>(&mut self, field: &F) -> Result<(), A::Error> {
        // A zero-sized field may share its offset with another, and holds nothing to read twice.
        if std::mem::size_of::<F>() == 0 || self.seen.insert(address(field).wrapping_sub(self.seen.base)) {
            Ok(())
        } else {
            Err(duplicate(self.key))
        }
    }

    /// Reads the value as the field's type: `null` reads as `None` into an `Option`.
    #[inline(always)]
    pub fn value<T: Deserialize<'de>>(mut self, field: &mut T) -> Result<(), A::Error> {
        self.first(&*field)?;
        *field = self.map.next_value()?;
        Ok(())
    }

    /// Reads the value through the `serde_with` adapter `W` (a timestamp format, a float's
    /// spelling, base64, a borrowed string).
    #[inline(always)]
    pub fn value_as<W: DeserializeAs<'de, T>, T>(mut self, field: &mut T) -> Result<(), A::Error> {
        self.first(&*field)?;
        *field = self.map.next_value::<DeserializeAsWrap<T, W>>()?.into_inner();
        Ok(())
    }

    /// Reads the value into an optional field through the adapter `W` of what the `Option`
    /// holds: `null` reads as `None`.
    #[inline(always)]
    pub fn option_as<W: DeserializeAs<'de, T>, T>(mut self, field: &mut Option<T>) -> Result<(), A::Error> {
        self.first(&*field)?;
        *field = self.map.next_value::<DeserializeAsWrap<Option<T>, Option<W>>>()?.into_inner();
        Ok(())
    }

    /// Reads the value, or `null` as the `Default`: a required member read leniently, or one
    /// whose default is the zero value.
    #[inline(always)]
    pub fn or_default<T: Deserialize<'de> + Default>(mut self, field: &mut T) -> Result<(), A::Error> {
        self.first(&*field)?;
        *field = self.map.next_value::<Option<T>>()?.unwrap_or_default();
        Ok(())
    }

    /// [`or_default`](Self::or_default) through the adapter `W`.
    #[inline(always)]
    pub fn or_default_as<W: DeserializeAs<'de, T>, T: Default>(mut self, field: &mut T) -> Result<(), A::Error> {
        self.first(&*field)?;
        *field = self.map.next_value::<DeserializeAsWrap<Option<T>, Option<W>>>()?.into_inner().unwrap_or_default();
        Ok(())
    }

    /// Reads the value, or `null` as `default()`: a member with a default value of its own.
    #[inline(always)]
    pub fn or_else<T: Deserialize<'de>>(mut self, field: &mut T, default: impl FnOnce() -> T) -> Result<(), A::Error> {
        self.first(&*field)?;
        *field = self.map.next_value::<Option<T>>()?.unwrap_or_else(default);
        Ok(())
    }

    /// [`or_else`](Self::or_else) through the adapter `W`.
    #[inline(always)]
    pub fn or_else_as<W: DeserializeAs<'de, T>, T>(
        mut self,
        field: &mut T,
        default: impl FnOnce() -> T,
    ) -> Result<(), A::Error> {
        self.first(&*field)?;
        *field = self.map.next_value::<DeserializeAsWrap<Option<T>, Option<W>>>()?.into_inner().unwrap_or_else(default);
        Ok(())
    }

    /// Reads an optional structure where it lies: `null` is `None`, and an object is read into
    /// the structure in the field (made first if there is none).
    #[inline(always)]
    pub fn in_place<T: Members<'de>>(mut self, field: &mut Option<T>) -> Result<(), A::Error> {
        self.first(&*field)?;
        self.map.next_value_seed(OptionalInPlace(field))
    }

    /// Skips the value of a member the structure does not have, however deep.
    #[inline]
    pub fn skip(self) -> Result<(), A::Error> {
        self.map.next_value::<de::IgnoredAny>().map(drop)
    }
}

/// The error of a member read twice.
#[cold]
fn duplicate<E: de::Error>(key: &str) -> E {
    E::custom(format_args!("duplicate field `{key}`"))
}

/// Reads an optional value into the place it will live in.
struct OptionalInPlace<'p, T>(&'p mut Option<T>);

impl<'de, T: Members<'de>> DeserializeSeed<'de> for OptionalInPlace<'_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de, T: Members<'de>> Visitor<'de> for OptionalInPlace<'_, T> {
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
        read_struct_in_place(deserializer, self.0.get_or_insert_with(Default::default))
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
    use super::*;

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

    impl<'de> Members<'de> for Outer {
        const EXPECTING: &'static str = "struct Outer";

        fn member<A: MapAccess<'de>>(&mut self, key: &str, member: Member<'_, A>) -> Result<(), A::Error> {
            match key {
                "name" => member.value(&mut self.name)?,
                "inner" => member.in_place(&mut self.inner)?,
                _ => member.skip()?,
            }
            Ok(())
        }
    }

    crate::deserialize_struct!(Outer);

    /// A structure whose strings borrow from the body.
    #[derive(Debug, Default)]
    struct Borrowing<'a> {
        name: Option<std::borrow::Cow<'a, str>>,
    }

    impl<'de: 'a, 'a> Members<'de> for Borrowing<'a> {
        const EXPECTING: &'static str = "struct Borrowing";

        fn member<A: MapAccess<'de>>(&mut self, key: &str, member: Member<'_, A>) -> Result<(), A::Error> {
            match key {
                "name" => member.option_as::<crate::adapters::Text, _>(&mut self.name),
                _ => member.skip(),
            }
        }
    }

    crate::deserialize_struct!(Borrowing<'a>);

    #[test]
    fn reads_borrowed_members_in_place() {
        let body = r#"{"name": "plain", "other": 1}"#;
        let value: Borrowing = crate::json::from_str(body).unwrap();
        assert!(matches!(value.name, Some(std::borrow::Cow::Borrowed("plain"))));
        let value: Borrowing = crate::json::from_str(r#"{"name": "a\nb"}"#).unwrap();
        assert_eq!(value.name.as_deref(), Some("a\nb"));
        let error = crate::json::from_str::<Borrowing>(r#"{"name": null, "name": "x"}"#).unwrap_err();
        assert_eq!(error.to_string(), "duplicate field `name`");
    }

    impl<'de> Members<'de> for Inner {
        const EXPECTING: &'static str = "struct Inner";
        const REQUIRED: &'static [(usize, &'static str)] = &[(std::mem::offset_of!(Inner, count), "count")];

        fn member<A: MapAccess<'de>>(&mut self, key: &str, member: Member<'_, A>) -> Result<(), A::Error> {
            match key {
                "count" => member.value(&mut self.count)?,
                "kind" => member.value(&mut self.kind)?,
                "level" => member.value(&mut self.level)?,
                _ => member.skip()?,
            }
            Ok(())
        }
    }

    crate::deserialize_struct!(Inner);

    /// A structure of more members than [`Seen`] keeps inline, and than its filter has bits.
    #[derive(Debug)]
    struct Wide {
        values: [Option<i32>; 200],
    }

    impl Default for Wide {
        fn default() -> Wide {
            Wide { values: [None; 200] }
        }
    }

    impl<'de> Members<'de> for Wide {
        const EXPECTING: &'static str = "struct Wide";
        const REQUIRED: &'static [(usize, &'static str)] =
            &[(std::mem::offset_of!(Wide, values) + 199 * std::mem::size_of::<Option<i32>>(), "m199")];

        fn member<A: MapAccess<'de>>(&mut self, key: &str, member: Member<'_, A>) -> Result<(), A::Error> {
            match key.strip_prefix('m').and_then(|n| n.parse::<usize>().ok()).and_then(|n| self.values.get_mut(n)) {
                Some(field) => member.value(field),
                None => member.skip(),
            }
        }
    }

    impl<'de> Deserialize<'de> for Wide {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Wide, D::Error> {
            read_struct(deserializer)
        }
    }

    #[test]
    fn members_past_the_inline_list_and_the_filter_are_counted_too() {
        let wide: Wide = crate::json::from_str(r#"{"m3": 3, "m130": 130, "m199": 199, "x": [1]}"#).unwrap();
        assert_eq!((wide.values[3], wide.values[130], wide.values[199]), (Some(3), Some(130), Some(199)));
        let error = crate::json::from_str::<Wide>(r#"{"m130": 1, "m199": 2, "m130": 3}"#).unwrap_err();
        assert_eq!(error.to_string(), "duplicate field `m130`");
        let error = crate::json::from_str::<Wide>(r#"{"m127": 1, "m128": 2}"#).unwrap_err();
        assert_eq!(error.to_string(), "missing field `m199`");
        // All 200, whose offsets share filter bits past the first kilobyte, then each again.
        let all: Vec<String> = (0..200).map(|n| format!(r#""m{n}": {n}"#)).collect();
        let wide: Wide = crate::json::from_str(&format!("{{{}}}", all.join(","))).unwrap();
        assert!(wide.values.iter().enumerate().all(|(n, v)| *v == Some(n as i32)));
        for again in [0, 15, 16, 127, 128, 199] {
            let body = format!(r#"{{{}, "m{again}": 0}}"#, all.join(","));
            let error = crate::json::from_str::<Wide>(&body).unwrap_err();
            assert_eq!(error.to_string(), format!("duplicate field `m{again}`"));
        }
    }

    #[test]
    fn offsets_kept_apart_from_the_inline_ones_leave_no_stale_slot() {
        // 70,000 does not fit inline; 65 shares the filter's bit with 0, which is read last.
        let mut seen = Seen::new(0);
        assert!(seen.insert(70_000) && seen.insert(65) && seen.insert(0), "each read once");
        assert!(!seen.insert(0) && !seen.insert(65) && !seen.insert(70_000), "each read twice");
        assert!(seen.contains(70_000) && !seen.contains(1));
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
        let outer: Outer = crate::json::from_str(r#"{"inner": {"count": 0, "kind": "Ne\u0077"}}"#).unwrap();
        assert_eq!(outer.inner.unwrap().kind, Some(Kind::Unknown("New".into())));
    }

    #[test]
    fn member_errors() {
        let error = crate::json::from_str::<Outer>(r#"{"name": "a", "name": "b"}"#).unwrap_err();
        // The path is that of the object holding the member.
        assert_eq!(error.to_string(), "duplicate field `name`");
        let error = crate::json::from_str::<Outer>(r#"{"inner": {"count": 1}, "inner": {}}"#).unwrap_err();
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
        let error = crate::json::from_str::<Outer>(r#"{"inner": {"kind": "Known"}}"#).unwrap_err();
        assert_eq!(error.to_string(), "inner: missing field `count`");
    }
}
