#!/bin/sh
# SPDX-License-Identifier: MIT
# Regenerates the expected results of the golden tests from Go, the oracle.
# For each NAME.sw (all of them, or the names given as arguments) it builds the
# program with `go build` as main.go in a temporary directory (after checking
# that `go vet` is clean) and runs it with
# no arguments and stdin from /dev/null, then writes:
#   NAME.out   stdout (always)
#   NAME.exit  the exit status, only when it is not 0
#   NAME.err   the first line of stderr, only when the status is not 0 and
#              stderr is not empty
# `go build` + running the binary is used instead of `go run`, because
# `go run` replaces a program's exit status by 1 and adds "exit status N" to
# stderr. Usage: ./regen.sh [NAME.sw ...]
set -eu
cd "$(dirname "$0")"
command -v go >/dev/null || { echo "regen.sh: go not found" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
export GO111MODULE=on GOFLAGS=
if [ $# -eq 0 ]; then set -- *.sw; fi
n=0
for src in "$@"; do
	name=${src%.sw}
	rm -f "$tmp/main.go" "$tmp/prog"
	cp "$src" "$tmp/main.go"
	if ! (cd "$tmp" && go build -o prog main.go) >"$tmp/build.log" 2>&1; then
		echo "regen.sh: $src does not build:" >&2
		cat "$tmp/build.log" >&2
		exit 1
	fi
	if ! (cd "$tmp" && go vet main.go) >"$tmp/vet.log" 2>&1; then
		echo "regen.sh: go vet complains about $src:" >&2
		cat "$tmp/vet.log" >&2
		exit 1
	fi
	status=0
	(cd "$tmp" && env -u SW_TEST_UNSET ./prog) </dev/null >"$name.out" 2>"$tmp/stderr" || status=$?
	rm -f "$name.exit" "$name.err"
	if [ "$status" -ne 0 ]; then
		echo "$status" >"$name.exit"
		if [ -s "$tmp/stderr" ]; then
			head -n 1 "$tmp/stderr" >"$name.err"
		fi
	fi
	n=$((n + 1))
done
echo "regen.sh: $n programs regenerated"
