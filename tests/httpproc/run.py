# SPDX-License-Identifier: MIT
# HTTP in the ModeProcess master (rt/net/srv_rframe.c, srv_reactor.c): the
# answers the reactor threads give themselves (100 Continue, early 413, 408,
# 431, 400…) byte for byte as ModeBase gives them, and dispatch modes 1-4
# with a handler that answers late and 20 pipelined requests per
# connection.  Builds tests/httpproc/server.sw, starts one ModeBase server
# (the reference) and one ModeProcess server per dispatch mode, stops them
# all (also on failure).  Last line: `N passed, M failed`.
# Usage: run.py [-k NAME]
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SWC = os.path.join(ROOT, "bin", "swc")
passed = failed = 0
procs = []


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def wait_port(port, proc, timeout=20):
    end = time.time() + timeout
    while time.time() < end:
        if proc.poll() is not None:
            return False
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


def stop_all():
    for p in procs:
        if p.poll() is None:
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except OSError:
                pass
    for p in procs:
        try:
            p.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()


def check(name, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL %s %r" % (name, detail))


def connect(port, timeout=10.0):
    return socket.create_connection(("127.0.0.1", port), timeout=timeout)


def read_all(s):
    """Everything until the server closes (or the socket's timeout)."""
    out = b""
    try:
        while True:
            b = s.recv(65536)
            if not b:
                break
            out += b
    except (socket.timeout, ConnectionResetError):
        pass
    return out


def read_until(s, pred, out=b""):
    """Reads until pred(out) holds, the server closes or the timeout."""
    try:
        while not pred(out):
            b = s.recv(65536)
            if not b:
                break
            out += b
    except (socket.timeout, ConnectionResetError):
        pass
    return out


def raw(port, data, timeout=10.0):
    s = connect(port, timeout)
    s.sendall(data)
    out = read_all(s)
    s.close()
    return out


def norm(resp):
    """A response without its Date line (the only part that may differ)."""
    return re.sub(rb"Date: [^\r]*\r\n", b"Date: -\r\n", resp)


def status_of(resp):
    try:
        return int(resp.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return -1


def responses(data):
    """Splits a byte stream of Content-Length responses into (head, body)."""
    out = []
    while data:
        i = data.find(b"\r\n\r\n")
        if i < 0:
            break
        head = data[:i]
        m = re.search(rb"Content-Length: (\d+)", head)
        n = int(m.group(1)) if m else 0
        if len(data) < i + 4 + n:
            break
        out.append((head, data[i + 4:i + 4 + n]))
        data = data[i + 4 + n:]
    return out


def main():
    only = None
    if len(sys.argv) > 2 and sys.argv[1] == "-k":
        only = sys.argv[2]
    tmp = tempfile.mkdtemp(prefix="swhttpproc")
    try:
        run_all(tmp, only)
    finally:
        stop_all()
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


def run_all(tmp, only):
    exe = os.path.join(tmp, "server")
    r = subprocess.run([SWC, "build", os.path.join(ROOT, "tests/httpproc/server.sw"), "-o", exe],
                       capture_output=True)
    if r.returncode != 0:
        check("build", False, r.stderr.decode()[:2000])
        return
    ports = {}
    for mode in ["base", "1", "2", "3", "4"]:
        port = free_port()
        p = subprocess.Popen([exe, str(port), mode], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             start_new_session=True)
        procs.append(p)
        ports[mode] = (port, p)
    for mode, (port, p) in ports.items():
        if not wait_port(port, p):
            check("start " + mode, False, p.stderr.read().decode()[:2000] if p.poll() is not None else "timeout")
            return
    base = ports["base"][0]
    tests = [(n[2:], f) for n, f in sorted(globals().items()) if n.startswith("t_") and callable(f)]
    for name, fn in tests:
        if only and only not in name:
            continue
        try:
            fn(base, {int(m): pp[0] for m, pp in ports.items() if m != "base"})
        except Exception as e:  # a broken test is a failure, not a crash
            check(name, False, "exception %r" % (e,))
    for mode, (port, p) in ports.items():
        if p.poll() is not None:
            check("alive " + mode, False, p.stderr.read().decode()[-2000:])


# ---- the master's own answers, as ModeBase gives them ----------------------------

def same_answer(name, base, port, data, want):
    """data sent at once to both servers: the same status, the same bytes."""
    a, b = raw(base, data), raw(port, data)
    check(name, status_of(b) == want and norm(a) == norm(b), (a[:300], b[:300]))


def t_refusals(base, ports):
    p = ports[2]
    # incomplete heads: the master must see the error without the blank line
    same_answer("bad_request_line_400", base, p, b"GET /\x01x HTTP/1.1\r\nHost: x\r\n", 400)
    same_answer("head_431", base, p, b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 10000, 431)
    same_answer("uri_414", base, p, b"GET /" + b"u" * 2000, 414)
    same_answer("version_505", base, p, b"GET / HTTP/3.0\r\nHost: x\r\n\r\n", 505)
    same_answer("te_501", base, p, b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: foo, chunked\r\n\r\n", 501)
    same_answer("no_host_400", base, p, b"GET / HTTP/1.1\r\n\r\n", 400)


def t_early_413(base, ports):
    # the head announces too big a body: 413 without the body being sent
    head = b"POST /raw HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\n\r\n"
    for m in (1, 2):
        s = connect(ports[m])
        s.sendall(head)
        r = read_all(s)
        s.close()
        check("early_413 mode %d" % m, status_of(r) == 413 and norm(r) == norm(raw(base, head)), r[:300])


def t_chunked_413(base, ports):
    # a chunk size over the limit: 413 before its data
    head = b"POST /raw HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n200000\r\n"
    r = raw(ports[2], head)
    check("chunked_413", status_of(r) == 413 and norm(r) == norm(raw(base, head)), r[:300])
    # chunks that add up to more than the limit
    s = connect(ports[2])
    s.sendall(b"POST /raw HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
    chunk = b"10000\r\n" + b"c" * 0x10000 + b"\r\n"
    try:
        for _ in range(20):
            s.sendall(chunk)
    except OSError:
        pass
    r = read_all(s)
    s.close()
    check("chunked_sum_413", status_of(r) == 413, r[:300])


def t_continue_raw(base, ports):
    # the interim 100 comes before the body is sent; then the answer
    for m in (1, 2, 3, 4):
        s = connect(ports[m])
        s.sendall(b"POST /raw HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 10\r\n\r\n")
        first = read_until(s, lambda o: b"\r\n\r\n" in o)
        ok100 = first == b"HTTP/1.1 100 Continue\r\n\r\n"
        s.sendall(b"0123456789")
        rest = read_until(s, lambda o: o.endswith(b"raw:10"))
        s.close()
        check("continue_raw mode %d" % m, ok100 and status_of(rest) == 200 and rest.endswith(b"raw:10"),
              (first, rest[-200:]))


def t_continue_curl(base, ports):
    if not shutil.which("curl"):
        print("note: curl not installed, skipped")
        return
    with tempfile.NamedTemporaryFile(prefix="swbig") as f:
        f.write(b"z" * 300000)
        f.flush()
        r = subprocess.run(["curl", "-s", "-S", "-v", "--max-time", "20", "-H", "Expect: 100-continue",
                            "--data-binary", "@" + f.name, "http://127.0.0.1:%d/raw" % ports[2]],
                           capture_output=True, timeout=30)
    out, err = r.stdout.decode("latin-1"), r.stderr.decode("latin-1")
    check("continue_curl", out == "raw:300000" and "HTTP/1.1 100 Continue" in err, (out[:100], err[-600:]))


def t_continue_no_expect_whole(base, ports):
    # head and body at once: no interim answer (as ModeBase)
    data = b"POST /raw HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc"
    r = raw(ports[2], data)
    check("continue_whole", r.startswith(b"HTTP/1.1 200") and r.endswith(b"raw:3"), r[:200])


def t_continue_after_earlier(base, ports):
    # a 100 for a pipelined request waits for the answer before it
    s = connect(ports[2])
    s.sendall(b"GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"
              b"POST /raw HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n")
    first = read_until(s, lambda o: b"100 Continue\r\n\r\n" in o)
    s.sendall(b"ok")
    rest = read_until(s, lambda o: o.endswith(b"raw:2"), first)
    s.close()
    i100, islow = rest.find(b"HTTP/1.1 100 Continue"), rest.find(b"slow")
    check("continue_in_order", 0 <= islow < i100 and rest.endswith(b"raw:2"), rest[-400:])


def t_error_after_earlier(base, ports):
    # a bad pipelined request is refused after the answer before it
    for m in (1, 2):
        s = connect(ports[m])
        s.sendall(b"GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /\x01 HTTP/1.1\r\n")
        r = read_all(s)
        s.close()
        rs = responses(r)
        check("error_in_order mode %d" % m, len(rs) == 2 and rs[0][1] == b"slow" and status_of(rs[1][0]) == 400,
              r[:600])


def t_timeout_408(base, ports):
    # HTTPHeaderTimeout is 1.5 s: a stalled head, then a stalled body, get 408
    for what, data in [("head", b"GET / HTTP/1.1\r\nHost:"),
                       ("body", b"POST /raw HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc")]:
        s = connect(ports[2], timeout=20)
        s.sendall(data)
        r = read_all(s)
        s.close()
        check("timeout_408 " + what, status_of(r) == 408 and norm(r) == norm(raw(base, data, 20)), r[:300])


def t_idle_keepalive(base, ports):
    # an idle connection between requests is not timed out
    s = connect(ports[2], timeout=20)
    s.sendall(b"GET /a HTTP/1.1\r\nHost: x\r\n\r\n")
    a = read_until(s, lambda o: o.endswith(b"path:/a"))
    time.sleep(2.5)
    s.sendall(b"GET /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    b = read_all(s)
    s.close()
    check("idle_keepalive", a.endswith(b"path:/a") and status_of(b) == 200 and b.endswith(b"path:/b"), (a[-100:], b[:300]))


def pipelined(port, n=20):
    s = connect(port, timeout=30)
    req = b"".join(b"GET /n?i=%d HTTP/1.1\r\nHost: x\r\n\r\n" % i for i in range(n - 1))
    req += b"GET /n?i=%d HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" % (n - 1)
    s.sendall(req)
    r = read_all(s)
    s.close()
    return responses(r), r


def t_dispatch_modes(base, ports):
    for m in (1, 2, 3, 4):
        rs, r = pipelined(ports[m])
        got = [b.split(b" ")[0] for _, b in rs]
        want = [b"n=%d" % i for i in range(20)]
        check("pipelined_in_order mode %d" % m, got == want, r[-600:])
        if m == 1:   # round robin: the requests of one connection went to several workers
            workers = {b.split(b" w=")[1] for _, b in rs if b" w=" in b}
            check("round_robin_spreads", len(workers) > 1, workers)


def t_half_closed(base, ports):
    # pipelined requests, then the client shuts its side: all are answered
    for m in (1, 2, 3):
        s = connect(ports[m], timeout=20)
        s.sendall(b"".join(b"GET /n?i=%d HTTP/1.1\r\nHost: x\r\n\r\n" % i for i in range(3)))
        s.shutdown(socket.SHUT_WR)
        r = read_all(s)
        s.close()
        got = [b.split(b" ")[0] for _, b in responses(r)]
        check("half_closed mode %d" % m, got == [b"n=0", b"n=1", b"n=2"], r[-300:])


def t_remote_addr(base, ports):
    # the client's address reaches the handler in every mode (1, 3: with each request)
    for m in (1, 2, 3, 4):
        s = connect(ports[m])
        s.sendall(b"GET /peer HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        r = read_all(s)
        want = b"127.0.0.1:%d" % s.getsockname()[1]
        s.close()
        check("remote_addr mode %d" % m, r.endswith(want), (r[-60:], want))


def t_dispatch_parallel(base, ports):
    # several connections at once, each pipelining: every answer in order
    for m in (1, 3):
        results = [None] * 4

        def one(k):
            results[k] = pipelined(ports[m], 10)[0]
        ts = [threading.Thread(target=one, args=(k,)) for k in range(4)]
        for t in ts:
            t.start()
        for t in ts:
            t.join(60)
        ok = all(r is not None and [b.split(b" ")[0] for _, b in r] == [b"n=%d" % i for i in range(10)]
                 for r in results)
        check("parallel_in_order mode %d" % m, ok, [len(r or []) for r in results])


def t_bad_does_not_disturb(base, ports):
    # a slow request on one connection, bad ones on others: the first is answered
    for m in (1, 2):
        s = connect(ports[m], timeout=20)
        s.sendall(b"GET /slow HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        bad = [raw(ports[m], d) for d in (b"GET /\x01 HTTP/1.1\r\n", b"GARBAGE\r\n\r\n",
                                          b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n")]
        good = raw(ports[m], b"GET /g HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        r = read_all(s)
        s.close()
        check("bad_does_not_disturb mode %d" % m,
              r.endswith(b"slow") and status_of(r) == 200 and good.endswith(b"path:/g")
              and [status_of(b) for b in bad] == [400, 400, 413], (r[:200], [b[:40] for b in bad], good[-50:]))


if __name__ == "__main__":
    main()
