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
add "$(SW_HTTP_MODE=process python3 tests/http/run.py "$@" | tee /dev/stderr | tail -1)"
# again with two workers in round robin (one request per connection at a time)
add "$(SW_HTTP_MODE=process SW_HTTP_DISPATCH=1 python3 tests/http/run.py "$@" | tee /dev/stderr | tail -1)"
add "$(python3 tests/httpproc/run.py "$@" | tee /dev/stderr | tail -1)"
echo "$p passed, $f failed"
[ "$f" = 0 ]
