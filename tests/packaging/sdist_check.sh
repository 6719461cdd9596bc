#!/usr/bin/env bash
# Build the sdist and the wheel as a release would, check that both carry the license,
# then unpack the sdist on its own and run a quick subset of its tests there: the sdist
# must hold everything its tests need (the pre-commit manifest, mkdocs.yml, the data).
#
# Usage: tests/packaging/sdist_check.sh   (from anywhere; needs python3 and the package
# index pip is set up for; works in a scratch folder and leaves the checkout as it was)
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== building the sdist and the wheel"
python3 -m venv "$work/build-env"
"$work/build-env/bin/pip" install --quiet build
"$work/build-env/bin/python" -m build --sdist --wheel --outdir "$work/dist" "$root" >/dev/null
sdist=$(ls "$work"/dist/*.tar.gz)
wheel=$(ls "$work"/dist/*.whl)

echo "== the license is in both"
base=$(basename "$sdist" .tar.gz)
listing="$(tar -tzf "$sdist")"  # (grep -q on a pipe would stop tar early: pipefail)
grep -qx "$base/LICENSE" <<<"$listing" || { echo "no LICENSE in $sdist"; exit 1; }
python3 - "$wheel" <<'PY'
import sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
if not any(n.endswith(".dist-info/licenses/LICENSE") for n in names):
    sys.exit(f"no LICENSE in {sys.argv[1]}")
PY

echo "== the unpacked sdist's own tests"
tar -xzf "$sdist" -C "$work"
python3 -m venv "$work/test-env"
"$work/test-env/bin/pip" install --quiet "$work/$base[test,docs]"
cd "$work/$base"
# A quick subset: the tests that read files from the top of the tree, and a few that
# load the bundled data from the installed package.
"$work/test-env/bin/python" -m pytest -q -p no:cacheprovider -m "not slow" \
  tests/packaging tests/cli/test_precommit.py tests/test_site.py tests/test_docs.py \
  tests/test_reference_data.py tests/test_bundled_alliance.py tests/test_bundled_ccmep.py
echo "sdist check passed"
