// SPDX-License-Identifier: GPL-2.0
/*
 * close_test - a hung device never holds a process: close() and exit
 * (SIGKILL) with a hung transfer return at once whatever watchdog_ms is,
 * with every pinned page released; WAIT restarts after a signal whose
 * handler has SA_RESTART (with the time left), and fails with EINTR
 * without it.  Hangs come from the wse_mock "hang_next" knob.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "wse_util.h"

#define BUF_WORDS	(RECT_W * RECT_H * 4096)	/* 256 KiB pinned */

FIXTURE(hung) {
	long long watchdog_ms;
	uint64_t acq, rel;
	uint32_t *buf;
};

FIXTURE_SETUP(hung)
{
	self->watchdog_ms = read_num(WSE_WATCHDOG);
	ASSERT_LT(0, self->watchdog_ms);
	knobs_reset();
	ASSERT_EQ(0, pin_counts(&self->acq, &self->rel));
	self->buf = calloc(BUF_WORDS, sizeof(uint32_t));
	ASSERT_NE(NULL, self->buf);
	/* a minute: only an immediate abort can end what follows in time */
	ASSERT_EQ(0, write_file(WSE_WATCHDOG, "60000"));
}

FIXTURE_TEARDOWN(hung)
{
	struct wse_dev *dev;
	uint64_t acq, rel;
	char b[32];

	knobs_reset();
	snprintf(b, sizeof(b), "%lld", self->watchdog_ms);
	write_file(WSE_WATCHDOG, b);
	/* every page pinned by the test is unpinned again */
	EXPECT_EQ(0, pin_counts(&acq, &rel));
	EXPECT_EQ(acq - self->acq, rel - self->rel);
	/* and the device can be configured again: nobody owns it */
	EXPECT_EQ(0, open_configured(&dev, RECT_W, RECT_H, RECT_CH));
	wse_close(dev);
	free(self->buf);
}

/* A nonblocking H2D of the whole buffer on a new owner; it hangs. */
static struct wse_dev *hung_h2d(struct __test_metadata *_metadata,
				uint32_t *buf, uint64_t *task)
{
	long long hangs = counter("hangs");
	struct wse_dev *dev;
	struct wse_xfer xf;

	if (open_configured(&dev, RECT_W, RECT_H, RECT_CH))
		return NULL;
	if (knob_set("hang_next", 1))
		return NULL;
	wse_xfer_init(&xf, buf, 0, 0, RECT_W, RECT_H, 4096, 0,
		      WSE_DATA_32BIT, WSE_ORDER_ROW_MAJOR, WSE_XFER_NONBLOCK);
	if (wse_h2d(dev, &xf))
		return NULL;
	*task = xf.task_id;
	for (int i = 0; i < 200 && counter("hangs") == hangs; i++)
		sleep_ms(10);
	EXPECT_EQ(hangs + 1, counter("hangs"));
	return dev;
}

TEST_F_TIMEOUT(hung, sigkill_exits_at_once, 120)
{
	uint64_t t0, dt;
	int pipefd[2], st;
	pid_t pid;
	char c;

	ASSERT_EQ(0, pipe(pipefd));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		struct wse_dev *dev;
		struct wse_xfer xf;

		close(pipefd[0]);
		if (open_configured(&dev, RECT_W, RECT_H, RECT_CH) ||
		    knob_set("hang_next", 1))
			_exit(1);
		wse_xfer_init(&xf, self->buf, 0, 0, RECT_W, RECT_H, 4096, 0,
			      WSE_DATA_32BIT, WSE_ORDER_ROW_MAJOR, 0);
		if (write(pipefd[1], "x", 1) != 1)
			_exit(1);
		/* blocking: hangs until the watchdog, a minute from now */
		wse_h2d(dev, &xf);
		_exit(2);
	}
	close(pipefd[1]);
	ASSERT_EQ(1, read(pipefd[0], &c, 1));
	close(pipefd[0]);
	sleep_ms(500);		/* the transfer is pinned and hung */
	t0 = now_ns();
	ASSERT_EQ(0, kill(pid, SIGKILL));
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	dt = now_ns() - t0;
	TH_LOG("SIGKILL to exit with a hung transfer: %.1f ms", dt / 1e6);
	EXPECT_TRUE(WIFSIGNALED(st));
	EXPECT_GT(1000000000ULL, dt);
}

TEST_F_TIMEOUT(hung, close_returns_at_once, 120)
{
	struct wse_dev *dev;
	uint64_t task, t0, dt;

	dev = hung_h2d(_metadata, self->buf, &task);
	ASSERT_NE(NULL, dev);
	t0 = now_ns();
	EXPECT_EQ(0, wse_close(dev));
	dt = now_ns() - t0;
	TH_LOG("close() with a hung transfer: %.1f ms", dt / 1e6);
	EXPECT_GT(1000000000ULL, dt);
}

static volatile sig_atomic_t signals;

static void on_signal(int sig)
{
	(void)sig;
	signals++;
}

/* WAIT for @task for 1 s, with SIGALRM after 200 ms; errno or 0. */
static int wait_with_alarm(struct wse_dev *dev, uint64_t task, int flags,
			   struct wse_wait *w)
{
	struct itimerval it = { .it_value = { .tv_usec = 200000 } };
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	memset(w, 0, sizeof(*w));
	w->size = sizeof(*w);
	w->task_id = task;
	w->timeout_ns = 1000000000;
	signals = 0;
	setitimer(ITIMER_REAL, &it, NULL);
	/* ioctl(2) itself: libwse retries EINTR */
	return ioctl(wse_fd(dev), WSE_IOCTL_WAIT, w) == -1 ? errno : 0;
}

TEST_F_TIMEOUT(hung, wait_restarts_with_sa_restart, 120)
{
	struct wse_dev *dev;
	struct wse_wait w;
	uint64_t task, t0, dt;

	dev = hung_h2d(_metadata, self->buf, &task);
	ASSERT_NE(NULL, dev);

	/* SA_RESTART: the handler runs, the WAIT goes on for the rest */
	t0 = now_ns();
	EXPECT_EQ(ETIMEDOUT, wait_with_alarm(dev, task, SA_RESTART, &w));
	dt = now_ns() - t0;
	EXPECT_EQ(1, signals);
	EXPECT_LE(950000000ULL, dt);
	EXPECT_GT(1500000000ULL, dt) TH_LOG("%.0f ms", dt / 1e6);

	/* without SA_RESTART: EINTR, and the time left is written back */
	t0 = now_ns();
	EXPECT_EQ(EINTR, wait_with_alarm(dev, task, 0, &w));
	dt = now_ns() - t0;
	EXPECT_EQ(1, signals);
	EXPECT_GT(900000000ULL, dt);
	EXPECT_LT(0, w.timeout_ns);
	EXPECT_GT(1000000000LL - 150000000LL, w.timeout_ns);
	signal(SIGALRM, SIG_DFL);
	EXPECT_EQ(0, wse_close(dev));
}

TEST_HARNESS_MAIN
