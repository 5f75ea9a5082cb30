// SPDX-License-Identifier: MIT
/*
 * A small float math library for PE programs (pe/include/math.h).
 *
 * Our own rather than a packaged one: Debian's picolibc has an rv32imf /
 * ilp32f build, but its objects call libgcc's __riscv_save_N /
 * __riscv_restore_N (built with -msave-restore) and keep errno in TLS,
 * neither of which the PE runtime has.  The IEEE-exact functions are one
 * F instruction each; expf and logf are float-only (no soft double) with
 * an error bound (< 1 ulp) checked by tools/wse-cc/tests/libm_test.c,
 * which builds this same file for the host.
 *
 * wse-cc links this object lazily (ld.lld --start-lib): a program that
 * calls none of these functions does not carry it.
 */
#include <math.h>
#include <stdint.h>

static inline uint32_t bits(float f)
{
	union { float f; uint32_t u; } v = { .f = f };
	return v.u;
}

static inline float from_bits(uint32_t u)
{
	union { uint32_t u; float f; } v = { .u = u };
	return v.f;
}

float fmaf(float x, float y, float z) { return __builtin_fmaf(x, y, z); }
float sqrtf(float x) { return __builtin_sqrtf(x); }
float fabsf(float x) { return __builtin_fabsf(x); }
float copysignf(float x, float y) { return __builtin_copysignf(x, y); }
float fminf(float x, float y) { return __builtin_fminf(x, y); }
float fmaxf(float x, float y) { return __builtin_fmaxf(x, y); }

/*
 * Round to an integer value in the direction @mode (1 toward zero,
 * 2 down, 3 up, 4 nearest-away): floats of magnitude
 * 2^23 or more (and NaN, infinities) are integers already; the rest fit
 * an int32 exactly.  The sign of a zero result is the sign of @x.
 */
static float round_mode(float x, int mode)
{
	float r;
	int32_t i;

	if (!(fabsf(x) < 8388608.0f))
		return x;
	switch (mode) {
	case 1:
		i = (int32_t)x;
		break;
	case 2:
		i = (int32_t)x;
		if ((float)i > x)
			i--;
		break;
	case 3:
		i = (int32_t)x;
		if ((float)i < x)
			i++;
		break;
	default:
		i = (int32_t)(fabsf(x) + 0.5f);
		/* x + 0.5 may round up: 0.49999997f + 0.5f == 1.0f */
		if ((float)i - fabsf(x) > 0.5f)
			i--;
		i = x < 0 ? -i : i;
		break;
	}
	r = (float)i;
	return copysignf(r, x);
}

float truncf(float x) { return round_mode(x, 1); }
float floorf(float x) { return round_mode(x, 2); }
float ceilf(float x) { return round_mode(x, 3); }
float roundf(float x) { return round_mode(x, 4); }

/* Nearest, ties to even, without a libm call: the 2^23 trick. */
float rintf(float x)
{
	float big = copysignf(8388608.0f, x), r;

	if (!(fabsf(x) < 8388608.0f))
		return x;
	r = (x + big) - big;
	return copysignf(r, x);
}

/* 2^n * p for p in [0.5, 2], n any int: one rounding at most. */
static float scale(float p, int n)
{
	if (n > 127) {
		p *= 0x1p127f;
		n -= 127;
		if (n > 127)
			n = 127;	/* overflows to inf below */
	} else if (n < -126) {
		p *= 0x1p-102f;	/* exact: p stays normal */
		n += 102;
		if (n < -126)
			n = -126;	/* underflows to 0 below */
	}
	return p * from_bits((uint32_t)(n + 127) << 23);
}

float expf(float x)
{
	const float ln2_hi = 0x1.62e4p-1f, ln2_lo = 0x1.7f7d1cp-20f;
	float n, r, p;

	if (isnan(x))
		return x + x;
	if (x > 88.72284f)
		return 0x1p127f * 0x1p127f;	/* +inf, overflow */
	if (x < -104.0f)
		return 0x1p-100f * 0x1p-100f;	/* +0, underflow */
	n = rintf(x * 1.44269504f);
	/* n * ln2_hi is exact (ln2_hi has 16 bits, |n| <= 150) */
	r = fmaf(-n, ln2_lo, x - n * ln2_hi);
	/* e^r, |r| <= 0.347: Taylor to r^8 */
	p = 1.0f / 40320;
	p = fmaf(p, r, 1.0f / 5040);
	p = fmaf(p, r, 1.0f / 720);
	p = fmaf(p, r, 1.0f / 120);
	p = fmaf(p, r, 1.0f / 24);
	p = fmaf(p, r, 1.0f / 6);
	p = fmaf(p, r, 0.5f);
	p = fmaf(p, r * r, r);
	return scale(1.0f + p, (int)n);
}

float logf(float x)
{
	const float ln2_hi = 0x1.62e4p-1f, ln2_lo = 0x1.7f7d1cp-20f;
	uint32_t u = bits(x);
	float m, s, s2, p, f, hf;
	int k;

	if (isnan(x))
		return x + x;
	if (x == 0)
		return -1.0f / 0.0f * (x == x);	/* -inf, divide by zero */
	if (u >> 31)
		return (x - x) / 0.0f;		/* NaN, invalid */
	if (isinf(x))
		return x;
	k = 0;
	if (u < 0x00800000u) {			/* subnormal: scale up */
		u = bits(x * 0x1p25f);
		k = -25;
	}
	k += (int)(u >> 23) - 127;
	m = from_bits((u & 0x007fffffu) | 0x3f800000u);	/* [1, 2) */
	if (m > 1.41421356f) {
		m *= 0.5f;
		k++;
	}
	/*
	 * log(1 + f) = f - f^2/2 + s (f^2/2 + R), s = f / (2 + f),
	 * R = 2/3 s^2 + 2/5 s^4 + ... (|s| <= 0.1716): the big term f is
	 * exact, the rounding errors stay in the small ones.
	 */
	f = m - 1.0f;
	s = f / (2.0f + f);
	s2 = s * s;
	p = 2.0f / 11;
	p = fmaf(p, s2, 2.0f / 9);
	p = fmaf(p, s2, 2.0f / 7);
	p = fmaf(p, s2, 2.0f / 5);
	p = fmaf(p, s2, 2.0f / 3);
	p *= s2;				/* R */
	hf = 0.5f * f * f;
	return (float)k * ln2_hi -
	       ((hf - fmaf(s, hf + p, (float)k * ln2_lo)) - f);
}
