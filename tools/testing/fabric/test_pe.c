// SPDX-License-Identifier: GPL-2.0
/*
 * Native tests of the fabric core's PE interpreter (kernel/fabric/wse_pe.c):
 * every integer instruction class against host C, faults, the budget, CSRs,
 * the builtins and vector ops, and whole programs built by clang for
 * rv32imf compared with the same C compiled for the host.  The float tests
 * are in test_fp.c (included at the end: one harness, one TU).
 */
#include <fenv.h>
#include <math.h>
#include "test_util.h"
#include "kselftest_harness.h"

static u32 rng_state = 0x12345678;

static u32 rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

static const u32 edge[] = {
	0, 1, 2, 3, 7, 31, 32, 33, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff,
	0x10000, 0x12345678, 0xdeadbeef, 0x7ffffffe, 0x7fffffff, 0x80000000,
	0x80000001, 0xfffffffe, 0xffffffff, 0xfffff800,
};
#define NEDGE (sizeof(edge) / sizeof(edge[0]))

/* Execute one instruction at 0x100; returns the count wse_pe_run gave. */
static u32 exec1(struct pe_env *e, u32 insn)
{
	put32(e->mem, 0x100, insn);
	e->pe.pc = 0x100;
	e->pe.state = WSE_PE_RUNNING;
	return wse_pe_run(&e->pe, 1);
}

/* reference for OP (funct7 << 3 | funct3) */
static u32 ref_op(u32 k, u32 a, u32 b)
{
	s64 sa = (s32)a, sb = (s32)b;

	switch (k) {
	case 0x000: return a + b;
	case 0x100: return a - b;
	case 0x001: return a << (b % 32);
	case 0x002: return sa < sb;
	case 0x003: return a < b;
	case 0x004: return a ^ b;
	case 0x005: return a >> (b % 32);
	case 0x105: return (u32)(sa >> (b % 32));
	case 0x006: return a | b;
	case 0x007: return a & b;
	case 0x008: return (u32)((u64)a * b);
	case 0x009: return (u32)((sa * sb) >> 32);
	case 0x00a: return (u32)((sa * (s64)(u64)b) >> 32);
	case 0x00b: return (u32)(((u64)a * b) >> 32);
	case 0x00c: return sb == 0 ? 0xffffffffu : (u32)(s32)(sa / sb);
	case 0x00d: return b == 0 ? 0xffffffffu : a / b;
	case 0x00e: return sb == 0 ? a : (u32)(s32)(sa % sb);
	case 0x00f: return b == 0 ? a : a % b;
	}
	return 0xbad;
}

static const u32 op_keys[] = {
	0x000, 0x100, 0x001, 0x002, 0x003, 0x004, 0x005, 0x105, 0x006, 0x007,
	0x008, 0x009, 0x00a, 0x00b, 0x00c, 0x00d, 0x00e, 0x00f,
};

TEST(int_reg_ops)
{
	struct pe_env e;
	u32 i, j, k, a, b, insn;

	env_init(&e);
	for (i = 0; i < NEDGE * NEDGE + 3000; i++) {
		if (i < NEDGE * NEDGE) {
			a = edge[i / NEDGE];
			b = edge[i % NEDGE];
		} else {
			a = rnd();
			b = i & 1 ? rnd() : rnd() >> (rnd() & 31);
		}
		for (j = 0; j < sizeof(op_keys) / sizeof(op_keys[0]); j++) {
			k = op_keys[j];
			e.pe.x[5] = a;
			e.pe.x[6] = b;
			insn = enc_r(k >> 3, 6, 5, k & 7, 7, 0x33);
			ASSERT_EQ(1, exec1(&e, insn));
			ASSERT_EQ(ref_op(k, a, b), e.pe.x[7])
				TH_LOG("key %x a %x b %x", k, a, b);
		}
	}
	/* rd = x0 stays zero; rd == rs */
	e.pe.x[5] = 5;
	exec1(&e, enc_r(0, 5, 5, 0, 0, 0x33));
	ASSERT_EQ(0, e.pe.x[0]);
	exec1(&e, enc_r(0, 5, 5, 0, 5, 0x33));
	ASSERT_EQ(10, e.pe.x[5]);
	/* unknown funct7 */
	ASSERT_EQ(0, exec1(&e, enc_r(0x40, 6, 5, 0, 7, 0x33)));
	ASSERT_EQ(WSE_FAULT_ILLEGAL, e.pe.fault.cause);
	env_free(&e);
}

TEST(int_imm_ops)
{
	struct pe_env e;
	u32 i, a, sh;
	s32 imm;

	env_init(&e);
	for (i = 0; i < 4000; i++) {
		a = i < NEDGE ? edge[i] : rnd();
		imm = i < 64 ? (s32)(i * 64) - 2048 : (s32)(rnd() & 0xfff) - 2048;
		if (i == 5)
			imm = 2047;
		sh = rnd() & 31;
		e.pe.x[5] = a;
		exec1(&e, enc_i(imm, 5, 0, 6, 0x13));
		ASSERT_EQ(a + (u32)imm, e.pe.x[6]);
		exec1(&e, enc_i(imm, 5, 2, 6, 0x13));
		ASSERT_EQ((s32)a < imm, e.pe.x[6]);
		exec1(&e, enc_i(imm, 5, 3, 6, 0x13));
		ASSERT_EQ(a < (u32)imm, e.pe.x[6]);
		exec1(&e, enc_i(imm, 5, 4, 6, 0x13));
		ASSERT_EQ(a ^ (u32)imm, e.pe.x[6]);
		exec1(&e, enc_i(imm, 5, 6, 6, 0x13));
		ASSERT_EQ(a | (u32)imm, e.pe.x[6]);
		exec1(&e, enc_i(imm, 5, 7, 6, 0x13));
		ASSERT_EQ(a & (u32)imm, e.pe.x[6]);
		exec1(&e, enc_i((s32)sh, 5, 1, 6, 0x13));
		ASSERT_EQ(a << sh, e.pe.x[6]);
		exec1(&e, enc_i((s32)sh, 5, 5, 6, 0x13));
		ASSERT_EQ(a >> sh, e.pe.x[6]);
		exec1(&e, enc_i((s32)(sh | 0x400), 5, 5, 6, 0x13));
		ASSERT_EQ((u32)((s64)(s32)a >> sh), e.pe.x[6]);
		exec1(&e, LUI(6, a));
		ASSERT_EQ(a & 0xfffff000u, e.pe.x[6]);
		exec1(&e, (a & 0xfffff000u) | 6 << 7 | 0x17);	/* auipc */
		ASSERT_EQ((a & 0xfffff000u) + 0x100, e.pe.x[6]);
	}
	/* slli with bit 25 set is not RV32 */
	ASSERT_EQ(0, exec1(&e, enc_i(0x20, 5, 1, 6, 0x13)));
	ASSERT_EQ(WSE_FAULT_ILLEGAL, e.pe.fault.cause);
	env_free(&e);
}

TEST(jumps_branches)
{
	static const struct { u32 f3; u32 a, b; bool taken; } br[] = {
		{ 0, 5, 5, 1 }, { 0, 5, 6, 0 }, { 1, 5, 6, 1 }, { 1, 6, 6, 0 },
		{ 4, 0xffffffff, 0, 1 }, { 4, 0, 0xffffffff, 0 },
		{ 5, 0, 0xffffffff, 1 }, { 5, 3, 3, 1 }, { 5, 0x80000000, 0, 0 },
		{ 6, 0, 0xffffffff, 1 }, { 6, 0xffffffff, 0, 0 },
		{ 7, 0xffffffff, 0, 1 }, { 7, 3, 3, 1 }, { 7, 2, 3, 0 },
	};
	struct pe_env e;
	u32 i;

	env_init(&e);
	for (i = 0; i < sizeof(br) / sizeof(br[0]); i++) {
		e.pe.x[5] = br[i].a;
		e.pe.x[6] = br[i].b;
		exec1(&e, enc_b(-0x40, 6, 5, br[i].f3));
		ASSERT_EQ(br[i].taken ? 0xc0u : 0x104u, e.pe.pc) TH_LOG("%u", i);
		exec1(&e, enc_b(0xffe & ~3, 6, 5, br[i].f3));
		ASSERT_EQ(br[i].taken ? 0x100u + 0xffc : 0x104u, e.pe.pc);
	}
	exec1(&e, enc_j(-0x100, 1));		/* jal ra, -0x100 */
	ASSERT_EQ(0u, e.pe.pc);
	ASSERT_EQ(0x104u, e.pe.x[1]);
	exec1(&e, enc_j(0x7f000, 1));
	ASSERT_EQ(0x7f100u, e.pe.pc);
	e.pe.x[5] = 0x201;			/* jalr clears bit 0 */
	exec1(&e, enc_i(0x10, 5, 0, 5, 0x67));	/* jalr t0, 16(t0) */
	ASSERT_EQ(0x210u, e.pe.pc);
	ASSERT_EQ(0x104u, e.pe.x[5]);
	ASSERT_EQ(0, exec1(&e, enc_b(8, 0, 0, 2)));	/* bad funct3 */
	ASSERT_EQ(WSE_FAULT_ILLEGAL, e.pe.fault.cause);
	ASSERT_EQ(0, exec1(&e, enc_i(0, 5, 1, 5, 0x67)));
	ASSERT_EQ(WSE_FAULT_ILLEGAL, e.pe.fault.cause);
	env_free(&e);
}

TEST(loads_stores)
{
	struct pe_env e;

	env_init(&e);
	put32(e.mem, 0x1000, 0x8081f2f3);
	e.pe.x[5] = 0x1010;
	exec1(&e, enc_i(-16, 5, 0, 6, 0x03));		/* lb */
	ASSERT_EQ(0xfffffff3u, e.pe.x[6]);
	exec1(&e, enc_i(-16, 5, 4, 6, 0x03));		/* lbu */
	ASSERT_EQ(0xf3u, e.pe.x[6]);
	exec1(&e, enc_i(-14, 5, 1, 6, 0x03));		/* lh */
	ASSERT_EQ(0xffff8081u, e.pe.x[6]);
	exec1(&e, enc_i(-14, 5, 5, 6, 0x03));		/* lhu */
	ASSERT_EQ(0x8081u, e.pe.x[6]);
	exec1(&e, enc_i(-16, 5, 2, 6, 0x03));		/* lw */
	ASSERT_EQ(0x8081f2f3u, e.pe.x[6]);
	e.pe.x[7] = 0xa1b2c3d4;
	exec1(&e, enc_s(4, 7, 5, 0, 0x23));		/* sb */
	exec1(&e, enc_s(6, 7, 5, 1, 0x23));		/* sh */
	exec1(&e, enc_s(8, 7, 5, 2, 0x23));		/* sw */
	ASSERT_EQ(0xc3d400d4u, get32(e.mem, 0x1014));
	ASSERT_EQ(0xa1b2c3d4u, get32(e.mem, 0x1018));
	/* the last byte, half and word of memory are fine */
	e.pe.x[5] = 0xbff0;
	ASSERT_EQ(1, exec1(&e, enc_s(15, 7, 5, 0, 0x23)));
	ASSERT_EQ(1, exec1(&e, enc_s(14, 7, 5, 1, 0x23)));
	ASSERT_EQ(1, exec1(&e, enc_s(12, 7, 5, 2, 0x23)));
	ASSERT_EQ(1, exec1(&e, enc_i(12, 5, 2, 6, 0x03)));
	ASSERT_EQ(0xa1b2c3d4u, e.pe.x[6]);
	/* x0 as base, negative offsets wrap to huge addresses: fault */
	ASSERT_EQ(0, exec1(&e, enc_i(-4, 0, 2, 6, 0x03)));
	ASSERT_EQ(WSE_FAULT_LOAD, e.pe.fault.cause);
	ASSERT_EQ(0xfffffffcu, e.pe.fault.addr);
	env_free(&e);
}

static void expect_fault(struct __test_metadata *_metadata, struct pe_env *e,
			 u32 insn, u32 cause, u32 addr)
{
	u64 ir = e->pe.instret;

	ASSERT_EQ(0, exec1(e, insn));
	ASSERT_EQ(WSE_PE_FAULTED, e->pe.state);
	ASSERT_EQ(cause, e->pe.fault.cause) TH_LOG("insn %08x", insn);
	ASSERT_EQ(0x100u, e->pe.fault.pc);
	ASSERT_EQ(0x100u, e->pe.pc);
	ASSERT_EQ(addr, e->pe.fault.addr) TH_LOG("insn %08x", insn);
	ASSERT_EQ(ir, e->pe.instret);
	/* a faulted PE does not run */
	ASSERT_EQ(0, wse_pe_run(&e->pe, 10));
}

TEST(faults)
{
	struct pe_env e;

	env_init(&e);
	e.pe.x[5] = 0xbffe;
	e.pe.x[6] = 0x1001;
	expect_fault(_metadata, &e, 0, WSE_FAULT_ILLEGAL, 0);
	expect_fault(_metadata, &e, 0xffffffff, WSE_FAULT_ILLEGAL, 0xffffffff);
	expect_fault(_metadata, &e, 0x30200073, WSE_FAULT_ILLEGAL, 0x30200073);
	expect_fault(_metadata, &e, 0x10500073, WSE_FAULT_ILLEGAL, 0x10500073);
	expect_fault(_metadata, &e, enc_i(0, 5, 3, 6, 0x03), WSE_FAULT_ILLEGAL,
		     enc_i(0, 5, 3, 6, 0x03));		/* ld */
	expect_fault(_metadata, &e, enc_s(0, 5, 5, 3, 0x23), WSE_FAULT_ILLEGAL,
		     enc_s(0, 5, 5, 3, 0x23));		/* sd */
	expect_fault(_metadata, &e, enc_i(0, 5, 2, 6, 0x03), WSE_FAULT_LOAD,
		     0xbffe);
	expect_fault(_metadata, &e, enc_i(2, 5, 1, 6, 0x03), WSE_FAULT_LOAD,
		     0xc000);
	expect_fault(_metadata, &e, enc_s(0, 5, 5, 2, 0x23), WSE_FAULT_STORE,
		     0xbffe);
	expect_fault(_metadata, &e, enc_s(2, 5, 5, 0, 0x23), WSE_FAULT_STORE,
		     0xc000);
	expect_fault(_metadata, &e, enc_i(0, 6, 2, 7, 0x03),
		     WSE_FAULT_MISALIGNED, 0x1001);
	expect_fault(_metadata, &e, enc_i(0, 6, 1, 7, 0x03),
		     WSE_FAULT_MISALIGNED, 0x1001);
	expect_fault(_metadata, &e, enc_s(2, 5, 6, 1, 0x23),
		     WSE_FAULT_MISALIGNED, 0x1003);
	expect_fault(_metadata, &e, enc_i(0, 6, 2, 1, 0x07),	/* flw */
		     WSE_FAULT_MISALIGNED, 0x1001);
	expect_fault(_metadata, &e, enc_s(0, 1, 5, 2, 0x27),	/* fsw */
		     WSE_FAULT_STORE, 0xbffe);
	expect_fault(_metadata, &e, EBREAK, WSE_FAULT_BREAK, 0x100);
	e.pe.x[17] = 99;
	expect_fault(_metadata, &e, ECALL, WSE_FAULT_ECALL, 99);
	e.pe.x[17] = WSE_EC_WAIT;
	e.pe.x[10] = 0xbfc4;				/* 60 bytes left */
	expect_fault(_metadata, &e, ECALL, WSE_FAULT_ECALL, 0xbfc4);
	e.pe.x[17] = WSE_EC_TIMESTAMP;
	e.pe.x[10] = 0xbffc;
	expect_fault(_metadata, &e, ECALL, WSE_FAULT_ECALL, 0xbffc);
	expect_fault(_metadata, &e, 0xc0001073, WSE_FAULT_ILLEGAL,
		     0xc0001073);			/* csrw cycle, x0 */
	expect_fault(_metadata, &e, 0x30002073, WSE_FAULT_ILLEGAL,
		     0x30002073);			/* csrr mstatus */
	env_free(&e);
}

TEST(fetch_faults)
{
	struct pe_env e;

	env_init(&e);
	e.pe.x[5] = 0xc000;
	exec1(&e, enc_i(0, 5, 0, 0, 0x67));		/* jr t0 */
	ASSERT_EQ(0, wse_pe_run(&e.pe, 5));
	ASSERT_EQ(WSE_FAULT_FETCH, e.pe.fault.cause);
	ASSERT_EQ(0xc000u, e.pe.fault.pc);
	ASSERT_EQ(0xc000u, e.pe.fault.addr);
	e.pe.x[5] = 0x202;				/* misaligned */
	exec1(&e, enc_i(0, 5, 0, 0, 0x67));
	ASSERT_EQ(0, wse_pe_run(&e.pe, 5));
	ASSERT_EQ(WSE_FAULT_FETCH, e.pe.fault.cause);
	ASSERT_EQ(0x202u, e.pe.fault.addr);
	/* falling off the end of memory */
	put32(e.mem, 0xbffc, ADDI(1, 1, 1));
	e.pe.pc = 0xbffc;
	e.pe.state = WSE_PE_RUNNING;
	ASSERT_EQ(1, wse_pe_run(&e.pe, 5));
	ASSERT_EQ(WSE_FAULT_FETCH, e.pe.fault.cause);
	ASSERT_EQ(0xc000u, e.pe.fault.pc);
	env_free(&e);
}

TEST(budget_runaway)
{
	struct pe_env e;
	const u32 prog[] = {
		ADDI(5, 5, 1),		/* 0: t0++ */
		enc_j(-4, 0),		/* 4: j 0 */
	};

	env_init(&e);
	put_prog(e.mem, 0, prog, 2);
	ASSERT_EQ(1001, wse_pe_run(&e.pe, 1001));
	ASSERT_EQ(WSE_PE_RUNNING, e.pe.state);
	ASSERT_EQ(1001u, e.pe.instret);
	ASSERT_EQ(501u, e.pe.x[5]);
	ASSERT_EQ(4u, e.pe.pc);
	ASSERT_EQ(WSE_PE_SLICE, wse_pe_run(&e.pe, WSE_PE_SLICE));
	ASSERT_EQ(1001u + WSE_PE_SLICE, e.pe.instret);
	ASSERT_EQ(0, wse_pe_run(&e.pe, 0));
	wse_pe_halt(&e.pe, WSE_FAULT_STUCK);
	ASSERT_EQ(WSE_PE_FAULTED, e.pe.state);
	ASSERT_EQ(WSE_FAULT_STUCK, e.pe.fault.cause);
	ASSERT_EQ(0, wse_pe_run(&e.pe, 100));
	/* a HALTED PE does not run */
	wse_pe_init(&e.pe, e.mem, 0, 0, 1, 1);
	ASSERT_EQ(0, wse_pe_run(&e.pe, 100));
	env_free(&e);
}

/*
 * The decode cache (struct wse_pe_dc) never runs a stale decode: code the
 * PE stores over itself runs as stored, in the same slice.  The word at 0
 * is an addi the loop overwrites (sw, then one byte of its immediate with
 * sb) on its first and second pass.
 */
TEST(decode_cache_self_modifying)
{
	struct pe_env e;
	const u32 prog[] = {
		ADDI(5, 5, 1),			/* 0: t0 += 1, then 16, 64 */
		ADDI(7, 7, 1),			/* 4: t2++ */
		enc_b(12, 9, 7, 1),		/* 8: bne t2, s1, 0x14 */
		enc_s(0, 6, 0, 2, 0x23),	/* c: sw t1, 0(zero) */
		enc_j(-16, 0),			/* 10: j 0 */
		enc_s(3, 10, 0, 0, 0x23),	/* 14: sb a0, 3(zero) */
		enc_b(-24, 8, 7, 4),		/* 18: blt t2, s0, 0 */
		EBREAK,				/* 1c */
	};

	env_init(&e);
	put_prog(e.mem, 0, prog, 8);
	e.pe.x[6] = ADDI(5, 5, 16);
	e.pe.x[8] = 3;
	e.pe.x[9] = 1;
	e.pe.x[10] = ADDI(5, 5, 64) >> 24;	/* imm 64: bits 31:24 */
	wse_pe_run(&e.pe, 1000);
	ASSERT_EQ(WSE_FAULT_BREAK, e.pe.fault.cause);
	ASSERT_EQ(3u, e.pe.x[7]);
	ASSERT_EQ(1u + 16 + 64, e.pe.x[5]);
	env_free(&e);
}

/*
 * One decode cache shared by PEs with different code at the same pcs (the
 * mock's workers run any PEs with theirs): each PE runs its own words,
 * slice after slice in turn, and a zeroed cache is an empty one.
 */
TEST(decode_cache_shared)
{
	struct wse_pe_dc dc[WSE_PE_DC_ENTRIES];
	struct pe_env a, b;
	const u32 pa[] = { ADDI(5, 5, 1), enc_j(-4, 0) };
	const u32 pb[] = { ADDI(5, 5, 7), enc_j(-4, 0) };
	int round;

	memset(dc, 0, sizeof(dc));
	env_init(&a);
	env_init(&b);
	put_prog(a.mem, 0, pa, 2);
	put_prog(b.mem, 0, pb, 2);
	for (round = 0; round < 3; round++) {
		ASSERT_EQ(10u, wse_pe_run_dc(&a.pe, dc, 10));
		ASSERT_EQ(10u, wse_pe_run_dc(&b.pe, dc, 10));
	}
	ASSERT_EQ(15u, a.pe.x[5]);
	ASSERT_EQ(15u * 7, b.pe.x[5]);
	/* the thread's own cache (wse_pe_run()) after the shared one */
	ASSERT_EQ(10u, wse_pe_run(&b.pe, 10));
	ASSERT_EQ(20u * 7, b.pe.x[5]);
	env_free(&a);
	env_free(&b);
}

/* A host write over code (an H2D copy, LOAD) between slices runs too. */
TEST(decode_cache_host_write)
{
	struct pe_env e;
	const u32 prog[] = { ADDI(5, 5, 1), enc_j(-4, 0) };

	env_init(&e);
	put_prog(e.mem, 0, prog, 2);
	ASSERT_EQ(100u, wse_pe_run(&e.pe, 100));
	ASSERT_EQ(50u, e.pe.x[5]);
	put32(e.mem, 0, ADDI(5, 5, 1000));
	ASSERT_EQ(100u, wse_pe_run(&e.pe, 100));
	ASSERT_EQ(50u + 50 * 1000, e.pe.x[5]);
	/* an illegal word over it faults as ILLEGAL, reporting the word */
	put32(e.mem, 0, 0xffffffffu);
	wse_pe_run(&e.pe, 100);
	ASSERT_EQ(WSE_PE_FAULTED, e.pe.state);
	ASSERT_EQ(WSE_FAULT_ILLEGAL, e.pe.fault.cause);
	ASSERT_EQ(0u, e.pe.fault.pc);
	ASSERT_EQ(0xffffffffu, e.pe.fault.addr);
	env_free(&e);
}

/* Code that shares cache entries (pc 4 * WSE_PE_DC_ENTRIES apart). */
TEST(decode_cache_aliases)
{
	const u32 far = 4 * WSE_PE_DC_ENTRIES;
	struct pe_env e;
	const u32 lo[] = {
		ADDI(5, 5, 1),			/* 0: t0++ */
		enc_j((s32)far - 4, 0),		/* 4: j far */
		EBREAK,				/* 8 */
	};
	const u32 hi[] = {
		ADDI(6, 6, 2),			/* far: t1 += 2 */
		ADDI(7, 7, 1),			/* far + 4: t2++ */
		enc_b(-(s32)far - 8, 8, 7, 4),	/* far + 8: blt t2, s0, 0 */
		enc_j(-(s32)far - 4, 0),	/* far + c: j 8 */
	};

	env_init(&e);
	put_prog(e.mem, 0, lo, 3);
	put_prog(e.mem, far, hi, 4);
	e.pe.x[8] = 10;
	wse_pe_run(&e.pe, 1000);
	ASSERT_EQ(WSE_FAULT_BREAK, e.pe.fault.cause);
	ASSERT_EQ(8u, e.pe.fault.pc);
	ASSERT_EQ(10u, e.pe.x[5]);
	ASSERT_EQ(20u, e.pe.x[6]);
	ASSERT_EQ(10u, e.pe.x[7]);
	env_free(&e);
}

static u32 csr(u32 num, u32 f3, u32 rs1, u32 rd)
{
	return num << 20 | rs1 << 15 | f3 << 12 | rd << 7 | 0x73;
}

TEST(csrs)
{
	struct pe_env e;
	u64 t0, t1;

	env_init(&e);
	e.pe.x[5] = 0xffffffff;
	exec1(&e, csr(3, 1, 5, 6));		/* csrrw t1, fcsr, t0 */
	ASSERT_EQ(0u, e.pe.x[6]);
	ASSERT_EQ(0xffu, e.pe.fcsr);
	exec1(&e, csr(2, 2, 0, 6));		/* csrr frm */
	ASSERT_EQ(7u, e.pe.x[6]);
	exec1(&e, csr(1, 7, 0x5, 6));		/* csrrci fflags, 5 */
	ASSERT_EQ(0x1fu, e.pe.x[6]);
	ASSERT_EQ(0xfau, e.pe.fcsr);
	exec1(&e, csr(2, 5, 1, 6));		/* csrrwi frm, 1 */
	ASSERT_EQ(0x3au, e.pe.fcsr);
	exec1(&e, csr(1, 6, 0x4, 0));		/* csrsi fflags, 4 */
	ASSERT_EQ(0x3eu, e.pe.fcsr);
	e.pe.x[5] = 0x21;
	exec1(&e, csr(3, 3, 5, 6));		/* csrrc fcsr, 0x21 */
	ASSERT_EQ(0x3eu, e.pe.x[6]);
	ASSERT_EQ(0x1eu, e.pe.fcsr);
	exec1(&e, csr(3, 6, 0, 6));
	ASSERT_EQ(0x1eu, e.pe.x[6]);
	e.pe.instret = 0x123456789ull;
	/* cycle is the device clock (not instret), read between t0 and t1 */
	t0 = wse_pe_clock();
	exec1(&e, csr(0xc00, 2, 0, 6));		/* rdcycle */
	exec1(&e, csr(0xc80, 2, 0, 7));		/* rdcycleh */
	t1 = wse_pe_clock();
	ASSERT_LE(e.pe.x[6] - (u32)t0, (u32)(t1 - t0));
	ASSERT_LE(t0 >> 32, e.pe.x[7]);
	ASSERT_GE(t1 >> 32, e.pe.x[7]);
	ASSERT_EQ(0x123456789ull + 2, e.pe.instret);
	exec1(&e, csr(0xc82, 2, 0, 6));		/* rdinstreth */
	ASSERT_EQ(1u, e.pe.x[6]);
	exec1(&e, csr(0xc02, 6, 0, 6));		/* csrrsi x, instret, 0 */
	ASSERT_EQ(0x2345678cu, e.pe.x[6]);
	exec1(&e, csr(0xc80, 2, 5, 6));		/* write attempt */
	ASSERT_EQ(WSE_FAULT_ILLEGAL, e.pe.fault.cause);
	exec1(&e, csr(0x004, 2, 0, 6));
	ASSERT_EQ(WSE_FAULT_ILLEGAL, e.pe.fault.cause);
	ASSERT_EQ(1, exec1(&e, 0x0ff0000f));	/* fence */
	ASSERT_EQ(1, exec1(&e, 0x0000100f));	/* fence.i */
	env_free(&e);
}

TEST(wait_launch_unblock)
{
	struct pe_env e;
	const u32 args[WSE_MAX_LAUNCH_ARGS] = { 11, 22, 33, 44 };
	const u32 prog[] = {
		ADDI(17, 0, WSE_EC_UNBLOCK_CMD_STREAM),	/* 0 */
		ECALL,					/* 4 */
		ADDI(10, 0, 0x400),			/* 8 */
		ADDI(17, 0, WSE_EC_WAIT),		/* c */
		ECALL,					/* 10 */
		enc_i(0, 11, 0, 1, 0x67),		/* 14: jalr ra, a1 */
	};
	u32 i;

	env_init(&e);
	memset(e.mem + 0x400, 0xee, 64);
	put_prog(e.mem, 0, prog, 6);
	ASSERT_EQ(-EBUSY, wse_pe_launch(&e.pe, 0x40, args, 3));
	ASSERT_EQ(5, wse_pe_run(&e.pe, 100));
	ASSERT_EQ(WSE_PE_WAITING, e.pe.state);
	ASSERT_TRUE(e.pe.unblocked);
	ASSERT_EQ(0x400u, e.pe.wait_buf);
	ASSERT_EQ(0x14u, e.pe.pc);
	ASSERT_EQ(5u, e.pe.instret);
	ASSERT_EQ(0, wse_pe_run(&e.pe, 100));	/* waiting: nothing runs */
	put32(e.mem, 0x40, EBREAK);
	ASSERT_EQ(0, wse_pe_launch(&e.pe, 0x40, args, 3));
	ASSERT_EQ(WSE_PE_RUNNING, e.pe.state);
	ASSERT_FALSE(e.pe.unblocked);
	ASSERT_EQ((u32)WSE_EV_LAUNCH, e.pe.x[10]);
	ASSERT_EQ(0x40u, e.pe.x[11]);
	for (i = 0; i < 15; i++)
		ASSERT_EQ(i < 3 ? args[i] : 0, get32(e.mem, 0x400 + 4 * i));
	ASSERT_EQ(0xeeeeeeeeu, get32(e.mem, 0x400 + 60));
	ASSERT_EQ(1, wse_pe_run(&e.pe, 100));
	ASSERT_EQ(WSE_FAULT_BREAK, e.pe.fault.cause);
	ASSERT_EQ(0x40u, e.pe.fault.pc);
	ASSERT_EQ(0x18u, e.pe.x[1]);
	ASSERT_EQ(-EBUSY, wse_pe_launch(&e.pe, 0x40, args, 3));
	/* wse_pe_start resets */
	wse_pe_start(&e.pe, 8);
	ASSERT_EQ(WSE_PE_RUNNING, e.pe.state);
	ASSERT_EQ(0u, e.pe.x[1]);
	ASSERT_EQ(WSE_FAULT_NONE, e.pe.fault.cause);
	env_free(&e);
}

/* At 0: WAIT_CALL with buffer 0x400 and return address 0x20. */
static void put_wait_call(u8 *mem)
{
	const u32 prog[] = {
		ADDI(10, 0, 0x400),			/* 0 */
		ADDI(12, 0, 0x20),			/* 4: a2 = return */
		ADDI(17, 0, WSE_EC_WAIT_CALL),		/* 8 */
		ECALL,					/* c */
		EBREAK,					/* 10: not reached */
	};

	put_prog(mem, 0, prog, 5);
}

/* WAIT_CALL: a launch jumps to its function, a0 = buffer, ra = a2 */
TEST(wait_call_launch)
{
	struct pe_env e;
	const u32 args[WSE_MAX_LAUNCH_ARGS] = { 7, 8 };
	u32 fn[] = {
		enc_i(0, 10, 2, 5, 0x03),		/* 40: lw t0, 0(a0) */
		enc_i(0, 1, 0, 0, 0x67),		/* 44: ret */
	};

	env_init(&e);
	put_wait_call(e.mem);
	put_prog(e.mem, 0x40, fn, 2);
	put32(e.mem, 0x20, EBREAK);
	put32(e.mem, 0x43c, 0x5a5a5a5a);	/* word 15: the spare */
	ASSERT_EQ(4, wse_pe_run(&e.pe, 100));
	ASSERT_EQ(WSE_PE_WAITING, e.pe.state);
	ASSERT_EQ(0x400u, e.pe.wait_buf);
	ASSERT_EQ(0x10u, e.pe.pc);
	ASSERT_EQ(0, wse_pe_launch(&e.pe, 0x40, args, 2));
	ASSERT_EQ(WSE_PE_RUNNING, e.pe.state);
	ASSERT_EQ(0x40u, e.pe.pc);
	ASSERT_EQ(0x400u, e.pe.x[10]);
	ASSERT_EQ(0x20u, e.pe.x[1]);
	ASSERT_EQ(8u, get32(e.mem, 0x404));
	ASSERT_EQ(0u, get32(e.mem, 0x408));
	ASSERT_EQ(0u, get32(e.mem, 0x438));	/* zeros up to word 14 */
	ASSERT_EQ(0x5a5a5a5au, get32(e.mem, 0x43c));	/* 15: untouched */
	/* lw t0, ret, then the ebreak (no cost) at the return address */
	ASSERT_EQ(2, wse_pe_run(&e.pe, 100));
	ASSERT_EQ(7u, e.pe.x[5]);
	ASSERT_EQ(WSE_FAULT_BREAK, e.pe.fault.cause);
	ASSERT_EQ(0x20u, e.pe.fault.pc);

	/* a launch of function 0 returns (LAUNCH, 0) as WAIT does */
	wse_pe_start(&e.pe, 0);
	ASSERT_EQ(4, wse_pe_run(&e.pe, 100));
	ASSERT_EQ(0, wse_pe_launch(&e.pe, 0, args, 0));
	ASSERT_EQ(0x10u, e.pe.pc);
	ASSERT_EQ((u32)WSE_EV_LAUNCH, e.pe.x[10]);
	ASSERT_EQ(0u, e.pe.x[11]);

	/* other events return to the ecall, as from WAIT */
	wse_pe_start(&e.pe, 0);
	e.pe.done_tasks = 0x5;
	ASSERT_EQ(4, wse_pe_run(&e.pe, 4));
	ASSERT_EQ(WSE_PE_RUNNING, e.pe.state);
	ASSERT_EQ(0x10u, e.pe.pc);
	ASSERT_EQ((u32)WSE_EV_TASKS, e.pe.x[10]);
	ASSERT_EQ(0x5u, e.pe.x[11]);

	/* a bad buffer faults as WAIT's does: addr = a0 */
	wse_pe_start(&e.pe, 4);
	e.pe.x[10] = 0xbfc4;
	ASSERT_EQ(2, wse_pe_run(&e.pe, 100));
	ASSERT_EQ(WSE_FAULT_ECALL, e.pe.fault.cause);
	ASSERT_EQ(0xbfc4u, e.pe.fault.addr);
	ASSERT_EQ(0xcu, e.pe.fault.pc);
	env_free(&e);
}

/*
 * WAIT_AGAIN: WAIT_CALL with the buffer and return address of the last
 * WAIT_CALL, whatever a0 and a2 hold now; with none since start (or after
 * a WAIT) it faults, addr = 9.
 */
TEST(wait_again_launch)
{
	struct pe_env e;
	const u32 args[WSE_MAX_LAUNCH_ARGS] = { 7, 8 };
	u32 fn[] = {
		enc_i(0, 10, 2, 5, 0x03),		/* 40: lw t0, 0(a0) */
		ADDI(10, 0, 0x7f0),			/* 44: a0, a2: garbage */
		ADDI(12, 0, 0x30),			/* 48 */
		enc_i(0, 1, 0, 0, 0x67),		/* 4c: ret */
	};
	const u32 again[] = {
		ADDI(17, 0, WSE_EC_WAIT_AGAIN),		/* 20 */
		ECALL,					/* 24 */
		EBREAK,					/* 28 */
	};

	env_init(&e);
	put_wait_call(e.mem);
	put_prog(e.mem, 0x40, fn, 4);
	put_prog(e.mem, 0x20, again, 3);
	ASSERT_EQ(4, wse_pe_run(&e.pe, 100));
	ASSERT_EQ(0, wse_pe_launch(&e.pe, 0x40, args, 2));
	/* lw, two addi, ret, then WAIT_AGAIN at 0x20: waiting again */
	ASSERT_EQ(6, wse_pe_run(&e.pe, 100));
	ASSERT_EQ(WSE_PE_WAITING, e.pe.state);
	ASSERT_EQ(7u, e.pe.x[5]);
	ASSERT_EQ(0x28u, e.pe.pc);
	ASSERT_EQ(0x400u, e.pe.wait_buf);
	/* the next launch: the old buffer and return, not a0 = 0x7f0, a2 */
	ASSERT_EQ(0, wse_pe_launch(&e.pe, 0x40, args + 1, 1));
	ASSERT_EQ(0x40u, e.pe.pc);
	ASSERT_EQ(0x400u, e.pe.x[10]);
	ASSERT_EQ(0x20u, e.pe.x[1]);
	ASSERT_EQ(8u, get32(e.mem, 0x400));
	ASSERT_EQ(0u, get32(e.mem, 0x7f0));
	ASSERT_EQ(6, wse_pe_run(&e.pe, 100));
	ASSERT_EQ(8u, e.pe.x[5]);
	ASSERT_EQ(WSE_PE_WAITING, e.pe.state);

	/* other events return after the ecall, as from WAIT */
	e.pe.done_tasks = 0x3;
	e.pe.done_unblock = 0x1;
	e.pe.state = WSE_PE_RUNNING;
	e.pe.pc = 0x20;
	ASSERT_EQ(2, wse_pe_run(&e.pe, 2));
	ASSERT_EQ(WSE_PE_RUNNING, e.pe.state);
	ASSERT_EQ(0x28u, e.pe.pc);
	ASSERT_EQ((u32)WSE_EV_TASKS, e.pe.x[10]);
	ASSERT_EQ(0x3u, e.pe.x[11]);
	ASSERT_EQ(0x1u, get32(e.mem, 0x400));

	/* none since start: an ECALL fault naming the builtin */
	wse_pe_start(&e.pe, 0x20);
	ASSERT_EQ(1, wse_pe_run(&e.pe, 100));
	ASSERT_EQ(WSE_FAULT_ECALL, e.pe.fault.cause);
	ASSERT_EQ((u32)WSE_EC_WAIT_AGAIN, e.pe.fault.addr);
	ASSERT_EQ(0x24u, e.pe.fault.pc);

	/* after a WAIT (not WAIT_CALL): the same fault */
	put32(e.mem, 0x8, ADDI(17, 0, WSE_EC_WAIT));
	wse_pe_start(&e.pe, 0);
	ASSERT_EQ(4, wse_pe_run(&e.pe, 100));
	ASSERT_EQ(WSE_PE_WAITING, e.pe.state);
	ASSERT_EQ(0, wse_pe_launch(&e.pe, 0x40, args, 2));
	ASSERT_EQ(0x10u, e.pe.pc);	/* WAIT: returns the event */
	e.pe.pc = 0x20;
	ASSERT_EQ(1, wse_pe_run(&e.pe, 100));
	ASSERT_EQ(WSE_FAULT_ECALL, e.pe.fault.cause);
	ASSERT_EQ((u32)WSE_EC_WAIT_AGAIN, e.pe.fault.addr);
	env_free(&e);
}

/* the 48-bit device clock, low 16-bit word first */
static u64 ts48(const u8 *p)
{
	u16 w[3];

	memcpy(w, p, 6);
	return w[0] | (u64)w[1] << 16 | (u64)w[2] << 32;
}

TEST(self_timestamp_trace)
{
	struct pe_env e;
	const u32 prog[] = {
		ADDI(17, 0, WSE_EC_SELF), ECALL,
		ADDI(5, 10, 0), ADDI(6, 11, 0),
		ADDI(10, 0, 0x202), ADDI(17, 0, WSE_EC_TIMESTAMP), ECALL,
		ADDI(10, 0, -7), ADDI(17, 0, WSE_EC_TRACE), ECALL, ECALL,
		EBREAK,
	};
	const u64 m48 = (1ull << 48) - 1;
	u64 t0, t1;

	env_init(&e);
	put_prog(e.mem, 0, prog, 12);
	e.pe.instret = 0x0001234500060007ull;
	t0 = wse_pe_clock();
	ASSERT_EQ(11, wse_pe_run(&e.pe, 100));
	t1 = wse_pe_clock();
	ASSERT_EQ(3u | 5u << 16, e.pe.x[5]);
	ASSERT_EQ(7u | 9u << 16, e.pe.x[6]);
	/* the device clock, not instret: between t0 and t1 (mod 2^48) */
	ASSERT_LE((ts48(e.mem + 0x202) - t0) & m48, (t1 - t0) & m48);
	ASSERT_EQ(0x0001234500060007ull + 11, e.pe.instret);
	ASSERT_EQ(0xfffffff9u, e.pe.last_trace);
	ASSERT_EQ(2u, e.pe.nr_traces);
	ASSERT_EQ(WSE_FAULT_BREAK, e.pe.fault.cause);
	env_free(&e);
}

/*
 * The clock runs while the PE does nothing: two timestamps 20 ms apart
 * (a sleep between two runs) are at least 20 ms of 850 MHz cycles apart,
 * whatever the instructions retired.  A lower bound only: a loaded
 * machine sleeps longer, never shorter.
 */
TEST(timestamp_runs_while_idle)
{
	struct pe_env e;
	const u32 prog[] = {
		ADDI(10, 0, 0x200), ADDI(17, 0, WSE_EC_TIMESTAMP), ECALL,
		ADDI(10, 0, 0x208), ECALL, EBREAK,
	};
	const struct timespec ms20 = { 0, 20000000 };
	u64 d;

	env_init(&e);
	put_prog(e.mem, 0, prog, 6);
	ASSERT_EQ(3, wse_pe_run(&e.pe, 3));
	ASSERT_EQ(0, nanosleep(&ms20, NULL));
	ASSERT_EQ(2, wse_pe_run(&e.pe, 2));
	d = (ts48(e.mem + 0x208) - ts48(e.mem + 0x200)) & ((1ull << 48) - 1);
	ASSERT_GE(d, WSE_PE_CLOCK_HZ / 50);
	ASSERT_LT(d, 600ull * WSE_PE_CLOCK_HZ);	/* not garbage: < 10 min */
	env_free(&e);
}

/* vector op: DSDs at 0x100.., data at 0x1000.. */
static void put_dsd(u8 *mem, u32 at, u32 addr, u32 len, s32 stride)
{
	put32(mem, at, addr);
	put32(mem, at + 4, len);
	put32(mem, at + 8, (u32)stride);
	put32(mem, at + 12, 0);
}

static u32 vec(struct pe_env *e, u32 op, u32 a3, u32 a4)
{
	e->pe.x[10] = op;
	e->pe.x[11] = 0x200;
	e->pe.x[12] = 0x210;
	e->pe.x[13] = a3;
	e->pe.x[14] = a4;
	e->pe.x[17] = WSE_EC_VEC;
	return exec1(e, ECALL);
}

static float fl(u32 u)
{
	float f;

	memcpy(&f, &u, 4);
	return f;
}

static u32 bits(float f)
{
	u32 u;

	memcpy(&u, &f, 4);
	return u;
}

TEST(vector_ops)
{
	struct pe_env e;
	u32 i;

	env_init(&e);
	for (i = 0; i < 16; i++) {
		put32(e.mem, 0x1000 + 4 * i, bits((float)i + 0.5f));
		put32(e.mem, 0x2000 + 4 * i, bits(2.0f * (float)i));
	}
	/* MOV32 with a negative source stride: reverse */
	put_dsd(e.mem, 0x200, 0x3000, 16, 1);
	put_dsd(e.mem, 0x210, 0x1000 + 60, 16, -1);
	ASSERT_EQ(16, vec(&e, WSE_VEC_MOV32, 0, 0));
	for (i = 0; i < 16; i++)
		ASSERT_EQ(bits((float)(15 - i) + 0.5f),
			  get32(e.mem, 0x3000 + 4 * i));
	ASSERT_EQ(16u, e.pe.instret);
	/* MOV16 stride 2 */
	put_dsd(e.mem, 0x200, 0x3100, 4, 1);
	put_dsd(e.mem, 0x210, 0x1002, 4, 2);
	ASSERT_EQ(4, vec(&e, WSE_VEC_MOV16, 0, 0));
	ASSERT_EQ(0x3fc03f00u, get32(e.mem, 0x3100));	/* hi(1.5):hi(0.5) */
	/* FADDS, FSUBS, FMULS, FMAXS vs src2 DSD; FNEGS */
	put_dsd(e.mem, 0x200, 0x3000, 16, 1);
	put_dsd(e.mem, 0x210, 0x1000, 16, 1);
	put_dsd(e.mem, 0x220, 0x2000, 16, 1);
	vec(&e, WSE_VEC_FADDS, 0x220, 0);
	for (i = 0; i < 16; i++)
		ASSERT_EQ(bits(3.0f * (float)i + 0.5f),
			  get32(e.mem, 0x3000 + 4 * i));
	vec(&e, WSE_VEC_FSUBS, 0x220, 0);
	ASSERT_EQ(bits(-14.5f), get32(e.mem, 0x3000 + 60));
	vec(&e, WSE_VEC_FMULS, 0x220, 0);
	ASSERT_EQ(bits(15.5f * 30.0f), get32(e.mem, 0x3000 + 60));
	vec(&e, WSE_VEC_FMAXS, 0x220, 0);
	ASSERT_EQ(bits(0.5f), get32(e.mem, 0x3000));
	ASSERT_EQ(bits(30.0f), get32(e.mem, 0x3000 + 60));
	vec(&e, WSE_VEC_FNEGS, 0, 0);
	ASSERT_EQ(bits(-15.5f), get32(e.mem, 0x3000 + 60));
	/* scalar forms */
	vec(&e, WSE_VEC_FADDS | WSE_VEC_SCALAR, bits(1.0f), 0);
	ASSERT_EQ(bits(16.5f), get32(e.mem, 0x3000 + 60));
	vec(&e, WSE_VEC_FMULS | WSE_VEC_SCALAR, bits(-2.0f), 0);
	ASSERT_EQ(bits(-31.0f), get32(e.mem, 0x3000 + 60));
	vec(&e, WSE_VEC_FMAXS | WSE_VEC_SCALAR, 0x7fc00001, 0);	/* NaN */
	ASSERT_EQ(bits(15.5f), get32(e.mem, 0x3000 + 60));
	vec(&e, WSE_VEC_FSUBS | WSE_VEC_SCALAR, bits(0.5f), 0);
	ASSERT_EQ(bits(15.0f), get32(e.mem, 0x3000 + 60));
	/* FMACS: dst = src1 + src2 * s, fused (exact here: 1 + x*x') */
	put32(e.mem, 0x1000, bits(1.0f));
	put32(e.mem, 0x2000, 0x3f800001);		/* 1 + 2^-23 */
	vec(&e, WSE_VEC_FMACS, 0x220, 0x3f7ffffe);	/* 1 - 2^-23 */
	ASSERT_EQ(bits(fmaf(fl(0x3f800001), fl(0x3f7ffffe), 1.0f)),
		  get32(e.mem, 0x3000));
	ASSERT_EQ(bits(fmaf(30.0f, fl(0x3f7ffffe), 15.5f)),
		  get32(e.mem, 0x3000 + 60));
	vec(&e, WSE_VEC_FMACS | WSE_VEC_SCALAR, bits(3.0f), bits(0.5f));
	ASSERT_EQ(bits(15.5f + 1.5f), get32(e.mem, 0x3000 + 60));
	/* NaN results are canonical; inf - inf raises NV */
	e.pe.fcsr = 0;
	put32(e.mem, 0x1000, 0x7f800000);
	vec(&e, WSE_VEC_FSUBS | WSE_VEC_SCALAR, 0x7f800000, 0);
	ASSERT_EQ(0x7fc00000u, get32(e.mem, 0x3000));
	ASSERT_EQ(0x10u, e.pe.fcsr & 0x10);
	/* dst negative stride with len 0: no elements, cost 1 */
	put_dsd(e.mem, 0x200, 0, 0, -5);
	ASSERT_EQ(1, vec(&e, WSE_VEC_MOV32, 0, 0));
	env_free(&e);
}

/* IEEE binary16 reference: exact in __float128, one rounding to _Float16 */
static u16 ref16(u32 op, u16 ua, u16 ub, u16 us)
{
	_Float16 a, b, s, r;
	__float128 q;
	u16 u;

	memcpy(&a, &ua, 2);
	memcpy(&b, &ub, 2);
	memcpy(&s, &us, 2);
	switch (op) {
	case WSE_VEC_FADDH:
		q = (__float128)a + (__float128)b;
		break;
	case WSE_VEC_FSUBH:
		q = (__float128)a - (__float128)b;
		break;
	case WSE_VEC_FMULH:
		q = (__float128)a * (__float128)b;
		break;
	default:	/* FMACH: a + b * s */
		q = (__float128)a + (__float128)b * (__float128)s;
		break;
	}
	r = (_Float16)q;
	memcpy(&u, &r, 2);
	return (u & 0x7fff) > 0x7c00 ? 0x7e00 : u;	/* canonical NaN */
}

static u16 rnd16(void)
{
	static const u16 edge16[] = {
		0x0000, 0x8000, 0x0001, 0x8001, 0x03ff, 0x0400, 0x3c00, 0xbc00,
		0x7bff, 0xfbff, 0x7c00, 0xfc00, 0x7e00, 0x7c01, 0x3555, 0x0200,
	};
	u32 r = rnd();

	return r & 0x10000 ? edge16[r % 16] : (u16)r;
}

/* f16 vector ops (@faddh, @fsubh, @fmulh, @fmach) bit-exact vs binary16 */
TEST(f16_vector_ops)
{
	static const u32 ops[] = { WSE_VEC_FADDH, WSE_VEC_FSUBH, WSE_VEC_FMULH,
				   WSE_VEC_FMACH };
	struct pe_env e;
	u32 i, round, bad = 0;

	env_init(&e);
	for (round = 0; round < 400; round++) {
		u32 op = ops[round % 4];
		u16 sc = rnd16();
		bool scalar = op != WSE_VEC_FMACH && round % 8 >= 4;

		for (i = 0; i < 64; i++) {
			u16 a = rnd16(), b = rnd16();

			memcpy(e.mem + 0x1000 + 2 * i, &a, 2);
			memcpy(e.mem + 0x1100 + 2 * i, &b, 2);
		}
		put_dsd(e.mem, 0x200, 0x1200, 64, 1);
		put_dsd(e.mem, 0x210, 0x1000, 64, 1);
		put_dsd(e.mem, 0x220, 0x1100, 64, 1);
		ASSERT_EQ(64u, vec(&e, op | (scalar ? WSE_VEC_SCALAR : 0),
				   scalar ? sc : 0x220, sc));
		for (i = 0; i < 64; i++) {
			u16 a, b, got, want;

			memcpy(&a, e.mem + 0x1000 + 2 * i, 2);
			memcpy(&b, e.mem + 0x1100 + 2 * i, 2);
			memcpy(&got, e.mem + 0x1200 + 2 * i, 2);
			want = ref16(op, a, scalar ? sc : b, sc);
			if (got != want && bad++ < 10)
				TH_LOG("op %u: %04x, %04x, s %04x: %04x, want %04x",
				       op, a, scalar ? sc : b, sc, got, want);
		}
	}
	ASSERT_EQ(0u, bad);
	/* 16-bit elements: the halfword after the last one is untouched */
	put32(e.mem, 0x1280, 0x5a5a5a5a);
	put_dsd(e.mem, 0x200, 0x1200, 64, 1);
	ASSERT_EQ(64u, vec(&e, WSE_VEC_FADDH, 0x220, 0));
	ASSERT_EQ(0x5a5a5a5au, get32(e.mem, 0x1280));
	env_free(&e);
}

TEST(vector_bad_dsds)
{
	static const struct { u32 addr, len; s32 stride; u32 op; } bad[] = {
		{ 0x3000, 12289, 0, WSE_VEC_MOV32 },	/* too long */
		{ 0x3002, 4, 1, WSE_VEC_MOV32 },	/* misaligned */
		{ 0x3001, 4, 1, WSE_VEC_MOV16 },
		{ 0x0008, 4, -1, WSE_VEC_MOV32 },	/* below 0 */
		{ 0xbff8, 3, 1, WSE_VEC_MOV32 },	/* past the end */
		{ 0xbffe, 2, 1, WSE_VEC_MOV16 },
		{ 0x0000, 2, 0x7fffffff, WSE_VEC_MOV32 },
		{ 0xbffc, 12288, -0x80000000, WSE_VEC_MOV32 },
	};
	struct pe_env e;
	u32 i;

	env_init(&e);
	put_dsd(e.mem, 0x210, 0x1000, 16, 1);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		put_dsd(e.mem, 0x200, bad[i].addr, bad[i].len, bad[i].stride);
		put32(e.mem, 0x3000, 0x5a5a5a5a);
		ASSERT_EQ(0, vec(&e, bad[i].op, 0, 0)) TH_LOG("case %u", i);
		ASSERT_EQ(WSE_FAULT_ECALL, e.pe.fault.cause);
		ASSERT_EQ(0x200u, e.pe.fault.addr);
		ASSERT_EQ(0x5a5a5a5au, get32(e.mem, 0x3000));
	}
	/* good ones at the edges */
	put_dsd(e.mem, 0x200, 0xbffc, 3, -1);
	put_dsd(e.mem, 0x210, 0x0000, 3, 1);
	ASSERT_EQ(3, vec(&e, WSE_VEC_MOV32, 0, 0));
	put_dsd(e.mem, 0x200, 0xbffe, 12288, -2);
	put_dsd(e.mem, 0x210, 0x0000, 12288, 1);
	ASSERT_EQ(12288, vec(&e, WSE_VEC_MOV16, 0, 0));
	/* a source shorter than dst, a DSD pointer out of range, bad ops */
	put_dsd(e.mem, 0x200, 0x3000, 4, 1);
	put_dsd(e.mem, 0x210, 0x1000, 3, 1);
	ASSERT_EQ(0, vec(&e, WSE_VEC_MOV32, 0, 0));
	ASSERT_EQ(0x210u, e.pe.fault.addr);
	put_dsd(e.mem, 0x210, 0x1000, 4, 1);
	ASSERT_EQ(0, vec(&e, WSE_VEC_FADDS, 0xbff8, 0));
	ASSERT_EQ(0xbff8u, e.pe.fault.addr);
	ASSERT_EQ(0, vec(&e, 9, 0, 0));
	ASSERT_EQ(WSE_FAULT_ECALL, e.pe.fault.cause);
	ASSERT_EQ(0, vec(&e, WSE_VEC_FNEGS | WSE_VEC_SCALAR, 0, 0));
	ASSERT_EQ(0, vec(&e, WSE_VEC_FADDS | 0x400, 0x210, 0));
	env_free(&e);
}

TEST(vector_budget)
{
	struct pe_env e;
	const u32 prog[] = { ECALL, enc_j(-4, 0) };

	env_init(&e);
	put_prog(e.mem, 0, prog, 2);
	put_dsd(e.mem, 0x200, 0x3000, 1000, 1);
	put_dsd(e.mem, 0x210, 0x1000, 1000, 1);
	e.pe.x[10] = WSE_VEC_MOV32;
	e.pe.x[11] = 0x200;
	e.pe.x[12] = 0x210;
	e.pe.x[17] = WSE_EC_VEC;
	/* overshoots a budget of 10 once */
	ASSERT_EQ(1000, wse_pe_run(&e.pe, 10));
	ASSERT_EQ(1000u, e.pe.instret);
	ASSERT_EQ(4u, e.pe.pc);
	ASSERT_EQ(1001, wse_pe_run(&e.pe, 1001));	/* j, vec */
	ASSERT_EQ(4u, e.pe.pc);
	env_free(&e);
}

uint32_t bench_int(uint32_t n);
uint32_t bench_float(uint32_t n);
uint32_t bench_mem(uint32_t n);

static void run_prog(struct __test_metadata *_metadata, const char *name,
		     u32 n, u32 want)
{
	struct pe_env e;
	u64 total = 0;

	env_init(&e);
	ASSERT_LT(0, load_bin(e.mem, name));
	e.pe.x[10] = n;
	while (e.pe.state == WSE_PE_RUNNING && total < 100000000)
		total += wse_pe_run(&e.pe, WSE_PE_SLICE);
	ASSERT_EQ(WSE_FAULT_BREAK, e.pe.fault.cause);
	ASSERT_EQ(1u, e.pe.nr_traces);
	ASSERT_EQ(want, e.pe.last_trace) TH_LOG("%s", name);
	ASSERT_EQ(total, e.pe.instret);
	env_free(&e);
}

TEST(program_int)
{
	run_prog(_metadata, "int", 5000, bench_int(5000));
}

TEST(program_float)
{
	run_prog(_metadata, "float", 5000, bench_float(5000));
}

TEST(program_mem)
{
	run_prog(_metadata, "mem", 3, bench_mem(3));
}

#include "test_fp.c"

TEST_HARNESS_MAIN
