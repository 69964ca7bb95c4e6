//! The build script's conversion of epoch seconds, from their decimal text, to seconds and
//! nanoseconds.

#[path = "../build/decimal.rs"]
mod decimal;
