// SPDX-License-Identifier: MIT
/*
 * host program of examples/loopback: stream words into a 4x2 rectangle and
 * read the same words back, through the SdkRuntime C API.
 *
 *   examples/loopback/host [BUNDLE_DIR [DEVICE]]
 *
 * BUNDLE_DIR defaults to the "bundle" directory next to this program.  The
 * stream colors are the bundle's compile parameters MEMCPYH2D_DATA_1_ID and
 * MEMCPYD2H_DATA_1_ID.  Every PE gets L words on the H2D color and sends
 * each back on the D2H color (pe_program.c).  The host submits the
 * streaming h2d nonblocking, then a blocking streaming d2h of the same
 * shape: the I/O channels are full duplex, so the d2h drains the echoes
 * while the h2d is still sending.  Both use ROW_MAJOR, so word k of PE
 * (px, py) is at the same host index k + L * (px + W * py) in both arrays,
 * and out must equal in word for word.  Exit 0 if it does, 1 otherwise.
 */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wse/sdkruntime.h>

#define W 4		/* the layout's rectangle */
#define H 2
#define L 64		/* words per PE */

static void check(int err, struct sdk_runtime *rt, const char *what)
{
	if (err) {
		fprintf(stderr, "loopback: %s failed (%d): %s\n", what, err,
			sdk_errmsg(rt));
		exit(1);
	}
}

int main(int argc, char **argv)
{
	struct sdk_options opts = { .device = argc > 2 ? argv[2] : NULL };
	static uint32_t in[W * H * L], out[W * H * L];
	sdk_symbol_t h2d, d2h;
	struct sdk_runtime *rt;
	sdk_task_t task;
	char dflt[4096];
	const char *dir;
	int bad = 0;

	if (argc > 1) {
		dir = argv[1];
	} else {
		char self[4096];

		snprintf(self, sizeof(self), "%s", argv[0]);
		snprintf(dflt, sizeof(dflt), "%s/bundle", dirname(self));
		dir = dflt;
	}
	if (sdk_create(dir, &opts, &rt)) {
		fprintf(stderr, "loopback: %s\n", sdk_errmsg(NULL));
		return 1;
	}
	check(sdk_load(rt), rt, "load");
	/* the colors of --params=MEMCPYH2D_DATA_1_ID:<c>,MEMCPYD2H_... */
	check(sdk_get_color(rt, "MEMCPYH2D_DATA_1_ID", &h2d), rt, "get_color");
	check(sdk_get_color(rt, "MEMCPYD2H_DATA_1_ID", &d2h), rt, "get_color");
	for (uint32_t i = 0; i < W * H * L; i++)	/* any 32-bit pattern */
		in[i] = i * 0x9e3779b9u ^ 0xdeadbeefu;
	memset(out, 0, sizeof(out));
	check(sdk_run(rt), rt, "run");

	/* in -> every PE (nonblocking), then every PE -> out (blocking) */
	check(sdk_memcpy_h2d(rt, h2d, in, 0, 0, W, H, L, true, MEMCPY_32BIT,
			     ROW_MAJOR, true, &task), rt, "streaming memcpy_h2d");
	check(sdk_memcpy_d2h(rt, out, d2h, 0, 0, W, H, L, true, MEMCPY_32BIT,
			     ROW_MAJOR, false, NULL), rt, "streaming memcpy_d2h");
	check(sdk_task_wait(rt, task), rt, "task_wait h2d");
	check(sdk_stop(rt), rt, "stop");
	sdk_destroy(rt);

	for (uint32_t py = 0; py < H; py++)
		for (uint32_t px = 0; px < W; px++)
			for (uint32_t k = 0; k < L; k++) {
				uint32_t i = k + L * (px + W * py);

				if (out[i] != in[i] && bad++ < 10)
					printf("PE (%u,%u) word %u = 0x%08x, "
					       "expected 0x%08x  MISMATCH\n",
					       px, py, k, out[i], in[i]);
			}
	printf("loopback: %d words through %dx%d PEs and back\n", W * H * L,
	       W, H);
	printf("loopback: %s (%d/%d words equal)\n", bad ? "FAIL" : "PASS",
	       W * H * L - bad, W * H * L);
	return bad ? 1 : 0;
}
