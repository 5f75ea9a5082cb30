// SPDX-License-Identifier: GPL-2.0
/*
 * Per-channel SQ/CQ rings: allocation, in-order dispatch from
 * the device's software queue, doorbells, and CQ draining with the phase bit.
 */
#include <linux/bitops.h>
#include <linux/dma-mapping.h>
#include <linux/jiffies.h>
#include <linux/wait_bit.h>

#include "wse_internal.h"

#define WSE_SQ_BYTES	(WSE_RING_DEPTH * sizeof(struct wse_hw_sqe))
#define WSE_CQ_BYTES	(WSE_RING_DEPTH * sizeof(struct wse_hw_cqe))

/* Core side of an empty ring: the device restarts at 0 with phase 1. */
void wse_ring_reinit(struct wse_channel *c)
{
	memset(c->cq, 0, WSE_CQ_BYTES);
	c->sq_tail = 0;
	c->cq_head = 0;
	c->phase = 1;
	c->inflight = 0;
	memset(c->slot, 0, sizeof(c->slot));
}

/*
 * A channel's kept coherent region (bounce region, list table): @bit of
 * *@busy is given back by whoever held it, in any context, holding nothing.
 */
void wse_region_put(unsigned long *busy, unsigned int bit)
{
	clear_bit_unlock(bit, busy);
	/* Pairs with wse_region_free()'s wait. */
	smp_mb__after_atomic();
	wake_up_var(busy);
}

/* cfg_lock held, with the rings: freed once no bit of *@busy is held. */
void wse_region_free(struct wse_device *wdev, void **buf, dma_addr_t dma,
		     size_t bytes, unsigned long *busy)
{
	lockdep_assert_held(&wdev->cfg_lock);

	if (!*buf)
		return;
	wait_var_event(busy, !READ_ONCE(*busy));
	dma_free_coherent(wdev->dma_dev, bytes, *buf, dma);
	*buf = NULL;
}

/* cfg_lock held; the rings (and bounce regions) are published by the caller. */
int wse_rings_alloc(struct wse_device *wdev, unsigned int nr)
{
	unsigned int i;

	lockdep_assert_held(&wdev->cfg_lock);

	for (i = 0; i < nr; i++) {
		struct wse_channel *c = &wdev->chan[i];

		wdev->cfg_channels = i + 1;
		c->sq = dma_alloc_coherent(wdev->dma_dev, WSE_SQ_BYTES,
					   &c->sq_dma, GFP_KERNEL);
		c->cq = dma_alloc_coherent(wdev->dma_dev, WSE_CQ_BYTES,
					   &c->cq_dma, GFP_KERNEL);
		if (!c->sq || !c->cq || wse_bounce_alloc(wdev, c)) {
			wse_rings_free(wdev);
			return -ENOMEM;
		}
		wse_ring_reinit(c);
		c->resetting = false;
	}
	return 0;
}

/*
 * cfg_lock held, and either inside the gate or before unregister returns.
 * Unpublishing under the lock keeps the completion work and the watchdog
 * off the memory before it goes.
 */
void wse_rings_free(struct wse_device *wdev)
{
	unsigned int i;

	lockdep_assert_held(&wdev->cfg_lock);

	spin_lock(&wdev->lock);
	wdev->nr_channels = 0;
	spin_unlock(&wdev->lock);

	for (i = 0; i < wdev->cfg_channels; i++) {
		struct wse_channel *c = &wdev->chan[i];

		if (c->sq)
			dma_free_coherent(wdev->dma_dev, WSE_SQ_BYTES, c->sq,
					  c->sq_dma);
		if (c->cq)
			dma_free_coherent(wdev->dma_dev, WSE_CQ_BYTES, c->cq,
					  c->cq_dma);
		c->sq = NULL;
		c->cq = NULL;
		wse_bounce_free(wdev, c);
		wse_list_table_free(wdev, c);
	}
	wdev->cfg_channels = 0;
}

/* The parts of @t ready and not sent yet all have room on their channels. */
static bool wse_task_fits(struct wse_device *wdev, struct wse_task *t)
{
	unsigned int i;

	for (i = t->parts_sent; i < t->parts_ready; i++) {
		struct wse_channel *c = &wdev->chan[t->parts[i].ch];

		if (c->resetting || c->inflight >= WSE_SQ_MAX_INFLIGHT)
			return false;
	}
	return true;
}

/*
 * A tag no outstanding SQE of @c has.  In SQ order (copies only) that is
 * the SQE's own index; a stream completing late keeps its tag while later
 * SQEs complete, so look further.  inflight < WSE_RING_DEPTH: one is free.
 */
static u32 wse_free_tag(struct wse_channel *c)
{
	u32 i, tag;

	for (i = 0; i < WSE_RING_DEPTH; i++) {
		tag = (c->sq_tail + i) & (WSE_RING_DEPTH - 1);
		if (!c->slot[tag])
			return tag;
	}
	WARN_ON_ONCE(1);	/* wse_task_fits() bounds inflight */
	return c->sq_tail;
}

/*
 * The SQE at sq_tail is free: every SQE the device has not consumed yet is
 * outstanding, and at most WSE_SQ_MAX_INFLIGHT are, so the device has
 * consumed the one a full ring ago (whatever its completion order).
 */
static void wse_submit_part(struct wse_device *wdev, struct wse_part *p)
{
	struct wse_task *t = p->task;
	struct wse_channel *c = &wdev->chan[p->ch];
	u32 idx = c->sq_tail;
	u32 tag = wse_free_tag(c);
	/* only while its submitter dispatches it: that thread polls next */
	u8 polled = p == wdev->poll_part ? WSE_HW_SQE_POLLED : 0;
	const struct wse_map *map = t->maps ? &t->maps[p - t->parts] :
					      &t->pin.map;

	if (t->barrier) {
		/* RUN has no argument; LAUNCH points to its descriptor. */
		c->sq[idx] = (struct wse_hw_sqe) {
			.opcode = t->opcode,
			.flags = polled,
			.tag = cpu_to_le32(tag),
			.sgl_addr = cpu_to_le64(t->launch ? t->launch_dma : 0),
		};
	} else {
		/* Streams: pe_offset 0 and no symbol (wse_check_xfer()). */
		c->sq[idx] = (struct wse_hw_sqe) {
			.opcode = t->opcode,
			.flags = t->hw_flags | polled,
			.tag = cpu_to_le32(tag),
			.roi_x = cpu_to_le16(t->x),
			.roi_y = cpu_to_le16(t->y),
			.roi_w = cpu_to_le16(t->w),
			.roi_h = cpu_to_le16(t->h),
			.row_first = cpu_to_le16(p->row_first),
			.row_count = cpu_to_le16(p->row_count),
			.len = cpu_to_le32(t->l),
			.pe_offset = cpu_to_le32(t->pe_offset),
			/* an H2D list's SQE points to its table instead */
			.sgl_count = cpu_to_le32(t->list ? t->list_count :
						 map->sgl_count),
			.sgl_addr = cpu_to_le64(t->list ? t->list_dma :
						map->sgl_dma),
			.host_bytes = cpu_to_le64(t->host_bytes),
			.symbol = cpu_to_le32(t->symbol),
			.color = cpu_to_le32(t->color),
			.sgl_base = cpu_to_le64(t->list ? 0 : map->base),
		};
	}
	c->slot[tag] = p;
	if (!c->inflight++)
		WRITE_ONCE(c->progress, jiffies);
	c->sq_tail = (idx + 1) & (WSE_RING_DEPTH - 1);
}

/* wdev->lock held.  No SQE outstanding, no channel being reset. */
static bool wse_rings_idle(struct wse_device *wdev)
{
	unsigned int ch;

	lockdep_assert_held(&wdev->lock);

	for (ch = 0; ch < wdev->nr_channels; ch++)
		if (wdev->chan[ch].inflight || wdev->chan[ch].resetting)
			return false;
	return true;
}

/*
 * wdev->lock held.  Moves tasks from the head of the queue to the rings
 * while every channel a task needs has room; a task never overtakes an
 * older one, so each PE row sees its commands in submission order.  A task
 * whose submitter still maps some parts (wse_xfer.c) sends the ready ones
 * and keeps its place, holding up the tasks behind it.
 *
 * Barriers (RUN, LAUNCH) are the command stream's fences: one goes to
 * channel 0 only when no SQE is outstanding on any channel, and nothing
 * behind it dispatches until it has completed (barrier_busy, cleared by
 * its CQE or by the reset of channel 0 that aborts it).  Between barriers
 * copies keep their per-channel parallelism.
 */
void wse_dispatch(struct wse_device *wdev)
{
	unsigned long ring = 0;
	struct wse_task *t, *n;
	unsigned int i, ch;

	lockdep_assert_held(&wdev->lock);

	if (wse_dead(wdev))
		return;
	list_for_each_entry_safe(t, n, &wdev->queue, node) {
		if (wdev->barrier_busy)
			break;
		if (t->barrier ? !wse_rings_idle(wdev) : !wse_task_fits(wdev, t))
			break;
		if (!t->parts_sent) {
			t->phase = WSE_T_RUNNING;
			wse_stats_dispatch(t);
		}
		if (t->barrier)
			wdev->barrier_busy = true;
		for (i = t->parts_sent; i < t->parts_ready; i++) {
			wse_submit_part(wdev, &t->parts[i]);
			__set_bit(t->parts[i].ch, &ring);
		}
		t->parts_sent = t->parts_ready;
		if (t->parts_sent < t->nr_parts)
			break;
		list_del_init(&t->node);
	}
	if (!ring)
		return;
	/* SQEs must be visible to the device before it learns the tail. */
	dma_wmb();
	for_each_set_bit(ch, &ring, WSE_MAX_CHANNELS) {
		wse_stats_doorbell(wdev, ch, wdev->chan[ch].sq_tail);
		wdev->ops->doorbell(wdev, ch, wdev->chan[ch].sq_tail);
	}
	wse_watchdog_arm(wdev);
}

/* A CQE's code as a task status (uapi/linux/wse.h). */
static int wse_cqe_status(u16 status)
{
	switch (status >> WSE_HW_CQE_CODE_SHIFT) {
	case WSE_HW_STATUS_OK:
		return 0;
	case WSE_HW_STATUS_STALLED:
		return -EDEADLK;
	default:
		return -EIO;
	}
}

/*
 * A completed part with a band of its own (wse_xfer.c), whose task still
 * has other parts to go, has its band unmapped before it ends, outside the
 * lock, while the device works on the others: the last part's completion
 * then releases only its own band.
 */
static bool wse_part_unmap_early(const struct wse_part *p)
{
	return p->task->maps && p->task->parts_left > 1;
}

/*
 * wdev->lock held.  Returns the number of CQEs consumed.  CQEs of a channel
 * may come in any order (streams): each names its part by tag.  Parts to be
 * unmapped before they end go on *@unmap.
 */
static unsigned int wse_drain(struct wse_device *wdev, struct list_head *fin,
			      struct wse_part **unmap)
{
	unsigned int ch, n = 0;

	lockdep_assert_held(&wdev->lock);

	for (ch = 0; ch < wdev->nr_channels; ch++) {
		struct wse_channel *c = &wdev->chan[ch];

		while (!c->resetting) {
			struct wse_hw_cqe *cqe = &c->cq[c->cq_head];
			u16 status = le16_to_cpu(READ_ONCE(cqe->status));
			struct wse_part *p = NULL;
			u32 tag;

			if ((status & WSE_HW_CQE_PHASE) != c->phase)
				break;
			/* Read the rest of the CQE only after its phase. */
			dma_rmb();
			tag = le32_to_cpu(cqe->tag);
			if (++c->cq_head == WSE_RING_DEPTH) {
				c->cq_head = 0;
				c->phase ^= 1;
			}
			WRITE_ONCE(c->progress, jiffies);
			n++;
			if (tag < WSE_RING_DEPTH)
				p = c->slot[tag];
			if (!p) {
				dev_warn_ratelimited(wdev->dma_dev,
						     "%s: ch%u: stray completion, tag %u\n",
						     wdev->name, ch, tag);
				continue;
			}
			c->slot[tag] = NULL;
			c->inflight--;
			/* Whatever the status (PE fault, stall): it is over. */
			if (p->task->barrier)
				wdev->barrier_busy = false;
			if (!p->task->stall_id)
				p->task->stall_id = le32_to_cpu(cqe->stall);
			wse_stats_completion(wdev, ch, tag, p->task,
					     wse_cqe_status(status));
			if (wse_part_unmap_early(p)) {
				p->status = wse_cqe_status(status);
				p->next_unmap = *unmap;
				*unmap = p;
				continue;
			}
			wse_part_end(p, wse_cqe_status(status), fin);
		}
	}
	return n;
}

/*
 * One pass of the completion path, inside the gate or in a work that
 * unregister cancels, holding nothing: consume the CQEs, dispatch what
 * now fits, finish what ended.  Returns the number of CQEs consumed.
 */
unsigned int wse_reap(struct wse_device *wdev)
{
	struct wse_part *unmap = NULL, *p;
	LIST_HEAD(fin);
	unsigned int n;

	spin_lock(&wdev->lock);
	n = wse_dead(wdev) ? 0 : wse_drain(wdev, &fin, &unmap);
	if (n)
		wse_dispatch(wdev);
	spin_unlock(&wdev->lock);
	/* Not ended yet, so their tasks (and maps) stay until they are. */
	for (p = unmap; p; p = p->next_unmap)
		wse_map_release(wdev, &p->task->maps[p - p->task->parts],
				p->task->pin.write);
	if (unmap) {
		spin_lock(&wdev->lock);
		for (p = unmap; p; p = p->next_unmap)
			wse_part_end(p, p->status, &fin);
		spin_unlock(&wdev->lock);
	}
	wse_tasks_finish(wdev, &fin);
	return n;
}

void wse_complete_work(struct work_struct *work)
{
	struct wse_device *wdev = container_of(work, struct wse_device,
					       complete_work);

	/* Loop until a pass finds nothing: catches CQEs posted meanwhile. */
	while (wse_reap(wdev))
		;
}
