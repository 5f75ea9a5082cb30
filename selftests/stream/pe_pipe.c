// SPDX-License-Identifier: GPL-2.0
/*
 * PE side of selftests/stream_test, bundles "pipe" and "mcast": a data task
 * on color IN sends every wavelet + ADD on color OUT (tile defines, see
 * pipe.wse / mcast.wse).  passed[0] counts the wavelets this PE passed on.
 */
#include <wse/pe.h>

WSE_PARAM(int16_t, MEMCPYH2D_DATA_1_ID);	/* stream colors (--params) */
WSE_PARAM(int16_t, MEMCPYD2H_DATA_1_ID);
WSE_PARAM(int16_t, IN);				/* the tile's IN, OUT, ADD */
WSE_PARAM(int16_t, OUT);
WSE_PARAM(int32_t, ADD);

uint32_t passed[1];
WSE_EXPORT_SYMBOL(passed, WSE_U32);

static void pass(uint32_t w)
{
	passed[0]++;
	wse_send32(OUT, 1, w + ADD);
}

void wse_init(void)
{
	wse_bind_data_task(IN, pass);
}
