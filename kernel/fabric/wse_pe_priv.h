/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Between the PE's builtins (wse_pe.c) and the FPU object with the
 * interpreter loop (wse_pe_fp.c).  No float types here: only the FPU
 * object may use them, everything crosses as u32 bit patterns.
 */
#ifndef _WSE_PE_PRIV_H
#define _WSE_PE_PRIV_H

#include "wse_pe.h"

#define WSE_RV_NX	0x01	/* fflags bits */
#define WSE_RV_UF	0x02
#define WSE_RV_OF	0x04
#define WSE_RV_DZ	0x08
#define WSE_RV_NV	0x10

#define MEM		WSE_PE_MEM_BYTES

/*
 * The operations of decoded instructions (struct wse_pe_dc.op), one per
 * handler of wse_pe_run().  0 is the illegal instruction: a zeroed
 * entry decodes the word 0, which is illegal.  Fields of the entry: rd,
 * rs1, rs2 and imm, the sign-extended immediate (branch/jump offset),
 * except where noted.
 */
enum wse_pe_op {
	OP_ILLEGAL = 0,
	OP_LUI, OP_AUIPC, OP_JAL, OP_JALR,
	OP_BEQ, OP_BNE, OP_BLT, OP_BGE, OP_BLTU, OP_BGEU,
	OP_LB, OP_LH, OP_LW, OP_LBU, OP_LHU,
	OP_SB, OP_SH, OP_SW,
	OP_ADDI, OP_SLTI, OP_SLTIU, OP_XORI, OP_ORI, OP_ANDI,
	OP_SLLI, OP_SRLI, OP_SRAI,	/* imm = shamt */
	OP_ADD, OP_SUB, OP_SLL, OP_SLT, OP_SLTU, OP_XOR, OP_SRL, OP_SRA,
	OP_OR, OP_AND,
	OP_MUL, OP_MULH, OP_MULHSU, OP_MULHU, OP_DIV, OP_DIVU, OP_REM,
	OP_REMU,
	OP_NOP,			/* fence, fence.i */
	OP_ECALL, OP_EBREAK,
	OP_CSR,			/* a csr* with f3 != 0, 4; checked at run */
	OP_FLW, OP_FSW,
	/* RNE, or dynamic (imm = 1) while frm is RNE; else as OP_FP */
	OP_FADD, OP_FSUB, OP_FMUL, OP_FDIV,
	OP_FCMP,		/* feq (imm 2), flt (1), fle (0) */
	OP_FSGNJ,		/* fsgnj (imm 0), fsgnjn (1), fsgnjx (2) */
	OP_FMV_X_W, OP_FMV_W_X,
	OP_FCVT_W_S,		/* imm = static rm | unsigned << 8 */
	OP_FP,			/* any other F instruction, out of line */
};

/* wse_pe_run() has a handler for every u8 value of op */
_Static_assert(OP_FP < 256, "ops fit in a u8");

/* The decoded rd of an op that writes x[rd] is 32 for x0 (a sink). */
#define WSE_PE_X0_SINK	32

/* Decode @insn into @e (wse_pe.c). */
void wse_pe_decode(struct wse_pe_dc *e, u32 insn);

static inline u32 ld32(const u8 *p)
{
	u32 v;

	memcpy(&v, p, 4);
	return v;
}

static inline u16 ld16(const u8 *p)
{
	u16 v;

	memcpy(&v, p, 2);
	return v;
}

static inline void st32(u8 *p, u32 v)
{
	memcpy(p, &v, 4);
}

static inline void st16(u8 *p, u16 v)
{
	memcpy(p, &v, 2);
}

/* True if [addr, addr + len) lies in PE memory (len <= MEM). */
static inline bool in_mem(u32 addr, u32 len)
{
	return addr <= MEM - len;
}

/* A validated vector operand: element i at addr + i * step (bytes). */
struct wse_vd {
	u32 addr;
	u32 step;
};

/*
 * For wse_pe_run() (in wse_pe_fp.c).  ecall: returns the cost; @pe may
 * have left RUNNING state (FAULTED, WAITING, or BLOCKED in a fabric op,
 * which may cost 0).  CSR instructions: false if illegal.
 */
u32 wse_pe_ecall(struct wse_pe *pe, u32 pc);
bool wse_pe_csr(struct wse_pe *pe, u32 insn, u64 instret);

/*
 * MXCSR to RNE with no status: wse_pe_run() calls it first, and after a
 * write to fflags/fcsr.  Status bits then collect in MXCSR until
 * wse_fp_sync() ORs them into fflags (end of a run, fflags reads).
 */
void wse_fp_enter(void);
void wse_fp_sync(struct wse_pe *pe);

/*
 * A float vector op (WSE_VEC_FADDS..FMAXS but FNEGS) over @n elements; @b
 * is NULL when src2 is the scalar @sb.  @s is FMACS's scalar.  All DSDs
 * already validated.  RNE; fflags accumulate.
 */
void wse_fp_vec(struct wse_pe *pe, u32 op, u32 n, const struct wse_vd *d,
		const struct wse_vd *a, const struct wse_vd *b, u32 sb, u32 s);

/*
 * One element of the same ops: the bits of op(@a, @b) (FMACS: @a + @b * @s),
 * exactly as wse_fp_vec computes it.  MXCSR must be in wse_fp_enter()'s
 * state (inside wse_pe_run(), or after wse_fp_enter(); wse_fp_sync()
 * collects the flags).
 */
u32 wse_fp_elem(struct wse_pe *pe, u32 op, u32 a, u32 b, u32 s);

/*
 * The PE's bounded wavelet queues.  A wavelet is 32 bits of payload and
 * a control bit (doc/PE-ABI.md section 10), kept per slot in q->ctl
 * (zero when the queue holds no control wavelet).
 */
static inline bool wse_fifo_push_w(struct wse_fifo *q, u32 v, bool ctl)
{
	u32 i;

	if (q->count >= WSE_NET_DEPTH)
		return false;
	i = (q->head + q->count) % WSE_NET_DEPTH;
	q->v[i] = v;
	q->ctl = (u8)((q->ctl & ~(1u << i)) | (u32)ctl << i);
	q->count++;
	return true;
}

static inline bool wse_fifo_push(struct wse_fifo *q, u32 v)
{
	return wse_fifo_push_w(q, v, false);
}

/* True if the wavelet @k places behind the head is a control wavelet. */
static inline bool wse_fifo_ctl_at(const struct wse_fifo *q, u32 k)
{
	return k < q->count && k < WSE_NET_DEPTH &&
	       (q->ctl >> ((q->head + k) % WSE_NET_DEPTH) & 1);
}

static inline bool wse_fifo_pop_w(struct wse_fifo *q, u32 *v, bool *ctl)
{
	u32 i;

	if (!q->count || q->count > WSE_NET_DEPTH)
		return false;
	i = q->head % WSE_NET_DEPTH;
	*v = q->v[i];
	*ctl = q->ctl >> i & 1;
	q->ctl &= (u8)~(1u << i);
	q->head = (q->head + 1) % WSE_NET_DEPTH;
	q->count--;
	return true;
}

static inline bool wse_fifo_pop(struct wse_fifo *q, u32 *v)
{
	bool ctl;

	return wse_fifo_pop_w(q, v, &ctl);
}

/* Between wse_pe.c (ecalls) and wse_pe_fabric.c (fabric ops). */
#define WSE_VOPND_SCALAR	0xff	/* struct wse_vopnd.kind: a scalar */

void wse_pe_fault(struct wse_pe *pe, u32 cause, u32 pc, u32 addr);

/* An async op with completion @task (a5, not WSE_VEC_NO_TASK) finished. */
static inline void wse_pe_task_done(struct wse_pe *pe, u32 task)
{
	if (task & WSE_VEC_TASK_UNBLOCK)
		pe->done_unblock |= 1u << (task & 31);
	else
		pe->done_tasks |= 1u << (task & 31);
}

static inline bool wse_pe_tasks_pending(const struct wse_pe *pe)
{
	return pe->done_tasks || pe->done_unblock;
}

/*
 * WAIT's WSE_EV_TASKS event: a1 = the tasks to activate, buffer[0] = the
 * tasks to unblock (the buffer was checked by WAIT).
 */
static inline void wse_pe_tasks_event(struct wse_pe *pe)
{
	pe->x[10] = WSE_EV_TASKS;
	pe->x[11] = pe->done_tasks;
	if (in_mem(pe->wait_buf, 4))
		st32(pe->mem + pe->wait_buf, pe->done_unblock);
	pe->done_tasks = 0;
	pe->done_unblock = 0;
}

/*
 * The ecalls of every launch and task, WAIT (WAIT_CALL, WAIT_AGAIN) and
 * UNBLOCK_CMD_STREAM, in
 * line in the interpreter (no call, one compare each: under TCG every
 * call, return and level of a switch's compare tree is a translation
 * block).  True if done (cost 1); false for any other ecall, for a
 * WAIT whose buffer is out of memory and for a WAIT_AGAIN with no
 * WAIT_CALL before it, which wse_pe_ecall() faults.
 */
static inline bool wse_pe_ecall_hot(struct wse_pe *pe)
{
	u32 a0 = pe->x[10], a7 = pe->x[17];

	if (a7 == WSE_EC_UNBLOCK_CMD_STREAM) {
		pe->unblocked = true;
		return true;
	}
	/* the buffer and return address of the last WAIT_CALL, checked then */
	if (a7 == WSE_EC_WAIT_AGAIN && pe->wait_call)
		goto wait;
	if ((a7 != WSE_EC_WAIT && a7 != WSE_EC_WAIT_CALL) || !in_mem(a0, 64))
		return false;
	pe->wait_buf = a0;
	pe->wait_call = a7 == WSE_EC_WAIT_CALL;
	pe->wait_ret = pe->x[12];
wait:
	if (wse_pe_tasks_pending(pe))	/* the first event, at once */
		wse_pe_tasks_event(pe);
	else
		pe->state = WSE_PE_WAITING;
	return true;
}

/*
 * Issue the validated op @v (a fabric operand, n >= 1) at the ecall at
 * @pc; elements that can be done now are done.  Returns them (the cost);
 * the PE may be BLOCKED afterwards (pc stays at the ecall).
 */
u32 wse_vop_issue(struct wse_pe *pe, const struct wse_vop *v);

/* Clear the fabric side of a PE (ops, colors, queues), keep pe->rt. */
void wse_pe_fabric_reset(struct wse_pe *pe);

/* Drop every op in progress (fault, halt). */
void wse_pe_drop_ops(struct wse_pe *pe);

/*
 * A run of wavelets of color @c for the PE (wse_net_inject_ramp()): how
 * many its one consumer of @c takes, one by one as each enters the empty
 * input queue, with no instruction in between -- nonzero only for an
 * async op whose only fabric operand is a fabin source of @c, no FP, and
 * no other op or data task on @c.  wse_pe_fabin_feed() gives it @n <= that
 * many (@v: n 32-bit words, any alignment; elements charged as in
 * wse_pe_poll(); its task reported when it completes).
 */
u32 wse_pe_fabin_want(const struct wse_pe *pe, u32 c);
void wse_pe_fabin_feed(struct wse_pe *pe, u32 c, const u8 *v, u32 n);

/* One reason a PE stands still, for wse_net_report(). */
struct wse_pe_stall {
	u8 kind;		/* WSE_STALL_RECV or WSE_STALL_SEND */
	u8 color;
	u32 count;		/* elements still due */
};

/*
 * Fill @s (room for 2 * (WSE_PE_MAX_VOPS + 1)) with the PE's ops that
 * wait for a wavelet or for room, return how many; *@idle gets the colors
 * whose input queue nothing takes (no data task or blocked, no fabin op).
 */
u32 wse_pe_stalls(const struct wse_pe *pe, struct wse_pe_stall *s, u32 *idle);

#endif /* _WSE_PE_PRIV_H */
