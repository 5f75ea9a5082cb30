/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wse_backend.h - the only seam between the wse core (wse.ko) and a device
 * backend: wse_mock.ko today, a PCIe driver later.
 *
 * The backend owns the struct device used for DMA and implements the ops
 * below; the core owns the character device, the rings (allocated with
 * dma_alloc_coherent() on the backend's device), the pinned user buffers and
 * every task.  The core calls ops only between wse_register_device() and
 * the return of wse_unregister_device(), never after wse_device_lost(), and
 * never concurrently for the same channel (poll() excepted).  Ops may sleep.
 */
#ifndef _WSE_BACKEND_H
#define _WSE_BACKEND_H

#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/types.h>
#include <linux/wse.h>

struct wse_device;

/* What the device is; copied by the core at registration. */
struct wse_hw_info {
	u32 arch;		/* enum wse_arch (uapi) */
	u32 fabric_width;	/* PEs the device offers in x */
	u32 fabric_height;	/* and in y */
	u32 channels_per_edge;	/* 60 on WSE-2, 62 on WSE-3 */
	u32 pe_memory_bytes;	/* 48 KiB */
	u32 max_rect_pes;	/* largest program rectangle it can hold */
};

/* The program placement, validated by the core before configure(). */
struct wse_fabric_config {
	u32 width;
	u32 height;
	u32 offset_x;
	u32 offset_y;
	u32 dim_x;
	u32 dim_y;
	u32 channels;
	u32 west_buf;
	u32 east_buf;
};

/*
 * A program for WSE_IOCTL_LOAD, in kernel memory, valid only during the
 * load() call: the backend copies what it keeps.  Validated by the core
 * (indices, lengths, entry points).
 */
struct wse_program_image {
	const u8 *data;
	u32 data_len;
	u32 entry;
	const u32 *functions;			/* [nr_functions] */
	const struct wse_pe_symbol *symbols;	/* [nr_symbols] (uapi) */
};

struct wse_program {
	u32 nr_images;
	u32 nr_functions;
	u32 nr_symbols;
	const struct wse_program_image *images;	/* [nr_images] */
	const u16 *pe_map;			/* [width * height] */
	/* [width * height * WSE_NR_COLORS] (uapi), validated; NULL: none */
	const struct wse_route *routes;
};

/* What get_stall() reports (uapi struct wse_stall without the framing). */
struct wse_stall_report {
	u32 id;			/* the stall's id (CQE stall field), never 0 */
	u32 op;			/* WSE_STALL_OP_* */
	u32 color;
	u64 delivered;
	u64 total;
	u32 stall_ms;
	/* found; only the first WSE_MAX_STALL_ENTRIES are in @entries */
	u32 nr_entries;
	struct wse_stall_entry entries[WSE_MAX_STALL_ENTRIES];
};

/* How many PEs of the program rectangle are in each state (pe_summary). */
struct wse_pe_summary {
	u32 halted;
	u32 running;
	u32 waiting;
	u32 blocked;
	u32 faulted;
};

/* One channel's queues; both hold WSE_RING_DEPTH entries (wse_hw.h). */
struct wse_ring_desc {
	dma_addr_t sq_dma;
	dma_addr_t cq_dma;
	u32 depth;
};

/**
 * struct wse_backend_ops - what a device backend implements.
 * @configure:	   set the device up for a program rectangle (PE memory
 *		   zeroed).  Called before any channel_start().  0 or -errno
 *		   (-ENOMEM, -ENOSPC).
 * @unconfigure:   drop the program; no channel is running by then.
 * @channel_start: attach the rings of channel @ch (0-based, < cfg.channels);
 *		   SQ head and CQ tail start at 0, phase 1.
 * @channel_stop:  detach channel @ch; on return the device does not touch the
 *		   rings or any host memory of that channel any more.
 * @doorbell:	   the SQ tail of channel @ch is now @sq_tail.  May be called
 *		   from atomic context; must not sleep.
 * @channel_reset: abort everything outstanding on channel @ch (no CQE is
 *		   written for aborted SQEs); on return the device does not
 *		   touch host memory for them, and the channel restarts at SQ
 *		   head 0, CQ tail 0, phase 1 on the same rings.  The core has
 *		   re-initialised its side (zeroed CQ) before calling it.
 *		   Resetting channel 0 during a RUN or LAUNCH halts every PE
 *		   still running and records it as a WSE_FAULT_STUCK fault.
 * @load:	   put @prog into the PE memories (after configure(), before
 *		   any RUN SQE); 0 or -errno.  NULL: the device cannot run
 *		   programs (LOAD fails with EOPNOTSUPP).
 * @get_fault:	   the first PE fault since load(): 0, or -ENOENT if none.
 * @get_stall:	   the report of stall @id (the stall field of the CQEs the
 *		   stall completed with WSE_HW_STATUS_STALLED), or with @id 0
 *		   the last stall since load(): 0, or -ENOENT if the device
 *		   keeps no such report (none since load, or too old).  NULL:
 *		   the device never reports stalls (GET_STALL fails with
 *		   ENOENT).
 * @pe_summary:	   count the PEs of the configured rectangle by state, for
 *		   sysfs pe_states; 0, or -ENOENT if not configured.  NULL:
 *		   not reported.
 * @poll:	   completion polling (NVMe poll queues, blk_poll, io_uring
 *		   IOPOLL): a thread in process context waits for a small
 *		   blocking copy (at most WSE_POLL_MAX_BYTES, one channel) it
 *		   has just rung the doorbell of on channel @ch, or has just
 *		   submitted one more of a burst of small nonblocking ones, or
 *		   waits for all of them (WAIT_ALL), and reads the
 *		   CQ itself rather than sleep until wse_signal_completion().
 *		   Move the channel's outstanding work forward now if that is
 *		   cheap and bounded (a few SQEs), in the caller's context: a
 *		   PCIe device reads its CQ, the mock runs the channel's DMA
 *		   engine inline when nothing else runs it.  Returns true if
 *		   it made progress (consumed SQEs or posted CQEs): the core
 *		   reaps the CQ and, while its op is not done, polls again (a
 *		   few times at most), then sleeps.  Called inside the gate,
 *		   holding no core lock, possibly concurrently with any op,
 *		   including doorbell() and channel_reset() of @ch: a reset
 *		   or stop in progress wins and poll() does nothing.  The
 *		   core calls it after the doorbell of every SQE it flagged
 *		   WSE_HW_SQE_POLLED (wse_hw.h), unless that op has ended or
 *		   the device died.  It still needs the CQE's interrupt
 *		   (wse_signal_completion()), which the device may coalesce:
 *		   one call for any number of CQEs.  NULL: the core sleeps
 *		   at once.
 */
struct wse_backend_ops {
	int (*configure)(struct wse_device *wdev,
			 const struct wse_fabric_config *cfg);
	void (*unconfigure)(struct wse_device *wdev);
	int (*channel_start)(struct wse_device *wdev, unsigned int ch,
			     const struct wse_ring_desc *ring);
	void (*channel_stop)(struct wse_device *wdev, unsigned int ch);
	void (*doorbell)(struct wse_device *wdev, unsigned int ch, u32 sq_tail);
	void (*channel_reset)(struct wse_device *wdev, unsigned int ch);
	int (*load)(struct wse_device *wdev, const struct wse_program *prog);
	int (*get_fault)(struct wse_device *wdev, struct wse_fault *fault);
	int (*get_stall)(struct wse_device *wdev, u32 id,
			 struct wse_stall_report *report);
	int (*pe_summary)(struct wse_device *wdev, struct wse_pe_summary *s);
	bool (*poll)(struct wse_device *wdev, unsigned int ch);
};

/* The largest copy (host bytes, one channel) the core polls for. */
#define WSE_POLL_MAX_BYTES	(16u << 10)

/*
 * Create /dev/wseN for a device.  @dma_dev is used for every DMA mapping and
 * must have its DMA mask set.  Returns the core's handle or an ERR_PTR.
 */
struct wse_device *wse_register_device(struct device *dma_dev,
				       const struct wse_backend_ops *ops,
				       const struct wse_hw_info *info,
				       void *priv);

/*
 * Remove the device: fails every unfinished task with -ENODEV, stops calling
 * ops, frees the rings, and removes /dev/wseN.  Open files stay valid (every
 * call on them returns ENODEV) until closed.  The backend must have stopped
 * all DMA before calling this; the core calls no op during or after it.
 * Sleeps.
 */
void wse_unregister_device(struct wse_device *wdev);

/* The backend's private pointer given at registration. */
void *wse_device_priv(struct wse_device *wdev);

/*
 * Completion interrupt of channel @ch: CQEs may be waiting.  Any context.
 * The CQE must be written before the call (it orders the two itself).
 */
void wse_signal_completion(struct wse_device *wdev, unsigned int ch);

/*
 * The device made progress on channel @ch's outstanding work without
 * completing any of it (PE instructions retired for a RUN or LAUNCH,
 * wavelets or memcpy bytes moved for a transfer), or that work waits for
 * the host and the device is alive: the watchdog's clock for @ch starts
 * again.  The watchdog only ends work of a device that stopped answering,
 * never a long program or transfer that keeps moving.  Any context; takes
 * no lock.
 */
void wse_signal_progress(struct wse_device *wdev, unsigned int ch);

/*
 * The device is gone (surprise removal, link down) and does no more DMA:
 * every unfinished task fails with -ENODEV and the core calls no op again.
 * The backend still calls wse_unregister_device() later.  Any context.
 */
void wse_device_lost(struct wse_device *wdev);

#endif /* _WSE_BACKEND_H */
