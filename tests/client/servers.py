# SPDX-License-Identifier: MIT
"""Peers for the client tests: small python3 socket servers, each on a free port (or a Unix path in
a temp dir), run as daemon threads of the test driver so they all end with it.  Each behaves in one
plain, scripted way so a Sw program can assert what the client sees: echo, silence, close, reset,
framing in awkward fragments, a reply order that proves coroutines wait concurrently."""
import hashlib
import os
import random
import socket
import ssl
import struct
import subprocess
import threading
import time


def _serve_stream(listener, handler):
    def loop():
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=_guard, args=(handler, conn), daemon=True).start()
    threading.Thread(target=loop, daemon=True).start()


def _guard(handler, conn):
    try:
        handler(conn)
    except OSError:
        pass
    finally:
        try:
            conn.close()
        except OSError:
            pass


def _listen(family=socket.AF_INET, host="127.0.0.1", backlog=64):
    s = socket.socket(family, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((host, 0))
    s.listen(backlog)
    return s


def free_port():
    """A port nobody listens on (bound then released: refused on connect)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


# ---- behaviours ----------------------------------------------------------------------------------

def echo(conn):
    """Seed §1.3.1's server: answers every read with "Server: " + data."""
    while True:
        d = conn.recv(65536)
        if not d:
            return
        conn.sendall(b"Server: " + d)


def silent(conn):
    """Reads and never answers (timeouts)."""
    while conn.recv(65536):
        pass


def close_now(conn):
    """Closes at once, orderly (the client sees end of stream)."""
    conn.close()


def reset(conn):
    """Waits for the request, then aborts the connection (RST)."""
    conn.recv(100)
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()


def count(conn):
    """Reads "<n>\\n" then n bytes; answers "got <n> sum <byte sum mod 2^32>\\n"."""
    buf = b""
    while b"\n" not in buf:
        d = conn.recv(65536)
        if not d:
            return
        buf += d
    line, rest = buf.split(b"\n", 1)
    n = int(line)
    total, s = len(rest), sum(rest)
    while total < n:
        d = conn.recv(1 << 20)
        if not d:
            return
        total += len(d)
        s += sum(d)
    conn.sendall(b"got %d sum %d\n" % (total, s & 0xffffffff))


def sha(conn):
    """Reads "<n>\\n" then n bytes; answers "sha256 <hex of those n bytes>\\n" (SendFile checks)."""
    buf = b""
    while b"\n" not in buf:
        d = conn.recv(65536)
        if not d:
            return
        buf += d
    line, rest = buf.split(b"\n", 1)
    n = int(line)
    h, total = hashlib.sha256(rest[:n]), len(rest)
    while total < n:
        d = conn.recv(min(1 << 20, n - total))
        if not d:
            return
        total += len(d)
        h.update(d)
    conn.sendall(b"sha256 %s\n" % h.hexdigest().encode())
    conn.recv(1)


_release = threading.Event()


def stall(conn):
    """Reads nothing until a connection to the RELEASE peer arrives (so the client's output buffer
    fills), then behaves as count."""
    if _release.wait(60):
        count(conn)


def release(conn):
    _release.set()


_tagged = {}
_tagged_cv = threading.Condition()


def tagcount(conn):
    """Reads "<tag>\\n" then everything up to the client's close; records "got <bytes> sum <byte sum
    mod 2^32>" under tag for the QUERY peer (proves what a client sent before it closed)."""
    buf = b""
    while b"\n" not in buf:
        d = conn.recv(100)
        if not d:
            return
        buf += d
    tag, rest = buf.split(b"\n", 1)
    total, s = len(rest), sum(rest)
    while True:
        d = conn.recv(1 << 20)
        if not d:
            break
        total += len(d)
        s += sum(d)
    with _tagged_cv:
        _tagged[tag] = b"got %d sum %d\n" % (total, s & 0xffffffff)
        _tagged_cv.notify_all()


def query(conn):
    tag = conn.recv(100).strip()
    with _tagged_cv:
        _tagged_cv.wait_for(lambda: tag in _tagged, 15)
        conn.sendall(_tagged.get(tag, b"nothing\n"))


def _dribble(conn, chunks):
    """Sends chunks as separate writes with a pause between them, so the client's reads see the
    fragments (the pauses only shape the stream; nothing asserts on time)."""
    for c in chunks:
        conn.sendall(c)
        time.sleep(0.02)


def _len_header(code, n):
    fmt = {"n": ">H", "N": ">I", "v": "<H", "V": "<I", "C": "B", "c": "b",
           "s": "<h", "S": "<H", "l": "<i", "L": "<I"}[code]
    return struct.pack(fmt, n)


def frame(conn):
    """Reads one command line and answers with a scripted framed stream:
      eof          three "\\r\\n\\r\\n"-terminated packets: one split in three writes, two in one write
      len CODE     three packets with a length header of pack code CODE (offset 2, body offset
                   2 + size): header split across writes, two packets in one write
      eof-big      3 MiB without the EOF marker (over the default PackageMaxLength)
      len-big      a header announcing 5,000,000 bytes
      len-neg      a header with length -5 ("l")
      eof-cut      one packet, then half of another and close
    """
    buf = b""
    while b"\n" not in buf:
        d = conn.recv(100)
        if not d:
            return
        buf += d
    cmd = buf.split(b"\n", 1)[0].decode().split()
    if cmd[0] == "eof":
        _dribble(conn, [b"first pa", b"cket\r\n", b"\r\n", b"second\r\n\r\nthird\r\n\r\n"])
    elif cmd[0] == "len":
        code = cmd[1]
        size = struct.calcsize({"n": ">H", "N": ">I", "v": "<H", "V": "<I", "C": "B", "c": "b",
                                "s": "<h", "S": "<H", "l": "<i", "L": "<I"}[code])

        def pkt(body):
            return b"\xab\xcd" + _len_header(code, len(body)) + body
        p1, p2, p3 = pkt(b"alpha"), pkt(b"beta-" + code.encode()), pkt(b"gamma" * 20)
        _dribble(conn, [p1[:3], p1[3:2 + size], p1[2 + size:] + p2[:1], p2[1:] + p3])
    elif cmd[0] == "eof-big":
        conn.sendall(b"x" * (3 << 20))
        time.sleep(0.5)
    elif cmd[0] == "len-big":
        conn.sendall(b"\x00\x00" + struct.pack(">I", 5000000) + b"y" * 100)
        time.sleep(0.5)
    elif cmd[0] == "len-neg":
        conn.sendall(b"\x00\x00" + struct.pack("<i", -5) + b"z" * 10)
        time.sleep(0.5)
    elif cmd[0] == "eof-cut":
        _dribble(conn, [b"whole\r\n\r\nhal"])
    elif cmd[0] in ("rand-len", "rand-eof"):
        _random_stream(conn, cmd[0] == "rand-len", int(cmd[1]))


def _random_stream(conn, length, seed):
    """300 packets with random bodies (length framing: "N" header at 0, body at 4; EOF framing:
    bodies without "\r", each followed by "\r\n"), then "END <count> <byte sum>", the
    whole stream cut at random places."""
    rnd = random.Random(seed)
    out, total = [], 0
    for _ in range(300):
        body = bytes(rnd.choice(b"abcdefghij\r\n\x00\xff") for _ in range(rnd.randrange(0, 3000)))
        if not length:
            body = body.replace(b"\r", b"R")  # no marker inside a body
        total += sum(body)
        out.append(struct.pack(">I", len(body)) + body if length else body + b"\r\n")
    end = b"END 300 %d" % (total & 0xffffffff)
    out.append(struct.pack(">I", len(end)) + end if length else end + b"\r\n")
    stream = b"".join(out)
    i = 0
    while i < len(stream):
        n = rnd.randrange(1, 5000)
        conn.sendall(stream[i:i + n])
        i += n


class Pair:
    """Proves two clients wait at once: the first request to arrive gets no answer until a second
    connection's request has arrived (none at all after 30 s), so a client whose wait blocked the
    whole thread could never send the second request."""

    def __init__(self):
        self.lock = threading.Lock()
        self.waiting = None

    def __call__(self, conn):
        req = conn.recv(100)
        with self.lock:
            first = self.waiting is None
            if first:
                ev = self.waiting = threading.Event()
            else:
                ev, self.waiting = self.waiting, None
        if first:
            if not ev.wait(30):
                return
        else:
            ev.set()
        conn.sendall(b"got " + req)
        conn.recv(1)


def udp_echo(family, host):
    s = socket.socket(family, socket.SOCK_DGRAM)
    s.bind((host, 0))

    def loop():
        while True:
            d, addr = s.recvfrom(65536)
            s.sendto(b"Server: " + d, addr)
    threading.Thread(target=loop, daemon=True).start()
    return s.getsockname()[1]


def unix_dgram_echo(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind(path)

    def loop():
        while True:
            d, addr = s.recvfrom(65536)
            if addr:
                s.sendto(b"Server: " + d, addr)
    threading.Thread(target=loop, daemon=True).start()


_keep = []


def _full_listener():
    """A listener whose accept queue is full (backlog 0, never accepting, filled by connections
    held here): a further connect gets no answer to its SYN, so it can only time out."""
    ls = _listen(backlog=0)
    _keep.append(ls)
    for _ in range(8):
        c = socket.socket()
        c.settimeout(0.3)
        _keep.append(c)
        try:
            c.connect(ls.getsockname())
        except socket.timeout:
            return ls.getsockname()[1]
        except OSError:
            return None
    return None


def _tls_peers(tmpdir, env):
    """A self-signed certificate for localhost / 127.0.0.1 (made with openssl) and TLS peers
    (echo, sha) behind it; T_CA is the certificate to trust.  Nothing when openssl is missing."""
    cert, key = os.path.join(tmpdir, "cert.pem"), os.path.join(tmpdir, "key.pem")
    try:
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                        "-out", cert, "-days", "2", "-subj", "/CN=localhost",
                        "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                       check=True, capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)

    def wrapped(handler):
        def h(conn):
            conn.settimeout(30)
            t = ctx.wrap_socket(conn, server_side=True)
            try:
                handler(t)
            finally:
                t.close()
        return h
    for name, handler in [("TLS_ECHO", echo), ("TLS_SHA", sha)]:
        ls = _listen()
        _serve_stream(ls, wrapped(handler))
        env["T_" + name] = str(ls.getsockname()[1])
    env["T_CA"] = cert


def _big_file(tmpdir, env):
    """5 MB of random bytes for SendFile, with the sha256 of the whole and of a slice."""
    path = os.path.join(tmpdir, "big.bin")
    data = os.urandom(5 * 1000 * 1000)
    with open(path, "wb") as f:
        f.write(data)
    env["T_BIGFILE"] = path
    env["T_BIGFILE_SHA"] = hashlib.sha256(data).hexdigest()
    env["T_SLICE_SHA"] = hashlib.sha256(data[12345:12345 + 3000000]).hexdigest()
    env["T_TAIL_SHA"] = hashlib.sha256(data[4000000:]).hexdigest()


def start_all(tmpdir):
    """Starts every peer; returns the environment the Sw test programs read (T_*)."""
    env = {}
    for name, handler in [("ECHO", echo), ("SILENT", silent), ("CLOSE", close_now), ("RESET", reset),
                          ("COUNT", count), ("FRAME", frame), ("PAIR", Pair()), ("SHA", sha),
                          ("STALL", stall), ("RELEASE", release), ("TAGCOUNT", tagcount),
                          ("QUERY", query)]:
        ls = _listen()
        _serve_stream(ls, handler)
        env["T_" + name] = str(ls.getsockname()[1])
    if socket.has_ipv6:
        try:
            ls = _listen(socket.AF_INET6, "::1")
            _serve_stream(ls, echo)
            env["T_ECHO6"] = str(ls.getsockname()[1])
            env["T_UDP6"] = str(udp_echo(socket.AF_INET6, "::1"))
        except OSError:
            pass
    env["T_UDP"] = str(udp_echo(socket.AF_INET, "127.0.0.1"))
    path = os.path.join(tmpdir, "echo.sock")
    u = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    u.bind(path)
    u.listen(16)
    _serve_stream(u, echo)
    env["T_UNIX"] = path
    env["T_UNIXDG"] = os.path.join(tmpdir, "dgram.sock")
    unix_dgram_echo(env["T_UNIXDG"])
    env["T_MISSING"] = os.path.join(tmpdir, "nobody.sock")
    env["T_REFUSED"] = str(free_port())
    _big_file(tmpdir, env)
    _tls_peers(tmpdir, env)
    full = _full_listener()
    if full:
        env["T_FULL"] = str(full)
    # a host name that getaddrinfo resolves (from /etc/hosts) to 127.0.0.1, if there is one
    for h in (socket.gethostname(), "localhost.localdomain"):
        try:
            if h and h != "localhost" and socket.gethostbyname(h) == "127.0.0.1":
                env["T_HOSTNAME"] = h
                break
        except OSError:
            pass
    return env
