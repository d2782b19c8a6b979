// SPDX-License-Identifier: MIT
/*
 * srv_udp.c — datagram ports (UDP, UDP6, Unix dgram): each datagram is one
 * packet for the packet hook (OnPacket), with the sender's address; SendTo
 * answers through a datagram port of the address's family.  The socket is
 * watched level-triggered and read up to a bound per wake-up, so one busy
 * port cannot starve the rest of the loop.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>

#include "srv.h"

static uint8_t dgram_buf[65536];
SW_GC_NOSCAN(dgram_buf)

void srv_udp_ready(int fd, int got, void *arg)
{
    (void)got;
    SrvPort *p = arg;
    SrvServer *s = p->srv;
    for (int i = 0; i < 64 && !s->stopping; i++) {
        struct sockaddr_storage from;
        socklen_t flen = sizeof from;
        ssize_t n = recvfrom(fd, dgram_buf, sizeof dgram_buf, 0, (struct sockaddr *)&from, &flen);
        if (n < 0) {
            if (errno == EINTR) continue;
            return;
        }
        s->stats.request_count++;
        if (s->hooks.packet) s->hooks.packet(s, p, dgram_buf, n, (struct sockaddr *)&from, flen);
    }
}

bool srv_sendto(SrvServer *s, const char *addr, int64_t port, const uint8_t *data, int64_t n)
{
    int family = strchr(addr, '/') ? AF_UNIX : strchr(addr, ':') ? AF_INET6 : AF_INET;
    for (SrvPort *p = s->ports; p; p = p->next) {
        if (!p->dgram || p->family != family || p->fd < 0) continue;
        struct sockaddr_storage sa;
        socklen_t len;
        if (!srv_sock_addr(family, addr, port, &sa, &len)) return false;
        for (;;) {
            ssize_t w = sendto(p->fd, data, (size_t)n, 0, (struct sockaddr *)&sa, len);
            if (w >= 0) return true;
            if (errno == EINTR) continue;
            if (errno == EAGAIN && sw_co_id() != 0) {
                sw_co_sleep(1000000);   /* socket buffer full: retry shortly */
                continue;
            }
            return false;
        }
    }
    return false;
}
