# SPDX-License-Identifier: MIT
# ModeProcess integration tests: each starts tests/proc/server.sw on a free
# port, talks to it over TCP, and stops every process it started (the
# whole process group, even when the test fails).
import os, signal, socket, subprocess, sys, tempfile, threading, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from netlib import alive, free_port, proc_tree as tree, stop_group, wait_listening  # noqa: E402

SERVER = os.path.abspath(sys.argv[1])
ONLY = sys.argv[2:]  # test names to run (default: all)
passed = failed = 0


class Server:
    def __init__(self, mode=2, maxreq=0, daemon=False, pidfile="", logfile=""):
        self.port = free_port()
        self.out = tempfile.TemporaryFile()
        self.p = subprocess.Popen([SERVER, str(self.port), str(mode), str(maxreq), "1" if daemon else "0",
                                   pidfile, logfile], stdout=self.out, stderr=subprocess.STDOUT,
                                  start_new_session=True)
        self.pgid = self.p.pid
        # a daemon's foreground process exits at once: only the port tells
        if wait_listening(self.port, None if daemon else self.p, timeout=10):
            time.sleep(0.1)
            return
        stop_group(self.p, sig=signal.SIGKILL)
        raise RuntimeError("server did not start")

    def pids(self):
        return tree(self.p.pid)

    def stop(self):
        stop_group(self.p, sig=signal.SIGKILL)


class Client:
    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", port), timeout=5)
        self.buf = b""

    def ask(self, line):
        self.s.sendall(line.encode() + b"\n")
        return self.line()

    def line(self):
        while b"\n" not in self.buf:
            d = self.s.recv(65536)
            if not d:
                raise EOFError("connection closed")
            self.buf += d
        l, self.buf = self.buf.split(b"\n", 1)
        return l.decode()

    def close(self):
        self.s.close()


def test(fn):
    global passed, failed
    if ONLY and fn.__name__ not in ONLY:
        return fn
    srv = None
    try:
        fn()
        passed += 1
    except Exception as e:
        failed += 1
        print(f"FAIL tests/proc {fn.__name__}: {type(e).__name__}: {e}")
    return fn


def with_server(**kw):
    def deco(fn):
        def run():
            s = Server(**kw)
            try:
                fn(s)
            finally:
                s.stop()
        run.__name__ = fn.__name__
        return run
    return deco


@test
@with_server()
def echo_many_clients(s):
    # 2 workers, 2 reactor threads, 40 clients x 25 requests at once
    errs = []

    def one(i):
        try:
            c = Client(s.port)
            for k in range(25):
                r = c.ask(f"echo {i}-{k}")
                if not r.endswith(f" {i}-{k}"):
                    errs.append(r)
            c.close()
        except Exception as e:
            errs.append(repr(e))
    ts = [threading.Thread(target=one, args=(i,)) for i in range(40)]
    [t.start() for t in ts]
    [t.join() for t in ts]
    assert not errs, errs[:3]


@test
@with_server()
def pipelined_in_one_write(s):
    c = Client(s.port)
    c.s.sendall(b"".join(f"echo p{i}\n".encode() for i in range(200)))
    got = [c.line() for _ in range(200)]
    assert all(g.endswith(f" p{i}") for i, g in enumerate(got)), got[:5]


@test
@with_server()
def big_packets_tasks_and_replies(s):
    # a 300 KB packet crosses the worker pipe in fragments, a 200 KB task
    # result goes through a temporary file, a 1 MB reply is written in parts
    c = Client(s.port)
    assert c.ask("len " + "a" * 300000) == "len 300005"
    assert c.ask("bigtask 200000") == "big 200005 true"
    assert c.ask("bigreply 1000000") == "y" * 1000000
    assert c.ask("echo small").endswith(" small")


@test
@with_server(mode=2)
def dispatch_mode2_same_worker(s):
    for _ in range(4):
        c = Client(s.port)
        ws = {c.ask("echo x").split()[0] for _ in range(10)}
        assert len(ws) == 1, ws
        c.close()


@test
@with_server(mode=1)
def dispatch_mode1_round_robin(s):
    c = Client(s.port)
    ws = [c.ask("echo x").split()[0] for _ in range(10)]
    assert set(ws) == {"w0", "w1"}, ws


@test
@with_server(mode=3)
def dispatch_mode3_idle_first(s):
    # one worker is held busy by a sleeping request; the next requests go
    # to the idle one
    a, b = Client(s.port), Client(s.port)
    a.s.sendall(b"sleep\n")
    time.sleep(0.05)
    ws = [b.ask("echo y").split()[0] for _ in range(3)]
    assert a.line() == "slept"
    assert len(set(ws)) == 1, ws


@test
@with_server(mode=4)
def dispatch_mode4_by_ip(s):
    ws = set()
    for _ in range(6):
        c = Client(s.port)
        ws.add(c.ask("echo z").split()[0])
        c.close()
    assert len(ws) == 1, ws


@test
@with_server()
def task_onfinish(s):
    c = Client(s.port)
    c.s.sendall(b"task hello\n")
    r = c.line().split()
    assert r[0] == "finish" and r[2] == "hello-done", r


@test
@with_server()
def taskwait_result_and_timeout(s):
    c = Client(s.port)
    assert c.ask("taskwait abc") == "tw abc-done true"
    assert c.ask("slow") == "tw  false"   # the task takes 1 s, TaskWait gives up at 0.3 s
    assert c.ask("echo after").endswith(" after")


@test
@with_server()
def taskco_several(s):
    c = Client(s.port)
    assert c.ask("taskco a b c d") == "co a-done,b-done,c-done,d-done"


@test
@with_server(mode=2)
def sendmessage_between_workers(s):
    c = Client(s.port)
    me = c.ask("echo x").split()[0]
    other = "w1" if me == "w0" else "w0"
    c.s.sendall(b"msg\n")
    assert c.line() == f"pipe from {me} in {other}"


@test
@with_server(mode=1)
def shared_counter(s):
    # two workers (round robin) count into one atomic; a plain global does not
    c = Client(s.port)
    got = [int(c.ask("count").split()[1]) for _ in range(50)]
    assert got == list(range(1, 51)), got
    locals_ = {int(c.ask("local").split()[1]) for _ in range(2)}
    assert locals_ == {25}, locals_


@test
@with_server()
def panic_closes_only_that_request(s):
    c = Client(s.port)
    c.s.sendall(b"boom\n")
    c.s.settimeout(3)
    try:
        d = c.s.recv(100)
    except ConnectionResetError:
        d = b""
    assert d == b"", d
    c2 = Client(s.port)
    assert c2.ask("echo ok").endswith(" ok")


def worker_pids(s):
    # master -> manager -> workers (2) + task workers (2)
    m = s.p.pid
    kids = [int(k) for k in open(f"/proc/{m}/task/{m}/children").read().split()]
    mgr = kids[0]
    return mgr, sorted(int(k) for k in open(f"/proc/{mgr}/task/{mgr}/children").read().split())


@test
@with_server(mode=1)
def kill9_worker_restarted(s):
    mgr, before = worker_pids(s)
    c = Client(s.port)
    victim = int(c.ask("pid").split()[1])
    stop, errs, n = threading.Event(), [], [0]

    def load():
        try:
            cl = Client(s.port)
            while not stop.is_set():
                if not cl.ask("echo l").endswith(" l"):
                    errs.append("bad")
                n[0] += 1
        except Exception as e:
            errs.append(repr(e))
    t = threading.Thread(target=load)
    t.start()
    time.sleep(0.2)
    os.kill(victim, signal.SIGKILL)
    time.sleep(0.5)
    stop.set()
    t.join()
    # a request in flight in the killed worker may be lost with it; the
    # server must keep answering on new connections
    c2 = Client(s.port)
    for _ in range(10):
        assert c2.ask("echo again").endswith(" again")
    _, after = worker_pids(s)
    assert len(after) == 4 and victim not in after, (before, after)


@test
@with_server(mode=1)
def reload_sigusr1(s):
    mgr, before = worker_pids(s)
    c = Client(s.port)
    wp = {int(c.ask("pid").split()[1]) for _ in range(4)}
    stop, errs, n = threading.Event(), [], [0]

    def load():
        try:
            cl = Client(s.port)
            while not stop.is_set():
                if not cl.ask(f"echo r{n[0]}").endswith(f" r{n[0]}"):
                    errs.append("bad")
                n[0] += 1
        except Exception as e:
            errs.append(repr(e))
    t = threading.Thread(target=load)
    t.start()
    time.sleep(0.1)
    os.kill(s.p.pid, signal.SIGUSR1)
    time.sleep(1.5)
    stop.set()
    t.join()
    assert not errs, errs
    wp2 = {int(c.ask("pid").split()[1]) for _ in range(4)}
    assert not (wp & wp2), (wp, wp2)
    assert n[0] > 10


@test
@with_server(mode=1, maxreq=10)
def max_request_recycles(s):
    c = Client(s.port)
    pids = set()
    for i in range(100):
        r = c.ask("pid")
        pids.add(int(r.split()[1]))
    assert len(pids) >= 8, len(pids)


@test
def sigterm_stops_everything():
    s = Server()
    try:
        ps = s.pids()
        assert len(ps) == 6, ps   # master, manager, 2 workers, 2 task workers
        os.kill(s.p.pid, signal.SIGTERM)
        s.p.wait(timeout=5)
        time.sleep(0.2)
        left = [p for p in ps if alive(p)]
        assert not left, left
    finally:
        s.stop()


@test
def daemonize_pidfile_logfile():
    d = tempfile.mkdtemp()
    pidf, logf = os.path.join(d, "srv.pid"), os.path.join(d, "srv.log")
    s = Server(daemon=True, pidfile=pidf, logfile=logf)
    try:
        s.p.wait(timeout=5)   # the foreground process exits at once
        pid = int(open(pidf).read())
        assert pid != s.p.pid and alive(pid)
        c = Client(s.port)
        assert c.ask("echo d").endswith(" d")
        ps = tree(pid)
        os.kill(pid, signal.SIGTERM)
        deadline = time.time() + 5
        while time.time() < deadline and any(alive(p) for p in ps):
            time.sleep(0.05)
        assert not any(alive(p) for p in ps)
        log = open(logf).read()
        assert "server started" in log and "master started" in log, log
        assert not os.path.exists(pidf)
    finally:
        try:
            for p in tree(int(open(pidf).read())):
                os.kill(p, signal.SIGKILL)
        except Exception:
            pass
        s.stop()


print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
