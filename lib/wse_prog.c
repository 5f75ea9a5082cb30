// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * wse_prog.c - programs: load, run, and the fault report.
 */
#include <errno.h>
#include <string.h>

#include "wse_internal.h"

int wse_load(struct wse_dev *dev, const struct wse_load *ld)
{
	char why[WSE_ERRMSG_MAX];
	struct wse_load l;
	int err;

	if (!dev)
		return -EINVAL;
	wse__begin(dev);
	if (!ld)
		return wse__fail_msg(dev, WSE_CALL_LOAD, -EINVAL,
				     "load is NULL");
	l = *ld;
	l.size = sizeof(l);
	err = wse__check_load(&dev->info, dev->configured ? &dev->cfg : NULL,
			      &l, why, sizeof(why));
	if (err)
		return wse__fail_msg(dev, WSE_CALL_LOAD, err, why);
	err = wse__ioctl(dev, WSE_CALL_LOAD, WSE_IOCTL_LOAD, &l);
	if (err || !dev->configured)
		return err;
	/* remember the stream colors for the checks of wse_h2d/wse_d2h */
	wse__stream_colors((const struct wse_route *)(uintptr_t)l.routes,
			   dev->cfg.width, dev->cfg.height, &dev->h2d_colors,
			   &dev->d2h_colors);
	dev->loaded = true;
	return 0;
}

int wse_run(struct wse_dev *dev)
{
	if (!dev)
		return -EINVAL;
	wse__begin(dev);
	return wse__ioctl(dev, WSE_CALL_RUN, WSE_IOCTL_RUN, NULL);
}

int wse_get_fault(struct wse_dev *dev, struct wse_fault *f)
{
	struct wse_fault in = { .size = sizeof(in) };
	int err;

	if (!dev)
		return -EINVAL;
	wse__begin(dev);
	if (!f)
		return wse__fail_msg(dev, WSE_CALL_GET_FAULT, -EINVAL,
				     "fault is NULL");
	err = wse__ioctl(dev, WSE_CALL_GET_FAULT, WSE_IOCTL_GET_FAULT, &in);
	if (!err)
		*f = in;
	return err;
}

int wse_get_stall(struct wse_dev *dev, struct wse_stall *st,
		  struct wse_stall_entry *entries, uint32_t capacity)
{
	return wse_get_task_stall(dev, 0, st, entries, capacity);
}

int wse_get_task_stall(struct wse_dev *dev, uint64_t task_id,
		       struct wse_stall *st, struct wse_stall_entry *entries,
		       uint32_t capacity)
{
	struct wse_stall in;
	int err;

	if (!dev)
		return -EINVAL;
	wse__begin(dev);
	if (!st)
		return wse__fail_msg(dev, WSE_CALL_GET_STALL, -EINVAL,
				     "stall is NULL");
	if (capacity && !entries)
		return wse__fail_msg(dev, WSE_CALL_GET_STALL, -EINVAL,
				     "entries is NULL with capacity > 0");
	memset(&in, 0, sizeof(in));
	in.size = sizeof(in);
	in.capacity = capacity;
	in.entries = capacity ? (uint64_t)(uintptr_t)entries : 0;
	in.task_id = task_id;
	err = wse__ioctl(dev, WSE_CALL_GET_STALL, WSE_IOCTL_GET_STALL, &in);
	if (!err)
		*st = in;
	return err;
}
