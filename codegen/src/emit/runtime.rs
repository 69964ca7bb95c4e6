//! What a generated file carries of its own beside its types: `json`, the runtime crate's
//! reader of JSON bodies, under the file's own name; and the private support module, which
//! names the runtime crate's support items (`shapegen_runtime::support`) under a short name
//! and holds the file's default-value functions.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The support module's name. Shape names never yield it (types are UpperCamelCase).
pub const MODULE: &str = "__shapegen";

/// The runtime crate, by its absolute path, as generated code names it everywhere. Its macros
/// (`serde_struct!`, `string_enum!`, ...) are called by this path rather than through the
/// support module's glob import: the
/// compiler resolves a macro named through a glob re-export at a cost that grows faster than
/// the number of calls (for EC2's 5,214 calls, macro expansion and name resolution took 24 s
/// of the crate's 109 s that way, 6 s this way).
pub fn crate_path() -> TokenStream {
    let name = format_ident!("{CRATE}");
    quote!(::#name)
}

/// The runtime crate's name.
const CRATE: &str = "shapegen_runtime";

/// Whether `line` (without its indentation) calls one of the runtime crate's macros by its
/// absolute path: an item of its own, such as `::shapegen_runtime::serde_struct!(Finding);`.
pub fn calls_macro(line: &str) -> bool {
    line.strip_prefix("::")
        .and_then(|rest| rest.strip_prefix(CRATE))
        .and_then(|rest| rest.strip_prefix("::"))
        .and_then(|rest| rest.split_once("!("))
        .is_some_and(|(name, _)| !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'))
}

/// `json`: reading wire JSON into any of the generated types, with errors that give the path
/// of the offending value. Public, the same in every generated file.
pub fn json_module() -> TokenStream {
    let rt = crate_path();
    quote! {
        /// Reading JSON bodies into these types, with errors that say where: `from_slice` and
        /// `from_str` read like serde_json's, and name the path of a value that fails, such as
        /// `findings[3].service.action.awsApiCallAction.errorCode`.
        pub use #rt::json;
    }
}

/// The support module, with `defaults` (the default-value functions of the file's members).
pub fn module(defaults: &[TokenStream]) -> TokenStream {
    let rt = crate_path();
    let module = format_ident!("{}", MODULE);
    quote! {
        /// Serde helpers shared by the types above.
        mod #module {
            // The runtime crate's support items under one short name, whichever of them this
            // file uses.
            #[allow(unused_imports)]
            pub use #rt::support::*;

            #(#defaults)*
        }
    }
}

#[cfg(test)]
mod tests {
    use super::calls_macro;

    #[test]
    fn a_runtime_macro_call_is_told_from_other_lines_that_name_the_runtime() {
        assert!(calls_macro("::shapegen_runtime::serde_struct!(Finding);"));
        assert!(calls_macro("::shapegen_runtime::serde_struct!(Finding < 'a >);"));
        assert!(calls_macro("::shapegen_runtime::operation_error!("));
        // Function calls, in statements or tail expressions, are not items of their own.
        assert!(!calls_macro("::shapegen_runtime::request::idempotency_token();"));
        assert!(!calls_macro("::shapegen_runtime::xml::read_document(body, status)"));
        assert!(!calls_macro("::shapegen_runtime_other::serde_struct!(Finding);"));
        assert!(!calls_macro("__shapegen::serde_struct!(Finding);"));
    }
}
