// SPDX-License-Identifier: MIT
/*
 * cli.h — the coroutine socket client behind stdlib/client (Swoole's
 * Coroutine\Client): one non-blocking socket per client, every wait going
 * through the reactor (sw_rx_wait) with a timeout, so a blocking call
 * suspends only the calling coroutine.  Name resolution is numeric or
 * "localhost" in place, anything else through getaddrinfo on the runtime's
 * thread pool.  Errors are returned as codes (errno values, plus
 * CLI_ERESOLVE), never raised.  Framing (EOF / length header) is done by the
 * Sw side on top of the plain reads here.
 *
 * cli_sock.c: socket types, addresses, resolution, connect, names, close.
 * cli_io.c:   send, recv, peek, sendto, recvfrom.
 * cli_file.c: SendFile, and the partial writes of the callback client
 *             (stdlib/client async.sw keeps its output buffer and events).
 */
#ifndef SW_NET_CLI_H
#define SW_NET_CLI_H

#include <sys/socket.h>

#include "sw.h"

/* Socket types, the values of client.SockTCP … SockUnixDgram (and of the
 * server package's constants of the same names). */
enum { CLI_TCP = 1, CLI_TCP6, CLI_UDP, CLI_UDP6, CLI_UNIX_STREAM, CLI_UNIX_DGRAM };

/* A host name could not be resolved: Swoole's
 * SW_ERROR_DNSLOOKUP_RESOLVE_FAILED. */
#define CLI_ERESOLVE 711

/* One client socket.  GC memory without pointers (noscan); the Sw side holds
 * it as an opaque pointer.  fd is -1 before open and after close; a
 * coroutine woken from a wait checks it again, since Close may run while it
 * waits. */
typedef struct CliSock {
    int fd;
    int type;      /* CLI_* */
    int family;    /* AF_INET, AF_INET6, AF_UNIX */
    int stream;    /* SOCK_STREAM (1) or datagram (0) */
    void *ssl;     /* SSL * once TLS is on (cli_tls.c; malloc'd by OpenSSL,
                      freed by close) */
} CliSock;

/* Fills *sa and *len with the address of host:port for s's family (port unused
 * for AF_UNIX: host is the path).  Returns 0 or an error code; a name that
 * is not numeric nor "localhost" goes through getaddrinfo on the pool. */
int cli_resolve(const CliSock *s, SwString host, int64_t port, struct sockaddr_storage *sa,
                socklen_t *len);

/* Waits for fd to be ready in direction ev (SW_RX_*) until deadline
 * (absolute sw_now() ns, < 0: none).  0 when ready (retry the call),
 * else an error code (ETIMEDOUT, EBADF when closed meanwhile, EBUSY when
 * another coroutine waits in the same direction). */
int cli_wait(CliSock *s, int ev, int64_t deadline);

/* Converts a timeout in ns (< 0: none) into a deadline. */
int64_t cli_deadline(int64_t timeout_ns);

/* The text form of an address ("1.2.3.4", "::1", a Unix path, "@name" for
 * an abstract Unix address) in GC memory; *port gets its port (0 for Unix). */
SwString cli_addr_str(const struct sockaddr_storage *sa, socklen_t len, int64_t *port);

/* TLS on a connected client (cli_tls.c): I/O through the SSL when s->ssl
 * is set, in the same conventions as the plain calls. */
ssize_t cli_tls_send(CliSock *s, const void *p, size_t n);
ssize_t cli_tls_recv(CliSock *s, void *p, size_t n, bool peek);
/* The direction to wait for after one of them failed with EAGAIN. */
int cli_tls_want(void);
void cli_tls_close(CliSock *s);

/* cli_file.c: the package's externs (client.SendFile, the callback
 * client's writes and loop hold). */
int64_t sw_cli_sendfile(CliSock *s, SwString path, int64_t offset, int64_t length, int64_t timeout_ns,
                        int64_t *sent, SwString *msg);
int64_t sw_cli_write_some(CliSock *s, SwString data, bool block, int64_t *err);
void sw_cli_hold(bool on);
void sw_cli_yield(void);

#endif
