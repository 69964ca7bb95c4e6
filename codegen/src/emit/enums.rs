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

/// A string enum: variants, `as_str`, the variant of a string; the runtime's `string_enum!`
/// adds the rest (conversions, comparison by wire string, serde as the wire string).
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
    let rt = super::runtime::crate_path();
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

        #debug

        #rt::string_enum!(#name);
    }
}

/// An integer enum: variants, `value`, the variant of a number; the runtime's `int_enum!` adds
/// the rest (comparison by number, serde as the number).
pub(super) fn emit_int(cx: &Context, shape: &Shape, values: &[IntEnumValue]) -> TokenStream {
    let name = cx.type_ident(&shape.name);
    let variants: Vec<_> = cx.names.variants(&shape.name).iter().map(|v| v.ident()).collect();
    let numbers: Vec<i32> = values.iter().map(|v| v.value).collect();
    let docs = doc_lines(&enum_docs(shape));
    let deprecated = deprecated_attr(shape.deprecated.as_ref());
    let unknown = format_ident!("{UNKNOWN_VARIANT}");
    let rt = super::runtime::crate_path();
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

        #rt::int_enum!(#name);
    }
}
