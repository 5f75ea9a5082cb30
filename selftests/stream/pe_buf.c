// SPDX-License-Identifier: GPL-2.0
/*
 * PE side of selftests/stream_test, bundles "buf" and "nobuf" (buf.wse).
 * No data task: wavelets of the H2D color wait in the PE's input queue, the
 * routers and the H2D buffer columns until consume() reads them.
 *   consume(n): got[0..n) = the next n wavelets of the H2D color (fabin)
 *   produce(n): send n wavelets x << 24 | k (k = 0..n-1, x the PE's
 *		column) on the D2H color (fabout), before any D2H asks
 * Both return (unblock the command stream) when their last wavelet moved.
 */
#include <wse/pe.h>

WSE_PARAM(int16_t, MEMCPYH2D_DATA_1_ID);	/* stream colors (--params) */
WSE_PARAM(int16_t, MEMCPYD2H_DATA_1_ID);

#define MAXN 4096

uint32_t got[MAXN];
WSE_EXPORT_SYMBOL(got, WSE_U32);

static uint32_t out[MAXN];

void consume(uint32_t n)
{
	if (n > MAXN)
		n = MAXN;
	wse_mov32(wse_dsd_mem(got, n, 1),
		  wse_dsd_fabin(MEMCPYH2D_DATA_1_ID, 2, n));
	wse_unblock_cmd_stream();
}
WSE_EXPORT_FN(consume, WSE_U32);

void produce(uint32_t n)
{
	uint32_t x = wse_pe_x();

	if (n > MAXN)
		n = MAXN;
	for (uint32_t k = 0; k < n; k++)
		out[k] = x << 24 | k;
	wse_mov32(wse_dsd_fabout(MEMCPYD2H_DATA_1_ID, 1, n),
		  wse_dsd_mem(out, n, 1));
	wse_unblock_cmd_stream();
}
WSE_EXPORT_FN(produce, WSE_U32);
