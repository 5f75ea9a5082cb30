// SPDX-License-Identifier: GPL-2.0
/*
 * Seeds for fuzz_pe: pe/fab.c in each of its modes on the 2x2 net, with
 * routes that make its colors flow, so that the fuzzer starts from
 * programs that really use fabric DSDs, async ops and data tasks (routes
 * 3: routes 0 with the halo handing runs straight to the PEs).
 */
#include <stdio.h>
#include <stdint.h>
#include <string.h>

int main(int argc, char **argv)
{
	static unsigned char img[49152];
	uint32_t hdr[16], mode, routes;
	size_t n;
	char path[512];
	FILE *f;

	if (argc != 3)
		return 2;
	f = fopen(argv[1], "rb");
	if (!f)
		return 1;
	n = fread(img, 1, sizeof(img), f);
	fclose(f);
	for (mode = 1; mode <= 9; mode++) {
		for (routes = 0; routes < 4; routes++) {
			memset(hdr, 0, sizeof(hdr));
			hdr[1] = mode;
			hdr[2] = 6;			/* n */
			hdr[3] = 1;			/* ca */
			hdr[11] = routes == 2 ? 1 : 2;	/* cb */
			hdr[6] = 999;			/* budget */
			hdr[7] = 2 | (mode == 3);	/* net (+ launch) */
			if (routes == 3)	/* routes 0, the halo's runs */
				hdr[7] |= 8;
			/* colors 0..7: 4 bits each */
			hdr[8] = routes % 3 == 0 ? 0x31 << 4 :	/* 1 H2D, 2 east */
				 routes == 1 ? 0x21 << 4 :	/* 2 D2H */
				 0x7 << 4;			/* 1 ring */
			hdr[14] = 0x12345 + mode;
			snprintf(path, sizeof(path), "%s/seed_%u_%u", argv[2],
				 mode, routes);
			f = fopen(path, "wb");
			if (!f)
				return 1;
			fwrite(hdr, 1, sizeof(hdr), f);
			fwrite(img, 1, n, f);
			fclose(f);
		}
	}
	return 0;
}
