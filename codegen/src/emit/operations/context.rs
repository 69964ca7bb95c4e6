//! Endpoint parameters: each operation's `endpoint_params`, which sets what the operation's
//! model says of its endpoint: static values (`staticContextParams`), the members of its
//! input bound to a parameter (`contextParam`, such as S3's `Bucket`), and what paths into its
//! input give (`operationContextParams`, compiled from JMESPath).

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::emit::Context;
use crate::error::{Error, ModelError};
use crate::model::{ContextParam, Operation, Shape, ShapeKind};
use crate::rules::ParameterType;

use super::shared::{fields, named_with};

/// `endpoint_params` for `op`, when the file has an `endpoint` module.
pub(super) fn endpoint_params(cx: &Context, op: &Operation, ident: &Ident) -> Result<TokenStream, Error> {
    let Some(rules) = cx.model.endpoint_rules.as_ref().filter(|_| crate::emit::endpoint::generated(cx)) else {
        return Ok(TokenStream::new());
    };
    let idents = crate::emit::endpoint::param_idents(rules);
    let input = op.input.as_deref().and_then(|i| cx.model.shape(i));
    let mut sets = Vec::new();
    let mut uses_input = false;
    let param = |name: &str, at: &crate::json::Pointer| {
        let p = rules.parameter(name).ok_or_else(|| {
            Error::model(ModelError::new(at, format!("the endpoint rule set has no parameter {name:?}")))
        })?;
        let ident = idents.get(name).ok_or_else(|| Error::Internal(format!("no identifier for {name:?}")))?;
        Ok::<_, Error>((p, ident))
    };
    for (name, value, at) in &op.context_params {
        let (p, field) = param(name, at)?;
        match value {
            ContextParam::Value(literal) => {
                sets.push(assign(field, p.default.is_none(), crate::emit::endpoint::literal(literal)));
            }
            ContextParam::Path(path) => {
                let Some(input) = input else {
                    return Err(Error::model(ModelError::new(at, "a path into the input of an operation without one")));
                };
                let expr = crate::jmespath::parse(path)
                    .map_err(|e| Error::model(ModelError::new(at, format!("the path {path:?}: {e}"))))?;
                let compiled = crate::emit::jmespath::compile(cx, input, quote!(input), &expr)
                    .map_err(|e| Error::model(ModelError::new(at, format!("the path {path:?}: {e}"))))?;
                uses_input = true;
                sets.push(path_value(p.ty, field, p.default.is_none(), compiled).map_err(|e| {
                    Error::model(ModelError::new(at, format!("the path {path:?} for the parameter {name:?}: {e}")))
                })?);
            }
        }
    }
    if let Some(shape) = input {
        for f in fields(cx, shape) {
            let Some(name) = &f.member.context_param else { continue };
            let (p, field) = param(name, &f.member.origin)?;
            let member = &f.ident;
            let value = convert(p.ty, f.target, cx, &quote!(value)).ok_or_else(|| {
                Error::model(ModelError::new(
                    &f.member.origin,
                    format!("the member cannot fill the parameter {name:?}"),
                ))
            })?;
            let set = assign(field, p.default.is_none(), value);
            uses_input = true;
            sets.push(if f.optional {
                quote!(if let ::std::option::Option::Some(value) = &input.#member { #set })
            } else {
                quote!({ let value = &input.#member; #set })
            });
        }
    }
    let (input_arg, input_doc) = match input {
        Some(shape) if uses_input => {
            let ty = named_with(cx, shape, quote!('_));
            (quote!(input: &#ty,), "its input")
        }
        Some(shape) => {
            let ty = named_with(cx, shape, quote!('_));
            (quote!(_input: &#ty,), "its input")
        }
        None => (quote!(), "nothing"),
    };
    let params_name = if sets.is_empty() { quote!(_params) } else { quote!(params) };
    let first = format!(" Sets the endpoint parameters the operation gives from {input_doc} and its model.");
    Ok(quote! {
        impl #ident {
            #[doc = #first]
            ///
            /// Call it on the parameters of the program's configuration (the built-ins and the
            /// client's parameters), whose values it overrides; `endpoint::resolve(&params)`
            /// then gives where this call goes.
            pub fn endpoint_params(#input_arg #params_name: &mut super::endpoint::Params) {
                #(#sets)*
            }
        }
    })
}

/// `params.field = value`, in `Some` for a parameter without a default.
fn assign(field: &Ident, optional: bool, value: TokenStream) -> TokenStream {
    if optional {
        quote!(params.#field = ::std::option::Option::Some(#value);)
    } else {
        quote!(params.#field = #value;)
    }
}

/// The parameter's value from `value`, a `&` of a value of `shape`: a string from a string
/// or an enum, a boolean, a list of strings from a list of either. `None` when the shape
/// cannot give the parameter's type.
fn convert(ty: ParameterType, shape: &Shape, cx: &Context, value: &TokenStream) -> Option<TokenStream> {
    match (ty, &shape.kind) {
        (ParameterType::String, ShapeKind::String) => Some(quote!(::std::borrow::ToOwned::to_owned(&**#value))),
        (ParameterType::String, ShapeKind::Enum(_)) => Some(quote!(::std::borrow::ToOwned::to_owned(#value.as_str()))),
        (ParameterType::Boolean, ShapeKind::Boolean) => Some(quote!(*#value)),
        (ParameterType::StringArray, ShapeKind::List(list)) => {
            let item = cx.model.shape(&list.member.target)?;
            let each = convert(ParameterType::String, item, cx, &quote!(item))?;
            let items = if list.sparse { quote!(#value.iter().flatten()) } else { quote!(#value.iter()) };
            Some(quote!(#items.map(|item| #each).collect()))
        }
        _ => None,
    }
}

/// Setting the parameter from a compiled path: one value, or a list of them.
fn path_value(
    ty: ParameterType,
    field: &Ident,
    optional: bool,
    compiled: crate::emit::jmespath::Compiled,
) -> Result<TokenStream, String> {
    use crate::emit::jmespath::Compiled;
    let string = |shape: &Shape, value: TokenStream| match &shape.kind {
        ShapeKind::String => Ok(quote!(::std::borrow::ToOwned::to_owned(&**#value))),
        ShapeKind::Enum(_) => Ok(quote!(::std::borrow::ToOwned::to_owned(#value.as_str()))),
        other => Err(format!("it gives {}, not strings", other.name())),
    };
    match (ty, compiled) {
        (ParameterType::String, Compiled::One { code, shape, present }) => {
            let value = string(shape, quote!(value))?;
            let set = assign(field, optional, value);
            Ok(if present {
                quote!({ let value = &#code; #set })
            } else {
                quote!(if let ::std::option::Option::Some(value) = #code { #set })
            })
        }
        (ParameterType::StringArray, Compiled::Many { code, item, present, nested: false }) => {
            let value = string(item, quote!(value))?;
            Ok(if present {
                assign(field, optional, quote!(#code.map(|value| #value).collect()))
            } else {
                let set = assign(field, optional, quote!(items.map(|value| #value).collect()));
                quote!(if let ::std::option::Option::Some(items) = #code { #set })
            })
        }
        (ParameterType::StringArray, Compiled::One { shape, .. }) => {
            Err(format!("it gives {}, not a list of strings (project it with `[*]`)", shape.kind.name()))
        }
        (_, Compiled::Many { nested: true, .. }) => Err("it gives a list of lists".to_owned()),
        (ParameterType::String, Compiled::Many { .. }) => Err("it gives a list, not a string".to_owned()),
        (ParameterType::Boolean, _) => Err("a path for a boolean parameter".to_owned()),
    }
}
