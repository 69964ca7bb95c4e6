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

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::rc::Rc;

use serde::Serialize;
use serde::ser::SerializeMap;

use crate::error::Error;
use crate::json::quote_for_message;
use crate::model::{Member, Model, Presence, Shape, ShapeKind};
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

/// An operation in the change log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OperationChange {
    /// The operation's name.
    pub name: String,
    /// New, deleted or updated.
    pub status: Status,
    /// Members added to the request, nested along their path from the input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request: Option<Tree>,
    /// Members added to the response, nested along their path from the output.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response: Option<Tree>,
}

/// What happened to an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// In the new model only.
    New,
    /// In the old model only.
    Deleted,
    /// In both, with members added.
    Updated,
}

/// Added members, nested along their path: each entry is a member name and either the added
/// member's value skeleton or the members added below it.
#[derive(Debug, Clone, PartialEq)]
pub struct Tree(pub Vec<(String, Node)>);

/// One entry of a [`Tree`].
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// An added member: its value skeleton (`'string'`, `123`, `{'Key': 'string'}`, ...).
    Added(String),
    /// A member that is in both versions, with members added below it. Shared: a shape
    /// reached along several paths shows the same additions under each.
    Below(Rc<Tree>),
}

impl Serialize for Tree {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, node) in &self.0 {
            match node {
                Node::Added(skeleton) => map.serialize_entry(name, skeleton)?,
                Node::Below(tree) => map.serialize_entry(name, tree.as_ref())?,
            }
        }
        map.end()
    }
}

impl Tree {
    /// The tree as a Python dict literal, as the AWS change logs print it.
    pub fn to_python(&self) -> String {
        let mut out = String::from("{");
        for (i, (name, node)) in self.0.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(&python_str(name));
            out.push_str(": ");
            match node {
                Node::Added(skeleton) => out.push_str(skeleton),
                Node::Below(tree) => out.push_str(&tree.to_python()),
            }
        }
        out.push('}');
        out
    }
}

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
    let input_side = request_side(new);

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

/// Shapes reachable from some operation's input: where a new required member breaks callers.
fn request_side(model: &Model) -> BTreeSet<String> {
    select::closure(model, model.operations.iter().filter_map(|op| op.input.as_deref()))
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

fn deprecated_change(place: &str, what: &str) -> Change {
    Change {
        breaking: false,
        kind: ChangeKind::Deprecated,
        place: place.to_owned(),
        detail: format!("{what} deprecated"),
        reason: "#[deprecated] warns; code still compiles".to_owned(),
    }
}

/// Deepest path of structures the change log follows.
const MAX_DEPTH: usize = 256;

/// Most entries a change log shows for one side of one operation, counted along every path.
const MAX_LOG_ENTRIES: usize = 1_000_000;

/// The state of one walk through an operation's shapes.
#[derive(Default)]
struct Walk {
    /// Pairs of shapes on the current path.
    path: Vec<(String, String)>,
    /// Pairs already compared.
    memo: HashMap<(String, String), Rc<Tree>>,
}

/// How many entries a tree shows once every shared subtree is written out.
fn expanded_size(tree: &Rc<Tree>, memo: &mut HashMap<*const Tree, usize>) -> usize {
    if let Some(size) = memo.get(&Rc::as_ptr(tree)) {
        return *size;
    }
    let size = tree
        .0
        .iter()
        .map(|(_, node)| match node {
            Node::Added(_) => 1,
            Node::Below(below) => 1usize.saturating_add(expanded_size(below, memo)),
        })
        .fold(0usize, usize::saturating_add);
    memo.insert(Rc::as_ptr(tree), size);
    size
}

struct Cx<'a> {
    old: &'a Model,
    new: &'a Model,
    renames: &'a BTreeMap<String, String>,
    old_sel: &'a select::Selection,
    new_sel: &'a select::Selection,
}

impl Cx<'_> {
    /// The members added to an operation's input or output.
    fn side(&self, op: &str, which: &str, old: Option<&str>, new: Option<&str>) -> Result<Option<Tree>, Error> {
        let (Some(old), Some(new)) = (old, new) else { return Ok(None) };
        if old != new && self.renames.get(old).map(String::as_str) != Some(new) {
            return Err(Error::Settings(format!(
                "operation {op}: its {which} changed from {} to {}, an unrelated shape; the two cannot be compared member by member",
                quote_for_message(old),
                quote_for_message(new)
            )));
        }
        let mut walk = Walk::default();
        let tree = self.added(old, new, &mut walk)?;
        let size = expanded_size(&tree, &mut HashMap::new());
        if size > MAX_LOG_ENTRIES {
            return Err(Error::Settings(format!(
                "operation {op}: its {which} has {size} added members along all their paths, more than a change log can show ({MAX_LOG_ENTRIES})"
            )));
        }
        Ok((!tree.0.is_empty()).then(|| (*tree).clone()))
    }

    /// Members added in `new` (a structure or union) relative to `old`, and below members
    /// both have. Each pair of shapes is compared once; a pair met again on its own path
    /// (a recursive shape) shows nothing more.
    fn added(&self, old: &str, new: &str, walk: &mut Walk) -> Result<Rc<Tree>, Error> {
        let key = (old.to_owned(), new.to_owned());
        if let Some(done) = walk.memo.get(&key) {
            return Ok(done.clone());
        }
        let (Some(old_shape), Some(new_shape)) = (self.old.shape(old), self.new.shape(new)) else {
            return Ok(Rc::new(Tree(Vec::new())));
        };
        if walk.path.contains(&key) {
            return Ok(Rc::new(Tree(Vec::new())));
        }
        if walk.path.len() >= MAX_DEPTH {
            return Err(Error::Settings(format!(
                "shape {} is nested more than {MAX_DEPTH} structures deep; the change log cannot show its path",
                quote_for_message(new)
            )));
        }
        walk.path.push(key.clone());
        let mut out = Vec::new();
        let old_members = old_shape.kind.members();
        for member in new_shape.kind.members() {
            match old_members.iter().find(|m| m.name == member.name) {
                None => {
                    let mut budget = MAX_SKELETON_BYTES;
                    let Some(value) = skeleton(self.new, &member.target, &mut Vec::new(), &mut budget) else {
                        return Err(Error::Settings(format!(
                            "member {} of {}: its value skeleton is longer than {MAX_SKELETON_BYTES} bytes",
                            quote_for_message(&member.name),
                            quote_for_message(new)
                        )));
                    };
                    out.push((member.name.clone(), Node::Added(value)));
                }
                Some(old_member) => {
                    let below = self.below(&old_member.target, &member.target, walk)?;
                    if !below.0.is_empty() {
                        out.push((member.name.clone(), Node::Below(below)));
                    }
                }
            }
        }
        walk.path.pop();
        let tree = Rc::new(Tree(out));
        walk.memo.insert(key, tree.clone());
        Ok(tree)
    }

    /// Walks through lists and maps to the structures both versions hold.
    fn below(&self, old: &str, new: &str, walk: &mut Walk) -> Result<Rc<Tree>, Error> {
        let mut pair = (old.to_owned(), new.to_owned());
        // Lists and maps nest at most as deep as the model; guard against cycles all the same.
        for _ in 0..MAX_DEPTH {
            let (Some(o), Some(n)) = (self.old.shape(&pair.0), self.new.shape(&pair.1)) else { break };
            pair = match (&o.kind, &n.kind) {
                (ShapeKind::List(a), ShapeKind::List(b)) => (a.member.target.clone(), b.member.target.clone()),
                (ShapeKind::Map(a), ShapeKind::Map(b)) => (a.value.target.clone(), b.value.target.clone()),
                (ShapeKind::Structure(_), ShapeKind::Structure(_)) | (ShapeKind::Union(_), ShapeKind::Union(_)) => {
                    return self.added(&pair.0, &pair.1, walk);
                }
                _ => break,
            };
        }
        Ok(Rc::new(Tree(Vec::new())))
    }

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

    fn compare_shape(&self, old: &Shape, new: &Shape, input_side: &BTreeSet<String>, changes: &mut Vec<Change>) {
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

/// A Python string literal.
fn python_str(s: &str) -> String {
    let mut out = String::from("'");
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// Longest value skeleton the change log shows for one added member.
const MAX_SKELETON_BYTES: usize = 1 << 20;

/// A value's skeleton in boto3's documentation style, or `None` when it would be longer than
/// `budget` bytes (a hostile model can make one grow exponentially).
fn skeleton(model: &Model, target: &str, path: &mut Vec<String>, budget: &mut usize) -> Option<String> {
    let Some(shape) = model.shape(target) else { return Some("None".to_owned()) };
    let text = if path.len() > 64 || path.iter().any(|p| p == target) {
        "{'... recursive ...'}".to_owned()
    } else {
        match &shape.kind {
            ShapeKind::String => "'string'".to_owned(),
            ShapeKind::Enum(values) if values.is_empty() => "'string'".to_owned(),
            ShapeKind::Enum(values) => values.iter().map(|v| python_str(&v.value)).collect::<Vec<_>>().join("|"),
            ShapeKind::Integer | ShapeKind::Long | ShapeKind::Short | ShapeKind::Byte | ShapeKind::BigInteger => {
                "123".to_owned()
            }
            ShapeKind::IntEnum(values) if values.is_empty() => "123".to_owned(),
            ShapeKind::IntEnum(values) => values.iter().map(|v| v.value.to_string()).collect::<Vec<_>>().join("|"),
            ShapeKind::Float | ShapeKind::Double | ShapeKind::BigDecimal => "123.0".to_owned(),
            ShapeKind::Boolean => "True|False".to_owned(),
            ShapeKind::Timestamp => "datetime(2015, 1, 1)".to_owned(),
            ShapeKind::Blob { .. } => "b'bytes'".to_owned(),
            ShapeKind::Document => "{...}|[...]|123|123.4|'string'|True|None".to_owned(),
            ShapeKind::List(list) => {
                path.push(target.to_owned());
                let inner = skeleton(model, &list.member.target, path, budget);
                path.pop();
                format!("[{}]", inner?)
            }
            ShapeKind::Map(map) => {
                path.push(target.to_owned());
                let key = skeleton(model, &map.key.target, path, budget);
                let value = skeleton(model, &map.value.target, path, budget);
                path.pop();
                format!("{{{}: {}}}", key?, value?)
            }
            ShapeKind::Structure(members) | ShapeKind::Union(members) => {
                path.push(target.to_owned());
                let mut entries = Vec::with_capacity(members.len());
                for m in members {
                    match skeleton(model, &m.target, path, budget) {
                        Some(value) => entries.push(format!("{}: {value}", python_str(&m.name))),
                        None => {
                            path.pop();
                            return None;
                        }
                    }
                }
                path.pop();
                format!("{{{}}}", entries.join(", "))
            }
        }
    };
    *budget = budget.checked_sub(text.len())?;
    Some(text)
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
    fn hostile_names_stay_inside_their_python_strings() {
        assert_eq!(python_str("it's\n\\"), r"'it\'s\n\\'");
    }
}
