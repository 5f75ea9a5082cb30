// SPDX-License-Identifier: MIT
/*
 * Sentinels (run by feed_run.c): color 1's data task sums the data
 * wavelets; the control wavelet of task 43 (a sentinel) sends the sum and
 * the count on color 2 and starts again, without running the data task;
 * task 44 sends a sentinel of its own on color 2; id 45 has no task.
 */
#include <wse/pe.h>
static uint32_t sum, cnt;
static void on_w(uint32_t w) { sum += w; cnt++; }
static void on_end(void) { wse_send32(2, 1, sum); wse_send32(2, 1, cnt); sum = cnt = 0; }
static void on_fwd(void) { wse_send_control(2, 1, 43); }
void wse_init(void)
{
	wse_bind_data_task(1, on_w);
	wse_bind_control_task(43, on_end);
	wse_bind_control_task(44, on_fwd);
}
