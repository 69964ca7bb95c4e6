//! Reading the XML responses of the query protocols: for each structure and union the outputs
//! and errors of the operations reach, a `shapegen_runtime::xml::XmlStruct` impl whose one
//! `match` sends each child element to the member it names, read in the form the model gives
//! it (a value, a structure, a wrapped or flattened list or map). The runtime's `XmlReader`
//! walks the document, skips what no member names and keeps the path for errors.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Context;
use crate::model::{Member, Operation, Presence, Shape, ShapeKind};
use crate::names::UNKNOWN_VARIANT;

/// `XmlStruct` impls for every structure and union the outputs and errors of `ops` reach, in
/// name order.
pub(super) fn readers(cx: &Context, ops: &[&Operation]) -> Vec<TokenStream> {
    let roots = ops.iter().flat_map(|op| op.output.iter().chain(&op.errors).cloned());
    super::per_type(
        cx.model,
        roots,
        |shape, members| structure(cx, shape, members),
        |shape, members| union(cx, shape, members),
    )
}

/// The element a member's value is in (each item's, for a flattened list): the member's XML
/// name, else its name.
fn element_name(member: &Member) -> &str {
    member.wire_name.as_deref().unwrap_or(&member.name)
}

fn flattened(member: &Member, shape: &Shape) -> bool {
    member.xml.flattened || shape.xml.flattened
}

fn structure(cx: &Context, shape: &Shape, members: &[Member]) -> TokenStream {
    let name = cx.type_ident(&shape.name);
    let lifetime = cx.lifetime(&shape.name);
    let params = lifetime.params();
    let names = cx.names.members(&shape.name);
    let mut seen = BTreeSet::new();
    let arms: Vec<TokenStream> = members
        .iter()
        .zip(names)
        .filter_map(|(member, field)| {
            let target = cx.model.shape(&member.target)?;
            let element = element_name(member);
            // Two members read from one element name: the first takes it.
            if !seen.insert(element) {
                return None;
            }
            let ident = field.ident();
            let optional = shape.presence(member) == Presence::Optional;
            let boxed = cx.selection.is_boxed(&shape.name, &member.name);
            let read = read_member(cx, member, target, &quote!(self.#ident), optional, boxed);
            Some(quote!(#element => #read,))
        })
        .collect();
    let (lt, impl_params) = reader_lifetime(lifetime.borrows());
    let body = if arms.is_empty() {
        quote!(reader.skip())
    } else {
        quote! {
            match name {
                #(#arms)*
                _ => reader.skip()?,
            }
            ::std::result::Result::Ok(())
        }
    };
    let name_param = if arms.is_empty() { quote!(_name) } else { quote!(name) };
    quote! {
        impl #impl_params ::shapegen_runtime::xml::XmlStruct<#lt> for super::#name #params {
            fn read_member(
                &mut self,
                #name_param: &str,
                reader: &mut ::shapegen_runtime::xml::XmlReader<#lt>,
            ) -> ::std::result::Result<(), ::shapegen_runtime::response::ResponseError> {
                #body
            }
        }
    }
}

/// The lifetime of the body the reader reads (`'a` for types that borrow from it, else any),
/// and the impl's parameters.
fn reader_lifetime(borrows: bool) -> (TokenStream, TokenStream) {
    if borrows { (quote!('a), quote!(<'a>)) } else { (quote!('de), quote!(<'de>)) }
}

/// A union takes the member its one child element names; an element this model does not list
/// is kept by name in `Unknown`.
fn union(cx: &Context, shape: &Shape, members: &[Member]) -> TokenStream {
    let name = cx.type_ident(&shape.name);
    let lifetime = cx.lifetime(&shape.name);
    let params = lifetime.params();
    let names = cx.names.members(&shape.name);
    let unknown = format_ident!("{UNKNOWN_VARIANT}");
    let mut seen = BTreeSet::new();
    let arms: Vec<TokenStream> = members
        .iter()
        .zip(names)
        .filter_map(|(member, variant)| {
            let target = cx.model.shape(&member.target).filter(|t| !matches!(t.kind, ShapeKind::Document))?;
            let element = element_name(member);
            if !seen.insert(element) {
                return None;
            }
            let variant = variant.ident();
            let boxed = cx.selection.is_boxed(&shape.name, &member.name);
            let read = read_value(cx, target);
            let read = if boxed { quote!(::std::boxed::Box::new(#read?)) } else { quote!(#read?) };
            Some(quote!(#element => Self::#variant(#read),))
        })
        .collect();
    let (lt, impl_params) = reader_lifetime(lifetime.borrows());
    quote! {
        impl #impl_params ::shapegen_runtime::xml::XmlStruct<#lt> for super::#name #params {
            fn read_member(
                &mut self,
                name: &str,
                reader: &mut ::shapegen_runtime::xml::XmlReader<#lt>,
            ) -> ::std::result::Result<(), ::shapegen_runtime::response::ResponseError> {
                *self = match name {
                    #(#arms)*
                    _ => {
                        reader.skip()?;
                        Self::#unknown {
                            name: ::std::convert::Into::into(::std::borrow::ToOwned::to_owned(name)),
                            value: ::std::default::Default::default(),
                        }
                    }
                };
                ::std::result::Result::Ok(())
            }
        }
    }
}

/// The statement that reads the open element into the member at `place`: a flattened list
/// or map adds to what is there, anything else is set.
fn read_member(
    cx: &Context,
    member: &Member,
    shape: &Shape,
    place: &TokenStream,
    optional: bool,
    boxed: bool,
) -> TokenStream {
    if matches!(shape.kind, ShapeKind::Document) {
        // Documents are JSON; no XML protocol carries one.
        return quote!(reader.skip()?);
    }
    let target =
        if optional { quote!(#place.get_or_insert_with(::std::default::Default::default)) } else { quote!(#place) };
    match &shape.kind {
        ShapeKind::List(list) if flattened(member, shape) => {
            let Some(item_shape) = cx.model.shape(&list.member.target) else { return quote!(reader.skip()?) };
            let item = sparse(read_value(cx, item_shape), list.sparse);
            quote!(#target.push(#item?))
        }
        ShapeKind::Map(map) if flattened(member, shape) => {
            let Some(entry) = entry(cx, map) else { return quote!(reader.skip()?) };
            quote! {{
                let (key, value) = #entry?;
                #target.insert(key, value);
            }}
        }
        _ => {
            let read = read_value(cx, shape);
            let read = if boxed { quote!(::std::boxed::Box::new(#read?)) } else { quote!(#read?) };
            if optional { quote!(#place = ::std::option::Option::Some(#read)) } else { quote!(#place = #read) }
        }
    }
}

/// `read` (a `Result`) with its value in `Some`, for the items of a sparse list or map.
fn sparse(read: TokenStream, sparse: bool) -> TokenStream {
    if sparse { quote!(#read.map(::std::option::Option::Some)) } else { read }
}

/// The expression `reader.entry(...)` that reads one entry of `map` from the open element.
fn entry(cx: &Context, map: &crate::model::MapShape) -> Option<TokenStream> {
    let key_shape = cx.model.shape(&map.key.target)?;
    let value_shape = cx.model.shape(&map.value.target)?;
    let (key, value) =
        (map.key.wire_name.as_deref().unwrap_or("key"), map.value.wire_name.as_deref().unwrap_or("value"));
    let read_key = read_value(cx, key_shape);
    let read_value = sparse(read_value(cx, value_shape), map.sparse);
    Some(quote!(reader.entry((#key, #value), |reader| #read_key, |reader| #read_value)))
}

/// The expression (a `Result`) that reads a value of `shape` from the open element.
fn read_value(cx: &Context, shape: &Shape) -> TokenStream {
    match &shape.kind {
        ShapeKind::Structure(_) | ShapeKind::Union(_) => quote!(reader.structure()),
        ShapeKind::Enum(_) => quote!(reader.read_enum()),
        ShapeKind::IntEnum(_) => quote!(reader.read::<i32>().map(::std::convert::From::from)),
        ShapeKind::List(list) => {
            let Some(item_shape) = cx.model.shape(&list.member.target) else { return quote!(reader.skip()) };
            let item = list.member.wire_name.as_deref().unwrap_or("member");
            let read_item = sparse(read_value(cx, item_shape), list.sparse);
            quote!(reader.list(#item, |reader| #read_item))
        }
        ShapeKind::Map(map) => {
            let (Some(key_shape), Some(value_shape)) =
                (cx.model.shape(&map.key.target), cx.model.shape(&map.value.target))
            else {
                return quote!(reader.skip());
            };
            let (key, value) =
                (map.key.wire_name.as_deref().unwrap_or("key"), map.value.wire_name.as_deref().unwrap_or("value"));
            let read_key = read_value(cx, key_shape);
            let read_value = sparse(read_value(cx, value_shape), map.sparse);
            quote!(reader.map("entry", (#key, #value), |reader| #read_key, |reader| #read_value))
        }
        _ => quote!(reader.read()),
    }
}
