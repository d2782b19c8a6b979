#!/bin/sh
# SPDX-License-Identifier: MIT
# The coroutine runtime's C tests (rt/co), built twice: with the asm context
# switch and with the ucontext fallback; then the switch test cross-built
# for aarch64 and run under qemu-aarch64 when both are installed (a skip is
# printed, never counted as a pass).  Last line: `N passed, M failed`.
# T_CO_SAN=1 builds with -fsanitize=undefined instead.
cd "$(dirname "$0")/../.." || exit 1
CC=${CC:-cc}
FLAGS="-std=gnu11 -O2 -g -fwrapv -fno-strict-aliasing -Wall -Wextra -Wshadow -Wmissing-prototypes -Wstrict-prototypes -Wno-missing-field-initializers"
[ -n "$T_CO_SAN" ] && FLAGS="$FLAGS -fsanitize=undefined -fno-sanitize-recover=undefined"
pass=0
fail=0
count() {   # adds the "N passed, M failed" of the file $1
    line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)
    if [ -z "$line" ]; then
        fail=$((fail + 1))
        echo "FAIL tests/co [$2]: no result line"
        tail -n 20 "$1"
        return
    fi
    p=$(echo "$line" | sed -E 's/^(\[[^]]*\] )?([0-9]+) passed.*/\2/')
    f=$(echo "$line" | sed -E 's/.*passed, ([0-9]+) failed.*/\1/')
    pass=$((pass + p))
    fail=$((fail + f))
    grep '^FAIL\|^note' "$1"
}
# The rest of rt/ does not depend on the switch: built once, in parallel.
sfx=${T_CO_SAN:+-ubsan}
C=build/co-test/common$sfx
mkdir -p "$C"
export CC FLAGS C
ls rt/*.c | xargs -P 4 -I{} sh -c 'o="$C/$(basename {} .c).o"; [ "$o" -nt {} ] && [ "$o" -nt rt/sw.h ] || $CC $FLAGS -Irt -c {} -o "$o"' || {
    echo "FAIL tests/co: build of rt/ failed"; echo "0 passed, 1 failed"; exit 1; }
for backend in asm ucontext; do
    B=build/co-test/$backend$sfx
    mkdir -p "$B"
    extra=""
    [ $backend = ucontext ] && extra="-DSW_CO_UCONTEXT"
    rm -f "$B"/*.o
    ok=1
    for f in rt/co/*.c rt/co/*.S; do
        o="$B/$(basename "$f" | sed 's/\.[cS]$//').o"
        $CC $FLAGS $extra -Irt -c "$f" -o "$o" &
    done
    wait
    for f in rt/co/*.c rt/co/*.S; do
        [ -f "$B/$(basename "$f" | sed 's/\.[cS]$//').o" ] || ok=0
    done
    $CC $FLAGS $extra -Irt -o "$B/co_test" tests/co/test_*.c "$B"/*.o "$C"/*.o -lgc -lm -lpthread || ok=0
    if [ $ok = 0 ]; then
        echo "FAIL tests/co [$backend]: build failed"
        fail=$((fail + 1))
        continue
    fi
    "$B/co_test" > "$B/out.txt" 2>&1
    rc=$?
    count "$B/out.txt" $backend
    if [ $rc != 0 ] && ! grep -q ' [1-9][0-9]* failed' "$B/out.txt"; then
        echo "FAIL tests/co [$backend]: exit status $rc"
        tail -n 5 "$B/out.txt"
        fail=$((fail + 1))
    fi
done
if command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 && command -v qemu-aarch64 >/dev/null 2>&1; then
    B=build/co-test/aarch64
    mkdir -p "$B"
    if aarch64-linux-gnu-gcc -std=gnu11 -O2 -static -Wall -Wextra -Irt -DT_SWITCH_MAIN -o "$B/switch" \
        tests/co/test_switch.c rt/co/co_ctx.c rt/co/co_switch_aarch64.S -lm; then
        qemu-aarch64 "$B/switch" > "$B/out.txt" 2>&1
        count "$B/out.txt" aarch64
    else
        echo "FAIL tests/co [aarch64]: cross build failed"
        fail=$((fail + 1))
    fi
else
    echo "note: aarch64 switch test skipped (needs gcc-aarch64-linux-gnu and qemu-user)"
fi
echo "$pass passed, $fail failed"
[ $fail = 0 ]
