// SPDX-License-Identifier: GPL-2.0
/*
 * H2D lists (WSE_IOCTL_H2D_LIST): many small copies as one task, one SQE
 * per channel and one completion, where as many copies would cost a task,
 * a bounce slot, an SQE and a CQE each.  The items and their data are
 * copied in first (outside the gate: a fault on them must not hold up
 * removal), checked all (one pass) before anything is submitted, then
 * written to one DMA buffer in the device's format (wse_hw.h,
 * WSE_HW_OP_H2D_LIST).  The task spans the rows of its items, split per
 * channel as a copy is, so it is ordered with the other tasks of those
 * channels like one copy.
 */
#include <linux/dma-mapping.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "wse_internal.h"

/* The user's items and data, in kernel memory. */
struct wse_list_in {
	struct wse_xfer_item *items;
	void *data;
	struct wse_file *kept;	/* in kept->list_in, not allocated */
};

/* A file's kept buffer holds the largest list: items, then data. */
#define WSE_LIST_IN_ITEMS	(WSE_MAX_LIST_ITEMS * \
				 sizeof(struct wse_xfer_item))
#define WSE_LIST_IN_BYTES	(WSE_LIST_IN_ITEMS + WSE_MAX_LIST_BYTES)

static void wse_list_in_free(struct wse_list_in *in)
{
	if (in->kept) {
		clear_bit_unlock(0, &in->kept->list_in_busy);
		return;
	}
	kvfree(in->items);
	kvfree(in->data);
}

/* release(): no ioctl of @wf runs any more. */
void wse_list_in_release(struct wse_file *wf)
{
	kvfree(wf->list_in);
	wf->list_in = NULL;
}

/*
 * Copy them in (the user's sizes: charged to its memcg; a failure is the
 * caller's ENOMEM, not an allocation splat): to the file's kept buffer
 * unless another of its lists holds it (allocated by the first), as
 * io_uring and blk-mq keep their requests.  With the VM's slab debugging
 * two allocations per list cost as much as copying and checking its items.
 * wse_check_list() bounded count and data_bytes: they fit the kept buffer.
 */
static int wse_list_copy_in(struct wse_file *wf, struct wse_xfer_list *xl,
			    struct wse_list_in *in)
{
	if (!test_and_set_bit_lock(0, &wf->list_in_busy)) {
		if (!wf->list_in)
			wf->list_in = kvmalloc(WSE_LIST_IN_BYTES,
					       GFP_KERNEL_ACCOUNT |
					       __GFP_NOWARN);
		if (wf->list_in) {
			in->kept = wf;
			in->items = wf->list_in;
			in->data = wf->list_in + WSE_LIST_IN_ITEMS;
		} else {
			clear_bit_unlock(0, &wf->list_in_busy);
		}
	}
	if (!in->kept) {
		in->items = kvmalloc_array(xl->count, sizeof(*in->items),
					   GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
		in->data = kvmalloc(xl->data_bytes,
				    GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	}
	if (!in->items || !in->data)
		return -ENOMEM;
	if (copy_from_user(in->items, u64_to_user_ptr(xl->items),
			   (size_t)xl->count * sizeof(*in->items)) ||
	    copy_from_user(in->data, u64_to_user_ptr(xl->data),
			   xl->data_bytes))
		return -EFAULT;
	return 0;
}

/*
 * @x's symbol range was checked already: @ok passed wse_check_symbol() and
 * @x is on its PE and symbol with a range that ends no later (items to
 * one PE come in runs: one check for the run).
 */
static bool wse_list_sym_known(const struct wse_xfer *ok,
			       const struct wse_xfer *x)
{
	u32 e_ok = ok->data_type == WSE_DATA_16BIT ? 2 : 4;
	u32 e_x = x->data_type == WSE_DATA_16BIT ? 2 : 4;

	return ok->l && ok->x == x->x && ok->y == x->y &&
	       ok->symbol == x->symbol &&
	       (u64)x->pe_offset + (u64)x->l * e_x <=
	       (u64)ok->pe_offset + (u64)ok->l * e_ok;
}

/*
 * cfg_lock held: every item's checks, in one pass (@xl->bad_item on
 * error); out: the rows the items span.
 */
static int wse_list_allowed(struct wse_file *wf, struct wse_xfer_list *xl,
			    const struct wse_list_in *in, u32 *y0, u32 *y1)
{
	struct wse_device *wdev = wf->wdev;
	struct wse_xfer x, ok = {};
	u32 i;
	int ret;

	lockdep_assert_held(&wdev->cfg_lock);
	ret = wse_check_owner(wdev, wf);
	if (ret)
		return ret;
	*y0 = U32_MAX;
	*y1 = 0;
	for (i = 0; i < xl->count; i++) {
		const struct wse_xfer_item *prev = i ? &in->items[i - 1] : NULL;

		/* its own fields, then against the configuration */
		ret = wse_check_item(&wdev->info, xl, prev, &in->items[i], &x);
		if (ret == 1)
			continue;	/* as @prev, checked */
		if (!ret)
			ret = wse_check_roi(&wdev->cfg, &x);
		if (!ret && (x.flags & WSE_XFER_SYMBOL) &&
		    !wse_list_sym_known(&ok, &x)) {
			ret = wse_check_symbol(wdev, &x);
			ok = x;
		}
		if (ret) {
			xl->bad_item = i;
			return ret;
		}
		*y0 = min(*y0, x.y);
		*y1 = max(*y1, x.y);
	}
	return 0;
}

/* A channel's kept table holds the largest list. */
#define WSE_LIST_BUF_BYTES	(WSE_MAX_LIST_ITEMS *			\
				 sizeof(struct wse_hw_list_item) +	\
				 WSE_MAX_LIST_BYTES)

/*
 * cfg_lock held, @t split: @t's table is its first channel's kept one if
 * that is free (allocated now if this is the channel's first list), else an
 * allocation of its own.  Under TCG the allocation, zeroing and freeing of
 * ~40 KiB of coherent memory per list cost as much as checking its items.
 */
static int wse_list_table_get(struct wse_device *wdev, struct wse_task *t)
{
	struct wse_channel *c = &wdev->chan[t->parts[0].ch];

	lockdep_assert_held(&wdev->cfg_lock);

	if (!test_and_set_bit_lock(0, &c->list_busy)) {
		if (!c->list_buf)
			c->list_buf = dma_alloc_coherent(wdev->dma_dev,
							 WSE_LIST_BUF_BYTES,
							 &c->list_dma,
							 GFP_KERNEL |
							 __GFP_NOWARN);
		if (c->list_buf) {
			t->list = c->list_buf;
			t->list_dma = c->list_dma;
			t->list_kept = true;
			return 0;
		}
		clear_bit_unlock(0, &c->list_busy);
	}
	t->list = dma_alloc_coherent(wdev->dma_dev, t->list_bytes,
				     &t->list_dma, GFP_KERNEL);
	return t->list ? 0 : -ENOMEM;
}

/* Any context, holding nothing; the device is done with @t's table. */
void wse_list_table_put(struct wse_device *wdev, struct wse_task *t)
{
	if (t->list_kept)
		wse_region_put(&wdev->chan[t->parts[0].ch].list_busy, 0);
	else if (t->list)
		dma_free_coherent(wdev->dma_dev, t->list_bytes, t->list,
				  t->list_dma);
	t->list = NULL;
	t->list_kept = false;
}

/*
 * cfg_lock held, with the rings.  Every task has ended by now; the wait is
 * for one whose end is still putting its table.
 */
void wse_list_table_free(struct wse_device *wdev, struct wse_channel *c)
{
	wse_region_free(wdev, &c->list_buf, c->list_dma, WSE_LIST_BUF_BYTES,
			&c->list_busy);
}

/* The device's table and data, in DMA memory that @t owns from here. */
static int wse_list_build(struct wse_device *wdev, struct wse_task *t,
			  const struct wse_xfer_list *xl,
			  const struct wse_list_in *in)
{
	size_t table = (size_t)xl->count * sizeof(struct wse_hw_list_item);
	struct wse_hw_list_item *hw;
	u32 i;
	int ret;

	t->list_bytes = table + xl->data_bytes;
	ret = wse_list_table_get(wdev, t);
	if (ret)
		return ret;
	t->list_count = xl->count;
	hw = t->list;
	for (i = 0; i < xl->count; i++) {
		const struct wse_xfer_item *it = &in->items[i];

		hw[i] = (struct wse_hw_list_item) {
			.pe_x = cpu_to_le16(it->x),
			.pe_y = cpu_to_le16(it->y),
			.len = cpu_to_le32(it->l),
			.pe_offset = cpu_to_le32(it->pe_offset),
			.symbol = cpu_to_le32(it->symbol),
			.data_off = cpu_to_le32(it->data_off),
			.flags = (it->data_type == WSE_DATA_16BIT ?
				  WSE_HW_SQE_16BIT : 0) |
				 (it->flags & WSE_ITEM_SYMBOL ?
				  WSE_HW_SQE_SYMBOL : 0),
		};
	}
	memcpy(t->list + table, in->data, xl->data_bytes);
	return 0;
}

int wse_xfer_list(struct wse_file *wf, struct wse_xfer_list *xl)
{
	struct wse_device *wdev = wf->wdev;
	bool blocking = !(xl->flags & WSE_LIST_NONBLOCK);
	struct wse_list_in in = {};
	struct wse_task *t = NULL;
	int idx, ret, poll_ch = -1;
	u32 y0, y1;

	ret = wse_list_copy_in(wf, xl, &in);
	if (ret)
		goto free;

	idx = wse_gate_enter(wdev);
	if (wse_dead(wdev)) {
		ret = -ENODEV;
		goto exit_gate;
	}
	/* cfg_lock keeps STOP from tearing down under a submission. */
	if (mutex_lock_killable(&wdev->cfg_lock)) {
		ret = -EINTR;
		goto exit_gate;
	}
	ret = wse_list_allowed(wf, xl, &in, &y0, &y1);
	if (ret)
		goto unlock;
	t = wse_task_alloc(wf);
	if (IS_ERR(t)) {
		ret = PTR_ERR(t);
		goto unlock;
	}
	t->blocking = blocking;
	t->opcode = WSE_HW_OP_H2D_LIST;
	/* the rows the items span, every column: the channels' bands */
	t->x = 0;
	t->w = wdev->cfg.width;
	t->y = y0;
	t->h = y1 - y0 + 1;
	t->host_bytes = xl->data_bytes;
	wse_split(&wdev->cfg, t);
	ret = wse_list_build(wdev, t, xl, &in);
	if (ret) {
		wse_task_abort(t);
		goto unlock;
	}
	if (blocking)
		refcount_inc(&t->ref);	/* the sleeper's, below */
	ret = wse_task_submit_poll(t, &xl->task_id, &poll_ch);
unlock:
	mutex_unlock(&wdev->cfg_lock);
exit_gate:
	wse_gate_exit(wdev, idx);
	wse_poll_submitted(wdev, poll_ch);
	if (!ret && blocking)
		ret = wse_wait_blocking(t);
free:
	wse_list_in_free(&in);
	return ret;
}
