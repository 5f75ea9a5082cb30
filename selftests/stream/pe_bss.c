// SPDX-License-Identifier: GPL-2.0
/*
 * PE side of selftests/stream_test, bundle "bss": 16 KiB of .bss per PE on
 * 48x32 PEs (a bandwidth benchmark's shape).  t_init is the cycle counter
 * (= instructions retired since RUN) when wse_init() starts: what the
 * runtime spent before it.
 */
#include <wse/pe.h>

float buf[4096];
uint32_t t_init[2] = { 0xffffffff, 0xffffffff };
WSE_EXPORT_SYMBOL(buf, WSE_F32);
WSE_EXPORT_SYMBOL(t_init, WSE_U32);

void wse_init(void)
{
	uint16_t ts[3];

	wse_timestamp(ts);
	t_init[0] = ts[0] | (uint32_t)ts[1] << 16;
	t_init[1] = ts[2];
}
