// SPDX-License-Identifier: MIT
/*
 * sentinels, column 1 (the public sentinel.csl's role): IN_1 brings the
 * number of data wavelets, IN_2 the data; each data wavelet goes on to
 * OUT_1 as it is, and after the last one a control wavelet carrying
 * control task id SENTINEL (payload SENTINEL << 16) follows on OUT_1.
 * IN_2 stays blocked until the count has arrived (the two streams are
 * independent, so the data could otherwise overtake it).
 */
#include <wse/pe.h>

WSE_PARAM(int16_t, IN_1);
WSE_PARAM(int16_t, IN_2);
WSE_PARAM(int16_t, OUT_1);
WSE_PARAM(int16_t, SENTINEL);

static int16_t num_wvlts, idx;

static void wtt_in_1(uint32_t w)
{
	num_wvlts = (int16_t)w;
	wse_unblock_color(IN_2);
}

static void wtt_in_2(uint32_t w)
{
	wse_send32(OUT_1, 1, w);
	if (++idx >= num_wvlts) {
		/* the sentinel: a control wavelet on the data's color */
		wse_mov32_scalar(wse_dsd_fabout_ctrl(OUT_1, 1, 1),
				 wse_control_payload(SENTINEL));
		idx = 0;
		wse_block_color(IN_2);	/* until the next count */
	}
}

void wse_init(void)
{
	wse_bind_data_task(IN_1, wtt_in_1);
	wse_bind_data_task(IN_2, wtt_in_2);
	wse_block_color(IN_2);
}
