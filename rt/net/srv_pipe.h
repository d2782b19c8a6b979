// SPDX-License-Identifier: MIT
/*
 * srv_pipe.h — the messages the processes of a ModeProcess server exchange
 * over Unix socketpairs, and the buffers that batch them.
 *
 * Every message is a fixed header followed by `len` payload bytes:
 *     SrvMsg { type, flags, reactor, worker, session, len }
 * Several messages travel in one record: a sender appends what it has for
 * one peer during one loop round to an SrvOut and writes it with a single
 * send (the batching that makes the process model cheap).  A payload
 * bigger than SRV_PIPE_CHUNK is cut into fragments (SRV_MF_MORE on all but
 * the last), which the reader joins; a pipe has one writer per direction,
 * so fragments of one message are never interleaved with others.
 *
 * Which socket types:
 *   master <-> worker  one SOCK_SEQPACKET pair per (reactor thread, worker):
 *                      one writer each way, record boundaries kept, so a
 *                      worker that stops (reload, MaxRequest) after a whole
 *                      record leaves the rest to its successor, which
 *                      inherits the same pair from the manager: nothing that
 *                      was accepted is lost.
 *   * -> worker inbox,  SOCK_DGRAM pairs (many writers: task workers, other
 *   * -> task worker    workers): one message per datagram; a payload over
 *                      SRV_PIPE_CHUNK goes through a temporary file whose
 *                      path is the payload (SRV_MF_TMPFILE), as Swoole does.
 */
#ifndef SRV_PIPE_H
#define SRV_PIPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
    SRV_M_CONNECT = 1,  /* master -> worker: new connection (payload "addr\0port") */
    SRV_M_DATA,         /* master -> worker: one whole packet of `session` */
    SRV_M_CLOSE,        /* master -> worker: the connection closed */
    SRV_M_SEND,         /* worker -> master: bytes for `session` */
    SRV_M_CLOSE_REQ,    /* worker -> master: close `session` once flushed */
    SRV_M_TASK,         /* worker -> task worker: session = task id */
    SRV_M_FINISH,       /* task worker -> worker inbox: result of task `session` */
    SRV_M_PIPE,         /* worker -> worker inbox: SendMessage */
    SRV_M_PAUSE,        /* worker -> master: stop/resume reading `session` (len 1: 1 pause, 0 resume) */
    SRV_M_PACKET,       /* master -> worker: a datagram (payload: u16 address length,
                           the sender's sockaddr, the bytes) */
    SRV_M_DONE = 24,    /* worker -> master: the response to a request of `session` is complete (HTTP) */
};
/* In master -> worker CONNECT, DATA and PACKET messages, `worker` holds
 * the index of the server port the connection or datagram came in on. */

enum {
    SRV_MF_MORE = 1,    /* a fragment; the payload continues in the next message */
    SRV_MF_TMPFILE = 2, /* the payload is the path of a file holding it */
    SRV_MF_WAIT = 4,    /* TASK: TaskWait/TaskCo is waiting for the result */
};

typedef struct __attribute__((packed)) SrvMsg {
    uint8_t type;       /* SRV_M_* */
    uint8_t flags;      /* SRV_MF_* */
    uint16_t reactor;   /* the reactor thread that owns `session` */
    uint32_t worker;    /* sending worker id (TASK, FINISH, PIPE) */
    uint64_t session;   /* connection session id, or task id */
    uint32_t len;       /* payload bytes that follow */
} SrvMsg;

#define SRV_PIPE_CHUNK (60 * 1024)   /* largest payload of one message */
#define SRV_PIPE_RECORD (64 * 1024)  /* records are cut at this size (one message may exceed it) */

/* An output batch for one pipe: messages appended during a loop round,
 * sent by srv_out_flush.  buf is malloc'd; `sent` bytes of it already
 * left (a partial flush of a stream never happens: SEQPACKET records are
 * all or nothing, so `sent` counts whole records). */
typedef struct SrvOut {
    char *buf;
    size_t len, cap, sent;
} SrvOut;

/* Appends one message (fragmenting payloads over SRV_PIPE_CHUNK). */
void srv_out_msg(SrvOut *o, int type, int flags, int reactor, uint32_t worker, uint64_t session,
                 const void *p, size_t n);
/* Sends what is pending on a non-blocking SEQPACKET fd, as records of at
 * most SRV_PIPE_RECORD bytes cut on message boundaries.  Returns 1 when
 * everything left, 0 when the pipe is full (call again when writable),
 * -1 on a dead peer (the pending bytes are kept). */
int srv_out_flush(SrvOut *o, int fd);
void srv_out_free(SrvOut *o);

/* The reader side: records land in `buf`; srv_in_next returns whole
 * messages one at a time, joining fragments into `join`. */
typedef struct SrvIn {
    char *buf;
    size_t len, pos, cap;
    char *join;          /* a fragmented payload being assembled */
    size_t jlen, jcap;
    SrvMsg jhdr;
} SrvIn;
/* Reads one record (SEQPACKET) or datagram into in->buf.  1: got one,
 * 0: nothing now (EAGAIN), -1: peer gone. */
int srv_in_read(SrvIn *in, int fd);
/* The next whole message of the record: header in *m, payload in *p
 * (valid until the next call).  false when the record is used up. */
bool srv_in_next(SrvIn *in, SrvMsg *m, const char **p);
/* Whether a fragmented message is half assembled (a stopping worker
 * keeps reading until it is not). */
static inline bool srv_in_partial(const SrvIn *in) { return in->jlen > 0 || in->jhdr.type != 0; }

/* One message as one datagram on a shared (many-writer) DGRAM pipe; a
 * payload over SRV_PIPE_CHUNK goes through a temporary file.  Blocking
 * is the caller's business: returns 0, -EAGAIN, or -errno. */
int srv_dgram_send(int fd, int type, int flags, uint32_t worker, uint64_t session, const void *p, size_t n);
/* Reads one datagram; resolves a SRV_MF_TMPFILE payload (reads and unlinks
 * the file).  *p is malloc'd (caller frees).  1, 0 on EAGAIN, -1 error. */
int srv_dgram_recv(int fd, SrvMsg *m, char **p);

#endif
