#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""make conformance: Go's own test programs, run in place through swc.

Debian's golang-1.19-src ships Go's test suite in /usr/lib/go-1.19/test. Every file there (and in
its ken/, interface/, chan/, fixedbugs/ and typeparam/ folders) whose first line is `// run` is a self-checking program: it exits 0 and prints NAME.out (when that file
exists, else nothing) when the implementation is right. This script builds each with swc and sorts
the results into:
  pass         built, ran, same output and status 0
  unsupported  swc rejected it with "... is not supported yet" (a feature not in Sw yet)
  package      it imports a package Sw does not have (unsafe, reflect, runtime, ...)
  reject       swc reported another compile error (a gap or a bug in the checker)
  crash        swc failed internally (status 3: e.g. the generated C did not compile)
  wrong        built, but the output or exit status differs
The programs are never copied into the project. Usage: gotest.py [-v] [NAME-SUBSTRING]
"""
import collections
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SWC = os.path.join(ROOT, "bin", "swc")
GOTEST = "/usr/lib/go-1.19/test"


DIRS = ["", "ken", "interface", "chan", "fixedbugs", "typeparam"]


def programs(pattern):
    for d in DIRS:
        top = os.path.join(GOTEST, d)
        for name in sorted(os.listdir(top)):
            if not name.endswith(".go") or (pattern and pattern not in name):
                continue
            path = os.path.join(top, name)
            with open(path, "rb") as f:
                first = f.readline().strip()
            if first == b"// run":
                yield path


def classify(path, tmp):
    exe = os.path.join(tmp, "prog")
    try:
        b = subprocess.run([SWC, "build", "-o", exe, path], capture_output=True, timeout=120)
    except subprocess.TimeoutExpired:
        return "crash", "swc timed out"
    err = b.stderr.decode("utf-8", "replace")
    first = err.split("\n", 1)[0]
    if b.returncode == 1:
        if "not supported yet" in err:
            return "unsupported", first
        if "is not in the standard library" in err:
            return "package", first
        return "reject", first
    if b.returncode != 0:
        return "crash", first
    want = b""
    out_file = path[:-3] + ".out"
    if os.path.exists(out_file):
        with open(out_file, "rb") as f:
            want = f.read()
    try:
        # Go's harness compares the combined output (the print builtins write to stderr)
        r = subprocess.run([exe], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=30,
                           stdin=subprocess.DEVNULL, cwd=os.path.dirname(path))
    except subprocess.TimeoutExpired:
        return "wrong", "timed out"
    if r.returncode != 0:
        return "wrong", "exit %d: %s" % (r.returncode, r.stdout.decode("utf-8", "replace")[-300:])
    if r.stdout != want:
        return "wrong", "output differs"
    return "pass", ""


def main():
    args = sys.argv[1:]
    verbose = "-v" in args
    args = [a for a in args if a != "-v"]
    pattern = args[0] if args else None
    if not os.path.isdir(GOTEST):
        print("conformance: %s not found (install golang-1.19-src)" % GOTEST)
        return 1
    counts = collections.Counter()
    with tempfile.TemporaryDirectory(prefix="swc-gotest-") as tmp:
        for path in programs(pattern):
            kind, why = classify(path, tmp)
            counts[kind] += 1
            if verbose or kind in ("crash", "wrong"):
                print("%-11s %s %s" % (kind, os.path.relpath(path, GOTEST), why))
    total = sum(counts.values())
    print("Go test programs (// run): %d" % total)
    for kind in ("pass", "unsupported", "package", "reject", "crash", "wrong"):
        print("  %-11s %d" % (kind, counts[kind]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
