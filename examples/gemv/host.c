// SPDX-License-Identifier: MIT
/*
 * host program of examples/gemv: y = A*x + b on one PE, through the
 * SdkRuntime C API (<wse/sdkruntime.h>).
 *
 *   examples/gemv/host [BUNDLE_DIR [DEVICE]]
 *
 * BUNDLE_DIR defaults to the "bundle" directory next to this program (built
 * by `make -C examples` with wse-cc and --params=M:4,N:6).  The expected y
 * is computed on the host with the PE's operation order: y = b, then for
 * each column j, y[i] = fmaf(A(i, j), x[j], y[i]) (wse_fmacs is fused), and
 * compared bit for bit.  Exit 0 if every element matches, 1 otherwise.
 */
#include <libgen.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wse/sdkruntime.h>

#define M 4
#define N 6

static int check(int err, struct sdk_runtime *rt, const char *what)
{
	if (err) {
		fprintf(stderr, "gemv: %s failed (%d): %s\n", what, err,
			sdk_errmsg(rt));
		exit(1);
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct sdk_options opts = { .device = argc > 2 ? argv[2] : NULL };
	float A[M * N], x[N], b[M], y[M], expect[M];
	sdk_symbol_t sA, sx, sb, sy;
	struct sdk_runtime *rt;
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
	for (int j = 0; j < N; j++) {
		x[j] = 1.0f / (float)(j + 3);
		for (int i = 0; i < M; i++)
			A[j * M + i] = 0.1f * (float)(i + 1) + 0.37f * (float)j;
	}
	for (int i = 0; i < M; i++)
		b[i] = 0.5f - 0.25f * (float)i;

	if (sdk_create(dir, &opts, &rt)) {
		fprintf(stderr, "gemv: %s\n", sdk_errmsg(NULL));
		return 1;
	}
	check(sdk_load(rt), rt, "load");
	check(sdk_run(rt), rt, "run");
	check(sdk_get_id(rt, "A", &sA), rt, "get_id A");
	check(sdk_get_id(rt, "x", &sx), rt, "get_id x");
	check(sdk_get_id(rt, "b", &sb), rt, "get_id b");
	check(sdk_get_id(rt, "y", &sy), rt, "get_id y");
	check(sdk_memcpy_h2d(rt, sA, A, 0, 0, 1, 1, M * N, false, MEMCPY_32BIT,
			     ROW_MAJOR, false, NULL), rt, "memcpy_h2d A");
	check(sdk_memcpy_h2d(rt, sx, x, 0, 0, 1, 1, N, false, MEMCPY_32BIT,
			     ROW_MAJOR, false, NULL), rt, "memcpy_h2d x");
	check(sdk_memcpy_h2d(rt, sb, b, 0, 0, 1, 1, M, false, MEMCPY_32BIT,
			     ROW_MAJOR, false, NULL), rt, "memcpy_h2d b");
	check(sdk_launch(rt, "compute", false, NULL), rt, "launch compute");
	memset(y, 0xff, sizeof(y));
	check(sdk_memcpy_d2h(rt, y, sy, 0, 0, 1, 1, M, false, MEMCPY_32BIT,
			     ROW_MAJOR, false, NULL), rt, "memcpy_d2h y");
	check(sdk_stop(rt), rt, "stop");
	sdk_destroy(rt);

	for (int i = 0; i < M; i++) {
		expect[i] = b[i];
		for (int j = 0; j < N; j++)
			expect[i] = fmaf(A[j * M + i], x[j], expect[i]);
	}
	for (int i = 0; i < M; i++) {
		int ok = !memcmp(&y[i], &expect[i], sizeof(float));

		printf("y[%d] = %.9g (expected %.9g)%s\n", i, y[i], expect[i],
		       ok ? "" : "  MISMATCH");
		bad += !ok;
	}
	printf("gemv %dx%d on 1 PE: %s (%d/%d elements bit-exact)\n", M, N,
	       bad ? "FAIL" : "PASS", M - bad, M);
	return bad ? 1 : 0;
}
