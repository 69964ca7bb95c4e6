//! The async client, on tokio: the same calls as the blocking [`Client`](crate::Client), each
//! awaited.
//!
//! It shares everything with the blocking client but the transport and the way it waits: the
//! same configuration, endpoint, signing and retry rules ([`Call`](crate::call)), with
//! [`Hyper`] (hyper 1 over tokio) sending, and tokio's timer between attempts. Credentials
//! that must be fetched are fetched on tokio's blocking threads (`spawn_blocking`), never on
//! the executor's; those held are used at once.
//!
//! ```no_run
//! use guardduty_types::ListFindingsRequest;
//! use guardduty_types::operations::ListFindings;
//! use shapegen_client::Builder;
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Builder::from_env()?.build_async();
//! let input = ListFindingsRequest::builder().detector_id("12abc34d567e8fa901bc2d34e56789f0").build()?;
//! let mut items = client.items::<ListFindings>(input);
//! while let Some(id) = items.next().await {
//!     println!("{}", id?);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! Calls must run inside a tokio runtime with its timer (`enable_time`, or `enable_all`).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http_body_util::BodyExt as _;
use shapegen_runtime::{Operation, OwnedOperation, PagedItems, Paginated, Service, ServiceError};

use crate::Inner;
use std::io::Read as _;

use crate::body::{Body, Source};
use crate::call::{Call, Exchange, Next, NoIdentity, RawError};
use crate::credentials::{Credentials, CredentialsError};
use crate::error::Error;
use crate::paging::{Cursor, ItemCursor, Page};
use crate::retry::TransportFailure;
use crate::transport::TransportError;
use crate::wait::{Next as WaitNext, WaitConfig, WaitResult, Waiting};

/// A boxed future that can move between threads.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The body of a response an async transport receives: its bytes as they arrive.
pub type AsyncBody = http_body_util::combinators::BoxBody<Bytes, Box<dyn std::error::Error + Send + Sync>>;

/// Sends requests and returns their responses, whatever their status, without blocking.
pub trait AsyncTransport: fmt::Debug + Send + Sync {
    /// Sends `request` and returns the response, its body left to read.
    ///
    /// # Errors
    ///
    /// As [`Transport::send`](crate::transport::Transport::send).
    fn send(&self, request: http::Request<Body>) -> BoxFuture<'_, Result<http::Response<AsyncBody>, TransportError>>;
}

#[cfg(not(feature = "async-tls"))]
type Connector = hyper_util::client::legacy::connect::HttpConnector;
#[cfg(feature = "async-tls")]
type Connector = hyper_rustls::HttpsConnector<hyper_util::client::legacy::connect::HttpConnector>;

/// The async transport, over hyper 1 and tokio: a pool of HTTP/1.1 connections, no redirects
/// followed, `https://` with the crate feature `async-tls`. It does not read proxy settings.
#[derive(Clone)]
pub struct Hyper {
    client: hyper_util::client::legacy::Client<Connector, RequestBody>,
    /// HTTP/2 only, for the requests that send while they receive (input event streams):
    /// prior knowledge over `http://`, ALPN over `https://`.
    #[cfg(feature = "eventstream")]
    http2: hyper_util::client::legacy::Client<Connector, RequestBody>,
}

impl Hyper {
    /// A transport whose connections take at most `connect_timeout` to open.
    pub fn new(connect_timeout: Duration) -> Hyper {
        let mut http = hyper_util::client::legacy::connect::HttpConnector::new();
        http.set_connect_timeout(Some(connect_timeout));
        http.enforce_http(false);
        #[cfg(all(feature = "async-tls", not(feature = "eventstream")))]
        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            .with_webpki_roots()
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        #[cfg(all(feature = "async-tls", feature = "eventstream"))]
        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            .with_webpki_roots()
            .https_or_http()
            .enable_http1()
            .enable_http2()
            .wrap_connector(http);
        #[cfg(not(feature = "async-tls"))]
        let connector = http;
        let builder = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new());
        Hyper {
            client: builder.clone().build(connector.clone()),
            #[cfg(feature = "eventstream")]
            http2: {
                let mut builder = builder;
                builder.http2_only(true);
                builder.build(connector)
            },
        }
    }
}

impl fmt::Debug for Hyper {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Hyper").finish_non_exhaustive()
    }
}

impl AsyncTransport for Hyper {
    fn send(&self, request: http::Request<Body>) -> BoxFuture<'_, Result<http::Response<AsyncBody>, TransportError>> {
        Box::pin(async move {
            crate::transport::refuse_https_without(cfg!(feature = "async-tls"), "async-tls", request.uri())?;
            let (mut parts, body) = request.into_parts();
            let body = request_body(body.take().map_err(|error| TransportError::new(None, error))?);
            parts.headers.entry(http::header::USER_AGENT).or_insert(http::HeaderValue::from_static(crate::USER_AGENT));
            #[cfg(feature = "eventstream")]
            let client = if parts.version == http::Version::HTTP_2 { &self.http2 } else { &self.client };
            #[cfg(not(feature = "eventstream"))]
            let client = &self.client;
            let request = http::Request::from_parts(parts, body);
            let response = client.request(request).await.map_err(|error| {
                let failure = if error.is_connect() { TransportFailure::Connect } else { TransportFailure::Io };
                TransportError::new(Some(failure), error)
            })?;
            Ok(response
                .map(|body| body.map_err(|error| Box::new(error) as Box<dyn std::error::Error + Send + Sync>).boxed()))
        })
    }
}

/// The body of a request the async transport sends.
type RequestBody = http_body_util::combinators::UnsyncBoxBody<Bytes, shapegen_runtime::body::BoxError>;

/// The body of a request as hyper sends it: bytes; an async body as it is; a blocking reader
/// read on one of tokio's blocking threads, a chunk at a time, never on the executor's.
fn request_body(source: Source) -> RequestBody {
    match source {
        Source::Bytes(bytes) => http_body_util::Full::new(bytes).map_err(|never| match never {}).boxed_unsync(),
        Source::Async(body) => body.boxed_unsync(),
        Source::Reader(reader) => ReaderBody::spawn(reader).boxed_unsync(),
    }
}

/// The chunks a blocking reader gives, read on a blocking thread and handed over a channel of a
/// few chunks: memory stays a few chunks whatever the body's size.
struct ReaderBody(tokio::sync::mpsc::Receiver<std::io::Result<Bytes>>);

impl ReaderBody {
    /// The size of a chunk read.
    const CHUNK: usize = 64 * 1024;

    fn spawn(mut reader: shapegen_runtime::body::Reader) -> ReaderBody {
        let (sender, receiver) = tokio::sync::mpsc::channel(4);
        tokio::task::spawn_blocking(move || {
            loop {
                let mut chunk = vec![0; Self::CHUNK];
                let sent = match reader.read(&mut chunk) {
                    Ok(0) => return,
                    Ok(read) => {
                        chunk.truncate(read);
                        sender.blocking_send(Ok(Bytes::from(chunk)))
                    }
                    Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(error) => {
                        let _ = sender.blocking_send(Err(error));
                        return;
                    }
                };
                // The request was dropped: stop reading.
                if sent.is_err() {
                    return;
                }
            }
        });
        ReaderBody(receiver)
    }
}

impl http_body::Body for ReaderBody {
    type Data = Bytes;
    type Error = shapegen_runtime::body::BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        self.0.poll_recv(cx).map(|chunk| chunk.map(|chunk| chunk.map(http_body::Frame::data).map_err(Into::into)))
    }
}

/// An async client for any generated service. Cheap to clone: clones share the
/// configuration, the credentials, the connection pool and the retry quota.
#[derive(Clone)]
pub struct AsyncClient {
    inner: Arc<Inner>,
    transport: Arc<dyn AsyncTransport>,
    timeout: Duration,
}

impl AsyncClient {
    pub(crate) fn new(inner: Inner, transport: Arc<dyn AsyncTransport>, timeout: Duration) -> AsyncClient {
        AsyncClient { inner: Arc::new(inner), transport, timeout }
    }

    /// The region calls are made in, if configured.
    pub fn region(&self) -> Option<&str> {
        self.inner.region.as_deref()
    }

    /// [`Client::send`](crate::Client::send), awaited.
    ///
    /// # Errors
    ///
    /// As [`Client::send`](crate::Client::send).
    pub async fn send<O: OwnedOperation>(
        &self,
        input: &O::Input<'_>,
    ) -> Result<O::Output<'static>, Error<O::Error<'static>>> {
        self.run::<O, _, _>(input, None, |response| O::owned_response(response)).await
    }

    /// [`Client::call`](crate::Client::call), awaited.
    ///
    /// # Errors
    ///
    /// As [`Client::call`](crate::Client::call).
    pub async fn call<O: Operation>(
        &self,
        input: &O::Input<'_>,
    ) -> Result<http::Response<Vec<u8>>, Error<std::convert::Infallible>> {
        RawError::result(self.run::<O, _, _>(input, None, RawError::reader::<O>()).await)
    }

    /// Polls the waiter `W`'s operation with `input` until one of its acceptors ends the wait
    /// ([`Client::wait`](crate::Client::wait)), sleeping on tokio's timer between polls.
    ///
    /// # Errors
    ///
    /// As [`Client::wait`](crate::Client::wait)'s.
    pub async fn wait<W>(&self, input: &<W::Operation as Operation>::Input<'_>) -> WaitResult<W::Operation>
    where
        W: shapegen_runtime::waiter::Waiter,
        W::Operation: OwnedOperation,
    {
        self.wait_with::<W>(input, WaitConfig::default()).await
    }

    /// [`AsyncClient::wait`], with the longest wait and the delays of `config` where it sets
    /// them.
    ///
    /// # Errors
    ///
    /// As [`Client::wait`](crate::Client::wait)'s.
    pub async fn wait_with<W>(
        &self,
        input: &<W::Operation as Operation>::Input<'_>,
        config: WaitConfig,
    ) -> WaitResult<W::Operation>
    where
        W: shapegen_runtime::waiter::Waiter,
        W::Operation: OwnedOperation,
    {
        let mut waiting = Waiting::<W>::new(config, &self.inner.jitter);
        loop {
            let result = self
                .run::<W::Operation, _, _>(input, None, |response| {
                    <W::Operation as OwnedOperation>::owned_response(response)
                        .map(|output| (response.status().as_u16(), output))
                })
                .await;
            match waiting.after(input, result) {
                WaitNext::Done(done) => return done,
                WaitNext::Sleep(delay) => tokio::time::sleep(delay).await,
            }
        }
    }

    /// The request of `input` for the operation `O` as a presigned URL
    /// ([`Client::presign`](crate::Client::presign)).
    ///
    /// # Errors
    ///
    /// As [`Client::presign`](crate::Client::presign)'s.
    pub async fn presign<O: Operation>(
        &self,
        input: &O::Input<'_>,
        expires_in: Duration,
    ) -> Result<crate::Presigned, Error<std::convert::Infallible>> {
        Inner::presignable::<O>()?;
        let identity = self.credentials().await;
        let identity = identity.map(crate::call::Identity::Credentials).map_err(NoIdentity::Credentials);
        let mut prepared = self.inner.prepare::<O, _>(input, &self.inner.schemes::<O>(), identity, false, None)?;
        if let Some(needed) = prepared.session_needed() {
            prepared.use_session(self.express_session(needed).await.map_err(Error::Credentials)?);
        }
        self.inner.presign(prepared, expires_in)
    }

    /// The credentials of the S3 Express session a request needs: held, or created with
    /// `CreateSession` (boxed: a call that needs a session makes a call).
    fn express_session<'a>(
        &'a self,
        needed: &'a crate::express::Needed,
    ) -> Pin<Box<dyn Future<Output = Result<Arc<Credentials>, CredentialsError>> + Send + 'a>> {
        use crate::services::s3::operations::CreateSession;
        Box::pin(async move {
            let key = &needed.key;
            if let Some(session) = self.inner.express.get(key, SystemTime::now()) {
                return Ok(session);
            }
            let input = key.input()?;
            let output = self
                .run::<CreateSession, _, _>(&input, Some(&needed.endpoint), |response| {
                    CreateSession::owned_response(response)
                })
                .await
                .map_err(|error| key.error(format_args!("CreateSession: {error}")))?;
            Ok(self.inner.express.insert(key.clone(), key.credentials(output)?, SystemTime::now()))
        })
    }

    /// Every page of the paginated operation `O`, from `input` on: each page's request is
    /// sent when [`AsyncPages::next`] is awaited. An error ends the pages.
    pub fn pages<O: OwnedOperation + Paginated>(&self, input: O::Input<'static>) -> AsyncPages<'_, O> {
        AsyncPages { client: self, cursor: Cursor::new(input) }
    }

    /// Every item of every page of the paginated operation `O`, from `input` on. An error
    /// ends the items.
    pub fn items<O>(&self, input: O::Input<'static>) -> AsyncItems<'_, O>
    where
        O: OwnedOperation + Paginated + PagedItems,
        O::Item<'static>: Clone,
    {
        AsyncItems { pages: self.pages(input), items: ItemCursor::new() }
    }

    /// The attempts of one call, each sent with the client's transport and read within the
    /// timeout; between them, tokio's timer waits as the retry rules say.
    async fn run<O: Operation, T, E: ServiceError>(
        &self,
        input: &O::Input<'_>,
        endpoint: Option<&shapegen_runtime::endpoint::Endpoint>,
        read: impl FnMut(&http::Response<Vec<u8>>) -> Result<T, E>,
    ) -> Result<T, Error<E>> {
        let schemes = self.inner.schemes::<O>();
        let identity = match self.inner.held_identity(&schemes, SystemTime::now()) {
            Some(identity) => Ok(identity),
            None => {
                // Asking a source may block: on one of tokio's blocking threads.
                let inner = Arc::clone(&self.inner);
                let signing_name = <O::Service as Service>::SIGNING_NAME;
                let tried = schemes.clone();
                tokio::task::spawn_blocking(move || inner.identity(&tried, signing_name, SystemTime::now()))
                    .await
                    .unwrap_or_else(|error| {
                        Err(NoIdentity::Credentials(CredentialsError::new(
                            "the credentials cache",
                            format!("fetching failed: {error}"),
                        )))
                    })
            }
        };
        let mut prepared = self.inner.prepare::<O, E>(input, &schemes, identity, true, endpoint)?;
        if let Some(needed) = prepared.session_needed() {
            prepared.use_session(self.express_session(needed).await.map_err(Error::Credentials)?);
        }
        let mut call = Call::<O, T, E, _>::new(&self.inner, prepared, read);
        loop {
            let request = call.attempt()?;
            let exchange = match tokio::time::timeout(self.timeout, self.exchange::<O>(request)).await {
                Ok(exchange) => exchange,
                Err(_) => Exchange::Failed(TransportError::timed_out(self.timeout)),
            };
            match call.after(exchange) {
                Next::Done(result) => return result,
                Next::Retry(wait) => tokio::time::sleep(wait).await,
            }
        }
    }

    /// Sends one attempt and reads its response's body, up to the limit.
    async fn exchange<O: Operation>(&self, request: http::Request<Body>) -> Exchange {
        let response = match self.transport.send(request).await {
            Ok(response) => response,
            Err(error) => return Exchange::Failed(error),
        };
        let (parts, body) = response.into_parts();
        if crate::call::streams::<O>(parts.status) {
            let length = crate::call::content_length(&parts.headers);
            return Exchange::stream(parts, Body::from_async(body, length));
        }
        Exchange::read(parts, crate::body::read_frames(body, self.inner.body_limit).await)
    }

    /// Credentials from the cache at once, or fetched on one of tokio's blocking threads.
    async fn credentials(&self) -> Result<Arc<Credentials>, CredentialsError> {
        if let Some(credentials) = self.inner.credentials.fresh(SystemTime::now()) {
            return Ok(credentials);
        }
        let inner = Arc::clone(&self.inner);
        match tokio::task::spawn_blocking(move || inner.credentials.get(SystemTime::now())).await {
            Ok(result) => result,
            Err(error) => Err(CredentialsError::new("the credentials cache", format!("fetching failed: {error}"))),
        }
    }
}

impl fmt::Debug for AsyncClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AsyncClient")
            .field("region", &self.inner.region)
            .field("credentials", &self.inner.credentials)
            .field("transport", &self.transport)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

/// The pages of a paginated operation ([`AsyncClient::pages`]).
pub struct AsyncPages<'c, O: OwnedOperation + Paginated> {
    client: &'c AsyncClient,
    cursor: Cursor<O>,
}

impl<O: OwnedOperation + Paginated> AsyncPages<'_, O> {
    /// The next page; `None` after the last, or after an error.
    pub async fn next(&mut self) -> Option<Page<O>> {
        let input = self.cursor.take()?;
        let page = self.client.send::<O>(&input).await;
        Some(self.cursor.after(&input, page))
    }
}

/// The items of every page of a paginated operation ([`AsyncClient::items`]).
pub struct AsyncItems<'c, O: OwnedOperation + Paginated + PagedItems> {
    pages: AsyncPages<'c, O>,
    items: ItemCursor<O>,
}

impl<O> AsyncItems<'_, O>
where
    O: OwnedOperation + Paginated + PagedItems,
    O::Item<'static>: Clone,
{
    /// The next item; `None` after the last, or after an error.
    pub async fn next(&mut self) -> Option<Result<O::Item<'static>, Error<O::Error<'static>>>> {
        loop {
            if let Some(item) = self.items.next_item() {
                return Some(Ok(item));
            }
            match self.pages.next().await? {
                Ok(page) => self.items.start(page),
                Err(error) => return Some(Err(error)),
            }
        }
    }
}
