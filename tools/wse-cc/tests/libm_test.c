// SPDX-License-Identifier: MIT
/*
 * pe/libm.c built for the host (its functions renamed pe_*) against the
 * host's libm: the IEEE-exact functions bit for bit, expf and logf within
 * the bound pe/include/math.h states, over every float (argv[1] = step
 * through the 2^32 bit patterns, 1 = all).  Prints the largest error
 * seen; exits 1 if a bound is broken.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

float pe_fmaf(float, float, float), pe_sqrtf(float), pe_fabsf(float);
float pe_copysignf(float, float), pe_fminf(float, float), pe_fmaxf(float, float);
float pe_floorf(float), pe_ceilf(float), pe_truncf(float), pe_roundf(float);
float pe_rintf(float), pe_expf(float), pe_logf(float);

static uint32_t bits(float f)
{
	uint32_t u;

	memcpy(&u, &f, 4);
	return u;
}

static float fl(uint32_t u)
{
	float f;

	memcpy(&f, &u, 4);
	return f;
}

/* Error of @got in ulps of the float nearest to @want (double). */
static double ulps(float got, double want)
{
	int e;

	if (isnan(want))
		return isnan(got) ? 0 : 1e9;
	if (isinf((float)want) || isinf(got))	/* overflow: inf is right */
		return got == (float)want ? 0 : 1e9;
	frexp(want, &e);
	if (e < -125)
		e = -125;	/* subnormal range: a fixed ulp */
	return fabs((double)got - want) / ldexp(1.0, e - 24);
}

static int fails;

static void same(const char *name, float x, float got, float want)
{
	if (bits(got) != bits(want) && !(isnan(got) && isnan(want))) {
		if (fails++ < 10)
			printf("%s(%a): %a, want %a\n", name, x, got, want);
	}
}

int main(int argc, char **argv)
{
	uint64_t step = argc > 1 ? strtoull(argv[1], NULL, 0) : 1, u;
	double emax = 0, lmax = 0, e;
	float xe = 0, xl = 0;

	for (u = 0; u < (1ull << 32); u += step) {
		float x = fl((uint32_t)u), y = fl((uint32_t)(u * 2654435761u));

		same("floorf", x, pe_floorf(x), floorf(x));
		same("ceilf", x, pe_ceilf(x), ceilf(x));
		same("truncf", x, pe_truncf(x), truncf(x));
		same("roundf", x, pe_roundf(x), roundf(x));
		same("rintf", x, pe_rintf(x), rintf(x));
		same("sqrtf", x, pe_sqrtf(x), sqrtf(x));
		same("fabsf", x, pe_fabsf(x), fabsf(x));
		same("copysignf", x, pe_copysignf(x, y), copysignf(x, y));
		same("fminf", x, pe_fminf(x, y), fminf(x, y));
		same("fmaxf", x, pe_fmaxf(x, y), fmaxf(x, y));
		same("fmaf", x, pe_fmaf(x, y, 1.0f), fmaf(x, y, 1.0f));
		e = ulps(pe_expf(x), exp((double)x));
		if (e > emax) {
			emax = e;
			xe = x;
		}
		e = ulps(pe_logf(x), log((double)x));
		if (e > lmax) {
			lmax = e;
			xl = x;
		}
	}
	printf("expf: max %.3f ulp at %a; logf: max %.3f ulp at %a; %d mismatches\n",
	       emax, xe, lmax, xl, fails);
	return fails || emax > 1.0 || lmax > 1.0;
}
