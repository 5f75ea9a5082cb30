// SPDX-License-Identifier: GPL-2.0
/*
 * PE side of selftests/stream_test, bundle "ring": inject() makes PE (0,0)
 * send four wavelets on color RING, which the routes of ring.wse carry
 * round the 2x2 PEs forever (no PE takes them); every PE unblocks at once.
 */
#include <wse/pe.h>

#define RING	12

void inject(void)
{
	if (!wse_pe_x() && !wse_pe_y())
		for (uint32_t k = 0; k < 4; k++)
			wse_send32(RING, 3, k);
	wse_unblock_cmd_stream();
}
WSE_EXPORT_FN(inject);
