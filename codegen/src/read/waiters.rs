//! Waiters, from both formats, into [`Waiter`]s on their operations.
//!
//! - botocore's `waiters-2.json`, kept beside `service-2.json`: `{"version": 2, "waiters":
//!   {NAME: {"operation", "delay", "maxAttempts", "description", "acceptors": [{"state",
//!   "matcher", "expected", "argument"}]}}}`, whose matchers are `path`, `pathAll`, `pathAny`
//!   (an expression, `argument`, and `expected`), `error` (a code, or `true` for any error and
//!   `false` for none) and `status` (an HTTP status).
//! - Smithy's `smithy.waiters#waitable` on an operation: `{NAME: {"documentation", "minDelay",
//!   "maxDelay", "deprecated", "acceptors": [{"state", "matcher": {"output" | "inputOutput":
//!   {"path", "expected", "comparator"}} | {"success": bool} | {"errorType": name}}]}}`.
//!
//! An expression that does not parse is an error naming the waiter and the acceptor; whether
//! it names members the shapes have is checked when the waiter is generated.

use crate::error::{ModelError, Warning};
use crate::jmespath;
use crate::json::{Json, Pointer, quote_for_message};
use crate::model::{Acceptor, AcceptorState, Matcher, Model, PathComparator, Waiter};
use crate::read::fields::Fields;

/// Smithy's default shortest wait between polls, in seconds.
pub const DEFAULT_MIN_DELAY: u32 = 2;

/// Smithy's default longest wait between polls, in seconds.
pub const DEFAULT_MAX_DELAY: u32 = 120;

/// An error about acceptor `index` of waiter `name`, at `at`.
fn acceptor_error(at: &Pointer, name: &str, index: usize, message: impl std::fmt::Display) -> ModelError {
    ModelError::new(at, format!("waiter {}, acceptor {index}: {message}", quote_for_message(name)))
}

/// The state of an acceptor (`success`, `failure`, `retry`).
fn state(f: &Fields<'_>, name: &str, index: usize) -> Result<AcceptorState, ModelError> {
    match f.required_str("state", "an acceptor")? {
        "success" => Ok(AcceptorState::Success),
        "failure" => Ok(AcceptorState::Failure),
        "retry" => Ok(AcceptorState::Retry),
        other => Err(acceptor_error(
            &f.ptr("state"),
            name,
            index,
            format!("the state {} is not success, failure or retry", quote_for_message(other)),
        )),
    }
}

/// A path matcher's expression, parsed.
fn path(text: &str, at: &Pointer, name: &str, index: usize) -> Result<jmespath::Expr, ModelError> {
    jmespath::parse(text).map_err(|error| {
        acceptor_error(at, name, index, format!("the expression {} does not parse: {error}", quote_for_message(text)))
    })
}

/// A whole number from 1 up (`what`: of seconds, for a delay; a count, for attempts).
fn whole(f: &Fields<'_>, key: &str, what: &str) -> Result<Option<u32>, ModelError> {
    match f.number(key)? {
        None => Ok(None),
        Some(n) if n >= 1.0 && n.fract() == 0.0 && n <= f64::from(u32::MAX) => Ok(Some(n as u32)),
        Some(n) => Err(ModelError::new(&f.ptr(key), format!("{key} is {n}: {what} from 1 up"))),
    }
}

/// A delay in whole seconds, at least 1.
fn seconds(f: &Fields<'_>, key: &str) -> Result<Option<u32>, ModelError> {
    whole(f, key, "a whole number of seconds")
}

/// Reads botocore's waiters (`waiters-2.json`) into the operations they poll. A waiter of an
/// operation the model does not have is reported as a warning and left out.
///
/// # Errors
///
/// A malformed file, waiter or acceptor, and an expression that does not parse.
pub fn read_botocore(model: &mut Model, document: &Json) -> Result<Vec<Warning>, ModelError> {
    let root = Pointer::root();
    let top = Fields::of(document, &root, "botocore waiters")?;
    let mut warnings = Vec::new();
    let Some(waiters) = top.object("waiters", "the waiters")? else { return Ok(warnings) };
    for (name, value) in waiters.entries() {
        let at = waiters.ptr(name);
        let f = Fields::of(value, &at, "a waiter")?;
        let operation = f.required_str("operation", "a waiter")?;
        let delay = seconds(&f, "delay")?.unwrap_or(DEFAULT_MIN_DELAY);
        let max_attempts = whole(&f, "maxAttempts", "a count")?;
        let acceptors_at = f.ptr("acceptors");
        let items = f.array("acceptors")?.ok_or_else(|| ModelError::new(&at, "a waiter without acceptors"))?;
        let mut acceptors = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            let at = acceptors_at.index(index);
            let a = Fields::of(item, &at, "an acceptor")?;
            let state = state(&a, name, index)?;
            let expected = a.get("expected").ok_or_else(|| acceptor_error(&at, name, index, "no expected value"))?;
            let matcher = match a.required_str("matcher", "an acceptor")? {
                kind @ ("path" | "pathAll" | "pathAny") => {
                    let expression = a.required_str("argument", "a path acceptor")?;
                    let (comparator, expected) = match (kind, expected) {
                        ("path", Json::Bool(b)) => (PathComparator::BooleanEquals, b.to_string()),
                        ("path", Json::String(s)) => (PathComparator::StringEquals, s.clone()),
                        ("pathAll", Json::String(s)) => (PathComparator::AllStringEquals, s.clone()),
                        ("pathAny", Json::String(s)) => (PathComparator::AnyStringEquals, s.clone()),
                        _ => {
                            return Err(acceptor_error(
                                &a.ptr("expected"),
                                name,
                                index,
                                format!("{kind} expects a string{}", if kind == "path" { " or a boolean" } else { "" }),
                            ));
                        }
                    };
                    Matcher::Path {
                        path: path(expression, &a.ptr("argument"), name, index)?,
                        expression: expression.to_owned(),
                        comparator,
                        expected,
                        input: false,
                    }
                }
                "error" => match expected {
                    Json::String(code) => Matcher::ErrorCode(code.clone()),
                    Json::Bool(any_error) => Matcher::Success(!any_error),
                    _ => return Err(acceptor_error(&at, name, index, "error expects a code, or true or false")),
                },
                "status" => match a.u16("expected").ok().flatten() {
                    Some(status) if (100..600).contains(&status) => Matcher::Status(status),
                    _ => return Err(acceptor_error(&at, name, index, "status expects an HTTP status")),
                },
                other => {
                    return Err(acceptor_error(
                        &a.ptr("matcher"),
                        name,
                        index,
                        format!(
                            "the matcher {} is none of path, pathAll, pathAny, error, status",
                            quote_for_message(other)
                        ),
                    ));
                }
            };
            acceptors.push(Acceptor { state, matcher, origin: at });
        }
        let waiter = Waiter {
            name: name.clone(),
            documentation: f.string("description")?,
            min_delay: delay,
            max_delay: delay.max(DEFAULT_MAX_DELAY),
            max_attempts,
            acceptors,
            deprecated: false,
            origin: at.clone(),
        };
        match model.operations.iter_mut().find(|op| op.name == operation) {
            Some(op) => op.waiters.push(waiter),
            None => warnings.push(Warning {
                pointer: at,
                message: format!(
                    "waiters-2.json: the waiter {} polls {}, which the model does not have; read past",
                    quote_for_message(name),
                    quote_for_message(operation)
                ),
                operation: Some(operation.to_owned()),
            }),
        }
    }
    Ok(warnings)
}

/// The waiters of a Smithy operation's `smithy.waiters#waitable` trait (`value`, read at `at`).
///
/// # Errors
///
/// A malformed waiter or acceptor, and an expression that does not parse.
pub fn read_smithy(value: &Json, at: &Pointer) -> Result<Vec<Waiter>, ModelError> {
    let top = Fields::of(value, at, "the waiters")?;
    let mut waiters = Vec::new();
    for (name, value) in top.entries() {
        let at = top.ptr(name);
        let f = Fields::of(value, &at, "a waiter")?;
        let min_delay = seconds(&f, "minDelay")?.unwrap_or(DEFAULT_MIN_DELAY);
        let max_delay = seconds(&f, "maxDelay")?.unwrap_or(DEFAULT_MAX_DELAY);
        if max_delay < min_delay {
            return Err(ModelError::new(
                &at,
                format!("waiter {}: maxDelay is below minDelay", quote_for_message(name)),
            ));
        }
        let acceptors_at = f.ptr("acceptors");
        let items = f.array("acceptors")?.ok_or_else(|| ModelError::new(&at, "a waiter without acceptors"))?;
        let mut acceptors = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            let at = acceptors_at.index(index);
            let a = Fields::of(item, &at, "an acceptor")?;
            let state = state(&a, name, index)?;
            let m = a
                .object("matcher", "an acceptor's matcher")?
                .ok_or_else(|| acceptor_error(&at, name, index, "no matcher"))?;
            let matcher = match m.entries() {
                [(kind, value)] => match kind.as_str() {
                    "output" | "inputOutput" => {
                        let p = Fields::of(value, &m.ptr(kind), "a path matcher")?;
                        let expression = p.required_str("path", "a path matcher")?;
                        let comparator = match p.required_str("comparator", "a path matcher")? {
                            "stringEquals" => PathComparator::StringEquals,
                            "booleanEquals" => PathComparator::BooleanEquals,
                            "allStringEquals" => PathComparator::AllStringEquals,
                            "anyStringEquals" => PathComparator::AnyStringEquals,
                            other => {
                                return Err(acceptor_error(
                                    &p.ptr("comparator"),
                                    name,
                                    index,
                                    format!("the comparator {} is not one of Smithy's", quote_for_message(other)),
                                ));
                            }
                        };
                        let expected = p.required_str("expected", "a path matcher")?.to_owned();
                        if comparator == PathComparator::BooleanEquals && !matches!(expected.as_str(), "true" | "false")
                        {
                            return Err(acceptor_error(
                                &p.ptr("expected"),
                                name,
                                index,
                                "booleanEquals expects true or false",
                            ));
                        }
                        Matcher::Path {
                            path: path(expression, &p.ptr("path"), name, index)?,
                            expression: expression.to_owned(),
                            comparator,
                            expected,
                            input: kind == "inputOutput",
                        }
                    }
                    "success" => match value {
                        Json::Bool(success) => Matcher::Success(*success),
                        _ => return Err(acceptor_error(&m.ptr(kind), name, index, "success expects true or false")),
                    },
                    "errorType" => match value {
                        // A shape id or a name: the error's name is what its code is.
                        Json::String(error) => Matcher::ErrorCode(error.rsplit('#').next().unwrap_or(error).to_owned()),
                        _ => return Err(acceptor_error(&m.ptr(kind), name, index, "errorType expects a name")),
                    },
                    other => {
                        return Err(acceptor_error(
                            &m.ptr(other),
                            name,
                            index,
                            format!("the matcher {} is not one of Smithy's", quote_for_message(other)),
                        ));
                    }
                },
                _ => return Err(acceptor_error(&at, name, index, "a matcher has exactly one member")),
            };
            acceptors.push(Acceptor { state, matcher, origin: at });
        }
        waiters.push(Waiter {
            name: name.clone(),
            documentation: f.string("documentation")?,
            min_delay,
            max_delay,
            max_attempts: None,
            acceptors,
            deprecated: f.get("deprecated").is_some_and(|v| matches!(v, Json::Bool(true))),
            origin: at,
        });
    }
    Ok(waiters)
}
