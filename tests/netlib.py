# SPDX-License-Identifier: MIT
"""Helpers shared by the network test suites and the benchmarks.

Free ports, waiting for a listener, process groups started and stopped
for sure, commands with a timeout, the process tree of a server, exact
socket reads, building a Sw program.  Scripts import it by path:

    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests"))
    import netlib

No timing assertions here: every wait takes a generous timeout and
reports failure instead of raising.
"""
import os
import signal
import socket
import subprocess
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
SWC = os.path.join(ROOT, "bin", "swc")


def free_port(family=socket.AF_INET, kind=socket.SOCK_STREAM):
    """A port of 127.0.0.1 (::1 for AF_INET6) nobody uses now (bound, then
    released: a connect to it is refused until someone listens)."""
    host = "::1" if family == socket.AF_INET6 else "127.0.0.1"
    with socket.socket(family, kind) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def wait_listening(port, proc=None, timeout=10, host="127.0.0.1"):
    """Waits until host:port accepts a connection; False when proc (a
    Popen, optional) ended first or timeout seconds passed."""
    end = time.time() + timeout
    while time.time() < end:
        if proc is not None and proc.poll() is not None:
            return False
        try:
            socket.create_connection((host, port), timeout=0.2).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


def start_group(args, **kw):
    """Popen of args (str()'d) in a new session, so stop_group reaches
    every process it forks."""
    return subprocess.Popen([str(a) for a in args], start_new_session=True, **kw)


def _killpg(pid, sig):
    try:
        os.killpg(pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def stop_group(proc, timeout=5, sig=signal.SIGTERM):
    """Stops proc's whole process group: sig (SIGTERM), up to timeout
    seconds for proc to exit, then SIGKILL; processes of the group left
    behind (workers of a master that died first) are killed too.
    Returns proc's exit status, None when it had to be killed."""
    code = proc.poll()
    if code is None:
        _killpg(proc.pid, sig)
        try:
            code = proc.wait(timeout)
        except subprocess.TimeoutExpired:
            _killpg(proc.pid, signal.SIGKILL)
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                pass
            code = None
    _killpg(proc.pid, signal.SIGKILL)
    return code


def run(args, timeout=20, **kw):
    """Runs a command: (returncode, stdout, stderr) as latin-1 text;
    (-999, "", "timeout") when it took longer than timeout seconds."""
    try:
        r = subprocess.run([str(a) for a in args], capture_output=True, timeout=timeout, **kw)
        return r.returncode, r.stdout.decode("latin-1"), r.stderr.decode("latin-1")
    except subprocess.TimeoutExpired:
        return -999, "", "timeout"


def build_sw(src, exe, timeout=300):
    """swc build src -o exe; None when it worked, else the error text."""
    rc, out, err = run([SWC, "build", "-o", exe, src], timeout=timeout)
    return None if rc == 0 else (err or out).strip() or "swc build failed"


def proc_tree(pid):
    """pid and all its descendants (pids), from /proc."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            with open("/proc/%d/task/%d/children" % (p, p)) as f:
                kids = f.read().split()
        except OSError:
            kids = []
        todo += [int(k) for k in kids]
    return out


def alive(pid):
    """Whether pid exists and is not a zombie."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def recv_exactly(c, n):
    """n bytes from socket c (fewer when the peer closed first)."""
    b = bytearray()
    while len(b) < n:
        d = c.recv(min(n - len(b), 1 << 20))
        if not d:
            break
        b += d
    return bytes(b)


def recv_until(c, end=b"\n"):
    """Bytes from c up to and including end (or up to the peer's close)."""
    b = b""
    while not b.endswith(end):
        d = c.recv(4096)
        if not d:
            break
        b += d
    return b


def recv_all(c):
    """Everything c sends until it closes."""
    b = bytearray()
    while True:
        d = c.recv(65536)
        if not d:
            return bytes(b)
        b += d
