// SPDX-License-Identifier: GPL-2.0
/*
 * wse_mock_debugfs.c - the test API: fault knobs and counters in
 * /sys/kernel/debug/wse_mock/wse_mock.K/ (netdevsim style).
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "wse_mock.h"

static struct dentry *wse_mock_droot;

/* fail_next, hang_next: u32 values kept in an atomic_t */
static int wse_mock_u32_get(void *data, u64 *val)
{
	*val = (u32)atomic_read(data);
	return 0;
}

static int wse_mock_u32_set(void *data, u64 val)
{
	if (val > U32_MAX)
		return -EINVAL;
	atomic_set(data, (u32)val);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(wse_mock_u32_fops, wse_mock_u32_get,
			 wse_mock_u32_set, "%llu\n");

static int wse_mock_latency_set(void *data, u64 val)
{
	if (val > WSE_MOCK_MAX_LATENCY_US)
		return -EINVAL;
	atomic_set(data, (u32)val);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(wse_mock_latency_fops, wse_mock_u32_get,
			 wse_mock_latency_set, "%llu\n");

static int wse_mock_misuse_set(void *data, u64 val)
{
	if (val > WSE_MOCK_MISUSE_MAX)
		return -EINVAL;
	atomic_set(data, (u32)val);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(wse_mock_misuse_fops, wse_mock_u32_get,
			 wse_mock_misuse_set, "%llu\n");

/* Write-only triggers: only "1" is accepted. */
static ssize_t wse_mock_trigger(struct file *file, const char __user *ubuf,
				size_t count, void (*fn)(struct wse_mock *))
{
	unsigned int v;
	int ret;

	ret = kstrtouint_from_user(ubuf, count, 0, &v);
	if (ret)
		return ret;
	if (v != 1)
		return -EINVAL;
	fn(file->private_data);
	return count;
}

static ssize_t wse_mock_surprise_write(struct file *file,
				       const char __user *ubuf, size_t count,
				       loff_t *ppos)
{
	return wse_mock_trigger(file, ubuf, count, wse_mock_schedule_remove);
}

static const struct file_operations wse_mock_surprise_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = wse_mock_surprise_write,
	.llseek = noop_llseek,
};

static ssize_t wse_mock_lose_write(struct file *file, const char __user *ubuf,
				   size_t count, loff_t *ppos)
{
	return wse_mock_trigger(file, ubuf, count, wse_mock_lose);
}

static const struct file_operations wse_mock_lose_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = wse_mock_lose_write,
	.llseek = noop_llseek,
};

static int wse_mock_counters_show(struct seq_file *s, void *unused)
{
	struct wse_mock *mock = s->private;
	struct wse_mock_counters *c = &mock->cnt;
	u64 live, bad_unmaps;

	seq_printf(s, "descriptors %lld\n", atomic64_read(&c->descriptors));
	seq_printf(s, "h2d_bytes %lld\n", atomic64_read(&c->h2d_bytes));
	seq_printf(s, "d2h_bytes %lld\n", atomic64_read(&c->d2h_bytes));
	seq_printf(s, "errors %lld\n", atomic64_read(&c->errors));
	seq_printf(s, "hangs %lld\n", atomic64_read(&c->hangs));
	seq_printf(s, "resets %lld\n", atomic64_read(&c->resets));
	seq_printf(s, "wavelets_in %lld\n", atomic64_read(&c->wavelets_in));
	seq_printf(s, "wavelets_out %lld\n", atomic64_read(&c->wavelets_out));
	seq_printf(s, "hops %lld\n", atomic64_read(&c->hops));
	seq_printf(s, "stalls %lld\n", atomic64_read(&c->stalls));
	seq_printf(s, "dma_faults %lld\n", atomic64_read(&c->dma_faults));
	seq_printf(s, "polled %lld\n", atomic64_read(&c->polled));
	wse_mock_dma_counts(mock, &live, &bad_unmaps);
	seq_printf(s, "dma_live %llu\n", live);
	seq_printf(s, "dma_bad_unmaps %llu\n", bad_unmaps);
	seq_printf(s, "dma_strict %d\n", mock->dma.strict);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(wse_mock_counters);

/* Per PE: "x y state pc instret unblocked" and " fault cause pc addr". */
static int wse_mock_pe_state_show(struct seq_file *s, void *unused)
{
	static const char * const names[] = {
		[WSE_PE_HALTED] = "halted",
		[WSE_PE_RUNNING] = "running",
		[WSE_PE_WAITING] = "waiting",
		[WSE_PE_FAULTED] = "faulted",
		[WSE_PE_BLOCKED] = "blocked",
	};
	struct wse_mock *mock = s->private;
	struct wse_mock_fabric *fab = &mock->fabric;
	size_t npes, i;

	/* the PEs are freed under mock->lock; a running barrier only races */
	mutex_lock(&mock->lock);
	npes = fab->configured ? (size_t)fab->cfg.width * fab->cfg.height : 0;
	for (i = 0; i < npes; i++) {
		const struct wse_pe *pe = &wse_mock_pe_slot(fab, i)->pe;
		u8 st = READ_ONCE(pe->state);
		u32 cause = READ_ONCE(pe->fault.cause);

		seq_printf(s, "%u %u %s 0x%x %llu %u", pe->px, pe->py,
			   st < ARRAY_SIZE(names) ? names[st] : "?",
			   READ_ONCE(pe->pc), READ_ONCE(pe->instret),
			   READ_ONCE(pe->unblocked));
		if (cause != WSE_FAULT_NONE)
			seq_printf(s, " fault %u 0x%x 0x%x", cause,
				   pe->fault.pc, pe->fault.addr);
		seq_putc(s, '\n');
	}
	mutex_unlock(&mock->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(wse_mock_pe_state);

/*
 * The last stall report since load: "op OP color C delivered D total T
 * stall_ms MS", then one line "x y KIND color port count pc" per entry
 * (at most WSE_MAX_STALL_ENTRIES); "none" if there is none.
 */
static int wse_mock_stall_show(struct seq_file *s, void *unused)
{
	static const char * const ops[] = {
		[WSE_STALL_OP_H2D] = "H2D",
		[WSE_STALL_OP_D2H] = "D2H",
		[WSE_STALL_OP_RUN] = "RUN",
		[WSE_STALL_OP_LAUNCH] = "LAUNCH",
	};
	static const char * const kinds[] = {
		[WSE_STALL_RECV] = "RECV",
		[WSE_STALL_SEND] = "SEND",
		[WSE_STALL_ROUTER] = "ROUTER",
		[WSE_STALL_QUEUE] = "QUEUE",
		[WSE_STALL_UNBLOCK] = "UNBLOCK",
		[WSE_STALL_MEMCPY] = "MEMCPY",
	};
	struct wse_mock *mock = s->private;
	struct wse_stall_report *r;
	u32 i, n;

	r = kvmalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	if (wse_mock_sched_get_stall(mock, 0, r)) {
		seq_puts(s, "none\n");
		goto out;
	}
	seq_printf(s, "op %s color %u delivered %llu total %llu stall_ms %u\n",
		   r->op < ARRAY_SIZE(ops) && ops[r->op] ? ops[r->op] : "?",
		   r->color, r->delivered, r->total, r->stall_ms);
	n = min_t(u32, r->nr_entries, WSE_MAX_STALL_ENTRIES);
	for (i = 0; i < n; i++) {
		const struct wse_stall_entry *e = &r->entries[i];

		seq_printf(s, "%u %u %s %u %u %u 0x%x\n", e->x, e->y,
			   e->kind < ARRAY_SIZE(kinds) && kinds[e->kind] ?
			   kinds[e->kind] : "?",
			   e->color, e->port, e->count, e->pc);
	}
out:
	kvfree(r);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(wse_mock_stall);

void wse_mock_debugfs_add(struct wse_mock *mock)
{
	struct dentry *d;

	/* debugfs failures are not fatal: the device works without knobs */
	d = debugfs_create_dir(dev_name(mock->dev), wse_mock_droot);
	mock->ddir = d;
	debugfs_create_file_unsafe("fail_next", 0600, d, &mock->fail_next,
				   &wse_mock_u32_fops);
	debugfs_create_file_unsafe("hang_next", 0600, d, &mock->hang_next,
				   &wse_mock_u32_fops);
	debugfs_create_file_unsafe("latency_us", 0600, d, &mock->latency_us,
				   &wse_mock_latency_fops);
	debugfs_create_file_unsafe("dma_misuse", 0600, d, &mock->dma_misuse,
				   &wse_mock_misuse_fops);
	debugfs_create_file_unsafe("dma_map_fail", 0600, d,
				   &mock->dma.map_fail, &wse_mock_u32_fops);
	debugfs_create_file("surprise_remove", 0200, d, mock,
			    &wse_mock_surprise_fops);
	debugfs_create_file("lose", 0200, d, mock, &wse_mock_lose_fops);
	debugfs_create_file("counters", 0400, d, mock,
			    &wse_mock_counters_fops);
	debugfs_create_file("pe_state", 0400, d, mock,
			    &wse_mock_pe_state_fops);
	debugfs_create_file("stall", 0400, d, mock, &wse_mock_stall_fops);
}

/* Waits for running knob handlers; none can start after it returns. */
void wse_mock_debugfs_del(struct wse_mock *mock)
{
	debugfs_remove_recursive(mock->ddir);
	mock->ddir = NULL;
}

void wse_mock_debugfs_init(void)
{
	wse_mock_droot = debugfs_create_dir(WSE_MOCK_NAME, NULL);
}

void wse_mock_debugfs_exit(void)
{
	debugfs_remove_recursive(wse_mock_droot);
	wse_mock_droot = NULL;
}
