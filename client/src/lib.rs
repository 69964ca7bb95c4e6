//! One client for every service shapegen generates: it sends an operation's input and returns
//! its output, or its error.
//!
//! The generated code builds each operation's request and reads its response without I/O
//! ([`shapegen_runtime::Operation`]); this crate makes the call: it finds the configuration
//! where the AWS CLI finds it ([`config`]) and the credentials in the AWS CLI's chain of
//! sources ([`credentials`]), resolves the endpoint by the service's rules, signs the request
//! as the model and the endpoint say ([`sign`]: SigV4, SigV4a with the feature `sigv4a`, S3
//! Express sessions, bearer tokens), sends it (blocking, with `ureq`; or, with the feature
//! `async`, awaited on tokio: `asynchronous`), and retries what AWS's standard retry rules
//! retry ([`retry`]). It also presigns URLs ([`Client::presign`]) and drives the generated
//! waiters ([`Client::wait`], [`wait`]).
//!
//! ```no_run
//! use guardduty_types::ListFindingsRequest;
//! use guardduty_types::operations::ListFindings;
//! use shapegen_client::Client;
//!
//! let client = Client::from_env()?; // keys, region and endpoint as the AWS CLI finds them
//! let input = ListFindingsRequest::builder().detector_id("12abc34d567e8fa901bc2d34e56789f0").build()?;
//! let page = client.send::<ListFindings>(&input)?; // the first page
//! for id in client.items::<ListFindings>(input) {   // or every item of every page
//!     println!("{}", id?);
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! A crate generated with borrowed strings, whose outputs borrow from the response's body,
//! gets the response from [`Client::call`] and reads it with the operation's `response`.
//!
//! # TLS
//!
//! Real AWS endpoints are `https://`, which needs the crate feature `tls` (rustls with the
//! webpki roots) for the blocking client, `async-tls` for the async one too. Without it only
//! `http://` endpoints can be reached, such as a local test server, and an `https://`
//! endpoint fails before anything is sent.
#![warn(missing_docs)]

/// The README's example, compiled as a doc test.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

#[cfg(feature = "async")]
pub mod asynchronous;
pub mod body;
mod call;
pub mod checksums;
pub mod config;
pub mod credentials;
mod error;
#[cfg(feature = "eventstream")]
pub mod events;
mod express;
mod paging;
pub mod retry;
pub mod services;
pub mod sign;
pub mod transport;
pub mod wait;

use std::collections::HashMap;
use std::fmt;
use std::sync::atomic::AtomicI64;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use shapegen_runtime::endpoint::{BuiltIns, Endpoint};
use shapegen_runtime::{Operation, OwnedOperation, PagedItems, Paginated, Service, ServiceError};

pub use body::{Body, ReadError};
pub use call::Presigned;
pub use error::{Error, ResponseInfo};

use config::files::{Env, ProcessEnv, ProfileFiles};
use config::settings::{ChecksumWhen, RetryMode, Settings, StsRegionalEndpoints};
use credentials::{Chain, CredentialsCache, ProvideCredentials};
use retry::{DefaultJitter, RetryConfig, RetryQuota};
use transport::{Transport, Ureq};

/// The `User-Agent` the client sends.
pub const USER_AGENT: &str = concat!("shapegen-client/", env!("CARGO_PKG_VERSION"));

/// The largest response body the client reads by default, in bytes (64 MiB).
pub const MAX_RESPONSE_BODY: u64 = 64 * 1024 * 1024;

/// How long each phase of a call's attempt may take by default: sending the request, waiting
/// for the response, reading its body (the async client: the whole attempt).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// How long connecting may take, at most.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How many attempts a call makes at most in the `legacy` retry mode, when nothing else is
/// configured (botocore's legacy mode).
const LEGACY_MAX_ATTEMPTS: u32 = 5;

/// A client for any generated service. Cheap to clone: clones share the configuration, the
/// credentials, the connection pool and the retry quota.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    transport: Arc<dyn Transport>,
}

/// What a client is, whatever sends its requests: shared by the blocking and the async client.
struct Inner {
    region: Option<String>,
    built_ins: BuiltIns,
    /// Each service's own endpoint URL, from the configuration, found when first called.
    service_urls: Option<ServiceUrls>,
    /// Built-ins for a service with its own endpoint URL, by SDK id.
    service_built_ins: Mutex<HashMap<&'static str, Arc<BuiltIns>>>,
    credentials: CredentialsCache,
    /// S3 Express sessions.
    express: express::Sessions,
    tokens: credentials::token::Tokens,
    /// `AWS_AUTH_SCHEME_PREFERENCE`.
    auth_preference: Vec<String>,
    /// `AWS_SIGV4A_SIGNING_REGION_SET`.
    region_set: Vec<String>,
    retry: RetryConfig,
    quota: RetryQuota,
    jitter: Mutex<DefaultJitter>,
    /// Added to the local clock when signing, in milliseconds: measured from a response when a
    /// service refused a request for clock skew.
    clock_offset_millis: AtomicI64,
    body_limit: u64,
    /// The smallest request body compressed, where the operation allows it; `None` when
    /// compression is off.
    min_compression_size: Option<usize>,
    /// When request checksums are computed and response checksums validated.
    checksums: (ChecksumWhen, ChecksumWhen),
}

/// Where a service's own endpoint URL is looked for: the environment as it was when the
/// client was configured, and the shared files.
#[derive(Clone)]
struct ServiceUrls {
    env: HashMap<String, String>,
    files: ProfileFiles,
}

impl ServiceUrls {
    fn url(&self, sdk_id: &str) -> Option<String> {
        if sdk_id.is_empty() {
            return None;
        }
        // The settings resolved once already, so that only a service's own entry can fail
        // here; a `services` section that does not exist was reported then.
        Settings::resolve(&self.env, &self.files, Some(sdk_id)).ok()?.endpoint_url().map(str::to_owned)
    }
}

impl Client {
    /// A client configured as the AWS CLI configures itself ([`Builder::from_env`]).
    ///
    /// # Errors
    ///
    /// A shared file that cannot be read or parsed, or a setting with an invalid value,
    /// naming where it was set.
    pub fn from_env() -> Result<Client, ConfigError> {
        Builder::from_env().map(Builder::build)
    }

    /// A client configured by hand: nothing is read from the environment.
    pub fn builder() -> Builder {
        Builder::new()
    }

    /// The region calls are made in, if configured.
    pub fn region(&self) -> Option<&str> {
        self.inner.region.as_deref()
    }

    /// The credentials calls are signed with now: those held, or fetched from the client's
    /// source when it has none or they are about to expire (which may block).
    ///
    /// # Errors
    ///
    /// Why the source gave none; for the default chain, each source it asked and why.
    pub fn credentials(&self) -> Result<Arc<credentials::Credentials>, credentials::CredentialsError> {
        self.inner.credentials.get(SystemTime::now())
    }

    /// Sends `input` as the operation `O`, retrying as the retry rules say, and returns its
    /// output, or its error.
    ///
    /// # Errors
    ///
    /// The operation's error when the service answered with one ([`Error::Service`]), or the
    /// client's: the request could not be built, its endpoint resolved, or it could not be
    /// signed or sent.
    pub fn send<O: OwnedOperation>(
        &self,
        input: &O::Input<'_>,
    ) -> Result<O::Output<'static>, Error<O::Error<'static>>> {
        self.run::<O, _, _>(input, None, |response| O::owned_response(response))
    }

    /// Sends `input` as the operation `O`, retrying as the retry rules say, and returns the
    /// last response whatever its status, for `O::response(&response)` to read: for crates
    /// generated with borrowed strings, whose outputs borrow from the response.
    ///
    /// # Errors
    ///
    /// The client's: the request could not be built, its endpoint resolved, or it could not
    /// be signed or sent. The service's errors are responses.
    pub fn call<O: Operation>(
        &self,
        input: &O::Input<'_>,
    ) -> Result<http::Response<Vec<u8>>, Error<std::convert::Infallible>> {
        call::RawError::result(self.run::<O, _, _>(input, None, call::RawError::reader::<O>()))
    }

    /// Every page of the paginated operation `O`, from `input` on: each page's request is
    /// sent when the iterator is asked for it. An error ends the pages.
    pub fn pages<O>(&self, input: O::Input<'static>) -> Pages<'_, O>
    where
        O: OwnedOperation + Paginated,
    {
        Pages { client: self, cursor: paging::Cursor::new(input) }
    }

    /// Every item of every page of the paginated operation `O`, from `input` on. An error
    /// ends the items.
    pub fn items<O>(&self, input: O::Input<'static>) -> Items<'_, O>
    where
        O: OwnedOperation + Paginated + PagedItems,
        O::Item<'static>: Clone,
    {
        Items { pages: self.pages(input), items: paging::ItemCursor::new() }
    }

    /// Polls the waiter `W`'s operation with `input` until one of its acceptors ends the wait
    /// ([`wait`]): `Ok` when one in state `success` does, with the last poll's result.
    ///
    /// ```no_run
    /// # fn f<W>(client: &shapegen_client::Client, input: &<W::Operation as shapegen_runtime::Operation>::Input<'_>)
    /// # where W: shapegen_runtime::waiter::Waiter, W::Operation: shapegen_runtime::OwnedOperation {
    /// match client.wait::<W>(input) {
    ///     Ok(waited) => println!("done after {} polls", waited.attempts),
    ///     Err(error) => eprintln!("{error}"),
    /// }
    /// # }
    /// ```
    ///
    /// # Errors
    ///
    /// An acceptor in state `failure` matched ([`wait::WaitError::Failure`]), the longest wait
    /// passed ([`wait::WaitError::Timeout`]), or a poll failed in a way no acceptor covers
    /// ([`wait::WaitError::Poll`]).
    pub fn wait<W>(&self, input: &<W::Operation as Operation>::Input<'_>) -> wait::WaitResult<W::Operation>
    where
        W: shapegen_runtime::waiter::Waiter,
        W::Operation: OwnedOperation,
    {
        self.wait_with::<W>(input, wait::WaitConfig::default())
    }

    /// [`Client::wait`], with the longest wait and the delays of `config` where it sets them.
    ///
    /// # Errors
    ///
    /// As [`Client::wait`]'s.
    pub fn wait_with<W>(
        &self,
        input: &<W::Operation as Operation>::Input<'_>,
        config: wait::WaitConfig,
    ) -> wait::WaitResult<W::Operation>
    where
        W: shapegen_runtime::waiter::Waiter,
        W::Operation: OwnedOperation,
    {
        let mut waiting = wait::Waiting::<W>::new(config, &self.inner.jitter);
        loop {
            let result = self.run::<W::Operation, _, _>(input, None, |response| {
                <W::Operation as OwnedOperation>::owned_response(response)
                    .map(|output| (response.status().as_u16(), output))
            });
            match waiting.after(input, result) {
                wait::Next::Done(done) => return done,
                wait::Next::Sleep(delay) => std::thread::sleep(delay),
            }
        }
    }

    /// The request of `input` for the operation `O` as a presigned URL, which whoever holds
    /// it can send without credentials until `expires_in` has passed (at most seven days, and
    /// no longer than the credentials last): an S3 `GetObject` link for a browser, a
    /// `PutObject` URL for an upload. Nothing is sent.
    ///
    /// ```no_run
    /// # fn f<O: shapegen_runtime::Operation>(client: &shapegen_client::Client, input: &O::Input<'_>) -> Result<(), Box<dyn std::error::Error>> {
    /// let url = client.presign::<O>(input, std::time::Duration::from_secs(3600))?;
    /// println!("{} {}", url.method(), url.uri());
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// No credentials, no endpoint, an operation sent unsigned, an expiry SigV4 does not allow,
    /// or an input that cannot become a request.
    pub fn presign<O: Operation>(
        &self,
        input: &O::Input<'_>,
        expires_in: Duration,
    ) -> Result<Presigned, Error<std::convert::Infallible>> {
        let inner = &*self.inner;
        Inner::presignable::<O>()?;
        let identity = inner.credentials.get(SystemTime::now());
        let identity = identity.map(call::Identity::Credentials).map_err(call::NoIdentity::Credentials);
        let mut prepared = inner.prepare::<O, _>(input, &inner.schemes::<O>(), identity, false, None)?;
        if let Some(needed) = prepared.session_needed() {
            prepared.use_session(self.express_session(needed).map_err(Error::Credentials)?);
        }
        inner.presign(prepared, expires_in)
    }

    /// The credentials of the S3 Express session a request needs: held, or created with
    /// `CreateSession` at the endpoint the request's rules give it.
    fn express_session(
        &self,
        needed: &express::Needed,
    ) -> Result<Arc<credentials::Credentials>, credentials::CredentialsError> {
        use services::s3::operations::CreateSession;
        let key = &needed.key;
        if let Some(session) = self.inner.express.get(key, SystemTime::now()) {
            return Ok(session);
        }
        let output = self
            .run::<CreateSession, _, _>(&key.input()?, Some(&needed.endpoint), |response| {
                CreateSession::owned_response(response)
            })
            .map_err(|error| key.error(format_args!("CreateSession: {error}")))?;
        Ok(self.inner.express.insert(key.clone(), key.credentials(output)?, SystemTime::now()))
    }

    /// The endpoint of `input` for the operation `O`: the service's rules, with the
    /// configuration's built-ins and what the operation gives.
    ///
    /// # Errors
    ///
    /// The rules' error.
    pub fn endpoint<O: Operation>(
        &self,
        input: &O::Input<'_>,
    ) -> Result<Endpoint, shapegen_runtime::endpoint::ResolveError> {
        self.inner.endpoint::<O>(input, None)
    }

    /// The attempts of one call, each sent with the client's transport; between them, the
    /// thread sleeps as the retry rules say.
    fn run<O: Operation, T, E: ServiceError>(
        &self,
        input: &O::Input<'_>,
        endpoint: Option<&Endpoint>,
        read: impl FnMut(&http::Response<Vec<u8>>) -> Result<T, E>,
    ) -> Result<T, Error<E>> {
        let inner = &*self.inner;
        let schemes = inner.schemes::<O>();
        let identity = inner.identity(&schemes, <O::Service as Service>::SIGNING_NAME, SystemTime::now());
        let mut prepared = inner.prepare::<O, E>(input, &schemes, identity, true, endpoint)?;
        if let Some(needed) = prepared.session_needed() {
            prepared.use_session(self.express_session(needed).map_err(Error::Credentials)?);
        }
        let mut call = call::Call::<O, T, E, _>::new(inner, prepared, read);
        if call.sends_events() {
            return Err(call.events_refused());
        }
        loop {
            let request = call.attempt()?;
            let exchange = match self.transport.send(request) {
                Ok(response) => {
                    let (parts, body) = response.into_parts();
                    if call::streams::<O>(parts.status) {
                        call::Exchange::stream(parts, body)
                    } else {
                        call::Exchange::read(parts, body::read_to_vec(body, inner.body_limit))
                    }
                }
                Err(error) => call::Exchange::Failed(error),
            };
            match call.after(exchange) {
                call::Next::Done(result) => return result,
                call::Next::Retry(wait) => std::thread::sleep(wait),
            }
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        f.debug_struct("Client")
            .field("region", &inner.region)
            .field("built_ins", &inner.built_ins)
            .field("credentials", &inner.credentials)
            .field("retry", &inner.retry)
            .field("transport", &self.transport)
            .field("body_limit", &inner.body_limit)
            .finish_non_exhaustive()
    }
}

/// The pages of a paginated operation ([`Client::pages`]).
pub struct Pages<'c, O: OwnedOperation + Paginated> {
    client: &'c Client,
    cursor: paging::Cursor<O>,
}

impl<O: OwnedOperation + Paginated> Iterator for Pages<'_, O> {
    type Item = paging::Page<O>;

    fn next(&mut self) -> Option<Self::Item> {
        let input = self.cursor.take()?;
        let page = self.client.send::<O>(&input);
        Some(self.cursor.after(&input, page))
    }
}

/// The items of every page of a paginated operation ([`Client::items`]).
pub struct Items<'c, O: OwnedOperation + Paginated + PagedItems> {
    pages: Pages<'c, O>,
    items: paging::ItemCursor<O>,
}

impl<O> Iterator for Items<'_, O>
where
    O: OwnedOperation + Paginated + PagedItems,
    O::Item<'static>: Clone,
{
    type Item = Result<O::Item<'static>, Error<O::Error<'static>>>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.items.next_item() {
                return Some(Ok(item));
            }
            match self.pages.next()? {
                Ok(page) => self.items.start(page),
                Err(error) => return Some(Err(error)),
            }
        }
    }
}

/// A client's configuration, from the environment ([`Builder::from_env`]) or by hand, each
/// setting overridable. A clone shares the credentials' source and the transport.
#[derive(Clone)]
pub struct Builder {
    region: Option<String>,
    built_ins: BuiltIns,
    service_urls: Option<ServiceUrls>,
    credentials: Option<Arc<dyn ProvideCredentials>>,
    tokens: credentials::token::Tokens,
    auth_preference: Vec<String>,
    region_set: Vec<String>,
    retry: RetryConfig,
    quota: u32,
    timeout: Duration,
    use_proxy: bool,
    body_limit: u64,
    transport: Option<Arc<dyn Transport>>,
    min_compression_size: Option<usize>,
    checksums: (ChecksumWhen, ChecksumWhen),
}

impl Default for Builder {
    fn default() -> Builder {
        Builder::new()
    }
}

impl Builder {
    /// Nothing configured: no region, no credentials, the defaults for the rest.
    pub fn new() -> Builder {
        Builder {
            region: None,
            built_ins: BuiltIns::new(),
            service_urls: None,
            credentials: None,
            tokens: credentials::token::Tokens::default(),
            auth_preference: Vec::new(),
            region_set: Vec::new(),
            retry: RetryConfig::default(),
            quota: retry::QUOTA_CAPACITY,
            timeout: DEFAULT_TIMEOUT,
            use_proxy: true,
            body_limit: MAX_RESPONSE_BODY,
            transport: None,
            min_compression_size: Some(shapegen_runtime::request::DEFAULT_MIN_COMPRESSION_SIZE),
            checksums: (ChecksumWhen::WhenSupported, ChecksumWhen::WhenSupported),
        }
    }

    /// The configuration the AWS CLI would use: the environment first, then the profile
    /// (`AWS_PROFILE`, else `default`) of AWS's shared `config` and `credentials` files
    /// (`AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`). Every setting of
    /// [`config::settings`]: the region (else, on EC2, the instance's); the endpoint URL for
    /// every service and each service's own (`AWS_ENDPOINT_URL_<SERVICE>`); FIPS and
    /// dual-stack endpoints; the account id and its endpoint mode; S3's ARN region and
    /// multi-region access points; STS's regional endpoints; the maximum attempts and retry
    /// mode; compression; the auth scheme preference and SigV4a's region set; the chain of
    /// credential sources the AWS CLI looks in ([`credentials::chain`](crate::credentials))
    /// and the bearer tokens ([`credentials::token`]).
    ///
    /// # Errors
    ///
    /// A shared file that cannot be read or parsed, or a setting with an invalid value,
    /// naming where it was set.
    pub fn from_env() -> Result<Builder, ConfigError> {
        let env = ProcessEnv;
        let files = ProfileFiles::load(&env).map_err(ConfigError::Files)?;
        Builder::from_config(&env, files)
    }

    /// [`Builder::from_env`] with the environment `env` and the files `files`.
    pub fn from_config(env: &dyn Env, files: ProfileFiles) -> Result<Builder, ConfigError> {
        let settings = Settings::resolve(env, &files, None).map_err(ConfigError::Setting)?;
        let mut builder = Builder::new();
        // Nothing configures a region: the instance's, on EC2 (a second at most elsewhere).
        builder.region =
            settings.region().map(str::to_owned).or_else(|| {
                match credentials::ImdsProvider::from_config(env, settings.profile()) {
                    Some(Ok(imds)) => imds.region().ok(),
                    _ => None,
                }
            });
        let built_ins = &mut builder.built_ins;
        let mut set = |name: &str, value: Option<bool>| {
            if let Some(value) = value {
                built_ins.set(name, value);
            }
        };
        set(BuiltIns::USE_FIPS, settings.use_fips_endpoint());
        set(BuiltIns::USE_DUAL_STACK, settings.use_dualstack_endpoint());
        set(BuiltIns::S3_USE_ARN_REGION, settings.s3_use_arn_region());
        set(BuiltIns::S3_DISABLE_MULTI_REGION_ACCESS_POINTS, settings.s3_disable_multiregion_access_points());
        set(
            BuiltIns::STS_USE_GLOBAL_ENDPOINT,
            settings.sts_regional_endpoints().map(|mode| mode == StsRegionalEndpoints::Legacy),
        );
        if let Some(url) = settings.endpoint_url() {
            built_ins.set(BuiltIns::ENDPOINT, url.to_owned());
        }
        if let Some(account_id) = settings.account_id() {
            built_ins.set(BuiltIns::ACCOUNT_ID, account_id.to_owned());
        }
        if let Some(mode) = settings.account_id_endpoint_mode() {
            built_ins.set(BuiltIns::ACCOUNT_ID_ENDPOINT_MODE, mode.as_str().to_owned());
        }
        let default_attempts = match settings.retry_mode() {
            Some(RetryMode::Legacy) => LEGACY_MAX_ATTEMPTS,
            _ => retry::DEFAULT_MAX_ATTEMPTS,
        };
        builder.retry.max_attempts = settings.max_attempts().unwrap_or(default_attempts);
        if settings.disable_request_compression() == Some(true) {
            builder.min_compression_size = None;
        } else if let Some(size) = settings.request_min_compression_size_bytes() {
            builder.min_compression_size = usize::try_from(size).ok();
        }
        builder.checksums = (
            settings.request_checksum_calculation().unwrap_or(builder.checksums.0),
            settings.response_checksum_validation().unwrap_or(builder.checksums.1),
        );
        if !settings.ignore_configured_endpoint_urls() {
            let env = env_snapshot(env);
            builder.service_urls = Some(ServiceUrls { env, files: files.clone() });
        }
        // The sources that call AWS (STS, IAM Identity Center) configure their clients as this
        // one is, without credentials.
        let client = builder.clone();
        let cx = credentials::chain::Context { env, files: &files, client: &client };
        builder.credentials = Some(Arc::new(credentials::chain::default_chain(&cx, &settings)));
        builder.tokens =
            credentials::token::Tokens::from_config(env, credentials::chain::session_token(&cx, &settings));
        builder.auth_preference = settings.auth_scheme_preference().to_vec();
        builder.region_set = settings.sigv4a_signing_region_set().to_vec();
        Ok(builder)
    }

    /// The region configured, if any.
    pub(crate) fn configured_region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The region calls are made in.
    pub fn region(mut self, region: impl Into<String>) -> Builder {
        self.region = Some(region.into());
        self
    }

    /// The endpoint URL of every service, instead of the rules' choice (`AWS_ENDPOINT_URL`);
    /// it replaces any service's own.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Builder {
        self.built_ins.set(BuiltIns::ENDPOINT, url.into());
        self.service_urls = None;
        self
    }

    /// FIPS endpoints (`AWS_USE_FIPS_ENDPOINT`).
    pub fn use_fips(mut self, fips: bool) -> Builder {
        self.built_ins.set(BuiltIns::USE_FIPS, fips);
        self
    }

    /// Dual-stack endpoints (`AWS_USE_DUALSTACK_ENDPOINT`).
    pub fn use_dual_stack(mut self, dual_stack: bool) -> Builder {
        self.built_ins.set(BuiltIns::USE_DUAL_STACK, dual_stack);
        self
    }

    /// The endpoint built-in `name` (such as [`BuiltIns::S3_FORCE_PATH_STYLE`]).
    pub fn built_in(mut self, name: &str, value: impl Into<shapegen_runtime::endpoint::Value>) -> Builder {
        self.built_ins.set(name, value);
        self
    }

    /// The credentials, or their source, instead of the configuration's.
    pub fn credentials(mut self, credentials: impl ProvideCredentials + 'static) -> Builder {
        self.credentials = Some(Arc::new(credentials));
        self
    }

    /// The bearer token, or its source, for every service whose operations take one
    /// (`smithy.api#httpBearerAuth`), preferred over their other schemes (see
    /// [`credentials::token`]).
    pub fn bearer_token(mut self, token: impl credentials::ProvideToken + 'static) -> Builder {
        self.tokens.set_fixed(Arc::new(token));
        self
    }

    /// The auth schemes preferred, most preferred first, by name: `sigv4a`, `sigv4`,
    /// `httpBearerAuth`, `noAuth` (`AWS_AUTH_SCHEME_PREFERENCE`; see
    /// [`sign::order`]).
    pub fn auth_scheme_preference<S: Into<String>>(mut self, schemes: impl IntoIterator<Item = S>) -> Builder {
        self.auth_preference = schemes.into_iter().map(Into::into).collect();
        self
    }

    /// The regions SigV4a signs for where the endpoint names none, `*` for all
    /// (`AWS_SIGV4A_SIGNING_REGION_SET`); the client's region unless set.
    pub fn sigv4a_signing_region_set<S: Into<String>>(mut self, regions: impl IntoIterator<Item = S>) -> Builder {
        self.region_set = regions.into_iter().map(Into::into).collect();
        self
    }

    /// How many attempts a call makes at most, the first included (`AWS_MAX_ATTEMPTS`); at
    /// least 1.
    pub fn max_attempts(mut self, attempts: u32) -> Builder {
        self.retry.max_attempts = attempts.max(1);
        self
    }

    /// The retry configuration: attempts and backoff.
    pub fn retry_config(mut self, retry: RetryConfig) -> Builder {
        self.retry = retry;
        self
    }

    /// The capacity of the retry quota the client's calls share ([`retry::QUOTA_CAPACITY`]
    /// unless set): what retries cost is taken from it, and a call that finds it spent is not
    /// retried.
    pub fn retry_quota(mut self, capacity: u32) -> Builder {
        self.quota = capacity;
        self
    }

    /// How long each phase of an attempt may take ([`DEFAULT_TIMEOUT`] unless set): for the
    /// blocking client's own transport, sending the request, waiting for the response and
    /// reading its body each (see [`transport::Ureq::new`]); for the async client, the whole
    /// attempt.
    pub fn timeout(mut self, timeout: Duration) -> Builder {
        self.timeout = timeout;
        self
    }

    /// Connect directly, whatever proxies the environment sets: for an endpoint that must be
    /// reached as it is, such as a server on loopback. For the client's own transport.
    pub fn without_proxy(mut self) -> Builder {
        self.use_proxy = false;
        self
    }

    /// The largest response body read, in bytes ([`MAX_RESPONSE_BODY`] unless set).
    pub fn body_limit(mut self, limit: u64) -> Builder {
        self.body_limit = limit;
        self
    }

    /// Compresses request bodies of at least `min_size` bytes where the operation's model
    /// allows it (`request_min_compression_size_bytes`; 10240 unless set), or never, with
    /// `None` (`disable_request_compression`).
    pub fn request_compression(mut self, min_size: Option<usize>) -> Builder {
        self.min_compression_size = min_size;
        self
    }

    /// When the client computes request checksums (`request_checksum_calculation`) and
    /// validates response checksums (`response_checksum_validation`): for every operation
    /// whose model has them (`WhenSupported`, the default of each), or only where the model
    /// requires them or the caller asks ([`checksums`]).
    pub fn checksums(mut self, requests: ChecksumWhen, responses: ChecksumWhen) -> Builder {
        self.checksums = (requests, responses);
        self
    }

    /// Sends with `transport` instead of the client's own.
    pub fn transport(mut self, transport: impl Transport + 'static) -> Builder {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// The async client, sending with hyper ([`asynchronous::Hyper`]). Calls must run inside
    /// a tokio runtime with its timer.
    #[cfg(feature = "async")]
    pub fn build_async(self) -> asynchronous::AsyncClient {
        let transport = Arc::new(asynchronous::Hyper::new(CONNECT_TIMEOUT.min(self.timeout)));
        self.build_async_with(transport)
    }

    /// The async client, sending with `transport`.
    #[cfg(feature = "async")]
    pub fn build_async_with(self, transport: Arc<dyn asynchronous::AsyncTransport>) -> asynchronous::AsyncClient {
        let timeout = self.timeout;
        asynchronous::AsyncClient::new(self.inner(), transport, timeout)
    }

    /// The client.
    pub fn build(self) -> Client {
        let transport = match &self.transport {
            Some(transport) => Arc::clone(transport),
            None => Arc::new(Ureq::new(self.timeout, self.use_proxy)),
        };
        Client { inner: Arc::new(self.inner()), transport }
    }

    /// What every client of this configuration shares.
    fn inner(self) -> Inner {
        let mut built_ins = self.built_ins;
        if let Some(region) = &self.region {
            built_ins.region(region.as_str());
        }
        let credentials = self.credentials.unwrap_or_else(|| Arc::new(Chain::new(Vec::new())));
        Inner {
            region: self.region,
            built_ins,
            service_urls: self.service_urls,
            service_built_ins: Mutex::new(HashMap::new()),
            credentials: CredentialsCache::new(Box::new(credentials)),
            express: express::Sessions::default(),
            tokens: self.tokens,
            auth_preference: self.auth_preference,
            region_set: self.region_set,
            retry: self.retry,
            quota: RetryQuota::with_capacity(self.quota),
            jitter: Mutex::new(DefaultJitter::new()),
            clock_offset_millis: AtomicI64::new(0),
            body_limit: self.body_limit,
            min_compression_size: self.min_compression_size,
            checksums: self.checksums,
        }
    }
}

impl fmt::Debug for Builder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Builder")
            .field("region", &self.region)
            .field("built_ins", &self.built_ins)
            .field("credentials", &self.credentials)
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

/// The variables a service's endpoint URL is read from, as they are now.
fn env_snapshot(env: &dyn Env) -> HashMap<String, String> {
    let mut snapshot = HashMap::new();
    for name in ["AWS_PROFILE", "AWS_ENDPOINT_URL"] {
        if let Some(value) = env.value(name) {
            snapshot.insert(name.to_owned(), value);
        }
    }
    for name in env.names().into_iter().filter(|name| name.starts_with("AWS_ENDPOINT_URL_")) {
        if let Some(value) = env.value(&name) {
            snapshot.insert(name, value);
        }
    }
    snapshot
}

/// A client that could not be configured from the environment.
#[derive(Debug)]
#[non_exhaustive]
pub enum ConfigError {
    /// AWS's shared `config` or `credentials` file could not be read or parsed.
    Files(config::files::FileError),
    /// A setting has an invalid value, or the profile named does not exist.
    Setting(config::settings::SettingError),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Files(error) => error.fmt(f),
            ConfigError::Setting(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ConfigError::Files(error) => Some(error),
            ConfigError::Setting(error) => Some(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use guardduty_types::ListFindingsRequest;
    use guardduty_types::operations::ListFindings;

    /// A client of the environment `vars` and the files; the instance metadata service is
    /// off (a test must not reach one, here or on an EC2 machine).
    fn from_files(vars: &[(&str, &str)], config: &str, credentials: &str) -> Result<Client, ConfigError> {
        let mut env: HashMap<String, String> = vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        env.insert("AWS_EC2_METADATA_DISABLED".to_owned(), "true".to_owned());
        let files = ProfileFiles::parse(config, credentials).unwrap();
        Builder::from_config(&env, files).map(Builder::build)
    }

    fn from(vars: &[(&str, &str)]) -> Result<Client, ConfigError> {
        from_files(vars, "", "")
    }

    /// Where `ListFindings` goes for the client.
    fn endpoint(client: &Client) -> Result<String, String> {
        let input = ListFindingsRequest::builder().detector_id("d").build().unwrap();
        client.endpoint::<ListFindings>(&input).map(|endpoint| endpoint.url).map_err(|error| error.to_string())
    }

    /// The credentials the client signs with.
    fn credentials(client: &Client) -> Result<Arc<credentials::Credentials>, String> {
        client.inner.credentials.get(SystemTime::now()).map_err(|error| error.to_string())
    }

    const KEYS: [(&str, &str); 2] = [("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"), ("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI")];

    #[test]
    fn configuration_from_the_environment() {
        let client = from(&[KEYS[0], KEYS[1], ("AWS_DEFAULT_REGION", "eu-west-1")]).unwrap();
        assert_eq!(client.region(), Some("eu-west-1"));
        assert_eq!(endpoint(&client).unwrap(), "https://guardduty.eu-west-1.amazonaws.com");
        assert_eq!(credentials(&client).unwrap().session_token(), None);

        let client = from(&[
            KEYS[0],
            KEYS[1],
            ("AWS_SESSION_TOKEN", "IQoJb3JpZ2luX2Vj"),
            ("AWS_REGION", "us-east-2"),
            ("AWS_DEFAULT_REGION", "eu-west-1"),
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:1/"),
            ("AWS_ENDPOINT_URL_GUARDDUTY", "http://127.0.0.1:8080/"),
        ])
        .unwrap();
        // The service's own URL wins over the one for every service.
        assert_eq!(
            (endpoint(&client).unwrap().as_str(), client.region()),
            ("http://127.0.0.1:8080/", Some("us-east-2"))
        );
        assert_eq!(credentials(&client).unwrap().session_token(), Some("IQoJb3JpZ2luX2Vj"));
        let debug = format!("{client:?}");
        assert!(debug.contains("us-east-2"), "{debug}");
        assert!(!debug.contains("wJalrXUtnFEMI") && !debug.contains("IQoJb3JpZ2luX2Vj"), "{debug}");
        // Ignored when told to.
        let client = from(&[
            ("AWS_REGION", "us-east-2"),
            ("AWS_ENDPOINT_URL_GUARDDUTY", "http://127.0.0.1:8080/"),
            ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"),
        ])
        .unwrap();
        assert_eq!(endpoint(&client).unwrap(), "https://guardduty.us-east-2.amazonaws.com");
    }

    #[test]
    fn endpoints_follow_the_rules_for_the_region_and_settings() {
        let client = from(&[("AWS_REGION", "cn-north-1")]).unwrap();
        assert_eq!(endpoint(&client).unwrap(), "https://guardduty.cn-north-1.amazonaws.com.cn");
        let client = from(&[("AWS_REGION", "us-east-1"), ("AWS_USE_FIPS_ENDPOINT", "true")]).unwrap();
        assert_eq!(endpoint(&client).unwrap(), "https://guardduty-fips.us-east-1.amazonaws.com");
        let client = from(&[("AWS_REGION", "us-east-1"), ("AWS_USE_DUALSTACK_ENDPOINT", "true")]).unwrap();
        assert_eq!(endpoint(&client).unwrap(), "https://guardduty.us-east-1.api.aws");
        // The rules refuse FIPS with a custom endpoint, and say so.
        let client = from(&[
            ("AWS_REGION", "us-east-1"),
            ("AWS_USE_FIPS_ENDPOINT", "true"),
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:8080"),
        ])
        .unwrap();
        assert_eq!(endpoint(&client).unwrap_err(), "Invalid Configuration: FIPS and custom endpoint are not supported");
        // A builder's setting wins over the environment's.
        let client = Builder::from_config(
            &HashMap::from([("AWS_REGION".to_owned(), "us-east-1".to_owned())]),
            ProfileFiles::default(),
        )
        .unwrap()
        .region("eu-central-1")
        .build();
        assert_eq!(endpoint(&client).unwrap(), "https://guardduty.eu-central-1.amazonaws.com");
        let client = Client::builder().build();
        assert_eq!(endpoint(&client).unwrap_err(), "Invalid Configuration: Missing Region");
    }

    #[test]
    fn configuration_from_a_profile() {
        let config = "[default]\nregion = eu-west-1\n\n[profile dev]\nregion = ap-south-1\nuse_fips_endpoint = true\n";
        let credentials_file = "[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = devsecret\n";
        let client = from_files(&[("AWS_PROFILE", "dev")], config, credentials_file).unwrap();
        assert_eq!(client.region(), Some("ap-south-1"));
        assert_eq!(endpoint(&client).unwrap(), "https://guardduty-fips.ap-south-1.amazonaws.com");
        assert_eq!(credentials(&client).unwrap().access_key_id(), "AKIDDEV");
        // The environment wins over the profile.
        let client =
            from_files(&[("AWS_PROFILE", "dev"), ("AWS_REGION", "us-west-2")], config, credentials_file).unwrap();
        assert_eq!(client.region(), Some("us-west-2"));
        // A profile named but absent is an error that names it.
        let error = from_files(&[("AWS_PROFILE", "prod")], config, credentials_file).unwrap_err();
        assert!(error.to_string().contains("prod"), "{error}");
        // A service's section of the profile.
        let config = "[default]\nregion = eu-west-1\nservices = local\n\n[services local]\nguardduty =\n  endpoint_url = http://localhost:4566\n";
        let client = from_files(&[], config, "").unwrap();
        assert_eq!(endpoint(&client).unwrap(), "http://localhost:4566");
    }

    #[test]
    fn a_profile_may_name_a_process_for_its_credentials() {
        let config = "[profile vault]\nregion = eu-west-1\ncredential_process = printf '{\"Version\": 1, \"AccessKeyId\": \"AKIDPROC\", \"SecretAccessKey\": \"s\"}'\n";
        let client = from_files(&[("AWS_PROFILE", "vault")], config, "").unwrap();
        assert_eq!(credentials(&client).unwrap().access_key_id(), "AKIDPROC");
        // Keys in the environment come first.
        let client = from_files(&[("AWS_PROFILE", "vault"), KEYS[0], KEYS[1]], config, "").unwrap();
        assert_eq!(credentials(&client).unwrap().access_key_id(), "AKIDEXAMPLE");
        // A process that fails is an error that says so, not "no credentials".
        let config = "[profile vault]\ncredential_process = false\n";
        let client = from_files(&[("AWS_PROFILE", "vault")], config, "").unwrap();
        let error = credentials(&client).unwrap_err();
        assert_eq!(error, "credential_process: profile `vault`: `false` failed (exit status: 1)");
    }

    #[test]
    fn missing_or_broken_keys_are_named_when_a_call_needs_them() {
        let client = from(&[("AWS_SECRET_ACCESS_KEY", "secret"), ("AWS_REGION", "us-east-1")]).unwrap();
        let error = credentials(&client).unwrap_err();
        assert!(error.contains("AWS_ACCESS_KEY_ID"), "{error}");
        assert!(!error.contains("secret"), "{error}");
        let error = credentials(&from(&[("AWS_REGION", "us-east-1")]).unwrap()).unwrap_err();
        assert!(error.starts_with("no credentials in the credentials chain (environment: "), "{error}");
        // An invalid setting fails the configuration, naming it.
        let error = from(&[("AWS_MAX_ATTEMPTS", "0")]).unwrap_err();
        assert!(error.to_string().contains("AWS_MAX_ATTEMPTS"), "{error}");
    }

    #[test]
    fn compression_settings() {
        let client = from(&[]).unwrap();
        assert_eq!(client.inner.min_compression_size, Some(10_240));
        let client = from(&[("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", "0")]).unwrap();
        assert_eq!(client.inner.min_compression_size, Some(0));
        let client =
            from(&[("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", "0"), ("AWS_DISABLE_REQUEST_COMPRESSION", "true")])
                .unwrap();
        assert_eq!(client.inner.min_compression_size, None);
    }

    #[test]
    fn retry_settings() {
        let client = from(&[("AWS_MAX_ATTEMPTS", "7")]).unwrap();
        assert_eq!(client.inner.retry.max_attempts, 7);
        let client = from(&[("AWS_RETRY_MODE", "legacy")]).unwrap();
        assert_eq!(client.inner.retry.max_attempts, LEGACY_MAX_ATTEMPTS);
        let client = from(&[]).unwrap();
        assert_eq!(client.inner.retry.max_attempts, retry::DEFAULT_MAX_ATTEMPTS);
    }

    /// What a loopback server saw of one `GetAsyncInvoke` sent by a client of `vars`: its
    /// `Authorization`, or the client's error.
    fn bedrock_authorization(vars: &[(&str, &str)]) -> Result<String, String> {
        use shapegen_scenarios::bedrock_runtime::GetAsyncInvokeRequest;
        use shapegen_scenarios::bedrock_runtime::operations::GetAsyncInvoke;
        let (url, server) = credentials::testing::serve(vec![("GET /async-invoke/", 200, "{}")]);
        let mut vars = vars.to_vec();
        vars.extend([("AWS_ENDPOINT_URL", url.as_str()), ("AWS_REGION", "us-east-1")]);
        let client = from_files(&vars, "", "").unwrap();
        let input =
            GetAsyncInvokeRequest::builder().invocation_arn("arn:aws:bedrock:us-east-1:1:async-invoke/x").build();
        match client.send::<GetAsyncInvoke>(&input.unwrap()) {
            Ok(_) => {
                let request = server.join().unwrap().remove(0);
                let authorization = request.iter().find_map(|line| line.strip_prefix("authorization: "));
                Ok(authorization.unwrap_or("none").to_owned())
            }
            Err(error) => Err(error.to_string()),
        }
    }

    #[test]
    fn a_bearer_token_where_the_model_takes_one() {
        const TOKEN: (&str, &str) = ("AWS_BEARER_TOKEN_BEDROCK", "ABSKQmVkcm9ja0FQSUtleS1leGFtcGxl");
        // Bedrock's model lists sigv4 first; its token, when configured, is preferred.
        assert_eq!(bedrock_authorization(&[KEYS[0], KEYS[1], TOKEN]).unwrap(), format!("Bearer {}", TOKEN.1));
        assert_eq!(bedrock_authorization(&[TOKEN]).unwrap(), format!("Bearer {}", TOKEN.1));
        // Without one, SigV4, whatever the preference says.
        let preference = ("AWS_AUTH_SCHEME_PREFERENCE", "httpBearerAuth, sigv4");
        let signed = bedrock_authorization(&[KEYS[0], KEYS[1], preference]).unwrap();
        assert!(signed.starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"), "{signed}");
        assert!(signed.contains("/us-east-1/bedrock/aws4_request"), "{signed}");
        // Another service's token is not this one's.
        let other = ("AWS_BEARER_TOKEN_LAMBDA", "ABSKother");
        assert!(bedrock_authorization(&[KEYS[0], KEYS[1], other]).unwrap().starts_with("AWS4-HMAC-SHA256 "));
        // Neither: the credentials' error says where they were looked for.
        let error = bedrock_authorization(&[]).unwrap_err();
        assert!(error.contains("no credentials in the credentials chain (environment: "), "{error}");
        // A token for an operation that takes none is not used.
        let client = from(&[TOKEN, ("AWS_REGION", "us-east-1")]).unwrap();
        let input = ListFindingsRequest::builder().detector_id("d").build().unwrap();
        let error = client.send::<ListFindings>(&input).unwrap_err().to_string();
        assert!(error.contains("no credentials in the credentials chain"), "{error}");
        let client = Builder::new().bearer_token(credentials::Token::new("ABSKsecret")).build();
        assert!(!format!("{client:?}").contains("ABSKsecret"));
    }

    #[test]
    fn the_profiles_sso_session_token_where_bearer_is_preferred() {
        use shapegen_scenarios::bedrock_runtime::GetAsyncInvokeRequest;
        use shapegen_scenarios::bedrock_runtime::operations::GetAsyncInvoke;
        let home = std::env::temp_dir().join(format!("shapegen-bearer-sso-{}", std::process::id()));
        let cache = home.join(".aws/sso/cache");
        std::fs::create_dir_all(&cache).unwrap();
        let expires = jiff::Timestamp::now().checked_add(jiff::SignedDuration::from_secs(3600)).unwrap();
        let key = credentials::TokenKey::Session("work".into());
        let token = serde_json::json!({"accessToken": "SSOACCESSTOKEN", "expiresAt": expires.to_string()});
        std::fs::write(cache.join(key.cache_file_name()), token.to_string()).unwrap();
        let config = "[default]\nsso_session = work\n[sso-session work]\nsso_region = us-east-1\n\
                      sso_start_url = https://x.awsapps.com/start\n";
        let (url, server) = credentials::testing::serve(vec![("GET /async-invoke/", 200, "{}")]);
        let vars = [
            ("HOME", home.to_str().unwrap()),
            ("AWS_ENDPOINT_URL", url.as_str()),
            ("AWS_REGION", "us-east-1"),
            ("AWS_AUTH_SCHEME_PREFERENCE", "httpBearerAuth"),
        ];
        let client = from_files(&vars, config, "").unwrap();
        let input = GetAsyncInvokeRequest::builder().invocation_arn("arn").build().unwrap();
        client.send::<GetAsyncInvoke>(&input).unwrap();
        let request = server.join().unwrap().remove(0);
        assert!(request.iter().any(|line| line == "authorization: Bearer SSOACCESSTOKEN"), "{request:?}");
        std::fs::remove_dir_all(home).unwrap();
    }

    /// A loopback server's answer to `CreateSession`: a session that lasts five minutes.
    fn create_session_answer() -> &'static str {
        let expiration = jiff::Timestamp::now().checked_add(jiff::SignedDuration::from_secs(300)).unwrap();
        let xml = format!(
            "<CreateSessionResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Credentials>\
             <SessionToken>EXPRESSTOKEN</SessionToken><SecretAccessKey>EXPRESSSECRET</SecretAccessKey>\
             <AccessKeyId>ASIAEXPRESS</AccessKeyId><Expiration>{expiration}</Expiration></Credentials>\
             </CreateSessionResult>"
        );
        Box::leak(xml.into_boxed_str())
    }

    #[test]
    fn s3_express_requests_are_signed_with_the_buckets_session() {
        use shapegen_scenarios::s3::GetObjectRequest;
        use shapegen_scenarios::s3::operations::GetObject;
        let (url, server) = credentials::testing::serve(vec![
            ("GET /", 200, create_session_answer()),
            ("GET /", 200, "first"),
            ("GET /", 200, "second"),
        ]);
        let client = from(&[KEYS[0], KEYS[1], ("AWS_REGION", "us-west-2"), ("AWS_ENDPOINT_URL", &url)]).unwrap();
        let input = GetObjectRequest::builder().bucket("reports--usw2-az1--x-s3").key("q3.csv").build().unwrap();
        let first = client.send::<GetObject>(&input).unwrap();
        assert_eq!(body::read_to_vec(first.body, 100).unwrap(), b"first");
        // The second call takes the session the first made.
        assert_eq!(body::read_to_vec(client.send::<GetObject>(&input).unwrap().body, 100).unwrap(), b"second");
        let requests = server.join().unwrap();
        let has = |request: &[String], text: &str| request.iter().any(|line| line.contains(text));
        // CreateSession, signed with the client's keys for `s3express`.
        assert!(requests[0][0].starts_with("GET /reports--usw2-az1--x-s3?session "), "{:?}", requests[0]);
        assert!(has(&requests[0], "Credential=AKIDEXAMPLE/") && has(&requests[0], "/us-west-2/s3express/aws4_request"));
        // The object, twice, with the session's credentials and its token in its own header.
        for request in &requests[1..] {
            assert!(request[0].starts_with("GET /reports--usw2-az1--x-s3/q3.csv "), "{request:?}");
            assert!(has(request, "Credential=ASIAEXPRESS/") && has(request, "x-amz-s3session-token: EXPRESSTOKEN"));
            assert!(has(
                request,
                // GetObject asks for the object's checksum, as the AWS SDKs do.
                "SignedHeaders=amz-sdk-request;host;x-amz-checksum-mode;x-amz-content-sha256;x-amz-date;x-amz-s3session-token,"
            ));
            assert!(!has(request, "x-amz-security-token"), "{request:?}");
        }
        // A presigned URL of a directory bucket's object is the session's too.
        let presigned = client.presign::<GetObject>(&input, Duration::from_secs(60)).unwrap();
        let query = presigned.uri().query().unwrap();
        assert!(
            query.contains("X-Amz-Credential=ASIAEXPRESS%2F") && query.contains("x-amz-s3session-token=EXPRESSTOKEN"),
            "{query}"
        );
    }
}
