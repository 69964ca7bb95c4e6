//! The event stream framing against AWS's test vectors (`tests/fixtures/eventstream/`, from
//! the AWS SDK for Go; format and license in its `SOURCES.txt`): every positive message
//! decodes to what its JSON says (whole, a byte at a time, and all of them in one read) and
//! encodes back to the same bytes; every negative one is refused with the defect it names.
#![cfg(feature = "eventstream")]

use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::Value;
use shapegen_runtime::eventstream::{DecodeErrorKind, Decoder, HeaderValue, MAX_HEADERS_LENGTH, Message, encode};

fn fixtures(kind: &str, sign: &str) -> Vec<(String, PathBuf)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/eventstream").join(kind).join(sign);
    let mut files: Vec<(String, PathBuf)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
        .map(|entry| {
            let path = entry.unwrap().path();
            (path.file_name().unwrap().to_string_lossy().into_owned(), path)
        })
        .collect();
    files.sort();
    files
}

fn decode_all(bytes: &[u8]) -> Vec<Message> {
    let mut decoder = Decoder::new();
    decoder.push(bytes);
    let mut messages = Vec::new();
    while let Some(message) = decoder.next_message().unwrap() {
        messages.push(message);
    }
    assert!(!decoder.has_partial_message());
    messages
}

/// A header's value as the vectors' JSON writes it: its type code and value.
fn as_json(value: &HeaderValue) -> (u64, Value) {
    match value {
        HeaderValue::Bool(true) => (0, Value::Bool(true)),
        HeaderValue::Bool(false) => (1, Value::Bool(false)),
        HeaderValue::Byte(n) => (2, Value::from(*n)),
        HeaderValue::Int16(n) => (3, Value::from(*n)),
        HeaderValue::Int32(n) => (4, Value::from(*n)),
        HeaderValue::Int64(n) => (5, Value::from(*n)),
        HeaderValue::ByteArray(bytes) => (6, Value::from(STANDARD.encode(bytes))),
        HeaderValue::String(text) => (7, Value::from(STANDARD.encode(text.as_str()))),
        HeaderValue::Timestamp(at) => (8, Value::from(at.to_millis().unwrap())),
        HeaderValue::Uuid(uuid) => (9, Value::from(STANDARD.encode(uuid.to_be_bytes()))),
        other => panic!("a header type the vectors do not have: {other:?}"),
    }
}

#[test]
fn every_positive_vector_decodes_and_encodes_back() {
    let positives = fixtures("encoded", "positive");
    assert_eq!(positives.len(), 5);
    let mut stream = Vec::new();
    for (name, path) in &positives {
        let bytes = std::fs::read(path).unwrap();
        let expected: Value =
            serde_json::from_slice(&std::fs::read(path.to_string_lossy().replace("encoded", "decoded")).unwrap())
                .unwrap();
        let [message] = decode_all(&bytes).try_into().unwrap_or_else(|_| panic!("{name}: not one message"));
        let headers: Vec<Value> = message
            .headers()
            .iter()
            .map(|header| {
                let (kind, value) = as_json(header.value());
                serde_json::json!({"name": header.name().as_str(), "type": kind, "value": value})
            })
            .collect();
        assert_eq!(Value::Array(headers), expected["headers"], "{name}");
        assert_eq!(STANDARD.encode(message.payload()), expected["payload"].as_str().unwrap(), "{name}");
        assert_eq!(bytes.len() as u64, expected["total_length"].as_u64().unwrap(), "{name}");
        // The CRCs as the vectors write them, signed.
        let crc = |at: usize| i64::from(i32::from_be_bytes(bytes[at..at + 4].try_into().unwrap()));
        assert_eq!(crc(8), expected["prelude_crc"].as_i64().unwrap(), "{name}");
        assert_eq!(crc(bytes.len() - 4), expected["message_crc"].as_i64().unwrap(), "{name}");
        assert_eq!(encode(&message).unwrap(), bytes, "{name}: encoded differently");

        // A byte at a time: nothing until the last byte, then the message.
        let mut decoder = Decoder::new();
        for (i, byte) in bytes.iter().enumerate() {
            decoder.push(std::slice::from_ref(byte));
            let got = decoder.next_message().unwrap();
            assert_eq!(got.is_some(), i == bytes.len() - 1, "{name}: byte {i}");
            if let Some(got) = got {
                assert_eq!(got, message, "{name}");
            }
        }
        stream.extend_from_slice(&bytes);
    }
    // Every message in one read, in order; and in reads that split them anywhere.
    assert_eq!(decode_all(&stream).len(), positives.len());
    for chunk in [3, 7, 50] {
        let mut decoder = Decoder::new();
        let mut count = 0;
        for piece in stream.chunks(chunk) {
            decoder.push(piece);
            while decoder.next_message().unwrap().is_some() {
                count += 1;
            }
        }
        assert_eq!(count, positives.len(), "chunks of {chunk}");
    }
}

#[test]
fn every_negative_vector_is_refused_with_its_defect() {
    let negatives = fixtures("encoded", "negative");
    assert_eq!(negatives.len(), 4);
    for (name, path) in negatives {
        let bytes = std::fs::read(&path).unwrap();
        let defect = std::fs::read_to_string(path.to_string_lossy().replace("encoded", "decoded")).unwrap();
        let mut decoder = Decoder::new();
        decoder.push(&bytes);
        let error = decoder.next_message().expect_err(&name);
        match defect.trim() {
            "Prelude checksum mismatch" => {
                assert!(matches!(error.kind, DecodeErrorKind::PreludeChecksum { .. }), "{name}: {error}");
            }
            "Message checksum mismatch" => {
                assert!(matches!(error.kind, DecodeErrorKind::MessageChecksum { .. }), "{name}: {error}");
            }
            other => panic!("{name}: a defect the test does not know: {other}"),
        }
        assert!(error.to_string().to_lowercase().contains(&defect.trim().to_lowercase()), "{name}: {error}");
        assert_eq!(error.offset, 0);
    }
}

/// A prelude of `total` and `headers` lengths, with its checksum right.
fn prelude(total: u32, headers: u32) -> Vec<u8> {
    let mut bytes = total.to_be_bytes().to_vec();
    bytes.extend_from_slice(&headers.to_be_bytes());
    let checksum = crc32fast::hash(&bytes);
    bytes.extend_from_slice(&checksum.to_be_bytes());
    bytes
}

#[test]
fn hostile_lengths_are_refused_before_anything_is_buffered() {
    // A message longer than the limit: refused at its prelude.
    let mut decoder = Decoder::with_max_message_length(1024);
    decoder.push(&prelude(1025, 0));
    let error = decoder.next_message().unwrap_err();
    assert!(matches!(error.kind, DecodeErrorKind::MessageLength { length: 1025, max: 1024 }), "{error}");
    assert_eq!(error.to_string(), "the event stream message at byte 0: its length, 1025 bytes, is not from 16 to 1024");
    // Shorter than a message can be; headers longer than it, or than the format allows.
    for (total, headers) in [(15, 0), (20, 5), (u32::MAX, 0)] {
        let mut decoder = Decoder::new();
        decoder.push(&prelude(total, headers));
        assert!(decoder.next_message().is_err(), "{total}, {headers}");
    }
    let mut decoder = Decoder::new();
    let headers = u32::try_from(MAX_HEADERS_LENGTH).unwrap() + 1;
    decoder.push(&prelude(headers + 16, headers));
    assert!(matches!(decoder.next_message().unwrap_err().kind, DecodeErrorKind::HeadersLength { .. }));
    // A message cut short is held, and said to be at the end.
    let mut decoder = Decoder::new();
    decoder.push(&prelude(100, 0));
    assert_eq!(decoder.next_message().unwrap(), None);
    assert!(decoder.has_partial_message());
    // An error names where in the stream the message starts.
    let good = encode(&Message::new(&b"hi"[..])).unwrap();
    let mut decoder = Decoder::new();
    decoder.push(&good);
    decoder.push(&prelude(15, 0));
    assert!(decoder.next_message().unwrap().is_some());
    assert_eq!(decoder.next_message().unwrap_err().offset, good.len() as u64);
}
