//! Credentials from a program: the profile's `credential_process`, as the AWS CLI runs it.
//!
//! The command line is split as a POSIX shell splits words (quotes and backslashes), and the
//! program is run directly, without a shell. It writes one JSON object on its standard output
//! (the AWS SDKs and Tools Reference Guide, "Process credential provider"):
//!
//! ```json
//! {"Version": 1, "AccessKeyId": "…", "SecretAccessKey": "…", "SessionToken": "…",
//!  "Expiration": "2026-12-08T12:00:00Z", "AccountId": "…"}
//! ```
//!
//! `Version` must be 1; `SessionToken`, `Expiration` (RFC 3339) and `AccountId` are optional.
//! Credentials without `Expiration` do not expire; others are fetched again before they do.

use std::process::{Command, Stdio};

use super::{Credentials, CredentialsError, ProvideCredentials};

/// What the errors of this source are named by.
const SOURCE: &str = "credential_process";

/// The most output read from the program, in bytes: credentials are a few kilobytes.
const MAX_OUTPUT: usize = 1 << 20;

/// Credentials from the program a profile's `credential_process` names.
#[derive(Clone, PartialEq, Eq)]
pub struct ProcessProvider {
    command: String,
    profile: String,
}

impl ProcessProvider {
    /// The source that runs `command`, the `credential_process` of the profile `profile`.
    pub fn new(command: impl Into<String>, profile: impl Into<String>) -> ProcessProvider {
        ProcessProvider { command: command.into(), profile: profile.into() }
    }

    fn error(&self, message: impl std::fmt::Display) -> CredentialsError {
        CredentialsError::new(SOURCE, format!("profile `{}`: {message}", self.profile))
    }
}

/// The command line may hold secrets (a token passed as an argument): only the program's name
/// is shown.
impl std::fmt::Debug for ProcessProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let program = self.command.split_whitespace().next().unwrap_or_default();
        f.debug_struct("ProcessProvider").field("program", &program).field("profile", &self.profile).finish()
    }
}

impl ProvideCredentials for ProcessProvider {
    fn provide(&self) -> Result<Credentials, CredentialsError> {
        let words = shlex::split(&self.command).ok_or_else(|| self.error("the command line has an unclosed quote"))?;
        let (program, args) = words.split_first().ok_or_else(|| self.error("the command line is empty"))?;
        let output = Command::new(program)
            .args(args)
            .stdin(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .map_err(|error| self.error(format_args!("could not run `{program}`: {error}")))?;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let stderr = stderr.trim();
            let said = if stderr.is_empty() { String::new() } else { format!(": {stderr}") };
            return Err(self.error(format_args!("`{program}` failed ({}){said}", output.status)));
        }
        if output.stdout.len() > MAX_OUTPUT {
            return Err(self.error(format_args!("`{program}` wrote more than {MAX_OUTPUT} bytes")));
        }
        read(&output.stdout).map_err(|problem| self.error(format_args!("the output of `{program}`: {problem}")))
    }
}

/// The credentials of a program's output; the error never quotes the output, which holds
/// secrets.
fn read(output: &[u8]) -> Result<Credentials, String> {
    let value: serde_json::Value = serde_json::from_slice(output)
        .map_err(|error| format!("not JSON (line {}, column {})", error.line(), error.column()))?;
    let object = value.as_object().ok_or("not a JSON object")?;
    let string = |key: &str| -> Result<Option<&str>, String> {
        match object.get(key) {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(serde_json::Value::String(text)) => Ok(Some(text)),
            Some(_) => Err(format!("{key} is not a string")),
        }
    };
    match object.get("Version") {
        Some(version) if version.as_u64() == Some(1) => {}
        Some(version) => return Err(format!("Version is {version}, and only 1 is known")),
        None => return Err("no Version".to_owned()),
    }
    let required = |key: &str| string(key)?.filter(|value| !value.is_empty()).ok_or_else(|| format!("no {key}"));
    let mut credentials = Credentials::new(required("AccessKeyId")?, required("SecretAccessKey")?);
    if let Some(token) = string("SessionToken")?.filter(|token| !token.is_empty()) {
        credentials = credentials.with_session_token(token);
    }
    if let Some(account) = string("AccountId")?.filter(|account| !account.is_empty()) {
        credentials = credentials.with_account_id(account);
    }
    if let Some(expiration) = string("Expiration")? {
        credentials = credentials.with_expiry(super::rfc3339(expiration)?);
    }
    Ok(credentials)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, SystemTime};

    fn run(command: &str) -> Result<Credentials, String> {
        ProcessProvider::new(command, "dev").provide().map_err(|error| error.to_string())
    }

    #[test]
    fn a_program_gives_credentials() {
        let credentials =
            run(r#"printf '{"Version": 1, "AccessKeyId": "AKID", "SecretAccessKey": "s3cr3t"}'"#).unwrap();
        assert_eq!((credentials.access_key_id(), credentials.secret_access_key()), ("AKID", "s3cr3t"));
        assert_eq!((credentials.session_token(), credentials.expires_at()), (None, None));
        let full = r#"printf '{"Version": 1, "AccessKeyId": "AKID", "SecretAccessKey": "s", "SessionToken": "t", "Expiration": "2026-12-08T12:00:00Z", "AccountId": "111122223333"}'"#;
        let credentials = run(full).unwrap();
        assert_eq!(credentials.session_token(), Some("t"));
        assert_eq!(credentials.account_id(), Some("111122223333"));
        let expected = SystemTime::UNIX_EPOCH + Duration::from_secs(1_796_731_200);
        assert_eq!(credentials.expires_at(), Some(expected));
        // Quoted words are one argument, as a shell splits them; no shell runs them.
        let quoted = r#"printf "%s" '{"Version": 1, "AccessKeyId": "A B", "SecretAccessKey": "s"}'"#;
        assert_eq!(run(quoted).unwrap().access_key_id(), "A B");
        assert!(run("printf '$HOME'").unwrap_err().contains("not JSON"), "no expansion");
    }

    #[test]
    fn failures_say_what_and_never_show_the_output() {
        assert_eq!(run("false").unwrap_err(), "credential_process: profile `dev`: `false` failed (exit status: 1)");
        let error = run("sh -c 'echo token expired >&2; exit 3'").unwrap_err();
        assert_eq!(error, "credential_process: profile `dev`: `sh` failed (exit status: 3): token expired");
        let error = run("/nonexistent/helper --flag").unwrap_err();
        assert!(
            error.starts_with("credential_process: profile `dev`: could not run `/nonexistent/helper`: "),
            "{error}"
        );
        assert_eq!(run("").unwrap_err(), "credential_process: profile `dev`: the command line is empty");
        assert_eq!(
            run("printf 'x").unwrap_err(),
            "credential_process: profile `dev`: the command line has an unclosed quote"
        );
        let cases = [
            (r#"printf 'SECRETVALUE'"#, "not JSON (line 1, column 1)"),
            (r#"printf '[]'"#, "not a JSON object"),
            (r#"printf '{"AccessKeyId": "A", "SecretAccessKey": "SECRETVALUE"}'"#, "no Version"),
            (
                r#"printf '{"Version": 2, "AccessKeyId": "A", "SecretAccessKey": "SECRETVALUE"}'"#,
                "Version is 2, and only 1 is known",
            ),
            (r#"printf '{"Version": 1, "SecretAccessKey": "SECRETVALUE"}'"#, "no AccessKeyId"),
            (r#"printf '{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": ""}'"#, "no SecretAccessKey"),
            (r#"printf '{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": 7}'"#, "SecretAccessKey is not a string"),
            (
                r#"printf '{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "SECRETVALUE", "Expiration": "soon"}'"#,
                "Expiration \"soon\" is not an RFC 3339 time after 1970",
            ),
        ];
        for (command, problem) in cases {
            let error = run(command).unwrap_err();
            assert_eq!(
                error,
                format!("credential_process: profile `dev`: the output of `printf`: {problem}"),
                "{command}"
            );
            assert!(!error.contains("SECRETVALUE"), "{error}");
        }
        let debug = format!("{:?}", ProcessProvider::new("helper --token SECRETVALUE", "dev"));
        assert!(!debug.contains("SECRETVALUE"), "{debug}");
    }
}
