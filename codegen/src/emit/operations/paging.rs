//! Paging: `next_request`, `items` and the `Paginated` impl of each operation the model pages.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::docs::code_span;
use crate::emit::Context;
use crate::emit::runtime::crate_path;
use crate::emit::types::Scope;
use crate::error::Error;
use crate::model::{Operation, Shape, ShapeKind};

use super::shared::{Field, fields, named_with};

/// `next_request` and `items` for an operation the model pages, and its `Paginated` impl.
pub(super) fn paging(cx: &Context, op: &Operation, ident: &Ident) -> Result<TokenStream, Error> {
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
    // The page's items, and the other lists a paginator names (`items_common_prefixes`).
    let items_fn = |path: &Vec<String>, function: &Ident| {
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
        let function = quote! {
            #[doc = #doc]
            pub fn #function #generics (output: #out_ref) -> #slice_ref [#item_ty] {
                #access.map_or(&[], ::std::vec::Vec::as_slice)
            }
        };
        Some((function, item_ty))
    };
    let rt = crate_path();
    let items = paging.items.as_ref().and_then(|path| {
        let (function, item_ty) = items_fn(path, &format_ident!("items"))?;
        Some((function, quote!(#rt::paged_items!(#ident, #item_ty);)))
    });
    // Named for the list's member; two lists of the same name are told apart by a number.
    let mut taken = std::collections::BTreeSet::new();
    let more_items = paging.more_items.iter().filter_map(|path| {
        let base = format!("items_{}", crate::names::snake(path.last()?).text());
        let (mut name, mut n) = (base.clone(), 1);
        while !taken.insert(name.clone()) {
            n += 1;
            name = format!("{base}_{n}");
        }
        items_fn(path, &format_ident!("{name}")).map(|(function, _)| function)
    });
    let more_items: TokenStream = more_items.collect();
    let (items, items_impl) = items.unzip();
    let items = items.map(|items| quote!(#items #more_items));
    if !copied {
        return Ok(items.map(|items| quote!(impl #ident { #items } #items_impl)).unwrap_or_default());
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
        #items_impl
    })
}

/// An expression of type `Option<&T>` that follows `path` (member names) from `root` (a
/// reference to a value of `shape`), and the last member; `None` when a step is not a member.
pub(super) fn path_access<'m>(
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
