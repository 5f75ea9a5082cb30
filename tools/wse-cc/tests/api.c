// SPDX-License-Identifier: MIT
/* Uses every part of wse/pe.h; built with -std=c11 -pedantic -Werror by run.sh. */
#include <wse/pe.h>
float A[8]; int16_t H[4]; uint32_t U;
WSE_EXPORT_SYMBOL(A, WSE_F32);
WSE_EXPORT_SYMBOL(H, WSE_I16);
WSE_EXPORT_SYMBOL(U, WSE_U32);
static volatile uint32_t sink;
void f6(float a, int32_t b, uint32_t c, int16_t d, uint16_t e, wse_f16_t g)
{ sink = (uint32_t)a + (uint32_t)b + c + (uint32_t)d + e + g; wse_unblock_cmd_stream(); }
WSE_EXPORT_FN(f6, WSE_F32, WSE_I32, WSE_U32, WSE_I16, WSE_U16, WSE_F16);
void f15(int32_t a0, int32_t a1, int32_t a2, int32_t a3, int32_t a4, int32_t a5, int32_t a6, int32_t a7, int32_t a8, int32_t a9, int32_t a10, int32_t a11, int32_t a12, int32_t a13, float a14)
{ sink = (uint32_t)(a0+a1+a2+a3+a4+a5+a6+a7+a8+a9+a10+a11+a12+a13) + (uint32_t)a14; }
WSE_EXPORT_FN(f15, WSE_I32, WSE_I32, WSE_I32, WSE_I32, WSE_I32, WSE_I32, WSE_I32, WSE_I32, WSE_I32, WSE_I32, WSE_I32, WSE_I32, WSE_I32, WSE_I32, WSE_F32);
WSE_USE_COLOR(3);
WSE_USE_CONTROL_TASK(40);
WSE_USE_INPUT_QUEUE(2);
WSE_USE_OUTPUT_QUEUE(1);
WSE_USE_MICROTHREAD(1);
static void t5(void) { uint16_t ts[3]; wse_timestamp(ts); wse_trace(ts[0]); }
void wse_init(void)
{
	wse_bind_local_task(5, t5);
	wse_activate(5); wse_block(5); wse_unblock(5);
	sink = wse_pe_x() + wse_pe_y() + wse_rect_w() + wse_rect_h();
	struct wse_dsd d = wse_dsd_mem(A, 8, 1);
	wse_fadds(d, d, d); wse_fsubs(d, d, d); wse_fmuls(d, d, d); wse_fmaxs(d, d, d);
	wse_fadds_scalar(d, d, 1.0f); wse_fsubs_scalar(d, d, 1.0f); wse_fmuls_scalar(d, d, 2.0f); wse_fmaxs_scalar(d, d, 0.0f);
	wse_fmacs(d, d, d, 3.0f); wse_fnegs(d, d); wse_mov32(d, d);
	wse_mov16(wse_dsd_mem(H, 4, 1), wse_dsd_mem(H, 4, 1));
}
