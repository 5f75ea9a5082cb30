// SPDX-License-Identifier: GPL-2.0
/*
 * PE programs: LOAD (validate and copy the images, hand them to the
 * backend), RUN and LAUNCH (barrier tasks on channel 0), GET_FAULT, and the
 * symbol checks of copies by symbol.
 *
 * LOAD copies and checks the user's program before entering the removal
 * gate.  It is synchronous and writes the PE memories outside the rings, so
 * it then waits, under cfg_lock (no new work can be submitted), until every
 * task of the owner has finished: the command stream stays in order without
 * making the backend aware of the rings.  The wait is killable and ends
 * like STOP's when the device is lost.
 *
 * The core keeps what later validation needs (nr_functions, per-image
 * symbol tables, pe_map) in wdev->prog, under cfg_lock, until STOP, owner
 * release or device loss.  The images themselves belong to the backend.
 */
#include <linux/bitmap.h>
#include <linux/dma-mapping.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "wse_internal.h"
#include <wse/route_rules.h>

/* What LOAD copies from userspace, freed on every path. */
struct wse_load_ctx {
	struct wse_pe_image *uimg;		/* [nr_images] */
	struct wse_program_image *img;		/* [nr_images] */
	u32 *funcs;				/* [nr_images * nr_functions] */
	struct wse_pe_symbol *syms;		/* [nr_images * nr_symbols] */
	u16 *pe_map;				/* [width * height] */
	struct wse_route *routes;		/* [width * height * colors] */
	u32 h2d_colors;				/* stream colors found */
	u32 d2h_colors;
};

#define WSE_GFP	(GFP_KERNEL_ACCOUNT | __GFP_NOWARN)

static void wse_load_ctx_free(struct wse_load_ctx *c, u32 nr_images)
{
	u32 i;

	if (c->img)
		for (i = 0; i < nr_images; i++)
			kvfree(c->img[i].data);
	kvfree(c->img);
	kvfree(c->uimg);
	kvfree(c->funcs);
	kvfree(c->syms);
	kvfree(c->pe_map);
	kvfree(c->routes);
}

static int wse_copy_array(void *dst, u64 uptr, size_t n, size_t size)
{
	if (!n)
		return 0;
	return copy_from_user(dst, u64_to_user_ptr(uptr), n * size) ?
		-EFAULT : 0;
}

/* One image: its descriptor's fields, function and symbol tables, data. */
static int wse_load_image(struct wse_device *wdev, const struct wse_load *ld,
			  struct wse_load_ctx *c, u32 i)
{
	const struct wse_pe_image *u = &c->uimg[i];
	u32 mem = wdev->info.pe_memory_bytes;
	u32 *funcs = c->funcs + (size_t)i * ld->nr_functions;
	struct wse_pe_symbol *syms = c->syms + (size_t)i * ld->nr_symbols;
	struct wse_program_image *img = &c->img[i];
	u8 *data;
	u32 k;
	int ret;

	if (memchr_inv(u->reserved, 0, sizeof(u->reserved)))
		return -EINVAL;
	if (!u->data_len || u->data_len > mem || u->entry % 4 ||
	    u->entry >= u->data_len)
		return -ENOEXEC;
	ret = wse_copy_array(funcs, u->functions, ld->nr_functions,
			     sizeof(*funcs));
	if (ret)
		return ret;
	for (k = 0; k < ld->nr_functions; k++)
		if (funcs[k] != WSE_NO_ADDR && (funcs[k] % 4 || funcs[k] >= mem))
			return -ENOEXEC;
	ret = wse_copy_array(syms, u->symbols, ld->nr_symbols, sizeof(*syms));
	if (ret)
		return ret;
	for (k = 0; k < ld->nr_symbols; k++)
		if (syms[k].addr != WSE_NO_ADDR &&
		    (u64)syms[k].addr + syms[k].bytes > mem)
			return -ENOEXEC;

	/* At most WSE_MAX_IMAGES * pe_memory_bytes (12 MiB) in all. */
	data = kvmalloc(u->data_len, WSE_GFP);
	if (!data)
		return -ENOMEM;
	img->data = data;
	if (copy_from_user(data, u64_to_user_ptr(u->data), u->data_len))
		return -EFAULT;
	img->data_len = u->data_len;
	img->entry = u->entry;
	img->functions = funcs;
	img->symbols = syms;
	return 0;
}

/*
 * Every rule of struct wse_load's routes (EINVAL), then the stream colors:
 * those with the H2D (D2H) pattern on every PE of the rectangle.
 */
static int wse_check_routes(const struct wse_fabric_config *cfg,
			    struct wse_load_ctx *c)
{
	const struct wse_route *rt = c->routes;
	u32 h2d = GENMASK(WSE_NR_COLORS - 1, 0), d2h = h2d;
	u32 x, y, col, port;

	for (y = 0; y < cfg->height; y++) {
		for (x = 0; x < cfg->width; x++) {
			size_t pe = (size_t)y * cfg->width + x;

			for (col = 0; col < WSE_NR_COLORS; col++) {
				const struct wse_route *r =
					&rt[pe * WSE_NR_COLORS + col];

				if (wse_route_check(rt, cfg->width,
						    cfg->height, x, y, col,
						    &port))
					return -EINVAL;
				if (!wse_route_is_h2d(r))
					h2d &= ~BIT(col);
				if (!wse_route_is_d2h(r))
					d2h &= ~BIT(col);
			}
		}
		cond_resched();
	}
	c->h2d_colors = h2d;
	c->d2h_colors = d2h;
	return 0;
}

/* routes != 0: copy and check them. */
static int wse_load_routes(const struct wse_fabric_config *cfg,
			   const struct wse_load *ld, struct wse_load_ctx *c)
{
	size_t n = (size_t)cfg->width * cfg->height * WSE_NR_COLORS;

	/* kvmalloc refuses (quietly) what is too large. */
	c->routes = kvmalloc_array(n, sizeof(*c->routes), WSE_GFP);
	if (!c->routes)
		return -ENOMEM;
	if (copy_from_user(c->routes, u64_to_user_ptr(ld->routes),
			   n * sizeof(*c->routes)))
		return -EFAULT;
	return wse_check_routes(cfg, c);
}

/* No lock: against @cfg, the configuration LOAD started with. */
static int wse_load_copy(struct wse_device *wdev, const struct wse_load *ld,
			 const struct wse_fabric_config *cfg,
			 struct wse_load_ctx *c)
{
	size_t npes = (size_t)cfg->width * cfg->height;
	u32 n = ld->nr_images;
	size_t i;
	int ret;

	c->uimg = kvmalloc_array(n, sizeof(*c->uimg), WSE_GFP);
	c->img = kvcalloc(n, sizeof(*c->img), WSE_GFP);
	c->funcs = kvmalloc_array(max_t(size_t, (size_t)n * ld->nr_functions,
					1), sizeof(*c->funcs), WSE_GFP);
	c->syms = kvmalloc_array(max_t(size_t, (size_t)n * ld->nr_symbols, 1),
				 sizeof(*c->syms), WSE_GFP);
	c->pe_map = kvmalloc_array(npes, sizeof(*c->pe_map), WSE_GFP);
	if (!c->uimg || !c->img || !c->funcs || !c->syms || !c->pe_map)
		return -ENOMEM;

	ret = wse_copy_array(c->uimg, ld->images, n, sizeof(*c->uimg));
	if (!ret)
		ret = wse_copy_array(c->pe_map, ld->pe_map, npes,
				     sizeof(*c->pe_map));
	if (ret)
		return ret;
	for (i = 0; i < npes; i++)
		if (c->pe_map[i] >= n)
			return -EINVAL;
	for (i = 0; i < n; i++) {
		ret = wse_load_image(wdev, ld, c, i);
		if (ret)
			return ret;
	}
	return ld->routes ? wse_load_routes(cfg, ld, c) : 0;
}

/* cfg_lock held. */
void wse_prog_free(struct wse_device *wdev)
{
	struct wse_prog *p = wdev->prog;

	lockdep_assert_held(&wdev->cfg_lock);

	wdev->prog = NULL;
	spin_lock(&wdev->lock);
	wdev->prog_ready = false;
	spin_unlock(&wdev->lock);
	if (!p)
		return;
	kvfree(p->syms);
	kvfree(p->pe_map);
	kfree(p);
}

/* Inside the gate, cfg_lock held: may this file LOAD now? */
static int wse_load_allowed(struct wse_file *wf)
{
	struct wse_device *wdev = wf->wdev;
	int ret;

	lockdep_assert_held(&wdev->cfg_lock);
	ret = wse_check_owner(wdev, wf);
	if (ret)
		return ret;
	if (wdev->prog)
		return -EBADFD;
	return wdev->ops->load ? 0 : -EOPNOTSUPP;
}

/*
 * @ld has passed the ioctl's checks (flags, reserved, counts).  Like qaic,
 * the user data is copied before the removal gate and cfg_lock: a blocked
 * user access (userfaultfd, a slow fault) must not hold up removal.  The
 * configuration seen first must still be there afterwards (a STOP and
 * CONFIGURE from another thread in between: EBUSY).
 */
int wse_prog_load(struct wse_file *wf, const struct wse_load *ld)
{
	struct wse_device *wdev = wf->wdev;
	struct wse_fabric_config cfg;
	struct wse_load_ctx c = {};
	struct wse_program prog;
	struct wse_prog *p = NULL;
	int idx, ret;

	idx = wse_gate_enter(wdev);
	if (wse_dead(wdev)) {
		ret = -ENODEV;
	} else if (mutex_lock_killable(&wdev->cfg_lock)) {
		ret = -EINTR;
	} else {
		ret = wse_load_allowed(wf);
		cfg = wdev->cfg;
		mutex_unlock(&wdev->cfg_lock);
	}
	wse_gate_exit(wdev, idx);
	if (ret)
		return ret;

	ret = wse_load_copy(wdev, ld, &cfg, &c);
	if (ret)
		goto free;
	p = kzalloc(sizeof(*p), GFP_KERNEL_ACCOUNT);
	if (!p) {
		ret = -ENOMEM;
		goto free;
	}

	idx = wse_gate_enter(wdev);
	if (wse_dead(wdev)) {
		ret = -ENODEV;
		goto exit_gate;
	}
	if (mutex_lock_killable(&wdev->cfg_lock)) {
		ret = -EINTR;
		goto exit_gate;
	}
	ret = wse_load_allowed(wf);
	if (ret)
		goto unlock;
	if (memcmp(&cfg, &wdev->cfg, sizeof(cfg))) {
		ret = -EBUSY;
		goto unlock;
	}

	/* In order: earlier copies end before the memories are rewritten. */
	if (wait_event_killable(wf->wq, wse_file_idle(wf))) {
		ret = -EINTR;
		goto unlock;
	}
	if (wse_dead(wdev)) {
		ret = -ENODEV;
		goto unlock;
	}
	prog = (struct wse_program) {
		.nr_images = ld->nr_images,
		.nr_functions = ld->nr_functions,
		.nr_symbols = ld->nr_symbols,
		.images = c.img,
		.pe_map = c.pe_map,
		.routes = c.routes,
	};
	ret = wdev->ops->load(wdev, &prog);
	if (ret)
		goto unlock;

	p->nr_images = ld->nr_images;
	p->nr_functions = ld->nr_functions;
	p->nr_symbols = ld->nr_symbols;
	p->h2d_colors = c.h2d_colors;
	p->d2h_colors = c.d2h_colors;
	p->syms = c.syms;
	p->pe_map = c.pe_map;
	c.syms = NULL;
	c.pe_map = NULL;
	wdev->prog = p;
	p = NULL;
unlock:
	mutex_unlock(&wdev->cfg_lock);
exit_gate:
	wse_gate_exit(wdev, idx);
free:
	kfree(p);
	wse_load_ctx_free(&c, ld->nr_images);
	return ret;
}

/* cfg_lock held, owner: submit a RUN or LAUNCH barrier. */
static int wse_barrier_submit(struct wse_file *wf, u8 opcode,
			      const struct wse_launch *l, bool blocking,
			      struct wse_task **tp, u64 *id)
{
	struct wse_device *wdev = wf->wdev;
	struct wse_task *t;
	unsigned int i;

	lockdep_assert_held(&wdev->cfg_lock);

	t = wse_task_alloc(wf);
	if (IS_ERR(t))
		return PTR_ERR(t);
	t->blocking = blocking;
	t->barrier = true;
	t->opcode = opcode;
	t->nr_parts = 1;
	t->parts[0].task = t;
	t->parts[0].ch = 0;
	if (l) {
		t->launch = dma_alloc_coherent(wdev->dma_dev,
					       sizeof(*t->launch),
					       &t->launch_dma, GFP_KERNEL);
		if (!t->launch) {
			wse_task_abort(t);
			return -ENOMEM;
		}
		memset(t->launch, 0, sizeof(*t->launch));
		t->launch->func_id = cpu_to_le32(l->func_id);
		t->launch->argc = cpu_to_le32(l->argc);
		for (i = 0; i < l->argc; i++)
			t->launch->args[i] = cpu_to_le32(l->args[i]);
	}
	if (blocking)
		refcount_inc(&t->ref);	/* the sleeper's */
	*tp = t;
	return wse_task_submit(t, id);
}

int wse_prog_run(struct wse_file *wf)
{
	struct wse_device *wdev = wf->wdev;
	struct wse_task *t = NULL;
	u64 id;
	int idx, ret;

	idx = wse_gate_enter(wdev);
	if (wse_dead(wdev)) {
		ret = -ENODEV;
		goto exit_gate;
	}
	if (mutex_lock_killable(&wdev->cfg_lock)) {
		ret = -EINTR;
		goto exit_gate;
	}
	ret = wse_check_owner(wdev, wf);
	if (!ret && (!wdev->prog || wdev->prog->run_submitted))
		ret = -EBADFD;
	if (!ret)
		ret = wse_barrier_submit(wf, WSE_HW_OP_RUN, NULL, true, &t,
					 &id);
	if (!ret)
		wdev->prog->run_submitted = true;
	mutex_unlock(&wdev->cfg_lock);
exit_gate:
	wse_gate_exit(wdev, idx);
	if (!ret)
		ret = wse_wait_blocking(t);
	return ret;
}

/* @l has passed the ioctl's checks. */
int wse_prog_launch(struct wse_file *wf, struct wse_launch *l)
{
	struct wse_device *wdev = wf->wdev;
	bool blocking = !(l->flags & WSE_LAUNCH_NONBLOCK);
	struct wse_task *t = NULL;
	bool ready;
	int idx, ret;

	idx = wse_gate_enter(wdev);
	if (wse_dead(wdev)) {
		ret = -ENODEV;
		goto exit_gate;
	}
	if (mutex_lock_killable(&wdev->cfg_lock)) {
		ret = -EINTR;
		goto exit_gate;
	}
	ret = wse_check_owner(wdev, wf);
	if (ret)
		goto unlock;
	spin_lock(&wdev->lock);
	ready = wdev->prog && wdev->prog_ready;
	spin_unlock(&wdev->lock);
	if (!ready)
		ret = -EBADFD;
	else if (l->func_id >= wdev->prog->nr_functions)
		ret = -EINVAL;
	else
		ret = wse_barrier_submit(wf, WSE_HW_OP_LAUNCH, l, blocking,
					 &t, &l->task_id);
unlock:
	mutex_unlock(&wdev->cfg_lock);
exit_gate:
	wse_gate_exit(wdev, idx);
	if (!ret && blocking)
		ret = wse_wait_blocking(t);
	return ret;
}

/* Inside the gate (the ioctl's). */
int wse_prog_get_fault(struct wse_file *wf, struct wse_fault *f)
{
	struct wse_device *wdev = wf->wdev;
	int ret;

	if (mutex_lock_killable(&wdev->cfg_lock))
		return -EINTR;
	ret = wse_check_owner(wdev, wf);
	if (!ret && wse_dead(wdev))
		ret = -ENODEV;
	if (!ret) {
		memset(f, 0, sizeof(*f));
		f->size = sizeof(*f);
		ret = wdev->ops->get_fault ? wdev->ops->get_fault(wdev, f) :
					     -ENOENT;
		f->size = sizeof(*f);
		f->flags = 0;
		memset(f->reserved, 0, sizeof(f->reserved));
	}
	mutex_unlock(&wdev->cfg_lock);
	return ret;
}

/* Inside the gate (the ioctl's).  @s has passed the ioctl's checks. */
int wse_prog_get_stall(struct wse_file *wf, struct wse_stall *s)
{
	struct wse_device *wdev = wf->wdev;
	struct wse_stall_report *r;
	u32 n = 0, id = 0;
	int ret;

	/* Too big for the stack (entries[WSE_MAX_STALL_ENTRIES]). */
	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	if (mutex_lock_killable(&wdev->cfg_lock)) {
		kfree(r);
		return -EINTR;
	}
	ret = wse_check_owner(wdev, wf);
	if (!ret && wse_dead(wdev))
		ret = -ENODEV;
	/* Nothing can have stalled before a LOAD. */
	if (!ret && (!wdev->prog || !wdev->ops->get_stall))
		ret = -ENOENT;
	if (!ret && s->task_id) {
		/* Task ids are per device: this file's tasks only. */
		spin_lock(&wdev->lock);
		id = wse_stalled_find(wdev, s->task_id);
		spin_unlock(&wdev->lock);
		if (!id)
			ret = -ENOENT;
	}
	if (!ret)
		ret = wdev->ops->get_stall(wdev, id, r);
	mutex_unlock(&wdev->cfg_lock);
	if (ret)
		goto out;

	n = min3(r->nr_entries, s->capacity, (u32)WSE_MAX_STALL_ENTRIES);
	if (n && copy_to_user(u64_to_user_ptr(s->entries), r->entries,
			      (size_t)n * sizeof(r->entries[0]))) {
		ret = -EFAULT;
		goto out;
	}
	s->size = sizeof(*s);
	s->op = r->op;
	s->color = r->color;
	s->delivered = r->delivered;
	s->total = r->total;
	s->stall_ms = r->stall_ms;
	s->nr_entries = r->nr_entries;
out:
	kfree(r);
	return ret;
}

/*
 * cfg_lock held, ROI inside the rectangle.  A stream needs a program that
 * has been RUN (EBADFD) and one of its stream colors of that direction.
 */
int wse_check_stream(struct wse_device *wdev, const struct wse_xfer *x,
		     bool d2h)
{
	const struct wse_prog *p = wdev->prog;
	bool ready;

	lockdep_assert_held(&wdev->cfg_lock);

	spin_lock(&wdev->lock);
	ready = p && wdev->prog_ready;
	spin_unlock(&wdev->lock);
	if (!ready)
		return -EBADFD;
	if (!((d2h ? p->d2h_colors : p->h2d_colors) & BIT(x->color)))
		return -EINVAL;
	return 0;
}

/*
 * cfg_lock held, ROI inside the rectangle.  Copy by symbol: every PE of
 * the ROI must have the symbol (EINVAL) and the range must fit in it
 * (ENOSPC); each distinct image is checked once.
 */
int wse_check_symbol(struct wse_device *wdev, const struct wse_xfer *x)
{
	const struct wse_prog *p = wdev->prog;
	u32 elem = x->data_type == WSE_DATA_16BIT ? 2 : 4;
	u64 end = (u64)x->pe_offset + (u64)x->l * elem;
	DECLARE_BITMAP(seen, WSE_MAX_IMAGES);
	u32 px, py, nseen = 0;
	int ret = 0;

	lockdep_assert_held(&wdev->cfg_lock);

	if (!p)
		return -EBADFD;
	if (x->symbol >= p->nr_symbols)
		return -EINVAL;
	bitmap_zero(seen, WSE_MAX_IMAGES);
	for (py = x->y; py < x->y + x->h && nseen < p->nr_images; py++) {
		for (px = x->x; px < x->x + x->w; px++) {
			u16 img = p->pe_map[(size_t)py * wdev->cfg.width + px];
			const struct wse_pe_symbol *s;

			if (__test_and_set_bit(img, seen))
				continue;
			nseen++;
			s = &p->syms[(size_t)img * p->nr_symbols + x->symbol];
			if (s->addr == WSE_NO_ADDR)
				return -EINVAL;
			if (end > s->bytes)
				ret = -ENOSPC;
		}
		cond_resched();
	}
	return ret;
}
