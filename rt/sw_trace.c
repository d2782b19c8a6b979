// SPDX-License-Identifier: MIT
/*
 * sw_trace.c — Go-style tracebacks for unrecovered panics (rt/sw_trace.h).
 *
 * Three steps, each allowed to fail:
 *   1. capture: backtrace(3) walks the current stack with the unwinder's
 *      tables (the generated code is -O2, without frame pointers).  A panic
 *      runs on the stack of the coroutine that panicked, so this is its own
 *      stack; the walk ends at sw_co_boot, which has no unwind table.
 *   2. symbolise: the return addresses inside the executable, made relative
 *      to its load address (PIE), go to `addr2line -a -f -i` in a child
 *      process; -i adds the frames the C compiler inlined, innermost first,
 *      as Go shows them.  Without addr2line the raw addresses are printed.
 *   3. print: a frame is shown only when its line is in a .sw file, so the
 *      runtime (the C of rt/), generated helpers (`<swc-generated>`) and libc are
 *      hidden.  C names go back to Go's names through the program's
 *      sw_trace_names table (main.(*T).M, main.main.func1, main.init.0);
 *      without an entry: pkg__F → pkg.F, pkg__T__M → pkg.T.M, a closure
 *      _flN → pkg.funcN; a standard package is named by its directory
 *      under stdlib/.  The physical (not inlined) frame of each
 *      address gets Go's `+0x<offset from the function entry>`, found in the
 *      executable's ELF symbol table.
 *
 * Only static buffers are used: the fatal path may come from a fault.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <link.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "co/co.h"
#include "sw_trace.h"

#define TR_MAX_FRAMES 100

/* ---- output ---------------------------------------------------------------- */

static int out_fd;             /* < 0: into cap_buf (sw_trace_capture) */
static char out_buf[8192];
SW_GC_NOSCAN(out_buf)
static size_t out_len;
static char *cap_buf;          /* malloc'd */
static size_t cap_len, cap_size;

static void out_flush(void)
{
    if (out_fd < 0) {
        if (cap_len + out_len > cap_size) {
            size_t c = cap_size ? cap_size * 2 : 4096;
            while (c < cap_len + out_len) c *= 2;
            char *d = realloc(cap_buf, c);
            if (!d) {
                out_len = 0;
                return;
            }
            cap_buf = d;
            cap_size = c;
        }
        memcpy(cap_buf + cap_len, out_buf, out_len);
        cap_len += out_len;
        out_len = 0;
        return;
    }
    size_t off = 0;
    while (off < out_len) {
        ssize_t w = write(out_fd, out_buf + off, out_len - off);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) break;
        off += (size_t)w;
    }
    out_len = 0;
}

static void out_mem(const char *s, size_t n)
{
    while (n > 0) {
        if (out_len == sizeof out_buf) out_flush();
        size_t k = sizeof out_buf - out_len;
        if (k > n) k = n;
        memcpy(out_buf + out_len, s, k);
        out_len += k;
        s += k;
        n -= k;
    }
}

static void out_str(const char *s) { out_mem(s, strlen(s)); }

static void out_hex(uintptr_t v)
{
    char b[2 + 2 * sizeof v];
    size_t i = sizeof b;
    do {
        b[--i] = "0123456789abcdef"[v & 15];
        v >>= 4;
    } while (v);
    b[--i] = 'x';
    b[--i] = '0';
    out_mem(b + i, sizeof b - i);
}

static void out_dec(uint64_t v)
{
    char b[24];
    size_t i = sizeof b;
    do {
        b[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    out_mem(b + i, sizeof b - i);
}

/* ---- the executable's place in memory ------------------------------------- */

typedef struct {
    uintptr_t bias, lo, hi;   /* load bias (0 unless PIE), mapped range */
} ExeMap;

/* The first object dl_iterate_phdr reports is the executable. */
static int exe_phdr(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    ExeMap *m = data;
    m->bias = (uintptr_t)info->dlpi_addr;
    m->lo = UINTPTR_MAX;
    m->hi = 0;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD) continue;
        uintptr_t a = m->bias + (uintptr_t)ph->p_vaddr;
        if (a < m->lo) m->lo = a;
        if (a + ph->p_memsz > m->hi) m->hi = a + (uintptr_t)ph->p_memsz;
    }
    return 1;
}

/* ---- function entries from the ELF symbol table ---------------------------- */

/* Sets entry[i] to the start of the function holding addr[i] (addresses
 * relative to the executable), 0 when not found. */
static void find_entries(const char *exe, const uintptr_t *addr, uintptr_t *entry, int n)
{
    memset(entry, 0, (size_t)n * sizeof *entry);
    int fd = open(exe, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    ElfW(Ehdr) eh;
    if (pread(fd, &eh, sizeof eh, 0) != (ssize_t)sizeof eh || memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 ||
        eh.e_shentsize != sizeof(ElfW(Shdr)))
        goto done;
    for (int s = 0; s < eh.e_shnum; s++) {
        ElfW(Shdr) sh;
        if (pread(fd, &sh, sizeof sh, (off_t)(eh.e_shoff + (uint64_t)s * sizeof sh)) != (ssize_t)sizeof sh) goto done;
        if (sh.sh_type != SHT_SYMTAB || sh.sh_entsize != sizeof(ElfW(Sym))) continue;
        static ElfW(Sym) syms[256];
        uint64_t total = sh.sh_size / sizeof(ElfW(Sym));
        for (uint64_t k = 0; k < total; k += 256) {
            uint64_t cnt = total - k < 256 ? total - k : 256;
            ssize_t want = (ssize_t)(cnt * sizeof(ElfW(Sym)));
            if (pread(fd, syms, (size_t)want, (off_t)(sh.sh_offset + k * sizeof(ElfW(Sym)))) != want) goto done;
            for (uint64_t j = 0; j < cnt; j++) {
                const ElfW(Sym) *y = &syms[j];
                if (ELF64_ST_TYPE(y->st_info) != STT_FUNC || y->st_size == 0) continue;
                for (int i = 0; i < n; i++)
                    if (addr[i] >= y->st_value && addr[i] < y->st_value + y->st_size) entry[i] = y->st_value;
            }
        }
        break;
    }
done:
    close(fd);
}

/* ---- addr2line ------------------------------------------------------------- */

static char sym_buf[65536];
SW_GC_NOSCAN(sym_buf)

/* Runs `addr2line -a -f -i -e exe addr...`; returns the bytes of its output
 * in sym_buf (NUL-terminated), or -1. */
static ssize_t run_addr2line(const char *exe, const uintptr_t *addr, int n)
{
    static char hex[TR_MAX_FRAMES][2 + 2 * sizeof(uintptr_t) + 1];
    char *argv[TR_MAX_FRAMES + 8];
    int a = 0;
    argv[a++] = "addr2line";
    argv[a++] = "-a";
    argv[a++] = "-f";
    argv[a++] = "-i";
    argv[a++] = "-e";
    argv[a++] = (char *)exe;
    for (int i = 0; i < n; i++) {
        char *h = hex[i];
        uintptr_t v = addr[i];
        char tmp[2 * sizeof v];
        size_t k = 0;
        do {
            tmp[k++] = "0123456789abcdef"[v & 15];
            v >>= 4;
        } while (v);
        *h++ = '0';
        *h++ = 'x';
        while (k) *h++ = tmp[--k];
        *h = 0;
        argv[a++] = hex[i];
    }
    argv[a] = NULL;

    int p[2];
    if (pipe(p) < 0) return -1;
    pid_t pid = fork();
    if (pid < 0) {
        close(p[0]);
        close(p[1]);
        return -1;
    }
    if (pid == 0) {
        dup2(p[1], 1);
        close(p[0]);
        close(p[1]);
        int nul = open("/dev/null", O_WRONLY);
        if (nul >= 0) dup2(nul, 2);
        execvp(argv[0], argv);
        _exit(127);
    }
    close(p[1]);
    size_t len = 0;
    for (;;) {
        if (len == sizeof sym_buf - 1) break;
        ssize_t r = read(p[0], sym_buf + len, sizeof sym_buf - 1 - len);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        len += (size_t)r;
    }
    close(p[0]);
    int st = 0;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR) return -1;
    sym_buf[len] = 0;
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0 || len == 0) return -1;
    return (ssize_t)len;
}

/* ---- Sw names -------------------------------------------------------------- */

static bool has_suffix(const char *s, size_t n, const char *suf)
{
    size_t k = strlen(suf);
    return n >= k && memcmp(s + n - k, suf, k) == 0;
}

/* The package of a frame: the directory under stdlib/ for a standard
 * package, else the C name's prefix (cg_pkg_cname; "main" for main). */
static void out_pkg(const char *file, size_t flen, const char *cpkg, size_t clen)
{
    const char *std = NULL;
    for (const char *s = file; s + 8 <= file + flen; s++)
        if (memcmp(s, "/stdlib/", 8) == 0) std = s + 8;
    if (std) {
        const char *slash = NULL;
        for (const char *s = std; s < file + flen; s++)
            if (*s == '/') slash = s;
        if (slash && slash > std) {
            out_mem(std, (size_t)(slash - std));
            return;
        }
    }
    out_mem(cpkg, clen);
}

/* The generated program's table of {C name, Go name} pairs, ending with
 * NULLs (compiler/cg.c): Go's names of methods with pointer receivers
 * (pkg.(*T).M), closures (pkg.F.func1, pkg.F.func1.2, pkg.glob..func1) and
 * init functions.  Weak: the runtime's own tests have no table. */
extern const char *const sw_trace_names[] __attribute__((weak));

static bool out_table_name(const char *fn, size_t n)
{
    if (!sw_trace_names) return false;
    for (const char *const *p = sw_trace_names; p[0]; p += 2)
        if (strlen(p[0]) == n && memcmp(p[0], fn, n) == 0) {
            out_str(p[1]);
            return true;
        }
    return false;
}

/* Prints the Sw name of C function fn[0..n) (see the file comment). */
static void out_func(const char *fn, size_t n, const char *file, size_t flen)
{
    if (out_table_name(fn, n)) return;
    if (n > 3 && memcmp(fn, "_fl", 3) == 0) {
        out_pkg(file, flen, "main", 4);
        out_str(".func");
        out_mem(fn + 3, n - 3);
        return;
    }
    const char *sep = NULL;
    for (size_t i = 1; i + 2 < n; i++)
        if (fn[i] == '_' && fn[i + 1] == '_') {
            sep = fn + i;
            break;
        }
    if (!sep) {
        out_mem(fn, n);
        return;
    }
    out_pkg(file, flen, fn, (size_t)(sep - fn));
    out_mem(".", 1);
    const char *rest = sep + 2;
    size_t rn = n - (size_t)(rest - fn);
    if (rn > 5 && memcmp(rest, "init_", 5) == 0) {
        out_str("init.");
        out_mem(rest + 5, rn - 5);
        return;
    }
    for (size_t i = 1; i + 2 < rn; i++)
        if (rest[i] == '_' && rest[i + 1] == '_') {
            out_mem(rest, i);
            out_mem(".", 1);
            out_mem(rest + i + 2, rn - i - 2);
            return;
        }
    out_mem(rest, rn);
}

/* ---- the traceback --------------------------------------------------------- */

static const char *next_line(const char *p, size_t *n)
{
    const char *e = strchr(p, '\n');
    if (!e) e = p + strlen(p);
    *n = (size_t)(e - p);
    return *e ? e + 1 : e;
}

/* Prints the frames of addr2line's output; pc/entry index by address.
 * Frames of the C function named skip (may be NULL) are left out. */
static void print_frames(const uintptr_t *pc, const uintptr_t *entry, int n, const char *skip)
{
    const char *p = sym_buf;
    int k = -1;
    while (*p) {
        size_t ln;
        const char *line = p;
        p = next_line(p, &ln);
        if (ln > 2 && line[0] == '0' && line[1] == 'x') {
            k++;
            continue;
        }
        if (k < 0 || k >= n || !*p) break;
        size_t fl;
        const char *file = p;
        p = next_line(p, &fl);
        /* "file:line (discriminator N)" */
        for (size_t i = 0; i < fl; i++)
            if (file[i] == ' ') {
                fl = i;
                break;
            }
        size_t colon = fl;
        while (colon > 0 && file[colon - 1] != ':') colon--;
        if (colon == 0 || !has_suffix(file, colon - 1, ".sw")) continue;
        /* generated thunks (_dtN defer, _gtN go, _mwN method wrappers...)
         * carry the line of their statement: Go has no such frames */
        if (line[0] == '_' && !(ln > 3 && memcmp(line, "_fl", 3) == 0)) continue;
        if (skip && ln == strlen(skip) && memcmp(line, skip, ln) == 0) continue;
        /* The physical frame is the last of its address's group. */
        bool last = !*p || (p[0] == '0' && p[1] == 'x');
        out_func(line, ln, file, colon - 1);
        bool noargs = (ln == 10 && memcmp(line, "main__main", 10) == 0) || strstr(line, "__init") != NULL;
        out_str(noargs ? "()\n\t" : "(...)\n\t");
        out_mem(file, fl);
        if (last && entry[k]) {
            out_str(" +");
            out_hex(pc[k] - entry[k]);
        }
        out_str("\n");
    }
}

/* Symbolises and prints the return addresses raw[0..nraw) (see the file
 * comment); frames of the C function skip are left out. */
static void print_stack(void *const *raw, int nraw, const char *skip)
{
    static uintptr_t pc[TR_MAX_FRAMES], rel[TR_MAX_FRAMES], entry[TR_MAX_FRAMES];
    ExeMap m = {0};
    dl_iterate_phdr(exe_phdr, &m);
    int n = 0;
    for (int i = 0; i < nraw && n < TR_MAX_FRAMES; i++) {
        uintptr_t a = (uintptr_t)raw[i];
        if (a < m.lo || a >= m.hi) continue;
        pc[n] = a - m.bias;
        rel[n] = pc[n] - 1;   /* a return address: the call is just before it */
        n++;
    }
    if (n == 0) return;

    char exe[32] = "/proc/self/exe";
    {   /* the child's /proc/self is addr2line itself: name ours by pid */
        char *s = exe + 6;
        uint64_t v = (uint64_t)getpid();
        char d[24];
        size_t k = 0;
        do {
            d[k++] = (char)('0' + v % 10);
            v /= 10;
        } while (v);
        while (k) *s++ = d[--k];
        memcpy(s, "/exe", 5);
    }
    if (run_addr2line(exe, rel, n) < 0) {
        out_str("(addr2line failed or is missing: addresses relative to the executable follow)\n");
        for (int i = 0; i < n; i++) {
            out_str("\t");
            out_hex(pc[i]);
            out_str("\n");
        }
        out_flush();
        return;
    }
    find_entries(exe, rel, entry, n);
    print_frames(pc, entry, n, skip);
    out_flush();
}

void sw_trace_print(int fd)
{
    static int busy;
    const char *mode = getenv("SWC_TRACEBACK");
    if (mode && strcmp(mode, "none") == 0) return;
    out_fd = fd;
    out_len = 0;
    /* the coroutine's id, as co.ID() says: main is 0 (Go would say 1) */
    int64_t id = sw_co_id();
    out_str("\ngoroutine ");
    out_dec(id > 0 ? (uint64_t)id : 0);
    out_str(" [running]:\n");
    out_flush();
    if (busy++) return;   /* a fault while tracing */

    static void *raw[TR_MAX_FRAMES];
    int nraw = backtrace(raw, TR_MAX_FRAMES);
    print_stack(raw + 1, nraw - 1, NULL);   /* raw[0] is this function */
}

char *sw_trace_capture(int64_t id, const char *status, void *const *pcs, int n, const char *skip,
                       size_t *len)
{
    out_fd = -1;
    out_len = 0;
    cap_buf = NULL;
    cap_len = cap_size = 0;
    out_str("goroutine ");
    out_dec((uint64_t)id);
    out_str(" [");
    out_str(status);
    out_str("]:\n");
    print_stack(pcs, n, skip);
    out_flush();
    char *r = cap_buf;
    *len = cap_len;
    cap_buf = NULL;
    cap_len = cap_size = 0;
    return r;
}
