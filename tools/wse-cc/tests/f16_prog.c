// SPDX-License-Identifier: MIT
/*
 * binary16 on a PE (run by pe_run.c; run.sh compares with the host's
 * _Float16): conversions, the vector ops through memory and a fabout DSD
 * (16-bit wavelets), the scalar helpers.  Results go out on color 2.
 */
#include <wse/pe.h>

static wse_f16_t a[4], b[4], r[4];

static void out16(void)
{
	wse_mov16(wse_dsd_fabout(2, 1, 4), wse_dsd_mem(r, 4, 1));
}

void f(float x, float y)
{
	for (int i = 0; i < 4; i++) {
		a[i] = wse_f32_to_f16(x * (float)(i + 1));
		b[i] = wse_f32_to_f16(y / (float)(i + 1));
	}
	wse_faddh(wse_dsd_mem(r, 4, 1), wse_dsd_mem(a, 4, 1), wse_dsd_mem(b, 4, 1));
	out16();
	wse_fmulh_scalar(wse_dsd_mem(r, 4, 1), wse_dsd_mem(a, 4, 1), b[3]);
	out16();
	wse_fmach(wse_dsd_mem(r, 4, 1), wse_dsd_mem(a, 4, 1), wse_dsd_mem(b, 4, 1),
		  wse_f32_to_f16(0.1f));
	out16();
	/* straight to the fabric: a - b as 16-bit wavelets */
	wse_fsubh(wse_dsd_fabout(2, 1, 4), wse_dsd_mem(a, 4, 1), wse_dsd_mem(b, 4, 1));
	wse_send32(2, 1, wse_addh(a[0], b[0]));
	wse_send32(2, 1, wse_mulh(a[1], b[2]));
	wse_send32(2, 1, wse_divh(a[2], b[1]));
	wse_send32(2, 1, wse_subh(a[3], b[3]));
	wse_send32(2, 1, wse_f32_bits(wse_f16_to_f32(b[3])));
	wse_unblock_cmd_stream();
}
WSE_EXPORT_FN(f, WSE_F32, WSE_F32);
