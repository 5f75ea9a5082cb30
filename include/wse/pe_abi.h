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
#define WSE_EC_COLOR_CTL		7	/* a0 = color, a1 = WSE_COLOR_* */
#define WSE_EC_WAIT_CALL		8	/* WAIT; a launch calls, returns to a2 */
#define WSE_EC_WAIT_AGAIN		9	/* WAIT_CALL, its last a0 and a2 */

/* WSE_EC_COLOR_CTL operations (PE-ABI section 10) */
#define WSE_COLOR_BIND_DATA		1	/* wavelets wake WAIT (data task) */
#define WSE_COLOR_UNBIND_DATA		2
#define WSE_COLOR_BLOCK			3	/* deliveries to the loop paused */
#define WSE_COLOR_UNBLOCK		4

/* WAIT events */
#define WSE_EV_LAUNCH			1	/* a1 = function, buffer = args */
#define WSE_EV_WAVELET			2	/* a1 = wavelet, buffer[0] = color */
#define WSE_EV_TASKS			3	/* a1 = local tasks to activate */
#define WSE_EV_CONTROL			4	/* a1 = control wavelet, buffer[0] = color */

/* A control wavelet's payload: the control task id in bits 21:16. */
#define WSE_NR_CONTROL_TASK_IDS		64	/* control task ids 0..63 */
#define WSE_CONTROL_PAYLOAD(id)		((unsigned int)(id) << 16)
#define WSE_CONTROL_TASK_ID(w)		(((w) >> 16) & 63u)

/* The fabric (PE-ABI section 10) */
#define WSE_NR_COLORS			24	/* colors 0..23 */
#define WSE_NR_QUEUES			8	/* input / output queue ids 0..7 */
#define WSE_NR_LOCAL_TASK_IDS		32	/* local task ids 0..31 */

/* vector ops (WSE_EC_VEC a0) */
#define WSE_VEC_MOV32			1
#define WSE_VEC_MOV16			2
#define WSE_VEC_FADDS			3
#define WSE_VEC_FSUBS			4
#define WSE_VEC_FMULS			5
#define WSE_VEC_FMACS			6
#define WSE_VEC_FNEGS			7
#define WSE_VEC_FMAXS			8
#define WSE_VEC_FADDH			9	/* binary16 elements (2 bytes) */
#define WSE_VEC_FSUBH			10
#define WSE_VEC_FMULH			11
#define WSE_VEC_FMACH			12	/* a4 = the f16 scalar's bits */
#define WSE_VEC_IS_F16(op)		((op) >= WSE_VEC_FADDH && (op) <= WSE_VEC_FMACH)
#define WSE_VEC_SCALAR			0x100
#define WSE_VEC_ASYNC			0x200	/* a5 = completion task */
#define WSE_VEC_NO_TASK			0xffu	/* a5: async, no completion */
#define WSE_VEC_TASK_UNBLOCK		0x80u	/* a5: task | this: unblock it */

/*
 * struct wse_dsd.fabric (the 4th word): 0 for a memory DSD, else
 * kind << 16 | queue << 8 | color, plus WSE_DSD_CONTROL on a fabout DSD
 * that sends control wavelets (CSL .control = true); a fabric DSD has
 * addr 0 and stride 0.
 */
#define WSE_DSD_MEM			0
#define WSE_DSD_FABIN			1	/* read wavelets of color */
#define WSE_DSD_FABOUT			2	/* send wavelets on color */
#define WSE_DSD_FABRIC(kind, queue, color) \
	((unsigned int)(kind) << 16 | (unsigned int)(queue) << 8 | \
	 (unsigned int)(color))
#define WSE_DSD_CONTROL			0x01000000u
#define WSE_DSD_KIND(f)			(((f) >> 16) & 0xff)
#define WSE_DSD_QUEUE(f)		(((f) >> 8) & 0xff)
#define WSE_DSD_COLOR(f)		((f) & 0xff)
#define WSE_VEC_MAX_LEN			12288u

#endif /* _WSE_PE_ABI_H */
