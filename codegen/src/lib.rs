//! shapegen: wire-exact Rust types with serde from AWS API models.
//!
//! The generator is a pipeline, one module per stage:
//!
//! 1. [`read`]: a model file (botocore `service-2.json` or a Smithy JSON AST, or either
//!    gzipped) into the format-neutral [`model::Model`];
//! 2. [`select`]: the shapes reachable from the chosen operations, and which members need a
//!    `Box` to break a cycle;
//! 3. [`names`]: Rust identifiers for shapes, members and enum values;
//! 4. [`emit`]: tokens with `quote` (and `syn` trees for what repeats per member), formatted
//!    with `prettyplease`, in pieces on every core.
//!
//! Beside it, [`docs`] turns the model's HTML documentation into rustdoc Markdown,
//! [`slice`](mod@slice) cuts a model down to what some operations need, [`diff`] compares
//! two versions of an API, and [`corpus`] generates every service of a botocore release.
//!
//! From a build script, use [`Builder`]:
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     shapegen::Builder::new()
//!         .model("spec/guardduty/service-2.json")
//!         .operation("GetFindings")
//!         .file_name("guardduty.rs")
//!         .generate()?;
//!     Ok(())
//! }
//! ```
//!
//! and include the result: `include!(concat!(env!("OUT_DIR"), "/guardduty.rs"));`.
//!
//! [`Settings`] change the generated code: how a missing required member reads
//! ([`RequiredMembers`]), whether strings are owned or borrowed from the body ([`Strings`]),
//! and which structures get builders ([`Builders`]).

#![warn(missing_docs)]

pub mod corpus;
pub mod diff;
pub mod docs;
pub mod emit;
pub mod error;
pub mod jmespath;
pub mod json;
pub mod model;
pub mod names;
pub mod read;
pub mod rules;
#[cfg(feature = "sample")]
pub mod sample;
pub mod select;
pub mod settings;
pub mod slice;
pub mod validate;

use std::path::{Path, PathBuf};

pub use error::{Error, ModelError, Warning, suggest};
pub use read::{Format, Loaded};
pub use settings::{Builders, Operations, RequiredMembers, Settings, Strings};

/// Generated source and the warnings met on the way.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The Rust source.
    pub source: String,
    /// What the reader read past.
    pub warnings: Vec<Warning>,
    /// The instructions a build script prints for cargo: `cargo:rerun-if-changed` for the
    /// model, `cargo:warning` for each warning. [`Builder::generate`] prints them.
    pub cargo: Vec<String>,
}

/// Generates Rust source from a read model: the closure of `operations` and `shapes` (every
/// operation when both are empty).
pub fn generate(
    model: &model::Model,
    operations: &[String],
    shapes: &[String],
    settings: &Settings,
) -> Result<String, Error> {
    let selection = select::select(model, operations, shapes)?;
    emit::generate(model, &selection, settings)
}

/// Reads a model from bytes (JSON or gzip) and generates Rust source for it.
pub fn generate_from_bytes(bytes: &[u8], operations: &[String], settings: &Settings) -> Result<Generated, Error> {
    let loaded = read::load(bytes, None).map_err(|e| e.in_model_file("model", bytes))?;
    let source = generate(&loaded.model, operations, &[], settings).map_err(|e| e.in_model_file("model", bytes))?;
    Ok(Generated { source, warnings: loaded.warnings, cargo: Vec::new() })
}

/// Generates Rust types from a model in a build script, in the style of `prost_build`.
///
/// ```no_run
/// shapegen::Builder::new()
///     .model("spec/guardduty/service-2.json")
///     .operation("GetFindings")
///     .out_dir(std::env::var("OUT_DIR").unwrap())
///     .generate()
///     .unwrap();
/// ```
///
/// It reads only the model it is given, writes only the one output file (and only when its
/// bytes change, so cargo does not rebuild for nothing), prints `cargo:rerun-if-changed` for
/// the model and `cargo:warning` for anything the reader read past, and uses no network.
#[derive(Debug, Clone, Default)]
pub struct Builder {
    model: Option<PathBuf>,
    format: Option<Format>,
    service: Option<String>,
    endpoint_rules: Option<PathBuf>,
    operations: Vec<String>,
    shapes: Vec<String>,
    out_dir: Option<PathBuf>,
    file_name: Option<String>,
    settings: Settings,
    strict: bool,
    quiet: bool,
}

impl Builder {
    /// A builder with default settings.
    pub fn new() -> Self {
        Self::default()
    }

    /// The model file: botocore `service-2.json` or a Smithy JSON AST, or either gzipped.
    pub fn model(&mut self, path: impl AsRef<Path>) -> &mut Self {
        self.model = Some(path.as_ref().to_owned());
        self
    }

    /// The model's format, when it should not be told from the content.
    pub fn format(&mut self, format: Format) -> &mut Self {
        self.format = Some(format);
        self
    }

    /// For a Smithy model with several services: the service to generate, by shape id
    /// (`com.amazonaws.guardduty#GuardDutyAPIService`).
    pub fn service(&mut self, shape_id: impl Into<String>) -> &mut Self {
        self.service = Some(shape_id.into());
        self
    }

    /// The endpoint rule set file (botocore's `endpoint-rule-set-1.json`, or gzipped), for a
    /// botocore model that does not lie beside its own; it replaces the one found there.
    pub fn endpoint_rules(&mut self, path: impl AsRef<Path>) -> &mut Self {
        self.endpoint_rules = Some(path.as_ref().to_owned());
        self
    }

    /// Generates the types of this operation (and what they reach). May be repeated; with
    /// none, every operation of the model.
    pub fn operation(&mut self, name: impl Into<String>) -> &mut Self {
        self.operations.push(name.into());
        self
    }

    /// Generates the types of these operations.
    pub fn operations<I, S>(&mut self, names: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.operations.extend(names.into_iter().map(Into::into));
        self
    }

    /// Also generates this shape and what it reaches, whatever the operations.
    pub fn shape(&mut self, name: impl Into<String>) -> &mut Self {
        self.shapes.push(name.into());
        self
    }

    /// Where to write; by default the build script's `OUT_DIR`.
    pub fn out_dir(&mut self, dir: impl AsRef<Path>) -> &mut Self {
        self.out_dir = Some(dir.as_ref().to_owned());
        self
    }

    /// The output file's name in the output directory; by default the model's SDK id in
    /// snake case with `.rs` (`guard_duty.rs`).
    pub fn file_name(&mut self, name: impl Into<String>) -> &mut Self {
        self.file_name = Some(name.into());
        self
    }

    /// All the settings that change the generated code at once.
    pub fn settings(&mut self, settings: Settings) -> &mut Self {
        self.settings = settings;
        self
    }

    /// How a response that lacks a required member is read (default: lenient).
    pub fn required_members(&mut self, mode: RequiredMembers) -> &mut Self {
        self.settings.required = mode;
        self
    }

    /// How the types hold strings (default: owned `String`s).
    pub fn strings(&mut self, strings: Strings) -> &mut Self {
        self.settings.strings = strings;
        self
    }

    /// Which structures get builders (default: those a request can carry, [`Builders::Requests`]).
    pub fn builders(&mut self, builders: Builders) -> &mut Self {
        self.settings.builders = builders;
        self
    }

    /// Whether operations get request building and response reading (default: generated).
    pub fn http_operations(&mut self, operations: Operations) -> &mut Self {
        self.settings.operations = operations;
        self
    }

    /// Makes every warning (an unknown key in the model, say) an error.
    pub fn strict(&mut self, strict: bool) -> &mut Self {
        self.strict = strict;
        self
    }

    /// Prints no `cargo:` lines (for use outside build scripts; [`Generated::cargo`] still
    /// holds them).
    pub fn quiet(&mut self, quiet: bool) -> &mut Self {
        self.quiet = quiet;
        self
    }

    /// Reads the model and generates the source, writing nothing.
    pub fn generate_source(&self) -> Result<Generated, Error> {
        self.run().map(|(generated, _)| generated)
    }

    /// Generates the source and writes it to the output directory, if its bytes changed.
    /// Returns the file's path.
    pub fn generate(&self) -> Result<PathBuf, Error> {
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR").map(PathBuf::from).ok_or_else(|| {
                Error::Settings("no output directory: call .out_dir(dir) or run in a build script".to_owned())
            })?,
        };
        let result = self.run();
        // The model is watched even when it is broken, so that fixing it reruns the build.
        if !self.quiet
            && let Some(model) = &self.model
        {
            println!("cargo:rerun-if-changed={}", model.display());
        }
        let (generated, file_name) = result?;
        if !self.quiet {
            for line in generated.cargo.iter().filter(|l| !l.starts_with("cargo:rerun-if-changed=")) {
                println!("{line}");
            }
        }
        let path = out_dir.join(file_name);
        write_if_changed(&path, generated.source.as_bytes())?;
        Ok(path)
    }

    /// Reads, selects and emits; returns the source and the output file's name.
    fn run(&self) -> Result<(Generated, String), Error> {
        let path =
            self.model.as_deref().ok_or_else(|| Error::Settings("no model given: call .model(path)".to_owned()))?;
        let file = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| Error::Io { path: path.to_owned(), source })?;
        let mut loaded =
            read::load_file_with_rules(path, self.format, self.service.as_deref(), self.endpoint_rules.as_deref())?;
        loaded.warnings.retain(|warning| warning.concerns(&self.operations));
        if self.strict && !loaded.warnings.is_empty() {
            return Err(Error::Strict { warnings: loaded.warnings });
        }
        let source = generate(&loaded.model, &self.operations, &self.shapes, &self.settings)
            .map_err(|e| e.in_model_file(&file, &bytes))?;
        let mut cargo = vec![format!("cargo:rerun-if-changed={file}")];
        let rules = self.endpoint_rules.clone().or_else(|| read::endpoint_rules_beside(path));
        let beside = [read::paginators_beside(path), read::waiters_beside(path), rules];
        for file in beside.into_iter().flatten() {
            cargo.push(format!("cargo:rerun-if-changed={}", file.display()));
        }
        cargo.extend(loaded.warnings.iter().map(|w| format!("cargo:warning={file}: {w}")));
        let file_name = self.file_name.clone().unwrap_or_else(|| default_file_name(&loaded.model));
        Ok((Generated { source, warnings: loaded.warnings, cargo }, file_name))
    }
}

fn default_file_name(model: &model::Model) -> String {
    let id = model.service.sdk_id.as_deref().unwrap_or("types");
    format!("{}.rs", names::snake(id).text())
}

/// Writes `bytes` to `path` unless the file already holds exactly them.
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    if std::fs::read(path).is_ok_and(|existing| existing == bytes) {
        return Ok(());
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|source| Error::Io { path: parent.to_owned(), source })?;
    }
    std::fs::write(path, bytes).map_err(|source| Error::Io { path: path.to_owned(), source })
}
