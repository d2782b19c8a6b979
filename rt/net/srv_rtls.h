// SPDX-License-Identifier: MIT
/*
 * srv_rtls.h — TLS for the connections of a ModeProcess master's reactor
 * threads (srv_rtls.c; the master's side of an SSL port).  Calls follow
 * read(2)/send(2) conventions; session only names the connection in logs.
 */
#ifndef SW_NET_SRV_RTLS_H
#define SW_NET_SRV_RTLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* A server-side TLS connection on accepted socket fd with the port's
 * context; NULL (logged) when out of memory. */
void *srv_rtls_open(void *ctx, int fd, uint64_t session);
/* > 0 plaintext bytes; 0 the peer closed (close_notify or EOF); -1 with
 * errno: EAGAIN (retry on the next edge of either direction) or a failure
 * (logged at debug level; close the connection). */
ssize_t srv_rtls_read(void *ssl, void *buf, size_t n, uint64_t session);
/* After a read that returned data: nothing more is readable now. */
bool srv_rtls_drained(void *ssl);
/* Bytes written (record by record, until all or EAGAIN); -1 with errno
 * EAGAIN when none could be, or a failure.  Retry with the same bytes. */
ssize_t srv_rtls_write(void *ssl, const void *buf, size_t n, uint64_t session);
/* Frees the SSL, sending a close_notify unless it failed.  The fd stays open. */
void srv_rtls_close(void *ssl);

#endif
