//! The workspace's integration tests, one module per file of `tests/`, in one test binary:
//! compiled and linked once, the generic code they share (the readers and writers of the same
//! generated types) instantiated once, and run side by side on every core. Two files stay
//! binaries of their own (`responses.rs`, `request_allocations.rs`): each installs a global
//! allocator that measures the whole process.

mod borrowed;
mod build_api;
mod cbor;
mod diff;
mod equivalence;
mod eventbridge;
mod features;
mod guardduty;
mod guardduty_2026;
mod hostile;
mod obstacle_course;
mod operations;
mod query;
mod rest_xml;
mod self_contained;
mod smithy_features;
mod snapshots;
