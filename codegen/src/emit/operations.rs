//! Operations: for each operation of a JSON protocol (`rest-json`, `json` 1.0 and 1.1), a
//! query protocol (`query`, `ec2`) or `rest-xml`, a unit struct in the `operations` module whose `request`
//! builds the operation's `http::Request` from its input, and whose `response` reads its
//! output, or its error, from an `http::Response`: every member where the protocol binds it
//! (URI labels, query string, headers, status code, payload, body), error codes as the
//! protocol finds them, and paging where the model pages. The binding logic itself
//! (percent-encoding, header lists, HTTP dates, error codes) is the runtime crate's; the code
//! here only says which member goes where. The query protocols' bodies are written by the
//! `query` module's impls and read by the `xml` module's; `rest-xml`'s are written and read by
//! the `xml` module's.

use std::collections::BTreeMap;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::runtime::crate_path;
use super::types::Scope;
use super::{Context, doc_or, push_paragraph};
use crate::docs::code_span;
use crate::error::{Error, ModelError};
use crate::model::{
    Binding, Member, Model, Operation, Presence, Protocol, Shape, ShapeKind, TemplatePiece, TimestampFormat,
    UriTemplate,
};
use crate::names::OperationNames;
use crate::settings::Operations;

/// The `operations` module, or nothing when the settings leave operations out or the
/// protocol is not one whose operations are generated. Each operation's items are made as
/// soon as it is emitted, as the shapes' are: its frame from templates (see
/// [`FrameTemplates`]), its bodies and the protocol code parsed from tokens.
pub(super) fn module(cx: &Context) -> Result<Option<syn::Item>, Error> {
    if !generated(cx) {
        return Ok(None);
    }
    let ops: Vec<&Operation> =
        cx.model.operations.iter().filter(|op| cx.selection.operations.contains(&op.name)).collect();
    let readers = ErrorReaders::new(cx, &ops);
    let mut items = Vec::new();
    for op in &ops {
        items.append(&mut operation(cx, op, &readers)?);
    }
    let protocol = cx.model.protocol();
    items.append(&mut super::parse_items(readers.functions(cx)?)?);
    let writers = match protocol {
        Protocol::RestXml => super::xml::writers(cx, &ops),
        Protocol::RpcV2Cbor => super::cbor::writers(cx, &ops),
        _ if super::query::is_query(&protocol) => super::query::writers(cx, &ops),
        _ => Vec::new(),
    };
    let readers = match protocol {
        Protocol::RpcV2Cbor => super::cbor::readers(cx, &ops),
        _ if is_xml(&protocol) => super::xml::readers(cx, &ops),
        _ => Vec::new(),
    };
    for tokens in writers.into_iter().chain(readers) {
        items.append(&mut super::parse_items(tokens)?);
    }
    let title = &cx.model.service.title;
    let doc = format!(
        " The operations of {}: each builds its request and reads its response, without I/O.",
        code_span(title)
    );
    let module = quote! {
        #[doc = #doc]
        ///
        /// `Op::request(&input, endpoint)` gives an `http::Request` to sign and send, and
        /// `Op::response(&response)` reads the output, or the operation's error, from the
        /// `http::Response` that came back. Every operation also implements
        /// `shapegen_runtime::Operation`, so that one client can send any of them.
        #[allow(deprecated)]
        pub mod operations {}
    };
    super::module_with(module, items).map(Some)
}

/// Whether the file has an `operations` module: the settings ask for operations, the
/// protocol is one whose operations are generated, and an operation is selected.
pub(super) fn generated(cx: &Context) -> bool {
    cx.settings.operations != Operations::Omitted
        && generated_for(&cx.model.protocol())
        && cx.model.operations.iter().any(|op| cx.selection.operations.contains(&op.name))
}

/// The protocols whose operations are generated: the JSON protocols, the query protocols
/// (form-encoded requests, XML responses), `rest-xml` and `smithy-rpc-v2-cbor`.
pub(crate) fn generated_for(protocol: &Protocol) -> bool {
    matches!(protocol, Protocol::RestJson | Protocol::AwsJson | Protocol::RpcV2Cbor) || is_xml(protocol)
}

/// The protocols whose responses are XML.
fn is_xml(protocol: &Protocol) -> bool {
    *protocol == Protocol::RestXml || super::query::is_query(protocol)
}

/// What a structure is read from: an operation's output, or an error response.
#[derive(Clone, Copy)]
enum Read<'o> {
    Output(&'o Operation),
    Error,
}

/// The expression (a `Result<T, ResponseError>`) that reads the body of `response` into
/// the structure a `read` is of, as the protocol writes it.
fn read_body(cx: &Context, read: Read) -> TokenStream {
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
fn error_form(protocol: &Protocol) -> TokenStream {
    let rt = crate_path();
    match protocol {
        Protocol::Query => quote!(#rt::xml::ErrorForm::Query),
        Protocol::Ec2Query => quote!(#rt::xml::ErrorForm::Ec2),
        _ => quote!(#rt::xml::ErrorForm::Rest),
    }
}

/// A structure member as the generated struct holds it.
struct Field<'m> {
    member: &'m Member,
    /// The field's identifier.
    ident: Ident,
    /// Held in an `Option`.
    optional: bool,
    /// The target shape.
    target: &'m Shape,
}

fn fields<'m>(cx: &Context<'m>, shape: &'m Shape) -> Vec<Field<'m>> {
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

/// Where a value travels outside the body: its timestamps' default format depends on it.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Place {
    Label,
    Query,
    Header,
    /// An XML body's element or attribute.
    Body,
}

/// The wire format of a timestamp bound outside the body: the member's or shape's, else
/// HTTP date in headers and date-time in labels and the query string.
pub(super) fn timestamp_format(member: &Member, shape: &Shape, place: Place) -> TokenStream {
    let rt = crate_path();
    let format = Model::modeled_timestamp_format(Some(member), shape).unwrap_or(match place {
        Place::Header => TimestampFormat::HttpDate,
        Place::Label | Place::Query | Place::Body => TimestampFormat::DateTime,
    });
    match format {
        TimestampFormat::EpochSeconds => quote!(#rt::time::Format::EpochSeconds),
        TimestampFormat::DateTime => quote!(#rt::time::Format::DateTime),
        TimestampFormat::HttpDate => quote!(#rt::time::Format::HttpDate),
    }
}

/// An expression of a type that derefs to `&str`: the text of a simple value `value` (a
/// reference) of `shape`, held by `member`, as it travels in `place`.
pub(super) fn text(member: &Member, shape: &Shape, place: Place, value: &TokenStream) -> TokenStream {
    let rt = crate_path();
    match &shape.kind {
        ShapeKind::String if member.json_value && place == Place::Header => {
            quote!(&#rt::request::base64_encode(::std::convert::AsRef::<str>::as_ref(#value).as_bytes()))
        }
        ShapeKind::String => quote!(::std::convert::AsRef::<str>::as_ref(#value)),
        ShapeKind::Enum(_) => quote!(#value.as_str()),
        ShapeKind::IntEnum(_) => quote!(&#value.value().to_string()),
        ShapeKind::Boolean => quote!(if *#value { "true" } else { "false" }),
        ShapeKind::Float => quote!(&#rt::request::fmt_f32(*#value)),
        ShapeKind::Double => quote!(&#rt::request::fmt_f64(*#value)),
        ShapeKind::Blob { .. } => quote!(&#rt::request::base64_encode(#value)),
        ShapeKind::Timestamp => {
            let format = timestamp_format(member, shape, place);
            quote!(&#rt::request::fmt_timestamp(#value, #format))
        }
        // Integers and arbitrary-precision numbers; validation admits nothing else here.
        _ => quote!(&#value.to_string()),
    }
}

/// The list's item member and shape, when `shape` is a list.
fn list_item<'m>(cx: &Context<'m>, shape: &'m Shape) -> Option<(&'m Member, &'m Shape, bool)> {
    match &shape.kind {
        ShapeKind::List(list) => Some((&list.member, cx.model.shape(&list.member.target)?, list.sparse)),
        _ => None,
    }
}

/// Code that runs `body` with `value` bound to a reference to the field's value, when it has
/// one; `missing`, when given, runs when it has none.
fn with_value(f: &Field, container: &TokenStream, body: TokenStream, missing: Option<TokenStream>) -> TokenStream {
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

/// A reference to the value of the optional member `f` of the input `shape`, which the
/// request cannot do without: `?` returns the error naming the member when it has none.
fn required(f: &Field, shape: &Shape) -> TokenStream {
    let rt = crate_path();
    let ident = &f.ident;
    let (shape, member) = (&shape.name, &f.member.name);
    quote!(#rt::request::required(input.#ident.as_ref(), #shape, #member)?)
}

fn operation(cx: &Context, op: &Operation, readers: &ErrorReaders) -> Result<Vec<syn::Item>, Error> {
    let names = cx.names.operation(&op.name).ok_or_else(|| Error::Internal(format!("no names for {}", op.name)))?;
    let ident = names.operation.ident();
    let error = names.error.ident();
    let input = op.input.as_deref().and_then(|i| cx.model.shape(i));
    let output = op.output.as_deref().and_then(|o| cx.model.shape(o));
    let in_ty = input.map(|s| named_with(cx, s, quote!('_)));
    let out_ty = output.map_or_else(|| quote!(()), |s| named(cx, s));
    let error_lifetime = error_lifetime(cx, op);
    let error_params = error_lifetime.params();
    let op_name = &op.name;
    let internal = |e: syn::Error| super::internal(&format!("the operation {op_name}"), e);

    // `'a`, the response body's lifetime, where the output or the error borrows from it.
    let borrows = output.is_some_and(|s| cx.lifetime(&s.name).borrows()) || error_lifetime.borrows();
    let request_body = request(cx, op, input)?;
    let mut docs = doc_or(op.documentation.as_deref(), || format!("The {} operation.", code_span(op_name)));
    if let Some(http) = &op.http {
        push_paragraph(&mut docs, format!("`{}`: {}.", op_name, code_span(&format!("{} {}", http.method, http.uri))));
    }
    let mut attrs = super::doc_attrs(&docs);
    attrs.append(&mut super::deprecated_attrs(op.deprecated.as_ref())?);
    let response_body = response(cx, op, output, names, readers)?;
    let trait_input = match input {
        Some(s) => named_with(cx, s, quote!('a)),
        None => quote!(()),
    };
    let trait_output = match output {
        Some(s) => named_with(cx, s, quote!('a)),
        None => quote!(()),
    };
    let trait_error = quote!(#error #error_params);
    let parts = Frame {
        attrs,
        ident: &ident,
        name: op_name,
        input: in_ty.map(syn::parse2).transpose().map_err(internal)?,
        request: syn::parse2(quote!({ #request_body })).map_err(internal)?,
        borrows,
        output: syn::parse2(out_ty).map_err(internal)?,
        error: syn::parse2(trait_error.clone()).map_err(internal)?,
        response: syn::parse2(quote!({ #response_body })).map_err(internal)?,
        call: quote!(#ident, #trait_input, #trait_output, #trait_error),
    };
    let mut items = FRAME.with(|frame| frame.fill(parts))?;
    items.append(&mut super::parse_items(paging(cx, op, &ident)?)?);
    items.append(&mut error_enum(cx, op, names)?);
    Ok(items)
}

/// What an operation's frame is filled with (see [`FrameTemplates`]).
struct Frame<'a> {
    /// The struct's documentation and deprecation.
    attrs: Vec<syn::Attribute>,
    ident: &'a Ident,
    /// The operation's name in the model.
    name: &'a str,
    /// What `request` takes, if the operation has an input.
    input: Option<syn::Type>,
    request: syn::Block,
    /// Whether the output or the error borrows from the response body (`'a`).
    borrows: bool,
    output: syn::Type,
    error: syn::Type,
    response: syn::Block,
    /// The arguments of its `operation!` line.
    call: TokenStream,
}

thread_local! {
    /// The frame of every operation, parsed once per thread (syntax trees cannot be shared
    /// between threads).
    static FRAME: FrameTemplates = FrameTemplates::new();
}

/// An operation's unit struct, its impl (its name, `request` and `response`, with the
/// documentation every operation shares) and its `operation!` line, as syntax trees: each is a
/// copy of a template with the operation's names, types and bodies put in, so that only what
/// differs between operations is parsed.
struct FrameTemplates {
    unit: syn::ItemStruct,
    imp: syn::ItemImpl,
    call: syn::ItemMacro,
}

impl FrameTemplates {
    /// The templates: fixed Rust, the same whatever the model (every test that generates an
    /// operation parses them).
    fn new() -> Self {
        let rt = crate_path();
        FrameTemplates {
            unit: syn::parse_quote! {
                #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
                pub struct Op;
            },
            imp: syn::parse_quote! {
                impl Op {
                    /// The operation's name in the model.
                    pub const NAME: &'static str = "Op";

                    /// The request for `input`, to `endpoint` (such as
                    /// `https://service.us-east-1.amazonaws.com`): method, URI, headers and body as the
                    /// protocol binds the members. Fails, naming the member, when a member the request
                    /// cannot do without (a URI or host label) has no value, or a value cannot travel
                    /// where the model puts it.
                    #[inline]
                    pub fn request(input: &Input, endpoint: &str) -> #rt::request::RequestResult {}

                    /// The output read from `response`, or the operation's error: a modeled error by
                    /// its code, an error the model does not list, or a response that could not be
                    /// read (naming the place).
                    pub fn response<B: ::std::convert::AsRef<[u8]>>(
                        response: &#rt::http::Response<B>,
                    ) -> ::std::result::Result<Output, Error> {}
                }
            },
            call: syn::parse_quote!(#rt::operation!();),
        }
    }

    /// The operation's items: its struct, its impl and its `operation!` line.
    fn fill(&self, frame: Frame) -> Result<Vec<syn::Item>, Error> {
        let broken = |what: &str| super::internal("the operation template", what);
        let mut unit = self.unit.clone();
        unit.attrs.splice(0..0, frame.attrs);
        unit.ident = frame.ident.clone();
        let mut imp = self.imp.clone();
        *imp.self_ty = super::named_type(frame.ident);
        let [syn::ImplItem::Const(name), syn::ImplItem::Fn(request), syn::ImplItem::Fn(response)] = &mut imp.items[..]
        else {
            return Err(broken("its impl does not hold a constant and two functions"));
        };
        name.expr = syn::Expr::Lit(syn::ExprLit {
            attrs: Vec::new(),
            lit: syn::Lit::Str(syn::LitStr::new(frame.name, proc_macro2::Span::call_site())),
        });
        match frame.input {
            Some(ty) => match request.sig.inputs.first_mut() {
                Some(syn::FnArg::Typed(syn::PatType { ty: input, .. })) => match &mut **input {
                    syn::Type::Reference(reference) => *reference.elem = ty,
                    _ => return Err(broken("`request` takes no reference")),
                },
                _ => return Err(broken("`request` takes no input")),
            },
            None => request.sig.inputs = request.sig.inputs.iter().skip(1).cloned().collect(),
        }
        request.block = frame.request;
        if frame.borrows {
            let lifetime = syn::Lifetime::new("'a", proc_macro2::Span::call_site());
            response
                .sig
                .generics
                .params
                .insert(0, syn::GenericParam::Lifetime(syn::LifetimeParam::new(lifetime.clone())));
            match response.sig.inputs.first_mut() {
                Some(syn::FnArg::Typed(syn::PatType { ty, .. })) => match &mut **ty {
                    syn::Type::Reference(reference) => reference.lifetime = Some(lifetime),
                    _ => return Err(broken("`response` takes no reference")),
                },
                _ => return Err(broken("`response` takes no response")),
            }
        }
        let syn::ReturnType::Type(_, result) = &mut response.sig.output else {
            return Err(broken("`response` returns nothing"));
        };
        let syn::Type::Path(result) = &mut **result else { return Err(broken("`response` returns no path")) };
        match result.path.segments.last_mut().map(|segment| &mut segment.arguments) {
            Some(syn::PathArguments::AngleBracketed(args)) if args.args.len() == 2 => {
                args.args[0] = syn::GenericArgument::Type(frame.output);
                args.args[1] = syn::GenericArgument::Type(frame.error);
            }
            _ => return Err(broken("`response` returns no result")),
        }
        response.block = frame.response;
        let mut call = self.call.clone();
        call.mac.tokens = frame.call;
        Ok(vec![syn::Item::Struct(unit), syn::Item::Impl(imp), syn::Item::Macro(call)])
    }
}

/// A generated type named from the `operations` module, with its lifetime `'a` if it takes one.
fn named(cx: &Context, shape: &Shape) -> TokenStream {
    let name = cx.type_ident(&shape.name);
    let params = cx.lifetime(&shape.name).params();
    quote!(super::#name #params)
}

/// A generated type named from the `operations` module, with `lifetime` if it takes one.
fn named_with(cx: &Context, shape: &Shape, lifetime: TokenStream) -> TokenStream {
    let name = cx.type_ident(&shape.name);
    if cx.lifetime(&shape.name).borrows() { quote!(super::#name<#lifetime>) } else { quote!(super::#name) }
}

/// The lifetime of the operation's error enum: `'a` when an error borrows from the response
/// body.
fn error_lifetime(cx: &Context, op: &Operation) -> super::Lifetime {
    super::Lifetime { borrows: op.errors.iter().any(|e| cx.lifetime(e).borrows()) }
}

// ---------------------------------------------------------------------------------------
// Requests

fn request(cx: &Context, op: &Operation, input: Option<&Shape>) -> Result<TokenStream, Error> {
    let rt = crate_path();
    let protocol = cx.model.protocol();
    let http = op.http.as_ref();
    let method = http.map_or("POST", |h| h.method.as_str());
    let fields = input.map(|s| fields(cx, s)).unwrap_or_default();
    let shape = input;
    let container = quote!(input);
    let mut steps = Vec::new();

    // The host prefix, with its labels.
    if let Some(prefix) = &op.host_prefix {
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
    }

    // The path and the literal query string.
    if protocol.binds_http() {
        let uri = http.map_or("/", |h| h.uri.as_str());
        let template = UriTemplate::parse(uri).map_err(|problem| {
            let origin = http.map(|h| h.origin.clone()).unwrap_or_default();
            Error::model(ModelError::new(&origin, format!("URI template {uri:?}: {problem}")))
        })?;
        for piece in &template.path {
            match piece {
                TemplatePiece::Literal(text) => steps.push(quote!(request.push_path(#text);)),
                TemplatePiece::Label { name, greedy } => {
                    let f = fields.iter().find(|f| f.member.binding == Binding::Label(name.clone()));
                    let Some(f) = f else {
                        let origin = http.map(|h| h.origin.clone()).unwrap_or_default();
                        return Err(Error::model(ModelError::new(&origin, "a URI label names no member")));
                    };
                    let member_name = &f.member.name;
                    let value = text(f.member, f.target, Place::Label, &quote!(value));
                    let body = quote!(request.push_label(#member_name, #value, #greedy)?;);
                    steps.push(match shape {
                        Some(shape) if f.optional => {
                            let value = required(f, shape);
                            quote! {
                                let value = #value;
                                #body
                            }
                        }
                        _ => with_value(f, &container, body, None),
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
    } else if super::query::is_query(&protocol) {
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
        steps.push(rest_json_body(cx, &fields));
    }

    // An input without members says nothing about the request.
    let unused = (input.is_some() && fields.is_empty()).then(|| quote!(let _ = input;));
    Ok(quote! {
        #unused
        let mut request = #rt::request::RequestBuilder::new(#method, endpoint)?;
        #(#steps)*
    })
}

/// A member bound to a query parameter: one `name=value` per value (a list repeats the name).
/// An idempotency token without a value gets a fresh one.
fn query_member(cx: &Context, f: &Field, name: &str, container: &TokenStream) -> TokenStream {
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
fn header_member(cx: &Context, f: &Field, name: &str, container: &TokenStream) -> TokenStream {
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
fn query_map(cx: &Context, f: &Field, container: &TokenStream) -> TokenStream {
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
fn prefix_headers(f: &Field, prefix: &str, container: &TokenStream) -> TokenStream {
    let body = quote! {
        let mut entries: ::std::vec::Vec<_> = value.iter().collect();
        entries.sort_by(|a, b| ::std::convert::AsRef::<str>::as_ref(a.0).cmp(::std::convert::AsRef::<str>::as_ref(b.0)));
        for (key, value) in entries {
            let name = [#prefix, ::std::convert::AsRef::<str>::as_ref(key)].concat();
            request.header(&name, ::std::convert::AsRef::<str>::as_ref(value))?;
        }
    };
    with_value(f, container, body, None)
}

/// `serialize`, an expression writing `input`'s JSON body, with the body's idempotency tokens
/// filled in first where they have no value (on a copy of the input).
fn body_with_tokens(cx: &Context, fields: &[Field], serialize: TokenStream) -> TokenStream {
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
fn rest_json_body(cx: &Context, fields: &[Field]) -> TokenStream {
    let rt = crate_path();
    let none = quote!(::std::option::Option::None);
    if let Some(f) = fields.iter().find(|f| f.member.binding == Binding::Payload) {
        let (bytes, content_type) = match &f.target.kind {
            ShapeKind::Blob { .. } => (quote!(::std::clone::Clone::clone(value)), "application/octet-stream"),
            ShapeKind::String if f.member.json_value => {
                (quote!(::std::convert::AsRef::<str>::as_ref(value).as_bytes().to_vec()), "application/json")
            }
            ShapeKind::String => {
                (quote!(::std::convert::AsRef::<str>::as_ref(value).as_bytes().to_vec()), "text/plain")
            }
            ShapeKind::Enum(_) => (quote!(value.as_str().as_bytes().to_vec()), "text/plain"),
            _ => (quote!(#rt::json::to_vec(value)?), "application/json"),
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
fn rest_xml_body(cx: &Context, op: &Operation, input: Option<&Shape>, fields: &[Field]) -> TokenStream {
    let rt = crate_path();
    let none = quote!(::std::option::Option::None);
    let Some(input) = input else { return quote!(request.build(::std::vec::Vec::new(), #none)) };
    // A namespace the operation gives its input (botocore), or the service gives every
    // document (Smithy), where the root's shape has none of its own.
    let root_namespaces = |member: &crate::model::XmlTraits, shape: &Shape| {
        if member.namespace.is_some() || shape.xml.namespace.is_some() {
            super::xml::namespaces(member, &shape.xml)
        } else {
            super::xml::namespaces(&op.input_xml, &shape.xml)
        }
    };
    if let Some(f) = fields.iter().find(|f| f.member.binding == Binding::Payload) {
        let (bytes, content_type) = match &f.target.kind {
            ShapeKind::Blob { .. } => (quote!(::std::clone::Clone::clone(value)), "application/octet-stream"),
            ShapeKind::String => {
                (quote!(::std::convert::AsRef::<str>::as_ref(value).as_bytes().to_vec()), "text/plain")
            }
            ShapeKind::Enum(_) => (quote!(value.as_str().as_bytes().to_vec()), "text/plain"),
            _ => {
                let name = f.member.wire_name.as_deref().or(f.target.xml.name.as_deref()).unwrap_or(&f.target.name);
                let namespaces = root_namespaces(&f.member.xml, f.target);
                (quote!(#rt::xml::write_document(#name, #namespaces, value)), "application/xml")
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

// ---------------------------------------------------------------------------------------
// Responses

fn response(
    cx: &Context,
    op: &Operation,
    output: Option<&Shape>,
    names: &OperationNames,
    readers: &ErrorReaders,
) -> Result<TokenStream, Error> {
    let error = names.error.ident();
    let malformed = names.malformed.ident();
    let success = match op.http.as_ref().and_then(|h| h.response_code) {
        Some(code) if !(200..300).contains(&code) => quote!(((200..300).contains(&status) || status == #code)),
        _ => quote!((200..300).contains(&status)),
    };
    let read = match output {
        Some(shape) => {
            let read = read_structure(cx, shape, Read::Output(op), Some(quote!(#error::#malformed)), false, false)?;
            quote! {
                #read
                ::std::result::Result::Ok(value)
            }
        }
        None => quote!(::std::result::Result::Ok(())),
    };
    let dispatch = dispatch(cx, op, names, readers);
    Ok(quote! {
        let status = response.status().as_u16();
        if !#success {
            #dispatch
        }
        #read
    })
}

/// Statements that read a structure (an output or an error) from `response` into `value`:
/// the body or payload, then members bound to headers and the status code. `malformed` wraps
/// a `ResponseError` into the function's error.
fn read_structure(
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
    if let Some(f) = payload {
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
        let rest = (fields.len() > 1).then(|| quote!(..::std::default::Default::default()));
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
fn fallible(result: TokenStream, malformed: Option<&TokenStream>) -> TokenStream {
    match malformed {
        Some(wrap) => quote!(#result.map_err(#wrap)?),
        None => quote!(#result?),
    }
}

/// `result` (an expression of type `Result<T, E>`) with `?`, its error made a
/// `ResponseError` by `error` (an expression of `e`), then wrapped by `malformed` when given.
fn fallible_with(result: TokenStream, error: TokenStream, malformed: Option<&TokenStream>) -> TokenStream {
    match malformed {
        Some(wrap) => quote!(#result.map_err(|e| #wrap(#error))?),
        None => quote!(#result.map_err(|e| #error)?),
    }
}

/// The expression reading a header member's value from `header`, a `Cow<str>`.
fn header_value(cx: &Context, f: &Field, name: &str, malformed: Option<&TokenStream>) -> TokenStream {
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
fn parse_text(
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

/// The functions that read each modeled error, one per error shape, shared by the operations
/// that list it.
struct ErrorReaders {
    /// Function names by error shape name.
    names: BTreeMap<String, Ident>,
}

impl ErrorReaders {
    fn new(cx: &Context, ops: &[&Operation]) -> ErrorReaders {
        let mut names = BTreeMap::new();
        let mut taken = std::collections::BTreeSet::new();
        for op in ops {
            for error in &op.errors {
                if names.contains_key(error) {
                    continue;
                }
                let base = format!("read_{}", crate::names::snake(cx.type_ident(error).to_string().as_str()).text());
                let mut name = base.clone();
                let mut n = 2;
                while !taken.insert(name.clone()) {
                    name = format!("{base}_{n}");
                    n += 1;
                }
                names.insert(error.clone(), format_ident!("{}", name));
            }
        }
        ErrorReaders { names }
    }

    fn get(&self, shape: &str) -> Option<&Ident> {
        self.names.get(shape)
    }

    /// The reading functions.
    fn functions(&self, cx: &Context) -> Result<TokenStream, Error> {
        let rt = crate_path();
        let mut out = Vec::new();
        for (shape_name, function) in &self.names {
            let Some(shape) = cx.model.shape(shape_name) else { continue };
            let ty = named(cx, shape);
            let message = cx.model.message_member(shape).and_then(|(i, _)| fields(cx, shape).into_iter().nth(i));
            let read = read_structure(cx, shape, Read::Error, None, message.is_some(), true)?;
            let fill = message.map(|f| {
                let ident = &f.ident;
                let message = if cx.borrowed_strings() {
                    quote!(::std::borrow::Cow::Owned(::std::clone::Clone::clone(message)))
                } else {
                    quote!(::std::clone::Clone::clone(message))
                };
                if f.optional {
                    quote! {
                        if value.#ident.is_none()
                            && let ::std::option::Option::Some(message) = &meta.message
                        {
                            value.#ident = ::std::option::Option::Some(#message);
                        }
                    }
                } else {
                    quote! {
                        if value.#ident.is_empty()
                            && let ::std::option::Option::Some(message) = &meta.message
                        {
                            value.#ident = #message;
                        }
                    }
                }
            });
            let doc = format!(" Reads the error {} from an error response.", code_span(shape_name));
            let (lifetime, reference) =
                if cx.lifetime(shape_name).borrows() { (quote!('a,), quote!('a)) } else { (quote!(), quote!()) };
            let meta = if fill.is_some() { quote!(meta) } else { quote!(_meta) };
            // An error without members reads nothing from the response.
            let response = if fields(cx, shape).is_empty() { quote!(_response) } else { quote!(response) };
            out.push(quote! {
                #[doc = #doc]
                fn #function<#lifetime B: ::std::convert::AsRef<[u8]>>(
                    #response: &#reference #rt::http::Response<B>,
                    #meta: &#rt::response::ErrorMeta,
                ) -> ::std::result::Result<#ty, #rt::response::ResponseError> {
                    #read
                    #fill
                    ::std::result::Result::Ok(value)
                }
            });
        }
        Ok(quote!(#(#out)*))
    }
}

/// Statements that return the operation's error for a response that is not a success: the
/// modeled error its code names (the shape's name, its code, or its query code), else an
/// unmodeled one.
fn dispatch(cx: &Context, op: &Operation, names: &OperationNames, readers: &ErrorReaders) -> TokenStream {
    let rt = crate_path();
    let error = names.error.ident();
    let unmodeled = names.unmodeled.ident();
    let malformed = names.malformed.ident();
    let mut arms = Vec::new();
    // Where an error has a query code, the query code a response carries finds it too.
    let query_compatible = op
        .errors
        .iter()
        .any(|e| cx.model.shape(e).and_then(|s| s.error.as_ref()).is_some_and(|e| e.query_code.is_some()));
    for (shape_name, variant) in errors_by_name(op, names) {
        let (Some(shape), Some(read)) = (cx.model.shape(shape_name), readers.get(shape_name)) else { continue };
        // The query protocols send the error's code, which is its name where the model gives
        // none; the JSON protocols send its name, or the code a model gives.
        let code = shape.error.as_ref().and_then(|e| e.code.clone());
        let codes = match code {
            Some(code) if super::query::is_query(&cx.model.protocol()) || code == *shape_name => vec![code],
            Some(code) => vec![shape_name.clone(), code],
            None => vec![shape_name.clone()],
        };
        let query = shape.error.as_ref().and_then(|e| e.query_code.clone());
        let pattern = match (query, query_compatible) {
            (Some(q), _) => {
                quote!((::std::option::Option::Some(#(#codes)|*), _) | (_, ::std::option::Option::Some(#q)))
            }
            (None, true) => quote!((::std::option::Option::Some(#(#codes)|*), _)),
            (None, false) => quote!(#(#codes)|*),
        };
        let variant = variant.ident();
        arms.push(quote!(#pattern => #read(response, &meta).map_or_else(#error::#malformed, #error::#variant),));
    }
    let unmodeled = quote!(#error::#unmodeled(meta.unmodeled(response)));
    let code = if query_compatible {
        quote!((meta.code.as_deref(), meta.query_code.as_deref()))
    } else {
        quote!(meta.code_or_empty())
    };
    let found = if arms.is_empty() {
        unmodeled
    } else {
        quote! {
            match #code {
                #(#arms)*
                _ => #unmodeled,
            }
        }
    };
    let protocol = cx.model.protocol();
    let meta = if protocol == Protocol::RpcV2Cbor {
        quote!(#rt::cbor::error_meta(response))
    } else if is_xml(&protocol) {
        let form = error_form(&protocol);
        quote!(#form.meta(response))
    } else {
        quote!(#rt::response::ErrorMeta::from_json(response))
    };
    quote! {
        let meta = #meta;
        return ::std::result::Result::Err(#found);
    }
}

/// The operation's errors with their variants, in name order (the order a model lists them
/// in says nothing, and varies between formats).
fn errors_by_name<'o>(op: &'o Operation, names: &'o OperationNames) -> Vec<(&'o String, &'o crate::names::RustName)> {
    let mut errors: Vec<_> = op.errors.iter().zip(&names.variants).collect();
    errors.sort_by(|a, b| a.0.cmp(b.0));
    errors
}

/// The operation's error enum: a variant per modeled error, one for errors the model does not
/// list, one for responses that could not be read. Its code, message, status, `Display` and
/// source are those of the error it holds (`shapegen_runtime::OperationError`).
fn error_enum(cx: &Context, op: &Operation, names: &OperationNames) -> Result<Vec<syn::Item>, Error> {
    let internal = |e: syn::Error| super::internal(&format!("the error of {}", op.name), e);
    let error = names.error.ident();
    let lifetime = error_lifetime(cx, op);
    let params = lifetime.params();
    let unmodeled = names.unmodeled.ident();
    let malformed = names.malformed.ident();
    let mut variants = Vec::new();
    let mut held = Vec::new();
    for (shape_name, variant) in errors_by_name(op, names) {
        let Some(shape) = cx.model.shape(shape_name) else { continue };
        let ty = super::parse_type(named(cx, shape)).map_err(internal)?;
        let variant = variant.ident();
        let doc = format!(" The error {}.", code_span(shape_name));
        variants.push(syn::Variant {
            attrs: vec![super::doc_attr(&doc)],
            ident: variant.clone(),
            fields: syn::Fields::Unnamed(syn::FieldsUnnamed {
                paren_token: Default::default(),
                unnamed: std::iter::once(super::field(Vec::new(), syn::Visibility::Inherited, None, ty)).collect(),
            }),
            discriminant: None,
        });
        held.push(variant);
    }
    let doc = format!(" An error of {}.", code_span(&op.name));
    ERROR_ENUM.with(|(template, call)| {
        let broken = |what: &str| super::internal("the operation error template", what);
        let mut item = template.clone();
        item.attrs.insert(0, super::doc_attr(&doc));
        item.ident = error.clone();
        item.generics = lifetime.generics();
        let [fixed_unmodeled, fixed_malformed] = &mut item.variants.iter_mut().collect::<Vec<_>>()[..] else {
            return Err(broken("it does not hold two variants"));
        };
        fixed_unmodeled.ident = unmodeled.clone();
        fixed_malformed.ident = malformed.clone();
        let fixed = std::mem::take(&mut item.variants);
        item.variants = variants.into_iter().chain(fixed).collect();
        let mut call = call.clone();
        call.mac.tokens = quote!(#error #params { #(#held,)* #unmodeled, #malformed });
        Ok(vec![syn::Item::Enum(item), syn::Item::Macro(call)])
    })
}

thread_local! {
    /// An operation's error enum, less its name and modeled errors, and its
    /// `operation_error!` line, parsed once per thread.
    static ERROR_ENUM: (syn::ItemEnum, syn::ItemMacro) = {
        let rt = crate_path();
        (
            syn::parse_quote! {
                ///
                /// Its code, message and status are those of the error it holds
                /// (`shapegen_runtime::ServiceError`).
                #[derive(Clone, Debug, PartialEq)]
                #[non_exhaustive]
                #[allow(clippy::large_enum_variant)]
                pub enum Error {
                    /// An error the model does not list for this operation: its code, message, status
                    /// and body, as received.
                    Unmodeled(#rt::response::UnmodeledError),
                    /// A response that could not be read: where, and what was wrong.
                    Malformed(#rt::response::ResponseError),
                }
            },
            syn::parse_quote!(#rt::operation_error!();),
        )
    };
}

// ---------------------------------------------------------------------------------------
// Paging

/// `next_request` and `items` for an operation the model pages, and its `Paginated` impl.
fn paging(cx: &Context, op: &Operation, ident: &Ident) -> Result<TokenStream, Error> {
    let Some(paging) = &op.paging else { return Ok(TokenStream::new()) };
    let (Some(input), Some(output)) =
        (op.input.as_deref().and_then(|i| cx.model.shape(i)), op.output.as_deref().and_then(|o| cx.model.shape(o)))
    else {
        return Ok(TokenStream::new());
    };
    let input_fields = fields(cx, input);
    let mut reads = Vec::new();
    let mut sets = Vec::new();
    let mut absent = Vec::new();
    let mut single_set = TokenStream::new();
    // Whether every token can be copied into the next input.
    let mut copied = true;
    for (i, (token, path)) in paging.input_tokens.iter().zip(&paging.output_tokens).enumerate() {
        let Some(to) = input_fields.iter().find(|f| f.member.name == *token) else { return Ok(TokenStream::new()) };
        let Some((access, from)) = path_access(cx, output, path, &quote!(output)) else {
            return Ok(TokenStream::new());
        };
        let var = format_ident!("token_{i}");
        let to_ident = &to.ident;
        let string = |s: &Shape| matches!(s.kind, ShapeKind::String);
        // A string token is copied into the input as text (it may be borrowed from the page's
        // body); any other token must be of the input member's own type, and cloned. A token
        // that holds strings borrowed from the page's body (DynamoDB's `LastEvaluatedKey`, a
        // map of attribute values) cannot outlive the page, and the next input must: such an
        // operation has its page's items, and no next request, with borrowed strings.
        let value = if string(from.target) && string(to.target) {
            let text = quote!(::std::convert::AsRef::<str>::as_ref(#var));
            if cx.borrowed_strings() {
                quote!(::std::borrow::Cow::Owned(::std::borrow::ToOwned::to_owned(#text)))
            } else {
                quote!(::std::borrow::ToOwned::to_owned(#text))
            }
        } else if from.member.target == to.member.target {
            if cx.value_borrows(to.member) {
                copied = false;
                continue;
            }
            quote!(::std::clone::Clone::clone(#var))
        } else {
            return Ok(TokenStream::new());
        };
        let read = if string(from.target) {
            quote!(#access.filter(|token| !::std::convert::AsRef::<str>::as_ref(*token).is_empty()))
        } else {
            access
        };
        reads.push((var.clone(), read));
        absent.push(quote!(#var.is_none()));
        let assign = if to.optional { quote!(::std::option::Option::Some(#value)) } else { value };
        single_set = quote!(next.#to_ident = #assign;);
        sets.push(quote! {
            if let ::std::option::Option::Some(#var) = #var {
                next.#to_ident = #assign;
            }
        });
    }
    let input_borrows = cx.lifetime(&input.name).borrows();
    let output_borrows = cx.lifetime(&output.name).borrows();
    let in_ty = named_with(cx, input, quote!('a));
    let out_ty = named_with(cx, output, quote!('_));
    let generics = if input_borrows { quote!(<'a>) } else { TokenStream::new() };
    let items = paging.items.as_ref().and_then(|path| {
        let (access, item) = path_access(cx, output, path, &quote!(output))?;
        let ShapeKind::List(list) = &item.target.kind else { return None };
        // The slice holds what the list holds: for a sparse list, each item in an `Option`.
        let item_ty = cx.list_element_type(list, Scope::Support);
        let doc = format!(" The page's items: {} of the output.", code_span(&path.join(".")));
        // Items that borrow from the body name its lifetime, `'a`, as the output does.
        let (generics, out_ref) = if output_borrows {
            let out_ty = named_with(cx, output, quote!('a));
            (quote!(<'o, 'a>), quote!(&'o #out_ty))
        } else {
            (TokenStream::new(), quote!(&#out_ty))
        };
        let slice_ref = if output_borrows { quote!(&'o) } else { quote!(&) };
        Some(quote! {
            #[doc = #doc]
            pub fn items #generics (output: #out_ref) -> #slice_ref [#item_ty] {
                #access.map_or(&[], ::std::vec::Vec::as_slice)
            }
        })
    });
    if !copied {
        return Ok(items.map(|items| quote!(impl #ident { #items })).unwrap_or_default());
    }
    let tokens = paging.input_tokens.iter().map(|t| code_span(t)).collect::<Vec<_>>().join(", ");
    let doc = format!(
        " The request for the page after `output`: `input` with {tokens} set from the output's token; `None` after the last page: the output has no token, an empty one, or the one `input` sent (a service that repeats its token would otherwise be paged forever)."
    );
    // With one token, no token is no next page; with several, none is.
    let (reads, stop) = if let [(var, read)] = reads.as_slice() {
        sets = vec![single_set];
        (vec![quote!(let #var = #read?;)], TokenStream::new())
    } else {
        let reads = reads.iter().map(|(var, read)| quote!(let #var = #read;)).collect();
        (
            reads,
            quote! {
                if #(#absent)&&* {
                    return ::std::option::Option::None;
                }
            },
        )
    };
    let rt = crate_path();
    Ok(quote! {
        impl #ident {
            #[doc = #doc]
            pub fn next_request #generics (input: &#in_ty, output: &#out_ty) -> ::std::option::Option<#in_ty> {
                #(#reads)*
                #stop
                let mut next = ::std::clone::Clone::clone(input);
                #(#sets)*
                (next != *input).then_some(next)
            }

            #items
        }

        #rt::paginated!(#ident);
    })
}

/// An expression of type `Option<&T>` that follows `path` (member names) from `root` (a
/// reference to a value of `shape`), and the last member; `None` when a step is not a member.
fn path_access<'m>(
    cx: &Context<'m>,
    shape: &'m Shape,
    path: &[String],
    root: &TokenStream,
) -> Option<(TokenStream, Field<'m>)> {
    let mut expr: Option<TokenStream> = None;
    let mut shape = shape;
    let mut last = None;
    for name in path {
        let field = fields(cx, shape).into_iter().find(|f| f.member.name == *name)?;
        let ident = &field.ident;
        let boxed = cx.selection.is_boxed(&shape.name, name);
        let (get, map) = match (field.optional, boxed) {
            (true, false) => (quote!(as_ref()), quote!(and_then)),
            (true, true) => (quote!(as_deref()), quote!(and_then)),
            (false, false) => (TokenStream::new(), quote!(map)),
            (false, true) => (TokenStream::new(), quote!(map)),
        };
        expr = Some(match (expr, field.optional) {
            (None, true) => quote!(#root.#ident.#get),
            (None, false) if boxed => quote!(::std::option::Option::Some(&*#root.#ident)),
            (None, false) => quote!(::std::option::Option::Some(&#root.#ident)),
            (Some(e), true) => quote!(#e.#map(|v| v.#ident.#get)),
            (Some(e), false) if boxed => quote!(#e.#map(|v| &*v.#ident)),
            (Some(e), false) => quote!(#e.#map(|v| &v.#ident)),
        });
        shape = field.target;
        last = Some(field);
    }
    Some((expr?, last?))
}
