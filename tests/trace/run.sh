#!/bin/sh
# SPDX-License-Identifier: MIT
# Traceback tests (rt/sw_trace.c): each tests/trace/NAME.sw is built with
# bin/swc and run; its stderr must match, line by line from the first line,
# the regexps of its `// stderr: RE` comments (@FILE@ stands for the
# program's absolute path; an empty RE is an empty line).  `// end` means
# nothing may follow, `// more` that more lines may.  `// exit: N` is the
# expected status, `// env: VAR=value` is set for the run.
# Tracebacks are not Go's bytes (paths, runtime frames), hence regexps and a
# suite of their own.  Last line: `N passed, M failed`.
cd "$(dirname "$0")/../.." || exit 1
[ -x bin/swc ] || make -s bin/swc build/libswrt.a || exit 1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/swc-trace-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
for src in tests/trace/*.sw; do
    name=$(basename "$src" .sw)
    abs=$(cd "$(dirname "$src")" && pwd)/$(basename "$src")
    if ! bin/swc build -o "$tmp/$name" "$abs" >"$tmp/$name.build" 2>&1; then
        echo "FAIL trace/$name: does not build"
        sed 's/^/    /' "$tmp/$name.build" | head -n 10
        fail=$((fail + 1))
        continue
    fi
    envs=$(sed -n 's|^// env: ||p' "$src")
    # shellcheck disable=SC2086 # one VAR=value word per line
    (cd "$tmp" && env $envs "./$name" >/dev/null 2>"$name.err")
    status=$?
    if python3 - "$src" "$abs" "$tmp/$name.err" "$status" <<'PY'
import re, sys
src, path, errf, status = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
want, exact, code = [], True, 0
for line in open(src, encoding="utf-8"):
    line = line.rstrip("\n")
    if line.startswith("// stderr:"):
        want.append(line[len("// stderr:"):].lstrip(" ").replace("@FILE@", re.escape(path)))
    elif line == "// more":
        exact = False
    elif line.startswith("// exit: "):
        code = int(line.split(":", 1)[1])
got = open(errf, encoding="utf-8", errors="replace").read().split("\n")
if got and got[-1] == "":
    got.pop()
problems = []
if status != code:
    problems.append("exit status %d, want %d" % (status, code))
for i, rx in enumerate(want):
    if i >= len(got):
        problems.append("line %d: <end>, want /%s/" % (i + 1, rx))
        break
    if not re.fullmatch(rx, got[i]):
        problems.append("line %d: %r, want /%s/" % (i + 1, got[i], rx))
        break
if exact and not problems and len(got) > len(want):
    problems.append("line %d: %r, want <end>" % (len(want) + 1, got[len(want)]))
for p in problems:
    print("    " + p)
if problems:
    print("    stderr was:")
    for g in got[:20]:
        print("    | " + g)
sys.exit(1 if problems else 0)
PY
    then
        pass=$((pass + 1))
    else
        echo "FAIL trace/$name"
        fail=$((fail + 1))
    fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
