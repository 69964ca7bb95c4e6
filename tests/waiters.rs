//! Waiters, compiled and asked about polls: `tests/cases/thing-waiters/model.json`, a Smithy model
//! whose waiters use every matcher (output paths with each comparator, `inputOutput`,
//! `errorType`, `success`) and the expression forms the AWS models use. Each poll is a real
//! `awsJson1_0` response read by the generated operation.

use serde_json::{Value, json};
use shapegen_runtime::waiter::{Poll, State, Waiter};
use shapegen_tests::thing_waiters::DescribeThingsInput;
use shapegen_tests::thing_waiters::operations::DescribeThings;
#[allow(deprecated)]
use shapegen_tests::thing_waiters::waiters::{TaggedReady, ThingGone, ThingReady};

/// What the waiter `W` makes of a response of `status` and `body` to `input`: the acceptor
/// that matched, and its state.
fn accept<W: Waiter<Operation = DescribeThings>>(
    input: &DescribeThingsInput,
    status: u16,
    body: Value,
) -> Option<(usize, State)> {
    let response = shapegen_runtime::http::Response::builder()
        .status(status)
        .header("content-type", "application/x-amz-json-1.0")
        .body(serde_json::to_vec(&body).unwrap())
        .unwrap();
    let poll = DescribeThings::response(&response);
    let accepted = match &poll {
        Ok(output) => W::accept(input, Poll::Output { status, output }),
        Err(error) => W::accept(input, Poll::Error { status, error }),
    };
    accepted.map(|accepted| (accepted.acceptor, accepted.state))
}

fn things(states: &[&str]) -> Value {
    json!({"Things": states.iter().enumerate().map(|(i, state)| json!({"Name": format!("t{i}"), "State": state})).collect::<Vec<_>>()})
}

fn no_input() -> DescribeThingsInput {
    DescribeThingsInput::default()
}

const NOT_FOUND: (u16, fn() -> Value) =
    (400, || json!({"__type": "example.things#ThingNotFound", "message": "no such thing"}));

#[test]
fn every_thing_ready_or_one_failed() {
    let input = no_input();
    let ready = |body| accept::<ThingReady>(&input, 200, body);
    assert_eq!(ready(things(&["READY", "READY"])), Some((0, State::Success)));
    // allStringEquals is false for an empty list, and for no list at all: no match, poll again.
    assert_eq!(ready(things(&[])), None);
    assert_eq!(ready(json!({})), None);
    assert_eq!(ready(things(&["READY", "PENDING"])), None);
    // A failure acceptor ends the wait: any thing FAILED, or any over 100 in size.
    assert_eq!(ready(things(&["READY", "FAILED"])), Some((1, State::Failure)));
    assert_eq!(ready(json!({"Things": [{"Name": "a", "State": "PENDING", "Size": 101}]})), Some((2, State::Failure)));
    assert_eq!(ready(json!({"Things": [{"Name": "a", "State": "PENDING", "Size": 100}]})), None);
    // An error the model names retries; another matches nothing (the wait fails on it).
    assert_eq!(accept::<ThingReady>(&input, NOT_FOUND.0, (NOT_FOUND.1)()), Some((3, State::Retry)));
    assert_eq!(accept::<ThingReady>(&input, 500, json!({"__type": "InternalError"})), None);
    assert_eq!((ThingReady::MIN_DELAY.as_secs(), ThingReady::MAX_DELAY.as_secs(), ThingReady::MAX_WAIT), (5, 60, None));
}

#[test]
fn gone_by_error_by_input_and_output_or_not_yet() {
    let input = DescribeThingsInput::builder().thing_ids(vec!["t0".to_owned()]).build();
    assert_eq!(accept::<ThingGone>(&input, NOT_FOUND.0, (NOT_FOUND.1)()), Some((0, State::Success)));
    // inputOutput: things were asked for, and none came back.
    assert_eq!(accept::<ThingGone>(&input, 200, things(&[])), Some((1, State::Success)));
    // Without things asked for, not acceptor 1; and `!(Things[0].Ready)` is `!null`, true.
    assert_eq!(accept::<ThingGone>(&no_input(), 200, json!({"Things": []})), Some((3, State::Retry)));
    // The last part of the first thing is pending (an index from the end).
    let parts = json!({"Things": [{"Name": "a", "Ready": true, "Parts": [{"State": "READY"}, {"State": "PENDING"}]}]});
    assert_eq!(accept::<ThingGone>(&input, 200, parts), Some((2, State::Retry)));
    // `!(Things[0].Ready) || Things[0].Tags.keep == 'yes'`: not ready, or a map's entry.
    let not_ready = json!({"Things": [{"Name": "a", "Ready": false}]});
    assert_eq!(accept::<ThingGone>(&input, 200, not_ready), Some((3, State::Retry)));
    let kept = json!({"Things": [{"Name": "a", "Ready": true, "Tags": {"keep": "yes"}}]});
    assert_eq!(accept::<ThingGone>(&input, 200, kept), Some((3, State::Retry)));
    let neither = json!({"Things": [{"Name": "a", "Ready": true, "Tags": {"keep": "no"}}]});
    assert_eq!(accept::<ThingGone>(&input, 200, neither), None);
}

#[test]
#[allow(deprecated)] // TaggedReady is, in the model: still generated, marked so.
fn a_maps_values_and_any_error() {
    let input = no_input();
    let tagged = json!({"Things": [{"Name": "a", "Tags": {"stage": "ready", "owner": "ana"}}]});
    assert_eq!(accept::<TaggedReady>(&input, 200, tagged), Some((0, State::Success)));
    assert_eq!(accept::<TaggedReady>(&input, 200, json!({"Things": [{"Name": "a", "Tags": {}}]})), None);
    // `success: false`: any error at all.
    assert_eq!(accept::<TaggedReady>(&input, 500, json!({"__type": "InternalError"})), Some((1, State::Failure)));
}

/// The case's model with `from` replaced by `to` (once), generated: the error, if any.
fn generate_changed(from: &str, to: &str) -> Result<String, String> {
    let model = include_str!("cases/thing-waiters/model.json");
    assert!(model.contains(from), "{from} is not in the model");
    let changed = model.replacen(from, to, 1);
    let loaded = shapegen::read::load(changed.as_bytes(), None).map_err(|error| error.to_string())?;
    shapegen::generate(&loaded.model, &[], &[], &shapegen::Settings::default()).map_err(|error| error.to_string())
}

#[test]
fn a_broken_acceptor_is_an_error_naming_the_waiter_and_the_acceptor() {
    assert!(generate_changed("Things[].State", "Things[].State").is_ok());
    // A member the output's shapes do not have: found when the waiter is generated.
    let error = generate_changed("\"Things[].State\"", "\"Things[].Status\"").unwrap_err();
    assert!(error.contains("waiter \"ThingReady\", acceptor 0: the expression \"Things[].Status\""), "{error}");
    assert!(error.contains("has no member \"Status\""), "{error}");
    // An expression that does not parse: found when the model is read, with its place.
    let error = generate_changed("\"Things[0].Parts[-1].State\"", "\"Things[0].Parts[-1\"").unwrap_err();
    assert!(
        error.contains("waiter \"ThingGone\", acceptor 2: the expression \"Things[0].Parts[-1\" does not parse"),
        "{error}"
    );
    assert!(error.contains("acceptors[2].matcher.output.path"), "{error}");
    // A form no waiter of the AWS models uses, and this generator does not compile.
    let error = generate_changed("\"Things[0].Tags.*\"", "\"Things[0].Tags.* | [0]\"").unwrap_err();
    assert!(error.contains("waiter \"TaggedReady\", acceptor 0") && error.contains("which is not compiled"), "{error}");
}
