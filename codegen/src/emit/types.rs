//! The Rust type of a member, and the serde adapter that puts it on the wire.
//!
//! Most values serialize as serde does by default. Those whose wire form differs (blobs in
//! base64, timestamps in the protocol's format, floats whose `NaN` and infinities travel as
//! strings) get an adapter, composed through `Option`, `Vec` and `HashMap` with
//! `serde_with::As`, so that a list of timestamps inside an optional member is as exact as a
//! single one.

use proc_macro2::TokenStream;
use quote::quote;

use super::Context;
use crate::model::{ListShape, Member, ShapeKind, TimestampFormat};
use crate::select::RustType;

/// Where a type is named from: the root of the generated file, or its `builders` module.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The generated file's top level.
    Root,
    /// The `builders` module, one level down, which imports the standard names it uses.
    Builders,
    /// The support module, one level down, where standard names are fully qualified.
    Support,
}

/// A serde_with adapter: how a value's Rust type maps to its wire form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Adapter {
    /// The value as serde writes it (`serde_with::Same`).
    Same,
    /// A helper of the generated file's support module, by name.
    Support(&'static str),
    /// `serde_with::base64::Base64`.
    Base64,
    /// The support module's `Text`: a `Cow<'de, str>` borrowed from the body where it can be.
    Text,
    /// `Option<A>`.
    Option(Box<Adapter>),
    /// `Vec<A>`.
    Vec(Box<Adapter>),
    /// `HashMap<K, V>`.
    Map(Box<Adapter>, Box<Adapter>),
}

impl Adapter {
    /// The adapter as the type path `#[serde(with = "...")]` takes, from `scope`.
    ///
    /// Built from fixed path segments only; nothing of the model reaches this string.
    pub fn render(&self, scope: Scope) -> String {
        match self {
            Adapter::Same => "::serde_with::Same".to_owned(),
            Adapter::Support(name) => match scope {
                Scope::Root => format!("{}::{name}", super::runtime::MODULE),
                Scope::Builders | Scope::Support => format!("super::{}::{name}", super::runtime::MODULE),
            },
            Adapter::Base64 => "::serde_with::base64::Base64".to_owned(),
            Adapter::Text => Adapter::Support("Text").render(scope),
            Adapter::Option(a) => format!("::std::option::Option<{}>", a.render(scope)),
            Adapter::Vec(a) => format!("::std::vec::Vec<{}>", a.render(scope)),
            Adapter::Map(k, v) => format!("::std::collections::HashMap<{}, {}>", k.render(scope), v.render(scope)),
        }
    }

    /// Whether the adapter matters for reading only: it writes what serde writes without it
    /// (a borrowed string is written as any string is).
    pub fn reads_only(&self) -> bool {
        match self {
            Adapter::Same | Adapter::Text => true,
            Adapter::Support(_) | Adapter::Base64 => false,
            Adapter::Option(a) | Adapter::Vec(a) => a.reads_only(),
            Adapter::Map(k, v) => k.reads_only() && v.reads_only(),
        }
    }

    /// The `serde_with::As` path for `#[serde(with = ...)]`.
    pub fn with_path(&self, scope: Scope) -> String {
        format!("::serde_with::As::<{}>", self.render(scope))
    }

    /// The adapter as tokens, for code that wraps values itself (unions).
    pub fn tokens(&self, scope: Scope) -> TokenStream {
        // `render` yields a type path built from fixed segments; it always parses.
        self.render(scope).parse().unwrap_or_default()
    }
}

/// The Rust type of a value and the adapter its wire form needs, if any.
#[derive(Debug, Clone)]
pub struct ValueType {
    /// The Rust type.
    pub ty: TokenStream,
    /// The adapter, when serde's default is not the wire form.
    pub adapter: Option<Adapter>,
}

impl Context<'_> {
    /// The type of a value of `member`'s target, as named from `scope`.
    pub fn value_type(&self, member: &Member, scope: Scope) -> ValueType {
        let value = self.render(&crate::select::rust_type(self.model, member), scope);
        // An event stream: an output's, its union's events read from the body by a client;
        // an input's, the events a client sends.
        if member.streaming && self.model.shape(&member.target).is_some_and(|s| s.event_stream) {
            let rt = super::runtime::crate_path();
            let union = value.ty;
            let ty = if self.model.is_input_stream(&member.target) {
                quote!(#rt::events::EventInput<#union>)
            } else {
                quote!(#rt::events::Events<#union>)
            };
            return ValueType { ty, adapter: None };
        }
        value
    }

    /// The type of one element of `list` as the list holds it, named from `scope` (see
    /// [`element`]).
    pub fn list_element_type(&self, list: &ListShape, scope: Scope) -> TokenStream {
        element(scope, &self.value_type(&list.member, scope).ty, list.sparse)
    }

    /// A Rust type as tokens named from `scope`, and the adapter its wire form needs.
    fn render(&self, rust: &RustType, scope: Scope) -> ValueType {
        let plain = |ty: TokenStream| ValueType { ty, adapter: None };
        match rust {
            RustType::Named(shape) => {
                let name = self.type_ident(&shape.name);
                let lifetime = self.lifetime(&shape.name).params();
                plain(match scope {
                    Scope::Root => quote!(#name #lifetime),
                    Scope::Builders | Scope::Support => quote!(super::#name #lifetime),
                })
            }
            RustType::List { item, sparse } => {
                let inner = self.render(item, scope);
                let element = element(scope, &inner.ty, *sparse);
                let adapter = inner.adapter.map(|a| if *sparse { Adapter::Option(Box::new(a)) } else { a });
                ValueType {
                    ty: std_type(scope, StdType::Vec, &[&element]),
                    adapter: adapter.map(|a| Adapter::Vec(Box::new(a))),
                }
            }
            RustType::Map { key, value, sparse } => {
                let key = self.render(key, scope);
                let value = self.render(value, scope);
                let (key_ty, value_ty) = (&key.ty, &value.ty);
                let value_ty = element(scope, value_ty, *sparse);
                let value_adapter = match (value.adapter, *sparse) {
                    (Some(a), true) => Some(Adapter::Option(Box::new(a))),
                    (a, _) => a,
                };
                let adapter = match (key.adapter, value_adapter) {
                    (None, None) => None,
                    (k, v) => {
                        Some(Adapter::Map(Box::new(k.unwrap_or(Adapter::Same)), Box::new(v.unwrap_or(Adapter::Same))))
                    }
                };
                ValueType { ty: std_type(scope, StdType::HashMap, &[key_ty, &value_ty]), adapter }
            }
            RustType::Document => plain(quote!(::serde_json::Value)),
            RustType::Simple { shape, member } => match &shape.kind {
                ShapeKind::String if self.borrowed_strings() => {
                    ValueType { ty: std_type(scope, StdType::Cow, &[]), adapter: Some(Adapter::Text) }
                }
                ShapeKind::String => plain(std_type(scope, StdType::String, &[])),
                ShapeKind::Boolean => plain(quote!(bool)),
                ShapeKind::Byte => plain(quote!(i8)),
                ShapeKind::Short => plain(quote!(i16)),
                ShapeKind::Integer => plain(quote!(i32)),
                ShapeKind::Long => plain(quote!(i64)),
                ShapeKind::Float => ValueType { ty: quote!(f32), adapter: Some(Adapter::Support("Float")) },
                ShapeKind::Double => ValueType { ty: quote!(f64), adapter: Some(Adapter::Support("Float")) },
                ShapeKind::BigInteger | ShapeKind::BigDecimal => plain(quote!(::serde_json::Number)),
                // A stream is the runtime's body, which no document holds.
                ShapeKind::Blob { .. } if member.streaming => {
                    let rt = super::runtime::crate_path();
                    plain(quote!(#rt::body::Body))
                }
                ShapeKind::Blob { .. } => {
                    ValueType { ty: std_type(scope, StdType::Vec, &[&quote!(u8)]), adapter: Some(Adapter::Base64) }
                }
                ShapeKind::Timestamp => {
                    let helper = match self.model.timestamp_format(Some(member), shape) {
                        TimestampFormat::EpochSeconds => "EpochSeconds",
                        TimestampFormat::DateTime => "DateTime",
                        TimestampFormat::HttpDate => "HttpDate",
                    };
                    ValueType { ty: quote!(::jiff::Timestamp), adapter: Some(Adapter::Support(helper)) }
                }
                // Aggregates and documents are not simple; `rust_type` never makes them so.
                _ => plain(quote!(::serde_json::Value)),
            },
        }
    }
}

/// Standard library types that values use.
#[derive(Clone, Copy)]
enum StdType {
    String,
    /// `Cow<'a, str>`.
    Cow,
    Vec,
    Option,
    HashMap,
}

/// The element a list (or the value a map) of `item` holds: the item itself, or for a sparse
/// list or map (whose values may be `null`) the item in an `Option`.
fn element(scope: Scope, item: &TokenStream, sparse: bool) -> TokenStream {
    if sparse { std_type(scope, StdType::Option, &[item]) } else { item.clone() }
}

/// A standard library type: fully qualified, except in the `builders` module, which imports
/// the names (no builder can take one).
fn std_type(scope: Scope, which: StdType, args: &[&TokenStream]) -> TokenStream {
    let root = scope != Scope::Builders;
    match (which, args) {
        (StdType::String, _) if root => quote!(::std::string::String),
        (StdType::String, _) => quote!(String),
        (StdType::Cow, _) if root => quote!(::std::borrow::Cow<'a, str>),
        (StdType::Cow, _) => quote!(Cow<'a, str>),
        (StdType::Vec, [item, ..]) if root => quote!(::std::vec::Vec<#item>),
        (StdType::Vec, [item, ..]) => quote!(Vec<#item>),
        (StdType::Option, [item, ..]) if root => quote!(::std::option::Option<#item>),
        (StdType::Option, [item, ..]) => quote!(Option<#item>),
        (StdType::HashMap, [key, value, ..]) if root => quote!(::std::collections::HashMap<#key, #value>),
        (StdType::HashMap, [key, value, ..]) => quote!(HashMap<#key, #value>),
        // Every caller passes the arguments its type takes.
        _ => TokenStream::new(),
    }
}
