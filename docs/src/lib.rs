//! The README and the book in `docs/`, compiled: this crate's documentation is their text, so
//! that `cargo test` runs every Rust example in them as a doc test. Its tests check the rest:
//! `tests/excerpts.rs` that each excerpt of generated code (a `rust,ignore` block) is still in
//! a snapshot of the generated code, and `tests/links.rs` that every link resolves.
//!
//! One module per chapter, in reading order after the README.
#![doc = include_str!("../../README.md")]

#[doc = include_str!("../formats-and-mapping.md")]
pub mod formats_and_mapping {}

#[doc = include_str!("../operations.md")]
pub mod operations {}

#[doc = include_str!("../endpoints.md")]
pub mod endpoints {}

#[doc = include_str!("../client.md")]
pub mod client {}

#[doc = include_str!("../updating.md")]
pub mod updating {}

#[doc = include_str!("../corpus-and-proof.md")]
pub mod corpus_and_proof {}

#[doc = include_str!("../bad-input.md")]
pub mod bad_input {}

#[doc = include_str!("../packaging.md")]
pub mod packaging {}

#[doc = include_str!("../layout.md")]
pub mod layout {}
