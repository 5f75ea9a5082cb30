// SPDX-License-Identifier: GPL-2.0
/*
 * PE side of selftests/sdk_test (see layout.wse).
 *   store(f32, i32, u32, i16, u16, f16): out[0..5] = the arguments as the
 *	PE sees them (f32 as its bits, i16 sign-extended to 32 bits), out[6] =
 *	x | y << 16, out[7] = number of store() calls on this PE
 *   double_h(): h[i] *= 2 (u16, wrapping)
 *   crash(x): the PE whose x equals the argument executes the illegal
 *	word 0x0000000b; the others return normally
 */
#include <wse/pe.h>

uint32_t out[8];
uint16_t h[8];

WSE_EXPORT_SYMBOL(out, WSE_U32);
WSE_EXPORT_SYMBOL(h, WSE_U16);

void store(float a, int32_t b, uint32_t c, int16_t d, uint16_t e, wse_f16_t g)
{
	out[0] = __wse_f2u(a);
	out[1] = (uint32_t)b;
	out[2] = c;
	out[3] = (uint32_t)(int32_t)d;
	out[4] = e;
	out[5] = g;
	out[6] = wse_pe_x() | wse_pe_y() << 16;
	out[7]++;
	wse_unblock_cmd_stream();
}
WSE_EXPORT_FN(store, WSE_F32, WSE_I32, WSE_U32, WSE_I16, WSE_U16, WSE_F16);

void double_h(void)
{
	for (int i = 0; i < 8; i++)
		h[i] = (uint16_t)(h[i] * 2);
	wse_unblock_cmd_stream();
}
WSE_EXPORT_FN(double_h);

void crash(uint32_t x)
{
	if (wse_pe_x() == x)
		__asm__ __volatile__(".word 0x0000000b");
	wse_unblock_cmd_stream();
}
WSE_EXPORT_FN(crash, WSE_U32);
