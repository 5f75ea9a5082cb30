// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * wse_dev.c - handles: open, close, device info, configure, stop.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wse_internal.h"

struct wse_dev *wse__dev_new(int fd, const struct wse_info *info,
			     const struct wse_configure *cfg)
{
	struct wse_dev *dev = calloc(1, sizeof(*dev));

	if (!dev)
		return NULL;
	dev->fd = fd;
	if (info)
		dev->info = *info;
	if (cfg) {
		dev->cfg = *cfg;
		dev->configured = true;
	}
	return dev;
}

int wse_open(const char *path, struct wse_dev **devp)
{
	struct wse_dev *dev;
	int fd, err;

	if (!devp)
		return -EINVAL;
	*devp = NULL;
	fd = open(path ? path : "/dev/wse0", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	dev = wse__dev_new(fd, NULL, NULL);
	if (!dev) {
		close(fd);
		return -ENOMEM;
	}
	err = wse_get_info(dev, NULL);
	if (err) {
		wse_close(dev);
		return err;
	}
	*devp = dev;
	return 0;
}

int wse_open_index(int index, struct wse_dev **devp)
{
	char path[32];

	if (index < 0) {
		if (devp)
			*devp = NULL;
		return -EINVAL;
	}
	snprintf(path, sizeof(path), "/dev/wse%d", index);
	return wse_open(path, devp);
}

int wse_close(struct wse_dev *dev)
{
	int ret = 0;

	if (!dev)
		return 0;
	if (dev->fd >= 0 && close(dev->fd))
		ret = -errno;
	wse__forget(dev);
	free(dev);
	return ret;
}

int wse_fd(const struct wse_dev *dev)
{
	return dev ? dev->fd : -EINVAL;
}

/*
 * Every structure of this library is laid out for WSE_ABI_VERSION: a driver
 * speaking another ABI is refused up front rather than misread later.
 */
int wse__check_abi(struct wse_dev *dev, const struct wse_info *in)
{
	char why[WSE_ERRMSG_MAX - 32];

	if (in->abi_version == WSE_ABI_VERSION)
		return 0;
	snprintf(why, sizeof(why),
		 "EPROTO: the driver reports info.abi_version %u, this libwse was built for ABI %u; install a matching wse.ko and libwse",
		 in->abi_version, WSE_ABI_VERSION);
	return wse__fail_msg(dev, WSE_CALL_GET_INFO, -EPROTO, why);
}

/* @info NULL: only refresh the cached copy (used by wse_open()). */
int wse_get_info(struct wse_dev *dev, struct wse_info *info)
{
	struct wse_info in = { .size = sizeof(in) };
	int err;

	if (!dev)
		return -EINVAL;
	wse__begin(dev);
	err = wse__ioctl(dev, WSE_CALL_GET_INFO, WSE_IOCTL_GET_INFO, &in);
	if (err)
		return err;
	err = wse__check_abi(dev, &in);
	if (err)
		return err;
	dev->info = in;
	if (info)
		*info = in;
	return 0;
}

void wse_configure_init(struct wse_configure *cfg, uint32_t width,
			uint32_t height, uint32_t offset_x, uint32_t offset_y,
			uint32_t dim_x, uint32_t dim_y, uint32_t channels)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->size = sizeof(*cfg);
	cfg->width = width;
	cfg->height = height;
	cfg->offset_x = offset_x;
	cfg->offset_y = offset_y;
	cfg->dim_x = dim_x;
	cfg->dim_y = dim_y;
	cfg->channels = channels;
}

int wse_configure(struct wse_dev *dev, const struct wse_configure *cfg)
{
	struct wse_configure c;
	char why[WSE_ERRMSG_MAX];
	int err;

	if (!dev)
		return -EINVAL;
	wse__begin(dev);
	if (!cfg)
		return wse__fail_msg(dev, WSE_CALL_CONFIGURE, -EINVAL,
				     "cfg is NULL");
	if (dev->configured)
		return wse__fail_msg(dev, WSE_CALL_CONFIGURE, -EBUSY,
				     "this handle has already configured the "
				     "device; call wse_stop first");
	c = *cfg;
	c.size = sizeof(c);
	err = wse__check_configure(&dev->info, &c, why, sizeof(why));
	if (err)
		return wse__fail_msg(dev, WSE_CALL_CONFIGURE, err, why);
	err = wse__ioctl(dev, WSE_CALL_CONFIGURE, WSE_IOCTL_CONFIGURE, &c);
	if (err)
		return err;
	dev->cfg = c;
	dev->configured = true;
	return 0;
}

int wse_stop(struct wse_dev *dev)
{
	int err;

	if (!dev)
		return -EINVAL;
	wse__begin(dev);
	err = wse__ioctl(dev, WSE_CALL_STOP, WSE_IOCTL_STOP, NULL);
	if (!err || err == -EPERM) {
		dev->configured = false;
		dev->loaded = false;
	}
	return err;
}
