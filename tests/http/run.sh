#!/bin/sh
# SPDX-License-Identifier: MIT
# The http package's integration suite (tests/http/run.py): a real server
# driven by curl, ab and raw sockets.  Last line: `N passed, M failed`.
cd "$(dirname "$0")/../.." || exit 1
exec python3 tests/http/run.py "$@"
