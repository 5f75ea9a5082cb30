// SPDX-License-Identifier: MIT
/*
 * Tiled gemv on a 2x2 rectangle: y = A*x + b, A is (2*MT) x (2*NT) f32.
 *
 * PE (px, py) owns the MT x NT block A[py*MT.., px*NT..] (column-major
 * within the block), the slice x[px*NT .. +NT] and, in column 0 only
 * (ADD_B=1 in the layout), the slice b[py*MT .. +MT].  compute() computes
 * its partial product y_p = A_block * x_slice (+ b_slice in column 0).
 * No fabric communication: the host reads y from every PE and sums the
 * partials of a block row, y[py*MT + i] = sum over px of y(px, py)[i].
 * (A fabric reduction along the row replaces the host sum once PE-to-PE
 * routes exist.)
 */
#include <wse/pe.h>

WSE_PARAM(int16_t, MT, 4);	/* --params=MT:<block rows> */
WSE_PARAM(int16_t, NT, 3);	/* --params=NT:<block columns> */
WSE_PARAM(int16_t, ADD_B, 0);	/* the layout's tile ADD_B=0|1 */

float A[MT * NT];	/* this PE's block, column-major */
float x[NT];
float b[MT];		/* used when ADD_B */
float y[MT];		/* partial result */

WSE_EXPORT_SYMBOL(A, WSE_F32);
WSE_EXPORT_SYMBOL(x, WSE_F32);
WSE_EXPORT_SYMBOL(b, WSE_F32);
WSE_EXPORT_SYMBOL(y, WSE_F32);

void compute(void)
{
	struct wse_dsd yd = wse_dsd_mem(y, MT, 1);

	if (ADD_B)
		wse_mov32(yd, wse_dsd_mem(b, MT, 1));
	else
		for (int i = 0; i < MT; i++)
			y[i] = 0.0f;
	for (int j = 0; j < NT; j++)
		wse_fmacs(yd, yd, wse_dsd_mem(&A[j * MT], MT, 1), x[j]);
	wse_unblock_cmd_stream();
}
WSE_EXPORT_FN(compute);
