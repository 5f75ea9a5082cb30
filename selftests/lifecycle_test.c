// SPDX-License-Identifier: GPL-2.0
/*
 * lifecycle_test - ownership and pinned pages across process death, close
 * and STOP with work pending; two open files on one device.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "wse_util.h"

#define N (RECT_W * RECT_H)
#define L 64	/* elements per PE: a few pages per copy */

FIXTURE(life) {
	uint64_t acq0, rel0;
};

FIXTURE_SETUP(life)
{
	ASSERT_EQ(0, pin_counts(&self->acq0, &self->rel0));
}

FIXTURE_TEARDOWN(life)
{
	knobs_reset();
}

static void submit_full(struct __test_metadata *_metadata,
			struct wse_dev *dev, uint32_t *buf, bool d2h,
			uint32_t flags)
{
	struct wse_xfer xf;

	wse_xfer_init(&xf, buf, 0, 0, RECT_W, RECT_H, L, 0, WSE_DATA_32BIT,
		      WSE_ORDER_COL_MAJOR, flags);
	ASSERT_EQ(0, d2h ? wse_d2h(dev, &xf) : wse_h2d(dev, &xf))
		TH_LOG("%s", wse_errmsg(dev));
}

/* Pins taken since setup were all released, and some were taken. */
static void expect_pins_balanced(struct __test_metadata *_metadata,
				 uint64_t acq0, uint64_t rel0)
{
	uint64_t acq, rel;

	ASSERT_EQ(0, pin_counts(&acq, &rel));
	EXPECT_LT(acq0, acq);
	EXPECT_EQ(acq - acq0, rel - rel0);
}

TEST_F_TIMEOUT(life, sigkill_with_pending_work, 60)
{
	static uint32_t bufs[4][N * L];
	struct wse_dev *dev;
	int pipefd[2], status;
	char c;
	pid_t pid;

	ASSERT_EQ(0, pipe(pipefd));
	ASSERT_EQ(0, knob_set("latency_us", 300000));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		close(pipefd[0]);
		if (open_configured(&dev, RECT_W, RECT_H, RECT_CH))
			_exit(1);
		for (int i = 0; i < 4; i++) {
			struct wse_xfer xf;

			/* no ASSERTs in the child: plain exit codes */
			wse_xfer_init(&xf, bufs[i], 0, 0, RECT_W, RECT_H, L, 0,
				      WSE_DATA_32BIT, WSE_ORDER_COL_MAJOR,
				      WSE_XFER_NONBLOCK);
			if (i & 1 ? wse_d2h(dev, &xf) : wse_h2d(dev, &xf))
				_exit(1);
		}
		if (write(pipefd[1], "x", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	close(pipefd[1]);
	ASSERT_EQ(1, read(pipefd[0], &c, 1));
	close(pipefd[0]);
	ASSERT_EQ(0, kill(pid, SIGKILL));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFSIGNALED(status));
	/* the dead process's ownership is gone */
	ASSERT_EQ(0, open_configured(&dev, RECT_W, RECT_H, RECT_CH));
	EXPECT_EQ(0, wse_stop(dev));
	wse_close(dev);
	expect_pins_balanced(_metadata, self->acq0, self->rel0);
}

TEST_F(life, two_files)
{
	struct wse_dev *a, *b;
	struct wse_configure cfg;
	struct wse_info info;
	uint32_t buf[N * L];

	ASSERT_EQ(0, open_configured(&a, RECT_W, RECT_H, RECT_CH));
	ASSERT_EQ(0, wse_open(NULL, &b));
	ASSERT_EQ(0, wse_get_info(b, &info));
	EXPECT_EQ(WSE_STATE_CONFIGURED, info.state);
	rect_cfg(&cfg, RECT_W, RECT_H, RECT_CH);
	EXPECT_EQ(-EBUSY, wse_configure(b, &cfg));
	submit_full(_metadata, a, buf, false, 0);
	wse_close(a);
	ASSERT_EQ(0, wse_get_info(b, &info));
	EXPECT_EQ(WSE_STATE_IDLE, info.state);
	EXPECT_EQ(0, wse_configure(b, &cfg));
	submit_full(_metadata, b, buf, true, 0);
	wse_close(b);
	expect_pins_balanced(_metadata, self->acq0, self->rel0);
}

TEST_F_TIMEOUT(life, stop_waits_for_pending, 60)
{
	static uint32_t in[N * L], out[N * L];
	struct wse_dev *dev;
	uint64_t t0;
	int status;

	for (int i = 0; i < N * L; i++)
		in[i] = pattern(11, i, 0, 0);
	ASSERT_EQ(0, open_configured(&dev, RECT_W, RECT_H, RECT_CH));
	ASSERT_EQ(0, knob_set("latency_us", 200000));
	submit_full(_metadata, dev, in, false, WSE_XFER_NONBLOCK);
	submit_full(_metadata, dev, out, true, WSE_XFER_NONBLOCK);
	t0 = now_ns();
	ASSERT_EQ(0, wse_stop(dev));
	/* two descriptors per channel at 200 ms each, channels in parallel */
	EXPECT_LE(350000000ull, now_ns() - t0);
	EXPECT_EQ(0, memcmp(in, out, sizeof(in)));
	EXPECT_EQ(0, wse_wait_all(dev, 0, &status));
	EXPECT_EQ(0, status);
	wse_close(dev);
	expect_pins_balanced(_metadata, self->acq0, self->rel0);
}

TEST_F_TIMEOUT(life, close_with_pending, 60)
{
	static uint32_t bufs[6][N * L];
	struct wse_dev *dev;

	ASSERT_EQ(0, open_configured(&dev, RECT_W, RECT_H, RECT_CH));
	ASSERT_EQ(0, knob_set("latency_us", 200000));
	for (int i = 0; i < 6; i++)
		submit_full(_metadata, dev, bufs[i], i & 1, WSE_XFER_NONBLOCK);
	EXPECT_EQ(0, wse_close(dev));
	ASSERT_EQ(0, knob_set("latency_us", 0));
	ASSERT_EQ(0, open_configured(&dev, RECT_W, RECT_H, RECT_CH));
	submit_full(_metadata, dev, bufs[0], true, 0);
	wse_close(dev);
	expect_pins_balanced(_metadata, self->acq0, self->rel0);
}

TEST_HARNESS_MAIN
