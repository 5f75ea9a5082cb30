// SPDX-License-Identifier: GPL-2.0
/*
 * The RV32IM(F) interpreter of a PE and its ecall builtins
 * (doc/PE-ABI.md).  Float instructions go to the FPU object wse_pe_fp.c.
 *
 * Speed: one switch per instruction on the major opcode, pc, memory and
 * register pointers in locals, a budget counter; x0 is re-zeroed before
 * every instruction instead of testing rd.  Memory is little endian, as
 * the host (x86-64) is.
 *
 * Conventions where PE-ABI.md leaves room:
 *  - a fetch fault reports pc = addr = the bad pc (the jump target);
 *  - a load/store both out of range and misaligned is LOAD/STORE;
 *  - ECALL faults report addr = a7 for an unknown builtin, else the bad
 *    pointer (or the DSD address for a bad DSD, the op for a bad op);
 *  - a vector op costs max(len, 1) against the budget and in instret
 *    (cycle == instret == the budget consumed).
 */
#include "wse_pe_priv.h"

#define MEM		WSE_PE_MEM_BYTES

struct wse_dsd {
	u32 addr;
	u32 len;
	u32 stride;	/* s32 */
	u32 reserved;
};

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

void wse_pe_init(struct wse_pe *pe, u8 *mem, u16 px, u16 py, u16 rect_w,
		 u16 rect_h)
{
	memset(pe, 0, sizeof(*pe));
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
	pe->unblocked = false;
	pe->fault.cause = WSE_FAULT_NONE;
	pe->fault.pc = 0;
	pe->fault.addr = 0;
	pe->state = WSE_PE_RUNNING;
}

static void pe_fault(struct wse_pe *pe, u32 cause, u32 pc, u32 addr)
{
	pe->state = WSE_PE_FAULTED;
	pe->fault.cause = cause;
	pe->fault.pc = pc;
	pe->fault.addr = addr;
	pe->pc = pc;
}

void wse_pe_halt(struct wse_pe *pe, u32 cause)
{
	if (pe->state == WSE_PE_RUNNING || pe->state == WSE_PE_WAITING)
		pe_fault(pe, cause, pe->pc, 0);
}

int wse_pe_launch(struct wse_pe *pe, u32 fn, const u32 *args, u32 argc)
{
	u32 i;

	if (pe->state != WSE_PE_WAITING)
		return -EBUSY;
	if (!in_mem(pe->wait_buf, 64)) {
		/* WAIT checked it; only a caller poking wait_buf gets here */
		pe_fault(pe, WSE_FAULT_ECALL, pe->pc - 4, pe->wait_buf);
		return -EFAULT;
	}
	if (argc > WSE_MAX_LAUNCH_ARGS)
		argc = WSE_MAX_LAUNCH_ARGS;
	for (i = 0; i < WSE_MAX_LAUNCH_ARGS; i++)
		st32(pe->mem + pe->wait_buf + 4 * i, i < argc ? args[i] : 0);
	pe->x[10] = WSE_EV_LAUNCH;
	pe->x[11] = fn;
	pe->unblocked = false;
	pe->state = WSE_PE_RUNNING;
	return 0;
}

/*
 * Read and check the DSD at @p for @n elements of @es bytes (n = its own
 * len when @n is ~0).  Returns false on any violation.
 */
static bool get_dsd(const u8 *mem, u32 p, u32 es, u32 *n, struct wse_vd *vd)
{
	struct wse_dsd d;
	s64 first, last, lo, hi;

	if (!in_mem(p, sizeof(d)))
		return false;
	memcpy(&d, mem + p, sizeof(d));
	if (d.len > WSE_VEC_MAX_LEN || (d.addr & (es - 1)))
		return false;
	if (*n == ~0u)
		*n = d.len;
	else if (d.len < *n)
		return false;
	/* the whole DSD (its own len) must lie in memory, either direction */
	first = d.addr;
	last = first + (s64)(d.len ? d.len - 1 : 0) * (s32)d.stride * es;
	lo = first < last ? first : last;
	hi = (first < last ? last : first) + es;
	if (d.len && (lo < 0 || hi > MEM))
		return false;
	vd->addr = d.addr;
	vd->step = d.stride * es;
	return true;
}

/* ecall WSE_EC_VEC.  Returns the cost, or 0 after faulting @pe. */
static u32 pe_vec(struct wse_pe *pe, u32 pc)
{
	u32 *x = pe->x, op = x[10], code = op & 0xff, n = ~0u, i;
	bool scalar = op & WSE_VEC_SCALAR, unary;
	u32 es = code == WSE_VEC_MOV16 ? 2 : 4;
	struct wse_vd d, a, b;
	u8 *mem = pe->mem;

	unary = code == WSE_VEC_MOV32 || code == WSE_VEC_MOV16 ||
		code == WSE_VEC_FNEGS;
	if ((op & ~0x1ffu) || code < WSE_VEC_MOV32 || code > WSE_VEC_FMAXS ||
	    (unary && scalar)) {
		pe_fault(pe, WSE_FAULT_ECALL, pc, op);
		return 0;
	}
	if (!get_dsd(mem, x[11], es, &n, &d)) {
		pe_fault(pe, WSE_FAULT_ECALL, pc, x[11]);
		return 0;
	}
	if (!get_dsd(mem, x[12], es, &n, &a)) {
		pe_fault(pe, WSE_FAULT_ECALL, pc, x[12]);
		return 0;
	}
	if (!unary && !scalar && !get_dsd(mem, x[13], es, &n, &b)) {
		pe_fault(pe, WSE_FAULT_ECALL, pc, x[13]);
		return 0;
	}
	switch (code) {
	case WSE_VEC_MOV32:
		for (i = 0; i < n; i++)
			st32(mem + (d.addr + i * d.step),
			     ld32(mem + (a.addr + i * a.step)));
		break;
	case WSE_VEC_MOV16:
		for (i = 0; i < n; i++)
			st16(mem + (d.addr + i * d.step),
			     ld16(mem + (a.addr + i * a.step)));
		break;
	case WSE_VEC_FNEGS:	/* a sign flip, as fneg.s */
		for (i = 0; i < n; i++)
			st32(mem + (d.addr + i * d.step),
			     ld32(mem + (a.addr + i * a.step)) ^ 0x80000000u);
		break;
	default:
		wse_fp_vec(pe, code, n, &d, &a, scalar ? NULL : &b, x[13],
			   x[14]);
		break;
	}
	return n ? n : 1;
}

/* ecall: returns the cost (>= 1), or 0 if @pe left RUNNING state. */
static u32 pe_ecall(struct wse_pe *pe, u32 pc, u64 now)
{
	u32 *x = pe->x, a0 = x[10], i;

	switch (x[17]) {
	case WSE_EC_WAIT:
		if (!in_mem(a0, 64))
			break;
		pe->wait_buf = a0;
		pe->state = WSE_PE_WAITING;
		return 1;
	case WSE_EC_UNBLOCK_CMD_STREAM:
		pe->unblocked = true;
		return 1;
	case WSE_EC_SELF:
		x[10] = pe->px | (u32)pe->py << 16;
		x[11] = pe->rect_w | (u32)pe->rect_h << 16;
		return 1;
	case WSE_EC_TIMESTAMP:
		if (!in_mem(a0, 6))
			break;
		for (i = 0; i < 3; i++)
			st16(pe->mem + a0 + 2 * i, (u16)(now >> (16 * i)));
		return 1;
	case WSE_EC_VEC:
		return pe_vec(pe, pc);
	case WSE_EC_TRACE:
		pe->last_trace = a0;
		pe->nr_traces++;
		return 1;
	default:
		pe_fault(pe, WSE_FAULT_ECALL, pc, x[17]);
		return 0;
	}
	pe_fault(pe, WSE_FAULT_ECALL, pc, a0);
	return 0;
}

/* CSR instructions; false if illegal. */
static bool pe_csr(struct wse_pe *pe, u32 insn, u64 now)
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
	case 0xc02:
		old = (u32)now;
		goto ro;
	case 0xc80:
	case 0xc82:
		old = (u32)(now >> 32);
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

u32 wse_pe_run(struct wse_pe *pe, u32 budget)
{
	u32 *x = pe->x;
	u8 *mem = pe->mem;
	u32 pc = pe->pc, n = 0, insn = 0, cause, addr;

	if (pe->state != WSE_PE_RUNNING)
		return 0;
	wse_fp_enter();
	while (n < budget) {
		u32 rd, a, b, imm, f3, t;

		if (pc >= MEM || (pc & 3)) {
			cause = WSE_FAULT_FETCH;
			addr = pc;
			goto fault;
		}
		insn = ld32(mem + pc);
		x[0] = 0;
		rd = (insn >> 7) & 31;
		f3 = (insn >> 12) & 7;
		a = x[(insn >> 15) & 31];
		b = x[(insn >> 20) & 31];
		switch (insn & 0x7f) {
		case 0x37:	/* lui */
			x[rd] = insn & 0xfffff000u;
			break;
		case 0x17:	/* auipc */
			x[rd] = pc + (insn & 0xfffff000u);
			break;
		case 0x6f:	/* jal */
			imm = (u32)((s32)(insn & 0x80000000u) >> 11) |
			      (insn & 0xff000) | ((insn >> 9) & 0x800) |
			      ((insn >> 20) & 0x7fe);
			x[rd] = pc + 4;
			pc += imm;
			n++;
			continue;
		case 0x67:	/* jalr */
			if (f3)
				goto illegal;
			t = (a + (u32)((s32)insn >> 20)) & ~1u;
			x[rd] = pc + 4;
			pc = t;
			n++;
			continue;
		case 0x63:	/* branches */
			switch (f3) {
			case 0:
				t = a == b;
				break;
			case 1:
				t = a != b;
				break;
			case 4:
				t = (s32)a < (s32)b;
				break;
			case 5:
				t = (s32)a >= (s32)b;
				break;
			case 6:
				t = a < b;
				break;
			case 7:
				t = a >= b;
				break;
			default:
				goto illegal;
			}
			if (t) {
				pc += (u32)((s32)(insn & 0x80000000u) >> 19) |
				      ((insn << 4) & 0x800) |
				      ((insn >> 20) & 0x7e0) |
				      ((insn >> 7) & 0x1e);
				n++;
				continue;
			}
			break;
		case 0x03:	/* loads */
			addr = a + (u32)((s32)insn >> 20);
			cause = WSE_FAULT_LOAD;
			switch (f3) {
			case 0:
			case 4:
				if (addr >= MEM)
					goto fault;
				x[rd] = f3 ? mem[addr] : (u32)(s8)mem[addr];
				break;
			case 1:
			case 5:
				if (addr >= MEM - 1)
					goto fault;
				if (addr & 1)
					goto misaligned;
				t = ld16(mem + addr);
				x[rd] = f3 == 5 ? t : (u32)(s16)t;
				break;
			case 2:
				if (addr >= MEM - 3)
					goto fault;
				if (addr & 3)
					goto misaligned;
				x[rd] = ld32(mem + addr);
				break;
			default:
				goto illegal;
			}
			break;
		case 0x23:	/* stores */
			addr = a + (u32)(((s32)insn >> 20 & ~31) | rd);
			cause = WSE_FAULT_STORE;
			switch (f3) {
			case 0:
				if (addr >= MEM)
					goto fault;
				mem[addr] = (u8)b;
				break;
			case 1:
				if (addr >= MEM - 1)
					goto fault;
				if (addr & 1)
					goto misaligned;
				st16(mem + addr, (u16)b);
				break;
			case 2:
				if (addr >= MEM - 3)
					goto fault;
				if (addr & 3)
					goto misaligned;
				st32(mem + addr, b);
				break;
			default:
				goto illegal;
			}
			break;
		case 0x07:	/* flw */
			addr = a + (u32)((s32)insn >> 20);
			cause = WSE_FAULT_LOAD;
			if (f3 != 2)
				goto illegal;
			if (addr >= MEM - 3)
				goto fault;
			if (addr & 3)
				goto misaligned;
			pe->f[rd] = ld32(mem + addr);
			break;
		case 0x27:	/* fsw */
			addr = a + (u32)(((s32)insn >> 20 & ~31) | rd);
			cause = WSE_FAULT_STORE;
			if (f3 != 2)
				goto illegal;
			if (addr >= MEM - 3)
				goto fault;
			if (addr & 3)
				goto misaligned;
			st32(mem + addr, pe->f[(insn >> 20) & 31]);
			break;
		case 0x13:	/* op-imm */
			imm = (u32)((s32)insn >> 20);
			switch (f3) {
			case 0:
				x[rd] = a + imm;
				break;
			case 1:
				if (insn >> 25)
					goto illegal;
				x[rd] = a << (imm & 31);
				break;
			case 2:
				x[rd] = (s32)a < (s32)imm;
				break;
			case 3:
				x[rd] = a < imm;
				break;
			case 4:
				x[rd] = a ^ imm;
				break;
			case 5:
				if (insn >> 25 == 0)
					x[rd] = a >> (imm & 31);
				else if (insn >> 25 == 0x20)
					x[rd] = (u32)((s32)a >> (imm & 31));
				else
					goto illegal;
				break;
			case 6:
				x[rd] = a | imm;
				break;
			default:
				x[rd] = a & imm;
				break;
			}
			break;
		case 0x33:	/* op */
			switch ((insn >> 22 & 0x3f8) | f3) {
			case 0x000:
				x[rd] = a + b;
				break;
			case 0x100:
				x[rd] = a - b;
				break;
			case 0x001:
				x[rd] = a << (b & 31);
				break;
			case 0x002:
				x[rd] = (s32)a < (s32)b;
				break;
			case 0x003:
				x[rd] = a < b;
				break;
			case 0x004:
				x[rd] = a ^ b;
				break;
			case 0x005:
				x[rd] = a >> (b & 31);
				break;
			case 0x105:
				x[rd] = (u32)((s32)a >> (b & 31));
				break;
			case 0x006:
				x[rd] = a | b;
				break;
			case 0x007:
				x[rd] = a & b;
				break;
			case 0x008:	/* mul */
				x[rd] = a * b;
				break;
			case 0x009:	/* mulh */
				x[rd] = (u32)((u64)((s64)(s32)a * (s32)b) >> 32);
				break;
			case 0x00a:	/* mulhsu */
				x[rd] = (u32)((u64)((s64)(s32)a * (s64)b) >> 32);
				break;
			case 0x00b:	/* mulhu */
				x[rd] = (u32)(((u64)a * b) >> 32);
				break;
			case 0x00c:	/* div */
				if (!b)
					x[rd] = ~0u;
				else if (a == 0x80000000u && b == ~0u)
					x[rd] = a;
				else
					x[rd] = (u32)((s32)a / (s32)b);
				break;
			case 0x00d:	/* divu */
				x[rd] = b ? a / b : ~0u;
				break;
			case 0x00e:	/* rem */
				if (!b)
					x[rd] = a;
				else if (a == 0x80000000u && b == ~0u)
					x[rd] = 0;
				else
					x[rd] = (u32)((s32)a % (s32)b);
				break;
			case 0x00f:	/* remu */
				x[rd] = b ? a % b : a;
				break;
			default:
				goto illegal;
			}
			break;
		case 0x0f:	/* fence, fence.i */
			if (f3 > 1)
				goto illegal;
			break;
		case 0x73:	/* system */
			if (f3 == 0) {
				if (insn == 0x00100073) {
					cause = WSE_FAULT_BREAK;
					addr = pc;
					goto fault;
				}
				if (insn != 0x00000073)
					goto illegal;
				pe->pc = pc;
				t = pe_ecall(pe, pc, pe->instret + n);
				if (!t)
					goto out;
				n += t;
				pc += 4;
				if (pe->state != WSE_PE_RUNNING)
					goto stop;	/* WAITING */
				continue;
			}
			if (f3 == 4 || !pe_csr(pe, insn, pe->instret + n))
				goto illegal;
			break;
		case 0x43:
		case 0x47:
		case 0x4b:
		case 0x4f:
		case 0x53:
			if (!wse_fp_exec(pe, insn))
				goto illegal;
			break;
		default:
			goto illegal;
		}
		pc += 4;
		n++;
	}
stop:
	pe->pc = pc;
	goto out;
misaligned:
	cause = WSE_FAULT_MISALIGNED;
	goto fault;
illegal:
	cause = WSE_FAULT_ILLEGAL;
	addr = insn;
fault:
	pe_fault(pe, cause, pc, addr);
out:
	wse_fp_sync(pe);
	x[0] = 0;
	pe->instret += n;
	return n;
}
