//! Raw shapes: the shapes of the file as written, then with `apply` statements and mixins
//! resolved, before any is read into the neutral model.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::traits::ids;
use super::{MEMBER_KEYS, PRELUDE, article, check_id_with, dangling, id_problem, is_identifier};
use crate::error::{ModelError, Warning};
use crate::json::{Json, Pointer, quote_for_message};
use crate::read::fields::Fields;

/// A trait as applied to a shape or member.
#[derive(Debug, Clone)]
pub(super) struct Trait {
    pub(super) id: String,
    pub(super) value: Json,
    pub(super) at: Pointer,
}

#[derive(Debug, Clone)]
pub(super) struct RawMember {
    pub(super) name: String,
    pub(super) target: String,
    pub(super) traits: Vec<Trait>,
    pub(super) at: Pointer,
}

/// A shape as written, then with its mixins and `apply` statements resolved.
pub(super) struct RawShape<'a> {
    pub(super) id: String,
    pub(super) ty: &'a str,
    pub(super) at: Pointer,
    pub(super) fields: Fields<'a>,
    pub(super) traits: Vec<Trait>,
    pub(super) members: Vec<RawMember>,
    pub(super) mixins: Vec<(String, Pointer)>,
}

pub(super) fn read_traits(f: &Fields, owner: &str) -> Result<Vec<Trait>, ModelError> {
    let Some(traits) = f.object("traits", "the traits")? else { return Ok(Vec::new()) };
    let mut out = Vec::with_capacity(traits.entries().len());
    for (id, value) in traits.entries() {
        let at = traits.ptr(id);
        if let Some(problem) = id_problem(id, false) {
            let mut message =
                format!("trait {} of {}: the trait id {problem}", quote_for_message(id), quote_for_message(owner));
            if !id.contains('#') {
                let _ = write!(message, " (did you mean {}?)", quote_for_message(&format!("{PRELUDE}#{id}")));
            }
            return Err(ModelError::new(&at, message));
        }
        out.push(Trait { id: id.clone(), value: value.clone(), at });
    }
    Ok(out)
}

pub(super) fn read_member(
    name: &str,
    value: &Json,
    at: &Pointer,
    owner: &str,
    warnings: &mut Vec<Warning>,
) -> Result<RawMember, ModelError> {
    let f = Fields::of(value, at, "a member")?;
    f.warn_unknown(MEMBER_KEYS, "member", warnings);
    let member_id = format!("{owner}${name}");
    let target = f.required_str("target", "the member")?;
    check_id_with(
        target,
        || f.ptr("target"),
        || format!("the target of {}: shape", quote_for_message(&member_id)),
        false,
    )?;
    Ok(RawMember {
        name: name.to_owned(),
        target: target.to_owned(),
        traits: read_traits(&f, &member_id)?,
        at: at.clone(),
    })
}

pub(super) fn read_shape<'a>(
    id: &str,
    ty: &'a str,
    f: Fields<'a>,
    warnings: &mut Vec<Warning>,
) -> Result<RawShape<'a>, ModelError> {
    let at = f.at().clone();
    let mut members = Vec::new();
    match ty {
        "structure" | "union" | "enum" | "intEnum" => {
            if let Some(m) = f.object("members", "the members")? {
                for (name, value) in m.entries() {
                    let member_at = m.ptr(name);
                    if !is_identifier(name) {
                        return Err(ModelError::new(
                            &member_at,
                            format!(
                                "member name {} of {} is not an identifier",
                                quote_for_message(name),
                                quote_for_message(id)
                            ),
                        ));
                    }
                    members.push(read_member(name, value, &member_at, id, warnings)?);
                }
            }
        }
        // A list or map may get its member, key or value from a mixin instead; whether it
        // has them is checked once mixins are resolved.
        "list" | "set" | "map" => {
            let keys: &[&str] = if ty == "map" { &["key", "value"] } else { &["member"] };
            for key in keys {
                if let Some(value) = f.get(key) {
                    members.push(read_member(key, value, &f.ptr(key), id, warnings)?);
                }
            }
        }
        _ => {}
    }
    let mut mixins = Vec::new();
    if let Some(list) = f.array("mixins")? {
        for (i, item) in list.iter().enumerate() {
            let item_at = f.ptr("mixins").index(i);
            let r = Fields::of(item, &item_at, "a mixin reference")?;
            let target = r.required_str("target", "the mixin reference")?;
            check_id_with(
                target,
                || r.ptr("target"),
                || format!("a mixin of {}: shape", quote_for_message(id)),
                false,
            )?;
            mixins.push((target.to_owned(), r.ptr("target")));
        }
    }
    Ok(RawShape { id: id.to_owned(), ty, at, traits: read_traits(&f, id)?, fields: f, members, mixins })
}

/// Adds `new` traits to `traits`. A trait already there with an equal value is fine, two lists
/// are concatenated, anything else is a conflict.
pub(super) fn merge_traits(traits: &mut Vec<Trait>, new: Vec<Trait>, owner: &str) -> Result<(), ModelError> {
    for t in new {
        match traits.iter_mut().find(|old| old.id == t.id) {
            None => traits.push(t),
            Some(old) if old.value == t.value => {}
            Some(old) => match (&mut old.value, t.value) {
                (Json::Array(items), Json::Array(more)) => items.extend(more),
                _ => {
                    return Err(ModelError::new(
                        &t.at,
                        format!(
                            "trait {} of {}: conflicting values (another is at {})",
                            quote_for_message(&t.id),
                            quote_for_message(owner),
                            old.at
                        ),
                    ));
                }
            },
        }
    }
    Ok(())
}

/// Copies into each shape the members and traits of its mixins, mixins of mixins first.
pub(super) fn resolve_mixins(shapes: &mut BTreeMap<String, RawShape>) -> Result<(), ModelError> {
    // Order shapes so that every mixin comes before the shapes that use it, finding cycles
    // on the way. Iterative: a chain of mixins as long as the model cannot overflow the stack.
    let mut order: Vec<String> = Vec::new();
    let mut done: BTreeSet<String> = BTreeSet::new();
    for start in shapes.keys() {
        if done.contains(start) || shapes[start].mixins.is_empty() {
            continue;
        }
        let mut stack: Vec<(String, usize)> = vec![(start.clone(), 0)];
        let mut on_stack: BTreeSet<String> = BTreeSet::from([start.clone()]);
        while let Some((id, next)) = stack.last_mut() {
            let shape = &shapes[id.as_str()];
            let Some((mixin, at)) = shape.mixins.get(*next) else {
                on_stack.remove(id.as_str());
                done.insert(id.clone());
                order.push(id.clone());
                stack.pop();
                continue;
            };
            *next += 1;
            let Some(target) = shapes.get(mixin) else {
                return Err(dangling(at, mixin, shapes));
            };
            if !target.traits.iter().any(|t| t.id == ids::MIXIN) {
                return Err(ModelError::new(
                    at,
                    format!(
                        "{} uses {} as a mixin, but it has no {} trait",
                        quote_for_message(&shape.id),
                        quote_for_message(mixin),
                        quote_for_message(ids::MIXIN)
                    ),
                ));
            }
            if on_stack.contains(mixin) {
                let start = stack.iter().position(|(s, _)| s == mixin).unwrap_or(0);
                let mut cycle: Vec<&str> = stack[start..].iter().map(|(s, _)| s.as_str()).collect();
                cycle.push(mixin);
                return Err(ModelError::new(at, format!("mixin cycle: {}", cycle.join(" -> "))));
            }
            if !done.contains(mixin) {
                on_stack.insert(mixin.clone());
                stack.push((mixin.clone(), 0));
            }
        }
    }

    for id in order {
        let shape = &shapes[&id];
        let mut members: Vec<RawMember> = Vec::new();
        let mut traits: Vec<Trait> = Vec::new();
        for (mixin, _) in &shape.mixins {
            let mixin = &shapes[mixin];
            for m in &mixin.members {
                if !members.iter().any(|have| have.name == m.name) {
                    members.push(m.clone());
                }
            }
            let local: Vec<&str> = mixin
                .traits
                .iter()
                .find(|t| t.id == ids::MIXIN)
                .and_then(|t| t.value.get("localTraits"))
                .and_then(|v| match v {
                    Json::Array(items) => Some(items.iter().filter_map(Json::as_str).collect()),
                    _ => None,
                })
                .unwrap_or_default();
            for t in &mixin.traits {
                if t.id == ids::MIXIN || local.contains(&t.id.as_str()) {
                    continue;
                }
                traits.retain(|have| have.id != t.id);
                traits.push(t.clone());
            }
        }
        for m in &shape.members {
            match members.iter_mut().find(|have| have.name == m.name) {
                Some(have) if have.target != m.target => {
                    return Err(ModelError::new(
                        &m.at.key("target"),
                        format!(
                            "member {} of {} targets {}, but the mixin member it redefines targets {}",
                            quote_for_message(&m.name),
                            quote_for_message(&id),
                            quote_for_message(&m.target),
                            quote_for_message(&have.target)
                        ),
                    ));
                }
                Some(have) => {
                    for t in &m.traits {
                        have.traits.retain(|old| old.id != t.id);
                        have.traits.push(t.clone());
                    }
                    have.at = m.at.clone();
                }
                None => members.push(m.clone()),
            }
        }
        for t in &shape.traits {
            traits.retain(|have| have.id != t.id);
            traits.push(t.clone());
        }
        if let Some(shape) = shapes.get_mut(&id) {
            shape.members = members;
            shape.traits = traits;
        }
    }
    Ok(())
}

pub(super) fn choose_service<'s>(
    shapes: &'s BTreeMap<String, RawShape>,
    wanted: Option<&str>,
) -> Result<&'s str, ModelError> {
    let services: Vec<&str> = shapes.values().filter(|s| s.ty == "service").map(|s| s.id.as_str()).collect();
    let root = Pointer::root().key("shapes");
    match wanted {
        Some(id) => match shapes.get(id) {
            Some(s) if s.ty == "service" => Ok(s.id.as_str()),
            Some(s) => Err(ModelError::new(
                &s.at,
                format!("{} is {} {}, not a service", quote_for_message(id), article(s.ty), s.ty),
            )),
            None => {
                let mut message = format!("no service {} in the model", quote_for_message(id));
                let names = services.iter().map(|s| quote_for_message(s)).collect::<Vec<_>>().join(", ");
                if !names.is_empty() {
                    let _ = write!(message, " (it has {names})");
                }
                Err(ModelError::new(&root, message))
            }
        },
        None => match services.as_slice() {
            [one] => Ok(one),
            [] => Err(ModelError::new(
                &root,
                "the model has no service shape; types are generated for a service's operations",
            )),
            many => Err(ModelError::new(
                &root,
                format!(
                    "the model has {} services ({}); choose one by its shape id",
                    many.len(),
                    many.iter().map(|s| quote_for_message(s)).collect::<Vec<_>>().join(", ")
                ),
            )),
        },
    }
}
