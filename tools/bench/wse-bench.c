// SPDX-License-Identifier: MIT
/*
 * wse-bench - how fast is /dev/wse0, relative to what the same machine can do.
 *
 * The VM runs under TCG, so absolute figures say little about the driver;
 * every figure is therefore printed next to a baseline measured in the same
 * run (memcpy bandwidth, null syscall, null ioctl) and as a ratio to it.
 * This is not a test: it prints a report and exits 0 unless a call fails or
 * a round trip returns wrong data.
 *
 * Every measurement is one untimed warm-up (the first touch of a buffer
 * costs softmmu TLB fills under TCG) followed by REPS timed repetitions;
 * the best one is the headline figure, the median shows the spread.
 *
 * The PE programs of tools/bench/pe (bundles bundle-1x1/ and bundle-25x22/
 * next to this binary, built by wse-cc for the default 32x24 mock) give the
 * cost of launching an empty function, against the null ioctl, and the
 * simulated instructions per second of the fabric through the driver: an
 * absolute figure, as the mock's interpreter has no baseline in the VM.
 * bundle-stream/ (tools/bench/pe/pe_stream.c) gives streaming h2d
 * throughput as a ratio to a copy-mode h2d of the same tensor (same ROI,
 * l, channel count, through the same SdkRuntime calls) in the same run.
 * bundle-8x8/ gives pe_parallel_64: spin() on 64 PEs with the mock's
 * fabric workers (/sys/module/wse_mock/parameters/workers) set to 1, then
 * to 2, in the same run; the ratio of the two instruction rates.
 *
 * wse-bench --big is the second boot of `make bench`, on a 71x66 mock
 * (tools/bench/Makefile): the null ioctl and the empty launch on its
 * largest rectangle, 64x64 PEs (bundle-64x64/).  wse-bench --stream runs
 * the streaming phase alone (to iterate on the fabric scheduler).
 *
 * wse-bench --copy runs only the baselines and the copy phase (orders and
 * channel counts): a quicker loop when working on the memcpy path, e.g.
 * tools/vm/run -- /bench/wse-bench --copy
 *
 * wse-bench --small runs only the baselines, the 1-element copies and the
 * empty launch on 1x1: the fixed round trip of a small op, quickly.  The
 * 1-element copies are timed through libwse (blocking, and a nonblocking
 * burst reaped by one WAIT_ALL) and as a user of the SdkRuntime writes them
 * on bundle-1x1 (1,000 nonblocking sdk_memcpy_h2d and a wait on each,
 * against 1,000 blocking ones): h2d_1elem_nonblock_vs_blocking.
 *
 * wse-bench --parallel runs only pe_parallel_64 (to iterate on the
 * fabric workers).
 *
 * Build: make -C tools/bench      Run: make bench (boots the VM twice)
 */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <wse/sdkruntime.h>

#define REPS		5	/* timed repetitions after the warm-up */
#define COPY_ROUNDS	3	/* copy_phase(): turns of the channel counts */
#define MEMCPY_BIG	(64u << 20)
#define NULL_ITERS	50000	/* ops per timed batch of a null call */
#define RT_ITERS	500	/* blocking 1-element round trips per batch */
#define BURST		1000	/* nonblocking submissions per burst (< WSE_MAX_TASKS) */
#define MAX_SUMMARY	40
#define LAUNCH_ITERS	20	/* blocking empty launches per timed batch */
#define SPIN_SECS	0.25	/* target time of one timed spin() launch */
#define SPIN_MIN_SECS	0.05	/* calibration: shortest launch to scale from */

/* The fabric the PE bundles are built for (tools/bench/Makefile). */
#define PE_FABRIC_W	32
#define PE_FABRIC_H	24
#define BIG_FABRIC_W	71	/* wse-bench --big, bundle-64x64 */
#define BIG_FABRIC_H	66

/* The mock's fabric worker count (kernel/mock/wse_mock_sched.c). */
#define WORKERS_PARAM	"/sys/module/wse_mock/parameters/workers"
/* The core's polling for small blocking ops (kernel/wse_task.c). */
#define POLL_PARAM	"/sys/module/wse/parameters/poll_small"

/* The largest square-ish rectangle we use; clamped to the device below. */
#define RECT_MAX	16
#define OFF_X		WSE_MEMCPY_MIN_OFFSET_X
#define OFF_Y		WSE_MEMCPY_MIN_OFFSET_Y

struct ctx {
	struct wse_dev *dev;
	struct sdk_runtime *rt;	/* PE phases: the bundle's runtime */
	uint32_t spin_n;	/* argument of spin() */
	struct wse_xfer xf;
	struct wse_xfer xf_b;	/* op_*_b: the second op of a measure_pair() */
	const void *src;
	void *dst;
	size_t n;
	sdk_symbol_t sym;	/* small phase: the SdkRuntime copies' target */
	sdk_task_t *tasks;	/* [BURST] */
	int err;	/* first failure of an op, with its message saved */
	char msg[WSE_ERRMSG_MAX + 64];
};

/* One measured operation; returns 0 or a negative errno. */
typedef int (*op_fn)(struct ctx *c);

struct result {
	double best, med;	/* seconds per op */
};

static struct {
	char line[160];
} summary[MAX_SUMMARY];
static int nsummary;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/*
 * Run @fn @iters times per batch, one warm-up batch plus REPS timed ones;
 * per-op time of the best and of the median batch.  Batching keeps the
 * clock reads out of sub-microsecond figures.
 */
static int measure(op_fn fn, struct ctx *c, long iters, struct result *r)
{
	double t[REPS];

	for (int rep = -1; rep < REPS; rep++) {
		double t0 = now();

		for (long i = 0; i < iters; i++) {
			int err = fn(c);

			if (err)
				return err;
		}
		if (rep >= 0)
			t[rep] = (now() - t0) / iters;
	}
	qsort(t, REPS, sizeof(t[0]), cmp_double);
	r->best = t[0];
	r->med = t[REPS / 2];
	return 0;
}

/*
 * measure() of two ops at once, their batches alternating (@fn_a's @iters_a
 * calls, then one call of @fn_b, which does @per_b ops): per-op times.
 */
static int measure_pair(op_fn fn_a, long iters_a, op_fn fn_b, long per_b,
			struct ctx *c, struct result *ra, struct result *rb)
{
	double ta[REPS], tb[REPS];

	for (int rep = -1; rep < REPS; rep++) {
		double t0 = now(), t1;
		int err = 0;

		for (long i = 0; i < iters_a && !err; i++)
			err = fn_a(c);
		t1 = now();
		if (!err)
			err = fn_b(c);
		if (err)
			return err;
		if (rep >= 0) {
			ta[rep] = (t1 - t0) / iters_a;
			tb[rep] = (now() - t1) / per_b;
		}
	}
	qsort(ta, REPS, sizeof(ta[0]), cmp_double);
	qsort(tb, REPS, sizeof(tb[0]), cmp_double);
	ra->best = ta[0];
	ra->med = ta[REPS / 2];
	rb->best = tb[0];
	rb->med = tb[REPS / 2];
	return 0;
}

/* Decimals that show 3 significant digits of @x >= 0 without an exponent
 * (1.00, 0.0257, 113, 18428), so summary lines stay easy to parse. */
static int decimals(double x)
{
	int d = 2;

	for (double t = 10; x >= t && d > 0; t *= 10)
		d--;
	for (double t = 1; x > 0 && x < t && d < 9; t /= 10)
		d++;
	return d;
}

/* @baseline NULL: an absolute figure, without a ratio. */
static void add_summary(const char *name, double value, const char *unit,
			double ratio, const char *baseline)
{
	if (nsummary >= MAX_SUMMARY)
		return;
	if (baseline)
		snprintf(summary[nsummary++].line, sizeof(summary[0].line),
			 "bench: %s %.*f %s (%.*f x %s)", name,
			 decimals(value), value, unit, decimals(ratio), ratio,
			 baseline);
	else
		snprintf(summary[nsummary++].line, sizeof(summary[0].line),
			 "bench: %s %.*f %s", name, decimals(value), value,
			 unit);
}

/* Record the library's message of a failed call: it is cleared by the next. */
static int fail(struct ctx *c, const char *what, int err)
{
	if (!c->err) {
		c->err = err;
		snprintf(c->msg, sizeof(c->msg), "%s: %s", what,
			 c->dev && *wse_errmsg(c->dev) ? wse_errmsg(c->dev)
						       : wse_strerror(err));
	}
	return err;
}

/* The same for the SdkRuntime layer: its message is in the runtime. */
static int sdk_fail(struct ctx *c, const char *what, int err)
{
	if (!c->err) {
		c->err = err;
		snprintf(c->msg, sizeof(c->msg), "%s: %s", what,
			 *sdk_errmsg(c->rt) ? sdk_errmsg(c->rt)
					    : wse_strerror(err));
	}
	return err;
}

/* ---- the operations --------------------------------------------------- */

static int op_memcpy(struct ctx *c)
{
	memcpy(c->dst, c->src, c->n);
	/* The destination is never read: keep the compiler from dropping the copy. */
	__asm__ volatile("" : : "r"(c->dst) : "memory");
	return 0;
}

static int op_getppid(struct ctx *c)
{
	(void)c;
	return getppid() > 0 ? 0 : -EIO;
}

/* The raw ioctl, without libwse's wrapper, to get the bare entry cost. */
static int op_get_info(struct ctx *c)
{
	struct wse_info info = { .size = sizeof(info) };

	if (ioctl(wse_fd(c->dev), WSE_IOCTL_GET_INFO, &info))
		return fail(c, "ioctl(WSE_IOCTL_GET_INFO)", -errno);
	return 0;
}

/* One copy of @xf, blocking unless its flags say otherwise. */
static int copy(struct ctx *c, struct wse_xfer *xf, bool d2h)
{
	int err = d2h ? wse_d2h(c->dev, xf) : wse_h2d(c->dev, xf);

	return err ? fail(c, d2h ? "wse_d2h" : "wse_h2d", err) : 0;
}

static int op_h2d(struct ctx *c)
{
	return copy(c, &c->xf, false);
}

static int op_d2h(struct ctx *c)
{
	return copy(c, &c->xf, true);
}

/* The same on c->xf_b, for the second op of a pair. */
static int op_h2d_b(struct ctx *c)
{
	return copy(c, &c->xf_b, false);
}

static int op_d2h_b(struct ctx *c)
{
	return copy(c, &c->xf_b, true);
}

/* BURST nonblocking submissions of c->xf, then one WAIT_ALL reaps them all. */
static int op_burst(struct ctx *c)
{
	struct wse_xfer xf = c->xf;
	int err, status;

	xf.flags |= WSE_XFER_NONBLOCK;
	for (int i = 0; i < BURST; i++) {
		err = wse_h2d(c->dev, &xf);
		if (err)
			return fail(c, "wse_h2d (nonblocking)", err);
	}
	err = wse_wait_all(c->dev, -1, &status);
	if (err)
		return fail(c, "wse_wait_all", err);
	return status ? fail(c, "burst task status", status) : 0;
}

static int op_launch_nop(struct ctx *c)
{
	int err = sdk_launch(c->rt, "nop", false, NULL);

	return err ? sdk_fail(c, "launch nop", err) : 0;
}

static int op_launch_spin(struct ctx *c)
{
	int err = sdk_launch(c->rt, "spin", false, NULL, SDK_U32(c->spin_n));

	return err ? sdk_fail(c, "launch spin", err) : 0;
}

/* A module parameter into *@v; -errno if there is no such knob. */
static int param_get(const char *param, unsigned int *v)
{
	char buf[32] = "";
	FILE *f = fopen(param, "r");
	int ok;

	if (!f)
		return -errno;
	ok = fgets(buf, sizeof(buf), f) != NULL;
	fclose(f);
	if (!ok)
		return -EIO;
	/* bool parameters read Y or N */
	*v = buf[0] == 'Y' ? 1 : buf[0] == 'N' ? 0 :
	     (unsigned int)strtoul(buf, NULL, 10);
	return 0;
}

static int param_set(const char *param, unsigned int v)
{
	FILE *f = fopen(param, "w");
	int err = 0;

	if (!f)
		return -errno;
	if (fprintf(f, "%u", v) < 0)
		err = -EIO;
	if (fclose(f))
		err = -errno;
	return err;
}

/* ---- the phases --------------------------------------------------------- */

static int configure(struct ctx *c, const struct wse_info *info, uint32_t w,
		     uint32_t h, uint32_t channels)
{
	struct wse_configure cfg;
	int err;

	/* Compile for the whole fabric: any rectangle that fits is allowed. */
	wse_configure_init(&cfg, w, h, OFF_X, OFF_Y, info->fabric_width,
			   info->fabric_height, channels);
	err = wse_configure(c->dev, &cfg);
	return err ? fail(c, "wse_configure", err) : 0;
}

static int stop(struct ctx *c)
{
	int err = wse_stop(c->dev);

	return err ? fail(c, "wse_stop", err) : 0;
}

static double gbps(size_t bytes, double secs)
{
	return bytes / secs / 1e9;
}

/*
 * Copy-mode throughput over the whole rectangle for every channel count and
 * order.  @memcpy_gbps is the memcpy bandwidth at the same size.
 *
 * The channel counts take turns: COPY_ROUNDS rounds, each configuring 1, 4
 * and 16 channels in turn, so that h2d_row_ch4_vs_ch1 compares samples of
 * the same seconds of a noisy host rather than of one ~0.1 s window each
 * (one op is ~5 ms).  Best of all rounds; median of the rounds' medians.
 */
static int copy_phase(struct ctx *c, const struct wse_info *info, uint32_t w,
		      uint32_t h, uint32_t l, uint32_t *src, uint32_t *dst,
		      double memcpy_gbps)
{
	static const uint32_t chans[] = { 1, 4, 16 };
	enum { NCH = sizeof(chans) / sizeof(chans[0]) };
	/* [channel index][order][d2h]: best GB/s, 0 if not measured */
	double best[NCH][2][2] = { { { 0 } } };
	/* [round][channel index][order][d2h]: the round's median GB/s */
	double med[COPY_ROUNDS][NCH][2][2];
	static const struct { uint32_t order; const char *name; } orders[] = {
		{ WSE_ORDER_ROW_MAJOR, "row" }, { WSE_ORDER_COL_MAJOR, "col" },
	};
	const size_t bytes = (size_t)w * h * l * 4;
	struct result r[2];
	char name[64];
	int err;

	for (int round = 0; round < COPY_ROUNDS; round++) {
		for (size_t i = 0; i < NCH; i++) {
			if (chans[i] > h) /* a channel needs at least one row */
				continue;
			err = configure(c, info, w, h, chans[i]);
			if (err)
				return err;
			/*
			 * Row- and column-major copies alternate
			 * (measure_pair), so that their ratio is of the same
			 * moments of a noisy machine.
			 */
			for (int d2h = 0; d2h < 2; d2h++) {
				wse_xfer_init(&c->xf, d2h ? dst : src, 0, 0, w,
					      h, l, 0, WSE_DATA_32BIT,
					      orders[0].order, 0);
				wse_xfer_init(&c->xf_b, d2h ? dst : src, 0, 0,
					      w, h, l, 0, WSE_DATA_32BIT,
					      orders[1].order, 0);
				err = measure_pair(d2h ? op_d2h : op_h2d, 1,
						   d2h ? op_d2h_b : op_h2d_b,
						   1, c, &r[0], &r[1]);
				if (err)
					return err;
				for (size_t o = 0; o < 2; o++) {
					double g = gbps(bytes, r[o].best);

					if (g > best[i][o][d2h])
						best[i][o][d2h] = g;
					med[round][i][o][d2h] =
						gbps(bytes, r[o].med);
				}
			}
			/*
			 * Untimed, each order: what an h2d put in comes back.
			 * A d2h that moved nothing must not pass.
			 */
			for (size_t o = 0; o < 2; o++) {
				wse_xfer_init(&c->xf, src, 0, 0, w, h, l, 0,
					      WSE_DATA_32BIT, orders[o].order,
					      0);
				err = op_h2d(c);
				memset(dst, 0, bytes);
				c->xf.host_ptr = (uintptr_t)dst;
				if (!err)
					err = op_d2h(c);
				if (err)
					return err;
				if (memcmp(src, dst, bytes))
					return fail(c, "round trip", -EIO);
			}
			err = stop(c);
			if (err)
				return err;
		}
	}

	printf("\n%-5s %3s  %9s %9s %8s  %9s %9s %8s\n", "order", "ch",
	       "h2d GB/s", "(median)", "x memcpy", "d2h GB/s", "(median)",
	       "x memcpy");
	for (size_t i = 0; i < NCH; i++) {
		if (!best[i][0][0])
			continue;
		for (size_t o = 0; o < 2; o++) {
			double m[2];

			for (int d2h = 0; d2h < 2; d2h++) {
				double v[COPY_ROUNDS];

				for (int round = 0; round < COPY_ROUNDS; round++)
					v[round] = med[round][i][o][d2h];
				qsort(v, COPY_ROUNDS, sizeof(v[0]), cmp_double);
				m[d2h] = v[COPY_ROUNDS / 2];
				snprintf(name, sizeof(name), "%s_%s_ch%u",
					 d2h ? "d2h" : "h2d", orders[o].name,
					 chans[i]);
				add_summary(name, best[i][o][d2h], "GB/s",
					    best[i][o][d2h] / memcpy_gbps,
					    "memcpy");
			}
			printf("%-5s %3u  %9.3f %9.3f %8.3f  %9.3f %9.3f %8.3f\n",
			       orders[o].name, chans[i], best[i][o][0], m[0],
			       best[i][o][0] / memcpy_gbps, best[i][o][1], m[1],
			       best[i][o][1] / memcpy_gbps);
		}
	}
	/* the same tensor in column- and row-major order, 1 channel */
	add_summary("h2d_col_vs_row", best[0][1][0], "GB/s",
		    best[0][1][0] / best[0][0][0], "h2d_row_ch1");
	add_summary("d2h_col_vs_row", best[0][1][1], "GB/s",
		    best[0][1][1] / best[0][0][1], "d2h_row_ch1");
	if (best[1][0][0] > 0)
		add_summary("h2d_row_ch4_vs_ch1", best[1][0][0], "GB/s",
			    best[1][0][0] / best[0][0][0], "h2d_row_ch1");
	return 0;
}

static int sdk_small_pair(struct ctx *c, const char *path,
			  const struct wse_info *info, struct result *blk,
			  struct result *nb);

/*
 * Per-op latency of a blocking 1-element h2d, and of a nonblocking burst:
 * through libwse, and as a user writes it, through SdkRuntime.
 */
static int small_phase(struct ctx *c, const char *path,
		       const struct wse_info *info, uint32_t w, uint32_t h,
		       double null_ioctl)
{
	static uint32_t word = 0x5eed;
	struct result rt, rt_nopoll, burst, sdk_blk, sdk_nb;
	unsigned int old = 0;
	double per_op;
	bool knob;
	int err;

	err = configure(c, info, w, h, 1);
	if (err)
		return err;
	wse_xfer_init(&c->xf, &word, 0, 0, 1, 1, 1, 0, WSE_DATA_32BIT,
		      WSE_ORDER_ROW_MAJOR, 0);
	/*
	 * Blocking batches and bursts alternate, so that their ratio is of
	 * the same moments of a shared, noisy machine.
	 */
	err = measure_pair(op_h2d, RT_ITERS, op_burst, BURST, c, &rt, &burst);
	if (err)
		return err;
	/* the same without the core's polling (wse.poll_small), for reference */
	knob = !param_get(POLL_PARAM, &old) && old;
	if (knob) {
		err = param_set(POLL_PARAM, 0);
		if (!err)
			err = measure(op_h2d, c, RT_ITERS, &rt_nopoll);
		param_set(POLL_PARAM, old);
		if (err)
			return fail(c, "blocking h2d without polling", err);
	}
	err = stop(c);
	if (!err)
		err = sdk_small_pair(c, path, info, &sdk_blk, &sdk_nb);
	if (err)
		return err;

	per_op = burst.best;
	printf("\n%-34s %10s %10s %12s\n", "small transfers (1 PE, l=1, 1 ch)",
	       "us/op", "(median)", "x null ioctl");
	printf("%-34s %10.2f %10.2f %12.1f\n", "blocking h2d round trip",
	       rt.best * 1e6, rt.med * 1e6, rt.best / null_ioctl);
	printf("%-34s %10.2f %10.2f %12.1f\n", "nonblocking h2d x1000 + wait_all",
	       per_op * 1e6, burst.med * 1e6, per_op / null_ioctl);
	printf("%-34s %10.0f ops/s, %.1f x the blocking rate\n", "",
	       1 / per_op, rt.best / per_op);
	if (knob)
		printf("%-34s %10.2f %10.2f %12.1f\n",
		       "blocking h2d, poll_small=N", rt_nopoll.best * 1e6,
		       rt_nopoll.med * 1e6, rt_nopoll.best / null_ioctl);
	if (sdk_blk.best > 0) {
		printf("%-34s %10.2f %10.2f %12.1f\n",
		       "sdk_memcpy_h2d blocking",
		       sdk_blk.best * 1e6, sdk_blk.med * 1e6,
		       sdk_blk.best / null_ioctl);
		printf("%-34s %10.2f %10.2f %12.1f\n",
		       "sdk_memcpy_h2d nonblock x1000+wait",
		       sdk_nb.best * 1e6, sdk_nb.med * 1e6,
		       sdk_nb.best / null_ioctl);
	}
	add_summary("h2d_1elem_blocking", rt.best * 1e6, "us",
		    rt.best / null_ioctl, "null_ioctl");
	if (knob)
		add_summary("h2d_1elem_blocking_nopoll", rt_nopoll.best * 1e6,
			    "us", rt_nopoll.best / null_ioctl, "null_ioctl");
	add_summary("h2d_1elem_nonblock", per_op * 1e6, "us/op",
		    per_op / null_ioctl, "null_ioctl");
	add_summary("h2d_1elem_nonblock_rate", 1 / per_op, "ops/s",
		    rt.best / per_op, "blocking_rate");
	/* libwse: 1,000 nonblocking + one WAIT_ALL against 1,000 blocking */
	add_summary("h2d_1elem_lowlevel_burst_vs_blocking", per_op * 1e6,
		    "us/op", per_op / rt.best, "h2d_1elem_blocking");
	/* SdkRuntime: 1,000 nonblocking + a wait on each against blocking */
	if (sdk_blk.best > 0)
		add_summary("h2d_1elem_nonblock_vs_blocking", sdk_nb.best * 1e6,
			    "us/op", sdk_nb.best / sdk_blk.best,
			    "sdk_h2d_1elem_blocking");
	return 0;
}

/* One PE bundle: its directory next to this binary and its rectangle. */
struct pe_rect {
	const char *name;	/* bundle-<name>, summary names */
	uint32_t w, h;
	struct result launch;	/* seconds per empty launch */
	double insn_rate[2];	/* simulated instructions/s of all PEs: best, median */
	uint64_t insns;		/* per timed spin() launch, all PEs */
	uint32_t spin_n;
	bool no_spin;		/* only the empty launch */
};

/*
 * Load @pr's bundle, time blocking launches of nop() and of spin(n) with n
 * calibrated to take about SPIN_SECS, and read back the instructions each
 * PE retired in spin() (its instret difference, in the symbol "insns").
 */
static int pe_rect_phase(struct ctx *c, const char *path, const char *bindir,
			 struct pe_rect *pr)
{
	struct sdk_options opts = { .device = path };
	uint32_t npes = pr->w * pr->h, *insns = NULL;
	sdk_symbol_t sym;
	struct result r;
	char dir[PATH_MAX];
	double t;
	int err;

	snprintf(dir, sizeof(dir), "%s/bundle-%s", bindir, pr->name);
	err = sdk_create(dir, &opts, &c->rt);
	if (err) {
		c->err = err;
		snprintf(c->msg, sizeof(c->msg), "%s", sdk_errmsg(NULL));
		return err;
	}
	if ((err = sdk_load(c->rt)) || (err = sdk_run(c->rt)) ||
	    (err = sdk_get_id(c->rt, "insns", &sym))) {
		sdk_fail(c, dir, err);	/* the message names the call */
		goto out;
	}
	err = measure(op_launch_nop, c, LAUNCH_ITERS, &pr->launch);
	if (err || pr->no_spin)
		goto stop;

	/* Scale n until one launch takes SPIN_MIN_SECS, then to SPIN_SECS. */
	c->spin_n = 1000;
	for (;;) {
		t = now();
		err = op_launch_spin(c);
		if (err)
			goto out;
		t = now() - t;
		if (t >= SPIN_MIN_SECS || c->spin_n >= 100000000)
			break;
		c->spin_n *= 8;
	}
	/* 1e8 trips keep a PE's 32-bit instret difference from wrapping */
	t = c->spin_n * (SPIN_SECS / t);
	c->spin_n = t < 1 ? 1 : t > 100000000 ? 100000000 : (uint32_t)t;
	err = measure(op_launch_spin, c, 1, &r);
	if (err)
		goto out;

	insns = calloc(npes, sizeof(*insns));
	if (!insns) {
		err = fail(c, "calloc", -ENOMEM);
		goto out;
	}
	err = sdk_memcpy_d2h(c->rt, insns, sym, 0, 0, pr->w, pr->h, 1, false,
			     MEMCPY_32BIT, ROW_MAJOR, false, NULL);
	if (err) {
		sdk_fail(c, "memcpy_d2h insns", err);
		goto out;
	}
	pr->insns = 0;
	for (uint32_t i = 0; i < npes; i++) {
		/* at least one instruction per trip, nothing else is plausible */
		if (insns[i] < c->spin_n || insns[i] != insns[0]) {
			snprintf(c->msg, sizeof(c->msg),
				 "spin(%u): PE %u retired %u instructions (PE 0: %u)",
				 c->spin_n, i, insns[i], insns[0]);
			err = c->err = -EIO;
			goto out;
		}
		pr->insns += insns[i];
	}
	pr->spin_n = c->spin_n;
	pr->insn_rate[0] = pr->insns / r.best;
	pr->insn_rate[1] = pr->insns / r.med;
stop:
	if (!err) {
		err = sdk_stop(c->rt);
		if (err)
			sdk_fail(c, "stop", err);
	}
out:
	free(insns);
	sdk_destroy(c->rt);
	c->rt = NULL;
	return err;
}

/* The directory of this binary, where the bundles are. */
static int bin_dir(struct ctx *c, char *dir, size_t size)
{
	char self[PATH_MAX];
	ssize_t len;

	len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (len < 0)
		return fail(c, "readlink /proc/self/exe", -errno);
	self[len] = 0;
	snprintf(dir, size, "%s", dirname(self));
	return 0;
}

/*
 * pe_parallel_64: spin() on the 64 PEs of bundle-8x8 with one mock worker,
 * then with two; the ratio of the instruction rates.
 */
static int parallel_phase(struct ctx *c, const char *path, const char *bindir)
{
	struct pe_rect pr[2] = {
		{ .name = "8x8", .w = 8, .h = 8 },
		{ .name = "8x8", .w = 8, .h = 8 },
	};
	unsigned int old = 0;
	bool knob;
	int err;

	knob = !param_get(WORKERS_PARAM, &old);
	for (int i = 0; i < 2; i++) {
		if (knob && (err = param_set(WORKERS_PARAM, i + 1)))
			return fail(c, "write " WORKERS_PARAM, err);
		err = pe_rect_phase(c, path, bindir, &pr[i]);
		if (err)
			break;
	}
	if (knob)
		param_set(WORKERS_PARAM, old);
	if (err)
		return err;
	printf("\n%-34s %10s %10s %12s\n", "64 busy PEs (spin, 8x8)", "M insn/s",
	       "(median)", "x 1 worker");
	for (int i = 0; i < 2; i++)
		printf("%-34s %10.1f %10.1f %12.2f\n",
		       !knob ? "(no workers knob: the mock's one)" :
		       i ? "2 fabric workers" : "1 fabric worker",
		       pr[i].insn_rate[0] / 1e6, pr[i].insn_rate[1] / 1e6,
		       pr[i].insn_rate[0] / pr[0].insn_rate[0]);
	add_summary("pe_parallel_64", pr[1].insn_rate[0] / 1e6, "M insn/s",
		    pr[1].insn_rate[0] / pr[0].insn_rate[0], "1_worker");
	return 0;
}

static int pe_phase(struct ctx *c, const char *path,
		    const struct wse_info *info, double null_ioctl)
{
	struct pe_rect rects[] = {
		{ .name = "1x1", .w = 1, .h = 1 },
		{ .name = "25x22", .w = 25, .h = 22 },
	};
	const size_t n = sizeof(rects) / sizeof(rects[0]);
	char bindir[PATH_MAX], name[64];
	long vcpus = sysconf(_SC_NPROCESSORS_ONLN);
	int err;

	if (info->fabric_width != PE_FABRIC_W ||
	    info->fabric_height != PE_FABRIC_H) {
		printf("\nPE programs: skipped (bundles built for a %ux%u fabric)\n",
		       PE_FABRIC_W, PE_FABRIC_H);
		return 0;
	}
	err = bin_dir(c, bindir, sizeof(bindir));
	if (err)
		return err;
	for (size_t i = 0; i < n; i++) {
		err = pe_rect_phase(c, path, bindir, &rects[i]);
		if (err)
			return err;
	}

	printf("\n%-34s %10s %10s %12s %10s\n", "empty launch (blocking)",
	       "us/op", "(median)", "x null ioctl", "us/PE");
	for (size_t i = 0; i < n; i++) {
		const struct pe_rect *pr = &rects[i];
		uint32_t npes = pr->w * pr->h;

		snprintf(name, sizeof(name), "nop() on %s (%u PE%s)", pr->name,
			 npes, npes > 1 ? "s" : "");
		printf("%-34s %10.1f %10.1f %12.1f %10.2f\n", name,
		       pr->launch.best * 1e6, pr->launch.med * 1e6,
		       pr->launch.best / null_ioctl,
		       pr->launch.best * 1e6 / npes);
		snprintf(name, sizeof(name), "launch_empty_%s", pr->name);
		add_summary(name, pr->launch.best * 1e6, "us",
			    pr->launch.best / null_ioctl, "null_ioctl");
	}

	printf("\n%-34s %10s %10s %12s %12s\n",
	       "simulated instructions (spin)", "M insn/s", "(median)",
	       "k insn/s/PE", "insns/launch");
	for (size_t i = 0; i < n; i++) {
		const struct pe_rect *pr = &rects[i];
		uint32_t npes = pr->w * pr->h;

		snprintf(name, sizeof(name), "spin(%u) on %s", pr->spin_n,
			 pr->name);
		printf("%-34s %10.1f %10.1f %12.1f %12llu\n", name,
		       pr->insn_rate[0] / 1e6, pr->insn_rate[1] / 1e6,
		       pr->insn_rate[0] / npes / 1e3,
		       (unsigned long long)pr->insns);
		snprintf(name, sizeof(name), "insn_rate_%s", pr->name);
		if (i)
			add_summary(name, pr->insn_rate[0] / 1e6, "M insn/s",
				    pr->insn_rate[0] / rects[0].insn_rate[0],
				    "insn_rate_1x1");
		else
			add_summary(name, pr->insn_rate[0] / 1e6, "M insn/s",
				    0, NULL);
		snprintf(name, sizeof(name), "insn_rate_%s_per_pe", pr->name);
		add_summary(name, pr->insn_rate[0] / npes / 1e3, "k insn/s",
			    0, NULL);
	}
	printf("%-34s the VM has %ld vCPUs\n", "", vcpus);
	return parallel_phase(c, path, bindir);
}

/* wse-bench --small: the empty launch on 1x1 only. */
static int launch_1x1_phase(struct ctx *c, const char *path,
			    const struct wse_info *info, double null_ioctl)
{
	struct pe_rect pr = { .name = "1x1", .w = 1, .h = 1, .no_spin = true };
	char bindir[PATH_MAX];
	int err;

	if (info->fabric_width != PE_FABRIC_W ||
	    info->fabric_height != PE_FABRIC_H)
		return 0;
	if ((err = bin_dir(c, bindir, sizeof(bindir))) ||
	    (err = pe_rect_phase(c, path, bindir, &pr)))
		return err;
	printf("%-34s %10.1f %10.1f %12.1f\n", "empty launch nop() on 1x1",
	       pr.launch.best * 1e6, pr.launch.med * 1e6,
	       pr.launch.best / null_ioctl);
	add_summary("launch_empty_1x1", pr.launch.best * 1e6, "us",
		    pr.launch.best / null_ioctl, "null_ioctl");
	return 0;
}

static int op_sdk_h2d(struct ctx *c)
{
	static uint32_t word = 0x5eed;
	int err = sdk_memcpy_h2d(c->rt, c->sym, &word, 0, 0, 1, 1, 1, false,
				 MEMCPY_32BIT, ROW_MAJOR, false, NULL);

	return err ? sdk_fail(c, "sdk_memcpy_h2d (blocking)", err) : 0;
}

/* BURST nonblocking sdk_memcpy_h2d, then sdk_task_wait() on each. */
static int op_sdk_burst(struct ctx *c)
{
	uint32_t word[BURST];
	int err;

	for (int i = 0; i < BURST; i++) {
		word[i] = 0x5eed0000u + i;
		err = sdk_memcpy_h2d(c->rt, c->sym, &word[i], 0, 0, 1, 1, 1,
				     false, MEMCPY_32BIT, ROW_MAJOR, true,
				     &c->tasks[i]);
		if (err)
			return sdk_fail(c, "sdk_memcpy_h2d (nonblocking)", err);
	}
	for (int i = 0; i < BURST; i++) {
		err = sdk_task_wait(c->rt, c->tasks[i]);
		if (err)
			return sdk_fail(c, "sdk_task_wait", err);
	}
	return 0;
}

/*
 * The user's pattern on bundle-1x1's "insns": 1,000 blocking 1-element
 * sdk_memcpy_h2d and 1,000 nonblocking ones waited each, in alternating
 * batches (measure_pair).  The last word written is read back.  Both
 * results 0 when the bundle does not fit the device.
 */
static int sdk_small_pair(struct ctx *c, const char *path,
			  const struct wse_info *info, struct result *blk,
			  struct result *nb)
{
	struct sdk_options opts = { .device = path };
	char bindir[PATH_MAX], dir[PATH_MAX + 16];
	uint32_t back = 0;
	int err;

	*blk = (struct result) { 0 };
	*nb = (struct result) { 0 };
	if (info->fabric_width != PE_FABRIC_W ||
	    info->fabric_height != PE_FABRIC_H)
		return 0;
	if ((err = bin_dir(c, bindir, sizeof(bindir))))
		return err;
	snprintf(dir, sizeof(dir), "%s/bundle-1x1", bindir);
	c->tasks = calloc(BURST, sizeof(*c->tasks));
	if (!c->tasks)
		return fail(c, "calloc", -ENOMEM);
	err = sdk_create(dir, &opts, &c->rt);
	if (err) {
		c->err = err;
		snprintf(c->msg, sizeof(c->msg), "%s", sdk_errmsg(NULL));
		goto out;
	}
	if ((err = sdk_load(c->rt)) || (err = sdk_run(c->rt)) ||
	    (err = sdk_get_id(c->rt, "insns", &c->sym))) {
		sdk_fail(c, dir, err);
		goto destroy;
	}
	err = measure_pair(op_sdk_h2d, BURST, op_sdk_burst, BURST, c, blk, nb);
	if (!err) {
		err = sdk_memcpy_d2h(c->rt, &back, c->sym, 0, 0, 1, 1, 1, false,
				     MEMCPY_32BIT, ROW_MAJOR, false, NULL);
		if (err)
			sdk_fail(c, "sdk_memcpy_d2h", err);
	}
	if (!err && back != 0x5eed0000u + BURST - 1) {
		snprintf(c->msg, sizeof(c->msg), "sdk burst: read back 0x%x, "
			 "not the last word written", back);
		err = c->err = -EIO;
	}
	if (!err && (err = sdk_stop(c->rt)))
		sdk_fail(c, "stop", err);
destroy:
	sdk_destroy(c->rt);
	c->rt = NULL;
out:
	free(c->tasks);
	c->tasks = NULL;
	return err;
}

/*
 * wse-bench --big, on a BIG_FABRIC_W x BIG_FABRIC_H mock: the empty launch
 * on 64x64 PEs against the null ioctl of the same boot.
 */
static int big_phase(struct ctx *c, const char *path,
		     const struct wse_info *info)
{
	struct pe_rect pr = { .name = "64x64", .w = 64, .h = 64,
			      .no_spin = true };
	char bindir[PATH_MAX];
	struct result ioc;
	int err;

	if (info->fabric_width != BIG_FABRIC_W ||
	    info->fabric_height != BIG_FABRIC_H) {
		snprintf(c->msg, sizeof(c->msg), "--big needs a %ux%u mock "
			 "(wse_mock.fabric_width/height), not %ux%u",
			 BIG_FABRIC_W, BIG_FABRIC_H, info->fabric_width,
			 info->fabric_height);
		return c->err = -EINVAL;
	}
	if ((err = measure(op_get_info, c, NULL_ITERS, &ioc)) ||
	    (err = bin_dir(c, bindir, sizeof(bindir))) ||
	    (err = pe_rect_phase(c, path, bindir, &pr)))
		return err;
	printf("\n%-34s %10s %10s %12s %10s\n", "empty launch (blocking)",
	       "us/op", "(median)", "x null ioctl", "us/PE");
	printf("%-34s %10.1f %10.1f %12.1f %10.3f\n", "nop() on 64x64 (4096 PEs)",
	       pr.launch.best * 1e6, pr.launch.med * 1e6,
	       pr.launch.best / ioc.best, pr.launch.best * 1e6 / 4096);
	add_summary("null_ioctl_big", ioc.best * 1e6, "us", 1, "null_ioctl_big");
	add_summary("launch_empty_64x64", pr.launch.best * 1e6, "us",
		    pr.launch.best / ioc.best, "null_ioctl");
	return 0;
}

/* ---- streaming ------------------------------------------------------------ */

/* The streaming phase's tensor: bundle-stream's rectangle, l words per PE. */
#define STREAM_W	4
#define STREAM_H	4
#define STREAM_L	4096	/* <= MAXL of pe_stream.c */

/*
 * Streaming h2d against copy-mode h2d of the same w*h*l tensor: each timed
 * repetition of the streaming h2d is preceded by a launch of recv(l) (one
 * async fabin mov32 per PE, issued before the transfer starts) and followed
 * by drain(); only the h2d call is timed, from submission to completion
 * (all wavelets taken by the PEs' input queues).  The copy goes into the
 * same array "sink".  The streamed data is checked afterwards.
 */
static int stream_phase(struct ctx *c, const char *path,
			const struct wse_info *info, double memcpy_gbps)
{
	struct sdk_options opts = { .device = path };
	const uint32_t w = STREAM_W, h = STREAM_H, l = STREAM_L;
	const size_t n = (size_t)w * h * l, bytes = n * 4;
	double ts[REPS], tc[REPS], t0;
	struct result rs, rc;
	sdk_symbol_t color, sink;
	uint32_t *in = NULL, *out = NULL;
	char bindir[PATH_MAX], dir[PATH_MAX + 16];
	int err;

	if (info->fabric_width != PE_FABRIC_W ||
	    info->fabric_height != PE_FABRIC_H) {
		printf("\nstreaming: skipped (bundle built for a %ux%u fabric)\n",
		       PE_FABRIC_W, PE_FABRIC_H);
		return 0;
	}
	err = bin_dir(c, bindir, sizeof(bindir));
	if (err)
		return err;
	snprintf(dir, sizeof(dir), "%s/bundle-stream", bindir);
	in = malloc(bytes);
	out = calloc(n, 4);
	if (!in || !out) {
		free(in);
		free(out);
		return fail(c, "malloc", -ENOMEM);
	}
	for (size_t i = 0; i < n; i++)
		in[i] = (uint32_t)(i * 2246822519u) ^ 0x5a5a5a5au;
	err = sdk_create(dir, &opts, &c->rt);
	if (err) {
		c->err = err;
		snprintf(c->msg, sizeof(c->msg), "%s", sdk_errmsg(NULL));
		goto free;
	}
	if ((err = sdk_load(c->rt)) || (err = sdk_run(c->rt)) ||
	    (err = sdk_get_color(c->rt, "MEMCPYH2D_DATA_1_ID", &color)) ||
	    (err = sdk_get_id(c->rt, "sink", &sink))) {
		sdk_fail(c, dir, err);
		goto out;
	}
	for (int r = -1; r < REPS; r++) {	/* warm-up, then timed */
		t0 = now();
		err = sdk_memcpy_h2d(c->rt, sink, in, 0, 0, w, h, l, false,
				     MEMCPY_32BIT, ROW_MAJOR, false, NULL);
		if (err) {
			sdk_fail(c, "copy-mode memcpy_h2d", err);
			goto out;
		}
		if (r >= 0)
			tc[r] = now() - t0;
	}
	for (int r = -1; r < REPS; r++) {
		err = sdk_launch(c->rt, "recv", false, NULL, SDK_U32(l));
		if (err) {
			sdk_fail(c, "launch recv", err);
			goto out;
		}
		t0 = now();
		err = sdk_memcpy_h2d(c->rt, color, in, 0, 0, w, h, l, true,
				     MEMCPY_32BIT, ROW_MAJOR, false, NULL);
		if (r >= 0)
			ts[r] = now() - t0;
		if (err) {
			sdk_fail(c, "streaming memcpy_h2d", err);
			goto out;
		}
		err = sdk_launch(c->rt, "drain", false, NULL);
		if (err) {
			sdk_fail(c, "launch drain", err);
			goto out;
		}
	}
	/* every PE's sink holds the streamed words, in order */
	err = sdk_memcpy_d2h(c->rt, out, sink, 0, 0, w, h, l, false,
			     MEMCPY_32BIT, ROW_MAJOR, false, NULL);
	if (err) {
		sdk_fail(c, "memcpy_d2h sink", err);
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		if (out[i] != in[i]) {
			snprintf(c->msg, sizeof(c->msg), "streaming h2d: word "
				 "%zu is 0x%08x, sent 0x%08x", i, out[i],
				 in[i]);
			err = c->err = -EIO;
			goto out;
		}
	qsort(ts, REPS, sizeof(ts[0]), cmp_double);
	qsort(tc, REPS, sizeof(tc[0]), cmp_double);
	rs.best = ts[0];
	rs.med = ts[REPS / 2];
	rc.best = tc[0];
	rc.med = tc[REPS / 2];

	printf("\n%-34s %10s %10s %12s %10s\n", "h2d of one tensor", "GB/s",
	       "(median)", "x copy h2d", "M wvl/s");
	printf("%-34s %10.4f %10.4f %12.3f %10.3f\n", "copy mode (into \"sink\")",
	       gbps(bytes, rc.best), gbps(bytes, rc.med), 1.0,
	       n / rc.best / 1e6);
	printf("%-34s %10.4f %10.4f %12.3f %10.3f\n", "streaming (fabin mov32 async)",
	       gbps(bytes, rs.best), gbps(bytes, rs.med), rc.best / rs.best,
	       n / rs.best / 1e6);
	printf("%-34s %ux%u PEs, l=%u words (%.0f KiB), 1 channel; streaming "
	       "is one wavelet per word\n%-34s through the mock's fabric "
	       "scheduler and each PE's 4-deep input queue, copy mode a copy "
	       "into PE memory\n", "", w, h, l, bytes / 1024.0, "");
	add_summary("h2d_copy_stream_tensor", gbps(bytes, rc.best), "GB/s",
		    gbps(bytes, rc.best) / memcpy_gbps, "memcpy");
	add_summary("h2d_stream", gbps(bytes, rs.best), "GB/s",
		    rc.best / rs.best, "h2d_copy_stream_tensor");
	err = sdk_stop(c->rt);
	if (err)
		sdk_fail(c, "stop", err);
out:
	sdk_destroy(c->rt);
	c->rt = NULL;
free:
	free(in);
	free(out);
	return err;
}

int main(int argc, char **argv)
{
	bool big_fab = argc > 1 && !strcmp(argv[1], "--big");
	bool copy_only = argc > 1 && !strcmp(argv[1], "--copy");
	bool stream_only = argc > 1 && !strcmp(argv[1], "--stream");
	bool small = argc > 1 && !strcmp(argv[1], "--small");
	bool par = argc > 1 && !strcmp(argv[1], "--parallel");
	int opt = big_fab || copy_only || stream_only || small || par;
	const char *path = argc > 1 + opt ? argv[1 + opt] : "/dev/wse0";
	struct ctx c = { 0 };
	struct wse_info info;
	struct result mc_big, mc_xfer, sys, ioc;
	uint32_t w, h, l;
	size_t xfer_bytes, big;
	void *a = NULL, *b = NULL;
	int err;

	err = wse_open(path, &c.dev);
	if (err) {
		fprintf(stderr, "wse-bench: cannot open %s: %s\n", path,
			wse_strerror(err));
		return 1;
	}
	err = wse_get_info(c.dev, &info);
	if (err) {
		fail(&c, "wse_get_info", err);
		goto out;
	}
	if (big_fab) {
		err = big_phase(&c, path, &info);
		if (!err)
			printf("\n%s\n", summary[0].line);
		for (int i = 1; !err && i < nsummary; i++)
			printf("%s\n", summary[i].line);
		goto out;
	}
	if (par) {
		char bindir[PATH_MAX];

		if (info.fabric_width != PE_FABRIC_W ||
		    info.fabric_height != PE_FABRIC_H) {
			snprintf(c.msg, sizeof(c.msg), "--parallel needs the "
				 "default %ux%u mock", PE_FABRIC_W, PE_FABRIC_H);
			err = c.err = -EINVAL;
			goto out;
		}
		err = bin_dir(&c, bindir, sizeof(bindir));
		if (!err)
			err = parallel_phase(&c, path, bindir);
		for (int i = 0; !err && i < nsummary; i++)
			printf("%s%s\n", i ? "" : "\n", summary[i].line);
		goto out;
	}
	if (stream_only) {
		/* the streaming phase alone, against memcpy of its tensor */
		size_t sb = (size_t)STREAM_W * STREAM_H * STREAM_L * 4;

		a = aligned_alloc(4096, sb);
		b = aligned_alloc(4096, sb);
		if (!a || !b) {
			fail(&c, "aligned_alloc", -ENOMEM);
			goto out;
		}
		memset(a, 0x5a, sb);
		c.src = a;
		c.dst = b;
		c.n = sb;
		err = measure(op_memcpy, &c, 1, &mc_xfer);
		if (!err)
			err = stream_phase(&c, path, &info, gbps(sb, mc_xfer.best));
		for (int i = 0; !err && i < nsummary; i++)
			printf("%s\n", summary[i].line);
		goto out;
	}
	/* The biggest tensor: a rectangle of up to RECT_MAX^2 PEs that the
	 * fabric and max_rect_pes allow, each PE's memory full of 32-bit words. */
	w = info.fabric_width - (OFF_X + WSE_MEMCPY_EAST_COLS + 1);
	h = info.fabric_height - (OFF_Y + 1);
	w = w < RECT_MAX ? w : RECT_MAX;
	h = h < RECT_MAX ? h : RECT_MAX;
	while (w * h > info.max_rect_pes)
		w > h ? w-- : h--;
	l = info.pe_memory_bytes / 4;
	xfer_bytes = (size_t)w * h * l * 4;
	big = xfer_bytes > MEMCPY_BIG ? xfer_bytes : MEMCPY_BIG;

	printf("wse-bench: WSE-%u %ux%u fabric; rectangle %ux%u at (%u,%u), "
	       "l=%u 32-bit words (%.1f MiB host); best of %d after a warm-up; "
	       "GB = 1e9 bytes\n", info.arch, info.fabric_width,
	       info.fabric_height, w, h, OFF_X, OFF_Y, l,
	       xfer_bytes / 1048576.0, REPS);

	a = aligned_alloc(4096, big);
	b = aligned_alloc(4096, big);
	if (!a || !b) {
		fail(&c, "aligned_alloc", -ENOMEM);
		goto out;
	}
	for (size_t i = 0; i < big / 4; i++)
		((uint32_t *)a)[i] = (uint32_t)(i * 2654435761u);
	memset(b, 0, big);

	/* ---- baselines ---- */
	c.src = a;
	c.dst = b;
	c.n = MEMCPY_BIG;
	if ((err = measure(op_memcpy, &c, 1, &mc_big)) ||
	    (c.n = xfer_bytes, err = measure(op_memcpy, &c, 1, &mc_xfer)) ||
	    (err = measure(op_getppid, &c, NULL_ITERS, &sys)) ||
	    (err = measure(op_get_info, &c, NULL_ITERS, &ioc)))
		goto out;
	printf("\n%-34s %10s %10s\n", "baseline", "best", "(median)");
	printf("%-34s %10.3f %10.3f GB/s\n", "memcpy 64 MiB",
	       gbps(MEMCPY_BIG, mc_big.best), gbps(MEMCPY_BIG, mc_big.med));
	printf("%-34s %10.3f %10.3f GB/s\n", "memcpy transfer size",
	       gbps(xfer_bytes, mc_xfer.best), gbps(xfer_bytes, mc_xfer.med));
	printf("%-34s %10.3f %10.3f us\n", "null syscall (getppid)",
	       sys.best * 1e6, sys.med * 1e6);
	printf("%-34s %10.3f %10.3f us\n", "null ioctl (GET_INFO, raw)",
	       ioc.best * 1e6, ioc.med * 1e6);
	add_summary("memcpy_64MiB", gbps(MEMCPY_BIG, mc_big.best), "GB/s", 1,
		    "memcpy_64MiB");
	add_summary("memcpy", gbps(xfer_bytes, mc_xfer.best), "GB/s",
		    mc_big.best * xfer_bytes / (mc_xfer.best * MEMCPY_BIG),
		    "memcpy_64MiB");
	add_summary("null_syscall", sys.best * 1e6, "us", 1, "null_syscall");
	add_summary("null_ioctl", ioc.best * 1e6, "us", ioc.best / sys.best,
		    "null_syscall");

	/* ---- the device ---- */
	if (small) {
		err = small_phase(&c, path, &info, w, h, ioc.best);
		if (!err)
			err = launch_1x1_phase(&c, path, &info, ioc.best);
		goto summary;
	}
	err = copy_phase(&c, &info, w, h, l, a, b,
			 gbps(xfer_bytes, mc_xfer.best));
	if (!err && !copy_only)
		err = small_phase(&c, path, &info, w, h, ioc.best);
	if (!err && !copy_only)
		err = pe_phase(&c, path, &info, ioc.best);
	if (!err && !copy_only)
		err = stream_phase(&c, path, &info,
				   gbps(xfer_bytes, mc_xfer.best));
summary:
	if (err)
		goto out;

	printf("\n");
	for (int i = 0; i < nsummary; i++)
		printf("%s\n", summary[i].line);
out:
	if (err) {
		fprintf(stderr, "wse-bench: %s\n", c.err ? c.msg : wse_strerror(err));
		/* Release the device if a phase left it configured (-EPERM
		 * when none did); wse_close() would too, after cancelling. */
		wse_stop(c.dev);
	}
	wse_close(c.dev);
	free(a);
	free(b);
	return err ? 1 : 0;
}
