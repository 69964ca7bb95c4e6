//! What a generated file carries of its own beside its types: `json`, the runtime crate's
//! reader of JSON bodies, under the file's own name; and the private support module, which
//! names the runtime crate's support items (`shapegen_runtime::support`) under a short name
//! and holds the file's default-value functions.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The support module's name. Shape names never yield it (types are UpperCamelCase).
pub const MODULE: &str = "__shapegen";

/// `json`: reading wire JSON into any of the generated types, with errors that give the path
/// of the offending value. Public, the same in every generated file.
pub fn json_module() -> TokenStream {
    quote! {
        /// Reading JSON bodies into these types, with errors that say where: `from_slice` and
        /// `from_str` read like serde_json's, and name the path of a value that fails, such as
        /// `findings[3].service.action.awsApiCallAction.errorCode`.
        pub use ::shapegen_runtime::json;
    }
}

/// The support module, with `defaults` (the default-value functions of the file's members).
pub fn module(defaults: &[TokenStream]) -> TokenStream {
    let module = format_ident!("{}", MODULE);
    quote! {
        /// Serde helpers shared by the types above.
        mod #module {
            // The runtime crate's support items under one short name, whichever of them this
            // file uses.
            #[allow(unused_imports)]
            pub use ::shapegen_runtime::support::*;

            #(#defaults)*
        }
    }
}
