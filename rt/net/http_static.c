// SPDX-License-Identifier: MIT
/*
 * http_static.c — files from a document root, served in the reactor before
 * any handler runs (Swoole's enable_static_handler): path normalisation, no
 * way out of the root, MIME types, Last-Modified / If-Modified-Since → 304,
 * byte ranges (http_range.c), index.html for directories.
 *
 * Safety: the percent-decoded path is normalised lexically ('..' above the
 * root → 403, NUL or a decoded '/' inside a segment → 403), then the file's
 * realpath must still lie under the root's realpath, so a symlink that
 * points out of the root is refused (403) too.  A path that names no file
 * falls through to the handler, as Swoole does.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http_srv.h"

/* ---- MIME ------------------------------------------------------------------- */

static const struct { const char *ext, *type; } mime_table[] = {
    {"html", "text/html"}, {"htm", "text/html"}, {"css", "text/css"},
    {"js", "application/javascript"}, {"mjs", "application/javascript"},
    {"json", "application/json"}, {"xml", "application/xml"}, {"txt", "text/plain"},
    {"md", "text/markdown"}, {"csv", "text/csv"}, {"png", "image/png"},
    {"jpg", "image/jpeg"}, {"jpeg", "image/jpeg"}, {"gif", "image/gif"},
    {"svg", "image/svg+xml"}, {"ico", "image/x-icon"}, {"webp", "image/webp"},
    {"bmp", "image/bmp"}, {"avif", "image/avif"}, {"woff", "font/woff"},
    {"woff2", "font/woff2"}, {"ttf", "font/ttf"}, {"otf", "font/otf"},
    {"pdf", "application/pdf"}, {"zip", "application/zip"}, {"gz", "application/gzip"},
    {"tar", "application/x-tar"}, {"wasm", "application/wasm"}, {"mp3", "audio/mpeg"},
    {"ogg", "audio/ogg"}, {"wav", "audio/wav"}, {"mp4", "video/mp4"},
    {"webm", "video/webm"}, {"map", "application/json"},
};

const char *http_mime(const char *name, size_t n)
{
    size_t i = n;
    while (i > 0 && name[i - 1] != '.' && name[i - 1] != '/') i--;
    if (i == 0 || name[i - 1] != '.') return "application/octet-stream";
    const char *ext = name + i;
    size_t el = n - i;
    for (size_t k = 0; k < sizeof mime_table / sizeof mime_table[0]; k++)
        if (strlen(mime_table[k].ext) == el && strncasecmp(ext, mime_table[k].ext, el) == 0)
            return mime_table[k].type;
    return "application/octet-stream";
}

/* ---- path normalisation ---------------------------------------------------------- */

static int hexval(int ch)
{
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
}

long http_path_normalize(const char *path, size_t n, char *out, size_t cap)
{
    if (cap < 2 || n == 0 || path[0] != '/') return -1;
    size_t o = 0;
    out[o++] = '/';
    size_t i = 0;
    while (i < n) {
        while (i < n && path[i] == '/') i++;
        if (i >= n) break;
        /* one segment, decoded into out after the current '/' */
        size_t seg = o;
        while (i < n && path[i] != '/') {
            int ch = (unsigned char)path[i];
            if (ch == '%') {
                int h = i + 2 < n ? hexval((unsigned char)path[i + 1]) : -1;
                int l = i + 2 < n ? hexval((unsigned char)path[i + 2]) : -1;
                if (h < 0 || l < 0) return -1;
                ch = h * 16 + l;
                i += 3;
                if (ch == '/' || ch == '\\') return -1;   /* an encoded separator */
            } else {
                i++;
            }
            if (ch == 0) return -1;
            if (o + 1 >= cap) return -2;
            out[o++] = (char)ch;
        }
        size_t sl = o - seg;
        if (sl == 1 && out[seg] == '.') {
            o = seg;                        /* "." */
        } else if (sl == 2 && out[seg] == '.' && out[seg + 1] == '.') {
            /* ".." climbs one segment; above the root is an attack */
            if (seg == 1) return -1;
            o = seg - 1;                    /* the '/' before this segment */
            while (o > 1 && out[o - 1] != '/') o--;
        } else {
            if (o + 1 >= cap) return -2;
            out[o++] = '/';
        }
    }
    /* drop the trailing '/' we added after the last segment, except for a
     * path that ended with one (a directory) */
    if (o > 1 && out[o - 1] == '/' && !(n > 0 && path[n - 1] == '/')) o--;
    out[o] = 0;
    return (long)o;
}

/* ---- serving ---------------------------------------------------------------------- */

static void send_simple(HttpCtx *c, int code)
{
    char buf[512];
    size_t n = http_error_response(buf, sizeof buf, code);
    c->rflags |= HTTP_R_HEAD_SENT | HTTP_R_ENDED | HTTP_R_CLOSE;
    http_conn_send(c, buf, n);
    http_conn_done(c);
}

bool http_static_serve(HttpCtx *c)
{
    const HttpCfg *cfg = c->cfg;
    if (!cfg->static_handler || !cfg->document_root) return false;
    if (!c->head_method && !(c->method_len == 3 && memcmp(c->data + c->method_off, "GET", 3) == 0))
        return false;
    char rel[PATH_MAX];
    long rl = http_path_normalize(c->data + c->path_off, c->path_len, rel, sizeof rel);
    if (rl == -2) return false;
    if (rl < 0) {
        send_simple(c, 403);
        return true;
    }
    char full[PATH_MAX + 16];
    int fl = snprintf(full, sizeof full, "%s%s", cfg->document_root, rel);
    if (fl < 0 || (size_t)fl >= sizeof full - 16) return false;
    struct stat st;
    if (stat(full, &st) != 0) return false;
    if (S_ISDIR(st.st_mode)) {
        const char *idx = full[fl - 1] == '/' ? "index.html" : "/index.html";
        snprintf(full + fl, sizeof full - (size_t)fl, "%s", idx);
        if (stat(full, &st) != 0) return false;
    }
    if (!S_ISREG(st.st_mode)) return false;
    char real[PATH_MAX];
    if (!realpath(full, real)) return false;
    size_t rlen = cfg->document_root_len;
    if (strncmp(real, cfg->document_root, rlen) != 0 || (real[rlen] != '/' && real[rlen] != 0)) {
        send_simple(c, 403);        /* a symlink out of the root */
        return true;
    }
    int fd = open(real, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        send_simple(c, errno == EACCES ? 403 : 404);
        return true;
    }
    char lm[30];
    http_format_date(st.st_mtime, lm);
    const char *ims;
    size_t imsn;
    int status = 200;
    if (http_ctx_header(c, "If-Modified-Since", &ims, &imsn)) {
        int64_t t = http_parse_date(ims, imsn);
        if (t >= 0 && t >= (int64_t)st.st_mtime) status = 304;
    }
    const char *mime = http_mime(real, strlen(real));
    HttpRange rg[HTTP_RANGE_MAX];
    int nr = status == 200 ? http_range_select(c, st.st_size, st.st_mtime, rg) : 0;
    char head[1024];
    size_t dl;
    const char *date = http_date_line(&dl);
    bool close_after = !c->keep_alive;
    const char *conn = close_after ? "close" : "keep-alive";
    char boundary[24] = "";
    int hn;
    if (status == 304) {
        hn = snprintf(head, sizeof head,
                      "HTTP/1.1 304 Not Modified\r\nServer: swc-http-server\r\n%.*s"
                      "Last-Modified: %s\r\nConnection: %s\r\n\r\n",
                      (int)dl, date, lm, conn);
    } else if (nr != 0) {
        char lines[256];
        int64_t clen;
        http_range_head(lines, sizeof lines, rg, nr, st.st_size, mime, boundary, &clen);
        hn = snprintf(head, sizeof head,
                      "HTTP/1.1 %s\r\nServer: swc-http-server\r\n%.*s"
                      "%sLast-Modified: %s\r\nAccept-Ranges: bytes\r\nConnection: %s\r\n\r\n",
                      nr < 0 ? "416 Range Not Satisfiable" : "206 Partial Content", (int)dl, date,
                      lines, lm, conn);
    } else {
        hn = snprintf(head, sizeof head,
                      "HTTP/1.1 200 OK\r\nServer: swc-http-server\r\n%.*s"
                      "Content-Type: %s\r\nLast-Modified: %s\r\nContent-Length: %lld\r\n"
                      "Accept-Ranges: bytes\r\nConnection: %s\r\n\r\n",
                      (int)dl, date, mime, lm, (long long)st.st_size, conn);
    }
    c->rflags |= HTTP_R_HEAD_SENT | HTTP_R_ENDED | (close_after ? HTTP_R_CLOSE : 0);
    bool ok = http_conn_send(c, head, (size_t)hn);
    close(fd);
    if (ok && nr != 0)
        http_range_body(c, real, 0, rg, nr, st.st_size, mime, boundary);
    else if (ok && status == 200 && !c->head_method && st.st_size > 0)
        http_conn_sendfile(c, real, 0, st.st_size);
    http_conn_done(c);
    return true;
}
