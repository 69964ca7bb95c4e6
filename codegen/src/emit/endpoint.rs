//! The `endpoint` module: the service's endpoint rule set compiled to Rust. `Params` has a
//! field per parameter; `resolve` runs the rules as nested conditions over those values (no
//! rule set is read or walked at run time), calling the standard library in the runtime crate
//! (`shapegen_runtime::endpoint`). The walk follows [`crate::rules::check`] exactly: the same
//! scope, the same narrowing, the same types.

use std::cell::RefCell;
use std::collections::BTreeMap;

use proc_macro2::{Ident, Literal as TokenLiteral, TokenStream};
use quote::{format_ident, quote};

use super::Context;
use super::runtime::crate_path;
use crate::docs::code_span;
use crate::error::Error;
use crate::rules::check::{self, Effect, Function, Scope, Type};
use crate::rules::{Call, Expr, Literal, Parameter, ParameterType, Piece, Rule, RuleKind, RuleSet, Step};

/// Whether the file has an `endpoint` module: the model has a rule set, and the settings ask
/// for operations of a protocol whose operations are generated.
pub(super) fn generated(cx: &Context) -> bool {
    cx.model.endpoint_rules.is_some()
        && cx.settings.operations != crate::settings::Operations::Omitted
        && super::operations::generated_for(&cx.model.protocol())
}

/// The `endpoint` module, when [`generated`].
pub(super) fn module(cx: &Context) -> Result<Option<syn::Item>, Error> {
    let Some(rules) = cx.model.endpoint_rules.as_ref().filter(|_| generated(cx)) else { return Ok(None) };
    let compiler = Compiler::new(rules);
    let params = compiler.params()?;
    let resolve = compiler.resolve()?;
    let title = code_span(&cx.model.service.title);
    let doc =
        format!(" Where calls to {title} go, and how they are signed: the service's endpoint rule set, compiled.");
    let module = quote! {
        #[doc = #doc]
        ///
        /// Fill `Params` (from the program's configuration, and for each call from the
        /// operation's input), and `resolve` gives the endpoint: its URL, its headers, and
        /// its properties, among them the auth schemes to sign with.
        pub mod endpoint {}
    };
    let mut items = super::parse_items(params)?;
    items.append(&mut super::parse_items(resolve)?);
    super::module_with(module, items).map(Some)
}

/// The field of `Params` for each parameter of `rules`, by its name: the one rule that
/// names them, for the `endpoint` module and the operations that set them.
pub(super) fn param_idents(rules: &RuleSet) -> BTreeMap<String, Ident> {
    Compiler::new(rules).idents
}

/// Compiles one rule set.
struct Compiler<'r> {
    rules: &'r RuleSet,
    /// The Rust name of every parameter and variable of the rule set.
    idents: BTreeMap<String, Ident>,
    /// The functions of [`Compiler::properties`], each with its body's text, in the order
    /// first needed.
    property_helpers: RefCell<Vec<(String, TokenStream)>>,
}

/// What a condition puts around the code after it.
enum Wrap {
    /// `if let Some(pattern) = value { .. }`.
    IfSome(TokenStream, TokenStream),
    /// `if test { prelude .. }`.
    If(TokenStream, TokenStream),
    /// `{ statement .. }`.
    Let(TokenStream),
}

/// How a compiled expression holds a string.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Repr {
    /// A `&str`.
    Str,
    /// A `String`.
    Owned,
    /// Not a string.
    Other,
    /// A boolean made by `==` or `!=`, which an operand of another operator puts in
    /// parentheses.
    Comparison,
}

impl<'r> Compiler<'r> {
    fn new(rules: &'r RuleSet) -> Self {
        // Parameters first, then what conditions bind, each name once; two names that would
        // make the same identifier are told apart by a number.
        let mut names: Vec<&str> = rules.parameters.iter().map(|p| p.name.as_str()).collect();
        collect_assigns(&rules.rules, &mut names);
        let mut namespace = crate::names::Namespace::default();
        namespace.reserve("params");
        namespace.reserve("partitions");
        let mut idents = BTreeMap::new();
        for name in names {
            if !idents.contains_key(name) {
                idents.insert(name.to_owned(), namespace.claim(crate::names::snake(name), true).ident());
            }
        }
        Compiler { rules, idents, property_helpers: RefCell::new(Vec::new()) }
    }

    fn ident(&self, name: &str) -> Result<&Ident, Error> {
        self.idents.get(name).ok_or_else(|| Error::Internal(format!("endpoint rules: no identifier for {name:?}")))
    }

    /// `Params`, its `Default`, and its setters by name.
    fn params(&self) -> Result<TokenStream, Error> {
        let rt = crate_path();
        let mut fields = Vec::new();
        let mut defaults = Vec::new();
        let mut setters = Vec::new();
        let mut getters = Vec::new();
        let mut built_ins = Vec::new();
        for p in &self.rules.parameters {
            let ident = self.ident(&p.name)?;
            let name = &p.name;
            let (ty, convert) = match p.ty {
                ParameterType::String => (quote!(::std::string::String), quote!(value.into_string(#name)?)),
                ParameterType::Boolean => (quote!(bool), quote!(value.into_bool(#name)?)),
                ParameterType::StringArray => {
                    (quote!(::std::vec::Vec<::std::string::String>), quote!(value.into_strings(#name)?))
                }
            };
            let (ty, default, set) = match &p.default {
                Some(value) => (ty, literal(value), convert),
                None => (
                    quote!(::std::option::Option<#ty>),
                    quote!(::std::option::Option::None),
                    quote!(::std::option::Option::Some(#convert)),
                ),
            };
            let value = |value: TokenStream| match p.default {
                Some(_) => quote!(::std::option::Option::Some(#rt::endpoint::Value::from(#value))),
                None => quote!(#value.map(#rt::endpoint::Value::from)),
            };
            let get = match p.ty {
                ParameterType::Boolean => value(quote!(self.#ident)),
                ParameterType::String | ParameterType::StringArray => {
                    value(quote!(::std::clone::Clone::clone(&self.#ident)))
                }
            };
            getters.push(quote! { #name => #get, });
            let doc = super::doc_lines(&param_doc(p));
            fields.push(quote! { #doc pub #ident: #ty, });
            defaults.push(quote! { #ident: #default, });
            setters.push(quote! { #name => self.#ident = #set, });
            if let Some(built_in) = &p.built_in {
                built_ins.push(quote! {
                    if let ::std::option::Option::Some(value) = built_ins.get(#built_in) {
                        self.set(#name, ::std::clone::Clone::clone(value))?;
                    }
                });
            }
        }
        let names = self.rules.parameters.iter().map(|p| &p.name);
        // `Default` is derived where every default is the type's own.
        let derivable = self.rules.parameters.iter().all(|p| match &p.default {
            None | Some(Literal::Bool(false)) => true,
            Some(Literal::String(s)) => s.is_empty(),
            Some(Literal::Strings(items)) => items.is_empty(),
            Some(Literal::Bool(true)) => false,
        });
        let (derive, default_impl) = if derivable {
            (quote!(#[derive(Clone, Debug, Default, PartialEq)]), quote!())
        } else {
            (
                quote!(#[derive(Clone, Debug, PartialEq)]),
                quote! {
                    impl ::std::default::Default for Params {
                        fn default() -> Self {
                            Params { #(#defaults)* }
                        }
                    }
                },
            )
        };
        let set_built_ins_body = if built_ins.is_empty() { quote!(let _ = built_ins;) } else { quote!(#(#built_ins)*) };
        Ok(quote! {
            /// The parameters of the endpoint rule set, one field each; [`Params::set`] sets
            /// one by its name in the rule set. `Params::default()` holds each parameter's
            /// default, and no value for the others.
            #derive
            #[non_exhaustive]
            pub struct Params {
                #(#fields)*
            }

            #default_impl

            impl #rt::endpoint::EndpointParams for Params {
                #[inline]
                fn set(
                    &mut self,
                    name: &str,
                    value: #rt::endpoint::Value,
                ) -> ::std::result::Result<(), #rt::endpoint::ResolveError> {
                    Params::set(self, name, value)
                }

                #[inline]
                fn get(&self, name: &str) -> ::std::option::Option<#rt::endpoint::Value> {
                    Params::get(self, name)
                }

                #[inline]
                fn set_built_ins(
                    &mut self,
                    built_ins: &#rt::endpoint::BuiltIns,
                ) -> ::std::result::Result<(), #rt::endpoint::ResolveError> {
                    Params::set_built_ins(self, built_ins)
                }

                #[inline]
                fn resolve(&self) -> ::std::result::Result<#rt::endpoint::Endpoint, #rt::endpoint::ResolveError> {
                    resolve(self)
                }
            }

            impl Params {
                /// The parameters' names in the rule set, in its order.
                pub const NAMES: &'static [&'static str] = &[#(#names),*];

                /// Sets the parameter `name` (its name in the rule set, such as `Region`) to
                /// `value`; an unknown name, or a value of another type, is an error naming it.
                pub fn set(
                    &mut self,
                    name: &str,
                    value: #rt::endpoint::Value,
                ) -> ::std::result::Result<(), #rt::endpoint::ResolveError> {
                    match name {
                        #(#setters)*
                        _ => return ::std::result::Result::Err(#rt::endpoint::ResolveError::unknown_parameter(name)),
                    }
                    ::std::result::Result::Ok(())
                }

                /// The value of the parameter `name` (its name in the rule set); `None` when it
                /// has none, or the rule set has no such parameter.
                pub fn get(&self, name: &str) -> ::std::option::Option<#rt::endpoint::Value> {
                    match name {
                        #(#getters)*
                        _ => ::std::option::Option::None,
                    }
                }

                /// Sets each parameter a built-in fills (`AWS::Region`, `AWS::UseFIPS`, ...) to
                /// the value `built_ins` gives it, where it gives one.
                pub fn set_built_ins(
                    &mut self,
                    built_ins: &#rt::endpoint::BuiltIns,
                ) -> ::std::result::Result<(), #rt::endpoint::ResolveError> {
                    #set_built_ins_body
                    ::std::result::Result::Ok(())
                }
            }
        })
    }

    /// `resolve` and `resolve_with`.
    fn resolve(&self) -> Result<TokenStream, Error> {
        let rt = crate_path();
        let scope = Scope::of(self.rules);
        let mut bindings = Vec::new();
        for p in &self.rules.parameters {
            if !uses_in_rules(&p.name, &self.rules.rules) {
                continue;
            }
            let ident = self.ident(&p.name)?;
            let name = &p.name;
            let value = match p.ty {
                ParameterType::String if p.default.is_some() => quote!(params.#ident.as_str()),
                ParameterType::String => quote!(params.#ident.as_deref()),
                ParameterType::Boolean => quote!(params.#ident),
                ParameterType::StringArray if p.default.is_some() => quote!(params.#ident.as_slice()),
                ParameterType::StringArray => quote!(params.#ident.as_deref()),
            };
            bindings.push(if p.required && p.default.is_none() {
                quote! {
                    let ::std::option::Option::Some(#ident) = #value else {
                        return ::std::result::Result::Err(#rt::endpoint::ResolveError::missing(#name));
                    };
                }
            } else {
                quote!(let #ident = #value;)
            });
        }
        // Required parameters that no rule reads are still required.
        for p in self.rules.parameters.iter().filter(|p| p.required && p.default.is_none()) {
            if uses_in_rules(&p.name, &self.rules.rules) {
                continue;
            }
            let ident = self.ident(&p.name)?;
            let name = &p.name;
            bindings.push(quote! {
                if params.#ident.is_none() {
                    return ::std::result::Result::Err(#rt::endpoint::ResolveError::missing(#name));
                }
            });
        }
        let partitions =
            if calls(&self.rules.rules, Function::Partition) { quote!() } else { quote!(let _ = partitions;) };
        let (body, always) = self.rule_list(&scope, &self.rules.rules)?;
        let helpers: Vec<TokenStream> =
            self.property_helpers.borrow_mut().drain(..).map(|(_, function)| function).collect();
        let end = if always {
            quote!()
        } else {
            quote!(::std::result::Result::Err(#rt::endpoint::ResolveError::no_rule_matched()))
        };
        Ok(quote! {
            /// The endpoint for `params`, by the rule set, with the partitions this runtime
            /// holds (see [`resolve_with`]).
            pub fn resolve(
                params: &Params,
            ) -> ::std::result::Result<#rt::endpoint::Endpoint, #rt::endpoint::ResolveError> {
                resolve_with(params, #rt::endpoint::Partitions::pinned())
            }

            /// The endpoint for `params`, by the rule set, with `partitions` (what
            /// `aws.partition` reads: which partition a region is in, its DNS suffixes, ...).
            /// An error is the rule set's own message for the parameters, or names a required
            /// parameter that has no value.
            // Each condition is a test of its own, as the rule set writes it.
            #[allow(clippy::collapsible_if, clippy::needless_return)]
            pub fn resolve_with(
                params: &Params,
                partitions: &#rt::endpoint::Partitions,
            ) -> ::std::result::Result<#rt::endpoint::Endpoint, #rt::endpoint::ResolveError> {
                #partitions
                #(#bindings)*
                #body
                #end
            }

            #(#helpers)*
        })
    }

    /// The statements of a list of rules, tried in order, and whether they always return
    /// (their last rule has no condition that can fail).
    fn rule_list(&self, scope: &Scope, rules: &[Rule]) -> Result<(TokenStream, bool), Error> {
        let mut out = TokenStream::new();
        for rule in rules {
            let (code, always) = self.rule(scope, rule)?;
            out.extend(code);
            if always {
                // What follows a rule that always gives its result can never be reached.
                return Ok((out, true));
            }
        }
        Ok((out, false))
    }

    /// A rule: its conditions as nested tests around its result.
    fn rule(&self, scope: &Scope, rule: &Rule) -> Result<(TokenStream, bool), Error> {
        let rt = crate_path();
        let mut scope = scope.clone();
        // Each condition wraps what follows it, outermost first.
        let mut wraps: Vec<Wrap> = Vec::new();
        let mut always = true;
        for (i, condition) in rule.conditions.iter().enumerate() {
            let before = scope.clone();
            let (implicit, effect) = check::condition(&mut scope, condition).map_err(Error::model)?;
            let mut call_scope = before;
            for name in &implicit {
                let ident = self.ident(name)?;
                push_wrap(Wrap::IfSome(quote!(#ident), quote!(#ident)), &mut wraps);
                call_scope.narrow(name);
                always = false;
            }
            let later = &rule.conditions[i + 1..];
            let used = |name: &str| uses_in_conditions(name, later) || uses_in_kind(name, &rule.kind);
            match effect {
                Effect::Narrow(name) => {
                    let ident = self.ident(&name)?;
                    push_wrap(
                        if used(&name) {
                            Wrap::IfSome(quote!(#ident), quote!(#ident))
                        } else {
                            Wrap::If(quote!(#ident.is_some()), quote!())
                        },
                        &mut wraps,
                    );
                    always = false;
                }
                Effect::Test => {
                    let (code, _) = self.call(&call_scope, &condition.call)?;
                    let bind = match &condition.assign {
                        Some(name) if used(name) => {
                            let ident = self.ident(name)?;
                            quote!(let #ident = true;)
                        }
                        _ => quote!(),
                    };
                    push_wrap(Wrap::If(code, bind), &mut wraps);
                    always = false;
                }
                Effect::Some => {
                    let (code, _) = self.call(&call_scope, &condition.call)?;
                    push_wrap(
                        match &condition.assign {
                            Some(name) if used(name) => {
                                let ident = self.ident(name)?;
                                Wrap::IfSome(quote!(#ident), code)
                            }
                            _ => Wrap::If(quote!((#code).is_some()), quote!()),
                        },
                        &mut wraps,
                    );
                    always = false;
                }
                Effect::Always => {
                    if let Some(name) = condition.assign.as_ref().filter(|name| used(name)) {
                        let (code, repr) = self.call(&call_scope, &condition.call)?;
                        let ident = self.ident(name)?;
                        let value = if repr == Repr::Owned { quote!(&#code) } else { code };
                        let ty = if matches!(repr, Repr::Str | Repr::Owned) { quote!(: &str) } else { quote!() };
                        push_wrap(Wrap::Let(quote!(let #ident #ty = #value;)), &mut wraps);
                    }
                }
            }
        }
        let result = match &rule.kind {
            RuleKind::Endpoint(endpoint) => {
                let url = self.owned_string(&scope, &endpoint.url)?;
                let mut headers = Vec::new();
                for (name, values) in &endpoint.headers {
                    let values = values.iter().map(|v| self.owned_string(&scope, v)).collect::<Result<Vec<_>, _>>()?;
                    headers.push(quote!((#name, ::std::vec![#(#values),*])));
                }
                let properties = self.properties(&scope, &endpoint.properties)?;
                quote! {
                    return ::std::result::Result::Ok(#rt::endpoint::Endpoint::from_rule(#url, [#(#headers),*], #properties));
                }
            }
            RuleKind::Error(message) => {
                let (message, _) = self.expr(&scope, message)?;
                quote!(return ::std::result::Result::Err(#rt::endpoint::ResolveError::new(#message));)
            }
            RuleKind::Tree(rules) => {
                let (inner, inner_always) = self.rule_list(&scope, rules)?;
                if inner_always {
                    inner
                } else {
                    quote! {
                        #inner
                        return ::std::result::Result::Err(#rt::endpoint::ResolveError::no_rule_matched());
                    }
                }
            }
        };
        let mut code = result;
        for wrap in wraps.into_iter().rev() {
            code = match wrap {
                Wrap::IfSome(pattern, value) => quote!(if let ::std::option::Option::Some(#pattern) = #value { #code }),
                Wrap::If(test, prelude) => quote!(if #test { #prelude #code }),
                Wrap::Let(statement) => quote!({ #statement #code }),
            };
        }
        Ok((code, always))
    }

    /// The properties of an endpoint rule. Rule sets repeat the same properties over and
    /// over (S3's 178 endpoints have a few dozen kinds of `authSchemes`), so each kind is one
    /// function, `properties_N`, whose parameters are the values that are not the rule set's
    /// own text; a rule calls it with its values. The compiled module is a fraction of the
    /// size it would be otherwise, and so is its build.
    fn properties(&self, scope: &Scope, properties: &[(String, Expr)]) -> Result<TokenStream, Error> {
        if properties.is_empty() {
            return Ok(quote!([]));
        }
        let mut holes = Vec::new();
        let mut entries = Vec::new();
        for (name, value) in properties {
            let value = self.value_with_holes(value, &mut holes)?;
            entries.push(quote!((#name, #value)));
        }
        let rt = crate_path();
        let count = TokenLiteral::usize_unsuffixed(entries.len());
        let body = quote!([#(#entries),*]);
        let key = body.to_string();
        let mut helpers = self.property_helpers.borrow_mut();
        let index = match helpers.iter().position(|(k, _)| *k == key) {
            Some(index) => index,
            None => {
                let name = format_ident!("properties_{}", helpers.len() + 1);
                let params = (0..holes.len()).map(|i| {
                    let hole = format_ident!("v{i}");
                    quote!(#hole: #rt::endpoint::Value)
                });
                let function = quote! {
                    fn #name(#(#params),*) -> [(&'static str, #rt::endpoint::Value); #count] {
                        #body
                    }
                };
                helpers.push((key, function));
                helpers.len() - 1
            }
        };
        let name = format_ident!("properties_{}", index + 1);
        let values = holes.iter().map(|hole| self.hole_value(scope, hole)).collect::<Result<Vec<_>, _>>()?;
        Ok(quote!(#name(#(#values),*)))
    }

    /// A property's value with the rule set's own text in place, and each other value a
    /// parameter `vN` (in `holes`, in order).
    fn value_with_holes<'e>(&self, e: &'e Expr, holes: &mut Vec<&'e Expr>) -> Result<TokenStream, Error> {
        let rt = crate_path();
        let value = quote!(#rt::endpoint::Value);
        Ok(match e {
            Expr::Array(items) => {
                let items =
                    items.iter().map(|item| self.value_with_holes(item, holes)).collect::<Result<Vec<_>, _>>()?;
                quote!(#value::Array(::std::vec![#(#items),*]))
            }
            Expr::Object(entries) => {
                let mut pairs = Vec::new();
                for (key, v) in sorted_entries(entries) {
                    let v = self.value_with_holes(v, holes)?;
                    pairs.push(quote!((::std::borrow::Cow::Borrowed(#key), #v)));
                }
                quote!(#value::Object(::std::vec![#(#pairs),*]))
            }
            Expr::String(t) if t.literal().is_some() => {
                let text = t.literal();
                quote!(#value::String(::std::borrow::Cow::Borrowed(#text)))
            }
            Expr::Bool(b) => quote!(#value::Bool(#b)),
            Expr::Integer(n) => quote!(#value::Integer(#n)),
            _ => {
                let hole = format_ident!("v{}", holes.len());
                holes.push(e);
                quote!(#hole)
            }
        })
    }

    /// A string expression as a `String`.
    fn owned_string(&self, scope: &Scope, e: &Expr) -> Result<TokenStream, Error> {
        let (code, repr) = self.expr(scope, e)?;
        Ok(match repr {
            Repr::Owned => code,
            _ => quote!(::std::borrow::ToOwned::to_owned(#code)),
        })
    }

    /// An expression as a `&str` argument.
    fn str_arg(&self, scope: &Scope, e: &Expr) -> Result<TokenStream, Error> {
        let (code, repr) = self.expr(scope, e)?;
        Ok(if repr == Repr::Owned { quote!(#code.as_str()) } else { code })
    }

    /// An expression, and how it holds a string.
    fn expr(&self, scope: &Scope, e: &Expr) -> Result<(TokenStream, Repr), Error> {
        Ok(match e {
            Expr::String(template) => {
                if let Some(text) = template.literal() {
                    return Ok((quote!(#text), Repr::Str));
                }
                // A template of one reference is that value.
                if let [Piece::Ref { name, path }] = template.pieces.as_slice() {
                    let ty = scope.get(name).cloned().ok_or_else(|| unbound(name))?;
                    let base = self.ident(name)?;
                    let (code, _, repr) = self.attribute(quote!(#base), &ty, path)?;
                    return Ok((code, repr));
                }
                // Joined by `<[&str]>::concat`, in one allocation of the joined length.
                let mut parts = Vec::new();
                for piece in &template.pieces {
                    match piece {
                        Piece::Text(text) => parts.push(quote!(#text)),
                        Piece::Ref { name, path } => {
                            let ty = scope.get(name).cloned().ok_or_else(|| unbound(name))?;
                            let base = self.ident(name)?;
                            let (code, _, repr) = self.attribute(quote!(#base), &ty, path)?;
                            parts.push(if repr == Repr::Owned { quote!(#code.as_str()) } else { code });
                        }
                    }
                }
                (quote!([#(#parts),*].concat()), Repr::Owned)
            }
            Expr::Bool(b) => (quote!(#b), Repr::Other),
            Expr::Integer(n) => {
                let n = usize::try_from(*n).map_err(|_| Error::Internal(format!("endpoint rules: the index {n}")))?;
                let n = TokenLiteral::usize_unsuffixed(n);
                (quote!(#n), Repr::Other)
            }
            Expr::Ref(name, _) => {
                let ident = self.ident(name)?;
                let ty = scope.get(name).ok_or_else(|| unbound(name))?;
                (quote!(#ident), if *ty == Type::String { Repr::Str } else { Repr::Other })
            }
            Expr::Call(call) => self.call(scope, call)?,
            Expr::Array(_) | Expr::Object(_) => {
                return Err(Error::Internal("endpoint rules: a list or object outside a property".to_owned()));
            }
        })
    }

    /// A call.
    fn call(&self, scope: &Scope, c: &Call) -> Result<(TokenStream, Repr), Error> {
        let rt = crate_path();
        let function = Function::named(&c.function)
            .ok_or_else(|| Error::Internal(format!("endpoint rules: the function {:?}", c.function)))?;
        let arg = |i: usize| c.args.get(i).ok_or_else(|| Error::Internal("endpoint rules: an argument".to_owned()));
        let other = |code| Ok((code, Repr::Other));
        match function {
            Function::IsSet => {
                let ty = check::expr(scope, arg(0)?).map_err(Error::model)?;
                if ty.is_optional() {
                    let (code, _) = self.expr(scope, arg(0)?)?;
                    other(quote!(#code.is_some()))
                } else {
                    other(quote!(true))
                }
            }
            Function::Not => self.negated(scope, arg(0)?),
            Function::BooleanEquals => match (arg(0)?, arg(1)?) {
                (Expr::Bool(true), e) | (e, Expr::Bool(true)) => self.expr(scope, e),
                (Expr::Bool(false), e) | (e, Expr::Bool(false)) => self.negated(scope, e),
                (a, b) => {
                    let a = self.operand(scope, a)?;
                    let b = self.operand(scope, b)?;
                    Ok((quote!(#a == #b), Repr::Comparison))
                }
            },
            Function::StringEquals => self.string_comparison(scope, arg(0)?, arg(1)?, true),
            Function::GetAttr => {
                let (Some(value), Some(Expr::String(path))) = (c.args.first(), c.args.get(1)) else {
                    return Err(Error::Internal("endpoint rules: getAttr's arguments".to_owned()));
                };
                let steps = crate::rules::parse_path(&path.literal().unwrap_or_default()).map_err(Error::Internal)?;
                let ty = check::expr(scope, value).map_err(Error::model)?;
                let (code, _) = self.expr(scope, value)?;
                let (code, _, repr) = self.attribute(code, &ty, &steps)?;
                Ok((code, repr))
            }
            Function::Substring => {
                let s = self.str_arg(scope, arg(0)?)?;
                let (start, _) = self.expr(scope, arg(1)?)?;
                let (stop, _) = self.expr(scope, arg(2)?)?;
                let (reverse, _) = self.expr(scope, arg(3)?)?;
                other(quote!(#rt::endpoint::substring(#s, #start, #stop, #reverse)))
            }
            Function::UriEncode => {
                let s = self.str_arg(scope, arg(0)?)?;
                Ok((quote!(#rt::endpoint::uri_encode(#s)), Repr::Owned))
            }
            Function::ParseUrl => {
                let s = self.str_arg(scope, arg(0)?)?;
                other(quote!(#rt::endpoint::parse_url(#s)))
            }
            Function::IsValidHostLabel => {
                let s = self.str_arg(scope, arg(0)?)?;
                let (sub, _) = self.expr(scope, arg(1)?)?;
                other(quote!(#rt::endpoint::is_valid_host_label(#s, #sub)))
            }
            Function::IsVirtualHostableS3Bucket => {
                let s = self.str_arg(scope, arg(0)?)?;
                let (sub, _) = self.expr(scope, arg(1)?)?;
                other(quote!(#rt::endpoint::is_virtual_hostable_s3_bucket(#s, #sub)))
            }
            Function::Partition => {
                let s = self.str_arg(scope, arg(0)?)?;
                other(quote!(partitions.partition(#s)))
            }
            Function::ParseArn => {
                let s = self.str_arg(scope, arg(0)?)?;
                other(quote!(#rt::endpoint::parse_arn(#s)))
            }
        }
    }

    /// `e` (a boolean) negated: a comparison turned around, anything else after a `!`.
    fn negated(&self, scope: &Scope, e: &Expr) -> Result<(TokenStream, Repr), Error> {
        if let Expr::Call(c) = e {
            match (Function::named(&c.function), c.args.as_slice()) {
                (Some(Function::StringEquals), [a, b]) => return self.string_comparison(scope, a, b, false),
                (Some(Function::BooleanEquals), [a, b])
                    if !matches!(a, Expr::Bool(_)) && !matches!(b, Expr::Bool(_)) =>
                {
                    let (a, b) = (self.operand(scope, a)?, self.operand(scope, b)?);
                    return Ok((quote!(#a != #b), Repr::Comparison));
                }
                (Some(Function::Not), [inner]) => return self.expr(scope, inner),
                (Some(Function::IsSet), [inner]) => {
                    let ty = check::expr(scope, inner).map_err(Error::model)?;
                    if !ty.is_optional() {
                        return Ok((quote!(false), Repr::Other));
                    }
                    let (code, _) = self.expr(scope, inner)?;
                    return Ok((quote!(#code.is_none()), Repr::Other));
                }
                _ => {}
            }
        }
        let code = self.operand(scope, e)?;
        Ok((quote!(!#code), Repr::Other))
    }

    /// `a == b` (`equal`) or `a != b` of two strings; against an empty string, `is_empty()`.
    fn string_comparison(&self, scope: &Scope, a: &Expr, b: &Expr, equal: bool) -> Result<(TokenStream, Repr), Error> {
        let empty = |e: &Expr| matches!(e, Expr::String(t) if t.pieces.is_empty());
        let (a, b) = match (empty(a), empty(b)) {
            (true, false) => (b, None),
            (false, true) => (a, None),
            _ => (a, Some(b)),
        };
        // `is_empty` is a method of `String` and `str` alike.
        let a = if b.is_none() { self.expr(scope, a)?.0 } else { self.str_arg(scope, a)? };
        Ok(match (b, equal) {
            (None, true) => (quote!(#a.is_empty()), Repr::Other),
            (None, false) => (quote!(!#a.is_empty()), Repr::Other),
            (Some(b), equal) => {
                let b = self.str_arg(scope, b)?;
                (if equal { quote!(#a == #b) } else { quote!(#a != #b) }, Repr::Comparison)
            }
        })
    }

    /// A boolean expression as an operand of `!`, `==` or `!=`: a comparison in parentheses,
    /// as the code made for it says ([`Repr::Comparison`]), whatever call made it.
    fn operand(&self, scope: &Scope, e: &Expr) -> Result<TokenStream, Error> {
        let (code, repr) = self.expr(scope, e)?;
        Ok(if repr == Repr::Comparison { quote!((#code)) } else { code })
    }

    /// A path into `base` (of type `ty`): its code, type, and how it holds a string.
    fn attribute(&self, base: TokenStream, ty: &Type, steps: &[Step]) -> Result<(TokenStream, Type, Repr), Error> {
        let mut code = base;
        let mut ty = ty.clone();
        for step in steps {
            let next = check::attribute(&ty, std::slice::from_ref(step)).map_err(Error::Internal)?;
            code = match (&ty, step) {
                // The runtime's fields are the rule set's names in snake case (`supportsFIPS` is
                // `supports_fips`); the checker knows each.
                (Type::Partition, Step::Field(f)) => {
                    let field = format_ident!("{}", heck::AsSnakeCase(f).to_string());
                    quote!(#code.#field)
                }
                (Type::Arn | Type::Url, Step::Field(f)) => {
                    let field = format_ident!("{}", heck::AsSnakeCase(f).to_string());
                    match next {
                        // An ARN borrows its parts; a URL owns them.
                        Type::String if ty == Type::Arn => quote!(#code.#field),
                        Type::String => quote!(#code.#field.as_str()),
                        Type::StringArray => quote!(#code.#field.as_slice()),
                        _ => quote!(#code.#field),
                    }
                }
                // Items that are `String`s (a parameter's) or `&str`s (an ARN's).
                (Type::StringArray, Step::Index(0)) => quote!(#code.first().map(::std::convert::AsRef::<str>::as_ref)),
                (Type::StringArray, Step::Index(i)) => {
                    let i = TokenLiteral::usize_unsuffixed(*i);
                    quote!(#code.get(#i).map(::std::convert::AsRef::<str>::as_ref))
                }
                _ => return Err(Error::Internal(format!("endpoint rules: a path step {step:?}"))),
            };
            ty = next;
        }
        let repr = if ty == Type::String { Repr::Str } else { Repr::Other };
        Ok((code, ty, repr))
    }

    /// A value of a property that is not the rule set's own text (a parameter of a
    /// `properties_N` function): what a reference or a call gives, as a `Value`, owned.
    fn hole_value(&self, scope: &Scope, e: &Expr) -> Result<TokenStream, Error> {
        let rt = crate_path();
        let value = quote!(#rt::endpoint::Value);
        Ok(match check::expr(scope, e).map_err(Error::model)? {
            Type::String => {
                let s = self.owned_string(scope, e)?;
                quote!(#value::String(::std::borrow::Cow::Owned(#s)))
            }
            Type::Bool => {
                let (code, _) = self.expr(scope, e)?;
                quote!(#value::Bool(#code))
            }
            Type::StringArray => {
                let (code, _) = self.expr(scope, e)?;
                quote!(#value::Array(#code.iter().map(|s| #value::String(::std::borrow::Cow::Owned(::std::string::ToString::to_string(s)))).collect()))
            }
            other => return Err(Error::Internal(format!("endpoint rules: a property of type {other:?}"))),
        })
    }
}

/// The entries of an object sorted by key, as `Value::Object` keeps them (sorted here, once,
/// not on every call). The reader refuses an object that repeats a key.
fn sorted_entries(entries: &[(String, Expr)]) -> Vec<&(String, Expr)> {
    let mut sorted: Vec<&(String, Expr)> = entries.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    sorted
}

/// Adds `wrap` after `wraps`. Two tests in a row are one, `if a && b { .. }`, when the first
/// has no prelude and the second no block of its own (which `&&` would make ambiguous).
fn push_wrap(wrap: Wrap, wraps: &mut Vec<Wrap>) {
    if let (Wrap::If(test, prelude), Some(Wrap::If(previous, previous_prelude))) = (&wrap, wraps.last_mut()) {
        let block = test
            .clone()
            .into_iter()
            .any(|t| matches!(t, proc_macro2::TokenTree::Group(g) if g.delimiter() == proc_macro2::Delimiter::Brace));
        if previous_prelude.is_empty() && !block {
            *previous = quote!(#previous && #test);
            *previous_prelude = prelude.clone();
            return;
        }
    }
    wraps.push(wrap);
}

fn unbound(name: &str) -> Error {
    Error::Internal(format!("endpoint rules: {name:?} is unbound"))
}

/// A literal as Rust: a parameter's default, or a value an operation sets (`staticContextParams`).
pub(super) fn literal(value: &Literal) -> TokenStream {
    match value {
        Literal::String(s) => quote!(::std::borrow::ToOwned::to_owned(#s)),
        Literal::Bool(b) => quote!(#b),
        Literal::Strings(items) => quote!(::std::vec![#(::std::borrow::ToOwned::to_owned(#items)),*]),
    }
}

/// A parameter's documentation: the rule set's, what fills it, its default.
fn param_doc(p: &Parameter) -> Vec<String> {
    let mut lines = super::doc_or(p.documentation.as_deref(), || format!("The parameter {}.", code_span(&p.name)));
    let mut facts = vec![format!("Parameter {}", code_span(&p.name))];
    if let Some(built_in) = &p.built_in {
        facts.push(format!("filled by the built-in {}", code_span(built_in)));
    }
    match &p.default {
        Some(Literal::String(s)) => facts.push(format!("default {}", crate::docs::code_span_exact(s))),
        Some(Literal::Bool(b)) => facts.push(format!("default `{b}`")),
        Some(Literal::Strings(items)) => facts.push(format!("default {}", code_span(&format!("{items:?}")))),
        None if p.required => facts.push("required".to_owned()),
        None => {}
    }
    if let Some((message, since)) = &p.deprecated {
        let mut text = "deprecated".to_owned();
        if let Some(since) = since {
            text.push_str(&format!(" since {}", code_span(since)));
        }
        if let Some(message) = message {
            text.push_str(&format!(": {}", crate::docs::escape(message)));
        }
        facts.push(text);
    }
    super::push_paragraph(&mut lines, format!("{}.", facts.join("; ")));
    lines
}

/// The names bound by `assign` anywhere in `rules`, in order.
fn collect_assigns<'r>(rules: &'r [Rule], names: &mut Vec<&'r str>) {
    for rule in rules {
        names.extend(rule.conditions.iter().filter_map(|c| c.assign.as_deref()));
        if let RuleKind::Tree(inner) = &rule.kind {
            collect_assigns(inner, names);
        }
    }
}

/// Whether `rules` call `function`.
fn calls(rules: &[Rule], function: Function) -> bool {
    fn in_expr(e: &Expr, function: Function) -> bool {
        match e {
            Expr::Call(c) => in_call(c, function),
            Expr::Array(items) => items.iter().any(|i| in_expr(i, function)),
            Expr::Object(entries) => entries.iter().any(|(_, v)| in_expr(v, function)),
            _ => false,
        }
    }
    fn in_call(c: &Call, function: Function) -> bool {
        Function::named(&c.function) == Some(function) || c.args.iter().any(|a| in_expr(a, function))
    }
    rules.iter().any(|rule| {
        rule.conditions.iter().any(|c| in_call(&c.call, function))
            || match &rule.kind {
                RuleKind::Tree(inner) => calls(inner, function),
                RuleKind::Endpoint(e) => {
                    in_expr(&e.url, function)
                        || e.properties.iter().any(|(_, v)| in_expr(v, function))
                        || e.headers.iter().any(|(_, vs)| vs.iter().any(|v| in_expr(v, function)))
                }
                RuleKind::Error(m) => in_expr(m, function),
            }
    })
}

/// Whether `name` is read anywhere in `rules`.
fn uses_in_rules(name: &str, rules: &[Rule]) -> bool {
    rules.iter().any(|rule| uses_in_conditions(name, &rule.conditions) || uses_in_kind(name, &rule.kind))
}

fn uses_in_conditions(name: &str, conditions: &[crate::rules::Condition]) -> bool {
    conditions.iter().any(|c| c.call.args.iter().any(|a| uses_in_expr(name, a)))
}

fn uses_in_kind(name: &str, kind: &RuleKind) -> bool {
    match kind {
        RuleKind::Endpoint(e) => {
            uses_in_expr(name, &e.url)
                || e.headers.iter().any(|(_, vs)| vs.iter().any(|v| uses_in_expr(name, v)))
                || e.properties.iter().any(|(_, v)| uses_in_expr(name, v))
        }
        RuleKind::Error(message) => uses_in_expr(name, message),
        RuleKind::Tree(rules) => uses_in_rules(name, rules),
    }
}

fn uses_in_expr(name: &str, e: &Expr) -> bool {
    match e {
        Expr::Ref(n, _) => n == name,
        Expr::String(t) => t.pieces.iter().any(|p| matches!(p, Piece::Ref { name: n, .. } if n == name)),
        Expr::Call(c) => c.args.iter().any(|a| uses_in_expr(name, a)),
        Expr::Array(items) => items.iter().any(|i| uses_in_expr(name, i)),
        Expr::Object(entries) => entries.iter().any(|(_, v)| uses_in_expr(name, v)),
        Expr::Bool(_) | Expr::Integer(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The compiled `resolve_with` of a rule set, as text.
    fn compiled(json: &str) -> String {
        let document = crate::json::parse(json.as_bytes()).unwrap();
        let rules = crate::rules::read::rule_set(&document, &crate::json::Pointer::root(), &mut Vec::new()).unwrap();
        check::check(&rules).unwrap();
        Compiler::new(&rules).resolve().unwrap().to_string()
    }

    #[test]
    fn comparisons_are_parenthesized_as_operands_whatever_call_made_them() {
        // `booleanEquals(stringEquals(..), true)` is the comparison itself: under `not` and as
        // an operand of another `booleanEquals` it needs parentheses (`!a == b` would not
        // compile).
        let code = compiled(
            r#"{"version": "1.0",
                "parameters": {"Region": {"type": "String", "required": true},
                               "UseFIPS": {"type": "Boolean", "required": true, "default": false}},
                "rules": [
                  {"conditions": [{"fn": "not", "argv": [{"fn": "booleanEquals", "argv": [
                      {"fn": "stringEquals", "argv": [{"ref": "Region"}, "aws-global"]}, true]}]}],
                   "type": "error", "error": "a"},
                  {"conditions": [{"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, {"fn": "booleanEquals", "argv": [
                      {"fn": "stringEquals", "argv": [{"ref": "Region"}, "x"]}, true]}]}],
                   "type": "error", "error": "b"},
                  {"conditions": [], "type": "endpoint", "endpoint": {"url": "https://example.com"}}]}"#,
        );
        assert!(code.contains(r#"if ! (region == "aws-global")"#), "{code}");
        assert!(code.contains(r#"if use_fips == (region == "x")"#), "{code}");
    }
}
