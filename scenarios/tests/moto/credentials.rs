//! Credentials as a program finds them, against moto's server: with its IAM authentication
//! on, a profile that assumes a role (through moto's STS, with a source profile's keys) and
//! calls S3 with the role's credentials, each request's signature checked by the server; and
//! a presigned `GetObject` URL fetched with a plain HTTP GET, without credentials.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use shapegen_client::Builder;
use shapegen_client::config::files::ProfileFiles;
use shapegen_scenarios::iam::operations::{CreateRole, PutRolePolicy};
use shapegen_scenarios::iam::{CreateRoleRequest, PutRolePolicyRequest};
use shapegen_scenarios::s3::operations::{CreateBucket, GetObject, PutObject};
use shapegen_scenarios::s3::{CreateBucketRequest, GetObjectRequest, PutObjectRequest};
use shapegen_scenarios::sts;

use super::server::{ALLOW_ALL, Moto, REGION};

/// moto's account.
const ACCOUNT: &str = "123456789012";

/// A GET of `url` with nothing but `Host`: the status and the body.
fn plain_get(url: &http::Uri) -> (u16, Vec<u8>) {
    let authority = url.authority().expect("an authority").as_str();
    let mut stream = TcpStream::connect(authority).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let path = url.path_and_query().expect("a path").as_str();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let split = response.windows(4).position(|w| w == b"\r\n\r\n").expect("a head");
    let head = String::from_utf8_lossy(&response[..split]).into_owned();
    let status = head.split(' ').nth(1).and_then(|code| code.parse().ok()).expect("a status");
    let body = response[split + 4..].to_vec();
    // moto answers with a length, or chunked: only the former is read here.
    assert!(!head.to_ascii_lowercase().contains("transfer-encoding: chunked"), "{head}");
    (status, body)
}

#[test]
fn a_profile_assumes_a_role_through_sts_and_calls_s3_with_it() {
    let moto = Moto::start_with(&[("INITIAL_NO_AUTH_ACTION_COUNT", "5")]);
    let key = moto.user_with_key("dev");
    let setup = moto.client();
    let trust = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::{ACCOUNT}:user/dev"}}, "Action": "sts:AssumeRole"}}]}}"#
    );
    let input = CreateRoleRequest::builder().role_name("deployer").assume_role_policy_document(trust).build().unwrap();
    setup.send::<CreateRole>(&input).expect("CreateRole");
    let input = PutRolePolicyRequest::builder()
        .role_name("deployer")
        .policy_name("all")
        .policy_document(ALLOW_ALL)
        .build()
        .unwrap();
    setup.send::<PutRolePolicy>(&input).expect("PutRolePolicy");

    // From here every request is checked. The program sees only its environment and files.
    let config = format!(
        "[profile deploy]\nrole_arn = arn:aws:iam::{ACCOUNT}:role/deployer\nsource_profile = dev\n\
         role_session_name = release\n"
    );
    let credentials = format!(
        "[dev]\naws_access_key_id = {}\naws_secret_access_key = {}\n",
        key.access_key_id, key.secret_access_key
    );
    let env: HashMap<String, String> = [
        ("AWS_PROFILE", "deploy"),
        ("AWS_REGION", REGION),
        ("AWS_ENDPOINT_URL", &moto.endpoint()),
        ("AWS_EC2_METADATA_DISABLED", "true"),
    ]
    .into_iter()
    .map(|(name, value)| (name.to_owned(), value.to_owned()))
    .collect();
    let files = ProfileFiles::parse(&config, &credentials).unwrap();
    let client = Builder::from_config(&env, files).expect("configuration").without_proxy().max_attempts(1).build();

    let assumed = client.credentials().unwrap_or_else(|error| panic!("{error}\n{}", moto.log()));
    assert_ne!(assumed.access_key_id(), key.access_key_id);
    assert!(assumed.session_token().is_some() && assumed.expires_at().is_some(), "{assumed:?}");
    assert_eq!(assumed.account_id(), Some(ACCOUNT));
    let identity = client
        .send::<sts::operations::GetCallerIdentity>(&sts::GetCallerIdentityRequest::default())
        .expect("GetCallerIdentity");
    let arn = identity.arn.unwrap_or_default();
    assert_eq!(arn, format!("arn:aws:sts::{ACCOUNT}:assumed-role/deployer/release"));

    client
        .send::<CreateBucket>(&CreateBucketRequest::builder().bucket("releases").build().unwrap())
        .expect("CreateBucket");
    let body = b"release notes, 1.0".to_vec();
    let input = PutObjectRequest::builder().bucket("releases").key("notes/1.0.txt").body(body.clone()).build().unwrap();
    client.send::<PutObject>(&input).expect("PutObject with the role's credentials");
    let input = GetObjectRequest::builder().bucket("releases").key("notes/1.0.txt").build().unwrap();
    let object = client.send::<GetObject>(&input).expect("GetObject");
    assert_eq!(shapegen_client::body::read_to_vec(object.body, 1 << 20).expect("the body"), body);
}

/// The SigV4 query signature of a presigned S3 `GET`, recomputed from the URL: the canonical
/// request (the path as sent, the query sorted without the signature, `host`, an unsigned
/// payload), the string to sign, and the key derived from `secret`.
fn recomputed_signature(url: &http::Uri, secret: &str) -> String {
    use hmac::{Hmac, Mac};
    use sha2::{Digest, Sha256};
    let hmac = |key: &[u8], data: &str| {
        let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
        mac.update(data.as_bytes());
        mac.finalize().into_bytes().to_vec()
    };
    let hex = |bytes: &[u8]| bytes.iter().map(|byte| format!("{byte:02x}")).collect::<String>();
    let mut query: Vec<&str> =
        url.query().unwrap_or_default().split('&').filter(|pair| !pair.starts_with("X-Amz-Signature=")).collect();
    query.sort_unstable();
    let value = |name: &str| {
        query.iter().find_map(|pair| pair.strip_prefix(name).and_then(|rest| rest.strip_prefix('='))).unwrap()
    };
    let date = value("X-Amz-Date");
    let scope = value("X-Amz-Credential").replace("%2F", "/");
    let scope = scope.split_once('/').unwrap().1;
    let canonical = format!(
        "GET\n{}\n{}\nhost:{}\n\nhost\nUNSIGNED-PAYLOAD",
        url.path(),
        query.join("&"),
        url.authority().unwrap()
    );
    let to_sign = format!("AWS4-HMAC-SHA256\n{date}\n{scope}\n{}", hex(&Sha256::digest(canonical.as_bytes())));
    let parts: Vec<&str> = scope.split('/').collect();
    let mut key = hmac(format!("AWS4{secret}").as_bytes(), parts[0]);
    for part in &parts[1..] {
        key = hmac(&key, part);
    }
    hex(&hmac(&key, &to_sign))
}

/// moto checks no presigned URL's signature (with its authentication on, it cannot serve one
/// at all): the test recomputes it, and moto serves the object for the plain GET.
#[test]
fn a_presigned_get_object_url_is_fetched_without_credentials() {
    let moto = Moto::start();
    let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    let temporary = shapegen_client::credentials::Credentials::new("ASIAIOSFODNN7EXAMPLE", secret)
        .with_session_token("IQoJb3JpZ2lu+/=");
    let client = moto.builder().credentials(temporary).build();
    client
        .send::<CreateBucket>(&CreateBucketRequest::builder().bucket("links").build().unwrap())
        .expect("CreateBucket");
    let body = b"a file to share".to_vec();
    let key = "shared/the report (final).txt";
    let input = PutObjectRequest::builder().bucket("links").key(key).body(body.clone()).build().unwrap();
    client.send::<PutObject>(&input).expect("PutObject");

    let input = GetObjectRequest::builder().bucket("links").key(key).build().unwrap();
    let presigned = client.presign::<GetObject>(&input, Duration::from_secs(3600)).expect("presign");
    assert_eq!(presigned.method(), http::Method::GET);
    assert!(presigned.headers().is_empty(), "{:?}", presigned.headers());
    let query = presigned.uri().query().unwrap_or_default();
    for field in [
        "X-Amz-Algorithm=AWS4-HMAC-SHA256",
        "X-Amz-Credential=ASIAIOSFODNN7EXAMPLE%2F",
        "X-Amz-Expires=3600",
        "X-Amz-SignedHeaders=host",
        "X-Amz-Security-Token=IQoJb3JpZ2lu%2B%2F%3D",
    ] {
        assert!(query.contains(field), "{field} not in {query}");
    }
    let signature = query.split('&').find_map(|pair| pair.strip_prefix("X-Amz-Signature=")).expect("a signature");
    assert_eq!(signature, recomputed_signature(presigned.uri(), secret));
    // The URL is a credential while it lasts: Debug leaves out its signature and token.
    let debug = format!("{presigned:?}");
    assert!(!debug.contains(signature) && !debug.contains("IQoJb3JpZ2lu"), "{debug}");

    let (status, got) = plain_get(presigned.uri());
    assert_eq!((status, got), (200, body), "{}", moto.log());
}
