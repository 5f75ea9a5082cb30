// SPDX-License-Identifier: GPL-2.0
/*
 * Host buffers: pin_user_pages_fast(), sg_table, DMA mapping and
 * the device's SGL.  wse_pin_release() undoes whatever was done, once.
 *
 * Pinning happens before the removal gate (a fault on the user buffer may
 * block for long: it must not hold up device removal), mapping inside it.
 * FOLL_LONGTERM pins are charged, like RDMA's and vfio's, to the pinning
 * process's mm->pinned_vm against RLIMIT_MEMLOCK (ENOMEM over it, unless
 * CAP_IPC_LOCK), and to the file description against WSE_MAX_PINNED_BYTES
 * (EAGAIN: reap tasks and retry).
 *
 * Or, for a small copy, a slot of its channel's bounce region instead: see
 * "Small copies without pinning" in doc/DESIGN.md.
 */
#include <linux/bitops.h>
#include <linux/dma-mapping.h>
#include <linux/mm.h>
#include <linux/pagemap.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/scatterlist.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "wse_internal.h"

#define WSE_PIN_CHUNK	1024	/* pages per pin_user_pages_fast() call */

static int wse_pin_charge(struct wse_file *wf, struct wse_pin *pin,
			  unsigned long npages)
{
	unsigned long limit = rlimit(RLIMIT_MEMLOCK) >> PAGE_SHIFT;
	struct mm_struct *mm = current->mm;

	if (atomic64_add_return(npages, &wf->pinned_pages) >
	    (WSE_MAX_PINNED_BYTES >> PAGE_SHIFT)) {
		atomic64_sub(npages, &wf->pinned_pages);
		return -EAGAIN;
	}
	pin->wf = wf;
	pin->charged = npages;
	if (atomic64_add_return(npages, &mm->pinned_vm) > limit &&
	    !capable(CAP_IPC_LOCK)) {
		atomic64_sub(npages, &mm->pinned_vm);
		return -ENOMEM;
	}
	mmgrab(mm);
	pin->mm = mm;
	return 0;
}

static void wse_pin_uncharge(struct wse_pin *pin)
{
	if (pin->mm) {
		atomic64_sub(pin->charged, &pin->mm->pinned_vm);
		mmdrop(pin->mm);
		pin->mm = NULL;
	}
	if (pin->wf)
		atomic64_sub(pin->charged, &pin->wf->pinned_pages);
	pin->wf = NULL;
	pin->charged = 0;
}

static int wse_pin_pages(struct wse_pin *pin, unsigned long start,
			 unsigned long npages)
{
	unsigned int gup = FOLL_LONGTERM | (pin->write ? FOLL_WRITE : 0);
	int ret;

	/* sized by the user's buffer: ENOMEM, not a splat, if it fails */
	pin->pages = kvmalloc_array(npages, sizeof(*pin->pages),
				    GFP_KERNEL | __GFP_NOWARN);
	if (!pin->pages)
		return -ENOMEM;
	while (pin->npages < npages) {
		int nr = min_t(unsigned long, npages - pin->npages,
			       WSE_PIN_CHUNK);

		ret = pin_user_pages_fast(start + pin->npages * PAGE_SIZE, nr,
					  gup, pin->pages + pin->npages);
		if (ret <= 0)
			return ret == -ENOMEM ? -ENOMEM : -EFAULT;
		pin->npages += ret;
		if (fatal_signal_pending(current))
			return -EINTR;
		cond_resched();
	}
	return 0;
}

/* Outside the gate.  On error the caller still calls wse_pin_release(). */
int wse_pin_user(struct wse_file *wf, struct wse_pin *pin, u64 uaddr,
		 u64 len, bool write)
{
	unsigned int off = offset_in_page(uaddr);
	unsigned long npages;
	int ret;

	if (!access_ok(u64_to_user_ptr(uaddr), len))
		return -EFAULT;
	if (len > WSE_MAX_XFER_BYTES)
		return -EINVAL;
	npages = DIV_ROUND_UP(off + len, PAGE_SIZE);
	pin->write = write;
	pin->offset = off;
	pin->len = len;
	ret = wse_pin_charge(wf, pin, npages);
	if (ret)
		return ret;
	return wse_pin_pages(pin, uaddr & PAGE_MASK, npages);
}

/*
 * Inside the gate: the DMA mapping of bytes [@base, @base + @len) of the
 * pinned buffer and the device's SGL of them.  On error the caller still
 * calls wse_map_release().
 */
int wse_pin_map(struct wse_device *wdev, struct wse_pin *pin,
		struct wse_map *map, u64 base, u64 len)
{
	enum dma_data_direction dir = pin->write ? DMA_FROM_DEVICE :
						   DMA_TO_DEVICE;
	u64 start = pin->offset + base;
	unsigned long first = start >> PAGE_SHIFT;
	unsigned int off = offset_in_page(start);
	struct scatterlist *sg;
	unsigned int max_seg;
	u64 total = 0;
	unsigned int i;
	int ret;

	if (base > pin->len || len > pin->len - base || !len)
		return -EINVAL;
	map->base = base;
	/* SGL lengths are 32-bit; the DMA device may limit segments more. */
	max_seg = min_t(unsigned int, dma_get_max_seg_size(wdev->dma_dev),
			UINT_MAX) & PAGE_MASK;
	if (!max_seg)
		max_seg = PAGE_SIZE;
	ret = sg_alloc_table_from_pages_segment(&map->sgt, pin->pages + first,
						DIV_ROUND_UP(off + len,
							     PAGE_SIZE),
						off, len, max_seg, GFP_KERNEL);
	if (ret)
		return ret;
	ret = dma_map_sgtable(wdev->dma_dev, &map->sgt, dir, 0);
	if (ret) {
		sg_free_table(&map->sgt);
		return ret == -ENOMEM ? -ENOMEM : -EIO;
	}
	map->mapped = true;

	map->sgl_count = map->sgt.nents;
	map->sgl = dma_alloc_coherent(wdev->dma_dev,
				      map->sgl_count * sizeof(*map->sgl),
				      &map->sgl_dma, GFP_KERNEL);
	if (!map->sgl)
		return -ENOMEM;
	for_each_sgtable_dma_sg(&map->sgt, sg, i) {
		map->sgl[i].addr = cpu_to_le64(sg_dma_address(sg));
		map->sgl[i].len = cpu_to_le32(sg_dma_len(sg));
		map->sgl[i].rsvd = 0;
		total += sg_dma_len(sg);
	}
	/* The device must see exactly these bytes. */
	return total == len ? 0 : -EIO;
}

void wse_map_release(struct wse_device *wdev, struct wse_map *map,
		     bool write)
{
	if (map->sgl)
		dma_free_coherent(wdev->dma_dev,
				  map->sgl_count * sizeof(*map->sgl),
				  map->sgl, map->sgl_dma);
	map->sgl = NULL;
	if (map->mapped) {
		dma_unmap_sgtable(wdev->dma_dev, &map->sgt,
				  write ? DMA_FROM_DEVICE : DMA_TO_DEVICE, 0);
		sg_free_table(&map->sgt);
		map->mapped = false;
	}
}

void wse_pin_release(struct wse_device *wdev, struct wse_pin *pin)
{
	wse_map_release(wdev, &pin->map, pin->write);
	if (pin->npages)
		unpin_user_pages_dirty_lock(pin->pages, pin->npages,
					    pin->write);
	pin->npages = 0;
	kvfree(pin->pages);
	pin->pages = NULL;
	wse_pin_uncharge(pin);
}

/* ---- bounce region: small copies without pinning ---- */

/*
 * Slot 0, the one a lone big copy takes, ends the region: a device access
 * past a full slot leaves the allocation (and the strict mock's mapping of
 * it).  The small slots come first, after the SGL entries.
 */
static unsigned int wse_bounce_off(unsigned int slot)
{
	if (slot >= WSE_BOUNCE_BIG)
		return WSE_BOUNCE_HDR_BYTES +
		       (slot - WSE_BOUNCE_BIG) * WSE_BOUNCE_SMALL_BYTES;
	return WSE_BOUNCE_HDR_BYTES +
	       WSE_BOUNCE_SMALL * WSE_BOUNCE_SMALL_BYTES +
	       (WSE_BOUNCE_BIG - 1 - slot) * WSE_BOUNCE_SLOT_BYTES;
}

/* A free slot for @bytes taken (a small one first if it fits), or -1. */
static int wse_bounce_take(struct wse_channel *c, u64 bytes)
{
	unsigned int slot;

	if (bytes <= WSE_BOUNCE_SMALL_BYTES)
		for (slot = WSE_BOUNCE_BIG; slot < WSE_BOUNCE_SLOTS; slot++)
			if (!test_and_set_bit_lock(slot, &c->bounce_busy))
				return slot;
	for (slot = 0; slot < WSE_BOUNCE_BIG; slot++)
		if (!test_and_set_bit_lock(slot, &c->bounce_busy))
			return slot;
	return -1;
}

/* cfg_lock held, with the channel's rings: one allocation, SGL preformatted. */
int wse_bounce_alloc(struct wse_device *wdev, struct wse_channel *c)
{
	struct wse_hw_sgl_entry *sgl;
	unsigned int i;

	BUILD_BUG_ON(WSE_BOUNCE_SLOTS * sizeof(*sgl) > WSE_BOUNCE_HDR_BYTES);
	BUILD_BUG_ON(WSE_BOUNCE_SLOTS > BITS_PER_LONG);
	BUILD_BUG_ON(WSE_BOUNCE_BYTES > SZ_32K);	/* an order-3 allocation */
	lockdep_assert_held(&wdev->cfg_lock);

	c->bounce_busy = 0;
	c->bounce = dma_alloc_coherent(wdev->dma_dev, WSE_BOUNCE_BYTES,
				       &c->bounce_dma, GFP_KERNEL);
	if (!c->bounce)
		return -ENOMEM;
	sgl = c->bounce;
	for (i = 0; i < WSE_BOUNCE_SLOTS; i++) {
		sgl[i].addr = cpu_to_le64(c->bounce_dma + wse_bounce_off(i));
		sgl[i].len = 0;		/* each copy's host_bytes */
		sgl[i].rsvd = 0;
	}
	return 0;
}

/*
 * cfg_lock held.  Every task has ended by now (teardown, loss, removal),
 * but the submitter of a blocking D2H may still be copying its slot out:
 * wait for it.  It takes no lock and does not fault while it holds the slot
 * (wse_bounce_copy_out()).
 */
void wse_bounce_free(struct wse_device *wdev, struct wse_channel *c)
{
	wse_region_free(wdev, &c->bounce, c->bounce_dma, WSE_BOUNCE_BYTES,
			&c->bounce_busy);
}

/*
 * cfg_lock held: @x, whose rows all go through channel @ch (U32_MAX: more
 * than one), should take a bounce slot rather than pin its buffer.  A hint:
 * wse_bounce_get() decides.  Not a stream (long-lived, it would hold its
 * slot); not a nonblocking D2H (it is done when its bytes are in the user's
 * buffer, and no thread of the submitter's runs then to copy them out).
 */
bool wse_bounce_wanted(struct wse_device *wdev, const struct wse_xfer *x,
		       bool d2h, u32 ch)
{
	unsigned long busy;

	lockdep_assert_held(&wdev->cfg_lock);

	if (x->host_bytes > READ_ONCE(inline_max) ||
	    (x->flags & WSE_XFER_STREAM) ||
	    (d2h && (x->flags & WSE_XFER_NONBLOCK)))
		return false;
	if (ch >= wdev->cfg_channels || !wdev->chan[ch].bounce)
		return false;
	busy = READ_ONCE(wdev->chan[ch].bounce_busy);
	if (x->host_bytes > WSE_BOUNCE_SMALL_BYTES)
		busy |= GENMASK(WSE_BOUNCE_SLOTS - 1, WSE_BOUNCE_BIG);
	return busy != GENMASK(WSE_BOUNCE_SLOTS - 1, 0);
}

/*
 * Outside the gate, where pinning would fault: an H2D source is faulted in
 * now, so that the copy under cfg_lock, which must not fault, finds it.
 * EFAULT as pinning gives.  A D2H destination is written (and may fault)
 * after the copy completed, by wse_bounce_copy_out().
 */
int wse_bounce_prefault(const struct wse_xfer *x, bool d2h)
{
	char __user *p = u64_to_user_ptr(x->host_ptr);

	if (!access_ok(p, x->host_bytes))
		return -EFAULT;
	if (!d2h && fault_in_readable(p, x->host_bytes))
		return -EFAULT;
	return 0;
}

/*
 * Inside the gate, cfg_lock held, @t split: take a slot of its channel and
 * point its SQE at the slot's SGL entry; an H2D's bytes are copied in now,
 * before its SQE exists.  False: no slot, or the source is not present any
 * more (the caller pins instead).
 */
bool wse_bounce_get(struct wse_device *wdev, struct wse_task *t, bool d2h)
{
	struct wse_channel *c = &wdev->chan[t->parts[0].ch];
	struct wse_hw_sgl_entry *sgl = c->bounce;
	int slot;

	lockdep_assert_held(&wdev->cfg_lock);

	if (t->nr_parts != 1 || !sgl)
		return false;
	slot = wse_bounce_take(c, t->host_bytes);
	if (slot < 0)
		return false;
	if (!d2h && copy_from_user_nofault(c->bounce + wse_bounce_off(slot),
					   u64_to_user_ptr(t->host_ptr),
					   t->host_bytes)) {
		wse_bounce_put(wdev, t->parts[0].ch, slot);
		return false;
	}
	sgl[slot].len = cpu_to_le32(t->host_bytes);
	t->pin.map.sgl_dma = c->bounce_dma + slot * sizeof(*sgl);
	t->pin.map.sgl_count = 1;
	t->bounce = slot + 1;
	t->bounce_out = d2h;
	atomic64_inc(&wdev->counters.bounced);
	return true;
}

/* Any context, holding nothing; the device is done with the slot. */
void wse_bounce_put(struct wse_device *wdev, unsigned int ch,
		    unsigned int slot)
{
	wse_region_put(&wdev->chan[ch].bounce_busy, slot);
}

/*
 * The submitter of a blocking bounced D2H, its task done with @status,
 * holding nothing: the slot's bytes to the user's buffer (if it succeeded),
 * then the slot is free.  It must not fault while it holds the slot (the
 * region's free waits for it, under cfg_lock): a destination that is not
 * present is written from a kernel copy after the slot is free.
 */
int wse_bounce_copy_out(struct wse_device *wdev, struct wse_task *t,
			int status)
{
	unsigned int ch = t->parts[0].ch, slot = t->bounce - 1;
	void __user *dst = u64_to_user_ptr(t->host_ptr);
	void *src = wdev->chan[ch].bounce + wse_bounce_off(slot);
	void *tmp = NULL;

	if (!status && copy_to_user_nofault(dst, src, t->host_bytes)) {
		tmp = kmemdup(src, t->host_bytes, GFP_KERNEL);
		if (!tmp)
			status = -ENOMEM;
	}
	t->bounce = 0;
	wse_bounce_put(wdev, ch, slot);
	if (tmp && copy_to_user(dst, tmp, t->host_bytes))
		status = -EFAULT;
	kfree(tmp);
	return status;
}
