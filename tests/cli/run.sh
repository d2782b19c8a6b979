#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The swc command line (doc/cli.md): build/run/version/help, -emit-c, exit statuses, bad usage,
# the driver's own error paths, and `make install` into a scratch DESTDIR.
set -u
cd "$(dirname "$0")/../.."
swc=$PWD/bin/swc
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
check() { # name, condition (as a command)
    local name=$1; shift
    if "$@" >/dev/null 2>&1; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL cli: $name"; fi
}

cat > "$tmp/args.sw" <<'SW'
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Println(len(os.Args)-1, os.Args[1:])
	if len(os.Args) > 2 {
		os.Exit(7)
	}
}
SW

check "version" bash -c "'$swc' version | grep -q '^swc version '"
check "help" bash -c "'$swc' help | grep -q 'swc build'"
check "no arguments is a usage error (2)" bash -c "'$swc'; [ \$? = 2 ]"
check "unknown command (2)" bash -c "'$swc' frobnicate; [ \$? = 2 ]"
check "unknown option (2)" bash -c "'$swc' build -Z x.sw; [ \$? = 2 ]"
check "missing file (1)" bash -c "'$swc' build '$tmp/nope.sw'; [ \$? = 1 ]"
check "build -o" bash -c "'$swc' build -o '$tmp/a' '$tmp/args.sw' && [ -x '$tmp/a' ] && [ \"\$('$tmp/a' x)\" = '1 [x]' ]"
check "FILE.sw -o OUT form" bash -c "'$swc' '$tmp/args.sw' -o '$tmp/b' && '$tmp/b' | grep -qx '0 \[\]'"
check "default output name" bash -c "cd '$tmp' && '$swc' build args.sw && [ -x '$tmp/args' ]"
check "run passes arguments" bash -c "[ \"\$('$swc' run '$tmp/args.sw' p q)\" = '2 [p q]' ]"
check "run returns the program's status" bash -c "'$swc' run '$tmp/args.sw' p q; [ \$? = 7 ]"
check "-emit-c writes C with #line" bash -c "'$swc' build -emit-c -o '$tmp/a.c' '$tmp/args.sw' && grep -q '#line [0-9]* \".*args.sw\"' '$tmp/a.c' && grep -q '#include \"sw.h\"' '$tmp/a.c'"
mkdir -p "$tmp/dir"
cat > "$tmp/dir/a.sw" <<'SW'
package main

import "fmt"

func main() { fmt.Println(greet("dir")) }
SW
cat > "$tmp/dir/b.sw" <<'SW'
package main

func greet(s string) string { return "hello " + s }
SW
check "build a folder" bash -c "'$swc' build -o '$tmp/d' '$tmp/dir' && [ \"\$('$tmp/d')\" = 'hello dir' ]"
printf 'package main\nfunc main() { x := 1 }\n' > "$tmp/bad.sw"
check "compile error: status 1, file:line:col, caret" bash -c "'$swc' build -o '$tmp/x' '$tmp/bad.sw' 2>'$tmp/err'; [ \$? = 1 ] && grep -q 'bad.sw:2:15: error: ' '$tmp/err' && grep -q '^ *\\^' '$tmp/err'"
printf 'package lib\nfunc main() {}\n' > "$tmp/notmain.sw"
check "non-main package rejected" bash -c "'$swc' build -o '$tmp/x' '$tmp/notmain.sw'; [ \$? = 1 ]"
printf 'package main\nimport "nosuchpkg"\nfunc main() { nosuchpkg.X() }\n' > "$tmp/imp.sw"
check "unknown import rejected" bash -c "'$swc' build -o '$tmp/x' '$tmp/imp.sw' 2>&1 | grep -q 'imp.sw:2:8: error: package nosuchpkg'"
printf 'package main\n\x00func main() {}\n' > "$tmp/nul.sw"
check "NUL byte rejected" bash -c "'$swc' build -o '$tmp/x' '$tmp/nul.sw'; [ \$? = 1 ]"
# more than 10 errors: stops after 10
{ echo 'package main'; echo 'func main() {'; for i in $(seq 1 15); do echo "	undefined$i()"; done; echo '}'; } > "$tmp/many.sw"
check "at most 10 errors" bash -c "'$swc' build -o '$tmp/x' '$tmp/many.sw' 2>&1 | grep -c ': error: ' | grep -qx 10"
check "a C compiler failure is reported as an internal error (3)" bash -c "CC=false '$swc' build -o '$tmp/x' '$tmp/args.sw' 2>'$tmp/err'; [ \$? = 3 ] && grep -q 'emit-c' '$tmp/err'"

# make install into a scratch DESTDIR, then use the installed swc from another folder
if make -s install DESTDIR="$tmp/dest" PREFIX=/opt/swc >/dev/null 2>&1; then
    pass=$((pass + 1))
    check "installed swc builds hello" bash -c "cd / && '$tmp/dest/opt/swc/bin/swc' build -o '$tmp/h' '$PWD/examples/hello.sw' && '$tmp/h' | grep -q 'Hello'"
    check "installed layout" test -f "$tmp/dest/opt/swc/lib/swc/sw.h" -a -f "$tmp/dest/opt/swc/lib/swc/libswrt.a" -a -d "$tmp/dest/opt/swc/lib/swc/stdlib/fmt"
else
    fail=$((fail + 1)); echo "FAIL cli: make install"
fi
echo "cli: $pass passed, $fail failed"
[ "$fail" = 0 ]
