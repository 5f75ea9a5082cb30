// SPDX-License-Identifier: GPL-2.0
/*
 * wse_mock_fabric.c - the fabric: PE memories of the configured rectangle,
 * its network of routers (kernel/fabric/wse_net.h), the loaded program and
 * the start of RUN/LAUNCH barriers.
 *
 * Only the program rectangle is backed by memory; the memcpy support PEs and
 * the rest of the fabric are implicit.
 *
 * A barrier is started by channel 0's engine under the scheduler's run_lock:
 * RUN starts the PEs, LAUNCH marks the call pending on every PE (delivered by
 * the scheduler at the PE's next WAIT).  The scheduler (wse_mock_sched.c)
 * then runs the PEs and completes the barrier when every PE has unblocked
 * the command stream (OK) or one has faulted (PE_FAULT).  The reset or stop
 * of channel 0 during a barrier halts the PEs still running or owing their
 * unblock as WSE_FAULT_STUCK.
 */
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "wse_mock.h"

static void wse_mock_fabric_free(struct wse_mock_fabric *fab)
{
	kvfree(fab->run);
	fab->run = NULL;
	kvfree(fab->active);
	fab->active = NULL;
	kvfree(fab->sf);
	fab->sf = NULL;
	kvfree(fab->east_used);
	fab->east_used = NULL;
	kvfree(fab->west_used);
	fab->west_used = NULL;
	kvfree(fab->pep);
	fab->pep = NULL;
	kvfree(fab->rbusy);
	fab->rbusy = NULL;
	kvfree(fab->rt);
	fab->rt = NULL;
	kvfree(fab->slots);
	fab->slots = NULL;
}

/*
 * A zeroed array of @n per-PE items of @size bytes (PE slots, routers):
 * in huge-page mappings where it can be.  A launch on 64x64 touches a
 * page of each PE's slot; under TCG every page a pass touches is a
 * software TLB refill, a page walk one level shorter with 2 MiB pages.
 * Huge requests fail quietly: no allocation splat from userspace.
 */
static void *wse_mock_zalloc_pes(size_t n, size_t size)
{
	size_t bytes = array_size(n, size);

	if (bytes >= PMD_SIZE)
		return vmalloc_huge(bytes, GFP_KERNEL | __GFP_ZERO |
					   __GFP_NOWARN);
	return kvzalloc(bytes, GFP_KERNEL | __GFP_NOWARN);
}

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

	/*
	 * A PE's slot: its struct, then its memory from the same page on
	 * (what a short run touches of both, the struct's first lines and
	 * the code and data at the bottom of memory, is one page), rounded
	 * up to an odd number of pages.  Even strides would put every PE's
	 * first page in the same few sets of a direct-mapped or set-indexed
	 * cache of pages: TCG's software TLB, the host's caches.
	 */
	fab->slot_bytes = PAGE_ALIGN(sizeof(struct wse_mock_pe) + pe_bytes);
	if (!(fab->slot_bytes / PAGE_SIZE & 1))
		fab->slot_bytes += PAGE_SIZE;
	fab->slots = wse_mock_zalloc_pes(n, fab->slot_bytes);
	if (!fab->slots)
		return -ENOMEM;
	fab->rt = wse_mock_zalloc_pes(n, sizeof(*fab->rt));
	fab->rbusy = kvzalloc(n, GFP_KERNEL | __GFP_NOWARN);
	fab->pep = kvmalloc_array(n, sizeof(*fab->pep),
				  GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN);
	fab->west_used = kvcalloc(cfg->height, sizeof(*fab->west_used),
				  GFP_KERNEL | __GFP_NOWARN);
	fab->east_used = kvcalloc(cfg->height, sizeof(*fab->east_used),
				  GFP_KERNEL | __GFP_NOWARN);
	fab->active = kvcalloc(DIV_ROUND_UP(n, 32), sizeof(*fab->active),
			       GFP_KERNEL | __GFP_NOWARN);
	fab->run = kvmalloc_array(n, 2 * sizeof(*fab->run),
				  GFP_KERNEL | __GFP_NOWARN);
	fab->sf = kvzalloc(n, GFP_KERNEL | __GFP_NOWARN);
	if (!fab->rt || !fab->rbusy || !fab->pep ||
	    !fab->west_used || !fab->east_used || !fab->active || !fab->run ||
	    !fab->sf) {
		wse_mock_fabric_free(fab);
		return -ENOMEM;
	}
	for (i = 0; i < n; i++) {
		struct wse_mock_pe *mp = wse_mock_pe_slot(fab, i);

		mp->mem = (u8 *)(mp + 1);
		wse_pe_init(&mp->pe, mp->mem, i % cfg->width, i / cfg->width,
			    cfg->width, cfg->height);
		fab->pep[i] = &mp->pe;
	}
	wse_net_init(&fab->net, cfg->width, cfg->height, fab->rt, fab->pep,
		     fab->rbusy);
	/* the routers that forwarded wake their PEs for the next round */
	fab->net.woken = fab->active;
	for (i = 0; i < n; i++)
		fab->run[n + i] = i;
	fab->runp = fab->run;
	fab->nrun = 0;
	fab->d2h_colors = 0;
	fab->nd2h = 0;
	spin_lock_init(&fab->fault_lock);
	fab->has_fault = false;
	fab->loaded = false;
	fab->started = false;
	fab->barrier_active = false;
	fab->cfg = *cfg;
	fab->pe_bytes = pe_bytes;
	wse_mock_sched_forget_stalls(mock);
	fab->configured = true;
	return 0;
}

/* p->fn_all from the functions of the images some PE runs. */
static void wse_mock_fn_all(struct wse_mock_prog *p, size_t npes)
{
	DECLARE_BITMAP(used, WSE_MAX_IMAGES);
	unsigned int f, k;
	size_t i;

	bitmap_zero(used, WSE_MAX_IMAGES);
	for (i = 0; i < npes; i++)
		__set_bit(p->pe_map[i], used);
	bitmap_zero(p->fn_all, WSE_MAX_FUNCTIONS);
	for (f = 0; f < p->nr_functions; f++) {
		for_each_set_bit(k, used, p->nr_images)
			if (p->functions[k * p->nr_functions + f] ==
			    WSE_NO_ADDR)
				break;
		if (k >= p->nr_images)
			__set_bit(f, p->fn_all);
	}
}

static void wse_mock_prog_free(struct wse_mock_prog *p)
{
	kvfree(p->entry);
	kvfree(p->functions);
	kvfree(p->symbols);
	kvfree(p->pe_map);
	memset(p, 0, sizeof(*p));
}

/*
 * Called with mock->lock held (or on remove), no channel running and the
 * scheduler stopped (wse_mock_engines_halt()).
 */
void wse_mock_fabric_unconfigure(struct wse_mock *mock)
{
	struct wse_mock_fabric *fab = &mock->fabric;

	wse_mock_streams_drop(mock, -1);
	wse_mock_sinks_free(fab);
	wse_mock_prog_free(&fab->prog);
	fab->loaded = false;
	fab->started = false;
	fab->barrier_active = false;
	fab->configured = false;
	wse_mock_fabric_free(fab);
}

/* Colors routed to the halo on some PE: the D2H stream colors. */
static void wse_mock_find_d2h_colors(struct wse_mock_fabric *fab, size_t npes)
{
	size_t i;
	u32 c;

	fab->d2h_colors = 0;
	fab->nd2h = 0;
	for (i = 0; i < npes; i++)
		for (c = 0; c < WSE_NR_COLORS; c++)
			if (fab->rt[i].route[c].tx & WSE_PORT_MEMCPY)
				fab->d2h_colors |= BIT(c);
	for (c = 0; c < WSE_NR_COLORS; c++)
		if (fab->d2h_colors & BIT(c))
			fab->d2h_idx[c] = fab->nd2h++;
}

/* Memory of PE (x, y) in rectangle coordinates, NULL if outside. */
u8 *wse_mock_pe_mem(const struct wse_mock_fabric *fab, u32 x, u32 y)
{
	if (!fab->configured || x >= fab->cfg.width || y >= fab->cfg.height)
		return NULL;
	return wse_mock_pe_slot(fab, (size_t)y * fab->cfg.width + x)->mem;
}

/* Data symbol @sym of PE (x, y), NULL if outside or not loaded. */
const struct wse_pe_symbol *wse_mock_pe_sym(const struct wse_mock_fabric *fab,
					    u32 x, u32 y, u32 sym)
{
	const struct wse_mock_prog *p = &fab->prog;
	u16 img;

	if (!fab->configured || !fab->loaded || x >= fab->cfg.width ||
	    y >= fab->cfg.height || sym >= p->nr_symbols)
		return NULL;
	img = p->pe_map[(size_t)y * fab->cfg.width + x];
	return &p->symbols[(size_t)img * p->nr_symbols + sym];
}

static int wse_mock_fabric_load_locked(struct wse_mock *mock,
				       const struct wse_program *prog)
{
	struct wse_mock_fabric *fab = &mock->fabric;
	struct wse_mock_prog p = {};
	size_t npes, i;
	int ret;
	u32 k;

	if (!fab->configured)
		return -EINVAL;
	if (fab->loaded)
		return -EBUSY;
	npes = (size_t)fab->cfg.width * fab->cfg.height;
	/* The core validated it; the device checks what it relies on. */
	if (!prog->nr_images || prog->nr_images > WSE_MAX_IMAGES ||
	    prog->nr_functions > WSE_MAX_FUNCTIONS ||
	    prog->nr_symbols > WSE_MAX_SYMBOLS)
		return -EINVAL;
	for (i = 0; i < npes; i++)
		if (prog->pe_map[i] >= prog->nr_images)
			return -EINVAL;
	for (k = 0; k < prog->nr_images; k++) {
		const struct wse_program_image *img = &prog->images[k];

		if (img->data_len > fab->pe_bytes ||
		    img->entry >= img->data_len)
			return -ENOEXEC;
	}

	p.nr_images = prog->nr_images;
	p.nr_functions = prog->nr_functions;
	p.nr_symbols = prog->nr_symbols;
	p.entry = kvmalloc_array(p.nr_images, sizeof(*p.entry), GFP_KERNEL);
	p.functions = kvmalloc_array(max(p.nr_images * p.nr_functions, 1u),
				     sizeof(*p.functions), GFP_KERNEL);
	p.symbols = kvmalloc_array(max(p.nr_images * p.nr_symbols, 1u),
				   sizeof(*p.symbols), GFP_KERNEL);
	p.pe_map = kvmalloc_array(npes, sizeof(*p.pe_map), GFP_KERNEL);
	if (!p.entry || !p.functions || !p.symbols || !p.pe_map) {
		wse_mock_prog_free(&p);
		return -ENOMEM;
	}
	for (k = 0; k < p.nr_images; k++) {
		const struct wse_program_image *img = &prog->images[k];

		p.entry[k] = img->entry;
		if (p.nr_functions)
			memcpy(&p.functions[k * p.nr_functions],
			       img->functions,
			       p.nr_functions * sizeof(*p.functions));
		if (p.nr_symbols)
			memcpy(&p.symbols[k * p.nr_symbols], img->symbols,
			       p.nr_symbols * sizeof(*p.symbols));
		/* a symbol outside memory would be unusable: drop it */
		for (i = 0; i < p.nr_symbols; i++) {
			struct wse_pe_symbol *s = &p.symbols[k * p.nr_symbols + i];

			if (s->addr != WSE_NO_ADDR &&
			    (u64)s->addr + s->bytes > fab->pe_bytes)
				s->addr = WSE_NO_ADDR;
		}
	}
	memcpy(p.pe_map, prog->pe_map, npes * sizeof(*p.pe_map));
	wse_mock_fn_all(&p, npes);

	/* checked by the core too; nothing changes if it is refused */
	ret = wse_net_set_routes(&fab->net, prog->routes);
	if (ret) {
		wse_mock_prog_free(&p);
		return ret;
	}
	wse_mock_streams_drop(mock, -1);
	wse_mock_sinks_free(fab);
	wse_mock_find_d2h_colors(fab, npes);
	ret = wse_mock_sinks_alloc(mock);
	if (ret) {
		wse_net_set_routes(&fab->net, NULL);
		fab->d2h_colors = 0;
		fab->nd2h = 0;
		wse_mock_prog_free(&p);
		return ret;
	}

	for (i = 0; i < npes; i++) {
		const struct wse_program_image *img =
			&prog->images[p.pe_map[i]];
		struct wse_mock_pe *mp = wse_mock_pe_slot(fab, i);

		memcpy(mp->mem, img->data, img->data_len);
		memset(mp->mem + img->data_len, 0,
		       fab->pe_bytes - img->data_len);
		wse_pe_init(&mp->pe, mp->mem, i % fab->cfg.width,
			    i / fab->cfg.width, fab->cfg.width,
			    fab->cfg.height);
		mp->fault_seen = false;
		fab->sf[i] = 0;
		wse_mock_pe_facts(fab, i);
		if (!(i % 64))
			cond_resched();
	}
	wse_net_flush(&fab->net);
	memset(fab->west_used, 0, fab->cfg.height * sizeof(*fab->west_used));
	memset(fab->east_used, 0, fab->cfg.height * sizeof(*fab->east_used));
	wse_mock_sched_forget_stalls(mock);
	spin_lock(&fab->fault_lock);
	fab->has_fault = false;
	spin_unlock(&fab->fault_lock);
	fab->prog = p;
	fab->started = false;
	fab->barrier_active = false;
	fab->loaded = true;
	return 0;
}

/*
 * ops->load, mock->lock held, no engine busy: the images into the PEs, the
 * routes into the routers.
 */
int wse_mock_fabric_load(struct wse_mock *mock, const struct wse_program *prog)
{
	int ret;

	mutex_lock(&mock->sched.run_lock);
	ret = wse_mock_fabric_load_locked(mock, prog);
	mutex_unlock(&mock->sched.run_lock);
	if (!ret)
		wse_mock_sched_kick(mock);
	return ret;
}

/* Keep the first fault since load: PE @mp's own record. */
static void wse_mock_record_fault(struct wse_mock_fabric *fab,
				  const struct wse_mock_pe *mp)
{
	spin_lock(&fab->fault_lock);
	if (!fab->has_fault) {
		fab->has_fault = true;
		fab->fault.cause = mp->pe.fault.cause;
		fab->fault.x = mp->pe.px;
		fab->fault.y = mp->pe.py;
		fab->fault.pc = mp->pe.fault.pc;
		fab->fault.addr = mp->pe.fault.addr;
	}
	spin_unlock(&fab->fault_lock);
}

/* run_lock held: a PE that has a fault is recorded once. */
void wse_mock_fabric_note_fault(struct wse_mock_fabric *fab,
				struct wse_mock_pe *mp)
{
	if (mp->fault_seen || mp->pe.fault.cause == WSE_FAULT_NONE)
		return;
	mp->fault_seen = true;
	wse_mock_record_fault(fab, mp);
}

/* ops->get_fault, mock->lock held. */
int wse_mock_fabric_get_fault(struct wse_mock *mock, struct wse_fault *f)
{
	struct wse_mock_fabric *fab = &mock->fabric;
	size_t npes, i;
	u32 nr = 0;
	bool has;

	if (!fab->configured || !fab->loaded)
		return -ENOENT;
	spin_lock(&fab->fault_lock);
	has = fab->has_fault;
	if (has) {
		f->cause = fab->fault.cause;
		f->x = fab->fault.x;
		f->y = fab->fault.y;
		f->pc = fab->fault.pc;
		f->addr = fab->fault.addr;
	}
	spin_unlock(&fab->fault_lock);
	if (!has)
		return -ENOENT;
	npes = (size_t)fab->cfg.width * fab->cfg.height;
	for (i = 0; i < npes; i++) {
		const struct wse_pe *pe = &wse_mock_pe_slot(fab, i)->pe;

		if (READ_ONCE(pe->state) == WSE_PE_FAULTED ||
		    READ_ONCE(pe->fault.cause) != WSE_FAULT_NONE)
			nr++;
	}
	f->nr_faulted = nr;
	return 0;
}

/* ops->pe_summary: the rectangle's PEs by state, for sysfs pe_states. */
int wse_mock_pe_summary(struct wse_device *wdev, struct wse_pe_summary *s)
{
	struct wse_mock *mock = wse_device_priv(wdev);
	struct wse_mock_fabric *fab = &mock->fabric;
	size_t npes, i;
	int ret = 0;

	mutex_lock(&mock->lock);
	if (!fab->configured)
		ret = -ENOENT;
	npes = ret ? 0 : (size_t)fab->cfg.width * fab->cfg.height;
	for (i = 0; i < npes; i++) {
		switch (READ_ONCE(wse_mock_pe_slot(fab, i)->pe.state)) {
		case WSE_PE_RUNNING:
			s->running++;
			break;
		case WSE_PE_WAITING:
			s->waiting++;
			break;
		case WSE_PE_BLOCKED:
			s->blocked++;
			break;
		case WSE_PE_FAULTED:
			s->faulted++;
			break;
		default:
			s->halted++;
			break;
		}
	}
	mutex_unlock(&mock->lock);
	return ret;
}

/* A PE that stopped (fault or halt) cannot take a launch. */
static bool wse_mock_pe_dead(struct wse_mock_fabric *fab,
			     struct wse_mock_pe *mp)
{
	if (mp->pe.state != WSE_PE_FAULTED && mp->pe.state != WSE_PE_HALTED)
		return false;
	wse_mock_fabric_note_fault(fab, mp);
	return true;
}

/* LAUNCH: decode the descriptor, make it pending on every PE. */
static u16 wse_mock_launch(struct wse_mock_engine *eng,
			   const struct wse_hw_sqe *sqe)
{
	struct wse_mock *mock = eng->mock;
	struct wse_mock_fabric *fab = &mock->fabric;
	const struct wse_mock_prog *p = &fab->prog;
	size_t npes = (size_t)fab->cfg.width * fab->cfg.height, i;
	const struct wse_hw_launch *hl;
	struct wse_hw_launch l;
	u32 func, argc, k;

	hl = wse_mock_dma_to_virt(mock, le64_to_cpu(sqe->sgl_addr),
				  sizeof(*hl), DMA_TO_DEVICE);
	if (!hl)
		return WSE_HW_STATUS_DMA_ERROR;
	/* snapshot: host memory, validate the copy only */
	memcpy(&l, hl, sizeof(l));
	func = le32_to_cpu(l.func_id);
	argc = le32_to_cpu(l.argc);
	if (func >= p->nr_functions || argc > WSE_MAX_LAUNCH_ARGS ||
	    !test_bit(func, p->fn_all))
		return WSE_HW_STATUS_INVALID;
	/* a PE stopped by an earlier fault cannot take it */
	for (i = 0; i < npes; i++) {
		u64 w = 0;

		/* eight PEs' facts at a time, each PE of a hit on its own */
		if (!(i % 8) && i + 8 <= npes) {
			memcpy(&w, &fab->sf[i], 8);
			if (!(w & WSE_MOCK_SF_X8(WSE_MOCK_SF_STOPPED))) {
				i += 7;
				continue;
			}
		}
		if ((fab->sf[i] & WSE_MOCK_SF_STOPPED) &&
		    wse_mock_pe_dead(fab, wse_mock_pe_slot(fab, i)))
			return WSE_HW_STATUS_PE_FAULT;
	}
	memset(fab->args, 0, sizeof(fab->args));
	for (k = 0; k < argc; k++)
		fab->args[k] = le32_to_cpu(l.args[k]);
	fab->argc = argc;
	fab->func = func;

	/* the scheduler delivers it at each PE's (next) WAIT */
	for (i = 0; i + 8 <= npes; i += 8) {
		u64 w;

		memcpy(&w, &fab->sf[i], 8);
		w |= WSE_MOCK_SF_X8(WSE_MOCK_SF_PENDING | WSE_MOCK_SF_OWING |
				    WSE_MOCK_SF_BUSY);
		memcpy(&fab->sf[i], &w, 8);
	}
	for (; i < npes; i++)
		fab->sf[i] |= WSE_MOCK_SF_PENDING | WSE_MOCK_SF_OWING |
			      WSE_MOCK_SF_BUSY;
	return WSE_HW_STATUS_OK;
}

/*
 * RUN or LAUNCH from channel 0's engine, run_lock held: start it; the
 * scheduler completes it.  WSE_HW_STATUS_OK if the barrier is now in the
 * scheduler, else the code to complete the SQE with at once.
 */
u16 wse_mock_barrier_start(struct wse_mock_engine *eng,
			   const struct wse_hw_sqe *sqe)
{
	struct wse_mock *mock = eng->mock;
	struct wse_mock_fabric *fab = &mock->fabric;
	size_t npes, i;
	u16 status;

	if (eng->ch || !fab->configured || !fab->loaded || fab->barrier_active)
		return WSE_HW_STATUS_INVALID;
	npes = (size_t)fab->cfg.width * fab->cfg.height;
	if (sqe->opcode == WSE_HW_OP_RUN) {
		if (fab->started)
			return WSE_HW_STATUS_INVALID;
		fab->started = true;
		for (i = 0; i < npes; i++) {
			struct wse_mock_pe *mp = wse_mock_pe_slot(fab, i);

			fab->sf[i] &= ~WSE_MOCK_SF_PENDING;
			wse_pe_start(&mp->pe,
				     fab->prog.entry[fab->prog.pe_map[i]]);
			wse_mock_pe_facts(fab, i);
		}
	} else {
		if (!fab->started)
			return WSE_HW_STATUS_INVALID;
		status = wse_mock_launch(eng, sqe);
		if (status != WSE_HW_STATUS_OK)
			return status;
	}
	fab->barrier_active = true;
	mock->sched.barrier_tag = sqe->tag;
	mock->sched.barrier_op = sqe->opcode;
	mock->sched.barrier_seq = ++mock->sched.seq;
	WRITE_ONCE(eng->barrier, true);
	wse_mock_sched_touch(mock);
	return WSE_HW_STATUS_OK;
}

/* What a PE halted as WSE_FAULT_STUCK was doing (uapi WSE_STUCK_*). */
static u32 wse_mock_stuck_what(const struct wse_mock_pe *mp, bool pending)
{
	const struct wse_pe *pe = &mp->pe;
	const struct wse_vop *v = &pe->sync;

	if (pe->state == WSE_PE_BLOCKED && v->active) {
		if (v->d.kind == WSE_DSD_FABOUT)
			return WSE_STUCK_SEND | v->d.color << 8;
		if (v->a.kind == WSE_DSD_FABIN)
			return WSE_STUCK_RECV | v->a.color << 8;
		if (v->b.kind == WSE_DSD_FABIN)
			return WSE_STUCK_RECV | v->b.color << 8;
	}
	if (pe->state == WSE_PE_WAITING)
		return pending ? WSE_STUCK_LAUNCH : WSE_STUCK_EVENTS;
	return pending ? WSE_STUCK_LAUNCH : WSE_STUCK_RUNNING;
}

/*
 * Channel 0 reset or stopped during a barrier, its engine cancelled,
 * run_lock held: halt every PE still running (or still owing its unblock)
 * as WSE_FAULT_STUCK.
 */
void wse_mock_barrier_abort(struct wse_mock *mock)
{
	struct wse_mock_fabric *fab = &mock->fabric;
	size_t npes, i;

	mock->eng[0].barrier = false;
	if (!fab->configured || !fab->barrier_active)
		return;
	fab->barrier_active = false;
	wse_mock_sched_mark_all(mock);
	npes = (size_t)fab->cfg.width * fab->cfg.height;
	for (i = 0; i < npes; i++) {
		struct wse_mock_pe *mp = wse_mock_pe_slot(fab, i);
		struct wse_pe *pe = &mp->pe;
		bool pending = fab->sf[i] & WSE_MOCK_SF_PENDING;

		if (pe->state == WSE_PE_RUNNING ||
		    ((pe->state == WSE_PE_WAITING ||
		      pe->state == WSE_PE_BLOCKED) &&
		     (pending || !pe->unblocked))) {
			u32 what = wse_mock_stuck_what(mp, pending);

			wse_pe_halt(pe, WSE_FAULT_STUCK);
			pe->fault.addr = what;
			wse_mock_fabric_note_fault(fab, mp);
		}
		fab->sf[i] &= ~WSE_MOCK_SF_PENDING;
		wse_mock_pe_facts(fab, i);
	}
}
