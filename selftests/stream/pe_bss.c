// SPDX-License-Identifier: GPL-2.0
/*
 * PE side of selftests/stream_test, bundle "bss": 16 KiB of .bss per PE on
 * 48x32 PEs (a bandwidth benchmark's shape).  t_init is instret (the
 * instructions retired since RUN) when wse_init() starts: what the
 * runtime spent before it.
 */
#include <wse/pe.h>

float buf[4096];
uint32_t t_init[2] = { 0xffffffff, 0xffffffff };
WSE_EXPORT_SYMBOL(buf, WSE_F32);
WSE_EXPORT_SYMBOL(t_init, WSE_U32);

void wse_init(void)
{
	uint64_t n = wse_instret();

	t_init[0] = (uint32_t)n;
	t_init[1] = (uint32_t)(n >> 32);
}
