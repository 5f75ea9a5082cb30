// SPDX-License-Identifier: GPL-2.0
/*
 * copy_test - H2D/D2H round trips: every data type x order x ROI position x
 * element count, checked element by element against a model of PE memory
 * computed here from the formulas of <linux/wse.h>:
 *   ROW_MAJOR host index  k + l * (px + w * py)
 *   COL_MAJOR host index  py + h * (px + w * k)
 *   PE byte address       pe_offset + elem * k   (elem 4 or 2)
 * Each case fills a window of every PE of the rectangle with a background,
 * writes the ROI, then reads the whole window back: ROI elements must land
 * exactly, neighbour PEs and the bytes just before/after the range must be
 * untouched.  It then reads the ROI back in its own type and order.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "wse_util.h"

#define MARGIN	64	/* bytes checked before and after the range */

struct roi {
	const char *name;
	uint32_t x, y, w, h;
};

struct len {
	uint32_t l, pe_offset;
};

static size_t host_index(uint32_t order, uint32_t w, uint32_t h, uint32_t l,
			 uint32_t px, uint32_t py, uint32_t k)
{
	if (order == WSE_ORDER_ROW_MAJOR)
		return k + (size_t)l * (px + (size_t)w * py);
	return py + (size_t)h * (px + (size_t)w * k);
}

struct rect {
	uint32_t w, h;
};

/* The value written for element k of ROI PE (px, py). */
static uint32_t roi_value(uint32_t px, uint32_t py, uint32_t k)
{
	return pattern(1, px, py, k);
}

/* Count mismatches, log the first few. */
static int mismatch(struct __test_metadata *_metadata, int bad,
		    const char *desc, const char *what, uint32_t pe_x,
		    uint32_t pe_y, uint32_t where, uint32_t want, uint32_t got)
{
	if (bad < 4)
		TH_LOG("%s: %s: PE (%u,%u) @%u: want 0x%08x got 0x%08x", desc,
		       what, pe_x, pe_y, where, want, got);
	return bad + 1;
}

/* @buf: the ROI's host buffer, or NULL for a malloc()ed one. */
static void copy_case_buf(struct __test_metadata *_metadata,
			  struct wse_dev *dev, struct rect r,
			  const struct roi *roi, struct len ln, uint32_t type,
			  uint32_t order, uint32_t *buf)
{
	const uint32_t elem = type == WSE_DATA_16BIT ? 2 : 4;
	const uint32_t end = ln.pe_offset + ln.l * elem;
	const uint32_t lo = ln.pe_offset / 4 * 4 > MARGIN ?
			    ln.pe_offset / 4 * 4 - MARGIN : 0;
	const uint32_t hi = (end + 3) / 4 * 4 + MARGIN < WSE_PE_MEMORY_BYTES ?
			    (end + 3) / 4 * 4 + MARGIN : WSE_PE_MEMORY_BYTES;
	const uint32_t nw = (hi - lo) / 4, npe = r.w * r.h;
	const size_t nroi = (size_t)roi->w * roi->h * ln.l;
	uint32_t *model = malloc((size_t)npe * nw * 4);	/* PE memory image */
	uint32_t *win = malloc((size_t)npe * nw * 4);	/* host copy of it */
	uint32_t *host = buf ? buf : malloc(nroi * 4);
	struct wse_xfer xf;
	char desc[128];
	int bad = 0;

	ASSERT_TRUE(model && win && host);
	snprintf(desc, sizeof(desc), "%s (%u,%u,%u,%u) l=%u pe_offset=%u %s %s",
		 roi->name, roi->x, roi->y, roi->w, roi->h, ln.l, ln.pe_offset,
		 type == WSE_DATA_16BIT ? "16-bit" : "32-bit",
		 order == WSE_ORDER_ROW_MAJOR ? "row-major" : "col-major");

	/* background over the window of every PE (32-bit, row-major) */
	for (uint32_t i = 0; i < npe * nw; i++)
		model[i] = pattern(2, i, ln.l, ln.pe_offset);
	wse_xfer_init(&xf, model, 0, 0, r.w, r.h, nw, lo, WSE_DATA_32BIT,
		      WSE_ORDER_ROW_MAJOR, 0);
	ASSERT_EQ(0, wse_h2d(dev, &xf)) TH_LOG("%s: %s", desc, wse_errmsg(dev));

	/* the ROI, with garbage in the upper halves for 16-bit */
	for (uint32_t py = 0; py < roi->h; py++)
		for (uint32_t px = 0; px < roi->w; px++)
			for (uint32_t k = 0; k < ln.l; k++) {
				uint32_t v = roi_value(px, py, k);
				size_t i = host_index(order, roi->w, roi->h,
						      ln.l, px, py, k);
				uint32_t pe = roi->x + px + r.w * (roi->y + py);
				uint32_t byte = ln.pe_offset + elem * k - lo;
				uint8_t *mem = (uint8_t *)&model[pe * nw];

				host[i] = type == WSE_DATA_16BIT ?
					  (v & 0xffff) | 0xdead0000u : v;
				memcpy(mem + byte, &v, elem); /* little endian */
			}
	wse_xfer_init(&xf, host, roi->x, roi->y, roi->w, roi->h, ln.l,
		      ln.pe_offset, type, order, 0);
	ASSERT_EQ(0, wse_h2d(dev, &xf)) TH_LOG("%s: %s", desc, wse_errmsg(dev));

	/* whole window back: ROI landed, everything else untouched */
	memset(win, 0xee, (size_t)npe * nw * 4);
	wse_xfer_init(&xf, win, 0, 0, r.w, r.h, nw, lo, WSE_DATA_32BIT,
		      WSE_ORDER_ROW_MAJOR, 0);
	ASSERT_EQ(0, wse_d2h(dev, &xf)) TH_LOG("%s: %s", desc, wse_errmsg(dev));
	for (uint32_t pe = 0; pe < npe; pe++)
		for (uint32_t j = 0; j < nw; j++)
			if (win[pe * nw + j] != model[pe * nw + j])
				bad = mismatch(_metadata, bad, desc, "window",
					       pe % r.w, pe / r.w, lo + 4 * j,
					       model[pe * nw + j],
					       win[pe * nw + j]);
	EXPECT_EQ(0, bad);

	/* the ROI back in its own type and order */
	memset(host, 0xcc, nroi * 4);
	wse_xfer_init(&xf, host, roi->x, roi->y, roi->w, roi->h, ln.l,
		      ln.pe_offset, type, order, 0);
	ASSERT_EQ(0, wse_d2h(dev, &xf)) TH_LOG("%s: %s", desc, wse_errmsg(dev));
	bad = 0;
	for (uint32_t py = 0; py < roi->h; py++)
		for (uint32_t px = 0; px < roi->w; px++)
			for (uint32_t k = 0; k < ln.l; k++) {
				uint32_t v = roi_value(px, py, k);
				size_t i = host_index(order, roi->w, roi->h,
						      ln.l, px, py, k);

				if (type == WSE_DATA_16BIT)
					v &= 0xffff;
				if (host[i] != v)
					bad = mismatch(_metadata, bad, desc, "roi",
						       px, py, k, v, host[i]);
			}
	EXPECT_EQ(0, bad);
	free(model);
	free(win);
	if (!buf)
		free(host);
	ASSERT_TRUE(_metadata->passed);
}

static void copy_case(struct __test_metadata *_metadata, struct wse_dev *dev,
		      struct rect r, const struct roi *roi, struct len ln,
		      uint32_t type, uint32_t order)
{
	copy_case_buf(_metadata, dev, r, roi, ln, type, order, NULL);
}

/* ---- the matrix on a 5x4 rectangle with 2 channels ---------------------- */

static const struct rect matrix_rect = { 5, 4 };

static const struct roi matrix_rois[] = {
	{ "north-west PE", 0, 0, 1, 1 },
	{ "north-east PE", 4, 0, 1, 1 },
	{ "south-west PE", 0, 3, 1, 1 },
	{ "south-east PE", 4, 3, 1, 1 },
	{ "middle PE", 2, 1, 1, 1 },
	{ "full rectangle", 0, 0, 5, 4 },
	{ "row strip", 1, 2, 3, 1 },
	{ "column strip", 3, 0, 1, 4 },
	{ "block", 1, 1, 3, 2 },
};

/* 1, 2, 7, a mid value, the maximum at offset 0, the maximum at an offset,
 * and the last element of PE memory. */
static const struct len lens32[] = {
	{ 1, 0 }, { 2, 4 }, { 7, 1020 }, { 1000, 8192 }, { 12288, 0 },
	{ 12287, 4 }, { 1, 49148 },
};

static const struct len lens16[] = {
	{ 1, 0 }, { 2, 2 }, { 7, 1022 }, { 1000, 8194 }, { 24576, 0 },
	{ 24573, 6 }, { 1, 49150 },
};

FIXTURE(matrix) {
	struct wse_dev *dev;
};

FIXTURE_VARIANT(matrix) {
	uint32_t type, order;
};

FIXTURE_VARIANT_ADD(matrix, bit32_row_major) { WSE_DATA_32BIT, WSE_ORDER_ROW_MAJOR };
FIXTURE_VARIANT_ADD(matrix, bit32_col_major) { WSE_DATA_32BIT, WSE_ORDER_COL_MAJOR };
FIXTURE_VARIANT_ADD(matrix, bit16_row_major) { WSE_DATA_16BIT, WSE_ORDER_ROW_MAJOR };
FIXTURE_VARIANT_ADD(matrix, bit16_col_major) { WSE_DATA_16BIT, WSE_ORDER_COL_MAJOR };

FIXTURE_SETUP(matrix)
{
	ASSERT_EQ(0, open_configured(&self->dev, matrix_rect.w, matrix_rect.h,
				     2));
}

FIXTURE_TEARDOWN(matrix)
{
	wse_close(self->dev);
}

TEST_F_TIMEOUT(matrix, every_roi_and_length, 600)
{
	const struct len *lens = variant->type == WSE_DATA_16BIT ? lens16 : lens32;

	for (size_t r = 0; r < sizeof(matrix_rois) / sizeof(matrix_rois[0]); r++)
		for (size_t i = 0; i < sizeof(lens32) / sizeof(lens32[0]); i++)
			copy_case(_metadata, self->dev, matrix_rect,
				  &matrix_rois[r], lens[i], variant->type,
				  variant->order);
}

/*
 * Host buffers of physically scattered pages (even pages faulted in first,
 * no huge pages: no two neighbours are contiguous, so every page is its own
 * SGL segment) starting 4 bytes past an 8-byte boundary: the device's
 * column-major walk moves the words of four, two or one PE of a column at
 * once and must split the groups that straddle two segments.  wse_mock maps
 * a column-major copy of 64 KiB or more into one virtual range first, so
 * 3,001 elements a PE (240 KiB) go through that mapping and 501 (40 KiB)
 * through the segments.  On @r: the whole rectangle, and 3 columns of 3
 * rows (5 rows on a rectangle of 7 or more).
 */
static void scattered_case(struct __test_metadata *_metadata,
			   struct wse_dev *dev, struct rect r, uint32_t l,
			   uint32_t type, uint32_t order)
{
	const bool tall = r.h >= 7;
	const struct roi rois[] = {
		{ "full rectangle", 0, 0, r.w, r.h },
		{ "odd band", 1, tall, 3, tall ? 5 : 3 },
	};
	const uint32_t elem = type == WSE_DATA_16BIT ? 2 : 4;
	const struct len ln = { l, 4 * elem };
	const size_t pg = sysconf(_SC_PAGESIZE);
	const size_t bytes = (size_t)r.w * r.h * ln.l * 4 + 4;
	const size_t npages = (bytes + pg - 1) / pg;
	uint8_t *map = mmap(NULL, npages * pg, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ASSERT_NE(MAP_FAILED, map);
	madvise(map, npages * pg, MADV_NOHUGEPAGE);
	for (int odd = 0; odd < 2; odd++)
		for (size_t i = odd; i < npages; i += 2)
			map[i * pg] = 1;
	for (size_t i = 0; i < sizeof(rois) / sizeof(rois[0]); i++)
		copy_case_buf(_metadata, dev, r, &rois[i], ln, type, order,
			      (uint32_t *)(map + 4));
	munmap(map, npages * pg);
}

TEST_F_TIMEOUT(matrix, scattered_pages, 300)
{
	scattered_case(_metadata, self->dev, matrix_rect, 3001, variant->type,
		       variant->order);
	scattered_case(_metadata, self->dev, matrix_rect, 501, variant->type,
		       variant->order);
}

/*
 * One channel on 5x7 PEs: a column's band of 7 rows is walked as four PEs,
 * two and one (5 rows: four and one), through scattered pages as above.
 */
static const struct rect tall_rect = { 5, 7 };

FIXTURE(tall) {
	struct wse_dev *dev;
};

FIXTURE_SETUP(tall)
{
	ASSERT_EQ(0, open_configured(&self->dev, tall_rect.w, tall_rect.h, 1));
}

FIXTURE_TEARDOWN(tall)
{
	wse_close(self->dev);
}

TEST_F_TIMEOUT(tall, column_major_groups_of_four_two_and_one, 300)
{
	for (uint32_t type = 0; type < 2; type++) {
		scattered_case(_metadata, self->dev, tall_rect, 3001, type,
			       WSE_ORDER_COL_MAJOR);
		scattered_case(_metadata, self->dev, tall_rect, 501, type,
			       WSE_ORDER_COL_MAJOR);
	}
}

/* ---- channel counts ------------------------------------------------------ */

FIXTURE(channels) {
	struct wse_dev *dev;
};

FIXTURE_VARIANT(channels) {
	uint32_t w, h, channels;
};

FIXTURE_VARIANT_ADD(channels, one) { 3, 4, 1 };
FIXTURE_VARIANT_ADD(channels, three) { 4, 7, 3 };
/* 20 rows: every one of the 16 channels carries a band */
FIXTURE_VARIANT_ADD(channels, sixteen_tall) { 2, 20, 16 };
/* more channels than rows */
FIXTURE_VARIANT_ADD(channels, sixteen_3_rows) { 3, 3, 16 };

FIXTURE_SETUP(channels)
{
	ASSERT_EQ(0, open_configured(&self->dev, variant->w, variant->h,
				     variant->channels));
}

FIXTURE_TEARDOWN(channels)
{
	wse_close(self->dev);
}

/* Channels a ROI of rows [y, y + h) uses: row r goes through r*ch/height. */
static long long bands(uint32_t y, uint32_t h, uint32_t ch, uint32_t height)
{
	long long n = 0;

	for (uint32_t r = y; r < y + h; r++)
		n += r == y || (r * ch / height) != ((r - 1) * ch / height);
	return n;
}

TEST_F_TIMEOUT(channels, round_trips, 300)
{
	const struct rect r = { variant->w, variant->h };
	const struct roi rois[] = {
		{ "full rectangle", 0, 0, r.w, r.h },
		{ "inner rows", r.w > 1, 1, r.w - (r.w > 1), r.h - 1 },
		{ "last row", r.w - 1, r.h - 1, 1, 1 },
	};
	const struct len lens[] = { { 1, 0 }, { 7, 40 }, { 300, 4096 } };

	for (uint32_t type = 0; type < 2; type++)
		for (uint32_t order = 0; order < 2; order++)
			for (size_t i = 0; i < 3; i++)
				for (size_t j = 0; j < 3; j++)
					copy_case(_metadata, self->dev, r,
						  &rois[i], lens[j], type,
						  order);
}

/* One descriptor per channel band the ROI covers (wse_mock counters). */
TEST_F(channels, one_descriptor_per_band)
{
	uint32_t buf[64 * 4];
	struct wse_xfer xf;

	for (uint32_t y = 0; y < variant->h; y++) {
		uint32_t h = variant->h - y;
		long long before = counter("descriptors");

		ASSERT_LE(0, before);
		wse_xfer_init(&xf, buf, 0, y, 1, h, 1, 0, WSE_DATA_32BIT,
			      WSE_ORDER_COL_MAJOR, 0);
		ASSERT_EQ(0, wse_h2d(self->dev, &xf));
		EXPECT_EQ(bands(y, h, variant->channels, variant->h),
			  counter("descriptors") - before) TH_LOG("rows %u..%u", y, y + h - 1);
	}
	if (variant->h >= variant->channels)
		EXPECT_EQ(variant->channels, bands(0, variant->h, variant->channels, variant->h));
}

#define POLL_SMALL	"/sys/module/wse/parameters/poll_small"

/* One 32-bit element at PE (x, 0), blocking unless @flags says otherwise. */
static int one_word(struct wse_dev *dev, bool d2h, uint32_t *word, uint32_t x,
		    uint32_t flags, uint64_t *id)
{
	struct wse_xfer xf;
	int err;

	wse_xfer_init(&xf, word, x, 0, 1, 1, 1, 0, WSE_DATA_32BIT,
		      WSE_ORDER_ROW_MAJOR, flags);
	err = d2h ? wse_d2h(dev, &xf) : wse_h2d(dev, &xf);
	if (id)
		*id = xf.task_id;
	return err;
}

/*
 * A small blocking copy on one channel completes in its caller's thread
 * (wse.poll_small, the mock's "polled" counter); so does the last part of
 * a blocking multi-channel copy (its other parts and a large
 * copy on one channel go through the worker, and with poll_small=N all of
 * it does).  Order per PE
 * holds across the two paths, also when the engine is busy (latency_us)
 * and the poller has to leave its copy to the worker.
 */
TEST(small_blocking_copies_poll)
{
	static uint32_t big[RECT_W * 2 * 4096];
	struct wse_dev *dev;
	struct wse_xfer xf;
	uint32_t w, r = 0;
	uint64_t id;
	long long p;
	int status;

	ASSERT_EQ(0, write_file(POLL_SMALL, "Y"));
	ASSERT_EQ(0, open_configured(&dev, RECT_W, RECT_H, RECT_CH));

	p = counter("polled");
	ASSERT_LE(0, p);
	w = 0x1234;
	ASSERT_EQ(0, one_word(dev, false, &w, 1, 0, NULL));
	ASSERT_EQ(0, one_word(dev, true, &r, 1, 0, NULL));
	EXPECT_EQ(0x1234u, r);
	EXPECT_EQ(p + 2, counter("polled"));

	/*
	 * A lone nonblocking one is polled by the WAIT on its id, unless the
	 * device has started it by then: either way it lands.
	 */
	w = 0x5678;
	ASSERT_EQ(0, one_word(dev, false, &w, 2, WSE_XFER_NONBLOCK, &id));
	ASSERT_EQ(0, wse_wait(dev, id, -1, &status));
	EXPECT_EQ(0, status);
	ASSERT_EQ(0, one_word(dev, true, &r, 2, 0, NULL));
	EXPECT_EQ(0x5678u, r);

	/*
	 * two channels: the second band only (the second part of a
	 * column-major copy too); more than 16 KiB on one channel: none
	 */
	p = counter("polled");
	wse_xfer_init(&xf, big, 0, 0, 1, RECT_H, 1, 0, WSE_DATA_32BIT,
		      WSE_ORDER_ROW_MAJOR, 0);
	ASSERT_EQ(0, wse_h2d(dev, &xf));
	EXPECT_EQ(p + 1, counter("polled"));
	p = counter("polled");
	wse_xfer_init(&xf, big, 0, 0, 2, RECT_H, 2, 0, WSE_DATA_32BIT,
		      WSE_ORDER_COL_MAJOR, 0);
	ASSERT_EQ(0, wse_d2h(dev, &xf));
	EXPECT_EQ(p + 1, counter("polled"));
	p = counter("polled");
	wse_xfer_init(&xf, big, 0, 0, RECT_W, RECT_H / RECT_CH, 4096, 0,
		      WSE_DATA_32BIT, WSE_ORDER_ROW_MAJOR, 0);
	ASSERT_EQ(0, wse_h2d(dev, &xf));
	EXPECT_EQ(p, counter("polled"));

	/* a slow nonblocking copy first: the blocking one lands after it */
	ASSERT_EQ(0, knob_set("latency_us", 50000));
	w = 0xaaaa;
	ASSERT_EQ(0, one_word(dev, false, &w, 3, WSE_XFER_NONBLOCK, &id));
	w = 0xbbbb;
	ASSERT_EQ(0, one_word(dev, false, &w, 3, 0, NULL));
	ASSERT_EQ(0, knob_set("latency_us", 0));
	ASSERT_EQ(0, wse_wait(dev, id, -1, &status));
	EXPECT_EQ(0, status);
	ASSERT_EQ(0, one_word(dev, true, &r, 3, 0, NULL));
	EXPECT_EQ(0xbbbbu, r);

	/* poll_small=N: the worker path */
	ASSERT_EQ(0, write_file(POLL_SMALL, "N"));
	p = counter("polled");
	w = 0xcccc;
	EXPECT_EQ(0, one_word(dev, false, &w, 1, 0, NULL));
	EXPECT_EQ(0, one_word(dev, true, &r, 1, 0, NULL));
	EXPECT_EQ(0xccccu, r);
	wse_xfer_init(&xf, big, 0, 0, 1, RECT_H, 1, 0, WSE_DATA_32BIT,
		      WSE_ORDER_ROW_MAJOR, 0);
	EXPECT_EQ(0, wse_h2d(dev, &xf));
	EXPECT_EQ(p, counter("polled"));
	ASSERT_EQ(0, write_file(POLL_SMALL, "Y"));
	wse_close(dev);
}

#define INLINE_MAX	"/sys/module/wse/parameters/inline_max"

/*
 * Small copies take a slot of their channel's bounce region instead of
 * pinning (wse.inline_max, default 4096 bytes; sysfs stats/bounced counts
 * them): blocking ones both ways and nonblocking H2D, on one channel.  The
 * bytes are the same as through pinned pages, in either order.
 */
FIXTURE(bounce) {
	struct wse_dev *dev;
	long long n;
};

FIXTURE_SETUP(bounce)
{
	ASSERT_EQ(0, write_file(INLINE_MAX, "4096"));
	ASSERT_EQ(0, open_configured(&self->dev, RECT_W, RECT_H, RECT_CH));
	self->n = sysfs_num("stats/bounced");
	ASSERT_LE(0, self->n);
}

FIXTURE_TEARDOWN(bounce)
{
	knob_set("latency_us", 0);
	knob_set("hang_next", 0);
	write_file("/sys/module/wse/parameters/watchdog_ms", "5000");
	write_file(INLINE_MAX, "4096");
	wse_close(self->dev);
	EXPECT_EQ(0, sysfs_num("tasks_inflight"));
}

/* Copies bounced since the last call. */
static long long bounced(long long *n)
{
	long long now = sysfs_num("stats/bounced"), d = now - *n;

	*n = now;
	return d;
}

static int xfer(struct wse_dev *dev, bool d2h, void *buf, uint32_t x,
		uint32_t y, uint32_t w, uint32_t h, uint32_t l, uint32_t order,
		uint32_t flags, uint64_t *id)
{
	struct wse_xfer xf;
	int err;

	wse_xfer_init(&xf, buf, x, y, w, h, l, 0, WSE_DATA_32BIT, order,
		      flags);
	err = d2h ? wse_d2h(dev, &xf) : wse_h2d(dev, &xf);
	if (id)
		*id = xf.task_id;
	return err;
}

/* 3x2 PEs (one channel's rows), 5 words each: bounced one way, pinned back. */
TEST_F(bounce, same_bytes_as_pinned_in_both_orders)
{
	enum { X = 1, Y = 0, CW = 3, CH = 2, CL = 5, N = CW * CH * CL };
	uint32_t col[N], row[N], back[N];

	for (uint32_t py = 0; py < CH; py++)
		for (uint32_t px = 0; px < CW; px++)
			for (uint32_t k = 0; k < CL; k++) {
				uint32_t v = roi_value(px, py, k);

				col[host_index(WSE_ORDER_COL_MAJOR, CW, CH, CL,
					       px, py, k)] = v;
				row[host_index(WSE_ORDER_ROW_MAJOR, CW, CH, CL,
					       px, py, k)] = v;
			}
	/* column-major in through the bounce region, row-major out pinned */
	ASSERT_EQ(0, xfer(self->dev, false, col, X, Y, CW, CH, CL,
			  WSE_ORDER_COL_MAJOR, 0, NULL));
	EXPECT_EQ(1, bounced(&self->n));
	ASSERT_EQ(0, write_file(INLINE_MAX, "0"));
	memset(back, 0, sizeof(back));
	ASSERT_EQ(0, xfer(self->dev, true, back, X, Y, CW, CH, CL,
			  WSE_ORDER_ROW_MAJOR, 0, NULL));
	EXPECT_EQ(0, bounced(&self->n));
	EXPECT_EQ(0, memcmp(row, back, sizeof(row)));
	/* row-major in pinned, column-major out through the region */
	ASSERT_EQ(0, xfer(self->dev, false, row, X, Y, CW, CH, CL,
			  WSE_ORDER_ROW_MAJOR, 0, NULL));
	EXPECT_EQ(0, bounced(&self->n));
	ASSERT_EQ(0, write_file(INLINE_MAX, "4096"));
	memset(back, 0, sizeof(back));
	ASSERT_EQ(0, xfer(self->dev, true, back, X, Y, CW, CH, CL,
			  WSE_ORDER_COL_MAJOR, 0, NULL));
	EXPECT_EQ(1, bounced(&self->n));
	EXPECT_EQ(0, memcmp(col, back, sizeof(col)));
}

/* 7 words on each of 3 PEs (84 bytes) across a page boundary, both ways. */
TEST_F(bounce, odd_size_across_a_page)
{
	enum { N = 3 * 7 };
	uint8_t *m = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint32_t *in, *out;

	ASSERT_NE(MAP_FAILED, m);
	in = (uint32_t *)(m + 4096 - 40);
	out = (uint32_t *)(m + 3 * 4096 - 44);
	for (unsigned int i = 0; i < N; i++)
		in[i] = pattern(7, i, 0, 0);
	ASSERT_EQ(0, xfer(self->dev, false, in, 0, 0, 3, 1, 7,
			  WSE_ORDER_ROW_MAJOR, 0, NULL));
	ASSERT_EQ(0, xfer(self->dev, true, out, 0, 0, 3, 1, 7,
			  WSE_ORDER_ROW_MAJOR, 0, NULL));
	EXPECT_EQ(2, bounced(&self->n));
	EXPECT_EQ(0, memcmp(in, out, N * 4));
	/* nothing outside the range was written */
	EXPECT_EQ(0, out[-1]);
	EXPECT_EQ(0, out[N]);
	munmap(m, 4 * 4096);
}

/* Which copies take a slot, and which pin. */
TEST_F(bounce, only_small_single_channel_copies)
{
	static uint32_t buf[1025] __attribute__((aligned(4096)));
	uint64_t id;
	int status;

	/* exactly inline_max (1024 words on one PE): bounced */
	ASSERT_EQ(0, xfer(self->dev, false, buf, 0, 0, 1, 1, 1024,
			  WSE_ORDER_ROW_MAJOR, 0, NULL));
	EXPECT_EQ(1, bounced(&self->n));
	/* not: 4 bytes more, rows of two channels, a nonblocking D2H */
	ASSERT_EQ(0, xfer(self->dev, false, buf, 0, 0, 1, 1, 1025,
			  WSE_ORDER_ROW_MAJOR, 0, NULL));
	ASSERT_EQ(0, xfer(self->dev, true, buf, 0, 0, 1, RECT_H, 1,
			  WSE_ORDER_ROW_MAJOR, 0, NULL));
	ASSERT_EQ(0, xfer(self->dev, true, buf, 0, 0, 1, 1, 1,
			  WSE_ORDER_ROW_MAJOR, WSE_XFER_NONBLOCK, &id));
	ASSERT_EQ(0, wse_wait(self->dev, id, -1, &status));
	EXPECT_EQ(0, status);
	EXPECT_EQ(0, bounced(&self->n));
	/* a nonblocking H2D: bounced, its bytes taken at submission */
	buf[0] = 0x5a5a;
	ASSERT_EQ(0, xfer(self->dev, false, buf, 2, 0, 1, 1, 1,
			  WSE_ORDER_ROW_MAJOR, WSE_XFER_NONBLOCK, &id));
	ASSERT_EQ(0, wse_wait(self->dev, id, -1, &status));
	EXPECT_EQ(0, status);
	EXPECT_EQ(1, bounced(&self->n));
	buf[0] = 0;
	ASSERT_EQ(0, xfer(self->dev, true, buf, 2, 0, 1, 1, 1,
			  WSE_ORDER_ROW_MAJOR, 0, NULL));
	EXPECT_EQ(0x5a5au, buf[0]);
	EXPECT_EQ(1, bounced(&self->n));
	/* inline_max=0: none; out of range: refused */
	ASSERT_EQ(0, write_file(INLINE_MAX, "0"));
	ASSERT_EQ(0, xfer(self->dev, false, buf, 0, 0, 1, 1, 1,
			  WSE_ORDER_ROW_MAJOR, 0, NULL));
	EXPECT_EQ(0, bounced(&self->n));
	EXPECT_NE(0, write_file(INLINE_MAX, "4097"));
}

/*
 * A channel has 56 slots of 256 bytes and 4 of 4096 (wse_internal.h), each
 * held until the device is done with it: with a slow engine 60 nonblocking
 * 4-byte copies take them all, the 61st pins.  So no slot was lost by the
 * copies before.
 */
#define SLOTS	60

static void expect_all_slots_free(struct __test_metadata *_metadata,
				  struct wse_dev *dev, long long *n)
{
	uint32_t w = 1;
	uint64_t id[SLOTS + 1];
	int status;

	bounced(n);
	ASSERT_EQ(0, knob_set("latency_us", 500000));
	for (int i = 0; i < SLOTS + 1; i++)
		ASSERT_EQ(0, xfer(dev, false, &w, i % RECT_W, 0, 1, 1, 1,
				  WSE_ORDER_ROW_MAJOR, WSE_XFER_NONBLOCK,
				  &id[i]));
	EXPECT_EQ(SLOTS, bounced(n));
	ASSERT_EQ(0, knob_set("latency_us", 0));
	for (int i = 0; i < SLOTS + 1; i++) {
		ASSERT_EQ(0, wse_wait(dev, id[i], -1, &status));
		EXPECT_EQ(0, status);
	}
}

/*
 * A burst of nonblocking 1-element copies three times the slot count, the
 * cells of one channel's row each written two or three times (the last
 * value must win: per-PE order), reaped by one WAIT_ALL: its submitter reaps as
 * it goes (the mock's "polled" counter) and slots are taken as long as
 * there are free ones, the bytes are right, every slot is free after.  Then the same with a slow engine (latency_us), where the
 * slots run out and the rest of the burst pins: the same bytes again.
 */
#define BURST_N		(3 * SLOTS)
#define BURST_CELLS	(RECT_W * 20)	/* 4 PEs x 20 words */

static void burst(struct __test_metadata *_metadata, struct wse_dev *dev,
		  uint32_t seed)
{
	static uint32_t vals[BURST_N];
	uint32_t back[20];
	struct wse_xfer xf;
	int status = 1;

	for (int i = 0; i < BURST_N; i++) {
		vals[i] = seed * 1000003u + i;
		wse_xfer_init(&xf, &vals[i], i % RECT_W, 0, 1, 1, 1,
			      4 * ((i / RECT_W) % 20), WSE_DATA_32BIT,
			      WSE_ORDER_ROW_MAJOR, WSE_XFER_NONBLOCK);
		ASSERT_EQ(0, wse_h2d(dev, &xf)) TH_LOG("op %d", i);
	}
	ASSERT_EQ(0, wse_wait_all(dev, -1, &status));
	EXPECT_EQ(0, status);
	for (uint32_t x = 0; x < RECT_W; x++) {
		memset(back, 0, sizeof(back));
		ASSERT_EQ(0, xfer(dev, true, back, x, 0, 1, 1, 20,
				  WSE_ORDER_ROW_MAJOR, 0, NULL));
		for (uint32_t k = 0; k < 20; k++) {
			/* the last of the ops that wrote cell (x, k) */
			uint32_t c = k * RECT_W + x;
			uint32_t i = c + (BURST_N - 1 - c) / BURST_CELLS *
					 BURST_CELLS;

			EXPECT_EQ(vals[i], back[k]) TH_LOG("PE %u word %u", x, k);
		}
	}
}

TEST_F_TIMEOUT(bounce, burst_beyond_the_slots, 120)
{
	long long p = counter("polled");

	ASSERT_LE(0, p);
	ASSERT_EQ(0, write_file(POLL_SMALL, "Y"));
	burst(_metadata, self->dev, 1);
	/* reaped by its submitter, not op by op through the worker */
	EXPECT_LT(p, counter("polled"));
	/* none pinned before the region was full: no slot was lost */
	EXPECT_LE(SLOTS + RECT_W, bounced(&self->n));
	expect_all_slots_free(_metadata, self->dev, &self->n);

	ASSERT_EQ(0, knob_set("latency_us", 5000));
	burst(_metadata, self->dev, 2);
	ASSERT_EQ(0, knob_set("latency_us", 0));
	EXPECT_GT(BURST_N + RECT_W, bounced(&self->n));	/* some pinned */
	expect_all_slots_free(_metadata, self->dev, &self->n);
}

/* Over 256 bytes a copy takes one of the 4 big slots only; small ones go on. */
TEST_F(bounce, big_copies_take_the_big_slots_only)
{
	static uint32_t big[1024] __attribute__((aligned(4096)));
	uint32_t w = 7;
	uint64_t id[6];
	int status;

	ASSERT_EQ(0, knob_set("latency_us", 500000));
	for (int i = 0; i < 5; i++)
		ASSERT_EQ(0, xfer(self->dev, false, big, i % RECT_W, 0, 1, 1,
				  65 + i, WSE_ORDER_ROW_MAJOR,
				  WSE_XFER_NONBLOCK, &id[i]));
	EXPECT_EQ(4, bounced(&self->n));	/* 260 bytes and up: 4 slots */
	ASSERT_EQ(0, xfer(self->dev, false, &w, 0, 0, 1, 1, 1,
			  WSE_ORDER_ROW_MAJOR, WSE_XFER_NONBLOCK, &id[5]));
	EXPECT_EQ(1, bounced(&self->n));	/* 4 bytes: a small slot */
	ASSERT_EQ(0, knob_set("latency_us", 0));
	for (int i = 0; i < 6; i++) {
		ASSERT_EQ(0, wse_wait(self->dev, id[i], -1, &status));
		EXPECT_EQ(0, status);
	}
}

TEST_F(bounce, bad_pointers_fail_and_leave_every_slot_free)
{
	uint8_t *m = mmap(NULL, 2 * 4096, PROT_READ,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ASSERT_NE(MAP_FAILED, m);
	ASSERT_EQ(0, mprotect(m + 4096, 4096, PROT_NONE));
	/* H2D from an inaccessible page, D2H into a read-only one */
	EXPECT_EQ(-EFAULT, xfer(self->dev, false, m + 4096, 0, 0, 1, 1, 1,
				WSE_ORDER_ROW_MAJOR, 0, NULL));
	EXPECT_EQ(-EFAULT, xfer(self->dev, true, m, 0, 0, 1, 1, 1,
				WSE_ORDER_ROW_MAJOR, 0, NULL));
	/* ... and one whose second half is inaccessible */
	EXPECT_EQ(-EFAULT, xfer(self->dev, true, m + 4096 - 8, 0, 0, 1, 1, 4,
				WSE_ORDER_ROW_MAJOR, 0, NULL));
	EXPECT_EQ(0, sysfs_num("tasks_inflight"));
	expect_all_slots_free(_metadata, self->dev, &self->n);
	munmap(m, 2 * 4096);
}

#define WATCHDOG_MS	"/sys/module/wse/parameters/watchdog_ms"

/* A bounced copy ended by the watchdog, or whose waiter is killed. */
TEST_F_TIMEOUT(bounce, ended_copies_give_their_slot_back, 60)
{
	uint32_t r = 0;
	int status;
	pid_t pid;

	ASSERT_EQ(0, write_file(WATCHDOG_MS, "200"));
	ASSERT_EQ(0, knob_set("hang_next", 1));
	EXPECT_EQ(-ETIMEDOUT, xfer(self->dev, true, &r, 0, 0, 1, 1, 1,
				   WSE_ORDER_ROW_MAJOR, 0, NULL));
	ASSERT_EQ(0, write_file(WATCHDOG_MS, "5000"));
	EXPECT_EQ(1, bounced(&self->n));

	ASSERT_EQ(0, knob_set("latency_us", 500000));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid)
		_exit(xfer(self->dev, true, &r, 0, 0, 1, 1, 1,
			   WSE_ORDER_ROW_MAJOR, 0, NULL) ? 1 : 0);
	usleep(100000);
	ASSERT_EQ(0, kill(pid, SIGKILL));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFSIGNALED(status));
	ASSERT_EQ(0, knob_set("latency_us", 0));
	/* the killed copy was handed over to WAIT */
	ASSERT_EQ(0, wse_wait_all(self->dev, -1, &status));
	EXPECT_EQ(0, status);
	EXPECT_EQ(1, bounced(&self->n));
	expect_all_slots_free(_metadata, self->dev, &self->n);
}

TEST_HARNESS_MAIN
