#!/bin/sh
# SPDX-License-Identifier: MIT
# make test: every suite; see tests/run.py.
exec python3 "$(dirname "$0")/run.py" "$@"
