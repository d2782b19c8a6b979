#!/bin/sh
# SPDX-License-Identifier: MIT
# TLS for the server, http and client packages (tests/tls/run.py): curl,
# openssl s_client/s_server and python's ssl against our servers and
# client.  Last line: `N passed, M failed`.
cd "$(dirname "$0")/../.." || exit 1
exec python3 tests/tls/run.py "$@"
