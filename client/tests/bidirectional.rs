//! An input event stream sent by the async client over HTTP/2: Bedrock Runtime's
//! `InvokeModelWithBidirectionalStream` against a loopback HTTP/2 server (hyper's, prior
//! knowledge), which recomputes every message's signature itself (HMAC-SHA256 chained from the
//! request's, as AWS specifies the event-stream signing) and answers each event with its bytes;
//! and the blocking client refusing to send one.
#![cfg(all(feature = "async", feature = "eventstream"))]

use std::time::Duration;

use hmac::{Hmac, Mac};
use http_body_util::BodyExt as _;
use sha2::{Digest, Sha256};
use shapegen_client::Client;
use shapegen_client::credentials::Credentials;
use shapegen_client::events::AsyncEventReader;
use shapegen_runtime::events::{EventInput, HeaderValue};
use shapegen_runtime::eventstream::{Decoder, Header, Message, encode, event_message};
use shapegen_scenarios::bedrock_runtime::operations::InvokeModelWithBidirectionalStream;
use shapegen_scenarios::bedrock_runtime::{
    BidirectionalInputPayloadPart, InvokeModelWithBidirectionalStreamInput, InvokeModelWithBidirectionalStreamOutput,
    InvokeModelWithBidirectionalStreamRequest,
};

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The signature of a message whose `:date` header encodes `date_header` and whose payload is
/// `payload`, following `last` (AWS's event-stream signing: `AWS4-HMAC-SHA256-PAYLOAD`).
fn expected_signature(last: &str, date_millis: i64, date_header: &[u8], payload: &[u8]) -> String {
    let time = jiff::Timestamp::from_millisecond(date_millis).unwrap();
    let datetime = time.strftime("%Y%m%dT%H%M%SZ").to_string();
    let date = &datetime[..8];
    let scope = format!("{date}/us-east-1/bedrock/aws4_request");
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256-PAYLOAD\n{datetime}\n{scope}\n{last}\n{}\n{}",
        hex(&Sha256::digest(date_header)),
        hex(&Sha256::digest(payload))
    );
    let key = [date, "us-east-1", "bedrock", "aws4_request"]
        .iter()
        .fold(format!("AWS4{SECRET}").into_bytes(), |key, part| hmac(&key, part.as_bytes()));
    hex(&hmac(&key, string_to_sign.as_bytes()))
}

/// A `:date` header as the framing encodes it: name length, name, type 8, milliseconds.
fn date_header(millis: i64) -> Vec<u8> {
    let mut bytes = vec![5];
    bytes.extend_from_slice(b":date");
    bytes.push(8);
    bytes.extend_from_slice(&millis.to_be_bytes());
    bytes
}

/// What the server found of the request: its head, the inner events' payloads, and whether
/// the stream ended with the empty signed message.
#[derive(Debug, Default)]
struct Seen {
    version: Option<http::Version>,
    content_sha256: Option<String>,
    events: Vec<(String, Vec<u8>)>,
    ended: bool,
}

/// Serves one HTTP/2 connection: checks every message's signature, then answers with a
/// `chunk` event per event received, of the same bytes.
async fn serve(listener: tokio::net::TcpListener, seen: std::sync::Arc<std::sync::Mutex<Seen>>) {
    let (stream, _) = listener.accept().await.unwrap();
    let service = hyper::service::service_fn(move |request: http::Request<hyper::body::Incoming>| {
        let seen = seen.clone();
        async move {
            let authorization = request.headers()["authorization"].to_str().unwrap().to_owned();
            let mut last = authorization.rsplit_once("Signature=").unwrap().1.to_owned();
            {
                let mut seen = seen.lock().unwrap();
                seen.version = Some(request.version());
                seen.content_sha256 =
                    request.headers().get("x-amz-content-sha256").map(|v| v.to_str().unwrap().to_owned());
            }
            let mut body = request.into_body();
            let mut decoder = Decoder::new();
            let mut answers = Vec::new();
            while let Some(frame) = body.frame().await {
                let Ok(data) = frame.unwrap().into_data() else { continue };
                decoder.push(&data);
                while let Some(outer) = decoder.next_message().unwrap() {
                    let view = event_message(&outer);
                    let Some(HeaderValue::Timestamp(millis)) = view.header(":date").copied() else {
                        panic!("no :date")
                    };
                    let Some(HeaderValue::Bytes(signature)) = view.header(":chunk-signature").copied() else {
                        panic!("no :chunk-signature")
                    };
                    let expected = expected_signature(&last, millis, &date_header(millis), view.payload);
                    assert_eq!(hex(signature), expected, "message {} signed in its place in the chain", answers.len());
                    last = expected;
                    if view.payload.is_empty() {
                        seen.lock().unwrap().ended = true;
                        continue;
                    }
                    let mut inner = Decoder::new();
                    inner.push(view.payload);
                    let inner = inner.next_message().unwrap().expect("a whole inner message");
                    let inner_view = event_message(&inner);
                    let event_type = inner_view.event_type().unwrap().to_owned();
                    let part: serde_json::Value = serde_json::from_slice(inner_view.payload).unwrap();
                    seen.lock().unwrap().events.push((event_type, inner_view.payload.to_vec()));
                    let bytes = part["bytes"].as_str().unwrap();
                    let answer = Message::new(format!(r#"{{"bytes":"{bytes}"}}"#).into_bytes())
                        .add_header(Header::new(
                            ":message-type",
                            shapegen_runtime::eventstream::HeaderValue::String("event".into()),
                        ))
                        .add_header(Header::new(
                            ":event-type",
                            shapegen_runtime::eventstream::HeaderValue::String("chunk".into()),
                        ));
                    answers.extend(encode(&answer).unwrap());
                }
            }
            let response = http::Response::builder()
                .header("content-type", "application/vnd.amazon.eventstream")
                .body(http_body_util::Full::new(bytes::Bytes::from(answers)))
                .unwrap();
            Ok::<_, std::convert::Infallible>(response)
        }
    });
    hyper::server::conn::http2::Builder::new(hyper_util::rt::TokioExecutor::new())
        .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
        .await
        .unwrap();
}

fn client(url: &str) -> shapegen_client::Builder {
    Client::builder()
        .region("us-east-1")
        .endpoint_url(url)
        .credentials(Credentials::new("AKIDEXAMPLE", SECRET))
        .timeout(Duration::from_secs(10))
        .without_proxy()
}

fn chunk(bytes: &str) -> InvokeModelWithBidirectionalStreamInput {
    InvokeModelWithBidirectionalStreamInput::Chunk(
        BidirectionalInputPayloadPart::builder().bytes(bytes.as_bytes().to_vec()).build(),
    )
}

fn request(events: Vec<InvokeModelWithBidirectionalStreamInput>) -> InvokeModelWithBidirectionalStreamRequest {
    InvokeModelWithBidirectionalStreamRequest::builder()
        .model_id("amazon.nova-sonic-v1:0")
        .body(EventInput::from_events(events))
        .build()
        .unwrap()
}

#[test]
fn the_async_client_sends_signed_events_over_http2_and_reads_the_answers() {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Seen::default()));
    let answers = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let server = tokio::spawn(serve(listener, seen.clone()));
        let client = client(&url).build_async();
        let input = request(vec![chunk("aGVsbG8="), chunk("d29ybGQ="), chunk("IQ==")]);
        let output = client.send::<InvokeModelWithBidirectionalStream>(&input).await.unwrap();
        let mut reader = AsyncEventReader::new(output.body).unwrap();
        let mut answers = Vec::new();
        while let Some(event) = reader.next().await {
            match event.unwrap() {
                InvokeModelWithBidirectionalStreamOutput::Chunk(part) => answers.push(part.bytes.unwrap()),
                other => panic!("{other:?}"),
            }
        }
        // The stream was sent: the same input cannot be sent again.
        let error = client.send::<InvokeModelWithBidirectionalStream>(&input).await.unwrap_err();
        assert!(error.to_string().contains("sent already"), "{error}");
        drop(client);
        server.abort();
        answers
    });
    let seen = seen.lock().unwrap();
    assert_eq!(seen.version, Some(http::Version::HTTP_2));
    assert_eq!(seen.content_sha256.as_deref(), Some("STREAMING-AWS4-HMAC-SHA256-EVENTS"));
    let types: Vec<_> = seen.events.iter().map(|(event_type, _)| event_type.as_str()).collect();
    assert_eq!(types, ["chunk", "chunk", "chunk"]);
    assert!(seen.ended, "the empty signed message ends the stream");
    // Each event's bytes travel as base64 in its JSON payload, and come back.
    assert_eq!(seen.events[0].1, br#"{"bytes":"YUdWc2JHOD0="}"#);
    assert_eq!(answers, [&b"aGVsbG8="[..], b"d29ybGQ=", b"IQ=="]);
}

#[test]
fn the_blocking_client_refuses_to_send_an_input_stream() {
    let client = client("http://127.0.0.1:9").build();
    let error = client.send::<InvokeModelWithBidirectionalStream>(&request(vec![chunk("eA==")])).unwrap_err();
    assert!(error.to_string().contains("an input event stream is sent by the async client, over HTTP/2"), "{error}");
    assert!(error.to_string().starts_with("POST http://127.0.0.1:9/model/"), "the error names the request: {error}");
}
