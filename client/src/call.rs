//! One call, without a transport: its endpoint, its request, each attempt signed, and after
//! each answer whether it is done or retried after a wait. The blocking and the async clients
//! drive the same [`Call`], each with its own transport and its own way to wait.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, SystemTime};

use shapegen_runtime::endpoint::{BuiltIns, Endpoint, EndpointParams, ResolveError};
use shapegen_runtime::{AuthScheme, Operation, Service, ServiceError};

use crate::Inner;
use crate::body::{Body, ReadError};
use crate::checksums::{self, ChecksumError};
use crate::credentials::{Credentials, CredentialsError, Token, token};
use crate::error::{self, Error, ResponseInfo};
use crate::express;
use crate::retry::{self, Decision, ErrorKind, Facts, RetryState};
use crate::sign;
use crate::transport::TransportError;

impl Inner {
    /// The operation `O`'s auth schemes in the order the client tries them: the
    /// configuration's preference, and a token configured for the service, first.
    pub(crate) fn schemes<O: Operation>(&self) -> Vec<AuthScheme> {
        let signing_name = <O::Service as Service>::SIGNING_NAME;
        sign::order(O::AUTH, &self.auth_preference, self.tokens.preferred(signing_name))
    }

    /// The identity for `schemes` that needs no source asked: `None` when one must be
    /// (which may block).
    #[cfg(feature = "async")]
    pub(crate) fn held_identity(&self, schemes: &[AuthScheme], now: SystemTime) -> Option<Identity> {
        match schemes.first()? {
            AuthScheme::NoAuth => Some(Identity::Anonymous),
            AuthScheme::SigV4 | AuthScheme::SigV4a => self.credentials.fresh(now).map(Identity::Credentials),
            _ => None,
        }
    }

    /// The identity of the first of `schemes` the client has one for, asking the sources
    /// (which may block): none for `noAuth`, the service's token for bearer, credentials for
    /// SigV4 and SigV4a. A source with nothing to give passes to the next scheme; any other
    /// failure is the call's.
    pub(crate) fn identity(
        &self,
        schemes: &[AuthScheme],
        signing_name: &str,
        now: SystemTime,
    ) -> Result<Identity, NoIdentity> {
        let mut passed: Option<CredentialsError> = None;
        let mut unsupported = Vec::new();
        for scheme in schemes {
            let result = match scheme {
                AuthScheme::NoAuth => return Ok(Identity::Anonymous),
                AuthScheme::SigV4 | AuthScheme::SigV4a => self.credentials.get(now).map(Identity::Credentials),
                AuthScheme::Bearer => match self.tokens.source(signing_name) {
                    Some((source, _)) => source.provide_token().map(Identity::Token),
                    None => Err(CredentialsError::not_found(
                        "bearer token",
                        format!("no token is configured for `{signing_name}` ({})", token::env_var(signing_name)),
                    )),
                },
                AuthScheme::Other(name) => {
                    unsupported.push((*name).to_owned());
                    continue;
                }
            };
            match result {
                Ok(identity) => return Ok(identity),
                Err(error) if error.is_not_found() => {
                    passed.get_or_insert(error);
                }
                Err(error) => return Err(NoIdentity::Credentials(error)),
            }
        }
        match passed {
            Some(error) => Err(NoIdentity::Credentials(error)),
            None => {
                Err(NoIdentity::Signing(sign::SignError::Unsupported { schemes: unsupported, from_endpoint: false }))
            }
        }
    }

    /// The endpoint of `input` for the operation `O`: the service's rules, with the
    /// configuration's built-ins, the account the credentials carry, and what the operation
    /// gives.
    pub(crate) fn endpoint<O: Operation>(
        &self,
        input: &O::Input<'_>,
        account_id: Option<&str>,
    ) -> Result<Endpoint, ResolveError> {
        self.endpoint_params::<O>(input, account_id)?.resolve()
    }

    /// The endpoint parameters of `input` for the operation `O` ([`Inner::endpoint`]).
    fn endpoint_params<O: Operation>(
        &self,
        input: &O::Input<'_>,
        account_id: Option<&str>,
    ) -> Result<<O::Service as Service>::EndpointParams, ResolveError> {
        let mut params = <<O::Service as Service>::EndpointParams>::default();
        let built_ins = self.built_ins::<O::Service>();
        match account_id.filter(|_| built_ins.get(BuiltIns::ACCOUNT_ID).is_none()) {
            Some(account_id) => {
                let mut built_ins = BuiltIns::clone(&built_ins);
                built_ins.set(BuiltIns::ACCOUNT_ID, account_id.to_owned());
                params.set_built_ins(&built_ins)?;
            }
            None => params.set_built_ins(&built_ins)?,
        }
        O::endpoint_params(input, &mut params);
        Ok(params)
    }

    /// The built-ins for the service `S`: the client's, with the service's own endpoint URL
    /// when one is configured.
    fn built_ins<S: Service>(&self) -> Arc<BuiltIns> {
        let mut cache = self.service_built_ins.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let built_ins = cache.entry(S::SDK_ID).or_insert_with(|| {
            let mut built_ins = self.built_ins.clone();
            if let Some(url) = self.service_urls.as_ref().and_then(|urls| urls.url(S::SDK_ID)) {
                built_ins.set(BuiltIns::ENDPOINT, url);
            }
            Arc::new(built_ins)
        });
        Arc::clone(built_ins)
    }
}

impl Inner {
    /// How a request of the operation `O` to `endpoint` is signed, sent with `identity`;
    /// `schemes` are `O`'s in the order the client tries them ([`Inner::schemes`]).
    fn plan<O: Operation>(
        &self,
        schemes: &[AuthScheme],
        identity: sign::Identity,
        endpoint: &Endpoint,
    ) -> Result<sign::Plan, sign::SignError> {
        let choice = sign::Choice {
            schemes,
            preference: &self.auth_preference,
            signing_name: <O::Service as Service>::SIGNING_NAME,
            region: self.region.as_deref(),
            region_set: &self.region_set,
            unsigned_payload: O::UNSIGNED_PAYLOAD,
        };
        choice.plan(identity, endpoint)
    }

    /// The request of `input` for the operation `O`, its endpoint resolved and its signing
    /// planned for `identity`, chosen among `schemes` ([`Inner::schemes`]). A request
    /// `sending` (not presigned) is compressed where the model allows it, and given its
    /// checksums ([`checksums`]).
    ///
    /// # Errors
    ///
    /// No identity, no endpoint, no way to sign, an S3 Express endpoint without a bucket, or
    /// an input that cannot become a request.
    pub(crate) fn prepare<O: Operation, E>(
        &self,
        input: &O::Input<'_>,
        schemes: &[AuthScheme],
        identity: Result<Identity, NoIdentity>,
        sending: bool,
        endpoint: Option<&Endpoint>,
    ) -> Result<Prepared, Error<E>> {
        let identity = identity.map_err(NoIdentity::into_error)?;
        let account_id = match &identity {
            Identity::Credentials(credentials) => credentials.account_id(),
            _ => None,
        };
        let (endpoint, params) = match endpoint {
            Some(endpoint) => (endpoint.clone(), None),
            None => {
                let params = self.endpoint_params::<O>(input, account_id).map_err(Error::Endpoint)?;
                (params.resolve().map_err(Error::Endpoint)?, Some(params))
            }
        };
        let plan = self.plan::<O>(schemes, identity.kind(), &endpoint).map_err(Error::Signing)?;
        let session = match (&plan, &identity, params) {
            (sign::Plan::S3Express(_), Identity::Credentials(credentials), Some(params)) => {
                Some(express::Needed::of(params, credentials).map_err(Error::Endpoint)?)
            }
            (sign::Plan::S3Express(_), _, _) => {
                return Err(Error::Signing(sign::SignError::Signer(
                    "the endpoint asks for an S3 Express session, which this request cannot have".into(),
                )));
            }
            _ => None,
        };
        let mut request = O::request(input, (&endpoint).into()).map_err(Error::Request)?;
        if let (true, Some(min_size)) = (sending, self.min_compression_size) {
            shapegen_runtime::request::compress(&mut request, O::REQUEST_COMPRESSION, min_size);
        }
        // The checksum of the body as it is sent, compressed or not.
        let mut validate = None;
        if sending {
            let (requests, responses) = self.checksums;
            checksums::on_request(O::HTTP_CHECKSUM, requests, &mut request).map_err(Error::Checksum)?;
            if checksums::ask_for_response(O::HTTP_CHECKSUM, responses, &mut request) {
                validate = O::HTTP_CHECKSUM;
            }
        }
        Ok(Prepared { request, plan, identity, session, validate })
    }

    /// `prepared`'s request signed in its query string for `expires_in` from now (corrected by
    /// the clock offset). S3's family signs `UNSIGNED-PAYLOAD`, as the AWS SDKs' presigners
    /// do: the body is whoever sends the request's.
    ///
    /// # Errors
    ///
    /// A request not signed with credentials, or an expiry SigV4 does not allow.
    pub(crate) fn presign(
        &self,
        prepared: Prepared,
        expires_in: Duration,
    ) -> Result<Presigned, Error<std::convert::Infallible>> {
        let Prepared { request, mut plan, identity, .. } = prepared;
        let Identity::Credentials(credentials) = identity else {
            return Err(Error::Signing(sign::SignError::NotSigned));
        };
        if let sign::Plan::SigV4(sigv4) | sign::Plan::SigV4a(sigv4) | sign::Plan::S3Express(sigv4) = &mut plan {
            sigv4.unsigned_payload |= sigv4.content_sha256;
        }
        // The body, a stream or not, is whoever sends the URL's: it is never read here.
        let mut request = copy_request(&request, None);
        let time = sign::signing_time(self.clock_offset_millis.load(Ordering::Relaxed));
        sign::presign(&mut request, &plan, &credentials, time, expires_in).map_err(Error::Signing)?;
        let (parts, _) = request.into_parts();
        Ok(Presigned { method: parts.method, uri: parts.uri, headers: parts.headers, expires_in })
    }

    /// Whether `O` can be presigned: an operation signed with credentials. Asked before the
    /// credentials are, which may take a fetch.
    ///
    /// # Errors
    ///
    /// An operation the model never signs with credentials.
    pub(crate) fn presignable<O: Operation>() -> Result<(), Error<std::convert::Infallible>> {
        let signed =
            O::AUTH.is_empty() || O::AUTH.iter().any(|scheme| matches!(scheme, AuthScheme::SigV4 | AuthScheme::SigV4a));
        if signed { Ok(()) } else { Err(Error::Signing(sign::SignError::NotSigned)) }
    }
}

/// A call's request, built, and how it is signed and with what: what the blocking and the async
/// clients make before the attempts, and a presigned URL of.
pub(crate) struct Prepared {
    request: http::Request<Vec<u8>>,
    plan: sign::Plan,
    identity: Identity,
    /// For an S3 Express plan, the session whose credentials the request is to be signed
    /// with, until they are given ([`Prepared::use_session`]).
    session: Option<express::Needed>,
    /// The checksums of a response to validate, when the call validates them.
    validate: Option<shapegen_runtime::HttpChecksum>,
}

impl Prepared {
    /// The S3 Express session the request needs, if it does and has none yet.
    pub(crate) fn session_needed(&self) -> Option<&express::Needed> {
        self.session.as_ref()
    }

    /// Signs with the session's credentials.
    pub(crate) fn use_session(&mut self, session: Arc<Credentials>) {
        self.identity = Identity::Credentials(session);
        self.session = None;
    }
}

/// A request signed in its URL, which anyone holding it can send until it expires, without
/// credentials: an S3 `GetObject` link, say.
#[derive(Clone)]
pub struct Presigned {
    method: http::Method,
    uri: http::Uri,
    headers: http::HeaderMap,
    expires_in: Duration,
}

impl Presigned {
    /// The method to send it with.
    pub fn method(&self) -> &http::Method {
        &self.method
    }

    /// The URL, with the signature in its query string.
    pub fn uri(&self) -> &http::Uri {
        &self.uri
    }

    /// The headers the signature covers besides `Host`, which must be sent with it as they
    /// are (such as a `Content-Type` the input set); often none.
    pub fn headers(&self) -> &http::HeaderMap {
        &self.headers
    }

    /// How long it lasts from when it was signed.
    pub fn expires_in(&self) -> Duration {
        self.expires_in
    }
}

/// The URL is a bearer credential until it expires: `Debug` shows it without its signature
/// and session token.
impl fmt::Debug for Presigned {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let uri = self.uri.to_string();
        let shown: String = match uri.split_once('?') {
            Some((path, query)) => {
                let kept: Vec<&str> = query
                    .split('&')
                    .map(|pair| {
                        let name = pair.split('=').next().unwrap_or_default();
                        if matches!(name, "X-Amz-Signature" | "X-Amz-Security-Token") { name } else { pair }
                    })
                    .collect();
                format!("{path}?{}", kept.join("&"))
            }
            None => uri,
        };
        f.debug_struct("Presigned")
            .field("method", &self.method)
            .field("uri", &shown)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("expires_in", &self.expires_in)
            .finish()
    }
}

/// What a call is sent with.
#[derive(Debug, Clone)]
pub(crate) enum Identity {
    /// Nothing: unsigned.
    Anonymous,
    /// Credentials, for the SigV4 family.
    Credentials(Arc<Credentials>),
    /// A bearer token.
    Token(Token),
}

impl Identity {
    fn kind(&self) -> sign::Identity {
        match self {
            Identity::Anonymous => sign::Identity::Anonymous,
            Identity::Credentials(_) => sign::Identity::Credentials,
            Identity::Token(_) => sign::Identity::Token,
        }
    }
}

/// Why a call has no identity to be sent with.
#[derive(Debug)]
pub(crate) enum NoIdentity {
    /// A source failed, or none had anything.
    Credentials(CredentialsError),
    /// No scheme of the operation is one the client knows.
    Signing(sign::SignError),
}

impl NoIdentity {
    pub(crate) fn into_error<E>(self) -> Error<E> {
        match self {
            NoIdentity::Credentials(error) => Error::Credentials(error),
            NoIdentity::Signing(error) => Error::Signing(error),
        }
    }
}

/// What came of one attempt's exchange: the response, with its body read, or why none came.
pub(crate) enum Exchange {
    /// The response.
    Response(http::Response<Vec<u8>>),
    /// No response came.
    Failed(TransportError),
    /// The response's body is larger than the limit.
    TooLarge(u64),
}

impl Exchange {
    /// What reading a response's body into memory gave.
    pub(crate) fn read(parts: http::response::Parts, body: Result<Vec<u8>, ReadError>) -> Exchange {
        match body {
            Ok(body) => Exchange::Response(http::Response::from_parts(parts, body)),
            Err(ReadError::TooLarge { limit }) => Exchange::TooLarge(limit),
            Err(ReadError::Io(error)) => Exchange::Failed(TransportError::reading(error)),
        }
    }

    /// A response whose body is left unread: the output's stream, in the response's
    /// extensions ([`Body::of_response`]).
    pub(crate) fn stream(mut parts: http::response::Parts, body: Body) -> Exchange {
        parts.extensions.insert(body);
        Exchange::Response(http::Response::from_parts(parts, Vec::new()))
    }
}

/// Whether a response of status `status` to a call of `O` keeps its body unread: a success of
/// an operation whose output is a stream. Any other response is read into memory, within the
/// limit.
pub(crate) fn streams<O: Operation>(status: http::StatusCode) -> bool {
    O::STREAMING_OUTPUT && status.is_success()
}

/// The `Content-Length` of a message, when it has a valid one.
pub(crate) fn content_length(headers: &http::HeaderMap) -> Option<u64> {
    headers.get(http::header::CONTENT_LENGTH)?.to_str().ok()?.parse().ok()
}

/// What follows an attempt.
pub(crate) enum Next<T, E> {
    /// The call is over.
    Done(Result<T, Error<E>>),
    /// Wait this long, then send the next attempt.
    Retry(Duration),
}

/// The types a [`Call`] names only in its bounds: its operation, and what `read` gives.
type Marker<O, T, E> = PhantomData<fn() -> (O, T, E)>;

/// One call of the operation `O`: its request, built once, signed anew for each attempt, and
/// its retry bookkeeping; `read` reads a response into the call's result.
pub(crate) struct Call<'c, O, T, E, R> {
    inner: &'c Inner,
    request: http::Request<Vec<u8>>,
    /// The request's payload, when it is a stream: sent in place of the request's own body.
    stream: Option<Body>,
    /// The checksums of a successful response to validate.
    validate: Option<shapegen_runtime::HttpChecksum>,
    /// The messages of an input event stream, sent as the request's body.
    events: Option<shapegen_runtime::events::OutgoingEvents>,
    plan: sign::Plan,
    identity: Identity,
    retry: RetryState<'c>,
    /// The clock offset the last attempt was signed with.
    offset: i64,
    /// The last attempt's method and URI, for errors.
    sent: (String, String),
    read: R,
    result: Marker<O, T, E>,
}

impl<'c, O, T, E, R> Call<'c, O, T, E, R>
where
    O: Operation,
    E: ServiceError,
    R: FnMut(&http::Response<Vec<u8>>) -> Result<T, E>,
{
    /// The call of `prepared`, read with `read`.
    pub(crate) fn new(inner: &'c Inner, prepared: Prepared, read: R) -> Self {
        let Prepared { request, plan, identity, session, validate } = prepared;
        debug_assert!(session.is_none(), "an S3 Express call without its session");
        let stream = Body::of_request(&request).cloned();
        let events = shapegen_runtime::events::OutgoingEvents::of_request(&request).cloned();
        Call {
            inner,
            request,
            stream,
            validate,
            events,
            plan,
            identity,
            retry: RetryState::new(&inner.retry, &inner.quota),
            offset: 0,
            sent: (String::new(), String::new()),
            read,
            result: PhantomData,
        }
    }

    /// The next attempt's request: a copy of the call's, with its attempt number, signed for
    /// now (corrected by the clock offset a skew error measured).
    ///
    /// # Errors
    ///
    /// The request cannot be signed.
    pub(crate) fn attempt(&mut self) -> Result<http::Request<Body>, Error<E>> {
        let mut attempt = copy_request(&self.request, self.stream.as_ref());
        if let Some(events) = &self.events {
            // The signature says the messages are signed as they are sent.
            attempt.extensions_mut().insert(events.clone());
        }
        let header = format!("attempt={}; max={}", self.retry.attempt(), self.retry.max_attempts());
        if let Ok(value) = http::HeaderValue::from_str(&header) {
            attempt.headers_mut().insert("amz-sdk-request", value);
        }
        self.offset = self.inner.clock_offset_millis.load(Ordering::Relaxed);
        match &self.identity {
            Identity::Anonymous => {}
            Identity::Credentials(credentials) => {
                sign::sign(&mut attempt, &self.plan, credentials, sign::signing_time(self.offset))
                    .map_err(Error::Signing)?;
            }
            Identity::Token(token) => sign::bearer(&mut attempt, token.value()).map_err(Error::Signing)?,
        }
        if let Some(events) = &self.events {
            self.send_events(&mut attempt, events.clone())?;
        }
        self.sent = (attempt.method().to_string(), attempt.uri().to_string());
        Ok(attempt)
    }

    /// Whether the request sends an input event stream, which needs a client that sends and
    /// receives at once (the async client, over HTTP/2).
    pub(crate) fn sends_events(&self) -> bool {
        self.events.is_some()
    }

    /// The error of a blocking client asked to send an input event stream, naming the request.
    pub(crate) fn events_refused(&self) -> Error<E> {
        let message = "an input event stream is sent by the async client, over HTTP/2: a blocking client cannot send and receive at once";
        Error::Transport {
            method: self.request.method().to_string(),
            uri: self.request.uri().to_string(),
            error: TransportError::new(None, message),
        }
    }

    /// Makes `attempt`'s body the messages of `events`, each signed with the signature before
    /// it from the attempt's own (where the attempt is signed), over HTTP/2.
    #[cfg(feature = "eventstream")]
    fn send_events(
        &self,
        attempt: &mut http::Request<Body>,
        events: shapegen_runtime::events::OutgoingEvents,
    ) -> Result<(), Error<E>> {
        let Some(source) = events.take() else {
            return Err(Error::Request(shapegen_runtime::request::RequestError::StreamSent));
        };
        let signer = match &self.identity {
            Identity::Credentials(credentials) => {
                Some(sign::MessageSigner::new(attempt, &self.plan, credentials, self.offset).map_err(Error::Signing)?)
            }
            _ => None,
        };
        *attempt.body_mut() = Body::from_async(crate::events::EventBody::new(source, signer), None);
        *attempt.version_mut() = http::Version::HTTP_2;
        Ok(())
    }

    /// Without the feature `eventstream`, an input event stream cannot be sent.
    #[cfg(not(feature = "eventstream"))]
    fn send_events(
        &self,
        _attempt: &mut http::Request<Body>,
        _events: shapegen_runtime::events::OutgoingEvents,
    ) -> Result<(), Error<E>> {
        Err(Error::Signing(sign::SignError::Signer(
            "an input event stream is sent by shapegen-client built with `--features eventstream,async`".into(),
        )))
    }

    /// What follows the attempt that gave `exchange`.
    pub(crate) fn after(&mut self, exchange: Exchange) -> Next<T, E> {
        let (method, uri) = std::mem::take(&mut self.sent);
        let (kind, error) = match exchange {
            Exchange::Response(mut response) => {
                if let Err(error) = self.validate(&mut response) {
                    return Next::Done(Err(Error::Checksum(error)));
                }
                match (self.read)(&response) {
                    Ok(value) => {
                        self.retry.after_success();
                        return Next::Done(Ok(value));
                    }
                    Err(error) => {
                        let kind = self.classify(&error, &response);
                        (kind, Error::Service { response: Box::new(ResponseInfo::of(&response, &error)), error })
                    }
                }
            }
            Exchange::Failed(error) => {
                let kind = retry::classify(&Facts { transport: error.failure(), ..Facts::default() });
                (kind, Error::Transport { method, uri, error })
            }
            Exchange::TooLarge(limit) => return Next::Done(Err(Error::BodyTooLarge { uri, limit })),
        };
        let decision = {
            let mut jitter = self.inner.jitter.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            self.retry.after_failure(kind, &mut *jitter)
        };
        match decision {
            // A stream read once went with the first attempt: its error is the call's.
            Decision::Retry { .. }
                if self.events.is_some() || self.stream.as_ref().is_some_and(|stream| !stream.is_replayable()) =>
            {
                Next::Done(Err(error))
            }
            Decision::Retry { after } => Next::Retry(after),
            Decision::GiveUp { .. } => Next::Done(Err(error)),
        }
    }

    /// Validates a successful `response`'s checksum, when the call does and the response
    /// carries one: a body in memory at once, a stream as it is read (its body is replaced
    /// by one that checks it at its end).
    fn validate(&self, response: &mut http::Response<Vec<u8>>) -> Result<(), ChecksumError> {
        if !response.status().is_success() {
            return Ok(());
        }
        let Some((algorithm, expected)) = checksums::carried(self.validate, response.headers()) else { return Ok(()) };
        match response.extensions_mut().remove::<Body>() {
            Some(stream) => {
                response.extensions_mut().insert(checksums::validating(stream, algorithm, expected));
                Ok(())
            }
            None => checksums::check(algorithm, &expected, response.body()),
        }
    }

    /// As what a failed attempt is retried. A clock-skew error is retried only when the clock
    /// is off by enough, and the clock is corrected first.
    fn classify(&self, error: &E, response: &http::Response<Vec<u8>>) -> Option<ErrorKind> {
        let kind = retry::classify(&error::facts(error, response.status().as_u16()))?;
        if kind != ErrorKind::ClockSkew {
            return Some(kind);
        }
        let date = response.headers().get(http::header::DATE)?.to_str().ok()?;
        let measured = retry::clock_offset_millis(date, SystemTime::now())?;
        if !retry::needs_clock_correction(self.offset, measured) {
            return None;
        }
        self.inner.clock_offset_millis.store(measured, Ordering::Relaxed);
        Some(kind)
    }
}

/// The request of an attempt: the call's, with its body in memory, or its stream (which a
/// body read once gives only to the first attempt).
fn copy_request(request: &http::Request<Vec<u8>>, stream: Option<&Body>) -> http::Request<Body> {
    let body = match stream {
        Some(stream) => stream.clone(),
        None => Body::from(request.body().clone()),
    };
    let mut attempt = http::Request::new(body);
    *attempt.method_mut() = request.method().clone();
    *attempt.uri_mut() = request.uri().clone();
    *attempt.version_mut() = request.version();
    *attempt.headers_mut() = request.headers().clone();
    attempt
}

/// A copy of `response`: its status, version, headers, body and extensions (where the stream
/// of an output that is one travels).
pub(crate) fn copy_response(response: &http::Response<Vec<u8>>) -> http::Response<Vec<u8>> {
    let mut copy = http::Response::new(response.body().clone());
    *copy.status_mut() = response.status();
    *copy.version_mut() = response.version();
    *copy.headers_mut() = response.headers().clone();
    *copy.extensions_mut() = response.extensions().clone();
    copy
}

/// What a client's `call` keeps of an error response while deciding on retries: the facts the
/// retry rules read, and the response itself, to return.
#[derive(Debug)]
pub(crate) struct RawError {
    code: Option<String>,
    message: Option<String>,
    status: Option<u16>,
    retryable: Option<shapegen_runtime::Retryable>,
    /// Boxed: it travels in a `Result` of every attempt.
    pub(crate) response: Box<http::Response<Vec<u8>>>,
}

impl RawError {
    /// The error `error`, read from `response`.
    pub(crate) fn of(error: &dyn ServiceError, response: &http::Response<Vec<u8>>) -> RawError {
        RawError {
            code: error.code().map(str::to_owned),
            message: error.message().map(str::to_owned),
            status: error.status(),
            retryable: error.retryable(),
            response: Box::new(copy_response(response)),
        }
    }

    /// How a client's `call` reads a response for the operation `O`: a copy of it, whatever
    /// its status, with what its error says where it is one.
    pub(crate) fn reader<O: Operation>()
    -> impl FnMut(&http::Response<Vec<u8>>) -> Result<http::Response<Vec<u8>>, RawError> {
        |response| match O::response(response) {
            Ok(_) => Ok(copy_response(response)),
            Err(error) => Err(RawError::of(&error, response)),
        }
    }

    /// The result of a client's `call`: the last response, whatever its status, or the
    /// client's own error.
    pub(crate) fn result(
        result: Result<http::Response<Vec<u8>>, Error<RawError>>,
    ) -> Result<http::Response<Vec<u8>>, Error<std::convert::Infallible>> {
        match result.map_err(Error::client_error) {
            Ok(response) => Ok(response),
            Err(Err(RawError { response, .. })) => Ok(*response),
            Err(Ok(error)) => Err(error),
        }
    }
}

impl fmt::Display for RawError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code.as_deref().unwrap_or("error"))
    }
}

impl std::error::Error for RawError {}

impl ServiceError for RawError {
    fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    fn status(&self) -> Option<u16> {
        self.status
    }

    fn retryable(&self) -> Option<shapegen_runtime::Retryable> {
        self.retryable
    }
}
