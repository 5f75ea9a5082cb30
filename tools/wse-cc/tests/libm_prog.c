// SPDX-License-Identifier: MIT
/*
 * <math.h> on a PE (run by pe_run.c; run.sh compares the wavelets with
 * pe/libm.c built for the host, which libm_test.c checks against the
 * host's libm).  Results go out on color 2.
 */
#include <wse/pe.h>
#include <math.h>

void f(float a, float b)
{
	const float r[] = {
		fmaf(a, b, 1.0f), sqrtf(a), expf(a), logf(a), expf(-b),
		logf(b), floorf(-a), ceilf(-a), roundf(b), truncf(-b),
		rintf(b), fminf(a, b), fmaxf(a, b), copysignf(a, -1.0f),
		fabsf(-a),
	};

	for (unsigned int i = 0; i < sizeof(r) / sizeof(r[0]); i++)
		wse_send32(2, 1, wse_f32_bits(r[i]));
	wse_unblock_cmd_stream();
}
WSE_EXPORT_FN(f, WSE_F32, WSE_F32);
