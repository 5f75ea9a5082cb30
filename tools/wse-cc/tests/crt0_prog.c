// SPDX-License-Identifier: MIT
/* crt0 end to end (run by crt0_run.c): data task, unbind, local tasks,
 * send32/send16, a launch with a blocking recv32 and an async fabout op
 * whose completion task ends the command.  Colors: 1 H2D, 2 D2H. */
#include <wse/pe.h>
uint32_t buf[4];
static uint32_t sum, cnt;
static void finish(void) { wse_unblock_cmd_stream(); }
static void report(void) { wse_send32(2, 1, sum); wse_send16(2, 1, 0x12345u); }
static void on_w(uint32_t w) { sum += w; if (++cnt == 3) { wse_unbind_data_task(1); wse_activate(9); } }
void wse_init(void) { wse_bind_local_task(9, report); wse_bind_local_task(10, finish); wse_bind_data_task(1, on_w); }
void go(uint32_t k) {
	buf[0] = k; buf[1] = k + 1; buf[2] = k + 2; buf[3] = wse_recv32(1, 2);
	wse_mov32_async(wse_dsd_fabout(2, 1, 4), wse_dsd_mem(buf, 4, 1), 10);
}
WSE_EXPORT_FN(go, WSE_U32);
