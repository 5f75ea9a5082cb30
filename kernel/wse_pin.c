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
 */
#include <linux/dma-mapping.h>
#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/scatterlist.h>
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

	pin->pages = kvmalloc_array(npages, sizeof(*pin->pages), GFP_KERNEL);
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

/* Inside the gate: the DMA mapping and the device's SGL. */
int wse_pin_map(struct wse_device *wdev, struct wse_pin *pin)
{
	enum dma_data_direction dir = pin->write ? DMA_FROM_DEVICE :
						   DMA_TO_DEVICE;
	struct scatterlist *sg;
	unsigned int max_seg;
	u64 total = 0;
	unsigned int i;
	int ret;

	/* SGL lengths are 32-bit; the DMA device may limit segments more. */
	max_seg = min_t(unsigned int, dma_get_max_seg_size(wdev->dma_dev),
			UINT_MAX) & PAGE_MASK;
	if (!max_seg)
		max_seg = PAGE_SIZE;
	ret = sg_alloc_table_from_pages_segment(&pin->sgt, pin->pages,
						pin->npages, pin->offset,
						pin->len, max_seg, GFP_KERNEL);
	if (ret)
		return ret;
	ret = dma_map_sgtable(wdev->dma_dev, &pin->sgt, dir, 0);
	if (ret) {
		sg_free_table(&pin->sgt);
		return ret == -ENOMEM ? -ENOMEM : -EIO;
	}
	pin->mapped = true;

	pin->sgl_count = pin->sgt.nents;
	pin->sgl = dma_alloc_coherent(wdev->dma_dev,
				      pin->sgl_count * sizeof(*pin->sgl),
				      &pin->sgl_dma, GFP_KERNEL);
	if (!pin->sgl)
		return -ENOMEM;
	for_each_sgtable_dma_sg(&pin->sgt, sg, i) {
		pin->sgl[i].addr = cpu_to_le64(sg_dma_address(sg));
		pin->sgl[i].len = cpu_to_le32(sg_dma_len(sg));
		pin->sgl[i].rsvd = 0;
		total += sg_dma_len(sg);
	}
	/* The device must see exactly host_bytes. */
	return total == pin->len ? 0 : -EIO;
}

void wse_pin_release(struct wse_device *wdev, struct wse_pin *pin)
{
	if (pin->sgl)
		dma_free_coherent(wdev->dma_dev,
				  pin->sgl_count * sizeof(*pin->sgl),
				  pin->sgl, pin->sgl_dma);
	pin->sgl = NULL;
	if (pin->mapped) {
		dma_unmap_sgtable(wdev->dma_dev, &pin->sgt,
				  pin->write ? DMA_FROM_DEVICE : DMA_TO_DEVICE,
				  0);
		sg_free_table(&pin->sgt);
		pin->mapped = false;
	}
	if (pin->npages)
		unpin_user_pages_dirty_lock(pin->pages, pin->npages,
					    pin->write);
	pin->npages = 0;
	kvfree(pin->pages);
	pin->pages = NULL;
	wse_pin_uncharge(pin);
}
