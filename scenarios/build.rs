//! Generates each service of `models/` (a folder per service: its botocore model, sliced to
//! the operations the scenarios call, with its paginators and endpoint rule set beside it)
//! into `OUT_DIR/<service>.rs`, and each Smithy model of `models/smithy/` (sliced likewise;
//! the rule set is a trait of the service) into `OUT_DIR/smithy_<service>.rs`; `src/lib.rs`
//! includes each as the module of that name.

use std::path::PathBuf;
use std::process::ExitCode;

/// The services, by folder; each becomes the module of the same name.
const SERVICES: &[&str] = &["bedrock_runtime", "dynamodb", "ec2", "guardduty", "iam", "kms", "s3", "sns", "sqs", "sts"];

/// The Smithy models, by file name without `.json.gz`.
const SMITHY: &[&str] = &["bedrock_runtime", "dynamodb", "kinesis", "s3", "sqs", "sts"];

fn main() -> ExitCode {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let botocore = SERVICES
        .iter()
        .map(|service| (root.join("models").join(service).join("service-2.json.gz"), format!("{service}.rs")));
    let smithy = SMITHY
        .iter()
        .map(|service| (root.join("models/smithy").join(format!("{service}.json.gz")), format!("smithy_{service}.rs")));
    for (model, file) in botocore.chain(smithy) {
        if let Err(error) = shapegen::Builder::new().model(&model).file_name(file).generate() {
            eprintln!("error: {}: {error}", model.display());
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
