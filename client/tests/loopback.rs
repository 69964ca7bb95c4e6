//! The client against a GuardDuty stand-in on loopback.
//!
//! Each test starts its own server: a `TcpListener` on `127.0.0.1:0` in a thread, speaking
//! just enough HTTP/1.1 (one request per connection, `Connection: close`). It serves a fixed
//! number of requests, or stops at a deadline, or when the test finishes with it; whichever
//! comes first.
//!
//! The server recomputes the SigV4 signature of every request itself (with `hmac` and `sha2`,
//! not with the signer the client uses) and answers one that does not verify with a 403. It
//! serves `ListFindings` in two pages and `GetFindings` with whole findings, and answers two
//! detector ids with errors: one modeled (`BadRequestException`), one not (throttling). A test
//! may script the first answers (a throttled request, a clock-skew error) before these.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use std::collections::VecDeque;
use std::sync::Mutex;

use guardduty_types::operations::{GetFindings, GetFindingsError, ListFindings, ListFindingsError};
use guardduty_types::{Finding, GetFindingsRequest, ListFindingsRequest};
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use shapegen_client::credentials::Credentials;
use shapegen_client::retry::{ErrorKind, RetryConfig};
use shapegen_client::{Builder, Client, Error};

const ACCESS_KEY_ID: &str = "AKIDEXAMPLE";
const SECRET_ACCESS_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const SESSION_TOKEN: &str = "IQoJb3JpZ2luX2VjEXAMPLETOKEN//////////wEaCXVzLWVhc3QtMSJHMEUCIQ==";
const REGION: &str = "us-east-1";
const ACCOUNT: &str = "111122223333";

/// The detector whose findings the server has.
const DETECTOR: &str = "12abc34d567e8fa901bc2d34e56789f0";
/// A detector of another account: `BadRequestException`.
const NOT_OWNED: &str = "3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f";
/// A detector whose requests are throttled.
const THROTTLED: &str = "9f8e7d6c5b4a39281706f5e4d3c2b1a0";

/// How many findings the detector has: a full first page of 50 and a second of 23, so that
/// `GetFindings` is called with a batch of 50 and one of 23.
const FINDINGS: usize = 73;
const PAGE: usize = 50;
const NEXT_TOKEN: &str = "AAMA-EFRSDlzOtdIk0NQUlxANjbOkEXAMPLEnextToken==";

/// How long a server waits for its requests before it stops by itself.
const SERVER_DEADLINE: Duration = Duration::from_secs(20);
/// How long the client waits for a response.
const CLIENT_TIMEOUT: Duration = Duration::from_secs(10);
/// How far a request's `X-Amz-Date` may be from the server's clock.
const MAX_SKEW: Duration = Duration::from_secs(5 * 60);

/// A request the server received, and whether its signature verified.
#[derive(Debug)]
struct Received {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    signature: Result<(), String>,
}

impl Received {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
}

/// The server: its address, and the thread that returns what it received.
struct Server {
    address: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<Vec<Received>>>,
}

/// An answer of a script: status, headers, JSON body.
type Scripted = (u16, Vec<(&'static str, String)>, Value);

/// Answers given before the usual ones, in order, to requests whose signature verifies.
type Script = Arc<Mutex<VecDeque<Scripted>>>;

impl Server {
    /// A server on `127.0.0.1:0` that serves at most `requests` requests.
    fn start(requests: usize) -> Server {
        Server::scripted(requests, Vec::new())
    }

    /// A server that answers its first requests with `script`, then as GuardDuty would.
    fn scripted(requests: usize, script: Vec<Scripted>) -> Server {
        let script: Script = Arc::new(Mutex::new(script.into()));
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        listener.set_nonblocking(true).expect("non-blocking listener");
        let address = listener.local_addr().expect("local address");
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        let thread = thread::spawn(move || {
            let deadline = Instant::now() + SERVER_DEADLINE;
            let mut received = Vec::new();
            while received.len() < requests && !stopped.load(Ordering::Relaxed) && Instant::now() < deadline {
                match listener.accept() {
                    Ok((stream, _)) => match serve(stream, &script) {
                        Ok(request) => received.push(request),
                        Err(error) => eprintln!("server: {error}"),
                    },
                    Err(error) if error.kind() == std::io::ErrorKind::WouldBlock => {
                        thread::sleep(Duration::from_millis(2));
                    }
                    Err(error) => panic!("server: accept: {error}"),
                }
            }
            received
        });
        Server { address, stop, thread: Some(thread) }
    }

    fn endpoint(&self) -> String {
        format!("http://{}", self.address)
    }

    /// A client for this server, signing with `secret`.
    fn client(&self, secret: &str) -> Client {
        self.builder(Credentials::new(ACCESS_KEY_ID, secret)).build()
    }

    /// The configuration of a client for this server: its endpoint, the region, `credentials`,
    /// and retries a few milliseconds apart.
    fn builder(&self, credentials: Credentials) -> Builder {
        client_for(&self.endpoint(), credentials)
    }

    /// Stops the server and returns what it received.
    fn finish(mut self) -> Vec<Received> {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.take().expect("the server's thread").join().expect("the server panicked")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// The configuration of a client for `endpoint`, with `credentials`, retrying a few
/// milliseconds apart.
fn client_for(endpoint: &str, credentials: Credentials) -> Builder {
    let retry = RetryConfig { base_delay: Duration::from_millis(2), ..RetryConfig::default() };
    Client::builder()
        .region(REGION)
        .endpoint_url(endpoint)
        .credentials(credentials)
        .retry_config(retry)
        .timeout(CLIENT_TIMEOUT)
        .without_proxy()
}

/// Reads one request from `stream`, answers it, and closes the connection.
fn serve(stream: TcpStream, script: &Script) -> Result<Received, String> {
    stream.set_nonblocking(false).map_err(|e| e.to_string())?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).map_err(|e| e.to_string())?;
    stream.set_write_timeout(Some(Duration::from_secs(5))).map_err(|e| e.to_string())?;
    let mut reader = BufReader::new(stream.try_clone().map_err(|e| e.to_string())?);
    let mut head = Vec::new();
    loop {
        let mut line = String::new();
        let read = (&mut reader).take(8192).read_line(&mut line).map_err(|e| format!("reading the head: {e}"))?;
        if read == 0 || !line.ends_with("\r\n") {
            return Err(format!("the request head ended early: {line:?}"));
        }
        if line == "\r\n" {
            break;
        }
        head.push(line.trim_end_matches("\r\n").to_owned());
        if head.len() > 100 {
            return Err("more than 100 header lines".into());
        }
    }
    let request_line = head.first().ok_or("no request line")?;
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some("HTTP/1.1"), None) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(format!("not an HTTP/1.1 request line: {request_line:?}"));
    };
    let mut headers = Vec::new();
    for line in &head[1..] {
        let (name, value) = line.split_once(':').ok_or_else(|| format!("not a header: {line:?}"))?;
        headers.push((name.to_owned(), value.trim().to_owned()));
    }
    let length: usize = header(&headers, "content-length").map_or(Ok(0), str::parse).map_err(|e| format!("{e}"))?;
    if length > 1 << 20 || header(&headers, "transfer-encoding").is_some() {
        return Err("a body this server does not take".into());
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).map_err(|e| format!("reading the body: {e}"))?;
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut received = Received { method: method.to_owned(), path: path.to_owned(), headers, body, signature: Ok(()) };
    received.signature = verify(&received, query, SystemTime::now());
    let scripted = if received.signature.is_ok() { script.lock().expect("the script").pop_front() } else { None };
    let (status, headers, body) = match scripted {
        Some((status, headers, body)) => (status, headers, serde_json::to_vec(&body).expect("a JSON body")),
        None => answer(&received),
    };
    let mut stream = stream;
    let mut response = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
         x-amzn-RequestId: 6bd4ed4c-1d34-4a4f-8b2a-0c7d5e6f7a8b\r\nConnection: close\r\n",
        reason(status),
        body.len()
    );
    for (name, value) in headers {
        response.push_str(&format!("{name}: {value}\r\n"));
    }
    response.push_str("\r\n");
    stream.write_all(response.as_bytes()).and_then(|()| stream.write_all(&body)).map_err(|e| e.to_string())?;
    stream.flush().map_err(|e| e.to_string())?;
    Ok(received)
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        403 => "Forbidden",
        429 => "Too Many Requests",
        _ => "Unknown",
    }
}

/// The value of the header `name` (the first one; names compared without case).
fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

/// An answer: status, headers beside `Content-Type` and `Content-Length`, JSON body.
type Answer = (u16, Vec<(&'static str, String)>, Value);

/// What GuardDuty would answer: status, extra headers, body.
fn answer(request: &Received) -> (u16, Vec<(&'static str, String)>, Vec<u8>) {
    let error = |status: u16, kind: &str, body: Value| (status, vec![("X-Amzn-ErrorType", kind.to_owned())], body);
    let bad_request = |message: String| {
        error(
            400,
            "BadRequestException:http://internal.amazon.com/coral/com.amazon.coral.validate/",
            json!({"message": message, "__type": "InvalidInputException"}),
        )
    };
    let (status, headers, body) = if let Err(problem) = &request.signature {
        error(
            403,
            "InvalidSignatureException",
            json!({
                "message": format!(
                    "The request signature we calculated does not match the signature you provided. {problem}"
                )
            }),
        )
    } else if request.method != "POST" || header(&request.headers, "content-type") != Some("application/json") {
        bad_request(format!(
            "unexpected {} with content type {:?}",
            request.method,
            header(&request.headers, "content-type")
        ))
    } else {
        let segments: Vec<&str> = request.path.split('/').collect();
        match segments.as_slice() {
            ["", "detector", detector, "findings", rest @ ..] if rest.is_empty() || rest == ["get"] => {
                let get = !rest.is_empty();
                match *detector {
                    NOT_OWNED => bad_request(
                        "The request is rejected because the input detectorId is not owned by the current account."
                            .to_owned(),
                    ),
                    THROTTLED => error(429, "ThrottlingException", json!({"message": "Rate exceeded"})),
                    DETECTOR if get => get_findings(&request.json()).unwrap_or_else(bad_request),
                    DETECTOR => list_findings(&request.json()).unwrap_or_else(bad_request),
                    other => {
                        bad_request(format!("The request is rejected because the detector {other} does not exist."))
                    }
                }
            }
            _ => bad_request(format!("no operation at {}", request.path)),
        }
    };
    (status, headers, serde_json::to_vec(&body).expect("a JSON body"))
}

/// `ListFindings`: the first page without a token, the second with [`NEXT_TOKEN`].
fn list_findings(body: &Value) -> Result<Answer, String> {
    if body.get("maxResults").and_then(Value::as_u64).is_some_and(|max| !(1..=50).contains(&max)) {
        return Err("maxResults must be between 1 and 50".into());
    }
    let ids: Vec<String> = (0..FINDINGS).map(finding_id).collect();
    let body = match body.get("nextToken") {
        None => json!({"findingIds": ids[..PAGE], "nextToken": NEXT_TOKEN}),
        Some(Value::String(token)) if token == NEXT_TOKEN => json!({"findingIds": ids[PAGE..]}),
        Some(token) => return Err(format!("The request is rejected because the nextToken {token} is not valid.")),
    };
    Ok((200, Vec::new(), body))
}

/// `GetFindings`: the findings of the ids asked for (at most 50), unknown ids left out.
fn get_findings(body: &Value) -> Result<Answer, String> {
    let ids = body.get("findingIds").and_then(Value::as_array).ok_or("findingIds is required")?;
    if ids.is_empty() || ids.len() > 50 {
        return Err(format!("findingIds must have 1 to 50 members, not {}", ids.len()));
    }
    let mut findings = Vec::new();
    for id in ids {
        let id = id.as_str().ok_or("findingIds holds strings")?;
        if let Some(index) = (0..FINDINGS).find(|&index| finding_id(index) == id) {
            findings.push(finding(index));
        }
    }
    Ok((200, Vec::new(), json!({"findings": findings})))
}

fn finding_id(index: usize) -> String {
    format!("{index:02}b92989eaf0e742df4a014d5example")
}

fn finding_type(index: usize) -> &'static str {
    [
        "Recon:IAMUser/UserPermissions",
        "UnauthorizedAccess:EC2/SSHBruteForce",
        "Policy:S3/BucketBlockPublicAccessDisabled",
    ][index % 3]
}

fn severity(index: usize) -> f64 {
    [5.0, 2.0, 8.0][index % 3]
}

/// A finding as GuardDuty returns it (after `tests/fixtures/get-findings-response.json`).
fn finding(index: usize) -> Value {
    let id = finding_id(index);
    json!({
        "accountId": ACCOUNT,
        "arn": format!("arn:aws:guardduty:{REGION}:{ACCOUNT}:detector/{DETECTOR}/finding/{id}"),
        "confidence": 0.1,
        "createdAt": "2020-09-03T17:12:44.367Z",
        "description": "APIs commonly used in Discovery tactics were invoked by user AssumedRole : ExampleRole, under anomalous circumstances.",
        "id": id,
        "partition": "aws",
        "region": REGION,
        "resource": {
            "resourceType": "AccessKey",
            "accessKeyDetails": {
                "accessKeyId": "AKIAIOSFODNN7EXAMPLE",
                "principalId": "AROAEXAMPLEID:session",
                "userName": "ExampleRole",
                "userType": "AssumedRole"
            },
            "instanceDetails": {
                "instanceId": "i-99999999",
                "instanceType": "m3.xlarge",
                "availabilityZone": "us-east-1a",
                "imageId": "ami-99999999",
                "tags": [{"key": "Environment", "value": "production"}]
            }
        },
        "schemaVersion": "2.0",
        "service": {
            "action": {
                "actionType": "AWS_API_CALL",
                "awsApiCallAction": {
                    "api": "ListBuckets",
                    "callerType": "Remote IP",
                    "errorCode": "AccessDenied",
                    "remoteIpDetails": {
                        "city": {"cityName": "Seattle"},
                        "country": {"countryCode": "US", "countryName": "United States"},
                        "geoLocation": {"lat": 47.6062, "lon": -122.3321},
                        "ipAddressV4": "198.51.100.7",
                        "organization": {"asn": "16509", "asnOrg": "AMAZON-02", "isp": "Amazon.com", "org": "Amazon.com"}
                    },
                    "serviceName": "s3.amazonaws.com"
                }
            },
            "evidence": {"threatIntelligenceDetails": [{"threatListName": "ProofPoint", "threatNames": ["EvilDomain"]}]},
            "archived": false,
            "count": index + 1,
            "detectorId": DETECTOR,
            "eventFirstSeen": "2020-09-03T17:03:37Z",
            "eventLastSeen": "2020-09-03T17:05:51Z",
            "resourceRole": "TARGET",
            "serviceName": "guardduty"
        },
        "severity": severity(index),
        "title": "Unusual reconnaissance APIs were invoked by an assumed role.",
        "type": finding_type(index),
        "updatedAt": "2020-09-03T18:40:02.851Z"
    })
}

// SigV4, recomputed.

type HmacSha256 = Hmac<Sha256>;

fn hmac(key: &[u8], data: &str) -> Vec<u8> {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(data.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// `text` URI-encoded as SigV4 wants: every byte but the unreserved ones (and `/`, when
/// `keep_slash`) as `%XX` in upper case.
fn uri_encode(text: &str, keep_slash: bool) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) || (keep_slash && byte == b'/') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The secret of a known access key.
fn secret_of(access_key_id: &str) -> Option<&'static str> {
    (access_key_id == ACCESS_KEY_ID).then_some(SECRET_ACCESS_KEY)
}

/// Checks the SigV4 signature of `request` (its query string `query`), received at `now`, for
/// GuardDuty in [`REGION`].
fn verify(request: &Received, query: &str, now: SystemTime) -> Result<(), String> {
    verify_for(request, query, now, "guardduty")
}

/// Checks the SigV4 signature of `request` for `expected_service` in [`REGION`].
fn verify_for(request: &Received, query: &str, now: SystemTime, expected_service: &str) -> Result<(), String> {
    let authorization = header(&request.headers, "authorization").ok_or("no Authorization header")?;
    let fields = authorization.strip_prefix("AWS4-HMAC-SHA256 ").ok_or("the algorithm is not AWS4-HMAC-SHA256")?;
    let (mut credential, mut signed_headers, mut signature) = (None, None, None);
    for field in fields.split(',') {
        match field.trim().split_once('=') {
            Some(("Credential", value)) => credential = Some(value),
            Some(("SignedHeaders", value)) => signed_headers = Some(value),
            Some(("Signature", value)) => signature = Some(value),
            _ => return Err(format!("unexpected Authorization field {field:?}")),
        }
    }
    let (Some(credential), Some(signed_headers), Some(signature)) = (credential, signed_headers, signature) else {
        return Err("Authorization lacks Credential, SignedHeaders or Signature".into());
    };

    let scope: Vec<&str> = credential.split('/').collect();
    let [access_key_id, date, region, service, "aws4_request"] = scope[..] else {
        return Err(format!("malformed credential {credential:?}"));
    };
    let secret = secret_of(access_key_id).ok_or_else(|| format!("unknown access key {access_key_id}"))?;
    if (region, service) != (REGION, expected_service) {
        return Err(format!("scope {region}/{service}, expected {REGION}/{expected_service}"));
    }
    let amz_date = header(&request.headers, "x-amz-date").ok_or("no X-Amz-Date")?;
    let signed_at = parse_amz_date(amz_date).ok_or_else(|| format!("malformed X-Amz-Date {amz_date:?}"))?;
    if !amz_date.starts_with(date) {
        return Err(format!("the scope's date {date} is not X-Amz-Date's {amz_date}"));
    }
    let skew = now.duration_since(signed_at).unwrap_or_else(|error| error.duration());
    if skew > MAX_SKEW {
        return Err(format!("X-Amz-Date {amz_date} is {} s away from now", skew.as_secs()));
    }

    let names: Vec<&str> = signed_headers.split(';').collect();
    if names.iter().any(|name| name.is_empty() || *name != name.to_ascii_lowercase()) || !names.is_sorted() {
        return Err(format!("SignedHeaders {signed_headers:?} are not sorted lowercase names"));
    }
    for required in ["host", "x-amz-date"] {
        if !names.contains(&required) {
            return Err(format!("{required} is not signed"));
        }
    }
    for (name, _) in &request.headers {
        let name = name.to_ascii_lowercase();
        if (name.starts_with("x-amz-") || name == "content-type") && !names.contains(&name.as_str()) {
            return Err(format!("{name} is sent but not signed"));
        }
    }
    let mut canonical_headers = String::new();
    for name in &names {
        let values: Vec<String> = request
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        if values.is_empty() {
            return Err(format!("the signed header {name} was not sent"));
        }
        canonical_headers.push_str(&format!("{name}:{}\n", values.join(",")));
    }
    let payload_hash = match header(&request.headers, "x-amz-content-sha256") {
        Some(hash) => hash.to_owned(),
        None => hex(&Sha256::digest(&request.body)),
    };
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (uri_encode(&percent_decode(name), false), uri_encode(&percent_decode(value), false))
        })
        .collect();
    pairs.sort();
    let canonical_query = pairs.iter().map(|(name, value)| format!("{name}={value}")).collect::<Vec<_>>().join("&");
    // Every service but S3 signs the path as sent, encoded once more.
    let canonical_uri = uri_encode(if request.path.is_empty() { "/" } else { &request.path }, true);
    let canonical_request = format!(
        "{}\n{canonical_uri}\n{canonical_query}\n{canonical_headers}\n{signed_headers}\n{payload_hash}",
        request.method
    );

    let scope = format!("{date}/{region}/{service}/aws4_request");
    let string_to_sign =
        format!("AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}", hex(&Sha256::digest(canonical_request.as_bytes())));
    let key = hmac(format!("AWS4{secret}").as_bytes(), date);
    let key = hmac(&key, region);
    let key = hmac(&key, service);
    let key = hmac(&key, "aws4_request");
    let expected = hex(&hmac(&key, &string_to_sign));
    if expected != signature {
        return Err(format!(
            "signature does not match: expected {expected}, got {signature}; canonical request:\n{canonical_request}"
        ));
    }
    Ok(())
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let escaped =
            bytes.get(at + 1..at + 3).and_then(|hex| u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok());
        match (bytes[at], escaped) {
            (b'%', Some(byte)) => {
                out.push(byte);
                at += 3;
            }
            (byte, _) => {
                out.push(byte);
                at += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `YYYYMMDDTHHMMSSZ` as a time.
fn parse_amz_date(text: &str) -> Option<SystemTime> {
    let bytes = text.as_bytes();
    if bytes.len() != 16 || bytes[8] != b'T' || bytes[15] != b'Z' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| text.get(range)?.parse::<i64>().ok();
    let (year, month, day) = (number(0..4)?, number(4..6)?, number(6..8)?);
    let (hour, minute, second) = (number(9..11)?, number(11..13)?, number(13..15)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    // Days from 1970-01-01 to the date, in the proleptic Gregorian calendar.
    let (y, m) = if month <= 2 { (year - 1, month + 9) } else { (year, month - 3) };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * m + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = era * 146_097 + day_of_era - 719_468;
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second;
    Some(UNIX_EPOCH + Duration::from_secs(u64::try_from(seconds).ok()?))
}

fn assert_all_signed(received: &[Received]) {
    for request in received {
        assert_eq!(request.signature, Ok(()), "{} {}", request.method, request.path);
    }
}

// The tests.

/// The ids of every page of `ListFindings` for `detector`, through the client's items.
fn finding_ids(client: &Client, detector: &str) -> Result<Vec<String>, Error<ListFindingsError>> {
    let input = ListFindingsRequest::builder().detector_id(detector).build().expect("an input");
    client.items::<ListFindings>(input).collect()
}

/// The findings of `ids`, 50 to a `GetFindings` call.
fn findings(client: &Client, ids: &[String]) -> Result<Vec<Finding>, Error<GetFindingsError>> {
    let mut findings = Vec::new();
    for batch in ids.chunks(50) {
        let input =
            GetFindingsRequest::builder().detector_id(DETECTOR).finding_ids(batch.to_vec()).build().expect("an input");
        findings.extend(client.send::<GetFindings>(&input)?.findings);
    }
    Ok(findings)
}

/// The `amz-sdk-request` header of each request.
fn attempts(received: &[Received]) -> Vec<&str> {
    received.iter().map(|request| header(&request.headers, "amz-sdk-request").unwrap_or("")).collect()
}

#[test]
fn every_finding_over_two_pages_and_two_batches() {
    let server = Server::start(4);
    let credentials = Credentials::new(ACCESS_KEY_ID, SECRET_ACCESS_KEY).with_session_token(SESSION_TOKEN);
    let client = server.builder(credentials).build();
    let ids = finding_ids(&client, DETECTOR).expect("every id");
    let findings = findings(&client, &ids).expect("every finding");
    let received = server.finish();

    assert_eq!(findings.len(), FINDINGS);
    for (index, finding) in findings.iter().enumerate() {
        assert_eq!(finding.id, finding_id(index));
        assert_eq!(finding.r#type, finding_type(index));
        assert_eq!(finding.severity, severity(index));
        assert_eq!(finding.account_id, ACCOUNT);
        let service = finding.service.as_ref().expect("service");
        assert_eq!(service.count, Some(i32::try_from(index + 1).unwrap()));
        let call = service.action.as_ref().and_then(|action| action.aws_api_call_action.as_ref()).expect("API call");
        assert_eq!(call.api.as_deref(), Some("ListBuckets"));
    }

    assert_all_signed(&received);
    let requests: Vec<(&str, &str)> = received.iter().map(|r| (r.method.as_str(), r.path.as_str())).collect();
    let list = format!("/detector/{DETECTOR}/findings");
    let get = format!("/detector/{DETECTOR}/findings/get");
    assert_eq!(requests, [("POST", &*list), ("POST", &*list), ("POST", &*get), ("POST", &*get)]);
    assert_eq!(received[0].json(), json!({}));
    assert_eq!(received[1].json(), json!({"nextToken": NEXT_TOKEN}));
    let batch = |request: &Received| request.json()["findingIds"].as_array().map_or(0, Vec::len);
    assert_eq!((batch(&received[2]), batch(&received[3])), (50, 23));
    for request in &received {
        assert_eq!(header(&request.headers, "x-amz-security-token"), Some(SESSION_TOKEN));
        assert!(header(&request.headers, "authorization").is_some_and(|a| a.contains("x-amz-security-token")));
    }
    assert_eq!(attempts(&received), ["attempt=1; max=3"; 4]);
}

#[test]
fn pages_come_one_request_at_a_time() {
    let server = Server::start(2);
    let client = server.client(SECRET_ACCESS_KEY);
    let input = ListFindingsRequest::builder().detector_id(DETECTOR).build().expect("an input");
    let mut pages = client.pages::<ListFindings>(input);
    let first = pages.next().expect("a first page").expect("the first page");
    assert_eq!(first.finding_ids.len(), PAGE);
    let second = pages.next().expect("a second page").expect("the second page");
    assert_eq!((second.finding_ids.len(), second.next_token), (FINDINGS - PAGE, None));
    assert!(pages.next().is_none(), "the page without a token is the last");
    assert_eq!(server.finish().len(), 2);
}

#[test]
fn a_detector_of_another_account_is_a_modeled_error() {
    const MESSAGE: &str = "The request is rejected because the input detectorId is not owned by the current account.";
    let server = Server::start(2);
    let client = server.client(SECRET_ACCESS_KEY);

    let error = finding_ids(&client, NOT_OWNED).expect_err("ListFindings fails");
    let Error::Service { error: ListFindingsError::BadRequestException(exception), response } = &error else {
        panic!("not ListFindingsError::BadRequestException: {error:?}");
    };
    assert_eq!(exception.message.as_deref(), Some(MESSAGE));
    assert_eq!(response.request_id.as_deref(), Some("6bd4ed4c-1d34-4a4f-8b2a-0c7d5e6f7a8b"));
    assert_eq!(
        (error.code(), error.message(), error.status()),
        (Some("BadRequestException"), Some(MESSAGE), Some(400))
    );
    assert_eq!(error.retry_kind(), None);
    assert_eq!(
        error.to_string(),
        format!("BadRequestException: {MESSAGE} (status 400, request id 6bd4ed4c-1d34-4a4f-8b2a-0c7d5e6f7a8b)")
    );

    // The raw response, for a program that reads it itself.
    let mut input = GetFindingsRequest::default();
    input.detector_id = NOT_OWNED.to_owned();
    input.finding_ids = vec![finding_id(0)];
    let response = client.call::<GetFindings>(&input).expect("a response");
    assert_eq!(response.status(), 400);
    let error = GetFindings::response(&response).expect_err("GetFindings fails");
    assert!(matches!(&error, GetFindingsError::BadRequestException(_)), "{error:?}");

    assert_all_signed(&server.finish());
}

#[test]
fn throttling_is_retried_until_it_passes() {
    let throttled =
        || (429, vec![("X-Amzn-ErrorType", "ThrottlingException".to_owned())], json!({"message": "Rate exceeded"}));
    let server = Server::scripted(3, vec![throttled(), throttled()]);
    let client = server.client(SECRET_ACCESS_KEY);
    let input = ListFindingsRequest::builder().detector_id(DETECTOR).build().expect("an input");
    let page = client.send::<ListFindings>(&input).expect("the third attempt passes");
    assert_eq!(page.finding_ids.len(), PAGE);
    let received = server.finish();
    assert_all_signed(&received);
    assert_eq!(attempts(&received), ["attempt=1; max=3", "attempt=2; max=3", "attempt=3; max=3"]);
    // Each attempt is signed anew: the same request, the same body.
    assert!(received.windows(2).all(|pair| pair[0].body == pair[1].body));
}

#[test]
fn attempts_run_out() {
    let server = Server::start(3);
    let client = server.client(SECRET_ACCESS_KEY);
    let error = finding_ids(&client, THROTTLED).expect_err("throttled");
    let Error::Service { error: ListFindingsError::Unmodeled(unmodeled), .. } = &error else {
        panic!("not ListFindingsError::Unmodeled: {error:?}");
    };
    assert_eq!(unmodeled.status(), 429);
    assert_eq!(serde_json::from_slice::<Value>(unmodeled.body()).ok(), Some(json!({"message": "Rate exceeded"})));
    assert_eq!(
        (error.code(), error.message(), error.status()),
        (Some("ThrottlingException"), Some("Rate exceeded"), Some(429))
    );
    assert_eq!(error.retry_kind(), Some(ErrorKind::Throttling));
    let received = server.finish();
    assert_eq!(attempts(&received), ["attempt=1; max=3", "attempt=2; max=3", "attempt=3; max=3"]);

    // As many attempts as configured.
    let server = Server::start(5);
    let client = server.builder(Credentials::new(ACCESS_KEY_ID, SECRET_ACCESS_KEY)).max_attempts(5).build();
    finding_ids(&client, THROTTLED).expect_err("throttled");
    assert_eq!(server.finish().len(), 5);
}

#[test]
fn the_retry_quota_stops_retries_in_an_outage() {
    // A quota of 10 pays for two retries (5 each), and only a success gives back to it.
    let unavailable = || (503, vec![("X-Amzn-ErrorType", "ServiceUnavailableException".to_owned())], json!({}));
    let server = Server::scripted(6, (0..6).map(|_| unavailable()).collect());
    let client = server.builder(Credentials::new(ACCESS_KEY_ID, SECRET_ACCESS_KEY)).retry_quota(10).build();
    let input = ListFindingsRequest::builder().detector_id(DETECTOR).build().expect("an input");
    let error = client.send::<ListFindings>(&input).expect_err("unavailable");
    assert_eq!((error.status(), error.retry_kind()), (Some(503), Some(ErrorKind::Transient)));
    // The first call retries twice; the second finds the quota spent and does not retry.
    let error = client.send::<ListFindings>(&input).expect_err("unavailable");
    assert_eq!(error.status(), Some(503));
    let received = server.finish();
    assert_eq!(attempts(&received), ["attempt=1; max=3", "attempt=2; max=3", "attempt=3; max=3", "attempt=1; max=3"]);
}

#[test]
fn a_skewed_clock_is_corrected_once() {
    // The service's clock is an hour ahead: it refuses the first request for skew, and the
    // client signs the second for the service's time.
    let ahead = SystemTime::now() + Duration::from_secs(3600);
    let date = jiff::Timestamp::try_from(ahead).expect("a time").strftime("%a, %d %b %Y %H:%M:%S GMT").to_string();
    let skewed = (
        403,
        vec![("X-Amzn-ErrorType", "InvalidSignatureException".to_owned()), ("Date", date)],
        json!({"message": "Signature expired: is now earlier than (20260101T000000Z - 15 min.)"}),
    );
    let server = Server::scripted(2, vec![skewed]);
    let client = server.client(SECRET_ACCESS_KEY);
    let input = ListFindingsRequest::builder().detector_id(DETECTOR).build().expect("an input");
    // The server checks the signature for its own clock, an hour behind the corrected one.
    let _ = client.send::<ListFindings>(&input);
    let received = server.finish();
    assert_eq!(received.len(), 2, "one retry, after correcting the clock");
    let signed_at =
        |request: &Received| parse_amz_date(header(&request.headers, "x-amz-date").unwrap_or("")).expect("X-Amz-Date");
    let moved = signed_at(&received[1]).duration_since(signed_at(&received[0])).expect("the second is later");
    assert!(moved > Duration::from_secs(3500) && moved < Duration::from_secs(3700), "{moved:?}");
}

#[test]
fn a_wrong_secret_fails_the_signature_check() {
    let server = Server::start(1);
    let client = server.client("not-the-secret");
    let error = finding_ids(&client, DETECTOR).expect_err("the server refuses the signature");
    assert!(matches!(&error, Error::Service { error: ListFindingsError::Unmodeled(_), .. }), "{error:?}");
    assert_eq!((error.code(), error.status()), (Some("InvalidSignatureException"), Some(403)));
    let received = server.finish();
    assert_eq!(received.len(), 1, "not retried");
    let problem = received[0].signature.as_ref().expect_err("the signature does not verify");
    assert!(problem.starts_with("signature does not match"), "{problem}");
}

#[test]
fn a_body_over_the_limit_is_an_error() {
    let server = Server::start(1);
    let client = server.builder(Credentials::new(ACCESS_KEY_ID, SECRET_ACCESS_KEY)).body_limit(1000).build();
    let error = finding_ids(&client, DETECTOR).expect_err("the first page is over 1000 bytes");
    assert!(matches!(&error, Error::BodyTooLarge { limit: 1000, .. }), "{error:?}");
    assert_eq!(
        error.to_string(),
        format!(
            "{}/detector/{DETECTOR}/findings: the response body is larger than 1000 bytes, the most the client reads",
            server.endpoint()
        )
    );
    assert_all_signed(&server.finish());
}

#[test]
fn nothing_listens() {
    // A port that was free a moment ago: the connection is refused, retried, and the error
    // says where.
    let address = TcpListener::bind("127.0.0.1:0").and_then(|listener| listener.local_addr()).expect("a free port");
    let client = client_for(&format!("http://{address}"), Credentials::new(ACCESS_KEY_ID, SECRET_ACCESS_KEY)).build();
    let error = finding_ids(&client, DETECTOR).expect_err("nothing listens");
    assert!(matches!(&error, Error::Transport { .. }), "{error:?}");
    assert_eq!(error.retry_kind(), Some(ErrorKind::Transient));
    let text = error.to_string();
    assert!(text.starts_with(&format!("POST http://{address}/detector/{DETECTOR}/findings: ")), "{text}");
}

#[test]
fn no_credentials_and_https_without_tls_are_errors_before_sending() {
    let client = Client::builder().region(REGION).build();
    let input = ListFindingsRequest::builder().detector_id(DETECTOR).build().expect("an input");
    let error = client.send::<ListFindings>(&input).expect_err("no credentials");
    assert!(matches!(&error, Error::Credentials(_)), "{error:?}");
    assert!(error.to_string().starts_with("no credentials: "), "{error}");
    if cfg!(feature = "tls") {
        return;
    }
    let client = Client::builder().region(REGION).credentials(Credentials::new("a", "b")).max_attempts(1).build();
    let error = client.send::<ListFindings>(&input).expect_err("no TLS");
    assert!(error.to_string().contains("--features tls"), "{error}");
    // An empty label is refused before anything is sent.
    let input = ListFindingsRequest::builder().detector_id("").build().expect("an input");
    let error = client.send::<ListFindings>(&input).expect_err("an empty label");
    assert_eq!(error.to_string(), "could not build the request: DetectorId: a URI label must not be empty");
}

/// The verifier itself, on the example of AWS's SigV4 documentation (IAM `ListUsers`), so
/// that it is known to compute signatures as AWS does, not as the client's signer does.
#[test]
fn the_verifier_agrees_with_aws_documentation() {
    let request = Received {
        method: "GET".into(),
        path: "/".into(),
        headers: vec![
            ("Host".into(), "iam.amazonaws.com".into()),
            ("Content-Type".into(), "application/x-www-form-urlencoded; charset=utf-8".into()),
            ("X-Amz-Date".into(), "20150830T123600Z".into()),
            (
                "Authorization".into(),
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, \
                 SignedHeaders=content-type;host;x-amz-date, \
                 Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"
                    .into(),
            ),
        ],
        body: Vec::new(),
        signature: Ok(()),
    };
    let at = parse_amz_date("20150830T123600Z").expect("a date");
    // The example is for IAM; the verifier only takes GuardDuty's scope.
    let error = verify(&request, "Action=ListUsers&Version=2010-05-08", at).expect_err("not GuardDuty's scope");
    assert_eq!(error, "scope us-east-1/iam, expected us-east-1/guardduty");
    assert_eq!(verify_for(&request, "Action=ListUsers&Version=2010-05-08", at, "iam"), Ok(()));
    assert!(verify_for(&request, "Action=ListUsers&Version=2010-05-09", at, "iam").is_err());
}

/// The async client against the same server: the same calls, awaited.
#[cfg(feature = "async")]
mod asynchronous {
    use super::*;
    use shapegen_client::asynchronous::AsyncClient;

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime")
    }

    fn client(server: &Server, credentials: Credentials) -> AsyncClient {
        server.builder(credentials).build_async()
    }

    #[test]
    fn every_finding_over_two_pages_and_two_batches() {
        let server = Server::start(4);
        let credentials = Credentials::new(ACCESS_KEY_ID, SECRET_ACCESS_KEY).with_session_token(SESSION_TOKEN);
        let client = client(&server, credentials);
        let findings = runtime().block_on(async {
            let input = ListFindingsRequest::builder().detector_id(DETECTOR).build().expect("an input");
            let mut items = client.items::<ListFindings>(input);
            let mut ids = Vec::new();
            while let Some(id) = items.next().await {
                ids.push(id.expect("an id"));
            }
            let mut findings = Vec::new();
            for batch in ids.chunks(50) {
                let input = GetFindingsRequest::builder()
                    .detector_id(DETECTOR)
                    .finding_ids(batch.to_vec())
                    .build()
                    .expect("an input");
                findings.extend(client.send::<GetFindings>(&input).await.expect("GetFindings").findings);
            }
            findings
        });
        let received = server.finish();
        assert_eq!(findings.len(), FINDINGS);
        assert_eq!(findings[FINDINGS - 1].id, finding_id(FINDINGS - 1));
        assert_all_signed(&received);
        assert_eq!(received.len(), 4);
        assert!(received.iter().all(|r| header(&r.headers, "x-amz-security-token") == Some(SESSION_TOKEN)));
    }

    #[test]
    fn errors_are_matched_and_throttling_is_retried() {
        let throttled =
            || (429, vec![("X-Amzn-ErrorType", "ThrottlingException".to_owned())], json!({"message": "Rate exceeded"}));
        let server = Server::scripted(4, vec![throttled(), throttled()]);
        let client = client(&server, Credentials::new(ACCESS_KEY_ID, SECRET_ACCESS_KEY));
        runtime().block_on(async {
            let input = ListFindingsRequest::builder().detector_id(DETECTOR).build().expect("an input");
            let page = client.send::<ListFindings>(&input).await.expect("the third attempt passes");
            assert_eq!(page.finding_ids.len(), PAGE);
            let input = ListFindingsRequest::builder().detector_id(NOT_OWNED).build().expect("an input");
            let error = client.send::<ListFindings>(&input).await.expect_err("not owned");
            assert!(matches!(&error, Error::Service { error: ListFindingsError::BadRequestException(_), .. }));
            assert_eq!(error.status(), Some(400));
        });
        let received = server.finish();
        assert_all_signed(&received);
        assert_eq!(
            attempts(&received),
            ["attempt=1; max=3", "attempt=2; max=3", "attempt=3; max=3", "attempt=1; max=3"]
        );
    }

    #[test]
    fn a_server_that_does_not_answer_times_out() {
        // Accepts connections and never answers.
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let address = listener.local_addr().expect("local address");
        let _keep = thread::spawn(move || {
            let mut held = Vec::new();
            for stream in listener.incoming().take(3) {
                held.push(stream);
            }
            thread::sleep(Duration::from_secs(5));
        });
        let client = client_for(&format!("http://{address}"), Credentials::new(ACCESS_KEY_ID, SECRET_ACCESS_KEY))
            .timeout(Duration::from_millis(200))
            .build_async();
        let started = Instant::now();
        let error = runtime().block_on(async {
            let input = ListFindingsRequest::builder().detector_id(DETECTOR).build().expect("an input");
            client.send::<ListFindings>(&input).await.expect_err("no answer")
        });
        assert!(error.is_timeout(), "{error:?}");
        assert_eq!(error.retry_kind(), Some(ErrorKind::Timeout));
        assert!(error.to_string().contains("no response within 200ms"), "{error}");
        // Three attempts of 200 ms, and two short waits.
        assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
    }
}
