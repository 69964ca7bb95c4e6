//! Generates every model the tests use into `OUT_DIR`; `src/lib.rs` includes each as a module,
//! so the tests compile and run the generated code itself.

use std::path::Path;
use std::process::ExitCode;

use shapegen::{Builder, RequiredMembers};

fn main() -> ExitCode {
    let root = std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default();
    let root = Path::new(&root);
    let jobs: [(&str, &str, RequiredMembers); 4] = [
        ("spec/guardduty/service-2.json", "guardduty.rs", RequiredMembers::Lenient),
        ("spec/guardduty/service-2.json", "guardduty_strict.rs", RequiredMembers::Strict),
        ("tests/fixtures/features.json", "features.rs", RequiredMembers::Lenient),
        ("tests/fixtures/obstacle-course.json", "obstacle_course.rs", RequiredMembers::Lenient),
    ];
    for (model, file, required) in jobs {
        if let Err(err) = Builder::new().model(root.join(model)).file_name(file).required_members(required).generate() {
            eprintln!("error: {err}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
