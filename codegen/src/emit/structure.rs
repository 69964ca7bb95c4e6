//! Structures: the struct, its serde attributes, its builder, and for error shapes the
//! error code and HTTP status.

mod deserialize;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::defaults::DefaultValue;
use super::types::Scope;
use super::{Context, Lifetime, Role, deprecated_attr, doc_lines, doc_or, push_paragraph};
use crate::docs::code_span;
use crate::error::Error;
use crate::model::{Binding, Member, Presence, Shape, ShapeKind};
use crate::settings::{Builders, RequiredMembers};

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
    ident: TokenStream,
    /// The field name as `Debug` shows it (no `r#`).
    debug_name: String,
    fluent: TokenStream,
    set: TokenStream,
    /// The value type, boxed where the member closes a cycle.
    ty: TokenStream,
    /// The value type without the box, named from the builders module, for builder setters.
    unboxed_builder: TokenStream,
    boxed: bool,
    holding: Holding,
    sensitive: bool,
}

impl Field<'_> {
    fn optional(&self) -> bool {
        matches!(self.holding, Holding::Optional)
    }
}

/// The struct (with its impls) and its builder.
pub(super) fn emit(cx: &Context, shape: &Shape, members: &[Member]) -> Result<(TokenStream, TokenStream), Error> {
    let name = cx.type_ident(&shape.name);
    let lifetime = cx.lifetime(&shape.name);
    let params = lifetime.params();
    let field_names = cx.names.members(&shape.name);
    let setter_names = cx.names.setters(&shape.name);
    let fields: Vec<Field> = members
        .iter()
        .zip(field_names)
        .zip(setter_names)
        .map(|((member, field), (fluent, set))| {
            let value = cx.value_type(member, Scope::Root);
            let builder_value = cx.value_type(member, Scope::Builders);
            let boxed = cx.selection.is_boxed(&shape.name, &member.name);
            let unboxed = value.ty;
            let ty = if boxed { quote!(::std::boxed::Box<#unboxed>) } else { unboxed };
            Field {
                member,
                ident: ident_tokens(field),
                debug_name: field.text().to_owned(),
                fluent: ident_tokens(fluent),
                set: ident_tokens(set),
                ty,
                unboxed_builder: builder_value.ty,
                boxed,
                holding: match shape.presence(member) {
                    Presence::Optional => Holding::Optional,
                    Presence::Required => Holding::Required,
                    Presence::Defaulted(value) => Holding::Defaulted(cx.default_of(member, value)),
                },
                sensitive: cx.model.is_sensitive(member),
            }
        })
        .collect();

    let whole_sensitive = shape.sensitive;
    let custom_debug = whole_sensitive || fields.iter().any(|f| f.sensitive);

    // The struct.
    let docs = doc_lines(&struct_docs(cx, shape));
    let field_tokens = fields.iter().map(|f| field_tokens(cx, f));
    let debug_derive = if custom_debug { TokenStream::new() } else { quote!(Debug,) };
    // A default that is not the type's zero value makes the struct's `Default` its own.
    let model_defaults = fields.iter().any(|f| matches!(f.holding, Holding::Defaulted(DefaultValue::Function { .. })));
    let default_derive = if model_defaults { TokenStream::new() } else { quote!(Default,) };
    let default_impl = if model_defaults { default_impl(&name, lifetime, &fields) } else { TokenStream::new() };
    let deprecated = deprecated_attr(shape.deprecated.as_ref());
    let builder_name = cx.builder_ident(&shape.name);
    let builder_doc = format!(" A new [`builders::{builder_name}`]: set members one by one, then `build()`.");

    let debug_impl =
        if custom_debug { debug_impl(cx, &name, lifetime, &fields, whole_sensitive) } else { TokenStream::new() };
    let (error_consts, error_impl) = error_impl(cx, shape, &name, lifetime, &fields);
    let allow_complexity = lifetime.allow_complexity();
    let deserialize_impl = deserialize::structure(cx, &name, lifetime, &fields);

    let builders = cx.settings.builders == Builders::Generated;
    let builder_fn = builders.then(|| {
        quote! {
            #[doc = #builder_doc]
            pub fn builder() -> builders::#builder_name #params {
                ::std::default::Default::default()
            }
        }
    });
    let inherent = if builder_fn.is_none() && error_consts.is_empty() {
        TokenStream::new()
    } else {
        quote! {
            impl #params #name #params {
                #error_consts
                #builder_fn
            }
        }
    };

    let item = quote! {
        #docs
        #deprecated
        #[derive(Clone, #debug_derive PartialEq, #default_derive ::serde::Serialize)]
        #[non_exhaustive]
        #allow_complexity
        pub struct #name #params {
            #(#field_tokens)*
        }

        #inherent

        #deserialize_impl
        #default_impl
        #debug_impl
        #error_impl
    };

    let builder = if builders {
        builder(shape, &name, &builder_name, lifetime, &fields, custom_debug)
    } else {
        TokenStream::new()
    };
    Ok((item, builder))
}

fn ident_tokens(name: &crate::names::RustName) -> TokenStream {
    let ident = name.ident();
    quote!(#ident)
}

fn struct_docs(cx: &Context, shape: &Shape) -> Vec<String> {
    let mut lines = doc_or(shape.documentation.as_deref(), || format!("The {} structure.", code_span(&shape.name)));
    for role in cx.roles.get(shape.name.as_str()).into_iter().flatten() {
        let paragraph = match role {
            Role::Input(op) => {
                let http = cx.model.operation(op).and_then(|o| o.http.as_ref());
                match http {
                    Some(h) => format!(
                        "The input of the {} operation ({}).",
                        code_span(op),
                        code_span(&format!("{} {}", h.method, h.uri))
                    ),
                    None => format!("The input of the {} operation.", code_span(op)),
                }
            }
            Role::Output(op) => format!("The output of the {} operation.", code_span(op)),
            Role::Error(op) => format!("An error of the {} operation.", code_span(op)),
        };
        push_paragraph(&mut lines, paragraph);
    }
    if shape.event {
        push_paragraph(
            &mut lines,
            "An event of an event stream. This type is the event's content; the stream's framing (event headers, message encoding) is the transport's job.".to_owned(),
        );
    }
    if let Some(error) = &shape.error {
        let code = error.code.as_deref().unwrap_or(&shape.name);
        let mut paragraph = format!("Error code {}", code_span(code));
        if let Some(status) = error.http_status {
            paragraph.push_str(&format!(", HTTP status {status}"));
        }
        paragraph.push_str(if error.sender_fault { "; the caller's fault." } else { "; the service's fault." });
        push_paragraph(&mut lines, paragraph);
    }
    lines
}

fn field_docs(cx: &Context, member: &Member) -> Vec<String> {
    let target_docs = cx.model.shape(&member.target).and_then(|s| s.documentation.as_deref());
    let mut lines =
        doc_or(member.documentation.as_deref().or(target_docs), || format!("The {} member.", code_span(&member.name)));
    match &member.binding {
        Binding::Body => {}
        Binding::Payload if member.event_payload => push_paragraph(
            &mut lines,
            "The event's payload: the whole body of the event message, not a member of a JSON document, so serde skips it."
                .to_owned(),
        ),
        Binding::Payload => push_paragraph(
            &mut lines,
            "The HTTP payload: the whole body of the message, not a member of a JSON document, so serde skips it."
                .to_owned(),
        ),
        Binding::StatusCode => push_paragraph(
            &mut lines,
            "The HTTP status code of the response; not part of the JSON body, so serde skips it.".to_owned(),
        ),
        Binding::Label(n) => push_paragraph(
            &mut lines,
            format!("Bound to the URI label {}; not part of the JSON body, so serde skips it.", code_span(n)),
        ),
        Binding::Query(n) => push_paragraph(
            &mut lines,
            format!("Bound to the query parameter {}; not part of the JSON body, so serde skips it.", code_span(n)),
        ),
        Binding::QueryParams => push_paragraph(
            &mut lines,
            "The query string parameters not bound to other members; not part of the JSON body, so serde skips it."
                .to_owned(),
        ),
        Binding::Header(n) => push_paragraph(
            &mut lines,
            format!("Bound to the HTTP header {}; not part of the JSON body, so serde skips it.", code_span(n)),
        ),
        Binding::PrefixHeaders(n) => push_paragraph(
            &mut lines,
            format!(
                "Bound to the HTTP headers that start with {}; not part of the JSON body, so serde skips it.",
                code_span(n)
            ),
        ),
    }
    if let Some(default) = &member.default {
        push_paragraph(&mut lines, format!("Default: {}.", code_span(&crate::json::compact(default))));
    }
    let target = cx.model.shape(&member.target);
    if member.streaming || target.is_some_and(|t| matches!(t.kind, ShapeKind::Blob { streaming: true, .. })) {
        push_paragraph(
            &mut lines,
            "A stream of bytes, held here in memory; streaming it (and the framing of the HTTP body) is the transport's job."
                .to_owned(),
        );
    }
    if target.is_some_and(|t| t.event_stream) {
        push_paragraph(
            &mut lines,
            "An event stream: the transport reads or writes the events one by one, framed as the protocol says; each event's content is a value of this type."
                .to_owned(),
        );
    }
    if let Some(ShapeKind::List(list)) = target.map(|t| &t.kind)
        && list.member.json_value
    {
        push_paragraph(
            &mut lines,
            "Each item is a JSON document held as text: a string whose content is JSON (parse it with `serde_json::from_str`)."
                .to_owned(),
        );
    }
    if member.json_value {
        let mut paragraph = "A JSON document held as text: on the wire, a string whose content is JSON (parse it with `serde_json::from_str`). It is kept as the exact text sent, so it writes back byte for byte.".to_owned();
        if matches!(member.binding, Binding::Header(_)) {
            paragraph.push_str(" In the header, the text travels base64-encoded.");
        }
        push_paragraph(&mut lines, paragraph);
    }
    if !member.allowed_values.is_empty() {
        let values: Vec<String> = member.allowed_values.iter().map(|v| code_span(v)).collect();
        push_paragraph(&mut lines, format!("One of: {}.", values.join(", ")));
    }
    if member.idempotency_token {
        push_paragraph(
            &mut lines,
            "An idempotency token: set a unique value, such as a UUID, for each distinct request.".to_owned(),
        );
    }
    lines
}

fn field_tokens(cx: &Context, f: &Field) -> TokenStream {
    let member = f.member;
    let docs = doc_lines(&field_docs(cx, member));
    let deprecated = deprecated_attr(member.deprecated.as_ref());
    let ident = &f.ident;
    let ty = &f.ty;
    let value = cx.value_type(member, Scope::Root);
    let serde = if !member.binding.in_body() {
        quote!(#[serde(skip)])
    } else {
        let rename = cx.model.json_key(member);
        // How an absent member reads: `None`; an error or the zero value (required members, as
        // the settings say); the zero value; or the model's default.
        let mode = match &f.holding {
            Holding::Optional => None,
            Holding::Required => Some(cx.settings.required),
            Holding::Defaulted(DefaultValue::Zero) => Some(RequiredMembers::Lenient),
            Holding::Defaulted(default) => {
                let args = default.serde_args();
                return quote! {
                    #docs
                    #deprecated
                    #[serde(rename = #rename #args)]
                    pub #ident: #ty,
                };
            }
        };
        // Only writing needs attributes: the struct's `Deserialize` is written out (see
        // `structure/deserialize.rs`), and reads absent, `null` and defaulted members itself.
        let skip = mode.is_none().then(|| quote!(, skip_serializing_if = "::std::option::Option::is_none"));
        match value.adapter.filter(|a| !a.reads_only()) {
            None => quote!(#[serde(rename = #rename #skip)]),
            Some(adapter) => {
                let adapter = if mode.is_none() { super::types::Adapter::Option(Box::new(adapter)) } else { adapter };
                let with = format!("{}::serialize", adapter.with_path(Scope::Root));
                quote!(#[serde(rename = #rename #skip, serialize_with = #with)])
            }
        }
    };
    let ty = if f.optional() { quote!(::std::option::Option<#ty>) } else { quote!(#ty) };
    quote! {
        #docs
        #deprecated
        #serde
        pub #ident: #ty,
    }
}

fn debug_impl(
    cx: &Context,
    name: &proc_macro2::Ident,
    lifetime: Lifetime,
    fields: &[Field],
    whole: bool,
) -> TokenStream {
    cx.use_support("REDACTED");
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
fn default_impl(name: &proc_macro2::Ident, lifetime: Lifetime, fields: &[Field]) -> TokenStream {
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
    quote! {
        /// Every member with its default value; members without one empty.
        impl #params ::std::default::Default for #name #params {
            fn default() -> Self {
                Self {
                    #(#inits)*
                }
            }
        }
    }
}

/// For error shapes: the code and status as associated constants, and `Display` and
/// `std::error::Error` impls.
fn error_impl(
    cx: &Context,
    shape: &Shape,
    name: &proc_macro2::Ident,
    lifetime: Lifetime,
    fields: &[Field],
) -> (TokenStream, TokenStream) {
    let Some(error) = &shape.error else { return (TokenStream::new(), TokenStream::new()) };
    let params = lifetime.params();
    let code = error.code.clone().unwrap_or_else(|| shape.name.clone());
    let status = error.http_status.map(|status| {
        let status = proc_macro2::Literal::u16_unsuffixed(status);
        quote! {
            /// The HTTP status code of this error.
            pub const HTTP_STATUS: u16 = #status;
        }
    });
    let message = fields.iter().find(|f| {
        f.member.name.eq_ignore_ascii_case("message")
            && f.member.binding.in_body()
            && f.member.deprecated.is_none()
            && !f.sensitive
            && cx.model.shape(&f.member.target).is_some_and(|s| matches!(s.kind, ShapeKind::String))
    });
    let message = match message {
        Some(field) if !field.optional() => {
            let ident = &field.ident;
            quote! {
                f.write_str(": ")?;
                f.write_str(&self.#ident)?;
            }
        }
        Some(field) => {
            let ident = &field.ident;
            quote! {
                if let ::std::option::Option::Some(message) = &self.#ident {
                    f.write_str(": ")?;
                    f.write_str(message)?;
                }
            }
        }
        None => TokenStream::new(),
    };
    let query_code = error.query_code.as_ref().map(|code| {
        quote! {
            /// The error's code in the query protocol this service replaced, which error
            /// responses carry in the `x-amzn-query-error` header.
            pub const QUERY_CODE: &'static str = #code;
        }
    });
    let consts = quote! {
        /// The error code that identifies this error on the wire.
        pub const CODE: &'static str = #code;
        #query_code
        #status
    };
    let impls = quote! {
        impl #params ::std::fmt::Display for #name #params {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(Self::CODE)?;
                #message
                ::std::result::Result::Ok(())
            }
        }

        impl #params ::std::error::Error for #name #params {}
    };
    (consts, impls)
}

/// The builder of one structure, for the `builders` module.
fn builder(
    shape: &Shape,
    name: &proc_macro2::Ident,
    builder_name: &proc_macro2::Ident,
    lifetime: Lifetime,
    fields: &[Field],
    custom_debug: bool,
) -> TokenStream {
    let params = lifetime.params();
    let allow_complexity = lifetime.allow_complexity();
    let name_str = name.to_string();
    let doc = format!(" A builder for [`{name_str}`](super::{name_str}).");
    let storage = fields.iter().map(|f| {
        let ident = &f.ident;
        let ty = &f.unboxed_builder;
        quote!(#ident: Option<#ty>,)
    });
    let setters = fields.iter().map(|f| {
        let (ident, fluent, set, ty) = (&f.ident, &f.fluent, &f.set, &f.unboxed_builder);
        let member = code_span(&f.member.name);
        let fluent_doc = format!(" Sets {}{}.", member, if f.member.required { " (required)" } else { "" });
        let set_doc = format!(" Sets or clears {member}.");
        let deprecated = deprecated_attr(f.member.deprecated.as_ref());
        quote! {
            #[doc = #fluent_doc]
            #deprecated
            pub fn #fluent(mut self, input: impl Into<#ty>) -> Self {
                self.#ident = Some(input.into());
                self
            }

            #[doc = #set_doc]
            #deprecated
            pub fn #set(mut self, input: Option<#ty>) -> Self {
                self.#ident = input;
                self
            }
        }
    });
    let shape_str = &shape.name;
    let any_required = fields.iter().any(|f| matches!(f.holding, Holding::Required));
    let inits = fields.iter().map(|f| {
        let ident = &f.ident;
        let member_str = &f.member.name;
        let value = match (&f.holding, f.boxed) {
            (Holding::Required, false) => {
                quote!(self.#ident.ok_or(BuildError { shape: #shape_str, member: #member_str })?)
            }
            (Holding::Required, true) => {
                quote!(Box::new(self.#ident.ok_or(BuildError { shape: #shape_str, member: #member_str })?))
            }
            (Holding::Defaulted(DefaultValue::Zero), false) => quote!(self.#ident.unwrap_or_default()),
            (Holding::Defaulted(default), false) => {
                let function = default.function(Scope::Builders);
                quote!(self.#ident.unwrap_or_else(#function))
            }
            (Holding::Defaulted(default), true) => {
                let function = default.function(Scope::Builders);
                quote!(Box::new(self.#ident.unwrap_or_else(#function)))
            }
            (Holding::Optional, false) => quote!(self.#ident),
            (Holding::Optional, true) => quote!(self.#ident.map(Box::new)),
        };
        quote!(#ident: #value,)
    });
    let build = if any_required {
        let doc = format!(
            " Builds the `{name_str}`, or fails with the first required member (in model order) that is not set."
        );
        quote! {
            #[doc = #doc]
            pub fn build(self) -> Result<super::#name #params, BuildError> {
                Ok(super::#name {
                    #(#inits)*
                })
            }
        }
    } else {
        let doc = format!(" Builds the `{name_str}`.");
        quote! {
            #[doc = #doc]
            pub fn build(self) -> super::#name #params {
                super::#name {
                    #(#inits)*
                }
            }
        }
    };
    let debug_derive = if custom_debug { TokenStream::new() } else { quote!(Debug,) };
    let debug_impl = if custom_debug {
        let support = format_ident!("{}", super::runtime::MODULE);
        let label = format!("{name_str}Builder");
        let entries = fields.iter().map(|field| {
            let ident = &field.ident;
            let label = &field.debug_name;
            if field.sensitive || shape.sensitive {
                quote!(.field(#label, &super::#support::REDACTED))
            } else {
                quote!(.field(#label, &self.#ident))
            }
        });
        quote! {
            impl #params ::std::fmt::Debug for #builder_name #params {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.debug_struct(#label) #(#entries)* .finish()
                }
            }
        }
    } else {
        TokenStream::new()
    };
    quote! {
        #[doc = #doc]
        #[derive(Clone, #debug_derive Default)]
        #allow_complexity
        pub struct #builder_name #params {
            #(#storage)*
        }

        #allow_complexity
        impl #params #builder_name #params {
            #(#setters)*
            #build
        }

        #debug_impl
    }
}

/// The error `build()` returns when a required member is not set.
pub(super) fn build_error(cx: &Context) -> TokenStream {
    // Borrowed strings are `Cow`s, by that name.
    let cow = if cx.borrowed_strings() { quote!(borrow::Cow,) } else { TokenStream::new() };
    quote! {
        // Builders are the only items here, and they end in `Builder`: these names cannot be
        // shadowed, and keep the code short. (Imported, not taken from the prelude, so that a
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
    }
}
