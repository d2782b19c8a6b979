// SPDX-License-Identifier: MIT
/*
 * cli_file.c — the client's SendFile (Swoole's Client::sendfile) and the
 * partial writes the callback client (stdlib/client async.sw) builds its
 * output buffer on.
 *
 * SendFile on a plain stream socket is sendfile(2) in a loop, waiting in
 * the reactor on EAGAIN until the write timeout; over TLS the file is read
 * in 64 KiB pieces into a buffer of its own (the waits switch coroutines,
 * so the shared scratch of cli_io.c cannot be used) and written through
 * the SSL, each piece retried with the same bytes as OpenSSL requires.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "co/co.h"
#include "cli.h"
#include "sw_lib.h"

#define CLI_FILE_CHUNK 65536

/* Writes the n bytes at p through the SSL, waiting as needed. */
static int tls_write_all(CliSock *s, const uint8_t *p, size_t n, int64_t deadline)
{
    size_t off = 0;
    while (off < n) {
        if (s->fd < 0 || !s->ssl)
            return EBADF;
        ssize_t w = cli_tls_send(s, p + off, n - off);
        if (w > 0) {
            off += (size_t)w;
            continue;
        }
        if (w < 0 && errno == EINTR)
            continue;
        if (w == 0 || errno != EAGAIN)
            return w == 0 ? EPIPE : errno;
        int e = cli_wait(s, cli_tls_want(), deadline);
        if (e)
            return e;
    }
    return 0;
}

/* Sends bytes [offset, offset+length) of the file at path (length 0: up
 * to its end) over the connected stream socket s within timeout_ns (< 0:
 * none).  Returns 0 or an error code: ENOENT/EACCES… opening the file,
 * EISDIR, EINVAL for a range outside the file (*msg says which), EBADF,
 * ENOTCONN, ETIMEDOUT, EPIPE, ECONNRESET… on the socket.  *sent gets the
 * bytes written, or -1 when the error is the file's (the connection is
 * untouched). */
int64_t sw_cli_sendfile(CliSock *s, SwString path, int64_t offset, int64_t length, int64_t timeout_ns,
                        int64_t *sent, SwString *msg)
{
    *sent = 0;
    *msg = (SwString){NULL, 0};
    if (!s || s->fd < 0)
        return ENOTCONN;
    if (!s->stream)
        return EOPNOTSUPP;
    char name[4096];
    if (path.len == 0 || (size_t)path.len >= sizeof name || memchr(path.ptr, 0, (size_t)path.len)) {
        *sent = -1;
        return path.len == 0 ? ENOENT : ENAMETOOLONG;
    }
    memcpy(name, path.ptr, (size_t)path.len);
    name[path.len] = 0;
    *sent = -1;
    int fd = open(name, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno;
    struct stat st;
    if (fstat(fd, &st) < 0) {
        int e = errno;
        close(fd);
        return e;
    }
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        return EISDIR;
    }
    int64_t size = (int64_t)st.st_size;
    const char *bad = NULL;
    if (offset < 0 || length < 0)
        bad = "negative offset or length";
    else if (offset > size)
        bad = "offset is past the end of the file";
    else if (length > size - offset)
        bad = "offset + length is past the end of the file";
    if (bad) {
        close(fd);
        size_t n = strlen(bad);
        uint8_t *d = sw_alloc_noscan(n);
        memcpy(d, bad, n);
        *msg = (SwString){d, (int64_t)n};
        return EINVAL;
    }
    if (length == 0)
        length = size - offset;
    *sent = 0;
    int64_t deadline = cli_deadline(timeout_ns);
    int err = 0;
    off_t pos = (off_t)offset;
    int64_t left = length;
    if (s->ssl) {
        uint8_t *buf = malloc(CLI_FILE_CHUNK);
        if (!buf) {
            close(fd);
            return ENOMEM;
        }
        while (left > 0 && !err) {
            size_t want = left < CLI_FILE_CHUNK ? (size_t)left : CLI_FILE_CHUNK;
            ssize_t r = pread(fd, buf, want, pos);
            if (r < 0 && errno == EINTR)
                continue;
            if (r <= 0) {
                err = r < 0 ? errno : EIO; /* EIO: the file shrank meanwhile */
                break;
            }
            err = tls_write_all(s, buf, (size_t)r, deadline);
            if (!err) {
                pos += r;
                left -= r;
                *sent += r;
            }
        }
        free(buf);
    } else {
        while (left > 0) {
            if (s->fd < 0) {
                err = EBADF;
                break;
            }
            size_t want = left < (1 << 30) ? (size_t)left : (size_t)1 << 30;
            ssize_t r = sendfile(s->fd, fd, &pos, want);
            if (r > 0) {
                left -= r;
                *sent += r;
                continue;
            }
            if (r == 0) {
                err = EIO; /* the file shrank meanwhile */
                break;
            }
            if (errno == EINTR)
                continue;
            if (errno != EAGAIN) {
                err = errno;
                break;
            }
            err = cli_wait(s, SW_RX_WRITE, deadline);
            if (err)
                break;
        }
    }
    close(fd);
    return err;
}

/* One write of data for the callback client's output buffer.  With block
 * false: one non-blocking attempt; returns the bytes taken (0 with *err
 * EAGAIN when none).  With block true: waits (no time limit) until at
 * least one byte is taken.  *err gets 0 or the socket's error (EPIPE,
 * ECONNRESET, EBADF when closed meanwhile…). */
int64_t sw_cli_write_some(CliSock *s, SwString data, bool block, int64_t *err)
{
    *err = 0;
    if (!s || s->fd < 0) {
        *err = EBADF;
        return 0;
    }
    if (data.len == 0)
        return 0;
    for (;;) {
        ssize_t n = s->ssl ? cli_tls_send(s, data.ptr, (size_t)data.len)
                           : send(s->fd, data.ptr, (size_t)data.len, MSG_NOSIGNAL);
        if (n > 0)
            return n;
        if (n == 0) {
            *err = EPIPE;
            return 0;
        }
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN) {
            *err = errno;
            return 0;
        }
        if (!block) {
            *err = EAGAIN;
            return 0;
        }
        int e = cli_wait(s, s->ssl ? cli_tls_want() : SW_RX_WRITE, -1);
        if (e == EBUSY) {
            /* TLS asked for the direction the reader waits in: let it run */
            sw_co_sleep(1000000);
            continue;
        }
        if (e) {
            *err = e;
            return 0;
        }
    }
}

/* Keeps the program running while a callback client sleeps (reading
 * paused: no fd wait of its own is pending). */
void sw_cli_hold(bool on)
{
    if (on)
        sw_rx_hold();
    else
        sw_rx_release();
}

/* Lets the caller return before a callback client's connect proceeds. */
void sw_cli_yield(void)
{
    sw_co_gosched();
}
