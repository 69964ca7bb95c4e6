//! Responses: the `response` function of each operation, reading its output.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::Context;
use crate::error::Error;
use crate::model::{Operation, Shape};
use crate::names::OperationNames;

use super::errors::{ErrorReaders, dispatch};
use super::read::read_structure;
use super::shared::Read;

pub(super) fn response(
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
