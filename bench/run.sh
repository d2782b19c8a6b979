#!/bin/sh
# SPDX-License-Identifier: MIT
exec python3 "$(dirname "$0")/run.py" "$@"
