//! Errors: the functions that read each modeled error, the dispatch on an error response's
//! code, and each operation's error enum.

use std::collections::BTreeMap;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::docs::code_span;
use crate::emit::Context;
use crate::emit::runtime::crate_path;
use crate::error::Error;
use crate::model::{Operation, Protocol};
use crate::names::OperationNames;

use super::read::{error_form, read_structure};
use super::shared::{Read, error_lifetime, fields, is_xml, named};

/// The functions that read each modeled error, one per error shape, shared by the operations
/// that list it.
pub(super) struct ErrorReaders {
    /// Function names by error shape name.
    names: BTreeMap<String, Ident>,
}

impl ErrorReaders {
    pub(super) fn new(cx: &Context, ops: &[&Operation]) -> ErrorReaders {
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
    pub(super) fn functions(&self, cx: &Context) -> Result<TokenStream, Error> {
        let rt = crate_path();
        let mut out = Vec::new();
        for (shape_name, function) in &self.names {
            let Some(shape) = cx.model.shape(shape_name) else { continue };
            let ty = named(cx, shape);
            let message = cx.model.message_member(shape).and_then(|(i, _)| fields(cx, shape).into_iter().nth(i));
            // The value is changed after it is read: its message, where the body had none, and
            // its context.
            let context = cx.error_context_field(shape);
            let read = read_structure(cx, shape, Read::Error, None, message.is_some() || context.is_some(), true)?;
            // The error's message as the response gave it, where the structure read has none.
            let fill = message.map(|f| {
                let ident = &f.ident;
                let message = if cx.borrowed_strings() {
                    quote!(meta.message.clone().map(::std::borrow::Cow::Owned))
                } else {
                    quote!(meta.message.clone())
                };
                if f.optional {
                    quote! {
                        if value.#ident.is_none() {
                            value.#ident = #message;
                        }
                    }
                } else {
                    quote! {
                        if value.#ident.is_empty() {
                            value.#ident = #message.unwrap_or_default();
                        }
                    }
                }
            });
            let doc = format!(" Reads the error {} from an error response.", code_span(shape_name));
            let (lifetime, reference) =
                if cx.lifetime(shape_name).borrows() { (quote!('a,), quote!('a)) } else { (quote!(), quote!()) };
            // What the response said beside the error's members.
            let context_value = quote!(#rt::response::ErrorContext::of(response, meta));
            // An error without members is its context alone.
            let (read, context) = match context {
                Some(context) if fields(cx, shape).is_empty() => {
                    let name = cx.type_ident(shape_name);
                    (quote!(let value = super::#name { #context: #context_value };), None)
                }
                Some(context) => (read, Some(quote!(value.#context = #context_value;))),
                None => (read, None),
            };
            out.push(quote! {
                #[doc = #doc]
                fn #function<#lifetime B: ::std::convert::AsRef<[u8]>>(
                    response: &#reference #rt::http::Response<B>,
                    meta: &#rt::response::ErrorMeta,
                ) -> ::std::result::Result<#ty, #rt::response::ResponseError> {
                    #read
                    #fill
                    #context
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
pub(super) fn dispatch(cx: &Context, op: &Operation, names: &OperationNames, readers: &ErrorReaders) -> TokenStream {
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
            Some(code) if crate::emit::query::is_query(&cx.model.protocol()) || code == *shape_name => vec![code],
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
    // A response without a body or a code takes its status as its code (`"404"`): it is the
    // modeled error of that status, where the operation lists exactly one (botocore's S3
    // `HeadObject` of a missing key is `NoSuchKey`, of status 404); else the one named for the
    // status's reason phrase, as the AWS SDKs read S3's (Smithy's `HeadObject` lists
    // `NotFound`, of no status).
    let mut by_status: BTreeMap<u16, Vec<(&String, &crate::names::RustName)>> = BTreeMap::new();
    for (shape_name, variant) in errors_by_name(op, names) {
        if let Some(status) = cx.model.shape(shape_name).and_then(|s| s.error.as_ref()).and_then(|e| e.http_status) {
            by_status.entry(status).or_default().push((shape_name, variant));
        }
    }
    for (status, reason) in REASONS {
        if by_status.contains_key(status) {
            continue;
        }
        let named = errors_by_name(op, names).into_iter().filter(|(shape_name, _)| {
            let code = cx.model.shape(shape_name).and_then(|s| s.error.as_ref()).and_then(|e| e.code.as_deref());
            code.unwrap_or(shape_name.as_str()) == *reason
        });
        by_status.entry(*status).or_default().extend(named);
    }
    for (status, errors) in by_status {
        let [(shape_name, variant)] = errors.as_slice() else { continue };
        let Some(read) = readers.get(shape_name) else { continue };
        let code = status.to_string();
        let taken = op.errors.iter().any(|e| {
            *e == code
                || cx.model.shape(e).and_then(|s| s.error.as_ref()).and_then(|e| e.code.as_deref()) == Some(&code)
        });
        if taken {
            continue;
        }
        let pattern = if query_compatible { quote!((::std::option::Option::Some(#code), _)) } else { quote!(#code) };
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

/// HTTP statuses an error response may come with and no body, by the name of their reason
/// phrase (RFC 9110) as an error code.
const REASONS: &[(u16, &str)] = &[
    (400, "BadRequest"),
    (401, "Unauthorized"),
    (403, "Forbidden"),
    (404, "NotFound"),
    (405, "MethodNotAllowed"),
    (409, "Conflict"),
    (412, "PreconditionFailed"),
    (429, "TooManyRequests"),
    (500, "InternalServerError"),
    (503, "ServiceUnavailable"),
];

/// The operation's errors with their variants, in name order (the order a model lists them
/// in says nothing, and varies between formats).
pub(super) fn errors_by_name<'o>(
    op: &'o Operation,
    names: &'o OperationNames,
) -> Vec<(&'o String, &'o crate::names::RustName)> {
    let mut errors: Vec<_> = op.errors.iter().zip(&names.variants).collect();
    errors.sort_by(|a, b| a.0.cmp(b.0));
    errors
}

/// The operation's error enum: a variant per modeled error, one for errors the model does not
/// list, one for responses that could not be read. Its code, message, status, `Display` and
/// source are those of the error it holds (`shapegen_runtime::OperationError`).
pub(super) fn error_enum(cx: &Context, op: &Operation, names: &OperationNames) -> Result<Vec<syn::Item>, Error> {
    let internal = |e: syn::Error| crate::emit::internal(&format!("the error of {}", op.name), e);
    let error = names.error.ident();
    let lifetime = error_lifetime(cx, op);
    let params = lifetime.params();
    let unmodeled = names.unmodeled.ident();
    let malformed = names.malformed.ident();
    let mut variants = Vec::new();
    let mut held = Vec::new();
    for (shape_name, variant) in errors_by_name(op, names) {
        let Some(shape) = cx.model.shape(shape_name) else { continue };
        let ty = crate::emit::parse_type(named(cx, shape)).map_err(internal)?;
        let variant = variant.ident();
        let doc = format!(" The error {}.", code_span(shape_name));
        variants.push(syn::Variant {
            attrs: vec![crate::emit::doc_attr(&doc)],
            ident: variant.clone(),
            fields: syn::Fields::Unnamed(syn::FieldsUnnamed {
                paren_token: Default::default(),
                unnamed: std::iter::once(crate::emit::field(Vec::new(), syn::Visibility::Inherited, None, ty))
                    .collect(),
            }),
            discriminant: None,
        });
        held.push(variant);
    }
    let doc = format!(" An error of {}.", code_span(&op.name));
    ERROR_ENUM.with(|(template, call)| {
        let broken = |what: &str| crate::emit::internal("the operation error template", what);
        let mut item = template.clone();
        item.attrs.insert(0, crate::emit::doc_attr(&doc));
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
