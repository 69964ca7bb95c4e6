//! Builders: one per structure, in the `builders` module, whose `build()` fails naming the
//! first required member not set.

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
    let storage = fields.iter().map(|f| {
        let ident = &f.ident;
        let ty = &f.unboxed_builder;
        quote!(#ident: Option<#ty>,)
    });
    let setters = fields.iter().map(|f| {
        let (ident, fluent, set, ty) = (&f.ident, &f.fluent, &f.set, &f.unboxed_builder);
        let member = code_span(&f.member.name);
        let fluent_doc = format!(" Sets {}{}.", member, if f.member.required { " (required)" } else { "" });
        let set_doc = format!(" Sets or clears {member}.");
        let deprecated = deprecated_attr(f.member.deprecated.as_ref());
        quote! {
            #[doc = #fluent_doc]
            #deprecated
            pub fn #fluent(mut self, input: impl Into<#ty>) -> Self {
                self.#ident = Some(input.into());
                self
            }

            #[doc = #set_doc]
            #deprecated
            pub fn #set(mut self, input: Option<#ty>) -> Self {
                self.#ident = input;
                self
            }
        }
    });
    let shape_str = &shape.name;
    let any_required = fields.iter().any(|f| matches!(f.holding, Holding::Required));
    let inits = fields.iter().map(|f| {
        let ident = &f.ident;
        let member_str = &f.member.name;
        let value = match (&f.holding, f.boxed) {
            (Holding::Required, false) => {
                quote!(self.#ident.ok_or(BuildError { shape: #shape_str, member: #member_str })?)
            }
            (Holding::Required, true) => {
                quote!(Box::new(self.#ident.ok_or(BuildError { shape: #shape_str, member: #member_str })?))
            }
            (Holding::Defaulted(DefaultValue::Zero), false) => quote!(self.#ident.unwrap_or_default()),
            (Holding::Defaulted(default), false) => {
                let function = default.function(Scope::Builders);
                quote!(self.#ident.unwrap_or_else(#function))
            }
            (Holding::Defaulted(default), true) => {
                let function = default.function(Scope::Builders);
                quote!(Box::new(self.#ident.unwrap_or_else(#function)))
            }
            (Holding::Optional, false) => quote!(self.#ident),
            (Holding::Optional, true) => quote!(self.#ident.map(Box::new)),
        };
        quote!(#ident: #value,)
    });
    let build = if any_required {
        let doc = format!(
            " Builds the `{name_str}`, or fails with the first required member (in model order) that is not set."
        );
        quote! {
            #[doc = #doc]
            pub fn build(self) -> Result<super::#name #params, BuildError> {
                Ok(super::#name {
                    #(#inits)*
                })
            }
        }
    } else {
        let doc = format!(" Builds the `{name_str}`.");
        quote! {
            #[doc = #doc]
            pub fn build(self) -> super::#name #params {
                super::#name {
                    #(#inits)*
                }
            }
        }
    };
    let debug_derive = if custom_debug { TokenStream::new() } else { quote!(Debug,) };
    let debug_impl = if custom_debug {
        let support = format_ident!("{}", super::super::runtime::MODULE);
        let label = format!("{name_str}Builder");
        let entries = fields.iter().map(|field| {
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
                    f.debug_struct(#label) #(#entries)* .finish()
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
