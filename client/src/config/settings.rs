//! A client's settings, each taken from its environment variable first and from the active
//! profile of the shared files after.
//!
//! The names, values and order are those of the AWS SDKs and Tools reference guide's settings
//! reference, as the AWS SDKs and the AWS CLI read them. Each setting lists its environment
//! variables and then, after the semicolon, its profile keys:
//!
//! - [Region](Settings::region): `AWS_REGION`, then `AWS_DEFAULT_REGION`; `region`.
//! - [Endpoint URL](Settings::endpoint_url): `AWS_ENDPOINT_URL_<SERVICE>`, then
//!   `AWS_ENDPOINT_URL`; the service's `endpoint_url` in the `[services NAME]` section that the
//!   profile's `services` names, then `endpoint_url`.
//! - [Ignoring configured endpoint URLs](Settings::ignore_configured_endpoint_urls):
//!   `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`; `ignore_configured_endpoint_urls`.
//! - [FIPS endpoints](Settings::use_fips_endpoint): `AWS_USE_FIPS_ENDPOINT`;
//!   `use_fips_endpoint`.
//! - [Dual-stack endpoints](Settings::use_dualstack_endpoint): `AWS_USE_DUALSTACK_ENDPOINT`;
//!   `use_dualstack_endpoint`.
//! - [Maximum attempts](Settings::max_attempts): `AWS_MAX_ATTEMPTS`; `max_attempts`.
//! - [Retry mode](Settings::retry_mode): `AWS_RETRY_MODE`; `retry_mode`.
//! - [Account ID](Settings::account_id): `AWS_ACCOUNT_ID`; `aws_account_id`.
//! - [Account ID endpoint mode](Settings::account_id_endpoint_mode):
//!   `AWS_ACCOUNT_ID_ENDPOINT_MODE`; `account_id_endpoint_mode`.
//! - [S3: using an access point ARN's region](Settings::s3_use_arn_region):
//!   `AWS_S3_USE_ARN_REGION`; `s3_use_arn_region`, then `use_arn_region` under `s3`.
//! - [S3: turning off Multi-Region Access Points](Settings::s3_disable_multiregion_access_points):
//!   `AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS`; `s3_disable_multiregion_access_points`, then
//!   the same key under `s3`.
//! - [STS regional endpoints](Settings::sts_regional_endpoints): `AWS_STS_REGIONAL_ENDPOINTS`;
//!   `sts_regional_endpoints`.
//! - [Turning off request compression](Settings::disable_request_compression):
//!   `AWS_DISABLE_REQUEST_COMPRESSION`; `disable_request_compression`.
//! - [The smallest body compressed](Settings::request_min_compression_size_bytes):
//!   `AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES`; `request_min_compression_size_bytes`.
//! - [Auth scheme preference](Settings::auth_scheme_preference): `AWS_AUTH_SCHEME_PREFERENCE`;
//!   `auth_scheme_preference`.
//! - [SigV4a's region set](Settings::sigv4a_signing_region_set): `AWS_SIGV4A_SIGNING_REGION_SET`;
//!   `sigv4a_signing_region_set`.
//! - [Request checksums](Settings::request_checksum_calculation):
//!   `AWS_REQUEST_CHECKSUM_CALCULATION`; `request_checksum_calculation`.
//! - [Response checksums](Settings::response_checksum_validation):
//!   `AWS_RESPONSE_CHECKSUM_VALIDATION`; `response_checksum_validation`.
//! - [Static keys](Settings::static_keys): `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and
//!   `AWS_SESSION_TOKEN`; `aws_access_key_id`, `aws_secret_access_key` and `aws_session_token`.
//!
//! The keys "under `s3`" are the sub-properties the AWS CLI also reads: `s3 =` followed by an
//! indented `use_arn_region = true`.
//!
//! # The active profile
//!
//! `AWS_PROFILE` names it; when that is not set, it is `default`. A profile that `AWS_PROFILE`
//! names but neither file defines is an error, as it is for the AWS CLI ("The config profile
//! (NAME) could not be found"), even when the name is `default`; a missing `default` profile
//! that nothing named is simply empty. The CLI's older `AWS_DEFAULT_PROFILE`, which the SDKs do
//! not read, is not read here either.
//!
//! # Values
//!
//! A variable or key that is set to the empty string counts as not set. Booleans are `true` or
//! `false` and the modes are their names, in any case and with surrounding spaces allowed; the
//! maximum number of attempts is a whole number of at least 1. Any other value is an error
//! naming the variable, or the file, line, key and profile, and showing the value.

use std::error::Error;
use std::fmt;
use std::path::{Path, PathBuf};

use super::files::{Env, Location, Profile, ProfileFiles, Property};
use crate::credentials::Credentials;

/// The profile used when `AWS_PROFILE` is not set.
pub const DEFAULT_PROFILE: &str = "default";

/// How a client retries failed requests (`AWS_RETRY_MODE` or `retry_mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RetryMode {
    /// `standard`: the retry rules shared by the AWS SDKs.
    Standard,
    /// `adaptive`: `standard`, plus client-side rate limiting when the service throttles.
    Adaptive,
    /// `legacy`: each SDK's older, SDK-specific rules.
    Legacy,
}

/// Whether endpoints may be chosen by account ID (`AWS_ACCOUNT_ID_ENDPOINT_MODE` or
/// `account_id_endpoint_mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AccountIdEndpointMode {
    /// `preferred`: use an account-based endpoint when an account ID is known.
    Preferred,
    /// `disabled`: never use an account-based endpoint.
    Disabled,
    /// `required`: always use one, and fail when no account ID is known.
    Required,
}

/// When a client computes a checksum of a request's body (`AWS_REQUEST_CHECKSUM_CALCULATION`
/// or `request_checksum_calculation`), and when it validates a response's
/// (`AWS_RESPONSE_CHECKSUM_VALIDATION` or `response_checksum_validation`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChecksumWhen {
    /// `when_supported`: for every operation whose model has flexible checksums (the default).
    WhenSupported,
    /// `when_required`: only where the model requires one, or the caller asked for one.
    WhenRequired,
}

/// Which endpoint AWS STS is called at (`AWS_STS_REGIONAL_ENDPOINTS` or
/// `sts_regional_endpoints`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StsRegionalEndpoints {
    /// `legacy`: the global endpoint for the regions that used it at first.
    Legacy,
    /// `regional`: the endpoint of the configured region.
    Regional,
}

macro_rules! named_values {
    ($type:ident { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $type {
            /// The value's name, as written in a variable or a file.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($type::$variant => $name),+
                }
            }

            fn parse(value: &str) -> Option<$type> {
                $(if value.eq_ignore_ascii_case($name) {
                    return Some($type::$variant);
                })+
                None
            }
        }

        impl fmt::Display for $type {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

named_values!(RetryMode { Standard => "standard", Adaptive => "adaptive", Legacy => "legacy" });
named_values!(AccountIdEndpointMode { Preferred => "preferred", Disabled => "disabled", Required => "required" });
named_values!(StsRegionalEndpoints { Legacy => "legacy", Regional => "regional" });
named_values!(ChecksumWhen { WhenSupported => "when_supported", WhenRequired => "when_required" });

/// The environment variable of a service's own endpoint URL: `AWS_ENDPOINT_URL_` followed by
/// the service's SDK ID in upper case, with spaces and dashes replaced by `_`.
///
/// `endpoint_url_env_var("Elastic Beanstalk")` is `AWS_ENDPOINT_URL_ELASTIC_BEANSTALK`.
pub fn endpoint_url_env_var(service_sdk_id: &str) -> String {
    let id: String = snake_case(service_sdk_id).to_ascii_uppercase();
    format!("AWS_ENDPOINT_URL_{id}")
}

/// The key of a service in a `[services NAME]` section: the service's SDK ID in lower case,
/// with spaces and dashes replaced by `_`.
///
/// `services_key("Elastic Beanstalk")` is `elastic_beanstalk`.
pub fn services_key(service_sdk_id: &str) -> String {
    snake_case(service_sdk_id).to_ascii_lowercase()
}

fn snake_case(service_sdk_id: &str) -> String {
    service_sdk_id.trim().chars().map(|c| if c == ' ' || c == '-' { '_' } else { c }).collect()
}

/// Where a setting's value was found.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Origin {
    /// An environment variable.
    Environment {
        /// The variable's name.
        variable: String,
    },
    /// A key of the active profile.
    Profile {
        /// The profile's name.
        profile: String,
        /// The key; `s3.use_arn_region` for a sub-property.
        key: String,
        /// The file and line.
        location: Location,
    },
}

/// Where a pair of static keys came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    /// `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`.
    Environment,
    /// `aws_access_key_id` and `aws_secret_access_key` of a profile.
    Profile {
        /// The profile's name.
        name: String,
        /// The files the keys are in: one, or two when the config file holds one key and the
        /// credentials file the other.
        paths: Vec<PathBuf>,
    },
}

impl KeySource {
    fn profile(profile: &Profile, properties: &[&Property]) -> KeySource {
        let mut paths: Vec<PathBuf> = Vec::new();
        for property in properties {
            let path = property.location().path();
            if !paths.iter().any(|known| known == path) {
                paths.push(path.to_path_buf());
            }
        }
        KeySource::Profile { name: profile.name().to_owned(), paths }
    }
}

impl fmt::Display for KeySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeySource::Environment => f.write_str("the environment"),
            KeySource::Profile { name, paths } => {
                write!(f, "profile `{name}`")?;
                for (index, path) in paths.iter().enumerate() {
                    let joiner = if index == 0 { " in " } else { " and " };
                    write!(f, "{joiner}{}", path.display())?;
                }
                Ok(())
            }
        }
    }
}

/// An access key pair, with its session token when it has one, as the environment or the
/// active profile sets them, and where they were set.
///
/// `Debug` shows neither the secret access key nor the session token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaticKeys {
    credentials: Credentials,
    source: KeySource,
}

impl StaticKeys {
    /// The keys: the session token of temporary keys (`AWS_SESSION_TOKEN` with keys from the
    /// environment, `aws_session_token` with keys from a profile) and the account they belong
    /// to from the same place (`AWS_ACCOUNT_ID`, `aws_account_id`) with them.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// The keys, without where they came from.
    pub fn into_credentials(self) -> Credentials {
        self.credentials
    }

    /// Where the keys came from, for messages: "the environment" or "profile `dev` in PATH".
    pub fn source(&self) -> &KeySource {
        &self.source
    }
}

/// Keys of `access_key_id` and `secret_access_key`, with `session_token` and `account_id`
/// where set.
fn keys(
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    account_id: Option<String>,
) -> Credentials {
    let mut credentials = Credentials::new(access_key_id, secret_access_key);
    if let Some(token) = session_token {
        credentials = credentials.with_session_token(token);
    }
    if let Some(account) = account_id {
        credentials = credentials.with_account_id(account);
    }
    credentials
}

/// A setting that cannot be resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SettingError {
    /// `AWS_PROFILE` names a profile that neither file defines.
    ProfileNotFound {
        /// The name.
        profile: String,
        /// The config file looked in, if one could be found.
        config_path: Option<PathBuf>,
        /// The credentials file looked in, if one could be found.
        credentials_path: Option<PathBuf>,
    },
    /// A value is not one the setting takes.
    InvalidValue {
        /// Where the value is.
        origin: Origin,
        /// The value.
        value: String,
        /// What the setting takes, such as "`true` or `false`".
        expected: &'static str,
    },
    /// The active profile's `services` key names a `[services NAME]` section that the config
    /// file does not have.
    ServicesSectionNotFound {
        /// The active profile.
        profile: String,
        /// The section's name.
        services: String,
        /// Where the profile sets `services`.
        location: Location,
    },
    /// One of the two keys of a static key pair is set without the other.
    IncompleteKeys {
        /// Where the key that is set was found.
        source: KeySource,
        /// The variable or key that is set.
        present: &'static str,
        /// The variable or key that is missing.
        missing: &'static str,
    },
}

impl fmt::Display for SettingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SettingError::ProfileNotFound { profile, config_path, credentials_path } => {
                write!(f, "AWS_PROFILE names the profile `{profile}`, which ")?;
                match (config_path, credentials_path) {
                    (Some(config), Some(credentials)) => {
                        write!(f, "neither {} nor {} defines", config.display(), credentials.display())
                    }
                    (Some(path), None) | (None, Some(path)) => write!(f, "{} does not define", path.display()),
                    (None, None) => {
                        f.write_str("is not defined: no home directory is known to find the AWS config files in")
                    }
                }
            }
            SettingError::InvalidValue { origin: Origin::Environment { variable }, value, expected } => {
                write!(f, "{variable} is `{value}`, but it must be {expected}")
            }
            SettingError::InvalidValue { origin: Origin::Profile { profile, key, location }, value, expected } => {
                write!(f, "{location}: `{key}` of profile `{profile}` is `{value}`, but it must be {expected}")
            }
            SettingError::ServicesSectionNotFound { profile, services, location } => write!(
                f,
                "{location}: profile `{profile}` sets `services = {services}`, but the config file has no \
                 `[services {services}]` section"
            ),
            SettingError::IncompleteKeys { source, present, missing } => {
                write!(f, "{source} sets {present} but not {missing}: static credentials need both")
            }
        }
    }
}

impl Error for SettingError {}

/// A client's settings, resolved from the environment and the active profile (see the
/// [module documentation](self) for each setting's sources).
///
/// `Debug` shows no secret access key or session token.
#[derive(Debug, Clone)]
pub struct Settings {
    profile_name: String,
    profile: Option<Profile>,
    region: Option<String>,
    endpoint_url: Option<String>,
    ignore_configured_endpoint_urls: bool,
    use_fips_endpoint: Option<bool>,
    use_dualstack_endpoint: Option<bool>,
    max_attempts: Option<u32>,
    retry_mode: Option<RetryMode>,
    account_id: Option<String>,
    account_id_endpoint_mode: Option<AccountIdEndpointMode>,
    s3_use_arn_region: Option<bool>,
    s3_disable_multiregion_access_points: Option<bool>,
    sts_regional_endpoints: Option<StsRegionalEndpoints>,
    disable_request_compression: Option<bool>,
    request_min_compression_size_bytes: Option<u32>,
    auth_scheme_preference: Vec<String>,
    sigv4a_signing_region_set: Vec<String>,
    request_checksum_calculation: Option<ChecksumWhen>,
    response_checksum_validation: Option<ChecksumWhen>,
    /// Resolved with the rest, and returned, or its error, when asked for.
    static_keys: Result<Option<StaticKeys>, SettingError>,
}

const BOOLEAN: &str = "`true` or `false`";

fn parse_bool(value: &str) -> Option<bool> {
    if value.eq_ignore_ascii_case("true") {
        Some(true)
    } else if value.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// A comma-separated list: its entries, trimmed, without the empty ones.
fn list(value: Option<String>) -> Vec<String> {
    let value = value.unwrap_or_default();
    value.split(',').map(str::trim).filter(|entry| !entry.is_empty()).map(str::to_owned).collect()
}

/// The largest `request_min_compression_size_bytes` the AWS SDKs take: 10 MiB.
const MAX_MIN_COMPRESSION_SIZE: u32 = 10_485_760;

fn parse_min_compression_size(value: &str) -> Option<u32> {
    value.parse::<u32>().ok().filter(|&size| size <= MAX_MIN_COMPRESSION_SIZE)
}

fn parse_max_attempts(value: &str) -> Option<u32> {
    value.parse::<u32>().ok().filter(|&attempts| attempts > 0)
}

/// A profile key to look at: a key, or a sub-property of a key.
#[derive(Clone, Copy)]
enum Key {
    Top(&'static str),
    Sub(&'static str, &'static str),
}

/// The two places a setting is looked for.
struct Sources<'a> {
    env: &'a dyn Env,
    profile: Option<&'a Profile>,
}

impl Sources<'_> {
    fn env(&self, variable: &str) -> Option<(String, Origin)> {
        self.env.value(variable).map(|value| (value, Origin::Environment { variable: variable.to_owned() }))
    }

    fn file(&self, key: Key) -> Option<(String, Origin)> {
        let profile = self.profile?;
        let (value, location, name) = match key {
            Key::Top(key) => {
                let property = profile.property(key)?;
                (property.value(), property.location(), key.to_owned())
            }
            Key::Sub(key, sub_key) => {
                let property = profile.property(key)?;
                (property.sub_property(sub_key)?, property.sub_property_location(sub_key)?, format!("{key}.{sub_key}"))
            }
        };
        if value.is_empty() {
            return None;
        }
        let origin = Origin::Profile { profile: profile.name().to_owned(), key: name, location: location.clone() };
        Some((value.to_owned(), origin))
    }

    /// The first value set: the variables in order, then the keys in order.
    fn first(&self, variables: &[&str], keys: &[Key]) -> Option<(String, Origin)> {
        variables.iter().find_map(|variable| self.env(variable)).or_else(|| keys.iter().find_map(|&key| self.file(key)))
    }

    fn string(&self, variables: &[&str], keys: &[Key]) -> Option<String> {
        self.first(variables, keys).map(|(value, _)| value)
    }

    fn parsed<T>(
        &self,
        variable: &str,
        keys: &[Key],
        parse: fn(&str) -> Option<T>,
        expected: &'static str,
    ) -> Result<Option<T>, SettingError> {
        let Some((value, origin)) = self.first(&[variable], keys) else {
            return Ok(None);
        };
        match parse(value.trim()) {
            Some(parsed) => Ok(Some(parsed)),
            None => Err(SettingError::InvalidValue { origin, value, expected }),
        }
    }
}

impl Settings {
    /// Resolves every setting for a client of the service whose SDK ID is `service_sdk_id`
    /// (such as `DynamoDB` or `Elastic Beanstalk`; `None` for no service in particular, which
    /// leaves out the service-specific endpoint URL).
    ///
    /// # Errors
    ///
    /// When `AWS_PROFILE` names a profile that is not defined, when a value is not one its
    /// setting takes, and when the active profile's `services` key names a section that does
    /// not exist (checked only when the service's endpoint URL is looked for there).
    pub fn resolve(
        env: &dyn Env,
        files: &ProfileFiles,
        service_sdk_id: Option<&str>,
    ) -> Result<Settings, SettingError> {
        let named = env.value("AWS_PROFILE");
        let profile_name = named.clone().unwrap_or_else(|| DEFAULT_PROFILE.to_owned());
        let profile = files.profile(&profile_name);
        if let (Some(name), None) = (&named, profile) {
            return Err(SettingError::ProfileNotFound {
                profile: name.clone(),
                config_path: files.config_path().map(Path::to_path_buf),
                credentials_path: files.credentials_path().map(Path::to_path_buf),
            });
        }
        let sources = Sources { env, profile };

        let ignore_configured_endpoint_urls = sources
            .parsed(
                "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
                &[Key::Top("ignore_configured_endpoint_urls")],
                parse_bool,
                BOOLEAN,
            )?
            .unwrap_or(false);
        let endpoint_url =
            if ignore_configured_endpoint_urls { None } else { endpoint_url(&sources, files, service_sdk_id)? };

        Ok(Settings {
            region: sources.string(&["AWS_REGION", "AWS_DEFAULT_REGION"], &[Key::Top("region")]),
            endpoint_url,
            ignore_configured_endpoint_urls,
            use_fips_endpoint: sources.parsed(
                "AWS_USE_FIPS_ENDPOINT",
                &[Key::Top("use_fips_endpoint")],
                parse_bool,
                BOOLEAN,
            )?,
            use_dualstack_endpoint: sources.parsed(
                "AWS_USE_DUALSTACK_ENDPOINT",
                &[Key::Top("use_dualstack_endpoint")],
                parse_bool,
                BOOLEAN,
            )?,
            max_attempts: sources.parsed(
                "AWS_MAX_ATTEMPTS",
                &[Key::Top("max_attempts")],
                parse_max_attempts,
                "a whole number of at least 1",
            )?,
            retry_mode: sources.parsed(
                "AWS_RETRY_MODE",
                &[Key::Top("retry_mode")],
                RetryMode::parse,
                "`standard`, `adaptive` or `legacy`",
            )?,
            account_id: sources.string(&["AWS_ACCOUNT_ID"], &[Key::Top("aws_account_id")]),
            account_id_endpoint_mode: sources.parsed(
                "AWS_ACCOUNT_ID_ENDPOINT_MODE",
                &[Key::Top("account_id_endpoint_mode")],
                AccountIdEndpointMode::parse,
                "`preferred`, `disabled` or `required`",
            )?,
            s3_use_arn_region: sources.parsed(
                "AWS_S3_USE_ARN_REGION",
                &[Key::Top("s3_use_arn_region"), Key::Sub("s3", "use_arn_region")],
                parse_bool,
                BOOLEAN,
            )?,
            s3_disable_multiregion_access_points: sources.parsed(
                "AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS",
                &[
                    Key::Top("s3_disable_multiregion_access_points"),
                    Key::Sub("s3", "s3_disable_multiregion_access_points"),
                ],
                parse_bool,
                BOOLEAN,
            )?,
            sts_regional_endpoints: sources.parsed(
                "AWS_STS_REGIONAL_ENDPOINTS",
                &[Key::Top("sts_regional_endpoints")],
                StsRegionalEndpoints::parse,
                "`legacy` or `regional`",
            )?,
            disable_request_compression: sources.parsed(
                "AWS_DISABLE_REQUEST_COMPRESSION",
                &[Key::Top("disable_request_compression")],
                parse_bool,
                BOOLEAN,
            )?,
            request_min_compression_size_bytes: sources.parsed(
                "AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES",
                &[Key::Top("request_min_compression_size_bytes")],
                parse_min_compression_size,
                "a whole number from 0 to 10485760",
            )?,
            auth_scheme_preference: list(
                sources.string(&["AWS_AUTH_SCHEME_PREFERENCE"], &[Key::Top("auth_scheme_preference")]),
            ),
            sigv4a_signing_region_set: list(
                sources.string(&["AWS_SIGV4A_SIGNING_REGION_SET"], &[Key::Top("sigv4a_signing_region_set")]),
            ),
            request_checksum_calculation: sources.parsed(
                "AWS_REQUEST_CHECKSUM_CALCULATION",
                &[Key::Top("request_checksum_calculation")],
                ChecksumWhen::parse,
                "`when_supported` or `when_required`",
            )?,
            response_checksum_validation: sources.parsed(
                "AWS_RESPONSE_CHECKSUM_VALIDATION",
                &[Key::Top("response_checksum_validation")],
                ChecksumWhen::parse,
                "`when_supported` or `when_required`",
            )?,
            static_keys: static_keys(&sources),
            profile: profile.cloned(),
            profile_name,
        })
    }

    /// The active profile's name: `AWS_PROFILE`, else `default`.
    pub fn profile_name(&self) -> &str {
        &self.profile_name
    }

    /// The active profile, when the files define it.
    pub fn profile(&self) -> Option<&Profile> {
        self.profile.as_ref()
    }

    /// The region: `AWS_REGION`, else `AWS_DEFAULT_REGION`, else the profile's `region`.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The endpoint URL configured for the service, or for every service, unless
    /// [`ignore_configured_endpoint_urls`](Self::ignore_configured_endpoint_urls) is set.
    ///
    /// In order, as the AWS CLI and the SDKs look: the service's own variable
    /// ([`endpoint_url_env_var`]), `AWS_ENDPOINT_URL`, the `endpoint_url` sub-property of the
    /// service's key ([`services_key`]) in the `[services NAME]` section that the profile's
    /// `services` names, and the profile's `endpoint_url`. The service-specific value wins
    /// within each place, and the environment wins over the files: `AWS_ENDPOINT_URL` wins over
    /// a `[services]` entry.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }

    /// Whether configured endpoint URLs are ignored (`AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` or
    /// the profile's `ignore_configured_endpoint_urls`); `false` when not set.
    pub fn ignore_configured_endpoint_urls(&self) -> bool {
        self.ignore_configured_endpoint_urls
    }

    /// Whether to use FIPS endpoints (`AWS_USE_FIPS_ENDPOINT` or `use_fips_endpoint`).
    pub fn use_fips_endpoint(&self) -> Option<bool> {
        self.use_fips_endpoint
    }

    /// Whether to use dual-stack endpoints (`AWS_USE_DUALSTACK_ENDPOINT` or
    /// `use_dualstack_endpoint`).
    pub fn use_dualstack_endpoint(&self) -> Option<bool> {
        self.use_dualstack_endpoint
    }

    /// How many times to attempt a request, the first attempt included (`AWS_MAX_ATTEMPTS` or
    /// `max_attempts`).
    pub fn max_attempts(&self) -> Option<u32> {
        self.max_attempts
    }

    /// How to retry (`AWS_RETRY_MODE` or `retry_mode`).
    pub fn retry_mode(&self) -> Option<RetryMode> {
        self.retry_mode
    }

    /// The account ID (`AWS_ACCOUNT_ID` or the profile's `aws_account_id`). The account of a
    /// pair of static keys is their [`StaticKeys::credentials`]' account id, which comes from
    /// where the keys do.
    pub fn account_id(&self) -> Option<&str> {
        self.account_id.as_deref()
    }

    /// Whether endpoints may use the account ID (`AWS_ACCOUNT_ID_ENDPOINT_MODE` or
    /// `account_id_endpoint_mode`).
    pub fn account_id_endpoint_mode(&self) -> Option<AccountIdEndpointMode> {
        self.account_id_endpoint_mode
    }

    /// Whether Amazon S3 requests to an access point ARN go to the ARN's region
    /// (`AWS_S3_USE_ARN_REGION`, `s3_use_arn_region`, or `use_arn_region` under `s3`).
    pub fn s3_use_arn_region(&self) -> Option<bool> {
        self.s3_use_arn_region
    }

    /// Whether Amazon S3 Multi-Region Access Points are turned off
    /// (`AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS`, `s3_disable_multiregion_access_points`, or
    /// the same key under `s3`).
    pub fn s3_disable_multiregion_access_points(&self) -> Option<bool> {
        self.s3_disable_multiregion_access_points
    }

    /// Which AWS STS endpoint to use (`AWS_STS_REGIONAL_ENDPOINTS` or
    /// `sts_regional_endpoints`).
    pub fn sts_regional_endpoints(&self) -> Option<StsRegionalEndpoints> {
        self.sts_regional_endpoints
    }

    /// Whether request bodies are sent uncompressed, whatever the model allows
    /// (`AWS_DISABLE_REQUEST_COMPRESSION` or `disable_request_compression`).
    pub fn disable_request_compression(&self) -> Option<bool> {
        self.disable_request_compression
    }

    /// The smallest request body compressed, in bytes, from 0 to 10485760
    /// (`AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES` or `request_min_compression_size_bytes`).
    pub fn request_min_compression_size_bytes(&self) -> Option<u32> {
        self.request_min_compression_size_bytes
    }

    /// The auth schemes preferred, most preferred first, by their names without a namespace
    /// (`sigv4a`, `sigv4`, `httpBearerAuth`, `noAuth`): a comma-separated list, spaces and
    /// empty entries ignored. An operation's schemes that the list names are tried first, in
    /// the list's order, then the others in the model's; names no operation has are ignored.
    pub fn auth_scheme_preference(&self) -> &[String] {
        &self.auth_scheme_preference
    }

    /// When request checksums are computed (`AWS_REQUEST_CHECKSUM_CALCULATION` or
    /// `request_checksum_calculation`).
    pub fn request_checksum_calculation(&self) -> Option<ChecksumWhen> {
        self.request_checksum_calculation
    }

    /// When response checksums are validated (`AWS_RESPONSE_CHECKSUM_VALIDATION` or
    /// `response_checksum_validation`).
    pub fn response_checksum_validation(&self) -> Option<ChecksumWhen> {
        self.response_checksum_validation
    }

    /// The regions SigV4a signs for when the endpoint names none: a comma-separated list
    /// (`*` for every region); the client's region when empty.
    pub fn sigv4a_signing_region_set(&self) -> &[String] {
        &self.sigv4a_signing_region_set
    }

    /// The static access keys: `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY` (with
    /// `AWS_SESSION_TOKEN`) when the environment sets them, else the active profile's
    /// `aws_access_key_id` and `aws_secret_access_key` (with `aws_session_token`), in which the
    /// credentials file's values win over the config file's. `None` when neither place sets
    /// any key. The values are returned as they are; nothing checks them against AWS.
    ///
    /// # Errors
    ///
    /// When one of the two keys is set without the other, in the environment (even if the
    /// profile has both) or in the profile. The error names the missing key, never a value.
    pub fn static_keys(&self) -> Result<Option<StaticKeys>, SettingError> {
        self.static_keys.clone()
    }
}

/// The static access keys, as [`Settings::static_keys`] describes them.
fn static_keys(sources: &Sources<'_>) -> Result<Option<StaticKeys>, SettingError> {
    match environment_keys(sources.env)? {
        Some(keys) => Ok(Some(keys)),
        None => sources.profile.map_or(Ok(None), profile_keys),
    }
}

/// The static access keys of the environment alone: `AWS_ACCESS_KEY_ID` and
/// `AWS_SECRET_ACCESS_KEY`, with `AWS_SESSION_TOKEN` and `AWS_ACCOUNT_ID`; `None` when neither
/// key is set.
///
/// # Errors
///
/// When one of the two keys is set without the other.
pub fn environment_keys(env: &dyn Env) -> Result<Option<StaticKeys>, SettingError> {
    let value = |variable: &str| env.value(variable).filter(|value| !value.is_empty());
    match (value("AWS_ACCESS_KEY_ID"), value("AWS_SECRET_ACCESS_KEY")) {
        (Some(access_key_id), Some(secret_access_key)) => Ok(Some(StaticKeys {
            credentials: keys(access_key_id, secret_access_key, value("AWS_SESSION_TOKEN"), value("AWS_ACCOUNT_ID")),
            source: KeySource::Environment,
        })),
        (Some(_), None) => Err(SettingError::IncompleteKeys {
            source: KeySource::Environment,
            present: "AWS_ACCESS_KEY_ID",
            missing: "AWS_SECRET_ACCESS_KEY",
        }),
        (None, Some(_)) => Err(SettingError::IncompleteKeys {
            source: KeySource::Environment,
            present: "AWS_SECRET_ACCESS_KEY",
            missing: "AWS_ACCESS_KEY_ID",
        }),
        (None, None) => Ok(None),
    }
}

/// The static access keys of `profile` alone: `aws_access_key_id` and
/// `aws_secret_access_key`, with `aws_session_token` and `aws_account_id`, the credentials
/// file's values winning over the config file's; `None` when neither key is set.
///
/// # Errors
///
/// When one of the two keys is set without the other.
pub fn profile_keys(profile: &Profile) -> Result<Option<StaticKeys>, SettingError> {
    let set = |key: &str| profile.property(key).filter(|property| !property.value().is_empty());
    match (set("aws_access_key_id"), set("aws_secret_access_key")) {
        (Some(access_key_id), Some(secret_access_key)) => Ok(Some(StaticKeys {
            credentials: keys(
                access_key_id.value().to_owned(),
                secret_access_key.value().to_owned(),
                set("aws_session_token").map(|token| token.value().to_owned()),
                set("aws_account_id").map(|account| account.value().to_owned()),
            ),
            source: KeySource::profile(profile, &[access_key_id, secret_access_key]),
        })),
        (Some(access_key_id), None) => Err(SettingError::IncompleteKeys {
            source: KeySource::profile(profile, &[access_key_id]),
            present: "aws_access_key_id",
            missing: "aws_secret_access_key",
        }),
        (None, Some(secret_access_key)) => Err(SettingError::IncompleteKeys {
            source: KeySource::profile(profile, &[secret_access_key]),
            present: "aws_secret_access_key",
            missing: "aws_access_key_id",
        }),
        (None, None) => Ok(None),
    }
}

/// The configured endpoint URL, in the order described at [`Settings::endpoint_url`].
fn endpoint_url(
    sources: &Sources<'_>,
    files: &ProfileFiles,
    service_sdk_id: Option<&str>,
) -> Result<Option<String>, SettingError> {
    let from_env = service_sdk_id
        .and_then(|id| sources.env(&endpoint_url_env_var(id)))
        .or_else(|| sources.env("AWS_ENDPOINT_URL"));
    if let Some((url, _)) = from_env {
        return Ok(Some(url));
    }
    let for_service = match (service_sdk_id, sources.profile) {
        (Some(id), Some(profile)) => service_endpoint_url(profile, files, id)?,
        _ => None,
    };
    Ok(for_service.or_else(|| sources.file(Key::Top("endpoint_url")).map(|(url, _)| url)))
}

/// The `endpoint_url` of the service in the `[services NAME]` section the profile names.
fn service_endpoint_url(profile: &Profile, files: &ProfileFiles, id: &str) -> Result<Option<String>, SettingError> {
    let Some(services) = profile.property("services").filter(|property| !property.value().is_empty()) else {
        return Ok(None);
    };
    let Some(section) = files.services(services.value()) else {
        return Err(SettingError::ServicesSectionNotFound {
            profile: profile.name().to_owned(),
            services: services.value().to_owned(),
            location: services.location().clone(),
        });
    };
    let url = section.sub_property(&services_key(id), "endpoint_url").filter(|url| !url.is_empty());
    Ok(url.map(str::to_owned))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    fn files(config: &str, credentials: &str) -> ProfileFiles {
        match ProfileFiles::parse(config, credentials) {
            Ok(files) => files,
            Err(error) => panic!("bad test files: {error}"),
        }
    }

    fn resolve(pairs: &[(&str, &str)], config: &str, credentials: &str, service: Option<&str>) -> Settings {
        match Settings::resolve(&env(pairs), &files(config, credentials), service) {
            Ok(settings) => settings,
            Err(error) => panic!("resolve failed: {error}"),
        }
    }

    fn resolve_error(pairs: &[(&str, &str)], config: &str, credentials: &str, service: Option<&str>) -> SettingError {
        match Settings::resolve(&env(pairs), &files(config, credentials), service) {
            Ok(settings) => panic!("expected an error, got {settings:?}"),
            Err(error) => error,
        }
    }

    #[test]
    fn service_ids_map_to_variables_and_services_keys() {
        assert_eq!(endpoint_url_env_var("Elastic Beanstalk"), "AWS_ENDPOINT_URL_ELASTIC_BEANSTALK");
        assert_eq!(services_key("Elastic Beanstalk"), "elastic_beanstalk");
        assert_eq!(endpoint_url_env_var("DynamoDB"), "AWS_ENDPOINT_URL_DYNAMODB");
        assert_eq!(services_key("DynamoDB"), "dynamodb");
        assert_eq!(endpoint_url_env_var("ACM PCA"), "AWS_ENDPOINT_URL_ACM_PCA");
        assert_eq!(endpoint_url_env_var("Example-Service Name"), "AWS_ENDPOINT_URL_EXAMPLE_SERVICE_NAME");
        assert_eq!(services_key("Example-Service Name"), "example_service_name");
        assert_eq!(services_key(" S3 "), "s3");
    }

    #[test]
    fn the_active_profile_is_aws_profile_else_default() {
        let config = "[default]\nregion = us-east-1\n[profile dev]\nregion = eu-west-1";
        assert_eq!(resolve(&[], config, "", None).profile_name(), "default");
        assert_eq!(resolve(&[], config, "", None).region(), Some("us-east-1"));
        assert_eq!(resolve(&[("AWS_PROFILE", "")], config, "", None).profile_name(), "default");
        let dev = resolve(&[("AWS_PROFILE", "dev")], config, "", None);
        assert_eq!(dev.profile_name(), "dev");
        assert_eq!(dev.region(), Some("eu-west-1"));
        assert_eq!(dev.profile().map(Profile::name), Some("dev"));
    }

    #[test]
    fn a_named_profile_that_does_not_exist_is_an_error() {
        let error = resolve_error(&[("AWS_PROFILE", "prod")], "[profile dev]", "", None);
        assert!(matches!(&error, SettingError::ProfileNotFound { profile, .. } if profile == "prod"));
        assert_eq!(
            error.to_string(),
            "AWS_PROFILE names the profile `prod`, which neither config nor credentials defines"
        );
        // Named explicitly, even `default` must exist.
        let error = resolve_error(&[("AWS_PROFILE", "default")], "", "", None);
        assert!(matches!(error, SettingError::ProfileNotFound { .. }));
    }

    #[test]
    fn an_unnamed_default_profile_may_be_missing() {
        let settings = resolve(&[("AWS_REGION", "us-west-2")], "[profile dev]\nregion = x", "", None);
        assert!(settings.profile().is_none());
        assert_eq!(settings.region(), Some("us-west-2"));
        assert_eq!(settings.static_keys(), Ok(None));
    }

    #[test]
    fn a_profile_from_the_credentials_file_alone_is_found() {
        let settings = resolve(&[("AWS_PROFILE", "ci")], "", "[ci]\nregion = ca-central-1", None);
        assert_eq!(settings.region(), Some("ca-central-1"));
    }

    #[test]
    fn region_precedence() {
        let config = "[default]\nregion = from-profile";
        let all = [("AWS_REGION", "from-region"), ("AWS_DEFAULT_REGION", "from-default-region")];
        assert_eq!(resolve(&all, config, "", None).region(), Some("from-region"));
        assert_eq!(resolve(&all[1..], config, "", None).region(), Some("from-default-region"));
        assert_eq!(resolve(&[("AWS_REGION", "")], config, "", None).region(), Some("from-profile"));
        assert_eq!(resolve(&[], "[default]\nregion =", "", None).region(), None);
        assert_eq!(resolve(&[], "", "", None).region(), None);
    }

    #[test]
    fn credentials_file_values_win_over_config_file_values() {
        let settings = resolve(&[], "[default]\nregion = config", "[default]\nregion = credentials", None);
        assert_eq!(settings.region(), Some("credentials"));
    }

    const ENDPOINTS: &str = "[default]\n\
        endpoint_url = http://profile-global\n\
        services = local\n\
        [services local]\n\
        elastic_beanstalk =\n\
        \x20 endpoint_url = http://profile-service\n\
        dynamodb =\n\
        \x20 endpoint_url = http://localhost:8000\n";

    #[test]
    fn endpoint_url_precedence() {
        let service = Some("Elastic Beanstalk");
        let all =
            [("AWS_ENDPOINT_URL_ELASTIC_BEANSTALK", "http://env-service"), ("AWS_ENDPOINT_URL", "http://env-global")];
        assert_eq!(resolve(&all, ENDPOINTS, "", service).endpoint_url(), Some("http://env-service"));
        assert_eq!(resolve(&all[1..], ENDPOINTS, "", service).endpoint_url(), Some("http://env-global"));
        assert_eq!(resolve(&[], ENDPOINTS, "", service).endpoint_url(), Some("http://profile-service"));
        assert_eq!(resolve(&[], ENDPOINTS, "", Some("DynamoDB")).endpoint_url(), Some("http://localhost:8000"));
        assert_eq!(resolve(&[], ENDPOINTS, "", Some("Lambda")).endpoint_url(), Some("http://profile-global"));
        assert_eq!(resolve(&[], ENDPOINTS, "", None).endpoint_url(), Some("http://profile-global"));
        // Another service's variable is not this one's.
        let other = [("AWS_ENDPOINT_URL_DYNAMODB", "http://env-dynamodb")];
        assert_eq!(resolve(&other, ENDPOINTS, "", service).endpoint_url(), Some("http://profile-service"));
        assert_eq!(resolve(&[], "", "", service).endpoint_url(), None);
    }

    #[test]
    fn configured_endpoint_urls_can_be_ignored() {
        let env_all = [
            ("AWS_ENDPOINT_URL_DYNAMODB", "http://env-service"),
            ("AWS_ENDPOINT_URL", "http://env-global"),
            ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "TRUE"),
        ];
        let settings = resolve(&env_all, ENDPOINTS, "", Some("DynamoDB"));
        assert_eq!(settings.endpoint_url(), None);
        assert!(settings.ignore_configured_endpoint_urls());
        let config =
            format!("{ENDPOINTS}\n[profile ignoring]\nignore_configured_endpoint_urls = true\nendpoint_url = http://x");
        let settings = resolve(&[("AWS_PROFILE", "ignoring")], &config, "", Some("DynamoDB"));
        assert_eq!(settings.endpoint_url(), None);
        let settings = resolve(
            &[("AWS_PROFILE", "ignoring"), ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false")],
            &config,
            "",
            Some("DynamoDB"),
        );
        assert_eq!(settings.endpoint_url(), Some("http://x"));
        assert!(!settings.ignore_configured_endpoint_urls());
    }

    #[test]
    fn a_missing_services_section_is_an_error() {
        let config = "[default]\nservices = nowhere\n";
        let error = resolve_error(&[], config, "", Some("DynamoDB"));
        assert_eq!(
            error.to_string(),
            "config:2: profile `default` sets `services = nowhere`, but the config file has no `[services nowhere]` section"
        );
        // Not looked for when the environment decides, when ignored, or with no service.
        assert!(
            Settings::resolve(&env(&[("AWS_ENDPOINT_URL", "http://e")]), &files(config, ""), Some("DynamoDB")).is_ok()
        );
        let ignore = [("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")];
        assert!(Settings::resolve(&env(&ignore), &files(config, ""), Some("DynamoDB")).is_ok());
        assert!(Settings::resolve(&env(&[]), &files(config, ""), None).is_ok());
    }

    #[test]
    fn booleans_are_true_or_false_in_any_case() {
        let settings = resolve(
            &[("AWS_USE_FIPS_ENDPOINT", "True"), ("AWS_USE_DUALSTACK_ENDPOINT", " FALSE ")],
            "[default]\nuse_fips_endpoint = false\nuse_dualstack_endpoint = true",
            "",
            None,
        );
        assert_eq!(settings.use_fips_endpoint(), Some(true));
        assert_eq!(settings.use_dualstack_endpoint(), Some(false));
        let settings = resolve(&[], "[default]\nuse_fips_endpoint = TRUE\nuse_dualstack_endpoint = false", "", None);
        assert_eq!(settings.use_fips_endpoint(), Some(true));
        assert_eq!(settings.use_dualstack_endpoint(), Some(false));
        assert_eq!(resolve(&[], "", "", None).use_fips_endpoint(), None);
    }

    #[test]
    fn an_invalid_boolean_in_the_environment_names_the_variable_and_value() {
        let error = resolve_error(&[("AWS_USE_FIPS_ENDPOINT", "yes")], "", "", None);
        assert_eq!(
            error,
            SettingError::InvalidValue {
                origin: Origin::Environment { variable: "AWS_USE_FIPS_ENDPOINT".into() },
                value: "yes".into(),
                expected: BOOLEAN,
            }
        );
        assert_eq!(error.to_string(), "AWS_USE_FIPS_ENDPOINT is `yes`, but it must be `true` or `false`");
    }

    #[test]
    fn an_invalid_boolean_in_a_file_names_the_file_line_key_and_value() {
        let error = resolve_error(&[("AWS_PROFILE", "dev")], "[profile dev]\n\nuse_dualstack_endpoint = 1", "", None);
        assert_eq!(
            error.to_string(),
            "config:3: `use_dualstack_endpoint` of profile `dev` is `1`, but it must be `true` or `false`"
        );
        let SettingError::InvalidValue { origin: Origin::Profile { location, key, .. }, .. } = error else {
            panic!("unexpected error");
        };
        assert_eq!(location.line(), 3);
        assert_eq!(key, "use_dualstack_endpoint");
    }

    #[test]
    fn max_attempts_is_a_positive_whole_number() {
        assert_eq!(resolve(&[("AWS_MAX_ATTEMPTS", "5")], "", "", None).max_attempts(), Some(5));
        assert_eq!(resolve(&[], "[default]\nmax_attempts = 3", "", None).max_attempts(), Some(3));
        for bad in ["0", "-1", "three", "1.5", "99999999999"] {
            let error = resolve_error(&[("AWS_MAX_ATTEMPTS", bad)], "", "", None);
            assert!(error.to_string().contains(&format!("`{bad}`")), "{error}");
            assert!(error.to_string().contains("at least 1"), "{error}");
        }
    }

    #[test]
    fn retry_modes() {
        for (text, mode) in
            [("standard", RetryMode::Standard), ("Adaptive", RetryMode::Adaptive), ("legacy", RetryMode::Legacy)]
        {
            assert_eq!(resolve(&[("AWS_RETRY_MODE", text)], "", "", None).retry_mode(), Some(mode));
            assert_eq!(mode.as_str(), text.to_ascii_lowercase());
        }
        assert_eq!(resolve(&[], "[default]\nretry_mode = adaptive", "", None).retry_mode(), Some(RetryMode::Adaptive));
        let error = resolve_error(&[], "[default]\nretry_mode = fast", "", None);
        assert_eq!(
            error.to_string(),
            "config:2: `retry_mode` of profile `default` is `fast`, but it must be `standard`, `adaptive` or `legacy`"
        );
    }

    #[test]
    fn account_id_and_its_endpoint_mode() {
        let settings = resolve(
            &[("AWS_ACCOUNT_ID_ENDPOINT_MODE", "required")],
            "[default]\naws_account_id = 111122223333\naccount_id_endpoint_mode = disabled",
            "",
            None,
        );
        assert_eq!(settings.account_id(), Some("111122223333"));
        assert_eq!(settings.account_id_endpoint_mode(), Some(AccountIdEndpointMode::Required));
        let settings = resolve(&[("AWS_ACCOUNT_ID", "444455556666")], "[default]\naws_account_id = 1", "", None);
        assert_eq!(settings.account_id(), Some("444455556666"));
        let settings = resolve(&[], "[default]\naccount_id_endpoint_mode = Preferred", "", None);
        assert_eq!(settings.account_id_endpoint_mode(), Some(AccountIdEndpointMode::Preferred));
        let error = resolve_error(&[("AWS_ACCOUNT_ID_ENDPOINT_MODE", "sometimes")], "", "", None);
        assert!(error.to_string().contains("`preferred`, `disabled` or `required`"), "{error}");
    }

    #[test]
    fn sts_regional_endpoints() {
        let settings = resolve(&[("AWS_STS_REGIONAL_ENDPOINTS", "regional")], "", "", None);
        assert_eq!(settings.sts_regional_endpoints(), Some(StsRegionalEndpoints::Regional));
        let settings = resolve(&[], "[default]\nsts_regional_endpoints = legacy", "", None);
        assert_eq!(settings.sts_regional_endpoints(), Some(StsRegionalEndpoints::Legacy));
        assert_eq!(StsRegionalEndpoints::Legacy.to_string(), "legacy");
        let error = resolve_error(&[("AWS_STS_REGIONAL_ENDPOINTS", "global")], "", "", None);
        assert_eq!(error.to_string(), "AWS_STS_REGIONAL_ENDPOINTS is `global`, but it must be `legacy` or `regional`");
    }

    #[test]
    fn request_compression_settings() {
        let settings = resolve(
            &[("AWS_DISABLE_REQUEST_COMPRESSION", "true")],
            "[default]\nrequest_min_compression_size_bytes = 0",
            "",
            None,
        );
        assert_eq!(settings.disable_request_compression(), Some(true));
        assert_eq!(settings.request_min_compression_size_bytes(), Some(0));
        let settings = resolve(&[("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", "10485760")], "", "", None);
        assert_eq!(settings.request_min_compression_size_bytes(), Some(10_485_760));
        let error = resolve_error(&[("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", "10485761")], "", "", None);
        assert_eq!(
            error.to_string(),
            "AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES is `10485761`, but it must be a whole number from 0 to 10485760"
        );
    }

    #[test]
    fn s3_settings_from_the_environment_keys_and_s3_sub_properties() {
        let settings = resolve(
            &[("AWS_S3_USE_ARN_REGION", "true"), ("AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS", "false")],
            "[default]\ns3_use_arn_region = false\ns3_disable_multiregion_access_points = true",
            "",
            None,
        );
        assert_eq!(settings.s3_use_arn_region(), Some(true));
        assert_eq!(settings.s3_disable_multiregion_access_points(), Some(false));
        let settings =
            resolve(&[], "[default]\ns3_use_arn_region = false\ns3_disable_multiregion_access_points = true", "", None);
        assert_eq!(settings.s3_use_arn_region(), Some(false));
        assert_eq!(settings.s3_disable_multiregion_access_points(), Some(true));
        let nested = "[default]\ns3 =\n  use_arn_region = true\n  s3_disable_multiregion_access_points = true\n";
        let settings = resolve(&[], nested, "", None);
        assert_eq!(settings.s3_use_arn_region(), Some(true));
        assert_eq!(settings.s3_disable_multiregion_access_points(), Some(true));
        let error = resolve_error(&[], "[default]\ns3 =\n  use_arn_region = maybe\n", "", None);
        assert_eq!(
            error.to_string(),
            "config:3: `s3.use_arn_region` of profile `default` is `maybe`, but it must be `true` or `false`"
        );
    }

    #[test]
    fn static_keys_from_the_environment() {
        let pairs = [
            ("AWS_ACCESS_KEY_ID", "AKIDENV"),
            ("AWS_SECRET_ACCESS_KEY", "SECRETENV"),
            ("AWS_SESSION_TOKEN", "TOKENENV"),
            ("AWS_ACCOUNT_ID", "111122223333"),
        ];
        let profile = "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = SECRETFILE";
        let keys = resolve(&pairs, "", profile, None).static_keys().expect("keys").expect("some keys");
        assert_eq!(keys.credentials().access_key_id(), "AKIDENV");
        assert_eq!(keys.credentials().secret_access_key(), "SECRETENV");
        assert_eq!(keys.credentials().session_token(), Some("TOKENENV"));
        assert_eq!(keys.credentials().account_id(), Some("111122223333"));
        assert_eq!(keys.source(), &KeySource::Environment);
        assert_eq!(keys.source().to_string(), "the environment");
    }

    #[test]
    fn static_keys_from_the_profile() {
        let credentials = "[dev]\naws_access_key_id = AKIDFILE\naws_secret_access_key = SECRETFILE\n\
                           aws_session_token = TOKENFILE\naws_account_id = 444455556666";
        let settings = resolve(&[("AWS_PROFILE", "dev"), ("AWS_SESSION_TOKEN", "ignored")], "", credentials, None);
        let keys = settings.static_keys().expect("keys").expect("some keys");
        assert_eq!(keys.credentials().access_key_id(), "AKIDFILE");
        assert_eq!(keys.credentials().secret_access_key(), "SECRETFILE");
        assert_eq!(keys.credentials().session_token(), Some("TOKENFILE"));
        assert_eq!(keys.credentials().account_id(), Some("444455556666"));
        assert_eq!(keys.source().to_string(), "profile `dev` in credentials");
    }

    #[test]
    fn static_keys_split_between_the_files_name_both() {
        let settings =
            resolve(&[], "[default]\naws_access_key_id = AKID", "[default]\naws_secret_access_key = S", None);
        let keys = settings.static_keys().expect("keys").expect("some keys");
        assert_eq!(keys.source().to_string(), "profile `default` in config and credentials");
        assert_eq!(keys.credentials().session_token(), None);
    }

    #[test]
    fn no_static_keys() {
        let settings = resolve(&[("AWS_SESSION_TOKEN", "T")], "[default]\nregion = x\naws_session_token = T", "", None);
        assert_eq!(settings.static_keys(), Ok(None));
        let settings = resolve(&[("AWS_ACCESS_KEY_ID", "")], "[default]\naws_access_key_id =", "", None);
        assert_eq!(settings.static_keys(), Ok(None));
    }

    #[test]
    fn half_a_key_pair_in_the_environment_is_an_error() {
        let profile = "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = SECRETFILE";
        let error = resolve(&[("AWS_ACCESS_KEY_ID", "AKID")], "", profile, None).static_keys().expect_err("partial");
        assert_eq!(
            error.to_string(),
            "the environment sets AWS_ACCESS_KEY_ID but not AWS_SECRET_ACCESS_KEY: static credentials need both"
        );
        let error = resolve(&[("AWS_SECRET_ACCESS_KEY", "S3CR3T")], "", "", None).static_keys().expect_err("partial");
        assert_eq!(
            error.to_string(),
            "the environment sets AWS_SECRET_ACCESS_KEY but not AWS_ACCESS_KEY_ID: static credentials need both"
        );
        assert!(!format!("{error:?}").contains("S3CR3T"));
    }

    #[test]
    fn half_a_key_pair_in_the_profile_is_an_error() {
        let settings = resolve(&[("AWS_PROFILE", "dev")], "", "[dev]\naws_access_key_id = AKID", None);
        let error = settings.static_keys().expect_err("partial");
        assert_eq!(
            error,
            SettingError::IncompleteKeys {
                source: KeySource::Profile { name: "dev".into(), paths: vec![PathBuf::from("credentials")] },
                present: "aws_access_key_id",
                missing: "aws_secret_access_key",
            }
        );
        assert_eq!(
            error.to_string(),
            "profile `dev` in credentials sets aws_access_key_id but not aws_secret_access_key: static credentials need both"
        );
        let settings = resolve(&[], "[default]\naws_secret_access_key = S3CR3T", "", None);
        let error = settings.static_keys().expect_err("partial");
        assert!(error.to_string().contains("sets aws_secret_access_key but not aws_access_key_id"), "{error}");
        assert!(!error.to_string().contains("S3CR3T") && !format!("{error:?}").contains("S3CR3T"));
    }

    #[test]
    fn debug_never_shows_secrets() {
        let settings = resolve(
            &[
                ("AWS_ACCESS_KEY_ID", "AKIDENV"),
                ("AWS_SECRET_ACCESS_KEY", "SECRETENV"),
                ("AWS_SESSION_TOKEN", "TOKENENV"),
            ],
            "",
            "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = SECRETFILE\naws_session_token = TOKENFILE",
            None,
        );
        let debug = format!("{settings:?}");
        for secret in ["SECRETENV", "TOKENENV", "SECRETFILE", "TOKENFILE"] {
            assert!(!debug.contains(secret), "{secret} shown in {debug}");
        }
        assert!(debug.contains("AKIDENV") && debug.contains("AKIDFILE"), "{debug}");
        let keys = settings.static_keys().expect("keys").expect("some keys");
        let debug = format!("{keys:?}");
        assert!(!debug.contains("SECRETENV") && !debug.contains("TOKENENV"), "{debug}");
        assert!(debug.contains("AKIDENV"), "{debug}");
    }
}
