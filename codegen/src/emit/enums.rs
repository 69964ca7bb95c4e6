//! String and integer enums, forward compatible: a value the model does not list is kept in
//! `Unknown`, reads without error and writes back unchanged.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{
    Context, deprecated_attr, deprecated_attrs, doc_attrs, doc_lines, doc_or, named_type, push_paragraph,
    replace_derive,
};
use crate::docs::{code_span, code_span_exact};
use crate::error::Error;
use crate::model::{EnumValue, IntEnumValue, Shape};
use crate::names::UNKNOWN_VARIANT;

fn enum_docs(shape: &Shape) -> Vec<String> {
    let mut lines = doc_or(shape.documentation.as_deref(), || format!("Values of {}.", code_span(&shape.name)));
    push_paragraph(
        &mut lines,
        format!(
            "A value this model does not list is kept in `{UNKNOWN_VARIANT}`: it reads without error and writes back unchanged. Match the variants you handle and leave the rest to a wildcard arm, so that code keeps working when a later model gives such a value a variant of its own."
        ),
    );
    lines
}

/// A string enum: variants, `as_str`, the variant of a string; the runtime's `string_enum!`
/// adds the rest (conversions, comparison by wire string, serde as the wire string).
///
/// Made as syntax trees from templates parsed once per thread: an enum is mostly its
/// variants, each with its documentation, wire string and two match arms, and parsing them
/// again cost more than all else the enums do. Only a deprecation, and the `Debug` of a
/// sensitive enum, are parsed.
pub(super) fn emit_string(cx: &Context, shape: &Shape, values: &[EnumValue]) -> Result<Vec<syn::Item>, Error> {
    let internal = |e: &dyn std::fmt::Display| super::internal(&format!("the enum {}", shape.name), e);
    let name = cx.type_ident(&shape.name);
    let variants: Vec<_> = cx.names.variants(&shape.name).iter().map(|v| v.ident()).collect();
    let span = proc_macro2::Span::call_site();
    let wire = |value: &EnumValue| syn::Lit::Str(syn::LitStr::new(&value.value, span));
    let redact = shape.sensitive;
    let mut attrs = doc_attrs(&enum_docs(shape));
    attrs.append(&mut deprecated_attrs(shape.deprecated.as_ref())?);
    let (mut items, derive_no_debug) = STRING_ENUM.with(Clone::clone);
    let [syn::Item::Enum(item), syn::Item::Impl(inherent), syn::Item::Impl(from), syn::Item::Macro(call)] =
        &mut items[..]
    else {
        return Err(internal(&"the template is not an enum, two impls and a macro call"));
    };
    attrs.append(&mut item.attrs);
    item.attrs = attrs;
    if redact {
        replace_derive(&mut item.attrs, &derive_no_debug)?;
    }
    item.ident = name.clone();
    let mut own = Vec::with_capacity(values.len() + 1);
    for (value, variant) in values.iter().zip(&variants) {
        let mut attrs = doc_attrs(&doc_or(value.documentation.as_deref(), || {
            if value.value.is_empty() { "The empty string.".to_owned() } else { code_span_exact(&value.value) }
        }));
        attrs.append(&mut deprecated_attrs(value.deprecated.as_ref())?);
        own.push(syn::Variant { attrs, ident: variant.clone(), fields: syn::Fields::Unit, discriminant: None });
    }
    own.extend(std::mem::take(&mut item.variants));
    item.variants = own.into_iter().collect();
    let self_ty = named_type(&name);
    *inherent.self_ty = self_ty.clone();
    *from.self_ty = self_ty;
    // `VALUES`, then `as_str`: one arm per variant before the template's last.
    let [syn::ImplItem::Const(constant), syn::ImplItem::Fn(as_str)] = &mut inherent.items[..] else {
        return Err(internal(&"the template's impl is not a constant and a function"));
    };
    let syn::Expr::Reference(reference) = &mut constant.expr else {
        return Err(internal(&"the template's constant is no reference"));
    };
    let syn::Expr::Array(array) = &mut *reference.expr else {
        return Err(internal(&"the template's constant is no array"));
    };
    array.elems = values.iter().map(|v| syn::Expr::Lit(syn::ExprLit { attrs: Vec::new(), lit: wire(v) })).collect();
    fill_arms(as_str, values, &variants, |arm, value, variant| {
        let syn::Pat::Path(path) = &mut arm.pat else { return Err(internal(&"an as_str arm matches no path")) };
        set_last_segment(&mut path.path, variant)?;
        *arm.body = syn::Expr::Lit(syn::ExprLit { attrs: Vec::new(), lit: wire(value) });
        Ok(())
    })?;
    let Some(syn::ImplItem::Fn(from_str)) = from.items.first_mut() else {
        return Err(internal(&"the template's From impl has no function"));
    };
    fill_arms(from_str, values, &variants, |arm, value, variant| {
        let syn::Pat::Lit(lit) = &mut arm.pat else { return Err(internal(&"a from arm matches no literal")) };
        lit.lit = wire(value);
        let syn::Expr::Path(path) = &mut *arm.body else { return Err(internal(&"a from arm gives no path")) };
        set_last_segment(&mut path.path, variant)
    })?;
    call.mac.tokens = quote!(#name);
    if redact {
        let support = format_ident!("{}", super::runtime::MODULE);
        let debug = quote! {
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(#support::REDACTED)
                }
            }
        };
        let debug: syn::Item = syn::parse2(debug).map_err(|e| internal(&e))?;
        items.insert(3, debug);
    }
    Ok(items)
}

/// Fills a template function whose body is one `match` of two arms: the first arm, once per
/// variant, by `fill`; the last kept as it is.
fn fill_arms(
    f: &mut syn::ImplItemFn,
    values: &[EnumValue],
    variants: &[proc_macro2::Ident],
    fill: impl Fn(&mut syn::Arm, &EnumValue, &proc_macro2::Ident) -> Result<(), Error>,
) -> Result<(), Error> {
    let Some(syn::Stmt::Expr(syn::Expr::Match(matched), None)) = f.block.stmts.first_mut() else {
        return Err(super::internal("the enum template", "a function is not one match"));
    };
    let [first, last] = &matched.arms[..] else {
        return Err(super::internal("the enum template", "a match has not two arms"));
    };
    let (first, last) = (first.clone(), last.clone());
    let mut arms = Vec::with_capacity(values.len() + 1);
    for (value, variant) in values.iter().zip(variants) {
        let mut arm = first.clone();
        fill(&mut arm, value, variant)?;
        arms.push(arm);
    }
    arms.push(last);
    matched.arms = arms;
    Ok(())
}

/// Renames the last segment of a template's path (`Self::Variant`).
fn set_last_segment(path: &mut syn::Path, ident: &proc_macro2::Ident) -> Result<(), Error> {
    let segment = path.segments.last_mut().ok_or_else(|| super::internal("the enum template", "an empty path"))?;
    segment.ident = ident.clone();
    Ok(())
}

thread_local! {
    /// A string enum's items as templates (see [`emit_string`]), and the derive that replaces
    /// its own for a sensitive enum (whose `Debug` redacts), parsed once per thread (syntax
    /// trees cannot be shared between threads).
    static STRING_ENUM: (Vec<syn::Item>, syn::Attribute) = {
        let unknown = format_ident!("{UNKNOWN_VARIANT}");
        let rt = super::runtime::crate_path();
        let file: syn::File = syn::parse_quote! {
            #[derive(Clone, Debug)]
            #[non_exhaustive]
            pub enum Name {
                /// A value this model does not list, kept as received.
                #unknown(::std::string::String),
            }

            impl Name {
                /// Every value the model lists, in model order.
                pub const VALUES: &'static [&'static str] = &[];

                /// The value as it is on the wire.
                pub fn as_str(&self) -> &str {
                    match self {
                        Self::Variant => "value",
                        Self::#unknown(value) => value,
                    }
                }
            }

            impl ::std::convert::From<&str> for Name {
                fn from(value: &str) -> Self {
                    match value {
                        "value" => Self::Variant,
                        other => Self::#unknown(::std::borrow::ToOwned::to_owned(other)),
                    }
                }
            }

            #rt::string_enum!(Name);
        };
        (file.items, syn::parse_quote!(#[derive(Clone)]))
    };
}

/// An integer enum: variants, `value`, the variant of a number; the runtime's `int_enum!` adds
/// the rest (comparison by number, serde as the number).
pub(super) fn emit_int(cx: &Context, shape: &Shape, values: &[IntEnumValue]) -> TokenStream {
    let name = cx.type_ident(&shape.name);
    let variants: Vec<_> = cx.names.variants(&shape.name).iter().map(|v| v.ident()).collect();
    let numbers: Vec<i32> = values.iter().map(|v| v.value).collect();
    let docs = doc_lines(&enum_docs(shape));
    let deprecated = deprecated_attr(shape.deprecated.as_ref());
    let unknown = format_ident!("{UNKNOWN_VARIANT}");
    let rt = super::runtime::crate_path();
    let variant_items = values.iter().zip(&variants).map(|(value, variant)| {
        let docs = doc_lines(&doc_or(value.documentation.as_deref(), || format!("`{}`", value.value)));
        quote! {
            #docs
            #variant,
        }
    });
    quote! {
        #docs
        #deprecated
        #[derive(Clone, Copy, Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_items)*
            /// A value this model does not list, kept as received.
            #unknown(i32),
        }

        impl #name {
            /// Every value the model lists, in model order.
            pub const VALUES: &'static [i32] = &[#(#numbers),*];

            /// The value as it is on the wire.
            pub fn value(&self) -> i32 {
                match self {
                    #(Self::#variants => #numbers,)*
                    Self::#unknown(value) => *value,
                }
            }
        }

        impl ::std::convert::From<i32> for #name {
            fn from(value: i32) -> Self {
                match value {
                    #(#numbers => Self::#variants,)*
                    other => Self::#unknown(other),
                }
            }
        }

        #rt::int_enum!(#name);
    }
}
