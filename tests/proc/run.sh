#!/bin/sh
# SPDX-License-Identifier: MIT
# The process-model suite (both modes): builds tests/proc/server.sw,
# http_server.sw and examples/server_task.sw and drives them with python3 sockets
# (tests/proc/test_proc.py).  Last line: `N passed, M failed`.
cd "$(dirname "$0")/../.." || exit 1
mkdir -p build/proc-test
if ! bin/swc build tests/proc/server.sw -o build/proc-test/server > build/proc-test/build.log 2>&1; then
    echo "FAIL tests/proc: build of server.sw failed"
    cat build/proc-test/build.log
    echo "0 passed, 1 failed"
    exit 1
fi
if ! bin/swc build examples/server_task.sw -o build/proc-test/server_task > build/proc-test/build.log 2>&1; then
    echo "FAIL tests/proc: build of examples/server_task.sw failed"
    cat build/proc-test/build.log
    echo "0 passed, 1 failed"
    exit 1
fi
if ! bin/swc build tests/proc/http_server.sw -o build/proc-test/http_server > build/proc-test/build.log 2>&1; then
    echo "FAIL tests/proc: build of http_server.sw failed"
    cat build/proc-test/build.log
    echo "0 passed, 1 failed"
    exit 1
fi
exec python3 tests/proc/test_proc.py build/proc-test/server "$@"
