//! What a call returns when it fails: the operation's own error, or the client's.

use std::convert::Infallible;
use std::fmt;

use shapegen_runtime::ServiceError;
use shapegen_runtime::endpoint::ResolveError;
use shapegen_runtime::request::RequestError;

use crate::credentials::CredentialsError;
use crate::retry::{self, ErrorKind, Facts, Modeled};
use crate::sign::SignError;
use crate::transport::TransportError;

/// Why a call failed: the service's answer, an error of the operation (`E`, its generated
/// error enum, which names every error the model lists), or one of the client's.
///
/// ```no_run
/// # use shapegen_client::{Client, Error};
/// # fn run(client: &Client, input: &guardduty_types::GetFindingsRequest) -> Result<(), Box<dyn std::error::Error>> {
/// use guardduty_types::operations::{GetFindings, GetFindingsError};
/// match client.send::<GetFindings>(input) {
///     Ok(output) => println!("{} findings", output.findings.len()),
///     Err(Error::Service { error: GetFindingsError::BadRequestException(error), .. }) => eprintln!("rejected: {error}"),
///     Err(error) => return Err(error.into()),
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The service answered with an error, after any retries.
    Service {
        /// The operation's error: one the model lists, one it does not (`Unmodeled`), or a
        /// response that could not be read (`Malformed`).
        error: E,
        /// The response's status and request ids (boxed, to keep the error small).
        response: Box<ResponseInfo>,
    },
    /// The input could not become a request: a required member not set, an empty URI label.
    Request(RequestError),
    /// No endpoint: the service's rules refuse the configuration (no region, FIPS with a
    /// custom endpoint, an invalid bucket name for its addressing), or the model came without
    /// rules and no endpoint URL is configured.
    Endpoint(ResolveError),
    /// No credentials, where the operation is signed.
    Credentials(CredentialsError),
    /// The request could not be signed.
    Signing(SignError),
    /// No response came, after any retries: the connection failed or the call timed out.
    Transport {
        /// The request's method.
        method: String,
        /// The request's URI.
        uri: String,
        /// What went wrong.
        error: TransportError,
    },
    /// A checksum: one the caller asked for that the client does not compute, or a response
    /// whose body does not match its checksum.
    Checksum(crate::checksums::ChecksumError),
    /// The response's body is larger than the client reads (see
    /// [`Builder::body_limit`](crate::Builder::body_limit)).
    BodyTooLarge {
        /// The request's URI.
        uri: String,
        /// The limit, in bytes.
        limit: u64,
    },
}

/// What a response says of itself beside its body: its status and the ids AWS gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResponseInfo {
    /// The HTTP status.
    pub status: u16,
    /// The request id (`x-amzn-RequestId`, `x-amz-request-id`, or the one the body carried).
    pub request_id: Option<String>,
    /// S3's second id (`x-amz-id-2`), which AWS support asks for beside the request id.
    pub extended_request_id: Option<String>,
}

impl ResponseInfo {
    /// What `response` says beside the error read from it: the error's request id (which the
    /// XML protocols carry in the body), else its headers'.
    pub fn of<B>(response: &http::Response<B>, error: &dyn ServiceError) -> ResponseInfo {
        let headers = response.headers();
        ResponseInfo {
            status: response.status().as_u16(),
            request_id: error
                .request_id()
                .map(str::to_owned)
                .or_else(|| shapegen_runtime::response::request_id(headers)),
            extended_request_id: headers.get("x-amz-id-2").and_then(|v| v.to_str().ok()).map(str::to_owned),
        }
    }
}

impl<E> Error<E> {
    /// The operation's error, when the service answered with one.
    pub fn service_error(&self) -> Option<&E> {
        match self {
            Error::Service { error, .. } => Some(error),
            _ => None,
        }
    }

    /// The operation's error, when the service answered with one.
    pub fn into_service_error(self) -> Option<E> {
        match self {
            Error::Service { error, .. } => Some(error),
            _ => None,
        }
    }

    /// The response, when the service answered.
    pub fn response(&self) -> Option<&ResponseInfo> {
        match self {
            Error::Service { response, .. } => Some(response),
            _ => None,
        }
    }

    /// The request id of the service's answer, when it gave one.
    pub fn request_id(&self) -> Option<&str> {
        self.response()?.request_id.as_deref()
    }

    /// Whether no response came in time.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport { error, .. } if error.is_timeout())
    }

    /// The same error with the operation's error made into another (boxed, say).
    pub fn map_service_error<F>(self, f: impl FnOnce(E) -> F) -> Error<F> {
        match self.split() {
            Ok(error) => error,
            Err((error, response)) => Error::Service { error: f(error), response },
        }
    }

    /// The service's answer, or the client's own error, as an error of any operation.
    fn split<F>(self) -> Result<Error<F>, (E, Box<ResponseInfo>)> {
        Ok(match self {
            Error::Service { error, response } => return Err((error, response)),
            Error::Request(error) => Error::Request(error),
            Error::Endpoint(error) => Error::Endpoint(error),
            Error::Credentials(error) => Error::Credentials(error),
            Error::Signing(error) => Error::Signing(error),
            Error::Checksum(error) => Error::Checksum(error),
            Error::Transport { method, uri, error } => Error::Transport { method, uri, error },
            Error::BodyTooLarge { uri, limit } => Error::BodyTooLarge { uri, limit },
        })
    }

    /// The client's own error; the service's answer is `Err`.
    pub(crate) fn client_error(self) -> Result<Error<Infallible>, E> {
        self.split().map_err(|(error, _)| error)
    }
}

impl Error<Infallible> {
    /// The same error, as one of an operation whose errors are `E`.
    pub fn widen<E>(self) -> Error<E> {
        match self.split() {
            Ok(error) => error,
            Err((never, _)) => match never {},
        }
    }
}

impl<E: ServiceError> Error<E> {
    /// The service's error code, when it answered with one.
    pub fn code(&self) -> Option<&str> {
        self.service_error()?.code()
    }

    /// The service's error message, when it answered with one.
    pub fn message(&self) -> Option<&str> {
        self.service_error()?.message()
    }

    /// The HTTP status, when the service answered.
    pub fn status(&self) -> Option<u16> {
        self.response().map(|response| response.status)
    }

    /// Whether, and as what, AWS's standard retry rules retry this failure
    /// ([`retry::classify`]): for a program with a policy of its own.
    pub fn retry_kind(&self) -> Option<ErrorKind> {
        match self {
            Error::Service { error, response } => retry::classify(&facts(error, response.status)),
            Error::Transport { error, .. } => {
                retry::classify(&Facts { transport: error.failure(), ..Facts::default() })
            }
            _ => None,
        }
    }
}

/// What the retry rules read of an operation's error.
pub(crate) fn facts<E: ServiceError + ?Sized>(error: &E, status: u16) -> Facts<'_> {
    let modeled = error.retryable().map(|mark| Modeled { retryable: true, throttling: mark.throttling });
    Facts { code: error.code(), status: Some(status), modeled, transport: None }
}

impl<E: std::error::Error> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Service { error, response } => {
                write!(f, "{error} (status {}", response.status)?;
                if let Some(id) = &response.request_id {
                    write!(f, ", request id {id}")?;
                }
                f.write_str(")")
            }
            Error::Request(error) => write!(f, "could not build the request: {error}"),
            Error::Endpoint(error) => write!(f, "no endpoint: {error}"),
            Error::Credentials(error) => write!(f, "no credentials: {error}"),
            Error::Signing(error) => error.fmt(f),
            Error::Checksum(error) => error.fmt(f),
            Error::Transport { method, uri, error } => write!(f, "{method} {uri}: {error}"),
            Error::BodyTooLarge { uri, limit } => {
                write!(f, "{uri}: the response body is larger than {limit} bytes, the most the client reads")
            }
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Service { error, .. } => Some(error),
            Error::Request(error) => Some(error),
            Error::Endpoint(error) => Some(error),
            Error::Credentials(error) => Some(error),
            Error::Signing(error) => Some(error),
            Error::Checksum(error) => Some(error),
            Error::Transport { error, .. } => Some(error),
            Error::BodyTooLarge { .. } => None,
        }
    }
}
