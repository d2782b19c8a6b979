// SPDX-License-Identifier: MIT
/*
 * bigint.h — arbitrary-precision signed integers for constant arithmetic.
 *
 * Go's untyped constants are exact: integers of at least 256 bits (gc keeps
 * 512) and rationals.  The checker (check_const.c) keeps small values in an
 * __int128 and switches to a BigInt only when a value leaves that range, or
 * to hold the numerator and denominator of an exact untyped float.
 *
 * A BigInt is immutable once returned: every operation allocates its result
 * in the compiler arena, so values can be shared freely between ConstVals.
 * Sizes are bounded by the callers (512-bit integers, 4096-bit rational
 * parts), so the algorithms are the simple quadratic ones.
 */
#ifndef SWC_BIGINT_H
#define SWC_BIGINT_H

#include <stdbool.h>
#include <stdint.h>

typedef struct BigInt BigInt;

BigInt *big_from_i128(__int128 v);
BigInt *big_from_u64(uint64_t v);
/* Digits in `base` (2..16), `_` separators skipped; NULL on a bad digit or
 * when there are no digits. */
BigInt *big_parse(const char *s, int base);
/* Exact integral value of a finite long double (truncated toward zero). */
BigInt *big_from_ldouble(long double f);

bool big_to_i128(const BigInt *x, __int128 *out);   /* false if it does not fit */
const char *big_string(const BigInt *x);            /* decimal, arena-allocated */

int big_sign(const BigInt *x);                      /* -1, 0, 1 */
int big_cmp(const BigInt *a, const BigInt *b);      /* -1, 0, 1 */
int64_t big_bitlen(const BigInt *x);                /* bits of |x|; 0 for 0 */
bool big_is_one(const BigInt *x);

BigInt *big_neg(const BigInt *x);
BigInt *big_abs(const BigInt *x);
BigInt *big_add(const BigInt *a, const BigInt *b);
BigInt *big_sub(const BigInt *a, const BigInt *b);
BigInt *big_mul(const BigInt *a, const BigInt *b);
/* Go's truncated division: q = a/b rounded toward zero, r = a - q*b (sign of
 * a).  Either out pointer may be NULL.  Returns false when b is 0. */
bool big_quorem(const BigInt *a, const BigInt *b, BigInt **q, BigInt **r);
BigInt *big_gcd(const BigInt *a, const BigInt *b);  /* >= 0 */

/* Bitwise operations on the infinite two's-complement form, as Go's. */
BigInt *big_and(const BigInt *a, const BigInt *b);
BigInt *big_or(const BigInt *a, const BigInt *b);
BigInt *big_xor(const BigInt *a, const BigInt *b);
BigInt *big_andnot(const BigInt *a, const BigInt *b);
BigInt *big_not(const BigInt *x);                   /* -x - 1 */
BigInt *big_shl(const BigInt *x, uint32_t s);
BigInt *big_shr(const BigInt *x, uint32_t s);       /* floor(x / 2^s) */

/* num/den (den > 0) rounded to nearest-even with `prec` mantissa bits, and
 * `emin` the exponent E of the smallest normal number 1.f * 2^E (fewer bits
 * below it: subnormals), as a long double: 24/-126 gives float32, 53/-1022
 * float64, 64/-16382 long double.  ±inf when the rounded value exceeds the long double range;
 * callers compare against FLT_MAX/DBL_MAX for the narrower formats. */
long double big_ratio(const BigInt *num, const BigInt *den, int prec, int emin);
long double big_to_ldouble(const BigInt *x);

#endif
