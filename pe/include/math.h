/* SPDX-License-Identifier: MIT */
/*
 * <math.h> for PE programs (rv32imf): the float functions of pe/libm.c,
 * which wse-cc links on demand.  Exact (correctly rounded, as IEEE 754
 * specifies): fmaf, sqrtf, fabsf, copysignf, fminf, fmaxf, floorf, ceilf,
 * truncf, roundf, rintf.  expf and logf: less than 1 ulp from the exact
 * result (tools/wse-cc/tests/libm_test.c; over every 17th float the
 * largest errors are 0.973 ulp for expf and 0.829 ulp for logf),
 * no errno (wse-cc builds with -fno-math-errno; CSL's math library has
 * none either).  No double functions: the PE has no D extension.
 */
#ifndef _WSE_PE_MATH_H
#define _WSE_PE_MATH_H

#define INFINITY	__builtin_inff()
#define NAN		__builtin_nanf("")
#define HUGE_VALF	__builtin_huge_valf()
#define isnan(x)	__builtin_isnan(x)
#define isinf(x)	__builtin_isinf(x)
#define isfinite(x)	__builtin_isfinite(x)
#define signbit(x)	__builtin_signbit(x)

float fmaf(float x, float y, float z);
float sqrtf(float x);
float fabsf(float x);
float copysignf(float x, float y);
float fminf(float x, float y);
float fmaxf(float x, float y);
float floorf(float x);
float ceilf(float x);
float truncf(float x);
float roundf(float x);
float rintf(float x);
float expf(float x);
float logf(float x);

#endif /* _WSE_PE_MATH_H */
