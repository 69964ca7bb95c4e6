//! Credentials from IAM Identity Center (SSO): a role's credentials for the access token that
//! `aws sso login` cached.
//!
//! A profile names the account and role (`sso_account_id`, `sso_role_name`) and either an
//! `[sso-session NAME]` section (`sso_session`; the section's `sso_start_url` and
//! `sso_region`) or, in the older form, `sso_start_url` and `sso_region` itself. The token is
//! read from `~/.aws/sso/cache/<SHA-1 of the session name, or of the start URL>.json`
//! (`accessToken`, `expiresAt`), and exchanged for the role's credentials with the portal's
//! `GetRoleCredentials` (unsigned: the token is the authorization).
//!
//! With a session, a token within 15 minutes of its expiry is refreshed first through SSO
//! OIDC's `CreateToken` with the cached `refreshToken`, `clientId` and `clientSecret` while the
//! client's registration lasts (`registrationExpiresAt`), and the cache file is rewritten with
//! the new token. A token that has expired and cannot be refreshed needs `aws sso login`
//! again; the error says so.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use sha1::{Digest, Sha1};

use super::token::{ProvideToken, Token};
use super::{Credentials, CredentialsError, ProvideCredentials, rfc3339};
use crate::services::{sso, sso_oidc};

/// What the errors of this source are named by.
const SOURCE: &str = "SSO";

/// How long before its expiry a session's token is refreshed (botocore's window).
const REFRESH_WINDOW: Duration = Duration::from_secs(15 * 60);

/// The most bytes of a token cache file read.
const MAX_CACHE_FILE: u64 = 1 << 20;

/// Where a profile's SSO token comes from: a session, or a start URL (the older form).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenKey {
    /// `sso_session`: the `[sso-session NAME]` section's name. Its tokens can be refreshed.
    Session(String),
    /// The older form: the profile's `sso_start_url`.
    StartUrl(String),
}

impl TokenKey {
    /// The name of the token's cache file: the SHA-1 of the session name or start URL, in
    /// lower-case hexadecimal, with `.json`.
    pub fn cache_file_name(&self) -> String {
        let key = match self {
            TokenKey::Session(name) => name,
            TokenKey::StartUrl(url) => url,
        };
        let digest = Sha1::digest(key.as_bytes());
        let mut name = crate::sign::lower_hex(&digest);
        name.push_str(".json");
        name
    }
}

/// The access token of an IAM Identity Center session that `aws sso login` cached, refreshed
/// when it must be and can be. Also a source of bearer tokens, for the services that take
/// them.
#[derive(Clone)]
pub struct SsoToken {
    /// `sso_region`: where the OIDC service is called.
    region: String,
    key: TokenKey,
    cache_dir: PathBuf,
    client: crate::Builder,
    profile: String,
}

impl SsoToken {
    /// The token of `key` in `cache_dir` (`~/.aws/sso/cache`), refreshed by calling IAM
    /// Identity Center's OIDC service in `region` as `client` configures it (its credentials
    /// are not used). `profile` names the profile in messages.
    pub fn new(
        key: TokenKey,
        region: impl Into<String>,
        cache_dir: impl Into<PathBuf>,
        client: &crate::Builder,
        profile: impl Into<String>,
    ) -> SsoToken {
        let region = region.into();
        SsoToken {
            client: client.clone().region(region.as_str()),
            region,
            key,
            cache_dir: cache_dir.into(),
            profile: profile.into(),
        }
    }

    fn error(&self, message: impl fmt::Display) -> CredentialsError {
        CredentialsError::new(SOURCE, format!("profile `{}`: {message}", self.profile))
    }

    fn login_hint(&self) -> String {
        format!("run `aws sso login --profile {}`", self.profile)
    }

    /// The access token at `now`: the cached one, refreshed first when it is about to expire
    /// and can be; with its expiry.
    fn token(&self, now: SystemTime) -> Result<(String, SystemTime), CredentialsError> {
        let path = self.cache_dir.join(self.key.cache_file_name());
        let mut cached = read_cache(&path).map_err(|problem| {
            self.error(format_args!("the SSO token cache {}: {problem}; {}", path.display(), self.login_hint()))
        })?;
        let token = CachedToken::of(&cached)
            .map_err(|problem| self.error(format_args!("the SSO token cache {}: {problem}", path.display())))?;
        let expired = token.expires_at <= now;
        let refreshable = matches!(self.key, TokenKey::Session(_)) && token.can_refresh(now);
        if refreshable && token.expires_at <= now + REFRESH_WINDOW {
            match self.refresh(&token) {
                Ok(fresh) => {
                    fresh.write_into(&mut cached, now);
                    // A cache that cannot be written costs a refresh next time, nothing more.
                    let _ = write_cache(&path, &cached);
                    return Ok((fresh.access_token, now + fresh.expires_in));
                }
                Err(error) if expired => return Err(error),
                Err(_) => {}
            }
        }
        if expired {
            return Err(self.error(format_args!(
                "the SSO token in {} has expired; {}",
                path.display(),
                self.login_hint()
            )));
        }
        Ok((token.access_token, token.expires_at))
    }

    /// A new token from SSO OIDC's `CreateToken`, for the cached refresh token.
    fn refresh(&self, token: &CachedToken) -> Result<Refreshed, CredentialsError> {
        let (Some(refresh_token), Some(client_id), Some(client_secret)) =
            (&token.refresh_token, &token.client_id, &token.client_secret)
        else {
            return Err(self.error("the cached token cannot be refreshed"));
        };
        let input = sso_oidc::CreateTokenRequest::builder()
            .client_id(client_id.as_str())
            .client_secret(client_secret.as_str())
            .grant_type("refresh_token")
            .refresh_token(refresh_token.as_str())
            .build()
            .map_err(|error| self.error(error))?;
        let output = self
            .client
            .clone()
            .build()
            .send::<sso_oidc::operations::CreateToken>(&input)
            .map_err(|error| self.error(format_args!("SSO OIDC CreateToken: {error}; {}", self.login_hint())))?;
        let access_token = output.access_token.ok_or_else(|| self.error("SSO OIDC answered without a token"))?;
        let expires_in = output.expires_in.and_then(|seconds| u64::try_from(seconds).ok()).unwrap_or(0);
        Ok(Refreshed { access_token, expires_in: Duration::from_secs(expires_in), refresh_token: output.refresh_token })
    }
}

impl fmt::Debug for SsoToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SsoToken")
            .field("region", &self.region)
            .field("key", &self.key)
            .field("profile", &self.profile)
            .finish_non_exhaustive()
    }
}

impl ProvideToken for SsoToken {
    fn provide_token(&self) -> Result<Token, CredentialsError> {
        let (token, expires_at) = self.token(SystemTime::now())?;
        Ok(Token::new(token).with_expiry(expires_at))
    }
}

/// A role's credentials from IAM Identity Center, for a session's cached access token.
#[derive(Clone, Debug)]
pub struct SsoProvider {
    account_id: String,
    role_name: String,
    token: SsoToken,
}

impl SsoProvider {
    /// The role `role_name` of the account `account_id`, for `token`; the portal is called
    /// where the token's OIDC service is.
    pub fn new(account_id: impl Into<String>, role_name: impl Into<String>, token: SsoToken) -> SsoProvider {
        SsoProvider { account_id: account_id.into(), role_name: role_name.into(), token }
    }

    fn error(&self, message: impl fmt::Display) -> CredentialsError {
        self.token.error(message)
    }
}

impl ProvideCredentials for SsoProvider {
    fn provide(&self) -> Result<Credentials, CredentialsError> {
        let (access_token, _) = self.token.token(SystemTime::now())?;
        let input = sso::GetRoleCredentialsRequest::builder()
            .role_name(self.role_name.as_str())
            .account_id(self.account_id.as_str())
            .access_token(access_token)
            .build()
            .map_err(|error| self.error(error))?;
        let output =
            self.token.client.clone().build().send::<sso::operations::GetRoleCredentials>(&input).map_err(|error| {
                self.error(format_args!("GetRoleCredentials of {} in {}: {error}", self.role_name, self.account_id))
            })?;
        let role =
            output.role_credentials.ok_or_else(|| self.error("IAM Identity Center answered without credentials"))?;
        let (Some(access_key_id), Some(secret_access_key)) = (role.access_key_id, role.secret_access_key) else {
            return Err(self.error("IAM Identity Center answered without an access key"));
        };
        let mut credentials =
            Credentials::new(access_key_id, secret_access_key).with_account_id(self.account_id.as_str());
        if let Some(token) = role.session_token {
            credentials = credentials.with_session_token(token);
        }
        if let Some(millis) = role.expiration.and_then(|millis| u64::try_from(millis).ok()) {
            credentials = credentials.with_expiry(SystemTime::UNIX_EPOCH + Duration::from_millis(millis));
        }
        Ok(credentials)
    }
}

/// The cache file's JSON object; an error never quotes it (it holds the token).
fn read_cache(path: &Path) -> Result<serde_json::Map<String, serde_json::Value>, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|error| error.to_string())?;
    let mut bytes = Vec::new();
    file.take(MAX_CACHE_FILE).read_to_end(&mut bytes).map_err(|error| error.to_string())?;
    match serde_json::from_slice(&bytes) {
        Ok(serde_json::Value::Object(object)) => Ok(object),
        Ok(_) => Err("not a JSON object".to_owned()),
        Err(error) => Err(format!("not JSON (line {}, column {})", error.line(), error.column())),
    }
}

/// Rewrites the cache file: to a file beside it, then renamed over it, so that a reader never
/// sees half of it.
fn write_cache(path: &Path, cached: &serde_json::Map<String, serde_json::Value>) -> std::io::Result<()> {
    let text = serde_json::to_vec(cached).map_err(std::io::Error::other)?;
    let partial = path.with_extension("json.partial");
    std::fs::write(&partial, text)?;
    std::fs::rename(&partial, path)
}

/// What the cache holds of a token.
struct CachedToken {
    access_token: String,
    expires_at: SystemTime,
    refresh_token: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
    registration_expires_at: Option<SystemTime>,
}

impl CachedToken {
    fn of(cached: &serde_json::Map<String, serde_json::Value>) -> Result<CachedToken, String> {
        let string = |key: &str| cached.get(key).and_then(serde_json::Value::as_str).filter(|text| !text.is_empty());
        let access_token = string("accessToken").ok_or("it has no accessToken")?.to_owned();
        let expires_at = rfc3339(string("expiresAt").ok_or("it has no expiresAt")?)?;
        let registration_expires_at = string("registrationExpiresAt").map(rfc3339).transpose()?;
        Ok(CachedToken {
            access_token,
            expires_at,
            refresh_token: string("refreshToken").map(str::to_owned),
            client_id: string("clientId").map(str::to_owned),
            client_secret: string("clientSecret").map(str::to_owned),
            registration_expires_at,
        })
    }

    /// Whether the cache has what a refresh needs, with a registration still valid at `now`.
    fn can_refresh(&self, now: SystemTime) -> bool {
        self.refresh_token.is_some()
            && self.client_id.is_some()
            && self.client_secret.is_some()
            && self.registration_expires_at.is_some_and(|at| at > now)
    }
}

/// A token `CreateToken` gave.
struct Refreshed {
    access_token: String,
    expires_in: Duration,
    refresh_token: Option<String>,
}

impl Refreshed {
    /// The cache's object with this token in it, the other keys kept.
    fn write_into(&self, cached: &mut serde_json::Map<String, serde_json::Value>, now: SystemTime) {
        let expires_at = jiff::Timestamp::try_from(now + self.expires_in).unwrap_or(jiff::Timestamp::MAX);
        cached.insert("accessToken".into(), self.access_token.clone().into());
        cached.insert("expiresAt".into(), format!("{:.0}", expires_at).into());
        if let Some(refresh_token) = &self.refresh_token {
            cached.insert("refreshToken".into(), refresh_token.clone().into());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_file_names_are_the_sha1_of_the_key() {
        // The AWS CLI's: the SHA-1 of the session name, or of the start URL.
        assert_eq!(
            TokenKey::Session("my-sso".into()).cache_file_name(),
            "0ad374308c5a4e22f723adf10145eafad7c4031c.json"
        );
        assert_eq!(
            TokenKey::StartUrl("https://d-abc123.awsapps.com/start".into()).cache_file_name(),
            "40a89917e3175433e361b710a9d43528d7f1890a.json"
        );
    }
}
