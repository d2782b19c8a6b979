#!/bin/sh
# SPDX-License-Identifier: MIT
# The ModeProcess suite: builds tests/proc/server.sw and drives it with
# python3 sockets (tests/proc/test_proc.py).  Last line: `N passed, M failed`.
cd "$(dirname "$0")/../.." || exit 1
mkdir -p build/proc-test
if ! bin/swc build tests/proc/server.sw -o build/proc-test/server > build/proc-test/build.log 2>&1; then
    echo "FAIL tests/proc: build of server.sw failed"
    cat build/proc-test/build.log
    echo "0 passed, 1 failed"
    exit 1
fi
exec python3 tests/proc/test_proc.py build/proc-test/server "$@"
