//! Prints every finding of a GuardDuty detector: its id, type and severity.
//!
//! ```text
//! cargo run -p shapegen-client --features tls --example guardduty-findings -- <detector-id>
//! ```
//!
//! Configured as the AWS CLI is ([`Client::from_env`]): keys and region from the environment
//! (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`, ...) or the profile of
//! `~/.aws/config` and `~/.aws/credentials`, the endpoint from GuardDuty's endpoint rules or
//! `AWS_ENDPOINT_URL_GUARDDUTY` / `AWS_ENDPOINT_URL`. AWS's endpoints are `https://`, which
//! needs the `tls` feature; without it only an `http://` endpoint can be reached.

use std::process::ExitCode;

use guardduty_types::operations::{GetFindings, ListFindings};
use guardduty_types::{GetFindingsRequest, ListFindingsRequest};
use shapegen_client::Client;

/// The most finding ids one `GetFindings` request may carry.
const BATCH: usize = 50;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(detector_id), None) = (args.next(), args.next()) else {
        eprintln!("usage: guardduty-findings <detector-id>");
        return ExitCode::from(2);
    };
    match run(&detector_id) {
        Ok(count) => {
            eprintln!("{count} findings");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Pages `ListFindings` into `GetFindings`, a batch at a time; returns how many it printed.
fn run(detector_id: &str) -> Result<usize, Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    let input = ListFindingsRequest::builder().detector_id(detector_id).build()?;
    let ids = client.items::<ListFindings>(input).collect::<Result<Vec<_>, _>>()?;
    for batch in ids.chunks(BATCH) {
        let input = GetFindingsRequest::builder().detector_id(detector_id).finding_ids(batch.to_vec()).build()?;
        for finding in client.send::<GetFindings>(&input)?.findings {
            println!("{}\t{}\t{}", finding.id, finding.r#type, finding.severity);
        }
    }
    Ok(ids.len())
}
