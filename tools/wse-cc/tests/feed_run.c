// SPDX-License-Identifier: MIT
/*
 * Runs an image (flat binary, argv[1]) on one PE of the fabric core with
 * pe_harness.h's routes, sends it the wavelets argv[2..] (hex; "c:HEX" a
 * control wavelet) on color 1 one at a time, and prints every wavelet it
 * sends on color 2, one hex number a line ("c 0x.." for a control
 * wavelet), then "fault: cause N" if it faulted (exit 1; the pc on
 * stderr).  Built natively by run.sh.
 */
#include <string.h>
#include "pe_harness.h"

static void print(u32 v)
{
	printf("%s0x%x\n", harness_ctl ? "c " : "", v);
}

static int spin(int n)
{
	for (int i = 0; i < n; i++) {
		harness_step(print);
		if (pe.state == WSE_PE_FAULTED) {
			for (int k = 0; k < 50; k++)	/* what it sent before */
				harness_step(print);
			printf("fault: cause %u\n", pe.fault.cause);
			fprintf(stderr, "fault at pc 0x%x addr 0x%x\n",
				pe.fault.pc, pe.fault.addr);
			return 1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2 || harness_load(argv[1]) || spin(50))
		return 1;
	for (int i = 2; i < argc; i++) {
		bool ctl = !strncmp(argv[i], "c:", 2);
		u32 v = strtoul(argv[i] + (ctl ? 2 : 0), NULL, 16);

		if (!wse_net_inject_w(&net, 0, 0, 1, v, ctl) || spin(50))
			return 1;
	}
	return 0;
}
