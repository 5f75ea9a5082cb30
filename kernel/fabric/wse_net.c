// SPDX-License-Identifier: GPL-2.0
/*
 * The fabric network (wse_net.h, doc/PE-ABI.md section 10): routers,
 * routes, wavelets moving hop by hop through bounded buffers.
 *
 * wse_net_step() visits the routers whose busy mask is not zero (found in
 * the byte map net->busy, not by reading every router) and moves
 * the head of each busy color's buffer while every port of its tx can take
 * it.  A wavelet that entered a buffer during the current step is "fresh"
 * (router gen == net gen, counted in fresh[c]; FIFO order keeps fresh ones
 * at the tail) and stays put until the next step.  A pass that was refused
 * by a full neighbour buffer is followed by another pass in the opposite
 * direction, so a full chain moves as a whole whichever way it flows.
 */
#include "wse_net.h"
#include "wse_pe_priv.h"
#include <wse/route_rules.h>

#define MAX_PASSES	4

/* Index of the neighbour of (x, y) through @port (a direction inside). */
static inline u32 neighbour(u32 x, u32 y, u32 w, u32 port)
{
	switch (port) {
	case WSE_PORT_NORTH:
		return (y - 1) * w + x;
	case WSE_PORT_SOUTH:
		return (y + 1) * w + x;
	case WSE_PORT_EAST:
		return y * w + x + 1;
	default:
		return y * w + x - 1;
	}
}

void wse_net_init(struct wse_net *net, u16 w, u16 h, struct wse_router *rt,
		  struct wse_pe **pe, u8 *busy)
{
	u32 i, n = (u32)w * h;

	net->w = w;
	net->h = h;
	net->rt = rt;
	net->pe = pe;
	net->busy = busy;
	net->hops = 0;
	net->gen = 0;
	net->woken = NULL;
	if (n) {
		memset(rt, 0, n * sizeof(*rt));
		memset(busy, 0, n);
	}
	for (i = 0; i < n; i++) {
		rt[i].mark = &busy[i];
		if (!pe[i])
			continue;
		pe[i]->rt = &rt[i];
		memset(pe[i]->iq, 0, sizeof(pe[i]->iq));
		pe[i]->ctl_colors = 0;
	}
}

void wse_net_flush(struct wse_net *net)
{
	u32 i, n = (u32)net->w * net->h;

	for (i = 0; i < n; i++) {
		struct wse_router *rt = &net->rt[i];

		memset(rt->buf, 0, sizeof(rt->buf));
		memset(rt->out, 0, sizeof(rt->out));
		memset(rt->fresh, 0, sizeof(rt->fresh));
		rt->busy = 0;
		net->busy[i] = 0;
		if (net->pe[i]) {
			memset(net->pe[i]->iq, 0, sizeof(net->pe[i]->iq));
			net->pe[i]->ctl_colors = 0;
		}
	}
}

int wse_net_set_routes(struct wse_net *net, const struct wse_route *routes)
{
	u32 x, y, c, i, p, n = (u32)net->w * net->h;

	if (routes) {
		for (y = 0; y < net->h; y++)
			for (x = 0; x < net->w; x++)
				for (c = 0; c < WSE_NR_COLORS; c++)
					if (wse_route_check(routes, net->w,
							    net->h, x, y, c,
							    &p))
						return -EINVAL;
	}
	for (i = 0; i < n; i++) {
		if (routes)
			memcpy(net->rt[i].route, &routes[i * WSE_NR_COLORS],
			       sizeof(net->rt[i].route));
		else
			memset(net->rt[i].route, 0, sizeof(net->rt[i].route));
	}
	return 0;
}

bool wse_net_inject_w(struct wse_net *net, u32 x, u32 y, u32 c, u32 v,
		      bool ctl)
{
	struct wse_router *rt;

	if (x >= net->w || y >= net->h || c >= WSE_NR_COLORS)
		return false;
	rt = &net->rt[y * net->w + x];
	if (!(rt->route[c].rx & WSE_PORT_MEMCPY) ||
	    !wse_fifo_push_w(&rt->buf[c], v, ctl))
		return false;
	wse_router_mark(rt, c);
	return true;
}

bool wse_net_inject(struct wse_net *net, u32 x, u32 y, u32 c, u32 v)
{
	return wse_net_inject_w(net, x, y, c, v, false);
}

u32 wse_net_ramp_room(const struct wse_net *net, u32 x, u32 y, u32 c)
{
	const struct wse_router *rt;
	const struct wse_pe *pe;
	u32 i, want;

	if (x >= net->w || y >= net->h || c >= WSE_NR_COLORS)
		return 0;
	i = y * net->w + x;
	rt = &net->rt[i];
	pe = net->pe[i];
	if (!pe || rt->buf[c].count || rt->route[c].rx != WSE_PORT_MEMCPY ||
	    rt->route[c].tx != WSE_PORT_RAMP)
		return 0;
	want = wse_pe_fabin_want(pe, c);
	return want ? want : (u32)(WSE_NET_DEPTH - pe->iq[c].count);
}

void wse_net_inject_ramp(struct wse_net *net, u32 x, u32 y, u32 c,
			 const void *v, u32 n)
{
	struct wse_pe *pe;
	u32 k;

	if (!n || n > wse_net_ramp_room(net, x, y, c))
		return;
	pe = net->pe[y * net->w + x];
	if (wse_pe_fabin_want(pe, c) >= n)
		wse_pe_fabin_feed(pe, c, v, n);
	else
		for (k = 0; k < n; k++)
			wse_fifo_push(&pe->iq[c], ld32((const u8 *)v + 4 * k));
	net->hops += n;
}

bool wse_net_extract_w(struct wse_net *net, u32 x, u32 y, u32 c, u32 *v,
		       bool *ctl)
{
	if (x >= net->w || y >= net->h || c >= WSE_NR_COLORS)
		return false;
	return wse_fifo_pop_w(&net->rt[y * net->w + x].out[c], v, ctl);
}

bool wse_net_extract(struct wse_net *net, u32 x, u32 y, u32 c, u32 *v)
{
	bool ctl;

	return wse_net_extract_w(net, x, y, c, v, &ctl);
}

static inline u32 nr_fresh(const struct wse_net *net,
			   const struct wse_router *rt, u32 c)
{
	return rt->gen == net->gen ? rt->fresh[c] : 0;
}

static inline void add_fresh(struct wse_net *net, struct wse_router *rt,
			     u32 c)
{
	if (rt->gen != net->gen) {
		rt->gen = net->gen;
		memset(rt->fresh, 0, sizeof(rt->fresh));
	}
	rt->fresh[c]++;
}

/*
 * Ports of router @i's tx for color @c that refuse a wavelet now, or
 * WSE_PORT_ALL + 1 if the route has no tx at all.  *@full is set when a
 * neighbour refused only for lack of room.
 */
static u32 refusing(const struct wse_net *net, u32 i, u32 x, u32 y, u32 c,
		    bool *full)
{
	const struct wse_router *rt = &net->rt[i];
	u32 tx = rt->route[c].tx, bad = 0, p;
	const struct wse_pe *pe;

	if (!(tx & WSE_PORT_ALL))
		return WSE_PORT_ALL + 1;
	if (tx & WSE_PORT_RAMP) {
		pe = net->pe[i];
		if (!pe || pe->iq[c].count >= WSE_NET_DEPTH)
			bad |= WSE_PORT_RAMP;
	}
	if ((tx & WSE_PORT_MEMCPY) && rt->out[c].count >= WSE_NET_DEPTH)
		bad |= WSE_PORT_MEMCPY;
	if (!(tx & WSE_PORT_DIRS))
		return bad;
	for (p = WSE_PORT_NORTH; p <= WSE_PORT_WEST; p <<= 1) {
		const struct wse_router *nb;

		if (!(tx & p))
			continue;
		if (wse_ports_outside(x, y, net->w, net->h) & p) {
			bad |= p;
			continue;
		}
		nb = &net->rt[neighbour(x, y, net->w, p)];
		if (!(nb->route[c].rx & wse_port_opposite(p))) {
			bad |= p;
		} else if (nb->buf[c].count >= WSE_NET_DEPTH) {
			bad |= p;
			*full = true;
		}
	}
	return bad;
}

/* Move the head of router @i's buffer of color @c; ports reached or 0. */
static u32 forward(struct wse_net *net, u32 i, u32 x, u32 y, u32 c,
		   bool *full)
{
	struct wse_router *rt = &net->rt[i];
	u32 tx = rt->route[c].tx, v, p, moved = 0;
	bool ctl;

	if (refusing(net, i, x, y, c, full))
		return 0;
	/* a control wavelet follows the color's route like data (no switches) */
	if (!wse_fifo_pop_w(&rt->buf[c], &v, &ctl))
		return 0;
	if (!rt->buf[c].count) {
		rt->busy &= ~(1u << c);
		if (!rt->busy)
			net->busy[i] = 0;
	}
	if (net->woken)
		net->woken[i / 32] |= 1u << (i % 32);
	if (tx & WSE_PORT_RAMP) {
		moved += wse_fifo_push_w(&net->pe[i]->iq[c], v, ctl);
		if (ctl)
			net->pe[i]->ctl_colors |= 1u << c;
	}
	if (tx & WSE_PORT_MEMCPY)
		moved += wse_fifo_push_w(&rt->out[c], v, ctl);
	for (p = WSE_PORT_NORTH; p <= WSE_PORT_WEST; p <<= 1) {
		struct wse_router *nb;

		if (!(tx & p))
			continue;
		nb = &net->rt[neighbour(x, y, net->w, p)];
		if (wse_fifo_push_w(&nb->buf[c], v, ctl)) {
			wse_router_mark(nb, c);
			add_fresh(net, nb, c);
			moved++;
		}
	}
	return moved;
}

/* One pass over the routers at @i of (x, y); wavelets moved. */
static u32 visit(struct wse_net *net, u32 i, u32 x, u32 y, bool *full)
{
	struct wse_router *rt = &net->rt[i];
	u32 busy = rt->busy, moved = 0;

	while (busy) {
		u32 c = __builtin_ctz(busy), k, f;

		busy &= busy - 1;
		f = nr_fresh(net, rt, c);
		for (k = rt->buf[c].count; k > f; k--) {
			u32 m = forward(net, i, x, y, c, full);

			if (!m)
				break;
			moved += m;
		}
	}
	return moved;
}

/* Are the 8 bytes of net->busy from @i all zero (no router with work)? */
static inline bool idle8(const struct wse_net *net, u32 i)
{
	u64 v;

	memcpy(&v, &net->busy[i], sizeof(v));
	return !v;
}

/*
 * One pass over the routers with work, in index order (@down: from the
 * last).  net->busy is read as the pass reaches each byte, as the router's
 * own busy mask would be; runs of 8 idle routers are skipped at once.
 */
static u32 pass(struct wse_net *net, u32 n, bool down, bool *full)
{
	u32 w = net->w, m = 0, i, k;

	for (k = 0; k < n; k++) {
		i = down ? n - 1 - k : k;
		if (!(k % 8) && k + 8 <= n && idle8(net, down ? i - 7 : i)) {
			k += 7;
			continue;
		}
		if (net->busy[i])
			m += visit(net, i, i % w, i / w, full);
	}
	return m;
}

u32 wse_net_step(struct wse_net *net)
{
	u32 n = (u32)net->w * net->h, moved = 0, p, i, m;
	bool full;

	if (++net->gen == 0) {	/* wrapped: no router may match by chance */
		for (i = 0; i < n; i++)
			net->rt[i].gen = 0;
		net->gen = 1;
	}
	for (p = 0; p < MAX_PASSES; p++) {
		full = false;
		m = pass(net, n, p & 1, &full);
		moved += m;
		if (!m || !full)
			break;
	}
	net->hops += moved;
	return moved;
}

static void add(struct wse_stall_entry *e, u32 max, u32 *nr, u32 x, u32 y,
		u32 kind, u32 color, u32 port, u32 count, u32 pc)
{
	if (*nr < max) {
		struct wse_stall_entry *s = &e[*nr];

		s->x = (u16)x;
		s->y = (u16)y;
		s->kind = (u8)kind;
		s->color = (u8)color;
		s->port = (u8)port;
		s->count = (u8)(count > 255 ? 255 : count);
		s->pc = pc;
	}
	(*nr)++;
}

u32 wse_net_report(const struct wse_net *net, struct wse_stall_entry *e,
		   u32 max)
{
	struct wse_pe_stall ps[2 * (WSE_PE_MAX_VOPS + 1)];
	u32 x, y, c, i, k, np, nr = 0;

	for (y = 0; y < net->h; y++) {
		for (x = 0; x < net->w; x++) {
			const struct wse_router *rt;
			const struct wse_pe *pe;
			u32 pc, busy, idle = 0;

			i = y * net->w + x;
			rt = &net->rt[i];
			pe = net->pe[i];
			pc = pe ? pe->pc : 0;
			if (pe) {
				np = wse_pe_stalls(pe, ps, &idle);
				for (k = 0; k < np; k++)
					add(e, max, &nr, x, y, ps[k].kind,
					    ps[k].color, 0, ps[k].count, pc);
			}
			for (busy = rt->busy; busy; busy &= busy - 1) {
				bool full = false;
				u32 bad;

				c = __builtin_ctz(busy);
				bad = refusing(net, i, x, y, c, &full);
				if (!bad || !rt->buf[c].count)
					continue;
				add(e, max, &nr, x, y, WSE_STALL_ROUTER, c,
				    bad & WSE_PORT_ALL, rt->buf[c].count, pc);
			}
			for (c = 0; pe && c < WSE_NR_COLORS; c++)
				if (pe->iq[c].count && (idle & 1u << c))
					add(e, max, &nr, x, y, WSE_STALL_QUEUE,
					    c, 0, pe->iq[c].count, pc);
		}
	}
	return nr;
}
