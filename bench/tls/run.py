#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""HTTPS hello world, keep-alive: our ModeBase and ModeProcess servers beside nginx with ssl_certificate.

Same method as bench/http/run.py (whose /proc accounting, start and stop helpers it uses):
each server on a free 127.0.0.1 port, warmed up, then `wrk -t1 -c100 -d{DURATION}s --latency
https://…` RUNS times; medians of req/s, p99 and server CPU µs per request.  Both servers use
the same RSA-2048 certificate made with openssl in a temp dir; wrk resumes no sessions across
its 100 keep-alive connections, so the figure is dominated by record encryption, not handshakes.

Environment: BENCH_TLS_RUNS (default 3), BENCH_TLS_DURATION (seconds, default 10).
"""
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests"))
import netlib  # noqa: E402
spec = importlib.util.spec_from_file_location("bench_http", os.path.join(ROOT, "bench", "http", "run.py"))
H = importlib.util.module_from_spec(spec)
spec.loader.exec_module(H)

RUNS = int(os.environ.get("BENCH_TLS_RUNS", "3"))
DURATION = int(os.environ.get("BENCH_TLS_DURATION", "10"))

# bench/http's nginx configuration with an ssl listener, and its wrk runner over https


def wrk(port, secs):
    return H.wrk(port, secs, "https")


def measure(argv, port, tmp):
    log = open(os.path.join(tmp, "server.log"), "w")
    proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        if not netlib.wait_listening(port, proc):
            return {"skip": "server did not start"}
        wrk(port, 2)
        runs = []
        for _ in range(RUNS):
            before = H.cpu_ticks(proc.pid)
            w = wrk(port, DURATION)
            w["cpu_us"] = (H.cpu_ticks(proc.pid) - before) / H.CLK_TCK * 1e6 / max(w["n"], 1)
            runs.append(w)
        res = {k: statistics.median(r[k] for r in runs) for k in ("rps", "p99", "cpu_us")}
        res["rss"] = H.rss_kb(proc.pid)
        res["bad"] = sum(r["bad"] for r in runs)
        return res
    finally:
        netlib.stop_group(proc)
        log.close()


def main():
    for tool in ("wrk", "nginx", "openssl"):
        if not shutil.which(tool):
            print("## HTTPS hello world: skipped (%s not installed)" % tool)
            return 0
    tmp = tempfile.mkdtemp(prefix="swc-bench-tls-")
    try:
        cert, key = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
                        "-keyout", key, "-out", cert, "-days", "2"], check=True, capture_output=True)
        exe = os.path.join(tmp, "https_hello")
        b = subprocess.run([os.path.join(ROOT, "bin", "swc"), "build", "-o", exe, os.path.join(HERE, "https_hello.sw")],
                           capture_output=True, text=True)
        if b.returncode != 0:
            print("swc build failed:", b.stderr or b.stdout)
            return 1
        rows = []
        for workers in (1, 2):
            port = netlib.free_port()
            d = os.path.join(tmp, "nginx%d" % workers)
            os.makedirs(d)
            with open(os.path.join(d, "nginx.conf"), "w") as f:
                f.write(H.NGINX_CONF.format(workers=workers, tmp=d, port=port, listen_opts=" ssl",
                                        server_extra="        ssl_certificate %s;\n        ssl_certificate_key %s;\n" % (cert, key)))
            ng = measure(["nginx", "-p", d, "-c", os.path.join(d, "nginx.conf"), "-e", os.path.join(d, "error.log")],
                         port, tmp)
            port = netlib.free_port()
            sw = measure([exe, str(port), str(workers), cert, key], port, tmp)
            rows.append(("nginx ssl, %d worker%s" % (workers, "s" if workers > 1 else ""), ng, None))
            rows.append(("swc https, ModeBase %d worker%s" % (workers, "s" if workers > 1 else ""), sw, ng))
            if workers == 2:
                # TLS in the master's reactor threads, plaintext to the workers
                port = H.free_port()
                sp = measure([exe, str(port), str(workers), cert, key, "process"], port, tmp)
                rows.append(("swc https, ModeProcess 2 workers", sp, ng))
        print("## HTTPS hello world (wrk -t1 -c100 -d%ds, keep-alive, median of %d)" % (DURATION, RUNS))
        print("| server | req/s | p99 | CPU µs/req | RSS | req/s vs nginx | CPU/req vs nginx |")
        print("|---|---|---|---|---|---|---|")
        for name, r, ref in rows:
            if "skip" in r:
                print("| %s | %s | | | | | |" % (name, r["skip"]))
                continue
            vs = cpu = ""
            if ref and "skip" not in ref:
                vs = "%.2f×" % (r["rps"] / ref["rps"])
                cpu = "%.2f×" % (r["cpu_us"] / ref["cpu_us"])
            print("| %s | %.0f | %.2f ms | %.1f | %.1f MB | %s | %s |%s" % (
                name, r["rps"], r["p99"], r["cpu_us"], r["rss"] / 1024, vs, cpu,
                " (%d non-2xx)" % r["bad"] if r["bad"] else ""))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
