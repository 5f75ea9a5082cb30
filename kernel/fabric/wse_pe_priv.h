/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Between the integer interpreter (wse_pe.c) and the FPU
 * object (wse_pe_fp.c).  No float types here: only the FPU object may use
 * them, everything crosses as u32 bit patterns.
 */
#ifndef _WSE_PE_PRIV_H
#define _WSE_PE_PRIV_H

#include "wse_pe.h"

#define WSE_RV_NX	0x01	/* fflags bits */
#define WSE_RV_UF	0x02
#define WSE_RV_OF	0x04
#define WSE_RV_DZ	0x08
#define WSE_RV_NV	0x10

/* A validated vector operand: element i at addr + i * step (bytes). */
struct wse_vd {
	u32 addr;
	u32 step;
};

/*
 * Execute one F instruction (opcodes 0x43, 0x47, 0x4b, 0x4f, 0x53) on @pe.
 * Returns false if it is illegal (the caller faults).
 */
bool wse_fp_exec(struct wse_pe *pe, u32 insn);

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

#endif /* _WSE_PE_PRIV_H */
