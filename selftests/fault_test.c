// SPDX-License-Identifier: GPL-2.0
/*
 * fault_test - every wse_mock debugfs knob: fail_next, hang_next (with a
 * short watchdog), latency_us, counters, lose, surprise_remove, and removal
 * of wse_mock with work in flight.  After each, /dev/wse0 works again.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "wse_util.h"

#define N (RECT_W * RECT_H)

FIXTURE(fault) {
	struct wse_dev *dev;
	int fd;
	long long watchdog_ms;
	bool reload;		/* the test took the device away */
};

FIXTURE_SETUP(fault)
{
	self->watchdog_ms = read_num(WSE_WATCHDOG);
	ASSERT_LT(0, self->watchdog_ms);
	ASSERT_EQ(0, open_configured(&self->dev, RECT_W, RECT_H, RECT_CH));
	self->fd = wse_fd(self->dev);
}

FIXTURE_TEARDOWN(fault)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lld", self->watchdog_ms);
	write_file(WSE_WATCHDOG, buf);
	if (!self->reload)
		knobs_reset();
	wse_close(self->dev);
	if (self->reload)
		EXPECT_EQ(0, mock_reload(""));
}

static void full(struct wse_xfer *xf, uint32_t *buf, uint32_t flags)
{
	wse_xfer_init(xf, buf, 0, 0, RECT_W, RECT_H, 1, 0, WSE_DATA_32BIT,
		      WSE_ORDER_ROW_MAJOR, flags);
}

/* PE (0,0) only: one descriptor */
static void one(struct wse_xfer *xf, uint32_t *buf, uint32_t flags)
{
	wse_xfer_init(xf, buf, 0, 0, 1, 1, 1, 0, WSE_DATA_32BIT,
		      WSE_ORDER_ROW_MAJOR, flags);
}

/* A full round trip on a fresh handle of /dev/wse0 works. */
static void expect_device_works(struct __test_metadata *_metadata)
{
	uint32_t in[N], out[N];
	struct wse_xfer xf;
	struct wse_dev *dev;

	ASSERT_EQ(0, open_configured(&dev, RECT_W, RECT_H, RECT_CH));
	for (int i = 0; i < N; i++)
		in[i] = pattern(9, i, 0, 0);
	full(&xf, in, 0);
	EXPECT_EQ(0, wse_h2d(dev, &xf)) TH_LOG("%s", wse_errmsg(dev));
	memset(out, 0, sizeof(out));
	full(&xf, out, 0);
	EXPECT_EQ(0, wse_d2h(dev, &xf)) TH_LOG("%s", wse_errmsg(dev));
	EXPECT_EQ(0, memcmp(in, out, sizeof(in)));
	wse_close(dev);
}

TEST_F(fault, fail_next)
{
	uint32_t old = 0x1111, v = 0x2222, out = 0x3333, buf[N];
	long long errors = counter("errors");
	struct wse_xfer xf;
	int status = 0;

	ASSERT_LE(0, errors);
	one(&xf, &old, 0);
	ASSERT_EQ(0, wse_h2d(self->dev, &xf));
	/* blocking: EIO, and no data moved */
	ASSERT_EQ(0, knob_set("fail_next", 1));
	one(&xf, &v, 0);
	EXPECT_EQ(-EIO, wse_h2d(self->dev, &xf));
	EXPECT_NE(NULL, strstr(wse_errmsg(self->dev), "wse_h2d: EIO"));
	EXPECT_EQ(0, knob_get("fail_next"));
	EXPECT_EQ(errors + 1, counter("errors"));
	one(&xf, &out, 0);
	ASSERT_EQ(0, wse_d2h(self->dev, &xf));
	EXPECT_EQ(old, out);
	/* nonblocking d2h: status -EIO, host buffer untouched */
	ASSERT_EQ(0, knob_set("fail_next", 1));
	out = 0x4444;
	one(&xf, &out, WSE_XFER_NONBLOCK);
	ASSERT_EQ(0, wse_d2h(self->dev, &xf));
	ASSERT_EQ(0, wse_wait(self->dev, xf.task_id, -1, &status));
	EXPECT_EQ(-EIO, status);
	EXPECT_EQ(0x4444u, out);
	/* one failing part of a two-channel copy fails the task */
	ASSERT_EQ(0, knob_set("fail_next", 1));
	full(&xf, buf, WSE_XFER_NONBLOCK);
	ASSERT_EQ(0, wse_h2d(self->dev, &xf));
	ASSERT_EQ(0, wse_wait_all(self->dev, -1, &status));
	EXPECT_EQ(-EIO, status);
	EXPECT_EQ(errors + 3, counter("errors"));
	EXPECT_EQ(0, wse_close(self->dev));	/* release ownership */
	self->dev = NULL;
	expect_device_works(_metadata);
}

TEST_F_TIMEOUT(fault, hang_next_and_watchdog, 60)
{
	long long hangs = counter("hangs"), resets = counter("resets");
	struct wse_xfer xf;
	uint32_t v = 5;
	uint64_t t0;
	int status;

	ASSERT_EQ(0, write_file(WSE_WATCHDOG, "200"));
	ASSERT_EQ(0, knob_set("hang_next", 1));
	one(&xf, &v, 0);
	t0 = now_ns();
	EXPECT_EQ(-ETIMEDOUT, wse_h2d(self->dev, &xf));
	EXPECT_LE(200000000ull, now_ns() - t0);
	EXPECT_NE(NULL, strstr(wse_errmsg(self->dev), "watchdog"));
	EXPECT_EQ(hangs + 1, counter("hangs"));
	EXPECT_LE(resets + 1, counter("resets"));
	/* nonblocking, then the channel works again */
	ASSERT_EQ(0, knob_set("hang_next", 1));
	one(&xf, &v, WSE_XFER_NONBLOCK);
	ASSERT_EQ(0, wse_h2d(self->dev, &xf));
	ASSERT_EQ(0, wse_wait(self->dev, xf.task_id, 10000000000ll, &status));
	EXPECT_EQ(-ETIMEDOUT, status);
	one(&xf, &v, 0);
	EXPECT_EQ(0, wse_h2d(self->dev, &xf));
	EXPECT_EQ(0, wse_close(self->dev));
	self->dev = NULL;
	expect_device_works(_metadata);
}

TEST_F(fault, latency_and_counters)
{
	long long desc = counter("descriptors"), h2d = counter("h2d_bytes");
	long long d2h = counter("d2h_bytes");
	uint32_t in[N * 8], out[N * 8];
	struct wse_xfer xf;
	uint64_t t0;

	ASSERT_LE(0, desc);
	for (int i = 0; i < N * 8; i++)
		in[i] = pattern(10, i, 0, 0);
	ASSERT_EQ(0, knob_set("latency_us", 100000));
	EXPECT_EQ(100000, knob_get("latency_us"));
	wse_xfer_init(&xf, in, 0, 0, RECT_W, RECT_H, 8, 64, WSE_DATA_32BIT,
		      WSE_ORDER_COL_MAJOR, 0);
	t0 = now_ns();
	ASSERT_EQ(0, wse_h2d(self->dev, &xf));
	EXPECT_LE(100000000ull, now_ns() - t0);
	memset(out, 0, sizeof(out));
	xf.host_ptr = (uintptr_t)out;
	ASSERT_EQ(0, wse_d2h(self->dev, &xf));
	EXPECT_EQ(0, memcmp(in, out, sizeof(in)));
	/* two channel bands per full copy */
	EXPECT_EQ(desc + 4, counter("descriptors"));
	EXPECT_EQ(h2d + (long long)sizeof(in), counter("h2d_bytes"));
	EXPECT_EQ(d2h + (long long)sizeof(out), counter("d2h_bytes"));
	/* above the maximum: refused, value kept */
	EXPECT_NE(0, knob_set("latency_us", 1000001));
	EXPECT_EQ(100000, knob_get("latency_us"));
}

static void expect_lost(struct __test_metadata *_metadata, int fd)
{
	struct wse_info info = { .size = sizeof(info) };
	struct wse_xfer xf;
	struct pollfd p = { .fd = fd, .events = POLLIN };
	uint32_t v;

	EXPECT_EQ(ENODEV, raw(fd, WSE_IOCTL_GET_INFO, &info));
	one(&xf, &v, 0);
	EXPECT_EQ(ENODEV, raw(fd, WSE_IOCTL_H2D, &xf));
	EXPECT_EQ(ENODEV, raw(fd, WSE_IOCTL_D2H, &xf));
	EXPECT_EQ(1, poll(&p, 1, 1000));
	EXPECT_EQ(POLLHUP | POLLERR, p.revents & (POLLHUP | POLLERR));
}

/* Start 3 tasks that stay in flight (latency) and return their ids. */
static void start_work(struct __test_metadata *_metadata, struct wse_dev *dev,
		       uint64_t ids[3], uint32_t *bufs)
{
	struct wse_xfer xf;

	ASSERT_EQ(0, knob_set("latency_us", 300000));
	for (int i = 0; i < 3; i++) {
		full(&xf, bufs + i * N, WSE_XFER_NONBLOCK);
		ASSERT_EQ(0, i == 1 ? wse_d2h(dev, &xf) : wse_h2d(dev, &xf));
		ids[i] = xf.task_id;
	}
}

/*
 * After the loss WAIT still works on this file's tasks: each one ended with
 * status -ENODEV (and its pages were unpinned: the pin counters and
 * pin_balance_test check that); every other ioctl is ENODEV.
 */
static void expect_tasks_enodev(struct __test_metadata *_metadata,
				struct wse_dev *dev, const uint64_t ids[3])
{
	struct wse_info info;

	for (int i = 0; i < 3; i++) {
		int status = 1;

		EXPECT_EQ(0, wse_wait(dev, ids[i], 5000000000ll, &status))
			TH_LOG("task %d: %s", i, wse_errmsg(dev));
		EXPECT_EQ(-ENODEV, status);
	}
	EXPECT_EQ(-ENOENT, wse_wait(dev, ids[0], 0, NULL));
	EXPECT_EQ(0, wse_wait_all(dev, -1, NULL));
	EXPECT_EQ(-ENODEV, wse_get_info(dev, &info));
}

TEST_F_TIMEOUT(fault, lose, 60)
{
	uint32_t bufs[3 * N];
	uint64_t ids[3];
	char state[32];
	uint64_t acq0, rel0, acq, rel;

	ASSERT_EQ(0, pin_counts(&acq0, &rel0));
	start_work(_metadata, self->dev, ids, bufs);
	self->reload = true;
	ASSERT_EQ(0, knob_set("lose", 1));
	expect_tasks_enodev(_metadata, self->dev, ids);
	expect_lost(_metadata, self->fd);
	EXPECT_EQ(0, sysfs_str("state", state, sizeof(state)));
	EXPECT_STREQ("lost", state);
	EXPECT_EQ(0, close(dup(self->fd)));
	EXPECT_EQ(0, wse_close(self->dev));
	self->dev = NULL;
	ASSERT_EQ(0, pin_counts(&acq, &rel));
	EXPECT_EQ(acq - acq0, rel - rel0);
	ASSERT_EQ(0, mock_reload(""));
	self->reload = false;
	expect_device_works(_metadata);
}

TEST_F_TIMEOUT(fault, surprise_remove, 60)
{
	uint32_t bufs[3 * N];
	uint64_t ids[3];

	start_work(_metadata, self->dev, ids, bufs);
	self->reload = true;
	ASSERT_EQ(0, knob_set("surprise_remove", 1));
	expect_tasks_enodev(_metadata, self->dev, ids);
	expect_lost(_metadata, self->fd);
	EXPECT_EQ(0, wse_close(self->dev));
	self->dev = NULL;
	ASSERT_EQ(0, mock_reload(""));
	self->reload = false;
	expect_device_works(_metadata);
}

TEST_F_TIMEOUT(fault, rmmod_with_work_in_flight, 60)
{
	uint32_t bufs[3 * N];
	uint64_t ids[3];

	start_work(_metadata, self->dev, ids, bufs);
	self->reload = true;
	ASSERT_EQ(0, mock_unload());
	expect_tasks_enodev(_metadata, self->dev, ids);
	expect_lost(_metadata, self->fd);
	EXPECT_EQ(0, wse_close(self->dev));
	self->dev = NULL;
	ASSERT_EQ(0, mock_reload(""));
	self->reload = false;
	expect_device_works(_metadata);
}

TEST_HARNESS_MAIN
