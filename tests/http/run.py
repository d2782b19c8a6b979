# SPDX-License-Identifier: MIT
# The http package's integration tests: builds tests/http/server.sw, starts
# it on a free port, drives it with curl, ab and raw python sockets, and
# stops it (also on failure).  Last line: `N passed, M failed`.
# Usage: run.py [-k NAME]
import gzip
import os
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


def wait_port(port, proc, timeout=10):
    end = time.time() + timeout
    while time.time() < end:
        if proc.poll() is not None:
            return False
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


def start(exe, args, env=None):
    p = subprocess.Popen([exe] + [str(a) for a in args], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=env, start_new_session=True)
    procs.append(p)
    return p


def stop_all():
    for p in procs:
        if p.poll() is None:
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except OSError:
                pass
    for p in procs:
        try:
            p.wait(timeout=3)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()


def check(name, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL %s %s" % (name, detail))


def curl(*args, timeout=10):
    r = subprocess.run(["curl", "-s", "-S", "--max-time", "5"] + list(args), capture_output=True,
                       timeout=timeout)
    return r.stdout.decode("latin-1"), r.stderr.decode("latin-1")


def raw(port, data, timeout=3.0, wait_close=True):
    """Sends data, returns everything read until the server closes (or timeout)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    s.sendall(data)
    out = b""
    try:
        while True:
            b = s.recv(65536)
            if not b:
                break
            out += b
            if not wait_close:
                break
    except socket.timeout:
        pass
    s.close()
    return out


def status_of(resp):
    try:
        return int(resp.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return -1


def main():
    only = None
    if len(sys.argv) > 2 and sys.argv[1] == "-k":
        only = sys.argv[2]
    tmp = tempfile.mkdtemp(prefix="swhttp")
    try:
        run_all(tmp, only)
    finally:
        stop_all()
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


def run_all(tmp, only):
    exe = os.path.join(tmp, "server")
    r = subprocess.run([SWC, "build", os.path.join(ROOT, "tests/http/server.sw"), "-o", exe],
                       capture_output=True)
    if r.returncode != 0:
        check("build", False, r.stderr.decode()[:2000])
        return
    root = os.path.join(tmp, "root")
    up = os.path.join(tmp, "up")
    os.makedirs(os.path.join(root, "sub"))
    os.makedirs(up)
    with open(os.path.join(root, "index.html"), "w") as f:
        f.write("static index\n")
    with open(os.path.join(root, "data.txt"), "w") as f:
        f.write("data file\n")
    with open(os.path.join(root, "sub", "style.css"), "w") as f:
        f.write("body{}\n")
    with open(os.path.join(tmp, "secret.txt"), "w") as f:
        f.write("secret\n")
    os.symlink(os.path.join(tmp, "secret.txt"), os.path.join(root, "link.txt"))
    if not only or only in "examples":
        examples(tmp)
    port = free_port()
    # SW_HTTP_MODE=process (tests/httpproc): the same checks on ModeProcess,
    # where the master's reactor threads frame the requests (and answer
    # 100-continue, 408 and the refusals themselves).
    process = os.environ.get("SW_HTTP_MODE") == "process"
    srv = start(exe, [port, root, up] + (["process"] if process else []))
    if not wait_port(port, srv):
        check("start", False, srv.stderr.read().decode()[:2000] if srv.poll() is not None else "timeout")
        return
    B = "http://127.0.0.1:%d" % port
    tests = [(n[2:], f) for n, f in sorted(globals().items()) if n.startswith("t_") and callable(f)]
    for name, fn in tests:
        if only and only not in name:
            continue
        if srv.poll() is not None:
            check(name, False, "server died: " + srv.stderr.read().decode()[-2000:])
            return
        try:
            fn(B, port, tmp, root, up)
        except Exception as e:  # a broken test is a failure, not a crash
            check(name, False, "exception %r" % (e,))


def examples(tmp):
    """examples/http_routing.sw and http_hello.sw, built and driven."""
    for name, paths in [("http_routing", [("/test/index/?a=1", "<h1>test/index a=1</h1>"),
                                          ("/user/show?id=7", '{"id":"7"}'),
                                          ("/nothing/here", "<h1>no route for /nothing/here</h1>")]),
                        ("http_hello", [("/", "Hello World"), ("/any/path", "Hello World")])]:
        exe = os.path.join(tmp, name)
        r = subprocess.run([SWC, "build", os.path.join(ROOT, "examples", name + ".sw"), "-o", exe],
                           capture_output=True)
        if r.returncode != 0:
            check("example " + name, False, r.stderr.decode()[:1000])
            continue
        port = free_port()
        p = start(exe, [port])
        if not wait_port(port, p):
            check("example " + name, False, "did not start")
            continue
        for path, want in paths:
            out, _ = curl("http://127.0.0.1:%d%s" % (port, path))
            check("example %s %s" % (name, path), out == want, out)
        os.killpg(p.pid, signal.SIGTERM)
        p.wait(timeout=5)
    # two workers (BASE, then PROCESS: master, manager, 2 workers): every
    # connection answered; SIGTERM to the parent stops all
    exe = os.path.join(tmp, "http_hello")
    for extra, tag in [([], "workers2"), (["process"], "process2")]:
        if not os.path.exists(exe):
            break
        port = free_port()
        p = start(exe, [port, 2] + extra)
        if wait_port(port, p):
            if extra:
                kids = subprocess.run(["pgrep", "-s", str(p.pid)], capture_output=True).stdout.split()
                check(tag + " master, manager and 2 workers", len(kids) == 4, str(kids))
            outs = [curl("http://127.0.0.1:%d/" % port)[0] for _ in range(8)]
            check(tag + " all answered", outs == ["Hello World"] * 8, str(outs))
            p.send_signal(signal.SIGTERM)
            try:
                p.wait(timeout=5)
                time.sleep(0.2)
                left = subprocess.run(["pgrep", "-s", str(p.pid)], capture_output=True).stdout.split()
                check(tag + " SIGTERM stops all", left == [], str(left))
            except subprocess.TimeoutExpired:
                check(tag + " SIGTERM stops all", False, "parent still running")
        else:
            check(tag + " start", False, "")


# ---- curl -------------------------------------------------------------------------------

def t_get_query(B, port, tmp, root, up):
    out, _ = curl(B + "/get?a=1&b=x+y&c=%41")
    check("get_query", out == "get:a=1;b=x y;c=A;", out)


def t_keepalive_two_urls(B, port, tmp, root, up):
    out, err = curl("-v", B + "/fd", B + "/fd")
    fds = [l for l in out.split("fd:") if l]
    check("keepalive", len(fds) == 2 and fds[0] == fds[1] and "Re-using existing connection" in err,
          out + err[-500:])


def t_http10(B, port, tmp, root, up):
    out, err = curl("-0", "-v", B + "/get?x=1")
    check("http10", out == "get:x=1;" and "Connection: close" in err, out + err[-600:])
    out, err = curl("-0", "-v", B + "/write")
    check("http10_write", out == "part1,part2,end" and "chunked" not in err, out + err[-600:])


def t_post_urlencoded(B, port, tmp, root, up):
    out, _ = curl("-d", "p=1&q=%41&r=a+b", B + "/post")
    check("post_urlencoded", out == "post:p=1;q=A;r=a b;", out)


def t_chunked_upload(B, port, tmp, root, up):
    path = os.path.join(tmp, "upload.bin")
    data = b"".join(b"line %d\n" % i for i in range(3000))
    with open(path, "wb") as f:
        f.write(data)
    out, err = curl("-H", "Transfer-Encoding: chunked", "--data-binary", "@" + path, B + "/raw")
    check("chunked_upload", out == "raw:%d:%s" % (len(data), data.decode()), out[:200] + err)


def t_multipart_file(B, port, tmp, root, up):
    path = os.path.join(tmp, "up.txt")
    with open(path, "w") as f:
        f.write("uploaded content")
    out, _ = curl("-F", "doc=@%s;type=text/plain" % path, "-F", "name=v", B + "/upload")
    check("multipart", out == "post:name=v; doc:up.txt:text/plain:16:0:uploaded content", out)
    check("multipart_tmp_removed", os.listdir(up) == [], str(os.listdir(up)))


def t_cookies(B, port, tmp, root, up):
    jar = os.path.join(tmp, "jar")
    out, _ = curl("-c", jar, "-b", "k=v; k2=a%20b", B + "/cookie")
    check("cookie_read", out == "cookies:k=v;k2=a b;", out)
    with open(jar) as f:
        j = f.read()
    check("cookie_set", "session\ta+b%26c" in j and "plain\tv1" in j and "#HttpOnly_" in j, j)
    out, _ = curl("-b", jar, B + "/cookie")
    check("cookie_roundtrip", out == "cookies:plain=v1;session=a b&c;", out)


def t_compressed(B, port, tmp, root, up):
    out, err = curl("-v", "--compressed", B + "/big")
    check("gzip", out == "hello gzip world " * 1000 and "Content-Encoding: gzip" in err, err[-800:])
    out, err = curl("-v", B + "/big")
    check("no_gzip_unasked", "Content-Encoding" not in err and len(out) == 17000, err[-800:])


def t_redirect(B, port, tmp, root, up):
    out, err = curl("-v", "-L", B + "/redirect")
    check("redirect", "301 Moved Permanently" in err and out == "get:from=redirect;", out + err[-500:])


def t_sendfile(B, port, tmp, root, up):
    out, err = curl("-v", B + "/sendfile")
    check("sendfile", out == "data file\n" and "Content-Type: text/plain" in err, out + err[-500:])


def t_write_chunked(B, port, tmp, root, up):
    out, err = curl("-v", B + "/write")
    check("write", out == "part1,part2,end" and "Transfer-Encoding: chunked" in err, out + err[-500:])


def t_status_header(B, port, tmp, root, up):
    out, err = curl("-v", B + "/status")
    check("status", out == "teapot" and "418 I'm a teapot" in err and "X-Custom: yes" in err, err[-500:])


def t_static(B, port, tmp, root, up):
    out, err = curl("-v", B + "/")
    check("static_index", out == "static index\n" and "Content-Type: text/html" in err, out + err[-500:])
    out, err = curl("-v", B + "/sub/style.css")
    check("static_mime", out == "body{}\n" and "Content-Type: text/css" in err, out + err[-500:])
    lm = [l.split(": ", 1)[1].strip() for l in err.splitlines() if l.lower().startswith("< last-modified")]
    check("static_lastmod", len(lm) == 1, err[-500:])
    if lm:
        out, err = curl("-v", "-H", "If-Modified-Since: " + lm[0], B + "/sub/style.css")
        check("static_304", "304 Not Modified" in err and out == "", err[-500:])
        out, err = curl("-v", "-H", "If-Modified-Since: Thu, 01 Jan 1970 00:00:01 GMT", B + "/sub/style.css")
        check("static_modified", "200 OK" in err and out == "body{}\n", err[-500:])


def t_traversal(B, port, tmp, root, up):
    for path in [b"/../secret.txt", b"/sub/../../secret.txt", b"/%2e%2e/secret.txt",
                 b"/sub/%2E%2E/%2e%2e/secret.txt", b"/..%2fsecret.txt", b"/link.txt"]:
        r = raw(port, b"GET " + path + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        check("traversal " + path.decode(), status_of(r) in (403, 404) and b"secret" not in r.split(b"\r\n\r\n", 1)[-1],
              r[:300])


def t_expect_continue(B, port, tmp, root, up):
    out, err = curl("-v", "-H", "Expect: 100-continue", "--data-binary", "x" * 2000, B + "/raw")
    check("expect_continue", out == "raw:2000:" + "x" * 2000 and "100 Continue" in err, err[-800:])


def t_server_map(B, port, tmp, root, up):
    out, _ = curl(B + "/server?z=1")
    check("server_map", out == "GET /server z=1 HTTP/1.1 127.0.0.1 %d" % port, out)


def t_header_map(B, port, tmp, root, up):
    out, _ = curl("-H", "X-Test: 7", "-A", "tester", B + "/header")
    check("header_map", out == "ua=tester;x-test=7", out)


def t_no_end(B, port, tmp, root, up):
    out, err = curl("-v", B + "/noend")
    check("auto_end", "200 OK" in err and "X-Noend: 1" in err and "Content-Length: 0" in err, err[-500:])


def t_panic(B, port, tmp, root, up):
    out, err = curl("-v", B + "/panic")
    check("panic_500", "500 Internal Server Error" in err, err[-500:])
    out, _ = curl(B + "/get?after=panic")
    check("after_panic", out == "get:after=panic;", out)


def t_ab(B, port, tmp, root, up):
    if not shutil.which("ab"):
        print("note: ab not installed, skipped")
        return
    r = subprocess.run(["ab", "-k", "-n", "2000", "-c", "20", B + "/get?a=1"], capture_output=True,
                       timeout=60)
    o = r.stdout.decode()
    ok = "Complete requests:      2000" in o and "Failed requests:        0" in o and "Non-2xx" not in o
    check("ab", ok, o[-1500:])


# ---- raw sockets: malformed and adversarial clients ---------------------------------------

def t_bad_request_line(B, port, tmp, root, up):
    r = raw(port, b"GARBAGE\r\n\r\n")
    check("bad_request_line", status_of(r) == 400 and b"Connection: close" in r, r[:200])


def t_big_headers(B, port, tmp, root, up):
    r = raw(port, b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20000 + b"\r\n\r\n")
    check("headers_431", status_of(r) == 431, r[:200])


def t_big_body(B, port, tmp, root, up):
    r = raw(port, b"POST /raw HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\n\r\n" + b"x" * 1000)
    check("body_413", status_of(r) == 413, r[:200])


def t_cl_te(B, port, tmp, root, up):
    r = raw(port, b"POST /raw HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
                  b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
    check("cl_te_400", status_of(r) == 400, r[:200])


def t_two_cl(B, port, tmp, root, up):
    r = raw(port, b"POST /raw HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd")
    check("two_cl_400", status_of(r) == 400, r[:200])


def t_bad_version(B, port, tmp, root, up):
    r = raw(port, b"GET / HTTP/2.5\r\nHost: x\r\n\r\n")
    check("version_505", status_of(r) == 505, r[:200])


def t_pipelined(B, port, tmp, root, up):
    req = b"".join(b"GET /get?n=%d HTTP/1.1\r\nHost: x\r\n\r\n" % i for i in range(5))
    req += b"GET /sleep HTTP/1.1\r\nHost: x\r\n\r\nGET /get?n=last HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    r = raw(port, req)
    bodies = [part.split(b"\r\n\r\n", 1)[1][:20] for part in r.split(b"HTTP/1.1 ")[1:]]
    want = [b"get:n=%d;" % i for i in range(5)] + [b"slept", b"get:n=last;"]
    check("pipelined", [b[:len(w)] for b, w in zip(bodies, want)] == want and len(bodies) == 7, r[:2000])


def t_pipelined_many(B, port, tmp, root, up):
    n = 300
    req = b"".join(b"GET /get?n=%d HTTP/1.1\r\nHost: x\r\n\r\n" % i for i in range(n))
    req += b"GET /get?n=end HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    r = raw(port, req, timeout=10)
    got = [int(x.split(b";")[0]) for x in r.split(b"get:n=")[1:-1]]
    check("pipelined_many", got == list(range(n)) and r.endswith(b"get:n=end;"), "%d answers" % len(got))


def t_client_gone(B, port, tmp, root, up):
    # the client leaves while its handler sleeps: the handler's End fails
    # quietly and the server goes on
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /sleep HTTP/1.1\r\nHost: x\r\n\r\n")
    s.close()
    time.sleep(0.5)
    out, _ = curl(B + "/get?still=1")
    check("client_gone", out == "get:still=1;", out)


def t_slow_client(B, port, tmp, root, up):
    # one client sends a byte every 100 ms; another is served meanwhile
    req = b"GET /get?slow=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    res = {}

    def slow():
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        for i in range(len(req)):
            s.sendall(req[i:i + 1])
            time.sleep(0.1 if i < 12 else 0)
        out = b""
        while True:
            b = s.recv(4096)
            if not b:
                break
            out += b
        res["slow"] = out
        s.close()

    th = threading.Thread(target=slow)
    th.start()
    time.sleep(0.3)
    out, _ = curl(B + "/get?fast=1")
    fast_done_while_slow = th.is_alive()
    th.join(15)
    check("slow_client_other_served", out == "get:fast=1;" and fast_done_while_slow, out)
    check("slow_client_served", res.get("slow", b"").endswith(b"get:slow=1;"), repr(res.get("slow"))[:300])


def t_header_timeout(B, port, tmp, root, up):
    # HTTPHeaderTimeout is 3 s in the test server: a stalled head gets 408
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.sendall(b"GET / HTTP/1.1\r\nHost:")
    out = b""
    try:
        while True:
            b = s.recv(4096)
            if not b:
                break
            out += b
    except socket.timeout:
        pass
    s.close()
    check("header_timeout_408", status_of(out) == 408, out[:200])


if __name__ == "__main__":
    main()
