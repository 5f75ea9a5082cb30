// SPDX-License-Identifier: MIT
/*
 * gemv-checkerboard: the PE side of y = A x + b in f16, in the manner of
 * the public "gemv-checkerboard-pattern" benchmark (our own code).
 *
 * Each PE holds a block A[AR][AC] (row-major, copied by the host) and
 * accumulates mul_temp = A_block * x_block:
 *  - row 0 gets its AC elements of x on the H2D stream MEMCPYH2D_DATA_1,
 *    each with its index j in the upper half, and forwards them on x_in
 *    (its own ramp and SOUTH), so every PE of the column sees them;
 *  - the x_in data task takes (x_j, j) and does mul_temp += A[:, j] * x_j
 *    (@fmach with the wavelet index as the DSD offset);
 *  - after AC of them, the reduce task adds mul_temp to the AR values that
 *    arrive on RECV (b, forwarded by column 0 from MEMCPYH2D_DATA_2, or
 *    the west neighbour's partial y) and sends the sum EAST on SEND, or on
 *    the D2H stream MEMCPYD2H_DATA_1 in the last column.
 * The stream tasks block their color while their async forward is under
 * way, so the PE keeps running its other tasks.
 */
#include <wse/pe.h>

WSE_PARAM(int16_t, MEMCPYH2D_DATA_1_ID);	/* row 0: x */
WSE_PARAM(int16_t, MEMCPYH2D_DATA_2_ID);	/* column 0: b */
WSE_PARAM(int16_t, MEMCPYD2H_DATA_1_ID);	/* last column: y */
WSE_PARAM(int16_t, x_in);			/* --colors */
WSE_PARAM(int16_t, kernel_rows);
WSE_PARAM(int16_t, kernel_cols);
WSE_PARAM(int16_t, matrix_rows);
WSE_PARAM(int16_t, matrix_cols);
WSE_PARAM(int16_t, RECV);			/* per column (layout) */
WSE_PARAM(int16_t, SEND);
WSE_PARAM(int16_t, LAST_COLUMN);

enum {
	AR = matrix_rows / kernel_rows,		/* rows of the block (of y) */
	AC = matrix_cols / kernel_cols,		/* columns (of x) */
	OUT = LAST_COLUMN ? MEMCPYD2H_DATA_1_ID : SEND,
	REDUCE = 24, UNBLOCK_X = 25, UNBLOCK_B = 26,	/* local tasks */
};
_Static_assert(AR * kernel_rows == matrix_rows && AC * kernel_cols == matrix_cols,
	       "the matrix must split evenly over the PEs");

wse_f16_t A[AR][AC];
WSE_EXPORT_SYMBOL(A, WSE_F16);
wse_f16_t mul_temp[AR];
static uint32_t num_recv_x, x_buf, b_buf;

static void fmac_task(wse_f16_t xj, uint16_t j)
{
	struct wse_dsd dy = wse_dsd_mem(mul_temp, AR, 1);

	wse_fmach(dy, dy, wse_dsd_wavelet_index_offset(wse_dsd_mem(&A[0][0], AR, AC), j), xj);
	if (++num_recv_x == AC)
		wse_activate(REDUCE);
}

static void reduce_task(void)
{
	wse_faddh_async(wse_dsd_fabout(OUT, 2, AR), wse_dsd_fabin(RECV, 3, AR),
			wse_dsd_mem(mul_temp, AR, 1), WSE_VEC_NO_TASK);
}

static void h2d_x(uint32_t w)
{
	wse_block_color(MEMCPYH2D_DATA_1_ID);
	x_buf = w;
	wse_mov32_async(wse_dsd_fabout(x_in, 5, 1), wse_dsd_mem(&x_buf, 1, 1),
			WSE_ACTIVATE(UNBLOCK_X));
}

static void h2d_b(uint32_t w)
{
	wse_block_color(MEMCPYH2D_DATA_2_ID);
	b_buf = w;
	wse_mov32_async(wse_dsd_fabout(RECV, 6, 1), wse_dsd_mem(&b_buf, 1, 1),
			WSE_ACTIVATE(UNBLOCK_B));
}

static void unblock_x(void) { wse_unblock_color(MEMCPYH2D_DATA_1_ID); }
static void unblock_b(void) { wse_unblock_color(MEMCPYH2D_DATA_2_ID); }

void wse_init(void)
{
	wse_bind_local_task(REDUCE, reduce_task);
	wse_bind_local_task(UNBLOCK_X, unblock_x);
	wse_bind_local_task(UNBLOCK_B, unblock_b);
	wse_bind_data_task_u16_idx(x_in, fmac_task);
	wse_bind_data_task(MEMCPYH2D_DATA_1_ID, h2d_x);
	wse_bind_data_task(MEMCPYH2D_DATA_2_ID, h2d_b);
}
