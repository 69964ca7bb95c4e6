//! Members with a default value: the value as a Rust expression, and the support functions
//! through which serde and the builders fill it in.
//!
//! A default that is the Rust type's own zero value (`0`, `false`, `""`, an empty list or map)
//! needs nothing: the member reads as `Default::default()` when it is absent or `null`, as a
//! required member does. Any other default gets a function in the support module that returns
//! it, which the struct's `Deserialize` (for `null` and absence), its `Default` and its
//! builder call.

use std::collections::BTreeMap;

use base64::Engine as _;
use heck::ToSnakeCase as _;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::Context;
use super::types::Scope;
use crate::json::Json;
use crate::model::{Member, Shape, ShapeKind};

/// How a defaulted member's default is produced.
pub(super) enum DefaultValue {
    /// The Rust type's `Default::default()`.
    Zero,
    /// A support function, named after the structure and the member (`default_profile_language`
    /// for `Profile.language`, so that a member added to the model renames nothing), that
    /// returns the value.
    Function { name: String },
}

impl DefaultValue {
    /// A function that returns the value, from `scope`.
    pub fn function(&self, scope: Scope) -> TokenStream {
        let support = format_ident!("{}", super::runtime::MODULE);
        match self {
            DefaultValue::Zero => quote!(::std::default::Default::default),
            DefaultValue::Function { name, .. } => {
                let function = format_ident!("{name}");
                match scope {
                    Scope::Root => quote!(#support::#function),
                    Scope::Builders | Scope::Support => quote!(super::#support::#function),
                }
            }
        }
    }

    /// An expression for the value, from `scope`.
    pub fn value(&self, scope: Scope) -> TokenStream {
        let support = format_ident!("{}", super::runtime::MODULE);
        match self {
            DefaultValue::Zero => quote!(::std::default::Default::default()),
            DefaultValue::Function { name, .. } => {
                let function = format_ident!("{name}");
                match scope {
                    Scope::Root => quote!(#support::#function()),
                    Scope::Builders | Scope::Support => quote!(super::#support::#function()),
                }
            }
        }
    }
}

/// A member whose default has a support function, and the function's name.
pub(super) struct DefaultFunction<'m> {
    shape: &'m Shape,
    member: &'m Member,
    name: String,
}

/// The support functions of the selection's defaults, by structure and member (its index):
/// the order of the structures' names, then of their members, in which the support module
/// lists them.
pub(super) type DefaultFunctions<'m> = BTreeMap<(&'m str, usize), DefaultFunction<'m>>;

/// The support functions of the selection's defaults, in shape and member order, named after
/// the structure and the member as the generated code names them. Snake case of two
/// identifiers is an identifier; two pairs that give the same name (`AB.c` and `A.b_c`) are
/// told apart by a number, in that order. Naming them all before anything is emitted lets
/// every part of the file, on any thread, call a default by the same name.
pub(super) fn plan<'m>(cx: &Context<'m>) -> DefaultFunctions<'m> {
    let mut functions = DefaultFunctions::new();
    let mut taken = std::collections::HashSet::new();
    for name in &cx.selection.shapes {
        let Some(shape) = cx.model.shape(name) else { continue };
        let ShapeKind::Structure(members) = &shape.kind else { continue };
        let owner = cx.type_ident(&shape.name).to_string();
        for (index, (member, field)) in members.iter().zip(cx.names.members(&shape.name)).enumerate() {
            let crate::model::Presence::Defaulted(value) = shape.presence(member) else { continue };
            let Some(target) = cx.model.shape(&member.target) else { continue };
            if expression(cx, target, value).is_none() {
                continue;
            }
            let field = field.text().trim_start_matches("r#").to_snake_case();
            let base = format!("default_{}_{field}", owner.to_snake_case());
            let mut name = base.clone();
            let mut n = 2;
            while taken.contains(&name) {
                name = format!("{base}_{n}");
                n += 1;
            }
            taken.insert(name.clone());
            functions.insert((shape.name.as_str(), index), DefaultFunction { shape, member, name });
        }
    }
    functions
}

impl Context<'_> {
    /// The default of `member` of `shape`.
    pub(super) fn default_of(&self, shape: &Shape, member: &Member) -> DefaultValue {
        let index = shape.kind.members().iter().position(|m| std::ptr::eq(m, member));
        match index.and_then(|index| self.defaults.get(&(shape.name.as_str(), index))) {
            None => DefaultValue::Zero,
            Some(f) => DefaultValue::Function { name: f.name.clone() },
        }
    }

    /// The support module's functions for the defaults: each returns its member's default.
    pub(super) fn default_functions(&self) -> Vec<TokenStream> {
        self.defaults.values().filter_map(|f| self.default_function(f)).collect()
    }

    fn default_function(&self, f: &DefaultFunction) -> Option<TokenStream> {
        let member = f.member;
        let target = self.model.shape(&member.target)?;
        let crate::model::Presence::Defaulted(value) = f.shape.presence(member) else { return None };
        let expr = expression(self, target, value)?;
        let ty = self.value_type(member, Scope::Support).ty;
        // A borrowed string's default is a `Cow<'a, str>` of any lifetime; no other default
        // names a type with one (structures, unions, lists and maps have none but the empty).
        let params = if self.borrowed_strings() && matches!(target.kind, ShapeKind::String) {
            quote!(<'a>)
        } else {
            TokenStream::new()
        };
        let default = format_ident!("{}", f.name);
        let doc = format!(" The default value of `{}`.", member.name);
        Some(quote! {
            #[doc = #doc]
            pub fn #default #params () -> #ty {
                #expr
            }
        })
    }
}

/// The default as an expression of the member's type, named from the support module; `None`
/// when it is the type's zero value.
fn expression(cx: &Context, target: &Shape, value: &Json) -> Option<TokenStream> {
    let kind = &target.kind;
    let number = match value {
        Json::Number(n) => Some(n),
        _ => None,
    };
    let is_zero = match value {
        Json::Bool(b) => !b,
        Json::Number(n) => n.as_f64() == Some(0.0),
        Json::String(s) => s.is_empty(),
        Json::Array(items) => items.is_empty(),
        Json::Object(entries) => entries.is_empty(),
        Json::Null => true,
    };
    // Enums default to `Unknown("")` and numbers of any size have no `Default`: their zero
    // is spelled out like any other value.
    let zero_is_default = !matches!(
        kind,
        ShapeKind::Enum(_)
            | ShapeKind::IntEnum(_)
            | ShapeKind::Document
            | ShapeKind::BigInteger
            | ShapeKind::BigDecimal
    );
    if is_zero && zero_is_default {
        return None;
    }
    // Literals are unsuffixed: the function's return type gives them their type, and a
    // negated literal may be the type's minimum.
    let integer = || -> Option<TokenStream> {
        let n = number?.as_i64()?;
        let lit = Literal::u64_unsuffixed(n.unsigned_abs());
        Some(if n < 0 { quote!(-#lit) } else { quote!(#lit) })
    };
    Some(match kind {
        ShapeKind::Boolean => {
            let b = matches!(value, Json::Bool(true));
            quote!(#b)
        }
        ShapeKind::Byte | ShapeKind::Short | ShapeKind::Integer | ShapeKind::Long => integer()?,
        ShapeKind::Float | ShapeKind::Double => {
            let f = number?.as_f64()?;
            let lit = Literal::f64_unsuffixed(f.abs());
            if f < 0.0 { quote!(-#lit) } else { quote!(#lit) }
        }
        ShapeKind::BigInteger | ShapeKind::BigDecimal => {
            let text = number?.to_string();
            quote! {
                <::serde_json::Number as ::std::str::FromStr>::from_str(#text)
                    .unwrap_or_else(|_| ::serde_json::Number::from(0u8))
            }
        }
        ShapeKind::String if cx.borrowed_strings() => {
            let s = value.as_str()?;
            quote!(::std::borrow::Cow::Borrowed(#s))
        }
        ShapeKind::String => {
            let s = value.as_str()?;
            quote!(::std::string::String::from(#s))
        }
        ShapeKind::Enum(_) => {
            let s = value.as_str()?;
            let name = cx.names.type_name(&target.name)?.ident();
            quote!(super::#name::from(#s))
        }
        ShapeKind::IntEnum(_) => {
            let n = integer()?;
            let name = cx.names.type_name(&target.name)?.ident();
            quote!(super::#name::from(#n))
        }
        ShapeKind::Blob { .. } => {
            let bytes =
                base64::engine::general_purpose::STANDARD_NO_PAD.decode(value.as_str()?.trim_end_matches('=')).ok()?;
            quote!(::std::vec![#(#bytes),*])
        }
        ShapeKind::Timestamp => match value {
            Json::String(s) => quote!(#s.parse::<::jiff::Timestamp>().unwrap_or_default()),
            _ => {
                let n = number?;
                match n.as_i64() {
                    Some(seconds) => quote!(::jiff::Timestamp::from_second(#seconds).unwrap_or_default()),
                    None => {
                        // Whole nanoseconds of a finite JSON number: the cast cannot lose more.
                        #[allow(clippy::cast_possible_truncation)]
                        let nanos = (n.as_f64()? * 1e9).round() as i128;
                        quote!(::jiff::Timestamp::from_nanosecond(#nanos).unwrap_or_default())
                    }
                }
            }
        },
        ShapeKind::Document => {
            let text = serde_json::to_string(value).ok()?;
            quote!(::serde_json::from_str::<::serde_json::Value>(#text).unwrap_or_default())
        }
        ShapeKind::List(_) | ShapeKind::Map(_) | ShapeKind::Structure(_) | ShapeKind::Union(_) => return None,
    })
}
