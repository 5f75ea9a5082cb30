// SPDX-License-Identifier: GPL-2.0
/*
 * wse_mock_stream.c - the memcpy halo in streaming mode: streaming H2D/D2H
 * parts, the West (H2D) buffer columns and the East (D2H) sinks.
 *
 * A stream SQE is validated by wse_mock_xfer_prepare() (geometry, SGL) and
 * here (the color's route on every PE of the SQE's rows, faulted PEs), then
 * registered with the scheduler: it sits in sched.streams (registration
 * order) and in its engine's active[dir] until its SQE completes.  Each
 * PE of the part has a forward-only SGL cursor over its own host words
 * (wavelet k of a PE is at a higher host offset than wavelet k - 1 in both
 * orders).  Every scheduler round, under run_lock:
 *   H2D: each PE gets its next wavelets while its router takes them, in
 *	order k = 0..l-1; not before an earlier (buffered) H2D stream has
 *	given that PE all of its own.  While the route's buffer is empty
 *	they go straight to the PE in runs (wse_net_inject_ramp(): a lone
 *	async fabin op takes a whole run), else through wse_net_inject().
 *   D2H: each PE's wavelets come from its sink first, then from
 *	wse_net_extract(), into host memory (16-bit: upper half cleared).
 * A stream completes (CQE from the engine) when every wavelet has moved.
 *
 * West buffer (cfg.west_buf = K): each row holds K * WSE_MOCK_BUF_COL
 * wavelets.  When the rest of an H2D part fits in what its rows have free,
 * the rest is copied into kbuf and the SQE completes; the stream goes on,
 * detached, from kbuf.  East buffer (cfg.east_buf = P): wavelets waiting in
 * a router's out[c] of a D2H color that no D2H stream takes move into the
 * (PE, color) sink, up to P * WSE_MOCK_BUF_COL per row.
 *
 * Host memory is touched only under run_lock by the scheduler while the
 * stream is attached; channel stop/reset drops the channel's streams under
 * run_lock, so nothing touches it afterwards.
 */
#include <linux/bitops.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "wse_compat.h"

#include "wse_mock.h"

/* Wavelets handed to a PE per wse_net_inject_ramp() (a stack array). */
#define WSE_MOCK_H2D_RUN	64u

static struct wse_mock_pe *wse_mock_pe_at(struct wse_mock_fabric *fab, u32 x,
					  u32 y)
{
	return wse_mock_pe_slot(fab, (size_t)y * fab->cfg.width + x);
}

static void wse_mock_stream_free(struct wse_mock_stream *st)
{
	struct wse_mock_fabric *fab = &st->x.mock->fabric;
	u32 r;

	if (st->buffered)
		for (r = 0; r < st->x.row_count; r++)
			fab->west_used[st->x.roi_y + st->x.row_first + r] -=
				st->row_rest[r];
	list_del(&st->node);
	kvfree(st->kbuf);
	kvfree(st->row_rest);
	kvfree(st->spe);
	kfree(st);
}

/*
 * run_lock held: complete @st's SQE (if still attached) with @status; the
 * stream goes away unless it goes on from the West buffer.
 */
void wse_mock_stream_finish(struct wse_mock_stream *st, u16 status)
{
	struct wse_mock_engine *eng = st->eng;

	if (eng) {
		WRITE_ONCE(eng->active[st->h2d ? 0 : 1], NULL);
		st->eng = NULL;
		wse_mock_sched_done(eng, st->tag, status,
				    status == WSE_HW_STATUS_OK ? st->bytes : 0);
	}
	if (status != WSE_HW_STATUS_OK || !st->buffered ||
	    st->delivered >= st->total)
		wse_mock_stream_free(st);
}

/* run_lock held: drop the streams of channel @ch (all if < 0), no CQE. */
void wse_mock_streams_drop(struct wse_mock *mock, int ch)
{
	struct wse_mock_stream *st, *tmp;

	list_for_each_entry_safe(st, tmp, &mock->sched.streams, node) {
		if (ch >= 0 && st->ch != ch)
			continue;
		if (st->eng)
			st->eng->active[st->h2d ? 0 : 1] = NULL;
		wse_mock_stream_free(st);
	}
}

/* The route every PE of the part must have for the stream's color. */
static u16 wse_mock_stream_check(struct wse_mock *mock,
				 const struct wse_mock_xfer *x)
{
	struct wse_mock_fabric *fab = &mock->fabric;
	u8 rx = x->h2d ? WSE_PORT_MEMCPY : WSE_PORT_RAMP;
	u8 tx = x->h2d ? WSE_PORT_RAMP : WSE_PORT_MEMCPY;
	bool fault = false;
	u32 px, py;

	if (!fab->configured || !fab->loaded)
		return WSE_HW_STATUS_INVALID;
	for (py = x->row_first; py < x->row_first + x->row_count; py++)
		for (px = 0; px < x->roi_w; px++) {
			u32 ax = x->roi_x + px, ay = x->roi_y + py;
			size_t i = (size_t)ay * fab->cfg.width + ax;
			const struct wse_route *r = &fab->rt[i].route[x->color];
			struct wse_mock_pe *mp = wse_mock_pe_slot(fab, i);

			if (r->rx != rx || r->tx != tx)
				return WSE_HW_STATUS_INVALID;
			if (mp->pe.state == WSE_PE_FAULTED) {
				wse_mock_fabric_note_fault(fab, mp);
				fault = true;
			}
		}
	return fault ? WSE_HW_STATUS_PE_FAULT : WSE_HW_STATUS_OK;
}

/* Each PE's cursor at its wavelet 0, walking the SGL once in host order. */
static int wse_mock_stream_cursors(struct wse_mock_stream *st)
{
	const struct wse_mock_xfer *x = &st->x;
	struct wse_mock_cursor c;
	u32 a, b, na, nb, avail;

	if (wse_mock_cursor_init(&c, x))
		return -EFAULT;
	/* row-major: host order is (py, px); column-major: (px, py) */
	na = x->col_major ? x->roi_w : x->row_count;
	nb = x->col_major ? x->row_count : x->roi_w;
	for (a = 0; a < na; a++)
		for (b = 0; b < nb; b++) {
			u32 px = x->col_major ? a : b;
			u32 py = x->col_major ? b : a;

			if (!wse_mock_cursor_at(&c, wse_mock_host_off(x, px,
						x->row_first + py, 0), &avail))
				return -EFAULT;
			st->spe[py * x->roi_w + px].cur = c;
		}
	return 0;
}

/*
 * A stream SQE from @eng's worker (@x prepared).  Returns
 * WSE_MOCK_STREAM_QUEUED once the scheduler has it, else the status to
 * complete the SQE with now.
 */
u16 wse_mock_stream_start(struct wse_mock_engine *eng,
			  const struct wse_hw_sqe *sqe,
			  const struct wse_mock_xfer *x)
{
	struct wse_mock *mock = eng->mock;
	struct wse_mock_stream *st;
	u16 status;
	u32 r;

	st = kzalloc(sizeof(*st), GFP_KERNEL | __GFP_NOWARN);
	if (!st)
		return WSE_HW_STATUS_DEVICE_ERROR;
	INIT_LIST_HEAD(&st->node);
	st->x = *x;
	st->eng = eng;
	st->ch = eng->ch;
	st->tag = sqe->tag;
	st->h2d = x->h2d;
	st->color = x->color;
	st->npe = x->row_count * x->roi_w;
	st->total = (u64)st->npe * x->len;
	st->bytes = min_t(u64, 4 * st->total, U32_MAX);
	st->spe = kvcalloc(st->npe, sizeof(*st->spe),
			   GFP_KERNEL | __GFP_NOWARN);
	st->row_rest = kvcalloc(x->row_count, sizeof(*st->row_rest),
				GFP_KERNEL | __GFP_NOWARN);
	if (!st->spe || !st->row_rest) {
		status = WSE_HW_STATUS_DEVICE_ERROR;
		goto err;
	}
	for (r = 0; r < x->row_count; r++)
		st->row_rest[r] = (u64)x->roi_w * x->len;
	if (wse_mock_stream_cursors(st)) {
		status = WSE_HW_STATUS_DMA_ERROR;
		goto err;
	}

	mutex_lock(&mock->sched.run_lock);
	status = wse_mock_stream_check(mock, x);
	if (status == WSE_HW_STATUS_OK) {
		st->seq = ++mock->sched.seq;
		list_add_tail(&st->node, &mock->sched.streams);
		WRITE_ONCE(eng->active[st->h2d ? 0 : 1], st);
		wse_mock_sched_touch(mock);
	}
	mutex_unlock(&mock->sched.run_lock);
	if (status != WSE_HW_STATUS_OK)
		goto err;
	wse_mock_sched_kick(mock);
	return WSE_MOCK_STREAM_QUEUED;

err:
	kvfree(st->row_rest);
	kvfree(st->spe);
	kfree(st);
	return status;
}

/* An earlier H2D stream still owes PE (ax, ay) wavelets: @st waits. */
static bool wse_mock_h2d_held(struct wse_mock *mock,
			      const struct wse_mock_stream *st, u32 ax, u32 ay)
{
	const struct wse_mock_stream *e;

	list_for_each_entry(e, &mock->sched.streams, node) {
		const struct wse_mock_xfer *x = &e->x;
		u32 y0 = x->roi_y + x->row_first;

		if (e == st)
			return false;
		if (!e->h2d || ax < x->roi_x || ax >= x->roi_x + x->roi_w ||
		    ay < y0 || ay >= y0 + x->row_count)
			continue;
		if (e->spe[(ay - y0) * x->roi_w + ax - x->roi_x].pos < x->len)
			return true;
	}
	return false;
}

/*
 * The West buffer takes the rest of @st if its rows have room: copy it into
 * kbuf and complete the SQE.  False on a host memory error.
 */
static bool wse_mock_h2d_buffer(struct wse_mock *mock,
				struct wse_mock_stream *st)
{
	struct wse_mock_fabric *fab = &mock->fabric;
	const struct wse_mock_xfer *x = &st->x;
	u64 cap = (u64)fab->cfg.west_buf * WSE_MOCK_BUF_COL, rest = 0, idx = 0;
	u32 y0 = x->roi_y + x->row_first, r, j, k, avail;
	u32 *kbuf;

	for (r = 0; r < x->row_count; r++) {
		if (fab->west_used[y0 + r] + st->row_rest[r] > cap)
			return true;
		rest += st->row_rest[r];
	}
	kbuf = kvmalloc_array(max_t(u64, rest, 1), sizeof(*kbuf),
			      GFP_KERNEL | __GFP_NOWARN);
	if (!kbuf)
		return true;	/* try again next round */
	for (j = 0; j < st->npe; j++) {
		struct wse_mock_spe *spe = &st->spe[j];
		u32 px = j % x->roi_w, py = x->row_first + j / x->roi_w;

		spe->kidx = idx;
		for (k = spe->pos; k < x->len; k++) {
			u8 *host = wse_mock_cursor_at(&spe->cur,
						      wse_mock_host_off(x, px,
									py, k),
						      &avail);

			if (!host) {
				kvfree(kbuf);
				return false;
			}
			kbuf[idx++] = get_unaligned((u32 *)host);
		}
		if (!(j % 64))
			cond_resched();
	}
	st->kbuf = kbuf;
	st->buffered = true;
	for (r = 0; r < x->row_count; r++)
		fab->west_used[y0 + r] += st->row_rest[r];
	/* the host buffer is released; delivery goes on from kbuf */
	wse_mock_stream_finish(st, WSE_HW_STATUS_OK);
	return true;
}

/*
 * Up to @max of PE (px, py)'s next words (from spe->pos) in one piece of
 * memory *@p: kbuf, a run of host memory, or (column-major) gathered into
 * @buf; how many, 0 on a host memory error.  Only words about to be
 * injected: the cursor moves forward only.
 */
static u32 wse_mock_h2d_run(struct wse_mock_stream *st,
			    struct wse_mock_spe *spe, u32 px, u32 py, u32 max,
			    u32 *buf, const void **p)
{
	const struct wse_mock_xfer *x = &st->x;
	u32 avail, k;
	u8 *host;

	if (st->buffered) {
		*p = &st->kbuf[spe->kidx];
		return max;
	}
	if (x->col_major) {
		max = min(max, WSE_MOCK_H2D_RUN);
		for (k = 0; k < max; k++) {
			host = wse_mock_cursor_at(&spe->cur,
				wse_mock_host_off(x, px, x->row_first + py,
						  spe->pos + k), &avail);
			if (!host)
				return 0;
			buf[k] = get_unaligned((u32 *)host);
		}
		*p = buf;
		return max;
	}
	host = wse_mock_cursor_at(&spe->cur,
				  wse_mock_host_off(x, px, x->row_first + py,
						    spe->pos), &avail);
	if (!host)
		return 0;
	*p = host;
	return clamp(avail / 4, 1u, max);
}

/*
 * PE (px, py) of @st takes the wavelets its router and input queue take
 * now.  While the route's buffer is empty they go straight to the PE
 * (wse_net_inject_ramp(): into the input queue, or a run of them into the
 * fabin op that consumes them) and the PE is polled after each batch: as
 * if the network stepped and the PE polled once per wavelet, with no
 * instruction of the PE in between (up to WSE_PE_SLICE wavelets per round,
 * one instruction per element).  Then, as before, one by one into the
 * router's buffer.
 */
static u64 wse_mock_h2d_pe(struct wse_mock *mock, struct wse_mock_stream *st,
			   u32 px, u32 py, bool *err)
{
	struct wse_mock_fabric *fab = &mock->fabric;
	const struct wse_mock_xfer *x = &st->x;
	struct wse_mock_spe *spe = &st->spe[py * x->roi_w + px];
	u32 ax = x->roi_x + px, ay = x->roi_y + x->row_first + py;
	size_t i = (size_t)ay * fab->cfg.width + ax;
	struct wse_mock_pe *mp = wse_mock_pe_slot(fab, i);
	u32 budget = WSE_PE_SLICE, buf[WSE_MOCK_H2D_RUN], room;
	const void *p;
	u64 n = 0;

	while (spe->pos < x->len) {
		room = budget ? wse_net_ramp_room(&fab->net, ax, ay,
						  st->color) : 0;
		room = min3(room, x->len - spe->pos, budget);
		if (room) {
			room = wse_mock_h2d_run(st, spe, px, py, room, buf, &p);
			if (!room) {
				*err = true;
				break;
			}
			wse_net_inject_ramp(&fab->net, ax, ay, st->color, p,
					    room);
			budget -= room;
			atomic64_add(room, &mock->cnt.hops);
			/* the net's woken: this PE gets a turn next round */
			if (fab->active)
				fab->active[i / 32] |= 1u << (i % 32);
		} else {
			if (!wse_mock_h2d_run(st, spe, px, py, 1, buf, &p)) {
				*err = true;
				break;
			}
			if (!wse_net_inject(&fab->net, ax, ay, st->color,
					    get_unaligned((const u32 *)p)))
				break;
			room = 1;
		}
		spe->pos += room;
		spe->kidx += room;
		st->row_rest[py] -= room;
		if (st->buffered)
			fab->west_used[ay] -= room;
		n += room;
		if (budget && !(fab->sf[i] & WSE_MOCK_SF_PENDING) &&
		    wse_pe_can_poll(&mp->pe)) {
			wse_fpu_begin();
			wse_pe_poll(&mp->pe);
			wse_fpu_end();
			wse_mock_fabric_note_fault(fab, mp);
			wse_mock_pe_facts(fab, i);
		}
	}
	return n;
}

static u64 wse_mock_h2d_move(struct wse_mock *mock, struct wse_mock_stream *st)
{
	struct wse_mock_fabric *fab = &mock->fabric;
	const struct wse_mock_xfer *x = &st->x;
	u32 y0 = x->roi_y + x->row_first, px, py;
	bool fault = false, err = false;
	u64 n = 0, m;

	for (py = 0; py < x->row_count; py++)
		for (px = 0; px < x->roi_w; px++) {
			struct wse_mock_spe *spe = &st->spe[py * x->roi_w + px];
			u32 ax = x->roi_x + px, ay = y0 + py;

			if (spe->pos >= x->len)
				continue;
			if (wse_mock_pe_at(fab, ax, ay)->pe.state ==
			    WSE_PE_FAULTED) {
				fault = true;
				continue;
			}
			if (wse_mock_h2d_held(mock, st, ax, ay))
				continue;
			m = wse_mock_h2d_pe(mock, st, px, py, &err);
			n += m;
			/* up to a slice of wavelets per PE: let others run */
			if (m > WSE_MOCK_H2D_RUN)
				cond_resched();
		}
	st->delivered += n;
	if (n)
		atomic64_add(n, &mock->cnt.wavelets_in);
	if (err && st->eng)
		wse_mock_stream_finish(st, WSE_HW_STATUS_DMA_ERROR);
	else if (st->delivered >= st->total)
		wse_mock_stream_finish(st, WSE_HW_STATUS_OK);
	else if (fault && st->eng)
		wse_mock_stream_finish(st, WSE_HW_STATUS_PE_FAULT);
	else if (st->eng && fab->cfg.west_buf &&
		 !wse_mock_h2d_buffer(mock, st))
		wse_mock_stream_finish(st, WSE_HW_STATUS_DMA_ERROR);
	return n;
}

static struct wse_mock_sink *wse_mock_sink_of(struct wse_mock_fabric *fab,
					      u32 ax, u32 ay, u32 c)
{
	if (!fab->sinks || !(fab->d2h_colors & BIT(c)))
		return NULL;
	return &fab->sinks[((size_t)ay * fab->cfg.width + ax) * fab->nd2h +
			   fab->d2h_idx[c]];
}

static u32 wse_mock_sink_pop(struct wse_mock_fabric *fab,
			     struct wse_mock_sink *k, u32 ay)
{
	u32 v = k->v[k->head];

	k->head = (k->head + 1) % k->cap;
	k->count--;
	fab->east_used[ay]--;
	return v;
}

static u64 wse_mock_d2h_move(struct wse_mock *mock, struct wse_mock_stream *st)
{
	struct wse_mock_fabric *fab = &mock->fabric;
	const struct wse_mock_xfer *x = &st->x;
	u32 y0 = x->roi_y + x->row_first, px, py, avail;
	bool fault = false, err = false;
	u64 n = 0;

	for (py = 0; py < x->row_count; py++)
		for (px = 0; px < x->roi_w; px++) {
			struct wse_mock_spe *spe = &st->spe[py * x->roi_w + px];
			u32 ax = x->roi_x + px, ay = y0 + py;
			struct wse_mock_sink *k;

			if (spe->pos >= x->len)
				continue;
			k = wse_mock_sink_of(fab, ax, ay, st->color);
			while (spe->pos < x->len) {
				u8 *host = wse_mock_cursor_at(&spe->cur,
					wse_mock_host_off(x, px,
							  x->row_first + py,
							  spe->pos),
					&avail);
				u32 v;

				if (!host) {
					err = true;
					break;
				}
				if (k && k->count)
					v = wse_mock_sink_pop(fab, k, ay);
				else if (!wse_net_extract(&fab->net, ax, ay,
							  st->color, &v))
					break;
				if (x->half)
					v &= 0xffff;
				put_unaligned(v, (u32 *)host);
				spe->pos++;
				n++;
			}
			if (spe->pos < x->len &&
			    wse_mock_pe_at(fab, ax, ay)->pe.state ==
			    WSE_PE_FAULTED)
				fault = true;
		}
	st->delivered += n;
	if (n)
		atomic64_add(n, &mock->cnt.wavelets_out);
	if (err)
		wse_mock_stream_finish(st, WSE_HW_STATUS_DMA_ERROR);
	else if (st->delivered >= st->total)
		wse_mock_stream_finish(st, WSE_HW_STATUS_OK);
	else if (fault)
		wse_mock_stream_finish(st, WSE_HW_STATUS_PE_FAULT);
	return n;
}

/* A D2H stream on @c still takes PE (ax, ay)'s wavelets. */
static bool wse_mock_d2h_taken(struct wse_mock *mock, u32 ax, u32 ay, u32 c)
{
	const struct wse_mock_stream *st;

	list_for_each_entry(st, &mock->sched.streams, node) {
		const struct wse_mock_xfer *x = &st->x;
		u32 y0 = x->roi_y + x->row_first;

		if (st->h2d || st->color != c || ax < x->roi_x ||
		    ax >= x->roi_x + x->roi_w || ay < y0 ||
		    ay >= y0 + x->row_count)
			continue;
		if (st->spe[(ay - y0) * x->roi_w + ax - x->roi_x].pos < x->len)
			return true;
	}
	return false;
}

static bool wse_mock_sink_grow(struct wse_mock_sink *k)
{
	u32 ncap = k->cap ? k->cap * 2 : 64, i;
	u32 *v;

	if (k->cap > U32_MAX / 2)
		return false;
	v = kvmalloc_array(ncap, sizeof(*v), GFP_KERNEL | __GFP_NOWARN);
	if (!v)
		return false;
	for (i = 0; i < k->count; i++)
		v[i] = k->v[(k->head + i) % k->cap];
	kvfree(k->v);
	k->v = v;
	k->head = 0;
	k->cap = ncap;
	return true;
}

/* East buffer: park what no D2H takes. */
static u64 wse_mock_sinks_fill(struct wse_mock *mock)
{
	struct wse_mock_fabric *fab = &mock->fabric;
	u64 cap = (u64)fab->cfg.east_buf * WSE_MOCK_BUF_COL, n = 0;
	unsigned long colors = fab->d2h_colors;
	u32 ax, ay, c;

	for (ay = 0; ay < fab->cfg.height; ay++)
		for (ax = 0; ax < fab->cfg.width; ax++) {
			size_t i = (size_t)ay * fab->cfg.width + ax;

			for_each_set_bit(c, &colors, WSE_NR_COLORS) {
				struct wse_mock_sink *k;
				u32 v;

				if (!fab->rt[i].out[c].count ||
				    wse_mock_d2h_taken(mock, ax, ay, c))
					continue;
				k = wse_mock_sink_of(fab, ax, ay, c);
				while (fab->east_used[ay] < cap) {
					if (k->count == k->cap &&
					    !wse_mock_sink_grow(k))
						break;
					if (!wse_net_extract(&fab->net, ax, ay,
							     c, &v))
						break;
					k->v[(k->head + k->count) % k->cap] = v;
					k->count++;
					fab->east_used[ay]++;
					n++;
				}
			}
		}
	return n;
}

/* One scheduler round of the halo, run_lock held; wavelets moved. */
u64 wse_mock_streams_move(struct wse_mock *mock)
{
	struct wse_mock_stream *st, *tmp;
	u64 n = 0;

	list_for_each_entry_safe(st, tmp, &mock->sched.streams, node) {
		/* the move may complete and free @st */
		bool attached = st->eng;
		unsigned int ch = st->ch;
		u64 m;

		if (st->h2d)
			m = wse_mock_h2d_move(mock, st);
		else
			m = wse_mock_d2h_move(mock, st);
		/* a stream that moves is not stuck: tell the watchdog */
		if (m && attached)
			wse_signal_progress(mock->wdev, ch);
		n += m;
	}
	if (mock->fabric.sinks)
		n += wse_mock_sinks_fill(mock);
	return n;
}

/* load, run_lock held: the sinks of the D2H colors (east_buf only). */
int wse_mock_sinks_alloc(struct wse_mock *mock)
{
	struct wse_mock_fabric *fab = &mock->fabric;
	size_t npes = (size_t)fab->cfg.width * fab->cfg.height;

	if (!fab->cfg.east_buf || !fab->nd2h)
		return 0;
	fab->sinks = kvcalloc(npes * fab->nd2h, sizeof(*fab->sinks),
			      GFP_KERNEL | __GFP_NOWARN);
	return fab->sinks ? 0 : -ENOMEM;
}

void wse_mock_sinks_free(struct wse_mock_fabric *fab)
{
	size_t n, i;

	if (!fab->sinks)
		return;
	n = (size_t)fab->cfg.width * fab->cfg.height * fab->nd2h;
	for (i = 0; i < n; i++)
		kvfree(fab->sinks[i].v);
	kvfree(fab->sinks);
	fab->sinks = NULL;
	if (fab->east_used)
		memset(fab->east_used, 0,
		       fab->cfg.height * sizeof(*fab->east_used));
}
