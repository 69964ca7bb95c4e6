//! Request bodies of the query protocols (AWS Query, EC2 Query): for each structure and union
//! an operation's input reaches, a `shapegen_runtime::query::QueryStruct` impl that writes its
//! members under their query names, lists and maps in the form the model gives them. The
//! runtime's `QueryWriter` keeps the dotted names and spells the pairs.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Context;
use super::bindings::{Place, text};
use crate::model::{Member, Operation, Protocol, Shape, ShapeKind};
use crate::names::UNKNOWN_VARIANT;

/// The protocols whose request bodies are query pairs.
pub(crate) fn is_query(protocol: &Protocol) -> bool {
    matches!(protocol, Protocol::Query | Protocol::Ec2Query)
}

/// `QueryStruct` impls for every structure and union the inputs of `ops` reach, in name order.
pub(super) fn writers(cx: &Context, ops: &[&Operation]) -> Vec<TokenStream> {
    let roots = ops.iter().filter_map(|op| op.input.clone());
    super::per_type(
        cx.model,
        roots,
        |shape, members| structure(cx, shape, members),
        |shape, members| union(cx, shape, members),
    )
}

fn structure(cx: &Context, shape: &Shape, members: &[Member]) -> TokenStream {
    let rt = super::runtime::crate_path();
    let name = cx.type_ident(&shape.name);
    let params = cx.lifetime(&shape.name).params();
    let names = cx.names.members(&shape.name);
    let writes = members.iter().zip(names).filter_map(|(member, field)| {
        let target = cx.model.shape(&member.target)?;
        let ident = field.ident();
        let key = query_name(cx, member);
        let value = if shape.presence(member) == crate::model::Presence::Optional {
            quote!(self.#ident.as_ref())
        } else {
            quote!(::std::option::Option::Some(&self.#ident))
        };
        if simple_text(target) {
            return Some(quote!(w.value(#key, #value);));
        }
        let write = write_value(cx, member, target);
        Some(quote!(w.member(#key, #value, |w, v| #write);))
    });
    let unused = if members.is_empty() { quote!(_w) } else { quote!(w) };
    quote! {
        impl #params #rt::query::QueryStruct for super::#name #params {
            fn write_query(&self, #unused: &mut #rt::query::QueryWriter) {
                #(#writes)*
            }
        }
    }
}

/// A union writes its one member; a member this model does not list (read from a response)
/// has nothing a query request could say.
fn union(cx: &Context, shape: &Shape, members: &[Member]) -> TokenStream {
    let rt = super::runtime::crate_path();
    let name = cx.type_ident(&shape.name);
    let params = cx.lifetime(&shape.name).params();
    let names = cx.names.members(&shape.name);
    let unknown = format_ident!("{UNKNOWN_VARIANT}");
    let arms = members.iter().zip(names).filter_map(|(member, variant)| {
        let target = cx.model.shape(&member.target)?;
        let variant = variant.ident();
        let key = query_name(cx, member);
        let write = write_value(cx, member, target);
        Some(quote!(Self::#variant(v) => w.member(#key, ::std::option::Option::Some(v), |w, v| #write),))
    });
    quote! {
        impl #params #rt::query::QueryStruct for super::#name #params {
            fn write_query(&self, w: &mut #rt::query::QueryWriter) {
                match self {
                    #(#arms)*
                    Self::#unknown { .. } => {}
                }
            }
        }
    }
}

/// The expression that writes `v`, a reference to a value of `shape` held by `member`, under
/// the writer's current name.
fn write_value(cx: &Context, member: &Member, shape: &Shape) -> TokenStream {
    let ec2 = cx.model.protocol() == Protocol::Ec2Query;
    match &shape.kind {
        ShapeKind::Structure(_) | ShapeKind::Union(_) => quote!(w.structure(v)),
        ShapeKind::List(list) => {
            let Some(item_shape) = cx.model.shape(&list.member.target) else { return quote!({}) };
            // EC2 flattens every list; AWS Query where the member or the list says so.
            let flattened = ec2 || member.xml.flattened || shape.xml.flattened;
            let item = if flattened {
                quote!(::std::option::Option::None)
            } else {
                let name = list.member.wire_name.as_deref().unwrap_or("member");
                quote!(::std::option::Option::Some(#name))
            };
            let write_item = write_value(cx, &list.member, item_shape);
            let write_item = if list.sparse {
                quote!(if let ::std::option::Option::Some(v) = v { #write_item })
            } else {
                write_item
            };
            let empty_pair = !ec2;
            quote!(w.list(v, #item, #empty_pair, |w, v| #write_item))
        }
        ShapeKind::Map(map) => {
            let (Some(key_shape), Some(value_shape)) =
                (cx.model.shape(&map.key.target), cx.model.shape(&map.value.target))
            else {
                return quote!({});
            };
            let entry = if member.xml.flattened || shape.xml.flattened {
                quote!(::std::option::Option::None)
            } else {
                quote!(::std::option::Option::Some("entry"))
            };
            let key = map.key.wire_name.as_deref().unwrap_or("key");
            let value = map.value.wire_name.as_deref().unwrap_or("value");
            let key_text = super::wire::key_text(key_shape);
            let write_value = write_value(cx, &map.value, value_shape);
            let write_value = if map.sparse {
                quote!(if let ::std::option::Option::Some(v) = v { #write_value })
            } else {
                write_value
            };
            quote!(w.map(v, #entry, (#key, #value), |k| #key_text, |w, v| #write_value))
        }
        _ if simple_text(shape) => quote!(w.write(v)),
        ShapeKind::Timestamp => {
            let format = super::bindings::timestamp_format(member, shape, Place::Query);
            quote!(w.timestamp(v, #format))
        }
        _ => {
            let value = text(member, shape, Place::Query, &quote!(v));
            quote!(w.text(#value))
        }
    }
}

/// Whether the runtime spells values of `shape` itself (`QueryText`): the strings, numbers,
/// booleans and blobs, whose spelling no trait of the model changes.
fn simple_text(shape: &Shape) -> bool {
    matches!(
        shape.kind,
        ShapeKind::String
            | ShapeKind::Boolean
            | ShapeKind::Byte
            | ShapeKind::Short
            | ShapeKind::Integer
            | ShapeKind::Long
            | ShapeKind::Float
            | ShapeKind::Double
            | ShapeKind::Blob { .. }
    )
}

/// The name a member's value goes under: for AWS Query, its XML name, else its name; for EC2
/// Query, its EC2 query name, else its XML name or its name with the first letter upper case.
fn query_name(cx: &Context, member: &Member) -> String {
    let xml_name = member.wire_name.as_deref().unwrap_or(&member.name);
    if cx.model.protocol() != Protocol::Ec2Query {
        return xml_name.to_owned();
    }
    if let Some(name) = &member.query_name {
        return name.clone();
    }
    let mut chars = xml_name.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
