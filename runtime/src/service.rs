//! What a client needs to know of a service, and of each of its operations, to send a call:
//! its names, how its requests are authenticated, and its endpoint rules. Generated crates
//! implement [`Service`] on `service::Service`, and [`Operation`](crate::Operation) says which
//! service an operation belongs to.

use crate::endpoint::{BuiltIns, Endpoint, EndpointParams, ResolveError, Value};

/// A way a request is authenticated, as the model names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AuthScheme {
    /// AWS Signature Version 4 (`aws.auth#sigv4`).
    SigV4,
    /// AWS Signature Version 4a, signed for a set of regions (`aws.auth#sigv4a`).
    SigV4a,
    /// A bearer token (`smithy.api#httpBearerAuth`).
    Bearer,
    /// Sent unsigned (`smithy.api#noAuth`).
    NoAuth,
    /// Another scheme, by the model's name for it (botocore's `v2`, Smithy's
    /// `smithy.api#httpApiKeyAuth`).
    Other(&'static str),
}

/// A service, as a client reads it: what its generated `service::Service` says.
pub trait Service {
    /// The service's SDK id (`GuardDuty`, `S3`, `CloudWatch`): the name its configuration
    /// goes by (`AWS_ENDPOINT_URL_CLOUDWATCH`); empty when the model gives none.
    const SDK_ID: &'static str;

    /// The name requests are signed for (`guardduty`; CloudWatch's is `monitoring`): the
    /// model's signing name, else its endpoint prefix; empty when the model gives neither.
    const SIGNING_NAME: &'static str;

    /// The API version (`2017-11-28`); empty when the model gives none.
    const API_VERSION: &'static str;

    /// How the service's requests are authenticated, preferred first; empty when the model
    /// does not say. An operation may say otherwise ([`Operation::AUTH`](crate::Operation::AUTH)).
    const AUTH: &'static [AuthScheme];

    /// The parameters of the service's endpoint rule set: its generated `endpoint::Params`,
    /// or [`NoEndpointRules`] when the model came without one.
    type EndpointParams: EndpointParams;
}

/// The endpoint parameters of a service whose model came without an endpoint rule set: there
/// are none, and resolving fails, so a client needs an endpoint URL from its configuration.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NoEndpointRules;

impl EndpointParams for NoEndpointRules {
    fn set(&mut self, name: &str, _value: Value) -> Result<(), ResolveError> {
        Err(ResolveError::unknown_parameter(name))
    }

    fn get(&self, _name: &str) -> Option<Value> {
        None
    }

    fn set_built_ins(&mut self, _built_ins: &BuiltIns) -> Result<(), ResolveError> {
        Ok(())
    }

    fn resolve(&self) -> Result<Endpoint, ResolveError> {
        Err(ResolveError::new("the service's model came without an endpoint rule set: give the endpoint's URL instead"))
    }
}
