// SPDX-License-Identifier: GPL-2.0
/*
 * What the device is doing, for everyone: the tracepoints (wse_trace.h),
 * the lifetime counters (sysfs stats/), the status attributes non-root
 * tools read (owner_pid, tasks_inflight, last_fault, last_stall,
 * pe_states; see doc/DESIGN.md), and per-file usage in /proc/PID/fdinfo.
 */
#include <linux/atomic.h>
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/ktime.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "wse_internal.h"

#define CREATE_TRACE_POINTS
#include "wse_trace.h"

static atomic64_t wse_next_client_id = ATOMIC64_INIT(0);

void wse_stats_open(struct wse_file *wf)
{
	wf->tgid = task_tgid_nr(current);
	wf->client_id = atomic64_inc_return(&wse_next_client_id);
}

static bool wse_op_d2h(u8 op)
{
	return op == WSE_HW_OP_D2H_COPY || op == WSE_HW_OP_D2H_STREAM;
}

static bool wse_op_h2d(u8 op)
{
	return op == WSE_HW_OP_H2D_COPY || op == WSE_HW_OP_H2D_STREAM ||
	       op == WSE_HW_OP_H2D_LIST;
}

/* wdev->lock held: @t was just queued. */
void wse_stats_submit(struct wse_task *t)
{
	struct wse_file *wf = t->wf;
	struct wse_counters *c = &wf->wdev->counters;

	wf->tasks_submitted++;
	atomic64_inc(&c->tasks_submitted);
	if (wse_op_h2d(t->opcode)) {
		wf->bytes_h2d += t->host_bytes;
		atomic64_add(t->host_bytes, &c->bytes_h2d);
	} else if (wse_op_d2h(t->opcode)) {
		wf->bytes_d2h += t->host_bytes;
		atomic64_add(t->host_bytes, &c->bytes_d2h);
	}
	trace_wse_submit(t);
	if (t->opcode == WSE_HW_OP_LAUNCH && t->launch) {
		atomic64_inc(&c->launches);
		trace_wse_launch(t, le32_to_cpu(t->launch->func_id),
				 le32_to_cpu(t->launch->argc));
	}
}

/*
 * wdev->lock held: @t's parts are on the rings.  A file is busy while at
 * least one of its tasks is (the "engine" time of DRM's fdinfo).
 */
void wse_stats_dispatch(struct wse_task *t)
{
	struct wse_file *wf = t->wf;

	t->start_ns = ktime_get_ns();
	if (!wf->nr_running++)
		wf->busy_since = t->start_ns;
}

/* wdev->lock held: @t is DONE. */
void wse_stats_task_end(struct wse_task *t)
{
	struct wse_file *wf = t->wf;
	struct wse_counters *c = &wf->wdev->counters;
	u64 now = ktime_get_ns(), busy = 0;

	if (t->start_ns) {
		busy = now - t->start_ns;
		if (!--wf->nr_running)
			wf->busy_ns += now - wf->busy_since;
	}
	atomic64_inc(t->status ? &c->tasks_failed : &c->tasks_completed);
	trace_wse_task_end(t, busy);
}

void wse_stats_completion(struct wse_device *wdev, unsigned int ch, u32 tag,
			  const struct wse_task *t, int status)
{
	trace_wse_completion(wdev, ch, tag, t, status);
	if (status == -EDEADLK) {
		atomic64_inc(&wdev->counters.stalls);
		trace_wse_stall(wdev, ch, t);
	}
}

void wse_stats_doorbell(struct wse_device *wdev, unsigned int ch, u32 tail)
{
	trace_wse_doorbell(wdev, ch, tail);
}

void wse_stats_watchdog_reset(struct wse_device *wdev, unsigned int ch,
			      unsigned int timeout_ms)
{
	atomic64_inc(&wdev->counters.watchdog_resets);
	trace_wse_watchdog_reset(wdev, ch, timeout_ms);
}

void wse_stats_device_lost(struct wse_device *wdev, bool removed)
{
	trace_wse_device_lost(wdev, removed);
}

/* ---- /proc/PID/fdinfo/FD, in the key:\tvalue style of DRM's ---- */

void wse_show_fdinfo(struct seq_file *m, struct file *file)
{
	struct wse_file *wf = file->private_data;
	struct wse_device *wdev = wf->wdev;
	u64 tasks, h2d, d2h, busy;
	unsigned int active;
	bool owner;

	spin_lock(&wdev->lock);
	tasks = wf->tasks_submitted;
	h2d = wf->bytes_h2d;
	d2h = wf->bytes_d2h;
	busy = wf->busy_ns;
	if (wf->nr_running)
		busy += ktime_get_ns() - wf->busy_since;
	active = wf->nr_pending;
	owner = wdev->owner == wf;
	spin_unlock(&wdev->lock);

	seq_printf(m, "wse-device:\t%s\n", wdev->name);
	seq_printf(m, "wse-client-id:\t%llu\n", wf->client_id);
	seq_printf(m, "wse-owner:\t%s\n", owner ? "yes" : "no");
	seq_printf(m, "wse-tasks:\t%llu\n", tasks);
	seq_printf(m, "wse-tasks-active:\t%u\n", active);
	seq_printf(m, "wse-bytes-h2d:\t%llu\n", h2d);
	seq_printf(m, "wse-bytes-d2h:\t%llu\n", d2h);
	seq_printf(m, "wse-engine-fabric:\t%llu ns\n", busy);
}

/* ---- sysfs: status and counters, world-readable ---- */

static ssize_t owner_pid_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	struct wse_device *wdev = wse_from_dev(dev);
	pid_t pid = 0;

	spin_lock(&wdev->lock);
	if (wdev->owner)
		pid = wdev->owner->tgid;
	spin_unlock(&wdev->lock);
	return sysfs_emit(buf, "%d\n", pid);
}
static DEVICE_ATTR_RO(owner_pid);

static ssize_t tasks_inflight_show(struct device *dev,
				   struct device_attribute *attr, char *buf)
{
	struct wse_device *wdev = wse_from_dev(dev);
	struct wse_file *wf;
	unsigned int n = 0;

	spin_lock(&wdev->lock);
	list_for_each_entry(wf, &wdev->files, node)
		n += wf->nr_pending;
	spin_unlock(&wdev->lock);
	return sysfs_emit(buf, "%u\n", n);
}
static DEVICE_ATTR_RO(tasks_inflight);

/*
 * Ask the backend, as GET_FAULT/GET_STALL would, but for any reader: in
 * the gate, under cfg_lock.  -ENOENT: nothing to report.
 */
static int wse_query_backend(struct wse_device *wdev,
			     int (*fn)(struct wse_device *wdev, void *arg),
			     void *arg)
{
	int idx, ret = -ENOENT;

	idx = wse_gate_enter(wdev);
	if (!wse_dead(wdev)) {
		if (mutex_lock_killable(&wdev->cfg_lock)) {
			ret = -EINTR;
		} else {
			ret = fn(wdev, arg);
			mutex_unlock(&wdev->cfg_lock);
		}
	}
	wse_gate_exit(wdev, idx);
	return ret;
}

static int wse_fault_fn(struct wse_device *wdev, void *arg)
{
	if (!wdev->prog || !wdev->ops->get_fault)
		return -ENOENT;
	return wdev->ops->get_fault(wdev, arg);
}

static int wse_stall_fn(struct wse_device *wdev, void *arg)
{
	/* Nothing can have stalled before a LOAD. */
	if (!wdev->prog || !wdev->ops->get_stall)
		return -ENOENT;
	return wdev->ops->get_stall(wdev, 0, arg);
}

static int wse_pe_fn(struct wse_device *wdev, void *arg)
{
	if (!wdev->owner)
		return -ENOENT;
	return wdev->ops->pe_summary ? wdev->ops->pe_summary(wdev, arg) :
				       -EOPNOTSUPP;
}

static ssize_t last_fault_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	struct wse_fault f = { .size = sizeof(f) };
	int ret = wse_query_backend(wse_from_dev(dev), wse_fault_fn, &f);

	if (ret == -ENOENT)
		return sysfs_emit(buf, "none\n");
	if (ret)
		return ret;
	return sysfs_emit(buf, "cause=%u x=%u y=%u pc=0x%x addr=0x%x nr_faulted=%u\n",
			  f.cause, f.x, f.y, f.pc, f.addr, f.nr_faulted);
}
static DEVICE_ATTR_RO(last_fault);

static ssize_t last_stall_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	struct wse_stall_report *r = kzalloc(sizeof(*r), GFP_KERNEL);
	const struct wse_stall_entry *e;
	ssize_t len;
	int ret;

	if (!r)
		return -ENOMEM;
	ret = wse_query_backend(wse_from_dev(dev), wse_stall_fn, r);
	if (ret == -ENOENT) {
		len = sysfs_emit(buf, "none\n");
		goto out;
	}
	if (ret) {
		len = ret;
		goto out;
	}
	len = sysfs_emit(buf, "op=%u color=%u delivered=%llu total=%llu stall_ms=%u entries=%u",
			 r->op, r->color, r->delivered, r->total, r->stall_ms,
			 r->nr_entries);
	/* The first blocked PE says where to look. */
	e = &r->entries[0];
	if (r->nr_entries)
		len += sysfs_emit_at(buf, len, " first=%u,%u kind=%u color=%u",
				     e->x, e->y, e->kind, e->color);
	len += sysfs_emit_at(buf, len, "\n");
out:
	kfree(r);
	return len;
}
static DEVICE_ATTR_RO(last_stall);

static ssize_t pe_states_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	struct wse_pe_summary s = {};
	int ret = wse_query_backend(wse_from_dev(dev), wse_pe_fn, &s);

	if (ret == -ENOENT)
		return sysfs_emit(buf, "none\n");
	if (ret)
		return ret;
	return sysfs_emit(buf, "halted=%u running=%u waiting=%u blocked=%u faulted=%u\n",
			  s.halted, s.running, s.waiting, s.blocked, s.faulted);
}
static DEVICE_ATTR_RO(pe_states);

static struct attribute *wse_status_attrs[] = {
	&dev_attr_owner_pid.attr,
	&dev_attr_tasks_inflight.attr,
	&dev_attr_last_fault.attr,
	&dev_attr_last_stall.attr,
	&dev_attr_pe_states.attr,
	NULL,
};

const struct attribute_group wse_status_group = {
	.attrs = wse_status_attrs,
};

#define WSE_COUNTER_ATTR(field)						\
static ssize_t field##_show(struct device *dev,				\
			    struct device_attribute *attr, char *buf)	\
{									\
	return sysfs_emit(buf, "%lld\n",				\
			  atomic64_read(&wse_from_dev(dev)->counters.field)); \
}									\
static DEVICE_ATTR_RO(field)

WSE_COUNTER_ATTR(tasks_submitted);
WSE_COUNTER_ATTR(tasks_completed);
WSE_COUNTER_ATTR(tasks_failed);
WSE_COUNTER_ATTR(bytes_h2d);
WSE_COUNTER_ATTR(bytes_d2h);
WSE_COUNTER_ATTR(launches);
WSE_COUNTER_ATTR(stalls);
WSE_COUNTER_ATTR(watchdog_resets);
WSE_COUNTER_ATTR(bounced);

static struct attribute *wse_counter_attrs[] = {
	&dev_attr_tasks_submitted.attr,
	&dev_attr_tasks_completed.attr,
	&dev_attr_tasks_failed.attr,
	&dev_attr_bytes_h2d.attr,
	&dev_attr_bytes_d2h.attr,
	&dev_attr_launches.attr,
	&dev_attr_stalls.attr,
	&dev_attr_watchdog_resets.attr,
	&dev_attr_bounced.attr,
	NULL,
};

const struct attribute_group wse_counters_group = {
	.name = "stats",
	.attrs = wse_counter_attrs,
};
