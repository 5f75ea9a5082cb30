// SPDX-License-Identifier: GPL-2.0
/*
 * obs_test - what the device shows to everyone: the wse tracepoints in
 * tracefs (submit, doorbell, completion, task end, launch, stall,
 * watchdog reset, device loss; a filter on their fields), per-file usage
 * in /proc/self/fdinfo, and the status and counter attributes in sysfs.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "wse_util.h"
#include <wse/sdkruntime.h>

#define TRACING "/sys/kernel/tracing"

static char trace_buf[1 << 20];

/*
 * record-cmd off: with it on, every enable and disable of an event flips
 * the sched_switch static key, which live-patches __schedule with int3
 * while the other vCPU runs it, a path where QEMU's multi-threaded TCG has
 * run a stale int3 ("Oops: int3", see tools/vm/common.sh). No check here
 * reads the comm it would record.
 */
static int tracing_setup(void)
{
	struct stat st;

	if (stat(TRACING "/events", &st) &&
	    mount("nodev", TRACING, "tracefs", 0, NULL))
		return -errno;
	write_file(TRACING "/events/wse/enable", "0");
	if (write_file(TRACING "/options/record-cmd", "0"))
		return -errno;
	write_file(TRACING "/events/wse/wse_submit/filter", "0");
	if (write_file(TRACING "/trace", ""))
		return -errno;
	return write_file(TRACING "/events/wse/enable", "1");
}

/* The trace so far (the events of this test only: setup cleared it). */
static const char *trace_text(void)
{
	int fd = open(TRACING "/trace", O_RDONLY | O_CLOEXEC);
	size_t len = 0;
	ssize_t n;

	trace_buf[0] = '\0';
	if (fd < 0)
		return trace_buf;
	while (len < sizeof(trace_buf) - 1 &&
	       (n = read(fd, trace_buf + len, sizeof(trace_buf) - 1 - len)) > 0)
		len += n;
	trace_buf[len] = '\0';
	close(fd);
	return trace_buf;
}

/* Lines of @text with every one of the ' '-separated words of @words. */
static int count_lines(const char *text, const char *words)
{
	char line[512], w[256], *tok, *save;
	const char *p = text, *nl;
	int n = 0;

	for (; *p; p = nl + 1) {
		bool all = true;

		nl = strchrnul(p, '\n');
		snprintf(line, sizeof(line), "%.*s", (int)(nl - p), p);
		snprintf(w, sizeof(w), "%s", words);
		for (tok = strtok_r(w, " ", &save); tok && all;
		     tok = strtok_r(NULL, " ", &save))
			all = strstr(line, tok) != NULL;
		n += all;
		if (!*nl)
			break;
	}
	return n;
}

FIXTURE(trace) {
	struct wse_dev *dev;
	long long watchdog_ms;
	bool reload;
};

FIXTURE_SETUP(trace)
{
	self->watchdog_ms = read_num(WSE_WATCHDOG);
	ASSERT_EQ(0, tracing_setup());
	ASSERT_EQ(0, open_configured(&self->dev, RECT_W, RECT_H, RECT_CH));
}

FIXTURE_TEARDOWN(trace)
{
	char buf[32];

	write_file(TRACING "/events/wse/enable", "0");
	write_file(TRACING "/events/wse/wse_submit/filter", "0");
	write_file(TRACING "/options/record-cmd", "1");
	snprintf(buf, sizeof(buf), "%lld", self->watchdog_ms);
	write_file(WSE_WATCHDOG, buf);
	if (!self->reload)
		knobs_reset();
	wse_close(self->dev);
	if (self->reload)
		EXPECT_EQ(0, mock_reload(""));
}

TEST_F(trace, copy_events_and_a_filter_on_fields)
{
	uint32_t in[RECT_W * RECT_H * 4], out[RECT_W * RECT_H * 4];
	char filter[64], words[128];
	struct wse_xfer xf;
	const char *t;

	/* only this process's H2D submissions (op 1: h2d) */
	snprintf(filter, sizeof(filter), "tgid == %d && op == 1", getpid());
	ASSERT_EQ(0, write_file(TRACING "/events/wse/wse_submit/filter", filter));
	for (unsigned int i = 0; i < RECT_W * RECT_H * 4; i++)
		in[i] = pattern(3, i, 0, 0);
	wse_xfer_init(&xf, in, 0, 0, RECT_W, RECT_H, 4, 0, WSE_DATA_32BIT,
		      WSE_ORDER_ROW_MAJOR, 0);
	ASSERT_EQ(0, wse_h2d(self->dev, &xf));
	xf.host_ptr = (uintptr_t)out;
	ASSERT_EQ(0, wse_d2h(self->dev, &xf));
	EXPECT_EQ(0, memcmp(in, out, sizeof(in)));

	t = trace_text();
	snprintf(words, sizeof(words), "wse_submit: dev=0 tgid=%d op=h2d bytes=%zu",
		 getpid(), sizeof(in));
	EXPECT_EQ(1, count_lines(t, words)) TH_LOG("%s", t);
	/* filtered out */
	EXPECT_EQ(0, count_lines(t, "wse_submit: op=d2h")) TH_LOG("%s", t);
	EXPECT_LE(1, count_lines(t, "wse_doorbell: dev=0 ch=")) TH_LOG("%s", t);
	/* two channels: each copy is two parts */
	EXPECT_LE(4, count_lines(t, "wse_completion: dev=0 status=0")) TH_LOG("%s", t);
	EXPECT_EQ(1, count_lines(t, "wse_task_end: dev=0 op=h2d status=0")) TH_LOG("%s", t);
	EXPECT_EQ(1, count_lines(t, "wse_task_end: dev=0 op=d2h status=0")) TH_LOG("%s", t);
}

TEST_F_TIMEOUT(trace, watchdog_reset_and_device_lost, 60)
{
	struct wse_xfer xf;
	uint32_t v = 1;
	const char *t;

	ASSERT_EQ(0, write_file(WSE_WATCHDOG, "200"));
	ASSERT_EQ(0, knob_set("hang_next", 1));
	wse_xfer_init(&xf, &v, 0, 0, 1, 1, 1, 0, WSE_DATA_32BIT,
		      WSE_ORDER_ROW_MAJOR, 0);
	EXPECT_EQ(-ETIMEDOUT, wse_h2d(self->dev, &xf));
	t = trace_text();
	EXPECT_EQ(1, count_lines(t, "wse_watchdog_reset: dev=0 ch=0 timeout_ms=200")) TH_LOG("%s", t);
	EXPECT_EQ(1, count_lines(t, "wse_task_end: dev=0 op=h2d status=-110")) TH_LOG("%s", t);

	self->reload = true;
	ASSERT_EQ(0, knob_set("lose", 1));
	for (int i = 0; i < 500 && !count_lines(trace_text(), "wse_device_lost:"); i++)
		sleep_ms(10);
	t = trace_text();
	EXPECT_EQ(1, count_lines(t, "wse_device_lost: dev=0 removed=0")) TH_LOG("%s", t);
}

TEST_F_TIMEOUT(trace, launch_and_stall, 60)
{
	enum { W = 3, H = 2, L = 400 };
	static uint32_t in[W * H * L];
	struct sdk_runtime *rt;
	sdk_symbol_t color;
	char words[64];
	const char *t;

	wse_close(self->dev);	/* the runtime configures its own */
	self->dev = NULL;
	ASSERT_EQ(0, sdk_create(test_bundle("stream-loop4"), NULL, &rt))
		TH_LOG("%s", sdk_errmsg(NULL));
	ASSERT_EQ(0, sdk_load(rt)) TH_LOG("%s", sdk_errmsg(rt));
	ASSERT_EQ(0, sdk_run(rt)) TH_LOG("%s", sdk_errmsg(rt));
	ASSERT_EQ(0, sdk_launch(rt, "bias", false, NULL, SDK_U32(7)))
		TH_LOG("%s", sdk_errmsg(rt));
	t = trace_text();
	snprintf(words, sizeof(words), "wse_launch: dev=0 tgid=%d", getpid());
	EXPECT_EQ(1, count_lines(t, words)) TH_LOG("%s", t);
	EXPECT_EQ(1, count_lines(t, "wse_launch: argc=1")) TH_LOG("%s", t);
	EXPECT_EQ(1, count_lines(t, "wse_task_end: op=run status=0")) TH_LOG("%s", t);
	EXPECT_EQ(1, count_lines(t, "wse_task_end: op=launch status=0")) TH_LOG("%s", t);

	/* an h2d stream nobody drains stalls the fabric (stream_test) */
	ASSERT_EQ(0, sdk_get_color(rt, "MEMCPYH2D_DATA_1_ID", &color));
	EXPECT_EQ(-EDEADLK, sdk_memcpy_h2d(rt, color, in, 0, 0, W, H, L, true,
					   MEMCPY_32BIT, ROW_MAJOR, false, NULL));
	t = trace_text();
	/* one per channel the stream was split over */
	EXPECT_LE(1, count_lines(t, "wse_stall: dev=0 op=h2d_stream")) TH_LOG("%s", t);
	EXPECT_LE(1, count_lines(t, "wse_completion: status=-35")) TH_LOG("%s", t);
	EXPECT_EQ(0, sdk_stop(rt)) TH_LOG("%s", sdk_errmsg(rt));
	sdk_destroy(rt);
}

/* "key:\tvalue" of @key in /proc/self/fdinfo/@fd, as a number (-1: none). */
static long long fdinfo_num(int fd, const char *key)
{
	char path[64], buf[2048], *p;
	size_t len = strlen(key);

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	if (read_file(path, buf, sizeof(buf)))
		return -1;
	for (p = buf; (p = strstr(p, key)); p += len)
		if ((p == buf || p[-1] == '\n') && p[len] == ':')
			return strtoll(p + len + 1, NULL, 0);
	return -1;
}

static bool fdinfo_has(int fd, const char *line)
{
	char path[64], buf[2048];

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	return !read_file(path, buf, sizeof(buf)) && strstr(buf, line);
}

TEST(fdinfo_counts_this_file_only)
{
	uint32_t in[RECT_W * RECT_H * 8];
	struct wse_dev *dev, *other;
	struct wse_xfer xf;
	int fd, ofd;

	ASSERT_EQ(0, open_configured(&dev, RECT_W, RECT_H, RECT_CH));
	ASSERT_EQ(0, wse_open(WSE_NODE, &other));
	fd = wse_fd(dev);
	ofd = wse_fd(other);
	EXPECT_TRUE(fdinfo_has(fd, "wse-device:\twse0\n"));
	EXPECT_TRUE(fdinfo_has(fd, "wse-owner:\tyes\n"));
	EXPECT_TRUE(fdinfo_has(ofd, "wse-owner:\tno\n"));
	EXPECT_NE(fdinfo_num(fd, "wse-client-id"), fdinfo_num(ofd, "wse-client-id"));
	EXPECT_EQ(0, fdinfo_num(fd, "wse-tasks"));
	EXPECT_EQ(0, fdinfo_num(fd, "wse-engine-fabric"));

	memset(in, 0x5a, sizeof(in));
	wse_xfer_init(&xf, in, 0, 0, RECT_W, RECT_H, 8, 0, WSE_DATA_32BIT,
		      WSE_ORDER_ROW_MAJOR, 0);
	ASSERT_EQ(0, knob_set("latency_us", 20000));
	ASSERT_EQ(0, wse_h2d(dev, &xf));
	ASSERT_EQ(0, wse_d2h(dev, &xf));
	ASSERT_EQ(0, wse_d2h(dev, &xf));
	knobs_reset();
	EXPECT_EQ(3, fdinfo_num(fd, "wse-tasks"));
	EXPECT_EQ(0, fdinfo_num(fd, "wse-tasks-active"));
	EXPECT_EQ((long long)sizeof(in), fdinfo_num(fd, "wse-bytes-h2d"));
	EXPECT_EQ(2 * (long long)sizeof(in), fdinfo_num(fd, "wse-bytes-d2h"));
	/* three tasks of >= 20 ms latency each, one after the other */
	EXPECT_LE(60000000, fdinfo_num(fd, "wse-engine-fabric"));
	EXPECT_TRUE(fdinfo_has(fd, " ns"));
	EXPECT_EQ(0, fdinfo_num(ofd, "wse-tasks"));
	EXPECT_EQ(0, fdinfo_num(ofd, "wse-bytes-h2d"));
	EXPECT_EQ(0, fdinfo_num(ofd, "wse-engine-fabric"));
	wse_close(other);
	wse_close(dev);
}

TEST(sysfs_status_and_counters)
{
	long long sub = sysfs_num("stats/tasks_submitted");
	long long done = sysfs_num("stats/tasks_completed");
	long long h2d = sysfs_num("stats/bytes_h2d");
	uint32_t in[RECT_W * RECT_H];
	struct wse_dev *dev;
	struct wse_xfer xf;
	char buf[256];
	struct stat st;
	int status;

	ASSERT_LE(0, sub);
	EXPECT_EQ(0, sysfs_num("owner_pid"));
	EXPECT_EQ(0, sysfs_num("tasks_inflight"));
	ASSERT_EQ(0, open_configured(&dev, RECT_W, RECT_H, RECT_CH));
	EXPECT_EQ(getpid(), sysfs_num("owner_pid"));
	/* nothing loaded: no fault, no stall; the PEs are all halted */
	ASSERT_EQ(0, sysfs_str("last_fault", buf, sizeof(buf)));
	EXPECT_STREQ("none", buf);
	ASSERT_EQ(0, sysfs_str("last_stall", buf, sizeof(buf)));
	EXPECT_STREQ("none", buf);

	/* a task held in flight by the mock's latency */
	memset(in, 1, sizeof(in));
	wse_xfer_init(&xf, in, 0, 0, RECT_W, RECT_H, 1, 0, WSE_DATA_32BIT,
		      WSE_ORDER_ROW_MAJOR, WSE_XFER_NONBLOCK);
	ASSERT_EQ(0, knob_set("latency_us", 300000));
	ASSERT_EQ(0, wse_h2d(dev, &xf));
	EXPECT_EQ(1, sysfs_num("tasks_inflight"));
	ASSERT_EQ(0, wse_wait(dev, xf.task_id, 10000000000ll, &status));
	EXPECT_EQ(0, status);
	knobs_reset();
	EXPECT_EQ(0, sysfs_num("tasks_inflight"));
	EXPECT_EQ(sub + 1, sysfs_num("stats/tasks_submitted"));
	EXPECT_EQ(done + 1, sysfs_num("stats/tasks_completed"));
	EXPECT_EQ(h2d + (long long)sizeof(in), sysfs_num("stats/bytes_h2d"));
	wse_close(dev);
	EXPECT_EQ(0, sysfs_num("owner_pid"));
	/* world-readable, not writable */
	ASSERT_EQ(0, stat(WSE_SYSFS "/stats/tasks_submitted", &st));
	EXPECT_EQ(0444, st.st_mode & 0777);
	ASSERT_EQ(0, stat(WSE_SYSFS "/last_fault", &st));
	EXPECT_EQ(0444, st.st_mode & 0777);
}

TEST_HARNESS_MAIN
