//! Credentials: what requests are signed with, where they come from, and how long they last.
//!
//! A source of credentials implements [`ProvideCredentials`]. The client holds one source,
//! usually a [`Chain`] of sources tried in order, behind a [`CredentialsCache`] that keeps the
//! credentials it got and asks again before they expire, one caller at a time.
//!
//! Sources may block (read a file, run a process, call a service): the blocking client calls
//! them on the calling thread, an async client on a thread of its own, never on an executor's.
//!
//! `Debug`, `Display` and errors never show a secret access key or a session token.

use std::fmt;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, SystemTime};

use shapegen_runtime::REDACTED;

pub(crate) mod chain;
pub mod container;
pub mod imds;
pub mod process;
pub mod role;
pub mod sso;
pub mod token;

pub use container::ContainerProvider;
pub use imds::ImdsProvider;
pub use process::ProcessProvider;
pub use role::{AssumeRoleProvider, WebIdentityProvider};
pub use sso::{SsoProvider, SsoToken, TokenKey};
pub use token::{ProvideToken, Token};

/// The time an RFC 3339 text names (a source's `Expiration`).
fn rfc3339(text: &str) -> Result<SystemTime, String> {
    let invalid = || format!("Expiration {text:?} is not an RFC 3339 time after 1970");
    text.parse().ok().and_then(system_time).ok_or_else(invalid)
}

/// A timestamp as the system's time, if it is after 1970.
pub(crate) fn system_time(at: jiff::Timestamp) -> Option<SystemTime> {
    let seconds = u64::try_from(at.as_second()).ok()?;
    let nanos = u32::try_from(at.subsec_nanosecond()).ok()?;
    Some(SystemTime::UNIX_EPOCH + Duration::new(seconds, nanos))
}

/// An HTTP agent for an endpoint of the machine's own network (the container's, the
/// instance's): each call within `timeout`, no proxy, no redirect, every status an answer.
/// (A few calls when credentials are fetched: the thread ureq starts for each lookup under a
/// global timeout does not matter here.)
fn endpoint_agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .max_redirects(0)
        .proxy(None)
        .build()
        .new_agent()
}

/// The credentials of an endpoint's JSON answer (the container's, the instance's):
/// `AccessKeyId`, `SecretAccessKey`, `Token`, `AccountId`, `Expiration` (RFC 3339); the error
/// never quotes the answer, which holds secrets.
fn from_answer(value: &serde_json::Value) -> Result<Credentials, String> {
    let string = |key: &str| value.get(key).and_then(serde_json::Value::as_str).filter(|text| !text.is_empty());
    let required = |key: &str| string(key).ok_or_else(|| format!("the answer has no {key}"));
    let mut credentials = Credentials::new(required("AccessKeyId")?, required("SecretAccessKey")?);
    if let Some(token) = string("Token") {
        credentials = credentials.with_session_token(token);
    }
    if let Some(account) = string("AccountId") {
        credentials = credentials.with_account_id(account);
    }
    if let Some(expiration) = string("Expiration") {
        credentials = credentials.with_expiry(rfc3339(expiration)?);
    }
    Ok(credentials)
}

/// What the tests of the sources that call an endpoint share.
#[cfg(test)]
pub(crate) mod testing {
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpListener;

    /// A server on loopback answering `answers` (the request line's start, status, body), one
    /// connection each, in order; returns its URL and the requests' heads, each followed by an
    /// empty line and the body when it has one.
    pub(crate) fn serve(
        answers: Vec<(&'static str, u16, &'static str)>,
    ) -> (String, std::thread::JoinHandle<Vec<Vec<String>>>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let thread = std::thread::spawn(move || {
            let mut heads = Vec::new();
            for (expected, status, body) in answers {
                let (stream, _) = listener.accept().unwrap();
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut head = Vec::new();
                loop {
                    let mut line = String::new();
                    reader.read_line(&mut line).unwrap();
                    if line == "\r\n" || line.is_empty() {
                        break;
                    }
                    head.push(line.trim_end().to_owned());
                }
                assert!(head[0].starts_with(expected), "{:?} is not {expected}", head[0]);
                let length = head
                    .iter()
                    .find_map(|line| line.to_ascii_lowercase().strip_prefix("content-length:").map(str::to_owned))
                    .map_or(0, |length| length.trim().parse::<usize>().unwrap());
                if length > 0 {
                    let mut body = vec![0; length];
                    std::io::Read::read_exact(&mut reader, &mut body).unwrap();
                    head.push(String::new());
                    head.push(String::from_utf8(body).unwrap());
                }
                let mut stream = stream;
                let reply =
                    format!("HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len());
                stream.write_all(reply.as_bytes()).unwrap();
                heads.push(head);
            }
            heads
        });
        (url, thread)
    }
}

/// A source configured wrongly: it fails, with what is wrong, when asked.
#[derive(Debug)]
pub(crate) struct Misconfigured(pub(crate) CredentialsError);

impl ProvideCredentials for Misconfigured {
    fn provide(&self) -> Result<Credentials, CredentialsError> {
        Err(self.0.clone())
    }
}

/// How long before they expire credentials are refreshed, when refreshing may fail: the old
/// ones are used while they last (botocore's advisory refresh, 15 minutes).
pub const ADVISORY_REFRESH: Duration = Duration::from_secs(15 * 60);

/// How long before they expire credentials must be refreshed: a failure to refresh is an
/// error from then on (botocore's mandatory refresh, 10 minutes).
pub const MANDATORY_REFRESH: Duration = Duration::from_secs(10 * 60);

/// AWS credentials: an access key, for temporary credentials a session token and an expiry,
/// and the account they belong to when the source says.
///
/// `Debug` shows the access key id only.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    expires_at: Option<SystemTime>,
    account_id: Option<String>,
}

impl Credentials {
    /// Long-term credentials: an access key id and its secret.
    pub fn new(access_key_id: impl Into<String>, secret_access_key: impl Into<String>) -> Credentials {
        Credentials {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token: None,
            expires_at: None,
            account_id: None,
        }
    }

    /// The same credentials with a session token, as temporary credentials (from STS) have.
    pub fn with_session_token(mut self, session_token: impl Into<String>) -> Credentials {
        self.session_token = Some(session_token.into());
        self
    }

    /// The same credentials, valid until `expires_at`.
    pub fn with_expiry(mut self, expires_at: SystemTime) -> Credentials {
        self.expires_at = Some(expires_at);
        self
    }

    /// The same credentials, of the account `account_id` (which fills the endpoint built-in
    /// `AWS::Auth::AccountId`).
    pub fn with_account_id(mut self, account_id: impl Into<String>) -> Credentials {
        self.account_id = Some(account_id.into());
        self
    }

    /// The access key id.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The secret access key.
    pub fn secret_access_key(&self) -> &str {
        &self.secret_access_key
    }

    /// The session token, if any.
    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref()
    }

    /// When the credentials expire; `None` for credentials that do not.
    pub fn expires_at(&self) -> Option<SystemTime> {
        self.expires_at
    }

    /// The account the credentials belong to, when their source says.
    pub fn account_id(&self) -> Option<&str> {
        self.account_id.as_deref()
    }

    /// Whether, at `now`, the credentials expire within `window` (or have expired).
    fn expire_within(&self, now: SystemTime, window: Duration) -> bool {
        self.expires_at.is_some_and(|at| at.duration_since(now).map_or(true, |left| left <= window))
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &REDACTED)
            .field("session_token", &self.session_token.as_ref().map(|_| REDACTED))
            .field("expires_at", &self.expires_at)
            .field("account_id", &self.account_id)
            .finish()
    }
}

/// A source of credentials.
pub trait ProvideCredentials: fmt::Debug + Send + Sync {
    /// Credentials from this source, fetched now. It may block.
    ///
    /// # Errors
    ///
    /// [`CredentialsError::not_found`] when the source has nothing to give (a chain then asks
    /// the next source), any other error when it should have and failed.
    fn provide(&self) -> Result<Credentials, CredentialsError>;
}

/// A shared source is a source.
impl<P: ProvideCredentials + ?Sized> ProvideCredentials for Arc<P> {
    fn provide(&self) -> Result<Credentials, CredentialsError> {
        (**self).provide()
    }
}

/// A boxed source is a source.
impl<P: ProvideCredentials + ?Sized> ProvideCredentials for Box<P> {
    fn provide(&self) -> Result<Credentials, CredentialsError> {
        (**self).provide()
    }
}

/// Fixed credentials are their own source.
impl ProvideCredentials for Credentials {
    fn provide(&self) -> Result<Credentials, CredentialsError> {
        Ok(self.clone())
    }
}

/// Sources tried in order: the first that gives credentials gives them. A source with
/// nothing to give is passed over; any other failure ends the search, as in the AWS SDKs.
#[derive(Debug)]
pub struct Chain {
    sources: Vec<Box<dyn ProvideCredentials>>,
}

impl Chain {
    /// The chain of `sources`, in order.
    pub fn new(sources: Vec<Box<dyn ProvideCredentials>>) -> Chain {
        Chain { sources }
    }
}

impl ProvideCredentials for Chain {
    fn provide(&self) -> Result<Credentials, CredentialsError> {
        let mut passed = Vec::new();
        for source in &self.sources {
            match source.provide() {
                Ok(credentials) => return Ok(credentials),
                Err(error) if error.is_not_found() => passed.push(error),
                Err(error) => return Err(error),
            }
        }
        Err(CredentialsError { source: "the credentials chain", message: None, not_found: true, passed })
    }
}

/// Why a source gave no credentials.
///
/// For a chain, it lists each source it asked and why that one gave none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialsError {
    source: &'static str,
    message: Option<String>,
    not_found: bool,
    passed: Vec<CredentialsError>,
}

impl CredentialsError {
    /// `source` failed: `message` says how.
    pub fn new(source: &'static str, message: impl Into<String>) -> CredentialsError {
        CredentialsError { source, message: Some(message.into()), not_found: false, passed: Vec::new() }
    }

    /// `source` has no credentials to give: `message` says where it looked.
    pub fn not_found(source: &'static str, message: impl Into<String>) -> CredentialsError {
        CredentialsError { source, message: Some(message.into()), not_found: true, passed: Vec::new() }
    }

    /// Whether the source had nothing to give, rather than failing.
    pub fn is_not_found(&self) -> bool {
        self.not_found
    }

    /// The source.
    pub fn source_name(&self) -> &str {
        self.source
    }

    /// For a chain, the sources it passed over, each with why.
    pub fn passed(&self) -> &[CredentialsError] {
        &self.passed
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.message {
            Some(message) => write!(f, "{}: {message}", self.source)?,
            None if self.not_found => write!(f, "no credentials in {}", self.source)?,
            None => write!(f, "{} failed", self.source)?,
        }
        for (i, passed) in self.passed.iter().enumerate() {
            f.write_str(if i == 0 { " (" } else { "; " })?;
            passed.fmt(f)?;
        }
        if !self.passed.is_empty() {
            f.write_str(")")?;
        }
        Ok(())
    }
}

impl std::error::Error for CredentialsError {}

/// Credentials from a source, kept until they are about to expire.
///
/// Credentials without an expiry are fetched once. Others are fetched again from
/// [`ADVISORY_REFRESH`] before their expiry; if that fails, the ones held are used until
/// [`MANDATORY_REFRESH`] before it, after which the failure is returned. One caller fetches
/// at a time: the others wait for its result rather than asking the source too.
#[derive(Debug)]
pub struct CredentialsCache {
    source: Box<dyn ProvideCredentials>,
    current: RwLock<Option<Arc<Credentials>>>,
    /// Held while fetching.
    fetching: Mutex<()>,
}

impl CredentialsCache {
    /// A cache of what `source` gives.
    pub fn new(source: Box<dyn ProvideCredentials>) -> CredentialsCache {
        CredentialsCache { source, current: RwLock::new(None), fetching: Mutex::new(()) }
    }

    /// The credentials held, if they need no fetch at `now`.
    pub fn fresh(&self, now: SystemTime) -> Option<Arc<Credentials>> {
        let current = self.current.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        current.as_ref().filter(|credentials| !credentials.expire_within(now, ADVISORY_REFRESH)).cloned()
    }

    /// Credentials good at `now`: those held, or fetched from the source.
    ///
    /// # Errors
    ///
    /// The source's error, when it fails and the credentials held (if any) are within
    /// [`MANDATORY_REFRESH`] of their expiry.
    pub fn get(&self, now: SystemTime) -> Result<Arc<Credentials>, CredentialsError> {
        if let Some(credentials) = self.fresh(now) {
            return Ok(credentials);
        }
        let _fetching = self.fetching.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        // Another caller may have fetched them while this one waited.
        if let Some(credentials) = self.fresh(now) {
            return Ok(credentials);
        }
        match self.source.provide() {
            Ok(credentials) => {
                let credentials = Arc::new(credentials);
                *self.current.write().unwrap_or_else(std::sync::PoisonError::into_inner) =
                    Some(Arc::clone(&credentials));
                Ok(credentials)
            }
            Err(error) => {
                let current = self.current.read().unwrap_or_else(std::sync::PoisonError::into_inner);
                match current.as_ref() {
                    Some(held) if !held.expire_within(now, MANDATORY_REFRESH) => Ok(Arc::clone(held)),
                    _ => Err(error),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A source that counts its calls and answers from a script.
    #[derive(Debug)]
    struct Scripted {
        calls: AtomicUsize,
        answers: Mutex<Vec<Result<Credentials, CredentialsError>>>,
    }

    impl Scripted {
        fn new(answers: Vec<Result<Credentials, CredentialsError>>) -> Scripted {
            Scripted { calls: AtomicUsize::new(0), answers: Mutex::new(answers) }
        }
    }

    impl ProvideCredentials for Scripted {
        fn provide(&self) -> Result<Credentials, CredentialsError> {
            self.calls.fetch_add(1, Ordering::SeqCst);
            self.answers.lock().unwrap().remove(0)
        }
    }

    const T0: Duration = Duration::from_secs(1_700_000_000);

    fn at(offset: Duration) -> SystemTime {
        SystemTime::UNIX_EPOCH + T0 + offset
    }

    fn minutes(n: u64) -> Duration {
        Duration::from_secs(60 * n)
    }

    #[test]
    fn secrets_never_print() {
        let credentials = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI").with_session_token("IQoJb3JpZ2lu");
        let debug = format!("{credentials:?}");
        assert!(debug.contains("AKIDEXAMPLE"), "{debug}");
        assert!(!debug.contains("wJalrXUtnFEMI") && !debug.contains("IQoJb3JpZ2lu"), "{debug}");
        let cache = CredentialsCache::new(Box::new(credentials));
        cache.get(at(Duration::ZERO)).unwrap();
        let debug = format!("{cache:?}");
        assert!(!debug.contains("wJalrXUtnFEMI") && !debug.contains("IQoJb3JpZ2lu"), "{debug}");
    }

    #[test]
    fn credentials_that_do_not_expire_are_fetched_once() {
        let source = Arc::new(Scripted::new(vec![Ok(Credentials::new("A", "s"))]));
        let cache = CredentialsCache::new(Box::new(Arc::clone(&source)));
        for day in 0..3 {
            assert_eq!(cache.get(at(minutes(24 * 60 * day))).unwrap().access_key_id(), "A");
        }
        assert_eq!(source.calls.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn expiring_credentials_are_refreshed_in_time() {
        let first = Credentials::new("A", "s").with_expiry(at(minutes(60)));
        let second = Credentials::new("B", "s").with_expiry(at(minutes(120)));
        let source = Arc::new(Scripted::new(vec![
            Ok(first),
            // In the advisory window, a failure keeps the credentials held.
            Err(CredentialsError::new("test", "down")),
            Err(CredentialsError::new("test", "still down")),
            // In the mandatory window it is returned.
            Err(CredentialsError::new("test", "down for good")),
            Ok(second),
        ]));
        let cache = CredentialsCache::new(Box::new(Arc::clone(&source)));
        assert_eq!(cache.get(at(Duration::ZERO)).unwrap().access_key_id(), "A");
        // Until 15 minutes before the expiry, no fetch.
        assert_eq!(cache.get(at(minutes(44))).unwrap().access_key_id(), "A");
        assert_eq!(source.calls.load(Ordering::SeqCst), 1);
        assert_eq!(cache.get(at(minutes(46))).unwrap().access_key_id(), "A");
        assert_eq!(cache.get(at(minutes(49))).unwrap().access_key_id(), "A");
        assert_eq!(source.calls.load(Ordering::SeqCst), 3);
        let error = cache.get(at(minutes(51))).unwrap_err();
        assert_eq!(error.to_string(), "test: down for good");
        assert_eq!(cache.get(at(minutes(52))).unwrap().access_key_id(), "B");
        assert_eq!(source.calls.load(Ordering::SeqCst), 5);
    }

    #[test]
    fn one_caller_fetches_at_a_time() {
        let answers = (0..8).map(|_| Ok(Credentials::new("A", "s").with_expiry(at(minutes(60))))).collect();
        let source = Arc::new(Scripted::new(answers));
        let cache = Arc::new(CredentialsCache::new(Box::new(Arc::clone(&source))));
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let cache = Arc::clone(&cache);
                std::thread::spawn(move || cache.get(at(Duration::ZERO)).unwrap().access_key_id().to_owned())
            })
            .collect();
        for thread in threads {
            assert_eq!(thread.join().unwrap(), "A");
        }
        assert_eq!(source.calls.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn a_chain_says_where_it_looked() {
        let chain = Chain::new(vec![
            Box::new(Scripted::new(vec![Err(CredentialsError::not_found("static keys", "none set"))])),
            Box::new(Scripted::new(vec![Err(CredentialsError::not_found("the process", "not configured"))])),
        ]);
        let error = chain.provide().unwrap_err();
        assert!(error.is_not_found());
        assert_eq!(error.passed().len(), 2);
        assert_eq!(
            error.to_string(),
            "no credentials in the credentials chain (static keys: none set; the process: not configured)"
        );
        // A source that fails, rather than having nothing, ends the search.
        let chain = Chain::new(vec![
            Box::new(Arc::new(Scripted::new(vec![Err(CredentialsError::new("the process", "exited with 1"))]))),
            Box::new(Credentials::new("A", "s")),
        ]);
        assert_eq!(chain.provide().unwrap_err().to_string(), "the process: exited with 1");
        let chain = Chain::new(vec![
            Box::new(Scripted::new(vec![Err(CredentialsError::not_found("static keys", "none set"))])),
            Box::new(Credentials::new("A", "s")),
        ]);
        assert_eq!(chain.provide().unwrap().access_key_id(), "A");
    }
}
