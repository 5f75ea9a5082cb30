// SPDX-License-Identifier: GPL-2.0
/*
 * PE side of selftests/stream_test, bundle "loop4" (see loop4.wse): a data
 * task on each H2D stream color i (1..4) sends every wavelet back on D2H
 * stream color i, plus the current bias (0 until bias() is launched), so
 * the host sees where in the command stream a launch took effect.
 *   count[i - 1]: wavelets echoed on stream i by this PE
 *   bias(b): later echoes are wavelet + b
 *   slow(n): later echoes first spin n loop iterations (a slow consumer)
 */
#include <wse/pe.h>

/* the eight stream colors (--params) */
WSE_PARAM(int16_t, MEMCPYH2D_DATA_1_ID);
WSE_PARAM(int16_t, MEMCPYH2D_DATA_2_ID);
WSE_PARAM(int16_t, MEMCPYH2D_DATA_3_ID);
WSE_PARAM(int16_t, MEMCPYH2D_DATA_4_ID);
WSE_PARAM(int16_t, MEMCPYD2H_DATA_1_ID);
WSE_PARAM(int16_t, MEMCPYD2H_DATA_2_ID);
WSE_PARAM(int16_t, MEMCPYD2H_DATA_3_ID);
WSE_PARAM(int16_t, MEMCPYD2H_DATA_4_ID);

uint32_t count[4];
WSE_EXPORT_SYMBOL(count, WSE_U32);

static uint32_t add;
static uint32_t spins;

#define ECHO(i, in, out, q)					\
static void echo##i(uint32_t w)					\
{								\
	count[(i) - 1]++;					\
	for (volatile uint32_t k = 0; k < spins; k++)		\
		;						\
	wse_send32(out, q, w + add);				\
}
ECHO(1, MEMCPYH2D_DATA_1_ID, MEMCPYD2H_DATA_1_ID, 1)
ECHO(2, MEMCPYH2D_DATA_2_ID, MEMCPYD2H_DATA_2_ID, 2)
ECHO(3, MEMCPYH2D_DATA_3_ID, MEMCPYD2H_DATA_3_ID, 3)
ECHO(4, MEMCPYH2D_DATA_4_ID, MEMCPYD2H_DATA_4_ID, 4)

void bias(uint32_t b)
{
	add = b;
	wse_unblock_cmd_stream();
}
WSE_EXPORT_FN(bias, WSE_U32);

void slow(uint32_t n)
{
	spins = n;
	wse_unblock_cmd_stream();
}
WSE_EXPORT_FN(slow, WSE_U32);

void wse_init(void)
{
	wse_bind_data_task(MEMCPYH2D_DATA_1_ID, echo1);
	wse_bind_data_task(MEMCPYH2D_DATA_2_ID, echo2);
	wse_bind_data_task(MEMCPYH2D_DATA_3_ID, echo3);
	wse_bind_data_task(MEMCPYH2D_DATA_4_ID, echo4);
}
