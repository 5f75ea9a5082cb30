// SPDX-License-Identifier: MIT
/*
 * Uses every fabric part of wse/pe.h (data tasks, color control, fabric
 * DSDs, async ops, single wavelets); built with -std=c11 -pedantic -Werror
 * by run.sh and through wse-cc with a layout routing its colors.
 * Colors: 2 data task (rx=WEST tx=RAMP), 3 fabin (tx=RAMP), 4 fabout (rx=RAMP).
 */
#include <wse/pe.h>
float X[8];
uint16_t H[8];
WSE_EXPORT_SYMBOL(X, WSE_F32);
static volatile uint32_t sink;
static uint32_t count;

static void on_wavelet(uint32_t w)
{
	X[count++ & 7] = wse_f32_from_bits(w);
	if (count == 8)
		wse_activate(6);
}

static void done(void)
{
	wse_unbind_data_task(2);
	wse_unblock_cmd_stream();
}

static void after_send(void) { sink++; }

void compute(void)
{
	struct wse_dsd x = wse_dsd_mem(X, 8, 1);
	struct wse_dsd in = wse_dsd_fabin(3, 2, 8);
	struct wse_dsd out = wse_dsd_fabout(4, 1, 8);

	wse_block_color(2);
	wse_fadds(x, x, in);
	wse_fadds_async(out, x, in, 7);
	wse_fadds_scalar_async(out, in, 1.0f, WSE_VEC_NO_TASK);
	wse_fsubs_async(out, x, x, 7);
	wse_fsubs_scalar_async(out, x, 2.0f, 7);
	wse_fmuls_async(out, x, x, 7);
	wse_fmuls_scalar_async(out, x, 2.0f, 7);
	wse_fmaxs_async(out, x, in, 7);
	wse_fmaxs_scalar_async(out, x, 0.0f, 7);
	wse_fmacs_async(out, x, in, 3.0f, 7);
	wse_fnegs_async(out, in, 7);
	wse_mov32_async(out, x, 7);
	wse_mov16_async(wse_dsd_fabout(4, 1, 8), wse_dsd_mem(H, 8, 1), 7);
	wse_mov16(wse_dsd_mem(H, 8, 1), wse_dsd_fabin(3, 2, 8));
	wse_send32(4, 1, wse_f32_bits(1.5f));
	wse_send16(4, 1, H[0]);
	sink = wse_recv32(3, 2) + wse_recv16(3, 2);
	wse_unblock_color(2);
}
WSE_EXPORT_FN(compute);

void wse_init(void)
{
	wse_bind_local_task(6, done);
	wse_bind_local_task(7, after_send);
	wse_bind_data_task(2, on_wavelet);
}
