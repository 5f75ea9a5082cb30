// SPDX-License-Identifier: MIT
/*
 * A control wavelet and a fabin op on the same color (run by feed_run.c):
 * an async op reads 3 wavelets of color 1; a sentinel between them runs
 * control task 43 (which reports how many elements the op had taken, 1)
 * and is not an element: the op goes on with the data behind it and its
 * completion task sends the 3 values.
 */
#include <wse/pe.h>
static uint32_t buf[3] = { 0xdead, 0xdead, 0xdead };
static void done(void) { for (int i = 0; i < 3; i++) wse_send32(2, 1, buf[i]); }
static void on_ctl(void) { wse_send32(2, 1, 0xc0); wse_send32(2, 1, buf[0]); wse_send32(2, 1, buf[1]); }
void wse_init(void)
{
	wse_bind_local_task(5, done);
	wse_bind_control_task(43, on_ctl);
	wse_mov32_async(wse_dsd_mem(buf, 3, 1), wse_dsd_fabin(1, 2, 3), 5);
}
