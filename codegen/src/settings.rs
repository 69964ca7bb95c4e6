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

/// Which structures get builders.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Builders {
    /// The structures a request can carry have a builder in the `builders` module, and
    /// `Struct::builder()`: what the operations' inputs reach. A structure that only responses
    /// carry (what outputs and errors reach, and no input) is read, not built, and has none;
    /// make one from `Default` and field assignments, or read it from a body. A structure
    /// that no chosen operation carries (one chosen by name) has one.
    #[default]
    Requests,
    /// Every structure has a builder, responses' too (values for tests, say). That costs most
    /// where responses hold most of the structures: all of GuardDuty compiles in 534 MB this
    /// way, 438–449 MB with builders for requests, 410 MB without builders.
    All,
    /// No builders: a crate that only reads responses, or builds values from `Default` and
    /// field assignments, compiles faster and in less memory.
    Omitted,
}

/// Whether operations get their HTTP half: request building and response reading.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Operations {
    /// Each operation of a JSON protocol (`rest-json`, `json`), a query protocol (`query`,
    /// `ec2`) or `rest-xml` gets a unit struct in the `operations` module, with `request` (an
    /// `http::Request` built from the input) and `response` (the output, or the operation's
    /// error enum, read from an `http::Response`),
    /// and paging where the model pages. The generated code then uses `shapegen-runtime`'s
    /// request and response support.
    #[default]
    Generated,
    /// Types only: no `operations` module.
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
    /// Whether operations get request building and response reading.
    pub operations: Operations,
}
