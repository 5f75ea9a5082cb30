// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * wse_ioctl.c - the one place that calls ioctl(2), and its retry policy.
 */
#include <errno.h>
#include <stdbool.h>
#include <sys/ioctl.h>

#include "wse_internal.h"

/*
 * H2D, H2D_LIST, D2H, LAUNCH and RUN return EAGAIN when the file has WSE_MAX_TASKS
 * unreaped tasks: retrying cannot help (only a WAIT frees a slot), so it
 * is returned.  For every other request EAGAIN is treated as drmIoctl()
 * does.  EINTR is always retried: WAIT, QUERY, GET_INFO, CONFIGURE and
 * STOP are idempotent until they succeed, and a submission only fails with
 * EINTR for a fatal signal, after which this process never runs again.
 */
static bool is_submission(unsigned long request)
{
	if (_IOC_TYPE(request) != WSE_IOCTL_BASE)
		return false;
	switch (_IOC_NR(request)) {
	case _IOC_NR(WSE_IOCTL_H2D):
	case _IOC_NR(WSE_IOCTL_H2D_LIST):
	case _IOC_NR(WSE_IOCTL_D2H):
	case _IOC_NR(WSE_IOCTL_LAUNCH):
	case _IOC_NR(WSE_IOCTL_RUN):
		return true;
	default:
		return false;
	}
}

int wse_ioctl(int fd, unsigned long request, void *arg)
{
	bool retry_again = !is_submission(request);
	int ret;

	do {
		ret = ioctl(fd, request, arg);
	} while (ret == -1 &&
		 (errno == EINTR || (errno == EAGAIN && retry_again)));
	return ret;
}

int wse__ioctl(struct wse_dev *dev, enum wse_call call, unsigned long request,
	       void *arg)
{
	int ret = wse_ioctl(dev->fd, request, arg);

	if (ret == -1)
		return wse__fail_errno(dev, call, -errno);
	return ret;
}
