// SPDX-License-Identifier: GPL-2.0
/*
 * Tasks: ids, per-file lists, completion, wait/query, poll.
 *
 * A task is referenced by its file's list (until reaped) and by each
 * sleeper waiting for it.  Its parts end exactly once (CQE, watchdog,
 * cancel or kill); whoever ends the last part releases its DMA resources
 * outside the lock and only then marks it WSE_T_DONE.
 */
#include <linux/dma-mapping.h>
#include <linux/ktime.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>

#include "wse_internal.h"

struct wse_task *wse_task_alloc(struct wse_file *wf)
{
	struct wse_device *wdev = wf->wdev;
	struct llist_node *spare;
	struct wse_task *t;

	spin_lock(&wdev->lock);
	if (wf->nr_tasks >= WSE_MAX_TASKS) {
		spin_unlock(&wdev->lock);
		return ERR_PTR(-EAGAIN);
	}
	wf->nr_tasks++;
	/* the lock serialises the takers; wse_task_free() adds locklessly */
	spare = llist_del_first(&wf->spares);
	spin_unlock(&wdev->lock);

	if (spare) {
		atomic_dec(&wf->nr_spares);
		t = llist_entry(spare, struct wse_task, spare);
		memset(t, 0, sizeof(*t));
	} else {
		t = kzalloc(sizeof(*t), GFP_KERNEL);
	}
	if (!t) {
		spin_lock(&wdev->lock);
		wf->nr_tasks--;
		spin_unlock(&wdev->lock);
		return ERR_PTR(-ENOMEM);
	}
	refcount_set(&t->ref, 1);
	t->wf = wf;
	INIT_LIST_HEAD(&t->fd_node);
	INIT_LIST_HEAD(&t->node);
	return t;
}

/*
 * A file keeps the tasks it frees for its next submissions, up to
 * WSE_TASK_SPARES, as blk-mq keeps its requests and io_uring its
 * request cache: a small copy would otherwise pay kmalloc and kfree of a
 * task each time, dear with slab debugging (more than the rest of a
 * bounced copy), and a burst of nonblocking ones once per op.  Freed at
 * release().
 */
static void wse_task_free(struct wse_task *t)
{
	struct wse_file *wf = t->wf;

	if (atomic_inc_return(&wf->nr_spares) <= WSE_TASK_SPARES) {
		llist_add(&t->spare, &wf->spares);
		return;
	}
	atomic_dec(&wf->nr_spares);
	kfree(t);
}

/*
 * The task's DMA resources: pinned buffer or bounce slot (but a blocking
 * D2H's slot: its submitter copies it out first), LAUNCH descriptor, H2D
 * list.
 */
void wse_task_release_dma(struct wse_device *wdev, struct wse_task *t)
{
	unsigned int i;

	for (i = 0; i < t->nr_maps; i++)
		wse_map_release(wdev, &t->maps[i], t->pin.write);
	kfree(t->maps);
	t->maps = NULL;
	t->nr_maps = 0;
	wse_pin_release(wdev, &t->pin);
	if (t->bounce && !t->bounce_out) {
		wse_bounce_put(wdev, t->parts[0].ch, t->bounce - 1);
		t->bounce = 0;
	}
	if (t->launch)
		dma_free_coherent(wdev->dma_dev, sizeof(*t->launch),
				  t->launch, t->launch_dma);
	t->launch = NULL;
	wse_list_table_put(wdev, t);
}

/* A task that was never submitted (inside the gate). */
void wse_task_abort(struct wse_task *t)
{
	struct wse_device *wdev = t->wf->wdev;

	t->bounce_out = false;	/* nobody copies out: free the slot */
	wse_task_release_dma(wdev, t);
	spin_lock(&wdev->lock);
	t->wf->nr_tasks--;
	spin_unlock(&wdev->lock);
	wse_task_free(t);
}

void wse_task_put(struct wse_task *t)
{
	if (refcount_dec_and_test(&t->ref))
		wse_task_free(t);
}

/* Polls of the device for one blocking op (or a submission) before going on. */
#define WSE_POLL_TRIES	4
/* ... and for a WAIT on small copies, which may find a ring's worth queued */
#define WSE_WAIT_POLL_TRIES	16
/*
 * A small copy on one channel, which a thread may poll for: its blocking
 * submitter, the submitter of a burst, a WAIT.  A blocking RUN/LAUNCH
 * too, but only for its start: its submitter's poll hands it to the
 * device (a worker wakeup less) and finds nothing more to do, since it
 * ends on the device's own time (the fabric scheduler of the mock).
 */
static bool wse_task_pollable(const struct wse_task *t)
{
	if (!READ_ONCE(poll_small) || !t->wf->wdev->ops->poll)
		return false;
	if (t->barrier)
		return t->blocking;
	/* a list is bounded (WSE_MAX_LIST_BYTES) and already a batch */
	if (t->opcode == WSE_HW_OP_H2D_LIST)
		return t->nr_parts == 1;
	return t->nr_parts == 1 && t->host_bytes <= WSE_POLL_MAX_BYTES &&
	       t->opcode != WSE_HW_OP_H2D_STREAM &&
	       t->opcode != WSE_HW_OP_D2H_STREAM;
}

/*
 * wdev->lock held, @t pollable and counted: its submitter polls right
 * after the doorbell.  Always if blocking.  If not, when the file has other
 * nonblocking tasks unreaped: a burst, which its submitter reaps in
 * batches in its own thread as io_uring's IOPOLL reaps at submission,
 * rather than pay per op a worker wakeup, a completion work and a bounce
 * slot held meanwhile.  A lone nonblocking op is left to the device, or
 * to a WAIT on its id.
 */
static bool wse_task_poll_now(const struct wse_task *t)
{
	const struct wse_file *wf = t->wf;

	/*
	 * An H2D list is a burst by itself (its submitter queued the copies
	 * to have them done in one go): completed inline, as null_blk does.
	 */
	return t->blocking || t->opcode == WSE_HW_OP_H2D_LIST ||
	       wf->nr_nb_pending + wf->nr_ready > 1;
}

/*
 * Inside the gate, pinned and mapped; on error the task is aborted.  If
 * @poll_ch is not NULL, it is set to the channel a nonblocking submitter
 * is to poll once out of cfg_lock (wse_poll_submitted()), or to -1.
 */
int wse_task_submit_poll(struct wse_task *t, u64 *id, int *poll_ch)
{
	struct wse_file *wf = t->wf;
	struct wse_device *wdev = wf->wdev;
	bool poll_now;

	if (poll_ch)
		*poll_ch = -1;
	spin_lock(&wdev->lock);
	if (wse_dead(wdev)) {
		spin_unlock(&wdev->lock);
		wse_task_abort(t);
		return -ENODEV;
	}
	t->id = atomic64_inc_return(&wdev->next_id);
	*id = t->id;	/* WAIT may reap and free t once we unlock */
	t->parts_left = t->nr_parts;
	if (!t->parts_ready)	/* unless its submitter maps them in turn */
		t->parts_ready = t->nr_parts;
	t->phase = WSE_T_QUEUED;
	list_add_tail(&t->fd_node, &wf->tasks);
	wf->nr_pending++;
	t->poll = wse_task_pollable(t);
	if (!t->blocking) {
		wf->nr_nb_pending++;
		if (t->poll)
			wf->nr_nb_poll++;
	}
	list_add_tail(&t->node, &wdev->queue);
	wse_stats_submit(t);
	poll_now = t->poll && (t->blocking || poll_ch) &&
		   wse_task_poll_now(t);
	if (poll_now)
		wdev->poll_part = &t->parts[0];
	else if (t->poll_last && t->parts_ready == t->nr_parts)
		wdev->poll_part = &t->parts[t->nr_parts - 1];
	if (poll_now && !t->blocking)
		*poll_ch = t->parts[0].ch;
	wse_dispatch(wdev);
	wdev->poll_part = NULL;
	spin_unlock(&wdev->lock);
	return 0;
}

int wse_task_submit(struct wse_task *t, u64 *id)
{
	return wse_task_submit_poll(t, id, NULL);
}

/* wdev->lock held.  A task's status is its first error. */
void wse_part_end(struct wse_part *p, int status, struct list_head *fin)
{
	struct wse_task *t = p->task;

	lockdep_assert_held(&t->wf->wdev->lock);

	if (status && !t->status)
		t->status = status;
	if (--t->parts_left)
		return;
	/* LAUNCH needs a RUN that finished well (cleared at teardown). */
	if (t->opcode == WSE_HW_OP_RUN && !t->status)
		t->wf->wdev->prog_ready = true;
	t->phase = WSE_T_FINISHING;
	list_add_tail(&t->node, fin);
}

/*
 * wdev->lock held, @t on the queue: it leaves it, and its parts that were
 * not sent end with @status (but those its submitter still maps: it ends
 * them itself).
 */
void wse_task_end_queued(struct wse_task *t, int status,
			 struct list_head *fin)
{
	unsigned int i;

	list_del_init(&t->node);
	for (i = t->parts_sent; i < t->parts_ready; i++)
		wse_part_end(&t->parts[i], status, fin);
	t->parts_sent = t->parts_ready;
}

/* wdev->lock held: GET_STALL finds @t's report by its id, even reaped. */
static void wse_stalled_note(struct wse_device *wdev, struct wse_task *t)
{
	unsigned int i = wdev->stalled_next++ % WSE_STALL_TASKS_KEPT;

	wdev->stalled[i].task = t->id;
	wdev->stalled[i].stall = t->stall_id;
}

/* wdev->lock held: the report id of the stall that failed @task_id, or 0. */
u32 wse_stalled_find(struct wse_device *wdev, u64 task_id)
{
	unsigned int i;

	for (i = 0; i < WSE_STALL_TASKS_KEPT; i++)
		if (wdev->stalled[i].task == task_id)
			return wdev->stalled[i].stall;
	return 0;
}

/* Without wdev->lock, in process context, before unregister returns. */
void wse_tasks_finish(struct wse_device *wdev, struct list_head *fin)
{
	struct wse_task *t, *n;

	list_for_each_entry_safe(t, n, fin, node) {
		struct wse_file *wf = t->wf;
		unsigned int ch = t->parts[0].ch, slot = 0;

		list_del_init(&t->node);
		wse_task_release_dma(wdev, t);
		spin_lock(&wdev->lock);
		/* A bounced D2H whose submitter left (killed): bytes lost. */
		if (t->bounce_out && !t->blocking) {
			slot = t->bounce;
			t->bounce = 0;
		}
		if (t->status == -EDEADLK && t->stall_id)
			wse_stalled_note(wdev, t);
		/* Pairs with wse_task_done(): status is set before DONE. */
		smp_store_release(&t->phase, WSE_T_DONE);
		wse_stats_task_end(t);
		wf->nr_pending--;
		if (!t->blocking) {
			wf->nr_nb_pending--;
			if (t->poll)
				wf->nr_nb_poll--;
			wf->nr_ready++;
		}
		/* Under the lock: release() frees wf once it sees idle. */
		wake_up_all(&wf->wq);
		spin_unlock(&wdev->lock);
		if (slot)
			wse_bounce_put(wdev, ch, slot - 1);
	}
}

/* End every queued task, and unless @queued_only every dispatched one. */
void wse_fail_all(struct wse_device *wdev, int status, bool queued_only)
{
	struct wse_task *t, *n;
	LIST_HEAD(fin);
	unsigned int ch, i;

	spin_lock(&wdev->lock);
	list_for_each_entry_safe(t, n, &wdev->queue, node)
		wse_task_end_queued(t, status, &fin);
	for (ch = 0; !queued_only && ch < wdev->nr_channels; ch++) {
		struct wse_channel *c = &wdev->chan[ch];

		for (i = 0; i < WSE_RING_DEPTH; i++) {
			if (c->slot[i])
				wse_part_end(c->slot[i], status, &fin);
			c->slot[i] = NULL;
		}
		c->inflight = 0;
	}
	if (!queued_only)
		wdev->barrier_busy = false;
	spin_unlock(&wdev->lock);
	wse_tasks_finish(wdev, &fin);
}

static bool wse_task_done(struct wse_task *t)
{
	/* Lockless wait condition; pairs with wse_tasks_finish(). */
	return smp_load_acquire(&t->phase) == WSE_T_DONE;
}

/* wdev->lock held; the caller drops the list's reference. */
static void wse_reap_locked(struct wse_task *t)
{
	struct wse_file *wf = t->wf;

	lockdep_assert_held(&wf->wdev->lock);

	list_del_init(&t->fd_node);
	wf->nr_tasks--;
	if (!t->blocking)
		wf->nr_ready--;
}

static bool wse_wait_cond(struct wse_file *wf, struct wse_task *t)
{
	return t ? wse_task_done(t) : !READ_ONCE(wf->nr_nb_pending);
}

/*
 * Outside the gate, holding nothing (but a reference to @t): let the
 * device move the work of @chans forward in this thread (ops->poll) and
 * reap the CQs here, which saves the hand-offs to the device's worker, to
 * the completion work and back to this thread.  Until @wf's @t is done
 * (@t NULL: every task WAIT may reap; @wf NULL: no end but these), at most
 * @tries polls while they make progress; what is left completes through
 * the interrupt path and the watchdog as always.
 */
static void wse_poll(struct wse_device *wdev, unsigned long chans,
		     struct wse_file *wf, struct wse_task *t,
		     unsigned int tries)
{
	unsigned int ch;
	bool progress;
	int idx;

	idx = wse_gate_enter(wdev);
	for_each_set_bit(ch, &chans, WSE_MAX_CHANNELS)
		atomic_inc(&wdev->pollers[ch]);
	while (!wse_dead(wdev) && !(wf && wse_wait_cond(wf, t))) {
		progress = false;
		for_each_set_bit(ch, &chans, WSE_MAX_CHANNELS)
			progress |= wdev->ops->poll(wdev, ch);
		if (!progress || !--tries)
			break;	/* the reap below is the last one */
		wse_reap(wdev);
	}
	for_each_set_bit(ch, &chans, WSE_MAX_CHANNELS)
		atomic_dec(&wdev->pollers[ch]);
	/* Pairs with wse_signal_completion(): reap what it left to us. */
	smp_mb__after_atomic();
	wse_reap(wdev);
	wse_gate_exit(wdev, idx);
}

/*
 * Holding nothing, after a nonblocking submission for which
 * wse_task_submit_poll() gave channel @ch: reap that channel's batch.
 */
void wse_poll_submitted(struct wse_device *wdev, int ch)
{
	if (ch >= 0)
		wse_poll(wdev, BIT(ch), NULL, NULL, 1);
}

/* Outside the gate, holding a reference taken before submission. */
int wse_wait_blocking(struct wse_task *t)
{
	struct wse_file *wf = t->wf;
	struct wse_device *wdev = wf->wdev;
	unsigned int slot = 0;
	int ret;

	/* decided at submission: its SQE may wait for this poll */
	if (t->poll && !wse_task_done(t))
		wse_poll(wdev, BIT(t->parts[0].ch), wf, t, WSE_POLL_TRIES);
	/* a copy in parts: its last, whose SQE waits for us (wse_xfer.c) */
	if (t->poll_last && !wse_task_done(t))
		wse_poll(wdev, BIT(t->parts[t->nr_parts - 1].ch), wf, t, 1);
	if (wait_event_killable(wf->wq, wse_task_done(t))) {
		/* Hand it over to WAIT / release(). */
		spin_lock(&wdev->lock);
		t->blocking = false;
		if (t->phase == WSE_T_DONE) {
			wf->nr_ready++;
			/* else wse_tasks_finish() frees its bounce slot */
			slot = t->bounce;
			t->bounce = 0;
		} else {
			wf->nr_nb_pending++;
			if (t->poll)
				wf->nr_nb_poll++;
		}
		wake_up_all(&wf->wq);
		spin_unlock(&wdev->lock);
		if (slot)
			wse_bounce_put(wdev, t->parts[0].ch, slot - 1);
		wse_task_put(t);
		return -EINTR;
	}
	spin_lock(&wdev->lock);
	ret = t->status;
	wse_reap_locked(t);
	spin_unlock(&wdev->lock);
	if (t->bounce)
		ret = wse_bounce_copy_out(wdev, t, ret);
	wse_task_put(t);
	wse_task_put(t);
	return ret;
}

/* wdev->lock held. */
static struct wse_task *wse_find(struct wse_file *wf, u64 id)
{
	struct wse_task *t;

	lockdep_assert_held(&wf->wdev->lock);

	list_for_each_entry(t, &wf->tasks, fd_node)
		if (t->id == id && !t->blocking)
			return t;
	return NULL;
}

/*
 * Interruptible sleep; @t NULL means every reapable task of @wf.  A signal
 * gives -ERESTARTSYS: the ioctl restarts if the handler has SA_RESTART
 * (EINTR otherwise, or a handled signal without it), as ppoll and futex
 * do.  So that the restart waits only for the rest of a relative timeout,
 * @w->timeout_ns is then the time left (written back like select()'s).
 */
static int wse_sleep(struct wse_file *wf, struct wse_task *t,
		     struct wse_wait *w)
{
	bool abstime = w->flags & WSE_WAIT_ABSTIME;
	ktime_t start = ktime_get(), rem;
	long ret;

	if (w->timeout_ns < 0) {
		ret = wait_event_interruptible(wf->wq, wse_wait_cond(wf, t));
	} else {
		if (abstime)
			rem = ktime_sub(ns_to_ktime(w->timeout_ns), start);
		else
			rem = ns_to_ktime(w->timeout_ns);
		if (rem <= 0)
			return wse_wait_cond(wf, t) ? 0 : -ETIMEDOUT;
		ret = wait_event_interruptible_hrtimeout(wf->wq,
							 wse_wait_cond(wf, t),
							 rem);
		if (ret == -ERESTARTSYS && !abstime)
			w->timeout_ns = max_t(s64, 0, ktime_to_ns(rem) -
					      ktime_to_ns(ktime_sub(ktime_get(),
								    start)));
	}
	if (ret == -ETIME)
		return -ETIMEDOUT;
	return ret ? -ERESTARTSYS : 0;
}

int wse_wait(struct wse_file *wf, struct wse_wait *w)
{
	struct wse_device *wdev = wf->wdev;
	struct wse_task *mine = NULL, *t, *n;
	unsigned long chans = 0;
	LIST_HEAD(reaped);
	int idx, ret;

	idx = wse_gate_enter(wdev);
	spin_lock(&wdev->lock);
	if (!(w->flags & WSE_WAIT_ALL)) {
		mine = wse_find(wf, w->task_id);
		if (mine)
			refcount_inc(&mine->ref);
		/* a lone small copy: its WAIT reaps it, no worker wakeup */
		if (mine && mine->poll && mine->phase != WSE_T_DONE)
			chans = BIT(mine->parts[0].ch);
	} else if (wf->nr_nb_pending && wf->nr_nb_poll == wf->nr_nb_pending &&
		   wdev->nr_channels) {
		/* small copies only: poll every channel, cheap if idle */
		chans = GENMASK(wdev->nr_channels - 1, 0);
	}
	spin_unlock(&wdev->lock);
	wse_gate_exit(wdev, idx);
	if (!(w->flags & WSE_WAIT_ALL) && !mine)
		return -ENOENT;
	if (chans)
		wse_poll(wdev, chans, wf, mine, WSE_WAIT_POLL_TRIES);

	ret = wse_sleep(wf, mine, w);
	if (ret)
		goto out;

	w->status = 0;
	spin_lock(&wdev->lock);
	list_for_each_entry_safe(t, n, &wf->tasks, fd_node) {
		if (mine ? t != mine : t->blocking || t->phase != WSE_T_DONE)
			continue;
		if (!w->status)
			w->status = t->status;
		wse_reap_locked(t);
		list_add_tail(&t->node, &reaped);
	}
	spin_unlock(&wdev->lock);
	if (mine && list_empty(&reaped))
		ret = -ENOENT;	/* another thread reaped it meanwhile */
	list_for_each_entry_safe(t, n, &reaped, node) {
		list_del(&t->node);
		wse_task_put(t);
	}
out:
	if (mine)
		wse_task_put(mine);
	return ret;
}

int wse_query(struct wse_file *wf, struct wse_query *q)
{
	struct wse_device *wdev = wf->wdev;
	struct wse_task *t;
	int idx, ret = 0;

	idx = wse_gate_enter(wdev);
	spin_lock(&wdev->lock);
	t = wse_find(wf, q->task_id);
	if (!t) {
		ret = -ENOENT;
	} else if (t->phase != WSE_T_DONE) {
		q->state = WSE_TASK_PENDING;
		q->status = 0;
	} else {
		q->state = t->status ? WSE_TASK_ERROR : WSE_TASK_DONE;
		q->status = t->status;
	}
	spin_unlock(&wdev->lock);
	wse_gate_exit(wdev, idx);
	return ret;
}

bool wse_file_idle(struct wse_file *wf)
{
	bool idle;

	spin_lock(&wf->wdev->lock);
	idle = !wf->nr_pending;
	spin_unlock(&wf->wdev->lock);
	return idle;
}

/* release(): every task has finished and nobody else can see them. */
void wse_file_free_tasks(struct wse_file *wf)
{
	struct wse_task *t, *n;
	LIST_HEAD(list);

	spin_lock(&wf->wdev->lock);
	list_splice_init(&wf->tasks, &list);
	wf->nr_tasks = 0;
	wf->nr_ready = 0;
	spin_unlock(&wf->wdev->lock);
	list_for_each_entry_safe(t, n, &list, fd_node) {
		list_del(&t->fd_node);
		wse_task_put(t);
	}
	llist_for_each_entry_safe(t, n, llist_del_all(&wf->spares), spare)
		kfree(t);
	atomic_set(&wf->nr_spares, 0);
}

__poll_t wse_file_poll(struct wse_file *wf)
{
	__poll_t mask = 0;

	spin_lock(&wf->wdev->lock);
	if (wf->nr_ready)
		mask |= EPOLLIN | EPOLLRDNORM;
	spin_unlock(&wf->wdev->lock);
	if (wse_dead(wf->wdev))
		mask |= EPOLLHUP | EPOLLERR;
	return mask;
}
