// SPDX-License-Identifier: MIT
/*
 * test_float.c — quick checks of the runtime's own float conversions
 * (rt/sw_dtoa.c, rt/sw_atof.c): strings Go prints for tricky values, and
 * format → parse round trips on random bit patterns.  The exhaustive
 * comparison with the former printf/strtod code is tests/rt/float/run.sh.
 */
#include <math.h>
#include <stdint.h>

#include "t.h"
#include "../../rt/sw_lib.h"

SwString sw_strconv_format_float(double f, uint8_t fmt, int64_t prec, int64_t bits);

static double bits64(uint64_t u)
{
    double v;
    memcpy(&v, &u, 8);
    return v;
}

void test_float(void)
{
    /* Go 1.19 strconv.FormatFloat(v, 'g', -1, 64) */
    t_str_eq("min subnormal", sw_strconv_format_float(bits64(1), 'g', -1, 64), "5e-324");
    t_str_eq("2 subnormal", sw_strconv_format_float(bits64(2), 'g', -1, 64), "1e-323");
    t_str_eq("10 subnormal", sw_strconv_format_float(bits64(10), 'g', -1, 64), "5e-323");
    t_str_eq("max", sw_strconv_format_float(1.7976931348623157e308, 'g', -1, 64), "1.7976931348623157e+308");
    t_str_eq("0.1", sw_strconv_format_float(0.1, 'g', -1, 64), "0.1");
    t_str_eq("1e23", sw_strconv_format_float(1e23, 'g', -1, 64), "1e+23");
    t_str_eq("2^-1022", sw_strconv_format_float(0x1p-1022, 'g', -1, 64), "2.2250738585072014e-308");
    t_str_eq("f32 0.1", sw_strconv_format_float((float)0.1, 'g', -1, 32), "0.1");
    t_str_eq("f32 min", sw_strconv_format_float(0x1p-149, 'g', -1, 32), "1e-45");
    t_str_eq("%.2f", sw_strconv_format_float(2.675, 'f', 2, 64), "2.67");
    t_str_eq("%.0f tie", sw_strconv_format_float(2.5, 'f', 0, 64), "2");
    t_str_eq("%.3e", sw_strconv_format_float(1234.5678, 'e', 3, 64), "1.235e+03");
    t_str_eq("%.3g", sw_strconv_format_float(1e5, 'g', 3, 64), "1e+05");
    t_str_eq("%.20f", sw_strconv_format_float(0.1, 'f', 20, 64), "0.10000000000000000555");
    /* round trips */
    uint64_t x = 88172645463325252u;
    int bad = 0;
    for (int i = 0; i < 200000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        double v = bits64(x);
        if (isnan(v) || isinf(v)) continue;
        int64_t err;
        SwString s = sw_strconv_format_float(v, 'g', -1, 64);
        double back = sw_strconv_parse_float(s, 64, &err);
        if (back != v || err) bad++;
        float f = (float)v;
        if (isinf(f)) continue;
        s = sw_strconv_format_float(f, 'e', -1, 32);
        back = sw_strconv_parse_float(s, 32, &err);
        if ((float)back != f || err) bad++;
    }
    CHECK(bad == 0, "%d format/parse round trips failed", bad);
}
