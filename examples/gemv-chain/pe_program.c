// SPDX-License-Identifier: MIT
/*
 * gemv-chain: y = A x + b with A (M x W*NB) split by column blocks over a
 * row of W PEs.  compute() forms this PE's partial A_blk x_blk; PE 0 adds
 * b and sends its M partial sums EAST on OUT; every other PE receives M
 * sums on IN (a data task), adds its own and sends them on, and the last
 * PE keeps the result in y.  Each PE unblocks the command stream when its
 * part is done, so the launch ends when y is complete.  In the manner of
 * the public gemv routes tutorials (our own code).
 *
 * Parameters: M, NB (wse-cc --params), IN, OUT (the layout's tile lines).
 */
#include <wse/pe.h>

WSE_PARAM(int32_t, M);		/* --params=M:<rows>,NB:<cols per PE> */
WSE_PARAM(int32_t, NB);
WSE_PARAM(int16_t, IN);		/* the tiles set IN and OUT */
WSE_PARAM(int16_t, OUT);
enum { ROWS = M, COLS = NB };
#define OUT_Q 1			/* output queue (0 is memcpy's) */

float A[ROWS * COLS];		/* row-major block */
float x[COLS];
float b[ROWS];
float y[ROWS];
WSE_EXPORT_SYMBOL(A, WSE_F32);
WSE_EXPORT_SYMBOL(x, WSE_F32);
WSE_EXPORT_SYMBOL(b, WSE_F32);
WSE_EXPORT_SYMBOL(y, WSE_F32);

float part[ROWS];		/* this PE's partial sums: not exported,
				 * the host reads it with debug_util */
static float in[ROWS];		/* the sums from the WEST neighbour */
static uint32_t received;
static int computed;

static void finish(void)
{
	for (int i = 0; i < ROWS; i++)
		y[i] = part[i] + (IN ? in[i] : b[i]);
	if (OUT)
		for (int i = 0; i < ROWS; i++)
			wse_send32(OUT, OUT_Q, wse_f32_bits(y[i]));
	received = 0;
	computed = 0;
	wse_unblock_cmd_stream();
}

static void recv_sum(uint32_t wavelet)
{
	if (received < ROWS)
		in[received] = wse_f32_from_bits(wavelet);
	if (++received == ROWS && computed)
		finish();
}

void compute(void)
{
	for (int i = 0; i < ROWS; i++) {
		float s = 0.0f;

		for (int j = 0; j < COLS; j++) {
			/* two statements: not contracted into an fma, so
			 * the host can check the sums bit for bit */
			float p = A[i * COLS + j] * x[j];

			s += p;
		}
		part[i] = s;
	}
	computed = 1;
	if (!IN || received == ROWS)
		finish();
}
WSE_EXPORT_FN(compute);

void wse_init(void)
{
	if (IN)
		wse_bind_data_task(IN, recv_sum);
}
