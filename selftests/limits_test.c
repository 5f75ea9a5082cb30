// SPDX-License-Identifier: GPL-2.0
/*
 * limits_test - the ABI's fixed limits and what a file may hold:
 * first published struct sizes (WSE_*_SIZE_VER0), ENOTTY before ENODEV,
 * pins charged to RLIMIT_MEMLOCK / VmPin and bounded per file description
 * (WSE_MAX_PINNED_BYTES), one transfer bounded (WSE_MAX_XFER_BYTES), and
 * LOAD copying the user's program before the removal gate (a LOAD blocked
 * on a userfaultfd page must not hold up device removal).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/userfaultfd.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "wse_util.h"

#define N (RECT_W * RECT_H)

/* Without CAP_IPC_LOCK RLIMIT_MEMLOCK applies (the VM runs as root). */
static int drop_ipc_lock(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d))
		return -1;
	d[CAP_IPC_LOCK / 32].effective &= ~(1u << (CAP_IPC_LOCK % 32));
	d[CAP_IPC_LOCK / 32].permitted &= ~(1u << (CAP_IPC_LOCK % 32));
	return syscall(SYS_capset, &h, d);
}

TEST(struct_sizes_are_the_first_published_ones)
{
	struct { struct wse_info i; uint8_t tail[8]; } big;
	struct wse_wait w;
	int fd = open_node();

	ASSERT_LE(0, fd);
	/* The numbers of ABI version 1, fixed forever. */
	EXPECT_EQ(64, WSE_INFO_SIZE_VER0);
	EXPECT_EQ(80, WSE_XFER_SIZE_VER0);
	EXPECT_EQ(104, WSE_LAUNCH_SIZE_VER0);
	EXPECT_EQ(56, WSE_LOAD_SIZE_VER0);
	EXPECT_EQ(48, WSE_WAIT_SIZE_VER0);
	memset(&big, 0, sizeof(big));
	big.i.size = WSE_INFO_SIZE_VER0 - 4;
	EXPECT_EQ(EINVAL, raw(fd, WSE_IOCTL_GET_INFO, &big));
	/* A newer caller's longer struct with a zero tail works... */
	big.i.size = sizeof(big);
	EXPECT_EQ(0, raw(fd, WSE_IOCTL_GET_INFO, &big));
	EXPECT_EQ(sizeof(struct wse_info), big.i.size);
	EXPECT_EQ(WSE_MAX_TASKS, big.i.max_tasks);
	/* ...and its tail is left alone. */
	big.tail[7] = 0;
	EXPECT_EQ(0, big.tail[7]);
	big.tail[3] = 1;
	big.i.size = sizeof(big);
	EXPECT_EQ(E2BIG, raw(fd, WSE_IOCTL_GET_INFO, &big));
	memset(&w, 0, sizeof(w));
	w.size = WSE_WAIT_SIZE_VER0 - 1;
	EXPECT_EQ(EINVAL, raw(fd, WSE_IOCTL_WAIT, &w));
	w.size = WSE_WAIT_SIZE_VER0;
	w.flags = WSE_WAIT_ALL;
	EXPECT_EQ(0, raw(fd, WSE_IOCTL_WAIT, &w));
	close(fd);
}


FIXTURE(lim) {
	struct wse_dev *dev;
	int fd;
	bool reload;
};

FIXTURE_SETUP(lim)
{
	ASSERT_EQ(0, open_configured(&self->dev, RECT_W, RECT_H, RECT_CH));
	self->fd = wse_fd(self->dev);
}

FIXTURE_TEARDOWN(lim)
{
	if (!self->reload)
		knobs_reset();
	wse_close(self->dev);
	if (self->reload)
		EXPECT_EQ(0, mock_reload(""));
}

TEST_F(lim, unknown_ioctl_after_loss_is_enotty)
{
	struct wse_info info;

	self->reload = true;
	ASSERT_EQ(0, knob_set("lose", 1));
	EXPECT_EQ(ENOTTY, raw(self->fd, _IO(WSE_IOCTL_BASE, 0x20), NULL));
	EXPECT_EQ(ENOTTY, raw(self->fd, _IOWR(WSE_IOCTL_BASE + 1, 0, struct wse_info), &info));
	EXPECT_EQ(-ENODEV, wse_get_info(self->dev, &info));
	EXPECT_EQ(-ENODEV, wse_run(self->dev));
}

TEST_F(lim, one_transfer_is_bounded)
{
	struct wse_xfer xf;
	static uint32_t buf[N];

	/* w * h * l * 4 = 64 MiB: past the size check (EBADFD: not running) */
	wse_xfer_init_stream(&xf, buf, 0, 0, RECT_W, RECT_H,
			     WSE_MAX_XFER_BYTES / 4 / N, 1, WSE_DATA_32BIT,
			     WSE_ORDER_ROW_MAJOR, 0);
	xf.host_bytes = WSE_MAX_XFER_BYTES;
	EXPECT_EQ(EBADFD, raw(self->fd, WSE_IOCTL_H2D, &xf));
	xf.l++;
	xf.host_bytes += 4 * N;
	EXPECT_EQ(EINVAL, raw(self->fd, WSE_IOCTL_H2D, &xf));
}

TEST_F_TIMEOUT(lim, pinned_bytes_per_file_are_bounded, 120)
{
	size_t l = WSE_PE_MEMORY_BYTES / 4, bytes = (size_t)N * l * 4;
	uint32_t *buf = aligned_alloc(4096, bytes);	/* whole pages */
	unsigned int i, ok = 0, done;
	struct wse_xfer xf;
	uint64_t t0;
	int err = 0;

	ASSERT_NE(NULL, buf);
	memset(buf, 0, bytes);
	/* Slow tasks: each keeps its buffer pinned while the next come. */
	ASSERT_EQ(0, knob_set("latency_us", 1000000));
	t0 = now_ns();
	for (i = 0; i < 2 * (WSE_MAX_PINNED_BYTES / bytes) + 8; i++) {
		wse_xfer_init(&xf, buf, 0, 0, RECT_W, RECT_H, l, 0,
			      WSE_DATA_32BIT, WSE_ORDER_ROW_MAJOR,
			      WSE_XFER_NONBLOCK);
		err = wse_h2d(self->dev, &xf);
		if (err)
			break;
		ok++;
	}
	/*
	 * Tasks that finished meanwhile gave their room back: a task takes a
	 * 1 s latency per descriptor, its parts in parallel, so at most one
	 * per second of the loop (a slow, e.g. debug, kernel takes seconds).
	 */
	done = (now_ns() - t0) / 1000000000ULL + 1;
	EXPECT_EQ(-EAGAIN, err);
	EXPECT_LE(WSE_MAX_PINNED_BYTES / bytes, ok);
	EXPECT_GE(WSE_MAX_PINNED_BYTES / bytes + 6 + done, ok);
	EXPECT_NE(NULL, strstr(wse_errmsg(self->dev), "WSE_MAX_PINNED_BYTES"));
	ASSERT_EQ(0, knob_set("latency_us", 0));
	EXPECT_EQ(0, wse_wait_all(self->dev, -1, NULL));
	/* Reaped: the room is back. */
	wse_xfer_init(&xf, buf, 0, 0, RECT_W, RECT_H, l, 0, WSE_DATA_32BIT,
		      WSE_ORDER_ROW_MAJOR, 0);
	EXPECT_EQ(0, wse_h2d(self->dev, &xf));
	free(buf);
}

/* In a child: the limit and the dropped capability stay there. */
static int memlock_child(void)
{
	size_t l = 2048, small = 64, bytes = (size_t)N * l * 4;
	struct rlimit rl = { 64 << 10, 64 << 10 };
	struct wse_dev *dev;
	struct wse_xfer xf;
	uint32_t *buf;

	if (drop_ipc_lock() || setrlimit(RLIMIT_MEMLOCK, &rl))
		return 10;
	buf = aligned_alloc(4096, bytes);
	if (!buf || open_configured(&dev, RECT_W, RECT_H, RECT_CH))
		return 11;
	memset(buf, 0, bytes);
	/* 128 KiB over a 64 KiB limit: ENOMEM, and said why */
	wse_xfer_init(&xf, buf, 0, 0, RECT_W, RECT_H, l, 0, WSE_DATA_32BIT,
		      WSE_ORDER_ROW_MAJOR, 0);
	if (wse_h2d(dev, &xf) != -ENOMEM)
		return 12;
	if (!strstr(wse_errmsg(dev), "RLIMIT_MEMLOCK"))
		return 13;
	if (vm_pin_kb() != 0)
		return 14;
	/* 4 KiB under it: works, and is charged while it is pending */
	if (knob_set("latency_us", 300000))
		return 15;
	wse_xfer_init(&xf, buf, 0, 0, RECT_W, RECT_H, small, 0, WSE_DATA_32BIT,
		      WSE_ORDER_ROW_MAJOR, WSE_XFER_NONBLOCK);
	if (wse_h2d(dev, &xf))
		return 16;
	if (vm_pin_kb() <= 0)
		return 17;
	knob_set("latency_us", 0);
	if (wse_wait(dev, xf.task_id, -1, NULL))
		return 18;
	/* Uncharged once it finished. */
	if (vm_pin_kb() != 0)
		return 19;
	wse_close(dev);
	return 0;
}

TEST_F(lim, pins_are_charged_to_rlimit_memlock)
{
	int status;
	pid_t pid;

	/* The fixture's file must not own the device for the child. */
	ASSERT_EQ(0, wse_stop(self->dev));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(memlock_child());
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	EXPECT_EQ(0, vm_pin_kb());
}

struct load_arg {
	struct wse_dev *dev;
	struct wse_load ld;
	int ret;
};

static void *load_thread(void *p)
{
	struct load_arg *a = p;

	a->ret = wse_load(a->dev, &a->ld);
	return NULL;
}

TEST_F_TIMEOUT(lim, load_blocked_on_user_memory_does_not_stall_removal, 60)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg;
	struct load_arg a = { .dev = self->dev };
	struct stat st;
	pthread_t th;
	long page = sysconf(_SC_PAGESIZE);
	void *mem;
	int uffd, i;

	uffd = syscall(SYS_userfaultfd, O_CLOEXEC);
	if (uffd < 0)
		SKIP(return, "no userfaultfd (%s)", strerror(errno));
	ASSERT_EQ(0, ioctl(uffd, UFFDIO_API, &api));
	mem = mmap(NULL, page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, mem);
	reg.range.start = (uintptr_t)mem;
	reg.range.len = page;
	reg.mode = UFFDIO_REGISTER_MODE_MISSING;
	ASSERT_EQ(0, ioctl(uffd, UFFDIO_REGISTER, &reg));

	/* The image descriptors live on the page nobody will fault in. */
	memset(&a.ld, 0, sizeof(a.ld));
	a.ld.size = sizeof(a.ld);
	a.ld.nr_images = 1;
	a.ld.images = (uintptr_t)mem;
	a.ld.pe_map = (uintptr_t)mem;
	ASSERT_EQ(0, pthread_create(&th, NULL, load_thread, &a));
	sleep_ms(300);

	self->reload = true;
	ASSERT_EQ(0, knob_set("surprise_remove", 1));
	for (i = 0; i < 500 && !stat(WSE_NODE, &st); i++)
		sleep_ms(10);
	EXPECT_NE(0, stat(WSE_NODE, &st)) {
		TH_LOG("removal waited for the LOAD blocked on user memory");
	}
	/* Closing the userfaultfd lets the copy finish: a zero image. */
	close(uffd);
	ASSERT_EQ(0, pthread_join(th, NULL));
	EXPECT_EQ(-ENOEXEC, a.ret);
	munmap(mem, page);
}

TEST_HARNESS_MAIN
