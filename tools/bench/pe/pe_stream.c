// SPDX-License-Identifier: MIT
/*
 * PE side of wse-bench's streaming phase (layout-stream.wse).
 *
 * recv(n) issues one asynchronous mov32 from a fabin DSD of the H2D stream
 * color into sink[0..n) and unblocks the command stream at once, so the
 * host's streaming h2d (a later task) can start while the op consumes:
 * the consumer costs one vector element per wavelet, the least a PE
 * program can spend.  drain() ends when that op has completed (from its
 * completion task when it has not yet), so a copy-mode d2h of "sink"
 * after it sees every wavelet.
 */
#include <wse/pe.h>

WSE_PARAM(int16_t, MEMCPYH2D_DATA_1_ID);	/* the stream color (--params) */

#define MAXL		8192
#define DONE_TASK	1

uint32_t sink[MAXL];
WSE_EXPORT_SYMBOL(sink, WSE_U32);

static volatile uint32_t done, want;

static void on_done(void)
{
	done = 1;
	if (want) {
		want = 0;
		wse_unblock_cmd_stream();
	}
}

void recv(uint32_t n)
{
	done = 0;
	want = 0;
	if (n < 1)
		n = 1;
	if (n > MAXL)
		n = MAXL;
	wse_mov32_async(wse_dsd_mem(sink, n, 1),
			wse_dsd_fabin(MEMCPYH2D_DATA_1_ID, 2, n), DONE_TASK);
	wse_unblock_cmd_stream();
}
WSE_EXPORT_FN(recv, WSE_U32);

void drain(void)
{
	if (done)
		wse_unblock_cmd_stream();
	else
		want = 1;
}
WSE_EXPORT_FN(drain);

void wse_init(void)
{
	wse_bind_local_task(DONE_TASK, on_done);
}
