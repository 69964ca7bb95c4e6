//! The change log: per operation, the members added to its request and response, nested
//! along their path, in the format AWS publishes.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::rc::Rc;

use serde::Serialize;
use serde::ser::SerializeMap;

use super::Cx;
use crate::error::Error;
use crate::json::quote_for_message;
use crate::model::{Model, ShapeKind};

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

impl Cx<'_> {
    /// The members added to an operation's input or output.
    pub(super) fn side(
        &self,
        op: &str,
        which: &str,
        old: Option<&str>,
        new: Option<&str>,
    ) -> Result<Option<Tree>, Error> {
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
}

/// A Python string literal.
pub(super) fn python_str(s: &str) -> String {
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
