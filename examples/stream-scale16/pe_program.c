// SPDX-License-Identifier: MIT
/*
 * stream-scale16: a data task on the H2D stream color gets each 16-bit
 * value (zero-extended in its wavelet) and sends 3*v + 1 (mod 2^16) back
 * on the D2H stream color.  In the manner of the public streaming
 * tutorials (our own code).
 *
 * Parameters: the stream colors MEMCPYH2D_DATA_1_ID, MEMCPYD2H_DATA_1_ID
 * (wse-cc --params), used only in the two defines below.
 */
#include <wse/pe.h>

WSE_PARAM(int16_t, MEMCPYH2D_DATA_1_ID);	/* the stream colors */
WSE_PARAM(int16_t, MEMCPYD2H_DATA_1_ID);
#define H2D	MEMCPYH2D_DATA_1_ID
#define D2H	MEMCPYD2H_DATA_1_ID
#define OUT_Q	1		/* output queue (0 is memcpy's) */

static void scale16(uint32_t wavelet)
{
	wse_send16(D2H, OUT_Q, (uint16_t)(3 * (uint16_t)wavelet + 1));
}

void wse_init(void)
{
	wse_bind_data_task(H2D, scale16);
}
