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

/* in line at the end of every run: a call per short run costs under TCG */
static __always_inline void fp_sync(struct wse_pe *pe)
{
	u32 m = mx_get();

	if (m & 0x3f)
		pe->fcsr |= rv_fl(m);
}

void wse_fp_sync(struct wse_pe *pe)
{
	fp_sync(pe);
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

/*
 * feq (f3 2), flt (1), fle (0) by the host, in line in wse_pe_run():
 * ucomiss raises IE (NV in fflags) for an sNaN operand only, as the quiet
 * feq; comiss for any NaN, as the signaling flt and fle.  Unordered (a
 * NaN) compares false; +0 == -0.
 */
static inline u32 compare(u32 ua, u32 ub, u32 f3)
{
	union fb a = { .u = ua }, b = { .u = ub };
	u8 r, ord;

	if (f3 == 2) {
		__asm__ __volatile__("ucomiss %3, %2\n\tsete %0\n\tsetnp %1"
				     : "=q"(r), "=q"(ord) : "x"(a.f), "x"(b.f));
		return r & ord;
	}
	/* flags of b against a: b above a is a < b, not below is a <= b */
	if (f3)
		__asm__ __volatile__("comiss %1, %2\n\tseta %0"
				     : "=q"(r) : "x"(a.f), "x"(b.f));
	else
		__asm__ __volatile__("comiss %1, %2\n\tsetae %0"
				     : "=q"(r) : "x"(a.f), "x"(b.f));
	return r;
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
		pe->x[rd] = compare(a, b, f3);
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
	/* a quiet compare (a result is never an sNaN): no status */
	if (unlikely(a.f != a.f))
		return CANON;
	return a.u;
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
	/* conditional moves, no jumps: every jump and ecall computes it */
	u32 room = pc < MEM ? (MEM - pc) / 4 : 0;
	u32 left = n < budget ? budget - n : 0;

	return n + (left < room ? left : room);
}

/*
 * The interpreter's dispatch.  Natively (WSE_PE_THREADED, set by
 * wse_fabric_port.h), threaded code: every handler ends in its own fetch
 * and computed goto (next_op()), so the host predicts each jump from the
 * handler it leaves; GCC's cross-jumping must be off for that
 * (tools/testing/fabric/Makefile).  In the kernel, a switch: a retpoline
 * build compiles it without jump tables (compares, no indirect jump)
 * where a computed goto would cost a retpoline thunk per instruction.
 * Under TCG every conditional jump ends a translation block, and GCC's
 * tree is two jumps per level (equal, then above): about ten for an op
 * in the middle.  So the most frequent ops of any RV32 code (addi, lw,
 * bne, sw, beq), then calls, returns and ecalls (jalr, ecall, jal: 5
 * of the 14 instructions a launch of an empty function ran then, 3 of
 * the 8 now) come first, one compare each, and the switch takes the rest
 * (an empty asm keeps GCC from folding the compares into its tree).
 * Measured on a 64x64 empty launch under TCG, one worker: the turns went
 * from 11.3 to 7.4 M cycles in wse_pe_run_dc().  The handlers are the
 * same code in both.
 */

/* wse_pe_run()'s fetch state, its locals (in registers once inlined) */
struct pe_loop {
	u32 *pc, *n, *insn, *rd, *imm, *a;
	const u32 *lim, *x;
	struct wse_pe_dc **e;
	const u8 *mem;
	struct wse_pe_dc *dc;
	const void *const *ops;	/* natively, the handlers by op */
	const void *top;	/* the loop's top: bounds, fetch, dispatch */
	const void **go;	/* next_op()'s answer */
};

#ifdef WSE_PE_THREADED
/*
 * Natively: fetch the instruction at pc (a multiple of 4 below MEM, so
 * pc * 4 is its decode entry's offset), decoding it if the entry holds
 * another word.  The kernel's loop does the same at its top.
 */
static __always_inline void pe_fetch(const struct pe_loop *s)
{
	u32 pc = *s->pc, insn = ld32(s->mem + pc);
	struct wse_pe_dc *e = (struct wse_pe_dc *)((u8 *)s->dc +
		(pc * 4) % (WSE_PE_DC_ENTRIES * sizeof(*e)));

	if (unlikely(e->raw != insn))
		wse_pe_decode(e, insn);
	*s->insn = insn;
	*s->e = e;
	*s->rd = e->rd;
	*s->imm = e->imm;
	*s->a = s->x[e->rs1];
}
#endif

/*
 * The end of every handler but jumps and ecalls: past the instruction, and
 * *s->go is where to go.  Natively the next instruction's handler, fetched
 * here; in the kernel the constant s->top, which the compiler makes a
 * plain jump (a computed goto on the call's value would hang sparse).
 */
static __always_inline void next_op(const struct pe_loop *s)
{
	*s->pc += 4;
	++*s->n;
#ifdef WSE_PE_THREADED
	if (unlikely(*s->n >= *s->lim)) {
		*s->go = s->top;
		return;
	}
	pe_fetch(s);
	*s->go = s->ops[(*s->e)->op];
#else
	*s->go = s->top;
#endif
}

/*
 * The interpreter loop (wse_pe.h).  Here, in the FPU object, so that F
 * instructions are handled in line; ecalls and CSRs go to wse_pe.c.
 *
 * Speed: an instruction is decoded once into the caller's decode cache
 * (struct wse_pe_dc); a fetch compares the word at pc with the entry's
 * and, while they match, dispatches on the entry's compact op with the
 * fields ready.  pc, memory and register pointers in locals; one compare
 * per instruction (run_lim) covers both the budget and the end of memory,
 * an alignment check follows only jumps; decoded writes to x0 land in
 * x[32], so x0 needs no store per instruction.  Memory is little endian,
 * as the host (x86-64) is.
 */
wse_pe_hot_section wse_pe_page_aligned
u32 wse_pe_run_dc(struct wse_pe *pe, struct wse_pe_dc *dc, u32 budget)
{
#ifdef WSE_PE_THREADED
	/* every value of the u8 op has an entry: no range check */
	static const void *const ops[256] = {
		[OP_ILLEGAL] = &&op_illegal, [OP_LUI] = &&op_lui,
		[OP_AUIPC] = &&op_auipc, [OP_JAL] = &&op_jal,
		[OP_JALR] = &&op_jalr, [OP_BEQ] = &&op_beq,
		[OP_BNE] = &&op_bne, [OP_BLT] = &&op_blt, [OP_BGE] = &&op_bge,
		[OP_BLTU] = &&op_bltu, [OP_BGEU] = &&op_bgeu,
		[OP_LB] = &&op_lb, [OP_LBU] = &&op_lbu, [OP_LH] = &&op_lh,
		[OP_LHU] = &&op_lhu, [OP_LW] = &&op_lw, [OP_SB] = &&op_sb,
		[OP_SH] = &&op_sh, [OP_SW] = &&op_sw, [OP_FLW] = &&op_flw,
		[OP_FSW] = &&op_fsw, [OP_ADDI] = &&op_addi,
		[OP_SLTI] = &&op_slti, [OP_SLTIU] = &&op_sltiu,
		[OP_XORI] = &&op_xori, [OP_ORI] = &&op_ori,
		[OP_ANDI] = &&op_andi, [OP_SLLI] = &&op_slli,
		[OP_SRLI] = &&op_srli, [OP_SRAI] = &&op_srai,
		[OP_ADD] = &&op_add, [OP_SUB] = &&op_sub, [OP_SLL] = &&op_sll,
		[OP_SLT] = &&op_slt, [OP_SLTU] = &&op_sltu,
		[OP_XOR] = &&op_xor, [OP_SRL] = &&op_srl, [OP_SRA] = &&op_sra,
		[OP_OR] = &&op_or, [OP_AND] = &&op_and, [OP_MUL] = &&op_mul,
		[OP_MULH] = &&op_mulh, [OP_MULHSU] = &&op_mulhsu,
		[OP_MULHU] = &&op_mulhu, [OP_DIV] = &&op_div,
		[OP_DIVU] = &&op_divu, [OP_REM] = &&op_rem,
		[OP_REMU] = &&op_remu, [OP_NOP] = &&op_nop,
		[OP_ECALL] = &&op_ecall, [OP_EBREAK] = &&op_ebreak,
		[OP_CSR] = &&op_csr, [OP_FADD] = &&op_fadd,
		[OP_FSUB] = &&op_fsub, [OP_FMUL] = &&op_fmul,
		[OP_FDIV] = &&op_fdiv, [OP_FCMP] = &&op_fcmp,
		[OP_FSGNJ] = &&op_fsgnj, [OP_FMV_X_W] = &&op_fmv_x_w,
		[OP_FMV_W_X] = &&op_fmv_w_x, [OP_FCVT_W_S] = &&op_fcvt_w_s,
		[OP_FP] = &&op_fp,
		[OP_FP + 1 ... 255] = &&op_illegal,
	};
#else
	static const void *const *const ops;	/* the switch instead */
#endif
	u32 *x = pe->x, *f = pe->f;
	u8 *mem = pe->mem;
	struct wse_pe_dc *e = NULL;
	u32 pc = pe->pc, n = 0, insn = 0, imm = 0, cause, addr, lim, a = 0, t;
	u32 rd = 0, rne = !(pe->fcsr & 0xe0);	/* 1: frm (dynamic rm) is RNE */
	const void *go;
	const struct pe_loop s = {
		.pc = &pc, .n = &n, .insn = &insn, .rd = &rd, .imm = &imm,
		.a = &a, .lim = &lim, .x = x, .e = &e, .mem = mem,
		.dc = dc, .ops = ops, .top = &&top, .go = &go,
	};

	if (pe->state != WSE_PE_RUNNING)
		return 0;
	wse_fp_enter();
	x[0] = 0;	/* x0 is never written below but by the calls */
	if ((pc & 3) && budget)
		goto fetch;
	lim = run_lim(pc, n, budget);
top:
#ifdef WSE_PE_THREADED
	if (n >= lim)		/* else pc < MEM */
		goto end;
	pe_fetch(&s);
	goto *ops[e->op];
#else
	/*
	 * One jump, not two, for the budget and the decode cache (a block
	 * less per instruction under TCG): the word is read at pc, or at 0
	 * when n >= lim may have let pc run off the end (or, after a jump
	 * with the budget spent, sit unaligned at its last bytes).  The
	 * empty asm keep GCC from making jumps of the mask and the |.
	 */
	t = -(u32)(pc <= MEM - 4);
	__asm__("" : "+r"(t));
	insn = ld32(mem + (pc & t));
	e = (struct wse_pe_dc *)((u8 *)dc +
		(pc * 4) % (WSE_PE_DC_ENTRIES * sizeof(*e)));
	t = (n >= lim) | (e->raw != insn);
	__asm__("" : "+r"(t));
	if (unlikely(t)) {
		if (n >= lim)
			goto end;
		wse_pe_decode(e, insn);
	}
	rd = e->rd;
	imm = e->imm;
	a = x[e->rs1];
	t = e->op;
	if (t == OP_ADDI)
		goto op_addi;
	if (t == OP_LW)
		goto op_lw;
	if (t == OP_BNE)
		goto op_bne;
	if (t == OP_SW)
		goto op_sw;
	if (t == OP_BEQ)
		goto op_beq;
	/* calls, returns and builtins: every launch runs them */
	if (t == OP_JALR)
		goto op_jalr;
	if (t == OP_ECALL)
		goto op_ecall;
	if (t == OP_JAL)
		goto op_jal;
	__asm__("" : "+r"(t));	/* not into the switch's tree */
	switch (t) {
	case OP_ILLEGAL:
		goto op_illegal;
	case OP_LUI:
		goto op_lui;
	case OP_AUIPC:
		goto op_auipc;
	case OP_JAL:
		goto op_jal;
	case OP_JALR:
		goto op_jalr;
	case OP_BEQ:
		goto op_beq;
	case OP_BNE:
		goto op_bne;
	case OP_BLT:
		goto op_blt;
	case OP_BGE:
		goto op_bge;
	case OP_BLTU:
		goto op_bltu;
	case OP_BGEU:
		goto op_bgeu;
	case OP_LB:
		goto op_lb;
	case OP_LBU:
		goto op_lbu;
	case OP_LH:
		goto op_lh;
	case OP_LHU:
		goto op_lhu;
	case OP_LW:
		goto op_lw;
	case OP_SB:
		goto op_sb;
	case OP_SH:
		goto op_sh;
	case OP_SW:
		goto op_sw;
	case OP_FLW:
		goto op_flw;
	case OP_FSW:
		goto op_fsw;
	case OP_ADDI:
		goto op_addi;
	case OP_SLTI:
		goto op_slti;
	case OP_SLTIU:
		goto op_sltiu;
	case OP_XORI:
		goto op_xori;
	case OP_ORI:
		goto op_ori;
	case OP_ANDI:
		goto op_andi;
	case OP_SLLI:
		goto op_slli;
	case OP_SRLI:
		goto op_srli;
	case OP_SRAI:
		goto op_srai;
	case OP_ADD:
		goto op_add;
	case OP_SUB:
		goto op_sub;
	case OP_SLL:
		goto op_sll;
	case OP_SLT:
		goto op_slt;
	case OP_SLTU:
		goto op_sltu;
	case OP_XOR:
		goto op_xor;
	case OP_SRL:
		goto op_srl;
	case OP_SRA:
		goto op_sra;
	case OP_OR:
		goto op_or;
	case OP_AND:
		goto op_and;
	case OP_MUL:
		goto op_mul;
	case OP_MULH:
		goto op_mulh;
	case OP_MULHSU:
		goto op_mulhsu;
	case OP_MULHU:
		goto op_mulhu;
	case OP_DIV:
		goto op_div;
	case OP_DIVU:
		goto op_divu;
	case OP_REM:
		goto op_rem;
	case OP_REMU:
		goto op_remu;
	case OP_NOP:
		goto op_nop;
	case OP_ECALL:
		goto op_ecall;
	case OP_EBREAK:
		goto op_ebreak;
	case OP_CSR:
		goto op_csr;
	case OP_FADD:
		goto op_fadd;
	case OP_FSUB:
		goto op_fsub;
	case OP_FMUL:
		goto op_fmul;
	case OP_FDIV:
		goto op_fdiv;
	case OP_FCMP:
		goto op_fcmp;
	case OP_FSGNJ:
		goto op_fsgnj;
	case OP_FMV_X_W:
		goto op_fmv_x_w;
	case OP_FMV_W_X:
		goto op_fmv_w_x;
	case OP_FCVT_W_S:
		goto op_fcvt_w_s;
	case OP_FP:
		goto op_fp;
	default:	/* OP_FP + 1 ... 255: no value without a case */
		goto op_illegal;
	}
#endif
op_lui:
	x[rd] = imm;
	next_op(&s);
	goto *go;
op_auipc:
	x[rd] = pc + imm;
	next_op(&s);
	goto *go;
op_jal:
	x[rd] = pc + 4;
	pc += imm;
	goto jump;
op_jalr:
	t = (a + imm) & ~1u;
	x[rd] = pc + 4;
	pc = t;
	goto jump;
op_beq:
	if (a == x[e->rs2])
		goto taken;
	next_op(&s);
	goto *go;
op_bne:
	if (a != x[e->rs2])
		goto taken;
	next_op(&s);
	goto *go;
op_blt:
	if ((s32)a < (s32)x[e->rs2])
		goto taken;
	next_op(&s);
	goto *go;
op_bge:
	if ((s32)a >= (s32)x[e->rs2])
		goto taken;
	next_op(&s);
	goto *go;
op_bltu:
	if (a < x[e->rs2])
		goto taken;
	next_op(&s);
	goto *go;
op_bgeu:
	if (a >= x[e->rs2])
		goto taken;
	next_op(&s);
	goto *go;
op_lb:
	addr = a + imm;
	if (!mem_ok(addr, 1, WSE_FAULT_LOAD, &cause))
		goto fault;
	x[rd] = (u32)(s8)mem[addr];
	next_op(&s);
	goto *go;
op_lbu:
	addr = a + imm;
	if (!mem_ok(addr, 1, WSE_FAULT_LOAD, &cause))
		goto fault;
	x[rd] = mem[addr];
	next_op(&s);
	goto *go;
op_lh:
	addr = a + imm;
	if (!mem_ok(addr, 2, WSE_FAULT_LOAD, &cause))
		goto fault;
	x[rd] = (u32)(s16)ld16(mem + addr);
	next_op(&s);
	goto *go;
op_lhu:
	addr = a + imm;
	if (!mem_ok(addr, 2, WSE_FAULT_LOAD, &cause))
		goto fault;
	x[rd] = ld16(mem + addr);
	next_op(&s);
	goto *go;
op_lw:
	addr = a + imm;
	if (!mem_ok(addr, 4, WSE_FAULT_LOAD, &cause))
		goto fault;
	x[rd] = ld32(mem + addr);
	next_op(&s);
	goto *go;
op_sb:
	addr = a + imm;
	if (!mem_ok(addr, 1, WSE_FAULT_STORE, &cause))
		goto fault;
	mem[addr] = (u8)x[e->rs2];
	next_op(&s);
	goto *go;
op_sh:
	addr = a + imm;
	if (!mem_ok(addr, 2, WSE_FAULT_STORE, &cause))
		goto fault;
	st16(mem + addr, (u16)x[e->rs2]);
	next_op(&s);
	goto *go;
op_sw:
	addr = a + imm;
	if (!mem_ok(addr, 4, WSE_FAULT_STORE, &cause))
		goto fault;
	st32(mem + addr, x[e->rs2]);
	next_op(&s);
	goto *go;
op_flw:
	addr = a + imm;
	if (!mem_ok(addr, 4, WSE_FAULT_LOAD, &cause))
		goto fault;
	f[rd] = ld32(mem + addr);
	next_op(&s);
	goto *go;
op_fsw:
	addr = a + imm;
	if (!mem_ok(addr, 4, WSE_FAULT_STORE, &cause))
		goto fault;
	st32(mem + addr, f[e->rs2]);
	next_op(&s);
	goto *go;
op_addi:
	x[rd] = a + imm;
	next_op(&s);
	goto *go;
op_slti:
	x[rd] = (s32)a < (s32)imm;
	next_op(&s);
	goto *go;
op_sltiu:
	x[rd] = a < imm;
	next_op(&s);
	goto *go;
op_xori:
	x[rd] = a ^ imm;
	next_op(&s);
	goto *go;
op_ori:
	x[rd] = a | imm;
	next_op(&s);
	goto *go;
op_andi:
	x[rd] = a & imm;
	next_op(&s);
	goto *go;
op_slli:
	x[rd] = a << imm;
	next_op(&s);
	goto *go;
op_srli:
	x[rd] = a >> imm;
	next_op(&s);
	goto *go;
op_srai:
	x[rd] = (u32)((s32)a >> imm);
	next_op(&s);
	goto *go;
op_add:
	x[rd] = a + x[e->rs2];
	next_op(&s);
	goto *go;
op_sub:
	x[rd] = a - x[e->rs2];
	next_op(&s);
	goto *go;
op_sll:
	x[rd] = a << (x[e->rs2] & 31);
	next_op(&s);
	goto *go;
op_slt:
	x[rd] = (s32)a < (s32)x[e->rs2];
	next_op(&s);
	goto *go;
op_sltu:
	x[rd] = a < x[e->rs2];
	next_op(&s);
	goto *go;
op_xor:
	x[rd] = a ^ x[e->rs2];
	next_op(&s);
	goto *go;
op_srl:
	x[rd] = a >> (x[e->rs2] & 31);
	next_op(&s);
	goto *go;
op_sra:
	x[rd] = (u32)((s32)a >> (x[e->rs2] & 31));
	next_op(&s);
	goto *go;
op_or:
	x[rd] = a | x[e->rs2];
	next_op(&s);
	goto *go;
op_and:
	x[rd] = a & x[e->rs2];
	next_op(&s);
	goto *go;
op_mul:
	x[rd] = a * x[e->rs2];
	next_op(&s);
	goto *go;
op_mulh:
	x[rd] = (u32)((u64)((s64)(s32)a *
			       (s32)x[e->rs2]) >> 32);
	next_op(&s);
	goto *go;
op_mulhsu:
	x[rd] = (u32)((u64)((s64)(s32)a *
			       (s64)x[e->rs2]) >> 32);
	next_op(&s);
	goto *go;
op_mulhu:
	x[rd] = (u32)(((u64)a * x[e->rs2]) >> 32);
	next_op(&s);
	goto *go;
op_div:
	t = x[e->rs2];
	if (!t)
		x[rd] = ~0u;
	else if (a == 0x80000000u && t == ~0u)
		x[rd] = a;
	else
		x[rd] = (u32)((s32)a / (s32)t);
	next_op(&s);
	goto *go;
op_divu:
	t = x[e->rs2];
	x[rd] = t ? a / t : ~0u;
	next_op(&s);
	goto *go;
op_rem:
	t = x[e->rs2];
	if (!t)
		x[rd] = a;
	else if (a == 0x80000000u && t == ~0u)
		x[rd] = 0;
	else
		x[rd] = (u32)((s32)a % (s32)t);
	next_op(&s);
	goto *go;
op_remu:
	t = x[e->rs2];
	x[rd] = t ? a % t : a;
	next_op(&s);
	goto *go;
op_nop:
	next_op(&s);
	goto *go;
op_ecall:
	pe->pc = pc;
	n += wse_pe_ecall_hot(pe) ? 1 : wse_pe_ecall(pe, pc);
	if (pe->state != WSE_PE_RUNNING) {
		if (pe->state == WSE_PE_FAULTED)
			goto out;
		if (pe->state == WSE_PE_WAITING)
			pc += 4;
		goto stop;	/* BLOCKED: at the ecall */
	}
	pc += 4;
	lim = run_lim(pc, n, budget);
	goto top;
op_ebreak:
	cause = WSE_FAULT_BREAK;
	addr = pc;
	goto fault;
op_csr:
	if (!wse_pe_csr(pe, insn, pe->instret + n))
		goto illegal;
	x[0] = 0;
	rne = !(pe->fcsr & 0xe0);
	next_op(&s);
	goto *go;
op_fadd:
	if (imm > rne)
		goto fp;	/* dynamic rm, frm not RNE */
	f[rd] = frne(F_ADD, f[e->rs1], f[e->rs2]);
	next_op(&s);
	goto *go;
op_fsub:
	if (imm > rne)
		goto fp;
	f[rd] = frne(F_SUB, f[e->rs1], f[e->rs2]);
	next_op(&s);
	goto *go;
op_fmul:
	if (imm > rne)
		goto fp;
	f[rd] = frne(F_MUL, f[e->rs1], f[e->rs2]);
	next_op(&s);
	goto *go;
op_fdiv:
	if (imm > rne)
		goto fp;
	f[rd] = frne(F_DIV, f[e->rs1], f[e->rs2]);
	next_op(&s);
	goto *go;
op_fcmp:
	x[rd] = compare(f[e->rs1], f[e->rs2], imm);
	next_op(&s);
	goto *go;
op_fsgnj:
	t = f[e->rs2] & SIGN;
	a = f[e->rs1];
	f[rd] = imm == 2 ? a ^ t :
		   (a & ~SIGN) | (imm ? t ^ SIGN : t);
	next_op(&s);
	goto *go;
op_fmv_x_w:
	x[rd] = f[e->rs1];
	next_op(&s);
	goto *go;
op_fmv_w_x:
	f[rd] = a;
	next_op(&s);
	goto *go;
op_fcvt_w_s:
	t = f[e->rs1];
	if (imm == RTZ && (t >> 23 & 0xff) < 158) {
		/* |v| < 2^31: the host's cvttss2si, NX as PE */
		union fb v = { .u = t };

		fence_f(&v.f);
		t = (u32)(s32)v.f;
		__asm__ __volatile__("" : "+r"(t));
		x[rd] = t;
		next_op(&s);
		goto *go;
	}
	x[rd] = f2i(pe, t, imm >> 8, imm & 7);
	next_op(&s);
	goto *go;
op_fp:
fp:
	if (!fp_exec(pe, insn))
		goto illegal;
	x[0] = 0;
	next_op(&s);
	goto *go;
op_illegal:
	goto illegal;
taken:
	pc += imm;
jump:
	n++;
	if (unlikely(pc & 3) && n < budget)
		goto fetch;
	lim = run_lim(pc, n, budget);
	goto top;
end:
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
	fp_sync(pe);
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

#ifndef __KERNEL__
u32 wse_pe_run(struct wse_pe *pe, u32 budget)
{
	static _Thread_local struct wse_pe_dc dc[WSE_PE_DC_ENTRIES];

	return wse_pe_run_dc(pe, dc, budget);
}
#endif
