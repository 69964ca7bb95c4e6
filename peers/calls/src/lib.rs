//! Nothing: the benchmark (`benches/calls.rs`) is what runs.
