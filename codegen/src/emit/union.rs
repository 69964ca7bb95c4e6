//! Unions: a Rust enum with one variant per member. On the wire, an object with exactly one
//! member set; a member the model does not list is kept in `Unknown` with its name and value.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::types::Scope;
use super::{Context, deprecated_attr, doc_lines, doc_or, push_paragraph};
use crate::docs::code_span;
use crate::error::Error;
use crate::model::{Member, Shape};
use crate::names::UNKNOWN_VARIANT;

pub(super) fn emit(cx: &Context, shape: &Shape, members: &[Member]) -> Result<TokenStream, Error> {
    let name = cx.type_ident(&shape.name);
    let model_name = shape.name.as_str();
    let variants: Vec<_> = cx.names.members(&shape.name).iter().map(|v| v.ident()).collect();
    let unknown = format_ident!("{UNKNOWN_VARIANT}");
    let support = format_ident!("{}", super::runtime::MODULE);
    let lifetime = cx.lifetime(&shape.name);
    let params = lifetime.params();
    let de_params = lifetime.de_params();
    let (visitor, new_visitor) = lifetime.visitor();
    let ty_name = quote!(#name #params);

    let mut docs = doc_or(shape.documentation.as_deref(), || format!("The {} union.", code_span(&shape.name)));
    push_paragraph(
        &mut docs,
        "A union: exactly one member is set. On the wire, an object with that one member.".to_owned(),
    );
    if shape.event_stream {
        push_paragraph(
            &mut docs,
            "The events of an event stream: an output holds them as `Events` of this union, which a client reads message by message into its variants (`EventStream`); an exception of the stream is an error of its reading, and an event type the model does not list is `Unknown`.".to_owned(),
        );
    }
    let docs = doc_lines(&docs);
    let deprecated = deprecated_attr(shape.deprecated.as_ref());

    let mut variant_items = Vec::new();
    let mut ser_arms = Vec::new();
    let mut de_arms = Vec::new();
    let mut debug_arms = Vec::new();
    let mut any_sensitive = shape.sensitive;
    for (member, variant) in members.iter().zip(&variants) {
        let value = cx.value_type(member, Scope::Root);
        let boxed = cx.selection.is_boxed(&shape.name, &member.name);
        let ty = &value.ty;
        let ty = if boxed { quote!(::std::boxed::Box<#ty>) } else { quote!(#ty) };
        let member_docs =
            doc_lines(&doc_or(member.documentation.as_deref(), || format!("The {} member.", code_span(&member.name))));
        let member_deprecated = deprecated_attr(member.deprecated.as_ref());
        variant_items.push(quote! {
            #member_docs
            #member_deprecated
            #variant(#ty),
        });
        let wire = cx.model.json_key(member);
        match value.adapter.as_ref().filter(|a| !a.reads_only()) {
            None => ser_arms.push(quote!(Self::#variant(value) => map.serialize_entry(#wire, value)?,)),
            Some(adapter) => {
                let adapter = adapter.tokens(Scope::Root);
                ser_arms.push(quote! {
                    Self::#variant(value) => map.serialize_entry(#wire, &::serde_with::ser::SerializeAsWrap::<#ty, #adapter>::new(value))?,
                });
            }
        }
        match &value.adapter {
            None => de_arms.push(quote! {
                #wire => map.next_value::<::std::option::Option<#ty>>()?.map(#name::#variant),
            }),
            Some(adapter) => {
                let adapter = adapter.tokens(Scope::Root);
                // The value's type is the variant's, inferred: a borrowed string is read with
                // the body's lifetime, which outlives the variant's.
                de_arms.push(quote! {
                    #wire => map
                        .next_value::<::std::option::Option<::serde_with::de::DeserializeAsWrap<_, #adapter>>>()?
                        .map(|value| #name::#variant(value.into_inner())),
                });
            }
        }
        let label = variant.to_string();
        let sensitive = cx.model.is_sensitive(member);
        any_sensitive |= sensitive;
        if sensitive || shape.sensitive {
            debug_arms.push(quote!(Self::#variant(_) => f.debug_tuple(#label).field(&#support::REDACTED).finish(),));
        } else {
            debug_arms.push(quote!(Self::#variant(value) => f.debug_tuple(#label).field(value).finish(),));
        }
    }

    let (debug_derive, debug_impl) = if any_sensitive {
        let unknown_label = UNKNOWN_VARIANT;
        (
            TokenStream::new(),
            quote! {
                        impl #params ::std::fmt::Debug for #ty_name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        match self {
                            #(#debug_arms)*
                            Self::#unknown { name, .. } => f
                                .debug_struct(#unknown_label)
                                .field("name", name)
                                .field("value", &#support::REDACTED)
                                .finish(),
                        }
                    }
                }
            },
        )
    } else {
        (quote!(Debug,), TokenStream::new())
    };

    let event_impl = super::events::event_stream_impl(cx, shape, members)?;
    let event_input_impl = super::events::event_input_impl(cx, shape, members)?;
    let expecting = format!("union {model_name}: an object with exactly one member set");
    let none_set = format!("union {model_name} has no member set");
    let two_set = format!("union {model_name} has more than one member set");
    Ok(quote! {
        #docs
        #deprecated
        #[derive(Clone, #debug_derive PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum #ty_name {
            #(#variant_items)*
            /// A member this model does not list, kept as received.
            #unknown {
                /// The member's name on the wire.
                name: ::std::string::String,
                /// The member's value.
                value: ::serde_json::Value,
            },
        }

        /// An empty `Unknown`: what a response that omits a required member of this type
        /// reads as.
        impl #params ::std::default::Default for #ty_name {
            fn default() -> Self {
                Self::#unknown { name: ::std::string::String::new(), value: ::serde_json::Value::Null }
            }
        }

        #debug_impl

        #event_impl

        #event_input_impl

        impl #params ::serde::Serialize for #ty_name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap as _;
                let mut map = serializer.serialize_map(::std::option::Option::Some(1))?;
                match self {
                    #(#ser_arms)*
                    Self::#unknown { name, value } => map.serialize_entry(name, value)?,
                }
                map.end()
            }
        }

        impl #de_params ::serde::Deserialize<'de> for #ty_name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                #visitor

                impl #de_params ::serde::de::Visitor<'de> for __Visitor #params {
                    type Value = #ty_name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(#expecting)
                    }

                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> ::std::result::Result<#ty_name, A::Error> {
                        let mut found: ::std::option::Option<#ty_name> = ::std::option::Option::None;
                        while let ::std::option::Option::Some(key) = map.next_key::<::std::string::String>()? {
                            let value = match key.as_str() {
                                #(#de_arms)*
                                // A type tag some JSON protocols add; not a member.
                                "__type" => {
                                    map.next_value::<::serde::de::IgnoredAny>()?;
                                    ::std::option::Option::None
                                }
                                _ => match map.next_value::<::serde_json::Value>()? {
                                    ::serde_json::Value::Null => ::std::option::Option::None,
                                    value => ::std::option::Option::Some(#name::#unknown { name: key, value }),
                                },
                            };
                            if let ::std::option::Option::Some(value) = value {
                                if found.is_some() {
                                    return ::std::result::Result::Err(::serde::de::Error::custom(#two_set));
                                }
                                found = ::std::option::Option::Some(value);
                            }
                        }
                        found.ok_or_else(|| ::serde::de::Error::custom(#none_set))
                    }
                }

                deserializer.deserialize_map(#new_visitor)
            }
        }
    })
}
