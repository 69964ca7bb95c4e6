//! Generates the types of every GuardDuty operation, from the 2026-04-20 Smithy model in
//! `tests/fixtures/smithy/`, into `OUT_DIR`.

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default();
    let model = Path::new(&manifest_dir).join("../../tests/fixtures/smithy/guardduty-2026-04-20.json.gz");
    // No `.operation(..)`: every operation of the model. Without the `builders` feature, no
    // builders, as a crate that only reads responses may choose.
    let builders = if std::env::var_os("CARGO_FEATURE_BUILDERS").is_some() {
        shapegen::Builders::Requests
    } else {
        shapegen::Builders::Omitted
    };
    match shapegen::Builder::new().model(model).file_name("guardduty.rs").builders(builders).generate() {
        Ok(_) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}
