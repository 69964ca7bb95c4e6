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

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::runtime::crate_path;
use super::{Context, doc_or, push_paragraph};
use crate::docs::code_span;
use crate::error::Error;
use crate::model::{Operation, Protocol};
use crate::settings::Operations;

mod context;
mod errors;
mod paging;
mod read;
mod request;
mod response;
mod shared;

use errors::{ErrorReaders, error_enum};
use paging::paging;
use request::request;
use response::response;
use shared::{error_lifetime, is_xml, named, named_with};

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

/// The arguments of an operation's `operation!` line: its name and types, then what differs
/// from the defaults: the function that sets its endpoint parameters (when the file has an
/// `endpoint` module), its own auth schemes (when they are not the service's), an unsigned
/// payload, an output that is a stream, and whether the output or the error borrows from the response's body.
fn operation_line(cx: &Context, op: &Operation, types: TokenStream, borrows: bool) -> TokenStream {
    let mut line = types;
    if super::endpoint::generated(cx) {
        line.extend(quote!(, endpoint_params = Self::endpoint_params));
    }
    if let Some(auth) = op.auth.as_ref().filter(|auth| **auth != cx.model.service.auth) {
        let schemes = auth.iter().map(super::service::variant);
        line.extend(quote!(, auth = [#(#schemes),*]));
    }
    if op.unsigned_payload {
        line.extend(quote!(, unsigned_payload = true));
    }
    if streaming_output(cx, op) {
        line.extend(quote!(, streaming_output = true));
    }
    if let Some(checksum) = http_checksum(cx, op) {
        line.extend(quote!(, http_checksum = #checksum));
    }
    if !op.request_compression.is_empty() {
        let encodings = &op.request_compression;
        line.extend(quote!(, request_compression = [#(#encodings),*]));
    }
    if borrows {
        line.extend(quote!(, borrows = true));
    }
    line
}

/// The operation's flexible checksums, as the runtime's `HttpChecksum`: the headers its
/// members are bound to, where a client reads and writes them.
fn http_checksum(cx: &Context, op: &Operation) -> Option<TokenStream> {
    let checksum = op.http_checksum.as_ref();
    if checksum.is_none() && !op.checksum_required {
        return None;
    }
    let rt = crate_path();
    let input = op.input.as_deref().and_then(|i| cx.model.shape(i));
    let header = |member: Option<&String>| -> TokenStream {
        let bound = member.and_then(|name| input?.kind.members().iter().find(|m| m.name == *name));
        match bound.map(|m| &m.binding) {
            Some(crate::model::Binding::Header(header)) => quote!(::std::option::Option::Some(#header)),
            _ => quote!(::std::option::Option::None),
        }
    };
    let required = op.checksum_required;
    let algorithm = checksum.is_some_and(|c| c.request_algorithm_member.is_some());
    let algorithm_header = header(checksum.and_then(|c| c.request_algorithm_member.as_ref()));
    let mode_header = header(checksum.and_then(|c| c.request_validation_mode_member.as_ref()));
    let algorithms = checksum.map_or(&[][..], |c| &c.response_algorithms[..]);
    Some(quote! {
        ::std::option::Option::Some(#rt::operation::HttpChecksum {
            request_required: #required,
            request_algorithm: #algorithm,
            request_algorithm_header: #algorithm_header,
            validation_mode_header: #mode_header,
            response_algorithms: &[#(#algorithms),*],
        })
    })
}

/// Whether the operation's output has a member that is a stream.
fn streaming_output(cx: &Context, op: &Operation) -> bool {
    let output = op.output.as_deref().and_then(|o| cx.model.shape(o));
    output.is_some_and(|o| o.kind.members().iter().any(|m| m.streaming))
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
        call: operation_line(cx, op, quote!(#ident, #trait_input, #trait_output, #trait_error), borrows),
    };
    let mut items = FRAME.with(|frame| frame.fill(parts))?;
    items.append(&mut super::parse_items(paging(cx, op, &ident)?)?);
    items.append(&mut super::parse_items(context::endpoint_params(cx, op, &ident)?)?);
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

                    /// The request for `input`, to `endpoint`: a URL (such as
                    /// `https://service.us-east-1.amazonaws.com`), or an endpoint the service's rules
                    /// resolved (`&endpoint::Endpoint`), whose headers it carries. Method, URI,
                    /// headers and body as the protocol binds the members. Fails, naming the member,
                    /// when a member the request cannot do without (a URI or host label) has no value,
                    /// or a value cannot travel where the model puts it.
                    #[inline]
                    pub fn request<'e>(
                        input: &Input,
                        endpoint: impl ::std::convert::Into<#rt::request::Target<'e>>,
                    ) -> #rt::request::RequestResult {}

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
