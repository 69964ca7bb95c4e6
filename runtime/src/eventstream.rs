//! The event stream message format (`application/vnd.amazon.eventstream`): the framing of
//! the messages an event-stream operation sends or receives (Bedrock's `ConverseStream`, S3's
//! `SelectObjectContent`, Kinesis's `SubscribeToShard`).
//!
//! A message is a prelude (its total length and its headers' length, big-endian `u32`s, and
//! the CRC-32 of those 8 bytes), its headers (a name, a type byte and a value of one of ten
//! types), its payload, and the CRC-32 of everything before. The framing itself is AWS's own
//! `aws-smithy-eventstream`, whose [`Message`] is what `aws-sigv4` signs; this module adds what
//! a stream reader needs around it:
//!
//! - [`Decoder`] takes bytes as they arrive and gives each whole message: a message split
//!   across reads, several in one read. It checks the prelude's checksum as soon as its 12
//!   bytes are in (a corrupt length is refused at once, not waited on), and refuses a message
//!   longer than its limit ([`MAX_MESSAGE_LENGTH`] unless set) or headers longer than
//!   [`MAX_HEADERS_LENGTH`] before buffering it.
//! - [`encode`] writes a message.
//!
//! Errors say where in the stream (the byte offset of the message) and what is wrong; nothing
//! panics on a corrupt or hostile stream.
//!
//! Needs the crate feature `eventstream`.

use std::fmt;

pub use aws_smithy_types::DateTime;
pub use aws_smithy_types::event_stream::{Header, HeaderValue, Message};

/// `message` as generated event unions read it ([`crate::events`]).
pub fn event_message(message: &Message) -> crate::events::EventMessage<'_> {
    use crate::events::HeaderValue as Value;
    let headers = message
        .headers()
        .iter()
        .filter_map(|header| {
            let value = match header.value() {
                HeaderValue::Bool(value) => Value::Bool(*value),
                HeaderValue::Byte(value) => Value::Byte(*value),
                HeaderValue::Int16(value) => Value::Short(*value),
                HeaderValue::Int32(value) => Value::Int(*value),
                HeaderValue::Int64(value) => Value::Long(*value),
                HeaderValue::ByteArray(value) => Value::Bytes(value),
                HeaderValue::String(value) => Value::String(value.as_str()),
                // A timestamp past what milliseconds in an i64 hold cannot be in a message.
                HeaderValue::Timestamp(value) => Value::Timestamp(value.to_millis().ok()?),
                HeaderValue::Uuid(value) => Value::Uuid(*value),
                _ => return None,
            };
            Some((header.name().as_str(), value))
        })
        .collect();
    crate::events::EventMessage { headers, payload: message.payload() }
}

/// `message`, an event a request's input stream sends ([`crate::events::OutMessage`]), as the
/// framing writes it: what a client frames and signs.
pub fn out_message(message: crate::events::OutMessage) -> Message {
    use crate::events::OutHeader;
    let mut framed = Message::new(message.payload);
    for (name, value) in message.headers {
        let value = match value {
            OutHeader::Bool(value) => HeaderValue::Bool(value),
            OutHeader::Byte(value) => HeaderValue::Byte(value),
            OutHeader::Short(value) => HeaderValue::Int16(value),
            OutHeader::Int(value) => HeaderValue::Int32(value),
            OutHeader::Long(value) => HeaderValue::Int64(value),
            OutHeader::Bytes(value) => HeaderValue::ByteArray(value.into()),
            OutHeader::String(value) => HeaderValue::String(value.into()),
            OutHeader::Timestamp(millis) => HeaderValue::Timestamp(DateTime::from_millis(millis)),
        };
        framed = framed.add_header(Header::new(name, value));
    }
    framed
}

/// The longest message decoded unless [`Decoder::with_max_message_length`] says otherwise:
/// 16 MiB, the format's own limit.
pub const MAX_MESSAGE_LENGTH: usize = 16 * 1024 * 1024;

/// The longest headers of a message: 128 KiB, the format's own limit.
pub const MAX_HEADERS_LENGTH: usize = 128 * 1024;

/// The prelude: total length, headers length, prelude CRC.
const PRELUDE_LENGTH: usize = 12;

/// The prelude and the message CRC: the least a message can be.
const MIN_MESSAGE_LENGTH: usize = PRELUDE_LENGTH + 4;

/// Decodes messages from a stream's bytes, as they arrive.
#[derive(Debug)]
pub struct Decoder {
    buffer: Vec<u8>,
    /// The bytes of `buffer` read already: dropped when more are pushed, not at each message
    /// (which would move the rest of the buffer once per message).
    start: usize,
    /// Where the unread bytes (`buffer[start..]`) start in the stream.
    offset: u64,
    max_message: usize,
}

impl Default for Decoder {
    fn default() -> Self {
        Decoder::new()
    }
}

impl Decoder {
    /// A decoder of messages up to [`MAX_MESSAGE_LENGTH`].
    pub fn new() -> Decoder {
        Decoder::with_max_message_length(MAX_MESSAGE_LENGTH)
    }

    /// A decoder of messages up to `max` bytes.
    pub fn with_max_message_length(max: usize) -> Decoder {
        Decoder { buffer: Vec::new(), start: 0, offset: 0, max_message: max }
    }

    /// Adds the bytes that came next.
    pub fn push(&mut self, bytes: &[u8]) {
        self.buffer.drain(..self.start);
        self.start = 0;
        self.buffer.extend_from_slice(bytes);
    }

    /// The next whole message of the bytes pushed, `None` until its last byte has come.
    ///
    /// # Errors
    ///
    /// A prelude whose checksum does not match, a length out of bounds (below 16, above the
    /// limit, headers longer than the message or than [`MAX_HEADERS_LENGTH`]), a message
    /// whose checksum does not match, and headers that do not read. After an error the stream
    /// cannot be read further.
    pub fn next_message(&mut self) -> Result<Option<Message>, DecodeError> {
        let unread = &self.buffer[self.start..];
        let Some(prelude) = unread.get(..PRELUDE_LENGTH) else { return Ok(None) };
        let word = |at: usize| u32::from_be_bytes([prelude[at], prelude[at + 1], prelude[at + 2], prelude[at + 3]]);
        let (total, headers, checksum) = (word(0), word(4), word(8));
        let computed = crc32fast::hash(&prelude[..8]);
        if computed != checksum {
            return Err(self.error(DecodeErrorKind::PreludeChecksum { expected: checksum, computed }));
        }
        let total = usize::try_from(total).unwrap_or(usize::MAX);
        let headers = usize::try_from(headers).unwrap_or(usize::MAX);
        if total < MIN_MESSAGE_LENGTH || total > self.max_message {
            return Err(self.error(DecodeErrorKind::MessageLength { length: total, max: self.max_message }));
        }
        if headers > total - MIN_MESSAGE_LENGTH || headers > MAX_HEADERS_LENGTH {
            return Err(self.error(DecodeErrorKind::HeadersLength { length: headers, message: total }));
        }
        let Some(bytes) = unread.get(..total) else { return Ok(None) };
        // The framing checks the message's checksum itself; only when it refuses the message
        // is the checksum computed here, to say whether that was why.
        let message = aws_smithy_eventstream::frame::read_message_from(bytes).map_err(|error| {
            let (body, trailer) = bytes.split_at(total - 4);
            let expected = u32::from_be_bytes([trailer[0], trailer[1], trailer[2], trailer[3]]);
            let computed = crc32fast::hash(body);
            let kind = if computed == expected {
                DecodeErrorKind::Malformed(error.to_string())
            } else {
                DecodeErrorKind::MessageChecksum { expected, computed }
            };
            self.error(kind)
        })?;
        self.start += total;
        self.offset += total as u64;
        Ok(Some(message))
    }

    /// Whether bytes of an unfinished message are held: at the stream's end, a message cut
    /// short.
    pub fn has_partial_message(&self) -> bool {
        self.buffer.len() > self.start
    }

    fn error(&self, kind: DecodeErrorKind) -> DecodeError {
        DecodeError { offset: self.offset, kind }
    }
}

/// Writes `message` in the format.
///
/// # Errors
///
/// A header name or value too long for the format, or a message longer than it allows.
pub fn encode(message: &Message) -> Result<Vec<u8>, EncodeError> {
    let mut bytes = Vec::new();
    aws_smithy_eventstream::frame::write_message_to(message, &mut bytes)
        .map_err(|error| EncodeError(error.to_string()))?;
    Ok(bytes)
}

/// A message that does not decode, and where it starts in the stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// The message's first byte, from the stream's start.
    pub offset: u64,
    /// What is wrong.
    pub kind: DecodeErrorKind,
}

/// What is wrong with a message.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The prelude's CRC-32 is not that of its first 8 bytes.
    PreludeChecksum {
        /// The checksum the prelude holds.
        expected: u32,
        /// The checksum of its bytes.
        computed: u32,
    },
    /// The total length is below 16 bytes or above the limit.
    MessageLength {
        /// The length the prelude says.
        length: usize,
        /// The limit.
        max: usize,
    },
    /// The headers' length does not fit the message, or is above [`MAX_HEADERS_LENGTH`].
    HeadersLength {
        /// The headers' length the prelude says.
        length: usize,
        /// The message's.
        message: usize,
    },
    /// The message's CRC-32 is not that of its bytes.
    MessageChecksum {
        /// The checksum the message ends with.
        expected: u32,
        /// The checksum of its bytes.
        computed: u32,
    },
    /// The headers do not read (a type, a length, a string that is not UTF-8).
    Malformed(String),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the event stream message at byte {}: ", self.offset)?;
        match &self.kind {
            DecodeErrorKind::PreludeChecksum { expected, computed } => {
                write!(f, "prelude checksum mismatch (it says {expected:#010x}, its bytes give {computed:#010x})")
            }
            DecodeErrorKind::MessageLength { length, max } => {
                write!(f, "its length, {length} bytes, is not from {MIN_MESSAGE_LENGTH} to {max}")
            }
            DecodeErrorKind::HeadersLength { length, message } => {
                write!(f, "its headers' length, {length} bytes, does not fit a message of {message} bytes")
            }
            DecodeErrorKind::MessageChecksum { expected, computed } => {
                write!(f, "message checksum mismatch (it says {expected:#010x}, its bytes give {computed:#010x})")
            }
            DecodeErrorKind::Malformed(text) => f.write_str(text),
        }
    }
}

impl std::error::Error for DecodeError {}

/// A message that cannot be written in the format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodeError(String);

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the event stream message cannot be written: {}", self.0)
    }
}

impl std::error::Error for EncodeError {}
