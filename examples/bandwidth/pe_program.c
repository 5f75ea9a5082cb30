// SPDX-License-Identifier: MIT
/*
 * bandwidth: the PE side of a copy benchmark in the manner of the public
 * "bandwidth-test" (our own code).  f_touch() takes a timestamp, adds 1 to
 * every element of A, takes a second one, and unblocks the command stream;
 * the host reads both timestamps (three 16-bit words each, low first) from
 * time_buf_u16 and turns them into cycles with calculate_cycles().
 *
 * Parameter: N (elements of A), from wse-cc --params; only used below to
 * size A and the loop.
 */
#include <wse/pe.h>

WSE_PARAM(int32_t, N);		/* --params=N:<elements> */
enum { NELEM = N };

float A[NELEM];
uint16_t time_buf_u16[6];	/* start[3], end[3] */
WSE_EXPORT_SYMBOL(A, WSE_F32);
WSE_EXPORT_SYMBOL(time_buf_u16, WSE_U16);

void f_touch(void)
{
	wse_timestamp(&time_buf_u16[0]);
	for (int i = 0; i < NELEM; i++)
		A[i] = A[i] + 1.0f;
	wse_timestamp(&time_buf_u16[3]);
	wse_unblock_cmd_stream();
}
WSE_EXPORT_FN(f_touch);
