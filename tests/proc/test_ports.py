# SPDX-License-Identifier: MIT
# ModeProcess with several ports (tests/proc/ports.sw): extra Listen ports
# with their own framing and callbacks, UDP/UDP6/Unix dgram ports served by
# the master's reactor threads, the heartbeat in the master, reactorID.
# The server has a task worker, which only the process model provides, so
# none of this can pass by falling back to ModeBase.  Every server runs in
# its own process group, killed at the end of its test.
import os, signal, socket, struct, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from netlib import free_port  # noqa: E402

SERVER = os.path.abspath(sys.argv[1])
ONLY = sys.argv[2:]
TMP = tempfile.mkdtemp(prefix="swports")
passed = failed = 0


class Server:
    def __init__(self, args, ready):
        self.err = tempfile.TemporaryFile(dir=TMP)
        self.p = subprocess.Popen([SERVER] + args, stdout=self.err, stderr=self.err, stdin=subprocess.DEVNULL,
                                  start_new_session=True)
        deadline = time.time() + 15
        while True:
            try:
                ready()
                return
            except OSError:
                if self.p.poll() is not None or time.time() > deadline:
                    self.stop()
                    raise RuntimeError("server did not start: " + self.log())
                time.sleep(0.05)

    def log(self):
        self.err.seek(0)
        return self.err.read().decode(errors="replace")

    def stop(self):
        """SIGTERM to the master; the whole group is killed if it lingers."""
        code = None
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGTERM)
            try:
                code = self.p.wait(10)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.p.pid, signal.SIGKILL)
        except OSError:
            pass
        try:
            self.p.wait(5)
        except Exception:
            pass
        return code

    def wait_log(self, text, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if text in self.log():
                return True
            time.sleep(0.05)
        return False


def reactor_threads(pid):
    """The master's reactor threads (named "reactor N"): only the process
    model has them, so a test that sees them did not run as ModeBase."""
    names = []
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/comm" % (pid, tid)) as f:
                names.append(f.read().strip())
        except OSError:
            pass
    return sorted(n for n in names if n.startswith("reactor"))


def wait_reactors(pid, n=2, timeout=10):
    """The listeners accept (into the backlog) before the threads exist."""
    deadline = time.time() + timeout
    while len(reactor_threads(pid)) < n and time.time() < deadline:
        time.sleep(0.05)
    return reactor_threads(pid)


def tcp_ready(port, host="127.0.0.1"):
    def f():
        socket.create_connection((host, port), timeout=0.3).close()
    return f


def udp_ask(addr, msg, family=socket.AF_INET, timeout=5.0, size=70000):
    with socket.socket(family, socket.SOCK_DGRAM) as u:
        u.settimeout(timeout)
        u.sendto(msg, addr)
        return u.recvfrom(size)[0]


def udp_ready(addr, family=socket.AF_INET):
    def f():
        udp_ask(addr, b"ping", family, 0.3)
    return f


class Line:
    """A client of an EOF-framed ("\\n") stream port."""

    def __init__(self, addr, family=socket.AF_INET):
        self.s = socket.socket(family, socket.SOCK_STREAM)
        self.s.settimeout(10)
        self.s.connect(addr)
        self.buf = b""

    def ask(self, line):
        self.s.sendall(line.encode() + b"\n")
        while b"\n" not in self.buf:
            d = self.s.recv(65536)
            if not d:
                raise EOFError("closed")
            self.buf += d
        l, _, self.buf = self.buf.partition(b"\n")
        return l.decode()

    def closed(self, timeout=10):
        """True when the server closes the connection within timeout."""
        self.s.settimeout(timeout)
        try:
            while True:
                d = self.s.recv(65536)
                if not d:
                    return True
        except socket.timeout:
            return False
        except ConnectionResetError:
            return True


class Framed(Line):
    """A client of a length-framed (4-byte big-endian header) port."""

    def ask(self, line):
        b = line.encode()
        self.s.sendall(struct.pack(">I", len(b)) + b)
        while len(self.buf) < 4 or len(self.buf) < 4 + struct.unpack(">I", self.buf[:4])[0]:
            d = self.s.recv(65536)
            if not d:
                raise EOFError("closed")
            self.buf += d
        n = struct.unpack(">I", self.buf[:4])[0]
        out, self.buf = self.buf[4:4 + n], self.buf[4 + n:]
        return out.decode()


def test(fn):
    global passed, failed
    if ONLY and fn.__name__ not in ONLY:
        return fn
    try:
        fn()
        passed += 1
    except Exception as e:  # noqa: BLE001 — every failure is reported
        failed += 1
        import traceback
        tb = traceback.extract_tb(e.__traceback__)[-1]
        print("FAIL proc ports %s: %s (line %d) %s" % (fn.__name__, type(e).__name__, tb.lineno, str(e)[:400]))
    return fn


@test
def two_ports_own_framing_and_callbacks():
    main, extra = free_port(), free_port()
    s = Server(["tcp:127.0.0.1:%d:eof" % main, "extra=tcp:127.0.0.1:%d:len" % extra], tcp_ready(main))
    try:
        m = Line(("127.0.0.1", main))
        e = Framed(("127.0.0.1", extra))
        assert wait_reactors(s.p.pid) == ["reactor 0", "reactor 1"], reactor_threads(s.p.pid)
        assert m.ask("hello") == "main:hello"
        assert e.ask("hello\nworld") == "extra1:hello\nworld", "len framing keeps the newline"
        # several packets in one write, each framed by its own port's rules
        e.s.sendall(b"".join(struct.pack(">I", 2) + b"p%d" % i for i in range(5)))
        got = []
        while len(got) < 5:
            d = e.s.recv(65536)
            assert d, "extra port closed"
            e.buf += d
            while len(e.buf) >= 4 and len(e.buf) >= 4 + struct.unpack(">I", e.buf[:4])[0]:
                n = struct.unpack(">I", e.buf[:4])[0]
                got.append(e.buf[4:4 + n].decode())
                e.buf = e.buf[4 + n:]
        assert got == ["extra1:p%d" % i for i in range(5)], got
        assert m.ask("task a") == "task done-a true"
        assert e.ask("task b") == "task done-b true"
        info = e.ask("info").split()
        assert info[0] == "info" and info[1] == "127.0.0.1" and int(info[2]) == e.s.getsockname()[1], info
        assert int(info[3]) == extra, "ClientInfo.ServerPort is the extra port"
        mfd, efd = m.ask("fd").split()[1], e.ask("fd").split()[1]
        m.s.close()
        e.s.close()
        assert s.wait_log("close extra1 %s " % efd), s.log()
        assert s.wait_log("close main %s " % mfd), s.log()
        log = s.log()
        assert "connect main %s " % mfd in log and "connect extra1 %s " % efd in log, log
    finally:
        s.stop()


@test
def extra_port_in_dispatch_modes_1_and_3():
    # no OnConnect there: the port of each packet travels with the packet
    for mode in (1, 3):
        main, extra = free_port(), free_port()
        s = Server(["tcp:127.0.0.1:%d:eof" % main, "extra=tcp:127.0.0.1:%d:len" % extra, "dispatch=%d" % mode],
                   tcp_ready(main))
        try:
            e = Framed(("127.0.0.1", extra))
            m = Line(("127.0.0.1", main))
            for i in range(6):
                assert e.ask("e%d" % i) == "extra1:e%d" % i
                assert m.ask("m%d" % i) == "main:m%d" % i
        finally:
            s.stop()


@test
def reactor_id_is_the_master_thread():
    main = free_port()
    s = Server(["tcp:127.0.0.1:%d:eof" % main, "reactors=2", "workers=2"], tcp_ready(main))
    try:
        seen = set()
        for _ in range(16):
            c = Line(("127.0.0.1", main))
            _, fd, rid, info_rid, worker = c.ask("rid").split()
            fd, rid, info_rid = int(fd), int(rid), int(info_rid)
            assert rid in (0, 1), rid
            assert rid == (fd - 1) % 2, "session %d belongs to thread %d, got %d" % (fd, (fd - 1) % 2, rid)
            assert info_rid == rid, "ClientInfo.ReactorID"
            assert s.wait_log("connect main %d %d" % (fd, rid)), "OnConnect's reactorID: " + s.log()
            seen.add(int(worker))
            c.s.close()
            assert s.wait_log("close main %d %d" % (fd, rid)), "OnClose's reactorID: " + s.log()
    finally:
        s.stop()


@test
def udp_main_port_with_tcp_extra():
    main, extra = free_port(socket.AF_INET, socket.SOCK_DGRAM), free_port()
    addr = ("127.0.0.1", main)
    s = Server(["udp:127.0.0.1:%d:raw" % main, "extra=tcp:127.0.0.1:%d:eof" % extra], udp_ready(addr))
    try:
        assert wait_reactors(s.p.pid) == ["reactor 0", "reactor 1"], reactor_threads(s.p.pid)
        assert udp_ask(addr, b"hello") == b"main:hello"
        workers = set()
        for _ in range(20):
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
                u.settimeout(5)
                u.bind(("127.0.0.1", 0))
                u.sendto(b"who", addr)
                who = u.recvfrom(2048)[0].decode().split()
                assert who[1] == "127.0.0.1" and int(who[2]) == u.getsockname()[1], who
                assert int(who[3]) == main, "ServerPort"
                assert int(who[4]) in (0, 1), "ReactorID of the reading thread: %s" % who
                workers.add(int(who[5]))
        assert workers == {0, 1}, "datagrams of different clients reach both workers: %s" % workers
        data = bytes((i * 7) & 0xff for i in range(65000))
        assert udp_ask(addr, data) == b"len 65000 sum %d" % sum(data), "a 65000-byte datagram arrives whole"
        assert udp_ask(addr, b"big 60000") == b"b" * 60000, "SendTo of 60000 bytes from a worker"
        assert udp_ask(addr, b"task t") == b"task done-t true"
        t = Line(("127.0.0.1", extra))
        assert t.ask("tcp") == "extra1:tcp"
    finally:
        s.stop()


@test
def tcp6_main_port_with_udp6_extra():
    main, extra = free_port(socket.AF_INET6), free_port(socket.AF_INET6, socket.SOCK_DGRAM)
    s = Server(["tcp6:..1:%d:eof" % main, "extra=udp6:..1:%d:raw" % extra], tcp_ready(main, "::1"))
    try:
        c = Line(("::1", main), socket.AF_INET6)
        assert c.ask("six") == "main:six"
        assert udp_ask(("::1", extra), b"six", socket.AF_INET6) == b"extra1:six"
        who = udp_ask(("::1", extra), b"who", socket.AF_INET6).decode().split()
        assert who[1] == "::1" and int(who[3]) == extra, who
    finally:
        s.stop()


@test
def unix_stream_and_unix_dgram():
    spath, dpath, me = os.path.join(TMP, "s.sock"), os.path.join(TMP, "d.sock"), os.path.join(TMP, "me.sock")
    for p in (spath, dpath, me):
        if os.path.exists(p):
            os.unlink(p)

    def ready():
        with socket.socket(socket.AF_UNIX) as c:
            c.connect(spath)
    s = Server(["unix:%s:0:eof" % spath, "extra=unixdgram:%s:0:raw" % dpath], ready)
    try:
        assert len(wait_reactors(s.p.pid)) == 2
        c = Line(spath, socket.AF_UNIX)
        assert c.ask("us") == "main:us"
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as u:
            u.bind(me)
            u.settimeout(5)
            u.sendto(b"ud", dpath)
            assert u.recvfrom(2048)[0] == b"extra1:ud"
            u.sendto(b"who", dpath)
            who = u.recvfrom(2048)[0].decode().split()
            assert who[1] == me, who
        c.s.close()
    finally:
        code = s.stop()
    assert code == 0, "clean stop: %s %s" % (code, s.log())
    assert not os.path.exists(spath) and not os.path.exists(dpath), "socket files removed at stop"


@test
def heartbeat_in_master_closes_idle():
    main = free_port()
    s = Server(["tcp:127.0.0.1:%d:eof" % main, "hb=0.2", "idle=0.8"], tcp_ready(main))
    try:
        assert len(wait_reactors(s.p.pid)) == 2
        idle = Line(("127.0.0.1", main))
        busy = Line(("127.0.0.1", main))
        ifd = int(idle.ask("fd").split()[1])
        t0 = time.time()
        while time.time() - t0 < 2.5:
            assert busy.ask("x") == "main:x", "the busy client stays open"
            time.sleep(0.1)
        assert idle.closed(10), "the idle client is closed"
        assert s.wait_log("close main %d " % ifd), "OnClose in the worker: " + s.log()
        assert busy.ask("y") == "main:y"
    finally:
        s.stop()


@test
def heartbeat_method_in_worker():
    main = free_port()
    # the master's check runs only every 60 s: what closes is Heartbeat(true)
    s = Server(["tcp:127.0.0.1:%d:eof" % main, "workers=1", "hb=60", "idle=0.5"], tcp_ready(main))
    try:
        a = Line(("127.0.0.1", main))
        afd = int(a.ask("fd").split()[1])
        time.sleep(1.2)
        b = Line(("127.0.0.1", main))
        bfd = int(b.ask("fd").split()[1])
        listed = b.ask("hb")
        assert listed == "hb [%d]" % afd, (listed, afd, bfd)
        assert a.ask("still") == "main:still", "Heartbeat(false) closes nothing"
        time.sleep(1.2)
        assert b.ask("x") == "main:x"
        assert b.ask("hbclose") == "hbclose [%d]" % afd
        assert a.closed(10), "Heartbeat(true) closed the idle connection"
        assert s.wait_log("close main %d " % afd), s.log()
        assert b.ask("y") == "main:y"
    finally:
        s.stop()


print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
