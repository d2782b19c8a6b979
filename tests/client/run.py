#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The client package's tests: every tests/client/NAME.sw is built with bin/swc and run with the
addresses of the peers of servers.py in its environment (T_ECHO, T_UDP, T_UNIX, …); its stdout must
equal NAME.out.  A program that needs a peer which could not start (no IPv6, no resolvable host name)
prints `skip: <why>` as its only line: reported as a note, not counted.  Each program is killed after
20 s (a hang is a failure).  Also builds and runs examples/client_tcp.sw and client_async.sw against
the echo peer.
Last line: `N passed, M failed`."""
import glob
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import servers  # noqa: E402

SWC = os.path.join(ROOT, "bin", "swc")


def main():
    pattern = sys.argv[1] if len(sys.argv) > 1 else ""
    tmp = tempfile.mkdtemp(prefix="swc-client-")
    passed = failed = 0
    try:
        env = dict(os.environ, **servers.start_all(tmp))
        progs = sorted(glob.glob(os.path.join(HERE, "*.sw")))
        progs.append(os.path.join(ROOT, "examples", "client_tcp.sw"))
        progs.append(os.path.join(ROOT, "examples", "client_async.sw"))
        examples = {"client_tcp": "Server: hello world\n",
                    "client_async": "Received: Server: Hello world\n\nconnection close.\n"}
        for src in progs:
            name = os.path.splitext(os.path.basename(src))[0]
            if pattern not in name or not os.path.exists(src):
                continue
            want_file = os.path.join(HERE, name + ".out")
            exe = os.path.join(tmp, name)
            b = subprocess.run([SWC, "build", "-o", exe, src], capture_output=True, text=True)
            if b.returncode != 0:
                print("FAIL %s: build: %s" % (name, (b.stderr or b.stdout).strip()[:400]))
                failed += 1
                continue
            args = [env["T_ECHO"]] if name in examples else []
            try:
                r = subprocess.run([exe] + args, capture_output=True, text=True, env=env, timeout=20)
            except subprocess.TimeoutExpired:
                print("FAIL %s: timed out (killed)" % name)
                failed += 1
                continue
            if r.stdout.startswith("skip:"):
                print("note: %s %s" % (name, r.stdout.strip()))
                continue
            want = examples[name] if name in examples else open(want_file).read()
            if r.returncode != 0 or r.stdout != want:
                print("FAIL %s: status %d\n--- got\n%s--- want\n%s--- stderr\n%s" % (
                    name, r.returncode, r.stdout, want, r.stderr[-600:]))
                failed += 1
            else:
                passed += 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
