//! Rust expressions for the values of a case (`params`, `result`, `error`), built for the
//! types shapegen generated from the same model.
//!
//! Values are keyed by member name. Timestamps are epoch seconds (a number, fractions kept),
//! blobs their decoded text, and NaN and the infinities the strings `"NaN"`, `"Infinity"` and
//! `"-Infinity"`. Every string from a suite reaches the Rust source only as a string or byte
//! string literal; every identifier comes from [`Names`].

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use shapegen::json::Json;
use shapegen::model::{Model, Presence, ShapeKind};
use shapegen::names::Names;
use shapegen::select::Selection;

use crate::decimal;

/// What an expression needs to know of the generated code.
pub struct Context<'a> {
    pub model: &'a Model,
    pub selection: &'a Selection,
    pub names: &'a Names,
    /// The path of the module the generated code is in, such as `crate::input_rest_json_3`.
    pub module: TokenStream,
}

/// An expression, and whether the value holds a NaN (which is not equal to itself).
pub struct Value {
    pub tokens: TokenStream,
    pub has_nan: bool,
}

impl Context<'_> {
    /// The expression of `value` as a value of shape `shape`.
    pub fn value(&self, shape: &str, value: &Json) -> Result<Value, String> {
        let mut has_nan = false;
        let tokens = self.expr(shape, value, &mut has_nan, &mut String::from("$"))?;
        Ok(Value { tokens, has_nan })
    }

    /// The type a structure, union or enum shape became, as a path.
    pub fn type_path(&self, shape: &str) -> Result<TokenStream, String> {
        let name = self.names.type_name(shape).ok_or_else(|| format!("shape {shape:?} has no generated type"))?;
        let module = &self.module;
        let ident = name.ident();
        Ok(quote!(#module::#ident))
    }

    /// An item of a list or a value of a map (`what`): `Option`-wrapped when the collection is
    /// sparse, and `null` only then.
    fn element(
        &self,
        target: &str,
        item: &Json,
        sparse: bool,
        what: &str,
        nan: &mut bool,
        path: &mut String,
    ) -> Result<TokenStream, String> {
        match item {
            Json::Null if sparse => Ok(quote!(::std::option::Option::None)),
            Json::Null => Err(format!("{path}: null in {what} that is not sparse")),
            item => {
                let expr = self.expr(target, item, nan, path)?;
                Ok(if sparse { quote!(::std::option::Option::Some(#expr)) } else { expr })
            }
        }
    }

    fn expr(&self, shape_name: &str, value: &Json, nan: &mut bool, path: &mut String) -> Result<TokenStream, String> {
        let shape = self.model.shape(shape_name).ok_or_else(|| format!("{path}: no shape named {shape_name:?}"))?;
        let wrong = |expected: &str| {
            Err(format!(
                "{path}: {} {shape_name:?} needs {expected}, the value is {}",
                shape.kind.name(),
                value.type_name()
            ))
        };
        Ok(match &shape.kind {
            ShapeKind::Structure(members) => {
                let Json::Object(entries) = value else { return wrong("an object") };
                let ty = self.type_path(shape_name)?;
                let fields = self.names.members(shape_name);
                let mut sets = Vec::new();
                for (key, item) in entries {
                    let Some(index) = members.iter().position(|m| &m.name == key) else {
                        return Err(format!("{path}: structure {shape_name:?} has no member {key:?}"));
                    };
                    // A null member is left unset.
                    if matches!(item, Json::Null) {
                        continue;
                    }
                    let member = &members[index];
                    let field = fields.get(index).ok_or_else(|| format!("{path}: no field name for {key:?}"))?.ident();
                    let len = path.len();
                    path.push('.');
                    path.push_str(key);
                    let mut expr = self.expr(&member.target, item, nan, path)?;
                    path.truncate(len);
                    if self.selection.is_boxed(shape_name, &member.name) {
                        expr = quote!(::std::boxed::Box::new(#expr));
                    }
                    // A stream's bytes are its body.
                    if member.streaming {
                        expr = quote!(<::shapegen_runtime::body::Body as ::std::convert::From<::std::vec::Vec<u8>>>::from(#expr));
                    }
                    if let Presence::Optional = shape.presence(member) {
                        expr = quote!(::std::option::Option::Some(#expr));
                    }
                    sets.push(quote!(v.#field = #expr;));
                }
                if sets.is_empty() {
                    quote!(<#ty as ::std::default::Default>::default())
                } else {
                    quote!({
                        let mut v = <#ty as ::std::default::Default>::default();
                        #(#sets)*
                        v
                    })
                }
            }
            ShapeKind::Union(members) => {
                let Json::Object(entries) = value else { return wrong("an object") };
                let set: Vec<&(String, Json)> = entries.iter().filter(|(_, v)| !matches!(v, Json::Null)).collect();
                let [(key, item)] = set.as_slice() else {
                    return Err(format!(
                        "{path}: union {shape_name:?} needs exactly one member set, the value has {}",
                        set.len()
                    ));
                };
                let Some(index) = members.iter().position(|m| &m.name == key) else {
                    return Err(format!("{path}: union {shape_name:?} has no member {key:?}"));
                };
                let member = &members[index];
                let ty = self.type_path(shape_name)?;
                let variant = self
                    .names
                    .members(shape_name)
                    .get(index)
                    .ok_or_else(|| format!("{path}: no variant name for {key:?}"))?
                    .ident();
                let len = path.len();
                path.push('.');
                path.push_str(key);
                let mut expr = self.expr(&member.target, item, nan, path)?;
                path.truncate(len);
                if self.selection.is_boxed(shape_name, &member.name) {
                    expr = quote!(::std::boxed::Box::new(#expr));
                }
                quote!(#ty::#variant(#expr))
            }
            ShapeKind::List(list) => {
                let Json::Array(items) = value else { return wrong("an array") };
                let mut exprs = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    let len = path.len();
                    path.push_str(&format!("[{i}]"));
                    let expr = self.element(&list.member.target, item, list.sparse, "a list", nan, path)?;
                    path.truncate(len);
                    exprs.push(expr);
                }
                if exprs.is_empty() { quote!(::std::vec::Vec::new()) } else { quote!(::std::vec![#(#exprs),*]) }
            }
            ShapeKind::Map(map) => {
                let Json::Object(entries) = value else { return wrong("an object") };
                let mut pairs = Vec::with_capacity(entries.len());
                for (key, item) in entries {
                    let len = path.len();
                    path.push_str(&format!("[{key:?}]"));
                    let k = self.expr(&map.key.target, &Json::String(key.clone()), nan, path)?;
                    let v = self.element(&map.value.target, item, map.sparse, "a map", nan, path)?;
                    path.truncate(len);
                    pairs.push(quote!((#k, #v)));
                }
                if pairs.is_empty() {
                    quote!(::std::collections::HashMap::new())
                } else {
                    quote!(::std::collections::HashMap::from([#(#pairs),*]))
                }
            }
            ShapeKind::String => {
                let Json::String(s) = value else { return wrong("a string") };
                let lit = Literal::string(s);
                quote!(::std::string::String::from(#lit))
            }
            ShapeKind::Enum(_) => {
                let Json::String(s) = value else { return wrong("a string") };
                let ty = self.type_path(shape_name)?;
                let lit = Literal::string(s);
                quote!(<#ty as ::std::convert::From<&str>>::from(#lit))
            }
            ShapeKind::IntEnum(_) => {
                let n = integer(value, path, i64::from(i32::MIN), i64::from(i32::MAX))?;
                let ty = self.type_path(shape_name)?;
                let lit = Literal::i32_suffixed(n as i32);
                quote!(<#ty as ::std::convert::From<i32>>::from(#lit))
            }
            ShapeKind::Boolean => match value {
                Json::Bool(true) => quote!(true),
                Json::Bool(false) => quote!(false),
                _ => return wrong("a boolean"),
            },
            ShapeKind::Byte => {
                let lit = Literal::i8_suffixed(integer(value, path, i8::MIN.into(), i8::MAX.into())? as i8);
                quote!(#lit)
            }
            ShapeKind::Short => {
                let lit = Literal::i16_suffixed(integer(value, path, i16::MIN.into(), i16::MAX.into())? as i16);
                quote!(#lit)
            }
            ShapeKind::Integer => {
                let lit = Literal::i32_suffixed(integer(value, path, i32::MIN.into(), i32::MAX.into())? as i32);
                quote!(#lit)
            }
            ShapeKind::Long => {
                let lit = Literal::i64_suffixed(integer(value, path, i64::MIN, i64::MAX)?);
                quote!(#lit)
            }
            ShapeKind::Float | ShapeKind::Double => {
                let double = matches!(shape.kind, ShapeKind::Double);
                let ty = if double { quote!(f64) } else { quote!(f32) };
                match value {
                    Json::String(s) if s == "NaN" => {
                        *nan = true;
                        quote!(#ty::NAN)
                    }
                    Json::String(s) if s == "Infinity" => quote!(#ty::INFINITY),
                    Json::String(s) if s == "-Infinity" => quote!(#ty::NEG_INFINITY),
                    Json::Number(n) => {
                        // The number's shortest text, read as the type: the nearest value.
                        let text = n.to_string();
                        if double {
                            let v: f64 = text.parse().map_err(|e| format!("{path}: {text}: {e}"))?;
                            let lit = Literal::f64_suffixed(v.abs());
                            if v.is_sign_negative() { quote!(-#lit) } else { quote!(#lit) }
                        } else {
                            let v: f32 = text.parse().map_err(|e| format!("{path}: {text}: {e}"))?;
                            if !v.is_finite() {
                                return Err(format!("{path}: {text} is out of range of a float"));
                            }
                            let lit = Literal::f32_suffixed(v.abs());
                            if v.is_sign_negative() { quote!(-#lit) } else { quote!(#lit) }
                        }
                    }
                    _ => return wrong("a number or \"NaN\", \"Infinity\", \"-Infinity\""),
                }
            }
            ShapeKind::BigInteger | ShapeKind::BigDecimal => {
                let text = match value {
                    Json::Number(n) => n.to_string(),
                    Json::String(s) => s.clone(),
                    _ => return wrong("a number"),
                };
                let lit = Literal::string(&text);
                quote!(<::serde_json::Number as ::std::str::FromStr>::from_str(#lit).unwrap())
            }
            ShapeKind::Blob { .. } => {
                let Json::String(s) = value else { return wrong("a string") };
                let lit = Literal::byte_string(s.as_bytes());
                quote!(<[u8]>::to_vec(#lit))
            }
            ShapeKind::Timestamp => {
                let Json::Number(n) = value else { return wrong("a number (epoch seconds)") };
                let (seconds, nanos) = decimal::epoch(&n.to_string()).map_err(|e| format!("{path}: {e}"))?;
                let seconds = Literal::i64_suffixed(seconds.abs());
                let seconds = if n.to_string().starts_with('-') { quote!(-#seconds) } else { quote!(#seconds) };
                let nanos_lit = Literal::i32_suffixed(nanos.abs());
                let nanos = if nanos < 0 { quote!(-#nanos_lit) } else { quote!(#nanos_lit) };
                quote!(::jiff::Timestamp::new(#seconds, #nanos).unwrap())
            }
            ShapeKind::Document => {
                let lit = Literal::string(&shapegen::json::compact(value));
                quote!(::serde_json::from_str::<::serde_json::Value>(#lit).unwrap())
            }
        })
    }
}

/// An integer value within `min..=max`.
fn integer(value: &Json, path: &str, min: i64, max: i64) -> Result<i64, String> {
    let Json::Number(n) = value else {
        return Err(format!("{path}: needs an integer, the value is {}", value.type_name()));
    };
    match n.as_i64() {
        Some(v) if (min..=max).contains(&v) => Ok(v),
        _ => Err(format!("{path}: {n} is not an integer in {min}..={max}")),
    }
}
