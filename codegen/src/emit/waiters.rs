//! The `waiters` module: a unit struct per waiter of the selected operations, implementing
//! `shapegen_runtime::waiter::Waiter`: its operation, its delays, and `accept`, its acceptors
//! in order over one poll.
//!
//! Each acceptor's JMESPath expression is compiled here into Rust over the typed output (or
//! input and output): member access, indexes, projections, flatten and filters walk the typed
//! values themselves; only the value an expression ends in, and what comparisons, `length()`,
//! `&&`, `||` and `!` make of values, is a `waiter::Value` (its strings borrowed from the
//! output), whose JMESPath rules are the runtime's. An expression of a form not compiled, or
//! naming a member its shape does not have, is an error naming the waiter and the acceptor.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::Context;
use super::runtime::crate_path;
use crate::docs::code_span;
use crate::error::{Error, ModelError};
use crate::jmespath::{Comparator, Expr};
use crate::json::quote_for_message;
use crate::model::{AcceptorState, Matcher, Operation, PathComparator, Shape, ShapeKind, Waiter};

/// The `waiters` module, when a selected operation has waiters.
pub(super) fn module(cx: &Context) -> Result<Option<syn::Item>, Error> {
    if !super::operations::generated(cx) {
        return Ok(None);
    }
    let mut items = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for op in cx.model.operations.iter().filter(|op| cx.selection.operations.contains(&op.name)) {
        for waiter in &op.waiters {
            let ident = crate::names::upper_camel(&waiter.name).ident();
            if !seen.insert(ident.to_string()) {
                return Err(Error::model(ModelError::new(
                    &waiter.origin,
                    format!("two waiters are named {}", quote_for_message(&waiter.name)),
                )));
            }
            items.append(&mut super::parse_items(waiter_items(cx, op, waiter, &ident)?)?);
        }
    }
    if items.is_empty() {
        return Ok(None);
    }
    let doc = format!(
        " The waiters of {}: each polls an operation until its acceptors end the wait.",
        code_span(&cx.model.service.title)
    );
    let module = quote! {
        #[doc = #doc]
        ///
        /// Every waiter implements `shapegen_runtime::waiter::Waiter`, which a client drives
        /// (`client.wait::<Waiter>(&input)`).
        #[allow(deprecated)]
        pub mod waiters {}
    };
    super::module_with(module, items).map(Some)
}

/// A waiter's struct and its `Waiter` impl.
fn waiter_items(cx: &Context, op: &Operation, waiter: &Waiter, ident: &Ident) -> Result<TokenStream, Error> {
    let rt = crate_path();
    let names = cx.names.operation(&op.name).ok_or_else(|| Error::Internal(format!("no names for {}", op.name)))?;
    let operation = names.operation.ident();
    let input = op.input.as_deref().and_then(|name| cx.model.shape(name));
    let output = op.output.as_deref().and_then(|name| cx.model.shape(name));
    let mut uses_input = false;
    let mut acceptors = Vec::new();
    for (index, acceptor) in waiter.acceptors.iter().enumerate() {
        let fail = |message: String| {
            Error::model(ModelError::new(
                &acceptor.origin,
                format!("waiter {}, acceptor {index}: {message}", quote_for_message(&waiter.name)),
            ))
        };
        let state = match acceptor.state {
            AcceptorState::Success => quote!(Success),
            AcceptorState::Failure => quote!(Failure),
            AcceptorState::Retry => quote!(Retry),
        };
        let accepted = quote! {
            return ::std::option::Option::Some(#rt::waiter::Accepted {
                acceptor: #index,
                state: #rt::waiter::State::#state,
            });
        };
        acceptors.push(match &acceptor.matcher {
            Matcher::Path { expression, path, comparator, expected, input: with_input } => {
                let mut compiler = Compiler { cx, counter: 0 };
                let output_node = output.map(|shape| (quote!(output), shape));
                let root = if *with_input {
                    uses_input = true;
                    let input_node = input.map(|shape| (quote!(input), shape));
                    Node::Root { input: input_node, output: output_node }
                } else {
                    match output_node {
                        Some((code, shape)) => Node::binding(code, shape),
                        None => return Err(fail("the operation has no output for its path".to_owned())),
                    }
                };
                let compiled = compiler.node(path, root).and_then(|node| compiler.value(node));
                let value = compiled
                    .map_err(|problem| fail(format!("the expression {}: {problem}", quote_for_message(expression))))?;
                let test = match comparator {
                    PathComparator::StringEquals => quote!(#rt::waiter::string_equals(&value, #expected)),
                    PathComparator::BooleanEquals => {
                        let expected = expected == "true";
                        quote!(#rt::waiter::boolean_equals(&value, #expected))
                    }
                    PathComparator::AllStringEquals => quote!(#rt::waiter::all_string_equals(&value, #expected)),
                    PathComparator::AnyStringEquals => quote!(#rt::waiter::any_string_equals(&value, #expected)),
                };
                quote! {
                    if let #rt::waiter::Poll::Output { output, .. } = poll {
                        let value = #value;
                        if #test {
                            #accepted
                        }
                    }
                }
            }
            Matcher::ErrorCode(code) => {
                let error = names.error.ident();
                let variant = op.errors.iter().zip(&names.variants).find(|(shape, _)| {
                    *shape == code
                        || cx
                            .model
                            .shape(shape)
                            .is_some_and(|s| s.error.as_ref().is_some_and(|e| e.code.as_deref() == Some(code.as_str())))
                });
                let modeled = match variant {
                    Some((_, variant)) => {
                        let variant = variant.ident();
                        quote!(::std::matches!(error, super::operations::#error::#variant(..)) ||)
                    }
                    None => quote!(),
                };
                quote! {
                    if let #rt::waiter::Poll::Error { error, .. } = poll {
                        if #modeled #rt::ServiceError::code(error) == ::std::option::Option::Some(#code) {
                            #accepted
                        }
                    }
                }
            }
            Matcher::Success(true) => quote! {
                if let #rt::waiter::Poll::Output { .. } = poll {
                    #accepted
                }
            },
            Matcher::Success(false) => quote! {
                if let #rt::waiter::Poll::Error { .. } = poll {
                    #accepted
                }
            },
            Matcher::Status(status) => quote! {
                if poll.status() == #status {
                    #accepted
                }
            },
        });
    }
    let (min, max) = (u64::from(waiter.min_delay), u64::from(waiter.max_delay));
    let max_wait = match waiter.max_attempts {
        Some(attempts) => {
            let seconds = u64::from(waiter.min_delay) * u64::from(attempts);
            quote!(::std::option::Option::Some(::std::time::Duration::from_secs(#seconds)))
        }
        None => quote!(::std::option::Option::None),
    };
    let name = &waiter.name;
    let mut docs = super::doc_or(waiter.documentation.as_deref(), || format!("The waiter {}.", code_span(name)));
    super::push_paragraph(
        &mut docs,
        format!(
            "Polls {} every {}{} s.",
            code_span(&op.name),
            waiter.min_delay,
            if waiter.max_delay > waiter.min_delay { format!(" to {}", waiter.max_delay) } else { String::new() }
        ),
    );
    let doc = super::doc_attrs(&docs);
    let deprecated = if waiter.deprecated { quote!(#[deprecated]) } else { quote!() };
    let unused_input = if uses_input { quote!() } else { quote!(let _ = input;) };
    Ok(quote! {
        #(#doc)*
        #deprecated
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        pub struct #ident;

        impl #rt::waiter::Waiter for #ident {
            type Operation = super::operations::#operation;
            const NAME: &'static str = #name;
            const MIN_DELAY: ::std::time::Duration = ::std::time::Duration::from_secs(#min);
            const MAX_DELAY: ::std::time::Duration = ::std::time::Duration::from_secs(#max);
            const MAX_WAIT: ::std::option::Option<::std::time::Duration> = #max_wait;

            // Each acceptor as an `if` in an `if let`: let chains would need edition 2024.
            #[allow(clippy::collapsible_if, clippy::redundant_closure)]
            fn accept<'o>(
                input: &<Self::Operation as #rt::Operation>::Input<'_>,
                poll: #rt::waiter::Poll<
                    '_,
                    <Self::Operation as #rt::Operation>::Output<'o>,
                    <Self::Operation as #rt::Operation>::Error<'o>,
                >,
            ) -> ::std::option::Option<#rt::waiter::Accepted> {
                #unused_input
                #(#acceptors)*
                ::std::option::Option::None
            }
        }
    })
}

/// How a single value's code gives it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    /// A binding of type `&T` (the output, a closure's parameter).
    Ref,
    /// A place of type `T` (`output.table`): `&` borrows it.
    Place,
    /// An `Option<&T>`.
    Opt,
}

/// A compiled expression's value, as far as it is typed.
#[derive(Clone)]
enum Node<'m> {
    /// One value of the shape, its code of the form `form`.
    One { code: TokenStream, shape: &'m Shape, form: Form },
    /// The values a projection made, absent ones dropped: code of type `impl Iterator<Item =
    /// &T>`, inside an `Option` (`None` when what it projected is absent) unless `present`.
    Many { code: TokenStream, shape: &'m Shape, present: bool },
    /// A computed value: code of type `waiter::Value<'_>`.
    Value(TokenStream),
    /// `{input, output}`, the root of an `inputOutput` path: each a `&T` binding.
    Root { input: Option<(TokenStream, &'m Shape)>, output: Option<(TokenStream, &'m Shape)> },
}

impl Node<'_> {
    /// A single value of the output or input binding `name`.
    fn binding<'m>(name: TokenStream, shape: &'m Shape) -> Node<'m> {
        Node::One { code: name, shape, form: Form::Ref }
    }
}

/// `code` of the form `form` as a `&T` (`Opt` has none).
fn reference(code: &TokenStream, form: Form) -> TokenStream {
    match form {
        Form::Place => quote!(&#code),
        _ => code.clone(),
    }
}

struct Compiler<'c, 'm> {
    cx: &'c Context<'m>,
    counter: usize,
}

impl<'m> Compiler<'_, 'm> {
    fn fresh(&mut self) -> Ident {
        self.counter += 1;
        format_ident!("v{}", self.counter)
    }

    /// `expr` applied to `input`.
    fn node(&mut self, expr: &Expr, input: Node<'m>) -> Result<Node<'m>, String> {
        let rt = crate_path();
        match expr {
            Expr::Current => Ok(input),
            Expr::Field(name) => self.field(input, name),
            Expr::Sub(lhs, rhs) => {
                let left = self.node(lhs, input)?;
                self.node(rhs, left)
            }
            Expr::Index(lhs, index) => match self.node(lhs, input)? {
                Node::One { code, shape, form } => {
                    let (item, sparse) = self.list_item(shape)?;
                    let at = |list: &TokenStream| -> Result<TokenStream, String> {
                        let at = if *index == 0 {
                            quote!(#list.first())
                        } else if *index == -1 {
                            quote!(#list.last())
                        } else if *index > 0 {
                            let index = usize::try_from(*index).map_err(|_| "an index out of range")?;
                            quote!(#list.get(#index))
                        } else {
                            let back = usize::try_from(index.unsigned_abs()).map_err(|_| "an index out of range")?;
                            quote!(#list.len().checked_sub(#back).and_then(|i| #list.get(i)))
                        };
                        Ok(if sparse { quote!(#at.and_then(::std::option::Option::as_ref)) } else { at })
                    };
                    let code = if form == Form::Opt {
                        let v = self.fresh();
                        let at = at(&quote!(#v))?;
                        quote!(#code.and_then(|#v| #at))
                    } else {
                        at(&code)?
                    };
                    Ok(Node::One { code, shape: item, form: Form::Opt })
                }
                _ => Err("an index of what is not one list".to_owned()),
            },
            Expr::ListProjection(lhs, rhs) => {
                let base = self.node(lhs, input)?;
                let items = self.items(base)?;
                self.project(items, rhs)
            }
            Expr::ObjectProjection(lhs, rhs) => {
                let values = match self.node(lhs, input)? {
                    Node::One { code, shape, form } => match &shape.kind {
                        ShapeKind::Map(map) => {
                            let value = self.shape(&map.value.target)?;
                            let each = if map.sparse { quote!(values().flatten()) } else { quote!(values()) };
                            self.iterate(code, form, each, value)
                        }
                        other => return Err(format!("a projection of the values of {} {}", other.name(), shape.name)),
                    },
                    _ => return Err("a projection of the values of what is not one map".to_owned()),
                };
                self.project(values, rhs)
            }
            Expr::Flatten(lhs, rhs) => {
                let items = match self.node(lhs, input)? {
                    Node::Many { code, shape, present } => match &shape.kind {
                        ShapeKind::List(list) => {
                            let item = self.shape(&list.member.target)?;
                            let each = if list.sparse { quote!(iter().flatten()) } else { quote!(iter()) };
                            let v = self.fresh();
                            let flat = quote!(flat_map(|#v| #v.#each));
                            Node::Many { code: over(&code, present, &flat), shape: item, present }
                        }
                        _ => Node::Many { code, shape, present },
                    },
                    other => self.items(other)?,
                };
                self.project(items, rhs)
            }
            Expr::Filter(lhs, condition, rhs) => {
                let base = self.node(lhs, input)?;
                let Node::Many { code, shape, present } = self.items(base)? else {
                    return Err("a filter of what is not a list".to_owned());
                };
                let item = self.fresh();
                let test = self.node(condition, Node::One { code: quote!(#item), shape, form: Form::Ref })?;
                let test = self.value(test)?;
                let keep = quote!(filter(|#item| {
                    let #item = *#item;
                    (#test).is_truthy()
                }));
                self.project(Node::Many { code: over(&code, present, &keep), shape, present }, rhs)
            }
            Expr::Compare(op, lhs, rhs) => {
                let left = self_value(self, lhs, &input)?;
                let right = self_value(self, rhs, &input)?;
                let op = match op {
                    Comparator::Eq => quote!(Eq),
                    Comparator::Ne => quote!(Ne),
                    Comparator::Lt => quote!(Lt),
                    Comparator::Le => quote!(Le),
                    Comparator::Gt => quote!(Gt),
                    Comparator::Ge => quote!(Ge),
                };
                Ok(Node::Value(quote!(#rt::waiter::compare(#rt::waiter::Comparator::#op, &#left, &#right))))
            }
            Expr::And(lhs, rhs) => {
                let left = self_value(self, lhs, &input)?;
                let right = self_value(self, rhs, &input)?;
                Ok(Node::Value(quote!(#rt::waiter::and(#left, || #right))))
            }
            Expr::Or(lhs, rhs) => {
                let left = self_value(self, lhs, &input)?;
                let right = self_value(self, rhs, &input)?;
                Ok(Node::Value(quote!(#rt::waiter::or(#left, || #right))))
            }
            Expr::Not(inner) => {
                let value = self_value(self, inner, &input)?;
                Ok(Node::Value(quote!(#rt::waiter::not(&#value))))
            }
            Expr::Literal(literal) => literal_value(literal).map(Node::Value),
            Expr::Function(name, args) if name == "length" => {
                let [arg] = args.as_slice() else { return Err("length() takes one argument".to_owned()) };
                let value = self_value(self, arg, &input)?;
                Ok(Node::Value(quote!(#rt::waiter::length(&#value))))
            }
            Expr::Function(name, _) => Err(format!("the function {name}(), which is not compiled")),
            other => Err(format!("the form {other:?}, which is not compiled")),
        }
    }

    fn shape(&self, name: &str) -> Result<&'m Shape, String> {
        self.cx.model.shape(name).ok_or_else(|| format!("no shape {name}"))
    }

    /// The items `each` (such as `iter()`) of one value `code`, as a projection of `item`s.
    fn iterate(&mut self, code: TokenStream, form: Form, each: TokenStream, item: &'m Shape) -> Node<'m> {
        if form == Form::Opt {
            let v = self.fresh();
            Node::Many { code: quote!(#code.map(|#v| #v.#each)), shape: item, present: false }
        } else {
            Node::Many { code: quote!(#code.#each), shape: item, present: true }
        }
    }

    /// The member `name` of each value of `input`.
    fn field(&mut self, input: Node<'m>, name: &str) -> Result<Node<'m>, String> {
        match input {
            Node::Root { input, output } => {
                let part = match name {
                    "input" => input,
                    "output" => output,
                    _ => return Err(format!("{name:?}: an inputOutput path starts with input or output")),
                };
                let (code, shape) = part.ok_or_else(|| format!("the operation has no {name}"))?;
                Ok(Node::binding(code, shape))
            }
            Node::One { code, shape, form } => {
                let target = self.member_shape(shape, name)?;
                if form == Form::Opt {
                    let v = self.fresh();
                    let (access, form) = self.access(shape, name, &quote!(#v))?;
                    let code = match form {
                        Form::Opt => quote!(#code.and_then(|#v| #access)),
                        _ => {
                            let access = reference(&access, form);
                            quote!(#code.map(|#v| #access))
                        }
                    };
                    Ok(Node::One { code, shape: target, form: Form::Opt })
                } else {
                    let (code, form) = self.access(shape, name, &code)?;
                    Ok(Node::One { code, shape: target, form })
                }
            }
            Node::Many { code, shape, present } => {
                let target = self.member_shape(shape, name)?;
                let v = self.fresh();
                let (access, form) = self.access(shape, name, &quote!(#v))?;
                let each = match form {
                    Form::Opt => quote!(filter_map(|#v| #access)),
                    _ => {
                        let access = reference(&access, form);
                        quote!(map(|#v| #access))
                    }
                };
                Ok(Node::Many { code: over(&code, present, &each), shape: target, present })
            }
            Node::Value(_) => Err(format!("the field {name:?} of a computed value")),
        }
    }

    /// The member `name` of `value` (a `&T` binding or a place of `shape`), and its form (a
    /// map's entry `name`, for a map).
    fn access(&self, shape: &'m Shape, name: &str, value: &TokenStream) -> Result<(TokenStream, Form), String> {
        if let ShapeKind::Map(map) = &shape.kind {
            let entry = quote!(#value.get(#name));
            let entry = if map.sparse { quote!(#entry.and_then(::std::option::Option::as_ref)) } else { entry };
            return Ok((entry, Form::Opt));
        }
        if !matches!(shape.kind, ShapeKind::Structure(_)) {
            return Err(format!("the field {name:?} of {} {}, which is not compiled", shape.kind.name(), shape.name));
        }
        let (access, _, present) = super::jmespath::field(self.cx, shape, name, value)?;
        Ok((access, if present { Form::Place } else { Form::Opt }))
    }

    fn member_shape(&self, shape: &'m Shape, name: &str) -> Result<&'m Shape, String> {
        if let ShapeKind::Map(map) = &shape.kind {
            return self.shape(&map.value.target);
        }
        let member = shape
            .kind
            .members()
            .iter()
            .find(|m| m.name == name)
            .ok_or_else(|| format!("{} has no member {name:?}", shape.name))?;
        self.shape(&member.target)
    }

    /// A list shape's item shape, and whether the list is sparse.
    fn list_item(&self, shape: &'m Shape) -> Result<(&'m Shape, bool), String> {
        match &shape.kind {
            ShapeKind::List(list) => Ok((self.shape(&list.member.target)?, list.sparse)),
            other => Err(format!("a projection of {} {}", other.name(), shape.name)),
        }
    }

    /// The items of one list, as a projection.
    fn items(&mut self, node: Node<'m>) -> Result<Node<'m>, String> {
        match node {
            Node::One { code, shape, form } => {
                let (item, sparse) = self.list_item(shape)?;
                let each = if sparse { quote!(iter().flatten()) } else { quote!(iter()) };
                Ok(self.iterate(code, form, each, item))
            }
            Node::Many { .. } => Err("a projection of a projection".to_owned()),
            _ => Err("a projection of what is not a list".to_owned()),
        }
    }

    /// `rhs` applied to each item of `items`, the absent results dropped.
    fn project(&mut self, items: Node<'m>, rhs: &Expr) -> Result<Node<'m>, String> {
        let Node::Many { code, shape, present } = items else { return Err("a projection of one value".to_owned()) };
        if *rhs == Expr::Current {
            return Ok(Node::Many { code, shape, present });
        }
        let v = self.fresh();
        match self.node(rhs, Node::One { code: quote!(#v), shape, form: Form::Ref })? {
            Node::One { code: each, shape: target, form } => {
                let each = match form {
                    Form::Opt => quote!(filter_map(|#v| #each)),
                    _ => {
                        let each = reference(&each, form);
                        quote!(map(|#v| #each))
                    }
                };
                Ok(Node::Many { code: over(&code, present, &each), shape: target, present })
            }
            _ => Err("a projection of lists, values or projections, which is not compiled".to_owned()),
        }
    }

    /// A node's value, as a `waiter::Value`.
    fn value(&mut self, node: Node<'m>) -> Result<TokenStream, String> {
        let rt = crate_path();
        match node {
            Node::Value(code) => Ok(code),
            Node::One { code, shape, form } => {
                let v = self.fresh();
                let leaf = self.leaf(&v, shape)?;
                if form == Form::Opt {
                    Ok(quote!(#code.map_or(#rt::waiter::Value::Null, |#v| #leaf)))
                } else {
                    let reference = reference(&code, form);
                    Ok(quote!({ let #v = #reference; #leaf }))
                }
            }
            Node::Many { code, shape, present } => {
                let v = self.fresh();
                let leaf = self.leaf(&v, shape)?;
                if present {
                    Ok(quote!(#rt::waiter::Value::List(#code.map(|#v| #leaf).collect())))
                } else {
                    let items = self.fresh();
                    Ok(quote!(#rt::waiter::Value::list(#code.map(|#items| #items.map(|#v| #leaf)))))
                }
            }
            Node::Root { .. } => Err("the whole of {input, output}, which is not compiled".to_owned()),
        }
    }

    /// The value of `v`, a `&T` of `shape`.
    fn leaf(&mut self, v: &Ident, shape: &'m Shape) -> Result<TokenStream, String> {
        let rt = crate_path();
        let value = quote!(#rt::waiter::Value);
        Ok(match &shape.kind {
            ShapeKind::String => quote!(#value::string(#v)),
            ShapeKind::Enum(_) => quote!(#value::string(#v.as_str())),
            ShapeKind::Boolean => quote!(#value::Bool(*#v)),
            ShapeKind::Byte | ShapeKind::Short | ShapeKind::Integer | ShapeKind::Float | ShapeKind::Double => {
                quote!(#value::number(*#v))
            }
            ShapeKind::Long => quote!(#value::integer(*#v)),
            ShapeKind::BigInteger | ShapeKind::BigDecimal => {
                quote!(#value::Number(#v.as_f64().unwrap_or(f64::NAN)))
            }
            ShapeKind::Timestamp => quote!(#value::String(::std::borrow::Cow::Owned(#v.to_string()))),
            ShapeKind::Map(_) => quote!(#value::Object(#v.len())),
            ShapeKind::Structure(members) => {
                // An object of the members present.
                let mut counts = Vec::new();
                for member in members {
                    let (access, _, present) = super::jmespath::field(self.cx, shape, &member.name, &quote!(#v))?;
                    counts.push(if present { quote!(1usize) } else { quote!(usize::from(#access.is_some())) });
                }
                if counts.is_empty() { quote!(#value::Object(0)) } else { quote!(#value::Object(#(#counts)+*)) }
            }
            ShapeKind::List(list) => {
                let item = self.shape(&list.member.target)?;
                let x = self.fresh();
                let each = self.leaf(&x, item)?;
                if list.sparse {
                    quote!(#value::List(#v.iter().map(|#x| #x.as_ref().map_or(#value::Null, |#x| #each)).collect()))
                } else {
                    quote!(#value::List(#v.iter().map(|#x| #each).collect()))
                }
            }
            other => return Err(format!("a value of {} {}, which is not compiled", other.name(), shape.name)),
        })
    }
}

/// `method` (such as `map(|v| ..)`) called on the iterator `code`, or inside its `Option`.
fn over(code: &TokenStream, present: bool, method: &TokenStream) -> TokenStream {
    if present { quote!(#code.#method) } else { quote!(#code.map(|items| items.#method)) }
}

/// The value of `expr` over `input`, which stays the caller's (for both sides of a
/// comparison).
fn self_value<'m>(compiler: &mut Compiler<'_, 'm>, expr: &Expr, input: &Node<'m>) -> Result<TokenStream, String> {
    let node = compiler.node(expr, input.clone())?;
    compiler.value(node)
}

/// A JSON literal as a `waiter::Value`.
fn literal_value(literal: &serde_json::Value) -> Result<TokenStream, String> {
    let rt = crate_path();
    let value = quote!(#rt::waiter::Value);
    Ok(match literal {
        serde_json::Value::Null => quote!(#value::Null),
        serde_json::Value::Bool(b) => quote!(#value::Bool(#b)),
        serde_json::Value::Number(n) => {
            let n = n.as_f64().ok_or("a number out of range")?;
            quote!(#value::Number(#n))
        }
        serde_json::Value::String(s) => quote!(#value::String(::std::borrow::Cow::Borrowed(#s))),
        serde_json::Value::Array(items) => {
            let items = items.iter().map(literal_value).collect::<Result<Vec<_>, _>>()?;
            quote!(#value::List(::std::vec![#(#items),*]))
        }
        serde_json::Value::Object(entries) if entries.is_empty() => quote!(#value::Object(0)),
        serde_json::Value::Object(_) => return Err("an object literal, which is not compiled".to_owned()),
    })
}
