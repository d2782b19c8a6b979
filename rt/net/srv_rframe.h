// SPDX-License-Identifier: MIT
/*
 * srv_rframe.h — framing in the master of a ModeProcess server: where a
 * whole packet (or HTTP request) ends in a connection's input, decided by
 * a reactor thread before the packet goes to a worker.  Pure C over
 * buffers, no I/O, no GC memory: the reactor threads call it on each
 * connection's buffered input (srv_reactor.c).
 *
 * EOF and length framing reuse the core's framer (srv_frame.c); HTTP
 * frames one request per packet (head + Content-Length or chunked body).
 */
#ifndef SRV_RFRAME_H
#define SRV_RFRAME_H

#include <stddef.h>
#include <stdint.h>

#include "srv.h"

struct SrvProcCfg;

/* A listener's framing, fixed at start-up and read by every thread. */
typedef struct SrvRFrame {
    int kind;                 /* SRV_PF_* (srv_proc.h) */
    SrvFrame f;               /* SRV_PF_EOF, SRV_PF_LENGTH */
    int64_t max_len;          /* PackageMaxLength */
} SrvRFrame;

/* Resolves the framing of the process configuration c. */
void srv_rframe_setup(SrvRFrame *f, const struct SrvProcCfg *c);

/* The length of the first whole packet in buf[0..len): > 0, 0 when more
 * bytes are needed, -1 on a protocol error (the caller closes). */
int64_t srv_rframe_next(const SrvRFrame *f, const char *buf, size_t len);

#endif
