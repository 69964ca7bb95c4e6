//! How a request is signed, as the model and the endpoint say, and signing it with `aws-sigv4`.
//!
//! The operation lists its auth schemes, preferred first ([`Operation::AUTH`]); the resolved
//! endpoint may name the scheme's parameters (`authSchemes`: the signing name and region,
//! `disableDoubleEncoding`, `disableNormalizePath`). The first scheme the client can use is
//! used: SigV4, or none. SigV4a and bearer tokens are refused with an error that says so.
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

/// How one request is signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// Sent unsigned.
    Unsigned,
    /// Signed with SigV4.
    SigV4(SigV4),
}

/// The parameters of a SigV4 signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigV4 {
    /// The service part of the credential scope.
    pub name: String,
    /// The region part of the credential scope.
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

/// What chooses the plan of a request: the operation's schemes and the endpoint.
pub struct Choice<'a> {
    /// The operation's auth schemes, preferred first; empty when the model says nothing,
    /// which means SigV4.
    pub auth: &'a [AuthScheme],
    /// The service's signing name.
    pub signing_name: &'a str,
    /// The region of the client's configuration.
    pub region: Option<&'a str>,
    /// The operation's payload is unsigned.
    pub unsigned_payload: bool,
    /// Whether credentials are at hand: an operation that may also go unsigned
    /// (`@optionalAuth`) goes unsigned without them.
    pub have_credentials: bool,
}

impl Choice<'_> {
    /// The plan for a request to `endpoint`.
    ///
    /// # Errors
    ///
    /// No scheme the client can use, or no region to sign for.
    pub fn plan(&self, endpoint: &Endpoint) -> Result<Plan, SignError> {
        let endpoint_schemes = endpoint.auth_schemes();
        let auth = if self.auth.is_empty() { &[AuthScheme::SigV4][..] } else { self.auth };
        let can_go_unsigned = auth.contains(&AuthScheme::NoAuth);
        for scheme in auth {
            match scheme {
                AuthScheme::NoAuth => return Ok(Plan::Unsigned),
                AuthScheme::SigV4 if !self.have_credentials && can_go_unsigned => continue,
                AuthScheme::SigV4 => {
                    // The endpoint's schemes, when it names any, say how to sign for it.
                    let from_endpoint = match endpoint_schemes.as_slice() {
                        [] => None,
                        schemes => match schemes.iter().find(|scheme| scheme.name == "sigv4") {
                            Some(scheme) => Some(scheme),
                            None => {
                                return Err(SignError::Unsupported {
                                    schemes: schemes.iter().map(|scheme| scheme.name.clone()).collect(),
                                    from_endpoint: true,
                                });
                            }
                        },
                    };
                    return self.sigv4(from_endpoint).map(Plan::SigV4);
                }
                AuthScheme::SigV4a | AuthScheme::Bearer | AuthScheme::Other(_) => {}
            }
        }
        Err(SignError::Unsupported {
            schemes: auth.iter().map(|scheme| name(*scheme).to_owned()).collect(),
            from_endpoint: false,
        })
    }

    fn sigv4(&self, endpoint: Option<&EndpointScheme>) -> Result<SigV4, SignError> {
        let name =
            endpoint.and_then(|scheme| scheme.signing_name.clone()).unwrap_or_else(|| self.signing_name.to_owned());
        let region = endpoint
            .and_then(|scheme| scheme.signing_region.clone())
            .or_else(|| self.region.map(str::to_owned))
            .ok_or(SignError::NoRegion)?;
        let s3_family = CONTENT_SHA256_SERVICES.contains(&name.as_str());
        let double_encode = !endpoint.and_then(|scheme| scheme.disable_double_encoding).unwrap_or(s3_family);
        let normalize_path = !endpoint.and_then(|scheme| scheme.disable_normalize_path).unwrap_or(s3_family);
        Ok(SigV4 {
            content_sha256: s3_family || self.unsigned_payload,
            name,
            region,
            double_encode,
            normalize_path,
            unsigned_payload: self.unsigned_payload,
        })
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

/// Signs `request` in place as `plan` says, with `credentials`, as at `time`: adds
/// `X-Amz-Date`, `Authorization`, `X-Amz-Security-Token` with a session token, and
/// `x-amz-content-sha256` where the plan says.
///
/// The signature covers the method, the URI, the `Host`, every header the request has and
/// the SHA-256 of the body (or `UNSIGNED-PAYLOAD`, for an unsigned payload or a stream).
///
/// # Errors
///
/// A URI without a host, a header or credential that cannot be signed, or the signer's error.
pub fn sign(
    request: &mut http::Request<Body>,
    plan: &SigV4,
    credentials: &Credentials,
    time: SystemTime,
) -> Result<(), SignError> {
    sign_at(request, plan, credentials, time, None)
}

/// The longest a presigned request may last: seven days, as SigV4 allows.
pub const MAX_PRESIGNED_EXPIRY: Duration = Duration::from_secs(7 * 24 * 60 * 60);

/// Signs `request` in its query string, as a presigned URL that lasts `expires_in` from
/// `time`: `X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`, `X-Amz-Expires`,
/// `X-Amz-SignedHeaders`, `X-Amz-Security-Token` with a session token, `X-Amz-Signature`.
/// The headers the request still has are signed too: whoever sends it must send them.
///
/// # Errors
///
/// An expiry of more than [`MAX_PRESIGNED_EXPIRY`] (or none at all), and those of [`sign`].
pub fn presign(
    request: &mut http::Request<Body>,
    plan: &SigV4,
    credentials: &Credentials,
    time: SystemTime,
    expires_in: Duration,
) -> Result<(), SignError> {
    if expires_in.is_zero() || expires_in > MAX_PRESIGNED_EXPIRY {
        return Err(SignError::Expiry { expires_in });
    }
    sign_at(request, plan, credentials, time, Some(expires_in))
}

/// Signs in the headers, or with `expires_in` in the query string.
fn sign_at(
    request: &mut http::Request<Body>,
    plan: &SigV4,
    credentials: &Credentials,
    time: SystemTime,
    expires_in: Option<Duration>,
) -> Result<(), SignError> {
    if request.uri().host().is_none() {
        return Err(SignError::NoHost { uri: request.uri().to_string() });
    }
    let header_safe = |value: &str| http::HeaderValue::from_str(value).is_ok();
    if !header_safe(credentials.access_key_id()) || !header_safe(&plan.region) || !header_safe(&plan.name) {
        return Err(SignError::InvalidCredentials { what: "the access key id, the region or the signing name" });
    }
    if credentials.session_token().is_some_and(|token| !header_safe(token)) {
        return Err(SignError::InvalidCredentials { what: "the session token" });
    }
    let identity = aws_credential_types::Credentials::new(
        credentials.access_key_id(),
        credentials.secret_access_key(),
        credentials.session_token().map(str::to_owned),
        credentials.expires_at(),
        "shapegen-client",
    )
    .into();
    let mut settings = SigningSettings::default();
    settings.percent_encoding_mode =
        if plan.double_encode { PercentEncodingMode::Double } else { PercentEncodingMode::Single };
    settings.uri_path_normalization_mode =
        if plan.normalize_path { UriPathNormalizationMode::Enabled } else { UriPathNormalizationMode::Disabled };
    settings.payload_checksum_kind = if plan.content_sha256 && expires_in.is_none() {
        PayloadChecksumKind::XAmzSha256
    } else {
        PayloadChecksumKind::NoHeader
    };
    if let Some(expires_in) = expires_in {
        settings.signature_location = SignatureLocation::QueryParams;
        settings.expires_in = Some(expires_in);
    }
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(&plan.region)
        .name(&plan.name)
        .time(time)
        .settings(settings)
        .build()
        .map_err(|error| SignError::Signer(error.to_string()))?
        .into();
    let headers = request
        .headers()
        .iter()
        .map(|(name, value)| match value.to_str() {
            Ok(value) => Ok((name.as_str(), value)),
            Err(_) => Err(SignError::UnsignableHeader { name: name.to_string() }),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let body = match request.body().bytes() {
        Some(bytes) if !plan.unsigned_payload => SignableBody::Bytes(bytes),
        _ => SignableBody::UnsignedPayload,
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
            SignError::Unsupported { schemes, from_endpoint } => write!(
                f,
                "the {} asks for {}, which this client cannot sign with yet (it signs with sigv4, or sends unsigned)",
                if *from_endpoint { "endpoint" } else { "operation" },
                schemes.join(" or "),
            ),
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

    fn choice(auth: &[AuthScheme]) -> Choice<'_> {
        Choice {
            auth,
            signing_name: "monitoring",
            region: Some("eu-west-1"),
            unsigned_payload: false,
            have_credentials: true,
        }
    }

    #[test]
    fn the_model_and_the_endpoint_choose_the_plan() {
        let plain = Endpoint::default();
        // The model says nothing: SigV4 with the service's signing name.
        let Plan::SigV4(plan) = choice(&[]).plan(&plain).unwrap() else { panic!("unsigned") };
        assert_eq!((plan.name.as_str(), plan.region.as_str()), ("monitoring", "eu-west-1"));
        assert!(plan.double_encode && plan.normalize_path && !plan.content_sha256);
        assert_eq!(choice(&[AuthScheme::NoAuth]).plan(&plain).unwrap(), Plan::Unsigned);
        // SigV4a first: the client passes to the next scheme it can use.
        assert!(matches!(choice(&[AuthScheme::SigV4a, AuthScheme::SigV4]).plan(&plain).unwrap(), Plan::SigV4(_)));
        let error = choice(&[AuthScheme::SigV4a, AuthScheme::Bearer]).plan(&plain).unwrap_err();
        assert_eq!(
            error.to_string(),
            "could not sign the request: the operation asks for sigv4a or bearer, which this client cannot sign \
             with yet (it signs with sigv4, or sends unsigned)"
        );
        // `@optionalAuth`: without credentials, unsigned.
        let optional = [AuthScheme::SigV4, AuthScheme::NoAuth];
        let without = Choice { have_credentials: false, ..choice(&optional) };
        assert_eq!(without.plan(&plain).unwrap(), Plan::Unsigned);
        assert!(matches!(choice(&optional).plan(&plain).unwrap(), Plan::SigV4(_)));
    }

    #[test]
    fn s3s_endpoint_says_how_to_sign() {
        let s3 = endpoint(&[&[
            ("name", Value::from("sigv4")),
            ("signingName", Value::from("s3")),
            ("signingRegion", Value::from("us-west-2")),
            ("disableDoubleEncoding", Value::Bool(true)),
        ]]);
        let Plan::SigV4(plan) = choice(&[AuthScheme::SigV4]).plan(&s3).unwrap() else { panic!("unsigned") };
        assert_eq!((plan.name.as_str(), plan.region.as_str()), ("s3", "us-west-2"));
        // S3's family: one encoding, no normalizing, the payload's hash in a header.
        assert!(!plan.double_encode && !plan.normalize_path && plan.content_sha256);
        // A multi-region access point needs SigV4a, and says so.
        let mrap = endpoint(&[&[("name", Value::from("sigv4a")), ("signingName", Value::from("s3"))]]);
        let error = choice(&[AuthScheme::SigV4]).plan(&mrap).unwrap_err();
        assert!(matches!(&error, SignError::Unsupported { from_endpoint: true, .. }), "{error}");
        assert!(error.to_string().contains("the endpoint asks for sigv4a"), "{error}");
        // Of several, the one the client can use.
        let both = endpoint(&[&[("name", Value::from("sigv4a"))], &[("name", Value::from("sigv4"))]]);
        assert!(matches!(choice(&[AuthScheme::SigV4]).plan(&both).unwrap(), Plan::SigV4(_)));
        // No region anywhere.
        let error = Choice { region: None, ..choice(&[]) }.plan(&Endpoint::default()).unwrap_err();
        assert_eq!(error, SignError::NoRegion);
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
        sign(&mut request, &plan, &credentials, time).unwrap();
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
        sign(&mut unsigned, &SigV4 { unsigned_payload: true, ..plan.clone() }, &credentials, time).unwrap();
        assert_eq!(unsigned.headers()["x-amz-content-sha256"], "UNSIGNED-PAYLOAD");

        let bad = Credentials::new("AKIDEXAMPLE", "s").with_session_token("line\nbreak");
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
}
