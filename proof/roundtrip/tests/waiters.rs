//! The generated waiters against an independent JMESPath implementation (the `jmespath`
//! crate): for every waiter of the proof's services, random inputs and outputs from
//! `shapegen::sample` (absent members and empty lists among them) are read into the generated
//! types, and the acceptor the generated `accept` picks for a success with status 200 must be
//! the one that evaluating each acceptor's expression with `jmespath` over the same JSON picks,
//! with Smithy's comparators over the value it gives.
//!
//! Each waiter gets `PROPTEST_CASES` × 8 samples (default 24 × 8). A failure names the
//! waiter, the seed and both answers.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;
use shapegen::model::{AcceptorState, Matcher, PathComparator, Waiter};

type Accepts = fn(&str, &str, &str) -> Option<Result<Option<(usize, String)>, serde_json::Error>>;

fn model_file(service: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../models").join(service);
    let version = std::fs::read_dir(&dir).unwrap().next().unwrap().unwrap().path();
    version.join("service-2.json.gz")
}

fn samples() -> u64 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(24) * 8
}

fn state_name(state: AcceptorState) -> &'static str {
    match state {
        AcceptorState::Success => "Success",
        AcceptorState::Failure => "Failure",
        AcceptorState::Retry => "Retry",
    }
}

/// The acceptor botocore's semantics pick for a success with status 200, by `jmespath`.
fn oracle(waiter: &Waiter, input: &Value, output: &Value) -> Option<(usize, String)> {
    for (index, acceptor) in waiter.acceptors.iter().enumerate() {
        let matched = match &acceptor.matcher {
            Matcher::Path { expression, comparator, expected, input: with_input, .. } => {
                let data =
                    if *with_input { serde_json::json!({"input": input, "output": output}) } else { output.clone() };
                let compiled = jmespath::compile(expression)
                    .unwrap_or_else(|error| panic!("{}: {expression}: {error}", waiter.name));
                // An expression JMESPath cannot evaluate on this value (`length(null)`) matches
                // nothing, as the generated code's null.
                match compiled.search(data) {
                    Ok(found) => match comparator {
                        PathComparator::StringEquals => found.as_string().is_some_and(|s| s == expected),
                        PathComparator::BooleanEquals => found.as_boolean() == Some(expected == "true"),
                        PathComparator::AllStringEquals => found.as_array().is_some_and(|items| {
                            !items.is_empty()
                                && items.iter().all(|item| item.as_string().is_some_and(|s| s == expected))
                        }),
                        PathComparator::AnyStringEquals => found.as_array().is_some_and(|items| {
                            items.iter().any(|item| item.as_string().is_some_and(|s| s == expected))
                        }),
                    },
                    Err(_) => false,
                }
            }
            Matcher::ErrorCode(_) => false,
            Matcher::Success(success) => *success,
            Matcher::Status(status) => *status == 200,
        };
        if matched {
            return Some((index, state_name(acceptor.state).to_owned()));
        }
    }
    None
}

fn check(service: &str, accepts: Accepts, listed: &[(&str, &str)]) {
    let loaded = shapegen::read::load_file(&model_file(service), None).unwrap();
    let model = &loaded.model;
    let mut waiters = 0;
    for op in &model.operations {
        for waiter in &op.waiters {
            waiters += 1;
            assert!(
                listed.contains(&(waiter.name.as_str(), op.name.as_str())),
                "{service}: {} not in the harness",
                waiter.name
            );
            let (Some(input), Some(output)) = (&op.input, &op.output) else {
                panic!("{}: no input or output", op.name)
            };
            let mut seen: BTreeMap<Option<usize>, u64> = BTreeMap::new();
            for seed in 0..samples() {
                let input_json = shapegen::sample::sample(model, input, seed).unwrap();
                let output_json = shapegen::sample::sample(model, output, seed).unwrap();
                let (input_text, output_text) =
                    (serde_json::to_string(&input_json).unwrap(), serde_json::to_string(&output_json).unwrap());
                let generated = accepts(&waiter.name, &input_text, &output_text)
                    .unwrap_or_else(|| panic!("{}: not in the harness", waiter.name))
                    .unwrap_or_else(|error| {
                        panic!("{}, seed {seed}: the types do not read the sample: {error}", waiter.name)
                    });
                let input_value: Value = serde_json::from_str(&input_text).unwrap();
                let output_value: Value = serde_json::from_str(&output_text).unwrap();
                let expected = oracle(waiter, &input_value, &output_value);
                assert_eq!(
                    generated, expected,
                    "{service}: waiter {}, seed {seed}: generated (left) and jmespath (right) differ\n  output: {output_text}",
                    waiter.name
                );
                *seen.entry(generated.map(|(index, _)| index)).or_default() += 1;
            }
            eprintln!("{service}: {} ({}): {seen:?}", waiter.name, op.name);
        }
    }
    assert_eq!(waiters, listed.len(), "{service}: the harness lists other waiters");
}

macro_rules! services {
    ($($test:ident: $service:literal => $krate:ident,)*) => {
        $(
            #[test]
            fn $test() {
                check($service, $krate::__round_trip::waiter_accepts, $krate::__round_trip::WAITERS);
            }
        )*
    };
}

services! {
    bedrock_runtime: "bedrock-runtime" => proof_bedrock_runtime,
    cloudwatch: "cloudwatch" => proof_cloudwatch,
    dynamodb: "dynamodb" => proof_dynamodb,
    ec2: "ec2" => proof_ec2,
    kinesis: "kinesis" => proof_kinesis,
    lambda: "lambda" => proof_lambda,
    s3: "s3" => proof_s3,
    schemas: "schemas" => proof_schemas,
}
