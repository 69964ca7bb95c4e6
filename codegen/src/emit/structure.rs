//! Structures: the struct, its `Serialize` and `Deserialize` (written out, in `serialize.rs` and
//! `deserialize.rs`), its builder, and for error shapes the error code and HTTP status.

mod builder;
mod deserialize;
mod docs;
mod serialize;

pub(super) use builder::{SET_DOC, build_error};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::defaults::DefaultValue;
use super::types::{Adapter, Scope};
use super::{Context, Lifetime, deprecated_attr, doc_attrs};
use crate::error::Error;
use crate::model::{Member, Presence, Shape};

/// How the struct holds a member.
enum Holding {
    /// In an `Option`.
    Optional,
    /// Always there; a message without it is in error, read leniently or strictly as the
    /// settings say.
    Required,
    /// Always there; a message without it means the default.
    Defaulted(DefaultValue),
}

/// One member, as the struct and its builder see it.
struct Field<'m> {
    member: &'m Member,
    ident: proc_macro2::Ident,
    /// The field name as `Debug` shows it (no `r#`).
    debug_name: String,
    fluent: proc_macro2::Ident,
    set: proc_macro2::Ident,
    /// The value type, boxed where the member closes a cycle.
    ty: TokenStream,
    /// The value type without the box, named from the builders module, for builder setters.
    unboxed_builder: TokenStream,
    /// The adapter of the value's wire form (of what the `Option` holds, for an optional
    /// member), named from the root, where its `Serialize` and `Deserialize` use it.
    adapter: Option<Adapter>,
    boxed: bool,
    holding: Holding,
    sensitive: bool,
}

impl Field<'_> {
    fn optional(&self) -> bool {
        matches!(self.holding, Holding::Optional)
    }
}

/// The fields of a structure, as its struct and its builder see them.
fn fields<'m>(cx: &Context, shape: &Shape, members: &'m [Member]) -> Vec<Field<'m>> {
    let field_names = cx.names.members(&shape.name);
    let setter_names = cx.names.setters(&shape.name);
    members
        .iter()
        .zip(field_names)
        .zip(setter_names)
        .map(|((member, field), (fluent, set))| {
            let value = cx.value_type(member, Scope::Root);
            let builder_value = cx.value_type(member, Scope::Builders);
            let boxed = cx.selection.is_boxed(&shape.name, &member.name);
            let unboxed = value.ty;
            let ty = if boxed { quote!(::std::boxed::Box<#unboxed>) } else { unboxed };
            let adapter = value.adapter;
            Field {
                member,
                ident: field.ident(),
                debug_name: field.text().to_owned(),
                fluent: fluent.ident(),
                set: set.ident(),
                ty,
                unboxed_builder: builder_value.ty,
                adapter,
                boxed,
                holding: match shape.presence(member) {
                    Presence::Optional => Holding::Optional,
                    Presence::Required => Holding::Required,
                    Presence::Defaulted(_) => Holding::Defaulted(cx.default_of(shape, member)),
                },
                sensitive: cx.model.is_sensitive(member),
            }
        })
        .collect()
}

/// Whether the struct writes its own `Debug`, to hide sensitive members.
fn custom_debug(shape: &Shape, fields: &[Field]) -> bool {
    shape.sensitive || fields.iter().any(|f| f.sensitive)
}

/// The struct, with its impls.
pub(super) fn emit(cx: &Context, shape: &Shape, members: &[Member]) -> Result<Vec<syn::Item>, Error> {
    let name = cx.type_ident(&shape.name);
    let lifetime = cx.lifetime(&shape.name);
    let params = lifetime.params();
    let fields = fields(cx, shape, members);
    let whole_sensitive = shape.sensitive;
    let custom_debug = custom_debug(shape, &fields);

    // The struct (its documentation and fields are put into the parsed item: see `field`).
    let docs = doc_attrs(&docs::struct_docs(cx, shape));
    let named_fields = fields.iter().map(|f| field(cx, f)).collect::<Result<Vec<syn::Field>, Error>>()?;
    let debug_derive = if custom_debug { TokenStream::new() } else { quote!(Debug,) };
    // A default that is not the type's zero value makes the struct's `Default` its own.
    let model_defaults = fields.iter().any(|f| matches!(f.holding, Holding::Defaulted(DefaultValue::Function { .. })));
    let default_derive = if model_defaults { TokenStream::new() } else { quote!(Default,) };
    let context = cx.error_context_field(shape);
    let default_impl =
        if model_defaults { default_impl(&name, lifetime, &fields, context.as_ref()) } else { TokenStream::new() };
    let deprecated = deprecated_attr(shape.deprecated.as_ref());
    let builder_name = cx.builder_ident(&shape.name);
    let builder_doc = format!(" A new [`builders::{builder_name}`]: set members one by one, then `build()`.");

    let debug_impl =
        if custom_debug { debug_impl(&name, lifetime, &fields, whole_sensitive) } else { TokenStream::new() };
    let (error_consts, error_impl) = error_impl(cx, shape, &name, lifetime, &fields, context.as_ref());
    let allow_complexity = lifetime.allow_complexity();

    let builders = cx.has_builder(shape);
    // The inherent impl: an error's constants (parsed), then `builder()` (from its template).
    let inherent = if builders || !error_consts.is_empty() {
        let mut inherent: syn::ItemImpl = syn::parse2(quote!(impl #params #name #params { #error_consts }))
            .map_err(|e| super::internal("impl", e))?;
        if builders {
            let mut builder_fn = BUILDER_FN.with(Clone::clone);
            builder_fn.attrs.insert(0, super::doc_attr(&builder_doc));
            // A structure named `Builder` (Elastic Beanstalk has one): clippy takes its
            // `builder()` for a constructor named after its type.
            if name == "Builder" {
                builder_fn.attrs.push(syn::parse_quote!(#[allow(clippy::self_named_constructors)]));
            }
            let syn::ReturnType::Type(_, output) = &mut builder_fn.sig.output else {
                return Err(super::internal("builder()", "the template returns nothing"));
            };
            **output =
                syn::parse2(quote!(builders::#builder_name #params)).map_err(|e| super::internal("builder()", e))?;
            inherent.items.push(syn::ImplItem::Fn(builder_fn));
        }
        Some(syn::Item::Impl(inherent))
    } else {
        None
    };

    let mut item: syn::ItemStruct = syn::parse2(quote! {
        #deprecated
        #[derive(Clone, #debug_derive PartialEq, #default_derive)]
        #[non_exhaustive]
        #allow_complexity
        pub struct #name #params {}
    })
    .map_err(|e| super::internal("structure", e))?;
    item.attrs.splice(0..0, docs);
    if let syn::Fields::Named(named) = &mut item.fields {
        named.named.extend(named_fields);
        if let Some(context) = &context {
            let rt = super::runtime::crate_path();
            let doc = " The status, request id and query code of the response the error came from (empty for an error made by hand).";
            let ty =
                super::parse_type(quote!(#rt::response::ErrorContext)).map_err(|e| super::internal("context", e))?;
            named.named.push(super::field(
                vec![super::doc_attr(doc)],
                syn::Visibility::Public(Default::default()),
                Some(context.clone()),
                ty,
            ));
        }
    }
    let mut items = vec![syn::Item::Struct(item)];
    items.extend(inherent);
    items.append(&mut deserialize::structure(cx, &name, lifetime, &fields)?);
    items.append(&mut serialize::structure(cx, &name, lifetime, &fields)?);
    items.append(&mut super::parse_items(quote! {
        #default_impl
        #debug_impl
        #error_impl
    })?);
    Ok(items)
}

thread_local! {
    /// `builder()`, parsed once per thread (syntax trees cannot be shared between threads).
    static BUILDER_FN: syn::ImplItemFn = syn::parse_quote! {
        pub fn builder() -> Builder {
            ::std::default::Default::default()
        }
    };
}

/// The body members of a structure: those its `Serialize` writes and its `Deserialize` reads.
fn body<'f, 'm>(fields: &'f [Field<'m>]) -> Vec<&'f Field<'m>> {
    fields.iter().filter(|f| f.member.binding.in_body()).collect()
}

/// `::<adapter, _>`: the generic arguments of a member reader's or writer's call that takes an
/// adapter (`member.option_as::<EpochSeconds, _>(..)`, `out.optional_as::<EpochSeconds, _>(..)`).
fn turbofish(adapter: &Adapter) -> syn::Result<syn::AngleBracketedGenericArguments> {
    let adapter = adapter.tokens(Scope::Root);
    syn::parse2(quote!(::<#adapter, _>))
}

/// Fills in, from their templates, the items of a structure's `Deserialize` or `Serialize`
/// (`what` names which, for errors): the runtime macro's line (`serde_struct!(Type);`), where
/// there is one, names the structure; the impl of the runtime's trait gets the structure as
/// its type, `generics` when the structure borrows, and `constant` as the value of its first
/// item.
fn fill_templates(
    call: Option<&mut syn::ItemMacro>,
    imp: &mut syn::ItemImpl,
    name: &proc_macro2::Ident,
    lifetime: Lifetime,
    generics: TokenStream,
    constant: &str,
    what: &str,
) -> Result<(), Error> {
    let internal = |e: &dyn std::fmt::Display| super::internal(what, e);
    let params = lifetime.params();
    let ty = quote!(#name #params);
    if let Some(call) = call {
        call.mac.tokens = ty.clone();
    }
    *imp.self_ty = syn::parse2(ty).map_err(|e| internal(&e))?;
    if lifetime.borrows() {
        imp.generics = syn::parse2(generics).map_err(|e| internal(&e))?;
    }
    let Some(syn::ImplItem::Const(first)) = imp.items.first_mut() else {
        return Err(internal(&"the impl's template does not start with a constant"));
    };
    first.expr = syn::Expr::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit: syn::Lit::Str(syn::LitStr::new(constant, proc_macro2::Span::call_site())),
    });
    Ok(())
}

/// Whether a structure's builder is the `builders` module's generic `Builder<T>`, under an
/// alias: when none of its members is required (the builder then holds nothing but the
/// structure; see [`builder`]).
pub(super) fn has_generic_builder(shape: &Shape) -> bool {
    !shape.kind.members().iter().any(|m| matches!(shape.presence(m), Presence::Required))
}

/// The struct's builder, for the `builders` module.
pub(super) fn emit_builder(cx: &Context, shape: &Shape, members: &[Member]) -> Result<Vec<syn::Item>, Error> {
    let fields = fields(cx, shape, members);
    let name = cx.type_ident(&shape.name);
    let builder_name = cx.builder_ident(&shape.name);
    let context = cx.error_context_field(shape);
    builder::builder(
        shape,
        context.as_ref(),
        &name,
        &builder_name,
        cx.lifetime(&shape.name),
        &fields,
        custom_debug(shape, &fields),
    )
}

/// A field of the struct, made as a syntax tree: its documentation is most of the struct, and
/// parsing it again cost more than making it. Its deprecation and its type are parsed.
fn field(cx: &Context, f: &Field) -> Result<syn::Field, Error> {
    let internal = |e: syn::Error| super::internal(&format!("the field {}", f.ident), e);
    let mut attrs = doc_attrs(&docs::field_docs(cx, f.member));
    attrs.append(&mut super::deprecated_attrs(f.member.deprecated.as_ref())?);
    let ty = &f.ty;
    let ty = if f.optional() { quote!(::std::option::Option<#ty>) } else { quote!(#ty) };
    let ty = super::parse_type(ty).map_err(internal)?;
    Ok(super::field(attrs, syn::Visibility::Public(Default::default()), Some(f.ident.clone()), ty))
}

fn debug_impl(name: &proc_macro2::Ident, lifetime: Lifetime, fields: &[Field], whole: bool) -> TokenStream {
    let support = format_ident!("{}", super::runtime::MODULE);
    let name_str = name.to_string();
    let body = if whole {
        quote!(f.write_str(#support::REDACTED))
    } else {
        let entries = fields.iter().map(|field| {
            let ident = &field.ident;
            let label = &field.debug_name;
            if field.sensitive {
                quote!(.field(#label, &#support::REDACTED))
            } else {
                quote!(.field(#label, &self.#ident))
            }
        });
        quote!(f.debug_struct(#name_str) #(#entries)* .finish())
    };
    let params = lifetime.params();
    quote! {
        impl #params ::std::fmt::Debug for #name #params {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #body
            }
        }
    }
}

/// `Default` for a struct with a member whose default value is not its type's zero value.
fn default_impl(
    name: &proc_macro2::Ident,
    lifetime: Lifetime,
    fields: &[Field],
    context: Option<&proc_macro2::Ident>,
) -> TokenStream {
    let params = lifetime.params();
    let inits = fields.iter().map(|f| {
        let ident = &f.ident;
        let value = match &f.holding {
            Holding::Defaulted(default) if f.boxed => {
                let value = default.value(Scope::Root);
                quote!(::std::boxed::Box::new(#value))
            }
            Holding::Defaulted(default) => default.value(Scope::Root),
            _ => quote!(::std::default::Default::default()),
        };
        quote!(#ident: #value,)
    });
    let context = context.map(|ident| quote!(#ident: ::std::default::Default::default(),));
    quote! {
        /// Every member with its default value; members without one empty.
        impl #params ::std::default::Default for #name #params {
            fn default() -> Self {
                Self {
                    #(#inits)*
                    #context
                }
            }
        }
    }
}

/// For error shapes: the code and status as associated constants, and `Display`,
/// `std::error::Error` and `shapegen_runtime::ServiceError` impls.
fn error_impl(
    cx: &Context,
    shape: &Shape,
    name: &proc_macro2::Ident,
    lifetime: Lifetime,
    fields: &[Field],
    context: Option<&proc_macro2::Ident>,
) -> (TokenStream, TokenStream) {
    let Some(error) = &shape.error else { return (TokenStream::new(), TokenStream::new()) };
    let rt = super::runtime::crate_path();
    let params = lifetime.params();
    let code = error.code.clone().unwrap_or_else(|| shape.name.clone());
    let (status_const, status) = match error.http_status {
        Some(status) => {
            let status = proc_macro2::Literal::u16_unsuffixed(status);
            let status_const = quote! {
                /// The HTTP status code of this error.
                pub const HTTP_STATUS: u16 = #status;
            };
            (status_const, quote!(::std::option::Option::Some(Self::HTTP_STATUS)))
        }
        None => (TokenStream::new(), quote!(::std::option::Option::None)),
    };
    // The response's status, where the error came from one; else the model's.
    let status = match context {
        Some(context) => quote!(self.#context.status().or(#status)),
        None => status,
    };
    let message = cx.model.message_member(shape).and_then(|(i, _)| fields.get(i));
    let (write_message, message) = match message {
        Some(field) if !field.optional() => {
            let ident = &field.ident;
            let write = quote! {
                f.write_str(": ")?;
                f.write_str(&self.#ident)?;
            };
            (write, quote!(::std::option::Option::Some(&*self.#ident)))
        }
        Some(field) => {
            let ident = &field.ident;
            let write = quote! {
                if let ::std::option::Option::Some(message) = &self.#ident {
                    f.write_str(": ")?;
                    f.write_str(message)?;
                }
            };
            (write, quote!(self.#ident.as_deref()))
        }
        None => (TokenStream::new(), quote!(::std::option::Option::None)),
    };
    // Where the service is compatible with the query protocol, its errors are known by their
    // query codes: the response's, else the model's (`ServiceError::code`).
    let (query_code, model_query_code) = match &error.query_code {
        Some(query_code) => (
            quote! {
                /// The error's code in the query protocol this service replaced, which error
                /// responses carry in the `x-amzn-query-error` header.
                pub const QUERY_CODE: &'static str = #query_code;
            },
            Some(quote!(::std::option::Option::Some(Self::QUERY_CODE))),
        ),
        None => (TokenStream::new(), None),
    };
    let context_fns = context.map(|context| {
        let response = quote!(self.#context.query_code());
        let query_code_expr = match &model_query_code {
            Some(model) => quote!(#response.or(#model)),
            None => response,
        };
        quote! {
            fn request_id(&self) -> ::std::option::Option<&str> {
                self.#context.request_id()
            }

            fn query_code(&self) -> ::std::option::Option<&str> {
                #query_code_expr
            }
        }
    });
    let retryable = if error.retryable || error.throttling {
        let throttling = error.throttling;
        quote! {
            fn retryable(&self) -> ::std::option::Option<#rt::Retryable> {
                ::std::option::Option::Some(#rt::Retryable { throttling: #throttling })
            }
        }
    } else {
        TokenStream::new()
    };
    let consts = quote! {
        /// The error code that identifies this error on the wire.
        pub const CODE: &'static str = #code;
        #query_code
        #status_const
    };
    let impls = quote! {
        impl #params ::std::fmt::Display for #name #params {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(Self::CODE)?;
                #write_message
                ::std::result::Result::Ok(())
            }
        }

        impl #params ::std::error::Error for #name #params {}

        impl #params #rt::ServiceError for #name #params {
            fn code(&self) -> ::std::option::Option<&str> {
                ::std::option::Option::Some(#rt::ServiceError::query_code(self).unwrap_or(Self::CODE))
            }

            fn message(&self) -> ::std::option::Option<&str> {
                #message
            }

            fn status(&self) -> ::std::option::Option<u16> {
                #status
            }

            #retryable
            #context_fns
        }
    };
    (consts, impls)
}
