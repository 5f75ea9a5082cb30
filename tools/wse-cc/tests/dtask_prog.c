// SPDX-License-Identifier: MIT
/* Typed data tasks (run by feed_run.c): color 1's task is rebound from
 * u16+index to f32 to i16+index; each echoes what it got on color 2. */
#include <wse/pe.h>
static uint32_t cnt;
static void on_s(int16_t v, uint16_t i) { wse_send32(2, 1, (uint32_t)(int32_t)v); wse_send32(2, 1, i); }
static void on_f(float f)
{
	wse_send32(2, 1, wse_f32_bits(f * 2.0f));
	if (++cnt == 6)
		wse_bind_data_task_i16_idx(1, on_s);
}
static void on_u(uint16_t v, uint16_t i)
{
	wse_send32(2, 1, v);
	wse_send32(2, 1, i);
	if (++cnt == 2)
		wse_bind_data_task_f32(1, on_f);
}
void wse_init(void) { wse_bind_data_task_u16_idx(1, on_u); }
