//! Reads GuardDuty findings as EventBridge delivers them, and prints one line per finding.
//!
//! ```text
//! cargo run -p guardduty-types --example eventbridge [EVENTS.json]
//! ```
//!
//! The file holds one EventBridge event, or several one after another (as an archive or a
//! Firehose delivery writes them); without an argument, the sample event in
//! `tests/fixtures/eventbridge/` is read.
//!
//! An event is an envelope around a `detail` whose shape depends on `source` and `detail-type`:
//! for `aws.guardduty` and "GuardDuty Finding" it is a finding, the same `Finding` that
//! GetFindings returns. Timestamps inside it may come in another format than the model's (a
//! bucket's `createdAt` as an ISO 8601 string or a numeric string where the model says epoch
//! seconds); the generated types read any of them.

use std::error::Error;
use std::process::ExitCode;

use guardduty_types::Finding;
use serde::Deserialize;
use serde::de::IgnoredAny;

/// The sample event, used when no file is given.
const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/eventbridge/guardduty-finding.json");

/// The EventBridge envelope: the members every event has, around a `detail` of type `D`
/// (a [`Finding`] for GuardDuty's findings). Members left out here (`version`, `account`,
/// `region`, `resources`) are skipped when read.
#[derive(Deserialize)]
struct Event<D> {
    /// The event's own id, given by EventBridge (not the finding's id).
    id: String,
    /// What kind of event: "GuardDuty Finding" for findings.
    #[serde(rename = "detail-type")]
    detail_type: String,
    /// Who sent it: "aws.guardduty" for GuardDuty.
    source: String,
    /// When EventBridge received it, as an RFC 3339 string.
    time: String,
    /// What happened: for GuardDuty, the finding itself.
    detail: D,
}

fn main() -> ExitCode {
    let path = std::env::args().nth(1).unwrap_or_else(|| SAMPLE.to_owned());
    match run(&path) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {path}: {err}");
            ExitCode::FAILURE
        }
    }
}

fn run(path: &str) -> Result<(), Box<dyn Error>> {
    let body = std::fs::read(path)?;
    // Find where each event ends without reading it yet (`IgnoredAny` only checks the syntax),
    // then read each one on its own with `guardduty_types::json::from_slice`, whose errors say
    // where the offending value is: `detail.resource.s3BucketDetails[0].createdAt: ...`.
    let mut events = serde_json::Deserializer::from_slice(&body).into_iter::<IgnoredAny>();
    let mut start = 0;
    while let Some(next) = events.next() {
        next?;
        let end = events.byte_offset();
        let text = &body[start..end];
        start = end;
        // Other events can share the bus, and their `detail` is no finding: look at the
        // envelope first, skipping the detail.
        let envelope: Event<IgnoredAny> = guardduty_types::json::from_slice(text)?;
        if envelope.source != "aws.guardduty" || envelope.detail_type != "GuardDuty Finding" {
            continue;
        }
        let event: Event<Finding> = guardduty_types::json::from_slice(text)?;
        println!("{}", summary(&event));
    }
    Ok(())
}

/// One line: when, the finding's type and severity, and the resource it is about.
fn summary(event: &Event<Finding>) -> String {
    let finding = &event.detail;
    let resource = &finding.resource;
    let mut line = format!(
        "{} {} severity {} ({}) on {}",
        event.time,
        finding.r#type,
        finding.severity,
        severity_label(finding.severity),
        resource.resource_type.as_deref().unwrap_or("unknown resource"),
    );
    // An S3 finding names its buckets; `created_at` is a `jiff::Timestamp`, which displays as
    // RFC 3339 in UTC whatever format it was sent in.
    for bucket in resource.s3_bucket_details.iter().flatten() {
        line.push_str(&format!(" bucket {}", bucket.name.as_deref().unwrap_or("?")));
        if let Some(created) = bucket.created_at {
            line.push_str(&format!(" (created {created})"));
        }
    }
    if let Some(instance) = resource.instance_details.as_ref().and_then(|i| i.instance_id.as_deref()) {
        line.push_str(&format!(" instance {instance}"));
    }
    if let Some(key) = resource.access_key_details.as_ref() {
        let user = key.user_name.as_deref().unwrap_or("?");
        line.push_str(&format!(" by {user} ({})", key.access_key_id.as_deref().unwrap_or("no key id")));
    }
    // The API call behind the finding, when there is one.
    let call = finding.service.as_ref().and_then(|s| s.action.as_ref()).and_then(|a| a.aws_api_call_action.as_ref());
    if let Some(call) = call {
        line.push_str(&format!(" calling {}", call.api.as_deref().unwrap_or("?")));
        if let Some(ip) = call.remote_ip_details.as_ref().and_then(|r| r.ip_address_v4.as_deref()) {
            line.push_str(&format!(" from {ip}"));
        }
        if let Some(code) = call.error_code.as_deref() {
            line.push_str(&format!(" ({code})"));
        }
    }
    line.push_str(&format!(" [finding {}, event {}]", finding.id, event.id));
    line
}

/// GuardDuty's names for its severity ranges.
fn severity_label(severity: f64) -> &'static str {
    match severity {
        s if s >= 7.0 => "High",
        s if s >= 4.0 => "Medium",
        _ => "Low",
    }
}
