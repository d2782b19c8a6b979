#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""make bench: figures beside their peers, as medians of several runs from one run of this script.

Compile time: `swc build` of examples/hello.sw and of bench/compile/big.sw (a ~500-line program)
beside `go build` of the same source (Go's build cache is disabled for the measured builds so
both compilers do the whole job; swc has no cache).
The load generator here is this script itself; nothing else runs beside it.
Then the CPU-bound programs of bench/lang/ and the coroutine micro benchmarks of bench/co/, each
beside Go in the same run, and the HTTP hello world servers of bench/http/ beside nginx and Go.
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUNS = int(os.environ.get("BENCH_RUNS", "5"))


def timed(cmd, cwd=None, env=None):
    t = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - t


def median_of(fn):
    fn()  # warm the file cache
    return statistics.median(fn() for _ in range(RUNS))


def compile_times(tmp):
    rows = []
    progs = [("hello", os.path.join(ROOT, "examples", "hello.sw")),
             ("big (~500 lines)", os.path.join(ROOT, "bench", "compile", "big.sw"))]
    have_go = shutil.which("go") is not None
    for label, src in progs:
        if not os.path.exists(src):
            continue
        lines = sum(1 for _ in open(src))
        swc = median_of(lambda: timed([os.path.join(ROOT, "bin", "swc"), "build", "-o",
                                       os.path.join(tmp, "p"), src]))
        go = None
        if have_go:
            d = os.path.join(tmp, "go")
            os.makedirs(d, exist_ok=True)
            shutil.copy(src, os.path.join(d, "main.go"))
            env = dict(os.environ, GO111MODULE="off", GOCACHE=os.path.join(tmp, "gocache"))
            # -a rebuilds every package, like swc (no cache of compiled stdlib)
            go_full = median_of(lambda: timed(["go", "build", "-a", "-o", "p", "main.go"], cwd=d, env=env))
            go = median_of(lambda: timed(["go", "build", "-o", "p", "main.go"], cwd=d, env=env))
        rows.append((label, lines, swc, go, go_full if have_go else None))
    print("## swc build vs go build (wall time, median of %d)" % RUNS)
    print("| program | lines | swc build | go build (cached std) | go build -a | swc / go cached |")
    print("| --- | --- | --- | --- | --- | --- |")
    for label, lines, swc, go, go_full in rows:
        ratio = "%.2f" % (swc / go) if go else "-"
        print("| %s | %d | %.0f ms | %s | %s | %s |" % (
            label, lines, swc * 1000, "%.0f ms" % (go * 1000) if go else "-",
            "%.0f ms" % (go_full * 1000) if go_full else "-", ratio))


def main():
    tmp = tempfile.mkdtemp(prefix="swc-bench-")
    try:
        compile_times(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    # CPU-bound core-language programs beside Go (its own table; see bench/lang/run.py)
    print(flush=True)
    subprocess.run([sys.executable, os.path.join(ROOT, "bench", "lang", "run.py")])
    # coroutine runtime micro benchmarks beside Go (bench/co/run.sh)
    print(flush=True)
    subprocess.run(["bash", os.path.join(ROOT, "bench", "co", "run.sh")])
    # HTTP hello world beside nginx and Go net/http, servers started by bench/http/run.py
    print(flush=True)
    subprocess.run([sys.executable, os.path.join(ROOT, "bench", "http", "run.py")])


if __name__ == "__main__":
    sys.exit(main())
