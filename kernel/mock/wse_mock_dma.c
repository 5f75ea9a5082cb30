// SPDX-License-Identifier: GPL-2.0
/*
 * The mock's IOMMU: its platform device gets its own dma_map_ops, which
 * map 1:1 like dma-direct but record every mapping (range, direction,
 * lifetime) in an interval tree, as vdpa_sim does through its IOTLB.  Every
 * device access of the mock goes through wse_mock_dma_to_virt(), which
 * refuses (DMA error status, dma_faults counter, no splat) a range that is
 * not inside one live mapping or a direction that mapping does not allow:
 * a use-after-unmap or a wrong direction in the core fails its task.
 * The core only sees the DMA API.
 *
 * Without dma_map_ops support (WSE_HAVE_DMA_OPS: CONFIG_DMA_OPS, on 6.12
 * CONFIG_ARCH_HAS_DMA_OPS; set_dma_ops() is a no-op there) the mock falls
 * back to checking that the range is RAM in the linear map.
 */
#include <linux/dma-direct.h>
#include <linux/dma-map-ops.h>
#include <linux/interval_tree_generic.h>
#include <linux/mm.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>

#include "wse_compat.h"
#include "wse_mock.h"

/*
 * Nodes are allocated in blocks (a scatterlist's entries together, up to
 * WSE_MOCK_MAP_BLOCK per allocation) and inserted under one lock hold: with
 * slub_debug's user tracking a kmalloc per entry cost as much as the copy.
 * A block is freed when its last node is unmapped.
 */
struct wse_mock_map {
	struct rb_node rb;
	dma_addr_t start, last;		/* inclusive */
	dma_addr_t subtree_last;
	enum dma_data_direction dir;
	struct wse_mock_map *block;	/* first node of its allocation */
	u32 mapped;			/* block's first node: nodes in the tree */
};

/* 64 nodes: one page-sized atomic allocation. */
#define WSE_MOCK_MAP_BLOCK	64

#define WSE_MAP_START(m)	((m)->start)
#define WSE_MAP_LAST(m)		((m)->last)
INTERVAL_TREE_DEFINE(struct wse_mock_map, rb, dma_addr_t, subtree_last,
		     WSE_MAP_START, WSE_MAP_LAST, static, wse_mock_map)

static struct wse_mock_dma *wse_mock_dma_of(struct device *dev)
{
	struct wse_mock *mock = dev_get_drvdata(dev);

	return &mock->dma;
}

static struct wse_mock_map *wse_mock_map_block(u32 n)
{
	struct wse_mock_map *b = kmalloc_array(n, sizeof(*b), GFP_ATOMIC);
	u32 i;

	if (!b)
		return NULL;
	for (i = 0; i < n; i++)
		b[i].block = b;
	b->mapped = n;
	return b;
}

static void wse_mock_map_fill(struct wse_mock_map *m, dma_addr_t addr,
			      size_t len, enum dma_data_direction dir)
{
	m->start = addr;
	m->last = addr + len - 1;
	m->dir = dir;
}

/* Insert the @n filled nodes of block @b. */
static void wse_mock_dma_insert(struct wse_mock_dma *d, struct wse_mock_map *b,
				u32 n)
{
	unsigned long flags;
	u32 i;

	spin_lock_irqsave(&d->lock, flags);
	for (i = 0; i < n; i++)
		wse_mock_map_insert(&b[i], &d->tree);
	d->live += n;
	spin_unlock_irqrestore(&d->lock, flags);
}

static int wse_mock_dma_add(struct wse_mock_dma *d, dma_addr_t addr,
			    size_t len, enum dma_data_direction dir)
{
	struct wse_mock_map *m = wse_mock_map_block(1);

	if (!m)
		return -ENOMEM;
	wse_mock_map_fill(m, addr, len, dir);
	wse_mock_dma_insert(d, m, 1);
	return 0;
}

/* Out of the tree; the block to free if it was its last node, else NULL. */
static struct wse_mock_map *wse_mock_dma_remove(struct wse_mock_dma *d,
						struct wse_mock_map *m)
{
	lockdep_assert_held(&d->lock);
	wse_mock_map_remove(m, &d->tree);
	d->live--;
	return --m->block->mapped ? NULL : m->block;
}

/* The exact mapping must exist: anything else is a core bug, counted. */
static struct wse_mock_map *wse_mock_dma_del_locked(struct wse_mock_dma *d,
						    dma_addr_t addr,
						    size_t len,
						    enum dma_data_direction dir)
{
	struct wse_mock_map *m;

	for (m = wse_mock_map_iter_first(&d->tree, addr, addr + len - 1); m;
	     m = wse_mock_map_iter_next(m, addr, addr + len - 1))
		if (m->start == addr && m->last == addr + len - 1 &&
		    m->dir == dir)
			return wse_mock_dma_remove(d, m);
	d->bad_unmaps++;
	return NULL;
}

static void wse_mock_dma_del(struct wse_mock_dma *d, dma_addr_t addr,
			     size_t len, enum dma_data_direction dir)
{
	struct wse_mock_map *free;
	unsigned long flags;

	spin_lock_irqsave(&d->lock, flags);
	free = wse_mock_dma_del_locked(d, addr, len, dir);
	spin_unlock_irqrestore(&d->lock, flags);
	kfree(free);
}

static void *wse_mock_dma_alloc(struct device *dev, size_t size,
				dma_addr_t *dma, gfp_t gfp,
				unsigned long attrs)
{
	void *va = alloc_pages_exact(size, gfp | __GFP_ZERO);

	if (!va)
		return NULL;
	*dma = phys_to_dma(dev, virt_to_phys(va));
	if (wse_mock_dma_add(wse_mock_dma_of(dev), *dma, size,
			     DMA_BIDIRECTIONAL)) {
		free_pages_exact(va, size);
		return NULL;
	}
	return va;
}

static void wse_mock_dma_free(struct device *dev, size_t size, void *va,
			      dma_addr_t dma, unsigned long attrs)
{
	wse_mock_dma_del(wse_mock_dma_of(dev), dma, size, DMA_BIDIRECTIONAL);
	free_pages_exact(va, size);
}

static dma_addr_t wse_mock_dma_map_page(struct device *dev, struct page *page,
					unsigned long off, size_t size,
					enum dma_data_direction dir,
					unsigned long attrs)
{
	dma_addr_t dma = phys_to_dma(dev, page_to_phys(page) + off);

	if (!size || wse_mock_dma_add(wse_mock_dma_of(dev), dma, size, dir))
		return DMA_MAPPING_ERROR;
	return dma;
}

static void wse_mock_dma_unmap_page(struct device *dev, dma_addr_t dma,
				    size_t size, enum dma_data_direction dir,
				    unsigned long attrs)
{
	wse_mock_dma_del(wse_mock_dma_of(dev), dma, size, dir);
}

/* @n entries from @sg under one lock hold; the entry after them. */
static struct scatterlist *wse_mock_dma_del_sg(struct wse_mock_dma *d,
					       struct scatterlist *sg, int n,
					       enum dma_data_direction dir)
{
	unsigned long flags;

	spin_lock_irqsave(&d->lock, flags);
	for (; n; n--, sg = sg_next(sg))
		kfree(wse_mock_dma_del_locked(d, sg_dma_address(sg),
					      sg_dma_len(sg), dir));
	spin_unlock_irqrestore(&d->lock, flags);
	return sg;
}

static void wse_mock_dma_unmap_sg(struct device *dev, struct scatterlist *sgl,
				  int nents, enum dma_data_direction dir,
				  unsigned long attrs)
{
	struct scatterlist *sg = sgl;
	int i, n;

	/* a block's worth per hold: irqs stay off for a bounded time */
	for (i = 0; i < nents; i += n) {
		n = min(nents - i, WSE_MOCK_MAP_BLOCK);
		sg = wse_mock_dma_del_sg(wse_mock_dma_of(dev), sg, n, dir);
	}
}

static int wse_mock_dma_map_sg(struct device *dev, struct scatterlist *sgl,
			       int nents, enum dma_data_direction dir,
			       unsigned long attrs)
{
	struct wse_mock_map *b = NULL;
	struct scatterlist *sg;
	int i, n = 0;

	/* as an IOMMU out of space would: the core must cope at any map */
	if (atomic_read(&wse_mock_dma_of(dev)->map_fail) > 0 &&
	    atomic_dec_and_test(&wse_mock_dma_of(dev)->map_fail))
		return -ENOMEM;
	for_each_sg(sgl, sg, nents, i) {
		if (i % WSE_MOCK_MAP_BLOCK == 0) {
			n = min(nents - i, WSE_MOCK_MAP_BLOCK);
			b = wse_mock_map_block(n);
			if (!b) {
				wse_mock_dma_unmap_sg(dev, sgl, i, dir, attrs);
				return -ENOMEM;
			}
		}
		sg->dma_address = phys_to_dma(dev, sg_phys(sg));
		sg_dma_len(sg) = sg->length;
		wse_mock_map_fill(&b[i % WSE_MOCK_MAP_BLOCK], sg->dma_address,
				  sg->length, dir);
		if (i % WSE_MOCK_MAP_BLOCK == n - 1)
			wse_mock_dma_insert(wse_mock_dma_of(dev), b, n);
	}
	return nents;
}

static int wse_mock_dma_supported(struct device *dev, u64 mask)
{
	return 1;
}

static const struct dma_map_ops wse_mock_dma_ops = {
	.alloc = wse_mock_dma_alloc,
	.free = wse_mock_dma_free,
	.map_page = wse_mock_dma_map_page,
	.unmap_page = wse_mock_dma_unmap_page,
	.map_sg = wse_mock_dma_map_sg,
	.unmap_sg = wse_mock_dma_unmap_sg,
	.dma_supported = wse_mock_dma_supported,
};

/* Probe, before the first mapping: drvdata must point at @mock already. */
void wse_mock_dma_init(struct wse_mock *mock)
{
	spin_lock_init(&mock->dma.lock);
	mock->dma.tree = RB_ROOT_CACHED;
	mock->dma.strict = WSE_HAVE_DMA_OPS;
	set_dma_ops(mock->dev, &wse_mock_dma_ops);
}

/* Remove, after the core let go: what is left was never unmapped. */
void wse_mock_dma_exit(struct wse_mock *mock)
{
	struct wse_mock_dma *d = &mock->dma;
	u64 left = d->live;
	struct wse_mock_map *m;

	/* no mapping can come or go any more: the lock only for lockdep */
	spin_lock_irq(&d->lock);
	while ((m = wse_mock_map_iter_first(&d->tree, 0, ~(dma_addr_t)0)))
		kfree(wse_mock_dma_remove(d, m));
	spin_unlock_irq(&d->lock);
	if (left)
		dev_err(mock->dev, "%llu DMA mappings left at removal\n",
			left);
	set_dma_ops(mock->dev, NULL);
}

/* Counters for debugfs. */
void wse_mock_dma_counts(struct wse_mock *mock, u64 *live, u64 *bad_unmaps)
{
	unsigned long flags;

	spin_lock_irqsave(&mock->dma.lock, flags);
	*live = mock->dma.live;
	*bad_unmaps = mock->dma.bad_unmaps;
	spin_unlock_irqrestore(&mock->dma.lock, flags);
}

static bool wse_mock_dma_allowed(struct wse_mock_dma *d, dma_addr_t addr,
				 size_t len, enum dma_data_direction dir)
{
	dma_addr_t last = addr + len - 1;
	struct wse_mock_map *m;
	unsigned long flags;
	bool ok = false;

	spin_lock_irqsave(&d->lock, flags);
	for (m = wse_mock_map_iter_first(&d->tree, addr, last); m && !ok;
	     m = wse_mock_map_iter_next(m, addr, last))
		ok = m->start <= addr && last <= m->last &&
		     (m->dir == DMA_BIDIRECTIONAL || m->dir == dir);
	spin_unlock_irqrestore(&d->lock, flags);
	return ok;
}

/*
 * The only host-address translation of the mock: [addr, addr + len) as the
 * device sees it, read (DMA_TO_DEVICE) or written (DMA_FROM_DEVICE) by the
 * device -> kernel pointer, or NULL (the access faults).  Mappings are 1:1
 * (dma_to_phys()), every page must be RAM in the linear map.
 */
void *wse_mock_dma_to_virt(struct wse_mock *mock, dma_addr_t addr, size_t len,
			   enum dma_data_direction dir)
{
	phys_addr_t phys, last;
	unsigned long pfn;

	if (!len || addr + (len - 1) < addr)
		goto fault;
	if (mock->dma.strict &&
	    !wse_mock_dma_allowed(&mock->dma, addr, len, dir))
		goto fault;
	phys = dma_to_phys(mock->dev, addr);
	last = phys + (len - 1);
	if (last < phys)
		goto fault;
	for (pfn = PHYS_PFN(phys); pfn <= PHYS_PFN(last); pfn++)
		if (!pfn_valid(pfn) || PageHighMem(pfn_to_page(pfn)))
			goto fault;
	return phys_to_virt(phys);
fault:
	atomic64_inc(&mock->cnt.dma_faults);
	return NULL;
}

/*
 * debugfs dma_misuse (a test hook): a deliberate device-side bug on the
 * first data segment of the next transfer, which the checks above must
 * catch.  Called by the transfer's validation with the real access.
 */
void wse_mock_dma_misuse(struct wse_mock *mock, dma_addr_t *addr, u32 *len,
			 enum dma_data_direction *dir)
{
	switch (atomic_xchg(&mock->dma_misuse, WSE_MOCK_MISUSE_NONE)) {
	case WSE_MOCK_MISUSE_DIR:
		*dir = *dir == DMA_TO_DEVICE ? DMA_FROM_DEVICE : DMA_TO_DEVICE;
		break;
	case WSE_MOCK_MISUSE_PAST_END:
		*addr += *len;
		*len = 4;
		break;
	case WSE_MOCK_MISUSE_STALE:
		if (READ_ONCE(mock->dma.last_len)) {
			*addr = READ_ONCE(mock->dma.last_addr);
			*len = READ_ONCE(mock->dma.last_len);
		}
		break;
	}
}
