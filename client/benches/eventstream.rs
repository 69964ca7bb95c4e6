//! Reading a long Bedrock `ConverseStream` response: the event-stream framing alone (the
//! runtime's `Decoder`), and the whole read into the generated union (the client's
//! `EventReader`), beside CRC32 over the same bytes (the floor every decoder pays: each
//! message's checksum covers all of it).
//!
//! The stream: a `messageStart`, 20,000 `contentBlockDelta` events of a few words of text each
//! with Bedrock's padding member `p`, a `contentBlockStop`, `messageStop` and `metadata`.
//!
//! `cargo bench -p shapegen-client --bench eventstream`; `CALLS=N FUNCTION=crc32|Decoder|EventReader`
//! runs one of them N times without criterion, for `valgrind --tool=callgrind`.

use std::hint::black_box;

use criterion::{Criterion, Throughput};
use shapegen_client::Body;
use shapegen_client::events::EventReader;
use shapegen_runtime::events::Events;
use shapegen_runtime::eventstream::{Decoder, Header, HeaderValue, Message, encode};
use shapegen_scenarios::bedrock_runtime::ConverseStreamOutput;

#[path = "../../benches/common.rs"]
mod common;

/// How many text deltas the stream holds.
const DELTAS: usize = 20_000;

/// An event message of type `name` with a JSON payload.
fn event(name: &'static str, payload: String) -> Vec<u8> {
    let message = Message::new(payload.into_bytes())
        .add_header(Header::new(":message-type", HeaderValue::String("event".into())))
        .add_header(Header::new(":event-type", HeaderValue::String(name.into())))
        .add_header(Header::new(":content-type", HeaderValue::String("application/json".into())));
    encode(&message).expect("a message")
}

/// The stream's bytes.
fn stream() -> Vec<u8> {
    let words = ["the", "sky", "is", "blue", "because", "air", "scatters", "short", "wavelengths", "more"];
    let padding = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut bytes = event("messageStart", r#"{"p":"abcdefgh","role":"assistant"}"#.to_owned());
    for i in 0..DELTAS {
        let text: Vec<&str> = (0..(i % 5 + 1)).map(|j| words[(i + j) % words.len()]).collect();
        let payload = format!(
            r#"{{"contentBlockIndex":0,"delta":{{"text":" {}"}},"p":"{}"}}"#,
            text.join(" "),
            &padding[..i % padding.len()]
        );
        bytes.extend(event("contentBlockDelta", payload));
    }
    bytes.extend(event("contentBlockStop", r#"{"contentBlockIndex":0,"p":"ab"}"#.to_owned()));
    bytes.extend(event("messageStop", r#"{"p":"abc","stopReason":"end_turn"}"#.to_owned()));
    bytes.extend(event(
        "metadata",
        r#"{"metrics":{"latencyMs":2104},"usage":{"inputTokens":12,"outputTokens":40000,"totalTokens":40012}}"#
            .to_owned(),
    ));
    bytes
}

/// The floor: CRC32 over every byte.
fn floor(bytes: &[u8]) -> u32 {
    crc32fast::hash(bytes)
}

/// The framing alone: bytes pushed 16 KiB at a time, each whole message taken.
fn framing(bytes: &[u8]) -> usize {
    let mut decoder = Decoder::new();
    let mut messages = 0;
    for piece in bytes.chunks(16 * 1024) {
        decoder.push(piece);
        while let Some(message) = decoder.next_message().expect("a message") {
            black_box(&message);
            messages += 1;
        }
    }
    messages
}

/// The whole read: messages into the generated union, as a program reads them.
fn events(bytes: &bytes::Bytes) -> usize {
    let reader = EventReader::<ConverseStreamOutput>::new(Events::new(Body::from(bytes.clone()))).expect("a reader");
    let mut text = 0;
    for event in reader {
        if let ConverseStreamOutput::ContentBlockDelta(delta) = event.expect("an event")
            && let shapegen_scenarios::bedrock_runtime::ContentBlockDelta::Text(piece) = delta.delta
        {
            text += piece.len();
        }
    }
    text
}

fn main() {
    let bytes = bytes::Bytes::from(stream());
    assert_eq!(framing(&bytes), DELTAS + 4);
    assert!(events(&bytes) > DELTAS);
    if let Some((calls, function)) = common::one_function() {
        for _ in 0..calls {
            match function.as_str() {
                "crc32" => drop(black_box(floor(black_box(&bytes)))),
                "Decoder" => drop(black_box(framing(black_box(&bytes)))),
                "EventReader" => drop(black_box(events(black_box(&bytes)))),
                other => panic!("FUNCTION: {other:?} is not measured here"),
            }
        }
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    // Twice over, as the other benches do: only the second round counts.
    for _round in 0..2 {
        let mut g = c.benchmark_group("eventstream-converse");
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function("crc32", |b| b.iter(|| floor(black_box(&bytes))));
        g.bench_function("Decoder", |b| b.iter(|| framing(black_box(&bytes))));
        g.bench_function("EventReader", |b| b.iter(|| events(black_box(&bytes))));
        g.finish();
    }
    c.final_summary();
    common::report("eventstream-converse", "crc32", &["Decoder", "EventReader"], bytes.len());
}
