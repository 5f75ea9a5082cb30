// SPDX-License-Identifier: GPL-2.0
/*
 * Device registration and lifetime, /dev/wseN, sysfs,
 * ownership (configure/stop), open/release/poll.
 */
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/idr.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/slab.h>

#include "wse_internal.h"

unsigned int watchdog_ms = WSE_WATCHDOG_MS_DEFAULT;

/* Out-of-range values are refused (EINVAL), never clamped silently. */
static int wse_param_set_range(const char *val, const struct kernel_param *kp,
			       unsigned int min, unsigned int max)
{
	unsigned int v;
	int ret;

	ret = kstrtouint(val, 0, &v);
	if (ret)
		return ret;
	if (v < min || v > max)
		return -EINVAL;
	WRITE_ONCE(*(unsigned int *)kp->arg, v);
	return 0;
}

static int wse_watchdog_ms_set(const char *val, const struct kernel_param *kp)
{
	return wse_param_set_range(val, kp, WSE_WATCHDOG_MS_MIN,
				   WSE_WATCHDOG_MS_MAX);
}

static const struct kernel_param_ops wse_watchdog_ms_ops = {
	.set = wse_watchdog_ms_set,
	.get = param_get_uint,
};
module_param_cb(watchdog_ms, &wse_watchdog_ms_ops, &watchdog_ms, 0644);
MODULE_PARM_DESC(watchdog_ms,
		 "Reset a channel whose device side made no progress this long (ms, 100..600000, default 5000)");

bool poll_small = true;
module_param(poll_small, bool, 0644);
MODULE_PARM_DESC(poll_small,
		 "A thread waiting for a small blocking copy, or submitting or waiting for a burst of small nonblocking ones, polls the device (default Y)");

unsigned int inline_max = WSE_BOUNCE_SLOT_BYTES;

static int wse_inline_max_set(const char *val, const struct kernel_param *kp)
{
	return wse_param_set_range(val, kp, 0, WSE_BOUNCE_SLOT_BYTES);
}

static const struct kernel_param_ops wse_inline_max_ops = {
	.set = wse_inline_max_set,
	.get = param_get_uint,
};
module_param_cb(inline_max, &wse_inline_max_ops, &inline_max, 0644);
MODULE_PARM_DESC(inline_max,
		 "A copy of at most this many bytes on one channel, blocking or H2D, goes through the channel's bounce region instead of pinning (0..4096, default 4096, 0: never)");

static DEFINE_IDA(wse_ida);

bool wse_dead(struct wse_device *wdev)
{
	return test_bit(WSE_DEAD, &wdev->flags);
}

/*
 * The gate: code that may touch dma_dev or ops runs between these, after
 * checking wse_dead(); unregister waits for it to drain.
 */
int wse_gate_enter(struct wse_device *wdev) __acquires(&wdev->srcu)
{
	return srcu_read_lock(&wdev->srcu);
}

void wse_gate_exit(struct wse_device *wdev, int idx) __releases(&wdev->srcu)
{
	srcu_read_unlock(&wdev->srcu, idx);
}

u32 wse_state(struct wse_device *wdev)
{
	if (wse_dead(wdev))
		return WSE_STATE_LOST;
	return READ_ONCE(wdev->owner) ? WSE_STATE_CONFIGURED : WSE_STATE_IDLE;
}

static void wse_device_release(struct kref *kref)
{
	struct wse_device *wdev = container_of(kref, struct wse_device, kref);

	cleanup_srcu_struct(&wdev->srcu);
	mutex_destroy(&wdev->cfg_lock);
	kfree(wdev);
}

static void wse_set_owner(struct wse_device *wdev, struct wse_file *wf)
{
	spin_lock(&wdev->lock);
	WRITE_ONCE(wdev->owner, wf);
	spin_unlock(&wdev->lock);
}

/* cfg_lock held, all of the owner's tasks finished, inside the gate. */
static void wse_teardown(struct wse_device *wdev)
{
	unsigned int ch;

	lockdep_assert_held(&wdev->cfg_lock);

	if (!wse_dead(wdev)) {
		/* A running reset must not overlap channel_stop(). */
		cancel_delayed_work_sync(&wdev->watchdog);
		for (ch = 0; ch < wdev->cfg_channels; ch++)
			wdev->ops->channel_stop(wdev, ch);
		wdev->ops->unconfigure(wdev);
	}
	wse_prog_free(wdev);
	wse_rings_free(wdev);
	wse_set_owner(wdev, NULL);
}

int wse_configure(struct wse_file *wf, const struct wse_fabric_config *cfg)
{
	struct wse_device *wdev = wf->wdev;
	unsigned int ch = 0;
	int ret;

	if (mutex_lock_killable(&wdev->cfg_lock))
		return -EINTR;
	if (wse_dead(wdev)) {
		ret = -ENODEV;
		goto out;
	}
	if (wdev->owner) {
		ret = -EBUSY;
		goto out;
	}
	ret = wse_rings_alloc(wdev, cfg->channels);
	if (ret)
		goto out;
	ret = wdev->ops->configure(wdev, cfg);
	if (ret)
		goto free_rings;
	for (ch = 0; ch < cfg->channels; ch++) {
		struct wse_ring_desc rd = {
			.sq_dma = wdev->chan[ch].sq_dma,
			.cq_dma = wdev->chan[ch].cq_dma,
			.depth = WSE_RING_DEPTH,
		};

		ret = wdev->ops->channel_start(wdev, ch, &rd);
		if (ret)
			goto stop;
	}
	wdev->cfg = *cfg;
	spin_lock(&wdev->lock);
	wdev->nr_channels = cfg->channels;
	wdev->barrier_busy = false;
	WRITE_ONCE(wdev->owner, wf);
	spin_unlock(&wdev->lock);
	goto out;

stop:
	while (ch--)
		wdev->ops->channel_stop(wdev, ch);
	wdev->ops->unconfigure(wdev);
free_rings:
	wse_rings_free(wdev);
out:
	mutex_unlock(&wdev->cfg_lock);
	return ret;
}

/*
 * Sleeps inside the gate (the ioctl's) and under cfg_lock: safe because
 * unregister and lost_work fail every task, which ends this wait, before
 * they wait for the gate or take cfg_lock.
 */
int wse_stop(struct wse_file *wf)
{
	struct wse_device *wdev = wf->wdev;
	int ret = 0;

	if (mutex_lock_killable(&wdev->cfg_lock))
		return -EINTR;
	if (wdev->owner != wf) {
		ret = -EPERM;
		goto out;
	}
	/* A program need not end by itself: STOP ends it; copies complete. */
	if (!wse_dead(wdev))
		wse_cancel_unbounded(wdev, -ECANCELED);
	if (wait_event_killable(wf->wq, wse_file_idle(wf)))
		ret = -EINTR;
	else
		wse_teardown(wdev);
out:
	mutex_unlock(&wdev->cfg_lock);
	return ret;
}

/* Fail everything with -ENODEV and wake every file; no op is called. */
static void wse_kill(struct wse_device *wdev)
{
	struct wse_file *wf;

	set_bit(WSE_DEAD, &wdev->flags);
	wse_fail_all(wdev, -ENODEV, false);
	spin_lock(&wdev->lock);
	list_for_each_entry(wf, &wdev->files, node)
		wake_up_all(&wf->wq);
	spin_unlock(&wdev->lock);
}

static void wse_lost_work(struct work_struct *work)
{
	struct wse_device *wdev = container_of(work, struct wse_device,
					       lost_work);

	wse_stats_device_lost(wdev, false);
	wse_kill(wdev);
	mutex_lock(&wdev->cfg_lock);
	wse_prog_free(wdev);
	wse_rings_free(wdev);
	mutex_unlock(&wdev->cfg_lock);
	dev_warn(wdev->dma_dev, "%s: device lost\n", wdev->name);
}

/* ---- file operations ---- */

static int wse_open(struct inode *inode, struct file *file)
{
	struct wse_device *wdev = container_of(file->private_data,
					       struct wse_device, misc);
	struct wse_file *wf;

	/* misc_open() holds misc_mtx: wdev is still registered here. */
	if (wse_dead(wdev))
		return -ENODEV;
	wf = kzalloc(sizeof(*wf), GFP_KERNEL);
	if (!wf)
		return -ENOMEM;
	wf->wdev = wdev;
	wse_stats_open(wf);
	INIT_LIST_HEAD(&wf->tasks);
	init_waitqueue_head(&wf->wq);
	kref_get(&wdev->kref);
	spin_lock(&wdev->lock);
	list_add_tail(&wf->node, &wdev->files);
	spin_unlock(&wdev->lock);
	file->private_data = wf;
	return nonseekable_open(inode, file);
}

static int wse_release(struct inode *inode, struct file *file)
{
	struct wse_file *wf = file->private_data;
	struct wse_device *wdev = wf->wdev;
	int idx;

	mutex_lock(&wdev->cfg_lock);
	if (wdev->owner == wf) {
		idx = wse_gate_enter(wdev);
		if (!wse_dead(wdev)) {
			wse_fail_all(wdev, -ECANCELED, true);
			/*
			 * Dispatched work is aborted and its channels reset
			 * now: a hung device never holds a closing process.
			 */
			wse_channels_abort(wdev, -ECANCELED, true);
			wait_event(wf->wq, wse_file_idle(wf));
			wse_teardown(wdev);
		}
		wse_gate_exit(wdev, idx);
		wse_prog_free(wdev);
		wse_set_owner(wdev, NULL);
	}
	mutex_unlock(&wdev->cfg_lock);

	/* Device lost: the kill may still be releasing our tasks. */
	wait_event(wf->wq, wse_file_idle(wf));
	wse_file_free_tasks(wf);
	wse_list_in_release(wf);
	spin_lock(&wdev->lock);
	list_del(&wf->node);
	spin_unlock(&wdev->lock);
	kfree(wf);
	kref_put(&wdev->kref, wse_device_release);
	return 0;
}

static __poll_t wse_poll(struct file *file, poll_table *pt)
{
	struct wse_file *wf = file->private_data;

	poll_wait(file, &wf->wq, pt);
	return wse_file_poll(wf);
}

static const struct file_operations wse_fops = {
	.owner = THIS_MODULE,
	.open = wse_open,
	.release = wse_release,
	.poll = wse_poll,
	.unlocked_ioctl = wse_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.show_fdinfo = wse_show_fdinfo,
};

/* ---- sysfs (on the misc device) ---- */

struct wse_device *wse_from_dev(struct device *dev)
{
	struct miscdevice *misc = dev_get_drvdata(dev);

	return container_of(misc, struct wse_device, misc);
}

#define WSE_INFO_ATTR(field)						\
static ssize_t field##_show(struct device *dev,				\
			    struct device_attribute *attr, char *buf)	\
{									\
	return sysfs_emit(buf, "%u\n", wse_from_dev(dev)->info.field);	\
}									\
static DEVICE_ATTR_RO(field)

WSE_INFO_ATTR(fabric_width);
WSE_INFO_ATTR(fabric_height);
WSE_INFO_ATTR(channels_per_edge);
WSE_INFO_ATTR(pe_memory_bytes);

static ssize_t arch_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "wse%u\n", wse_from_dev(dev)->info.arch);
}
static DEVICE_ATTR_RO(arch);

static ssize_t state_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	static const char * const names[] = {
		[WSE_STATE_IDLE] = "idle",
		[WSE_STATE_CONFIGURED] = "configured",
		[WSE_STATE_LOST] = "lost",
	};

	return sysfs_emit(buf, "%s\n", names[wse_state(wse_from_dev(dev))]);
}
static DEVICE_ATTR_RO(state);

static ssize_t channels_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	struct wse_device *wdev = wse_from_dev(dev);
	u32 n = 0;

	spin_lock(&wdev->lock);
	if (wdev->owner && !wse_dead(wdev))
		n = wdev->nr_channels;
	spin_unlock(&wdev->lock);
	return sysfs_emit(buf, "%u\n", n);
}
static DEVICE_ATTR_RO(channels);

static struct attribute *wse_attrs[] = {
	&dev_attr_arch.attr,
	&dev_attr_fabric_width.attr,
	&dev_attr_fabric_height.attr,
	&dev_attr_channels_per_edge.attr,
	&dev_attr_pe_memory_bytes.attr,
	&dev_attr_state.attr,
	&dev_attr_channels.attr,
	NULL,
};

static const struct attribute_group wse_group = {
	.attrs = wse_attrs,
};

static const struct attribute_group *wse_groups[] = {
	&wse_group,
	&wse_status_group,	/* wse_stats.c */
	&wse_counters_group,
	NULL,
};

/* ---- backend interface ---- */

static bool wse_info_valid(const struct wse_hw_info *info)
{
	return (info->arch == WSE_ARCH_WSE2 || info->arch == WSE_ARCH_WSE3) &&
		info->fabric_width && info->fabric_width <= U16_MAX &&
		info->fabric_height && info->fabric_height <= U16_MAX &&
		info->pe_memory_bytes && info->max_rect_pes;
}

struct wse_device *wse_register_device(struct device *dma_dev,
				       const struct wse_backend_ops *ops,
				       const struct wse_hw_info *info,
				       void *priv)
{
	struct wse_device *wdev;
	int ret;

	wse_hw_check_layout();
	if (!dma_dev || !ops || !info || !ops->configure ||
	    !ops->unconfigure || !ops->channel_start || !ops->channel_stop ||
	    !ops->doorbell || !ops->channel_reset || !wse_info_valid(info))
		return ERR_PTR(-EINVAL);

	wdev = kzalloc(sizeof(*wdev), GFP_KERNEL);
	if (!wdev)
		return ERR_PTR(-ENOMEM);
	ret = init_srcu_struct(&wdev->srcu);
	if (ret) {
		kfree(wdev);
		return ERR_PTR(ret);
	}
	kref_init(&wdev->kref);
	wdev->dma_dev = dma_dev;
	wdev->ops = ops;
	wdev->info = *info;
	wdev->priv = priv;
	mutex_init(&wdev->cfg_lock);
	spin_lock_init(&wdev->lock);
	INIT_LIST_HEAD(&wdev->queue);
	INIT_LIST_HEAD(&wdev->files);
	atomic64_set(&wdev->next_id, 0);
	INIT_WORK(&wdev->complete_work, wse_complete_work);
	INIT_WORK(&wdev->lost_work, wse_lost_work);
	INIT_DELAYED_WORK(&wdev->watchdog, wse_watchdog_work);

	ret = ida_alloc(&wse_ida, GFP_KERNEL);
	if (ret < 0)
		goto err_put;
	wdev->index = ret;
	snprintf(wdev->name, sizeof(wdev->name), "wse%d", wdev->index);
	wdev->misc.minor = MISC_DYNAMIC_MINOR;
	wdev->misc.name = wdev->name;
	wdev->misc.fops = &wse_fops;
	wdev->misc.parent = dma_dev;
	wdev->misc.groups = wse_groups;
	ret = misc_register(&wdev->misc);
	if (ret)
		goto err_ida;
	return wdev;

err_ida:
	ida_free(&wse_ida, wdev->index);
err_put:
	kref_put(&wdev->kref, wse_device_release);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_GPL(wse_register_device);

void wse_unregister_device(struct wse_device *wdev)
{
	set_bit(WSE_DEAD, &wdev->flags);
	cancel_work_sync(&wdev->lost_work);
	wse_stats_device_lost(wdev, true);
	wse_kill(wdev);
	/* Every sleeper inside the gate was just woken by the kill. */
	synchronize_srcu(&wdev->srcu);
	cancel_work_sync(&wdev->complete_work);
	cancel_delayed_work_sync(&wdev->watchdog);
	mutex_lock(&wdev->cfg_lock);
	wse_prog_free(wdev);
	wse_rings_free(wdev);
	mutex_unlock(&wdev->cfg_lock);
	misc_deregister(&wdev->misc);
	ida_free(&wse_ida, wdev->index);
	kref_put(&wdev->kref, wse_device_release);
}
EXPORT_SYMBOL_GPL(wse_unregister_device);

void *wse_device_priv(struct wse_device *wdev)
{
	return wdev->priv;
}
EXPORT_SYMBOL_GPL(wse_device_priv);

void wse_signal_completion(struct wse_device *wdev, unsigned int ch)
{
	/*
	 * A thread polling @ch reaps the CQs itself, and once more after it
	 * stopped polling (wse_poll()): this CQE is seen either way.
	 * Orders the caller's CQE store before the read of pollers.
	 */
	smp_mb();
	if (ch < WSE_MAX_CHANNELS && atomic_read(&wdev->pollers[ch]))
		return;
	queue_work(system_highpri_wq, &wdev->complete_work);
}
EXPORT_SYMBOL_GPL(wse_signal_completion);

void wse_signal_progress(struct wse_device *wdev, unsigned int ch)
{
	if (ch < WSE_MAX_CHANNELS)
		WRITE_ONCE(wdev->chan[ch].progress, jiffies);
}
EXPORT_SYMBOL_GPL(wse_signal_progress);

void wse_device_lost(struct wse_device *wdev)
{
	/* Stops doorbells and new ops now; the rest needs process context. */
	set_bit(WSE_DEAD, &wdev->flags);
	schedule_work(&wdev->lost_work);
}
EXPORT_SYMBOL_GPL(wse_device_lost);

static int __init wse_init(void)
{
	return 0;
}

static void __exit wse_exit(void)
{
	ida_destroy(&wse_ida);
}

module_init(wse_init);
module_exit(wse_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Wafer-scale engine accelerator core driver");
