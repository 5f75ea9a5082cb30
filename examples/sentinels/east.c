// SPDX-License-Identifier: MIT
/*
 * sentinels, column 3: in place of the public memcpyEdge east module, put
 * what arrives on USER_OUT_1 onto the D2H stream, unchanged.
 */
#include <wse/pe.h>

WSE_PARAM(int16_t, MEMCPYD2H_DATA_1_ID);
WSE_PARAM(int16_t, USER_OUT_1);

static void fwd_out(uint32_t w)
{
	wse_send32(MEMCPYD2H_DATA_1_ID, 1, w);
}

void wse_init(void)
{
	wse_bind_data_task(USER_OUT_1, fwd_out);
}
