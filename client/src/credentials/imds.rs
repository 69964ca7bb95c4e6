//! Credentials of an EC2 instance's role, from its instance metadata service (IMDS).
//!
//! As the AWS SDKs and Tools Reference Guide ("IMDS credential provider") describes it:
//! IMDSv2 first, a session token from `PUT /latest/api/token`, then the role's name from
//! `/latest/meta-data/iam/security-credentials/` and its credentials from the same path with
//! the name; IMDSv1 (no token) when the service answers the token request with 403, 404 or
//! 405, unless `AWS_EC2_METADATA_V1_DISABLED` (or `ec2_metadata_v1_disabled`) says not to.
//!
//! - `AWS_EC2_METADATA_DISABLED=true` turns the source off.
//! - The endpoint: `AWS_EC2_METADATA_SERVICE_ENDPOINT` (or `ec2_metadata_service_endpoint`),
//!   else by `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE` (`IPv4`: `http://169.254.169.254`,
//!   `IPv6`: `http://[fd00:ec2::254]`).
//! - Each request may take one second, so that a program off EC2 is not held up: no answer
//!   means the source has nothing to give.
//! - Credentials the service gives already expired (it may, while AWS's credential service is
//!   unavailable) are used for a while longer rather than failing every call, as botocore
//!   too extends them: here they count as valid for another 17 to 23 minutes, so that a fetch
//!   is tried again within 2 to 8 (see [`extended`]).
//!
//! The instance's region, `/latest/meta-data/placement/region`, is the client's region when
//! nothing else configures one ([`ImdsProvider::region`]).

use std::time::{Duration, SystemTime};

use super::{Credentials, CredentialsError, ProvideCredentials};
use crate::config::files::{Env, Profile};

const SOURCE: &str = "instance metadata";

/// How long one request to the service may take.
const TIMEOUT: Duration = Duration::from_secs(1);

/// How long the session token asked for lasts, in seconds (six hours, the most).
const TOKEN_TTL: &str = "21600";

/// The most an answer may hold, in bytes.
const MAX_ANSWER: u64 = 64 * 1024;

const CREDENTIALS_PATH: &str = "/latest/meta-data/iam/security-credentials/";

const REGION_PATH: &str = "/latest/meta-data/placement/region";

/// How long expired credentials are used at least, from when they were fetched (botocore's
/// extension): the advisory refresh window, so that a fetch is tried again after the jitter.
pub const EXTENSION: Duration = super::ADVISORY_REFRESH;

/// Credentials that have expired at `now` (or expire within the mandatory refresh window),
/// valid for [`EXTENSION`] and a jitter of 2 to 8 minutes more; others as they are.
pub fn extended(credentials: Credentials, now: SystemTime) -> Credentials {
    match credentials.expires_at() {
        Some(at) if at <= now + super::MANDATORY_REFRESH => {
            let nanos = now.duration_since(SystemTime::UNIX_EPOCH).map_or(0, |elapsed| elapsed.subsec_nanos());
            let jitter = Duration::from_secs(120 + u64::from(nanos) % 361);
            credentials.with_expiry(now + EXTENSION + jitter)
        }
        _ => credentials,
    }
}

/// Credentials of the instance's role, from its metadata service.
#[derive(Debug, Clone)]
pub struct ImdsProvider {
    endpoint: String,
    v1_disabled: bool,
}

impl ImdsProvider {
    /// The source the environment and the active profile configure, or `None` when
    /// `AWS_EC2_METADATA_DISABLED` turns it off.
    ///
    /// # Errors
    ///
    /// An endpoint mode other than `IPv4` or `IPv6`.
    pub fn from_config(env: &dyn Env, profile: Option<&Profile>) -> Option<Result<ImdsProvider, CredentialsError>> {
        let setting = |variable: &str, key: &str| {
            env.value(variable)
                .or_else(|| profile.and_then(|p| p.get(key)).filter(|v| !v.is_empty()).map(str::to_owned))
        };
        let yes = |value: Option<String>| value.is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
        if yes(env.value("AWS_EC2_METADATA_DISABLED")) {
            return None;
        }
        let endpoint = match setting("AWS_EC2_METADATA_SERVICE_ENDPOINT", "ec2_metadata_service_endpoint") {
            Some(endpoint) => endpoint.trim_end_matches('/').to_owned(),
            None => match setting("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "ec2_metadata_service_endpoint_mode") {
                None => "http://169.254.169.254".to_owned(),
                Some(mode) if mode.eq_ignore_ascii_case("ipv4") => "http://169.254.169.254".to_owned(),
                Some(mode) if mode.eq_ignore_ascii_case("ipv6") => "http://[fd00:ec2::254]".to_owned(),
                Some(mode) => {
                    let message = format!("the endpoint mode {mode:?} is neither `IPv4` nor `IPv6`");
                    return Some(Err(CredentialsError::new(SOURCE, message)));
                }
            },
        };
        let v1_disabled = yes(setting("AWS_EC2_METADATA_V1_DISABLED", "ec2_metadata_v1_disabled"));
        Some(Ok(ImdsProvider { endpoint, v1_disabled }))
    }

    /// `GET path` (with the session token, if any): the answer's status and text.
    fn get(&self, agent: &ureq::Agent, path: &str, token: Option<&str>) -> Result<(u16, String), ureq::Error> {
        let mut request = agent.get(format!("{}{path}", self.endpoint));
        if let Some(token) = token {
            request = request.header("x-aws-ec2-metadata-token", token);
        }
        let mut response = request.call()?;
        let status = response.status().as_u16();
        let text = response.body_mut().with_config().limit(MAX_ANSWER).read_to_string()?;
        Ok((status, text))
    }

    /// A session token; `None` where the service does not give one (IMDSv1 only).
    fn token(&self, agent: &ureq::Agent) -> Result<Option<String>, CredentialsError> {
        let answer = agent
            .put(format!("{}/latest/api/token", self.endpoint))
            .header("x-aws-ec2-metadata-token-ttl-seconds", TOKEN_TTL)
            .send_empty();
        let mut response = answer.map_err(|error| self.unreachable(&error))?;
        match response.status().as_u16() {
            200 => {
                let token = response.body_mut().with_config().limit(MAX_ANSWER).read_to_string();
                Ok(Some(token.map_err(|error| self.failed(format_args!("reading the session token: {error}")))?))
            }
            403..=405 if !self.v1_disabled => Ok(None),
            status => Err(self.failed(format_args!("the session token was refused (status {status})"))),
        }
    }

    /// The service did not answer: off EC2, the source has nothing to give.
    fn unreachable(&self, error: &ureq::Error) -> CredentialsError {
        CredentialsError::not_found(SOURCE, format!("no answer from {}: {error}", self.endpoint))
    }

    fn failed(&self, message: impl std::fmt::Display) -> CredentialsError {
        CredentialsError::new(SOURCE, format!("{}: {message}", self.endpoint))
    }
}

impl ProvideCredentials for ImdsProvider {
    fn provide(&self) -> Result<Credentials, CredentialsError> {
        let agent = super::endpoint_agent(TIMEOUT);
        let token = self.token(&agent)?;
        let (status, roles) = self.get(&agent, CREDENTIALS_PATH, token.as_deref()).map_err(|e| self.unreachable(&e))?;
        match status {
            200 => {}
            404 => {
                return Err(CredentialsError::not_found(
                    SOURCE,
                    format!("{}: the instance has no role", self.endpoint),
                ));
            }
            status => return Err(self.failed(format_args!("the role's name was refused (status {status})"))),
        }
        let role = roles.lines().next().map(str::trim).filter(|role| !role.is_empty());
        let role = role.ok_or_else(|| CredentialsError::not_found(SOURCE, "the instance has no role"))?;
        let path = format!("{CREDENTIALS_PATH}{role}");
        let (status, answer) = self.get(&agent, &path, token.as_deref()).map_err(|e| self.unreachable(&e))?;
        if status != 200 {
            return Err(self.failed(format_args!("the credentials of role `{role}` were refused (status {status})")));
        }
        let credentials = read(&answer).map_err(|problem| self.failed(format_args!("role `{role}`: {problem}")))?;
        Ok(extended(credentials, SystemTime::now()))
    }
}

impl ImdsProvider {
    /// The instance's region, or why there is none (off EC2, the service does not answer).
    ///
    /// # Errors
    ///
    /// No answer, a refusal, or an answer that is not a region's name.
    pub fn region(&self) -> Result<String, CredentialsError> {
        let agent = super::endpoint_agent(TIMEOUT);
        let token = self.token(&agent)?;
        let (status, region) = self.get(&agent, REGION_PATH, token.as_deref()).map_err(|e| self.unreachable(&e))?;
        let region = region.trim();
        let valid = !region.is_empty() && region.bytes().all(|byte| byte.is_ascii_alphanumeric() || byte == b'-');
        match status {
            200 if valid => Ok(region.to_owned()),
            200 => Err(self.failed(format_args!("the region {region:?} is not a region's name"))),
            status => Err(self.failed(format_args!("the region was refused (status {status})"))),
        }
    }
}

/// The credentials of the service's answer, whose `Code` is `Success`; the error never
/// quotes it.
fn read(answer: &str) -> Result<Credentials, String> {
    let value: serde_json::Value = serde_json::from_str(answer).map_err(|_| "the answer is not JSON".to_owned())?;
    match value.get("Code").and_then(serde_json::Value::as_str) {
        Some(code) if code != "Success" => Err(format!("the service says {code:?}")),
        _ => super::from_answer(&value),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::serve;
    use super::*;
    use std::collections::HashMap;
    use std::net::TcpListener;

    fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    const ANSWER: &str = r#"{"Code": "Success", "LastUpdated": "2026-12-08T00:00:00Z", "Type": "AWS-HMAC", "AccessKeyId": "ASIAIMDS", "SecretAccessKey": "s", "Token": "t", "Expiration": "2026-12-08T06:00:00Z", "AccountId": "111122223333"}"#;

    fn provider(url: &str, extra: &[(&str, &str)]) -> ImdsProvider {
        let mut pairs = vec![("AWS_EC2_METADATA_SERVICE_ENDPOINT", url)];
        pairs.extend_from_slice(extra);
        ImdsProvider::from_config(&env(&pairs), None).unwrap().unwrap()
    }

    #[test]
    fn imdsv2_a_token_then_the_role_then_its_credentials() {
        let (url, server) = serve(vec![
            ("PUT /latest/api/token", 200, "TOKEN"),
            ("GET /latest/meta-data/iam/security-credentials/ ", 200, "web-role\n"),
            ("GET /latest/meta-data/iam/security-credentials/web-role ", 200, ANSWER),
        ]);
        let credentials = provider(&url, &[]).provide().unwrap();
        assert_eq!((credentials.access_key_id(), credentials.session_token()), ("ASIAIMDS", Some("t")));
        assert_eq!(credentials.account_id(), Some("111122223333"));
        assert!(credentials.expires_at().is_some());
        let heads = server.join().unwrap();
        let has = |head: &Vec<String>, header: &str| head.iter().any(|line| line.eq_ignore_ascii_case(header));
        assert!(has(&heads[0], "x-aws-ec2-metadata-token-ttl-seconds: 21600"), "{:?}", heads[0]);
        assert!(has(&heads[1], "x-aws-ec2-metadata-token: TOKEN") && has(&heads[2], "x-aws-ec2-metadata-token: TOKEN"));
    }

    #[test]
    fn imdsv1_where_the_token_is_refused_unless_turned_off() {
        let (url, server) = serve(vec![
            ("PUT /latest/api/token", 403, ""),
            ("GET /latest/meta-data/iam/security-credentials/ ", 200, "role"),
            ("GET /latest/meta-data/iam/security-credentials/role ", 200, ANSWER),
        ]);
        assert_eq!(provider(&url, &[]).provide().unwrap().access_key_id(), "ASIAIMDS");
        let heads = server.join().unwrap();
        assert!(!heads[1].iter().any(|line| line.to_ascii_lowercase().starts_with("x-aws-ec2-metadata-token:")));
        let (url, server) = serve(vec![("PUT /latest/api/token", 403, "")]);
        let error = provider(&url, &[("AWS_EC2_METADATA_V1_DISABLED", "true")]).provide().unwrap_err();
        assert_eq!(error.to_string(), format!("instance metadata: {url}: the session token was refused (status 403)"));
        assert!(!error.is_not_found());
        server.join().unwrap();
    }

    #[test]
    fn off_ec2_there_is_nothing_and_it_is_quick() {
        // A port nothing listens on: refused at once.
        let address = TcpListener::bind("127.0.0.1:0").and_then(|listener| listener.local_addr()).unwrap();
        let started = std::time::Instant::now();
        let error = provider(&format!("http://{address}"), &[]).provide().unwrap_err();
        assert!(error.is_not_found(), "{error}");
        assert!(
            error.to_string().starts_with(&format!("instance metadata: no answer from http://{address}: ")),
            "{error}"
        );
        assert!(started.elapsed() < Duration::from_secs(3));
        // An instance without a role.
        let (url, server) = serve(vec![
            ("PUT /latest/api/token", 200, "TOKEN"),
            ("GET /latest/meta-data/iam/security-credentials/ ", 404, ""),
        ]);
        let error = provider(&url, &[]).provide().unwrap_err();
        assert!(error.is_not_found(), "{error}");
        server.join().unwrap();
    }

    #[test]
    fn expired_credentials_last_a_while_then_fresh_ones_are_fetched() {
        use super::super::CredentialsCache;
        let expired = r#"{"Code": "Success", "AccessKeyId": "ASIAOLD", "SecretAccessKey": "s", "Token": "t", "Expiration": "2020-01-01T00:00:00Z"}"#;
        let fresh = r#"{"Code": "Success", "AccessKeyId": "ASIANEW", "SecretAccessKey": "s", "Token": "t", "Expiration": "2100-01-01T00:00:00Z"}"#;
        let (url, server) = serve(vec![
            ("PUT /latest/api/token", 200, "TOKEN"),
            ("GET /latest/meta-data/iam/security-credentials/ ", 200, "role"),
            ("GET /latest/meta-data/iam/security-credentials/role ", 200, expired),
            ("PUT /latest/api/token", 200, "TOKEN"),
            ("GET /latest/meta-data/iam/security-credentials/ ", 200, "role"),
            ("GET /latest/meta-data/iam/security-credentials/role ", 200, fresh),
        ]);
        let cache = CredentialsCache::new(Box::new(provider(&url, &[])));
        let now = SystemTime::now();
        // Expired as served: used, and held for the next calls too.
        let old = cache.get(now).unwrap();
        assert_eq!(old.access_key_id(), "ASIAOLD");
        let until = old.expires_at().unwrap().duration_since(now).unwrap();
        assert!(
            until >= EXTENSION + Duration::from_secs(119) && until <= EXTENSION + Duration::from_secs(481),
            "{until:?}"
        );
        assert_eq!(cache.get(now + Duration::from_secs(60)).unwrap().access_key_id(), "ASIAOLD");
        // Once the jitter has passed, the next call fetches again, and gets fresh ones.
        assert_eq!(cache.get(now + Duration::from_secs(9 * 60)).unwrap().access_key_id(), "ASIANEW");
        server.join().unwrap();
    }

    #[test]
    fn a_slow_service_is_given_up_on_within_the_timeout() {
        // Accepts the connection, never answers.
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let holder = std::thread::spawn(move || {
            let (stream, _) = listener.accept().unwrap();
            std::thread::sleep(Duration::from_secs(3));
            drop(stream);
        });
        let started = std::time::Instant::now();
        let error = provider(&url, &[]).provide().unwrap_err();
        assert!(error.is_not_found(), "{error}");
        assert!(started.elapsed() < Duration::from_millis(2500), "{:?}", started.elapsed());
        holder.join().unwrap();
    }

    #[test]
    fn the_instances_region() {
        let (url, server) = serve(vec![
            ("PUT /latest/api/token", 200, "TOKEN"),
            ("GET /latest/meta-data/placement/region ", 200, "eu-central-2"),
            ("PUT /latest/api/token", 200, "TOKEN"),
            ("GET /latest/meta-data/placement/region ", 200, "<html>"),
        ]);
        assert_eq!(provider(&url, &[]).region().unwrap(), "eu-central-2");
        let error = provider(&url, &[]).region().unwrap_err();
        assert_eq!(
            error.to_string(),
            format!("instance metadata: {url}: the region \"<html>\" is not a region's name")
        );
        server.join().unwrap();
    }

    #[test]
    fn settings_turn_it_off_and_choose_the_endpoint() {
        assert!(ImdsProvider::from_config(&env(&[("AWS_EC2_METADATA_DISABLED", "true")]), None).is_none());
        let ipv6 = ImdsProvider::from_config(&env(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6")]), None);
        assert_eq!(ipv6.unwrap().unwrap().endpoint, "http://[fd00:ec2::254]");
        let default = ImdsProvider::from_config(&env(&[]), None).unwrap().unwrap();
        assert_eq!(default.endpoint, "http://169.254.169.254");
        let error = ImdsProvider::from_config(&env(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "v5")]), None);
        assert_eq!(
            error.unwrap().unwrap_err().to_string(),
            "instance metadata: the endpoint mode \"v5\" is neither `IPv4` nor `IPv6`"
        );
        let (url, server) = serve(vec![
            ("PUT /latest/api/token", 200, "T"),
            ("GET /latest/meta-data/iam/security-credentials/ ", 200, "r"),
            (
                "GET /latest/meta-data/iam/security-credentials/r ",
                200,
                r#"{"Code": "AssumeRoleUnauthorizedAccess", "SecretAccessKey": "SECRETVALUE"}"#,
            ),
        ]);
        let error = provider(&url, &[]).provide().unwrap_err().to_string();
        assert_eq!(
            error,
            format!("instance metadata: {url}: role `r`: the service says \"AssumeRoleUnauthorizedAccess\"")
        );
        server.join().unwrap();
    }
}
