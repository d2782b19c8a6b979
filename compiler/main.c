// SPDX-License-Identifier: MIT
/*
 * main.c — the swc driver: command line, package loading, and the C compiler
 * run that turns the generated C into a program.
 *
 *     swc build [-o OUT] [-emit-c] FILE.sw|DIR
 *     swc FILE.sw -o OUT
 *     swc run FILE.sw|DIR [args...]
 *     swc version | help
 *
 * The runtime (sw.h, libswrt.a) and the standard packages are found relative
 * to the swc executable: <bin>/../lib/swc/ after `make install`, or the source
 * tree's rt/, build/ and stdlib/ when run as bin/swc from a checkout.
 * SWC_RTLIB=FILE links another build of libswrt.a instead.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ast.h"

#ifndef SWC_VERSION
#define SWC_VERSION "0.1.0"
#endif

typedef struct Layout {
    char include[PATH_MAX];   /* folder holding sw.h */
    char lib[PATH_MAX];       /* path of libswrt.a */
    char stdlib[PATH_MAX];    /* folder holding the standard packages */
} Layout;

static Layout layout;
static Package **pkgs;
static int npkgs, cappkgs;

static bool is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Finds the runtime and stdlib next to the executable. */
static bool find_layout(void)
{
    char exe[PATH_MAX - 64];
    const char *root = getenv("SWC_ROOT");
    if (root && *root) {
        snprintf(exe, sizeof exe, "%s/bin/swc", root);
    } else {
        ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
        if (n <= 0) return false;
        exe[n] = 0;
    }
    char *slash = strrchr(exe, '/');
    if (!slash) return false;
    *slash = 0;     /* exe is now the bin folder */
    Layout l;
    snprintf(l.include, sizeof l.include, "%s/../lib/swc", exe);
    snprintf(l.lib, sizeof l.lib, "%s/../lib/swc/libswrt.a", exe);
    snprintf(l.stdlib, sizeof l.stdlib, "%s/../lib/swc/stdlib", exe);
    char probe[PATH_MAX + 8];
    snprintf(probe, sizeof probe, "%s/sw.h", l.include);
    if (!is_file(probe)) {
        snprintf(l.include, sizeof l.include, "%s/../rt", exe);
        snprintf(l.lib, sizeof l.lib, "%s/../build/libswrt.a", exe);
        snprintf(l.stdlib, sizeof l.stdlib, "%s/../stdlib", exe);
        snprintf(probe, sizeof probe, "%s/sw.h", l.include);
        if (!is_file(probe)) return false;
    }
    /* Another build of the runtime (e.g. the ucontext one of `make rt-uc`). */
    const char *rtlib = getenv("SWC_RTLIB");
    if (rtlib && *rtlib) {
        if (!is_file(rtlib)) {
            fprintf(stderr, "swc: SWC_RTLIB=%s: no such file\n", rtlib);
            exit(2);
        }
        snprintf(l.lib, sizeof l.lib, "%s", rtlib);
    }
    layout = l;
    return true;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    for (;;) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n < cap) break;
        cap *= 2;
        buf = realloc(buf, cap + 1);
    }
    bool err = ferror(f);
    fclose(f);
    if (err) {
        free(buf);
        return NULL;
    }
    buf[n] = 0;
    *len = n;
    return buf;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The .sw files of a folder, sorted by name. */
static int list_sources(const char *dir, char ***out)
{
    DIR *d = opendir(dir);
    if (!d) return -1;
    char **v = NULL;
    int n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 4 || strcmp(e->d_name + len - 3, ".sw") || e->d_name[0] == '.') continue;
        if (len > 8 && !strcmp(e->d_name + len - 8, "_test.sw")) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            v = realloc(v, (size_t)cap * sizeof *v);
        }
        v[n++] = arena_printf("%s/%s", dir, e->d_name);
    }
    closedir(d);
    qsort(v, (size_t)n, sizeof *v, cmp_str);
    *out = v;
    return n;
}

static Package *find_package(const char *path)
{
    for (int i = 0; i < npkgs; i++)
        if (!strcmp(pkgs[i]->path, path)) return pkgs[i];
    return NULL;
}

static Node *parse_path(const char *path, Pos from)
{
    size_t len;
    char *src = read_file(path, &len);
    if (!src) {
        diag_error(from, "cannot read %s: %s", path, strerror(errno));
        return NULL;
    }
    if (memchr(src, 0, len)) {
        int f = diag_add_file(path, src, len);
        diag_error((Pos){f, 1, 1}, "invalid NUL character in source file");
        return NULL;
    }
    return parse_file(path, src, len);
}

static char *c_name_of(const char *path)
{
    char *s = arena_strdup(path);
    for (char *p = s; *p; p++)
        if (*p == '/' || *p == '.' || *p == '-') *p = '_';
    return s;
}

/*
 * Loads package `path` (and, first, everything it imports), appending it to
 * pkgs after its dependencies.  `files` lists its sources.  While its imports
 * load, ninit_funcs is -1, which is how an import cycle is recognised.
 */
static Package *load_package(const char *path, char **files, int nfiles, Pos from, int depth);

static Package *load_import(const char *path, Pos from, int depth)
{
    Package *p = find_package(path);
    if (p) {
        if (p->ninit_funcs == -1) {      /* still loading: we came back to it */
            diag_error(from, "import cycle not allowed: %s", path);
            return NULL;
        }
        return p;
    }
    if (!strcmp(path, "main") || path[0] == '/' || path[0] == '.' || strstr(path, "..")) {
        diag_error(from, "invalid import path \"%s\"", path);
        return NULL;
    }
    char dir[PATH_MAX + 256];
    snprintf(dir, sizeof dir, "%s/%s", layout.stdlib, path);
    char **files;
    int n = is_dir(dir) ? list_sources(dir, &files) : -1;
    if (n <= 0) {
        diag_error(from, "package %s is not in the standard library", path);
        return NULL;
    }
    return load_package(path, files, n, from, depth + 1);
}

static Package *load_package(const char *path, char **files, int nfiles, Pos from, int depth)
{
    if (depth > 100) {
        diag_error(from, "imports nested too deeply");
        return NULL;
    }
    Package *p = arena_alloc(sizeof *p);
    p->path = arena_strdup(path);
    p->cname = c_name_of(path);
    p->ninit_funcs = -1;      /* "being loaded": cycle detection */
    bool ok = true;
    for (int i = 0; i < nfiles; i++) {
        Node *f = parse_path(files[i], from);
        if (!f) {
            ok = false;
            continue;
        }
        if (!p->name) {
            p->name = f->name ? f->name->str : "main";
        } else if (f->name && strcmp(f->name->str, p->name)) {
            diag_error(f->name->pos, "package %s; expected package %s", f->name->str, p->name);
            ok = false;
        }
        list_push(&p->files, f);
    }
    if (!ok) return NULL;
    /* mark as loading while its imports load */
    if (npkgs == cappkgs) {
        cappkgs = cappkgs ? cappkgs * 2 : 16;
        pkgs = realloc(pkgs, (size_t)cappkgs * sizeof *pkgs);
    }
    int slot = npkgs;
    pkgs[npkgs++] = p;
    for (int i = 0; i < p->files.len; i++) {
        Node *f = p->files.v[i];
        for (int j = 0; j < f->imports.len; j++) {
            Node *imp = f->imports.v[j];
            if (!imp->lit) continue;
            Package *q = load_import(imp->lit, imp->pos, depth);
            if (!q) {
                ok = false;
                continue;
            }
            bool seen = false;
            for (int k = 0; k < p->nimports; k++) seen |= p->imports[k] == q;
            if (!seen) {
                Package **v = arena_alloc((size_t)(p->nimports + 1) * sizeof *v);
                if (p->nimports) memcpy(v, p->imports, (size_t)p->nimports * sizeof *v);
                v[p->nimports++] = q;
                p->imports = v;
            }
        }
    }
    /* move p after its dependencies: dependencies were appended after slot */
    memmove(&pkgs[slot], &pkgs[slot + 1], (size_t)(npkgs - slot - 1) * sizeof *pkgs);
    pkgs[npkgs - 1] = p;
    p->ninit_funcs = 0;
    return ok ? p : NULL;
}

static bool has_suffix(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && !strcmp(s + a - b, suf);
}

/* Parses and checks the program rooted at `target` (a .sw file or a folder). */
static bool front_end(const char *target)
{
    char **files;
    int n;
    if (is_dir(target)) {
        n = list_sources(target, &files);
        if (n <= 0) {
            fprintf(stderr, "swc: no .sw files in %s\n", target);
            return false;
        }
    } else if (is_file(target)) {
        files = arena_alloc(sizeof *files);
        files[0] = arena_strdup(target);
        n = 1;
    } else {
        fprintf(stderr, "swc: %s: no such file or directory\n", target);
        return false;
    }
    types_init();
    Package *main_pkg = load_package("main", files, n, (Pos){0, 0, 0}, 0);
    if (!main_pkg || diag_count()) return false;
    if (strcmp(main_pkg->name, "main")) {
        Node *f = main_pkg->files.v[0];
        diag_error(f->name ? f->name->pos : f->pos,
                   "package %s is not a main package: a program must be package main", main_pkg->name);
        return false;
    }
    return check_program(pkgs, npkgs) && diag_count() == 0;
}

static int run_wait(char **argv, bool quiet_stdout, const char *capture)
{
    pid_t pid = fork();
    if (pid < 0) {
        perror("swc: fork");
        return -1;
    }
    if (pid == 0) {
        if (capture) {
            FILE *f = freopen(capture, "w", stderr);
            (void)f;
            if (quiet_stdout) dup2(2, 1);
        }
        execvp(argv[0], argv);
        fprintf(stderr, "swc: cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR) return -1;
    if (WIFEXITED(st)) return WEXITSTATUS(st);
    return 128 + WTERMSIG(st);
}

static char tmpdir[64];

static void cleanup_tmp(void)
{
    if (!tmpdir[0]) return;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) { /* nothing more to do */ }
}

static const char *make_tmpdir(void)
{
    if (tmpdir[0]) return tmpdir;
    const char *base = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/swc-XXXXXX", base && strlen(base) < 40 ? base : "/tmp");
    if (!mkdtemp(tmpdir)) {
        perror("swc: mkdtemp");
        exit(1);
    }
    atexit(cleanup_tmp);
    return tmpdir;
}

/* Writes the C of the checked program to path. */
static bool emit_c(const char *path)
{
    FILE *out = fopen(path, "w");
    if (!out) {
        fprintf(stderr, "swc: cannot write %s: %s\n", path, strerror(errno));
        return false;
    }
    bool ok = cg_program(pkgs, npkgs, out);
    if (fclose(out) != 0) ok = false;
    return ok;
}

/* Compiles C file `c` to executable `exe` with the system compiler. */
static bool compile_c(const char *c, const char *exe, const char *target)
{
    const char *cc = getenv("CC");
    if (!cc || !*cc) cc = "cc";
    const char *extra = getenv("SWC_CFLAGS");
    char inc[PATH_MAX + 4];
    snprintf(inc, sizeof inc, "-I%s", layout.include);
    char *argv[64];
    int n = 0;
    argv[n++] = (char *)cc;
    argv[n++] = "-std=gnu11";
    argv[n++] = "-O2";
    /* Line tables (with inlined frames) for panic tracebacks (rt/sw_trace.c):
     * the C carries #line directives to the .sw files.  About +4% C compile
     * time and +3% executable size on bench/compile/big.sw; -g costs +35%.
     * DWARF 4: addr2line 2.40 misnames the file of inlined frames in DWARF 5. */
    argv[n++] = "-g1";
    argv[n++] = "-gdwarf-4";
    argv[n++] = "-fwrapv";
    argv[n++] = "-fno-strict-aliasing";
    /* Every Sw call keeps its frame, as in Go, for tracebacks and
     * co.Backtrace: no tail calls (the caller of a call in tail position
     * would vanish) and no partial inlining (a function's split-off part
     * would show as a second frame of the same function). */
    argv[n++] = "-fno-optimize-sibling-calls";
    argv[n++] = "-fno-partial-inlining";
    argv[n++] = "-w";
    argv[n++] = inc;
    char *extra_copy = extra ? strdup(extra) : NULL;
    for (char *tok = extra_copy ? strtok(extra_copy, " ") : NULL; tok && n < 40; tok = strtok(NULL, " "))
        argv[n++] = tok;
    argv[n++] = "-o";
    argv[n++] = (char *)exe;
    argv[n++] = (char *)c;
    argv[n++] = layout.lib;
    /* Only the libraries the program's runtime objects use stay linked
     * (OpenSSL and zlib serve the server packages). */
    argv[n++] = "-Wl,--as-needed";
    argv[n++] = "-lgc";
    argv[n++] = "-lm";
    argv[n++] = "-lpthread";
    argv[n++] = "-lssl";
    argv[n++] = "-lcrypto";
    argv[n++] = "-lz";
    argv[n] = NULL;
    char log[128];
    snprintf(log, sizeof log, "%s/cc.log", make_tmpdir());
    int rc = run_wait(argv, true, log);
    if (rc != 0) {
        fprintf(stderr,
                "swc: internal error: the generated C for %s did not compile (a bug in swc).\n"
                "     See it with: swc build -emit-c %s -o out.c\n     The C compiler said:\n",
                target, target);
        size_t len;
        char *text = read_file(log, &len);
        if (text) {
            /* the first lines are enough to report the bug */
            int lines = 0;
            for (char *p = text; *p && lines < 20; p++) {
                fputc(*p, stderr);
                if (*p == '\n') lines++;
            }
        }
        return false;
    }
    return true;
}

static char *default_output(const char *target)
{
    char *t = arena_strdup(target);
    size_t len = strlen(t);
    while (len > 1 && t[len - 1] == '/') t[--len] = 0;
    char *base = strrchr(t, '/');
    base = base ? base + 1 : t;
    if (has_suffix(base, ".sw")) base[strlen(base) - 3] = 0;
    if (!*base || !strcmp(base, ".") || !strcmp(base, "..")) base = "a.out";
    return base;
}

static void usage(FILE *f)
{
    fputs("usage:\n"
          "  swc build [-o OUT] [-emit-c] FILE.sw|DIR   compile a program\n"
          "  swc FILE.sw [-o OUT]                       same as build\n"
          "  swc run FILE.sw|DIR [args...]              compile to a temporary file and run it\n"
          "  swc version                                print the version\n"
          "  swc help                                   print this help\n"
          "Environment: CC (C compiler, default cc), SWC_CFLAGS (extra C flags).\n",
          f);
}

static int cmd_build(int argc, char **argv)
{
    const char *out = NULL, *target = NULL;
    bool emit = false;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "-o")) {
            if (++i >= argc) {
                fprintf(stderr, "swc: -o needs a file name\n");
                return 2;
            }
            out = argv[i];
        } else if (!strcmp(argv[i], "-emit-c") || !strcmp(argv[i], "--emit-c")) {
            emit = true;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "swc: unknown option %s\n", argv[i]);
            usage(stderr);
            return 2;
        } else if (target) {
            fprintf(stderr, "swc: more than one program given (%s and %s)\n", target, argv[i]);
            return 2;
        } else {
            target = argv[i];
        }
    }
    if (!target) {
        fprintf(stderr, "swc: no program given\n");
        usage(stderr);
        return 2;
    }
    if (!out) out = emit ? arena_printf("%s.c", default_output(target)) : default_output(target);
    if (!front_end(target)) return 1;
    if (emit) return emit_c(out) ? 0 : 3;
    char c[128];
    snprintf(c, sizeof c, "%s/main.c", make_tmpdir());
    if (!emit_c(c)) return 3;
    return compile_c(c, out, target) ? 0 : 3;
}

static int cmd_run(int argc, char **argv)
{
    if (argc < 1) {
        fprintf(stderr, "swc: run needs a program\n");
        return 2;
    }
    const char *target = argv[0];
    if (!front_end(target)) return 1;
    char c[128], exe[128];
    snprintf(c, sizeof c, "%s/main.c", make_tmpdir());
    snprintf(exe, sizeof exe, "%s/%s", make_tmpdir(), default_output(target));
    if (!emit_c(c) || !compile_c(c, exe, target)) return 3;
    argv[0] = exe;
    fflush(stdout);
    int rc = run_wait(argv, false, NULL);
    return rc < 0 ? 1 : rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "version") || !strcmp(cmd, "--version") || !strcmp(cmd, "-v")) {
        printf("swc version %s\n", SWC_VERSION);
        return 0;
    }
    if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
        usage(stdout);
        return 0;
    }
    if (!find_layout()) {
        fprintf(stderr, "swc: cannot find the runtime (sw.h) next to the swc executable\n");
        return 2;
    }
    if (!strcmp(cmd, "build")) return cmd_build(argc - 2, argv + 2);
    if (!strcmp(cmd, "run")) return cmd_run(argc - 2, argv + 2);
    if (has_suffix(cmd, ".sw") || is_dir(cmd)) return cmd_build(argc - 1, argv + 1);
    fprintf(stderr, "swc: unknown command %s\n", cmd);
    usage(stderr);
    return 2;
}
