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
	EXPECT_EQ(-EINVAL, sdk_memcpy_d2h(rt, got, sh, 0, 0, 2, 1, 8, false,
					  MEMCPY_32BIT, ROW_MAJOR, false, NULL));
	EXPECT_STREQ("sdk_memcpy_d2h: data_type MEMCPY_32BIT needs a symbol of "
		     "32-bit elements, 'h' is u16", sdk_errmsg(rt));
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
	EXPECT_EQ(-EOPNOTSUPP, sdk_memcpy_h2d(rt, so, f, 0, 0, 1, 1, 1, true,
					      MEMCPY_32BIT, ROW_MAJOR, false,
					      NULL));
	EXPECT_STREQ("sdk_memcpy_h2d: streaming mode is not supported yet",
		     sdk_errmsg(rt));
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
	EXPECT_EQ(-EBADFD, sdk_get_id(rt, "out", &so));
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

TEST_HARNESS_MAIN
