/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * route_rules.h - the rules of struct wse_load's routes (uapi/linux/wse.h),
 * written once and used by everyone who checks them: wse.ko (LOAD), the
 * fabric core (wse_net_set_routes), libwse (messages before the ioctl) and
 * wse-cc (messages naming the layout line).  Static inline, kernel and
 * userspace alike; include <linux/wse.h> (or the fabric's port header)
 * first.
 */
#ifndef _WSE_ROUTE_RULES_H
#define _WSE_ROUTE_RULES_H

#define WSE_PORT_DIRS	(WSE_PORT_NORTH | WSE_PORT_EAST | WSE_PORT_SOUTH | \
			 WSE_PORT_WEST)

/* What wse_route_check() found; the order is the order of the checks. */
enum wse_route_rule {
	WSE_ROUTE_OK = 0,
	WSE_ROUTE_BITS,		/* bits outside WSE_PORT_ALL */
	WSE_ROUTE_HALF,		/* one of rx and tx empty, not both */
	WSE_ROUTE_BOTH,		/* a port but RAMP in both rx and tx */
	WSE_ROUTE_MEMCPY,	/* MEMCPY outside the two stream patterns */
	WSE_ROUTE_LEAVES,	/* *port (in rx or tx) leaves the rectangle */
	WSE_ROUTE_UNMET,	/* tx *port: neighbour's rx lacks opposite */
};

static inline int wse_route_is_h2d(const struct wse_route *r)
{
	return r->rx == WSE_PORT_MEMCPY && r->tx == WSE_PORT_RAMP;
}

static inline int wse_route_is_d2h(const struct wse_route *r)
{
	return r->rx == WSE_PORT_RAMP && r->tx == WSE_PORT_MEMCPY;
}

static inline __u32 wse_port_opposite(__u32 port)
{
	switch (port) {
	case WSE_PORT_NORTH:
		return WSE_PORT_SOUTH;
	case WSE_PORT_SOUTH:
		return WSE_PORT_NORTH;
	case WSE_PORT_EAST:
		return WSE_PORT_WEST;
	default:
		return WSE_PORT_EAST;
	}
}

/* The directions of PE (x, y) that leave a w x h rectangle. */
static inline __u32 wse_ports_outside(__u32 x, __u32 y, __u32 w, __u32 h)
{
	return (y == 0 ? WSE_PORT_NORTH : 0) |
	       (y + 1 >= h ? WSE_PORT_SOUTH : 0) |
	       (x == 0 ? WSE_PORT_WEST : 0) |
	       (x + 1 >= w ? WSE_PORT_EAST : 0);
}

/* The neighbour of (x, y) through direction @port, which must be inside. */
static inline void wse_port_step(__u32 port, __u32 *x, __u32 *y)
{
	switch (port) {
	case WSE_PORT_NORTH:
		(*y)--;
		break;
	case WSE_PORT_SOUTH:
		(*y)++;
		break;
	case WSE_PORT_EAST:
		(*x)++;
		break;
	default:
		(*x)--;
		break;
	}
}

/*
 * Check the route of color @c at PE (@x, @y) of the w x h @routes
 * ([w * h * WSE_NR_COLORS], uapi layout).  Returns enum wse_route_rule;
 * for LEAVES and UNMET, *@port is the direction concerned.
 */
static inline int wse_route_check(const struct wse_route *routes, __u32 w,
				  __u32 h, __u32 x, __u32 y, __u32 c,
				  __u32 *port)
{
	const struct wse_route *r =
		&routes[((unsigned long)y * w + x) * WSE_NR_COLORS + c];
	__u32 rx = r->rx, tx = r->tx, out, p;

	if ((rx | tx) & ~WSE_PORT_ALL)
		return WSE_ROUTE_BITS;
	if (!rx != !tx)
		return WSE_ROUTE_HALF;
	/* RAMP in both: the PE's own wavelets come back to it (cslc's self ramp) */
	if (rx & tx & ~WSE_PORT_RAMP)
		return WSE_ROUTE_BOTH;
	if (((rx | tx) & WSE_PORT_MEMCPY) && !wse_route_is_h2d(r) &&
	    !wse_route_is_d2h(r))
		return WSE_ROUTE_MEMCPY;
	out = wse_ports_outside(x, y, w, h);
	for (p = WSE_PORT_NORTH; p <= WSE_PORT_WEST; p <<= 1) {
		__u32 nx = x, ny = y;

		*port = p;
		if ((rx | tx) & p & out)
			return WSE_ROUTE_LEAVES;
		if (!(tx & p))
			continue;
		wse_port_step(p, &nx, &ny);
		if (!(routes[((unsigned long)ny * w + nx) * WSE_NR_COLORS +
			     c].rx & wse_port_opposite(p)))
			return WSE_ROUTE_UNMET;
	}
	return WSE_ROUTE_OK;
}

#endif /* _WSE_ROUTE_RULES_H */
