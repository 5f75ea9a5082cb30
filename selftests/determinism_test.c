// SPDX-License-Identifier: GPL-2.0
/*
 * determinism_test - the mock's results do not depend on how many fabric
 * workers run the PEs (the wse_mock "workers" parameter,
 * kernel/mock/wse_mock_sched.c): the same program and input give the same
 * outputs, the same instruction counts and the same stall report with 1, 2
 * and 3 workers.
 *
 * Bundle stream-det (selftests/stream/det.wse, pe_det.c; 8x4 PEs on a
 * 15x6 fabric, built by selftests/Makefile): in each row, 7 PEs compute
 * for PE- and wavelet-dependent times and send wavelets west; they merge
 * hop by hop into the row's collector, which records the arrival order.
 * That order, and the count of instructions every PE retired, follow from
 * the scheduler's rounds.  go(n) with more wavelets than the collectors
 * take leaves senders blocked behind full buffers: a stall, whose report
 * (where each PE waits, what each buffer holds) must be the same too.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include <wse/sdkruntime.h>

#include "wse_util.h"

#define W		8
#define H		4
#define SENDERS		(W - 1)
#define RECV_PER	6	/* pe_det.c */
#define NSEEN		(SENDERS * RECV_PER)
#define WORKERS		"/sys/module/wse_mock/parameters/workers"
#define STALL_MS	"/sys/module/wse_mock/parameters/stall_ms"

/* A module parameter set to the number @v: 0 or -errno. */
static int param_set(const char *path, long long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lld", v);
	return write_file(path, buf);
}

/* What one run with a given worker count produced. */
struct outcome {
	uint32_t seen[H][NSEEN];	/* arrival order at each collector */
	uint32_t insns[W * H];
	char stall[1024];		/* the stall message, ms cut out */
};

/* "stalled (no progress for 203 ms): ..." without the 203. */
static void cut_ms(char *dst, size_t n, const char *m)
{
	const char *p = strstr(m, "no progress for ");
	const char *q = p ? strstr(p, " ms") : NULL;

	if (!p || !q) {
		snprintf(dst, n, "%s", m);
		return;
	}
	snprintf(dst, n, "%.*s%s", (int)(p - m) + 16, m, q);
}

static void run_once(struct __test_metadata *_metadata, struct outcome *o)
{
	struct sdk_runtime *rt;
	sdk_symbol_t seen, insns;
	int err;

	ASSERT_EQ(0, sdk_create(test_bundle("stream-det"), NULL, &rt))
		TH_LOG("%s", sdk_errmsg(NULL));
	ASSERT_EQ(0, sdk_load(rt)) TH_LOG("%s", sdk_errmsg(rt));
	ASSERT_EQ(0, sdk_run(rt)) TH_LOG("%s", sdk_errmsg(rt));
	ASSERT_EQ(0, sdk_get_id(rt, "seen", &seen));
	ASSERT_EQ(0, sdk_get_id(rt, "insns", &insns));

	/* as many wavelets as the collectors take: a clean launch */
	ASSERT_EQ(0, sdk_launch(rt, "go", false, NULL, SDK_U32(RECV_PER)))
		TH_LOG("%s", sdk_errmsg(rt));
	ASSERT_EQ(0, sdk_memcpy_d2h(rt, o->seen, seen, 0, 0, 1, H, NSEEN,
				    false, MEMCPY_32BIT, ROW_MAJOR, false,
				    NULL)) TH_LOG("%s", sdk_errmsg(rt));
	ASSERT_EQ(0, sdk_memcpy_d2h(rt, o->insns, insns, 0, 0, W, H, 1,
				    false, MEMCPY_32BIT, ROW_MAJOR, false,
				    NULL)) TH_LOG("%s", sdk_errmsg(rt));

	/* 8 more per sender than taken: the rows fill up and stall */
	err = sdk_launch(rt, "go", false, NULL, SDK_U32(RECV_PER + 8));
	EXPECT_EQ(-EDEADLK, err) TH_LOG("%s", sdk_errmsg(rt));
	cut_ms(o->stall, sizeof(o->stall), sdk_errmsg(rt));
	EXPECT_EQ(0, sdk_stop(rt)) TH_LOG("%s", sdk_errmsg(rt));
	sdk_destroy(rt);
}

/* Every sender's wavelets arrive, in the order it sent them. */
static void check_seen(struct __test_metadata *_metadata,
		       const struct outcome *o)
{
	for (uint32_t y = 0; y < H; y++) {
		uint32_t next[W] = { 0 };

		for (uint32_t i = 0; i < NSEEN; i++) {
			uint32_t v = o->seen[y][i], x = v >> 16;

			ASSERT_TRUE(x >= 1 && x < W) TH_LOG("row %u: 0x%x", y, v);
			ASSERT_EQ(y, (v >> 8) & 0xff);
			ASSERT_EQ(next[x], v & 0xff) TH_LOG("row %u, PE %u", y, x);
			next[x]++;
		}
	}
}

TEST(same_results_for_1_2_and_3_workers)
{
	static struct outcome o[3];
	long long old = read_num(WORKERS), st = read_num(STALL_MS);
	bool interleaved = false;

	ASSERT_LE(0, old) TH_LOG("no %s", WORKERS);
	ASSERT_LT(0, st);
	ASSERT_EQ(0, param_set(STALL_MS, 200));
	for (int i = 0; i < 3; i++) {
		ASSERT_EQ(0, param_set(WORKERS, i + 1));
		run_once(_metadata, &o[i]);
	}
	EXPECT_EQ(0, param_set(WORKERS, old));
	EXPECT_EQ(0, param_set(STALL_MS, st));

	check_seen(_metadata, &o[0]);
	/* the senders' wavelets really merge: not one PE after the other */
	for (uint32_t i = 1; i < NSEEN; i++)
		if (o[0].seen[0][i] >> 16 != o[0].seen[0][i - 1] >> 16 &&
		    i + 1 < NSEEN &&
		    o[0].seen[0][i + 1] >> 16 == o[0].seen[0][i - 1] >> 16)
			interleaved = true;
	EXPECT_TRUE(interleaved);
	TH_LOG("1 worker: %s", o[0].stall);
	EXPECT_NE(NULL, strstr(o[0].stall, "during a launch"));
	for (int i = 1; i < 3; i++) {
		for (uint32_t y = 0; y < H; y++) {
			for (uint32_t k = 0; k < NSEEN; k++) {
				EXPECT_EQ(o[0].seen[y][k], o[i].seen[y][k])
					TH_LOG("%d workers: row %u, wavelet %u",
					       i + 1, y, k);
			}
		}
		for (uint32_t k = 0; k < W * H; k++) {
			EXPECT_EQ(o[0].insns[k], o[i].insns[k])
				TH_LOG("%d workers: PE %u", i + 1, k);
		}
		EXPECT_STREQ(o[0].stall, o[i].stall)
			TH_LOG("%d workers", i + 1);
	}
}

TEST_HARNESS_MAIN
