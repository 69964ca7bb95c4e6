//! AWS's "standard" retry mode, without a transport.
//!
//! A send loop, blocking or async, drives this module: it decides whether a failed attempt
//! is retried and after how long, and keeps the client's retry quota; sending and sleeping stay
//! with the caller. Randomness is passed in ([`Jitter`]), so that every decision can be
//! reproduced exactly in tests. [`Client::send`](crate::Client::send) is such a loop.
//!
//! The rules are those of standard mode as the AWS SDKs and Tools Reference Guide ("Retry
//! behavior") describes it and as botocore (`botocore/retries/standard.py`,
//! `botocore/retries/quota.py`) and the AWS SDK for Rust (`aws-smithy-runtime`, standard retry
//! strategy and token bucket; `aws-runtime`, retry classifiers) implement it:
//!
//! - at most [`DEFAULT_MAX_ATTEMPTS`] attempts, the first one included, unless configured
//!   otherwise ([`RetryConfig`]);
//! - only some failures are retried ([`classify`]): transport failures, the statuses and error
//!   codes of transient and throttling errors, and errors the service's model marks retryable;
//! - before retry `n` (counting from 0) the loop waits `b * min(base * 2^n, MAX_BACKOFF)`,
//!   with `b` uniformly random in `[0, 1]` ([`RetryConfig::backoff`]);
//! - every retry is paid for from a quota shared by all the client's calls ([`RetryQuota`]);
//!   once it is spent, failures are returned at once instead of retried.
//!
//! A call drives one [`RetryState`]. Here two throttled attempts come before a success:
//!
//! ```
//! use std::time::Duration;
//! use shapegen_client::retry::{Decision, DefaultJitter, Facts, RetryConfig, RetryQuota, RetryState, classify};
//!
//! let (config, quota) = (RetryConfig::default(), RetryQuota::new());
//! let mut jitter = DefaultJitter::new();
//! let mut attempts = [Err(429), Err(429), Ok("done")].into_iter();
//! let mut retry = RetryState::new(&config, &quota);
//! let result = loop {
//!     match attempts.next().unwrap() {
//!         Ok(body) => {
//!             retry.after_success();
//!             break Ok(body);
//!         }
//!         Err(status) => match retry.after_failure(classify(&Facts { status: Some(status), ..Facts::default() }), &mut jitter) {
//!             // A real loop sleeps `after` here.
//!             Decision::Retry { after } => assert!(after <= Duration::from_secs(2)),
//!             Decision::GiveUp { reason } => break Err(reason),
//!         },
//!     }
//! };
//! assert_eq!(result, Ok("done"));
//! ```
//!
//! These are the rules in force before the update the AWS Developer Tools Blog announced as
//! "Announcing updated retry behavior for AWS SDKs and Tools" (opt-in with
//! `AWS_NEW_RETRIES_2026=true`, planned as the default from November 2026), which makes a
//! non-throttling retry cost 14 and a throttling retry 5, drops the extra cost of timeouts,
//! lowers the backoff base of non-throttling errors to 50 ms and honours `x-amz-retry-after`.

use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How many attempts a call makes at most, the first one included, when nothing is configured.
///
/// From the AWS SDKs and Tools Reference Guide, "Retry behavior": in standard mode the default
/// `max_attempts` is three.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;

/// The longest wait before a retry: 20 seconds.
///
/// From botocore's standard mode (`ExponentialBackoff`, `_MAX_BACKOFF`) and the Boto3 guide
/// "Retries" ("a maximum backoff time of 20 seconds"); the AWS SDK for Rust and the AWS SDK for
/// Go v2 use the same value.
pub const MAX_BACKOFF: Duration = Duration::from_secs(20);

/// The wait that the exponential backoff doubles from: 1 second.
///
/// From botocore's standard mode, whose first retry waits `rand(0, 1)` seconds, and the AWS SDK
/// for Rust's default initial backoff.
pub const BASE_DELAY: Duration = Duration::from_secs(1);

/// The capacity a retry quota starts with, and never exceeds: 500.
///
/// From botocore (`RetryQuota.INITIAL_CAPACITY`), the AWS SDK for Rust and the AWS SDK for Go v2
/// (`DefaultRetryRateTokens`).
pub const QUOTA_CAPACITY: u32 = 500;

/// What a retry takes from the quota: 5.
///
/// From botocore (`RetryQuotaChecker._RETRY_COST`) and the AWS SDK for Go v2
/// (`DefaultRetryCost`).
pub const RETRY_COST: u32 = 5;

/// What a retry after a timed-out attempt takes from the quota: 10.
///
/// From botocore (`_TIMEOUT_RETRY_REQUEST`, for connect and read timeouts) and the AWS SDK for
/// Go v2 (`DefaultRetryTimeoutCost`).
pub const TIMEOUT_RETRY_COST: u32 = 10;

/// What a call that succeeds at its first attempt gives back to the quota: 1.
///
/// From botocore (`_NO_RETRY_INCREMENT`) and the AWS SDK for Go v2 (`DefaultNoRetryIncrement`).
pub const NO_RETRY_INCREMENT: u32 = 1;

/// How far apart the client's and the service's clocks must be before a clock-skew error is
/// worth correcting and retrying: 4 minutes.
///
/// From the AWS SDK for Java 2.x (`ClockSkew`, "CLOCK_SKEW_ADJUST_THRESHOLD") and the AWS SDK for
/// Rust (`service_clock_skew`, "SKEW_DETECTION_THRESHOLD"). With a smaller difference the error
/// is taken to have another cause.
pub const CLOCK_SKEW_THRESHOLD: Duration = Duration::from_secs(4 * 60);

/// Error codes that mean the caller is being throttled.
///
/// The list the AWS SDKs share: botocore (`ThrottledRetryableChecker`), the AWS SDK for Rust
/// (`THROTTLING_ERRORS`), the AWS SDK for Go v2 (`DefaultThrottleErrorCodes`) and the AWS SDK for
/// JavaScript v3 (`THROTTLING_ERROR_CODES`) all have these fourteen.
pub const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// Error codes of transient errors.
///
/// From botocore (`TransientRetryableChecker`), the AWS SDK for Rust (`TRANSIENT_ERRORS`) and the
/// AWS SDK for Go v2 (`DefaultRetryableErrorCodes`). Botocore also lists
/// `PriorRequestNotComplete`, which every SDK lists as throttling: it is classified as such
/// ([`THROTTLING_CODES`] are looked at first).
pub const TRANSIENT_CODES: &[&str] = &["RequestTimeout", "RequestTimeoutException"];

/// HTTP statuses of transient errors: 500, 502, 503 and 504.
///
/// From the Boto3 guide "Retries" (standard mode) and the status classifiers of botocore, the
/// AWS SDK for Rust, the AWS SDK for Go v2, the AWS SDK for Java 2.x and the AWS SDK for
/// JavaScript v3.
pub const TRANSIENT_STATUSES: &[u16] = &[500, 502, 503, 504];

/// The HTTP status of throttling: 429 Too Many Requests.
///
/// The AWS SDK for Java 2.x (`SdkServiceException.isThrottlingException`) and the AWS SDK for
/// JavaScript v3 (`isThrottlingError`) treat it as throttling whatever the error code.
pub const THROTTLING_STATUS: u16 = 429;

/// Error codes that a client clock too far from the service's can cause.
///
/// From the AWS SDK for Java 2.x (`AwsErrorCode.CLOCK_SKEW_ERROR_CODES`) and the AWS SDK for
/// JavaScript v3 (`CLOCK_SKEW_ERROR_CODES`), which have the same six.
pub const CLOCK_SKEW_CODES: &[&str] = &[
    "RequestTimeTooSkewed",
    "RequestExpired",
    "RequestInTheFuture",
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
    "AuthFailure",
];

/// How a client retries in standard mode: how many attempts, and how long the waits. The
/// settings that choose them (`retry_mode`, `max_attempts`) are read by
/// [`crate::config::settings`].
///
/// `Default` is [`DEFAULT_MAX_ATTEMPTS`], [`BASE_DELAY`] and [`MAX_BACKOFF`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RetryConfig {
    /// How many attempts a call makes at most, the first one included (the `max_attempts`
    /// setting, `AWS_MAX_ATTEMPTS`). 0 counts as 1: a call is always attempted once.
    pub max_attempts: u32,
    /// The wait that the backoff doubles from.
    pub base_delay: Duration,
    /// The longest wait before a retry.
    pub max_backoff: Duration,
}

impl Default for RetryConfig {
    fn default() -> RetryConfig {
        RetryConfig { max_attempts: DEFAULT_MAX_ATTEMPTS, base_delay: BASE_DELAY, max_backoff: MAX_BACKOFF }
    }
}

impl RetryConfig {
    /// How long to wait before retry number `retry` (0 for the retry after the first attempt),
    /// given `jitter` drawn uniformly from `[0, 1]`: `jitter * min(base_delay * 2^retry,
    /// max_backoff)`.
    ///
    /// This is the truncated binary exponential backoff with full jitter of botocore's standard
    /// mode (`ExponentialBackoff.delay_amount`) and of the AWS SDK for Rust
    /// (`calculate_exponential_backoff`): the cap applies before the jitter, so waits stay
    /// spread out once they reach it. A `jitter` outside `[0, 1]` is clamped to it, and NaN
    /// counts as 1.
    pub fn backoff(&self, retry: u32, jitter: f64) -> Duration {
        let ceiling = 2u32
            .checked_pow(retry)
            .and_then(|factor| self.base_delay.checked_mul(factor))
            .map_or(self.max_backoff, |delay| delay.min(self.max_backoff));
        scale(ceiling, unit(jitter))
    }

    /// At least one attempt.
    fn attempts_allowed(&self) -> u32 {
        self.max_attempts.max(1)
    }
}

/// `sample` clamped to `[0, 1]`, NaN as 1.
fn unit(sample: f64) -> f64 {
    if sample.is_nan() { 1.0 } else { sample.clamp(0.0, 1.0) }
}

/// `duration * fraction` for `fraction` in `[0, 1]`, to the nanosecond. The product is at most
/// `duration`, which is the answer when rounding takes it past what a `Duration` holds.
fn scale(duration: Duration, fraction: f64) -> Duration {
    Duration::try_from_secs_f64(duration.as_secs_f64() * fraction).map_or(duration, |scaled| scaled.min(duration))
}

/// Why an attempt failed, as far as retrying is concerned. A failure that is none of these is
/// not retried (`classify` gives `None`).
///
/// The classes of the AWS SDKs' retry classifiers (botocore's transient and throttled checkers;
/// the AWS SDK for Rust's `ErrorKind`), with timeouts apart because a retry after one costs
/// more ([`TIMEOUT_RETRY_COST`]) and clock skew apart because it is retried only once the
/// clock is corrected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The service or the network failed in a way that may pass: a 5xx status of
    /// [`TRANSIENT_STATUSES`], an error code of [`TRANSIENT_CODES`], a retryable modeled error,
    /// or a connection or I/O failure.
    Transient,
    /// The attempt timed out (connecting or reading): retried as a transient error, at
    /// [`TIMEOUT_RETRY_COST`].
    Timeout,
    /// The service says the caller is sending too fast: an error code of [`THROTTLING_CODES`],
    /// the status [`THROTTLING_STATUS`], or a modeled error marked as throttling.
    Throttling,
    /// The signature was refused, perhaps because the client's clock is off: an error code of
    /// [`CLOCK_SKEW_CODES`].
    ///
    /// Worth one retry, and only after correcting the signing clock from the response's `Date`
    /// ([`clock_offset_millis`], [`needs_clock_correction`]); when the clock needs no
    /// correction, the client should report the failure as not retryable (pass `None` to
    /// [`RetryState::after_failure`]).
    ClockSkew,
}

impl ErrorKind {
    /// What a retry after this kind of failure takes from the quota: [`TIMEOUT_RETRY_COST`] for
    /// a timeout, [`RETRY_COST`] otherwise (botocore's `RetryQuotaChecker`; the AWS SDK for
    /// Go v2's `GetRetryToken`).
    pub fn retry_cost(self) -> u32 {
        match self {
            ErrorKind::Timeout => TIMEOUT_RETRY_COST,
            ErrorKind::Transient | ErrorKind::Throttling | ErrorKind::ClockSkew => RETRY_COST,
        }
    }
}

/// An attempt that got no response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TransportFailure {
    /// The connection could not be made (refused, reset while connecting, no route, a DNS
    /// failure that may pass).
    Connect,
    /// The connection failed while sending or receiving (reset, closed early, broken pipe).
    Io,
    /// Connecting or reading took longer than the client allows.
    Timeout,
}

/// What the service's model says of an error: the Smithy `@retryable` trait, or botocore's
/// `retryable` error metadata.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Modeled {
    /// The error is marked retryable.
    pub retryable: bool,
    /// The error is marked as throttling (`@retryable(throttling: true)`; botocore's
    /// `retryable: {throttling: true}`). Implies `retryable`.
    ///
    /// When neither is set the model says nothing, and the code and status decide.
    pub throttling: bool,
}

/// What is known of a failed attempt: the facts [`classify`] reads.
///
/// Fill in what there is: a response gives a status and usually an error code, perhaps a
/// modeled error; an attempt without a response gives a transport failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Facts<'a> {
    /// The error code the response carries. A raw code is accepted: what follows a `:` (as in
    /// `FooError:http://internal.amazon.com/...`) and what precedes a `#` (as in
    /// `aws.protocoltests#FooError`) are ignored.
    pub code: Option<&'a str>,
    /// The HTTP status of the response.
    pub status: Option<u16>,
    /// What the model says of the error, when the response is one of the operation's modeled
    /// errors.
    pub modeled: Option<Modeled>,
    /// Why no response came.
    pub transport: Option<TransportFailure>,
}

/// Whether, and as what, a failed attempt is retried; `None` when it is not.
///
/// The first of these rules that applies decides:
///
/// 1. a transport failure: a timeout is [`ErrorKind::Timeout`], a connect or I/O failure
///    [`ErrorKind::Transient`] (botocore's `ConnectionError` and `HTTPClientError`; the AWS SDK
///    for Rust's `SmithyErrorClassifier`);
/// 2. the model's mark: throttling, else transient (botocore's `ModeledRetryableChecker`; the
///    AWS SDK for Rust's `ModeledAsRetryableClassifier`, which runs before the code checks);
/// 3. the error code: [`THROTTLING_CODES`], then [`TRANSIENT_CODES`], then
///    [`CLOCK_SKEW_CODES`];
/// 4. the status: [`THROTTLING_STATUS`] is throttling, [`TRANSIENT_STATUSES`] transient.
pub fn classify(facts: &Facts<'_>) -> Option<ErrorKind> {
    if let Some(failure) = facts.transport {
        return Some(match failure {
            TransportFailure::Timeout => ErrorKind::Timeout,
            TransportFailure::Connect | TransportFailure::Io => ErrorKind::Transient,
        });
    }
    if let Some(modeled) = facts.modeled {
        if modeled.throttling {
            return Some(ErrorKind::Throttling);
        }
        if modeled.retryable {
            return Some(ErrorKind::Transient);
        }
    }
    if let Some(code) = facts.code.map(shapegen_runtime::response::sanitize_error_code) {
        if THROTTLING_CODES.contains(&code) {
            return Some(ErrorKind::Throttling);
        }
        if TRANSIENT_CODES.contains(&code) {
            return Some(ErrorKind::Transient);
        }
        if CLOCK_SKEW_CODES.contains(&code) {
            return Some(ErrorKind::ClockSkew);
        }
    }
    match facts.status {
        Some(THROTTLING_STATUS) => Some(ErrorKind::Throttling),
        Some(status) if TRANSIENT_STATUSES.contains(&status) => Some(ErrorKind::Transient),
        _ => None,
    }
}

/// The retry quota: the capacity that retries spend, shared by all the calls of a client.
///
/// From botocore (`RetryQuota`, `RetryQuotaChecker`) and the AWS SDK for Rust (`TokenBucket`):
/// it starts full ([`QUOTA_CAPACITY`]); a retry takes [`ErrorKind::retry_cost`] and is refused
/// when that is more than is left; a call that succeeds after retries gives back what its last
/// retry took; a call that succeeds at once gives back [`NO_RETRY_INCREMENT`]; it never holds
/// more than its capacity. Failures that are not retried, and calls that end in failure, give
/// nothing back. The AWS SDKs and Tools Reference Guide, "Retry behavior", explains the point:
/// when failures persist the quota runs out and the client fails fast instead of adding retries
/// to an outage.
///
/// Safe to share between threads (an atomic counter).
#[derive(Debug)]
pub struct RetryQuota {
    capacity: u32,
    available: AtomicU32,
}

impl Default for RetryQuota {
    fn default() -> RetryQuota {
        RetryQuota::new()
    }
}

impl RetryQuota {
    /// A full quota of [`QUOTA_CAPACITY`].
    pub fn new() -> RetryQuota {
        RetryQuota::with_capacity(QUOTA_CAPACITY)
    }

    /// A full quota of `capacity`.
    pub fn with_capacity(capacity: u32) -> RetryQuota {
        RetryQuota { capacity, available: AtomicU32::new(capacity) }
    }

    /// Takes the cost of a retry after a failure of `kind`, and returns it; `None`, taking
    /// nothing, when less than that is left.
    #[must_use = "a retry that was paid for should be made, and its cost released on success"]
    pub fn try_acquire(&self, kind: ErrorKind) -> Option<u32> {
        let cost = kind.retry_cost();
        // The counter is the only state: no other memory is ordered by it.
        self.available.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| left.checked_sub(cost)).ok()?;
        Some(cost)
    }

    /// Gives back `cost`, what the last retry of a call that then succeeded took; the quota
    /// stops at its capacity.
    pub fn release_on_success(&self, cost: u32) {
        let capacity = self.capacity;
        // `None` (nothing to store) when already full.
        let _ = self.available.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
            (left < capacity).then(|| left.saturating_add(cost).min(capacity))
        });
    }

    /// Gives back [`NO_RETRY_INCREMENT`] for a call that succeeded at its first attempt.
    pub fn on_first_attempt_success(&self) {
        self.release_on_success(NO_RETRY_INCREMENT);
    }

    /// What is left.
    pub fn available(&self) -> u32 {
        self.available.load(Ordering::Relaxed)
    }

    /// The most the quota holds.
    pub fn capacity(&self) -> u32 {
        self.capacity
    }
}

/// A source of the random factor `b` of the backoff, uniform in `[0, 1]`.
///
/// Any `FnMut() -> f64` is one, so a test can pass `&mut || 0.5`; [`DefaultJitter`] is the one
/// to use otherwise.
pub trait Jitter {
    /// The next number, in `[0, 1]`. Values outside are clamped to it, NaN counts as 1.
    fn sample(&mut self) -> f64;
}

impl<F: FnMut() -> f64> Jitter for F {
    fn sample(&mut self) -> f64 {
        self()
    }
}

/// A small pseudo-random [`Jitter`] (xorshift64*), seeded from the standard library's per-process
/// random hash keys and the time. Not for secrets: it only spreads the waits of many clients
/// apart.
///
/// Cheap to make: one per call, or one per thread.
#[derive(Debug, Clone)]
pub struct DefaultJitter {
    state: u64,
}

impl Default for DefaultJitter {
    fn default() -> DefaultJitter {
        DefaultJitter::new()
    }
}

impl DefaultJitter {
    /// A generator seeded unpredictably.
    pub fn new() -> DefaultJitter {
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |since| since.as_nanos());
        DefaultJitter::from_seed(RandomState::new().hash_one(now))
    }

    /// A generator that gives the same numbers for the same seed.
    pub fn from_seed(seed: u64) -> DefaultJitter {
        // splitmix64 spreads nearby seeds apart; xorshift needs a state other than 0.
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        DefaultJitter { state: if z == 0 { 0x9E37_79B9_7F4A_7C15 } else { z } }
    }

    fn next_u64(&mut self) -> u64 {
        let mut x = self.state;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.state = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

impl Jitter for DefaultJitter {
    /// A number in `[0, 1)`, from the top 53 bits of the generator.
    fn sample(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[must_use]
pub enum Decision {
    /// Wait `after`, then make the next attempt.
    Retry {
        /// How long to wait.
        after: Duration,
    },
    /// Return the failure to the caller.
    GiveUp {
        /// Why the call is not retried.
        reason: GiveUpReason,
    },
}

/// Why a failed call is not retried, for the client's error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GiveUpReason {
    /// The failure is not one that retrying can fix.
    NotRetryable,
    /// The call made as many attempts as it may.
    AttemptsExhausted {
        /// How many attempts it made.
        attempts: u32,
    },
    /// The client's retry quota cannot pay for another retry: too many recent calls failed.
    QuotaExhausted,
    /// The signature was refused for clock skew again, after the clock was corrected.
    ClockSkewPersists,
}

impl fmt::Display for GiveUpReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GiveUpReason::NotRetryable => f.write_str("the error is not retryable"),
            GiveUpReason::AttemptsExhausted { attempts: 1 } => f.write_str("gave up after 1 attempt"),
            GiveUpReason::AttemptsExhausted { attempts } => write!(f, "gave up after {attempts} attempts"),
            GiveUpReason::QuotaExhausted => {
                f.write_str("not retried: the client's retry quota is spent by recent failures")
            }
            GiveUpReason::ClockSkewPersists => {
                f.write_str("not retried: the request was refused for clock skew again after correcting the clock")
            }
        }
    }
}

/// The retry bookkeeping of one call: which attempt it is at, and what its last retry took from
/// the quota.
///
/// Make one per call, report each failed attempt to [`RetryState::after_failure`] and the
/// success, if any, to [`RetryState::after_success`].
#[derive(Debug)]
pub struct RetryState<'q> {
    config: RetryConfig,
    quota: &'q RetryQuota,
    attempt: u32,
    last_cost: Option<u32>,
    clock_skew_retried: bool,
}

impl<'q> RetryState<'q> {
    /// The state of a call about to make its first attempt, under `config`, paying for its
    /// retries from `quota`.
    pub fn new(config: &RetryConfig, quota: &'q RetryQuota) -> RetryState<'q> {
        RetryState { config: *config, quota, attempt: 1, last_cost: None, clock_skew_retried: false }
    }

    /// The number of the attempt under way, from 1 (as the `amz-sdk-request` header's
    /// `attempt=` counts).
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// How many attempts the call may make (the `amz-sdk-request` header's `max=`).
    pub fn max_attempts(&self) -> u32 {
        self.config.attempts_allowed()
    }

    /// Decides what follows a failed attempt, classified as `kind` (`None`: not retryable).
    ///
    /// In botocore's order (`RetryHandler.needs_retry`): the failure must be retryable, and the
    /// call under its maximum attempts; then the quota must pay for the retry; only then is the
    /// wait drawn from `jitter` ([`RetryConfig::backoff`]). A clock-skew failure is retried once
    /// per call; that retry counts as an attempt and is paid for like any other. A retry's cost
    /// replaces what an earlier retry of the call took, which stays spent, as in botocore and
    /// the AWS SDK for Rust.
    pub fn after_failure(&mut self, kind: Option<ErrorKind>, jitter: &mut impl Jitter) -> Decision {
        let Some(kind) = kind else {
            return Decision::GiveUp { reason: GiveUpReason::NotRetryable };
        };
        if kind == ErrorKind::ClockSkew && self.clock_skew_retried {
            return Decision::GiveUp { reason: GiveUpReason::ClockSkewPersists };
        }
        if self.attempt >= self.max_attempts() {
            return Decision::GiveUp { reason: GiveUpReason::AttemptsExhausted { attempts: self.attempt } };
        }
        let Some(cost) = self.quota.try_acquire(kind) else {
            return Decision::GiveUp { reason: GiveUpReason::QuotaExhausted };
        };
        self.last_cost = Some(cost);
        if kind == ErrorKind::ClockSkew {
            self.clock_skew_retried = true;
        }
        let after = self.config.backoff(self.attempt - 1, jitter.sample());
        self.attempt += 1;
        Decision::Retry { after }
    }

    /// Records that the call succeeded: gives back to the quota what its last retry took, or
    /// [`NO_RETRY_INCREMENT`] when it succeeded at its first attempt. Call it once, when the
    /// call ends.
    pub fn after_success(&mut self) {
        match self.last_cost {
            Some(cost) => self.quota.release_on_success(cost),
            None => self.quota.on_first_attempt_success(),
        }
    }
}

/// The offset, in milliseconds, to add to the local clock when signing, measured from a
/// response: the time its `Date` header (`date`) names minus the local time it arrived
/// (`received_at`). Positive when the service's clock is ahead.
///
/// `None` when `date` is not an HTTP date ([`shapegen_runtime::time::parse_http_date`]) or the
/// offset does not
/// fit in an `i64`. As in the AWS SDK for Java 2.x (`ClockSkewAdjuster`) the offset is measured
/// against the arrival time; `Date` has whole seconds, so it is exact to a second.
pub fn clock_offset_millis(date: &str, received_at: SystemTime) -> Option<i64> {
    let server = i128::from(shapegen_runtime::time::parse_http_date(date).ok()?.as_millisecond());
    let local = match received_at.duration_since(UNIX_EPOCH) {
        Ok(after) => i128::try_from(after.as_millis()).ok()?,
        Err(before) => -i128::try_from(before.duration().as_millis()).ok()?,
    };
    i64::try_from(server - local).ok()
}

/// Whether a clock-skew error calls for correcting the signing clock and retrying: whether the
/// offset just measured ([`clock_offset_millis`]) is at least [`CLOCK_SKEW_THRESHOLD`] away from
/// the offset the failed request was signed with.
///
/// Below the threshold the clock was not the cause, and the error is not retried (the AWS SDK
/// for Java 2.x's `ClockSkew.isClockSkewed`; the AWS SDK for Rust's
/// `ServiceClockSkewClassifier`).
pub fn needs_clock_correction(applied_millis: i64, measured_millis: i64) -> bool {
    let difference = (i128::from(measured_millis) - i128::from(applied_millis)).unsigned_abs();
    difference >= CLOCK_SKEW_THRESHOLD.as_millis()
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::cell::Cell;
    use std::sync::Arc;

    fn ms(millis: u64) -> Duration {
        Duration::from_millis(millis)
    }

    fn code(code: &str) -> Facts<'_> {
        Facts { code: Some(code), ..Facts::default() }
    }

    fn status(status: u16) -> Facts<'static> {
        Facts { status: Some(status), ..Facts::default() }
    }

    fn transport(failure: TransportFailure) -> Facts<'static> {
        Facts { transport: Some(failure), ..Facts::default() }
    }

    fn modeled(retryable: bool, throttling: bool) -> Facts<'static> {
        Facts { modeled: Some(Modeled { retryable, throttling }), ..Facts::default() }
    }

    /// Fixed jitter.
    fn fixed(b: f64) -> impl FnMut() -> f64 {
        move || b
    }

    // Classification.

    #[test]
    fn classification_table() {
        use ErrorKind::*;
        let table: &[(Facts<'_>, Option<ErrorKind>)] = &[
            // Nothing known: not retried.
            (Facts::default(), None),
            // Transport failures.
            (transport(TransportFailure::Connect), Some(Transient)),
            (transport(TransportFailure::Io), Some(Transient)),
            (transport(TransportFailure::Timeout), Some(Timeout)),
            // Statuses.
            (status(500), Some(Transient)),
            (status(502), Some(Transient)),
            (status(503), Some(Transient)),
            (status(504), Some(Transient)),
            (status(429), Some(Throttling)),
            (status(501), None),
            (status(505), None),
            (status(509), None),
            (status(408), None),
            (status(400), None),
            (status(403), None),
            (status(404), None),
            (status(200), None),
            // Transient codes.
            (code("RequestTimeout"), Some(Transient)),
            (code("RequestTimeoutException"), Some(Transient)),
            // Throttling beats transient for the code botocore lists as both.
            (code("PriorRequestNotComplete"), Some(Throttling)),
            // Clock skew codes.
            (code("RequestTimeTooSkewed"), Some(ClockSkew)),
            (code("RequestExpired"), Some(ClockSkew)),
            (code("RequestInTheFuture"), Some(ClockSkew)),
            (code("InvalidSignatureException"), Some(ClockSkew)),
            (code("SignatureDoesNotMatch"), Some(ClockSkew)),
            (code("AuthFailure"), Some(ClockSkew)),
            // Codes that are not retried.
            (code("ValidationException"), None),
            (code("AccessDeniedException"), None),
            (code("ResourceNotFoundException"), None),
            (code("InternalError"), None),
            (code(""), None),
            // Codes are case-sensitive.
            (code("throttling"), None),
            // Modeled marks.
            (modeled(true, false), Some(Transient)),
            (modeled(true, true), Some(Throttling)),
            (modeled(false, true), Some(Throttling)),
            (modeled(false, false), None),
        ];
        for (facts, expected) in table {
            assert_eq!(classify(facts), *expected, "{facts:?}");
        }
        for throttling in THROTTLING_CODES {
            assert_eq!(classify(&code(throttling)), Some(Throttling), "{throttling}");
        }
    }

    #[test]
    fn raw_codes_are_reduced_to_the_error_name() {
        let raw = [
            "ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral.availability/",
            "aws.protocoltests.restjson#ThrottlingException",
            "com.amazonaws.dynamodb.v20120810#ThrottlingException:http://internal.amazon.com/",
            " ThrottlingException ",
        ];
        for raw in raw {
            assert_eq!(classify(&code(raw)), Some(ErrorKind::Throttling), "{raw}");
        }
        assert_eq!(classify(&code("#")), None);
        assert_eq!(classify(&code(":")), None);
    }

    #[test]
    fn classification_precedence() {
        // A transport failure has no response, but wins if both are given.
        let both = Facts { transport: Some(TransportFailure::Timeout), status: Some(500), ..Facts::default() };
        assert_eq!(classify(&both), Some(ErrorKind::Timeout));
        // The model's mark beats the code.
        let marked = Facts {
            code: Some("RequestTimeout"),
            modeled: Some(Modeled { retryable: true, throttling: true }),
            ..Facts::default()
        };
        assert_eq!(classify(&marked), Some(ErrorKind::Throttling));
        // An unmarked modeled error still goes by its code and status.
        let unmarked =
            Facts { code: Some("SlowDown"), status: Some(503), modeled: Some(Modeled::default()), ..Facts::default() };
        assert_eq!(classify(&unmarked), Some(ErrorKind::Throttling));
        // The code beats the status: S3's SlowDown comes as 503.
        assert_eq!(
            classify(&Facts { code: Some("SlowDown"), status: Some(503), ..Facts::default() }),
            Some(ErrorKind::Throttling)
        );
        // A clock skew code with a 403.
        assert_eq!(
            classify(&Facts { code: Some("SignatureDoesNotMatch"), status: Some(403), ..Facts::default() }),
            Some(ErrorKind::ClockSkew)
        );
        // An unknown code falls back on the status.
        assert_eq!(
            classify(&Facts { code: Some("InternalError"), status: Some(500), ..Facts::default() }),
            Some(ErrorKind::Transient)
        );
        assert_eq!(
            classify(&Facts { code: Some("Whatever"), status: Some(429), ..Facts::default() }),
            Some(ErrorKind::Throttling)
        );
        assert_eq!(classify(&Facts { code: Some("ValidationException"), status: Some(400), ..Facts::default() }), None);
    }

    // Backoff.

    #[test]
    fn backoff_doubles_then_caps() {
        let config = RetryConfig::default();
        // b = 0.5: half of 1, 2, 4, 8, 16, then of the 20 s cap.
        let half: Vec<Duration> = (0..8).map(|retry| config.backoff(retry, 0.5)).collect();
        assert_eq!(half, [ms(500), ms(1000), ms(2000), ms(4000), ms(8000), ms(10_000), ms(10_000), ms(10_000)]);
        // b = 1: the ceiling itself.
        assert_eq!(config.backoff(0, 1.0), ms(1000));
        assert_eq!(config.backoff(4, 1.0), ms(16_000));
        assert_eq!(config.backoff(5, 1.0), MAX_BACKOFF);
        assert_eq!(config.backoff(31, 1.0), MAX_BACKOFF);
        assert_eq!(config.backoff(32, 1.0), MAX_BACKOFF);
        assert_eq!(config.backoff(u32::MAX, 1.0), MAX_BACKOFF);
        // b = 0: no wait.
        assert_eq!(config.backoff(3, 0.0), Duration::ZERO);
        // The jitter applies after the cap: waits past it stay spread out.
        assert_eq!(config.backoff(10, 0.25), ms(5000));
        assert_eq!(config.backoff(10, 0.75), ms(15_000));
    }

    #[test]
    fn backoff_clamps_the_jitter() {
        let config = RetryConfig::default();
        assert_eq!(config.backoff(0, -1.0), Duration::ZERO);
        assert_eq!(config.backoff(0, f64::NEG_INFINITY), Duration::ZERO);
        assert_eq!(config.backoff(0, 7.0), ms(1000));
        assert_eq!(config.backoff(0, f64::INFINITY), ms(1000));
        assert_eq!(config.backoff(0, f64::NAN), ms(1000));
        assert_eq!(config.backoff(9, f64::NAN), MAX_BACKOFF);
    }

    #[test]
    fn backoff_never_overflows() {
        let huge = RetryConfig { base_delay: Duration::MAX, max_backoff: Duration::MAX, ..RetryConfig::default() };
        assert_eq!(huge.backoff(0, 1.0), Duration::MAX);
        assert_eq!(huge.backoff(40, 1.0), Duration::MAX);
        assert_eq!(huge.backoff(40, 0.5), Duration::from_secs(1 << 63));
        let zero = RetryConfig { base_delay: Duration::ZERO, ..RetryConfig::default() };
        assert_eq!(zero.backoff(3, 1.0), Duration::ZERO);
        let uncapped = RetryConfig { max_backoff: Duration::ZERO, ..RetryConfig::default() };
        assert_eq!(uncapped.backoff(3, 1.0), Duration::ZERO);
        let tiny = RetryConfig { base_delay: Duration::new(0, 4), ..RetryConfig::default() };
        assert_eq!(tiny.backoff(0, 0.5), Duration::new(0, 2));
    }

    #[test]
    fn default_jitter_is_in_range_and_seeded() {
        let mut jitter = DefaultJitter::from_seed(0);
        let samples: Vec<f64> = (0..10_000).map(|_| jitter.sample()).collect();
        assert!(samples.iter().all(|&b| (0.0..1.0).contains(&b)));
        let mean = samples.iter().sum::<f64>() / samples.len() as f64;
        assert!((0.45..0.55).contains(&mean), "{mean}");
        let again: Vec<f64> = {
            let mut jitter = DefaultJitter::from_seed(0);
            (0..10_000).map(|_| jitter.sample()).collect()
        };
        assert_eq!(samples, again);
        let mut other = DefaultJitter::from_seed(1);
        assert_ne!(samples[0], other.sample());
        let mut unseeded = DefaultJitter::new();
        assert!((0.0..1.0).contains(&unseeded.sample()));
    }

    // Quota.

    #[test]
    fn quota_drains_to_refusal_and_refills() {
        let quota = RetryQuota::new();
        for taken in 1..=100 {
            assert_eq!(quota.try_acquire(ErrorKind::Transient), Some(5));
            assert_eq!(quota.available(), 500 - 5 * taken);
        }
        assert_eq!(quota.try_acquire(ErrorKind::Throttling), None);
        assert_eq!(quota.try_acquire(ErrorKind::Timeout), None);
        assert_eq!(quota.available(), 0);
        // First-attempt successes give back one each.
        for _ in 0..4 {
            quota.on_first_attempt_success();
        }
        assert_eq!(quota.available(), 4);
        assert_eq!(quota.try_acquire(ErrorKind::Transient), None);
        quota.on_first_attempt_success();
        assert_eq!(quota.try_acquire(ErrorKind::Transient), Some(5));
        assert_eq!(quota.available(), 0);
        // Refunds stop at the capacity.
        quota.release_on_success(498);
        assert_eq!(quota.available(), 498);
        quota.release_on_success(10);
        assert_eq!(quota.available(), 500);
        quota.on_first_attempt_success();
        quota.release_on_success(u32::MAX);
        assert_eq!(quota.available(), 500);
    }

    #[test]
    fn timeouts_cost_more() {
        let quota = RetryQuota::new();
        let mut retries = 0;
        while quota.try_acquire(ErrorKind::Timeout).is_some() {
            retries += 1;
        }
        assert_eq!(retries, 50);
        let quota = RetryQuota::with_capacity(12);
        assert_eq!(quota.try_acquire(ErrorKind::Timeout), Some(10));
        assert_eq!(quota.try_acquire(ErrorKind::Timeout), None);
        assert_eq!(quota.available(), 2);
    }

    #[test]
    fn empty_quota() {
        let quota = RetryQuota::with_capacity(0);
        assert_eq!(quota.try_acquire(ErrorKind::Transient), None);
        quota.on_first_attempt_success();
        assert_eq!(quota.available(), 0);
    }

    #[test]
    fn quota_is_shared_between_threads() {
        let quota = Arc::new(RetryQuota::new());
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let quota = Arc::clone(&quota);
                std::thread::spawn(move || {
                    let mut taken = 0u32;
                    while quota.try_acquire(ErrorKind::Transient).is_some() {
                        taken += 1;
                    }
                    taken
                })
            })
            .collect();
        let taken: u32 = threads.into_iter().map(|thread| thread.join().unwrap_or(0)).sum();
        assert_eq!(taken, 100);
        assert_eq!(quota.available(), 0);
    }

    // The per-call state.

    #[test]
    fn shareable_between_threads() {
        fn send_sync<T: Send + Sync>() {}
        send_sync::<RetryQuota>();
        send_sync::<RetryState<'static>>();
        send_sync::<DefaultJitter>();
        send_sync::<Facts<'static>>();
    }

    #[test]
    fn loop_ends_after_max_attempts() {
        let quota = RetryQuota::new();
        let config = RetryConfig::default();
        let mut state = RetryState::new(&config, &quota);
        let mut jitter = fixed(0.5);
        assert_eq!((state.attempt(), state.max_attempts()), (1, 3));
        assert_eq!(state.after_failure(Some(ErrorKind::Transient), &mut jitter), Decision::Retry { after: ms(500) });
        assert_eq!(state.attempt(), 2);
        assert_eq!(state.after_failure(Some(ErrorKind::Throttling), &mut jitter), Decision::Retry { after: ms(1000) });
        assert_eq!(state.attempt(), 3);
        assert_eq!(
            state.after_failure(Some(ErrorKind::Transient), &mut jitter),
            Decision::GiveUp { reason: GiveUpReason::AttemptsExhausted { attempts: 3 } }
        );
        assert_eq!(state.attempt(), 3);
        // Two retries paid for; the call failed, so nothing comes back.
        assert_eq!(quota.available(), 490);
    }

    #[test]
    fn configured_attempts() {
        let quota = RetryQuota::new();
        for (max_attempts, retries) in [(0, 0), (1, 0), (2, 1), (5, 4)] {
            let config = RetryConfig { max_attempts, ..RetryConfig::default() };
            let mut state = RetryState::new(&config, &quota);
            let mut made = 0;
            let mut jitter = fixed(0.0);
            loop {
                match state.after_failure(Some(ErrorKind::Transient), &mut jitter) {
                    Decision::Retry { after } => {
                        assert_eq!(after, Duration::ZERO);
                        made += 1;
                    }
                    Decision::GiveUp { reason } => {
                        assert_eq!(reason, GiveUpReason::AttemptsExhausted { attempts: max_attempts.max(1) });
                        break;
                    }
                }
            }
            assert_eq!(made, retries, "max_attempts {max_attempts}");
        }
    }

    #[test]
    fn waits_follow_the_backoff() {
        let quota = RetryQuota::new();
        let config = RetryConfig { max_attempts: 8, ..RetryConfig::default() };
        let mut state = RetryState::new(&config, &quota);
        let mut draws = [1.0, 1.0, 0.5, 0.5, 0.25, 1.0, 0.1].into_iter();
        let mut jitter = move || draws.next().unwrap_or(0.0);
        let waits: Vec<Duration> = (0..7)
            .map(|_| match state.after_failure(Some(ErrorKind::Throttling), &mut jitter) {
                Decision::Retry { after } => after,
                Decision::GiveUp { reason } => panic!("gave up: {reason}"),
            })
            .collect();
        assert_eq!(waits, [ms(1000), ms(2000), ms(2000), ms(4000), ms(4000), ms(20_000), ms(2000)]);
    }

    #[test]
    fn success_refunds_the_last_retry() {
        let quota = RetryQuota::new();
        let config = RetryConfig::default();
        let mut state = RetryState::new(&config, &quota);
        let mut jitter = fixed(0.0);
        assert!(matches!(state.after_failure(Some(ErrorKind::Transient), &mut jitter), Decision::Retry { .. }));
        assert!(matches!(state.after_failure(Some(ErrorKind::Timeout), &mut jitter), Decision::Retry { .. }));
        assert_eq!(quota.available(), 485);
        state.after_success();
        // The timeout's 10 come back; the first retry's 5 stay spent.
        assert_eq!(quota.available(), 495);
    }

    #[test]
    fn first_attempt_success_adds_one() {
        let quota = RetryQuota::new();
        let config = RetryConfig::default();
        assert_eq!(quota.try_acquire(ErrorKind::Transient), Some(5));
        RetryState::new(&config, &quota).after_success();
        assert_eq!(quota.available(), 496);
        for _ in 0..10 {
            RetryState::new(&config, &quota).after_success();
        }
        assert_eq!(quota.available(), 500);
    }

    #[test]
    fn exhausted_quota_gives_up_without_drawing() {
        let quota = RetryQuota::with_capacity(9);
        let config = RetryConfig { max_attempts: 10, ..RetryConfig::default() };
        let draws = Cell::new(0);
        let mut jitter = || {
            draws.set(draws.get() + 1);
            0.5
        };
        let mut state = RetryState::new(&config, &quota);
        assert_eq!(state.after_failure(Some(ErrorKind::Transient), &mut jitter), Decision::Retry { after: ms(500) });
        assert_eq!(
            state.after_failure(Some(ErrorKind::Transient), &mut jitter),
            Decision::GiveUp { reason: GiveUpReason::QuotaExhausted }
        );
        assert_eq!(draws.get(), 1);
        assert_eq!(state.attempt(), 2);
        assert_eq!(quota.available(), 4);
        // The next call's timeout is refused too, while a cheaper retry could still be paid.
        let mut next = RetryState::new(&config, &quota);
        assert_eq!(
            next.after_failure(Some(ErrorKind::Timeout), &mut jitter),
            Decision::GiveUp { reason: GiveUpReason::QuotaExhausted }
        );
        quota.on_first_attempt_success();
        assert!(matches!(next.after_failure(Some(ErrorKind::Transient), &mut jitter), Decision::Retry { .. }));
    }

    #[test]
    fn not_retryable_takes_nothing() {
        let quota = RetryQuota::new();
        let config = RetryConfig::default();
        let mut state = RetryState::new(&config, &quota);
        let mut jitter = fixed(0.5);
        assert_eq!(state.after_failure(None, &mut jitter), Decision::GiveUp { reason: GiveUpReason::NotRetryable });
        assert_eq!(
            state.after_failure(classify(&status(400)), &mut jitter),
            Decision::GiveUp { reason: GiveUpReason::NotRetryable }
        );
        assert_eq!(quota.available(), 500);
        assert_eq!(state.attempt(), 1);
    }

    #[test]
    fn clock_skew_is_retried_once() {
        let quota = RetryQuota::new();
        let config = RetryConfig { max_attempts: 5, ..RetryConfig::default() };
        let mut state = RetryState::new(&config, &quota);
        let mut jitter = fixed(0.5);
        assert_eq!(state.after_failure(Some(ErrorKind::ClockSkew), &mut jitter), Decision::Retry { after: ms(500) });
        assert_eq!(state.after_failure(Some(ErrorKind::Transient), &mut jitter), Decision::Retry { after: ms(1000) });
        assert_eq!(
            state.after_failure(Some(ErrorKind::ClockSkew), &mut jitter),
            Decision::GiveUp { reason: GiveUpReason::ClockSkewPersists }
        );
        assert_eq!(quota.available(), 490);
    }

    #[test]
    fn reasons_read_well() {
        assert_eq!(GiveUpReason::NotRetryable.to_string(), "the error is not retryable");
        assert_eq!(GiveUpReason::AttemptsExhausted { attempts: 1 }.to_string(), "gave up after 1 attempt");
        assert_eq!(GiveUpReason::AttemptsExhausted { attempts: 3 }.to_string(), "gave up after 3 attempts");
        assert!(GiveUpReason::QuotaExhausted.to_string().contains("retry quota"));
        assert!(GiveUpReason::ClockSkewPersists.to_string().contains("clock skew"));
    }

    // Clock skew.

    #[test]
    fn clock_offset() {
        let date = "Sun, 06 Nov 1994 08:49:37 GMT";
        let at = |millis: u64| UNIX_EPOCH + Duration::from_millis(millis);
        // In step, to the second.
        assert_eq!(clock_offset_millis(date, at(784_111_777_000)), Some(0));
        assert_eq!(clock_offset_millis(date, at(784_111_777_400)), Some(-400));
        // The service 10 minutes ahead, then 10 minutes behind.
        assert_eq!(clock_offset_millis(date, at(784_111_177_000)), Some(600_000));
        assert_eq!(clock_offset_millis(date, at(784_112_377_000)), Some(-600_000));
        // Malformed.
        assert_eq!(clock_offset_millis("yesterday", at(0)), None);
        assert_eq!(clock_offset_millis("", at(0)), None);
    }

    #[test]
    fn clock_offset_far_future_and_past() {
        let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(
            clock_offset_millis("Thu, 30 Dec 9999 00:00:00 GMT", now),
            Some((253_402_128_000 - 1_700_000_000) * 1000)
        );
        assert_eq!(
            clock_offset_millis("Mon, 01 Jan 0001 00:00:00 GMT", now),
            Some((-62_135_596_800 - 1_700_000_000) * 1000)
        );
        // A local clock before the epoch.
        let before = UNIX_EPOCH - Duration::from_secs(86_400);
        assert_eq!(clock_offset_millis("Thu, 01 Jan 1970 00:00:00 GMT", before), Some(86_400_000));
        // A local clock so far out that the offset does not fit in milliseconds.
        if let Some(far) = UNIX_EPOCH.checked_add(Duration::from_secs(u64::MAX / 1000 + 1)) {
            assert_eq!(clock_offset_millis("Thu, 01 Jan 1970 00:00:00 GMT", far), None);
        }
        if let Some(far) = UNIX_EPOCH.checked_sub(Duration::from_secs(u64::MAX / 1000 + 1)) {
            assert_eq!(clock_offset_millis("Thu, 01 Jan 1970 00:00:00 GMT", far), None);
        }
    }

    #[test]
    fn clock_correction_threshold() {
        assert!(!needs_clock_correction(0, 0));
        assert!(!needs_clock_correction(0, 239_999));
        assert!(!needs_clock_correction(0, -239_999));
        assert!(needs_clock_correction(0, 240_000));
        assert!(needs_clock_correction(0, -240_000));
        // Measured against the offset already applied.
        assert!(!needs_clock_correction(600_000, 601_000));
        assert!(needs_clock_correction(600_000, 0));
        assert!(needs_clock_correction(i64::MIN, i64::MAX));
        assert!(!needs_clock_correction(i64::MIN, i64::MIN));
    }
}
