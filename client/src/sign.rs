//! How a request is signed, as the model, the endpoint and the configuration say, and signing
//! it with `aws-sigv4`.
//!
//! The operation lists its auth schemes, preferred first ([`Operation::AUTH`]; SigV4 when it
//! lists none); the configuration may prefer others (`AWS_AUTH_SCHEME_PREFERENCE`, see
//! [`order`]), and a bearer token configured for the service comes first. The client uses the
//! first scheme it has an identity for: none needed (`noAuth`), a bearer token
//! (`httpBearerAuth`), or credentials (SigV4, SigV4a). With credentials, the resolved endpoint
//! may say how to sign (`authSchemes`: `sigv4`, `sigv4a` with its region set, S3 Express's
//! `sigv4-s3express`; the signing name and region, `disableDoubleEncoding`,
//! `disableNormalizePath`).
//!
//! SigV4a needs the crate feature `sigv4a` (it brings an elliptic-curve implementation); without
//! it, a request that must be signed so fails with an error that says so.
//!
//! [`Operation::AUTH`]: shapegen_runtime::Operation::AUTH

use std::fmt;
use std::time::{Duration, SystemTime};

use aws_sigv4::http_request::{
    PayloadChecksumKind, PercentEncodingMode, SignableBody, SignableRequest, SignatureLocation, SigningSettings,
    UriPathNormalizationMode,
};
use aws_sigv4::sign::v4;
use shapegen_runtime::AuthScheme;
use shapegen_runtime::endpoint::{AuthScheme as EndpointScheme, Endpoint};

use crate::body::Body;
use crate::credentials::Credentials;

/// The services whose requests carry the payload's hash in `x-amz-content-sha256`: S3 and
/// its relatives (the AWS SDKs' S3 customization) and Glacier, which require the header.
const CONTENT_SHA256_SERVICES: &[&str] = &["s3", "s3-object-lambda", "s3-outposts", "s3express", "glacier"];

/// The header S3 Express's session token travels in, instead of `X-Amz-Security-Token`.
pub const S3_EXPRESS_SESSION_TOKEN: &str = "x-amz-s3session-token";

/// How one request is signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// Sent unsigned.
    Unsigned,
    /// Signed with SigV4.
    SigV4(SigV4),
    /// Signed with SigV4a: [`SigV4::region`] is the region set, comma-separated.
    SigV4a(SigV4),
    /// Signed with SigV4 and an S3 Express session's credentials, for the bucket the endpoint
    /// names (`sigv4-s3express`).
    S3Express(SigV4),
    /// A bearer token in `Authorization`.
    Bearer,
}

/// The parameters of a SigV4 (or SigV4a) signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigV4 {
    /// The service part of the credential scope.
    pub name: String,
    /// The region part of the credential scope; for SigV4a, the region set
    /// (`X-Amz-Region-Set`).
    pub region: String,
    /// Whether the path is percent-encoded a second time in the canonical request (every
    /// service but S3's family).
    pub double_encode: bool,
    /// Whether the path is normalized (`.` and `..` segments resolved) in the canonical request.
    pub normalize_path: bool,
    /// Whether `x-amz-content-sha256` carries the payload's hash.
    pub content_sha256: bool,
    /// Whether the payload is left out of the signature (`UNSIGNED-PAYLOAD`).
    pub unsigned_payload: bool,
}

/// What a request is sent with: the identity the first usable scheme needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Identity {
    /// Nothing: the request goes unsigned.
    Anonymous,
    /// AWS credentials, for SigV4, SigV4a or S3 Express.
    Credentials,
    /// A bearer token.
    Token,
}

/// The preference's name of a scheme (the Smithy shape name, without its namespace).
fn preference_name(scheme: AuthScheme) -> &'static str {
    match scheme {
        AuthScheme::SigV4 => "sigv4",
        AuthScheme::SigV4a => "sigv4a",
        AuthScheme::Bearer => "httpBearerAuth",
        AuthScheme::NoAuth => "noAuth",
        AuthScheme::Other(name) => name.rsplit('#').next().unwrap_or(name),
    }
}

/// The schemes of an operation (`auth`, SigV4 when empty) in the order the client tries them:
/// those `preference` names first, in its order (names compared without regard to case),
/// then the rest in the model's; with `bearer_first` (a token configured for the service),
/// a bearer scheme before all.
pub fn order(auth: &[AuthScheme], preference: &[String], bearer_first: bool) -> Vec<AuthScheme> {
    let auth = if auth.is_empty() { &[AuthScheme::SigV4][..] } else { auth };
    let mut ordered: Vec<AuthScheme> = Vec::with_capacity(auth.len());
    if bearer_first && auth.contains(&AuthScheme::Bearer) {
        ordered.push(AuthScheme::Bearer);
    }
    for name in preference {
        if let Some(scheme) = auth.iter().find(|scheme| preference_name(**scheme).eq_ignore_ascii_case(name))
            && !ordered.contains(scheme)
        {
            ordered.push(*scheme);
        }
    }
    for scheme in auth {
        if !ordered.contains(scheme) {
            ordered.push(*scheme);
        }
    }
    ordered
}

/// Whether this build signs with SigV4a (the feature `sigv4a`).
pub const SIGV4A: bool = cfg!(feature = "sigv4a");

/// What chooses the plan of a request: the operation's schemes, the configuration and the
/// endpoint.
pub struct Choice<'a> {
    /// The operation's auth schemes in the order the client tries them ([`order`]).
    pub schemes: &'a [AuthScheme],
    /// The configuration's preference (`AWS_AUTH_SCHEME_PREFERENCE`), for the endpoint's
    /// schemes.
    pub preference: &'a [String],
    /// The service's signing name.
    pub signing_name: &'a str,
    /// The region of the client's configuration.
    pub region: Option<&'a str>,
    /// The regions SigV4a signs for when the endpoint names none
    /// (`AWS_SIGV4A_SIGNING_REGION_SET`); the client's region when empty.
    pub region_set: &'a [String],
    /// The operation's payload is unsigned.
    pub unsigned_payload: bool,
}

impl Choice<'_> {
    /// The plan for a request to `endpoint`, sent with `identity`.
    ///
    /// # Errors
    ///
    /// No scheme the client can use with the identity, or no region to sign for.
    pub fn plan(&self, identity: Identity, endpoint: &Endpoint) -> Result<Plan, SignError> {
        match identity {
            Identity::Anonymous => Ok(Plan::Unsigned),
            Identity::Token => Ok(Plan::Bearer),
            Identity::Credentials => self.with_credentials(endpoint),
        }
    }

    /// The SigV4 family's plan: the endpoint's first scheme the client can sign with (its
    /// order, with the configuration's preference first), else the operation's.
    fn with_credentials(&self, endpoint: &Endpoint) -> Result<Plan, SignError> {
        let endpoint_schemes = endpoint.auth_schemes();
        if !endpoint_schemes.is_empty() {
            let usable = |scheme: &&EndpointScheme| match scheme.name.as_str() {
                "sigv4" | "sigv4-s3express" => true,
                "sigv4a" => SIGV4A,
                _ => false,
            };
            let preferred = self.preference.iter().find_map(|name| {
                endpoint_schemes.iter().filter(usable).find(|scheme| scheme.name.eq_ignore_ascii_case(name))
            });
            let Some(scheme) = preferred.or_else(|| endpoint_schemes.iter().find(usable)) else {
                return Err(SignError::Unsupported {
                    schemes: endpoint_schemes.iter().map(|scheme| scheme.name.clone()).collect(),
                    from_endpoint: true,
                });
            };
            return match scheme.name.as_str() {
                "sigv4a" => self.sigv4a(Some(scheme)).map(Plan::SigV4a),
                "sigv4-s3express" => self.sigv4(Some(scheme)).map(Plan::S3Express),
                _ => self.sigv4(Some(scheme)).map(Plan::SigV4),
            };
        }
        for scheme in self.schemes {
            match scheme {
                AuthScheme::SigV4 => return self.sigv4(None).map(Plan::SigV4),
                AuthScheme::SigV4a if SIGV4A => return self.sigv4a(None).map(Plan::SigV4a),
                _ => {}
            }
        }
        Err(SignError::Unsupported {
            schemes: self.schemes.iter().map(|scheme| name(*scheme).to_owned()).collect(),
            from_endpoint: false,
        })
    }

    fn sigv4(&self, endpoint: Option<&EndpointScheme>) -> Result<SigV4, SignError> {
        let region = endpoint
            .and_then(|scheme| scheme.signing_region.clone())
            .or_else(|| self.region.map(str::to_owned))
            .ok_or(SignError::NoRegion)?;
        Ok(self.parameters(endpoint, region))
    }

    fn sigv4a(&self, endpoint: Option<&EndpointScheme>) -> Result<SigV4, SignError> {
        let from_endpoint = endpoint.map(|scheme| scheme.signing_region_set.join(",")).filter(|set| !set.is_empty());
        let configured = Some(self.region_set.join(",")).filter(|set| !set.is_empty());
        let region_set =
            from_endpoint.or(configured).or_else(|| self.region.map(str::to_owned)).ok_or(SignError::NoRegion)?;
        Ok(self.parameters(endpoint, region_set))
    }

    fn parameters(&self, endpoint: Option<&EndpointScheme>, region: String) -> SigV4 {
        let name =
            endpoint.and_then(|scheme| scheme.signing_name.clone()).unwrap_or_else(|| self.signing_name.to_owned());
        let s3_family = CONTENT_SHA256_SERVICES.contains(&name.as_str());
        let double_encode = !endpoint.and_then(|scheme| scheme.disable_double_encoding).unwrap_or(s3_family);
        let normalize_path = !endpoint.and_then(|scheme| scheme.disable_normalize_path).unwrap_or(s3_family);
        SigV4 {
            content_sha256: s3_family || self.unsigned_payload,
            name,
            region,
            double_encode,
            normalize_path,
            unsigned_payload: self.unsigned_payload,
        }
    }
}

/// The model's name of a scheme, for messages.
fn name(scheme: AuthScheme) -> &'static str {
    match scheme {
        AuthScheme::SigV4 => "sigv4",
        AuthScheme::SigV4a => "sigv4a",
        AuthScheme::Bearer => "bearer",
        AuthScheme::NoAuth => "none",
        AuthScheme::Other(name) => name,
    }
}

/// Puts `token` in `request`'s `Authorization` header, as `Bearer <token>`.
///
/// # Errors
///
/// A token an HTTP header cannot carry.
pub fn bearer(request: &mut http::Request<Body>, token: &str) -> Result<(), SignError> {
    let mut value = http::HeaderValue::from_str(&format!("Bearer {token}"))
        .map_err(|_| SignError::InvalidCredentials { what: "the bearer token" })?;
    value.set_sensitive(true);
    request.headers_mut().insert(http::header::AUTHORIZATION, value);
    Ok(())
}

/// Signs `request` in place as `plan` says, with `credentials`, as at `time`: adds
/// `X-Amz-Date`, `Authorization`, the session token (`X-Amz-Security-Token`; S3 Express's
/// `x-amz-s3session-token`), `X-Amz-Region-Set` for SigV4a, and `x-amz-content-sha256`
/// where the plan says. An unsigned or bearer plan adds nothing (see [`bearer`]).
///
/// The signature covers the method, the URI, the `Host`, every header the request has and
/// the SHA-256 of the body (or `UNSIGNED-PAYLOAD`, for an unsigned payload or a stream).
///
/// # Errors
///
/// A URI without a host, a header or credential that cannot be signed, or the signer's error.
pub fn sign(
    request: &mut http::Request<Body>,
    plan: &Plan,
    credentials: &Credentials,
    time: SystemTime,
) -> Result<(), SignError> {
    match plan {
        Plan::Unsigned | Plan::Bearer => Ok(()),
        Plan::SigV4(sigv4) | Plan::SigV4a(sigv4) | Plan::S3Express(sigv4) => {
            sign_at(request, plan, sigv4, credentials, time, None)
        }
    }
}

/// The longest a presigned request may last: seven days, as SigV4 allows.
pub const MAX_PRESIGNED_EXPIRY: Duration = Duration::from_secs(7 * 24 * 60 * 60);

/// Signs `request` in its query string, as a presigned URL that lasts `expires_in` from
/// `time`: `X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`, `X-Amz-Expires`,
/// `X-Amz-SignedHeaders`, the session token, `X-Amz-Signature`. The headers the request still
/// has are signed too: whoever sends it must send them.
///
/// # Errors
///
/// An unsigned or bearer plan, an expiry of more than [`MAX_PRESIGNED_EXPIRY`] (or none at
/// all), and those of [`sign`].
pub fn presign(
    request: &mut http::Request<Body>,
    plan: &Plan,
    credentials: &Credentials,
    time: SystemTime,
    expires_in: Duration,
) -> Result<(), SignError> {
    if expires_in.is_zero() || expires_in > MAX_PRESIGNED_EXPIRY {
        return Err(SignError::Expiry { expires_in });
    }
    match plan {
        Plan::Unsigned | Plan::Bearer => Err(SignError::NotSigned),
        Plan::SigV4(sigv4) | Plan::SigV4a(sigv4) | Plan::S3Express(sigv4) => {
            sign_at(request, plan, sigv4, credentials, time, Some(expires_in))
        }
    }
}

/// Signs in the headers, or with `expires_in` in the query string, by `plan`'s algorithm with
/// its parameters `sigv4`.
fn sign_at(
    request: &mut http::Request<Body>,
    plan: &Plan,
    sigv4: &SigV4,
    credentials: &Credentials,
    time: SystemTime,
    expires_in: Option<Duration>,
) -> Result<(), SignError> {
    if request.uri().host().is_none() {
        return Err(SignError::NoHost { uri: request.uri().to_string() });
    }
    let header_safe = |value: &str| http::HeaderValue::from_str(value).is_ok();
    if !header_safe(credentials.access_key_id()) || !header_safe(&sigv4.region) || !header_safe(&sigv4.name) {
        return Err(SignError::InvalidCredentials { what: "the access key id, the region or the signing name" });
    }
    if credentials.session_token().is_some_and(|token| !header_safe(token)) {
        return Err(SignError::InvalidCredentials { what: "the session token" });
    }
    let identity = aws_credentials(credentials).into();
    let mut settings = SigningSettings::default();
    settings.percent_encoding_mode =
        if sigv4.double_encode { PercentEncodingMode::Double } else { PercentEncodingMode::Single };
    settings.uri_path_normalization_mode =
        if sigv4.normalize_path { UriPathNormalizationMode::Enabled } else { UriPathNormalizationMode::Disabled };
    // An input event stream says so in its header, whatever the service (Transcribe and
    // Bedrock require it).
    let events = shapegen_runtime::events::OutgoingEvents::of_request(request).is_some();
    settings.payload_checksum_kind = if (sigv4.content_sha256 || events) && expires_in.is_none() {
        PayloadChecksumKind::XAmzSha256
    } else {
        PayloadChecksumKind::NoHeader
    };
    if let Some(expires_in) = expires_in {
        settings.signature_location = SignatureLocation::QueryParams;
        settings.expires_in = Some(expires_in);
    }
    if matches!(plan, Plan::S3Express(_)) {
        settings.session_token_name_override = Some(S3_EXPRESS_SESSION_TOKEN);
    }
    let params: aws_sigv4::http_request::SigningParams<'_> = match plan {
        #[cfg(feature = "sigv4a")]
        Plan::SigV4a(_) => aws_sigv4::sign::v4a::SigningParams::builder()
            .identity(&identity)
            .region_set(&sigv4.region)
            .name(&sigv4.name)
            .time(time)
            .settings(settings)
            .build()
            .map_err(|error| SignError::Signer(error.to_string()))?
            .into(),
        #[cfg(not(feature = "sigv4a"))]
        Plan::SigV4a(_) => return Err(SignError::Unsupported { schemes: vec!["sigv4a".into()], from_endpoint: false }),
        _ => v4::SigningParams::builder()
            .identity(&identity)
            .region(&sigv4.region)
            .name(&sigv4.name)
            .time(time)
            .settings(settings)
            .build()
            .map_err(|error| SignError::Signer(error.to_string()))?
            .into(),
    };
    let headers = request
        .headers()
        .iter()
        .map(|(name, value)| match value.to_str() {
            Ok(value) => Ok((name.as_str(), value)),
            Err(_) => Err(SignError::UnsignableHeader { name: name.to_string() }),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let https = request.uri().scheme() == Some(&http::uri::Scheme::HTTPS);
    let trailer = request.headers().contains_key("x-amz-trailer");
    let body = if events {
        // An input event stream: each message is signed as it is sent.
        SignableBody::Precomputed("STREAMING-AWS4-HMAC-SHA256-EVENTS".to_owned())
    } else {
        payload(request.body(), sigv4, https, trailer)?
    };
    let uri = request.uri().to_string();
    let signable = SignableRequest::new(request.method().as_str(), uri, headers.into_iter(), body)
        .map_err(|error| SignError::Signer(error.to_string()))?;
    let (instructions, _signature) = aws_sigv4::http_request::sign(signable, &params)
        .map_err(|error| SignError::Signer(error.to_string()))?
        .into_parts();
    instructions.apply_to_request_http1x(request);
    Ok(())
}

/// What a signature says of the payload `body`: its bytes, hashed; a stream sent `aws-chunked`
/// with a trailing checksum (`trailer`), `STREAMING-UNSIGNED-PAYLOAD-TRAILER`; a stream that can
/// be read twice, read once to hash it, except S3's over HTTPS; otherwise (a stream read once,
/// an operation whose model says so) `UNSIGNED-PAYLOAD`, which the AWS SDKs send for S3's
/// streams.
fn payload<'b>(body: &'b Body, sigv4: &SigV4, https: bool, trailer: bool) -> Result<SignableBody<'b>, SignError> {
    if trailer && body.bytes().is_none() {
        return Ok(SignableBody::StreamingUnsignedPayloadTrailer);
    }
    if sigv4.unsigned_payload {
        return Ok(SignableBody::UnsignedPayload);
    }
    if let Some(bytes) = body.bytes() {
        return Ok(SignableBody::Bytes(bytes));
    }
    if !body.is_replayable() || (sigv4.content_sha256 && https) {
        return Ok(SignableBody::UnsignedPayload);
    }
    let reading = |error: &dyn std::fmt::Display| SignError::Signer(format!("reading the body to hash it: {error}"));
    let mut reader = body.clone().into_reader().map_err(|error| reading(&error))?;
    let mut hasher = <sha2::Sha256 as sha2::Digest>::new();
    let mut chunk = vec![0; 64 * 1024];
    loop {
        match std::io::Read::read(&mut reader, &mut chunk) {
            Ok(0) => break,
            Ok(read) => sha2::Digest::update(&mut hasher, &chunk[..read]),
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error) => return Err(reading(&error)),
        }
    }
    let digest = sha2::Digest::finalize(hasher);
    Ok(SignableBody::Precomputed(lower_hex(&digest)))
}

/// Signs the messages of an input event stream as AWS specifies: each message's signature
/// covers it and the signature before it, from the request's own; the stream ends with an
/// empty message, signed too.
#[cfg(feature = "eventstream")]
pub(crate) struct MessageSigner {
    credentials: aws_credential_types::Credentials,
    region: String,
    name: String,
    /// The signature before the next message's: the request's, then each message's.
    last: String,
    /// Added to the local clock, in milliseconds (the client's measured skew).
    offset_millis: i64,
}

#[cfg(feature = "eventstream")]
impl MessageSigner {
    /// The signer of the messages of `request`, signed already by `plan` with `credentials`.
    ///
    /// # Errors
    ///
    /// A plan other than SigV4, or a request without a SigV4 signature.
    pub(crate) fn new(
        request: &http::Request<Body>,
        plan: &Plan,
        credentials: &Credentials,
        offset_millis: i64,
    ) -> Result<MessageSigner, SignError> {
        let Plan::SigV4(sigv4) = plan else {
            return Err(SignError::Signer("the messages of an input event stream are signed with SigV4 only".into()));
        };
        let authorization = request.headers().get(http::header::AUTHORIZATION).and_then(|value| value.to_str().ok());
        let signature = authorization.and_then(|value| value.rsplit_once("Signature=")).map(|(_, signature)| signature);
        let Some(signature) = signature else {
            return Err(SignError::Signer("the request of an input event stream has no SigV4 signature".into()));
        };
        Ok(MessageSigner {
            credentials: aws_credentials(credentials),
            region: sigv4.region.clone(),
            name: sigv4.name.clone(),
            last: signature.trim().to_owned(),
            offset_millis,
        })
    }

    /// `message` signed (wrapped in a message with its `:date` and `:chunk-signature`), or the
    /// empty message that ends the stream, signed.
    pub(crate) fn sign(
        &mut self,
        message: Option<&shapegen_runtime::eventstream::Message>,
    ) -> Result<shapegen_runtime::eventstream::Message, SignError> {
        let identity = self.credentials.clone().into();
        let time = signing_time(self.offset_millis);
        let params = aws_sigv4::sign::v4::SigningParams::builder()
            .identity(&identity)
            .region(&self.region)
            .name(&self.name)
            .time(time)
            .settings(())
            .build()
            .map_err(|error| SignError::Signer(error.to_string()))?;
        let signed = match message {
            Some(message) => aws_sigv4::event_stream::sign_message(message, &self.last, &params),
            None => aws_sigv4::event_stream::sign_empty_message(&self.last, &params),
        };
        let (message, signature) = signed.map_err(|error| SignError::Signer(error.to_string()))?.into_parts();
        self.last = signature;
        Ok(message)
    }
}

/// `credentials` as aws-sigv4 takes them.
fn aws_credentials(credentials: &Credentials) -> aws_credential_types::Credentials {
    aws_credential_types::Credentials::new(
        credentials.access_key_id(),
        credentials.secret_access_key(),
        credentials.session_token().map(str::to_owned),
        credentials.expires_at(),
        "shapegen-client",
    )
}

/// The local time, corrected by `offset_millis` (the skew the client measured from a
/// service's refusal): the time requests and their messages are signed at.
pub(crate) fn signing_time(offset_millis: i64) -> SystemTime {
    let now = SystemTime::now();
    let offset = Duration::from_millis(offset_millis.unsigned_abs());
    if offset_millis >= 0 { now + offset } else { now.checked_sub(offset).unwrap_or(now) }
}

/// `bytes` in lower-case hexadecimal, as SigV4 and the SSO cache's file names write digests.
pub(crate) fn lower_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// A request that could not be signed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignError {
    /// None of the schemes is one the client can sign with yet.
    Unsupported {
        /// The schemes, by their names in the model or the endpoint's rules.
        schemes: Vec<String>,
        /// Whether the endpoint's rules named them (else the operation's model).
        from_endpoint: bool,
    },
    /// Neither the configuration nor the endpoint gives a region to sign for.
    NoRegion,
    /// The URI has no host, which the signature covers.
    NoHost {
        /// The URI.
        uri: String,
    },
    /// A header's value is not visible ASCII.
    UnsignableHeader {
        /// The header's name.
        name: String,
    },
    /// `what` has characters that an HTTP header cannot carry.
    InvalidCredentials {
        /// The part at fault.
        what: &'static str,
    },
    /// A presigned request's expiry is zero or longer than [`MAX_PRESIGNED_EXPIRY`].
    Expiry {
        /// The expiry asked for.
        expires_in: Duration,
    },
    /// The operation is sent unsigned: there is nothing to presign.
    NotSigned,
    /// The signer failed.
    Signer(String),
}

impl fmt::Display for SignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("could not sign the request: ")?;
        match self {
            SignError::Unsupported { schemes, from_endpoint } => {
                write!(
                    f,
                    "the {} asks for {}, which this client cannot sign with",
                    if *from_endpoint { "endpoint" } else { "operation" },
                    schemes.join(" or "),
                )?;
                if !SIGV4A && schemes.iter().any(|scheme| scheme == "sigv4a") {
                    f.write_str(" without its feature `sigv4a`")?;
                }
                Ok(())
            }
            SignError::NoRegion => f.write_str("no region to sign for: configure one (AWS_REGION)"),
            SignError::NoHost { uri } => write!(f, "{uri:?} has no host, which the signature covers"),
            SignError::UnsignableHeader { name } => write!(f, "the value of header {name:?} is not visible ASCII"),
            SignError::InvalidCredentials { what } => {
                write!(f, "{what} has characters that an HTTP header cannot carry")
            }
            SignError::Expiry { expires_in } => write!(
                f,
                "a presigned request must expire within {} seconds (seven days), not after {} seconds",
                MAX_PRESIGNED_EXPIRY.as_secs(),
                expires_in.as_secs_f64()
            ),
            SignError::NotSigned => f.write_str("the operation is sent unsigned: there is nothing to presign"),
            SignError::Signer(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for SignError {}

#[cfg(test)]
mod tests {
    use super::*;
    use shapegen_runtime::endpoint::Value;

    fn endpoint(schemes: &[&[(&'static str, Value)]]) -> Endpoint {
        let schemes = schemes
            .iter()
            .map(|fields| Value::object_of(fields.iter().map(|(k, v)| ((*k).into(), v.clone()))))
            .collect();
        Endpoint::from_rule("https://example.com".to_owned(), [], [("authSchemes", Value::Array(schemes))])
    }

    fn choice(schemes: &[AuthScheme]) -> Choice<'_> {
        Choice {
            schemes,
            preference: &[],
            signing_name: "monitoring",
            region: Some("eu-west-1"),
            region_set: &[],
            unsigned_payload: false,
        }
    }

    #[test]
    fn schemes_in_the_order_the_configuration_prefers() {
        use AuthScheme::{Bearer, NoAuth, SigV4, SigV4a};
        let prefer = |names: &[&str]| names.iter().map(|name| (*name).to_owned()).collect::<Vec<_>>();
        assert_eq!(order(&[], &[], false), [SigV4]);
        assert_eq!(order(&[SigV4, SigV4a], &prefer(&["sigv4a"]), false), [SigV4a, SigV4]);
        // Names the operation lacks are ignored; case does not matter.
        assert_eq!(order(&[SigV4, Bearer], &prefer(&["sigv4a", "HTTPBEARERAUTH"]), false), [Bearer, SigV4]);
        assert_eq!(order(&[SigV4, NoAuth], &prefer(&["noAuth", "sigv4"]), false), [NoAuth, SigV4]);
        // A token configured for the service comes first, if the operation takes one.
        assert_eq!(order(&[SigV4, Bearer], &prefer(&["sigv4"]), true), [Bearer, SigV4]);
        assert_eq!(order(&[SigV4], &[], true), [SigV4]);
    }

    #[test]
    fn the_model_and_the_endpoint_choose_the_plan() {
        let plain = Endpoint::default();
        let credentials = Identity::Credentials;
        // The model says nothing: SigV4 with the service's signing name.
        let Plan::SigV4(plan) = choice(&[AuthScheme::SigV4]).plan(credentials, &plain).unwrap() else {
            panic!("not sigv4")
        };
        assert_eq!((plan.name.as_str(), plan.region.as_str()), ("monitoring", "eu-west-1"));
        assert!(plan.double_encode && plan.normalize_path && !plan.content_sha256);
        assert_eq!(choice(&[AuthScheme::NoAuth]).plan(Identity::Anonymous, &plain).unwrap(), Plan::Unsigned);
        assert_eq!(choice(&[AuthScheme::Bearer]).plan(Identity::Token, &plain).unwrap(), Plan::Bearer);
        // SigV4a first: signed so where the build can, else with the next.
        let plan = choice(&[AuthScheme::SigV4a, AuthScheme::SigV4]).plan(credentials, &plain).unwrap();
        if SIGV4A {
            assert!(matches!(&plan, Plan::SigV4a(sigv4) if sigv4.region == "eu-west-1"), "{plan:?}");
            let set = ["*".to_owned()];
            let configured = Choice { region_set: &set, ..choice(&[AuthScheme::SigV4a]) };
            assert!(
                matches!(configured.plan(credentials, &plain).unwrap(), Plan::SigV4a(sigv4) if sigv4.region == "*")
            );
        } else {
            assert!(matches!(plan, Plan::SigV4(_)), "{plan:?}");
            let error = choice(&[AuthScheme::SigV4a]).plan(credentials, &plain).unwrap_err();
            assert_eq!(
                error.to_string(),
                "could not sign the request: the operation asks for sigv4a, which this client cannot sign with \
                 without its feature `sigv4a`"
            );
        }
        let error = choice(&[AuthScheme::Bearer]).plan(credentials, &plain).unwrap_err();
        assert_eq!(
            error.to_string(),
            "could not sign the request: the operation asks for bearer, which this client cannot sign with"
        );
    }

    #[test]
    fn s3s_endpoint_says_how_to_sign() {
        let credentials = Identity::Credentials;
        let s3 = endpoint(&[&[
            ("name", Value::from("sigv4")),
            ("signingName", Value::from("s3")),
            ("signingRegion", Value::from("us-west-2")),
            ("disableDoubleEncoding", Value::Bool(true)),
        ]]);
        let Plan::SigV4(plan) = choice(&[AuthScheme::SigV4]).plan(credentials, &s3).unwrap() else {
            panic!("not sigv4")
        };
        assert_eq!((plan.name.as_str(), plan.region.as_str()), ("s3", "us-west-2"));
        // S3's family: one encoding, no normalizing, the payload's hash in a header.
        assert!(!plan.double_encode && !plan.normalize_path && plan.content_sha256);
        // A multi-region access point: SigV4a for every region the endpoint names.
        let mrap = endpoint(&[&[
            ("name", Value::from("sigv4a")),
            ("signingName", Value::from("s3")),
            ("signingRegionSet", Value::Array(vec![Value::from("*")])),
        ]]);
        let plan = choice(&[AuthScheme::SigV4]).plan(credentials, &mrap);
        if SIGV4A {
            assert!(matches!(&plan, Ok(Plan::SigV4a(sigv4)) if sigv4.region == "*" && sigv4.name == "s3"), "{plan:?}");
        } else {
            let error = plan.unwrap_err();
            assert!(matches!(&error, SignError::Unsupported { from_endpoint: true, .. }), "{error}");
            assert!(error.to_string().contains("the endpoint asks for sigv4a"), "{error}");
        }
        // Of several, the first the client can use, unless the configuration prefers another.
        let both = endpoint(&[&[("name", Value::from("sigv4a"))], &[("name", Value::from("sigv4"))]]);
        let first = choice(&[AuthScheme::SigV4]).plan(credentials, &both).unwrap();
        assert!(matches!(first, Plan::SigV4a(_)) == SIGV4A, "{first:?}");
        let prefer = ["sigv4".to_owned()];
        let preferred = Choice { preference: &prefer, ..choice(&[AuthScheme::SigV4]) };
        assert!(matches!(preferred.plan(credentials, &both).unwrap(), Plan::SigV4(_)));
        // S3 Express: a session's credentials, signed for `s3express`.
        let express =
            endpoint(&[&[("name", Value::from("sigv4-s3express")), ("signingName", Value::from("s3express"))]]);
        let plan = choice(&[AuthScheme::SigV4]).plan(credentials, &express).unwrap();
        assert!(
            matches!(&plan, Plan::S3Express(sigv4) if sigv4.name == "s3express" && sigv4.content_sha256),
            "{plan:?}"
        );
        // No region anywhere.
        let error = Choice { region: None, ..choice(&[AuthScheme::SigV4]) }.plan(credentials, &Endpoint::default());
        assert_eq!(error.unwrap_err(), SignError::NoRegion);
    }

    #[test]
    fn signing_adds_the_headers() {
        let plan = SigV4 {
            name: "s3".to_owned(),
            region: "us-east-1".to_owned(),
            double_encode: false,
            normalize_path: false,
            content_sha256: true,
            unsigned_payload: false,
        };
        let mut request =
            http::Request::builder().uri("https://b.s3.amazonaws.com/a%20b/./c").body(Body::empty()).unwrap();
        let credentials = Credentials::new("AKIDEXAMPLE", "s").with_session_token("t");
        let time = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_599_152_400);
        sign(&mut request, &Plan::SigV4(plan.clone()), &credentials, time).unwrap();
        let headers = request.headers();
        assert_eq!(headers["x-amz-date"], "20200903T170000Z");
        assert_eq!(headers["x-amz-security-token"], "t");
        assert_eq!(headers["x-amz-content-sha256"], "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        let authorization = headers["authorization"].to_str().unwrap();
        assert!(
            authorization.starts_with(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20200903/us-east-1/s3/aws4_request, \
                 SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature="
            ),
            "{authorization}"
        );
        let mut unsigned =
            http::Request::builder().uri("https://b.s3.amazonaws.com/k").body(Body::from(b"x".to_vec())).unwrap();
        sign(&mut unsigned, &Plan::SigV4(SigV4 { unsigned_payload: true, ..plan.clone() }), &credentials, time)
            .unwrap();
        assert_eq!(unsigned.headers()["x-amz-content-sha256"], "UNSIGNED-PAYLOAD");
        // S3 Express: the session token in its own header, signed.
        let mut express = http::Request::builder()
            .uri("https://b--use1-az4--x-s3.s3express-use1-az4.us-east-1.amazonaws.com/k")
            .body(Body::empty())
            .unwrap();
        let express_plan = Plan::S3Express(SigV4 { name: "s3express".into(), ..plan.clone() });
        sign(&mut express, &express_plan, &credentials, time).unwrap();
        assert_eq!(express.headers()[S3_EXPRESS_SESSION_TOKEN], "t");
        assert!(!express.headers().contains_key("x-amz-security-token"));
        let authorization = express.headers()["authorization"].to_str().unwrap();
        assert!(authorization.contains("/us-east-1/s3express/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-s3session-token,"), "{authorization}");
        // A bearer token, in Authorization and nowhere in Debug.
        let mut request = http::Request::builder()
            .uri("https://bedrock-runtime.us-east-1.amazonaws.com/")
            .body(Body::empty())
            .unwrap();
        bearer(&mut request, "ABSKsecret").unwrap();
        assert_eq!(request.headers()["authorization"], "Bearer ABSKsecret");
        assert!(!format!("{request:?}").contains("ABSKsecret"));

        let bad = Credentials::new("AKIDEXAMPLE", "s").with_session_token("line\nbreak");
        let plan = Plan::SigV4(plan);
        let error = sign(&mut http::Request::new(Body::empty()), &plan, &bad, time).unwrap_err();
        assert_eq!(error.to_string(), "could not sign the request: \"/\" has no host, which the signature covers");
        let mut request = http::Request::builder().uri("https://example.com/").body(Body::empty()).unwrap();
        let error = sign(&mut request, &plan, &bad, time).unwrap_err();
        assert_eq!(
            error.to_string(),
            "could not sign the request: the session token has characters that an HTTP header cannot carry"
        );
    }

    #[test]
    fn a_presigned_url_is_the_one_aws_documents() {
        // The example of "Authenticating Requests: Using Query Parameters (AWS Signature
        // Version 4)" in the Amazon S3 API Reference: its URL, to the signature.
        let plan = SigV4 {
            name: "s3".to_owned(),
            region: "us-east-1".to_owned(),
            double_encode: false,
            normalize_path: false,
            content_sha256: true,
            unsigned_payload: true,
        };
        let credentials = Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        let time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_369_353_600);
        let mut request = http::Request::builder()
            .uri("https://examplebucket.s3.amazonaws.com/test.txt")
            .body(Body::empty())
            .unwrap();
        let plan = Plan::SigV4(plan);
        presign(&mut request, &plan, &credentials, time, Duration::from_secs(86_400)).unwrap();
        assert_eq!(
            request.uri().to_string(),
            "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256\
             &X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request\
             &X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host\
             &X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
        );
        // Nothing in the headers: the URL is the whole of it.
        assert!(request.headers().is_empty(), "{:?}", request.headers());
        // Seven days at most.
        let mut request = http::Request::builder().uri("https://b.s3.amazonaws.com/k").body(Body::empty()).unwrap();
        let error = presign(&mut request, &plan, &credentials, time, MAX_PRESIGNED_EXPIRY + Duration::from_secs(1));
        assert_eq!(
            error.unwrap_err().to_string(),
            "could not sign the request: a presigned request must expire within 604800 seconds (seven days), not \
             after 604801 seconds"
        );
    }

    /// A SigV4a signature checked as AWS checks it: the key pair derived from the secret by
    /// SigV4a's KDF (NIST SP 800-108 in counter mode, HMAC-SHA256), the canonical request and
    /// string to sign rebuilt here, the ECDSA P-256 signature over it verified with the public
    /// key.
    #[cfg(feature = "sigv4a")]
    #[test]
    fn a_sigv4a_signature_verifies_with_the_derived_public_key() {
        use hmac::{Hmac, Mac};
        use p256::ecdsa::signature::Verifier;
        use sha2::{Digest, Sha256};

        let (access_key_id, secret) = ("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        let plan = Plan::SigV4a(SigV4 {
            name: "s3".to_owned(),
            region: "*".to_owned(),
            double_encode: false,
            normalize_path: false,
            content_sha256: true,
            unsigned_payload: false,
        });
        let mut request = http::Request::builder()
            .uri("https://mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com/photos/a%20b.jpg?versionId=1")
            .body(Body::empty())
            .unwrap();
        let credentials = Credentials::new(access_key_id, secret).with_session_token("SESSION");
        let time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_599_152_400);
        sign(&mut request, &plan, &credentials, time).unwrap();
        let headers = request.headers();
        assert_eq!(headers["x-amz-region-set"], "*");
        let authorization = headers["authorization"].to_str().unwrap();
        let fields = authorization.strip_prefix("AWS4-ECDSA-P256-SHA256 ").expect(authorization);
        let field = |name: &str| {
            fields.split(", ").find_map(|field| field.strip_prefix(name).and_then(|v| v.strip_prefix('='))).unwrap()
        };
        // No region in SigV4a's scope: the region set is a signed header instead.
        assert_eq!(field("Credential"), "AKIDEXAMPLE/20200903/s3/aws4_request");
        let signed_headers = field("SignedHeaders");
        assert_eq!(signed_headers, "host;x-amz-content-sha256;x-amz-date;x-amz-region-set;x-amz-security-token");

        let empty_hash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        let canonical_headers: String = signed_headers
            .split(';')
            .map(|name| {
                let value = match name {
                    "host" => request.uri().host().unwrap().to_owned(),
                    _ => headers[name].to_str().unwrap().to_owned(),
                };
                format!("{name}:{value}\n")
            })
            .collect();
        let canonical =
            format!("GET\n/photos/a%20b.jpg\nversionId=1\n{canonical_headers}\n{signed_headers}\n{empty_hash}");
        let hex = |bytes: &[u8]| bytes.iter().map(|byte| format!("{byte:02x}")).collect::<String>();
        let to_sign = |canonical: &str| {
            format!(
                "AWS4-ECDSA-P256-SHA256\n20200903T170000Z\n20200903/s3/aws4_request\n{}",
                hex(&Sha256::digest(canonical.as_bytes()))
            )
        };

        // The private key: the first counter whose HMAC is at most n - 2, plus one.
        let n_minus_2: [u8; 32] = [
            0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xbc, 0xe6,
            0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x4f,
        ];
        let private = (1u8..=254)
            .find_map(|counter| {
                let mut mac = Hmac::<Sha256>::new_from_slice(format!("AWS4A{secret}").as_bytes()).unwrap();
                mac.update(&1u32.to_be_bytes());
                mac.update(b"AWS4-ECDSA-P256-SHA256\0");
                mac.update(access_key_id.as_bytes());
                mac.update(&[counter]);
                mac.update(&256u32.to_be_bytes());
                let mut k: [u8; 32] = mac.finalize().into_bytes().into();
                if k > n_minus_2 {
                    return None;
                }
                for byte in k.iter_mut().rev() {
                    let (sum, carry) = byte.overflowing_add(1);
                    *byte = sum;
                    if !carry {
                        break;
                    }
                }
                Some(k)
            })
            .unwrap();
        let public = p256::ecdsa::SigningKey::from_bytes(&private).unwrap().verifying_key();
        let der: Vec<u8> = (0..field("Signature").len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&field("Signature")[i..i + 2], 16).unwrap())
            .collect();
        let signature = p256::ecdsa::Signature::from_der(&der).unwrap();
        public.verify(to_sign(&canonical).as_bytes(), &signature).expect("the signature verifies");
        // And not for another request.
        let other = canonical.replace("versionId=1", "versionId=2");
        assert!(public.verify(to_sign(&other).as_bytes(), &signature).is_err());
    }
}
