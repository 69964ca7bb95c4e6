//! Requests: the `request` function of each operation.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::Context;
use crate::emit::runtime::crate_path;
use crate::error::{Error, ModelError};
use crate::model::{Binding, Operation, Protocol, Shape, ShapeKind, TemplatePiece, UriTemplate};

use super::shared::{Field, fields, list_item};
use crate::emit::bindings::{Place, text};

pub(super) fn request(cx: &Context, op: &Operation, input: Option<&Shape>) -> Result<TokenStream, Error> {
    let rt = crate_path();
    let protocol = cx.model.protocol();
    let http = op.http.as_ref();
    let method = http.map_or("POST", |h| h.method.as_str());
    let fields = input.map(|s| fields(cx, s)).unwrap_or_default();
    let shape = input;
    let container = quote!(input);
    let mut steps = Vec::new();

    // The members the endpoint rules place in the URL themselves (S3's bucket, S3 Control's
    // account id): a request to a resolved endpoint leaves them out of the path and the host.
    let url_variables = cx
        .model
        .endpoint_rules
        .as_ref()
        .filter(|_| crate::emit::endpoint::generated(cx))
        .map(|rules| rules.url_variables())
        .unwrap_or_default();
    let placed = |f: &Field| f.member.context_param.as_deref().is_some_and(|p| url_variables.contains(p));

    // The host prefix, with its labels.
    if let Some(prefix) = &op.host_prefix {
        let before = steps.len();
        let pieces = prefix.pieces().map_err(|problem| {
            Error::model(ModelError::new(&prefix.origin, format!("host prefix {:?}: {problem}", prefix.template)))
        })?;
        let mut parts = Vec::new();
        for (i, piece) in pieces.into_iter().enumerate() {
            match piece {
                TemplatePiece::Literal(text) => parts.push(quote!(#text)),
                TemplatePiece::Label { name, .. } => {
                    let Some(f) = fields.iter().find(|f| f.member.host_label && f.member.name == name) else {
                        return Err(Error::model(ModelError::new(&prefix.origin, "a host label names no member")));
                    };
                    let (ident, member_name) = (&f.ident, &f.member.name);
                    let label = format_ident!("label_{i}");
                    let value = match (f.optional, shape) {
                        (true, Some(shape)) => {
                            let value = required(f, shape);
                            quote!(::std::convert::AsRef::<str>::as_ref(#value))
                        }
                        _ => quote!(::std::convert::AsRef::<str>::as_ref(&input.#ident)),
                    };
                    steps.push(quote! {
                        let #label: &str = #value;
                        #rt::request::RequestBuilder::host_label(#member_name, #label)?;
                    });
                    parts.push(quote!(#label));
                }
            }
        }
        steps.push(quote!(request.host_prefix(&[#(#parts),*].concat())?;));
        let labels_placed = fields.iter().any(|f| f.member.host_label && placed(f));
        if labels_placed {
            let prefix_steps: Vec<TokenStream> = steps.drain(before..).collect();
            steps.push(quote!(if !request.resolved() { #(#prefix_steps)* }));
        }
    }

    // The path and the literal query string.
    if protocol.binds_http() {
        let uri = http.map_or("/", |h| h.uri.as_str());
        let template = UriTemplate::parse(uri).map_err(|problem| {
            let origin = http.map(|h| h.origin.clone()).unwrap_or_default();
            Error::model(ModelError::new(&origin, format!("URI template {uri:?}: {problem}")))
        })?;
        let label_field = |name: &str| fields.iter().find(|f| f.member.binding == Binding::Label(name.to_owned()));
        for (i, piece) in template.path.iter().enumerate() {
            match piece {
                TemplatePiece::Literal(text) => {
                    // A `/` before a label the rules place goes with it.
                    let next_placed = matches!(template.path.get(i + 1),
                        Some(TemplatePiece::Label { name, .. }) if label_field(name).is_some_and(placed));
                    let text = if next_placed { text.strip_suffix('/').unwrap_or(text) } else { text };
                    if !text.is_empty() {
                        steps.push(quote!(request.push_path(#text);));
                    }
                }
                TemplatePiece::Label { name, greedy } => {
                    let Some(f) = label_field(name) else {
                        let origin = http.map(|h| h.origin.clone()).unwrap_or_default();
                        return Err(Error::model(ModelError::new(&origin, "a URI label names no member")));
                    };
                    let member_name = &f.member.name;
                    let value = text(f.member, f.target, Place::Label, &quote!(value));
                    let body = quote!(request.push_label(#member_name, #value, #greedy)?;);
                    let step = match shape {
                        Some(shape) if f.optional => {
                            let value = required(f, shape);
                            quote! {
                                let value = #value;
                                #body
                            }
                        }
                        _ => with_value(f, &container, body, None),
                    };
                    steps.push(if placed(f) {
                        let slash = matches!(i.checked_sub(1).and_then(|p| template.path.get(p)),
                            Some(TemplatePiece::Literal(text)) if text.ends_with('/'));
                        let slash = slash.then(|| quote!(request.push_path("/");));
                        quote!(if !request.resolved() { #slash #step })
                    } else {
                        step
                    });
                }
            }
        }
        if let Some(query) = &template.query {
            steps.push(quote!(request.push_query_literal(#query);));
        }
    } else if protocol == Protocol::RpcV2Cbor {
        // `/service/{Service}/operation/{Operation}`, the names as the model gives them.
        let service = cx.model.service.target_prefix.as_deref().unwrap_or(&cx.model.service.title);
        let operation = op.wire_name.as_deref().unwrap_or(&op.name);
        let path = format!("/service/{service}/operation/{operation}");
        steps.push(quote!(request.push_path(#path);));
    } else if let Some(http) = http {
        let uri = &http.uri;
        steps.push(quote!(request.push_path(#uri);));
    }

    // Members bound to the query string and headers (the REST protocols bind them; the RPC
    // ones send every member in the body).
    if protocol.binds_http() {
        for f in &fields {
            match &f.member.binding {
                Binding::Query(name) => steps.push(query_member(cx, f, name, &container)),
                Binding::Header(name) => steps.push(header_member(cx, f, name, &container)),
                _ => {}
            }
        }
        // Maps of query parameters and prefixed headers, after the named ones, which win.
        for f in &fields {
            match &f.member.binding {
                Binding::QueryParams => steps.push(query_map(cx, f, &container)),
                Binding::PrefixHeaders(prefix) => steps.push(prefix_headers(f, prefix, &container)),
                _ => {}
            }
        }
    }

    if op.checksum_required {
        steps.push(quote!(request.checksum_required();));
    }

    // The protocol's own headers.
    if cx.model.service.query_compatible && matches!(protocol, Protocol::AwsJson | Protocol::RpcV2Cbor) {
        steps.push(quote!(request.header("x-amzn-query-mode", "true")?;));
    }
    if protocol == Protocol::AwsJson {
        let version = cx.model.service.json_version.as_deref().unwrap_or("1.0");
        let content_type = format!("application/x-amz-json-{version}");
        let target = format!(
            "{}.{}",
            cx.model.service.target_prefix.as_deref().unwrap_or_default(),
            op.wire_name.as_deref().unwrap_or(&op.name)
        );
        steps.push(quote!(request.header("X-Amz-Target", #target)?;));
        let body = match input {
            Some(_) => body_with_tokens(cx, &fields, quote!(#rt::json::to_vec(input)?)),
            None => quote!(b"{}".to_vec()),
        };
        steps.push(quote!(let body = #body;));
        steps.push(quote!(request.build(body, ::std::option::Option::Some(#content_type))));
    } else if crate::emit::query::is_query(&protocol) {
        let action = op.wire_name.as_deref().unwrap_or(&op.name);
        let version = cx.model.service.api_version.as_deref().unwrap_or_default();
        let body = match input {
            Some(_) => body_with_tokens(cx, &fields, quote!(#rt::query::body(#action, #version, input))),
            None => quote!(#rt::query::QueryWriter::new(#action, #version).finish()),
        };
        steps.push(quote!(let body = #body;));
        steps.push(quote!(request.build(body, ::std::option::Option::Some("application/x-www-form-urlencoded"))));
    } else if protocol == Protocol::RpcV2Cbor {
        steps.push(quote!(request.header("smithy-protocol", "rpc-v2-cbor")?;));
        steps.push(quote!(request.header("Accept", "application/cbor")?;));
        steps.push(match input {
            Some(_) => {
                let body = body_with_tokens(cx, &fields, quote!(#rt::cbor::body(input)));
                quote! {
                    let body = #body;
                    request.build(body, ::std::option::Option::Some("application/cbor"))
                }
            }
            None => quote!(request.build(::std::vec::Vec::new(), ::std::option::Option::None)),
        });
    } else if protocol == Protocol::RestXml {
        steps.push(rest_xml_body(cx, op, input, &fields));
    } else {
        steps.push(rest_json_body(cx, input, &fields));
    }

    // An input without members says nothing about the request.
    let unused = (input.is_some() && fields.is_empty()).then(|| quote!(let _ = input;));
    Ok(quote! {
        #unused
        let mut request = #rt::request::RequestBuilder::to(#method, endpoint.into())?;
        #(#steps)*
    })
}

/// A member bound to a query parameter: one `name=value` per value (a list repeats the name).
/// An idempotency token without a value gets a fresh one.
pub(super) fn query_member(cx: &Context, f: &Field, name: &str, container: &TokenStream) -> TokenStream {
    let rt = crate_path();
    if let Some((item, item_shape, sparse)) = list_item(cx, f.target) {
        let value = text(item, item_shape, Place::Query, &quote!(item));
        let iter = if sparse { quote!(value.iter().flatten()) } else { quote!(value.iter()) };
        return with_value(f, container, quote!(for item in #iter { request.push_query(#name, #value); }), None);
    }
    let value = text(f.member, f.target, Place::Query, &quote!(value));
    let token =
        f.member.idempotency_token.then(|| quote!(request.push_query(#name, &#rt::request::idempotency_token());));
    with_value(f, container, quote!(request.push_query(#name, #value);), token)
}

/// A member bound to a header: a list joined as HTTP lists are (strings quoted where needed).
pub(super) fn header_member(cx: &Context, f: &Field, name: &str, container: &TokenStream) -> TokenStream {
    let rt = crate_path();
    if let Some((item, item_shape, sparse)) = list_item(cx, f.target) {
        let value = text(item, item_shape, Place::Header, &quote!(item));
        let quoted = matches!(item_shape.kind, ShapeKind::String | ShapeKind::Enum(_));
        let iter = if sparse { quote!(value.iter().flatten()) } else { quote!(value.iter()) };
        let body = quote! {
            let items: ::std::vec::Vec<::std::string::String> =
                #iter.map(|item| ::std::borrow::ToOwned::to_owned(#value)).collect();
            request.header(#name, &#rt::request::header_list(items.iter().map(::std::string::String::as_str), #quoted))?;
        };
        return with_value(f, container, body, None);
    }
    let value = text(f.member, f.target, Place::Header, &quote!(value));
    let token = f.member.idempotency_token.then(|| quote!(request.header(#name, &#rt::request::idempotency_token())?;));
    with_value(f, container, quote!(request.header(#name, #value)?;), token)
}

/// A map of query parameters (values or lists of values), keys in order, each only when no
/// named member set it.
pub(super) fn query_map(cx: &Context, f: &Field, container: &TokenStream) -> TokenStream {
    let ShapeKind::Map(map) = &f.target.kind else { return TokenStream::new() };
    let Some(value_shape) = cx.model.shape(&map.value.target) else { return TokenStream::new() };
    let set = match list_item(cx, value_shape) {
        Some((item, item_shape, _)) => {
            let value = text(item, item_shape, Place::Query, &quote!(item));
            quote!(for item in value.iter() { request.push_query(key, #value); })
        }
        None => {
            let value = text(&map.value, value_shape, Place::Query, &quote!(value));
            quote!(request.push_query(key, #value);)
        }
    };
    let sparse = map.sparse;
    let unwrap =
        if sparse { quote!(let ::std::option::Option::Some(value) = value else { continue };) } else { quote!() };
    let body = quote! {
        let mut entries: ::std::vec::Vec<_> = value.iter().collect();
        entries.sort_by(|a, b| ::std::convert::AsRef::<str>::as_ref(a.0).cmp(::std::convert::AsRef::<str>::as_ref(b.0)));
        for (key, value) in entries {
            let key = ::std::convert::AsRef::<str>::as_ref(key);
            if request.has_query(key) {
                continue;
            }
            #unwrap
            #set
        }
    };
    with_value(f, container, body, None)
}

/// A map of headers named by a prefix and the key, keys in order.
pub(super) fn prefix_headers(f: &Field, prefix: &str, container: &TokenStream) -> TokenStream {
    let body = quote! {
        let mut entries: ::std::vec::Vec<_> = value.iter().collect();
        entries.sort_by(|a, b| ::std::convert::AsRef::<str>::as_ref(a.0).cmp(::std::convert::AsRef::<str>::as_ref(b.0)));
        for (key, value) in entries {
            let name = [#prefix, ::std::convert::AsRef::<str>::as_ref(key)].concat();
            // A header member of the same name wins.
            if !request.has_header(&name) {
                request.header(&name, ::std::convert::AsRef::<str>::as_ref(value))?;
            }
        }
    };
    with_value(f, container, body, None)
}

/// `serialize`, an expression writing `input`'s JSON body, with the body's idempotency tokens
/// filled in first where they have no value (on a copy of the input).
pub(super) fn body_with_tokens(cx: &Context, fields: &[Field], serialize: TokenStream) -> TokenStream {
    let rt = crate_path();
    let protocol = cx.model.protocol();
    let tokens: Vec<&Field> = fields
        .iter()
        .filter(|f| f.member.idempotency_token && (f.member.binding.in_body() || !protocol.binds_http()))
        .filter(|f| matches!(f.target.kind, ShapeKind::String))
        .collect();
    if tokens.is_empty() {
        return serialize;
    }
    let unset = tokens.iter().map(|f| {
        let ident = &f.ident;
        if f.optional { quote!(input.#ident.is_none()) } else { quote!(input.#ident.is_empty()) }
    });
    let fill = tokens.iter().map(|f| {
        let ident = &f.ident;
        let condition = if f.optional { quote!(filled.#ident.is_none()) } else { quote!(filled.#ident.is_empty()) };
        let token = if cx.borrowed_strings() {
            quote!(::std::borrow::Cow::Owned(#rt::request::idempotency_token()))
        } else {
            quote!(#rt::request::idempotency_token())
        };
        let value = if f.optional { quote!(::std::option::Option::Some(#token)) } else { token };
        quote!(if #condition { filled.#ident = #value; })
    });
    quote! {{
        let filled;
        let input = if #(#unset)||* {
            filled = {
                let mut filled = ::std::clone::Clone::clone(input);
                #(#fill)*
                filled
            };
            &filled
        } else {
            input
        };
        #serialize
    }}
}

/// The body of a `rest-json` request: the payload member, or the JSON of the body members, or
/// nothing when no member travels in the body.
pub(super) fn rest_json_body(cx: &Context, input: Option<&Shape>, fields: &[Field]) -> TokenStream {
    let rt = crate_path();
    let none = quote!(::std::option::Option::None);
    if let Some(f) = fields.iter().find(|f| f.member.binding == Binding::Payload) {
        if let Some(stream) = stream_body(f, input) {
            return stream;
        }
        // A blob or string says its media type, where the model gives one.
        let media = |default: &'static str| f.member.media_type.clone().unwrap_or_else(|| default.to_owned());
        let (bytes, content_type) = match &f.target.kind {
            ShapeKind::Blob { .. } => (quote!(::std::clone::Clone::clone(value)), media("application/octet-stream")),
            ShapeKind::String if f.member.json_value => {
                (quote!(::std::convert::AsRef::<str>::as_ref(value).as_bytes().to_vec()), media("application/json"))
            }
            ShapeKind::String => {
                (quote!(::std::convert::AsRef::<str>::as_ref(value).as_bytes().to_vec()), media("text/plain"))
            }
            ShapeKind::Enum(_) => (quote!(value.as_str().as_bytes().to_vec()), "text/plain".to_owned()),
            _ => (quote!(#rt::json::to_vec(value)?), "application/json".to_owned()),
        };
        let ident = &f.ident;
        let value_of =
            if f.optional { quote!(input.#ident.as_ref()) } else { quote!(::std::option::Option::Some(&input.#ident)) };
        // An unset structure payload is an empty object; any other, no body at all.
        let unset = if matches!(f.target.kind, ShapeKind::Structure(_)) {
            quote!((b"{}".to_vec(), ::std::option::Option::Some("application/json")))
        } else {
            quote!((::std::vec::Vec::new(), #none))
        };
        return quote! {
            let (body, content_type) = match #value_of {
                ::std::option::Option::Some(value) => (#bytes, ::std::option::Option::Some(#content_type)),
                ::std::option::Option::None => #unset,
            };
            request.build(body, content_type)
        };
    }
    if fields.iter().any(|f| f.member.binding.in_body()) {
        let body = body_with_tokens(cx, fields, quote!(#rt::json::to_vec(input)?));
        return quote! {
            let body = #body;
            request.build(body, ::std::option::Option::Some("application/json"))
        };
    }
    quote!(request.build(::std::vec::Vec::new(), #none))
}

/// The body of a `rest-xml` request: the payload member (a structure or union as its element,
/// a blob or text as it is), or a document of the body members with a value, whose root the
/// operation or the input shape names; nothing when no member travels in the body.
pub(super) fn rest_xml_body(cx: &Context, op: &Operation, input: Option<&Shape>, fields: &[Field]) -> TokenStream {
    let rt = crate_path();
    let none = quote!(::std::option::Option::None);
    let Some(input) = input else { return quote!(request.build(::std::vec::Vec::new(), #none)) };
    // A namespace the operation gives its input (botocore), or the service gives every
    // document (Smithy), where the root's shape has none of its own.
    let root_namespaces = |member: &crate::model::XmlTraits, shape: &Shape| {
        if member.namespace.is_some() || shape.xml.namespace.is_some() {
            crate::emit::xml::namespaces(member, &shape.xml)
        } else {
            crate::emit::xml::namespaces(&op.input_xml, &shape.xml)
        }
    };
    if let Some(f) = fields.iter().find(|f| f.member.binding == Binding::Payload) {
        if let Some(stream) = stream_body(f, Some(input)) {
            return stream;
        }
        let media = |default: &'static str| f.member.media_type.clone().unwrap_or_else(|| default.to_owned());
        let (bytes, content_type) = match &f.target.kind {
            ShapeKind::Blob { .. } => (quote!(::std::clone::Clone::clone(value)), media("application/octet-stream")),
            ShapeKind::String => {
                (quote!(::std::convert::AsRef::<str>::as_ref(value).as_bytes().to_vec()), media("text/plain"))
            }
            ShapeKind::Enum(_) => (quote!(value.as_str().as_bytes().to_vec()), "text/plain".to_owned()),
            _ => {
                let name = f.member.wire_name.as_deref().or(f.target.xml.name.as_deref()).unwrap_or(&f.target.name);
                let namespaces = root_namespaces(&f.member.xml, f.target);
                (quote!(#rt::xml::write_document(#name, #namespaces, value)), "application/xml".to_owned())
            }
        };
        let ident = &f.ident;
        let value_of =
            if f.optional { quote!(input.#ident.as_ref()) } else { quote!(::std::option::Option::Some(&input.#ident)) };
        return quote! {
            let (body, content_type) = match #value_of {
                ::std::option::Option::Some(value) => (#bytes, ::std::option::Option::Some(#content_type)),
                ::std::option::Option::None => (::std::vec::Vec::new(), #none),
            };
            request.build(body, content_type)
        };
    }
    if !fields.iter().any(|f| f.member.binding.in_body()) {
        return quote!(request.build(::std::vec::Vec::new(), #none));
    }
    let name = input.xml.name.as_deref().or(op.input_xml.name.as_deref()).unwrap_or(&input.name);
    let namespaces = root_namespaces(&op.input_xml, input);
    // Without a value in any body member, there is no body.
    let body = body_with_tokens(cx, fields, quote!(#rt::xml::body(#name, #namespaces, input)));
    quote! {
        let (body, content_type) = #body;
        request.build(body, content_type)
    }
}

/// Code that runs `body` with `value` bound to a reference to the field's value, when it has
/// one; `missing`, when given, runs when it has none.
pub(super) fn with_value(
    f: &Field,
    container: &TokenStream,
    body: TokenStream,
    missing: Option<TokenStream>,
) -> TokenStream {
    let ident = &f.ident;
    if f.optional {
        match missing {
            Some(missing) => quote! {
                match &#container.#ident {
                    ::std::option::Option::Some(value) => { #body }
                    ::std::option::Option::None => { #missing }
                }
            },
            None => quote! {
                if let ::std::option::Option::Some(value) = &#container.#ident {
                    #body
                }
            },
        }
    } else {
        quote! {{
            let value = &#container.#ident;
            #body
        }}
    }
}

/// The request whose payload is the stream `f` (a member of `input`), for either REST
/// protocol: its bytes, or the stream left for the client (the runtime's
/// `RequestBuilder::build_stream`), or the messages of an input event stream
/// (`build_events`); `None` when `f` is not a stream.
fn stream_body(f: &Field, input: Option<&Shape>) -> Option<TokenStream> {
    if !f.member.streaming {
        return None;
    }
    let ident = &f.ident;
    // An event stream: its messages, framed and signed by the client as they are sent.
    if f.target.event_stream {
        return Some(quote! {
            request.build_events(
                input.#ident.messages(),
                ::std::option::Option::Some("application/vnd.amazon.eventstream"),
            )
        });
    }
    let content_type = f.member.media_type.as_deref().unwrap_or("application/octet-stream");
    let requires_length = matches!(f.target.kind, ShapeKind::Blob { requires_length: true, .. });
    let shape = input.map_or("", |input| input.name.as_str());
    let member = &f.member.name;
    Some(quote! {
        request.build_stream(
            &input.#ident,
            ::std::option::Option::Some(#content_type),
            #requires_length,
            #shape,
            #member,
        )
    })
}

/// A reference to the value of the optional member `f` of the input `shape`, which the
/// request cannot do without: `?` returns the error naming the member when it has none.
pub(super) fn required(f: &Field, shape: &Shape) -> TokenStream {
    let rt = crate_path();
    let ident = &f.ident;
    let (shape, member) = (&shape.name, &f.member.name);
    quote!(#rt::request::required(input.#ident.as_ref(), #shape, #member)?)
}
