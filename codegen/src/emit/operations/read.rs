//! Reading a structure (an output or an error) from a response: its body or payload as the
//! protocol writes it, then the members bound to headers and the status code.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::Context;
use crate::emit::runtime::crate_path;
use crate::error::Error;
use crate::model::{Binding, Member, Protocol, Shape, ShapeKind};

use super::shared::{Field, Read, fields, is_xml, list_item, named};

/// Statements that read a structure (an output or an error) from `response` into `value`:
/// the body or payload, then members bound to headers and the status code. `malformed` wraps
/// a `ResponseError` into the function's error.
pub(super) fn read_structure(
    cx: &Context,
    shape: &Shape,
    read: Read,
    malformed: Option<TokenStream>,
    more: bool,
    define_status: bool,
) -> Result<TokenStream, Error> {
    let wrap = malformed.as_ref();
    let rt = crate_path();
    let ty = named(cx, shape);
    let fields = fields(cx, shape);
    let binds = cx.model.protocol().binds_http();
    let mut steps = Vec::new();
    let payload_reads_text = fields
        .iter()
        .any(|f| binds && f.member.binding == Binding::Payload && !matches!(f.target.kind, ShapeKind::Blob { .. }));
    let uses_status = payload_reads_text
        || fields.iter().any(|f| match &f.member.binding {
            binding if binding.in_response_body() => true,
            Binding::Header(_) | Binding::PrefixHeaders(_) | Binding::StatusCode => binds,
            _ => !binds,
        });
    if define_status && uses_status {
        steps.push(quote!(let status = response.status().as_u16();));
    }
    // `value` is changed after it is read when members travel outside the body, or when the
    // caller changes it (`more`).
    let payload = fields.iter().find(|f| f.member.binding == Binding::Payload && binds);
    let from_body = payload.is_none() && fields.iter().any(|f| f.member.binding.in_response_body() || !binds);
    // Without a body to read, the status code goes in the value's initializer.
    let status_field = fields.iter().find(|f| binds && f.member.binding == Binding::StatusCode);
    let status_in_initializer = payload.is_none() && !from_body && status_field.is_some();
    let outside = binds
        && fields.iter().any(|f| match f.member.binding {
            Binding::Header(_) | Binding::PrefixHeaders(_) => true,
            Binding::StatusCode => !status_in_initializer,
            _ => false,
        });
    let mutable = if outside || more { quote!(mut) } else { TokenStream::new() };
    if let Some(f) = fields.iter().find(|f| f.member.streaming) {
        // A stream: the response's body, or the stream the client left in its extensions;
        // bytes, or the events of an event stream.
        let ident = &f.ident;
        let name = cx.type_ident(&shape.name);
        let rest = (fields.len() > 1 || cx.error_context_field(shape).is_some())
            .then(|| quote!(..::std::default::Default::default()));
        let stream = if f.target.event_stream {
            quote!(#rt::events::Events::of_response(response))
        } else {
            quote!(#rt::body::Body::of_response(response))
        };
        steps.push(quote! {
            let #mutable value: #ty = super::#name { #ident: #stream, #rest };
        });
    } else if let Some(f) = payload {
        steps.push(quote!(let mut value: #ty = ::std::default::Default::default();));
        let ident = &f.ident;
        let read = match &f.target.kind {
            ShapeKind::Blob { .. } => quote!(body.to_vec()),
            ShapeKind::String | ShapeKind::Enum(_) => {
                let text = fallible_with(
                    quote!(::std::str::from_utf8(body)),
                    quote!(#rt::response::ResponseError::new("body", e.to_string(), status)),
                    wrap,
                );
                match &f.target.kind {
                    ShapeKind::String if cx.borrowed_strings() => quote!(::std::borrow::Cow::Borrowed(#text)),
                    ShapeKind::String => quote!(::std::borrow::ToOwned::to_owned(#text)),
                    _ => quote!(::std::convert::From::from(#text)),
                }
            }
            _ if cx.model.protocol() == Protocol::RestXml => {
                fallible(quote!(#rt::xml::read_document(body, status)), wrap)
            }
            _ => fallible_with(
                quote!(#rt::json::from_slice(body)),
                quote!(#rt::response::ResponseError::from_json(e, status)),
                wrap,
            ),
        };
        let boxed = cx.selection.is_boxed(&shape.name, &f.member.name);
        let read = if boxed { quote!(::std::boxed::Box::new(#read)) } else { read };
        let assign = if f.optional {
            quote!(value.#ident = ::std::option::Option::Some(#read);)
        } else {
            quote!(value.#ident = #read;)
        };
        steps.push(quote! {
            let body = response.body().as_ref();
            if !body.is_empty() {
                #assign
            }
        });
    } else if fields.iter().any(|f| f.member.binding.in_response_body() || !binds) {
        let read_body = fallible(read_body(cx, read), wrap);
        steps.push(quote!(let #mutable value: #ty = #read_body;));
    } else if let (true, Some(f)) = (status_in_initializer, status_field) {
        let ident = &f.ident;
        let status = quote!(::std::convert::From::from(status));
        let status = if f.optional { quote!(::std::option::Option::Some(#status)) } else { status };
        let name = cx.type_ident(&shape.name);
        // The other members, and an error's context, start empty.
        let rest = (fields.len() > 1 || cx.error_context_field(shape).is_some())
            .then(|| quote!(..::std::default::Default::default()));
        steps.push(quote! {
            let #mutable value: #ty = super::#name { #ident: #status, #rest };
        });
    } else {
        steps.push(quote!(let #mutable value: #ty = ::std::default::Default::default();));
    }
    if binds {
        for f in &fields {
            let ident = &f.ident;
            let assign = |read: TokenStream| {
                if f.optional {
                    quote!(value.#ident = ::std::option::Option::Some(#read);)
                } else {
                    quote!(value.#ident = #read;)
                }
            };
            match &f.member.binding {
                Binding::Header(name) => {
                    let read = header_value(cx, f, name, wrap);
                    let set = assign(read);
                    let header = fallible(quote!(#rt::response::header(response.headers(), #name, status)), wrap);
                    steps.push(quote! {
                        if let ::std::option::Option::Some(header) = #header {
                            #set
                        }
                    });
                }
                Binding::PrefixHeaders(prefix) => {
                    let set = assign(if cx.borrowed_strings() {
                        quote! {
                            headers.into_iter().map(|(k, v)| (::std::borrow::Cow::Owned(k), ::std::borrow::Cow::Owned(v))).collect()
                        }
                    } else {
                        quote!(headers)
                    });
                    let headers =
                        fallible(quote!(#rt::response::prefix_headers(response.headers(), #prefix, status)), wrap);
                    // Read as botocore does: no header with the prefix is an empty map.
                    steps.push(quote! {
                        let headers = #headers;
                        #set
                    });
                }
                Binding::StatusCode if !status_in_initializer => {
                    let set = assign(quote!(::std::convert::From::from(status)));
                    steps.push(set);
                }
                _ => {}
            }
        }
    }
    Ok(quote!(#(#steps)*))
}

/// `result` (an expression of type `Result<T, ResponseError>`) with `?`, the error wrapped by
/// `malformed` when given.
pub(super) fn fallible(result: TokenStream, malformed: Option<&TokenStream>) -> TokenStream {
    match malformed {
        Some(wrap) => quote!(#result.map_err(#wrap)?),
        None => quote!(#result?),
    }
}

/// `result` (an expression of type `Result<T, E>`) with `?`, its error made a
/// `ResponseError` by `error` (an expression of `e`), then wrapped by `malformed` when given.
pub(super) fn fallible_with(result: TokenStream, error: TokenStream, malformed: Option<&TokenStream>) -> TokenStream {
    match malformed {
        Some(wrap) => quote!(#result.map_err(|e| #wrap(#error))?),
        None => quote!(#result.map_err(|e| #error)?),
    }
}

/// The expression reading a header member's value from `header`, a `Cow<str>`.
pub(super) fn header_value(cx: &Context, f: &Field, name: &str, malformed: Option<&TokenStream>) -> TokenStream {
    let rt = crate_path();
    let Some((item, item_shape, sparse)) = list_item(cx, f.target) else {
        return parse_text(cx, f.member, f.target, name, &quote!(header), malformed, false);
    };
    let split = if matches!(item_shape.kind, ShapeKind::Timestamp) {
        quote!(#rt::response::split_http_date_list)
    } else {
        quote!(#rt::response::split_header_list)
    };
    let items = fallible(quote!(#split(#name, &header, status)), malformed);
    let plain_strings = matches!(item_shape.kind, ShapeKind::String) && !item.json_value && !cx.borrowed_strings();
    if plain_strings && !sparse {
        return items;
    }
    let parse = parse_text(cx, item, item_shape, name, &quote!(item), malformed, true);
    let parse = if sparse { quote!(::std::option::Option::Some(#parse)) } else { parse };
    quote! {{
        let mut items = ::std::vec::Vec::new();
        for item in #items {
            items.push(#parse);
        }
        items
    }}
}

/// The expression reading a simple value from `text`: a `Cow<str>` taken from a header, or a
/// `String` (`owned`), an item of a header list.
pub(super) fn parse_text(
    cx: &Context,
    member: &Member,
    shape: &Shape,
    name: &str,
    text: &TokenStream,
    malformed: Option<&TokenStream>,
    owned: bool,
) -> TokenStream {
    let rt = crate_path();
    let parse = |function: TokenStream| fallible(quote!(#rt::response::#function(#name, &#text, status)), malformed);
    let string = |owned_text: TokenStream| {
        if cx.borrowed_strings() { quote!(::std::borrow::Cow::Owned(#owned_text)) } else { owned_text }
    };
    match &shape.kind {
        ShapeKind::String if member.json_value => string(parse(quote!(parse_base64_string))),
        ShapeKind::String if owned => string(quote!(#text)),
        ShapeKind::String if cx.borrowed_strings() => quote!(#text),
        ShapeKind::String => quote!(#text.into_owned()),
        ShapeKind::Enum(_) => quote!(::std::convert::From::from(&*#text)),
        ShapeKind::IntEnum(_) => {
            let number = parse(quote!(parse_int::<i32>));
            quote!(::std::convert::From::from(#number))
        }
        ShapeKind::Boolean => parse(quote!(parse_bool)),
        ShapeKind::Byte => parse(quote!(parse_int::<i8>)),
        ShapeKind::Short => parse(quote!(parse_int::<i16>)),
        ShapeKind::Integer => parse(quote!(parse_int::<i32>)),
        ShapeKind::Long => parse(quote!(parse_int::<i64>)),
        ShapeKind::Float => parse(quote!(parse_f32)),
        ShapeKind::Double => parse(quote!(parse_f64)),
        ShapeKind::BigInteger | ShapeKind::BigDecimal => parse(quote!(parse_int::<::serde_json::Number>)),
        ShapeKind::Blob { .. } => parse(quote!(parse_base64)),
        ShapeKind::Timestamp => parse(quote!(parse_timestamp)),
        // Validation admits no other kind in a header.
        _ => quote!(::std::default::Default::default()),
    }
}

/// The expression (a `Result<T, ResponseError>`) that reads the body of `response` into
/// the structure a `read` is of, as the protocol writes it.
pub(super) fn read_body(cx: &Context, read: Read) -> TokenStream {
    let rt = crate_path();
    let protocol = cx.model.protocol();
    let body = quote!(response.body().as_ref());
    match (&protocol, read) {
        (Protocol::Query, Read::Output(op)) => {
            let wrapper = op.output_wrapper.clone().unwrap_or_else(|| format!("{}Result", op.name));
            quote!(#rt::xml::query_output(#body, #wrapper, status))
        }
        (Protocol::Ec2Query | Protocol::RestXml, Read::Output(_)) => quote!(#rt::xml::read_document(#body, status)),
        (Protocol::RpcV2Cbor, _) => quote!(#rt::cbor::read_body(#body, status)),
        (_, Read::Error) if is_xml(&protocol) => {
            let form = error_form(&protocol);
            quote!(#form.read(#body, status))
        }
        _ => quote!(#rt::response::json_body(#body, status)),
    }
}

/// Where the XML `protocol` puts an error's `<Error>` element (`shapegen_runtime::xml::ErrorForm`).
pub(super) fn error_form(protocol: &Protocol) -> TokenStream {
    let rt = crate_path();
    match protocol {
        Protocol::Query => quote!(#rt::xml::ErrorForm::Query),
        Protocol::Ec2Query => quote!(#rt::xml::ErrorForm::Ec2),
        _ => quote!(#rt::xml::ErrorForm::Rest),
    }
}
