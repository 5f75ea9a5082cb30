// SPDX-License-Identifier: MIT
/*
 * Streaming loopback: the smallest streaming program.
 *
 * A data task is bound to the H2D stream color: the runtime calls echo()
 * once per wavelet the host streams to this PE, and echo() sends it back
 * unchanged on the D2H stream color, where the host's streaming d2h picks
 * it up.  No launch, no exported symbol: the data flow is the program.
 *
 * The stream colors come from wse-cc's --params (MEMCPYH2D_DATA_1_ID,
 * MEMCPYD2H_DATA_1_ID), like cslc's.
 */
#include <wse/pe.h>

WSE_PARAM(int16_t, MEMCPYH2D_DATA_1_ID);	/* the stream colors */
WSE_PARAM(int16_t, MEMCPYD2H_DATA_1_ID);

#define H2D	MEMCPYH2D_DATA_1_ID	/* host -> PE stream color */
#define D2H	MEMCPYD2H_DATA_1_ID	/* PE -> host stream color */
#define OUT_Q	1			/* output queue (0 is memcpy's) */

/* The data task: one call per wavelet that arrives on H2D. */
static void echo(uint32_t wavelet)
{
	wse_send32(D2H, OUT_Q, wavelet);
}

/* Called once at RUN, before the host can stream anything. */
void wse_init(void)
{
	wse_bind_data_task(H2D, echo);
}
