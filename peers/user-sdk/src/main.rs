//! Reads a GetFindings response body from the file named by the first argument and prints
//! how many findings it holds, parsed by the SDK's own response deserializer: the one its
//! client runs, taken from the operation's runtime plugin.

use std::process::ExitCode;

use aws_sdk_guardduty::operation::get_findings::{GetFindings, GetFindingsOutput};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::runtime_plugin::RuntimePlugin;
use aws_smithy_runtime_api::client::ser_de::{DeserializeResponse, SharedResponseDeserializer};
use aws_smithy_runtime_api::http::StatusCode;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::config_bag::ConfigBag;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: user-sdk GET_FINDINGS_BODY.json");
        return ExitCode::FAILURE;
    };
    let body = match std::fs::read(&path) {
        Ok(body) => body,
        Err(err) => {
            eprintln!("{}: {err}", path.display());
            return ExitCode::FAILURE;
        }
    };
    let mut cfg = ConfigBag::base();
    cfg.push_shared_layer(GetFindings::new().config().expect("GetFindings has a config layer"));
    let deserializer = cfg.load::<SharedResponseDeserializer>().expect("GetFindings stores its deserializer");
    let status = StatusCode::try_from(200).expect("200 is a status code");
    let response = HttpResponse::new(status, SdkBody::from(body));
    match deserializer.deserialize_nonstreaming_with_config(&response, &cfg) {
        Ok(output) => {
            let output = output.downcast::<GetFindingsOutput>().expect("GetFindings gives a GetFindingsOutput");
            println!("{}", output.findings().len());
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("{}: {err:?}", path.display());
            ExitCode::FAILURE
        }
    }
}
