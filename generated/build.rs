//! Generates the types and operations of the model in `spec/guardduty/` (ListFindings and
//! GetFindings) into `OUT_DIR`.

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default();
    // `spec` links to the workspace's spec/ folder, and is packaged with the crate.
    let model = Path::new(&manifest_dir).join("spec/guardduty/service-2.json");
    match shapegen::Builder::new().model(model).file_name("guardduty.rs").generate() {
        Ok(_) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}
