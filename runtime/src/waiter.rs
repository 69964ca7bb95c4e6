//! Waiters: what generated code says about polling an operation until a resource reaches a
//! state (an instance running, a table active), and the JMESPath values its acceptors compute.
//!
//! A generated waiter (`waiters::InstanceRunning`) implements [`Waiter`]: its operation, its
//! delays, and [`Waiter::accept`], which evaluates its acceptors in order on one poll's result
//! (the output and its HTTP status, or the error) and says which matched and what the wait
//! becomes. A client sends the polls and waits between them ([`delay`]).
//!
//! The acceptors' expressions are compiled by the generator into Rust over the typed output;
//! only the value an expression ends in is a [`Value`] (strings borrowed from the output),
//! and the comparisons and functions of JMESPath over it are here, once.

use std::borrow::Cow;
use std::time::Duration;

use crate::Operation;

/// A JMESPath value, as an acceptor's expression computes it: strings borrowed from the
/// output where they can be.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// `null`: an absent member, or what an expression gives for a value of the wrong type.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string (an enum's value, a timestamp in RFC 3339).
    String(Cow<'a, str>),
    /// A list.
    List(Vec<Value<'a>>),
    /// An object (a structure, a map), by how many members it has: its members are not read.
    Object(usize),
}

impl<'a> Value<'a> {
    /// A string borrowed from the output.
    pub fn string(text: &'a (impl AsRef<str> + ?Sized)) -> Value<'a> {
        Value::String(Cow::Borrowed(text.as_ref()))
    }

    /// A number.
    pub fn number(n: impl Into<f64>) -> Value<'a> {
        Value::Number(n.into())
    }

    /// A whole number too large for `f64` to hold exactly is held as near as it can.
    #[allow(clippy::cast_precision_loss)]
    pub fn integer(n: i64) -> Value<'a> {
        Value::Number(n as f64)
    }

    /// A list of the values `items` gives; `None` (the list projected from is absent) is null.
    pub fn list(items: Option<impl IntoIterator<Item = Value<'a>>>) -> Value<'a> {
        match items {
            Some(items) => Value::List(items.into_iter().collect()),
            None => Value::Null,
        }
    }

    /// JMESPath's truth: false for null, `false`, an empty string, list or object.
    pub fn is_truthy(&self) -> bool {
        match self {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Number(_) => true,
            Value::String(s) => !s.is_empty(),
            Value::List(items) => !items.is_empty(),
            Value::Object(members) => *members > 0,
        }
    }
}

/// A JMESPath comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparator {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

/// `a op b`, as JMESPath compares: `==` and `!=` on any values (lists element by element;
/// objects, whose members are not read, equal only when both are empty); the orderings on
/// numbers only, null otherwise.
pub fn compare<'a>(op: Comparator, a: &Value<'_>, b: &Value<'_>) -> Value<'a> {
    match op {
        Comparator::Eq => Value::Bool(equal(a, b)),
        Comparator::Ne => Value::Bool(!equal(a, b)),
        _ => match (a, b) {
            (Value::Number(x), Value::Number(y)) => Value::Bool(match op {
                Comparator::Lt => x < y,
                Comparator::Le => x <= y,
                Comparator::Gt => x > y,
                _ => x >= y,
            }),
            _ => Value::Null,
        },
    }
}

fn equal(a: &Value<'_>, b: &Value<'_>) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Number(x), Value::Number(y)) => x == y,
        (Value::String(x), Value::String(y)) => x == y,
        (Value::List(x), Value::List(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| equal(x, y)),
        (Value::Object(0), Value::Object(0)) => true,
        _ => false,
    }
}

/// JMESPath's `length()`: of a string, its characters; of a list or an object, its items;
/// null for anything else.
pub fn length<'a>(value: &Value<'_>) -> Value<'a> {
    match value {
        Value::String(s) => Value::integer(i64::try_from(s.chars().count()).unwrap_or(i64::MAX)),
        Value::List(items) => Value::integer(i64::try_from(items.len()).unwrap_or(i64::MAX)),
        Value::Object(members) => Value::integer(i64::try_from(*members).unwrap_or(i64::MAX)),
        _ => Value::Null,
    }
}

/// `a && b`: `a` when it is false (JMESPath's truth), else `b`.
pub fn and<'a>(a: Value<'a>, b: impl FnOnce() -> Value<'a>) -> Value<'a> {
    if a.is_truthy() { b() } else { a }
}

/// `a || b`: `a` when it is true (JMESPath's truth), else `b`.
pub fn or<'a>(a: Value<'a>, b: impl FnOnce() -> Value<'a>) -> Value<'a> {
    if a.is_truthy() { a } else { b() }
}

/// `!a`.
pub fn not<'a>(a: &Value<'_>) -> Value<'a> {
    Value::Bool(!a.is_truthy())
}

/// Smithy's `stringEquals`: the value is a string equal to `expected`.
pub fn string_equals(value: &Value<'_>, expected: &str) -> bool {
    matches!(value, Value::String(s) if s == expected)
}

/// Smithy's `booleanEquals`: the value is a boolean equal to `expected`.
pub fn boolean_equals(value: &Value<'_>, expected: bool) -> bool {
    matches!(value, Value::Bool(b) if *b == expected)
}

/// Smithy's `allStringEquals`: the value is a list, not empty, of strings each equal to
/// `expected`.
pub fn all_string_equals(value: &Value<'_>, expected: &str) -> bool {
    matches!(value, Value::List(items) if !items.is_empty() && items.iter().all(|item| string_equals(item, expected)))
}

/// Smithy's `anyStringEquals`: the value is a list with a string equal to `expected`.
pub fn any_string_equals(value: &Value<'_>, expected: &str) -> bool {
    matches!(value, Value::List(items) if items.iter().any(|item| string_equals(item, expected)))
}

/// What one poll gave: the output and the response's status, or the operation's error.
#[derive(Debug)]
pub enum Poll<'p, O, E> {
    /// The operation succeeded.
    Output {
        /// The response's HTTP status.
        status: u16,
        /// What it read.
        output: &'p O,
    },
    /// The service answered with an error.
    Error {
        /// The response's HTTP status.
        status: u16,
        /// The operation's error.
        error: &'p E,
    },
}

impl<O, E> Poll<'_, O, E> {
    /// The response's HTTP status.
    pub fn status(&self) -> u16 {
        match self {
            Poll::Output { status, .. } | Poll::Error { status, .. } => *status,
        }
    }
}

impl<O, E> Clone for Poll<'_, O, E> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<O, E> Copy for Poll<'_, O, E> {}

/// What a matching acceptor makes of the wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum State {
    /// Done: what was waited for happened.
    Success,
    /// Done: it will not happen.
    Failure,
    /// Poll again.
    Retry,
}

/// The acceptor that matched a poll: its place in the waiter's list, and its state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Accepted {
    /// The acceptor's index, from 0, in the model's order.
    pub acceptor: usize,
    /// What the wait becomes.
    pub state: State,
}

/// A waiter of the model: an operation polled until an acceptor ends the wait.
pub trait Waiter {
    /// The operation polled.
    type Operation: Operation;

    /// The waiter's name in the model, such as `InstanceRunning`.
    const NAME: &'static str;

    /// The shortest wait between polls (botocore `delay`, Smithy `minDelay`).
    const MIN_DELAY: Duration;

    /// The longest wait between polls (Smithy `maxDelay`).
    const MAX_DELAY: Duration;

    /// The longest wait in all, when the model implies one (botocore: `delay` ×
    /// `maxAttempts`); a caller gives its own for Smithy's waiters.
    const MAX_WAIT: Option<Duration>;

    /// The first of the acceptors that matches `poll`, the result of sending `input`; `None`
    /// when none does (another poll after a success; a failure after an error).
    fn accept<'o>(
        input: &<Self::Operation as Operation>::Input<'_>,
        poll: Poll<'_, <Self::Operation as Operation>::Output<'o>, <Self::Operation as Operation>::Error<'o>>,
    ) -> Option<Accepted>;
}

/// The wait before poll `attempt` + 1 (after `attempt` polls, from 1), as Smithy's waiter
/// specification computes it: `min_delay` doubled each attempt up to `max_delay`, a random
/// point between `min_delay` and that (`jitter`, from 0 to 1, picks it), and no later than
/// `min_delay` before the end of the wait; `None` when less than `min_delay` is left
/// (`remaining`), and the wait is over.
pub fn delay(
    attempt: u32,
    min_delay: Duration,
    max_delay: Duration,
    remaining: Duration,
    jitter: f64,
) -> Option<Duration> {
    if remaining <= min_delay {
        return None;
    }
    let max_delay = max_delay.max(min_delay);
    let doubled = min_delay.checked_mul(1u32.checked_shl(attempt.saturating_sub(1)).unwrap_or(u32::MAX));
    let ceiling = doubled.map_or(max_delay, |doubled| doubled.min(max_delay));
    let span = ceiling.saturating_sub(min_delay);
    let delay = min_delay + span.mul_f64(jitter.clamp(0.0, 1.0));
    Some(if remaining.saturating_sub(delay) <= min_delay { remaining - min_delay } else { delay })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> Value<'_> {
        Value::string(text)
    }

    #[test]
    fn comparisons_as_jmespath_has_them() {
        assert_eq!(compare(Comparator::Eq, &s("a"), &s("a")), Value::Bool(true));
        assert_eq!(compare(Comparator::Eq, &Value::Number(1.0), &s("1")), Value::Bool(false));
        assert_eq!(compare(Comparator::Ne, &Value::Null, &Value::Null), Value::Bool(false));
        assert_eq!(compare(Comparator::Gt, &Value::Number(2.0), &Value::Number(1.0)), Value::Bool(true));
        // Orderings of anything but numbers are null.
        assert_eq!(compare(Comparator::Lt, &s("a"), &s("b")), Value::Null);
        assert_eq!(compare(Comparator::Ge, &Value::Null, &Value::Number(0.0)), Value::Null);
        let list = Value::List(vec![s("x"), Value::Number(1.0)]);
        assert_eq!(compare(Comparator::Eq, &list, &list.clone()), Value::Bool(true));
        assert_eq!(length(&s("héllo")), Value::Number(5.0));
        assert_eq!(length(&Value::Number(3.0)), Value::Null);
        assert_eq!(and(Value::List(vec![]), || s("b")), Value::List(vec![]));
        assert_eq!(or(Value::Null, || s("b")), s("b"));
        assert_eq!(not(&Value::Object(0)), Value::Bool(true));
    }

    #[test]
    fn smithys_comparators() {
        let running = Value::List(vec![s("running"), s("running")]);
        assert!(all_string_equals(&running, "running") && any_string_equals(&running, "running"));
        // An empty list is no match for allStringEquals.
        assert!(!all_string_equals(&Value::List(vec![]), "running"));
        assert!(!all_string_equals(&Value::Null, "running"));
        let mixed = Value::List(vec![s("pending"), s("running")]);
        assert!(!all_string_equals(&mixed, "running") && any_string_equals(&mixed, "running"));
        assert!(string_equals(&s("ACTIVE"), "ACTIVE") && !string_equals(&Value::Null, "ACTIVE"));
        assert!(boolean_equals(&Value::Bool(true), true) && !boolean_equals(&s("true"), true));
    }

    #[test]
    fn delays_as_smithy_specifies() {
        let (min, max) = (Duration::from_secs(2), Duration::from_secs(120));
        let hour = Duration::from_secs(3600);
        // Without jitter, the least; with all of it, the doubled delay, up to the most.
        assert_eq!(delay(1, min, max, hour, 0.0), Some(min));
        assert_eq!(delay(1, min, max, hour, 1.0), Some(min));
        assert_eq!(delay(3, min, max, hour, 1.0), Some(Duration::from_secs(8)));
        assert_eq!(delay(30, min, max, hour, 1.0), Some(max));
        assert_eq!(delay(200, min, max, hour, 1.0), Some(max));
        // Near the end, no later than the least delay before it; after, none.
        assert_eq!(delay(30, min, max, Duration::from_secs(10), 1.0), Some(Duration::from_secs(8)));
        assert_eq!(delay(1, min, max, Duration::from_secs(2), 0.5), None);
        // A least delay above the most: the least.
        assert_eq!(
            delay(5, Duration::from_secs(30), Duration::from_secs(10), hour, 1.0),
            Some(Duration::from_secs(30))
        );
    }
}
