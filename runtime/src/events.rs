//! Event streams as generated code sees them: the messages of a stream (headers and a payload)
//! read into the generated event union, without the framing.
//!
//! An operation whose output is an event stream (Bedrock Runtime's `ConverseStream`, S3's
//! `SelectObjectContent`, Kinesis's `SubscribeToShard`) holds it as [`Events`]: the response's
//! body, left unread, and the union its events are read into. A generated event union
//! implements [`EventStream`]: it reads one [`EventMessage`] by its `:message-type`:
//!
//! - `event`, by its `:event-type`, into the variant of that name: its members bound to
//!   headers from the message's headers, its payload member from the payload (a blob or a
//!   string as they are, a structure in the protocol's format), or its other members from a
//!   document of the protocol's format in the payload. An event type the model does not list
//!   is kept as `Unknown`, not an error: services add events.
//! - `exception`, by its `:exception-type`, into the union's error member of that name (such as
//!   ConverseStream's `modelStreamErrorException`), returned as [`EventError::Exception`]: an
//!   error of the stream, which ends it.
//! - `error`: [`EventError::Error`] with its `:error-code` and `:error-message`.
//!
//! The framing (`application/vnd.amazon.eventstream`) is the `eventstream` module's, under
//! the crate feature `eventstream`; a client reads the stream with it. This
//! module has no dependency: generated code compiles without the feature.

use std::fmt;
use std::marker::PhantomData;

use crate::body::Body;

/// The value of a message's header: one of the format's ten types (`bool` true and false are
/// two type codes, one value here).
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub enum HeaderValue<'a> {
    /// A boolean.
    Bool(bool),
    /// A signed byte.
    Byte(i8),
    /// A 16-bit integer.
    Short(i16),
    /// A 32-bit integer.
    Int(i32),
    /// A 64-bit integer.
    Long(i64),
    /// Bytes.
    Bytes(&'a [u8]),
    /// A UTF-8 string.
    String(&'a str),
    /// A timestamp: milliseconds since the Unix epoch.
    Timestamp(i64),
    /// A UUID.
    Uuid(u128),
}

impl HeaderValue<'_> {
    /// The name of the value's type, for errors.
    pub fn type_name(&self) -> &'static str {
        match self {
            HeaderValue::Bool(_) => "bool",
            HeaderValue::Byte(_) => "byte",
            HeaderValue::Short(_) => "short",
            HeaderValue::Int(_) => "int",
            HeaderValue::Long(_) => "long",
            HeaderValue::Bytes(_) => "bytes",
            HeaderValue::String(_) => "string",
            HeaderValue::Timestamp(_) => "timestamp",
            HeaderValue::Uuid(_) => "uuid",
        }
    }
}

/// One message of an event stream, as generated code reads it: its headers, in order, and its
/// payload.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EventMessage<'a> {
    /// The headers: name and value.
    pub headers: Vec<(&'a str, HeaderValue<'a>)>,
    /// The payload.
    pub payload: &'a [u8],
}

impl<'a> EventMessage<'a> {
    /// The value of the header `name`, when the message has it.
    pub fn header(&self, name: &str) -> Option<&HeaderValue<'a>> {
        self.headers.iter().find(|(key, _)| *key == name).map(|(_, value)| value)
    }

    /// The header `name`, when the message has it as a string.
    pub fn string(&self, name: &str) -> Option<&'a str> {
        match self.header(name) {
            Some(HeaderValue::String(value)) => Some(value),
            _ => None,
        }
    }

    /// The message's `:message-type`: `event`, `exception` or `error`.
    pub fn message_type(&self) -> Option<&'a str> {
        self.string(":message-type")
    }

    /// The message's `:event-type`, for an event.
    pub fn event_type(&self) -> Option<&'a str> {
        self.string(":event-type")
    }

    /// Whether the message is the `initial-response` event that some protocols send first,
    /// whose payload holds the output's members that are not the stream.
    pub fn is_initial_response(&self) -> bool {
        self.message_type() == Some("event") && self.event_type() == Some("initial-response")
    }
}

/// The events of a generated event union `T`: what an event stream of `T` reads one message
/// into. Generated for every event-stream union.
pub trait EventStream: Sized {
    /// The event `message` is, by its `:message-type` and its event or exception type.
    ///
    /// # Errors
    ///
    /// A modeled exception ([`EventError::Exception`]) or one the model does not list, an
    /// `error` message, or a message that does not read as the event its type names.
    fn read_message(message: &EventMessage<'_>) -> Result<Self, EventError<Self>>;
}

/// A message of an event stream that is not an event: the stream's error, or a message that
/// could not be read.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum EventError<T> {
    /// An exception the event union lists (`:message-type` `exception`), read into its member.
    Exception(T),
    /// An exception the event union does not list.
    UnmodeledException {
        /// Its `:exception-type`.
        code: String,
        /// Its payload, as sent.
        payload: Vec<u8>,
    },
    /// An `error` message, with its `:error-code` and `:error-message`.
    Error {
        /// The error code.
        code: Option<String>,
        /// The error message.
        message: Option<String>,
    },
    /// A message that does not read: a missing or unknown `:message-type`, a payload or a
    /// header that is not what the event's model says.
    Malformed {
        /// The event, exception or header at fault.
        place: String,
        /// What is wrong.
        reason: String,
    },
}

impl<T> EventError<T> {
    /// A message that does not read, at `place`.
    pub fn malformed(place: impl Into<String>, reason: impl fmt::Display) -> Self {
        EventError::Malformed { place: place.into(), reason: reason.to_string() }
    }

    /// The message any other message type is: neither an event, an exception nor an error.
    pub fn unknown_message_type(message: &EventMessage<'_>) -> Self {
        match message.message_type() {
            Some(other) => EventError::malformed(":message-type", format!("unknown message type {other:?}")),
            None => EventError::malformed(":message-type", "the message has no :message-type header"),
        }
    }

    /// An `exception` whose `:exception-type` the union does not list, or an `error` message.
    pub fn other(message: &EventMessage<'_>) -> Self {
        match message.message_type() {
            Some("exception") => EventError::UnmodeledException {
                code: message.string(":exception-type").unwrap_or_default().to_owned(),
                payload: message.payload.to_vec(),
            },
            Some("error") => EventError::Error {
                code: message.string(":error-code").map(str::to_owned),
                message: message.string(":error-message").map(str::to_owned),
            },
            _ => EventError::unknown_message_type(message),
        }
    }
}

impl<T: fmt::Debug> fmt::Display for EventError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EventError::Exception(exception) => write!(f, "the stream ended with an exception: {exception:?}"),
            EventError::UnmodeledException { code, .. } => write!(f, "the stream ended with the exception {code:?}"),
            EventError::Error { code, message } => write!(
                f,
                "the stream ended with an error: {}: {}",
                code.as_deref().unwrap_or("(no code)"),
                message.as_deref().unwrap_or("(no message)")
            ),
            EventError::Malformed { place, reason } => write!(f, "event stream message, {place}: {reason}"),
        }
    }
}

impl<T: fmt::Debug> std::error::Error for EventError<T> {}

/// The value of the header `name` of `message`, as the member it is bound to: `Ok(None)`
/// when the message does not have it.
///
/// # Errors
///
/// A header whose type is not the member's.
pub fn header<'m, T: FromHeader<'m>, E>(
    message: &EventMessage<'m>,
    name: &'static str,
) -> Result<Option<T>, EventError<E>> {
    match message.header(name) {
        None => Ok(None),
        Some(value) => T::from_header(*value).map(Some).ok_or_else(|| {
            EventError::malformed(format!("header {name:?}"), format!("a {} is not a {}", value.type_name(), T::NAME))
        }),
    }
}

/// A member's type that a header's value becomes.
pub trait FromHeader<'m>: Sized {
    /// The type's name, for errors.
    const NAME: &'static str;

    /// The value, when `value` has the type's.
    fn from_header(value: HeaderValue<'m>) -> Option<Self>;
}

macro_rules! from_header {
    ($($ty:ty, $name:literal, |$value:ident| $convert:expr;)*) => {$(
        impl<'m> FromHeader<'m> for $ty {
            const NAME: &'static str = $name;

            fn from_header($value: HeaderValue<'m>) -> Option<Self> {
                $convert
            }
        }
    )*};
}

from_header! {
    bool, "boolean", |value| match value { HeaderValue::Bool(value) => Some(value), _ => None };
    i8, "byte", |value| match value { HeaderValue::Byte(value) => Some(value), _ => None };
    i16, "short", |value| match value { HeaderValue::Short(value) => Some(value), HeaderValue::Byte(value) => Some(value.into()), _ => None };
    i32, "integer", |value| match value {
        HeaderValue::Int(value) => Some(value),
        HeaderValue::Short(value) => Some(value.into()),
        HeaderValue::Byte(value) => Some(value.into()),
        _ => None,
    };
    i64, "long", |value| match value {
        HeaderValue::Long(value) => Some(value),
        HeaderValue::Int(value) => Some(value.into()),
        HeaderValue::Short(value) => Some(value.into()),
        HeaderValue::Byte(value) => Some(value.into()),
        _ => None,
    };
    String, "string", |value| match value { HeaderValue::String(value) => Some(value.to_owned()), _ => None };
    Vec<u8>, "blob", |value| match value { HeaderValue::Bytes(value) => Some(value.to_vec()), _ => None };
    jiff::Timestamp, "timestamp", |value| match value {
        HeaderValue::Timestamp(millis) => jiff::Timestamp::from_millisecond(millis).ok(),
        _ => None,
    };
}

/// The payload of `message` as text, for a payload member that is a string.
///
/// # Errors
///
/// A payload that is not UTF-8.
pub fn payload_text<'m, E>(message: &EventMessage<'m>, event: &'static str) -> Result<&'m str, EventError<E>> {
    std::str::from_utf8(message.payload).map_err(|error| EventError::malformed(event, error))
}

/// What an event of a type the model does not list keeps of its payload: its JSON when it is
/// JSON, else nothing.
pub fn unknown_value(message: &EventMessage<'_>) -> serde_json::Value {
    serde_json::from_slice(message.payload).unwrap_or(serde_json::Value::Null)
}

/// An output's event stream, whose events are of the union `T`: the response's body, left
/// unread for a client to read message by message (`Default`: an empty stream).
pub struct Events<T> {
    body: Body,
    events: PhantomData<fn() -> T>,
}

impl<T> Events<T> {
    /// The stream of `body`'s messages.
    pub fn new(body: Body) -> Self {
        Events { body, events: PhantomData }
    }

    /// The stream of an output read from `response`: the body a client left in the response's
    /// extensions, or else the response's body, in memory.
    pub fn of_response<B: AsRef<[u8]>>(response: &http::Response<B>) -> Self {
        Events::new(Body::of_response(response))
    }

    /// The body the messages are read from.
    pub fn into_body(self) -> Body {
        self.body
    }

    /// The body the messages are read from, not taken.
    pub fn body(&self) -> &Body {
        &self.body
    }
}

impl<T> Default for Events<T> {
    fn default() -> Self {
        Events::new(Body::empty())
    }
}

impl<T> Clone for Events<T> {
    fn clone(&self) -> Self {
        Events::new(self.body.clone())
    }
}

/// Streams are equal when their bodies are (see [`Body`]'s `PartialEq`).
impl<T> PartialEq for Events<T> {
    fn eq(&self, other: &Self) -> bool {
        self.body == other.body
    }
}

impl<T> fmt::Debug for Events<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Events").field("body", &self.body).finish()
    }
}

/// A header value of a message to send: [`HeaderValue`], owned.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum OutHeader {
    /// A boolean.
    Bool(bool),
    /// A signed byte.
    Byte(i8),
    /// A 16-bit integer.
    Short(i16),
    /// A 32-bit integer.
    Int(i32),
    /// A 64-bit integer.
    Long(i64),
    /// Bytes.
    Bytes(Vec<u8>),
    /// A UTF-8 string.
    String(String),
    /// A timestamp: milliseconds since the Unix epoch.
    Timestamp(i64),
}

/// An event to send, before it is framed and signed: its headers (`:message-type`,
/// `:event-type`, `:content-type`, and the event's members bound to headers) and its payload.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OutMessage {
    /// The headers: name and value.
    pub headers: Vec<(String, OutHeader)>,
    /// The payload.
    pub payload: Vec<u8>,
}

impl OutMessage {
    /// The event `event_type` of an input stream, with `payload` of `content_type`.
    pub fn event(event_type: &str, content_type: Option<&str>, payload: Vec<u8>) -> OutMessage {
        let mut headers = vec![
            (":message-type".to_owned(), OutHeader::String("event".to_owned())),
            (":event-type".to_owned(), OutHeader::String(event_type.to_owned())),
        ];
        if let Some(content_type) = content_type {
            headers.push((":content-type".to_owned(), OutHeader::String(content_type.to_owned())));
        }
        OutMessage { headers, payload }
    }

    /// Adds the header `name`, when `value` has one.
    pub fn header(&mut self, name: &str, value: Option<impl ToHeader>) {
        if let Some(value) = value {
            self.headers.push((name.to_owned(), value.to_header()));
        }
    }
}

/// A member's value that a header carries.
pub trait ToHeader {
    /// The header's value.
    fn to_header(&self) -> OutHeader;
}

impl<T: ToHeader + ?Sized> ToHeader for &T {
    fn to_header(&self) -> OutHeader {
        (**self).to_header()
    }
}

macro_rules! to_header {
    ($($ty:ty => |$value:ident| $convert:expr;)*) => {$(
        impl ToHeader for $ty {
            fn to_header(&self) -> OutHeader {
                let $value = self;
                $convert
            }
        }
    )*};
}

to_header! {
    bool => |value| OutHeader::Bool(*value);
    i8 => |value| OutHeader::Byte(*value);
    i16 => |value| OutHeader::Short(*value);
    i32 => |value| OutHeader::Int(*value);
    i64 => |value| OutHeader::Long(*value);
    str => |value| OutHeader::String(value.to_owned());
    String => |value| OutHeader::String(value.clone());
    Vec<u8> => |value| OutHeader::Bytes(value.clone());
    jiff::Timestamp => |value| OutHeader::Timestamp(value.as_millisecond());
}

/// The events of a generated event union that a request sends: each event as the message
/// that carries it. Generated for every event-stream union.
pub trait EventStreamInput {
    /// The message of this event.
    ///
    /// # Errors
    ///
    /// A payload that could not be written, or an `Unknown` event, which cannot be sent.
    fn write_message(&self) -> Result<OutMessage, crate::request::RequestError>;
}

/// Where the events an input stream sends come from, one at a time, as they are ready: a
/// `Stream` without its crate (the client makes one from a channel).
pub trait EventSource<T>: Send {
    /// The next event, `Ready(None)` at the end of the stream.
    fn poll_next(self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<Option<T>>;
}

/// Events given whole, in order.
struct Listed<T>(std::collections::VecDeque<T>);

impl<T: Send + Unpin> EventSource<T> for Listed<T> {
    fn poll_next(self: std::pin::Pin<&mut Self>, _: &mut std::task::Context<'_>) -> std::task::Poll<Option<T>> {
        std::task::Poll::Ready(self.get_mut().0.pop_front())
    }
}

/// The messages an input stream sends, its events written ([`EventStreamInput`]): what a
/// request carries in its extensions for the client to frame, sign and send.
pub type MessageSource = std::pin::Pin<Box<dyn EventSource<Result<OutMessage, crate::request::RequestError>>>>;

/// An input's event stream, whose events are of the union `T`: sent as they come, by a client
/// that can send and receive at once (the async client, over HTTP/2). Read once: clones share
/// the source, whoever sends it first. `Default`: a stream of no events.
pub struct EventInput<T> {
    source: SharedSource<T>,
}

/// A source of events, shared by the clones of the stream, taken by the first to send it.
type SharedSource<T> = std::sync::Arc<std::sync::Mutex<Option<std::pin::Pin<Box<dyn EventSource<T>>>>>>;

impl<T: Send + 'static> EventInput<T> {
    /// The stream of the events `source` gives.
    pub fn new(source: impl EventSource<T> + 'static) -> Self {
        EventInput { source: std::sync::Arc::new(std::sync::Mutex::new(Some(Box::pin(source)))) }
    }

    /// The stream of `events`, in order.
    pub fn from_events(events: Vec<T>) -> Self
    where
        T: Unpin,
    {
        EventInput::new(Listed(events.into()))
    }

    /// The messages of the events, each written as it comes, when the stream has not been
    /// sent already.
    pub fn messages(&self) -> Option<MessageSource>
    where
        T: EventStreamInput,
    {
        let source = self.source.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take()?;
        Some(Box::pin(Written(source)))
    }
}

/// Events written as messages as they come.
struct Written<T>(std::pin::Pin<Box<dyn EventSource<T>>>);

impl<T: EventStreamInput> EventSource<Result<OutMessage, crate::request::RequestError>> for Written<T> {
    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<OutMessage, crate::request::RequestError>>> {
        self.0.as_mut().poll_next(cx).map(|event| event.map(|event| event.write_message()))
    }
}

/// The messages a request's input stream sends, in the request's extensions for the client
/// (`RequestBuilder::build_events` puts them there): taken once, by whoever sends the request.
#[derive(Clone)]
pub struct OutgoingEvents(std::sync::Arc<std::sync::Mutex<Option<MessageSource>>>);

impl OutgoingEvents {
    /// The messages of `source`.
    pub fn new(source: MessageSource) -> Self {
        OutgoingEvents(std::sync::Arc::new(std::sync::Mutex::new(Some(source))))
    }

    /// The input stream `request` sends, when it sends one.
    pub fn of_request<B>(request: &http::Request<B>) -> Option<&OutgoingEvents> {
        request.extensions().get::<OutgoingEvents>()
    }

    /// The messages, when they have not been taken already.
    pub fn take(&self) -> Option<MessageSource> {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take()
    }
}

impl fmt::Debug for OutgoingEvents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OutgoingEvents")
    }
}

impl<T: Send + Unpin + 'static> Default for EventInput<T> {
    fn default() -> Self {
        EventInput::from_events(Vec::new())
    }
}

impl<T> Clone for EventInput<T> {
    fn clone(&self) -> Self {
        EventInput { source: std::sync::Arc::clone(&self.source) }
    }
}

/// Streams are equal when they are the same stream (or its clones).
impl<T> PartialEq for EventInput<T> {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.source, &other.source)
    }
}

impl<T> fmt::Debug for EventInput<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EventInput")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message<'a>(headers: &[(&'a str, HeaderValue<'a>)], payload: &'a [u8]) -> EventMessage<'a> {
        EventMessage { headers: headers.to_vec(), payload }
    }

    #[test]
    fn headers_become_the_members_types() {
        let m = message(
            &[
                ("s", HeaderValue::String("text")),
                ("n", HeaderValue::Short(-3)),
                ("t", HeaderValue::Timestamp(1_700_000_000_123)),
                ("b", HeaderValue::Bytes(b"\x00\xff")),
            ],
            b"",
        );
        assert_eq!(header::<String, ()>(&m, "s").unwrap().as_deref(), Some("text"));
        // A narrower integer widens; a wider one does not narrow.
        assert_eq!(header::<i64, ()>(&m, "n").unwrap(), Some(-3));
        let error = header::<i8, ()>(&m, "n").unwrap_err();
        assert_eq!(error.to_string(), r#"event stream message, header "n": a short is not a byte"#);
        assert_eq!(header::<jiff::Timestamp, ()>(&m, "t").unwrap().unwrap().as_millisecond(), 1_700_000_000_123);
        assert_eq!(header::<Vec<u8>, ()>(&m, "b").unwrap(), Some(vec![0, 255]));
        assert_eq!(header::<bool, ()>(&m, "missing").unwrap(), None);
    }

    #[test]
    fn messages_that_are_not_events_are_errors_of_the_stream() {
        let exception = message(
            &[(":message-type", HeaderValue::String("exception")), (":exception-type", HeaderValue::String("Boom"))],
            b"{}",
        );
        assert_eq!(
            EventError::<()>::other(&exception),
            EventError::UnmodeledException { code: "Boom".into(), payload: b"{}".to_vec() }
        );
        let error = message(
            &[
                (":message-type", HeaderValue::String("error")),
                (":error-code", HeaderValue::String("InternalError")),
                (":error-message", HeaderValue::String("try again")),
            ],
            b"",
        );
        assert_eq!(
            EventError::<()>::other(&error).to_string(),
            "the stream ended with an error: InternalError: try again"
        );
        let neither = message(&[(":message-type", HeaderValue::String("gossip"))], b"");
        assert_eq!(
            EventError::<()>::other(&neither).to_string(),
            r#"event stream message, :message-type: unknown message type "gossip""#
        );
        let initial = message(
            &[
                (":message-type", HeaderValue::String("event")),
                (":event-type", HeaderValue::String("initial-response")),
            ],
            b"{}",
        );
        assert!(initial.is_initial_response() && !neither.is_initial_response());
        assert_eq!(unknown_value(&initial), serde_json::json!({}));
        assert_eq!(unknown_value(&neither), serde_json::Value::Null);
    }
}
