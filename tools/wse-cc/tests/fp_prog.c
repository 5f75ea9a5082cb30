// SPDX-License-Identifier: MIT
/*
 * CSL float semantics (run by pe_run.c, checked by run.sh): a*b - c*d is
 * two roundings of products and one of the difference, never fused; and
 * __builtin_sqrtf is fsqrt.s, not a libm call.  Results go out on color 2.
 */
#include <wse/pe.h>

void f(float a, float b, float c, float d, float e)
{
	wse_send32(2, 1, wse_f32_bits(a * b - c * d));
	wse_send32(2, 1, wse_f32_bits(a * b + e));
	wse_send32(2, 1, wse_f32_bits(__builtin_sqrtf(e + 3.0f)));
	wse_unblock_cmd_stream();
}
WSE_EXPORT_FN(f, WSE_F32, WSE_F32, WSE_F32, WSE_F32, WSE_F32);
