// SPDX-License-Identifier: MIT
/*
 * test_misc.c — slices (append capacities against Go's), maps (semantics
 * and growth to 100k entries), strings and strconv (results against Go,
 * misc_expect.h), and panics (a child process per case: the first stderr
 * line and exit status 2).
 */
#include <math.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "t.h"
#include "../../rt/sw_lib.h"
#include "misc_expect.h"

#define BOX(t, T, v) ({ T _v = (v); sw_box(&(t), &_v); })

static char *line_buf;
static size_t line_len;

static void out(const char *s, size_t n)
{
    line_buf = realloc(line_buf, line_len + n + 1);
    memcpy(line_buf + line_len, s, n);
    line_len += n;
    line_buf[line_len] = 0;
}

static void outs(const char *s)
{
    out(s, strlen(s));
}

static void outsw(SwString s)
{
    out((const char *)s.ptr, (size_t)s.len);
}

static void line_check(int idx, const char *const *expect)
{
    char what[32];
    snprintf(what, sizeof what, "line %d", idx);
    t_str_eq(what, (SwString){(const uint8_t *)line_buf, (int64_t)line_len}, expect[idx]);
    line_len = 0;
    if (line_buf) line_buf[0] = 0;
}

/* ---- slices ----------------------------------------------------------- */

static void caps_line(const char *name, int64_t size, int idx)
{
    char tmp[32];
    outs(name);
    SwSlice s = {0};
    int64_t prev = -1;
    static uint8_t elem[64];
    for (int i = 0; i < 20000; i++) {
        s = sw_slice_append(s, elem, 1, size);
        if (s.cap != prev) {
            prev = s.cap;
            snprintf(tmp, sizeof tmp, " %lld", (long long)prev);
            outs(tmp);
        }
    }
    line_check(idx, caps_expect);
}

void test_slice(void)
{
    caps_line("int:", 8, 0);
    caps_line("byte:", 1, 1);
    caps_line("string:", 16, 2);
    caps_line("s12:", 12, 3);
    caps_line("s24:", 24, 4);
    caps_line("s40:", 40, 5);
    caps_line("int32:", 4, 6);
    int64_t three[] = {1, 2, 3, 4, 5, 6, 7};
    SwSlice m = sw_slice_append((SwSlice){0}, three, 3, 8);
    m.cap = 3;
    m = sw_slice_append(m, three + 3, 4, 8);
    CHECK(m.cap == 8 && m.len == 7, "append 4 to cap 3: cap %lld", (long long)m.cap);
    SwSlice b = sw_bytes_from_str(t_s("hello"));
    b = sw_slice_append(b, "!", 1, 1);
    CHECK(b.cap == 16, "append to []byte(\"hello\"): cap %lld", (long long)b.cap);
    SwSlice z = sw_slice_make(8, 2, 5);
    CHECK(z.len == 2 && z.cap == 5, "make");
    int64_t n = sw_slice_copy(z, m, 8);
    CHECK(n == 2 && ((int64_t *)z.ptr)[1] == 2, "copy");
    SwString s = sw_str_from_runes(sw_runes_from_str(t_s("h\303\251llo")));
    t_str_eq("runes round trip", s, "h\303\251llo");
    t_str_eq("string(rune) invalid", sw_str_from_rune(-1), "\357\277\275");
    t_str_eq("concat", sw_str_concat(t_s("ab"), t_s("cd")), "abcd");
    CHECK(sw_str_cmp(t_s("ab"), t_s("abc")) < 0 && sw_str_cmp(t_s("b"), t_s("abc")) > 0, "cmp");
}

/* ---- maps --------------------------------------------------------------- */

typedef struct KS { SwString s; int64_t i; } KS;
static const SwField ks_fields[] = {{"S", &sw_type_string, 0, false, true, NULL},
                                    {"I", &sw_type_int, 16, false, true, NULL}};
static const SwType t_KS = {.kind = SW_K_STRUCT, .named = true, .comparable = true, .size = 24,
                            .name = "main.KS", .nfields = 2, .fields = ks_fields};
static const SwType t_any = {.kind = SW_K_INTERFACE, .comparable = true, .size = 16, .name = "interface {}"};

void test_map(void)
{
    SwMap *m = sw_map_make(&sw_type_int, &sw_type_int, 0);
    for (int64_t i = 0; i < 100000; i++) *(int64_t *)sw_map_set(m, &i) = i * 2;
    CHECK(sw_map_len(m) == 100000, "len %lld", (long long)sw_map_len(m));
    bool all = true;
    for (int64_t i = 0; i < 100000; i++) {
        int64_t *v = sw_map_get(m, &i);
        if (!v || *v != i * 2) all = false;
    }
    CHECK(all, "lookup all");
    int64_t missing = 100000;
    CHECK(sw_map_get(m, &missing) == NULL, "missing key");
    for (int64_t i = 0; i < 100000; i += 2) sw_map_delete(m, &i);
    CHECK(sw_map_len(m) == 50000, "len after delete");
    SwMapIter it;
    int64_t count = 0, sum = 0;
    sw_map_iter_init(m, &it);
    while (sw_map_iter_next(&it)) {
        count++;
        sum += *(int64_t *)it.key;
        if (*(int64_t *)it.val != *(int64_t *)it.key * 2) sum = -1;
    }
    CHECK(count == 50000 && sum == 2500000000LL, "iterate %lld %lld", (long long)count, (long long)sum);

    /* delete during iteration: deleted entries are not produced; inserting
     * (which rebuilds the table) never repeats a key */
    SwMap *d = sw_map_make(&sw_type_int, &sw_type_int, 0);
    for (int64_t i = 0; i < 1000; i++) *(int64_t *)sw_map_set(d, &i) = i;
    char *seen = calloc(100000, 1);
    bool ok = true;
    int64_t produced = 0;
    sw_map_iter_init(d, &it);
    while (sw_map_iter_next(&it)) {
        int64_t k = *(int64_t *)it.key;
        if (k < 0 || k >= 100000 || seen[k]) ok = false;
        else seen[k] = 1;
        if (k < 1000 && (k % 2) == 0) {
            int64_t other = k + 1;
            sw_map_delete(d, &other);
        }
        for (int64_t j = 0; j < 3; j++) {
            int64_t nk = 1000 + produced * 3 + j;
            if (nk < 100000) *(int64_t *)sw_map_set(d, &nk) = nk;
        }
        produced++;
    }
    for (int64_t k = 1; k < 1000; k += 2)
        if (seen[k] && seen[k - 1]) ok = false;   /* k was deleted once k-1 was seen */
    CHECK(ok, "iteration with deletes and inserts");
    free(seen);

    /* float keys: +0 == -0, NaN never equal */
    SwMap *f = sw_map_make(&sw_type_float64, &sw_type_int, 0);
    double pz = 0.0, nz = -0.0, nan = NAN;
    *(int64_t *)sw_map_set(f, &pz) = 1;
    *(int64_t *)sw_map_set(f, &nz) = 2;
    *(int64_t *)sw_map_set(f, &nan) = 3;
    *(int64_t *)sw_map_set(f, &nan) = 4;
    CHECK(sw_map_len(f) == 3, "float keys len %lld", (long long)sw_map_len(f));
    CHECK(*(int64_t *)sw_map_get(f, &pz) == 2 && sw_map_get(f, &nan) == NULL, "float keys");

    /* struct and string keys */
    SwMap *s = sw_map_make(&t_KS, &sw_type_int, 0);
    char buf1[] = "key", buf2[] = "key";
    KS a = {{(uint8_t *)buf1, 3}, 7}, b = {{(uint8_t *)buf2, 3}, 7}, c = {{(uint8_t *)buf2, 3}, 8};
    *(int64_t *)sw_map_set(s, &a) = 1;
    CHECK(sw_map_get(s, &b) && !sw_map_get(s, &c), "struct keys");

    /* interface keys: dynamic type matters */
    SwMap *im = sw_map_make(&t_any, &sw_type_int, 0);
    SwIface k1 = BOX(sw_type_int, int64_t, 1), k2 = BOX(sw_type_int64, int64_t, 1);
    SwIface k3 = BOX(sw_type_int, int64_t, 1), k4 = BOX(sw_type_string, SwString, t_s("1"));
    *(int64_t *)sw_map_set(im, &k1) = 1;
    *(int64_t *)sw_map_set(im, &k2) = 2;
    *(int64_t *)sw_map_set(im, &k4) = 3;
    CHECK(sw_map_len(im) == 3 && *(int64_t *)sw_map_get(im, &k3) == 1, "interface keys");
    CHECK(sw_iface_eq(k1, k3) && !sw_iface_eq(k1, k2) && !sw_iface_eq(k1, (SwIface){0}), "iface eq");

    /* nil map */
    CHECK(sw_map_get(NULL, &pz) == NULL && sw_map_len(NULL) == 0, "nil map read");
    sw_map_delete(NULL, &pz);
}

/* ---- strings and strconv -------------------------------------------------- */

static const SwType t_sstr = {.kind = SW_K_SLICE, .size = 24, .name = "[]string", .elem = &sw_type_string};

static void q(SwIface v)
{
    outsw(sw_fmt_sprintf(t_s("%q"), (SwSlice){&v, 1, 1}));
}
#define QS(x) q(BOX(t_sstr, SwSlice, x))
#define QSTR(x) q(BOX(sw_type_string, SwString, x))
#define QI(x) q(BOX(sw_type_int, int64_t, x))
#define QB(x) q(BOX(sw_type_bool, bool, x))

void test_strings(void)
{
    int i = 0;
    QS(sw_strings_split(t_s("a,b,c"), t_s(","), 0, -1)); line_check(i++, strs_expect);
    QS(sw_strings_split(t_s("h\303\251llo"), t_s(""), 0, -1)); line_check(i++, strs_expect);
    QS(sw_strings_split(t_s(""), t_s(","), 0, -1)); line_check(i++, strs_expect);
    QS(sw_strings_split(t_s("a,b,c,d"), t_s(","), 0, 2)); line_check(i++, strs_expect);
    QS(sw_strings_split(t_s("a,b,c"), t_s(","), 1, -1)); line_check(i++, strs_expect);
    QS(sw_strings_fields(t_s("  foo bar\tbaz\n "))); line_check(i++, strs_expect);
    QSTR(sw_strings_replace(t_s("oink oink oink"), t_s("k"), t_s("ky"), 2)); line_check(i++, strs_expect);
    QSTR(sw_strings_replace(t_s("oink oink oink"), t_s(""), t_s("-"), -1)); line_check(i++, strs_expect);
    QSTR(sw_strings_to_upper(t_s("h\303\251llo w\303\266rld"))); line_check(i++, strs_expect);
    QSTR(sw_strings_to_lower(t_s("H\303\211LLO"))); line_check(i++, strs_expect);
    QSTR(sw_strings_title(t_s("hello wide_world x-ray"))); line_check(i++, strs_expect);
    QSTR(sw_strings_trim_space(t_s(" \t hi there \n"))); line_check(i++, strs_expect);
    QSTR(sw_strings_trim(t_s("xxhixyx"), t_s("xy"), 3)); line_check(i++, strs_expect);
    QSTR(sw_strings_trim(t_s("xxhixyx"), t_s("xy"), 1)); line_check(i++, strs_expect);
    QSTR(sw_strings_trim(t_s("xxhixyx"), t_s("xy"), 2)); line_check(i++, strs_expect);
    QSTR(sw_strings_repeat(t_s("ab"), 3)); line_check(i++, strs_expect);
    SwString abc[] = {t_s("a"), t_s("b"), t_s("c")};
    QSTR(sw_strings_join((SwSlice){abc, 3, 3}, t_s("-"))); line_check(i++, strs_expect);
    QI(sw_strings_count(t_s("cheese"), t_s("e"))); line_check(i++, strs_expect);
    QI(sw_strings_count(t_s("five"), t_s(""))); line_check(i++, strs_expect);
    QI(sw_strings_index(t_s("chicken"), t_s("ken"))); line_check(i++, strs_expect);
    QI(sw_strings_last_index(t_s("go gopher"), t_s("go"))); line_check(i++, strs_expect);
    QI(sw_strings_index_any(t_s("golang"), t_s("ny"))); line_check(i++, strs_expect);
    QI(sw_strings_index_rune(t_s("chicken"), 'k')); line_check(i++, strs_expect);
    QB(sw_strings_equal_fold(t_s("Go"), t_s("GO"))); line_check(i++, strs_expect);
    QB(sw_strings_equal_fold(t_s("Stra\303\237e"), t_s("STRASSE"))); line_check(i++, strs_expect);
    QSTR(sw_strings_to_upper(t_s("a\377b"))); line_check(i++, strs_expect);
    (void)i;
}

void test_strconv(void)
{
    static const double fs[] = {0, 1, -1, 0.1, 1.0 / 3, 2.0 / 3, 1e21, 1e20, 123456789, 1e-7, 5e-324,
                                1.7976931348623157e308, 100, 1e6, 0.000001, 12.5, 1234.5678};
    int i = 26;
    for (size_t k = 0; k < sizeof fs / sizeof fs[0]; k++) {
        double f = fs[k];
        outsw(sw_strconv_format_float(f, 'g', -1, 64)); outs(" ");
        outsw(sw_strconv_format_float(f, 'e', -1, 64)); outs(" ");
        outsw(sw_strconv_format_float(f, 'f', -1, 64)); outs(" ");
        outsw(sw_strconv_format_float(f, 'e', 3, 64)); outs(" ");
        outsw(sw_strconv_format_float(f, 'f', 2, 64)); outs(" ");
        outsw(sw_strconv_format_float(f, 'g', 4, 64)); outs(" ");
        outsw(sw_strconv_format_float(f, 'g', -1, 32)); outs(" ");
        outsw(sw_strconv_format_float(f, 'b', -1, 64)); outs(" ");
        outsw(sw_strconv_format_float(f, 'x', -1, 64)); outs(" ");
        outsw(sw_strconv_format_float(f, 'x', 3, 64));
        line_check(i++, strs_expect);
    }
    static const char with_nul[] = "h\303\251llo\000\"\\\342\200\250\360\237\230\200";
    QSTR(sw_strconv_quote((SwString){(const uint8_t *)with_nul, sizeof with_nul - 1}, false));
    line_check(i++, strs_expect);
    QSTR(sw_strconv_quote(t_s("h\303\251llo\360\237\230\200"), true)); line_check(i++, strs_expect);
    QSTR(sw_strconv_quote_rune(0x263A, false)); line_check(i++, strs_expect);
    QSTR(sw_strconv_quote_rune(0x263A, true)); line_check(i++, strs_expect);
    QSTR(sw_strconv_format_int(-255, 16)); line_check(i++, strs_expect);
    QSTR(sw_strconv_format_uint(255, 2)); line_check(i++, strs_expect);
    QSTR(sw_strconv_format_int(INT64_MIN, 10)); line_check(i++, strs_expect);

    /* parsing */
    int64_t err;
    CHECK(sw_strconv_parse_int(t_s("-9223372036854775809"), 0, 64, &err) == INT64_MIN && err == 2, "ParseInt range");
    CHECK(sw_strconv_parse_int(t_s("0x_1f"), 0, 64, &err) == 31 && err == 0, "ParseInt 0x_1f");
    CHECK(sw_strconv_parse_int(t_s("1_000"), 10, 64, &err) == 0 && err == 1, "ParseInt underscore base 10");
    CHECK(sw_strconv_parse_int(t_s("017"), 0, 64, &err) == 15 && err == 0, "ParseInt octal");
    CHECK(sw_strconv_parse_int(t_s("300"), 10, 8, &err) == 127 && err == 2, "ParseInt 8-bit range");
    CHECK(sw_strconv_parse_int(t_s("5"), 1, 64, &err) == 0 && err == 3, "ParseInt base");
    CHECK(sw_strconv_parse_int(t_s("-"), 10, 64, &err) == 0 && err == 1, "ParseInt lone sign");
    CHECK(sw_strconv_parse_uint(t_s("-1"), 10, 64, &err) == 0 && err == 1, "ParseUint sign");
    CHECK(sw_strconv_parse_float(t_s("1_000"), 64, &err) == 1000 && err == 0, "ParseFloat 1_000");
    CHECK(sw_strconv_parse_float(t_s("1e"), 64, &err) == 0 && err == 1, "ParseFloat 1e");
    CHECK(sw_strconv_parse_float(t_s("0x1"), 64, &err) == 0 && err == 1, "ParseFloat 0x1");
    CHECK(sw_strconv_parse_float(t_s("+nan"), 64, &err) == 0 && err == 1, "ParseFloat +nan");
    CHECK(isinf(sw_strconv_parse_float(t_s("-Infinity"), 64, &err)) && err == 0, "ParseFloat -Infinity");
    CHECK(isinf(sw_strconv_parse_float(t_s("1e400"), 64, &err)) && err == 2, "ParseFloat range");
    CHECK(sw_strconv_parse_float(t_s("0x1p-2"), 64, &err) == 0.25 && err == 0, "ParseFloat hex");
    CHECK(sw_strconv_parse_float(t_s(" 1"), 64, &err) == 0 && err == 1, "ParseFloat space");
    CHECK(sw_strconv_parse_float(t_s(".5"), 64, &err) == 0.5 && err == 0, "ParseFloat .5");
    bool ok;
    t_str_eq("Unquote", sw_strconv_unquote(t_s("\"a\\x41\\u00e9\\n\""), &ok), "aA\303\251\n");
    CHECK(ok, "Unquote ok");
    sw_strconv_unquote(t_s("'ab'"), &ok);
    CHECK(!ok, "Unquote 'ab'");
    sw_strconv_unquote(t_s("\"\\'\""), &ok);
    CHECK(!ok, "Unquote \\' in \"\"");
    t_str_eq("Unquote raw", sw_strconv_unquote(t_s("`a\\n`"), &ok), "a\\n");
    /* shortest floats round-trip for many random values */
    srand(1);
    bool rt = true;
    for (int k = 0; k < 20000; k++) {
        uint64_t bits = ((uint64_t)rand() << 33) ^ ((uint64_t)rand() << 11) ^ (uint64_t)rand();
        double v;
        memcpy(&v, &bits, 8);
        if (!isfinite(v)) continue;
        SwString s = sw_strconv_format_float(v, 'g', -1, 64);
        if (sw_strconv_parse_float(s, 64, &err) != v) rt = false;
    }
    CHECK(rt, "shortest float round trip");
}

/* ---- panics --------------------------------------------------------------- */

typedef struct PanicCase {
    const char *name, *first_line;
} PanicCase;

static const PanicCase panic_cases[] = {
    {"index", "panic: runtime error: index out of range [5] with length 3"},
    {"slice", "panic: runtime error: slice bounds out of range [:-1]"},
    {"slice2", "panic: runtime error: slice bounds out of range [:5] with capacity 3"},
    {"slice3", "panic: runtime error: slice bounds out of range [3:2]"},
    {"divide", "panic: runtime error: integer divide by zero"},
    {"nil", "panic: runtime error: invalid memory address or nil pointer dereference"},
    {"segv", "panic: runtime error: invalid memory address or nil pointer dereference"},
    {"nilmap", "panic: assignment to entry in nil map"},
    {"string", "panic: boom"},
    {"error", "panic: bad"},
    {"int", "panic: 42"},
    {"float", "panic: +1.500000e+000"},
    {"named", "panic: main.E(\"x\")"},
    {"namedint", "panic: main.St(3)"},
    {"nilv", "panic: nil"},
    {"assert", "panic: interface conversion: interface {} is string, not int"},
    {"assertnil", "panic: interface conversion: interface {} is nil, not int"},
    {"unhashable", "panic: runtime error: hash of unhashable type []int"},
    {"uncomparable", "panic: runtime error: comparing uncomparable type []int"},
    {"makeslice", "panic: runtime error: makeslice: len out of range"},
    {"shift", "panic: runtime error: negative shift amount"},
    {"str", "panic: runtime error: slice bounds out of range [:9] with length 3"},
};

static SwString err_bad(void *data)
{
    (void)data;
    return t_s("bad");
}

int t_panic_child(const char *name);
int t_panic_child(const char *name)
{
    static const SwType t_sint = {.kind = SW_K_SLICE, .size = 24, .name = "[]int", .elem = &sw_type_int};
    static const SwMethod em[] = {{"Error", (void (*)(void))err_bad}};
    static const SwType t_err = {.kind = SW_K_POINTER, .size = 8, .name = "*errors.errorString",
                                 .nmethods = 1, .methods = em};
    static const SwType t_E = {.kind = SW_K_STRING, .named = true, .comparable = true, .size = 16, .name = "main.E"};
    static const SwType t_St = {.kind = SW_K_INT, .named = true, .comparable = true, .size = 8, .name = "main.St"};
    sw_write(1, "stdout first\n", 13);
    if (!strcmp(name, "index")) sw_panic_index(5, 3);
    if (!strcmp(name, "slice")) sw_panic_slice(SW_BOUNDS_SLICE_ALEN, -1, 3);
    if (!strcmp(name, "slice2")) sw_panic_slice(SW_BOUNDS_SLICE_ACAP, 5, 3);
    if (!strcmp(name, "slice3")) sw_panic_slice(SW_BOUNDS_SLICE_B, 3, 2);
    if (!strcmp(name, "divide")) sw_div_i64(1, 0);
    if (!strcmp(name, "nil")) sw_panic_nil();
    if (!strcmp(name, "segv")) {
        volatile int *p = NULL;
        return *p;
    }
    if (!strcmp(name, "nilmap")) {
        int64_t k = 1;
        sw_map_set(NULL, &k);
    }
    if (!strcmp(name, "string")) sw_panic(BOX(sw_type_string, SwString, t_s("boom")));
    if (!strcmp(name, "error")) sw_panic((SwIface){&t_err, (void *)&t_err});
    if (!strcmp(name, "int")) sw_panic(BOX(sw_type_int, int64_t, 42));
    if (!strcmp(name, "float")) sw_panic(BOX(sw_type_float64, double, 1.5));
    if (!strcmp(name, "named")) sw_panic(BOX(t_E, SwString, t_s("x")));
    if (!strcmp(name, "namedint")) sw_panic(BOX(t_St, int64_t, 3));
    if (!strcmp(name, "nilv")) sw_panic((SwIface){NULL, NULL});
    if (!strcmp(name, "assert")) sw_panic_assert("interface {}", &sw_type_string, &sw_type_int);
    if (!strcmp(name, "assertnil")) sw_panic_assert("interface {}", NULL, &sw_type_int);
    if (!strcmp(name, "unhashable")) {
        SwMap *m = sw_map_make(&t_any, &sw_type_int, 0);
        SwIface k = BOX(t_sint, SwSlice, ((SwSlice){0}));
        sw_map_set(m, &k);
    }
    if (!strcmp(name, "uncomparable")) {
        SwIface k = BOX(t_sint, SwSlice, ((SwSlice){0}));
        sw_iface_eq(k, k);
    }
    if (!strcmp(name, "makeslice")) sw_slice_make(8, -1, 0);
    if (!strcmp(name, "shift")) sw_panic_shift();
    if (!strcmp(name, "str")) sw_str_slice(t_s("abc"), 0, 9);
    return 0;
}

void test_panic(const char *self)
{
    for (size_t i = 0; i < sizeof panic_cases / sizeof panic_cases[0]; i++) {
        const PanicCase *pc = &panic_cases[i];
        int errp[2], outp[2];
        if (pipe(errp) || pipe(outp)) return;
        pid_t pid = fork();
        if (pid == 0) {
            dup2(errp[1], 2);
            dup2(outp[1], 1);
            close(errp[0]);
            close(outp[0]);
            execl(self, self, "panic", pc->name, (char *)NULL);
            _exit(127);
        }
        close(errp[1]);
        close(outp[1]);
        char buf[4096];
        size_t n = 0;
        ssize_t r;
        while ((r = read(errp[0], buf + n, sizeof buf - 1 - n)) > 0) n += (size_t)r;
        buf[n] = 0;
        char obuf[256];
        size_t on = 0;
        while ((r = read(outp[0], obuf + on, sizeof obuf - 1 - on)) > 0) on += (size_t)r;
        obuf[on] = 0;
        close(errp[0]);
        close(outp[0]);
        int status;
        waitpid(pid, &status, 0);
        char *nl = strchr(buf, '\n');
        if (nl) *nl = 0;
        CHECK(strcmp(buf, pc->first_line) == 0, "panic %s: got \"%s\"", pc->name, buf);
        CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 2, "panic %s: exit status %d", pc->name,
              WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        CHECK(strcmp(obuf, "stdout first\n") == 0, "panic %s: stdout flushed", pc->name);
        if (nl) CHECK(strstr(nl + 1, "goroutine 0 [running]:") != NULL, "panic %s: trailer (main is 0)", pc->name);
    }
}
