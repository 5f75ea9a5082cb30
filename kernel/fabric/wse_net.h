/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wse_net.h - the fabric network of the fabric core: one router per PE of
 * the rectangle, WSE_NR_COLORS colors, routes (uapi struct wse_route), and
 * wavelets moving hop by hop through bounded buffers, so that backpressure
 * and stalls happen where they would on the wafer.  Kernel-agnostic like
 * wse_pe.h (doc/PE-ABI.md section 10 is the model).
 *
 * A wavelet is 32 bits and a control bit (struct wse_fifo.ctl).
 * Buffers (all WSE_NET_DEPTH wavelets deep):
 *  - rt->buf[c]: wavelets of color c the router has accepted (from a
 *    neighbour, from its PE through a fabout op, or from the memcpy halo)
 *    and not yet forwarded;
 *  - pe->iq[c]: wavelets of color c forwarded to RAMP, waiting for the PE
 *    (data task, fabin op);
 *  - rt->out[c]: wavelets of color c forwarded to WSE_PORT_MEMCPY, waiting
 *    for the halo (a streaming D2H).
 * A buffered wavelet moves when every port of the route's tx can take it
 * (multicast is all or nothing): RAMP -> pe->iq[c] has room; a direction ->
 * the neighbour's rt->buf[c] has room and its rx has the opposite port;
 * MEMCPY -> rt->out[c] has room.
 *
 * Nothing here sleeps or allocates; the caller serialises every call on
 * one net (and the wse_pe_* calls on its PEs).
 */
#ifndef _WSE_NET_H
#define _WSE_NET_H

#include "wse_pe.h"

struct wse_router {
	struct wse_route route[WSE_NR_COLORS];
	struct wse_fifo buf[WSE_NR_COLORS];
	struct wse_fifo out[WSE_NR_COLORS];
	u32 busy;		/* colors whose buf is not empty */
	u8 *mark;		/* its byte of net->busy: busy != 0 */
	/* private to wse_net_step(): wavelets that arrived in step @gen */
	u32 gen;
	u8 fresh[WSE_NR_COLORS];
};

struct wse_net {
	u16 w, h;
	struct wse_router *rt;	/* [w * h], row-major, owned by the caller */
	struct wse_pe **pe;	/* [w * h], owned by the caller */
	/*
	 * [w * h], owned by the caller: byte i is nonzero iff rt[i].busy is,
	 * so a step finds the routers with work without touching the others
	 * (under TCG every router's page read is a software TLB refill).  A
	 * PE's turn writes only its own router's byte.
	 */
	u8 *busy;
	u64 hops;		/* wavelets moved by one port, ever */
	/*
	 * Optional (NULL after wse_net_init()), the caller's bitmap of
	 * [(w * h + 31) / 32] words: wse_net_step() sets bit i when router i
	 * forwards, the only way the net gives PE i a wavelet or room.
	 */
	u32 *woken;
	u32 gen;		/* private: wse_net_step() calls */
};

/*
 * Attach @rt, @pe and @busy (w * h each); routers are cleared (no routes,
 * empty buffers) and each PE gets pe->rt and empty input queues.  A NULL
 * entry of @pe is a router without a PE (RAMP refuses everything).
 */
void wse_net_init(struct wse_net *net, u16 w, u16 h, struct wse_router *rt,
		  struct wse_pe **pe, u8 *busy);

/* A wavelet of color @c entered @rt->buf[c]: the router has work. */
static inline void wse_router_mark(struct wse_router *rt, u32 c)
{
	rt->busy |= 1u << c;
	*rt->mark = 1;
}

/* Empty every buffer and input queue; routes stay. */
void wse_net_flush(struct wse_net *net);

/*
 * Set every route from @routes ([w * h * WSE_NR_COLORS], the uapi layout of
 * WSE_IOCTL_LOAD) after checking the rules of struct wse_load: -EINVAL (and
 * nothing changed) if one is broken.  NULL clears every route.
 */
int wse_net_set_routes(struct wse_net *net, const struct wse_route *routes);

/*
 * The halo: offer wavelet @v of color @c to router (x, y) from
 * WSE_PORT_MEMCPY.  False if it cannot take it now (buffer full) or
 * never (coordinates, color, or a route without MEMCPY in rx).
 */
bool wse_net_inject(struct wse_net *net, u32 x, u32 y, u32 c, u32 v);

/*
 * The halo's short cut for a route that is exactly MEMCPY -> RAMP: how
 * many wavelets of @c router (x, y) may hand straight to its PE now, as
 * wse_net_inject() and one hop each would; 0 unless its buf[c] is empty
 * (older wavelets go first).  That is the room in the PE's input queue,
 * or, when the queue is empty and one fabin op is its only consumer, what
 * that op still takes (each wavelet taken as it arrives, the queue never
 * holding more than one).  wse_net_inject_ramp() hands over @n <= that
 * many (@v: n 32-bit words, any alignment; counted in net->hops), so a
 * run of wavelets costs no step per hop.
 */
u32 wse_net_ramp_room(const struct wse_net *net, u32 x, u32 y, u32 c);
void wse_net_inject_ramp(struct wse_net *net, u32 x, u32 y, u32 c,
			 const void *v, u32 n);

/* The halo: take one wavelet of color @c from router (x, y)'s out[c]. */
bool wse_net_extract(struct wse_net *net, u32 x, u32 y, u32 c, u32 *v);

/*
 * The same with the wavelet's control bit (doc/PE-ABI.md section 10): a
 * control wavelet moves through routes and buffers exactly like a data
 * wavelet of its color (same order, same room); only the PE's ramp tells
 * them apart.  wse_net_inject()/_extract() are these with ctl false /
 * ignored: the memcpy halo sends data only and takes a control wavelet
 * that reaches a D2H stream as its 32-bit payload.
 */
bool wse_net_inject_w(struct wse_net *net, u32 x, u32 y, u32 c, u32 v,
		      bool ctl);
bool wse_net_extract_w(struct wse_net *net, u32 x, u32 y, u32 c, u32 *v,
		       bool *ctl);

/*
 * Forward what can move, each buffered wavelet at most one hop per call.
 * Returns the number of wavelets moved (a multicast to n ports counts n,
 * and is added to net->hops); 0 = the network is still.  A wavelet may
 * move into room that another one left in the same call (a full chain
 * moves as a whole), but never twice.
 */
u32 wse_net_step(struct wse_net *net);

/*
 * Describe where the fabric stands still, as uapi stall entries, PE by
 * PE in row-major order: RECV/SEND for each fabric op (sync or async) that
 * waits for a wavelet / for room, ROUTER for each non-empty buffer whose
 * head cannot move (port = the tx ports that refuse, 0 if the route has
 * no tx), QUEUE for input queues nothing takes (not a bound unblocked
 * data-task color, no fabin op on it, or the PE is halted/faulted).
 * Fills at most @max entries of @e and returns how many places were found
 * (may be more than @max).  The halo and the command stream add their
 * own entries.
 */
u32 wse_net_report(const struct wse_net *net, struct wse_stall_entry *e,
		   u32 max);

#endif /* _WSE_NET_H */
