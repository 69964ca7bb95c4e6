//! Generates GuardDuty (the 2026-04-20 Smithy model) and S3 (the 2025-08-08 Smithy model),
//! each with one operation, for their `endpoint` modules.

use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/smithy");
    shapegen::Builder::new()
        .model(root.join("guardduty-2026-04-20.json.gz"))
        .operation("ListFindings")
        .file_name("guardduty.rs")
        .generate()?;
    shapegen::Builder::new()
        .model(root.join("s3-2025-08-08.json.gz"))
        .operation("GetObject")
        .file_name("s3.rs")
        .generate()?;
    Ok(())
}
