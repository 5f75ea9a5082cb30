// SPDX-License-Identifier: GPL-2.0
/*
 * wse_mock_engine.c - one DMA engine per I/O channel, and the backend ops.
 *
 * The doorbell (atomic context) only records the SQ tail and queues the
 * channel's work, on the CPU with the fewest busy engines, so channels run
 * in parallel (wse_mock_engine_queue()).  The
 * worker consumes SQEs in order, a few per run, and posts one CQE per SQE
 * with the NVMe-style phase bit written last; one completion interrupt
 * covers the CQEs of a run (wse_mock_engine_irq()).
 *
 * RUN/LAUNCH (channel 0) and streams are handed to the fabric scheduler
 * (wse_mock_sched.c): the engine then stops consuming SQEs until the
 * scheduler completes them (eng->done[], under sched.run_lock, then a kick
 * of this worker, which posts their CQEs), except that while a stream is
 * active the next SQE may start if it is a stream of the other direction
 * and that direction is idle (full duplex).  CQEs may so leave SQ order.
 *
 * ops->poll runs the same loop inline, in the thread of the core that
 * waits for a small op (or submits a burst of them), when nothing else runs
 * the engine and it is not slowed down by latency_us
 * (eng->run, trylock): one engine, one consumer at a time, so the channel
 * keeps its order and the worker's kick of the doorbell finds nothing left.
 *
 * Stopping: engine->enabled (under engine->lock) gates doorbells; "stopping"
 * aborts latency waits and copies; cancel_work_sync() and taking eng->run
 * then guarantee that nothing touches host memory any more.
 */
#include <linux/delay.h>
#include <linux/dma-direct.h>
#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/sched.h>

#include "wse_mock.h"

/* SQEs handled per work run before yielding the worker. */
#define WSE_MOCK_BUDGET		8
/* A copy larger than this gets the interrupt of the CQEs before it first. */
#define WSE_MOCK_COALESCE_BYTES	4096
/* How long the engine waits after the doorbell of a small copy. */
#define WSE_MOCK_START_NS	(200 * NSEC_PER_USEC)

static struct wse_mock *wse_mock_from(struct wse_device *wdev)
{
	return wse_device_priv(wdev);
}

/* Pop one "fault" from a u32 debugfs knob; the value is unsigned. */
static bool wse_mock_take(atomic_t *v)
{
	int old = atomic_read(v);

	do {
		if (!old)
			return false;
	} while (!atomic_try_cmpxchg(v, &old, old - 1));
	return true;
}

/* latency_us before a descriptor; false if the channel is being stopped. */
static bool wse_mock_delay(struct wse_mock_engine *eng, u32 us)
{
	if (us > WSE_MOCK_MAX_LATENCY_US)
		us = WSE_MOCK_MAX_LATENCY_US;
	if (!us)
		return true;
	if (us < 10000)
		usleep_range(us, us + us / 8 + 1);
	else
		wait_event_timeout(eng->waitq, READ_ONCE(eng->stopping),
				   usecs_to_jiffies(us));
	return !READ_ONCE(eng->stopping);
}

static void wse_mock_post_cqe(struct wse_mock_engine *eng, __le32 tag,
			      u16 status, u32 bytes, u32 stall)
{
	struct wse_hw_cqe *cqe = &eng->cq[eng->cq_tail & eng->mask];

	cqe->tag = tag;
	cqe->sq_head = cpu_to_le16(eng->head);
	cqe->bytes = cpu_to_le32(bytes);
	cqe->stall = cpu_to_le32(stall);
	/* the entry must be visible before its phase bit says it is new */
	dma_wmb();
	WRITE_ONCE(cqe->status,
		   cpu_to_le16(eng->phase | status << WSE_HW_CQE_CODE_SHIFT));
	eng->cq_tail = (eng->cq_tail + 1) & eng->mask;
	if (!eng->cq_tail)
		eng->phase ^= WSE_HW_CQE_PHASE;
	if (status != WSE_HW_STATUS_OK)
		atomic64_inc(&eng->mock->cnt.errors);
	eng->irq = true;
}

/*
 * The completion interrupt of the CQEs posted since the last one.  Raised
 * once per engine run, as a device coalesces its interrupts, but never
 * held across a wait or a copy that may be long.
 */
static void wse_mock_engine_irq(struct wse_mock_engine *eng)
{
	if (!eng->irq)
		return;
	eng->irq = false;
	wse_signal_completion(eng->wdev, eng->ch);
}

/*
 * Any context: queue @eng's work.  Engines are independent hardware, so
 * the work goes to the online CPU with the fewest busy engines of this
 * device, rather than where the scheduler would wake an unbound worker:
 * there the bands of one copy all woke on the one idle CPU (traced: three
 * of four on one vCPU while the other idled).  The caller's CPU counts one
 * more, and loses a tie: the caller usually goes on working (maps the next
 * band, polls the last), and a worker woken there would preempt it.  Racy
 * reads: a placement hint, nothing depends on it.  Work already queued or
 * running stays where it is (non-reentrant anyway).
 */
static void wse_mock_engine_queue(struct wse_mock_engine *eng)
{
	struct wse_mock *mock = eng->mock;
	unsigned int self = raw_smp_processor_id();
	unsigned int best = self, best_key = UINT_MAX, cpu, k, n, key;
	int busy[WSE_MAX_CHANNELS];
	unsigned int nbusy = 0;

	if (work_busy(&eng->work)) {
		queue_work_on(READ_ONCE(eng->cpu), wse_mock_dma_wq, &eng->work);
		return;
	}
	for (k = 0; k < WSE_MAX_CHANNELS; k++)
		if (&mock->eng[k] != eng && work_busy(&mock->eng[k].work))
			busy[nbusy++] = READ_ONCE(mock->eng[k].cpu);
	for_each_online_cpu(cpu) {
		for (n = 0, k = 0; k < nbusy; k++)
			n += busy[k] == cpu;
		n += cpu == self;
		key = 2 * n + (cpu == self);
		if (key < best_key) {
			best = cpu;
			best_key = key;
		}
	}
	WRITE_ONCE(eng->cpu, best);
	queue_work_on(best, wse_mock_dma_wq, &eng->work);
}

/* Kick the worker, unless the channel is stopped.  Any context. */
void wse_mock_engine_kick(struct wse_mock_engine *eng)
{
	unsigned long flags;

	spin_lock_irqsave(&eng->lock, flags);
	if (eng->enabled)
		wse_mock_engine_queue(eng);
	spin_unlock_irqrestore(&eng->lock, flags);
}

static bool wse_mock_is_stream(u8 opcode)
{
	return opcode == WSE_HW_OP_H2D_STREAM ||
	       opcode == WSE_HW_OP_D2H_STREAM;
}

/* Post the CQEs the scheduler completed for this channel. */
static void wse_mock_engine_reap(struct wse_mock_engine *eng)
{
	struct wse_mock_sched *s = &eng->mock->sched;
	struct wse_mock_done done[ARRAY_SIZE(eng->done)];
	u32 n, i;

	/* only the scheduler adds entries, and it kicks this worker then */
	if (!READ_ONCE(eng->ndone))
		return;
	mutex_lock(&s->run_lock);
	n = eng->ndone;
	memcpy(done, eng->done, n * sizeof(done[0]));
	eng->ndone = 0;
	mutex_unlock(&s->run_lock);
	for (i = 0; i < n; i++) {
		if (READ_ONCE(eng->stopping))
			return;
		wse_mock_post_cqe(eng, done[i].tag, done[i].status,
				  done[i].bytes, done[i].stall);
	}
}

/* May the SQE with @opcode start now?  Not while the scheduler has work. */
static bool wse_mock_engine_may_take(struct wse_mock_engine *eng, u8 opcode)
{
	struct wse_mock_sched *s = &eng->mock->sched;
	bool ok;

	/* only this worker sets them: all clear stays clear */
	if (!READ_ONCE(eng->barrier) && !READ_ONCE(eng->active[0]) &&
	    !READ_ONCE(eng->active[1]))
		return true;
	mutex_lock(&s->run_lock);
	if (eng->barrier) {
		ok = false;
	} else if (!eng->active[0] && !eng->active[1]) {
		ok = true;
	} else {
		/* full duplex: the other direction's stream only */
		ok = wse_mock_is_stream(opcode) &&
		     !eng->active[opcode == WSE_HW_OP_H2D_STREAM ? 0 : 1];
	}
	mutex_unlock(&s->run_lock);
	return ok;
}

/* A hang_next / fail_next knob fired for this SQE: true if it hangs. */
static bool wse_mock_engine_hang(struct wse_mock_engine *eng)
{
	if (!wse_mock_take(&eng->mock->hang_next))
		return false;
	eng->hung = true;
	atomic64_inc(&eng->mock->cnt.hangs);
	return true;
}

/* RUN/LAUNCH: hand it to the scheduler, or complete it at once. */
static void wse_mock_engine_barrier(struct wse_mock_engine *eng,
				    const struct wse_hw_sqe *sqe)
{
	struct wse_mock *mock = eng->mock;
	u16 status;

	if (wse_mock_engine_hang(eng))
		return;
	if (wse_mock_take(&mock->fail_next)) {
		status = WSE_HW_STATUS_DEVICE_ERROR;
	} else {
		mutex_lock(&mock->sched.run_lock);
		status = wse_mock_barrier_start(eng, sqe);
		mutex_unlock(&mock->sched.run_lock);
		if (status == WSE_HW_STATUS_OK) {
			wse_mock_sched_kick(mock);
			return;
		}
	}
	if (!READ_ONCE(eng->stopping))
		wse_mock_post_cqe(eng, sqe->tag, status, 0, 0);
}

/* A prepared copy; a long one first raises the interrupt of earlier CQEs. */
static u16 wse_mock_engine_copy(struct wse_mock_engine *eng,
				const struct wse_hw_sqe *sqe,
				const struct wse_mock_xfer *x, u32 *bytes)
{
	if (le64_to_cpu(sqe->host_bytes) > WSE_MOCK_COALESCE_BYTES)
		wse_mock_engine_irq(eng);
	return wse_mock_xfer_run(x, &eng->stopping, bytes);
}

/*
 * Consume the SQE at head and complete it, hang on it, or hand it to the
 * scheduler.  False (nothing consumed) if it has to wait for the scheduler.
 */
static bool wse_mock_engine_one(struct wse_mock_engine *eng)
{
	struct wse_mock *mock = eng->mock;
	struct wse_hw_sqe sqe;
	struct wse_mock_xfer x;
	u32 bytes = 0;
	u16 status;
	bool polled;

	/* snapshot first: the ring is host memory, validate the copy only */
	memcpy(&sqe, &eng->sq[eng->head & eng->mask], sizeof(sqe));
	/* who starts the engine and runs a barrier, not the op's concern */
	polled = sqe.flags & WSE_HW_SQE_POLLED;
	sqe.flags &= ~WSE_HW_SQE_POLLED;
	if (!wse_mock_engine_may_take(eng, sqe.opcode))
		return false;
	WRITE_ONCE(eng->head, (eng->head + 1) & eng->mask);
	atomic64_inc(&mock->cnt.descriptors);

	if (atomic_read(&mock->latency_us))
		wse_mock_engine_irq(eng);
	if (!wse_mock_delay(eng, atomic_read(&mock->latency_us)))
		return true;
	if (sqe.opcode == WSE_HW_OP_RUN || sqe.opcode == WSE_HW_OP_LAUNCH) {
		wse_mock_engine_barrier(eng, &sqe);
		eng->barrier_polled = polled;
		return true;
	}
	if (sqe.opcode == WSE_HW_OP_H2D_LIST)
		status = wse_mock_list_prepare(mock, &sqe, &x);
	else
		status = wse_mock_xfer_prepare(mock, &sqe, &x);
	if (status == WSE_HW_STATUS_OK) {
		if (wse_mock_engine_hang(eng))
			return true;
		if (wse_mock_take(&mock->fail_next))
			status = WSE_HW_STATUS_DEVICE_ERROR;
		else if (x.list)
			status = wse_mock_list_run(&x, &eng->stopping, &bytes);
		else if (x.stream)
			status = wse_mock_stream_start(eng, &sqe, &x);
		else
			status = wse_mock_engine_copy(eng, &sqe, &x, &bytes);
		if (status == WSE_MOCK_STREAM_QUEUED)
			return true;
	}
	/* aborted by stop/reset: no CQE for this SQE */
	if (READ_ONCE(eng->stopping))
		return true;
	if (status == WSE_HW_STATUS_OK && !x.nop && !x.stream)
		atomic64_add(bytes, x.h2d ? &mock->cnt.h2d_bytes :
					    &mock->cnt.d2h_bytes);
	wse_mock_post_cqe(eng, sqe.tag, status, bytes, 0);
	return true;
}

/*
 * eng->run held: consume up to WSE_MOCK_BUDGET SQEs.  Returns the SQEs
 * consumed; *@more: SQEs are left that nothing waits for (budget spent).
 */
static u32 wse_mock_engine_run(struct wse_mock_engine *eng, bool *more)
{
	u32 budget = WSE_MOCK_BUDGET, done = 0;

	*more = false;
	while (!READ_ONCE(eng->stopping) && !eng->hung) {
		wse_mock_engine_reap(eng);
		if (eng->head == READ_ONCE(eng->sq_tail))
			break;
		if (!budget--) {
			/* bounded run: let other channels' work in */
			*more = true;
			break;
		}
		/* SQE contents only after the tail that published them */
		dma_rmb();
		/* waits for the scheduler, which kicks this worker */
		if (!wse_mock_engine_one(eng))
			break;
		done++;
	}
	wse_mock_engine_irq(eng);
	return done;
}

static void wse_mock_engine_work(struct work_struct *work)
{
	struct wse_mock_engine *eng =
		container_of(work, struct wse_mock_engine, work);
	bool more;

	mutex_lock(&eng->run);
	wse_mock_engine_run(eng, &more);
	mutex_unlock(&eng->run);
	if (more)
		wse_mock_engine_queue(eng);
}

/*
 * ops->poll: run the engine in the caller's thread unless the worker (or
 * another poller) is at it; a reset or stop in progress wins.
 */
static bool wse_mock_poll(struct wse_device *wdev, unsigned int ch)
{
	struct wse_mock_engine *eng;
	bool more, barrier;
	u32 done;

	if (ch >= WSE_MAX_CHANNELS)
		return false;
	eng = &wse_mock_from(wdev)->eng[ch];
	/* a slow engine (latency_us): its worker waits, not the caller */
	if (atomic_read(&eng->mock->latency_us) || !mutex_trylock(&eng->run)) {
		/* its SQE may be newer than what the holder looks at */
		wse_mock_engine_kick(eng);
		return false;
	}
	/* halt() clears enabled before it waits for eng->run */
	if (!READ_ONCE(eng->enabled)) {
		mutex_unlock(&eng->run);
		return false;
	}
	done = wse_mock_engine_run(eng, &more);
	/* a blocking RUN/LAUNCH: its submitter, here, runs it (one poller) */
	barrier = eng->barrier_polled && READ_ONCE(eng->barrier);
	eng->barrier_polled = false;
	mutex_unlock(&eng->run);
	if (barrier && wse_mock_sched_poll(eng->mock)) {
		/* its CQE, if it ended: posted here, not by the worker */
		if (mutex_trylock(&eng->run)) {
			if (READ_ONCE(eng->enabled))
				done += wse_mock_engine_run(eng, &more);
			mutex_unlock(&eng->run);
		}
		done++;
	}
	if (more)
		wse_mock_engine_kick(eng);
	if (done)
		atomic64_add(done, &eng->mock->cnt.polled);
	return done;
}

/*
 * The channel's work in the scheduler goes away without CQE (stop, reset);
 * the engine is halted.  Channel 0 halts the PEs of a running barrier.
 */
static void wse_mock_engine_drop(struct wse_mock_engine *eng)
{
	struct wse_mock *mock = eng->mock;

	mutex_lock(&mock->sched.run_lock);
	wse_mock_streams_drop(mock, eng->ch);
	if (!eng->ch)
		wse_mock_barrier_abort(mock);
	eng->barrier = false;
	eng->active[0] = NULL;
	eng->active[1] = NULL;
	eng->ndone = 0;
	mutex_unlock(&mock->sched.run_lock);
}

/* Stop DMA on one engine; on return the engine touches no host memory. */
static void wse_mock_engine_halt(struct wse_mock_engine *eng)
{
	unsigned long flags;

	spin_lock_irqsave(&eng->lock, flags);
	eng->enabled = false;
	WRITE_ONCE(eng->stopping, true);
	spin_unlock_irqrestore(&eng->lock, flags);
	wake_up_all(&eng->waitq);
	hrtimer_cancel(&eng->start);
	cancel_work_sync(&eng->work);
	/* and a poller running the engine inline */
	mutex_lock(&eng->run);
	eng->hung = false;
	mutex_unlock(&eng->run);
}

static void wse_mock_engine_rewind(struct wse_mock_engine *eng)
{
	eng->head = 0;
	eng->sq_tail = 0;
	eng->cq_tail = 0;
	eng->phase = WSE_HW_CQE_PHASE;
	eng->irq = false;
}

static void wse_mock_engine_enable(struct wse_mock_engine *eng)
{
	unsigned long flags;

	spin_lock_irqsave(&eng->lock, flags);
	WRITE_ONCE(eng->stopping, false);
	eng->enabled = true;
	spin_unlock_irqrestore(&eng->lock, flags);
}

/*
 * Stop every engine and the scheduler (lose, remove, unconfigure), drop
 * every stream; mock->lock held.  The PEs stay as they are.
 */
void wse_mock_engines_halt(struct wse_mock *mock)
{
	unsigned int ch;

	lockdep_assert_held(&mock->lock);

	for (ch = 0; ch < WSE_MAX_CHANNELS; ch++)
		wse_mock_engine_halt(&mock->eng[ch]);
	wse_mock_sched_stop(mock);
	mutex_lock(&mock->sched.run_lock);
	wse_mock_streams_drop(mock, -1);
	mock->fabric.barrier_active = false;
	for (ch = 0; ch < WSE_MAX_CHANNELS; ch++) {
		struct wse_mock_engine *eng = &mock->eng[ch];

		eng->barrier = false;
		eng->active[0] = NULL;
		eng->active[1] = NULL;
		eng->ndone = 0;
		eng->sq = NULL;
		eng->cq = NULL;
	}
	mutex_unlock(&mock->sched.run_lock);
}

/* @sqe (host memory: read once) is a copy of at most 4 KiB. */
static bool wse_mock_small_copy(const struct wse_hw_sqe *sqe)
{
	u8 op = READ_ONCE(sqe->opcode);

	return (op == WSE_HW_OP_H2D_COPY || op == WSE_HW_OP_D2H_COPY) &&
	       le64_to_cpu(READ_ONCE(sqe->host_bytes)) <=
	       WSE_MOCK_COALESCE_BYTES;
}

/* eng->start: kick the worker if nothing consumed the SQEs meanwhile. */
static enum hrtimer_restart wse_mock_engine_start(struct hrtimer *t)
{
	struct wse_mock_engine *eng = container_of(t, struct wse_mock_engine,
						   start);
	unsigned long flags;

	spin_lock_irqsave(&eng->lock, flags);
	if (eng->enabled && READ_ONCE(eng->head) != eng->sq_tail)
		wse_mock_engine_queue(eng);
	spin_unlock_irqrestore(&eng->lock, flags);
	return HRTIMER_NORESTART;
}

void wse_mock_engines_init(struct wse_mock *mock)
{
	unsigned int ch;

	for (ch = 0; ch < WSE_MAX_CHANNELS; ch++) {
		struct wse_mock_engine *eng = &mock->eng[ch];

		eng->mock = mock;
		eng->ch = ch;
		eng->cpu = raw_smp_processor_id();
		INIT_WORK(&eng->work, wse_mock_engine_work);
		hrtimer_init(&eng->start, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
		eng->start.function = wse_mock_engine_start;
		mutex_init(&eng->run);
		spin_lock_init(&eng->lock);
		init_waitqueue_head(&eng->waitq);
		wse_mock_engine_rewind(eng);
	}
}

static int wse_mock_configure(struct wse_device *wdev,
			      const struct wse_fabric_config *cfg)
{
	struct wse_mock *mock = wse_mock_from(wdev);
	int ret = -ENODEV;

	mutex_lock(&mock->lock);
	if (!mock->dead)
		ret = wse_mock_fabric_configure(mock, cfg);
	if (!ret)
		wse_mock_sched_enable(mock);
	mutex_unlock(&mock->lock);
	return ret;
}

static void wse_mock_unconfigure(struct wse_device *wdev)
{
	struct wse_mock *mock = wse_mock_from(wdev);

	mutex_lock(&mock->lock);
	/* defensive: the PE memory must not vanish under a running engine */
	wse_mock_engines_halt(mock);
	wse_mock_fabric_unconfigure(mock);
	mutex_unlock(&mock->lock);
}

static int wse_mock_channel_start(struct wse_device *wdev, unsigned int ch,
				  const struct wse_ring_desc *ring)
{
	struct wse_mock *mock = wse_mock_from(wdev);
	struct wse_mock_engine *eng;
	int ret = 0;

	if (ch >= WSE_MAX_CHANNELS || ring->depth != WSE_RING_DEPTH)
		return -EINVAL;
	eng = &mock->eng[ch];
	mutex_lock(&mock->lock);
	if (mock->dead) {
		ret = -ENODEV;
		goto out;
	}
	if (!mock->fabric.configured || ch >= mock->fabric.cfg.channels) {
		ret = -EINVAL;
		goto out;
	}
	if (eng->sq) {
		ret = -EBUSY;
		goto out;
	}
	eng->sq = wse_mock_dma_to_virt(mock, ring->sq_dma,
				       ring->depth * sizeof(*eng->sq),
				       DMA_TO_DEVICE);
	eng->cq = wse_mock_dma_to_virt(mock, ring->cq_dma,
				       ring->depth * sizeof(*eng->cq),
				       DMA_FROM_DEVICE);
	if (!eng->sq || !eng->cq) {
		eng->sq = NULL;
		eng->cq = NULL;
		ret = -EFAULT;
		goto out;
	}
	eng->wdev = wdev;
	eng->mask = ring->depth - 1;
	eng->hung = false;
	wse_mock_engine_rewind(eng);
	wse_mock_engine_enable(eng);
out:
	mutex_unlock(&mock->lock);
	return ret;
}

static void wse_mock_channel_stop(struct wse_device *wdev, unsigned int ch)
{
	struct wse_mock *mock = wse_mock_from(wdev);

	if (ch >= WSE_MAX_CHANNELS)
		return;
	mutex_lock(&mock->lock);
	wse_mock_engine_halt(&mock->eng[ch]);
	wse_mock_engine_drop(&mock->eng[ch]);
	mock->eng[ch].sq = NULL;
	mock->eng[ch].cq = NULL;
	mutex_unlock(&mock->lock);
}

static void wse_mock_channel_reset(struct wse_device *wdev, unsigned int ch)
{
	struct wse_mock *mock = wse_mock_from(wdev);
	struct wse_mock_engine *eng;

	if (ch >= WSE_MAX_CHANNELS)
		return;
	eng = &mock->eng[ch];
	mutex_lock(&mock->lock);
	if (eng->sq) {
		wse_mock_engine_halt(eng);
		wse_mock_engine_drop(eng);
		atomic64_inc(&mock->cnt.resets);
		wse_mock_engine_rewind(eng);
		if (!mock->dead)
			wse_mock_engine_enable(eng);
	}
	mutex_unlock(&mock->lock);
}

/* eng->lock held: start the worker for the newest SQE @sqe, or soon. */
static void wse_mock_engine_ring(struct wse_mock_engine *eng,
				 const struct wse_hw_sqe *sqe)
{
	if (!wse_mock_small_copy(sqe))
		wse_mock_engine_queue(eng);
	else if (!hrtimer_is_queued(&eng->start))	/* never pushed back */
		hrtimer_start(&eng->start, ns_to_ktime(WSE_MOCK_START_NS),
			      HRTIMER_MODE_REL);
}

/*
 * Atomic context: record the tail and kick the worker, never sleep.  When
 * the newest SQE is WSE_HW_SQE_POLLED its submitter is about to run the
 * engine itself (ops->poll, which kicks the worker if it cannot), so the
 * worker is left alone: waking it would only race that thread.  When it is
 * a small copy the worker starts a little later (eng->start), as a device
 * coalesces doorbells: a small copy is often the first of a burst, whose
 * next ops the host polls for, and then the worker finds nothing to do.
 */
static void wse_mock_doorbell(struct wse_device *wdev, unsigned int ch,
			      u32 sq_tail)
{
	struct wse_mock *mock = wse_mock_from(wdev);
	struct wse_mock_engine *eng;
	unsigned long flags;

	if (ch >= WSE_MAX_CHANNELS)
		return;
	eng = &mock->eng[ch];
	spin_lock_irqsave(&eng->lock, flags);
	if (eng->enabled) {
		u32 tail = sq_tail & eng->mask;

		const struct wse_hw_sqe *sqe = &eng->sq[(tail - 1) & eng->mask];
		u8 last = READ_ONCE(sqe->flags);

		/* the caller's SQE stores before the tail the worker reads */
		smp_wmb();
		WRITE_ONCE(eng->sq_tail, tail);
		if (!(last & WSE_HW_SQE_POLLED))	/* else its submitter polls */
			wse_mock_engine_ring(eng, sqe);
	}
	spin_unlock_irqrestore(&eng->lock, flags);
}

static int wse_mock_load(struct wse_device *wdev,
			 const struct wse_program *prog)
{
	struct wse_mock *mock = wse_mock_from(wdev);
	int ret = -ENODEV;

	mutex_lock(&mock->lock);
	if (!mock->dead)
		ret = wse_mock_fabric_load(mock, prog);
	mutex_unlock(&mock->lock);
	return ret;
}

static int wse_mock_get_fault(struct wse_device *wdev, struct wse_fault *f)
{
	struct wse_mock *mock = wse_mock_from(wdev);
	int ret;

	mutex_lock(&mock->lock);
	ret = wse_mock_fabric_get_fault(mock, f);
	mutex_unlock(&mock->lock);
	return ret;
}

static int wse_mock_get_stall(struct wse_device *wdev, u32 id,
			      struct wse_stall_report *r)
{
	return wse_mock_sched_get_stall(wse_mock_from(wdev), id, r);
}

const struct wse_backend_ops wse_mock_ops = {
	.configure	= wse_mock_configure,
	.unconfigure	= wse_mock_unconfigure,
	.channel_start	= wse_mock_channel_start,
	.channel_stop	= wse_mock_channel_stop,
	.doorbell	= wse_mock_doorbell,
	.channel_reset	= wse_mock_channel_reset,
	.load		= wse_mock_load,
	.get_fault	= wse_mock_get_fault,
	.get_stall	= wse_mock_get_stall,
	.pe_summary	= wse_mock_pe_summary,
	.poll		= wse_mock_poll,
};
