// SPDX-License-Identifier: MIT
/*
 * host program of examples/combine16: N 16-bit values with their index,
 * streamed in a shuffled order into one PE, through the SdkRuntime C API.
 *
 *   examples/combine16/host [BUNDLE_DIR [DEVICE]]
 *
 * BUNDLE_DIR defaults to the "bundle" directory next to this program.  N
 * and the stream color are the bundle's compile parameters (N,
 * MEMCPYH2D_DATA_1_ID).
 *
 * 1. pack (sdk_input_array_to_u32 with an index): word i = value[i] in
 *    the low half, i in the high half;
 * 2. shuffle the N words (a fixed Fisher-Yates permutation);
 * 3. streaming h2d of the N words (MEMCPY_16BIT: the words go out as they
 *    are, index included) to PE (0,0);
 * 4. launch finish(): it completes once the PE has placed all N values and
 *    computed out[i] = 2 * value[i] + 1;
 * 5. copy-mode d2h of the u16 symbol out (MEMCPY_16BIT): every word must
 *    have its upper half zero and its low half equal (2 * value[i] + 1)
 *    mod 65536.  Exit 0 if all N match, 1 otherwise.
 */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wse/sdkruntime.h>

static void check(int err, struct sdk_runtime *rt, const char *what)
{
	if (err) {
		fprintf(stderr, "combine16: %s failed (%d): %s\n", what, err,
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
		fprintf(stderr, "combine16: compile parameter %s = '%s' is not "
			"in %ld..%ld\n", name, v, lo, hi);
		exit(1);
	}
	return (uint32_t)n;
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (!p) {
		fprintf(stderr, "combine16: out of memory\n");
		exit(1);
	}
	return p;
}

int main(int argc, char **argv)
{
	struct sdk_options opts = { .device = argc > 2 ? argv[2] : NULL };
	uint32_t *words, *out, N, seed = 12345;
	struct sdk_runtime *rt;
	sdk_symbol_t h2d, sout;
	uint16_t *value;
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
		fprintf(stderr, "combine16: %s\n", sdk_errmsg(NULL));
		return 1;
	}
	check(sdk_load(rt), rt, "load");
	N = param_int(rt, "N", 1, 4096);
	check(sdk_get_color(rt, "MEMCPYH2D_DATA_1_ID", &h2d), rt, "get_color");
	check(sdk_get_id(rt, "out", &sout), rt, "get_id out");
	value = xcalloc(N, sizeof(*value));
	words = xcalloc(N, sizeof(*words));
	out = xcalloc(N, sizeof(*out));

	for (uint32_t i = 0; i < N; i++)	/* half of them wrap when doubled */
		value[i] = (uint16_t)(i * 40503u + 777u);
	/* word i: value[i] in the low half, its index i in the high half */
	check(sdk_input_array_to_u32(words, value, N, true, N), NULL,
	      "input_array_to_u32");
	for (uint32_t i = N - 1; i > 0; i--) {	/* Fisher-Yates, fixed seed */
		uint32_t j, t;

		seed = seed * 1103515245u + 12345u;
		j = (seed >> 8) % (i + 1);
		t = words[i];
		words[i] = words[j];
		words[j] = t;
	}
	printf("combine16: first words sent: 0x%08x 0x%08x 0x%08x ...\n",
	       words[0], N > 1 ? words[1] : 0, N > 2 ? words[2] : 0);

	check(sdk_run(rt), rt, "run");
	check(sdk_memcpy_h2d(rt, h2d, words, 0, 0, 1, 1, N, true, MEMCPY_16BIT,
			     ROW_MAJOR, false, NULL), rt, "streaming memcpy_h2d");
	check(sdk_launch(rt, "finish", false, NULL), rt, "launch finish");
	memset(out, 0xff, N * sizeof(*out));
	check(sdk_memcpy_d2h(rt, out, sout, 0, 0, 1, 1, N, false, MEMCPY_16BIT,
			     ROW_MAJOR, false, NULL), rt, "memcpy_d2h out");
	check(sdk_stop(rt), rt, "stop");
	sdk_destroy(rt);

	for (uint32_t i = 0; i < N; i++) {
		uint32_t expect = (uint16_t)(value[i] * 2 + 1);

		if (out[i] != expect && bad++ < 10)
			printf("out[%u] = 0x%08x, expected 0x%08x (2 * %u + 1, "
			       "upper half 0)  MISMATCH\n", i, out[i], expect,
			       value[i]);
	}
	printf("combine16: %s (%d/%u values placed by index and equal "
	       "2 * v + 1)\n", bad ? "FAIL" : "PASS", (int)N - bad, N);
	free(value);
	free(words);
	free(out);
	return bad ? 1 : 0;
}
