#!/bin/sh
# SPDX-License-Identifier: MIT
# The client package's suite (see run.py); last line: `N passed, M failed`.
exec python3 "$(dirname "$0")/run.py" "$@"
