#!/usr/bin/env bash
# Every waiter of a botocore release, compiled: each service that has waiters (the newest
# version of its model) generated with only the operations its waiters poll, all of them as
# modules of one scratch crate, then `cargo check`ed. The corpus job (`scripts/corpus.sh`)
# generates every service and parses it; this type-checks the waiters' code too.
#
#   scripts/waiters-check.sh 1.44.8 [SCRATCH_DIR]
#
# Measured with 1.44.8: 82 services, 415 waiters; `cargo check` 58 s on 2 cores (its
# dependencies included), 2.9 GB peak.
set -euo pipefail
version="${1:?usage: scripts/waiters-check.sh VERSION [SCRATCH_DIR]}"
root="$(cd "$(dirname "$0")/.." && pwd)"
data="$("$root/scripts/botocore.sh" "$version")"
scratch="${2:-$(mktemp -d)}"
mkdir -p "$scratch/src"
cargo build --quiet --release --manifest-path "$root/Cargo.toml" -p shapegen
python3 - "$root/target/release/shapegen" "$data" "$scratch" <<'PY'
import glob, json, os, re, subprocess, sys
shapegen, data, scratch = sys.argv[1:4]
modules, waiters = [], 0
for service in sorted(os.listdir(data)):
    models = sorted(glob.glob(f"{data}/{service}/*/service-2.json*"))
    if not models:
        continue
    file = os.path.join(os.path.dirname(models[-1]), "waiters-2.json")
    if not os.path.exists(file):
        continue
    found = json.load(open(file))["waiters"]
    operations = sorted({waiter["operation"] for waiter in found.values()})
    if not operations:
        continue
    name = "s_" + re.sub(r"[^a-z0-9]", "_", service.lower())
    args = [shapegen, "generate", models[-1], "-o", f"{scratch}/src/{name}.rs"]
    for operation in operations:
        args += ["--operation", operation]
    subprocess.run(args, check=True, stderr=subprocess.DEVNULL)
    modules.append(name)
    waiters += len(found)
with open(f"{scratch}/src/lib.rs", "w") as lib:
    lib.write("#![allow(warnings, clippy::all)]\n")
    lib.writelines(f'pub mod {m} {{ include!("{m}.rs"); }}\n' for m in modules)
print(f"{len(modules)} services, {waiters} waiters", file=sys.stderr)
PY
cat > "$scratch/Cargo.toml" <<TOML
[package]
name = "waiters-check"
version = "0.0.0"
edition = "2024"
publish = false
[workspace]
[dependencies]
shapegen-runtime = { path = "$root/runtime" }
serde = { version = "1", features = ["derive"] }
serde_json = { version = "1", features = ["float_roundtrip"] }
serde_with = { version = "3", default-features = false, features = ["std", "base64"] }
jiff = { version = "1", default-features = false, features = ["std"] }
TOML
cp "$root/Cargo.lock" "$scratch/"
cargo check --manifest-path "$scratch/Cargo.toml" --target-dir "$root/target/waiters-check"
