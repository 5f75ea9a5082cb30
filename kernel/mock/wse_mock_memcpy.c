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
 * a table of the segments, each translated once per SQE (see
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
#include <linux/vmalloc.h>
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
	c->start = x->sgl_base;
	return wse_mock_cursor_load(c, 0);
}

/*
 * wse_mock_cursor_at() past the current segment: the segments before @off
 * are skipped without a translation (a channel's part starts far into the
 * SGL), the one holding @off is translated.
 */
noinline bool wse_mock_cursor_advance(struct wse_mock_cursor *c, u64 off)
{
	u32 idx = c->idx, len = c->len;
	u64 start = c->start;

	while (off - start >= len) {
		if (idx + 1 >= c->x->sgl_count)
			return false;
		start += len;
		len = le32_to_cpu(READ_ONCE(c->x->sgl[++idx].len));
		if (!len || len % 4)
			return false;
	}
	c->start = start;
	/* the load reads the length again: the SGL is host memory */
	return !wse_mock_cursor_load(c, idx) && off - c->start < c->len;
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

/* One element: the host word at @host <-> the PE element at @pe. */
static void wse_mock_elem_move(const struct wse_mock_xfer *x, u8 *host, u8 *pe)
{
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
}

/* One element: the host word at @off <-> the PE element at @pe. */
static int wse_mock_copy_elem(struct wse_mock_cursor *c, u64 off, u8 *pe,
			      const struct wse_mock_xfer *x)
{
	u32 avail;
	u8 *host = wse_mock_cursor_at(c, off, &avail);

	if (!host || avail < 4)
		return -EFAULT;
	wse_mock_elem_move(x, host, pe);
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
	u64 sgl_addr, sum = 0, total, lo, hi;
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
	x->sgl_base = le64_to_cpu(sqe->sgl_base);
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

	/*
	 * Check the whole SGL before any data moves: every length, and the
	 * mapping of the first segment and of every one with bytes of this
	 * SQE's rows (a channel's part of a copy reads only its band).  The
	 * SGL covers host bytes [sgl_base, sgl_base + sum): all of them for a
	 * stream, at least the SQE's rows for a copy.
	 */
	if (x->stream) {
		lo = 0;
		hi = x->host_bytes;
	} else {
		lo = wse_mock_host_off(x, 0, x->row_first, 0);
		hi = wse_mock_host_off(x, x->roi_w - 1,
				       x->row_first + x->row_count - 1,
				       x->len - 1) + 4;
	}
	if (x->sgl_base > lo || x->sgl_base % 4)
		return WSE_HW_STATUS_INVALID;
	sum = x->sgl_base;
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
		if (i && (sum <= lo || sum - len >= hi))
			continue;
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
	if (sum < hi || (x->stream && sum != x->host_bytes))
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

/*
 * COL_MAJOR goes through a table of the SGL's segments, each translated
 * (and so DMA-checked) once per SQE: the walk below jumps back and forth
 * in host memory, which a forward-only cursor could only follow with a
 * translation per element or per segment visit.
 */
struct wse_mock_seg {
	u64 start;		/* host offset */
	u8 *va;
	u32 len;
};

static int wse_mock_segs(const struct wse_mock_xfer *x, struct wse_mock_seg *t)
{
	struct wse_mock_cursor c = { .x = x };
	u64 start = x->sgl_base;
	u32 i;

	for (i = 0; i < x->sgl_count; i++) {
		if (wse_mock_cursor_load(&c, i))
			return -EFAULT;
		t[i].start = start;
		t[i].va = c.va;
		t[i].len = c.len;
		start += c.len;
	}
	return 0;
}

/* The segment holding host offset @off (the last one starting at or before). */
static u32 wse_mock_seg_find(const struct wse_mock_seg *t, u32 n, u64 off)
{
	u32 lo = 0, hi = n;

	while (hi - lo > 1) {
		u32 mid = lo + (hi - lo) / 2;

		if (t[mid].start <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* Host pointer of @off, searched forward from segment *@i; bytes left in it. */
static u8 *wse_mock_seg_at(const struct wse_mock_seg *t, u32 n, u32 *i,
			   u64 off, u32 *avail)
{
	if (off < t[*i].start)
		return NULL;
	while (off - t[*i].start >= t[*i].len)
		if (++*i >= n)
			return NULL;
	*avail = t[*i].len - (u32)(off - t[*i].start);
	return t[*i].va + (off - t[*i].start);
}

/*
 * @n 2x2 transposes of 32-bit words: d0 gets (s0[0], s1[0]), d1 gets
 * (s0[1], s1[1]).  Two PEs' elements k, k + 1 <-> the two planes' words of
 * those PEs, in both directions: 2 loads and 2 stores per 4 elements.
 */
static void wse_mock_tr2(const u8 *s0, const u8 *s1, size_t sstep, u8 *d0,
			 u8 *d1, size_t dstep, u32 n)
{
	/* two per iteration: under TCG a loop branch costs a TB exit */
	for (; n >= 2; n -= 2) {
		u64 a = get_unaligned_le64(s0), b = get_unaligned_le64(s1);
		u64 c = get_unaligned_le64(s0 + sstep);
		u64 d = get_unaligned_le64(s1 + sstep);

		put_unaligned_le64((a & U32_MAX) | b << 32, d0);
		put_unaligned_le64(a >> 32 | (b & ~(u64)U32_MAX), d1);
		put_unaligned_le64((c & U32_MAX) | d << 32, d0 + dstep);
		put_unaligned_le64(c >> 32 | (d & ~(u64)U32_MAX), d1 + dstep);
		s0 += 2 * sstep;
		s1 += 2 * sstep;
		d0 += 2 * dstep;
		d1 += 2 * dstep;
	}
	if (n) {
		u64 a = get_unaligned_le64(s0), b = get_unaligned_le64(s1);

		put_unaligned_le64((a & U32_MAX) | b << 32, d0);
		put_unaligned_le64(a >> 32 | (b & ~(u64)U32_MAX), d1);
	}
}

/*
 * Two 2x2 transposes per step, @n steps: d0/d1 from (s0, s1) and d2/d3 from
 * (s2, s3), as wse_mock_tr2() does one.  Four PEs at once: a host line
 * gives 16 bytes per pass instead of 8.
 */
static void wse_mock_tr4(const u8 *s0, const u8 *s1, const u8 *s2,
			 const u8 *s3, size_t sstep, u8 *d0, u8 *d1, u8 *d2,
			 u8 *d3, size_t dstep, u32 n)
{
	size_t so = 0, dof = 0;

	for (; n; n--, so += sstep, dof += dstep) {
		u64 a = get_unaligned_le64(s0 + so), b = get_unaligned_le64(s1 + so);
		u64 c = get_unaligned_le64(s2 + so), e = get_unaligned_le64(s3 + so);

		put_unaligned_le64((a & U32_MAX) | b << 32, d0 + dof);
		put_unaligned_le64(a >> 32 | (b & ~(u64)U32_MAX), d1 + dof);
		put_unaligned_le64((c & U32_MAX) | e << 32, d2 + dof);
		put_unaligned_le64(c >> 32 | (e & ~(u64)U32_MAX), d3 + dof);
	}
}

/*
 * @n pairs k, k + 1 of one PE's 32-bit elements at @pe <-> its host words
 * @plane bytes apart from @host: one 64-bit PE access per pair.
 */
static void wse_mock_k2(u8 *host, size_t plane, u8 *pe, u32 n, bool h2d)
{
	for (; n; n--) {
		if (h2d) {
			u64 a = get_unaligned_le32(host);
			u64 b = get_unaligned_le32(host + plane);

			put_unaligned_le64(a | b << 32, pe);
		} else {
			u64 v = get_unaligned_le64(pe);

			put_unaligned_le32((u32)v, host);
			put_unaligned_le32(v >> 32, host + plane);
		}
		host += 2 * plane;
		pe += 8;
	}
}

/*
 * Under TCG the cost of this walk is the emulated TLB's refills: a tile of
 * the k of 512 KiB of host memory (128 pages) stays in the TLB while every
 * band PE goes through it (a 2 KiB run of each PE's memory at 1 KiB
 * planes).  Measured on the 16x16 bench copy (host memory in one vmap),
 * best of 3 alternations on a busy host: H2D 0.74x row-major with 512 KiB
 * tiles, 0.58x with 1 MiB ones; D2H 0.66x with 512 KiB, 0.83x with 1 MiB.
 */
#define WSE_MOCK_COL_SPAN	(512u << 10)
#define WSE_MOCK_COL_SPAN_D2H	(1024u << 10)
#define WSE_MOCK_COL_KMIN	16
#define WSE_MOCK_COL_KMAX	1024

/*
 * Elements k .. k + @nk - 1 of the @np PEs at @p (already at element k)
 * whose host words follow each other, @p[0]'s at @off: 1, or for 32-bit
 * elements 2 or 4 PEs.  @plane is the host bytes between planes.
 */
static int wse_mock_col_pes(const struct wse_mock_xfer *x,
			    const struct wse_mock_seg *t, u32 n, u32 i, u64 off,
			    u64 plane, u8 **p, u32 np, u32 nk)
{
	u32 elem = x->half ? 2 : 4, need = 4 * np;

	while (nk) {
		u32 avail, run, j, q;
		u8 *host = wse_mock_seg_at(t, n, &i, off, &avail);

		if (!host)
			return -EFAULT;
		if (avail < need) {
			/* the PEs' words straddle two segments */
			for (q = 0; q < np; q++) {
				host = wse_mock_seg_at(t, n, &i, off + 4 * q,
						       &avail);
				if (!host)
					return -EFAULT;
				wse_mock_elem_move(x, host, p[q]);
			}
			run = 1;
		} else {
			/* the k whose words all lie in this segment */
			run = min_t(u64, nk, (avail - need) / plane + 1);
			if (np == 4 && x->h2d)
				wse_mock_tr4(host, host + plane, host + 8,
					     host + plane + 8, 2 * plane,
					     p[0], p[1], p[2], p[3], 8, run / 2);
			else if (np == 4)
				wse_mock_tr4(p[0], p[1], p[2], p[3], 8, host,
					     host + plane, host + 8,
					     host + plane + 8, 2 * plane,
					     run / 2);
			else if (np == 2 && x->h2d)
				wse_mock_tr2(host, host + plane, 2 * plane,
					     p[0], p[1], 8, run / 2);
			else if (np == 2)
				wse_mock_tr2(p[0], p[1], 8, host, host + plane,
					     2 * plane, run / 2);
			else if (!x->half)
				wse_mock_k2(host, plane, p[0], run / 2, x->h2d);
			/* the odd k left, or every k of a 16-bit PE */
			for (j = x->half ? 0 : run & ~1u; j < run; j++)
				for (q = 0; q < np; q++)
					wse_mock_elem_move(x, host + j * plane +
							   4 * q,
							   p[q] + elem * j);
		}
		nk -= run;
		off += run * plane;
		for (q = 0; q < np; q++)
			p[q] += elem * run;
	}
	return 0;
}

/*
 * COL_MAJOR: host element (k, px, py) is at plane index px * h + py of the
 * k-th plane of h * w elements.  k goes in tiles (WSE_MOCK_COL_SPAN); in a
 * tile the band's PEs are taken in host order, four at a time (adjacent
 * words in every plane; two or one at the end of a column's band), each
 * group moving its tile of elements as 2x2 transposes along runs of k
 * inside one segment.  Four rather than two: each pass over the tile takes
 * 16 bytes of a host line instead of 8 (one A/B boot, 4 alternations, 12 MiB
 * copy: H2D 0.53-0.57x row-major -> 0.66-0.72x, D2H 0.56-0.66x -> 0.64-0.74x).
 */
static int wse_mock_run_col_major(const struct wse_mock_xfer *x,
				  const struct wse_mock_seg *t, u32 n,
				  const bool *stop)
{
	u32 rf = x->row_first, re = rf + x->row_count;
	u64 plane = 4ull * x->roi_h * x->roi_w;
	u32 elem = x->half ? 2 : 4;
	u32 tile = clamp_t(u64, (x->h2d ? WSE_MOCK_COL_SPAN :
				    WSE_MOCK_COL_SPAN_D2H) / plane,
			   WSE_MOCK_COL_KMIN, WSE_MOCK_COL_KMAX);
	u32 px, py, kb, nk, np, avail;
	u64 off;
	int ret;

	for (kb = 0; kb < x->len; kb += nk) {
		/* forward through the tile: offsets grow in (px, py) */
		u32 i = wse_mock_seg_find(t, n,
					  wse_mock_host_off(x, 0, rf, kb));

		nk = min_t(u32, tile, x->len - kb);
		for (px = 0; px < x->roi_w; px++) {
			for (py = rf; py < re; py += np) {
				u8 *p[4];
				u32 q;

				/* 16-bit: one PE (the transposes are 32-bit) */
				np = x->half ? 1 : py + 3 < re ? 4 :
				     py + 1 < re ? 2 : 1;
				for (q = 0; q < np; q++) {
					p[q] = wse_mock_xfer_pe(x, px, py + q);
					if (!p[q])
						return -EINVAL;
					p[q] += elem * kb;
				}
				off = wse_mock_host_off(x, px, py, kb);
				if (!wse_mock_seg_at(t, n, &i, off, &avail))
					return -EFAULT;
				ret = wse_mock_col_pes(x, t, n, i, off, plane,
						       p, np, nk);
				if (ret)
					return ret;
			}
			cond_resched();
			if (READ_ONCE(*stop))
				return -EINTR;
		}
	}
	return 0;
}

/*
 * The @n segments of @t, page-aligned where they meet (pinned user pages
 * always are), as one virtually contiguous segment @one: a column-major
 * walk then goes through a tile in one run instead of a run per segment
 * (pinned pages come in runs of ~5 pages: 1.3-1.8x faster on the bench's
 * 12 MiB copies).  Returns the mapping to vunmap(), or NULL (the caller
 * walks @t): small copies are not worth a mapping.
 */
#define WSE_MOCK_VMAP_MIN	(64u << 10)

static void *wse_mock_segs_vmap(const struct wse_mock_seg *t, u32 n,
				struct wse_mock_seg *one)
{
	unsigned long head = offset_in_page(t[0].va);
	struct page **pages;
	u64 total = t[n - 1].start + t[n - 1].len;
	u32 nr, i, j = 0;
	void *vm = NULL;

	if (n < 2 || total < WSE_MOCK_VMAP_MIN || total + head > U32_MAX)
		return NULL;
	nr = DIV_ROUND_UP(total + head, PAGE_SIZE);
	for (i = 0; i < n; i++)
		if ((i && offset_in_page(t[i].va)) ||
		    (i + 1 < n && offset_in_page(t[i].va + t[i].len)) ||
		    !virt_addr_valid(t[i].va))
			return NULL;
	pages = kvmalloc_array(nr, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return NULL;
	for (i = 0; i < n; i++) {
		u8 *va = t[i].va - (i ? 0 : head);
		u8 *end = t[i].va + t[i].len;

		for (; va < end && j < nr; va += PAGE_SIZE)
			pages[j++] = virt_to_page(va);
	}
	if (j == nr)
		vm = vmap(pages, nr, VM_MAP, PAGE_KERNEL);
	kvfree(pages);
	if (vm) {
		one->start = 0;
		one->va = vm + head;
		one->len = total;
	}
	return vm;
}

/* The segment table on the stack for small SGLs (small copies). */
#define WSE_MOCK_SEGS_STACK	4

static int wse_mock_col_major(const struct wse_mock_xfer *x, const bool *stop)
{
	struct wse_mock_seg stack[WSE_MOCK_SEGS_STACK], *t = stack;
	int ret;

	if (x->sgl_count > ARRAY_SIZE(stack)) {
		t = kvmalloc_array(x->sgl_count, sizeof(*t), GFP_KERNEL);
		if (!t)
			return -ENOMEM;
	}
	ret = wse_mock_segs(x, t);
	if (!ret) {
		struct wse_mock_seg one;
		void *vm = wse_mock_segs_vmap(t, x->sgl_count, &one);

		if (vm) {
			ret = wse_mock_run_col_major(x, &one, 1, stop);
			vunmap(vm);
		} else {
			ret = wse_mock_run_col_major(x, t, x->sgl_count, stop);
		}
	}
	if (t != stack)
		kvfree(t);
	return ret;
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
	if (x->col_major)
		ret = wse_mock_col_major(x, stop);
	else
		ret = wse_mock_cursor_init(&c, x) ? -EFAULT :
		      wse_mock_run_row_major(x, &c, stop);
	if (ret == -ENOMEM)
		return WSE_HW_STATUS_DEVICE_ERROR;
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

/* ---- H2D lists (WSE_HW_OP_H2D_LIST) ---- */

/* Device bound on a list's data (the core sends at most 64 KiB). */
#define WSE_MOCK_LIST_MAX_BYTES	(1u << 20)

/* Where an item's PE side lies: PE memory, or a symbol of that PE. */
struct wse_mock_list_dest {
	u8 *pe;			/* NULL: none looked up yet */
	u32 limit;		/* bytes from @pe */
	u32 px, py, sym;
	bool by_sym;
};

/* @d for PE (@px, @py) and @it's symbol: kept from the item before if same. */
static int wse_mock_list_dest(const struct wse_mock_fabric *fab,
			      const struct wse_hw_list_item *it, u32 px,
			      u32 py, struct wse_mock_list_dest *d)
{
	bool by_sym = it->flags & WSE_HW_SQE_SYMBOL;
	u32 sym = le32_to_cpu(it->symbol);
	const struct wse_pe_symbol *s;

	if (d->pe && d->px == px && d->py == py && d->by_sym == by_sym &&
	    d->sym == sym)
		return 0;
	d->pe = wse_mock_pe_mem(fab, px, py);
	if (!d->pe)
		return -EINVAL;
	d->limit = fab->pe_bytes;
	if (by_sym) {
		s = wse_mock_pe_sym(fab, px, py, sym);
		if (!s || s->addr == WSE_NO_ADDR) {
			d->pe = NULL;
			return -EINVAL;
		}
		d->pe += s->addr;	/* checked against memory at load */
		d->limit = s->bytes;
	}
	d->px = px;
	d->py = py;
	d->sym = sym;
	d->by_sym = by_sym;
	return 0;
}

/*
 * Item @i of list @x: checked as a copy's PE side would be (inside PE
 * memory, or inside the symbol on that PE), its data inside the list's,
 * then moved.  An item of another channel's rows is skipped.  The table
 * is host memory: read once, into a snapshot.
 */
static int wse_mock_list_item(const struct wse_mock_xfer *x, u32 i,
			      struct wse_mock_list_dest *d, u32 *moved)
{
	const struct wse_mock_fabric *fab = &x->mock->fabric;
	const u8 *data = (const u8 *)(x->items + x->sgl_count);
	struct wse_hw_list_item it;
	u32 px, py, len, off, doff, elem, k;
	const u8 *host;
	u8 *pe;

	memcpy(&it, &x->items[i], sizeof(it));
	px = le16_to_cpu(it.pe_x);
	py = le16_to_cpu(it.pe_y);
	len = le32_to_cpu(it.len);
	off = le32_to_cpu(it.pe_offset);
	doff = le32_to_cpu(it.data_off);
	elem = it.flags & WSE_HW_SQE_16BIT ? 2 : 4;
	if (it.flags & ~(WSE_HW_SQE_16BIT | WSE_HW_SQE_SYMBOL))
		return -EINVAL;
	if (!(it.flags & WSE_HW_SQE_SYMBOL) && it.symbol)
		return -EINVAL;
	if (px >= fab->cfg.width || py >= fab->cfg.height)
		return -EINVAL;
	if (py < x->roi_y + x->row_first ||
	    py >= x->roi_y + x->row_first + x->row_count)
		return 0;
	if (!len || off % elem || doff % 4 || doff > x->host_bytes ||
	    len > (x->host_bytes - doff) / 4)
		return -EINVAL;
	if (wse_mock_list_dest(fab, &it, px, py, d))
		return -EINVAL;
	if (off > d->limit || len > (d->limit - off) / elem)
		return -EINVAL;
	pe = d->pe + off;
	host = data + doff;
	if (elem == 4)
		memcpy(pe, host, 4 * len);
	else
		for (k = 0; k < len; k++)
			put_unaligned_le16((u16)get_unaligned_le32(host + 4 * k),
					   pe + 2 * k);
	*moved += 4 * len;
	return 0;
}

/*
 * Decode and validate an H2D_LIST @sqe and map its table and data;
 * WSE_HW_STATUS_*.  The items are checked as they are walked.
 */
u16 wse_mock_list_prepare(struct wse_mock *mock, const struct wse_hw_sqe *sqe,
			  struct wse_mock_xfer *x)
{
	const struct wse_mock_fabric *fab = &mock->fabric;

	memset(x, 0, sizeof(*x));
	x->mock = mock;
	x->h2d = true;
	x->list = true;
	if (sqe->flags || sqe->roi_x || sqe->len || sqe->pe_offset ||
	    sqe->symbol || sqe->color || !fab->configured)
		return WSE_HW_STATUS_INVALID;
	x->roi_y = le16_to_cpu(sqe->roi_y);
	x->roi_h = le16_to_cpu(sqe->roi_h);
	x->row_first = le16_to_cpu(sqe->row_first);
	x->row_count = le16_to_cpu(sqe->row_count);
	x->sgl_count = le32_to_cpu(sqe->sgl_count);
	x->host_bytes = le64_to_cpu(sqe->host_bytes);
	if (!x->roi_h || x->roi_y + x->roi_h > fab->cfg.height ||
	    !x->row_count || x->row_first + x->row_count > x->roi_h)
		return WSE_HW_STATUS_INVALID;
	if (!x->sgl_count || x->sgl_count > WSE_HW_LIST_MAX ||
	    !x->host_bytes || x->host_bytes % 4 ||
	    x->host_bytes > WSE_MOCK_LIST_MAX_BYTES)
		return WSE_HW_STATUS_INVALID;
	x->items = wse_mock_dma_to_virt(mock, le64_to_cpu(sqe->sgl_addr),
					x->sgl_count * sizeof(*x->items) +
					x->host_bytes, DMA_TO_DEVICE);
	if (!x->items)
		return WSE_HW_STATUS_DMA_ERROR;
	return WSE_HW_STATUS_OK;
}

/*
 * Walk a prepared list: each item checked, then moved, in table order.  A
 * malformed item ends the walk with INVALID, the items before it moved (a
 * descriptor chain's semantics: the core sends only checked lists).  @stop
 * as wse_mock_xfer_run().
 */
u16 wse_mock_list_run(const struct wse_mock_xfer *x, const bool *stop,
		      u32 *bytes)
{
	struct wse_mock_list_dest d = {};
	u32 i;

	*bytes = 0;
	for (i = 0; i < x->sgl_count; i++) {
		if (wse_mock_list_item(x, i, &d, bytes))
			return WSE_HW_STATUS_INVALID;
		if (i % 64 == 63) {
			cond_resched();
			if (READ_ONCE(*stop))
				return WSE_HW_STATUS_DEVICE_ERROR;
		}
	}
	return WSE_HW_STATUS_OK;
}
