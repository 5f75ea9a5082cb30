// SPDX-License-Identifier: GPL-2.0
/*
 * Stuck channel detection and channel reset.
 *
 * Runs while any channel has outstanding SQEs.  A channel that made no
 * progress for watchdog_ms loses its outstanding parts (-ETIMEDOUT) and is
 * reset.  While c->resetting is set the completion work and dispatch keep
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
static void wse_channel_abort(struct wse_channel *c, struct list_head *fin)
{
	unsigned int i;

	for (i = 0; i < WSE_RING_DEPTH; i++)
		if (c->slot[i])
			wse_part_end(c->slot[i], -ETIMEDOUT, fin);
	wse_ring_reinit(c);
}

void wse_watchdog_work(struct work_struct *work)
{
	struct wse_device *wdev = container_of(to_delayed_work(work),
					       struct wse_device, watchdog);
	unsigned long timeout = wse_watchdog_jiffies();
	unsigned long stuck = 0;
	bool busy = false;
	unsigned int ch;
	LIST_HEAD(fin);

	spin_lock(&wdev->lock);
	if (wse_dead(wdev)) {
		spin_unlock(&wdev->lock);
		return;
	}
	for (ch = 0; ch < wdev->nr_channels; ch++) {
		struct wse_channel *c = &wdev->chan[ch];

		if (!c->inflight || c->resetting)
			continue;
		if (time_before(jiffies, READ_ONCE(c->progress) + timeout)) {
			busy = true;
			continue;
		}
		c->resetting = true;
		__set_bit(ch, &stuck);
		wse_channel_abort(c, &fin);
	}
	if (busy)
		wse_watchdog_arm(wdev);
	spin_unlock(&wdev->lock);
	if (!stuck)
		return;

	/*
	 * Reset first, then finish the tasks: their buffers are unmapped only
	 * once the device no longer touches them, and a PE fault recorded by
	 * the reset (WSE_FAULT_STUCK) is visible when the task's owner sees
	 * -ETIMEDOUT.
	 */
	for_each_set_bit(ch, &stuck, WSE_MAX_CHANNELS) {
		dev_warn_ratelimited(wdev->dma_dev,
				     "%s: channel %u stuck for %u ms, resetting\n",
				     wdev->name, ch,
				     jiffies_to_msecs(timeout));
		if (!wse_dead(wdev))
			wdev->ops->channel_reset(wdev, ch);
	}
	wse_tasks_finish(wdev, &fin);

	spin_lock(&wdev->lock);
	for_each_set_bit(ch, &stuck, WSE_MAX_CHANNELS) {
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
