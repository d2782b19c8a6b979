#!/bin/sh
# SPDX-License-Identifier: MIT
# The cost of SW_CO_STACK_CHECK, the stack-limit check at the top of every
# generated function: each bench/lang program is built twice by bin/swc,
# as is and with the check lines deleted from the generated C (through a
# CC wrapper), then both run BENCH_RUNS times (default 5), interleaved so
# that machine load hits both alike.  Prints the median CPU time
# (user+sys) of each and the ratio.  Needs `make`.
# Usage: bench/co/stackcheck.sh [name...]
cd "$(dirname "$0")/../.." || exit 1
set -e
D=build/bench-co/stackcheck
mkdir -p "$D"
cat > "$D/cc-nocheck" <<'SH'
#!/bin/sh
# cc with every "SW_CO_STACK_CHECK();" line removed from .c inputs
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
n=0
for a in "$@"; do
    case "$a" in
    *.c) n=$((n + 1)); grep -v 'SW_CO_STACK_CHECK();' "$a" > "$d/$n.c"; set -- "$@" "$d/$n.c" ;;
    *) set -- "$@" "$a" ;;
    esac
    shift
done
exec cc "$@"
SH
chmod +x "$D/cc-nocheck"
names="$*"
[ -n "$names" ] || names=$(cd bench/lang && ls *.sw | sed 's/\.sw$//')
exec python3 - "$D" $names <<'PY'
import os, resource, statistics, subprocess, sys
D, names = sys.argv[1], sys.argv[2:]
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
ARGS = {"json_loop": ["40000"], "defer_call": ["50000000"]}
def build(name, out, cc):
    env = dict(os.environ, CC=cc)
    subprocess.run(["bin/swc", "build", "-o", out, "bench/lang/%s.sw" % name], check=True, env=env)
def cpu(cmd):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
print("| program | with check (CPU s) | without (CPU s) | with/without |")
print("| --- | --- | --- | --- |")
for n in names:
    a, b = "%s/%s.check" % (D, n), "%s/%s.nocheck" % (D, n)
    build(n, a, "cc")
    build(n, b, os.path.abspath(D + "/cc-nocheck"))
    ta, tb = [], []
    for _ in range(RUNS):
        ta.append(cpu([a] + ARGS.get(n, [])))
        tb.append(cpu([b] + ARGS.get(n, [])))
    ma, mb = statistics.median(ta), statistics.median(tb)
    print("| %s | %.3f | %.3f | %.3f |" % (n, ma, mb, ma / mb))
PY
