// SPDX-License-Identifier: MIT
/*
 * host program of examples/residual: || b - A x || with A (4*MT) x N split
 * by rows over a 2x2 rectangle, through the SdkRuntime C API.
 *
 *   examples/residual/host [BUNDLE_DIR [DEVICE]]
 *
 * BUNDLE_DIR defaults to the "bundle" directory next to this program (built
 * with --params=MT:4,N:6).  PE (px, py) owns row block py*2 + px.  Checked
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

#define MT 4
#define N 6
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

static float a_of(int r, int c)
{
	return (float)((r * 7 + c * 3) % 11) * 0.25f - 1.0f + 0.01f * (float)r;
}

int main(int argc, char **argv)
{
	struct sdk_options opts = { .device = argc > 2 ? argv[2] : NULL };
	float hA[NPE * MT * N], hx[NPE * N], hb[NPE * MT], x[N];
	float r[NPE * MT], s[NPE], er[NPE * MT], es[NPE], total = 0.0f;
	sdk_symbol_t sA, sx, sb, sr, ss;
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
	for (int j = 0; j < N; j++)
		x[j] = 0.5f + 0.1f * (float)j;
	/* ROW_MAJOR: element k of PE (px, py) at k + l * (px + W * py) */
	for (int p = 0; p < NPE; p++) {		/* p = px + W*py = block */
		for (int j = 0; j < N; j++) {
			hx[j + N * p] = x[j];
			for (int i = 0; i < MT; i++)
				hA[(j * MT + i) + MT * N * p] =
					a_of(p * MT + i, j);
		}
		for (int i = 0; i < MT; i++)
			hb[i + MT * p] = 0.3f * (float)(p * MT + i) - 1.0f;
	}

	if (sdk_create(dir, &opts, &rt)) {
		fprintf(stderr, "residual: %s\n", sdk_errmsg(NULL));
		return 1;
	}
	check(sdk_load(rt), rt, "load");
	check(sdk_run(rt), rt, "run");
	check(sdk_get_id(rt, "A", &sA), rt, "get_id A");
	check(sdk_get_id(rt, "x", &sx), rt, "get_id x");
	check(sdk_get_id(rt, "b", &sb), rt, "get_id b");
	check(sdk_get_id(rt, "r", &sr), rt, "get_id r");
	check(sdk_get_id(rt, "sumsq", &ss), rt, "get_id sumsq");
	check(sdk_memcpy_h2d(rt, sA, hA, 0, 0, W, H, MT * N, false,
			     MEMCPY_32BIT, ROW_MAJOR, false, NULL), rt,
	      "memcpy_h2d A");
	check(sdk_memcpy_h2d(rt, sx, hx, 0, 0, W, H, N, false, MEMCPY_32BIT,
			     ROW_MAJOR, false, NULL), rt, "memcpy_h2d x");
	check(sdk_memcpy_h2d(rt, sb, hb, 0, 0, W, H, MT, false, MEMCPY_32BIT,
			     ROW_MAJOR, false, NULL), rt, "memcpy_h2d b");
	check(sdk_launch(rt, "compute", false, NULL), rt, "launch compute");
	memset(r, 0xff, sizeof(r));
	memset(s, 0xff, sizeof(s));
	check(sdk_memcpy_d2h(rt, r, sr, 0, 0, W, H, MT, false, MEMCPY_32BIT,
			     ROW_MAJOR, false, NULL), rt, "memcpy_d2h r");
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
	return bad ? 1 : 0;
}
