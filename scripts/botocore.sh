#!/usr/bin/env bash
# Fetches a botocore release from PyPI and unpacks its service models into cache/ (ignored by
# git; nothing from it is committed). Prints the data folder.
#
#   scripts/botocore.sh 1.17.55   →   cache/botocore-1.17.55/botocore/data
set -euo pipefail
version="${1:?usage: scripts/botocore.sh VERSION}"
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/cache/botocore-$version"
if [ ! -d "$dest/botocore/data" ]; then
  mkdir -p "$dest"
  python3 -m pip download --quiet --no-deps "botocore==$version" -d "$dest" >&2
  python3 - "$dest" <<'PY'
import glob, sys, zipfile
dest = sys.argv[1]
wheel = glob.glob(f"{dest}/botocore-*.whl")[0]
with zipfile.ZipFile(wheel) as z:
    z.extractall(dest, [n for n in z.namelist() if n.startswith("botocore/data/")])
PY
fi
echo "$dest/botocore/data"
