// SPDX-License-Identifier: GPL-2.0
/*
 * stream_test - streaming memcpy end to end, through the SdkRuntime C API,
 * with PE programs from selftests/stream/ built by tools/wse-cc at build
 * time (selftests/Makefile) and shipped next to this binary in bundles/:
 *   stream-loop4  3x2 PEs, 4 H2D stream colors (0, 7, 13, 20) echoed to 4
 *                 D2H stream colors (1, 8, 14, 19), 2 channels
 *   stream-pipe   1x4 pipeline, routes EAST on colors 10/11
 *   stream-mcast  3x1, a multicast route (tx=RAMP,EAST)
 *   stream-buf    2x1 with one H2D and one D2H buffer column
 *   stream-nobuf  the same program without buffer columns
 *   stream-bss    48x32 PEs with 16 KiB of .bss each (a larger mock fabric)
 *   stream-dl     2 PEs that each receive before sending: a deadlock
 *   stream-ring   four wavelets circling a 2x2 ring of routes
 * Covers: every stream index in both directions, a streaming D2H posted
 * before the H2D that feeds it, routes, multicast, buffer columns, a stall
 * (-EDEADLK with the device's report) and device reuse after it,
 * streaming interleaved with copies and launches, 16-bit D2H, the h2d
 * variants in streaming mode, a long stream that outlives several watchdog
 * periods, and argument errors.  The stall rule of uapi/linux/wse.h: a D2H
 * posted seconds before its H2D waits (no stall, no watchdog), a real
 * deadlock and a stream without consumer are stalls within stall_ms + 10%,
 * each failed task with its own report; RUN does not spend instructions
 * on .bss.
 */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include <wse/sdkruntime.h>

#include "wse_util.h"

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

/* Create, load and run @name. */
#define OPEN(rt, name) do {						\
		char p_[4096];						\
		snprintf(p_, sizeof(p_), "%s/out.json", bundle(name));	\
		ASSERT_EQ(0, access(p_, R_OK)) TH_LOG("no bundle %s", p_); \
		ASSERT_EQ(0, sdk_create(bundle(name), NULL, &(rt)))	\
			TH_LOG("%s", sdk_errmsg(NULL));			\
		ASSERT_EQ(0, sdk_load(rt)) TH_LOG("%s", sdk_errmsg(rt)); \
		ASSERT_EQ(0, sdk_run(rt)) TH_LOG("%s", sdk_errmsg(rt));	\
	} while (0)

#define OK(rt, call) ASSERT_EQ(0, call) TH_LOG("%s", sdk_errmsg(rt))

#define COLOR(rt, name, sym) OK(rt, sdk_get_color(rt, name, &(sym)))

static const char *const h2d_names[5] = {
	NULL, "MEMCPYH2D_DATA_1_ID", "MEMCPYH2D_DATA_2_ID",
	"MEMCPYH2D_DATA_3_ID", "MEMCPYH2D_DATA_4_ID",
};
static const char *const d2h_names[5] = {
	NULL, "MEMCPYD2H_DATA_1_ID", "MEMCPYD2H_DATA_2_ID",
	"MEMCPYD2H_DATA_3_ID", "MEMCPYD2H_DATA_4_ID",
};

static uint32_t word(uint32_t seed, uint32_t i)
{
	uint32_t v = (i + 1) * 0x9e3779b9u ^ seed * 0x85ebca6bu;

	return v ^ v >> 15;
}

static uint64_t host_index(int order, uint32_t w, uint32_t h, uint32_t l,
			   uint32_t px, uint32_t py, uint32_t k)
{
	if (order == COL_MAJOR)
		return py + (uint64_t)h * (px + (uint64_t)w * k);
	return k + (uint64_t)l * (px + (uint64_t)w * py);
}

/* Count the words of @got that differ from @want, logging the first few. */
#define EXPECT_WORDS(want, got, n) do {					\
		unsigned int bad_ = 0;					\
		for (size_t i_ = 0; i_ < (size_t)(n); i_++)		\
			if ((want)[i_] != (got)[i_] && bad_++ < 5)	\
				TH_LOG("word %zu: 0x%08x, expected 0x%08x", \
				       i_, (got)[i_], (want)[i_]);	\
		EXPECT_EQ(0u, bad_);					\
	} while (0)

/* ---- loop4: every stream, both directions ---------------------------------- */

enum { LW = 3, LH = 2 };

TEST(every_stream_index_both_directions)
{
	enum { L = 40 };
	static uint32_t in[LW * LH * L], out[LW * LH * L];
	uint32_t count[LW * LH * 4];
	sdk_symbol_t h2d, d2h, cnt;
	struct sdk_runtime *rt;
	sdk_task_t t;

	OPEN(rt, "stream-loop4");
	OK(rt, sdk_get_id(rt, "count", &cnt));
	for (int i = 1; i <= 4; i++) {
		int order = i % 2 ? ROW_MAJOR : COL_MAJOR;

		COLOR(rt, h2d_names[i], h2d);
		COLOR(rt, d2h_names[i], d2h);
		for (uint32_t k = 0; k < LW * LH * L; k++)
			in[k] = word((uint32_t)i, k);
		memset(out, 0, sizeof(out));
		/* the D2H first (nonblocking), then the H2D that feeds it */
		OK(rt, sdk_memcpy_d2h(rt, out, d2h, 0, 0, LW, LH, L, true,
				      MEMCPY_32BIT, order, true, &t));
		EXPECT_NE(0u, t.id);
		OK(rt, sdk_memcpy_h2d(rt, h2d, in, 0, 0, LW, LH, L, true,
				      MEMCPY_32BIT, order, false, NULL));
		OK(rt, sdk_task_wait(rt, t));
		EXPECT_WORDS(in, out, LW * LH * L);
	}
	/* every PE echoed L wavelets on each stream, and nothing else */
	OK(rt, sdk_memcpy_d2h(rt, count, cnt, 0, 0, LW, LH, 4, false,
			      MEMCPY_32BIT, ROW_MAJOR, false, NULL));
	for (int i = 0; i < LW * LH * 4; i++) {
		EXPECT_EQ((uint32_t)L, count[i]) TH_LOG("count[%d]", i);
	}
	OK(rt, sdk_stop(rt));
	sdk_destroy(rt);
}

TEST(full_duplex_more_than_the_fabric_holds)
{
	enum { L = 3000 };	/* far more than queues and routers hold */
	static uint32_t in[LW * LH * L], out[LW * LH * L];
	sdk_symbol_t h2d, d2h;
	struct sdk_runtime *rt;
	sdk_task_t th, td;

	OPEN(rt, "stream-loop4");
	COLOR(rt, "MEMCPYH2D_DATA_3_ID", h2d);
	COLOR(rt, "MEMCPYD2H_DATA_3_ID", d2h);
	for (uint32_t k = 0; k < LW * LH * L; k++)
		in[k] = word(77, k);
	OK(rt, sdk_memcpy_d2h(rt, out, d2h, 0, 0, LW, LH, L, true,
			      MEMCPY_32BIT, COL_MAJOR, true, &td));
	OK(rt, sdk_memcpy_h2d(rt, h2d, in, 0, 0, LW, LH, L, true,
			      MEMCPY_32BIT, COL_MAJOR, true, &th));
	OK(rt, sdk_task_wait(rt, th));
	OK(rt, sdk_task_wait(rt, td));
	EXPECT_WORDS(in, out, LW * LH * L);
	OK(rt, sdk_stop(rt));
	sdk_destroy(rt);
}

TEST(part_of_the_rectangle)
{
	enum { L = 25 };
	static uint32_t in[2 * 1 * L], out[2 * 1 * L];
	sdk_symbol_t h2d, d2h;
	struct sdk_runtime *rt;
	sdk_task_t t;

	OPEN(rt, "stream-loop4");
	COLOR(rt, "MEMCPYH2D_DATA_2_ID", h2d);
	COLOR(rt, "MEMCPYD2H_DATA_2_ID", d2h);
	for (uint32_t k = 0; k < 2 * L; k++)
		in[k] = word(5, k);
	/* ROI (1,1,2,1): the other PEs get nothing and send nothing */
	OK(rt, sdk_memcpy_d2h(rt, out, d2h, 1, 1, 2, 1, L, true,
			      MEMCPY_32BIT, ROW_MAJOR, true, &t));
	OK(rt, sdk_memcpy_h2d(rt, h2d, in, 1, 1, 2, 1, L, true, MEMCPY_32BIT,
			      ROW_MAJOR, false, NULL));
	OK(rt, sdk_task_wait(rt, t));
	EXPECT_WORDS(in, out, 2 * L);
	OK(rt, sdk_stop(rt));
	sdk_destroy(rt);
}

TEST(interleaved_with_copies_and_launches)
{
	enum { L = 8 };
	static uint32_t in[LW * LH * L], out[LW * LH * L], want[LW * LH * L];
	uint32_t count[LW * LH * 4];
	sdk_symbol_t h2d, d2h, cnt;
	struct sdk_runtime *rt;
	sdk_task_t t[4];

	OPEN(rt, "stream-loop4");
	COLOR(rt, "MEMCPYH2D_DATA_1_ID", h2d);
	COLOR(rt, "MEMCPYD2H_DATA_1_ID", d2h);
	OK(rt, sdk_get_id(rt, "count", &cnt));
	for (uint32_t k = 0; k < LW * LH * L; k++)
		in[k] = word(9, k);
	for (int round = 0; round < 3; round++) {
		uint32_t b = 1000u * (uint32_t)round;

		/* streams, a copy, a launch, one command stream, all queued */
		OK(rt, sdk_memcpy_d2h(rt, out, d2h, 0, 0, LW, LH, L, true,
				      MEMCPY_32BIT, ROW_MAJOR, true, &t[0]));
		OK(rt, sdk_memcpy_h2d(rt, h2d, in, 0, 0, LW, LH, L, true,
				      MEMCPY_32BIT, ROW_MAJOR, true, &t[1]));
		OK(rt, sdk_memcpy_d2h(rt, count, cnt, 0, 0, LW, LH, 4, false,
				      MEMCPY_32BIT, ROW_MAJOR, true, &t[2]));
		OK(rt, sdk_launch(rt, "bias", true, &t[3],
				  SDK_U32(1000u * (uint32_t)(round + 1))));
		for (int i = 0; i < 4; i++)
			OK(rt, sdk_task_wait(rt, t[i]));
		/* echoes of this round carry the bias of the last launch */
		for (uint32_t k = 0; k < LW * LH * L; k++)
			want[k] = in[k] + b;
		EXPECT_WORDS(want, out, LW * LH * L);
		/* the copy ran after the streams of its round */
		for (int p = 0; p < LW * LH; p++) {
			EXPECT_EQ((uint32_t)L * (uint32_t)(round + 1),
				  count[p * 4]) TH_LOG("round %d PE %d", round, p);
		}
	}
	OK(rt, sdk_stop(rt));
	sdk_destroy(rt);
}

TEST(sixteen_bit)
{
	enum { L = 16, N = LW * LH * L };
	static uint32_t in[N], out[N];
	static uint16_t v[N], back[N];
	sdk_symbol_t h2d, d2h;
	struct sdk_runtime *rt;
	sdk_task_t t;

	OPEN(rt, "stream-loop4");
	COLOR(rt, "MEMCPYH2D_DATA_4_ID", h2d);
	COLOR(rt, "MEMCPYD2H_DATA_4_ID", d2h);
	for (uint32_t k = 0; k < N; k++)
		v[k] = (uint16_t)word(16, k);

	/* words with a non-zero upper half; a 16-bit D2H clears it */
	for (uint32_t k = 0; k < N; k++)
		in[k] = 0xabcd0000u | v[k];
	memset(out, 0xff, sizeof(out));
	OK(rt, sdk_memcpy_d2h(rt, out, d2h, 0, 0, LW, LH, L, true,
			      MEMCPY_16BIT, ROW_MAJOR, true, &t));
	OK(rt, sdk_memcpy_h2d(rt, h2d, in, 0, 0, LW, LH, L, true,
			      MEMCPY_32BIT, ROW_MAJOR, false, NULL));
	OK(rt, sdk_task_wait(rt, t));
	for (uint32_t k = 0; k < N; k++) {
		EXPECT_EQ((uint32_t)v[k], out[k]) TH_LOG("word %u", k);
	}
	OK(rt, sdk_memcpy_view_u16(back, out, N));
	EXPECT_EQ(0, memcmp(back, v, sizeof(v)));

	/*
	 * A 16-bit H2D sends its words unchanged: with the element index in
	 * the upper half (input_array_to_u32's index mode) a 32-bit D2H
	 * gets both halves back.
	 */
	OK(rt, sdk_input_array_to_u32(in, v, N, true, L));
	OK(rt, sdk_memcpy_d2h(rt, out, d2h, 0, 0, LW, LH, L, true,
			      MEMCPY_32BIT, ROW_MAJOR, true, &t));
	OK(rt, sdk_memcpy_h2d(rt, h2d, in, 0, 0, LW, LH, L, true,
			      MEMCPY_16BIT, ROW_MAJOR, false, NULL));
	OK(rt, sdk_task_wait(rt, t));
	for (uint32_t k = 0; k < N; k++) {
		EXPECT_EQ((uint32_t)v[k] | (k % L) << 16, out[k])
			TH_LOG("word %u", k);
	}
	OK(rt, sdk_stop(rt));
	sdk_destroy(rt);
}

TEST(h2d_variants_stream_their_expanded_array)
{
	enum { L = 6, N = LW * LH * L };
	static uint32_t src[LW * LH * L], out[N];
	sdk_symbol_t h2d, d2h;
	struct sdk_runtime *rt;
	sdk_task_t t;

	OPEN(rt, "stream-loop4");
	COLOR(rt, "MEMCPYH2D_DATA_2_ID", h2d);
	COLOR(rt, "MEMCPYD2H_DATA_2_ID", d2h);
	for (uint32_t k = 0; k < LW * LH * L; k++)
		src[k] = word(3, k);
	for (int v = 0; v < 3; v++) {
		sdk_task_t th = { 0 };

		memset(out, 0, sizeof(out));
		OK(rt, sdk_memcpy_d2h(rt, out, d2h, 0, 0, LW, LH, L, true,
				      MEMCPY_32BIT, COL_MAJOR, true, &t));
		int err;

		if (v == 0)
			err = sdk_memcpy_h2d_rowbcast(rt, h2d, src, 0, 0, LW,
						      LH, L, true,
						      MEMCPY_32BIT, ROW_MAJOR,
						      false, NULL);
		else if (v == 1)	/* nonblocking: the copy is kept */
			err = sdk_memcpy_h2d_colbcast(rt, h2d, src, 0, 0, LW,
						      LH, L, true,
						      MEMCPY_32BIT, COL_MAJOR,
						      true, &th);
		else
			err = sdk_memcpy_h2d_stride(rt, h2d, src, 0, 0, LW,
						    LH, L, 1, 1, true,
						    MEMCPY_32BIT, ROW_MAJOR,
						    false, NULL);
		OK(rt, err);
		if (th.id) {
			OK(rt, sdk_task_wait(rt, th));
		}
		OK(rt, sdk_task_wait(rt, t));
		for (uint32_t py = 0; py < LH; py++)
			for (uint32_t px = 0; px < LW; px++)
				for (uint32_t k = 0; k < L; k++) {
					/* rowbcast ROW_MAJOR src[py][k];
					 * colbcast COL_MAJOR src[k][px];
					 * stride 1, 1: the full array */
					uint32_t e = v == 0 ? src[py * L + k] :
						     v == 1 ? src[px + LW * k] :
						     src[k + L * (px + LW * py)];

					EXPECT_EQ(e,
						  out[host_index(COL_MAJOR, LW,
								 LH, L, px, py,
								 k)])
						TH_LOG("variant %d PE (%u,%u) "
						       "k %u", v, px, py, k);
				}
	}
	OK(rt, sdk_stop(rt));
	sdk_destroy(rt);
}

/* ---- routes ------------------------------------------------------------------ */

TEST(pipeline_east)
{
	enum { L = 500 };
	static uint32_t in[L], out[L];
	uint32_t passed[4];
	sdk_symbol_t h2d, d2h, sp;
	struct sdk_runtime *rt;
	sdk_task_t t;

	OPEN(rt, "stream-pipe");
	COLOR(rt, "MEMCPYH2D_DATA_1_ID", h2d);
	COLOR(rt, "MEMCPYD2H_DATA_1_ID", d2h);
	OK(rt, sdk_get_id(rt, "passed", &sp));
	for (uint32_t k = 0; k < L; k++)
		in[k] = word(42, k);
	/* out of PE (3,0), posted first; into PE (0,0) */
	OK(rt, sdk_memcpy_d2h(rt, out, d2h, 3, 0, 1, 1, L, true,
			      MEMCPY_32BIT, ROW_MAJOR, true, &t));
	OK(rt, sdk_memcpy_h2d(rt, h2d, in, 0, 0, 1, 1, L, true, MEMCPY_32BIT,
			      ROW_MAJOR, false, NULL));
	OK(rt, sdk_task_wait(rt, t));
	for (uint32_t k = 0; k < L; k++) {
		EXPECT_EQ(in[k] + 0 + 1 + 2 + 3, out[k]) TH_LOG("word %u", k);
	}
	OK(rt, sdk_memcpy_d2h(rt, passed, sp, 0, 0, 4, 1, 1, false,
			      MEMCPY_32BIT, ROW_MAJOR, false, NULL));
	for (int x = 0; x < 4; x++) {
		EXPECT_EQ((uint32_t)L, passed[x]) TH_LOG("PE (%d,0)", x);
	}
	OK(rt, sdk_stop(rt));
	sdk_destroy(rt);
}

TEST(multicast_route)
{
	enum { L = 300 };
	static uint32_t in[L], out[2 * L];
	sdk_symbol_t h2d, d2h;
	struct sdk_runtime *rt;
	sdk_task_t t;

	OPEN(rt, "stream-mcast");
	COLOR(rt, "MEMCPYH2D_DATA_1_ID", h2d);
	COLOR(rt, "MEMCPYD2H_DATA_1_ID", d2h);
	for (uint32_t k = 0; k < L; k++)
		in[k] = word(7, k);
	OK(rt, sdk_memcpy_d2h(rt, out, d2h, 1, 0, 2, 1, L, true,
			      MEMCPY_32BIT, ROW_MAJOR, true, &t));
	OK(rt, sdk_memcpy_h2d(rt, h2d, in, 0, 0, 1, 1, L, true, MEMCPY_32BIT,
			      ROW_MAJOR, false, NULL));
	OK(rt, sdk_task_wait(rt, t));
	/* both PEs got every wavelet once, in order */
	for (uint32_t k = 0; k < L; k++) {
		EXPECT_EQ(in[k] + 100, out[k]) TH_LOG("PE (1,0) word %u", k);
		EXPECT_EQ(in[k] + 200, out[L + k]) TH_LOG("PE (2,0) word %u", k);
	}
	OK(rt, sdk_stop(rt));
	sdk_destroy(rt);
}

/* ---- buffer columns ---------------------------------------------------------- */

TEST(buffer_columns)
{
	enum { L = 2000, P = 1500 };
	static uint32_t in[2 * L], got[2 * L], out[2 * P];
	sdk_symbol_t h2d, d2h, sg;
	struct sdk_runtime *rt;

	OPEN(rt, "stream-buf");
	COLOR(rt, "MEMCPYH2D_DATA_1_ID", h2d);
	COLOR(rt, "MEMCPYD2H_DATA_1_ID", d2h);
	OK(rt, sdk_get_id(rt, "got", &sg));
	for (uint32_t k = 0; k < 2 * L; k++)
		in[k] = word(11, k);
	/* nothing reads the color yet: the west buffer takes it all */
	OK(rt, sdk_memcpy_h2d(rt, h2d, in, 0, 0, 2, 1, L, true, MEMCPY_32BIT,
			      ROW_MAJOR, false, NULL));
	OK(rt, sdk_launch(rt, "consume", false, NULL, SDK_U32(L)));
	OK(rt, sdk_memcpy_d2h(rt, got, sg, 0, 0, 2, 1, L, false, MEMCPY_32BIT,
			      ROW_MAJOR, false, NULL));
	EXPECT_WORDS(in, got, 2 * L);
	/* the PEs send before any D2H is posted: the east buffer holds it */
	OK(rt, sdk_launch(rt, "produce", false, NULL, SDK_U32(P)));
	OK(rt, sdk_memcpy_d2h(rt, out, d2h, 0, 0, 2, 1, P, true, MEMCPY_32BIT,
			      ROW_MAJOR, false, NULL));
	for (uint32_t x = 0; x < 2; x++)
		for (uint32_t k = 0; k < P; k++) {
			EXPECT_EQ(x << 24 | k, out[x * P + k])
				TH_LOG("PE (%u,0) word %u", x, k);
		}
	OK(rt, sdk_stop(rt));
	sdk_destroy(rt);
}

/* ---- stalls -------------------------------------------------------------------- */

/*
 * loop4 echoes every H2D wavelet on a D2H color: without a D2H posted the
 * PEs' output backs up, they stop taking input, and a long H2D cannot
 * finish: the device reports a stall.
 */
TEST(stall_is_reported_and_the_device_is_reusable)
{
	enum { L = 400, N = LW * LH * L };
	static uint32_t in[N], out[N];
	sdk_symbol_t h2d, d2h, h2d1;
	struct sdk_runtime *rt;
	sdk_task_t t;
	const char *m;
	int err;

	OPEN(rt, "stream-loop4");
	COLOR(rt, "MEMCPYH2D_DATA_1_ID", h2d1);
	for (uint32_t k = 0; k < N; k++)
		in[k] = word(1, k);
	err = sdk_memcpy_h2d(rt, h2d1, in, 0, 0, LW, LH, L, true,
			     MEMCPY_32BIT, ROW_MAJOR, false, NULL);
	EXPECT_EQ(-EDEADLK, err) TH_LOG("%s", sdk_errmsg(rt));
	m = sdk_errmsg(rt);
	TH_LOG("%s", m);
	EXPECT_EQ(0, strncmp(m, "sdk_memcpy_h2d: stalled (no progress for ",
			     41)) TH_LOG("%s", m);
	/* the transfer (color 0), and where: a PE and the full D2H color 1 */
	EXPECT_NE(NULL, strstr(m, "wavelets of the streaming h2d on color 0 delivered"));
	EXPECT_NE(NULL, strstr(m, "PE ("));
	EXPECT_NE(NULL, strstr(m, "color 1"));
	/* nothing else runs on a stalled fabric */
	EXPECT_EQ(-EBADFD, sdk_launch(rt, "bias", false, NULL, SDK_U32(1)));
	EXPECT_NE(NULL, strstr(sdk_errmsg(rt), "the fabric stalled"));
	EXPECT_EQ(0, sdk_stop(rt)) TH_LOG("%s", sdk_errmsg(rt));
	sdk_destroy(rt);

	/* the same device, loaded again, works */
	OPEN(rt, "stream-loop4");
	COLOR(rt, "MEMCPYH2D_DATA_1_ID", h2d);
	COLOR(rt, "MEMCPYD2H_DATA_1_ID", d2h);
	OK(rt, sdk_memcpy_d2h(rt, out, d2h, 0, 0, LW, LH, L, true,
			      MEMCPY_32BIT, ROW_MAJOR, true, &t));
	OK(rt, sdk_memcpy_h2d(rt, h2d, in, 0, 0, LW, LH, L, true,
			      MEMCPY_32BIT, ROW_MAJOR, false, NULL));
	OK(rt, sdk_task_wait(rt, t));
	EXPECT_WORDS(in, out, N);

	/* nonblocking: the report comes with sdk_task_wait */
	OK(rt, sdk_memcpy_h2d(rt, h2d, in, 0, 0, LW, LH, L, true,
			      MEMCPY_32BIT, ROW_MAJOR, true, &t));
	err = sdk_task_wait(rt, t);
	EXPECT_EQ(-EDEADLK, err) TH_LOG("%s", sdk_errmsg(rt));
	EXPECT_NE(NULL, strstr(sdk_errmsg(rt), "sdk_memcpy_h2d: stalled ("))
		TH_LOG("%s", sdk_errmsg(rt));
	EXPECT_EQ(0, sdk_stop(rt)) TH_LOG("%s", sdk_errmsg(rt));
	sdk_destroy(rt);
}

/* Without buffer columns and without a consumer a long H2D stalls. */
TEST(no_buffer_column_stalls)
{
	enum { L = 2000 };
	static uint32_t in[2 * L], got[2];
	sdk_symbol_t h2d, sg;
	struct sdk_runtime *rt;
	const char *m;

	OPEN(rt, "stream-nobuf");
	COLOR(rt, "MEMCPYH2D_DATA_1_ID", h2d);
	EXPECT_EQ(-EDEADLK, sdk_memcpy_h2d(rt, h2d, in, 0, 0, 2, 1, L, true,
					   MEMCPY_32BIT, ROW_MAJOR, false,
					   NULL));
	m = sdk_errmsg(rt);
	TH_LOG("%s", m);
	EXPECT_NE(NULL, strstr(m, "stalled (no progress for "));
	EXPECT_NE(NULL, strstr(m, "color 5"));
	EXPECT_EQ(0, sdk_stop(rt)) TH_LOG("%s", sdk_errmsg(rt));
	sdk_destroy(rt);

	/* a short one fits in the PE's input queue */
	OPEN(rt, "stream-nobuf");
	COLOR(rt, "MEMCPYH2D_DATA_1_ID", h2d);
	OK(rt, sdk_get_id(rt, "got", &sg));
	in[0] = 0x1234;
	in[1] = 0x5678;
	OK(rt, sdk_memcpy_h2d(rt, h2d, in, 0, 0, 2, 1, 1, true, MEMCPY_32BIT,
			      ROW_MAJOR, false, NULL));
	OK(rt, sdk_launch(rt, "consume", false, NULL, SDK_U32(1)));
	OK(rt, sdk_memcpy_d2h(rt, got, sg, 0, 0, 2, 1, 1, false, MEMCPY_32BIT,
			      ROW_MAJOR, false, NULL));
	EXPECT_EQ(0x1234u, got[0]);
	EXPECT_EQ(0x5678u, got[1]);
	OK(rt, sdk_stop(rt));
	sdk_destroy(rt);
}

/* ---- errors ---------------------------------------------------------------------- */

/* A sysfs parameter as a number, or -1. */
static long param_get(const char *path)
{
	FILE *f = fopen(path, "r");
	long v = -1;

	if (f) {
		if (fscanf(f, "%ld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

static int param_set(const char *path, long v)
{
	FILE *f = fopen(path, "w");
	int ok;

	if (!f)
		return -1;
	ok = fprintf(f, "%ld\n", v) > 0;
	return fclose(f) == 0 && ok ? 0 : -1;
}

#define WATCHDOG_MS "/sys/module/wse/parameters/watchdog_ms"

/*
 * A stream into a slow consumer takes several watchdog periods without a
 * completion; its wavelets keep moving (wse_signal_progress()), so the
 * watchdog leaves it alone and it completes.
 */
/*
 * The old watchdog_ms is put back by the teardown, which also runs after
 * a failed assertion; the 120 s timeout keeps a starved VM (TCG on a
 * loaded host: 22 s seen) from killing the test with the 500 ms watchdog
 * left in place for the tests after it.
 */
FIXTURE(wd500) {
	long old;
};

FIXTURE_SETUP(wd500)
{
	self->old = param_get(WATCHDOG_MS);
	ASSERT_LT(0, self->old);
}

FIXTURE_TEARDOWN(wd500)
{
	EXPECT_EQ(0, param_set(WATCHDOG_MS, self->old));
}

TEST_F_TIMEOUT(wd500, long_stream_outlives_the_watchdog, 120)
{
	/* a watchdog of 500 ms: a VM starved by a loaded host (TCG) can miss
	 * 150 ms of its own time, which is no sign of a stuck device */
	enum { L = 400, WD_MS = 500 };
	static uint32_t in[L], out[L];
	sdk_symbol_t h2d, d2h;
	struct sdk_runtime *rt;
	struct timespec t0, t1;
	sdk_task_t t;
	double ms;

	OPEN(rt, "stream-loop4");
	COLOR(rt, h2d_names[1], h2d);
	COLOR(rt, d2h_names[1], d2h);
	/* ~4 PE instructions per spin: about 7.5 ms per wavelet in the VM */
	OK(rt, sdk_launch(rt, "slow", false, NULL, SDK_U32(100000)));
	for (uint32_t k = 0; k < L; k++)
		in[k] = word(9, k);
	ASSERT_EQ(0, param_set(WATCHDOG_MS, WD_MS));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	OK(rt, sdk_memcpy_d2h(rt, out, d2h, 0, 0, 1, 1, L, true,
			      MEMCPY_32BIT, ROW_MAJOR, true, &t));
	EXPECT_EQ(0, sdk_memcpy_h2d(rt, h2d, in, 0, 0, 1, 1, L, true,
				    MEMCPY_32BIT, ROW_MAJOR, false, NULL))
		TH_LOG("%s", sdk_errmsg(rt));
	EXPECT_EQ(0, sdk_task_wait(rt, t)) TH_LOG("%s", sdk_errmsg(rt));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
	/* not a timing test: only proof that the watchdog had its chances */
	TH_LOG("stream of %d slow wavelets: %.0f ms, watchdog %d ms", L, ms,
	       WD_MS);
	EXPECT_LT(3.0 * WD_MS, ms);
	EXPECT_WORDS(in, out, L);
	OK(rt, sdk_stop(rt));
	sdk_destroy(rt);
}

TEST(argument_and_state_errors)
{
	static uint32_t buf[64];
	sdk_symbol_t h2d, d2h, cnt;
	struct sdk_runtime *rt;
	sdk_task_t t;

	ASSERT_EQ(0, sdk_create(bundle("stream-loop4"), NULL, &rt))
		TH_LOG("%s", sdk_errmsg(NULL));
	OK(rt, sdk_load(rt));
	COLOR(rt, "MEMCPYH2D_DATA_1_ID", h2d);
	COLOR(rt, "MEMCPYD2H_DATA_1_ID", d2h);
	OK(rt, sdk_get_id(rt, "count", &cnt));
	/* streaming before run */
	EXPECT_EQ(-EBADFD, sdk_memcpy_h2d(rt, h2d, buf, 0, 0, 1, 1, 1, true,
					  MEMCPY_32BIT, ROW_MAJOR, false,
					  NULL));
	EXPECT_STREQ("sdk_memcpy_h2d: called before run()", sdk_errmsg(rt));
	OK(rt, sdk_run(rt));
	/* wrong colors, with the allowed set */
	EXPECT_EQ(-EINVAL, sdk_memcpy_h2d(rt, d2h, buf, 0, 0, 1, 1, 1, true,
					  MEMCPY_32BIT, ROW_MAJOR, false,
					  NULL));
	EXPECT_STREQ("sdk_memcpy_h2d: dest color 1 is MEMCPYD2H_DATA_1_ID, a "
		     "D2H stream color; the program's H2D stream colors: "
		     "MEMCPYH2D_DATA_1_ID = 0, MEMCPYH2D_DATA_2_ID = 7, "
		     "MEMCPYH2D_DATA_3_ID = 13, MEMCPYH2D_DATA_4_ID = 20",
		     sdk_errmsg(rt));
	EXPECT_EQ(-EINVAL, sdk_memcpy_d2h(rt, buf, sdk_color(2), 0, 0, 1, 1, 1,
					  true, MEMCPY_32BIT, ROW_MAJOR, true,
					  &t));
	EXPECT_STREQ("sdk_memcpy_d2h: src color 2 is not one of the program's "
		     "D2H stream colors (MEMCPYD2H_DATA_1_ID = 1, "
		     "MEMCPYD2H_DATA_2_ID = 8, MEMCPYD2H_DATA_3_ID = 14, "
		     "MEMCPYD2H_DATA_4_ID = 19)", sdk_errmsg(rt));
	EXPECT_EQ(-EINVAL, sdk_memcpy_h2d(rt, cnt, buf, 0, 0, 1, 1, 1, true,
					  MEMCPY_32BIT, ROW_MAJOR, false,
					  NULL));
	EXPECT_NE(NULL, strstr(sdk_errmsg(rt), "dest 'count' is a data symbol"));
	EXPECT_EQ(-EINVAL, sdk_memcpy_h2d(rt, h2d, buf, 0, 0, 1, 1, 1, false,
					  MEMCPY_32BIT, ROW_MAJOR, false,
					  NULL));
	EXPECT_NE(NULL, strstr(sdk_errmsg(rt), "copy mode needs a data symbol"));
	EXPECT_EQ(-EINVAL, sdk_memcpy_h2d(rt, h2d, buf, 2, 0, 2, 1, 1, true,
					  MEMCPY_32BIT, ROW_MAJOR, false,
					  NULL));
	EXPECT_STREQ("sdk_memcpy_h2d: wse_h2d: ROI (2,0,2,1) is outside the 3x2 "
		     "rectangle", sdk_errmsg(rt));
	/* the low-level path checks the loaded program's stream colors too */
	EXPECT_EQ(-EINVAL, sdk_memcpy_h2d(rt, sdk_color(5), buf, 0, 0, 1, 1, 1,
					  true, MEMCPY_32BIT, ROW_MAJOR, false,
					  NULL));
	/* nothing of that reached the device: a good call works */
	OK(rt, sdk_memcpy_d2h(rt, buf, d2h, 0, 0, 1, 1, 2, true, MEMCPY_32BIT,
			      ROW_MAJOR, true, &t));
	buf[10] = 5;
	buf[11] = 6;
	OK(rt, sdk_memcpy_h2d(rt, h2d, buf + 10, 0, 0, 1, 1, 2, true,
			      MEMCPY_32BIT, ROW_MAJOR, false, NULL));
	OK(rt, sdk_task_wait(rt, t));
	EXPECT_EQ(5u, buf[0]);
	EXPECT_EQ(6u, buf[1]);
	OK(rt, sdk_stop(rt));
	EXPECT_EQ(-EBADFD, sdk_memcpy_h2d(rt, h2d, buf, 0, 0, 1, 1, 1, true,
					  MEMCPY_32BIT, ROW_MAJOR, false,
					  NULL));
	EXPECT_STREQ("sdk_memcpy_h2d: called after stop()", sdk_errmsg(rt));
	sdk_destroy(rt);
}

/* ---- the stall rule, reports by task, RUN ------------------------------------ */

#define STALL_MS "/sys/module/wse_mock/parameters/stall_ms"

/* Poll until @t is done; false after @ms. */
static bool done_within(struct sdk_runtime *rt, sdk_task_t t, unsigned int ms)
{
	for (unsigned int i = 0; i < ms / 10; i++) {
		if (sdk_is_task_done(rt, t) == 1)
			return true;
		sleep_ms(10);
	}
	return false;
}

/* The "no progress for N ms" of a stall message, or -1. */
static long stalled_ms(const char *m)
{
	const char *p = strstr(m, "stalled (no progress for ");
	long v;

	if (!p || sscanf(p, "stalled (no progress for %ld ms", &v) != 1)
		return -1;
	return v;
}

/*
 * A D2H whose data only an H2D not yet posted can bring waits, however
 * long the host takes (3 s: three stall times and three watchdog periods):
 * no stall, no watchdog.  Then the H2D comes and both succeed.
 */
TEST(d2h_posted_3s_before_its_h2d)
{
	enum { L = 64, N = 4 * L };
	static uint32_t in[L], out[L];
	long wd = param_get(WATCHDOG_MS), st = param_get(STALL_MS);
	sdk_symbol_t h2d, d2h;
	struct sdk_runtime *rt;
	sdk_task_t t;

	ASSERT_LT(0, wd);
	ASSERT_LT(0, st);
	ASSERT_EQ(0, param_set(WATCHDOG_MS, 1000));
	ASSERT_EQ(0, param_set(STALL_MS, 1000));
	OPEN(rt, "stream-pipe");
	COLOR(rt, "MEMCPYH2D_DATA_1_ID", h2d);
	COLOR(rt, "MEMCPYD2H_DATA_1_ID", d2h);
	for (uint32_t k = 0; k < L; k++)
		in[k] = word(3, k);
	OK(rt, sdk_memcpy_d2h(rt, out, d2h, 3, 0, 1, 1, L, true,
			      MEMCPY_32BIT, ROW_MAJOR, true, &t));
	for (int i = 0; i < 30; i++) {
		sleep_ms(100);
		ASSERT_EQ(0, sdk_is_task_done(rt, t))
			TH_LOG("the D2H ended after %d ms", i * 100);
	}
	OK(rt, sdk_memcpy_h2d(rt, h2d, in, 0, 0, 1, 1, L, true, MEMCPY_32BIT,
			      ROW_MAJOR, false, NULL));
	OK(rt, sdk_task_wait(rt, t));
	for (uint32_t k = 0; k < L; k++)
		in[k] += 0 + 1 + 2 + 3;
	EXPECT_WORDS(in, out, L);
	OK(rt, sdk_stop(rt));
	sdk_destroy(rt);
	EXPECT_EQ(0, param_set(WATCHDOG_MS, wd));
	EXPECT_EQ(0, param_set(STALL_MS, st));
	(void)N;
}

/*
 * Two streams without consumer stall one after the other on loop4 (colors
 * 0, then 7); both are reaped afterwards, and each one's message is its
 * own stall's, found within stall_ms + 10%.
 */
TEST(each_stalled_task_has_its_own_report)
{
	enum { L = 400, N = LW * LH * L };
	static uint32_t in[N];
	sdk_symbol_t c1, c2;
	struct sdk_runtime *rt;
	sdk_task_t t1, t2;
	long st = param_get(STALL_MS), ms;
	const char *m;

	ASSERT_LT(0, st);
	OPEN(rt, "stream-loop4");
	COLOR(rt, h2d_names[1], c1);
	COLOR(rt, h2d_names[2], c2);
	OK(rt, sdk_memcpy_h2d(rt, c1, in, 0, 0, LW, LH, L, true,
			      MEMCPY_32BIT, ROW_MAJOR, true, &t1));
	ASSERT_TRUE(done_within(rt, t1, 10 * st + 5000));
	OK(rt, sdk_memcpy_h2d(rt, c2, in, 0, 0, LW, LH, L, true,
			      MEMCPY_32BIT, ROW_MAJOR, true, &t2));
	ASSERT_TRUE(done_within(rt, t2, 10 * st + 5000));

	EXPECT_EQ(-EDEADLK, sdk_task_wait(rt, t1));
	m = sdk_errmsg(rt);
	TH_LOG("first: %s", m);
	EXPECT_NE(NULL, strstr(m, "of the streaming h2d on color 0 delivered"));
	ms = stalled_ms(m);
	EXPECT_LE(st, ms);
	EXPECT_GE(st + st / 10, ms);

	EXPECT_EQ(-EDEADLK, sdk_task_wait(rt, t2));
	m = sdk_errmsg(rt);
	TH_LOG("second: %s", m);
	EXPECT_NE(NULL, strstr(m, "of the streaming h2d on color 7 delivered"));
	ms = stalled_ms(m);
	EXPECT_LE(st, ms);
	EXPECT_GE(st + st / 10, ms);
	EXPECT_EQ(0, sdk_stop(rt)) TH_LOG("%s", sdk_errmsg(rt));
	sdk_destroy(rt);
}

/*
 * Two PEs that each wait to receive before sending: a stall within
 * stall_ms + 10%, and the report says where each one waits.
 */
TEST(deadlock_is_a_stall)
{
	long st = param_get(STALL_MS), ms;
	struct sdk_runtime *rt;
	sdk_task_t t;
	const char *m;

	ASSERT_LT(0, st);
	OPEN(rt, "stream-dl");
	OK(rt, sdk_launch(rt, "swap", true, &t));
	EXPECT_EQ(-EDEADLK, sdk_task_wait(rt, t));
	m = sdk_errmsg(rt);
	TH_LOG("%s", m);
	EXPECT_NE(NULL, strstr(m, "during a launch"));
	EXPECT_NE(NULL, strstr(m, "PE (0,0) waits to receive on color 10"));
	EXPECT_NE(NULL, strstr(m, "PE (1,0) waits to receive on color 11"));
	ms = stalled_ms(m);
	EXPECT_LE(st, ms);
	EXPECT_GE(st + st / 10, ms);
	EXPECT_EQ(0, sdk_stop(rt)) TH_LOG("%s", sdk_errmsg(rt));
	sdk_destroy(rt);
}

/*
 * Wavelets circling a 2x2 ring after the launch that sent them returned,
 * while the host sleeps: at most 10 % of a CPU, still moving, and STOP
 * ends them at once.
 */
TEST(circling_wavelets_are_capped)
{
	struct sdk_runtime *rt;
	long long h0, h1;
	uint64_t t0;
	double cpus;

	OPEN(rt, "stream-ring");
	OK(rt, sdk_launch(rt, "inject", false, NULL));
	h0 = counter("hops");
	cpus = cpus_busy_during(3000);
	h1 = counter("hops");
	TH_LOG("circling wavelets cost %.3f CPU, %lld hops in 3 s", cpus,
	       h1 - h0);
	EXPECT_LE(0, cpus);
	EXPECT_GE(0.10, cpus);
	EXPECT_LT(h0, h1);
	t0 = now_ns();
	EXPECT_EQ(0, sdk_stop(rt)) TH_LOG("%s", sdk_errmsg(rt));
	EXPECT_GT(1000000000ULL, now_ns() - t0);
	sdk_destroy(rt);
}

/*
 * RUN on 48x32 PEs with 16 KiB of .bss each: the runtime reaches
 * wse_init() without spending instructions on memory LOAD zeroed, and
 * .bss reads as zero.  The RUN time is logged (not asserted).
 */
/* Only for TEST_F_TIMEOUT: a larger mock fabric, the default one after. */
FIXTURE(big) {
	int unused;
};

FIXTURE_SETUP(big)
{
	ASSERT_EQ(0, mock_reload("fabric_width=64 fabric_height=40"));
}

FIXTURE_TEARDOWN(big)
{
	EXPECT_EQ(0, mock_reload(""));
}

TEST_F_TIMEOUT(big, run_with_16k_bss_on_48x32_pes, 300)
{
	enum { W = 48, H = 32 };
	static uint32_t ts[W * H * 2], buf[4096];
	sdk_symbol_t sb, st;
	struct sdk_runtime *rt;
	uint64_t t0, max = 0;
	int nonzero = 0;
	char p[4096];

	snprintf(p, sizeof(p), "%s/out.json", bundle("stream-bss"));
	ASSERT_EQ(0, access(p, R_OK)) TH_LOG("no bundle %s", p);
	ASSERT_EQ(0, sdk_create(bundle("stream-bss"), NULL, &rt))
		TH_LOG("%s", sdk_errmsg(NULL));
	OK(rt, sdk_load(rt));
	t0 = now_ns();
	OK(rt, sdk_run(rt));
	TH_LOG("RUN on %dx%d PEs with 16 KiB .bss: %.0f ms", W, H,
	       (now_ns() - t0) / 1e6);
	OK(rt, sdk_get_id(rt, "t_init", &st));
	OK(rt, sdk_get_id(rt, "buf", &sb));
	/* instret, low word first */
	OK(rt, sdk_memcpy_d2h(rt, ts, st, 0, 0, W, H, 2, false, MEMCPY_32BIT,
			      ROW_MAJOR, false, NULL));
	for (int i = 0; i < W * H; i++) {
		uint64_t c = ts[2 * i] | (uint64_t)ts[2 * i + 1] << 32;

		if (c > max)
			max = c;
	}
	TH_LOG("instructions before wse_init(): at most %llu per PE",
	       (unsigned long long)max);
	EXPECT_GT(1000u, max);
	OK(rt, sdk_memcpy_d2h(rt, buf, sb, W - 1, H - 1, 1, 1, 4096, false,
			      MEMCPY_32BIT, ROW_MAJOR, false, NULL));
	for (int k = 0; k < 4096; k++)
		nonzero += buf[k] != 0;
	EXPECT_EQ(0, nonzero);
	OK(rt, sdk_stop(rt));
	sdk_destroy(rt);
}

TEST_HARNESS_MAIN
