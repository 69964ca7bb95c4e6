//! Generates every model the tests use into `OUT_DIR`; `src/lib.rs` includes each as a module,
//! so the tests compile and run the generated code itself.
//!
//! Each folder of `tests/cases/` is one case: its `case.toml` names the model (by default the
//! folder's `model.json` or `model.json.gz`), the settings, and variants (the same model with
//! other settings). A case `name` becomes the module `name` (dashes as underscores); a
//! variant `v` of it the module `name_v`. `cases.rs` declares the modules, and `case_list.rs`
//! lists them for the snapshot test.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use shapegen::{Builder, Builders, RequiredMembers, Settings, Strings};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

/// One generated module: a case or a variant of one.
struct Module {
    /// The module's name in `src/lib.rs`.
    name: String,
    /// The case's folder name.
    case: String,
    /// The variant's name; empty for the case itself.
    variant: String,
    description: String,
    snapshot: bool,
    /// Whether clippy reads the module. Not the 1 MB documentation string: clippy's lints of
    /// documentation take minutes on it (9 of the 9.5 clippy spends on this crate), where the
    /// compiler takes a second; the compiler still builds it for the tests.
    linted: bool,
}

fn run() -> Result<(), String> {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    let cases_dir = root.join("tests/cases");
    println!("cargo:rerun-if-changed={}", cases_dir.display());

    let mut folders: Vec<PathBuf> = std::fs::read_dir(&cases_dir)
        .map_err(|e| format!("{}: {e}", cases_dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.join("case.toml").is_file())
        .collect();
    folders.sort();

    let mut modules = Vec::new();
    for folder in folders {
        modules.extend(generate_case(&folder, &out)?);
    }
    modules.push(huge_doc(&out)?);
    modules.push(guardduty_cbor(&root, &out)?);
    let endpoint_services = endpoint_services(&root, &out)?;
    modules.extend(endpoint_services.iter().map(|service| Module {
        name: service.module.clone(),
        case: service.module.clone(),
        variant: String::new(),
        description: format!("The endpoint rule set of {} and the operations its tests call.", service.source),
        snapshot: false,
        linted: true,
    }));

    let mut declarations = String::new();
    let mut list = String::from(
        "/// Every snapshotted module: (case, variant, source).\npub const CASES: &[(&str, &str, &str)] = &[\n",
    );
    for m in &modules {
        let _ = writeln!(
            declarations,
            "#[doc = {:?}]\n{}pub mod {} {{\n    include!(concat!(env!(\"OUT_DIR\"), \"/{}.rs\"));\n}}\n",
            m.description,
            if m.linted { "" } else { "#[cfg(not(clippy))]\n" },
            m.name,
            m.name
        );
        if m.snapshot {
            let _ = writeln!(
                list,
                "    ({:?}, {:?}, include_str!(concat!(env!(\"OUT_DIR\"), \"/{}.rs\"))),",
                m.case, m.variant, m.name
            );
        }
    }
    list.push_str("];\n");
    write(&out.join("cases.rs"), &declarations)?;
    write(&out.join("case_list.rs"), &list)?;
    write(&out.join("endpoint_list.rs"), &endpoint_list(&endpoint_services)?)
}

/// A service whose endpoint tests run: its module, and where its rule set and cases are.
struct EndpointService {
    /// The module (`endpoints_s3`, `endpoints_smithy_s3`).
    module: String,
    /// The service's name in the tests (`s3`).
    service: String,
    /// The file its rule set came from, for the module's description.
    source: String,
    /// The test cases: an `endpoint-tests-1.json(.gz)`, or a Smithy model carrying them.
    tests: PathBuf,
    /// The `partitions.json` of the cases' time.
    partitions: PathBuf,
    /// The code of its operation resolver, where the cases call operations.
    operation_resolver: Option<String>,
}

/// The services of AWS's endpoint tests: those of `tests/fixtures/endpoint-tests/` (botocore's
/// rule sets and cases, with the service model where the cases call operations; otherwise a
/// model of no operations carries the rule set), and the Smithy models of
/// `tests/fixtures/smithy/` that carry `smithy.rules#endpointTests`. Each is generated with
/// the operations its cases call.
fn endpoint_services(root: &Path, out: &Path) -> Result<Vec<EndpointService>, String> {
    let mut services = Vec::new();
    let dir = root.join("tests/fixtures/endpoint-tests");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut folders: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.is_dir())
        .collect();
    folders.sort();
    for folder in folders {
        let service = folder.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
        let tests = folder.join("endpoint-tests-1.json.gz");
        let rules = folder.join("endpoint-rule-set-1.json.gz");
        let cases = read_json(&tests)?;
        let model = folder.join("service-2.json.gz");
        let model = if model.is_file() {
            model
        } else {
            // A model of no operations, for the rule set alone.
            let path = out.join(format!("endpoints-{service}-model.json"));
            let model = format!(
                r#"{{"version": "2.0", "metadata": {{"protocol": "json", "jsonVersion": "1.0", "serviceId": {service:?},
                    "serviceFullName": {service:?}, "targetPrefix": "Endpoints", "apiVersion": "2020-01-01"}},
                    "operations": {{}}, "shapes": {{}}}}"#
            );
            write(&path, &model)?;
            path
        };
        let module = format!("endpoints_{}", service.replace('-', "_"));
        let loaded = load_endpoint_model(&model, Some(&rules))?;
        let operation_resolver = endpoint_module(&loaded, &cases, &module, out)?;
        let partitions = dir.join("partitions.json.gz");
        services.push(EndpointService {
            module,
            service,
            source: format!("`{}`", rules.display()),
            tests,
            partitions,
            operation_resolver,
        });
    }
    for (service, file) in [
        ("bedrock-runtime", "bedrock-runtime-2025-08-08.json.gz"),
        ("dynamodb", "dynamodb-2025-08-08.json.gz"),
        ("kinesis", "kinesis-2025-08-08.json.gz"),
        ("s3", "s3-2025-08-08.json.gz"),
    ] {
        let model = root.join("tests/fixtures/smithy").join(file);
        let loaded = load_endpoint_model(&model, None)?;
        let cases = smithy_endpoint_tests(&loaded.document)
            .ok_or_else(|| format!("{}: no smithy.rules#endpointTests", model.display()))?;
        let module = format!("endpoints_smithy_{}", service.replace('-', "_"));
        let operation_resolver = endpoint_module(&loaded, cases, &module, out)?;
        // The models are of August 2025; the partitions of botocore's release of that time.
        let partitions = root.join("tests/fixtures/smithy/partitions-botocore-1.40.6.json.gz");
        services.push(EndpointService {
            module,
            service: service.to_owned(),
            source: format!("`{file}`"),
            tests: model,
            partitions,
            operation_resolver,
        });
    }
    Ok(services)
}

/// A model of the endpoint tests, with `rules` when its rule set does not lie beside it.
fn load_endpoint_model(model: &Path, rules: Option<&Path>) -> Result<shapegen::read::Loaded, String> {
    println!("cargo:rerun-if-changed={}", model.display());
    shapegen::read::load_file_with_rules(model, None, None, rules).map_err(|e| e.to_string())
}

/// Generates the module of a service of the endpoint tests, with the operations its `cases`
/// call, into `OUT_DIR/{module}.rs`; returns the code of its operation resolver, where the
/// cases call operations. The model is read once, for both.
fn endpoint_module(
    loaded: &shapegen::read::Loaded,
    cases: &shapegen::json::Json,
    module: &str,
    out: &Path,
) -> Result<Option<String>, String> {
    let operations = operations_called(cases);
    if operations.is_empty() {
        // The rule set alone: an empty selection of operations would select every one.
        let mut model = loaded.model.clone();
        model.operations.clear();
        let source = shapegen::generate(&model, &[], &[], &Settings::default()).map_err(|e| e.to_string())?;
        write(&out.join(format!("{module}.rs")), &source)?;
        return Ok(None);
    }
    let source =
        shapegen::generate(&loaded.model, &operations, &[], &Settings::default()).map_err(|e| e.to_string())?;
    write(&out.join(format!("{module}.rs")), &source)?;
    operation_resolver(module, &loaded.model, &operations, cases).map(Some)
}

/// A JSON file, gzipped or not.
fn read_json(path: &Path) -> Result<shapegen::json::Json, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let text = shapegen::read::decompress(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    shapegen::json::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The `smithy.rules#endpointTests` trait of the service in a Smithy model.
fn smithy_endpoint_tests(document: &shapegen::json::Json) -> Option<&shapegen::json::Json> {
    use shapegen::json::Json;
    let Some(Json::Object(shapes)) = document.get("shapes") else { return None };
    shapes
        .iter()
        .filter(|(_, shape)| shape.get("type").and_then(Json::as_str) == Some("service"))
        .find_map(|(_, shape)| shape.get("traits")?.get("smithy.rules#endpointTests"))
}

/// The operations the `operationInputs` of endpoint test cases call, each once, in order.
fn operations_called(tests: &shapegen::json::Json) -> Vec<String> {
    use shapegen::json::Json;
    let mut names: Vec<String> = Vec::new();
    let Some(Json::Array(cases)) = tests.get("testCases") else { return names };
    for case in cases {
        let Some(Json::Array(inputs)) = case.get("operationInputs") else { continue };
        for input in inputs {
            if let Some(name) = input.get("operationName").and_then(Json::as_str)
                && !names.iter().any(|n| n == name)
            {
                names.push(name.to_owned());
            }
        }
    }
    names
}

/// The members the `operationParams` of the cases of `operation` give.
fn members_given(tests: &shapegen::json::Json, operation: &str) -> std::collections::BTreeSet<String> {
    use shapegen::json::Json;
    let mut names = std::collections::BTreeSet::new();
    let Some(Json::Array(cases)) = tests.get("testCases") else { return names };
    for case in cases {
        let Some(Json::Array(inputs)) = case.get("operationInputs") else { continue };
        for input in inputs.iter().filter(|i| i.get("operationName").and_then(Json::as_str) == Some(operation)) {
            if let Some(Json::Object(params)) = input.get("operationParams") {
                names.extend(params.iter().map(|(name, _)| name.clone()));
            }
        }
    }
    names
}

/// The endpoint services' resolvers for the tests: `SERVICES` lists (service, module, test
/// file, partitions file, resolver, operation resolver). A resolver sets the parameters by
/// name and resolves; an operation resolver sets the built-ins and client parameters, makes
/// the operation's input from the case's JSON (member by member, by the member's name in the
/// model), lets the operation set its parameters, and resolves.
fn endpoint_list(services: &[EndpointService]) -> Result<String, String> {
    let mut list = String::from("/// Every service of the endpoint tests.\npub const SERVICES: &[Service] = &[\n");
    let mut functions = String::new();
    for s in services {
        let operation =
            if s.operation_resolver.is_none() { "None".to_owned() } else { format!("Some({}_operation)", s.module) };
        let _ = writeln!(
            list,
            "    Service {{ service: {:?}, module: {:?}, tests: {:?}, partitions: {:?}, resolve: {}, operation: {operation} }},",
            s.service,
            s.module,
            s.tests.display().to_string(),
            s.partitions.display().to_string(),
            s.module
        );
        let _ = writeln!(
            functions,
            "fn {m}(params: Vec<(String, Value)>, partitions: &Partitions) -> Result<Endpoint, ResolveError> {{\n    \
             let mut p = crate::{m}::endpoint::Params::default();\n    \
             for (name, value) in params {{\n        p.set(&name, value)?;\n    }}\n    \
             crate::{m}::endpoint::resolve_with(&p, partitions)\n}}\n",
            m = s.module
        );
        if let Some(resolver) = &s.operation_resolver {
            functions.push_str(resolver);
        }
    }
    list.push_str("];\n");
    Ok(format!(
        "use shapegen_runtime::endpoint::{{BuiltIns, Endpoint, Partitions, ResolveError, Value}};\n\n\
         /// Sets the parameters by name, and resolves with the partitions given.\n\
         pub type Resolver = fn(Vec<(String, Value)>, &Partitions) -> Result<Endpoint, ResolveError>;\n\n\
         /// Resolves for an operation (by name) and its input (JSON, members by name), with the\n\
         /// built-ins and client parameters given.\n\
         pub type OperationResolver =\n    \
         fn(&str, &serde_json::Value, &BuiltIns, Vec<(String, Value)>, &Partitions) -> Result<Endpoint, ResolveError>;\n\n\
         /// A service of the endpoint tests.\n\
         pub struct Service {{\n    \
         /// Its name in the tests (`s3`).\n    pub service: &'static str,\n    \
         /// Its module in this crate.\n    pub module: &'static str,\n    \
         /// Its cases: an `endpoint-tests-1.json`, or a Smithy model carrying them.\n    pub tests: &'static str,\n    \
         /// The `partitions.json` of the cases' time.\n    pub partitions: &'static str,\n    \
         /// Resolves for parameters set by name.\n    pub resolve: Resolver,\n    \
         /// Resolves for an operation's input, where the cases call operations.\n    pub operation: Option<OperationResolver>,\n}}\n\n\
         {list}\n{functions}"
    ))
}

/// The operation resolver of a service (see [`endpoint_list`]).
fn operation_resolver(
    m: &str,
    model: &shapegen::model::Model,
    operations: &[String],
    tests: &shapegen::json::Json,
) -> Result<String, String> {
    let selection = shapegen::select::select(model, operations, &[]).map_err(|e| e.to_string())?;
    let names = shapegen::names::Names::new(model, &selection);
    let mut arms = String::new();
    for op in operations {
        let operation = model.operation(op).ok_or_else(|| format!("{m}: no operation {op}"))?;
        let op_ident = names.operation(op).ok_or_else(|| format!("no names for {op}"))?.operation.text().to_owned();
        let Some(input) = operation.input.as_deref() else {
            let _ =
                writeln!(arms, "        {op:?} => crate::{m}::operations::{op_ident}::endpoint_params(&mut params),");
            continue;
        };
        let shape = model.shape(input).ok_or_else(|| format!("no shape {input}"))?;
        let ty = names.type_name(input).ok_or_else(|| format!("no name for {input}"))?.text().to_owned();
        let mut fields = String::new();
        let given = members_given(tests, op);
        for (member, field) in shape.kind.members().iter().zip(names.members(input)) {
            if !given.contains(&member.name) {
                continue;
            }
            let _ = writeln!(
                fields,
                "            if let Some(value) = input.get({name:?}) {{\n                \
                 value_of.{field} = serde_json::from_value(value.clone()).expect({what:?});\n            }}",
                name = member.name,
                field = field.as_source(),
                what = format!("{op}.{}", member.name),
            );
        }
        let _ = writeln!(
            arms,
            "        {op:?} => {{\n            \
             #[allow(unused_mut)]\n            \
             let mut value_of = crate::{m}::{ty}::default();\n{fields}            \
             crate::{m}::operations::{op_ident}::endpoint_params(&value_of, &mut params);\n        }}"
        );
    }
    Ok(format!(
        "#[allow(unused_variables)]\n\
         fn {m}_operation(\n    operation: &str,\n    input: &serde_json::Value,\n    built_ins: &BuiltIns,\n    \
         client: Vec<(String, Value)>,\n    partitions: &Partitions,\n) -> Result<Endpoint, ResolveError> {{\n    \
         let mut params = crate::{m}::endpoint::Params::default();\n    \
         params.set_built_ins(built_ins)?;\n    \
         for (name, value) in client {{\n        params.set(&name, value)?;\n    }}\n    \
         match operation {{\n{arms}        other => panic!(\"{m}: no operation {{other}}\"),\n    }}\n    \
         crate::{m}::endpoint::resolve_with(&params, partitions)\n}}\n"
    ))
}

/// Generates a case and its variants.
fn generate_case(folder: &Path, out: &Path) -> Result<Vec<Module>, String> {
    let case = folder.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
    let manifest = folder.join("case.toml");
    let text = std::fs::read_to_string(&manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
    let table: toml::Table = text.parse().map_err(|e| format!("{}: {e}", manifest.display()))?;
    let at = |what: &str| format!("{}: {what}", manifest.display());

    let model = match table.get("model") {
        Some(value) => folder.join(value.as_str().ok_or_else(|| at("`model` must be a path"))?),
        None => ["model.json", "model.json.gz"]
            .iter()
            .map(|name| folder.join(name))
            .find(|path| path.is_file())
            .ok_or_else(|| at("no `model` and no model.json or model.json.gz beside it"))?,
    };
    let operations: Vec<String> = match table.get("operations") {
        Some(value) => value
            .as_array()
            .ok_or_else(|| at("`operations` must be a list"))?
            .iter()
            .map(|op| op.as_str().map(str::to_owned).ok_or_else(|| at("`operations` must list names")))
            .collect::<Result<_, _>>()?,
        None => Vec::new(),
    };
    let snapshot = table.get("snapshot").and_then(toml::Value::as_bool).unwrap_or(true);
    let base = settings(&table, Settings::default()).map_err(|e| at(&e))?;

    let mut jobs = vec![(String::new(), text_of(&table, "description").unwrap_or_default(), base.clone())];
    if let Some(variants) = table.get("variants") {
        let variants = variants.as_table().ok_or_else(|| at("`variants` must be a table"))?;
        for (name, variant) in variants {
            let variant = variant.as_table().ok_or_else(|| at(&format!("variant {name:?} must be a table")))?;
            let description = text_of(variant, "description").unwrap_or_default();
            jobs.push((name.clone(), description, settings(variant, base.clone()).map_err(|e| at(&e))?));
        }
    }
    let mut modules = Vec::new();
    for (variant, description, settings) in jobs {
        let name = if variant.is_empty() { case.clone() } else { format!("{case}_{variant}") }.replace('-', "_");
        Builder::new()
            .model(&model)
            .operations(operations.iter().cloned())
            .out_dir(out)
            .file_name(format!("{name}.rs"))
            .settings(settings)
            .generate()
            .map_err(|e| e.to_string())?;
        modules.push(Module { name, case: case.clone(), variant, description, snapshot, linted: true });
    }
    Ok(modules)
}

fn text_of(table: &toml::Table, key: &str) -> Option<String> {
    table.get(key).and_then(toml::Value::as_str).map(str::to_owned)
}

/// `settings` changed by the keys of `table` that name a setting.
fn settings(table: &toml::Table, mut settings: Settings) -> Result<Settings, String> {
    let value = |key: &str| -> Result<Option<&str>, String> {
        match table.get(key) {
            None => Ok(None),
            Some(v) => v.as_str().map(Some).ok_or_else(|| format!("`{key}` must be a string")),
        }
    };
    if let Some(v) = value("required")? {
        settings.required = match v {
            "lenient" => RequiredMembers::Lenient,
            "strict" => RequiredMembers::Strict,
            other => return Err(format!("`required` is lenient or strict, not {other:?}")),
        };
    }
    if let Some(v) = value("strings")? {
        settings.strings = match v {
            "owned" => Strings::Owned,
            "borrowed" => Strings::Borrowed,
            other => return Err(format!("`strings` is owned or borrowed, not {other:?}")),
        };
    }
    if let Some(v) = value("builders")? {
        settings.builders = match v {
            "requests" => Builders::Requests,
            "all" => Builders::All,
            "omitted" => Builders::Omitted,
            other => return Err(format!("`builders` is requests, all or omitted, not {other:?}")),
        };
    }
    Ok(settings)
}

/// A model with a 1 MB documentation string full of comment and code break-outs, made here
/// rather than committed.
fn huge_doc(out: &Path) -> Result<Module, String> {
    let path = out.join("hostile-huge-doc.json");
    let doc = "<p>*/ } fn evil() { /* <b>x</b> [y](z) `w` #[x] ".repeat((1 << 20) / 48);
    let model = format!(
        r#"{{"metadata": {{"protocol": "rest-json", "serviceFullName": "Huge", "serviceId": "Huge"}},
            "operations": {{"Op": {{"name": "Op", "input": {{"shape": "In"}}}}}},
            "shapes": {{"In": {{"type": "structure", "members": {{"A": {{"shape": "S", "documentation": "{doc}"}}}},
                "documentation": "{doc}"}}, "S": {{"type": "string"}}}}}}"#
    );
    shapegen::write_if_changed(&path, model.as_bytes()).map_err(|e| e.to_string())?;
    Builder::new().model(&path).out_dir(out).file_name("hostile_huge_doc.rs").generate().map_err(|e| e.to_string())?;
    Ok(Module {
        name: "hostile_huge_doc".to_owned(),
        case: "hostile-huge-doc".to_owned(),
        variant: String::new(),
        description: "A model with a 1 MB documentation string, made by `build.rs`.".to_owned(),
        snapshot: false,
        linted: false,
    })
}

/// GuardDuty's GetFindings (the `guardduty-2026` case's model) as if the service spoke
/// Smithy RPC v2 CBOR: the types the CBOR benchmark reads (`benches/cbor.rs`), from the same
/// findings the JSON benchmark reads. Made here, as the model is the case's with another
/// protocol.
fn guardduty_cbor(root: &Path, out: &Path) -> Result<Module, String> {
    let path = root.join("tests/cases/guardduty-2026/model.json.gz");
    let mut model = shapegen::read::load_file(&path, None).map_err(|e| format!("{}: {e}", path.display()))?.model;
    model.service.protocols = vec![shapegen::model::Protocol::RpcV2Cbor];
    model.service.target_prefix = Some("GuardDutyAPIService".to_owned());
    let source = shapegen::generate(&model, &["GetFindings".to_owned()], &[], &Settings::default())
        .map_err(|e| format!("{}: as RPC v2 CBOR: {e}", path.display()))?;
    write(&out.join("guardduty_2026_cbor.rs"), &source)?;
    Ok(Module {
        name: "guardduty_2026_cbor".to_owned(),
        case: "guardduty-2026-cbor".to_owned(),
        variant: String::new(),
        description: "GuardDuty GetFindings as if it spoke RPC v2 CBOR, made by `build.rs`.".to_owned(),
        snapshot: false,
        linted: true,
    })
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    shapegen::write_if_changed(path, text.as_bytes()).map_err(|e| e.to_string())
}
