#!/usr/bin/env bash
# Every streaming operation of a botocore release, compiled (see scripts/scratch-check.sh):
# bodies, event readers and writers.
#
#   scripts/streams-check.sh 1.44.8 [SCRATCH_DIR]
#
# Measured with 1.44.8: 33 services (41 streaming blobs, 26 output and 5 input event streams);
# `cargo check` 23 s on 2 cores.
exec "$(dirname "$0")/scratch-check.sh" streams "$@"
