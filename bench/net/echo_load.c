// SPDX-License-Identifier: MIT
/*
 * echo_load.c — a small closed-loop load generator for line echo servers:
 * C connections to 127.0.0.1:PORT, each sends "ping\n" and waits for one
 * reply line before the next request, for D seconds; prints requests per
 * second.  Usage: echo_load PORT [CONNS [SECONDS]].
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: echo_load PORT [CONNS [SECONDS]]\n");
        return 2;
    }
    int port = atoi(argv[1]), conns = argc > 2 ? atoi(argv[2]) : 50;
    double secs = argc > 3 ? atof(argv[3]) : 5;
    int ep = epoll_create1(0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    for (int i = 0; i < conns; i++) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
            perror("connect");
            return 1;
        }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        struct epoll_event ev = {.events = EPOLLIN, .data.fd = fd};
        epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
        if (write(fd, "ping\n", 5) != 5) return 1;
    }
    long done = 0;
    double t0 = now(), end = t0 + secs;
    char buf[4096];
    struct epoll_event evs[256];
    while (now() < end) {
        int n = epoll_wait(ep, evs, 256, 100);
        for (int i = 0; i < n; i++) {
            int fd = evs[i].data.fd;
            ssize_t r = read(fd, buf, sizeof buf);
            if (r <= 0) {
                fprintf(stderr, "connection closed\n");
                return 1;
            }
            done++;   /* one reply line per read (closed loop, small replies) */
            if (write(fd, "ping\n", 5) != 5) return 1;
        }
    }
    printf("%.0f requests/s (%d connections, %.1f s)\n", (double)done / (now() - t0), conns, secs);
    return 0;
}
