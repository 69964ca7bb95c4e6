//! JMESPath expressions compiled to Rust over the generated types: what an operation context
//! parameter's path (`TransactItems[*].Get.TableName`, `keys(RequestItems)`) gives from the
//! typed input, with no JSON built and no expression walked at run time.
//!
//! A compiled expression is one value or a list of values. One value is an `Option<&T>`;
//! a list is an `Option<impl Iterator<Item = &T>>`, `None` when what it projects is absent,
//! its absent items dropped, as JMESPath's projections drop nulls. The forms compiled are
//! fields, sub-expressions, the current node, list projections, flatten, multi-select lists
//! (in a projection that is flattened) and `keys()`; another form is an error that names it.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Context;
use crate::jmespath::Expr;
use crate::model::{Presence, Shape, ShapeKind};

/// A compiled expression.
pub(crate) enum Compiled<'m> {
    /// One value of the shape: a place of type `T` when `present` (borrow it with `&`), else
    /// an `Option<&T>`.
    One { code: TokenStream, shape: &'m Shape, present: bool },
    /// Values of the shape: an `impl Iterator<Item = &T>` when `present`, else an
    /// `Option<impl Iterator<Item = &T>>`; `nested` when they are the items of lists that a
    /// projection made, which only a flatten (`[]`) may follow.
    Many { code: TokenStream, item: &'m Shape, present: bool, nested: bool },
}

/// Compiles `expr` over `root` (an expression of type `&T`, a value of `shape`).
pub(crate) fn compile<'m>(
    cx: &Context<'m>,
    shape: &'m Shape,
    root: TokenStream,
    expr: &Expr,
) -> Result<Compiled<'m>, String> {
    let mut counter = 0;
    apply(cx, expr, Compiled::One { code: root, shape, present: true }, &mut counter)
}

/// `f` (code over `v`, a `&T`) applied to a value `code` that may be absent:
/// `code.map(|v| f)`, or `code.and_then(|v| f)` when `f` may be absent too.
fn then(code: TokenStream, v: &proc_macro2::Ident, f: TokenStream, f_present: bool) -> TokenStream {
    if f_present { quote!(#code.map(|#v| #f)) } else { quote!(#code.and_then(|#v| #f)) }
}

/// `expr` applied to `input`.
fn apply<'m>(cx: &Context<'m>, expr: &Expr, input: Compiled<'m>, counter: &mut usize) -> Result<Compiled<'m>, String> {
    match expr {
        Expr::Current => Ok(input),
        Expr::Field(name) => match input {
            Compiled::One { code, shape, present } => {
                let v = fresh(counter);
                let (access, target, field_present) = field(cx, shape, name, &quote!(#v))?;
                let (code, present) = if present {
                    let (access, _, _) = field(cx, shape, name, &code)?;
                    (access, field_present)
                } else {
                    let access = if field_present { quote!(&#access) } else { access };
                    (then(code, &v, access, field_present), false)
                };
                Ok(Compiled::One { code, shape: target, present })
            }
            Compiled::Many { code, item, present, nested: false } => {
                let v = fresh(counter);
                let (access, target, field_present) = field(cx, item, name, &quote!(#v))?;
                let each = if field_present { quote!(map(|#v| &#access)) } else { quote!(filter_map(|#v| #access)) };
                Ok(Compiled::Many { code: over(code, present, each), item: target, present, nested: false })
            }
            Compiled::Many { .. } => Err(format!("the field {name:?} of a list of lists")),
        },
        Expr::Sub(lhs, rhs) => {
            let left = apply(cx, lhs, input, counter)?;
            apply(cx, rhs, left, counter)
        }
        Expr::ListProjection(lhs, rhs) => {
            let items = items(cx, apply(cx, lhs, input, counter)?)?;
            project(cx, items, rhs, counter)
        }
        Expr::Flatten(lhs, rhs) => {
            let items = match apply(cx, lhs, input, counter)? {
                Compiled::Many { code, item, present, nested: true } => {
                    Compiled::Many { code, item, present, nested: false }
                }
                other => items(cx, other)?,
            };
            project(cx, items, rhs, counter)
        }
        Expr::MultiList(exprs) => {
            let Compiled::One { code, shape, present } = input else {
                return Err("a multi-select list of a list".to_owned());
            };
            let v = fresh(counter);
            let base = if present { code.clone() } else { quote!(#v) };
            let mut parts = Vec::new();
            let mut item_shape: Option<&Shape> = None;
            for e in exprs {
                match apply(cx, e, Compiled::One { code: base.clone(), shape, present: true }, counter)? {
                    Compiled::One { code: part, shape: s, present: part_present } => {
                        if item_shape.is_some_and(|other| !same_type(other, s)) {
                            return Err("a multi-select list of values of different types".to_owned());
                        }
                        item_shape = Some(s);
                        parts.push(if part_present { quote!(::std::option::Option::Some(&#part)) } else { part });
                    }
                    Compiled::Many { .. } => return Err("a multi-select list of lists".to_owned()),
                }
            }
            let item = item_shape.ok_or("an empty multi-select list")?;
            let list = quote!([#(#parts),*].into_iter().flatten());
            let code = if present { list } else { quote!(#code.map(|#v| #list)) };
            Ok(Compiled::Many { code, item, present, nested: false })
        }
        Expr::Function(name, args) if name == "keys" => {
            let [arg] = args.as_slice() else { return Err("keys() takes one argument".to_owned()) };
            match apply(cx, arg, input, counter)? {
                Compiled::One { code, shape, present } => match &shape.kind {
                    ShapeKind::Map(map) => {
                        let key = cx.model.shape(&map.key.target).ok_or("a map without its key shape")?;
                        let code = if present { quote!(#code.keys()) } else { quote!(#code.map(|map| map.keys())) };
                        Ok(Compiled::Many { code, item: key, present, nested: false })
                    }
                    other => Err(format!("keys() of {}", other.name())),
                },
                Compiled::Many { .. } => Err("keys() of a list".to_owned()),
            }
        }
        other => Err(format!("the expression {other:?}, which is not compiled yet")),
    }
}

/// `method` (such as `map(|v| ..)`) called on the iterator `code`, or inside its `Option`.
fn over(code: TokenStream, present: bool, method: TokenStream) -> TokenStream {
    if present { quote!(#code.#method) } else { quote!(#code.map(|items| items.#method)) }
}

/// The items of a list value, as a list.
fn items<'m>(cx: &Context<'m>, value: Compiled<'m>) -> Result<Compiled<'m>, String> {
    match value {
        Compiled::One { code, shape, present } => match &shape.kind {
            ShapeKind::List(list) => {
                let item = cx.model.shape(&list.member.target).ok_or("a list without its member shape")?;
                let iter = if list.sparse { quote!(iter().flatten()) } else { quote!(iter()) };
                let code = if present { quote!(#code.#iter) } else { quote!(#code.map(|list| list.#iter)) };
                Ok(Compiled::Many { code, item, present, nested: false })
            }
            other => Err(format!("a projection of {}", other.name())),
        },
        Compiled::Many { .. } => Err("a projection of a projection".to_owned()),
    }
}

/// `rhs` applied to each item of `items`; a list for each item makes a nested list.
fn project<'m>(cx: &Context<'m>, items: Compiled<'m>, rhs: &Expr, counter: &mut usize) -> Result<Compiled<'m>, String> {
    let Compiled::Many { code, item, present, .. } = items else { return Err("a projection of one value".to_owned()) };
    if *rhs == Expr::Current {
        return Ok(Compiled::Many { code, item, present, nested: false });
    }
    let v = fresh(counter);
    match apply(cx, rhs, Compiled::One { code: quote!(#v), shape: item, present: true }, counter)? {
        Compiled::One { code: each, shape: target, present: each_present } => {
            let method = if each_present { quote!(map(|#v| &#each)) } else { quote!(filter_map(|#v| #each)) };
            Ok(Compiled::Many { code: over(code, present, method), item: target, present, nested: false })
        }
        // Lists of lists are opened as they are made; `nested` says a flatten must follow.
        Compiled::Many { code: each, item: target, present: each_present, nested: false } => {
            let method = if each_present {
                quote!(flat_map(|#v| #each))
            } else {
                quote!(flat_map(|#v| #each.into_iter().flatten()))
            };
            Ok(Compiled::Many { code: over(code, present, method), item: target, present, nested: true })
        }
        Compiled::Many { .. } => Err("a projection of lists of lists".to_owned()),
    }
}

/// The member `name` of `value` (a place of a value of `shape`): its access, its shape, and
/// whether it is always there (a place of type `T`, else an `Option<&T>`).
pub(crate) fn field<'m>(
    cx: &Context<'m>,
    shape: &'m Shape,
    name: &str,
    value: &TokenStream,
) -> Result<(TokenStream, &'m Shape, bool), String> {
    let members = shape.kind.members();
    let (i, member) = members
        .iter()
        .enumerate()
        .find(|(_, m)| m.name == name)
        .ok_or_else(|| format!("{} has no member {name:?}", shape.name))?;
    let ident = cx.names.members(&shape.name).get(i).ok_or("a member without a name")?.ident();
    let target = cx.model.shape(&member.target).ok_or_else(|| format!("no shape {}", member.target))?;
    let boxed = cx.selection.is_boxed(&shape.name, name);
    Ok(match (shape.presence(member) == Presence::Optional, boxed) {
        (true, false) => (quote!(#value.#ident.as_ref()), target, false),
        (true, true) => (quote!(#value.#ident.as_deref()), target, false),
        (false, false) => (quote!(#value.#ident), target, true),
        (false, true) => (quote!((*#value.#ident)), target, true),
    })
}

/// Whether two shapes make the same Rust type of value (strings of any shape are one).
fn same_type(a: &Shape, b: &Shape) -> bool {
    a.name == b.name || matches!((&a.kind, &b.kind), (ShapeKind::String, ShapeKind::String))
}

fn fresh(counter: &mut usize) -> proc_macro2::Ident {
    *counter += 1;
    format_ident!("v{}", *counter)
}
