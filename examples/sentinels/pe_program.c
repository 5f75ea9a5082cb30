// SPDX-License-Identifier: MIT
/*
 * sentinels, column 2 (the public pe_program.csl's role): a data task on
 * main_color adds each wavelet's f16 (its low half) to the sum; the
 * sentinel's control task send_result_task_id sends the sum EAST on
 * output_color.  The control wavelet runs no data task.
 */
#include <wse/pe.h>

WSE_PARAM(int16_t, main_color);
WSE_PARAM(int16_t, output_color);
WSE_PARAM(int16_t, send_result_task_id);

static wse_f16_t result;	/* 0.0 */

static void main_task(uint16_t data, uint16_t index)
{
	(void)index;		/* the host's element index, unused */
	result = wse_addh(result, data);
}

static void send_result(void)
{
	wse_send16(output_color, 1, result);
}

void wse_init(void)
{
	wse_bind_data_task_u16_idx(main_color, main_task);
	wse_bind_control_task(send_result_task_id, send_result);
}
