//! Reads a GetFindings response body from the file named by the first argument and prints
//! how many findings it holds.

use std::process::ExitCode;

use guardduty_types_full::GetFindingsResponse;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: user-shapegen GET_FINDINGS_BODY.json");
        return ExitCode::FAILURE;
    };
    let body = match std::fs::read(&path) {
        Ok(body) => body,
        Err(err) => {
            eprintln!("{}: {err}", path.display());
            return ExitCode::FAILURE;
        }
    };
    match guardduty_types_full::json::from_slice::<GetFindingsResponse>(&body) {
        Ok(response) => {
            println!("{}", response.findings.map_or(0, |findings| findings.len()));
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("{}: {err}", path.display());
            ExitCode::FAILURE
        }
    }
}
