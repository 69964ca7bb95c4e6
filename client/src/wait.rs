//! Waiting: an operation polled until one of its waiter's acceptors ends the wait, the delays
//! between polls as Smithy's waiter specification computes them.
//!
//! [`Client::wait`](crate::Client::wait) (and the async client's) sends the waiter's
//! operation with one input, as a call sends it (with its retries), and asks the waiter's
//! acceptors about each result, in order:
//!
//! - one in state `success` ends the wait with the last result ([`Waited`]);
//! - one in state `failure` ends it with [`WaitError::Failure`], naming the acceptor;
//! - one in state `retry`, or none after a success, polls again after a delay;
//! - none after an error ends it with that error ([`WaitError::Poll`]), as does a failure
//!   no acceptor can see (no response).
//!
//! The delay after poll `n` is from the least delay up to the least doubled `n - 1` times,
//! at most the waiter's longest, picked at random; the wait ends with
//! [`WaitError::Timeout`] when less than the least delay is left of the longest wait
//! ([`WaitConfig`]; for botocore's waiters, `delay` × `maxAttempts` by default).

use std::fmt;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use shapegen_runtime::waiter::{self, Accepted, Poll, State, Waiter};
use shapegen_runtime::{Operation, ServiceError};

use crate::error::Error;
use crate::retry::{DefaultJitter, Jitter};

/// The longest wait, for a waiter whose model implies none (Smithy's): five minutes.
pub const DEFAULT_MAX_WAIT: Duration = Duration::from_secs(300);

/// How long a wait may last and how often it polls; each unset value is the waiter's own.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WaitConfig {
    /// The longest wait in all: the waiter's (botocore: `delay` × `maxAttempts`), else
    /// [`DEFAULT_MAX_WAIT`].
    pub max_wait: Option<Duration>,
    /// The least delay between polls (the model's `delay` or `minDelay`).
    pub min_delay: Option<Duration>,
    /// The longest delay between polls (the model's `maxDelay`, else 120 s).
    pub max_delay: Option<Duration>,
}

impl WaitConfig {
    /// The longest wait in all.
    pub fn max_wait(mut self, max_wait: Duration) -> WaitConfig {
        self.max_wait = Some(max_wait);
        self
    }

    /// The delays between polls: from `min` up to `max`.
    pub fn delays(mut self, min: Duration, max: Duration) -> WaitConfig {
        self.min_delay = Some(min);
        self.max_delay = Some(max);
        self
    }
}

/// A wait that ended in success: the last poll's result (the output; or the error, for a
/// waiter whose success is an error, such as a resource that no longer exists).
#[derive(Debug)]
pub struct Waited<T, E> {
    /// What the last poll gave.
    pub last: Result<T, Error<E>>,
    /// The acceptor that ended the wait, from 0 in the model's order.
    pub acceptor: usize,
    /// How many polls were made.
    pub attempts: u32,
    /// How long the wait took.
    pub elapsed: Duration,
}

/// How a wait ended without success.
#[derive(Debug)]
#[non_exhaustive]
pub enum WaitError<T, E> {
    /// An acceptor in state `failure` matched: what was waited for will not happen.
    Failure {
        /// The waiter's name.
        waiter: &'static str,
        /// The acceptor, from 0 in the model's order.
        acceptor: usize,
        /// What the last poll gave.
        last: Result<T, Error<E>>,
        /// How many polls were made.
        attempts: u32,
    },
    /// The longest wait passed.
    Timeout {
        /// The waiter's name.
        waiter: &'static str,
        /// How many polls were made.
        attempts: u32,
        /// How long the wait took.
        elapsed: Duration,
        /// What the last poll gave.
        last: Result<T, Error<E>>,
    },
    /// A poll failed in a way no acceptor covers.
    Poll {
        /// The waiter's name.
        waiter: &'static str,
        /// The failure.
        error: Error<E>,
        /// How many polls were made.
        attempts: u32,
    },
}

impl<T, E: ServiceError> fmt::Display for WaitError<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaitError::Failure { waiter, acceptor, last, attempts } => {
                write!(f, "waiter {waiter}: acceptor {acceptor} ends the wait in failure after {attempts} poll(s)")?;
                if let Err(error) = last {
                    write!(f, ": {error}")?;
                }
                Ok(())
            }
            WaitError::Timeout { waiter, attempts, elapsed, .. } => write!(
                f,
                "waiter {waiter}: not done after {attempts} poll(s) in {:.1} s, the longest wait",
                elapsed.as_secs_f64()
            ),
            WaitError::Poll { waiter, error, attempts } => {
                write!(f, "waiter {waiter}: poll {attempts} failed, and no acceptor covers it: {error}")
            }
        }
    }
}

impl<T: fmt::Debug, E: ServiceError + fmt::Debug + 'static> std::error::Error for WaitError<T, E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WaitError::Poll { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// How a wait on the operation `O` ends: [`Waited`] or [`WaitError`], with `O`'s output and
/// error.
pub type WaitResult<O> = Result<
    Waited<<O as Operation>::Output<'static>, <O as Operation>::Error<'static>>,
    WaitError<<O as Operation>::Output<'static>, <O as Operation>::Error<'static>>,
>;

/// What follows a poll.
pub(crate) enum Next<T, E> {
    /// The wait is over.
    Done(Result<Waited<T, E>, WaitError<T, E>>),
    /// Poll again after this long.
    Sleep(Duration),
}

/// One wait's bookkeeping, without a transport or a clock of its own to wait with: the
/// blocking and the async clients drive the same.
pub(crate) struct Waiting<'c, W> {
    started: Instant,
    max_wait: Duration,
    min_delay: Duration,
    max_delay: Duration,
    attempts: u32,
    jitter: &'c Mutex<DefaultJitter>,
    waiter: std::marker::PhantomData<fn() -> W>,
}

impl<'c, W: Waiter> Waiting<'c, W> {
    pub(crate) fn new(config: WaitConfig, jitter: &'c Mutex<DefaultJitter>) -> Self {
        let min_delay = config.min_delay.unwrap_or(W::MIN_DELAY);
        Waiting {
            started: Instant::now(),
            max_wait: config.max_wait.or(W::MAX_WAIT).unwrap_or(DEFAULT_MAX_WAIT),
            min_delay,
            max_delay: config.max_delay.unwrap_or(W::MAX_DELAY).max(min_delay),
            attempts: 0,
            jitter,
            waiter: std::marker::PhantomData,
        }
    }

    /// What follows the poll of `input` that gave `result` (with the response's status).
    pub(crate) fn after<T, E>(
        &mut self,
        input: &<W::Operation as Operation>::Input<'_>,
        result: Result<(u16, T), Error<E>>,
    ) -> Next<T, E>
    where
        W::Operation: Operation<Output<'static> = T, Error<'static> = E>,
        E: ServiceError,
    {
        self.attempts += 1;
        let accepted = match &result {
            Ok((status, output)) => W::accept(input, Poll::Output { status: *status, output }),
            Err(Error::Service { error, response }) => W::accept(input, Poll::Error { status: response.status, error }),
            Err(_) => None,
        };
        let attempts = self.attempts;
        let last = result.map(|(_, output)| output);
        match accepted {
            Some(Accepted { state: State::Success, acceptor }) => {
                return Next::Done(Ok(Waited { last, acceptor, attempts, elapsed: self.started.elapsed() }));
            }
            Some(Accepted { state: State::Failure, acceptor }) => {
                return Next::Done(Err(WaitError::Failure { waiter: W::NAME, acceptor, last, attempts }));
            }
            Some(Accepted { state: State::Retry, .. }) => {}
            None => {
                if let Err(error) = last {
                    return Next::Done(Err(WaitError::Poll { waiter: W::NAME, error, attempts }));
                }
            }
        }
        let elapsed = self.started.elapsed();
        let remaining = self.max_wait.saturating_sub(elapsed);
        let jitter = self.jitter.lock().unwrap_or_else(std::sync::PoisonError::into_inner).sample();
        match waiter::delay(attempts, self.min_delay, self.max_delay, remaining, jitter) {
            Some(delay) => Next::Sleep(delay),
            None => Next::Done(Err(WaitError::Timeout { waiter: W::NAME, attempts, elapsed, last })),
        }
    }
}
