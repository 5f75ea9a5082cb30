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

#define WSE_MOCK_NAME		"wse_mock"
#define WSE_MOCK_MAX_DEVICES	8
#define WSE_MOCK_MAX_LATENCY_US	1000000
/* Largest SGL the "hardware" accepts for one SQE. */
#define WSE_MOCK_MAX_SGL	(1u << 20)

/* One processing element; grows into the PE interpreter's state later. */
struct wse_mock_pe {
	u8 *mem;		/* pe_memory_bytes, inside wse_mock_fabric.mem */
};

struct wse_mock_fabric {
	bool configured;
	struct wse_fabric_config cfg;
	u32 pe_bytes;
	u8 *mem;		/* width * height * pe_bytes, one vmalloc */
	struct wse_mock_pe *pes;	/* row-major, width * height */
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

/* wse_mock_debugfs.c */
void wse_mock_debugfs_init(void);
void wse_mock_debugfs_exit(void);
void wse_mock_debugfs_add(struct wse_mock *mock);
void wse_mock_debugfs_del(struct wse_mock *mock);

#endif /* _WSE_MOCK_H */
