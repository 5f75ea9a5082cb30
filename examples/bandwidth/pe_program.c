// SPDX-License-Identifier: MIT
/*
 * bandwidth: the PE side of a copy benchmark in the manner of the public
 * "bandwidth-test" (our own code).
 *
 * f_tic() and f_toc() take a timestamp of the device clock (850 MHz, runs
 * while the PE waits: doc/PE-ABI.md section 1) into tsc_u16[0..2] and
 * [3..5]; the host launches them around its copies, so toc - tic is the
 * time the copies took.  f_touch() times its own work the same way into
 * time_buf_u16, adding 1 to every element of A in between.  Each unblocks
 * the command stream; the host turns the three 16-bit words (low first)
 * into cycles with calculate_cycles().
 *
 * Parameter: N (elements of A), from wse-cc --params; only used below to
 * size A and the loop.
 */
#include <wse/pe.h>

WSE_PARAM(int32_t, N);		/* --params=N:<elements> */
enum { NELEM = N };

float A[NELEM];
uint16_t time_buf_u16[6];	/* f_touch: start[3], end[3] */
uint16_t tsc_u16[6];		/* f_tic[3], f_toc[3] */
WSE_EXPORT_SYMBOL(A, WSE_F32);
WSE_EXPORT_SYMBOL(time_buf_u16, WSE_U16);
WSE_EXPORT_SYMBOL(tsc_u16, WSE_U16);

void f_touch(void)
{
	wse_timestamp(&time_buf_u16[0]);
	for (int i = 0; i < NELEM; i++)
		A[i] = A[i] + 1.0f;
	wse_timestamp(&time_buf_u16[3]);
	wse_unblock_cmd_stream();
}
WSE_EXPORT_FN(f_touch);

void f_tic(void)
{
	wse_timestamp(&tsc_u16[0]);
	wse_unblock_cmd_stream();
}
WSE_EXPORT_FN(f_tic);

void f_toc(void)
{
	wse_timestamp(&tsc_u16[3]);
	wse_unblock_cmd_stream();
}
WSE_EXPORT_FN(f_toc);
