//! The semver classification: every change to the API, and whether it breaks code that uses
//! the generated crate, and why.

use std::collections::BTreeSet;

use serde::Serialize;

use super::Cx;
use crate::json::quote_for_message;
use crate::model::{Member, Model, Presence, Shape, ShapeKind};
use crate::select;

/// One classified change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// Whether code using the generated crate stops compiling or behaving as before.
    pub breaking: bool,
    /// What kind of change.
    pub kind: ChangeKind,
    /// Where: `Shape`, `Shape.Member` or the operation's name.
    pub place: String,
    /// What changed, such as `string → integer`.
    pub detail: String,
    /// Why it breaks or does not.
    pub reason: String,
}

/// The kinds of changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// An operation was added.
    OperationAdded,
    /// An operation was removed.
    OperationRemoved,
    /// An operation's HTTP method, URI or status changed.
    OperationHttpChanged,
    /// A structure, union or enum was added.
    ShapeAdded,
    /// A structure, union or enum was removed.
    ShapeRemoved,
    /// A shape got a new name and kept its definition.
    ShapeRenamed,
    /// A shape became another kind (structure to union, string to enum, ...).
    ShapeKindChanged,
    /// A member was added.
    MemberAdded,
    /// A member was removed.
    MemberRemoved,
    /// A member's value type changed.
    MemberTypeChanged,
    /// A member became required.
    MemberMadeRequired,
    /// A member became optional.
    MemberMadeOptional,
    /// A member's name on the wire changed.
    WireNameChanged,
    /// A member moved between body, URI, query string, headers.
    HttpBindingChanged,
    /// A timestamp's wire format changed.
    TimestampFormatChanged,
    /// A member, shape or operation was deprecated.
    Deprecated,
    /// An enum value was added.
    EnumValueAdded,
    /// An enum value was removed.
    EnumValueRemoved,
    /// An error's code or HTTP status changed.
    ErrorChanged,
    /// Sensitivity changed: what `Debug` prints.
    SensitivityChanged,
}

pub(super) fn deprecated_change(place: &str, what: &str) -> Change {
    Change {
        breaking: false,
        kind: ChangeKind::Deprecated,
        place: place.to_owned(),
        detail: format!("{what} deprecated"),
        reason: "#[deprecated] warns; code still compiles".to_owned(),
    }
}

impl Cx<'_> {
    /// The Rust type of `member` of `shape` (boxed or not, as the selection decides), from the
    /// analysis the emitter uses, in terms that survive renames.
    fn signature(&self, model: &Model, shape: &str, member: &Member, old_side: bool) -> String {
        let selection = if old_side { self.old_sel } else { self.new_sel };
        let ty = self.describe(&select::rust_type(model, member), old_side);
        if selection.is_boxed(shape, &member.name) { format!("boxed {ty}") } else { ty }
    }

    fn describe(&self, ty: &select::RustType, old_side: bool) -> String {
        match ty {
            select::RustType::Named(shape) => {
                let name = if old_side { self.renames.get(&shape.name).unwrap_or(&shape.name) } else { &shape.name };
                format!("{} {name}", shape.kind.name())
            }
            select::RustType::List { item, sparse } => {
                format!("list of {}{}", if *sparse { "optional " } else { "" }, self.describe(item, old_side))
            }
            select::RustType::Map { key, value, sparse } => format!(
                "map from {} to {}{}",
                self.describe(key, old_side),
                if *sparse { "optional " } else { "" },
                self.describe(value, old_side)
            ),
            select::RustType::Simple { shape, .. } => shape.kind.name().to_owned(),
            select::RustType::Document => "document".to_owned(),
        }
    }

    pub(super) fn compare_shape(
        &self,
        old: &Shape,
        new: &Shape,
        input_side: &BTreeSet<String>,
        changes: &mut Vec<Change>,
    ) {
        let place = &new.name;
        if old.kind.name() != new.kind.name() {
            changes.push(Change {
                breaking: true,
                kind: ChangeKind::ShapeKindChanged,
                place: place.clone(),
                detail: format!("{} → {}", old.kind.name(), new.kind.name()),
                reason: "the type is a different kind of type".to_owned(),
            });
            return;
        }
        if old.deprecated.is_none() && new.deprecated.is_some() {
            changes.push(deprecated_change(place, "shape"));
        }
        if old.sensitive != new.sensitive {
            changes.push(sensitivity_change(place, new.sensitive));
        }
        if old.timestamp_format != new.timestamp_format {
            changes.push(timestamp_change(place, old.timestamp_format, new.timestamp_format));
        }
        if old.error != new.error {
            let show = |e: &Option<crate::model::ErrorTrait>| match e {
                Some(e) => format!(
                    "code {}, status {}",
                    e.code.as_deref().unwrap_or(&new.name),
                    e.http_status.map_or("none".to_owned(), |s| s.to_string())
                ),
                None => "not an error".to_owned(),
            };
            changes.push(Change {
                breaking: false,
                kind: ChangeKind::ErrorChanged,
                place: place.clone(),
                detail: format!("{} → {}", show(&old.error), show(&new.error)),
                reason: "constants change value; code that matches them may need a look".to_owned(),
            });
        }
        match (&old.kind, &new.kind) {
            (ShapeKind::Structure(a), ShapeKind::Structure(b)) | (ShapeKind::Union(a), ShapeKind::Union(b)) => {
                let union = matches!(new.kind, ShapeKind::Union(_));
                let shapes = (old, new);
                self.compare_members(place, shapes, (a, b), union, input_side.contains(&new.name), changes);
            }
            (ShapeKind::Enum(a), ShapeKind::Enum(b)) => {
                let values = |vs: &[crate::model::EnumValue]| -> Vec<(String, String)> {
                    vs.iter().map(|v| (v.value.clone(), quote_for_message(&v.value))).collect()
                };
                enum_changes(place, &values(a), &values(b), changes);
            }
            (ShapeKind::IntEnum(a), ShapeKind::IntEnum(b)) => {
                let values = |vs: &[crate::model::IntEnumValue]| -> Vec<(String, String)> {
                    vs.iter()
                        .map(|v| (v.value.to_string(), format!("{} ({})", quote_for_message(&v.name), v.value)))
                        .collect()
                };
                enum_changes(place, &values(a), &values(b), changes);
            }
            _ => {}
        }
    }

    /// Compares the members of two versions of a structure or union. Whether a field is an
    /// `Option` is the containing shape's [`Shape::presence`] of it: `required`, and for
    /// Smithy models `clientOptional`, input structures and default values.
    fn compare_members(
        &self,
        shape: &str,
        (old_shape, new_shape): (&Shape, &Shape),
        (old, new): (&[Member], &[Member]),
        union: bool,
        input_side: bool,
        changes: &mut Vec<Change>,
    ) {
        let what = if union { "variant" } else { "field" };
        for m in new {
            let place = format!("{shape}.{}", m.name);
            let Some(o) = old.iter().find(|o| o.name == m.name) else {
                let (breaking, detail, reason) = match new_shape.presence(m) {
                    _ if union => {
                        (false, "member added", "#[non_exhaustive] enums admit new variants; it read as Unknown before")
                    }
                    Presence::Required if input_side => {
                        (true, "required member added", "requests must set it: build() fails until they do")
                    }
                    Presence::Required => {
                        (false, "required member added", "#[non_exhaustive] structs admit new fields")
                    }
                    Presence::Defaulted(_) => (
                        false,
                        "member with a default added",
                        "#[non_exhaustive] structs admit new fields; builders fill in the default",
                    ),
                    Presence::Optional if m.required => (
                        false,
                        "required member added",
                        "clients hold it as optional (clientOptional, or an input structure's)",
                    ),
                    Presence::Optional => {
                        (false, "optional member added", "#[non_exhaustive] structs admit new fields")
                    }
                };
                changes.push(Change {
                    breaking,
                    kind: ChangeKind::MemberAdded,
                    place,
                    detail: detail.to_owned(),
                    reason: reason.to_owned(),
                });
                continue;
            };
            let (old_sig, new_sig) =
                (self.signature(self.old, &old_shape.name, o, true), self.signature(self.new, shape, m, false));
            if old_sig != new_sig {
                changes.push(Change {
                    breaking: true,
                    kind: ChangeKind::MemberTypeChanged,
                    place: place.clone(),
                    detail: format!("{old_sig} → {new_sig}"),
                    reason: format!("the {what}'s type changes"),
                });
            }
            let optional = |shape: &Shape, member: &Member| shape.presence(member) == Presence::Optional;
            if !union && optional(old_shape, o) != optional(new_shape, m) {
                let (kind, detail) = if !optional(new_shape, m) {
                    (ChangeKind::MemberMadeRequired, "made required: Option<T> → T")
                } else {
                    (ChangeKind::MemberMadeOptional, "made optional: T → Option<T>")
                };
                changes.push(Change {
                    breaking: true,
                    kind,
                    place: place.clone(),
                    detail: detail.to_owned(),
                    reason: "the field's type changes".to_owned(),
                });
            }
            if o.binding != m.binding {
                changes.push(Change {
                    breaking: false,
                    kind: ChangeKind::HttpBindingChanged,
                    place: place.clone(),
                    detail: format!("{} → {}", o.binding, m.binding),
                    reason: format!("the {what} stays; where it travels changes"),
                });
            } else if o.binding.in_body() && o.json_name() != m.json_name() {
                changes.push(Change {
                    breaking: false,
                    kind: ChangeKind::WireNameChanged,
                    place: place.clone(),
                    detail: format!("{} → {}", quote_for_message(o.json_name()), quote_for_message(m.json_name())),
                    reason: format!("the {what} keeps its Rust name; its key on the wire changes"),
                });
            }
            if o.timestamp_format != m.timestamp_format {
                changes.push(timestamp_change(&place, o.timestamp_format, m.timestamp_format));
            }
            if o.deprecated.is_none() && m.deprecated.is_some() {
                changes.push(deprecated_change(&place, "member"));
            }
            if o.sensitive != m.sensitive {
                changes.push(sensitivity_change(&place, m.sensitive));
            }
        }
        for o in old.iter().filter(|o| !new.iter().any(|m| m.name == o.name)) {
            changes.push(Change {
                breaking: true,
                kind: ChangeKind::MemberRemoved,
                place: format!("{shape}.{}", o.name),
                detail: "member removed".to_owned(),
                reason: format!("code that uses the {what} no longer compiles"),
            });
        }
    }
}

/// Enum values added and removed; each value is (its wire form, how the log shows it).
fn enum_changes(place: &str, old: &[(String, String)], new: &[(String, String)], changes: &mut Vec<Change>) {
    for (_, shown) in new.iter().filter(|(v, _)| !old.iter().any(|(o, _)| o == v)) {
        changes.push(Change {
            breaking: false,
            kind: ChangeKind::EnumValueAdded,
            place: place.to_owned(),
            detail: format!("value {shown} added"),
            reason: "#[non_exhaustive] enums admit new variants; it read as Unknown before".to_owned(),
        });
    }
    for (_, shown) in old.iter().filter(|(v, _)| !new.iter().any(|(n, _)| n == v)) {
        changes.push(Change {
            breaking: true,
            kind: ChangeKind::EnumValueRemoved,
            place: place.to_owned(),
            detail: format!("value {shown} removed"),
            reason: "its variant is gone; the value now reads as Unknown".to_owned(),
        });
    }
}

fn sensitivity_change(place: &str, sensitive: bool) -> Change {
    Change {
        breaking: false,
        kind: ChangeKind::SensitivityChanged,
        place: place.to_owned(),
        detail: if sensitive { "made sensitive" } else { "no longer sensitive" }.to_owned(),
        reason: "only what Debug prints changes".to_owned(),
    }
}

fn timestamp_change(
    place: &str,
    old: Option<crate::model::TimestampFormat>,
    new: Option<crate::model::TimestampFormat>,
) -> Change {
    let show = |f: Option<crate::model::TimestampFormat>| f.map_or("protocol default".to_owned(), |f| f.to_string());
    Change {
        breaking: false,
        kind: ChangeKind::TimestampFormatChanged,
        place: place.to_owned(),
        detail: format!("{} → {}", show(old), show(new)),
        reason: "the type stays; its wire form changes".to_owned(),
    }
}
