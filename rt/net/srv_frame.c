// SPDX-License-Identifier: MIT
/*
 * srv_frame.c — the built-in framers of TCP input (seed §1.3.9): where a
 * packet ends in a byte stream.  Pure functions over a buffer, no I/O, no
 * allocation: the core calls srv_frame_next on a connection's buffered
 * input until it returns 0 (need more) and delivers each packet.
 *
 *   RAW        every read is one packet (no framing)
 *   EOF_CHECK  the buffered input is one delivery once it ends with the EOF
 *              (it may hold several packets: OpenEOFCheck)
 *   EOF_SPLIT  each packet ends at the first EOF (OpenEOFSplit); the EOF is
 *              part of the packet, as in Swoole
 *   LENGTH     a fixed header holds the body length: the packet is
 *              body_offset + value bytes (OpenLengthCheck)
 */
#define _GNU_SOURCE
#include <string.h>

#include "srv.h"

int64_t srv_frame_next(const SrvFrame *f, const uint8_t *buf, int64_t len)
{
    switch (f->kind) {
    case SRV_FRAME_RAW:
        return len;
    case SRV_FRAME_EOF_CHECK:
        if (len >= f->eof_len && !memcmp(buf + len - f->eof_len, f->eof, (size_t)f->eof_len)) return len;
        return len > f->max_len ? -1 : 0;
    case SRV_FRAME_EOF_SPLIT: {
        const uint8_t *e = memmem(buf, (size_t)(len < f->max_len ? len : f->max_len), f->eof, (size_t)f->eof_len);
        if (e) return (int64_t)(e - buf) + f->eof_len;
        return len >= f->max_len ? -1 : 0;
    }
    case SRV_FRAME_LENGTH: {
        int64_t need = f->len_offset + f->len_size;
        if (len < need) return 0;
        const uint8_t *p = buf + f->len_offset;
        int64_t v;
        switch (f->len_type) {
        case 'C': v = p[0]; break;
        case 'c': v = (int8_t)p[0]; break;
        case 'n': v = (int64_t)p[0] << 8 | p[1]; break;
        case 'v': case 'S': v = (int64_t)p[1] << 8 | p[0]; break;
        case 's': v = (int16_t)(p[1] << 8 | p[0]); break;
        case 'N': v = (int64_t)p[0] << 24 | (int64_t)p[1] << 16 | (int64_t)p[2] << 8 | p[3]; break;
        case 'V': case 'L': v = (int64_t)p[3] << 24 | (int64_t)p[2] << 16 | (int64_t)p[1] << 8 | p[0]; break;
        case 'l': v = (int32_t)((uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0]); break;
        default: return -1;
        }
        if (v < 0) return -1;
        int64_t total = f->body_offset + v;
        if (total <= 0 || total > f->max_len) return -1;
        return len >= total ? total : 0;
    }
    }
    return -1;
}

static int code_size(char c)
{
    switch (c) {
    case 'c': case 'C': return 1;
    case 'n': case 'v': case 's': case 'S': return 2;
    case 'N': case 'V': case 'l': case 'L': return 4;
    default: return 0;
    }
}

const char *srv_frame_setup(SrvFrame *f, const SrvOptions *o)
{
    memset(f, 0, sizeof *f);
    f->max_len = o->package_max_length > 0 ? o->package_max_length : 2 << 20;
    if (o->open_length_check) {
        if (o->open_eof_check || o->open_eof_split) return "OpenLengthCheck and OpenEOFCheck/OpenEOFSplit exclude each other";
        const SwString *t = &o->package_length_type;
        char c = t->len == 0 ? 'N' : (char)t->ptr[0];
        if (t->len > 1 || !code_size(c)) return "PackageLengthType must be one of n N v V C c s S l L";
        if (o->package_length_offset < 0 || o->package_body_offset < 0) return "negative PackageLengthOffset or PackageBodyOffset";
        f->kind = SRV_FRAME_LENGTH;
        f->len_type = c;
        f->len_size = code_size(c);
        f->len_offset = o->package_length_offset;
        f->body_offset = o->package_body_offset;
        if (f->len_offset + f->len_size > f->max_len) return "PackageLengthOffset beyond PackageMaxLength";
        return NULL;
    }
    if (o->open_eof_check || o->open_eof_split) {
        const SwString *e = &o->package_eof;
        if (e->len > (int64_t)sizeof f->eof) return "PackageEOF is longer than 8 bytes";
        if (e->len == 0) {
            memcpy(f->eof, "\r\n", 2);
            f->eof_len = 2;
        } else {
            memcpy(f->eof, e->ptr, (size_t)e->len);
            f->eof_len = (int)e->len;
        }
        f->kind = o->open_eof_split ? SRV_FRAME_EOF_SPLIT : SRV_FRAME_EOF_CHECK;
        return NULL;
    }
    f->kind = SRV_FRAME_RAW;
    return NULL;
}
