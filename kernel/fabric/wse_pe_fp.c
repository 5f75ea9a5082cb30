// SPDX-License-Identifier: GPL-2.0
/*
 * The PE's F extension and the interpreter loop, the FPU object: the only
 * file of the fabric core with float types.  Float values enter and leave
 * as u32 bits; wse_pe_run() is here so that F instructions need no call
 * (the caller brackets it with wse_fpu_begin()/wse_fpu_end() anyway).
 *
 * Kbuild (Linux 6.1 has no CC_FLAGS_FPU; use it when the kernel has it):
 *   wse_mock-y += fabric/wse_pe.o fabric/wse_pe_fp.o
 *   ifdef CC_FLAGS_FPU
 *   CFLAGS_fabric/wse_pe_fp.o += $(CC_FLAGS_FPU) -fno-math-errno
 *   CFLAGS_REMOVE_fabric/wse_pe_fp.o += $(CC_FLAGS_NO_FPU)
 *   else
 *   CFLAGS_fabric/wse_pe_fp.o += -msse -msse2 -mhard-float \
 *	-mpreferred-stack-boundary=3 -fno-math-errno
 *   CFLAGS_REMOVE_fabric/wse_pe_fp.o += -mno-sse -mno-mmx -mno-sse2 \
 *	-mno-3dnow -mno-avx -mno-80387 -mno-fp-ret-in-387 -msoft-float \
 *	-mgeneral-regs-only
 *   endif
 *
 * How it is exact (x86-64 SSE, MXCSR without FTZ/DAZ):
 *  - add/sub/mul/div/sqrt, int->float in RNE/RTZ/RDN/RUP: the host op with
 *    MXCSR.RC set; fflags from MXCSR's sticky status bits.  x86 and RISC-V
 *    both detect tininess after rounding (tested).  The common RNE case
 *    touches no MXCSR at all: wse_pe_run() starts with MXCSR at RNE and
 *    no status (wse_fp_enter), status bits pile up in MXCSR and are ORed
 *    into fflags (wse_fp_sync) when the run ends, when fflags is read and
 *    before any op that reloads MXCSR.
 *  - RMM, and fmadd & co (qemu64 has no FMA): the exact result rounded to
 *    odd in double (RTZ plus a sticky last bit; a float product is exact in
 *    double), then rounded once to float: RNE by cvtsd2ss, ties-away by
 *    detecting the exact midpoint.  Rounding to odd with 53 >= 24 + 2 bits
 *    makes the double rounding innocuous (Boldo-Melquiond).
 *  - float->int, compares, min/max, sign ops, classify: integer code.
 *  - every NaN result is 0x7fc00000; sNaN inputs raise NV (checked on the
 *    bits where the double path would lose it).
 */
#include "wse_pe_priv.h"

#ifndef __x86_64__
#error "the PE FPU object needs x86-64 SSE"
#endif

#define MX_DEFAULT	0x1f80u		/* exceptions masked, RNE */
#define MX_IE		0x01u
#define MX_DE		0x02u
#define MX_PE		0x20u
#define SIGN		0x80000000u
#define CANON		0x7fc00000u

enum { RNE, RTZ, RDN, RUP, RMM };
enum { F_ADD, F_SUB, F_MUL, F_DIV, F_SQRT };

union fb {
	float f;
	u32 u;
};

union db {
	double d;
	u64 u;
};

/* Keep float math on the right side of ldmxcsr/stmxcsr. */
static inline void fence_f(float *v)
{
	__asm__ __volatile__("" : "+x"(*v));
}

static inline void fence_d(double *v)
{
	__asm__ __volatile__("" : "+x"(*v));
}

static inline u32 mx_get(void)
{
	u32 m;

	__asm__ __volatile__("stmxcsr %0" : "=m"(m) : : "memory");
	return m;
}

static inline void mx_set(u32 m)
{
	__asm__ __volatile__("ldmxcsr %0" : : "m"(m) : "memory");
}

/* MXCSR.RC for a RISC-V rm (RMM never gets here) */
static inline u32 mx_rc(u32 rm)
{
	static const u8 rc[4] = { 0, 3, 1, 2 };

	return MX_DEFAULT | (u32)rc[rm & 3] << 13;
}

/* MXCSR status -> fflags */
static inline u32 rv_fl(u32 m)
{
	return (m & 0x01 ? WSE_RV_NV : 0) | (m & 0x04 ? WSE_RV_DZ : 0) |
	       (m & 0x08 ? WSE_RV_OF : 0) | (m & 0x10 ? WSE_RV_UF : 0) |
	       (m & 0x20 ? WSE_RV_NX : 0);
}

static inline bool is_nan(u32 a)
{
	return (a & ~SIGN) > 0x7f800000u;
}

static inline bool is_snan(u32 a)
{
	return is_nan(a) && !(a & 0x00400000u);
}

static inline u32 canon(u32 r)
{
	return is_nan(r) ? CANON : r;
}

void wse_fp_enter(void)
{
	mx_set(MX_DEFAULT);
}

void wse_fp_sync(struct wse_pe *pe)
{
	pe->fcsr |= rv_fl(mx_get());
}

/* Run the next op in @rm with clean status (pending status to fflags). */
static inline void mx_prep(struct wse_pe *pe, u32 rm)
{
	if (rm != RNE) {
		wse_fp_sync(pe);
		mx_set(mx_rc(rm));
	}
}

/* Collect the status of a non-RNE op; back to RNE. */
static inline void mx_done(struct wse_pe *pe, u32 rm)
{
	if (rm != RNE) {
		wse_fp_sync(pe);
		mx_set(MX_DEFAULT);
	}
}

static float calc_f(u32 op, float a, float b)
{
	switch (op) {
	case F_ADD:
		return a + b;
	case F_SUB:
		return a - b;
	case F_MUL:
		return a * b;
	case F_DIV:
		return a / b;
	default:
		__asm__("sqrtss %1, %0" : "=x"(a) : "x"(a));
		return a;
	}
}

static double calc_d(u32 op, double a, double b)
{
	switch (op) {
	case F_ADD:
		return a + b;
	case F_SUB:
		return a - b;
	case F_MUL:
		return a * b;
	case F_DIV:
		return a / b;
	default:
		__asm__("sqrtsd %1, %0" : "=x"(a) : "x"(a));
		return a;
	}
}

/*
 * Round @s (exact, or rounded to odd) to float in @rm.  Leaves MXCSR at
 * RNE; ORs the status bits into *@m.
 */
static u32 d2f(double s, u32 rm, u32 *m)
{
	union fb r, lo, hi;
	double mid;

	if (rm != RMM) {
		mx_set(mx_rc(rm));
		fence_d(&s);
		r.f = (float)s;
		fence_f(&r.f);
		*m |= mx_get();
		if (rm != RNE)
			mx_set(MX_DEFAULT);
		return r.u;
	}
	/* ties-away: the RNE result unless @s is exactly a midpoint */
	mx_set(mx_rc(RTZ));
	fence_d(&s);
	lo.f = (float)s;
	fence_f(&lo.f);
	mx_set(MX_DEFAULT);
	fence_d(&s);
	r.f = (float)s;
	fence_f(&r.f);
	*m |= mx_get();
	if ((lo.u & ~SIGN) >= 0x7f800000u)
		return r.u;
	/* next magnitude; after FLT_MAX inf, mid = inf: RNE's inf is right */
	hi.u = lo.u + 1;
	mid = ((double)lo.f + (double)hi.f) * 0.5;	/* exact */
	return s == mid ? hi.u : r.u;
}

/* Set the last bit of @s if the op that made it was inexact (to odd). */
static double to_odd(double s, u32 m)
{
	union db v = { .d = s };

	if ((m & MX_PE) && !is_nan((u32)(v.u >> 32)))
		v.u |= 1;
	return v.d;
}

static u32 arith(struct wse_pe *pe, u32 op, u32 ua, u32 ub, u32 rm)
{
	union fb a = { .u = ua }, b = { .u = ub }, r;
	double da, db, s;
	u32 m;

	if (rm != RMM) {
		mx_prep(pe, rm);
		fence_f(&a.f);
		fence_f(&b.f);
		r.f = calc_f(op, a.f, b.f);
		fence_f(&r.f);
		mx_done(pe, rm);
		return canon(r.u);
	}
	if (is_snan(ua) || (op != F_SQRT && is_snan(ub)))
		pe->fcsr |= WSE_RV_NV;
	wse_fp_sync(pe);
	da = a.f;
	db = b.f;
	mx_set(mx_rc(RTZ));
	fence_d(&da);
	fence_d(&db);
	s = calc_d(op, da, db);
	fence_d(&s);
	m = mx_get();
	s = to_odd(s, m);
	r.u = d2f(s, RMM, &m);
	pe->fcsr |= rv_fl(m);
	return canon(r.u);
}

/* a * b + c with one rounding */
static u32 fused(struct wse_pe *pe, u32 ua, u32 ub, u32 uc, u32 rm)
{
	union fb a = { .u = ua }, b = { .u = ub }, c = { .u = uc };
	double da = a.f, db = b.f, dc = c.f, p, s;
	u32 m;

	if (is_snan(ua) || is_snan(ub) || is_snan(uc))
		pe->fcsr |= WSE_RV_NV;
	wse_fp_sync(pe);
	mx_set(mx_rc(RTZ));
	fence_d(&da);
	fence_d(&db);
	fence_d(&dc);
	p = da * db;		/* exact: 24 + 24 bits */
	s = p + dc;
	fence_d(&s);
	m = mx_get();
	if (s == 0 && !(m & MX_PE) && rm == RDN) {
		/* an exact zero sum is -0 in RDN (RTZ gave +0) */
		mx_set(mx_rc(RDN));
		fence_d(&p);
		s = p + dc;
		fence_d(&s);
	}
	s = to_odd(s, m);
	c.u = d2f(s, rm, &m);
	pe->fcsr |= rv_fl(m);
	return canon(c.u);
}

static u32 i2f(struct wse_pe *pe, u32 v, bool uns, u32 rm)
{
	union fb r;
	u32 m = 0;

	if (rm == RMM) {
		wse_fp_sync(pe);
		r.u = d2f(uns ? (double)v : (double)(s32)v, RMM, &m);
		pe->fcsr |= rv_fl(m);
		return r.u;
	}
	mx_prep(pe, rm);
	__asm__ __volatile__("" : "+r"(v));
	r.f = uns ? (float)v : (float)(s32)v;
	fence_f(&r.f);
	mx_done(pe, rm);
	return r.u;
}

/* fcvt.w[u].s: exact integer code, RISC-V saturation */
static u32 f2i(struct wse_pe *pe, u32 a, bool uns, u32 rm)
{
	u32 e = a >> 23 & 0xff, mant = a & 0x7fffff, rem = 0, half = 0;
	bool neg = a & SIGN, inc;
	u64 ip;
	int sh;

	if (e == 0xff) {
		if (mant)
			neg = false;	/* NaN saturates like +inf */
		goto invalid;
	}
	if (e)
		mant |= 0x800000;
	sh = (e ? (int)e : 1) - 150;
	if (sh >= 32)
		goto invalid;
	if (sh >= 0) {
		ip = (u64)mant << sh;
	} else if (sh > -32) {
		ip = mant >> -sh;
		rem = mant & ((1u << -sh) - 1);
		half = 1u << (-sh - 1);
	} else {
		ip = 0;		/* below 2^-8: rem nonzero but under half */
		rem = mant ? 1 : 0;
		half = 2;
	}
	switch (rm) {
	case RNE:
		inc = rem > half || (rem == half && rem && (ip & 1));
		break;
	case RTZ:
		inc = false;
		break;
	case RDN:
		inc = neg && rem;
		break;
	case RUP:
		inc = !neg && rem;
		break;
	default:
		inc = rem && rem >= half;
		break;
	}
	ip += inc;
	if (uns ? (neg ? ip != 0 : ip > 0xffffffffull) :
		  ip > (neg ? 0x80000000ull : 0x7fffffffull))
		goto invalid;
	if (rem)
		pe->fcsr |= WSE_RV_NX;
	return neg ? (u32)(0 - ip) : (u32)ip;
invalid:
	pe->fcsr |= WSE_RV_NV;
	if (uns)
		return neg ? 0 : 0xffffffffu;
	return neg ? 0x80000000u : 0x7fffffffu;
}

/* total order key with -0 < +0 (not for NaNs) */
static inline u32 key(u32 a)
{
	return a & SIGN ? ~a : a | SIGN;
}

static u32 minmax(struct wse_pe *pe, u32 a, u32 b, bool max)
{
	bool lt;

	if (is_snan(a) || is_snan(b))
		pe->fcsr |= WSE_RV_NV;
	if (is_nan(a))
		return is_nan(b) ? CANON : b;
	if (is_nan(b))
		return a;
	lt = key(a) < key(b);
	return lt == max ? b : a;
}

/* compare() with a NaN operand: false, NV unless a quiet feq */
static noinline u32 compare_nan(struct wse_pe *pe, u32 a, u32 b, u32 f3)
{
	if (f3 != 2 || is_snan(a) || is_snan(b))
		pe->fcsr |= WSE_RV_NV;
	return 0;
}

/* feq (f3 2), flt (1), fle (0); in line in wse_pe_run() */
static inline u32 compare(struct wse_pe *pe, u32 a, u32 b, u32 f3)
{
	if (is_nan(a) || is_nan(b))
		return compare_nan(pe, a, b, f3);
	if (!((a | b) & ~SIGN))		/* +0 == -0 */
		return f3 != 1;
	if (f3 == 2)
		return a == b;
	return f3 ? key(a) < key(b) : key(a) <= key(b);
}

static u32 fclass(u32 a)
{
	u32 e = a >> 23 & 0xff, m = a & 0x7fffff, neg = a >> 31;

	if (e == 0xff) {
		if (!m)
			return neg ? 1u << 0 : 1u << 7;
		return m & 0x400000 ? 1u << 9 : 1u << 8;
	}
	if (!e)
		return m ? (neg ? 1u << 2 : 1u << 5) : (neg ? 1u << 3 : 1u << 4);
	return neg ? 1u << 1 : 1u << 6;
}

/* One F instruction (opcodes 0x43..0x53); false if illegal. */
static noinline bool fp_exec(struct wse_pe *pe, u32 insn)
{
	u32 rd = insn >> 7 & 31, rs1 = insn >> 15 & 31, rs2 = insn >> 20 & 31;
	u32 f3 = insn >> 12 & 7, rm = f3 == 7 ? pe->fcsr >> 5 & 7 : f3;
	u32 a = pe->f[rs1], b = pe->f[rs2], c, op = insn & 0x7f;
	bool rmok = rm <= RMM;

	if (op != 0x53) {	/* fmadd, fmsub, fnmsub, fnmadd */
		if ((insn >> 25 & 3) || !rmok)
			return false;
		c = pe->f[insn >> 27];
		if (op == 0x47 || op == 0x4f)
			c ^= SIGN;
		if (op == 0x4b || op == 0x4f)
			a ^= SIGN;
		pe->f[rd] = fused(pe, a, b, c, rm);
		return true;
	}
	switch (insn >> 25) {
	case 0x00:
	case 0x04:
	case 0x08:
	case 0x0c:
		if (!rmok)
			return false;
		pe->f[rd] = arith(pe, insn >> 27, a, b, rm);
		return true;
	case 0x2c:
		if (!rmok || rs2)
			return false;
		pe->f[rd] = arith(pe, F_SQRT, a, a, rm);
		return true;
	case 0x10:
		if (f3 > 2)
			return false;
		b &= SIGN;
		pe->f[rd] = f3 == 2 ? a ^ b :
			    (a & ~SIGN) | (f3 ? b ^ SIGN : b);
		return true;
	case 0x14:
		if (f3 > 1)
			return false;
		pe->f[rd] = minmax(pe, a, b, f3);
		return true;
	case 0x50:
		if (f3 > 2)
			return false;
		pe->x[rd] = compare(pe, a, b, f3);
		return true;
	case 0x60:
		if (!rmok || rs2 > 1)
			return false;
		pe->x[rd] = f2i(pe, a, rs2, rm);
		return true;
	case 0x68:
		if (!rmok || rs2 > 1)
			return false;
		pe->f[rd] = i2f(pe, pe->x[rs1], rs2, rm);
		return true;
	case 0x70:
		if (rs2 || f3 > 1)
			return false;
		pe->x[rd] = f3 ? fclass(a) : a;
		return true;
	case 0x78:
		if (rs2 || f3)
			return false;
		pe->f[rd] = pe->x[rs1];
		return true;
	}
	return false;
}

/* fadd/fsub/fmul/fdiv in RNE: MXCSR is at RNE already. */
static inline u32 frne(u32 op, u32 ua, u32 ub)
{
	union fb a = { .u = ua }, b = { .u = ub };

	fence_f(&a.f);
	fence_f(&b.f);
	a.f = calc_f(op, a.f, b.f);
	fence_f(&a.f);
	return canon(a.u);
}

/*
 * May wse_pe_run() access @size bytes at @addr?  Else *@cause is @what
 * (out of memory; that wins over misalignment) or MISALIGNED.
 */
static inline bool mem_ok(u32 addr, u32 size, u32 what, u32 *cause)
{
	if (addr > MEM - size) {
		*cause = what;
		return false;
	}
	if (addr & (size - 1)) {
		*cause = WSE_FAULT_MISALIGNED;
		return false;
	}
	return true;
}

/*
 * The n at which wse_pe_run() must look beyond the next instruction: the
 * budget, or where straight-line code from @pc runs off the end of memory.
 */
static inline u32 run_lim(u32 pc, u32 n, u32 budget)
{
	u32 room;

	if (n >= budget || pc >= MEM)
		return n;
	room = (MEM - pc) / 4;
	return budget - n > room ? n + room : budget;
}

/*
 * The interpreter loop (wse_pe.h).  Here, in the FPU object, so that F
 * instructions are handled in line; ecalls and CSRs go to wse_pe.c.
 *
 * Speed: an instruction is decoded once into the PE's decode cache
 * (struct wse_pe_dc); a fetch compares the word at pc with the entry's
 * and, while they match, dispatches on the entry's compact op with the
 * fields ready.  pc, memory and register pointers in locals; one compare
 * per instruction (run_lim) covers both the budget and the end of memory,
 * an alignment check follows only jumps; decoded writes to x0 land in
 * x[32], so x0 needs no store per instruction.  Memory is little endian,
 * as the host (x86-64) is.
 */
u32 wse_pe_run(struct wse_pe *pe, u32 budget)
{
	u32 *x = pe->x, *f = pe->f;
	u8 *mem = pe->mem;
	struct wse_pe_dc *dc = pe->dc;
	u32 pc = pe->pc, n = 0, insn = 0, imm = 0, cause, addr, lim;
	u32 rne = !(pe->fcsr & 0xe0);	/* 1: frm (dynamic rm) is RNE */

	if (pe->state != WSE_PE_RUNNING)
		return 0;
	wse_fp_enter();
	x[0] = 0;	/* x0 is never written below but by the calls */
	if ((pc & 3) && budget)
		goto fetch;
	lim = run_lim(pc, n, budget);
	while (n < lim) {	/* so pc < MEM */
		struct wse_pe_dc *e;
		u32 a, t, rd;

		insn = ld32(mem + pc);
		/* pc is a multiple of 4 here: pc * 4 is the entry's offset */
		e = (struct wse_pe_dc *)((u8 *)dc +
			(pc * 4) % (WSE_PE_DC_ENTRIES * sizeof(*e)));
		if (unlikely(e->raw != insn))
			wse_pe_decode(e, insn);
		rd = e->rd;
		imm = e->imm;
		a = x[e->rs1];
		switch (e->op & 63) {
		case OP_LUI:
			x[rd] = imm;
			break;
		case OP_AUIPC:
			x[rd] = pc + imm;
			break;
		case OP_JAL:
			x[rd] = pc + 4;
			pc += imm;
			goto jump;
		case OP_JALR:
			t = (a + imm) & ~1u;
			x[rd] = pc + 4;
			pc = t;
			goto jump;
		case OP_BEQ:
			if (a == x[e->rs2])
				goto taken;
			break;
		case OP_BNE:
			if (a != x[e->rs2])
				goto taken;
			break;
		case OP_BLT:
			if ((s32)a < (s32)x[e->rs2])
				goto taken;
			break;
		case OP_BGE:
			if ((s32)a >= (s32)x[e->rs2])
				goto taken;
			break;
		case OP_BLTU:
			if (a < x[e->rs2])
				goto taken;
			break;
		case OP_BGEU:
			if (a >= x[e->rs2])
				goto taken;
			break;
		case OP_LB:
			addr = a + imm;
			if (!mem_ok(addr, 1, WSE_FAULT_LOAD, &cause))
				goto fault;
			x[rd] = (u32)(s8)mem[addr];
			break;
		case OP_LBU:
			addr = a + imm;
			if (!mem_ok(addr, 1, WSE_FAULT_LOAD, &cause))
				goto fault;
			x[rd] = mem[addr];
			break;
		case OP_LH:
			addr = a + imm;
			if (!mem_ok(addr, 2, WSE_FAULT_LOAD, &cause))
				goto fault;
			x[rd] = (u32)(s16)ld16(mem + addr);
			break;
		case OP_LHU:
			addr = a + imm;
			if (!mem_ok(addr, 2, WSE_FAULT_LOAD, &cause))
				goto fault;
			x[rd] = ld16(mem + addr);
			break;
		case OP_LW:
			addr = a + imm;
			if (!mem_ok(addr, 4, WSE_FAULT_LOAD, &cause))
				goto fault;
			x[rd] = ld32(mem + addr);
			break;
		case OP_SB:
			addr = a + imm;
			if (!mem_ok(addr, 1, WSE_FAULT_STORE, &cause))
				goto fault;
			mem[addr] = (u8)x[e->rs2];
			break;
		case OP_SH:
			addr = a + imm;
			if (!mem_ok(addr, 2, WSE_FAULT_STORE, &cause))
				goto fault;
			st16(mem + addr, (u16)x[e->rs2]);
			break;
		case OP_SW:
			addr = a + imm;
			if (!mem_ok(addr, 4, WSE_FAULT_STORE, &cause))
				goto fault;
			st32(mem + addr, x[e->rs2]);
			break;
		case OP_FLW:
			addr = a + imm;
			if (!mem_ok(addr, 4, WSE_FAULT_LOAD, &cause))
				goto fault;
			f[rd] = ld32(mem + addr);
			break;
		case OP_FSW:
			addr = a + imm;
			if (!mem_ok(addr, 4, WSE_FAULT_STORE, &cause))
				goto fault;
			st32(mem + addr, f[e->rs2]);
			break;
		case OP_ADDI:
			x[rd] = a + imm;
			break;
		case OP_SLTI:
			x[rd] = (s32)a < (s32)imm;
			break;
		case OP_SLTIU:
			x[rd] = a < imm;
			break;
		case OP_XORI:
			x[rd] = a ^ imm;
			break;
		case OP_ORI:
			x[rd] = a | imm;
			break;
		case OP_ANDI:
			x[rd] = a & imm;
			break;
		case OP_SLLI:
			x[rd] = a << imm;
			break;
		case OP_SRLI:
			x[rd] = a >> imm;
			break;
		case OP_SRAI:
			x[rd] = (u32)((s32)a >> imm);
			break;
		case OP_ADD:
			x[rd] = a + x[e->rs2];
			break;
		case OP_SUB:
			x[rd] = a - x[e->rs2];
			break;
		case OP_SLL:
			x[rd] = a << (x[e->rs2] & 31);
			break;
		case OP_SLT:
			x[rd] = (s32)a < (s32)x[e->rs2];
			break;
		case OP_SLTU:
			x[rd] = a < x[e->rs2];
			break;
		case OP_XOR:
			x[rd] = a ^ x[e->rs2];
			break;
		case OP_SRL:
			x[rd] = a >> (x[e->rs2] & 31);
			break;
		case OP_SRA:
			x[rd] = (u32)((s32)a >> (x[e->rs2] & 31));
			break;
		case OP_OR:
			x[rd] = a | x[e->rs2];
			break;
		case OP_AND:
			x[rd] = a & x[e->rs2];
			break;
		case OP_MUL:
			x[rd] = a * x[e->rs2];
			break;
		case OP_MULH:
			x[rd] = (u32)((u64)((s64)(s32)a *
					       (s32)x[e->rs2]) >> 32);
			break;
		case OP_MULHSU:
			x[rd] = (u32)((u64)((s64)(s32)a *
					       (s64)x[e->rs2]) >> 32);
			break;
		case OP_MULHU:
			x[rd] = (u32)(((u64)a * x[e->rs2]) >> 32);
			break;
		case OP_DIV:
			t = x[e->rs2];
			if (!t)
				x[rd] = ~0u;
			else if (a == 0x80000000u && t == ~0u)
				x[rd] = a;
			else
				x[rd] = (u32)((s32)a / (s32)t);
			break;
		case OP_DIVU:
			t = x[e->rs2];
			x[rd] = t ? a / t : ~0u;
			break;
		case OP_REM:
			t = x[e->rs2];
			if (!t)
				x[rd] = a;
			else if (a == 0x80000000u && t == ~0u)
				x[rd] = 0;
			else
				x[rd] = (u32)((s32)a % (s32)t);
			break;
		case OP_REMU:
			t = x[e->rs2];
			x[rd] = t ? a % t : a;
			break;
		case OP_NOP:
			break;
		case OP_ECALL:
			pe->pc = pc;
			n += wse_pe_ecall(pe, pc);
			if (pe->state != WSE_PE_RUNNING) {
				if (pe->state == WSE_PE_FAULTED)
					goto out;
				if (pe->state == WSE_PE_WAITING)
					pc += 4;
				goto stop;	/* BLOCKED: at the ecall */
			}
			pc += 4;
			lim = run_lim(pc, n, budget);
			continue;
		case OP_EBREAK:
			cause = WSE_FAULT_BREAK;
			addr = pc;
			goto fault;
		case OP_CSR:
			if (!wse_pe_csr(pe, insn, pe->instret + n))
				goto illegal;
			x[0] = 0;
			rne = !(pe->fcsr & 0xe0);
			break;
		case OP_FADD:
			if (imm > rne)
				goto fp;	/* dynamic rm, frm not RNE */
			f[rd] = frne(F_ADD, f[e->rs1], f[e->rs2]);
			break;
		case OP_FSUB:
			if (imm > rne)
				goto fp;
			f[rd] = frne(F_SUB, f[e->rs1], f[e->rs2]);
			break;
		case OP_FMUL:
			if (imm > rne)
				goto fp;
			f[rd] = frne(F_MUL, f[e->rs1], f[e->rs2]);
			break;
		case OP_FDIV:
			if (imm > rne)
				goto fp;
			f[rd] = frne(F_DIV, f[e->rs1], f[e->rs2]);
			break;
		case OP_FCMP:
			x[rd] = compare(pe, f[e->rs1], f[e->rs2], imm);
			break;
		case OP_FSGNJ:
			t = f[e->rs2] & SIGN;
			a = f[e->rs1];
			f[rd] = imm == 2 ? a ^ t :
				   (a & ~SIGN) | (imm ? t ^ SIGN : t);
			break;
		case OP_FMV_X_W:
			x[rd] = f[e->rs1];
			break;
		case OP_FMV_W_X:
			f[rd] = a;
			break;
		case OP_FCVT_W_S:
			t = f[e->rs1];
			if (imm == RTZ && (t >> 23 & 0xff) < 158) {
				/* |v| < 2^31: the host's cvttss2si, NX as PE */
				union fb v = { .u = t };

				fence_f(&v.f);
				t = (u32)(s32)v.f;
				__asm__ __volatile__("" : "+r"(t));
				x[rd] = t;
				break;
			}
			x[rd] = f2i(pe, t, imm >> 8, imm & 7);
			break;
		case OP_FP:
fp:
			if (!fp_exec(pe, insn))
				goto illegal;
			x[0] = 0;
			break;
		case OP_ILLEGAL:
		case OP_FP + 1 ... 63:	/* every value: no range check */
			goto illegal;
		}
		pc += 4;
		n++;
		continue;
taken:
		pc += imm;
jump:
		n++;
		if (unlikely(pc & 3) && n < budget)
			goto fetch;
		lim = run_lim(pc, n, budget);
	}
	if (n < budget)
		goto fetch;	/* pc ran off the end of memory */
stop:
	pe->pc = pc;
	goto out;
fetch:
	cause = WSE_FAULT_FETCH;
	addr = pc;
	goto fault;
illegal:
	cause = WSE_FAULT_ILLEGAL;
	addr = insn;
fault:
	wse_pe_fault(pe, cause, pc, addr);
out:
	wse_fp_sync(pe);
	x[0] = 0;
	pe->instret += n;
	return n;
}

static inline u32 vld(const u8 *p)
{
	u32 v;

	memcpy(&v, p, 4);
	return v;
}

/* One element of a float vector op (both wse_fp_vec and wse_fp_elem). */
static inline u32 vec_elem(struct wse_pe *pe, u32 op, u32 ua, u32 ub, u32 s)
{
	union fb x = { .u = ua }, y = { .u = ub }, r;

	switch (op) {
	case WSE_VEC_FADDS:
		r.f = x.f + y.f;
		break;
	case WSE_VEC_FSUBS:
		r.f = x.f - y.f;
		break;
	case WSE_VEC_FMULS:
		r.f = x.f * y.f;
		break;
	case WSE_VEC_FMACS:
		r.u = fused(pe, y.u, s, x.u, RNE);
		break;
	default:
		r.u = minmax(pe, x.u, y.u, true);
		break;
	}
	return canon(r.u);
}

/* binary16 bits -> double, exactly (NaN: any NaN) */
static double h2d(u32 h)
{
	u32 e = (h >> 10) & 0x1f, m = h & 0x3ff;
	double v;

	if (e == 0x1f)
		v = m ? __builtin_nan("") : __builtin_inf();
	else if (e)
		v = (double)(m | 0x400) * (double)(1u << e) * 0x1p-25;
	else
		v = (double)m * 0x1p-24;
	return h & 0x8000 ? -v : v;
}

/* double (exact, or rounded to odd) -> binary16, RNE; NaN is 0x7e00 */
static u32 d2h(double d)
{
	union db v = { .d = d };
	u32 sign = (u32)(v.u >> 48) & 0x8000, e = (u32)(v.u >> 52) & 0x7ff;
	u64 m = v.u & ((1ull << 52) - 1), q, rem, half;
	int ue = (int)e - 1023, shift;

	if (e == 0x7ff)
		return m ? 0x7e00 : sign | 0x7c00;
	if (!e || ue < -25)
		return sign;		/* below half the least subnormal */
	m |= 1ull << 52;
	shift = ue >= -14 ? 42 : 28 - ue;	/* bits below the f16 ulp */
	q = m >> shift;
	rem = m & ((1ull << shift) - 1);
	half = 1ull << (shift - 1);
	if (rem > half || (rem == half && (q & 1)))
		q++;
	if (ue < -14)		/* subnormal; 0x400 is the least normal */
		return sign | (u32)q;
	if (q == 0x800) {
		q >>= 1;
		ue++;
	}
	if (ue > 15)
		return sign | 0x7c00;	/* overflow: inf (RNE) */
	return sign | (u32)(ue + 15) << 10 | ((u32)q & 0x3ff);
}

/*
 * The f16 ops: sums, differences and products of f16 values are exact in
 * double; FMACH's a + b * s is rounded to odd there (53 >= 11 + 2 bits),
 * so the one rounding to f16 is the correct one.  fflags are untouched.
 */
static u32 elem16(struct wse_pe *pe, u32 op, u32 ua, u32 ub, u32 us)
{
	double a = h2d(ua & 0xffff), b = h2d(ub & 0xffff), r;
	u32 m;

	switch (op) {
	case WSE_VEC_FADDH:
		return d2h(a + b);
	case WSE_VEC_FSUBH:
		return d2h(a - b);
	case WSE_VEC_FMULH:
		return d2h(a * b);
	default:
		wse_fp_sync(pe);
		r = h2d(us & 0xffff);
		mx_set(mx_rc(RTZ));
		fence_d(&a);
		fence_d(&b);
		fence_d(&r);
		r = b * r + a;	/* contraction is off: exact product */
		fence_d(&r);
		m = mx_get();
		mx_set(MX_DEFAULT);
		return d2h(to_odd(r, m));
	}
}

u32 wse_fp_elem(struct wse_pe *pe, u32 op, u32 a, u32 b, u32 s)
{
	if (WSE_VEC_IS_F16(op))
		return elem16(pe, op, a, b, s);
	return vec_elem(pe, op, a, b, s);
}

void wse_fp_vec(struct wse_pe *pe, u32 op, u32 n, const struct wse_vd *d,
		const struct wse_vd *a, const struct wse_vd *b, u32 sb, u32 s)
{
	u8 *mem = pe->mem;
	u32 i, x, y, r;

	for (i = 0; i < n; i++) {
		x = vld(mem + (a->addr + i * a->step));
		y = b ? vld(mem + (b->addr + i * b->step)) : sb;
		r = vec_elem(pe, op, x, y, s);
		memcpy(mem + (d->addr + i * d->step), &r, 4);
	}
}
