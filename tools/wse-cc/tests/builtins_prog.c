// SPDX-License-Identifier: MIT
/*
 * The CSL basics of PE-ABI section 3 end to end (run by pe_run.c, checked
 * by run.sh): a scalar-source move, DSD edits, the DSD length rule with a
 * fabout destination, an async op that unblocks a local task, an assert.
 * Color 2 goes to the host.
 */
#include <wse/pe.h>

uint32_t buf[4] = { 5, 6, 7, 8 };
float z[3] = { 1.0f, 2.0f, 3.0f };

static void done(void)
{
	wse_unblock_cmd_stream();
}

void wse_init(void)
{
	wse_bind_local_task(11, done);
}

void go(void)
{
	struct wse_dsd d = wse_dsd_mem(z, 3, 1);

	wse_fmovs_scalar(d, 0.5f);			/* z = 0.5 0.5 0.5 */
	wse_mov32(wse_dsd_fabout(2, 1, 1), d);		/* memory governs: 3 */
	d = wse_set_dsd_base_addr(d, buf);		/* buf[0..2] */
	d = wse_set_dsd_length(d, 2);			/* buf[0..1] */
	d = wse_increment_dsd_offset(d, 1, uint32_t);	/* buf[1..2] */
	wse_mov32(wse_dsd_fabout(2, 1, 1), d);		/* 6, 7 */
	wse_mov16_scalar(wse_dsd_fabout(2, 1, 1), 0xbeef);
	wse_assert(buf[3] == 8);
	wse_block(11);
	wse_activate(11);				/* blocked: waits */
	wse_mov32_scalar_async(wse_dsd_fabout(2, 1, 1), 0x77, WSE_UNBLOCK(11));
}
WSE_EXPORT_FN(go);

void check(uint32_t k)
{
	wse_assert(k == 1);
	wse_send32(2, 1, k);
	wse_unblock_cmd_stream();
}
WSE_EXPORT_FN(check, WSE_U32);
