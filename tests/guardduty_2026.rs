//! GuardDuty GetFindings as of 2026-04-20, generated from its Smithy model: the types against
//! the wire format, for the API's newer parts (RDS, ECS, EKS, Lambda, runtime monitoring) and
//! for every member of the response.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};
use shapegen_tests::guardduty_2026::{GetFindingsRequest, GetFindingsResponse, OrderBy, SortCriteria};

const FINDINGS: &str = include_str!("fixtures/guardduty-2026-findings.json");
const MODEL: &[u8] = include_bytes!("cases/guardduty-2026/model.json.gz");

#[test]
fn findings_of_the_newer_resources_round_trip() {
    let wire: Value = serde_json::from_str(FINDINGS).unwrap();
    let response: GetFindingsResponse = serde_json::from_value(wire.clone()).unwrap();
    assert_eq!(serde_json::to_value(&response).unwrap(), wire);

    let findings = response.findings.as_deref().unwrap();
    let rds = &findings[0];
    assert_eq!(rds.severity, Some(8.0));
    let resource = rds.resource.as_ref().unwrap();
    let instance = resource.rds_db_instance_details.as_ref().unwrap();
    assert_eq!(instance.engine.as_deref(), Some("aurora-postgresql"));
    let login = rds.service.as_ref().and_then(|s| s.action.as_ref()).and_then(|a| a.rds_login_attempt_action.as_ref());
    let attributes = login.and_then(|l| l.login_attributes.as_deref()).unwrap();
    assert_eq!(attributes[0].failed_login_attempts, Some(212));

    let runtime = &findings[1];
    let resource = runtime.resource.as_ref().unwrap();
    let task = resource.ecs_cluster_details.as_ref().and_then(|c| c.task_details.as_ref()).unwrap();
    assert_eq!(task.task_created_at.unwrap().to_string(), "2026-04-19T21:43:20Z");
    // Fractional epoch seconds are kept exactly.
    assert_eq!(task.started_at.unwrap().to_string(), "2026-04-19T21:43:32.25Z");
    assert_eq!(resource.eks_cluster_details.as_ref().and_then(|e| e.vpc_id.as_deref()), Some("vpc-0a1b2c3d"));
    assert_eq!(resource.lambda_details.as_ref().and_then(|l| l.function_version.as_deref()), Some("$LATEST"));
    let details = runtime.service.as_ref().and_then(|s| s.runtime_details.as_ref()).unwrap();
    let process = details.process.as_ref().unwrap();
    assert_eq!((process.pid, process.user_id), (Some(4242), Some(0)));
    assert_eq!(details.context.as_ref().and_then(|c| c.iana_protocol_number), Some(6));
}

#[test]
fn the_request_keeps_its_label_out_of_the_body() {
    let request = GetFindingsRequest::builder()
        .detector_id("12abc34d567e8fa901bc2d34e56789f0")
        .finding_ids(vec!["b2c3d4e5f6a7b8c9".to_owned()])
        .sort_criteria(SortCriteria::builder().attribute_name("severity").order_by(OrderBy::Desc).build())
        .build();
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({"findingIds": ["b2c3d4e5f6a7b8c9"], "sortCriteria": {"attributeName": "severity", "orderBy": "DESC"}})
    );
    // Every member of an input is optional for clients; the service checks what it requires.
    assert_eq!(GetFindingsRequest::builder().build(), GetFindingsRequest::default());
}

/// A response with every member of every structure the response reaches, made by walking the
/// Smithy model itself (not through shapegen's reader), reads and writes back unchanged.
#[test]
fn a_response_with_every_member_round_trips() {
    let text = shapegen::read::decompress(MODEL).unwrap();
    let model: Value = serde_json::from_slice(&text).unwrap();
    let shapes = model["shapes"].as_object().unwrap();
    let mut sample = Sample { shapes, visited: BTreeSet::new(), stack: Vec::new() };
    let wire = json!({"findings": [sample.value("com.amazonaws.guardduty#Finding", None)]});

    // Every structure the response reaches was filled in: none was cut short by recursion.
    let reachable = reachable(shapes, "com.amazonaws.guardduty#GetFindingsResponse");
    let missing: Vec<&String> =
        reachable.iter().filter(|id| shapes[*id]["type"] == "structure" && !sample.visited.contains(*id)).collect();
    assert!(missing.is_empty() || missing == ["com.amazonaws.guardduty#GetFindingsResponse"], "{missing:?}");

    let response: GetFindingsResponse = serde_json::from_value(wire.clone()).unwrap();
    assert_eq!(serde_json::to_value(&response).unwrap(), wire);
}

/// Sample values for Smithy shapes, as restJson1 puts them on the wire.
struct Sample<'a> {
    shapes: &'a serde_json::Map<String, Value>,
    visited: BTreeSet<String>,
    stack: Vec<String>,
}

impl Sample<'_> {
    fn value(&mut self, id: &str, member_traits: Option<&Value>) -> Value {
        let prelude = id.strip_prefix("smithy.api#").map(|name| json!({"type": name.to_lowercase()}));
        let shape = prelude.as_ref().unwrap_or_else(|| &self.shapes[id]);
        let traits = |key: &str| member_traits.and_then(|t| t.get(key)).or_else(|| shape["traits"].get(key));
        match shape["type"].as_str().unwrap() {
            "structure" => {
                self.visited.insert(id.to_owned());
                self.stack.push(id.to_owned());
                let mut object = serde_json::Map::new();
                for (name, member) in shape["members"].as_object().unwrap() {
                    let target = member["target"].as_str().unwrap();
                    if self.stack.iter().any(|s| s == target) {
                        continue;
                    }
                    let wire = member["traits"]["smithy.api#jsonName"].as_str().unwrap_or(name);
                    let value = self.value(target, member.get("traits"));
                    object.insert(wire.to_owned(), value);
                }
                self.stack.pop();
                Value::Object(object)
            }
            "list" => json!([self.value(shape["member"]["target"].as_str().unwrap(), shape["member"].get("traits"))]),
            "map" => json!({"some-key": self.value(shape["value"]["target"].as_str().unwrap(), None)}),
            // The last value, so that not only the first one is tried.
            "enum" => {
                let (name, last) = shape["members"].as_object().unwrap().iter().next_back().unwrap();
                last["traits"].get("smithy.api#enumValue").cloned().unwrap_or_else(|| json!(name))
            }
            "string" => json!(format!("text of {id}")),
            "boolean" => json!(true),
            "integer" | "long" => json!(42),
            "double" | "float" => json!(0.25),
            "timestamp" => match traits("smithy.api#timestampFormat").and_then(Value::as_str) {
                Some("date-time") => json!("2026-04-20T10:15:30.5Z"),
                Some("http-date") => json!("Mon, 20 Apr 2026 10:15:30 GMT"),
                _ => json!(1776680130.5),
            },
            other => panic!("{id}: no sample for {other}"),
        }
    }
}

/// Every shape reachable from `root` through members.
fn reachable(shapes: &serde_json::Map<String, Value>, root: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut work = vec![root.to_owned()];
    while let Some(id) = work.pop() {
        let Some(shape) = shapes.get(&id) else { continue };
        if !seen.insert(id) {
            continue;
        }
        let members: BTreeMap<&String, &Value> = match shape["members"].as_object() {
            Some(m) if shape["type"] != "enum" => m.iter().collect(),
            _ => BTreeMap::new(),
        };
        let parts = ["member", "key", "value"].into_iter().filter_map(|k| shape.get(k));
        for m in members.into_values().chain(parts) {
            work.push(m["target"].as_str().unwrap().to_owned());
        }
    }
    seen
}
