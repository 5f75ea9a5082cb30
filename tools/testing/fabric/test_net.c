// SPDX-License-Identifier: GPL-2.0
/*
 * Native tests of the fabric network (kernel/fabric/wse_net.c) and the
 * fabric side of the PE (wse_pe_fabric.c): routes, multicast,
 * backpressure, data tasks, fabric vector ops, async ops, stall reports,
 * and the faults.  Whole pipelines run pe/fab.c (built by clang for
 * rv32imf) under a scheduler loop like the mock's.
 */
#include <math.h>
#include "test_util.h"
#include "wse_net.h"
#include "wse_pe_priv.h"
#include "kselftest_harness.h"

#define R	WSE_PORT_RAMP
#define N	WSE_PORT_NORTH
#define E	WSE_PORT_EAST
#define S	WSE_PORT_SOUTH
#define W	WSE_PORT_WEST
#define M	WSE_PORT_MEMCPY
#define D	WSE_NET_DEPTH

/* pe/fab.c modes */
enum {
	M_SEND = 1, M_RECV, M_FWD, M_DATA, M_BLOCK, M_ASYNC, M_DATAFWD,
	M_MOV16, M_FLOAT,
};
#define LOG	0x8000u
#define DATA	0x9000u
#define FLAG	0xa000u

struct net_env {
	u16 w, h;
	struct wse_net net;
	struct wse_router *rt;
	u8 *rbusy;
	struct wse_pe *pe;
	struct wse_pe **pp;
	u8 *mem;
	struct wse_route *routes;
	bool poll_mismatch;	/* wse_pe_poll moved what can_poll denied */
};

static void net_new(struct net_env *e, u16 w, u16 h)
{
	u32 i, n = (u32)w * h;

	memset(e, 0, sizeof(*e));
	e->w = w;
	e->h = h;
	e->rt = calloc(n, sizeof(*e->rt));
	e->rbusy = calloc(n, 1);
	e->pe = calloc(n, sizeof(*e->pe));
	e->pp = calloc(n, sizeof(*e->pp));
	e->mem = calloc(n, MEMSZ);
	e->routes = calloc(n * WSE_NR_COLORS, sizeof(*e->routes));
	for (i = 0; i < n; i++) {
		e->pp[i] = &e->pe[i];
		wse_pe_init(&e->pe[i], e->mem + (size_t)i * MEMSZ, i % w, i / w,
			    w, h);
	}
	wse_net_init(&e->net, w, h, e->rt, e->pp, e->rbusy);
}

static void net_free(struct net_env *e)
{
	free(e->rt);
	free(e->rbusy);
	free(e->pe);
	free(e->pp);
	free(e->mem);
	free(e->routes);
}

static struct wse_pe *pe_at(struct net_env *e, u32 x, u32 y)
{
	return &e->pe[y * e->w + x];
}

static u8 *mem_at(struct net_env *e, u32 x, u32 y)
{
	return e->mem + (size_t)(y * e->w + x) * MEMSZ;
}

static struct wse_router *rt_at(struct net_env *e, u32 x, u32 y)
{
	return &e->rt[y * e->w + x];
}

static void route(struct net_env *e, u32 x, u32 y, u32 c, u32 rx, u32 tx)
{
	struct wse_route *r = &e->routes[(y * e->w + x) * WSE_NR_COLORS + c];

	r->rx = (u8)rx;
	r->tx = (u8)tx;
}

/* Color @c from (x0, y) east to (x1, y): RAMP at both ends. */
static void route_row(struct net_env *e, u32 y, u32 x0, u32 x1, u32 c)
{
	int step = x1 > x0 ? 1 : -1;
	u32 fwd = step > 0 ? E : W, back = step > 0 ? W : E, x;

	route(e, x0, y, c, R, fwd);
	for (x = x0 + step; x != x1; x += step)
		route(e, x, y, c, back, fwd);
	route(e, x1, y, c, back, R);
}

static void route_col(struct net_env *e, u32 x, u32 y0, u32 y1, u32 c)
{
	int step = y1 > y0 ? 1 : -1;
	u32 fwd = step > 0 ? S : N, back = step > 0 ? N : S, y;

	route(e, x, y0, c, R, fwd);
	for (y = y0 + step; y != y1; y += step)
		route(e, x, y, c, back, fwd);
	route(e, x, y1, c, back, R);
}

static int apply(struct net_env *e)
{
	return wse_net_set_routes(&e->net, e->routes);
}

/* Run pe/fab.c on (x, y) as bench(mode, n, ca, cb). */
static int load(struct net_env *e, u32 x, u32 y, u32 mode, u32 n, u32 ca,
		u32 cb)
{
	struct wse_pe *pe = pe_at(e, x, y);

	if (load_bin(mem_at(e, x, y), "fab") < 0)
		return -1;
	wse_pe_start(pe, 0);
	pe->x[10] = mode;
	pe->x[11] = n;
	pe->x[12] = ca;
	pe->x[13] = cb;
	return 0;
}

/* The mock's loop: poll and run every PE, then step the net. */
static u64 sched(struct net_env *e, u32 rounds)
{
	u32 r, i, n = (u32)e->w * e->h;
	u64 total = 0, m;

	for (r = 0; r < rounds; r++) {
		m = 0;
		for (i = 0; i < n; i++) {
			struct wse_pe *pe = &e->pe[i];
			bool can = wse_pe_can_poll(pe);
			u32 p = wse_pe_poll(pe);

			if (!can && p)
				e->poll_mismatch = true;
			m += p;
			if (pe->state == WSE_PE_RUNNING)
				m += wse_pe_run(pe, 500);
		}
		m += wse_net_step(&e->net);
		if (!m)
			break;
		total += m;
	}
	return total;
}

static u32 log_at(struct net_env *e, u32 x, u32 y, u32 i)
{
	return get32(mem_at(e, x, y), LOG + 4 * i);
}

static bool halted_ok(struct wse_pe *pe)
{
	return pe->state == WSE_PE_FAULTED &&
	       pe->fault.cause == WSE_FAULT_BREAK;
}

/* A chain of PEs from (x0, y0) to (x1, y1) in a line: send n, receive n. */
static void chain(struct __test_metadata *_metadata, u16 w, u16 h, u32 x0,
		  u32 y0, u32 x1, u32 y1)
{
	struct net_env e;
	u32 i, n = 40, hops = (x0 != x1 ? abs((int)x1 - (int)x0) :
				 abs((int)y1 - (int)y0)) + 1;

	net_new(&e, w, h);
	if (y0 == y1)
		route_row(&e, y0, x0, x1, 7);
	else
		route_col(&e, x0, y0, y1, 7);
	ASSERT_EQ(0, apply(&e));
	ASSERT_EQ(0, load(&e, x0, y0, M_SEND, n, 7, 100));
	ASSERT_EQ(0, load(&e, x1, y1, M_RECV, n, 7, 0));
	sched(&e, 10000);
	ASSERT_TRUE(halted_ok(pe_at(&e, x0, y0)));
	ASSERT_TRUE(halted_ok(pe_at(&e, x1, y1)));
	for (i = 0; i < n; i++)
		ASSERT_EQ(100 + i, log_at(&e, x1, y1, i));
	ASSERT_EQ((u64)n * hops, e.net.hops);
	ASSERT_FALSE(e.poll_mismatch);
	net_free(&e);
}

TEST(route_east)
{
	chain(_metadata, 5, 1, 0, 0, 4, 0);
}

TEST(route_west)
{
	chain(_metadata, 5, 2, 4, 1, 1, 1);
}

TEST(route_south)
{
	chain(_metadata, 2, 5, 1, 0, 1, 4);
}

TEST(route_north)
{
	chain(_metadata, 1, 6, 0, 5, 0, 0);
}

TEST(multicast_all_or_nothing)
{
	struct net_env e;
	u32 i, n = 20;

	net_new(&e, 3, 2);
	route(&e, 0, 0, 4, R, E);
	route(&e, 1, 0, 4, W, R | E | S);
	route(&e, 2, 0, 4, W, R);
	route(&e, 1, 1, 4, N, R);
	ASSERT_EQ(0, apply(&e));
	ASSERT_EQ(0, load(&e, 0, 0, M_SEND, n, 4, 500));
	ASSERT_EQ(0, load(&e, 1, 0, M_RECV, n, 4, 0));
	ASSERT_EQ(0, load(&e, 2, 0, M_RECV, n, 4, 0));
	ASSERT_EQ(0, load(&e, 1, 1, M_RECV, n, 4, 0));
	sched(&e, 10000);
	for (i = 0; i < n; i++) {
		ASSERT_EQ(500 + i, log_at(&e, 1, 0, i));
		ASSERT_EQ(500 + i, log_at(&e, 2, 0, i));
		ASSERT_EQ(500 + i, log_at(&e, 1, 1, i));
	}
	/* (0,0)->(1,0), 3 ports, then (2,0) and (1,1) to RAMP: 6 hops */
	ASSERT_EQ((u64)n * 6, e.net.hops);
	net_free(&e);

	/* (1,1) takes nothing: the whole tree stops with it */
	net_new(&e, 3, 2);
	route(&e, 0, 0, 4, R, E);
	route(&e, 1, 0, 4, W, R | E | S);
	route(&e, 2, 0, 4, W, R);
	route(&e, 1, 1, 4, N, R);
	ASSERT_EQ(0, apply(&e));
	ASSERT_EQ(0, load(&e, 0, 0, M_SEND, n, 4, 500));
	ASSERT_EQ(0, load(&e, 1, 0, M_RECV, n, 4, 0));
	ASSERT_EQ(0, load(&e, 2, 0, M_RECV, n, 4, 0));
	sched(&e, 10000);
	/* through (1,0): (1,1)'s buffer and input queue */
	ASSERT_EQ(2u * D, pe_at(&e, 1, 0)->sync.done);
	ASSERT_EQ(2u * D, pe_at(&e, 2, 0)->sync.done);
	ASSERT_EQ(D, pe_at(&e, 1, 1)->iq[4].count);
	ASSERT_EQ(D, rt_at(&e, 1, 1)->buf[4].count);
	ASSERT_EQ(D, rt_at(&e, 1, 0)->buf[4].count);
	ASSERT_EQ(D, rt_at(&e, 0, 0)->buf[4].count);
	ASSERT_EQ(WSE_PE_BLOCKED, pe_at(&e, 0, 0)->state);
	ASSERT_EQ(4u * D, pe_at(&e, 0, 0)->sync.done);
	ASSERT_EQ(WSE_PE_BLOCKED, pe_at(&e, 1, 0)->state);
	for (i = 0; i < 2 * D; i++)
		ASSERT_EQ(500 + i, log_at(&e, 2, 0, i));
	net_free(&e);
}

TEST(backpressure_block_unblock)
{
	struct net_env e;
	struct wse_pe *p0, *p3;
	u32 i, n = 50;

	net_new(&e, 4, 1);
	route_row(&e, 0, 0, 3, 5);
	ASSERT_EQ(0, apply(&e));
	ASSERT_EQ(0, load(&e, 0, 0, M_SEND, n, 5, 7000));
	ASSERT_EQ(0, load(&e, 3, 0, M_BLOCK, n, 5, 0));
	p0 = pe_at(&e, 0, 0);
	p3 = pe_at(&e, 3, 0);
	sched(&e, 3000);
	/* one buffer per router and the consumer's input queue: held */
	ASSERT_EQ(WSE_PE_BLOCKED, p0->state);
	ASSERT_EQ(4u * D + D, p0->sync.done);
	ASSERT_EQ(D, p3->iq[5].count);
	for (i = 0; i < 4; i++)
		ASSERT_EQ(D, e.rt[i].buf[5].count);
	ASSERT_EQ(WSE_PE_RUNNING, p3->state);	/* spinning on FLAG */
	ASSERT_EQ(1u << 5, p3->data_colors);
	ASSERT_EQ(1u << 5, p3->blocked_colors);
	ASSERT_EQ(0u, wse_net_step(&e.net));
	/* unblocking drains it, in order */
	put32(mem_at(&e, 3, 0), FLAG, 1);
	sched(&e, 100000);
	ASSERT_TRUE(halted_ok(p0));
	ASSERT_TRUE(halted_ok(p3));
	ASSERT_EQ(0u, p3->blocked_colors);
	for (i = 0; i < n; i++) {
		ASSERT_EQ(5u, log_at(&e, 3, 0, 2 * i));
		ASSERT_EQ(7000 + i, log_at(&e, 3, 0, 2 * i + 1));
	}
	for (i = 0; i < 4; i++)
		ASSERT_EQ(0u, e.rt[i].busy);
	ASSERT_FALSE(e.poll_mismatch);
	net_free(&e);
}

TEST(data_tasks_round_robin)
{
	struct net_env e;
	struct wse_pe *pe;
	u32 i;

	net_new(&e, 1, 1);
	route(&e, 0, 0, 2, M, R);
	route(&e, 0, 0, 9, M, R);
	route(&e, 0, 0, 11, M, R);	/* not bound: stays queued */
	ASSERT_EQ(0, apply(&e));
	pe = pe_at(&e, 0, 0);
	ASSERT_EQ(0, load(&e, 0, 0, M_DATA, 6, 9, 2));
	for (i = 0; i < 3; i++) {
		ASSERT_TRUE(wse_net_inject(&e.net, 0, 0, 9, 900 + i));
		ASSERT_TRUE(wse_net_inject(&e.net, 0, 0, 2, 200 + i));
		ASSERT_TRUE(wse_net_inject(&e.net, 0, 0, 11, 1100 + i));
	}
	ASSERT_EQ(9u, wse_net_step(&e.net));
	/* nothing to deliver before WAIT */
	ASSERT_FALSE(wse_pe_can_poll(pe));
	sched(&e, 1000);
	ASSERT_TRUE(halted_ok(pe));
	/* round robin from color 0: 2, 9, 2, 9, 2, 9 */
	for (i = 0; i < 6; i++) {
		ASSERT_EQ(i & 1 ? 9u : 2u, log_at(&e, 0, 0, 2 * i));
		ASSERT_EQ((i & 1 ? 900 : 200) + i / 2, log_at(&e, 0, 0, 2 * i + 1));
	}
	ASSERT_EQ(3, pe->iq[11].count);
	ASSERT_EQ(0, pe->iq[2].count);
	ASSERT_FALSE(e.poll_mismatch);
	net_free(&e);
}

/* A PE at (0, 0) of a 1x1 net: DSDs at 0x200, 0x210, 0x220; ecall at 0x100 */
static void put_dsd(u8 *mem, u32 at, u32 addr, u32 len, s32 stride, u32 fab)
{
	put32(mem, at, addr);
	put32(mem, at + 4, len);
	put32(mem, at + 8, (u32)stride);
	put32(mem, at + 12, fab);
}

#define FIN(q, c)	WSE_DSD_FABRIC(WSE_DSD_FABIN, q, c)
#define FOUT(q, c)	WSE_DSD_FABRIC(WSE_DSD_FABOUT, q, c)

/*
 * ecall WSE_EC_VEC at @at, then a nop (an ecall that does no element
 * costs nothing, so a budget of 1 runs on to the nop).
 */
static u32 vec_at(struct wse_pe *pe, u32 at, u32 op, u32 d, u32 a, u32 b,
		  u32 s, u32 task)
{
	put32(pe->mem, at, ECALL);
	put32(pe->mem, at + 4, ADDI(0, 0, 0));
	pe->pc = at;
	pe->state = WSE_PE_RUNNING;
	pe->x[10] = op;
	pe->x[11] = d;
	pe->x[12] = a;
	pe->x[13] = b;
	pe->x[14] = s;
	pe->x[15] = task;
	pe->x[17] = WSE_EC_VEC;
	return wse_pe_run(pe, 1);
}

TEST(sync_fabric_op_blocks)
{
	struct net_env e;
	struct wse_pe *pe;
	u32 i, v, k, got = D;

	net_new(&e, 1, 1);
	route(&e, 0, 0, 3, M, R);
	route(&e, 0, 0, 4, R, M);
	ASSERT_EQ(0, apply(&e));
	pe = pe_at(&e, 0, 0);
	wse_pe_start(pe, 0x100);
	/* MOV32 fabin 3 -> fabout 4, 10 elements */
	put_dsd(pe->mem, 0x200, 0, 10, 0, FOUT(1, 4));
	put_dsd(pe->mem, 0x210, 0, 10, 0, FIN(1, 3));
	ASSERT_EQ(0u, vec_at(pe, 0x100, WSE_VEC_MOV32, 0x200, 0x210, 0, 0, 0));
	ASSERT_EQ(WSE_PE_BLOCKED, pe->state);
	ASSERT_EQ(0x100u, pe->pc);
	ASSERT_EQ(0u, pe->instret);
	ASSERT_FALSE(wse_pe_can_poll(pe));
	ASSERT_EQ(0u, wse_pe_poll(pe));
	for (i = 0; i < 6; i++)
		ASSERT_EQ(i < D, wse_net_inject(&e.net, 0, 0, 3, 30 + i));
	ASSERT_EQ(D, rt_at(&e, 0, 0)->buf[3].count);
	ASSERT_EQ(D, wse_net_step(&e.net));	/* into the input queue */
	ASSERT_TRUE(wse_pe_can_poll(pe));
	ASSERT_EQ(D, wse_pe_poll(pe));		/* out: room for 4 */
	ASSERT_EQ(D, pe->instret);
	ASSERT_EQ(0u, wse_pe_run(pe, 100));	/* still blocked */
	ASSERT_FALSE(wse_pe_can_poll(pe));	/* out[4] buffer full */
	ASSERT_EQ(D, wse_net_step(&e.net));	/* buf 4 -> out 4 */
	for (i = 0; i < D; i++) {
		ASSERT_TRUE(wse_net_extract(&e.net, 0, 0, 4, &v));
		ASSERT_EQ(30 + i, v);
	}
	ASSERT_FALSE(wse_net_extract(&e.net, 0, 0, 4, &v));
	got = D;
	for (i = 0, k = D; i < 20 && pe->state == WSE_PE_BLOCKED; i++) {
		if (k < 10 && wse_net_inject(&e.net, 0, 0, 3, 30 + k))
			k++;
		wse_net_step(&e.net);
		wse_pe_poll(pe);
		while (wse_net_extract(&e.net, 0, 0, 4, &v))
			ASSERT_EQ(30 + got++, v);
	}
	ASSERT_EQ(10u, got + rt_at(&e, 0, 0)->buf[4].count +
		  rt_at(&e, 0, 0)->out[4].count);
	ASSERT_EQ(WSE_PE_RUNNING, pe->state);
	ASSERT_EQ(0x104u, pe->pc);
	ASSERT_EQ(10u, pe->instret);
	ASSERT_FALSE(pe->sync.active);
	net_free(&e);
}

/* A round of M_ASYNC at (0, 0): its sends on 8 in order, counted in *@got. */
static bool async_round(struct net_env *e, u32 *got)
{
	u32 v;

	sched(e, 1);
	while (wse_net_extract(&e->net, 0, 0, 8, &v)) {
		if (v != 1000 + *got)
			return false;
		(*got)++;
	}
	return true;
}

/* M_ASYNC of @n at (0, 0) ended: all sent, both tasks, LOG = 60 + i. */
static void async_end(struct __test_metadata *_metadata, struct net_env *e,
		      u32 n, u32 got)
{
	struct wse_pe *pe = pe_at(e, 0, 0);
	u32 i;

	ASSERT_TRUE(halted_ok(pe));
	ASSERT_EQ(n, got);
	ASSERT_EQ(1u << 5 | 1u << 6, pe->last_trace);
	for (i = 0; i < n; i++)
		ASSERT_EQ(60 + i, log_at(e, 0, 0, i));
}

TEST(async_ops_and_tasks)
{
	struct net_env e;
	struct wse_pe *pe;
	u32 i, got = 0, n = 30, masks;

	net_new(&e, 1, 1);
	route(&e, 0, 0, 6, M, R);
	route(&e, 0, 0, 8, R, M);
	ASSERT_EQ(0, apply(&e));
	pe = pe_at(&e, 0, 0);
	ASSERT_EQ(0, load(&e, 0, 0, M_ASYNC, n, 6, 8));
	for (i = 0; i < 2000 && !halted_ok(pe); i++) {
		if (i >= 10 && i - 10 < n)	/* late: both ops wait */
			ASSERT_TRUE(wse_net_inject(&e.net, 0, 0, 6, 60 + i - 10));
		if (i == 9) {
			/* both in flight, the PE went on to WAIT */
			ASSERT_EQ(1u, get32(pe->mem, FLAG + 4));
			ASSERT_EQ(WSE_PE_WAITING, pe->state);
			ASSERT_TRUE(pe->vops[0].active);
			ASSERT_EQ(WSE_DSD_FABIN, pe->vops[0].a.kind);
			ASSERT_EQ(5, pe->vops[0].task);
			ASSERT_FALSE(pe->vops[1].active);	/* sent */
		}
		ASSERT_TRUE(async_round(&e, &got));
	}
	async_end(_metadata, &e, n, got);
	/* the send finished first: task 6 alone, then task 5 */
	masks = get32(pe->mem, FLAG + 8);
	ASSERT_EQ(1u << 6, masks);
	ASSERT_EQ(1u << 5, get32(pe->mem, FLAG + 12));
	ASSERT_EQ(0u, pe->done_tasks);
	net_free(&e);
}

TEST(async_slots_and_queues)
{
	struct net_env e;
	struct wse_pe *pe;
	u32 q, c;

	net_new(&e, 1, 1);
	for (c = 0; c < 9; c++)
		route(&e, 0, 0, c, M, R);
	route(&e, 0, 0, 12, R, M);
	ASSERT_EQ(0, apply(&e));
	pe = pe_at(&e, 0, 0);
	wse_pe_start(pe, 0x100);
	put_dsd(pe->mem, 0x200, 0x1000, 2, 1, 0);
	/* 8 async fabin ops on queues 0..7: all slots */
	for (q = 0; q < 8; q++) {
		put_dsd(pe->mem, 0x300 + 16 * q, 0, 2, 0, FIN(q, q));
		ASSERT_EQ(1u, vec_at(pe, 0x100, WSE_VEC_MOV32 | WSE_VEC_ASYNC,
				     0x200, 0x300 + 16 * q, 0, 0, q));
		ASSERT_EQ(WSE_PE_RUNNING, pe->state)
			TH_LOG("q %u fault %u %x", q, pe->fault.cause,
			       pe->fault.addr);
	}
	/* a ninth (output queue 0 is free, but no slot): blocked */
	put_dsd(pe->mem, 0x400, 0, 1, 0, FOUT(0, 12));
	put_dsd(pe->mem, 0x410, 0x1000, 1, 1, 0);
	ASSERT_EQ(0u, vec_at(pe, 0x100, WSE_VEC_MOV32 | WSE_VEC_ASYNC, 0x400,
			     0x410, 0, 0, 20));
	ASSERT_EQ(WSE_PE_BLOCKED, pe->state);
	ASSERT_FALSE(wse_pe_can_poll(pe));
	/* op on queue 3 completes: the ninth is issued (and done at once) */
	wse_net_inject(&e.net, 0, 0, 3, 1);
	wse_net_inject(&e.net, 0, 0, 3, 2);
	wse_net_step(&e.net);
	ASSERT_TRUE(wse_pe_can_poll(pe));
	ASSERT_LT(0u, wse_pe_poll(pe));
	ASSERT_EQ(WSE_PE_RUNNING, pe->state);
	ASSERT_EQ(0x104u, pe->pc);
	ASSERT_EQ(1u << 3 | 1u << 20, pe->done_tasks);
	ASSERT_EQ(1, rt_at(&e, 0, 0)->buf[12].count);
	/* slots stay in issue order: 0, 1, 2, 4, .. */
	ASSERT_EQ(4, pe->vops[3].a.queue);
	ASSERT_FALSE(pe->vops[7].active);
	/* same input queue as a pending op (queue 5, other color): waits */
	put_dsd(pe->mem, 0x420, 0, 1, 0, FIN(5, 8));
	ASSERT_EQ(0u, vec_at(pe, 0x100, WSE_VEC_MOV32 | WSE_VEC_ASYNC,
			     0x410, 0x420, 0, 0, WSE_VEC_NO_TASK));
	ASSERT_EQ(WSE_PE_BLOCKED, pe->state);
	wse_net_inject(&e.net, 0, 0, 5, 1);
	wse_net_inject(&e.net, 0, 0, 5, 2);
	wse_net_step(&e.net);
	wse_pe_poll(pe);
	ASSERT_EQ(WSE_PE_RUNNING, pe->state);
	ASSERT_EQ(1u << 3 | 1u << 5 | 1u << 20, pe->done_tasks);
	/* WAIT returns the tasks at once */
	put32(pe->mem, 0x100, ECALL);
	pe->pc = 0x100;
	pe->x[10] = 0x600;
	pe->x[17] = WSE_EC_WAIT;
	ASSERT_EQ(1u, wse_pe_run(pe, 1));
	ASSERT_EQ(WSE_PE_RUNNING, pe->state);
	ASSERT_EQ((u32)WSE_EV_TASKS, pe->x[10]);
	ASSERT_EQ(1u << 3 | 1u << 5 | 1u << 20, pe->x[11]);
	ASSERT_EQ(0u, pe->done_tasks);
	/* an async op without fabric operands completes at once */
	put_dsd(pe->mem, 0x430, 0x2000, 2, 1, 0);
	ASSERT_EQ(2u, vec_at(pe, 0x100, WSE_VEC_MOV32 | WSE_VEC_ASYNC, 0x430,
			     0x200, 0, 0, 31));
	ASSERT_EQ(1u << 31, pe->done_tasks);
	/* halt drops the ops; start clears the fabric state, keeps rt */
	pe->data_colors = 5;
	wse_pe_halt(pe, WSE_FAULT_STUCK);
	ASSERT_FALSE(pe->vops[0].active);
	ASSERT_FALSE(wse_pe_can_poll(pe));
	wse_pe_start(pe, 0);
	ASSERT_EQ(0u, pe->done_tasks);
	ASSERT_EQ(0u, pe->data_colors);
	ASSERT_TRUE(pe->rt == rt_at(&e, 0, 0));
	wse_pe_init(pe, pe->mem, 0, 0, 1, 1);
	ASSERT_TRUE(pe->rt == rt_at(&e, 0, 0));
	net_free(&e);
}

TEST(halt_blocked)
{
	struct net_env e;
	struct wse_pe *pe;
	struct wse_stall_entry st[4];

	net_new(&e, 1, 1);
	route(&e, 0, 0, 3, M, R);
	ASSERT_EQ(0, apply(&e));
	pe = pe_at(&e, 0, 0);
	wse_pe_start(pe, 0x100);
	put_dsd(pe->mem, 0x200, 0x1000, 5, 1, 0);
	put_dsd(pe->mem, 0x210, 0, 5, 0, FIN(1, 3));
	vec_at(pe, 0x100, WSE_VEC_MOV32, 0x200, 0x210, 0, 0, 0);
	ASSERT_EQ(WSE_PE_BLOCKED, pe->state);
	ASSERT_EQ(1u, wse_net_report(&e.net, st, 4));
	ASSERT_EQ(WSE_STALL_RECV, st[0].kind);
	ASSERT_EQ(3, st[0].color);
	ASSERT_EQ(5, st[0].count);
	ASSERT_EQ(0x100u, st[0].pc);
	wse_pe_halt(pe, WSE_FAULT_STUCK);
	ASSERT_EQ(WSE_PE_FAULTED, pe->state);
	ASSERT_EQ((u32)WSE_FAULT_STUCK, pe->fault.cause);
	ASSERT_EQ(0x100u, pe->fault.pc);
	ASSERT_FALSE(pe->sync.active);
	ASSERT_EQ(0u, wse_net_report(&e.net, st, 4));
	/* a dead PE's queue holds what arrives */
	wse_net_inject(&e.net, 0, 0, 3, 1);
	wse_net_step(&e.net);
	ASSERT_EQ(0u, wse_pe_poll(pe));
	ASSERT_EQ(1u, wse_net_report(&e.net, st, 4));
	ASSERT_EQ(WSE_STALL_QUEUE, st[0].kind);
	net_free(&e);
}

/*
 * The operation length (PE-ABI section 3): a memory operand governs,
 * fabric extents count only when no operand is in memory.
 */
TEST(dsd_length_rule)
{
	struct net_env e;
	struct wse_pe *pe;
	u32 i, v;

	net_new(&e, 1, 1);
	route(&e, 0, 0, 3, M, R);
	route(&e, 0, 0, 4, R, M);
	ASSERT_EQ(0, apply(&e));
	pe = pe_at(&e, 0, 0);
	wse_pe_start(pe, 0x100);

	/* memory (2) -> fabout (extent 1): both elements go out */
	put32(pe->mem, 0x1000, 11);
	put32(pe->mem, 0x1004, 12);
	put_dsd(pe->mem, 0x200, 0, 1, 0, FOUT(1, 4));
	put_dsd(pe->mem, 0x210, 0x1000, 2, 1, 0);
	ASSERT_EQ(2u, vec_at(pe, 0x100, WSE_VEC_MOV32, 0x200, 0x210, 0, 0, 0));
	ASSERT_EQ(WSE_PE_RUNNING, pe->state);
	wse_net_step(&e.net);
	for (i = 0; i < 2; i++) {
		ASSERT_TRUE(wse_net_extract(&e.net, 0, 0, 4, &v));
		ASSERT_EQ(11 + i, v);
	}
	ASSERT_FALSE(wse_net_extract(&e.net, 0, 0, 4, &v));

	/* fabin (extent 1) -> memory (3): three wavelets are taken */
	for (i = 0; i < 4; i++)
		ASSERT_TRUE(wse_net_inject(&e.net, 0, 0, 3, 40 + i));
	wse_net_step(&e.net);
	put_dsd(pe->mem, 0x200, 0x2000, 3, 1, 0);
	put_dsd(pe->mem, 0x210, 0, 1, 0, FIN(1, 3));
	ASSERT_EQ(3u, vec_at(pe, 0x100, WSE_VEC_MOV32, 0x200, 0x210, 0, 0, 0));
	for (i = 0; i < 3; i++)
		ASSERT_EQ(40 + i, get32(pe->mem, 0x2000 + 4 * i));
	ASSERT_EQ(1u, pe->iq[3].count);

	/* fabin (extent 5) -> fabout (extent 2): the destination's extent */
	for (i = 0; i < 3; i++)
		ASSERT_TRUE(wse_net_inject(&e.net, 0, 0, 3, 50 + i));
	wse_net_step(&e.net);
	ASSERT_EQ(4u, pe->iq[3].count);
	put_dsd(pe->mem, 0x200, 0, 2, 0, FOUT(1, 4));
	put_dsd(pe->mem, 0x210, 0, 5, 0, FIN(1, 3));
	ASSERT_EQ(2u, vec_at(pe, 0x100, WSE_VEC_MOV32, 0x200, 0x210, 0, 0, 0));
	ASSERT_EQ(WSE_PE_RUNNING, pe->state);
	ASSERT_EQ(2u, pe->iq[3].count);
	wse_net_step(&e.net);
	ASSERT_TRUE(wse_net_extract(&e.net, 0, 0, 4, &v));
	ASSERT_EQ(43u, v);
	ASSERT_TRUE(wse_net_extract(&e.net, 0, 0, 4, &v));
	ASSERT_EQ(50u, v);
	ASSERT_FALSE(wse_net_extract(&e.net, 0, 0, 4, &v));

	/* memory (3) + memory (2) -> fabout: the short memory source faults */
	put_dsd(pe->mem, 0x200, 0, 1, 0, FOUT(1, 4));
	put_dsd(pe->mem, 0x210, 0x1000, 3, 1, 0);
	put_dsd(pe->mem, 0x220, 0x1000, 2, 1, 0);
	ASSERT_EQ(0u, vec_at(pe, 0x100, WSE_VEC_FADDS, 0x200, 0x210, 0x220,
			     0, 0));
	ASSERT_EQ(WSE_PE_FAULTED, pe->state);
	ASSERT_EQ(0x220u, pe->fault.addr);
	net_free(&e);
}

/* CSL @fmovs(dsd, 0.0) / @mov16(dsd, k): a scalar source, a2 = its bits. */
TEST(scalar_move)
{
	struct net_env e;
	struct wse_pe *pe;
	u32 i, v;

	net_new(&e, 1, 1);
	route(&e, 0, 0, 4, R, M);
	ASSERT_EQ(0, apply(&e));
	pe = pe_at(&e, 0, 0);
	wse_pe_start(pe, 0x100);
	for (i = 0; i < 5; i++)
		put32(pe->mem, 0x1000 + 4 * i, 0xdeadbeef);
	put_dsd(pe->mem, 0x200, 0x1000, 4, 1, 0);
	ASSERT_EQ(4u, vec_at(pe, 0x100, WSE_VEC_MOV32 | WSE_VEC_SCALAR, 0x200,
			     0x3f800000, 0, 0, 0));
	for (i = 0; i < 4; i++)
		ASSERT_EQ(0x3f800000u, get32(pe->mem, 0x1000 + 4 * i));
	ASSERT_EQ(0xdeadbeefu, get32(pe->mem, 0x1010));
	put_dsd(pe->mem, 0x200, 0x1000, 3, 1, 0);
	ASSERT_EQ(3u, vec_at(pe, 0x100, WSE_VEC_MOV16 | WSE_VEC_SCALAR, 0x200,
			     0x12345, 0, 0, 0));
	ASSERT_EQ(0x23452345u, get32(pe->mem, 0x1000));
	ASSERT_EQ(0x3f802345u, get32(pe->mem, 0x1004));
	/* to the fabric: the fabout extent */
	put_dsd(pe->mem, 0x200, 0, 2, 0, FOUT(1, 4));
	ASSERT_EQ(2u, vec_at(pe, 0x100, WSE_VEC_MOV32 | WSE_VEC_SCALAR, 0x200,
			     7, 0, 0, 0));
	wse_net_step(&e.net);
	for (i = 0; i < 2; i++) {
		ASSERT_TRUE(wse_net_extract(&e.net, 0, 0, 4, &v));
		ASSERT_EQ(7u, v);
	}
	/* no scalar form of fnegs */
	put_dsd(pe->mem, 0x200, 0x1000, 3, 1, 0);
	ASSERT_EQ(0u, vec_at(pe, 0x100, WSE_VEC_FNEGS | WSE_VEC_SCALAR, 0x200,
			     7, 0, 0, 0));
	ASSERT_EQ(WSE_FAULT_ECALL, pe->fault.cause);
	net_free(&e);
}

/* An async op with task | WSE_VEC_TASK_UNBLOCK reports it in buffer[0]. */
TEST(async_unblock_task)
{
	struct net_env e;
	struct wse_pe *pe;

	net_new(&e, 1, 1);
	route(&e, 0, 0, 3, M, R);
	ASSERT_EQ(0, apply(&e));
	pe = pe_at(&e, 0, 0);
	wse_pe_start(pe, 0x100);
	put_dsd(pe->mem, 0x200, 0x1000, 1, 1, 0);
	put_dsd(pe->mem, 0x210, 0, 1, 0, FIN(2, 3));
	/* issues nothing yet, runs on to the nop */
	ASSERT_EQ(1u, vec_at(pe, 0x100, WSE_VEC_MOV32 | WSE_VEC_ASYNC, 0x200,
			     0x210, 0, 0, 9 | WSE_VEC_TASK_UNBLOCK));
	ASSERT_EQ(WSE_PE_RUNNING, pe->state);
	ASSERT_TRUE(pe->vops[0].active);
	/* WAIT with the buffer at 0x3000 */
	put32(pe->mem, 0x3000, 0x5a5a5a5a);
	put32(pe->mem, 0x104, ECALL);
	pe->pc = 0x104;
	pe->x[10] = 0x3000;
	pe->x[17] = WSE_EC_WAIT;
	wse_pe_run(pe, 1);
	ASSERT_EQ(WSE_PE_WAITING, pe->state);
	ASSERT_TRUE(wse_net_inject(&e.net, 0, 0, 3, 77));
	wse_net_step(&e.net);
	ASSERT_NE(0u, wse_pe_poll(pe));
	ASSERT_EQ(77u, get32(pe->mem, 0x1000));
	ASSERT_EQ(WSE_PE_RUNNING, pe->state);
	ASSERT_EQ((u32)WSE_EV_TASKS, pe->x[10]);
	ASSERT_EQ(0u, pe->x[11]);			/* nothing to activate */
	ASSERT_EQ(1u << 9, get32(pe->mem, 0x3000));	/* unblock task 9 */
	ASSERT_EQ(0u, pe->done_unblock);
	/* a bad task id, with the flag, is still a fault */
	ASSERT_EQ(0u, vec_at(pe, 0x100, WSE_VEC_MOV32 | WSE_VEC_ASYNC, 0x200,
			     0x210, 0, 0, 40 | WSE_VEC_TASK_UNBLOCK));
	ASSERT_EQ(WSE_PE_FAULTED, pe->state);
	net_free(&e);
}

/* cslc's self ramp: rx=RAMP tx=RAMP,SOUTH brings a PE's wavelets back. */
TEST(self_ramp)
{
	struct net_env e;
	struct wse_pe *pe;
	u32 v;

	net_new(&e, 1, 2);
	route(&e, 0, 0, 5, R, R | S);
	route(&e, 0, 1, 5, N, R);
	ASSERT_EQ(0, apply(&e));
	pe = pe_at(&e, 0, 0);
	wse_pe_start(pe, 0x100);
	put32(pe->mem, 0x1000, 21);
	put32(pe->mem, 0x1004, 22);
	put_dsd(pe->mem, 0x200, 0, 2, 0, FOUT(1, 5));
	put_dsd(pe->mem, 0x210, 0x1000, 2, 1, 0);
	ASSERT_EQ(2u, vec_at(pe, 0x100, WSE_VEC_MOV32, 0x200, 0x210, 0, 0, 0));
	wse_net_step(&e.net);
	wse_net_step(&e.net);
	/* back in its own input queue, and at the PE below */
	ASSERT_EQ(2u, pe->iq[5].count);
	ASSERT_EQ(2u, pe_at(&e, 0, 1)->iq[5].count);
	put_dsd(pe->mem, 0x200, 0x2000, 2, 1, 0);
	put_dsd(pe->mem, 0x210, 0, 2, 0, FIN(2, 5));
	ASSERT_EQ(2u, vec_at(pe, 0x100, WSE_VEC_MOV32, 0x200, 0x210, 0, 0, 0));
	ASSERT_EQ(21u, get32(pe->mem, 0x2000));
	ASSERT_EQ(22u, get32(pe->mem, 0x2004));
	ASSERT_FALSE(wse_net_extract(&e.net, 0, 0, 5, &v));
	/* any other port in both is still refused */
	route(&e, 0, 1, 5, N | R, R | N);
	ASSERT_EQ(-EINVAL, apply(&e));
	net_free(&e);
}

TEST(mov16_fabric)
{
	struct net_env e;
	struct wse_pe *pe;
	u32 i, v, got = 0, n = 6;
	static const u32 in[] = { 0x12345678, 0xffffffff, 0x8000, 0xabcd0001,
				  0, 0x7fff7fff };

	net_new(&e, 1, 1);
	route(&e, 0, 0, 1, M, R);
	route(&e, 0, 0, 2, R, M);
	ASSERT_EQ(0, apply(&e));
	pe = pe_at(&e, 0, 0);
	ASSERT_EQ(0, load(&e, 0, 0, M_MOV16, n, 1, 2));
	for (i = 0; i < 200 && !halted_ok(pe); i++) {
		if (i < n)
			ASSERT_TRUE(wse_net_inject(&e.net, 0, 0, 1, in[i]));
		sched(&e, 1);
		while (wse_net_extract(&e.net, 0, 0, 2, &v)) {
			ASSERT_EQ(in[got] & 0xffff, v);
			got++;
		}
	}
	ASSERT_TRUE(halted_ok(pe));
	ASSERT_EQ(n, got);
	for (i = 0; i < n; i++) {
		u16 h;

		memcpy(&h, pe->mem + LOG + 2 * i, 2);
		ASSERT_EQ(in[i] & 0xffff, h);
	}
	/* 16-bit stores: the word after the last element is untouched */
	ASSERT_EQ(0u, get32(pe->mem, LOG + 12));
	net_free(&e);
}

static u32 fbits(float f)
{
	u32 u;

	memcpy(&u, &f, 4);
	return u;
}

static float fval(u32 u)
{
	float f;

	memcpy(&f, &u, 4);
	return f;
}

static u32 canon(u32 u)
{
	return (u & 0x7fffffffu) > 0x7f800000u ? 0x7fc00000u : u;
}

TEST(float_fabin_bit_exact)
{
	static const u32 a[] = { 0x3f800000, 0x3eaaaaab, 0x7f7fffff, 0x00000001,
				 0x7f800001, 0x80000000, 0x4b800001, 0xff800000,
				 0x33d6bf95, 0x7fc00000 };
	static const u32 b[] = { 0x33800000, 0x3e2aaaab, 0x7f7fffff, 0x80000003,
				 0x3f800000, 0x00000000, 0x3f000000, 0x7f800000,
				 0xc0490fdb, 0x1 };
	const u32 n = ARRAY_SIZE(a);
	struct net_env e;
	struct wse_pe *pe;
	u32 i, v, sent = 0, got = 0;

	net_new(&e, 1, 1);
	route(&e, 0, 0, 10, M, R);
	route(&e, 0, 0, 12, R, M);
	ASSERT_EQ(0, apply(&e));
	pe = pe_at(&e, 0, 0);
	ASSERT_EQ(0, load(&e, 0, 0, M_FLOAT, n, 10, 12));
	for (i = 0; i < n; i++)
		put32(pe->mem, DATA + 4 * i, b[i]);
	for (i = 0; i < 500 && !halted_ok(pe); i++) {
		/* first op: a + b to LOG; then a * 3 to color 12 */
		if (sent < 2 * n &&
		    wse_net_inject(&e.net, 0, 0, 10, a[sent % n]))
			sent++;
		sched(&e, 1);
		while (wse_net_extract(&e.net, 0, 0, 12, &v)) {
			ASSERT_EQ(canon(fbits(fval(a[got]) * 3.0f)), v)
				TH_LOG("elem %u", got);
			got++;
		}
	}
	ASSERT_TRUE(halted_ok(pe));
	ASSERT_EQ(n, got);
	for (i = 0; i < n; i++)
		ASSERT_EQ(canon(fbits(fval(a[i]) + fval(b[i]))),
			  log_at(&e, 0, 0, i)) TH_LOG("elem %u", i);
	/* sNaN input: NV; overflow: OF, NX; denormal: UF */
	ASSERT_EQ(0x10u, pe->fcsr & 0x10);
	ASSERT_EQ(0x04u, pe->fcsr & 0x04);
	ASSERT_EQ(0x01u, pe->fcsr & 0x01);
	net_free(&e);
}

TEST(two_fabin_same_color_and_fmacs)
{
	struct net_env e;
	struct wse_pe *pe;
	u32 i;

	net_new(&e, 1, 1);
	route(&e, 0, 0, 3, M, R);
	ASSERT_EQ(0, apply(&e));
	pe = pe_at(&e, 0, 0);
	wse_pe_start(pe, 0x100);
	/* FSUBS dst = src1 - src2, both color 3: pairs, src1's first */
	put_dsd(pe->mem, 0x200, 0x1000, 2, 1, 0);
	put_dsd(pe->mem, 0x210, 0, 2, 0, FIN(1, 3));
	put_dsd(pe->mem, 0x220, 0, 2, 0, FIN(2, 3));
	wse_net_inject(&e.net, 0, 0, 3, fbits(10.0f));
	wse_net_inject(&e.net, 0, 0, 3, fbits(4.0f));
	wse_net_inject(&e.net, 0, 0, 3, fbits(1.0f));
	wse_net_step(&e.net);
	ASSERT_EQ(1u, vec_at(pe, 0x100, WSE_VEC_FSUBS, 0x200, 0x210, 0x220,
			     0, 0));
	ASSERT_EQ(WSE_PE_BLOCKED, pe->state);
	ASSERT_EQ(fbits(6.0f), get32(pe->mem, 0x1000));
	ASSERT_EQ(1, pe->iq[3].count);		/* half a pair waits */
	ASSERT_FALSE(wse_pe_can_poll(pe));
	wse_net_inject(&e.net, 0, 0, 3, fbits(0.5f));
	wse_net_step(&e.net);
	ASSERT_EQ(1u, wse_pe_poll(pe));
	ASSERT_EQ(fbits(0.5f), get32(pe->mem, 0x1004));
	ASSERT_EQ(WSE_PE_RUNNING, pe->state);
	/* FMACS fabin + mem * s, fused */
	for (i = 0; i < 2; i++)
		put32(pe->mem, 0x2000 + 4 * i, 0x3f800001);
	put_dsd(pe->mem, 0x220, 0x2000, 2, 1, 0);
	wse_net_inject(&e.net, 0, 0, 3, fbits(1.0f));
	wse_net_inject(&e.net, 0, 0, 3, fbits(-1.0f));
	wse_net_step(&e.net);
	ASSERT_EQ(2u, vec_at(pe, 0x100, WSE_VEC_FMACS, 0x200, 0x210, 0x220,
			     0x3f7ffffe, 0));
	ASSERT_EQ(fbits(fmaf(fval(0x3f800001), fval(0x3f7ffffe), 1.0f)),
		  get32(pe->mem, 0x1000));
	ASSERT_EQ(fbits(fmaf(fval(0x3f800001), fval(0x3f7ffffe), -1.0f)),
		  get32(pe->mem, 0x1004));
	net_free(&e);
}

static void expect_routes(struct __test_metadata *_metadata,
			  struct net_env *e, int want)
{
	struct wse_route keep = e->rt[0].route[0];

	ASSERT_EQ(want, apply(e));
	if (want)	/* nothing changed */
		ASSERT_EQ(0, memcmp(&keep, &e->rt[0].route[0], sizeof(keep)));
}

TEST(set_routes_rules)
{
	static const struct { u32 x, y, rx, tx; } bad[] = {
		{ 1, 1, R, 0x40 },		/* unknown bit */
		{ 1, 1, 0x80, R },
		{ 1, 1, R, 0 },			/* rx without tx */
		{ 1, 1, 0, E },			/* tx without rx */
		{ 1, 1, R | W, W },		/* port in both */
		{ 0, 1, W, R },			/* leaves: west of x=0 */
		{ 2, 1, R, E },			/* east of x=2 */
		{ 1, 0, N, R },			/* north of y=0 */
		{ 1, 1, S, R },			/* south of y=1 */
		{ 1, 1, R, N },			/* (1,0) does not accept */
		{ 1, 1, M, R | W },		/* MEMCPY patterns only */
		{ 1, 1, M, W },
		{ 1, 1, R | W, M },
		{ 1, 1, W, M },
		{ 1, 1, R, M | E },
		{ 1, 1, M | W, R },
	};
	struct net_env e;
	u32 i;

	net_new(&e, 3, 2);
	route(&e, 0, 0, 0, R, E);
	route(&e, 1, 0, 0, W, R);
	ASSERT_EQ(0, apply(&e));
	ASSERT_EQ(E, e.rt[0].route[0].tx);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		route(&e, bad[i].x, bad[i].y, 6, bad[i].rx, bad[i].tx);
		expect_routes(_metadata, &e, -EINVAL);
		ASSERT_EQ(0, e.rt[(bad[i].y * 3 + bad[i].x)].route[6].rx)
			TH_LOG("case %u", i);
		route(&e, bad[i].x, bad[i].y, 6, 0, 0);
	}
	/* tx needs the opposite port in the neighbour's rx */
	route(&e, 1, 1, 6, R, N);
	route(&e, 1, 0, 6, N == 0 ? 0 : E, R);
	expect_routes(_metadata, &e, -EINVAL);
	route(&e, 1, 0, 6, S, R);
	ASSERT_EQ(0, apply(&e));
	/* the neighbour may accept a port nobody sends on */
	route(&e, 2, 1, 7, W | N, R);
	ASSERT_EQ(0, apply(&e));
	/* both stream patterns are fine anywhere */
	route(&e, 0, 0, 21, M, R);
	route(&e, 2, 1, 22, R, M);
	ASSERT_EQ(0, apply(&e));
	/* NULL clears */
	ASSERT_EQ(0, wse_net_set_routes(&e.net, NULL));
	for (i = 0; i < 6 * WSE_NR_COLORS; i++)
		ASSERT_EQ(0, e.rt[i / WSE_NR_COLORS].route[i % WSE_NR_COLORS].rx |
			     e.rt[i / WSE_NR_COLORS].route[i % WSE_NR_COLORS].tx);
	net_free(&e);
}

TEST(inject_extract)
{
	struct net_env e;
	u32 i, v;

	net_new(&e, 2, 1);
	route(&e, 1, 0, 3, M, R);
	route(&e, 0, 0, 4, R, M);
	route(&e, 0, 0, 5, R, E);
	route(&e, 1, 0, 5, W, R);
	ASSERT_EQ(0, apply(&e));
	ASSERT_FALSE(wse_net_inject(&e.net, 2, 0, 3, 1));	/* x */
	ASSERT_FALSE(wse_net_inject(&e.net, 0, 1, 3, 1));	/* y */
	ASSERT_FALSE(wse_net_inject(&e.net, 1, 0, 24, 1));	/* color */
	ASSERT_FALSE(wse_net_inject(&e.net, 1, 0, 0xffffffff, 1));
	ASSERT_FALSE(wse_net_inject(&e.net, 0, 0, 3, 1));	/* no MEMCPY rx */
	ASSERT_FALSE(wse_net_inject(&e.net, 1, 0, 5, 1));
	for (i = 0; i < D; i++)
		ASSERT_TRUE(wse_net_inject(&e.net, 1, 0, 3, i));
	ASSERT_FALSE(wse_net_inject(&e.net, 1, 0, 3, 9));	/* full */
	ASSERT_EQ(1u << 3, rt_at(&e, 1, 0)->busy);
	ASSERT_FALSE(wse_net_extract(&e.net, 0, 0, 4, &v));
	ASSERT_FALSE(wse_net_extract(&e.net, 5, 0, 4, &v));
	ASSERT_FALSE(wse_net_extract(&e.net, 0, 0, 99, &v));
	/* one hop per step: buf -> iq; the iq stays for the PE */
	ASSERT_EQ(D, wse_net_step(&e.net));
	ASSERT_EQ(0u, wse_net_step(&e.net));
	ASSERT_EQ(D, pe_at(&e, 1, 0)->iq[3].count);
	ASSERT_EQ(4u, e.net.hops);
	/* flush empties buffers and queues, keeps routes */
	wse_net_flush(&e.net);
	ASSERT_EQ(0, pe_at(&e, 1, 0)->iq[3].count);
	ASSERT_EQ(M, rt_at(&e, 1, 0)->route[3].rx);
	net_free(&e);
}

/*
 * The halo's short cut (wse_net_ramp_room/inject_ramp): a lone async fabin
 * op takes a run of wavelets in one go, a sync op or a busy queue gets
 * only the queue's room, and older wavelets in the router go first.
 */
TEST(inject_ramp_runs)
{
	struct net_env e;
	struct wse_pe *pe;
	u32 i, n = 30, got = 0, words[32];
	u64 instret, hops;

	net_new(&e, 2, 1);
	route(&e, 0, 0, 6, M, R);
	route(&e, 0, 0, 8, R, M);
	route(&e, 1, 0, 7, M, R);
	ASSERT_EQ(0, apply(&e));
	for (i = 0; i < n; i++)
		words[i] = 60 + i;
	pe = pe_at(&e, 0, 0);
	ASSERT_EQ(0, load(&e, 0, 0, M_ASYNC, n, 6, 8));
	ASSERT_EQ(0, load(&e, 1, 0, M_RECV, 8, 7, 0));
	sched(&e, 10);
	ASSERT_EQ(WSE_PE_WAITING, pe->state);
	ASSERT_TRUE(pe->vops[0].active);
	ASSERT_EQ(WSE_PE_BLOCKED, pe_at(&e, 1, 0)->state);
	/* never: coordinates, color, a route that is not exactly M -> R */
	ASSERT_EQ(0u, wse_net_ramp_room(&e.net, 2, 0, 6));
	ASSERT_EQ(0u, wse_net_ramp_room(&e.net, 0, 0, 24));
	ASSERT_EQ(0u, wse_net_ramp_room(&e.net, 0, 0, 8));
	/* the sync op (not a lone async one): the queue's room */
	ASSERT_EQ(D, wse_net_ramp_room(&e.net, 1, 0, 7));
	wse_net_inject_ramp(&e.net, 1, 0, 7, words, D);
	ASSERT_EQ(D, pe_at(&e, 1, 0)->iq[7].count);
	ASSERT_EQ(0u, wse_net_ramp_room(&e.net, 1, 0, 7));
	/* the async op wants all n: a run goes straight to memory */
	ASSERT_EQ(n, wse_net_ramp_room(&e.net, 0, 0, 6));
	hops = e.net.hops;
	instret = pe->instret;
	wse_net_inject_ramp(&e.net, 0, 0, 6, words, n + 1);	/* too many */
	ASSERT_EQ(hops, e.net.hops);
	wse_net_inject_ramp(&e.net, 0, 0, 6, words, 10);
	ASSERT_EQ(hops + 10, e.net.hops);
	ASSERT_EQ(instret + 10, pe->instret);
	ASSERT_EQ(10u, pe->vops[0].done);
	ASSERT_EQ(0, pe->iq[6].count);
	ASSERT_EQ(n - 10, wse_net_ramp_room(&e.net, 0, 0, 6));
	/* a wavelet in the router goes first: no short cut past it */
	ASSERT_TRUE(wse_net_inject(&e.net, 0, 0, 6, words[10]));
	ASSERT_EQ(0u, wse_net_ramp_room(&e.net, 0, 0, 6));
	ASSERT_EQ(1u, wse_net_step(&e.net));
	/* now in the queue: the queue's room, no run */
	ASSERT_EQ(D - 1, wse_net_ramp_room(&e.net, 0, 0, 6));
	wse_net_inject_ramp(&e.net, 0, 0, 6, words + 11, D - 1);
	ASSERT_EQ(D, pe->iq[6].count);
	ASSERT_EQ(10u, pe->vops[0].done);
	sched(&e, 1);
	ASSERT_EQ(10u + D, pe->vops[0].done);
	/* the rest in one run completes the op; task 5 comes through WAIT */
	ASSERT_EQ(n - 10 - D, wse_net_ramp_room(&e.net, 0, 0, 6));
	wse_net_inject_ramp(&e.net, 0, 0, 6, words + 10 + D, n - 10 - D);
	ASSERT_FALSE(pe->vops[0].active && pe->vops[0].a.kind == WSE_DSD_FABIN);
	ASSERT_EQ(D, wse_net_ramp_room(&e.net, 0, 0, 6));	/* no taker */
	for (i = 0; i < 2000 && !halted_ok(pe); i++) {
		ASSERT_TRUE(async_round(&e, &got));
	}
	async_end(_metadata, &e, n, got);
	/* the sync receiver: its 4, then 4 more through the router */
	for (i = 0; i < D; i++)
		ASSERT_TRUE(wse_net_inject(&e.net, 1, 0, 7, words[D + i]));
	sched(&e, 100);
	ASSERT_TRUE(halted_ok(pe_at(&e, 1, 0)));
	for (i = 0; i < 2 * D; i++)
		ASSERT_EQ(60 + i, log_at(&e, 1, 0, i));
	ASSERT_FALSE(e.poll_mismatch);
	net_free(&e);
}

TEST(one_hop_per_step)
{
	struct net_env e;
	u32 x;

	/* a straight route through 6 routers, either direction */
	net_new(&e, 6, 1);
	route(&e, 0, 0, 1, M, R);	/* unused */
	route(&e, 0, 0, 2, R, E);
	for (x = 1; x < 5; x++)
		route(&e, x, 0, 2, W, E);
	route(&e, 5, 0, 2, W, R);
	ASSERT_EQ(0, apply(&e));
	wse_fifo_push(&e.rt[0].buf[2], 42);
	wse_router_mark(&e.rt[0], 2);
	for (x = 1; x < 6; x++) {
		ASSERT_EQ(1u, wse_net_step(&e.net));
		ASSERT_EQ(1, e.rt[x].buf[2].count) TH_LOG("x %u", x);
	}
	ASSERT_EQ(1u, wse_net_step(&e.net));
	ASSERT_EQ(1, e.pe[5].iq[2].count);
	net_free(&e);
}

TEST(stall_report)
{
	struct net_env e;
	struct wse_stall_entry st[16];
	u32 nr;

	/*
	 * (0,0) sends 40 on color 1 to (1,0), which forwards on color 2 to
	 * (2,0); (2,0) only has a route, no consumer.
	 */
	net_new(&e, 3, 1);
	route(&e, 0, 0, 1, R, E);
	route(&e, 1, 0, 1, W, R);
	route(&e, 1, 0, 2, R, E);
	route(&e, 2, 0, 2, W, R);
	ASSERT_EQ(0, apply(&e));
	ASSERT_EQ(0, load(&e, 0, 0, M_SEND, 40, 1, 0));
	ASSERT_EQ(0, load(&e, 1, 0, M_FWD, 40, 1, 2));
	ASSERT_EQ(0, load(&e, 2, 0, M_DATA, 40, 3, 3));	/* binds 3 only */
	sched(&e, 5000);
	ASSERT_EQ(0u, wse_net_step(&e.net));
	ASSERT_FALSE(wse_pe_can_poll(pe_at(&e, 0, 0)));
	ASSERT_FALSE(wse_pe_can_poll(pe_at(&e, 1, 0)));
	nr = wse_net_report(&e.net, st, 16);
	ASSERT_EQ(7u, nr);
	/* (0,0): SEND on 1, its router holds 4 (east full) */
	ASSERT_EQ(WSE_STALL_SEND, st[0].kind);
	ASSERT_EQ(1, st[0].color);
	/* 24 sent: 3 buffers + 1 queue held, 12 done by the forwarder */
	ASSERT_EQ(40 - 6 * D, st[0].count);
	ASSERT_EQ(WSE_STALL_ROUTER, st[1].kind);
	ASSERT_EQ(1, st[1].color);
	ASSERT_EQ(E, st[1].port);
	ASSERT_EQ(D, st[1].count);
	/* (1,0): the forwarder waits to send on 2; router 1 blocked to RAMP */
	ASSERT_EQ(WSE_STALL_SEND, st[2].kind);
	ASSERT_EQ(2, st[2].color);
	ASSERT_EQ(1u, st[2].x);
	ASSERT_EQ(40 - 3 * D, st[2].count);
	ASSERT_EQ(pe_at(&e, 1, 0)->pc, st[2].pc);
	ASSERT_EQ(WSE_STALL_ROUTER, st[3].kind);
	ASSERT_EQ(1, st[3].color);
	ASSERT_EQ(R, st[3].port);
	ASSERT_EQ(WSE_STALL_ROUTER, st[4].kind);
	ASSERT_EQ(2, st[4].color);
	ASSERT_EQ(E, st[4].port);
	/* (1,0)'s queue of 1 is taken by the fabin op: no QUEUE entry */
	/* (2,0): router to RAMP full, queue that nothing takes */
	ASSERT_EQ(WSE_STALL_ROUTER, st[5].kind);
	ASSERT_EQ(2u, st[5].x);
	ASSERT_EQ(R, st[5].port);
	ASSERT_EQ(WSE_STALL_QUEUE, st[6].kind);
	ASSERT_EQ(2, st[6].color);
	ASSERT_EQ(D, st[6].count);
	/* max limits what is written, not the count */
	memset(st, 0xee, sizeof(st));
	ASSERT_EQ(7u, wse_net_report(&e.net, st, 2));
	ASSERT_EQ(0xeeu, st[2].kind);
	ASSERT_EQ(7u, wse_net_report(&e.net, NULL, 0));
	net_free(&e);
}

TEST(fabric_faults)
{
	static const struct {
		u32 op;
		u32 dfab, afab;
		u32 daddr, dlen;
		s32 dstride;
		u32 bad;	/* 0x200 or 0x210: the DSD at fault */
	} c[] = {
		/* fabin on a color without RAMP in tx */
		{ WSE_VEC_MOV32, 0, FIN(1, 5), 0x1000, 4, 1, 0x210 },
		/* fabout on a color without RAMP in rx */
		{ WSE_VEC_MOV32, FOUT(1, 3), 0, 0, 4, 0, 0x200 },
		{ WSE_VEC_MOV32, FOUT(8, 4), 0, 0, 4, 0, 0x200 },  /* queue */
		{ WSE_VEC_MOV32, 0, FIN(8, 3), 0x1000, 4, 1, 0x210 },
		{ WSE_VEC_MOV32, 3u << 16 | 4, 0, 0, 4, 0, 0x200 }, /* kind */
		{ WSE_VEC_MOV32, 0x1234, 0, 0x1000, 4, 1, 0x200 },  /* kind 0 */
		{ WSE_VEC_MOV32, FOUT(1, 24), 0, 0, 4, 0, 0x200 },  /* color */
		{ WSE_VEC_MOV32, FIN(1, 3), 0, 0, 4, 0, 0x200 },  /* fabin dst */
		{ WSE_VEC_MOV32, 0, FOUT(1, 4), 0x1000, 4, 1, 0x210 },
		{ WSE_VEC_MOV32, FOUT(1, 4), 0, 0x10, 4, 0, 0x200 },  /* addr */
		{ WSE_VEC_MOV32, FOUT(1, 4), 0, 0, 4, 1, 0x200 },   /* stride */
		{ WSE_VEC_MOV32, FOUT(1, 4), 0, 0, 0, 0, 0x200 },   /* len 0 */
		{ WSE_VEC_MOV32, FOUT(1, 4), 0, 0, 12289, 0, 0x200 },
		{ WSE_VEC_MOV32, 0, FIN(1, 3), 0x1000, 12289, 1, 0x200 },
	};
	struct net_env e;
	struct wse_pe *pe;
	struct wse_pe lone;
	u32 i;

	net_new(&e, 1, 1);
	route(&e, 0, 0, 3, M, R);
	route(&e, 0, 0, 4, R, M);
	ASSERT_EQ(0, apply(&e));
	pe = pe_at(&e, 0, 0);
	for (i = 0; i < ARRAY_SIZE(c); i++) {
		wse_pe_start(pe, 0x100);
		put_dsd(pe->mem, 0x200, c[i].daddr, c[i].dlen, c[i].dstride,
			c[i].dfab);
		put_dsd(pe->mem, 0x210, c[i].afab ? 0 : 0x1000, 4,
			c[i].afab ? 0 : 1, c[i].afab);
		ASSERT_EQ(0u, vec_at(pe, 0x100, c[i].op, 0x200, 0x210, 0, 0,
				     0)) TH_LOG("case %u", i);
		ASSERT_EQ(WSE_PE_FAULTED, pe->state) TH_LOG("case %u", i);
		ASSERT_EQ((u32)WSE_FAULT_ECALL, pe->fault.cause);
		ASSERT_EQ(c[i].bad, pe->fault.addr) TH_LOG("case %u", i);
		ASSERT_EQ(0x100u, pe->fault.pc);
	}
	/* async with a bad task id; 0xff is none, 31 the last */
	wse_pe_start(pe, 0x100);
	put_dsd(pe->mem, 0x200, 0x1000, 1, 1, 0);
	put_dsd(pe->mem, 0x210, 0, 1, 0, FIN(1, 3));
	ASSERT_EQ(0u, vec_at(pe, 0x100, WSE_VEC_MOV32 | WSE_VEC_ASYNC, 0x200,
			     0x210, 0, 0, 32));
	ASSERT_EQ(WSE_PE_FAULTED, pe->state);
	ASSERT_EQ(32u, pe->fault.addr);
	/* unknown op bits */
	wse_pe_start(pe, 0x100);
	ASSERT_EQ(0u, vec_at(pe, 0x100, WSE_VEC_MOV32 | 0x400, 0x200, 0x210, 0,
			     0, 0));
	ASSERT_EQ(WSE_PE_FAULTED, pe->state);
	/* COLOR_CTL: bad color, bad op */
	wse_pe_start(pe, 0x100);
	put32(pe->mem, 0x100, ECALL);
	pe->x[17] = WSE_EC_COLOR_CTL;
	pe->x[10] = 24;
	pe->x[11] = WSE_COLOR_BIND_DATA;
	ASSERT_EQ(0u, wse_pe_run(pe, 1));
	ASSERT_EQ((u32)WSE_FAULT_ECALL, pe->fault.cause);
	ASSERT_EQ(24u, pe->fault.addr);
	wse_pe_start(pe, 0x100);
	pe->x[17] = WSE_EC_COLOR_CTL;
	pe->x[10] = 23;
	pe->x[11] = 5;
	ASSERT_EQ(0u, wse_pe_run(pe, 1));
	ASSERT_EQ((u32)WSE_FAULT_ECALL, pe->fault.cause);
	wse_pe_start(pe, 0x100);
	pe->x[17] = WSE_EC_COLOR_CTL;
	pe->x[10] = 23;
	pe->x[11] = WSE_COLOR_BLOCK;
	ASSERT_EQ(1u, wse_pe_run(pe, 1));
	ASSERT_EQ(1u << 23, pe->blocked_colors);
	/* a PE outside a net faults on any fabric DSD */
	memset(&lone, 0, sizeof(lone));
	wse_pe_init(&lone, pe->mem, 0, 0, 1, 1);
	wse_pe_start(&lone, 0x100);
	put_dsd(pe->mem, 0x200, 0, 1, 0, FOUT(1, 4));
	put_dsd(pe->mem, 0x210, 0x1000, 1, 1, 0);
	ASSERT_EQ(0u, vec_at(&lone, 0x100, WSE_VEC_MOV32, 0x200, 0x210, 0, 0,
			     0));
	ASSERT_EQ(WSE_PE_FAULTED, lone.state);
	ASSERT_EQ(0x200u, lone.fault.addr);
	/* the same DSDs in the net work (done at once: room for 1) */
	wse_pe_start(pe, 0x100);
	ASSERT_EQ(1u, vec_at(pe, 0x100, WSE_VEC_MOV32, 0x200, 0x210, 0, 0, 0));
	ASSERT_EQ(WSE_PE_RUNNING, pe->state);
	ASSERT_EQ(0x104u, pe->pc);
	net_free(&e);
}

/* ---- control wavelets (PE-ABI section 10: sentinels) ---- */

/* Push a wavelet into router (x, y)'s buffer of @c, as its PE's ramp does. */
static bool feed(struct net_env *e, u32 x, u32 y, u32 c, u32 v, bool ctl)
{
	struct wse_router *rt = rt_at(e, x, y);

	if (!wse_fifo_push_w(&rt->buf[c], v, ctl))
		return false;
	wse_router_mark(rt, c);
	return true;
}

/* A wavelet pattern: every third one a control wavelet. */
static bool ctl_of(u32 i)
{
	return i % 3 == 2;
}

TEST(control_bit_through_routers)
{
	struct net_env e;
	u32 sent = 0, got[2] = { 0, 0 }, i, k, v;
	bool ctl;

	/* color 6: (0,0) -> ... -> (4,0) -> RAMP and south to (4,1) */
	net_new(&e, 5, 2);
	route(&e, 0, 0, 6, R, E);
	for (i = 1; i < 4; i++)
		route(&e, i, 0, 6, W, E);
	route(&e, 4, 0, 6, W, R | S);
	route(&e, 4, 1, 6, N, R);
	ASSERT_EQ(0, apply(&e));
	for (k = 0; k < 200 && (got[0] < 30 || got[1] < 30); k++) {
		if (sent < 30 && feed(&e, 0, 0, 6, 1000 + sent, ctl_of(sent)))
			sent++;
		wse_net_step(&e.net);
		/* both ends keep the order and the bit of every wavelet */
		for (i = 0; i < 2; i++) {
			struct wse_fifo *q = &pe_at(&e, 4, i)->iq[6];

			while (wse_fifo_pop_w(q, &v, &ctl)) {
				ASSERT_EQ(1000 + got[i], v);
				ASSERT_EQ(ctl_of(got[i]), ctl) TH_LOG("i %u", got[i]);
				got[i]++;
			}
			ASSERT_EQ(0, q->ctl);	/* an empty queue has no bit left */
		}
	}
	ASSERT_EQ(30u, got[0]);
	ASSERT_EQ(30u, got[1]);
	/* 4 hops to (4,0)'s router, then RAMP and SOUTH, then (4,1)'s RAMP */
	ASSERT_EQ(30u * 7, e.net.hops);
	net_free(&e);
}

TEST(control_backpressure)
{
	struct net_env e;
	u32 n = 0, i, v;
	bool ctl;

	/* nobody drains (2,0): control wavelets fill the same 4-deep buffers */
	net_new(&e, 3, 1);
	route(&e, 0, 0, 2, R, E);
	route(&e, 1, 0, 2, W, E);
	route(&e, 2, 0, 2, W, R);
	ASSERT_EQ(0, apply(&e));
	for (i = 0; i < 40; i++) {
		if (feed(&e, 0, 0, 2, n, n % 2 == 0))
			n++;
		wse_net_step(&e.net);
	}
	ASSERT_EQ(4u * D, n);	/* 3 router buffers and the input queue */
	ASSERT_FALSE(feed(&e, 0, 0, 2, 99, true));
	ASSERT_EQ(0u, wse_net_step(&e.net));
	/* one taken at the ramp: the chain moves by one, a new one enters */
	ASSERT_TRUE(wse_fifo_pop_w(&pe_at(&e, 2, 0)->iq[2], &v, &ctl));
	ASSERT_EQ(0u, v);
	ASSERT_TRUE(ctl);
	ASSERT_EQ(3u, wse_net_step(&e.net));
	ASSERT_TRUE(feed(&e, 0, 0, 2, n, n % 2 == 0));
	for (i = 1; i <= n; i++) {
		while (!wse_fifo_pop_w(&pe_at(&e, 2, 0)->iq[2], &v, &ctl))
			ASSERT_NE(0u, wse_net_step(&e.net));
		ASSERT_EQ(i, v);
		ASSERT_EQ(i % 2 == 0, ctl);
	}
	net_free(&e);
}

/* A WAITING PE at (0, 0) with its WAIT buffer at 0x400. */
static void waiting(struct wse_pe *pe)
{
	pe->state = WSE_PE_WAITING;
	pe->wait_buf = 0x400;
}

TEST(control_wavelet_runs_control_event)
{
	struct net_env e;
	struct wse_pe *pe;
	struct wse_stall_entry st[8];
	static const u32 want[][3] = {	/* event, payload, color */
		{ WSE_EV_WAVELET, 5, 3 },
		{ WSE_EV_CONTROL, WSE_CONTROL_PAYLOAD(43), 3 },
		{ WSE_EV_WAVELET, 6, 3 },
	};
	u32 i;

	net_new(&e, 1, 1);
	route(&e, 0, 0, 3, M, R);
	route(&e, 0, 0, 4, M, R);
	ASSERT_EQ(0, apply(&e));
	pe = pe_at(&e, 0, 0);
	wse_pe_start(pe, 0x100);
	pe->data_colors = 1u << 3;
	ASSERT_TRUE(wse_net_inject(&e.net, 0, 0, 3, 5));
	ASSERT_TRUE(wse_net_inject_w(&e.net, 0, 0, 3, WSE_CONTROL_PAYLOAD(43), true));
	ASSERT_TRUE(wse_net_inject(&e.net, 0, 0, 3, 6));
	ASSERT_EQ(3u, wse_net_step(&e.net));
	/* in order on the data-task color: the sentinel is not a data event */
	for (i = 0; i < 3; i++) {
		waiting(pe);
		ASSERT_TRUE(wse_pe_can_poll(pe));
		ASSERT_EQ(1u, wse_pe_poll(pe));
		ASSERT_EQ(WSE_PE_RUNNING, pe->state);
		ASSERT_EQ(want[i][0], pe->x[10]) TH_LOG("event %u", i);
		ASSERT_EQ(want[i][1], pe->x[11]);
		ASSERT_EQ(want[i][2], get32(pe->mem, 0x400));
	}
	ASSERT_EQ(0u, pe->ctl_colors);
	/* color 4 has no data task: a data wavelet stays, a control one runs */
	ASSERT_TRUE(wse_net_inject_w(&e.net, 0, 0, 4, WSE_CONTROL_PAYLOAD(7), true));
	ASSERT_TRUE(wse_net_inject(&e.net, 0, 0, 4, 8));
	ASSERT_EQ(2u, wse_net_step(&e.net));
	pe->blocked_colors = 1u << 4;	/* BLOCK holds control wavelets too */
	waiting(pe);
	ASSERT_FALSE(wse_pe_can_poll(pe));
	ASSERT_EQ(0u, wse_pe_poll(pe));
	pe->blocked_colors = 0;
	ASSERT_TRUE(wse_pe_can_poll(pe));
	ASSERT_EQ(1u, wse_pe_poll(pe));
	ASSERT_EQ((u32)WSE_EV_CONTROL, pe->x[10]);
	ASSERT_EQ(WSE_CONTROL_PAYLOAD(7), pe->x[11]);
	ASSERT_EQ(4u, get32(pe->mem, 0x400));
	waiting(pe);
	ASSERT_FALSE(wse_pe_can_poll(pe));
	ASSERT_EQ(0u, wse_pe_poll(pe));
	ASSERT_EQ(1, pe->iq[4].count);
	/* the data wavelet nobody takes is reported as a QUEUE */
	ASSERT_EQ(1u, wse_net_report(&e.net, st, 8));
	ASSERT_EQ(WSE_STALL_QUEUE, st[0].kind);
	ASSERT_EQ(4, st[0].color);
	net_free(&e);
}

TEST(control_wavelet_not_an_element)
{
	struct net_env e;
	struct wse_pe *pe;
	struct wse_stall_entry st[8];

	net_new(&e, 1, 1);
	route(&e, 0, 0, 3, M, R);
	ASSERT_EQ(0, apply(&e));
	pe = pe_at(&e, 0, 0);
	wse_pe_start(pe, 0x100);
	/* a synchronous MOV32 of 3 wavelets into memory at 0x300 */
	put_dsd(pe->mem, 0x200, 0x300, 3, 1, 0);
	put_dsd(pe->mem, 0x210, 0, 3, 0, FIN(1, 3));
	ASSERT_EQ(0u, vec_at(pe, 0x100, WSE_VEC_MOV32, 0x200, 0x210, 0, 0, 0));
	ASSERT_EQ(WSE_PE_BLOCKED, pe->state);
	ASSERT_TRUE(wse_net_inject(&e.net, 0, 0, 3, 11));
	ASSERT_TRUE(wse_net_inject_w(&e.net, 0, 0, 3, WSE_CONTROL_PAYLOAD(43), true));
	ASSERT_TRUE(wse_net_inject(&e.net, 0, 0, 3, 12));
	ASSERT_TRUE(wse_net_inject(&e.net, 0, 0, 3, 13));
	ASSERT_EQ(4u, wse_net_step(&e.net));
	ASSERT_EQ(1u, wse_pe_poll(pe));		/* 11, then the sentinel stops it */
	ASSERT_EQ(1u, pe->sync.done);
	ASSERT_EQ(11u, get32(pe->mem, 0x300));
	ASSERT_FALSE(wse_pe_can_poll(pe));
	ASSERT_EQ(0u, wse_pe_poll(pe));
	ASSERT_EQ(WSE_PE_BLOCKED, pe->state);
	/* a synchronous op never reaches WAIT: a stall, reported as RECV */
	ASSERT_EQ(1u, wse_net_report(&e.net, st, 8));
	ASSERT_EQ(WSE_STALL_RECV, st[0].kind);
	ASSERT_EQ(3, st[0].color);
	ASSERT_EQ(2, st[0].count);
	net_free(&e);
}

TEST(fabout_control_dsd)
{
	struct net_env e;
	struct wse_pe *pe;
	u32 i, v;
	bool ctl;

	net_new(&e, 1, 1);
	route(&e, 0, 0, 4, R, M);
	route(&e, 0, 0, 3, M, R);
	ASSERT_EQ(0, apply(&e));
	pe = pe_at(&e, 0, 0);
	wse_pe_start(pe, 0x100);
	put32(pe->mem, 0x300, WSE_CONTROL_PAYLOAD(43));
	put32(pe->mem, 0x304, WSE_CONTROL_PAYLOAD(44) | 0x1234);
	put_dsd(pe->mem, 0x200, 0, 2, 0, FOUT(1, 4) | WSE_DSD_CONTROL);
	put_dsd(pe->mem, 0x210, 0x300, 2, 1, 0);
	ASSERT_EQ(2u, vec_at(pe, 0x100, WSE_VEC_MOV32, 0x200, 0x210, 0, 0, 0));
	ASSERT_EQ(2u, wse_net_step(&e.net));
	for (i = 0; i < 2; i++) {
		ASSERT_TRUE(wse_net_extract_w(&e.net, 0, 0, 4, &v, &ctl));
		ASSERT_TRUE(ctl);
		ASSERT_EQ(get32(pe->mem, 0x300 + 4 * i), v);
	}
	/* the same DSD without the flag sends data */
	put_dsd(pe->mem, 0x200, 0, 1, 0, FOUT(1, 4));
	put_dsd(pe->mem, 0x210, 0x300, 1, 1, 0);
	ASSERT_EQ(1u, vec_at(pe, 0x100, WSE_VEC_MOV32, 0x200, 0x210, 0, 0, 0));
	ASSERT_EQ(1u, wse_net_step(&e.net));
	ASSERT_TRUE(wse_net_extract_w(&e.net, 0, 0, 4, &v, &ctl));
	ASSERT_FALSE(ctl);
	/* the flag on a fabin DSD, or a reserved bit, is an ECALL fault */
	put_dsd(pe->mem, 0x200, 0x300, 1, 1, 0);
	put_dsd(pe->mem, 0x210, 0, 1, 0, FIN(1, 3) | WSE_DSD_CONTROL);
	vec_at(pe, 0x100, WSE_VEC_MOV32, 0x200, 0x210, 0, 0, 0);
	ASSERT_EQ(WSE_PE_FAULTED, pe->state);
	ASSERT_EQ(WSE_FAULT_ECALL, pe->fault.cause);
	wse_pe_start(pe, 0x100);
	put_dsd(pe->mem, 0x200, 0, 1, 0, FOUT(1, 4) | 0x02000000u);
	put_dsd(pe->mem, 0x210, 0x300, 1, 1, 0);
	vec_at(pe, 0x100, WSE_VEC_MOV32, 0x200, 0x210, 0, 0, 0);
	ASSERT_EQ(WSE_PE_FAULTED, pe->state);
	ASSERT_EQ(WSE_FAULT_ECALL, pe->fault.cause);
	net_free(&e);
}

TEST_HARNESS_MAIN
