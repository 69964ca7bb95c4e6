//! Errors and warnings, each naming the place in the model it is about.

use std::fmt;
use std::path::PathBuf;

use crate::json::{Pointer, Position};

/// Something wrong with a model, at a place in it.
///
/// Displayed in one line: `shapes.Finding.members.Resource.shape: no shape named "Resourse"`.
/// The front ends ([`crate::Builder`], the CLI) add the file and the line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelError {
    /// Where in the model document.
    pub pointer: Pointer,
    /// What is wrong, in one line.
    pub message: String,
}

impl ModelError {
    /// An error at `pointer`.
    pub fn new(pointer: &Pointer, message: impl Into<String>) -> Self {
        ModelError { pointer: pointer.clone(), message: message.into() }
    }
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.pointer, self.message)
    }
}

impl std::error::Error for ModelError {}

/// Something in a model the generator reads past: an unknown key, an unknown protocol.
///
/// A later version of a model format may add keys; they are reported, never dropped silently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Where in the model document.
    pub pointer: Pointer,
    /// What was read past, in one line.
    pub message: String,
    /// The operation the warning is about, when it is about one alone (a paginator it cannot
    /// use): a build that does not select the operation does not report it.
    pub operation: Option<String>,
}

impl Warning {
    /// Whether the warning concerns a build of `operations` (every operation, when empty).
    pub fn concerns(&self, operations: &[String]) -> bool {
        match &self.operation {
            Some(operation) => operations.is_empty() || operations.contains(operation),
            None => true,
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.pointer, self.message)
    }
}

/// Every error the library returns.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// The model is not valid JSON.
    #[error("{}{}: not valid JSON: {message}", file_prefix(file), position_suffix(*position))]
    Syntax {
        /// The model file, when read from one.
        file: Option<String>,
        /// Line and column of the error.
        position: Option<Position>,
        /// What the JSON parser said.
        message: String,
    },
    /// The model is JSON but not a valid model.
    #[error("{}{}: {error}", file_prefix(file), position_suffix(*position))]
    Model {
        /// The model file, when read from one.
        file: Option<String>,
        /// Line and column of the offending value, when known.
        position: Option<Position>,
        /// The error and its place in the model.
        error: ModelError,
    },
    /// The model's format could not be told from its content.
    #[error("{}: {message}", file.as_deref().unwrap_or("model"))]
    Format {
        /// The model file, when read from one.
        file: Option<String>,
        /// Why.
        message: String,
    },
    /// A setting asks for something the model does not have, such as an unknown operation.
    #[error("{0}")]
    Settings(String),
    /// Warnings were reported and the settings make warnings errors.
    #[error("{} warning(s) in strict mode; the first: {}", warnings.len(), warnings.first().map(ToString::to_string).unwrap_or_default())]
    Strict {
        /// Every warning.
        warnings: Vec<Warning>,
    },
    /// The generator produced tokens that are not a Rust file. A bug in shapegen.
    #[error("internal error: generated code does not parse ({0}); please report this with the model")]
    Internal(String),
}

fn file_prefix(file: &Option<String>) -> String {
    file.clone().unwrap_or_else(|| "model".to_owned())
}

fn position_suffix(position: Option<Position>) -> String {
    position.map(|p| format!(":{p}")).unwrap_or_default()
}

impl Error {
    /// A model error with no file attached yet.
    pub(crate) fn model(error: ModelError) -> Self {
        Error::Model { file: None, position: None, error }
    }

    /// Attaches the model's file name and, from its text, the line and column of the error.
    pub fn in_file(self, file: &str, text: Option<&str>) -> Self {
        match self {
            Error::Model { position, error, .. } => {
                let position = position.or_else(|| text.and_then(|t| crate::json::locate(t, &error.pointer)));
                Error::Model { file: Some(file.to_owned()), position, error }
            }
            Error::Syntax { position, message, .. } => Error::Syntax { file: Some(file.to_owned()), position, message },
            Error::Format { message, .. } => Error::Format { file: Some(file.to_owned()), message },
            other => other,
        }
    }
}

impl Error {
    /// Attaches the model's file name and, from the model's bytes (JSON, or gzip of JSON),
    /// the line and column of the error.
    pub fn in_model_file(self, file: &str, bytes: &[u8]) -> Self {
        // Only a model error without a position needs the text, to find its pointer's line.
        let text = match &self {
            Error::Model { position: None, .. } => {
                crate::read::decompress(bytes).ok().and_then(|b| String::from_utf8(b.into_owned()).ok())
            }
            _ => None,
        };
        self.in_file(file, text.as_deref())
    }
}

impl From<ModelError> for Error {
    fn from(error: ModelError) -> Self {
        Error::model(error)
    }
}

impl From<serde_json::Error> for Error {
    fn from(err: serde_json::Error) -> Self {
        let position = (err.line() > 0).then(|| Position { line: err.line(), column: err.column() });
        // serde_json appends " at line L column C"; the position is shown once, in front.
        let mut message = err.to_string();
        if let Some(at) = message.rfind(" at line ") {
            message.truncate(at);
        }
        Error::Syntax { file: None, position, message }
    }
}

/// The name in `candidates` nearest to `name`, if one is near enough to be a likely typo.
pub fn suggest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for candidate in candidates {
        let score = if candidate.eq_ignore_ascii_case(name) {
            1.0
        } else {
            strsim::jaro_winkler(&name.to_ascii_lowercase(), &candidate.to_ascii_lowercase())
        };
        if score >= 0.85 && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// ` (did you mean "X"?)` when a name in `candidates` is near `name`, else nothing: the end of
/// a message about a name the model does not have.
pub(crate) fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    match suggest(name, candidates) {
        Some(near) => format!(" (did you mean {}?)", crate::json::quote_for_message(near)),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn suggests_near_names_only() {
        let names = ["GetFindings", "ListFindings", "Resource"];
        assert_eq!(super::suggest("GetFinding", names), Some("GetFindings"));
        assert_eq!(super::suggest("getfindings", names), Some("GetFindings"));
        assert_eq!(super::suggest("Resourse", names), Some("Resource"));
        assert_eq!(super::suggest("DeleteDetector", names), None);
    }
}
