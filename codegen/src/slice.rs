//! Slicing: a model cut down to some operations and the shapes they reach, in the model's own
//! format, with everything else about those operations and shapes kept as it was.
//!
//! A Smithy slice is a valid Smithy JSON AST: the service and the resources that bind the
//! operations (their lists cut to the operations kept), the operations, every shape they reach
//! (mixins, resource identifiers and trait definitions included), and the `apply` statements
//! of the shapes kept.

use std::collections::BTreeSet;

use crate::error::Error;
use crate::json::Json;
use crate::read::smithy::RESOURCE_OPERATION_KEYS;
use crate::read::{Format, Loaded};
use crate::select;

/// The part of a model that `operations` need: those operations, the closure of their
/// inputs, outputs and errors, and the model's metadata and documentation, unchanged and in
/// file order.
pub fn slice(loaded: &Loaded, operations: &[String]) -> Result<Json, Error> {
    if operations.is_empty() {
        return Err(Error::Settings("slice needs at least one operation".to_owned()));
    }
    let selection = select::select(&loaded.model, operations, &[])?;
    match loaded.format {
        Format::Botocore => Ok(slice_botocore(&loaded.document, &selection)),
        Format::Smithy => {
            let service = loaded.service.as_deref().unwrap_or_default();
            let operations: BTreeSet<String> =
                selection.operations.iter().filter_map(|name| loaded.operation_ids.get(name)).cloned().collect();
            Ok(slice_smithy(&loaded.document, service, &operations))
        }
    }
}

/// botocore's paginators (`paginators-1.json`) cut to `operations`.
pub fn slice_paginators(document: &Json, operations: &[String]) -> Json {
    let Json::Object(top) = document else { return document.clone() };
    let entries = top
        .iter()
        .map(|(key, value)| match (key.as_str(), value) {
            ("pagination", Json::Object(ops)) => {
                (key.clone(), Json::Object(ops.iter().filter(|(name, _)| operations.contains(name)).cloned().collect()))
            }
            _ => (key.clone(), value.clone()),
        })
        .collect();
    Json::Object(entries)
}

/// botocore's waiters (`waiters-2.json`) cut to the waiters of `operations`.
pub fn slice_waiters(document: &Json, operations: &[String]) -> Json {
    let Json::Object(top) = document else { return document.clone() };
    let entries = top
        .iter()
        .map(|(key, value)| match (key.as_str(), value) {
            ("waiters", Json::Object(waiters)) => {
                let polls = |waiter: &Json| match waiter {
                    Json::Object(fields) => fields.iter().any(|(k, v)| {
                        k == "operation" && v.as_str().is_some_and(|op| operations.iter().any(|o| o == op))
                    }),
                    _ => false,
                };
                (key.clone(), Json::Object(waiters.iter().filter(|(_, waiter)| polls(waiter)).cloned().collect()))
            }
            _ => (key.clone(), value.clone()),
        })
        .collect();
    Json::Object(entries)
}

fn slice_botocore(document: &Json, selection: &select::Selection) -> Json {
    let Json::Object(top) = document else { return document.clone() };
    let keep = |entries: &[(String, Json)], wanted: &dyn Fn(&str) -> bool| -> Json {
        Json::Object(entries.iter().filter(|(k, _)| wanted(k)).cloned().collect())
    };
    let entries = top
        .iter()
        .map(|(key, value)| {
            let value = match (key.as_str(), value) {
                ("operations", Json::Object(ops)) => keep(ops, &|name| selection.operations.iter().any(|o| o == name)),
                ("shapes", Json::Object(shapes)) => keep(shapes, &|name| selection.shapes.contains(name)),
                _ => value.clone(),
            };
            (key.clone(), value)
        })
        .collect();
    Json::Object(entries)
}

/// The `target`s of a `{"target": id}` reference or a list of them.
fn targets(value: Option<&Json>) -> Vec<&str> {
    match value {
        Some(Json::Array(items)) => items.iter().filter_map(|i| i.get("target")).filter_map(Json::as_str).collect(),
        Some(reference) => reference.get("target").and_then(Json::as_str).into_iter().collect(),
        None => Vec::new(),
    }
}

/// The Smithy shapes `service` needs for `operations`, with the service and resources cut to
/// them.
fn slice_smithy(document: &Json, service: &str, operations: &BTreeSet<String>) -> Json {
    let Json::Object(top) = document else { return document.clone() };
    let Some(Json::Object(shapes)) = document.get("shapes") else { return document.clone() };
    let shape = |id: &str| shapes.iter().rev().find(|(k, _)| k == id).map(|(_, v)| v);

    // Resources that bind a kept operation, directly or through their own resources.
    let mut resources: BTreeSet<String> = BTreeSet::new();
    let mut changed = true;
    while changed {
        changed = false;
        for (id, value) in shapes {
            if value.get("type").and_then(Json::as_str) != Some("resource") || resources.contains(id) {
                continue;
            }
            let binds = RESOURCE_OPERATION_KEYS.iter().flat_map(|k| targets(value.get(k)));
            let mut children = targets(value.get("resources")).into_iter();
            if binds.clone().any(|op| operations.contains(op)) || children.any(|r| resources.contains(r)) {
                resources.insert(id.clone());
                changed = true;
            }
        }
    }

    // The shapes kept, from the service, resources and operations down.
    let mut roots: Vec<String> = vec![service.to_owned()];
    roots.extend(resources.iter().cloned());
    roots.extend(operations.iter().cloned());
    let reached = select::reachable(roots, String::clone, |id, _| -> Result<Vec<String>, std::convert::Infallible> {
        let Some(value) = shape(id) else { return Ok(Vec::new()) };
        let ty = value.get("type").and_then(Json::as_str).unwrap_or_default();
        let mut refs: Vec<&str> = Vec::new();
        match ty {
            "service" => refs.extend(targets(value.get("errors"))),
            "resource" => {
                for key in ["identifiers", "properties"] {
                    if let Some(Json::Object(entries)) = value.get(key) {
                        refs.extend(entries.iter().flat_map(|(_, v)| targets(Some(v))));
                    }
                }
            }
            "operation" => {
                for key in ["input", "output", "errors"] {
                    refs.extend(targets(value.get(key)));
                }
            }
            _ => {
                if let Some(Json::Object(members)) = value.get("members") {
                    refs.extend(members.iter().flat_map(|(_, m)| targets(Some(m))));
                }
                for key in ["member", "key", "value"] {
                    refs.extend(targets(value.get(key)));
                }
            }
        }
        refs.extend(targets(value.get("mixins")));
        // Traits defined in the model itself are shapes too.
        let member_traits = match value.get("members") {
            Some(Json::Object(members)) => members.iter().filter_map(|(_, m)| m.get("traits")).collect(),
            _ => Vec::new(),
        };
        for traits in value.get("traits").into_iter().chain(member_traits) {
            if let Json::Object(entries) = traits {
                refs.extend(entries.iter().map(|(k, _)| k.as_str()).filter(|k| shape(k).is_some()));
            }
        }
        Ok(refs.into_iter().map(str::to_owned).collect())
    });
    let keep: BTreeSet<String> = match reached {
        Ok(ids) => ids.into_iter().filter(|id| shape(id).is_some()).collect(),
        Err(never) => match never {},
    };

    let cut = |value: &Json, keys: &[&str], kept: &dyn Fn(&str) -> bool| -> Json {
        let Json::Object(entries) = value else { return value.clone() };
        let entries = entries
            .iter()
            .filter_map(|(k, v)| {
                if !keys.contains(&k.as_str()) {
                    return Some((k.clone(), v.clone()));
                }
                match v {
                    Json::Array(items) => Some((
                        k.clone(),
                        Json::Array(
                            items
                                .iter()
                                .filter(|i| i.get("target").and_then(Json::as_str).is_some_and(kept))
                                .cloned()
                                .collect(),
                        ),
                    )),
                    Json::Object(rename) if k == "rename" => {
                        Some((k.clone(), Json::Object(rename.iter().filter(|(id, _)| kept(id)).cloned().collect())))
                    }
                    _ => v.get("target").and_then(Json::as_str).filter(|t| kept(t)).map(|_| (k.clone(), v.clone())),
                }
            })
            .collect();
        Json::Object(entries)
    };
    let is_kept = |id: &str| keep.contains(id);
    let kept_shapes: Vec<(String, Json)> = shapes
        .iter()
        .filter_map(|(id, value)| {
            let ty = value.get("type").and_then(Json::as_str).unwrap_or_default();
            let owner = id.split_once('$').map_or(id.as_str(), |(shape, _)| shape);
            match ty {
                "apply" if keep.contains(owner) => Some((id.clone(), value.clone())),
                _ if !keep.contains(id) => None,
                "service" => Some((id.clone(), cut(value, &["operations", "resources", "rename"], &is_kept))),
                "resource" => {
                    let keys = [RESOURCE_OPERATION_KEYS, &["resources"]].concat();
                    Some((id.clone(), cut(value, &keys, &is_kept)))
                }
                _ => Some((id.clone(), value.clone())),
            }
        })
        .collect();
    let entries = top
        .iter()
        .map(|(key, value)| match key.as_str() {
            "shapes" => (key.clone(), Json::Object(kept_shapes.clone())),
            _ => (key.clone(), value.clone()),
        })
        .collect();
    Json::Object(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waiters_are_cut_to_the_operations_they_poll() {
        let document = crate::json::parse(
            r#"{"version": 2, "waiters": {
                "Up": {"operation": "Describe", "delay": 5, "acceptors": []},
                "Gone": {"operation": "Other", "delay": 5, "acceptors": []}}}"#
                .as_bytes(),
        )
        .unwrap();
        let cut = slice_waiters(&document, &["Describe".to_owned()]);
        let Json::Object(top) = &cut else { panic!("not an object") };
        assert_eq!(top[0].0, "version");
        let Json::Object(waiters) = &top[1].1 else { panic!("no waiters") };
        assert_eq!(waiters.iter().map(|(name, _)| name.as_str()).collect::<Vec<_>>(), ["Up"]);
    }

    #[test]
    fn keeps_the_closure_and_everything_else() {
        let text = r#"{
          "version": "2.0",
          "metadata": {"protocol": "rest-json", "serviceFullName": "T"},
          "operations": {
            "A": {"name": "A", "input": {"shape": "AIn"}, "errors": [{"shape": "E"}]},
            "B": {"name": "B", "input": {"shape": "BIn"}}
          },
          "shapes": {
            "AIn": {"type": "structure", "members": {"X": {"shape": "S", "documentation": "<p>x</p>"}}},
            "BIn": {"type": "structure", "members": {}},
            "E": {"type": "structure", "members": {}, "exception": true},
            "S": {"type": "string", "futureKey": 1}
          },
          "documentation": "<p>T</p>"
        }"#;
        let loaded = crate::read::load(text.as_bytes(), None).unwrap();
        let sliced = slice(&loaded, &["A".to_owned()]).unwrap();
        let Json::Object(top) = &sliced else { panic!() };
        assert_eq!(
            top.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(),
            ["version", "metadata", "operations", "shapes", "documentation"]
        );
        let Some(Json::Object(shapes)) = sliced.get("shapes") else { panic!() };
        assert_eq!(shapes.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(), ["AIn", "E", "S"]);
        // Keys the reader does not know survive slicing.
        assert!(sliced.get("shapes").and_then(|s| s.get("S")).and_then(|s| s.get("futureKey")).is_some());
        let Some(Json::Object(ops)) = sliced.get("operations") else { panic!() };
        assert_eq!(ops.len(), 1);
    }

    #[test]
    fn a_smithy_slice_is_a_smithy_model_of_the_operations() {
        let text = r#"{
          "smithy": "2.0",
          "metadata": {"suppressions": []},
          "shapes": {
            "ex#Service": {"type": "service", "version": "1", "operations": [{"target": "ex#A"}, {"target": "ex#B"}],
              "resources": [{"target": "ex#Thing"}, {"target": "ex#Other"}], "errors": [{"target": "ex#Oops"}],
              "rename": {"ex#Gone": "Went", "ex#Name": "Title"}, "traits": {"aws.protocols#restJson1": {}}},
            "ex#Thing": {"type": "resource", "identifiers": {"id": {"target": "ex#Id"}}, "read": {"target": "ex#C"},
              "delete": {"target": "ex#D"}, "operations": [{"target": "ex#C2"}, {"target": "ex#D"}]},
            "ex#Other": {"type": "resource", "read": {"target": "ex#D"}},
            "ex#A": {"type": "operation", "input": {"target": "ex#AIn"}},
            "ex#B": {"type": "operation", "input": {"target": "ex#Gone"}},
            "ex#C": {"type": "operation", "output": {"target": "ex#COut"}},
            "ex#C2": {"type": "operation"},
            "ex#D": {"type": "operation"},
            "ex#AIn": {"type": "structure", "mixins": [{"target": "ex#Base"}], "members": {"N": {"target": "ex#Name", "traits": {"ex#mark": {}}}}},
            "ex#Base": {"type": "structure", "members": {"X": {"target": "smithy.api#String"}}, "traits": {"smithy.api#mixin": {}}},
            "ex#AIn$N": {"type": "apply", "traits": {"smithy.api#documentation": "N."}},
            "ex#Gone$X": {"type": "apply", "traits": {"smithy.api#documentation": "X."}},
            "ex#mark": {"type": "structure", "members": {}, "traits": {"smithy.api#trait": {}}},
            "ex#Name": {"type": "string"},
            "ex#Gone": {"type": "structure", "members": {"X": {"target": "smithy.api#String"}}},
            "ex#COut": {"type": "structure", "members": {}},
            "ex#Id": {"type": "string"},
            "ex#Oops": {"type": "structure", "members": {}, "traits": {"smithy.api#error": "client"}}
          }
        }"#;
        let loaded = crate::read::load(text.as_bytes(), None).unwrap();
        let sliced = slice(&loaded, &["A".to_owned(), "C".to_owned()]).unwrap();
        let Some(Json::Object(shapes)) = sliced.get("shapes") else { panic!() };
        let ids: Vec<&str> = shapes.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            ids,
            [
                "ex#Service",
                "ex#Thing",
                "ex#A",
                "ex#C",
                "ex#AIn",
                "ex#Base",
                "ex#AIn$N",
                "ex#mark",
                "ex#Name",
                "ex#COut",
                "ex#Id",
                "ex#Oops"
            ]
        );
        let service = &shapes[0].1;
        assert_eq!(targets(service.get("operations")), ["ex#A"]);
        assert_eq!(targets(service.get("resources")), ["ex#Thing"]);
        let Some(Json::Object(rename)) = service.get("rename") else { panic!() };
        assert_eq!(rename.len(), 1);
        let thing = &shapes[1].1;
        assert_eq!(targets(thing.get("read")), ["ex#C"]);
        assert!(thing.get("delete").is_none());
        assert_eq!(targets(thing.get("operations")), Vec::<&str>::new());
        // Everything else is kept as it was, and the slice reads as the same API.
        assert!(sliced.get("metadata").is_some());
        let again = crate::read::load(sliced.to_pretty_string().as_bytes(), None).unwrap();
        let ops = ["A".to_owned(), "C".to_owned()];
        let settings = crate::Settings::default();
        assert_eq!(
            crate::generate(&again.model, &[], &[], &settings).unwrap(),
            crate::generate(&loaded.model, &ops, &[], &settings).unwrap()
        );
        assert_eq!(slice(&again, &ops).unwrap(), sliced, "slicing a slice changes nothing");
    }
}
