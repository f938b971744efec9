#!/bin/sh
# Build and check the Internet-Draft offline.
#
#   1. render_vectors.py --check : the test-vector appendix equals what test_vectors/ gives
#   2. xml2rfc --no-network      : text and HTML into build/
#   3. idnits --offline -m submission on the XML and on the text; any nit fails the build
#
# Tools (installed once, then no network is needed):
#   .venv/bin/pip install xml2rfc                 # PyPI, 3.34.1 tested
#   (cd docs/ietf-draft && npm ci --no-audit --no-fund)   # @ietf-tools/idnits 3.0.0-alpha.74
#
# Environment: PYTHON (default ../../.venv/bin/python, else python3), XML2RFC (default
# ../../.venv/bin/xml2rfc, else xml2rfc on PATH).
set -eu
cd "$(dirname "$0")"
DRAFT=draft-doe-jose-xeddsa-00

if [ -z "${PYTHON:-}" ]; then
    if [ -x ../../.venv/bin/python ]; then PYTHON=../../.venv/bin/python; else PYTHON=python3; fi
fi
if [ -z "${XML2RFC:-}" ]; then
    if [ -x ../../.venv/bin/xml2rfc ]; then XML2RFC=../../.venv/bin/xml2rfc; else XML2RFC=xml2rfc; fi
fi
if [ ! -x node_modules/.bin/idnits ]; then
    echo "idnits missing: run 'npm ci --no-audit --no-fund' in docs/ietf-draft" >&2
    exit 2
fi

"$PYTHON" render_vectors.py --check

mkdir -p build
"$XML2RFC" --no-network --quiet --text --html --path build "$DRAFT.xml"

status=0
for target in "$DRAFT.xml" "build/$DRAFT.txt"; do
    out=$(node_modules/.bin/idnits --offline --no-progress --no-color -o simple -m submission "$target" 2>&1) || status=1
    printf '%s\n' "$out"
    case "$out" in
        *"PASS - Document"*"is nit-free"*) ;;
        *) status=1 ;;
    esac
    # idnits exits 0 even when it reports nits: any reported finding fails the build.
    if printf '%s\n' "$out" | grep -Eq '^\[[0-9]+\] '; then status=1; fi
done
if [ "$status" -ne 0 ]; then
    echo "idnits reported nits" >&2
    exit 1
fi
echo "draft OK: build/$DRAFT.txt build/$DRAFT.html"
