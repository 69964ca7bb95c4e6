//! Event streams read into the generated unions: Bedrock Runtime's `ConverseStream` (JSON
//! events, split across reads at every awkward place, an exception in the middle, an event
//! type the model does not list, a stream cut short), Kinesis's `SubscribeToShard` (Smithy's
//! model, an `initial-response` first), through the client from a loopback server, blocking
//! and async.
#![cfg(feature = "eventstream")]

use std::io::{BufReader, Read, Write};

mod support;
use std::net::TcpListener;
use std::time::Duration;

use shapegen_client::credentials::Credentials;
use shapegen_client::events::{EventReader, StreamError};
use shapegen_client::{Body, Client};
use shapegen_runtime::events::{EventError, Events};
use shapegen_runtime::eventstream::{Header, HeaderValue, Message, encode};
use shapegen_scenarios::bedrock_runtime::operations::ConverseStream;
use shapegen_scenarios::bedrock_runtime::{
    ContentBlockDelta, ConversationRole, ConverseStreamOutput, ConverseStreamRequest, StopReason,
};

/// A message of the stream: `:message-type` `kind`, its type header, a JSON payload.
fn message(kind: &'static str, name: &'static str, payload: &str) -> Vec<u8> {
    let type_header = match kind {
        "event" => ":event-type",
        _ => ":exception-type",
    };
    let message = Message::new(payload.as_bytes().to_vec())
        .add_header(Header::new(":message-type", HeaderValue::String(kind.into())))
        .add_header(Header::new(type_header, HeaderValue::String(name.into())))
        .add_header(Header::new(":content-type", HeaderValue::String("application/json".into())));
    encode(&message).unwrap()
}

/// A Bedrock conversation as `ConverseStream` sends it, each event with the padding member
/// `p` that Bedrock adds (which the model does not list).
fn conversation() -> Vec<Vec<u8>> {
    vec![
        message("event", "messageStart", r#"{"p":"abcdefghijk","role":"assistant"}"#),
        message("event", "contentBlockDelta", r#"{"contentBlockIndex":0,"delta":{"text":"Hello"},"p":"abcd"}"#),
        message("event", "contentBlockDelta", r#"{"contentBlockIndex":0,"delta":{"text":", world"},"p":"ab"}"#),
        message("event", "contentBlockStop", r#"{"contentBlockIndex":0,"p":"abcdefgh"}"#),
        message(
            "event",
            "contentBlockStart",
            r#"{"contentBlockIndex":1,"start":{"toolUse":{"toolUseId":"t-1","name":"weather"}},"p":"x"}"#,
        ),
        message(
            "event",
            "contentBlockDelta",
            r#"{"contentBlockIndex":1,"delta":{"toolUse":{"input":"{\"city\":"}},"p":"x"}"#,
        ),
        message(
            "event",
            "contentBlockDelta",
            r#"{"contentBlockIndex":1,"delta":{"toolUse":{"input":"\"Oslo\"}"}},"p":"x"}"#,
        ),
        message("event", "contentBlockStop", r#"{"contentBlockIndex":1,"p":"x"}"#),
        message("event", "messageStop", r#"{"p":"abc","stopReason":"tool_use"}"#),
        message(
            "event",
            "metadata",
            r#"{"metrics":{"latencyMs":412},"p":"abcdef","usage":{"inputTokens":12,"outputTokens":9,"totalTokens":21}}"#,
        ),
    ]
}

/// A reader that gives `bytes` in pieces of the sizes `sizes` cycles through: 1 byte, 3, 7,
/// ... so that pieces end inside preludes, headers, payloads and checksums.
struct Pieces {
    bytes: Vec<u8>,
    at: usize,
    sizes: std::iter::Cycle<std::vec::IntoIter<usize>>,
}

impl Pieces {
    fn new(bytes: Vec<u8>, sizes: Vec<usize>) -> Pieces {
        Pieces { bytes, at: 0, sizes: sizes.into_iter().cycle() }
    }
}

impl Read for Pieces {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        let size = self.sizes.next().unwrap_or(1).min(buffer.len()).min(self.bytes.len() - self.at);
        buffer[..size].copy_from_slice(&self.bytes[self.at..self.at + size]);
        self.at += size;
        Ok(size)
    }
}

fn events<T>(bytes: Vec<u8>, sizes: Vec<usize>) -> Events<T> {
    Events::new(Body::from_reader(Pieces::new(bytes, sizes), None))
}

/// The text and the tool input a conversation's deltas carry, and its stop reason.
fn read_conversation(
    reader: impl Iterator<Item = Result<ConverseStreamOutput, StreamError<ConverseStreamOutput>>>,
) -> (String, String, Option<StopReason>, Option<i32>) {
    let (mut text, mut tool, mut stop, mut tokens) = (String::new(), String::new(), None, None);
    for event in reader {
        match event.unwrap() {
            ConverseStreamOutput::MessageStart(start) => assert_eq!(start.role, ConversationRole::Assistant),
            ConverseStreamOutput::ContentBlockDelta(delta) => match delta.delta {
                ContentBlockDelta::Text(piece) => text.push_str(&piece),
                ContentBlockDelta::ToolUse(piece) => tool.push_str(&piece.input),
                other => panic!("{other:?}"),
            },
            ConverseStreamOutput::ContentBlockStart(start) => assert_eq!(start.content_block_index, 1),
            ConverseStreamOutput::ContentBlockStop(_) => {}
            ConverseStreamOutput::MessageStop(message) => stop = Some(message.stop_reason),
            ConverseStreamOutput::Metadata(metadata) => tokens = Some(metadata.usage.total_tokens),
            other => panic!("{other:?}"),
        }
    }
    (text, tool, stop, tokens)
}

#[test]
fn a_conversation_reads_back_whatever_the_reads_split() {
    let bytes: Vec<u8> = conversation().concat();
    for sizes in [vec![1], vec![3, 7, 13], vec![2, 500, 1, 64], vec![bytes.len()], vec![11, 12]] {
        let reader = EventReader::new(events(bytes.clone(), sizes.clone())).unwrap();
        let (text, tool, stop, tokens) = read_conversation(reader);
        assert_eq!(text, "Hello, world", "{sizes:?}");
        assert_eq!(tool, r#"{"city":"Oslo"}"#);
        assert_eq!((stop, tokens), (Some(StopReason::ToolUse), Some(21)));
    }
}

#[test]
fn an_exception_in_the_middle_ends_the_stream_with_it() {
    let mut messages = conversation();
    messages.insert(2, message("exception", "throttlingException", r#"{"message":"Too many tokens, slow down"}"#));
    let mut reader = EventReader::new(events(messages.concat(), vec![5, 9])).unwrap();
    assert!(matches!(reader.next(), Some(Ok(ConverseStreamOutput::MessageStart(_)))));
    assert!(matches!(reader.next(), Some(Ok(ConverseStreamOutput::ContentBlockDelta(_)))));
    let error = reader.next().unwrap().unwrap_err();
    let Some(ConverseStreamOutput::ThrottlingException(exception)) = error.exception() else { panic!("{error:?}") };
    assert_eq!(exception.message.as_deref(), Some("Too many tokens, slow down"));
    assert!(reader.next().is_none(), "nothing after the exception");

    // An exception the union does not list, and an error message.
    let unlisted = message("exception", "somethingNewException", r#"{"message":"new"}"#);
    let mut reader = EventReader::<ConverseStreamOutput>::new(events(unlisted, vec![4])).unwrap();
    let error = reader.next().unwrap().unwrap_err();
    assert!(
        matches!(&error, StreamError::Event(EventError::UnmodeledException { code, .. }) if code == "somethingNewException")
    );
    let error_message = Message::new(Vec::new())
        .add_header(Header::new(":message-type", HeaderValue::String("error".into())))
        .add_header(Header::new(":error-code", HeaderValue::String("InternalFailure".into())))
        .add_header(Header::new(":error-message", HeaderValue::String("try again".into())));
    let mut reader =
        EventReader::<ConverseStreamOutput>::new(events(encode(&error_message).unwrap(), vec![100])).unwrap();
    let error = reader.next().unwrap().unwrap_err();
    assert_eq!(error.to_string(), "the stream ended with an error: InternalFailure: try again");
}

#[test]
fn unknown_events_are_kept_and_broken_streams_are_errors() {
    let mut messages = conversation();
    messages.insert(1, message("event", "somethingNew", r#"{"detail":7}"#));
    let mut reader = EventReader::new(events(messages.concat(), vec![17])).unwrap();
    reader.next().unwrap().unwrap();
    match reader.next().unwrap().unwrap() {
        ConverseStreamOutput::Unknown { name, value } => {
            assert_eq!((name.as_str(), value), ("somethingNew", serde_json::json!({"detail": 7})));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(reader.count(), 9, "the rest of the conversation");

    // Cut in the middle of a message.
    let bytes = conversation().concat();
    let mut reader =
        EventReader::<ConverseStreamOutput>::new(events(bytes[..bytes.len() - 5].to_vec(), vec![64])).unwrap();
    let last = reader.by_ref().last().unwrap();
    assert!(matches!(last, Err(StreamError::Truncated)), "{last:?}");
    // A payload that is not the event's.
    let wrong = message("event", "messageStart", r#"{"role":7}"#);
    let error = EventReader::<ConverseStreamOutput>::new(events(wrong, vec![9])).unwrap().next().unwrap().unwrap_err();
    assert!(error.to_string().starts_with("event stream message, messageStart: "), "{error}");
    // A corrupt message.
    let mut corrupt = conversation().concat();
    corrupt[20] ^= 1;
    let error =
        EventReader::<ConverseStreamOutput>::new(events(corrupt, vec![3])).unwrap().next().unwrap().unwrap_err();
    assert!(matches!(error, StreamError::Decode(_)), "{error:?}");
}

#[test]
fn kinesis_sends_its_initial_response_first() {
    use shapegen_scenarios::smithy_kinesis::SubscribeToShardEventStream;
    let initial = Message::new(b"{}".to_vec())
        .add_header(Header::new(":message-type", HeaderValue::String("event".into())))
        .add_header(Header::new(":event-type", HeaderValue::String("initial-response".into())));
    let records = message(
        "event",
        "SubscribeToShardEvent",
        r#"{"ContinuationSequenceNumber":"49590","MillisBehindLatest":0,"Records":[{"SequenceNumber":"1","Data":"aGVsbG8=","PartitionKey":"k","ApproximateArrivalTimestamp":1.7e9}]}"#,
    );
    let bytes = [encode(&initial).unwrap(), records].concat();
    let mut reader = EventReader::<SubscribeToShardEventStream>::new(events(bytes, vec![6])).unwrap();
    let SubscribeToShardEventStream::SubscribeToShardEvent(event) = reader.next().unwrap().unwrap() else { panic!() };
    assert_eq!(reader.initial_response(), Some(&b"{}"[..]));
    assert_eq!(event.records[0].data, b"hello");
    assert_eq!(event.continuation_sequence_number, "49590");
    assert!(reader.next().is_none());
}

/// A server on loopback answering one request with `status` and `body`, sent in pieces; it
/// returns the request's head.
fn serve(status: u16, body: Vec<u8>) -> (String, std::thread::JoinHandle<Vec<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let thread = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let head = support::read_head(&mut reader);
        let length = usize::try_from(support::content_length(&head)).unwrap();
        let mut request_body = vec![0; length];
        reader.read_exact(&mut request_body).unwrap();
        let reply = format!(
            "HTTP/1.1 {status} X\r\nContent-Type: application/vnd.amazon.eventstream\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        );
        stream.write_all(reply.as_bytes()).unwrap();
        for piece in body.chunks(37) {
            stream.write_all(format!("{:x}\r\n", piece.len()).as_bytes()).unwrap();
            stream.write_all(piece).unwrap();
            stream.write_all(b"\r\n").unwrap();
            stream.flush().unwrap();
        }
        stream.write_all(b"0\r\n\r\n").unwrap();
        head
    });
    (url, thread)
}

fn client(url: &str) -> shapegen_client::Builder {
    Client::builder()
        .region("us-east-1")
        .endpoint_url(url)
        .credentials(Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI"))
        .timeout(Duration::from_secs(10))
        .without_proxy()
}

fn converse() -> ConverseStreamRequest {
    ConverseStreamRequest::builder().model_id("anthropic.claude-v2").build().unwrap()
}

#[test]
fn the_client_reads_a_conversation_as_it_arrives() {
    let (url, server) = serve(200, conversation().concat());
    let output = client(&url).build().send::<ConverseStream>(&converse()).unwrap();
    let (text, tool, stop, _) = read_conversation(EventReader::new(output.stream).unwrap());
    assert_eq!((text.as_str(), tool.as_str(), stop), ("Hello, world", r#"{"city":"Oslo"}"#, Some(StopReason::ToolUse)));
    let head = server.join().unwrap();
    assert_eq!(head[0], "POST /model/anthropic.claude-v2/converse-stream HTTP/1.1");
}

#[cfg(feature = "async")]
#[test]
fn the_async_client_reads_a_conversation_as_it_arrives() {
    use shapegen_client::events::AsyncEventReader;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let (url, server) = serve(200, conversation().concat());
    let client = client(&url).build_async();
    let text = runtime.block_on(async {
        let output = client.send::<ConverseStream>(&converse()).await.unwrap();
        let mut reader = AsyncEventReader::new(output.stream).unwrap();
        let mut text = String::new();
        while let Some(event) = reader.next().await {
            if let ConverseStreamOutput::ContentBlockDelta(delta) = event.unwrap()
                && let ContentBlockDelta::Text(piece) = delta.delta
            {
                text.push_str(&piece);
            }
        }
        text
    });
    assert_eq!(text, "Hello, world");
    server.join().unwrap();
}

#[test]
fn smithys_model_of_bedrock_reads_the_same_conversation() {
    use shapegen_scenarios::smithy_bedrock_runtime::{
        ContentBlockDelta as SmithyDelta, ConverseStreamOutput as SmithyOutput,
    };
    let mut messages = conversation();
    messages.push(message(
        "exception",
        "modelStreamErrorException",
        r#"{"message":"the model stopped","originalStatusCode":500}"#,
    ));
    let (mut text, mut error) = (String::new(), None);
    for event in EventReader::<SmithyOutput>::new(events(messages.concat(), vec![7, 1, 40])).unwrap() {
        match event {
            Ok(SmithyOutput::ContentBlockDelta(delta)) => {
                if let SmithyDelta::Text(piece) = delta.delta {
                    text.push_str(&piece);
                }
            }
            Ok(_) => {}
            Err(stream_error) => error = Some(stream_error),
        }
    }
    assert_eq!(text, "Hello, world");
    // The stream's own error, which the operation's errors do not list.
    let Some(SmithyOutput::ModelStreamErrorException(exception)) = error.as_ref().and_then(StreamError::exception)
    else {
        panic!("{error:?}")
    };
    assert_eq!((exception.message.as_deref(), exception.original_status_code), (Some("the model stopped"), Some(500)));
}
