//! The body of a request or a response whose payload is a stream of bytes (S3's `GetObject`
//! and `PutObject`, Lambda's `Invoke`, Polly's `SynthesizeSpeech`): one type for bytes held
//! in memory, a blocking reader ([`std::io::Read`]) and an async body (the [`http_body`]
//! traits), with its length when known.
//!
//! A generated structure holds its streaming member as a [`Body`]. The runtime never reads
//! one: a request built for a body that is a stream carries the body in its extensions for
//! the client to send, and a response read by the client carries the stream it received in
//! its extensions for the output to hold (see [`Body::of_response`]). Built and read in
//! memory (a test, a program with its own HTTP stack), a body is the bytes of the message.
//!
//! Bytes can be sent again, and so can a body that opens its stream anew for each attempt
//! ([`Body::from_fn`], such as a file); a stream from a reader or an async body is read
//! once. Clones of a `Body` share its stream: whichever takes it first reads it.

use std::fmt;
use std::io::Read;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};

pub use bytes::Bytes;

/// An error of an async body.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// An async body: frames of bytes as they arrive.
pub type AsyncBody = Pin<Box<dyn http_body::Body<Data = Bytes, Error = BoxError> + Send + 'static>>;

/// A blocking reader of a body.
pub type Reader = Box<dyn Read + Send + 'static>;

/// How a replayable body opens its stream for each attempt.
type Open = dyn Fn() -> std::io::Result<Reader> + Send + Sync + 'static;

/// The payload of a request or a response: bytes in memory, or a stream read as it is sent or
/// as it arrives. See the [module](self).
#[derive(Clone, Default)]
pub struct Body {
    inner: Inner,
}

#[derive(Clone)]
enum Inner {
    Bytes(Bytes),
    /// A stream read once; clones share it.
    Once {
        stream: Arc<Mutex<Option<Source>>>,
        length: Option<u64>,
    },
    /// A stream opened anew for each reading.
    Replay {
        open: Arc<Open>,
        length: Option<u64>,
    },
}

impl Default for Inner {
    fn default() -> Self {
        Inner::Bytes(Bytes::new())
    }
}

/// What a body is read from, once taken ([`Body::take`]).
pub enum Source {
    /// Bytes in memory.
    Bytes(Bytes),
    /// A blocking reader.
    Reader(Reader),
    /// An async body.
    Async(AsyncBody),
}

impl fmt::Debug for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Bytes(bytes) => f.debug_tuple("Bytes").field(&bytes.len()).finish(),
            Source::Reader(_) => f.write_str("Reader"),
            Source::Async(_) => f.write_str("Async"),
        }
    }
}

/// A body that cannot be read as asked.
#[derive(Debug)]
#[non_exhaustive]
pub enum BodyError {
    /// The body is a stream that was read already (by a clone, or by an earlier attempt).
    Spent,
    /// The body is an async stream, which a blocking reader cannot read.
    Async,
    /// The body is a blocking reader, which an async body cannot read without a thread of
    /// its own.
    Blocking,
    /// Opening a replayable body's stream failed.
    Open(std::io::Error),
}

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BodyError::Spent => f.write_str("the body is a stream that was read already: it can be read once"),
            BodyError::Async => {
                f.write_str("the body is an async stream: read it from async code, not as a blocking reader")
            }
            BodyError::Blocking => {
                f.write_str("the body is a blocking reader: read it from blocking code, not as an async body")
            }
            BodyError::Open(error) => write!(f, "opening the body's stream: {error}"),
        }
    }
}

impl std::error::Error for BodyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BodyError::Open(error) => Some(error),
            _ => None,
        }
    }
}

impl Body {
    /// An empty body.
    pub fn empty() -> Body {
        Body::default()
    }

    /// A body read once from `reader`, of `length` bytes when known (an operation whose
    /// payload requires a length, such as S3's `UploadPart`, needs it).
    pub fn from_reader(reader: impl Read + Send + 'static, length: Option<u64>) -> Body {
        Body::once(Source::Reader(Box::new(reader)), length)
    }

    /// A body read once from the async body `body` (such as `hyper`'s, or one of
    /// `http-body-util`'s), of `length` bytes when known; its exact size hint is taken when
    /// `length` is `None`.
    pub fn from_async<B>(body: B, length: Option<u64>) -> Body
    where
        B: http_body::Body<Data = Bytes> + Send + 'static,
        B::Error: Into<BoxError>,
    {
        let length = length.or_else(|| body.size_hint().exact());
        Body::once(Source::Async(Box::pin(MapError(Box::pin(body)))), length)
    }

    /// A body of `length` bytes (when known) that `open` opens anew each time it is read: a
    /// file, which a retry sends again and a signer may read to hash it.
    pub fn from_fn(length: Option<u64>, open: impl Fn() -> std::io::Result<Reader> + Send + Sync + 'static) -> Body {
        Body { inner: Inner::Replay { open: Arc::new(open), length } }
    }

    fn once(source: Source, length: Option<u64>) -> Body {
        Body { inner: Inner::Once { stream: Arc::new(Mutex::new(Some(source))), length } }
    }

    /// The body's length in bytes, when known.
    pub fn length(&self) -> Option<u64> {
        match &self.inner {
            Inner::Bytes(bytes) => u64::try_from(bytes.len()).ok(),
            Inner::Once { length, .. } | Inner::Replay { length, .. } => *length,
        }
    }

    /// The bytes of a body held in memory; `None` for a stream.
    pub fn bytes(&self) -> Option<&[u8]> {
        match &self.inner {
            Inner::Bytes(bytes) => Some(bytes),
            _ => None,
        }
    }

    /// Whether the body is held in memory, or empty.
    pub fn is_empty(&self) -> bool {
        self.bytes().is_some_and(<[u8]>::is_empty)
    }

    /// Whether the body can be read again: bytes, or a stream opened anew each time.
    pub fn is_replayable(&self) -> bool {
        !matches!(self.inner, Inner::Once { .. })
    }

    /// What the body is read from: its bytes, a new stream of a replayable body, or the
    /// stream of a body read once, which clones share and which is then spent.
    ///
    /// # Errors
    ///
    /// [`BodyError::Spent`] for a stream read already, [`BodyError::Open`] when opening a
    /// replayable body fails.
    pub fn take(&self) -> Result<Source, BodyError> {
        match &self.inner {
            Inner::Bytes(bytes) => Ok(Source::Bytes(bytes.clone())),
            Inner::Once { stream, .. } => {
                stream.lock().unwrap_or_else(PoisonError::into_inner).take().ok_or(BodyError::Spent)
            }
            Inner::Replay { open, .. } => open().map(Source::Reader).map_err(BodyError::Open),
        }
    }

    /// The body as a blocking reader.
    ///
    /// # Errors
    ///
    /// An async stream ([`BodyError::Async`]), or as [`Body::take`].
    pub fn into_reader(self) -> Result<Reader, BodyError> {
        match self.take()? {
            Source::Bytes(bytes) => Ok(Box::new(std::io::Cursor::new(bytes))),
            Source::Reader(reader) => Ok(reader),
            Source::Async(_) => Err(BodyError::Async),
        }
    }

    /// The body as an async body, whose frames are read as they arrive.
    ///
    /// # Errors
    ///
    /// A blocking reader ([`BodyError::Blocking`]), or as [`Body::take`].
    pub fn into_async(self) -> Result<AsyncBody, BodyError> {
        match self.take()? {
            Source::Bytes(bytes) => Ok(Box::pin(http_body_full(bytes))),
            Source::Async(body) => Ok(body),
            Source::Reader(_) => Err(BodyError::Blocking),
        }
    }

    /// The streaming payload of an output read from `response`: the stream a client left in
    /// the response's extensions, or else the response's body, in memory.
    pub fn of_response<B: AsRef<[u8]>>(response: &http::Response<B>) -> Body {
        match response.extensions().get::<Body>() {
            Some(body) => body.clone(),
            None => Body::from(response.body().as_ref().to_vec()),
        }
    }

    /// The stream a request carries for the client to send ([`RequestBuilder::build_stream`]
    /// puts it there), when its payload is one.
    ///
    /// [`RequestBuilder::build_stream`]: crate::request::RequestBuilder::build_stream
    pub fn of_request<B>(request: &http::Request<B>) -> Option<&Body> {
        request.extensions().get::<Body>()
    }
}

/// One frame of bytes, then the end: an async body of bytes in memory.
fn http_body_full(bytes: Bytes) -> Full {
    Full(Some(bytes).filter(|bytes| !bytes.is_empty()))
}

/// An async body of bytes in memory.
struct Full(Option<Bytes>);

impl http_body::Body for Full {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        std::task::Poll::Ready(self.0.take().map(|bytes| Ok(http_body::Frame::data(bytes))))
    }

    fn is_end_stream(&self) -> bool {
        self.0.is_none()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        http_body::SizeHint::with_exact(self.0.as_ref().map_or(0, |bytes| bytes.len() as u64))
    }
}

/// An async body whose errors are boxed.
struct MapError<B>(Pin<Box<B>>);

impl<B> http_body::Body for MapError<B>
where
    B: http_body::Body<Data = Bytes>,
    B::Error: Into<BoxError>,
{
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, BoxError>>> {
        self.0.as_mut().poll_frame(cx).map(|frame| frame.map(|frame| frame.map_err(Into::into)))
    }

    fn is_end_stream(&self) -> bool {
        self.0.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.0.size_hint()
    }
}

impl From<Vec<u8>> for Body {
    fn from(bytes: Vec<u8>) -> Body {
        Body { inner: Inner::Bytes(Bytes::from(bytes)) }
    }
}

impl From<Bytes> for Body {
    fn from(bytes: Bytes) -> Body {
        Body { inner: Inner::Bytes(bytes) }
    }
}

impl From<&'static [u8]> for Body {
    fn from(bytes: &'static [u8]) -> Body {
        Body { inner: Inner::Bytes(Bytes::from_static(bytes)) }
    }
}

impl<const N: usize> From<&'static [u8; N]> for Body {
    fn from(bytes: &'static [u8; N]) -> Body {
        Body::from(&bytes[..])
    }
}

impl From<String> for Body {
    fn from(text: String) -> Body {
        Body::from(text.into_bytes())
    }
}

impl From<&'static str> for Body {
    fn from(text: &'static str) -> Body {
        Body::from(text.as_bytes())
    }
}

/// Bodies in memory are equal when their bytes are; a stream is equal only to itself (and its
/// clones).
impl PartialEq for Body {
    fn eq(&self, other: &Body) -> bool {
        match (&self.inner, &other.inner) {
            (Inner::Bytes(a), Inner::Bytes(b)) => a == b,
            (Inner::Once { stream: a, .. }, Inner::Once { stream: b, .. }) => Arc::ptr_eq(a, b),
            (Inner::Replay { open: a, .. }, Inner::Replay { open: b, .. }) => {
                std::ptr::addr_eq(Arc::as_ptr(a), Arc::as_ptr(b))
            }
            _ => false,
        }
    }
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner {
            Inner::Bytes(bytes) => f.debug_struct("Body").field("bytes", &bytes.len()).finish(),
            Inner::Once { length, .. } => f.debug_struct("Body").field("stream", length).finish(),
            Inner::Replay { length, .. } => f.debug_struct("Body").field("replayable", length).finish(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_are_read_as_often_as_asked_and_a_stream_once() {
        let body = Body::from(b"abc");
        assert_eq!((body.length(), body.bytes(), body.is_replayable()), (Some(3), Some(&b"abc"[..]), true));
        let mut text = String::new();
        body.clone().into_reader().unwrap().read_to_string(&mut text).unwrap();
        body.into_reader().unwrap().read_to_string(&mut text).unwrap();
        assert_eq!(text, "abcabc");
        assert!(Body::empty().is_empty() && !Body::from("x").is_empty());

        let stream = Body::from_reader(&b"abcd"[..], Some(4));
        assert!(!stream.is_replayable() && stream.bytes().is_none() && !stream.is_empty());
        let clone = stream.clone();
        assert_eq!(clone, stream);
        assert_ne!(stream, Body::from_reader(&b"abcd"[..], Some(4)));
        let mut read = Vec::new();
        clone.into_reader().unwrap().read_to_end(&mut read).unwrap();
        assert_eq!(read, b"abcd");
        // The clone took the stream: it is spent for every other handle.
        assert!(matches!(stream.take(), Err(BodyError::Spent)));
        assert_eq!(format!("{stream:?}"), "Body { stream: Some(4) }");
    }

    #[test]
    fn a_replayable_body_opens_anew_each_time() {
        let opened = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let count = Arc::clone(&opened);
        let body = Body::from_fn(Some(2), move || {
            count.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Ok(Box::new(&b"hi"[..]) as Reader)
        });
        assert!(body.is_replayable() && body.bytes().is_none());
        for _ in 0..2 {
            let mut text = String::new();
            body.clone().into_reader().unwrap().read_to_string(&mut text).unwrap();
            assert_eq!(text, "hi");
        }
        assert_eq!(opened.load(std::sync::atomic::Ordering::Relaxed), 2);
        let failing = Body::from_fn(None, || Err(std::io::Error::other("gone")));
        let error = failing.take().unwrap_err();
        assert_eq!(error.to_string(), "opening the body's stream: gone");
    }

    #[test]
    fn blocking_and_async_bodies_refuse_the_other_side() {
        let reader = Body::from_reader(std::io::empty(), None);
        assert!(matches!(reader.into_async(), Err(BodyError::Blocking)));
        let asynchronous = Body::from_async(http_body_full(Bytes::from_static(b"xyz")), None);
        assert_eq!(asynchronous.length(), Some(3));
        assert!(matches!(asynchronous.into_reader(), Err(BodyError::Async)));
        // Bytes are either.
        let body = Body::from("ab").into_async().unwrap();
        assert_eq!(body.size_hint().exact(), Some(2));
    }

    #[test]
    fn a_response_gives_the_stream_in_its_extensions_or_its_bytes() {
        let response = http::Response::new(b"in memory".to_vec());
        assert_eq!(Body::of_response(&response), Body::from("in memory"));
        let stream = Body::from_reader(&b"streamed"[..], None);
        let mut response = http::Response::new(Vec::new());
        response.extensions_mut().insert(stream.clone());
        assert_eq!(Body::of_response(&response), stream);
    }
}
