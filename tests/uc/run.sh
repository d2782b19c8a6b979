#!/bin/sh
# SPDX-License-Identifier: MIT
# The golden and traceback suites again, with the runtime built with the
# ucontext context switch (`make rt-uc`: build/uc/libswrt.a, linked through
# SWC_RTLIB), so that both switch back ends pass every program.  The Go
# oracle is not run again (tests/run.py already did).  Last line:
# `N passed, M failed`.
cd "$(dirname "$0")/../.." || exit 1
lib=$PWD/build/uc/libswrt.a
if ! make -s rt-uc >/dev/null 2>&1 || [ ! -f "$lib" ]; then
    echo "FAIL tests/uc: make rt-uc failed"
    echo "0 passed, 1 failed"
    exit 1
fi
# The library must really be the ucontext one.
if ! nm "$lib" 2>/dev/null | grep -q ' U swapcontext'; then
    echo "FAIL tests/uc: $lib does not use swapcontext"
    echo "0 passed, 1 failed"
    exit 1
fi
export SWC_RTLIB="$lib"
pass=0
fail=0
for suite in golden trace; do
    if [ $suite = golden ]; then
        python3 tests/run.py --no-go golden > build/uc/$suite.txt 2>&1
    else
        sh tests/trace/run.sh > build/uc/$suite.txt 2>&1
    fi
    grep '^FAIL' build/uc/$suite.txt | sed "s/^FAIL /FAIL [ucontext] /"
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' build/uc/$suite.txt | tail -n 1)
    if [ -z "$line" ]; then
        echo "FAIL [ucontext] $suite: no result line"
        fail=$((fail + 1))
        continue
    fi
    pass=$((pass + ${line%% passed*}))
    f=${line#*passed, }
    fail=$((fail + ${f%% failed*}))
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
