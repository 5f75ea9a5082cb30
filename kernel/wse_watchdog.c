// SPDX-License-Identifier: GPL-2.0
/*
 * Stuck channel detection and channel reset, and the immediate abort of
 * work at release (close, exit) and STOP.
 *
 * Runs while any channel has outstanding SQEs.  A channel whose device
 * side gave no sign of life (completion, or wse_signal_progress() for
 * retired instructions, moved wavelets or bytes) for watchdog_ms loses its
 * outstanding parts (-ETIMEDOUT) and is reset.  While c->resetting is set the completion work and dispatch keep
 * off the channel, which serialises the reset against both and keeps
 * doorbell() and channel_reset() from overlapping on it.
 */
#include <linux/jiffies.h>

#include "wse_internal.h"

unsigned long wse_watchdog_jiffies(void)
{
	return msecs_to_jiffies(max(READ_ONCE(watchdog_ms), 10U));
}

/*
 * wdev->lock held.  Never delays a pending check, but brings it forward
 * when watchdog_ms was lowered since it was queued: the new value applies
 * from the next dispatch on, not only after the old period (a device that
 * reports stalls itself would otherwise win the race meanwhile).
 */
void wse_watchdog_arm(struct wse_device *wdev)
{
	struct delayed_work *dw = &wdev->watchdog;
	unsigned long delay = max(wse_watchdog_jiffies() / 2, 1UL);

	lockdep_assert_held(&wdev->lock);

	if (delayed_work_pending(dw) &&
	    time_after(READ_ONCE(dw->timer.expires), jiffies + delay))
		mod_delayed_work(system_wq, dw, delay);
	else
		queue_delayed_work(system_wq, dw, delay);
}

/* wdev->lock held: fail what is outstanding, restart the core side. */
static void wse_channel_abort(struct wse_channel *c, int status,
			      struct list_head *fin)
{
	unsigned int i;

	for (i = 0; i < WSE_RING_DEPTH; i++)
		if (c->slot[i])
			wse_part_end(c->slot[i], status, fin);
	wse_ring_reinit(c);
}

/*
 * Without wdev->lock, inside the gate: the channels in @mask were marked
 * resetting and their parts ended into @fin.  Reset them on the device,
 * then finish the tasks: their buffers are unmapped only once the device
 * no longer touches them, and a PE fault recorded by the reset
 * (WSE_FAULT_STUCK) is visible when the task's owner sees the status.
 */
static void wse_channels_reset_finish(struct wse_device *wdev,
				      unsigned long mask,
				      struct list_head *fin)
{
	unsigned int ch;

	for_each_set_bit(ch, &mask, WSE_MAX_CHANNELS)
		if (!wse_dead(wdev))
			wdev->ops->channel_reset(wdev, ch);
	wse_tasks_finish(wdev, fin);

	spin_lock(&wdev->lock);
	for_each_set_bit(ch, &mask, WSE_MAX_CHANNELS) {
		struct wse_channel *c = &wdev->chan[ch];

		/* Rings are gone if the device died meanwhile. */
		if (ch < wdev->nr_channels) {
			/* Drop anything written before the device stopped. */
			wse_ring_reinit(c);
		}
		c->resetting = false;
		/* A barrier is only ever on channel 0, alone: it is over. */
		if (!ch)
			wdev->barrier_busy = false;
	}
	wse_dispatch(wdev);
	spin_unlock(&wdev->lock);
}

/* wdev->lock held: a RUN, LAUNCH or stream (work that may never end). */
static bool wse_task_unbounded(const struct wse_task *t)
{
	return t->barrier || t->opcode == WSE_HW_OP_H2D_STREAM ||
	       t->opcode == WSE_HW_OP_D2H_STREAM;
}

static bool wse_channel_has_unbounded(const struct wse_channel *c)
{
	unsigned int i;

	for (i = 0; i < WSE_RING_DEPTH; i++)
		if (c->slot[i] && wse_task_unbounded(c->slot[i]->task))
			return true;
	return false;
}

/* Why channels end now (wse_channels_take()). */
enum wse_end_why {
	WSE_END_STUCK,		/* watchdog: no sign of life for watchdog_ms */
	WSE_END_PROGRAM,	/* STOP: it runs a RUN, LAUNCH or stream */
	WSE_END_ALL,		/* release: whatever it runs */
};

/*
 * wdev->lock held: mark the channels @why ends as resetting and end their
 * parts with @status into @fin; returns them.  A channel already being
 * reset ends by itself.  *@busy: a channel with work stays (STUCK only).
 */
static unsigned long wse_channels_take(struct wse_device *wdev,
				       enum wse_end_why why, int status,
				       struct list_head *fin, bool *busy)
{
	unsigned long timeout = wse_watchdog_jiffies();
	unsigned long mask = 0;
	unsigned int ch;

	for (ch = 0; ch < wdev->nr_channels; ch++) {
		struct wse_channel *c = &wdev->chan[ch];

		if (!c->inflight || c->resetting)
			continue;
		if (why == WSE_END_STUCK &&
		    time_before(jiffies, READ_ONCE(c->progress) + timeout)) {
			*busy = true;
			continue;
		}
		if (why == WSE_END_PROGRAM && !wse_channel_has_unbounded(c))
			continue;
		c->resetting = true;
		__set_bit(ch, &mask);
		wse_channel_abort(c, status, fin);
	}
	return mask;
}

/*
 * Inside the gate, under cfg_lock: end dispatched work with @status and
 * reset its channels now, however long watchdog_ms is.  @all: every
 * channel with work (release: a hung device never holds a closing
 * process); else only channels running a RUN, LAUNCH or stream (STOP:
 * a program need not end by itself), whose other work ends too.
 */
void wse_channels_abort(struct wse_device *wdev, int status, bool all)
{
	unsigned long mask = 0;
	bool busy = false;
	LIST_HEAD(fin);

	spin_lock(&wdev->lock);
	if (!wse_dead(wdev))
		mask = wse_channels_take(wdev, all ? WSE_END_ALL :
					 WSE_END_PROGRAM, status, &fin, &busy);
	spin_unlock(&wdev->lock);
	if (mask)
		wse_channels_reset_finish(wdev, mask, &fin);
}

/*
 * STOP: queued RUN, LAUNCH and streams are cancelled (copies stay queued
 * and run), then the running ones are aborted.
 */
void wse_cancel_unbounded(struct wse_device *wdev, int status)
{
	struct wse_task *t, *n;
	LIST_HEAD(fin);

	spin_lock(&wdev->lock);
	list_for_each_entry_safe(t, n, &wdev->queue, node)
		if (wse_task_unbounded(t))
			wse_task_end_queued(t, status, &fin);
	spin_unlock(&wdev->lock);
	wse_tasks_finish(wdev, &fin);
	wse_channels_abort(wdev, status, false);
}

void wse_watchdog_work(struct work_struct *work)
{
	struct wse_device *wdev = container_of(to_delayed_work(work),
					       struct wse_device, watchdog);
	unsigned long stuck = 0;
	bool busy = false;
	unsigned int ch;
	LIST_HEAD(fin);

	spin_lock(&wdev->lock);
	if (!wse_dead(wdev))
		stuck = wse_channels_take(wdev, WSE_END_STUCK, -ETIMEDOUT,
					  &fin, &busy);
	if (busy)
		wse_watchdog_arm(wdev);
	spin_unlock(&wdev->lock);
	if (!stuck)
		return;

	for_each_set_bit(ch, &stuck, WSE_MAX_CHANNELS) {
		unsigned int ms = jiffies_to_msecs(wse_watchdog_jiffies());

		dev_warn_ratelimited(wdev->dma_dev,
				     "%s: channel %u gave no sign of life for %u ms, resetting\n",
				     wdev->name, ch, ms);
		wse_stats_watchdog_reset(wdev, ch, ms);
	}
	wse_channels_reset_finish(wdev, stuck, &fin);
}
