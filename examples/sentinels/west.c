// SPDX-License-Identifier: MIT
/*
 * sentinels, column 0: in place of the public memcpyEdge west module, put
 * the two H2D streams onto the user colors EAST (the count on USER_IN_1,
 * the data on USER_IN_2), one wavelet each, unchanged.
 */
#include <wse/pe.h>

WSE_PARAM(int16_t, MEMCPYH2D_DATA_1_ID);
WSE_PARAM(int16_t, MEMCPYH2D_DATA_2_ID);
WSE_PARAM(int16_t, USER_IN_1);
WSE_PARAM(int16_t, USER_IN_2);

static void fwd_count(uint32_t w)
{
	wse_send32(USER_IN_1, 1, w);
}

static void fwd_data(uint32_t w)
{
	wse_send32(USER_IN_2, 2, w);
}

void wse_init(void)
{
	wse_bind_data_task(MEMCPYH2D_DATA_1_ID, fwd_count);
	wse_bind_data_task(MEMCPYH2D_DATA_2_ID, fwd_data);
}
