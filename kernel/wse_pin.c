// SPDX-License-Identifier: GPL-2.0
/*
 * Host buffers: pin_user_pages_fast(), sg_table, DMA mapping and
 * the device's SGL.  wse_pin_release() undoes whatever was done, once.
 */
#include <linux/dma-mapping.h>
#include <linux/mm.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "wse_internal.h"

#define WSE_PIN_CHUNK	1024	/* pages per pin_user_pages_fast() call */

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
		cond_resched();
	}
	return 0;
}

/* Inside the gate.  On error the caller still calls wse_pin_release(). */
int wse_pin_user(struct wse_device *wdev, struct wse_pin *pin, u64 uaddr,
		 u64 len, bool write)
{
	enum dma_data_direction dir = write ? DMA_FROM_DEVICE : DMA_TO_DEVICE;
	unsigned int off = offset_in_page(uaddr);
	unsigned int max_seg;
	struct scatterlist *sg;
	unsigned long npages;
	u64 total = 0;
	unsigned int i;
	int ret;

	if (!access_ok(u64_to_user_ptr(uaddr), len))
		return -EFAULT;
	npages = DIV_ROUND_UP(off + len, PAGE_SIZE);
	if (npages > UINT_MAX)
		return -ENOMEM;
	pin->write = write;
	ret = wse_pin_pages(pin, uaddr & PAGE_MASK, npages);
	if (ret)
		return ret;

	/* SGL lengths are 32-bit; the DMA device may limit segments more. */
	max_seg = min_t(unsigned int, dma_get_max_seg_size(wdev->dma_dev),
			UINT_MAX) & PAGE_MASK;
	if (!max_seg)
		max_seg = PAGE_SIZE;
	ret = sg_alloc_table_from_pages_segment(&pin->sgt, pin->pages, npages,
						off, len, max_seg, GFP_KERNEL);
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
	return total == len ? 0 : -EIO;
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
}
