//! The build script of the edition fixture crates (`edition-2018`, `edition-2021`): generates
//! test models of every protocol, from both model formats, into `OUT_DIR`, as a user's crate on
//! an older edition would, for `lib.rs` to `include!`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use shapegen::{Builder, Builders, Settings, Strings};

/// The models: (module, test case folder), each generated with owned strings, and the ones
/// marked with borrowed strings too (module `NAME_borrowed`).
const MODELS: &[(&str, &str, bool)] = &[
    ("features", "features", true),                // rest-json, every shape type (botocore)
    ("obstacle_course", "obstacle-course", true),  // json, keywords and prelude names
    ("smithy_features", "smithy-features", false), // rest-json (Smithy JSON AST)
    ("rest_xml", "rest-xml", false),
    ("rpc_v2_cbor", "rpc-v2-cbor", true),
    ("query", "query", true),
    ("ec2", "ec2", false),
];

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), shapegen::Error> {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let cases = manifest.join("../../cases");
    for &(module, case, borrowed) in MODELS {
        let model = cases.join(case).join("model.json");
        generate(&model, module, Settings::default())?;
        if borrowed {
            let settings = Settings { strings: Strings::Borrowed, builders: Builders::All, ..Settings::default() };
            generate(&model, &format!("{module}_borrowed"), settings)?;
        }
    }
    Ok(())
}

fn generate(model: &Path, module: &str, settings: Settings) -> Result<(), shapegen::Error> {
    println!("cargo:rerun-if-changed={}", model.display());
    Builder::new().model(model).file_name(format!("{module}.rs")).settings(settings).generate().map(|_| ())
}
