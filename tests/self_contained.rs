//! The generated source is a whole crate root: written as the `lib.rs` of a fresh crate whose
//! dependencies are exactly those `generated/Cargo.toml` lists, it compiles with warnings
//! denied. No hand-written module is needed beside it. (Missing docs are checked where the
//! crates that include generated code deny them: `src/lib.rs` and `guardduty-types`.)

use std::path::Path;
use std::process::Command;

#[test]
fn generated_source_compiles_as_a_crate_of_its_own() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let workspace: toml::Table = toml::from_str(&std::fs::read_to_string(root.join("Cargo.toml")).unwrap()).unwrap();
    let generated: toml::Table =
        toml::from_str(&std::fs::read_to_string(root.join("generated/Cargo.toml")).unwrap()).unwrap();
    let workspace_deps = workspace["workspace"]["dependencies"].as_table().unwrap();

    // The user's crate: generated/Cargo.toml's dependencies, resolved from the workspace.
    let mut dependencies = toml::Table::new();
    for (name, spec) in generated["dependencies"].as_table().unwrap() {
        let mut spec = match spec.get("workspace").and_then(toml::Value::as_bool) {
            Some(true) => workspace_deps[name].clone(),
            _ => spec.clone(),
        };
        // A path dependency of the workspace (the runtime crate), from wherever the crate is.
        if let Some(table) = spec.as_table_mut()
            && let Some(path) = table.get("path").and_then(toml::Value::as_str)
        {
            let absolute = root.join(path).to_str().unwrap().to_owned();
            table.insert("path".into(), toml::Value::String(absolute));
        }
        dependencies.insert(name.clone(), spec);
    }
    let mut manifest = toml::Table::new();
    manifest.insert(
        "package".into(),
        toml::Value::Table(toml::toml! { name = "user-crate" version = "0.0.0" edition = "2024" publish = false }),
    );
    manifest.insert("dependencies".into(), toml::Value::Table(dependencies));
    manifest.insert("workspace".into(), toml::Value::Table(toml::Table::new()));

    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("user-crate");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(dir.join("Cargo.toml"), toml::to_string(&manifest).unwrap()).unwrap();
    // The workspace's lock file: the same versions, and no registry lookup.
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let source = include_str!(concat!(env!("OUT_DIR"), "/features.rs"));
    std::fs::write(dir.join("src/lib.rs"), source).unwrap();

    let output = Command::new(env!("CARGO"))
        // Checked, not built: code generation proves nothing more about the source, and a
        // check of the dependencies costs a fraction of their build.
        .args(["rustc", "--lib", "--profile", "check", "--offline", "--quiet", "--", "-D", "warnings"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}
