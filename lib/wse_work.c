// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * wse_work.c - submissions: copies (H2D, D2H) and launches.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "wse_internal.h"

void wse_xfer_init(struct wse_xfer *xf, void *host, uint32_t x, uint32_t y,
		   uint32_t w, uint32_t h, uint32_t l, uint32_t pe_offset,
		   uint32_t data_type, uint32_t order, uint32_t flags)
{
	uint64_t bytes;

	memset(xf, 0, sizeof(*xf));
	xf->size = sizeof(*xf);
	xf->flags = flags;
	xf->host_ptr = (uint64_t)(uintptr_t)host;
	wse__xfer_bytes(w, h, l, &bytes);	/* UINT64_MAX on overflow */
	xf->host_bytes = bytes;
	xf->x = x;
	xf->y = y;
	xf->w = w;
	xf->h = h;
	xf->l = l;
	xf->pe_offset = pe_offset;
	xf->data_type = data_type;
	xf->order = order;
}

void wse_xfer_init_stream(struct wse_xfer *xf, void *host, uint32_t x,
			  uint32_t y, uint32_t w, uint32_t h, uint32_t l,
			  uint32_t color, uint32_t data_type, uint32_t order,
			  uint32_t flags)
{
	wse_xfer_init(xf, host, x, y, w, h, l, 0, data_type, order,
		      flags | WSE_XFER_STREAM);
	xf->color = color;
}

/*
 * A streaming transfer's color against the stream colors of the program
 * this handle loaded (unknown when it was loaded some other way).
 */
static int check_stream_color(const struct wse_dev *dev, bool d2h,
			      const struct wse_xfer *xf, char *why, size_t n)
{
	uint32_t mask = d2h ? dev->d2h_colors : dev->h2d_colors;
	char set[96];

	if (!(xf->flags & WSE_XFER_STREAM) || !dev->loaded ||
	    xf->color >= WSE_NR_COLORS || (mask & (1u << xf->color)))
		return 0;
	snprintf(why, n, "color %u is not a%s stream color of the loaded "
		 "program (routed rx=%s on every PE); its %s stream colors: "
		 "%s", xf->color, d2h ? " D2H" : "n H2D",
		 d2h ? "RAMP tx=MEMCPY" : "MEMCPY tx=RAMP", d2h ? "D2H" : "H2D",
		 wse__colors_str(mask, set, sizeof(set)));
	return -EINVAL;
}

static int xfer(struct wse_dev *dev, enum wse_call call, unsigned long req,
		struct wse_xfer *xf)
{
	char why[WSE_ERRMSG_MAX];
	int err;

	if (!dev)
		return -EINVAL;
	wse__begin(dev);
	if (!xf)
		return wse__fail_msg(dev, call, -EINVAL, "xfer is NULL");
	xf->size = sizeof(*xf);
	err = wse__check_xfer(&dev->info, dev->configured ? &dev->cfg : NULL,
			      xf, why, sizeof(why));
	if (!err)
		err = check_stream_color(dev, call == WSE_CALL_D2H, xf, why,
					 sizeof(why));
	if (err)
		return wse__fail_msg(dev, call, err, why);
	return wse__ioctl(dev, call, req, xf);
}

int wse_h2d(struct wse_dev *dev, struct wse_xfer *xf)
{
	return xfer(dev, WSE_CALL_H2D, WSE_IOCTL_H2D, xf);
}

int wse_d2h(struct wse_dev *dev, struct wse_xfer *xf)
{
	return xfer(dev, WSE_CALL_D2H, WSE_IOCTL_D2H, xf);
}

void wse_xfer_list_init(struct wse_xfer_list *xl,
			const struct wse_xfer_item *items, uint32_t count,
			const void *data, uint32_t data_bytes, uint32_t flags)
{
	memset(xl, 0, sizeof(*xl));
	xl->size = sizeof(*xl);
	xl->flags = flags;
	xl->count = count;
	xl->item_size = sizeof(*items);
	xl->items = (uint64_t)(uintptr_t)items;
	xl->data = (uint64_t)(uintptr_t)data;
	xl->data_bytes = data_bytes;
}

int wse_h2d_list(struct wse_dev *dev, struct wse_xfer_list *xl)
{
	char why[WSE_ERRMSG_MAX];
	int err;

	if (!dev)
		return -EINVAL;
	wse__begin(dev);
	if (!xl)
		return wse__fail_msg(dev, WSE_CALL_H2D_LIST, -EINVAL,
				     "list is NULL");
	xl->size = sizeof(*xl);
	err = wse__check_list(&dev->info, dev->configured ? &dev->cfg : NULL,
			      xl, why, sizeof(why));
	if (err)
		return wse__fail_msg(dev, WSE_CALL_H2D_LIST, err, why);
	return wse__ioctl(dev, WSE_CALL_H2D_LIST, WSE_IOCTL_H2D_LIST, xl);
}

void wse_launch_init(struct wse_launch *ln, uint32_t func_id,
		     const uint32_t *args, uint32_t argc, uint32_t flags)
{
	memset(ln, 0, sizeof(*ln));
	ln->size = sizeof(*ln);
	ln->flags = flags;
	ln->func_id = func_id;
	ln->argc = argc;
	if (args && argc <= WSE_MAX_LAUNCH_ARGS)
		memcpy(ln->args, args, argc * sizeof(args[0]));
}

int wse_launch(struct wse_dev *dev, struct wse_launch *ln)
{
	char why[WSE_ERRMSG_MAX];
	int err;

	if (!dev)
		return -EINVAL;
	wse__begin(dev);
	if (!ln)
		return wse__fail_msg(dev, WSE_CALL_LAUNCH, -EINVAL,
				     "launch is NULL");
	ln->size = sizeof(*ln);
	err = wse__check_launch(ln, why, sizeof(why));
	if (err)
		return wse__fail_msg(dev, WSE_CALL_LAUNCH, err, why);
	return wse__ioctl(dev, WSE_CALL_LAUNCH, WSE_IOCTL_LAUNCH, ln);
}
