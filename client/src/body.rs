//! The body of a request or a response, as it travels: the runtime's [`Body`] (bytes in
//! memory, a blocking reader, an async body), which the client sends and receives without
//! holding a stream whole.

use std::fmt;
use std::io::Read;
use std::path::Path;

pub use shapegen_runtime::body::{Body, BodyError, Source};

/// The file at `path` as a body: its length from the file system, opened anew each time the
/// body is read, so that a failed attempt is retried with the whole file and a signer may
/// read it to hash it.
///
/// # Errors
///
/// The file's metadata could not be read (it does not exist, or is not a file).
pub fn from_file(path: impl AsRef<Path>) -> std::io::Result<Body> {
    let path = path.as_ref().to_owned();
    let metadata = std::fs::metadata(&path)?;
    if !metadata.is_file() {
        return Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, format!("{} is not a file", path.display())));
    }
    Ok(Body::from_fn(Some(metadata.len()), move || {
        Ok(Box::new(std::io::BufReader::with_capacity(64 * 1024, std::fs::File::open(&path)?)))
    }))
}

/// The whole of `body`, read into memory, failing when it is larger than `limit` bytes.
///
/// # Errors
///
/// [`ReadError::TooLarge`] past the limit, [`ReadError::Io`] when reading fails or the body
/// cannot be read blocking (an async stream, a stream read already).
pub fn read_to_vec(body: Body, limit: u64) -> Result<Vec<u8>, ReadError> {
    let too_large = |length: u64| length > limit;
    if let Some(bytes) = body.bytes() {
        if u64::try_from(bytes.len()).map_or(true, too_large) {
            return Err(ReadError::TooLarge { limit });
        }
        return Ok(bytes.to_vec());
    }
    let length = body.length();
    if length.is_some_and(too_large) {
        return Err(ReadError::TooLarge { limit });
    }
    let reader = body.into_reader().map_err(|error| ReadError::Io(std::io::Error::other(error)))?;
    // Room for the length announced, within the limit; a reader may still send more.
    let capacity = length.unwrap_or(0).min(limit).min(1 << 20);
    let mut bytes = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
    reader.take(limit.saturating_add(1)).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    if u64::try_from(bytes.len()).map_or(true, too_large) {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(bytes)
}

/// The whole of `body`, read into memory as its frames arrive (from async code), failing when
/// it is larger than `limit` bytes.
///
/// # Errors
///
/// As [`read_to_vec`]'s: a blocking reader cannot be read here.
#[cfg(feature = "async")]
pub async fn collect(body: Body, limit: u64) -> Result<Vec<u8>, ReadError> {
    if body.bytes().is_some() {
        return read_to_vec(body, limit);
    }
    let body = body.into_async().map_err(|error| ReadError::Io(std::io::Error::other(error)))?;
    read_frames(body, limit).await
}

/// The frames of `body`, gathered, failing past `limit` bytes. (Read frame by frame, rather
/// than through `http_body_util::Limited`, whose error conversion the compiler cannot prove
/// `Send` for every lifetime of a call's input.)
#[cfg(feature = "async")]
pub(crate) async fn read_frames<B>(mut body: B, limit: u64) -> Result<Vec<u8>, ReadError>
where
    B: http_body::Body<Data = bytes::Bytes> + Unpin,
    B::Error: fmt::Display,
{
    use http_body_util::BodyExt as _;
    let mut bytes = Vec::new();
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|error| ReadError::Io(std::io::Error::other(error.to_string())))?;
        if let Ok(data) = frame.into_data() {
            if u64::try_from(bytes.len() + data.len()).map_or(true, |length| length > limit) {
                return Err(ReadError::TooLarge { limit });
            }
            bytes.extend_from_slice(&data);
        }
    }
    Ok(bytes)
}

/// A body that could not be read into memory.
#[derive(Debug)]
#[non_exhaustive]
pub enum ReadError {
    /// The body is larger than the limit, in bytes.
    TooLarge {
        /// The limit.
        limit: u64,
    },
    /// Reading failed.
    Io(std::io::Error),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::TooLarge { limit } => write!(f, "the body is larger than {limit} bytes, the most read"),
            ReadError::Io(error) => write!(f, "reading the body: {error}"),
        }
    }
}

impl std::error::Error for ReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ReadError::Io(error) => Some(error),
            ReadError::TooLarge { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_read_within_the_limit() {
        assert_eq!(read_to_vec(Body::from(b"abc".to_vec()), 3).unwrap(), b"abc");
        assert!(matches!(read_to_vec(Body::from(b"abcd".to_vec()), 3), Err(ReadError::TooLarge { limit: 3 })));
        // A stream: its announced length is checked first, what it sends after.
        let stream = Body::from_reader(&b"abcd"[..], Some(4));
        assert!(matches!(read_to_vec(stream, 3), Err(ReadError::TooLarge { .. })));
        let lying = Body::from_reader(&b"abcdef"[..], Some(2));
        assert!(matches!(read_to_vec(lying, 4), Err(ReadError::TooLarge { limit: 4 })));
        assert_eq!(read_to_vec(Body::from_reader(&b"abcd"[..], None), 4).unwrap(), b"abcd");
        // A stream read already says so.
        let stream = Body::from_reader(&b"abcd"[..], None);
        let _ = stream.take();
        let error = read_to_vec(stream, 4).unwrap_err();
        assert!(error.to_string().contains("read already"), "{error}");
    }

    #[test]
    fn a_file_is_opened_for_each_reading() {
        let dir = std::env::temp_dir().join(format!("shapegen-body-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("object");
        std::fs::write(&path, b"file contents").unwrap();
        let body = from_file(&path).unwrap();
        assert_eq!((body.length(), body.is_replayable()), (Some(13), true));
        assert_eq!(read_to_vec(body.clone(), 100).unwrap(), b"file contents");
        assert_eq!(read_to_vec(body, 100).unwrap(), b"file contents");
        assert!(from_file(&dir).unwrap_err().to_string().ends_with("is not a file"));
        assert_eq!(from_file(dir.join("missing")).unwrap_err().kind(), std::io::ErrorKind::NotFound);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
