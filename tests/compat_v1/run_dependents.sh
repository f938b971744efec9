#!/usr/bin/env bash
# The dependents' own test suites, unchanged, on this package's wheel in place of XEdDSA 1.2.0.
#
#   tests/compat_v1/run_dependents.sh dist/xeddsa-*.whl
#
# Downloads by name and version (nothing of theirs is kept in this repository) the sdists of
# XEdDSA 1.2.0 and x3dh 1.3.0, and for each: a fresh venv, our wheel, their package with --no-deps
# (x3dh pins XEdDSA<2, which only pip's resolver would check), their other requirements normally,
# then pytest on the tests/ directory shipped in their sdist, run from a directory holding only
# that copy so `import xeddsa` can only be the installed wheel. Any failure fails the script.
set -euo pipefail
WHEEL="$(realpath "$1")"
WORK="${DEPENDENTS_WORK:-/tmp/xeddsa-dependents}"
rm -rf "$WORK" && mkdir -p "$WORK/sdists"
export PIP_DISABLE_PIP_VERSION_CHECK=1

python3 -m venv "$WORK/download-venv"
"$WORK/download-venv/bin/pip" download -q --no-binary :all: --no-deps -d "$WORK/sdists" \
  XEdDSA==1.2.0 x3dh==1.3.0
for sdist in "$WORK"/sdists/*.tar.gz; do tar -xzf "$sdist" -C "$WORK/sdists"; done

suite() {  # suite NAME SDIST_DIR XEDDSA NO_DEPS_PACKAGE PIP_ARGS...: run their tests/, write NAME.xml
  local name="$1" src="$2" xeddsa="$3" no_deps="$4"; shift 4
  local venv="$WORK/$name-venv" run="$WORK/$name-run"
  python3 -m venv "$venv"
  if [ -n "$no_deps" ]; then "$venv/bin/pip" install -q --no-deps "$no_deps"; fi
  "$venv/bin/pip" install -q "$xeddsa" pytest "$@"
  mkdir -p "$run" && cp -r "$src/tests" "$run/tests"
  (cd "$run" && "$venv/bin/python" -I -c "import xeddsa; print('xeddsa', xeddsa.__version__, xeddsa.__file__)")
  (cd "$run" && "$venv/bin/pytest" -q -p no:cacheprovider --junitxml="$WORK/$name.xml" tests) || true
}

outcomes() {  # outcomes XML: one "test outcome" line per test case
  python3 - "$1" <<'PY'
import sys, xml.etree.ElementTree as ET
for case in ET.parse(sys.argv[1]).iter("testcase"):
    kinds = [c.tag for c in case if c.tag in ("failure", "error", "skipped")]
    print(case.get("classname"), case.get("name"), kinds[0] if kinds else "passed")
PY
}

echo "== XEdDSA 1.2.0's own test suite on this wheel: every test must pass"
suite xeddsa-1.2.0-suite "$WORK/sdists/xeddsa-1.2.0" "$WHEEL" ""
outcomes "$WORK/xeddsa-1.2.0-suite.xml" | tee "$WORK/xeddsa-suite.txt"
if [ ! -s "$WORK/xeddsa-suite.txt" ] || grep -qv ' passed$' "$WORK/xeddsa-suite.txt"; then
  echo "XEdDSA 1.2.0's suite: not every test passed"; exit 1
fi

X3DH_REQS=("cryptography>=3.3.2" "pydantic>=1.7.4" "typing-extensions>=4.3.0" pytest-asyncio)
X3DH_SDIST="$WORK/sdists/x3dh-1.3.0"
echo "== x3dh 1.3.0's test suite on this wheel, and on XEdDSA 1.2.0 as the control"
# x3dh itself with --no-deps (it pins XEdDSA<2), then its other requirements normally.
suite x3dh-ours "$X3DH_SDIST" "$WHEEL" "$X3DH_SDIST" "${X3DH_REQS[@]}"
suite x3dh-v1 "$X3DH_SDIST" "XEdDSA==1.2.0" "$X3DH_SDIST" "${X3DH_REQS[@]}"
outcomes "$WORK/x3dh-ours.xml" > "$WORK/x3dh-ours.txt"
outcomes "$WORK/x3dh-v1.xml" > "$WORK/x3dh-v1.txt"
cat "$WORK/x3dh-ours.txt"
[ -s "$WORK/x3dh-ours.txt" ] || { echo "x3dh: no test ran"; exit 1; }
# Every test passes on this wheel, except a test that also fails on 1.2.0 for a reason outside
# xeddsa: x3dh 1.3.0's sdist does not ship tests/migration_data/, which test_migrations opens.
diff "$WORK/x3dh-v1.txt" "$WORK/x3dh-ours.txt"
if grep -v ' passed$' "$WORK/x3dh-ours.txt" | grep -qv ' test_migrations failure$'; then
  echo "x3dh: a test other than test_migrations failed"; exit 1
fi
if [ -d "$WORK/sdists/x3dh-1.3.0/tests/migration_data" ] && ! grep -q ' test_migrations passed$' "$WORK/x3dh-ours.txt"; then
  echo "x3dh: migration data present but test_migrations failed"; exit 1
fi
echo "dependents OK"
