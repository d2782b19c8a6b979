// SPDX-License-Identifier: MIT
/*
 * sw_float.h — the runtime's own float <-> decimal conversions: shortest
 * round-trip digits (sw_dtoa.c, Schubfach), fixed-precision digits built on
 * them, and the Eisel-Lemire decimal parser (sw_atof.c), with the tables of
 * powers of ten they share (sw_float_tables.c, from gen_float_tables.go).
 */
#ifndef SW_FLOAT_H
#define SW_FLOAT_H

#include <stdbool.h>
#include <stdint.h>

#define SW_POW10_G_MIN (-292)
#define SW_POW10_G_N (324 + 292 + 1)
#define SW_POW10_EL_MIN (-342)
#define SW_POW10_EL_N (308 + 342 + 1)

extern const uint64_t sw_pow10_g[SW_POW10_G_N][2];
extern const uint64_t sw_pow10_el[SW_POW10_EL_N][2];

/* Shortest decimal digits of |v| (finite, non-zero) that read back as v in
 * a float of `bits` (32 or 64; among the shortest the closest, ties to even
 * digit): digits d[0..n) without trailing zeros, value 0.d × 10^*dp.
 * d needs room for 17 digits.  Returns n. */
int sw_dtoa_shortest(double v, int bits, char *d, int *dp);

/* Parses a decimal float (optional sign, digits, optional '.', optional
 * exponent; no underscores, no hex, no inf/nan) with Eisel-Lemire.
 * Returns false when the text is not that shape or the fast path cannot
 * decide: the caller then uses strtod/strtof. */
bool sw_atof_fast(const uint8_t *s, int64_t n, int bits, double *out);

#endif
