//! Slicing: a model cut down to some operations and the shapes they reach, in the model's own
//! format, with everything else about those operations and shapes kept as it was.

use crate::error::Error;
use crate::json::Json;
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
        Format::Smithy => Err(Error::Settings("slicing Smithy models is not supported yet".to_owned())),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
