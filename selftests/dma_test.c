// SPDX-License-Identifier: GPL-2.0
/*
 * dma_test - the strict mock (kernel/mock/wse_mock_dma.c): the core's DMA
 * mappings come and go with their tasks and files, and a device access
 * outside a live mapping or against its direction is caught (the task
 * fails with EIO, dma_faults counts it, no kernel splat) - shown with the
 * mock's dma_misuse test hook: wrong direction, past the end of a
 * segment, a segment of the previous (finished, unmapped) transfer.
 * Those run the pinned path (wse.inline_max=0); the bounce fixture shows
 * that small copies use only the bounce region mapped since CONFIGURE, and
 * the one misuse of it the mock can catch.
 */
#include <errno.h>
#include <string.h>

#include "kselftest_harness.h"
#include "wse_util.h"

#define W	RECT_W
#define L	64

static uint32_t a[W * L] __attribute__((aligned(4096)));
static uint32_t b[W * L] __attribute__((aligned(4096)));

/* One row, one channel: one SQE, its SGL and data mappings only. */
static int row(struct wse_dev *dev, uint32_t *buf, bool d2h)
{
	struct wse_xfer xf;

	wse_xfer_init(&xf, buf, 0, 0, W, 1, L, 0, WSE_DATA_32BIT,
		      WSE_ORDER_ROW_MAJOR, 0);
	return d2h ? wse_d2h(dev, &xf) : wse_h2d(dev, &xf);
}

#define INLINE_MAX	"/sys/module/wse/parameters/inline_max"

FIXTURE(dma) {
	struct wse_dev *dev;
	long long live0, faults0;
	char inline_max[32];
};

FIXTURE_SETUP(dma)
{
	ASSERT_EQ(1, counter("dma_strict")) {
		TH_LOG("the mock's dma_map_ops need CONFIG_DMA_OPS");
	}
	/* these copies must pin and map their buffers */
	ASSERT_EQ(0, read_file(INLINE_MAX, self->inline_max,
			       sizeof(self->inline_max)));
	ASSERT_EQ(0, write_file(INLINE_MAX, "0"));
	self->live0 = counter("dma_live");
	self->faults0 = counter("dma_faults");
	ASSERT_LE(0, self->live0);
	ASSERT_EQ(0, open_configured(&self->dev, RECT_W, RECT_H, 1));
}

FIXTURE_TEARDOWN(dma)
{
	knob_set("dma_misuse", 0);
	write_file(INLINE_MAX, self->inline_max);
	wse_close(self->dev);
	/* Every mapping of the file is gone with it, none unmapped twice. */
	EXPECT_EQ(self->live0, counter("dma_live"));
	EXPECT_EQ(0, counter("dma_bad_unmaps"));
}

TEST_F(dma, mappings_live_only_while_needed)
{
	long long rings = counter("dma_live") - self->live0;

	/* CONFIGURE mapped the rings (SQ and CQ of the channel) */
	EXPECT_LE(2, rings);
	for (unsigned int i = 0; i < W * L; i++)
		a[i] = pattern(3, i, 0, 0);
	ASSERT_EQ(0, row(self->dev, a, false));
	ASSERT_EQ(0, row(self->dev, b, true));
	EXPECT_EQ(0, memcmp(a, b, sizeof(a)));
	/* the copies' SGLs and buffers are unmapped when they finish */
	EXPECT_EQ(self->live0 + rings, counter("dma_live"));
	EXPECT_EQ(self->faults0, counter("dma_faults"));
	ASSERT_EQ(0, wse_stop(self->dev));
	EXPECT_EQ(self->live0, counter("dma_live"));
}

TEST_F(dma, access_against_the_mapping_direction_is_caught)
{
	ASSERT_EQ(0, knob_set("dma_misuse", 1));
	EXPECT_EQ(-EIO, row(self->dev, a, false));	/* writes a TO_DEVICE buffer */
	EXPECT_EQ(self->faults0 + 1, counter("dma_faults"));
	ASSERT_EQ(0, knob_set("dma_misuse", 1));
	EXPECT_EQ(-EIO, row(self->dev, b, true));	/* reads a FROM_DEVICE one */
	EXPECT_EQ(self->faults0 + 2, counter("dma_faults"));
	/* and the device goes on */
	EXPECT_EQ(0, row(self->dev, a, false));
	EXPECT_EQ(self->faults0 + 2, counter("dma_faults"));
}

TEST_F(dma, access_past_a_mapping_is_caught)
{
	ASSERT_EQ(0, knob_set("dma_misuse", 2));
	EXPECT_EQ(-EIO, row(self->dev, b, true));
	EXPECT_EQ(self->faults0 + 1, counter("dma_faults"));
}

TEST_F(dma, access_after_unmap_is_caught)
{
	ASSERT_EQ(0, row(self->dev, a, false));	/* finished: unmapped */
	ASSERT_EQ(0, knob_set("dma_misuse", 3));
	EXPECT_EQ(-EIO, row(self->dev, b, false));
	EXPECT_EQ(self->faults0 + 1, counter("dma_faults"));
}

/*
 * A row-major copy over several channels maps each channel's band of the
 * buffer on its own, sends it as soon as it is mapped, unmaps it when it
 * completed, and its blocking submitter runs the last band itself
 * (kernel/wse_xfer.c).  4 channels, one PE row each; a band of
 * RECT_W * BL words is not a whole number of pages, and the buffer starts
 * 12 bytes into one: neighbouring bands share pages.
 */
#define BL	700
#define BWORDS	(RECT_W * RECT_H * BL)
#define BOFF	3

static uint32_t ba[BWORDS + BOFF] __attribute__((aligned(4096)));
static uint32_t bb[BWORDS + BOFF] __attribute__((aligned(4096)));

static int banded(struct wse_dev *dev, uint32_t *buf, bool d2h,
		  uint32_t flags, uint64_t *id)
{
	struct wse_xfer xf;
	int err;

	wse_xfer_init(&xf, buf + BOFF, 0, 0, RECT_W, RECT_H, BL, 0,
		      WSE_DATA_32BIT, WSE_ORDER_ROW_MAJOR, flags);
	err = d2h ? wse_d2h(dev, &xf) : wse_h2d(dev, &xf);
	if (id)
		*id = xf.task_id;
	return err;
}

FIXTURE(bands) {
	struct wse_dev *dev;
	long long live0, live, faults0;
	uint64_t acq, rel;
};

FIXTURE_SETUP(bands)
{
	ASSERT_EQ(1, counter("dma_strict"));
	ASSERT_EQ(0, pin_counts(&self->acq, &self->rel));
	self->live0 = counter("dma_live");
	self->faults0 = counter("dma_faults");
	ASSERT_EQ(0, open_configured(&self->dev, RECT_W, RECT_H, 4));
	/* the rings */
	self->live = counter("dma_live");
	for (unsigned int i = 0; i < BWORDS + BOFF; i++)
		ba[i] = pattern(7, i, 0, 0);
}

FIXTURE_TEARDOWN(bands)
{
	uint64_t acq, rel;

	knob_set("dma_map_fail", 0);
	wse_close(self->dev);
	EXPECT_EQ(self->live0, counter("dma_live"));
	EXPECT_EQ(0, counter("dma_bad_unmaps"));
	EXPECT_EQ(self->faults0, counter("dma_faults"));
	EXPECT_EQ(0, pin_counts(&acq, &rel));
	EXPECT_EQ(acq - self->acq, rel - self->rel);
}

/* Both ways, through the bands; nothing stays mapped after either. */
static void round_trip(struct __test_metadata *_metadata,
		       FIXTURE_DATA(bands) *self)
{
	memset(bb, 0, sizeof(bb));
	ASSERT_EQ(0, banded(self->dev, ba, false, 0, NULL));
	EXPECT_EQ(self->live, counter("dma_live"));
	ASSERT_EQ(0, banded(self->dev, bb, true, 0, NULL));
	EXPECT_EQ(self->live, counter("dma_live"));
	EXPECT_EQ(0, memcmp(ba + BOFF, bb + BOFF, BWORDS * 4));
}

TEST_F(bands, land_in_their_rows)
{
	round_trip(_metadata, self);
}

TEST_F(bands, blocking_submitter_runs_the_last_band)
{
	long long polled = counter("polled");
	int status = 1;
	uint64_t id;

	ASSERT_EQ(0, banded(self->dev, ba, false, 0, NULL));
	EXPECT_LE(polled + 1, counter("polled"));
	/* not a nonblocking one: its submitter has returned */
	polled = counter("polled");
	ASSERT_EQ(0, banded(self->dev, ba, false, WSE_XFER_NONBLOCK, &id));
	ASSERT_EQ(0, wse_wait(self->dev, id, -1, &status));
	EXPECT_EQ(0, status);
	EXPECT_EQ(polled, counter("polled"));
}

/* The first band's mapping fails: nothing was sent, the submission fails. */
TEST_F(bands, first_band_unmappable)
{
	ASSERT_EQ(0, knob_set("dma_map_fail", 1));
	EXPECT_EQ(-ENOMEM, banded(self->dev, ba, false, 0, NULL));
	EXPECT_EQ(self->live, counter("dma_live"));
	round_trip(_metadata, self);
}

/*
 * A later band's: the bands before it went to the device, the copy fails
 * with ENOMEM once they are done, blocking or not, either direction.
 */
TEST_F(bands, later_band_unmappable)
{
	uint64_t id;
	int status;

	ASSERT_EQ(0, knob_set("dma_map_fail", 2));
	EXPECT_EQ(-ENOMEM, banded(self->dev, ba, false, 0, NULL));
	EXPECT_EQ(self->live, counter("dma_live"));
	ASSERT_EQ(0, knob_set("dma_map_fail", 4));
	EXPECT_EQ(-ENOMEM, banded(self->dev, bb, true, 0, NULL));
	EXPECT_EQ(self->live, counter("dma_live"));

	ASSERT_EQ(0, knob_set("dma_map_fail", 3));
	ASSERT_EQ(0, banded(self->dev, ba, false, WSE_XFER_NONBLOCK, &id));
	status = 0;
	ASSERT_EQ(0, wse_wait(self->dev, id, -1, &status));
	EXPECT_EQ(-ENOMEM, status);
	EXPECT_EQ(self->live, counter("dma_live"));
	round_trip(_metadata, self);
}

/* wse.inline_max at its default: a copy of up to 4096 bytes is bounced. */
FIXTURE(bounce) {
	struct wse_dev *dev;
	long long live0, live, faults0, bounced0;
};

FIXTURE_SETUP(bounce)
{
	ASSERT_EQ(1, counter("dma_strict"));
	ASSERT_EQ(0, write_file(INLINE_MAX, "4096"));
	self->live0 = counter("dma_live");
	self->faults0 = counter("dma_faults");
	ASSERT_EQ(0, open_configured(&self->dev, RECT_W, RECT_H, 1));
	self->live = counter("dma_live");
	self->bounced0 = sysfs_num("stats/bounced");
	ASSERT_LE(0, self->bounced0);
}

FIXTURE_TEARDOWN(bounce)
{
	knob_set("dma_misuse", 0);
	knob_set("latency_us", 0);
	wse_close(self->dev);
	EXPECT_EQ(self->live0, counter("dma_live"));
	EXPECT_EQ(0, counter("dma_bad_unmaps"));
}

/* 4096 bytes (a whole bounce slot): one row of W PEs. */
#define SLOT_L	(4096 / 4 / W)

static uint32_t sa[W * SLOT_L] __attribute__((aligned(4096)));
static uint32_t sb[W * SLOT_L] __attribute__((aligned(4096)));

static int slot_row(struct wse_dev *dev, uint32_t *buf, bool d2h,
		    uint32_t flags, uint64_t *id)
{
	struct wse_xfer xf;
	int err;

	wse_xfer_init(&xf, buf, 0, 0, W, 1, SLOT_L, 0, WSE_DATA_32BIT,
		      WSE_ORDER_ROW_MAJOR, flags);
	err = d2h ? wse_d2h(dev, &xf) : wse_h2d(dev, &xf);
	if (id)
		*id = xf.task_id;
	return err;
}

TEST_F(bounce, small_copies_map_nothing_new)
{
	uint64_t id;
	int status;

	/* CONFIGURE mapped the rings and the bounce region of the channel */
	EXPECT_LE(3, self->live - self->live0);
	for (unsigned int i = 0; i < W * SLOT_L; i++)
		sa[i] = pattern(5, i, 0, 0);
	memset(sb, 0, sizeof(sb));
	/* in flight (slow engine): still no mapping of its own */
	ASSERT_EQ(0, knob_set("latency_us", 100000));
	ASSERT_EQ(0, slot_row(self->dev, sa, false, WSE_XFER_NONBLOCK, &id));
	EXPECT_EQ(self->live, counter("dma_live"));
	ASSERT_EQ(0, knob_set("latency_us", 0));
	ASSERT_EQ(0, wse_wait(self->dev, id, -1, &status));
	EXPECT_EQ(0, status);
	ASSERT_EQ(0, slot_row(self->dev, sb, true, 0, NULL));
	EXPECT_EQ(0, memcmp(sa, sb, sizeof(sa)));
	EXPECT_EQ(self->bounced0 + 2, sysfs_num("stats/bounced"));
	EXPECT_EQ(self->live, counter("dma_live"));
	EXPECT_EQ(self->faults0, counter("dma_faults"));
	/* STOP frees the region with the rings */
	ASSERT_EQ(0, wse_stop(self->dev));
	EXPECT_EQ(self->live0, counter("dma_live"));
}

/*
 * Slot 0 ends the region: an access past a full slot leaves its mapping.
 * (The region is coherent, mapped both ways and for as long as the rings:
 * a wrong direction or a stale slot address cannot be caught there.)
 */
TEST_F(bounce, access_past_a_slot_is_caught)
{
	ASSERT_EQ(0, knob_set("dma_misuse", 2));
	EXPECT_EQ(-EIO, slot_row(self->dev, sb, true, 0, NULL));
	EXPECT_EQ(self->faults0 + 1, counter("dma_faults"));
	EXPECT_EQ(self->bounced0 + 1, sysfs_num("stats/bounced"));
	/* the slot was given back: the next copy takes it and goes through */
	ASSERT_EQ(0, slot_row(self->dev, sa, false, 0, NULL));
	EXPECT_EQ(self->bounced0 + 2, sysfs_num("stats/bounced"));
	EXPECT_EQ(self->faults0 + 1, counter("dma_faults"));
}

TEST_HARNESS_MAIN
