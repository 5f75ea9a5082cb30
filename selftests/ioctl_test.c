// SPDX-License-Identifier: GPL-2.0
/*
 * ioctl_test - bad input straight to the kernel (raw ioctls on the fd, no
 * library checks), ownership rules between open files, and a few of the
 * library's messages for the same mistakes.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "wse_util.h"

#define PAGE 4096

/* A struct inside a zeroed page, so @size may exceed the struct. */
static void *page(void)
{
	void *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/* Size handling shared by every struct: too small, E2BIG, zero tail OK. */
static void check_sizes(struct __test_metadata *_metadata, int fd,
			unsigned long req, const void *valid, size_t size,
			int ok)
{
	uint8_t *buf = page();
	uint32_t s;

	ASSERT_NE(NULL, buf);
	memcpy(buf, valid, size);
	for (s = 0; s < 8; s += 4) {
		memcpy(buf, &s, 4);
		EXPECT_EQ(EINVAL, raw(fd, req, buf)) TH_LOG("size %u", s);
	}
	s = size - 4;
	memcpy(buf, &s, 4);
	EXPECT_EQ(EINVAL, raw(fd, req, buf)) TH_LOG("size %u", s);
	s = PAGE + 4;	/* over the cap even with a zero tail */
	memcpy(buf, &s, 4);
	EXPECT_EQ(E2BIG, raw(fd, req, buf));
	s = PAGE;	/* the largest size accepted */
	memcpy(buf, &s, 4);
	buf[size] = 1;
	EXPECT_EQ(E2BIG, raw(fd, req, buf));
	buf[size] = 0;
	EXPECT_EQ(ok, raw(fd, req, buf)) TH_LOG("zero tail");
	munmap(buf, 2 * PAGE);
}

/* ---- GET_INFO: any fd, any state ----------------------------------------- */

TEST(get_info)
{
	struct wse_info info = { .size = sizeof(info) };
	int fd = open_node();
	uint8_t *ro;

	ASSERT_LE(0, fd);
	check_sizes(_metadata, fd, WSE_IOCTL_GET_INFO, &info, sizeof(info), 0);
	/* output fields are ignored on input */
	memset(&info, 0xff, sizeof(info));
	info.size = sizeof(info);
	EXPECT_EQ(0, raw(fd, WSE_IOCTL_GET_INFO, &info));
	EXPECT_EQ(0u, info.reserved[3]);
	/* the size bits of the number are not used for dispatch */
	EXPECT_EQ(0, raw(fd, _IOC(_IOC_READ | _IOC_WRITE, WSE_IOCTL_BASE, 0,
				  sizeof(info) + 16), &info));
	EXPECT_EQ(ENOTTY, raw(fd, _IOC(_IOC_WRITE, WSE_IOCTL_BASE, 0,
				       sizeof(info)), &info));
	EXPECT_EQ(ENOTTY, raw(fd, _IOWR(WSE_IOCTL_BASE + 1, 0, struct wse_info), &info));
	EXPECT_EQ(ENOTTY, raw(fd, _IOWR(WSE_IOCTL_BASE, 0x08, struct wse_info), &info));
	EXPECT_EQ(ENOTTY, raw(fd, _IOWR(WSE_IOCTL_BASE, 0xff, struct wse_info), &info));
	EXPECT_EQ(ENOTTY, raw(fd, _IO(WSE_IOCTL_BASE, 0x20), NULL));
	EXPECT_EQ(EFAULT, raw(fd, WSE_IOCTL_GET_INFO, NULL));
	EXPECT_EQ(EFAULT, raw(fd, WSE_IOCTL_GET_INFO, (void *)8));
	/* read-only memory: the output cannot be written */
	ro = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ro);
	memcpy(ro, &info, sizeof(info));
	ASSERT_EQ(0, mprotect(ro, PAGE, PROT_READ));
	EXPECT_EQ(EFAULT, raw(fd, WSE_IOCTL_GET_INFO, ro));
	munmap(ro, PAGE);
	close(fd);
}

/* ---- CONFIGURE ------------------------------------------------------------ */

FIXTURE(idle) {
	int fd;
	struct wse_configure cfg;
};

FIXTURE_SETUP(idle)
{
	self->fd = open_node();
	ASSERT_LE(0, self->fd);
	rect_cfg(&self->cfg, 4, 4, 2);	/* dims 11 x 6 */
}

FIXTURE_TEARDOWN(idle)
{
	close(self->fd);
}

static int try_cfg(int fd, const struct wse_configure *base,
		   void (*edit)(struct wse_configure *))
{
	struct wse_configure c = *base;
	int err;

	edit(&c);
	err = raw(fd, WSE_IOCTL_CONFIGURE, &c);
	if (!err)
		raw(fd, WSE_IOCTL_STOP, NULL);
	return err;
}

#define EDIT(name, body) \
	static void name(struct wse_configure *c) { body; }

EDIT(ch0, c->channels = 0)
EDIT(ch17, c->channels = 17)
EDIT(ch16, c->channels = 16)
EDIT(w0, c->width = 0)
EDIT(h0, c->height = 0)
EDIT(offx3, c->offset_x = 3; c->dim_x = 10)
EDIT(offy0, c->offset_y = 0; c->dim_y = 5)
EDIT(westbuf, c->west_buf = 1)
EDIT(westbuf_ok, c->west_buf = 1; c->offset_x = 5; c->dim_x = 12)
EDIT(eastbuf, c->east_buf = 1)
EDIT(eastbuf_ok, c->east_buf = 1; c->dim_x = 12)
EDIT(dimx, c->dim_x = 10)
EDIT(dimy, c->dim_y = 5)
EDIT(dimx_fabric, c->width = 26; c->dim_x = 33)
EDIT(dimy_fabric, c->height = 23; c->dim_y = 25)
EDIT(largest, c->width = 25; c->height = 22; c->dim_x = 32; c->dim_y = 24)
EDIT(flags, c->flags = 1)
EDIT(res0, c->reserved[0] = 1)
EDIT(res4, c->reserved[4] = 0x80000000u)
EDIT(wide_wrap, c->width = 0xfffffffcu)
EDIT(nothing, (void)c)

TEST_F(idle, configure_constraints)
{
	EXPECT_EQ(EINVAL, try_cfg(self->fd, &self->cfg, ch0));
	EXPECT_EQ(EINVAL, try_cfg(self->fd, &self->cfg, ch17));
	EXPECT_EQ(0, try_cfg(self->fd, &self->cfg, ch16));
	EXPECT_EQ(EINVAL, try_cfg(self->fd, &self->cfg, w0));
	EXPECT_EQ(EINVAL, try_cfg(self->fd, &self->cfg, h0));
	EXPECT_EQ(EINVAL, try_cfg(self->fd, &self->cfg, offx3));
	EXPECT_EQ(EINVAL, try_cfg(self->fd, &self->cfg, offy0));
	EXPECT_EQ(EINVAL, try_cfg(self->fd, &self->cfg, westbuf));
	EXPECT_EQ(0, try_cfg(self->fd, &self->cfg, westbuf_ok));
	EXPECT_EQ(EINVAL, try_cfg(self->fd, &self->cfg, eastbuf));
	EXPECT_EQ(0, try_cfg(self->fd, &self->cfg, eastbuf_ok));
	EXPECT_EQ(EINVAL, try_cfg(self->fd, &self->cfg, dimx));
	EXPECT_EQ(EINVAL, try_cfg(self->fd, &self->cfg, dimy));
	EXPECT_EQ(EINVAL, try_cfg(self->fd, &self->cfg, dimx_fabric));
	EXPECT_EQ(EINVAL, try_cfg(self->fd, &self->cfg, dimy_fabric));
	EXPECT_EQ(0, try_cfg(self->fd, &self->cfg, largest));
	EXPECT_EQ(EINVAL, try_cfg(self->fd, &self->cfg, flags));
	EXPECT_EQ(EINVAL, try_cfg(self->fd, &self->cfg, res0));
	EXPECT_EQ(EINVAL, try_cfg(self->fd, &self->cfg, res4));
	EXPECT_EQ(EINVAL, try_cfg(self->fd, &self->cfg, wide_wrap));
	EXPECT_EQ(0, try_cfg(self->fd, &self->cfg, nothing));
}

TEST_F(idle, configure_sizes_and_twice)
{
	check_sizes(_metadata, self->fd, WSE_IOCTL_CONFIGURE, &self->cfg,
		    sizeof(self->cfg), 0);
	/* configured now (zero tail case): a second CONFIGURE is EBUSY */
	EXPECT_EQ(EBUSY, raw(self->fd, WSE_IOCTL_CONFIGURE, &self->cfg));
	EXPECT_EQ(0, raw(self->fd, WSE_IOCTL_STOP, NULL));
	EXPECT_EQ(EFAULT, raw(self->fd, WSE_IOCTL_CONFIGURE, NULL));
	EXPECT_EQ(ENOTTY, raw(self->fd, _IOR(WSE_IOCTL_BASE, 0x01, struct wse_configure), &self->cfg));
}

TEST_F(idle, work_before_configure_is_eperm)
{
	struct wse_xfer xf;
	struct wse_launch ln;
	uint32_t v[4];

	wse_xfer_init(&xf, v, 0, 0, 1, 1, 1, 0, 0, 0, 0);
	wse_launch_init(&ln, 0, NULL, 0, 0);
	EXPECT_EQ(EPERM, raw(self->fd, WSE_IOCTL_H2D, &xf));
	EXPECT_EQ(EPERM, raw(self->fd, WSE_IOCTL_D2H, &xf));
	EXPECT_EQ(EPERM, raw(self->fd, WSE_IOCTL_LAUNCH, &ln));
	EXPECT_EQ(EPERM, raw(self->fd, WSE_IOCTL_STOP, NULL));
}

/* max_rect_pes below what the fabric allows: ENOSPC */
FIXTURE(small_device) {
	int fd;
};

FIXTURE_SETUP(small_device)
{
	ASSERT_EQ(0, mock_reload("max_rect_pes=20"));
	self->fd = open_node();
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN(small_device)
{
	close(self->fd);
	EXPECT_EQ(0, mock_reload(""));
}

TEST_F(small_device, configure_enospc)
{
	struct wse_configure cfg;

	rect_cfg(&cfg, 5, 5, 1);
	EXPECT_EQ(ENOSPC, raw(self->fd, WSE_IOCTL_CONFIGURE, &cfg));
	cfg.channels = 0;	/* EINVAL checks come first */
	EXPECT_EQ(EINVAL, raw(self->fd, WSE_IOCTL_CONFIGURE, &cfg));
	rect_cfg(&cfg, 4, 5, 1);
	EXPECT_EQ(0, raw(self->fd, WSE_IOCTL_CONFIGURE, &cfg));
}

/* ---- work on a configured device ------------------------------------------ */

FIXTURE(owner) {
	struct wse_dev *dev;
	int fd;
	uint32_t *buf;		/* 2 pages, 4-byte aligned */
};

FIXTURE_SETUP(owner)
{
	ASSERT_EQ(0, open_configured(&self->dev, RECT_W, RECT_H, RECT_CH));
	self->fd = wse_fd(self->dev);
	self->buf = page();
	ASSERT_NE(NULL, self->buf);
}

FIXTURE_TEARDOWN(owner)
{
	munmap(self->buf, 2 * PAGE);
	wse_close(self->dev);
}

/* ROI (1,1,2,2), l 4, 32-bit row-major: 64 bytes at buf */
static void good(struct wse_xfer *xf, void *buf)
{
	wse_xfer_init(xf, buf, 1, 1, 2, 2, 4, 0, WSE_DATA_32BIT,
		      WSE_ORDER_ROW_MAJOR, 0);
}

static int xfer_err(int fd, unsigned long req, void *buf,
		    void (*edit)(struct wse_xfer *))
{
	struct wse_xfer xf;

	good(&xf, buf);
	edit(&xf);
	return raw(fd, req, &xf);
}

#define XEDIT(name, body) \
	static void name(struct wse_xfer *x) { body; }

XEDIT(x_ok, (void)x)
XEDIT(x_flags, x->flags = 1u << 3)
XEDIT(x_color, x->color = 1)
XEDIT(x_stream_noprog, x->flags = WSE_XFER_STREAM; x->pe_offset = 0)
XEDIT(x_sym0, x->symbol = 1)
XEDIT(x_sym_noprog, x->flags = WSE_XFER_SYMBOL)
XEDIT(x_res, x->reserved[1] = 1)
XEDIT(x_roi_x, x->x = 3)
XEDIT(x_roi_y, x->y = 3)
XEDIT(x_roi_wrap, x->x = 2; x->w = 0xffffffffu; x->host_bytes = 0xffffffffull * 2 * 4 * 4)
XEDIT(x_corner, x->x = 2; x->y = 2)
XEDIT(x_w0, x->w = 0; x->host_bytes = 0)
XEDIT(x_h0, x->h = 0; x->host_bytes = 0)
XEDIT(x_l0, x->l = 0; x->host_bytes = 0)
XEDIT(x_bytes_lo, x->host_bytes -= 4)
XEDIT(x_bytes_hi, x->host_bytes += 4)
XEDIT(x_bytes_0, x->host_bytes = 0)
/* l*4 wraps in 32 bits to 4: must still be ENOSPC */
XEDIT(x_l_wrap, x->l = 0x40000001u; x->host_bytes = 16ull * 0x40000001u)
XEDIT(x_off32, x->pe_offset = 2)
XEDIT(x_off16_odd, x->data_type = WSE_DATA_16BIT; x->pe_offset = 1)
XEDIT(x_off16_ok, x->data_type = WSE_DATA_16BIT; x->pe_offset = 2)
XEDIT(x_end32, x->pe_offset = WSE_PE_MEMORY_BYTES - 12)
XEDIT(x_end32_ok, x->pe_offset = WSE_PE_MEMORY_BYTES - 16)
XEDIT(x_end16, x->data_type = WSE_DATA_16BIT; x->pe_offset = WSE_PE_MEMORY_BYTES - 6)
XEDIT(x_end16_ok, x->data_type = WSE_DATA_16BIT; x->pe_offset = WSE_PE_MEMORY_BYTES - 8)
XEDIT(x_off_wrap, x->pe_offset = 0xfffffff0u)
XEDIT(x_type, x->data_type = 2)
XEDIT(x_order, x->order = 2)
XEDIT(x_col, x->order = WSE_ORDER_COL_MAJOR)
XEDIT(x_misaligned, x->host_ptr += 2)
XEDIT(x_null, x->host_ptr = 0)
XEDIT(x_kernel, x->host_ptr = 0xffff888000000000ull)

TEST_F(owner, xfer_fields)
{
	for (int d2h = 0; d2h < 2; d2h++) {
		unsigned long req = d2h ? WSE_IOCTL_D2H : WSE_IOCTL_H2D;
		int fd = self->fd;
		void *b = self->buf;

		EXPECT_EQ(0, xfer_err(fd, req, b, x_ok));
		EXPECT_EQ(EINVAL, xfer_err(fd, req, b, x_flags));
		EXPECT_EQ(EINVAL, xfer_err(fd, req, b, x_res));
		EXPECT_EQ(EINVAL, xfer_err(fd, req, b, x_sym0));
		/* a copy by symbol needs a loaded program */
		EXPECT_EQ(EBADFD, xfer_err(fd, req, b, x_sym_noprog));
		/* a color only for streams, which need a program RUN */
		EXPECT_EQ(EINVAL, xfer_err(fd, req, b, x_color));
		EXPECT_EQ(EBADFD, xfer_err(fd, req, b, x_stream_noprog));
		EXPECT_EQ(EINVAL, xfer_err(fd, req, b, x_roi_x));
		EXPECT_EQ(EINVAL, xfer_err(fd, req, b, x_roi_y));
		EXPECT_EQ(EINVAL, xfer_err(fd, req, b, x_roi_wrap));
		EXPECT_EQ(0, xfer_err(fd, req, b, x_corner));
		EXPECT_EQ(EINVAL, xfer_err(fd, req, b, x_w0));
		EXPECT_EQ(EINVAL, xfer_err(fd, req, b, x_h0));
		EXPECT_EQ(EINVAL, xfer_err(fd, req, b, x_l0));
		EXPECT_EQ(EINVAL, xfer_err(fd, req, b, x_bytes_lo));
		EXPECT_EQ(EINVAL, xfer_err(fd, req, b, x_bytes_hi));
		EXPECT_EQ(EINVAL, xfer_err(fd, req, b, x_bytes_0));
		EXPECT_EQ(ENOSPC, xfer_err(fd, req, b, x_l_wrap));
		EXPECT_EQ(EINVAL, xfer_err(fd, req, b, x_off32));
		EXPECT_EQ(EINVAL, xfer_err(fd, req, b, x_off16_odd));
		EXPECT_EQ(0, xfer_err(fd, req, b, x_off16_ok));
		EXPECT_EQ(ENOSPC, xfer_err(fd, req, b, x_end32));
		EXPECT_EQ(0, xfer_err(fd, req, b, x_end32_ok));
		EXPECT_EQ(ENOSPC, xfer_err(fd, req, b, x_end16));
		EXPECT_EQ(0, xfer_err(fd, req, b, x_end16_ok));
		EXPECT_EQ(ENOSPC, xfer_err(fd, req, b, x_off_wrap));
		EXPECT_EQ(EINVAL, xfer_err(fd, req, b, x_type));
		EXPECT_EQ(EINVAL, xfer_err(fd, req, b, x_order));
		EXPECT_EQ(0, xfer_err(fd, req, b, x_col));
		EXPECT_EQ(EINVAL, xfer_err(fd, req, b, x_misaligned));
		EXPECT_EQ(EFAULT, xfer_err(fd, req, b, x_null));
		EXPECT_EQ(EFAULT, xfer_err(fd, req, b, x_kernel));
	}
}

TEST_F(owner, xfer_sizes)
{
	struct wse_xfer xf;

	good(&xf, self->buf + 256);
	check_sizes(_metadata, self->fd, WSE_IOCTL_H2D, &xf, sizeof(xf), 0);
	check_sizes(_metadata, self->fd, WSE_IOCTL_D2H, &xf, sizeof(xf), 0);
	EXPECT_EQ(EFAULT, raw(self->fd, WSE_IOCTL_H2D, NULL));
	EXPECT_EQ(ENOTTY, raw(self->fd, _IOW(WSE_IOCTL_BASE, 0x03, struct wse_xfer), &xf));
	/* a newer, longer struct in the number still reaches H2D */
	EXPECT_EQ(0, raw(self->fd, _IOC(_IOC_READ | _IOC_WRITE, WSE_IOCTL_BASE,
					0x03, sizeof(xf) + 8), &xf));
}

TEST_F(owner, host_memory)
{
	uint8_t *m = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct wse_xfer xf;

	ASSERT_NE(MAP_FAILED, m);
	/* read-only: fine to read from (H2D), not to write to (D2H) */
	ASSERT_EQ(0, mprotect(m, 2 * PAGE, PROT_READ));
	good(&xf, m);
	EXPECT_EQ(0, raw(self->fd, WSE_IOCTL_H2D, &xf));
	EXPECT_EQ(EFAULT, raw(self->fd, WSE_IOCTL_D2H, &xf));
	/* inaccessible */
	ASSERT_EQ(0, mprotect(m, 2 * PAGE, PROT_NONE));
	EXPECT_EQ(EFAULT, raw(self->fd, WSE_IOCTL_H2D, &xf));
	EXPECT_EQ(EFAULT, raw(self->fd, WSE_IOCTL_D2H, &xf));
	/* straddling into an unmapped page */
	ASSERT_EQ(0, mprotect(m, PAGE, PROT_READ | PROT_WRITE));
	ASSERT_EQ(0, munmap(m + PAGE, PAGE));
	good(&xf, m + PAGE - 32);
	EXPECT_EQ(EFAULT, raw(self->fd, WSE_IOCTL_H2D, &xf));
	EXPECT_EQ(EFAULT, raw(self->fd, WSE_IOCTL_D2H, &xf));
	good(&xf, m + PAGE - 64);	/* ends exactly at the hole */
	EXPECT_EQ(0, raw(self->fd, WSE_IOCTL_D2H, &xf));
	munmap(m, PAGE);
	/* unmapped */
	EXPECT_EQ(EFAULT, raw(self->fd, WSE_IOCTL_H2D, &xf));
}

TEST_F(owner, launch)
{
	struct wse_launch ln;
	uint32_t args[2] = { 1, 2 };

	wse_launch_init(&ln, 0, args, 2, 0);
	check_sizes(_metadata, self->fd, WSE_IOCTL_LAUNCH, &ln, sizeof(ln), EBADFD);
	ln.argc = WSE_MAX_LAUNCH_ARGS + 1;
	EXPECT_EQ(EINVAL, raw(self->fd, WSE_IOCTL_LAUNCH, &ln));
	ln.argc = 0xffffffffu;
	EXPECT_EQ(EINVAL, raw(self->fd, WSE_IOCTL_LAUNCH, &ln));
	ln.argc = 1;		/* args[1] = 2 beyond argc */
	EXPECT_EQ(EINVAL, raw(self->fd, WSE_IOCTL_LAUNCH, &ln));
	wse_launch_init(&ln, 0, args, 2, 0);
	ln.args[WSE_MAX_LAUNCH_ARGS - 1] = 1;
	EXPECT_EQ(EINVAL, raw(self->fd, WSE_IOCTL_LAUNCH, &ln));
	wse_launch_init(&ln, 0, args, 2, 2);
	EXPECT_EQ(EINVAL, raw(self->fd, WSE_IOCTL_LAUNCH, &ln));
	wse_launch_init(&ln, 0, args, 2, 0);
	ln.reserved0 = 1;
	EXPECT_EQ(EINVAL, raw(self->fd, WSE_IOCTL_LAUNCH, &ln));
	wse_launch_init(&ln, 0, args, 2, 0);
	ln.reserved[3] = 1;
	EXPECT_EQ(EINVAL, raw(self->fd, WSE_IOCTL_LAUNCH, &ln));
	/* valid, but no program has been RUN */
	wse_launch_init(&ln, 0, args, 2, 0);
	EXPECT_EQ(EBADFD, raw(self->fd, WSE_IOCTL_LAUNCH, &ln));
	wse_launch_init(&ln, 3, args, WSE_MAX_LAUNCH_ARGS, WSE_LAUNCH_NONBLOCK);
	EXPECT_EQ(EBADFD, raw(self->fd, WSE_IOCTL_LAUNCH, &ln));
	EXPECT_EQ(-EBADFD, wse_launch(self->dev, &ln));
	EXPECT_NE(NULL, strstr(wse_errmsg(self->dev), "wse_launch: EBADFD"));
	EXPECT_EQ(EFAULT, raw(self->fd, WSE_IOCTL_LAUNCH, NULL));
}

TEST_F(owner, wait_and_query)
{
	struct wse_wait wt = { .size = sizeof(wt) };
	struct wse_query q = { .size = sizeof(q) };
	struct wse_xfer xf;

	good(&xf, self->buf);
	xf.flags = WSE_XFER_NONBLOCK;
	ASSERT_EQ(0, raw(self->fd, WSE_IOCTL_H2D, &xf));

	q.task_id = xf.task_id;
	check_sizes(_metadata, self->fd, WSE_IOCTL_QUERY, &q, sizeof(q), 0);
	q.flags = 1;
	EXPECT_EQ(EINVAL, raw(self->fd, WSE_IOCTL_QUERY, &q));
	q.flags = 0;
	q.reserved[0] = 1;
	EXPECT_EQ(EINVAL, raw(self->fd, WSE_IOCTL_QUERY, &q));
	q.reserved[0] = 0;
	q.task_id = xf.task_id + 1000;
	EXPECT_EQ(ENOENT, raw(self->fd, WSE_IOCTL_QUERY, &q));
	q.task_id = 0;
	EXPECT_EQ(ENOENT, raw(self->fd, WSE_IOCTL_QUERY, &q));
	EXPECT_EQ(EFAULT, raw(self->fd, WSE_IOCTL_QUERY, NULL));

	wt.flags = WSE_WAIT_ALL;
	wt.task_id = xf.task_id;
	EXPECT_EQ(EINVAL, raw(self->fd, WSE_IOCTL_WAIT, &wt));
	wt.flags = 4;
	wt.task_id = xf.task_id;
	EXPECT_EQ(EINVAL, raw(self->fd, WSE_IOCTL_WAIT, &wt));
	wt.flags = 0;
	wt.reserved[4] = 1;
	EXPECT_EQ(EINVAL, raw(self->fd, WSE_IOCTL_WAIT, &wt));
	wt.reserved[4] = 0;
	wt.task_id = xf.task_id + 1000;
	EXPECT_EQ(ENOENT, raw(self->fd, WSE_IOCTL_WAIT, &wt));
	wt.task_id = xf.task_id;
	wt.timeout_ns = -1;
	check_sizes(_metadata, self->fd, WSE_IOCTL_WAIT, &wt, sizeof(wt), 0);
	/* the zero-tail WAIT reaped it */
	EXPECT_EQ(ENOENT, raw(self->fd, WSE_IOCTL_WAIT, &wt));
	q.task_id = xf.task_id;
	EXPECT_EQ(ENOENT, raw(self->fd, WSE_IOCTL_QUERY, &q));
	EXPECT_EQ(EFAULT, raw(self->fd, WSE_IOCTL_WAIT, NULL));
}

TEST_F(owner, second_file)
{
	struct wse_configure cfg;
	struct wse_xfer xf;
	struct wse_query q = { .size = sizeof(q) };
	struct wse_launch ln;
	struct wse_dev *other;

	good(&xf, self->buf);
	xf.flags = WSE_XFER_NONBLOCK;
	ASSERT_EQ(0, raw(self->fd, WSE_IOCTL_H2D, &xf));
	ASSERT_EQ(0, wse_open(NULL, &other));
	rect_cfg(&cfg, 4, 4, 2);
	EXPECT_EQ(EBUSY, raw(wse_fd(other), WSE_IOCTL_CONFIGURE, &cfg));
	EXPECT_EQ(-EBUSY, wse_configure(other, &cfg));
	EXPECT_NE(NULL, strstr(wse_errmsg(other), "wse_configure: EBUSY"));
	EXPECT_EQ(EBUSY, raw(wse_fd(other), WSE_IOCTL_H2D, &xf));
	EXPECT_EQ(EBUSY, raw(wse_fd(other), WSE_IOCTL_D2H, &xf));
	EXPECT_EQ(-EBUSY, wse_h2d(other, &xf));
	EXPECT_NE(NULL, strstr(wse_errmsg(other), "another open file"));
	wse_launch_init(&ln, 0, NULL, 0, 0);
	EXPECT_EQ(EBUSY, raw(wse_fd(other), WSE_IOCTL_LAUNCH, &ln));
	EXPECT_EQ(EPERM, raw(wse_fd(other), WSE_IOCTL_STOP, NULL));
	EXPECT_EQ(-EPERM, wse_stop(other));
	q.task_id = xf.task_id;	/* tasks belong to their file */
	EXPECT_EQ(ENOENT, raw(wse_fd(other), WSE_IOCTL_QUERY, &q));
	EXPECT_LE(WSE_TASK_PENDING, wse_query(self->dev, xf.task_id, NULL));

	/* after the owner's STOP the other file can configure */
	EXPECT_EQ(0, wse_stop(self->dev));
	EXPECT_EQ(EPERM, raw(self->fd, WSE_IOCTL_STOP, NULL));
	EXPECT_EQ(EPERM, raw(self->fd, WSE_IOCTL_H2D, &xf));
	EXPECT_EQ(0, wse_configure(other, &cfg));
	EXPECT_EQ(EBUSY, raw(self->fd, WSE_IOCTL_H2D, &xf));
	EXPECT_EQ(EBUSY, raw(self->fd, WSE_IOCTL_CONFIGURE, &cfg));
	/* and after it closes, the first one can again */
	wse_close(other);
	EXPECT_EQ(0, raw(self->fd, WSE_IOCTL_CONFIGURE, &cfg));
}

TEST_F(owner, library_messages)
{
	struct wse_xfer xf;
	struct wse_configure cfg;

	good(&xf, self->buf);
	xf.x = 3;
	EXPECT_EQ(-EINVAL, wse_h2d(self->dev, &xf));
	EXPECT_STREQ("wse_h2d: ROI (3,1,2,2) is outside the 4x4 rectangle",
		     wse_errmsg(self->dev));
	good(&xf, self->buf);
	xf.host_bytes = 60;
	EXPECT_EQ(-EINVAL, wse_d2h(self->dev, &xf));
	EXPECT_STREQ("wse_d2h: host_bytes 60 != w*h*l*4 = 64", wse_errmsg(self->dev));
	good(&xf, self->buf);
	xf.pe_offset = WSE_PE_MEMORY_BYTES - 8;
	EXPECT_EQ(-ENOSPC, wse_h2d(self->dev, &xf));
	EXPECT_NE(NULL, strstr(wse_errmsg(self->dev), "> 49152 bytes of PE memory"));
	good(&xf, self->buf);
	EXPECT_EQ(0, wse_h2d(self->dev, &xf));
	EXPECT_STREQ("", wse_errmsg(self->dev));
	/* the kernel's own refusal, explained */
	good(&xf, (void *)8);
	EXPECT_EQ(-EFAULT, wse_d2h(self->dev, &xf));
	EXPECT_NE(NULL, strstr(wse_errmsg(self->dev), "wse_d2h: EFAULT: the host array"));
	EXPECT_EQ(0, wse_stop(self->dev));
	rect_cfg(&cfg, 26, 4, 2);
	EXPECT_EQ(-EINVAL, wse_configure(self->dev, &cfg));
	EXPECT_STREQ("wse_configure: fabric dims 33x6 exceed the device's 32x24",
		     wse_errmsg(self->dev));
	rect_cfg(&cfg, 4, 4, 17);
	EXPECT_EQ(-EINVAL, wse_configure(self->dev, &cfg));
	EXPECT_STREQ("wse_configure: channels 17 is outside 1..16", wse_errmsg(self->dev));
	EXPECT_EQ(-EPERM, wse_h2d(self->dev, &xf));
	EXPECT_NE(NULL, strstr(wse_errmsg(self->dev), "wse_h2d: EPERM"));
}

TEST_HARNESS_MAIN
