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
 * Float: in the kernel, the caller brackets wse_pe_run() with
 * wse_fpu_begin()/wse_fpu_end() (kernel_fpu_begin/end) and keeps the budget
 * small enough (WSE_PE_SLICE) that preemption stays off only briefly.
 */
#ifndef _WSE_PE_H
#define _WSE_PE_H

#include <wse/pe_abi.h>

#include "wse_fabric_port.h"

#define WSE_PE_SLICE		8192u	/* instructions per wse_pe_run() */

enum wse_pe_state {
	WSE_PE_HALTED = 0,	/* loaded, not started, or stopped */
	WSE_PE_RUNNING = 1,
	WSE_PE_WAITING = 2,	/* in ecall WAIT, for an event */
	WSE_PE_FAULTED = 3,
};

/* Causes are those of enum wse_fault_cause in uapi/linux/wse.h. */
struct wse_pe_fault {
	u32 cause;
	u32 pc;
	u32 addr;
};

struct wse_pe {
	u32 x[32];		/* x[0] reads as 0 */
	u32 f[32];		/* binary32 bit patterns */
	u32 pc;
	u32 fcsr;		/* frm << 5 | fflags */
	u64 instret;		/* retired instructions (cycle == instret) */
	u8 *mem;		/* WSE_PE_MEM_BYTES, owned by the caller */
	u16 px, py;		/* coordinates in the rectangle */
	u16 rect_w, rect_h;
	u8 state;		/* enum wse_pe_state */
	bool unblocked;		/* UNBLOCK_CMD_STREAM since start/launch */
	u32 wait_buf;		/* WAIT's argument buffer (PE address) */
	u32 last_trace;
	u64 nr_traces;
	struct wse_pe_fault fault;
};

/* Zero registers, attach @mem (not cleared), state HALTED. */
void wse_pe_init(struct wse_pe *pe, u8 *mem, u16 px, u16 py, u16 rect_w,
		 u16 rect_h);

/* Registers zeroed, pc = @entry, state RUNNING, unblocked = false. */
void wse_pe_start(struct wse_pe *pe, u32 entry);

/*
 * Execute at most @budget instructions (a vector builtin counts its
 * length).  Returns the number executed; stops early when the PE enters
 * WAITING or FAULTED.  Does nothing unless RUNNING.
 */
u32 wse_pe_run(struct wse_pe *pe, u32 budget);

/*
 * Deliver a launch to a WAITING PE: the @argc (<= 15) words of @args go to
 * its WAIT buffer (zero-filled to 15), WAIT returns (WSE_EV_LAUNCH, @fn),
 * state RUNNING, unblocked = false.  -EBUSY if the PE is not WAITING,
 * -EFAULT (and a fault) if the buffer is outside memory.
 */
int wse_pe_launch(struct wse_pe *pe, u32 fn, const u32 *args, u32 argc);

/* Halt a PE that is RUNNING or WAITING and record @cause at its pc. */
void wse_pe_halt(struct wse_pe *pe, u32 cause);

#endif /* _WSE_PE_H */
