//! S3 Express One Zone: requests to a directory bucket are signed with the credentials of a
//! session the bucket gives (`CreateSession`, signed with the client's own credentials), which
//! last five minutes. The client keeps one session per bucket and pair of credentials, and
//! creates a new one a minute before the one it holds expires.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use shapegen_runtime::endpoint::{Endpoint, EndpointParams, ResolveError, Value};

use crate::credentials::{Credentials, CredentialsError};
use crate::services::s3;

/// What the errors of S3 Express sessions are named by.
const SOURCE: &str = "S3 Express";

/// How long before its expiry a session is replaced.
const REFRESH: Duration = Duration::from_secs(60);

/// The most sessions held: beyond, those that expired are dropped, and if none has, all.
const MAX_SESSIONS: usize = 100;

/// A session a request needs: whose, and where `CreateSession` goes.
#[derive(Debug, Clone)]
pub(crate) struct Needed {
    pub(crate) key: Key,
    /// `CreateSession`'s endpoint: the request's rules, with `DisableS3ExpressSessionAuth`
    /// (the same bucket's endpoint, signed with the client's credentials). The client's own
    /// S3 operation has no rules: they are the request's service's.
    pub(crate) endpoint: Endpoint,
}

impl Needed {
    /// The session of the request of endpoint parameters `params` (its `Bucket`), for
    /// `credentials`.
    pub(crate) fn of<P: EndpointParams>(mut params: P, credentials: &Credentials) -> Result<Needed, ResolveError> {
        let Some(Value::String(bucket)) = params.get("Bucket") else {
            return Err(ResolveError::new(
                "the endpoint asks for an S3 Express session, but the request names no bucket",
            ));
        };
        params.set("DisableS3ExpressSessionAuth", Value::Bool(true))?;
        Ok(Needed { key: Key::new(bucket.to_string(), credentials), endpoint: params.resolve()? })
    }
}

/// Whose session: a bucket's, for the credentials of an access key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Key {
    pub(crate) bucket: String,
    access_key_id: String,
}

impl Key {
    pub(crate) fn new(bucket: String, credentials: &Credentials) -> Key {
        Key { bucket, access_key_id: credentials.access_key_id().to_owned() }
    }

    /// The input of the `CreateSession` that opens this session.
    pub(crate) fn input(&self) -> Result<s3::CreateSessionRequest, CredentialsError> {
        s3::CreateSessionRequest::builder().bucket(self.bucket.as_str()).build().map_err(|error| self.error(error))
    }

    /// The session's credentials, from what `CreateSession` answered.
    pub(crate) fn credentials(&self, output: s3::CreateSessionOutput) -> Result<Credentials, CredentialsError> {
        let session = output.credentials;
        let expires_at = crate::credentials::system_time(session.expiration)
            .ok_or_else(|| self.error("CreateSession answered with an expiry before 1970"))?;
        Ok(Credentials::new(session.access_key_id, session.secret_access_key)
            .with_session_token(session.session_token)
            .with_expiry(expires_at))
    }

    /// An error of this session: `message` says what went wrong.
    pub(crate) fn error(&self, message: impl std::fmt::Display) -> CredentialsError {
        CredentialsError::new(SOURCE, format!("the session of bucket {}: {message}", self.bucket))
    }
}

/// The sessions a client holds.
#[derive(Debug, Default)]
pub(crate) struct Sessions {
    held: Mutex<HashMap<Key, Arc<Credentials>>>,
}

impl Sessions {
    /// The session of `key`, if one is held that lasts beyond the next minute at `now`.
    pub(crate) fn get(&self, key: &Key, now: SystemTime) -> Option<Arc<Credentials>> {
        let held = self.held.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        held.get(key).filter(|session| lasts(session, now)).cloned()
    }

    /// Keeps `session` as `key`'s.
    pub(crate) fn insert(&self, key: Key, session: Credentials, now: SystemTime) -> Arc<Credentials> {
        let session = Arc::new(session);
        let mut held = self.held.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if held.len() >= MAX_SESSIONS && !held.contains_key(&key) {
            held.retain(|_, session| lasts(session, now));
            if held.len() >= MAX_SESSIONS {
                held.clear();
            }
        }
        held.insert(key, Arc::clone(&session));
        session
    }
}

/// Whether a session lasts beyond [`REFRESH`] from `now`.
fn lasts(session: &Credentials, now: SystemTime) -> bool {
    session.expires_at().is_none_or(|at| at > now + REFRESH)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_is_kept_until_a_minute_before_it_expires() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let base = Credentials::new("AKID", "s");
        let key = Key::new("b--use1-az4--x-s3".into(), &base);
        let sessions = Sessions::default();
        assert!(sessions.get(&key, now).is_none());
        let session = Credentials::new("S", "s").with_session_token("t").with_expiry(now + Duration::from_secs(300));
        sessions.insert(key.clone(), session, now);
        assert_eq!(sessions.get(&key, now + Duration::from_secs(239)).unwrap().access_key_id(), "S");
        assert!(sessions.get(&key, now + Duration::from_secs(240)).is_none());
        // Another key's credentials have their own session.
        let other = Key::new("b--use1-az4--x-s3".into(), &Credentials::new("AKID2", "s"));
        assert!(sessions.get(&other, now).is_none());
        // Beyond the most held, the expired ones go first.
        for n in 0..MAX_SESSIONS {
            let key = Key::new(format!("b{n}--use1-az4--x-s3"), &base);
            sessions.insert(key, Credentials::new("S", "s").with_expiry(now + Duration::from_secs(300)), now);
        }
        assert!(sessions.held.lock().unwrap().len() <= MAX_SESSIONS);
    }
}
