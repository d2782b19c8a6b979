#!/bin/sh
# SPDX-License-Identifier: MIT
# The process-model suite (both modes): builds tests/proc/server.sw,
# ports.sw, http_server.sw and examples/server_task.sw and drives them with
# python3 sockets (tests/proc/test_proc.py, test_ports.py).
# Last line: `N passed, M failed`.
cd "$(dirname "$0")/../.." || exit 1
mkdir -p build/proc-test
for src in tests/proc/server.sw tests/proc/ports.sw tests/proc/http_server.sw examples/server_task.sw; do
    prog=$(basename "$src" .sw)
    if ! bin/swc build "$src" -o build/proc-test/$prog > build/proc-test/build.log 2>&1; then
        echo "FAIL tests/proc: build of $src failed"
        cat build/proc-test/build.log
        echo "0 passed, 1 failed"
        exit 1
    fi
done
out=build/proc-test/results
python3 tests/proc/test_proc.py build/proc-test/server "$@" > $out.1 2>&1
python3 tests/proc/test_ports.py build/proc-test/ports "$@" > $out.2 2>&1
grep -hv ' passed, .* failed$' $out.1 $out.2
cat $out.1 $out.2 | awk '/ passed, .* failed$/ { p += $1; f += $3 }
    END { printf "%d passed, %d failed\n", p, f; exit f > 0 }'
