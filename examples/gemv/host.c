// SPDX-License-Identifier: MIT
/*
 * host program of examples/gemv: y = A*x + b on one PE, through the
 * SdkRuntime C API (<wse/sdkruntime.h>).
 *
 *   examples/gemv/host [BUNDLE_DIR [DEVICE]]
 *
 * BUNDLE_DIR defaults to the "bundle" directory next to this program (built
 * by `make -C examples` with wse-cc and --params=M:4,N:6).  M and N are read
 * from the bundle's compile parameters (sdk_get_param); a bundle without
 * them is an error.  The expected y
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

static int check(int err, struct sdk_runtime *rt, const char *what)
{
	if (err) {
		fprintf(stderr, "gemv: %s failed (%d): %s\n", what, err,
			sdk_errmsg(rt));
		exit(1);
	}
	return 0;
}

/* The compile parameter @name: required, a positive integer (<= 4096). */
static int param_int(struct sdk_runtime *rt, const char *name)
{
	const char *v;
	char *end;
	long n;

	if (sdk_get_param(rt, name, &v)) {
		fprintf(stderr, "gemv: the bundle must be compiled with "
			"--params=%s:<n>: %s\n", name, sdk_errmsg(rt));
		exit(1);
	}
	n = strtol(v, &end, 10);
	if (end == v || *end || n < 1 || n > 4096) {
		fprintf(stderr, "gemv: compile parameter %s = '%s' is not an "
			"integer in 1..4096\n", name, v);
		exit(1);
	}
	return (int)n;
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (!p) {
		fprintf(stderr, "gemv: out of memory\n");
		exit(1);
	}
	return p;
}

int main(int argc, char **argv)
{
	struct sdk_options opts = { .device = argc > 2 ? argv[2] : NULL };
	float *A, *x, *b, *y, *expect;
	sdk_symbol_t sA, sx, sb, sy;
	struct sdk_runtime *rt;
	char dflt[4096];
	const char *dir;
	int bad = 0, M, N;

	if (argc > 1) {
		dir = argv[1];
	} else {
		char self[4096];

		snprintf(self, sizeof(self), "%s", argv[0]);
		snprintf(dflt, sizeof(dflt), "%s/bundle", dirname(self));
		dir = dflt;
	}
	if (sdk_create(dir, &opts, &rt)) {
		fprintf(stderr, "gemv: %s\n", sdk_errmsg(NULL));
		return 1;
	}
	check(sdk_load(rt), rt, "load");
	M = param_int(rt, "M");
	N = param_int(rt, "N");
	A = xcalloc((size_t)M * N, sizeof(*A));
	x = xcalloc((size_t)N, sizeof(*x));
	b = xcalloc((size_t)M, sizeof(*b));
	y = xcalloc((size_t)M, sizeof(*y));
	expect = xcalloc((size_t)M, sizeof(*expect));
	for (int j = 0; j < N; j++) {
		x[j] = 1.0f / (float)(j + 3);
		for (int i = 0; i < M; i++)
			A[j * M + i] = 0.1f * (float)(i + 1) + 0.37f * (float)j;
	}
	for (int i = 0; i < M; i++)
		b[i] = 0.5f - 0.25f * (float)i;
	check(sdk_run(rt), rt, "run");
	check(sdk_get_id(rt, "A", &sA), rt, "get_id A");
	check(sdk_get_id(rt, "x", &sx), rt, "get_id x");
	check(sdk_get_id(rt, "b", &sb), rt, "get_id b");
	check(sdk_get_id(rt, "y", &sy), rt, "get_id y");
	check(sdk_memcpy_h2d(rt, sA, A, 0, 0, 1, 1, (uint32_t)(M * N), false,
			     MEMCPY_32BIT, ROW_MAJOR, false, NULL), rt,
	      "memcpy_h2d A");
	check(sdk_memcpy_h2d(rt, sx, x, 0, 0, 1, 1, (uint32_t)N, false,
			     MEMCPY_32BIT, ROW_MAJOR, false, NULL), rt,
	      "memcpy_h2d x");
	check(sdk_memcpy_h2d(rt, sb, b, 0, 0, 1, 1, (uint32_t)M, false,
			     MEMCPY_32BIT, ROW_MAJOR, false, NULL), rt,
	      "memcpy_h2d b");
	check(sdk_launch(rt, "compute", false, NULL), rt, "launch compute");
	memset(y, 0xff, (size_t)M * sizeof(*y));
	check(sdk_memcpy_d2h(rt, y, sy, 0, 0, 1, 1, (uint32_t)M, false,
			     MEMCPY_32BIT, ROW_MAJOR, false, NULL), rt,
	      "memcpy_d2h y");
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
	free(A);
	free(x);
	free(b);
	free(y);
	free(expect);
	return bad ? 1 : 0;
}
