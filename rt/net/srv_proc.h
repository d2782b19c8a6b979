// SPDX-License-Identifier: MIT
/*
 * srv_proc.h — Swoole's process model for ModeProcess servers: the master
 * (main thread + N reactor threads in pure C), the manager (forks, restarts
 * and reloads workers and task workers) and the worker/task-worker side of
 * the pipes.  The Sw side is stdlib/server/process.sw and task.sw.
 *
 *   master ── reactor thread r ──(SEQPACKET pair r,w)── worker w
 *     │                                                  │  ▲ inbox (DGRAM)
 *     └─ manager ─ forks ─ workers 0..W-1, task workers W..W+T-1
 *
 * sw_proc_start forks the manager before any thread exists (forking a
 * threaded process is unsafe: Swoole's reason for a manager), then starts
 * the reactor threads; the manager forks the workers, which inherit every
 * pipe.  A restarted worker inherits the same pipes, so whatever its
 * predecessor left unread is served by it.
 *
 * Roles returned to the Sw side (each process continues from the call that
 * forked it): SRV_ROLE_MASTER, SRV_ROLE_MANAGER, SRV_ROLE_WORKER,
 * SRV_ROLE_TASK; sw_proc_manager_run also returns SRV_ROLE_MGR_EVENT (a
 * worker died: run OnWorkerError, call again) and SRV_ROLE_MGR_EXIT.
 *
 * Sessions (the `fd` of callbacks) are numbered per reactor thread:
 * thread r hands out r+1, r+1+R, r+1+2R…, so the owner of a session is
 * (session-1) % R and any worker can Send to any session.
 */
#ifndef SRV_PROC_H
#define SRV_PROC_H

#include "sw.h"

enum { SRV_ROLE_ERROR = -1, SRV_ROLE_MASTER = 1, SRV_ROLE_MANAGER, SRV_ROLE_WORKER, SRV_ROLE_TASK,
       SRV_ROLE_MGR_EVENT, SRV_ROLE_MGR_EXIT };

/* Framing done by the reactor threads (one packet per message). */
enum { SRV_PF_RAW = 0, SRV_PF_EOF, SRV_PF_LENGTH, SRV_PF_HTTP };

/* Built by srv_process.c from a server.Server's options and main port. */
typedef struct SrvProcCfg {
    SwString host;
    int64_t port;
    int64_t sock_type;        /* server.SockTCP… (1 TCP, 3 TCP6, 6 Unix stream) */
    int64_t worker_num;
    int64_t reactor_num;
    int64_t task_worker_num;
    int64_t dispatch_mode;    /* 1 round robin, 2 fd modulo, 3 idle first, 4 by IP */
    int64_t max_request;      /* 0: never recycle */
    int64_t max_wait_time;    /* seconds a stopping worker may take; 0: 3 */
    int64_t reload_async;     /* 1: start the new worker before the old one ends */
    int64_t daemonize;
    int64_t backlog;
    SwString log_file;
    SwString pid_file;
    int64_t log_level;        /* 1 debug, 2 info (0 = 2) … 5 error, 6 none */
    int64_t framing;          /* SRV_PF_* */
    SwString package_eof;
    SwString length_type;     /* PHP pack code: n N v V C c s S l L */
    int64_t length_offset;
    int64_t body_offset;
    int64_t package_max_length;
    int64_t nodelay;
    int64_t max_connection;
    int64_t listen_fd;        /* > 0: a listening socket already bound (server.NewWith) */
    void *tls_ctx;            /* an SSL port's SSL_CTX (srv_tls_setup), else NULL */
    int64_t keepalive;        /* OpenTCPKeepalive with its idle/interval/count */
    int64_t keep_idle, keep_interval, keep_count;
    /* the heartbeat (run by the reactor threads): seconds, 0 off */
    double heartbeat_check_interval, heartbeat_idle_time;
    /* extra ports (Listen): each a whole configuration of which the master
     * reads the socket and framing fields (sock_type, listen_fd, framing,
     * package_*, length_*, body_offset, nodelay, keepalive); the port
     * index carried in the pipe messages is 0 for this one, i+1 for
     * ports[i].  Datagram sockets (UDP, UDP6, Unix dgram) are allowed in
     * either place. */
    int64_t http_max_header;  /* SRV_PF_HTTP: the port's http limits (HttpCfg; 0: default) */
    int64_t http_max_uri;
    int64_t http_max_body;
    int64_t http_header_timeout_ms;
    int64_t nports;
    struct SrvProcCfg *ports;
    int64_t buffer_limit;     /* SocketBufferSize, BufferHighWatermark, BufferLowWatermark */
    int64_t buffer_high;      /* (resolved: srv_buffer_limits) */
    int64_t buffer_low;
    int64_t send_yield;       /* SendYield: output is never dropped (the worker waits) */
} SrvProcCfg;

/* What the Sw side reads after a role comes back. */
typedef struct SrvProcInfo {
    int64_t worker_id;        /* WORKER/TASK: 0..; MGR_EVENT: the dead worker */
    int64_t worker_pid;       /* MGR_EVENT: its pid */
    int64_t exit_code;        /* MGR_EVENT */
    int64_t signal;           /* MGR_EVENT */
    int64_t master_pid;
    int64_t manager_pid;
    int64_t port;             /* the bound port (port 0 asks for a free one) */
} SrvProcInfo;

/* One message handed to the Sw side of a worker (process.sw's procMsg). */
typedef struct SrvProcMsg {
    int64_t type;             /* SRV_M_* */
    int64_t session;
    int64_t reactor;
    int64_t worker;
    int64_t flags;
    SwString data;
} SrvProcMsg;

/* master (rt/net/srv_reactor.c) */
int64_t sw_proc_start(SrvProcCfg *cfg, SrvProcInfo *info, SwString *err);
/* Master main thread after OnStart: waits (suspending the coroutine) for
 * SIGTERM/SIGINT or the manager's death, stops everything, returns. */
void sw_proc_master_wait(void);

/* manager (rt/net/srv_manager.c) */
int64_t sw_proc_manager_run(SrvProcInfo *info);
void sw_proc_log(int64_t level, SwString msg);

/* ModeBase under the same manager (rt/net/srv_manager.c; h is the
 * server core's SrvServer): the master becomes the manager; its workers
 * serve their own listeners, task workers and inboxes as above. */
int64_t sw_srv_base_start(void *h, SrvProcInfo *info, SwString *err);
void sw_srv_base_cleanup(void *h);
void sw_srv_base_worker(void *h, int64_t id, bool task);
void sw_srv_base_serve(void *h);   /* parks until the worker has stopped */
void sw_srv_base_drain(void *h);   /* stop accepting, finish, then stop */

/* worker side (rt/net/srv_task.c) */
int64_t sw_proc_npipes(void);                    /* R: pipes to read */
bool sw_proc_recv(int64_t pipe);                 /* waits for a record; false: stop */
bool sw_proc_next(int64_t pipe, SrvProcMsg *m);  /* next message of the record */
bool sw_proc_send(int64_t session, SwString data, int64_t type);
void sw_proc_flush(void);
bool sw_proc_inbox_recv(SrvProcMsg *m);          /* waits; false: stop */
int64_t sw_proc_task_send(int64_t dst, int64_t taskid, SwString data, bool wait);
bool sw_proc_finish_send(int64_t dst_worker, int64_t taskid, SwString data, bool wait);
bool sw_proc_pipe_send(int64_t dst_worker, SwString data);
bool sw_proc_task_recv(SrvProcMsg *m);           /* task worker: next task */
int64_t sw_proc_signal_wait(void);               /* next SIGTERM/… for the worker */
void sw_proc_stop_self(void);                    /* MaxRequest reached: stop reading */
void sw_proc_busy(int64_t delta);                /* in-flight count (dispatch mode 3) */
/* (srv_process.c) The http layer answered a request of remote session sid:
 * DONE to the master; in dispatch modes 1, 3 the session ends here. */
struct SrvServer;
void srv_proc_request_done(struct SrvServer *s, int64_t sid);
bool sw_proc_kill(int64_t pid, int64_t sig);
int64_t sw_proc_getpid(void);
int64_t sw_proc_worker_num(void);
int64_t sw_proc_task_num(void);

/* shared by the three files */
typedef struct SrvProcShared SrvProcShared;
struct SrvProc;
extern struct SrvProc srv_proc;

#endif

/* ---- internal: the process model's state, shared by srv_reactor.c,
 * srv_manager.c and srv_task.c (one per process; fork copies it) ---- */
#ifdef SRV_PROC_INTERNAL
#include <signal.h>
#include <sys/types.h>

typedef struct SrvProc {
    SrvProcCfg cfg;           /* strings below are malloc'd C copies */
    char *host, *log_file, *pid_file, *eof;
    size_t eof_len;
    char length_type;
    int W, R, T;              /* workers, reactor threads, task workers */
    int listen_fd;
    int (*wpipe)[2];          /* [r*W + w]: [0] master end, [1] worker end */
    int (*inbox)[2];          /* [id], id < W+T: [0] read by id, [1] written by all */
    int32_t *busy;            /* [id] in-flight callbacks, in MAP_SHARED memory */
    pid_t master_pid, manager_pid;
    int role;
    int id;                   /* this worker's id (WORKER/TASK) */
    int sigfd;                /* this process's signalfd (-1 until made) */
} SrvProc;

/* ModeBase start-up (srv_base.c), shared with the manager */
struct SrvServer;
const char *srv_base_check(struct SrvServer *s);        /* NULL or an error */
void srv_base_log_file(struct SrvServer *s, bool single);
void srv_base_daemonize(struct SrvServer *s);
void srv_daemonize(bool keep_out);
void srv_base_pid_file(struct SrvServer *s, bool create);
void srv_base_cleanup(struct SrvServer *s);             /* listeners, socket files, PidFile */

int srv_proc_log_enabled(int level);
void srv_proc_logf(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* the signals every server process takes through a signalfd */
void srv_proc_sigset(sigset_t *s);
int srv_proc_signalfd(void);
#endif
