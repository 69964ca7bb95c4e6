//! Builders: one per structure, in the `builders` module, whose `build()` fails naming the
//! first required member not set.
//!
//! A builder holds the structure it builds (`value`, made by its `Default`) and sets optional
//! and defaulted members straight into it; only required members, which the structure holds
//! without an `Option`, have fields of their own until `build()`. So a member added to a model
//! adds its two setters to the builder, and nothing else.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::super::defaults::DefaultValue;
use super::super::types::Scope;
use super::super::{Context, Lifetime, deprecated_attr};
use super::{Field, Holding};
use crate::docs::code_span;
use crate::model::Shape;

/// The builder of one structure, for the `builders` module.
pub(super) fn builder(
    shape: &Shape,
    name: &proc_macro2::Ident,
    builder_name: &proc_macro2::Ident,
    lifetime: Lifetime,
    fields: &[Field],
    custom_debug: bool,
) -> TokenStream {
    let params = lifetime.params();
    let allow_complexity = lifetime.allow_complexity();
    let name_str = name.to_string();
    let doc = format!(" A builder for [`{name_str}`](super::{name_str}).");
    let required: Vec<&Field> = fields.iter().filter(|f| matches!(f.holding, Holding::Required)).collect();
    // The field holding the structure: `value`, unless a required member's field has that name
    // (then `value_2`, and so on).
    let taken: Vec<String> = required.iter().map(|f| f.ident.to_string()).collect();
    let (mut value, mut n) = (String::from("value"), 1);
    while taken.contains(&value) {
        n += 1;
        value = format!("value_{n}");
    }
    let value = format_ident!("{value}");
    // A structure whose members are all required (or that has none) is built from the
    // builder's fields alone.
    let holds_value = required.len() < fields.len();
    let value_field = holds_value.then(|| quote!(#value: super::#name #params,));
    let rest = holds_value.then(|| quote!(..self.#value));
    let storage = required.iter().map(|f| {
        let ident = &f.ident;
        let ty = &f.unboxed_builder;
        quote!(#ident: Option<#ty>,)
    });
    let setters = fields.iter().map(|f| {
        let (ident, fluent, set, ty) = (&f.ident, &f.fluent, &f.set, &f.unboxed_builder);
        let member = code_span(&f.member.name);
        let fluent_doc = format!(" Sets {}{}.", member, if f.member.required { " (required)" } else { "" });
        let deprecated = deprecated_attr(f.member.deprecated.as_ref());
        let assign = match (&f.holding, f.boxed) {
            (Holding::Required, _) => quote!(self.#ident = input),
            (Holding::Optional, false) => quote!(self.#value.#ident = input),
            (Holding::Optional, true) => quote!(self.#value.#ident = input.map(Box::new)),
            (Holding::Defaulted(default), boxed) => {
                let read = match default {
                    DefaultValue::Zero => quote!(input.unwrap_or_default()),
                    default => {
                        let function = default.function(Scope::Builders);
                        quote!(input.unwrap_or_else(#function))
                    }
                };
                let read = if boxed { quote!(Box::new(#read)) } else { read };
                quote!(self.#value.#ident = #read)
            }
        };
        let set_doc = match f.holding {
            Holding::Defaulted(_) => format!(" Sets {member}, or with `None` its default."),
            _ => format!(" Sets or clears {member}."),
        };
        quote! {
            #[doc = #fluent_doc]
            #deprecated
            pub fn #fluent(self, input: impl Into<#ty>) -> Self {
                self.#set(Some(input.into()))
            }

            #[doc = #set_doc]
            #deprecated
            pub fn #set(mut self, input: Option<#ty>) -> Self {
                #assign;
                self
            }
        }
    });
    let shape_str = &shape.name;
    let build = if required.is_empty() {
        let doc = format!(" Builds the `{name_str}`.");
        let built = if holds_value { quote!(self.#value) } else { quote!(super::#name {}) };
        quote! {
            #[doc = #doc]
            pub fn build(self) -> super::#name #params {
                #built
            }
        }
    } else {
        let inits = required.iter().map(|f| {
            let ident = &f.ident;
            let member_str = &f.member.name;
            let unset = quote!(self.#ident.ok_or(BuildError { shape: #shape_str, member: #member_str })?);
            if f.boxed { quote!(#ident: Box::new(#unset),) } else { quote!(#ident: #unset,) }
        });
        let doc = format!(
            " Builds the `{name_str}`, or fails with the first required member (in model order) that is not set."
        );
        quote! {
            #[doc = #doc]
            pub fn build(self) -> Result<super::#name #params, BuildError> {
                Ok(super::#name {
                    #(#inits)*
                    #rest
                })
            }
        }
    };
    let debug_derive = if custom_debug { TokenStream::new() } else { quote!(Debug,) };
    let debug_impl = if custom_debug {
        // The structure's own `Debug` redacts what it must; so do the required members' fields.
        let support = format_ident!("{}", super::super::runtime::MODULE);
        let label = format!("{name_str}Builder");
        let value_label = value.to_string();
        let value_entry = holds_value.then(|| quote!(.field(#value_label, &self.#value)));
        let entries = required.iter().map(|field| {
            let ident = &field.ident;
            let label = &field.debug_name;
            if field.sensitive || shape.sensitive {
                quote!(.field(#label, &super::#support::REDACTED))
            } else {
                quote!(.field(#label, &self.#ident))
            }
        });
        quote! {
            impl #params ::std::fmt::Debug for #builder_name #params {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.debug_struct(#label) #value_entry #(#entries)* .finish()
                }
            }
        }
    } else {
        TokenStream::new()
    };
    quote! {
        #[doc = #doc]
        #[derive(Clone, #debug_derive Default)]
        #allow_complexity
        pub struct #builder_name #params {
            #value_field
            #(#storage)*
        }

        #allow_complexity
        impl #params #builder_name #params {
            #(#setters)*
            #build
        }

        #debug_impl
    }
}

/// The error `build()` returns when a required member is not set.
pub(in crate::emit) fn build_error(cx: &Context) -> TokenStream {
    // Borrowed strings are `Cow`s, by that name.
    let cow = if cx.borrowed_strings() { quote!(borrow::Cow,) } else { TokenStream::new() };
    quote! {
        // Builders are the only items here, and they end in `Builder`: these names cannot be
        // shadowed, and keep the code short. (Imported, not taken from the prelude, so that a
        // module without the prelude can hold the file.)
        #[allow(unused_imports)]
        use ::std::{#cow boxed::Box, collections::HashMap, convert::Into, option::Option::{self, Some}, result::Result::{self, Ok}, string::String, vec::Vec};

        /// A required member was not set when building a value.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct BuildError {
            shape: &'static str,
            member: &'static str,
        }

        impl BuildError {
            /// The model name of the structure being built.
            pub fn shape(&self) -> &'static str {
                self.shape
            }

            /// The model name of the member that was not set.
            pub fn member(&self) -> &'static str {
                self.member
            }
        }

        impl ::std::fmt::Display for BuildError {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.shape)?;
                f.write_str(".")?;
                f.write_str(self.member)?;
                f.write_str(" is required but was not set")
            }
        }

        impl ::std::error::Error for BuildError {}
    }
}
