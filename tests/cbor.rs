//! Smithy RPC v2 CBOR, built and read by the generated operations: the request's path,
//! headers and body byte for byte where the encoding is fixed, every form of value written by a
//! request and read back from a response, errors by `__type`, and malformed bodies. The
//! compliance suites (`protocol/`) check the protocol's rules case by case.

use std::collections::HashMap;

use shapegen_runtime::ServiceError;
use shapegen_runtime::http::Response;
use shapegen_tests::rpc_v2_cbor::operations::{Ping, PutThing, PutThingError};
use shapegen_tests::rpc_v2_cbor::{Choice, Color, Pong, Thing};

const ENDPOINT: &str = "https://things.us-east-1.amazonaws.com";

fn response(status: u16, body: &[u8]) -> Response<Vec<u8>> {
    Response::builder()
        .status(status)
        .header("smithy-protocol", "rpc-v2-cbor")
        .header("content-type", "application/cbor")
        .body(body.to_vec())
        .unwrap()
}

/// A CBOR text string of fewer than 24 bytes.
fn text(s: &str) -> Vec<u8> {
    let mut out = vec![0x60 + s.len() as u8];
    out.extend_from_slice(s.as_bytes());
    out
}

#[test]
fn a_request_is_a_post_to_the_operation_with_a_cbor_map() {
    let thing = Thing::builder().name("a").token("t").build().unwrap();
    let request = PutThing::request(&thing, ENDPOINT).unwrap();
    assert_eq!(request.method(), "POST");
    assert_eq!(request.uri(), "https://things.us-east-1.amazonaws.com/service/ThingService/operation/PutThing");
    assert_eq!(request.headers()["smithy-protocol"], "rpc-v2-cbor");
    assert_eq!(request.headers()["accept"], "application/cbor");
    assert_eq!(request.headers()["content-type"], "application/cbor");
    assert!(request.headers().get("x-amz-target").is_none());
    let mut expected = vec![0xbf];
    expected.extend(text("Name"));
    expected.extend(text("a"));
    expected.extend(text("Token"));
    expected.extend(text("t"));
    expected.push(0xff);
    assert_eq!(request.body(), &expected);

    // Without a token, a fresh one.
    let request = PutThing::request(&Thing::builder().name("a").build().unwrap(), ENDPOINT).unwrap();
    assert!(request.body().windows(6).any(|w| w == text("Token").as_slice()));

    // An operation without input sends no body and no content type.
    let request = Ping::request(ENDPOINT).unwrap();
    assert_eq!(request.uri(), "https://things.us-east-1.amazonaws.com/service/ThingService/operation/Ping");
    assert!(request.body().is_empty());
    assert!(request.headers().get("content-type").is_none());
    assert_eq!(request.headers()["content-length"], "0");
}

fn every_value() -> Thing {
    let when: jiff::Timestamp = "2014-04-29T18:30:38.25Z".parse().unwrap();
    Thing::builder()
        .name("é \u{0} \"x\"")
        .count(-70000)
        .big(i64::MIN)
        .small(f32::NAN)
        .ratio(f64::NEG_INFINITY)
        .enabled(false)
        .data(vec![0, 1, 255])
        .when(when)
        .color(Color::Unknown("purple".to_owned()))
        .tags(vec![String::new(), "x".to_owned()])
        .holes(vec![None, Some("y".to_owned())])
        .attributes(HashMap::from([("a".to_owned(), 1), ("b".to_owned(), -2)]))
        .optional(HashMap::from([(Color::Red, Some("r".to_owned())), (Color::Green, None)]))
        .choice(Choice::Nested(Pong::builder().at(when).build()))
        .child(Thing::builder().name("child").choice(Choice::Number(7)).build().unwrap())
        .token("t")
        .build()
        .unwrap()
}

#[test]
fn every_value_written_by_a_request_reads_back_from_a_response() {
    let thing = every_value();
    let request = PutThing::request(&thing, ENDPOINT).unwrap();
    let read = PutThing::response(&response(200, request.body())).unwrap();
    // NaN is not equal to itself: compare the rest, then the NaN.
    assert!(read.small.unwrap().is_nan());
    let mut expected = thing.clone();
    expected.small = None;
    let mut read = read;
    read.small = None;
    assert_eq!(read, expected);
}

#[test]
fn borrowed_strings_read_the_same_values() {
    use shapegen_tests::rpc_v2_cbor_borrowed::operations::PutThing as BorrowedPutThing;

    let request = PutThing::request(&every_value(), ENDPOINT).unwrap();
    let response = response(200, request.body());
    let read = BorrowedPutThing::response(&response).unwrap();
    assert_eq!(read.name, "é \u{0} \"x\"");
    assert!(matches!(read.name, std::borrow::Cow::Borrowed(_)), "borrowed from the body");
    assert_eq!(read.child.unwrap().name, "child");
}

#[test]
fn errors_by_their_type() {
    let mut body = vec![0xbf];
    body.extend(text("__type"));
    body.extend([0x78, 27]);
    body.extend(b"smithy.things#ThingConflict");
    body.extend(text("Message"));
    body.extend(text("held"));
    body.extend(text("Holder"));
    body.extend(text("h"));
    body.push(0xff);
    match PutThing::response(&response(409, &body)).unwrap_err() {
        PutThingError::ThingConflict(error) => {
            assert_eq!((error.message.as_deref(), error.holder.as_deref()), (Some("held"), Some("h")));
            assert_eq!((error.code(), error.status()), (Some("ThingConflict"), Some(409)));
        }
        other => panic!("{other:?}"),
    }
    let mut unlisted = vec![0xa1];
    unlisted.extend(text("__type"));
    unlisted.extend(text("Throttled"));
    let error = PutThing::response(&response(400, &unlisted)).unwrap_err();
    assert!(matches!(error, PutThingError::Unmodeled(_)), "{error:?}");
    assert_eq!(error.code(), Some("Throttled"));
}

#[test]
fn a_malformed_body_is_an_error_naming_the_place() {
    let mut body = vec![0xa1];
    body.extend(text("Tags"));
    body.extend([0x82, 0x61, b'a', 0x01]);
    let error = PutThing::response(&response(200, &body)).unwrap_err();
    assert!(matches!(error, PutThingError::Malformed(_)), "{error:?}");
    assert!(error.to_string().contains("body.Tags[1]: expected a text string, found an integer"), "{error}");
    let error = PutThing::response(&response(200, &[0xbf, 0x61])).unwrap_err();
    assert!(error.to_string().contains("malformed CBOR"), "{error}");
}
