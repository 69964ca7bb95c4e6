//! What generated enums share: the impls that follow from a string enum's wire string, or an
//! integer enum's wire number.
//!
//! A generated enum says only what is its own: its variants (and `Unknown`, which keeps a value
//! the model does not list), `VALUES`, the wire value of each variant (`as_str` or `value`),
//! and the variant of each wire value (`From<&str>` or `From<i32>`). One call of
//! [`string_enum!`](crate::string_enum) or [`int_enum!`](crate::int_enum) adds the rest:
//! comparison, hashing and order by the wire value, conversions, `Default`, and serde as the
//! wire value.
//!
//! The macros name the variant that keeps an unlisted value `Unknown`, as generated code does.

/// The impls of a generated string enum `$name`, from what it defines itself: `as_str(&self)
/// -> &str`, `From<&str>`, and an `Unknown(String)` variant for a value the model does not
/// list.
///
/// - `From<String>` (keeping the string for an unlisted value rather than copying it),
///   `FromStr` (infallible), `AsRef<str>` and `Display` (the wire string);
/// - `PartialEq`, `Eq`, `Hash`, `PartialOrd` and `Ord` by the wire string, so that a value
///   read before a model listed it equals the variant a later model gives it;
/// - `Default`: the empty value in `Unknown`, what a response that omits a required member of
///   this type reads as;
/// - `Serialize` and `Deserialize` as the wire string (reading a listed value allocates
///   nothing).
///
/// `Debug` is the enum's own (derived, or redacted for a sensitive enum). The impls allow
/// `deprecated`: a deprecated enum is the model's business, not theirs.
#[macro_export]
macro_rules! string_enum {
    ($name:ident) => {
        #[allow(deprecated)]
        const _: () = {
            impl ::std::convert::From<::std::string::String> for $name {
                #[inline]
                fn from(value: ::std::string::String) -> Self {
                    match Self::from(value.as_str()) {
                        Self::Unknown(_) => Self::Unknown(value),
                        known => known,
                    }
                }
            }

            impl ::std::str::FromStr for $name {
                type Err = ::std::convert::Infallible;

                #[inline]
                fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                    ::std::result::Result::Ok(Self::from(value))
                }
            }

            impl ::std::convert::AsRef<str> for $name {
                #[inline]
                fn as_ref(&self) -> &str {
                    self.as_str()
                }
            }

            impl ::std::fmt::Display for $name {
                #[inline]
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }

            $crate::wire_value!(
                $name,
                as_str,
                serialize_str,
                deserialize_str,
                EnumVisitor,
                "Values are equal when their wire strings are."
            );

            impl ::std::cmp::PartialOrd for $name {
                #[inline]
                fn partial_cmp(&self, other: &Self) -> ::std::option::Option<::std::cmp::Ordering> {
                    ::std::option::Option::Some(::std::cmp::Ord::cmp(self, other))
                }
            }

            /// Ordered by wire string.
            impl ::std::cmp::Ord for $name {
                #[inline]
                fn cmp(&self, other: &Self) -> ::std::cmp::Ordering {
                    self.as_str().cmp(other.as_str())
                }
            }

            /// The empty value, in `Unknown`: what a response that omits a required member of
            /// this type reads as.
            impl ::std::default::Default for $name {
                #[inline]
                fn default() -> Self {
                    Self::Unknown(::std::string::String::new())
                }
            }
        };
    };
}

/// The impls of a generated integer enum `$name`, from what it defines itself: `value(&self)
/// -> i32`, `From<i32>`, and an `Unknown(i32)` variant for a value the model does not list.
///
/// - `PartialEq`, `Eq` and `Hash` by the wire number;
/// - `Default`: zero, what a response that omits a required member of this type reads as;
/// - `Serialize` and `Deserialize` as the wire number (a number outside `i32` is an error).
///
/// The impls allow `deprecated`, as [`string_enum!`](crate::string_enum)'s do.
#[macro_export]
macro_rules! int_enum {
    ($name:ident) => {
        #[allow(deprecated)]
        const _: () = {
            $crate::wire_value!(
                $name,
                value,
                serialize_i32,
                deserialize_i32,
                IntEnumVisitor,
                "Values are equal when their wire numbers are."
            );

            /// Zero, what a response that omits a required member of this type reads as.
            impl ::std::default::Default for $name {
                #[inline]
                fn default() -> Self {
                    Self::from(0)
                }
            }
        };
    };
}

/// What follows from an enum's wire value, `self.$wire()`, for
/// [`string_enum!`](crate::string_enum) and [`int_enum!`](crate::int_enum), one rule for both:
/// `PartialEq`, `Eq` and `Hash` by it, `Serialize` as it (`$serialize`), and `Deserialize`
/// from it (`$deserialize`, with the support module's `$visitor`).
#[doc(hidden)]
#[macro_export]
macro_rules! wire_value {
    ($name:ident, $wire:ident, $serialize:ident, $deserialize:ident, $visitor:ident, $doc:literal) => {
        #[doc = $doc]
        impl ::std::cmp::PartialEq for $name {
            #[inline]
            fn eq(&self, other: &Self) -> bool {
                self.$wire() == other.$wire()
            }
        }

        impl ::std::cmp::Eq for $name {}

        impl ::std::hash::Hash for $name {
            #[inline]
            fn hash<H: ::std::hash::Hasher>(&self, state: &mut H) {
                ::std::hash::Hash::hash(&self.$wire(), state);
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.$serialize(self.$wire())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                deserializer.$deserialize($crate::support::$visitor(::std::marker::PhantomData))
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    /// A string enum as generated code defines one.
    #[derive(Clone, Debug)]
    enum Status {
        Enabled,
        Disabled,
        Unknown(String),
    }

    impl Status {
        fn as_str(&self) -> &str {
            match self {
                Self::Enabled => "ENABLED",
                Self::Disabled => "DISABLED",
                Self::Unknown(value) => value,
            }
        }
    }

    impl From<&str> for Status {
        fn from(value: &str) -> Self {
            match value {
                "ENABLED" => Self::Enabled,
                "DISABLED" => Self::Disabled,
                other => Self::Unknown(other.to_owned()),
            }
        }
    }

    crate::string_enum!(Status);

    /// An integer enum as generated code defines one.
    #[derive(Clone, Copy, Debug)]
    enum Level {
        Low,
        High,
        Unknown(i32),
    }

    impl Level {
        fn value(&self) -> i32 {
            match self {
                Self::Low => 1,
                Self::High => 2,
                Self::Unknown(value) => *value,
            }
        }
    }

    impl From<i32> for Level {
        fn from(value: i32) -> Self {
            match value {
                1 => Self::Low,
                2 => Self::High,
                other => Self::Unknown(other),
            }
        }
    }

    crate::int_enum!(Level);

    #[test]
    fn a_string_enum_compares_hashes_and_orders_by_its_wire_string() {
        // An unlisted value that a later model lists equals its variant.
        assert_eq!(Status::Unknown("ENABLED".to_owned()), Status::Enabled);
        assert_ne!(Status::Enabled, Status::Disabled);
        let set: HashSet<Status> = [Status::Enabled, Status::Unknown("ENABLED".to_owned())].into();
        assert_eq!(set.len(), 1);
        let mut values = [Status::Enabled, Status::Unknown("ARCHIVED".to_owned()), Status::Disabled];
        values.sort();
        let order: Vec<&str> = values.iter().map(Status::as_str).collect();
        assert_eq!(order, ["ARCHIVED", "DISABLED", "ENABLED"]);
    }

    #[test]
    fn a_string_enum_converts_from_and_to_its_wire_string() {
        assert!(matches!(Status::from("DISABLED".to_owned()), Status::Disabled));
        // The string an unlisted value came in is kept, not copied.
        let owned = String::from("ARCHIVED");
        let pointer = owned.as_ptr();
        match Status::from(owned) {
            Status::Unknown(kept) => assert_eq!(kept.as_ptr(), pointer),
            other => panic!("not kept as unknown: {other:?}"),
        }
        assert!(matches!("ENABLED".parse::<Status>(), Ok(Status::Enabled)));
        assert_eq!(Status::Enabled.to_string(), "ENABLED");
        assert_eq!(AsRef::<str>::as_ref(&Status::Disabled), "DISABLED");
        assert!(matches!(Status::default(), Status::Unknown(empty) if empty.is_empty()));
    }

    #[test]
    fn a_string_enum_travels_as_its_wire_string() {
        let read: Vec<Status> = serde_json::from_str(r#"["ENABLED", "ARCHIVED"]"#).unwrap();
        assert!(matches!(&read[..], [Status::Enabled, Status::Unknown(value)] if value == "ARCHIVED"));
        assert_eq!(serde_json::to_string(&read).unwrap(), r#"["ENABLED","ARCHIVED"]"#);
        // An escaped string arrives owned, and reads the same.
        let escaped: Status = serde_json::from_str(r#""EN\u0041BLED""#).unwrap();
        assert_eq!(escaped, Status::Enabled);
        assert!(serde_json::from_str::<Status>("1").is_err());
    }

    #[test]
    fn an_int_enum_compares_and_travels_as_its_wire_number() {
        assert_eq!(Level::Unknown(2), Level::High);
        assert_eq!(Level::default(), Level::Unknown(0));
        let set: HashSet<Level> = [Level::Low, Level::Unknown(1)].into();
        assert_eq!(set.len(), 1);
        let read: Vec<Level> = serde_json::from_str("[1, 7]").unwrap();
        assert!(matches!(&read[..], [Level::Low, Level::Unknown(7)]));
        assert_eq!(serde_json::to_string(&read).unwrap(), "[1,7]");
        assert!(serde_json::from_str::<Level>("4294967296").is_err());
        assert!(serde_json::from_str::<Level>(r#""1""#).is_err());
    }
}
