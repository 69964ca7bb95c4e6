//! The body of a request or a response, as it travels: bytes in memory, or a stream read as
//! it arrives.

use std::fmt;
use std::io::Read;

/// A request's or a response's body: bytes held in memory, or a reader (a file being
/// uploaded, a response being received) with its length when known.
///
/// Bytes can be sent again, which retrying a request needs; a reader cannot.
pub struct Body {
    inner: Inner,
}

enum Inner {
    Bytes(Vec<u8>),
    Reader { reader: Box<dyn Read + Send>, length: Option<u64> },
}

impl Body {
    /// An empty body.
    pub fn empty() -> Body {
        Body::from(Vec::new())
    }

    /// A body read from `reader`, of `length` bytes when known.
    pub fn from_reader(reader: impl Read + Send + 'static, length: Option<u64>) -> Body {
        Body { inner: Inner::Reader { reader: Box::new(reader), length } }
    }

    /// The body's length in bytes, when known.
    pub fn length(&self) -> Option<u64> {
        match &self.inner {
            Inner::Bytes(bytes) => u64::try_from(bytes.len()).ok(),
            Inner::Reader { length, .. } => *length,
        }
    }

    /// The bytes of a body held in memory; `None` for a stream.
    pub fn bytes(&self) -> Option<&[u8]> {
        match &self.inner {
            Inner::Bytes(bytes) => Some(bytes),
            Inner::Reader { .. } => None,
        }
    }

    /// Whether the body can be sent again: it is held in memory.
    pub fn is_replayable(&self) -> bool {
        matches!(self.inner, Inner::Bytes(_))
    }

    /// The body as a reader.
    pub fn into_reader(self) -> Box<dyn Read + Send> {
        match self.inner {
            Inner::Bytes(bytes) => Box::new(std::io::Cursor::new(bytes)),
            Inner::Reader { reader, .. } => reader,
        }
    }

    /// The whole body, read into memory, failing when it is larger than `limit` bytes.
    ///
    /// # Errors
    ///
    /// [`ReadError::TooLarge`] past the limit, [`ReadError::Io`] when reading fails.
    pub fn into_bytes(self, limit: u64) -> Result<Vec<u8>, ReadError> {
        let too_large = |length: u64| length > limit;
        match self.inner {
            Inner::Bytes(bytes) if u64::try_from(bytes.len()).map_or(true, too_large) => {
                Err(ReadError::TooLarge { limit })
            }
            Inner::Bytes(bytes) => Ok(bytes),
            Inner::Reader { length: Some(length), .. } if too_large(length) => Err(ReadError::TooLarge { limit }),
            Inner::Reader { reader, length } => {
                // Room for the length announced, within the limit; a reader may still send more.
                let capacity = length.unwrap_or(0).min(limit).min(1 << 20);
                let mut bytes = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
                reader.take(limit.saturating_add(1)).read_to_end(&mut bytes).map_err(ReadError::Io)?;
                if u64::try_from(bytes.len()).map_or(true, too_large) {
                    return Err(ReadError::TooLarge { limit });
                }
                Ok(bytes)
            }
        }
    }
}

impl From<Vec<u8>> for Body {
    fn from(bytes: Vec<u8>) -> Body {
        Body { inner: Inner::Bytes(bytes) }
    }
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner {
            Inner::Bytes(bytes) => f.debug_struct("Body").field("bytes", &bytes.len()).finish(),
            Inner::Reader { length, .. } => f.debug_struct("Body").field("stream", length).finish(),
        }
    }
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
        let body = Body::from(b"abc".to_vec());
        assert_eq!((body.length(), body.bytes(), body.is_replayable()), (Some(3), Some(&b"abc"[..]), true));
        assert_eq!(body.into_bytes(3).unwrap(), b"abc");
        assert!(matches!(Body::from(b"abcd".to_vec()).into_bytes(3), Err(ReadError::TooLarge { limit: 3 })));
        // A stream: its announced length is checked first, what it sends after.
        let stream = Body::from_reader(&b"abcd"[..], Some(4));
        assert!(!stream.is_replayable() && stream.bytes().is_none());
        assert!(matches!(stream.into_bytes(3), Err(ReadError::TooLarge { .. })));
        let lying = Body::from_reader(&b"abcdef"[..], Some(2));
        assert!(matches!(lying.into_bytes(4), Err(ReadError::TooLarge { limit: 4 })));
        assert_eq!(Body::from_reader(&b"abcd"[..], None).into_bytes(4).unwrap(), b"abcd");
        let mut read = String::new();
        Body::from(b"xyz".to_vec()).into_reader().read_to_string(&mut read).unwrap();
        assert_eq!(read, "xyz");
    }
}
