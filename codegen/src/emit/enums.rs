//! String and integer enums, forward compatible: a value the model does not list is kept in
//! `Unknown`, reads without error and writes back unchanged.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Context, deprecated_attr, doc_lines, doc_or, push_paragraph};
use crate::docs::{code_span, code_span_exact};
use crate::model::{EnumValue, IntEnumValue, Shape};
use crate::names::UNKNOWN_VARIANT;

fn enum_docs(shape: &Shape) -> Vec<String> {
    let mut lines = doc_or(shape.documentation.as_deref(), || format!("Values of {}.", code_span(&shape.name)));
    push_paragraph(
        &mut lines,
        format!(
            "A value this model does not list is kept in `{UNKNOWN_VARIANT}`: it reads without error and writes back unchanged. Match the variants you handle and leave the rest to a wildcard arm, so that code keeps working when a later model gives such a value a variant of its own."
        ),
    );
    lines
}

/// A string enum: variants, `as_str`, conversions from strings, serde as the wire string.
pub(super) fn emit_string(cx: &Context, shape: &Shape, values: &[EnumValue]) -> TokenStream {
    let name = cx.type_ident(&shape.name);
    let variants: Vec<_> = cx.names.variants(&shape.name).iter().map(|v| v.ident()).collect();
    let wire: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
    let docs = doc_lines(&enum_docs(shape));
    let deprecated = deprecated_attr(shape.deprecated.as_ref());
    let unknown = format_ident!("{UNKNOWN_VARIANT}");
    let variant_items = values.iter().zip(&variants).map(|(value, variant)| {
        let docs = doc_lines(&doc_or(value.documentation.as_deref(), || {
            if value.value.is_empty() { "The empty string.".to_owned() } else { code_span_exact(&value.value) }
        }));
        let deprecated = deprecated_attr(value.deprecated.as_ref());
        quote! {
            #docs
            #deprecated
            #variant,
        }
    });
    let support = format_ident!("{}", super::runtime::MODULE);
    let redact = shape.sensitive;
    let debug = if redact {
        quote! {
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(#support::REDACTED)
                }
            }
        }
    } else {
        TokenStream::new()
    };
    let debug_derive = if redact { TokenStream::new() } else { quote!(Debug,) };
    quote! {
        #docs
        #deprecated
        #[derive(Clone, #debug_derive)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_items)*
            /// A value this model does not list, kept as received.
            #unknown(::std::string::String),
        }

        impl #name {
            /// Every value the model lists, in model order.
            pub const VALUES: &'static [&'static str] = &[#(#wire),*];

            /// The value as it is on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #wire,)*
                    Self::#unknown(value) => value,
                }
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#wire => Self::#variants,)*
                    other => Self::#unknown(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                match Self::from(value.as_str()) {
                    // Keeps the string it was given rather than copy it.
                    Self::#unknown(_) => Self::#unknown(value),
                    known => known,
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::convert::AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #debug

        /// Values are equal when their wire strings are.
        impl ::std::cmp::PartialEq for #name {
            fn eq(&self, other: &Self) -> bool {
                self.as_str() == other.as_str()
            }
        }

        impl ::std::cmp::Eq for #name {}

        impl ::std::hash::Hash for #name {
            fn hash<H: ::std::hash::Hasher>(&self, state: &mut H) {
                self.as_str().hash(state);
            }
        }

        impl ::std::cmp::PartialOrd for #name {
            fn partial_cmp(&self, other: &Self) -> ::std::option::Option<::std::cmp::Ordering> {
                ::std::option::Option::Some(self.cmp(other))
            }
        }

        /// Ordered by wire string.
        impl ::std::cmp::Ord for #name {
            fn cmp(&self, other: &Self) -> ::std::cmp::Ordering {
                self.as_str().cmp(other.as_str())
            }
        }

        /// The empty value, in `Unknown`: what a response that omits a required member of
        /// this type reads as.
        impl ::std::default::Default for #name {
            fn default() -> Self {
                Self::#unknown(::std::string::String::new())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                deserializer.deserialize_str(#support::EnumVisitor(::std::marker::PhantomData))
            }
        }
    }
}

/// An integer enum: variants, `value`, conversion from `i32`, serde as the number.
pub(super) fn emit_int(cx: &Context, shape: &Shape, values: &[IntEnumValue]) -> TokenStream {
    let name = cx.type_ident(&shape.name);
    let variants: Vec<_> = cx.names.variants(&shape.name).iter().map(|v| v.ident()).collect();
    let numbers: Vec<i32> = values.iter().map(|v| v.value).collect();
    let docs = doc_lines(&enum_docs(shape));
    let deprecated = deprecated_attr(shape.deprecated.as_ref());
    let unknown = format_ident!("{UNKNOWN_VARIANT}");
    let support = format_ident!("{}", super::runtime::MODULE);
    let variant_items = values.iter().zip(&variants).map(|(value, variant)| {
        let docs = doc_lines(&doc_or(value.documentation.as_deref(), || format!("`{}`", value.value)));
        quote! {
            #docs
            #variant,
        }
    });
    quote! {
        #docs
        #deprecated
        #[derive(Clone, Copy, Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_items)*
            /// A value this model does not list, kept as received.
            #unknown(i32),
        }

        impl #name {
            /// Every value the model lists, in model order.
            pub const VALUES: &'static [i32] = &[#(#numbers),*];

            /// The value as it is on the wire.
            pub fn value(&self) -> i32 {
                match self {
                    #(Self::#variants => #numbers,)*
                    Self::#unknown(value) => *value,
                }
            }
        }

        impl ::std::convert::From<i32> for #name {
            fn from(value: i32) -> Self {
                match value {
                    #(#numbers => Self::#variants,)*
                    other => Self::#unknown(other),
                }
            }
        }

        /// Values are equal when their wire numbers are.
        impl ::std::cmp::PartialEq for #name {
            fn eq(&self, other: &Self) -> bool {
                self.value() == other.value()
            }
        }

        impl ::std::cmp::Eq for #name {}

        impl ::std::hash::Hash for #name {
            fn hash<H: ::std::hash::Hasher>(&self, state: &mut H) {
                self.value().hash(state);
            }
        }

        /// Zero, what a response that omits a required member of this type reads as.
        impl ::std::default::Default for #name {
            fn default() -> Self {
                Self::from(0)
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i32(self.value())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                deserializer.deserialize_i32(#support::IntEnumVisitor(::std::marker::PhantomData))
            }
        }
    }
}
