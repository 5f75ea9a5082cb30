/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wse_pe.h - the fabric core's PE: an RV32IMF interpreter with the builtins
 * of doc/PE-ABI.md.  Kernel-agnostic: built into wse_mock.ko and, with the
 * userspace side of wse_fabric_port.h, into tools/testing/fabric (native
 * tests under ASan/UBSan, a libFuzzer target, the speed benchmark).
 *
 * A PE never touches anything but its own memory and registers: every
 * access is bounds-checked and every run is bounded by a budget, so an
 * untrusted program can fault or spin but not escape or hog a CPU.
 *
 * Float: in the kernel, the caller brackets wse_pe_run_dc() with
 * wse_fpu_begin()/wse_fpu_end() (kernel_fpu_begin/end) and keeps the budget
 * small enough (WSE_PE_SLICE) that preemption stays off only briefly.
 */
#ifndef _WSE_PE_H
#define _WSE_PE_H

#include <wse/pe_abi.h>

#include "wse_fabric_port.h"

#define WSE_PE_SLICE		8192u	/* instructions per wse_pe_run_dc() */

enum wse_pe_state {
	WSE_PE_HALTED = 0,	/* loaded, not started, or stopped */
	WSE_PE_RUNNING = 1,
	WSE_PE_WAITING = 2,	/* in ecall WAIT, for an event */
	WSE_PE_FAULTED = 3,
	/* in a fabric vector op that cannot finish (or get a slot) yet */
	WSE_PE_BLOCKED = 4,
};

#define WSE_NET_DEPTH		4	/* wavelets in every fabric buffer */

/* A bounded queue of wavelets; ctl bit i: v[i] is a control wavelet. */
struct wse_fifo {
	u32 v[WSE_NET_DEPTH];
	u8 head;
	u8 count;
	u8 ctl;
};

struct wse_router;

/*
 * A vector op with a fabric operand in progress: synchronous (the PE is
 * BLOCKED until done) or asynchronous (the PE goes on; on completion local
 * task @task is activated through WAIT's WSE_EV_TASKS).  Operands are
 * decoded and validated at issue; @done elements are finished.
 */
struct wse_vop {
	u16 op;			/* WSE_VEC_* code (low byte) */
	u8 task;		/* completion task, or WSE_VEC_NO_TASK */
	bool active;
	bool async;
	u32 n, done;
	u32 s;			/* FMACS scalar / src2 scalar bits */
	struct wse_vopnd {
		u8 kind;	/* WSE_DSD_MEM/FABIN/FABOUT, or 0xff: scalar */
		u8 color;
		u8 queue;
		bool ctl;	/* fabout: send control wavelets */
		u32 addr;	/* memory: element i at addr + i * step */
		u32 step;
	} d, a, b;
};

#define WSE_PE_MAX_VOPS		8	/* async ops in flight per PE */

/*
 * The decode cache: instruction words decoded once (wse_pe_decode()),
 * direct-mapped by pc / 4.  An entry is a function of @raw alone (branch
 * and jump offsets, not targets), and it is used only while the word at pc
 * still equals @raw: a store, an H2D copy or a LOAD over code needs no
 * invalidation, the next fetch sees the new word and decodes it.  So a
 * cache is right for any PE whatever its code, and any number of PEs may
 * share one: the caller of wse_pe_run_dc() owns it (one per thread that
 * runs PEs; PEs with the same code then share decoded instructions, and
 * a PE's struct and what a pass over many PEs touches stay small).  An
 * all-zero entry is the decoded 0x00000000 (illegal): a zeroed array is
 * an empty cache.  128 entries of 16 bytes (512 bytes of code: a loop and
 * its callees) = 2 KiB; the benchmark loops of tools/testing/fabric/pe
 * need 64.
 */
#define WSE_PE_DC_ENTRIES	128

struct wse_pe_dc {
	u32 raw;		/* the instruction word */
	u32 imm;		/* immediate, offset or operation detail */
	u8 op;			/* enum wse_pe_op (wse_pe_priv.h) */
	u8 rd, rs1, rs2;
	u32 pad;		/* 16 bytes: an entry is pc * 4 into dc[] */
};

/* Causes are those of enum wse_fault_cause in uapi/linux/wse.h. */
struct wse_pe_fault {
	u32 cause;
	u32 pc;
	u32 addr;
};

/*
 * Laid out for a pass over thousands of PEs (an empty launch on 64x64):
 * what a launch, a short run and the scheduler's facts read comes first,
 * the registers next, the fabric queues and ops last, so a PE's turn
 * touches four cache lines rather than seven spread over 900 bytes (under
 * TCG each line and page a pass touches is a host cache miss or a
 * software TLB refill).
 */
struct wse_pe {
	u32 pc;
	u32 fcsr;		/* frm << 5 | fflags */
	u8 state;		/* enum wse_pe_state */
	bool unblocked;		/* UNBLOCK_CMD_STREAM since start/launch */
	u8 rr_color;		/* where the next wavelet search starts */
	bool wait_call;		/* waits in WAIT_CALL (WAIT_AGAIN), not WAIT */
	u32 wait_buf;		/* WAIT's argument buffer (PE address) */
	u32 wait_ret;		/* WAIT_CALL's a2: a launch's return address */
	u8 nr_vops;		/* active async ops: vops[0 .. nr_vops - 1] */
	u8 *mem;		/* WSE_PE_MEM_BYTES, owned by the caller */
	u64 instret;		/* retired instructions (the budget used) */
	struct wse_pe_fault fault;
	u32 data_colors;	/* colors bound to the data task */
	u32 blocked_colors;	/* colors blocked (COLOR_CTL) */
	u32 ctl_colors;		/* colors whose iq holds a control wavelet */
	u32 done_tasks;		/* async completions not yet reported */
	u32 done_unblock;	/* the same, for .unblock tasks */
	/* the fabric (wse_net.h); rt is NULL for a PE outside a net */
	struct wse_router *rt;
	u32 x[33];		/* x[0] reads as 0; x[32]: see wse_pe_decode */
	struct wse_vop vops[WSE_PE_MAX_VOPS];	/* async ops in flight */
	u32 f[32];		/* binary32 bit patterns */
	u16 px, py;		/* coordinates in the rectangle */
	u16 rect_w, rect_h;
	u32 last_trace;
	u64 nr_traces;
	struct wse_fifo iq[WSE_NR_COLORS];	/* RAMP -> PE, per color */
	struct wse_vop sync;	/* the op a BLOCKED PE is in */
};

/*
 * Zero registers and the fabric state, attach @mem (not cleared), state
 * HALTED.  pe->rt is kept (wse_net_init() sets it): zero a new struct
 * before its first init.
 */
void wse_pe_init(struct wse_pe *pe, u8 *mem, u16 px, u16 py, u16 rect_w,
		 u16 rect_h);

/*
 * Registers zeroed, pc = @entry, state RUNNING, unblocked = false; the
 * fabric state (input queues, data/blocked colors, done_tasks, ops) is
 * cleared, pe->rt kept.
 */
void wse_pe_start(struct wse_pe *pe, u32 entry);

/*
 * Execute at most @budget instructions (a vector builtin counts its
 * length; a fabric op the elements it did, so an ecall that issues one
 * and does no element costs 0).  Returns the number executed; stops early
 * when the PE enters WAITING, BLOCKED or FAULTED.  Does nothing unless
 * RUNNING.  WAIT returns WSE_EV_TASKS at once if done_tasks is set; other
 * events come from wse_pe_launch() and wse_pe_poll().  @dc: a decode
 * cache of WSE_PE_DC_ENTRIES entries that no other thread uses meanwhile.
 */
u32 wse_pe_run_dc(struct wse_pe *pe, struct wse_pe_dc *dc, u32 budget);

#ifndef __KERNEL__
/* Natively: wse_pe_run_dc() with the calling thread's decode cache. */
u32 wse_pe_run(struct wse_pe *pe, u32 budget);
#endif

/*
 * Deliver a launch to a WAITING PE: the first @argc words of @args go to
 * its WAIT buffer, zeros up to WSE_MAX_LAUNCH_ARGS (15) words; @args must
 * hold 15 words (those from @argc on are not used).  WAIT returns
 * (WSE_EV_LAUNCH, @fn); WAIT_CALL calls @fn instead (if not 0): pc = @fn,
 * a0 = the buffer, ra = the WAIT_CALL's a2.  State RUNNING, unblocked =
 * false.  -EBUSY if the PE is not WAITING,
 * -EFAULT (and a fault) if the buffer is outside memory.
 */
int wse_pe_launch(struct wse_pe *pe, u32 fn, const u32 *args, u32 argc);

/* wse_pe_launch_words()'s buffer outside memory: fault, -EFAULT */
int __wse_pe_launch_fault(struct wse_pe *pe);

/*
 * wse_pe_launch() with the 15 words of the buffer as they are (zeros from
 * argc on already): what a launch on many PEs prepares once.  In line:
 * under TCG a call and its return each cost a translation block lookup,
 * per PE of a launch.
 */
static inline int wse_pe_launch_words(struct wse_pe *pe, u32 fn,
				      const u32 *words)
{
	if (pe->state != WSE_PE_WAITING)
		return -EBUSY;
	if (unlikely(pe->wait_buf > WSE_PE_MEM_BYTES - 64))
		return __wse_pe_launch_fault(pe);
	/* constant size: straight-line moves, no loop */
	memcpy(pe->mem + pe->wait_buf, words, 4 * WSE_MAX_LAUNCH_ARGS);
	if (pe->wait_call && fn) {
		/* WAIT_CALL: fn(buffer), returning to its a2 */
		pe->x[1] = pe->wait_ret;
		pe->x[10] = pe->wait_buf;
		pe->pc = fn;
	} else {
		pe->x[10] = WSE_EV_LAUNCH;
		pe->x[11] = fn;
	}
	pe->unblocked = false;
	pe->state = WSE_PE_RUNNING;
	return 0;
}

/* Halt a PE that is RUNNING, WAITING or BLOCKED; record @cause at its pc. */
void wse_pe_halt(struct wse_pe *pe, u32 cause);

/*
 * Let the fabric side of a PE move: progress its fabric vector ops (a
 * BLOCKED PE whose op finishes becomes RUNNING after the ecall; finished
 * async ops add their task to done_tasks), then, if it is WAITING, hand it
 * the next event: WSE_EV_TASKS if done_tasks, else, for the first unblocked
 * color (round robin from rr_color) whose input queue has a data wavelet at
 * its head and a data task, or a control wavelet at its head,
 * WSE_EV_WAVELET or WSE_EV_CONTROL.  Launches are delivered by wse_pe_launch(), not here.
 * Returns the number of elements and events moved; 0 = nothing changed.
 * Elements are charged to pe->instret here.  Float ops run here too:
 * bracket with wse_fpu_begin()/wse_fpu_end().  Deliver a pending launch
 * (wse_pe_launch()) before polling a WAITING PE: poll hands out wavelets.
 */
u32 wse_pe_poll(struct wse_pe *pe);

/* True if wse_pe_poll() could change something now (cheap test). */
bool __wse_pe_can_poll(const struct wse_pe *pe);

static inline bool wse_pe_can_poll(const struct wse_pe *pe)
{
	/*
	 * In line, the answer for most PEs of a launch: no op in flight
	 * (nr_vops, in the PE's first cache line) and running, or waiting with no completed
	 * task and no color a wavelet could wake it on.  Under TCG a call
	 * and each branch of the full test cost a translation block.
	 */
	if (!pe->nr_vops &&
	    (pe->state == WSE_PE_RUNNING ||
	     (pe->state == WSE_PE_WAITING &&
	      !(pe->done_tasks | pe->done_unblock | pe->data_colors |
		pe->ctl_colors))))
		return false;
	return __wse_pe_can_poll(pe);
}

/*
 * The device clock: 850 MHz cycles (WSE_PE_CLOCK_HZ) of a monotonic clock,
 * common to every PE, advancing whether a PE runs, waits or is blocked.
 * WSE_EC_TIMESTAMP and the cycle CSR read it (48 / 64 bits).
 */
#define WSE_PE_CLOCK_HZ 850000000u
u64 wse_pe_clock(void);

#endif /* _WSE_PE_H */
