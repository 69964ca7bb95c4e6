//! Prints every finding of a GuardDuty detector: its id, type and severity.
//!
//! ```text
//! cargo run -p guardduty-client --features tls -- <detector-id>
//! ```
//!
//! Configured as the AWS CLI is, as [`Client::from_env`] says: keys and region from the
//! environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`, ...) or the profile
//! of `~/.aws/config` and `~/.aws/credentials`, the endpoint from GuardDuty's endpoint rules or
//! `AWS_ENDPOINT_URL_GUARDDUTY` / `AWS_ENDPOINT_URL`. AWS's endpoints are `https://`,
//! which needs the `tls` feature; without it only an `http://` endpoint can be reached.

use std::process::ExitCode;

use guardduty_client::{Client, all_findings};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(detector_id), None) = (args.next(), args.next()) else {
        eprintln!("usage: guardduty-findings <detector-id>");
        return ExitCode::from(2);
    };
    let client = match Client::from_env() {
        Ok(client) => client,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    match all_findings(&client, &detector_id, None) {
        Ok(findings) => {
            for finding in &findings {
                println!("{}\t{}\t{}", finding.id, finding.r#type, finding.severity);
            }
            eprintln!("{} findings", findings.len());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
