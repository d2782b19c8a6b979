#!/bin/sh
# SPDX-License-Identifier: MIT
# Builds the runtime's C tests against build/libswrt.a (made by `make`), runs them;
# prints `N passed, M failed`.
set -e
cd "$(dirname "$0")/../.."
CFLAGS="-std=gnu11 -O2 -fwrapv -fno-strict-aliasing -Wall -Wextra -Wshadow -Wmissing-prototypes -Wstrict-prototypes"
[ -f build/libswrt.a ] || make -s build/libswrt.a
mkdir -p build/rt-test
cc $CFLAGS -Irt -Wno-missing-field-initializers -o build/rt-test/rt_test tests/rt/*.c build/libswrt.a -lgc -lm -lpthread
exec build/rt-test/rt_test
