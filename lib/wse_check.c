// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * wse_check.c - validation of ioctl arguments before they reach the kernel.
 *
 * The rules and their order are those of <linux/wse.h>; each failing rule
 * returns the kernel's errno and a reason naming the argument and the limit.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "wse_internal.h"
#include <wse/route_rules.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static int reason(int err, char *msg, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int reason(int err, char *msg, size_t n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, n, fmt, ap);
	va_end(ap);
	return err;
}

static int check_flags(uint32_t flags, uint32_t known, char *msg, size_t n)
{
	if (flags & ~known)
		return reason(-EINVAL, msg, n,
			      "flags 0x%" PRIx32 " has unknown bits 0x%" PRIx32,
			      flags, flags & ~known);
	return 0;
}

static int check_zero(const uint32_t *field, unsigned int count,
		      const char *name, char *msg, size_t n)
{
	for (unsigned int i = 0; i < count; i++)
		if (field[i])
			return reason(-EINVAL, msg, n,
				      "%s[%u] is %" PRIu32 ", must be 0",
				      name, i, field[i]);
	return 0;
}

static int check_min(uint32_t value, uint32_t min, const char *name,
		     char *msg, size_t n)
{
	if (value < min)
		return reason(-EINVAL, msg, n, "%s %" PRIu32 " < %" PRIu32,
			      name, value, min);
	return 0;
}

bool wse__xfer_bytes(uint32_t w, uint32_t h, uint32_t l, uint64_t *bytes)
{
	uint64_t wh = (uint64_t)w * h;	/* < 2^64: no overflow */

	if (l && wh > UINT64_MAX / 4 / l) {
		*bytes = UINT64_MAX;
		return false;
	}
	*bytes = wh * l * 4;
	return true;
}

static bool info_known(const struct wse_info *info)
{
	return info && info->size;
}

int wse__check_configure(const struct wse_info *info,
			 const struct wse_configure *c, char *msg, size_t n)
{
	uint64_t need;
	int err;

	if ((err = check_flags(c->flags, 0, msg, n)) ||
	    (err = check_zero(c->reserved, ARRAY_SIZE(c->reserved),
			      "reserved", msg, n)))
		return err;
	if (c->channels < 1 || c->channels > WSE_MAX_CHANNELS)
		return reason(-EINVAL, msg, n,
			      "channels %" PRIu32 " is outside 1..%d",
			      c->channels, WSE_MAX_CHANNELS);
	if ((err = check_min(c->width, 1, "width", msg, n)) ||
	    (err = check_min(c->height, 1, "height", msg, n)))
		return err;
	need = (uint64_t)WSE_MEMCPY_MIN_OFFSET_X + c->west_buf;
	if (c->offset_x < need)
		return reason(-EINVAL, msg, n,
			      "offset_x %" PRIu32 " < %d + west_buf %" PRIu32
			      " = %" PRIu64, c->offset_x,
			      WSE_MEMCPY_MIN_OFFSET_X, c->west_buf, need);
	if ((err = check_min(c->offset_y, WSE_MEMCPY_MIN_OFFSET_Y, "offset_y",
			     msg, n)))
		return err;
	need = (uint64_t)c->offset_x + c->width + WSE_MEMCPY_EAST_COLS + 1 +
	       c->east_buf;
	if (c->dim_x < need)
		return reason(-EINVAL, msg, n,
			      "dim_x %" PRIu32 " < offset_x %" PRIu32
			      " + width %" PRIu32 " + %d + east_buf %" PRIu32
			      " = %" PRIu64, c->dim_x, c->offset_x, c->width,
			      WSE_MEMCPY_EAST_COLS + 1, c->east_buf, need);
	need = (uint64_t)c->offset_y + c->height + 1;
	if (c->dim_y < need)
		return reason(-EINVAL, msg, n,
			      "dim_y %" PRIu32 " < offset_y %" PRIu32
			      " + height %" PRIu32 " + 1 = %" PRIu64,
			      c->dim_y, c->offset_y, c->height, need);
	if (!info_known(info))
		return 0;
	if (c->dim_x > info->fabric_width || c->dim_y > info->fabric_height)
		return reason(-EINVAL, msg, n,
			      "fabric dims %" PRIu32 "x%" PRIu32
			      " exceed the device's %" PRIu32 "x%" PRIu32,
			      c->dim_x, c->dim_y, info->fabric_width,
			      info->fabric_height);
	need = (uint64_t)c->width * c->height;
	if (need > info->max_rect_pes)
		return reason(-ENOSPC, msg, n,
			      "width %" PRIu32 " * height %" PRIu32 " = %" PRIu64
			      " PEs > max_rect_pes %" PRIu32 " of the device",
			      c->width, c->height, need, info->max_rect_pes);
	return 0;
}

static int check_roi(const struct wse_configure *cfg,
		     const struct wse_xfer *xf, char *msg, size_t n)
{
	if ((uint64_t)xf->x + xf->w > cfg->width ||
	    (uint64_t)xf->y + xf->h > cfg->height)
		return reason(-EINVAL, msg, n,
			      "ROI (%" PRIu32 ",%" PRIu32 ",%" PRIu32 ",%" PRIu32
			      ") is outside the %" PRIu32 "x%" PRIu32
			      " rectangle", xf->x, xf->y, xf->w, xf->h,
			      cfg->width, cfg->height);
	return 0;
}

static int check_pe_range(const struct wse_info *info,
			  const struct wse_xfer *xf, char *msg, size_t n)
{
	uint32_t elem = xf->data_type == WSE_DATA_16BIT ? 2 : 4;
	uint32_t mem = info_known(info) ? info->pe_memory_bytes
					: WSE_PE_MEMORY_BYTES;
	uint64_t end = (uint64_t)xf->pe_offset + (uint64_t)xf->l * elem;

	if (xf->pe_offset % elem)
		return reason(-EINVAL, msg, n,
			      "pe_offset %" PRIu32 " is not a multiple of the "
			      "%" PRIu32 "-byte element", xf->pe_offset, elem);
	if (end > mem)
		return reason(-ENOSPC, msg, n,
			      "PE range pe_offset %" PRIu32 " + l %" PRIu32
			      " * %" PRIu32 " = %" PRIu64 " > %" PRIu32
			      " bytes of PE memory", xf->pe_offset, xf->l, elem,
			      end, mem);
	return 0;
}

int wse__check_xfer(const struct wse_info *info,
		    const struct wse_configure *cfg,
		    const struct wse_xfer *xf, char *msg, size_t n)
{
	uint64_t bytes;
	int err;

	bool stream = xf->flags & WSE_XFER_STREAM;

	if ((err = check_flags(xf->flags, WSE_XFER_FLAGS_ALL, msg, n)) ||
	    (err = check_zero(xf->reserved, ARRAY_SIZE(xf->reserved),
			      "reserved", msg, n)))
		return err;
	if (stream && (xf->flags & WSE_XFER_SYMBOL))
		return reason(-EINVAL, msg, n, "flags 0x%" PRIx32 ": "
			      "WSE_XFER_STREAM and WSE_XFER_SYMBOL exclude "
			      "each other", xf->flags);
	if (!(xf->flags & WSE_XFER_SYMBOL) && xf->symbol)
		return reason(-EINVAL, msg, n, "symbol %" PRIu32 " without "
			      "WSE_XFER_SYMBOL must be 0", xf->symbol);
	if (!stream && xf->color)
		return reason(-EINVAL, msg, n, "color %" PRIu32 " without "
			      "WSE_XFER_STREAM must be 0", xf->color);
	if (stream && xf->color >= WSE_NR_COLORS)
		return reason(-EINVAL, msg, n, "color %" PRIu32 " is outside "
			      "0..%d", xf->color, WSE_NR_COLORS - 1);
	if (stream && xf->pe_offset)
		return reason(-EINVAL, msg, n, "pe_offset %" PRIu32 " must be "
			      "0 with WSE_XFER_STREAM (no PE memory is "
			      "addressed)", xf->pe_offset);
	if (xf->data_type != WSE_DATA_32BIT && xf->data_type != WSE_DATA_16BIT)
		return reason(-EINVAL, msg, n,
			      "data_type %" PRIu32 " is neither WSE_DATA_32BIT "
			      "(0) nor WSE_DATA_16BIT (1)", xf->data_type);
	if (xf->order != WSE_ORDER_ROW_MAJOR &&
	    xf->order != WSE_ORDER_COL_MAJOR)
		return reason(-EINVAL, msg, n,
			      "order %" PRIu32 " is neither WSE_ORDER_ROW_MAJOR "
			      "(0) nor WSE_ORDER_COL_MAJOR (1)", xf->order);
	if ((err = check_min(xf->w, 1, "w", msg, n)) ||
	    (err = check_min(xf->h, 1, "h", msg, n)) ||
	    (err = check_min(xf->l, 1, "l", msg, n)))
		return err;
	if (cfg && (err = check_roi(cfg, xf, msg, n)))
		return err;
	if (!wse__xfer_bytes(xf->w, xf->h, xf->l, &bytes))
		return reason(-EINVAL, msg, n,
			      "w*h*l*4 (%" PRIu32 "*%" PRIu32 "*%" PRIu32
			      "*4) overflows 64 bits", xf->w, xf->h, xf->l);
	if (xf->host_bytes != bytes)
		return reason(-EINVAL, msg, n,
			      "host_bytes %" PRIu64 " != w*h*l*4 = %" PRIu64,
			      (uint64_t)xf->host_bytes, bytes);
	if (!xf->host_ptr)
		return reason(-EFAULT, msg, n, "host_ptr is NULL");
	if (xf->host_ptr % 4)
		return reason(-EINVAL, msg, n,
			      "host_ptr 0x%" PRIx64 " is not 4-byte aligned",
			      (uint64_t)xf->host_ptr);
	if (stream)
		return 0;	/* wavelets: no PE memory range */
	return check_pe_range(info, xf, msg, n);
}

int wse__check_list(const struct wse_info *info,
		    const struct wse_configure *cfg, struct wse_xfer_list *xl,
		    char *msg, size_t n)
{
	int err;

	xl->bad_item = WSE_LIST_NO_ITEM;
	if ((err = check_flags(xl->flags, WSE_LIST_FLAGS_ALL, msg, n)) ||
	    (err = check_zero(xl->reserved, ARRAY_SIZE(xl->reserved),
			      "reserved", msg, n)))
		return err;
	if (!xl->count || xl->count > WSE_MAX_LIST_ITEMS)
		return reason(-EINVAL, msg, n, "count %" PRIu32 " is outside "
			      "1..WSE_MAX_LIST_ITEMS (%d)", xl->count,
			      WSE_MAX_LIST_ITEMS);
	if (xl->item_size != sizeof(struct wse_xfer_item))
		return reason(-EINVAL, msg, n, "item_size %" PRIu32 " != "
			      "sizeof(struct wse_xfer_item) %zu",
			      xl->item_size, sizeof(struct wse_xfer_item));
	if (!xl->data_bytes || xl->data_bytes > WSE_MAX_LIST_BYTES ||
	    xl->data_bytes % 4)
		return reason(-EINVAL, msg, n, "data_bytes %" PRIu32 " is not "
			      "a multiple of 4 in 4..WSE_MAX_LIST_BYTES (%u)",
			      xl->data_bytes, WSE_MAX_LIST_BYTES);
	if (!xl->items || !xl->data)
		return reason(-EFAULT, msg, n, "%s is NULL",
			      xl->items ? "data" : "items");
	if (xl->data % 4)
		return reason(-EINVAL, msg, n, "data 0x%" PRIx64 " is not "
			      "4-byte aligned", (uint64_t)xl->data);
	for (uint32_t i = 0; i < xl->count; i++) {
		const struct wse_xfer_item *it =
			(const struct wse_xfer_item *)(uintptr_t)xl->items + i;
		struct wse_xfer xf;
		char why[WSE_ERRMSG_MAX - 32];

		err = check_flags(it->flags, WSE_ITEM_FLAGS_ALL, why,
				  sizeof(why));
		if (!err)
			err = check_zero(it->reserved, ARRAY_SIZE(it->reserved),
					 "reserved", why, sizeof(why));
		if (!err && it->data_off % 4)
			err = reason(-EINVAL, why, sizeof(why), "data_off %"
				     PRIu32 " is not a multiple of 4",
				     it->data_off);
		if (!err && (uint64_t)it->data_off + (uint64_t)it->l * 4 >
			    xl->data_bytes)
			err = reason(-EINVAL, why, sizeof(why), "data_off %"
				     PRIu32 " + l %" PRIu32 " * 4 > data_bytes %"
				     PRIu32, it->data_off, it->l,
				     xl->data_bytes);
		if (!err) {
			memset(&xf, 0, sizeof(xf));
			xf.flags = it->flags & WSE_ITEM_SYMBOL ?
				   WSE_XFER_SYMBOL : 0;
			xf.host_ptr = xl->data + it->data_off;
			xf.host_bytes = (uint64_t)it->l * 4;
			xf.x = it->x;
			xf.y = it->y;
			xf.w = 1;
			xf.h = 1;
			xf.l = it->l;
			xf.pe_offset = it->pe_offset;
			xf.data_type = it->data_type;
			xf.symbol = it->symbol;
			err = wse__check_xfer(info, cfg, &xf, why, sizeof(why));
		}
		if (err) {
			xl->bad_item = i;
			return reason(err, msg, n, "item %" PRIu32 ": %s", i,
				      why);
		}
	}
	return 0;
}

int wse__check_launch(const struct wse_launch *ln, char *msg, size_t n)
{
	int err;

	if ((err = check_flags(ln->flags, WSE_LAUNCH_FLAGS_ALL, msg, n)) ||
	    (err = check_zero(&ln->reserved0, 1, "reserved0", msg, n)) ||
	    (err = check_zero(ln->reserved, ARRAY_SIZE(ln->reserved),
			      "reserved", msg, n)))
		return err;
	if (ln->argc > WSE_MAX_LAUNCH_ARGS)
		return reason(-EINVAL, msg, n,
			      "argc %" PRIu32 " > WSE_MAX_LAUNCH_ARGS %d",
			      ln->argc, WSE_MAX_LAUNCH_ARGS);
	for (uint32_t i = ln->argc; i < WSE_MAX_LAUNCH_ARGS; i++)
		if (ln->args[i])
			return reason(-EINVAL, msg, n,
				      "args[%" PRIu32 "] is 0x%" PRIx32
				      " beyond argc %" PRIu32 ", must be 0",
				      i, ln->args[i], ln->argc);
	return 0;
}

static int check_image(const struct wse_info *info, const struct wse_load *ld,
		       uint32_t i, char *msg, size_t n)
{
	const struct wse_pe_image *im =
		&((const struct wse_pe_image *)(uintptr_t)ld->images)[i];
	const uint32_t *fn = (const uint32_t *)(uintptr_t)im->functions;
	const struct wse_pe_symbol *sym =
		(const struct wse_pe_symbol *)(uintptr_t)im->symbols;
	uint32_t mem = info_known(info) ? info->pe_memory_bytes
					: WSE_PE_MEMORY_BYTES;
	int err;

	if ((err = check_zero(im->reserved, ARRAY_SIZE(im->reserved),
			      "image reserved", msg, n)))
		return reason(err, msg, n, "images[%" PRIu32 "].reserved is "
			      "not zero", i);
	if (!im->data_len || im->data_len > mem)
		return reason(-ENOEXEC, msg, n, "images[%" PRIu32 "].data_len "
			      "%" PRIu32 " is outside 1..%" PRIu32, i,
			      im->data_len, mem);
	if (!im->data)
		return reason(-EFAULT, msg, n, "images[%" PRIu32 "].data is "
			      "NULL", i);
	if (im->entry % 4 || im->entry >= im->data_len)
		return reason(-ENOEXEC, msg, n, "images[%" PRIu32 "].entry "
			      "0x%" PRIx32 " is misaligned or not below "
			      "data_len %" PRIu32, i, im->entry, im->data_len);
	if (ld->nr_functions && !fn)
		return reason(-EFAULT, msg, n, "images[%" PRIu32 "].functions "
			      "is NULL", i);
	for (uint32_t k = 0; k < ld->nr_functions; k++)
		if (fn[k] != WSE_NO_ADDR && (fn[k] % 4 || fn[k] >= mem))
			return reason(-ENOEXEC, msg, n, "images[%" PRIu32
				      "].functions[%" PRIu32 "] 0x%" PRIx32
				      " is misaligned or outside PE memory",
				      i, k, fn[k]);
	if (ld->nr_symbols && !sym)
		return reason(-EFAULT, msg, n, "images[%" PRIu32 "].symbols "
			      "is NULL", i);
	for (uint32_t k = 0; k < ld->nr_symbols; k++)
		if (sym[k].addr != WSE_NO_ADDR &&
		    (uint64_t)sym[k].addr + sym[k].bytes > mem)
			return reason(-ENOEXEC, msg, n, "images[%" PRIu32
				      "].symbols[%" PRIu32 "] [0x%" PRIx32
				      ", +%" PRIu32 ") is outside the %" PRIu32
				      " bytes of PE memory", i, k, sym[k].addr,
				      sym[k].bytes, mem);
	return 0;
}

int wse__check_load(const struct wse_info *info,
		    const struct wse_configure *cfg,
		    const struct wse_load *ld, char *msg, size_t n)
{
	int err;

	if ((err = check_flags(ld->flags, 0, msg, n)) ||
	    (err = check_zero(&ld->reserved0, 1, "reserved0", msg, n)) ||
	    (err = check_zero(ld->reserved, ARRAY_SIZE(ld->reserved),
			      "reserved", msg, n)))
		return err;
	if (ld->nr_images < 1 || ld->nr_images > WSE_MAX_IMAGES)
		return reason(-EINVAL, msg, n, "nr_images %" PRIu32
			      " is outside 1..%d", ld->nr_images,
			      WSE_MAX_IMAGES);
	if (ld->nr_functions > WSE_MAX_FUNCTIONS)
		return reason(-EINVAL, msg, n, "nr_functions %" PRIu32
			      " > WSE_MAX_FUNCTIONS %d", ld->nr_functions,
			      WSE_MAX_FUNCTIONS);
	if (ld->nr_symbols > WSE_MAX_SYMBOLS)
		return reason(-EINVAL, msg, n, "nr_symbols %" PRIu32
			      " > WSE_MAX_SYMBOLS %d", ld->nr_symbols,
			      WSE_MAX_SYMBOLS);
	if (!ld->images)
		return reason(-EFAULT, msg, n, "images is NULL");
	if (!ld->pe_map)
		return reason(-EFAULT, msg, n, "pe_map is NULL");
	if (cfg) {
		const uint16_t *map = (const uint16_t *)(uintptr_t)ld->pe_map;
		uint64_t npes = (uint64_t)cfg->width * cfg->height;

		for (uint64_t k = 0; k < npes; k++)
			if (map[k] >= ld->nr_images)
				return reason(-EINVAL, msg, n, "pe_map of PE "
					      "(%" PRIu64 ",%" PRIu64 ") is %u"
					      ", not below nr_images %" PRIu32,
					      k % cfg->width, k / cfg->width,
					      map[k], ld->nr_images);
	}
	for (uint32_t i = 0; i < ld->nr_images; i++)
		if ((err = check_image(info, ld, i, msg, n)))
			return err;
	if (cfg && ld->routes)
		return wse__check_routes(cfg, (const struct wse_route *)
					 (uintptr_t)ld->routes, msg, n);
	return 0;
}

/* ---- routes ------------------------------------------------------------- */

static const char *const port_names[] = {
	"RAMP", "NORTH", "EAST", "SOUTH", "WEST", "MEMCPY",
};

const char *wse__ports_str(uint32_t mask, char *buf, size_t n)
{
	size_t len = 0;

	if (!n)
		return buf;
	buf[0] = '\0';
	if (!mask) {
		snprintf(buf, n, "none");
		return buf;
	}
	for (unsigned int i = 0; i < 32 && len < n; i++) {
		if (!(mask & (1u << i)))
			continue;
		if (i < ARRAY_SIZE(port_names))
			len += (size_t)snprintf(buf + len, n - len, "%s%s",
						len ? "," : "", port_names[i]);
		else
			len += (size_t)snprintf(buf + len, n - len, "%s0x%x",
						len ? "," : "", 1u << i);
	}
	return buf;
}

const char *wse__colors_str(uint32_t mask, char *buf, size_t n)
{
	size_t len = 0;

	if (!n)
		return buf;
	buf[0] = '\0';
	if (!mask) {
		snprintf(buf, n, "none");
		return buf;
	}
	for (unsigned int c = 0; c < 32 && len < n; c++)
		if (mask & (1u << c))
			len += (size_t)snprintf(buf + len, n - len, "%s%u",
						len ? ", " : "", c);
	return buf;
}

int wse__check_routes(const struct wse_configure *cfg,
		      const struct wse_route *routes, char *msg, size_t n)
{
	uint32_t w = cfg->width, h = cfg->height;
	char a[48], b[48], d3[48];

	for (uint32_t y = 0; y < h; y++)
		for (uint32_t x = 0; x < w; x++)
			for (uint32_t c = 0; c < WSE_NR_COLORS; c++) {
				const struct wse_route *r =
					&routes[((size_t)y * w + x) *
						WSE_NR_COLORS + c];
				uint32_t rx = r->rx, tx = r->tx, p = 0;
				uint32_t nx = x, ny = y;
				int rule = wse_route_check(routes, w, h, x, y,
							   c, &p);

				if (rule == WSE_ROUTE_OK)
					continue;
				wse__ports_str(rx, a, sizeof(a));
				wse__ports_str(tx, b, sizeof(b));
				switch (rule) {
				case WSE_ROUTE_BITS:
					return reason(-EINVAL, msg, n,
						"route of color %" PRIu32 " at PE (%"
						PRIu32 ",%" PRIu32 "): rx 0x%" PRIx32
						" tx 0x%" PRIx32 " has bits outside "
						"WSE_PORT_ALL 0x%x", c, x, y, rx, tx,
						WSE_PORT_ALL);
				case WSE_ROUTE_HALF:
					return reason(-EINVAL, msg, n,
						"route of color %" PRIu32 " at PE (%"
						PRIu32 ",%" PRIu32 "): rx=%s tx=%s: "
						"both or neither must be empty", c,
						x, y, a, b);
				case WSE_ROUTE_BOTH:
					return reason(-EINVAL, msg, n,
						"route of color %" PRIu32 " at PE (%"
						PRIu32 ",%" PRIu32 "): %s is in both "
						"rx and tx", c, x, y,
						wse__ports_str(rx & tx, d3,
							       sizeof(d3)));
				case WSE_ROUTE_MEMCPY:
					return reason(-EINVAL, msg, n,
						"route of color %" PRIu32 " at PE (%"
						PRIu32 ",%" PRIu32 "): rx=%s tx=%s: "
						"MEMCPY only as rx=MEMCPY tx=RAMP "
						"(H2D stream) or rx=RAMP tx=MEMCPY "
						"(D2H stream)", c, x, y, a, b);
				case WSE_ROUTE_LEAVES:
					return reason(-EINVAL, msg, n,
						"route of color %" PRIu32 " at PE (%"
						PRIu32 ",%" PRIu32 "): %s %s leaves "
						"the %" PRIu32 "x%" PRIu32
						" rectangle", c, x, y,
						rx & p ? "rx" : "tx",
						wse__ports_str(p, d3, sizeof(d3)),
						w, h);
				default:
					wse_port_step(p, &nx, &ny);
					wse__ports_str(p, a, sizeof(a));
					wse__ports_str(wse_port_opposite(p), b,
						       sizeof(b));
					return reason(-EINVAL, msg, n,
						"route of color %" PRIu32 " at PE (%"
						PRIu32 ",%" PRIu32 "): tx %s, but PE "
						"(%" PRIu32 ",%" PRIu32 ") does not "
						"accept color %" PRIu32 " from %s "
						"(its rx=%s)", c, x, y, a, nx, ny, c,
						b, wse__ports_str(routes[((size_t)ny *
							w + nx) * WSE_NR_COLORS +
							c].rx, d3, sizeof(d3)));
				}
			}
	return 0;
}

void wse__stream_colors(const struct wse_route *routes, uint32_t w,
			uint32_t h, uint32_t *h2d, uint32_t *d2h)
{
	uint32_t in = 0, out = 0;

	if (routes && w && h) {
		in = out = (1u << WSE_NR_COLORS) - 1;
		for (size_t k = 0; k < (size_t)w * h; k++)
			for (uint32_t c = 0; c < WSE_NR_COLORS; c++) {
				const struct wse_route *r =
					&routes[k * WSE_NR_COLORS + c];

				if (!wse_route_is_h2d(r))
					in &= ~(1u << c);
				if (!wse_route_is_d2h(r))
					out &= ~(1u << c);
			}
	}
	*h2d = in;
	*d2h = out;
}

int wse__check_task_id(uint64_t task_id, char *msg, size_t n)
{
	if (!task_id)
		return reason(-ENOENT, msg, n,
			      "task_id 0 is never a task id");
	return 0;
}
