// SPDX-License-Identifier: GPL-2.0
/*
 * task_test - nonblocking submissions, QUERY, WAIT (by id, ALL, timeouts,
 * signals), poll() readiness, command-stream ordering, WSE_MAX_TASKS.
 * wse_mock's latency_us keeps tasks in flight where a test needs that.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/time.h>

#include "kselftest_harness.h"
#include "wse_util.h"

#define N (RECT_W * RECT_H)	/* one element per PE of the rectangle */

FIXTURE(task) {
	struct wse_dev *dev;
	int fd;
};

FIXTURE_SETUP(task)
{
	ASSERT_EQ(0, open_configured(&self->dev, RECT_W, RECT_H, RECT_CH));
	self->fd = wse_fd(self->dev);
}

FIXTURE_TEARDOWN(task)
{
	knobs_reset();
	wse_close(self->dev);
}

/* Full-rectangle, one element per PE, 32-bit row-major. */
static void full(struct wse_xfer *xf, uint32_t *buf, uint32_t flags)
{
	wse_xfer_init(xf, buf, 0, 0, RECT_W, RECT_H, 1, 0, WSE_DATA_32BIT,
		      WSE_ORDER_ROW_MAJOR, flags);
}

/* A single element on PE (0,0): one descriptor. */
static void one(struct wse_xfer *xf, uint32_t *buf, uint32_t flags)
{
	wse_xfer_init(xf, buf, 0, 0, 1, 1, 1, 0, WSE_DATA_32BIT,
		      WSE_ORDER_ROW_MAJOR, flags);
}

static int readable(int fd, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, timeout_ms) == 1 ? p.revents : 0;
}

TEST_F(task, nonblocking_ids_and_reaping)
{
	uint32_t a[N], b[N];
	struct wse_xfer h, d;
	int status = 1;

	for (int i = 0; i < N; i++)
		a[i] = pattern(3, i, 0, 0);
	memset(b, 0, sizeof(b));
	full(&h, a, WSE_XFER_NONBLOCK);
	full(&d, b, WSE_XFER_NONBLOCK);
	ASSERT_EQ(0, wse_h2d(self->dev, &h));
	ASSERT_EQ(0, wse_d2h(self->dev, &d));
	EXPECT_NE(0, h.task_id);
	EXPECT_NE(0, d.task_id);
	EXPECT_NE(h.task_id, d.task_id);
	ASSERT_EQ(0, wse_wait(self->dev, d.task_id, -1, &status));
	EXPECT_EQ(0, status);
	EXPECT_EQ(0, memcmp(a, b, sizeof(a)));	/* in submission order */
	ASSERT_EQ(0, wse_wait(self->dev, h.task_id, -1, &status));
	EXPECT_EQ(0, status);
	EXPECT_EQ(-ENOENT, wse_wait(self->dev, h.task_id, -1, &status));
	EXPECT_EQ(-ENOENT, wse_query(self->dev, d.task_id, &status));
	EXPECT_NE(NULL, strstr(wse_errmsg(self->dev), "ENOENT"));
	/* a blocking call reports its id too, and is already reaped */
	full(&h, a, 0);
	ASSERT_EQ(0, wse_h2d(self->dev, &h));
	EXPECT_NE(0, h.task_id);
	EXPECT_NE(d.task_id, h.task_id);
	EXPECT_EQ(-ENOENT, wse_query(self->dev, h.task_id, NULL));
}

TEST_F(task, query_pending_then_done)
{
	uint32_t v = 7;
	struct wse_xfer xf;
	int status = 99;

	ASSERT_EQ(0, knob_set("latency_us", 300000));
	one(&xf, &v, WSE_XFER_NONBLOCK);
	ASSERT_EQ(0, wse_h2d(self->dev, &xf));
	EXPECT_EQ(WSE_TASK_PENDING, wse_query(self->dev, xf.task_id, &status));
	EXPECT_EQ(0, status);
	EXPECT_EQ(0, readable(self->fd, 0));
	ASSERT_EQ(POLLIN, readable(self->fd, 5000) & (POLLIN | POLLHUP));
	status = 99;
	EXPECT_EQ(WSE_TASK_DONE, wse_query(self->dev, xf.task_id, &status));
	EXPECT_EQ(0, status);
	/* QUERY does not reap */
	EXPECT_EQ(WSE_TASK_DONE, wse_query(self->dev, xf.task_id, &status));
	ASSERT_EQ(0, wse_wait(self->dev, xf.task_id, 0, &status));
	EXPECT_EQ(0, status);
	EXPECT_EQ(-ENOENT, wse_query(self->dev, xf.task_id, &status));
	EXPECT_EQ(0, readable(self->fd, 0));
}

TEST_F(task, wait_all)
{
	uint32_t v[3] = { 1, 2, 3 };
	struct wse_xfer xf[3];
	int status = 5;

	EXPECT_EQ(0, wse_wait_all(self->dev, 0, &status));	/* no tasks */
	EXPECT_EQ(0, status);
	ASSERT_EQ(0, knob_set("latency_us", 50000));
	for (int i = 0; i < 3; i++) {
		one(&xf[i], &v[i], WSE_XFER_NONBLOCK);
		ASSERT_EQ(0, wse_h2d(self->dev, &xf[i]));
	}
	EXPECT_EQ(-ETIMEDOUT, wse_wait_all(self->dev, 0, &status));
	EXPECT_EQ(WSE_TASK_PENDING, wse_query(self->dev, xf[2].task_id, NULL));
	status = 5;
	ASSERT_EQ(0, wse_wait_all(self->dev, -1, &status));
	EXPECT_EQ(0, status);
	for (int i = 0; i < 3; i++)
		EXPECT_EQ(-ENOENT, wse_wait(self->dev, xf[i].task_id, 0, NULL));
}

TEST_F(task, timeouts)
{
	struct wse_wait wt = { .size = sizeof(wt) };
	struct wse_xfer xf;
	uint32_t v = 1;
	uint64_t t0;
	int status;

	ASSERT_EQ(0, knob_set("latency_us", 500000));
	one(&xf, &v, WSE_XFER_NONBLOCK);
	ASSERT_EQ(0, wse_h2d(self->dev, &xf));

	t0 = now_ns();
	EXPECT_EQ(-ETIMEDOUT, wse_wait(self->dev, xf.task_id, 0, &status));
	EXPECT_GT(100000000ull, now_ns() - t0);	/* did not sleep */
	t0 = now_ns();
	EXPECT_EQ(-ETIMEDOUT, wse_wait(self->dev, xf.task_id, 30000000, &status));
	EXPECT_LE(30000000ull, now_ns() - t0);

	/* raw: relative 0, absolute 0, absolute in the past, absolute soon */
	wt.task_id = xf.task_id;
	wt.timeout_ns = 0;
	EXPECT_EQ(ETIMEDOUT, raw(self->fd, WSE_IOCTL_WAIT, &wt));
	wt.flags = WSE_WAIT_ABSTIME;
	EXPECT_EQ(ETIMEDOUT, raw(self->fd, WSE_IOCTL_WAIT, &wt));
	wt.timeout_ns = (int64_t)now_ns() - 1000000;
	EXPECT_EQ(ETIMEDOUT, raw(self->fd, WSE_IOCTL_WAIT, &wt));
	t0 = now_ns();
	wt.timeout_ns = (int64_t)t0 + 20000000;
	EXPECT_EQ(ETIMEDOUT, raw(self->fd, WSE_IOCTL_WAIT, &wt));
	EXPECT_LE(20000000ull, now_ns() - t0);

	/* nothing was reaped */
	EXPECT_EQ(WSE_TASK_PENDING, wse_query(self->dev, xf.task_id, NULL));
	status = 1;
	ASSERT_EQ(0, wse_wait(self->dev, xf.task_id, -1, &status));
	EXPECT_EQ(0, status);
}

TEST_F(task, poll_readiness)
{
	uint32_t v = 1;
	struct wse_xfer xf;

	EXPECT_EQ(0, readable(self->fd, 0));
	ASSERT_EQ(0, knob_set("latency_us", 200000));
	one(&xf, &v, WSE_XFER_NONBLOCK);
	ASSERT_EQ(0, wse_h2d(self->dev, &xf));
	EXPECT_EQ(0, readable(self->fd, 0));
	EXPECT_EQ(POLLIN, readable(self->fd, 5000));
	EXPECT_EQ(POLLIN, readable(self->fd, 0));	/* stays readable */
	ASSERT_EQ(0, wse_wait(self->dev, xf.task_id, 0, NULL));
	EXPECT_EQ(0, readable(self->fd, 0));
	/* a blocking call leaves nothing to reap */
	one(&xf, &v, 0);
	ASSERT_EQ(0, wse_h2d(self->dev, &xf));
	EXPECT_EQ(0, readable(self->fd, 0));
}

/* h2d A, h2d B, d2h, all in flight together: the d2h sees B. */
TEST_F(task, command_stream_order)
{
	uint32_t a[N], b[N], c[N], out[N], out2[N];
	struct wse_xfer ha, hb, d, hc, d2;
	int status;

	for (int i = 0; i < N; i++) {
		a[i] = pattern(4, i, 0, 0);
		b[i] = pattern(5, i, 0, 0);
		c[i] = pattern(6, i, 0, 0);
	}
	ASSERT_EQ(0, knob_set("latency_us", 100000));
	full(&ha, a, WSE_XFER_NONBLOCK);
	full(&hb, b, WSE_XFER_NONBLOCK);
	full(&d, out, WSE_XFER_NONBLOCK);
	ASSERT_EQ(0, wse_h2d(self->dev, &ha));
	ASSERT_EQ(0, wse_h2d(self->dev, &hb));
	ASSERT_EQ(0, wse_d2h(self->dev, &d));
	EXPECT_EQ(WSE_TASK_PENDING, wse_query(self->dev, ha.task_id, NULL));
	EXPECT_EQ(WSE_TASK_PENDING, wse_query(self->dev, d.task_id, NULL));
	/* a nonblocking d2h, then a blocking h2d of C: the d2h still sees B */
	full(&d2, out2, WSE_XFER_NONBLOCK);
	ASSERT_EQ(0, wse_d2h(self->dev, &d2));
	full(&hc, c, 0);
	ASSERT_EQ(0, wse_h2d(self->dev, &hc));
	ASSERT_EQ(0, wse_wait_all(self->dev, -1, &status));
	EXPECT_EQ(0, status);
	EXPECT_EQ(0, memcmp(out, b, sizeof(b)));
	EXPECT_EQ(0, memcmp(out2, b, sizeof(b)));
	/* a blocking d2h after all that sees C */
	full(&d, out, 0);
	ASSERT_EQ(0, wse_d2h(self->dev, &d));
	EXPECT_EQ(0, memcmp(out, c, sizeof(c)));
}

TEST_F_TIMEOUT(task, eagain_at_max_tasks, 120)
{
	uint32_t v = 1;
	struct wse_xfer xf;
	uint64_t first = 0;
	int status;

	for (int i = 0; i < WSE_MAX_TASKS; i++) {
		one(&xf, &v, WSE_XFER_NONBLOCK);
		ASSERT_EQ(0, wse_h2d(self->dev, &xf)) TH_LOG("task %d: %s", i,
							   wse_errmsg(self->dev));
		if (!first)
			first = xf.task_id;
	}
	one(&xf, &v, WSE_XFER_NONBLOCK);
	EXPECT_EQ(-EAGAIN, wse_h2d(self->dev, &xf));	/* not retried */
	EXPECT_NE(NULL, strstr(wse_errmsg(self->dev), "WSE_MAX_TASKS"));
	EXPECT_EQ(EAGAIN, raw(self->fd, WSE_IOCTL_D2H, &xf));
	one(&xf, &v, 0);	/* blocking ones need a slot too */
	EXPECT_EQ(EAGAIN, raw(self->fd, WSE_IOCTL_H2D, &xf));
	ASSERT_EQ(0, wse_wait(self->dev, first, -1, &status));
	EXPECT_EQ(0, status);
	one(&xf, &v, WSE_XFER_NONBLOCK);
	EXPECT_EQ(0, wse_h2d(self->dev, &xf));
	EXPECT_EQ(-EAGAIN, wse_h2d(self->dev, &xf));
	ASSERT_EQ(0, wse_wait_all(self->dev, -1, &status));
	EXPECT_EQ(0, status);
	EXPECT_EQ(0, wse_h2d(self->dev, &xf));
}

static void on_alarm(int sig)
{
	(void)sig;
}

static void arm_timer(unsigned int ms)
{
	struct sigaction sa = { .sa_handler = on_alarm };	/* no SA_RESTART */
	struct itimerval it = { .it_value = { 0, ms * 1000 } };

	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
}

TEST_F(task, signal_interrupts_wait)
{
	struct wse_wait wt = { .size = sizeof(wt), .timeout_ns = -1 };
	uint32_t v = 1;
	struct wse_xfer xf;
	uint64_t t0;
	int status = 1;

	ASSERT_EQ(0, knob_set("latency_us", 1000000));
	one(&xf, &v, WSE_XFER_NONBLOCK);
	ASSERT_EQ(0, wse_h2d(self->dev, &xf));
	wt.task_id = xf.task_id;
	arm_timer(100);
	t0 = now_ns();
	/* plain ioctl: wse_ioctl() would retry */
	ASSERT_EQ(-1, ioctl(self->fd, WSE_IOCTL_WAIT, &wt));
	EXPECT_EQ(EINTR, errno);
	EXPECT_GT(800000000ull, now_ns() - t0);
	EXPECT_EQ(WSE_TASK_PENDING, wse_query(self->dev, xf.task_id, NULL));
	ASSERT_EQ(0, wse_wait(self->dev, xf.task_id, -1, &status));
	EXPECT_EQ(0, status);
}

/* A blocking submission is only interrupted by a fatal signal. */
TEST_F(task, signal_does_not_interrupt_blocking_submission)
{
	uint32_t v = 1;
	struct wse_xfer xf;

	ASSERT_EQ(0, knob_set("latency_us", 300000));
	one(&xf, &v, 0);
	arm_timer(50);
	EXPECT_EQ(0, ioctl(self->fd, WSE_IOCTL_H2D, &xf)) TH_LOG("errno %d", errno);
}

TEST_HARNESS_MAIN
