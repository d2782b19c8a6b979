// SPDX-License-Identifier: MIT
/*
 * srv_sock.c — the sockets of the server core: creating and binding the
 * listening / datagram sockets of each socket type, tuning accepted
 * connections (TCP_NODELAY, keepalive) and turning addresses into text.
 * Everything is non-blocking and close-on-exec.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "srv.h"

bool srv_sock_addr(int family, const char *host, int64_t port, struct sockaddr_storage *sa, socklen_t *len)
{
    memset(sa, 0, sizeof *sa);
    if (family == AF_UNIX) {
        struct sockaddr_un *un = (struct sockaddr_un *)sa;
        size_t n = strlen(host);
        if (n == 0 || n >= sizeof un->sun_path) return false;
        un->sun_family = AF_UNIX;
        memcpy(un->sun_path, host, n);
        *len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + 1);
        return true;
    }
    if (port < 0 || port > 65535) return false;
    if (family == AF_INET6) {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)sa;
        a->sin6_family = AF_INET6;
        a->sin6_port = htons((uint16_t)port);
        const char *h = *host ? host : "::";
        if (inet_pton(AF_INET6, h, &a->sin6_addr) != 1) return false;
        *len = sizeof *a;
        return true;
    }
    struct sockaddr_in *a = (struct sockaddr_in *)sa;
    a->sin_family = AF_INET;
    a->sin_port = htons((uint16_t)port);
    const char *h = *host ? host : "0.0.0.0";
    if (!strcmp(h, "localhost")) h = "127.0.0.1";
    if (inet_pton(AF_INET, h, &a->sin_addr) != 1) return false;
    *len = sizeof *a;
    return true;
}

static int type_family(int type)
{
    switch (type) {
    case SRV_SOCK_TCP6: case SRV_SOCK_UDP6: return AF_INET6;
    case SRV_SOCK_UNIX_DGRAM: case SRV_SOCK_UNIX_STREAM: return AF_UNIX;
    default: return AF_INET;
    }
}

static bool type_dgram(int type)
{
    return type == SRV_SOCK_UDP || type == SRV_SOCK_UDP6 || type == SRV_SOCK_UNIX_DGRAM;
}

static char errbuf[256];

static const char *fail(const char *what, const char *host, int64_t port, int e)
{
    snprintf(errbuf, sizeof errbuf, "%s %s:%lld: %s", what, host, (long long)port, strerror(e));
    return errbuf;
}

int srv_sock_open(int type, const char *host, int64_t port, int backlog, bool reuseport, int64_t *bound_port,
                  const char **err)
{
    int family = type_family(type);
    bool dgram = type_dgram(type);
    struct sockaddr_storage sa;
    socklen_t len;
    if (type < SRV_SOCK_TCP || type > SRV_SOCK_UNIX_STREAM) {
        *err = "unknown socket type";
        return -1;
    }
    if (!srv_sock_addr(family, host, port, &sa, &len)) {
        snprintf(errbuf, sizeof errbuf, "bad %s address %s:%lld",
                 family == AF_UNIX ? "Unix socket" : family == AF_INET6 ? "IPv6" : "IPv4", host,
                 (long long)port);
        *err = errbuf;
        return -1;
    }
    int fd = socket(family, (dgram ? SOCK_DGRAM : SOCK_STREAM) | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        *err = fail("socket", host, port, errno);
        return -1;
    }
    int one = 1;
    if (family != AF_UNIX) {
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (reuseport) setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
        if (family == AF_INET6) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    } else {
        /* A stale socket file from an earlier run would make bind fail. */
        struct sockaddr_un *un = (struct sockaddr_un *)&sa;
        if (un->sun_path[0]) unlink(un->sun_path);
    }
    if (bind(fd, (struct sockaddr *)&sa, len) != 0) {
        *err = fail("bind", host, port, errno);
        close(fd);
        return -1;
    }
    if (!dgram && listen(fd, backlog > 0 ? backlog : 511) != 0) {
        *err = fail("listen", host, port, errno);
        close(fd);
        return -1;
    }
    *bound_port = port;
    if (family != AF_UNIX) {
        struct sockaddr_storage got;
        socklen_t gl = sizeof got;
        if (getsockname(fd, (struct sockaddr *)&got, &gl) == 0) {
            char a[64];
            srv_sock_name((struct sockaddr *)&got, gl, a, sizeof a, bound_port);
        }
    }
    return fd;
}

void srv_sock_tune(int fd, const SrvOptions *o, int family)
{
    if (family == AF_UNIX) return;
    int one = 1;
    if (o->open_tcp_nodelay) setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (o->open_tcp_keepalive) {
        setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
        int v;
        if (o->tcp_keep_idle > 0) {
            v = (int)o->tcp_keep_idle;
            setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &v, sizeof v);
        }
        if (o->tcp_keep_interval > 0) {
            v = (int)o->tcp_keep_interval;
            setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &v, sizeof v);
        }
        if (o->tcp_keep_count > 0) {
            v = (int)o->tcp_keep_count;
            setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &v, sizeof v);
        }
    }
}

void srv_sock_name(const struct sockaddr *sa, socklen_t len, char *addr, size_t n, int64_t *port)
{
    addr[0] = 0;
    *port = 0;
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *a = (const struct sockaddr_in *)sa;
        inet_ntop(AF_INET, &a->sin_addr, addr, (socklen_t)n);
        *port = ntohs(a->sin_port);
    } else if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)sa;
        inet_ntop(AF_INET6, &a->sin6_addr, addr, (socklen_t)n);
        *port = ntohs(a->sin6_port);
    } else if (sa->sa_family == AF_UNIX) {
        const struct sockaddr_un *un = (const struct sockaddr_un *)sa;
        size_t off = offsetof(struct sockaddr_un, sun_path);
        size_t m = len > off ? (size_t)len - off : 0;
        if (m > sizeof un->sun_path) m = sizeof un->sun_path;
        size_t k = strnlen(un->sun_path, m);
        if (k >= n) k = n - 1;
        memcpy(addr, un->sun_path, k);
        addr[k] = 0;
    }
}
