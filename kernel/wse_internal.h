/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private structures of the wse core (wse.ko).
 *
 * Lock order: wdev->cfg_lock (mutex) -> wdev->lock (spinlock) -> wf->wq.lock.
 * Works (completion, watchdog) take only wdev->lock and may be cancelled
 * synchronously under cfg_lock; only lost_work takes cfg_lock, and it is
 * never cancelled under it.  synchronize_srcu() is called holding nothing.
 *
 * Lifetime: struct wse_device is kref'd (registration + each open file).
 * Anything that touches dma_dev or ops runs inside the SRCU gate (or in a
 * work that unregister cancels), after checking WSE_DEAD; unregister sets
 * WSE_DEAD, fails every task (which wakes every sleeper), and only then
 * waits for the gate to drain.  A task's DMA resources are released before
 * it is marked finished, so no finished task needs the device.  The one
 * exception, a blocking D2H's bounce slot, needs only the bounce region's
 * memory: its submitter copies the slot out and frees it, and
 * wse_rings_free() waits for every slot before it frees the region.
 */
#ifndef _WSE_INTERNAL_H
#define _WSE_INTERNAL_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/llist.h>
#include <linux/miscdevice.h>
#include <linux/mutex.h>
#include <linux/refcount.h>
#include <linux/scatterlist.h>
#include <linux/spinlock.h>
#include <linux/srcu.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/wse.h>

#include "wse_backend.h"
#include "wse_hw.h"

#define WSE_SQ_MAX_INFLIGHT	(WSE_RING_DEPTH - 1)
/* Freed tasks a file keeps for its next submissions (wse_task.c). */
#define WSE_TASK_SPARES		WSE_MAX_TASKS

/*
 * A channel's bounce region (wse_pin.c): WSE_BOUNCE_SLOTS preformatted SGL
 * entries, then the data slots: WSE_BOUNCE_SMALL of WSE_BOUNCE_SMALL_BYTES
 * (numbers WSE_BOUNCE_BIG and up), then WSE_BOUNCE_BIG of
 * WSE_BOUNCE_SLOT_BYTES, the largest copy that may take one (module
 * parameter inline_max), slot 0 last.  Enough small slots for a ring's worth
 * of in-flight nonblocking element copies (WSE_RING_DEPTH); 32 KiB in all.
 */
#define WSE_BOUNCE_BIG		4
#define WSE_BOUNCE_SMALL	56
#define WSE_BOUNCE_SLOTS	(WSE_BOUNCE_BIG + WSE_BOUNCE_SMALL)
#define WSE_BOUNCE_SLOT_BYTES	4096u
#define WSE_BOUNCE_SMALL_BYTES	256u
#define WSE_BOUNCE_HDR_BYTES	1024
#define WSE_BOUNCE_BYTES	(WSE_BOUNCE_HDR_BYTES + \
				 WSE_BOUNCE_SMALL * WSE_BOUNCE_SMALL_BYTES + \
				 WSE_BOUNCE_BIG * WSE_BOUNCE_SLOT_BYTES)

/* wse_device.flags */
#define WSE_DEAD	0	/* lost or unregistered: gate closed, no more ops */

struct wse_part;
struct seq_file;

/* Lifetime counters of a device (sysfs stats/, wse_stats.c). */
struct wse_counters {
	atomic64_t tasks_submitted;
	atomic64_t tasks_completed;
	atomic64_t tasks_failed;
	atomic64_t bytes_h2d;
	atomic64_t bytes_d2h;
	atomic64_t launches;
	atomic64_t stalls;
	atomic64_t watchdog_resets;
	atomic64_t bounced;
};

/*
 * What the core keeps of a loaded program (WSE_IOCTL_LOAD) to validate
 * later work; under cfg_lock, freed at STOP, owner release or device loss.
 */
struct wse_prog {
	u32 nr_images;
	u32 nr_functions;
	u32 nr_symbols;
	bool run_submitted;		/* RUN was submitted (EBADFD twice) */
	u32 h2d_colors;			/* BIT(c): c is an H2D stream color */
	u32 d2h_colors;			/* BIT(c): c is a D2H stream color */
	struct wse_pe_symbol *syms;	/* [nr_images * nr_symbols] */
	u16 *pe_map;			/* [width * height] */
};

struct wse_channel {
	struct wse_hw_sqe *sq;
	struct wse_hw_cqe *cq;
	dma_addr_t sq_dma;
	dma_addr_t cq_dma;
	u32 sq_tail;		/* next SQE slot; also the doorbell value */
	u32 cq_head;
	u16 phase;		/* phase expected at cq_head */
	bool resetting;		/* watchdog owns it: no submit, no drain */
	unsigned int inflight;	/* SQEs without a consumed CQE */
	unsigned long progress;	/* jiffies of the last sign of life; also
				 * written by wse_signal_progress()
				 */
	/*
	 * Outstanding parts by SQE tag.  Streams complete out of SQ order, so
	 * a tag is a free slot here, not the SQE's ring index.
	 */
	struct wse_part *slot[WSE_RING_DEPTH];
	/*
	 * The bounce region, allocated and freed with the rings (cfg_lock);
	 * bounce_busy: BIT(i), slot i belongs to a copy (atomic bitops).
	 */
	void *bounce;
	dma_addr_t bounce_dma;
	unsigned long bounce_busy;
	/*
	 * The H2D_LIST table kept for the lists that start on this channel
	 * (wse_xfer_list.c): allocated by the first (cfg_lock), freed with
	 * the rings; list_busy bit 0: a list owns it (atomic bitops).
	 */
	void *list_buf;
	dma_addr_t list_dma;
	unsigned long list_busy;
};

struct wse_device {
	struct kref kref;
	struct device *dma_dev;
	const struct wse_backend_ops *ops;
	struct wse_hw_info info;
	void *priv;
	int index;
	char name[16];
	struct miscdevice misc;
	unsigned long flags;
	struct srcu_struct srcu;

	/* cfg_lock: ownership, configuration, ring memory. */
	struct mutex cfg_lock;
	struct wse_file *owner;
	struct wse_fabric_config cfg;
	u32 cfg_channels;	/* rings allocated (0: none) */
	struct wse_prog *prog;	/* loaded program, NULL: none */

	/* lock: everything below, every task's state, per-fd task lists. */
	spinlock_t lock;
	unsigned int nr_channels;	/* rings published to the data path */
	struct wse_channel chan[WSE_MAX_CHANNELS];
	struct list_head queue;		/* tasks not yet on the rings, FIFO */
	struct list_head files;
	atomic64_t next_id;
	/*
	 * A RUN or LAUNCH is on channel 0 (or channel 0 is being reset after
	 * one): nothing else dispatches until it is over.
	 */
	bool barrier_busy;
	bool prog_ready;	/* RUN succeeded: LAUNCH allowed */
	/* tasks failed by a stall -> the device's report id, newest last */
	struct {
		u64 task;
		u32 stall;
	} stalled[WSE_STALL_TASKS_KEPT];
	unsigned int stalled_next;

	/*
	 * Threads polling channel i for their op (wse_task.c): they reap the
	 * CQs themselves, so wse_signal_completion(i) queues no work
	 * meanwhile.  Per channel: the other bands of a polled copy still
	 * complete (and are unmapped) on their engines' CPUs.
	 */
	atomic_t pollers[WSE_MAX_CHANNELS];
	/* under lock: the part whose submitter dispatches it and polls */
	struct wse_part *poll_part;
	struct work_struct complete_work;
	struct work_struct lost_work;
	struct delayed_work watchdog;

	struct wse_counters counters;
};

/* Per open file description. */
struct wse_file {
	struct wse_device *wdev;
	struct list_head node;		/* wdev->files */
	struct list_head tasks;		/* unreaped tasks, submission order */
	unsigned int nr_tasks;		/* unreaped (incl. blocking) */
	unsigned int nr_pending;	/* not finished (incl. blocking) */
	unsigned int nr_nb_pending;	/* not finished, reapable by WAIT */
	unsigned int nr_ready;		/* finished, reapable by WAIT */
	unsigned int nr_nb_poll;	/* of nr_nb_pending: pollable */
	atomic64_t pinned_pages;	/* wse_pin.c: <= WSE_MAX_PINNED_BYTES */
	struct llist_head spares;	/* wse_task.c: freed tasks to reuse */
	atomic_t nr_spares;		/* on spares, <= WSE_TASK_SPARES */
	/* wse_xfer_list.c: H2D_LIST copy-in, bit 0 of busy: a list has it */
	void *list_in;
	unsigned long list_in_busy;
	wait_queue_head_t wq;

	/* wse_stats.c: who opened it, and usage for fdinfo (under lock) */
	pid_t tgid;
	u64 client_id;
	u64 tasks_submitted;
	u64 bytes_h2d;
	u64 bytes_d2h;
	u64 busy_ns;			/* with >= 1 task on the rings */
	u64 busy_since;
	unsigned int nr_running;	/* tasks on the rings */
};

/* A DMA mapping of pinned bytes [base, base + len) and its device SGL. */
struct wse_map {
	struct sg_table sgt;
	bool mapped;
	struct wse_hw_sgl_entry *sgl;
	dma_addr_t sgl_dma;
	u32 sgl_count;
	u64 base;
};

/* Host buffer: pinned pages, DMA mapping and the device's SGL. */
struct wse_pin {
	struct page **pages;
	unsigned long npages;
	unsigned int offset;		/* of the buffer in pages[0] */
	u64 len;
	struct mm_struct *mm;		/* charged: pinned_vm */
	struct wse_file *wf;		/* charged: pinned_pages */
	unsigned long charged;		/* pages */
	bool write;
	struct wse_map map;		/* all of it, unless the task maps bands */
};

enum wse_task_phase {
	WSE_T_QUEUED,		/* on wdev->queue */
	WSE_T_RUNNING,		/* parts on the rings */
	WSE_T_FINISHING,	/* all parts ended; resources being released */
	WSE_T_DONE,		/* finished, resources released */
};

struct wse_part {
	struct wse_task *task;
	u16 ch;
	u16 row_first;
	u16 row_count;
	/* completed, its band being unmapped before it ends (wse_ring.c) */
	int status;
	struct wse_part *next_unmap;
};

struct wse_task {
	refcount_t ref;
	u64 id;
	struct wse_file *wf;
	struct list_head fd_node;	/* wf->tasks */
	struct list_head node;		/* wdev->queue or a local finish list */
	struct llist_node spare;	/* wf->spares, once freed */
	enum wse_task_phase phase;
	bool blocking;			/* invisible to WAIT/QUERY/poll */
	bool barrier;			/* RUN/LAUNCH: alone on the device */
	bool poll;			/* a small copy: threads may poll for it
					 * (wse_task.c)
					 */
	bool poll_last;			/* its blocking submitter runs the last
					 * of its parts (wse_xfer.c)
					 */
	int status;
	u32 stall_id;			/* -EDEADLK: the device's report */
	unsigned int nr_parts;
	unsigned int parts_left;
	/*
	 * Parts [0, parts_ready) may go to the device, [0, parts_sent) have;
	 * the task leaves the queue once all are sent.  Parts from
	 * parts_ready on belong to the submitter still mapping them: only it
	 * ends them (wse_xfer.c).
	 */
	unsigned int parts_ready;
	unsigned int parts_sent;
	/* the copy or stream */
	u8 opcode;
	u8 hw_flags;
	u16 x, y, w, h;
	u32 l;
	u32 pe_offset;
	u64 host_bytes;
	u64 host_ptr;
	u32 symbol;
	u32 color;			/* streams */
	struct wse_pin pin;
	/*
	 * A row-major copy over several channels: nr_maps mappings, one per
	 * part's band of pin, instead of pin.map (wse_xfer.c).
	 */
	struct wse_map *maps;
	unsigned int nr_maps;
	/*
	 * Or a bounce slot of parts[0].ch's region instead of pinned pages
	 * (0: none, else slot + 1).  bounce_out: a blocking D2H, whose
	 * submitter copies the slot out after the task is done and frees it.
	 */
	u8 bounce;
	bool bounce_out;
	/*
	 * H2D_LIST: the item table and data the SQEs point to (wse_hw.h),
	 * list_count items, list_bytes in all; list_kept: it is
	 * parts[0].ch's list_buf, not an allocation of its own
	 */
	void *list;
	dma_addr_t list_dma;
	size_t list_bytes;
	u32 list_count;
	bool list_kept;
	/* LAUNCH: the struct wse_hw_launch the SQE points to */
	struct wse_hw_launch *launch;
	dma_addr_t launch_dma;
	u64 start_ns;			/* dispatched at (0: never) */
	struct wse_part parts[WSE_MAX_CHANNELS];
};

/* wse_core.c */
extern unsigned int watchdog_ms;
extern bool poll_small;
extern unsigned int inline_max;
int wse_gate_enter(struct wse_device *wdev) __acquires(&wdev->srcu);
void wse_gate_exit(struct wse_device *wdev, int idx) __releases(&wdev->srcu);
bool wse_dead(struct wse_device *wdev);
int wse_configure(struct wse_file *wf, const struct wse_fabric_config *cfg);
int wse_stop(struct wse_file *wf);
void wse_prog_free(struct wse_device *wdev);
u32 wse_state(struct wse_device *wdev);
struct wse_device *wse_from_dev(struct device *dev);	/* sysfs */

/* wse_ioctl.c */
long wse_ioctl(struct file *file, unsigned int cmd, unsigned long arg);
int wse_check_owner(struct wse_device *wdev, struct wse_file *wf);
int wse_check_roi(const struct wse_fabric_config *cfg,
		  const struct wse_xfer *x);
int wse_check_item(const struct wse_hw_info *info,
		   const struct wse_xfer_list *xl,
		   const struct wse_xfer_item *prev,
		   const struct wse_xfer_item *it, struct wse_xfer *x);

/* wse_ring.c */
int wse_rings_alloc(struct wse_device *wdev, unsigned int nr);
void wse_rings_free(struct wse_device *wdev);
void wse_ring_reinit(struct wse_channel *ch);
void wse_dispatch(struct wse_device *wdev);
unsigned int wse_reap(struct wse_device *wdev);
void wse_complete_work(struct work_struct *work);

/* wse_task.c */
struct wse_task *wse_task_alloc(struct wse_file *wf);
void wse_task_release_dma(struct wse_device *wdev, struct wse_task *t);
void wse_task_abort(struct wse_task *t);
void wse_task_put(struct wse_task *t);
int wse_task_submit(struct wse_task *t, u64 *id);
int wse_task_submit_poll(struct wse_task *t, u64 *id, int *poll_ch);
void wse_poll_submitted(struct wse_device *wdev, int ch);
void wse_task_end_queued(struct wse_task *t, int status,
			 struct list_head *fin);
void wse_part_end(struct wse_part *p, int status, struct list_head *fin);
void wse_tasks_finish(struct wse_device *wdev, struct list_head *fin);
u32 wse_stalled_find(struct wse_device *wdev, u64 task_id);
void wse_fail_all(struct wse_device *wdev, int status, bool queued_only);
int wse_wait_blocking(struct wse_task *t);
int wse_wait(struct wse_file *wf, struct wse_wait *w);
int wse_query(struct wse_file *wf, struct wse_query *q);
bool wse_file_idle(struct wse_file *wf);
void wse_file_free_tasks(struct wse_file *wf);
__poll_t wse_file_poll(struct wse_file *wf);

/* wse_pin.c */
int wse_pin_user(struct wse_file *wf, struct wse_pin *pin, u64 uaddr,
		 u64 len, bool write);
int wse_pin_map(struct wse_device *wdev, struct wse_pin *pin,
		struct wse_map *map, u64 base, u64 len);
void wse_map_release(struct wse_device *wdev, struct wse_map *map,
		     bool write);
void wse_pin_release(struct wse_device *wdev, struct wse_pin *pin);
int wse_bounce_alloc(struct wse_device *wdev, struct wse_channel *c);
void wse_bounce_free(struct wse_device *wdev, struct wse_channel *c);
bool wse_bounce_wanted(struct wse_device *wdev, const struct wse_xfer *x,
		       bool d2h, u32 ch);
int wse_bounce_prefault(const struct wse_xfer *x, bool d2h);
bool wse_bounce_get(struct wse_device *wdev, struct wse_task *t, bool d2h);
void wse_bounce_put(struct wse_device *wdev, unsigned int ch,
		    unsigned int slot);
int wse_bounce_copy_out(struct wse_device *wdev, struct wse_task *t,
			int status);

/* wse_xfer.c */
int wse_xfer(struct wse_file *wf, struct wse_xfer *x, bool d2h);
void wse_split(const struct wse_fabric_config *cfg, struct wse_task *t);

/* wse_xfer_list.c */
int wse_xfer_list(struct wse_file *wf, struct wse_xfer_list *xl);
void wse_list_table_put(struct wse_device *wdev, struct wse_task *t);
void wse_list_table_free(struct wse_device *wdev, struct wse_channel *c);
void wse_list_in_release(struct wse_file *wf);

/* wse_ring.c: a channel's kept coherent regions */
void wse_region_put(unsigned long *busy, unsigned int bit);
void wse_region_free(struct wse_device *wdev, void **buf, dma_addr_t dma,
		     size_t bytes, unsigned long *busy);

/* wse_program.c */
int wse_prog_load(struct wse_file *wf, const struct wse_load *ld);
int wse_prog_run(struct wse_file *wf);
int wse_prog_launch(struct wse_file *wf, struct wse_launch *l);
int wse_prog_get_fault(struct wse_file *wf, struct wse_fault *f);
int wse_prog_get_stall(struct wse_file *wf, struct wse_stall *s);
int wse_check_stream(struct wse_device *wdev, const struct wse_xfer *x,
		     bool d2h);
int wse_check_symbol(struct wse_device *wdev, const struct wse_xfer *x);

/* wse_stats.c: tracepoints, counters, fdinfo, status sysfs */
extern const struct attribute_group wse_status_group;
extern const struct attribute_group wse_counters_group;
void wse_stats_open(struct wse_file *wf);
void wse_stats_submit(struct wse_task *t);
void wse_stats_dispatch(struct wse_task *t);
void wse_stats_task_end(struct wse_task *t);
void wse_stats_completion(struct wse_device *wdev, unsigned int ch, u32 tag,
			  const struct wse_task *t, int status);
void wse_stats_doorbell(struct wse_device *wdev, unsigned int ch, u32 tail);
void wse_stats_watchdog_reset(struct wse_device *wdev, unsigned int ch,
			      unsigned int timeout_ms);
void wse_stats_device_lost(struct wse_device *wdev, bool removed);
void wse_show_fdinfo(struct seq_file *m, struct file *file);

/* wse_watchdog.c */
unsigned long wse_watchdog_jiffies(void);
void wse_watchdog_arm(struct wse_device *wdev);
void wse_watchdog_work(struct work_struct *work);
void wse_channels_abort(struct wse_device *wdev, int status, bool all);
void wse_cancel_unbounded(struct wse_device *wdev, int status);

#endif /* _WSE_INTERNAL_H */
