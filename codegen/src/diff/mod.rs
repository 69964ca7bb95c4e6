//! Comparing two versions of an API: the change log a reviewer reads, and what the change
//! means for the generated crate's semver.
//!
//! The change log follows the published AWS change logs: per operation (in the new model's
//! order) `Name (new)`, `Name (deleted)` or `Name (updated)`, and for an update the members
//! added to its request and response, as a Python-literal dict nested along the path from the
//! operation's input or output (lists and maps walked through), each added member shown by
//! its value skeleton in boto3's documentation style:
//!
//! ```text
//! Amazon GuardDuty - 1 updated api methods
//!
//! GetFindings (updated)
//! Changes (response)
//! {'Findings': {'Service': {'Action': {'AwsApiCallAction': {'ErrorCode': 'string'}}}}}
//! ```
//!
//! Every change, additions included, is then classified: does it break code that uses the
//! generated crate, and why. Documentation-only changes are not API changes.
//!
//! Both models go through the format-neutral [`Model`], so any two formats compare.

mod changelog;
mod semver;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::Serialize;

pub use changelog::{Node, OperationChange, Status, Tree};
use semver::deprecated_change;
pub use semver::{Change, ChangeKind};

use crate::docs;
use crate::error::Error;
use crate::json::quote_for_message;
use crate::model::{Member, Model, Shape, ShapeKind};
use crate::select;

/// The differences between two versions of one API.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diff {
    /// The service's name, from the new model.
    pub service: String,
    /// Operations added, deleted, or with members added: new model's order, then deleted
    /// operations in the old model's order.
    pub operations: Vec<OperationChange>,
    /// Every change, classified for the generated crate's semver.
    pub changes: Vec<Change>,
}

/// Compares two models of one API.
///
/// Errors, with nothing else returned, when the models are of different services, or when an
/// operation's input or output became an unrelated shape (a member-by-member comparison of
/// unrelated structures would be noise, not a change log).
pub fn diff(old: &Model, new: &Model) -> Result<Diff, Error> {
    check_same_service(old, new)?;
    let old_sel = select::select(old, &[], &[])?;
    let new_sel = select::select(new, &[], &[])?;
    let renames = renames(old, new, &old_sel.shapes, &new_sel.shapes);
    let cx = Cx { old, new, renames: &renames, old_sel: &old_sel, new_sel: &new_sel };
    let input_side = select::request_side(new, &new.operations);

    let mut operations = Vec::new();
    let mut changes = Vec::new();
    for op in &new.operations {
        let Some(old_op) = old.operation(&op.name) else {
            operations.push(OperationChange {
                name: op.name.clone(),
                status: Status::New,
                request: None,
                response: None,
            });
            changes.push(Change {
                breaking: false,
                kind: ChangeKind::OperationAdded,
                place: op.name.clone(),
                detail: "operation added".to_owned(),
                reason: "new types only".to_owned(),
            });
            continue;
        };
        let request = cx.side(&op.name, "input", old_op.input.as_deref(), op.input.as_deref())?;
        let response = cx.side(&op.name, "output", old_op.output.as_deref(), op.output.as_deref())?;
        if request.is_some() || response.is_some() {
            operations.push(OperationChange { name: op.name.clone(), status: Status::Updated, request, response });
        }
        let binding = |h: &Option<crate::model::HttpBinding>| {
            h.as_ref().map(|h| (h.method.clone(), h.uri.clone(), h.response_code))
        };
        if binding(&old_op.http) != binding(&op.http) {
            let show = |h: &Option<crate::model::HttpBinding>| match h {
                Some(h) => format!("{} {}", h.method, h.uri),
                None => "none".to_owned(),
            };
            changes.push(Change {
                breaking: false,
                kind: ChangeKind::OperationHttpChanged,
                place: op.name.clone(),
                detail: format!("{} → {}", show(&old_op.http), show(&op.http)),
                reason: "the types do not change; requests go elsewhere".to_owned(),
            });
        }
        if old_op.deprecated.is_none() && op.deprecated.is_some() {
            changes.push(deprecated_change(&op.name, "operation"));
        }
    }
    for op in &old.operations {
        if new.operation(&op.name).is_none() {
            operations.push(OperationChange {
                name: op.name.clone(),
                status: Status::Deleted,
                request: None,
                response: None,
            });
            changes.push(Change {
                breaking: true,
                kind: ChangeKind::OperationRemoved,
                place: op.name.clone(),
                detail: "operation removed".to_owned(),
                reason: "the API no longer has it; types only it used are removed".to_owned(),
            });
        }
    }

    // Shapes that are types in Rust: structures, unions, enums.
    let is_type = |s: &Shape| {
        matches!(s.kind, ShapeKind::Structure(_) | ShapeKind::Union(_) | ShapeKind::Enum(_) | ShapeKind::IntEnum(_))
    };
    let renamed_new: BTreeSet<&str> = renames.values().map(String::as_str).collect();
    for name in &old_sel.shapes {
        let Some(old_shape) = old.shape(name) else { continue };
        if let Some(to) = renames.get(name) {
            changes.push(Change {
                breaking: true,
                kind: ChangeKind::ShapeRenamed,
                place: name.clone(),
                detail: format!("renamed to {to}"),
                reason: "the type's name changes".to_owned(),
            });
            if let Some(new_shape) = new.shape(to) {
                cx.compare_shape(old_shape, new_shape, &input_side, &mut changes);
            }
            continue;
        }
        match new.shape(name).filter(|_| new_sel.shapes.contains(name)) {
            Some(new_shape) => cx.compare_shape(old_shape, new_shape, &input_side, &mut changes),
            None if is_type(old_shape) => changes.push(Change {
                breaking: true,
                kind: ChangeKind::ShapeRemoved,
                place: name.clone(),
                detail: format!("{} removed", old_shape.kind.name()),
                reason: "the type is no longer generated".to_owned(),
            }),
            None => {}
        }
    }
    for name in &new_sel.shapes {
        let Some(shape) = new.shape(name) else { continue };
        if is_type(shape) && !old_sel.shapes.contains(name) && !renamed_new.contains(name.as_str()) {
            changes.push(Change {
                breaking: false,
                kind: ChangeKind::ShapeAdded,
                place: name.clone(),
                detail: format!("{} added", shape.kind.name()),
                reason: "a new type".to_owned(),
            });
        }
    }
    // Breaking first; then by place, kind and detail: stable whatever the traversal order.
    changes.sort_by(|a, b| (!a.breaking, &a.place, a.kind, &a.detail).cmp(&(!b.breaking, &b.place, b.kind, &b.detail)));
    Ok(Diff { service: new.service.title.clone(), operations, changes })
}

fn check_same_service(old: &Model, new: &Model) -> Result<(), Error> {
    let id = |m: &Model| {
        m.service
            .sdk_id
            .clone()
            .or_else(|| m.service.endpoint_prefix.clone())
            .unwrap_or_else(|| m.service.title.clone())
            .to_ascii_lowercase()
            .replace([' ', '-', '_'], "")
    };
    if id(old) != id(new) {
        return Err(Error::Settings(format!(
            "the models are of different services ({} and {}): a diff compares two versions of one API",
            quote_for_message(&old.service.title),
            quote_for_message(&new.service.title)
        )));
    }
    Ok(())
}

/// Removed shapes whose definition reappears, unchanged, under a new name.
fn renames(
    old: &Model,
    new: &Model,
    old_set: &BTreeSet<String>,
    new_set: &BTreeSet<String>,
) -> BTreeMap<String, String> {
    let removed: Vec<&Shape> = old_set.iter().filter(|n| !new_set.contains(*n)).filter_map(|n| old.shape(n)).collect();
    let added: Vec<&Shape> = new_set.iter().filter(|n| !old_set.contains(*n)).filter_map(|n| new.shape(n)).collect();
    let mut taken = BTreeSet::new();
    let mut out = BTreeMap::new();
    for old_shape in removed {
        if matches!(old_shape.kind.members().len(), 0) && !matches!(old_shape.kind, ShapeKind::Enum(_)) {
            // Empty structures and primitives all look alike; a rename needs a definition.
            continue;
        }
        if let Some(new_shape) =
            added.iter().find(|s| !taken.contains(s.name.as_str()) && same_definition(old_shape, s))
        {
            taken.insert(new_shape.name.as_str());
            out.insert(old_shape.name.clone(), new_shape.name.clone());
        }
    }
    out
}

fn same_definition(a: &Shape, b: &Shape) -> bool {
    let members = |m: &[Member]| -> Vec<(String, String, bool)> {
        m.iter().map(|m| (m.name.clone(), m.target.clone(), m.required)).collect()
    };
    match (&a.kind, &b.kind) {
        (ShapeKind::Structure(x), ShapeKind::Structure(y)) | (ShapeKind::Union(x), ShapeKind::Union(y)) => {
            members(x) == members(y)
        }
        (ShapeKind::Enum(x), ShapeKind::Enum(y)) => {
            x.iter().map(|v| &v.value).collect::<Vec<_>>() == y.iter().map(|v| &v.value).collect::<Vec<_>>()
        }
        _ => false,
    }
}

struct Cx<'a> {
    old: &'a Model,
    new: &'a Model,
    renames: &'a BTreeMap<String, String>,
    old_sel: &'a select::Selection,
    new_sel: &'a select::Selection,
}

impl Diff {
    /// True when some change breaks code that uses the generated crate.
    pub fn has_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.breaking)
    }

    /// The change log's header: `Amazon GuardDuty - 1 new 2 updated api methods`.
    pub fn header(&self) -> String {
        let count = |s: Status| self.operations.iter().filter(|o| o.status == s).count();
        let parts: Vec<String> =
            [(count(Status::New), "new"), (count(Status::Updated), "updated"), (count(Status::Deleted), "deleted")]
                .into_iter()
                .filter(|(n, _)| *n > 0)
                .map(|(n, what)| format!("{n} {what}"))
                .collect();
        if parts.is_empty() {
            format!("{} - no api method changes", self.service)
        } else {
            format!("{} - {} api methods", self.service, parts.join(" "))
        }
    }

    /// The change log and the classified changes, as text.
    pub fn to_text(&self) -> String {
        let mut out = self.header();
        out.push('\n');
        for op in &self.operations {
            out.push('\n');
            let status = match op.status {
                Status::New => "new",
                Status::Deleted => "deleted",
                Status::Updated => "updated",
            };
            let _ = writeln!(out, "{} ({status})", op.name);
            if let Some(tree) = &op.request {
                let _ = writeln!(out, "Changes (request)\n{}", tree.to_python());
            }
            if let Some(tree) = &op.response {
                let _ = writeln!(out, "Changes (response)\n{}", tree.to_python());
            }
        }
        out.push_str("\nChanges for the generated crate\n");
        for (title, breaking) in [("Breaking", true), ("Not breaking", false)] {
            let lines: Vec<&Change> = self.changes.iter().filter(|c| c.breaking == breaking).collect();
            if lines.is_empty() {
                let _ = writeln!(out, "{title}: none");
                continue;
            }
            let _ = writeln!(out, "{title}:");
            for c in lines {
                let _ = writeln!(out, "- {}: {}; {}", c.place, c.detail, c.reason);
            }
        }
        out
    }

    /// The verdict, the change log and the classified changes, as Markdown for a pull request
    /// comment: long parts fold into `<details>` sections. Every string from the models is
    /// escaped (inside code spans or fences longer than any run of backticks in it), so a model
    /// cannot inject markup into the comment.
    pub fn to_markdown(&self) -> String {
        let breaking = self.changes.iter().filter(|c| c.breaking).count();
        let mut out = String::new();
        let verdict = match breaking {
            0 => "No breaking changes".to_owned(),
            1 => "⚠️ 1 breaking change".to_owned(),
            n => format!("⚠️ {n} breaking changes"),
        };
        let _ = writeln!(out, "### {verdict}\n\n{}\n", docs::escape(&self.header()));

        let mut log = String::new();
        for op in &self.operations {
            let status = match op.status {
                Status::New => "new",
                Status::Deleted => "deleted",
                Status::Updated => "updated",
            };
            let _ = writeln!(log, "- {} ({status})", docs::code_span_exact(&op.name));
            for (side, tree) in [("request", &op.request), ("response", &op.response)] {
                if let Some(tree) = tree {
                    let python = tree.to_python();
                    let fence = "`".repeat(longest_backtick_run(&python).max(2) + 1);
                    let _ = writeln!(log, "\n  Changes ({side})\n\n  {fence}python\n  {python}\n  {fence}\n");
                }
            }
        }
        if !log.is_empty() {
            let count = self.operations.len();
            let title = format!("Change log ({count} operation{})", if count == 1 { "" } else { "s" });
            fold(&mut out, &title, &log, LONG_LINES);
        }

        for (title, is_breaking) in [("Breaking", true), ("Not breaking", false)] {
            let lines: Vec<String> = self
                .changes
                .iter()
                .filter(|c| c.breaking == is_breaking)
                .map(|c| {
                    format!(
                        "- {}: {}; {}\n",
                        docs::code_span_exact(&c.place),
                        docs::escape(&c.detail),
                        docs::escape(&c.reason)
                    )
                })
                .collect();
            if lines.is_empty() {
                let _ = writeln!(out, "**{title}:** none\n");
                continue;
            }
            // Breaking changes are always shown; the rest fold when there are many.
            let limit = if is_breaking { usize::MAX } else { LONG_LINES };
            fold(&mut out, &format!("{title} ({})", lines.len()), &lines.concat(), limit);
        }
        out
    }
}

/// Parts of a Markdown report longer than this many lines fold into `<details>`.
const LONG_LINES: usize = 20;

/// Appends `body` under a bold `title`, or folded in a `<details>` section when it is longer
/// than `limit` lines.
fn fold(out: &mut String, title: &str, body: &str, limit: usize) {
    let body = body.trim_end();
    if body.lines().count() > limit {
        let _ = write!(out, "<details><summary>{}</summary>\n\n{body}\n\n</details>\n\n", html_escape(title));
    } else {
        let _ = write!(out, "**{}**\n\n{body}\n\n", docs::escape(title));
    }
}

/// Text for HTML, where Markdown is not read (a `<summary>`).
fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(shapes: &str, ops: &str) -> Model {
        let text = format!(
            r#"{{"metadata": {{"protocol": "rest-json", "serviceFullName": "Test Service", "serviceId": "Test"}},
                "operations": {ops}, "shapes": {shapes}}}"#
        );
        crate::read::load(text.as_bytes(), None).unwrap().model
    }

    const OPS: &str = r#"{"Get": {"name": "Get", "input": {"shape": "In"}, "output": {"shape": "Out"}}}"#;

    #[test]
    fn added_members_nest_along_their_path() {
        let old = model(
            r#"{"In": {"type": "structure", "members": {}},
                "Out": {"type": "structure", "members": {"Items": {"shape": "Items"}}},
                "Items": {"type": "list", "member": {"shape": "Item"}},
                "Item": {"type": "structure", "members": {"A": {"shape": "S"}}},
                "S": {"type": "string"}}"#,
            OPS,
        );
        let new = model(
            r#"{"In": {"type": "structure", "members": {"Mode": {"shape": "Mode"}}},
                "Out": {"type": "structure", "members": {"Items": {"shape": "Items"}}},
                "Items": {"type": "list", "member": {"shape": "Item"}},
                "Item": {"type": "structure", "members": {"A": {"shape": "S"}, "B": {"shape": "Tags"}, "C": {"shape": "Item"}}},
                "Tags": {"type": "map", "key": {"shape": "S"}, "value": {"shape": "N"}},
                "Mode": {"type": "string", "enum": ["on", "off"]},
                "N": {"type": "long"},
                "S": {"type": "string"}}"#,
            OPS,
        );
        let d = diff(&old, &new).unwrap();
        assert_eq!(
            d.to_text(),
            "Test Service - 1 updated api methods\n\nGet (updated)\nChanges (request)\n{'Mode': 'on'|'off'}\nChanges (response)\n{'Items': {'B': {'string': 123}, 'C': {'A': 'string', 'B': {'string': 123}, 'C': {'... recursive ...'}}}}\n\nChanges for the generated crate\nBreaking: none\nNot breaking:\n- In.Mode: optional member added; #[non_exhaustive] structs admit new fields\n- Item.B: optional member added; #[non_exhaustive] structs admit new fields\n- Item.C: optional member added; #[non_exhaustive] structs admit new fields\n- Mode: enum added; a new type\n"
        );
    }

    #[test]
    fn breaking_changes_are_classified() {
        let old = model(
            r#"{"In": {"type": "structure", "members": {"A": {"shape": "S"}, "B": {"shape": "S"}, "C": {"shape": "S", "locationName": "c"}, "D": {"shape": "Mode"}}},
                "Out": {"type": "structure", "members": {}},
                "Mode": {"type": "string", "enum": ["on", "off"]},
                "S": {"type": "string"}, "I": {"type": "integer"}}"#,
            OPS,
        );
        let new = model(
            r#"{"In": {"type": "structure", "required": ["B", "E"], "members": {"A": {"shape": "I"}, "B": {"shape": "S"}, "C": {"shape": "S", "locationName": "see"}, "D": {"shape": "Mode"}, "E": {"shape": "S"}}},
                "Out": {"type": "structure", "members": {}},
                "Mode": {"type": "string", "enum": ["on", "auto"]},
                "S": {"type": "string"}, "I": {"type": "integer"}}"#,
            OPS,
        );
        let d = diff(&old, &new).unwrap();
        let lines: Vec<String> =
            d.changes.iter().map(|c| format!("{} {:?} {}: {}", c.breaking, c.kind, c.place, c.detail)).collect();
        assert_eq!(
            lines,
            [
                "true MemberTypeChanged In.A: string → integer",
                "true MemberMadeRequired In.B: made required: Option<T> → T",
                "true MemberAdded In.E: required member added",
                "true EnumValueRemoved Mode: value \"off\" removed",
                "false WireNameChanged In.C: \"c\" → \"see\"",
                "false EnumValueAdded Mode: value \"auto\" added",
            ]
        );
        assert!(d.has_breaking());
    }

    #[test]
    fn a_member_boxed_by_a_new_cycle_is_a_breaking_type_change() {
        // `B.A` holds an `A` by value; once `A` refers back to `B`, the cycle is broken with a
        // box on `B.A` (shapes walked in name order), and the field becomes `Box<A>`.
        let old = model(
            r#"{"In": {"type": "structure", "members": {"B": {"shape": "B"}}},
                "Out": {"type": "structure", "members": {}},
                "A": {"type": "structure", "members": {"X": {"shape": "S"}}},
                "B": {"type": "structure", "members": {"A": {"shape": "A"}}},
                "S": {"type": "string"}}"#,
            OPS,
        );
        let new = model(
            r#"{"In": {"type": "structure", "members": {"B": {"shape": "B"}}},
                "Out": {"type": "structure", "members": {}},
                "A": {"type": "structure", "members": {"X": {"shape": "S"}, "Back": {"shape": "B"}}},
                "B": {"type": "structure", "members": {"A": {"shape": "A"}}},
                "S": {"type": "string"}}"#,
            OPS,
        );
        let d = diff(&old, &new).unwrap();
        let lines: Vec<String> =
            d.changes.iter().map(|c| format!("{} {:?} {}: {}", c.breaking, c.kind, c.place, c.detail)).collect();
        assert_eq!(
            lines,
            [
                "true MemberTypeChanged B.A: structure A → boxed structure A",
                "false MemberAdded A.Back: optional member added",
            ]
        );
    }

    #[test]
    fn client_nullability_decides_what_is_optional() {
        let smithy = |traits: &str| -> Model {
            let text = format!(
                r#"{{"smithy": "2.0", "shapes": {{
                  "ex#S": {{"type": "service", "version": "1", "operations": [{{"target": "ex#Op"}}], "traits": {{"aws.protocols#restJson1": {{}}, "smithy.api#title": "Test Service"}}}},
                  "ex#Op": {{"type": "operation", "output": {{"target": "ex#Out"}}}},
                  "ex#Out": {{"type": "structure", "members": {{"A": {{"target": "smithy.api#String", "traits": {{{traits}}}}}}}}}
                }}}}"#
            );
            crate::read::smithy::read(&crate::json::parse(text.as_bytes()).unwrap(), None).unwrap().0
        };
        let required = smithy(r#""smithy.api#required": {}"#);
        let client_optional = smithy(r#""smithy.api#required": {}, "smithy.api#clientOptional": {}"#);
        let defaulted = smithy(r#""smithy.api#default": "x""#);
        let kinds = |old: &Model, new: &Model| -> Vec<(bool, ChangeKind)> {
            diff(old, new).unwrap().changes.iter().map(|c| (c.breaking, c.kind)).collect()
        };
        assert_eq!(kinds(&required, &client_optional), [(true, ChangeKind::MemberMadeOptional)]);
        assert_eq!(kinds(&client_optional, &required), [(true, ChangeKind::MemberMadeRequired)]);
        assert_eq!(kinds(&client_optional, &defaulted), [(true, ChangeKind::MemberMadeRequired)]);
        assert_eq!(kinds(&required, &defaulted), [], "T either way");
    }

    #[test]
    fn renamed_shapes_are_one_change() {
        let old = model(
            r#"{"In": {"type": "structure", "members": {"P": {"shape": "Point"}}},
                "Out": {"type": "structure", "members": {}},
                "Point": {"type": "structure", "members": {"X": {"shape": "N"}}},
                "N": {"type": "integer"}}"#,
            OPS,
        );
        let new = model(
            r#"{"In": {"type": "structure", "members": {"P": {"shape": "Coordinates"}}},
                "Out": {"type": "structure", "members": {}},
                "Coordinates": {"type": "structure", "members": {"X": {"shape": "N"}}},
                "N": {"type": "integer"}}"#,
            OPS,
        );
        let d = diff(&old, &new).unwrap();
        assert_eq!(d.changes.len(), 1, "{:?}", d.changes);
        assert_eq!(d.changes[0].kind, ChangeKind::ShapeRenamed);
        assert_eq!(d.changes[0].detail, "renamed to Coordinates");
    }

    #[test]
    fn new_and_deleted_operations() {
        let shapes = r#"{"In": {"type": "structure", "members": {}}, "Out": {"type": "structure", "members": {}}}"#;
        let old = model(shapes, r#"{"Old": {"name": "Old", "input": {"shape": "In"}}}"#);
        let new = model(shapes, r#"{"Fresh": {"name": "Fresh", "input": {"shape": "In"}}}"#);
        let text = diff(&old, &new).unwrap().to_text();
        assert!(
            text.starts_with("Test Service - 1 new 1 deleted api methods\n\nFresh (new)\n\nOld (deleted)\n"),
            "{text}"
        );
        assert!(text.contains("Breaking:\n- Old: operation removed;"), "{text}");
    }

    #[test]
    fn an_unrelated_input_shape_is_an_error() {
        let shapes = r#"{"In": {"type": "structure", "members": {"A": {"shape": "S"}}}, "Other": {"type": "structure", "members": {"B": {"shape": "S"}}}, "S": {"type": "string"}}"#;
        let old = model(shapes, r#"{"Get": {"name": "Get", "input": {"shape": "In"}}}"#);
        let new = model(shapes, r#"{"Get": {"name": "Get", "input": {"shape": "Other"}}}"#);
        let err = diff(&old, &new).unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"operation Get: its input changed from "In" to "Other", an unrelated shape; the two cannot be compared member by member"#
        );
    }

    #[test]
    fn different_services_are_an_error() {
        let shapes = r#"{"In": {"type": "structure", "members": {}}}"#;
        let a = model(shapes, r#"{}"#);
        let mut b = a.clone();
        b.service.sdk_id = Some("Other".to_owned());
        b.service.title = "Other Service".to_owned();
        assert!(diff(&a, &b).unwrap_err().to_string().starts_with("the models are of different services"));
    }

    #[test]
    fn documentation_is_not_an_api_change() {
        let old = model(
            r#"{"In": {"type": "structure", "members": {"A": {"shape": "S", "documentation": "<p>a</p>"}}}, "Out": {"type": "structure", "members": {}}, "S": {"type": "string"}}"#,
            OPS,
        );
        let new = model(
            r#"{"In": {"type": "structure", "members": {"A": {"shape": "S", "documentation": "<p>b</p>"}}}, "Out": {"type": "structure", "members": {}}, "S": {"type": "string"}}"#,
            OPS,
        );
        let d = diff(&old, &new).unwrap();
        assert!(d.operations.is_empty() && d.changes.is_empty(), "{d:?}");
        assert_eq!(d.header(), "Test Service - no api method changes");
    }

    #[test]
    fn markdown_shows_model_strings_as_text_only() {
        let old =
            model(r#"{"In": {"type": "structure", "members": {}}, "Out": {"type": "structure", "members": {}}}"#, OPS);
        let evil = r#"<img src=x onerror=alert(1)> ``` *b* [l](javascript:x) | # h"#;
        let new = model(
            &format!(
                r#"{{"In": {{"type": "structure", "members": {{{name}: {{"shape": "S"}}}}}},
                    "Out": {{"type": "structure", "members": {{}}}}, "S": {{"type": "string"}}}}"#,
                name = serde_json::to_string(evil).unwrap()
            ),
            OPS,
        );
        let markdown = diff(&old, &new).unwrap().to_markdown();
        assert!(markdown.starts_with("### No breaking changes\n"), "{markdown}");
        // The name appears only inside fences (longer than its run of three backticks) and
        // code spans, never as markup.
        let mut in_fence = false;
        for line in markdown.lines() {
            if line.trim_start().starts_with("````") {
                in_fence = !in_fence;
                continue;
            }
            if in_fence || !line.contains("img") {
                continue;
            }
            let outside: String = line.split("````").step_by(2).collect();
            assert!(!outside.contains("<img") && !outside.contains("](javascript"), "{line}");
        }
        assert!(!in_fence, "every fence is closed: {markdown}");
        assert!(markdown.contains("````python"), "a fence longer than the name's backticks: {markdown}");
    }

    #[test]
    fn hostile_names_stay_inside_their_python_strings() {
        assert_eq!(changelog::python_str("it's\n\\"), r"'it\'s\n\\'");
    }
}
