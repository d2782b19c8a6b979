// SPDX-License-Identifier: MIT
/*
 * cli_sock.c — the client socket's life: open, address resolution, connect
 * with a timeout, local/peer names, close (see cli.h for the model).
 * Resolution never blocks the scheduler thread: literals and "localhost"
 * are handled here, other names by getaddrinfo on the thread pool.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/un.h>
#include <unistd.h>

#include "co/co.h"
#include "cli.h"
#include "sw_lib.h"

int64_t cli_deadline(int64_t timeout_ns)
{
    return timeout_ns < 0 ? -1 : sw_now() + timeout_ns;
}

int cli_wait(CliSock *s, int ev, int64_t deadline)
{
    int fd = s->fd;
    if (fd < 0)
        return EBADF;
    int64_t t = -1;
    if (deadline >= 0) {
        t = deadline - sw_now();
        if (t <= 0)
            return ETIMEDOUT;
    }
    int r = sw_rx_wait(fd, ev, t);
    if (s->fd != fd)
        return EBADF; /* closed by another coroutine while we waited */
    if (r == 0)
        return ETIMEDOUT;
    return r < 0 ? -r : 0;
}

/* ---- open / close ------------------------------------------------------------ */

CliSock *sw_cli_open(int64_t type, int64_t *err)
{
    static const int fam[] = {0, AF_INET, AF_INET6, AF_INET, AF_INET6, AF_UNIX, AF_UNIX};
    static const int st[] = {0, SOCK_STREAM, SOCK_STREAM, SOCK_DGRAM, SOCK_DGRAM, SOCK_STREAM, SOCK_DGRAM};
    *err = 0;
    if (type < CLI_TCP || type > CLI_UNIX_DGRAM) {
        *err = EPROTONOSUPPORT;
        return NULL;
    }
    int fd = socket(fam[type], st[type] | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        *err = errno;
        return NULL;
    }
    if (type == CLI_TCP || type == CLI_TCP6) {
        /* a request/response client: no Nagle delay behind a small write */
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    } else if (type == CLI_UNIX_DGRAM) {
        /* Linux autobind: an unnamed datagram socket cannot get replies, so
         * take a unique abstract address (no file to clean up). */
        struct sockaddr_un un = {.sun_family = AF_UNIX};
        if (bind(fd, (struct sockaddr *)&un, sizeof(sa_family_t)) < 0) {
            *err = errno;
            close(fd);
            return NULL;
        }
    }
    CliSock *s = sw_alloc_noscan(sizeof *s);
    s->fd = fd;
    s->type = (int)type;
    s->family = fam[type];
    s->stream = st[type] == SOCK_STREAM;
    s->ssl = NULL;
    return s;
}

void sw_cli_close(CliSock *s)
{
    if (!s || s->fd < 0)
        return;
    if (s->ssl)
        cli_tls_close(s); /* close_notify, then the SSL is freed */
    int fd = s->fd;
    s->fd = -1;
    sw_rx_forget(fd); /* waiters wake, see fd == -1 and report EBADF */
    close(fd);
}

/* ---- resolution --------------------------------------------------------------- */

typedef struct Lookup {
    char host[256];
    int family, socktype;
    int rc;                        /* getaddrinfo's result */
    struct sockaddr_storage sa;
    socklen_t len;
} Lookup;

/* Pool thread: only the Lookup (on the waiting coroutine's stack) is touched. */
static void lookup_work(void *arg)
{
    Lookup *l = arg;
    struct addrinfo hints = {.ai_family = l->family, .ai_socktype = l->socktype};
    struct addrinfo *res = NULL;
    l->rc = getaddrinfo(l->host, NULL, &hints, &res);
    if (l->rc == 0) {
        if (res && res->ai_addrlen <= sizeof l->sa) {
            memcpy(&l->sa, res->ai_addr, res->ai_addrlen);
            l->len = res->ai_addrlen;
        } else {
            l->rc = EAI_NONAME;
        }
    }
    if (res)
        freeaddrinfo(res);
}

static int set_port(struct sockaddr_storage *sa, int family, int64_t port)
{
    if (port < 1 || port > 65535)
        return EINVAL;
    if (family == AF_INET)
        ((struct sockaddr_in *)sa)->sin_port = htons((uint16_t)port);
    else
        ((struct sockaddr_in6 *)sa)->sin6_port = htons((uint16_t)port);
    return 0;
}

int cli_resolve(const CliSock *s, SwString host, int64_t port, struct sockaddr_storage *sa,
                socklen_t *len)
{
    memset(sa, 0, sizeof *sa);
    if (host.len == 0 || memchr(host.ptr, 0, (size_t)host.len))
        return EINVAL;
    if (s->family == AF_UNIX) {
        struct sockaddr_un *un = (struct sockaddr_un *)sa;
        if ((size_t)host.len >= sizeof un->sun_path)
            return ENAMETOOLONG;
        un->sun_family = AF_UNIX;
        memcpy(un->sun_path, host.ptr, (size_t)host.len);
        if (un->sun_path[0] == '@')
            un->sun_path[0] = 0; /* abstract namespace, as printed by cli_addr_str */
        *len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + (size_t)host.len +
                           (un->sun_path[0] != 0));
        return 0;
    }
    Lookup l = {.family = s->family, .socktype = s->stream ? SOCK_STREAM : SOCK_DGRAM};
    const uint8_t *h = host.ptr;
    size_t hl = (size_t)host.len;
    if (s->family == AF_INET6 && hl >= 2 && h[0] == '[' && h[hl - 1] == ']') {
        h++; /* "[::1]" */
        hl -= 2;
    }
    if (hl == 0 || hl >= sizeof l.host)
        return hl ? CLI_ERESOLVE : EINVAL;
    memcpy(l.host, h, hl);
    if (s->family == AF_INET) {
        struct sockaddr_in *in = (struct sockaddr_in *)sa;
        in->sin_family = AF_INET;
        *len = sizeof *in;
        if (strcmp(l.host, "localhost") == 0) {
            in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            return set_port(sa, AF_INET, port);
        }
        if (inet_pton(AF_INET, l.host, &in->sin_addr) == 1)
            return set_port(sa, AF_INET, port);
    } else {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)sa;
        in6->sin6_family = AF_INET6;
        *len = sizeof *in6;
        if (strcmp(l.host, "localhost") == 0) {
            in6->sin6_addr = in6addr_loopback;
            return set_port(sa, AF_INET6, port);
        }
        if (inet_pton(AF_INET6, l.host, &in6->sin6_addr) == 1)
            return set_port(sa, AF_INET6, port);
    }
    if (port < 1 || port > 65535)
        return EINVAL; /* before a possibly slow lookup */
    sw_pool_run(lookup_work, &l);
    if (l.rc != 0 || (int)l.sa.ss_family != s->family)
        return CLI_ERESOLVE;
    memcpy(sa, &l.sa, l.len);
    *len = l.len;
    return set_port(sa, s->family, port);
}

/* ---- connect ------------------------------------------------------------------- */

/* Returns 0 or an error code (ETIMEDOUT after timeout_ns, < 0: no limit). */
int64_t sw_cli_connect(CliSock *s, SwString host, int64_t port, int64_t timeout_ns)
{
    if (!s || s->fd < 0)
        return EBADF;
    int64_t deadline = cli_deadline(timeout_ns);
    struct sockaddr_storage sa;
    socklen_t len = 0;
    int e = cli_resolve(s, host, port, &sa, &len);
    if (e)
        return e;
    if (s->fd < 0)
        return EBADF; /* closed during the lookup */
    if (connect(s->fd, (struct sockaddr *)&sa, len) == 0)
        return 0;
    if (errno != EINPROGRESS && errno != EINTR)
        return errno;
    for (;;) {
        e = cli_wait(s, SW_RX_WRITE, deadline);
        if (e)
            return e;
        int soerr = 0;
        socklen_t sl = sizeof soerr;
        if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) < 0)
            return errno;
        if (soerr)
            return soerr;
        struct sockaddr_storage peer;
        socklen_t pl = sizeof peer;
        if (getpeername(s->fd, (struct sockaddr *)&peer, &pl) == 0)
            return 0;
        /* ENOTCONN with no error: a spurious wake, still connecting */
    }
}

/* ---- names ---------------------------------------------------------------------- */

SwString cli_addr_str(const struct sockaddr_storage *sa, socklen_t len, int64_t *port)
{
    char buf[INET6_ADDRSTRLEN + 110];
    size_t n = 0;
    *port = 0;
    if (sa->ss_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
        inet_ntop(AF_INET, &in->sin_addr, buf, sizeof buf);
        *port = ntohs(in->sin_port);
        n = strlen(buf);
    } else if (sa->ss_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
        inet_ntop(AF_INET6, &in6->sin6_addr, buf, sizeof buf);
        *port = ntohs(in6->sin6_port);
        n = strlen(buf);
    } else if (sa->ss_family == AF_UNIX && len > offsetof(struct sockaddr_un, sun_path)) {
        const struct sockaddr_un *un = (const struct sockaddr_un *)sa;
        size_t pl = len - offsetof(struct sockaddr_un, sun_path);
        if (pl > sizeof un->sun_path)
            pl = sizeof un->sun_path;
        memcpy(buf, un->sun_path, pl);
        if (buf[0] == 0)
            buf[0] = '@'; /* abstract: the NUL-led name, not NUL-terminated */
        else
            pl = strnlen(buf, pl);
        n = pl;
    }
    uint8_t *d = sw_alloc_noscan(n ? n : 1);
    memcpy(d, buf, n);
    return (SwString){d, (int64_t)n};
}

/* client.GetSockName / GetPeerName: the address, *port, *err (0 or errno). */
SwString sw_cli_name(CliSock *s, bool peer, int64_t *port, int64_t *err)
{
    *port = 0;
    *err = 0;
    if (!s || s->fd < 0) {
        *err = EBADF;
        return (SwString){NULL, 0};
    }
    struct sockaddr_storage sa;
    socklen_t len = sizeof sa;
    int r = peer ? getpeername(s->fd, (struct sockaddr *)&sa, &len)
                 : getsockname(s->fd, (struct sockaddr *)&sa, &len);
    if (r < 0) {
        *err = errno;
        return (SwString){NULL, 0};
    }
    return cli_addr_str(&sa, len, port);
}

/* ErrMsg: the C library's text of an errno, or ours for CLI_ERESOLVE. */
SwString sw_cli_strerror(int64_t code)
{
    char tmp[64];
    const char *t;
    if (code == 0)
        t = "Success";
    else if (code == CLI_ERESOLVE)
        t = "DNS lookup resolve failed";
    else if (code > 0 && code < 4096)
        t = strerror((int)code); /* the scheduler thread only */
    else {
        snprintf(tmp, sizeof tmp, "Unknown error %lld", (long long)code);
        t = tmp;
    }
    size_t n = strlen(t);
    uint8_t *d = sw_alloc_noscan(n ? n : 1);
    memcpy(d, t, n);
    return (SwString){d, (int64_t)n};
}

int64_t sw_cli_now(void)
{
    return sw_now();
}
