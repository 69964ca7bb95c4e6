//! GuardDuty's operations on the wire, as a user of `guardduty-types` calls them: requests
//! built from inputs, outputs and errors read from responses, and paging from ListFindings to
//! GetFindings.

use guardduty_types::operations::{GetFindings, GetFindingsError, ListFindings, ListFindingsError};
use guardduty_types::{GetFindingsRequest, ListFindingsRequest, ListFindingsResponse, OrderBy, SortCriteria};
use serde_json::{Value, json};
use shapegen_runtime::http::{self, Request, Response};
use shapegen_runtime::request::RequestError;
use shapegen_runtime::{Operation, Paginated, ServiceError};

const ENDPOINT: &str = "https://guardduty.us-east-1.amazonaws.com";
const DETECTOR: &str = "12abc34d567e8fa901bc2d34e56789f0";
const FULL_RESPONSE: &str = include_str!("fixtures/get-findings-response.json");

fn header<'r>(request: &'r Request<Vec<u8>>, name: &str) -> Option<&'r str> {
    request.headers().get(name).and_then(|v| v.to_str().ok())
}

fn response(status: u16, headers: &[(&str, &str)], body: &str) -> Response<Vec<u8>> {
    let mut builder = http::Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(body.as_bytes().to_vec()).unwrap()
}

fn get_findings_input() -> GetFindingsRequest {
    GetFindingsRequest::builder()
        .detector_id(DETECTOR)
        .finding_ids(vec!["finding-1".to_owned(), "finding-2".to_owned()])
        .sort_criteria(SortCriteria::builder().attribute_name("severity").order_by(OrderBy::Desc).build())
        .build()
        .unwrap()
}

#[test]
fn get_findings_is_a_post_to_the_detectors_uri_with_the_json_body() {
    let request = GetFindings::request(&get_findings_input(), ENDPOINT).unwrap();
    assert_eq!(request.method(), "POST");
    assert_eq!(request.uri(), &*format!("{ENDPOINT}/detector/{DETECTOR}/findings/get"));
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    assert_eq!(header(&request, "content-length"), Some(&*request.body().len().to_string()));
    // The detector id travels in the URI only.
    let body: Value = serde_json::from_slice(request.body()).unwrap();
    assert_eq!(
        body,
        json!({"findingIds": ["finding-1", "finding-2"], "sortCriteria": {"attributeName": "severity", "orderBy": "DESC"}})
    );
}

#[test]
fn labels_are_percent_encoded_and_an_empty_one_is_an_error_naming_the_member() {
    let mut input = get_findings_input();
    input.detector_id = "a b/c?d".to_owned();
    let request = GetFindings::request(&input, ENDPOINT).unwrap();
    assert_eq!(request.uri().path(), "/detector/a%20b%2Fc%3Fd/findings/get");

    input.detector_id = String::new();
    let err = GetFindings::request(&input, ENDPOINT).unwrap_err();
    assert!(matches!(err, RequestError::EmptyLabel { member: "DetectorId" }), "{err:?}");
    assert_eq!(err.member(), Some("DetectorId"));
}

#[test]
fn endpoints_keep_their_base_path_and_bad_ones_are_errors() {
    let request = GetFindings::request(&get_findings_input(), "http://127.0.0.1:8080/proxy/").unwrap();
    assert_eq!(request.uri(), &*format!("http://127.0.0.1:8080/proxy/detector/{DETECTOR}/findings/get"));
    for bad in ["guardduty.us-east-1.amazonaws.com", "https://", "https://host/?query"] {
        let err = GetFindings::request(&get_findings_input(), bad).unwrap_err();
        assert!(matches!(err, RequestError::InvalidEndpoint { .. }), "{bad}: {err:?}");
    }
}

#[test]
fn a_success_reads_the_output_as_json_from_slice_does() {
    let output = GetFindings::response(&response(200, &[], FULL_RESPONSE)).unwrap();
    let direct: guardduty_types::GetFindingsResponse =
        guardduty_types::json::from_slice(FULL_RESPONSE.as_bytes()).unwrap();
    assert_eq!(output, direct);
    assert!(!output.findings.is_empty());
    // An empty body is an empty output, as the JSON protocols allow.
    assert_eq!(GetFindings::response(&response(200, &[], "")).unwrap(), Default::default());
}

#[test]
fn a_malformed_success_body_is_an_error_naming_the_place() {
    let mut body: Value = serde_json::from_str(FULL_RESPONSE).unwrap();
    body["findings"][0]["severity"] = json!("high");
    let err = GetFindings::response(&response(200, &[], &body.to_string())).unwrap_err();
    let GetFindingsError::Malformed(malformed) = &err else { panic!("{err:?}") };
    assert_eq!(malformed.place(), "body.findings[0].severity");
    assert_eq!(err.status(), Some(200));
    assert!(err.to_string().starts_with("body.findings[0].severity: invalid value"), "{err}");
    for truncated in ["{\"findings\": [", "not json", "{\"findings\": 5}"] {
        let err = GetFindings::response(&response(200, &[], truncated)).unwrap_err();
        assert!(matches!(err, GetFindingsError::Malformed(_)), "{truncated}: {err:?}");
    }
}

#[test]
fn modeled_errors_are_found_by_the_header_the_type_or_the_code() {
    let message = "The request is rejected because the input detectorId is not owned by the current account.";
    let body = json!({"message": message, "__type": "InvalidInputException"}).to_string();
    let cases = [
        vec![("X-Amzn-ErrorType", "BadRequestException:http://internal.amazon.com/coral/com.amazon.coral.validate/")],
        vec![("x-amzn-errortype", "BadRequestException")],
    ];
    for headers in cases {
        let err = GetFindings::response(&response(400, &headers, &body)).unwrap_err();
        let GetFindingsError::BadRequestException(error) = &err else { panic!("{err:?}") };
        assert_eq!(error.message.as_deref(), Some(message));
        // The body's own `__type` member is kept as the model has it.
        assert_eq!(error.r#type.as_deref(), Some("InvalidInputException"));
        assert_eq!((err.code(), err.message(), err.status()), (Some("BadRequestException"), Some(message), Some(400)));
        assert_eq!(err.to_string(), format!("BadRequestException: {message}"));
        // The enum is transparent: it says its error's message once, and is not its own
        // error's source (a report would print the message twice).
        assert!(std::error::Error::source(&err).is_none());
        assert_eq!((error.code(), error.message(), error.status()), (err.code(), err.message(), err.status()));
    }
    // Without the header, the body's `__type` (namespace and URI dropped) or `code`.
    for body in [
        json!({"__type": "com.amazonaws.guardduty#InternalServerErrorException", "message": "boom"}),
        json!({"code": "InternalServerErrorException:http://x/", "Message": "boom"}),
    ] {
        let err = ListFindings::response(&response(500, &[], &body.to_string())).unwrap_err();
        assert!(matches!(err, ListFindingsError::InternalServerErrorException(_)), "{err:?}");
        assert_eq!((err.code(), err.message()), (Some("InternalServerErrorException"), Some("boom")));
    }
}

#[test]
fn an_error_the_model_does_not_list_keeps_code_message_status_and_body() {
    let body = r#"{"message": "Rate exceeded"}"#;
    let err = GetFindings::response(&response(429, &[("X-Amzn-ErrorType", "ThrottlingException")], body)).unwrap_err();
    let GetFindingsError::Unmodeled(unmodeled) = &err else { panic!("{err:?}") };
    assert_eq!(unmodeled.body(), body.as_bytes());
    assert_eq!(
        (err.code(), err.message(), err.status()),
        (Some("ThrottlingException"), Some("Rate exceeded"), Some(429))
    );
    // No code at all: the status says what there is.
    let err = GetFindings::response(&response(503, &[], "<html>Service Unavailable</html>")).unwrap_err();
    assert_eq!((err.code(), err.status()), (None, Some(503)));
    assert!(err.to_string().contains("503"), "{err}");
    // A modeled error with a body that cannot be read is a malformed response, not a panic.
    let err = GetFindings::response(&response(400, &[("X-Amzn-ErrorType", "BadRequestException")], "{\"message\": 5}"))
        .unwrap_err();
    assert!(matches!(err, GetFindingsError::Malformed(_)), "{err:?}");
    // Its code is not the one the service sent: the response was not read. Its message says
    // where reading failed.
    assert_eq!((err.code(), err.status()), (None, Some(400)));
    assert_eq!(err.message(), Some(err.to_string().split_once(": ").unwrap().1));
}

#[test]
fn list_findings_pages_until_there_is_no_token() {
    let input = ListFindingsRequest::builder().detector_id(DETECTOR).max_results(2).build().unwrap();
    let request = ListFindings::request(&input, ENDPOINT).unwrap();
    assert_eq!(request.uri().path(), format!("/detector/{DETECTOR}/findings"));
    assert_eq!(serde_json::from_slice::<Value>(request.body()).unwrap(), json!({"maxResults": 2}));

    let first =
        ListFindings::response(&response(200, &[], r#"{"findingIds": ["a", "b"], "nextToken": "page-2"}"#)).unwrap();
    assert_eq!(ListFindings::items(&first), ["a", "b"]);
    let next = ListFindings::next_request(&input, &first).unwrap();
    assert_eq!(next.next_token.as_deref(), Some("page-2"));
    assert_eq!((next.detector_id.as_str(), next.max_results), (DETECTOR, Some(2)));
    let request = ListFindings::request(&next, ENDPOINT).unwrap();
    assert_eq!(
        serde_json::from_slice::<Value>(request.body()).unwrap(),
        json!({"maxResults": 2, "nextToken": "page-2"})
    );

    // The last page: no token, an empty one, or the token just sent again (which would
    // otherwise ask for the same page forever).
    let same = r#"{"findingIds": ["c"], "nextToken": "page-2"}"#;
    for last in [r#"{"findingIds": ["c"]}"#, r#"{"findingIds": ["c"], "nextToken": ""}"#, "{}", same] {
        let output: ListFindingsResponse = ListFindings::response(&response(200, &[], last)).unwrap();
        assert_eq!(ListFindings::next_request(&next, &output), None, "{last}");
    }
    assert!(ListFindings::items(&ListFindingsResponse::default()).is_empty());
}

/// Any operation through the traits, as a client generic over operations would: the output
/// as `Debug` prints it, or the error's code and status.
fn call<O: Operation>(input: &O::Input<'_>, answer: &Response<Vec<u8>>) -> Result<String, String>
where
    for<'a> O::Output<'a>: std::fmt::Debug,
{
    let request = O::request(input, ENDPOINT.into()).map_err(|e| e.to_string())?;
    assert!(request.uri().to_string().starts_with(ENDPOINT));
    match O::response(answer) {
        Ok(output) => Ok(format!("{output:?}")),
        Err(err) => Err(format!("{} {:?} {:?}", O::NAME, err.code(), err.status())),
    }
}

#[test]
fn every_operation_is_an_operation() {
    let output = call::<GetFindings>(&get_findings_input(), &response(200, &[], FULL_RESPONSE)).unwrap();
    assert!(output.contains("account_id: \"111122223333\""), "{output}");
    let input = ListFindingsRequest::builder().detector_id(DETECTOR).build().unwrap();
    let throttled = response(429, &[("X-Amzn-ErrorType", "ThrottlingException")], "{}");
    assert_eq!(
        call::<ListFindings>(&input, &throttled),
        Err("ListFindings Some(\"ThrottlingException\") Some(429)".to_owned())
    );
    let mut output = ListFindingsResponse::default();
    output.finding_ids = vec!["a".to_owned()];
    output.next_token = Some("t".to_owned());
    let next = <ListFindings as Paginated>::next_request(&input, &output).unwrap();
    assert_eq!(next.next_token.as_deref(), Some("t"));
}

/// With borrowed strings, the output borrows from the response's body.
#[test]
fn borrowed_outputs_borrow_from_the_response() {
    use shapegen_tests::guardduty_2026_borrowed::operations::GetFindings;
    let body = r#"{"findings": [{"id": "finding-1", "accountId": "111122223333"}]}"#;
    let answer = response(200, &[], body);
    let output = GetFindings::response(&answer).unwrap();
    let finding = &output.findings.as_ref().unwrap()[0];
    let id: &str = finding.id.as_deref().unwrap();
    assert_eq!(id, "finding-1");
    let range = answer.body().as_ptr_range();
    assert!(range.contains(&id.as_ptr()), "the id points into the response body");
}
