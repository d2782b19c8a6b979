// SPDX-License-Identifier: MIT
/*
 * sw_map.c — Go maps, and hashing and equality of values through their type
 * descriptors (also used by == on interfaces).
 *
 * A map is an append-only table of entries (hash, live flag, key, value)
 * plus an open-addressing index of entry numbers.  Deleting clears the live
 * flag; when the table fills it is rebuilt into a fresh array (compacted, and
 * doubled if more than half is live).  The old array is never written again,
 * so an iterator that started on it keeps walking it and re-looks up each
 * key in the current table: deleted keys are skipped, values are current,
 * and no key is produced twice — the guarantees Go's range gives.
 */
#include <stdio.h>

#include "sw_internal.h"

struct SwMap {
    const SwType *key, *elem;
    int64_t count;          /* live entries */
    uint8_t *ents;          /* cap entries of esize bytes */
    int64_t nents, cap;     /* used (live or dead) / allocated entries */
    uint32_t *index;        /* entry number + 1, 0 = empty; size mask + 1 */
    uint64_t mask;
    int64_t esize, voff;    /* entry size, offset of the value */
    bool noscan;            /* keys and values hold no pointers: the entry
                               array is not scanned by the collector */
};

enum { ENT_HASH = 0, ENT_LIVE = 8, ENT_KEY = 16 };

/* An entry array starts with a header holding its capacity, so an iterator
 * left on an old array knows where it ends (it was full when replaced). */
enum { ARR_HDR = 16 };

static inline uint8_t *ent(const SwMap *m, const uint8_t *ents, int64_t i)
{
    return (uint8_t *)ents + ARR_HDR + i * m->esize;
}

/* ---- hashing ------------------------------------------------------------- */

static inline uint64_t mix(uint64_t h)
{
    h ^= h >> 33;
    h *= UINT64_C(0xff51afd7ed558ccd);
    h ^= h >> 33;
    h *= UINT64_C(0xc4ceb9fe1a85ec53);
    h ^= h >> 33;
    return h;
}

static uint64_t hash_bytes(const void *p, int64_t n, uint64_t h)
{
    const uint8_t *q = p;
    h ^= (uint64_t)n * UINT64_C(0x9e3779b97f4a7c15);
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, q, 8);
        h = mix(h ^ w) + UINT64_C(0x9e3779b97f4a7c15);
        q += 8;
        n -= 8;
    }
    uint64_t w = 0;
    for (int64_t i = 0; i < n; i++) w |= (uint64_t)q[i] << (8 * i);
    return mix(h ^ w);
}

static uint64_t nan_counter;

static _Noreturn void unhashable(const SwType *t)
{
    char msg[512];
    snprintf(msg, sizeof msg, "runtime error: hash of unhashable type %s", t->name);
    sw_panic_msg(msg);
}

static uint64_t hash_float(double f, uint64_t h)
{
    if (f == 0) return mix(h + 1);
    if (f != f) return mix(h ^ ++nan_counter ^ UINT64_C(0x5bd1e995));
    return hash_bytes(&f, 8, h);
}

static uint64_t hash_value(const SwType *t, const void *p, uint64_t h)
{
    switch (t->kind) {
    case SW_K_FLOAT32: return hash_float(*(const float *)p, h);
    case SW_K_FLOAT64: return hash_float(*(const double *)p, h);
    case SW_K_COMPLEX64:
        return hash_float(((const float *)p)[1], hash_float(((const float *)p)[0], h));
    case SW_K_COMPLEX128:
        return hash_float(((const double *)p)[1], hash_float(((const double *)p)[0], h));
    case SW_K_STRING: {
        const SwString *s = p;
        return hash_bytes(s->ptr, s->len, h);
    }
    case SW_K_INTERFACE: {
        const SwIface *v = p;
        if (!v->type) return mix(h + 7);
        if (!v->type->comparable) unhashable(v->type);
        h = hash_bytes(v->type->name, (int64_t)strlen(v->type->name), h);
        return hash_value(v->type, sw_iface_ptr(v), h);
    }
    case SW_K_ARRAY:
        for (int64_t i = 0; i < t->len; i++)
            h = hash_value(t->elem, (const uint8_t *)p + i * t->elem->size, h);
        return h;
    case SW_K_STRUCT:
        for (int32_t i = 0; i < t->nfields; i++) {
            const SwField *f = &t->fields[i];
            if (f->name && strcmp(f->name, "_") == 0) continue;
            h = hash_value(f->type, (const uint8_t *)p + f->offset, h);
        }
        return h;
    case SW_K_SLICE: case SW_K_MAP: case SW_K_FUNC:
        unhashable(t);
    default:
        return hash_bytes(p, t->size, h);
    }
}

/* ---- equality ------------------------------------------------------------ */

/* The compiler emits one descriptor per identical type of the program (its
 * types are interned) and uses the runtime's own descriptors for the
 * predeclared types, so identity is pointer equality.  Comparing names would
 * confuse struct{ int } with struct{ Int } (Int an alias: the field names
 * differ) and two local types T of different functions. */
bool sw_type_same(const SwType *a, const SwType *b)
{
    return a == b;
}

static _Noreturn void uncomparable(const SwType *t)
{
    char msg[512];
    snprintf(msg, sizeof msg, "runtime error: comparing uncomparable type %s", t->name);
    sw_panic_msg(msg);
}

bool sw_value_eq(const SwType *t, const void *a, const void *b)
{
    switch (t->kind) {
    case SW_K_FLOAT32: return *(const float *)a == *(const float *)b;
    case SW_K_FLOAT64: return *(const double *)a == *(const double *)b;
    case SW_K_COMPLEX64:
        return ((const float *)a)[0] == ((const float *)b)[0] &&
               ((const float *)a)[1] == ((const float *)b)[1];
    case SW_K_COMPLEX128:
        return ((const double *)a)[0] == ((const double *)b)[0] &&
               ((const double *)a)[1] == ((const double *)b)[1];
    case SW_K_STRING: return sw_str_eq(*(const SwString *)a, *(const SwString *)b);
    case SW_K_INTERFACE: return sw_iface_eq(*(const SwIface *)a, *(const SwIface *)b);
    case SW_K_BOOL: return *(const bool *)a == *(const bool *)b;
    case SW_K_ARRAY:
        for (int64_t i = 0; i < t->len; i++)
            if (!sw_value_eq(t->elem, (const uint8_t *)a + i * t->elem->size,
                             (const uint8_t *)b + i * t->elem->size))
                return false;
        return true;
    case SW_K_STRUCT:
        for (int32_t i = 0; i < t->nfields; i++) {
            const SwField *f = &t->fields[i];
            if (f->name && strcmp(f->name, "_") == 0) continue;
            if (!sw_value_eq(f->type, (const uint8_t *)a + f->offset, (const uint8_t *)b + f->offset))
                return false;
        }
        return true;
    case SW_K_SLICE: case SW_K_MAP: case SW_K_FUNC:
        uncomparable(t);
    default:
        return memcmp(a, b, (size_t)t->size) == 0;
    }
}

bool sw_iface_eq(SwIface a, SwIface b)
{
    if (!a.type || !b.type) return a.type == b.type;
    if (!sw_type_same(a.type, b.type)) return false;
    if (!a.type->comparable) uncomparable(a.type);
    return sw_value_eq(a.type, sw_iface_ptr(&a), sw_iface_ptr(&b));
}

/* ---- methods --------------------------------------------------------------- */

static const SwMethod *method_named(const SwType *t, const char *name)
{
    if (!t) return NULL;
    for (int32_t i = 0; i < t->nmethods; i++)
        if (strcmp(t->methods[i].name, name) == 0) return &t->methods[i];
    return NULL;
}

static bool same_sig(const SwMethod *a, const SwMethod *b)
{
    return !a->sig || !b->sig || strcmp(a->sig, b->sig) == 0;
}

/* The methods the runtime looks up by name (fmt, errors, encoding/json) stand
 * for Go interfaces (Stringer, error, json.Marshaler...): a method of that name
 * with another signature must not be called as if it had theirs. */
static const SwMethod known_methods[] = {
    {"Error", NULL, "func() string"},
    {"String", NULL, "func() string"},
    {"Unwrap", NULL, "func() error"},
    {"Is", NULL, "func(error) bool"},
    {"As", NULL, "func(interface {}) bool"},
    {"MarshalJSON", NULL, "func() ([]uint8, error)"},
    {"UnmarshalJSON", NULL, "func([]uint8) error"},
    {"MarshalText", NULL, "func() ([]uint8, error)"},
    {"UnmarshalText", NULL, "func([]uint8) error"},
};

const SwMethod *sw_find_method(const SwType *t, const char *name)
{
    const SwMethod *m = method_named(t, name);
    if (!m) return NULL;
    for (size_t i = 0; i < sizeof known_methods / sizeof known_methods[0]; i++)
        if (strcmp(known_methods[i].name, name) == 0) return same_sig(m, &known_methods[i]) ? m : NULL;
    return m;
}

bool sw_has_method(const SwType *t, const SwMethod *want)
{
    const SwMethod *m = method_named(t, want->name);
    return m && same_sig(m, want);
}

/* Interface calls: the checker has proved the method is there. */
void (*sw_iface_method(const SwType *t, const char *name))(void)
{
    const SwMethod *m = method_named(t, name);
    return m ? m->fn : NULL;
}

bool sw_type_implements(const SwType *t, const SwType *iface)
{
    if (!t) return false;
    for (int32_t i = 0; i < iface->nmethods; i++)
        if (!sw_has_method(t, &iface->methods[i])) return false;
    return true;
}

/* ---- the map itself ------------------------------------------------------- */

static int64_t align8(int64_t n)
{
    return (n + 7) & ~(int64_t)7;
}

/* Whether a value of type t holds a pointer the collector must see. */
static bool has_pointers(const SwType *t, int depth)
{
    if (depth > 32) return true;
    switch (t->kind) {
    case SW_K_BOOL: case SW_K_INT: case SW_K_INT8: case SW_K_INT16: case SW_K_INT32: case SW_K_INT64:
    case SW_K_UINT: case SW_K_UINT8: case SW_K_UINT16: case SW_K_UINT32: case SW_K_UINT64:
    case SW_K_UINTPTR: case SW_K_FLOAT32: case SW_K_FLOAT64: case SW_K_COMPLEX64: case SW_K_COMPLEX128:
        return false;
    case SW_K_ARRAY:
        return t->len > 0 && has_pointers(t->elem, depth + 1);
    case SW_K_STRUCT:
        for (int32_t i = 0; i < t->nfields; i++)
            if (has_pointers(t->fields[i].type, depth + 1)) return true;
        return false;
    default:
        return true;
    }
}

static void alloc_tables(SwMap *m, int64_t cap)
{
    m->cap = cap;
    size_t n = (size_t)(ARR_HDR + cap * m->esize);
    m->ents = m->noscan ? sw_alloc_noscan(n) : sw_alloc(n);
    *(int64_t *)m->ents = cap;
    uint64_t isize = 8;
    while (isize < (uint64_t)cap * 2) isize *= 2;
    m->index = sw_alloc_noscan(isize * sizeof(uint32_t));
    m->mask = isize - 1;
    m->nents = 0;
}

SwMap *sw_map_make(const SwType *key, const SwType *elem, int64_t hint)
{
    SwMap *m = sw_alloc(sizeof *m);
    m->noscan = !has_pointers(key, 0) && !has_pointers(elem, 0);
    m->key = key;
    m->elem = elem;
    m->voff = ENT_KEY + align8(key->size);
    m->esize = m->voff + align8(elem->size);
    int64_t cap = 8;
    while (cap < hint) cap *= 2;
    alloc_tables(m, cap);
    return m;
}

int64_t sw_map_len(SwMap *m)
{
    return m ? m->count : 0;
}

static void index_insert(SwMap *m, uint64_t h, int64_t i)
{
    uint64_t pos = h & m->mask;
    while (m->index[pos]) pos = (pos + 1) & m->mask;
    m->index[pos] = (uint32_t)(i + 1);
}

/* The entry number holding key, or -1. */
static int64_t lookup(SwMap *m, const void *key, uint64_t h)
{
    for (uint64_t pos = h & m->mask;; pos = (pos + 1) & m->mask) {
        uint32_t slot = m->index[pos];
        if (!slot) return -1;
        uint8_t *e = ent(m, m->ents, slot - 1);
        if (*(uint64_t *)(e + ENT_HASH) == h && e[ENT_LIVE] && sw_value_eq(m->key, e + ENT_KEY, key))
            return slot - 1;
    }
}

static void rebuild(SwMap *m)
{
    uint8_t *old = m->ents;
    int64_t oldn = m->nents;
    int64_t cap = m->cap;
    if (m->count * 2 > cap) cap *= 2;
    alloc_tables(m, cap);
    for (int64_t i = 0; i < oldn; i++) {
        uint8_t *e = ent(m, old, i);
        if (!e[ENT_LIVE]) continue;
        memcpy(ent(m, m->ents, m->nents), e, (size_t)m->esize);
        index_insert(m, *(uint64_t *)(e + ENT_HASH), m->nents);
        m->nents++;
    }
}

void *sw_map_get(SwMap *m, const void *key)
{
    if (!m || m->count == 0) {
        if (m) hash_value(m->key, key, 0);   /* unhashable keys panic even so */
        return NULL;
    }
    int64_t i = lookup(m, key, hash_value(m->key, key, 0));
    return i < 0 ? NULL : ent(m, m->ents, i) + m->voff;
}

void *sw_map_set(SwMap *m, const void *key)
{
    if (!m) sw_panic_nilmap();
    uint64_t h = hash_value(m->key, key, 0);
    int64_t i = lookup(m, key, h);
    if (i >= 0) {
        uint8_t *e = ent(m, m->ents, i);
        /* Go stores the new key too (m[-0.0] after m[+0.0] shows -0) */
        memcpy(e + ENT_KEY, key, (size_t)m->key->size);
        return e + m->voff;
    }
    if (m->nents == m->cap) rebuild(m);
    uint8_t *e = ent(m, m->ents, m->nents);
    *(uint64_t *)(e + ENT_HASH) = h;
    e[ENT_LIVE] = 1;
    memcpy(e + ENT_KEY, key, (size_t)m->key->size);
    index_insert(m, h, m->nents);
    m->nents++;
    m->count++;
    return e + m->voff;
}

void sw_map_delete(SwMap *m, const void *key)
{
    if (!m) return;
    uint64_t h = hash_value(m->key, key, 0);
    if (m->count == 0) return;
    int64_t i = lookup(m, key, h);
    if (i < 0) return;
    uint8_t *e = ent(m, m->ents, i);
    e[ENT_LIVE] = 0;
    memset(e + ENT_KEY, 0, (size_t)(m->esize - ENT_KEY));   /* drop references */
    m->count--;
}

void sw_map_iter_init(SwMap *m, SwMapIter *it)
{
    it->m = m;
    it->pos = 0;
    it->key = it->val = NULL;
    it->snap = m ? m->ents : NULL;
}

bool sw_map_iter_next(SwMapIter *it)
{
    SwMap *m = it->m;
    if (!m) return false;
    {
        uint8_t *snap = it->snap;
        if (snap == m->ents) {
            while (it->pos < m->nents) {
                uint8_t *e = ent(m, snap, it->pos++);
                if (e[ENT_LIVE]) {
                    it->key = e + ENT_KEY;
                    it->val = e + m->voff;
                    return true;
                }
            }
            return false;
        }
        /* The table was rebuilt since the iteration began: finish walking
         * the old array, trusting only the current table. */
        int64_t limit = *(int64_t *)snap;
        for (;;) {
            if (it->pos >= limit) return false;
            uint8_t *e = ent(m, snap, it->pos++);
            if (!e[ENT_LIVE]) continue;
            int64_t i = lookup(m, e + ENT_KEY, *(uint64_t *)(e + ENT_HASH));
            if (i < 0) continue;
            uint8_t *cur = ent(m, m->ents, i);
            it->key = cur + ENT_KEY;
            it->val = cur + m->voff;
            return true;
        }
    }
}
