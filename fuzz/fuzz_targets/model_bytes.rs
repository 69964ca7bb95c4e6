//! Any bytes as a model file: Rust that parses, or an error; never a panic or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(generated) = shapegen::generate_from_bytes(bytes, &[], &shapegen::Settings::default()) {
        syn::parse_file(&generated.source).expect("generated code parses");
    }
});
