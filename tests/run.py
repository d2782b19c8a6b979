#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The test runner behind `make test`.

Suites:
  golden  tests/golden/NAME.sw: built with bin/swc and run; stdout must equal
          NAME.out, the exit status NAME.exit (0 when absent) and the first
          stderr line NAME.err (when present).  NAME.env (VAR=value lines)
          is added to the program's environment, here and under Go.
  go      the same programs through `go run` (when Go is installed), against
          the same files: the expected outputs are Go's, so this keeps them
          honest.  Files whose first line is `// swc-only` are skipped here.
  errors  tests/errors/NAME.sw must fail to compile with status 1; every line
          carrying `// ERROR "regexp"` must get a diagnostic matching the
          regexp, and no other line may get one.
  suites  every tests/*/run.sh other than this one (runtime C tests, parser
          conformance); each prints a closing `N passed, M failed` line that is
          added to the totals.

Prints one line per failure and ends with `N passed, M failed`.
Usage: tests/run.py [-k SUBSTRING] [--no-go] [suite...]
"""
import concurrent.futures as cf
import os
import re
import shutil
import subprocess
import time
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SWC = os.path.join(ROOT, "bin", "swc")
TIMEOUT = 20
JOBS = max(2, os.cpu_count() or 2)

passed = 0
failures = []


def ok():
    global passed
    passed += 1


def fail(msg):
    failures.append(msg)
    print("FAIL " + msg, flush=True)


def read(path, default=None):
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        return default


def first_line(b):
    return b.decode("utf-8", "replace").split("\n", 1)[0].rstrip("\r")


def expected(base):
    out = read(base + ".out", b"")
    code = int((read(base + ".exit", b"0").decode().strip() or "0"))
    err = read(base + ".err")
    return out, code, (first_line(err) if err is not None else None)


def compare(name, what, out, code, err_text, base):
    want_out, want_code, want_err = expected(base)
    problems = []
    if out != want_out:
        a = out.decode("utf-8", "replace").splitlines()
        b = want_out.decode("utf-8", "replace").splitlines()
        where = next((i for i in range(min(len(a), len(b))) if a[i] != b[i]), min(len(a), len(b)))
        got = a[where] if where < len(a) else "<end>"
        exp = b[where] if where < len(b) else "<end>"
        problems.append("stdout differs at line %d: got %r, want %r" % (where + 1, got, exp))
    if code != want_code:
        problems.append("exit status %d, want %d" % (code, want_code))
    if want_err is not None and first_line(err_text) != want_err:
        problems.append("stderr %r, want %r" % (first_line(err_text), want_err))
    if problems:
        fail("%s %s: %s" % (what, name, "; ".join(problems)))
    else:
        ok()


def test_env(base):
    """The environment of a test program: ours plus NAME.env's VAR=value lines."""
    env = dict(os.environ)
    for line in read(base + ".env", b"").decode().splitlines():
        if "=" in line and not line.startswith("#"):
            k, v = line.split("=", 1)
            env[k.strip()] = v
    return env


def run_golden(path, tmp):
    name = os.path.basename(path)[:-3]
    base = path[:-3]
    exe = os.path.join(tmp, name)
    try:
        b = subprocess.run([SWC, "build", "-o", exe, path], capture_output=True, timeout=120)
    except subprocess.TimeoutExpired:
        return lambda: fail("golden %s: swc build timed out" % name)
    if b.returncode != 0:
        msg = first_line(b.stderr) or "status %d" % b.returncode
        return lambda: fail("golden %s: build failed: %s" % (name, msg))
    try:
        r = subprocess.run([exe], capture_output=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL,
                           cwd=os.path.dirname(path), env=test_env(base))
    except subprocess.TimeoutExpired:
        return lambda: fail("golden %s: timed out after %ds" % (name, TIMEOUT))
    finally:
        if os.path.exists(exe):
            os.unlink(exe)
    return lambda: compare(name, "golden", r.stdout, r.returncode, r.stderr, base)


def run_go(path, tmp):
    name = os.path.basename(path)[:-3]
    base = path[:-3]
    d = os.path.join(tmp, "go-" + name)
    os.makedirs(d, exist_ok=True)
    shutil.copy(path, os.path.join(d, "main.go"))
    env = dict(os.environ, GOFLAGS="-mod=mod", GO111MODULE="off", GOCACHE=os.path.join(ROOT, "build", "gocache"))
    try:
        b = subprocess.run(["go", "build", "-o", os.path.join(d, "prog"), "main.go"], cwd=d,
                           capture_output=True, timeout=300, env=env)
    except subprocess.TimeoutExpired:
        return lambda: fail("go %s: go build timed out" % name)
    if b.returncode != 0:
        return lambda: fail("go %s: not valid Go: %s" % (name, first_line(b.stderr)))
    try:
        r = subprocess.run([os.path.join(d, "prog")], capture_output=True, timeout=TIMEOUT,
                           stdin=subprocess.DEVNULL, cwd=os.path.dirname(path), env=test_env(base))
    except subprocess.TimeoutExpired:
        return lambda: fail("go %s: timed out" % name)
    shutil.rmtree(d, ignore_errors=True)
    return lambda: compare(name, "go", r.stdout, r.returncode, r.stderr, base)


ERROR_RE = re.compile(r'//\s*ERROR\s+"((?:[^"\\]|\\.)*)"')
DIAG_RE = re.compile(r"^(.*?):(\d+):(\d+): error: (.*)$")


def run_errors(path, tmp):
    name = os.path.basename(path)[:-3]
    src = read(path).decode("utf-8", "replace")
    want = {}
    for i, line in enumerate(src.split("\n"), 1):
        m = ERROR_RE.search(line)
        if m:
            want[i] = m.group(1).replace('\\"', '"')
    exe = os.path.join(tmp, "err-" + name)
    try:
        b = subprocess.run([SWC, "build", "-o", exe, path], capture_output=True, timeout=60)
    except subprocess.TimeoutExpired:
        return lambda: fail("errors %s: swc timed out" % name)
    if os.path.exists(exe):
        os.unlink(exe)
    problems = []
    if b.returncode != 1:
        problems.append("exit status %d, want 1" % b.returncode)
    got = {}
    for line in b.stderr.decode("utf-8", "replace").splitlines():
        m = DIAG_RE.match(line)
        if m and os.path.basename(m.group(1)) == os.path.basename(path):
            got.setdefault(int(m.group(2)), []).append(m.group(4))
    for ln, rx in sorted(want.items()):
        msgs = got.get(ln, [])
        if not msgs:
            problems.append("line %d: no error, want /%s/" % (ln, rx))
        elif not any(re.search(rx, m) for m in msgs):
            problems.append("line %d: %r does not match /%s/" % (ln, msgs[0], rx))
    for ln, msgs in sorted(got.items()):
        if ln not in want:
            problems.append("line %d: unexpected error %r" % (ln, msgs[0]))
    if problems:
        return lambda: fail("errors %s: %s" % (name, "; ".join(problems[:3])))
    return ok


def run_suite(script):
    global passed
    name = os.path.relpath(script, ROOT)
    t0 = time.time()
    try:
        r = subprocess.run(["bash", script], capture_output=True, timeout=900, cwd=ROOT)
    except subprocess.TimeoutExpired:
        fail("suite %s: timed out" % name)
        return
    print("suite %s: %.0f s" % (name, time.time() - t0), flush=True)
    text = r.stdout.decode("utf-8", "replace")
    m = None
    for line in text.splitlines():
        mm = re.match(r"^(?:\w+:\s*)?(\d+) passed, (\d+) failed", line.strip())
        if mm:
            m = mm
    for line in text.splitlines():
        if line.startswith("FAIL"):
            print("%s: %s" % (name, line), flush=True)
    if not m:
        fail("suite %s: no summary line (status %d): %s" % (name, r.returncode,
             first_line(r.stderr) or text[-200:]))
        return
    p, f = int(m.group(1)), int(m.group(2))
    passed += p
    for i in range(f):
        failures.append("%s #%d" % (name, i))
    if f == 0 and r.returncode != 0:
        fail("suite %s: status %d" % (name, r.returncode))


def main():
    args = sys.argv[1:]
    pattern = None
    use_go = shutil.which("go") is not None
    if "-k" in args:
        i = args.index("-k")
        pattern = args[i + 1]
        del args[i:i + 2]
    if "--no-go" in args:
        args.remove("--no-go")
        use_go = False
    suites = args or ["golden", "go", "errors", "suites"]

    def pick(folder):
        d = os.path.join(ROOT, "tests", folder)
        if not os.path.isdir(d):
            return []
        files = sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith(".sw"))
        return [f for f in files if not pattern or pattern in os.path.basename(f)]

    tmp = tempfile.mkdtemp(prefix="swc-test-")
    try:
        jobs = []
        with cf.ThreadPoolExecutor(JOBS) as ex:
            if "golden" in suites:
                jobs += [ex.submit(run_golden, p, tmp) for p in pick("golden")]
            if "go" in suites and use_go:
                for p in pick("golden"):
                    if not read(p, b"").startswith(b"// swc-only"):
                        jobs.append(ex.submit(run_go, p, tmp))
            if "errors" in suites:
                jobs += [ex.submit(run_errors, p, tmp) for p in pick("errors")]
            for j in jobs:
                try:
                    j.result()()
                except OSError as e:
                    fail("runner: %s" % e)
        if "go" in suites and not use_go:
            print("note: the Go oracle suite did not run (go not installed, or --no-go)", flush=True)
        if "suites" in suites and not pattern:
            for d in sorted(os.listdir(os.path.join(ROOT, "tests"))):
                s = os.path.join(ROOT, "tests", d, "run.sh")
                if os.path.isfile(s):
                    run_suite(s)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d passed, %d failed" % (passed, len(failures)))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
