#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""CPU-bound programs of the core language, built by swc and by Go, timed side by side.

Every bench/lang/<name>.sw that has a peer bench/peers/go/<name>.go is built with bin/swc and with
`go build` (the two files are the same source but for their header comment; a difference in the code
is reported). Both binaries must print the same bytes, or the row says so and the script exits 1.
Each binary then runs RUNS times (env BENCH_RUNS, default 5), the swc and Go runs interleaved so
that a change of machine load hits both alike. The table gives the median wall time, the median CPU
time (user+sys, which counts Go's parallel GC threads), their swc/Go ratios, and the largest
resident set of the runs (from /usr/bin/time -f %M).

A program runs with no arguments (its built-in size) unless ARGS below gives some; the table shows them.

Usage: bench/lang/run.py [name ...]     (default: every program; env BENCH_RUNS=n)
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PEERS = os.path.join(ROOT, "bench", "peers", "go")
SWC = os.path.join(ROOT, "bin", "swc")
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
# Arguments for programs whose built-in default is too short to time here (0.5-3 s under Go wanted).
ARGS = {"json_loop": ["40000"], "defer_call": ["50000000"]}
ORDER = ["nbody", "spectral_norm", "fannkuch", "binary_trees", "json_loop", "wordcount"]


def programs(wanted):
    names = [f[:-3] for f in os.listdir(HERE)
             if f.endswith(".sw") and os.path.exists(os.path.join(PEERS, f[:-3] + ".go"))]
    names.sort(key=lambda n: (ORDER.index(n) if n in ORDER else len(ORDER), n))
    if wanted:
        missing = [w for w in wanted if w not in names]
        if missing:
            sys.exit("bench/lang: no such program (or no Go peer): " + " ".join(missing))
        names = [n for n in names if n in wanted]
    return names


def code_of(path):
    """The source without comment-only lines: what must be equal between the .sw and the .go."""
    return [l for l in open(path).read().splitlines() if not re.match(r"\s*//", l)]


def build(cmd, cwd=None, env=None, tries=3):
    # Other builds may replace build/libswrt.a while we link: retry a transient failure.
    for i in range(tries):
        r = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True)
        if r.returncode == 0:
            return None
        time.sleep(1 + i)
    return r.stdout.strip().splitlines()[-1] if r.stdout.strip() else "exit %d" % r.returncode


def run_once(exe, args=()):
    """Runs exe; returns (stdout bytes, wall seconds, cpu seconds, max RSS in KiB, exit status).

    The RSS comes from /usr/bin/time -f %M: a child forked straight from this script would inherit
    Python's high-water mark in ru_maxrss. CPU comes from wait4 (it includes the reaped grandchild)."""
    with tempfile.TemporaryFile() as out, tempfile.NamedTemporaryFile("r") as rss:
        cmd = [exe] + list(args)
        if TIME:
            cmd = [TIME, "-q", "-f", "%M", "-o", rss.name] + cmd
        t = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = rss.read().strip().splitlines()
        maxrss = int(text[-1]) if TIME and text and text[-1].isdigit() else ru.ru_maxrss
        return out.read(), wall, ru.ru_utime + ru.ru_stime, maxrss, p.returncode


def fmt_s(x):
    return "%.3f s" % x


def fmt_mb(kb):
    return "%.1f MB" % (kb / 1024)


def main():
    names = programs(sys.argv[1:])
    ncpu = os.cpu_count()
    load = os.getloadavg()[0]
    print("## Core language: swc vs Go (CPU-bound programs, bench/lang)")
    print()
    print("Machine: %d cores (%s). Nothing else should run during this benchmark; load average "
          "at start %.2f%s. Median of %d runs each, swc and Go runs interleaved; ratio > 1 means "
          "swc is slower. CPU = user+sys of the child (Go's GC runs on other threads too); "
          "RSS = largest max resident set of the runs." % (
              ncpu, os.uname().machine, load,
              " (**the machine is busy: figures are noisy**)" if load > 0.5 else "", RUNS))
    print()
    print("| program | swc median | Go median | swc/Go | swc CPU | Go CPU | CPU swc/Go "
          "| swc RSS | Go RSS |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    sys.stdout.flush()
    have_go = shutil.which("go") is not None
    tmp = tempfile.mkdtemp(prefix="swc-bench-lang-")
    failed = False
    try:
        for name in names:
            sw = os.path.join(HERE, name + ".sw")
            gosrc = os.path.join(PEERS, name + ".go")
            note = ""
            if code_of(sw) != code_of(gosrc):
                note = " (.sw and .go differ)"
            swexe = os.path.join(tmp, name + ".swc")
            err = build([SWC, "build", "-o", swexe, sw])
            if err:
                print("| %s | swc build failed: %s | | | | | | | |" % (name, err.replace("|", "/")))
                failed = True
                continue
            if not have_go:
                print("| %s | (go not installed) | | | | | | | |" % name)
                continue
            d = os.path.join(tmp, name)
            os.makedirs(d)
            shutil.copy(gosrc, os.path.join(d, "main.go"))
            goexe = os.path.join(tmp, name + ".go.bin")
            env = dict(os.environ, GO111MODULE="off")
            err = build(["go", "build", "-o", goexe, "main.go"], cwd=d, env=env)
            if err:
                print("| %s | go build failed: %s | | | | | | | |" % (name, err.replace("|", "/")))
                failed = True
                continue
            # first runs: warm caches and compare outputs
            args = ARGS.get(name, [])
            label = " ".join([name] + args)
            so = run_once(swexe, args)
            go = run_once(goexe, args)
            if so[0] != go[0] or so[4] != go[4]:
                print("| %s | **output differs from Go** (exit %d vs %d) | | | | | | | |" % (
                    label, so[4], go[4]))
                failed = True
                continue
            sr, gr = [], []
            for _ in range(RUNS):
                sr.append(run_once(swexe, args))
                gr.append(run_once(goexe, args))
            sw_wall = statistics.median(r[1] for r in sr)
            go_wall = statistics.median(r[1] for r in gr)
            sw_cpu = statistics.median(r[2] for r in sr)
            go_cpu = statistics.median(r[2] for r in gr)
            print("| %s%s | %s | %s | %.2f | %s | %s | %.2f | %s | %s |" % (
                label, note, fmt_s(sw_wall), fmt_s(go_wall), sw_wall / go_wall, fmt_s(sw_cpu),
                fmt_s(go_cpu), sw_cpu / go_cpu if go_cpu else 0, fmt_mb(max(r[3] for r in sr)),
                fmt_mb(max(r[3] for r in gr))))
            sys.stdout.flush()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
