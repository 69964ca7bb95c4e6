#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 600) each, seeded with the repository's models
# and responses. cargo-fuzz needs nightly features; RUSTC_BOOTSTRAP lets the stable toolchain
# provide them. Corpora and artifacts stay under fuzz/ (ignored by git); a crash found is
# kept as a regression test in codegen/tests/robustness.rs or tests/responses.rs.
#
#   cargo install cargo-fuzz && fuzz/run.sh 600
set -euo pipefail
seconds="${1:-600}"
cd "$(dirname "$0")"
export RUSTC_BOOTSTRAP=1
mkdir -p corpus/model_bytes corpus/structured_model corpus/response
cp ../spec/guardduty/service-2.json corpus/model_bytes/spec.json
cp ../tests/cases/*/model.json ../tests/fixtures/errorcode/*.json corpus/model_bytes/
cp ../tests/fixtures/get-findings-response.json corpus/response/
for target in model_bytes structured_model response; do
  echo "== $target, ${seconds}s"
  cargo fuzz run "$target" "corpus/$target" -- -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=30 2>&1 \
    | grep -E "^#[0-9]+ *DONE|Done [0-9]+ runs|SUMMARY|ERROR|panicked|Test unit written" || true
done
