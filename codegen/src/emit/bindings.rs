//! How a simple value travels as text outside a JSON body: in a URI label, the query string, a
//! header, or an XML or query body. Operations, and the query and XML writers, share it.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::runtime::crate_path;
use crate::model::{Member, Model, Shape, ShapeKind, TimestampFormat};

/// Where a value travels outside the body: its timestamps' default format depends on it.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Place {
    Label,
    Query,
    Header,
    /// An XML body's element or attribute.
    Body,
}

/// The wire format of a timestamp bound outside the body: the member's or shape's, else
/// HTTP date in headers and date-time in labels and the query string.
pub(super) fn timestamp_format(member: &Member, shape: &Shape, place: Place) -> TokenStream {
    let rt = crate_path();
    let format = Model::modeled_timestamp_format(Some(member), shape).unwrap_or(match place {
        Place::Header => TimestampFormat::HttpDate,
        Place::Label | Place::Query | Place::Body => TimestampFormat::DateTime,
    });
    match format {
        TimestampFormat::EpochSeconds => quote!(#rt::time::Format::EpochSeconds),
        TimestampFormat::DateTime => quote!(#rt::time::Format::DateTime),
        TimestampFormat::HttpDate => quote!(#rt::time::Format::HttpDate),
    }
}

/// An expression of a type that derefs to `&str`: the text of a simple value `value` (a
/// reference) of `shape`, held by `member`, as it travels in `place`.
pub(super) fn text(member: &Member, shape: &Shape, place: Place, value: &TokenStream) -> TokenStream {
    let rt = crate_path();
    match &shape.kind {
        ShapeKind::String if member.json_value && place == Place::Header => {
            quote!(&#rt::request::base64_encode(::std::convert::AsRef::<str>::as_ref(#value).as_bytes()))
        }
        ShapeKind::String => quote!(::std::convert::AsRef::<str>::as_ref(#value)),
        ShapeKind::Enum(_) => quote!(#value.as_str()),
        ShapeKind::IntEnum(_) => quote!(&#value.value().to_string()),
        ShapeKind::Boolean => quote!(if *#value { "true" } else { "false" }),
        ShapeKind::Float => quote!(&#rt::request::fmt_f32(*#value)),
        ShapeKind::Double => quote!(&#rt::request::fmt_f64(*#value)),
        ShapeKind::Blob { .. } => quote!(&#rt::request::base64_encode(#value)),
        ShapeKind::Timestamp => {
            let format = timestamp_format(member, shape, place);
            quote!(&#rt::request::fmt_timestamp(#value, #format))
        }
        // Integers and arbitrary-precision numbers; validation admits nothing else here.
        _ => quote!(&#value.to_string()),
    }
}
