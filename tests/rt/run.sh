#!/bin/sh
# Builds the runtime and its C tests, runs them; prints `N passed, M failed`.
set -e
cd "$(dirname "$0")/../.."
CFLAGS="-std=gnu11 -O2 -fwrapv -fno-strict-aliasing -Wall -Wextra -Wshadow -Wmissing-prototypes -Wstrict-prototypes"
mkdir -p build/rt-test
for f in rt/*.c; do
    cc $CFLAGS -c "$f" -o "build/rt-test/$(basename "$f" .c).o"
done
rm -f build/rt-test/libswrt.a
ar rcs build/rt-test/libswrt.a build/rt-test/*.o
cc $CFLAGS -Wno-missing-field-initializers -o build/rt-test/rt_test tests/rt/*.c build/rt-test/libswrt.a -lgc -lm
exec build/rt-test/rt_test
