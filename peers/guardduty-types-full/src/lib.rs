//! Rust types for every operation of Amazon GuardDuty, generated at build time by shapegen
//! from the 2026-04-20 Smithy model.

include!(concat!(env!("OUT_DIR"), "/guardduty.rs"));
