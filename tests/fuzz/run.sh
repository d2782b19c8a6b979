#!/bin/sh
# SPDX-License-Identifier: MIT
# make test: 1500 mutants of the golden programs, fixed seed (see mutate.py).
exec python3 "$(dirname "$0")/mutate.py" 1500 2026
