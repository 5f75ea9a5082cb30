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
#include <linux/mutex.h>
#include <linux/platform_device.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/wse.h>

#include "wse_backend.h"
#include "wse_hw.h"
#include "fabric/wse_pe.h"

#define WSE_MOCK_NAME		"wse_mock"
#define WSE_MOCK_MAX_DEVICES	8
#define WSE_MOCK_MAX_LATENCY_US	1000000
/* Largest SGL the "hardware" accepts for one SQE. */
#define WSE_MOCK_MAX_SGL	(1u << 20)

/* One processing element: its memory and the fabric core's PE. */
struct wse_mock_pe {
	u8 *mem;		/* pe_memory_bytes, inside wse_mock_fabric.mem */
	struct wse_pe pe;
	bool pending;		/* a launch waits for this PE's next WAIT */
	u32 pending_fn;
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
};

/*
 * PE state is changed by load (mock->lock, no engine busy), by channel 0's
 * worker during RUN/LAUNCH (no lock: barrier_active), and by reset/stop of
 * channel 0 after that worker has been cancelled (mock->lock).
 */
struct wse_mock_fabric {
	bool configured;
	struct wse_fabric_config cfg;
	u32 pe_bytes;
	u8 *mem;		/* width * height * pe_bytes, one vmalloc */
	struct wse_mock_pe *pes;	/* row-major, width * height */
	bool loaded;
	bool started;		/* RUN has started the PEs */
	bool barrier_active;	/* a RUN/LAUNCH is executing on channel 0 */
	struct wse_mock_prog prog;
	u32 args[WSE_MAX_LAUNCH_ARGS];	/* of the current launch */
	u32 argc;
	spinlock_t fault_lock;	/* the first fault since load */
	bool has_fault;
	struct wse_fault fault;
};

/* One I/O channel's DMA engine. */
struct wse_mock_engine {
	struct wse_mock *mock;
	struct wse_device *wdev;
	unsigned int ch;
	struct work_struct work;
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
};

struct wse_mock_counters {
	atomic64_t descriptors;
	atomic64_t h2d_bytes;
	atomic64_t d2h_bytes;
	atomic64_t errors;
	atomic64_t hangs;
	atomic64_t resets;
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
	struct wse_mock_engine eng[WSE_MAX_CHANNELS];
	/* debugfs fault knobs (u32 values kept in atomic_t) */
	atomic_t fail_next;
	atomic_t hang_next;
	atomic_t latency_us;
	struct wse_mock_counters cnt;
	struct dentry *ddir;
};

/* A decoded, validated copy SQE. */
struct wse_mock_xfer {
	struct wse_mock *mock;
	bool nop;
	bool h2d;
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
	const struct wse_hw_sgl_entry *sgl;
};

extern struct workqueue_struct *wse_mock_wq;

/* wse_mock_main.c */
void wse_mock_schedule_remove(struct wse_mock *mock);
void wse_mock_lose(struct wse_mock *mock);

/* wse_mock_engine.c */
extern const struct wse_backend_ops wse_mock_ops;
void *wse_mock_dma_to_virt(struct wse_mock *mock, dma_addr_t addr, size_t len);
void wse_mock_engines_init(struct wse_mock *mock);
void wse_mock_engines_halt(struct wse_mock *mock);

/* wse_mock_memcpy.c */
u16 wse_mock_xfer_prepare(struct wse_mock *mock, const struct wse_hw_sqe *sqe,
			  struct wse_mock_xfer *x);
u16 wse_mock_xfer_run(const struct wse_mock_xfer *x, const bool *stop,
		      u32 *bytes);

/* wse_mock_fabric.c */
int wse_mock_fabric_configure(struct wse_mock *mock,
			      const struct wse_fabric_config *cfg);
void wse_mock_fabric_unconfigure(struct wse_mock *mock);
u8 *wse_mock_pe_mem(const struct wse_mock_fabric *fab, u32 x, u32 y);
const struct wse_pe_symbol *wse_mock_pe_sym(const struct wse_mock_fabric *fab,
					    u32 x, u32 y, u32 sym);
int wse_mock_fabric_load(struct wse_mock *mock, const struct wse_program *prog);
int wse_mock_fabric_get_fault(struct wse_mock *mock, struct wse_fault *f);
u16 wse_mock_barrier_run(struct wse_mock_engine *eng,
			 const struct wse_hw_sqe *sqe);
void wse_mock_barrier_abort(struct wse_mock *mock);

/* wse_mock_debugfs.c */
void wse_mock_debugfs_init(void);
void wse_mock_debugfs_exit(void);
void wse_mock_debugfs_add(struct wse_mock *mock);
void wse_mock_debugfs_del(struct wse_mock *mock);

#endif /* _WSE_MOCK_H */
