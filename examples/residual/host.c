// SPDX-License-Identifier: MIT
/*
 * host program of examples/residual: || b - A x || with A (4*MT) x N split
 * by rows over a 2x2 rectangle, through the SdkRuntime C API.
 *
 *   examples/residual/host [BUNDLE_DIR [DEVICE]]
 *
 * BUNDLE_DIR defaults to the "bundle" directory next to this program (built
 * with --params=MT:4,N:6; MT and N are read from the bundle's compile
 * parameters with sdk_get_param, a bundle without them is an error).  PE
 * (px, py) owns row block py*2 + px; every PE gets the same x, sent with
 * sdk_memcpy_h2d_rowbcast (an H x N source whose rows are all x).  Checked
 * bit for bit against the host's computation in the PE's order: r = b,
 * r[i] = fmaf(A(i, j), -x[j], r[i]) per column, sq = r*r, s = 0,
 * s += sq[i] in order; then the host adds the four s and takes sqrtf.
 */
#include <libgen.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wse/sdkruntime.h>

#define W 2
#define H 2
#define NPE (W * H)

static void check(int err, struct sdk_runtime *rt, const char *what)
{
	if (err) {
		fprintf(stderr, "residual: %s failed (%d): %s\n", what, err,
			sdk_errmsg(rt));
		exit(1);
	}
}

/* The compile parameter @name: required, a positive integer (<= 4096). */
static int param_int(struct sdk_runtime *rt, const char *name)
{
	const char *v;
	char *end;
	long n;

	if (sdk_get_param(rt, name, &v)) {
		fprintf(stderr, "residual: the bundle must be compiled with "
			"--params=%s:<n>: %s\n", name, sdk_errmsg(rt));
		exit(1);
	}
	n = strtol(v, &end, 10);
	if (end == v || *end || n < 1 || n > 4096) {
		fprintf(stderr, "residual: compile parameter %s = '%s' is not "
			"an integer in 1..4096\n", name, v);
		exit(1);
	}
	return (int)n;
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (!p) {
		fprintf(stderr, "residual: out of memory\n");
		exit(1);
	}
	return p;
}

static float a_of(int r, int c)
{
	return (float)((r * 7 + c * 3) % 11) * 0.25f - 1.0f + 0.01f * (float)r;
}

int main(int argc, char **argv)
{
	struct sdk_options opts = { .device = argc > 2 ? argv[2] : NULL };
	float *hA, *hb, *x, *r, *er, s[NPE], es[NPE], total = 0.0f;
	sdk_symbol_t sA, sx, sb, sr, ss;
	struct sdk_runtime *rt;
	char dflt[4096];
	const char *dir;
	int bad = 0, MT, N;

	if (argc > 1) {
		dir = argv[1];
	} else {
		char self[4096];

		snprintf(self, sizeof(self), "%s", argv[0]);
		snprintf(dflt, sizeof(dflt), "%s/bundle", dirname(self));
		dir = dflt;
	}
	if (sdk_create(dir, &opts, &rt)) {
		fprintf(stderr, "residual: %s\n", sdk_errmsg(NULL));
		return 1;
	}
	check(sdk_load(rt), rt, "load");
	MT = param_int(rt, "MT");
	N = param_int(rt, "N");
	hA = xcalloc((size_t)NPE * MT * N, sizeof(*hA));
	hb = xcalloc((size_t)NPE * MT, sizeof(*hb));
	x = xcalloc((size_t)N * H, sizeof(*x));	/* H rows of x */
	r = xcalloc((size_t)NPE * MT, sizeof(*r));
	er = xcalloc((size_t)NPE * MT, sizeof(*er));
	for (int j = 0; j < N; j++)
		for (int py = 0; py < H; py++)
			x[j + py * N] = 0.5f + 0.1f * (float)j;
	/* ROW_MAJOR: element k of PE (px, py) at k + l * (px + W * py) */
	for (int p = 0; p < NPE; p++) {		/* p = px + W*py = block */
		for (int j = 0; j < N; j++)
			for (int i = 0; i < MT; i++)
				hA[(j * MT + i) + MT * N * p] =
					a_of(p * MT + i, j);
		for (int i = 0; i < MT; i++)
			hb[i + MT * p] = 0.3f * (float)(p * MT + i) - 1.0f;
	}
	check(sdk_run(rt), rt, "run");
	check(sdk_get_id(rt, "A", &sA), rt, "get_id A");
	check(sdk_get_id(rt, "x", &sx), rt, "get_id x");
	check(sdk_get_id(rt, "b", &sb), rt, "get_id b");
	check(sdk_get_id(rt, "r", &sr), rt, "get_id r");
	check(sdk_get_id(rt, "sumsq", &ss), rt, "get_id sumsq");
	check(sdk_memcpy_h2d(rt, sA, hA, 0, 0, W, H, (uint32_t)(MT * N), false,
			     MEMCPY_32BIT, ROW_MAJOR, false, NULL), rt,
	      "memcpy_h2d A");
	/* every PE the same N words: ROI row py gets source row py */
	check(sdk_memcpy_h2d_rowbcast(rt, sx, x, 0, 0, W, H, (uint32_t)N,
				      false, MEMCPY_32BIT, ROW_MAJOR, false,
				      NULL), rt, "memcpy_h2d_rowbcast x");
	check(sdk_memcpy_h2d(rt, sb, hb, 0, 0, W, H, (uint32_t)MT, false,
			     MEMCPY_32BIT, ROW_MAJOR, false, NULL), rt,
	      "memcpy_h2d b");
	check(sdk_launch(rt, "compute", false, NULL), rt, "launch compute");
	memset(r, 0xff, (size_t)NPE * MT * sizeof(*r));
	memset(s, 0xff, sizeof(s));
	check(sdk_memcpy_d2h(rt, r, sr, 0, 0, W, H, (uint32_t)MT, false,
			     MEMCPY_32BIT, ROW_MAJOR, false, NULL), rt,
	      "memcpy_d2h r");
	check(sdk_memcpy_d2h(rt, s, ss, 0, 0, W, H, 1, false, MEMCPY_32BIT,
			     ROW_MAJOR, false, NULL), rt, "memcpy_d2h sumsq");
	check(sdk_stop(rt), rt, "stop");
	sdk_destroy(rt);

	for (int p = 0; p < NPE; p++) {
		float acc = 0.0f;

		for (int i = 0; i < MT; i++) {
			float v = hb[i + MT * p];

			for (int j = 0; j < N; j++)
				v = fmaf(a_of(p * MT + i, j), -x[j], v);
			er[i + MT * p] = v;
		}
		for (int i = 0; i < MT; i++) {
			float sq = er[i + MT * p] * er[i + MT * p];

			acc += sq;
		}
		es[p] = acc;
		for (int i = 0; i < MT; i++)
			if (memcmp(&r[i + MT * p], &er[i + MT * p], 4)) {
				printf("PE (%d,%d) r[%d] = %.9g, expected %.9g"
				       "  MISMATCH\n", p % W, p / W, i,
				       r[i + MT * p], er[i + MT * p]);
				bad++;
			}
		if (memcmp(&s[p], &es[p], 4)) {
			printf("PE (%d,%d) sumsq = %.9g, expected %.9g  "
			       "MISMATCH\n", p % W, p / W, s[p], es[p]);
			bad++;
		}
		total += s[p];
	}
	printf("||b - A x|| = %.9g (%d x %d on %dx%d PEs)\n", sqrtf(total),
	       NPE * MT, N, W, H);
	printf("residual: %s (%d/%d elements bit-exact)\n", bad ? "FAIL" : "PASS",
	       NPE * (MT + 1) - bad, NPE * (MT + 1));
	free(hA);
	free(hb);
	free(x);
	free(r);
	free(er);
	return bad ? 1 : 0;
}
