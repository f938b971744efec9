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
# The only mode is the checking build; "--check" is accepted for symmetry with the generators.
for arg in "$@"; do
    case "$arg" in
        --check) ;;
        *) echo "usage: $0 [--check]" >&2; exit 2 ;;
    esac
done
cd "$(dirname "$0")"
DRAFT=draft-doe-jose-xeddsa-01

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

"$PYTHON" render_vectors.py --check --draft "$DRAFT.xml"

mkdir -p build
# idnits warns when the document date is more than 3 days from today, so the build works on a
# copy whose <date> is today's (as a submission would); the committed source keeps its date.
"$PYTHON" - "$DRAFT.xml" "build/$DRAFT.xml" <<'PY'
import datetime
import re
import sys

src, dst = sys.argv[1:3]
today = datetime.datetime.now(datetime.timezone.utc).date()
months = ("January February March April May June July August September October November "
          "December").split()
with open(src, encoding="utf-8") as fh:
    text = fh.read()
stamp = f'<date year="{today.year}" month="{months[today.month - 1]}" day="{today.day}"/>'
stamped, count = re.subn(r'<date year="\d{4}" month="[A-Za-z]+" day="\d{1,2}"/>', stamp, text,
                         count=1)
if count != 1:
    sys.exit("build.sh: no <date year=... month=... day=.../> in the front matter")
with open(dst, "w", encoding="utf-8") as fh:
    fh.write(stamped)
PY
"$XML2RFC" --no-network --quiet --text --html --path build "build/$DRAFT.xml"

status=0
for target in "build/$DRAFT.xml" "build/$DRAFT.txt"; do
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
