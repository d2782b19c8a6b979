// SPDX-License-Identifier: MIT
/*
 * test_fmt.c — the fmt engine against Go: every format of fmt_formats
 * applied to every value below must give the bytes Go printed
 * (fmt_expect.h, from gen_fmt_expect.go).  The values are built by hand
 * with SwType descriptors, the way generated code builds them.
 */
#include <math.h>
#include <stdio.h>

#include "t.h"
#include "../../rt/sw_lib.h"
#include "fmt_expect.h"

/* ---- descriptors ---------------------------------------------------------- */

typedef struct P { int64_t x, y; } P;
static const SwField p_fields[] = {
    {"X", &sw_type_int, 0, false, true, NULL}, {"Y", &sw_type_int, 8, false, true, NULL}};
static const SwType t_P = {.kind = SW_K_STRUCT, .named = true, .comparable = true, .size = 16,
                           .name = "main.P", .pkgpath = "main", .nfields = 2, .fields = p_fields};
static const SwType t_pP = {.kind = SW_K_POINTER, .comparable = true, .size = 8, .name = "*main.P", .elem = &t_P};
static const SwType t_sint = {.kind = SW_K_SLICE, .size = 24, .name = "[]int", .elem = &sw_type_int};
static const SwType t_sstr = {.kind = SW_K_SLICE, .size = 24, .name = "[]string", .elem = &sw_type_string};
static const SwType t_sbyte = {.kind = SW_K_SLICE, .size = 24, .name = "[]uint8", .elem = &sw_type_uint8};
static const SwType t_sf64 = {.kind = SW_K_SLICE, .size = 24, .name = "[]float64", .elem = &sw_type_float64};
static const SwType t_a3int = {.kind = SW_K_ARRAY, .comparable = true, .size = 24, .name = "[3]int",
                               .elem = &sw_type_int, .len = 3};
static const SwType t_any = {.kind = SW_K_INTERFACE, .comparable = true, .size = 16, .name = "interface {}"};
static const SwType t_sany = {.kind = SW_K_SLICE, .size = 24, .name = "[]interface {}", .elem = &t_any};
static const SwType t_msi = {.kind = SW_K_MAP, .size = 8, .name = "map[string]int", .key = &sw_type_string,
                             .elem = &sw_type_int};
static const SwType t_msany = {.kind = SW_K_MAP, .size = 8, .name = "map[string]interface {}",
                               .key = &sw_type_string, .elem = &t_any};
static const SwType t_mis = {.kind = SW_K_MAP, .size = 8, .name = "map[int]string", .key = &sw_type_int,
                             .elem = &sw_type_string};

typedef struct ErrStr { SwString s; } ErrStr;
static SwString errstr_error(void *data)
{
    return ((ErrStr *)data)->s;
}
static const SwField errstr_fields[] = {{"s", &sw_type_string, 0, false, false, NULL}};
static const SwType t_errstr = {.kind = SW_K_STRUCT, .named = true, .comparable = true, .size = 16,
                                .name = "errors.errorString", .pkgpath = "errors", .nfields = 1,
                                .fields = errstr_fields};
static const SwMethod errstr_methods[] = {{"Error", (void (*)(void))errstr_error}};
static const SwType t_perrstr = {.kind = SW_K_POINTER, .comparable = true, .size = 8,
                                 .name = "*errors.errorString", .elem = &t_errstr, .nmethods = 1,
                                 .methods = errstr_methods};

static SwString s_string(void *data)
{
    char tmp[64];
    int n = snprintf(tmp, sizeof tmp, "S<%lld>", (long long)*(int64_t *)data);
    char *p = sw_alloc_noscan((size_t)n);
    memcpy(p, tmp, (size_t)n);
    return (SwString){(const uint8_t *)p, n};
}
static const SwMethod s_methods[] = {{"String", (void (*)(void))s_string}};
static const SwType t_S = {.kind = SW_K_INT, .named = true, .comparable = true, .size = 8, .name = "main.S",
                           .pkgpath = "main", .nmethods = 1, .methods = s_methods};

typedef struct Q { SwString name; P p; SwSlice l; SwMap *m; SwIface e; } Q;
static const SwField q_fields[] = {
    {"Name", &sw_type_string, offsetof(Q, name), false, true, NULL},
    {"P", &t_P, offsetof(Q, p), false, true, NULL},
    {"L", &t_sint, offsetof(Q, l), false, true, NULL},
    {"M", &t_msi, offsetof(Q, m), false, true, NULL},
    {"E", &sw_type_error, offsetof(Q, e), false, true, NULL},
};
static const SwType t_Q = {.kind = SW_K_STRUCT, .named = true, .size = sizeof(Q), .name = "main.Q",
                           .pkgpath = "main", .nfields = 5, .fields = q_fields};

typedef struct R { int64_t s, t; } R;
static const SwField r_fields[] = {{"s", &t_S, 0, false, false, NULL}, {"T", &t_S, 8, false, true, NULL}};
static const SwType t_R = {.kind = SW_K_STRUCT, .named = true, .comparable = true, .size = 16,
                           .name = "main.R", .pkgpath = "main", .nfields = 2, .fields = r_fields};

/* ---- values ---------------------------------------------------------------- */

#define BOX(t, T, v) ({ T _v = (v); sw_box(&(t), &_v); })

static SwSlice slice_of(const void *elems, int64_t n, int64_t size)
{
    return sw_slice_append((SwSlice){0}, elems, n, size);
}

static SwMap *map_si(const char *const *k, const int64_t *v, int n)
{
    SwMap *m = sw_map_make(&sw_type_string, &sw_type_int, 0);
    for (int i = 0; i < n; i++) {
        SwString key = t_s(k[i]);
        *(int64_t *)sw_map_set(m, &key) = v[i];
    }
    return m;
}

static int build_values(SwIface *out)
{
    int n = 0;
    out[n++] = BOX(sw_type_int, int64_t, 42);
    out[n++] = BOX(sw_type_int, int64_t, -7);
    out[n++] = BOX(sw_type_int8, int8_t, -128);
    out[n++] = BOX(sw_type_uint8, uint8_t, 200);
    out[n++] = BOX(sw_type_uint64, uint64_t, UINT64_MAX);
    out[n++] = BOX(sw_type_float64, double, 3.14159);
    out[n++] = BOX(sw_type_float64, double, 1e21);
    out[n++] = BOX(sw_type_float64, double, 100000.0);
    out[n++] = BOX(sw_type_float64, double, 1e-05);
    out[n++] = BOX(sw_type_float64, double, 1e6);
    out[n++] = BOX(sw_type_float64, double, 0.30000000000000004);
    out[n++] = BOX(sw_type_float32, float, 0.1f);
    out[n++] = BOX(sw_type_float64, double, -0.0);
    out[n++] = BOX(sw_type_float64, double, INFINITY);
    out[n++] = BOX(sw_type_float64, double, NAN);
    out[n++] = BOX(sw_type_float64, double, 123456789.0);
    out[n++] = BOX(sw_type_float64, double, 2.5e-300);
    out[n++] = BOX(sw_type_string, SwString, t_s("hello"));
    out[n++] = BOX(sw_type_string, SwString, t_s(""));
    out[n++] = BOX(sw_type_string, SwString, t_s("h\303\251llo\n\001"));
    out[n++] = BOX(sw_type_bool, bool, true);
    out[n++] = BOX(t_P, P, ((P){1, 2}));
    P *pp = sw_alloc(sizeof(P));
    *pp = (P){3, 4};
    out[n++] = BOX(t_pP, P *, pp);
    int64_t ints[] = {1, 2, 3};
    out[n++] = BOX(t_sint, SwSlice, slice_of(ints, 3, 8));
    out[n++] = BOX(t_sint, SwSlice, ((SwSlice){NULL, 0, 0}));
    SwString strs[] = {t_s("a"), t_s("b c")};
    out[n++] = BOX(t_sstr, SwSlice, slice_of(strs, 2, sizeof(SwString)));
    out[n++] = BOX(t_sbyte, SwSlice, sw_bytes_from_str(t_s("hi")));
    const char *keys[] = {"b", "a", "c"};
    int64_t vals[] = {2, 1, 3};
    out[n++] = BOX(t_msi, SwMap *, map_si(keys, vals, 3));
    SwMap *mis = sw_map_make(&sw_type_int, &sw_type_string, 0);
    for (int64_t k = 3; k >= 1; k--) {
        char *s = sw_alloc_noscan(2);
        s[0] = (char)('a' + k - 1);
        *(SwString *)sw_map_set(mis, &k) = (SwString){(const uint8_t *)s, 1};
    }
    out[n++] = BOX(t_mis, SwMap *, mis);
    out[n++] = BOX(t_msi, SwMap *, NULL);
    out[n++] = (SwIface){NULL, NULL};
    ErrStr *es = sw_alloc(sizeof *es);
    es->s = t_s("boom");
    out[n++] = BOX(t_perrstr, ErrStr *, es);
    out[n++] = BOX(t_S, int64_t, 5);
    const char *qk[] = {"k"};
    int64_t qv[] = {1};
    int64_t seven = 7;
    Q q = {t_s("q"), {5, 6}, slice_of(&seven, 1, 8), map_si(qk, qv, 1), {NULL, NULL}};
    out[n++] = BOX(t_Q, Q, q);
    out[n++] = BOX(sw_type_int32, int32_t, 'x');
    out[n++] = BOX(sw_type_int32, int32_t, 0x1F600);
    out[n++] = BOX(sw_type_float32, float, 1.5f);
    out[n++] = sw_box(&t_a3int, ints);
    SwIface anys[] = {BOX(sw_type_int, int64_t, 1), BOX(sw_type_string, SwString, t_s("a")), {NULL, NULL},
                      BOX(sw_type_float64, double, 2.5)};
    out[n++] = BOX(t_sany, SwSlice, slice_of(anys, 4, sizeof(SwIface)));
    out[n++] = BOX(t_R, R, ((R){5, 6}));
    out[n++] = BOX(sw_type_uint16, uint16_t, 65535);
    out[n++] = BOX(sw_type_float64, double, 1.0);
    out[n++] = BOX(sw_type_float64, double, -123.456);
    out[n++] = BOX(sw_type_float64, double, 5e-324);
    out[n++] = BOX(sw_type_float64, double, 1.7976931348623157e308);
    out[n++] = BOX(sw_type_float32, float, 16777216.0f);
    out[n++] = BOX(sw_type_float32, float, 3.4e38f);
    out[n++] = BOX(sw_type_float64, double, 0.000123);
    out[n++] = BOX(sw_type_float64, double, 12345678.0);
    double fl[] = {1, 2.5};
    out[n++] = BOX(t_sf64, SwSlice, slice_of(fl, 2, 8));
    return n;
}

static SwString sprintf1(const char *format, SwIface v)
{
    return sw_fmt_sprintf(t_s(format), (SwSlice){&v, 1, 1});
}

#define ARGS(...) ((SwSlice){(SwIface[]){__VA_ARGS__}, sizeof((SwIface[]){__VA_ARGS__}) / sizeof(SwIface), \
                             sizeof((SwIface[]){__VA_ARGS__}) / sizeof(SwIface)})
#define I(v) BOX(sw_type_int, int64_t, v)
#define F(v) BOX(sw_type_float64, double, v)
#define STR(v) BOX(sw_type_string, SwString, t_s(v))

void test_fmt(void)
{
    SwIface vals[64];
    int nvals = build_values(vals);
    int nformats = (int)(sizeof fmt_formats / sizeof fmt_formats[0]);
    CHECK(nvals * nformats == (int)(sizeof fmt_expect / sizeof fmt_expect[0]), "value count %d", nvals);
    int k = 0;
    for (int f = 0; f < nformats; f++)
        for (int v = 0; v < nvals; v++, k++) {
            char what[64];
            snprintf(what, sizeof what, "Sprintf(%s, value %d)", fmt_formats[f], v);
            t_str_eq(what, sprintf1(fmt_formats[f], vals[v]), fmt_expect[k]);
        }

    SwIface inner_err = vals[30];
    ErrStr *inner = sw_alloc(sizeof *inner);
    inner->s = t_s("inner");
    inner_err = BOX(t_perrstr, ErrStr *, inner);
    SwIface wrapped;
    SwIface nil_any[] = {{NULL, NULL}};
    SwMap *mnil = sw_map_make(&sw_type_string, &t_any, 0);
    SwString xk = t_s("x");
    sw_map_set(mnil, &xk);
    SwString got[] = {
        sw_fmt_sprintf(t_s("%d %s"), ARGS(I(1))),
        sw_fmt_sprintf(t_s("%d"), ARGS(I(1), STR("x"))),
        sw_fmt_sprintf(t_s("%[2]d %[1]d"), ARGS(I(1), I(2))),
        sw_fmt_sprintf(t_s("%*d|%-*d|"), ARGS(I(5), I(1), I(4), I(2))),
        sw_fmt_sprintf(t_s("%.*f"), ARGS(I(2), F(3.14159))),
        sw_fmt_sprintf(t_s("%[3]v"), ARGS(I(1))),
        sw_fmt_sprintf(t_s("%"), ARGS(I(1))),
        sw_fmt_sprintf(t_s("%d%%"), ARGS(I(50))),
        sw_fmt_sprint(ARGS(STR("a"), I(1), I(2), STR("b"), F(3.5), STR("c"))),
        sw_fmt_sprintln(ARGS(STR("a"), I(1), I(2), STR("b"))),
        sw_fmt_sprint(ARGS(I(1), I(2))),
        sw_fmt_sprint(ARGS(STR("a"), STR("b"))),
        sw_fmt_sprint(ARGS({NULL, NULL}, {NULL, NULL})),
        sw_fmt_errorf(t_s("wrap: %w"), ARGS(inner_err), &wrapped),
        sw_fmt_sprintf(t_s("%v|%v"), ARGS(BOX(t_sany, SwSlice, ((SwSlice){nil_any, 1, 1})),
                                          BOX(t_msany, SwMap *, mnil))),
        sw_fmt_sprintf(t_s("%x %X"), ARGS(STR("hello"), BOX(t_sbyte, SwSlice, sw_bytes_from_str(t_s("\001\253"))))),
        sw_fmt_sprintf(t_s("%6.2f|%-8.3e|%+g"), ARGS(F(3.14159), F(1234.5678), F(2.0))),
        sw_fmt_sprintf(t_s("%v %v"), ARGS(BOX(sw_type_float32, float, 1e21f), BOX(sw_type_float32, float, 1e-7f))),
        sw_fmt_sprintf(t_s("%s"), ARGS(BOX(t_sstr, SwSlice, slice_of((SwString[]){t_s("a"), t_s("b")}, 2, 16)))),
        sw_fmt_sprintf(t_s("%d"), ARGS(BOX(t_sint, SwSlice, slice_of((int64_t[]){1, 2}, 2, 8)))),
        sw_fmt_sprintf(t_s("%q"), ARGS(BOX(t_sstr, SwSlice, slice_of((SwString[]){t_s("a"), t_s("b")}, 2, 16)))),
        sw_fmt_sprintf(t_s("%5t|"), ARGS(BOX(sw_type_bool, bool, false))),
        sw_fmt_sprintf(t_s("%v"), ARGS(sw_box(&(SwType){.kind = SW_K_ARRAY, .size = 2, .name = "[2]bool",
                                                         .elem = &sw_type_bool, .len = 2},
                                              (bool[]){true, false}))),
        sw_fmt_sprintf(t_s("%03d|%3d|%-3d|"), ARGS(I(-5), I(-5), I(-5))),
        sw_fmt_sprintf(t_s("%.3d|%6.3d|%x"), ARGS(I(7), I(-7), I(-255))),
        sw_fmt_sprintf(t_s("%c%c%c"), ARGS(I(72), I(105), I(0x4E16))),
        sw_fmt_sprintf(t_s("%08b"), ARGS(I(5))),
        sw_fmt_sprintf(t_s("%.1f %.1f %.1f %.1f"), ARGS(F(0.05), F(0.15), F(0.25), F(0.35))),
        sw_fmt_sprintf(t_s("%v %v %v"), ARGS(F(1e20), F(1e-4), F(123456.0))),
        sw_fmt_sprintf(t_s("%g %g"), ARGS(F(1e-7), F(1.5e300))),
    };
    int nextra = (int)(sizeof fmt_extra / sizeof fmt_extra[0]);
    CHECK(nextra == (int)(sizeof got / sizeof got[0]), "extra count");
    for (int i = 0; i < nextra; i++) {
        char what[32];
        snprintf(what, sizeof what, "extra %d", i);
        t_str_eq(what, got[i], fmt_extra[i]);
    }
    CHECK(wrapped.type == &t_perrstr, "Errorf %%w keeps the wrapped error");
}
