// SPDX-License-Identifier: GPL-2.0
/*
 * The fabric side of a PE (doc/PE-ABI.md section 10): vector ops with
 * fabric operands, element by element as wavelets arrive and room appears
 * (synchronous: the PE is BLOCKED in the ecall; asynchronous: up to
 * WSE_PE_MAX_VOPS in the background), and the events WAIT gets from the
 * fabric (completed async ops, data-task wavelets).
 *
 * Async ops sit in pe->vops[] in issue order, active ones first (a finished
 * op is removed and the rest move down), so ops on the same color make
 * progress in the order they were issued.  Every element costs one
 * instruction (instret), charged when it is done: in the issuing ecall, or
 * in wse_pe_poll().
 */
#include "wse_net.h"
#include "wse_pe_priv.h"

#define ALL_COLORS	((1u << WSE_NR_COLORS) - 1)

void wse_pe_drop_ops(struct wse_pe *pe)
{
	memset(&pe->sync, 0, sizeof(pe->sync));
	memset(pe->vops, 0, sizeof(pe->vops));
	pe->nr_vops = 0;
}

void wse_pe_fabric_reset(struct wse_pe *pe)
{
	memset(pe->iq, 0, sizeof(pe->iq));
	pe->data_colors = 0;
	pe->blocked_colors = 0;
	pe->ctl_colors = 0;
	pe->done_tasks = 0;
	pe->done_unblock = 0;
	pe->rr_color = 0;
	wse_pe_drop_ops(pe);
}

static inline bool fabin(const struct wse_vopnd *o)
{
	return o->kind == WSE_DSD_FABIN && o->color < WSE_NR_COLORS;
}

/* Input (fabin) and output (fabout) queue ids of an op, as masks. */
static inline u32 inq(const struct wse_vop *v)
{
	return (fabin(&v->a) ? 1u << (v->a.queue & 7) : 0) |
	       (fabin(&v->b) ? 1u << (v->b.queue & 7) : 0);
}

static inline u32 outq(const struct wse_vop *v)
{
	return v->d.kind == WSE_DSD_FABOUT ? 1u << (v->d.queue & 7) : 0;
}

/* Wavelets of @c the op needs for one element. */
static inline u32 need(const struct wse_vop *v, u32 c)
{
	return (fabin(&v->a) && v->a.color == c) +
	       (fabin(&v->b) && v->b.color == c);
}

/*
 * Data wavelets at the head of @q, up to 2: a control wavelet is never an
 * element of an op, the op waits until the runtime loop has taken it.
 */
static inline u32 data_ahead(const struct wse_fifo *q)
{
	u32 k = 0;

	while (k < 2 && k < q->count && !wse_fifo_ctl_at(q, k))
		k++;
	return k;
}

/* The fabin operand that lacks a wavelet, or NULL. */
static const struct wse_vopnd *lacking(const struct wse_pe *pe,
				       const struct wse_vop *v)
{
	const struct wse_router *rt = pe->rt;

	if (fabin(&v->a) &&
	    (data_ahead(&pe->iq[v->a.color]) < need(v, v->a.color) ||
	     !(rt->route[v->a.color].tx & WSE_PORT_RAMP)))
		return &v->a;
	if (fabin(&v->b) &&
	    (data_ahead(&pe->iq[v->b.color]) < need(v, v->b.color) ||
	     !(rt->route[v->b.color].tx & WSE_PORT_RAMP)))
		return &v->b;
	return NULL;
}

/* True if the fabout destination has no room (or no route from RAMP). */
static bool no_room(const struct wse_pe *pe, const struct wse_vop *v)
{
	u32 c = v->d.color;

	if (v->d.kind != WSE_DSD_FABOUT)
		return false;
	return c >= WSE_NR_COLORS ||
	       pe->rt->buf[c].count >= WSE_NET_DEPTH ||
	       !(pe->rt->route[c].rx & WSE_PORT_RAMP);
}

static inline bool ready(const struct wse_pe *pe, const struct wse_vop *v)
{
	return v->active && v->done < v->n && pe->rt && !lacking(pe, v) &&
	       !no_room(pe, v);
}

/* Element v->done of @v; ready() said yes. */
static void element(struct wse_pe *pe, struct wse_vop *v, bool *fp)
{
	struct wse_router *rt = pe->rt;
	bool h = v->op == WSE_VEC_MOV16 || WSE_VEC_IS_F16(v->op);
	u32 i = v->done, x = 0, y = v->b.addr, r, p;
	u8 *mem = pe->mem;

	if (v->a.kind == WSE_DSD_FABIN) {
		wse_fifo_pop(&pe->iq[v->a.color], &x);
	} else if (v->a.kind == WSE_VOPND_SCALAR) {	/* a scalar move */
		x = v->a.addr;
	} else {
		p = v->a.addr + i * v->a.step;
		x = h ? ld16(mem + p) : ld32(mem + p);
	}
	if (v->b.kind == WSE_DSD_FABIN)
		wse_fifo_pop(&pe->iq[v->b.color], &y);
	else if (v->b.kind == WSE_DSD_MEM)
		y = h ? ld16(mem + (v->b.addr + i * v->b.step)) :
			ld32(mem + (v->b.addr + i * v->b.step));
	switch (v->op) {
	case WSE_VEC_MOV32:
		r = x;
		break;
	case WSE_VEC_MOV16:
		r = x & 0xffff;
		break;
	case WSE_VEC_FNEGS:
		r = x ^ 0x80000000u;
		break;
	default:
		if (!*fp) {
			wse_fp_enter();
			*fp = true;
		}
		r = wse_fp_elem(pe, v->op, x, y, v->s);
		break;
	}
	if (v->d.kind == WSE_DSD_FABOUT) {
		wse_fifo_push_w(&rt->buf[v->d.color], r, v->d.ctl);
		wse_router_mark(rt, v->d.color);
	} else {
		p = v->d.addr + i * v->d.step;
		if (h)
			st16(mem + p, (u16)r);
		else
			st32(mem + p, r);
	}
	v->done++;
}

/* Do the elements of @v that can be done now; returns how many. */
static u32 advance(struct wse_pe *pe, struct wse_vop *v, bool *fp)
{
	u32 k = 0;

	while (ready(pe, v)) {
		element(pe, v, fp);
		k++;
	}
	return k;
}

/* True if async op @v may take a slot now. */
static bool slot_free(const struct wse_pe *pe, const struct wse_vop *v)
{
	u32 i, in = inq(v), out = outq(v);
	bool room = false;

	for (i = 0; i < WSE_PE_MAX_VOPS; i++) {
		const struct wse_vop *o = &pe->vops[i];

		if (!o->active)
			room = true;
		else if ((inq(o) & in) || (outq(o) & out))
			return false;
	}
	return room;
}

/* Async op @i finished: report its task, close the gap. */
static void complete(struct wse_pe *pe, u32 i)
{
	u32 task = pe->vops[i].task;

	if (task != WSE_VEC_NO_TASK)
		wse_pe_task_done(pe, task);
	for (; i + 1 < WSE_PE_MAX_VOPS; i++)
		pe->vops[i] = pe->vops[i + 1];
	memset(&pe->vops[i], 0, sizeof(pe->vops[i]));
	pe->nr_vops--;
}

/* Put async op @v in a slot (slot_free() said yes) and start it. */
static u32 start_async(struct wse_pe *pe, const struct wse_vop *v, bool *fp)
{
	u32 i, k;

	for (i = 0; i < WSE_PE_MAX_VOPS && pe->vops[i].active; i++)
		;
	if (i == WSE_PE_MAX_VOPS)
		return 0;
	pe->vops[i] = *v;
	pe->vops[i].active = true;
	pe->nr_vops++;
	k = advance(pe, &pe->vops[i], fp);
	if (pe->vops[i].done >= pe->vops[i].n)
		complete(pe, i);
	return k;
}

u32 wse_vop_issue(struct wse_pe *pe, const struct wse_vop *v)
{
	bool fp = true;		/* inside wse_pe_run(): MXCSR is ours */
	u32 k;

	if (v->async && slot_free(pe, v))
		return start_async(pe, v, &fp);
	pe->sync = *v;
	pe->sync.active = true;
	if (v->async) {		/* wait for a slot */
		pe->state = WSE_PE_BLOCKED;
		return 0;
	}
	k = advance(pe, &pe->sync, &fp);
	if (pe->sync.done >= pe->sync.n)
		pe->sync.active = false;
	else
		pe->state = WSE_PE_BLOCKED;
	return k;
}

/*
 * Colors whose input queue has a wavelet for the runtime loop: a data
 * wavelet at the head of a bound color, or a control wavelet at the head
 * of any color; BLOCK holds both (the queue keeps its order).
 */
static u32 loop_colors(const struct wse_pe *pe)
{
	u32 open = ~pe->blocked_colors & ALL_COLORS, m = 0, c, k;

	for (k = open & (pe->data_colors | pe->ctl_colors); k; k &= k - 1) {
		c = __builtin_ctz(k);
		if (pe->iq[c].count &&
		    ((pe->data_colors >> c & 1) || wse_fifo_ctl_at(&pe->iq[c], 0)))
			m |= 1u << c;
	}
	return m;
}

/* The next color with a wavelet for the loop (round robin), or -1. */
static int next_wavelet(const struct wse_pe *pe)
{
	u32 m = loop_colors(pe), hi;
	u32 rr = pe->rr_color < WSE_NR_COLORS ? pe->rr_color : 0;

	if (!m)
		return -1;
	hi = m >> rr << rr;
	return __builtin_ctz(hi ? hi : m);
}

/* Hand a WAITING PE its next event; 1 if it got one. */
static u32 deliver(struct wse_pe *pe)
{
	u32 v = 0;
	bool ctl = false;
	int c;

	if (wse_pe_tasks_pending(pe)) {
		wse_pe_tasks_event(pe);
		pe->state = WSE_PE_RUNNING;
		return 1;
	}
	c = next_wavelet(pe);
	if (c < 0)
		return 0;
	if (!in_mem(pe->wait_buf, 64)) {
		/* WAIT checked it; only a caller poking wait_buf gets here */
		wse_pe_fault(pe, WSE_FAULT_ECALL, pe->pc - 4, pe->wait_buf);
		return 1;
	}
	wse_fifo_pop_w(&pe->iq[c], &v, &ctl);
	if (!pe->iq[c].ctl)
		pe->ctl_colors &= ~(1u << c);
	st32(pe->mem + pe->wait_buf, (u32)c);
	pe->x[10] = ctl ? WSE_EV_CONTROL : WSE_EV_WAVELET;
	pe->x[11] = v;
	pe->rr_color = (u8)((c + 1) % WSE_NR_COLORS);
	pe->state = WSE_PE_RUNNING;
	return 1;
}

static inline bool alive(const struct wse_pe *pe)
{
	return pe->state == WSE_PE_RUNNING || pe->state == WSE_PE_WAITING ||
	       pe->state == WSE_PE_BLOCKED;
}

u32 wse_pe_poll(struct wse_pe *pe)
{
	struct wse_vop *v = &pe->sync;
	u32 moved = 0, i = 0, k;
	bool fp = false;

	if (!alive(pe))
		return 0;
	while (i < WSE_PE_MAX_VOPS && pe->vops[i].active) {
		k = advance(pe, &pe->vops[i], &fp);
		moved += k;
		pe->instret += k;
		if (pe->vops[i].done >= pe->vops[i].n)
			complete(pe, i);
		else
			i++;
	}
	if (pe->state == WSE_PE_BLOCKED && v->active) {
		if (!v->async) {
			k = advance(pe, v, &fp);
			moved += k;
			pe->instret += k;
			if (v->done >= v->n) {
				v->active = false;
				pe->pc += 4;
				pe->state = WSE_PE_RUNNING;
			}
		} else if (slot_free(pe, v)) {
			struct wse_vop nv = *v;

			v->active = false;
			pe->pc += 4;
			pe->state = WSE_PE_RUNNING;
			k = start_async(pe, &nv, &fp);
			moved += k + 1;
			pe->instret += k;
		}
	}
	if (pe->state == WSE_PE_WAITING)
		moved += deliver(pe);
	if (fp)
		wse_fp_sync(pe);
	return moved;
}

bool __wse_pe_can_poll(const struct wse_pe *pe)
{
	const struct wse_vop *v = &pe->sync;
	u32 i;

	if (!alive(pe))
		return false;
	for (i = 0; i < WSE_PE_MAX_VOPS && pe->vops[i].active; i++)
		if (ready(pe, &pe->vops[i]))
			return true;
	if (pe->state == WSE_PE_BLOCKED && v->active &&
	    (v->async ? slot_free(pe, v) : ready(pe, v)))
		return true;
	return pe->state == WSE_PE_WAITING &&
	       (wse_pe_tasks_pending(pe) || next_wavelet(pe) >= 0);
}

/* The async op that wse_pe_fabin_want() may feed, or -1. */
static int sole_taker(const struct wse_pe *pe, u32 c)
{
	const struct wse_vop *v;
	int i, t = -1;

	if (!alive(pe) || !pe->rt || pe->iq[c].count ||
	    (pe->data_colors & 1u << c) ||
	    (pe->state == WSE_PE_BLOCKED && pe->sync.active &&
	     need(&pe->sync, c)))
		return -1;
	for (i = 0; i < WSE_PE_MAX_VOPS && pe->vops[i].active; i++) {
		if (!need(&pe->vops[i], c))
			continue;
		if (t >= 0)
			return -1;
		t = i;
	}
	if (t < 0)
		return -1;
	v = &pe->vops[t];
	if (!fabin(&v->a) || v->b.kind == WSE_DSD_FABIN ||
	    v->d.kind == WSE_DSD_FABOUT || v->done >= v->n ||
	    (v->op != WSE_VEC_MOV32 && v->op != WSE_VEC_MOV16 &&
	     v->op != WSE_VEC_FNEGS))
		return -1;
	return t;
}

u32 wse_pe_fabin_want(const struct wse_pe *pe, u32 c)
{
	int t = c < WSE_NR_COLORS ? sole_taker(pe, c) : -1;

	return t < 0 ? 0 : pe->vops[t].n - pe->vops[t].done;
}

void wse_pe_fabin_feed(struct wse_pe *pe, u32 c, const u8 *v, u32 n)
{
	int t = c < WSE_NR_COLORS ? sole_taker(pe, c) : -1;
	struct wse_vop *op;
	u32 k, p, x;

	if (t < 0 || n > pe->vops[t].n - pe->vops[t].done)
		return;
	op = &pe->vops[t];
	/* element() for these ops, the queue left as it was: empty */
	p = op->d.addr + op->done * op->d.step;
	if (op->op == WSE_VEC_MOV32 && op->d.step == 4) {
		memcpy(pe->mem + p, v, 4 * n);
	} else {
		for (k = 0; k < n; k++, p += op->d.step) {
			x = ld32(v + 4 * k);
			if (op->op == WSE_VEC_MOV16)
				st16(pe->mem + p, (u16)x);
			else if (op->op == WSE_VEC_FNEGS)
				st32(pe->mem + p, x ^ 0x80000000u);
			else
				st32(pe->mem + p, x);
		}
	}
	op->done += n;
	pe->instret += n;
	if (op->done >= op->n)
		complete(pe, t);
}

/* Why op @v does not move: up to two entries (RECV, SEND). */
static u32 op_stalls(const struct wse_pe *pe, const struct wse_vop *v,
		     struct wse_pe_stall *s)
{
	const struct wse_vopnd *o;
	u32 k = 0;

	if (!pe->rt || v->done >= v->n)
		return 0;
	o = lacking(pe, v);
	if (o) {
		s[k].kind = WSE_STALL_RECV;
		s[k].color = o->color;
		s[k++].count = v->n - v->done;
	}
	if (no_room(pe, v)) {
		s[k].kind = WSE_STALL_SEND;
		s[k].color = v->d.color;
		s[k++].count = v->n - v->done;
	}
	return k;
}

u32 wse_pe_stalls(const struct wse_pe *pe, struct wse_pe_stall *s, u32 *idle)
{
	const struct wse_vop *v = &pe->sync;
	u32 i, k = 0, taken;

	if (!alive(pe)) {
		*idle = ALL_COLORS;
		return 0;
	}
	taken = (pe->data_colors & ~pe->blocked_colors) | loop_colors(pe);
	for (i = 0; i < WSE_PE_MAX_VOPS && pe->vops[i].active; i++) {
		const struct wse_vop *o = &pe->vops[i];

		taken |= (fabin(&o->a) ? 1u << o->a.color : 0) |
			 (fabin(&o->b) ? 1u << o->b.color : 0);
		k += op_stalls(pe, o, s + k);
	}
	if (pe->state == WSE_PE_BLOCKED && v->active) {
		taken |= (fabin(&v->a) ? 1u << v->a.color : 0) |
			 (fabin(&v->b) ? 1u << v->b.color : 0);
		if (!v->async)
			k += op_stalls(pe, v, s + k);
	}
	*idle = ~taken & ALL_COLORS;
	return k;
}
