// SPDX-License-Identifier: MIT
/*
 * srv.h — the server core (package `server`, DESIGN §5, §6): listening
 * sockets, the connection table, input framing, output buffers, UDP, the
 * heartbeat and the worker processes, all in C and driven by the reactor
 * (rt/co sw_rx_watch), with no coroutine per connection.  Sw code only
 * runs in callbacks: for each whole packet the binding (srv_sw.c) starts a
 * coroutine running the user's OnReceive.
 *
 * Layers, bottom up:
 *   srv_core.c    SrvServer/SrvPort/SrvConn, accept, read → frame → hooks,
 *                 send / output queue / close, sessions, heartbeat, stats.
 *   srv_frame.c   the built-in framers (EOF check/split, length header).
 *   srv_sock.c    socket creation (TCP/TCP6/UDP/UDP6/Unix), options.
 *   srv_udp.c     datagram ports (recvfrom → packet hook, sendto).
 *   srv_base.c    ModeBase's start-up; one process without a manager when
 *                 WorkerNum is 1 (no task workers, no MaxRequest).
 *   srv_manager.c the one parent of both modes (fork, restart, reload,
 *                 stop; task workers); a stopping ModeBase worker.
 *   srv_sw.c      the Sw binding: hooks → coroutines running Sw closures
 *                 with panic isolation; the //sw:extern functions of
 *                 stdlib/server.
 *
 * Plugging in (the contract other parts build on):
 *   - A C protocol (HTTP, WebSocket, Redis…) sets port->proto (SrvProto):
 *     its on_data sees the connection's buffered input and returns how many
 *     bytes it consumed; the built-in framers are then bypassed, and the
 *     protocol itself decides what to run (typically: parse in C, start a
 *     coroutine for the Sw handler with srv_spawn, answer with srv_send).
 *   - The application side receives events through SrvHooks (srv->hooks);
 *     srv_sw.c installs the hooks that run Sw callbacks.
 *   - ModeProcess (a later part): workers would get their packets from a
 *     pipe instead of sockets.  The hook for that is srv_deliver(): a
 *     worker-side reader that decodes a pipe frame {sid, kind, bytes} calls
 *     srv_deliver(srv, sid, kind, data, len) and the same hooks fire as for
 *     a local connection; and srv->send_remote, when set, receives every
 *     srv_send for a session this process does not own (the worker writes
 *     it to the master's pipe).  Sessions are numbered from one counter in
 *     shared memory (srv->sid_counter), so ids are unique across processes.
 *
 * Threading: everything runs on the one scheduler thread.  Memory: the
 * SrvServer and SrvPort structs are GC objects (they hold Sw closures and
 * the Sw *Server); SrvConn, buffers and the session table are malloc'd and
 * hold no GC pointers.  Callbacks into Sw never receive SrvConn pointers,
 * only session ids, so a closed connection is never touched by Sw code.
 */
#ifndef SW_SRV_H
#define SW_SRV_H

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "co.h"

/* Socket types and modes (Swoole's constant values). */
enum {
    SRV_SOCK_TCP = 1, SRV_SOCK_UDP = 2, SRV_SOCK_TCP6 = 3, SRV_SOCK_UDP6 = 4,
    SRV_SOCK_UNIX_DGRAM = 5, SRV_SOCK_UNIX_STREAM = 6,
    SRV_SOCK_SSL = 512,
};
enum { SRV_MODE_BASE = 1, SRV_MODE_PROCESS = 2 };

/* Events with a Sw callback (index into SrvServer.cb / SrvPort.cb). */
enum {
    SRV_EV_START, SRV_EV_SHUTDOWN, SRV_EV_WORKER_START, SRV_EV_WORKER_STOP,
    SRV_EV_WORKER_ERROR, SRV_EV_CONNECT, SRV_EV_RECEIVE, SRV_EV_PACKET,
    SRV_EV_CLOSE, SRV_EV_BUFFER_FULL, SRV_EV_BUFFER_EMPTY,
    SRV_EV_N
};

/* Log levels (Options.LogLevel; 0 means SRV_LOG_INFO). */
enum { SRV_LOG_DEBUG = 1, SRV_LOG_INFO, SRV_LOG_NOTICE, SRV_LOG_WARNING, SRV_LOG_ERROR, SRV_LOG_NONE };

/* Server.Options, field for field (known to stdlib/server/server.sw:
 * `Options`; change both together).  Zero means "default" everywhere; the
 * defaults are applied by srv_options_resolve and listed in doc/server.md. */
typedef struct SrvOptions {
    int64_t worker_num;
    int64_t reactor_num;
    int64_t task_worker_num;
    int64_t max_request;
    int64_t max_connection;
    int64_t max_coroutine;
    bool daemonize;
    SwString log_file;
    int64_t log_level;
    SwString pid_file;
    int64_t dispatch_mode;
    bool open_eof_check;
    bool open_eof_split;
    SwString package_eof;
    bool open_length_check;
    SwString package_length_type;
    int64_t package_length_offset;
    int64_t package_body_offset;
    int64_t package_max_length;
    double heartbeat_check_interval;
    double heartbeat_idle_time;
    bool open_tcp_keepalive;
    int64_t tcp_keep_idle;
    int64_t tcp_keep_interval;
    int64_t tcp_keep_count;
    bool open_tcp_nodelay;
    int64_t backlog;
    int64_t socket_buffer_size;
    int64_t buffer_high_watermark;
    int64_t buffer_low_watermark;
    int64_t buffer_output_size;
    bool send_yield;
    bool reload_async;
    double max_wait_time;
    SwString ssl_cert_file;
    SwString ssl_key_file;
    bool ssl_verify_peer;
    SwString ssl_ca_file;
    int64_t ssl_protocols;    /* TLS_PROTO_* bits (tls.h); 0: TLS 1.2 and 1.3 */
    SwString ssl_ciphers;
} SrvOptions;

/* ---- framing ---------------------------------------------------------------- */

enum { SRV_FRAME_RAW, SRV_FRAME_EOF_CHECK, SRV_FRAME_EOF_SPLIT, SRV_FRAME_LENGTH };

/* A port's resolved framing (from its options). */
typedef struct SrvFrame {
    int kind;                 /* SRV_FRAME_* */
    uint8_t eof[8];           /* PackageEOF (1..8 bytes) */
    int eof_len;
    char len_type;            /* pack code: n N v V C c s S l L */
    int len_size;             /* bytes of the length field */
    int64_t len_offset, body_offset;
    int64_t max_len;          /* PackageMaxLength */
} SrvFrame;

/* Scans buf[0..len) for the first whole packet.  Returns its length (> 0),
 * 0 when more input is needed, -1 when the packet is invalid or longer than
 * max_len (the caller closes the connection).  Pure: no I/O, no state. */
int64_t srv_frame_next(const SrvFrame *f, const uint8_t *buf, int64_t len);
/* Validates and resolves the framing options; NULL or an error message. */
const char *srv_frame_setup(SrvFrame *f, const SrvOptions *o);

/* ---- servers, ports, connections ---------------------------------------------- */

typedef struct SrvServer SrvServer;
typedef struct SrvPort SrvPort;
typedef struct SrvConn SrvConn;

/* A protocol implemented in C, replacing the built-in framers on a port.
 * on_data: buf[0..len) is the connection's unconsumed input (at least the
 *   bytes of this read).  Return the bytes consumed (> 0; it is called
 *   again with the rest while some is left), 0 to wait for more input
 *   (the core keeps the bytes, up to the port's PackageMaxLength), or -1 to
 *   close the connection.  buf is only valid during the call.  The
 *   connection may be closed (srv_close) from inside; the core notices.
 * on_open / on_close (optional): after accept / before the fd is closed;
 *   c->proto_state is the protocol's per-connection pointer (malloc'd by
 *   it, freed in on_close). */
typedef struct SrvProto {
    const char *name;
    int64_t (*on_data)(SrvServer *s, SrvConn *c, const uint8_t *buf, int64_t len);
    void (*on_open)(SrvServer *s, SrvConn *c);
    void (*on_close)(SrvServer *s, SrvConn *c);
    void *arg;
    /* optional: the connection is between requests (a stopping ModeBase
     * worker may close it now: a request was answered, or none came for
     * a second since c->last_recv); NULL: never, it waits for MaxWaitTime */
    bool (*idle)(SrvServer *s, SrvConn *c);
} SrvProto;

/* What the application layer is told (srv_sw.c implements these to run
 * Sw callbacks; any may be NULL).  They run in the loop or in whichever
 * coroutine called the core: they must not block. */
typedef struct SrvHooks {
    void (*connect)(SrvServer *s, SrvConn *c);
    /* One whole packet; data is only valid during the call. */
    void (*receive)(SrvServer *s, SrvConn *c, const uint8_t *data, int64_t len);
    void (*close)(SrvServer *s, SrvConn *c);
    void (*packet)(SrvServer *s, SrvPort *p, const uint8_t *data, int64_t len,
                   const struct sockaddr *from, socklen_t fromlen);
    void (*buffer_full)(SrvServer *s, SrvConn *c);
    void (*buffer_empty)(SrvServer *s, SrvConn *c);
} SrvHooks;

struct SrvPort {
    SrvServer *srv;
    SrvPort *next;
    int fd;                   /* listening or datagram socket */
    int type;                 /* SRV_SOCK_* without the SSL flag */
    int family;               /* AF_INET, AF_INET6, AF_UNIX */
    bool dgram;
    char host[108];
    int64_t port;             /* the bound port (the real one when 0 was asked) */
    bool has_opts;            /* Port.Set was called: opts override the server's */
    SrvOptions opts;
    SrvFrame frame;
    const SrvProto *proto;    /* NULL: the built-in framers */
    bool ssl;                 /* the SSL flag: connections speak TLS (tls.h) */
    void *tls_ctx;            /* its SSL_CTX, made by srv_start from the options */
    int *wfds;                /* WorkerNum > 1, TCP: one SO_REUSEPORT listener
                                 per worker (malloc'd), else NULL */
    void *cb[SRV_EV_N];       /* Sw closures set on this port (NULL: the server's) */
};

/* Connection flags. */
enum {
    SRV_C_CLOSED = 1,         /* fd closed, struct awaiting release */
    SRV_C_CLOSING = 2,        /* Close with output pending: close once flushed */
    SRV_C_PAUSED = 4,         /* Pause: input not read */
    SRV_C_FULL = 8,           /* output passed the high watermark: OnBufferFull
                                 fired, OnBufferEmpty owed (at the low one) */
    SRV_C_EOF = 16,           /* the peer shut its side */
    SRV_C_REMOTE = 32,        /* ModeProcess worker: the socket is in the master
                                 (fd -1); output and closing go through the
                                 send_remote / close_remote / pause_remote hooks */
};

typedef struct SrvChunk SrvChunk;
typedef struct SrvWaiter SrvWaiter;

struct SrvConn {
    int fd;
    uint32_t flags;           /* SRV_C_* */
    int64_t sid;              /* session id (Swoole's $fd) */
    SrvPort *port;
    SrvConn *hnext;           /* session hash chain */
    int busy;                 /* > 0 while the core works on it (deferred release) */
    int inflight;             /* OnReceive callbacks started, not yet returned */
    /* input kept between reads (malloc'd; NULL when nothing is pending) */
    uint8_t *in;
    int64_t in_len, in_cap;
    /* output queue */
    SrvChunk *out_head, *out_tail;
    int64_t out_bytes;
    SrvWaiter *waiters;       /* SendYield senders parked until drained */
    void *tls;                /* SSL * on an SSL port (reads/writes go through tls.h) */
    SrvConn *rnext;           /* SRV_C_REMOTE: the list of remote connections */
    /* who and when */
    struct sockaddr_storage peer;
    socklen_t peer_len;
    int64_t connect_time;     /* unix seconds */
    int64_t last_recv;        /* sw_now() of the last input (heartbeat) */
    int64_t last_recv_wall;   /* unix seconds of the last input */
    int64_t last_send_wall;
    int64_t packets;          /* packets delivered */
    void *proto_state;        /* SrvProto's per-connection state */
};

typedef struct SrvStats {
    int64_t start_time;       /* unix seconds */
    int64_t connection_num;   /* open now (this worker) */
    int64_t accept_count;
    int64_t close_count;
    int64_t request_count;    /* packets delivered (this worker) */
    int64_t abort_count;      /* closed by limits, heartbeat, errors */
} SrvStats;

struct SrvServer {
    void *self;               /* the Sw *Server (passed to callbacks) */
    int mode;
    SrvOptions opts;
    SrvPort *ports;           /* the first is the main port */
    SrvHooks hooks;
    void *cb[SRV_EV_N];       /* Sw closures (SwFunc *) */
    const char *err;          /* first setup error (static or malloc'd) */
    /* run state */
    bool running, stopping;
    int worker_id;            /* 0.. WorkerNum-1 */
    int worker_num;
    int master_pid, worker_pid;
    bool is_master;           /* the parent (manager) of the workers */
    SwCo *main_co;            /* the coroutine parked in Start */
    int64_t *sid_counter;     /* shared memory: the last session id given */
    /* connections of this process */
    SrvConn **by_fd;          /* indexed by fd */
    int by_fd_cap;
    SrvConn **sess;           /* session hash buckets */
    int64_t sess_mask;
    int64_t max_conn;
    SrvStats stats;
    SwTimer heartbeat;        /* GC-held: the struct lives in GC memory */
    double hb_interval, hb_idle;
    int sig_rd, sig_wr;       /* self-pipe for signals */
    int log_fd;
    int log_level;
    /* ModeProcess hook: sends for sessions this process does not own
     * (NULL: such sends fail) */
    bool (*send_remote)(SrvServer *s, int64_t sid, const uint8_t *p, int64_t n);
    /* ModeProcess worker: close / pause a session owned by the master */
    bool (*close_remote)(SrvServer *s, int64_t sid);
    bool (*pause_remote)(SrvServer *s, int64_t sid, bool pause);
    /* callback coroutines running now (srv_sw.c); idle_co waits for 0 */
    int64_t inflight;
    SwCo *idle_co;
    void (*on_busy)(int64_t delta);   /* told of every change of inflight */
    int reactor_num;                  /* ModeProcess: the master's reactor threads */
    int cur_reactor;                  /* ModeProcess worker: the reactor thread of the
                                         datagram being delivered (-1: none) */
};

/* ---- core API (srv_core.c) ------------------------------------------------------ */

/* A server with its main port bound (or s->err set): host is an address or,
 * for Unix sockets, a path; GC memory. */
SrvServer *srv_new(const char *host, int64_t port, int mode, int type);
/* An extra port (Listen); NULL and s->err set on failure. */
SrvPort *srv_listen(SrvServer *s, const char *host, int64_t port, int type);
/* Applies opts to the server (what Set does); NULL or an error. */
const char *srv_set(SrvServer *s, const SrvOptions *opts);
const char *srv_port_set(SrvPort *p, const SrvOptions *opts);

/* Worker side: watches the ports and serves until srv_stop; called in the
 * coroutine that runs Start (it parks there).  Returns when stopped. */
void srv_serve(SrvServer *s);
/* Stops serving: listeners closed, connections closed (OnClose fires),
 * the coroutine in srv_serve resumed. */
void srv_stop(SrvServer *s);

/* An OnReceive callback for sid has returned.  A connection whose peer shut
 * its side (EOF) while callbacks were still running stays open until the
 * last of them returns, so their replies are sent; then it closes (after
 * flushing). */
void srv_receive_done(SrvServer *s, int64_t sid);

/* Send results. */
enum { SRV_OK = 0, SRV_ENOCONN = -1, SRV_EFULL = -2, SRV_ECLOSING = -3, SRV_EIO = -4, SRV_ETOOBIG = -5 };
/* Queues/writes data for session sid.  Writes at once when nothing is
 * queued; else appends, bounded by SocketBufferSize: SRV_EFULL, unless
 * SendYield parks the calling coroutine until the queue drains to the low
 * watermark.  OnBufferFull fires when the queue reaches the high
 * watermark (BufferHighWatermark), OnBufferEmpty when it falls back to
 * the low one (BufferLowWatermark): once per crossing each way. */
int srv_send(SrvServer *s, int64_t sid, const uint8_t *p, int64_t n);
/* Server.Send: srv_send refusing (SRV_ETOOBIG, logged) more than
 * BufferOutputSize bytes in one call. */
int srv_send_user(SrvServer *s, int64_t sid, const uint8_t *p, int64_t n);
/* The resolved output limits (defaults applied): SocketBufferSize,
 * BufferHighWatermark, BufferLowWatermark, BufferOutputSize. */
void srv_buffer_limits(const SrvOptions *o, int64_t *limit, int64_t *high, int64_t *low, int64_t *outsize);
/* ModeProcess worker: the master says the output buffer of remote session
 * sid passed the high watermark (full) or fell to the low one: the hooks
 * fire and SendYield senders parked on it resume. */
void srv_remote_buffer(SrvServer *s, int64_t sid, bool full);
/* Whether the caller is a coroutine inside Server.Send (srv_send_user) or
 * srv_remote_buffer, not a loop callback: the buffer_full hook may then
 * switch to the Sw callback at once. */
bool srv_user_context(void);
/* Queues the file's bytes [off, off+len) (len <= 0: to the end). */
int srv_sendfile(SrvServer *s, int64_t sid, const char *path, int64_t off, int64_t len);
/* Closes session sid after flushing what was accepted (reset: at once). */
bool srv_close(SrvServer *s, int64_t sid, bool reset);
SrvConn *srv_conn(SrvServer *s, int64_t sid);     /* NULL when not open here */
bool srv_pause(SrvServer *s, int64_t sid);
bool srv_resume(SrvServer *s, int64_t sid);
/* Sessions idle longer than HeartbeatIdleTime (ns) into out[0..max); closes
 * them when close_them.  Returns how many were found. */
int64_t srv_heartbeat(SrvServer *s, bool close_them, int64_t *out, int64_t max);
/* Session ids open in this process into out[0..max); returns the count. */
int64_t srv_list(SrvServer *s, int64_t *out, int64_t max);
/* Delivers input for session sid as if read from its socket (the
 * ModeProcess pipe path): runs the port's framing / protocol. */
void srv_deliver(SrvServer *s, int64_t sid, const uint8_t *p, int64_t n);
/* ModeProcess worker: a connection held by the master appears here as a
 * remote SrvConn (fd -1, SRV_C_REMOTE): opened on the master's CONNECT
 * message (the protocol's on_open and the connect hook run), fed by
 * srv_deliver, closed on its CLOSE message (on_close, the close hook). */
SrvConn *srv_remote_open(SrvServer *s, int64_t sid, const char *addr, int64_t port);
/* The same on port p (a connection accepted by the master on an extra port). */
SrvConn *srv_remote_open_on(SrvServer *s, SrvPort *p, int64_t sid, const char *addr, int64_t port);
void srv_remote_close(SrvServer *s, int64_t sid);

/* The port of a connection's options in effect (its own or the server's). */
static inline const SrvOptions *srv_port_opts(const SrvPort *p)
{
    return p->has_opts ? &p->opts : &p->srv->opts;
}

/* Logging (LogFile/LogLevel): "[date time pid] LEVEL\tmessage". */
void srv_log(SrvServer *s, int level, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* ---- sockets (srv_sock.c) ------------------------------------------------------------ */

/* Creates, binds (and for streams listens on) a socket of type; returns the
 * fd (non-blocking, close-on-exec) or -1 with *err set; *bound_port gets
 * the real port; reuseport sets SO_REUSEPORT (per-worker TCP listeners). */
int srv_sock_open(int type, const char *host, int64_t port, int backlog, bool reuseport,
                  int64_t *bound_port, const char **err);
/* Per-connection options after accept (TCP_NODELAY, keepalive). */
void srv_sock_tune(int fd, const SrvOptions *o, int family);
/* The address and port of sa as text (Unix: the path, port 0). */
void srv_sock_name(const struct sockaddr *sa, socklen_t len, char *addr, size_t n, int64_t *port);
/* Fills sa for host:port of the family; false when host does not parse. */
bool srv_sock_addr(int family, const char *host, int64_t port, struct sockaddr_storage *sa,
                   socklen_t *len);

/* ---- TLS (srv_tls.c) ------------------------------------------------------------------ */

/* Makes the SSL_CTX of every SSL port from its options; NULL or an error. */
const char *srv_tls_setup(SrvServer *s);
/* The connection's transport calls when c->tls is set: read(2)/send(2)
 * conventions (tls.h); a handshake or protocol failure is logged at debug
 * level and reported as an error other than EAGAIN. */
ssize_t srv_tls_read(SrvServer *s, SrvConn *c, void *buf, size_t n);
/* After a srv_tls_read that returned data: nothing more to read now. */
bool srv_tls_drained(SrvConn *c);
ssize_t srv_tls_write(SrvServer *s, SrvConn *c, const void *buf, size_t n);
/* A file range through TLS (no sendfile(2)): reads at most 16 KiB at off
 * and writes it; the same result conventions. */
ssize_t srv_tls_sendfile(SrvServer *s, SrvConn *c, int file_fd, off_t off, size_t n);
/* Starts TLS on an accepted connection (false: close it). */
bool srv_tls_open(SrvServer *s, SrvConn *c);
/* Before the fd is closed: close_notify unless aborted, then free. */
void srv_tls_close(SrvConn *c, bool abort);

/* ---- datagrams (srv_udp.c) ------------------------------------------------------------- */

/* Reads every datagram queued on p (loop callback). */
void srv_udp_ready(int fd, int got, void *arg);
/* SendTo: through the first datagram port of the address's family. */
bool srv_sendto(SrvServer *s, const char *addr, int64_t port, const uint8_t *p, int64_t n);

/* ---- processes (srv_base.c, srv_manager.c) ---------------------------------------------- */

/* Start of a ModeBase server without a manager (WorkerNum 1, no task
 * workers, no MaxRequest): this process serves (srv_serve) until
 * SIGTERM/SIGINT/Shutdown/Stop.  Returns NULL when stopped, or an error.
 * With a manager, the Sw side calls sw_srv_base_start instead. */
const char *srv_start(SrvServer *s);
/* Shutdown: stops the whole server (from a worker: asks the master). */
void srv_shutdown(SrvServer *s);
/* A C protocol answered a request: counted in Stats.RequestCount and
 * against MaxRequest (a ModeBase worker under the manager recycles). */
void srv_request_done(SrvServer *s);

/* ---- the application hooks (srv_sw.c) --------------------------------------------------- */

/* Installs the hooks that run the Sw callbacks. */
void srv_sw_hooks(SrvServer *s);
/* Runs a lifecycle callback (OnStart, OnWorkerStart…) with panic
 * isolation, args as the event's Sw signature: in the calling coroutine
 * for ev >= 0, in a new queued coroutine for -ev. */
void srv_sw_call_lifecycle(SrvServer *s, int ev, int64_t a, int64_t b, int64_t c, int64_t d);
/* Runs fn(arg) in the calling coroutine; a panic is logged with the Sw
 * stack ("what" names the callback) and swallowed.  Returns false when it
 * panicked.  For C protocols that call Sw handlers. */
bool srv_protected(SrvServer *s, const char *what, void (*fn)(void *), void *arg);
/* Callbacks in flight: counted up before one is queued, down after it
 * ended (C protocols running Sw handlers count theirs too); wait_idle
 * parks the calling coroutine until none is left. */
void srv_busy(SrvServer *s, int64_t delta);
void srv_wait_idle(SrvServer *s);

#endif
