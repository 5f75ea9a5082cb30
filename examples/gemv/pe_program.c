// SPDX-License-Identifier: MIT
/*
 * gemv on one PE: y = A*x + b, A is M x N f32 (M, N from --params or the
 * layout; default 4 x 6).  A is stored column-major (A[j*M + i] = A(i, j)),
 * so each column is a contiguous vector and y += A(:, j) * x[j] is one
 * wse_fmacs.  The host writes A, x, b, launches compute() and reads y.
 */
#include <wse/pe.h>

WSE_PARAM(int16_t, M, 4);	/* --params=M:<rows> (default 4) */
WSE_PARAM(int16_t, N, 6);	/* --params=N:<columns> (default 6) */

float A[M * N];		/* column-major */
float x[N];
float b[M];
float y[M];

WSE_EXPORT_SYMBOL(A, WSE_F32);
WSE_EXPORT_SYMBOL(x, WSE_F32);
WSE_EXPORT_SYMBOL(b, WSE_F32);
WSE_EXPORT_SYMBOL(y, WSE_F32);

void compute(void)
{
	struct wse_dsd yd = wse_dsd_mem(y, M, 1);

	wse_mov32(yd, wse_dsd_mem(b, M, 1));		/* y = b */
	for (int j = 0; j < N; j++)			/* y += A(:, j) * x[j] */
		wse_fmacs(yd, yd, wse_dsd_mem(&A[j * M], M, 1), x[j]);
	wse_unblock_cmd_stream();
}
WSE_EXPORT_FN(compute);
