// SPDX-License-Identifier: MIT
/*
 * sw_copkg.c — the C side of stdlib/co (Swoole's Coroutine class): ids,
 * yield/resume, stats, the per-coroutine context slot, limits, and the
 * blocking helpers (Exec, ReadFile, WriteFile) that run on the runtime's
 * thread pool while the calling coroutine is suspended.  Pool work touches
 * only malloc'd memory (the collector does not know pool threads); results
 * are copied into GC memory back on the scheduler thread.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "co/co.h"
#include "sw_lib.h"
#include "sw_trace.h"

int64_t sw_copkg_id(void) { return sw_co_id(); }
void sw_copkg_yield(void) { sw_co_yield(); }
bool sw_copkg_resume(int64_t id) { return sw_co_resume(id); }
void sw_copkg_set_stack_size(int64_t n) { sw_co_set_stack_size(n); }
void sw_copkg_set_max(int64_t n) { sw_co_set_max(n); }

/* out points at the package's rawStats struct: ten int64 fields in
 * SwCoStats's order. */
void sw_copkg_stats(SwCoStats *out)
{
    sw_co_stats(out);
}

SwSlice sw_copkg_list(void)
{
    int64_t n = sw_co_list(NULL, 0);
    for (;;) {
        int64_t *ids = sw_alloc_noscan((size_t)(n > 0 ? n : 1) * sizeof(int64_t));
        int64_t m = sw_co_list(ids, n);
        if (m <= n)
            return (SwSlice){ids, m, n};
        n = m;
    }
}

/* The coroutine's co.Context map lives in its sw_co_local slot (GC-scanned,
 * cleared when the coroutine ends); the Sw side creates it on demand. */
void **sw_copkg_context_slot(void)
{
    return sw_co_local();
}

SwString sw_copkg_status(int64_t id)
{
    const char *s = sw_co_status(id);
    if (!s)
        return (SwString){NULL, 0};
    return (SwString){(const uint8_t *)s, (int64_t)strlen(s)};
}

/* co.Backtrace: the traceback layout of rt/sw_trace.c, headed by the
 * coroutine's id and status; "" when there is no such coroutine.  The
 * current coroutine's own frames start at its caller of co.Backtrace. */
SwString sw_copkg_backtrace(int64_t id)
{
    void *pcs[100];
    const char *status = NULL;
    int n = sw_co_backtrace(id, pcs, 100, &status);
    if (n < 0)
        return (SwString){NULL, 0};
    size_t len = 0;
    char *text = sw_trace_capture(id, status, pcs, n, "co__Backtrace", &len);
    if (!text)
        return (SwString){NULL, 0};
    uint8_t *d = sw_alloc_noscan(len ? len : 1);
    memcpy(d, text, len);
    free(text);
    return (SwString){d, (int64_t)len};
}

/* ---- blocking work on the pool ------------------------------------------------ */

typedef struct PoolJob {
    char *path;           /* command or file name (malloc'd, NUL-terminated) */
    char *data;           /* in: bytes to write; out: bytes read (malloc'd) */
    size_t len;
    int flags;            /* WriteFile: O_APPEND or 0 */
    int status;           /* Exec: exit status; files: 0 or errno */
} PoolJob;

static char *cstr(SwString s)
{
    char *p = malloc((size_t)s.len + 1);
    if (!p)
        abort();
    if (s.len)
        memcpy(p, s.ptr, (size_t)s.len);
    p[s.len] = 0;
    return p;
}

static void buf_add(PoolJob *j, size_t *cap, const char *b, size_t n)
{
    if (j->len + n > *cap) {
        size_t c = *cap ? *cap * 2 : 4096;
        while (c < j->len + n)
            c *= 2;
        char *d = realloc(j->data, c);
        if (!d)
            abort();
        j->data = d;
        *cap = c;
    }
    memcpy(j->data + j->len, b, n);
    j->len += n;
}

static void exec_work(void *arg)
{
    PoolJob *j = arg;
    size_t cap = 0;
    FILE *p = popen(j->path, "r");
    if (!p) {
        j->status = -1;
        return;
    }
    char b[4096];
    size_t n;
    while ((n = fread(b, 1, sizeof b, p)) > 0)
        buf_add(j, &cap, b, n);
    int st = pclose(p);
    j->status = st == -1 ? -1 : WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static SwString take_string(PoolJob *j)
{
    SwString s = {NULL, (int64_t)j->len};
    if (j->len) {
        uint8_t *d = sw_alloc_noscan(j->len);
        memcpy(d, j->data, j->len);
        s.ptr = d;
    }
    free(j->data);
    free(j->path);
    return s;
}

SwString sw_copkg_exec(SwString cmd, int64_t *status)
{
    PoolJob j = {.path = cstr(cmd)};
    sw_pool_run(exec_work, &j);
    *status = j.status;
    return take_string(&j);
}

static void read_work(void *arg)
{
    PoolJob *j = arg;
    size_t cap = 0;
    int fd = open(j->path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        j->status = errno;
        return;
    }
    char b[65536];
    for (;;) {
        ssize_t n = read(fd, b, sizeof b);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            j->status = errno;
            break;
        }
        if (n == 0)
            break;
        buf_add(j, &cap, b, (size_t)n);
    }
    close(fd);
}

/* *err gets 0 or the errno; see sw_copkg_strerror. */
SwString sw_copkg_read_file(SwString name, int64_t *err)
{
    PoolJob j = {.path = cstr(name)};
    sw_pool_run(read_work, &j);
    *err = j.status;
    return take_string(&j);
}

static void write_work(void *arg)
{
    PoolJob *j = arg;
    int fd = open(j->path, O_WRONLY | O_CREAT | O_CLOEXEC | (j->flags ? O_APPEND : O_TRUNC), 0644);
    if (fd < 0) {
        j->status = errno;
        return;
    }
    size_t done = 0;
    while (done < j->len) {
        ssize_t n = write(fd, j->data + done, j->len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            j->status = errno;
            break;
        }
        done += (size_t)n;
    }
    j->len = done;
    close(fd);
}

int64_t sw_copkg_write_file(SwString name, SwString data, bool append, int64_t *err)
{
    PoolJob j = {.path = cstr(name), .flags = append};
    j.len = (size_t)data.len;
    j.data = malloc(j.len ? j.len : 1);
    if (!j.data)
        abort();
    if (j.len)
        memcpy(j.data, data.ptr, j.len);
    sw_pool_run(write_work, &j);
    *err = j.status;
    int64_t n = (int64_t)j.len;
    free(j.data);
    free(j.path);
    return n;
}

/* Go's spelling of an errno text ("no such file or directory"). */
SwString sw_copkg_strerror(int64_t e)
{
    const char *s = strerror((int)e); /* the scheduler thread only */
    size_t n = strlen(s);
    uint8_t *d = sw_alloc_noscan(n ? n : 1);
    memcpy(d, s, n);
    if (n && d[0] >= 'A' && d[0] <= 'Z' && !(n > 1 && d[1] >= 'A' && d[1] <= 'Z'))
        d[0] = (uint8_t)(d[0] - 'A' + 'a');
    return (SwString){d, (int64_t)n};
}
