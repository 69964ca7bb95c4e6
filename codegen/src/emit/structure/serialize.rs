//! A structure's `Serialize`, written out instead of derived.
//!
//! serde's derive writes, for every structure, the count of fields present, a call per field
//! with its error path, and for a field with an adapter a wrapper type of its own: for a
//! crate of hundreds of structures, about half of what the compiler spent on their types.
//! Here the impl is the runtime's (`write_struct`), implemented by the line that implements
//! `Deserialize` too (`serde_struct!`, see `deserialize.rs`), and the structure adds its
//! `WriteMembers` impl: one statement per member of the body,
//! which names its wire name and field, and how the field holds the value. The runtime
//! counts the members present, writes them, and keeps the serializer's first error.

use quote::format_ident;

use super::super::{Context, Lifetime};
use super::Field;
use crate::error::Error;

/// The `WriteMembers` impl of the struct `name` with `fields` (every member, body or not),
/// through which its `Serialize` writes it. Members outside the body (bound to the URI, headers or the query
/// string) are not written.
///
/// The impl, and the statements, are made as syntax trees from templates parsed once per
/// thread, as the member readers' arms are: a crate has hundreds of structures.
pub(super) fn structure(
    cx: &Context,
    name: &proc_macro2::Ident,
    lifetime: Lifetime,
    fields: &[Field],
) -> Result<Vec<syn::Item>, Error> {
    let body = super::body(fields);
    let mut writer = TEMPLATE.with(Clone::clone);
    let wire_name = name.to_string();
    super::fill_templates(None, &mut writer, name, lifetime, lifetime.params(), &wire_name, "member writer")?;
    let Some(syn::ImplItem::Fn(write)) = writer.items.last_mut() else {
        return Err(internal("the writer's template does not end with a function"));
    };
    if body.is_empty() {
        // Nothing to write: the sink goes unnamed.
        let Some(syn::FnArg::Typed(out)) = write.sig.inputs.iter_mut().nth(1) else {
            return Err(internal("the writer's template takes no sink"));
        };
        *out.pat = syn::Pat::Wild(syn::PatWild { attrs: Vec::new(), underscore_token: Default::default() });
    } else {
        let statements = body.iter().map(|f| STATEMENT.with(|template| statement(cx, f, template)));
        write.block.stmts = statements.collect::<Result<Vec<syn::Stmt>, Error>>()?;
    }
    Ok(vec![syn::Item::Impl(writer)])
}

thread_local! {
    /// The templates of the `WriteMembers` impl and of a member's statement, parsed once per
    /// thread (syntax trees cannot be shared between threads).
    static TEMPLATE: syn::ItemImpl = {
        let support = format_ident!("{}", super::super::runtime::MODULE);
        syn::parse_quote! {
            impl #support::WriteMembers for Type {
                const NAME: &'static str = "Type";

                fn write_members<W: #support::MemberSink>(&self, out: &mut W) {}
            }
        }
    };
    static STATEMENT: syn::Stmt = syn::parse_quote!(out.value("key", &self.field););
}

/// `out.method("wire", &self.field);`: `optional` for a member the struct holds in an
/// `Option` (left out when absent), `value` for one it always holds; with `_as` and the
/// adapter, for a value whose wire form is not serde's (a timestamp, a blob).
fn statement(cx: &Context, f: &Field, template: &syn::Stmt) -> Result<syn::Stmt, Error> {
    // The adapter of the value (of what the `Option` holds, for an optional member); one that
    // matters only for reading writes what serde writes.
    let adapter = f.adapter.as_ref().filter(|a| !a.reads_only());
    let method = match (f.optional(), adapter.is_some()) {
        (true, false) => "optional",
        (true, true) => "optional_as",
        (false, false) => "value",
        (false, true) => "value_as",
    };
    let mut statement = template.clone();
    let syn::Stmt::Expr(syn::Expr::MethodCall(call), Some(_)) = &mut statement else {
        return Err(internal("the statement's template has no call"));
    };
    call.method = syn::Ident::new(method, proc_macro2::Span::call_site());
    if let Some(adapter) = adapter {
        call.turbofish = Some(super::turbofish(adapter).map_err(internal)?);
    }
    let mut args = call.args.iter_mut();
    let (Some(syn::Expr::Lit(key)), Some(syn::Expr::Reference(reference))) = (args.next(), args.next()) else {
        return Err(internal("the statement's template has no key and field"));
    };
    key.lit = syn::Lit::Str(syn::LitStr::new(cx.model.json_key(f.member), proc_macro2::Span::call_site()));
    let syn::Expr::Field(place) = &mut *reference.expr else {
        return Err(internal("the statement's template has no field"));
    };
    place.member = syn::Member::Named(f.ident.clone());
    Ok(statement)
}

fn internal(error: impl std::fmt::Display) -> Error {
    super::super::internal("member writer", error)
}
