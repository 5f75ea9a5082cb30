// SPDX-License-Identifier: GPL-2.0
/*
 * PE side of selftests/stream_test, bundle "dl": a real deadlock.  Each of
 * the two PEs receives one wavelet on IN before it sends on OUT, and each
 * one's OUT is the other's IN: neither ever sends.
 */
#include <wse/pe.h>

WSE_PARAM(int16_t, IN);		/* the tile lines set IN and OUT */
WSE_PARAM(int16_t, OUT);

uint32_t got[1];
WSE_EXPORT_SYMBOL(got, WSE_U32);

void swap(void)
{
	got[0] = wse_recv32(IN, 2);
	wse_send32(OUT, 3, got[0] + 1);
	wse_unblock_cmd_stream();
}
WSE_EXPORT_FN(swap);
