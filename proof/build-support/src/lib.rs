//! The build script of every compile-proof crate: the crate's name (`proof-dynamodb`) names a
//! service in `proof/models/`; this generates all of it into `OUT_DIR/types.rs`, and a
//! round-trip harness into `OUT_DIR/round_trip.rs` that the property tests call by shape
//! name.

use std::path::{Path, PathBuf};

use quote::quote;

/// Generates the types and harness of the service this crate is named after.
pub fn main() -> Result<(), Box<dyn std::error::Error>> {
    let package = std::env::var("CARGO_PKG_NAME")?;
    let service = package.strip_prefix("proof-").ok_or("a compile-proof crate is named proof-SERVICE")?;
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    let out_dir = PathBuf::from(std::env::var("OUT_DIR")?);
    let model = model_file(&manifest_dir.join("../../models").join(service))?;

    // `PROOF_STRINGS=borrowed` proves the borrowed-strings types instead (`Cow<'a, str>`).
    println!("cargo:rerun-if-env-changed=PROOF_STRINGS");
    let strings = match std::env::var("PROOF_STRINGS").as_deref() {
        Ok("borrowed") => shapegen::Strings::Borrowed,
        Ok("owned") | Err(_) => shapegen::Strings::Owned,
        Ok(other) => return Err(format!("PROOF_STRINGS={other}: expected owned or borrowed").into()),
    };
    shapegen::Builder::new().model(&model).file_name("types.rs").strict(true).strings(strings).generate()?;
    let harness = harness(&model)?;
    shapegen::write_if_changed(&out_dir.join("round_trip.rs"), harness.as_bytes())?;
    Ok(())
}

/// The one `service-2.json(.gz)` under `dir/VERSION/`.
fn model_file(dir: &Path) -> Result<PathBuf, Box<dyn std::error::Error>> {
    for version in std::fs::read_dir(dir)? {
        let version = version?.path();
        for name in ["service-2.json.gz", "service-2.json"] {
            if version.join(name).is_file() {
                return Ok(version.join(name));
            }
        }
    }
    Err(format!("no service-2.json under {}", dir.display()).into())
}

/// `round_trip(shape, json)`: reads JSON as the type generated for the shape and writes it
/// back, for every input, output and error of every operation.
fn harness(model: &Path) -> Result<String, Box<dyn std::error::Error>> {
    let loaded = shapegen::read::load_file(model, None)?;
    let model = &loaded.model;
    let selection = shapegen::select::select(model, &[], &[])?;
    let names = shapegen::names::Names::new(model, &selection);
    let mut shapes: Vec<&str> = model.operations.iter().flat_map(|op| op.shape_refs()).collect();
    shapes.sort_unstable();
    shapes.dedup();
    let mut arms = Vec::new();
    let mut covered = Vec::new();
    for shape in shapes {
        let Some(name) = names.type_name(shape) else { continue };
        let ty = name.ident();
        arms.push(quote! {
            #shape => ::std::option::Option::Some(
                ::serde_json::from_str::<super::#ty>(json).and_then(|value| ::serde_json::to_string(&value)),
            ),
        });
        covered.push(shape);
    }
    let tokens = quote! {
        /// Every operation input, output and error shape, by model name.
        pub const SHAPES: &[&str] = &[#(#covered),*];

        /// Reads `json` as the type of `shape` and writes it back; `None` for a shape not in
        /// [`SHAPES`].
        #[allow(deprecated)]
        pub fn round_trip(shape: &str, json: &str) -> ::std::option::Option<::std::result::Result<::std::string::String, ::serde_json::Error>> {
            match shape {
                #(#arms)*
                _ => ::std::option::Option::None,
            }
        }
    };
    Ok(tokens.to_string())
}
