//! The `shapegen` command line.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use shapegen::{Builders, Error, Format, Operations, RequiredMembers, Settings, Strings, read};

// Generation builds and drops millions of small token trees; mimalloc allocates them in a
// fraction of the system allocator's time, on every thread of the corpus job.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The GetFindings model shipped in `spec/guardduty/`, the default input of `generate`.
/// (`codegen/spec` links to the workspace's spec/ folder, and is packaged with the crate.)
const DEFAULT_MODEL: &[u8] = include_bytes!("../spec/guardduty/service-2.json");
const DEFAULT_PAGINATORS: &[u8] = include_bytes!("../spec/guardduty/paginators-1.json");
const DEFAULT_ENDPOINT_RULES: &[u8] = include_bytes!("../spec/guardduty/endpoint-rule-set-1.json");
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
    /// Compares two models of one API: the change log, and what changes for the generated
    /// crate.
    Diff(DiffArgs),
    /// Regenerates and compares with committed files (generated sources or insta snapshots
    /// of them); fails with a unified diff when one is stale.
    Check(CheckArgs),
    /// Generates every service of a botocore data folder and reports on each.
    Corpus(CorpusArgs),
    /// Prints random wire JSON for a shape: example payloads for tests.
    Sample(SampleArgs),
}

#[derive(Args)]
struct SampleArgs {
    /// The model: botocore service-2.json, or .json.gz.
    model: PathBuf,
    /// The shape, such as `GetFindingsRequest`.
    shape: String,
    /// Start from this seed, to get the same samples again (default: from the clock, printed
    /// on standard error).
    #[arg(long, value_name = "N")]
    seed: Option<u64>,
    /// How many samples to print, one per line.
    #[arg(short = 'n', long, value_name = "N", default_value_t = 1)]
    count: u64,
    /// Print each sample on one line instead of indented.
    #[arg(long)]
    compact: bool,
    /// Values as services typically send them (every optional member, plain words, moderate
    /// numbers, listed enum values) instead of edge cases: bodies for benchmarks.
    #[arg(long)]
    realistic: bool,
    #[command(flatten)]
    input: Input,
}

#[derive(Args)]
struct Input {
    /// The model's format (botocore or smithy); by default told from its content.
    #[arg(long, value_name = "FORMAT")]
    model_format: Option<Format>,
    /// For a Smithy model with several services: the service's shape id.
    #[arg(long, value_name = "SHAPE_ID")]
    service: Option<String>,
    /// A botocore endpoint rule set (endpoint-rule-set-1.json) for the model, in place of the
    /// one beside it.
    #[arg(long, value_name = "FILE")]
    endpoint_rules: Option<PathBuf>,
    /// Make warnings (such as keys the reader does not know) errors.
    #[arg(long)]
    strict: bool,
}

#[derive(Args)]
struct GenerateArgs {
    /// The model: botocore service-2.json or a Smithy JSON AST, or either as .json.gz.
    /// Default: the GuardDuty GetFindings model shipped with shapegen.
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
    #[command(flatten)]
    settings: SettingsArgs,
    /// The model's format, as --model-format.
    #[arg(long, value_name = "FORMAT", conflicts_with = "model_format")]
    format: Option<Format>,
    #[command(flatten)]
    input: Input,
}

#[derive(Args)]
struct SliceArgs {
    /// The model: botocore service-2.json or a Smithy JSON AST, or either as .json.gz.
    model: PathBuf,
    /// Keep this operation and what it reaches (repeatable, at least one).
    #[arg(long = "operation", value_name = "NAME", required = true)]
    operations: Vec<String>,
    /// Write to FILE instead of standard output; a botocore model's paginators-1.json, if it
    /// has one beside it, is cut to the same operations and written beside FILE.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// The model's format, as --model-format.
    #[arg(long, value_name = "FORMAT", conflicts_with = "model_format")]
    format: Option<Format>,
    #[command(flatten)]
    input: Input,
}

#[derive(Args)]
struct DiffArgs {
    /// The old model.
    old: PathBuf,
    /// The new model.
    new: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: DiffFormat,
    /// Exit with status 1 when the diff has a change of this class.
    #[arg(long, value_enum, value_name = "CLASS")]
    deny: Option<DenyClass>,
    #[command(flatten)]
    input: Input,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum DiffFormat {
    /// The change log and the classified changes, for people.
    Text,
    /// The same as JSON, for tools.
    Json,
    /// The verdict, the change log and the classified changes as Markdown, for a pull request
    /// comment (long parts fold into collapsible sections).
    Markdown,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum DenyClass {
    /// Changes that break code using the generated crate.
    Breaking,
}

#[derive(Args)]
struct CheckArgs {
    /// The committed files: generated Rust, or insta snapshots (`.snap`) of it.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// The model they were generated from. Default: the GuardDuty GetFindings model shipped
    /// with shapegen.
    #[arg(long)]
    model: Option<PathBuf>,
    /// The operations they were generated for (repeatable). Default: every operation.
    #[arg(long = "operation", value_name = "NAME")]
    operations: Vec<String>,
    /// The shapes they were generated for, besides the operations' (repeatable).
    #[arg(long = "shape", value_name = "NAME")]
    shapes: Vec<String>,
    /// The settings they were generated with.
    #[command(flatten)]
    settings: SettingsArgs,
    #[command(flatten)]
    input: Input,
}

/// The settings that change the generated code, as `generate` and `check` take them.
#[derive(Args)]
struct SettingsArgs {
    /// Fail to read a response that lacks a required member, instead of reading it as its
    /// zero value.
    #[arg(long)]
    strict_required: bool,
    /// Hold strings as `Cow<'a, str>` borrowed from the body, instead of `String`.
    #[arg(long)]
    borrowed_strings: bool,
    /// Generate no builders (`Struct::builder()`, the `builders` module). By default, the
    /// structures a request can carry have builders; those only responses carry have none.
    #[arg(long, conflicts_with = "all_builders")]
    no_builders: bool,
    /// Give every structure a builder, those only responses carry too.
    #[arg(long)]
    all_builders: bool,
    /// Generate types only: no `operations` module (request building, response reading).
    #[arg(long)]
    no_operations: bool,
}

impl SettingsArgs {
    fn settings(&self) -> Settings {
        Settings {
            required: if self.strict_required { RequiredMembers::Strict } else { RequiredMembers::Lenient },
            strings: if self.borrowed_strings { Strings::Borrowed } else { Strings::Owned },
            builders: match (self.no_builders, self.all_builders) {
                (true, _) => Builders::Omitted,
                (false, true) => Builders::All,
                (false, false) => Builders::Requests,
            },
            operations: if self.no_operations { Operations::Omitted } else { Operations::Generated },
        }
    }
}

#[derive(Args)]
struct CorpusArgs {
    /// A botocore data folder (`botocore/data` of an unpacked release): one folder per service,
    /// one per API version; the newest version of each is generated.
    data: PathBuf,
    /// Write each service's source to DIR/SERVICE.rs.
    #[arg(short, long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Threads to use (default: one per core).
    #[arg(short, long, value_name = "N", default_value_t = 0)]
    jobs: usize,
    /// Skip parsing each output with syn.
    #[arg(long)]
    no_check: bool,
    /// Only the services whose folder name contains this (repeatable).
    #[arg(long = "service", value_name = "NAME")]
    services: Vec<String>,
    /// Count warnings (such as keys the reader does not know) as failures.
    #[arg(long)]
    strict: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Generate(args) => generate(args),
        Command::Slice(args) => slice(args),
        Command::Diff(args) => diff(args),
        Command::Check(args) => check(args),
        Command::Corpus(args) => corpus(args).map(|()| Outcome::Done),
        Command::Sample(args) => sample(args).map(|()| Outcome::Done),
    };
    match result {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::Failed(message)) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

/// Reads a model file (and botocore's paginators beside it), or the built-in model; reports
/// warnings on standard error.
fn load(
    path: Option<&PathBuf>,
    input: &Input,
    operations: &[String],
) -> Result<(read::Loaded, String, Vec<u8>), Error> {
    let (loaded, bytes, name) = match path {
        Some(path) => {
            let bytes = std::fs::read(path).map_err(|source| Error::Io { path: path.clone(), source })?;
            let loaded = read::load_file_with_rules(
                path,
                input.model_format,
                input.service.as_deref(),
                input.endpoint_rules.as_deref(),
            )?;
            (loaded, bytes, path.display().to_string())
        }
        None => {
            let name = DEFAULT_MODEL_NAME.to_owned();
            let mut loaded = read::load_service(DEFAULT_MODEL, input.model_format, input.service.as_deref())
                .map_err(|e| e.in_model_file(&name, DEFAULT_MODEL))?;
            let paginators = shapegen::json::parse(DEFAULT_PAGINATORS)?;
            loaded.warnings.extend(read::botocore::read_paginators(&mut loaded.model, &paginators)?);
            match &input.endpoint_rules {
                Some(rules) => read::read_endpoint_rules(&mut loaded, rules)?,
                None => {
                    let rules_name = "spec/guardduty/endpoint-rule-set-1.json (built in)";
                    read::endpoint_rules_from_bytes(&mut loaded, DEFAULT_ENDPOINT_RULES, rules_name)?;
                }
            }
            (loaded, DEFAULT_MODEL.to_vec(), name)
        }
    };
    let mut loaded = loaded;
    loaded.warnings.retain(|warning| warning.concerns(operations));
    for warning in &loaded.warnings {
        eprintln!("warning: {name}: {warning}");
    }
    if input.strict && !loaded.warnings.is_empty() {
        return Err(Error::Strict { warnings: loaded.warnings });
    }
    Ok((loaded, name, bytes))
}

/// How a command that ran went: done, or failed with a message (a stale file, a denied
/// change) after printing its result.
enum Outcome {
    Done,
    Failed(String),
}

fn generate(mut args: GenerateArgs) -> Result<Outcome, Error> {
    args.input.model_format = args.format.or(args.input.model_format);
    let (loaded, name, bytes) = load(args.model.as_ref(), &args.input, &args.operations)?;
    let settings = args.settings.settings();
    let source = shapegen::generate(&loaded.model, &args.operations, &args.shapes, &settings)
        .map_err(|e| e.in_model_file(&name, &bytes))?;
    output(args.output.as_ref(), source.as_bytes())?;
    Ok(Outcome::Done)
}

fn slice(mut args: SliceArgs) -> Result<Outcome, Error> {
    args.input.model_format = args.format.or(args.input.model_format);
    let (loaded, name, bytes) = load(Some(&args.model), &args.input, &args.operations)?;
    let sliced = shapegen::slice::slice(&loaded, &args.operations).map_err(|e| e.in_model_file(&name, &bytes))?;
    output(args.output.as_ref(), sliced.to_pretty_string().as_bytes())?;
    // botocore's paginators beside the model go beside the slice, cut to the same operations.
    if let (Some(out), Some(paginators)) = (&args.output, read::paginators_beside(&args.model)) {
        let bytes = std::fs::read(&paginators).map_err(|source| Error::Io { path: paginators.clone(), source })?;
        let document = shapegen::json::parse(&read::decompress(&bytes)?)?;
        let cut = shapegen::slice::slice_paginators(&document, &args.operations);
        let beside = out.with_file_name("paginators-1.json");
        shapegen::write_if_changed(&beside, cut.to_pretty_string().as_bytes())?;
    }
    // And its waiters, those of the same operations.
    if let (Some(out), Some(waiters)) = (&args.output, read::waiters_beside(&args.model)) {
        let bytes = std::fs::read(&waiters).map_err(|source| Error::Io { path: waiters.clone(), source })?;
        let document = shapegen::json::parse(&read::decompress(&bytes)?)?;
        let cut = shapegen::slice::slice_waiters(&document, &args.operations);
        let beside = out.with_file_name("waiters-2.json");
        shapegen::write_if_changed(&beside, cut.to_pretty_string().as_bytes())?;
    }
    // And its endpoint rule set, whole: the rules do not depend on the operations.
    if let (Some(out), Some(rules)) = (&args.output, read::endpoint_rules_beside(&args.model)) {
        let bytes = std::fs::read(&rules).map_err(|source| Error::Io { path: rules.clone(), source })?;
        let document = shapegen::json::parse(&read::decompress(&bytes)?)?;
        let beside = out.with_file_name("endpoint-rule-set-1.json");
        shapegen::write_if_changed(&beside, document.to_pretty_string().as_bytes())?;
    }
    Ok(Outcome::Done)
}

fn diff(args: DiffArgs) -> Result<Outcome, Error> {
    let (old, old_name, old_bytes) = load(Some(&args.old), &args.input, &[])?;
    let (new, new_name, new_bytes) = load(Some(&args.new), &args.input, &[])?;
    // Each model's own errors (a cycle no type can hold, say) are reported against its file.
    shapegen::select::select(&old.model, &[], &[]).map_err(|e| e.in_model_file(&old_name, &old_bytes))?;
    shapegen::select::select(&new.model, &[], &[]).map_err(|e| e.in_model_file(&new_name, &new_bytes))?;
    let diff = shapegen::diff::diff(&old.model, &new.model)?;
    let text = match args.format {
        DiffFormat::Text => diff.to_text(),
        DiffFormat::Markdown => diff.to_markdown(),
        DiffFormat::Json => {
            let mut json = serde_json::to_string_pretty(&diff).map_err(Error::from)?;
            json.push('\n');
            json
        }
    };
    output(None, text.as_bytes())?;
    match args.deny {
        Some(DenyClass::Breaking) if diff.has_breaking() => {
            let n = diff.changes.iter().filter(|c| c.breaking).count();
            Ok(Outcome::Failed(format!("error: {n} breaking change(s), denied by --deny breaking")))
        }
        _ => Ok(Outcome::Done),
    }
}

fn check(args: CheckArgs) -> Result<Outcome, Error> {
    let (loaded, name, bytes) = load(args.model.as_ref(), &args.input, &args.operations)?;
    let settings = args.settings.settings();
    let source = shapegen::generate(&loaded.model, &args.operations, &args.shapes, &settings)
        .map_err(|e| e.in_model_file(&name, &bytes))?;
    let mut stale = Vec::new();
    for file in &args.files {
        let committed = std::fs::read_to_string(file).map_err(|source| Error::Io { path: file.clone(), source })?;
        let is_snapshot = file.extension().is_some_and(|e| e == "snap");
        let committed_source = if is_snapshot { snapshot_contents(&committed) } else { committed.as_str() };
        if committed_source.trim_end() != source.trim_end() {
            let diff = similar::TextDiff::from_lines(committed_source.trim_end(), source.trim_end());
            let shown = file.display().to_string();
            print!("{}", diff.unified_diff().context_radius(3).header(&shown, "regenerated"));
            println!();
            stale.push(shown);
        }
    }
    if stale.is_empty() {
        Ok(Outcome::Done)
    } else {
        Ok(Outcome::Failed(format!(
            "error: {} stale: regenerate, or review the snapshot changes with `cargo insta review`",
            stale.join(", ")
        )))
    }
}

/// The contents of an insta snapshot file: what follows its `---` metadata header.
fn snapshot_contents(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("---\n") else { return text };
    match rest.find("\n---\n") {
        Some(end) => &rest[end + 5..],
        None => text,
    }
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

fn corpus(args: CorpusArgs) -> Result<(), Error> {
    use shapegen::corpus;
    let start = std::time::Instant::now();
    let mut files = corpus::discover(&args.data)?;
    if !args.services.is_empty() {
        files.retain(|f| args.services.iter().any(|s| f.service.contains(s.as_str())));
    }
    if files.is_empty() {
        return Err(Error::Settings(format!("no service models under {}", args.data.display())));
    }
    let options = corpus::Options {
        jobs: args.jobs,
        settings: Settings::default(),
        keep_source: args.output.is_some(),
        check: !args.no_check,
    };
    // Drawn on standard error, and only when it is a terminal.
    let bar = indicatif::ProgressBar::new(files.len() as u64).with_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} services, {elapsed} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let output = args.output.as_deref();
    let write_errors = std::sync::Mutex::new(Vec::new());
    let mut reports = corpus::run(&files, &options, &|report| {
        if let (Some(dir), Some(source)) = (output, &report.source)
            && let Err(e) =
                shapegen::write_if_changed(&dir.join(format!("{}.rs", report.file.service)), source.as_bytes())
        {
            write_errors.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(e);
        }
        bar.set_message(report.file.service.clone());
        bar.inc(1);
    });
    bar.finish_and_clear();
    let wall = start.elapsed();
    if let Some(e) = write_errors.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner).into_iter().next() {
        return Err(e);
    }

    let mut out = std::io::stdout().lock();
    let mut table = String::new();
    table.push_str(&format!(
        "{:<36} {:<12} {:<18} {:>6} {:>7} {:>9} {:>8} {:>8}  {}\n",
        "service", "version", "protocol", "ops", "shapes", "lines", "ms", "warnings", "result"
    ));
    let (mut failed, mut lines, mut shapes, mut cpu) = (0, 0, 0, std::time::Duration::ZERO);
    for report in &mut reports {
        let failure = match (&report.error, args.strict && !report.warnings.is_empty()) {
            (Some(error), _) => Some(error.to_string()),
            (None, true) => Some(format!("{} warning(s); the first: {}", report.warnings.len(), report.warnings[0])),
            (None, false) => None,
        };
        failed += usize::from(failure.is_some());
        lines += report.lines;
        shapes += report.shapes;
        cpu += report.time;
        table.push_str(&format!(
            "{:<36} {:<12} {:<18} {:>6} {:>7} {:>9} {:>8} {:>8}  {}\n",
            report.file.service,
            report.file.version,
            report.protocol.as_deref().unwrap_or("-"),
            report.operations,
            report.shapes,
            report.lines,
            report.time.as_millis(),
            report.warnings.len(),
            failure.as_deref().unwrap_or("ok"),
        ));
        for warning in &report.warnings {
            eprintln!("warning: {}: {warning}", report.file.path.display());
        }
    }
    table.push_str(&format!(
        "{} services: {} generated{}, {} failed; {shapes} shapes, {lines} lines of Rust; {:.1} s on {} thread(s) ({:.1} s of work)\n",
        reports.len(),
        reports.len() - failed,
        if options.check { " and parsed with syn" } else { "" },
        failed,
        wall.as_secs_f64(),
        match args.jobs {
            0 => std::thread::available_parallelism().map_or(1, usize::from),
            n => n,
        }
        .min(reports.len()),
        cpu.as_secs_f64(),
    ));
    let _ = out.write_all(table.as_bytes());
    let _ = out.flush();
    if failed > 0 {
        return Err(Error::Settings(format!("{failed} of {} services failed", reports.len())));
    }
    Ok(())
}

fn sample(args: SampleArgs) -> Result<(), Error> {
    let (loaded, _, _) = load(Some(&args.model), &args.input, &[])?;
    let seed = args.seed.unwrap_or_else(|| {
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        now.as_secs() ^ u64::from(now.subsec_nanos())
    });
    let mut sampler = shapegen::sample::Sampler::new(&loaded.model, seed);
    if args.realistic {
        sampler = sampler.with_options(shapegen::sample::Options::realistic());
    }
    let mut out = String::new();
    for i in 0..args.count {
        let value = sampler.sample(&args.shape)?;
        if i == 0 && args.seed.is_none() {
            eprintln!("seed: {seed}");
        }
        if args.compact || args.count > 1 {
            out.push_str(&serde_json::to_string(&value).map_err(Error::from)?);
            out.push('\n');
        } else {
            out.push_str(&value.to_pretty_string());
        }
    }
    output(None, out.as_bytes())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_command_line_is_well_formed() {
        <super::Cli as clap::CommandFactory>::command().debug_assert();
    }
}
