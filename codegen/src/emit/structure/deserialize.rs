//! A structure's `Deserialize`, written out instead of derived.
//!
//! serde's derive reads a struct from a map or from a sequence of its fields in order, keeps
//! one `Option` per field on the stack, and generates a field enum with its own visitor; for a
//! crate of hundreds of structures that is most of what the compiler spends on it. Here a
//! struct is read from an object only (the wire has no other form for it), in place: into a
//! `Default` value, and a member that is an optional structure into its own field (through
//! `Members`, not serde's `deserialize_in_place`, which the structures leave to serde's
//! default: one function fewer each to compile), so that nested structures are never moved
//! up level by level.
//!
//! The visitor that does so is written once, in the runtime (`read_struct`,
//! `read_struct_in_place`, and the `serde_struct!` that implements `Deserialize` through them,
//! and `Serialize`, in one line); a structure adds its `Members` impl: one line per member, matching
//! its wire name and reading it into its field. The runtime matches the key as borrowed text,
//! makes a member seen twice an error (it knows a member by its field: members carry no
//! numbers, so adding one to the model changes one line here), skips an unknown one, and
//! under strict settings makes a missing required member (`REQUIRED`) an error. `Serialize` is
//! written out the same way (`serialize.rs`).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::super::defaults::DefaultValue;
use super::super::types::{Adapter, Scope};
use super::super::{Context, Lifetime};
use super::{Field, Holding};
use crate::error::Error;
use crate::model::ShapeKind;
use crate::settings::RequiredMembers;

/// The `Deserialize` (and `Serialize`) of the struct `name` with `fields` (every member, body or
/// not): the runtime macro's line, and its `Members` impl: one arm per member in the body, which names the member's wire name and
/// field, and how the field holds the value.
///
/// The items and the arms are made as syntax trees from templates: a crate's structures have
/// thousands of arms, and parsing them from tokens cost more than making them.
pub(super) fn structure(
    cx: &Context,
    name: &proc_macro2::Ident,
    lifetime: Lifetime,
    fields: &[Field],
) -> Result<Vec<syn::Item>, Error> {
    let body = super::body(fields);
    let (mut call, mut members) =
        TEMPLATES.with(|t| (t.call.clone(), if body.is_empty() { t.skips.clone() } else { t.reads.clone() }));
    let expecting = format!("struct {name}");
    super::fill_templates(
        Some(&mut call),
        &mut members,
        name,
        lifetime,
        lifetime.de_params(),
        &expecting,
        "member reader",
    )?;
    // Required members are known by their fields' offsets, as the runtime knows every member.
    let required: Vec<TokenStream> = body
        .iter()
        .filter(|f| strict(cx, f))
        .map(|f| {
            let ident = &f.ident;
            let wire = cx.model.json_key(f.member);
            quote!((::std::mem::offset_of!(Self, #ident), #wire))
        })
        .collect();
    if !required.is_empty() {
        let required = quote!(const REQUIRED: &'static [(usize, &'static str)] = &[#(#required),*];);
        members.items.insert(1, syn::parse2(required).map_err(internal)?);
    }
    if !body.is_empty() {
        // The arms go before the one that skips unknown members.
        let Some(syn::ImplItem::Fn(member)) = members.items.last_mut() else {
            return Err(internal("the member reader is not the impl's last item"));
        };
        let Some(syn::Stmt::Expr(syn::Expr::Match(by_key), None)) = member.block.stmts.first_mut() else {
            return Err(internal("the member reader has no match"));
        };
        let arms = body.iter().map(|f| ARM.with(|arm| read(cx, f).arm(arm, cx.model.json_key(f.member), &f.ident)));
        by_key.arms.splice(0..0, arms.collect::<Result<Vec<syn::Arm>, Error>>()?);
    }
    Ok(vec![syn::Item::Macro(call), syn::Item::Impl(members)])
}

/// The templates a structure's reading is made from.
struct Templates {
    /// `serde_struct!(Type);`, the line of both impls, `Deserialize` and `Serialize`.
    call: syn::ItemMacro,
    /// The `Members` impl of a structure with members in the body: a `match` on the key,
    /// whose arm for unknown members skips them.
    reads: syn::ItemImpl,
    /// The `Members` impl of a structure with none: every member is skipped.
    skips: syn::ItemImpl,
}

impl Templates {
    fn new() -> Templates {
        let runtime = super::super::runtime::crate_path();
        let support = format_ident!("{}", super::super::runtime::MODULE);
        Templates {
            call: syn::parse_quote!(#runtime::serde_struct!(Type);),
            reads: syn::parse_quote! {
                impl<'de> #support::Members<'de> for Type {
                    const EXPECTING: &'static str = "struct Type";

                    #[inline]
                    fn member<A: ::serde::de::MapAccess<'de>>(&mut self, key: &str, member: #support::Member<'_, A>) -> ::std::result::Result<(), A::Error> {
                        match key {
                            _ => member.skip(),
                        }
                    }
                }
            },
            skips: syn::parse_quote! {
                impl<'de> #support::Members<'de> for Type {
                    const EXPECTING: &'static str = "struct Type";

                    fn member<A: ::serde::de::MapAccess<'de>>(&mut self, _: &str, member: #support::Member<'_, A>) -> ::std::result::Result<(), A::Error> {
                        member.skip()
                    }
                }
            },
        }
    }
}

thread_local! {
    /// The templates of the impl's one line, of the `Members` impl and of a member's arm,
    /// parsed once per thread (syntax trees cannot be shared between threads).
    static TEMPLATES: Templates = Templates::new();
    static ARM: syn::Arm = syn::parse_quote!("key" => member.value(&mut self.field),);
}

/// How a member is read: `member.method::<adapter, _>(&mut self.field, default)`.
struct Read<'f> {
    method: &'static str,
    adapter: Option<&'f Adapter>,
    default: Option<TokenStream>,
}

impl Read<'_> {
    /// The arm `"wire" => member.method(&mut self.field),`, from the template.
    fn arm(self, template: &syn::Arm, wire: &str, field: &proc_macro2::Ident) -> Result<syn::Arm, Error> {
        let mut arm = template.clone();
        let syn::Pat::Lit(key) = &mut arm.pat else { return Err(internal("the arm's template has no key")) };
        key.lit = syn::Lit::Str(syn::LitStr::new(wire, proc_macro2::Span::call_site()));
        let syn::Expr::MethodCall(call) = &mut *arm.body else {
            return Err(internal("the arm's template has no call"));
        };
        call.method = syn::Ident::new(self.method, proc_macro2::Span::call_site());
        if let Some(adapter) = self.adapter {
            call.turbofish = Some(super::turbofish(adapter).map_err(internal)?);
        }
        let Some(syn::Expr::Reference(reference)) = call.args.first_mut() else {
            return Err(internal("the arm's template has no field"));
        };
        let syn::Expr::Field(place) = &mut *reference.expr else {
            return Err(internal("the arm's template has no field"));
        };
        place.member = syn::Member::Named(field.clone());
        if let Some(default) = self.default {
            call.args.push(syn::parse2(default).map_err(internal)?);
        }
        Ok(arm)
    }
}

fn internal(error: impl std::fmt::Display) -> Error {
    super::super::internal("member reader", error)
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
fn read<'f>(cx: &Context, f: &'f Field) -> Read<'f> {
    let read = |method, adapter, default| Read { method, adapter, default };
    if in_place(cx, f) {
        return read("in_place", None, None);
    }
    let adapter = f.adapter.as_ref();
    let strict = cx.settings.required == RequiredMembers::Strict;
    match (&f.holding, adapter) {
        (Holding::Optional, None) => read("value", None, None),
        (Holding::Optional, a @ Some(_)) => read("option_as", a, None),
        (Holding::Required, None) if strict => read("value", None, None),
        (Holding::Required, a @ Some(_)) if strict => read("value_as", a, None),
        (Holding::Required | Holding::Defaulted(DefaultValue::Zero), None) => read("or_default", None, None),
        (Holding::Required | Holding::Defaulted(DefaultValue::Zero), a @ Some(_)) => read("or_default_as", a, None),
        (Holding::Defaulted(default), a) => {
            let function = default.function(Scope::Root);
            let default = if f.boxed { quote!(|| ::std::boxed::Box::new(#function())) } else { function };
            let method = if a.is_some() { "or_else_as" } else { "or_else" };
            read(method, a, Some(default))
        }
    }
}
