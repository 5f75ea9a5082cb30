// SPDX-License-Identifier: MIT
/*
 * Runs crt0_prog.c's image (flat binary, argv[1]; trampoline of go() at
 * argv[2], hex) on one PE of the fabric core (kernel/fabric) with color 1
 * routed MEMCPY -> RAMP and color 2 RAMP -> MEMCPY, and checks the
 * wavelets it sends.  Built natively by run.sh.
 */
#include <string.h>
#include "pe_harness.h"

static u32 got[16];
static unsigned int ngot;

static void take(u32 v)
{
	if (ngot < 16)
		got[ngot++] = v;
}

static void spin(int n)
{
	for (int i = 0; i < n; i++) {
		harness_step(take);
		if (pe.state == WSE_PE_FAULTED) {
			printf("fault: cause %u pc 0x%x addr 0x%x\n", pe.fault.cause,
			       pe.fault.pc, pe.fault.addr);
			exit(1);
		}
	}
}

#define CHECK(c) do { if (!(c)) { printf("%s:%d: %s\n", __FILE__, __LINE__, #c); exit(1); } } while (0)

int main(int argc, char **argv)
{
	static const u32 want[] = { 33, 0x2345, 100, 101, 102, 77 };
	u32 arg[WSE_MAX_LAUNCH_ARGS] = { 100 };

	CHECK(argc == 3);
	CHECK(harness_load(argv[1]) == 0);
	spin(50);
	CHECK(pe.state == WSE_PE_WAITING && pe.unblocked);
	/* three wavelets to the data task: sum 33, then send32 + send16 */
	for (u32 v = 10; v < 13; v++) {
		CHECK(wse_net_inject(&net, 0, 0, 1, v));
		spin(20);
	}
	spin(50);
	CHECK(ngot == 2);
	CHECK(pe.state == WSE_PE_WAITING);
	CHECK(wse_pe_launch(&pe, strtoul(argv[2], NULL, 16), arg, 1) == 0);
	spin(50);
	CHECK(pe.state == WSE_PE_BLOCKED && !pe.unblocked);	/* in recv32 */
	CHECK(wse_net_inject(&net, 0, 0, 1, 77));
	spin(50);
	CHECK(pe.state == WSE_PE_WAITING && pe.unblocked);	/* task 10 ran */
	CHECK(ngot == 6);
	for (unsigned int i = 0; i < ngot; i++)
		if (got[i] != want[i]) {
			printf("wavelet %u: 0x%x, want 0x%x\n", i, got[i], want[i]);
			return 1;
		}
	return 0;
}
