//! Writes the benchmarks' GetFindings body (`benches/common.rs`) to standard output, for the
//! user crates: `cargo run -p peers-parse --example body > body.json`.

use std::io::Write;

#[path = "../../../benches/common.rs"]
mod common;

fn main() -> std::io::Result<()> {
    std::io::stdout().write_all(&common::current_body())
}
