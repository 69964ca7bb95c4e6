//! The `shapegen` command line.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use shapegen::{Error, Format, RequiredMembers, Settings, read};

/// The GetFindings model shipped in `spec/guardduty/`, the default input of `generate`.
const DEFAULT_MODEL: &[u8] = include_bytes!("../../spec/guardduty/service-2.json");
const DEFAULT_MODEL_NAME: &str = "spec/guardduty/service-2.json (built in)";

/// Wire-exact Rust types with serde from AWS API models.
#[derive(Parser)]
#[command(name = "shapegen", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generates Rust types for a model's operations and prints or writes the source.
    Generate(GenerateArgs),
    /// Writes the part of a model some operations need, in the model's own format.
    Slice(SliceArgs),
}

#[derive(Args)]
struct Input {
    /// The model's format; by default told from its content.
    #[arg(long, value_name = "FORMAT")]
    format: Option<Format>,
    /// Make warnings (such as keys the reader does not know) errors.
    #[arg(long)]
    strict: bool,
}

#[derive(Args)]
struct GenerateArgs {
    /// The model: botocore service-2.json, or .json.gz. Default: the GuardDuty GetFindings
    /// model shipped with shapegen.
    model: Option<PathBuf>,
    /// Generate this operation's types (repeatable). Default: every operation.
    #[arg(long = "operation", value_name = "NAME")]
    operations: Vec<String>,
    /// Also generate this shape and what it reaches (repeatable).
    #[arg(long = "shape", value_name = "NAME")]
    shapes: Vec<String>,
    /// Write to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Fail to read a response that lacks a required member, instead of reading it as its
    /// zero value.
    #[arg(long)]
    strict_required: bool,
    #[command(flatten)]
    input: Input,
}

#[derive(Args)]
struct SliceArgs {
    /// The model: botocore service-2.json, or .json.gz.
    model: PathBuf,
    /// Keep this operation and what it reaches (repeatable, at least one).
    #[arg(long = "operation", value_name = "NAME", required = true)]
    operations: Vec<String>,
    /// Write to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    input: Input,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Generate(args) => generate(args),
        Command::Slice(args) => slice(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

/// Reads a model file, or the built-in model; reports warnings on standard error.
fn load(path: Option<&PathBuf>, input: &Input) -> Result<(read::Loaded, String, Vec<u8>), Error> {
    let (bytes, name) = match path {
        Some(path) => {
            let bytes = std::fs::read(path).map_err(|source| Error::Io { path: path.clone(), source })?;
            (bytes, path.display().to_string())
        }
        None => (DEFAULT_MODEL.to_vec(), DEFAULT_MODEL_NAME.to_owned()),
    };
    let loaded = read::load(&bytes, input.format).map_err(|e| in_file(e, &name, &bytes))?;
    for warning in &loaded.warnings {
        eprintln!("warning: {name}: {warning}");
    }
    if input.strict && !loaded.warnings.is_empty() {
        return Err(Error::Strict { warnings: loaded.warnings });
    }
    Ok((loaded, name, bytes))
}

fn in_file(err: Error, name: &str, bytes: &[u8]) -> Error {
    let text = read::decompress(bytes).ok().and_then(|b| String::from_utf8(b.into_owned()).ok());
    err.in_file(name, text.as_deref())
}

fn generate(args: GenerateArgs) -> Result<(), Error> {
    let (loaded, name, bytes) = load(args.model.as_ref(), &args.input)?;
    let settings =
        Settings { required: if args.strict_required { RequiredMembers::Strict } else { RequiredMembers::Lenient } };
    let source = shapegen::generate(&loaded.model, &args.operations, &args.shapes, &settings)
        .map_err(|e| in_file(e, &name, &bytes))?;
    output(args.output.as_ref(), source.as_bytes())
}

fn slice(args: SliceArgs) -> Result<(), Error> {
    let (loaded, name, bytes) = load(Some(&args.model), &args.input)?;
    let sliced = shapegen::slice::slice(&loaded, &args.operations).map_err(|e| in_file(e, &name, &bytes))?;
    output(args.output.as_ref(), sliced.to_pretty_string().as_bytes())
}

fn output(path: Option<&PathBuf>, bytes: &[u8]) -> Result<(), Error> {
    match path {
        Some(path) => shapegen::write_if_changed(path, bytes),
        None => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`shapegen generate | head`) is not an error worth reporting.
            match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    Err(Error::Io { path: PathBuf::from("<stdout>"), source: e })
                }
                _ => Ok(()),
            }
        }
    }
}
