//! Endpoint resolution: the standard library of the Smithy rules engine, as pure functions.
//!
//! AWS services describe how to choose an endpoint as a rule set (botocore's
//! `endpoint-rule-set-1.json`); shapegen compiles each rule set to Rust, and the compiled code
//! calls the functions here: the Smithy standard library ([`is_valid_host_label`],
//! [`substring`], [`uri_encode`], [`parse_url`]) and the AWS one ([`parse_arn`],
//! [`is_virtual_hostable_s3_bucket`], and `aws.partition` as [`Partitions::partition`]). A
//! resolution ends in an [`Endpoint`] or a [`ResolveError`].
//!
//! Every function follows the specification of the rules engine, and where it is silent, the
//! reference implementation (Smithy's, in Java): an input a function cannot take gives `None`
//! or `false`, never a panic. Nothing here parses JSON per call: [`Partitions::pinned`] reads
//! the runtime's `partitions.json` once.
//!
//! ```
//! use shapegen_runtime::endpoint::{Partitions, is_virtual_hostable_s3_bucket, parse_url};
//!
//! let partition = Partitions::pinned().partition("eu-west-1").unwrap();
//! assert_eq!((partition.name, partition.dns_suffix), ("aws", "amazonaws.com"));
//! assert!(is_virtual_hostable_s3_bucket("my-bucket", false));
//! let url = parse_url("https://example.com:8443/base").unwrap();
//! assert_eq!((url.authority.as_str(), url.normalized_path.as_str()), ("example.com:8443", "/base/"));
//! ```

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

/// A string of an endpoint: the rule set's own text, borrowed (`"sigv4"`, `"authSchemes"`),
/// or made for the call (a region), owned. Resolving allocates only the second kind.
pub type Text = Cow<'static, str>;

mod arn;
mod functions;
mod partition;
mod region_regex;
mod url;

pub use arn::{Arn, parse_arn};
pub use functions::{is_valid_host_label, is_virtual_hostable_s3_bucket, substring, uri_encode};
pub use partition::{PartitionResult, Partitions, PartitionsError};
pub use url::{Url, parse_url};

/// The parameters of a service's endpoint rule set, as a client sets and resolves them without
/// knowing the service: what each generated `endpoint::Params` implements.
pub trait EndpointParams: Clone + Default + fmt::Debug + Send + Sync + 'static {
    /// Sets the parameter `name` (its name in the rule set, such as `Region`) to `value`; an
    /// unknown name, or a value of another type, is an error naming it.
    ///
    /// # Errors
    ///
    /// The rule set has no parameter `name`, or it is of another type than `value`.
    fn set(&mut self, name: &str, value: Value) -> Result<(), ResolveError>;

    /// The value of the parameter `name`; `None` when it has none, or the rule set has no
    /// such parameter (S3 Express's session is per `Bucket`, say).
    fn get(&self, name: &str) -> Option<Value>;

    /// Sets each parameter a built-in fills (`AWS::Region`, `AWS::UseFIPS`, ...) to the value
    /// `built_ins` gives it, where it gives one.
    ///
    /// # Errors
    ///
    /// A built-in whose value is of another type than its parameter.
    fn set_built_ins(&mut self, built_ins: &BuiltIns) -> Result<(), ResolveError>;

    /// The endpoint, by the rule set, with the partitions the runtime holds.
    ///
    /// # Errors
    ///
    /// The rule set's own error for these parameters, or a required parameter without a value.
    fn resolve(&self) -> Result<Endpoint, ResolveError>;
}

/// The endpoint a rule set resolved to: where to send the request, with the headers to add and
/// the properties the rule set attached (the signing schemes among them).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Endpoint {
    /// The URL, as `https://bucket.s3.us-west-2.amazonaws.com`.
    pub url: String,
    /// Headers to add to the request, by name, each with its values in order.
    pub headers: BTreeMap<String, Vec<String>>,
    /// The properties of the endpoint, by name: `authSchemes`, and any other the rule set sets.
    pub properties: BTreeMap<Text, Value>,
}

impl Endpoint {
    /// An endpoint: its URL, headers and properties.
    pub fn new(url: String, headers: BTreeMap<String, Vec<String>>, properties: BTreeMap<Text, Value>) -> Self {
        Endpoint { url, headers, properties }
    }

    /// An endpoint as a rule gives it: its URL, and its headers and properties by name (what
    /// generated resolvers call, one function for every rule).
    pub fn from_rule<const H: usize, const P: usize>(
        url: String,
        headers: [(&str, Vec<String>); H],
        properties: [(&'static str, Value); P],
    ) -> Self {
        // A map of a few entries is made faster by inserting them than by collecting them
        // (which sorts a copy first): this runs on every call.
        let mut endpoint = Endpoint { url, headers: BTreeMap::new(), properties: BTreeMap::new() };
        for (name, values) in headers {
            endpoint.headers.insert(name.to_owned(), values);
        }
        for (name, value) in properties {
            endpoint.properties.insert(Text::Borrowed(name), value);
        }
        endpoint
    }

    /// The signing schemes of the endpoint, in the rule set's order of preference: the objects
    /// of the `authSchemes` property. Empty when the property is absent or not an array; an
    /// element that is not an object with a string `name` is left out.
    pub fn auth_schemes(&self) -> Vec<AuthScheme> {
        match self.properties.get("authSchemes") {
            Some(Value::Array(schemes)) => schemes
                .iter()
                .filter_map(|scheme| match scheme {
                    Value::Object(fields) => AuthScheme::from_fields(fields),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// A value of the rules engine: a property of an endpoint, or an element of one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// A string.
    String(Text),
    /// A boolean.
    Bool(bool),
    /// An integer.
    Integer(i64),
    /// An array of values.
    Array(Vec<Value>),
    /// An object: its entries sorted by key, each key once (an object holds a few, so a list
    /// is quicker to make and to read than a map).
    Object(Vec<(Text, Value)>),
}

impl Value {
    /// An object of `entries` in any order: sorted by key, the last of a repeated key kept.
    pub fn object_of(entries: impl IntoIterator<Item = (Text, Value)>) -> Value {
        let mut object: Vec<(Text, Value)> = Vec::new();
        for (key, value) in entries {
            match object.binary_search_by(|(k, _)| k.cmp(&key)) {
                Ok(i) => object[i].1 = value,
                Err(i) => object.insert(i, (key, value)),
            }
        }
        Value::Object(object)
    }

    /// What kind of value it is, for messages.
    fn kind(&self) -> &'static str {
        match self {
            Value::String(_) => "a string",
            Value::Bool(_) => "a boolean",
            Value::Integer(_) => "an integer",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }

    /// The string, as the value of the parameter `parameter`; another kind of value is an
    /// error naming the parameter.
    pub fn into_string(self, parameter: &str) -> Result<String, ResolveError> {
        match self {
            Value::String(s) => Ok(s.into_owned()),
            other => Err(ResolveError::mistyped(parameter, "a string", &other)),
        }
    }

    /// The boolean, as the value of the parameter `parameter`.
    pub fn into_bool(self, parameter: &str) -> Result<bool, ResolveError> {
        match self {
            Value::Bool(b) => Ok(b),
            other => Err(ResolveError::mistyped(parameter, "a boolean", &other)),
        }
    }

    /// The strings of an array of strings, as the value of the parameter `parameter`.
    pub fn into_strings(self, parameter: &str) -> Result<Vec<String>, ResolveError> {
        match self {
            Value::Array(items) => items
                .into_iter()
                .map(|item| match item {
                    Value::String(s) => Ok(s.into_owned()),
                    other => Err(ResolveError::mistyped(parameter, "an array of strings", &other)),
                })
                .collect(),
            other => Err(ResolveError::mistyped(parameter, "an array of strings", &other)),
        }
    }
}

impl From<&'static str> for Value {
    fn from(value: &'static str) -> Self {
        Value::String(Text::Borrowed(value))
    }
}

impl From<String> for Value {
    fn from(value: String) -> Self {
        Value::String(Text::Owned(value))
    }
}

impl From<bool> for Value {
    fn from(value: bool) -> Self {
        Value::Bool(value)
    }
}

impl From<Vec<String>> for Value {
    fn from(value: Vec<String>) -> Self {
        Value::Array(value.into_iter().map(Value::from).collect())
    }
}

/// The values of the built-in endpoint parameters (`AWS::Region`, `AWS::UseFIPS`,
/// `SDK::Endpoint`, ...): what a program configures once, for every service it calls. Each
/// generated `endpoint::Params::set_built_ins` takes from it the built-ins its rule set uses.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BuiltIns {
    values: BTreeMap<String, Value>,
}

impl BuiltIns {
    /// `AWS::Region`: the region calls are made in.
    pub const REGION: &'static str = "AWS::Region";
    /// `AWS::UseFIPS`: FIPS endpoints.
    pub const USE_FIPS: &'static str = "AWS::UseFIPS";
    /// `AWS::UseDualStack`: dual-stack (IPv4 and IPv6) endpoints.
    pub const USE_DUAL_STACK: &'static str = "AWS::UseDualStack";
    /// `SDK::Endpoint`: an endpoint URL that replaces the rules' choice.
    pub const ENDPOINT: &'static str = "SDK::Endpoint";
    /// `AWS::Auth::AccountId`: the account the credentials belong to (DynamoDB's
    /// account-based endpoints).
    pub const ACCOUNT_ID: &'static str = "AWS::Auth::AccountId";
    /// `AWS::Auth::AccountIdEndpointMode`: `preferred`, `required` or `disabled`.
    pub const ACCOUNT_ID_ENDPOINT_MODE: &'static str = "AWS::Auth::AccountIdEndpointMode";
    /// `AWS::S3::ForcePathStyle`: the bucket in the path, not the host.
    pub const S3_FORCE_PATH_STYLE: &'static str = "AWS::S3::ForcePathStyle";
    /// `AWS::S3::Accelerate`: S3 Transfer Acceleration.
    pub const S3_ACCELERATE: &'static str = "AWS::S3::Accelerate";
    /// `AWS::S3::UseArnRegion`: an ARN's region over the configured one.
    pub const S3_USE_ARN_REGION: &'static str = "AWS::S3::UseArnRegion";
    /// `AWS::S3::DisableMultiRegionAccessPoints`.
    pub const S3_DISABLE_MULTI_REGION_ACCESS_POINTS: &'static str = "AWS::S3::DisableMultiRegionAccessPoints";
    /// `AWS::S3::UseGlobalEndpoint`: `us-east-1` calls to the global endpoint.
    pub const S3_USE_GLOBAL_ENDPOINT: &'static str = "AWS::S3::UseGlobalEndpoint";
    /// `AWS::S3Control::UseArnRegion`.
    pub const S3_CONTROL_USE_ARN_REGION: &'static str = "AWS::S3Control::UseArnRegion";
    /// `AWS::STS::UseGlobalEndpoint`: STS's global endpoint for the regions it served.
    pub const STS_USE_GLOBAL_ENDPOINT: &'static str = "AWS::STS::UseGlobalEndpoint";

    /// No built-in set.
    pub fn new() -> Self {
        BuiltIns::default()
    }

    /// Sets the built-in `name` (such as `AWS::S3::ForcePathStyle`).
    pub fn set(&mut self, name: impl Into<String>, value: impl Into<Value>) -> &mut Self {
        self.values.insert(name.into(), value.into());
        self
    }

    /// Sets `AWS::Region`.
    pub fn region(&mut self, region: impl Into<String>) -> &mut Self {
        self.set(Self::REGION, region.into())
    }

    /// The value of the built-in `name`, if set.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.values.get(name)
    }
}

/// A signing scheme of an endpoint, one object of its `authSchemes` property: `sigv4`,
/// `sigv4a`, `sigv4-s3express`, ... with its parameters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuthScheme {
    /// The scheme's name (`name`), as `sigv4`.
    pub name: String,
    /// The service name to sign with (`signingName`), as `s3`.
    pub signing_name: Option<String>,
    /// The region to sign for (`signingRegion`), for `sigv4`.
    pub signing_region: Option<String>,
    /// The regions to sign for (`signingRegionSet`), for `sigv4a`; empty when absent.
    pub signing_region_set: Vec<String>,
    /// Whether to encode the path once only when signing (`disableDoubleEncoding`).
    pub disable_double_encoding: Option<bool>,
    /// Whether to sign the path as it is, without normalizing it (`disableNormalizePath`).
    pub disable_normalize_path: Option<bool>,
    /// Every other field of the object, and any of the fields above whose value is not of the
    /// type expected (so that nothing the rule set set is lost).
    pub other: BTreeMap<Text, Value>,
}

impl AuthScheme {
    fn from_fields(fields: &[(Text, Value)]) -> Option<AuthScheme> {
        let Some((_, Value::String(name))) = fields.iter().find(|(key, _)| key == "name") else {
            return None;
        };
        let mut scheme = AuthScheme { name: name.to_string(), ..AuthScheme::default() };
        for (key, value) in fields {
            match (&**key, value) {
                ("name", _) => {}
                ("signingName", Value::String(name)) => scheme.signing_name = Some(name.to_string()),
                ("signingRegion", Value::String(region)) => scheme.signing_region = Some(region.to_string()),
                ("signingRegionSet", Value::Array(regions))
                    if regions.iter().all(|region| matches!(region, Value::String(_))) =>
                {
                    scheme.signing_region_set = regions
                        .iter()
                        .filter_map(|region| match region {
                            Value::String(region) => Some(region.to_string()),
                            _ => None,
                        })
                        .collect();
                }
                ("disableDoubleEncoding", Value::Bool(disable)) => scheme.disable_double_encoding = Some(*disable),
                ("disableNormalizePath", Value::Bool(disable)) => scheme.disable_normalize_path = Some(*disable),
                _ => {
                    scheme.other.insert(key.clone(), value.clone());
                }
            }
        }
        Some(scheme)
    }
}

/// Why a rule set resolved no endpoint: the message of the rule set's error rule (as
/// `Invalid region: region was not a valid DNS name.`), a required parameter that was not set,
/// or no rule that matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolveError {
    message: String,
}

impl ResolveError {
    /// The error of setting a parameter the rule set does not have.
    pub fn unknown_parameter(name: &str) -> Self {
        ResolveError::new(format!("the endpoint rule set has no parameter {name:?}"))
    }

    /// The error of setting `parameter` to a value of the wrong type.
    fn mistyped(parameter: &str, expected: &str, value: &Value) -> Self {
        ResolveError::new(format!("the endpoint parameter {parameter} takes {expected}, not {}", value.kind()))
    }

    /// An error with this message, as an error rule of a rule set gives it.
    pub fn new(message: impl Into<String>) -> Self {
        ResolveError { message: message.into() }
    }

    /// The message, as [`Display`](fmt::Display) prints it.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// A required parameter of the rule set, without a default, was not set: `A required
    /// parameter was not set: Region`.
    pub fn missing(parameter: &str) -> Self {
        ResolveError::new(format!("A required parameter was not set: {parameter}"))
    }

    /// No rule of the rule set matched the parameters. A rule set ends with a rule without
    /// conditions, so this is a fault of the rule set, or of the code compiled from it.
    pub fn no_rule_matched() -> Self {
        ResolveError::new("No endpoint rule matched the parameters")
    }
}

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ResolveError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn string(value: &str) -> Value {
        Value::String(Text::Owned(value.to_owned()))
    }

    fn object(fields: &[(&str, Value)]) -> Value {
        Value::object_of(fields.iter().map(|(key, value)| (Text::Owned((*key).to_owned()), value.clone())))
    }

    fn endpoint_with(auth_schemes: Option<Value>) -> Endpoint {
        let mut endpoint = Endpoint { url: "https://example.com".to_owned(), ..Endpoint::default() };
        if let Some(auth_schemes) = auth_schemes {
            endpoint.properties.insert(Text::Borrowed("authSchemes"), auth_schemes);
        }
        endpoint
    }

    #[test]
    fn auth_schemes_are_read_in_order_with_every_field() {
        let endpoint = endpoint_with(Some(Value::Array(vec![
            object(&[
                ("name", string("sigv4a")),
                ("signingName", string("s3")),
                ("signingRegionSet", Value::Array(vec![string("*")])),
                ("disableDoubleEncoding", Value::Bool(true)),
            ]),
            object(&[
                ("name", string("sigv4")),
                ("signingName", string("s3")),
                ("signingRegion", string("us-east-1")),
                ("disableDoubleEncoding", Value::Bool(true)),
                ("disableNormalizePath", Value::Bool(false)),
                ("backend", string("S3Express")),
            ]),
        ])));
        let schemes = endpoint.auth_schemes();
        assert_eq!(
            schemes,
            vec![
                AuthScheme {
                    name: "sigv4a".to_owned(),
                    signing_name: Some("s3".to_owned()),
                    signing_region_set: vec!["*".to_owned()],
                    disable_double_encoding: Some(true),
                    ..AuthScheme::default()
                },
                AuthScheme {
                    name: "sigv4".to_owned(),
                    signing_name: Some("s3".to_owned()),
                    signing_region: Some("us-east-1".to_owned()),
                    disable_double_encoding: Some(true),
                    disable_normalize_path: Some(false),
                    other: [(Text::Borrowed("backend"), string("S3Express"))].into_iter().collect(),
                    ..AuthScheme::default()
                },
            ]
        );
    }

    #[test]
    fn auth_schemes_are_empty_without_the_property() {
        assert!(endpoint_with(None).auth_schemes().is_empty());
        assert!(endpoint_with(Some(string("sigv4"))).auth_schemes().is_empty());
        assert!(endpoint_with(Some(Value::Array(Vec::new()))).auth_schemes().is_empty());
    }

    #[test]
    fn auth_schemes_skip_what_is_not_a_named_object_and_keep_mistyped_fields() {
        let endpoint = endpoint_with(Some(Value::Array(vec![
            string("sigv4"),
            object(&[("signingName", string("s3"))]),
            object(&[("name", Value::Bool(true))]),
            object(&[
                ("name", string("sigv4")),
                ("signingRegion", Value::Integer(1)),
                ("signingRegionSet", Value::Array(vec![string("us-east-1"), Value::Bool(false)])),
            ]),
        ])));
        let schemes = endpoint.auth_schemes();
        assert_eq!(schemes.len(), 1);
        assert_eq!(schemes[0].name, "sigv4");
        assert_eq!(schemes[0].signing_region, None);
        assert!(schemes[0].signing_region_set.is_empty());
        assert_eq!(schemes[0].other.get("signingRegion"), Some(&Value::Integer(1)));
        assert!(schemes[0].other.contains_key("signingRegionSet"));
    }

    #[test]
    fn resolve_errors_print_their_message() {
        let error = ResolveError::new("Invalid region: region was not a valid DNS name.");
        assert_eq!(error.to_string(), "Invalid region: region was not a valid DNS name.");
        assert_eq!(error.message(), "Invalid region: region was not a valid DNS name.");
        let missing = ResolveError::missing("Region");
        assert!(missing.message().contains("Region"), "{missing}");
        assert!(!ResolveError::no_rule_matched().message().is_empty());
        let boxed: Box<dyn std::error::Error> = Box::new(missing);
        assert!(boxed.to_string().ends_with("Region"));
    }
}
