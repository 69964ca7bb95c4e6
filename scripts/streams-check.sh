#!/usr/bin/env bash
# Every streaming operation of a botocore release, compiled: each service that has one (the
# newest version of its model) generated with only its operations whose input or output holds
# a stream (a streaming blob, or an event stream), all of them as modules of one scratch crate,
# then `cargo check`ed. The corpus job (`scripts/corpus.sh`) generates every service and parses
# it; this type-checks the streams' code too: bodies, event readers and writers.
#
#   scripts/streams-check.sh 1.44.8 [SCRATCH_DIR]
set -euo pipefail
version="${1:?usage: scripts/streams-check.sh VERSION [SCRATCH_DIR]}"
root="$(cd "$(dirname "$0")/.." && pwd)"
data="$("$root/scripts/botocore.sh" "$version")"
scratch="${2:-$(mktemp -d)}"
mkdir -p "$scratch/src"
cargo build --quiet --release --manifest-path "$root/Cargo.toml" -p shapegen
python3 - "$root/target/release/shapegen" "$data" "$scratch" <<'PY'
import glob, gzip, json, os, re, subprocess, sys
shapegen, data, scratch = sys.argv[1:4]
modules, counts = [], {"blob": 0, "events in": 0, "events out": 0}
for service in sorted(os.listdir(data)):
    models = sorted(glob.glob(f"{data}/{service}/*/service-2.json*"))
    if not models:
        continue
    model = json.load(gzip.open(models[-1]) if models[-1].endswith(".gz") else open(models[-1]))
    shapes, operations = model["shapes"], set()
    for name, operation in model["operations"].items():
        for side in ("input", "output"):
            shape = shapes.get(operation.get(side, {}).get("shape", ""), {})
            for member in shape.get("members", {}).values():
                target = shapes[member["shape"]]
                if target.get("eventstream"):
                    counts["events in" if side == "input" else "events out"] += 1
                    operations.add(name)
                elif target.get("type") == "blob" and (target.get("streaming") or member.get("streaming")):
                    counts["blob"] += 1
                    operations.add(name)
    if not operations:
        continue
    name = "s_" + re.sub(r"[^a-z0-9]", "_", service.lower())
    args = [shapegen, "generate", models[-1], "-o", f"{scratch}/src/{name}.rs"]
    for operation in sorted(operations):
        args += ["--operation", operation]
    subprocess.run(args, check=True, stderr=subprocess.DEVNULL)
    modules.append(name)
with open(f"{scratch}/src/lib.rs", "w") as lib:
    lib.write("#![allow(warnings, clippy::all)]\n")
    lib.writelines(f'pub mod {m} {{ include!("{m}.rs"); }}\n' for m in modules)
print(f"{len(modules)} services; streaming members: {counts}", file=sys.stderr)
PY
cat > "$scratch/Cargo.toml" <<TOML
[package]
name = "streams-check"
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
