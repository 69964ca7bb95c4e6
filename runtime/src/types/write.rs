//! What generated `Serialize` impls of structures share: writing a structure as a struct of
//! its body members, optional members that are absent left out.
//!
//! A generated structure says only what is its own: [`WriteMembers::write_members`] hands each
//! body member to a [`MemberSink`] with one call, which names its wire name and field and how
//! the field holds it (`value`, `optional`, and `_as` with an adapter). Everything else (the
//! count of members a serializer is told first, the struct itself, the first error) is here,
//! once, where serde's derive writes all of it out for every structure: in a crate of
//! hundreds of structures that was about half of what the compiler spent on their types.

use serde::ser::{Serialize, SerializeStruct, Serializer};
use serde_with::SerializeAs;
use serde_with::ser::SerializeAsWrap;

/// A structure that generated code writes member by member, through [`write_struct`].
pub trait WriteMembers {
    /// The structure's name, as a serializer that names structs takes it.
    const NAME: &'static str;

    /// Hands each member of the body to `out`, in the model's order.
    fn write_members<W: MemberSink>(&self, out: &mut W);
}

/// What members are written to: once to count those present, then to the serializer.
///
/// Each call writes one member or leaves it out; none returns an error. The first error of
/// the serializer is kept, every later member is passed over, and [`write_struct`] returns it.
pub trait MemberSink {
    /// Writes a member's value under its wire name.
    fn value<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T);

    /// Leaves a member out: an optional member that is absent.
    fn skip(&mut self, key: &'static str);

    /// Writes a member's value with the adapter `A` (a timestamp's format, base64, a float
    /// that may be `NaN`).
    #[inline]
    fn value_as<A: SerializeAs<T> + ?Sized, T: ?Sized>(&mut self, key: &'static str, value: &T) {
        self.value(key, &SerializeAsWrap::<T, A>::new(value));
    }

    /// Writes an optional member if it has a value (as an `Option`, the way serde's derive
    /// writes it), and leaves it out if not.
    #[inline]
    fn optional<T: Serialize>(&mut self, key: &'static str, value: &Option<T>) {
        if value.is_some() { self.value(key, value) } else { self.skip(key) }
    }

    /// [`optional`](Self::optional) with the adapter `A` for the value.
    #[inline]
    fn optional_as<A: SerializeAs<T>, T>(&mut self, key: &'static str, value: &Option<T>) {
        if value.is_some() { self.value_as::<Option<A>, Option<T>>(key, value) } else { self.skip(key) }
    }
}

/// `Serialize` for a structure that implements [`WriteMembers`], through [`write_struct`].
/// `serialize_struct!(Finding);`, or `serialize_struct!(Finding<'a>);` for a structure that
/// borrows from the body, where serde's derive would write the impl out. Generated code calls
/// it through [`serde_struct!`](crate::serde_struct), with `Deserialize`. (The impl names only
/// the structure, and allows `deprecated` as `deserialize_struct!` does.)
#[macro_export]
macro_rules! serialize_struct {
    ($name:ident) => {
        $crate::serialize_struct!(@impl [] $name);
    };
    ($name:ident < $lifetime:lifetime >) => {
        $crate::serialize_struct!(@impl [$lifetime] $name<$lifetime>);
    };
    (@impl [$($lifetime:lifetime)?] $ty:ty) => {
        #[allow(deprecated)]
        impl $(<$lifetime>)? ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                $crate::support::write_struct(self, serializer)
            }
        }
    };
}

/// Writes a structure as a struct of the members it has: serializers that need the number of
/// fields first (CBOR, bincode; serde_json for an empty one) are told it exactly.
pub fn write_struct<T: WriteMembers + ?Sized, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    let mut count = Count(0);
    value.write_members(&mut count);
    let mut fields = Fields { state: serializer.serialize_struct(T::NAME, count.0)?, error: None };
    value.write_members(&mut fields);
    match fields.error {
        Some(error) => Err(error),
        None => fields.state.end(),
    }
}

/// Counts the members present.
struct Count(usize);

impl MemberSink for Count {
    #[inline]
    fn value<T: Serialize + ?Sized>(&mut self, _: &'static str, _: &T) {
        self.0 += 1;
    }

    #[inline]
    fn skip(&mut self, _: &'static str) {}
}

/// Writes the members to the serializer's struct, until its first error.
struct Fields<S: SerializeStruct> {
    state: S,
    error: Option<S::Error>,
}

impl<S: SerializeStruct> MemberSink for Fields<S> {
    #[inline]
    fn value<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        if self.error.is_none()
            && let Err(error) = self.state.serialize_field(key, value)
        {
            self.error = Some(error);
        }
    }

    #[inline]
    fn skip(&mut self, key: &'static str) {
        if self.error.is_none()
            && let Err(error) = self.state.skip_field(key)
        {
            self.error = Some(error);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::adapters::EpochSeconds;
    use serde_test::{Token, assert_ser_tokens};

    /// A structure as generated code writes one.
    #[derive(Default)]
    struct Outer {
        name: Option<String>,
        count: i32,
        at: Option<jiff::Timestamp>,
        inner: Option<Box<Outer>>,
        /// Not in the body: bound to the URI, say.
        #[allow(dead_code)]
        label: String,
    }

    impl WriteMembers for Outer {
        const NAME: &'static str = "Outer";

        fn write_members<W: MemberSink>(&self, out: &mut W) {
            out.optional("name", &self.name);
            out.value("count", &self.count);
            out.optional_as::<EpochSeconds, _>("at", &self.at);
            out.optional("inner", &self.inner);
        }
    }

    crate::serialize_struct!(Outer);

    #[test]
    fn writes_the_members_present_in_order() {
        let value = Outer {
            name: Some("a".into()),
            count: 2,
            at: Some(jiff::Timestamp::from_second(1_700_000_000).unwrap()),
            inner: Some(Box::new(Outer { count: -1, ..Outer::default() })),
            label: "not written".into(),
        };
        assert_eq!(
            serde_json::to_string(&value).unwrap(),
            r#"{"name":"a","count":2,"at":1700000000,"inner":{"count":-1}}"#
        );
    }

    #[test]
    fn the_serializer_is_told_how_many_members_are_present() {
        let value = Outer { name: Some("a".into()), count: 1, ..Outer::default() };
        assert_ser_tokens(
            &value,
            &[
                Token::Struct { name: "Outer", len: 2 },
                Token::Str("name"),
                Token::Some,
                Token::Str("a"),
                Token::Str("count"),
                Token::I32(1),
                Token::StructEnd,
            ],
        );
        // serde_json writes `{}` at once for a struct told it has no fields: the count must
        // be exact.
        assert_eq!(serde_json::to_string(&Outer::default()).unwrap(), r#"{"count":0}"#);
    }

    /// A value that fails to write, or counts how often it is written.
    struct Probe<'a> {
        fails: bool,
        written: &'a std::cell::Cell<usize>,
    }

    impl Serialize for Probe<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            self.written.set(self.written.get() + 1);
            if self.fails {
                return Err(serde::ser::Error::custom("cannot write this"));
            }
            serializer.serialize_unit()
        }
    }

    struct Probes<'a>(Probe<'a>, Probe<'a>, Probe<'a>);

    impl WriteMembers for Probes<'_> {
        const NAME: &'static str = "Probes";

        fn write_members<W: MemberSink>(&self, out: &mut W) {
            out.value("first", &self.0);
            out.value("second", &self.1);
            out.value("third", &self.2);
        }
    }

    crate::serialize_struct!(Probes<'a>);

    #[test]
    fn the_first_error_is_returned_and_later_members_are_passed_over() {
        let (first, second, third) = Default::default();
        let probe = |fails, written| Probe { fails, written };
        let value = Probes(probe(false, &first), probe(true, &second), probe(true, &third));
        let error = serde_json::to_string(&value).unwrap_err();
        assert_eq!(error.to_string(), "cannot write this");
        assert_eq!((first.get(), second.get(), third.get()), (1, 1, 0));
    }
}
