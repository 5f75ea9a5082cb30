// SPDX-License-Identifier: GPL-2.0
/*
 * wse_mock_main.c - wse_mock.ko: an emulated wafer-scale engine behind the
 * wse backend interface.  Module parameters, the platform driver and its
 * devices wse_mock.0 .. wse_mock.(nr_devices - 1), registration with wse.ko.
 */
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "wse_compat.h"
#include "wse_mock.h"

static unsigned int nr_devices = 1;
module_param(nr_devices, uint, 0444);
MODULE_PARM_DESC(nr_devices, "number of emulated devices (1..8, default 1)");

static char *arch_name = "wse3";
module_param_named(arch, arch_name, charp, 0444);
MODULE_PARM_DESC(arch, "architecture: wse2 or wse3 (default wse3)");

static unsigned int fabric_width = 32;
module_param(fabric_width, uint, 0444);
MODULE_PARM_DESC(fabric_width, "fabric width in PEs (8..2048, default 32)");

static unsigned int fabric_height = 24;
module_param(fabric_height, uint, 0444);
MODULE_PARM_DESC(fabric_height, "fabric height in PEs (3..2048, default 24)");

static unsigned int max_rect_pes;
module_param(max_rect_pes, uint, 0444);
MODULE_PARM_DESC(max_rect_pes,
		 "largest program rectangle in PEs (0 = default (fabric_width-7)*(fabric_height-2))");

unsigned int wse_mock_stall_ms = WSE_MOCK_STALL_MS;

static int wse_mock_stall_ms_set(const char *val, const struct kernel_param *kp)
{
	unsigned int v;
	int ret;

	ret = kstrtouint(val, 0, &v);
	if (ret)
		return ret;
	if (v < WSE_MOCK_MIN_STALL_MS || v > WSE_MOCK_MAX_STALL_MS)
		return -EINVAL;
	WRITE_ONCE(wse_mock_stall_ms, v);
	return 0;
}

static const struct kernel_param_ops wse_mock_stall_ms_ops = {
	.set = wse_mock_stall_ms_set,
	.get = param_get_uint,
};
module_param_cb(stall_ms, &wse_mock_stall_ms_ops, &wse_mock_stall_ms, 0644);
MODULE_PARM_DESC(stall_ms,
		 "ms a fabric holding work stands still before its stream, RUN or LAUNCH fails as stalled (10..600000, default 1000)");

#define WSE_MOCK_MAX_DIM	2048

struct workqueue_struct *wse_mock_wq;
/* per CPU: the engines' workers go where wse_mock_engine_queue() puts them */
struct workqueue_struct *wse_mock_dma_wq;
static struct wse_hw_info wse_mock_info;

/*
 * Devices and their surprise-removal work live in module memory, not in the
 * per-device state, so the work can unregister the device that owns the
 * debugfs file which scheduled it.  wse_mock_devs_lock makes "take the
 * device out of the table" atomic between that work and module exit.
 */
struct wse_mock_slot {
	struct platform_device *pdev;
	struct work_struct remove_work;
};

static struct wse_mock_slot wse_mock_slots[WSE_MOCK_MAX_DEVICES];
static DEFINE_MUTEX(wse_mock_devs_lock);

static void wse_mock_unregister_slot(struct wse_mock_slot *slot)
{
	struct platform_device *pdev;

	mutex_lock(&wse_mock_devs_lock);
	pdev = slot->pdev;
	slot->pdev = NULL;
	mutex_unlock(&wse_mock_devs_lock);
	if (pdev)
		platform_device_unregister(pdev);
}

static void wse_mock_remove_work(struct work_struct *work)
{
	wse_mock_unregister_slot(container_of(work, struct wse_mock_slot,
					      remove_work));
}

/*
 * debugfs surprise_remove: not from the write handler itself, since removal
 * removes the debugfs file and waits for its active writers.
 */
void wse_mock_schedule_remove(struct wse_mock *mock)
{
	if (mock->id < WSE_MOCK_MAX_DEVICES)
		queue_work(system_unbound_wq,
			   &wse_mock_slots[mock->id].remove_work);
}

/* debugfs lose: no more DMA, then tell the core the device is gone. */
void wse_mock_lose(struct wse_mock *mock)
{
	mutex_lock(&mock->lock);
	if (mock->dead) {
		mutex_unlock(&mock->lock);
		return;
	}
	mock->dead = true;
	wse_mock_engines_halt(mock);
	mutex_unlock(&mock->lock);
	wse_device_lost(mock->wdev);
}

static int wse_mock_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct wse_device *wdev;
	struct wse_mock *mock;
	int ret;

	if (pdev->id < 0 || pdev->id >= WSE_MOCK_MAX_DEVICES)
		return -EINVAL;
	ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(64));
	if (ret) {
		dev_err(dev, "cannot set 64-bit DMA mask: %d\n", ret);
		return ret;
	}
	/*
	 * An SGL entry's length is 32-bit, and that is the device's limit:
	 * not the DMA API's 64 KiB default, which cut a pinned 12 MiB buffer
	 * into ~200 entries (each a mapping to track) instead of a few.
	 */
	dma_set_max_seg_size(dev, UINT_MAX);
	mock = kvzalloc(sizeof(*mock), GFP_KERNEL);
	if (!mock)
		return -ENOMEM;
	mock->pdev = pdev;
	mock->dev = dev;
	mock->id = pdev->id;
	mock->info = wse_mock_info;
	mutex_init(&mock->lock);
	wse_mock_sched_init(mock);
	wse_mock_engines_init(mock);
	platform_set_drvdata(pdev, mock);
	wse_mock_dma_init(mock);

	wdev = wse_register_device(dev, &wse_mock_ops, &mock->info, mock);
	if (IS_ERR(wdev)) {
		ret = PTR_ERR(wdev);
		dev_err(dev, "wse_register_device failed: %d\n", ret);
		wse_mock_dma_exit(mock);
		mutex_destroy(&mock->sched.run_lock);
		mutex_destroy(&mock->lock);
		kvfree(mock);
		return ret;
	}
	mock->wdev = wdev;
	wse_mock_debugfs_add(mock);
	return 0;
}

static void wse_mock_remove(struct platform_device *pdev)
{
	struct wse_mock *mock = platform_get_drvdata(pdev);

	/* first: no knob (lose, surprise_remove) can run past this point */
	wse_mock_debugfs_del(mock);
	mutex_lock(&mock->lock);
	mock->dead = true;
	wse_mock_engines_halt(mock);
	mutex_unlock(&mock->lock);
	/* the core calls no op during or after this */
	wse_unregister_device(mock->wdev);
	wse_mock_fabric_unconfigure(mock);
	wse_mock_dma_exit(mock);
	mutex_destroy(&mock->sched.run_lock);
	mutex_destroy(&mock->lock);
	kvfree(mock);
}

static struct platform_driver wse_mock_driver = {
	.driver = {
		.name = WSE_MOCK_NAME,
	},
	.probe = wse_mock_probe,
	WSE_PLATFORM_REMOVE(wse_mock_remove),
};

static int __init wse_mock_check_params(void)
{
	u32 max_pes;

	if (nr_devices < 1 || nr_devices > WSE_MOCK_MAX_DEVICES) {
		pr_err("wse_mock: nr_devices=%u out of range 1..%u\n",
		       nr_devices, WSE_MOCK_MAX_DEVICES);
		return -EINVAL;
	}
	if (sysfs_streq(arch_name, "wse2")) {
		wse_mock_info.arch = WSE_ARCH_WSE2;
		wse_mock_info.channels_per_edge = 60;
	} else if (sysfs_streq(arch_name, "wse3")) {
		wse_mock_info.arch = WSE_ARCH_WSE3;
		wse_mock_info.channels_per_edge = 62;
	} else {
		pr_err("wse_mock: arch=%s unknown (wse2 or wse3)\n", arch_name);
		return -EINVAL;
	}
	/* room for the memcpy PEs: 7 columns and 2 rows around >= 1 PE */
	if (fabric_width < 8 || fabric_width > WSE_MOCK_MAX_DIM ||
	    fabric_height < 3 || fabric_height > WSE_MOCK_MAX_DIM) {
		pr_err("wse_mock: fabric %ux%u out of range 8..%u x 3..%u\n",
		       fabric_width, fabric_height, WSE_MOCK_MAX_DIM,
		       WSE_MOCK_MAX_DIM);
		return -EINVAL;
	}
	max_pes = (fabric_width - 7) * (fabric_height - 2);
	if (!max_rect_pes)
		max_rect_pes = max_pes;
	if (max_rect_pes > max_pes) {
		pr_err("wse_mock: max_rect_pes=%u exceeds %u for a %ux%u fabric\n",
		       max_rect_pes, max_pes, fabric_width, fabric_height);
		return -EINVAL;
	}
	wse_mock_info.fabric_width = fabric_width;
	wse_mock_info.fabric_height = fabric_height;
	wse_mock_info.pe_memory_bytes = WSE_PE_MEMORY_BYTES;
	wse_mock_info.max_rect_pes = max_rect_pes;
	return 0;
}

static void wse_mock_unregister_all(void)
{
	unsigned int k;

	for (k = 0; k < WSE_MOCK_MAX_DEVICES; k++)
		wse_mock_unregister_slot(&wse_mock_slots[k]);
	/* a surprise_remove queued before its device went away */
	for (k = 0; k < WSE_MOCK_MAX_DEVICES; k++)
		cancel_work_sync(&wse_mock_slots[k].remove_work);
}

static int __init wse_mock_init(void)
{
	struct platform_device *pdev;
	unsigned int k;
	int ret;

	ret = wse_mock_check_params();
	if (ret)
		return ret;
	for (k = 0; k < WSE_MOCK_MAX_DEVICES; k++)
		INIT_WORK(&wse_mock_slots[k].remove_work, wse_mock_remove_work);

	wse_mock_wq = alloc_workqueue("wse_mock", WQ_UNBOUND, 0);
	if (!wse_mock_wq)
		return -ENOMEM;
	/* an engine copies for long without sleeping: no concurrency limit */
	wse_mock_dma_wq = alloc_workqueue("wse_mock_dma", WQ_CPU_INTENSIVE, 0);
	if (!wse_mock_dma_wq) {
		destroy_workqueue(wse_mock_wq);
		return -ENOMEM;
	}
	wse_mock_debugfs_init();
	ret = platform_driver_register(&wse_mock_driver);
	if (ret)
		goto err_wq;
	for (k = 0; k < nr_devices; k++) {
		/* held across: an early surprise_remove waits for the slot */
		mutex_lock(&wse_mock_devs_lock);
		pdev = platform_device_register_simple(WSE_MOCK_NAME, k,
						       NULL, 0);
		if (!IS_ERR(pdev))
			wse_mock_slots[k].pdev = pdev;
		mutex_unlock(&wse_mock_devs_lock);
		if (IS_ERR(pdev)) {
			ret = PTR_ERR(pdev);
			pr_err("wse_mock: cannot register device %u: %d\n",
			       k, ret);
			goto err_devs;
		}
	}
	return 0;

err_devs:
	wse_mock_unregister_all();
	platform_driver_unregister(&wse_mock_driver);
err_wq:
	wse_mock_debugfs_exit();
	destroy_workqueue(wse_mock_dma_wq);
	destroy_workqueue(wse_mock_wq);
	return ret;
}

static void __exit wse_mock_exit(void)
{
	wse_mock_unregister_all();
	platform_driver_unregister(&wse_mock_driver);
	wse_mock_debugfs_exit();
	destroy_workqueue(wse_mock_dma_wq);
	destroy_workqueue(wse_mock_wq);
}

module_init(wse_mock_init);
module_exit(wse_mock_exit);

MODULE_DESCRIPTION("Emulated wafer-scale engine device for the wse driver");
MODULE_LICENSE("GPL");
