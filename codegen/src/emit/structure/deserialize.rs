//! A structure's `Deserialize`, written out instead of derived.
//!
//! serde's derive reads a struct from a map or from a sequence of its fields in order, keeps
//! one `Option` per field on the stack, and generates a field enum with its own visitor; for a
//! crate of hundreds of structures that is most of what the compiler spends on it. Here a
//! struct is read from an object only (the wire has no other form for it), in place: into a
//! `Default` value, with `Deserialize::deserialize_in_place`, and a member that is an optional
//! structure into its own field, so that nested structures are never moved up level by level.
//! The key is matched as borrowed text, a member seen twice is an error, an unknown one is
//! skipped, and under strict settings a missing required member is an error. The struct's
//! serde attributes say only how to write it; `Serialize` is derived from them.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::super::defaults::DefaultValue;
use super::super::types::{Adapter, Scope};
use super::super::{Context, Lifetime};
use super::{Field, Holding};
use crate::model::ShapeKind;
use crate::settings::RequiredMembers;

/// The `impl Deserialize` of the struct `name` with `fields` (every member, body or not).
pub(super) fn structure(cx: &Context, name: &proc_macro2::Ident, lifetime: Lifetime, fields: &[Field]) -> TokenStream {
    let params = lifetime.params();
    let de_params = lifetime.de_params();
    let ty = quote!(#name #params);
    let support = format_ident!("{}", super::super::runtime::MODULE);
    let name_str = name.to_string();
    let expecting = format!("struct {name_str}");
    let body: Vec<&Field> = fields.iter().filter(|f| f.member.binding.in_body()).collect();
    let wire: Vec<&str> = body.iter().map(|f| cx.model.json_key(f.member)).collect();

    let visit = if body.is_empty() {
        // Nothing to read: every key is skipped.
        quote! {
            let _ = self.0;
            while map.next_key::<::serde::de::IgnoredAny>()?.is_some() {
                map.next_value::<::serde::de::IgnoredAny>()?;
            }
            ::std::result::Result::Ok(())
        }
    } else {
        members(cx, &body, &wire, &support)
    };
    let (visitor, visitor_params) = lifetime.place_visitor(&ty);

    // Read in place: a member that is a structure is read straight into its field, and its
    // own members into theirs, instead of being built on the stack and moved up level by level.
    quote! {
        impl #de_params ::serde::Deserialize<'de> for #ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let mut value: Self = ::std::default::Default::default();
                ::serde::Deserialize::deserialize_in_place(deserializer, &mut value)?;
                ::std::result::Result::Ok(value)
            }

            fn deserialize_in_place<D: ::serde::Deserializer<'de>>(deserializer: D, place: &mut Self) -> ::std::result::Result<(), D::Error> {
                #visitor

                impl #de_params ::serde::de::Visitor<'de> for __Visitor #visitor_params {
                    type Value = ();

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(#expecting)
                    }

                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> ::std::result::Result<(), A::Error> {
                        #visit
                    }
                }

                *place = ::std::default::Default::default();
                deserializer.deserialize_map(__Visitor(place))
            }
        }
    }
}

/// The body of `visit_map` for a struct with members in the body: each read into the value
/// in place (`self.0`, reset to its `Default`), each at most once.
fn members(cx: &Context, body: &[&Field], wire: &[&str], support: &proc_macro2::Ident) -> TokenStream {
    // One flag per member, named after its field: a member added to the model adds lines to
    // this impl and changes none.
    let flags: Vec<proc_macro2::Ident> = body.iter().map(|f| format_ident!("seen_{}", f.debug_name)).collect();
    let arms = body.iter().zip(&flags).zip(wire).map(|((f, flag), wire)| {
        let ident = &f.ident;
        if in_place(cx, f) {
            return quote!(#wire => #support::optional_in_place(&mut map, &mut #flag, #wire, &mut value.#ident)?,);
        }
        let read = read_value(cx, f, flag, wire, support);
        quote!(#wire => value.#ident = #read,)
    });
    let missing = body.iter().zip(&flags).zip(wire).filter(|((f, _), _)| strict(cx, f)).map(|((_, flag), wire)| {
        quote! {
            if !#flag {
                return ::std::result::Result::Err(<A::Error as ::serde::de::Error>::missing_field(#wire));
            }
        }
    });

    quote! {
        let value = self.0;
        #(let mut #flags = false;)*
        while let ::std::option::Option::Some(key) = map.next_key_seed(#support::Text)? {
            match &*key {
                #(#arms)*
                _ => {
                    map.next_value::<::serde::de::IgnoredAny>()?;
                }
            }
        }
        #(#missing)*
        ::std::result::Result::Ok(())
    }
}

/// Whether the member is read in place: an optional structure, not boxed (a box is moved as
/// a pointer anyway).
fn in_place(cx: &Context, f: &Field) -> bool {
    matches!(f.holding, Holding::Optional)
        && !f.boxed
        && cx.model.shape(&f.member.target).is_some_and(|s| matches!(s.kind, ShapeKind::Structure(_)))
}

/// Whether a missing member is an error.
fn strict(cx: &Context, f: &Field) -> bool {
    matches!(f.holding, Holding::Required) && cx.settings.required == RequiredMembers::Strict
}

/// The expression that reads the member's value from `map`, as the struct holds it (the
/// value's type is the field's, inferred); `flag` says whether it was read before.
fn read_value(
    cx: &Context,
    f: &Field,
    flag: &proc_macro2::Ident,
    wire: &str,
    support: &proc_macro2::Ident,
) -> TokenStream {
    let adapter = cx.value_type(f.member, Scope::Root).adapter;
    // `null` and absent read alike for every member but a strict required one.
    let read = |nullable: bool, adapter: Option<Adapter>| match (nullable, adapter) {
        (false, None) => quote!(#support::value(&mut map, &mut #flag, #wire)?),
        (true, None) => quote!(#support::value::<_, ::std::option::Option<_>>(&mut map, &mut #flag, #wire)?),
        (false, Some(adapter)) => {
            let adapter = adapter.tokens(Scope::Root);
            quote!(#support::value::<_, ::serde_with::de::DeserializeAsWrap<_, #adapter>>(&mut map, &mut #flag, #wire)?.into_inner())
        }
        (true, Some(adapter)) => {
            let adapter = Adapter::Option(Box::new(adapter)).tokens(Scope::Root);
            quote!(#support::value::<_, ::serde_with::de::DeserializeAsWrap<::std::option::Option<_>, #adapter>>(&mut map, &mut #flag, #wire)?.into_inner())
        }
    };
    match &f.holding {
        // The field is an `Option` itself.
        Holding::Optional => read(false, adapter.map(|a| Adapter::Option(Box::new(a)))),
        Holding::Required if cx.settings.required == RequiredMembers::Strict => read(false, adapter),
        Holding::Required | Holding::Defaulted(DefaultValue::Zero) => {
            let read = read(true, adapter);
            quote!(#read.unwrap_or_default())
        }
        Holding::Defaulted(default) => {
            let read = read(true, adapter);
            let function = default.function(Scope::Root);
            if f.boxed {
                quote!(#read.unwrap_or_else(|| ::std::boxed::Box::new(#function())))
            } else {
                quote!(#read.unwrap_or_else(#function))
            }
        }
    }
}
