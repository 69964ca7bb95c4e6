//! A small blocking client for Amazon GuardDuty, built on the transport-free operations of
//! [`guardduty_types`].
//!
//! The generated code builds each operation's request as an [`http::Request`] and reads its
//! response from an [`http::Response`]; this crate does the rest: it signs the request with
//! AWS Signature Version 4 (through `aws-sigv4`) and sends it with `ureq`.
//!
//! ```no_run
//! use guardduty_client::{Client, all_findings};
//!
//! let client = Client::from_env()?;
//! for finding in all_findings(&client, "12abc34d567e8fa901bc2d34e56789f0", None)? {
//!     println!("{} {} {}", finding.id, finding.r#type, finding.severity);
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! One operation at a time: [`Client::call`] sends an operation's input and returns the raw
//! response, which the operation then reads, keeping its modeled errors:
//!
//! ```no_run
//! use guardduty_client::Client;
//! use guardduty_types::GetFindingsRequest;
//! use guardduty_types::operations::{GetFindings, GetFindingsError};
//!
//! let client = Client::from_env()?;
//! let input = GetFindingsRequest::builder()
//!     .detector_id("12abc34d567e8fa901bc2d34e56789f0")
//!     .finding_ids(vec!["1ab92989eaf0e742df4a014d5example".to_owned()])
//!     .build()?;
//! let response = client.call::<GetFindings>(&input)?;
//! match GetFindings::response(&response) {
//!     Ok(output) => println!("{} findings", output.findings.len()),
//!     Err(GetFindingsError::BadRequestException(error)) => eprintln!("bad request: {error}"),
//!     Err(error) => return Err(error.into()),
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # TLS
//!
//! Real AWS endpoints are `https://`, which needs the crate feature `tls` (rustls with the
//! webpki roots). Without it only `http://` endpoints can be reached, such as a local test
//! server, and an `https://` endpoint fails with [`ClientError::TlsNotEnabled`] before anything
//! is sent.
#![warn(missing_docs)]

pub mod config;
pub mod retry;

use std::fmt;
use std::time::{Duration, SystemTime};

use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use guardduty_types::operations::{GetFindings, GetFindingsError, ListFindings, ListFindingsError};
use guardduty_types::{Finding, FindingCriteria, GetFindingsRequest, ListFindingsRequest};
use shapegen_runtime::request::RequestError;
use shapegen_runtime::{Operation, ServiceError};

/// The signing name of GuardDuty: the service part of the SigV4 credential scope.
pub const SERVICE: &str = "guardduty";

/// The largest response body the client reads by default, in bytes (64 MiB); a larger one
/// fails with [`ClientError::BodyTooLarge`]. See [`Client::with_body_limit`].
pub const MAX_RESPONSE_BODY: u64 = 64 * 1024 * 1024;

/// The most finding ids that one `GetFindings` request may carry.
pub const GET_FINDINGS_BATCH: usize = 50;

/// How long a call may take by default, from connecting to reading the whole response.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// How long connecting may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// AWS credentials: an access key and, for temporary credentials, a session token.
///
/// `Debug` shows the access key id only.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
}

impl Credentials {
    /// Long-term credentials: an access key id and its secret.
    pub fn new(access_key_id: impl Into<String>, secret_access_key: impl Into<String>) -> Credentials {
        Credentials {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token: None,
        }
    }

    /// The same credentials with a session token, as temporary credentials (from STS) have.
    pub fn with_session_token(mut self, session_token: impl Into<String>) -> Credentials {
        self.session_token = Some(session_token.into());
        self
    }

    /// The access key id.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The session token, if any.
    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &shapegen_runtime::REDACTED)
            .field("session_token", &self.session_token.as_ref().map(|_| shapegen_runtime::REDACTED))
            .finish()
    }
}

/// A blocking GuardDuty client: an endpoint, a region and credentials.
///
/// It signs each request with SigV4 for the service [`SERVICE`] in its region, sends it, and
/// returns the response whatever its status: reading it, and telling success from the
/// service's errors, is the operation's business (`Op::response`).
#[derive(Clone)]
pub struct Client {
    endpoint: String,
    region: String,
    credentials: Credentials,
    timeout: Duration,
    use_proxy: bool,
    body_limit: u64,
    agent: ureq::Agent,
}

impl Client {
    /// A client that sends to `endpoint` (such as `https://guardduty.us-east-1.amazonaws.com`),
    /// signing for `region` with `credentials`.
    ///
    /// Proxies set in the environment (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`, `NO_PROXY`)
    /// are used; see [`Client::without_proxy`].
    pub fn new(endpoint: impl Into<String>, region: impl Into<String>, credentials: Credentials) -> Client {
        let endpoint = endpoint.into().trim_end_matches('/').to_owned();
        let agent = agent(DEFAULT_TIMEOUT, true);
        Client {
            endpoint,
            region: region.into(),
            credentials,
            timeout: DEFAULT_TIMEOUT,
            use_proxy: true,
            body_limit: MAX_RESPONSE_BODY,
            agent,
        }
    }

    /// A client configured as the AWS CLI configures itself ([`config`]): the environment
    /// first, then the profile (`AWS_PROFILE`, else `default`) of AWS's shared `config` and
    /// `credentials` files (`AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`):
    ///
    /// - static credentials: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and, when set,
    ///   `AWS_SESSION_TOKEN`, else the profile's `aws_access_key_id`, ...;
    /// - the region: `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region`;
    /// - the endpoint: GuardDuty's endpoint rules for that region, with FIPS and dual-stack as
    ///   `AWS_USE_FIPS_ENDPOINT` and `AWS_USE_DUALSTACK_ENDPOINT` (or the profile) say, or the
    ///   URL `AWS_ENDPOINT_URL_GUARDDUTY`, `AWS_ENDPOINT_URL` or the profile gives.
    ///
    /// A variable set to the empty string counts as unset.
    ///
    /// # Errors
    ///
    /// A file that cannot be read or parsed, a setting with an invalid value, naming where it
    /// was set, no credentials or no region, or an endpoint the rules refuse.
    pub fn from_env() -> Result<Client, ConfigError> {
        let env = config::files::ProcessEnv;
        let files = config::files::ProfileFiles::load(&env).map_err(ConfigError::Files)?;
        Client::from_config(&env, &files)
    }

    /// [`Client::from_env`] with the environment `env` and the files `files`.
    fn from_config(env: &dyn config::files::Env, files: &config::files::ProfileFiles) -> Result<Client, ConfigError> {
        use shapegen_runtime::Service as _;
        use shapegen_runtime::endpoint::{BuiltIns, EndpointParams as _};
        let sdk_id = guardduty_types::service::Service::SDK_ID;
        let settings = config::settings::Settings::resolve(env, files, Some(sdk_id)).map_err(ConfigError::Setting)?;
        let keys = settings.static_keys().map_err(ConfigError::Setting)?.ok_or(ConfigError::NoCredentials)?;
        let region = settings.region().ok_or(ConfigError::NoRegion)?.to_owned();
        let mut built_ins = BuiltIns::new();
        built_ins.region(region.as_str());
        built_ins.set(BuiltIns::USE_FIPS, settings.use_fips_endpoint().unwrap_or(false));
        built_ins.set(BuiltIns::USE_DUAL_STACK, settings.use_dualstack_endpoint().unwrap_or(false));
        if let Some(url) = settings.endpoint_url() {
            built_ins.set(BuiltIns::ENDPOINT, url.to_owned());
        }
        let mut params = guardduty_types::endpoint::Params::default();
        params.set_built_ins(&built_ins).map_err(ConfigError::Endpoint)?;
        let endpoint = params.resolve().map_err(ConfigError::Endpoint)?.url;
        let mut credentials = Credentials::new(keys.access_key_id(), keys.secret_access_key());
        if let Some(token) = keys.session_token() {
            credentials = credentials.with_session_token(token);
        }
        Ok(Client::new(endpoint, region, credentials))
    }

    /// The same client with `timeout` for a whole call, from connecting to reading the
    /// response ([`DEFAULT_TIMEOUT`] unless set).
    pub fn with_timeout(mut self, timeout: Duration) -> Client {
        self.timeout = timeout;
        self.agent = agent(self.timeout, self.use_proxy);
        self
    }

    /// The same client connecting directly, whatever proxies the environment sets: for an
    /// endpoint that must be reached as it is, such as a server on loopback.
    pub fn without_proxy(mut self) -> Client {
        self.use_proxy = false;
        self.agent = agent(self.timeout, self.use_proxy);
        self
    }

    /// The same client reading response bodies of at most `limit` bytes
    /// ([`MAX_RESPONSE_BODY`] unless set).
    pub fn with_body_limit(mut self, limit: u64) -> Client {
        self.body_limit = limit;
        self
    }

    /// The endpoint requests are sent to, without a trailing `/`.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The region requests are signed for.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The credentials requests are signed with.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// Sends the request for `input` of the operation `O` to the client's endpoint, signed, and
    /// returns the response whatever its status; `O::response(&response)` reads it.
    ///
    /// # Errors
    ///
    /// The input could not become a request (a required member not set), or the request could
    /// not be signed or sent, or the response could not be received.
    pub fn call<O: Operation>(&self, input: &O::Input<'_>) -> Result<http::Response<Vec<u8>>, ClientError> {
        let request = O::request(input, (&self.endpoint).into()).map_err(ClientError::Request)?;
        self.send(request)
    }

    /// Signs `request` for now and sends it; returns the response whatever its status, with its
    /// body read (up to the body limit, [`MAX_RESPONSE_BODY`] by default).
    ///
    /// Redirects are not followed: a `3xx` comes back as it is.
    ///
    /// # Errors
    ///
    /// The request could not be signed, an `https://` URI without the `tls` feature, a
    /// connection or I/O error, a timeout, or a body larger than the limit.
    pub fn send(&self, mut request: http::Request<Vec<u8>>) -> Result<http::Response<Vec<u8>>, ClientError> {
        if !cfg!(feature = "tls") && request.uri().scheme() == Some(&http::uri::Scheme::HTTPS) {
            return Err(ClientError::TlsNotEnabled { uri: request.uri().to_string() });
        }
        self.sign(&mut request, SystemTime::now())?;
        let method = request.method().clone();
        let uri = request.uri().clone();
        let transport = |source: ureq::Error| ClientError::Transport {
            method: method.to_string(),
            uri: uri.to_string(),
            source: Box::new(source),
        };
        let response = self.agent.run(request).map_err(transport)?;
        let (parts, mut body) = response.into_parts();
        let body = body.with_config().limit(self.body_limit).read_to_vec().map_err(|error| match error {
            ureq::Error::BodyExceedsLimit(limit) => ClientError::BodyTooLarge { uri: uri.to_string(), limit },
            error => transport(error),
        })?;
        Ok(http::Response::from_parts(parts, body))
    }

    /// Signs `request` in place with SigV4, as at `time`: adds `X-Amz-Date`, `Authorization`
    /// and, with a session token, `X-Amz-Security-Token`.
    ///
    /// The signature covers the method, the URI, every header the request has (but those
    /// proxies may change, such as `User-Agent`), the `Host` of the URI and the SHA-256 of the
    /// body.
    ///
    /// # Errors
    ///
    /// A header whose value is not visible ASCII, or a URI the signer cannot read.
    pub fn sign(&self, request: &mut http::Request<Vec<u8>>, time: SystemTime) -> Result<(), ClientError> {
        if request.uri().host().is_none() {
            let reason = "the URI has no host, which the signature covers".to_owned();
            return Err(ClientError::Request(RequestError::InvalidEndpoint {
                endpoint: request.uri().to_string(),
                reason,
            }));
        }
        // The access key id goes into `Authorization`, the token into `X-Amz-Security-Token`.
        let credentials = &self.credentials;
        let header_safe = |value: &str| http::HeaderValue::from_str(value).is_ok();
        if !header_safe(&credentials.access_key_id) || !header_safe(&self.region) {
            return Err(ClientError::InvalidCredentials { what: "the access key id or the region" });
        }
        if credentials.session_token.as_deref().is_some_and(|token| !header_safe(token)) {
            return Err(ClientError::InvalidCredentials { what: "the session token" });
        }
        let identity = aws_credential_types::Credentials::new(
            &credentials.access_key_id,
            &credentials.secret_access_key,
            credentials.session_token.clone(),
            None,
            "guardduty-client",
        )
        .into();
        let params = v4::SigningParams::builder()
            .identity(&identity)
            .region(&self.region)
            .name(SERVICE)
            .time(time)
            .settings(SigningSettings::default())
            .build()
            .map_err(|error| ClientError::Signing(Box::new(error)))?
            .into();
        let headers = request
            .headers()
            .iter()
            .map(|(name, value)| match value.to_str() {
                Ok(value) => Ok((name.as_str(), value)),
                Err(_) => Err(ClientError::UnsignableHeader { name: name.to_string() }),
            })
            .collect::<Result<Vec<_>, _>>()?;
        let uri = request.uri().to_string();
        let signable = SignableRequest::new(
            request.method().as_str(),
            uri,
            headers.into_iter(),
            SignableBody::Bytes(request.body()),
        )
        .map_err(|error| ClientError::Signing(Box::new(error)))?;
        let (instructions, _signature) = aws_sigv4::http_request::sign(signable, &params)
            .map_err(|error| ClientError::Signing(Box::new(error)))?
            .into_parts();
        instructions.apply_to_request_http1x(request);
        Ok(())
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("credentials", &self.credentials)
            .field("timeout", &self.timeout)
            .field("use_proxy", &self.use_proxy)
            .field("body_limit", &self.body_limit)
            .finish_non_exhaustive()
    }
}

/// The `ureq` agent: no redirects, statuses as responses, the timeouts, proxies from the
/// environment or none.
fn agent(timeout: Duration, use_proxy: bool) -> ureq::Agent {
    let mut config = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(timeout))
        .timeout_connect(Some(CONNECT_TIMEOUT))
        .user_agent(concat!("guardduty-client/", env!("CARGO_PKG_VERSION")));
    if !use_proxy {
        config = config.proxy(None);
    }
    config.build().new_agent()
}

/// Every finding of the detector `detector_id` that matches `criteria` (every finding, with
/// `None`).
///
/// Lists the finding ids with `ListFindings`, page after page, then fetches the findings with
/// `GetFindings`, [`GET_FINDINGS_BATCH`] ids at a time. The findings come in the order of the
/// batches; within a batch, in the order the service returns them.
///
/// # Errors
///
/// The first error: one of `ListFindings` or `GetFindings` (match it, or ask its `code()`), or
/// one of the client's (the request could not be built, signed or sent). A service that
/// returns the same page token twice is an error too, rather than a loop.
pub fn all_findings(
    client: &Client,
    detector_id: &str,
    criteria: Option<FindingCriteria>,
) -> Result<Vec<Finding>, FindingsError> {
    let ids = all_finding_ids(client, detector_id, criteria)?;
    let mut findings = Vec::with_capacity(ids.len());
    for batch in ids.chunks(GET_FINDINGS_BATCH) {
        let mut input = GetFindingsRequest::default();
        input.detector_id = detector_id.to_owned();
        input.finding_ids = batch.to_vec();
        let response = client
            .call::<GetFindings>(&input)
            .map_err(|error| FindingsError::Client { operation: GetFindings::NAME, error })?;
        let output = GetFindings::response(&response).map_err(FindingsError::GetFindings)?;
        findings.extend(output.findings);
    }
    Ok(findings)
}

/// The ids of every finding of the detector `detector_id` that matches `criteria`, from every
/// page of `ListFindings`.
///
/// # Errors
///
/// As [`all_findings`], for `ListFindings` alone.
pub fn all_finding_ids(
    client: &Client,
    detector_id: &str,
    criteria: Option<FindingCriteria>,
) -> Result<Vec<String>, FindingsError> {
    let mut input = ListFindingsRequest::default();
    input.detector_id = detector_id.to_owned();
    input.finding_criteria = criteria;
    let mut ids = Vec::new();
    loop {
        let response = client
            .call::<ListFindings>(&input)
            .map_err(|error| FindingsError::Client { operation: ListFindings::NAME, error })?;
        let output = ListFindings::response(&response).map_err(FindingsError::ListFindings)?;
        ids.extend_from_slice(ListFindings::items(&output));
        // `None` after the last page, and when the service sends back the token it was given.
        match ListFindings::next_request(&input, &output) {
            Some(next) => input = next,
            None => return Ok(ids),
        }
    }
}

/// A client that could not be configured from the environment.
#[derive(Debug)]
#[non_exhaustive]
pub enum ConfigError {
    /// AWS's shared `config` or `credentials` file could not be read or parsed.
    Files(config::files::FileError),
    /// A setting has an invalid value, or the profile named does not exist.
    Setting(config::settings::SettingError),
    /// Neither the environment nor the profile gives credentials.
    NoCredentials,
    /// Neither the environment nor the profile gives a region.
    NoRegion,
    /// The endpoint rules refuse the configuration (a custom endpoint with FIPS, say).
    Endpoint(shapegen_runtime::endpoint::ResolveError),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Files(error) => error.fmt(f),
            ConfigError::Setting(error) => error.fmt(f),
            ConfigError::NoCredentials => f.write_str(
                "no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or aws_access_key_id and \
                 aws_secret_access_key in the profile",
            ),
            ConfigError::NoRegion => {
                f.write_str("no region: set AWS_REGION or AWS_DEFAULT_REGION, or region in the profile")
            }
            ConfigError::Endpoint(error) => write!(f, "no endpoint for the configuration: {error}"),
        }
    }
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ConfigError::Files(error) => Some(error),
            ConfigError::Setting(error) => Some(error),
            ConfigError::Endpoint(error) => Some(error),
            ConfigError::NoCredentials | ConfigError::NoRegion => None,
        }
    }
}

/// A request that could not be built, signed or sent, or a response that could not be
/// received. The service's own errors are not among these: they come back as responses, and
/// the operation reads them.
#[derive(Debug)]
#[non_exhaustive]
pub enum ClientError {
    /// The operation's input could not become a request: a required member not set, an empty
    /// URI label, an invalid endpoint.
    Request(RequestError),
    /// The request has a header whose value is not visible ASCII, which SigV4 cannot sign.
    UnsignableHeader {
        /// The header's name.
        name: String,
    },
    /// `what` of the credentials has characters that a header cannot carry.
    InvalidCredentials {
        /// The part at fault.
        what: &'static str,
    },
    /// The signer failed.
    Signing(Box<dyn std::error::Error + Send + Sync>),
    /// The URI is `https://` but the crate was built without its `tls` feature.
    TlsNotEnabled {
        /// The request's URI.
        uri: String,
    },
    /// The request could not be sent, or the response received: connection, I/O, protocol
    /// or timeout.
    Transport {
        /// The request's method.
        method: String,
        /// The request's URI.
        uri: String,
        /// What went wrong.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The response's body is larger than `limit` bytes (see [`Client::with_body_limit`]).
    BodyTooLarge {
        /// The request's URI.
        uri: String,
        /// The limit, in bytes.
        limit: u64,
    },
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientError::Request(error) => write!(f, "could not build the request: {error}"),
            ClientError::UnsignableHeader { name } => {
                write!(f, "could not sign the request: the value of header {name:?} is not visible ASCII")
            }
            ClientError::InvalidCredentials { what } => {
                write!(f, "could not sign the request: {what} has characters that an HTTP header cannot carry")
            }
            ClientError::Signing(error) => write!(f, "could not sign the request: {error}"),
            ClientError::TlsNotEnabled { uri } => {
                write!(f, "{uri} is https, but guardduty-client was built without TLS: build it with `--features tls`")
            }
            ClientError::Transport { method, uri, source } => write!(f, "{method} {uri}: {source}"),
            ClientError::BodyTooLarge { uri, limit } => {
                write!(f, "{uri}: the response body is larger than {limit} bytes, the most the client reads")
            }
        }
    }
}

impl std::error::Error for ClientError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ClientError::Request(error) => Some(error),
            ClientError::Signing(error) | ClientError::Transport { source: error, .. } => Some(&**error),
            _ => None,
        }
    }
}

/// Why [`all_findings`] or [`all_finding_ids`] failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum FindingsError {
    /// `ListFindings` failed: one of its modeled errors, an error it does not model, or a
    /// response that could not be read.
    ListFindings(ListFindingsError),
    /// `GetFindings` failed, likewise.
    GetFindings(GetFindingsError),
    /// The request of `operation` could not be built, signed or sent.
    Client {
        /// The operation.
        operation: &'static str,
        /// What went wrong.
        error: ClientError,
    },
}

impl FindingsError {
    /// The service's error code, when the service answered with an error.
    pub fn code(&self) -> Option<&str> {
        match self {
            FindingsError::ListFindings(error) => error.code(),
            FindingsError::GetFindings(error) => error.code(),
            _ => None,
        }
    }

    /// The service's error message, when the service answered with one.
    pub fn message(&self) -> Option<&str> {
        match self {
            FindingsError::ListFindings(error) => error.message(),
            FindingsError::GetFindings(error) => error.message(),
            _ => None,
        }
    }

    /// The HTTP status of the response, when the error came from one.
    pub fn status(&self) -> Option<u16> {
        match self {
            FindingsError::ListFindings(error) => error.status(),
            FindingsError::GetFindings(error) => error.status(),
            _ => None,
        }
    }
}

impl fmt::Display for FindingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FindingsError::ListFindings(error) => write!(f, "{} failed: {error}", ListFindings::NAME),
            FindingsError::GetFindings(error) => write!(f, "{} failed: {error}", GetFindings::NAME),
            FindingsError::Client { operation, error } => write!(f, "{operation} failed: {error}"),
        }
    }
}

impl std::error::Error for FindingsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            FindingsError::ListFindings(error) => Some(error),
            FindingsError::GetFindings(error) => Some(error),
            FindingsError::Client { error, .. } => Some(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn from(vars: &[(&str, &str)]) -> Result<Client, ConfigError> {
        from_files(vars, "", "")
    }

    fn from_files(vars: &[(&str, &str)], config: &str, credentials: &str) -> Result<Client, ConfigError> {
        let env: HashMap<String, String> = vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        let files = config::files::ProfileFiles::parse(config, credentials).unwrap();
        Client::from_config(&env, &files)
    }

    #[test]
    fn configuration_from_the_environment() {
        let keys = [("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"), ("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI")];
        let client = from(&[keys[0], keys[1], ("AWS_DEFAULT_REGION", "eu-west-1")]).unwrap();
        assert_eq!(client.endpoint(), "https://guardduty.eu-west-1.amazonaws.com");
        assert_eq!(client.region(), "eu-west-1");
        assert_eq!(client.credentials().session_token(), None);

        let client = from(&[
            keys[0],
            keys[1],
            ("AWS_SESSION_TOKEN", "IQoJb3JpZ2luX2Vj"),
            ("AWS_REGION", "us-east-2"),
            ("AWS_DEFAULT_REGION", "eu-west-1"),
            ("AWS_ENDPOINT_URL_GUARDDUTY", "http://127.0.0.1:8080/"),
        ])
        .unwrap();
        assert_eq!((client.endpoint(), client.region()), ("http://127.0.0.1:8080", "us-east-2"));
        assert_eq!(client.credentials().session_token(), Some("IQoJb3JpZ2luX2Vj"));
        let debug = format!("{client:?}");
        assert!(debug.contains("AKIDEXAMPLE"), "{debug}");
        assert!(!debug.contains("wJalrXUtnFEMI") && !debug.contains("IQoJb3JpZ2luX2Vj"), "{debug}");
    }

    #[test]
    fn endpoints_follow_the_rules_for_the_region_and_settings() {
        let keys = [("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"), ("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI")];
        let client = from(&[keys[0], keys[1], ("AWS_REGION", "cn-north-1")]).unwrap();
        assert_eq!(client.endpoint(), "https://guardduty.cn-north-1.amazonaws.com.cn");
        let client = from(&[keys[0], keys[1], ("AWS_REGION", "us-east-1"), ("AWS_USE_FIPS_ENDPOINT", "true")]).unwrap();
        assert_eq!(client.endpoint(), "https://guardduty-fips.us-east-1.amazonaws.com");
        // The rules refuse FIPS with a custom endpoint, and say so.
        let error = from(&[
            keys[0],
            keys[1],
            ("AWS_REGION", "us-east-1"),
            ("AWS_USE_FIPS_ENDPOINT", "true"),
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:8080"),
        ])
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "no endpoint for the configuration: Invalid Configuration: FIPS and custom endpoint are not supported"
        );
    }

    #[test]
    fn configuration_from_a_profile() {
        let config = "[default]\nregion = eu-west-1\n\n[profile dev]\nregion = ap-south-1\nuse_fips_endpoint = true\n";
        let credentials = "[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = devsecret\n";
        let client = from_files(&[("AWS_PROFILE", "dev")], config, credentials).unwrap();
        assert_eq!(client.region(), "ap-south-1");
        assert_eq!(client.endpoint(), "https://guardduty-fips.ap-south-1.amazonaws.com");
        assert_eq!(client.credentials().access_key_id(), "AKIDDEV");
        // The environment wins over the profile.
        let client = from_files(&[("AWS_PROFILE", "dev"), ("AWS_REGION", "us-west-2")], config, credentials).unwrap();
        assert_eq!(client.region(), "us-west-2");
        // A profile named but absent is an error that names it.
        let error = from_files(&[("AWS_PROFILE", "prod")], config, credentials).unwrap_err();
        assert!(error.to_string().contains("prod"), "{error}");
    }

    #[test]
    fn missing_settings_are_named() {
        let error = from(&[("AWS_SECRET_ACCESS_KEY", "secret"), ("AWS_REGION", "us-east-1")]).unwrap_err();
        assert!(error.to_string().contains("AWS_ACCESS_KEY_ID"), "{error}");
        assert!(!error.to_string().contains("secret"), "{error}");
        let error = from(&[("AWS_ACCESS_KEY_ID", "AKID"), ("AWS_SECRET_ACCESS_KEY", "secret")]).unwrap_err();
        assert_eq!(error.to_string(), "no region: set AWS_REGION or AWS_DEFAULT_REGION, or region in the profile");
        let error = from(&[("AWS_REGION", "us-east-1")]).unwrap_err();
        assert!(matches!(error, ConfigError::NoCredentials), "{error}");
    }

    #[test]
    fn https_needs_the_tls_feature() {
        let client = Client::new("https://guardduty.us-east-1.amazonaws.com", "us-east-1", Credentials::new("a", "b"));
        if cfg!(feature = "tls") {
            return;
        }
        let mut input = ListFindingsRequest::default();
        input.detector_id = "d".to_owned();
        let error = client.call::<ListFindings>(&input).unwrap_err();
        assert!(matches!(error, ClientError::TlsNotEnabled { .. }), "{error}");
        assert!(error.to_string().contains("--features tls"), "{error}");
    }

    #[test]
    fn an_empty_detector_id_is_a_request_error() {
        let client = Client::new("http://127.0.0.1:9", "us-east-1", Credentials::new("a", "b"));
        let error = all_findings(&client, "", None).unwrap_err();
        assert!(matches!(&error, FindingsError::Client { error: ClientError::Request(_), .. }), "{error}");
        assert_eq!(
            error.to_string(),
            "ListFindings failed: could not build the request: DetectorId: a URI label must not be empty"
        );
    }

    #[test]
    fn credentials_that_cannot_travel_are_an_error() {
        let credentials = Credentials::new("AKIDEXAMPLE", "s").with_session_token("line\nbreak");
        let client = Client::new("http://127.0.0.1:9", "us-east-1", credentials);
        let mut request = http::Request::new(Vec::new());
        *request.uri_mut() = http::Uri::from_static("http://127.0.0.1:9/");
        let error = client.sign(&mut request, SystemTime::now()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "could not sign the request: the session token has characters that an HTTP header cannot carry"
        );
        let error = client.sign(&mut http::Request::new(Vec::new()), SystemTime::now()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "could not build the request: endpoint \"/\": the URI has no host, which the signature covers"
        );
    }

    #[test]
    fn signing_adds_the_headers() {
        let client = Client::new(
            "http://127.0.0.1:9",
            "us-east-1",
            Credentials::new("AKIDEXAMPLE", "s").with_session_token("t"),
        );
        let mut input = ListFindingsRequest::default();
        input.detector_id = "d".to_owned();
        let mut request = ListFindings::request(&input, client.endpoint()).unwrap();
        client.sign(&mut request, SystemTime::UNIX_EPOCH + Duration::from_secs(1_599_152_400)).unwrap();
        assert_eq!(request.headers()["x-amz-date"], "20200903T170000Z");
        assert_eq!(request.headers()["x-amz-security-token"], "t");
        let authorization = request.headers()["authorization"].to_str().unwrap();
        assert!(
            authorization.starts_with(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20200903/us-east-1/guardduty/aws4_request, \
                 SignedHeaders=content-length;content-type;host;x-amz-date;x-amz-security-token, Signature="
            ),
            "{authorization}"
        );
    }
}
