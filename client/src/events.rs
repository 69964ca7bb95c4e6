//! Reading an output's event stream as its messages arrive: Bedrock Runtime's
//! `ConverseStream` tokens, S3's `SelectObjectContent` records, Kinesis's
//! `SubscribeToShard` records.
//!
//! [`EventReader`] reads a stream from blocking code (an [`Iterator`]), [`AsyncEventReader`]
//! from async code; both decode the framing as bytes arrive (the runtime's
//! [`Decoder`](shapegen_runtime::eventstream::Decoder)) and read each message into the
//! generated event union ([`EventStream`]). An `initial-response` message, which some protocols
//! send first with the output's other members, is kept aside
//! ([`EventReader::initial_response`]). The stream ends after its last whole message; an
//! exception or an error message of the service, a corrupt message, or a stream cut in the
//! middle of a message ends it with an error.
//!
//! ```no_run
//! # fn f<T: shapegen_runtime::events::EventStream + std::fmt::Debug + 'static>(events: shapegen_runtime::events::Events<T>) -> Result<(), Box<dyn std::error::Error>> {
//! for event in shapegen_client::events::EventReader::new(events)? {
//!     println!("{:?}", event?);
//! }
//! # Ok(()) }
//! ```
//!
//! Needs the crate feature `eventstream`.

use std::fmt;
use std::io::Read;

use shapegen_runtime::body::BodyError;
use shapegen_runtime::events::{EventError, EventStream, Events};
use shapegen_runtime::eventstream::{DecodeError, Decoder, event_message};

/// What reads from a stream's bytes, whichever way they arrive: the decoder, and what came
/// before.
struct Core {
    decoder: Decoder,
    /// The payload of the stream's `initial-response`, once read.
    initial: Option<Vec<u8>>,
    /// Whether a message has been read: only the first may be the `initial-response`.
    started: bool,
    /// Whether the stream has ended, with its last message or an error.
    done: bool,
}

impl Core {
    fn new() -> Core {
        Core { decoder: Decoder::new(), initial: None, started: false, done: false }
    }

    /// The next event of the bytes pushed so far, `None` until a whole message has come.
    fn next<T: EventStream>(&mut self) -> Option<Result<T, StreamError<T>>> {
        loop {
            let message = match self.decoder.next_message() {
                Ok(Some(message)) => message,
                Ok(None) => return None,
                Err(error) => return Some(Err(self.end(StreamError::Decode(error)))),
            };
            let message = event_message(&message);
            let first = !std::mem::replace(&mut self.started, true);
            if first && message.is_initial_response() {
                self.initial = Some(message.payload.to_vec());
                continue;
            }
            return Some(T::read_message(&message).map_err(|error| self.end(StreamError::Event(error))));
        }
    }

    /// The stream's end, when its bytes have run out: an error when they stop mid-message.
    fn finish<T>(&mut self) -> Option<Result<T, StreamError<T>>> {
        self.done = true;
        self.decoder.has_partial_message().then_some(Err(StreamError::Truncated))
    }

    /// `error`, which ends the stream.
    fn end<T>(&mut self, error: StreamError<T>) -> StreamError<T> {
        self.done = true;
        error
    }
}

/// An output's event stream, read from blocking code: each item is the next event, as it
/// arrives.
pub struct EventReader<T> {
    reader: shapegen_runtime::body::Reader,
    core: Core,
    chunk: Vec<u8>,
    events: std::marker::PhantomData<fn() -> T>,
}

impl<T: EventStream> EventReader<T> {
    /// The reader of `events`.
    ///
    /// # Errors
    ///
    /// A stream that is an async body (read it with [`AsyncEventReader`]), or one read
    /// already.
    pub fn new(events: Events<T>) -> Result<Self, BodyError> {
        let reader = events.into_body().into_reader()?;
        Ok(EventReader { reader, core: Core::new(), chunk: vec![0; 16 * 1024], events: std::marker::PhantomData })
    }

    /// The payload of the stream's `initial-response`, when it sent one and it has been read
    /// (it comes before the first event).
    pub fn initial_response(&self) -> Option<&[u8]> {
        self.core.initial.as_deref()
    }
}

impl<T: EventStream> Iterator for EventReader<T> {
    type Item = Result<T, StreamError<T>>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.core.done {
                return None;
            }
            if let Some(event) = self.core.next() {
                return Some(event);
            }
            match self.reader.read(&mut self.chunk) {
                Ok(0) => return self.core.finish(),
                Ok(read) => self.core.decoder.push(&self.chunk[..read]),
                Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
                Err(error) => return Some(Err(self.core.end(StreamError::Io(error)))),
            }
        }
    }
}

impl<T> fmt::Debug for EventReader<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventReader").field("done", &self.core.done).finish_non_exhaustive()
    }
}

/// An output's event stream, read from async code: [`next`](Self::next) gives each event as
/// it arrives.
#[cfg(feature = "async")]
pub struct AsyncEventReader<T> {
    body: shapegen_runtime::body::AsyncBody,
    core: Core,
    events: std::marker::PhantomData<fn() -> T>,
}

#[cfg(feature = "async")]
impl<T: EventStream> AsyncEventReader<T> {
    /// The reader of `events`.
    ///
    /// # Errors
    ///
    /// A stream that is a blocking reader (read it with [`EventReader`]), or one read
    /// already.
    pub fn new(events: Events<T>) -> Result<Self, BodyError> {
        let body = events.into_body().into_async()?;
        Ok(AsyncEventReader { body, core: Core::new(), events: std::marker::PhantomData })
    }

    /// The payload of the stream's `initial-response`, when it sent one and it has been read.
    pub fn initial_response(&self) -> Option<&[u8]> {
        self.core.initial.as_deref()
    }

    /// The next event, when it has arrived; `None` at the end of the stream.
    pub async fn next(&mut self) -> Option<Result<T, StreamError<T>>> {
        use http_body_util::BodyExt as _;
        loop {
            if self.core.done {
                return None;
            }
            if let Some(event) = self.core.next() {
                return Some(event);
            }
            match self.body.frame().await {
                None => return self.core.finish(),
                Some(Ok(frame)) => {
                    if let Ok(data) = frame.into_data() {
                        self.core.decoder.push(&data);
                    }
                }
                Some(Err(error)) => {
                    return Some(Err(self.core.end(StreamError::Io(std::io::Error::other(error)))));
                }
            }
        }
    }
}

#[cfg(feature = "async")]
impl<T> fmt::Debug for AsyncEventReader<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AsyncEventReader").field("done", &self.core.done).finish_non_exhaustive()
    }
}

/// Why an event stream ended before its last message.
#[derive(Debug)]
#[non_exhaustive]
pub enum StreamError<T> {
    /// The service sent an exception or an error, or a message that does not read as its
    /// event.
    Event(EventError<T>),
    /// The framing is corrupt.
    Decode(DecodeError),
    /// Reading the body failed.
    Io(std::io::Error),
    /// The body ended in the middle of a message.
    Truncated,
}

impl<T> StreamError<T> {
    /// The exception the service ended the stream with, when the model lists it.
    pub fn exception(&self) -> Option<&T> {
        match self {
            StreamError::Event(EventError::Exception(exception)) => Some(exception),
            _ => None,
        }
    }
}

impl<T: fmt::Debug> fmt::Display for StreamError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StreamError::Event(error) => error.fmt(f),
            StreamError::Decode(error) => write!(f, "event stream: {error}"),
            StreamError::Io(error) => write!(f, "event stream: reading the body: {error}"),
            StreamError::Truncated => f.write_str("event stream: the body ended in the middle of a message"),
        }
    }
}

impl<T: fmt::Debug> std::error::Error for StreamError<T> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StreamError::Decode(error) => Some(error),
            StreamError::Io(error) => Some(error),
            _ => None,
        }
    }
}

/// The body of a request that sends an input event stream: each message, as its event comes,
/// written, framed, signed with the signature before it ([`MessageSigner`]) and sent; then the
/// empty message that ends the stream. Unsigned where the request is (a bearer token).
///
/// [`MessageSigner`]: crate::sign::MessageSigner
pub(crate) struct EventBody {
    source: shapegen_runtime::events::MessageSource,
    signer: Option<crate::sign::MessageSigner>,
    ended: bool,
}

impl EventBody {
    /// The body of `source`'s messages, signed with `signer`.
    pub(crate) fn new(
        source: shapegen_runtime::events::MessageSource,
        signer: Option<crate::sign::MessageSigner>,
    ) -> EventBody {
        EventBody { source, signer, ended: false }
    }

    /// `message` (or the end of the stream) framed, signed where the request is.
    fn frame(&mut self, message: Option<shapegen_runtime::eventstream::Message>) -> Result<bytes::Bytes, BoxError> {
        let message = match (&mut self.signer, message) {
            (Some(signer), message) => signer.sign(message.as_ref())?,
            (None, Some(message)) => message,
            (None, None) => shapegen_runtime::eventstream::Message::new(Vec::new()),
        };
        Ok(bytes::Bytes::from(shapegen_runtime::eventstream::encode(&message)?))
    }
}

/// An error of an async body.
type BoxError = shapegen_runtime::body::BoxError;

impl http_body::Body for EventBody {
    type Data = bytes::Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<bytes::Bytes>, BoxError>>> {
        use std::task::Poll;
        if self.ended {
            return Poll::Ready(None);
        }
        let next = match self.source.as_mut().poll_next(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(next) => next,
        };
        let frame = match next {
            Some(Ok(message)) => self.frame(Some(shapegen_runtime::eventstream::out_message(message))),
            Some(Err(error)) => Err(error.into()),
            None => {
                self.ended = true;
                self.frame(None)
            }
        };
        Poll::Ready(Some(frame.map(http_body::Frame::data)))
    }
}
