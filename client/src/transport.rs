//! Sending a signed request and receiving its response: the one part of a call that does I/O.
//!
//! The client hands a [`Transport`] each attempt's request, signed, and takes back the
//! response with its body unread. [`Ureq`] is the blocking transport; a program may plug in
//! its own (a test double, another HTTP stack).

use std::fmt;
use std::time::Duration;

use crate::body::{Body, Source};
use crate::retry::TransportFailure;

/// Sends requests and returns their responses, whatever their status.
pub trait Transport: fmt::Debug + Send + Sync {
    /// Sends `request` and returns the response, its body left to read.
    ///
    /// # Errors
    ///
    /// The request could not be sent or no response came: say which kind of failure
    /// ([`TransportError::new`]), so that the client knows whether to retry.
    fn send(&self, request: http::Request<Body>) -> Result<http::Response<Body>, TransportError>;
}

/// A request that got no response.
#[derive(Debug)]
pub struct TransportError {
    failure: Option<TransportFailure>,
    source: Box<dyn std::error::Error + Send + Sync>,
}

impl TransportError {
    /// A failure of kind `failure` (`None`: one retrying cannot fix, such as an invalid URI or
    /// TLS missing), caused by `source`.
    pub fn new(failure: Option<TransportFailure>, source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        TransportError { failure, source: source.into() }
    }

    /// The kind of failure, for retrying; `None` when retrying cannot fix it.
    pub fn failure(&self) -> Option<TransportFailure> {
        self.failure
    }

    /// Whether the attempt timed out.
    pub fn is_timeout(&self) -> bool {
        self.failure == Some(TransportFailure::Timeout)
    }

    /// No response within `timeout`.
    #[cfg(feature = "async")]
    pub(crate) fn timed_out(timeout: Duration) -> TransportError {
        TransportError::new(Some(TransportFailure::Timeout), format!("no response within {timeout:?}"))
    }

    /// A failure to read a response's body.
    pub(crate) fn reading(error: std::io::Error) -> TransportError {
        let failure = match error.kind() {
            std::io::ErrorKind::TimedOut => TransportFailure::Timeout,
            _ => TransportFailure::Io,
        };
        TransportError::new(Some(failure), error)
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.source.fmt(f)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.source)
    }
}

/// An `https://` `uri` refused before anything is sent, when the crate was built without the
/// TLS `feature` of the transport (`tls` or `async-tls`).
pub(crate) fn refuse_https_without(tls: bool, feature: &str, uri: &http::Uri) -> Result<(), TransportError> {
    if tls || uri.scheme() != Some(&http::uri::Scheme::HTTPS) {
        return Ok(());
    }
    let message =
        format!("{uri} is https, but shapegen-client was built without TLS: build it with `--features {feature}`");
    Err(TransportError::new(None, message))
}

/// The blocking transport, over `ureq`: no redirects followed (a `3xx` comes back as it is),
/// proxies from the environment (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`, `NO_PROXY`) unless
/// told otherwise, `https://` with the crate feature `tls`.
#[derive(Debug, Clone)]
pub struct Ureq {
    agent: ureq::Agent,
}

impl Ureq {
    /// A transport whose calls take at most `timeout` in each phase: sending the request,
    /// waiting for the response, reading its body (connecting takes at most 10 s); through
    /// proxies from the environment when `use_proxy`.
    ///
    /// Each phase has its timeout rather than the call a global one: `ureq` looks up the host
    /// before it looks in its pool of connections, and under a global timeout it does so on a
    /// new thread, every call, for an IP address too (60 to 80 µs of a 160 µs call on
    /// loopback). The host is looked up as the system's resolver does, with its own limits.
    pub fn new(timeout: Duration, use_proxy: bool) -> Ureq {
        let mut config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_connect(Some(crate::CONNECT_TIMEOUT.min(timeout)))
            .timeout_send_request(Some(timeout))
            .timeout_send_body(Some(timeout))
            .timeout_recv_response(Some(timeout))
            .timeout_recv_body(Some(timeout))
            .user_agent(crate::USER_AGENT);
        if !use_proxy {
            config = config.proxy(None);
        }
        Ureq { agent: config.build().new_agent() }
    }
}

impl Transport for Ureq {
    fn send(&self, request: http::Request<Body>) -> Result<http::Response<Body>, TransportError> {
        refuse_https_without(cfg!(feature = "tls"), "tls", request.uri())?;
        let (parts, body) = request.into_parts();
        // Bytes are sent as they are; a reader as it is read, with the request's
        // Content-Length when the length is known, else chunked.
        let response = match body.take().map_err(|error| TransportError::new(None, error))? {
            Source::Bytes(bytes) => self.agent.run(http::Request::from_parts(parts, Vec::from(bytes))),
            Source::Reader(reader) => {
                self.agent.run(http::Request::from_parts(parts, ureq::SendBody::from_owned_reader(reader)))
            }
            Source::Async(_) => {
                let message = "an async body cannot be sent by the blocking client: give a reader or bytes";
                return Err(TransportError::new(None, message));
            }
        };
        let response = response.map_err(|error| TransportError::new(failure(&error), error))?;
        let length = crate::call::content_length(response.headers());
        let (parts, body) = response.into_parts();
        Ok(http::Response::from_parts(parts, Body::from_reader(body.into_reader(), length)))
    }
}

/// Whether, and as what, a `ureq` error is retried.
fn failure(error: &ureq::Error) -> Option<TransportFailure> {
    match error {
        ureq::Error::Timeout(_) => Some(TransportFailure::Timeout),
        ureq::Error::HostNotFound | ureq::Error::ConnectionFailed => Some(TransportFailure::Connect),
        ureq::Error::Io(error) => Some(match error.kind() {
            std::io::ErrorKind::TimedOut => TransportFailure::Timeout,
            std::io::ErrorKind::ConnectionRefused => TransportFailure::Connect,
            _ => TransportFailure::Io,
        }),
        ureq::Error::Protocol(_) => Some(TransportFailure::Io),
        _ => None,
    }
}
