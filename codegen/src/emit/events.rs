//! Event streams: how a generated event union reads one message of its stream
//! (`shapegen_runtime::events::EventStream`). An `event` becomes the variant its `:event-type`
//! names, an `exception` the error member its `:exception-type` names (returned as the
//! stream's error), anything else an error of the stream; an event type the model does not
//! list is kept as `Unknown`.
//!
//! An event's members bound to headers (botocore's `eventheader`, Smithy's `@eventHeader`)
//! are read from the message's headers; its payload member (`eventpayload`,
//! `@eventPayload`) from the payload: a blob or a string as it is, anything else as a
//! document of the protocol's format; without one, its other members are such a document.

use proc_macro2::TokenStream;
use quote::quote;

use super::Context;
use super::runtime::crate_path;
use crate::error::Error;
use crate::model::{Binding, Member, Presence, Protocol, Shape, ShapeKind};

/// The `EventStream` impl of the event-stream union `shape`, or nothing for a union that is
/// not one, or that borrows from the body (its events could not outlive their message).
pub(super) fn event_stream_impl(cx: &Context, shape: &Shape, members: &[Member]) -> Result<TokenStream, Error> {
    if !shape.event_stream || cx.lifetime(&shape.name).borrows() {
        return Ok(TokenStream::new());
    }
    let rt = crate_path();
    let name = cx.type_ident(&shape.name);
    let variants = cx.names.members(&shape.name);
    let unknown = quote::format_ident!("{}", crate::names::UNKNOWN_VARIANT);
    let mut events = Vec::new();
    let mut exceptions = Vec::new();
    for (member, variant) in members.iter().zip(variants) {
        let variant = variant.ident();
        let Some(target) = cx.model.shape(&member.target) else {
            return Err(Error::Internal(format!("{}.{}: no shape {}", shape.name, member.name, member.target)));
        };
        let read = read_event(cx, &member.name, target)?;
        let read =
            if cx.selection.is_boxed(&shape.name, &member.name) { quote!(::std::boxed::Box::new(#read)) } else { read };
        let wire = &member.name;
        if target.error.is_some() {
            exceptions.push(quote! {
                ::std::option::Option::Some(#wire) => {
                    ::std::result::Result::Err(#rt::events::EventError::Exception(Self::#variant(#read)))
                }
            });
        } else {
            events
                .push(quote!(::std::option::Option::Some(#wire) => ::std::result::Result::Ok(Self::#variant(#read)),));
        }
    }
    // Exceptions the union does not list are errors of the stream like any other message.
    let exceptions = (!exceptions.is_empty()).then(|| {
        quote! {
            ::std::option::Option::Some("exception") => match message.string(":exception-type") {
                #(#exceptions)*
                _ => ::std::result::Result::Err(#rt::events::EventError::other(message)),
            },
        }
    });
    Ok(quote! {
        impl #rt::events::EventStream for #name {
            fn read_message(
                message: &#rt::events::EventMessage<'_>,
            ) -> ::std::result::Result<Self, #rt::events::EventError<Self>> {
                match message.message_type() {
                    ::std::option::Option::Some("event") => match message.event_type() {
                        #(#events)*
                        ::std::option::Option::Some(other) => ::std::result::Result::Ok(Self::#unknown {
                            name: ::std::borrow::ToOwned::to_owned(other),
                            value: #rt::events::unknown_value(message),
                        }),
                        ::std::option::Option::None => ::std::result::Result::Err(
                            #rt::events::EventError::malformed(":event-type", "an event without an :event-type header"),
                        ),
                    },
                    #exceptions
                    _ => ::std::result::Result::Err(#rt::events::EventError::other(message)),
                }
            }
        }
    })
}

/// The `EventStreamInput` impl of an event-stream union that an input sends: each event as its
/// message, its members bound to headers as headers, its payload member (or its other members,
/// as a JSON document) as the payload. Nothing for another union.
pub(super) fn event_input_impl(cx: &Context, shape: &Shape, members: &[Member]) -> Result<TokenStream, Error> {
    if !shape.event_stream || !cx.model.is_input_stream(&shape.name) || cx.lifetime(&shape.name).borrows() {
        return Ok(TokenStream::new());
    }
    if !cx.model.speaks_json() {
        return Err(Error::Settings(format!(
            "{}: an input event stream of the {} protocol, which is not generated (every one of AWS's is rest-json)",
            shape.name,
            cx.model.protocol()
        )));
    }
    let rt = crate_path();
    let name = cx.type_ident(&shape.name);
    let unknown = quote::format_ident!("{}", crate::names::UNKNOWN_VARIANT);
    let mut arms = Vec::new();
    for (member, variant) in members.iter().zip(cx.names.members(&shape.name)) {
        let variant = variant.ident();
        let Some(target) = cx.model.shape(&member.target) else {
            return Err(Error::Internal(format!("{}.{}: no shape {}", shape.name, member.name, member.target)));
        };
        let write = write_event(cx, &member.name, target)?;
        arms.push(quote!(Self::#variant(event) => { #write }));
    }
    Ok(quote! {
        impl #rt::events::EventStreamInput for #name {
            fn write_message(&self) -> ::std::result::Result<#rt::events::OutMessage, #rt::request::RequestError> {
                match self {
                    #(#arms)*
                    Self::#unknown { name, .. } => ::std::result::Result::Err(
                        #rt::request::RequestError::UnknownEvent { name: ::std::clone::Clone::clone(name) },
                    ),
                }
            }
        }
    })
}

/// Statements that write `event` (an event of type `event_type`, of structure `target`) as its
/// message.
fn write_event(cx: &Context, event_type: &str, target: &Shape) -> Result<TokenStream, Error> {
    let rt = crate_path();
    let none = quote!(::std::option::Option::None::<&str>);
    let ShapeKind::Structure(members) = &target.kind else {
        return Ok(quote! {
            ::std::result::Result::Ok(#rt::events::OutMessage::event(
                #event_type,
                ::std::option::Option::Some("application/json"),
                #rt::json::to_vec(event)?,
            ))
        });
    };
    let fields = cx.names.members(&target.name);
    let payload = members.iter().zip(fields).find(|(m, _)| m.event_payload);
    let body = members.iter().any(|m| m.binding.in_body() && !m.event_payload);
    let (content_type, bytes) = match payload {
        Some((member, field)) => {
            let ident = field.ident();
            let optional = matches!(target.presence(member), Presence::Optional);
            let kind = cx.model.shape(&member.target).map(|s| &s.kind);
            let value = if optional {
                quote!(event.#ident.as_ref())
            } else {
                quote!(::std::option::Option::Some(&event.#ident))
            };
            match kind {
                Some(ShapeKind::Blob { .. }) => (
                    quote!(::std::option::Option::Some("application/octet-stream")),
                    quote!(#value.map(::std::clone::Clone::clone).unwrap_or_default()),
                ),
                Some(ShapeKind::String) => (
                    quote!(::std::option::Option::Some("text/plain")),
                    quote!(#value.map(|text| ::std::string::ToString::to_string(text).into_bytes()).unwrap_or_default()),
                ),
                _ => (
                    quote!(::std::option::Option::Some("application/json")),
                    quote!(match #value {
                        ::std::option::Option::Some(value) => #rt::json::to_vec(value)?,
                        ::std::option::Option::None => ::std::vec::Vec::new(),
                    }),
                ),
            }
        }
        None if body => (quote!(::std::option::Option::Some("application/json")), quote!(#rt::json::to_vec(event)?)),
        None => (quote!(#none), quote!(::std::vec::Vec::new())),
    };
    let mut headers = Vec::new();
    for (member, field) in members.iter().zip(fields) {
        let Binding::Header(header) = &member.binding else { continue };
        if member.event_payload {
            continue;
        }
        let ident = field.ident();
        let optional = matches!(target.presence(member), Presence::Optional);
        let value =
            if optional { quote!(event.#ident.as_ref()) } else { quote!(::std::option::Option::Some(&event.#ident)) };
        let value = match cx.model.shape(&member.target).and_then(|s| header_kind(&s.kind)) {
            Some(HeaderKind::Enum) => quote!(#value.map(|value| value.as_str())),
            Some(HeaderKind::Value) => value,
            None => continue,
        };
        headers.push(quote!(message.header(#header, #value);));
    }
    let mutable = if headers.is_empty() { TokenStream::new() } else { quote!(mut) };
    Ok(quote! {
        let #mutable message = #rt::events::OutMessage::event(#event_type, #content_type, #bytes);
        #(#headers)*
        ::std::result::Result::Ok(message)
    })
}

/// A block that reads the event (or exception) `event` of structure `target` from `message`.
fn read_event(cx: &Context, event: &str, target: &Shape) -> Result<TokenStream, Error> {
    let rt = crate_path();
    let ty = cx.type_ident(&target.name);
    let ShapeKind::Structure(members) = &target.kind else {
        // Events are structures; a union of other shapes is refused by validation. Read as
        // its payload document.
        let read = document(cx, quote!(message.payload));
        return Ok(quote!(#read.map_err(|e| #rt::events::EventError::malformed(#event, e))?));
    };
    let fields = cx.names.members(&target.name);
    let payload = members.iter().position(|m| m.event_payload);
    let body = members.iter().any(|m| m.binding.in_body() && !m.event_payload);
    let headers: Vec<_> = members
        .iter()
        .zip(fields)
        .filter(|(m, _)| matches!(m.binding, Binding::Header(_)) && !m.event_payload)
        .collect();
    // The members read from headers, and how each is set.
    let mut set = Vec::new();
    for (member, field) in headers {
        let Binding::Header(header) = &member.binding else { continue };
        let Some(header_shape) = cx.model.shape(&member.target) else { continue };
        let read = match header_kind(&header_shape.kind) {
            Some(HeaderKind::Value) => quote!(#rt::events::header(message, #header)?),
            Some(HeaderKind::Enum) => quote! {
                #rt::events::header::<::std::string::String, Self>(message, #header)?
                    .map(|value| ::std::convert::From::from(value.as_str()))
            },
            None => continue,
        };
        let read = match target.presence(member) {
            Presence::Optional => read,
            _ => quote!(#read.unwrap_or_default()),
        };
        set.push((field.ident(), read));
    }
    if payload.is_none() && body {
        // The members in the payload's document, then those in headers.
        let read = document(cx, quote!(message.payload));
        let init = quote!(#read.map_err(|e| #rt::events::EventError::malformed(#event, e))?);
        if set.is_empty() {
            return Ok(init);
        }
        let assign = set.iter().map(|(ident, read)| quote!(value.#ident = #read;));
        return Ok(quote!({
            let mut value: #ty = #init;
            #(#assign)*
            value
        }));
    }
    if let Some(index) = payload {
        let member = &members[index];
        let field = fields.get(index).ok_or_else(|| Error::Internal(format!("{}: no field names", target.name)))?;
        let Some(payload_shape) = cx.model.shape(&member.target) else {
            return Err(Error::Internal(format!("{}.{}: no shape {}", target.name, member.name, member.target)));
        };
        let read = match &payload_shape.kind {
            ShapeKind::Blob { .. } => quote!(::std::borrow::ToOwned::to_owned(message.payload)),
            ShapeKind::String => {
                quote!(::std::borrow::ToOwned::to_owned(#rt::events::payload_text(message, #event)?))
            }
            _ => {
                let read = document(cx, quote!(message.payload));
                quote!(#read.map_err(|e| #rt::events::EventError::malformed(#event, e))?)
            }
        };
        let read = if cx.selection.is_boxed(&target.name, &member.name) {
            quote!(::std::boxed::Box::new(#read))
        } else {
            read
        };
        let read = match target.presence(member) {
            Presence::Optional => quote! {
                if message.payload.is_empty() {
                    ::std::option::Option::None
                } else {
                    ::std::option::Option::Some(#read)
                }
            },
            _ => read,
        };
        set.push((field.ident(), read));
    }
    // The rest, and an exception's context, start empty.
    let rest = (set.len() < members.len() || cx.error_context_field(target).is_some())
        .then(|| quote!(..::std::default::Default::default()));
    let fields = set.iter().map(|(ident, read)| quote!(#ident: #read,));
    Ok(quote!(#ty { #(#fields)* #rest }))
}

/// How a member of a shape of `kind` travels in a header of an event's message: as a value of
/// the header's own types, as an enum's string, or not at all (no header carries another type;
/// the model cannot bind one).
fn header_kind(kind: &ShapeKind) -> Option<HeaderKind> {
    match kind {
        ShapeKind::String
        | ShapeKind::Boolean
        | ShapeKind::Byte
        | ShapeKind::Short
        | ShapeKind::Integer
        | ShapeKind::Long
        | ShapeKind::Blob { .. }
        | ShapeKind::Timestamp => Some(HeaderKind::Value),
        ShapeKind::Enum(_) => Some(HeaderKind::Enum),
        _ => None,
    }
}

/// See [`header_kind`].
enum HeaderKind {
    /// A value of one of the header's types.
    Value,
    /// An enum, as its string.
    Enum,
}

/// The expression that reads a document of the protocol's format from `bytes`: a
/// `Result<_, ResponseError>`.
fn document(cx: &Context, bytes: TokenStream) -> TokenStream {
    let rt = crate_path();
    match cx.model.protocol() {
        Protocol::RestXml | Protocol::Query | Protocol::Ec2Query => quote!(#rt::xml::read_document(#bytes, 200)),
        Protocol::RpcV2Cbor => quote!(#rt::cbor::read_body(#bytes, 200)),
        _ => quote!(#rt::response::json_body(#bytes, 200)),
    }
}
