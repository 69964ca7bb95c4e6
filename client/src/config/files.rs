//! AWS's shared `config` and `credentials` files, read the way the AWS SDKs read them.
//!
//! # Where the files are
//!
//! The config file is `AWS_CONFIG_FILE`, else `~/.aws/config`; the credentials file is
//! `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`. A leading `~` (alone, or followed
//! by `/` or `\`) is the home directory: `HOME`, else `USERPROFILE`, else `HOMEDRIVE` followed
//! by `HOMEPATH`. `~user` is not expanded, and neither are environment variables inside a path.
//! A file that does not exist reads as empty; one that exists but cannot be read, or is not
//! UTF-8, is an error naming it. Without a home directory the default paths are not looked at,
//! while a path set in a variable that begins with `~` is an error.
//!
//! # The format
//!
//! These are the rules of the profile-file test cases the AWS SDKs share (the SDK for Rust runs
//! them in `aws-config`).
//!
//! - A blank line is skipped, and so is a comment line: one whose first character other than a
//!   space or tab is `#` or `;`.
//! - `[name]` begins a section. Text after the closing `]` must be a comment, which needs no
//!   space before it: `[profile dev]# note`. A header that does not end with `]` is an error.
//! - `key = value` sets a property; spaces and tabs around both are trimmed, and the value is
//!   everything after the first `=`. A `#` or `;` *preceded by a space or tab* begins a
//!   comment (`region = us-east-1 # note`); one that is not stays in the value
//!   (`url = https://host/#frag`). The rule is the same in both files.
//! - Keys are case-insensitive: they are kept in lower case, as the SDKs and the AWS CLI both
//!   keep them (`AWS_ACCESS_KEY_ID = x` is `aws_access_key_id`). Section and profile names
//!   are case-sensitive.
//! - An indented line continues the property above it: the value becomes
//!   `first line` + `\n` + `indented line, trimmed`. When the property's own value is empty,
//!   each indented line must be a sub-property, `subkey = value`:
//!
//!   ```text
//!   [profile dev]
//!   s3 =
//!     addressing_style = path
//!   services = local
//!
//!   [services local]
//!   dynamodb =
//!     endpoint_url = http://localhost:8000
//!   ```
//!
//!   Sub-property keys keep their case, as in the CLI and the SDK for Rust, and comments are
//!   not removed from sub-property or continuation lines.
//! - These are errors, naming the file and line: a property or indented line before any
//!   section, an indented line with no property above it in its section, a line with no `=`,
//!   an empty key or sub-property key, and a malformed section header. Lines are checked in
//!   sections that are then ignored too.
//!
//! # What the sections mean
//!
//! - Config file: `[default]` and `[profile NAME]` are profiles, `[sso-session NAME]` and
//!   `[services NAME]` are what their names say. `[NAME]` other than `[default]` is ignored, as
//!   is any other kind of section.
//! - Credentials file: `[NAME]` is a profile; a `[profile NAME]` section, or any other
//!   section with two words, is ignored.
//! - Names and keys may use only ASCII letters, digits and `_-/.%@:+`; a section or key with
//!   any other character is ignored (sub-property keys are not checked).
//! - If the config file has a `[profile default]`, every `[default]` of that file is ignored.
//! - Sections of the same name merge; a key set twice keeps its later value. A profile's keys
//!   from the credentials file win over the same keys from the config file.
//!
//! Whatever is ignored is listed by [`ProfileFiles::ignored`], so that a tool can explain why
//! a section it expected is not there.
//!
//! # Where the AWS CLI differs
//!
//! The AWS CLI reads the files with Python's `configparser`, which accepts more. It keeps
//! ` # text` after a value as part of the value, takes `key: value` as well as `key = value`,
//! allows any text after a header's `]`, checks no names, and reads `[profile dev]` in the
//! credentials file as a profile named `profile dev`. Files that the CLI and the SDKs read
//! alike read the same here. Two leniencies are the CLI's rather than the SDKs': an indented
//! line starting with `#` or `;` is a comment (the SDKs take it as part of the property above),
//! and a UTF-8 byte-order mark at the start of a file is skipped.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::error::Error;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Read access to environment variables.
///
/// [`ProcessEnv`] reads the environment of this process; a `HashMap<String, String>` is an
/// environment of its own, which is what tests use.
pub trait Env {
    /// The value of the variable `name`, or `None` when it is not set.
    fn get(&self, name: &str) -> Option<String>;

    /// The value of the variable `name`, or `None` when it is not set or empty: a variable set
    /// to the empty string counts as unset, as the AWS CLI counts it.
    fn value(&self, name: &str) -> Option<String> {
        self.get(name).filter(|value| !value.is_empty())
    }

    /// The names of the variables set, in no particular order.
    fn names(&self) -> Vec<String>;
}

/// The environment of the running process.
///
/// A variable whose value is not valid Unicode is read with U+FFFD in place of what is not,
/// so that it fails where it is used (an invalid region, a refused signature) rather than
/// silently counting as unset.
#[derive(Debug, Clone, Copy, Default)]
pub struct ProcessEnv;

impl Env for ProcessEnv {
    fn get(&self, name: &str) -> Option<String> {
        std::env::var_os(name).map(|value| value.to_string_lossy().into_owned())
    }

    fn names(&self) -> Vec<String> {
        std::env::vars_os().filter_map(|(name, _)| name.into_string().ok()).collect()
    }
}

impl Env for HashMap<String, String> {
    fn get(&self, name: &str) -> Option<String> {
        HashMap::get(self, name).cloned()
    }

    fn names(&self) -> Vec<String> {
        self.keys().cloned().collect()
    }
}

/// Which of the two shared files something comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    /// The config file: `AWS_CONFIG_FILE`, else `~/.aws/config`.
    Config,
    /// The credentials file: `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`.
    Credentials,
}

impl FileKind {
    /// The environment variable that names this file.
    pub fn variable(self) -> &'static str {
        match self {
            FileKind::Config => "AWS_CONFIG_FILE",
            FileKind::Credentials => "AWS_SHARED_CREDENTIALS_FILE",
        }
    }

    fn file_name(self) -> &'static str {
        match self {
            FileKind::Config => "config",
            FileKind::Credentials => "credentials",
        }
    }
}

impl fmt::Display for FileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileKind::Config => f.write_str("config file"),
            FileKind::Credentials => f.write_str("credentials file"),
        }
    }
}

/// A line of one of the files: where a value, a section or an error is.
///
/// It displays as `PATH:LINE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    file: FileKind,
    path: Arc<Path>,
    line: usize,
}

impl Location {
    /// Which file.
    pub fn file(&self) -> FileKind {
        self.file
    }

    /// The file's path (for files given to [`ProfileFiles::parse`], `config` or `credentials`).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The line number, counting from 1.
    pub fn line(&self) -> usize {
        self.line
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.path.display(), self.line)
    }
}

/// What kind of section a [`Section`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SectionKind {
    /// A profile: `[default]` or `[profile NAME]` in the config file, `[NAME]` in the
    /// credentials file.
    Profile,
    /// An `[sso-session NAME]` section of the config file.
    SsoSession,
    /// A `[services NAME]` section of the config file.
    Services,
}

impl fmt::Display for SectionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SectionKind::Profile => f.write_str("profile"),
            SectionKind::SsoSession => f.write_str("sso-session"),
            SectionKind::Services => f.write_str("services"),
        }
    }
}

/// Whether the value of a key must not be shown: a key that contains `secret` or `token`,
/// such as `aws_secret_access_key` and `aws_session_token`.
fn is_sensitive(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    key.contains("secret") || key.contains("token")
}

/// Formats a value for `Debug`, hiding it when it is sensitive.
struct Shown<'a> {
    value: &'a str,
    sensitive: bool,
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.sensitive { f.write_str(shapegen_runtime::REDACTED) } else { fmt::Debug::fmt(self.value, f) }
    }
}

#[derive(Clone, PartialEq, Eq)]
struct SubProperty {
    value: String,
    location: Location,
    sensitive: bool,
}

impl fmt::Debug for SubProperty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SubProperty")
            .field("value", &Shown { value: &self.value, sensitive: self.sensitive })
            .field("location", &format_args!("{}", self.location))
            .finish()
    }
}

/// One `key = value` of a section, with the sub-properties indented under it.
///
/// `Debug` does not show the value of a key that contains `secret` or `token`, nor that of a
/// property with such a sub-property.
#[derive(Clone, PartialEq, Eq)]
pub struct Property {
    value: String,
    location: Location,
    sensitive: bool,
    sub_properties: BTreeMap<String, SubProperty>,
}

impl Property {
    /// The value. For a property with continuation lines or sub-properties, this is the text
    /// of all its lines joined by `\n`, as the SDKs give it: `s3 =` followed by an indented
    /// `addressing_style = path` has the value `"\naddressing_style = path"`.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// Where the property is set (the line of its key).
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// The value of the sub-property `key` (case-sensitive), if the property has one.
    pub fn sub_property(&self, key: &str) -> Option<&str> {
        self.sub_properties.get(key).map(|sub| sub.value.as_str())
    }

    /// Where the sub-property `key` is set.
    pub fn sub_property_location(&self, key: &str) -> Option<&Location> {
        self.sub_properties.get(key).map(|sub| &sub.location)
    }

    /// The keys of the sub-properties, in sorted order.
    pub fn sub_property_keys(&self) -> impl Iterator<Item = &str> {
        self.sub_properties.keys().map(String::as_str)
    }
}

impl fmt::Debug for Property {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("Property");
        debug.field("value", &Shown { value: &self.value, sensitive: self.sensitive });
        debug.field("location", &format_args!("{}", self.location));
        if !self.sub_properties.is_empty() {
            debug.field("sub_properties", &self.sub_properties);
        }
        debug.finish()
    }
}

/// A section of the files: a profile, an `sso-session` or a `services` section, with the
/// properties of every part of the files that defines it.
///
/// `Debug` does not show the value of a key that contains `secret` or `token`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    kind: SectionKind,
    name: String,
    properties: BTreeMap<String, Property>,
}

/// A profile of the files; profiles are [`Section`]s of kind [`SectionKind::Profile`].
pub type Profile = Section;

/// The key as stored: keys are compared in lower case.
fn normalize_key(key: &str) -> Cow<'_, str> {
    if key.bytes().any(|b| b.is_ascii_uppercase()) { Cow::Owned(key.to_ascii_lowercase()) } else { Cow::Borrowed(key) }
}

impl Section {
    fn new(kind: SectionKind, name: &str) -> Section {
        Section { kind, name: name.to_owned(), properties: BTreeMap::new() }
    }

    /// What kind of section this is.
    pub fn kind(&self) -> SectionKind {
        self.kind
    }

    /// The section's name: `dev` for `[profile dev]`, `default` for `[default]`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The value of `key` (case-insensitive), if it is set. See [`Property::value`] for
    /// properties with sub-properties.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.property(key).map(Property::value)
    }

    /// The property `key` (case-insensitive), with its location and sub-properties.
    pub fn property(&self, key: &str) -> Option<&Property> {
        self.properties.get(normalize_key(key).as_ref())
    }

    /// Where `key` is set.
    pub fn location(&self, key: &str) -> Option<&Location> {
        self.property(key).map(Property::location)
    }

    /// The value of the sub-property `sub_key` of `key`: for `s3 =` followed by an indented
    /// `addressing_style = path`, `sub_property("s3", "addressing_style")` is `Some("path")`.
    pub fn sub_property(&self, key: &str, sub_key: &str) -> Option<&str> {
        self.property(key).and_then(|property| property.sub_property(sub_key))
    }

    /// The keys that are set, in lower case and sorted order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.properties.keys().map(String::as_str)
    }
}

/// A section or key of the files that was ignored, and why.
///
/// It displays as `PATH:LINE: reason`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ignored {
    location: Location,
    reason: String,
}

impl Ignored {
    /// Where the ignored section header or key is.
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// Why it was ignored.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl fmt::Display for Ignored {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.reason)
    }
}

/// An error reading the shared files.
#[derive(Debug)]
#[non_exhaustive]
pub enum FileError {
    /// The file exists but could not be read.
    Read {
        /// Which file.
        file: FileKind,
        /// Its path.
        path: PathBuf,
        /// Why it could not be read.
        error: io::Error,
    },
    /// A path set in an environment variable begins with `~`, but no home directory is known.
    NoHome {
        /// The variable: `AWS_CONFIG_FILE` or `AWS_SHARED_CREDENTIALS_FILE`.
        variable: &'static str,
        /// Its value.
        path: String,
    },
    /// A line is malformed, or is not valid UTF-8.
    Syntax {
        /// The line.
        location: Location,
        /// What is wrong with it.
        message: String,
    },
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileError::Read { file, path, error } => {
                write!(f, "cannot read the AWS {file} {}: {error}", path.display())
            }
            FileError::NoHome { variable, path } => write!(
                f,
                "{variable} is `{path}`, but `~` cannot be expanded: none of HOME, USERPROFILE, \
                 or HOMEDRIVE and HOMEPATH is set"
            ),
            FileError::Syntax { location, message } => write!(f, "{location}: {message}"),
        }
    }
}

impl Error for FileError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            FileError::Read { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// The profiles, `sso-session` sections and `services` sections of the shared config and
/// credentials files, merged as the SDKs merge them (see the [module documentation](self)).
#[derive(Debug, Clone, Default)]
pub struct ProfileFiles {
    config_path: Option<PathBuf>,
    credentials_path: Option<PathBuf>,
    profiles: BTreeMap<String, Section>,
    sso_sessions: BTreeMap<String, Section>,
    services: BTreeMap<String, Section>,
    ignored: Vec<Ignored>,
}

impl ProfileFiles {
    /// Reads the config and credentials files that `env` names, or the default ones under the
    /// home directory. Missing files read as empty.
    ///
    /// # Errors
    ///
    /// When a file exists but cannot be read or is not UTF-8, when a path in a variable begins
    /// with `~` and there is no home directory, and for a malformed line.
    pub fn load(env: &dyn Env) -> Result<ProfileFiles, FileError> {
        let home = home_dir(env);
        let config_path = file_path(env, FileKind::Config, home.as_deref())?;
        let credentials_path = file_path(env, FileKind::Credentials, home.as_deref())?;
        let config = read_file(FileKind::Config, config_path.as_deref())?;
        let credentials = read_file(FileKind::Credentials, credentials_path.as_deref())?;
        ProfileFiles::build(config_path, &config, credentials_path, &credentials)
    }

    /// Reads the files from their text: `config` as the config file, `credentials` as the
    /// credentials file. Locations name them `config` and `credentials`.
    ///
    /// # Errors
    ///
    /// For a malformed line.
    pub fn parse(config: &str, credentials: &str) -> Result<ProfileFiles, FileError> {
        ProfileFiles::build(Some(PathBuf::from("config")), config, Some(PathBuf::from("credentials")), credentials)
    }

    fn build(
        config_path: Option<PathBuf>,
        config: &str,
        credentials_path: Option<PathBuf>,
        credentials: &str,
    ) -> Result<ProfileFiles, FileError> {
        let config_sections = parse_file(FileKind::Config, &path_for_locations(config_path.as_deref()), config)?;
        let credentials_sections =
            parse_file(FileKind::Credentials, &path_for_locations(credentials_path.as_deref()), credentials)?;
        let mut files = ProfileFiles { config_path, credentials_path, ..ProfileFiles::default() };
        files.merge(FileKind::Config, config_sections);
        files.merge(FileKind::Credentials, credentials_sections);
        Ok(files)
    }

    /// The profile `name`, if either file defines it.
    pub fn profile(&self, name: &str) -> Option<&Profile> {
        self.profiles.get(name)
    }

    /// The names of the profiles, in sorted order.
    pub fn profile_names(&self) -> impl Iterator<Item = &str> {
        self.profiles.keys().map(String::as_str)
    }

    /// The `[sso-session NAME]` section `name` of the config file.
    pub fn sso_session(&self, name: &str) -> Option<&Section> {
        self.sso_sessions.get(name)
    }

    /// The `[services NAME]` section `name` of the config file.
    pub fn services(&self, name: &str) -> Option<&Section> {
        self.services.get(name)
    }

    /// The path of the config file that was read (or would have been, had it existed); `None`
    /// when no home directory was known to find it.
    pub fn config_path(&self) -> Option<&Path> {
        self.config_path.as_deref()
    }

    /// The path of the credentials file, as [`config_path`](Self::config_path) is that of the
    /// config file.
    pub fn credentials_path(&self) -> Option<&Path> {
        self.credentials_path.as_deref()
    }

    /// The sections and keys that were ignored, in the order of the files.
    pub fn ignored(&self) -> &[Ignored] {
        &self.ignored
    }

    fn merge(&mut self, file: FileKind, sections: Vec<RawSection>) {
        let targets: Vec<Result<Target, String>> =
            sections.iter().map(|section| classify(file, &section.header)).collect();
        let has_prefixed_default = targets.iter().any(|target| matches!(target, Ok(Target::PrefixedDefault)));
        for (section, target) in sections.into_iter().zip(targets) {
            let (kind, name) = match target {
                Err(reason) => {
                    self.ignore(&section.location, reason);
                    continue;
                }
                Ok(Target::Profile(name)) if name == "default" && has_prefixed_default => {
                    self.ignore(
                        &section.location,
                        "section `[default]` is ignored: `[profile default]` in the same file takes precedence".into(),
                    );
                    continue;
                }
                Ok(Target::PrefixedDefault) => (SectionKind::Profile, "default".to_owned()),
                Ok(Target::Profile(name)) => (SectionKind::Profile, name),
                Ok(Target::SsoSession(name)) => (SectionKind::SsoSession, name),
                Ok(Target::Services(name)) => (SectionKind::Services, name),
            };
            let map = match kind {
                SectionKind::Profile => &mut self.profiles,
                SectionKind::SsoSession => &mut self.sso_sessions,
                SectionKind::Services => &mut self.services,
            };
            let target = map.entry(name.clone()).or_insert_with(|| Section::new(kind, &name));
            let mut ignored = Vec::new();
            for property in section.properties {
                if !is_identifier(&property.key) {
                    ignored.push(Ignored {
                        reason: format!(
                            "key `{}` in `[{}]` is ignored: {INVALID_NAME}",
                            property.key,
                            section.header.as_str()
                        ),
                        location: property.location,
                    });
                    continue;
                }
                // The value of a property with sub-properties holds their text too, so it is
                // hidden when any of them is.
                let sensitive =
                    is_sensitive(&property.key) || property.sub_properties.iter().any(|(key, _, _)| is_sensitive(key));
                let sub_properties = property
                    .sub_properties
                    .into_iter()
                    .map(|(key, value, location)| {
                        let sensitive = sensitive || is_sensitive(&key);
                        (key, SubProperty { value, location, sensitive })
                    })
                    .collect();
                let value = Property { value: property.value, location: property.location, sensitive, sub_properties };
                target.properties.insert(property.key, value);
            }
            self.ignored.append(&mut ignored);
        }
    }

    fn ignore(&mut self, location: &Location, reason: String) {
        self.ignored.push(Ignored { location: location.clone(), reason });
    }
}

const INVALID_NAME: &str = "names may use only ASCII letters, digits and `_-/.%@:+`";

/// What a section header makes of its section.
enum Target {
    Profile(String),
    /// `[profile default]` in the config file, which wins over `[default]`.
    PrefixedDefault,
    SsoSession(String),
    Services(String),
}

/// Characters allowed in profile names, section names and keys.
fn is_identifier(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || "_-/.%@:+".contains(c))
}

/// Splits a header's text into its type and name: `profile dev` into (`profile`, `dev`),
/// `dev` into (no type, `dev`).
fn split_header(header: &str) -> (Option<&str>, &str) {
    match header.split_once(WHITESPACE) {
        Some((prefix, name)) => (Some(prefix), name.trim_matches(WHITESPACE)),
        None => (None, header),
    }
}

/// What the section with header text `header` is in `file`, or why it is ignored.
fn classify(file: FileKind, header: &str) -> Result<Target, String> {
    let (prefix, name) = split_header(header);
    let named = |target: fn(String) -> Target| {
        if is_identifier(name) {
            Ok(target(name.to_owned()))
        } else {
            Err(format!("section `[{header}]` is ignored: `{name}` is not a valid name; {INVALID_NAME}"))
        }
    };
    match (file, prefix) {
        (FileKind::Config, None) if name == "default" => Ok(Target::Profile(name.to_owned())),
        (FileKind::Config, None) => Err(format!(
            "section `[{header}]` is ignored: in the config file a profile is written `[profile {header}]` \
             (only `[default]` may leave out `profile`)"
        )),
        (FileKind::Config, Some("profile")) if name == "default" => Ok(Target::PrefixedDefault),
        (FileKind::Config, Some("profile")) => named(Target::Profile),
        (FileKind::Config, Some("sso-session")) => named(Target::SsoSession),
        (FileKind::Config, Some("services")) => named(Target::Services),
        (FileKind::Config, Some(other)) => Err(format!(
            "section `[{header}]` is ignored: `{other}` is not a kind of section the SDKs read \
             (`profile`, `sso-session` or `services`)"
        )),
        (FileKind::Credentials, None) => named(Target::Profile),
        (FileKind::Credentials, Some("profile")) => Err(format!(
            "section `[{header}]` is ignored: in the credentials file a profile is written `[{name}]`, \
             without `profile`"
        )),
        (FileKind::Credentials, Some(_)) => {
            Err(format!("section `[{header}]` is ignored: the credentials file holds only profiles, written `[NAME]`"))
        }
    }
}

/// The characters the format treats as spaces.
const WHITESPACE: [char; 2] = [' ', '\t'];

/// A section as written in one file, before the rules of the format apply.
struct RawSection {
    /// The text between the brackets, trimmed.
    header: String,
    location: Location,
    properties: Vec<RawProperty>,
}

struct RawProperty {
    /// The key, in lower case.
    key: String,
    value: String,
    location: Location,
    /// Whether the property's first line has an empty value: its indented lines are then
    /// sub-properties.
    is_parent: bool,
    sub_properties: Vec<(String, String, Location)>,
}

fn syntax_error(location: Location, message: &str) -> FileError {
    FileError::Syntax { location, message: message.to_owned() }
}

/// Parses one file into its sections, checking the syntax of every line.
fn parse_file(file: FileKind, path: &Arc<Path>, text: &str) -> Result<Vec<RawSection>, FileError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut sections: Vec<RawSection> = Vec::new();
    for (index, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let trimmed = line.trim_matches(WHITESPACE);
        if trimmed.is_empty() || trimmed.starts_with(['#', ';']) {
            continue;
        }
        let location = Location { file, path: Arc::clone(path), line: index + 1 };
        if line.starts_with('[') {
            sections.push(parse_header(line, location)?);
            continue;
        }
        let Some(section) = sections.last_mut() else {
            return Err(syntax_error(location, "expected a section header such as `[default]` before this line"));
        };
        if line.starts_with(WHITESPACE) {
            let Some(property) = section.properties.last_mut() else {
                return Err(syntax_error(
                    location,
                    "an indented line must continue a property (`key = value`) above it in its section",
                ));
            };
            if property.is_parent {
                let (key, value) = split_property(trimmed).map_err(|problem| {
                    syntax_error(
                        location.clone(),
                        &format!("expected an indented sub-property `key = value`: {problem}"),
                    )
                })?;
                property.sub_properties.push((key.to_owned(), value.to_owned(), location));
            }
            property.value.push('\n');
            property.value.push_str(trimmed);
        } else {
            let content = strip_value_comment(trimmed);
            let (key, value) = split_property(content)
                .map_err(|problem| syntax_error(location.clone(), &format!("expected `key = value`: {problem}")))?;
            section.properties.push(RawProperty {
                key: normalize_key(key).into_owned(),
                value: value.to_owned(),
                location,
                is_parent: value.is_empty(),
                sub_properties: Vec::new(),
            });
        }
    }
    Ok(sections)
}

/// Parses a line that begins with `[`.
fn parse_header(line: &str, location: Location) -> Result<RawSection, FileError> {
    // A comment after a header needs no space before it.
    let content = match line.find(['#', ';']) {
        Some(index) => line.get(..index).unwrap_or(line),
        None => line,
    };
    let content = content.trim_matches(WHITESPACE);
    let Some(inner) = content.strip_prefix('[').and_then(|rest| rest.strip_suffix(']')) else {
        return Err(syntax_error(location, "a section header must end with `]` (only a comment may follow it)"));
    };
    Ok(RawSection { header: inner.trim_matches(WHITESPACE).to_owned(), location, properties: Vec::new() })
}

/// Removes a comment from a property line: a `#` or `;` that follows a space or tab, and all
/// after it.
fn strip_value_comment(line: &str) -> &str {
    let mut previous_is_space = false;
    for (index, c) in line.char_indices() {
        if previous_is_space && (c == '#' || c == ';') {
            return line.get(..index).unwrap_or(line).trim_matches(WHITESPACE);
        }
        previous_is_space = WHITESPACE.contains(&c);
    }
    line
}

/// Splits `key = value`, trimming both.
fn split_property(line: &str) -> Result<(&str, &str), &'static str> {
    let (key, value) = line.split_once('=').ok_or("the line has no `=`")?;
    let key = key.trim_matches(WHITESPACE);
    if key.is_empty() {
        return Err("there is no key before `=`");
    }
    Ok((key, value.trim_matches(WHITESPACE)))
}

/// The path that locations in a file name; a file with no path has no lines to locate.
fn path_for_locations(path: Option<&Path>) -> Arc<Path> {
    Arc::from(path.unwrap_or_else(|| Path::new("")))
}

/// The home directory: `HOME`, else `USERPROFILE`, else `HOMEDRIVE` followed by `HOMEPATH`.
pub(crate) fn home_dir(env: &dyn Env) -> Option<PathBuf> {
    if let Some(home) = env.value("HOME").or_else(|| env.value("USERPROFILE")) {
        return Some(PathBuf::from(home));
    }
    match (env.value("HOMEDRIVE"), env.value("HOMEPATH")) {
        (Some(drive), Some(path)) => Some(PathBuf::from(drive + &path)),
        _ => None,
    }
}

/// The path of `file`: its variable if set (and not empty), else the default under `home`.
fn file_path(env: &dyn Env, file: FileKind, home: Option<&Path>) -> Result<Option<PathBuf>, FileError> {
    match env.value(file.variable()) {
        Some(value) => match expand_home(&value, home) {
            Some(path) => Ok(Some(path)),
            None => Err(FileError::NoHome { variable: file.variable(), path: value }),
        },
        None => Ok(home.map(|home| home.join(".aws").join(file.file_name()))),
    }
}

/// Replaces a leading `~` by the home directory; `None` when the path needs one and there is
/// none.
fn expand_home(path: &str, home: Option<&Path>) -> Option<PathBuf> {
    if path == "~" {
        return home.map(Path::to_path_buf);
    }
    match path.strip_prefix("~/").or_else(|| path.strip_prefix("~\\")) {
        Some(rest) => home.map(|home| home.join(rest)),
        None => Some(PathBuf::from(path)),
    }
}

/// Reads a file's text: empty when there is no path or no file.
fn read_file(file: FileKind, path: Option<&Path>) -> Result<String, FileError> {
    let Some(path) = path else {
        return Ok(String::new());
    };
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(String::new()),
        Err(error) => return Err(FileError::Read { file, path: path.to_path_buf(), error }),
    };
    String::from_utf8(bytes).map_err(|error| {
        let valid = error.as_bytes().get(..error.utf8_error().valid_up_to()).unwrap_or_default();
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let location = Location { file, path: Arc::from(path), line };
        syntax_error(location, "this line is not valid UTF-8: the file must be UTF-8 text")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn parse(config: &str, credentials: &str) -> ProfileFiles {
        match ProfileFiles::parse(config, credentials) {
            Ok(files) => files,
            Err(error) => panic!("parse failed: {error}"),
        }
    }

    fn config(text: &str) -> ProfileFiles {
        parse(text, "")
    }

    fn syntax(config: &str, credentials: &str) -> (Location, String) {
        match ProfileFiles::parse(config, credentials) {
            Err(FileError::Syntax { location, message }) => (location, message),
            Err(other) => panic!("expected a syntax error, got {other}"),
            Ok(files) => panic!("expected a syntax error, got {files:?}"),
        }
    }

    fn get<'a>(files: &'a ProfileFiles, profile: &str, key: &str) -> Option<&'a str> {
        files.profile(profile).and_then(|profile| profile.get(key))
    }

    fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    // The parser test suite the SDKs share, case by case.

    #[test]
    fn empty_files_have_no_profiles() {
        let files = parse("", "");
        assert_eq!(files.profile_names().count(), 0);
        assert!(files.ignored().is_empty());
    }

    #[test]
    fn empty_profiles_have_no_properties() {
        let files = config("[profile foo]");
        assert_eq!(files.profile("foo").map(|p| p.keys().count()), Some(0));
    }

    #[test]
    fn profile_names_allow_the_identifier_characters() {
        let files = config("[profile some-thing:long/the_one%only.foo@bar+]\n[profile foo!bar]");
        assert!(files.profile("some-thing:long/the_one%only.foo@bar+").is_some());
        assert!(files.profile("foo!bar").is_none());
        assert_eq!(files.ignored().len(), 1);
        assert_eq!(files.ignored()[0].location().line(), 2);
    }

    #[test]
    fn profile_names_are_case_sensitive() {
        let files = config("[profile Dev]\nregion = a\n[profile dev]\nregion = b");
        assert_eq!(get(&files, "Dev", "region"), Some("a"));
        assert_eq!(get(&files, "dev", "region"), Some("b"));
    }

    #[test]
    fn profile_headers_are_trimmed_and_tabs_separate_the_prefix() {
        let files = config("[profile \tfoo \t]\n[profile\tbar]\n[   profile baz    ]\nk = v");
        assert!(files.profile("foo").is_some());
        assert!(files.profile("bar").is_some());
        assert_eq!(get(&files, "baz", "k"), Some("v"));
    }

    #[test]
    fn a_header_must_end_with_a_bracket() {
        let (location, message) = syntax("[profile foo", "");
        assert_eq!(location.line(), 1);
        assert_eq!(location.path(), Path::new("config"));
        assert!(message.contains("must end with `]`"), "{message}");
        let (_, message) = syntax("[profile foo] trailing", "");
        assert!(message.contains("must end with `]`"), "{message}");
    }

    #[test]
    fn properties_must_be_in_a_section() {
        let (location, message) = syntax("# comment\nname = value", "");
        assert_eq!(location.line(), 2);
        assert!(message.contains("section header"), "{message}");
        let (location, _) = syntax("", "\n\n -continued");
        assert_eq!(location.file(), FileKind::Credentials);
        assert_eq!(location.line(), 3);
    }

    #[test]
    fn keys_and_values_are_trimmed() {
        let files = config("[profile foo]\nname \t=  \tvalue \t\nname2=value2");
        assert_eq!(get(&files, "foo", "name"), Some("value"));
        assert_eq!(get(&files, "foo", "name2"), Some("value2"));
    }

    #[test]
    fn windows_line_endings_are_read() {
        let files = config("[profile foo]\r\nname = value\r\n");
        assert_eq!(get(&files, "foo", "name"), Some("value"));
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        let files = config("\u{feff}[default]\nregion = us-east-1");
        assert_eq!(get(&files, "default", "region"), Some("us-east-1"));
    }

    #[test]
    fn values_may_hold_equals_signs_and_unicode() {
        let files = config("[profile foo]\nname = val=ue\nb64=aGVsbG8=\nemoji = 😂");
        assert_eq!(get(&files, "foo", "name"), Some("val=ue"));
        assert_eq!(get(&files, "foo", "b64"), Some("aGVsbG8="));
        assert_eq!(get(&files, "foo", "emoji"), Some("😂"));
    }

    #[test]
    fn values_may_be_empty() {
        let files = config("[profile foo]\nname =");
        assert_eq!(get(&files, "foo", "name"), Some(""));
    }

    #[test]
    fn a_key_must_not_be_empty() {
        let (location, message) = syntax("[profile foo]\n= value", "");
        assert_eq!(location.line(), 2);
        assert!(message.contains("no key"), "{message}");
    }

    #[test]
    fn a_property_needs_an_equals_sign() {
        let (location, message) = syntax("[profile foo]\nkey : value", "");
        assert_eq!(location.line(), 2);
        assert!(message.contains("no `=`"), "{message}");
    }

    #[test]
    fn blank_lines_are_ignored() {
        let files = config("\t \n[profile foo]\n\t\n \nname = value\n\t \n[profile bar]\n \t");
        assert_eq!(get(&files, "foo", "name"), Some("value"));
        assert!(files.profile("bar").is_some());
    }

    #[test]
    fn comment_lines_are_ignored() {
        let files = config("# one\n; two\n[profile foo]\n# three\nname = value\n  # indented\n\t; tab");
        assert_eq!(get(&files, "foo", "name"), Some("value"));
    }

    #[test]
    fn comments_after_values_need_a_space_before_them() {
        let files = config(
            "[profile foo]\n\
             a = value # Comment with # sign\n\
             b = value ; Comment with ; sign\n\
             c = value\t# tab\n\
             d = value; Adjacent semicolons\n\
             e = value# Adjacent pound signs\n\
             f = https://example.com/#frag\n\
             g = value ;\n\
             h = # only a comment",
        );
        assert_eq!(get(&files, "foo", "a"), Some("value"));
        assert_eq!(get(&files, "foo", "b"), Some("value"));
        assert_eq!(get(&files, "foo", "c"), Some("value"));
        assert_eq!(get(&files, "foo", "d"), Some("value; Adjacent semicolons"));
        assert_eq!(get(&files, "foo", "e"), Some("value# Adjacent pound signs"));
        assert_eq!(get(&files, "foo", "f"), Some("https://example.com/#frag"));
        assert_eq!(get(&files, "foo", "g"), Some("value"));
        assert_eq!(get(&files, "foo", "h"), Some(""));
    }

    #[test]
    fn comments_after_values_are_the_same_in_the_credentials_file() {
        let files = parse("", "[foo]\na = value # comment\nb = value#kept");
        assert_eq!(get(&files, "foo", "a"), Some("value"));
        assert_eq!(get(&files, "foo", "b"), Some("value#kept"));
    }

    #[test]
    fn comments_after_headers_need_no_space() {
        let files =
            config("[profile foo]; Adjacent semicolons\n[profile bar]# Adjacent pound signs\n[profile baz] # spaced");
        assert!(files.profile("foo").is_some());
        assert!(files.profile("bar").is_some());
        assert!(files.profile("baz").is_some());
    }

    #[test]
    fn values_continue_on_indented_lines() {
        let files = config("[profile foo]\nname = value\n -continued\n \t -and-continued \t ");
        assert_eq!(get(&files, "foo", "name"), Some("value\n-continued\n-and-continued"));
    }

    #[test]
    fn continuations_keep_comment_characters() {
        let files = config("[profile foo]\nname = value\n -continued # Comment\n -more ; Comment");
        assert_eq!(get(&files, "foo", "name"), Some("value\n-continued # Comment\n-more ; Comment"));
    }

    #[test]
    fn a_continuation_needs_a_property_in_its_section() {
        let (location, message) = syntax("[profile foo]\n -continued", "");
        assert_eq!(location.line(), 2);
        assert!(message.contains("must continue a property"), "{message}");
        let (location, _) = syntax("[profile foo]\nname = value\n[profile foo]\n -continued", "");
        assert_eq!(location.line(), 4);
    }

    #[test]
    fn properties_have_sub_properties() {
        let files = config(
            "[profile foo]\n\
             s3 =\n\
             \x20 addressing_style = path\n\
             \t\n\
             \x20 Signature_Version = s3v4 # kept\n\
             region = us-west-2",
        );
        let profile = files.profile("foo").expect("profile");
        assert_eq!(profile.sub_property("s3", "addressing_style"), Some("path"));
        assert_eq!(profile.sub_property("s3", "Signature_Version"), Some("s3v4 # kept"));
        assert_eq!(profile.sub_property("s3", "signature_version"), None);
        assert_eq!(profile.get("s3"), Some("\naddressing_style = path\nSignature_Version = s3v4 # kept"));
        assert_eq!(profile.get("region"), Some("us-west-2"));
        let s3 = profile.property("s3").expect("s3");
        assert_eq!(s3.location().line(), 2);
        assert_eq!(s3.sub_property_location("addressing_style").map(Location::line), Some(3));
        assert_eq!(s3.sub_property_keys().collect::<Vec<_>>(), ["Signature_Version", "addressing_style"]);
    }

    #[test]
    fn sub_properties_may_be_empty_or_have_any_name() {
        let files = config("[profile foo]\ns3 =\n name =\n in valid = value");
        assert_eq!(files.profile("foo").and_then(|p| p.sub_property("s3", "name")), Some(""));
        assert_eq!(files.profile("foo").and_then(|p| p.sub_property("s3", "in valid")), Some("value"));
    }

    #[test]
    fn a_sub_property_needs_an_equals_sign_and_a_name() {
        let (location, message) = syntax("[profile foo]\ns3 =\n invalid", "");
        assert_eq!(location.line(), 3);
        assert!(message.contains("sub-property") && message.contains("no `=`"), "{message}");
        let (_, message) = syntax("[profile foo]\ns3 =\n = value", "");
        assert!(message.contains("no key"), "{message}");
    }

    #[test]
    fn a_later_sub_property_replaces_an_earlier_one() {
        let files = config("[profile foo]\ns3 =\n a = 1\n a = 2");
        assert_eq!(files.profile("foo").and_then(|p| p.sub_property("s3", "a")), Some("2"));
    }

    #[test]
    fn keys_are_case_insensitive() {
        let files = config("[profile foo]\nName = value\n[profile foo]\nname = value2\nREGION = x");
        let profile = files.profile("foo").expect("profile");
        assert_eq!(profile.get("name"), Some("value2"));
        assert_eq!(profile.get("NAME"), Some("value2"));
        assert_eq!(profile.get("region"), Some("x"));
        assert_eq!(profile.keys().collect::<Vec<_>>(), ["name", "region"]);
        let files = config("[profile foo]\nABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_ = value");
        assert_eq!(
            files.profile("foo").and_then(|p| p.keys().next()),
            Some("abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz0123456789-_")
        );
    }

    #[test]
    fn duplicate_profiles_merge_and_later_keys_win() {
        let files = config("[profile foo]\nname = value\nother = 1\n[profile foo]\nname = value2\nname2 = x");
        assert_eq!(get(&files, "foo", "name"), Some("value2"));
        assert_eq!(get(&files, "foo", "other"), Some("1"));
        assert_eq!(get(&files, "foo", "name2"), Some("x"));
        assert_eq!(files.profile("foo").and_then(|p| p.location("name")).map(Location::line), Some(5));
        let files = config("[profile foo]\nname = value\nname = value2");
        assert_eq!(get(&files, "foo", "name"), Some("value2"));
    }

    #[test]
    fn a_later_property_replaces_its_sub_properties() {
        let files = config("[profile foo]\ns3 =\n a = 1\n[profile foo]\ns3 = plain");
        let profile = files.profile("foo").expect("profile");
        assert_eq!(profile.get("s3"), Some("plain"));
        assert_eq!(profile.sub_property("s3", "a"), None);
    }

    #[test]
    fn profile_default_wins_over_default() {
        for text in [
            "[profile default]\nname = value\n[default]\nname2 = value2",
            "[default]\nname2 = value2\n[profile default]\nname = value",
        ] {
            let files = config(text);
            assert_eq!(get(&files, "default", "name"), Some("value"));
            assert_eq!(get(&files, "default", "name2"), None);
            assert_eq!(files.ignored().len(), 1, "{:?}", files.ignored());
        }
        let files =
            config("[profile default]\nname = value\n[default]\nname2 = value2\n[profile default]\nname3 = value3");
        assert_eq!(get(&files, "default", "name"), Some("value"));
        assert_eq!(get(&files, "default", "name3"), Some("value3"));
        assert_eq!(get(&files, "default", "name2"), None);
    }

    #[test]
    fn default_profiles_with_mixed_prefixes_merge_with_credentials() {
        let files = parse(
            "[profile default]\nname = value\n[default]\nname2 = value2\n[profile default]\nname3 = value3",
            "[default]\nsecret=foo",
        );
        let profile = files.profile("default").expect("default");
        assert_eq!(profile.keys().collect::<Vec<_>>(), ["name", "name3", "secret"]);
    }

    #[test]
    fn unprefixed_default_counts_in_the_config_file() {
        let files = config("[default]\nregion = eu-west-1");
        assert_eq!(get(&files, "default", "region"), Some("eu-west-1"));
    }

    #[test]
    fn invalid_profile_names_are_ignored() {
        let files =
            parse("[profile in valid]\nname = value\n[profile ok]\nx = 1", "[in valid 2]\nname2 = value2\n[]\n");
        assert_eq!(files.profile_names().collect::<Vec<_>>(), ["ok"]);
        assert_eq!(files.ignored().len(), 3);
        assert!(files.ignored()[0].reason().contains("`in valid` is not a valid name"), "{}", files.ignored()[0]);
    }

    #[test]
    fn properties_of_an_invalid_profile_do_not_leak_into_others() {
        let files = config("[profile foo]\nname = value\n[profile in valid]\nx = 1\n[profile bar]\nname = value2");
        assert_eq!(get(&files, "foo", "name"), Some("value"));
        assert_eq!(get(&files, "foo", "x"), None);
        assert_eq!(get(&files, "bar", "name"), Some("value2"));
    }

    #[test]
    fn invalid_keys_are_ignored() {
        let files = config("[profile foo]\nin valid = value\nok = 1");
        assert_eq!(files.profile("foo").map(|p| p.keys().collect::<Vec<_>>()), Some(vec!["ok"]));
        let ignored = &files.ignored()[0];
        assert_eq!(ignored.location().line(), 2);
        assert_eq!(
            ignored.to_string(),
            format!("config:2: key `in valid` in `[profile foo]` is ignored: {INVALID_NAME}")
        );
    }

    #[test]
    fn malformed_lines_in_ignored_sections_are_still_errors() {
        let (location, _) = syntax("[foo]\nno equals here", "");
        assert_eq!(location.line(), 2);
    }

    #[test]
    fn config_sections_without_the_profile_prefix_are_ignored() {
        let files = config("[foo]\nname = value\n[profilefoo]\nname = value\n[profile bar]");
        assert_eq!(files.profile_names().collect::<Vec<_>>(), ["bar"]);
        assert!(files.ignored()[0].reason().contains("`[profile foo]`"), "{}", files.ignored()[0]);
    }

    #[test]
    fn credentials_sections_with_the_profile_prefix_are_ignored() {
        let files = parse("", "[profile foo]\nname = value\n[   foo    ]\nname = value2\n[sso-session x]\na = b");
        assert_eq!(files.profile_names().collect::<Vec<_>>(), ["foo"]);
        assert_eq!(get(&files, "foo", "name"), Some("value2"));
        assert!(files.sso_session("x").is_none());
        assert_eq!(files.ignored().len(), 2);
        assert_eq!(files.ignored()[0].location().file(), FileKind::Credentials);
    }

    #[test]
    fn credentials_override_config_for_the_same_profile() {
        let files = parse("[profile foo]\nname = value\nregion = a", "[foo]\nname = value2\nname3 = x");
        let profile = files.profile("foo").expect("foo");
        assert_eq!(profile.get("name"), Some("value2"));
        assert_eq!(profile.get("region"), Some("a"));
        assert_eq!(profile.get("name3"), Some("x"));
        assert_eq!(profile.location("name").map(Location::file), Some(FileKind::Credentials));
        assert_eq!(profile.location("region").map(Location::file), Some(FileKind::Config));
        assert_eq!(profile.kind(), SectionKind::Profile);
        assert_eq!(profile.name(), "foo");
    }

    #[test]
    fn profiles_may_come_from_the_credentials_file_alone() {
        let files = parse("", "[default]\naws_access_key_id = AKID\n[sso-sessionfoo]\nname = value");
        assert_eq!(get(&files, "default", "aws_access_key_id"), Some("AKID"));
        assert_eq!(get(&files, "sso-sessionfoo", "name"), Some("value"));
    }

    #[test]
    fn sso_session_sections() {
        let files =
            config("[sso-session foo]\nsso_region = us-east-1\n[profile bar]\nsso_session = foo\n[sso-sesion x]\na=b");
        let session = files.sso_session("foo").expect("sso session");
        assert_eq!(session.kind(), SectionKind::SsoSession);
        assert_eq!(session.get("sso_region"), Some("us-east-1"));
        assert!(files.profile("foo").is_none());
        assert!(files.sso_session("x").is_none());
        assert_eq!(files.ignored().len(), 1);
    }

    #[test]
    fn services_sections() {
        let files = config(
            "[profile dev]\nservices = local\n\n[services local]\ndynamodb =\n  endpoint_url = http://localhost:8000\n\
             elastic_beanstalk =\n  endpoint_url = http://localhost:9000\n",
        );
        let services = files.services("local").expect("services section");
        assert_eq!(services.kind(), SectionKind::Services);
        assert_eq!(services.sub_property("dynamodb", "endpoint_url"), Some("http://localhost:8000"));
        assert_eq!(services.sub_property("elastic_beanstalk", "endpoint_url"), Some("http://localhost:9000"));
        assert_eq!(get(&files, "dev", "services"), Some("local"));
        assert!(files.services("dev").is_none());
    }

    #[test]
    fn other_kinds_of_config_sections_are_ignored() {
        let files = config("[plugins]\ncli_legacy_plugin_path = x\n[preview cloudfront]\na = b\n[default]");
        assert_eq!(files.profile_names().collect::<Vec<_>>(), ["default"]);
        assert_eq!(files.ignored().len(), 2);
        assert!(files.ignored()[1].reason().contains("`preview` is not a kind of section"), "{}", files.ignored()[1]);
    }

    #[test]
    fn indented_headers_are_continuations() {
        let (location, _) = syntax("[default]\n  [profile foo]", "");
        assert_eq!(location.line(), 2);
        let files = config("[default]\nregion = a\n  [profile foo]");
        assert_eq!(get(&files, "default", "region"), Some("a\n[profile foo]"));
    }

    #[test]
    fn debug_redacts_secrets() {
        let files = parse(
            "[profile dev]\nregion = us-east-1\nsso_session = s\nmy_token_thing = T0K3N\nnested =\n  client_secret = N3ST3D\n",
            "[dev]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = S3CR3T\naws_session_token = S3SS10N\n",
        );
        let profile = files.profile("dev").expect("dev");
        let debug = format!("{profile:?}");
        for secret in ["S3CR3T", "S3SS10N", "T0K3N", "N3ST3D"] {
            assert!(!debug.contains(secret), "{secret} shown in {debug}");
        }
        assert!(debug.contains("AKIDEXAMPLE"), "{debug}");
        assert!(debug.contains("us-east-1"), "{debug}");
        assert!(debug.contains(shapegen_runtime::REDACTED), "{debug}");
        let debug = format!("{files:?}");
        assert!(!debug.contains("S3CR3T") && !debug.contains("S3SS10N"), "{debug}");
        let property = profile.property("aws_secret_access_key").expect("secret");
        assert!(!format!("{property:?}").contains("S3CR3T"));
        assert_eq!(property.value(), "S3CR3T");
    }

    #[test]
    fn syntax_errors_do_not_show_the_line() {
        let (location, message) = syntax("", "[default]\naws_secret_access_key S3CR3T");
        assert_eq!(location.to_string(), "credentials:2");
        assert!(!message.contains("S3CR3T"), "{message}");
    }

    #[test]
    fn odd_input_does_not_panic() {
        for text in [
            "[",
            "]",
            "[]",
            "[ ]",
            "=",
            " =",
            "[a]\n =",
            "\u{feff}",
            "[a]\nk=\n\t",
            "[a]\nk = v #",
            "#",
            "\r",
            "[a]\r\n\r\n k",
        ] {
            let _ = ProfileFiles::parse(text, text);
        }
    }

    #[test]
    fn random_input_does_not_panic() {
        const PIECES: [&str; 16] = [
            "[",
            "]",
            "=",
            "#",
            ";",
            " ",
            "\t",
            "\n",
            "\r",
            "a",
            "profile ",
            "default",
            "services ",
            "é",
            "\u{feff}",
            "s3",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..5000 {
            let length = next() % 48;
            let text: String = (0..length).map(|_| PIECES[(next() % PIECES.len() as u64) as usize]).collect();
            if let Ok(files) = ProfileFiles::parse(&text, &text) {
                let _ = format!("{files:?}");
            }
        }
    }

    // Loading from disk, with an environment of its own and a scratch directory as home.

    struct Scratch(PathBuf);

    impl Scratch {
        fn new() -> Scratch {
            static NEXT: AtomicUsize = AtomicUsize::new(0);
            let name = format!("profile-files-{}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
            let dir = std::env::temp_dir().join(name);
            std::fs::create_dir_all(dir.join(".aws")).expect("create scratch directory");
            Scratch(dir)
        }

        fn write(&self, relative: &str, contents: &[u8]) -> PathBuf {
            let path = self.0.join(relative);
            std::fs::write(&path, contents).expect("write scratch file");
            path
        }

        fn home(&self) -> &str {
            self.0.to_str().expect("UTF-8 temporary directory")
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn load_reads_the_default_paths_under_home() {
        let scratch = Scratch::new();
        scratch.write(".aws/config", b"[profile dev]\nregion = eu-west-1\n");
        scratch.write(".aws/credentials", b"[dev]\naws_access_key_id = AKID\n");
        let files = ProfileFiles::load(&env(&[("HOME", scratch.home())])).expect("load");
        assert_eq!(get(&files, "dev", "region"), Some("eu-west-1"));
        assert_eq!(get(&files, "dev", "aws_access_key_id"), Some("AKID"));
        let location = files.profile("dev").and_then(|p| p.location("region")).expect("location");
        assert_eq!(location.path(), scratch.0.join(".aws/config"));
        assert_eq!(files.config_path(), Some(scratch.0.join(".aws/config").as_path()));
        assert_eq!(files.credentials_path(), Some(scratch.0.join(".aws/credentials").as_path()));
    }

    #[test]
    fn load_treats_missing_files_as_empty() {
        let scratch = Scratch::new();
        let files = ProfileFiles::load(&env(&[("HOME", scratch.home())])).expect("load");
        assert_eq!(files.profile_names().count(), 0);
        let files = ProfileFiles::load(&env(&[])).expect("load without home");
        assert_eq!(files.config_path(), None);
    }

    #[test]
    fn load_follows_the_variables_and_expands_tilde() {
        let scratch = Scratch::new();
        scratch.write("my-config", b"[default]\nregion = ap-south-1\n");
        scratch.write("my-credentials", b"[default]\nregion = overridden\n");
        let files = ProfileFiles::load(&env(&[
            ("HOME", scratch.home()),
            ("AWS_CONFIG_FILE", "~/my-config"),
            ("AWS_SHARED_CREDENTIALS_FILE", &scratch.0.join("my-credentials").to_string_lossy()),
        ]))
        .expect("load");
        assert_eq!(get(&files, "default", "region"), Some("overridden"));
        assert_eq!(files.config_path(), Some(scratch.0.join("my-config").as_path()));
    }

    #[test]
    fn home_falls_back_to_userprofile_then_homedrive_and_homepath() {
        let scratch = Scratch::new();
        scratch.write(".aws/config", b"[default]\nregion = sa-east-1\n");
        let files = ProfileFiles::load(&env(&[("HOME", ""), ("USERPROFILE", scratch.home())])).expect("load");
        assert_eq!(get(&files, "default", "region"), Some("sa-east-1"));
        let (drive, rest) = scratch.home().split_at(1);
        let files = ProfileFiles::load(&env(&[("HOMEDRIVE", drive), ("HOMEPATH", rest)])).expect("load");
        assert_eq!(get(&files, "default", "region"), Some("sa-east-1"));
        assert_eq!(expand_home("~", Some(Path::new("/h"))), Some(PathBuf::from("/h")));
        assert_eq!(expand_home("~\\x", Some(Path::new("/h"))), Some(PathBuf::from("/h").join("x")));
        assert_eq!(expand_home("~user/x", None), Some(PathBuf::from("~user/x")));
    }

    #[test]
    fn a_tilde_path_without_a_home_is_an_error() {
        let error = ProfileFiles::load(&env(&[("AWS_CONFIG_FILE", "~/.aws/config")])).expect_err("no home");
        assert!(matches!(error, FileError::NoHome { variable: "AWS_CONFIG_FILE", .. }));
        assert!(error.to_string().starts_with("AWS_CONFIG_FILE is `~/.aws/config`"), "{error}");
    }

    #[test]
    fn an_unreadable_file_is_an_error_naming_it() {
        let scratch = Scratch::new();
        // A directory where the file should be: it exists, but cannot be read as a file.
        let path = scratch.0.join(".aws");
        let error = ProfileFiles::load(&env(&[("HOME", scratch.home()), ("AWS_CONFIG_FILE", &path.to_string_lossy())]))
            .expect_err("a directory is not readable");
        assert!(matches!(&error, FileError::Read { file: FileKind::Config, path: p, .. } if *p == path));
        assert!(error.to_string().contains(&*path.to_string_lossy()), "{error}");
        assert!(error.source().is_some());
    }

    #[test]
    fn a_file_that_is_not_utf8_is_an_error_naming_the_line() {
        let scratch = Scratch::new();
        scratch.write(".aws/credentials", b"[default]\naws_access_key_id = A\xffB\n");
        let error = ProfileFiles::load(&env(&[("HOME", scratch.home())])).expect_err("not UTF-8");
        match error {
            FileError::Syntax { location, message } => {
                assert_eq!(location.line(), 2);
                assert_eq!(location.file(), FileKind::Credentials);
                assert!(message.contains("UTF-8"), "{message}");
            }
            other => panic!("unexpected error {other}"),
        }
    }

    #[test]
    fn a_syntax_error_on_disk_names_the_path_and_line() {
        let scratch = Scratch::new();
        let path = scratch.write(".aws/config", b"[default]\nregion = x\n\n[profile dev\n");
        let error = ProfileFiles::load(&env(&[("HOME", scratch.home())])).expect_err("bad header");
        assert_eq!(
            error.to_string(),
            format!("{}:4: a section header must end with `]` (only a comment may follow it)", path.display())
        );
    }
}
