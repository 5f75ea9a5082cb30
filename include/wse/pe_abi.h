/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The numbers of the PE ABI (doc/PE-ABI.md), shared by the PE side
 * (wse/pe.h, pe/crt0.c) and the fabric core that executes it
 * (kernel/fabric/wse_pe.h): builtins (ecall a7), events, vector ops.
 * Defines only, so it fits freestanding PE code and the kernel alike.
 */
#ifndef _WSE_PE_ABI_H
#define _WSE_PE_ABI_H

#define WSE_PE_MEM_BYTES		49152u

/* ecall numbers (a7), PE-ABI section 3 */
#define WSE_EC_WAIT			1
#define WSE_EC_UNBLOCK_CMD_STREAM	2
#define WSE_EC_SELF			3
#define WSE_EC_TIMESTAMP		4
#define WSE_EC_VEC			5
#define WSE_EC_TRACE			6

/* WAIT events */
#define WSE_EV_LAUNCH			1

/* vector ops (WSE_EC_VEC a0) */
#define WSE_VEC_MOV32			1
#define WSE_VEC_MOV16			2
#define WSE_VEC_FADDS			3
#define WSE_VEC_FSUBS			4
#define WSE_VEC_FMULS			5
#define WSE_VEC_FMACS			6
#define WSE_VEC_FNEGS			7
#define WSE_VEC_FMAXS			8
#define WSE_VEC_SCALAR			0x100
#define WSE_VEC_MAX_LEN			12288u

#endif /* _WSE_PE_ABI_H */
