//! Calls through the generated operations, written in the fixture crate's edition: a request
//! built and a response or an error read, for each protocol. That the crate compiles is most
//! of the proof; these show the generated API is usable from that edition's code.

use shapegen_runtime::http::Response;
use shapegen_runtime::ServiceError;

const ENDPOINT: &str = "https://things.us-east-1.amazonaws.com";

fn response(status: u16, body: &[u8]) -> Response<Vec<u8>> {
    Response::builder().status(status).body(body.to_vec()).unwrap()
}

#[test]
fn cbor_request_reads_back_as_a_response() {
    use edition_fixture::rpc_v2_cbor::operations::PutThing;
    use edition_fixture::rpc_v2_cbor::Thing;
    use edition_fixture::rpc_v2_cbor_borrowed::operations::PutThing as BorrowedPutThing;

    let thing = Thing::builder().name("é \"x\"").token("t").build().unwrap();
    let request = PutThing::request(&thing, ENDPOINT).unwrap();
    assert_eq!(request.headers()["smithy-protocol"], "rpc-v2-cbor");
    let read = PutThing::response(&response(200, request.body())).unwrap();
    assert_eq!(read.name, "é \"x\"");
    let borrowed = response(200, request.body());
    let read = BorrowedPutThing::response(&borrowed).unwrap();
    assert!(matches!(read.name, std::borrow::Cow::Borrowed("é \"x\"")));
}

#[test]
fn query_request_and_response() {
    use edition_fixture::query::operations::{GetThing, PutThing};
    use edition_fixture::query::PutThingInput;

    let input = PutThingInput::builder().name("a b").count(-3).build().unwrap();
    let request = PutThing::request(&input, ENDPOINT).unwrap();
    let body = std::str::from_utf8(request.body()).unwrap();
    assert!(body.starts_with("Action=PutThing&Version="), "{}", body);
    assert!(body.contains("Name=a%20b"), "{}", body);

    let xml = b"<GetThingResponse><GetThingResult><Name>n</Name><Count>7</Count></GetThingResult></GetThingResponse>";
    let output = GetThing::response(&response(200, xml)).unwrap();
    assert_eq!((output.name.as_deref(), output.count), (Some("n"), Some(7)));
    let error = b"<ErrorResponse><Error><Code>Throttled</Code><Message>slow down</Message></Error></ErrorResponse>";
    let error = GetThing::response(&response(400, error)).unwrap_err();
    assert_eq!((error.code(), error.message()), (Some("Throttled"), Some("slow down")));
}

#[test]
fn rest_xml_request_and_error() {
    use edition_fixture::rest_xml::operations::{GetThing, PutThing};
    use edition_fixture::rest_xml::Thing;

    let thing = Thing::builder().name("a/b").note("n").build().unwrap();
    let request = PutThing::request(&thing, ENDPOINT).unwrap();
    assert!(request.uri().to_string().contains("a%2Fb"), "{}", request.uri());
    let error = b"<Error><Code>NoSuchThing</Code><Message>gone</Message></Error>";
    let error = GetThing::response(&response(404, error)).unwrap_err();
    assert_eq!((error.code(), error.status()), (Some("NoSuchThing"), Some(404)));
}

#[test]
fn json_error_fills_its_message() {
    use edition_fixture::features::operations::PutThing;

    let body = br#"{"__type": "ThingNotFound", "message": "no such thing"}"#;
    let error = PutThing::response(&response(404, body)).unwrap_err();
    assert_eq!((error.code(), error.message()), (Some("ThingNotFound"), Some("no such thing")));
    let response = response(404, body);
    let error = edition_fixture::features_borrowed::operations::PutThing::response(&response).unwrap_err();
    assert_eq!(error.message(), Some("no such thing"));
}
