// SPDX-License-Identifier: GPL-2.0
/*
 * A PE's state, its ecall builtins and CSRs (doc/PE-ABI.md).  The
 * instruction loop, wse_pe_run(), lives in the FPU object wse_pe_fp.c so
 * that float instructions cost no call; it comes here for ecalls and CSRs.
 *
 * Conventions where PE-ABI.md leaves room:
 *  - a fetch fault reports pc = addr = the bad pc (the jump target);
 *  - a load/store both out of range and misaligned is LOAD/STORE;
 *  - ECALL faults report addr = a7 for an unknown builtin, else the bad
 *    pointer (or the DSD address for a bad DSD, the op for a bad op);
 *  - a vector op costs max(len, 1) against the budget and in instret
 *    (instret == the budget consumed);
 *  - cycle and WSE_EC_TIMESTAMP read the device clock, wse_pe_clock(),
 *    not instret: host-side timing (tic/toc launches around copies)
 *    needs a clock that runs while the PE waits.
 */
#include "wse_net.h"
#include "wse_pe_priv.h"

struct wse_dsd {
	u32 addr;
	u32 len;
	u32 stride;	/* s32 */
	u32 fabric;	/* WSE_DSD_FABRIC() or 0 */
};

void wse_pe_init(struct wse_pe *pe, u8 *mem, u16 px, u16 py, u16 rect_w,
		 u16 rect_h)
{
	struct wse_router *rt = pe->rt;	/* the net's, see wse_net_init() */

	memset(pe, 0, sizeof(*pe));
	pe->rt = rt;
	pe->mem = mem;
	pe->px = px;
	pe->py = py;
	pe->rect_w = rect_w;
	pe->rect_h = rect_h;
	pe->state = WSE_PE_HALTED;
}

void wse_pe_start(struct wse_pe *pe, u32 entry)
{
	memset(pe->x, 0, sizeof(pe->x));
	memset(pe->f, 0, sizeof(pe->f));
	pe->fcsr = 0;
	pe->pc = entry;
	pe->wait_buf = 0;
	pe->wait_call = false;
	pe->unblocked = false;
	pe->fault.cause = WSE_FAULT_NONE;
	pe->fault.pc = 0;
	pe->fault.addr = 0;
	wse_pe_fabric_reset(pe);
	pe->state = WSE_PE_RUNNING;
}

void wse_pe_fault(struct wse_pe *pe, u32 cause, u32 pc, u32 addr)
{
	pe->state = WSE_PE_FAULTED;
	pe->fault.cause = cause;
	pe->fault.pc = pc;
	pe->fault.addr = addr;
	pe->pc = pc;
	wse_pe_drop_ops(pe);
}

void wse_pe_halt(struct wse_pe *pe, u32 cause)
{
	if (pe->state == WSE_PE_RUNNING || pe->state == WSE_PE_WAITING ||
	    pe->state == WSE_PE_BLOCKED)
		wse_pe_fault(pe, cause, pe->pc, 0);
}

int __wse_pe_launch_fault(struct wse_pe *pe)
{
	/* WAIT checked the buffer; only a caller poking wait_buf gets here */
	wse_pe_fault(pe, WSE_FAULT_ECALL, pe->pc - 4, pe->wait_buf);
	return -EFAULT;
}

int wse_pe_launch(struct wse_pe *pe, u32 fn, const u32 *args, u32 argc)
{
	u32 words[WSE_MAX_LAUNCH_ARGS], k;

	for (k = 0; k < WSE_MAX_LAUNCH_ARGS; k++)
		words[k] = k < argc ? args[k] : 0;
	return wse_pe_launch_words(pe, fn, words);
}

/*
 * Read and check the DSD at @p (elements of @es bytes) as a destination
 * (@dst) or a source; *@len gets its own len.  A fabric DSD must be of the
 * right kind for its place, on a color this PE's route lets it use; a
 * memory DSD must lie in memory over its own len.  Returns false on any
 * violation.
 */
static bool get_dsd(const struct wse_pe *pe, u32 p, u32 es, u32 *len, bool dst,
		    struct wse_vopnd *o)
{
	const u8 *mem = pe->mem;
	struct wse_dsd d;
	s64 first, last, lo, hi;

	if (!in_mem(p, sizeof(d)))
		return false;
	memcpy(&d, mem + p, sizeof(d));
	if (d.len > WSE_VEC_MAX_LEN)
		return false;
	*len = d.len;
	if (d.fabric) {
		u32 kind = WSE_DSD_KIND(d.fabric), c = WSE_DSD_COLOR(d.fabric);
		u32 q = WSE_DSD_QUEUE(d.fabric);
		const struct wse_route *r;

		u32 ctl = d.fabric & WSE_DSD_CONTROL;

		/* bits 31:25 are reserved; only a fabout sends control */
		if (kind != (dst ? WSE_DSD_FABOUT : WSE_DSD_FABIN) ||
		    (d.fabric >> 25) || (ctl && !dst) ||
		    q >= WSE_NR_QUEUES || c >= WSE_NR_COLORS || d.addr ||
		    d.stride || !d.len || !pe->rt)
			return false;
		r = &pe->rt->route[c];
		if (!((dst ? r->rx : r->tx) & WSE_PORT_RAMP))
			return false;
		o->kind = (u8)kind;
		o->color = (u8)c;
		o->queue = (u8)q;
		o->ctl = ctl != 0;
		o->addr = 0;
		o->step = 0;
		return true;
	}
	if (d.addr & (es - 1))
		return false;
	/* the whole DSD (its own len) must lie in memory, either direction */
	first = d.addr;
	last = first + (s64)(d.len ? d.len - 1 : 0) * (s32)d.stride * es;
	lo = first < last ? first : last;
	hi = (first < last ? last : first) + es;
	if (d.len && (lo < 0 || hi > MEM))
		return false;
	o->kind = WSE_DSD_MEM;
	o->color = 0;
	o->queue = 0;
	o->ctl = false;
	o->addr = d.addr;
	o->step = d.stride * es;
	return true;
}

static inline void set_scalar(struct wse_vopnd *o, u32 bits)
{
	o->kind = WSE_VOPND_SCALAR;
	o->color = 0;
	o->queue = 0;
	o->ctl = false;
	o->addr = bits;
	o->step = 0;
}

static inline bool is_fab(const struct wse_vopnd *o)
{
	return o->kind == WSE_DSD_FABIN || o->kind == WSE_DSD_FABOUT;
}

/*
 * The length of a vector op (PE-ABI section 3, CSL's rule): the first
 * memory DSD among dst, src0, src1 governs, fabric extents are ignored
 * then; with no memory DSD (fabric and scalar operands only) the
 * destination's extent does.  Every other memory source must have at
 * least that many elements.
 */
static int op_len(const struct wse_vopnd *o[3], const u32 len[3], u32 *n)
{
	int i, gov = 0;

	for (i = 2; i >= 0; i--)
		if (o[i]->kind == WSE_DSD_MEM)
			gov = i;
	*n = len[gov];
	for (i = 0; i < 3; i++)
		if (o[i]->kind == WSE_DSD_MEM && len[i] < *n)
			return i;
	return -1;
}

/* ecall WSE_EC_VEC.  Returns the cost; @pe may have faulted or blocked. */
static u32 pe_vec(struct wse_pe *pe, u32 pc)
{
	u32 *x = pe->x, op = x[10], code = op & 0xff, n, i, task = x[15];
	bool scalar = op & WSE_VEC_SCALAR, async = op & WSE_VEC_ASYNC, unary;
	bool mov = code == WSE_VEC_MOV32 || code == WSE_VEC_MOV16;
	u32 es = code == WSE_VEC_MOV16 || WSE_VEC_IS_F16(code) ? 2 : 4;
	u32 len[3] = { 0, 0, 0 };
	const struct wse_vopnd *ops[3];
	struct wse_vop v;
	int bad;
	u8 *mem = pe->mem;

	unary = mov || code == WSE_VEC_FNEGS;
	if ((op & ~0x3ffu) || code < WSE_VEC_MOV32 || code > WSE_VEC_FMACH ||
	    (code == WSE_VEC_FNEGS && scalar)) {
		wse_pe_fault(pe, WSE_FAULT_ECALL, pc, op);
		return 0;
	}
	if (!get_dsd(pe, x[11], es, &len[0], true, &v.d)) {
		wse_pe_fault(pe, WSE_FAULT_ECALL, pc, x[11]);
		return 0;
	}
	if (mov && scalar) {	/* a scalar source: a2 = its bits */
		set_scalar(&v.a, x[12]);
	} else if (!get_dsd(pe, x[12], es, &len[1], false, &v.a)) {
		wse_pe_fault(pe, WSE_FAULT_ECALL, pc, x[12]);
		return 0;
	}
	if (!unary && !scalar) {
		if (!get_dsd(pe, x[13], es, &len[2], false, &v.b)) {
			wse_pe_fault(pe, WSE_FAULT_ECALL, pc, x[13]);
			return 0;
		}
	} else {
		set_scalar(&v.b, unary ? 0 : x[13]);
	}
	ops[0] = &v.d;
	ops[1] = &v.a;
	ops[2] = &v.b;
	bad = op_len(ops, len, &n);
	if (bad >= 0) {
		wse_pe_fault(pe, WSE_FAULT_ECALL, pc, x[11 + bad]);
		return 0;
	}
	if (async && (task & ~WSE_VEC_TASK_UNBLOCK) >= WSE_NR_LOCAL_TASK_IDS &&
	    task != WSE_VEC_NO_TASK) {
		wse_pe_fault(pe, WSE_FAULT_ECALL, pc, task);
		return 0;
	}
	if (n && (is_fab(&v.d) || is_fab(&v.a) || is_fab(&v.b))) {
		v.op = (u16)code;
		v.task = async ? (u8)task : WSE_VEC_NO_TASK;
		v.active = true;
		v.async = async;
		v.n = n;
		v.done = 0;
		v.s = x[14];
		return wse_vop_issue(pe, &v);
	}
	switch (code) {
	case WSE_VEC_MOV32:
		for (i = 0; i < n; i++)
			st32(mem + (v.d.addr + i * v.d.step), scalar ? x[12] :
			     ld32(mem + (v.a.addr + i * v.a.step)));
		break;
	case WSE_VEC_MOV16:
		for (i = 0; i < n; i++)
			st16(mem + (v.d.addr + i * v.d.step), scalar ? (u16)x[12] :
			     ld16(mem + (v.a.addr + i * v.a.step)));
		break;
	case WSE_VEC_FNEGS:	/* a sign flip, as fneg.s */
		for (i = 0; i < n; i++)
			st32(mem + (v.d.addr + i * v.d.step),
			     ld32(mem + (v.a.addr + i * v.a.step)) ^ 0x80000000u);
		break;
	case WSE_VEC_FADDH ... WSE_VEC_FMACH:	/* binary16 */
		for (i = 0; i < n; i++)
			st16(mem + (v.d.addr + i * v.d.step),
			     (u16)wse_fp_elem(pe, code,
					ld16(mem + (v.a.addr + i * v.a.step)),
					scalar ? x[13] :
					ld16(mem + (v.b.addr + i * v.b.step)),
					x[14]));
		break;
	default: {
		struct wse_vd d = { v.d.addr, v.d.step };
		struct wse_vd a = { v.a.addr, v.a.step };
		struct wse_vd b = { v.b.addr, v.b.step };

		wse_fp_vec(pe, code, n, &d, &a, scalar ? NULL : &b, x[13],
			   x[14]);
		break;
	}
	}
	if (async && task != WSE_VEC_NO_TASK)
		wse_pe_task_done(pe, task);
	return n ? n : 1;
}

u64 wse_pe_clock(void)
{
	u64 ns = wse_clock_ns();

	/* 0.85 cycles per ns, without overflow for 34 years of ns */
	return ns / 20 * 17 + ns % 20 * 17 / 20;
}

u32 wse_pe_ecall(struct wse_pe *pe, u32 pc)
{
	u32 *x = pe->x, a0 = x[10], i;
	u64 now;

	if (wse_pe_ecall_hot(pe))
		return 1;
	switch (x[17]) {
	case WSE_EC_WAIT:	/* a bad buffer: wse_pe_ecall_hot() left it */
	case WSE_EC_WAIT_CALL:
		break;
	case WSE_EC_WAIT_AGAIN:	/* no WAIT_CALL to repeat */
		wse_pe_fault(pe, WSE_FAULT_ECALL, pc, x[17]);
		return 0;
	case WSE_EC_SELF:
		x[10] = pe->px | (u32)pe->py << 16;
		x[11] = pe->rect_w | (u32)pe->rect_h << 16;
		return 1;
	case WSE_EC_TIMESTAMP:
		if (!in_mem(a0, 6))
			break;
		now = wse_pe_clock();
		for (i = 0; i < 3; i++)
			st16(pe->mem + a0 + 2 * i, (u16)(now >> (16 * i)));
		return 1;
	case WSE_EC_VEC:
		return pe_vec(pe, pc);
	case WSE_EC_TRACE:
		pe->last_trace = a0;
		pe->nr_traces++;
		return 1;
	case WSE_EC_COLOR_CTL:
		if (a0 >= WSE_NR_COLORS)
			break;
		switch (x[11]) {
		case WSE_COLOR_BIND_DATA:
			pe->data_colors |= 1u << a0;
			return 1;
		case WSE_COLOR_UNBIND_DATA:
			pe->data_colors &= ~(1u << a0);
			return 1;
		case WSE_COLOR_BLOCK:
			pe->blocked_colors |= 1u << a0;
			return 1;
		case WSE_COLOR_UNBLOCK:
			pe->blocked_colors &= ~(1u << a0);
			return 1;
		}
		wse_pe_fault(pe, WSE_FAULT_ECALL, pc, x[11]);
		return 0;
	default:
		wse_pe_fault(pe, WSE_FAULT_ECALL, pc, x[17]);
		return 0;
	}
	wse_pe_fault(pe, WSE_FAULT_ECALL, pc, a0);
	return 0;
}

bool wse_pe_csr(struct wse_pe *pe, u32 insn, u64 instret)
{
	u32 f3 = (insn >> 12) & 7, rd = (insn >> 7) & 31, rs1 = (insn >> 15) & 31;
	u32 src = f3 & 4 ? rs1 : pe->x[rs1], old, v;
	bool wr = (f3 & 3) == 1 || rs1;	/* csrrw always writes */

	if ((insn >> 20) - 1 < 3)	/* fflags, frm, fcsr */
		wse_fp_sync(pe);

	switch (insn >> 20) {
	case 0x001:
		old = pe->fcsr & 0x1f;
		break;
	case 0x002:
		old = pe->fcsr >> 5 & 7;
		break;
	case 0x003:
		old = pe->fcsr & 0xff;
		break;
	case 0xc00:
		old = (u32)wse_pe_clock();
		goto ro;
	case 0xc02:
		old = (u32)instret;
		goto ro;
	case 0xc80:
		old = (u32)(wse_pe_clock() >> 32);
		goto ro;
	case 0xc82:
		old = (u32)(instret >> 32);
ro:
		if (wr)
			return false;
		pe->x[rd] = old;
		return true;
	default:
		return false;
	}
	switch (f3 & 3) {
	case 1:
		v = src;
		break;
	case 2:
		v = old | src;
		break;
	default:
		v = old & ~src;
		break;
	}
	switch (insn >> 20) {
	case 0x001:
		pe->fcsr = (pe->fcsr & ~0x1fu) | (v & 0x1f);
		break;
	case 0x002:
		pe->fcsr = (pe->fcsr & 0x1f) | (v & 7) << 5;
		break;
	default:
		pe->fcsr = v & 0xff;
		break;
	}
	wse_fp_enter();		/* drop status already in fflags */
	pe->x[rd] = old;
	return true;
}

/* R-type (opcode 0x33) by funct7 << 3 | funct3: funct7 0, 0x20 and 1 */
static u8 op_r(u32 f7, u32 f3)
{
	static const u8 base[8] = { OP_ADD, OP_SLL, OP_SLT, OP_SLTU, OP_XOR,
				    OP_SRL, OP_OR, OP_AND };
	static const u8 alt[8] = { OP_SUB, 0, 0, 0, 0, OP_SRA, 0, 0 };
	static const u8 m[8] = { OP_MUL, OP_MULH, OP_MULHSU, OP_MULHU, OP_DIV,
				 OP_DIVU, OP_REM, OP_REMU };

	switch (f7) {
	case 0x00:
		return base[f3];
	case 0x20:
		return alt[f3];
	case 0x01:
		return m[f3];
	}
	return OP_ILLEGAL;
}

/* OP-FP (0x53): the frequent instructions get their own op, in line. */
static u8 op_fp(u32 f7, u32 f3, u32 rs2, u32 *imm)
{
	switch (f7) {
	case 0x00:
	case 0x04:
	case 0x08:
	case 0x0c:
		if (f3 && f3 != 7)
			break;
		*imm = f3 == 7;
		return OP_FADD + (f7 >> 2);
	case 0x10:
		if (f3 > 2)
			break;
		*imm = f3;
		return OP_FSGNJ;
	case 0x50:
		if (f3 > 2)
			break;
		*imm = f3;
		return OP_FCMP;
	case 0x60:
		if (f3 > 4 || rs2 > 1)
			break;
		*imm = f3 | rs2 << 8;
		return OP_FCVT_W_S;
	case 0x70:
		if (f3 || rs2)
			break;
		return OP_FMV_X_W;
	case 0x78:
		if (f3 || rs2)
			break;
		return OP_FMV_W_X;
	}
	return OP_FP;
}

/*
 * Everything wse_pe_run() needs to execute @insn but the pc; illegal
 * encodings become OP_ILLEGAL (F instructions other than OP-FP's frequent
 * ones are checked when they run, by fp_exec()).
 */
void wse_pe_decode(struct wse_pe_dc *e, u32 insn)
{
	static const u8 br[8] = { OP_BEQ, OP_BNE, 0, 0, OP_BLT, OP_BGE,
				  OP_BLTU, OP_BGEU };
	static const u8 ld[8] = { OP_LB, OP_LH, OP_LW, 0, OP_LBU, OP_LHU,
				  0, 0 };
	static const u8 st[8] = { OP_SB, OP_SH, OP_SW, 0, 0, 0, 0, 0 };
	static const u8 alu[8] = { OP_ADDI, OP_SLLI, OP_SLTI, OP_SLTIU,
				   OP_XORI, OP_SRLI, OP_ORI, OP_ANDI };
	u32 rd = insn >> 7 & 31, f3 = insn >> 12 & 7, rs2 = insn >> 20 & 31;
	u32 f7 = insn >> 25, imm = (u32)((s32)insn >> 20);
	u32 simm = (u32)(((s32)insn >> 20 & ~31) | rd);
	u8 op = OP_ILLEGAL;

	switch (insn & 0x7f) {
	case 0x37:
		op = OP_LUI;
		imm = insn & 0xfffff000u;
		break;
	case 0x17:
		op = OP_AUIPC;
		imm = insn & 0xfffff000u;
		break;
	case 0x6f:
		op = OP_JAL;
		imm = (u32)((s32)(insn & 0x80000000u) >> 11) |
		      (insn & 0xff000) | ((insn >> 9) & 0x800) |
		      ((insn >> 20) & 0x7fe);
		break;
	case 0x67:
		if (!f3)
			op = OP_JALR;
		break;
	case 0x63:
		op = br[f3];
		imm = (u32)((s32)(insn & 0x80000000u) >> 19) |
		      ((insn << 4) & 0x800) | ((insn >> 20) & 0x7e0) |
		      ((insn >> 7) & 0x1e);
		break;
	case 0x03:
		op = ld[f3];
		break;
	case 0x23:
		op = st[f3];
		imm = simm;
		break;
	case 0x07:
		if (f3 == 2)
			op = OP_FLW;
		break;
	case 0x27:
		if (f3 == 2)
			op = OP_FSW;
		imm = simm;
		break;
	case 0x13:
		op = alu[f3];
		if (f3 == 1 && f7)
			op = OP_ILLEGAL;
		if (f3 == 5 && f7 == 0x20)
			op = OP_SRAI;
		else if (f3 == 5 && f7)
			op = OP_ILLEGAL;
		if (f3 == 1 || f3 == 5)
			imm = rs2;	/* shamt */
		break;
	case 0x33:
		op = op_r(f7, f3);
		break;
	case 0x0f:
		if (f3 <= 1)
			op = OP_NOP;
		break;
	case 0x73:
		if (insn == 0x00000073)
			op = OP_ECALL;
		else if (insn == 0x00100073)
			op = OP_EBREAK;
		else if (f3 && f3 != 4)
			op = OP_CSR;
		break;
	case 0x43:
	case 0x47:
	case 0x4b:
	case 0x4f:
		op = OP_FP;
		break;
	case 0x53:
		op = op_fp(f7, f3, rs2, &imm);
		break;
	}
	/* x0 stays 0 without a store per instruction: writes go to x[32] */
	if (!rd && ((op >= OP_LUI && op <= OP_JALR) ||
		    (op >= OP_LB && op <= OP_LHU) ||
		    (op >= OP_ADDI && op <= OP_REMU) || op == OP_FCMP ||
		    op == OP_FMV_X_W || op == OP_FCVT_W_S))
		rd = WSE_PE_X0_SINK;
	e->raw = insn;
	e->imm = imm;
	e->op = op;
	e->rd = (u8)rd;
	e->rs1 = (u8)(insn >> 15 & 31);
	e->rs2 = (u8)rs2;
}
