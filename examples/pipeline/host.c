// SPDX-License-Identifier: MIT
/*
 * host program of examples/pipeline: N 16-bit values through a row of W
 * PEs that each add 1, through the SdkRuntime C API.
 *
 *   examples/pipeline/host [BUNDLE_DIR [DEVICE]]
 *
 * BUNDLE_DIR defaults to the "bundle" directory next to this program.  W
 * and the stream colors are the bundle's compile parameters (W,
 * MEMCPYH2D_DATA_1_ID, MEMCPYD2H_DATA_1_ID).
 *
 * The streaming d2h of the last PE (ROI W-1,0,1,1) is submitted first,
 * nonblocking: it waits for wavelets that do not exist yet.  Then the
 * streaming h2d into PE (0,0) (ROI 0,0,1,1), also nonblocking.  Both run
 * at once (the I/O channels are full duplex; a streaming transfer does not
 * hold back one of the other direction), and the host waits for both.
 * MEMCPY_16BIT: the host words hold zero-extended 16-bit values, and the
 * d2h returns words whose upper half is zero.  Expected: out[k] =
 * (in[k] + W) mod 65536, upper half 0.  Exit 0 if every word matches.
 */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wse/sdkruntime.h>

#define N 300		/* values streamed */

static void check(int err, struct sdk_runtime *rt, const char *what)
{
	if (err) {
		fprintf(stderr, "pipeline: %s failed (%d): %s\n", what, err,
			sdk_errmsg(rt));
		exit(1);
	}
}

/* Compile parameter @name, an integer in [lo, hi]. */
static uint32_t param_int(struct sdk_runtime *rt, const char *name, long lo,
			  long hi)
{
	const char *v;
	char *end;
	long n;

	check(sdk_get_param(rt, name, &v), rt, name);
	n = strtol(v, &end, 10);
	if (end == v || *end || n < lo || n > hi) {
		fprintf(stderr, "pipeline: compile parameter %s = '%s' is not "
			"in %ld..%ld\n", name, v, lo, hi);
		exit(1);
	}
	return (uint32_t)n;
}

int main(int argc, char **argv)
{
	struct sdk_options opts = { .device = argc > 2 ? argv[2] : NULL };
	static uint32_t in[N], out[N];
	static uint16_t value[N];
	sdk_task_t t_in, t_out;
	sdk_symbol_t h2d, d2h;
	struct sdk_runtime *rt;
	char dflt[4096];
	const char *dir;
	int bad = 0;
	uint32_t W;

	if (argc > 1) {
		dir = argv[1];
	} else {
		char self[4096];

		snprintf(self, sizeof(self), "%s", argv[0]);
		snprintf(dflt, sizeof(dflt), "%s/bundle", dirname(self));
		dir = dflt;
	}
	if (sdk_create(dir, &opts, &rt)) {
		fprintf(stderr, "pipeline: %s\n", sdk_errmsg(NULL));
		return 1;
	}
	check(sdk_load(rt), rt, "load");
	W = param_int(rt, "W", 1, 4096);
	check(sdk_get_color(rt, "MEMCPYH2D_DATA_1_ID", &h2d), rt, "get_color");
	check(sdk_get_color(rt, "MEMCPYD2H_DATA_1_ID", &d2h), rt, "get_color");
	for (uint32_t k = 0; k < N; k++)	/* some of them wrap */
		value[k] = (uint16_t)(65500u + 37u * k);
	/* 16-bit data travels zero-extended in 32-bit words */
	check(sdk_input_array_to_u32(in, value, N, false, 0), NULL,
	      "input_array_to_u32");
	memset(out, 0xff, sizeof(out));
	check(sdk_run(rt), rt, "run");

	/* the output first: it waits for what the input will produce */
	check(sdk_memcpy_d2h(rt, out, d2h, W - 1, 0, 1, 1, N, true,
			     MEMCPY_16BIT, ROW_MAJOR, true, &t_out), rt,
	      "streaming memcpy_d2h");
	check(sdk_memcpy_h2d(rt, h2d, in, 0, 0, 1, 1, N, true, MEMCPY_16BIT,
			     ROW_MAJOR, true, &t_in), rt, "streaming memcpy_h2d");
	check(sdk_task_wait(rt, t_in), rt, "task_wait h2d");
	check(sdk_task_wait(rt, t_out), rt, "task_wait d2h");
	check(sdk_stop(rt), rt, "stop");
	sdk_destroy(rt);

	for (uint32_t k = 0; k < N; k++) {
		uint32_t expect = (in[k] + W) & 0xffff;

		if (out[k] != expect && bad++ < 10)
			printf("value %u: %u + %u = 0x%08x, expected 0x%08x  "
			       "MISMATCH\n", k, in[k], W, out[k], expect);
	}
	printf("pipeline: %d values through %u PEs, first %u -> %u\n", N, W,
	       in[0], out[0]);
	printf("pipeline: %s (%d/%d values equal in + %u mod 65536)\n",
	       bad ? "FAIL" : "PASS", N - bad, N, W);
	return bad ? 1 : 0;
}
