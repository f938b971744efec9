#!/bin/sh
# Build and run the Go consumer of the published test vectors (standard library only).
#   test_vectors/consumers/go/run.sh [path/to/test_vectors]
set -eu
cd "$(dirname "$0")"
DIR="${1:-$(cd ../.. && pwd)}"
OUT="${TMPDIR:-/tmp}/xeddsa-vectors-go-consumer"
export GO111MODULE=off
export GOCACHE="${GOCACHE:-${TMPDIR:-/tmp}/xeddsa-vectors-go-cache}"
gofmt_out="$(gofmt -l .)"
if [ -n "$gofmt_out" ]; then
    echo "gofmt: $gofmt_out" >&2
    exit 1
fi
go vet .
go build -o "$OUT" .
"$OUT" "$DIR"
