# SPDX-License-Identifier: MIT
# Integration tests of the process model, run in both modes (the manager is
# the same): each starts tests/proc/server.sw on a free port in ModeProcess
# ("process": master, manager, workers, task workers) or ModeBase ("base":
# the master is the manager; each worker serves its own SO_REUSEPORT
# listener), talks to it over TCP, and stops every process it started (the
# whole process group, even when the test fails).  A test named NAME runs
# as NAME[process] and NAME[base]; arguments select by either name.
import os, signal, socket, subprocess, sys, tempfile, threading, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from netlib import alive, free_port, proc_tree as tree, stop_group, wait_listening  # noqa: E402

SERVER = os.path.abspath(sys.argv[1])
ONLY = sys.argv[2:]  # test names to run (default: all)
passed = failed = 0


class Server:
    def __init__(self, mode=2, maxreq=0, daemon=False, pidfile="", logfile="", pm="process"):
        self.port = free_port()
        self.pm = pm
        self.out = tempfile.TemporaryFile()
        self.p = subprocess.Popen([SERVER, str(self.port), str(mode), str(maxreq), "1" if daemon else "0",
                                   pidfile, logfile, pm], stdout=self.out, stderr=subprocess.STDOUT,
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


def test(*modes):
    """runs fn(pm) once per process model in modes (default: both)"""
    modes = modes or ("process", "base")

    def deco(fn):
        global passed, failed
        for pm in modes:
            name = f"{fn.__name__}[{pm}]"
            if ONLY and fn.__name__ not in ONLY and name not in ONLY:
                continue
            try:
                fn(pm)
                passed += 1
            except Exception as e:
                failed += 1
                print(f"FAIL tests/proc {name}: {type(e).__name__}: {e}")
        return fn
    return deco


def with_server(**kw):
    def deco(fn):
        def run(pm):
            s = Server(pm=pm, **kw)
            try:
                fn(s)
            finally:
                s.stop()
        run.__name__ = fn.__name__
        return run
    return deco


def ask_new(port, line):
    """one request on a fresh connection"""
    c = Client(port)
    try:
        return c.ask(line)
    finally:
        c.close()


@test()
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


@test()
@with_server()
def pipelined_in_one_write(s):
    c = Client(s.port)
    c.s.sendall(b"".join(f"echo p{i}\n".encode() for i in range(200)))
    got = [c.line() for _ in range(200)]
    assert all(g.endswith(f" p{i}") for i, g in enumerate(got)), got[:5]


@test()
@with_server()
def big_packets_tasks_and_replies(s):
    # a 300 KB packet crosses the worker pipe in fragments, a 200 KB task
    # result goes through a temporary file, a 1 MB reply is written in parts
    c = Client(s.port)
    assert c.ask("len " + "a" * 300000) == "len 300005"
    assert c.ask("bigtask 200000") == "big 200005 true"
    assert c.ask("bigreply 1000000") == "y" * 1000000
    assert c.ask("echo small").endswith(" small")


@test("process")
@with_server(mode=2)
def dispatch_mode2_same_worker(s):
    for _ in range(4):
        c = Client(s.port)
        ws = {c.ask("echo x").split()[0] for _ in range(10)}
        assert len(ws) == 1, ws
        c.close()


@test("process")
@with_server(mode=1)
def dispatch_mode1_round_robin(s):
    c = Client(s.port)
    ws = [c.ask("echo x").split()[0] for _ in range(10)]
    assert set(ws) == {"w0", "w1"}, ws


@test("process")
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


@test("process")
@with_server(mode=4)
def dispatch_mode4_by_ip(s):
    ws = set()
    for _ in range(6):
        c = Client(s.port)
        ws.add(c.ask("echo z").split()[0])
        c.close()
    assert len(ws) == 1, ws


@test()
@with_server()
def task_onfinish(s):
    c = Client(s.port)
    c.s.sendall(b"task hello\n")
    r = c.line().split()
    assert r[0] == "finish" and r[2] == "hello-done", r


@test()
@with_server()
def taskwait_result_and_timeout(s):
    c = Client(s.port)
    assert c.ask("taskwait abc") == "tw abc-done true"
    assert c.ask("slow") == "tw  false"   # the task takes 1 s, TaskWait gives up at 0.3 s
    assert c.ask("echo after").endswith(" after")


@test()
@with_server()
def taskco_several(s):
    c = Client(s.port)
    assert c.ask("taskco a b c d") == "co a-done,b-done,c-done,d-done"


@test()
@with_server(mode=2)
def sendmessage_between_workers(s):
    c = Client(s.port)
    me = c.ask("echo x").split()[0]
    other = "w1" if me == "w0" else "w0"
    c.s.sendall(b"msg\n")
    assert c.line() == f"pipe from {me} in {other}"


@test("process")
@with_server(mode=1)
def shared_counter(s):
    # two workers (round robin) count into one atomic; a plain global does not
    c = Client(s.port)
    got = [int(c.ask("count").split()[1]) for _ in range(50)]
    assert got == list(range(1, 51)), got
    locals_ = {int(c.ask("local").split()[1]) for _ in range(2)}
    assert locals_ == {25}, locals_


@test()
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
    """(manager pid, sorted pids of its 2 workers + 2 task workers)"""
    m = s.p.pid
    mgr = m
    if s.pm == "process":   # master -> manager -> workers
        mgr = int(open(f"/proc/{m}/task/{m}/children").read().split()[0])
    return mgr, sorted(int(k) for k in open(f"/proc/{mgr}/task/{mgr}/children").read().split())


@test()
@with_server(mode=1)
def kill9_worker_restarted(s):
    mgr, before = worker_pids(s)
    victim = int(ask_new(s.port, "pid").split()[1])
    stop, errs, n = threading.Event(), [], [0]

    def load():
        # ModeProcess: one connection (the master holds it); ModeBase: a
        # connection per request (a connection dies with its worker)
        cl = None
        while not stop.is_set():
            try:
                if cl is None or s.pm == "base":
                    cl = Client(s.port)
                if not cl.ask("echo l").endswith(" l"):
                    errs.append("bad")
                n[0] += 1
                if s.pm == "base":
                    cl.close()
            except Exception as e:
                errs.append(repr(e))
                cl = None
                if s.pm == "process":
                    return
    t = threading.Thread(target=load)
    t.start()
    time.sleep(0.2)
    os.kill(victim, signal.SIGKILL)
    time.sleep(0.5)
    stop.set()
    t.join()
    # a request in flight in the killed worker may be lost with it; the
    # server must keep answering on new connections
    for _ in range(10):
        assert ask_new(s.port, "echo again").endswith(" again")
    deadline = time.time() + 5
    while time.time() < deadline:
        _, after = worker_pids(s)
        if len(after) == 4:
            break
        time.sleep(0.05)
    assert len(after) == 4 and victim not in after, (before, after)
    assert n[0] > 5, n
    s.out.seek(0)
    log = s.out.read().decode(errors="replace")
    assert f" {victim} 0 9" in log, log   # OnWorkerError(id, pid, 0, SIGKILL) in the manager


@test()
@with_server()
def reload_api_and_reloadtask(s):
    # ReloadTask replaces only the task workers, Reload all workers
    _, before = worker_pids(s)
    tp = {int(ask_new(s.port, "taskpid").split()[1]) for _ in range(6)}
    assert len(tp) == 2 and tp <= set(before), (tp, before)
    assert ask_new(s.port, "reloadtask") == "reloadtask true"

    def settle(cond):
        deadline = time.time() + 10
        while time.time() < deadline:
            _, now = worker_pids(s)
            if len(now) == 4 and cond(set(now)):
                return set(now)
            time.sleep(0.05)
        raise AssertionError(f"children {now}")
    mid = settle(lambda now: not (now & tp))
    assert set(before) - tp <= mid, (before, tp, mid)
    assert ask_new(s.port, "reload") == "reload true"
    settle(lambda now: not (now & mid))
    assert ask_new(s.port, "echo after").endswith(" after")


@test()
@with_server(mode=1)
def reload_sigusr1(s):
    # no request is lost while every worker is replaced: in ModeProcess on
    # one kept-alive connection, in ModeBase on a connection per request
    # (a stopping ModeBase worker closes its connections between requests)
    wp = {int(ask_new(s.port, "pid").split()[1]) for _ in range(8)}
    stop, errs, n = threading.Event(), [], [0]

    def load():
        try:
            cl = Client(s.port)
            while not stop.is_set():
                if s.pm == "base":
                    cl.close()
                    cl = Client(s.port)
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
    wp2 = {int(ask_new(s.port, "pid").split()[1]) for _ in range(8)}
    assert not (wp & wp2), (wp, wp2)
    assert n[0] > 10


@test()
@with_server(mode=1, maxreq=10)
def max_request_recycles(s):
    # 100 requests, none lost, served by successive workers (ModeBase: a
    # connection per request, a recycling worker finishes its connections)
    c = Client(s.port)
    pids = set()
    for i in range(100):
        r = ask_new(s.port, "pid") if s.pm == "base" else c.ask("pid")
        pids.add(int(r.split()[1]))
    assert len(pids) >= 8, len(pids)


@test("base")
@with_server(maxreq=10)
def max_request_keepalive_clients(s):
    # ModeBase: clients keep their connection while workers recycle.  A
    # recycling worker closes a connection only between two requests, so a
    # request is either answered or was never run (the client retries it on
    # a new connection, as HTTP clients do): the shared counter shows every
    # request ran exactly once.
    got, retries = [], 0
    c = Client(s.port)
    for i in range(60):
        while True:
            try:
                r = c.ask("count")
                break
            except (EOFError, ConnectionError):
                retries += 1
                assert retries < 200
                c = Client(s.port)
        got.append(int(r.split()[1]))
        if i % 6 == 5:
            c.close()
            c = Client(s.port)
    assert got == list(range(1, 61)), got


@test()
def sigterm_stops_everything(pm):
    s = Server(pm=pm)
    try:
        ps = s.pids()
        # process: master, manager, 2 workers, 2 task workers; base: the
        # master is the manager
        assert len(ps) == (6 if pm == "process" else 5), ps
        os.kill(s.p.pid, signal.SIGTERM)
        s.p.wait(timeout=10)
        time.sleep(0.2)
        left = [p for p in ps if alive(p)]
        assert not left, left
    finally:
        s.stop()


@test()
def sigterm_finishes_requests_in_flight(pm):
    # a request whose callback is running (1 s sleep) when SIGTERM arrives
    # is answered before its worker exits (MaxWaitTime is 2 s)
    s = Server(pm=pm)
    try:
        c = Client(s.port)
        c.s.sendall(b"sleep\n")
        time.sleep(0.3)
        os.kill(s.p.pid, signal.SIGTERM)
        assert c.line() == "slept"
        s.p.wait(timeout=10)
    finally:
        s.stop()


@test()
def daemonize_pidfile_logfile(pm):
    d = tempfile.mkdtemp()
    pidf, logf = os.path.join(d, "srv.pid"), os.path.join(d, "srv.log")
    s = Server(daemon=True, pidfile=pidf, logfile=logf, pm=pm)
    try:
        s.p.wait(timeout=5)   # the foreground process exits at once
        pid = int(open(pidf).read())
        assert pid != s.p.pid and alive(pid)
        c = Client(s.port)
        assert c.ask("echo d").endswith(" d")
        c.close()
        ps = tree(pid)
        assert len(ps) == (6 if pm == "process" else 5), ps
        os.kill(pid, signal.SIGTERM)
        deadline = time.time() + 10
        while time.time() < deadline and any(alive(p) for p in ps):
            time.sleep(0.05)
        assert not any(alive(p) for p in ps)
        log = open(logf).read()
        assert "server started" in log and "master started" in log, log
        assert "manager started" in log and "manager stopped" in log, log
        assert not os.path.exists(pidf)
    finally:
        try:
            for p in tree(int(open(pidf).read())):
                os.kill(p, signal.SIGKILL)
        except Exception:
            pass
        s.stop()


@test("base")
def base_one_process(pm):
    # ModeBase, WorkerNum 1, no task workers: no manager, the process that
    # called Start serves; Daemonize, PidFile, LogFile and SIGTERM still work
    d = tempfile.mkdtemp()
    pidf, logf = os.path.join(d, "srv.pid"), os.path.join(d, "srv.log")
    s = Server(pm="base1")
    try:
        assert s.pids() == [s.p.pid], s.pids()
        assert ask_new(s.port, "pid") == f"w0 {s.p.pid}"
        assert ask_new(s.port, "task x") == "task failed"   # no task workers
        os.kill(s.p.pid, signal.SIGTERM)
        s.p.wait(timeout=10)
    finally:
        s.stop()
    s = Server(pm="base1", daemon=True, pidfile=pidf, logfile=logf)
    try:
        s.p.wait(timeout=5)
        pid = int(open(pidf).read())
        assert pid != s.p.pid and tree(pid) == [pid], tree(pid)
        assert ask_new(s.port, "pid") == f"w0 {pid}"
        os.kill(pid, signal.SIGTERM)
        deadline = time.time() + 10
        while time.time() < deadline and alive(pid):
            time.sleep(0.05)
        assert not alive(pid) and not os.path.exists(pidf)
        assert "master started" in open(logf).read()
    finally:
        try:
            os.kill(int(open(pidf).read()), signal.SIGKILL)
        except Exception:
            pass
        s.stop()


@test()
def http_max_request_keepalive(pm):
    # HTTP/1.1 keep-alive (curl, one connection reused for 60 requests):
    # workers recycle every 10 requests and every request is answered;
    # ModeBase closes a kept-alive connection between two requests, where
    # curl retries on a new one
    port = free_port()
    exe = os.path.join(os.path.dirname(SERVER), "http_server")
    p = subprocess.Popen([exe, str(port), "10", pm], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True)
    try:
        deadline = time.time() + 5
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                assert time.time() < deadline, "server did not start"
                time.sleep(0.05)
        r = subprocess.run(["curl", "-s", "--max-time", "30", f"http://127.0.0.1:{port}/[1-60]"],
                           capture_output=True, text=True, timeout=40)
        lines = r.stdout.split()
        pids = lines[1::2]
        assert len(pids) == 60 and lines[0::2] == ["pid"] * 60, r.stdout[:300]
        assert len(set(pids)) >= 5, sorted(set(pids))
    finally:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except OSError:
            pass
        p.wait(timeout=5)


@test()
def example_server_task(pm):
    # examples/server_task.sw (seed §1.3.6) in either mode
    port = free_port()
    out = tempfile.TemporaryFile()
    exe = os.path.join(os.path.dirname(SERVER), "server_task")
    p = subprocess.Popen([exe, pm, str(port)], stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.time() + 5
        while True:
            try:
                c = socket.create_connection(("127.0.0.1", port), timeout=0.2)
                break
            except OSError:
                assert time.time() < deadline, "example did not start"
                time.sleep(0.05)
        c.sendall(b"hi\n")
        deadline = time.time() + 5
        text = ""
        while "Finish: hi -> OK" not in text and time.time() < deadline:
            time.sleep(0.05)
            out.seek(0)
            text = out.read().decode(errors="replace")
        c.close()
        assert "Dispath AsyncTask: id=1" in text and "AsyncTask[1] Finish: hi -> OK" in text, text
    finally:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except OSError:
            pass
        p.wait(timeout=5)


print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
