// SPDX-License-Identifier: GPL-2.0
/*
 * PE side of selftests/stream_test, bundles "pipe" and "mcast": a data task
 * on color IN sends every wavelet + ADD on color OUT (tile defines, see
 * pipe.wse / mcast.wse).  passed[0] counts the wavelets this PE passed on.
 */
#include <wse/pe.h>

#if !defined(IN) || !defined(OUT) || !defined(ADD)
#error "tile defines IN, OUT and ADD are required"
#endif

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
