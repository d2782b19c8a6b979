#!/bin/sh
# SPDX-License-Identifier: MIT
# The http suite (tests/http/run.py) against a ModeProcess server: the
# master's reactor threads frame whole requests, the workers' http layer
# answers them.  Last line: `N passed, M failed`.
cd "$(dirname "$0")/../.." || exit 1
SW_HTTP_MODE=process exec python3 tests/http/run.py "$@"
