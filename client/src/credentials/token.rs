//! Bearer tokens: what an operation whose model lists `smithy.api#httpBearerAuth` may be sent
//! with instead of a signature (Amazon Bedrock's API keys, Amazon CodeCatalyst's SSO tokens).
//!
//! A client finds a service's token, in order:
//!
//! 1. the token given to [`Builder::bearer_token`](crate::Builder::bearer_token), for every
//!    service;
//! 2. `AWS_BEARER_TOKEN_<SIGNING NAME>` (the service's signing name in upper case, `-` and
//!    spaces as `_`: `AWS_BEARER_TOKEN_BEDROCK`), as botocore reads it;
//! 3. the active profile's IAM Identity Center session (`sso_session`): the token `aws sso
//!    login` cached, refreshed as [`sso`](super::sso) describes.
//!
//! A token of the first two kinds is preferred over the operation's other schemes, as
//! botocore prefers an `AWS_BEARER_TOKEN_` token; the session's is used where bearer is the
//! operation's first scheme (or the configuration prefers it).

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

use shapegen_runtime::REDACTED;

use super::CredentialsError;
use crate::config::files::Env;

/// A bearer token, with its expiry when known. `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct Token {
    value: String,
    expires_at: Option<SystemTime>,
}

impl Token {
    /// The token `value`.
    pub fn new(value: impl Into<String>) -> Token {
        Token { value: value.into(), expires_at: None }
    }

    /// The same token, valid until `expires_at`.
    pub fn with_expiry(mut self, expires_at: SystemTime) -> Token {
        self.expires_at = Some(expires_at);
        self
    }

    /// The token.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// When it expires, if known.
    pub fn expires_at(&self) -> Option<SystemTime> {
        self.expires_at
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Token").field("value", &REDACTED).field("expires_at", &self.expires_at).finish()
    }
}

/// A source of bearer tokens.
pub trait ProvideToken: fmt::Debug + Send + Sync {
    /// A token from this source, fetched now. It may block.
    ///
    /// # Errors
    ///
    /// [`CredentialsError::not_found`] when the source has none to give, any other error when
    /// it should have and failed.
    fn provide_token(&self) -> Result<Token, CredentialsError>;
}

/// A fixed token is its own source.
impl ProvideToken for Token {
    fn provide_token(&self) -> Result<Token, CredentialsError> {
        Ok(self.clone())
    }
}

impl<P: ProvideToken + ?Sized> ProvideToken for Arc<P> {
    fn provide_token(&self) -> Result<Token, CredentialsError> {
        (**self).provide_token()
    }
}

/// The variable botocore reads a service's token from: `AWS_BEARER_TOKEN_` and the signing
/// name in upper case, `-` and spaces as `_`.
pub fn env_var(signing_name: &str) -> String {
    let name: String =
        signing_name.chars().map(|c| if c == '-' || c == ' ' { '_' } else { c.to_ascii_uppercase() }).collect();
    format!("AWS_BEARER_TOKEN_{name}")
}

/// Where a client's tokens come from (see the [module documentation](self)).
#[derive(Clone, Default)]
pub(crate) struct Tokens {
    fixed: Option<Arc<dyn ProvideToken>>,
    /// The `AWS_BEARER_TOKEN_` variables, by name.
    env: HashMap<String, Arc<Token>>,
    sso: Option<Arc<dyn ProvideToken>>,
}

impl Tokens {
    /// The `AWS_BEARER_TOKEN_` variables of `env`, and the profile's session.
    pub(crate) fn from_config(env: &dyn Env, sso: Option<Arc<dyn ProvideToken>>) -> Tokens {
        let env = env
            .names()
            .into_iter()
            .filter(|name| name.starts_with("AWS_BEARER_TOKEN_"))
            .filter_map(|name| {
                let value = env.value(&name).filter(|value| !value.is_empty())?;
                Some((name, Arc::new(Token::new(value))))
            })
            .collect();
        Tokens { fixed: None, env, sso }
    }

    /// The token given for every service.
    pub(crate) fn set_fixed(&mut self, source: Arc<dyn ProvideToken>) {
        self.fixed = Some(source);
    }

    /// The source of the service's token, and whether it is preferred over the operation's
    /// other schemes.
    pub(crate) fn source(&self, signing_name: &str) -> Option<(Arc<dyn ProvideToken>, bool)> {
        if let Some(fixed) = &self.fixed {
            return Some((Arc::clone(fixed), true));
        }
        if let Some(token) = self.env.get(&env_var(signing_name)) {
            return Some((Arc::clone(token) as Arc<dyn ProvideToken>, true));
        }
        self.sso.as_ref().map(|sso| (Arc::clone(sso), false))
    }

    /// Whether the service's token is preferred over the operation's other schemes.
    pub(crate) fn preferred(&self, signing_name: &str) -> bool {
        self.fixed.is_some() || self.env.contains_key(&env_var(signing_name))
    }
}

impl fmt::Debug for Tokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tokens")
            .field("fixed", &self.fixed)
            .field("env", &self.env.keys().collect::<Vec<_>>())
            .field("sso", &self.sso)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_variable_is_botocores() {
        assert_eq!(env_var("bedrock"), "AWS_BEARER_TOKEN_BEDROCK");
        assert_eq!(env_var("execute-api"), "AWS_BEARER_TOKEN_EXECUTE_API");
        let token = Token::new("ABSKsecret");
        assert!(!format!("{token:?}").contains("ABSKsecret"));
    }
}
