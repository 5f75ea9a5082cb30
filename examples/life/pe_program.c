// SPDX-License-Identifier: MIT
/*
 * Conway's game of life, one cell per PE; cells outside the rectangle are
 * dead.  The host launches step() once per generation:
 *
 *   phase 1: send my cell EAST and WEST, receive the cells of my west (w)
 *            and east (e) neighbours;
 *   phase 2: send the three cells (w, me, e) NORTH and SOUTH, receive the
 *            three of the row above and the three of the row below;
 *   then count the 8 neighbours, apply the rule, and end the launch.
 *
 * Phase 2 forwards what phase 1 brought, so the diagonal neighbours arrive
 * without diagonal routes.  A PE on an edge skips the missing neighbours
 * (they count as dead).  Phase 1 uses single wavelets (wse_send32 /
 * wse_recv32), phase 2 vectors of three with fabric DSDs (wse_mov32 from
 * memory to a fabout DSD and from a fabin DSD to memory).  Every send
 * fits in the network's buffers, so no PE waits for another to receive.
 *
 * Colors (layout.wse): direction D has two, chosen by the sender's parity,
 * so the receiver uses the other parity's color:
 *   EAST 0/1, WEST 2/3 (by x), SOUTH 4/5, NORTH 6/7 (by y).
 */
#include <wse/pe.h>

uint32_t cell[1];		/* 1 alive, 0 dead; the host writes and reads it */
WSE_EXPORT_SYMBOL(cell, WSE_U32);

/* output queues (0 is memcpy's), one per direction */
#define QO_EAST		1
#define QO_WEST		2
#define QO_SOUTH	3
#define QO_NORTH	4
/* input queues (0 and, on WSE-3, 1 are memcpy's), one per direction */
#define QI_FROM_WEST	2
#define QI_FROM_EAST	3
#define QI_FROM_NORTH	4
#define QI_FROM_SOUTH	5

static uint32_t x, y, w, h;	/* my place in the w x h rectangle */

void wse_init(void)
{
	x = wse_pe_x();
	y = wse_pe_y();
	w = wse_rect_w();
	h = wse_rect_h();
}

/*
 * Phase 1.  Color and queue arguments must be constants, hence one call
 * per parity.  Eastward traffic from an even x is on color 0, from an odd
 * x on color 1; westward on 2 (even) / 3 (odd).
 */
static void send_east(uint32_t v)
{
	if (x % 2 == 0)
		wse_send32(0, QO_EAST, v);
	else
		wse_send32(1, QO_EAST, v);
}

static void send_west(uint32_t v)
{
	if (x % 2 == 0)
		wse_send32(2, QO_WEST, v);
	else
		wse_send32(3, QO_WEST, v);
}

/* my west neighbour (x - 1) sends EAST on the color of its parity */
static uint32_t recv_from_west(void)
{
	return x % 2 == 0 ? wse_recv32(1, QI_FROM_WEST)
			  : wse_recv32(0, QI_FROM_WEST);
}

/* my east neighbour (x + 1) sends WEST on the color of its parity */
static uint32_t recv_from_east(void)
{
	return x % 2 == 0 ? wse_recv32(3, QI_FROM_EAST)
			  : wse_recv32(2, QI_FROM_EAST);
}

/* Phase 2: three cells at a time, SOUTH on 4 / 5, NORTH on 6 / 7 (by y). */
static void send_south(const uint32_t row[3])
{
	if (y % 2 == 0)
		wse_mov32(wse_dsd_fabout(4, QO_SOUTH, 3), wse_dsd_mem(row, 3, 1));
	else
		wse_mov32(wse_dsd_fabout(5, QO_SOUTH, 3), wse_dsd_mem(row, 3, 1));
}

static void send_north(const uint32_t row[3])
{
	if (y % 2 == 0)
		wse_mov32(wse_dsd_fabout(6, QO_NORTH, 3), wse_dsd_mem(row, 3, 1));
	else
		wse_mov32(wse_dsd_fabout(7, QO_NORTH, 3), wse_dsd_mem(row, 3, 1));
}

/* the row above (y - 1) sends SOUTH on the color of its parity */
static void recv_from_north(uint32_t row[3])
{
	if (y % 2 == 0)
		wse_mov32(wse_dsd_mem(row, 3, 1), wse_dsd_fabin(5, QI_FROM_NORTH, 3));
	else
		wse_mov32(wse_dsd_mem(row, 3, 1), wse_dsd_fabin(4, QI_FROM_NORTH, 3));
}

/* the row below (y + 1) sends NORTH on the color of its parity */
static void recv_from_south(uint32_t row[3])
{
	if (y % 2 == 0)
		wse_mov32(wse_dsd_mem(row, 3, 1), wse_dsd_fabin(7, QI_FROM_SOUTH, 3));
	else
		wse_mov32(wse_dsd_mem(row, 3, 1), wse_dsd_fabin(6, QI_FROM_SOUTH, 3));
}

void step(void)
{
	uint32_t mine[3] = { 0, cell[0], 0 };	/* (w, me, e) */
	uint32_t above[3] = { 0 }, below[3] = { 0 };
	uint32_t n;

	/* phase 1: along the row */
	if (x + 1 < w)
		send_east(cell[0]);
	if (x > 0)
		send_west(cell[0]);
	if (x > 0)
		mine[0] = recv_from_west();
	if (x + 1 < w)
		mine[2] = recv_from_east();

	/* phase 2: along the column, three cells each */
	if (y > 0)
		send_north(mine);
	if (y + 1 < h)
		send_south(mine);
	if (y > 0)
		recv_from_north(above);
	if (y + 1 < h)
		recv_from_south(below);

	n = mine[0] + mine[2] + above[0] + above[1] + above[2] +
	    below[0] + below[1] + below[2];
	cell[0] = n == 3 || (cell[0] && n == 2);
	wse_unblock_cmd_stream();
}
WSE_EXPORT_FN(step);
