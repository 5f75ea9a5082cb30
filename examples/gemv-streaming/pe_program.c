// SPDX-License-Identifier: MIT
/*
 * gemv-streaming: the PE side of y = A x + b in f32, in the manner of the
 * public "gemv-09-streaming" tutorial (our own code).
 *
 * Each PE holds a block of A, M_per_PE x N_per_PE, column-major (copied by
 * the host), and y = its block times its part of x:
 *  - row 0 takes x from the H2D stream MEMCPYH2D_DATA_1 and forwards each
 *    element on X_COLOR (its own ramp and SOUTH);
 *  - the X_COLOR data task takes an f32 and does y += A[:, k] * x_k for
 *    the k-th one (@fmacs; the column DSD moves M_per_PE elements on);
 *  - after N_per_PE of them, the reduce task adds y to the M_per_PE values
 *    arriving on RECV_WEST (b, fed by column 0 from MEMCPYH2D_DATA_2, or
 *    the west neighbour's sums) and sends them EAST on SEND_EAST, or on the
 *    D2H stream in the right column.
 * The stream tasks block their color until their async forward is done.
 */
#include <wse/pe.h>

WSE_PARAM(int16_t, MEMCPYH2D_DATA_1_ID);	/* x, into row 0 */
WSE_PARAM(int16_t, MEMCPYH2D_DATA_2_ID);	/* b, into column 0 */
WSE_PARAM(int16_t, MEMCPYD2H_DATA_1_ID);	/* y, out of the right column */
WSE_PARAM(int16_t, kernel_x_dim);
WSE_PARAM(int16_t, kernel_y_dim);
WSE_PARAM(int16_t, M);
WSE_PARAM(int16_t, N);
WSE_PARAM(int16_t, X_COLOR);			/* from the layout */
WSE_PARAM(int16_t, SEND_EAST);
WSE_PARAM(int16_t, RECV_WEST);
WSE_PARAM(int16_t, RIGHT_COL);

enum {
	M_PER_PE = M / kernel_y_dim,
	N_PER_PE = N / kernel_x_dim,
	Y_OUT = RIGHT_COL ? MEMCPYD2H_DATA_1_ID : SEND_EAST,
	REDUCE = 10, X_SENT = 11, B_SENT = 12,	/* local tasks */
};
_Static_assert(M_PER_PE * kernel_y_dim == M && N_PER_PE * kernel_x_dim == N,
	       "A must split evenly over the PEs");

float A[M_PER_PE * N_PER_PE];			/* column-major block */
WSE_EXPORT_SYMBOL(A, WSE_F32);
static float y[M_PER_PE];
static struct wse_dsd a_col;			/* the next column of A */
static uint32_t num_recv_x;
static float x_fwd, b_fwd;			/* what the forwards send */

static void recv_x(float x_k)
{
	struct wse_dsd dy = wse_dsd_mem(y, M_PER_PE, 1);

	wse_fmacs(dy, dy, a_col, x_k);
	a_col = wse_increment_dsd_offset(a_col, M_PER_PE, float);
	if (++num_recv_x == N_PER_PE)
		wse_activate(REDUCE);
}

static void reduce(void)
{
	wse_fadds_async(wse_dsd_fabout(Y_OUT, 4, M_PER_PE),
			wse_dsd_mem(y, M_PER_PE, 1),
			wse_dsd_fabin(RECV_WEST, 6, M_PER_PE), WSE_VEC_NO_TASK);
}

static void memcpy_recv_x(float v)
{
	wse_block_color(MEMCPYH2D_DATA_1_ID);
	x_fwd = v;
	wse_mov32_async(wse_dsd_fabout(X_COLOR, 2, 1), wse_dsd_mem(&x_fwd, 1, 1),
			WSE_ACTIVATE(X_SENT));
}

static void memcpy_recv_b(float v)
{
	wse_block_color(MEMCPYH2D_DATA_2_ID);
	b_fwd = v;
	wse_mov32_async(wse_dsd_fabout(RECV_WEST, 3, 1), wse_dsd_mem(&b_fwd, 1, 1),
			WSE_ACTIVATE(B_SENT));
}

static void x_sent(void) { wse_unblock_color(MEMCPYH2D_DATA_1_ID); }
static void b_sent(void) { wse_unblock_color(MEMCPYH2D_DATA_2_ID); }

void wse_init(void)
{
	a_col = wse_dsd_mem(A, M_PER_PE, 1);
	wse_bind_local_task(REDUCE, reduce);
	wse_bind_local_task(X_SENT, x_sent);
	wse_bind_local_task(B_SENT, b_sent);
	wse_bind_data_task_f32(MEMCPYH2D_DATA_1_ID, memcpy_recv_x);
	wse_bind_data_task_f32(MEMCPYH2D_DATA_2_ID, memcpy_recv_b);
	wse_bind_data_task_f32(X_COLOR, recv_x);
}
