// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * unit_test.c - libwse without a device: argument validation, messages,
 * errno meanings.  Handles are made around /dev/null, so a call whose
 * arguments pass the library's checks reaches ioctl(2) and fails with
 * ENOTTY, which also shows how kernel errors are reported.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "wse_internal.h"

static const struct wse_info dev_info = {
	.size = sizeof(struct wse_info), .abi_version = WSE_ABI_VERSION,
	.arch = WSE_ARCH_WSE3, .fabric_width = 32, .fabric_height = 24,
	.channels_per_edge = 62, .max_channels = WSE_MAX_CHANNELS,
	.pe_memory_bytes = WSE_PE_MEMORY_BYTES, .max_tasks = WSE_MAX_TASKS,
	.ring_depth = 64, .max_rect_pes = 550,
};

static struct wse_dev *fake_dev(const struct wse_info *info,
				const struct wse_configure *cfg)
{
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);

	return fd < 0 ? NULL : wse__dev_new(fd, info, cfg);
}

/* Set the field at @off (of @size bytes) of a structure to @v. */
static void set_field(void *s, size_t off, size_t size, uint64_t v)
{
	uint32_t v32 = (uint32_t)v;

	if (size == sizeof(v32))
		memcpy((char *)s + off, &v32, sizeof(v32));
	else
		memcpy((char *)s + off, &v, sizeof(v));
}

struct mutation {
	size_t off, size;
	uint64_t value;
};

#define SET(type, field, v) \
	{ offsetof(struct type, field), sizeof(((struct type *)0)->field), v }

/* ---- errno meanings ---------------------------------------------------- */

TEST(strerror_names_every_abi_errno)
{
	static const struct { int err; const char *name; } abi[] = {
		{ ENOTTY, "ENOTTY" }, { EINVAL, "EINVAL" }, { E2BIG, "E2BIG" },
		{ EFAULT, "EFAULT" }, { ENOENT, "ENOENT" }, { EPERM, "EPERM" },
		{ EBUSY, "EBUSY" }, { ENOSPC, "ENOSPC" }, { EAGAIN, "EAGAIN" },
		{ ETIMEDOUT, "ETIMEDOUT" }, { EINTR, "EINTR" }, { EIO, "EIO" },
		{ ENODEV, "ENODEV" }, { ENOMEM, "ENOMEM" },
		{ EOPNOTSUPP, "EOPNOTSUPP" }, { ECANCELED, "ECANCELED" },
		{ EDEADLK, "EDEADLK" }, { EBADFD, "EBADFD" },
		{ ENOEXEC, "ENOEXEC" },
	};

	for (size_t i = 0; i < sizeof(abi) / sizeof(abi[0]); i++) {
		const char *s = wse_strerror(-abi[i].err);

		EXPECT_EQ(0, strncmp(s, abi[i].name, strlen(abi[i].name)))
			TH_LOG("%d: %s", abi[i].err, s);
		EXPECT_EQ(':', s[strlen(abi[i].name)]);
		EXPECT_STREQ(s, wse_strerror(abi[i].err));
	}
	EXPECT_STREQ(strerror(EXDEV), wse_strerror(-EXDEV));
	EXPECT_NE(NULL, strstr(wse_strerror(-EAGAIN), "unreaped"));
}

TEST(kernel_errno_is_explained_for_the_call)
{
	static const struct {
		enum wse_call call;
		int err;
		const char *msg;
	} cases[] = {
		{ WSE_CALL_H2D, -EAGAIN, "wse_h2d: EAGAIN: this handle has WSE_MAX_TASKS unreaped tasks" },
		{ WSE_CALL_H2D, -EFAULT, "wse_h2d: EFAULT: the host array (or the argument) is not readable" },
		{ WSE_CALL_D2H, -EFAULT, "wse_d2h: EFAULT: the host array (or the argument) is not writable" },
		{ WSE_CALL_D2H, -EBUSY, "wse_d2h: EBUSY: the device is configured by another open file" },
		{ WSE_CALL_CONFIGURE, -EBUSY, "wse_configure: EBUSY: the device is already configured" },
		{ WSE_CALL_STOP, -EPERM, "wse_stop: EPERM: this handle has not configured" },
		{ WSE_CALL_LAUNCH, -EPERM, "wse_launch: EPERM: work submitted on a handle that has not configured" },
		{ WSE_CALL_LAUNCH, -EOPNOTSUPP, "wse_launch: EOPNOTSUPP: this driver does not execute PE functions" },
		{ WSE_CALL_WAIT, -ETIMEDOUT, "wse_wait: ETIMEDOUT: the timeout expired" },
		{ WSE_CALL_H2D, -ETIMEDOUT, "wse_h2d: ETIMEDOUT: the device watchdog" },
		{ WSE_CALL_WAIT, -EINTR, "wse_wait: EINTR: interrupted by a signal; nothing reaped" },
		{ WSE_CALL_QUERY, -ENOENT, "wse_query: ENOENT: no such task on this handle" },
		{ WSE_CALL_GET_INFO, -ENODEV, "wse_get_info: ENODEV: the device is gone" },
		{ WSE_CALL_H2D, -ENOSPC, "wse_h2d: ENOSPC: the PE range" },
		{ WSE_CALL_CONFIGURE, -ENOSPC, "wse_configure: ENOSPC: the device cannot hold" },
		{ WSE_CALL_QUERY, -EXDEV, "wse_query: error: Invalid cross-device link" },
		{ WSE_CALL_D2H, -EDEADLK, "wse_d2h: EDEADLK: the fabric stalled: no wavelet moved" },
		{ WSE_CALL_LAUNCH, -EDEADLK, "wse_launch: EDEADLK: the fabric stalled" },
		{ WSE_CALL_RUN, -EDEADLK, "wse_run: EDEADLK: the fabric stalled during the PEs' init" },
		{ WSE_CALL_WAIT, -EDEADLK, "wse_wait: EDEADLK: the fabric stalled (no wavelet moved" },
		{ WSE_CALL_H2D, -EBADFD, "wse_h2d: EBADFD: a copy by symbol needs a loaded program, a streaming transfer a running one" },
		{ WSE_CALL_GET_STALL, -ENOENT, "wse_get_stall: ENOENT: no task has stalled since the program was loaded" },
	};
	struct wse_dev *dev = fake_dev(NULL, NULL);

	ASSERT_NE(NULL, dev);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		EXPECT_EQ(cases[i].err,
			  wse__fail_errno(dev, cases[i].call, cases[i].err));
		EXPECT_EQ(0, strncmp(wse_errmsg(dev), cases[i].msg,
				     strlen(cases[i].msg)))
			TH_LOG("got \"%s\"", wse_errmsg(dev));
	}
	wse_close(dev);
}

/* ---- handles ------------------------------------------------------------- */

TEST(abi_version_mismatch_is_refused_with_a_message)
{
	struct wse_info other = dev_info;
	struct wse_dev *dev = fake_dev(NULL, NULL);

	ASSERT_NE(NULL, dev);
	EXPECT_EQ(0, wse__check_abi(dev, &dev_info));
	other.abi_version = WSE_ABI_VERSION + 1;
	EXPECT_EQ(-EPROTO, wse__check_abi(dev, &other));
	EXPECT_NE(NULL, strstr(wse_errmsg(dev), "wse_get_info: EPROTO: the driver reports info.abi_version"));
	EXPECT_NE(NULL, strstr(wse_strerror(-EPROTO), "ABI version"));
	wse_close(dev);
}

TEST(open_errors)
{
	struct wse_dev *dev = (struct wse_dev *)1;

	EXPECT_EQ(-ENOENT, wse_open("/nonexistent/wse0", &dev));
	EXPECT_EQ(NULL, dev);
	dev = (struct wse_dev *)1;
	EXPECT_EQ(-ENOTTY, wse_open("/dev/null", &dev));
	EXPECT_EQ(NULL, dev);
	EXPECT_EQ(-EINVAL, wse_open(NULL, NULL));
	dev = (struct wse_dev *)1;
	EXPECT_EQ(-EINVAL, wse_open_index(-1, &dev));
	EXPECT_EQ(NULL, dev);
}

TEST(null_handle)
{
	struct wse_xfer xf;
	struct wse_launch ln;
	struct wse_configure cfg;
	struct wse_info info;
	int st;

	wse_xfer_init(&xf, &st, 0, 0, 1, 1, 1, 0, 0, 0, 0);
	wse_launch_init(&ln, 0, NULL, 0, 0);
	wse_configure_init(&cfg, 1, 1, 4, 1, 8, 3, 1);
	EXPECT_EQ(-EINVAL, wse_fd(NULL));
	EXPECT_STREQ("", wse_errmsg(NULL));
	EXPECT_EQ(0, wse_close(NULL));
	EXPECT_EQ(-EINVAL, wse_get_info(NULL, &info));
	EXPECT_EQ(-EINVAL, wse_configure(NULL, &cfg));
	EXPECT_EQ(-EINVAL, wse_stop(NULL));
	EXPECT_EQ(-EINVAL, wse_h2d(NULL, &xf));
	EXPECT_EQ(-EINVAL, wse_d2h(NULL, &xf));
	EXPECT_EQ(-EINVAL, wse_launch(NULL, &ln));
	EXPECT_EQ(-EINVAL, wse_wait(NULL, 1, 0, &st));
	EXPECT_EQ(-EINVAL, wse_wait_all(NULL, 0, &st));
	EXPECT_EQ(-EINVAL, wse_query(NULL, 1, &st));
}

TEST(raw_ioctl_preserves_errno)
{
	int fd = open("/dev/null", O_RDWR);
	struct wse_xfer xf;

	ASSERT_LE(0, fd);
	memset(&xf, 0, sizeof(xf));
	errno = 0;
	EXPECT_EQ(-1, wse_ioctl(fd, WSE_IOCTL_H2D, &xf));
	EXPECT_EQ(ENOTTY, errno);
	errno = 0;
	EXPECT_EQ(-1, wse_ioctl(-1, WSE_IOCTL_WAIT, &xf));
	EXPECT_EQ(EBADF, errno);
	close(fd);
}

/* @got equals @want, or starts with it when @prefix_only. */
static void expect_msg(struct __test_metadata *_metadata, const char *want,
		       const char *got, bool prefix_only)
{
	size_t n = prefix_only ? strlen(want) : strlen(want) + 1;

	EXPECT_EQ(0, strncmp(want, got, n)) {
		TH_LOG("want \"%s\"%s, got \"%s\"", want,
		       prefix_only ? "..." : "", got);
	}
}

/* ---- configure ----------------------------------------------------------- */

struct cfg_case {
	struct mutation m[3];
	int err;
	const char *msg;	/* the whole message */
};

static const struct cfg_case cfg_cases[] = {
	{ { SET(wse_configure, channels, 0) }, -EINVAL, "wse_configure: channels 0 is outside 1..16" },
	{ { SET(wse_configure, channels, 17) }, -EINVAL, "wse_configure: channels 17 is outside 1..16" },
	{ { SET(wse_configure, width, 0) }, -EINVAL, "wse_configure: width 0 < 1" },
	{ { SET(wse_configure, height, 0) }, -EINVAL, "wse_configure: height 0 < 1" },
	{ { SET(wse_configure, offset_x, 3) }, -EINVAL, "wse_configure: offset_x 3 < 4 + west_buf 0 = 4" },
	{ { SET(wse_configure, west_buf, 2), SET(wse_configure, offset_x, 5) }, -EINVAL, "wse_configure: offset_x 5 < 4 + west_buf 2 = 6" },
	{ { SET(wse_configure, offset_y, 0) }, -EINVAL, "wse_configure: offset_y 0 < 1" },
	{ { SET(wse_configure, dim_x, 9) }, -EINVAL, "wse_configure: dim_x 9 < offset_x 4 + width 4 + 3 + east_buf 0 = 11" },
	{ { SET(wse_configure, east_buf, 1) }, -EINVAL, "wse_configure: dim_x 11 < offset_x 4 + width 4 + 3 + east_buf 1 = 12" },
	{ { SET(wse_configure, dim_y, 5) }, -EINVAL, "wse_configure: dim_y 5 < offset_y 1 + height 4 + 1 = 6" },
	{ { SET(wse_configure, dim_x, 33) }, -EINVAL, "wse_configure: fabric dims 33x6 exceed the device's 32x24" },
	{ { SET(wse_configure, dim_y, 25) }, -EINVAL, "wse_configure: fabric dims 11x25 exceed the device's 32x24" },
	{ { SET(wse_configure, width, 25), SET(wse_configure, dim_x, 32) }, -ENOSPC, "wse_configure: width 25 * height 4 = 100 PEs > max_rect_pes 99 of the device" },
	{ { SET(wse_configure, flags, 1) }, -EINVAL, "wse_configure: flags 0x1 has unknown bits 0x1" },
	{ { SET(wse_configure, reserved[4], 7) }, -EINVAL, "wse_configure: reserved[4] is 7, must be 0" },
	{ { SET(wse_configure, width, 0xffffffff) }, -EINVAL, "wse_configure: dim_x 11 < offset_x 4 + width 4294967295 + 3 + east_buf 0 = 4294967302" },
	/* valid (limits exactly met): reaches the ioctl */
	{ { SET(wse_configure, channels, 16) }, -ENOTTY, "wse_configure: ENOTTY: unknown ioctl" },
	{ { SET(wse_configure, width, 24), SET(wse_configure, dim_x, 31) }, -ENOTTY, "wse_configure: ENOTTY: unknown ioctl" },
	{ { SET(wse_configure, west_buf, 2), SET(wse_configure, offset_x, 6), SET(wse_configure, dim_x, 13) }, -ENOTTY, "wse_configure: ENOTTY: unknown ioctl" },
};

TEST(configure_checks)
{
	struct wse_info info = dev_info;
	struct wse_dev *dev;

	info.max_rect_pes = 99;
	dev = fake_dev(&info, NULL);
	ASSERT_NE(NULL, dev);
	for (size_t i = 0; i < sizeof(cfg_cases) / sizeof(cfg_cases[0]); i++) {
		const struct cfg_case *c = &cfg_cases[i];
		struct wse_configure cfg;

		wse_configure_init(&cfg, 4, 4, 4, 1, 11, 6, 2);
		for (int j = 0; j < 3; j++)
			if (c->m[j].size)
				set_field(&cfg, c->m[j].off, c->m[j].size,
					  c->m[j].value);
		EXPECT_EQ(c->err, wse_configure(dev, &cfg)) TH_LOG("case %zu", i);
		expect_msg(_metadata, c->msg, wse_errmsg(dev),
			   c->err == -ENOTTY);
	}
	EXPECT_EQ(-EINVAL, wse_configure(dev, NULL));
	EXPECT_STREQ("wse_configure: cfg is NULL", wse_errmsg(dev));
	wse_close(dev);
}

TEST(configure_without_device_limits_and_twice)
{
	struct wse_configure cfg;
	struct wse_dev *dev = fake_dev(NULL, NULL);

	ASSERT_NE(NULL, dev);
	/* device unknown: fabric limits are left to the kernel */
	wse_configure_init(&cfg, 200, 4, 4, 1, 207, 6, 1);
	EXPECT_EQ(-ENOTTY, wse_configure(dev, &cfg));
	wse_close(dev);

	wse_configure_init(&cfg, 4, 4, 4, 1, 11, 6, 2);
	dev = fake_dev(&dev_info, &cfg);
	ASSERT_NE(NULL, dev);
	EXPECT_EQ(-EBUSY, wse_configure(dev, &cfg));
	EXPECT_NE(NULL, strstr(wse_errmsg(dev), "already configured"));
	/* the kernel's EPERM (not configured) also forgets the configuration */
	EXPECT_EQ(-ENOTTY, wse_stop(dev));
	EXPECT_EQ(-EBUSY, wse_configure(dev, &cfg));
	wse_close(dev);
}

/* ---- transfers ---------------------------------------------------------- */

TEST(xfer_init_fills_everything)
{
	struct wse_xfer xf;
	uint32_t buf[4];

	memset(&xf, 0xa5, sizeof(xf));
	wse_xfer_init(&xf, buf, 1, 2, 3, 4, 5, 8, WSE_DATA_16BIT,
		      WSE_ORDER_COL_MAJOR, WSE_XFER_NONBLOCK);
	EXPECT_EQ(sizeof(xf), xf.size);
	EXPECT_EQ((uint64_t)(WSE_XFER_NONBLOCK), (uint64_t)xf.flags);
	EXPECT_EQ((uint64_t)(uintptr_t)buf, xf.host_ptr);
	EXPECT_EQ((uint64_t)(3 * 4 * 5 * 4), (uint64_t)xf.host_bytes);
	EXPECT_EQ((uint64_t)(1), (uint64_t)xf.x);
	EXPECT_EQ((uint64_t)(2), (uint64_t)xf.y);
	EXPECT_EQ((uint64_t)(3), (uint64_t)xf.w);
	EXPECT_EQ((uint64_t)(4), (uint64_t)xf.h);
	EXPECT_EQ((uint64_t)(5), (uint64_t)xf.l);
	EXPECT_EQ((uint64_t)(8), (uint64_t)xf.pe_offset);
	EXPECT_EQ((uint64_t)(WSE_DATA_16BIT), (uint64_t)xf.data_type);
	EXPECT_EQ((uint64_t)(WSE_ORDER_COL_MAJOR), (uint64_t)xf.order);
	EXPECT_EQ((uint64_t)(0), (uint64_t)xf.task_id);
	EXPECT_EQ((uint64_t)(0), (uint64_t)xf.symbol);
	EXPECT_EQ((uint64_t)(0), (uint64_t)xf.color);
	for (size_t i = 0; i < sizeof(xf.reserved) / sizeof(xf.reserved[0]); i++)
		EXPECT_EQ((uint64_t)(0), (uint64_t)xf.reserved[i]);
	memset(&xf, 0xa5, sizeof(xf));
	wse_xfer_init_stream(&xf, buf, 1, 2, 3, 4, 5, 17, WSE_DATA_16BIT,
			     WSE_ORDER_COL_MAJOR, WSE_XFER_NONBLOCK);
	EXPECT_EQ((uint64_t)(WSE_XFER_NONBLOCK | WSE_XFER_STREAM),
		  (uint64_t)xf.flags);
	EXPECT_EQ((uint64_t)(17), (uint64_t)xf.color);
	EXPECT_EQ((uint64_t)(0), (uint64_t)xf.pe_offset);
	EXPECT_EQ((uint64_t)(0), (uint64_t)xf.symbol);
	EXPECT_EQ((uint64_t)(3 * 4 * 5 * 4), (uint64_t)xf.host_bytes);
	EXPECT_EQ((uint64_t)(5), (uint64_t)xf.l);
	EXPECT_EQ((uint64_t)(0), (uint64_t)xf.reserved[0]);
	wse_xfer_init(&xf, buf, 0, 0, 0xffffffff, 0xffffffff, 0xffffffff, 0,
		      0, 0, 0);
	EXPECT_EQ(UINT64_MAX, xf.host_bytes);
}

struct xfer_case {
	struct mutation m[2];
	int err;
	const char *msg;	/* after "wse_h2d: " */
};

/* Base: ROI (0,0,2,2), l 1, 32-bit, row-major, in a 4x4 rectangle. */
static const struct xfer_case xfer_cases[] = {
	{ { SET(wse_xfer, host_bytes, 12) }, -EINVAL, "host_bytes 12 != w*h*l*4 = 16" },
	{ { SET(wse_xfer, host_bytes, 20) }, -EINVAL, "host_bytes 20 != w*h*l*4 = 16" },
	{ { SET(wse_xfer, x, 3) }, -EINVAL, "ROI (3,0,2,2) is outside the 4x4 rectangle" },
	{ { SET(wse_xfer, y, 3) }, -EINVAL, "ROI (0,3,2,2) is outside the 4x4 rectangle" },
	{ { SET(wse_xfer, x, 1), SET(wse_xfer, w, 0xffffffff) }, -EINVAL, "ROI (1,0,4294967295,2) is outside the 4x4 rectangle" },
	{ { SET(wse_xfer, w, 0) }, -EINVAL, "w 0 < 1" },
	{ { SET(wse_xfer, h, 0) }, -EINVAL, "h 0 < 1" },
	{ { SET(wse_xfer, l, 0) }, -EINVAL, "l 0 < 1" },
	{ { SET(wse_xfer, flags, 9) }, -EINVAL, "flags 0x9 has unknown bits 0x8" },
	{ { SET(wse_xfer, reserved[1], 1) }, -EINVAL, "reserved[1] is 1, must be 0" },
	{ { SET(wse_xfer, color, 3) }, -EINVAL, "color 3 without WSE_XFER_STREAM must be 0" },
	{ { SET(wse_xfer, flags, WSE_XFER_STREAM | WSE_XFER_SYMBOL) }, -EINVAL, "flags 0x6: WSE_XFER_STREAM and WSE_XFER_SYMBOL exclude each other" },
	{ { SET(wse_xfer, flags, WSE_XFER_STREAM), SET(wse_xfer, color, 24) }, -EINVAL, "color 24 is outside 0..23" },
	{ { SET(wse_xfer, flags, WSE_XFER_STREAM), SET(wse_xfer, pe_offset, 8) }, -EINVAL, "pe_offset 8 must be 0 with WSE_XFER_STREAM (no PE memory is addressed)" },
	{ { SET(wse_xfer, flags, WSE_XFER_STREAM), SET(wse_xfer, x, 3) }, -EINVAL, "ROI (3,0,2,2) is outside the 4x4 rectangle" },
	{ { SET(wse_xfer, flags, WSE_XFER_STREAM), SET(wse_xfer, order, 7) }, -EINVAL, "order 7 is neither WSE_ORDER_ROW_MAJOR (0) nor WSE_ORDER_COL_MAJOR (1)" },
	{ { SET(wse_xfer, flags, WSE_XFER_STREAM), SET(wse_xfer, host_bytes, 4) }, -EINVAL, "host_bytes 4 != w*h*l*4 = 16" },
	{ { SET(wse_xfer, symbol, 3) }, -EINVAL, "symbol 3 without WSE_XFER_SYMBOL must be 0" },
	{ { SET(wse_xfer, data_type, 2) }, -EINVAL, "data_type 2 is neither WSE_DATA_32BIT (0) nor WSE_DATA_16BIT (1)" },
	{ { SET(wse_xfer, order, 2) }, -EINVAL, "order 2 is neither WSE_ORDER_ROW_MAJOR (0) nor WSE_ORDER_COL_MAJOR (1)" },
	{ { SET(wse_xfer, pe_offset, 2) }, -EINVAL, "pe_offset 2 is not a multiple of the 4-byte element" },
	{ { SET(wse_xfer, pe_offset, 1), SET(wse_xfer, data_type, 1) }, -EINVAL, "pe_offset 1 is not a multiple of the 2-byte element" },
	{ { SET(wse_xfer, pe_offset, 49152) }, -ENOSPC, "PE range pe_offset 49152 + l 1 * 4 = 49156 > 49152 bytes of PE memory" },
	{ { SET(wse_xfer, pe_offset, 0xfffffffc) }, -ENOSPC, "PE range pe_offset 4294967292 + l 1 * 4 = 4294967296 > 49152 bytes of PE memory" },
	{ { SET(wse_xfer, l, 12289), SET(wse_xfer, host_bytes, 16 * 12289) }, -ENOSPC, "PE range pe_offset 0 + l 12289 * 4 = 49156 > 49152 bytes of PE memory" },
	{ { SET(wse_xfer, l, 0x40000001), SET(wse_xfer, host_bytes, 16ull * 0x40000001) }, -ENOSPC, "PE range pe_offset 0 + l 1073741825 * 4 = 4294967300 > 49152 bytes of PE memory" },
	{ { SET(wse_xfer, host_ptr, 0) }, -EFAULT, "host_ptr is NULL" },
	{ { SET(wse_xfer, host_ptr, 0x1002) }, -EINVAL, "host_ptr 0x1002 is not 4-byte aligned" },
	/* valid: limits exactly met, reaches the ioctl */
	{ { SET(wse_xfer, x, 2), SET(wse_xfer, y, 2) }, -ENOTTY, "ENOTTY: unknown ioctl" },
	{ { SET(wse_xfer, l, 12288), SET(wse_xfer, host_bytes, 16 * 12288) }, -ENOTTY, "ENOTTY: unknown ioctl" },
	{ { SET(wse_xfer, pe_offset, 49148) }, -ENOTTY, "ENOTTY: unknown ioctl" },
	{ { SET(wse_xfer, pe_offset, 49150), SET(wse_xfer, data_type, 1) }, -ENOTTY, "ENOTTY: unknown ioctl" },
	{ { SET(wse_xfer, order, 1), SET(wse_xfer, flags, 1) }, -ENOTTY, "ENOTTY: unknown ioctl" },
	/* streaming: any color 0..23, no PE memory limit on l */
	{ { SET(wse_xfer, flags, WSE_XFER_STREAM), SET(wse_xfer, color, 23) }, -ENOTTY, "ENOTTY: unknown ioctl" },
	{ { SET(wse_xfer, flags, WSE_XFER_STREAM | WSE_XFER_NONBLOCK), SET(wse_xfer, data_type, 1) }, -ENOTTY, "ENOTTY: unknown ioctl" },
};


TEST(xfer_checks)
{
	static uint32_t host[4 * 12288];
	struct wse_configure cfg;
	struct wse_dev *dev;

	wse_configure_init(&cfg, 4, 4, 4, 1, 11, 6, 2);
	dev = fake_dev(&dev_info, &cfg);
	ASSERT_NE(NULL, dev);
	for (size_t i = 0; i < sizeof(xfer_cases) / sizeof(xfer_cases[0]); i++) {
		const struct xfer_case *c = &xfer_cases[i];

		for (int d2h = 0; d2h < 2; d2h++) {
			struct wse_xfer xf;
			int ret;

			wse_xfer_init(&xf, host, 0, 0, 2, 2, 1, 0,
				      WSE_DATA_32BIT, WSE_ORDER_ROW_MAJOR, 0);
			for (int j = 0; j < 2; j++)
				if (c->m[j].size)
					set_field(&xf, c->m[j].off,
						  c->m[j].size, c->m[j].value);
			ret = d2h ? wse_d2h(dev, &xf) : wse_h2d(dev, &xf);
			char want[WSE_ERRMSG_MAX];

			EXPECT_EQ(c->err, ret) TH_LOG("case %zu", i);
			snprintf(want, sizeof(want), "%s: %s",
				 d2h ? "wse_d2h" : "wse_h2d", c->msg);
			expect_msg(_metadata, want, wse_errmsg(dev),
				   c->err == -ENOTTY);
		}
	}
	EXPECT_EQ(-EINVAL, wse_h2d(dev, NULL));
	EXPECT_STREQ("wse_h2d: xfer is NULL", wse_errmsg(dev));
	wse_close(dev);
}

TEST(xfer_roi_exact_message_and_unknown_rectangle)
{
	struct wse_configure cfg;
	struct wse_xfer xf;
	uint32_t host[2];
	struct wse_dev *dev;

	wse_configure_init(&cfg, 4, 1, 4, 1, 11, 3, 1);
	dev = fake_dev(&dev_info, &cfg);
	ASSERT_NE(NULL, dev);
	wse_xfer_init(&xf, host, 3, 0, 2, 1, 1, 0, WSE_DATA_32BIT,
		      WSE_ORDER_ROW_MAJOR, 0);
	EXPECT_EQ(-EINVAL, wse_h2d(dev, &xf));
	EXPECT_STREQ("wse_h2d: ROI (3,0,2,1) is outside the 4x1 rectangle",
		     wse_errmsg(dev));
	wse_close(dev);

	/* not configured through this handle: the ROI is the kernel's job */
	dev = fake_dev(&dev_info, NULL);
	ASSERT_NE(NULL, dev);
	EXPECT_EQ(-ENOTTY, wse_h2d(dev, &xf));
	wse_xfer_init(&xf, host, 0, 0, 0xffffffff, 0xffffffff, 0xffffffff, 0,
		      WSE_DATA_32BIT, WSE_ORDER_ROW_MAJOR, 0);
	EXPECT_EQ(-EINVAL, wse_d2h(dev, &xf));
	EXPECT_STREQ("wse_d2h: w*h*l*4 (4294967295*4294967295*4294967295*4) overflows 64 bits",
		     wse_errmsg(dev));
	wse_close(dev);
}

/* ---- H2D lists ------------------------------------------------------------ */

TEST(h2d_list_checks)
{
	struct wse_xfer_item it[3] = {
		{ .x = 0, .y = 0, .l = 2, .data_off = 0 },
		{ .x = 3, .y = 0, .l = 1, .data_off = 8 },
		{ .x = 1, .y = 0, .l = 1, .data_off = 12,
		  .data_type = WSE_DATA_16BIT },
	};
	uint32_t data[4] = { 1, 2, 3, 4 };
	struct wse_configure cfg;
	struct wse_xfer_list xl;
	struct wse_dev *dev;

	wse_configure_init(&cfg, 4, 1, 4, 1, 11, 3, 1);
	dev = fake_dev(&dev_info, &cfg);
	ASSERT_NE(NULL, dev);
	wse_xfer_list_init(&xl, it, 3, data, 16, WSE_LIST_NONBLOCK);
	EXPECT_EQ(sizeof(xl), xl.size);
	EXPECT_EQ(sizeof(it[0]), xl.item_size);
	EXPECT_EQ(40u, sizeof(it[0]));
	EXPECT_EQ((size_t)WSE_XFER_LIST_SIZE_VER0, sizeof(xl));
	/* everything right: reaches the ioctl */
	EXPECT_EQ(-ENOTTY, wse_h2d_list(dev, &xl));
	EXPECT_EQ(WSE_LIST_NO_ITEM, xl.bad_item);
	expect_msg(_metadata, "wse_h2d_list: ENOTTY", wse_errmsg(dev), true);
	xl.count = WSE_MAX_LIST_ITEMS + 1;
	EXPECT_EQ(-EINVAL, wse_h2d_list(dev, &xl));
	EXPECT_STREQ("wse_h2d_list: count 1025 is outside 1..WSE_MAX_LIST_ITEMS (1024)",
		     wse_errmsg(dev));
	xl.count = 3;
	xl.data_bytes = 18;
	EXPECT_EQ(-EINVAL, wse_h2d_list(dev, &xl));
	expect_msg(_metadata, "wse_h2d_list: data_bytes 18 is not a multiple of 4",
		   wse_errmsg(dev), true);
	xl.data_bytes = 16;
	xl.item_size = 32;
	EXPECT_EQ(-EINVAL, wse_h2d_list(dev, &xl));
	expect_msg(_metadata, "wse_h2d_list: item_size 32", wse_errmsg(dev),
		   true);
	xl.item_size = sizeof(it[0]);
	xl.reserved[1] = 1;
	EXPECT_EQ(-EINVAL, wse_h2d_list(dev, &xl));
	EXPECT_STREQ("wse_h2d_list: reserved[1] is 1, must be 0", wse_errmsg(dev));
	xl.reserved[1] = 0;
	xl.items = 0;
	EXPECT_EQ(-EFAULT, wse_h2d_list(dev, &xl));
	EXPECT_STREQ("wse_h2d_list: items is NULL", wse_errmsg(dev));
	xl.items = (uintptr_t)it;
	/* a bad item: its index and the copy check's message */
	it[1].x = 4;
	EXPECT_EQ(-EINVAL, wse_h2d_list(dev, &xl));
	EXPECT_EQ(1u, xl.bad_item);
	EXPECT_STREQ("wse_h2d_list: item 1: ROI (4,0,1,1) is outside the 4x1 rectangle",
		     wse_errmsg(dev));
	it[1].x = 3;
	it[2].data_off = 14;
	EXPECT_EQ(-EINVAL, wse_h2d_list(dev, &xl));
	EXPECT_EQ(2u, xl.bad_item);
	EXPECT_STREQ("wse_h2d_list: item 2: data_off 14 is not a multiple of 4",
		     wse_errmsg(dev));
	it[2].data_off = 16;
	EXPECT_EQ(-EINVAL, wse_h2d_list(dev, &xl));
	EXPECT_STREQ("wse_h2d_list: item 2: data_off 16 + l 1 * 4 > data_bytes 16",
		     wse_errmsg(dev));
	it[2].data_off = 12;
	it[0].pe_offset = WSE_PE_MEMORY_BYTES - 4;
	EXPECT_EQ(-ENOSPC, wse_h2d_list(dev, &xl));
	EXPECT_EQ(0u, xl.bad_item);
	it[0].pe_offset = 0;
	it[0].reserved[0] = 5;
	EXPECT_EQ(-EINVAL, wse_h2d_list(dev, &xl));
	EXPECT_STREQ("wse_h2d_list: item 0: reserved[0] is 5, must be 0",
		     wse_errmsg(dev));
	wse_close(dev);
}

/* ---- launch and tasks --------------------------------------------------- */

TEST(launch_checks)
{
	static const uint32_t args[WSE_MAX_LAUNCH_ARGS + 1] = { 1, 2, 3 };
	struct wse_dev *dev = fake_dev(&dev_info, NULL);
	struct wse_launch ln;

	ASSERT_NE(NULL, dev);
	wse_launch_init(&ln, 7, args, 3, WSE_LAUNCH_NONBLOCK);
	EXPECT_EQ(sizeof(ln), ln.size);
	EXPECT_EQ((uint64_t)(7), (uint64_t)ln.func_id);
	EXPECT_EQ((uint64_t)(3), (uint64_t)ln.argc);
	EXPECT_EQ((uint64_t)(3), (uint64_t)ln.args[2]);
	EXPECT_EQ((uint64_t)(0), (uint64_t)ln.args[3]);
	EXPECT_EQ(-ENOTTY, wse_launch(dev, &ln));
	EXPECT_EQ(0, strncmp("wse_launch: ENOTTY", wse_errmsg(dev), 18));

	wse_launch_init(&ln, 7, args, WSE_MAX_LAUNCH_ARGS + 1, 0);
	EXPECT_EQ((uint64_t)(0), (uint64_t)ln.args[0]);
	EXPECT_EQ(-EINVAL, wse_launch(dev, &ln));
	EXPECT_STREQ("wse_launch: argc 16 > WSE_MAX_LAUNCH_ARGS 15", wse_errmsg(dev));

	wse_launch_init(&ln, 7, args, 2, 0);
	ln.args[14] = 5;
	EXPECT_EQ(-EINVAL, wse_launch(dev, &ln));
	EXPECT_STREQ("wse_launch: args[14] is 0x5 beyond argc 2, must be 0", wse_errmsg(dev));

	wse_launch_init(&ln, 7, NULL, 0, 2);
	EXPECT_EQ(-EINVAL, wse_launch(dev, &ln));
	EXPECT_STREQ("wse_launch: flags 0x2 has unknown bits 0x2", wse_errmsg(dev));

	wse_launch_init(&ln, 7, NULL, 0, 0);
	ln.reserved0 = 1;
	EXPECT_EQ(-EINVAL, wse_launch(dev, &ln));
	EXPECT_STREQ("wse_launch: reserved0[0] is 1, must be 0", wse_errmsg(dev));
	wse_close(dev);
}

TEST(task_calls)
{
	struct wse_dev *dev = fake_dev(&dev_info, NULL);
	int status = 12345;

	ASSERT_NE(NULL, dev);
	EXPECT_EQ(-ENOENT, wse_wait(dev, 0, -1, &status));
	EXPECT_STREQ("wse_wait: task_id 0 is never a task id", wse_errmsg(dev));
	EXPECT_EQ(-ENOENT, wse_query(dev, 0, &status));
	EXPECT_STREQ("wse_query: task_id 0 is never a task id", wse_errmsg(dev));
	EXPECT_EQ(12345, status);
	EXPECT_EQ(-ENOTTY, wse_wait(dev, 1, 0, &status));
	EXPECT_EQ(0, strncmp("wse_wait: ENOTTY", wse_errmsg(dev), 16));
	EXPECT_EQ(-ENOTTY, wse_wait_all(dev, 1000, &status));
	EXPECT_EQ(-ENOTTY, wse_wait_all(dev, INT64_MAX, &status));
	EXPECT_EQ(-ENOTTY, wse_query(dev, 1, &status));
	EXPECT_EQ(0, strncmp("wse_query: ENOTTY", wse_errmsg(dev), 17));
	EXPECT_EQ(12345, status);
	EXPECT_EQ(-ENOTTY, wse_get_info(dev, NULL));
	EXPECT_EQ(0, strncmp("wse_get_info: ENOTTY", wse_errmsg(dev), 20));
	wse_close(dev);
}

/* ---- programs ------------------------------------------------------------ */

TEST(load_checks)
{
	static const struct wse_configure cfg = {
		.size = sizeof(cfg), .width = 2, .height = 1, .offset_x = 4,
		.offset_y = 1, .dim_x = 10, .dim_y = 3, .channels = 1,
	};
	uint8_t data[64] = { 0 };
	uint32_t fns[2] = { 0x10, WSE_NO_ADDR };
	struct wse_pe_symbol syms[1] = { { 0x100, 16 } };
	struct wse_pe_image img = {
		.data = (uintptr_t)data, .data_len = sizeof(data), .entry = 0,
		.functions = (uintptr_t)fns, .symbols = (uintptr_t)syms,
	};
	uint16_t map[2] = { 0, 0 };
	struct wse_load ld = {
		.size = sizeof(ld), .nr_images = 1, .nr_functions = 2,
		.nr_symbols = 1, .images = (uintptr_t)&img,
		.pe_map = (uintptr_t)map,
	};
	struct wse_dev *dev = fake_dev(&dev_info, &cfg);
	static const struct {
		size_t off, size;
		uint64_t value;
		int err;
		const char *msg;
	} cases[] = {
		{ offsetof(struct wse_load, flags), 4, 1, -EINVAL, "wse_load: flags 0x1 has unknown bits 0x1" },
		{ offsetof(struct wse_load, reserved0), 4, 1, -EINVAL, "wse_load: reserved0[0] is 1, must be 0" },
		{ offsetof(struct wse_load, nr_images), 4, 0, -EINVAL, "wse_load: nr_images 0 is outside 1..256" },
		{ offsetof(struct wse_load, nr_functions), 4, 257, -EINVAL, "wse_load: nr_functions 257 > WSE_MAX_FUNCTIONS 256" },
		{ offsetof(struct wse_load, nr_symbols), 4, 257, -EINVAL, "wse_load: nr_symbols 257 > WSE_MAX_SYMBOLS 256" },
		{ offsetof(struct wse_load, pe_map), 8, 0, -EFAULT, "wse_load: pe_map is NULL" },
	};

	ASSERT_NE(NULL, dev);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct wse_load l = ld;

		set_field(&l, cases[i].off, cases[i].size, cases[i].value);
		EXPECT_EQ(cases[i].err, wse_load(dev, &l));
		EXPECT_STREQ(cases[i].msg, wse_errmsg(dev));
	}
	map[1] = 1;
	EXPECT_EQ(-EINVAL, wse_load(dev, &ld));
	EXPECT_STREQ("wse_load: pe_map of PE (1,0) is 1, not below nr_images 1",
		     wse_errmsg(dev));
	map[1] = 0;
	img.entry = 2;
	EXPECT_EQ(-ENOEXEC, wse_load(dev, &ld));
	EXPECT_STREQ("wse_load: images[0].entry 0x2 is misaligned or not below data_len 64",
		     wse_errmsg(dev));
	img.entry = 64;
	EXPECT_EQ(-ENOEXEC, wse_load(dev, &ld));
	img.entry = 0;
	img.data_len = WSE_PE_MEMORY_BYTES + 4;
	EXPECT_EQ(-ENOEXEC, wse_load(dev, &ld));
	EXPECT_STREQ("wse_load: images[0].data_len 49156 is outside 1..49152",
		     wse_errmsg(dev));
	img.data_len = sizeof(data);
	fns[0] = 0x12;
	EXPECT_EQ(-ENOEXEC, wse_load(dev, &ld));
	EXPECT_STREQ("wse_load: images[0].functions[0] 0x12 is misaligned or outside PE memory",
		     wse_errmsg(dev));
	fns[0] = 0x10;
	syms[0].addr = 0xbff8;
	EXPECT_EQ(-ENOEXEC, wse_load(dev, &ld));
	EXPECT_STREQ("wse_load: images[0].symbols[0] [0xbff8, +16) is outside the 49152 bytes of PE memory",
		     wse_errmsg(dev));
	syms[0].addr = WSE_NO_ADDR;
	img.reserved[1] = 1;
	EXPECT_EQ(-EINVAL, wse_load(dev, &ld));
	EXPECT_STREQ("wse_load: images[0].reserved is not zero", wse_errmsg(dev));
	img.reserved[1] = 0;
	/* everything right: reaches the ioctl (ENOTTY on /dev/null) */
	EXPECT_EQ(-ENOTTY, wse_load(dev, &ld));
	EXPECT_EQ(-EINVAL, wse_load(dev, NULL));
	EXPECT_EQ(-ENOTTY, wse_run(dev));
	EXPECT_EQ(0, strncmp(wse_errmsg(dev), "wse_run: ENOTTY", 15));
	EXPECT_EQ(-EINVAL, wse_get_fault(dev, NULL));
	EXPECT_EQ(-EINVAL, wse_load(NULL, &ld));
	EXPECT_EQ(-EINVAL, wse_run(NULL));
	wse_close(dev);
}

TEST(program_errno_meanings_and_fault_text)
{
	struct wse_fault f = {
		.size = sizeof(f), .cause = WSE_FAULT_ILLEGAL, .x = 1, .y = 0,
		.pc = 0x124, .addr = 0xb, .nr_faulted = 1,
	};
	struct wse_dev *dev = fake_dev(NULL, NULL);
	char buf[160];

	ASSERT_NE(NULL, dev);
	wse_fault_str(&f, buf, sizeof(buf));
	EXPECT_STREQ("PE (1,0) faulted at pc 0x124: illegal instruction 0x0000000b", buf);
	f.cause = WSE_FAULT_STORE;
	f.addr = 0xc000;
	f.nr_faulted = 4;
	wse_fault_str(&f, buf, sizeof(buf));
	EXPECT_STREQ("PE (1,0) faulted at pc 0x124: store outside PE memory 0xc000 (4 PEs faulted)", buf);
	f.cause = 99;
	EXPECT_LT(0, wse_fault_str(&f, buf, 8));
	EXPECT_EQ(7u, strlen(buf));
	EXPECT_EQ(-EBADFD, wse__fail_errno(dev, WSE_CALL_RUN, -EBADFD));
	EXPECT_STREQ("wse_run: EBADFD: no program is loaded, or it was already run", wse_errmsg(dev));
	EXPECT_EQ(-EIO, wse__fail_errno(dev, WSE_CALL_LAUNCH, -EIO));
	EXPECT_EQ(0, strncmp(wse_errmsg(dev), "wse_launch: EIO: a PE faulted", 29));
	EXPECT_EQ(-ENOEXEC, wse__fail_errno(dev, WSE_CALL_LOAD, -ENOEXEC));
	EXPECT_EQ(0, strncmp(wse_errmsg(dev), "wse_load: ENOEXEC: a PE image", 29));
	EXPECT_EQ(-ENOENT, wse__fail_errno(dev, WSE_CALL_GET_FAULT, -ENOENT));
	EXPECT_STREQ("wse_get_fault: ENOENT: no PE has faulted since the program was loaded", wse_errmsg(dev));
	wse_close(dev);
}

/* A PE the watchdog stopped: the text says so and what the PE waited for. */
TEST(stuck_fault_says_what_the_pe_waited_for)
{
	struct wse_fault f = {
		.size = sizeof(f), .cause = WSE_FAULT_STUCK, .x = 2, .y = 1,
		.pc = 0x5c, .addr = WSE_STUCK_RECV | 9 << 8, .nr_faulted = 1,
	};
	char buf[256];

	wse_fault_str(&f, buf, sizeof(buf));
	EXPECT_STREQ("the watchdog stopped the PEs: PE (2,1) was still running at pc 0x5c, waiting to receive wavelets on color 9", buf);
	EXPECT_EQ(NULL, strstr(buf, "faulted"));
	f.addr = WSE_STUCK_EVENTS;
	f.nr_faulted = 3;
	wse_fault_str(&f, buf, sizeof(buf));
	EXPECT_NE(NULL, strstr(buf, "waiting for events (a launch, wavelets of its data-task colors) without having unblocked the command stream (3 PEs stopped so or faulted)")) TH_LOG("%s", buf);
	f.addr = WSE_STUCK_SEND | 4 << 8;
	wse_fault_str(&f, buf, sizeof(buf));
	EXPECT_NE(NULL, strstr(buf, "waiting to send on color 4 (buffer full)"));
	f.addr = WSE_STUCK_RUNNING;
	wse_fault_str(&f, buf, sizeof(buf));
	EXPECT_NE(NULL, strstr(buf, "at pc 0x5c, executing instructions"));
}

/* One wavelet is "1 wavelet" in every stall entry. */
TEST(stall_text_plurals)
{
	struct wse_stall st = {
		.size = sizeof(st), .op = WSE_STALL_OP_H2D, .color = 2,
		.delivered = 0, .total = 1, .stall_ms = 100, .nr_entries = 4,
	};
	struct wse_stall_entry e[4] = {
		{ .x = 0, .y = 0, .kind = WSE_STALL_QUEUE, .color = 1, .count = 1 },
		{ .x = 1, .y = 0, .kind = WSE_STALL_ROUTER, .color = 3, .port = WSE_PORT_EAST, .count = 1 },
		{ .x = 2, .y = 0, .kind = WSE_STALL_MEMCPY, .color = 2, .count = 1 },
		{ .x = 3, .y = 0, .kind = WSE_STALL_MEMCPY, .color = 5, .count = 1 },
	};
	char buf[1024];

	wse_stall_str(&st, e, 4, buf, sizeof(buf));
	EXPECT_STREQ("stalled (no progress for 100 ms): 0 of 1 wavelet of the streaming h2d on color 2 delivered; "
		     "PE (0,0) has 1 wavelet of color 1 in its input queue that nothing takes; "
		     "router (1,0) holds 1 wavelet of color 3 it cannot forward EAST; "
		     "the memcpy halo cannot push 1 wavelet of color 2 into PE (2,0); "
		     "the memcpy halo waits on color 5 at PE (3,0) (1 wavelet)", buf);
	EXPECT_EQ(NULL, strstr(buf, "1 wavelets"));
}

/* ---- streaming ------------------------------------------------------------ */

TEST(stream_color_of_the_loaded_program)
{
	struct wse_configure cfg;
	struct wse_xfer xf;
	uint32_t host[4];
	struct wse_dev *dev;

	wse_configure_init(&cfg, 2, 2, 4, 1, 9, 4, 1);
	dev = fake_dev(&dev_info, &cfg);
	ASSERT_NE(NULL, dev);
	/* not loaded through this handle: any color reaches the kernel */
	wse_xfer_init_stream(&xf, host, 0, 0, 2, 2, 1, 9, WSE_DATA_32BIT,
			     WSE_ORDER_ROW_MAJOR, 0);
	EXPECT_EQ(-ENOTTY, wse_h2d(dev, &xf));
	/* loaded: H2D colors 1 and 4, D2H color 2 */
	dev->loaded = true;
	dev->h2d_colors = 1u << 1 | 1u << 4;
	dev->d2h_colors = 1u << 2;
	EXPECT_EQ(-EINVAL, wse_h2d(dev, &xf));
	EXPECT_STREQ("wse_h2d: color 9 is not an H2D stream color of the loaded program (routed rx=MEMCPY tx=RAMP on every PE); its H2D stream colors: 1, 4",
		     wse_errmsg(dev));
	xf.color = 2;
	EXPECT_EQ(-EINVAL, wse_h2d(dev, &xf));
	xf.color = 1;
	EXPECT_EQ(-EINVAL, wse_d2h(dev, &xf));
	EXPECT_STREQ("wse_d2h: color 1 is not a D2H stream color of the loaded program (routed rx=RAMP tx=MEMCPY on every PE); its D2H stream colors: 2",
		     wse_errmsg(dev));
	EXPECT_EQ(-ENOTTY, wse_h2d(dev, &xf));
	xf.color = 2;
	EXPECT_EQ(-ENOTTY, wse_d2h(dev, &xf));
	dev->d2h_colors = 0;
	EXPECT_EQ(-EINVAL, wse_d2h(dev, &xf));
	EXPECT_NE(NULL, strstr(wse_errmsg(dev), "its D2H stream colors: none"));
	/* copies by offset do not care */
	wse_xfer_init(&xf, host, 0, 0, 2, 2, 1, 0, WSE_DATA_32BIT,
		      WSE_ORDER_ROW_MAJOR, 0);
	EXPECT_EQ(-ENOTTY, wse_d2h(dev, &xf));
	/* STOP forgets the program (ENOTTY here, but EPERM-like cleanup only
	 * on 0/EPERM: the handle keeps it) */
	wse_close(dev);
}

/* A w x h table with every route empty. */
static struct wse_route *routes_new(uint32_t w, uint32_t h)
{
	return calloc((size_t)w * h * WSE_NR_COLORS, sizeof(struct wse_route));
}

static void set_route(struct wse_route *r, uint32_t w, uint32_t x, uint32_t y,
		      uint32_t c, uint32_t rx, uint32_t tx)
{
	r[((size_t)y * w + x) * WSE_NR_COLORS + c].rx = (uint8_t)rx;
	r[((size_t)y * w + x) * WSE_NR_COLORS + c].tx = (uint8_t)tx;
}

TEST(route_rules)
{
	static const struct wse_configure cfg = {
		.size = sizeof(cfg), .width = 3, .height = 2, .offset_x = 4,
		.offset_y = 1, .dim_x = 10, .dim_y = 4, .channels = 1,
	};
	static const struct {
		uint32_t x, y, c, rx, tx;
		const char *msg;	/* NULL: valid */
	} cases[] = {
		{ 0, 0, 3, 0x40, WSE_PORT_RAMP, "route of color 3 at PE (0,0): rx 0x40 tx 0x1 has bits outside WSE_PORT_ALL 0x3f" },
		{ 1, 0, 4, WSE_PORT_RAMP, 0, "route of color 4 at PE (1,0): rx=RAMP tx=none: both or neither must be empty" },
		{ 1, 1, 4, 0, WSE_PORT_RAMP, "route of color 4 at PE (1,1): rx=none tx=RAMP: both or neither must be empty" },
		{ 1, 0, 5, WSE_PORT_RAMP | WSE_PORT_EAST, WSE_PORT_EAST, "route of color 5 at PE (1,0): EAST is in both rx and tx" },
		{ 2, 0, 6, WSE_PORT_RAMP, WSE_PORT_EAST, "route of color 6 at PE (2,0): tx EAST leaves the 3x2 rectangle" },
		{ 0, 1, 6, WSE_PORT_WEST, WSE_PORT_RAMP, "route of color 6 at PE (0,1): rx WEST leaves the 3x2 rectangle" },
		{ 0, 0, 6, WSE_PORT_NORTH, WSE_PORT_RAMP, "route of color 6 at PE (0,0): rx NORTH leaves the 3x2 rectangle" },
		{ 1, 1, 6, WSE_PORT_RAMP, WSE_PORT_SOUTH, "route of color 6 at PE (1,1): tx SOUTH leaves the 3x2 rectangle" },
		{ 0, 0, 7, WSE_PORT_RAMP, WSE_PORT_EAST, "route of color 7 at PE (0,0): tx EAST, but PE (1,0) does not accept color 7 from WEST (its rx=none)" },
		{ 1, 0, 8, WSE_PORT_MEMCPY, WSE_PORT_RAMP | WSE_PORT_EAST, "route of color 8 at PE (1,0): rx=MEMCPY tx=RAMP,EAST: MEMCPY only as rx=MEMCPY tx=RAMP (H2D stream) or rx=RAMP tx=MEMCPY (D2H stream)" },
		{ 1, 0, 8, WSE_PORT_WEST, WSE_PORT_MEMCPY, "route of color 8 at PE (1,0): rx=WEST tx=MEMCPY: MEMCPY only as" },
		{ 1, 0, 8, WSE_PORT_MEMCPY, WSE_PORT_RAMP, NULL },
		{ 1, 0, 8, WSE_PORT_RAMP, WSE_PORT_MEMCPY, NULL },
		{ 1, 0, 8, WSE_PORT_WEST, WSE_PORT_RAMP, NULL },	/* nobody sends: fine */
	};
	struct wse_dev *dev = fake_dev(&dev_info, &cfg);
	uint8_t data[64] = { 0 };
	struct wse_pe_image img = {
		.data = (uintptr_t)data, .data_len = sizeof(data),
	};
	uint16_t map[6] = { 0 };
	struct wse_load ld = {
		.size = sizeof(ld), .nr_images = 1, .images = (uintptr_t)&img,
		.pe_map = (uintptr_t)map,
	};
	char want[WSE_ERRMSG_MAX];

	ASSERT_NE(NULL, dev);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct wse_route *r = routes_new(3, 2);

		ASSERT_NE(NULL, r);
		set_route(r, 3, cases[i].x, cases[i].y, cases[i].c,
			  cases[i].rx, cases[i].tx);
		ld.routes = (uintptr_t)r;
		if (!cases[i].msg) {
			EXPECT_EQ(-ENOTTY, wse_load(dev, &ld)) TH_LOG("case %zu: %s", i, wse_errmsg(dev));
		} else {
			EXPECT_EQ(-EINVAL, wse_load(dev, &ld)) TH_LOG("case %zu", i);
			snprintf(want, sizeof(want), "wse_load: %s", cases[i].msg);
			expect_msg(_metadata, want, wse_errmsg(dev), true);
		}
		free(r);
	}
	/* a chain East with a multicast down at the end, accepted */
	{
		struct wse_route *r = routes_new(3, 2);

		ASSERT_NE(NULL, r);
		set_route(r, 3, 0, 0, 9, WSE_PORT_RAMP, WSE_PORT_EAST);
		set_route(r, 3, 1, 0, 9, WSE_PORT_WEST, WSE_PORT_EAST | WSE_PORT_RAMP);
		set_route(r, 3, 2, 0, 9, WSE_PORT_WEST, WSE_PORT_SOUTH | WSE_PORT_RAMP);
		set_route(r, 3, 2, 1, 9, WSE_PORT_NORTH, WSE_PORT_RAMP);
		ld.routes = (uintptr_t)r;
		EXPECT_EQ(-ENOTTY, wse_load(dev, &ld)) TH_LOG("%s", wse_errmsg(dev));
		set_route(r, 3, 2, 1, 9, WSE_PORT_EAST, WSE_PORT_RAMP);
		EXPECT_EQ(-EINVAL, wse_load(dev, &ld));
		EXPECT_STREQ("wse_load: route of color 9 at PE (2,0): tx SOUTH, but PE (2,1) does not accept color 9 from NORTH (its rx=EAST)",
			     wse_errmsg(dev));
		free(r);
	}
	/* routes = 0: nothing routed, fine */
	ld.routes = 0;
	EXPECT_EQ(-ENOTTY, wse_load(dev, &ld));
	ld.reserved[1] = 1;
	EXPECT_EQ(-EINVAL, wse_load(dev, &ld));
	EXPECT_STREQ("wse_load: reserved[1] is 1, must be 0", wse_errmsg(dev));
	wse_close(dev);
}

TEST(stream_colors_of_a_route_table)
{
	struct wse_route *r = routes_new(2, 2);
	uint32_t in = 99, out = 99;

	ASSERT_NE(NULL, r);
	wse__stream_colors(NULL, 2, 2, &in, &out);
	EXPECT_EQ(0u, in);
	EXPECT_EQ(0u, out);
	for (uint32_t y = 0; y < 2; y++)
		for (uint32_t x = 0; x < 2; x++) {
			set_route(r, 2, x, y, 1, WSE_PORT_MEMCPY, WSE_PORT_RAMP);
			set_route(r, 2, x, y, 20, WSE_PORT_RAMP, WSE_PORT_MEMCPY);
			/* 3: H2D on three PEs only */
			if (x + y)
				set_route(r, 2, x, y, 3, WSE_PORT_MEMCPY,
					  WSE_PORT_RAMP);
		}
	wse__stream_colors(r, 2, 2, &in, &out);
	EXPECT_EQ(1u << 1, in);
	EXPECT_EQ(1u << 20, out);
	free(r);
}

TEST(get_stall_arguments)
{
	struct wse_stall_entry e[4];
	struct wse_stall st;
	struct wse_dev *dev = fake_dev(&dev_info, NULL);

	ASSERT_NE(NULL, dev);
	EXPECT_EQ(-EINVAL, wse_get_stall(NULL, &st, e, 4));
	EXPECT_EQ(-EINVAL, wse_get_stall(dev, NULL, e, 4));
	EXPECT_STREQ("wse_get_stall: stall is NULL", wse_errmsg(dev));
	EXPECT_EQ(-EINVAL, wse_get_stall(dev, &st, NULL, 4));
	EXPECT_STREQ("wse_get_stall: entries is NULL with capacity > 0", wse_errmsg(dev));
	EXPECT_EQ(-ENOTTY, wse_get_stall(dev, &st, NULL, 0));
	EXPECT_EQ(0, strncmp("wse_get_stall: ENOTTY", wse_errmsg(dev), 21));
	EXPECT_EQ(-ENOTTY, wse_get_stall(dev, &st, e, 4));
	wse_close(dev);
}

TEST(stall_text)
{
	struct wse_stall st = {
		.size = sizeof(st), .op = WSE_STALL_OP_D2H, .color = 2,
		.delivered = 12, .total = 64, .stall_ms = 1000,
		.nr_entries = 3,
	};
	struct wse_stall_entry e[12] = {
		{ .x = 1, .y = 0, .kind = WSE_STALL_SEND, .color = 3, .pc = 0x1a4 },
		{ .x = 2, .y = 0, .kind = WSE_STALL_ROUTER, .color = 3, .port = WSE_PORT_EAST, .count = 4 },
		{ .x = 3, .y = 0, .kind = WSE_STALL_MEMCPY, .color = 2, .count = 52 },
		{ .x = 0, .y = 1, .kind = WSE_STALL_RECV, .color = 5, .pc = 0x2c0 },
		{ .x = 0, .y = 2, .kind = WSE_STALL_QUEUE, .color = 1, .count = 255 },
		{ .x = 1, .y = 2, .kind = WSE_STALL_UNBLOCK, .color = 0xff, .pc = 0x10 },
		{ .x = 2, .y = 2, .kind = WSE_STALL_MEMCPY, .color = 7, .count = 3 },
		{ .x = 3, .y = 2, .kind = 99, .color = 0xff, .pc = 0x20 },
		{ .x = 4, .y = 2, .kind = WSE_STALL_RECV, .color = 6, .pc = 0x30 },
	};
	char buf[1024];
	int len;

	len = wse_stall_str(&st, e, 12, buf, sizeof(buf));
	EXPECT_STREQ("stalled (no progress for 1000 ms): 12 of 64 wavelets of the streaming d2h on color 2 delivered; "
		     "PE (1,0) waits to send on color 3 (buffer full, pc 0x1a4); "
		     "router (2,0) holds 4 wavelets of color 3 it cannot forward EAST; "
		     "the memcpy halo waits for 52 wavelets of color 2 from PE (3,0)", buf);
	EXPECT_EQ((int)strlen(buf), len);
	/* 11 places, 9 given: 8 spelled out, 3 more */
	st.nr_entries = 11;
	wse_stall_str(&st, e, 9, buf, sizeof(buf));
	EXPECT_NE(NULL, strstr(buf, "; PE (0,1) waits to receive on color 5 (pc 0x2c0); "
			       "PE (0,2) has 255 or more wavelets of color 1 in its input queue that nothing takes; "
			       "PE (1,2) waits for events without having unblocked the command stream (pc 0x10); "
			       "the memcpy halo waits on color 7 at PE (2,2) (3 wavelets); "
			       "PE (3,2): stall kind 99 on no color (pc 0x20); and 3 more")) TH_LOG("%s", buf);
	EXPECT_EQ(NULL, strstr(buf, "(4,2)"));
	/* RUN, LAUNCH, no entries */
	st.op = WSE_STALL_OP_LAUNCH;
	st.nr_entries = 2;
	wse_stall_str(&st, NULL, 0, buf, sizeof(buf));
	EXPECT_STREQ("stalled (no progress for 1000 ms) during a launch: and 2 more", buf);
	st.op = WSE_STALL_OP_RUN;
	st.nr_entries = 1;
	st.stall_ms = 250;
	wse_stall_str(&st, e + 5, 1, buf, sizeof(buf));
	EXPECT_STREQ("stalled (no progress for 250 ms) during run; PE (1,2) waits for events without having unblocked the command stream (pc 0x10)", buf);
	/* H2D halo entry; cut texts end with "..." */
	st.op = WSE_STALL_OP_H2D;
	st.color = 7;
	st.nr_entries = 1;
	wse_stall_str(&st, e + 6, 1, buf, sizeof(buf));
	EXPECT_NE(NULL, strstr(buf, "of the streaming h2d on color 7 delivered; the memcpy halo cannot push 3 wavelets of color 7 into PE (2,2)"));
	len = wse_stall_str(&st, e + 6, 1, buf, 40);
	EXPECT_EQ(39u, strlen(buf));
	EXPECT_STREQ("...", buf + 36);
	EXPECT_LT(40, len);
	EXPECT_EQ(0, wse_stall_str(NULL, e, 1, buf, sizeof(buf)));
	EXPECT_STREQ("", buf);
}

TEST_HARNESS_MAIN
