//! AWS's protocol compliance suites, run against the code shapegen generates.
//!
//! The build script turns each suite of `suites/` into a botocore model, has shapegen
//! generate it into a module of this crate, and writes one function per case: it builds the
//! case's input and calls the generated `operations::<Op>::request`, or builds the case's
//! response and calls `operations::<Op>::response`, and says why the outcome is not the one
//! the case expects. [`CASES`] lists them; `tests/compliance.rs` runs them all and prints the
//! report.

pub mod check;

include!(concat!(env!("OUT_DIR"), "/modules.rs"));

/// The case functions and registries the build script wrote. Values are built as a test
/// builds them: from `Default`, field by field.
#[allow(clippy::field_reassign_with_default, clippy::all)]
mod cases {
    include!(concat!(env!("OUT_DIR"), "/cases.rs"));
}

pub use cases::{CASES, MODELS, VALUE_ERRORS, VALUES};

/// One case of a suite.
#[derive(Debug)]
pub struct Case {
    /// The suite file, such as `input/rest-json.json`.
    pub file: &'static str,
    /// The suite's index in its file.
    pub suite: usize,
    /// The suite's description (botocore's ignore list names some suites by it).
    pub suite_description: &'static str,
    /// The case id: the Smithy test id.
    pub id: &'static str,
    /// What the case tests.
    pub description: &'static str,
    /// botocore's ignore list skips the case.
    pub ignored: bool,
    /// The module the case's generated code is in.
    pub module: &'static str,
    /// Runs the case: why it failed, if it did.
    pub run: fn() -> Result<(), String>,
}

/// One model the suites gave shapegen: a suite, or part of one.
#[derive(Debug)]
pub struct Model {
    /// The module its generated code is in (or would be).
    pub module: &'static str,
    /// The suite file.
    pub file: &'static str,
    /// The suite's index in its file.
    pub suite: usize,
    /// What became of it.
    pub status: ModelStatus,
    /// What shapegen's reader read past.
    pub warnings: &'static [&'static str],
}

/// What became of a model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelStatus {
    /// Generated, with an `operations` module.
    Generated,
    /// Generated, but without an `operations` module: its cases cannot run.
    NoOperations,
    /// Left out of the build by `PROTOCOL_TESTS_SKIP`.
    Skipped,
    /// shapegen rejected it, for this reason.
    Rejected(&'static str),
}

/// The value of a case, built on its own: proves the expression the build script wrote for
/// it has the generated type.
#[derive(Debug)]
pub struct ValueCheck {
    /// The suite file.
    pub file: &'static str,
    /// The case id.
    pub id: &'static str,
    /// `params`, `result` or `error`.
    pub which: &'static str,
    /// Builds the value and prints it with `Debug`.
    pub build: fn() -> String,
}

/// A value of a case no expression could be built for.
#[derive(Debug)]
pub struct ValueError {
    /// The suite file.
    pub file: &'static str,
    /// The case id.
    pub id: &'static str,
    /// `params`, `result`, `error`, or what else was wrong (`case`, `model`).
    pub which: &'static str,
    /// Why.
    pub reason: &'static str,
}
