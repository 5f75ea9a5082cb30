/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wse_mock.h - internals of the emulated wafer-scale engine (wse_mock.ko).
 *
 * The mock is "the hardware" behind struct wse_backend_ops: it consumes the
 * SQ rings of kernel/wse_hw.h, moves data between host memory (through the
 * SGL) and the PE memories of the configured rectangle, and posts CQEs.
 */
#ifndef _WSE_MOCK_H
#define _WSE_MOCK_H

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/hrtimer.h>
#include <linux/mutex.h>
#include <linux/platform_device.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/wse.h>

#include "wse_backend.h"
#include "wse_hw.h"
#include "fabric/wse_net.h"
#include "fabric/wse_pe.h"

#define WSE_MOCK_NAME		"wse_mock"
#define WSE_MOCK_MAX_DEVICES	8
#define WSE_MOCK_MAX_LATENCY_US	1000000
/* Largest SGL the "hardware" accepts for one SQE. */
#define WSE_MOCK_MAX_SGL	(1u << 20)
/* Wavelets one buffer column holds per row (46 KiB). */
#define WSE_MOCK_BUF_COL	11776u
/* stall_ms: bounds (writes outside fail with EINVAL) and default */
#define WSE_MOCK_MIN_STALL_MS	10
#define WSE_MOCK_MAX_STALL_MS	600000
#define WSE_MOCK_STALL_MS	1000
/* stall reports kept for ops->get_stall by id */
#define WSE_MOCK_STALLS_KEPT	4
/*
 * Fabric work no host task waits for (a PE spinning after its launch
 * returned, wavelets circling a ring) runs at most 1 / WSE_MOCK_BG_DUTY of
 * a CPU: after WSE_MOCK_BG_SLICE_US of such rounds the scheduler sleeps
 * (WSE_MOCK_BG_DUTY - 1) times as long, or until a kick.
 */
#define WSE_MOCK_BG_SLICE_US	2000
#define WSE_MOCK_BG_DUTY	20
/* while its work waits for the host, a channel says it is alive this often */
#define WSE_MOCK_ALIVE_MS	50
/* fabric workers of a device (the workers parameter: 1..this, 0 = per CPU) */
#define WSE_MOCK_MAX_WORKERS	8

extern unsigned int wse_mock_stall_ms;

struct wse_mock;

/* A fabric worker of a round: it takes run list chunks until none is left. */
struct wse_mock_helper {
	struct work_struct work;
	struct wse_mock *mock;
	u64 progress;
	bool fault;		/* a PE of its turns has a fault */
	struct wse_pe_dc dc[WSE_PE_DC_ENTRIES];	/* its decode cache */
};

/*
 * One processing element: the fabric core's PE and its memory; aligned to
 * a cache line, so the PE's hot first lines (wse_pe.h) are whole lines.
 * It heads the PE's slot (wse_mock_fabric.slots), and its memory follows
 * it in the same page.
 */
struct wse_mock_pe {
	struct wse_pe pe;
	u8 *mem;		/* pe_memory_bytes, in its slot after it */
	bool fault_seen;	/* its fault was offered to the fault record */
} ____cacheline_aligned;

/*
 * A PE's scheduling facts, one byte per PE (wse_mock_fabric.sf), so that
 * the scheduler's passes over many PEs read a few KiB instead of every
 * PE's struct and memory page (under TCG each page touched costs a
 * software TLB refill).  PENDING and OWES are state; the others are what
 * wse_mock_pe_facts() last saw, refreshed wherever a PE can change (its
 * turn, a stream's poll, load, RUN, an abort).
 */
#define WSE_MOCK_SF_PENDING	0x01	/* a launch waits for its next WAIT */
#define WSE_MOCK_SF_OWES	0x02	/* counted in sched.barrier_owing */
#define WSE_MOCK_SF_OWING	0x04	/* owes the barrier a launch or unblock */
#define WSE_MOCK_SF_STOPPED	0x08	/* FAULTED or HALTED */
#define WSE_MOCK_SF_BUSY	0x10	/* may do something in a round */
#define WSE_MOCK_SF_FAULT	0x20	/* has a fault cause */

/* Fact bit @b in each byte of a u64: passes over every PE go 8 at a time. */
#define WSE_MOCK_SF_X8(b)	(0x0101010101010101ull * (u8)(b))

/* A D2H sink FIFO of the East buffer columns, per (PE, D2H color). */
struct wse_mock_sink {
	u32 *v;
	u32 head;
	u32 count;
	u32 cap;
};

/* The loaded program: copies of what ops->load was given. */
struct wse_mock_prog {
	u32 nr_images;
	u32 nr_functions;
	u32 nr_symbols;
	u32 *entry;			/* [nr_images] */
	u32 *functions;			/* [nr_images * nr_functions] */
	struct wse_pe_symbol *symbols;	/* [nr_images * nr_symbols] */
	u16 *pe_map;			/* [width * height] */
	/* function f is in every PE's image: LAUNCH checks one bit */
	DECLARE_BITMAP(fn_all, WSE_MAX_FUNCTIONS);
};

/*
 * PE state, the network, the streams and the sinks are changed under
 * mock->sched.run_lock only (the scheduler's rounds, barrier and stream
 * registration by the engines, load, reset/stop of a channel).  Copy-mode
 * copies write PE memory without it (benign races, memory-safe).  The
 * arrays themselves are allocated and freed under mock->lock with the
 * scheduler and every engine stopped.
 */
struct wse_mock_fabric {
	bool configured;
	struct wse_fabric_config cfg;
	u32 pe_bytes;
	/*
	 * Row-major, width * height slots of slot_bytes, one vmalloc: the
	 * struct wse_mock_pe, then its memory (wse_mock_fabric.c).
	 */
	u8 *slots;
	size_t slot_bytes;
	bool loaded;
	bool started;		/* RUN has started the PEs */
	bool barrier_active;	/* a RUN/LAUNCH is executing on channel 0 */
	struct wse_mock_prog prog;
	/* the network (kernel/fabric/wse_net.h) */
	struct wse_router *rt;		/* [width * height] */
	u8 *rbusy;			/* [width * height] net.busy */
	struct wse_pe **pep;		/* [width * height] -> PE i's pe */
	struct wse_net net;
	u32 d2h_colors;			/* colors routed to MEMCPY somewhere */
	u32 nd2h;			/* their number */
	u8 d2h_idx[WSE_NR_COLORS];	/* color -> sink index */
	struct wse_mock_sink *sinks;	/* [npes * nd2h], east_buf only */
	u32 *west_used;			/* [height]: H2D wavelets buffered */
	u32 *east_used;			/* [height]: D2H wavelets sunk */
	u32 args[WSE_MAX_LAUNCH_ARGS];	/* of the current launch */
	u32 argc;
	u32 func;			/* its function id */
	u8 *sf;				/* [npes] scheduling facts */
	/*
	 * The run list (wse_mock_sched.c): PEs that may have work next round,
	 * a bitmap (also the net's woken: routers that forwarded), and this
	 * round's PEs in index order: runp is run, or after a rescan (every
	 * PE) the identity list after it, which no round has to build.
	 */
	u32 *active;			/* [DIV_ROUND_UP(npes, 32)] */
	u32 *run;			/* [2 * npes]: lists, then 0..npes-1 */
	const u32 *runp;		/* this round's list */
	u32 nrun;
	atomic_t cursor;		/* next run list chunk of a round */
	u32 chunk;			/* PEs a worker takes at a time */
	spinlock_t fault_lock;	/* the first fault since load */
	bool has_fault;
	struct wse_fault fault;
};

/* PE @i of the rectangle (row-major) */
static inline struct wse_mock_pe *
wse_mock_pe_slot(const struct wse_mock_fabric *fab, size_t i)
{
	return (struct wse_mock_pe *)(fab->slots + i * fab->slot_bytes);
}

/* A CQE the scheduler completed, for the engine to post. */
struct wse_mock_done {
	__le32 tag;
	u16 status;
	u32 bytes;
	u32 stall;		/* STALLED: the stall report's id */
};

/* One I/O channel's DMA engine. */
struct wse_mock_engine {
	struct wse_mock *mock;
	struct wse_device *wdev;
	unsigned int ch;
	struct work_struct work;	/* on wse_mock_dma_wq */
	int cpu;		/* READ_ONCE: where the work was last queued */
	struct hrtimer start;	/* a small copy's doorbell: start the worker */
	/*
	 * Held by whoever consumes SQEs and posts CQEs: the worker, or a
	 * thread polling for small ops (ops->poll, trylock).
	 */
	struct mutex run;
	spinlock_t lock;	/* enabled vs. doorbell (atomic context) */
	bool enabled;		/* doorbells are accepted and work may run */
	bool stopping;		/* READ_ONCE: abort latency waits and copies */
	bool hung;		/* hang_next fired; only stop/reset clears it */
	wait_queue_head_t waitq;	/* latency wait, woken by stop */
	struct wse_hw_sqe *sq;	/* NULL while the channel is detached */
	struct wse_hw_cqe *cq;
	u32 mask;		/* depth - 1 */
	u32 head;		/* next SQE to consume; worker only */
	u32 sq_tail;		/* last doorbell, masked */
	u32 cq_tail;
	u16 phase;
	bool irq;		/* CQEs posted, interrupt not raised yet */
	/* under mock->sched.run_lock: work handed to the scheduler */
	bool barrier;		/* its RUN/LAUNCH is in the scheduler */
	bool barrier_polled;	/* eng->run: whose submitter polls (SQE flag) */
	struct wse_mock_stream *active[2];	/* [0] H2D, [1] D2H stream */
	u32 ndone;
	struct wse_mock_done done[WSE_RING_DEPTH];
};

struct wse_mock_counters {
	atomic64_t descriptors;
	atomic64_t h2d_bytes;
	atomic64_t d2h_bytes;
	atomic64_t errors;
	atomic64_t hangs;
	atomic64_t resets;
	atomic64_t wavelets_in;
	atomic64_t wavelets_out;
	atomic64_t hops;
	atomic64_t stalls;
	atomic64_t dma_faults;	/* device accesses outside a live mapping */
	atomic64_t polled;	/* descriptors run inline by ops->poll */
};

/* wse_mock_dma.c: every live DMA mapping of the device (its IOMMU). */
struct wse_mock_dma {
	spinlock_t lock;
	struct rb_root_cached tree;
	u64 live;		/* mappings */
	u64 bad_unmaps;		/* unmaps/frees of nothing mapped */
	bool strict;		/* CONFIG_DMA_OPS: the ops are ours */
	/* the last transfer's first data segment, for dma_misuse=3 */
	dma_addr_t last_addr;
	u32 last_len;
	/* debugfs dma_map_fail: N > 0, the Nth scatterlist mapping fails */
	atomic_t map_fail;
};

/* debugfs dma_misuse: what the next transfer's first data access does. */
enum {
	WSE_MOCK_MISUSE_NONE,
	WSE_MOCK_MISUSE_DIR,		/* the other direction */
	WSE_MOCK_MISUSE_PAST_END,	/* 4 bytes just past the segment */
	WSE_MOCK_MISUSE_STALE,		/* the last transfer's, now unmapped */
	WSE_MOCK_MISUSE_MAX = WSE_MOCK_MISUSE_STALE,
};

/*
 * The fabric scheduler: one work item per device running rounds over the
 * PEs, the network and the streams (wse_mock_sched.c).
 */
struct wse_mock_sched {
	struct mutex run_lock;	/* PEs, net, streams, barrier, engines' done */
	struct work_struct work;
	spinlock_t lock;	/* stop vs. kicks (atomic context) */
	bool stop;		/* no work may be queued or run */
	atomic_t kicked;	/* something changed since the last round */
	atomic_t pollers;	/* threads in wse_mock_sched_poll() */
	wait_queue_head_t wq;	/* idle wait: kicks and stop wake it */
	/* under run_lock */
	unsigned long last_progress;	/* jiffies */
	u64 seq;		/* registration order of barriers/streams */
	u64 barrier_seq;
	u64 barrier_counted;	/* the barrier_seq barrier_owing counts for */
	u32 barrier_owing;	/* PEs that owe it a launch or an unblock */
	__le32 barrier_tag;
	u8 barrier_op;		/* WSE_HW_OP_RUN / LAUNCH */
	struct list_head streams;	/* struct wse_mock_stream.node */
	u64 bg_ns;		/* background rounds since the last sleep */
	atomic_t rescan;	/* kicked: every PE is in the next round */
	/* the round's own thread's decode cache; the other workers */
	struct wse_pe_dc dc[WSE_PE_DC_ENTRIES];
	struct wse_mock_helper helper[WSE_MOCK_MAX_WORKERS - 1];
	atomic_t helpers_left;
	struct completion helpers_done;
	u32 stall_seq;		/* id of the last stall (0: none yet) */
	u32 stall_cur;		/* id being completed by wse_mock_stall() */
	struct wse_stall_report stall[WSE_MOCK_STALLS_KEPT];	/* by id */
	struct wse_stall_entry scratch[WSE_MAX_STALL_ENTRIES];
};

struct wse_mock {
	struct platform_device *pdev;
	struct device *dev;
	unsigned int id;
	struct wse_device *wdev;
	struct wse_hw_info info;
	struct mutex lock;	/* ops, fabric, dead; never held into the core */
	bool dead;		/* lost or being removed: ops are refused */
	struct wse_mock_fabric fabric;
	struct wse_mock_sched sched;
	struct wse_mock_engine eng[WSE_MAX_CHANNELS];
	/* debugfs fault knobs (u32 values kept in atomic_t) */
	atomic_t fail_next;
	atomic_t hang_next;
	atomic_t latency_us;
	atomic_t dma_misuse;
	struct wse_mock_dma dma;
	struct wse_mock_counters cnt;
	struct dentry *ddir;
};

/* A decoded, validated copy or stream SQE. */
struct wse_mock_xfer {
	struct wse_mock *mock;
	bool nop;
	bool h2d;
	bool stream;		/* WSE_HW_OP_H2D_STREAM / D2H_STREAM */
	u32 color;		/* stream color */
	bool half;		/* 16-bit elements in PE memory */
	bool col_major;
	u32 roi_x, roi_y, roi_w, roi_h;
	u32 row_first, row_count;
	u32 len;
	u32 pe_offset;
	bool symbol;		/* pe_offset is relative to symbol sym_id */
	u32 sym_id;
	u32 sgl_count;
	u64 host_bytes;
	u64 sgl_base;		/* host offset of the SGL's first byte */
	const struct wse_hw_sgl_entry *sgl;
	/* H2D_LIST: sgl_count items, then host_bytes of data */
	bool list;
	const struct wse_hw_list_item *items;
};

/*
 * A forward-only cursor over a transfer's SGL (wse_mock_memcpy.c): host
 * bytes at increasing offsets.
 */
struct wse_mock_cursor {
	const struct wse_mock_xfer *x;	/* mock, sgl, sgl_count */
	u64 start;		/* host offset of segment idx */
	u32 idx;		/* current segment */
	u32 len;
	u8 *va;
};

/* One PE of a stream part. */
struct wse_mock_spe {
	struct wse_mock_cursor cur;	/* its host words, forward */
	u32 pos;		/* next wavelet k */
	u32 kidx;		/* buffered H2D: kbuf index of wavelet pos */
};

/*
 * A streaming transfer part (one SQE) in the scheduler.  Attached while
 * its SQE is outstanding (eng != NULL, eng->active[] points at it); an H2D
 * taken over by the West buffer columns (buffered) is detached: its SQE is
 * completed, the rest of its wavelets are in kbuf.
 */
struct wse_mock_stream {
	struct list_head node;	/* sched.streams, registration order */
	struct wse_mock_engine *eng;
	unsigned int ch;
	u64 seq;
	__le32 tag;
	bool h2d;
	bool buffered;
	u32 color;
	u32 bytes;		/* CQE bytes */
	struct wse_mock_xfer x;
	u32 npe;		/* row_count * roi_w */
	struct wse_mock_spe *spe;	/* [npe], row-major in the part */
	u64 *row_rest;		/* [row_count]: H2D wavelets not injected */
	u32 *kbuf;		/* buffered: the rest, PE after PE */
	u64 total;		/* npe * len */
	u64 delivered;
};

extern struct workqueue_struct *wse_mock_wq;
extern struct workqueue_struct *wse_mock_dma_wq;

/* Host byte offset of element @k of ROI PE (@px, @py) (struct wse_xfer). */
static inline u64 wse_mock_host_off(const struct wse_mock_xfer *x, u32 px,
				    u32 py, u32 k)
{
	if (x->col_major)
		return 4 * (py + (u64)x->roi_h * (px + (u64)x->roi_w * k));
	return 4 * (k + (u64)x->len * (px + (u64)x->roi_w * py));
}

/* wse_mock_dma.c */
void wse_mock_dma_init(struct wse_mock *mock);
void wse_mock_dma_exit(struct wse_mock *mock);
void wse_mock_dma_counts(struct wse_mock *mock, u64 *live, u64 *bad_unmaps);
void *wse_mock_dma_to_virt(struct wse_mock *mock, dma_addr_t addr, size_t len,
			   enum dma_data_direction dir);
void wse_mock_dma_misuse(struct wse_mock *mock, dma_addr_t *addr, u32 *len,
			 enum dma_data_direction *dir);

/* wse_mock_main.c */
void wse_mock_schedule_remove(struct wse_mock *mock);
void wse_mock_lose(struct wse_mock *mock);

/* wse_mock_engine.c */
extern const struct wse_backend_ops wse_mock_ops;
void wse_mock_engines_init(struct wse_mock *mock);
void wse_mock_engines_halt(struct wse_mock *mock);
void wse_mock_engine_kick(struct wse_mock_engine *eng);

/* wse_mock_memcpy.c */
u16 wse_mock_xfer_prepare(struct wse_mock *mock, const struct wse_hw_sqe *sqe,
			  struct wse_mock_xfer *x);
u16 wse_mock_xfer_run(const struct wse_mock_xfer *x, const bool *stop,
		      u32 *bytes);
u16 wse_mock_list_prepare(struct wse_mock *mock, const struct wse_hw_sqe *sqe,
			  struct wse_mock_xfer *x);
u16 wse_mock_list_run(const struct wse_mock_xfer *x, const bool *stop,
		      u32 *bytes);
int wse_mock_cursor_init(struct wse_mock_cursor *c,
			 const struct wse_mock_xfer *x);
bool wse_mock_cursor_advance(struct wse_mock_cursor *c, u64 off);

/*
 * Host pointer for byte offset @off (never below the previous one) and the
 * bytes available from there to the end of its segment; NULL when the SGL
 * ends first or a segment is unusable.
 */
static inline u8 *wse_mock_cursor_at(struct wse_mock_cursor *c, u64 off,
				     u32 *avail)
{
	if (off < c->start)
		return NULL;
	if (off - c->start >= c->len && !wse_mock_cursor_advance(c, off))
		return NULL;
	*avail = c->len - (u32)(off - c->start);
	return c->va + (off - c->start);
}

/* wse_mock_fabric.c */
int wse_mock_fabric_configure(struct wse_mock *mock,
			      const struct wse_fabric_config *cfg);
void wse_mock_fabric_unconfigure(struct wse_mock *mock);
u8 *wse_mock_pe_mem(const struct wse_mock_fabric *fab, u32 x, u32 y);
const struct wse_pe_symbol *wse_mock_pe_sym(const struct wse_mock_fabric *fab,
					    u32 x, u32 y, u32 sym);
int wse_mock_fabric_load(struct wse_mock *mock, const struct wse_program *prog);
int wse_mock_fabric_get_fault(struct wse_mock *mock, struct wse_fault *f);
int wse_mock_pe_summary(struct wse_device *wdev, struct wse_pe_summary *s);
void wse_mock_fabric_note_fault(struct wse_mock_fabric *fab,
				struct wse_mock_pe *mp);
u16 wse_mock_barrier_start(struct wse_mock_engine *eng,
			   const struct wse_hw_sqe *sqe);
void wse_mock_barrier_abort(struct wse_mock *mock);

/* wse_mock_sched.c */
void wse_mock_sched_init(struct wse_mock *mock);
void wse_mock_sched_enable(struct wse_mock *mock);
void wse_mock_sched_stop(struct wse_mock *mock);
void wse_mock_sched_kick(struct wse_mock *mock);
bool wse_mock_sched_poll(struct wse_mock *mock);
void wse_mock_sched_touch(struct wse_mock *mock);
void wse_mock_sched_mark_all(struct wse_mock *mock);
u8 wse_mock_pe_facts(struct wse_mock_fabric *fab, size_t i);
void wse_mock_sched_done(struct wse_mock_engine *eng, __le32 tag, u16 status,
			 u32 bytes);
int wse_mock_sched_get_stall(struct wse_mock *mock, u32 id,
			     struct wse_stall_report *r);
void wse_mock_sched_forget_stalls(struct wse_mock *mock);

/* wse_mock_stream.c */
#define WSE_MOCK_STREAM_QUEUED	0xffff	/* wse_mock_stream_start(): taken */
u16 wse_mock_stream_start(struct wse_mock_engine *eng,
			  const struct wse_hw_sqe *sqe,
			  const struct wse_mock_xfer *x);
u64 wse_mock_streams_move(struct wse_mock *mock);
void wse_mock_streams_drop(struct wse_mock *mock, int ch);
void wse_mock_stream_finish(struct wse_mock_stream *st, u16 status);
int wse_mock_sinks_alloc(struct wse_mock *mock);
void wse_mock_sinks_free(struct wse_mock_fabric *fab);

/* wse_mock_debugfs.c */
void wse_mock_debugfs_init(void);
void wse_mock_debugfs_exit(void);
void wse_mock_debugfs_add(struct wse_mock *mock);
void wse_mock_debugfs_del(struct wse_mock *mock);

#endif /* _WSE_MOCK_H */
