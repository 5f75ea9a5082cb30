// SPDX-License-Identifier: MIT
/*
 * host program of examples/gemv-tiled: y = A*x + b with A (2*MT) x (2*NT)
 * split over a 2x2 rectangle, through the SdkRuntime C API.
 *
 *   examples/gemv-tiled/host [BUNDLE_DIR [DEVICE]]
 *
 * BUNDLE_DIR defaults to the "bundle" directory next to this program (built
 * with --params=MT:4,NT:3).  MT and NT are read from the bundle's compile
 * parameters (sdk_get_param); a bundle without them is an error.  PE
 * (px, py) gets the block A[py*MT.., px*NT..] (column-major in the block;
 * sent in COL_MAJOR order), x[px*NT..] (x itself, a W x NT array, sent
 * with sdk_memcpy_h2d_colbcast: column px of the rectangle gets row px)
 * and, in column 0, b[py*MT..].  Each PE's partial y is checked bit for
 * bit against the host's computation in the PE's order (y = b or 0, then
 * y[i] = fmaf(A(i, j), x[j], y[i]) per column), then the host adds the two
 * partials of each block row.
 */
#include <libgen.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wse/sdkruntime.h>

#define W 2
#define H 2

static void check(int err, struct sdk_runtime *rt, const char *what)
{
	if (err) {
		fprintf(stderr, "gemv-tiled: %s failed (%d): %s\n", what, err,
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
		fprintf(stderr, "gemv-tiled: the bundle must be compiled with "
			"--params=%s:<n>: %s\n", name, sdk_errmsg(rt));
		exit(1);
	}
	n = strtol(v, &end, 10);
	if (end == v || *end || n < 1 || n > 4096) {
		fprintf(stderr, "gemv-tiled: compile parameter %s = '%s' is "
			"not an integer in 1..4096\n", name, v);
		exit(1);
	}
	return (int)n;
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (!p) {
		fprintf(stderr, "gemv-tiled: out of memory\n");
		exit(1);
	}
	return p;
}

static float a_of(int r, int c)
{
	return 0.125f * (float)(r + 1) - 0.03f * (float)(c * c) + 0.5f;
}

int main(int argc, char **argv)
{
	struct sdk_options opts = { .device = argc > 2 ? argv[2] : NULL };
	float *hA, *hb, *part, *x, *y;
	sdk_symbol_t sA, sx, sb, sy;
	struct sdk_runtime *rt;
	char dflt[4096];
	const char *dir;
	int bad = 0, MT, NT, ROWS, COLS;

	if (argc > 1) {
		dir = argv[1];
	} else {
		char self[4096];

		snprintf(self, sizeof(self), "%s", argv[0]);
		snprintf(dflt, sizeof(dflt), "%s/bundle", dirname(self));
		dir = dflt;
	}
	if (sdk_create(dir, &opts, &rt)) {
		fprintf(stderr, "gemv-tiled: %s\n", sdk_errmsg(NULL));
		return 1;
	}
	check(sdk_load(rt), rt, "load");
	MT = param_int(rt, "MT");
	NT = param_int(rt, "NT");
	ROWS = H * MT;
	COLS = W * NT;
	hA = xcalloc((size_t)W * H * MT * NT, sizeof(*hA));
	hb = xcalloc((size_t)ROWS, sizeof(*hb));
	part = xcalloc((size_t)W * H * MT, sizeof(*part));
	x = xcalloc((size_t)COLS, sizeof(*x));
	y = xcalloc((size_t)ROWS, sizeof(*y));
	for (int c = 0; c < COLS; c++)
		x[c] = 1.5f - 0.2f * (float)c;	/* = the W x NT colbcast source */
	for (int r = 0; r < ROWS; r++)
		hb[r] = 0.75f * (float)r - 2.0f;	/* b, = ROI (0,0,1,2) */
	for (int py = 0; py < H; py++)
		for (int px = 0; px < W; px++)
			for (int j = 0; j < NT; j++)
				for (int i = 0; i < MT; i++) {
					int k = j * MT + i;	/* in the block */

					/* COL_MAJOR: py + h * (px + w * k) */
					hA[py + H * (px + W * k)] =
						a_of(py * MT + i, px * NT + j);
				}

	check(sdk_run(rt), rt, "run");
	check(sdk_get_id(rt, "A", &sA), rt, "get_id A");
	check(sdk_get_id(rt, "x", &sx), rt, "get_id x");
	check(sdk_get_id(rt, "b", &sb), rt, "get_id b");
	check(sdk_get_id(rt, "y", &sy), rt, "get_id y");
	check(sdk_memcpy_h2d(rt, sA, hA, 0, 0, W, H, (uint32_t)(MT * NT),
			     false, MEMCPY_32BIT, COL_MAJOR, false, NULL), rt,
	      "memcpy_h2d A");
	check(sdk_memcpy_h2d_colbcast(rt, sx, x, 0, 0, W, H, (uint32_t)NT,
				      false, MEMCPY_32BIT, ROW_MAJOR, false,
				      NULL), rt, "memcpy_h2d_colbcast x");
	check(sdk_memcpy_h2d(rt, sb, hb, 0, 0, 1, H, (uint32_t)MT, false,
			     MEMCPY_32BIT, ROW_MAJOR, false, NULL), rt,
	      "memcpy_h2d b");
	check(sdk_launch(rt, "compute", false, NULL), rt, "launch compute");
	memset(part, 0xff, (size_t)W * H * MT * sizeof(*part));
	check(sdk_memcpy_d2h(rt, part, sy, 0, 0, W, H, (uint32_t)MT, false,
			     MEMCPY_32BIT, ROW_MAJOR, false, NULL), rt,
	      "memcpy_d2h y");
	check(sdk_stop(rt), rt, "stop");
	sdk_destroy(rt);

	for (int py = 0; py < H; py++)
		for (int px = 0; px < W; px++)
			for (int i = 0; i < MT; i++) {
				float acc = px == 0 ? hb[py * MT + i] : 0.0f;
				int at = i + MT * (px + W * py);

				for (int j = 0; j < NT; j++)
					acc = fmaf(a_of(py * MT + i, px * NT + j),
						   x[px * NT + j], acc);
				if (memcmp(&acc, &part[at], sizeof(acc))) {
					printf("PE (%d,%d) y[%d] = %.9g, expected "
					       "%.9g  MISMATCH\n", px, py, i,
					       part[at], acc);
					bad++;
				}
			}
	for (int py = 0; py < H; py++)
		for (int i = 0; i < MT; i++) {
			y[py * MT + i] = part[i + MT * (0 + W * py)] +
					 part[i + MT * (1 + W * py)];
			printf("y[%d] = %.9g\n", py * MT + i, y[py * MT + i]);
		}
	printf("gemv-tiled %dx%d on %dx%d PEs: %s (%d/%d partial elements "
	       "bit-exact)\n", ROWS, COLS, W, H, bad ? "FAIL" : "PASS",
	       W * H * MT - bad, W * H * MT);
	free(hA);
	free(hb);
	free(part);
	free(x);
	free(y);
	return bad ? 1 : 0;
}
