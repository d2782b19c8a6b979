// SPDX-License-Identifier: MIT
/*
 * test_form.c — percent decoding, path cleaning, urlencoded forms, Cookie
 * fields and multipart/form-data bodies, each on inputs that end at a guard
 * page; the in-place variants decode into their own input.
 */
#include <string.h>

#include "http_form.h"
#include "t.h"

static char out[4096];

static int eqs(const char *p, size_t n, const char *want)
{
    return n == strlen(want) && memcmp(p, want, n) == 0;
}

static int kv_is(const HttpKV *kv, const char *k, const char *v)
{
    return eqs(kv->key, kv->klen, k) && eqs(kv->val, kv->vlen, v);
}

#define G(s) guard_copy(0, s, sizeof(s) - 1), sizeof(s) - 1

static void percent(void)
{
    size_t n = http_pct_decode(G("a%20b+c%41%4a%4"), out, 1);
    CHECK(eqs(out, n, "a b cAJ%4"), "form decoding: %.*s", (int)n, out);
    n = http_pct_decode(G("a%20b+c"), out, 0);
    CHECK(eqs(out, n, "a b+c"), "without plus");
    n = http_pct_decode(G("%zz%%41%"), out, 1);
    CHECK(eqs(out, n, "%zz%A%"), "malformed escapes kept");

    long m = http_path_decode(G("/a%2Fb/c+d%7e"), out);
    CHECK(m >= 0 && eqs(out, (size_t)m, "/a/b/c+d~"), "path decoding");
    CHECK(http_path_decode(G("/a%00b"), out) == -1, "%%00 refused");
    CHECK(http_path_decode(G("/a%4"), out) == -1 && http_path_decode(G("/a%"), out) == -1 &&
          http_path_decode(G("/a%g1"), out) == -1, "malformed escapes refused in a path");
    char nul[] = "/a\0b";
    CHECK(http_path_decode(guard_copy(0, nul, 4), 4, out) == -1, "raw NUL refused");

    static const struct { const char *in, *want; } clean[] = {
        { "/", "/" }, { "/a/./b/../c", "/a/c" }, { "//a//b/", "/a/b/" }, { "/a/..", "/" },
        { "/a/b/.", "/a/b/" }, { "/a/b/..", "/a/" }, { "/...", "/..." }, { "/a/..b/.c", "/a/..b/.c" },
        { "/./", "/" }, { "/a/b/../../c/", "/c/" },
    };
    for (size_t i = 0; i < sizeof clean / sizeof clean[0]; i++) {
        size_t len = strlen(clean[i].in);
        char *p = guard_copy(0, clean[i].in, len);
        long r = http_path_clean(p, len);
        CHECK(r >= 0 && eqs(p, (size_t)r, clean[i].want), "clean %s → %.*s", clean[i].in, (int)(r < 0 ? 0 : r), p);
    }
    static const char *const climb[] = { "/..", "/a/../..", "/../a", "a/b", "" };
    for (size_t i = 0; i < sizeof climb / sizeof climb[0]; i++) {
        size_t len = strlen(climb[i]);
        CHECK(http_path_clean(guard_copy(0, climb[i], len), len) == -1, "clean refuses %s", climb[i]);
    }
}

static void urlencoded(void)
{
    HttpKV kv[16];
    int n = http_urlencoded_parse(G("a=1&b=&c&a[]=x&a[]=y&&=z&k%20ey=v+al%21&x=%zz"), out, kv, 16);
    CHECK(n == 7, "pair count %d", n);
    CHECK(kv_is(&kv[0], "a", "1") && kv_is(&kv[1], "b", "") && kv_is(&kv[2], "c", "") &&
          kv_is(&kv[3], "a[]", "x") && kv_is(&kv[4], "a[]", "y") && kv_is(&kv[5], "k ey", "v al!") &&
          kv_is(&kv[6], "x", "%zz"), "pairs");
    n = http_urlencoded_parse(G("a=1&b=2&c=3"), out, kv, 2);
    CHECK(n == 3 && kv_is(&kv[1], "b", "2"), "more pairs than room: count all, store max");
    CHECK(http_urlencoded_parse(G(""), out, kv, 16) == 0 && http_urlencoded_parse(G("&&&"), out, kv, 16) == 0,
          "empty");
    static const char src[] = "na%6De=J%C3%BCrgen+M&q=a%26b%3Dc";
    char *p = guard_copy(0, src, sizeof src - 1);
    n = http_urlencoded_parse(p, sizeof src - 1, p, kv, 16);
    CHECK(n == 2 && kv_is(&kv[0], "name", "J\xc3\xbcrgen M") && kv_is(&kv[1], "q", "a&b=c"), "in place");
}

static void cookies(void)
{
    HttpKV kv[16];
    int n = http_cookie_parse(G("a=1; b=\"q v\"; c; d = 4 ; e=x%3By;;  =nope; f=a+b; g=\""), out, kv, 16);
    CHECK(n == 7, "cookie count %d", n);
    CHECK(kv_is(&kv[0], "a", "1") && kv_is(&kv[1], "b", "q v") && kv_is(&kv[2], "c", "") &&
          kv_is(&kv[3], "d", "4") && kv_is(&kv[4], "e", "x;y") && kv_is(&kv[5], "f", "a b") &&
          kv_is(&kv[6], "g", "\""), "cookies");
    static const char src[] = "PHPSESSID=abc123;theme=dark%20blue";
    char *p = guard_copy(0, src, sizeof src - 1);
    n = http_cookie_parse(p, sizeof src - 1, p, kv, 16);
    CHECK(n == 2 && kv_is(&kv[0], "PHPSESSID", "abc123") && kv_is(&kv[1], "theme", "dark blue"), "in place");
}

static void multipart(void)
{
    const char *b;
    size_t bl;
    CHECK(http_multipart_boundary(G("multipart/form-data; boundary=----WebKitFormBoundary7MA4"), &b, &bl) == 0 &&
          eqs(b, bl, "----WebKitFormBoundary7MA4"), "boundary");
    CHECK(http_multipart_boundary(G("Multipart/Form-Data;charset=utf-8;Boundary=\"a b\""), &b, &bl) == 0 &&
          eqs(b, bl, "a b"), "quoted boundary, any case, other parameters");
    CHECK(http_multipart_boundary(G("multipart/form-data"), &b, &bl) == -1, "missing boundary");
    CHECK(http_multipart_boundary(G("multipart/form-data; charset=x"), &b, &bl) == -1, "no boundary parameter");
    CHECK(http_multipart_boundary(G("multipart/form-data; boundary="), &b, &bl) == -1, "empty boundary");
    CHECK(http_multipart_boundary(G("multipart/form-data; boundary=\"abc"), &b, &bl) == -1, "unterminated quote");
    CHECK(http_multipart_boundary(G("text/plain; boundary=x"), &b, &bl) == -1, "not multipart/form-data");
    CHECK(http_multipart_boundary(G("multipart/form-data; boundary=0123456789012345678901234567890123456789"
                                    "0123456789012345678901234567890"), &b, &bl) == -1, "boundary of 71 bytes");
    CHECK(http_multipart_boundary(G("multipart/form-data; boundary=012345678901234567890123456789012345678901"
                                    "2345678901234567890123456789"), &b, &bl) == 0 && bl == 70, "boundary of 70");

    static const char body[] =
        "preamble\r\n"
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"title\"\r\n"
        "\r\n"
        "Hello -- world\r\n-XyZ--\r\n"
        "\r\n--XyZ  \r\n"
        "content-disposition: form-data; name=\"empty\"\r\n"
        "\r\n"
        "\r\n--XyZ\r\n"
        "Content-Disposition: form-data; name=\"file\"; filename=\"a b.txt\"\r\n"
        "Content-Type: text/plain\r\n"
        "\r\n"
        "line1\r\nline2\r\n"
        "\r\n--XyZ\r\n"
        "Content-Disposition: form-data; name=\"nofile\"; filename=\"\"\r\n"
        "Content-Type: application/octet-stream\r\n"
        "\r\n"
        "\r\n--XyZ\r\n"
        "Content-Disposition: form-data\r\n"
        "\r\n"
        "nameless\r\n--XyZ\r\n"
        "Content-Disposition: form-data; name=a[]\r\n"
        "\r\n"
        "1\r\n--XyZ--\r\n"
        "epilogue";
    HttpPart parts[8];
    int n = http_multipart_parse(G(body), "XyZ", 3, parts, 8);
    CHECK(n == 5, "part count %d", n);
    CHECK(n == 5 && eqs(parts[0].name, parts[0].name_len, "title") && !parts[0].is_file && !parts[0].ctype &&
          eqs(parts[0].data, parts[0].data_len, "Hello -- world\r\n-XyZ--\r\n"), "text field");
    CHECK(n == 5 && eqs(parts[1].name, parts[1].name_len, "empty") && parts[1].data_len == 0, "empty field");
    CHECK(n == 5 && parts[2].is_file && eqs(parts[2].filename, parts[2].filename_len, "a b.txt") &&
          eqs(parts[2].ctype, parts[2].ctype_len, "text/plain") &&
          eqs(parts[2].data, parts[2].data_len, "line1\r\nline2\r\n"), "file part");
    CHECK(n == 5 && parts[3].is_file && parts[3].filename_len == 0 && parts[3].data_len == 0,
          "file input with no file chosen");
    CHECK(n == 5 && eqs(parts[4].name, parts[4].name_len, "a[]") && eqs(parts[4].data, parts[4].data_len, "1"),
          "unquoted name, nameless part skipped");
    CHECK(http_multipart_parse(G(body), "XyZ", 3, parts, 2) == 5, "more parts than room");

    CHECK(http_multipart_parse(G("--b\r\n\r\nx\r\n--b--"), "b", 1, parts, 8) == 0, "part without headers");
    CHECK(http_multipart_parse(G("--b--"), "b", 1, parts, 8) == 0, "no parts");
    CHECK(http_multipart_parse(G(""), "b", 1, parts, 8) == -400, "empty body");
    CHECK(http_multipart_parse(G("--c\r\n\r\nx\r\n--c--"), "b", 1, parts, 8) == -400, "no first boundary");
    CHECK(http_multipart_parse(G("--b\r\nContent-Disposition: form-data; name=x\r\n\r\nabc"), "b", 1, parts, 8) ==
          -400, "truncated part");
    CHECK(http_multipart_parse(G("--b\r\nContent-Disposition: form-data; name=x\r\n\r\nabc\r\n--b"), "b", 1, parts,
                               8) == -400, "missing close delimiter");
    CHECK(http_multipart_parse(G("--b\r\nContent-Disposition: form-data; name=x\r\n"), "b", 1, parts, 8) == -400,
          "truncated headers");
    CHECK(http_multipart_parse(G("--b\r\nbad header\r\n\r\nx\r\n--b--"), "b", 1, parts, 8) == -400,
          "part header without colon");
    CHECK(http_multipart_parse(G("--b\r\nContent-Disposition: form-data; name=\"x\r\n\r\nx\r\n--b--"), "b", 1,
                               parts, 8) == -400, "unterminated quoted name");
    CHECK(http_multipart_parse(G("--bX\r\n\r\nx\r\n--b--"), "b", 1, parts, 8) == -400,
          "junk after a delimiter");
}

void test_form(void)
{
    percent();
    urlencoded();
    cookies();
    multipart();
}
