//! The corpus job: every service model of a botocore data folder, generated and checked.
//!
//! A botocore release keeps one folder per service, one subfolder per API version, and in it
//! `service-2.json` (gzipped in newer releases). [`discover`] finds the newest version of each
//! service; [`run`] generates every operation of each, on as many threads as asked, and
//! checks that the output parses as a Rust file with `syn`. Nothing here prints: the CLI
//! shows progress and the report.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::error::Error;
use crate::read;
use crate::settings::Settings;

/// One service's model file in a data folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceFile {
    /// The service's folder name, such as `dynamodb`.
    pub service: String,
    /// The API version folder, such as `2012-08-10`.
    pub version: String,
    /// The model file.
    pub path: PathBuf,
    /// The file's size in bytes (compressed, for `.gz`).
    pub size: u64,
}

/// The model files of a botocore data folder: for each service folder, the newest API version
/// that has a `service-2.json` or `service-2.json.gz`, in service name order.
///
/// Version folders are dates (`2012-08-10`), so the newest is the greatest name. Folders
/// without a model (botocore keeps some for endpoints or retries only) are skipped.
pub fn discover(data: &Path) -> Result<Vec<ServiceFile>, Error> {
    fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
        move |source| Error::Io { path: path.to_owned(), source }
    }
    let mut services = Vec::new();
    for entry in std::fs::read_dir(data).map_err(io(data))? {
        let entry = entry.map_err(io(data))?;
        if !entry.file_type().map_err(io(&entry.path()))?.is_dir() {
            continue;
        }
        let service_dir = entry.path();
        let mut newest: Option<(String, PathBuf)> = None;
        for version in std::fs::read_dir(&service_dir).map_err(io(&service_dir))? {
            let version = version.map_err(io(&service_dir))?;
            let Some(name) = version.file_name().to_str().map(str::to_owned) else { continue };
            let model = ["service-2.json", "service-2.json.gz"]
                .iter()
                .map(|file| version.path().join(file))
                .find(|path| path.is_file());
            if let Some(model) = model
                && newest.as_ref().is_none_or(|(newest, _)| name > *newest)
            {
                newest = Some((name, model));
            }
        }
        if let Some((version, path)) = newest {
            let size = std::fs::metadata(&path).map_err(io(&path))?.len();
            let service = entry.file_name().to_string_lossy().into_owned();
            services.push(ServiceFile { service, version, path, size });
        }
    }
    services.sort_by(|a, b| a.service.cmp(&b.service));
    Ok(services)
}

/// What generating one service gave.
#[derive(Debug)]
pub struct Report {
    /// The service's model file.
    pub file: ServiceFile,
    /// The protocol the types were generated for (`rest-json`, `json`, ...), when the model
    /// was read.
    pub protocol: Option<String>,
    /// Operations in the model.
    pub operations: usize,
    /// Shapes in the model.
    pub shapes: usize,
    /// Lines of generated Rust.
    pub lines: usize,
    /// Bytes of generated Rust.
    pub bytes: usize,
    /// How long reading, generating and checking took.
    pub time: Duration,
    /// What the reader read past.
    pub warnings: Vec<crate::Warning>,
    /// The generated source, when asked to keep it.
    pub source: Option<String>,
    /// Why the service did not generate, or why its output is not Rust.
    pub error: Option<Error>,
}

/// Options of a corpus run.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Threads to use; 0 means one per available core.
    pub jobs: usize,
    /// Settings of the generated code.
    pub settings: Settings,
    /// Keep each service's generated source in its report.
    pub keep_source: bool,
    /// Check each output with `syn` (parse it as a Rust file).
    pub check: bool,
}

/// Generates every service of `files` on `options.jobs` threads, calling `progress` after
/// each (from the thread that did it). Reports come back in the order of `files`.
///
/// The largest models go first, so that no thread is left with a big one at the end.
pub fn run(files: &[ServiceFile], options: &Options, progress: &(dyn Fn(&Report) + Sync)) -> Vec<Report> {
    let jobs = match options.jobs {
        0 => std::thread::available_parallelism().map_or(1, usize::from),
        n => n,
    }
    .min(files.len().max(1));
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by(|&a, &b| files[b].size.cmp(&files[a].size).then(a.cmp(&b)));
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<Option<Report>>> = Mutex::new((0..files.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| {
                while let Some(&index) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let report = service(&files[index], options);
                    progress(&report);
                    // A poisoned lock means another thread panicked; its report is lost, the
                    // rest are still worth returning.
                    let mut done = done.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                    done[index] = Some(report);
                }
            });
        }
    });
    let done = done.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    done.into_iter().flatten().collect()
}

/// Reads, generates and checks one service.
pub fn service(file: &ServiceFile, options: &Options) -> Report {
    let start = Instant::now();
    let mut report = Report {
        file: file.clone(),
        protocol: None,
        operations: 0,
        shapes: 0,
        lines: 0,
        bytes: 0,
        time: Duration::ZERO,
        warnings: Vec::new(),
        source: None,
        error: None,
    };
    match generate(file, options, &mut report) {
        Ok(source) => {
            report.lines = source.lines().count();
            report.bytes = source.len();
            if options.keep_source {
                report.source = Some(source);
            }
        }
        Err(error) => report.error = Some(error),
    }
    report.time = start.elapsed();
    report
}

fn generate(file: &ServiceFile, options: &Options, report: &mut Report) -> Result<String, Error> {
    let loaded = read::load_file(&file.path, None)?;
    report.protocol = Some(loaded.model.protocol().to_string());
    report.operations = loaded.model.operations.len();
    report.shapes = loaded.model.shapes.len();
    report.warnings = loaded.warnings;
    let source = crate::generate(&loaded.model, &[], &[], &options.settings).map_err(|e| {
        let bytes = std::fs::read(&file.path).unwrap_or_default();
        e.in_model_file(&file.path.display().to_string(), &bytes)
    })?;
    if options.check {
        syn::parse_file(&source)
            .map_err(|e| Error::Internal(format!("{}: the output is not a Rust file: {e}", file.service)))?;
    }
    Ok(source)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    const MODEL: &str = r#"{"metadata": {"protocol": "json", "serviceFullName": "T", "serviceId": "T"},
        "operations": {"Op": {"name": "Op", "input": {"shape": "In"}}},
        "shapes": {"In": {"type": "structure", "members": {"A": {"shape": "S"}}}, "S": {"type": "string"}}}"#;

    #[test]
    fn finds_the_newest_version_of_each_service_and_generates_it() {
        let dir = std::env::temp_dir().join(format!("shapegen-corpus-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        write(&dir.join("beta/2019-01-01/service-2.json"), MODEL);
        write(&dir.join("beta/2020-01-01/service-2.json"), &MODEL.replace("\"A\"", "\"B\""));
        write(&dir.join("beta/2021-01-01/paginators-1.json"), "{}");
        write(&dir.join("alpha/2018-01-01/service-2.json"), "{\"metadata\": {}");
        write(&dir.join("_retry.json"), "{}");
        write(&dir.join("endpoints-only/2018-01-01/endpoint-rule-set-1.json"), "{}");
        let files = discover(&dir).unwrap();
        let names: Vec<(&str, &str)> = files.iter().map(|f| (f.service.as_str(), f.version.as_str())).collect();
        assert_eq!(names, [("alpha", "2018-01-01"), ("beta", "2020-01-01")]);

        let seen = Mutex::new(Vec::new());
        let options = Options { jobs: 2, keep_source: true, check: true, ..Options::default() };
        let reports = run(&files, &options, &|r| seen.lock().unwrap().push(r.file.service.clone()));
        assert_eq!(seen.into_inner().unwrap().len(), 2);
        assert_eq!(reports[0].file.service, "alpha");
        let error = reports[0].error.as_ref().unwrap().to_string();
        assert!(error.contains("alpha/2018-01-01/service-2.json"), "{error}");
        let beta = &reports[1];
        assert!(beta.error.is_none(), "{:?}", beta.error);
        assert_eq!((beta.operations, beta.shapes), (1, 2));
        assert_eq!(beta.protocol.as_deref(), Some("json"));
        assert!(beta.source.as_deref().unwrap().contains("pub b: "));
        assert_eq!(beta.lines, beta.source.as_deref().unwrap().lines().count());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
