#!/bin/sh
# SPDX-License-Identifier: MIT
# Parser conformance: parses every Go 1.19 test program marked `// run` and
# the sources of fmt, strings, strconv, sort and bytes with build/swc-parse.
# Files using generics must fail with "generics are not supported yet";
# every other file must parse.  Ends with "N passed, M failed".
#   usage: tests/parse/run.sh [path/to/swc-parse]
PARSE=${1:-build/swc-parse}
GOROOT=${GOROOT:-/usr/lib/go-1.19}
if [ ! -d "$GOROOT/src/fmt" ]; then
    echo "missing $GOROOT/src: apt-get install golang-1.19-src" >&2
    exit 2
fi
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
pass=0 fail=0 generic=0
for f in "$GOROOT"/test/*.go "$GOROOT"/src/fmt/*.go "$GOROOT"/src/strings/*.go \
         "$GOROOT"/src/strconv/*.go "$GOROOT"/src/sort/*.go "$GOROOT"/src/bytes/*.go; do
    case $f in
    "$GOROOT"/test/*) [ "$(head -n 1 "$f")" = "// run" ] || continue ;;
    esac
    if "$PARSE" "$f" >/dev/null 2>"$tmp"; then
        pass=$((pass + 1))
    elif grep -q "error: generics are not supported yet" "$tmp" &&
         [ "$(grep -c ': error: ' "$tmp")" -eq 1 ]; then
        generic=$((generic + 1))
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL $f"
        head -n 3 "$tmp" | sed 's/^/    /'
    fi
done
echo "$generic files rejected as generics (expected)"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
