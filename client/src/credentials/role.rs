//! Credentials of a role, from STS: assumed with other credentials (`AssumeRole`), or with a
//! web identity token (`AssumeRoleWithWebIdentity`, unsigned, as its model says).
//!
//! Both call STS through this crate's own client and generated operations
//! ([`services::sts`](crate::services::sts)), configured as the client that holds them is
//! (its region, else `us-east-1`; STS's endpoint URL; its retries), without credentials of its
//! own: `AssumeRole` is signed with the source's.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use super::{Credentials, CredentialsError, ProvideCredentials};
use crate::services::sts;

/// What the errors of [`AssumeRoleProvider`] are named by.
const ASSUME_ROLE: &str = "assume role";

/// What the errors of [`WebIdentityProvider`] are named by.
const WEB_IDENTITY: &str = "web identity";

/// The region STS is called in when the client has none: the AWS SDKs' choice.
pub const DEFAULT_STS_REGION: &str = "us-east-1";

/// The most bytes of a web identity token file read: tokens are a few kilobytes.
const MAX_TOKEN_FILE: u64 = 1 << 20;

/// The MFA code for a device, asked for when a role whose profile names `mfa_serial` is
/// assumed: given the device's serial number (or ARN), it returns the code it shows now.
pub type MfaCode = Arc<dyn Fn(&str) -> Result<String, String> + Send + Sync>;

/// A role's session name, when none is configured: unique per second, as botocore's.
fn default_session_name() -> String {
    let seconds = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |elapsed| elapsed.as_secs());
    format!("shapegen-session-{seconds}")
}

/// The STS client configuration: the given one, in `us-east-1` when it names no region.
fn sts_client(config: &crate::Builder) -> crate::Builder {
    let mut config = config.clone();
    if config.configured_region().is_none() {
        config = config.region(DEFAULT_STS_REGION);
    }
    config
}

/// The credentials STS answered with; the account is the assumed role's
/// (`arn:aws:sts::ACCOUNT:assumed-role/...`).
fn from_sts(
    credentials: Option<sts::Credentials>,
    user: Option<&sts::AssumedRoleUser>,
) -> Result<Credentials, &'static str> {
    let credentials = credentials.ok_or("STS answered without credentials")?;
    let mut result = Credentials::new(credentials.access_key_id, credentials.secret_access_key)
        .with_session_token(credentials.session_token)
        .with_expiry(super::system_time(credentials.expiration).ok_or("STS answered with an expiry before 1970")?);
    let account = user.and_then(|user| user.arn.split(':').nth(4)).filter(|account| !account.is_empty());
    if let Some(account) = account {
        result = result.with_account_id(account);
    }
    Ok(result)
}

/// Credentials of a role assumed with the credentials of another source: what a profile's
/// `role_arn` with `source_profile` or `credential_source` gives.
pub struct AssumeRoleProvider {
    role_arn: String,
    session_name: Option<String>,
    external_id: Option<String>,
    duration_seconds: Option<i32>,
    mfa: Option<(String, MfaCode)>,
    source: Box<dyn ProvideCredentials>,
    sts: crate::Builder,
    profile: Option<String>,
}

impl AssumeRoleProvider {
    /// The role `role_arn`, assumed with what `source` gives, calling STS as `sts` configures
    /// it (its credentials are not used; [`DEFAULT_STS_REGION`] when it has no region).
    pub fn new(
        role_arn: impl Into<String>,
        source: impl ProvideCredentials + 'static,
        sts: &crate::Builder,
    ) -> AssumeRoleProvider {
        AssumeRoleProvider {
            role_arn: role_arn.into(),
            session_name: None,
            external_id: None,
            duration_seconds: None,
            mfa: None,
            source: Box::new(source),
            sts: sts_client(sts),
            profile: None,
        }
    }

    /// The session's name (`role_session_name`); `shapegen-session-<seconds since 1970>`
    /// unless set.
    pub fn session_name(mut self, name: impl Into<String>) -> AssumeRoleProvider {
        self.session_name = Some(name.into());
        self
    }

    /// The external id the role's trust policy asks for (`external_id`).
    pub fn external_id(mut self, id: impl Into<String>) -> AssumeRoleProvider {
        self.external_id = Some(id.into());
        self
    }

    /// How long the session lasts, in seconds (`duration_seconds`; STS's default, an hour,
    /// unless set).
    pub fn duration_seconds(mut self, seconds: i32) -> AssumeRoleProvider {
        self.duration_seconds = Some(seconds);
        self
    }

    /// The MFA device `serial` (`mfa_serial`), and how to get its current code.
    pub fn mfa(mut self, serial: impl Into<String>, code: MfaCode) -> AssumeRoleProvider {
        self.mfa = Some((serial.into(), code));
        self
    }

    /// The profile that configures the role, for messages.
    pub(crate) fn in_profile(mut self, profile: &str) -> AssumeRoleProvider {
        self.profile = Some(profile.to_owned());
        self
    }

    fn error(&self, message: impl fmt::Display) -> CredentialsError {
        match &self.profile {
            Some(profile) => CredentialsError::new(ASSUME_ROLE, format!("profile `{profile}`: {message}")),
            None => CredentialsError::new(ASSUME_ROLE, format!("{}: {message}", self.role_arn)),
        }
    }
}

impl fmt::Debug for AssumeRoleProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AssumeRoleProvider")
            .field("role_arn", &self.role_arn)
            .field("profile", &self.profile)
            .field("mfa_serial", &self.mfa.as_ref().map(|(serial, _)| serial))
            .field("source", &self.source)
            .finish_non_exhaustive()
    }
}

impl ProvideCredentials for AssumeRoleProvider {
    fn provide(&self) -> Result<Credentials, CredentialsError> {
        // A role is configured: a source with nothing to give is a failure, not a pass.
        let source = self
            .source
            .provide()
            .map_err(|error| self.error(format_args!("the credentials to assume it with: {error}")))?;
        let mut input = sts::AssumeRoleRequest::builder()
            .role_arn(self.role_arn.as_str())
            .role_session_name(self.session_name.clone().unwrap_or_else(default_session_name));
        if let Some(id) = &self.external_id {
            input = input.external_id(id.as_str());
        }
        if let Some(seconds) = self.duration_seconds {
            input = input.duration_seconds(seconds);
        }
        if let Some((serial, code)) = &self.mfa {
            let code = code(serial).map_err(|error| self.error(format_args!("the MFA code of {serial}: {error}")))?;
            input = input.serial_number(serial.as_str()).token_code(code);
        }
        let input = input.build().map_err(|error| self.error(error))?;
        let client = self.sts.clone().credentials(source).build();
        let output = client
            .send::<sts::operations::AssumeRole>(&input)
            .map_err(|error| self.error(format_args!("STS AssumeRole of {}: {error}", self.role_arn)))?;
        from_sts(output.credentials, output.assumed_role_user.as_ref()).map_err(|error| self.error(error))
    }
}

/// Credentials of a role assumed with a web identity token read from a file (a Kubernetes
/// service account's, say): `AWS_WEB_IDENTITY_TOKEN_FILE` with `AWS_ROLE_ARN` and
/// `AWS_ROLE_SESSION_NAME`, or a profile's `web_identity_token_file`, `role_arn` and
/// `role_session_name`. The file is read at each fetch, since the token rotates.
#[derive(Clone)]
pub struct WebIdentityProvider {
    token_file: PathBuf,
    role_arn: String,
    session_name: Option<String>,
    sts: crate::Builder,
}

impl WebIdentityProvider {
    /// The role `role_arn`, assumed with the token in `token_file`, calling STS as `sts`
    /// configures it ([`DEFAULT_STS_REGION`] when it has no region).
    pub fn new(
        token_file: impl Into<PathBuf>,
        role_arn: impl Into<String>,
        session_name: Option<String>,
        sts: &crate::Builder,
    ) -> WebIdentityProvider {
        WebIdentityProvider {
            token_file: token_file.into(),
            role_arn: role_arn.into(),
            session_name,
            sts: sts_client(sts),
        }
    }

    fn error(&self, message: impl fmt::Display) -> CredentialsError {
        CredentialsError::new(WEB_IDENTITY, format!("{}: {message}", self.role_arn))
    }

    fn token(&self) -> Result<String, CredentialsError> {
        use std::io::Read;
        let path = self.token_file.display();
        let file = std::fs::File::open(&self.token_file)
            .map_err(|error| self.error(format_args!("the token file {path}: {error}")))?;
        let mut token = String::new();
        file.take(MAX_TOKEN_FILE)
            .read_to_string(&mut token)
            .map_err(|error| self.error(format_args!("the token file {path}: {error}")))?;
        let token = token.trim();
        if token.is_empty() {
            return Err(self.error(format_args!("the token file {path} is empty")));
        }
        Ok(token.to_owned())
    }
}

impl fmt::Debug for WebIdentityProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebIdentityProvider")
            .field("token_file", &self.token_file)
            .field("role_arn", &self.role_arn)
            .field("session_name", &self.session_name)
            .finish_non_exhaustive()
    }
}

impl ProvideCredentials for WebIdentityProvider {
    fn provide(&self) -> Result<Credentials, CredentialsError> {
        let input = sts::AssumeRoleWithWebIdentityRequest::builder()
            .role_arn(self.role_arn.as_str())
            .role_session_name(self.session_name.clone().unwrap_or_else(default_session_name))
            .web_identity_token(self.token()?)
            .build()
            .map_err(|error| self.error(error))?;
        let client = self.sts.clone().build();
        let output = client
            .send::<sts::operations::AssumeRoleWithWebIdentity>(&input)
            .map_err(|error| self.error(format_args!("STS AssumeRoleWithWebIdentity: {error}")))?;
        from_sts(output.credentials, output.assumed_role_user.as_ref()).map_err(|error| self.error(error))
    }
}
