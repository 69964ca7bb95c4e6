//! The benchmark is `benches/parse.rs`; this library is empty.
