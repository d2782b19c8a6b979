// SPDX-License-Identifier: MIT
/*
 * bench.c — nanoseconds per request head for the request parser: the
 * request wrk sends, and a 500-byte browser-like request.  Not part of the
 * pass/fail tests; run it with HTTPP_BENCH=1 tests/httpp/run.sh.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "http_parse.h"

static const char wrk[] = "GET / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n";
static const char browser[] =
    "GET /products/list.html?category=books&sort=price&page=2 HTTP/1.1\r\n"
    "Host: shop.example.com\r\n"
    "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0\r\n"
    "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8\r\n"
    "Accept-Language: en-US,en;q=0.5\r\n"
    "Accept-Encoding: gzip, deflate, br\r\n"
    "Referer: https://shop.example.com/products/index.html\r\n"
    "Connection: keep-alive\r\n"
    "Cookie: session=3f9a1c2b7d8e4f60; theme=dark; lang=en\r\n"
    "Upgrade-Insecure-Requests: 1\r\n"
    "Sec-Fetch-Dest: document\r\n"
    "\r\n";

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts); /* CPU time: the machine may be shared */
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void bench(const char *name, const char *req, size_t n)
{
    static HttpReq r;
    volatile long sink = 0;
    long iters = 2000000;
    double best = 1e300;
    for (int round = 0; round < 5; round++) {
        double t0 = now();
        for (long i = 0; i < iters; i++) {
            http_req_init(&r);
            sink += http_req_parse(&r, req, n, NULL);
        }
        double ns = (now() - t0) / (double)iters;
        if (ns < best)
            best = ns;
    }
    if (sink != (long)n * 5 * iters)
        printf("bench %s: parse failed\n", name);
    printf("bench: %-8s %3zu bytes, %2u fields: %6.1f ns/request (best of 5 x %ld)\n", name, n, r.nheaders, best,
           iters);
}

int main(void)
{
    bench("wrk", wrk, sizeof wrk - 1);
    bench("browser", browser, sizeof browser - 1);
    return 0;
}
