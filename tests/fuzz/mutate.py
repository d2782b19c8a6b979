#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Mutation fuzzing of the compiler front end.

Takes the golden programs, applies random byte-level and token-level mutations (delete, duplicate,
swap, insert a token, truncate) with a fixed seed, and runs `swc build -emit-c` on each mutant. A
mutant may be accepted (status 0) or rejected with diagnostics (status 1); anything else — a signal,
an internal error (3), a timeout, output on stderr without a `file:line:col: error:` line when
rejected, or generated C that the C compiler rejects when accepted — is a failure. Usage: mutate.py [COUNT] [SEED]
"""
import os
import random
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SWC = os.path.join(ROOT, "bin", "swc")
TOKENS = [b"(", b")", b"{", b"}", b"[", b"]", b",", b";", b":=", b"=", b"...", b".", b"*", b"&",
          b"<-", b"func", b"var", b"const", b"type", b"struct", b"map", b"chan", b"interface",
          b"go", b"defer", b"return", b"if", b"else", b"for", b"range", b"switch", b"case",
          b"default", b"break", b"continue", b"fallthrough", b"goto", b"select", b"\"", b"'",
          b"`", b"/*", b"*/", b"//", b"\n", b"0x", b"1e", b"'\\", b"\\u", b"_", b"nil", b"x",
          b"int", b"string", b"[]", b"1<<70", b"-", b"+", b"!", b"^", b"%", b"<<", b">>",
          b"\xff", b"\xc3", b"\x00"]


WORD = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*|[0-9]+|\"[^\"\n]*\"")


def swap_word(rng, src):
    # replace one word (identifier, number or string) by another of the same file: mostly
    # well-formed programs with type errors, which exercise the checker and the generator
    words = list(WORD.finditer(src))
    if len(words) < 2:
        return src
    a = rng.choice(words)
    b = rng.choice(words)
    return src[:a.start()] + b.group(0) + src[a.end():]


def mutate(rng, src):
    n = rng.randint(1, 3)
    for _ in range(n):
        if not src:
            break
        if rng.random() < 0.5:
            src = swap_word(rng, src)
            continue
        op = rng.randrange(6)
        i = rng.randrange(len(src))
        j = min(len(src), i + rng.randint(1, 12))
        if op == 0:
            src = src[:i] + src[j:]
        elif op == 1:
            src = src[:i] + src[i:j] + src[i:]
        elif op == 2:
            src = src[:i] + rng.choice(TOKENS) + src[i:]
        elif op == 3:
            k = rng.randrange(len(src))
            a, b = sorted((i, k))
            src = src[:a] + src[b:b + (j - i)] + src[a + (j - i):b] + src[a:a + (j - i)] + src[b + (j - i):]
        elif op == 4:
            src = src[:i]
        else:
            src = src[:i] + bytes([rng.randrange(256)]) + src[i + 1:]
    return src


def run_swc(cmd):
    # a concurrent `make` may be relinking bin/swc: retry once on "text file busy"
    try:
        return subprocess.run(cmd, capture_output=True, timeout=20)
    except OSError:
        time.sleep(2)
        return subprocess.run(cmd, capture_output=True, timeout=20)


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    rng = random.Random(seed)
    gold = os.path.join(ROOT, "tests", "golden")
    seeds = sorted(os.path.join(gold, f) for f in os.listdir(gold) if f.endswith(".sw"))
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="swc-fuzz-") as tmp:
        path = os.path.join(tmp, "m.sw")
        for n in range(count):
            base = rng.choice(seeds)
            with open(base, "rb") as f:
                src = mutate(rng, f.read())
            with open(path, "wb") as f:
                f.write(src)
            try:
                r = run_swc([SWC, "build", "-emit-c", "-o", os.path.join(tmp, "m.c"), path])
                err = r.stderr.decode("utf-8", "replace")
                bad = None
                if r.returncode < 0 or r.returncode not in (0, 1):
                    bad = "status %d: %s" % (r.returncode, err.strip().split("\n")[0][:200])
                elif r.returncode == 1 and ": error: " not in err:
                    bad = "rejected without a diagnostic: %s" % err[:200]
                elif r.returncode == 0:
                    # accepted: the generated C must compile
                    c = subprocess.run(["cc", "-std=gnu11", "-fsyntax-only", "-w", "-I" + os.path.join(ROOT, "rt"),
                                        os.path.join(tmp, "m.c")], capture_output=True, timeout=60)
                    if c.returncode != 0:
                        bad = "generated C does not compile: %s" % c.stderr.decode("utf-8", "replace").strip().split("\n")[0][:200]
            except subprocess.TimeoutExpired:
                bad = "timeout"
            if bad:
                failed += 1
                keep = os.path.join(ROOT, "build", "fuzz-fail-%d-%d.sw" % (seed, n))
                os.makedirs(os.path.dirname(keep), exist_ok=True)
                with open(keep, "wb") as f:
                    f.write(src)
                print("FAIL fuzz #%d (from %s): %s; kept as %s" % (n, os.path.basename(base), bad,
                                                                  os.path.relpath(keep, ROOT)))
            else:
                passed += 1
    print("fuzz: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
