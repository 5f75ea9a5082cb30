// SPDX-License-Identifier: GPL-2.0
/*
 * stream_ioctl_test - the ABI of streaming transfers, LOAD routes and
 * GET_STALL through raw ioctls: every error the kernel returns before the
 * device sees anything (EINVAL, EBADFD, EPERM/EBUSY, ENOENT, EFAULT,
 * E2BIG).  No wavelet moves here: a valid stream is never submitted.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "wse_util.h"

#define N	(RECT_W * RECT_H)
#define PAGE	4096

/* ---- a PE image that unblocks at init and then WAITs forever ---- */
#define A0	10
#define A1	11
#define A7	17
#define RA	1
#define ECALL	0x00000073u
#define IMG_LEN	0x100
#define WAIT_BUF 0x200

static uint32_t addi(uint32_t rd, uint32_t rs1, int32_t imm)
{
	return ((uint32_t)imm & 0xfff) << 20 | rs1 << 15 | rd << 7 | 0x13;
}

static uint32_t jalr(uint32_t rd, uint32_t rs1, int32_t imm)
{
	return ((uint32_t)imm & 0xfff) << 20 | rs1 << 15 | rd << 7 | 0x67;
}

static uint32_t jal_back(uint32_t rd, int32_t off)
{
	uint32_t u = (uint32_t)off;

	return ((u >> 20) & 1) << 31 | ((u >> 1) & 0x3ff) << 21 |
	       ((u >> 11) & 1) << 20 | ((u >> 12) & 0xff) << 12 | rd << 7 |
	       0x6f;
}

/* Colors of the routes below. */
#define C_NONE		0	/* never routed */
#define C_H2D		1	/* H2D stream pattern on every PE */
#define C_D2H		2	/* D2H stream pattern on every PE */
#define C_H2D_PART	3	/* H2D pattern on row 0 only */
#define C_D2H_PART	4	/* D2H pattern on row 0 only */
#define C_MIXED		5	/* H2D pattern on row 0, D2H on the rest */
#define C_EAST		6	/* an ordinary route: West to East on row 0 */
#define C_H2D_B		20	/* a second H2D stream color */

struct prog {
	uint32_t code[IMG_LEN / 4];
	struct wse_pe_image img;
	uint16_t pe_map[N];
	struct wse_route routes[N * WSE_NR_COLORS];
	struct wse_load ld;
};

static struct wse_route *rt(struct prog *p, uint32_t x, uint32_t y,
			    uint32_t c)
{
	return &p->routes[(y * RECT_W + x) * WSE_NR_COLORS + c];
}

static void set_rt(struct prog *p, uint32_t x, uint32_t y, uint32_t c,
		   uint8_t rx, uint8_t tx)
{
	rt(p, x, y, c)->rx = rx;
	rt(p, x, y, c)->tx = tx;
}

/* A valid program; with @routes the colors C_* above. */
static void prog_init(struct prog *p, bool routes)
{
	uint32_t x, y;

	memset(p, 0, sizeof(*p));
	p->code[0] = addi(A7, 0, 2);		/* unblock */
	p->code[1] = ECALL;
	p->code[2] = addi(A7, 0, 1);		/* WAIT */
	p->code[3] = addi(A0, 0, WAIT_BUF);
	p->code[4] = ECALL;
	p->code[5] = jalr(RA, A1, 0);
	p->code[6] = jal_back(0, -0x10);
	p->img.data = (uintptr_t)p->code;
	p->img.data_len = IMG_LEN;
	p->ld.size = sizeof(p->ld);
	p->ld.nr_images = 1;
	p->ld.images = (uintptr_t)&p->img;
	p->ld.pe_map = (uintptr_t)p->pe_map;
	if (!routes)
		return;
	for (y = 0; y < RECT_H; y++) {
		for (x = 0; x < RECT_W; x++) {
			set_rt(p, x, y, C_H2D, WSE_PORT_MEMCPY, WSE_PORT_RAMP);
			set_rt(p, x, y, C_H2D_B, WSE_PORT_MEMCPY,
			       WSE_PORT_RAMP);
			set_rt(p, x, y, C_D2H, WSE_PORT_RAMP, WSE_PORT_MEMCPY);
			if (y == 0) {
				set_rt(p, x, y, C_H2D_PART, WSE_PORT_MEMCPY,
				       WSE_PORT_RAMP);
				set_rt(p, x, y, C_D2H_PART, WSE_PORT_RAMP,
				       WSE_PORT_MEMCPY);
				set_rt(p, x, y, C_MIXED, WSE_PORT_MEMCPY,
				       WSE_PORT_RAMP);
			} else {
				set_rt(p, x, y, C_MIXED, WSE_PORT_RAMP,
				       WSE_PORT_MEMCPY);
			}
		}
	}
	/* row 0: PE 0 sends East, the middle ones pass on, the last eats */
	set_rt(p, 0, 0, C_EAST, WSE_PORT_RAMP, WSE_PORT_EAST);
	for (x = 1; x < RECT_W - 1; x++)
		set_rt(p, x, 0, C_EAST, WSE_PORT_WEST,
		       WSE_PORT_EAST | WSE_PORT_RAMP);
	set_rt(p, RECT_W - 1, 0, C_EAST, WSE_PORT_WEST, WSE_PORT_RAMP);
	p->ld.routes = (uintptr_t)p->routes;
}

/* A stream of l words per PE over ROI (x, y, w, h) on @color. */
static void stream_init(struct wse_xfer *xf, uint32_t *buf, uint32_t x,
			uint32_t y, uint32_t w, uint32_t h, uint32_t l,
			uint32_t color, uint32_t flags)
{
	wse_xfer_init(xf, buf, x, y, w, h, l, 0, WSE_DATA_32BIT,
		      WSE_ORDER_ROW_MAJOR, flags | WSE_XFER_STREAM);
	xf->color = color;
}

/* Both directions give @err. */
#define EXPECT_BOTH(err, fd, xf) do {					\
		EXPECT_EQ(err, raw(fd, WSE_IOCTL_H2D, xf));		\
		EXPECT_EQ(err, raw(fd, WSE_IOCTL_D2H, xf));		\
	} while (0)

static void stall_init(struct wse_stall *s, struct wse_stall_entry *e,
		       uint32_t capacity)
{
	memset(s, 0, sizeof(*s));
	s->size = sizeof(*s);
	s->capacity = capacity;
	s->entries = (uintptr_t)e;
}

/* ---- no owner ---- */

TEST(unowned_is_eperm)
{
	struct wse_stall_entry e[4];
	struct wse_stall s;
	struct wse_xfer xf;
	uint32_t buf[4];
	int fd = open_node();

	ASSERT_LE(0, fd);
	stream_init(&xf, buf, 0, 0, 1, 1, 1, C_H2D, 0);
	EXPECT_BOTH(EPERM, fd, &xf);
	stall_init(&s, e, 4);
	EXPECT_EQ(EPERM, raw(fd, WSE_IOCTL_GET_STALL, &s));
	/* field checks come first */
	s.flags = 1;
	EXPECT_EQ(EINVAL, raw(fd, WSE_IOCTL_GET_STALL, &s));
	close(fd);
}

/* ---- a configured 4x4 rectangle, 2 channels ---- */

FIXTURE(st) {
	struct wse_dev *dev;
	int fd;
	uint64_t acq, rel;
	struct prog *p;
	uint32_t *buf;		/* room for any transfer below */
};

#define BUF_WORDS	(N * 16384)

FIXTURE_SETUP(st)
{
	ASSERT_EQ(0, pin_counts(&self->acq, &self->rel));
	self->p = malloc(sizeof(*self->p));
	ASSERT_NE(NULL, self->p);
	self->buf = calloc(BUF_WORDS, 4);
	ASSERT_NE(NULL, self->buf);
	ASSERT_EQ(0, open_configured(&self->dev, RECT_W, RECT_H, RECT_CH));
	self->fd = wse_fd(self->dev);
}

FIXTURE_TEARDOWN(st)
{
	struct wse_wait w = { .size = sizeof(w), .flags = WSE_WAIT_ALL,
			      .timeout_ns = 0 };
	uint64_t acq, rel;

	/* no error path created a task */
	EXPECT_EQ(0, raw(self->fd, WSE_IOCTL_WAIT, &w));
	EXPECT_EQ(0, raw(self->fd, WSE_IOCTL_STOP, NULL));
	wse_close(self->dev);
	/* and none left a page pinned */
	EXPECT_EQ(0, pin_counts(&acq, &rel));
	EXPECT_EQ(acq - self->acq, rel - self->rel);
	free(self->buf);
	free(self->p);
}

static void load_run(struct __test_metadata *_metadata,
		     FIXTURE_DATA(st) *self, bool routes)
{
	prog_init(self->p, routes);
	ASSERT_EQ(0, raw(self->fd, WSE_IOCTL_LOAD, &self->p->ld));
	ASSERT_EQ(0, raw(self->fd, WSE_IOCTL_RUN, NULL));
}

/* Field checks that need no program, and EBADFD before RUN. */
TEST_F(st, stream_fields_and_life_cycle)
{
	struct wse_xfer xf;
	uint32_t *buf = self->buf;
	int other;

	/* @color only with WSE_XFER_STREAM */
	wse_xfer_init(&xf, buf, 0, 0, 1, 1, 1, 0, WSE_DATA_32BIT,
		      WSE_ORDER_ROW_MAJOR, 0);
	xf.color = 1;
	EXPECT_BOTH(EINVAL, self->fd, &xf);
	xf.color = 0x80000000u;
	EXPECT_BOTH(EINVAL, self->fd, &xf);
	xf.flags = WSE_XFER_NONBLOCK;
	EXPECT_BOTH(EINVAL, self->fd, &xf);
	/* ... and a copy still works with color 0 */
	xf.color = 0;
	xf.flags = 0;
	EXPECT_EQ(0, raw(self->fd, WSE_IOCTL_H2D, &xf));

	/* not with WSE_XFER_SYMBOL (whatever the symbol) */
	stream_init(&xf, buf, 0, 0, 1, 1, 1, C_H2D, WSE_XFER_SYMBOL);
	EXPECT_BOTH(EINVAL, self->fd, &xf);
	xf.symbol = 1;
	EXPECT_BOTH(EINVAL, self->fd, &xf);
	/* pe_offset must be 0, even aligned */
	stream_init(&xf, buf, 0, 0, 1, 1, 1, C_H2D, 0);
	xf.pe_offset = 4;
	EXPECT_BOTH(EINVAL, self->fd, &xf);
	xf.pe_offset = 2;
	xf.data_type = WSE_DATA_16BIT;
	EXPECT_BOTH(EINVAL, self->fd, &xf);
	/* color < WSE_NR_COLORS */
	stream_init(&xf, buf, 0, 0, 1, 1, 1, WSE_NR_COLORS, 0);
	EXPECT_BOTH(EINVAL, self->fd, &xf);
	xf.color = 0xffffffffu;
	EXPECT_BOTH(EINVAL, self->fd, &xf);
	/* unknown flag, reserved, the copy's own rules still hold */
	stream_init(&xf, buf, 0, 0, 1, 1, 1, C_H2D, 1u << 3);
	EXPECT_BOTH(EINVAL, self->fd, &xf);
	stream_init(&xf, buf, 0, 0, 1, 1, 1, C_H2D, 0);
	xf.reserved[1] = 1;
	EXPECT_BOTH(EINVAL, self->fd, &xf);
	stream_init(&xf, buf, 0, 0, 1, 1, 1, C_H2D, 0);
	xf.host_bytes += 4;
	EXPECT_BOTH(EINVAL, self->fd, &xf);
	stream_init(&xf, buf, 0, 0, 1, 1, 0, C_H2D, 0);
	EXPECT_BOTH(EINVAL, self->fd, &xf);
	stream_init(&xf, buf, 0, 0, 1, 1, 1, C_H2D, 0);
	xf.data_type = 2;
	EXPECT_BOTH(EINVAL, self->fd, &xf);
	stream_init(&xf, buf, 0, 0, 1, 1, 1, C_H2D, 0);
	xf.order = 2;
	EXPECT_BOTH(EINVAL, self->fd, &xf);
	stream_init(&xf, buf, 0, 0, 1, 1, 1, C_H2D, 0);
	xf.host_ptr += 2;
	EXPECT_BOTH(EINVAL, self->fd, &xf);

	/* a stream is not bounded by PE memory: l = 16384 gets to EBADFD */
	stream_init(&xf, buf, 0, 0, 1, 1, 16384, C_H2D, 0);
	EXPECT_BOTH(EBADFD, self->fd, &xf);
	/* a copy of the same length is ENOSPC */
	wse_xfer_init(&xf, buf, 0, 0, 1, 1, 16384, 0, WSE_DATA_32BIT,
		      WSE_ORDER_ROW_MAJOR, 0);
	EXPECT_BOTH(ENOSPC, self->fd, &xf);

	/* before LOAD: EBADFD; the ROI is checked first */
	stream_init(&xf, buf, 0, 0, RECT_W, RECT_H, 1, C_H2D, 0);
	EXPECT_BOTH(EBADFD, self->fd, &xf);
	xf.flags |= WSE_XFER_NONBLOCK;
	EXPECT_BOTH(EBADFD, self->fd, &xf);
	stream_init(&xf, buf, 1, 0, RECT_W, 1, 1, C_H2D, 0);
	EXPECT_BOTH(EINVAL, self->fd, &xf);
	stream_init(&xf, buf, 0, RECT_H, 1, 1, 1, C_H2D, 0);
	EXPECT_BOTH(EINVAL, self->fd, &xf);

	/* another file description: EBUSY, as for every work */
	other = open_node();
	ASSERT_LE(0, other);
	stream_init(&xf, buf, 0, 0, 1, 1, 1, C_H2D, 0);
	EXPECT_BOTH(EBUSY, other, &xf);

	/* after LOAD, before RUN: EBADFD */
	prog_init(self->p, true);
	ASSERT_EQ(0, raw(self->fd, WSE_IOCTL_LOAD, &self->p->ld));
	stream_init(&xf, buf, 0, 0, RECT_W, RECT_H, 1, C_H2D, 0);
	EXPECT_EQ(EBADFD, raw(self->fd, WSE_IOCTL_H2D, &xf));
	xf.color = C_D2H;
	EXPECT_EQ(EBADFD, raw(self->fd, WSE_IOCTL_D2H, &xf));
	/* after RUN the owner check still comes first */
	ASSERT_EQ(0, raw(self->fd, WSE_IOCTL_RUN, NULL));
	EXPECT_EQ(EBUSY, raw(other, WSE_IOCTL_D2H, &xf));
	close(other);
}

/* After RUN: @color must be a stream color of the transfer's direction. */
TEST_F(st, stream_colors)
{
	static const struct { uint32_t color; int h2d, d2h; } cases[] = {
		{ C_NONE, EINVAL, EINVAL },
		{ C_H2D_PART, EINVAL, EINVAL },
		{ C_D2H_PART, EINVAL, EINVAL },
		{ C_MIXED, EINVAL, EINVAL },
		{ C_EAST, EINVAL, EINVAL },
		{ C_D2H, EINVAL, 0 },
		{ C_H2D, 0, EINVAL },
		{ C_H2D_B, 0, EINVAL },
		{ 7, EINVAL, EINVAL },
		{ 23, EINVAL, EINVAL },
	};
	struct wse_xfer xf;
	unsigned int i;

	load_run(_metadata, self, true);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		/* only the failures: a valid stream would reach the device */
		stream_init(&xf, self->buf, 0, 0, RECT_W, RECT_H, 2,
			    cases[i].color, 0);
		if (cases[i].h2d)
			EXPECT_EQ(cases[i].h2d,
				  raw(self->fd, WSE_IOCTL_H2D, &xf))
				TH_LOG("H2D color %u", cases[i].color);
		if (cases[i].d2h)
			EXPECT_EQ(cases[i].d2h,
				  raw(self->fd, WSE_IOCTL_D2H, &xf))
				TH_LOG("D2H color %u", cases[i].color);
		/* the same, nonblocking, on one PE and 16-bit */
		stream_init(&xf, self->buf, 1, 2, 1, 1, 3, cases[i].color,
			    WSE_XFER_NONBLOCK);
		xf.data_type = WSE_DATA_16BIT;
		xf.order = WSE_ORDER_COL_MAJOR;
		if (cases[i].h2d)
			EXPECT_EQ(cases[i].h2d,
				  raw(self->fd, WSE_IOCTL_H2D, &xf));
		if (cases[i].d2h)
			EXPECT_EQ(cases[i].d2h,
				  raw(self->fd, WSE_IOCTL_D2H, &xf));
	}
	/* a good color does not save a bad field */
	stream_init(&xf, self->buf, 0, 0, RECT_W, RECT_H, 1, C_H2D, 0);
	xf.pe_offset = 4;
	EXPECT_EQ(EINVAL, raw(self->fd, WSE_IOCTL_H2D, &xf));
	stream_init(&xf, self->buf, 0, 0, RECT_W + 1, 1, 1, C_H2D, 0);
	EXPECT_EQ(EINVAL, raw(self->fd, WSE_IOCTL_H2D, &xf));
	stream_init(&xf, self->buf, 0, 0, 1, 1, 1, C_D2H, WSE_XFER_SYMBOL);
	EXPECT_EQ(EINVAL, raw(self->fd, WSE_IOCTL_D2H, &xf));
}

/* A program without routes has no stream color at all. */
TEST_F(st, stream_without_routes)
{
	struct wse_xfer xf;
	uint32_t c;

	load_run(_metadata, self, false);
	for (c = 0; c < WSE_NR_COLORS; c++) {
		stream_init(&xf, self->buf, 0, 0, RECT_W, RECT_H, 1, c, 0);
		EXPECT_BOTH(EINVAL, self->fd, &xf);
	}
}

/* Every rule of struct wse_load's routes, one at a time. */
TEST_F(st, load_routes_rules)
{
	struct prog *p = self->p;
	struct wse_stall s;

#define BAD(err, stmt) do {						\
		prog_init(p, true);					\
		stmt;							\
		EXPECT_EQ(err, raw(self->fd, WSE_IOCTL_LOAD, &p->ld))	\
			TH_LOG("%s", #stmt);				\
	} while (0)

	/* only WSE_PORT_ALL bits */
	BAD(EINVAL, set_rt(p, 1, 1, 9, WSE_PORT_RAMP | 0x40, WSE_PORT_EAST));
	BAD(EINVAL, set_rt(p, 1, 1, 9, WSE_PORT_RAMP, 0x80));
	BAD(EINVAL, set_rt(p, 2, 3, C_H2D, WSE_PORT_MEMCPY,
			   WSE_PORT_RAMP | 0x40));
	/* rx and tx both empty or both non-empty */
	BAD(EINVAL, set_rt(p, 1, 1, 9, WSE_PORT_RAMP, 0));
	BAD(EINVAL, set_rt(p, 1, 1, 9, 0, WSE_PORT_RAMP));
	BAD(EINVAL, set_rt(p, 3, 3, C_D2H, 0, WSE_PORT_MEMCPY));
	/* no port but RAMP (cslc's self ramp) in both */
	BAD(EINVAL, set_rt(p, 1, 1, 9, WSE_PORT_RAMP | WSE_PORT_NORTH,
			   WSE_PORT_RAMP | WSE_PORT_NORTH));
	BAD(EINVAL, set_rt(p, 1, 1, 9, WSE_PORT_NORTH,
			   WSE_PORT_NORTH | WSE_PORT_RAMP));
	/* no direction that leaves the rectangle, rx or tx */
	BAD(EINVAL, set_rt(p, 1, 0, 9, WSE_PORT_NORTH, WSE_PORT_RAMP));
	BAD(EINVAL, set_rt(p, 0, 2, 9, WSE_PORT_WEST, WSE_PORT_RAMP));
	BAD(EINVAL, set_rt(p, RECT_W - 1, 2, 9, WSE_PORT_EAST,
			   WSE_PORT_RAMP));
	BAD(EINVAL, set_rt(p, 2, RECT_H - 1, 9, WSE_PORT_SOUTH,
			   WSE_PORT_RAMP));
	BAD(EINVAL, set_rt(p, 2, 0, 9, WSE_PORT_RAMP, WSE_PORT_NORTH));
	BAD(EINVAL, set_rt(p, 2, RECT_H - 1, 9, WSE_PORT_RAMP,
			   WSE_PORT_SOUTH));
	BAD(EINVAL, set_rt(p, 0, 1, 9, WSE_PORT_RAMP, WSE_PORT_WEST));
	BAD(EINVAL, set_rt(p, RECT_W - 1, 0, C_EAST, WSE_PORT_WEST,
			   WSE_PORT_RAMP | WSE_PORT_EAST));
	/* a tx towards a neighbour that does not accept it */
	BAD(EINVAL, set_rt(p, 1, 1, 9, WSE_PORT_RAMP, WSE_PORT_SOUTH));
	BAD(EINVAL, set_rt(p, 1, 1, 9, WSE_PORT_RAMP, WSE_PORT_SOUTH);
		    set_rt(p, 1, 2, 9, WSE_PORT_WEST, WSE_PORT_RAMP));
	BAD(EINVAL, set_rt(p, 2, 0, C_EAST, 0, 0));
	BAD(EINVAL, set_rt(p, 2, 0, C_EAST, WSE_PORT_SOUTH, WSE_PORT_RAMP);
		    set_rt(p, 2, 1, C_EAST, WSE_PORT_RAMP, WSE_PORT_NORTH));
	/* multicast: every target must accept */
	BAD(EINVAL, set_rt(p, 1, 1, 9, WSE_PORT_RAMP,
			   WSE_PORT_NORTH | WSE_PORT_SOUTH);
		    set_rt(p, 1, 0, 9, WSE_PORT_SOUTH, WSE_PORT_RAMP));
	/* WSE_PORT_MEMCPY only as rx=MEMCPY tx=RAMP or rx=RAMP tx=MEMCPY */
	BAD(EINVAL, set_rt(p, 1, 1, C_H2D, WSE_PORT_MEMCPY,
			   WSE_PORT_RAMP | WSE_PORT_EAST);
		    set_rt(p, 2, 1, C_H2D, WSE_PORT_WEST | WSE_PORT_MEMCPY,
			   WSE_PORT_RAMP));
	BAD(EINVAL, set_rt(p, 1, 1, 9, WSE_PORT_MEMCPY, WSE_PORT_EAST);
		    set_rt(p, 2, 1, 9, WSE_PORT_WEST, WSE_PORT_RAMP));
	BAD(EINVAL, set_rt(p, 2, 1, 9, WSE_PORT_WEST | WSE_PORT_MEMCPY,
			   WSE_PORT_RAMP);
		    set_rt(p, 1, 1, 9, WSE_PORT_RAMP, WSE_PORT_EAST));
	BAD(EINVAL, set_rt(p, 1, 1, C_D2H, WSE_PORT_RAMP,
			   WSE_PORT_MEMCPY | WSE_PORT_EAST);
		    set_rt(p, 2, 1, C_D2H, WSE_PORT_WEST, WSE_PORT_RAMP));
	BAD(EINVAL, set_rt(p, 1, 1, C_D2H, WSE_PORT_RAMP | WSE_PORT_WEST,
			   WSE_PORT_MEMCPY);
		    set_rt(p, 0, 1, C_D2H, WSE_PORT_RAMP, WSE_PORT_EAST));
	BAD(EINVAL, set_rt(p, 3, 3, 9, WSE_PORT_MEMCPY, WSE_PORT_MEMCPY));
	BAD(EINVAL, set_rt(p, 3, 3, 9, WSE_PORT_NORTH, WSE_PORT_MEMCPY);
		    set_rt(p, 3, 2, 9, WSE_PORT_RAMP, WSE_PORT_SOUTH));
	/* the routes must be readable */
	BAD(EFAULT, p->ld.routes = 8);
	/* the other fields are still checked with routes */
	BAD(EINVAL, p->ld.reserved[1] = 1);
	BAD(EINVAL, p->pe_map[N - 1] = 1);
#undef BAD

	/* nothing of the failed LOADs stayed: no program, no stall */
	stall_init(&s, NULL, 0);
	EXPECT_EQ(ENOENT, raw(self->fd, WSE_IOCTL_GET_STALL, &s));

	/*
	 * What is allowed: an rx from a neighbour that does not send, a
	 * multicast whose targets accept, the stream patterns on only some
	 * PEs (not a stream color then) or on every PE.
	 */
	prog_init(p, true);
	set_rt(p, 1, 1, 9, WSE_PORT_NORTH | WSE_PORT_WEST, WSE_PORT_RAMP);
	set_rt(p, 2, 2, 10, WSE_PORT_RAMP,
	       WSE_PORT_NORTH | WSE_PORT_SOUTH | WSE_PORT_EAST |
	       WSE_PORT_WEST);
	set_rt(p, 2, 1, 10, WSE_PORT_SOUTH, WSE_PORT_RAMP);
	set_rt(p, 2, 3, 10, WSE_PORT_NORTH, WSE_PORT_RAMP | WSE_PORT_EAST);
	set_rt(p, 3, 3, 10, WSE_PORT_WEST, WSE_PORT_RAMP);
	set_rt(p, 3, 2, 10, WSE_PORT_WEST, WSE_PORT_RAMP);
	set_rt(p, 1, 2, 10, WSE_PORT_EAST, WSE_PORT_RAMP);
	EXPECT_EQ(0, raw(self->fd, WSE_IOCTL_LOAD, &p->ld));
	EXPECT_EQ(EBADFD, raw(self->fd, WSE_IOCTL_LOAD, &p->ld));
}

/* A bigger @size with a zero tail, and the v1 layout without @routes. */
TEST_F(st, load_routes_sizes)
{
	struct prog *p = self->p;
	uint8_t *pg = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	/* the struct as old userspace knew it: routes was reserved */
	struct wse_load_v1 {
		uint32_t size, flags, nr_images, nr_functions, nr_symbols;
		uint32_t reserved0;
		uint64_t images, pe_map;
		uint32_t reserved[4];
	} v1;
	struct wse_configure cfg;

	ASSERT_NE(MAP_FAILED, pg);
	ASSERT_EQ(sizeof(v1), sizeof(p->ld));
	prog_init(p, true);
	memcpy(pg, &p->ld, sizeof(p->ld));
	((struct wse_load *)pg)->size = PAGE;
	pg[sizeof(p->ld)] = 1;
	EXPECT_EQ(E2BIG, raw(self->fd, WSE_IOCTL_LOAD, pg));
	pg[sizeof(p->ld)] = 0;
	/* a bad route behind a long struct is still found */
	set_rt(p, 0, 0, 9, WSE_PORT_WEST, WSE_PORT_RAMP);
	EXPECT_EQ(EINVAL, raw(self->fd, WSE_IOCTL_LOAD, pg));
	set_rt(p, 0, 0, 9, 0, 0);
	EXPECT_EQ(0, raw(self->fd, WSE_IOCTL_LOAD, pg));
	munmap(pg, PAGE);
	EXPECT_EQ(0, raw(self->fd, WSE_IOCTL_STOP, NULL));

	/* routes running into an unmapped page: EFAULT */
	rect_cfg(&cfg, RECT_W, RECT_H, RECT_CH);
	ASSERT_EQ(0, raw(self->fd, WSE_IOCTL_CONFIGURE, &cfg));
	pg = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, pg);
	ASSERT_EQ(0, munmap(pg + PAGE, PAGE));
	prog_init(p, false);
	memcpy(pg + PAGE - sizeof(p->routes) + 2, p->routes,
	       sizeof(p->routes) - 2);
	p->ld.routes = (uintptr_t)(pg + PAGE - sizeof(p->routes) + 2);
	EXPECT_EQ(EFAULT, raw(self->fd, WSE_IOCTL_LOAD, &p->ld));
	munmap(pg, PAGE);
	EXPECT_EQ(0, raw(self->fd, WSE_IOCTL_STOP, NULL));

	/* old userspace: same size, the routes' bytes were reserved zeros */
	rect_cfg(&cfg, RECT_W, RECT_H, RECT_CH);
	ASSERT_EQ(0, raw(self->fd, WSE_IOCTL_CONFIGURE, &cfg));
	prog_init(p, false);
	memset(&v1, 0, sizeof(v1));
	v1.size = sizeof(v1);
	v1.nr_images = 1;
	v1.images = p->ld.images;
	v1.pe_map = p->ld.pe_map;
	EXPECT_EQ(0, raw(self->fd, WSE_IOCTL_LOAD, &v1));
	EXPECT_EQ(0, raw(self->fd, WSE_IOCTL_RUN, NULL));
}

/* GET_STALL: owner only, the usual struct rules, ENOENT without a stall. */
TEST_F(st, get_stall)
{
	struct wse_stall_entry e[4];
	struct wse_stall s;
	uint8_t *pg;
	uint32_t sz;
	int other;

	memset(e, 0xa5, sizeof(e));
	stall_init(&s, e, 4);
	EXPECT_EQ(ENOENT, raw(self->fd, WSE_IOCTL_GET_STALL, &s));
	stall_init(&s, NULL, 0);
	EXPECT_EQ(ENOENT, raw(self->fd, WSE_IOCTL_GET_STALL, &s));

	/* flags, reserved, capacity without entries */
	stall_init(&s, e, 4);
	s.flags = 1;
	EXPECT_EQ(EINVAL, raw(self->fd, WSE_IOCTL_GET_STALL, &s));
	stall_init(&s, e, 4);
	s.flags = 0x80000000u;
	EXPECT_EQ(EINVAL, raw(self->fd, WSE_IOCTL_GET_STALL, &s));
	stall_init(&s, e, 4);
	s.reserved0 = 1;
	EXPECT_EQ(EINVAL, raw(self->fd, WSE_IOCTL_GET_STALL, &s));
	stall_init(&s, e, 4);
	s.reserved[1] = 1;
	EXPECT_EQ(EINVAL, raw(self->fd, WSE_IOCTL_GET_STALL, &s));
	/* a task that never stalled (or is unknown): ENOENT */
	stall_init(&s, e, 4);
	s.task_id = 1;
	EXPECT_EQ(ENOENT, raw(self->fd, WSE_IOCTL_GET_STALL, &s));
	stall_init(&s, NULL, 1);
	EXPECT_EQ(EINVAL, raw(self->fd, WSE_IOCTL_GET_STALL, &s));
	/* output fields are ignored on input */
	stall_init(&s, e, 4);
	s.op = 7;
	s.color = 99;
	s.delivered = ~0ull;
	s.total = 1;
	s.stall_ms = 5;
	s.nr_entries = 1000;
	EXPECT_EQ(ENOENT, raw(self->fd, WSE_IOCTL_GET_STALL, &s));
	/* a huge capacity is fine: only what exists is written */
	stall_init(&s, e, 0xffffffffu);
	EXPECT_EQ(ENOENT, raw(self->fd, WSE_IOCTL_GET_STALL, &s));

	/* sizes */
	pg = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, pg);
	stall_init(&s, e, 4);
	memcpy(pg, &s, sizeof(s));
	for (sz = 0; sz < 8; sz += 4) {
		memcpy(pg, &sz, 4);
		EXPECT_EQ(EINVAL, raw(self->fd, WSE_IOCTL_GET_STALL, pg));
	}
	sz = sizeof(s) - 4;
	memcpy(pg, &sz, 4);
	EXPECT_EQ(EINVAL, raw(self->fd, WSE_IOCTL_GET_STALL, pg));
	sz = PAGE + 4;
	memcpy(pg, &sz, 4);
	EXPECT_EQ(E2BIG, raw(self->fd, WSE_IOCTL_GET_STALL, pg));
	sz = PAGE;
	memcpy(pg, &sz, 4);
	pg[sizeof(s)] = 1;
	EXPECT_EQ(E2BIG, raw(self->fd, WSE_IOCTL_GET_STALL, pg));
	pg[sizeof(s)] = 0;
	EXPECT_EQ(ENOENT, raw(self->fd, WSE_IOCTL_GET_STALL, pg));
	munmap(pg, 2 * PAGE);
	EXPECT_EQ(EFAULT, raw(self->fd, WSE_IOCTL_GET_STALL, NULL));
	EXPECT_EQ(ENOTTY, raw(self->fd, _IOW(WSE_IOCTL_BASE, 0x0b,
					     struct wse_stall), &s));
	EXPECT_EQ(ENOTTY, raw(self->fd, _IO(WSE_IOCTL_BASE, 0x0b), &s));

	/* another file description: the device is not its own */
	other = open_node();
	ASSERT_LE(0, other);
	stall_init(&s, e, 4);
	EXPECT_EQ(EBUSY, raw(other, WSE_IOCTL_GET_STALL, &s));

	/* no stall after LOAD and RUN either */
	load_run(_metadata, self, true);
	stall_init(&s, e, 4);
	EXPECT_EQ(ENOENT, raw(self->fd, WSE_IOCTL_GET_STALL, &s));
	EXPECT_EQ(EBUSY, raw(other, WSE_IOCTL_GET_STALL, &s));
	/* nothing was written to the entries */
	EXPECT_EQ(0xa5a5u, e[3].x);
	close(other);
}

TEST_HARNESS_MAIN
