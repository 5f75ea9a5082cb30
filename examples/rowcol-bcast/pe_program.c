// SPDX-License-Identifier: MIT
/*
 * rowcol-bcast: the PE side of the broadcast benchmark in the manner of the
 * public "row-col-broadcast" (our own code).  A is written by the host's
 * memcpy_h2d_rowbcast / _colbcast; scale(alpha) multiplies it in place so
 * the host sees the program touched the broadcast data.
 *
 * Parameter: L (elements of A), from wse-cc --params.
 */
#include <wse/pe.h>

WSE_PARAM(int32_t, L);		/* --params=L:<elements> */
enum { LEN = L };

float A[LEN];
WSE_EXPORT_SYMBOL(A, WSE_F32);

void scale(float alpha)
{
	for (int i = 0; i < LEN; i++)
		A[i] = A[i] * alpha;
	wse_unblock_cmd_stream();
}
WSE_EXPORT_FN(scale, WSE_F32);
