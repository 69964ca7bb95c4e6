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

/// The harness the property tests call: for each service the round trip of its own wire
/// format ([`json_harness`], [`xml_harness`] or [`query_harness`]).
fn harness(model: &Path) -> Result<String, Box<dyn std::error::Error>> {
    let loaded = shapegen::read::load_file(model, None)?;
    let model = &loaded.model;
    let selection = shapegen::select::select(model, &[], &[])?;
    let names = shapegen::names::Names::new(model, &selection);
    use shapegen::model::Protocol;
    let mut tokens = match model.protocol() {
        Protocol::RestXml => xml_harness(model, &names),
        Protocol::Query | Protocol::Ec2Query => query_harness(model, &names),
        _ => json_harness(model, &names),
    };
    tokens.extend(waiters_harness(model, &names));
    Ok(tokens.to_string())
}

/// For every service, `waiter_accepts(waiter, input, output)`: reads the JSON (member names
/// as keys) as the waiter's operation's input and output, and gives the acceptor that the
/// generated waiter says matches a success with status 200 (its index and whether it is a
/// success, a failure or a retry); `None` for a waiter not in [`WAITERS`], and an error for
/// JSON the types do not read.
fn waiters_harness(model: &shapegen::model::Model, names: &shapegen::names::Names) -> proc_macro2::TokenStream {
    let mut arms = Vec::new();
    let mut waiters = Vec::new();
    for op in &model.operations {
        let (Some(input), Some(output)) = (&op.input, &op.output) else { continue };
        let (Some(input), Some(output)) = (names.type_name(input), names.type_name(output)) else { continue };
        let (input, output) = (input.ident(), output.ident());
        for waiter in &op.waiters {
            let name = &waiter.name;
            let ident = shapegen::names::upper_camel(name).ident();
            let op_name = &op.name;
            waiters.push(quote!((#name, #op_name)));
            arms.push(quote! {
                #name => {
                    let input: super::#input = match ::serde_json::from_str(input) {
                        ::std::result::Result::Ok(input) => input,
                        ::std::result::Result::Err(error) => return ::std::option::Option::Some(::std::result::Result::Err(error)),
                    };
                    let output: super::#output = match ::serde_json::from_str(output) {
                        ::std::result::Result::Ok(output) => output,
                        ::std::result::Result::Err(error) => return ::std::option::Option::Some(::std::result::Result::Err(error)),
                    };
                    ::std::option::Option::Some(::std::result::Result::Ok(
                        <super::waiters::#ident as ::shapegen_runtime::waiter::Waiter>::accept(
                            &input,
                            ::shapegen_runtime::waiter::Poll::Output { status: 200, output: &output },
                        )
                        .map(|accepted| (accepted.acceptor, ::std::format!("{:?}", accepted.state))),
                    ))
                }
            });
        }
    }
    quote! {
        /// Every waiter, with the operation it polls.
        pub const WAITERS: &[(&str, &str)] = &[#(#waiters),*];

        /// The acceptor of `waiter` that matches a success with status 200 whose input and
        /// output are this JSON: its index and state.
        #[allow(deprecated, unused_variables)]
        pub fn waiter_accepts(
            waiter: &str,
            input: &str,
            output: &str,
        ) -> ::std::option::Option<::std::result::Result<::std::option::Option<(usize, ::std::string::String)>, ::serde_json::Error>> {
            match waiter {
                #(#arms)*
                _ => ::std::option::Option::None,
            }
        }
    }
}

/// For a service whose types' serde is its wire or stands for it (JSON, and CBOR, whose
/// payloads the tests compare as JSON values), `round_trip(shape, json)`: reads JSON as the type
/// generated for the shape and writes it back, for every input, output and error of every
/// operation. Not for the XML and query protocols, which the tests check in their own wire
/// format: JSON reading and writing instantiated for every shape of EC2 would only cost build
/// time.
fn json_harness(model: &shapegen::model::Model, names: &shapegen::names::Names) -> proc_macro2::TokenStream {
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
    quote! {
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
    }
}

/// For a `rest-xml` service, `xml_round_trip(shape, json)`: reads JSON as the type of a
/// structure that both request and response documents reach (so that it has both an XML
/// writer and an XML reader), writes it as an XML document, reads the document back, checks
/// that the value read writes the very same document, and gives both values as JSON.
fn xml_harness(model: &shapegen::model::Model, names: &shapegen::names::Names) -> proc_macro2::TokenStream {
    use shapegen::model::{Binding, ShapeKind};
    let documents = |response: bool| {
        let roots = model.operations.iter().flat_map(|op| {
            let shapes: Vec<&String> =
                if response { op.output.iter().chain(&op.errors).collect() } else { op.input.iter().collect() };
            shapes.into_iter().filter_map(|s| model.body_document(s, response).map(str::to_owned))
        });
        model.reached(roots.collect::<Vec<_>>())
    };
    let (written, read) = (documents(false), documents(true));
    // Where two members of a structure share an element (S3's deprecated `Event` beside
    // `Events`), no document can tell which one a value was written from.
    let ambiguous: std::collections::BTreeSet<&str> = model
        .shapes
        .values()
        .filter(|shape| {
            let mut elements: Vec<&str> = shape.kind.members().iter().map(|m| m.xml_name()).collect();
            elements.sort_unstable();
            elements.windows(2).any(|w| w[0] == w[1])
        })
        .map(|shape| shape.name.as_str())
        .collect();
    let mut shapes = Vec::new();
    let mut arms = Vec::new();
    for name in written.intersection(&read) {
        let Some(shape) = model.shape(name) else { continue };
        // Only structures whose every member is in the document, that reach no ambiguous one.
        let ShapeKind::Structure(members) = &shape.kind else { continue };
        if members.iter().any(|m| m.binding != Binding::Body)
            || model.reached([name.clone()]).iter().any(|s| ambiguous.contains(s.as_str()))
        {
            continue;
        }
        let Some(ty) = names.type_name(name) else { continue };
        let ty = ty.ident();
        shapes.push(name.clone());
        arms.push(quote! {
            #name => ::std::option::Option::Some((|| {
                let value: super::#ty = ::serde_json::from_str(json).map_err(|e| e.to_string())?;
                let document = ::shapegen_runtime::xml::write_document("Document", &[], &value);
                let back: super::#ty = ::shapegen_runtime::xml::read_document(&document, 200)
                    .map_err(|e| ::std::format!("{e}\n  document: {}", ::std::string::String::from_utf8_lossy(&document)))?;
                let again = ::shapegen_runtime::xml::write_document("Document", &[], &back);
                if again != document {
                    return ::std::result::Result::Err(::std::format!(
                        "the document read back writes differently\n  first:  {}\n  second: {}",
                        ::std::string::String::from_utf8_lossy(&document),
                        ::std::string::String::from_utf8_lossy(&again)
                    ));
                }
                let json = |value: &super::#ty| ::serde_json::to_string(value).map_err(|e| e.to_string());
                ::std::result::Result::Ok((json(&value)?, json(&back)?))
            })()),
        });
    }
    quote! {
        /// The structures that both request and response documents reach, by model name.
        pub const XML_SHAPES: &[&str] = &[#(#shapes),*];

        /// Reads `json` as the type of `shape`, writes it as an XML document and reads it back,
        /// which must write the same document; both values as JSON. `None` for a shape not in [`XML_SHAPES`].
        #[allow(deprecated)]
        pub fn xml_round_trip(shape: &str, json: &str) -> ::std::option::Option<::std::result::Result<(::std::string::String, ::std::string::String), ::std::string::String>> {
            match shape {
                #(#arms)*
                _ => ::std::option::Option::None,
            }
        }
    }
}

/// For a query-protocol service (`query`, `ec2`), `query_body(shape, json)`: reads JSON as the
/// type of an operation input and writes its form-encoded request body (`Action=A&Version=V`
/// and the members' pairs), which the property tests read back by the protocol's naming
/// rules.
fn query_harness(model: &shapegen::model::Model, names: &shapegen::names::Names) -> proc_macro2::TokenStream {
    let mut inputs: Vec<&str> = model.operations.iter().filter_map(|op| op.input.as_deref()).collect();
    inputs.sort_unstable();
    inputs.dedup();
    let mut shapes = Vec::new();
    let mut arms = Vec::new();
    for name in inputs {
        let Some(ty) = names.type_name(name) else { continue };
        let ty = ty.ident();
        shapes.push(name);
        arms.push(quote! {
            #name => ::std::option::Option::Some((|| {
                let value: super::#ty = ::serde_json::from_str(json).map_err(|e| e.to_string())?;
                let body = ::shapegen_runtime::query::body("A", "V", &value);
                ::std::string::String::from_utf8(body).map_err(|e| e.to_string())
            })()),
        });
    }
    quote! {
        /// Every operation input, by model name.
        pub const QUERY_SHAPES: &[&str] = &[#(#shapes),*];

        /// Reads `json` as the type of `shape` and writes its request body. `None` for a shape
        /// not in [`QUERY_SHAPES`].
        #[allow(deprecated)]
        pub fn query_body(shape: &str, json: &str) -> ::std::option::Option<::std::result::Result<::std::string::String, ::std::string::String>> {
            match shape {
                #(#arms)*
                _ => ::std::option::Option::None,
            }
        }
    }
}
