#!/bin/sh
# SPDX-License-Identifier: MIT
# Checks the expectations of the compile-error tests against Go, the oracle.
# For every NAME.sw here (or the files given as arguments) whose first line is
# not "// swc-only", it copies the file as main.go into a temporary directory
# and runs `go build`. The test passes when the build fails and
#   - every line carrying `// ERROR "regexp"` has at least one Go error on that
#     line whose message matches the regexp (grep -E), and
#   - Go reports no error on any other line.
# Continuation lines of Go's messages (indented "have/want", "previous case")
# and the "too many errors" line are ignored. Prints one line per failure and
# ends with "N passed, M failed"; exits 1 if anything failed.
set -u
cd "$(dirname "$0")"
command -v go >/dev/null || { echo "check-with-go.sh: go not found" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
if [ $# -eq 0 ]; then set -- *.sw; fi
pass=0
fail=0
for src in "$@"; do
	if head -n 1 "$src" | grep -q '^// swc-only'; then
		continue
	fi
	cp "$src" "$tmp/main.go"
	if (cd "$tmp" && go build -o prog main.go) >"$tmp/out" 2>&1; then
		echo "FAIL $src: go build succeeded"
		fail=$((fail + 1))
		continue
	fi
	# Go's errors as "LINE<TAB>message".
	sed -n 's/^\.\/main\.go:\([0-9][0-9]*\):[0-9][0-9]*: \(.*\)$/\1	\2/p' "$tmp/out" >"$tmp/got"
	# Expectations as "LINE<TAB>regexp".
	awk '{
		i = index($0, "// ERROR \"")
		if (i == 0) next
		re = substr($0, i + 10)
		sub(/"[ \t]*$/, "", re)
		gsub(/\\"/, "\"", re)
		printf "%d\t%s\n", NR, re
	}' "$src" >"$tmp/want"
	ok=1
	while IFS='	' read -r line re; do
		if ! awk -F '	' -v l="$line" '$1 == l { print $2 }' "$tmp/got" | grep -Eq -- "$re"; then
			echo "FAIL $src:$line: no Go error matching \"$re\""
			ok=0
		fi
	done <"$tmp/want"
	while IFS='	' read -r line msg; do
		if ! awk -F '	' -v l="$line" '$1 == l { found = 1 } END { exit !found }' "$tmp/want"; then
			echo "FAIL $src:$line: unexpected Go error: $msg"
			ok=0
		fi
	done <"$tmp/got"
	if [ ! -s "$tmp/got" ]; then
		echo "FAIL $src: no positioned error from Go:"
		sed 's/^/    /' "$tmp/out"
		ok=0
	fi
	if [ $ok -eq 1 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
