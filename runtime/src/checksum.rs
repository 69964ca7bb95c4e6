//! The checksums AWS's flexible checksums use (`httpChecksum` in the models): CRC32, CRC32C,
//! CRC64NVME, SHA1 and SHA256, computed over a body as it is written or read, and given as
//! their headers carry them (`x-amz-checksum-crc32: <base64 of the big-endian bytes>`).
//!
//! The CRCs are `crc-fast`'s (the AWS SDKs' own choice), the hashes RustCrypto's `sha1` and
//! `sha2`. Needs the crate feature `checksums`.

use std::fmt;

use base64::Engine as _;
use sha1::Digest as _;

/// A checksum algorithm of AWS's flexible checksums.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Algorithm {
    /// CRC-32 (ISO-HDLC): the SDKs' default.
    Crc32,
    /// CRC-32C (Castagnoli).
    Crc32c,
    /// CRC-64/NVME.
    Crc64Nvme,
    /// SHA-1.
    Sha1,
    /// SHA-256.
    Sha256,
}

impl Algorithm {
    /// Every algorithm: the CRCs, then the hashes.
    pub const ALL: [Algorithm; 5] =
        [Algorithm::Crc64Nvme, Algorithm::Crc32c, Algorithm::Crc32, Algorithm::Sha1, Algorithm::Sha256];

    /// The algorithm a model or a request names (`CRC32`, `crc64nvme`, ...), in any case.
    pub fn from_name(name: &str) -> Option<Algorithm> {
        Algorithm::ALL.into_iter().find(|algorithm| algorithm.name().eq_ignore_ascii_case(name))
    }

    /// Its name, as the models and `x-amz-sdk-checksum-algorithm` write it.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Crc32 => "CRC32",
            Algorithm::Crc32c => "CRC32C",
            Algorithm::Crc64Nvme => "CRC64NVME",
            Algorithm::Sha1 => "SHA1",
            Algorithm::Sha256 => "SHA256",
        }
    }

    /// The header (or trailer) that carries it.
    pub fn header(self) -> &'static str {
        match self {
            Algorithm::Crc32 => "x-amz-checksum-crc32",
            Algorithm::Crc32c => "x-amz-checksum-crc32c",
            Algorithm::Crc64Nvme => "x-amz-checksum-crc64nvme",
            Algorithm::Sha1 => "x-amz-checksum-sha1",
            Algorithm::Sha256 => "x-amz-checksum-sha256",
        }
    }

    /// A checksum of nothing yet, to feed a body to.
    pub fn checksum(self) -> Checksum {
        let state = match self {
            Algorithm::Crc32 => State::Crc(crc_fast::Digest::new(crc_fast::CrcAlgorithm::Crc32IsoHdlc), 4),
            Algorithm::Crc32c => State::Crc(crc_fast::Digest::new(crc_fast::CrcAlgorithm::Crc32Iscsi), 4),
            Algorithm::Crc64Nvme => State::Crc(crc_fast::Digest::new(crc_fast::CrcAlgorithm::Crc64Nvme), 8),
            Algorithm::Sha1 => State::Sha1(sha1::Sha1::new()),
            Algorithm::Sha256 => State::Sha256(sha2::Sha256::new()),
        };
        Checksum { algorithm: self, state }
    }

    /// The header value of `bytes`' checksum.
    pub fn of(self, bytes: &[u8]) -> String {
        let mut checksum = self.checksum();
        checksum.update(bytes);
        checksum.header_value()
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A checksum being computed: fed a body piece by piece, then finished.
#[derive(Clone)]
pub struct Checksum {
    algorithm: Algorithm,
    state: State,
}

#[derive(Clone)]
enum State {
    /// A CRC, and its width in bytes.
    Crc(crc_fast::Digest, usize),
    Sha1(sha1::Sha1),
    Sha256(sha2::Sha256),
}

impl Checksum {
    /// Its algorithm.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// Adds the next bytes of the body.
    pub fn update(&mut self, bytes: &[u8]) {
        match &mut self.state {
            State::Crc(digest, _) => digest.update(bytes),
            State::Sha1(hasher) => hasher.update(bytes),
            State::Sha256(hasher) => hasher.update(bytes),
        }
    }

    /// The checksum's bytes, big-endian for a CRC.
    pub fn finish(self) -> Vec<u8> {
        match self.state {
            State::Crc(digest, width) => digest.finalize().to_be_bytes()[8 - width..].to_vec(),
            State::Sha1(hasher) => hasher.finalize().to_vec(),
            State::Sha256(hasher) => hasher.finalize().to_vec(),
        }
    }

    /// The checksum as its header carries it: its bytes in base64.
    pub fn header_value(self) -> String {
        base64::engine::general_purpose::STANDARD.encode(self.finish())
    }
}

impl fmt::Debug for Checksum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Checksum").field("algorithm", &self.algorithm).finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogues_check_values_as_aws_headers_write_them() {
        // The CRC catalogue's check values (of "123456789") and FIPS 180's "abc", in base64.
        let cases = [
            (Algorithm::Crc32, &b"123456789"[..], "y/Q5Jg=="),    // 0xCBF43926
            (Algorithm::Crc32c, b"123456789", "4waSgw=="),        // 0xE3069283
            (Algorithm::Crc64Nvme, b"123456789", "rosUhgp5mIg="), // 0xAE8B14860A799888
            (Algorithm::Sha1, b"abc", "qZk+NkcGgWq6PiVxeFDCbJzQ2J0="),
            (Algorithm::Sha256, b"abc", "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="),
        ];
        for (algorithm, input, expected) in cases {
            assert_eq!(algorithm.of(input), expected, "{algorithm}");
            // Fed in pieces, the same.
            let mut checksum = algorithm.checksum();
            for piece in input.chunks(2) {
                checksum.update(piece);
            }
            assert_eq!(checksum.header_value(), expected, "{algorithm} in pieces");
        }
        // Of nothing: CRCs of zero, as the SDKs send for an empty body.
        assert_eq!(Algorithm::Crc32.of(b""), "AAAAAA==");
    }

    #[test]
    fn names_and_headers() {
        for algorithm in Algorithm::ALL {
            assert_eq!(Algorithm::from_name(&algorithm.name().to_lowercase()), Some(algorithm));
            assert_eq!(algorithm.header(), format!("x-amz-checksum-{}", algorithm.name().to_lowercase()));
        }
        assert_eq!(Algorithm::from_name("MD5"), None);
    }
}
