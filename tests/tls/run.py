# SPDX-License-Identifier: MIT
# TLS integration tests: makes a CA, a server certificate for localhost /
# 127.0.0.1 and a client certificate with openssl in a temp dir, builds
# tests/tls/tlssrv.sw and tlscli.sw, and drives them with curl, openssl
# s_client / s_server and python's ssl module on free ports.  Every
# process started is stopped, also on failure.  Last line: `N passed, M failed`.
# Usage: run.py [-k NAME]
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from netlib import ROOT, SWC, free_port, run, stop_group, wait_listening as wait_port  # noqa: E402,F401
passed = failed = 0
procs = []
only = None


def start(args, log=None):
    p = subprocess.Popen([str(a) for a in args], stdout=subprocess.PIPE,
                         stderr=open(log, "wb") if log else subprocess.DEVNULL, start_new_session=True)
    procs.append(p)
    return p


def stop(p):
    stop_group(p, timeout=3)


def stop_all():
    for p in procs:
        stop(p)


def check(name, cond, detail=""):
    global passed, failed
    if only and only not in name:
        return
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL %s %s" % (name, detail))


def curl(*args):
    return run(["curl", "-s", "-S", "--max-time", "8"] + list(args))


def openssl(*args):
    rc, out, err = run(["openssl"] + list(args))
    if rc != 0:
        raise RuntimeError("openssl %s: %s" % (args[0], err))


def make_certs(d):
    """A self-signed server certificate (the brief's command), a CA and a
    client certificate it signed, and a second, untrusted client pair."""
    j = lambda n: os.path.join(d, n)
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1", "-days", "2", "-keyout", j("key.pem"), "-out", j("cert.pem"))
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=test ca", "-days", "2",
            "-keyout", j("ca.key"), "-out", j("ca.pem"))
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=client", "-keyout", j("cli.key"),
            "-out", j("cli.csr"))
    openssl("x509", "-req", "-in", j("cli.csr"), "-CA", j("ca.pem"), "-CAkey", j("ca.key"), "-CAcreateserial",
            "-days", "2", "-out", j("cli.pem"))
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=stranger", "-days", "2",
            "-keyout", j("bad.key"), "-out", j("bad.pem"))


def build(src, exe):
    rc, out, err = run([SWC, "build", os.path.join(ROOT, "tests", "tls", src), "-o", exe], timeout=120)
    if rc != 0:
        raise RuntimeError("build %s: %s %s" % (src, out, err))


def tls_ctx(d, cert=None):
    ctx = ssl.create_default_context(cafile=os.path.join(d, "cert.pem"))
    if cert:
        ctx.load_cert_chain(os.path.join(d, cert[0]), os.path.join(d, cert[1]))
    return ctx


def tls_conn(d, port, cert=None):
    raw = socket.create_connection(("127.0.0.1", port), timeout=5)
    return tls_ctx(d, cert).wrap_socket(raw, server_hostname="localhost", suppress_ragged_eofs=False)


def read_until(s, pred, limit=5.0):
    out = bytearray()
    end = time.time() + limit
    while not pred(out) and time.time() < end:
        b = s.recv(65536)
        if not b:
            break
        out += b
    return bytes(out)


def main():
    global only
    if len(sys.argv) > 2 and sys.argv[1] == "-k":
        only = sys.argv[2]
    d = tempfile.mkdtemp(prefix="swtls")
    try:
        make_certs(d)
        build("tlssrv.sw", os.path.join(d, "tlssrv"))
        build("tlscli.sw", os.path.join(d, "tlscli"))
        for t in (t_startup, t_echo, t_proc_echo, t_https, t_proc_https, t_verify, t_proc_verify, t_client,
                  t_protocols):
            try:
                t(d)
            except Exception as e:   # a test that cannot go on counts as failed
                check(t.__name__ + " ran to the end", False, repr(e))
    finally:
        stop_all()
        shutil.rmtree(d, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


def j(d, n):
    return os.path.join(d, n) if n else ""


def server(d, kind, cert="cert.pem", key="key.pem", ca="", verify=False, log=None, extra=()):
    port = free_port()
    www = os.path.join(d, "www")
    os.makedirs(www, exist_ok=True)
    p = start([os.path.join(d, "tlssrv"), kind, port, j(d, cert), j(d, key), j(d, ca), "1" if verify else "0", www]
              + list(extra), log=log)
    if not wait_port(port, p):
        raise RuntimeError("%s server did not start" % kind)
    return p, port


# ---- start-up errors ------------------------------------------------------------------

def t_startup(d):
    exe = os.path.join(d, "tlssrv")
    cases = [
        ("missing cert", ["nope.pem", "key.pem"], "SSLCertFile"),
        ("cert not PEM", ["key.pem", "key.pem"], "not a PEM certificate"),
        ("key mismatch", ["cert.pem", "bad.key"], "SSLKeyFile"),
        ("no cert at all", ["", ""], "needs SSLCertFile and SSLKeyFile"),
        ("missing CA", ["cert.pem", "key.pem", "noca.pem"], "SSLCAFile"),
    ]
    for name, files, want in cases:
        files = files + [""] * (3 - len(files))
        args = [exe, "echo", free_port()] + [j(d, f) for f in files] + ["0", d]
        rc, out, err = run(args, timeout=10)
        check("startup " + name, rc != 0 and want in out + err, "rc=%d out=%r err=%r" % (rc, out, err))


# ---- a TLS TCP server ---------------------------------------------------------------------

def t_echo(d):
    log = os.path.join(d, "echo.log")
    p, port = server(d, "echo", log=log)
    s = tls_conn(d, port)
    s.sendall(b"one\ntwo\n")
    got = read_until(s, lambda b: b.count(b"\n") >= 2)
    check("echo two packets", got == b"echo:one\necho:two\n", repr(got))
    # a large packet: many TLS records, pending bytes inside OpenSSL
    big = b"x" * 200000 + b"\n"
    s.sendall(big)
    got = read_until(s, lambda b: b.endswith(b"\n"))
    check("echo 200 KB packet", got == b"echo:" + big, "len %d" % len(got))
    # close from the server: a close_notify, not a bare EOF
    s.sendall(b"close\n")
    try:
        got = read_until(s, lambda b: False)
        check("server close sends close_notify", got == b"echo:close\n", repr(got))
    except ssl.SSLEOFError as e:
        check("server close sends close_notify", False, repr(e))
    s.close()
    # openssl s_client, a client nobody here wrote
    rc, out, err = run(["sh", "-c", "printf 'from s_client\\nclose\\n' | openssl s_client -quiet "
                        "-verify_return_error -CAfile %s -connect 127.0.0.1:%d -servername localhost"
                        % (j(d, "cert.pem"), port)], timeout=15)
    check("openssl s_client echo", "echo:from s_client" in out, out + err)
    # a bad handshake (plain text, garbage, a client that leaves mid-way)
    # closes only that connection
    keep = tls_conn(d, port)
    raw = socket.create_connection(("127.0.0.1", port), timeout=3)
    raw.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
    raw.settimeout(3)
    try:
        r = raw.recv(100)
    except OSError:
        r = b"?"
    check("plain text on TLS port closed", r in (b"",) or r.startswith(b"\x15"), repr(r))
    raw.close()
    raw = socket.create_connection(("127.0.0.1", port), timeout=3)
    raw.sendall(b"\x16\x03\x01\x00\x05hello")   # a ClientHello record that is not one
    raw.close()
    raw = socket.create_connection(("127.0.0.1", port), timeout=3)
    raw.sendall(b"\x16\x03\x01\x02\x00")          # half a record, then gone
    raw.close()
    keep.sendall(b"still\n")
    got = read_until(keep, lambda b: b.endswith(b"\n"))
    check("other TLS connection unaffected", got == b"echo:still\n", repr(got))
    s = tls_conn(d, port)
    s.sendall(b"after\n")
    got = read_until(s, lambda b: b.endswith(b"\n"))
    check("new TLS connection after bad ones", got == b"echo:after\n", repr(got))
    s.close()
    keep.close()
    check("server alive", p.poll() is None)
    stop(p)
    text = open(log, errors="replace").read()
    check("bad handshake logged at debug", "DEBUG" in text and "TLS" in text, text[-500:])


def t_proc_echo(d):
    # ModeProcess: the master's reactor threads (2) speak TLS, the workers
    # (2) see plaintext; a task worker makes sure it is not run as ModeBase
    log = os.path.join(d, "echoproc.log")
    p, port = server(d, "echoproc", log=log)
    s = tls_conn(d, port)
    s.sendall(b"one\ntwo\n")
    got = read_until(s, lambda b: b.count(b"\n") >= 2)
    check("proc echo two packets", got == b"echo:one\necho:two\n", repr(got))
    s.sendall(b"task\n")
    got = read_until(s, lambda b: b.endswith(b"\n"))
    check("proc echo through a task worker (process model)", got == b"task:t\n", repr(got))
    try:
        nthreads = len(os.listdir("/proc/%d/task" % p.pid))
    except OSError:
        nthreads = 0
    check("proc master runs reactor threads", nthreads >= 3, "threads %d" % nthreads)
    big = b"y" * 300000 + b"\n"
    s.sendall(big)
    got = read_until(s, lambda b: b.endswith(b"\n"))
    check("proc echo 300 KB packet", got == b"echo:" + big, "len %d" % len(got))
    s.sendall(b"close\n")
    try:
        got = read_until(s, lambda b: False)
        check("proc server close sends close_notify", got == b"echo:close\n", repr(got))
    except ssl.SSLEOFError as e:
        check("proc server close sends close_notify", False, repr(e))
    s.close()
    rc, out, err = run(["sh", "-c", "printf 'from s_client\\nclose\\n' | openssl s_client -quiet "
                        "-verify_return_error -CAfile %s -connect 127.0.0.1:%d -servername localhost"
                        % (j(d, "cert.pem"), port)], timeout=15)
    check("proc openssl s_client echo", "echo:from s_client" in out, out + err)
    keep = tls_conn(d, port)
    raw = socket.create_connection(("127.0.0.1", port), timeout=3)
    raw.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
    raw.settimeout(3)
    try:
        r = raw.recv(100)
    except OSError:
        r = b"?"
    check("proc plain text on TLS port closed", r in (b"",) or r.startswith(b"\x15"), repr(r))
    raw.close()
    for junk in (b"\x16\x03\x01\x00\x05hello", b"\x16\x03\x01\x02\x00", b"\x00" * 64):
        raw = socket.create_connection(("127.0.0.1", port), timeout=3)
        raw.sendall(junk)
        raw.close()
    keep.sendall(b"still\n")
    got = read_until(keep, lambda b: b.endswith(b"\n"))
    check("proc other TLS connection unaffected", got == b"echo:still\n", repr(got))
    keep.close()
    # 50 concurrent TLS clients, handshakes at the same time, 3 round trips each
    results = [None] * 50
    gate = threading.Barrier(50, timeout=30)

    def one(i):
        try:
            c = tls_conn(d, port)
            c.settimeout(15)
            try:
                gate.wait()
            except threading.BrokenBarrierError:
                pass
            for k in range(3):
                want = b"echo:c%d-%d\n" % (i, k)
                c.sendall(want[5:])
                got = read_until(c, lambda b: b.endswith(b"\n"), 15)
                if got != want:
                    results[i] = "bad %r" % got
                    c.close()
                    return
            c.close()
            results[i] = "ok"
        except Exception as e:
            results[i] = repr(e)

    ts = [threading.Thread(target=one, args=(i,)) for i in range(50)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(60)
    good = results.count("ok")
    check("proc 50 concurrent TLS clients", good == 50,
          "%d/50 %r" % (good, [r for r in results if r != "ok"][:3]))
    check("proc echo server alive", p.poll() is None)
    stop(p)
    # a plain main port and an SSL port added by Listen, in one master
    port2, plain = free_port(), free_port()
    q = start([os.path.join(d, "tlssrv"), "mixproc", plain, j(d, "cert.pem"), j(d, "key.pem"), "", "0", port2])
    if wait_port(port2, q) and wait_port(plain, q):
        s = tls_conn(d, port2)
        s.sendall(b"tls port\n")
        got = read_until(s, lambda b: b.endswith(b"\n"))
        s.close()
        check("proc Listen SSL port beside a plain one: TLS", got == b"echo:tls port\n", repr(got))
        r = socket.create_connection(("127.0.0.1", plain), timeout=5)
        r.sendall(b"plain port\n")
        got = read_until(r, lambda b: b.endswith(b"\n"))
        r.close()
        check("proc Listen SSL port beside a plain one: plain", got == b"echo:plain port\n", repr(got))
    else:
        check("proc Listen SSL port beside a plain one", False, "did not start")
    stop(q)
    # OnConnect sends before the handshake is done: the write drives it
    q, qport = server(d, "greetproc")
    s = tls_conn(d, qport)
    got = read_until(s, lambda b: b.endswith(b"\n"))
    s.sendall(b"x\n")
    got += read_until(s, lambda b: b.endswith(b"echo:x\n"))
    check("proc Send from OnConnect over TLS", got == b"welcome\necho:x\n", repr(got))
    s.close()
    stop(q)
    text = open(log, errors="replace").read()
    check("proc bad handshake logged at debug", "DEBUG" in text and "TLS read failed" in text, text[-500:])


# ---- HTTPS ---------------------------------------------------------------------------------

def t_https(d):
    www = os.path.join(d, "www")
    os.makedirs(www, exist_ok=True)
    blob = os.urandom(300000)
    with open(os.path.join(www, "blob.bin"), "wb") as f:
        f.write(blob)
    p, port = server(d, "http")
    ca = j(d, "cert.pem")
    base = "https://localhost:%d" % port
    rc, out, err = curl("--cacert", ca, base + "/hello")
    check("https hello", rc == 0 and out == "hello over tls", "%d %r %r" % (rc, out, err))
    rc, out, err = curl("--cacert", ca, "https://127.0.0.1:%d/hello" % port)
    check("https by IP (SAN IP)", rc == 0 and out == "hello over tls", "%d %r %r" % (rc, out, err))
    rc, out, err = curl("-v", "--cacert", ca, base + "/hello", base + "/hello", base + "/hello")
    check("https keep-alive", rc == 0 and out == "hello over tls" * 3 and
          ("Re-using existing connection" in err or "Reusing existing connection" in err), err[-400:])
    post = os.urandom(3 << 20)
    pf = os.path.join(d, "post.bin")
    with open(pf, "wb") as f:
        f.write(post)
    rc, out, err = curl("--cacert", ca, "--data-binary", "@" + pf, base + "/post")
    check("https POST 3 MB", out == "got %d bytes, sum %d" % (len(post), sum(post)), "%r %r" % (out, err))
    rc, out, err = curl("--cacert", ca, base + "/big?n=2000000")
    check("https 2 MB response", rc == 0 and out == "0123456789" * 200000, "len %d %r" % (len(out), err))
    r = subprocess.run(["curl", "-s", "--max-time", "8", "--cacert", ca, base + "/blob.bin"], capture_output=True)
    check("https static file (sendfile path)", r.stdout == blob, "len %d" % len(r.stdout))
    rc, out, err = curl("--cacert", ca, base + "/chunked")
    check("https chunked", out == "part0;part1;part2;part3;part4;", repr(out))
    # pipelined requests in one TLS write
    s = tls_conn(d, port)
    s.sendall(b"GET /hello HTTP/1.1\r\nHost: a\r\n\r\nGET /nothere HTTP/1.1\r\nHost: a\r\n\r\n")
    got = read_until(s, lambda b: b.count(b"HTTP/1.1 ") >= 2 and b.endswith(b"not found"))
    check("https pipelining", got.startswith(b"HTTP/1.1 200") and b"HTTP/1.1 404" in got, repr(got[:200]))
    s.close()
    rc, out, err = curl("http://127.0.0.1:%d/hello" % port)
    check("plain HTTP to the TLS port fails", rc != 0 and "hello" not in out, "%d %r" % (rc, out))
    rc, out, err = curl("--cacert", ca, base + "/hello")
    check("https serving after a plain request", out == "hello over tls", repr(out))
    rc, out, err = curl("--cacert", j(d, "ca.pem"), base + "/hello")
    check("curl rejects an untrusted server cert", rc != 0, "%d %r" % (rc, out))
    check("https server alive", p.poll() is None)
    stop(p)


def t_proc_https(d):
    p, port = server(d, "httpproc")
    ca = j(d, "cert.pem")
    base = "https://localhost:%d" % port
    rc, out, err = curl("-v", "--cacert", ca, base + "/hello", base + "/task", base + "/hello")
    check("proc https keep-alive", rc == 0 and out == "hello over tlstask:thello over tls" and
          ("Re-using existing connection" in err or "Reusing existing connection" in err), "%r %s" % (out, err[-400:]))
    post = os.urandom(3 << 20)
    pf = os.path.join(d, "post.bin")
    with open(pf, "wb") as f:
        f.write(post)
    rc, out, err = curl("--cacert", ca, "--data-binary", "@" + pf, base + "/post")
    check("proc https POST 3 MB", out == "got %d bytes, sum %d" % (len(post), sum(post)), "%r %r" % (out, err))
    rc, out, err = curl("--cacert", ca, base + "/big?n=2000000")
    check("proc https 2 MB response", rc == 0 and out == "0123456789" * 200000, "len %d %r" % (len(out), err))
    # a reader that waits: the master's TLS writes stop at EAGAIN and resume
    raw = socket.socket()
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8192)   # small: the server's sends block
    raw.settimeout(5)
    raw.connect(("127.0.0.1", port))
    s = tls_ctx(d).wrap_socket(raw, server_hostname="localhost", suppress_ragged_eofs=False)
    # (12 MB: more than the socket's send buffer grows to, so sends block)
    s.sendall(b"GET /big?n=12000000 HTTP/1.1\r\nHost: a\r\n\r\n")
    time.sleep(1.5)
    got = read_until(s, lambda b: len(b) >= 12000000 and b.endswith(b"0123456789"), 30)
    body = got.split(b"\r\n\r\n", 1)[-1]
    check("proc https slow reader 12 MB", body == b"0123456789" * 1200000, "len %d" % len(body))
    s.sendall(b"GET /hello HTTP/1.1\r\nHost: a\r\n\r\n")
    got = read_until(s, lambda b: b.endswith(b"hello over tls"))
    check("proc https keep-alive after a large response", got.endswith(b"hello over tls"), repr(got[-100:]))
    s.close()
    rc, out, err = curl("--cacert", ca, base + "/chunked")
    check("proc https chunked", out == "part0;part1;part2;part3;part4;", repr(out))
    s = tls_conn(d, port)
    s.sendall(b"GET /hello HTTP/1.1\r\nHost: a\r\n\r\nGET /nothere HTTP/1.1\r\nHost: a\r\n\r\n")
    got = read_until(s, lambda b: b.count(b"HTTP/1.1 ") >= 2 and b.endswith(b"not found"))
    check("proc https pipelining", got.startswith(b"HTTP/1.1 200") and b"HTTP/1.1 404" in got, repr(got[:200]))
    s.close()
    rc, out, err = curl("http://127.0.0.1:%d/hello" % port)
    check("proc plain HTTP to the TLS port fails", rc != 0 and "hello" not in out, "%d %r" % (rc, out))
    rc, out, err = curl("--cacert", ca, base + "/hello")
    check("proc https serving after a plain request", out == "hello over tls", repr(out))
    check("proc https server alive", p.poll() is None)
    stop(p)


def t_proc_verify(d):
    p, port = server(d, "httpproc", ca="ca.pem", verify=True)
    ca = j(d, "cert.pem")
    base = "https://localhost:%d/" % port
    rc, out, err = curl("--cacert", ca, "--cert", j(d, "cli.pem"), "--key", j(d, "cli.key"), base + "hello",
                        base + "task")
    check("proc verify peer: client cert accepted", rc == 0 and out == "hello over tlstask:t",
          "%d %r %r" % (rc, out, err))
    rc, out, err = curl("--cacert", ca, base + "hello")
    check("proc verify peer: no client cert rejected", rc != 0 and "hello" not in out, "%d %r" % (rc, out))
    rc, out, err = curl("--cacert", ca, "--cert", j(d, "bad.pem"), "--key", j(d, "bad.key"), base + "hello")
    check("proc verify peer: untrusted client cert rejected", rc != 0 and "hello" not in out, "%d %r" % (rc, out))
    rc, out, err = curl("--cacert", ca, "--cert", j(d, "cli.pem"), "--key", j(d, "cli.key"), base + "hello")
    check("proc verify peer: accepted after rejections", rc == 0 and out == "hello over tls", "%d %r" % (rc, out))
    check("proc verify server alive", p.poll() is None)
    stop(p)


def t_verify(d):
    p, port = server(d, "http", ca="ca.pem", verify=True)
    ca = j(d, "cert.pem")
    base = "https://localhost:%d/hello" % port
    rc, out, err = curl("--cacert", ca, "--cert", j(d, "cli.pem"), "--key", j(d, "cli.key"), base)
    check("verify peer: client cert accepted", rc == 0 and out == "hello over tls", "%d %r %r" % (rc, out, err))
    rc, out, err = curl("--cacert", ca, base)
    check("verify peer: no client cert rejected", rc != 0 and "hello" not in out, "%d %r" % (rc, out))
    rc, out, err = curl("--cacert", ca, "--cert", j(d, "bad.pem"), "--key", j(d, "bad.key"), base)
    check("verify peer: untrusted client cert rejected", rc != 0 and "hello" not in out, "%d %r" % (rc, out))
    s = tls_conn(d, port, cert=("cli.pem", "cli.key"))
    s.sendall(b"GET /hello HTTP/1.0\r\n\r\n")
    got = read_until(s, lambda b: b.endswith(b"hello over tls"))
    check("verify peer: python ssl with client cert", got.endswith(b"hello over tls"), repr(got[-80:]))
    s.close()
    # our client with a client certificate
    cli = os.path.join(d, "tlscli")
    rc, out, err = run([cli, port, "1", ca, "localhost", j(d, "cli.pem"), j(d, "cli.key"), "ssl",
                        "GET /hello HTTP/1.0\\r\\n\\r\\n"])
    check("verify peer: swc client with cert", "hello over tls" in out and "END ok" in out, out + err)
    rc, out, err = run([cli, port, "1", ca, "localhost", "", "", "ssl", "GET /hello HTTP/1.0\\r\\n\\r\\n"])
    check("verify peer: swc client without cert refused", "hello over tls" not in out and "END ERR" in out,
          out + err)
    check("verify server alive", p.poll() is None)
    stop(p)


# ---- the client ------------------------------------------------------------------------------

def t_client(d):
    cli = os.path.join(d, "tlscli")
    ca = j(d, "cert.pem")
    p, port = server(d, "echo")
    rc, out, err = run([cli, port, "1", ca, "localhost", "", "", "ssl", "a\\nb\\nclose\\n"])
    check("client SSL option", out == "echo:a\necho:b\necho:close\nEND ok\n", repr(out + err))
    rc, out, err = run([cli, port, "1", ca, "", "", "", "enable", "x\\nclose\\n"])
    check("client EnableSSL, IP name from Connect", out == "echo:x\necho:close\nEND ok\n", repr(out + err))
    rc, out, err = run([cli, port, "1", ca, "", "", "", "ssl", "parallel"])
    check("client 20 coroutines over TLS", out.strip() == "parallel ok 20", repr(out + err))
    rc, out, err = run([cli, port, "1", ca, "other.example", "", "", "ssl", "x\\n"])
    check("client host name mismatch", "END ERR 1008" in out and "hostname mismatch" in out, repr(out))
    rc, out, err = run([cli, port, "1", j(d, "ca.pem"), "localhost", "", "", "ssl", "x\\n"])
    check("client untrusted server", "END ERR 1008" in out and "verify failed" in out, repr(out))
    rc, out, err = run([cli, port, "0", "", "", "", "", "ssl", "close\\n"])
    check("client without verification", out == "echo:close\nEND ok\n", repr(out))
    rc, out, err = run([cli, port, "1", j(d, "none.pem"), "localhost", "", "", "ssl", "x\\n"])
    check("client missing CA file", "END ERR 1009" in out and "none.pem" in out, repr(out))
    check("echo server alive", p.poll() is None)
    stop(p)
    # a plain server: the handshake fails cleanly (no hang)
    port = free_port()
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", port))
    ls.listen(4)
    q = subprocess.Popen([cli, str(port), "0", "", "", "", "", "ssl", "x\\n"], stdout=subprocess.PIPE,
                         start_new_session=True)
    procs.append(q)
    ls.settimeout(5)
    try:
        c, _ = ls.accept()
        c.settimeout(5)
        c.recv(4096)
        c.sendall(b"HTTP/1.0 400 Bad Request\r\n\r\nnot tls")
        c.close()
    except OSError:
        pass
    try:
        out = q.communicate(timeout=10)[0].decode()
    except subprocess.TimeoutExpired:
        out = "hang"
    ls.close()
    check("client against a plain server", "END ERR 1008" in out, repr(out))
    # openssl s_server, a server nobody here wrote
    port = free_port()
    s = start(["openssl", "s_server", "-accept", port, "-cert", ca, "-key", j(d, "key.pem"), "-www", "-quiet"])
    if wait_port(port, s):
        rc, out, err = run([cli, port, "1", ca, "localhost", "", "", "ssl", "GET / HTTP/1.0\\r\\n\\r\\n"])
        check("client against openssl s_server", "HTTP/1.0 200 ok" in out and "END ok" in out, repr(out[-300:]))
    else:
        check("client against openssl s_server", False, "s_server did not start")
    stop(s)


# ---- SSLProtocols and SSLCiphers -----------------------------------------------------------

def s_client(d, port, *args):
    """openssl s_client sending "hi" and "close"; its stdout+stderr."""
    rc, out, err = run(["sh", "-c", "printf 'hi\\nclose\\n' | openssl s_client -quiet -CAfile %s "
                        "-connect 127.0.0.1:%d -servername localhost %s" % (j(d, "cert.pem"), port, " ".join(args))],
                       timeout=15)
    return out + err


def s_client_info(d, port, *args):
    """openssl s_client's session summary (no data sent)."""
    rc, out, err = run(["sh", "-c", "openssl s_client -CAfile %s -connect 127.0.0.1:%d -servername localhost %s "
                        "</dev/null" % (j(d, "cert.pem"), port, " ".join(args))], timeout=15)
    return out + err


def t_protocols(d):
    for kind in ("echo", "echoproc"):
        p, port = server(d, kind, extra=["12"])
        out = s_client(d, port, "-tls1_3")
        check("%s TLSv1_2 only: -tls1_3 refused" % kind, "echo:hi" not in out, out[-300:])
        out = s_client(d, port, "-tls1_2")
        check("%s TLSv1_2 only: -tls1_2 served" % kind, "echo:hi" in out, out[-300:])
        check("%s TLSv1_2 server alive" % kind, p.poll() is None)
        stop(p)
        p, port = server(d, kind, extra=["13"])
        out = s_client(d, port, "-tls1_2")
        check("%s TLSv1_3 only: -tls1_2 refused" % kind, "echo:hi" not in out, out[-300:])
        out = s_client(d, port, "-tls1_3")
        check("%s TLSv1_3 only: -tls1_3 served" % kind, "echo:hi" in out, out[-300:])
        stop(p)
    p, port = server(d, "echoproc", extra=["12,13"])
    out = s_client(d, port, "-tls1_2") + s_client(d, port, "-tls1_3")
    check("TLSv1_2|TLSv1_3: both served", out.count("echo:hi") == 2, out[-300:])
    stop(p)
    # ciphers: a TLS 1.2 cipher and a TLS 1.3 suite
    p, port = server(d, "echoproc", extra=["12,13", "ECDHE-RSA-AES128-GCM-SHA256:TLS_CHACHA20_POLY1305_SHA256"])
    out = s_client_info(d, port, "-tls1_2")
    check("SSLCiphers: TLS 1.2 cipher chosen", "Cipher is ECDHE-RSA-AES128-GCM-SHA256" in out, out[-400:])
    out = s_client_info(d, port, "-tls1_2", "-cipher", "ECDHE-RSA-AES256-GCM-SHA384")
    check("SSLCiphers: other TLS 1.2 cipher refused", "Cipher is ECDHE-RSA-AES256" not in out and
          "echo" not in s_client(d, port, "-tls1_2", "-cipher", "ECDHE-RSA-AES256-GCM-SHA384"), out[-300:])
    out = s_client_info(d, port, "-tls1_3")
    check("SSLCiphers: TLS 1.3 suite chosen", "TLS_CHACHA20_POLY1305_SHA256" in out, out[-400:])
    check("ciphers server alive", p.poll() is None)
    stop(p)
    # bad values: a clear error from Set, nothing served
    exe = os.path.join(d, "tlssrv")
    for kind in ("echo", "httpproc"):
        for name, extra, want in (("protocols", ["1"], "SSLProtocols"), ("ciphers", ["12", "NOPE"], "SSLCiphers"),
                                  ("suites", ["13", "TLS_NOPE"], "SSLCiphers")):
            rc, out, err = run([exe, kind, free_port(), j(d, "cert.pem"), j(d, "key.pem"), "", "0", d] + extra,
                               timeout=10)
            check("%s bad %s: Set error" % (kind, name), rc == 2 and want in out, "rc=%d %r %r" % (rc, out, err))
    # the client's options
    cli = os.path.join(d, "tlscli")
    ca = j(d, "cert.pem")
    p, port = server(d, "echo", extra=["13"])
    rc, out, err = run([cli, port, "1", ca, "localhost", "", "", "ssl", "close\\n", "13"])
    check("client TLSv1_3", out.startswith("INFO TLSv1.3 ") and "echo:close" in out, repr(out + err))
    rc, out, err = run([cli, port, "1", ca, "localhost", "", "", "ssl", "close\\n", "12"])
    check("client TLSv1_2 against a TLSv1_3 server refused", "END ERR 1008" in out and "echo" not in out,
          repr(out + err))
    stop(p)
    p, port = server(d, "echoproc")
    rc, out, err = run([cli, port, "1", ca, "localhost", "", "", "ssl", "close\\n", "12",
                        "ECDHE-RSA-AES256-GCM-SHA384"])
    check("client SSLCiphers", out.startswith("INFO TLSv1.2 ECDHE-RSA-AES256-GCM-SHA384") and "echo:close" in out,
          repr(out + err))
    rc, out, err = run([cli, port, "1", ca, "localhost", "", "", "ssl", "x\\n", "3"])
    check("client bad SSLProtocols: Set error", "END ERR set" in out and "SSLProtocols" in out, repr(out))
    rc, out, err = run([cli, port, "1", ca, "localhost", "", "", "ssl", "x\\n", "0", "NOPE"])
    check("client bad SSLCiphers: Set error", "END ERR set" in out and "SSLCiphers" in out, repr(out))
    stop(p)


if __name__ == "__main__":
    main()
