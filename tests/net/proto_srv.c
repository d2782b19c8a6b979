// SPDX-License-Identifier: MIT
/*
 * proto_srv.c — a server whose port carries a C protocol (SrvProto) instead
 * of the built-in framers, as the HTTP server does: lines "GET key\n" are
 * answered "VAL key\n" straight from C, with no Sw callback.  Run by
 * net_test.py: proto_srv PORT.  Also checks srv_frame_next at and past its
 * limits when run as `proto_srv frame` (prints `N passed, M failed`).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "srv.h"

static int64_t line_data(SrvServer *s, SrvConn *c, const uint8_t *buf, int64_t len)
{
    const uint8_t *nl = memchr(buf, '\n', (size_t)len);
    if (!nl) return 0;
    int64_t n = nl - buf + 1;
    if (n < 5 || memcmp(buf, "GET ", 4) != 0) return -1;   /* protocol error: close */
    char out[256];
    int m = snprintf(out, sizeof out, "VAL %.*s\n", (int)(n - 5), (const char *)buf + 4);
    srv_send(s, c->sid, (const uint8_t *)out, m);
    return n;
}

static int opens, closes;
static void line_open(SrvServer *s, SrvConn *c) { (void)s; (void)c; opens++; }
static void line_close(SrvServer *s, SrvConn *c) { (void)s; (void)c; closes++; }

static const SrvProto line_proto = {"line", line_data, line_open, line_close, NULL};

static int port_arg;

static void serve_main(void)
{
    SrvServer *s = srv_new("127.0.0.1", port_arg, SRV_MODE_BASE, SRV_SOCK_TCP);
    if (s->err) {
        fprintf(stderr, "%s\n", s->err);
        exit(1);
    }
    s->ports->proto = &line_proto;
    const char *e = srv_start(s);
    if (e) {
        fprintf(stderr, "%s\n", e);
        exit(1);
    }
    fprintf(stderr, "opens %d closes %d\n", opens, closes);
}

static int pass, fail;
static void check(bool ok, const char *what)
{
    if (ok) pass++;
    else {
        fail++;
        printf("FAIL frame: %s\n", what);
    }
}

static void frame_tests(void)
{
    SrvOptions o;
    SrvFrame f;
    memset(&o, 0, sizeof o);
    o.open_length_check = true;
    o.package_length_type = (SwString){(const uint8_t *)"n", 1};
    o.package_body_offset = 2;
    o.package_max_length = 10;
    check(srv_frame_setup(&f, &o) == NULL, "setup n");
    check(srv_frame_next(&f, (const uint8_t *)"\0", 1) == 0, "short header waits");
    check(srv_frame_next(&f, (const uint8_t *)"\0\x08" "12345678", 10) == 10, "at PackageMaxLength");
    check(srv_frame_next(&f, (const uint8_t *)"\0\x09", 2) == -1, "past PackageMaxLength");
    check(srv_frame_next(&f, (const uint8_t *)"\0\x03" "ab", 4) == 0, "partial body waits");
    o.package_length_type = (SwString){(const uint8_t *)"l", 1};
    o.package_body_offset = 4;
    o.package_max_length = 100;
    check(srv_frame_setup(&f, &o) == NULL, "setup l");
    check(srv_frame_next(&f, (const uint8_t *)"\xff\xff\xff\xff", 4) == -1, "negative signed length");
    o.package_length_type = (SwString){(const uint8_t *)"x", 1};
    check(srv_frame_setup(&f, &o) != NULL, "bad pack code rejected");
    memset(&o, 0, sizeof o);
    o.open_eof_split = true;
    o.package_max_length = 8;
    check(srv_frame_setup(&f, &o) == NULL && f.eof_len == 2, "EOF defaults to \\r\\n");
    check(srv_frame_next(&f, (const uint8_t *)"abcdef\r\n", 8) == 8, "EOF packet at the limit");
    check(srv_frame_next(&f, (const uint8_t *)"abcdefg\r\n", 9) == -1, "EOF packet past the limit");
    check(srv_frame_next(&f, (const uint8_t *)"ab\r\ncd", 6) == 4, "first of two packets");
    check(srv_frame_next(&f, (const uint8_t *)"abc", 3) == 0, "no EOF yet");
    o.open_eof_check = true;
    o.open_length_check = true;
    check(srv_frame_setup(&f, &o) != NULL, "EOF and length framing together rejected");
    printf("%d passed, %d failed\n", pass, fail);
}

int main(int argc, char **argv)
{
    sw_rt_init(argc, argv);
    if (argc > 1 && !strcmp(argv[1], "frame")) {
        frame_tests();
        return fail != 0;
    }
    port_arg = argc > 1 ? atoi(argv[1]) : 9501;
    sw_co_run_main(serve_main);
}
