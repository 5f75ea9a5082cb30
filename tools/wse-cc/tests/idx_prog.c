// SPDX-License-Identifier: MIT
/* wavelet_index_offset (run by feed_run.c): f16 y += A[:, j] * x_j for
 * wavelets (x_j | j << 16) in any order, then y sent on color 2. */
#include <wse/pe.h>
wse_f16_t A[2][3] = { { 0x3c00, 0x4000, 0x4200 }, { 0x4400, 0x4500, 0x4600 } };
wse_f16_t y[2];
static uint32_t cnt;
static void on_x(uint16_t x, uint16_t j)
{
	struct wse_dsd col0 = wse_dsd_mem(&A[0][0], 2, 3), dy = wse_dsd_mem(y, 2, 1);

	wse_fmach(dy, dy, wse_dsd_wavelet_index_offset(col0, j), x);
	if (++cnt == 3) {
		wse_send16(2, 1, y[0]);
		wse_send16(2, 1, y[1]);
	}
}
void wse_init(void) { wse_bind_data_task_u16_idx(1, on_x); }
