//! Choosing what to generate: the shapes reachable from the chosen operations, and which
//! members must be boxed to give recursive types a size.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::Error;
use crate::json::quote_for_message;
use crate::model::{Member, Model, Operation, Shape, ShapeKind};

/// What to generate from a model.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// The chosen operations, in model order.
    pub operations: Vec<String>,
    /// Every shape reachable from them (inputs, outputs, errors and everything those reach).
    pub shapes: BTreeSet<String>,
    /// Members whose value is stored in a `Box` to break a cycle: member names by shape name.
    pub boxed: BTreeMap<String, BTreeSet<String>>,
}

impl Selection {
    /// True when member `member` of `shape` must be boxed.
    pub fn is_boxed(&self, shape: &str, member: &str) -> bool {
        self.boxed.get(shape).is_some_and(|members| members.contains(member))
    }
}

/// Selects the closure of `operations` and `shapes` in `model`.
///
/// With neither, every operation of the model is chosen. An operation or shape name that the
/// model does not have is an error that says which, with the nearest name the model has.
pub fn select(model: &Model, operations: &[String], shapes: &[String]) -> Result<Selection, Error> {
    let mut chosen_ops: Vec<String> = Vec::new();
    for name in operations {
        if model.operation(name).is_none() {
            let mut message = format!("no operation named {} in {}", quote_for_message(name), model.service.title);
            if let Some(near) = crate::suggest(name, model.operations.iter().map(|o| o.name.as_str())) {
                message.push_str(&format!(" (did you mean {}?)", quote_for_message(near)));
            }
            return Err(Error::Settings(message));
        }
    }
    for name in shapes {
        if model.shape(name).is_none() {
            let mut message = format!("no shape named {} in {}", quote_for_message(name), model.service.title);
            if let Some(near) = crate::suggest(name, model.shapes.keys().map(String::as_str)) {
                message.push_str(&format!(" (did you mean {}?)", quote_for_message(near)));
            }
            return Err(Error::Settings(message));
        }
    }
    let all = operations.is_empty() && shapes.is_empty();
    let mut roots: Vec<&str> = shapes.iter().map(String::as_str).collect();
    for op in &model.operations {
        if all || operations.contains(&op.name) {
            chosen_ops.push(op.name.clone());
            roots.extend(op.shape_refs());
        }
    }

    let closure = closure(model, roots);
    let types = closure
        .iter()
        .filter_map(|name| model.shape(name))
        .filter(|s| {
            matches!(s.kind, ShapeKind::Structure(_) | ShapeKind::Union(_) | ShapeKind::Enum(_) | ShapeKind::IntEnum(_))
        })
        .count();
    if types > MAX_TYPES {
        return Err(Error::Settings(format!(
            "the selection needs {types} types, more than one generated file holds ({MAX_TYPES}); choose fewer operations"
        )));
    }
    check_collection_cycles(model, &closure)?;
    let boxed = boxed_members(model, &closure);
    Ok(Selection { operations: chosen_ops, shapes: closure, boxed })
}

/// Every shape reachable from `roots` through members, list members, map keys and values.
pub fn closure<'a>(model: &'a Model, roots: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    let reached = reachable(
        roots,
        |name: &&str| *name,
        |_, name| -> Result<Vec<&str>, std::convert::Infallible> {
            let references = model.shape(name).map(|s| s.kind.references()).unwrap_or_default();
            Ok(references.into_iter().map(|m| m.target.as_str()).collect())
        },
    );
    match reached {
        Ok(names) => names.into_iter().filter(|n| model.shape(n).is_some()).map(str::to_owned).collect(),
        Err(never) => match never {},
    }
}

/// The shapes a request of `operations` can carry: every shape their inputs reach. The one rule
/// for the request side: which structures have builders by default (`Builders::Requests`), and
/// where a new required member breaks callers (`diff`).
pub fn request_side<'a>(model: &'a Model, operations: impl IntoIterator<Item = &'a Operation>) -> BTreeSet<String> {
    closure(model, operations.into_iter().filter_map(|op| op.input.as_deref()))
}

/// The shapes a response of `operations` can carry: every shape their outputs and errors reach.
pub fn response_side<'a>(model: &'a Model, operations: impl IntoIterator<Item = &'a Operation>) -> BTreeSet<String> {
    closure(model, operations.into_iter().flat_map(|op| op.output.iter().chain(&op.errors).map(String::as_str)))
}

/// Every node reachable from `roots`, by key: the one graph walk of the crate (the closure of a
/// selection, of a Smithy service, of a slice). `visit` is called once per key with the first
/// item that reached it and returns the items it leads to, or an error that ends the walk.
/// Iterative, so a chain of any length cannot overflow the stack.
pub fn reachable<K: Ord + Clone, T, E>(
    roots: impl IntoIterator<Item = T>,
    key: impl Fn(&T) -> K,
    mut visit: impl FnMut(&K, T) -> Result<Vec<T>, E>,
) -> Result<BTreeSet<K>, E> {
    let mut seen = BTreeSet::new();
    let mut work: Vec<T> = roots.into_iter().collect();
    // Depth first, roots in the order given.
    work.reverse();
    while let Some(item) = work.pop() {
        let k = key(&item);
        if seen.contains(&k) {
            continue;
        }
        let mut next = visit(&k, item)?;
        seen.insert(k);
        next.retain(|n| !seen.contains(&key(n)));
        next.reverse();
        work.append(&mut next);
    }
    Ok(seen)
}

/// Most types one generated file holds. The largest AWS models need a few thousand; a model
/// that needs more is split by operation, or is not a real API.
pub const MAX_TYPES: usize = 20_000;

/// Deepest nesting of lists and maps in one type (`Vec<Vec<...>>`). Real models nest a few
/// levels; past this, a model is broken or hostile.
pub const MAX_COLLECTION_DEPTH: usize = 64;

/// A list or map that contains itself through lists and maps only (`L = list of L`) has no
/// Rust type: `Vec<Vec<Vec<...>>>` never ends, and no member can be boxed to end it. Nor
/// does a chain of lists deeper than [`MAX_COLLECTION_DEPTH`] have a type worth emitting.
fn check_collection_cycles(model: &Model, selected: &BTreeSet<String>) -> Result<(), Error> {
    let collection_targets = |name: &str| -> Vec<&str> {
        match model.shape(name).map(|s| &s.kind) {
            Some(ShapeKind::List(list)) => vec![list.member.target.as_str()],
            Some(ShapeKind::Map(map)) => vec![map.key.target.as_str(), map.value.target.as_str()],
            _ => Vec::new(),
        }
    };
    let shape_error = |name: &str, message: String| {
        let origin = model.shape(name).map(|s| s.origin.clone()).unwrap_or_default();
        Error::model(crate::error::ModelError::new(&origin, message))
    };
    // Depth of lists and maps below each collection shape, once it is done.
    let mut depth: BTreeMap<&str, usize> = BTreeMap::new();
    for start in selected {
        if depth.contains_key(start.as_str()) || collection_targets(start).is_empty() {
            continue;
        }
        let mut on_stack: BTreeSet<&str> = BTreeSet::from([start.as_str()]);
        let mut stack: Vec<(&str, Vec<&str>)> = vec![(start.as_str(), collection_targets(start))];
        while let Some((node, targets)) = stack.last_mut() {
            let Some(target) = targets.pop() else {
                let node = *node;
                let below = collection_targets(node).iter().filter_map(|t| depth.get(t)).max().copied().unwrap_or(0);
                if below + 1 > MAX_COLLECTION_DEPTH {
                    let kind = model.shape(node).map_or("shape", |s| s.kind.name());
                    return Err(shape_error(
                        node,
                        format!(
                            "{kind} {} nests lists and maps more than {MAX_COLLECTION_DEPTH} deep",
                            quote_for_message(node)
                        ),
                    ));
                }
                depth.insert(node, below + 1);
                on_stack.remove(node);
                stack.pop();
                continue;
            };
            if on_stack.contains(target) {
                let kind = model.shape(target).map_or("shape", |s| s.kind.name());
                return Err(shape_error(
                    target,
                    format!(
                        "{kind} {} contains itself through lists and maps only; no Rust type can hold it",
                        quote_for_message(target)
                    ),
                ));
            }
            if !depth.contains_key(target) && !collection_targets(target).is_empty() {
                on_stack.insert(target);
                stack.push((target, collection_targets(target)));
            }
        }
    }
    Ok(())
}

/// Members to box so that no type contains itself by value.
///
/// A structure or union holds its structure and union members inline (lists and maps are
/// already on the heap), so a cycle of such members has no finite size. A depth-first walk,
/// shapes in name order and members in model order, boxes each member that closes a cycle:
/// every cycle gets one box, and the choice depends only on the model.
fn boxed_members(model: &Model, selected: &BTreeSet<String>) -> BTreeMap<String, BTreeSet<String>> {
    // Inline edges: (member name, target) for members that hold a structure or union by value.
    let inline = |name: &str| -> Vec<(&str, &str)> {
        let Some(shape) = model.shape(name) else { return Vec::new() };
        shape
            .kind
            .members()
            .iter()
            .filter(|m| {
                model.shape(&m.target).is_some_and(|t| matches!(t.kind, ShapeKind::Structure(_) | ShapeKind::Union(_)))
            })
            .map(|m| (m.name.as_str(), m.target.as_str()))
            .collect()
    };

    #[derive(Clone, Copy, PartialEq)]
    enum State {
        OnStack,
        Done,
    }
    let mut state: BTreeMap<&str, State> = BTreeMap::new();
    let mut boxed: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for start in selected {
        if state.contains_key(start.as_str()) {
            continue;
        }
        // Iterative, so that a model nested 10,000 deep cannot overflow the stack.
        // (shape, its inline edges as (member, target), the next edge to follow)
        type Frame<'a> = (&'a str, Vec<(&'a str, &'a str)>, usize);
        let mut stack: Vec<Frame> = vec![(start.as_str(), inline(start), 0)];
        state.insert(start.as_str(), State::OnStack);
        while let Some((node, edges, next)) = stack.last_mut() {
            let Some(&(member, target)) = edges.get(*next) else {
                state.insert(node, State::Done);
                stack.pop();
                continue;
            };
            *next += 1;
            let node = *node;
            match state.get(target) {
                Some(State::OnStack) => {
                    boxed.entry(node.to_owned()).or_default().insert(member.to_owned());
                }
                Some(State::Done) => {}
                None => {
                    state.insert(target, State::OnStack);
                    stack.push((target, inline(target), 0));
                }
            }
        }
    }
    boxed
}

/// The structures and unions that hold a string (as a member, or in a list, map, structure or
/// union they hold): with borrowed strings, these take the lifetime `'a` of the body their
/// strings are borrowed from.
pub fn borrowing<'m>(model: &'m Model, selection: &Selection) -> BTreeSet<&'m str> {
    let mut set = BTreeSet::new();
    // Holding a string spreads from member to holder; repeat until nothing more is added
    // (each round adds a shape or ends, so recursive shapes end too).
    loop {
        let mut added = false;
        for name in &selection.shapes {
            let Some(shape) = model.shape(name) else { continue };
            if !matches!(shape.kind, ShapeKind::Structure(_) | ShapeKind::Union(_)) || set.contains(shape.name.as_str())
            {
                continue;
            }
            if shape.kind.members().iter().any(|m| holds_string(&rust_type(model, m), &set)) {
                set.insert(shape.name.as_str());
                added = true;
            }
        }
        if !added {
            return set;
        }
    }
}

/// Whether a value of this type holds a string, given the structures and unions known to.
pub(crate) fn holds_string(ty: &RustType, known: &BTreeSet<&str>) -> bool {
    match ty {
        RustType::Simple { shape, .. } => matches!(shape.kind, ShapeKind::String),
        RustType::Named(shape) => known.contains(shape.name.as_str()),
        RustType::List { item, .. } => holds_string(item, known),
        RustType::Map { key, value, .. } => holds_string(key, known) || holds_string(value, known),
        RustType::Document => false,
    }
}

/// A member's value as the generated Rust holds it, described once: the emitter renders it as
/// tokens, and the change log compares it between two versions of a model (with the boxing the
/// selection decides, which wraps it in a `Box`).
#[derive(Debug, Clone, PartialEq)]
pub enum RustType<'m> {
    /// A generated type: a structure, union or enum.
    Named(&'m Shape),
    /// `Vec<T>`, or `Vec<Option<T>>` when sparse.
    List {
        /// The item.
        item: Box<RustType<'m>>,
        /// Items may be null.
        sparse: bool,
    },
    /// `HashMap<K, V>`, or `HashMap<K, Option<V>>` when sparse.
    Map {
        /// The key.
        key: Box<RustType<'m>>,
        /// The value.
        value: Box<RustType<'m>>,
        /// Values may be null.
        sparse: bool,
    },
    /// A value of a simple shape (string, number, blob, timestamp, ...), held by `member` (a
    /// structure member, list item, map key or value), which may fix a timestamp's format.
    Simple {
        /// The shape.
        shape: &'m Shape,
        /// The member that holds the value.
        member: &'m Member,
    },
    /// A document: the shape is a document, or lists and maps nest past any real depth (where
    /// a hostile model could nest without end).
    Document,
}

/// The Rust type of `member`'s value (not counting the `Option` or `Box` the containing type
/// may wrap it in).
pub fn rust_type<'m>(model: &'m Model, member: &'m Member) -> RustType<'m> {
    rust_type_at(model, member, 0)
}

fn rust_type_at<'m>(model: &'m Model, member: &'m Member, depth: usize) -> RustType<'m> {
    // Validation checks every reference; a dangling one cannot get here.
    let Some(shape) = model.shape(&member.target) else { return RustType::Document };
    if depth > MAX_COLLECTION_DEPTH {
        return RustType::Document;
    }
    match &shape.kind {
        ShapeKind::Structure(_) | ShapeKind::Union(_) | ShapeKind::Enum(_) | ShapeKind::IntEnum(_) => {
            RustType::Named(shape)
        }
        ShapeKind::List(list) => {
            RustType::List { item: Box::new(rust_type_at(model, &list.member, depth + 1)), sparse: list.sparse }
        }
        ShapeKind::Map(map) => RustType::Map {
            key: Box::new(rust_type_at(model, &map.key, depth + 1)),
            value: Box::new(rust_type_at(model, &map.value, depth + 1)),
            sparse: map.sparse,
        },
        ShapeKind::Document => RustType::Document,
        _ => RustType::Simple { shape, member },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(shapes: &str) -> Model {
        let text = format!(
            r#"{{"metadata": {{"protocol": "rest-json"}}, "operations": {{"Op": {{"name": "Op", "input": {{"shape": "A"}}}}}}, "shapes": {shapes}}}"#
        );
        crate::read::botocore::read(&crate::json::parse(text.as_bytes()).unwrap()).unwrap().0
    }

    #[test]
    fn closure_follows_members_lists_and_maps() {
        let m = model(
            r#"{"A": {"type": "structure", "members": {"L": {"shape": "L"}}},
                "L": {"type": "list", "member": {"shape": "M"}},
                "M": {"type": "map", "key": {"shape": "S"}, "value": {"shape": "B"}},
                "B": {"type": "structure", "members": {}},
                "S": {"type": "string"},
                "Unused": {"type": "string"}}"#,
        );
        let sel = select(&m, &[], &[]).unwrap();
        assert_eq!(sel.operations, ["Op"]);
        assert_eq!(sel.shapes.iter().map(String::as_str).collect::<Vec<_>>(), ["A", "B", "L", "M", "S"]);
        assert!(sel.boxed.is_empty());
    }

    #[test]
    fn direct_and_indirect_cycles_get_one_box_each() {
        let m = model(
            r#"{"A": {"type": "structure", "members": {"Self": {"shape": "A"}, "B": {"shape": "B"}}},
                "B": {"type": "structure", "members": {"C": {"shape": "C"}}},
                "C": {"type": "structure", "members": {"Back": {"shape": "B"}, "Many": {"shape": "L"}}},
                "L": {"type": "list", "member": {"shape": "C"}}}"#,
        );
        let sel = select(&m, &[], &[]).unwrap();
        let boxed: Vec<(&str, &str)> =
            sel.boxed.iter().flat_map(|(s, ms)| ms.iter().map(move |m| (s.as_str(), m.as_str()))).collect();
        assert_eq!(boxed, [("A", "Self"), ("C", "Back")]);
    }

    #[test]
    fn unknown_operation_suggests_the_nearest() {
        let m = model(r#"{"A": {"type": "structure", "members": {}}}"#);
        let err = select(&m, &["Opp".to_owned()], &[]).unwrap_err();
        assert_eq!(err.to_string(), r#"no operation named "Opp" in API (did you mean "Op"?)"#);
    }

    #[test]
    fn a_list_of_itself_is_an_error() {
        let m = model(
            r#"{"A": {"type": "structure", "members": {"L": {"shape": "L"}}},
                "L": {"type": "list", "member": {"shape": "M"}},
                "M": {"type": "map", "key": {"shape": "S"}, "value": {"shape": "L"}},
                "S": {"type": "string"}}"#,
        );
        let err = select(&m, &[], &[]).unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"model: shapes.L: list "L" contains itself through lists and maps only; no Rust type can hold it"#
        );
    }

    #[test]
    fn lists_nested_too_deep_are_an_error() {
        let mut shapes = String::from(r#"{"A": {"type": "structure", "members": {"L": {"shape": "L0"}}},"#);
        for i in 0..100 {
            shapes.push_str(&format!(r#""L{i}": {{"type": "list", "member": {{"shape": "L{}"}}}},"#, i + 1));
        }
        shapes.push_str(r#""L100": {"type": "string"}}"#);
        let err = select(&model(&shapes), &[], &[]).unwrap_err();
        assert!(err.to_string().ends_with("nests lists and maps more than 64 deep"), "{err}");
    }

    #[test]
    fn deep_chains_do_not_overflow() {
        // A chain as long as one file may hold: S0 → S1 → ... → S{last} → S0, and A.
        let last = MAX_TYPES - 2;
        let mut shapes = String::from("{");
        for i in 0..last {
            shapes.push_str(&format!(
                r#""S{i}": {{"type": "structure", "members": {{"N": {{"shape": "S{}"}}}}}},"#,
                i + 1
            ));
        }
        shapes.push_str(&format!(
            r#""S{last}": {{"type": "structure", "members": {{"Loop": {{"shape": "S0"}}}}}}, "A": {{"type": "structure", "members": {{"First": {{"shape": "S0"}}}}}}}}"#
        ));
        let sel = select(&model(&shapes), &[], &[]).unwrap();
        assert_eq!(sel.shapes.len(), MAX_TYPES);
        assert_eq!(sel.boxed.len(), 1);
    }
}
