// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * wse_task.c - waiting for and querying tasks.
 */
#include <errno.h>
#include <time.h>

#include "wse_internal.h"

/* A relative timeout as an absolute CLOCK_MONOTONIC deadline (saturating). */
static int64_t deadline_ns(int64_t timeout_ns)
{
	struct timespec now;
	int64_t t;

	clock_gettime(CLOCK_MONOTONIC, &now);
	t = (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
	return timeout_ns > INT64_MAX - t ? INT64_MAX : t + timeout_ns;
}

static int wait_common(struct wse_dev *dev, uint32_t flags, uint64_t task_id,
		       int64_t timeout_ns, int *status)
{
	struct wse_wait wt = {
		.size = sizeof(wt),
		.flags = flags,
		.task_id = task_id,
		.timeout_ns = -1,
	};
	int err;

	if (timeout_ns >= 0) {
		wt.flags |= WSE_WAIT_ABSTIME;
		wt.timeout_ns = deadline_ns(timeout_ns);
	}
	err = wse__ioctl(dev, WSE_CALL_WAIT, WSE_IOCTL_WAIT, &wt);
	if (!err && status)
		*status = wt.status;
	return err;
}

int wse_wait(struct wse_dev *dev, uint64_t task_id, int64_t timeout_ns,
	     int *status)
{
	char why[WSE_ERRMSG_MAX];
	int err;

	if (!dev)
		return -EINVAL;
	wse__begin(dev);
	err = wse__check_task_id(task_id, why, sizeof(why));
	if (err)
		return wse__fail_msg(dev, WSE_CALL_WAIT, err, why);
	return wait_common(dev, 0, task_id, timeout_ns, status);
}

int wse_wait_all(struct wse_dev *dev, int64_t timeout_ns, int *status)
{
	if (!dev)
		return -EINVAL;
	wse__begin(dev);
	return wait_common(dev, WSE_WAIT_ALL, 0, timeout_ns, status);
}

int wse_query(struct wse_dev *dev, uint64_t task_id, int *status)
{
	struct wse_query q = { .size = sizeof(q), .task_id = task_id };
	char why[WSE_ERRMSG_MAX];
	int err;

	if (!dev)
		return -EINVAL;
	wse__begin(dev);
	err = wse__check_task_id(task_id, why, sizeof(why));
	if (err)
		return wse__fail_msg(dev, WSE_CALL_QUERY, err, why);
	err = wse__ioctl(dev, WSE_CALL_QUERY, WSE_IOCTL_QUERY, &q);
	if (err)
		return err;
	if (status)
		*status = q.status;
	return (int)q.state;
}
