//! The `service` module: what a client needs to know of the service to send any of its
//! operations (its SDK id, signing name, API version, auth schemes and endpoint parameters),
//! as `service::Service`, which implements `shapegen_runtime::Service`. Each operation's
//! `operation!` line names it, and says where the operation differs from it.

use proc_macro2::TokenStream;
use quote::quote;

use super::Context;
use super::runtime::crate_path;
use crate::docs::code_span;
use crate::error::Error;
use crate::model::AuthScheme;

/// The `service` module, when the file has operations.
pub(super) fn module(cx: &Context) -> Result<Option<syn::Item>, Error> {
    if !super::operations::generated(cx) {
        return Ok(None);
    }
    let rt = crate_path();
    let service = &cx.model.service;
    let sdk_id = service.sdk_id.as_deref().unwrap_or_default();
    // The signing name, else the endpoint prefix, as botocore and the SDKs fall back.
    let signing_name = service.signing_name.as_deref().or(service.endpoint_prefix.as_deref()).unwrap_or_default();
    let api_version = service.api_version.as_deref().unwrap_or_default();
    let auth = service.auth.iter().map(|scheme| {
        let variant = variant(scheme);
        quote!(#rt::AuthScheme::#variant)
    });
    let params =
        if super::endpoint::generated(cx) { quote!(super::endpoint::Params) } else { quote!(#rt::NoEndpointRules) };
    let doc = format!(" {} as a client reads it: its `Service`.", code_span(&service.title));
    let module = quote! {
        #[doc = #doc]
        pub mod service {}
    };
    let items = quote! {
        /// The service, for a client that sends any of its operations: its SDK id, signing
        /// name, API version, auth schemes and endpoint parameters, through
        /// `shapegen_runtime::Service`. Every operation's `Operation::Service` is this type.
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        pub struct Service;

        impl #rt::Service for Service {
            const SDK_ID: &'static str = #sdk_id;
            const SIGNING_NAME: &'static str = #signing_name;
            const API_VERSION: &'static str = #api_version;
            const AUTH: &'static [#rt::AuthScheme] = &[#(#auth),*];
            type EndpointParams = #params;
        }
    };
    super::module_with(module, super::parse_items(items)?).map(Some)
}

/// An auth scheme as the variant of `shapegen_runtime::AuthScheme` that names it
/// (`SigV4`, `Other("smithy.api#httpApiKeyAuth")`), for the `service` module and the
/// `operation!` lines alike.
pub(super) fn variant(scheme: &AuthScheme) -> TokenStream {
    match scheme {
        AuthScheme::SigV4 => quote!(SigV4),
        AuthScheme::SigV4a => quote!(SigV4a),
        AuthScheme::Bearer => quote!(Bearer),
        AuthScheme::NoAuth => quote!(NoAuth),
        AuthScheme::Other(name) => quote!(Other(#name)),
    }
}
