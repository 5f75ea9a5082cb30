// SPDX-License-Identifier: GPL-2.0
/*
 * PE side of selftests/stream_test, bundle "bss": 16 KiB of .bss per PE on
 * 48x32 PEs (a bandwidth benchmark's shape).  t_init is the cycle counter
 * (= instructions retired since RUN) when wse_init() starts: what the
 * runtime spent before it.
 */
#include <wse/pe.h>

float buf[4096];
uint16_t t_init[4] = { 0xffff, 0xffff, 0xffff, 0xffff };
WSE_EXPORT_SYMBOL(buf, WSE_F32);
WSE_EXPORT_SYMBOL(t_init, WSE_U16);

void wse_init(void)
{
	wse_timestamp(t_init);
}
