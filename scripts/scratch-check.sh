#!/usr/bin/env bash
# Operations of a botocore release, compiled: each service (the newest version of its model)
# generated with only the operations WHAT selects, all of them as modules of one scratch crate,
# then `cargo check`ed. The corpus job (`scripts/corpus.sh`) generates every service and parses
# it; this type-checks the selected operations' code too.
#
#   scripts/scratch-check.sh waiters|streams VERSION [SCRATCH_DIR]
#
# waiters: the operations each service's waiters poll (`scripts/waiters-check.sh`).
# streams: the operations whose input or output holds a stream, a streaming blob or an event
#   stream (`scripts/streams-check.sh`).
set -euo pipefail
what="${1:?usage: scripts/scratch-check.sh waiters|streams VERSION [SCRATCH_DIR]}"
version="${2:?usage: scripts/scratch-check.sh waiters|streams VERSION [SCRATCH_DIR]}"
root="$(cd "$(dirname "$0")/.." && pwd)"
data="$("$root/scripts/botocore.sh" "$version")"
scratch="${3:-$(mktemp -d)}"
mkdir -p "$scratch/src"
cargo build --quiet --release --manifest-path "$root/Cargo.toml" -p shapegen
python3 - "$what" "$root/target/release/shapegen" "$data" "$scratch" <<'PY'
import collections, glob, gzip, json, os, re, subprocess, sys
what, shapegen, data, scratch = sys.argv[1:5]
counts = collections.Counter()

def waiters(model_path, model):
    file = os.path.join(os.path.dirname(model_path), "waiters-2.json")
    if not os.path.exists(file):
        return set()
    found = json.load(open(file))["waiters"]
    counts["waiters"] += len(found)
    return {waiter["operation"] for waiter in found.values()}

def streams(model_path, model):
    shapes, operations = model["shapes"], set()
    for name, operation in model["operations"].items():
        for side in ("input", "output"):
            shape = shapes.get(operation.get(side, {}).get("shape", ""), {})
            for member in shape.get("members", {}).values():
                target = shapes[member["shape"]]
                if target.get("eventstream"):
                    counts[f"event streams ({side})"] += 1
                    operations.add(name)
                elif target.get("type") == "blob" and (target.get("streaming") or member.get("streaming")):
                    counts["streaming blobs"] += 1
                    operations.add(name)
    return operations

select = {"waiters": waiters, "streams": streams}[what]
modules = []
for service in sorted(os.listdir(data)):
    models = sorted(glob.glob(f"{data}/{service}/*/service-2.json*"))
    if not models:
        continue
    model = json.load(gzip.open(models[-1]) if models[-1].endswith(".gz") else open(models[-1]))
    operations = select(models[-1], model)
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
print(f"{len(modules)} services; {dict(counts)}", file=sys.stderr)
PY
cat > "$scratch/Cargo.toml" <<TOML
[package]
name = "$what-check"
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
cargo check --manifest-path "$scratch/Cargo.toml" --target-dir "$root/target/scratch-check"
