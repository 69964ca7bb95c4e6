#!/usr/bin/env bash
# What depending on the generated types costs to build, beside depending on the AWS SDK: cold
# debug builds (`cargo build`) of the two user crates, each in a fresh, empty target folder,
# then each crate alone (`cargo clean -p CRATE` and build again), timed with /usr/bin/time:
# wall time, CPU time (user + system, all processes; less disturbed than wall time by other
# work on the machine) and peak memory (the largest single process, in practice one rustc).
#
# Crates are fetched first (`cargo fetch`) and builds run `--offline --locked`: no download is
# timed. Usage: peers/build-cost.sh [SCRATCH_DIR] (default: a new temporary folder, removed
# at the end; it needs a few GB). ROWS=shapegen or ROWS=sdk measures only that crate's rows.
set -euo pipefail
cd "$(dirname "$0")"

# shellcheck source=build-common.sh
source ./build-common.sh "$@"

rows=()

# measure LABEL TARGET_DIR CARGO_ARGS...: runs cargo under /usr/bin/time, adds a table row.
measure() {
  local label=$1 target=$2
  shift 2
  local log="$scratch/$(echo "$label" | tr -c 'a-zA-Z0-9\n' '_').log"
  /usr/bin/time -v -o "$log.time" cargo "$@" --offline --locked --target-dir "$target" >"$log" 2>&1 || {
    cat "$log" >&2
    exit 1
  }
  local wall cpu rss compiled size
  wall=$(sed -n 's/^\s*Elapsed (wall clock) time ([^)]*): //p' "$log.time" |
    awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.0f", s }')
  cpu=$(awk -F': ' '/^[ \t]*(User|System) time \(seconds\)/ { s += $2 } END { printf "%.0f", s }' "$log.time")
  rss=$(sed -n 's/^\s*Maximum resident set size (kbytes): //p' "$log.time")
  compiled=$(grep -c '^\s*Compiling ' "$log" || true)
  size=$(du -sh "$target" | cut -f1)
  rows+=("| $label | $wall s | $cpu s | $((rss / 1024)) MB | $compiled | $size |")
  echo "$label: ${wall}s wall, ${cpu}s CPU, $((rss / 1024)) MB peak, $compiled crates compiled, target $size" >&2
}

# cold USER CRATE [FEATURE_ARGS...]: a cold build of USER, then CRATE alone.
cold() {
  local user=$1 crate=$2
  shift 2
  local target="$scratch/target-$user${1:+-nodefault}"
  rm -rf "$target"
  local flags=${1:+ $*}
  measure "\`$user\`$flags, cold" "$target" build -p "$user" "$@"
  cargo clean --offline -p "$crate" --target-dir "$target" >/dev/null 2>&1
  measure "\`$crate\` alone (\`$user\`$flags)" "$target" build -p "$user" "$@"
  rm -rf "$target"
}

rows_wanted=${ROWS:-all}
case $rows_wanted in
  all | shapegen | sdk) ;;
  *)
    echo "ROWS is all, shapegen or sdk, not $rows_wanted" >&2
    exit 1
    ;;
esac
if [[ $rows_wanted != sdk ]]; then
  cold user-shapegen guardduty-types-full
  cold user-shapegen guardduty-types-full --no-default-features
fi
if [[ $rows_wanted != shapegen ]]; then
  cold user-sdk aws-sdk-guardduty
  cold user-sdk aws-sdk-guardduty --no-default-features
fi

echo
echo "| build (debug, \`cargo build\`) | wall time | CPU time | peak memory | crates compiled | target folder |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
