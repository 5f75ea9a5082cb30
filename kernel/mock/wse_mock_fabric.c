// SPDX-License-Identifier: GPL-2.0
/*
 * wse_mock_fabric.c - the fabric: PE memories of the configured rectangle.
 *
 * Only the program rectangle is backed by memory; the memcpy support PEs and
 * the rest of the fabric are implicit.  Every PE has its own struct so a PE
 * interpreter can later hang its state off it.
 */
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "wse_mock.h"

/* Called with mock->lock held, no channel running. */
int wse_mock_fabric_configure(struct wse_mock *mock,
			      const struct wse_fabric_config *cfg)
{
	struct wse_mock_fabric *fab = &mock->fabric;
	u32 pe_bytes = mock->info.pe_memory_bytes;
	size_t n, i;

	if (fab->configured)
		return -EBUSY;
	if (!cfg->width || !cfg->height || cfg->width > U16_MAX ||
	    cfg->height > U16_MAX || !cfg->channels ||
	    cfg->channels > WSE_MAX_CHANNELS)
		return -EINVAL;
	n = (size_t)cfg->width * cfg->height;
	if (n > mock->info.max_rect_pes)
		return -ENOSPC;

	/* Huge requests fail quietly: no allocation splat from userspace. */
	fab->mem = __vmalloc(array_size(n, pe_bytes),
			     GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN);
	if (!fab->mem)
		return -ENOMEM;
	fab->pes = kvmalloc_array(n, sizeof(*fab->pes),
				  GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN);
	if (!fab->pes) {
		vfree(fab->mem);
		fab->mem = NULL;
		return -ENOMEM;
	}
	for (i = 0; i < n; i++)
		fab->pes[i].mem = fab->mem + i * pe_bytes;
	fab->cfg = *cfg;
	fab->pe_bytes = pe_bytes;
	fab->configured = true;
	return 0;
}

/* Called with mock->lock held (or on remove), no channel running. */
void wse_mock_fabric_unconfigure(struct wse_mock *mock)
{
	struct wse_mock_fabric *fab = &mock->fabric;

	fab->configured = false;
	kvfree(fab->pes);
	fab->pes = NULL;
	vfree(fab->mem);
	fab->mem = NULL;
}

/* Memory of PE (x, y) in rectangle coordinates, NULL if outside. */
u8 *wse_mock_pe_mem(const struct wse_mock_fabric *fab, u32 x, u32 y)
{
	if (!fab->configured || x >= fab->cfg.width || y >= fab->cfg.height)
		return NULL;
	return fab->pes[(size_t)y * fab->cfg.width + x].mem;
}
