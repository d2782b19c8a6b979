#!/bin/sh
# SPDX-License-Identifier: MIT
# Parser conformance: parses every Go 1.19 test program marked `// run` and
# the sources of fmt, strings, strconv, sort and bytes with build/swc-parse.
# Files using generics must fail with "generics are not supported yet";
# every other file must parse.  Then every case of syntax_errors.txt must
# get the first error Go 1.19 reports for it.  Ends with "N passed, M failed".
#   usage: tests/parse/run.sh [path/to/swc-parse]
PARSE=${1:-build/swc-parse}
if [ $# -eq 0 ]; then
    # (re)build the debug driver from the grammar the Makefile generates
    make -s build/lexer.c build/parser.c || exit 2
    cc -std=gnu11 -O1 -Icompiler -Ibuild -o build/swc-parse tests/parse/parse_main.c \
        build/lexer.c build/parser.c compiler/ast.c compiler/astdump.c compiler/arena.c \
        compiler/diag.c || exit 2
fi
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

# Syntax errors: split syntax_errors.txt into one file per case.
cases=$(mktemp -d)
trap 'rm -f "$tmp"; rm -rf "$cases"' EXIT
awk -v dir="$cases" '
    /^=== / { name = $2; out = dir "/" name ".go"; next }
    /^want: / && out != "" && !(out in seen) { seen[out] = 1; print substr($0, 7) > (dir "/" name ".want"); next }
    out != "" { print > out }
' "$(dirname "$0")/syntax_errors.txt"
for f in "$cases"/*.go; do
    want=$(cat "${f%.go}.want")
    "$PARSE" "$f" >/dev/null 2>"$tmp"
    got=$(sed -n 's/^[^:]*:\([0-9]*:[0-9]*\): error: /\1: /p' "$tmp" | head -n 1)
    if [ "$want" = none ]; then
        grep -q ": error: syntax error" "$tmp" && got="unexpected: $got" || got=none
    fi
    if [ "$got" = "$want" ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL syntax_errors.txt $(basename "$f" .go)"
        echo "    want: $want"
        echo "    got:  $got"
    fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
