// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target.  The input is a 64-byte header and a PE memory image
 * (up to 48 KiB, the rest zero):
 *   hdr[0] pc, [1..3] a0..a2, [4] a7 (low 4 bits), [5] fcsr, [6] budget, [7] flags,
 *   [8..10] route patterns (4 bits per color), [11] a3, [12] a4,
 *   [13] a5, [14] wavelet seed, [15] raw-routes seed.
 * flags bit 0: deliver a launch when a PE waits; bit 1: a 2x2 net of four
 * PEs running the same image (colors routed by the patterns, wavelets
 * injected, a quarter of them control wavelets, and extracted at the
 * halo, the mock's poll/run/step loop);
 * bit 2: also feed wse_net_set_routes() random routes and check its
 * verdict against a reference; bit 3: the halo also hands runs straight
 * to the PEs (wse_net_ramp_room(), wse_net_inject_ramp()).  The
 * sanitizers catch any out-of-bounds access or UB; the checks below abort
 * on any inconsistent state.
 */
#include <stdlib.h>
#include "wse_net.h"

#define NPE	4
#define RW	2
#define RH	2
#define CANARY	64

static u8 mem[NPE][WSE_PE_MEM_BYTES + CANARY];	/* + a canary tail */

static void check_fifo(const struct wse_fifo *q)
{
	u32 i, held = 0;

	if (q->count > WSE_NET_DEPTH || q->head >= WSE_NET_DEPTH)
		abort();
	for (i = 0; i < q->count; i++)
		held |= 1u << ((q->head + i) % WSE_NET_DEPTH);
	if (q->ctl & ~held)	/* control bits only on held wavelets */
		abort();
}

static void check_vop(const struct wse_vop *v)
{
	if (!v->active)
		return;
	if (v->done > v->n || v->n > WSE_VEC_MAX_LEN || !v->n)
		abort();
	if (v->op < WSE_VEC_MOV32 || v->op > WSE_VEC_FMACH)
		abort();
	/* a task id, maybe with .unblock's flag, or none */
	if (v->async &&
	    (v->task & ~WSE_VEC_TASK_UNBLOCK) >= WSE_NR_LOCAL_TASK_IDS &&
	    v->task != WSE_VEC_NO_TASK)
		abort();
}

static void check(const struct wse_pe *pe, u32 k, u32 done, u32 budget,
		  u64 ir0)
{
	u32 i;
	bool gap = false;

	if (pe->x[0] != 0 || pe->state > WSE_PE_BLOCKED)
		abort();
	/* a vector op may overshoot once, by at most WSE_VEC_MAX_LEN */
	if (done > budget + WSE_VEC_MAX_LEN || pe->instret != ir0 + done)
		abort();
	if (pe->fcsr > 0xff)
		abort();
	if (pe->state == WSE_PE_FAULTED &&
	    (pe->fault.cause < WSE_FAULT_ILLEGAL ||
	     pe->fault.cause > WSE_FAULT_STUCK))
		abort();
	if (pe->state == WSE_PE_WAITING && pe->wait_buf > WSE_PE_MEM_BYTES - 64)
		abort();
	/* a run only ends early when the PE stops running */
	if (pe->state == WSE_PE_RUNNING && done < budget)
		abort();
	if (pe->state != WSE_PE_FAULTED && pe->fault.cause)
		abort();
	/* fabric state */
	if ((pe->state == WSE_PE_BLOCKED) != pe->sync.active)
		abort();
	for (i = 0; i < WSE_PE_MAX_VOPS && pe->vops[i].active; i++)
		;
	if (pe->nr_vops != i)	/* the count can_poll() reads */
		abort();
	if (pe->state == WSE_PE_FAULTED && pe->vops[0].active)
		abort();
	if ((pe->data_colors | pe->blocked_colors) >> WSE_NR_COLORS)
		abort();
	if (pe->done_tasks && pe->state == WSE_PE_WAITING)
		abort();	/* WAIT/poll hand them out first */
	check_vop(&pe->sync);
	for (i = 0; i < WSE_PE_MAX_VOPS; i++) {
		if (pe->vops[i].active && gap)
			abort();	/* issue order, no holes */
		if (!pe->vops[i].active)
			gap = true;
		else if (!pe->vops[i].async || pe->vops[i].done >= pe->vops[i].n)
			abort();
		check_vop(&pe->vops[i]);
	}
	for (i = 0; i < WSE_NR_COLORS; i++) {
		check_fifo(&pe->iq[i]);
		/* ctl_colors covers every input queue holding a sentinel */
		if (pe->iq[i].ctl && !(pe->ctl_colors >> i & 1))
			abort();
	}
	for (i = 0; i < CANARY; i++)
		if (mem[k][WSE_PE_MEM_BYTES + i] != 0xa5)
			abort();
}

static void check_net(const struct wse_net *net)
{
	struct wse_stall_entry e[16];
	u32 i, c, nr;

	for (i = 0; i < NPE; i++) {
		const struct wse_router *rt = &net->rt[i];

		/* the byte map a step scans matches the routers */
		if (!!net->busy[i] != !!rt->busy)
			abort();
		for (c = 0; c < WSE_NR_COLORS; c++) {
			check_fifo(&rt->buf[c]);
			check_fifo(&rt->out[c]);
			if (!!(rt->busy & 1u << c) != !!rt->buf[c].count)
				abort();
			/* only a route's rx lets wavelets in */
			if (rt->buf[c].count && !rt->route[c].rx)
				abort();
			if (net->pe[i]->iq[c].count &&
			    !(rt->route[c].tx & WSE_PORT_RAMP))
				abort();
		}
	}
	nr = wse_net_report(net, e, 16);
	for (i = 0; i < nr && i < 16; i++)
		if (e[i].x >= RW || e[i].y >= RH || e[i].kind < WSE_STALL_RECV ||
		    e[i].kind > WSE_STALL_QUEUE || e[i].color >= WSE_NR_COLORS ||
		    e[i].port & ~WSE_PORT_ALL || !e[i].count)
			abort();
}

/* Route patterns on the 2x2 net, valid by construction. */
static void pattern(struct wse_route *r, u32 c, u32 p)
{
	static const u8 pat[][NPE][2] = {	/* [pe] = { rx, tx } */
		{ { 0 } },
		{ { 32, 1 }, { 32, 1 }, { 32, 1 }, { 32, 1 } },	/* H2D */
		{ { 1, 32 }, { 1, 32 }, { 1, 32 }, { 1, 32 } },	/* D2H */
		{ { 1, 4 }, { 16, 1 }, { 1, 4 }, { 16, 1 } },	/* east */
		{ { 4, 1 }, { 1, 16 }, { 4, 1 }, { 1, 16 } },	/* west */
		{ { 1, 8 }, { 1, 8 }, { 2, 1 }, { 2, 1 } },	/* south */
		{ { 8, 1 }, { 8, 1 }, { 1, 2 }, { 1, 2 } },	/* north */
		{ { 9, 4 }, { 16, 9 }, { 4, 3 }, { 3, 16 } },	/* ring */
		{ { 1, 12 }, { 16, 1 }, { 2, 5 }, { 16, 1 } },	/* tree */
		{ { 32, 1 }, { 1, 32 }, { 1, 4 }, { 16, 1 } },	/* mixed */
	};
	u32 i;

	p %= sizeof(pat) / sizeof(pat[0]);
	for (i = 0; i < NPE; i++) {
		r[i * WSE_NR_COLORS + c].rx = pat[p][i][0];
		r[i * WSE_NR_COLORS + c].tx = pat[p][i][1];
	}
}

static u32 rng(u32 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* The rules of struct wse_load's routes, written the obvious way. */
static bool ref_ok(const struct wse_route *r, u32 w, u32 h)
{
	u32 x, y, c;

	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++)
			for (c = 0; c < WSE_NR_COLORS; c++) {
				const struct wse_route *q =
					&r[(y * w + x) * WSE_NR_COLORS + c];
				u32 rx = q->rx, tx = q->tx, all = rx | tx;

				if (all & ~0x3fu || !rx != !tx || (rx & tx))
					return false;
				if ((y == 0 && all & 2) ||
				    (x == w - 1 && all & 4) ||
				    (y == h - 1 && all & 8) ||
				    (x == 0 && all & 16))
					return false;
				if ((all & 32) && !(rx == 32 && tx == 1) &&
				    !(rx == 1 && tx == 32))
					return false;
				if ((tx & 2) && !(r[((y - 1) * w + x) *
					WSE_NR_COLORS + c].rx & 8))
					return false;
				if ((tx & 8) && !(r[((y + 1) * w + x) *
					WSE_NR_COLORS + c].rx & 2))
					return false;
				if ((tx & 4) && !(r[(y * w + x + 1) *
					WSE_NR_COLORS + c].rx & 16))
					return false;
				if ((tx & 16) && !(r[(y * w + x - 1) *
					WSE_NR_COLORS + c].rx & 4))
					return false;
			}
	return true;
}

static void fuzz_routes(struct wse_net *net, u32 seed)
{
	static struct wse_route r[NPE * WSE_NR_COLORS], keep[NPE][WSE_NR_COLORS];
	u32 i, s = seed | 1;
	int ret;

	for (i = 0; i < NPE; i++)
		memcpy(keep[i], net->rt[i].route, sizeof(keep[i]));
	for (i = 0; i < NPE * WSE_NR_COLORS; i++) {
		u32 v = rng(&s);

		/* mostly small masks, so that valid ones are common */
		r[i].rx = (v & 7) ? 0 : (u8)(v >> 8);
		r[i].tx = r[i].rx ? (u8)(v >> 16) & 0x3f : 0;
	}
	ret = wse_net_set_routes(net, r);
	if (ret != (ref_ok(r, RW, RH) ? 0 : -EINVAL))
		abort();
	for (i = 0; i < NPE; i++)
		if (memcmp(ret ? keep[i] : &r[i * WSE_NR_COLORS],
			   net->rt[i].route, sizeof(keep[i])))
			abort();
	if (!ret)	/* back to the patterns */
		for (i = 0; i < NPE; i++)
			memcpy(net->rt[i].route, keep[i], sizeof(keep[i]));
}

static void setup_pe(struct wse_pe *pe, const u32 *hdr)
{
	wse_pe_start(pe, hdr[0] & 0xfffc);
	pe->x[10] = hdr[1];
	pe->x[11] = hdr[2];
	pe->x[12] = hdr[3];
	pe->x[13] = hdr[11];
	pe->x[14] = hdr[12];
	pe->x[15] = hdr[13];
	pe->x[17] = hdr[4] & 15;	/* builtins 0..8, unknown ones */
	pe->fcsr = hdr[5] & 0xff;
}

static void run_net(const u32 *hdr, u32 budget)
{
	static const u32 args[15] = { 1, 2, 3 };
	static struct wse_router rt[NPE];
	static u8 rbusy[NPE];
	static struct wse_pe pes[NPE];
	struct wse_pe *pp[NPE];
	struct wse_route r[NPE * WSE_NR_COLORS];
	struct wse_net net;
	u32 i, c, round, s = hdr[14] | 1, v;
	bool ctl;

	memset(r, 0, sizeof(r));
	for (c = 0; c < WSE_NR_COLORS; c++)
		pattern(r, c, hdr[8 + c / 8] >> (4 * (c % 8)) & 15);
	for (i = 0; i < NPE; i++) {
		memset(&pes[i], 0, sizeof(pes[i]));
		wse_pe_init(&pes[i], mem[i], i % RW, i / RW, RW, RH);
		pp[i] = &pes[i];
	}
	wse_net_init(&net, RW, RH, rt, pp, rbusy);
	if (wse_net_set_routes(&net, r))
		abort();	/* the patterns are valid */
	if (hdr[7] & 4)
		fuzz_routes(&net, hdr[15]);
	for (i = 0; i < NPE; i++)
		setup_pe(&pes[i], hdr);
	for (round = 0; round < 16; round++) {
		/* the halo offers a few wavelets and drains the out buffers */
		for (i = 0; i < 4; i++) {
			u32 x = rng(&s), run[8], k, n;

			n = hdr[7] & 8 ? wse_net_ramp_room(&net, x & 1,
							   x >> 1 & 1,
							   x >> 2 & 31) : 0;
			n = n < (x >> 8 & 7) + 1 ? n : (x >> 8 & 7) + 1;
			for (k = 0; k < n; k++)
				run[k] = rng(&s);
			if (n) {
				wse_net_inject_ramp(&net, x & 1, x >> 1 & 1,
						    x >> 2 & 31, run, n);
				continue;
			}
			/* a quarter of them control wavelets (sentinels) */
			wse_net_inject_w(&net, x & 1, x >> 1 & 1, x >> 2 & 31,
					 x >> 7 & 1 ? x : x >> 16,
					 (x >> 8 & 3) == 3);
		}
		for (i = 0; i < NPE; i++) {
			struct wse_pe *pe = &pes[i];
			bool can = wse_pe_can_poll(pe);
			u64 ir0 = pe->instret;
			u32 moved = wse_pe_poll(pe), done;

			if ((!can && moved) || pe->instret - ir0 > moved)
				abort();
			check(pe, i, 0, 0, pe->instret);
			ir0 = pe->instret;
			done = wse_pe_run(pe, budget);
			check(pe, i, done, budget, ir0);
			if (pe->state == WSE_PE_WAITING && (hdr[7] & 1) &&
			    !(round & 3))
				wse_pe_launch(pe, hdr[2], args, hdr[3] % 16);
		}
		wse_net_step(&net);
		for (c = 0; c < WSE_NR_COLORS; c++)
			for (i = 0; i < NPE; i++)
				while (wse_net_extract_w(&net, i % RW, i / RW,
							 c, &v, &ctl))
					;
		check_net(&net);
		if (round == 8)
			wse_pe_halt(&pes[s % NPE], WSE_FAULT_STUCK);
	}
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static const u32 args[15] = { 1, 2, 3 };
	struct wse_pe pe;
	u32 hdr[16] = { 0 }, budget, done, round, k;
	u64 ir0;

	memcpy(hdr, data, size < sizeof(hdr) ? size : sizeof(hdr));
	data += size < sizeof(hdr) ? size : sizeof(hdr);
	size -= size < sizeof(hdr) ? size : sizeof(hdr);
	for (k = 0; k < NPE; k++) {
		memset(mem[k], 0, WSE_PE_MEM_BYTES);
		memset(mem[k] + WSE_PE_MEM_BYTES, 0xa5, CANARY);
		memcpy(mem[k], data,
		       size < WSE_PE_MEM_BYTES ? size : WSE_PE_MEM_BYTES);
	}
	budget = hdr[6] % 20000 + 1;
	if (hdr[7] & 2) {
		run_net(hdr, budget % 2000 + 1);
		return 0;
	}
	memset(&pe, 0, sizeof(pe));
	wse_pe_init(&pe, mem[0], 1, 2, 3, 4);
	setup_pe(&pe, hdr);
	for (round = 0; round < 4; round++) {
		ir0 = pe.instret;
		done = wse_pe_run(&pe, budget);
		check(&pe, 0, done, budget, ir0);
		if (pe.state == WSE_PE_WAITING && (hdr[7] & 1))
			wse_pe_launch(&pe, hdr[2], args, hdr[3] % 16);
		else if (pe.state != WSE_PE_RUNNING)
			break;
	}
	return 0;
}
