// SPDX-License-Identifier: MIT
/*
 * Residual norm || b - A x || on a 2x2 rectangle, A is (4*MT) x N f32.
 *
 * The rows are split over the four PEs: PE (px, py) owns the MT x N row
 * block number py*2 + px of A (column-major within the block), all of x and
 * its slice of b.  compute() forms its residual slice r = b - A_block*x
 * with one wse_fmacs per column (scalar -x[j]), then its partial sum of
 * squares: sumsq = sum r[i]^2.  The host reads sumsq from every PE and
 * returns sqrt(sum).  Splitting by rows keeps every residual element on
 * one PE, so no fabric communication is needed.
 */
#include <wse/pe.h>

WSE_PARAM(int16_t, MT, 4);	/* --params=MT:<rows per PE> */
WSE_PARAM(int16_t, N, 6);	/* --params=N:<columns> */

float A[MT * N];	/* this PE's rows, column-major */
float x[N];
float b[MT];
float r[MT];		/* residual slice b - A x */
float sumsq[1];		/* partial || r ||^2 */

WSE_EXPORT_SYMBOL(A, WSE_F32);
WSE_EXPORT_SYMBOL(x, WSE_F32);
WSE_EXPORT_SYMBOL(b, WSE_F32);
WSE_EXPORT_SYMBOL(r, WSE_F32);
WSE_EXPORT_SYMBOL(sumsq, WSE_F32);

static float sq[MT];

void compute(void)
{
	struct wse_dsd rd = wse_dsd_mem(r, MT, 1);
	float s = 0.0f;

	wse_mov32(rd, wse_dsd_mem(b, MT, 1));			/* r = b */
	for (int j = 0; j < N; j++)				/* r -= A(:, j) x[j] */
		wse_fmacs(rd, rd, wse_dsd_mem(&A[j * MT], MT, 1), -x[j]);
	wse_fmuls(wse_dsd_mem(sq, MT, 1), rd, rd);		/* sq = r .* r */
	for (int i = 0; i < MT; i++)
		s += sq[i];
	sumsq[0] = s;
	wse_unblock_cmd_stream();
}
WSE_EXPORT_FN(compute);
