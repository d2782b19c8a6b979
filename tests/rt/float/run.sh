#!/bin/sh
# SPDX-License-Identifier: MIT
# Heavy float conversion check: builds tests/rt/float/*.c against build/libswrt.a and
# compares the runtime's formatter/parser with the former printf/strtod one on
# N random values (default 10000000; about a minute).  Usage: run.sh [N]
set -e
cd "$(dirname "$0")/../../.."
CFLAGS="-std=gnu11 -O2 -fwrapv -fno-strict-aliasing -Wall -Wextra -Wshadow -Wmissing-prototypes -Wstrict-prototypes"
[ -f build/libswrt.a ] || make -s build/libswrt.a
mkdir -p build/rt-test
cc $CFLAGS -Irt -Wno-missing-field-initializers -o build/rt-test/float_test tests/rt/float/*.c build/libswrt.a -lgc -lm -lpthread
exec build/rt-test/float_test "$@"
