//! Generates each service of `models/` (a folder per service: its model, sliced to the
//! operations the scenarios call, with its paginators and endpoint rule set beside it) into
//! `OUT_DIR/<service>.rs`, which `src/lib.rs` includes as the module of that name.

use std::path::PathBuf;
use std::process::ExitCode;

/// The services, by folder; each becomes the module of the same name.
const SERVICES: &[&str] = &["dynamodb", "ec2", "guardduty", "iam", "kms", "s3", "sns", "sqs", "sts"];

fn main() -> ExitCode {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    for service in SERVICES {
        let model = root.join("models").join(service).join("service-2.json.gz");
        let generated = shapegen::Builder::new().model(&model).file_name(format!("{service}.rs")).generate();
        if let Err(error) = generated {
            eprintln!("error: {}: {error}", model.display());
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
