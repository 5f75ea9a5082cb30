// SPDX-License-Identifier: GPL-2.0
/*
 * sdk_test - the SdkRuntime C API (<wse/sdkruntime.h>) on the device, with
 * bundles built by tools/wse-cc at build time (selftests/Makefile) and
 * shipped next to this binary in bundles/: gemv (examples/gemv, 1 PE),
 * gemv-tiled (examples/gemv-tiled, 2x2) and args (selftests/sdk_args, 2x1).
 * Results are compared bit for bit with the host's computation in the PE
 * code's operation order (fmaf for wse_fmacs).
 */
#include <errno.h>
#include <libgen.h>
#include <pthread.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include <wse/sdkruntime.h>

static const char *bundle(const char *name)
{
	static char path[4096];
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n < 0)
		return name;
	self[n] = '\0';
	snprintf(path, sizeof(path), "%s/bundles/%s", dirname(self), name);
	return path;
}

/* Create and load @name: the bundles are built with the tests. */
#define OPEN(rt, name) do {						\
		char p_[4096];						\
		snprintf(p_, sizeof(p_), "%s/out.json", bundle(name));	\
		ASSERT_EQ(0, access(p_, R_OK)) TH_LOG("no bundle %s", p_); \
		ASSERT_EQ(0, sdk_create(bundle(name), NULL, &(rt)))	\
			TH_LOG("%s", sdk_errmsg(NULL));			\
		ASSERT_EQ(0, sdk_load(rt)) TH_LOG("%s", sdk_errmsg(rt)); \
	} while (0)

#define OK(rt, call) ASSERT_EQ(0, call) TH_LOG("%s", sdk_errmsg(rt))

static uint32_t bits(float f)
{
	uint32_t u;

	memcpy(&u, &f, 4);
	return u;
}

TEST(gemv_one_pe_bit_exact)
{
	enum { M = 4, N = 6 };
	float A[M * N], x[N], b[M], y[M], e;
	sdk_symbol_t sA, sx, sb, sy;
	struct sdk_runtime *rt;
	sdk_task_t t[3];

	OPEN(rt, "gemv");
	OK(rt, sdk_run(rt));
	for (int j = 0; j < N; j++) {
		x[j] = 1.0f / (float)(j + 3);
		for (int i = 0; i < M; i++)
			A[j * M + i] = 0.1f * (float)(i + 1) + 0.37f * (float)j;
	}
	for (int i = 0; i < M; i++)
		b[i] = 0.5f - 0.25f * (float)i;
	OK(rt, sdk_get_id(rt, "A", &sA));
	OK(rt, sdk_get_id(rt, "x", &sx));
	OK(rt, sdk_get_symbol(rt, "b", &sb));
	OK(rt, sdk_get_id(rt, "y", &sy));
	/* nonblocking copies, then a blocking launch (in order) */
	OK(rt, sdk_memcpy_h2d(rt, sA, A, 0, 0, 1, 1, M * N, false,
			      MEMCPY_32BIT, ROW_MAJOR, true, &t[0]));
	OK(rt, sdk_memcpy_h2d(rt, sx, x, 0, 0, 1, 1, N, false, MEMCPY_32BIT,
			      COL_MAJOR, true, &t[1]));
	OK(rt, sdk_memcpy_h2d(rt, sb, b, 0, 0, 1, 1, M, false, MEMCPY_32BIT,
			      ROW_MAJOR, true, &t[2]));
	EXPECT_NE(0, t[0].id);
	OK(rt, sdk_launch(rt, "compute", false, NULL));
	EXPECT_EQ(1, sdk_is_task_done(rt, t[0]));
	for (int i = 0; i < 3; i++)
		OK(rt, sdk_task_wait(rt, t[i]));
	EXPECT_EQ(-ENOENT, sdk_task_wait(rt, t[0]));
	memset(y, 0xff, sizeof(y));
	OK(rt, sdk_memcpy_d2h(rt, y, sy, 0, 0, 1, 1, M, false, MEMCPY_32BIT,
			      ROW_MAJOR, false, NULL));
	for (int i = 0; i < M; i++) {
		e = b[i];
		for (int j = 0; j < N; j++)
			e = fmaf(A[j * M + i], x[j], e);
		EXPECT_EQ(bits(e), bits(y[i]))
			TH_LOG("y[%d] = %.9g, expected %.9g", i, y[i], e);
	}
	OK(rt, sdk_stop(rt));
	sdk_destroy(rt);
}

/*
 * Small nonblocking copies are queued in the runtime and submitted as one
 * list before the next call: whatever comes after sees them, in program
 * order with the copies that are not queued, and each keeps its status.
 */
TEST(queued_small_copies_keep_program_order)
{
	enum { M = 4, N = 6, R = 40 };
	float A[M * N], back[M * N], x[N], b[M], y[M], v[R], e;
	sdk_symbol_t sA, sx, sb, sy;
	struct sdk_runtime *rt;
	sdk_task_t t[R + 4], big;
	int done = 0;

	OPEN(rt, "gemv");
	OK(rt, sdk_run(rt));
	OK(rt, sdk_get_id(rt, "A", &sA));
	OK(rt, sdk_get_id(rt, "x", &sx));
	OK(rt, sdk_get_id(rt, "b", &sb));
	OK(rt, sdk_get_id(rt, "y", &sy));
	/* queued A[0] = v[i], then all of A (not queued), then A[0] again */
	for (int i = 0; i < R; i++) {
		v[i] = (float)i;
		OK(rt, sdk_memcpy_h2d(rt, sA, &v[i], 0, 0, 1, 1, 1, false,
				      MEMCPY_32BIT, ROW_MAJOR, true, &t[i]));
		/* a library handle: bit 62 (no kernel id has it) */
		EXPECT_NE(0, t[i].id & (1ull << 62));
	}
	for (int i = 0; i < M * N; i++)
		A[i] = 100.0f + (float)i;
	OK(rt, sdk_memcpy_h2d(rt, sA, A, 0, 0, 1, 1, M * N, false,
			      MEMCPY_32BIT, ROW_MAJOR, true, &big));
	EXPECT_EQ(0, big.id & (1ull << 62));
	A[0] = -7.0f;
	OK(rt, sdk_memcpy_h2d(rt, sA, &A[0], 0, 0, 1, 1, 1, false,
			      MEMCPY_32BIT, ROW_MAJOR, true, &t[R]));
	A[0] = 55.0f;	/* the queued copy took its word at the call */
	/* a blocking d2h after them sees all three, in order */
	OK(rt, sdk_memcpy_d2h(rt, back, sA, 0, 0, 1, 1, M * N, false,
			      MEMCPY_32BIT, ROW_MAJOR, false, NULL));
	EXPECT_EQ(bits(-7.0f), bits(back[0]));
	for (int i = 1; i < M * N; i++)
		EXPECT_EQ(bits(100.0f + (float)i), bits(back[i]));
	/* queued x and b, then a launch: the program computes with them */
	for (int j = 0; j < N; j++)
		x[j] = 0.25f * (float)(j + 1);
	for (int i = 0; i < M; i++)
		b[i] = 1.0f + (float)i;
	OK(rt, sdk_memcpy_h2d(rt, sx, x, 0, 0, 1, 1, N, false, MEMCPY_32BIT,
			      ROW_MAJOR, true, &t[R + 1]));
	OK(rt, sdk_memcpy_h2d(rt, sb, b, 0, 0, 1, 1, M, false, MEMCPY_32BIT,
			      ROW_MAJOR, true, &t[R + 2]));
	EXPECT_NE(0, t[R + 2].id & (1ull << 62));
	OK(rt, sdk_launch(rt, "compute", false, NULL));
	OK(rt, sdk_memcpy_d2h(rt, y, sy, 0, 0, 1, 1, M, false, MEMCPY_32BIT,
			      ROW_MAJOR, false, NULL));
	A[0] = -7.0f;	/* what the device holds */
	for (int i = 0; i < M; i++) {
		e = b[i];
		for (int j = 0; j < N; j++)
			e = fmaf(A[j * M + i], x[j], e);
		EXPECT_EQ(bits(e), bits(y[i]))
			TH_LOG("y[%d] = %.9g, expected %.9g", i, y[i], e);
	}
	/* a queued copy alone: sdk_is_task_done() submits and then sees it */
	OK(rt, sdk_memcpy_h2d(rt, sb, b, 0, 0, 1, 1, 1, false, MEMCPY_32BIT,
			      ROW_MAJOR, true, &t[R + 3]));
	for (int k = 0; k < 1000 && done != 1; k++)
		done = sdk_is_task_done(rt, t[R + 3]);
	EXPECT_EQ(1, done);
	/* every copy ended well; each id once */
	for (int i = 0; i < R + 4; i++)
		OK(rt, sdk_task_wait(rt, t[i]));
	OK(rt, sdk_task_wait(rt, big));
	EXPECT_EQ(-ENOENT, sdk_task_wait(rt, t[3]));
	OK(rt, sdk_stop(rt));
	sdk_destroy(rt);
}

TEST(gemv_tiled_bit_exact)
{
	enum { MT = 4, NT = 3, W = 2, H = 2 };
	float hA[W * H * MT * NT], hx[W * H * NT], hb[H * MT], x[W * NT];
	float part[W * H * MT];
	sdk_symbol_t sA, sx, sb, sy;
	struct sdk_runtime *rt;

	OPEN(rt, "gemv-tiled");
	OK(rt, sdk_run(rt));
	for (int c = 0; c < W * NT; c++)
		x[c] = 1.5f - 0.2f * (float)c;
	for (int r = 0; r < H * MT; r++)
		hb[r] = 0.75f * (float)r - 2.0f;
	for (int py = 0; py < H; py++)
		for (int px = 0; px < W; px++)
			for (int j = 0; j < NT; j++) {
				for (int i = 0; i < MT; i++)
					hA[py + H * (px + W * (j * MT + i))] =
						0.125f * (float)(py * MT + i + 1) -
						0.03f * (float)((px * NT + j) *
								(px * NT + j));
				hx[j + NT * (px + W * py)] = x[px * NT + j];
			}
	OK(rt, sdk_get_id(rt, "A", &sA));
	OK(rt, sdk_get_id(rt, "x", &sx));
	OK(rt, sdk_get_id(rt, "b", &sb));
	OK(rt, sdk_get_id(rt, "y", &sy));
	OK(rt, sdk_memcpy_h2d(rt, sA, hA, 0, 0, W, H, MT * NT, false,
			      MEMCPY_32BIT, COL_MAJOR, false, NULL));
	OK(rt, sdk_memcpy_h2d(rt, sx, hx, 0, 0, W, H, NT, false, MEMCPY_32BIT,
			      ROW_MAJOR, false, NULL));
	OK(rt, sdk_memcpy_h2d(rt, sb, hb, 0, 0, 1, H, MT, false, MEMCPY_32BIT,
			      ROW_MAJOR, false, NULL));
	OK(rt, sdk_launch(rt, "compute", false, NULL));
	memset(part, 0xff, sizeof(part));
	OK(rt, sdk_memcpy_d2h(rt, part, sy, 0, 0, W, H, MT, false,
			      MEMCPY_32BIT, ROW_MAJOR, false, NULL));
	for (int py = 0; py < H; py++)
		for (int px = 0; px < W; px++)
			for (int i = 0; i < MT; i++) {
				float e = px ? 0.0f : hb[py * MT + i];
				float got = part[i + MT * (px + W * py)];

				for (int j = 0; j < NT; j++)
					e = fmaf(hA[py + H * (px + W * (j * MT + i))],
						 x[px * NT + j], e);
				EXPECT_EQ(bits(e), bits(got))
					TH_LOG("PE (%d,%d) y[%d] = %.9g, "
					       "expected %.9g", px, py, i, got, e);
			}
	OK(rt, sdk_stop(rt));
	sdk_destroy(rt);
}

TEST(launch_with_each_argument_type)
{
	const uint32_t words[6] = { 0x40490fdb, 5, 6, 0x8000, 7, 0x7c00 };
	uint32_t out[2 * 8];
	sdk_symbol_t so;
	struct sdk_runtime *rt;
	sdk_task_t t;

	OPEN(rt, "args");
	OK(rt, sdk_run(rt));
	OK(rt, sdk_get_id(rt, "out", &so));
	EXPECT_EQ(SDK_KIND_DATA, so.kind);
	EXPECT_EQ(SDK_TYPE_U32, so.type);
	OK(rt, sdk_launch(rt, "store", false, NULL, SDK_F32(-1.25f),
			  SDK_I32(-7), SDK_U32(0xdeadbeefu), SDK_I16(-2),
			  SDK_U16(0xfffe), SDK_F16(0x3c00)));
	OK(rt, sdk_memcpy_d2h(rt, out, so, 0, 0, 2, 1, 8, false, MEMCPY_32BIT,
			      ROW_MAJOR, false, NULL));
	for (int px = 0; px < 2; px++) {
		const uint32_t *o = out + 8 * px;

		EXPECT_EQ(bits(-1.25f), o[0]);
		EXPECT_EQ((uint32_t)-7, o[1]);
		EXPECT_EQ(0xdeadbeefu, o[2]);
		EXPECT_EQ(0xfffffffeu, o[3]);	/* i16 sign-extended on the PE */
		EXPECT_EQ(0xfffeu, o[4]);
		EXPECT_EQ(0x3c00u, o[5]);
		EXPECT_EQ((uint32_t)px, o[6]);
		EXPECT_EQ(1u, o[7]);
	}
	/* pre-packed words, nonblocking */
	OK(rt, sdk_call(rt, "store", words, 6, true, &t));
	OK(rt, sdk_task_wait(rt, t));
	OK(rt, sdk_memcpy_d2h(rt, out, so, 0, 0, 2, 1, 8, false, MEMCPY_32BIT,
			      COL_MAJOR, false, NULL));
	/* COL_MAJOR, h = 1: element k of PE px at px + 2 * k */
	for (int px = 0; px < 2; px++) {
		EXPECT_EQ(0x40490fdbu, out[px + 2 * 0]);
		EXPECT_EQ(0xffff8000u, out[px + 2 * 3]);
		EXPECT_EQ(0x7c00u, out[px + 2 * 5]);
		EXPECT_EQ(2u, out[px + 2 * 7]);
	}
	OK(rt, sdk_stop(rt));
	sdk_destroy(rt);
}

TEST(sixteen_bit_copies)
{
	uint32_t in[2 * 8], got[2 * 8];
	sdk_symbol_t sh;
	struct sdk_runtime *rt;

	OPEN(rt, "args");
	OK(rt, sdk_run(rt));
	OK(rt, sdk_get_id(rt, "h", &sh));
	EXPECT_EQ(SDK_TYPE_U16, sh.type);
	for (int i = 0; i < 16; i++)
		in[i] = (uint32_t)(i * 4099 + 1) & 0xffff;
	OK(rt, sdk_memcpy_h2d(rt, sh, in, 0, 0, 2, 1, 8, false, MEMCPY_16BIT,
			      ROW_MAJOR, false, NULL));
	OK(rt, sdk_launch(rt, "double_h", false, NULL));
	memset(got, 0xff, sizeof(got));
	OK(rt, sdk_memcpy_d2h(rt, got, sh, 0, 0, 2, 1, 8, false, MEMCPY_16BIT,
			      ROW_MAJOR, false, NULL));
	for (int i = 0; i < 16; i++) {
		EXPECT_EQ((in[i] * 2) & 0xffff, got[i]) TH_LOG("element %d", i);
	}
	/* 32-bit words of a u16 symbol: two elements a word */
	OK(rt, sdk_memcpy_d2h(rt, got, sh, 0, 0, 2, 1, 4, false, MEMCPY_32BIT,
			      ROW_MAJOR, false, NULL));
	EXPECT_EQ(((in[1] * 2) & 0xffff) << 16 | ((in[0] * 2) & 0xffff),
		  got[0]);
	/* 9 u16 do not fit in h[8] */
	EXPECT_EQ(-ENOSPC, sdk_memcpy_d2h(rt, got, sh, 0, 0, 1, 1, 9, false,
					  MEMCPY_16BIT, ROW_MAJOR, false, NULL));
	OK(rt, sdk_stop(rt));
	sdk_destroy(rt);
}

TEST(wrong_arguments_names_and_roi)
{
	float f[64] = { 0 };
	sdk_symbol_t so, ss;
	struct sdk_runtime *rt;

	OPEN(rt, "args");
	OK(rt, sdk_run(rt));
	EXPECT_EQ(-EINVAL, sdk_launch(rt, "store", false, NULL, SDK_F32(1)));
	EXPECT_STREQ("sdk_launch: store takes 6 arguments (f32, i32, u32, i16, "
		     "u16, f16), 1 given", sdk_errmsg(rt));
	EXPECT_EQ(-EINVAL, sdk_launch(rt, "store", false, NULL, SDK_F32(1),
				      SDK_I32(2), SDK_U32(3), SDK_U16(4),
				      SDK_U16(5), SDK_F16(6)));
	EXPECT_STREQ("sdk_launch: store: argument 3 is u16, expected i16",
		     sdk_errmsg(rt));
	EXPECT_EQ(-EINVAL, sdk_launch(rt, "double_h", false, NULL, SDK_I32(1)));
	EXPECT_STREQ("sdk_launch: double_h takes no arguments, 1 given",
		     sdk_errmsg(rt));
	EXPECT_EQ(-ENOENT, sdk_launch(rt, "nope", false, NULL));
	EXPECT_STREQ("sdk_launch: cannot find exported function 'nope'",
		     sdk_errmsg(rt));
	EXPECT_EQ(-ENOENT, sdk_get_id(rt, "nope", &ss));
	EXPECT_STREQ("sdk_get_id: no exported symbol or function named 'nope'",
		     sdk_errmsg(rt));
	OK(rt, sdk_get_id(rt, "out", &so));
	EXPECT_EQ(-EINVAL, sdk_memcpy_h2d(rt, so, f, 1, 0, 2, 1, 1, false,
					  MEMCPY_32BIT, ROW_MAJOR, false, NULL));
	EXPECT_STREQ("sdk_memcpy_h2d: wse_h2d: ROI (1,0,2,1) is outside the "
		     "2x1 rectangle", sdk_errmsg(rt));
	EXPECT_EQ(-EINVAL, sdk_memcpy_d2h(rt, f, so, 0, 1, 1, 1, 1, false,
					  MEMCPY_32BIT, ROW_MAJOR, false, NULL));
	/* streaming needs a color, and this program has no stream colors */
	EXPECT_EQ(-EINVAL, sdk_memcpy_h2d(rt, so, f, 0, 0, 1, 1, 1, true,
					  MEMCPY_32BIT, ROW_MAJOR, false,
					  NULL));
	EXPECT_STREQ("sdk_memcpy_h2d: dest 'out' is a data symbol; "
		     "streaming=true needs a color (sdk_color() or "
		     "sdk_get_color())", sdk_errmsg(rt));
	EXPECT_EQ(-EINVAL, sdk_memcpy_h2d(rt, sdk_color(1), f, 0, 0, 1, 1, 1,
					  true, MEMCPY_32BIT, ROW_MAJOR, false,
					  NULL));
	EXPECT_NE(NULL, strstr(sdk_errmsg(rt), "sdk_memcpy_h2d: dest color 1 "
			       "is not an H2D stream color: the program has "
			       "none"));
	OK(rt, sdk_get_id(rt, "store", &ss));
	EXPECT_EQ(-EINVAL, sdk_memcpy_h2d(rt, ss, f, 0, 0, 1, 1, 1, false,
					  MEMCPY_32BIT, ROW_MAJOR, false, NULL));
	/* the program still works after all that */
	OK(rt, sdk_launch(rt, "double_h", false, NULL));
	OK(rt, sdk_stop(rt));
	sdk_destroy(rt);
}

TEST(calls_in_the_wrong_state)
{
	float f[8] = { 0 };
	sdk_symbol_t so = { 0 };
	struct sdk_runtime *rt;
	char p[4096];

	snprintf(p, sizeof(p), "%s/out.json", bundle("args"));
	ASSERT_EQ(0, access(p, R_OK)) TH_LOG("no bundle %s", p);
	ASSERT_EQ(0, sdk_create(bundle("args"), NULL, &rt))
		TH_LOG("%s", sdk_errmsg(NULL));
	EXPECT_EQ(-EBADFD, sdk_run(rt));
	EXPECT_STREQ("sdk_run: called before load()", sdk_errmsg(rt));
	/* ids from sdk_create() on (most SDK programs ask before load()) */
	OK(rt, sdk_get_id(rt, "out", &so));
	EXPECT_EQ(SDK_KIND_DATA, so.kind);
	EXPECT_EQ(-EBADFD, sdk_stop(rt));
	EXPECT_STREQ("sdk_stop: called before load()", sdk_errmsg(rt));
	ASSERT_EQ(0, sdk_load(rt)) TH_LOG("%s", sdk_errmsg(rt));
	EXPECT_EQ(-EBADFD, sdk_load(rt));
	EXPECT_STREQ("sdk_load: called twice", sdk_errmsg(rt));
	OK(rt, sdk_get_id(rt, "out", &so));
	EXPECT_EQ(-EBADFD, sdk_memcpy_h2d(rt, so, f, 0, 0, 1, 1, 1, false,
					  MEMCPY_32BIT, ROW_MAJOR, false, NULL));
	EXPECT_STREQ("sdk_memcpy_h2d: called before run()", sdk_errmsg(rt));
	EXPECT_EQ(-EBADFD, sdk_launch(rt, "double_h", false, NULL));
	EXPECT_STREQ("sdk_launch: called before run()", sdk_errmsg(rt));
	OK(rt, sdk_run(rt));
	EXPECT_EQ(-EBADFD, sdk_run(rt));
	EXPECT_STREQ("sdk_run: called twice", sdk_errmsg(rt));
	OK(rt, sdk_stop(rt));
	EXPECT_EQ(-EBADFD, sdk_stop(rt));
	EXPECT_STREQ("sdk_stop: called twice", sdk_errmsg(rt));
	EXPECT_EQ(-EBADFD, sdk_memcpy_d2h(rt, f, so, 0, 0, 1, 1, 1, false,
					  MEMCPY_32BIT, ROW_MAJOR, false, NULL));
	EXPECT_STREQ("sdk_memcpy_d2h: called after stop()", sdk_errmsg(rt));
	EXPECT_EQ(-EBADFD, sdk_launch(rt, "double_h", false, NULL));
	EXPECT_STREQ("sdk_launch: called after stop()", sdk_errmsg(rt));
	sdk_destroy(rt);
	/* the device is free again */
	ASSERT_EQ(0, sdk_create(bundle("args"), NULL, &rt));
	OK(rt, sdk_load(rt));
	sdk_destroy(rt);	/* stops quietly */
}

TEST(pe_fault_is_reported)
{
	struct sdk_runtime *rt;
	sdk_task_t t;
	int err;

	OPEN(rt, "args");
	OK(rt, sdk_run(rt));
	err = sdk_launch(rt, "crash", false, NULL, SDK_U32(1));
	EXPECT_EQ(-EIO, err);
	TH_LOG("%s", sdk_errmsg(rt));
	EXPECT_EQ(0, strncmp(sdk_errmsg(rt), "sdk_launch crash: PE (1,0) "
			     "faulted at pc 0x", 33)) TH_LOG("%s", sdk_errmsg(rt));
	EXPECT_NE(NULL, strstr(sdk_errmsg(rt), ": illegal instruction 0x0000000b"));
	/* a later nonblocking launch: the task reports it too, or fails */
	err = sdk_launch(rt, "crash", true, &t, SDK_U32(7));
	if (!err) {
		err = sdk_task_wait(rt, t);
		TH_LOG("after the fault: %d %s", err, sdk_errmsg(rt));
	}
	sdk_stop(rt);
	sdk_destroy(rt);
}

/*
 * The h2d variants into gemv-tiled's 2x2 symbol A (12 words per PE), read
 * back with a plain d2h and compared with a model of A updated by the
 * header's formulas: the broadcast source wrapped in @order, the stride
 * selecting every n-th PE.  Both orders, blocking and not.
 */
enum { VW = 2, VH = 2, VL = 12 };

static void fill(uint32_t *a, size_t n, uint32_t seed)
{
	for (size_t i = 0; i < n; i++)
		a[i] = (uint32_t)i * 2654435761u + seed;
}

/* model[k + VL * (px + VW * py)]: what A should hold */
static int check_A(struct __test_metadata *_metadata, struct sdk_runtime *rt,
		   sdk_symbol_t sA, const uint32_t *model, const char *what)
{
	uint32_t got[VW * VH * VL];
	int bad = 0;

	memset(got, 0xee, sizeof(got));
	EXPECT_EQ(0, sdk_memcpy_d2h(rt, got, sA, 0, 0, VW, VH, VL, false,
				    MEMCPY_32BIT, ROW_MAJOR, false, NULL))
		TH_LOG("%s", sdk_errmsg(rt));
	for (uint32_t i = 0; i < VW * VH * VL; i++)
		if (got[i] != model[i] && bad++ < 4)
			TH_LOG("%s: PE (%u,%u) A[%u] = 0x%08x, expected 0x%08x",
			       what, i / VL % VW, i / VL / VW, i % VL, got[i],
			       model[i]);
	EXPECT_EQ(0, bad) TH_LOG("%s", what);
	return bad;
}

/* rowbcast (row) or colbcast: a 2-D source, rows x VL, wrapped in order */
static void model_bcast(uint32_t *model, const uint32_t *src, bool row,
			int order)
{
	for (uint32_t py = 0; py < VH; py++)
		for (uint32_t px = 0; px < VW; px++)
			for (uint32_t k = 0; k < VL; k++) {
				uint32_t r = row ? py : px, n = row ? VH : VW;

				model[k + VL * (px + VW * py)] =
					order == ROW_MAJOR ? src[r * VL + k]
							   : src[r + n * k];
			}
}

/* stride (rs, cs) = (2, 1) on the 2x2 ROI: only row 0 receives (2 PEs) */
static void model_stride_row0(uint32_t *model, const uint32_t *src, int order)
{
	for (uint32_t i = 0; i < VW; i++)
		for (uint32_t k = 0; k < VL; k++)
			model[k + VL * i] = order == ROW_MAJOR ?
					    src[k + VL * i] : src[i + VW * k];
}

TEST(h2d_variants_read_back)
{
	uint32_t row[VH * VL], col[VW * VL], str[VW * VL];
	uint32_t model[VW * VH * VL];
	sdk_symbol_t sA;
	struct sdk_runtime *rt;
	sdk_task_t t[3];
	char what[64];

	OPEN(rt, "gemv-tiled");
	OK(rt, sdk_run(rt));
	OK(rt, sdk_get_id(rt, "A", &sA));
	for (int order = ROW_MAJOR; order <= COL_MAJOR; order++)
		for (int nb = 0; nb < 2; nb++) {
			uint32_t seed = (uint32_t)(order * 2 + nb) << 24;
			sdk_task_t *tp = nb ? &t[0] : NULL;

			fill(row, VH * VL, seed | 0x10000);
			fill(col, VW * VL, seed | 0x20000);
			fill(str, VW * VL, seed | 0x30000);
			snprintf(what, sizeof(what), "rowbcast order %d nb %d",
				 order, nb);
			OK(rt, sdk_memcpy_h2d_rowbcast(rt, sA, row, 0, 0, VW,
						       VH, VL, false,
						       MEMCPY_32BIT, order,
						       nb, tp));
			model_bcast(model, row, true, order);
			if (nb) {
				uint32_t keep[VH * VL];

				EXPECT_NE(0, t[0].id);
				/* the source may change once queued */
				memcpy(keep, row, sizeof(row));
				memset(row, 0, sizeof(row));
				OK(rt, sdk_task_wait(rt, t[0]));
				memcpy(row, keep, sizeof(row));
			}
			check_A(_metadata, rt, sA, model, what);

			snprintf(what, sizeof(what), "colbcast order %d nb %d",
				 order, nb);
			OK(rt, sdk_memcpy_h2d_colbcast(rt, sA, col, 0, 0, VW,
						       VH, VL, false,
						       MEMCPY_32BIT, order,
						       nb, tp));
			if (nb)
				OK(rt, sdk_task_wait(rt, t[0]));
			model_bcast(model, col, false, order);
			check_A(_metadata, rt, sA, model, what);

			/* row 1 keeps the colbcast data */
			snprintf(what, sizeof(what), "stride order %d nb %d",
				 order, nb);
			OK(rt, sdk_memcpy_h2d_stride(rt, sA, str, 0, 0, VW, VH,
						     VL, 2, 1, false,
						     MEMCPY_32BIT, order, nb,
						     tp));
			if (nb)
				OK(rt, sdk_task_wait(rt, t[0]));
			model_stride_row0(model, str, order);
			check_A(_metadata, rt, sA, model, what);
		}

	/* col_stride 2 on a 2x2 ROI: PEs (0,0), (0,1), one transfer each */
	fill(str, VW * VL, 0x50000);
	OK(rt, sdk_memcpy_h2d_stride(rt, sA, str, 0, 0, VW, VH, VL, 1, 2,
				     false, MEMCPY_32BIT, COL_MAJOR, true,
				     &t[0]));
	OK(rt, sdk_task_wait(rt, t[0]));
	for (uint32_t j = 0; j < VH; j++)
		for (uint32_t k = 0; k < VL; k++)
			model[k + VL * (VW * j)] = str[j + VH * k];
	check_A(_metadata, rt, sA, model, "col_stride 2");

	/* several queued at once, the last left for stop() to reap */
	OK(rt, sdk_memcpy_h2d_rowbcast(rt, sA, row, 0, 0, VW, VH, VL, false,
				       MEMCPY_32BIT, COL_MAJOR, true, &t[0]));
	OK(rt, sdk_memcpy_h2d_colbcast(rt, sA, col, 0, 0, VW, VH, VL, false,
				       MEMCPY_32BIT, ROW_MAJOR, true, &t[1]));
	OK(rt, sdk_memcpy_h2d_stride(rt, sA, str, 0, 0, VW, VH, VL, 2, 2,
				     false, MEMCPY_32BIT, COL_MAJOR, true,
				     &t[2]));
	OK(rt, sdk_task_wait(rt, t[0]));
	OK(rt, sdk_task_wait(rt, t[1]));
	EXPECT_EQ(-EINVAL, sdk_memcpy_h2d_stride(rt, sA, str, 0, 0, VW, VH, VL,
						 0, 1, false, MEMCPY_32BIT,
						 ROW_MAJOR, false, NULL));
	EXPECT_NE(NULL, strstr(sdk_errmsg(rt), "row_stride is 0"));
	EXPECT_EQ(-EINVAL, sdk_memcpy_h2d_rowbcast(rt, sA, row, 1, 0, 2, 1, 1,
						   false, MEMCPY_32BIT,
						   ROW_MAJOR, false, NULL));
	EXPECT_STREQ("sdk_memcpy_h2d_rowbcast: wse_h2d: ROI (1,0,2,1) is "
		     "outside the 2x2 rectangle", sdk_errmsg(rt));
	OK(rt, sdk_stop(rt));
	OK(rt, sdk_task_wait(rt, t[2]));	/* reaped by stop, status kept */
	sdk_destroy(rt);
}

/* 16-bit copies into the f32 array A: two elements a word, low first. */
TEST(sixteen_bit_into_f32)
{
	uint32_t in[2 * VL], got[VL];
	sdk_symbol_t sA;
	struct sdk_runtime *rt;

	OPEN(rt, "gemv-tiled");
	OK(rt, sdk_run(rt));
	OK(rt, sdk_get_id(rt, "A", &sA));
	EXPECT_EQ(SDK_TYPE_F32, sA.type);
	for (int i = 0; i < 2 * VL; i++)
		in[i] = (uint32_t)(i * 7919 + 5) & 0xffff;
	OK(rt, sdk_memcpy_h2d(rt, sA, in, 1, 1, 1, 1, 2 * VL, false,
			      MEMCPY_16BIT, ROW_MAJOR, false, NULL));
	OK(rt, sdk_memcpy_d2h(rt, got, sA, 1, 1, 1, 1, VL, false,
			      MEMCPY_32BIT, ROW_MAJOR, false, NULL));
	for (int i = 0; i < VL; i++) {
		EXPECT_EQ(in[2 * i] | in[2 * i + 1] << 16, got[i])
			TH_LOG("word %d", i);
	}
	/* 2 * VL + 1 halves do not fit in 12 words */
	EXPECT_EQ(-ENOSPC, sdk_memcpy_h2d(rt, sA, in, 1, 1, 1, 1, 2 * VL + 1,
					  false, MEMCPY_16BIT, ROW_MAJOR,
					  false, NULL));
	OK(rt, sdk_stop(rt));
	sdk_destroy(rt);
}

/* 16-bit data (args' u16 h[8] on 2x1): the low halves are stored. */
TEST(h2d_variants_sixteen_bit)
{
	uint32_t row[8], col[2 * 8], got[2 * 8];
	sdk_symbol_t sh;
	struct sdk_runtime *rt;

	OPEN(rt, "args");
	OK(rt, sdk_run(rt));
	OK(rt, sdk_get_id(rt, "h", &sh));
	for (int i = 0; i < 16; i++)
		col[i] = (uint32_t)(i * 7919 + 3) & 0xffff;
	for (int i = 0; i < 8; i++)
		row[i] = (uint32_t)(i * 4099 + 11) & 0xffff;
	OK(rt, sdk_memcpy_h2d_rowbcast(rt, sh, row, 0, 0, 2, 1, 8, false,
				       MEMCPY_16BIT, COL_MAJOR, false, NULL));
	memset(got, 0xff, sizeof(got));
	OK(rt, sdk_memcpy_d2h(rt, got, sh, 0, 0, 2, 1, 8, false, MEMCPY_16BIT,
			      ROW_MAJOR, false, NULL));
	for (int px = 0; px < 2; px++)
		for (int k = 0; k < 8; k++) {
			EXPECT_EQ(row[k], got[k + 8 * px])
				TH_LOG("rowbcast PE %d h[%d]", px, k);
		}
	OK(rt, sdk_memcpy_h2d_colbcast(rt, sh, col, 0, 0, 2, 1, 8, false,
				       MEMCPY_16BIT, ROW_MAJOR, false, NULL));
	OK(rt, sdk_launch(rt, "double_h", false, NULL));
	memset(got, 0xff, sizeof(got));
	OK(rt, sdk_memcpy_d2h(rt, got, sh, 0, 0, 2, 1, 8, false, MEMCPY_16BIT,
			      ROW_MAJOR, false, NULL));
	for (int i = 0; i < 16; i++) {
		EXPECT_EQ((col[i] * 2) & 0xffff, got[i]) TH_LOG("colbcast %d", i);
	}
	OK(rt, sdk_stop(rt));
	sdk_destroy(rt);
}

TEST(read_symbol_two_pes)
{
	uint32_t a[VW * VH * VL], got[VL], out[8], n = 0;
	uint8_t raw[VL * 4];
	sdk_symbol_t sA;
	struct sdk_runtime *rt;

	OPEN(rt, "gemv-tiled");		/* 2x2 at fabric (4,1) */
	OK(rt, sdk_run(rt));
	OK(rt, sdk_get_id(rt, "A", &sA));
	fill(a, VW * VH * VL, 0x1234);
	OK(rt, sdk_memcpy_h2d(rt, sA, a, 0, 0, VW, VH, VL, false,
			      MEMCPY_32BIT, ROW_MAJOR, false, NULL));
	/* dump_core while running reads the PEs now */
	OK(rt, sdk_dump_core(rt, "/tmp/sdk_test.core"));
	/* fabric (4,1) is PE (0,0), fabric (5,2) is PE (1,1) */
	memset(got, 0xee, sizeof(got));
	OK(rt, sdk_read_symbol(rt, 4, 1, "A", got, VL, MEMCPY_32BIT));
	EXPECT_EQ(0, memcmp(got, a, sizeof(got)));
	memset(got, 0xee, sizeof(got));
	OK(rt, sdk_read_symbol(rt, 5, 2, "A", got, 5, MEMCPY_32BIT));
	EXPECT_EQ(0, memcmp(got, a + VL * (1 + VW * 1), 5 * 4));
	EXPECT_EQ(0xeeeeeeeeu, got[5]);		/* l = 5 words only */
	EXPECT_EQ(-EINVAL, sdk_read_symbol(rt, 6, 2, "A", got, 1,
					   MEMCPY_32BIT));
	EXPECT_STREQ("sdk_read_symbol: PE (6,2) is outside the program "
		     "rectangle: 2x2 at (4,1) in fabric coordinates",
		     sdk_errmsg(rt));
	EXPECT_EQ(-EINVAL, sdk_read_symbol(rt, 0, 0, "A", got, 1,
					   MEMCPY_32BIT));
	EXPECT_EQ(-ENOENT, sdk_read_symbol(rt, 4, 1, "nope", got, 1,
					   MEMCPY_32BIT));
	EXPECT_EQ(-EINVAL, sdk_read_symbol(rt, 4, 1, "compute", got, 1,
					   MEMCPY_32BIT));
	EXPECT_EQ(-ENOSPC, sdk_read_symbol(rt, 4, 1, "A", got, VL + 1,
					   MEMCPY_32BIT));
	OK(rt, sdk_stop(rt));
	/* after stop(): from the copy of PE memory stop() kept */
	memset(got, 0xee, sizeof(got));
	OK(rt, sdk_read_symbol(rt, 5, 2, "A", got, VL, MEMCPY_32BIT));
	EXPECT_EQ(0, memcmp(got, a + VL * (1 + VW * 1), VL * 4));
	/* the core file needs no runtime */
	ASSERT_EQ(0, sdk_core_read_symbol("/tmp/sdk_test.core", 5, 1,
					  "A", raw, sizeof(raw), &n))
		TH_LOG("%s", sdk_errmsg(NULL));
	EXPECT_EQ(VL * 4u, n);
	EXPECT_EQ(0, memcmp(raw, a + VL * 1, VL * 4));
	EXPECT_EQ(-ENOENT, sdk_core_read_symbol("/tmp/sdk_test.core",
						5, 1, "nope", raw,
						sizeof(raw), &n));
	EXPECT_EQ(-EINVAL, sdk_core_read_symbol("/tmp/sdk_test.core",
						9, 1, "A", raw,
						sizeof(raw), &n));
	OK(rt, sdk_dump_core(rt, "/tmp/sdk_test2.core"));
	ASSERT_EQ(0, sdk_core_read_symbol("/tmp/sdk_test2.core", 4, 2,
					  "A", raw, sizeof(raw), &n));
	EXPECT_EQ(0, memcmp(raw, a + VL * VW, VL * 4));
	unlink("/tmp/sdk_test.core");
	unlink("/tmp/sdk_test2.core");
	sdk_destroy(rt);

	/* args: the PE writes its own (rectangle) coordinates in out[6] */
	OPEN(rt, "args");		/* 2x1 at fabric (4,1) */
	OK(rt, sdk_run(rt));
	OK(rt, sdk_launch(rt, "store", false, NULL, SDK_F32(1), SDK_I32(2),
			  SDK_U32(3), SDK_I16(4), SDK_U16(5), SDK_F16(6)));
	for (uint32_t px = 0; px < 2; px++) {
		memset(out, 0xee, sizeof(out));
		OK(rt, sdk_read_symbol(rt, 4 + px, 1, "out", out, 8,
				       MEMCPY_32BIT));
		EXPECT_EQ(px, out[6]);
		EXPECT_EQ(3u, out[2]);
		EXPECT_EQ(1u, out[7]);
	}
	OK(rt, sdk_read_symbol(rt, 5, 1, "h", out, 2, MEMCPY_16BIT));
	OK(rt, sdk_stop(rt));
	sdk_destroy(rt);
}

TEST(get_param)
{
	struct sdk_runtime *rt;
	const char *v;

	OPEN(rt, "gemv-tiled");		/* --params=MT:4,NT:3 */
	OK(rt, sdk_get_param(rt, "MT", &v));
	EXPECT_STREQ("4", v);
	OK(rt, sdk_run(rt));
	OK(rt, sdk_get_param(rt, "NT", &v));
	EXPECT_STREQ("3", v);
	EXPECT_EQ(-ENOENT, sdk_get_param(rt, "M", &v));
	EXPECT_STREQ("sdk_get_param: no compile parameter named 'M' (the "
		     "bundle has MT, NT)", sdk_errmsg(rt));
	OK(rt, sdk_stop(rt));
	sdk_destroy(rt);
	OPEN(rt, "args");		/* no --params */
	EXPECT_EQ(-ENOENT, sdk_get_param(rt, "MT", &v));
	EXPECT_STREQ("sdk_get_param: no compile parameter named 'MT' (the "
		     "bundle has none)", sdk_errmsg(rt));
	sdk_destroy(rt);
}

/*
 * One runtime, two threads: one submits nonblocking copies, the other
 * waits for their tasks (sdkruntime.h "Threads").  Each thread's messages
 * are its own: the waiter's -ENOENT message survives the submitter's
 * successful calls in between.
 */
enum { NT = 200 };

struct two {
	struct sdk_runtime *rt;
	sdk_symbol_t sA;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	sdk_task_t task[NT];
	int posted;
	int submit_err, wait_err, msg_lost;
	uint32_t data[NT][VW * VH * VL];
};

static void *submitter(void *arg)
{
	struct two *t = arg;

	for (int i = 0; i < NT; i++) {
		sdk_task_t task;
		int err;

		fill(t->data[i], VW * VH * VL, (uint32_t)i << 20);
		err = sdk_memcpy_h2d(t->rt, t->sA, t->data[i], 0, 0, VW, VH,
				     VL, false, MEMCPY_32BIT, ROW_MAJOR, true,
				     &task);
		pthread_mutex_lock(&t->lock);
		if (err && !t->submit_err)
			t->submit_err = err;
		t->task[i] = task;
		t->posted = i + 1;
		pthread_cond_signal(&t->cond);
		pthread_mutex_unlock(&t->lock);
		if (err)
			break;
	}
	return NULL;
}

static void *waiter(void *arg)
{
	struct two *t = arg;

	for (int i = 0; i < NT; i++) {
		sdk_task_t task, none = { 0xfffffff1u };
		int err;

		pthread_mutex_lock(&t->lock);
		while (t->posted <= i && !t->submit_err)
			pthread_cond_wait(&t->cond, &t->lock);
		if (t->posted <= i) {
			pthread_mutex_unlock(&t->lock);
			break;
		}
		task = t->task[i];
		pthread_mutex_unlock(&t->lock);
		err = sdk_task_wait(t->rt, task);
		if (err && !t->wait_err)
			t->wait_err = err;
		if (sdk_task_wait(t->rt, none) != -ENOENT ||
		    !strstr(sdk_errmsg(t->rt), "task 4294967281"))
			t->msg_lost++;
	}
	return NULL;
}

TEST(two_threads_submit_and_wait)
{
	static struct two t;
	uint32_t got[VW * VH * VL];
	pthread_t a, b;

	OPEN(t.rt, "gemv-tiled");
	OK(t.rt, sdk_run(t.rt));
	OK(t.rt, sdk_get_id(t.rt, "A", &t.sA));
	pthread_mutex_init(&t.lock, NULL);
	pthread_cond_init(&t.cond, NULL);
	ASSERT_EQ(0, pthread_create(&b, NULL, waiter, &t));
	ASSERT_EQ(0, pthread_create(&a, NULL, submitter, &t));
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	EXPECT_EQ(0, t.submit_err);
	EXPECT_EQ(0, t.wait_err);
	EXPECT_EQ(0, t.msg_lost);
	EXPECT_EQ(NT, t.posted);
	/* the copies ran in order: A holds the last one */
	OK(t.rt, sdk_memcpy_d2h(t.rt, got, t.sA, 0, 0, VW, VH, VL, false,
				MEMCPY_32BIT, ROW_MAJOR, false, NULL));
	EXPECT_EQ(0, memcmp(got, t.data[NT - 1], sizeof(got)));
	OK(t.rt, sdk_stop(t.rt));
	sdk_destroy(t.rt);
}

TEST_HARNESS_MAIN
