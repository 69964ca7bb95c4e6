#!/usr/bin/env bash
# Every waiter of a botocore release, compiled (see scripts/scratch-check.sh).
#
#   scripts/waiters-check.sh 1.44.8 [SCRATCH_DIR]
#
# Measured with 1.44.8: 82 services, 415 waiters; `cargo check` 58 s on 2 cores (its
# dependencies included), 2.9 GB peak.
exec "$(dirname "$0")/scratch-check.sh" waiters "$@"
