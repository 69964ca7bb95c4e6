//! The default chain: the sources the AWS CLI (botocore) looks in, in its order.
//!
//! 1. The environment's keys: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
//!    `AWS_SESSION_TOKEN`, `AWS_ACCOUNT_ID`.
//! 2. A role the active profile assumes: `role_arn` with `source_profile` (whose credentials
//!    may come from a role of their own, profile after profile: a loop is an error naming the
//!    profiles) or `credential_source` (`Environment`, `Ec2InstanceMetadata`, `EcsContainer`),
//!    with `role_session_name`, `external_id`, `duration_seconds`. `mfa_serial` needs an MFA
//!    code, which only a program can give: build an [`AssumeRoleProvider`] with
//!    [`AssumeRoleProvider::mfa`] for such a profile.
//! 3. A web identity: `AWS_WEB_IDENTITY_TOKEN_FILE` with `AWS_ROLE_ARN` and
//!    `AWS_ROLE_SESSION_NAME`, else the profile's `web_identity_token_file`, `role_arn` and
//!    `role_session_name`.
//! 4. IAM Identity Center ([`SsoProvider`]): the profile's `sso_account_id` and
//!    `sso_role_name`, with `sso_session` or the older `sso_start_url` and `sso_region`.
//! 5. The profile's keys in the credentials file.
//! 6. The profile's `credential_process` ([`ProcessProvider`]).
//! 7. The profile's keys in the config file.
//! 8. The container's endpoint ([`ContainerProvider`]).
//! 9. The instance's metadata ([`ImdsProvider`]).
//!
//! A profile's keys split between the two files (one key in each) count as the credentials
//! file's. A source profile's credentials come from its own 3 to 7 (no environment, as in
//! botocore), or from its own role when it assumes one and has no keys.
//!
//! The AWS SDK for Rust orders some sources differently (its profile chain reads a profile's
//! keys before its web identity and SSO, and the container's endpoint before the
//! environment's web identity); this chain follows botocore, so that a program finds the
//! credentials the AWS CLI on the same machine finds.

use std::path::PathBuf;
use std::sync::Arc;

use super::{
    AssumeRoleProvider, Chain, ContainerProvider, Credentials, CredentialsError, ImdsProvider, Misconfigured,
    ProcessProvider, ProvideCredentials, ProvideToken, SsoProvider, SsoToken, TokenKey, WebIdentityProvider,
};
use crate::config::files::{Env, FileKind, Profile, ProfileFiles};
use crate::config::settings::{Settings, StaticKeys, environment_keys, profile_keys};

/// Where the sources of the chain find what they need.
pub(crate) struct Context<'a> {
    pub(crate) env: &'a dyn Env,
    pub(crate) files: &'a ProfileFiles,
    /// How the sources that call AWS (STS, IAM Identity Center) configure their client:
    /// the client's configuration, without credentials.
    pub(crate) client: &'a crate::Builder,
}

/// What the errors about the configuration of roles are named by.
const PROFILE: &str = "profile";

type Source = Box<dyn ProvideCredentials>;

fn misconfigured(source: &'static str, message: impl Into<String>) -> Source {
    Box::new(Misconfigured(CredentialsError::new(source, message)))
}

/// The chain of the active profile of `settings`, as the module documentation lists it.
pub(crate) fn default_chain(cx: &Context<'_>, settings: &Settings) -> Chain {
    let mut sources = vec![environment_source(cx.env)];
    let profile = settings.profile();
    if let Some(profile) = profile.filter(|profile| assumes_role(profile)) {
        sources.push(match assume_role(cx, profile, &mut Vec::new()) {
            Ok(role) => Box::new(role),
            Err(error) => Box::new(Misconfigured(error)),
        });
    } else {
        sources.extend(profile_sources(cx, profile, settings.profile_name(), true));
    }
    match ContainerProvider::from_env(cx.env) {
        Some(Ok(container)) => sources.push(Box::new(container)),
        Some(Err(error)) => sources.push(Box::new(Misconfigured(error))),
        None => {}
    }
    match ImdsProvider::from_config(cx.env, profile) {
        Some(Ok(imds)) => sources.push(Box::new(imds)),
        Some(Err(error)) => sources.push(Box::new(Misconfigured(error))),
        None => {}
    }
    Chain::new(sources)
}

/// Keys, or why they could not be read, as a source named `name`.
#[derive(Debug)]
struct KeysSource {
    name: &'static str,
    keys: Result<Option<Credentials>, CredentialsError>,
    looked: String,
}

impl ProvideCredentials for KeysSource {
    fn provide(&self) -> Result<Credentials, CredentialsError> {
        match &self.keys {
            Ok(Some(credentials)) => Ok(credentials.clone()),
            Ok(None) => Err(CredentialsError::not_found(self.name, self.looked.clone())),
            Err(error) => Err(error.clone()),
        }
    }
}

/// The environment's static keys.
fn environment_source(env: &dyn Env) -> Source {
    let keys = environment_keys(env)
        .map(|keys| keys.map(StaticKeys::into_credentials))
        .map_err(|error| CredentialsError::new("environment", error.to_string()));
    Box::new(KeysSource {
        name: "environment",
        keys,
        looked: "neither AWS_ACCESS_KEY_ID nor AWS_SECRET_ACCESS_KEY is set".into(),
    })
}

/// The profile's static keys in `file`: those whose access key id is there (with a secret
/// in the same file or the other); a half pair is reported at the credentials file.
fn file_keys_source(profile: &Profile, file: FileKind) -> Source {
    let (name, looked) = match file {
        FileKind::Credentials => ("credentials file", "has no aws_access_key_id and aws_secret_access_key"),
        FileKind::Config => ("config file", "has no aws_access_key_id and aws_secret_access_key"),
    };
    let in_file = |key: &str| profile.location(key).is_some_and(|location| location.file() == file);
    let keys = match profile_keys(profile) {
        Ok(Some(keys)) => {
            let here = match file {
                FileKind::Credentials => in_file("aws_access_key_id") || in_file("aws_secret_access_key"),
                FileKind::Config => in_file("aws_access_key_id") && in_file("aws_secret_access_key"),
            };
            Ok(here.then(|| keys.into_credentials()))
        }
        Ok(None) => Ok(None),
        Err(error) if file == FileKind::Credentials => Err(CredentialsError::new(name, error.to_string())),
        Err(_) => Ok(None),
    };
    Box::new(KeysSource { name, keys, looked: format!("profile `{}` {looked} there", profile.name()) })
}

/// The bearer token of the active profile's IAM Identity Center session (`sso_session`, with
/// the section's `sso_region`), for the services that take tokens.
pub(crate) fn session_token(cx: &Context<'_>, settings: &Settings) -> Option<Arc<dyn ProvideToken>> {
    let profile = settings.profile()?;
    let session_name = set(profile, "sso_session")?;
    let region = set(cx.files.sso_session(session_name)?, "sso_region")?;
    let cache = sso_cache_dir(cx.env)?;
    let key = TokenKey::Session(session_name.to_owned());
    Some(Arc::new(SsoToken::new(key, region, cache, cx.client, profile.name())))
}

/// Where `aws sso login` caches its tokens: `~/.aws/sso/cache`, when there is a home directory.
fn sso_cache_dir(env: &dyn Env) -> Option<PathBuf> {
    Some(crate::config::files::home_dir(env)?.join(".aws").join("sso").join("cache"))
}

/// Whether the profile assumes a role with other credentials: `role_arn` without
/// `web_identity_token_file` (with it, the role is assumed with the token).
fn assumes_role(profile: &Profile) -> bool {
    set(profile, "role_arn").is_some() && set(profile, "web_identity_token_file").is_none()
}

/// A key of a profile (or any section), trimmed, when it is set and not empty.
fn set<'p>(profile: &'p Profile, key: &str) -> Option<&'p str> {
    profile.get(key).map(str::trim).filter(|value| !value.is_empty())
}

/// The sources of a profile after its role: web identity, SSO, the credentials file's keys,
/// the process, the config file's keys. With `with_env`, the web identity of the
/// environment wins over the profile's.
fn profile_sources(cx: &Context<'_>, profile: Option<&Profile>, profile_name: &str, with_env: bool) -> Vec<Source> {
    let mut sources = Vec::new();
    if let Some(source) = web_identity(cx, profile, with_env) {
        sources.push(source);
    }
    let Some(profile) = profile else { return sources };
    if let Some(source) = sso(cx, profile) {
        sources.push(source);
    }
    sources.push(file_keys_source(profile, FileKind::Credentials));
    if let Some(command) = set(profile, "credential_process") {
        sources.push(Box::new(ProcessProvider::new(command, profile_name)));
    }
    sources.push(file_keys_source(profile, FileKind::Config));
    sources
}

/// The web identity of the environment (with `with_env`) or of the profile, if either names
/// a token file.
fn web_identity(cx: &Context<'_>, profile: Option<&Profile>, with_env: bool) -> Option<Source> {
    let env = |variable: &str| if with_env { cx.env.value(variable).filter(|value| !value.is_empty()) } else { None };
    let key = |key: &str| profile.and_then(|profile| set(profile, key)).map(str::to_owned);
    let token_file = env("AWS_WEB_IDENTITY_TOKEN_FILE").or_else(|| key("web_identity_token_file"))?;
    let Some(role_arn) = env("AWS_ROLE_ARN").or_else(|| key("role_arn")) else {
        return Some(misconfigured(
            "web identity",
            format!(
                "a web identity token file ({token_file}) is configured without a role: set AWS_ROLE_ARN or role_arn"
            ),
        ));
    };
    let session_name = env("AWS_ROLE_SESSION_NAME").or_else(|| key("role_session_name"));
    Some(Box::new(WebIdentityProvider::new(PathBuf::from(token_file), role_arn, session_name, cx.client)))
}

/// The profile's IAM Identity Center role, if it names any of `sso_start_url`, `sso_region`,
/// `sso_account_id`, `sso_role_name` (botocore's test).
fn sso(cx: &Context<'_>, profile: &Profile) -> Option<Source> {
    const KEYS: [&str; 4] = ["sso_start_url", "sso_region", "sso_account_id", "sso_role_name"];
    if KEYS.iter().all(|key| set(profile, key).is_none()) {
        return None;
    }
    let name = profile.name();
    let error = |message: String| Some(misconfigured("SSO", format!("profile `{name}`: {message}")));
    let (key, region, start_url) = match set(profile, "sso_session") {
        Some(session_name) => {
            let Some(session) = cx.files.sso_session(session_name) else {
                return error(format!(
                    "sso_session names `{session_name}`, but the config file has no `[sso-session {session_name}]` \
                     section"
                ));
            };
            // The profile may repeat the session's values, but not contradict them.
            for key in ["sso_region", "sso_start_url"] {
                if let (Some(ours), Some(theirs)) = (set(profile, key), set(session, key))
                    && ours != theirs
                {
                    return error(format!("{key} is `{ours}`, but its sso-session `{session_name}` says `{theirs}`"));
                }
            }
            (TokenKey::Session(session_name.to_owned()), set(session, "sso_region"), set(session, "sso_start_url"))
        }
        None => {
            let start_url = set(profile, "sso_start_url");
            (TokenKey::StartUrl(start_url.unwrap_or_default().to_owned()), set(profile, "sso_region"), start_url)
        }
    };
    let account_id = set(profile, "sso_account_id");
    let role_name = set(profile, "sso_role_name");
    let missing: Vec<&str> = [("sso_region", region), ("sso_start_url", start_url), ("sso_account_id", account_id)]
        .into_iter()
        .chain([("sso_role_name", role_name)])
        .filter(|(_, value)| value.is_none())
        .map(|(key, _)| key)
        .collect();
    let (Some(region), Some(account_id), Some(role_name), true) = (region, account_id, role_name, missing.is_empty())
    else {
        return error(format!("IAM Identity Center needs {} too", missing.join(", ")));
    };
    let Some(cache) = sso_cache_dir(cx.env) else {
        return error("no home directory is known to find the SSO token cache (~/.aws/sso/cache) in".into());
    };
    let token = SsoToken::new(key, region, cache, cx.client, name);
    Some(Box::new(SsoProvider::new(account_id, role_name, token)))
}

/// The role `profile` assumes (it [`assumes_role`]), with the credentials of its
/// `source_profile` or `credential_source`. `visited` holds the profiles whose roles lead here.
fn assume_role(
    cx: &Context<'_>,
    profile: &Profile,
    visited: &mut Vec<String>,
) -> Result<AssumeRoleProvider, CredentialsError> {
    let name = profile.name();
    let error = |message: String| Err(CredentialsError::new(PROFILE, format!("profile `{name}`: {message}")));
    let role_arn = set(profile, "role_arn").unwrap_or_default();
    visited.push(name.to_owned());
    let source: Source = match (set(profile, "source_profile"), set(profile, "credential_source")) {
        (Some(_), Some(_)) => return error("role_arn with both source_profile and credential_source: set one".into()),
        (None, None) => return error("role_arn needs source_profile or credential_source".into()),
        (Some(source_name), None) => {
            let Some(source) = cx.files.profile(source_name) else {
                return error(format!("source_profile names `{source_name}`, which is not defined"));
            };
            // A profile with keys of its own gives them, even when it names a role too (a
            // profile may be its own source).
            let has_keys = matches!(profile_keys(source), Ok(Some(_)));
            if assumes_role(source) && !has_keys {
                if visited.iter().any(|seen| seen == source_name) {
                    visited.push(source_name.to_owned());
                    return error(format!("its source profiles loop: {}", visited.join(" -> ")));
                }
                Box::new(assume_role(cx, source, visited)?)
            } else {
                Box::new(Chain::new(profile_sources(cx, Some(source), source_name, false)))
            }
        }
        (None, Some(credential_source)) => match credential_source {
            "Environment" => environment_source(cx.env),
            "Ec2InstanceMetadata" => match ImdsProvider::from_config(cx.env, Some(profile)) {
                Some(Ok(imds)) => Box::new(imds),
                Some(Err(error)) => return Err(error),
                None => {
                    return error(
                        "credential_source is Ec2InstanceMetadata, but AWS_EC2_METADATA_DISABLED is set".into(),
                    );
                }
            },
            "EcsContainer" => match ContainerProvider::from_env(cx.env) {
                Some(Ok(container)) => Box::new(container),
                Some(Err(error)) => return Err(error),
                None => {
                    return error(
                        "credential_source is EcsContainer, but neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor \
                         AWS_CONTAINER_CREDENTIALS_FULL_URI is set"
                            .into(),
                    );
                }
            },
            other => {
                return error(format!(
                    "credential_source is `{other}`; it must be Environment, Ec2InstanceMetadata or EcsContainer"
                ));
            }
        },
    };
    if let Some(serial) = set(profile, "mfa_serial") {
        return error(format!(
            "the role needs a code of the MFA device {serial}, which only a program can give: use an \
             AssumeRoleProvider with mfa()"
        ));
    }
    let mut role = AssumeRoleProvider::new(role_arn, source, cx.client).in_profile(name);
    if let Some(session_name) = set(profile, "role_session_name") {
        role = role.session_name(session_name);
    }
    if let Some(external_id) = set(profile, "external_id") {
        role = role.external_id(external_id);
    }
    if let Some(seconds) = set(profile, "duration_seconds") {
        match seconds.parse::<i32>() {
            Ok(seconds) if seconds > 0 => role = role.duration_seconds(seconds),
            _ => return error(format!("duration_seconds is `{seconds}`, but it must be a number of seconds")),
        }
    }
    Ok(role)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::path::Path;

    use super::super::testing::serve;
    use crate::config::files::ProfileFiles;
    use crate::{Builder, Client};

    /// A client of the environment `vars` and the files, calling `url` for every service;
    /// the instance metadata service is off.
    fn client(url: Option<&str>, vars: &[(&str, &str)], config: &str, credentials: &str) -> Client {
        let mut env: HashMap<String, String> = vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        env.insert("AWS_EC2_METADATA_DISABLED".into(), "true".into());
        if let Some(url) = url {
            env.insert("AWS_ENDPOINT_URL".into(), url.to_owned());
        }
        Builder::from_config(&env, ProfileFiles::parse(config, credentials).unwrap()).unwrap().without_proxy().build()
    }

    fn error(client: &Client) -> String {
        client.credentials().unwrap_err().to_string()
    }

    /// STS's answer to `AssumeRole` (or another action), with the key `key`.
    fn assumed(action: &str, key: &str) -> &'static str {
        let xml = format!(
            "<{action}Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><{action}Result>\
             <AssumedRoleUser><AssumedRoleId>AROAEXAMPLE:s</AssumedRoleId>\
             <Arn>arn:aws:sts::123456789012:assumed-role/r/s</Arn></AssumedRoleUser>\
             <Credentials><AccessKeyId>{key}</AccessKeyId><SecretAccessKey>SECRET{key}</SecretAccessKey>\
             <SessionToken>TOKEN{key}</SessionToken><Expiration>2100-01-01T00:00:00Z</Expiration></Credentials>\
             </{action}Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></{action}Response>"
        );
        Box::leak(xml.into_boxed_str())
    }

    fn has(request: &[String], text: &str) -> bool {
        request.iter().any(|line| line.contains(text))
    }

    /// A folder of its own under the system's temporary folder.
    fn temp_dir(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("shapegen-chain-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_role_assumed_through_a_chain_of_profiles() {
        let (url, server) = serve(vec![
            ("POST / ", 200, assumed("AssumeRole", "ASIABASE")),
            ("POST / ", 200, assumed("AssumeRole", "ASIADEV")),
        ]);
        let config = "[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/dev\nsource_profile = base\n\
                      role_session_name = me\nexternal_id = EXT\nduration_seconds = 900\n\
                      [profile base]\nrole_arn = arn:aws:iam::123456789012:role/base\nsource_profile = keys\n";
        let credentials = "[keys]\naws_access_key_id = AKIDSOURCE\naws_secret_access_key = SOURCESECRET\n";
        let client = client(Some(&url), &[("AWS_PROFILE", "dev"), ("AWS_REGION", "eu-west-1")], config, credentials);
        let got = client.credentials().unwrap();
        assert_eq!((got.access_key_id(), got.session_token()), ("ASIADEV", Some("TOKENASIADEV")));
        assert_eq!(got.account_id(), Some("123456789012"));
        let requests = server.join().unwrap();
        // The base role with the keys; the dev role with the base role's credentials.
        assert!(has(&requests[0], "Credential=AKIDSOURCE/"), "{:?}", requests[0]);
        assert!(has(&requests[0], "/eu-west-1/sts/aws4_request"), "{:?}", requests[0]);
        assert!(has(
            &requests[0],
            "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fbase"
        ));
        assert!(has(&requests[0], "RoleSessionName=shapegen-session-"), "{:?}", requests[0]);
        assert!(has(&requests[1], "Credential=ASIABASE/") && has(&requests[1], "TOKENASIABASE"), "{:?}", requests[1]);
        assert!(has(&requests[1], "RoleSessionName=me") && has(&requests[1], "ExternalId=EXT"), "{:?}", requests[1]);
        assert!(has(&requests[1], "DurationSeconds=900"), "{:?}", requests[1]);
        // Secrets are in no Debug of the client.
        let debug = format!("{client:?}");
        assert!(!debug.contains("SOURCESECRET") && !debug.contains("SECRETASIADEV"), "{debug}");
    }

    #[test]
    fn role_profiles_configured_wrongly_are_named() {
        let loops = "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n\
                     [profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = a\n";
        assert_eq!(
            error(&client(None, &[("AWS_PROFILE", "a")], loops, "")),
            "profile: profile `b`: its source profiles loop: a -> b -> a"
        );
        let cases = [
            ("role_arn = r", "profile `p`: role_arn needs source_profile or credential_source"),
            (
                "role_arn = r\nsource_profile = p\ncredential_source = Environment",
                "profile `p`: role_arn with both source_profile and credential_source: set one",
            ),
            ("role_arn = r\nsource_profile = q", "profile `p`: source_profile names `q`, which is not defined"),
            (
                "role_arn = r\ncredential_source = Ec2",
                "profile `p`: credential_source is `Ec2`; it must be Environment, Ec2InstanceMetadata or EcsContainer",
            ),
            (
                "role_arn = r\ncredential_source = EcsContainer",
                "profile `p`: credential_source is EcsContainer, but neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI \
                 nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set",
            ),
            (
                "role_arn = r\ncredential_source = Environment\nmfa_serial = arn:aws:iam::1:mfa/me",
                "profile `p`: the role needs a code of the MFA device arn:aws:iam::1:mfa/me, which only a program \
                 can give: use an AssumeRoleProvider with mfa()",
            ),
            (
                "role_arn = r\ncredential_source = Environment\nduration_seconds = an hour",
                "profile `p`: duration_seconds is `an hour`, but it must be a number of seconds",
            ),
        ];
        for (profile, expected) in cases {
            let config = format!("[profile p]\n{profile}\n");
            assert_eq!(error(&client(None, &[("AWS_PROFILE", "p")], &config, "")), format!("profile: {expected}"));
        }
        // A role whose source has nothing to give fails, naming the role's profile.
        let config = "[profile p]\nrole_arn = r\ncredential_source = Environment\n";
        assert_eq!(
            error(&client(None, &[("AWS_PROFILE", "p")], config, "")),
            "assume role: profile `p`: the credentials to assume it with: environment: neither AWS_ACCESS_KEY_ID nor \
             AWS_SECRET_ACCESS_KEY is set"
        );
    }

    #[test]
    fn a_profile_may_be_its_own_source() {
        let (url, server) = serve(vec![("POST / ", 200, assumed("AssumeRole", "ASIASELF"))]);
        let config = "[profile self]\nrole_arn = arn:aws:iam::1:role/self\nsource_profile = self\n\
                      aws_access_key_id = AKIDSELF\naws_secret_access_key = s\n";
        let own = client(Some(&url), &[("AWS_PROFILE", "self")], config, "");
        assert_eq!(own.credentials().unwrap().access_key_id(), "ASIASELF");
        assert!(has(&server.join().unwrap()[0], "Credential=AKIDSELF/"));
        // The environment's keys come before any role, as in botocore.
        let vars = [("AWS_PROFILE", "self"), ("AWS_ACCESS_KEY_ID", "AKIDENV"), ("AWS_SECRET_ACCESS_KEY", "s")];
        assert_eq!(client(None, &vars, config, "").credentials().unwrap().access_key_id(), "AKIDENV");
    }

    #[test]
    fn a_web_identity_from_the_environment_or_the_profile() {
        let dir = temp_dir("web");
        let token_file = dir.join("token");
        std::fs::write(&token_file, "eyJWEBTOKEN\n").unwrap();
        let (url, server) = serve(vec![
            ("POST / ", 200, assumed("AssumeRoleWithWebIdentity", "ASIAWEB")),
            ("POST / ", 200, assumed("AssumeRoleWithWebIdentity", "ASIAPROFILE")),
        ]);
        let path = token_file.to_str().unwrap();
        let vars = [
            ("AWS_WEB_IDENTITY_TOKEN_FILE", path),
            ("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/web"),
            ("AWS_ROLE_SESSION_NAME", "pod"),
        ];
        let web = client(Some(&url), &vars, "", "");
        assert_eq!(web.credentials().unwrap().access_key_id(), "ASIAWEB");
        let config = format!("[default]\nweb_identity_token_file = {path}\nrole_arn = arn:aws:iam::1:role/p\n");
        let profile = client(Some(&url), &[], &config, "");
        assert_eq!(profile.credentials().unwrap().access_key_id(), "ASIAPROFILE");
        let requests = server.join().unwrap();
        // Unsigned, as the model says, with the file's token.
        assert!(!requests[0].iter().any(|line| line.to_ascii_lowercase().starts_with("authorization:")));
        assert!(has(&requests[0], "Action=AssumeRoleWithWebIdentity"), "{:?}", requests[0]);
        assert!(has(&requests[0], "RoleSessionName=pod&WebIdentityToken=eyJWEBTOKEN"), "{:?}", requests[0]);
        assert!(has(&requests[1], "RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fp"), "{:?}", requests[1]);
        // A token file without a role, and a file that is not there.
        assert_eq!(
            error(&client(None, &vars[..1], "", "")),
            format!(
                "web identity: a web identity token file ({path}) is configured without a role: set AWS_ROLE_ARN or role_arn"
            )
        );
        let missing = dir.join("missing");
        let vars = [("AWS_WEB_IDENTITY_TOKEN_FILE", missing.to_str().unwrap()), vars[1]];
        let message = error(&client(None, &vars, "", ""));
        assert!(
            message.starts_with(&format!(
                "web identity: arn:aws:iam::123456789012:role/web: the token file {}: ",
                missing.display()
            )),
            "{message}"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    /// Writes an SSO token cache file for `key` under `home`.
    fn cache_token(home: &Path, key: &super::TokenKey, token: &serde_json::Value) -> std::path::PathBuf {
        let dir = home.join(".aws/sso/cache");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(key.cache_file_name());
        std::fs::write(&path, token.to_string()).unwrap();
        path
    }

    fn rfc3339(offset: i64) -> String {
        jiff::Timestamp::now().checked_add(jiff::SignedDuration::from_secs(offset)).unwrap().to_string()
    }

    #[test]
    fn sso_credentials_for_a_cached_token_refreshed_when_it_must_be() {
        let home = temp_dir("sso");
        let key = super::TokenKey::Session("my-sso".into());
        // Five minutes left: within the refresh window.
        let path = cache_token(
            &home,
            &key,
            &serde_json::json!({
                "startUrl": "https://d-abc123.awsapps.com/start", "region": "us-west-2",
                "accessToken": "OLDTOKEN", "expiresAt": rfc3339(300), "refreshToken": "REFRESH",
                "clientId": "CLIENT", "clientSecret": "CLIENTSECRET", "registrationExpiresAt": rfc3339(86_400),
            }),
        );
        let (url, server) = serve(vec![
            (
                "POST /token ",
                200,
                r#"{"accessToken": "NEWTOKEN", "expiresIn": 28800, "refreshToken": "NEWREFRESH", "tokenType": "Bearer"}"#,
            ),
            (
                "GET /federation/credentials?",
                200,
                r#"{"roleCredentials": {"accessKeyId": "ASIASSO", "secretAccessKey": "SSOSECRET", "sessionToken": "SSOTOKEN", "expiration": 4102444800000}}"#,
            ),
        ]);
        let config = "[profile dev]\nsso_session = my-sso\nsso_account_id = 111122223333\nsso_role_name = Admin\n\
                      [sso-session my-sso]\nsso_region = us-west-2\nsso_start_url = https://d-abc123.awsapps.com/start\n";
        let vars = [("AWS_PROFILE", "dev"), ("HOME", home.to_str().unwrap())];
        let got = client(Some(&url), &vars, config, "").credentials().unwrap();
        assert_eq!((got.access_key_id(), got.account_id()), ("ASIASSO", Some("111122223333")));
        let requests = server.join().unwrap();
        assert!(
            has(&requests[0], r#""refreshToken":"REFRESH""#) && has(&requests[0], r#""grantType":"refresh_token""#)
        );
        assert!(has(&requests[1], "role_name=Admin") && has(&requests[1], "account_id=111122223333"));
        assert!(has(&requests[1], "x-amz-sso_bearer_token: NEWTOKEN"), "{:?}", requests[1]);
        // The cache holds the new token, and what it held besides.
        let cached: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        assert_eq!(
            (cached["accessToken"].as_str(), cached["refreshToken"].as_str()),
            (Some("NEWTOKEN"), Some("NEWREFRESH"))
        );
        assert_eq!(cached["clientSecret"], "CLIENTSECRET");

        // The older form: a token found by its start URL, which cannot be refreshed.
        let legacy = "[default]\nsso_start_url = https://d-abc123.awsapps.com/start\nsso_region = us-west-2\n\
                      sso_account_id = 111122223333\nsso_role_name = Admin\n";
        let key = super::TokenKey::StartUrl("https://d-abc123.awsapps.com/start".into());
        let path = cache_token(&home, &key, &serde_json::json!({"accessToken": "T", "expiresAt": rfc3339(-60)}));
        let vars = [("HOME", home.to_str().unwrap())];
        assert_eq!(
            error(&client(None, &vars, legacy, "")),
            format!(
                "SSO: profile `default`: the SSO token in {} has expired; run `aws sso login --profile default`",
                path.display()
            )
        );
        std::fs::remove_file(&path).unwrap();
        let message = error(&client(None, &vars, legacy, ""));
        assert!(
            message.starts_with(&format!("SSO: profile `default`: the SSO token cache {}: ", path.display())),
            "{message}"
        );
        assert!(message.ends_with("run `aws sso login --profile default`"), "{message}");
        // A profile that says too little.
        assert_eq!(
            error(&client(
                None,
                &vars,
                "[default]\nsso_account_id = 1\nsso_session = s\n[sso-session s]\nsso_region = r\n",
                ""
            )),
            "SSO: profile `default`: IAM Identity Center needs sso_start_url, sso_role_name too"
        );
        std::fs::remove_dir_all(home).unwrap();
    }

    #[test]
    fn the_files_keys_and_the_process_in_botocore_order() {
        let process = "credential_process = printf '{\"Version\": 1, \"AccessKeyId\": \"AKIDPROCESS\", \"SecretAccessKey\": \"s\"}'\n";
        let keys = |id: &str| format!("aws_access_key_id = {id}\naws_secret_access_key = s\n");
        // The credentials file's keys, then the process, then the config file's keys.
        let config = format!("[default]\n{process}{}", keys("AKIDCONFIG"));
        let id = |config: &str, credentials: &str| {
            client(None, &[], config, credentials).credentials().unwrap().access_key_id().to_owned()
        };
        assert_eq!(id(&config, &format!("[default]\n{}", keys("AKIDCREDENTIALS"))), "AKIDCREDENTIALS");
        assert_eq!(id(&config, ""), "AKIDPROCESS");
        assert_eq!(id(&format!("[default]\n{}", keys("AKIDCONFIG")), ""), "AKIDCONFIG");
        // Where nothing answers, each source says why.
        assert_eq!(
            error(&client(None, &[], "[default]\nregion = eu-west-1\n", "")),
            "no credentials in the credentials chain (environment: neither AWS_ACCESS_KEY_ID nor AWS_SECRET_ACCESS_KEY \
             is set; credentials file: profile `default` has no aws_access_key_id and aws_secret_access_key there; \
             config file: profile `default` has no aws_access_key_id and aws_secret_access_key there)"
        );
    }

    #[test]
    fn no_secret_in_debug_or_errors() {
        const SECRETS: [&str; 6] =
            ["SECRETKEY", "SECRETTOKEN", "SECRETBEARER", "SECRETCONTAINER", "SECRETSSO", "SECRETPROC"];
        let clean = |text: &str| {
            for secret in SECRETS {
                assert!(!text.contains(secret), "{secret} in {text}");
            }
        };
        let home = temp_dir("secrets");
        let vars = [
            ("AWS_ACCESS_KEY_ID", "AKID"),
            ("AWS_SECRET_ACCESS_KEY", "SECRETKEY"),
            ("AWS_SESSION_TOKEN", "SECRETTOKEN"),
            ("AWS_BEARER_TOKEN_BEDROCK", "SECRETBEARER"),
            ("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:1/creds"),
            ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "SECRETCONTAINER"),
            ("HOME", home.to_str().unwrap()),
        ];
        let config = "[default]\nsso_session = s\nsso_account_id = 1\nsso_role_name = r\n\
                      [sso-session s]\nsso_region = us-east-1\nsso_start_url = https://x.awsapps.com/start\n";
        let configured = client(None, &vars, config, "");
        clean(&format!("{configured:?}"));
        clean(&format!("{:?}", configured.credentials().unwrap()));
        // A token cache that cannot be read, and a process whose output cannot be: their errors
        // say why without quoting them.
        let key = super::TokenKey::Session("s".into());
        cache_token(&home, &key, &serde_json::json!({"accessToken": "SECRETSSO", "expiresAt": "soon"}));
        let sso = client(None, &[("HOME", home.to_str().unwrap())], config, "");
        let message = error(&sso);
        assert!(message.contains("is not an RFC 3339 time"), "{message}");
        clean(&message);
        let process = "[default]\ncredential_process = printf '{\"Version\": 1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"SECRETPROC\", \"Expiration\": 7}'\n";
        clean(&error(&client(None, &[], process, "")));
        std::fs::remove_dir_all(home).unwrap();
    }
}
