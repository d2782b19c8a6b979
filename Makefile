# SPDX-License-Identifier: MIT
# swc: the Sw compiler (bin/swc), its runtime (build/libswrt.a) and stdlib.
# `make` builds, `make test` runs every test, `make demo` runs examples/hello.sw.

CC      ?= cc
PREFIX  ?= /usr/local
DESTDIR ?=
B       := build
WARN    := -Wall -Wextra -Wshadow -Wmissing-prototypes -Wstrict-prototypes
CFLAGS  ?= -O2 -g
ALL_CFLAGS := -std=gnu11 $(WARN) $(CFLAGS)
RT_CFLAGS  := -std=gnu11 $(WARN) -fwrapv -fno-strict-aliasing $(CFLAGS)

# Debian packages the build and the tests need (DESIGN §4); `make deps` installs the missing ones.
DEPS_BUILD := gcc make binutils re2c bison libgc-dev libssl-dev zlib1g-dev
DEPS_TEST  := golang-go golang-1.19-src python3 gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user \
              curl wrk nginx apache2-utils netcat-openbsd openssl
DEPS       := $(DEPS_BUILD) $(DEPS_TEST)

COMPILER_SRC := compiler/arena.c compiler/diag.c compiler/ast.c compiler/astdump.c \
                compiler/types.c compiler/scope.c compiler/bigint.c $(sort $(wildcard compiler/check*.c)) \
                $(sort $(wildcard compiler/cg*.c)) compiler/main.c
COMPILER_OBJ := $(COMPILER_SRC:%.c=$(B)/%.o) $(B)/lexer.o $(B)/parser.o
RT_SRC       := $(sort $(wildcard rt/*.c)) $(sort $(wildcard rt/co/*.c)) $(sort $(wildcard rt/net/*.c)) \
                $(sort $(wildcard rt/ipc/*.c))
RT_ASM       := $(sort $(wildcard rt/co/*.S))
RT_OBJ       := $(RT_SRC:%.c=$(B)/%.o) $(RT_ASM:%.S=$(B)/%.o)
# The HTTP/1 request parser is re2c source; its C goes to the build directory.
RT_OBJ       += $(B)/rt/net/http_parse.o
# Coroutine context switch: asm (default) or `make CO_SWITCH=ucontext` (after `make clean`).
ifeq ($(CO_SWITCH),ucontext)
RT_CFLAGS += -DSW_CO_UCONTEXT
endif

.PHONY: all deps test bench bench-co install uninstall clean demo conformance rt-uc

all: deps bin/swc $(B)/libswrt.a

# deps: idempotent; installs what is missing when root, else prints the command and fails.
deps:
	@missing=""; for p in $(DEPS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "deps: installing$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
	  else \
	    echo "deps: missing packages; run: sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

$(B)/lexer.c: grammar/lexer.re $(B)/parser.h
	@mkdir -p $(B)
	re2c -W --no-generation-date -o $@ $<

$(B)/parser.c $(B)/parser.h: grammar/parser.y
	@mkdir -p $(B)
	bison -Wall -o $(B)/parser.c --header=$(B)/parser.h $<

$(B)/lexer.o: $(B)/lexer.c compiler/ast.h
	$(CC) -std=gnu11 $(CFLAGS) -Icompiler -I$(B) -Igrammar -c -o $@ $<

$(B)/parser.o: $(B)/parser.c compiler/ast.h
	$(CC) -std=gnu11 $(CFLAGS) -Icompiler -I$(B) -Igrammar -c -o $@ $<

$(B)/compiler/%.o: compiler/%.c $(wildcard compiler/*.h) $(B)/parser.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Icompiler -I$(B) -c -o $@ $<

bin/swc: $(COMPILER_OBJ)
	@mkdir -p bin
	$(CC) $(CFLAGS) -o $@ $^

$(B)/rt/%.o: rt/%.c $(wildcard rt/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(RT_CFLAGS) -Irt -c -o $@ $<

$(B)/rt/co/%.o: rt/co/%.c $(wildcard rt/*.h rt/co/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(RT_CFLAGS) -Irt -c -o $@ $<

$(B)/rt/net/%.o: rt/net/%.c $(wildcard rt/*.h rt/co/*.h rt/net/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(RT_CFLAGS) -Irt -Irt/co -Irt/net -c -o $@ $<

$(B)/rt/net/http_parse.c: rt/net/http_parse.re
	@mkdir -p $(dir $@)
	re2c -W --no-generation-date -o $@ $<

$(B)/rt/net/http_parse.o: $(B)/rt/net/http_parse.c rt/net/http_parse.h
	$(CC) $(RT_CFLAGS) -Irt -Irt/net -c -o $@ $<

$(B)/rt/ipc/%.o: rt/ipc/%.c $(wildcard rt/*.h rt/ipc/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(RT_CFLAGS) -Irt -Irt/ipc -c -o $@ $<

$(B)/rt/co/%.o: rt/co/%.S rt/co/co_arch.h
	@mkdir -p $(dir $@)
	$(CC) $(RT_CFLAGS) -Irt -c -o $@ $<

$(B)/libswrt.a: $(RT_OBJ)
	@rm -f $@
	ar rcs $@ $^

# The runtime again with the ucontext switch, in $(B)/uc/ (tests/uc runs the golden suite with it
# through SWC_RTLIB).
rt-uc:
	@$(MAKE) --no-print-directory B=$(B)/uc CO_SWITCH=ucontext $(B)/uc/libswrt.a

demo: all
	bin/swc build examples/hello.sw -o $(B)/hello
	$(B)/hello

test: all
	@tests/run.sh

bench: all
	@bench/run.sh

# The coroutine runtime's part of the bench (bench/run.py may call it too).
bench-co: all
	@bench/co/run.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/swc
	install -m 755 bin/swc $(DESTDIR)$(PREFIX)/bin/swc
	install -m 644 rt/sw.h $(B)/libswrt.a $(DESTDIR)$(PREFIX)/lib/swc/
	rm -rf $(DESTDIR)$(PREFIX)/lib/swc/stdlib
	cp -R stdlib $(DESTDIR)$(PREFIX)/lib/swc/stdlib

uninstall:
	rm -rf $(DESTDIR)$(PREFIX)/bin/swc $(DESTDIR)$(PREFIX)/lib/swc

clean:
	rm -rf $(B) bin

# Go's own `// run` test programs through swc (a report, not a pass/fail gate: most use features
# Sw does not have yet).
conformance: all
	@python3 tests/conformance/gotest.py
