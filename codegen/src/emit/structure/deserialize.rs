//! A structure's `Deserialize`, written out instead of derived.
//!
//! serde's derive reads a struct from a map or from a sequence of its fields in order, keeps
//! one `Option` per field on the stack, and generates a field enum with its own visitor; for a
//! crate of hundreds of structures that is most of what the compiler spends on it. Here a
//! struct is read from an object only (the wire has no other form for it), in place: into a
//! `Default` value, with `Deserialize::deserialize_in_place`, and a member that is an optional
//! structure into its own field, so that nested structures are never moved up level by level.
//!
//! The visitor that does so is written once, in the runtime (`read_struct`,
//! `read_struct_in_place`, and the `deserialize_struct!` that implements `Deserialize` through
//! them in one line); a structure adds its `Members` impl: one line per member, matching
//! its wire name and reading it into its field. The runtime matches the key as borrowed text,
//! makes a member seen twice an error (it knows a member by its field: members carry no
//! numbers, so adding one to the model changes one line here), skips an unknown one, and
//! under strict settings makes a missing required member (`REQUIRED`) an error. The struct's serde
//! attributes say only how to write it; `Serialize` is derived from them.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::super::defaults::DefaultValue;
use super::super::types::Scope;
use super::super::{Context, Lifetime};
use super::{Field, Holding};
use crate::model::ShapeKind;
use crate::settings::RequiredMembers;

/// The `Deserialize` of the struct `name` with `fields` (every member, body or not), and
/// its `Members` impl: one arm per member in the body, which names the member's wire name and
/// field, and how the field holds the value.
pub(super) fn structure(cx: &Context, name: &proc_macro2::Ident, lifetime: Lifetime, fields: &[Field]) -> TokenStream {
    let params = lifetime.params();
    let de_params = lifetime.de_params();
    let ty = quote!(#name #params);
    let support = format_ident!("{}", super::super::runtime::MODULE);
    let expecting = format!("struct {name}");
    let body: Vec<&Field> = fields.iter().filter(|f| f.member.binding.in_body()).collect();
    let wire: Vec<&str> = body.iter().map(|f| cx.model.json_key(f.member)).collect();

    let arms = body.iter().zip(&wire).map(|(f, wire)| {
        let read = read(cx, f);
        quote!(#wire => #read,)
    });
    // Required members are known by their fields' offsets, as the runtime knows every member.
    let required: Vec<TokenStream> = body
        .iter()
        .zip(&wire)
        .filter(|(f, _)| strict(cx, f))
        .map(|(f, wire)| {
            let ident = &f.ident;
            quote!((::std::mem::offset_of!(Self, #ident), #wire))
        })
        .collect();
    let required =
        (!required.is_empty()).then(|| quote!(const REQUIRED: &'static [(usize, &'static str)] = &[#(#required),*];));
    let member = if body.is_empty() {
        // Nothing to read: every member is skipped.
        quote! {
            fn member<A: ::serde::de::MapAccess<'de>>(&mut self, _: &str, member: #support::Member<'_, A>) -> ::std::result::Result<(), A::Error> {
                member.skip()
            }
        }
    } else {
        quote! {
            #[inline]
            fn member<A: ::serde::de::MapAccess<'de>>(&mut self, key: &str, member: #support::Member<'_, A>) -> ::std::result::Result<(), A::Error> {
                match key {
                    #(#arms)*
                    _ => member.skip(),
                }
            }
        }
    };

    quote! {
        #support::deserialize_struct!(#ty);

        impl #de_params #support::Members<'de> for #ty {
            const EXPECTING: &'static str = #expecting;
            #required

            #member
        }
    }
}

/// Whether the member is read in place: an optional structure, not boxed (a box is moved as
/// a pointer anyway).
fn in_place(cx: &Context, f: &Field) -> bool {
    matches!(f.holding, Holding::Optional)
        && !f.boxed
        && cx.model.shape(&f.member.target).is_some_and(|s| matches!(s.kind, ShapeKind::Structure(_)))
}

/// Whether a missing member is an error. A member whose structure has no members is not: its
/// field is zero-sized, which the runtime does not count (it holds nothing to miss).
fn strict(cx: &Context, f: &Field) -> bool {
    matches!(f.holding, Holding::Required)
        && cx.settings.required == RequiredMembers::Strict
        && !cx.model.shape(&f.member.target).is_some_and(|s| matches!(&s.kind, ShapeKind::Structure(m) if m.is_empty()))
}

/// What reads a member into its field: `member.value(&mut self.field)` and its kin, by how
/// the field holds the value and whether it needs an adapter; an optional structure is read
/// where it lies, `member.in_place(&mut self.field)`.
fn read(cx: &Context, f: &Field) -> TokenStream {
    let ident = &f.ident;
    let field = quote!(&mut self.#ident);
    if in_place(cx, f) {
        return quote!(member.in_place(#field));
    }
    // The adapter of the value (of what the `Option` holds, for an optional member).
    let adapter = cx.value_type(f.member, Scope::Root).adapter.map(|a| a.tokens(Scope::Root));
    let strict = cx.settings.required == RequiredMembers::Strict;
    let call = match (&f.holding, adapter) {
        (Holding::Optional, None) => quote!(value(#field)),
        (Holding::Optional, Some(a)) => quote!(option_as::<#a, _>(#field)),
        (Holding::Required, None) if strict => quote!(value(#field)),
        (Holding::Required, Some(a)) if strict => quote!(value_as::<#a, _>(#field)),
        (Holding::Required | Holding::Defaulted(DefaultValue::Zero), None) => quote!(or_default(#field)),
        (Holding::Required | Holding::Defaulted(DefaultValue::Zero), Some(a)) => {
            quote!(or_default_as::<#a, _>(#field))
        }
        (Holding::Defaulted(default), a) => {
            let function = default.function(Scope::Root);
            let default = if f.boxed { quote!(|| ::std::boxed::Box::new(#function())) } else { quote!(#function) };
            match a {
                None => quote!(or_else(#field, #default)),
                Some(a) => quote!(or_else_as::<#a, _>(#field, #default)),
            }
        }
    };
    quote!(member.#call)
}
