#!/usr/bin/env bash
# What the small program calling S3, DynamoDB and SQS costs to build, written with
# shapegen-client (`calls-shapegen/`: the three services generated from the full botocore
# models at build time) and with the AWS SDK for Rust (`calls-sdk/`): cold debug builds
# (`cargo build -p CRATE`), each in a fresh, empty target folder, alternating between the two,
# RUNS times (3 unless set), timed with /usr/bin/time as `build-cost.sh` does: wall time, CPU
# time (user + system, all processes; less disturbed than wall time by other work on the
# machine) and peak memory (the largest single process, in practice one rustc). The builds run
# under `nice -n 10`; the load average and the number of rustc processes already running are
# recorded before each.
#
# Crates are fetched first (`cargo fetch`) and builds run `--offline --locked`: no download is
# timed. Usage: peers/calls-build-cost.sh [SCRATCH_DIR] (default: a new temporary folder,
# removed at the end; it needs about 2 GB). TLS=1 adds a third build to each round:
# `calls-shapegen` with `shapegen-client`'s `tls` feature, which real (`https://`) AWS
# endpoints need. ALONE=1 adds, after each cold build, the service crates alone (`cargo clean
# -p` them, then build again): `calls-shapegen` itself (its build script generating the three
# services, then compiling them), or `aws-sdk-s3`, `aws-sdk-dynamodb` and `aws-sdk-sqs`.
set -euo pipefail
cd "$(dirname "$0")"

runs=${RUNS:-3}
# shellcheck source=build-common.sh
source ./build-common.sh "$@"

rows=()
labels=()
declare -A walls cpus rsses

# build LABEL RUN TARGET CARGO_ARGS...: `cargo build CARGO_ARGS` timed, a table row.
build() {
  local label=$1 run=$2 target=$3
  shift 3
  local log
  log="$scratch/$(echo "$label-$run" | tr -c 'a-zA-Z0-9\n' '_').log"
  local load rustcs
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  rustcs=$(pgrep -x rustc | wc -l || true)
  /usr/bin/time -v -o "$log.time" nice -n 10 cargo build "$@" --offline --locked --target-dir "$target" \
    >"$log" 2>&1 || {
    cat "$log" >&2
    exit 1
  }
  local wall cpu rss compiled size
  wall=$(sed -n 's/^\s*Elapsed (wall clock) time ([^)]*): //p' "$log.time" |
    awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.1f", s }')
  cpu=$(awk -F': ' '/^[ \t]*(User|System) time \(seconds\)/ { s += $2 } END { printf "%.1f", s }' "$log.time")
  rss=$(($(sed -n 's/^\s*Maximum resident set size (kbytes): //p' "$log.time") / 1024))
  compiled=$(grep -c '^\s*Compiling ' "$log" || true)
  size=$(du -sh "$target" | cut -f1)
  [[ -n ${walls[$label]:-} ]] || labels+=("$label")
  walls[$label]+="$wall "
  cpus[$label]+="$cpu "
  rsses[$label]+="$rss "
  rows+=("| $label | $run | $load | $rustcs | $wall s | $cpu s | $rss MB | $compiled | $size |")
  echo "$label, run $run (load $load, $rustcs rustc running): ${wall}s wall, ${cpu}s CPU, ${rss} MB peak, $compiled crates compiled, target $size" >&2
}

# cold LABEL RUN "CRATES ALONE" CARGO_ARGS...: a cold build in a fresh target folder; with
# ALONE=1, then the crates CRATES alone.
cold() {
  local label=$1 run=$2 alone=$3
  shift 3
  local target="$scratch/target"
  rm -rf "$target"
  build "$label, cold" "$run" "$target" "$@"
  if [[ ${ALONE:-} == 1 ]]; then
    local crate args=()
    for crate in $alone; do args+=(-p "$crate"); done
    cargo clean --offline "${args[@]}" --target-dir "$target" >/dev/null 2>&1
    build "$label, $(echo "$alone" | sed 's/\([^ ]*\)/`\1`/g; s/ /, /g') alone" "$run" "$target" "$@"
  fi
  rm -rf "$target"
}

for run in $(seq 1 "$runs"); do
  cold '`calls-shapegen`' "$run" calls-shapegen -p calls-shapegen
  if [[ ${TLS:-} == 1 ]]; then
    cold '`calls-shapegen` with `tls`' "$run" calls-shapegen -p calls-shapegen --features shapegen-client/tls
  fi
  cold '`calls-sdk`' "$run" "aws-sdk-s3 aws-sdk-dynamodb aws-sdk-sqs" -p calls-sdk
done

# median VALUES...: the median, and the range.
median() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
    m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%s (%s–%s)", m, v[1], v[NR] }'
}
mid() { median "$@" | cut -d' ' -f1; }

echo
echo "| build (debug) | run | load average before (1, 5, 15 min) | rustc running before | wall | CPU | peak memory | crates compiled | target folder |"
echo "|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
echo "| build (debug) | wall, median (range) | CPU, median (range) | peak memory, median (range) |"
echo "|---|---|---|---|"
for label in "${labels[@]}"; do
  # shellcheck disable=SC2086
  echo "| $label | $(median ${walls[$label]}) s | $(median ${cpus[$label]}) s | $(median ${rsses[$label]}) MB |"
done
ours='`calls-shapegen`, cold' sdk='`calls-sdk`, cold'
# shellcheck disable=SC2086
awk -v w1="$(mid ${walls[$ours]})" -v w2="$(mid ${walls[$sdk]})" \
  -v c1="$(mid ${cpus[$ours]})" -v c2="$(mid ${cpus[$sdk]})" \
  -v r1="$(mid ${rsses[$ours]})" -v r2="$(mid ${rsses[$sdk]})" \
  'BEGIN { printf "\ncold, shapegen / SDK, of the medians: wall %.2f, CPU %.2f, peak memory %.2f (goal: at most 0.33)\n", w1 / w2, c1 / c2, r1 / r2 }'
