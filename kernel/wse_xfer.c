// SPDX-License-Identifier: GPL-2.0
/*
 * H2D/D2H copies and streams: a transfer becomes one part per channel
 * whose row band intersects the ROI.  A PE row always goes through the
 * same channel and the device keeps each channel's order (a stream only
 * lets a stream of the other direction pass it, wse_hw.h), so per-PE order
 * needs no serialisation.
 */
#include <linux/math64.h>
#include <linux/slab.h>

#include "wse_internal.h"

/* Rectangle row r goes through channel r * channels / height. */
static u32 wse_row_channel(const struct wse_fabric_config *cfg, u32 r)
{
	return div_u64((u64)r * cfg->channels, cfg->height);
}

void wse_split(const struct wse_fabric_config *cfg, struct wse_task *t)
{
	u32 H = cfg->height, C = cfg->channels;
	u32 y = t->y, end = t->y + t->h;
	u32 c, first = wse_row_channel(cfg, y);
	u32 last = wse_row_channel(cfg, end - 1);

	for (c = first; c <= last; c++) {
		u32 lo = max_t(u32, DIV_ROUND_UP_ULL((u64)c * H, C), y);
		u32 hi = min_t(u32, DIV_ROUND_UP_ULL((u64)(c + 1) * H, C), end);
		struct wse_part *p;

		if (lo >= hi)
			continue;	/* more channels than rows */
		p = &t->parts[t->nr_parts++];
		p->task = t;
		p->ch = c;
		p->row_first = lo - y;
		p->row_count = hi - lo;
	}
}

/*
 * A row-major copy over several channels: each part's rows are one run of
 * the host buffer, mapped on its own and sent as soon as it is mapped, so
 * the device copies one band while the next is being mapped, and the
 * band of a part that completed is unmapped while the others still run
 * (wse_reap()).  Mapping the whole buffer before the first SQE, and
 * unmapping it after the last CQE, would keep every channel idle that long.
 * Column-major parts interleave in the buffer: they share one mapping.
 */
static bool wse_xfer_banded(const struct wse_task *t)
{
	return t->nr_parts > 1 && !(t->hw_flags & WSE_HW_SQE_COL_MAJOR) &&
	       (t->opcode == WSE_HW_OP_H2D_COPY ||
		t->opcode == WSE_HW_OP_D2H_COPY);
}

static int wse_xfer_map_band(struct wse_device *wdev, struct wse_task *t,
			     unsigned int i)
{
	u64 row_bytes = (u64)t->w * t->l * 4;

	return wse_pin_map(wdev, &t->pin, &t->maps[i],
			   t->parts[i].row_first * row_bytes,
			   t->parts[i].row_count * row_bytes);
}

/*
 * Inside the gate, cfg_lock held, @t submitted with its first band mapped:
 * map the others in turn, each dispatched once mapped.  From a failed
 * mapping on (or a device lost meanwhile) the parts never reach the device
 * and end with the error, which the task reports once its sent parts ended.
 */
static void wse_xfer_map_bands(struct wse_device *wdev, struct wse_task *t)
{
	/* once the last part is ready, @t may end and be reaped at any time */
	unsigned int i, n = t->nr_parts;
	LIST_HEAD(fin);
	int ret = 0;

	for (i = t->parts_ready; i < n && !ret; i++) {
		ret = wse_xfer_map_band(wdev, t, i);
		spin_lock(&wdev->lock);
		if (!ret && wse_dead(wdev))
			ret = -ENODEV;
		if (ret) {
			/*
			 * The queue lets it go once its ready parts are sent,
			 * now if they are: it may end below.
			 */
			t->nr_parts = t->parts_ready;
			if (t->parts_sent == t->parts_ready)
				list_del_init(&t->node);
			for (; i < n; i++)
				wse_part_end(&t->parts[i], ret, &fin);
		} else {
			t->parts_ready = i + 1;
			if (i == n - 1 && t->poll_last)
				wdev->poll_part = &t->parts[i];
		}
		wse_dispatch(wdev);
		wdev->poll_part = NULL;
		spin_unlock(&wdev->lock);
	}
	wse_tasks_finish(wdev, &fin);
}

/* Inside the gate, cfg_lock held: the checks that need the device. */
static int wse_xfer_allowed(struct wse_file *wf, const struct wse_xfer *x,
			    bool d2h)
{
	struct wse_device *wdev = wf->wdev;
	int ret;

	lockdep_assert_held(&wdev->cfg_lock);
	ret = wse_check_owner(wdev, wf);
	if (!ret)
		ret = wse_check_roi(&wdev->cfg, x);
	if (!ret && (x->flags & WSE_XFER_SYMBOL))
		ret = wse_check_symbol(wdev, x);
	if (!ret && (x->flags & WSE_XFER_STREAM))
		ret = wse_check_stream(wdev, x, d2h);
	return ret;
}

/* cfg_lock held, @x allowed: its one channel, or U32_MAX if several. */
static u32 wse_xfer_channel(const struct wse_fabric_config *cfg,
			    const struct wse_xfer *x)
{
	u32 ch = wse_row_channel(cfg, x->y);

	return ch == wse_row_channel(cfg, x->y + x->h - 1) ? ch : U32_MAX;
}

/* wse_xfer_once(): the bounce slot was not to be had, pin instead. */
#define WSE_XFER_PIN	1

/*
 * @x has passed wse_check_xfer().  The checks come first (their errno
 * before any about the buffer), then the pinning outside the gate (a fault
 * on the buffer must not hold up removal), then the checks again with the
 * mapping and the submission inside it.  A small copy may take a bounce
 * slot instead of the pinning and the mapping (@try_bounce, wse_pin.c).
 */
static int wse_xfer_once(struct wse_file *wf, struct wse_xfer *x, bool d2h,
			 bool try_bounce)
{
	struct wse_device *wdev = wf->wdev;
	bool blocking = !(x->flags & WSE_XFER_NONBLOCK);
	struct wse_task *t = NULL;
	struct wse_pin pin = {};
	bool bounce = false;
	int idx, ret, poll_ch = -1;

	idx = wse_gate_enter(wdev);
	if (wse_dead(wdev)) {
		ret = -ENODEV;
	} else if (mutex_lock_killable(&wdev->cfg_lock)) {
		ret = -EINTR;
	} else {
		ret = wse_xfer_allowed(wf, x, d2h);
		if (!ret && try_bounce)
			bounce = wse_bounce_wanted(wdev, x, d2h,
						   wse_xfer_channel(&wdev->cfg,
								    x));
		mutex_unlock(&wdev->cfg_lock);
	}
	wse_gate_exit(wdev, idx);
	if (!ret && bounce)
		ret = wse_bounce_prefault(x, d2h);
	else if (!ret)
		ret = wse_pin_user(wf, &pin, x->host_ptr, x->host_bytes, d2h);
	if (ret)
		goto release;

	idx = wse_gate_enter(wdev);
	if (wse_dead(wdev)) {
		ret = -ENODEV;
		goto exit_gate;
	}
	/* cfg_lock keeps STOP from tearing down under a submission. */
	if (mutex_lock_killable(&wdev->cfg_lock)) {
		ret = -EINTR;
		goto exit_gate;
	}
	ret = wse_xfer_allowed(wf, x, d2h);
	if (ret)
		goto unlock;
	t = wse_task_alloc(wf);
	if (IS_ERR(t)) {
		ret = PTR_ERR(t);
		goto unlock;
	}
	t->blocking = blocking;
	if (x->flags & WSE_XFER_STREAM)
		t->opcode = d2h ? WSE_HW_OP_D2H_STREAM : WSE_HW_OP_H2D_STREAM;
	else
		t->opcode = d2h ? WSE_HW_OP_D2H_COPY : WSE_HW_OP_H2D_COPY;
	t->color = x->color;
	t->hw_flags = (x->data_type == WSE_DATA_16BIT ? WSE_HW_SQE_16BIT : 0) |
		      (x->order == WSE_ORDER_COL_MAJOR ? WSE_HW_SQE_COL_MAJOR : 0) |
		      (x->flags & WSE_XFER_SYMBOL ? WSE_HW_SQE_SYMBOL : 0);
	t->symbol = x->symbol;
	t->x = x->x;
	t->y = x->y;
	t->w = x->w;
	t->h = x->h;
	t->l = x->l;
	t->pe_offset = x->pe_offset;
	t->host_bytes = x->host_bytes;
	t->host_ptr = x->host_ptr;
	wse_split(&wdev->cfg, t);
	/*
	 * A blocking submitter of a copy in parts would only sleep until
	 * they are done: it runs the last one itself (wse_wait_blocking()),
	 * one worker less to wake and to share the CPUs with.
	 */
	t->poll_last = blocking && t->nr_parts > 1 &&
		       !(x->flags & WSE_XFER_STREAM) &&
		       READ_ONCE(poll_small) && wdev->ops->poll;

	if (bounce) {
		if (!wse_bounce_get(wdev, t, d2h)) {
			wse_task_abort(t);
			ret = WSE_XFER_PIN;
			goto unlock;
		}
	} else {
		t->pin = pin;	/* the task owns (and releases) it from here */
		pin = (struct wse_pin) {};
		if (wse_xfer_banded(t)) {
			t->maps = kcalloc(t->nr_parts, sizeof(*t->maps),
					  GFP_KERNEL);
			t->nr_maps = t->maps ? t->nr_parts : 0;
			ret = t->maps ? wse_xfer_map_band(wdev, t, 0) : -ENOMEM;
			t->parts_ready = 1;
		} else {
			ret = wse_pin_map(wdev, &t->pin, &t->pin.map, 0,
					  t->host_bytes);
		}
		if (ret) {
			wse_task_abort(t);
			goto unlock;
		}
	}
	if (blocking)
		refcount_inc(&t->ref);	/* the sleeper's, below */
	ret = wse_task_submit_poll(t, &x->task_id, &poll_ch);
	if (!ret && t->parts_ready < t->nr_parts)
		wse_xfer_map_bands(wdev, t);
unlock:
	mutex_unlock(&wdev->cfg_lock);
exit_gate:
	wse_gate_exit(wdev, idx);
release:
	wse_pin_release(wdev, &pin);	/* not handed over: unpin */
	wse_poll_submitted(wdev, poll_ch);
	if (!ret && blocking)
		ret = wse_wait_blocking(t);
	return ret;
}

int wse_xfer(struct wse_file *wf, struct wse_xfer *x, bool d2h)
{
	int ret = wse_xfer_once(wf, x, d2h, true);

	return ret == WSE_XFER_PIN ? wse_xfer_once(wf, x, d2h, false) : ret;
}
