// SPDX-License-Identifier: MIT
/*
 * pe_run BIN TRAMP [ARG...]: runs a PE image (flat binary) on
 * one PE of the fabric core (kernel/fabric) with color 1 routed MEMCPY ->
 * RAMP and color 2 RAMP -> MEMCPY, lets crt0 finish its init, launches the
 * trampoline at TRAMP (hex) with the 32-bit ARGs (hex), runs until the PE
 * waits with the command stream unblocked or faults, and prints what it
 * saw, one item per line, for run.sh to compare:
 *   w 0x<wavelet sent on color 2>     (in order)
 *   fault <cause> pc 0x<pc>           (if it faulted)
 *   done                              (waiting, command stream unblocked)
 *   stuck <state>                     (neither, after the rounds)
 * Built natively by run.sh.
 */
#include "pe_harness.h"

static void print(u32 v)
{
	printf("w 0x%x\n", v);
}

/* Step until the PE rests (waiting + unblocked) or faults; false if not. */
static bool spin(int rounds)
{
	for (int i = 0; i < rounds; i++) {
		harness_step(print);
		if (pe.state == WSE_PE_FAULTED) {
			printf("fault %u pc 0x%x\n", pe.fault.cause, pe.fault.pc);
			return true;
		}
		if (pe.state == WSE_PE_WAITING && pe.unblocked) {
			for (int k = 0; k < 16; k++) {	/* drain the router */
				u32 v;

				wse_net_step(&net);
				while (wse_net_extract(&net, 0, 0, 2, &v))
					print(v);
			}
			return true;
		}
	}
	printf("stuck %u\n", pe.state);
	return false;
}

int main(int argc, char **argv)
{
	u32 args[15] = { 0 };
	int i, n = argc - 3;

	if (argc < 3 || n > 15) {
		fprintf(stderr, "usage: pe_run BIN TRAMP [ARG...]\n");
		return 2;
	}
	for (i = 0; i < n; i++)
		args[i] = (u32)strtoul(argv[3 + i], NULL, 16);
	if (harness_load(argv[1]))
		return 2;
	if (!spin(100) || pe.state == WSE_PE_FAULTED)
		return 1;
	if (wse_pe_launch(&pe, (u32)strtoul(argv[2], NULL, 16), args, (u32)n))
		return 2;
	if (!spin(1000))
		return 1;
	if (pe.state != WSE_PE_FAULTED)
		printf("done\n");
	return 0;
}
