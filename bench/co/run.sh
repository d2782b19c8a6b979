#!/bin/sh
# SPDX-License-Identifier: MIT
# The coroutine runtime's rows of `make bench` (issue 3's Measure table):
# bench/co/co_bench.c against the Go peers in bench/peers/go/, built with
# the installed Go and run in the same run, GOMAXPROCS=1, each swc run
# followed by the Go one.  Medians of BENCH_RUNS (default 5) runs; the 1M-coroutine row runs once each unless
# BENCH_MILLION_RUNS says otherwise (each run faults in ~4 GB).
# Prints a Markdown table; needs build/libswrt.a (`make`).
# Usage: bench/co/run.sh [figure...]   (yield pingpong spawn rss timers million)
cd "$(dirname "$0")/../.." || exit 1
set -e
mkdir -p build/bench-co
cc -std=gnu11 -O2 -Wall -Wextra -Irt -o build/bench-co/co_bench bench/co/co_bench.c build/libswrt.a -lgc -lm -lpthread
if command -v go >/dev/null 2>&1; then
    for p in yield pingpong spawn rss timers; do
        GOCACHE="$PWD/build/gocache" GO111MODULE=off go build -o "build/bench-co/go_$p" "bench/peers/go/$p.go"
    done
fi
exec python3 - "$@" <<'PY'
import os, shutil, statistics, subprocess, sys
B = "build/bench-co"
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
MRUNS = int(os.environ.get("BENCH_MILLION_RUNS", "1"))
have_go = os.path.exists(B + "/go_yield")
env1 = dict(os.environ, GOMAXPROCS="1")

def run(cmd, env=None):
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=900).stdout.split()
    return [float(x) for x in out[1:]]

def pair(ours_cmd, go_cmd, n):
    """Medians of ours and Go's, their runs interleaved so that a change of
    machine load hits both alike."""
    o, g = [], []
    for _ in range(n):
        o.append(run(ours_cmd))
        if have_go:
            g.append(run(go_cmd, env1))
    m = lambda vals: [statistics.median(v[i] for v in vals) for i in range(len(vals[0]))]
    return m(o), (m(g) if g else None)

figs = sys.argv[1:] or ["yield", "pingpong", "spawn", "rss", "timers", "million"]
rows = []
def row(name, ours, go, unit, goal, fmt="%.1f"):
    o = (fmt % ours) + " " + unit
    g = ((fmt % go) + " " + unit) if go is not None else "n/a"
    r = ("%.2fx" % (ours / go)) if go else "n/a"
    rows.append("| %s | %s | %s | %s | %s |" % (name, o, g, r, goal))

for f in figs:
    if f in ("yield", "pingpong", "spawn"):
        o, g = pair([B + "/co_bench", f], [B + "/go_" + f], RUNS)
        ours, go = o[0], (g[0] if g else None)
        name = {"yield": "yield+resume pair", "pingpong": "unbuffered ping-pong round trip",
                "spawn": "spawn + finish of an empty coroutine (1M)"}[f]
        goal = {"yield": "<= 25 ns", "pingpong": "<= 50 ns", "spawn": "<= 60 ns"}[f]
        row(name, ours, go, "ns", goal)
    elif f == "rss":
        o, g = pair([B + "/co_bench", "rss"], [B + "/go_rss"], RUNS)
        ours, go = o[0], (g[0] if g else None)
        row("RSS per idle coroutine, 100k blocked on a channel", ours, go, "B", "<= 8 KiB; <= Go's stretch", "%.0f")
    elif f == "timers":
        o, g = pair([B + "/co_bench", "timers"], [B + "/go_timers"], RUNS)
        row("100k timers (timer.After; Go: AfterFunc): add", o[0], g[0] if g else None, "ms", "", "%.2f")
        row("100k timers (timer.Clear; Go: Stop): clear", o[1], g[1] if g else None, "ms", "", "%.2f")
        row("100k timers: add + clear", o[0] + o[1], (g[0] + g[1]) if g else None, "ms", "<= 5 ms in all", "%.2f")
    elif f == "million":
        o, g = pair([B + "/co_bench", "million"], [B + "/go_rss", "million"], MRUNS)
        row("1,000,000 coroutines alive: RSS", o[0], g[0] if g else None, "MiB", "works; report RSS", "%.0f")
        row("1,000,000 coroutines alive: spawn time", o[1], g[1] if g else None, "s", "", "%.2f")

print("| figure (medians of %d) | swc | Go 1.19, GOMAXPROCS=1 | swc/Go | goal |" % RUNS)
print("| --- | --- | --- | --- | --- |")
for r in rows:
    print(r)
PY
