//! Endpoint resolution per call, as a client resolves on every call: the `endpoint` modules
//! shapegen generates and the AWS SDK for Rust's resolvers (`aws-sdk-guardduty` 1.154.0,
//! `aws-sdk-s3` 1.157.0), given the same parameters, built before timing. Three cases:
//! GuardDuty in a region, S3 with a bucket (virtual-hosted), and S3 with an access point's ARN.
//! The SDK's resolvers are timed twice: resolving, and answering from the one-entry cache they
//! keep of the last params.
//!
//! `cargo bench --manifest-path peers/Cargo.toml -p peers-endpoints`; the ratios printed at the
//! end are of the medians of this run (shapegen's time over the SDK's).

use std::future::Future;
use std::hint::black_box;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use aws_sdk_guardduty::config::endpoint::ResolveEndpoint as _;
use aws_sdk_s3::config::endpoint::ResolveEndpoint as _;
use criterion::{BatchSize, Criterion};
use peers_endpoints::{guardduty, s3};

#[path = "../../../benches/common.rs"]
mod common;

const ACCESS_POINT: &str = "arn:aws:s3:us-west-2:123456789012:accesspoint:myendpoint";

/// The value of a future the SDK's resolvers return ready.
fn ready<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    match future.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(value) => value,
        Poll::Pending => panic!("the SDK's resolver did not answer at once"),
    }
}

fn main() {
    let mut c = Criterion::default().configure_from_args();

    // GuardDuty, us-east-1.
    let mut ours_gd = guardduty::endpoint::Params::default();
    ours_gd.region = Some("us-east-1".to_owned());
    let sdk_gd_params = aws_sdk_guardduty::config::endpoint::Params::builder().region("us-east-1").build().unwrap();
    let sdk_gd = aws_sdk_guardduty::config::endpoint::DefaultResolver::new();

    // S3, a bucket, and an access point's ARN, us-west-2.
    let ours_s3 = |bucket: &str| {
        let mut p = s3::endpoint::Params::default();
        p.region = Some("us-west-2".to_owned());
        p.bucket = Some(bucket.to_owned());
        p
    };
    let sdk_s3_params = |bucket: &str| {
        aws_sdk_s3::config::endpoint::Params::builder()
            .region("us-west-2")
            .bucket(bucket)
            .use_fips(false)
            .use_dual_stack(false)
            .accelerate(false)
            .build()
            .unwrap()
    };
    let sdk_s3 = aws_sdk_s3::config::endpoint::DefaultResolver::new();
    let ours_bucket = ours_s3("amzn-s3-demo-bucket");
    let ours_arn = ours_s3(ACCESS_POINT);
    let sdk_bucket = sdk_s3_params("amzn-s3-demo-bucket");
    let sdk_arn = sdk_s3_params(ACCESS_POINT);

    // Both give the same URL before anything is timed.
    let same = |ours: &str, sdk: &str| assert_eq!(ours, sdk);
    same(
        &guardduty::endpoint::resolve(&ours_gd).unwrap().url,
        ready(sdk_gd.resolve_endpoint(&sdk_gd_params)).unwrap().url(),
    );
    same(&s3::endpoint::resolve(&ours_bucket).unwrap().url, ready(sdk_s3.resolve_endpoint(&sdk_bucket)).unwrap().url());
    same(&s3::endpoint::resolve(&ours_arn).unwrap().url, ready(sdk_s3.resolve_endpoint(&sdk_arn)).unwrap().url());

    // The SDK's resolvers keep the last params and their endpoint, and answer a call with the
    // same params from there: `sdk` is a call that resolves (a resolver that has not answered
    // yet, made outside the timing; the time includes keeping the answer, as every call with
    // new params does), `sdk-cached` a call with the params of the last one.
    let mut g = c.benchmark_group("peer-endpoints");
    g.bench_function("guardduty-region/shapegen", |b| b.iter(|| guardduty::endpoint::resolve(black_box(&ours_gd))));
    g.bench_function("guardduty-region/sdk", |b| {
        b.iter_batched_ref(
            aws_sdk_guardduty::config::endpoint::DefaultResolver::new,
            |fresh| ready(fresh.resolve_endpoint(black_box(&sdk_gd_params))),
            BatchSize::SmallInput,
        )
    });
    g.bench_function("guardduty-region/sdk-cached", |b| {
        b.iter(|| ready(sdk_gd.resolve_endpoint(black_box(&sdk_gd_params))))
    });
    for (case, ours, sdk) in [("s3-bucket", &ours_bucket, &sdk_bucket), ("s3-access-point", &ours_arn, &sdk_arn)] {
        g.bench_function(format!("{case}/shapegen"), |b| b.iter(|| s3::endpoint::resolve(black_box(ours))));
        g.bench_function(format!("{case}/sdk"), |b| {
            b.iter_batched_ref(
                aws_sdk_s3::config::endpoint::DefaultResolver::new,
                |fresh| ready(fresh.resolve_endpoint(black_box(sdk))),
                BatchSize::SmallInput,
            )
        });
        g.bench_function(format!("{case}/sdk-cached"), |b| b.iter(|| ready(sdk_s3.resolve_endpoint(black_box(sdk)))));
    }
    g.finish();
    c.final_summary();
    ratios();
}

/// Prints shapegen's median over the SDK's, per case, from criterion's estimates of this run.
fn ratios() {
    let median = |case: &str, side: &str| common::median_ns("peer-endpoints", &format!("{case}/{side}"));
    for case in ["guardduty-region", "s3-bucket", "s3-access-point"] {
        match (median(case, "shapegen"), median(case, "sdk"), median(case, "sdk-cached")) {
            (Some(ours), Some(sdk), Some(cached)) => println!(
                "{case}: shapegen {ours:.1} ns, SDK resolving {sdk:.1} ns (ratio {:.2}), SDK from its cache {cached:.1} ns (ratio {:.2})",
                ours / sdk,
                ours / cached
            ),
            _ => println!("{case}: no estimates found; was it filtered out?"),
        }
    }
}
