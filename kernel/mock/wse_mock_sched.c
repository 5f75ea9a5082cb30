// SPDX-License-Identifier: GPL-2.0
/*
 * wse_mock_sched.c - the fabric scheduler and stall detection.
 *
 * One work item per device (mock->sched.work on the unbound wse_mock_wq)
 * runs rounds while the fabric has something to do.  A round, under
 * sched.run_lock (dropped between rounds, with cond_resched()):
 *   - delivers the pending launch to each WAITING PE that owes it;
 *   - polls every PE whose fabric side can move (wse_pe_poll()) and runs
 *     every RUNNING PE one slice of WSE_PE_SLICE instructions, both inside
 *     wse_fpu_begin()/wse_fpu_end();
 *   - visits only the PEs of the run list: those that had work after the
 *     last round, those whose router forwarded in the last network step
 *     (the only way the network gives a PE a wavelet or room), and every
 *     PE after a kick, RUN, LAUNCH or abort; so a round costs what its
 *     busy PEs cost, not the rectangle;
 *   - for a host task (barrier or stream) with more than one busy PE and
 *     more than one worker (the workers parameter), shares the run list
 *     with helper work items (background rounds stay on one CPU): every
 *     worker, the round's own thread included, takes chunks of the run
 *     list (an eighth of a worker's share, 1 to WSE_MOCK_CHUNK PEs: 64
 *     spinning PEs go one by one, 4,096 launches 64 at a time) from an
 *     atomic cursor until none is left, so a
 *     worker whose CPU is busy elsewhere (a preempted vCPU) holds up no
 *     more than its chunk.  A PE's turn touches only the PE, its own
 *     router's buffers, which no other turn reads, and its byte of the
 *     facts, and the network moves only after every turn, so the result is
 *     the same for any number of workers and any hand-out (faults are noted
 *     afterwards in index order);
 *   - keeps what its passes over many PEs need (launch pending, barrier
 *     owed, stopped, busy, faulted) in one byte per PE (fab->sf, the
 *     facts), refreshed by the turn while the PE is at hand: the launch,
 *     the run list, the barrier count and the fault scan read a few KiB
 *     instead of every PE's struct (under TCG each page touched is a
 *     software TLB refill; a 64x64 LAUNCH paid more for those passes than
 *     for the PEs' own instructions);
 *   - runs PEs with the worker's decode cache (wse_pe_run_dc()): PEs with
 *     the same code share decoded instructions;
 *   - moves the streams and the D2H sinks (wse_mock_stream.c), and the
 *     network one hop (wse_net_step());
 *   - completes the barrier (RUN/LAUNCH of channel 0) once every PE has
 *     unblocked the command stream, or with PE_FAULT once one has faulted.
 * Completions are handed to the engine that owns the SQE (it posts the CQE,
 * the scheduler never calls into the core): sched_done() queues the CQE in
 * eng->done[] and kicks the engine.
 *
 * A round that moved nothing (no instruction, no poll progress, no hop, no
 * halo move) is idle.  With nothing pending (no barrier, no attached
 * stream) the work ends; the next kick (RUN, LAUNCH, a stream, load)
 * queues it again.  With something pending, the stall rule of
 * uapi/linux/wse.h decides: if the pending work only waits for the host
 * (no barrier, nothing in a router or queue, every blocked PE receives on
 * a color an H2D stream feeds) it waits for a kick however long, and tells
 * the core every WSE_MOCK_ALIVE_MS that its channels are alive; otherwise
 * it sleeps until a kick or until stall_ms have passed since the last
 * progress: then it is a stall, every pending barrier and stream SQE
 * completes with WSE_HW_STATUS_STALLED carrying the stall's id, and the
 * report is kept for ops->get_stall.
 *
 * Progress for pending work is reported to the core (wse_signal_progress)
 * so its watchdog leaves a long RUN, LAUNCH or stream alone.  Rounds that
 * no host task waits for (a PE spinning after its launch returned,
 * wavelets circling a ring) are capped at 1 / WSE_MOCK_BG_DUTY of a CPU:
 * a duty cycle rather than charging the owner, since the kworker belongs
 * to no process and a cap bounds every owner alike.
 *
 * Stopping: sched.stop (under sched.lock, so no kick queues the work after
 * it) + wake + cancel_work_sync().
 */
#include <linux/cpumask.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/moduleparam.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/wait.h>

#include "wse_mock.h"

/* PEs polled per wse_fpu_begin()/wse_fpu_end() bracket. */
#define WSE_MOCK_POLL_BATCH	32

static unsigned int wse_mock_workers;

static int wse_mock_workers_set(const char *val, const struct kernel_param *kp)
{
	unsigned int v;
	int ret;

	ret = kstrtouint(val, 0, &v);
	if (ret)
		return ret;
	if (v > WSE_MOCK_MAX_WORKERS)
		return -EINVAL;
	WRITE_ONCE(wse_mock_workers, v);
	return 0;
}

static const struct kernel_param_ops wse_mock_workers_ops = {
	.set = wse_mock_workers_set,
	.get = param_get_uint,
};
module_param_cb(workers, &wse_mock_workers_ops, &wse_mock_workers, 0644);
MODULE_PARM_DESC(workers,
		 "fabric workers per device running PEs in parallel (1..8, 0 = one per online CPU, default 0); results do not depend on it");

/* Workers for a round now. */
static unsigned int wse_mock_nr_workers(void)
{
	unsigned int w = READ_ONCE(wse_mock_workers);

	if (!w)
		w = num_online_cpus();
	return clamp(w, 1u, (unsigned int)WSE_MOCK_MAX_WORKERS);
}

/* configure: the scheduler may run again. */
void wse_mock_sched_enable(struct wse_mock *mock)
{
	struct wse_mock_sched *s = &mock->sched;
	unsigned long flags;

	spin_lock_irqsave(&s->lock, flags);
	s->stop = false;
	spin_unlock_irqrestore(&s->lock, flags);
}

/* On return the scheduler does not run and cannot be queued. */
void wse_mock_sched_stop(struct wse_mock *mock)
{
	struct wse_mock_sched *s = &mock->sched;
	unsigned long flags;

	spin_lock_irqsave(&s->lock, flags);
	WRITE_ONCE(s->stop, true);
	spin_unlock_irqrestore(&s->lock, flags);
	wake_up_all(&s->wq);
	cancel_work_sync(&s->work);
	/* pairs with wse_mock_sched_poll(): they see stop, or are waited */
	wait_event(s->wq, !atomic_read(&s->pollers));
}

/* Queue the rounds; @rescan: the next one visits every PE.  Any context. */
static void wse_mock_sched_queue(struct wse_mock *mock, bool rescan)
{
	struct wse_mock_sched *s = &mock->sched;
	unsigned long flags;

	spin_lock_irqsave(&s->lock, flags);
	if (!s->stop) {
		if (rescan)
			atomic_set(&s->rescan, 1);
		atomic_set(&s->kicked, 1);
		queue_work(wse_mock_wq, &s->work);
	}
	spin_unlock_irqrestore(&s->lock, flags);
	wake_up(&s->wq);
}

/* Something changed: (re)start the rounds.  Any context. */
void wse_mock_sched_kick(struct wse_mock *mock)
{
	wse_mock_sched_queue(mock, true);
}

/* run_lock held: every PE is in the next round's run list. */
void wse_mock_sched_mark_all(struct wse_mock *mock)
{
	struct wse_mock_fabric *fab = &mock->fabric;
	size_t npes = (size_t)fab->cfg.width * fab->cfg.height;

	if (!fab->active)
		return;
	memset(fab->active, 0xff, DIV_ROUND_UP(npes, 32) * sizeof(u32));
	if (npes % 32)
		fab->active[npes / 32] = (1u << (npes % 32)) - 1;
}

/* run_lock held: a new pending task; its stall time starts now. */
void wse_mock_sched_touch(struct wse_mock *mock)
{
	mock->sched.last_progress = jiffies;
	wse_mock_sched_mark_all(mock);
}

/*
 * run_lock held: the SQE @tag of @eng is complete; the engine posts the CQE.
 */
void wse_mock_sched_done(struct wse_mock_engine *eng, __le32 tag, u16 status,
			 u32 bytes)
{
	struct wse_mock_done *d;

	/* at most one barrier or two streams per engine are outstanding */
	if (WARN_ON_ONCE(eng->ndone >= ARRAY_SIZE(eng->done)))
		return;
	d = &eng->done[eng->ndone];
	d->tag = tag;
	d->status = status;
	d->bytes = bytes;
	d->stall = status == WSE_HW_STATUS_STALLED ?
		   eng->mock->sched.stall_cur : 0;
	WRITE_ONCE(eng->ndone, eng->ndone + 1);
	wse_mock_engine_kick(eng);
}

static void wse_mock_barrier_finish(struct wse_mock *mock, u16 status)
{
	struct wse_mock_engine *eng = &mock->eng[0];

	mock->fabric.barrier_active = false;
	if (!eng->barrier)
		return;
	WRITE_ONCE(eng->barrier, false);
	wse_mock_sched_done(eng, mock->sched.barrier_tag, status, 0);
}

/* wse_mock_pe_facts(), in line in a turn (no call per PE) */
static __always_inline u8 pe_facts(struct wse_mock_fabric *fab, size_t i)
{
	const struct wse_pe *pe = &wse_mock_pe_slot(fab, i)->pe;
	u8 f = fab->sf[i] & (WSE_MOCK_SF_PENDING | WSE_MOCK_SF_OWES);
	bool pending = f & WSE_MOCK_SF_PENDING;
	u8 st = pe->state;

	/* | and *, not || and if: no jumps (TCG: a translation block each) */
	f |= ((st == WSE_PE_FAULTED) | (st == WSE_PE_HALTED)) *
	     WSE_MOCK_SF_STOPPED;
	f |= (pending | (pe->unblocked == false)) * WSE_MOCK_SF_OWING;
	f |= (pe->fault.cause != WSE_FAULT_NONE) * WSE_MOCK_SF_FAULT;
	if ((st == WSE_PE_RUNNING) | (pending & (st == WSE_PE_WAITING)) ||
	    wse_pe_can_poll(pe))
		f |= WSE_MOCK_SF_BUSY;
	fab->sf[i] = f;
	return f;
}

/*
 * Refresh the facts of PE @i (wse_mock.h) after it may have changed and
 * return them.  Called by whoever has the PE at hand: its turn, a stream's
 * poll, load, RUN, an abort; a turn writes only its own PE's byte.
 */
u8 wse_mock_pe_facts(struct wse_mock_fabric *fab, size_t i)
{
	return pe_facts(fab, i);
}

/*
 * run_lock held: is the barrier over?  At its first round every PE is
 * counted (the barrier's start put every PE in that round's run list);
 * after that only a PE of the round's run list can have changed (turns
 * are the only place a PE moves), so a round costs its run list, not the
 * rectangle.  Both read the facts only, never a PE.
 */
static void wse_mock_barrier_check(struct wse_mock *mock)
{
	struct wse_mock_fabric *fab = &mock->fabric;
	struct wse_mock_sched *s = &mock->sched;
	size_t npes = (size_t)fab->cfg.width * fab->cfg.height, i = 0, n;
	bool all = s->barrier_counted != s->barrier_seq;

	if (all) {
		s->barrier_counted = s->barrier_seq;
		s->barrier_owing = 0;
		/* eight PEs at a time: OWES = OWING, counted */
		for (; i + 8 <= npes; i += 8) {
			u64 w;

			memcpy(&w, &fab->sf[i], 8);
			if (w & WSE_MOCK_SF_X8(WSE_MOCK_SF_STOPPED))
				break;	/* found below */
			w &= ~WSE_MOCK_SF_X8(WSE_MOCK_SF_OWES);
			w |= (w & WSE_MOCK_SF_X8(WSE_MOCK_SF_OWING)) /
			     WSE_MOCK_SF_OWING * WSE_MOCK_SF_OWES;
			s->barrier_owing +=
				hweight64(w & WSE_MOCK_SF_X8(WSE_MOCK_SF_OWES));
			memcpy(&fab->sf[i], &w, 8);
		}
	}
	n = all ? npes : fab->nrun;
	for (; i < n; i++) {
		u8 *f = &fab->sf[all ? i : fab->runp[i]];

		if (*f & WSE_MOCK_SF_STOPPED) {
			s->barrier_counted = 0;
			wse_mock_barrier_finish(mock, WSE_HW_STATUS_PE_FAULT);
			return;
		}
		if (!all && (*f & WSE_MOCK_SF_OWES))
			s->barrier_owing--;
		*f &= ~WSE_MOCK_SF_OWES;
		if (*f & WSE_MOCK_SF_OWING) {
			s->barrier_owing++;
			*f |= WSE_MOCK_SF_OWES;
		}
	}
	if (!s->barrier_owing) {
		s->barrier_counted = 0;
		wse_mock_barrier_finish(mock, WSE_HW_STATUS_OK);
	}
}

/* Most run list entries a worker takes at a time (fab->chunk). */
#define WSE_MOCK_CHUNK		64

/*
 * A worker's turns: run list chunks from fab->cursor until none is left;
 * each PE's launch, poll and slice, then its facts.  A turn touches its
 * PE, the PE's own router's buffers and its byte of fab->sf only (see the
 * top of the file), so who takes which chunk does not change the result.
 * An FPU bracket spans PEs until a slice's worth of work or
 * WSE_MOCK_POLL_BATCH PEs, bounding the time with preemption off.
 * *@fault: a PE of these turns has a fault.
 */
static u64 wse_mock_turns(struct wse_mock_fabric *fab, struct wse_pe_dc *dc,
			  bool *fault)
{
	const struct wse_mock_prog *p = &fab->prog;
	u32 nrun = fab->nrun, batch = 0, k, first, last, fn;
	bool fpu = false;
	u64 n = 0, mark = 0;

	for (;;) {
		first = atomic_fetch_add(fab->chunk, &fab->cursor);
		if (first >= nrun)
			break;
		last = min(first + fab->chunk, nrun);
		for (k = first; k < last; k++) {
			u32 i = fab->runp[k];
			struct wse_pe *pe = &wse_mock_pe_slot(fab, i)->pe;

			if ((fab->sf[i] & WSE_MOCK_SF_PENDING) &&
			    pe->state == WSE_PE_WAITING) {
				fab->sf[i] &= ~WSE_MOCK_SF_PENDING;
				fn = p->functions[(size_t)p->pe_map[i] *
						  p->nr_functions + fab->func];
				/* fab->args: zeros from argc on */
				wse_pe_launch_words(pe, fn, fab->args);
				n++;
			}
			if (pe->state == WSE_PE_RUNNING ||
			    wse_pe_can_poll(pe)) {
				if (!fpu) {
					wse_fpu_begin();
					fpu = true;
				}
				if (wse_pe_can_poll(pe))
					n += wse_pe_poll(pe);
				if (pe->state == WSE_PE_RUNNING)
					n += wse_pe_run_dc(pe, dc,
							   WSE_PE_SLICE);
				batch++;
			}
			if (pe_facts(fab, i) & WSE_MOCK_SF_FAULT)
				*fault = true;
			if (fpu && (batch >= WSE_MOCK_POLL_BATCH ||
				    n - mark >= WSE_PE_SLICE)) {
				wse_fpu_end();
				fpu = false;
				batch = 0;
				mark = n;
				cond_resched();
			}
		}
	}
	if (fpu)
		wse_fpu_end();
	return n;
}

static void wse_mock_helper_work(struct work_struct *work)
{
	struct wse_mock_helper *h = container_of(work, struct wse_mock_helper,
						 work);
	struct wse_mock_sched *s = &h->mock->sched;

	h->fault = false;
	h->progress = wse_mock_turns(&h->mock->fabric, h->dc, &h->fault);
	if (atomic_dec_and_test(&s->helpers_left))
		complete(&s->helpers_done);
}

/*
 * run_lock held: the run list of this round from the active bitmap (which
 * then starts empty for the next), in index order.  After a rescan (a
 * LAUNCH, RUN or kick) every PE: the identity list, built at configure.
 */
static void wse_mock_run_list(struct wse_mock *mock)
{
	struct wse_mock_fabric *fab = &mock->fabric;
	size_t npes = (size_t)fab->cfg.width * fab->cfg.height, wi;
	size_t words = DIV_ROUND_UP(npes, 32);
	u32 nrun = 0;

	fab->nrun = 0;
	fab->runp = fab->run;
	if (!fab->active)
		return;
	if (atomic_xchg(&mock->sched.rescan, 0)) {
		memset(fab->active, 0, words * sizeof(*fab->active));
		fab->runp = fab->run + npes;
		fab->nrun = npes;
		return;
	}
	for (wi = 0; wi < words; wi++) {
		u32 bits = fab->active[wi], b;

		fab->active[wi] = 0;
		if (bits == ~0u) {	/* every PE after a LAUNCH or RUN */
			for (b = 0; b < 32; b++)
				fab->run[nrun++] = wi * 32 + b;
			continue;
		}
		while (bits) {
			fab->run[nrun++] = wi * 32 + __ffs(bits);
			bits &= bits - 1;
		}
	}
	fab->nrun = nrun;
}

/* run_lock held: a barrier or an attached stream waits for the fabric. */
static bool wse_mock_pending(struct wse_mock *mock)
{
	struct wse_mock_stream *st;

	if (mock->fabric.barrier_active)
		return true;
	list_for_each_entry(st, &mock->sched.streams, node)
		if (st->eng)
			return true;
	return false;
}

/*
 * run_lock held: the worker has rounds to run, pending work or PEs in the
 * next run list (the active bitmap: busy PEs, PEs the network woke).
 */
static bool wse_mock_sched_left(struct wse_mock *mock)
{
	struct wse_mock_fabric *fab = &mock->fabric;
	size_t words = DIV_ROUND_UP((size_t)fab->cfg.width * fab->cfg.height,
				    32);

	return wse_mock_pending(mock) ||
	       (fab->active && memchr_inv(fab->active, 0,
					  words * sizeof(*fab->active)));
}

/*
 * Bit j of the result: byte j of @sf[0..31] has @flag.  Eight bytes per
 * multiply (each 0 or 1 after the division, gathered into the top byte).
 */
static u32 wse_mock_sf_mask32(const u8 *sf, u8 flag)
{
	u32 m = 0, j;
	u64 w;

	for (j = 0; j < 4; j++) {
		memcpy(&w, sf + 8 * j, 8);
		w = (w & WSE_MOCK_SF_X8(flag)) / flag;
		m |= (u32)((w * 0x0102040810204080ull) >> 56) << (8 * j);
	}
	return m;
}

/*
 * run_lock held: launches, polls and slices of the run list; progress.
 * Helpers only for a host task (@fg): background rounds stay on one CPU,
 * so WSE_MOCK_BG_DUTY bounds them.
 */
static u64 wse_mock_pes_round(struct wse_mock *mock, bool fg)
{
	struct wse_mock_fabric *fab = &mock->fabric;
	struct wse_mock_sched *s = &mock->sched;
	u32 k, nrun, heavy = 0, nw;
	bool fault = false;
	u64 n;

	wse_mock_run_list(mock);
	nrun = fab->nrun;
	/* helpers pay off for slices and launches, not for polls */
	for (k = 0; k < nrun && heavy < 2; k++) {
		u32 i = fab->runp[k];

		if ((fab->sf[i] & WSE_MOCK_SF_PENDING) ||
		    wse_mock_pe_slot(fab, i)->pe.state == WSE_PE_RUNNING)
			heavy++;
	}
	nw = heavy < 2 || !fg ? 1 : min(wse_mock_nr_workers(), nrun);
	atomic_set(&fab->cursor, 0);
	fab->chunk = clamp(nrun / (8 * nw), 1u, (u32)WSE_MOCK_CHUNK);
	if (nw > 1) {
		atomic_set(&s->helpers_left, nw - 1);
		reinit_completion(&s->helpers_done);
		for (k = 1; k < nw; k++)
			queue_work(wse_mock_wq, &s->helper[k - 1].work);
	}
	/* this thread is a worker too */
	n = wse_mock_turns(fab, s->dc, &fault);
	if (nw > 1) {
		wait_for_completion(&s->helpers_done);
		for (k = 1; k < nw; k++) {
			n += s->helper[k - 1].progress;
			fault |= s->helper[k - 1].fault;
		}
	}
	/* in index order, as one worker would: the first fault is the same */
	k = 0;
	if (!fault && fab->runp != fab->run)	/* every PE: 32 at a time */
		for (; k + 32 <= nrun; k += 32)
			fab->active[k / 32] |= wse_mock_sf_mask32(&fab->sf[k],
							WSE_MOCK_SF_BUSY);
	for (; k < nrun; k++) {
		u32 i = fab->runp[k];

		if (unlikely(fault && (fab->sf[i] & WSE_MOCK_SF_FAULT)))
			wse_mock_fabric_note_fault(fab, wse_mock_pe_slot(fab, i));
		if (fab->sf[i] & WSE_MOCK_SF_BUSY)
			fab->active[i / 32] |= 1u << (i % 32);
	}
	return n;
}

/* One round under run_lock; returns the progress made. */
static u64 wse_mock_round(struct wse_mock *mock)
{
	struct wse_mock_fabric *fab = &mock->fabric;
	u64 n, hops;

	n = wse_mock_pes_round(mock, wse_mock_pending(mock));
	n += wse_mock_streams_move(mock);
	hops = wse_net_step(&fab->net);
	if (hops)
		atomic64_add(hops, &mock->cnt.hops);
	n += hops;
	if (fab->barrier_active)
		wse_mock_barrier_check(mock);
	return n;
}

/*
 * run_lock held: the channels of the pending work are alive (the round
 * made progress for them, or their work waits for the host).
 */
static void wse_mock_signal_alive(struct wse_mock *mock)
{
	struct wse_mock_stream *st;

	if (mock->fabric.barrier_active)
		wse_signal_progress(mock->wdev, 0);
	list_for_each_entry(st, &mock->sched.streams, node)
		if (st->eng)
			wse_signal_progress(mock->wdev, st->ch);
}

/*
 * run_lock held, the fabric still, something pending: does the pending
 * work only wait for a transfer the host has not submitted yet?  Not
 * during a barrier (it holds the command stream); otherwise only if every
 * place the fabric stands still is a PE receiving on a color the halo
 * feeds (an H2D stream color): nothing sits in a router or queue, no PE
 * waits to send.
 */
static bool wse_mock_waits_for_host(struct wse_mock *mock)
{
	struct wse_mock_fabric *fab = &mock->fabric;
	struct wse_stall_entry *e = mock->sched.scratch;
	u32 n, i;

	if (fab->barrier_active)
		return false;
	n = wse_net_report(&fab->net, e, WSE_MAX_STALL_ENTRIES);
	if (n > WSE_MAX_STALL_ENTRIES)
		return false;
	for (i = 0; i < n; i++) {
		size_t k = (size_t)e[i].y * fab->cfg.width + e[i].x;

		if (e[i].kind != WSE_STALL_RECV || e[i].color >= WSE_NR_COLORS ||
		    !(fab->rt[k].route[e[i].color].rx & WSE_PORT_MEMCPY))
			return false;
	}
	return true;
}

static void wse_mock_stall_add(struct wse_stall_report *r, u16 x, u16 y,
			       u8 kind, u8 color, u32 count, u32 pc)
{
	struct wse_stall_entry *e;

	if (r->nr_entries < WSE_MAX_STALL_ENTRIES) {
		e = &r->entries[r->nr_entries];
		e->x = x;
		e->y = y;
		e->kind = kind;
		e->color = color;
		e->port = 0;
		e->count = min_t(u32, count, 255);
		e->pc = pc;
	}
	r->nr_entries++;
}

/* MEMCPY entries: stream PEs whose wavelets are still due. */
static void wse_mock_streams_report(struct wse_mock *mock,
				    struct wse_stall_report *r)
{
	struct wse_mock_fabric *fab = &mock->fabric;
	struct wse_mock_stream *st;
	u32 px, py;

	list_for_each_entry(st, &mock->sched.streams, node) {
		const struct wse_mock_xfer *x = &st->x;

		for (py = 0; py < x->row_count; py++)
			for (px = 0; px < x->roi_w; px++) {
				u32 j = py * x->roi_w + px;
				u32 ax = x->roi_x + px;
				u32 ay = x->roi_y + x->row_first + py;
				const struct wse_pe *pe;

				if (st->spe[j].pos >= x->len)
					continue;
				pe = &wse_mock_pe_slot(fab, (size_t)ay *
						     fab->cfg.width + ax)->pe;
				wse_mock_stall_add(r, ax, ay, WSE_STALL_MEMCPY,
						   st->color,
						   x->len - st->spe[j].pos,
						   pe->pc);
			}
	}
}

/*
 * run_lock held, @ms without progress: report the stall and fail every
 * pending barrier and attached stream with STALLED.  The fabric stays.
 */
static void wse_mock_stall(struct wse_mock *mock, u32 ms)
{
	struct wse_mock_fabric *fab = &mock->fabric;
	struct wse_mock_sched *s = &mock->sched;
	struct wse_stall_report *r;
	struct wse_mock_stream *st, *oldest = NULL;
	size_t npes = (size_t)fab->cfg.width * fab->cfg.height, i;
	u32 found;

	/* ids are never 0 and never reused within a load */
	if (!++s->stall_seq)
		++s->stall_seq;
	r = &s->stall[s->stall_seq % WSE_MOCK_STALLS_KEPT];

	list_for_each_entry(st, &s->streams, node)
		if (st->eng && (!oldest || st->seq < oldest->seq))
			oldest = st;
	memset(r, 0, offsetof(struct wse_stall_report, entries));
	r->id = s->stall_seq;
	if (fab->barrier_active && (!oldest || s->barrier_seq < oldest->seq)) {
		r->op = s->barrier_op == WSE_HW_OP_RUN ? WSE_STALL_OP_RUN :
							 WSE_STALL_OP_LAUNCH;
	} else if (oldest) {
		const struct wse_mock_xfer *x = &oldest->x;
		u64 part = 0, done = 0;

		r->op = oldest->h2d ? WSE_STALL_OP_H2D : WSE_STALL_OP_D2H;
		r->color = oldest->color;
		r->total = (u64)x->roi_w * x->roi_h * x->len;
		/* the other parts of the transfer: stalled too, or done */
		list_for_each_entry(st, &s->streams, node) {
			if (!st->eng || st->h2d != oldest->h2d ||
			    st->color != oldest->color ||
			    st->x.roi_x != x->roi_x || st->x.roi_y != x->roi_y ||
			    st->x.roi_w != x->roi_w || st->x.roi_h != x->roi_h ||
			    st->x.len != x->len || st->x.sgl != x->sgl)
				continue;
			part += st->total;
			done += st->delivered;
		}
		r->delivered = done + (r->total > part ? r->total - part : 0);
	}
	r->stall_ms = ms;

	found = wse_net_report(&fab->net, r->entries, WSE_MAX_STALL_ENTRIES);
	r->nr_entries = found;
	if (fab->barrier_active)
		for (i = 0; i < npes; i++) {
			const struct wse_mock_pe *mp = wse_mock_pe_slot(fab, i);
			u8 state = mp->pe.state;

			/* a blocked PE has its RECV/SEND entry already */
			if (state == WSE_PE_FAULTED || state == WSE_PE_HALTED ||
			    state == WSE_PE_BLOCKED ||
			    (!(fab->sf[i] & WSE_MOCK_SF_PENDING) &&
			     mp->pe.unblocked))
				continue;
			wse_mock_stall_add(r, mp->pe.px, mp->pe.py,
					   WSE_STALL_UNBLOCK, 0xff, 0,
					   mp->pe.pc);
		}
	wse_mock_streams_report(mock, r);

	atomic64_inc(&mock->cnt.stalls);
	/* the CQEs of the tasks it fails carry its id */
	s->stall_cur = r->id;
	if (fab->barrier_active)
		wse_mock_barrier_finish(mock, WSE_HW_STATUS_STALLED);
	list_for_each_entry_safe(st, oldest, &s->streams, node)
		if (st->eng)
			wse_mock_stream_finish(st, WSE_HW_STATUS_STALLED);
	s->stall_cur = 0;
}

/*
 * Background rounds (nothing pending) ran for bg_ns: past the slice, sleep
 * (WSE_MOCK_BG_DUTY - 1) times as long, or until a kick or stop.
 */
static void wse_mock_bg_throttle(struct wse_mock_sched *s)
{
	u64 pause;

	if (s->bg_ns < WSE_MOCK_BG_SLICE_US * NSEC_PER_USEC)
		return;
	pause = s->bg_ns * (WSE_MOCK_BG_DUTY - 1);
	s->bg_ns = 0;
	wait_event_timeout(s->wq, READ_ONCE(s->stop) ||
			   atomic_read(&s->kicked),
			   max(nsecs_to_jiffies(pause), 1UL));
}

/*
 * ops->poll of a blocking RUN/LAUNCH (whose SQE was WSE_HW_SQE_POLLED):
 * its submitter runs the rounds while they make progress, rather than
 * sleep while the worker does.  Under TCG that saves the worker's wakeup
 * and, the larger part of a short launch, the waiter's on an idle CPU.
 * Rounds are the same whoever runs them.  Stops at a round without
 * progress (stalls and waits for the host stay the worker's), at the
 * barrier's end, a fatal signal or stop; the worker takes over then.
 * Returns true if a round made progress.
 */
bool wse_mock_sched_poll(struct wse_mock *mock)
{
	struct wse_mock_sched *s = &mock->sched;
	bool moved = false, left = true;
	u64 n;

	atomic_inc(&s->pollers);
	/* pairs with wse_mock_sched_stop() */
	smp_mb__after_atomic();
	while (!READ_ONCE(s->stop) && !fatal_signal_pending(current)) {
		/* the worker, if it has it, lets go after one round */
		if (mutex_lock_killable(&s->run_lock))
			break;
		if (!mock->fabric.barrier_active) {
			left = wse_mock_sched_left(mock);
			mutex_unlock(&s->run_lock);
			break;
		}
		n = wse_mock_round(mock);
		left = wse_mock_sched_left(mock);
		if (n) {
			s->last_progress = jiffies;
			if (wse_mock_pending(mock))
				wse_mock_signal_alive(mock);
		}
		mutex_unlock(&s->run_lock);
		if (!n)
			break;
		moved = true;
		cond_resched();
	}
	atomic_dec(&s->pollers);
	/*
	 * The worker's turn, if anything is left for it: pending work, PEs
	 * that go on after the barrier (background rounds), or a kick it
	 * skipped while this thread ran the rounds (rescan still set; pairs
	 * with the queue_work() of the kick, after which the worker reads
	 * pollers).  The rounds kept the run list exact: no rescan, which
	 * would visit every PE of the rectangle once more.
	 */
	smp_mb__after_atomic();
	if (left || atomic_read(&s->rescan))
		wse_mock_sched_queue(mock, false);
	wake_up_all(&s->wq);
	return moved;
}

static void wse_mock_sched_work(struct work_struct *work)
{
	struct wse_mock *mock = container_of(work, struct wse_mock, sched.work);
	struct wse_mock_sched *s = &mock->sched;

	for (;;) {
		unsigned long now, deadline;
		bool pending, host = false;
		ktime_t t0;
		u32 ms;
		u64 n;

		if (READ_ONCE(s->stop))
			return;
		/* a poller runs the rounds; it kicks this work when it stops */
		if (atomic_read(&s->pollers))
			return;
		/* kicks from here on make the next wait return at once */
		atomic_set(&s->kicked, 0);
		t0 = ktime_get();
		mutex_lock(&s->run_lock);
		n = wse_mock_round(mock);
		pending = wse_mock_pending(mock);
		if (n)
			s->last_progress = jiffies;
		if (n && pending)
			wse_mock_signal_alive(mock);
		if (!n && pending) {
			host = wse_mock_waits_for_host(mock);
			if (host) {
				/* a stall needs stall_ms of stillness after */
				s->last_progress = jiffies;
				wse_mock_signal_alive(mock);
			}
		}
		deadline = s->last_progress;
		mutex_unlock(&s->run_lock);
		if (n) {
			if (pending) {
				s->bg_ns = 0;
			} else {
				s->bg_ns += ktime_to_ns(ktime_sub(ktime_get(),
								  t0));
				wse_mock_bg_throttle(s);
			}
			cond_resched();
			continue;
		}
		/* idle: a later kick queues the work again */
		if (!pending)
			return;
		if (host) {
			wait_event_timeout(s->wq, READ_ONCE(s->stop) ||
					   atomic_read(&s->kicked),
					   msecs_to_jiffies(WSE_MOCK_ALIVE_MS));
			continue;
		}
		ms = max_t(u32, READ_ONCE(wse_mock_stall_ms),
			   WSE_MOCK_MIN_STALL_MS);
		deadline += msecs_to_jiffies(ms);
		now = jiffies;
		if (time_before(now, deadline)) {
			wait_event_timeout(s->wq, READ_ONCE(s->stop) ||
					   atomic_read(&s->kicked),
					   deadline - now);
			continue;
		}
		mutex_lock(&s->run_lock);
		/* nothing moved since the idle round: no one else moves PEs */
		if (wse_mock_pending(mock) &&
		    !wse_mock_waits_for_host(mock) &&
		    time_after_eq(jiffies, s->last_progress +
				  msecs_to_jiffies(ms)))
			wse_mock_stall(mock, jiffies_to_msecs(jiffies -
							      s->last_progress));
		mutex_unlock(&s->run_lock);
	}
}

/*
 * ops->get_stall: the report of stall @id, or with @id 0 the last one since
 * load; -ENOENT if none or no longer kept.
 */
int wse_mock_sched_get_stall(struct wse_mock *mock, u32 id,
			     struct wse_stall_report *r)
{
	struct wse_mock_sched *s = &mock->sched;
	int ret = -ENOENT;

	mutex_lock(&s->run_lock);
	if (!id)
		id = s->stall_seq;
	/* kept: since load (forget zeroes the ids) and not overwritten */
	if (id && s->stall[id % WSE_MOCK_STALLS_KEPT].id == id) {
		memcpy(r, &s->stall[id % WSE_MOCK_STALLS_KEPT], sizeof(*r));
		ret = 0;
	}
	mutex_unlock(&s->run_lock);
	return ret;
}

/* configure/load, run_lock held or the scheduler stopped: no report kept. */
void wse_mock_sched_forget_stalls(struct wse_mock *mock)
{
	struct wse_mock_sched *s = &mock->sched;
	unsigned int i;

	for (i = 0; i < WSE_MOCK_STALLS_KEPT; i++)
		s->stall[i].id = 0;
}

void wse_mock_sched_init(struct wse_mock *mock)
{
	struct wse_mock_sched *s = &mock->sched;
	unsigned int i;

	mutex_init(&s->run_lock);
	INIT_WORK(&s->work, wse_mock_sched_work);
	spin_lock_init(&s->lock);
	init_waitqueue_head(&s->wq);
	INIT_LIST_HEAD(&s->streams);
	atomic_set(&s->kicked, 0);
	atomic_set(&s->pollers, 0);
	atomic_set(&s->rescan, 1);
	init_completion(&s->helpers_done);
	for (i = 0; i < ARRAY_SIZE(s->helper); i++) {
		s->helper[i].mock = mock;
		INIT_WORK(&s->helper[i].work, wse_mock_helper_work);
	}
	s->stop = true;
}
