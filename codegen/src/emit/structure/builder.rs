//! Builders: one per structure, in the `builders` module, whose `build()` fails naming the
//! first required member not set.
//!
//! A builder holds the structure it builds (`value`, made by its `Default`) and sets optional
//! and defaulted members straight into it; only required members, which the structure holds
//! without an `Option`, have fields of their own until `build()`. So a member added to a model
//! adds its two setters to the builder, and nothing else.
//!
//! A structure without required members (most of them) has a builder that is nothing but its
//! value: the module's one generic `Builder<T>` (see [`build_error`]), named for the structure
//! by an alias (`pub type FindingBuilder = Builder<super::Finding>;`) that its setters and
//! `build()` are implemented on. The struct and its derived `Clone`, `Debug` and `Default` are
//! then written, and compiled, once for the file instead of once per structure.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::super::defaults::DefaultValue;
use super::super::types::Scope;
use super::super::{Context, Lifetime, deprecated_attrs, parse_items};
use super::{Field, Holding};
use crate::docs::code_span;
use crate::error::Error;
use crate::model::Shape;

/// The builder of one structure, for the `builders` module.
pub(super) fn builder(
    shape: &Shape,
    context: Option<&proc_macro2::Ident>,
    name: &proc_macro2::Ident,
    builder_name: &proc_macro2::Ident,
    lifetime: Lifetime,
    fields: &[Field],
    custom_debug: bool,
) -> Result<Vec<syn::Item>, Error> {
    let params = lifetime.params();
    let name_str = name.to_string();
    let doc = format!(" A builder for [`{name_str}`](super::{name_str}).");
    let required: Vec<&Field> = fields.iter().filter(|f| matches!(f.holding, Holding::Required)).collect();
    // The field holding the structure: `value`, unless a required member's field has that name
    // (then `value_2`, and so on).
    let taken: Vec<String> = required.iter().map(|f| f.ident.to_string()).collect();
    let (mut value, mut n) = (String::from(VALUE), 1);
    while taken.contains(&value) {
        n += 1;
        value = format!("value_{n}");
    }
    let value = format_ident!("{value}");
    // A structure whose members are all required (or that has none) is built from the
    // builder's fields alone.
    let holds_value = required.len() < fields.len();
    // An error structure's context is not a member: a structure built of required members
    // alone starts it empty.
    let rest = if holds_value {
        Some(quote!(..self.#value))
    } else {
        context.map(|context| quote!(#context: ::std::default::Default::default(),))
    };
    // Each member's type, parsed once for its setters (and its field, for a required member).
    let types = fields
        .iter()
        .map(|f| super::super::parse_type(f.unboxed_builder.clone()).map_err(internal))
        .collect::<Result<Vec<syn::Type>, Error>>()?;
    let setters = fields.iter().zip(&types).map(|(f, ty)| {
        let member = code_span(&f.member.name);
        let fluent_doc = format!(" Sets {}{}.", member, if f.member.required { " (required)" } else { "" });
        // Where the input goes (the builder's own field, or the structure's), and as what.
        let (target, input) = match (&f.holding, f.boxed) {
            (Holding::Required, _) => (None, None),
            (Holding::Optional, false) => (Some(&value), None),
            (Holding::Optional, true) => (Some(&value), Some(quote!(input.map(Box::new)))),
            (Holding::Defaulted(default), boxed) => {
                let read = match default {
                    DefaultValue::Zero => quote!(input.unwrap_or_default()),
                    default => {
                        let function = default.function(Scope::Builders);
                        quote!(input.unwrap_or_else(#function))
                    }
                };
                (Some(&value), Some(if boxed { quote!(Box::new(#read)) } else { read }))
            }
        };
        let set_doc = match f.holding {
            Holding::Defaulted(_) => format!("{SET_DOC}resets {member} (`None` restores its default)."),
            _ => format!("{SET_DOC}clears {member}."),
        };
        let deprecated = deprecated_attrs(f.member.deprecated.as_ref())?;
        let setter = |doc: String| Setter { doc, deprecated: deprecated.clone() };
        TEMPLATES.with(|templates| {
            Ok([
                templates.fluent(setter(fluent_doc), &f.fluent, &f.set, ty.clone())?,
                templates.set(setter(set_doc), &f.set, ty.clone(), Assign { target, field: &f.ident, input })?,
            ])
        })
    });
    let setters = setters.collect::<Result<Vec<[syn::ImplItemFn; 2]>, Error>>()?;
    let built: syn::Type = syn::parse2(quote!(super::#name #params)).map_err(internal)?;
    let shape_str = &shape.name;
    if super::has_generic_builder(shape) {
        // The generic builder, named for the structure: its `Debug` is the structure's, which
        // redacts what it must.
        let doc_build = format!(" Builds the `{name_str}`.");
        return TEMPLATES.with(|templates| {
            let build = templates.build(&doc_build, built.clone(), &value)?;
            let alias = templates.alias(&doc, builder_name, lifetime, built)?;
            let mut builder_impl = templates.builder_impl(builder_name, lifetime)?;
            builder_impl.items.extend(setters.into_iter().flatten().map(syn::ImplItem::Fn));
            builder_impl.items.push(syn::ImplItem::Fn(build));
            Ok(vec![syn::Item::Type(alias), syn::Item::Impl(builder_impl)])
        });
    }
    let build = {
        let inits = required.iter().map(|f| {
            let ident = &f.ident;
            let member_str = &f.member.name;
            let unset = quote!(self.#ident.ok_or(BuildError { shape: #shape_str, member: #member_str })?);
            if f.boxed { quote!(#ident: Box::new(#unset),) } else { quote!(#ident: #unset,) }
        });
        let doc = format!(
            " Builds the `{name_str}`, or fails with the first required member (in model order) that is not set."
        );
        syn::parse2(quote! {
            #[doc = #doc]
            pub fn build(self) -> Result<super::#name #params, BuildError> {
                Ok(super::#name {
                    #(#inits)*
                    #rest
                })
            }
        })
        .map_err(internal)?
    };
    // The builder's fields: the structure it builds, then the required members' own.
    let storage = fields.iter().zip(&types).filter(|(f, _)| matches!(f.holding, Holding::Required));
    let storage =
        storage.map(|(f, ty)| Ok((f.ident.clone(), TEMPLATES.with(|templates| templates.option(ty.clone()))?)));
    let storage = holds_value.then(|| Ok((value.clone(), built))).into_iter().chain(storage);
    let storage = storage.collect::<Result<Vec<(Ident, syn::Type)>, Error>>()?;
    let (builder_struct, mut builder_impl) = TEMPLATES.with(|templates| {
        Ok::<_, Error>((
            templates.builder(&doc, builder_name, lifetime, !custom_debug, storage)?,
            templates.builder_impl(builder_name, lifetime)?,
        ))
    })?;
    builder_impl.items.extend(setters.into_iter().flatten().map(syn::ImplItem::Fn));
    builder_impl.items.push(syn::ImplItem::Fn(build));
    let mut items = vec![syn::Item::Struct(builder_struct), syn::Item::Impl(builder_impl)];
    if custom_debug {
        // The structure's own `Debug` redacts what it must; so do the required members' fields.
        let support = format_ident!("{}", super::super::runtime::MODULE);
        let label = format!("{name_str}Builder");
        let value_label = value.to_string();
        let value_entry = holds_value.then(|| quote!(.field(#value_label, &self.#value)));
        let entries = required.iter().map(|field| {
            let ident = &field.ident;
            let label = &field.debug_name;
            if field.sensitive || shape.sensitive {
                quote!(.field(#label, &super::#support::REDACTED))
            } else {
                quote!(.field(#label, &self.#ident))
            }
        });
        items.append(&mut parse_items(quote! {
            impl #params ::std::fmt::Debug for #builder_name #params {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.debug_struct(#label) #value_entry #(#entries)* .finish()
                }
            }
        })?);
    }
    Ok(items)
}

/// The field a builder holds its structure in; the generic builder's, and a builder struct's
/// unless a required member's field takes the name (see [`builder`]).
const VALUE: &str = "value";

/// How the documentation of a member's second setter (`set_x`) begins; no other line of a
/// builder's documentation begins so (the first setter's is "Sets", then the member's name in
/// a code span). The formatter keeps a member's two setters together by it (see
/// `emit::space_items`).
pub(in crate::emit) const SET_DOC: &str = " Sets or ";

/// What a setter says of itself: its documentation and deprecation.
struct Setter {
    doc: String,
    deprecated: Vec<syn::Attribute>,
}

/// A setter's assignment: `self.target.field = input`, or `self.field = input` without a
/// target; `input` itself when no expression is given.
struct Assign<'a> {
    target: Option<&'a Ident>,
    field: &'a Ident,
    input: Option<TokenStream>,
}

thread_local! {
    /// The setter templates, parsed once per thread (syntax trees cannot be shared between
    /// threads).
    static TEMPLATES: Templates = Templates::new();
}

/// A builder made as syntax trees rather than parsed from tokens. A member's two setters are
/// most of a builder, and parsing each again cost more than all else the builders do: each is
/// a copy of a template with the member's names, type and assignment put in, and only the
/// member's type, and an input other than `input` itself, are parsed, on their own. The
/// builder struct, its impl and a `build()` that returns the structure are copies too; a
/// `build()` that checks required members is parsed.
struct Templates {
    fluent: syn::ImplItemFn,
    set: syn::ImplItemFn,
    set_own: syn::ImplItemFn,
    /// The builder struct, and the derive that replaces its own where the structure's `Debug`
    /// redacts (the builder's then does too).
    builder: syn::ItemStruct,
    derive_no_debug: syn::Attribute,
    /// The alias that names the generic builder for a structure without required members.
    alias: syn::ItemType,
    /// The builder's impl, its items to come.
    builder_impl: syn::ItemImpl,
    /// `build()` of a builder whose structure has no required member: the structure it holds.
    build: syn::ImplItemFn,
    /// What a builder that takes the lifetime allows.
    allow_complexity: syn::Attribute,
    /// `Option<T>`, for a required member's field.
    option: syn::Type,
}

impl Templates {
    /// The templates: fixed Rust, the same whatever the model (every test that generates a
    /// builder parses them).
    fn new() -> Self {
        Templates {
            fluent: syn::parse_quote! {
                pub fn fluent(self, input: impl Into<T>) -> Self {
                    self.set(Some(input.into()))
                }
            },
            set: syn::parse_quote! {
                pub fn set(mut self, input: Option<T>) -> Self {
                    self.value.field = input;
                    self
                }
            },
            set_own: syn::parse_quote! {
                pub fn set(mut self, input: Option<T>) -> Self {
                    self.field = input;
                    self
                }
            },
            builder: syn::parse_quote! {
                #[derive(Clone, Debug, Default)]
                pub struct Builder {}
            },
            derive_no_debug: syn::parse_quote!(#[derive(Clone, Default)]),
            alias: syn::parse_quote! {
                pub type Alias = Builder<T>;
            },
            builder_impl: syn::parse_quote! {
                impl Builder {}
            },
            build: syn::parse_quote! {
                pub fn build(self) -> T {
                    self.value
                }
            },
            allow_complexity: syn::parse_quote!(#[allow(clippy::type_complexity)]),
            option: syn::parse_quote!(Option<T>),
        }
    }

    /// The builder struct `name` (documented by `doc`, taking the structure's `lifetime`,
    /// deriving `Debug` where asked) with `fields`.
    fn builder(
        &self,
        doc: &str,
        name: &Ident,
        lifetime: Lifetime,
        debug: bool,
        fields: Vec<(Ident, syn::Type)>,
    ) -> Result<syn::ItemStruct, Error> {
        let mut item = self.builder.clone();
        if !debug {
            super::super::replace_derive(&mut item.attrs, &self.derive_no_debug)?;
        }
        item.attrs.insert(0, super::super::doc_attr(doc));
        item.ident = name.clone();
        if lifetime.borrows() {
            item.attrs.push(self.allow_complexity.clone());
            item.generics = lifetime.generics();
        }
        let syn::Fields::Named(named) = &mut item.fields else {
            return Err(internal("the builder's template has no named fields"));
        };
        let fields = fields
            .into_iter()
            .map(|(ident, ty)| super::super::field(Vec::new(), syn::Visibility::Inherited, Some(ident), ty));
        named.named.extend(fields);
        Ok(item)
    }

    /// `pub type name = Builder<built>;` (documented by `doc`, taking the structure's
    /// `lifetime`): the generic builder, named for a structure without required members.
    fn alias(&self, doc: &str, name: &Ident, lifetime: Lifetime, built: syn::Type) -> Result<syn::ItemType, Error> {
        let mut item = self.alias.clone();
        item.attrs.insert(0, super::super::doc_attr(doc));
        item.ident = name.clone();
        item.generics = lifetime.generics();
        let syn::Type::Path(path) = &mut *item.ty else { return Err(internal("the alias template is no path")) };
        put_type_argument(&mut path.path, built)?;
        Ok(item)
    }

    /// The impl of the builder `name` (a struct or an alias), which holds no item yet.
    fn builder_impl(&self, name: &Ident, lifetime: Lifetime) -> Result<syn::ItemImpl, Error> {
        let mut imp = self.builder_impl.clone();
        if lifetime.borrows() {
            imp.attrs.push(self.allow_complexity.clone());
            imp.generics = lifetime.generics();
        }
        let params = lifetime.params();
        *imp.self_ty = syn::parse2(quote!(#name #params)).map_err(internal)?;
        Ok(imp)
    }

    /// `pub fn build(self) -> ty { self.value }`, documented by `doc`.
    fn build(&self, doc: &str, ty: syn::Type, value: &Ident) -> Result<syn::ImplItemFn, Error> {
        let mut f = self.build.clone();
        f.attrs.push(super::super::doc_attr(doc));
        let syn::ReturnType::Type(_, output) = &mut f.sig.output else {
            return Err(internal("the build template returns nothing"));
        };
        **output = ty;
        match f.block.stmts.first_mut() {
            Some(syn::Stmt::Expr(syn::Expr::Field(field), None)) => field.member = syn::Member::Named(value.clone()),
            _ => return Err(internal("the build template does not return a field")),
        }
        Ok(f)
    }

    /// `Option<ty>`.
    fn option(&self, ty: syn::Type) -> Result<syn::Type, Error> {
        let mut option = self.option.clone();
        let syn::Type::Path(path) = &mut option else { return Err(internal("the option template is no path")) };
        put_type_argument(&mut path.path, ty)?;
        Ok(option)
    }

    /// `pub fn fluent(self, input: impl Into<ty>) -> Self { self.set(Some(input.into())) }`.
    fn fluent(&self, setter: Setter, fluent: &Ident, set: &Ident, ty: syn::Type) -> Result<syn::ImplItemFn, Error> {
        let mut f = self.fluent.clone();
        setter.apply(&mut f, fluent, ty)?;
        match f.block.stmts.first_mut() {
            Some(syn::Stmt::Expr(syn::Expr::MethodCall(call), None)) => call.method = set.clone(),
            _ => return Err(internal("the fluent setter's template has no call")),
        }
        Ok(f)
    }

    /// `pub fn set(mut self, input: Option<ty>) -> Self { assign; self }`.
    fn set(&self, setter: Setter, set: &Ident, ty: syn::Type, assign: Assign) -> Result<syn::ImplItemFn, Error> {
        let mut f = if assign.target.is_some() { self.set.clone() } else { self.set_own.clone() };
        setter.apply(&mut f, set, ty)?;
        let Some(syn::Stmt::Expr(syn::Expr::Assign(assignment), Some(_))) = f.block.stmts.first_mut() else {
            return Err(internal("the setter's template has no assignment"));
        };
        let syn::Expr::Field(field) = &mut *assignment.left else {
            return Err(internal("the setter's template assigns no field"));
        };
        field.member = syn::Member::Named(assign.field.clone());
        if let Some(target) = assign.target {
            let syn::Expr::Field(base) = &mut *field.base else {
                return Err(internal("the setter's template assigns no field of a field"));
            };
            base.member = syn::Member::Named(target.clone());
        }
        if let Some(input) = assign.input {
            *assignment.right = syn::parse2(input).map_err(internal)?;
        }
        Ok(f)
    }
}

impl Setter {
    /// Gives a setter template its attributes, its name and, as the one type argument of its
    /// input's type, the member's type.
    fn apply(self, f: &mut syn::ImplItemFn, name: &Ident, ty: syn::Type) -> Result<(), Error> {
        f.attrs.push(super::super::doc_attr(&self.doc));
        f.attrs.extend(self.deprecated);
        f.sig.ident = name.clone();
        let input = match f.sig.inputs.iter_mut().nth(1) {
            Some(syn::FnArg::Typed(input)) => &mut *input.ty,
            _ => return Err(internal("a setter's template has no input")),
        };
        let path = match input {
            syn::Type::ImplTrait(bound) => match bound.bounds.first_mut() {
                Some(syn::TypeParamBound::Trait(bound)) => &mut bound.path,
                _ => return Err(internal("a setter's template has no trait")),
            },
            syn::Type::Path(path) => &mut path.path,
            _ => return Err(internal("a setter's template has an unexpected input type")),
        };
        put_type_argument(path, ty)
    }
}

/// Puts `ty` as the one type argument of a template's path (`T` in `Option<T>`, `Into<T>`).
fn put_type_argument(path: &mut syn::Path, ty: syn::Type) -> Result<(), Error> {
    match path.segments.last_mut().map(|segment| &mut segment.arguments) {
        Some(syn::PathArguments::AngleBracketed(args)) if args.args.len() == 1 => {
            args.args[0] = syn::GenericArgument::Type(ty);
            Ok(())
        }
        _ => Err(internal("a template's path has no type argument")),
    }
}

fn internal(error: impl std::fmt::Display) -> Error {
    super::super::internal("builder setters", error)
}

/// The items builders share, first in the `builders` module: the error `build()` returns when
/// a required member is not set, and, when some structure has no required member (`generic`),
/// the generic builder such structures name by aliases.
pub(in crate::emit) fn build_error(cx: &Context, generic: bool) -> TokenStream {
    // Borrowed strings are `Cow`s, by that name.
    let cow = if cx.borrowed_strings() { quote!(borrow::Cow,) } else { TokenStream::new() };
    let generic = if generic {
        let value = format_ident!("{VALUE}");
        quote! {
            /// The builder of a structure without required members, which it holds and sets
            /// member by member. Each such structure `X` names it by an alias, `XBuilder`, whose
            /// documentation lists its setters and `build()`. Its `Debug` is the structure's,
            /// which redacts what the model marks sensitive.
            #[doc(hidden)]
            #[derive(Clone, Debug, Default)]
            pub struct Builder<T> {
                #value: T,
            }
        }
    } else {
        TokenStream::new()
    };
    quote! {
        // Builders are the only items here (beside `BuildError` and the generic `Builder`),
        // and they end in `Builder`: these names cannot be shadowed, and keep the code short. (Imported, not taken from the prelude, so that a
        // module without the prelude can hold the file.)
        #[allow(unused_imports)]
        use ::std::{#cow boxed::Box, collections::HashMap, convert::Into, option::Option::{self, Some}, result::Result::{self, Ok}, string::String, vec::Vec};

        /// A required member was not set when building a value.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct BuildError {
            shape: &'static str,
            member: &'static str,
        }

        impl BuildError {
            /// The model name of the structure being built.
            pub fn shape(&self) -> &'static str {
                self.shape
            }

            /// The model name of the member that was not set.
            pub fn member(&self) -> &'static str {
                self.member
            }
        }

        impl ::std::fmt::Display for BuildError {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.shape)?;
                f.write_str(".")?;
                f.write_str(self.member)?;
                f.write_str(" is required but was not set")
            }
        }

        impl ::std::error::Error for BuildError {}

        #generic
    }
}
