//! Flexible checksums, as the AWS SDKs compute and validate them (the model's `httpChecksum`).
//!
//! A request: where the operation takes a checksum (the model lets the caller choose an
//! algorithm, under `request_checksum_calculation = when_supported`, the default; or the model
//! requires one; or the caller chose an algorithm), the client computes one. CRC32 unless the
//! caller chose another (the member bound to `x-amz-sdk-checksum-algorithm`, which the client
//! sets to what it used). A body in memory gets the checksum in its header
//! (`x-amz-checksum-crc32`); a stream is sent `aws-chunked`, in chunks of 64 KiB, with the
//! checksum in its trailer, computed as the stream is read (`STREAMING-UNSIGNED-PAYLOAD-TRAILER`).
//! A checksum the caller gave in its own member is sent as it is.
//!
//! A response: where the model lists response algorithms (under `response_checksum_validation =
//! when_supported`, the default; else only when the caller asked through the validation mode
//! member), the client asks for the checksum (`x-amz-checksum-mode: ENABLED`) and checks the
//! first of the model's algorithms it computes whose header the response carries: a body in
//! memory at once, a stream when its last byte has been read, which then fails to read. A
//! checksum of parts (an S3 multipart object's `...-3`) is not the body's, and is not checked.

use std::fmt;
use std::io::Read;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Bytes, BytesMut};
use http::HeaderValue;
use shapegen_runtime::HttpChecksum;
use shapegen_runtime::body::{Body, BoxError, Source};
use shapegen_runtime::checksum::{Algorithm, Checksum};

use crate::config::settings::ChecksumWhen;

/// The size of a chunk of an `aws-chunked` body.
pub const CHUNK: usize = 64 * 1024;

/// Headers of the flexible checksums that are not a checksum.
const NOT_CHECKSUMS: [&str; 2] = ["x-amz-checksum-mode", "x-amz-checksum-type"];

/// A checksum that could not be computed, or that does not match.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChecksumError {
    /// The caller chose an algorithm the client does not compute.
    Unsupported {
        /// The algorithm, as the caller named it.
        algorithm: String,
    },
    /// A response's body is not what its checksum says.
    Mismatch {
        /// The algorithm.
        algorithm: Algorithm,
        /// The checksum the response carried.
        expected: String,
        /// The checksum of the body received.
        computed: String,
    },
    /// The request's stream could not be read to be sent `aws-chunked`.
    Body(String),
}

impl fmt::Display for ChecksumError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChecksumError::Unsupported { algorithm } => write!(
                f,
                "the request asks for a {algorithm:?} checksum, which the client does not compute (it computes {})",
                Algorithm::ALL.map(Algorithm::name).join(", ")
            ),
            ChecksumError::Mismatch { algorithm, expected, computed } => write!(
                f,
                "the response's body does not match its checksum: {} says {expected}, the body received is {computed}",
                algorithm.header()
            ),
            ChecksumError::Body(error) => write!(f, "the request's body: {error}"),
        }
    }
}

impl std::error::Error for ChecksumError {}

/// Gives `request` the checksum its operation takes (see the [module](self)); `stream` is the
/// request's stream, which becomes its `aws-chunked` form.
pub(crate) fn on_request(
    spec: Option<HttpChecksum>,
    when: ChecksumWhen,
    request: &mut http::Request<Vec<u8>>,
) -> Result<(), ChecksumError> {
    let Some(spec) = spec else { return Ok(()) };
    let headers = request.headers();
    let given = headers
        .keys()
        .any(|name| name.as_str().starts_with("x-amz-checksum-") && !NOT_CHECKSUMS.contains(&name.as_str()));
    if given {
        return Ok(());
    }
    let chosen = spec.request_algorithm_header.and_then(|header| headers.get(header));
    let chosen = chosen.map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned());
    let wanted =
        chosen.is_some() || spec.request_required || (spec.request_algorithm && when == ChecksumWhen::WhenSupported);
    if !wanted {
        return Ok(());
    }
    let algorithm = match chosen {
        Some(name) => Algorithm::from_name(&name).ok_or(ChecksumError::Unsupported { algorithm: name })?,
        None => Algorithm::Crc32,
    };
    if let Some(header) = spec.request_algorithm_header {
        request.headers_mut().entry(header).or_insert(HeaderValue::from_static(algorithm.name()));
    }
    match Body::of_request(request).cloned() {
        None => {
            let value = algorithm.of(request.body());
            let value = HeaderValue::from_str(&value).map_err(|error| ChecksumError::Body(error.to_string()))?;
            request.headers_mut().insert(algorithm.header(), value);
        }
        Some(stream) => aws_chunked(request, &stream, algorithm)?,
    }
    Ok(())
}

/// Makes `request`'s stream `aws-chunked`, with `algorithm`'s checksum in its trailer.
fn aws_chunked(request: &mut http::Request<Vec<u8>>, stream: &Body, algorithm: Algorithm) -> Result<(), ChecksumError> {
    let decoded = stream.length();
    let encoded = decoded.map(|length| encoded_length(length, algorithm));
    let body = if stream.is_replayable() {
        let stream = stream.clone();
        Body::from_fn(encoded, move || {
            let reader = stream.clone().into_reader().map_err(std::io::Error::other)?;
            Ok(Box::new(AwsChunked::new(reader, algorithm)) as shapegen_runtime::body::Reader)
        })
    } else {
        match stream.take().map_err(|error| ChecksumError::Body(error.to_string()))? {
            Source::Bytes(bytes) => Body::from_reader(AwsChunked::new(std::io::Cursor::new(bytes), algorithm), encoded),
            Source::Reader(reader) => Body::from_reader(AwsChunked::new(reader, algorithm), encoded),
            Source::Async(body) => Body::from_async(AwsChunkedBody::new(body, algorithm), encoded),
        }
    };
    let headers = request.headers_mut();
    headers.append(http::header::CONTENT_ENCODING, HeaderValue::from_static("aws-chunked"));
    headers.insert("x-amz-trailer", HeaderValue::from_static(algorithm.header()));
    match (decoded, encoded) {
        (Some(decoded), Some(encoded)) => {
            headers.insert("x-amz-decoded-content-length", HeaderValue::from(decoded));
            headers.insert(http::header::CONTENT_LENGTH, HeaderValue::from(encoded));
        }
        _ => {
            headers.remove(http::header::CONTENT_LENGTH);
        }
    }
    request.extensions_mut().insert(body);
    Ok(())
}

/// The length of a body of `decoded` bytes sent `aws-chunked` with `algorithm`'s trailer.
pub fn encoded_length(decoded: u64, algorithm: Algorithm) -> u64 {
    let chunk = |length: u64| format!("{length:x}").len() as u64 + 2 + length + 2;
    let size = CHUNK as u64;
    let rest = decoded % size;
    let checksum = algorithm.checksum().header_value().len() as u64;
    (decoded / size) * chunk(size)
        + if rest > 0 { chunk(rest) } else { 0 }
        + 3
        + algorithm.header().len() as u64
        + 1
        + checksum
        + 4
}

/// Frames `data` as one chunk.
fn frame(data: &[u8], out: &mut Vec<u8>) {
    out.extend_from_slice(format!("{:x}\r\n", data.len()).as_bytes());
    out.extend_from_slice(data);
    out.extend_from_slice(b"\r\n");
}

/// The end of an `aws-chunked` body: the empty chunk, then the trailer with the checksum.
fn finish(checksum: Checksum, out: &mut Vec<u8>) {
    let header = checksum.algorithm().header();
    out.extend_from_slice(format!("0\r\n{header}:{}\r\n\r\n", checksum.header_value()).as_bytes());
}

/// A blocking reader's bytes, `aws-chunked`: chunks of [`CHUNK`] bytes (the last shorter),
/// the checksum computed as they are read.
pub struct AwsChunked<R> {
    inner: R,
    checksum: Option<Checksum>,
    chunk: Vec<u8>,
    out: Vec<u8>,
    at: usize,
}

impl<R: Read> AwsChunked<R> {
    /// `inner`'s bytes, to be framed, with `algorithm`'s checksum in the trailer.
    pub fn new(inner: R, algorithm: Algorithm) -> Self {
        AwsChunked { inner, checksum: Some(algorithm.checksum()), chunk: vec![0; CHUNK], out: Vec::new(), at: 0 }
    }

    /// Reads the next chunk (a whole one, unless the reader ends) and frames it; the end
    /// after the last.
    fn fill(&mut self) -> std::io::Result<()> {
        self.out.clear();
        self.at = 0;
        let Some(checksum) = &mut self.checksum else { return Ok(()) };
        let mut filled = 0;
        while filled < CHUNK {
            match self.inner.read(&mut self.chunk[filled..]) {
                Ok(0) => break,
                Ok(read) => filled += read,
                Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
                Err(error) => return Err(error),
            }
        }
        if filled > 0 {
            checksum.update(&self.chunk[..filled]);
            frame(&self.chunk[..filled], &mut self.out);
        }
        if filled < CHUNK
            && let Some(checksum) = self.checksum.take()
        {
            finish(checksum, &mut self.out);
        }
        Ok(())
    }
}

impl<R: Read> Read for AwsChunked<R> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        if self.at == self.out.len() {
            self.fill()?;
        }
        let n = buffer.len().min(self.out.len() - self.at);
        buffer[..n].copy_from_slice(&self.out[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// An async body's bytes, `aws-chunked`, as [`AwsChunked`] frames a reader's.
pub struct AwsChunkedBody {
    inner: shapegen_runtime::body::AsyncBody,
    checksum: Option<Checksum>,
    /// The bytes received and not framed yet: less than a chunk, but for the frame that
    /// came last.
    pending: BytesMut,
    ended: bool,
}

impl AwsChunkedBody {
    /// `inner`'s frames, framed, with `algorithm`'s checksum in the trailer.
    pub fn new(inner: shapegen_runtime::body::AsyncBody, algorithm: Algorithm) -> Self {
        AwsChunkedBody { inner, checksum: Some(algorithm.checksum()), pending: BytesMut::new(), ended: false }
    }
}

impl http_body::Body for AwsChunkedBody {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, BoxError>>> {
        let this = &mut *self;
        loop {
            let Some(checksum) = &mut this.checksum else { return Poll::Ready(None) };
            if this.pending.len() >= CHUNK {
                let data = this.pending.split_to(CHUNK);
                checksum.update(&data);
                let mut out = Vec::with_capacity(CHUNK + 16);
                frame(&data, &mut out);
                return Poll::Ready(Some(Ok(http_body::Frame::data(Bytes::from(out)))));
            }
            if this.ended {
                let data = this.pending.split();
                let mut out = Vec::with_capacity(data.len() + 64);
                if !data.is_empty() {
                    checksum.update(&data);
                    frame(&data, &mut out);
                }
                if let Some(checksum) = this.checksum.take() {
                    finish(checksum, &mut out);
                }
                return Poll::Ready(Some(Ok(http_body::Frame::data(Bytes::from(out)))));
            }
            match this.inner.as_mut().poll_frame(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => this.ended = true,
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                Poll::Ready(Some(Ok(frame))) => {
                    if let Ok(data) = frame.into_data() {
                        this.pending.extend_from_slice(&data);
                    }
                }
            }
        }
    }
}

/// Whether a response to a call of an operation with `spec` is to be validated, and the
/// request asks for the checksum: sets the validation mode header (`ENABLED`) where the
/// operation has one and the caller left it unset, under `when_supported`.
pub(crate) fn ask_for_response(
    spec: Option<HttpChecksum>,
    when: ChecksumWhen,
    request: &mut http::Request<Vec<u8>>,
) -> bool {
    let Some(spec) = spec.filter(|spec| !spec.response_algorithms.is_empty()) else { return false };
    match spec.validation_mode_header {
        Some(header) if request.headers().contains_key(header) => true,
        Some(header) if when == ChecksumWhen::WhenSupported => {
            request.headers_mut().insert(header, HeaderValue::from_static("ENABLED"));
            true
        }
        Some(_) => false,
        None => when == ChecksumWhen::WhenSupported,
    }
}

/// The checksum a response carries that the client checks: the first of `spec`'s algorithms
/// it computes whose header the response has, with a value that is the whole body's.
pub(crate) fn carried(spec: Option<HttpChecksum>, headers: &http::HeaderMap) -> Option<(Algorithm, String)> {
    spec?.response_algorithms.iter().filter_map(|name| Algorithm::from_name(name)).find_map(|algorithm| {
        let value = headers.get(algorithm.header())?.to_str().ok()?;
        // A checksum of parts (`...-3`) is not the body's.
        (!value.contains('-')).then(|| (algorithm, value.to_owned()))
    })
}

/// Checks `body` against the checksum `expected` of `algorithm`.
pub(crate) fn check(algorithm: Algorithm, expected: &str, body: &[u8]) -> Result<(), ChecksumError> {
    let computed = algorithm.of(body);
    if computed == expected {
        Ok(())
    } else {
        Err(ChecksumError::Mismatch { algorithm, expected: expected.to_owned(), computed })
    }
}

/// `body`, checked against the checksum `expected` of `algorithm` when its last byte has been
/// read: reading it then fails (`InvalidData`) if it does not match.
pub(crate) fn validating(body: Body, algorithm: Algorithm, expected: String) -> Body {
    let length = body.length();
    match body.take() {
        Ok(Source::Bytes(bytes)) => {
            Body::from_reader(Validating::new(std::io::Cursor::new(bytes), algorithm, expected), length)
        }
        Ok(Source::Reader(reader)) => Body::from_reader(Validating::new(reader, algorithm, expected), length),
        Ok(Source::Async(inner)) => {
            Body::from_async(ValidatingBody { inner, checksum: Some(algorithm.checksum()), expected }, length)
        }
        // A body read already, or that does not open, cannot be validated; reading it says so.
        Err(_) => body,
    }
}

/// The checksum `expected` of the bytes read, compared at their end.
fn compare(checksum: Checksum, expected: &str) -> Result<(), std::io::Error> {
    let algorithm = checksum.algorithm();
    let computed = checksum.header_value();
    if computed == expected {
        return Ok(());
    }
    let error = ChecksumError::Mismatch { algorithm, expected: expected.to_owned(), computed };
    Err(std::io::Error::new(std::io::ErrorKind::InvalidData, error))
}

/// A reader checked against a checksum at its end.
struct Validating<R> {
    inner: R,
    checksum: Option<Checksum>,
    expected: String,
}

impl<R: Read> Validating<R> {
    fn new(inner: R, algorithm: Algorithm, expected: String) -> Self {
        Validating { inner, checksum: Some(algorithm.checksum()), expected }
    }
}

impl<R: Read> Read for Validating<R> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buffer)?;
        match (&mut self.checksum, read) {
            (Some(checksum), 1..) => checksum.update(&buffer[..read]),
            (Some(_), 0) if !buffer.is_empty() => {
                if let Some(checksum) = self.checksum.take() {
                    compare(checksum, &self.expected)?;
                }
            }
            _ => {}
        }
        Ok(read)
    }
}

/// An async body checked against a checksum at its end.
struct ValidatingBody {
    inner: shapegen_runtime::body::AsyncBody,
    checksum: Option<Checksum>,
    expected: String,
}

impl http_body::Body for ValidatingBody {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, BoxError>>> {
        let this = &mut *self;
        match this.inner.as_mut().poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                if let (Some(data), Some(checksum)) = (frame.data_ref(), &mut this.checksum) {
                    checksum.update(data);
                }
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Ready(None) => match this.checksum.take() {
                Some(checksum) => match compare(checksum, &this.expected) {
                    Ok(()) => Poll::Ready(None),
                    Err(error) => Poll::Ready(Some(Err(Box::new(error)))),
                },
                None => Poll::Ready(None),
            },
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_aws_chunked(encoded: &[u8]) -> (Vec<u8>, String) {
        let mut data = Vec::new();
        let mut at = 0;
        loop {
            let line_end = at + encoded[at..].windows(2).position(|w| w == b"\r\n").unwrap();
            let size = usize::from_str_radix(std::str::from_utf8(&encoded[at..line_end]).unwrap(), 16).unwrap();
            at = line_end + 2;
            if size == 0 {
                let trailer = std::str::from_utf8(&encoded[at..]).unwrap().to_owned();
                return (data, trailer);
            }
            data.extend_from_slice(&encoded[at..at + size]);
            assert_eq!(&encoded[at + size..at + size + 2], b"\r\n");
            at += size + 2;
        }
    }

    #[test]
    fn aws_chunked_frames_whole_chunks_and_trails_the_checksum() {
        for length in [0usize, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 17] {
            let data: Vec<u8> = (0..length).map(|i| (i % 251) as u8).collect();
            for algorithm in Algorithm::ALL {
                let mut encoded = Vec::new();
                // A reader that gives little at a time still makes whole chunks.
                let reader = std::io::Read::chain(&data[..length / 2], &data[length / 2..]);
                AwsChunked::new(reader, algorithm).read_to_end(&mut encoded).unwrap();
                assert_eq!(encoded.len() as u64, encoded_length(length as u64, algorithm), "{length} {algorithm}");
                let (decoded, trailer) = decode_aws_chunked(&encoded);
                assert_eq!(decoded, data);
                assert_eq!(trailer, format!("{}:{}\r\n\r\n", algorithm.header(), algorithm.of(&data)));
            }
        }
    }

    fn spec(required: bool, algorithm: bool) -> Option<HttpChecksum> {
        Some(HttpChecksum {
            request_required: required,
            request_algorithm: algorithm,
            request_algorithm_header: algorithm.then_some("x-amz-sdk-checksum-algorithm"),
            validation_mode_header: Some("x-amz-checksum-mode"),
            response_algorithms: &["CRC64NVME", "XXHASH64", "CRC32", "SHA256"],
        })
    }

    fn put(body: &[u8]) -> http::Request<Vec<u8>> {
        http::Request::builder().method("PUT").uri("https://s3.example/b/k").body(body.to_vec()).unwrap()
    }

    #[test]
    fn requests_get_the_checksum_their_operation_takes() {
        // By default CRC32, in the header, with the algorithm named.
        let mut request = put(b"123456789");
        on_request(spec(false, true), ChecksumWhen::WhenSupported, &mut request).unwrap();
        assert_eq!(request.headers()["x-amz-checksum-crc32"], "y/Q5Jg==");
        assert_eq!(request.headers()["x-amz-sdk-checksum-algorithm"], "CRC32");
        // Only when required, unless the caller chose an algorithm.
        let mut request = put(b"123456789");
        on_request(spec(false, true), ChecksumWhen::WhenRequired, &mut request).unwrap();
        assert!(request.headers().is_empty());
        let mut request = put(b"123456789");
        request.headers_mut().insert("x-amz-sdk-checksum-algorithm", HeaderValue::from_static("crc32c"));
        on_request(spec(false, true), ChecksumWhen::WhenRequired, &mut request).unwrap();
        assert_eq!(request.headers()["x-amz-checksum-crc32c"], "4waSgw==");
        // Required: CRC32 even without an algorithm member.
        let mut request = put(b"123456789");
        on_request(spec(true, false), ChecksumWhen::WhenRequired, &mut request).unwrap();
        assert_eq!(request.headers()["x-amz-checksum-crc32"], "y/Q5Jg==");
        // A checksum the caller gave is kept; an algorithm the client lacks is refused.
        let mut request = put(b"x");
        request.headers_mut().insert("x-amz-checksum-sha256", HeaderValue::from_static("given"));
        on_request(spec(true, true), ChecksumWhen::WhenSupported, &mut request).unwrap();
        assert_eq!(request.headers().len(), 1);
        let mut request = put(b"x");
        request.headers_mut().insert("x-amz-sdk-checksum-algorithm", HeaderValue::from_static("XXHASH64"));
        let error = on_request(spec(false, true), ChecksumWhen::WhenSupported, &mut request).unwrap_err();
        assert!(error.to_string().starts_with("the request asks for a \"XXHASH64\" checksum"), "{error}");
        // No spec, nothing.
        let mut request = put(b"x");
        on_request(None, ChecksumWhen::WhenSupported, &mut request).unwrap();
        assert!(request.headers().is_empty());
    }

    #[test]
    fn a_stream_is_sent_aws_chunked_with_its_trailer() {
        let data = vec![7u8; 100_000];
        let mut request = put(b"");
        request.headers_mut().insert(http::header::CONTENT_LENGTH, HeaderValue::from(100_000));
        request.extensions_mut().insert(Body::from_reader(std::io::Cursor::new(data.clone()), Some(100_000)));
        on_request(spec(false, true), ChecksumWhen::WhenSupported, &mut request).unwrap();
        let headers = request.headers();
        assert_eq!(headers["content-encoding"], "aws-chunked");
        assert_eq!(headers["x-amz-trailer"], "x-amz-checksum-crc32");
        assert_eq!(headers["x-amz-decoded-content-length"], "100000");
        let body = Body::of_request(&request).unwrap().clone();
        assert_eq!(headers["content-length"].to_str().unwrap(), body.length().unwrap().to_string());
        let mut encoded = Vec::new();
        body.into_reader().unwrap().read_to_end(&mut encoded).unwrap();
        assert_eq!(encoded.len() as u64, encoded_length(100_000, Algorithm::Crc32));
        let (decoded, trailer) = decode_aws_chunked(&encoded);
        assert_eq!(
            (decoded, trailer),
            (data.clone(), format!("x-amz-checksum-crc32:{}\r\n\r\n", Algorithm::Crc32.of(&data)))
        );
    }

    #[test]
    fn responses_are_checked_by_the_first_algorithm_computed() {
        let mut headers = http::HeaderMap::new();
        headers.insert("x-amz-checksum-crc32", HeaderValue::from_static("y/Q5Jg=="));
        headers.insert("x-amz-checksum-sha256", HeaderValue::from_static("other"));
        let (algorithm, expected) = carried(spec(false, false), &headers).unwrap();
        assert_eq!((algorithm, expected.as_str()), (Algorithm::Crc32, "y/Q5Jg=="));
        check(algorithm, &expected, b"123456789").unwrap();
        let error = check(algorithm, &expected, b"12345678").unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("the response's body does not match its checksum: x-amz-checksum-crc32 says y/Q5Jg==")
        );
        // A checksum of parts is not checked.
        headers.insert("x-amz-checksum-crc32", HeaderValue::from_static("abc=-3"));
        assert_eq!(carried(spec(false, false), &headers).map(|(a, _)| a), Some(Algorithm::Sha256));
        // Streams: checked at their end.
        let good = validating(Body::from_reader(&b"123456789"[..], None), Algorithm::Crc32, "y/Q5Jg==".into());
        let mut read = Vec::new();
        good.into_reader().unwrap().read_to_end(&mut read).unwrap();
        let bad = validating(Body::from_reader(&b"123456780"[..], None), Algorithm::Crc32, "y/Q5Jg==".into());
        let error = bad.into_reader().unwrap().read_to_end(&mut Vec::new()).unwrap_err();
        assert_eq!(error.kind(), std::io::ErrorKind::InvalidData);
        // The mode header is set under when_supported, and kept when the caller set it.
        let mut request = put(b"");
        assert!(ask_for_response(spec(false, false), ChecksumWhen::WhenSupported, &mut request));
        assert_eq!(request.headers()["x-amz-checksum-mode"], "ENABLED");
        let mut request = put(b"");
        assert!(!ask_for_response(spec(false, false), ChecksumWhen::WhenRequired, &mut request));
    }
}
