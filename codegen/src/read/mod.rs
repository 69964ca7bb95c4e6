//! Reading model files into the format-neutral [`Model`].
//!
//! One module per input format; this one finds the format, inflates gzip, and hands the
//! parsed JSON to the right reader.

pub mod botocore;
mod fields;

use std::io::Read as _;

use crate::error::{Error, Warning};
use crate::json::{self, Json};
use crate::model::Model;

/// A model as read: the neutral model, what the reader read past, and the parsed document.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The model.
    pub model: Model,
    /// Keys and values the reader did not know and read past.
    pub warnings: Vec<Warning>,
    /// The input format.
    pub format: Format,
    /// The parsed document, for format-specific tools such as slicing.
    pub document: Json,
}

/// A model file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// botocore's `service-2.json`.
    Botocore,
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "botocore" => Ok(Format::Botocore),
            other => Err(format!("unknown model format {other:?} (known: botocore)")),
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Format::Botocore => "botocore",
        })
    }
}

/// Largest model accepted after decompression: well above the biggest AWS model (EC2, about
/// 5 MB), far below what would exhaust memory.
const MAX_MODEL_BYTES: u64 = 256 << 20;

/// Decompresses `bytes` if they are gzip; otherwise returns them as they are.
pub fn decompress(bytes: &[u8]) -> Result<std::borrow::Cow<'_, [u8]>, Error> {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Ok(std::borrow::Cow::Borrowed(bytes));
    }
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(bytes)
        .take(MAX_MODEL_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| Error::Format { file: None, message: format!("not valid gzip: {e}") })?;
    if out.len() as u64 > MAX_MODEL_BYTES {
        return Err(Error::Format {
            file: None,
            message: format!("decompresses to more than {} MiB", MAX_MODEL_BYTES >> 20),
        });
    }
    Ok(std::borrow::Cow::Owned(out))
}

/// Tells the format of a parsed model document from its content.
pub fn detect(document: &Json) -> Result<Format, Error> {
    match document {
        Json::Object(_) if document.get("shapes").is_some() && document.get("smithy").is_none() => Ok(Format::Botocore),
        Json::Object(_) if document.get("smithy").is_some() => Err(Error::Format {
            file: None,
            message: "a Smithy JSON AST model; this version of shapegen reads botocore service-2.json models"
                .to_owned(),
        }),
        _ => Err(Error::Format {
            file: None,
            message: "not an API model: expected a botocore service-2.json document (an object with \"shapes\")"
                .to_owned(),
        }),
    }
}

/// Reads a model from its bytes (JSON, or gzip of JSON), in `format` or the one its content
/// shows.
pub fn load(bytes: &[u8], format: Option<Format>) -> Result<Loaded, Error> {
    let bytes = decompress(bytes)?;
    let document = json::parse(&bytes)?;
    let format = match format {
        Some(format) => format,
        None => detect(&document)?,
    };
    let (model, warnings) = match format {
        Format::Botocore => botocore::read(&document)?,
    };
    Ok(Loaded { model, warnings, format, document })
}

/// Reads a model file, attaching the file name and the line and column to any error.
pub fn load_file(path: &std::path::Path, format: Option<Format>) -> Result<Loaded, Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io { path: path.to_owned(), source })?;
    load(&bytes, format).map_err(|e| {
        let text = decompress(&bytes).ok().and_then(|b| String::from_utf8(b.into_owned()).ok());
        e.in_file(&path.display().to_string(), text.as_deref())
    })
}
