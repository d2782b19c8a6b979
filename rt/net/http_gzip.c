// SPDX-License-Identifier: MIT
/*
 * http_gzip.c — streaming gzip for responses sent with Write: when
 * HTTPCompression is on and the request's Accept-Encoding has gzip, the
 * first Write starts one deflate stream for the response; each Write
 * compresses its data and flushes it (Z_SYNC_FLUSH), so every chunk on the
 * wire decompresses to exactly what was written so far and the client sees
 * data as it is written; End compresses its data and finishes the stream
 * (gzip trailer).  CompressionMinLength does not apply here: the length
 * of a streamed body is not known at its start.
 *
 * The zlib state is malloc'd and kept by the connection (a connection has
 * one response in progress at a time), so a request that never writes
 * costs nothing; it is freed when the stream finishes or, at the latest,
 * when the response completes or the connection goes (http_srv.c).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "http_srv.h"

bool http_gz_start(HttpCtx *c)
{
    if (!c->accept_gzip || !c->cfg->compression) return false;
    if (c->status == 204 || c->status == 304) return false;
    for (int i = 0; i < c->nhdrs; i++) {
        SwString k = c->hdrs[i].key;
        if (k.len == 16 && strncasecmp((const char *)k.ptr, "Content-Encoding", 16) == 0) return false;
    }
    if (c->head_method) return true;    /* the same head as GET, no body to compress */
    void **slot = http_conn_gz(c);
    if (!slot) return false;
    z_stream *zs = calloc(1, sizeof *zs);
    if (!zs) return false;
    int level = c->cfg->compression_level;
    if (level < 1 || level > 9) level = 1;
    if (deflateInit2(zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        free(zs);
        return false;
    }
    if (*slot) http_gz_release(*slot);
    *slot = zs;
    return true;
}

bool http_gz_on(HttpCtx *c)
{
    void **slot = http_conn_gz(c);
    return slot && *slot;
}

SwString http_gz_chunk(HttpCtx *c, SwString data, bool finish)
{
    void **slot = http_conn_gz(c);
    z_stream *zs = slot ? *slot : NULL;
    if (!zs) return data;
    size_t cap = (size_t)deflateBound(zs, (uLong)data.len) + 64;
    uint8_t *out = sw_alloc_noscan(cap);
    size_t len = 0;
    zs->next_in = (Bytef *)data.ptr;
    zs->avail_in = (uInt)data.len;
    for (;;) {
        zs->next_out = out + len;
        zs->avail_out = (uInt)(cap - len);
        int r = deflate(zs, finish ? Z_FINISH : Z_SYNC_FLUSH);
        len = cap - zs->avail_out;
        /* room left after a flush means all of it is out */
        if (r == Z_STREAM_END || zs->avail_out > 0 || (r != Z_OK && r != Z_BUF_ERROR)) break;
        /* out of room: grow and go on */
        uint8_t *bigger = sw_alloc_noscan(cap * 2);
        memcpy(bigger, out, len);
        out = bigger;
        cap *= 2;
    }
    zs->next_in = NULL;
    if (finish) {
        *slot = NULL;
        http_gz_release(zs);
    }
    return (SwString){out, (int64_t)len};
}

void http_gz_release(void *p)
{
    z_stream *zs = p;
    deflateEnd(zs);
    free(zs);
}
