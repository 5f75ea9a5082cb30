// SPDX-License-Identifier: MIT
/*
 * Combining both halves of a 16-bit stream's wavelets.
 *
 * A streaming h2d sends each host word unchanged as one 32-bit wavelet,
 * also with MEMCPY_16BIT.  The host puts a 16-bit value in the low half
 * and its index in the high half (sdk_input_array_to_u32 with an index),
 * so the values may arrive in any order: the data task stores each at its
 * index.  After the N-th wavelet it computes out[i] = 2 * data[i] + 1
 * (u16 arithmetic, wrapping).
 *
 * The host cannot see when the last wavelet has been handled (its h2d ends
 * when the wavelets are in the PE's input queue), so it launches finish(),
 * which ends the launch (wse_unblock_cmd_stream) at once if out is ready,
 * or leaves that to the data task.  Then the host reads out (copy mode).
 */
#include <wse/pe.h>

WSE_PARAM(int16_t, MEMCPYH2D_DATA_1_ID);	/* the H2D stream color */
WSE_PARAM(int16_t, N, 100);

#define H2D MEMCPYH2D_DATA_1_ID

static uint16_t data[N];
uint16_t out[N];
WSE_EXPORT_SYMBOL(out, WSE_U16);

static uint32_t received;	/* wavelets so far */
static int ready;		/* out is computed */
static int host_waiting;	/* finish() was launched before that */

static void compute(void)
{
	for (int i = 0; i < N; i++)
		out[i] = (uint16_t)(data[i] * 2 + 1);
	ready = 1;
	if (host_waiting)
		wse_unblock_cmd_stream();
}

/* The data task: low half the value, high half its index. */
static void combine(uint32_t wavelet)
{
	uint32_t index = wavelet >> 16;

	if (index < N)		/* a bad index leaves out wrong: the host sees it */
		data[index] = (uint16_t)wavelet;
	if (++received == N)
		compute();
}

void finish(void)
{
	if (ready)
		wse_unblock_cmd_stream();
	else
		host_waiting = 1;	/* compute() will unblock */
}
WSE_EXPORT_FN(finish);

void wse_init(void)
{
	wse_bind_data_task(H2D, combine);
}
