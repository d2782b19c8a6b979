#!/bin/sh
# SPDX-License-Identifier: MIT
# Sw programs that Go cannot be the oracle for (they use //sw:extern, which
# Go rejects): each NAME.sw here must build with bin/swc, exit 0 and print
# exactly NAME.out.  Last line: `N passed, M failed`.
cd "$(dirname "$0")/../.." || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0
for src in tests/swonly/*.sw; do
    name=$(basename "$src" .sw)
    if ! bin/swc build -o "$tmp/prog" "$src" >"$tmp/build.log" 2>&1; then
        fail=$((fail + 1))
        echo "FAIL swonly $name: does not build: $(head -n 3 "$tmp/build.log")"
        continue
    fi
    if "$tmp/prog" </dev/null >"$tmp/out" 2>"$tmp/err" && cmp -s "$tmp/out" "tests/swonly/$name.out"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL swonly $name: output differs: $(head -c 200 "$tmp/out")"
    fi
    rm -f "$tmp/prog"
done
echo "$pass passed, $fail failed"
