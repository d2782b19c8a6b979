# SPDX-License-Identifier: MIT
"""The `server` package driven by real clients (python sockets, nc).

Builds tests/net/netsrv.sw and the examples, starts each server on a free
port of 127.0.0.1 / ::1 (or a Unix socket in a temporary directory), talks
to it, and stops it (SIGTERM, then SIGKILL of its whole process group) even
when a check fails.  Prints `N passed, M failed` last.  `-k NAME` runs the
tests whose name contains NAME.
"""
import hashlib
import os
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import netlib  # noqa: E402
from netlib import ROOT, free_port, recv_all, recv_exactly, recv_until  # noqa: E402,F401

SWC = netlib.SWC
TMP = tempfile.mkdtemp(prefix="swnet")
passed = failed = 0
procs = []


class Server:
    """A server process in its own process group, output in files."""

    def __init__(self, exe, args, ready=None):
        self.out = open(os.path.join(TMP, "out%d" % len(procs)), "w+")
        self.err = open(os.path.join(TMP, "err%d" % len(procs)), "w+")
        self.p = subprocess.Popen([exe] + [str(a) for a in args], stdout=self.out, stderr=self.err,
                                  stdin=subprocess.DEVNULL, start_new_session=True)
        procs.append(self)
        if ready:
            deadline = time.time() + 10
            while True:
                try:
                    ready()
                    break
                except OSError:
                    if self.p.poll() is not None or time.time() > deadline:
                        raise RuntimeError("server did not come up: " + self.stderr())
                    time.sleep(0.05)

    def stderr(self):
        self.err.flush()
        with open(self.err.name) as f:
            return f.read()

    def stdout(self):
        with open(self.out.name) as f:
            return f.read()

    def stop(self, sig=signal.SIGTERM, timeout=5):
        """Signals the server; returns its exit status (None if it had to be killed)."""
        if self.p.poll() is None:
            try:
                self.p.send_signal(sig)
                return self.p.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()
                return None
        return self.p.returncode

    def kill(self):
        netlib.stop_group(self.p, sig=signal.SIGKILL)


def tcp_ready(port, host="127.0.0.1"):
    def f():
        socket.create_connection((host, port), timeout=1).close()
    return f


def connect(port, host="127.0.0.1", timeout=5):
    return socket.create_connection((host, port), timeout=timeout)


def build(src, name):
    exe = os.path.join(TMP, name)
    e = netlib.build_sw(src, exe)
    if e:
        raise RuntimeError("build %s: %s" % (src, e))
    return exe


NETSRV = None


def netsrv(typ, host, port, *opts, ready=True):
    if ready is True:
        ready = tcp_ready(port, host) if typ in ("tcp", "tcp6") else None
    return Server(NETSRV, [typ, host, port] + list(opts), ready)


# ---- tests ----------------------------------------------------------------------------


def t_tcp_example():
    exe = build(os.path.join(ROOT, "examples", "server_tcp.sw"), "server_tcp")
    port = free_port()
    s = Server(exe, [port], tcp_ready(port))
    try:
        c = connect(port)
        c.sendall(b"hello\n")
        assert recv_until(c) == b"Server: hello\n"
        c.close()
        # nc as the client, as the seed does
        r = subprocess.run(["nc", "-N", "-w", "2", "127.0.0.1", str(port)], input=b"hi\n", capture_output=True,
                           timeout=10)
        assert r.stdout == b"Server: hi\n", r.stdout
    finally:
        assert s.stop() == 0
    out = s.stdout()
    assert out.count("Client: Connect.") >= 2 and out.count("Client: Close.") >= 2, out


def t_tcp6_echo():
    port = free_port(socket.AF_INET6)
    s = netsrv("tcp6", "::1", port)
    try:
        c = connect(port, "::1")
        c.sendall(b"v6\n")
        assert recv_until(c) == b"Server: v6\n"
    finally:
        s.stop()


def udp_roundtrip(family, host, port, msg, timeout=1.0):
    with socket.socket(family, socket.SOCK_DGRAM) as u:
        u.settimeout(timeout)
        u.sendto(msg, (host, port))
        return u.recvfrom(2048)[0]


def t_udp_example():
    exe = build(os.path.join(ROOT, "examples", "server_udp.sw"), "server_udp")
    port = free_port(socket.AF_INET, socket.SOCK_DGRAM)
    s = Server(exe, [port], lambda: udp_roundtrip(socket.AF_INET, "127.0.0.1", port, b"ping", 0.2))
    try:
        assert udp_roundtrip(socket.AF_INET, "127.0.0.1", port, b"hello") == b"Server hello"
        r = subprocess.run(["nc", "-u", "-w", "1", "127.0.0.1", str(port)], input=b"nc\n", capture_output=True,
                           timeout=10)
        assert r.stdout == b"Server nc\n", r.stdout
    finally:
        s.stop()


def t_udp6_echo():
    port = free_port(socket.AF_INET6, socket.SOCK_DGRAM)
    s = netsrv("udp6", "::1", port,
               ready=lambda: udp_roundtrip(socket.AF_INET6, "::1", port, b"ping", 0.2))
    try:
        assert udp_roundtrip(socket.AF_INET6, "::1", port, b"six") == b"Server: six"
    finally:
        s.stop()


def t_unix_stream_echo():
    path = os.path.join(TMP, "stream.sock")

    def ready():
        with socket.socket(socket.AF_UNIX) as c:
            c.connect(path)
    s = netsrv("unix", path, 0, ready=ready)
    try:
        with socket.socket(socket.AF_UNIX) as c:
            c.settimeout(5)
            c.connect(path)
            c.sendall(b"unix\n")
            assert recv_until(c) == b"Server: unix\n"
    finally:
        assert s.stop() == 0
    assert not os.path.exists(path), "the socket file is removed at stop"


def t_unix_dgram_echo():
    path = os.path.join(TMP, "dgram.sock")
    me = os.path.join(TMP, "client.sock")

    def rt(msg, timeout):
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as u:
            if os.path.exists(me):
                os.unlink(me)
            u.bind(me)
            u.settimeout(timeout)
            u.sendto(msg, path)
            return u.recvfrom(2048)[0]
    s = netsrv("unixdgram", path, 0, ready=lambda: rt(b"ping", 0.2))
    try:
        assert rt(b"dg", 2) == b"Server: dg"
    finally:
        s.stop()


def t_many_clients():
    port = free_port()
    s = netsrv("tcp", "127.0.0.1", port, "eof")
    errors = []

    def client(i):
        try:
            c = connect(port, timeout=10)
            for j in range(20):
                msg = b"c%d-%d\n" % (i, j)
                c.sendall(msg)
                got = recv_until(c)
                if got != b"Server: " + msg:
                    errors.append((i, j, got))
                    return
            c.close()
        except OSError as e:
            errors.append((i, repr(e)))
    try:
        ts = [threading.Thread(target=client, args=(i,)) for i in range(100)]
        for t in ts:
            t.start()
        for t in ts:
            t.join(60)
        assert not errors, errors[:3]
        st = connect(port)
        st.sendall(b"info\n")
        info = recv_until(st).split()
        assert int(info[5]) >= 101, info   # accept count
    finally:
        s.stop()


def t_pipelined_in_order():
    port = free_port()
    s = netsrv("tcp", "127.0.0.1", port, "eof")
    try:
        c = connect(port)
        msgs = b"".join(b"m%03d\n" % i for i in range(300))
        c.sendall(msgs)
        want = b"".join(b"Server: m%03d\n" % i for i in range(300))
        assert recv_exactly(c, len(want)) == want
    finally:
        s.stop()


def t_eof_split_one_byte_writes():
    port = free_port()
    s = netsrv("tcp", "127.0.0.1", port, "eof")
    try:
        c = connect(port)
        c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for b in b"abc\nde":
            c.send(bytes([b]))
            time.sleep(0.002)
        assert recv_until(c) == b"Server: abc\n"
        c.sendall(b"f\n")
        assert recv_until(c) == b"Server: def\n"
    finally:
        s.stop()


def t_eof_check():
    port = free_port()
    s = netsrv("tcp", "127.0.0.1", port, "eofcheck")
    try:
        c = connect(port)
        c.sendall(b"part")
        time.sleep(0.2)
        c.sendall(b"1\npart2\n")     # delivered as one once it ends with EOF
        assert recv_until(c) == b"Server: part1\npart2\n"
    finally:
        s.stop()


def t_length_framing():
    port = free_port()
    s = netsrv("tcp", "127.0.0.1", port, "len=n", "bodyoff=2", "max=1000")
    try:
        c = connect(port)
        c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        pkt = struct.pack(">H", 5) + b"hello"
        for b in pkt:                   # one byte per write
            c.send(bytes([b]))
            time.sleep(0.002)
        assert recv_exactly(c, 8 + 7) == b"Server: " + pkt
        # two packets in one write
        c.sendall(struct.pack(">H", 1) + b"a" + struct.pack(">H", 2) + b"bc")
        assert recv_exactly(c, 2 * 8 + 3 + 4) == b"Server: \x00\x01aServer: \x00\x02bc"
        # an oversized packet closes that connection only
        other = connect(port)
        bad = connect(port)
        bad.sendall(struct.pack(">H", 5000) + b"x" * 10)
        assert recv_all(bad) == b""
        other.sendall(struct.pack(">H", 2) + b"ok")
        assert recv_exactly(other, 12) == b"Server: \x00\x02ok"
    finally:
        s.stop()
    assert "PackageMaxLength" in s.stderr()


def t_length_types():
    port = free_port()
    # V: 32-bit little-endian length at offset 2 counting the whole packet (body offset 0)
    s = netsrv("tcp", "127.0.0.1", port, "len=V", "lenoff=2", "bodyoff=0")
    try:
        c = connect(port)
        pkt = b"ab" + struct.pack("<I", 10) + b"cdef"
        c.sendall(pkt + pkt[:3])
        assert recv_exactly(c, 18) == b"Server: " + pkt
        c.sendall(pkt[3:])
        assert recv_exactly(c, 18) == b"Server: " + pkt
    finally:
        s.stop()


def t_listen_extra_port():
    port, extra = free_port(), free_port()
    s = netsrv("tcp", "127.0.0.1", port, "eof", "extra=%d" % extra)
    try:
        c = connect(extra)
        c.sendall(struct.pack(">I", 3) + b"xyz")
        assert recv_exactly(c, 9) == b"extra:xyz"
        m = connect(port)
        m.sendall(b"main\n")
        assert recv_until(m) == b"Server: main\n"
    finally:
        s.stop()


def t_heartbeat_closes_idle():
    port = free_port()
    s = netsrv("tcp", "127.0.0.1", port, "eof", "hb=0.1", "idle=0.5")
    try:
        idle = connect(port)
        busy = connect(port)
        t0 = time.time()
        while time.time() - t0 < 1.5:
            busy.sendall(b"x\n")
            assert recv_until(busy) == b"Server: x\n"
            time.sleep(0.1)
        idle.settimeout(3)
        assert recv_all(idle) == b"", "the idle client is closed"
        busy.sendall(b"y\n")
        assert recv_until(busy) == b"Server: y\n", "the busy client stays"
    finally:
        s.stop()


def t_heartbeat_example():
    exe = build(os.path.join(ROOT, "examples", "server_heartbeat.sw"), "server_heartbeat")
    port = free_port()
    s = Server(exe, [port, "0.2", "0.6"], tcp_ready(port))
    try:
        c = connect(port)
        c.settimeout(4)
        c.sendall(b"hi\n")
        assert recv_until(c) == b"Server: hi\n"
        assert recv_all(c) == b""
    finally:
        s.stop()


def t_max_connection():
    port = free_port()
    s = netsrv("tcp", "127.0.0.1", port, "eof", "maxconn=2")
    try:
        time.sleep(0.1)   # the readiness probe's connection is closed
        a, b = connect(port), connect(port)
        for c in (a, b):
            c.sendall(b"q\n")
            assert recv_until(c) == b"Server: q\n"
        third = connect(port)
        third.settimeout(3)
        try:
            assert recv_all(third) == b"", "the third connection is closed at once"
        except ConnectionResetError:
            pass
        a.close()
        time.sleep(0.2)
        d = connect(port)
        d.sendall(b"r\n")
        assert recv_until(d) == b"Server: r\n"
    finally:
        s.stop()
    assert "MaxConnection" in s.stderr()


def t_sleeping_handler():
    port = free_port()
    s = netsrv("tcp", "127.0.0.1", port, "eof")
    try:
        slow = connect(port)
        slow.sendall(b"sleep\n")
        time.sleep(0.1)
        fast = connect(port)
        fast.sendall(b"quick\n")
        assert recv_until(fast) == b"Server: quick\n"
        slow.setblocking(False)
        try:
            early = slow.recv(100)
        except BlockingIOError:
            early = b""
        assert early == b"", "the sleeping handler has not answered yet"
        slow.setblocking(True)
        slow.settimeout(5)
        assert recv_until(slow) == b"slept\n"
    finally:
        s.stop()


def t_panic_isolated():
    port = free_port()
    s = netsrv("tcp", "127.0.0.1", port, "eof")
    try:
        bad = connect(port)
        bad.sendall(b"panic\n")
        assert recv_all(bad) == b"", "the panicking connection is closed"
        good = connect(port)
        good.sendall(b"after\n")
        assert recv_until(good) == b"Server: after\n"
    finally:
        assert s.stop() == 0
    err = s.stderr()
    assert "panic in OnReceive" in err and "assignment to entry in nil map" in err, err
    assert "netsrv.sw:" in err, "the Sw stack is logged: " + err


def t_buffer_full_and_empty():
    port = free_port()
    s = netsrv("tcp", "127.0.0.1", port, "eof", "bufsize=65536")
    try:
        c = connect(port, timeout=10)
        c.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        c.sendall(b"flood 200 65536\n")
        time.sleep(0.5)
        err = s.stderr()
        assert "full" in err, err
        sent = int(err.split("flood sent")[1].split()[0])
        assert sent < 200
        got = recv_exactly(c, sent * 65536)
        assert len(got) == sent * 65536
        time.sleep(0.2)
        assert "empty" in s.stderr()
    finally:
        s.stop()


def t_send_yield():
    port = free_port()
    s = netsrv("tcp", "127.0.0.1", port, "eof", "bufsize=65536", "yield")
    try:
        c = connect(port, timeout=10)
        c.sendall(b"flood 100 65536\n")
        got = recv_exactly(c, 100 * 65536)
        assert len(got) == 100 * 65536
        time.sleep(0.2)
        assert "flood sent 100" in s.stderr()
    finally:
        s.stop()


def wait_stderr(s, what, timeout=30):
    deadline = time.time() + timeout
    while what not in s.stderr():
        assert s.p.poll() is None, "server died: " + s.stderr()
        assert time.time() < deadline, "no %r in: %s" % (what, s.stderr()[-500:])
        time.sleep(0.05)
    return s.stderr()


def stream_expect(n, size):
    h = hashlib.sha256()
    for i in range(n):
        h.update(bytes([97 + i % 26]) * size)
    return h.hexdigest()


def buffer_events(err, fd):
    return [ln.split()[0] for ln in err.splitlines() if ln in ("full %d" % fd, "empty %d" % fd)]


def stream_check(opts, cmd, n, size):
    """The client stops reading until OnBufferFull fired, then reads all:
    every chunk arrives (sha256), every Send succeeded, and the events
    alternate full, empty, ... ending with empty."""
    port = free_port()
    s = netsrv("tcp", "127.0.0.1", port, "eof", *opts)
    try:
        c = socket.socket()
        c.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)   # the kernel holds less
        c.settimeout(60)
        c.connect(("127.0.0.1", port))
        c.sendall(b"info\n")
        fd = None
        got = recv_until(c)
        c.sendall(cmd.encode() + b"\n")
        wait_stderr(s, "full ")
        h = hashlib.sha256()
        left = n * size
        while left:
            d = c.recv(min(left, 1 << 20))
            assert d, "connection closed with %d bytes left" % left
            h.update(d)
            left -= len(d)
        assert h.hexdigest() == stream_expect(n, size), "bytes differ"
        err = wait_stderr(s, "stream sent")
        assert "stream sent %d 0" % n in err, err
        fd = int(err.split("full ")[1].split()[0])
        err = wait_stderr(s, "empty %d" % fd)
        ev = buffer_events(err, fd)
        assert len(ev) >= 2 and len(ev) % 2 == 0, ev
        assert ev == ["full", "empty"] * (len(ev) // 2), ev
        assert got.startswith(b"info "), got
    finally:
        s.stop()


def t_watermark_pause_resume():
    # OnBufferFull at the high watermark (128 KiB of 256 KiB): the handler
    # stops before any Send is refused, resumes at OnBufferEmpty (32 KiB).
    stream_check(["bufsize=262144", "high=131072", "low=32768"], "stream 256 65536 wait", 256, 65536)


def t_watermark_default_high():
    # default high watermark: 80% of SocketBufferSize
    stream_check(["bufsize=327680"], "stream 200 65536 wait", 200, 65536)


def t_watermark_send_yield():
    # SendYield: Send parks at SocketBufferSize instead of failing; the
    # events still fire once per crossing.
    stream_check(["bufsize=262144", "high=131072", "low=65536", "yield"], "stream 256 65536", 256, 65536)


def t_watermark_process_yield():
    # ModeProcess: the master owns the buffer; the worker that sent the
    # bytes gets OnBufferFull/OnBufferEmpty, and SendYield parks its Send
    # between them.
    stream_check(["process", "bufsize=1048576", "high=262144", "low=65536", "yield"],
                 "stream 256 65536", 256, 65536)


def t_buffer_output_size():
    port = free_port()
    s = netsrv("tcp", "127.0.0.1", port, "eof", "bufsize=65536", "outsize=100000")
    try:
        c = connect(port, timeout=10)
        c.sendall(b"big 150000\n")
        wait_stderr(s, "big sent")
        c.sendall(b"big 90000\n")
        assert recv_exactly(c, 90000) == b"z" * 90000
        err = wait_stderr(s, "big sent 1")
        assert "big sent 0\nbig sent 1" in err, err
        assert "exceed BufferOutputSize (100000)" in err, err
    finally:
        s.stop()


def t_buffer_options_checked():
    for opts, what in ((["high=1000", "low=1000"], "BufferLowWatermark is not below"),
                       (["bufsize=4096", "high=8192"], "BufferHighWatermark is over SocketBufferSize"),
                       (["outsize=-1"], "negative option value")):
        port = free_port()
        s = netsrv("tcp", "127.0.0.1", port, *opts, ready=None)
        assert s.p.wait(30) == 1
        assert what in s.stdout() + s.stderr(), s.stderr()


def t_close_flushes():
    port = free_port()
    s = netsrv("tcp", "127.0.0.1", port, "eof")
    try:
        c = connect(port, timeout=10)
        c.sendall(b"bigclose 3000000\n")   # over BufferOutputSize (2 MiB)
        assert recv_all(c) == b""
    finally:
        s.stop()
    assert "exceed BufferOutputSize" in s.stderr(), s.stderr()
    s = netsrv("tcp", "127.0.0.1", port, "eof", "outsize=4000000")
    try:
        c = connect(port, timeout=10)
        c.sendall(b"bigclose 3000000\n")
        time.sleep(0.3)
        got = recv_all(c)
        assert got == b"y" * 3000000, len(got)
    finally:
        s.stop()


def t_client_info():
    port = free_port()
    s = netsrv("tcp", "127.0.0.1", port, "eof")
    try:
        c = connect(port)
        c.sendall(b"info\n")
        parts = recv_until(c).split()
        assert parts[1] == b"127.0.0.1" and int(parts[2]) == c.getsockname()[1] and parts[3] == b"true", parts
    finally:
        s.stop()


def t_bind_error():
    port = free_port()
    holder = socket.socket()
    holder.bind(("127.0.0.1", port))
    holder.listen()
    try:
        s = netsrv("tcp", "127.0.0.1", port, ready=None)
        s.p.wait(10)
        assert "bind 127.0.0.1:%d" % port in s.stderr(), s.stderr()
    finally:
        holder.close()


alive = netlib.alive


def worker_pids(s, n, timeout=15):
    deadline = time.time() + timeout
    while time.time() < deadline:
        pids = [int(l.split()[3]) for l in s.stderr().splitlines() if l.startswith("worker start")]
        live = [p for p in pids if alive(p)]
        if len(live) >= n:
            return live
        time.sleep(0.05)
    raise AssertionError("workers did not start: " + s.stderr())


def t_workers_kill9():
    port = free_port()
    s = netsrv("tcp", "127.0.0.1", port, "eof", "workers=2")
    try:
        pids = worker_pids(s, 2)
        os.kill(pids[0], signal.SIGKILL)
        seen = set()
        for i in range(40):
            c = connect(port)
            c.sendall(b"pid\n")
            got = recv_until(c)
            assert got.strip().isdigit(), got
            seen.add(int(got))
            c.close()
        assert pids[0] not in seen
        time.sleep(0.3)
        err = s.stderr()
        assert "worker error 0 %d 0 9" % pids[0] in err or "worker error 1 %d 0 9" % pids[0] in err, err
        assert len(worker_pids(s, 2)) >= 2
    finally:
        code = s.stop()
    assert code == 0, code
    for p in worker_pids_all(s):
        assert not alive(p), "worker %d left behind" % p


def worker_pids_all(s):
    return [int(l.split()[3]) for l in s.stderr().splitlines() if l.startswith("worker start")]


def t_sigterm_stops_all():
    port = free_port()
    s = netsrv("tcp", "127.0.0.1", port, "eof", "workers=3")
    pids = worker_pids(s, 3)
    c = connect(port)
    c.sendall(b"x\n")
    assert recv_until(c) == b"Server: x\n"
    # connections are spread over the workers (one SO_REUSEPORT listener each)
    conns = [connect(port) for _ in range(60)]
    served = set()
    for k in conns:
        k.sendall(b"pid\n")
        served.add(int(recv_until(k)))
    assert len(served) >= 2 and served <= set(pids), (served, pids)
    code = s.stop()
    assert code == 0, code
    time.sleep(0.1)
    for p in pids:
        assert not alive(p), "worker %d left behind" % p
    assert "shutdown" in s.stderr() and "stopped" in s.stderr()


def t_shutdown_method():
    port = free_port()
    s = netsrv("tcp", "127.0.0.1", port, "eof", "workers=2")
    pids = worker_pids(s, 2)
    c = connect(port)
    c.sendall(b"shutdown\n")
    try:
        assert s.p.wait(10) == 0
    finally:
        s.kill()
    for p in pids:
        assert not alive(p)


def t_set_errors():
    port = free_port()
    s = netsrv("tcp", "127.0.0.1", port, "len=Q", ready=None)
    assert s.p.wait(10) == 1
    assert "PackageLengthType" in s.stderr(), s.stderr()


def t_eof_example():
    exe = build(os.path.join(ROOT, "examples", "server_eof.sw"), "server_eof")
    port = free_port()
    s = Server(exe, [port], tcp_ready(port))
    try:
        c = connect(port)
        c.sendall(b"one\r\ntwo\r\nthr")
        c.sendall(b"ee\r\n")
        assert recv_exactly(c, 32) == b"got: one\r\ngot: two\r\ngot: three\r\n"
    finally:
        s.stop()


def t_length_example():
    exe = build(os.path.join(ROOT, "examples", "server_length.sw"), "server_length")
    port = free_port()
    s = Server(exe, [port], tcp_ready(port))
    try:
        c = connect(port)
        body = b"hello length"
        c.sendall(struct.pack(">H", len(body)) + body)
        got = recv_exactly(c, 2)
        n = struct.unpack(">H", got)[0]
        assert recv_exactly(c, n) == b"echo: " + body
    finally:
        s.stop()


def build_c(src, name):
    exe = os.path.join(TMP, name)
    r = subprocess.run(["cc", "-std=gnu11", "-O2", "-Irt", "-Irt/co", "-Irt/net", "-o", exe, src,
                        "build/libswrt.a", "-lgc", "-lm", "-lpthread", "-lssl", "-lcrypto"], capture_output=True, text=True, cwd=ROOT)
    if r.returncode != 0:
        raise RuntimeError("cc %s: %s" % (src, r.stderr.strip()[:500]))
    return exe


def t_frame_limits():
    exe = build_c("tests/net/proto_srv.c", "proto_srv")
    r = subprocess.run([exe, "frame"], capture_output=True, text=True, timeout=30)
    assert r.returncode == 0 and r.stdout.strip().endswith(" 0 failed"), r.stdout


def t_c_protocol_hook():
    exe = build_c("tests/net/proto_srv.c", "proto_srv")
    port = free_port()
    s = Server(exe, [port], tcp_ready(port))
    try:
        time.sleep(0.1)
        c = connect(port)
        c.sendall(b"GET a\nGET b")
        assert recv_until(c) == b"VAL a\n"
        c.sendall(b"c\n")
        assert recv_until(c) == b"VAL bc\n"
        c.sendall(b"BAD\n")           # on_data returns -1: closed
        assert recv_all(c) == b""
        other = connect(port)
        other.sendall(b"GET z\n")
        assert recv_until(other) == b"VAL z\n"
    finally:
        assert s.stop() == 0
    assert "opens 3 closes 3" in s.stderr(), s.stderr()


TESTS = [(n[2:], f) for n, f in list(globals().items()) if n.startswith("t_") and callable(f)]


def main():
    global NETSRV, passed, failed
    only = sys.argv[sys.argv.index("-k") + 1] if "-k" in sys.argv else None
    try:
        NETSRV = build(os.path.join(ROOT, "tests", "net", "netsrv.sw"), "netsrv")
    except RuntimeError as e:
        print("FAIL net: %s" % e)
        print("0 passed, 1 failed")
        return 1
    for name, f in TESTS:
        if only and only not in name:
            continue
        try:
            f()
            passed += 1
        except Exception as e:  # noqa: BLE001 — every failure is reported
            failed += 1
            import traceback
            tb = traceback.extract_tb(e.__traceback__)[-1]
            print("FAIL net %s: %s (line %d) %s" % (name, type(e).__name__, tb.lineno, str(e)[:300]))
        finally:
            while procs:
                procs.pop().kill()
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
