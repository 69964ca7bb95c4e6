//! CBOR bodies (`smithy-rpc-v2-cbor`): for each structure and union the inputs of the
//! operations reach, a `shapegen_runtime::cbor::CborWrite` impl that writes each member with a
//! value under its name; for each the outputs and errors reach, a `CborStruct` impl whose one
//! `match` sends each key to the member it names. The runtime's `CborWriter` and `CborReader`
//! spell the values and walk the body.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Context;
use super::wire::{boxed_read, key_text, reader_lifetime, with_field};
use crate::model::{Member, Operation, Presence, Shape, ShapeKind};
use crate::names::UNKNOWN_VARIANT;

/// `CborWrite` impls for every structure and union the inputs of `ops` reach, in name order.
pub(super) fn writers(cx: &Context, ops: &[&Operation]) -> Vec<TokenStream> {
    let roots = ops.iter().filter_map(|op| op.input.clone());
    super::per_type(
        cx.model,
        roots,
        |shape, members| write_structure(cx, shape, members),
        |shape, members| write_union(cx, shape, members),
    )
}

/// `CborStruct` impls for every structure and union the outputs and errors of `ops` reach.
pub(super) fn readers(cx: &Context, ops: &[&Operation]) -> Vec<TokenStream> {
    let roots = ops.iter().flat_map(|op| op.output.iter().chain(&op.errors).cloned());
    super::per_type(
        cx.model,
        roots,
        |shape, members| read_structure(cx, shape, members),
        |shape, members| read_union(cx, shape, members),
    )
}

/// The key a member's value goes under: its name (the protocol uses no other).
fn key(member: &Member) -> &str {
    &member.name
}

fn write_structure(cx: &Context, shape: &Shape, members: &[Member]) -> TokenStream {
    let rt = super::runtime::crate_path();
    let name = cx.type_ident(&shape.name);
    let params = cx.lifetime(&shape.name).params();
    let names = cx.names.members(&shape.name);
    let writes: Vec<TokenStream> = members
        .iter()
        .zip(names)
        .filter_map(|(member, field)| {
            let target = cx.model.shape(&member.target)?;
            let write = write_value(cx, target)?;
            let key = key(member);
            let write = quote! {
                w.key(#key);
                #write
            };
            Some(with_field(&field.ident(), shape.presence(member) == Presence::Optional, write))
        })
        .collect();
    let unused = if writes.is_empty() { quote!(_w) } else { quote!(w) };
    quote! {
        impl #params #rt::cbor::CborWrite for super::#name #params {
            fn write_cbor(&self, #unused: &mut #rt::cbor::CborWriter) {
                #(#writes)*
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
        let key = key(member);
        Some(match write_value(cx, target) {
            Some(write) => quote!(Self::#variant(v) => { w.key(#key); #write }),
            None => quote!(Self::#variant(_) => {}),
        })
    });
    quote! {
        impl #params #rt::cbor::CborWrite for super::#name #params {
            fn write_cbor(&self, w: &mut #rt::cbor::CborWriter) {
                match self {
                    #(#arms)*
                    Self::#unknown { .. } => {}
                }
            }
        }
    }
}

/// Statements that write `v`, a reference to a value of `shape`; `None` for a document, which
/// is JSON and has no CBOR form here.
fn write_value(cx: &Context, shape: &Shape) -> Option<TokenStream> {
    Some(match &shape.kind {
        ShapeKind::Structure(_) | ShapeKind::Union(_) => quote!(w.structure(v);),
        ShapeKind::List(list) => {
            let item_shape = cx.model.shape(&list.member.target)?;
            let write = or_null(write_value(cx, item_shape)?, list.sparse);
            quote! {
                w.array(v.len());
                for v in v.iter() {
                    #write
                }
            }
        }
        ShapeKind::Map(map) => {
            let key_shape = cx.model.shape(&map.key.target)?;
            let value_shape = cx.model.shape(&map.value.target)?;
            let key = key_text(key_shape);
            let write = or_null(write_value(cx, value_shape)?, map.sparse);
            quote! {
                w.map(v.len());
                for (k, v) in v.iter() {
                    w.str(#key);
                    #write
                }
            }
        }
        ShapeKind::String => quote!(w.str(::std::convert::AsRef::<str>::as_ref(v));),
        ShapeKind::Enum(_) => quote!(w.str(v.as_str());),
        ShapeKind::IntEnum(_) => quote!(w.int(i64::from(v.value()));),
        ShapeKind::Boolean => quote!(w.bool(*v);),
        ShapeKind::Byte | ShapeKind::Short | ShapeKind::Integer => quote!(w.int(i64::from(*v));),
        ShapeKind::Long => quote!(w.int(*v);),
        ShapeKind::Float => quote!(w.f32(*v);),
        ShapeKind::Double => quote!(w.f64(*v);),
        ShapeKind::BigInteger | ShapeKind::BigDecimal => quote!(w.number(v);),
        ShapeKind::Blob { .. } => quote!(w.bytes(v);),
        ShapeKind::Timestamp => quote!(w.timestamp(v);),
        ShapeKind::Document => return None,
    })
}

/// `write` (statements about `v`) for the items of a sparse list or map, whose `v` is an
/// `Option`: `null` for `None`.
fn or_null(write: TokenStream, sparse: bool) -> TokenStream {
    if !sparse {
        return write;
    }
    quote! {
        match v {
            ::std::option::Option::Some(v) => { #write }
            ::std::option::Option::None => w.null(),
        }
    }
}

fn read_structure(cx: &Context, shape: &Shape, members: &[Member]) -> TokenStream {
    let rt = super::runtime::crate_path();
    let name = cx.type_ident(&shape.name);
    let lifetime = cx.lifetime(&shape.name);
    let params = lifetime.params();
    let names = cx.names.members(&shape.name);
    let arms: Vec<TokenStream> = members
        .iter()
        .zip(names)
        .filter_map(|(member, field)| {
            let target = cx.model.shape(&member.target)?;
            let read = read_value(cx, target)?;
            let ident = field.ident();
            let key = key(member);
            let read = boxed_read(cx.selection.is_boxed(&shape.name, &member.name), read);
            Some(if shape.presence(member) == Presence::Optional {
                quote!(#key => self.#ident = ::std::option::Option::Some(#read),)
            } else {
                quote!(#key => self.#ident = #read,)
            })
        })
        .collect();
    let (lt, impl_params) = reader_lifetime(lifetime.borrows());
    let (key_param, body) = if arms.is_empty() {
        (quote!(_key), quote!(reader.skip()))
    } else {
        (
            quote!(key),
            quote! {
                match key {
                    #(#arms)*
                    _ => reader.skip()?,
                }
                ::std::result::Result::Ok(())
            },
        )
    };
    quote! {
        impl #impl_params #rt::cbor::CborStruct<#lt> for super::#name #params {
            fn read_member(
                &mut self,
                #key_param: &str,
                reader: &mut #rt::cbor::CborReader<#lt>,
            ) -> ::std::result::Result<(), #rt::response::ResponseError> {
                #body
            }
        }
    }
}

/// A union takes the member its one key names; a key this model does not list is kept by
/// name in `Unknown`.
fn read_union(cx: &Context, shape: &Shape, members: &[Member]) -> TokenStream {
    let rt = super::runtime::crate_path();
    let name = cx.type_ident(&shape.name);
    let lifetime = cx.lifetime(&shape.name);
    let params = lifetime.params();
    let names = cx.names.members(&shape.name);
    let unknown = format_ident!("{UNKNOWN_VARIANT}");
    let arms = members.iter().zip(names).filter_map(|(member, variant)| {
        let target = cx.model.shape(&member.target)?;
        let read = read_value(cx, target)?;
        let variant = variant.ident();
        let key = key(member);
        let read = boxed_read(cx.selection.is_boxed(&shape.name, &member.name), read);
        Some(quote!(#key => Self::#variant(#read),))
    });
    let (lt, impl_params) = reader_lifetime(lifetime.borrows());
    quote! {
        impl #impl_params #rt::cbor::CborStruct<#lt> for super::#name #params {
            fn read_member(
                &mut self,
                key: &str,
                reader: &mut #rt::cbor::CborReader<#lt>,
            ) -> ::std::result::Result<(), #rt::response::ResponseError> {
                *self = match key {
                    #(#arms)*
                    _ => {
                        reader.skip()?;
                        Self::#unknown {
                            name: ::std::convert::Into::into(::std::borrow::ToOwned::to_owned(key)),
                            value: ::std::default::Default::default(),
                        }
                    }
                };
                ::std::result::Result::Ok(())
            }
        }
    }
}

/// The expression (a `Result`) that reads a value of `shape`; `None` for a document.
fn read_value(cx: &Context, shape: &Shape) -> Option<TokenStream> {
    Some(match &shape.kind {
        ShapeKind::Structure(_) | ShapeKind::Union(_) => quote!(reader.structure()),
        ShapeKind::Enum(_) => quote!(reader.read_enum()),
        ShapeKind::IntEnum(_) => quote!(reader.read::<i32>().map(::std::convert::From::from)),
        ShapeKind::List(list) => {
            let item = read_value(cx, cx.model.shape(&list.member.target)?)?;
            let item = if list.sparse { quote!(reader.nullable(|reader| #item)) } else { item };
            quote!(reader.list(|reader| #item))
        }
        ShapeKind::Map(map) => {
            let key_shape = cx.model.shape(&map.key.target)?;
            let value = read_value(cx, cx.model.shape(&map.value.target)?)?;
            let sparse = map.sparse;
            let value = if sparse { quote!(reader.nullable(|reader| #value)) } else { value };
            let key = match key_shape.kind {
                ShapeKind::Enum(_) => quote!(|k| ::std::convert::From::from(&*k)),
                _ => quote!(::std::convert::From::from),
            };
            quote!(reader.map(#sparse, #key, |reader| #value))
        }
        ShapeKind::Document => return None,
        _ => quote!(reader.read()),
    })
}
