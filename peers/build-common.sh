# What the build-cost scripts share, sourced by each from `peers/`: GNU time is there, the
# scratch folder (`$1`, else a new temporary one, removed at the end) is `$scratch`, the
# machine's facts are printed, and the crates are fetched (builds then run `--offline`).

if [[ ! -x /usr/bin/time ]]; then
  echo "needs GNU time at /usr/bin/time (Debian: apt-get install time)" >&2
  exit 1
fi

scratch=${1:-}
if [[ -z $scratch ]]; then
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
fi
mkdir -p "$scratch"

echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
rustc --version
cargo --version
echo "nproc: $(nproc)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for var in CARGO_INCREMENTAL CARGO_BUILD_JOBS RUSTFLAGS RUSTC_WRAPPER CARGO_PROFILE_DEV_DEBUG; do
  [[ -n ${!var:-} ]] && echo "$var=${!var}"
done

cargo fetch --locked --manifest-path Cargo.toml >/dev/null
