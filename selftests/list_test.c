// SPDX-License-Identifier: GPL-2.0
/*
 * list_test - WSE_IOCTL_H2D_LIST: every field checked (raw ioctl, no
 * library checks), the bad item's index reported and nothing applied when
 * one item is bad, items applied in list order on every channel, the list
 * ordered with the copies around it, the user's buffers free once the call
 * returns, task status (device error, watchdog), close() with a list in
 * flight.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "wse_util.h"

#define OFF	256	/* PE byte offset the tests write at */

/* @n words of PE (x, y) at @pe_offset, blocking. */
static int pe_read(struct wse_dev *dev, uint32_t x, uint32_t y,
		   uint32_t pe_offset, uint32_t *w, uint32_t n)
{
	struct wse_xfer xf;

	wse_xfer_init(&xf, w, x, y, 1, 1, n, pe_offset, WSE_DATA_32BIT,
		      WSE_ORDER_ROW_MAJOR, 0);
	return wse_d2h(dev, &xf);
}

static int pe_write(struct wse_dev *dev, uint32_t x, uint32_t y,
		    uint32_t pe_offset, uint32_t *w, uint32_t n,
		    uint32_t flags)
{
	struct wse_xfer xf;

	wse_xfer_init(&xf, w, x, y, 1, 1, n, pe_offset, WSE_DATA_32BIT,
		      WSE_ORDER_ROW_MAJOR, flags);
	return wse_h2d(dev, &xf);
}

static struct wse_xfer_item item(uint32_t x, uint32_t y, uint32_t l,
				 uint32_t pe_offset, uint32_t data_off)
{
	return (struct wse_xfer_item) {
		.x = x, .y = y, .l = l, .pe_offset = pe_offset,
		.data_off = data_off, .data_type = WSE_DATA_32BIT,
	};
}

FIXTURE(list) {
	struct wse_dev *dev;
	int fd;
	struct wse_xfer_item it[4];
	uint32_t data[8];
	struct wse_xfer_list xl;
};

FIXTURE_SETUP(list)
{
	knobs_reset();
	ASSERT_EQ(0, open_configured(&self->dev, RECT_W, RECT_H, RECT_CH));
	self->fd = wse_fd(self->dev);
	/* a valid two-item list the cases below break one field of */
	self->it[0] = item(0, 0, 2, OFF, 0);
	self->it[1] = item(3, 3, 1, OFF, 8);
	for (uint32_t i = 0; i < 8; i++)
		self->data[i] = 0x1000 + i;
	wse_xfer_list_init(&self->xl, self->it, 2, self->data, 16, 0);
}

FIXTURE_TEARDOWN(list)
{
	knobs_reset();
	write_file(WSE_WATCHDOG, "5000");
	wse_close(self->dev);
	EXPECT_EQ(0, sysfs_num("tasks_inflight"));
}

/* The raw ioctl on @xl: 0 or the errno. */
static int submit(int fd, struct wse_xfer_list *xl)
{
	return raw(fd, WSE_IOCTL_H2D_LIST, xl);
}

TEST_F(list, every_list_field_is_checked)
{
	struct wse_xfer_list good = self->xl, xl;

#define BAD(errno_, field, value) do {					\
		xl = good;						\
		xl.field = value;					\
		EXPECT_EQ(errno_, submit(self->fd, &xl)) {		\
			TH_LOG(#field " = " #value);			\
		}							\
	} while (0)
	BAD(EINVAL, size, WSE_XFER_LIST_SIZE_VER0 - 4);
	BAD(EINVAL, flags, 2);
	BAD(EINVAL, reserved[0], 1);
	BAD(EINVAL, reserved[3], 1);
	BAD(EINVAL, count, 0);
	BAD(EINVAL, count, WSE_MAX_LIST_ITEMS + 1);
	BAD(EINVAL, item_size, sizeof(struct wse_xfer_item) - 4);
	BAD(EINVAL, item_size, sizeof(struct wse_xfer_item) + 4);
	BAD(EINVAL, data_bytes, 0);
	BAD(EINVAL, data_bytes, 15);
	BAD(EINVAL, data_bytes, WSE_MAX_LIST_BYTES + 4);
	BAD(EINVAL, data, good.data + 2);
	BAD(EFAULT, items, 8);
	BAD(EFAULT, data, 8);
#undef BAD
	/* and the good one goes through */
	xl = good;
	EXPECT_EQ(0, submit(self->fd, &xl));
	EXPECT_NE(0, xl.task_id);
	EXPECT_EQ(WSE_LIST_NO_ITEM, xl.bad_item);
}

TEST_F(list, a_bad_item_is_named_and_nothing_lands)
{
	struct wse_xfer_item good = self->it[1];
	uint32_t mark = 0xdead0001, w[2];
	struct wse_xfer_list xl;

	ASSERT_EQ(0, pe_write(self->dev, 0, 0, OFF, &mark, 1, 0));
#define BAD(errno_, field, value) do {					\
		self->it[1] = good;					\
		self->it[1].field = value;				\
		xl = self->xl;						\
		EXPECT_EQ(errno_, submit(self->fd, &xl)) {		\
			TH_LOG("item." #field " = " #value);		\
		}							\
		EXPECT_EQ(1, xl.bad_item);				\
		EXPECT_EQ(0, xl.task_id);				\
	} while (0)
	BAD(EINVAL, reserved[0], 1);
	BAD(EINVAL, reserved[1], 1);
	BAD(EINVAL, flags, 2);
	BAD(EINVAL, l, 0);
	BAD(EINVAL, data_off, 2);
	BAD(EINVAL, data_off, 16);		/* 16 + 1 * 4 > 16 */
	BAD(EINVAL, l, 3);			/* 8 + 3 * 4 > 16 */
	BAD(EINVAL, data_type, 2);
	BAD(EINVAL, pe_offset, OFF + 2);
	BAD(ENOSPC, pe_offset, WSE_PE_MEMORY_BYTES - 0);
	BAD(EINVAL, x, RECT_W);
	BAD(EINVAL, y, RECT_H);
	BAD(EINVAL, symbol, 1);			/* without WSE_ITEM_SYMBOL */
	BAD(EBADFD, flags, WSE_ITEM_SYMBOL);	/* no program loaded */
#undef BAD
	/* item 0 was good each time: all or nothing */
	ASSERT_EQ(0, pe_read(self->dev, 0, 0, OFF, w, 1));
	EXPECT_EQ(mark, w[0]);
	/* the library names the item too */
	self->it[1] = good;
	self->it[1].x = RECT_W;
	xl = self->xl;
	EXPECT_EQ(-EINVAL, wse_h2d_list(self->dev, &xl));
	EXPECT_EQ(1, xl.bad_item);
	EXPECT_NE(NULL, strstr(wse_errmsg(self->dev), "item 1"));
}

/* A bad item deep in a full list: its index; then the full list goes. */
TEST_F(list, a_full_list_with_one_bad_item)
{
	enum { N = WSE_MAX_LIST_ITEMS };
	struct wse_xfer_item *many = calloc(N, sizeof(*many));
	struct wse_xfer_list xl;

	ASSERT_NE(NULL, many);
	for (int i = 0; i < N; i++)
		many[i] = item(i % RECT_W, 0, 1, OFF, 0);
	many[N - 7].y = RECT_H;
	wse_xfer_list_init(&xl, many, N, self->data, 4, 0);
	EXPECT_EQ(EINVAL, submit(self->fd, &xl));
	EXPECT_EQ(N - 7, xl.bad_item);
	many[N - 7].y = 0;
	EXPECT_EQ(0, submit(self->fd, &xl));
	/* a run of copies to one PE: each item's data range still counts */
	for (int i = 0; i < N; i++)
		many[i] = item(2, 1, 1, OFF, 4 * (i % 4));
	many[N - 3].data_off = 2;
	wse_xfer_list_init(&xl, many, N, self->data, 16, 0);
	EXPECT_EQ(EINVAL, submit(self->fd, &xl));
	EXPECT_EQ(N - 3, xl.bad_item);
	many[N - 3].data_off = 16;
	EXPECT_EQ(EINVAL, submit(self->fd, &xl));
	EXPECT_EQ(N - 3, xl.bad_item);
	many[N - 3].data_off = 4;
	many[N - 2].reserved[1] = 3;
	EXPECT_EQ(EINVAL, submit(self->fd, &xl));
	EXPECT_EQ(N - 2, xl.bad_item);
	many[N - 2].reserved[1] = 0;
	EXPECT_EQ(0, submit(self->fd, &xl));
	free(many);
}

TEST(list_needs_the_owner)
{
	struct wse_xfer_item it = item(0, 0, 1, 0, 0);
	struct wse_xfer_list xl;
	struct wse_dev *dev;
	uint32_t v = 1;
	int fd = open_node();

	ASSERT_LE(0, fd);
	wse_xfer_list_init(&xl, &it, 1, &v, 4, 0);
	EXPECT_EQ(EPERM, submit(fd, &xl));
	ASSERT_EQ(0, open_configured(&dev, RECT_W, RECT_H, RECT_CH));
	EXPECT_EQ(EBUSY, submit(fd, &xl));
	wse_close(dev);
	close(fd);
}

/*
 * Items on every PE of both channels, and several on one word: each PE
 * gets its own, the last of a word wins, 16-bit items store the low half.
 */
TEST_F(list, items_land_in_list_order_on_every_channel)
{
	enum { N = RECT_W * RECT_H };
	struct wse_xfer_item it[N + 3];
	uint32_t data[N + 3], w[2], n = 0;

	for (uint32_t y = 0; y < RECT_H; y++)
		for (uint32_t x = 0; x < RECT_W; x++) {
			data[n] = pattern(7, x, y, 0);
			it[n] = item(x, y, 1, OFF, 4 * n);
			n++;
		}
	/* PE (1,2): overwritten twice; then a 16-bit item after it */
	data[n] = 0xaaaa0001;
	it[n] = item(1, 2, 1, OFF, 4 * n);
	n++;
	data[n] = 0xbbbb0002;
	it[n] = item(1, 2, 1, OFF, 4 * n);
	n++;
	data[n] = 0x7777cccc;
	it[n] = item(1, 2, 1, OFF + 4, 4 * n);
	it[n].data_type = WSE_DATA_16BIT;
	n++;
	wse_xfer_list_init(&self->xl, it, n, data, 4 * n, 0);
	ASSERT_EQ(0, wse_h2d_list(self->dev, &self->xl)) {
		TH_LOG("%s", wse_errmsg(self->dev));
	}
	EXPECT_NE(0, self->xl.task_id);
	for (uint32_t y = 0; y < RECT_H; y++)
		for (uint32_t x = 0; x < RECT_W; x++) {
			ASSERT_EQ(0, pe_read(self->dev, x, y, OFF, w, 2));
			if (x == 1 && y == 2) {
				EXPECT_EQ(0xbbbb0002, w[0]);
				EXPECT_EQ(0xcccc, w[1] & 0xffff);
			} else {
				EXPECT_EQ(pattern(7, x, y, 0), w[0]);
			}
		}
}

/*
 * The kernel keeps a list's copy-in buffer and device table for the next
 * list: a short list after a long one moves its own items and data only,
 * and two lists in flight at once (one in the kept table, one not) both
 * land.
 */
TEST_F(list, a_short_list_after_a_long_one_moves_only_its_items)
{
	enum { N = RECT_W * RECT_H };
	struct wse_xfer_item it[N], one = item(2, 2, 1, OFF, 0);
	struct wse_xfer_list xa, xb;
	uint32_t data[N], v = 0x5eed, w, n = 0;
	int st = 1;

	for (uint32_t y = 0; y < RECT_H; y++)
		for (uint32_t x = 0; x < RECT_W; x++) {
			data[n] = pattern(9, x, y, 0);
			it[n] = item(x, y, 1, OFF, 4 * n);
			n++;
		}
	wse_xfer_list_init(&self->xl, it, n, data, 4 * n, 0);
	ASSERT_EQ(0, wse_h2d_list(self->dev, &self->xl));
	wse_xfer_list_init(&self->xl, &one, 1, &v, 4, 0);
	ASSERT_EQ(0, wse_h2d_list(self->dev, &self->xl));
	n = 0;
	for (uint32_t y = 0; y < RECT_H; y++)
		for (uint32_t x = 0; x < RECT_W; x++, n++) {
			ASSERT_EQ(0, pe_read(self->dev, x, y, OFF, &w, 1));
			EXPECT_EQ(x == 2 && y == 2 ? v : data[n], w);
		}
	/*
	 * Both in flight, starting on row 0's channel: the second finds that
	 * channel's kept table busy.
	 */
	ASSERT_EQ(0, knob_set("latency_us", 50000));
	wse_xfer_list_init(&xa, it, n, data, 4 * n, WSE_LIST_NONBLOCK);
	ASSERT_EQ(0, wse_h2d_list(self->dev, &xa));
	v = 0xbeef;
	one.y = 0;
	wse_xfer_list_init(&xb, &one, 1, &v, 4, WSE_LIST_NONBLOCK);
	ASSERT_EQ(0, wse_h2d_list(self->dev, &xb));
	ASSERT_EQ(0, wse_wait_all(self->dev, -1, &st));
	EXPECT_EQ(0, st);
	knobs_reset();
	ASSERT_EQ(0, pe_read(self->dev, 2, 0, OFF, &w, 1));
	EXPECT_EQ(0xbeef, w);
	ASSERT_EQ(0, pe_read(self->dev, 2, 2, OFF, &w, 1));
	EXPECT_EQ(data[2 * RECT_W + 2], w);
}

/*
 * Nonblocking copy A, list B, copy C (another word), list D on A's word,
 * all in flight at once: the list is ordered like a copy, so A's word
 * ends as D, B's as B, C's as C.
 */
TEST_F(list, ordered_with_the_copies_around_it)
{
	uint32_t a[4] = { 0xa0, 0xa1, 0xa2, 0xa3 }, c = 0xc0, w[4];
	uint32_t b = 0xb0, d = 0xd0;
	struct wse_xfer_item ib = item(2, 1, 1, OFF + 4, 0);
	struct wse_xfer_item id = item(2, 1, 1, OFF, 0);
	struct wse_xfer_list xb, xd;
	int st = 1;

	for (int round = 0; round < 20; round++) {
		ASSERT_EQ(0, pe_write(self->dev, 2, 1, OFF, a, 4,
				      WSE_XFER_NONBLOCK));
		wse_xfer_list_init(&xb, &ib, 1, &b, 4, WSE_LIST_NONBLOCK);
		ASSERT_EQ(0, wse_h2d_list(self->dev, &xb));
		ASSERT_EQ(0, pe_write(self->dev, 2, 1, OFF + 8, &c, 1,
				      WSE_XFER_NONBLOCK));
		wse_xfer_list_init(&xd, &id, 1, &d, 4, WSE_LIST_NONBLOCK);
		ASSERT_EQ(0, wse_h2d_list(self->dev, &xd));
		/* the caller may reuse its buffers at once */
		b = d = 0xeeee;
		ASSERT_EQ(0, wse_wait_all(self->dev, -1, &st));
		EXPECT_EQ(0, st);
		ASSERT_EQ(0, pe_read(self->dev, 2, 1, OFF, w, 4));
		EXPECT_EQ(0xd0, w[0]);
		EXPECT_EQ(0xb0, w[1]);
		EXPECT_EQ(0xc0, w[2]);
		EXPECT_EQ(0xa3, w[3]);
		b = 0xb0;
		d = 0xd0;
	}
}

TEST_F(list, status_of_a_failed_list)
{
	int st = 0, state;

	/* the device's error for the SQE is the task's */
	ASSERT_EQ(0, knob_set("fail_next", 1));
	EXPECT_EQ(-EIO, wse_h2d_list(self->dev, &self->xl));
	EXPECT_NE(0, self->xl.task_id);
	/* nonblocking: the status at the wait, the query before */
	self->xl.flags = WSE_LIST_NONBLOCK;
	ASSERT_EQ(0, knob_set("fail_next", 1));
	ASSERT_EQ(0, wse_h2d_list(self->dev, &self->xl));
	ASSERT_EQ(0, wse_wait(self->dev, self->xl.task_id, -1, &st));
	EXPECT_EQ(-EIO, st);
	ASSERT_EQ(0, wse_h2d_list(self->dev, &self->xl));
	for (int i = 0; i < 500; i++) {
		state = wse_query(self->dev, self->xl.task_id, &st);
		if (state != WSE_TASK_PENDING)
			break;
		sleep_ms(2);
	}
	EXPECT_EQ(WSE_TASK_DONE, state);
	ASSERT_EQ(0, wse_wait(self->dev, self->xl.task_id, -1, &st));
	EXPECT_EQ(0, st);
	/* a hung device: the watchdog ends the list */
	ASSERT_EQ(0, write_file(WSE_WATCHDOG, "300"));
	ASSERT_EQ(0, knob_set("hang_next", 1));
	self->xl.flags = 0;
	EXPECT_EQ(-ETIMEDOUT, wse_h2d_list(self->dev, &self->xl));
	/* and the channel works again */
	knobs_reset();
	EXPECT_EQ(0, wse_h2d_list(self->dev, &self->xl));
}

/* close() with lists in flight on a slow device returns and frees all. */
TEST(close_with_lists_in_flight)
{
	struct wse_xfer_item it = item(1, 1, 1, OFF, 0);
	struct wse_xfer_list xl;
	struct wse_dev *dev;
	uint32_t v = 5;
	uint64_t t0;

	ASSERT_EQ(0, open_configured(&dev, RECT_W, RECT_H, RECT_CH));
	ASSERT_EQ(0, knob_set("latency_us", 200000));
	wse_xfer_list_init(&xl, &it, 1, &v, 4, WSE_LIST_NONBLOCK);
	for (int i = 0; i < 8; i++)
		ASSERT_EQ(0, wse_h2d_list(dev, &xl));
	t0 = now_ns();
	wse_close(dev);
	EXPECT_GT(1000000000ull, now_ns() - t0);
	knobs_reset();
	for (int i = 0; i < 300 && sysfs_num("tasks_inflight"); i++)
		sleep_ms(10);
	EXPECT_EQ(0, sysfs_num("tasks_inflight"));
	/* and the device is free again */
	ASSERT_EQ(0, open_configured(&dev, RECT_W, RECT_H, RECT_CH));
	wse_close(dev);
}

/* STOP lets a list in flight complete, as it does copies. */
TEST(stop_lets_a_list_complete)
{
	struct wse_xfer_item it = item(1, 1, 1, OFF, 0);
	struct wse_xfer_list xl;
	struct wse_dev *dev;
	uint32_t v = 5;
	int st = 1;

	ASSERT_EQ(0, open_configured(&dev, RECT_W, RECT_H, RECT_CH));
	ASSERT_EQ(0, knob_set("latency_us", 100000));
	wse_xfer_list_init(&xl, &it, 1, &v, 4, WSE_LIST_NONBLOCK);
	ASSERT_EQ(0, wse_h2d_list(dev, &xl));
	ASSERT_EQ(0, wse_stop(dev));
	knobs_reset();
	ASSERT_EQ(0, wse_wait(dev, xl.task_id, -1, &st));
	EXPECT_EQ(0, st);
	wse_close(dev);
}

TEST_HARNESS_MAIN
