//! What the operations' jobs share: a structure's members as the generated struct holds them,
//! the names of generated types seen from the `operations` module, and what a structure is
//! read from.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::emit::Context;
use crate::model::{Member, Operation, Presence, Protocol, Shape, ShapeKind};

/// The protocols whose responses are XML.
pub(super) fn is_xml(protocol: &Protocol) -> bool {
    *protocol == Protocol::RestXml || crate::emit::query::is_query(protocol)
}

/// What a structure is read from: an operation's output, or an error response.
#[derive(Clone, Copy)]
pub(super) enum Read<'o> {
    Output(&'o Operation),
    Error,
}

/// A structure member as the generated struct holds it.
pub(super) struct Field<'m> {
    pub(super) member: &'m Member,
    /// The field's identifier.
    pub(super) ident: Ident,
    /// Held in an `Option`.
    pub(super) optional: bool,
    /// The target shape.
    pub(super) target: &'m Shape,
}

pub(super) fn fields<'m>(cx: &Context<'m>, shape: &'m Shape) -> Vec<Field<'m>> {
    let names = cx.names.members(&shape.name);
    shape
        .kind
        .members()
        .iter()
        .zip(names)
        .filter_map(|(member, name)| {
            let target = cx.model.shape(&member.target)?;
            Some(Field { member, ident: name.ident(), optional: shape.presence(member) == Presence::Optional, target })
        })
        .collect()
}

/// The list's item member and shape, when `shape` is a list.
pub(super) fn list_item<'m>(cx: &Context<'m>, shape: &'m Shape) -> Option<(&'m Member, &'m Shape, bool)> {
    match &shape.kind {
        ShapeKind::List(list) => Some((&list.member, cx.model.shape(&list.member.target)?, list.sparse)),
        _ => None,
    }
}

/// A generated type named from the `operations` module, with its lifetime `'a` if it takes one.
pub(super) fn named(cx: &Context, shape: &Shape) -> TokenStream {
    let name = cx.type_ident(&shape.name);
    let params = cx.lifetime(&shape.name).params();
    quote!(super::#name #params)
}

/// A generated type named from the `operations` module, with `lifetime` if it takes one.
pub(super) fn named_with(cx: &Context, shape: &Shape, lifetime: TokenStream) -> TokenStream {
    let name = cx.type_ident(&shape.name);
    if cx.lifetime(&shape.name).borrows() { quote!(super::#name<#lifetime>) } else { quote!(super::#name) }
}

/// The lifetime of the operation's error enum: `'a` when an error borrows from the response
/// body.
pub(super) fn error_lifetime(cx: &Context, op: &Operation) -> crate::emit::Lifetime {
    crate::emit::Lifetime { borrows: op.errors.iter().any(|e| cx.lifetime(e).borrows()) }
}
