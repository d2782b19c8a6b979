#!/bin/sh
# SPDX-License-Identifier: MIT
# HTTP on ModeProcess servers: the http suite (tests/http/run.py) against a
# ModeProcess server (dispatch mode 2, then 1), then this directory's checks of what the master's
# reactor threads answer themselves and of dispatch modes 1-4
# (tests/httpproc/run.py).  Last line: `N passed, M failed`.
cd "$(dirname "$0")/../.." || exit 1
p=0 f=0
add() {   # a suite's last line `N passed, M failed`; anything else is one failure
    case "$1" in
    *" passed, "*" failed") set -- $1; p=$((p + $1)); f=$((f + $3)) ;;
    *) f=$((f + 1)) ;;
    esac
}
# The three parts run side by side (each has its own temporary directory and
# free ports; they mostly wait on their clients' timeouts), outputs in order.
out=$(mktemp -d) || exit 1
trap 'rm -rf "$out"' EXIT
SW_HTTP_MODE=process python3 tests/http/run.py "$@" >"$out/1" 2>&1 &
# again with two workers in round robin (one request per connection at a time)
SW_HTTP_MODE=process SW_HTTP_DISPATCH=1 python3 tests/http/run.py "$@" >"$out/2" 2>&1 &
python3 tests/httpproc/run.py "$@" >"$out/3" 2>&1 &
wait
for i in 1 2 3; do
    cat "$out/$i" >&2
    add "$(tail -1 "$out/$i")"
done
echo "$p passed, $f failed"
[ "$f" = 0 ]
