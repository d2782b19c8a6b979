#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""HTTP/1.1 hello world, keep-alive: our server beside nginx and Go net/http, in one run.

Every server in SERVERS is started by this script on a free 127.0.0.1 port, warmed up, then
measured RUNS times with `wrk -t1 -c100 -d10s --latency`; the table shows medians of req/s, p99
latency, server CPU time per request (utime+stime from /proc/<pid>/stat of every process of the
server, plus what its reaped children used, before and after each run) and server RSS (sum over
its processes after the runs), with ratios to the nginx row of the same worker count.  The load
generator shares the machine with the server (wrk has one thread, so on 2 cores it owns about
one): with the CPU saturated, CPU per request is the figure that still discriminates.

A server is one SERVERS entry: a name, the command (with {port} and {tmp}), optionally a Sw
source to build first (the row says "skipped: not built yet" while that file does not exist) or
a Go source, and the nginx row it is compared with.  Every server is stopped (its whole process
group) even when something fails.

Environment: BENCH_HTTP_RUNS (default 3), BENCH_HTTP_DURATION (seconds, default 10),
BENCH_HTTP_ONLY (substring of the names to run).
"""
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests"))
import netlib  # noqa: E402
from netlib import free_port, wait_listening  # noqa: E402,F401  (bench/tls uses them from here)
RUNS = int(os.environ.get("BENCH_HTTP_RUNS", "3"))
DURATION = int(os.environ.get("BENCH_HTTP_DURATION", "10"))
ONLY = os.environ.get("BENCH_HTTP_ONLY", "")
CONNECTIONS = 100
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024

NGINX_CONF = """worker_processes {workers};
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    keepalive_requests 100000000;
    keepalive_timeout 120s;
    default_type text/plain;
    server {{
        listen 127.0.0.1:{port}{listen_opts};
{server_extra}        location / {{ return 200 "Hello World"; }}
    }}
}}
"""

# The servers, in table order.  cmd: argv with {port}, {tmp}, {exe} (the built program).
SERVERS = [
    {"name": "nginx, 1 worker", "nginx": 1},
    {"name": "nginx, 2 workers", "nginx": 2},
    # one SO_REUSEPORT listener per worker: the listener layout of our ModeBase with 2 workers
    {"name": "nginx, 2 workers, reuseport", "nginx": 2, "listen": " reuseport"},
    {"name": "Go net/http", "go": "bench/peers/go/http_hello.go", "cmd": ["{exe}", "{port}"],
     "ref": "nginx, 1 worker"},
    # --- ours: examples/http_hello.sw takes [port [workers [mode]]] -------------------------
    # Skipped ("skipped: not built yet") until the http package and its example exist.
    {"name": "swc http, ModeBase 1 worker", "sw": "examples/http_hello.sw",
     "cmd": ["{exe}", "{port}", "1", "base"], "ref": "nginx, 1 worker"},
    {"name": "swc http, ModeBase 2 workers", "sw": "examples/http_hello.sw",
     "cmd": ["{exe}", "{port}", "2", "base"], "ref": "nginx, 2 workers"},
    {"name": "swc http, ModeProcess 2 workers", "sw": "examples/http_hello.sw",
     "cmd": ["{exe}", "{port}", "2", "process"], "ref": "nginx, 2 workers"},
]


# ---- /proc accounting --------------------------------------------------------------------------

def _stat(pid):
    """(ppid, utime+stime, cutime+cstime, rss pages) of pid, None when gone."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            s = f.read()
    except OSError:
        return None
    fields = s[s.rindex(")") + 2:].split()  # after "pid (comm) "
    # fields[0] is state (field 3); utime is field 14 → index 11
    return int(fields[1]), int(fields[11]) + int(fields[12]), int(fields[13]) + int(fields[14]), int(fields[21])


def tree(root):
    """root and all its descendants: {pid: stat}."""
    stats = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            st = _stat(int(d))
            if st:
                stats[int(d)] = st
    out, todo = {}, [root]
    while todo:
        p = todo.pop()
        if p in stats and p not in out:
            out[p] = stats[p]
            todo.extend(c for c, st in stats.items() if st[0] == p)
    return out


def cpu_ticks(root):
    """CPU ticks of the server: every live process, plus the reaped children of the root
    (cutime/cstime of the others count their own reaped children, included too)."""
    return sum(st[1] + st[2] for st in tree(root).values())


def rss_kb(root):
    return sum(st[3] for st in tree(root).values()) * PAGE_KB


# ---- wrk ------------------------------------------------------------------------------------------

def _ms(v, unit):
    return float(v) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(port, secs, scheme="http"):
    r = subprocess.run(["wrk", "-t1", "-c%d" % CONNECTIONS, "-d%ds" % secs, "--latency",
                        "%s://127.0.0.1:%d/" % (scheme, port)], capture_output=True, text=True,
                       timeout=secs + 60)
    out = r.stdout
    m_rps = re.search(r"Requests/sec:\s*([\d.]+)", out)
    m_n = re.search(r"(\d+) requests in", out)
    m_p99 = re.search(r"^\s*99%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errs = re.search(r"Socket errors: (.*)", out)
    if not (m_rps and m_n and m_p99):
        raise RuntimeError("wrk output not understood: " + (out + r.stderr)[-300:])
    return {"rps": float(m_rps.group(1)), "n": int(m_n.group(1)),
            "p99": _ms(m_p99.group(1), m_p99.group(2)),
            "bad": int(bad.group(1)) if bad else 0, "errors": errs.group(1) if errs else ""}


# ---- servers -----------------------------------------------------------------------------------------

def prepare(entry, tmp):
    """The argv to start entry, or a reason to skip it."""
    if "nginx" in entry:
        if not shutil.which("nginx"):
            return None, "skipped: nginx not installed"
        d = os.path.join(tmp, "nginx%d%s" % (entry["nginx"], "r" if entry.get("listen") else ""))
        os.makedirs(d, exist_ok=True)
        return ["nginx", "-p", d, "-c", os.path.join(d, "nginx.conf"), "-e", os.path.join(d, "error.log")], None
    if "go" in entry:
        if not shutil.which("go"):
            return None, "skipped: go not installed"
        exe = os.path.join(tmp, "go_http_hello")
        env = dict(os.environ, GO111MODULE="off", GOCACHE=os.path.join(tmp, "gocache"))
        b = subprocess.run(["go", "build", "-o", exe, os.path.join(ROOT, entry["go"])],
                           capture_output=True, text=True, env=env)
        if b.returncode != 0:
            return None, "skipped: go build failed: " + b.stderr.strip()[:200]
        return [a.replace("{exe}", exe) for a in entry["cmd"]], None
    src = os.path.join(ROOT, entry["sw"])
    if not os.path.exists(src):
        return None, "skipped: not built yet"
    exe = os.path.join(tmp, os.path.basename(src)[:-3])
    if not os.path.exists(exe):
        b = subprocess.run([os.path.join(ROOT, "bin", "swc"), "build", "-o", exe, src],
                           capture_output=True, text=True)
        if b.returncode != 0:
            return None, "skipped: swc build failed: " + (b.stderr or b.stdout).strip()[:200]
    return [a.replace("{exe}", exe) for a in entry["cmd"]], None


def stop(proc):
    """Stops the server's whole process group: TERM, then KILL (also the
    workers left behind by a master that died first)."""
    netlib.stop_group(proc)


def measure(entry, tmp):
    argv, why = prepare(entry, tmp)
    if argv is None:
        return {"skip": why}
    port = free_port()
    argv = [a.replace("{port}", str(port)).replace("{tmp}", tmp) for a in argv]
    if "nginx" in entry:
        d = argv[2]
        with open(os.path.join(d, "nginx.conf"), "w") as f:
            f.write(NGINX_CONF.format(workers=entry["nginx"], tmp=d, port=port,
                                      listen_opts=entry.get("listen", ""), server_extra=""))
    log = open(os.path.join(tmp, "server.log"), "w")
    proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        if not wait_listening(port, proc):
            return {"skip": "failed: server did not start (status %s)" % proc.poll()}
        wrk(port, 2)  # warm-up
        runs = []
        for _ in range(RUNS):
            before = cpu_ticks(proc.pid)
            w = wrk(port, DURATION)
            after = cpu_ticks(proc.pid)
            w["cpu_us"] = (after - before) / CLK_TCK * 1e6 / max(w["n"], 1)
            runs.append(w)
            if proc.poll() is not None:
                return {"skip": "failed: server exited during the run (status %s)" % proc.returncode}
        res = {k: statistics.median(r[k] for r in runs) for k in ("rps", "p99", "cpu_us")}
        res["rss"] = rss_kb(proc.pid)
        res["bad"] = sum(r["bad"] for r in runs)
        res["errors"] = "; ".join(sorted({r["errors"] for r in runs if r["errors"]}))
        return res
    finally:
        stop(proc)
        log.close()


def main():
    if not shutil.which("wrk"):
        print("## HTTP hello world: skipped (wrk not installed)")
        return 0
    tmp = tempfile.mkdtemp(prefix="swc-bench-http-")
    results = {}
    try:
        for e in SERVERS:
            if ONLY and ONLY not in e["name"] and "nginx" not in e:
                continue
            print("bench/http: %s ..." % e["name"], file=sys.stderr, flush=True)
            results[e["name"]] = measure(e, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("## HTTP/1.1 hello world, keep-alive: wrk -t1 -c%d -d%ds --latency, median of %d runs" % (
        CONNECTIONS, DURATION, RUNS))
    print("%d CPUs; wrk (one thread) runs on the same machine as the server and takes about one "
          "of them. CPU = server utime+stime per request; RSS = sum over the server's processes." %
          os.cpu_count())
    print("| server | req/s | p99 | CPU µs/req | RSS | req/s vs nginx | CPU/req vs nginx |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for e in SERVERS:
        r = results.get(e["name"])
        if r is None:
            continue
        if "skip" in r:
            print("| %s | %s | | | | | |" % (e["name"], r["skip"]))
            continue
        ref = results.get(e.get("ref", e["name"]))
        ratio = cpu_ratio = "-"
        if ref and "skip" not in ref and ref is not r:
            ratio = "%.2f× (%s)" % (r["rps"] / ref["rps"], e["ref"])
            cpu_ratio = "%.2f×" % (r["cpu_us"] / ref["cpu_us"]) if ref["cpu_us"] else "-"
        note = ""
        if r["bad"] or r["errors"]:
            note = " (non-2xx: %d; %s)" % (r["bad"], r["errors"] or "no socket errors")
        print("| %s%s | %s | %.2f ms | %.1f | %.1f MiB | %s | %s |" % (
            e["name"], note, "{:,.0f}".format(r["rps"]), r["p99"], r["cpu_us"], r["rss"] / 1024,
            ratio, cpu_ratio))
    return 0


if __name__ == "__main__":
    sys.exit(main())
