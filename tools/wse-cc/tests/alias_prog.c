// SPDX-License-Identifier: MIT
/* Export names that differ from the C names: a_local as "A", scale_impl
 * as "scale" (which sends A * s on color 2). */
#include <wse/pe.h>
float a_local[2] = { 1.5f, -2.0f };
WSE_EXPORT_SYMBOL_AS(a_local, "A", WSE_F32);
static void scale_impl(float s)
{
	for (int i = 0; i < 2; i++)
		wse_send32(2, 1, wse_f32_bits(a_local[i] * s));
	wse_unblock_cmd_stream();
}
WSE_EXPORT_FN_AS("scale", scale_impl, WSE_F32);
