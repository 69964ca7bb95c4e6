//! Credentials from the container's endpoint: what ECS tasks and EKS pods (Pod Identity) get.
//!
//! As the AWS SDKs and Tools Reference Guide ("Container credential provider") describes it:
//!
//! - `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`: a path on ECS's endpoint, `http://169.254.170.2`;
//! - else `AWS_CONTAINER_CREDENTIALS_FULL_URI`: a whole URL, which over plain HTTP must be a
//!   loopback address or one of the container hosts (ECS's `169.254.170.2`, EKS's
//!   `169.254.170.23` and `fd00:ec2::23`);
//! - the `Authorization` header: the contents of `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`, else
//!   `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
//!
//! The endpoint answers JSON: `AccessKeyId`, `SecretAccessKey`, `Token`, `Expiration`
//! (RFC 3339) and, lately, `AccountId`.

use std::time::Duration;

use super::{Credentials, CredentialsError, ProvideCredentials};
use crate::config::files::Env;

const SOURCE: &str = "container credentials";

/// ECS's credentials endpoint, which `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` is a path on.
const ECS_ENDPOINT: &str = "http://169.254.170.2";

/// The hosts a full URI may name over plain HTTP, beside loopback addresses.
const CONTAINER_HOSTS: &[&str] = &["169.254.170.2", "169.254.170.23", "[fd00:ec2::23]"];

/// How long a request to the endpoint may take: it is on the container's own network.
const TIMEOUT: Duration = Duration::from_secs(2);

/// The most response read, in bytes.
const MAX_RESPONSE: u64 = 64 * 1024;

/// Where the token of the `Authorization` header comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    None,
    /// `AWS_CONTAINER_AUTHORIZATION_TOKEN`'s value, kept secret.
    Value(String),
    /// `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`: read at each fetch, since it rotates.
    File(String),
}

/// Credentials from the container's credentials endpoint.
#[derive(Clone)]
pub struct ContainerProvider {
    uri: String,
    token: Token,
}

impl ContainerProvider {
    /// The source the environment configures, or `None` when it names no endpoint.
    ///
    /// # Errors
    ///
    /// A full URI that is not allowed: plain HTTP to a host that is neither a loopback
    /// address nor a container host.
    pub fn from_env(env: &dyn Env) -> Option<Result<ContainerProvider, CredentialsError>> {
        let uri = match (
            env.value("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"),
            env.value("AWS_CONTAINER_CREDENTIALS_FULL_URI"),
        ) {
            (Some(path), _) => format!("{ECS_ENDPOINT}{path}"),
            (None, Some(uri)) => {
                if let Err(problem) = allowed(&uri) {
                    return Some(Err(CredentialsError::new(
                        SOURCE,
                        format!("AWS_CONTAINER_CREDENTIALS_FULL_URI {uri:?}: {problem}"),
                    )));
                }
                uri
            }
            (None, None) => return None,
        };
        let token =
            match (env.value("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"), env.value("AWS_CONTAINER_AUTHORIZATION_TOKEN"))
            {
                (Some(path), _) => Token::File(path),
                (None, Some(token)) => Token::Value(token),
                (None, None) => Token::None,
            };
        Some(Ok(ContainerProvider { uri, token }))
    }

    fn error(&self, message: impl std::fmt::Display) -> CredentialsError {
        CredentialsError::new(SOURCE, format!("{}: {message}", self.uri))
    }
}

/// Whether `uri` may be asked for credentials: HTTPS to any host, plain HTTP to a loopback
/// address or a container host.
fn allowed(uri: &str) -> Result<(), &'static str> {
    let uri: http::Uri = uri.parse().map_err(|_| "not a URI")?;
    let host = uri.host().ok_or("no host")?;
    match uri.scheme_str() {
        Some("https") => Ok(()),
        Some("http") => {
            let bare = host.trim_start_matches('[').trim_end_matches(']');
            let loopback = host == "localhost" || bare.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
            if loopback || CONTAINER_HOSTS.contains(&host) {
                Ok(())
            } else {
                Err("plain HTTP is allowed to a loopback address or the container hosts only")
            }
        }
        _ => Err("neither http nor https"),
    }
}

/// The token, if set, is never shown.
impl std::fmt::Debug for ContainerProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let token = match &self.token {
            Token::None => "none",
            Token::Value(_) => shapegen_runtime::REDACTED,
            Token::File(_) => "from a file",
        };
        f.debug_struct("ContainerProvider").field("uri", &self.uri).field("token", &token).finish()
    }
}

impl ProvideCredentials for ContainerProvider {
    fn provide(&self) -> Result<Credentials, CredentialsError> {
        let token = match &self.token {
            Token::None => None,
            Token::Value(token) => Some(token.clone()),
            Token::File(path) => Some(
                std::fs::read_to_string(path)
                    .map_err(|error| self.error(format_args!("the token file {path}: {error}")))?
                    .trim()
                    .to_owned(),
            ),
        };
        let agent = super::endpoint_agent(TIMEOUT);
        let mut request = agent.get(&self.uri);
        if let Some(token) = &token {
            request = request.header("Authorization", token);
        }
        let mut response = request.call().map_err(|error| self.error(error))?;
        let status = response.status();
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_RESPONSE)
            .read_to_vec()
            .map_err(|error| self.error(format_args!("reading the answer: {error}")))?;
        if !status.is_success() {
            return Err(self.error(format_args!("status {status}")));
        }
        read(&body).map_err(|problem| self.error(problem))
    }
}

/// The credentials of the endpoint's answer; the error never quotes it.
fn read(body: &[u8]) -> Result<Credentials, String> {
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|_| "the answer is not JSON".to_owned())?;
    super::from_answer(&value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    /// A server on loopback that answers one request with `status` and `body`; its URL (with
    /// the path of an ECS endpoint) and the request's head.
    fn serve(status: u16, body: &'static str) -> (String, std::thread::JoinHandle<Vec<String>>) {
        let (url, server) = super::super::testing::serve(vec![("GET /v2/credentials/abc ", status, body)]);
        let head = std::thread::spawn(move || server.join().unwrap().remove(0));
        (format!("{url}/v2/credentials/abc"), head)
    }

    #[test]
    fn credentials_from_the_endpoint_with_its_token() {
        let body = r#"{"AccessKeyId": "ASIACONTAINER", "SecretAccessKey": "s", "Token": "t", "Expiration": "2026-12-08T12:00:00Z", "AccountId": "111122223333"}"#;
        let (url, server) = serve(200, body);
        let env =
            env(&[("AWS_CONTAINER_CREDENTIALS_FULL_URI", &url), ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "SECRETTOKEN")]);
        let provider = ContainerProvider::from_env(&env).unwrap().unwrap();
        assert!(!format!("{provider:?}").contains("SECRETTOKEN"));
        let credentials = provider.provide().unwrap();
        assert_eq!(credentials.access_key_id(), "ASIACONTAINER");
        assert_eq!((credentials.session_token(), credentials.account_id()), (Some("t"), Some("111122223333")));
        assert!(credentials.expires_at().is_some());
        let head = server.join().unwrap();
        assert_eq!(head[0], "GET /v2/credentials/abc HTTP/1.1");
        assert!(head.iter().any(|line| line.eq_ignore_ascii_case("authorization: SECRETTOKEN")), "{head:?}");
    }

    #[test]
    fn the_token_file_is_read_at_each_fetch() {
        let dir = std::env::temp_dir().join(format!("shapegen-container-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("token");
        std::fs::write(&file, "FROMFILE\n").unwrap();
        let (url, server) = serve(200, r#"{"AccessKeyId": "A", "SecretAccessKey": "s"}"#);
        let env = env(&[
            ("AWS_CONTAINER_CREDENTIALS_FULL_URI", &url),
            ("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", file.to_str().unwrap()),
            ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "ignored"),
        ]);
        ContainerProvider::from_env(&env).unwrap().unwrap().provide().unwrap();
        let head = server.join().unwrap();
        assert!(head.iter().any(|line| line.eq_ignore_ascii_case("authorization: FROMFILE")), "{head:?}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn only_allowed_endpoints_and_clear_failures() {
        assert!(ContainerProvider::from_env(&env(&[])).is_none());
        let relative = ContainerProvider::from_env(&env(&[("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/x")]));
        assert_eq!(relative.unwrap().unwrap().uri, "http://169.254.170.2/v2/x");
        for uri in [
            "http://169.254.170.23/v1/credentials",
            "http://[fd00:ec2::23]/",
            "http://[::1]:80/",
            "https://example.com/",
        ] {
            assert_eq!(allowed(uri), Ok(()), "{uri}");
        }
        let error =
            ContainerProvider::from_env(&env(&[("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://example.com/creds")]))
                .unwrap()
                .unwrap_err();
        assert_eq!(
            error.to_string(),
            "container credentials: AWS_CONTAINER_CREDENTIALS_FULL_URI \"http://example.com/creds\": plain HTTP is allowed to a loopback address or the container hosts only"
        );
        let (url, server) = serve(500, "SECRETVALUE");
        let env_500 = env(&[("AWS_CONTAINER_CREDENTIALS_FULL_URI", &url)]);
        let error = ContainerProvider::from_env(&env_500).unwrap().unwrap().provide().unwrap_err().to_string();
        assert_eq!(error, format!("container credentials: {url}: status 500 Internal Server Error"));
        server.join().unwrap();
        let (url, server) =
            serve(200, r#"{"AccessKeyId": "A", "SecretAccessKey": "SECRETVALUE", "Expiration": "later"}"#);
        let env_bad = env(&[("AWS_CONTAINER_CREDENTIALS_FULL_URI", &url)]);
        let error = ContainerProvider::from_env(&env_bad).unwrap().unwrap().provide().unwrap_err().to_string();
        assert_eq!(
            error,
            format!("container credentials: {url}: Expiration \"later\" is not an RFC 3339 time after 1970")
        );
        server.join().unwrap();
    }
}
