//! Settings that change the generated code.

/// How generated types read a response that lacks a member the model marks required.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum RequiredMembers {
    /// The member takes its zero value (empty string, 0, empty list, ...), as Smithy's client
    /// error correction prescribes: AWS services do omit required members, and a response
    /// should not fail for it. `null` reads the same as absent.
    #[default]
    Lenient,
    /// A missing required member is a deserialization error.
    Strict,
}

/// How generated types hold the model's strings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Strings {
    /// `String`: every value owns its text; types are `'static` and read from any source.
    #[default]
    Owned,
    /// `Cow<'a, str>`: a value read with `json::from_slice` or `json::from_str` borrows each
    /// string from the body when it has no escapes, and copies only those that do. Types that
    /// hold a string (directly or through their members) take a lifetime, `Finding<'a>`, and
    /// cannot outlive the body; builders take `&'a str` or `String` alike.
    Borrowed,
}

/// Whether structures get builders.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Builders {
    /// Each structure has a builder in the `builders` module, and `Struct::builder()`.
    #[default]
    Generated,
    /// No builders: a crate that only reads responses, or builds values from `Default` and
    /// field assignments, compiles about a quarter faster and in less memory.
    Omitted,
}

/// Settings that change the generated code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// How a missing required member is read.
    pub required: RequiredMembers,
    /// How strings are held.
    pub strings: Strings,
    /// Whether structures get builders.
    pub builders: Builders,
}
