//! Generates S3, DynamoDB and SQS, every operation, from the full botocore models of
//! `proof/models/` (each with its endpoint rule set and paginators beside it) into
//! `OUT_DIR/<service>.rs`.

use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../proof/models");
    for (service, version) in [("s3", "2006-03-01"), ("dynamodb", "2012-08-10"), ("sqs", "2012-11-05")] {
        shapegen::Builder::new()
            .model(models.join(service).join(version).join("service-2.json.gz"))
            .file_name(format!("{service}.rs"))
            .generate()?;
    }
    Ok(())
}
