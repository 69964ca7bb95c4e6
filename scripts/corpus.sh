#!/usr/bin/env bash
# Generates every service of a botocore release with `shapegen corpus`, on all cores, and prints
# the report: per service its protocol, operations, shapes, lines of Rust, time and result.
# Every output is parsed with syn. Fetches the release into cache/ first (see botocore.sh).
#
#   scripts/corpus.sh                 # the pinned release
#   scripts/corpus.sh 1.44.8 -o DIR   # a release; further arguments go to `shapegen corpus`
set -euo pipefail
version="${1:-1.44.8}"
shift || true
root="$(cd "$(dirname "$0")/.." && pwd)"
data="$("$root/scripts/botocore.sh" "$version")"
cargo build --quiet --release --manifest-path "$root/Cargo.toml" -p shapegen
target="${CARGO_TARGET_DIR:-$root/target}"
exec "$target/release/shapegen" corpus "$data" "$@"
