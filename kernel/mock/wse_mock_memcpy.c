// SPDX-License-Identifier: GPL-2.0
/*
 * wse_mock_memcpy.c - the memcpy infrastructure: host SGL <-> PE memory.
 *
 * A copy SQE moves ROI rows [row_first, row_first + row_count).  Host element
 * indices follow struct wse_xfer (uapi/linux/wse.h):
 *   ROW_MAJOR: k + l * (px + w * py)
 *   COL_MAJOR: py + h * (px + w * k)
 * (wse_mock_host_off()).  Streaming SQEs (wse_mock_stream.c) are decoded
 * and validated here too, and walk the host memory with the same cursors.
 * Host memory is reached through forward-only SGL cursors: no per-element
 * search.  ROW_MAJOR is walked in increasing host offset (py, px, k) by one
 * cursor, each segment translated once per SQE walk.  COL_MAJOR goes through
 * k in blocks, one cursor per k of the block, each moving forward (see
 * wse_mock_run_col_major()).
 *
 * SGL rule: every segment length must be a non-zero multiple of 4, otherwise
 * the SQE is INVALID.  As element offsets are multiples of 4 too, a 32-bit
 * host word never straddles two segments.  (The core's SGL always satisfies
 * this: host_ptr is 4-byte aligned and page boundaries are.)
 */
#include <linux/kernel.h>
#include <linux/overflow.h>
#include <linux/sched.h>
#include <linux/string.h>
#include "wse_compat.h"

#include "wse_mock.h"

static int wse_mock_cursor_load(struct wse_mock_cursor *c, u32 idx)
{
	const struct wse_hw_sgl_entry *e = &c->x->sgl[idx];
	u32 len = le32_to_cpu(READ_ONCE(e->len));

	/* Re-checked here: the SGL lives in host memory and may have changed. */
	if (!len || len % 4)
		return -EINVAL;
	c->va = wse_mock_dma_to_virt(c->x->mock,
				     le64_to_cpu(READ_ONCE(e->addr)), len,
				     c->x->h2d ? DMA_TO_DEVICE :
						 DMA_FROM_DEVICE);
	if (!c->va)
		return -EFAULT;
	c->idx = idx;
	c->len = len;
	return 0;
}

int wse_mock_cursor_init(struct wse_mock_cursor *c,
			 const struct wse_mock_xfer *x)
{
	c->x = x;
	c->start = 0;
	return wse_mock_cursor_load(c, 0);
}

/* wse_mock_cursor_at() past the current segment. */
noinline bool wse_mock_cursor_advance(struct wse_mock_cursor *c, u64 off)
{
	while (off - c->start >= c->len) {
		if (c->idx + 1 >= c->x->sgl_count)
			return false;
		c->start += c->len;
		if (wse_mock_cursor_load(c, c->idx + 1))
			return false;
	}
	return true;
}

/* A contiguous host byte range <-> contiguous PE bytes (32-bit ROW_MAJOR). */
static int wse_mock_copy_run(struct wse_mock_cursor *c, u64 off, u8 *pe,
			     u32 n, bool h2d)
{
	while (n) {
		u32 avail, chunk;
		u8 *host = wse_mock_cursor_at(c, off, &avail);

		if (!host)
			return -EFAULT;
		chunk = min(n, avail);
		if (h2d)
			memcpy(pe, host, chunk);
		else
			memcpy(host, pe, chunk);
		pe += chunk;
		off += chunk;
		n -= chunk;
	}
	return 0;
}

/* One element: the host word at @off <-> the PE element at @pe. */
static int wse_mock_copy_elem(struct wse_mock_cursor *c, u64 off, u8 *pe,
			      const struct wse_mock_xfer *x)
{
	u32 avail;
	u8 *host = wse_mock_cursor_at(c, off, &avail);

	if (!host || avail < 4)
		return -EFAULT;
	if (!x->half) {
		if (x->h2d)
			memcpy(pe, host, 4);
		else
			memcpy(host, pe, 4);
	} else if (x->h2d) {
		/* low 16 bits of the host word */
		put_unaligned_le16((u16)get_unaligned_le32(host), pe);
	} else {
		/* zero-extended into a 32-bit host word */
		put_unaligned_le32(get_unaligned_le16(pe), host);
	}
	return 0;
}

/*
 * Copy by symbol: on every PE of the SQE's rows the symbol exists and
 * [pe_offset, pe_offset + len * elem) lies inside it.  The SQE is
 * untrusted; the symbol tables were checked against memory at load.
 */
static bool wse_mock_sym_ok(const struct wse_mock_xfer *x, u32 elem)
{
	const struct wse_mock_fabric *fab = &x->mock->fabric;
	u64 end = x->pe_offset + (u64)x->len * elem;
	u32 px, py;

	for (py = x->row_first; py < x->row_first + x->row_count; py++)
		for (px = 0; px < x->roi_w; px++) {
			const struct wse_pe_symbol *s;

			s = wse_mock_pe_sym(fab, x->roi_x + px, x->roi_y + py,
					    x->sym_id);
			if (!s || s->addr == WSE_NO_ADDR || end > s->bytes)
				return false;
		}
	return true;
}

/* PE memory of element 0 of ROI PE (px, py); NULL if outside. */
static u8 *wse_mock_xfer_pe(const struct wse_mock_xfer *x, u32 px, u32 py)
{
	const struct wse_mock_fabric *fab = &x->mock->fabric;
	u32 ax = x->roi_x + px, ay = x->roi_y + py;
	u8 *pe = wse_mock_pe_mem(fab, ax, ay);
	const struct wse_pe_symbol *s;

	if (!pe)
		return NULL;
	if (x->symbol) {
		s = wse_mock_pe_sym(fab, ax, ay, x->sym_id);
		if (!s || s->addr == WSE_NO_ADDR)
			return NULL;
		pe += s->addr;
	}
	return pe + x->pe_offset;
}

/* Decode and validate @sqe; returns a WSE_HW_STATUS_* code. */
u16 wse_mock_xfer_prepare(struct wse_mock *mock, const struct wse_hw_sqe *sqe,
			  struct wse_mock_xfer *x)
{
	const struct wse_mock_fabric *fab = &mock->fabric;
	u64 sgl_addr, sum = 0, total;
	u32 elem, i;

	memset(x, 0, sizeof(*x));
	x->mock = mock;
	switch (sqe->opcode) {
	case WSE_HW_OP_NOP:
		x->nop = true;
		return WSE_HW_STATUS_OK;
	case WSE_HW_OP_H2D_COPY:
		x->h2d = true;
		break;
	case WSE_HW_OP_D2H_COPY:
		break;
	case WSE_HW_OP_H2D_STREAM:
		x->h2d = true;
		fallthrough;
	case WSE_HW_OP_D2H_STREAM:
		x->stream = true;
		break;
	default:
		return WSE_HW_STATUS_INVALID;
	}
	if (sqe->flags & ~(WSE_HW_SQE_16BIT | WSE_HW_SQE_COL_MAJOR |
			   WSE_HW_SQE_SYMBOL))
		return WSE_HW_STATUS_INVALID;
	if (x->stream && (sqe->flags & WSE_HW_SQE_SYMBOL))
		return WSE_HW_STATUS_INVALID;
	if (!fab->configured)
		return WSE_HW_STATUS_INVALID;

	x->half = sqe->flags & WSE_HW_SQE_16BIT;
	x->col_major = sqe->flags & WSE_HW_SQE_COL_MAJOR;
	x->symbol = sqe->flags & WSE_HW_SQE_SYMBOL;
	x->sym_id = le32_to_cpu(sqe->symbol);
	x->roi_x = le16_to_cpu(sqe->roi_x);
	x->roi_y = le16_to_cpu(sqe->roi_y);
	x->roi_w = le16_to_cpu(sqe->roi_w);
	x->roi_h = le16_to_cpu(sqe->roi_h);
	x->row_first = le16_to_cpu(sqe->row_first);
	x->row_count = le16_to_cpu(sqe->row_count);
	x->len = le32_to_cpu(sqe->len);
	x->pe_offset = le32_to_cpu(sqe->pe_offset);
	x->sgl_count = le32_to_cpu(sqe->sgl_count);
	x->host_bytes = le64_to_cpu(sqe->host_bytes);
	x->color = le32_to_cpu(sqe->color);
	sgl_addr = le64_to_cpu(sqe->sgl_addr);

	/* Geometry: all operands are <= 16 bits, so u32 sums cannot wrap. */
	if (!x->roi_w || !x->roi_h ||
	    x->roi_x + x->roi_w > fab->cfg.width ||
	    x->roi_y + x->roi_h > fab->cfg.height)
		return WSE_HW_STATUS_INVALID;
	if (!x->row_count || x->row_first + x->row_count > x->roi_h)
		return WSE_HW_STATUS_INVALID;
	elem = x->half ? 2 : 4;
	if (x->stream) {
		/* no PE memory: any l, as long as the host bytes add up */
		if (!x->len || x->pe_offset || x->color >= WSE_NR_COLORS)
			return WSE_HW_STATUS_INVALID;
		if (check_mul_overflow((u64)x->roi_w * x->roi_h * 4,
				       (u64)x->len, &total) ||
		    x->host_bytes != total)
			return WSE_HW_STATUS_INVALID;
	} else {
		if (!x->len || x->pe_offset % elem ||
		    x->pe_offset > fab->pe_bytes ||
		    x->len > (fab->pe_bytes - x->pe_offset) / elem)
			return WSE_HW_STATUS_INVALID;
		if (x->symbol && !wse_mock_sym_ok(x, elem))
			return WSE_HW_STATUS_INVALID;
		/* len <= pe_bytes / 2 here: the product fits in u64. */
		if (x->host_bytes != (u64)x->roi_w * x->roi_h * x->len * 4)
			return WSE_HW_STATUS_INVALID;
	}

	if (!x->sgl_count || x->sgl_count > WSE_MOCK_MAX_SGL ||
	    x->sgl_count > x->host_bytes / 4)
		return WSE_HW_STATUS_INVALID;
	x->sgl = wse_mock_dma_to_virt(mock, sgl_addr,
				      (size_t)x->sgl_count * sizeof(*x->sgl),
				      DMA_TO_DEVICE);
	if (!x->sgl)
		return WSE_HW_STATUS_DMA_ERROR;

	/* Check the whole SGL before any data moves. */
	for (i = 0; i < x->sgl_count; i++) {
		u32 len = le32_to_cpu(READ_ONCE(x->sgl[i].len));
		dma_addr_t addr = le64_to_cpu(READ_ONCE(x->sgl[i].addr));
		enum dma_data_direction dir = x->h2d ? DMA_TO_DEVICE :
						       DMA_FROM_DEVICE;

		if (!len || len % 4)
			return WSE_HW_STATUS_INVALID;
		sum += len;
		if (sum > x->host_bytes)
			return WSE_HW_STATUS_INVALID;
		if (!i) {
			dma_addr_t a0 = addr;
			u32 l0 = len;

			wse_mock_dma_misuse(mock, &addr, &len, &dir);
			WRITE_ONCE(mock->dma.last_addr, a0);
			WRITE_ONCE(mock->dma.last_len, l0);
		}
		if (!wse_mock_dma_to_virt(mock, addr, len, dir))
			return WSE_HW_STATUS_DMA_ERROR;
	}
	if (sum != x->host_bytes)
		return WSE_HW_STATUS_INVALID;
	return WSE_HW_STATUS_OK;
}

static int wse_mock_run_row_major(const struct wse_mock_xfer *x,
				  struct wse_mock_cursor *c, const bool *stop)
{
	u32 py, px, k;
	int ret;

	for (py = x->row_first; py < x->row_first + x->row_count; py++) {
		for (px = 0; px < x->roi_w; px++) {
			u64 off = wse_mock_host_off(x, px, py, 0);
			u8 *pe = wse_mock_xfer_pe(x, px, py);

			if (!pe)
				return -EINVAL;
			if (!x->half) {
				ret = wse_mock_copy_run(c, off, pe, 4 * x->len,
							x->h2d);
				if (ret)
					return ret;
				continue;
			}
			for (k = 0; k < x->len; k++) {
				ret = wse_mock_copy_elem(c, off + 4ull * k,
							 pe + 2 * k, x);
				if (ret)
					return ret;
			}
		}
		cond_resched();
		if (READ_ONCE(*stop))
			return -EINTR;
	}
	return 0;
}

/* k values per column-major pass: each PE visit moves this many elements. */
#define WSE_MOCK_COL_KB	32

/*
 * One PE visit of a column-major pass: elements k0 .. k0 + @nk - 1 of the PE
 * at @pe (already advanced to k0) <-> host words @hp[j] + 4 * @i.
 */
static void wse_mock_col_move(const struct wse_mock_xfer *x, u8 *pe,
			      u8 * const *hp, size_t i, u32 nk)
{
	size_t off = 4 * i;
	u32 j;

	if (!x->half) {
		if (x->h2d)
			for (j = 0; j < nk; j++)
				put_unaligned(get_unaligned((u32 *)(hp[j] + off)),
					      (u32 *)pe + j);
		else
			for (j = 0; j < nk; j++)
				put_unaligned(get_unaligned((u32 *)pe + j),
					      (u32 *)(hp[j] + off));
	} else if (x->h2d) {
		/* low 16 bits of the host word */
		for (j = 0; j < nk; j++)
			put_unaligned_le16((u16)get_unaligned_le32(hp[j] + off),
					   pe + 2 * j);
	} else {
		/* zero-extended into a 32-bit host word */
		for (j = 0; j < nk; j++)
			put_unaligned_le32(get_unaligned_le16(pe + 2 * j),
					   hp[j] + off);
	}
}

/*
 * COL_MAJOR: host element (k, px, py) is at plane index px * h + py of the
 * k-th plane of h * w elements.  k goes in blocks of WSE_MOCK_COL_KB, each
 * with its own forward-only cursor: within a block every cursor only moves
 * forward through the band of its plane, and cursor j + 1 starts as a copy
 * of cursor j (one plane behind), the next block's first one as a copy of
 * the last, so the SGL is walked about twice in all.  A window is the run of
 * plane indices that every cursor has in its current segment; inside it the
 * band's PEs are visited in host order and each one moves the block's
 * elements in one short sequential run of its memory.
 */
static int wse_mock_run_col_major(const struct wse_mock_xfer *x,
				  struct wse_mock_cursor *c, const bool *stop)
{
	struct wse_mock_cursor cur[WSE_MOCK_COL_KB];
	u8 *hp[WSE_MOCK_COL_KB];
	u32 elem = x->half ? 2 : 4;
	u32 h = x->roi_h, rf = x->row_first, re = rf + x->row_count;
	u64 plane = (u64)h * x->roi_w;
	u32 kb, nk, j;

	for (kb = 0; kb < x->len; kb += nk) {
		u32 px = 0, py = rf;
		bool first = true;

		nk = min_t(u32, WSE_MOCK_COL_KB, x->len - kb);
		while (px < x->roi_w) {
			u64 pos0 = (u64)px * h + py, end;
			u32 lim = U32_MAX;

			for (j = 0; j < nk; j++) {
				u32 avail;

				if (first)
					cur[j] = j ? cur[j - 1] : *c;
				hp[j] = wse_mock_cursor_at(&cur[j],
							   4 * (pos0 + plane *
								(kb + j)),
							   &avail);
				if (!hp[j])
					return -EFAULT;
				lim = min(lim, avail / 4);
			}
			first = false;
			end = pos0 + lim;

			/* the band elements with plane index in [pos0, end) */
			for (;;) {
				u64 pos = (u64)px * h + py;
				u64 last = min((u64)px * h + re, end);

				for (; pos < last; pos++, py++) {
					u8 *pe = wse_mock_xfer_pe(x, px, py);

					if (!pe)
						return -EINVAL;
					wse_mock_col_move(x, pe + elem * kb, hp,
							  pos - pos0, nk);
				}
				if (py < re)
					break;	/* window ends inside the run */
				py = rf;
				px++;
				cond_resched();
				if (READ_ONCE(*stop))
					return -EINTR;
				if (px >= x->roi_w || (u64)px * h + py >= end)
					break;
			}
		}
		*c = cur[nk - 1];
	}
	return 0;
}

/*
 * Execute a prepared transfer.  @stop aborts between rows (the caller then
 * posts no CQE).  Returns a WSE_HW_STATUS_* code; *bytes = host bytes moved.
 */
u16 wse_mock_xfer_run(const struct wse_mock_xfer *x, const bool *stop,
		      u32 *bytes)
{
	struct wse_mock_cursor c;
	u64 total;
	int ret;

	*bytes = 0;
	if (x->nop)
		return WSE_HW_STATUS_OK;
	if (wse_mock_cursor_init(&c, x))
		return WSE_HW_STATUS_DMA_ERROR;
	if (x->col_major)
		ret = wse_mock_run_col_major(x, &c, stop);
	else
		ret = wse_mock_run_row_major(x, &c, stop);
	if (ret == -EINVAL)
		return WSE_HW_STATUS_INVALID;
	if (ret == -EINTR)
		return WSE_HW_STATUS_DEVICE_ERROR;
	if (ret)
		return WSE_HW_STATUS_DMA_ERROR;
	total = 4ull * x->row_count * x->roi_w * x->len;
	*bytes = min_t(u64, total, U32_MAX);
	return WSE_HW_STATUS_OK;
}
