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
 * The zlib state is malloc'd and hangs off the HttpCtx; it is freed when
 * the stream finishes or, at the latest, when the response completes
 * (http_conn_done), whatever way it ends.
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
    z_stream *zs = calloc(1, sizeof *zs);
    if (!zs) return false;
    int level = c->cfg->compression_level;
    if (level < 1 || level > 9) level = 1;
    if (deflateInit2(zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        free(zs);
        return false;
    }
    c->gz = zs;
    return true;
}

SwString http_gz_chunk(HttpCtx *c, SwString data, bool finish)
{
    z_stream *zs = c->gz;
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
    if (finish) http_gz_free(c);
    return (SwString){out, (int64_t)len};
}

void http_gz_free(HttpCtx *c)
{
    z_stream *zs = c->gz;
    if (!zs) return;
    c->gz = NULL;
    deflateEnd(zs);
    free(zs);
}
