// SPDX-License-Identifier: MIT
/*
 * One stage of a pipeline along a row of PEs.
 *
 * Every PE binds a data task to its input color IN; for each 16-bit value
 * that arrives it adds 1 (wrapping at 65536) and sends the result on its
 * output color OUT, both computed from its column X and the row's length W
 * (the layout's tile parameters):
 *   PE 0:      IN = H2D (the host's stream)  OUT = A
 *   PE x odd:  IN = A                        OUT = B
 *   PE x even: IN = B                        OUT = A
 *   last PE:                                 OUT = D2H (to the host)
 * so a value leaving PE W-1 has been incremented W times.  Routes move A
 * and B one PE east (layout.wse); wse-cc routes H2D and D2H itself.
 */
#include <wse/pe.h>

WSE_PARAM(int16_t, MEMCPYH2D_DATA_1_ID);	/* the stream colors */
WSE_PARAM(int16_t, MEMCPYD2H_DATA_1_ID);

#define H2D	MEMCPYH2D_DATA_1_ID
#define D2H	MEMCPYD2H_DATA_1_ID
#define A	3		/* even x -> odd x */
#define B	4		/* odd x -> even x */
#define OUT_Q	1		/* output queue (0 is memcpy's) */

WSE_PARAM(int16_t, X);	/* this PE's column (the layout's tile line) */
WSE_PARAM(int16_t, W);	/* the row's length */

enum {
	IN = X == 0 ? H2D : X % 2 ? A : B,
	OUT = X == W - 1 ? D2H : X % 2 ? B : A,
};

/* The data task: a wavelet carries a 16-bit value, zero-extended. */
static void stage(uint32_t wavelet)
{
	wse_send16(OUT, OUT_Q, (uint16_t)(wavelet + 1));
}

void wse_init(void)
{
	wse_bind_data_task(IN, stage);
}
