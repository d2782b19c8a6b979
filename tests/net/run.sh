#!/bin/sh
# SPDX-License-Identifier: MIT
# The server package against real clients (python3 sockets, nc): see
# net_test.py.  Last line: `N passed, M failed`.
cd "$(dirname "$0")/../.." || exit 1
exec python3 tests/net/net_test.py "$@"
