//! Naming: Rust identifiers for the model's shapes, members and enum values.
//!
//! Every name comes from the model through `heck` (types and variants UpperCamelCase, fields
//! snake_case) and is then made safe: only ASCII letters, digits and `_`; never starting with
//! a digit; keywords escaped (`r#type`, or `self_` where Rust allows no raw form); names that
//! collide after conversion numbered in model order (`ipv4`, `IPV4` → `Ipv4`, `Ipv4_2`). Any
//! string, however hostile, yields a valid identifier, so model text can only ever reach
//! the generated code as an identifier or inside a string literal.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

use crate::model::{Model, ShapeKind};
use crate::select::Selection;

/// A Rust identifier: valid by construction.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RustName {
    text: String,
    raw: bool,
}

impl RustName {
    /// The identifier as written in source, `r#` included.
    pub fn as_source(&self) -> String {
        if self.raw { format!("r#{}", self.text) } else { self.text.clone() }
    }

    /// The identifier without `r#`.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The identifier as a token.
    pub fn ident(&self) -> Ident {
        if self.raw { Ident::new_raw(&self.text, Span::call_site()) } else { Ident::new(&self.text, Span::call_site()) }
    }
}

/// Keywords of every edition, strict and reserved.
const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in",
    "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super",
    "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box",
    "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Spelled-out names for ASCII punctuation, for values such as `*` or `>=` that have no letters.
fn punctuation_word(c: char) -> Option<&'static str> {
    Some(match c {
        '!' => "Exclamation",
        '"' => "Quote",
        '#' => "Hash",
        '$' => "Dollar",
        '%' => "Percent",
        '&' => "Ampersand",
        '\'' => "Apostrophe",
        '(' => "LeftParen",
        ')' => "RightParen",
        '*' => "Asterisk",
        '+' => "Plus",
        ',' => "Comma",
        '-' => "Minus",
        '.' => "Dot",
        '/' => "Slash",
        ':' => "Colon",
        ';' => "Semicolon",
        '<' => "LessThan",
        '=' => "Equals",
        '>' => "GreaterThan",
        '?' => "Question",
        '@' => "At",
        '[' => "LeftBracket",
        '\\' => "Backslash",
        ']' => "RightBracket",
        '^' => "Caret",
        '_' => "Underscore",
        '`' => "Backtick",
        '{' => "LeftBrace",
        '|' => "Pipe",
        '}' => "RightBrace",
        '~' => "Tilde",
        ' ' => "Space",
        _ => return None,
    })
}

/// Prepares model text for `heck`: ASCII letters and digits stay, everything else separates
/// words, and characters outside ASCII become words of their own (`U00E9`).
fn ascii_words(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c.is_ascii() {
            out.push(' ');
        } else {
            out.push_str(&format!(" U{:04X} ", c as u32));
        }
    }
    out
}

/// The same text with every character spelled as a word, for names heck reduces to nothing.
fn spelled(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match punctuation_word(c) {
            Some(word) => out.push_str(word),
            None if c.is_ascii_alphanumeric() => out.push(c),
            None => out.push_str(&format!("U{:04X}", c as u32)),
        }
        out.push(' ');
    }
    out
}

/// An UpperCamelCase identifier for a type or variant named `s` in the model.
pub fn upper_camel(s: &str) -> RustName {
    let mut text = ascii_words(s).to_upper_camel_case();
    if text.is_empty() {
        text = spelled(s).to_upper_camel_case();
    }
    if text.is_empty() {
        text = "Empty".to_owned();
    }
    if text.starts_with(|c: char| c.is_ascii_digit()) {
        text.insert(0, 'N');
    }
    if text == "Self" {
        text.push_str("Value");
    }
    RustName { text, raw: false }
}

/// A snake_case identifier for a field named `s` in the model.
pub fn snake(s: &str) -> RustName {
    let mut text = ascii_words(s).to_snake_case();
    if text.is_empty() {
        text = spelled(s).to_snake_case();
    }
    if text.is_empty() {
        text = "empty".to_owned();
    }
    if text.starts_with(|c: char| c.is_ascii_digit()) {
        text.insert_str(0, "n_");
    }
    if NOT_RAW.contains(&text.as_str()) {
        text.push('_');
        return RustName { text, raw: false };
    }
    let raw = KEYWORDS.contains(&text.as_str());
    RustName { text, raw }
}

/// Hands out names unique within one namespace, numbering later ones in the order asked.
#[derive(Default)]
pub(crate) struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    /// Takes `name` without handing it out: a later claim of it is numbered.
    pub(crate) fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_owned());
    }

    /// `name`, or, when it is taken, `name` numbered (`_2`, `_3`, ... for a `snake` case name).
    pub(crate) fn claim(&mut self, name: RustName, snake: bool) -> RustName {
        if self.taken.insert(name.text.clone()) {
            return name;
        }
        for n in 2u64.. {
            // `Ipv4` → `Ipv4_2`, `Asc` → `Asc2`, `value` → `value_2`: never a lint warning.
            let sep = if name.text.ends_with('_') {
                ""
            } else if snake || name.text.ends_with(|c: char| c.is_ascii_digit()) {
                "_"
            } else {
                ""
            };
            let text = format!("{}{sep}{n}", name.text);
            if self.taken.insert(text.clone()) {
                return RustName { text, raw: false };
            }
        }
        unreachable!("a namespace cannot hold u64::MAX names")
    }
}

/// The name of a union or enum's catch-all variant. The runtime's enum macros
/// (`string_enum!`, `int_enum!`) name it too: generated enums that named it otherwise would
/// not compile.
pub const UNKNOWN_VARIANT: &str = "Unknown";

/// Every Rust name of one generated file.
#[derive(Debug, Clone, Default)]
pub struct Names {
    types: BTreeMap<String, RustName>,
    members: BTreeMap<String, Vec<RustName>>,
    setters: BTreeMap<String, Vec<(RustName, RustName)>>,
    variants: BTreeMap<String, Vec<RustName>>,
    operations: BTreeMap<String, OperationNames>,
}

/// The names of one operation's items in the generated `operations` module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationNames {
    /// The operation's unit struct, such as `GetFindings`.
    pub operation: RustName,
    /// Its error enum, such as `GetFindingsError`.
    pub error: RustName,
    /// The error enum's variants: one per modeled error, in the operation's order, named as
    /// the error's type is.
    pub variants: Vec<RustName>,
    /// The variant for an error the model does not list.
    pub unmodeled: RustName,
    /// The variant for a response that could not be read.
    pub malformed: RustName,
}

impl Names {
    /// Names every selected shape that becomes a type, and its fields or variants.
    pub fn new(model: &Model, selection: &Selection) -> Names {
        let mut names = Names::default();
        let mut types = Namespace::default();
        // Member names repeat across structures (`NextToken`, `Name`, ...): each is cased once.
        let mut snakes: HashMap<String, RustName> = HashMap::new();
        let mut snake_once = |s: &str| match snakes.get(s) {
            Some(name) => name.clone(),
            None => snakes.entry(s.to_owned()).or_insert_with(|| snake(s)).clone(),
        };
        for name in &selection.shapes {
            let Some(shape) = model.shape(name) else { continue };
            match &shape.kind {
                ShapeKind::Structure(members) => {
                    names.types.insert(name.clone(), types.claim(upper_camel(name), false));
                    let mut fields = Namespace::default();
                    let mut methods = Namespace::default();
                    methods.reserve("build");
                    let mut field_names = Vec::with_capacity(members.len());
                    let mut setter_names = Vec::with_capacity(members.len());
                    for m in members {
                        let field = fields.claim(snake_once(&m.name), true);
                        let fluent = methods.claim(field.clone(), true);
                        let set = methods.claim(snake_once(&format!("set_{}", field.text)), true);
                        field_names.push(field);
                        setter_names.push((fluent, set));
                    }
                    names.members.insert(name.clone(), field_names);
                    names.setters.insert(name.clone(), setter_names);
                }
                ShapeKind::Union(members) => {
                    names.types.insert(name.clone(), types.claim(upper_camel(name), false));
                    names.members.insert(name.clone(), variant_names(members.iter().map(|m| m.name.as_str())));
                }
                ShapeKind::Enum(values) => {
                    names.types.insert(name.clone(), types.claim(upper_camel(name), false));
                    names.variants.insert(name.clone(), variant_names(values.iter().map(|v| v.value.as_str())));
                }
                ShapeKind::IntEnum(values) => {
                    names.types.insert(name.clone(), types.claim(upper_camel(name), false));
                    names.variants.insert(name.clone(), variant_names(values.iter().map(|v| v.name.as_str())));
                }
                _ => {}
            }
        }
        // Operations have a module of their own: their names collide with nothing above.
        let mut operations = Namespace::default();
        let chosen: Vec<&crate::model::Operation> =
            model.operations.iter().filter(|op| selection.operations.contains(&op.name)).collect();
        let structs: Vec<RustName> = chosen.iter().map(|op| operations.claim(upper_camel(&op.name), false)).collect();
        for (op, operation) in chosen.into_iter().zip(structs) {
            let error = operations.claim(upper_camel(&format!("{}Error", operation.text)), false);
            let mut variants = Namespace::default();
            let unmodeled = variants.claim(RustName { text: "Unmodeled".to_owned(), raw: false }, false);
            let malformed = variants.claim(RustName { text: "Malformed".to_owned(), raw: false }, false);
            let errors = op
                .errors
                .iter()
                .map(|e| variants.claim(names.types.get(e).cloned().unwrap_or_else(|| upper_camel(e)), false))
                .collect();
            names
                .operations
                .insert(op.name.clone(), OperationNames { operation, error, variants: errors, unmodeled, malformed });
        }
        names
    }

    /// The names of an operation's items, for each selected operation.
    pub fn operation(&self, operation: &str) -> Option<&OperationNames> {
        self.operations.get(operation)
    }

    /// The type a shape becomes, for structures, unions and enums.
    pub fn type_name(&self, shape: &str) -> Option<&RustName> {
        self.types.get(shape)
    }

    /// The builder type of a structure, in the `builders` module.
    pub fn builder_name(&self, shape: &str) -> Option<RustName> {
        self.types.get(shape).map(|t| RustName { text: format!("{}Builder", t.text), raw: false })
    }

    /// Field names of a structure, or variant names of a union, in member order.
    pub fn members(&self, shape: &str) -> &[RustName] {
        self.members.get(shape).map_or(&[], Vec::as_slice)
    }

    /// The field of the error structure `shape` that holds what its response said beside its
    /// members (`shapegen_runtime::response::ErrorContext`): `response`, or `response_`, ...
    /// when a member's field has that name.
    pub fn error_context_field(&self, shape: &str) -> String {
        let taken: Vec<&str> = self.members(shape).iter().map(RustName::text).collect();
        let mut name = String::from("response");
        while taken.contains(&name.as_str()) {
            name.push('_');
        }
        name
    }

    /// Builder method names of a structure's members: (fluent setter, `set_` setter).
    pub fn setters(&self, shape: &str) -> &[(RustName, RustName)] {
        self.setters.get(shape).map_or(&[], Vec::as_slice)
    }

    /// Variant names of an enum, in value order.
    pub fn variants(&self, shape: &str) -> &[RustName] {
        self.variants.get(shape).map_or(&[], Vec::as_slice)
    }
}

fn variant_names<'a>(values: impl Iterator<Item = &'a str>) -> Vec<RustName> {
    let mut ns = Namespace::default();
    ns.reserve(UNKNOWN_VARIANT);
    values
        .map(|v| {
            let mut name = upper_camel(v);
            if name.text == UNKNOWN_VARIANT {
                name.text.push_str("Value");
            }
            ns.claim(name, false)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn variants(values: &[&str]) -> Vec<String> {
        variant_names(values.iter().copied()).into_iter().map(|n| n.as_source()).collect()
    }

    #[test]
    fn fields_are_snake_case() {
        let f = |s: &str| snake(s).as_source();
        assert_eq!(f("ErrorCode"), "error_code");
        assert_eq!(f("IpAddressV4"), "ip_address_v4");
        assert_eq!(f("S3BucketDetails"), "s3_bucket_details");
        assert_eq!(f("AWSAccountId"), "aws_account_id");
        assert_eq!(f("Type"), "r#type");
        assert_eq!(f("Self"), "self_");
        assert_eq!(f("crate"), "crate_");
        assert_eq!(f("Async"), "r#async");
        assert_eq!(f("3DModel"), "n_3d_model");
        assert_eq!(f("*"), "asterisk");
        assert_eq!(f(""), "empty");
        assert_eq!(f("café"), "caf_u00e9");
    }

    #[test]
    fn types_are_upper_camel_case() {
        let t = |s: &str| upper_camel(s).as_source();
        assert_eq!(t("GetFindingsRequest"), "GetFindingsRequest");
        assert_eq!(t("DNSRequestAction"), "DnsRequestAction");
        assert_eq!(t("Self"), "SelfValue");
        assert_eq!(t("r#type"), "RType");
        assert_eq!(t("123"), "N123");
        assert_eq!(t("fn evil() {}"), "FnEvil");
    }

    #[test]
    fn enum_values_become_distinct_variants() {
        assert_eq!(variants(&["ASC", "DESC"]), ["Asc", "Desc"]);
        assert_eq!(variants(&["aws:kms", "AES256"]), ["AwsKms", "Aes256"]);
        assert_eq!(variants(&["t2.micro", "c5.2xlarge"]), ["T2Micro", "C52xlarge"]);
        assert_eq!(variants(&["ipv4", "IPV4", "Ipv4"]), ["Ipv4", "Ipv4_2", "Ipv4_3"]);
        assert_eq!(variants(&["asc", "ASC"]), ["Asc", "Asc2"]);
        assert_eq!(variants(&["Unknown", "UNKNOWN"]), ["UnknownValue", "UnknownValue2"]);
        assert_eq!(
            variants(&["=", "!=", ">=", "*", ""]),
            ["Equals", "ExclamationEquals", "GreaterThanEquals", "Asterisk", "Empty"]
        );
    }

    #[test]
    fn every_string_gives_a_valid_identifier() {
        let hostile = [
            "",
            "_",
            "__",
            "r#type",
            "self",
            "super",
            "Self",
            "*/",
            "\"]",
            "#[",
            "} fn evil() {",
            "include!(",
            "\\",
            "\0",
            "\u{202E}",
            "\n",
            "日本語",
            "🦀",
            "9",
            "_9",
            "a__b",
            "A_",
            "type",
            "gen",
            "union",
            "macro_rules",
        ];
        for s in hostile {
            for name in [snake(s), upper_camel(s)] {
                let source = name.as_source();
                syn::parse_str::<syn::Ident>(&source).unwrap_or_else(|e| panic!("{s:?} → {source:?}: {e}"));
                let _ = name.ident();
            }
        }
    }
}
