//! XML bodies (the query protocols' responses, `rest-xml`'s requests and responses).
//!
//! Reading: for each structure and union the outputs and errors of the operations reach, a
//! `shapegen_runtime::xml::XmlStruct` impl whose one `match` sends each child element to the
//! member it names, read in the form the model gives it (a value, a structure, a wrapped or
//! flattened list or map), and which reads the members bound to attributes. The runtime's
//! `XmlReader` walks the document, skips what no member names and keeps the path for errors.
//!
//! Writing (`rest-xml`): for each structure and union the inputs reach, a
//! `shapegen_runtime::xml::XmlWrite` impl that writes each member with a value as its element
//! or attribute, in its namespace; the runtime's `XmlWriter` spells and escapes.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Context;
use super::bindings::{Place, text};
use super::wire::{boxed_read, key_text, reader_lifetime, with_field};
use crate::model::{Member, Operation, Presence, Shape, ShapeKind, XmlTraits};
use crate::names::UNKNOWN_VARIANT;

/// `XmlStruct` impls for every structure and union the outputs and errors of `ops` reach, in
/// name order.
pub(super) fn readers(cx: &Context, ops: &[&Operation]) -> Vec<TokenStream> {
    let roots: std::collections::BTreeSet<String> = ops
        .iter()
        .flat_map(|op| op.output.iter().chain(&op.errors))
        .filter_map(|s| cx.model.body_document(s, true).map(str::to_owned))
        .collect();
    super::per_type(
        cx.model,
        roots.iter().cloned(),
        |shape, members| structure(cx, shape, members, roots.contains(&shape.name)),
        |shape, members| union(cx, shape, members),
    )
}

fn flattened(member: &Member, shape: &Shape) -> bool {
    member.xml.flattened || shape.xml.flattened
}

fn structure(cx: &Context, shape: &Shape, members: &[Member], root: bool) -> TokenStream {
    let rt = super::runtime::crate_path();
    let name = cx.type_ident(&shape.name);
    let lifetime = cx.lifetime(&shape.name);
    let params = lifetime.params();
    let names = cx.names.members(&shape.name);
    let mut seen = BTreeSet::new();
    let mut attributes = Vec::new();
    let mut arms = Vec::new();
    for (member, field) in members.iter().zip(names).filter(|(m, _)| m.binding.in_response_body()) {
        let Some(target) = cx.model.shape(&member.target) else { continue };
        let element = member.xml_name();
        let ident = field.ident();
        let optional = shape.presence(member) == Presence::Optional;
        if member.xml.attribute {
            let value = match &target.kind {
                ShapeKind::Enum(_) => {
                    quote!(reader.attribute(#element)?.map(|text| ::std::convert::From::from(&*text)))
                }
                ShapeKind::IntEnum(_) => {
                    quote!(reader.attribute_value::<i32>(#element)?.map(::std::convert::From::from))
                }
                _ => quote!(reader.attribute_value(#element)?),
            };
            let set = if optional {
                quote!(self.#ident = ::std::option::Option::Some(value))
            } else {
                quote!(self.#ident = value)
            };
            attributes.push(quote! {
                if let ::std::option::Option::Some(value) = #value {
                    #set;
                }
            });
            continue;
        }
        if !seen.insert(element) {
            continue;
        }
        let boxed = cx.selection.is_boxed(&shape.name, &member.name);
        // Two members read from one element name: a value and a flattened list of the same
        // values (S3's deprecated `Event` beside `Events`) each get it, as botocore reads
        // them; otherwise the first takes it.
        if let Some(pair) = shared_element(cx, shape, members, element) {
            arms.push(quote!(#element => #pair,));
            continue;
        }
        let read = read_member(cx, member, target, &quote!(self.#ident), optional, boxed);
        arms.push(quote!(#element => #read,));
    }
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
    let read_root = root.then(|| root_member(cx, shape, members)).flatten();
    let read_attributes = (!attributes.is_empty()).then(|| {
        quote! {
            fn read_attributes(
                &mut self,
                reader: &#rt::xml::XmlReader<#lt>,
            ) -> ::std::result::Result<(), #rt::response::ResponseError> {
                #(#attributes)*
                ::std::result::Result::Ok(())
            }
        }
    });
    quote! {
        impl #impl_params #rt::xml::XmlStruct<#lt> for super::#name #params {
            #read_attributes

            #read_root

            fn read_member(
                &mut self,
                #name_param: &str,
                reader: &mut #rt::xml::XmlReader<#lt>,
            ) -> ::std::result::Result<(), #rt::response::ResponseError> {
                #body
            }
        }
    }
}

/// `read_root` for an output or error whose one body member is a simple value: S3 answers
/// `GetBucketLocation` with `<LocationConstraint>us-west-2</LocationConstraint>`, the member as
/// the document's root, and with `<LocationConstraint/>` (no value) for us-east-1. Nothing for
/// other structures, whose root is their own element.
fn root_member(cx: &Context, shape: &Shape, members: &[Member]) -> Option<TokenStream> {
    let rt = super::runtime::crate_path();
    if cx.model.protocol() != crate::model::Protocol::RestXml {
        return None;
    }
    let names = cx.names.members(&shape.name);
    let mut body = members.iter().zip(names).filter(|(m, _)| m.binding.in_response_body());
    let (member, field) = body.next()?;
    if body.next().is_some() || member.xml.attribute {
        return None;
    }
    let target = cx.model.shape(&member.target)?;
    if matches!(
        target.kind,
        ShapeKind::Structure(_) | ShapeKind::Union(_) | ShapeKind::List(_) | ShapeKind::Map(_) | ShapeKind::Document
    ) {
        return None;
    }
    let element = member.xml_name();
    let ident = field.ident();
    let optional = shape.presence(member) == Presence::Optional;
    let set = read_member(cx, member, target, &quote!(self.#ident), optional, false);
    let lt = reader_lifetime(cx.lifetime(&shape.name).borrows()).0;
    Some(quote! {
        fn read_root(
            &mut self,
            name: &str,
            reader: &mut #rt::xml::XmlReader<#lt>,
        ) -> ::std::result::Result<bool, #rt::response::ResponseError> {
            if name != #element {
                return ::std::result::Result::Ok(false);
            }
            if reader.is_self_closing() {
                reader.skip()?;
            } else {
                #set;
            }
            ::std::result::Result::Ok(true)
        }
    })
}

/// A member and its field's name.
type Field<'m> = (&'m Member, proc_macro2::Ident);

/// The value member and the flattened-list member that share the element `element`, when
/// `members` has exactly two body members of that name, one a list (not sparse) of the other's
/// shape, neither boxed; with their field names.
fn element_pair<'m>(
    cx: &Context,
    shape: &Shape,
    members: &'m [Member],
    element: &str,
) -> Option<(Field<'m>, Field<'m>)> {
    let named: Vec<_> = members
        .iter()
        .zip(cx.names.members(&shape.name))
        .filter(|(m, _)| m.binding.in_response_body() && !m.xml.attribute && m.xml_name() == element)
        .collect();
    let [(a, a_name), (b, b_name)] = named.as_slice() else { return None };
    let list_of = |list_member: &Member, value_member: &Member| -> bool {
        cx.model.shape(&list_member.target).is_some_and(|list_shape| {
            matches!(&list_shape.kind, ShapeKind::List(list)
                if !list.sparse && flattened(list_member, list_shape) && list.member.target == value_member.target)
        })
    };
    if cx.selection.is_boxed(&shape.name, &a.name) || cx.selection.is_boxed(&shape.name, &b.name) {
        return None;
    }
    if list_of(b, a) {
        Some(((*a, a_name.ident()), (*b, b_name.ident())))
    } else if list_of(a, b) {
        Some(((*b, b_name.ident()), (*a, a_name.ident())))
    } else {
        None
    }
}

/// The statement that reads one element into the value and the list that share its name
/// ([`element_pair`]): the item is pushed to the list and a copy set as the value.
fn shared_element(cx: &Context, shape: &Shape, members: &[Member], element: &str) -> Option<TokenStream> {
    let ((value, value_ident), (list, list_ident)) = element_pair(cx, shape, members, element)?;
    let read = read_value(cx, cx.model.shape(&value.target)?);
    let copy = quote!(::std::clone::Clone::clone(&item));
    let set = if shape.presence(value) == Presence::Optional {
        quote!(self.#value_ident = ::std::option::Option::Some(#copy);)
    } else {
        quote!(self.#value_ident = #copy;)
    };
    let list = if shape.presence(list) == Presence::Optional {
        quote!(self.#list_ident.get_or_insert_with(::std::default::Default::default))
    } else {
        quote!(self.#list_ident)
    };
    Some(quote! {{
        let item = #read?;
        #set
        #list.push(item);
    }})
}

/// A union takes the member its one child element names; an element this model does not list
/// is kept by name in `Unknown`.
fn union(cx: &Context, shape: &Shape, members: &[Member]) -> TokenStream {
    let rt = super::runtime::crate_path();
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
            let element = member.xml_name();
            if !seen.insert(element) {
                return None;
            }
            let variant = variant.ident();
            let boxed = cx.selection.is_boxed(&shape.name, &member.name);
            let read = read_value(cx, target);
            let read = boxed_read(boxed, read);
            Some(quote!(#element => Self::#variant(#read),))
        })
        .collect();
    let (lt, impl_params) = reader_lifetime(lifetime.borrows());
    quote! {
        impl #impl_params #rt::xml::XmlStruct<#lt> for super::#name #params {
            fn read_member(
                &mut self,
                name: &str,
                reader: &mut #rt::xml::XmlReader<#lt>,
            ) -> ::std::result::Result<(), #rt::response::ResponseError> {
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
            let read = boxed_read(boxed, read);
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

// ---------------------------------------------------------------------------------------
// Writing

/// `XmlWrite` impls for every structure and union the inputs of `ops` reach, in name order.
pub(super) fn writers(cx: &Context, ops: &[&Operation]) -> Vec<TokenStream> {
    let roots = ops
        .iter()
        .filter_map(|op| op.input.as_ref())
        .filter_map(|s| cx.model.body_document(s, false).map(str::to_owned));
    super::per_type(
        cx.model,
        roots,
        |shape, members| write_structure(cx, shape, members),
        |shape, members| write_union(cx, shape, members),
    )
}

/// The namespace declarations of an element (`&[("prefix", "uri")]`): the member's, else its
/// target's.
pub(super) fn namespaces(member: &XmlTraits, target: &XmlTraits) -> TokenStream {
    let xml = if member.namespace.is_some() { member } else { target };
    match &xml.namespace {
        Some(uri) => {
            let prefix = xml.namespace_prefix.as_deref().unwrap_or_default();
            quote!(&[(#prefix, #uri)])
        }
        None => quote!(&[]),
    }
}

fn write_structure(cx: &Context, shape: &Shape, members: &[Member]) -> TokenStream {
    let rt = super::runtime::crate_path();
    let name = cx.type_ident(&shape.name);
    let params = cx.lifetime(&shape.name).params();
    let names = cx.names.members(&shape.name);
    let mut attributes = Vec::new();
    let mut elements = Vec::new();
    for (member, field) in members.iter().zip(names).filter(|(m, _)| m.binding.in_body()) {
        let Some(target) = cx.model.shape(&member.target) else { continue };
        let ident = field.ident();
        let element = member.xml_name();
        let write = if member.xml.attribute {
            let text = text(member, target, Place::Body, &quote!(v));
            quote!(w.attribute(#element, #text);)
        } else {
            write_element(cx, member, target, element, &namespaces(&member.xml, &target.xml))
        };
        if write.is_empty() {
            continue;
        }
        let optional = shape.presence(member) == Presence::Optional;
        // A value that shares its element with a list of the same values is what the list
        // says when the list has items: written only when it has none.
        let write = match element_pair(cx, shape, members, element) {
            Some(((value, _), (list, list_ident))) if std::ptr::eq(value, member) && !member.xml.attribute => {
                let empty = if shape.presence(list) == Presence::Optional {
                    quote!(self.#list_ident.as_ref().is_none_or(::std::vec::Vec::is_empty))
                } else {
                    quote!(self.#list_ident.is_empty())
                };
                if optional {
                    quote! {
                        if let ::std::option::Option::Some(v) = self.#ident.as_ref().filter(|_| #empty) {
                            #write
                        }
                    }
                } else {
                    quote! {
                        if #empty {
                            let v = &self.#ident;
                            #write
                        }
                    }
                }
            }
            _ => with_field(&ident, optional, write),
        };
        if member.xml.attribute { attributes.push(write) } else { elements.push(write) }
    }
    let write_attributes = (!attributes.is_empty()).then(|| {
        quote! {
            fn write_attributes(&self, w: &mut #rt::xml::XmlWriter) {
                #(#attributes)*
            }
        }
    });
    let unused = if elements.is_empty() { quote!(_w) } else { quote!(w) };
    quote! {
        impl #params #rt::xml::XmlWrite for super::#name #params {
            #write_attributes

            fn write_members(&self, #unused: &mut #rt::xml::XmlWriter) {
                #(#elements)*
            }
        }
    }
}

/// A union writes its one member; a member this model does not list (read from a response)
/// has nothing to write.
fn write_union(cx: &Context, shape: &Shape, members: &[Member]) -> TokenStream {
    let rt = super::runtime::crate_path();
    let name = cx.type_ident(&shape.name);
    let params = cx.lifetime(&shape.name).params();
    let names = cx.names.members(&shape.name);
    let unknown = format_ident!("{UNKNOWN_VARIANT}");
    let arms = members.iter().zip(names).filter_map(|(member, variant)| {
        let target = cx.model.shape(&member.target)?;
        let variant = variant.ident();
        let write = write_element(cx, member, target, member.xml_name(), &namespaces(&member.xml, &target.xml));
        let v = if write.is_empty() { quote!(_) } else { quote!(v) };
        Some(quote!(Self::#variant(#v) => { #write }))
    });
    quote! {
        impl #params #rt::xml::XmlWrite for super::#name #params {
            fn write_members(&self, w: &mut #rt::xml::XmlWriter) {
                match self {
                    #(#arms)*
                    Self::#unknown { .. } => {}
                }
            }
        }
    }
}

/// Statements that write `v`, a reference to a value of `shape` held by `member`, as the
/// element `name` with `namespaces` (a flattened list or map, as one element per item or
/// entry).
fn write_element(cx: &Context, member: &Member, shape: &Shape, name: &str, namespaces: &TokenStream) -> TokenStream {
    let rt = super::runtime::crate_path();
    match &shape.kind {
        ShapeKind::Structure(_) | ShapeKind::Union(_) => quote!(w.structure(#name, #namespaces, v);),
        ShapeKind::List(list) => {
            let Some(item_shape) = cx.model.shape(&list.member.target) else { return TokenStream::new() };
            let iter = if list.sparse { quote!(v.iter().flatten()) } else { quote!(v.iter()) };
            if flattened(member, shape) {
                let write = write_element(cx, &list.member, item_shape, name, namespaces);
                return quote!(for v in #iter { #write });
            }
            let item = list.member.wire_name.as_deref().unwrap_or("member");
            let item_namespaces = self::namespaces(&list.member.xml, &item_shape.xml);
            let write = write_element(cx, &list.member, item_shape, item, &item_namespaces);
            quote! {
                w.start(#name, #namespaces);
                for v in #iter {
                    #write
                }
                w.end(#name);
            }
        }
        ShapeKind::Map(map) => {
            let (Some(key_shape), Some(value_shape)) =
                (cx.model.shape(&map.key.target), cx.model.shape(&map.value.target))
            else {
                return TokenStream::new();
            };
            let key_text = key_text(key_shape);
            let (key, value) =
                (map.key.wire_name.as_deref().unwrap_or("key"), map.value.wire_name.as_deref().unwrap_or("value"));
            let key_namespaces = self::namespaces(&map.key.xml, &key_shape.xml);
            let value_namespaces = self::namespaces(&map.value.xml, &value_shape.xml);
            let write_value = write_element(cx, &map.value, value_shape, value, &value_namespaces);
            let write_value = if map.sparse {
                quote!(if let ::std::option::Option::Some(v) = v { #write_value })
            } else {
                write_value
            };
            let (entry, entry_namespaces) =
                if flattened(member, shape) { (name, namespaces.clone()) } else { ("entry", quote!(&[])) };
            let entries = quote! {
                for (k, v) in #rt::xml::sorted(v, |k| #key_text) {
                    w.start(#entry, #entry_namespaces);
                    w.value(#key, #key_namespaces, k);
                    #write_value
                    w.end(#entry);
                }
            };
            if flattened(member, shape) {
                entries
            } else {
                quote! {
                    w.start(#name, #namespaces);
                    #entries
                    w.end(#name);
                }
            }
        }
        // Documents are JSON; no XML protocol carries one.
        ShapeKind::Document => TokenStream::new(),
        _ => {
            let text = text(member, shape, Place::Body, &quote!(v));
            quote!(w.value(#name, #namespaces, #text);)
        }
    }
}
