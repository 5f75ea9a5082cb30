// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the input is a PE memory image (up to 48 KiB, the rest
 * zero) preceded by a 32-byte header: pc, a0..a2, a7, fcsr, a budget, and
 * a flags word (bit 0: deliver a launch when the PE waits).  The PE runs a
 * bounded budget; the sanitizers catch any out-of-bounds access or UB, and
 * the asserts below check that the PE is always in a valid state.
 */
#include <stdlib.h>
#include "wse_pe.h"

static u8 mem[WSE_PE_MEM_BYTES + 64];	/* + a canary tail */

static void check(const struct wse_pe *pe, u32 done, u32 budget, u64 ir0)
{
	u32 i;

	if (pe->x[0] != 0 || pe->state > WSE_PE_FAULTED)
		abort();
	/* a vector op may overshoot once, by at most WSE_VEC_MAX_LEN */
	if (done > budget + WSE_VEC_MAX_LEN || pe->instret != ir0 + done)
		abort();
	if (pe->fcsr > 0xff)
		abort();
	if (pe->state == WSE_PE_FAULTED &&
	    (pe->fault.cause < WSE_FAULT_ILLEGAL ||
	     pe->fault.cause > WSE_FAULT_BREAK))
		abort();
	if (pe->state == WSE_PE_WAITING && pe->wait_buf > WSE_PE_MEM_BYTES - 64)
		abort();
	/* a run only ends early when the PE stops running */
	if (pe->state == WSE_PE_RUNNING && done < budget)
		abort();
	if (pe->state != WSE_PE_FAULTED && pe->fault.cause)
		abort();
	for (i = 0; i < 64; i++)
		if (mem[WSE_PE_MEM_BYTES + i] != 0xa5)
			abort();
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static const u32 args[15] = { 1, 2, 3 };
	struct wse_pe pe;
	u32 hdr[8] = { 0 }, budget, done, round;
	u64 ir0;

	memcpy(hdr, data, size < sizeof(hdr) ? size : sizeof(hdr));
	data += size < sizeof(hdr) ? size : sizeof(hdr);
	size -= size < sizeof(hdr) ? size : sizeof(hdr);
	memset(mem, 0, WSE_PE_MEM_BYTES);
	memset(mem + WSE_PE_MEM_BYTES, 0xa5, 64);
	memcpy(mem, data, size < WSE_PE_MEM_BYTES ? size : WSE_PE_MEM_BYTES);
	wse_pe_init(&pe, mem, 1, 2, 3, 4);
	wse_pe_start(&pe, hdr[0] & 0xfffc);
	pe.x[10] = hdr[1];
	pe.x[11] = hdr[2];
	pe.x[12] = hdr[3];
	pe.x[17] = hdr[4] & 7;
	pe.fcsr = hdr[5] & 0xff;
	budget = hdr[6] % 20000 + 1;
	for (round = 0; round < 4; round++) {
		ir0 = pe.instret;
		done = wse_pe_run(&pe, budget);
		check(&pe, done, budget, ir0);
		if (pe.state == WSE_PE_WAITING && (hdr[7] & 1))
			wse_pe_launch(&pe, hdr[2], args, hdr[3] % 16);
		else if (pe.state != WSE_PE_RUNNING)
			break;
	}
	return 0;
}
