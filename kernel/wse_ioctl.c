// SPDX-License-Identifier: GPL-2.0
/*
 * Ioctl dispatch, argument copying and every validation rule
 * of uapi/linux/wse.h (the errno table there is the spec).
 */
#include <linux/fs.h>
#include <linux/overflow.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "wse_internal.h"

/* Dispatch on type, number and direction; the size bits are ignored. */
#define WSE_CMD(cmd)	((cmd) & ~(_IOC_SIZEMASK << _IOC_SIZESHIFT))

#define WSE_NONZERO(arr)	(memchr_inv(arr, 0, sizeof(arr)) != NULL)

/*
 * Every struct starts with its size; its first published size (VER0, fixed)
 * is the smallest accepted, fields a shorter one lacks read as zero, a
 * longer one must have a zero tail (copy_struct_from_user() gives E2BIG).
 * kstruct->size keeps the caller's size for wse_copy_out().
 */
#define wse_copy_in(kptr, arg, ver0) ({					\
	BUILD_BUG_ON((ver0) > sizeof(*(kptr)));				\
	__wse_copy_in(kptr, sizeof(*(kptr)), ver0, arg);		\
})

static int __wse_copy_in(void *kstruct, size_t ksize, size_t ver0,
			 unsigned long arg)
{
	void __user *uarg = (void __user *)arg;
	u32 usize;
	int ret;

	if (get_user(usize, (u32 __user *)uarg))
		return -EFAULT;
	if (usize < ver0)
		return -EINVAL;
	if (usize > PAGE_SIZE)
		return -E2BIG;
	ret = copy_struct_from_user(kstruct, ksize, uarg, usize);
	if (ret)
		return ret;
	*(u32 *)kstruct = usize;
	return 0;
}

/* Output: min(caller's size, kernel size) bytes; @usize >= VER0. */
static int wse_copy_out(unsigned long arg, const void *kstruct, size_t ksize,
			u32 usize)
{
	return copy_to_user((void __user *)arg, kstruct, min_t(size_t, ksize,
			    usize)) ? -EFAULT : 0;
}

/* ---- validation ---- */

static int wse_check_configure(const struct wse_hw_info *info,
			       const struct wse_configure *c)
{
	if (c->flags || WSE_NONZERO(c->reserved))
		return -EINVAL;
	if (!c->channels || c->channels > WSE_MAX_CHANNELS ||
	    !c->width || !c->height)
		return -EINVAL;
	if ((u64)c->offset_x < WSE_MEMCPY_MIN_OFFSET_X + (u64)c->west_buf ||
	    c->offset_y < WSE_MEMCPY_MIN_OFFSET_Y)
		return -EINVAL;
	if ((u64)c->dim_x < (u64)c->offset_x + c->width +
			    WSE_MEMCPY_EAST_COLS + 1 + c->east_buf)
		return -EINVAL;
	if ((u64)c->dim_y < (u64)c->offset_y + c->height + 1)
		return -EINVAL;
	if (c->dim_x > info->fabric_width || c->dim_y > info->fabric_height)
		return -EINVAL;
	if ((u64)c->width * c->height > info->max_rect_pes)
		return -ENOSPC;
	return 0;
}

/* What can be checked without the configuration. */
static int wse_check_xfer(const struct wse_hw_info *info,
			  const struct wse_xfer *x)
{
	u32 elem = x->data_type == WSE_DATA_16BIT ? 2 : 4;
	u64 bytes;

	if ((x->flags & ~WSE_XFER_FLAGS_ALL) || WSE_NONZERO(x->reserved))
		return -EINVAL;
	/* The symbol itself is checked against the loaded program. */
	if (!(x->flags & WSE_XFER_SYMBOL) && x->symbol)
		return -EINVAL;
	/* So is the stream color (after RUN, one of its stream colors). */
	if (x->flags & WSE_XFER_STREAM) {
		if ((x->flags & WSE_XFER_SYMBOL) || x->pe_offset ||
		    x->color >= WSE_NR_COLORS)
			return -EINVAL;
	} else if (x->color) {
		return -EINVAL;
	}
	if (x->data_type > WSE_DATA_16BIT || x->order > WSE_ORDER_COL_MAJOR)
		return -EINVAL;
	if (!x->w || !x->h || !x->l || x->pe_offset % elem)
		return -EINVAL;
	/* A stream touches no PE memory: l is not bounded by it. */
	if (!(x->flags & WSE_XFER_STREAM) &&
	    (u64)x->pe_offset + (u64)x->l * elem > info->pe_memory_bytes)
		return -ENOSPC;
	if (x->host_ptr & 3 || x->host_bytes > WSE_MAX_XFER_BYTES)
		return -EINVAL;
	/* w * h fits in u64 (both are u32); the factor l * 4 may not. */
	if (check_mul_overflow((u64)x->w * x->h, (u64)x->l * 4, &bytes) ||
	    bytes != x->host_bytes)
		return -EINVAL;
	return 0;
}

/* WSE_IOCTL_H2D_LIST's own fields; the items are wse_check_item()'s. */
static int wse_check_list(const struct wse_xfer_list *xl)
{
	if ((xl->flags & ~WSE_LIST_FLAGS_ALL) || WSE_NONZERO(xl->reserved))
		return -EINVAL;
	if (!xl->count || xl->count > WSE_MAX_LIST_ITEMS ||
	    xl->item_size != sizeof(struct wse_xfer_item))
		return -EINVAL;
	if (!xl->data_bytes || xl->data_bytes > WSE_MAX_LIST_BYTES ||
	    xl->data_bytes % 4 || xl->data % 4)
		return -EINVAL;
	return 0;
}

/* @it is the copy @prev is, but for its data. */
static bool wse_item_same(const struct wse_xfer_item *prev,
			  const struct wse_xfer_item *it)
{
	return prev && it->x == prev->x && it->y == prev->y &&
	       it->l == prev->l && it->pe_offset == prev->pe_offset &&
	       it->symbol == prev->symbol && it->flags == prev->flags &&
	       it->data_type == prev->data_type &&
	       !memcmp(it->reserved, prev->reserved, sizeof(it->reserved));
}

/*
 * An item of @xl, without the configuration: its data range, its fields,
 * and what wse_check_xfer() says of the 1-PE copy it stands for, which it
 * fills in @x for the checks against the device (wse_xfer_list.c).  The
 * item @prev before it passed them all: if @it is the same copy but for
 * its data, only its data range is checked, and 1 returned (items to one
 * target come in runs).
 */
int wse_check_item(const struct wse_hw_info *info,
		   const struct wse_xfer_list *xl,
		   const struct wse_xfer_item *prev,
		   const struct wse_xfer_item *it, struct wse_xfer *x)
{
	if (it->data_off % 4 || !it->l ||
	    (u64)it->data_off + (u64)it->l * 4 > xl->data_bytes)
		return -EINVAL;
	if (wse_item_same(prev, it))
		return 1;
	if ((it->flags & ~WSE_ITEM_FLAGS_ALL) || WSE_NONZERO(it->reserved))
		return -EINVAL;
	*x = (struct wse_xfer) {
		.flags = it->flags & WSE_ITEM_SYMBOL ? WSE_XFER_SYMBOL : 0,
		.host_bytes = (u64)it->l * 4,
		.x = it->x, .y = it->y, .w = 1, .h = 1, .l = it->l,
		.pe_offset = it->pe_offset,
		.data_type = it->data_type,
		.symbol = it->symbol,
	};
	return wse_check_xfer(info, x);
}

/* Under cfg_lock, against the configured rectangle. */
int wse_check_roi(const struct wse_fabric_config *cfg,
		  const struct wse_xfer *x)
{
	if ((u64)x->x + x->w > cfg->width || (u64)x->y + x->h > cfg->height)
		return -EINVAL;
	return 0;
}

/* EPERM: nobody owns the device; EBUSY: someone else does. */
int wse_check_owner(struct wse_device *wdev, struct wse_file *wf)
{
	struct wse_file *owner = READ_ONCE(wdev->owner);

	if (owner == wf)
		return 0;
	return owner ? -EBUSY : -EPERM;
}

static int wse_check_launch(const struct wse_launch *l)
{
	if ((l->flags & ~WSE_LAUNCH_FLAGS_ALL) || l->reserved0 ||
	    WSE_NONZERO(l->reserved) || l->argc > WSE_MAX_LAUNCH_ARGS)
		return -EINVAL;
	if (memchr_inv(&l->args[l->argc], 0,
		       (WSE_MAX_LAUNCH_ARGS - l->argc) * sizeof(l->args[0])))
		return -EINVAL;
	return 0;
}

static int wse_check_load(const struct wse_load *ld)
{
	if (ld->flags || ld->reserved0 || WSE_NONZERO(ld->reserved))
		return -EINVAL;
	if (!ld->nr_images || ld->nr_images > WSE_MAX_IMAGES ||
	    ld->nr_functions > WSE_MAX_FUNCTIONS ||
	    ld->nr_symbols > WSE_MAX_SYMBOLS)
		return -EINVAL;
	return 0;
}

static int wse_check_fault(const struct wse_fault *f)
{
	if (f->flags || WSE_NONZERO(f->reserved))
		return -EINVAL;
	return 0;
}

static int wse_check_stall(const struct wse_stall *s)
{
	if (s->flags || s->reserved0 || WSE_NONZERO(s->reserved))
		return -EINVAL;
	/* Room for entries needs somewhere to put them. */
	if (s->capacity && !s->entries)
		return -EINVAL;
	return 0;
}

static int wse_check_wait(const struct wse_wait *w)
{
	if ((w->flags & ~WSE_WAIT_FLAGS_ALL) || WSE_NONZERO(w->reserved))
		return -EINVAL;
	if ((w->flags & WSE_WAIT_ALL) && w->task_id)
		return -EINVAL;
	return 0;
}

static int wse_check_query(const struct wse_query *q)
{
	if (q->flags || WSE_NONZERO(q->reserved))
		return -EINVAL;
	return 0;
}

/* ---- handlers ---- */

static int wse_ioctl_info(struct wse_file *wf, unsigned long arg)
{
	struct wse_device *wdev = wf->wdev;
	struct wse_info info;
	u32 usize;
	int ret;

	/* Same size rules as every struct; the input carries nothing else. */
	ret = wse_copy_in(&info, arg, WSE_INFO_SIZE_VER0);
	if (ret)
		return ret;
	usize = info.size;
	memset(&info, 0, sizeof(info));
	info.size = min_t(u32, usize, sizeof(info));
	info.abi_version = WSE_ABI_VERSION;
	info.arch = wdev->info.arch;
	info.fabric_width = wdev->info.fabric_width;
	info.fabric_height = wdev->info.fabric_height;
	info.channels_per_edge = wdev->info.channels_per_edge;
	info.max_channels = WSE_MAX_CHANNELS;
	info.pe_memory_bytes = wdev->info.pe_memory_bytes;
	info.max_tasks = WSE_MAX_TASKS;
	info.ring_depth = WSE_RING_DEPTH;
	info.state = wse_state(wdev);
	info.max_rect_pes = wdev->info.max_rect_pes;
	return wse_copy_out(arg, &info, sizeof(info), usize);
}

static int wse_ioctl_configure(struct wse_file *wf, unsigned long arg)
{
	struct wse_configure c;
	struct wse_fabric_config cfg;
	int ret;

	ret = wse_copy_in(&c, arg, WSE_CONFIGURE_SIZE_VER0);
	if (!ret)
		ret = wse_check_configure(&wf->wdev->info, &c);
	if (ret)
		return ret;
	cfg = (struct wse_fabric_config) {
		.width = c.width, .height = c.height,
		.offset_x = c.offset_x, .offset_y = c.offset_y,
		.dim_x = c.dim_x, .dim_y = c.dim_y,
		.channels = c.channels,
		.west_buf = c.west_buf, .east_buf = c.east_buf,
	};
	return wse_configure(wf, &cfg);
}

static int wse_ioctl_xfer(struct wse_file *wf, unsigned long arg, bool d2h)
{
	struct wse_xfer x;
	int ret, ret2;

	ret = wse_copy_in(&x, arg, WSE_XFER_SIZE_VER0);
	if (!ret)
		ret = wse_check_xfer(&wf->wdev->info, &x);
	if (ret)
		return ret;
	x.task_id = 0;
	ret = wse_xfer(wf, &x, d2h);
	/* A submitted task has an id even if the copy failed. */
	if (ret == -EINTR || (ret && !x.task_id))
		return ret;
	ret2 = wse_copy_out(arg, &x, sizeof(x), x.size);
	return ret ?: ret2;
}

static int wse_ioctl_h2d(struct wse_file *wf, unsigned long arg)
{
	return wse_ioctl_xfer(wf, arg, false);
}

static int wse_ioctl_d2h(struct wse_file *wf, unsigned long arg)
{
	return wse_ioctl_xfer(wf, arg, true);
}

static int wse_ioctl_h2d_list(struct wse_file *wf, unsigned long arg)
{
	struct wse_xfer_list xl;
	int ret, ret2;

	ret = wse_copy_in(&xl, arg, WSE_XFER_LIST_SIZE_VER0);
	if (!ret)
		ret = wse_check_list(&xl);
	if (ret)
		return ret;
	xl.task_id = 0;
	xl.bad_item = WSE_LIST_NO_ITEM;
	ret = wse_xfer_list(wf, &xl);
	/* A submitted task has an id even if it failed; a bad item an index. */
	if (ret == -EINTR ||
	    (ret && !xl.task_id && xl.bad_item == WSE_LIST_NO_ITEM))
		return ret;
	ret2 = wse_copy_out(arg, &xl, sizeof(xl), xl.size);
	return ret ?: ret2;
}

static int wse_ioctl_launch(struct wse_file *wf, unsigned long arg)
{
	struct wse_launch l;
	int ret, ret2;

	ret = wse_copy_in(&l, arg, WSE_LAUNCH_SIZE_VER0);
	if (!ret)
		ret = wse_check_launch(&l);
	if (ret)
		return ret;
	l.task_id = 0;
	ret = wse_prog_launch(wf, &l);
	/* A submitted task has an id even if the launch failed. */
	if (ret == -EINTR || (ret && !l.task_id))
		return ret;
	ret2 = wse_copy_out(arg, &l, sizeof(l), l.size);
	return ret ?: ret2;
}

static int wse_ioctl_load(struct wse_file *wf, unsigned long arg)
{
	struct wse_load ld;
	int ret;

	ret = wse_copy_in(&ld, arg, WSE_LOAD_SIZE_VER0);
	if (!ret)
		ret = wse_check_load(&ld);
	return ret ?: wse_prog_load(wf, &ld);
}

static int wse_ioctl_run(struct wse_file *wf, unsigned long arg)
{
	return wse_prog_run(wf);
}

static int wse_ioctl_get_fault(struct wse_file *wf, unsigned long arg)
{
	struct wse_fault f;
	int ret;

	ret = wse_copy_in(&f, arg, WSE_FAULT_SIZE_VER0);
	if (!ret)
		ret = wse_check_fault(&f);
	if (!ret)
		ret = wse_prog_get_fault(wf, &f);
	return ret ?: wse_copy_out(arg, &f, sizeof(f), f.size);
}

static int wse_ioctl_get_stall(struct wse_file *wf, unsigned long arg)
{
	struct wse_stall s;
	int ret;

	ret = wse_copy_in(&s, arg, WSE_STALL_SIZE_VER0);
	if (!ret)
		ret = wse_check_stall(&s);
	if (!ret)
		ret = wse_prog_get_stall(wf, &s);
	return ret ?: wse_copy_out(arg, &s, sizeof(s), s.size);
}

static int wse_ioctl_wait(struct wse_file *wf, unsigned long arg)
{
	struct wse_wait w;
	int ret;

	ret = wse_copy_in(&w, arg, WSE_WAIT_SIZE_VER0);
	if (!ret)
		ret = wse_check_wait(&w);
	if (!ret)
		ret = wse_wait(wf, &w);
	/* Interrupted: the restart (SA_RESTART) waits for the time left. */
	if (ret == -ERESTARTSYS && wse_copy_out(arg, &w, sizeof(w), w.size))
		ret = -EFAULT;
	return ret ?: wse_copy_out(arg, &w, sizeof(w), w.size);
}

static int wse_ioctl_query(struct wse_file *wf, unsigned long arg)
{
	struct wse_query q;
	int ret;

	ret = wse_copy_in(&q, arg, WSE_QUERY_SIZE_VER0);
	if (!ret)
		ret = wse_check_query(&q);
	if (!ret)
		ret = wse_query(wf, &q);
	return ret ?: wse_copy_out(arg, &q, sizeof(q), q.size);
}

static int wse_ioctl_stop(struct wse_file *wf, unsigned long arg)
{
	return wse_stop(wf);
}

long wse_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct wse_file *wf = file->private_data;
	struct wse_device *wdev = wf->wdev;
	int (*handler)(struct wse_file *wf, unsigned long arg);
	int idx, ret;

	/*
	 * WAIT and QUERY only look at this file's tasks, which outlive the
	 * device: after a loss they still report each task's -ENODEV.
	 */
	switch (WSE_CMD(cmd)) {
	case WSE_CMD(WSE_IOCTL_WAIT):
		return wse_ioctl_wait(wf, arg);
	case WSE_CMD(WSE_IOCTL_QUERY):
		return wse_ioctl_query(wf, arg);
	}

	switch (WSE_CMD(cmd)) {
	/*
	 * These enter the gate themselves (after copying and pinning what
	 * the user gave) and leave it before sleeping.
	 */
	case WSE_CMD(WSE_IOCTL_H2D):
		handler = wse_ioctl_h2d;
		goto ungated;
	case WSE_CMD(WSE_IOCTL_D2H):
		handler = wse_ioctl_d2h;
		goto ungated;
	case WSE_CMD(WSE_IOCTL_H2D_LIST):
		handler = wse_ioctl_h2d_list;
		goto ungated;
	case WSE_CMD(WSE_IOCTL_LAUNCH):
		handler = wse_ioctl_launch;
		goto ungated;
	case WSE_CMD(WSE_IOCTL_LOAD):
		handler = wse_ioctl_load;
		goto ungated;
	case WSE_CMD(WSE_IOCTL_RUN):
		handler = wse_ioctl_run;
		goto ungated;

	case WSE_CMD(WSE_IOCTL_GET_INFO):
		handler = wse_ioctl_info;
		break;
	case WSE_CMD(WSE_IOCTL_CONFIGURE):
		handler = wse_ioctl_configure;
		break;
	case WSE_CMD(WSE_IOCTL_STOP):
		handler = wse_ioctl_stop;
		break;
	case WSE_CMD(WSE_IOCTL_GET_FAULT):
		handler = wse_ioctl_get_fault;
		break;
	case WSE_CMD(WSE_IOCTL_GET_STALL):
		handler = wse_ioctl_get_stall;
		break;
	default:
		return -ENOTTY;
	}

	idx = wse_gate_enter(wdev);
	ret = wse_dead(wdev) ? -ENODEV : handler(wf, arg);
	wse_gate_exit(wdev, idx);
	return ret;

ungated:
	/* Early answer only (ENOTTY came first); the gate's is the real one. */
	return wse_dead(wdev) ? -ENODEV : handler(wf, arg);
}
