#!/bin/sh
# SPDX-License-Identifier: MIT
# The HTTP/1 parser suite (rt/net/http_parse.re, http_body.c, http_form.c):
# unit tests, then the fuzz driver with a fixed seed and a fixed number of
# inputs.  Built here on its own (re2c + cc), like tests/co, so it can also be
# built with sanitizers:
#   T_HTTPP_SAN=1          -fsanitize=address,undefined
#   HTTPP_FUZZ_ITERS=N     fuzz inputs (default 20000; the long mode: 2000000)
#   HTTPP_FUZZ_SEED=S      fuzz seed (default 1)
#   HTTPP_BENCH=1          also run the parser benchmark (prints ns/request)
# Last line: `N passed, M failed`.
cd "$(dirname "$0")/../.." || exit 1
CC=${CC:-cc}
FLAGS="-std=gnu11 -O2 -g -fwrapv -fno-strict-aliasing -Wall -Wextra -Wshadow -Wmissing-prototypes -Wstrict-prototypes -Werror"
B=build/httpp-test
if [ -n "$T_HTTPP_SAN" ]; then
    FLAGS="$FLAGS -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
    B=build/httpp-test-san
fi
mkdir -p "$B"
fail() {
    echo "FAIL tests/httpp: $1"
    echo "0 passed, 1 failed"
    exit 1
}
re2c -W -Werror --no-generation-date -o "$B/http_parse.c" rt/net/http_parse.re || fail "re2c"
SRC="$B/http_parse.c rt/net/http_body.c rt/net/http_form.c"
I="-Irt/net -Itests/httpp"
$CC $FLAGS $I -o "$B/unit" tests/httpp/t_main.c tests/httpp/test_parse.c tests/httpp/test_body.c \
    tests/httpp/test_form.c $SRC || fail "build of the unit tests"
$CC $FLAGS $I -DHTTPP_NO_MAIN -o "$B/fuzz" tests/httpp/fuzz.c tests/httpp/t_main.c $SRC \
    || fail "build of the fuzz driver"
$CC $FLAGS $I -o "$B/bench" tests/httpp/bench.c $SRC || fail "build of the benchmark"

pass=0
failed=0
for prog in unit fuzz; do
    "$B/$prog" > "$B/$prog.out" 2>&1
    rc=$?
    grep '^FAIL\|^fuzz:' "$B/$prog.out"
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$B/$prog.out" | tail -n 1)
    if [ -z "$line" ]; then
        echo "FAIL tests/httpp [$prog]: no result line (exit status $rc)"
        tail -n 20 "$B/$prog.out"
        failed=$((failed + 1))
        continue
    fi
    p=${line%% passed*}
    f=${line#*passed, }
    f=${f%% failed*}
    pass=$((pass + p))
    failed=$((failed + f))
    if [ $rc != 0 ] && [ "$f" = 0 ]; then
        echo "FAIL tests/httpp [$prog]: exit status $rc"
        failed=$((failed + 1))
    fi
done
[ -n "$HTTPP_BENCH" ] && "$B/bench"
echo "$pass passed, $failed failed"
