/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wse_hw.h - the device's DMA ring format, as a hardware spec would give it.
 *
 * Shared by the core driver (producer of submission entries, consumer of
 * completion entries) and by every backend (the device side).  All fields are
 * little endian, as on the PCIe device this stands for.
 *
 * Per I/O channel there is one submission queue (SQ) and one completion queue
 * (CQ), both WSE_RING_DEPTH entries in DMA-coherent memory.  The driver writes
 * an SQE at its tail, then rings the channel's doorbell with the new tail.
 * The device consumes SQEs in order from its head, and for each one writes a
 * CQE at its CQ tail with the phase bit of the current pass (1 on the first
 * pass over the CQ, toggled at every wrap), NVMe style; then it signals the
 * channel's completion interrupt.  The driver never has more than
 * WSE_RING_DEPTH - 1 SQEs outstanding per channel, so the CQ cannot overflow.
 *
 * A copy SQE moves the rows [row_first, row_first + row_count) of the ROI
 * (relative to roi_y) between host memory and PE memory.  The host buffer is
 * described by a scatter-gather list (an array of struct wse_hw_sgl_entry in
 * DMA memory) that covers the whole transfer, host_bytes long; the device
 * computes each element's host offset from the ROI geometry and the order
 * flag (the formulas are those of struct wse_xfer in uapi/linux/wse.h).
 */
#ifndef _WSE_HW_H
#define _WSE_HW_H

#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/types.h>

#define WSE_RING_DEPTH		64	/* power of two */

enum wse_hw_opcode {
	WSE_HW_OP_NOP = 0,
	WSE_HW_OP_H2D_COPY = 1,
	WSE_HW_OP_D2H_COPY = 2,
	/*
	 * Command-stream barriers, only on channel 0, only while every other
	 * channel is idle: RUN starts the loaded PEs and completes when all
	 * have unblocked after their init; LAUNCH delivers the function call
	 * described by the struct wse_hw_launch at sgl_addr to every PE and
	 * completes when all have unblocked.  A PE fault completes them with
	 * WSE_HW_STATUS_PE_FAULT.
	 */
	WSE_HW_OP_RUN = 3,
	WSE_HW_OP_LAUNCH = 4,
	/*
	 * Streaming transfers of the rows [row_first, +row_count) of the ROI
	 * on stream color @color (pe_offset 0; the SGL as for copies).  The
	 * device may take the next SQE of the channel while a stream is in
	 * flight if that SQE is a stream of the other direction; anything
	 * else waits.  Completed (CQE) when the stream is done, so CQEs of a
	 * channel may come out of SQ order: the tag says which.
	 */
	WSE_HW_OP_H2D_STREAM = 5,
	WSE_HW_OP_D2H_STREAM = 6,
	/*
	 * A list of small H2D copies, one PE each.  sgl_addr points to a
	 * table of sgl_count struct wse_hw_list_item (1..WSE_HW_LIST_MAX),
	 * followed in the same DMA buffer by host_bytes of host words, which
	 * the items address by data_off.  The SQE moves, in table order, the
	 * items whose PE row lies in [roi_y + row_first, + row_count): a list
	 * spanning several channels has one SQE per channel, each walking the
	 * whole table for its rows.  roi_x, roi_w, len, pe_offset, symbol and
	 * color are zero; flags only WSE_HW_SQE_POLLED.  A malformed item
	 * (outside PE memory or its symbol, data outside host_bytes) ends the
	 * walk with WSE_HW_STATUS_INVALID, the items before it moved, as a
	 * descriptor chain does: the driver sends checked lists only.
	 */
	WSE_HW_OP_H2D_LIST = 7,
};

/* struct wse_hw_sqe.flags */
#define WSE_HW_SQE_16BIT	BIT(0)	/* 16-bit elements in PE memory */
#define WSE_HW_SQE_COL_MAJOR	BIT(1)	/* host array in column-major order */
#define WSE_HW_SQE_SYMBOL	BIT(2)	/* pe_offset is relative to symbol */
/*
 * The host polls for this SQE's completion (wse_backend.h, poll): its
 * submitter calls poll() on the channel right after the doorbell, so the
 * device may leave starting it to that.  Not its completion interrupt: the
 * poller gives up after a few polls, and then only that ends the op.
 */
#define WSE_HW_SQE_POLLED	BIT(3)

/* Pointed to by a LAUNCH SQE's sgl_addr. */
struct wse_hw_launch {
	__le32 func_id;
	__le32 argc;
	__le32 args[15];
	__le32 rsvd;
};

#define WSE_HW_LIST_MAX		1024

/* An H2D_LIST item: len host words at data_off -> PE (pe_x, pe_y). */
struct wse_hw_list_item {
	__le16 pe_x;		/* rectangle coordinates */
	__le16 pe_y;
	__le32 len;		/* elements */
	__le32 pe_offset;	/* byte offset in PE memory (or the symbol) */
	__le32 symbol;		/* with WSE_HW_SQE_SYMBOL: data symbol id */
	__le32 data_off;	/* of the host words, after the table */
	u8 flags;		/* WSE_HW_SQE_16BIT | WSE_HW_SQE_SYMBOL */
	u8 rsvd0[3];
	__le32 rsvd1[2];
};

struct wse_hw_sgl_entry {
	__le64 addr;
	__le32 len;
	__le32 rsvd;
};

struct wse_hw_sqe {
	u8 opcode;		/* enum wse_hw_opcode */
	u8 flags;		/* WSE_HW_SQE_* */
	__le16 rsvd0;
	/*
	 * Echoed in the CQE.  Unique among the channel's SQEs without a CQE,
	 * < WSE_RING_DEPTH, but not necessarily the SQE's ring index (a
	 * stream completing late keeps its tag).  The device reads an SQE
	 * once, when it consumes it: the driver may rewrite that slot while
	 * the stream is still in flight.
	 */
	__le32 tag;
	__le16 roi_x;		/* whole transfer's ROI, rectangle coordinates */
	__le16 roi_y;
	__le16 roi_w;
	__le16 roi_h;
	__le16 row_first;	/* rows of the ROI this entry moves */
	__le16 row_count;
	__le32 len;		/* elements per PE (l) */
	__le32 pe_offset;	/* byte offset in each PE's memory */
	__le32 sgl_count;	/* entries in the SGL */
	__le64 sgl_addr;	/* DMA address of the SGL */
	__le64 host_bytes;	/* bytes the SGL covers: roi_w * roi_h * len * 4 */
	__le32 symbol;		/* with WSE_HW_SQE_SYMBOL: data symbol id */
	__le32 color;		/* streams: the color */
	/*
	 * Copies: the offset in the transfer's host bytes of the SGL's first
	 * byte.  The SGL may cover only a window [sgl_base, sgl_base + its
	 * bytes) of the transfer, which must hold this entry's rows (a
	 * channel's part of a row-major copy gets an SGL of its band).
	 * Streams: 0, and the SGL covers host_bytes.
	 */
	__le64 sgl_base;
};

/* struct wse_hw_cqe.status: bit 0 is the phase, bits 15:1 the code */
#define WSE_HW_CQE_PHASE	BIT(0)
#define WSE_HW_CQE_CODE_SHIFT	1

enum wse_hw_status {
	WSE_HW_STATUS_OK = 0,
	WSE_HW_STATUS_INVALID = 1,	/* malformed SQE (bad opcode, geometry) */
	WSE_HW_STATUS_DMA_ERROR = 2,	/* SGL or host address unusable */
	WSE_HW_STATUS_DEVICE_ERROR = 3,	/* internal fault of the device */
	WSE_HW_STATUS_PE_FAULT = 4,	/* a PE faulted (RUN, LAUNCH) */
	/* no fabric progress for the stall time (streams, RUN, LAUNCH) */
	WSE_HW_STATUS_STALLED = 5,
};

struct wse_hw_cqe {
	__le32 tag;		/* from the SQE */
	__le16 sq_head;		/* device's SQ head after consuming that SQE */
	__le16 status;		/* phase | code << WSE_HW_CQE_CODE_SHIFT */
	__le32 bytes;		/* host bytes moved */
	__le32 stall;		/* STALLED: the device's stall report id, else 0 */
};

static inline void wse_hw_check_layout(void)
{
	BUILD_BUG_ON(sizeof(struct wse_hw_sqe) != 64);
	BUILD_BUG_ON(sizeof(struct wse_hw_cqe) != 16);
	BUILD_BUG_ON(sizeof(struct wse_hw_sgl_entry) != 16);
	BUILD_BUG_ON(sizeof(struct wse_hw_launch) != 72);
	BUILD_BUG_ON(sizeof(struct wse_hw_list_item) != 32);
	BUILD_BUG_ON(WSE_RING_DEPTH & (WSE_RING_DEPTH - 1));
}

#endif /* _WSE_HW_H */
