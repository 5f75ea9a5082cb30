// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_ioctl - a seeded, reproducible random ioctl fuzzer for /dev/wse0,
 * syzkaller-style: several processes of several threads share file
 * descriptors and call every ioctl with valid, boundary and random values,
 * set MBZ bits, pass bad and racing pointers (NULL, unmapped, read-only,
 * kernel addresses, buffers unmapped while the DMA runs), fork and kill
 * children that hold the device, close descriptors while a WAIT sleeps on
 * them, and walk the program life cycle (CONFIGURE, LOAD of corrupt images
 * and route tables, RUN, LAUNCH, STOP) in random order.
 *
 * Every answer is checked against the errno table of <linux/wse.h>: each
 * ioctl has the set it may return, some calls have exactly one right
 * answer (unknown number: ENOTTY; a set MBZ bit or a too small @size on an
 * otherwise sane struct: EINVAL), a task status is one of the documented
 * ones.  Where the kernel has failslab and fail_page_alloc (the debug
 * kernel), one call in ten runs with the allocations failing at random.
 * At the end the pins must balance, VmPin must be 0 and the device
 * must still do a round trip.  The kernel side (splats, KASAN, lockdep,
 * kmemleak) is judged by the VM runner.
 *
 *   fuzz_ioctl [-s SEED] [-n CALLS] [-p PROCS] [-t THREADS]
 *
 * The same seed gives every thread the same sequence of calls (their
 * interleaving is up to the scheduler).  Prints TAP.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "wse_util.h"

#define NR_SLOTS	4
#define MAX_PROCS	8
#define MAX_THREADS	8
#define BUF_BYTES	(256u << 10)

struct shared {
	atomic_ulong calls;
	atomic_ulong bad;		/* answers outside the table */
	atomic_ulong injected;		/* calls under fault injection */
	atomic_ulong by_errno[160];
	atomic_int stop;
};

static struct shared *sh;
static unsigned long max_calls = 100000;
static unsigned long long seed0 = 1;
static int nprocs = 2, nthreads = 3;

/* Per process: descriptors shared by its threads (-1: closed). */
static _Atomic int slots[NR_SLOTS];
static long page;

struct rng { unsigned long long s; };

static unsigned long long rnd(struct rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 2685821657736338717ULL;
}

static uint32_t below(struct rng *r, uint32_t n)
{
	return n ? (uint32_t)(rnd(r) % n) : 0;
}

static bool chance(struct rng *r, unsigned int pct)
{
	return below(r, 100) < pct;
}

/* Boundary-heavy 32-bit values. */
static uint32_t val32(struct rng *r, uint32_t typical)
{
	static const uint32_t edge[] = { 0, 1, 2, 3, 4, 7, 8, 15, 16, 255,
		256, 4095, 4096, 12287, 12288, 49151, 49152, 65535, 65536,
		0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff };

	switch (below(r, 4)) {
	case 0:
		return edge[below(r, sizeof(edge) / sizeof(edge[0]))];
	case 1:
		return (uint32_t)rnd(r);
	default:
		return below(r, typical + 1);
	}
}

struct ctx {
	struct rng r;
	int proc, thread;
	uint32_t *buf;			/* BUF_BYTES, this thread's */
	void *ro;			/* one read-only page */
	void *hole;			/* one PROT_NONE page (kept mapped:
					 * an unmapped one gets reused) */
};

static const int ok_info[] = { EINVAL, E2BIG, EFAULT, ENODEV, 0 };
static const int ok_cfg[] = { EINVAL, E2BIG, EFAULT, EBUSY, ENOSPC, ENOMEM,
			      EINTR, ENODEV, 0 };
static const int ok_stop[] = { EPERM, EINTR, ENODEV, 0 };
static const int ok_submit[] = { EINVAL, E2BIG, EFAULT, EPERM, EBUSY, ENOSPC,
				 EAGAIN, EINTR, EIO, ENODEV, ENOMEM, EBADFD,
				 ETIMEDOUT, EDEADLK, ECANCELED, EOPNOTSUPP, 0 };
static const int ok_load[] = { EINVAL, E2BIG, EFAULT, EPERM, EBUSY, EBADFD,
			       ENOEXEC, ENOMEM, EOPNOTSUPP, EINTR, ENODEV, 0 };
static const int ok_run[] = { EPERM, EBUSY, EBADFD, EIO, ETIMEDOUT, EDEADLK,
			      ECANCELED, EINTR, ENODEV, ENOMEM, EAGAIN, 0 };
static const int ok_wait[] = { EINVAL, E2BIG, EFAULT, ENOENT, ETIMEDOUT,
			       EINTR, 0 };
static const int ok_query[] = { EINVAL, E2BIG, EFAULT, ENOENT, 0 };
static const int ok_get[] = { EINVAL, E2BIG, EFAULT, EPERM, EBUSY, ENOENT,
			      EINTR, ENODEV, ENOMEM, 0 };

static bool in(const int *set, int err)
{
	for (; *set; set++)
		if (*set == err)
			return true;
	return false;
}

static void bad(struct ctx *c, const char *what, int err, const char *want)
{
	atomic_fetch_add(&sh->bad, 1);
	printf("# FINDING seed=%llu proc=%d thread=%d: %s gave %s (%d), allowed: %s\n",
	       seed0, c->proc, c->thread, what, strerror(err), err, want);
	fflush(stdout);
}

/*
 * A task's status (uapi/linux/wse.h): ENOMEM when a multi-channel copy's
 * band could not be mapped after the bands before it were sent.
 */
static void check_status(struct ctx *c, int status)
{
	switch (-status) {
	case 0: case EIO: case ETIMEDOUT: case ENODEV: case EDEADLK:
	case ECANCELED: case ENOMEM:
		return;
	}
	bad(c, "WAIT status", -status,
	    "0 EIO ETIMEDOUT ENODEV EDEADLK ECANCELED ENOMEM");
}

/*
 * Fault injection (debug kernel: failslab, fail_page_alloc): one call in
 * ten runs with this thread's make-it-fail set; ENOMEM is then a fine
 * answer too.
 */
static bool inject;

static void inject_setup(void)
{
	/* sleeping allocations fail too (the module's are GFP_KERNEL) */
	static const char *const attr[][2] = {
		{ "probability", "10" }, { "interval", "1" }, { "times", "-1" },
		{ "verbose", "0" }, { "task-filter", "Y" },
		{ "ignore-gfp-wait", "N" },
	};
	static const char *const dirs[] = { "/sys/kernel/debug/failslab",
		"/sys/kernel/debug/fail_page_alloc" };
	char path[128];

	for (unsigned int d = 0; d < 2; d++)
		for (unsigned int a = 0; a < 6; a++) {
			snprintf(path, sizeof(path), "%s/%s", dirs[d], attr[a][0]);
			if (write_file(path, attr[a][1]))
				return;
		}
	inject = true;
}

/*
 * Turning it off runs with it on: the open() or write() may fail too, so
 * retry until it sticks (or later calls would fail unannounced).
 */
static bool make_it_fail(bool on)
{
	for (int i = 0; i < 1000; i++)
		if (!write_file("/proc/thread-self/make-it-fail", on ? "1" : "0"))
			return true;
	return false;
}

static dev_t wse_rdev;

static bool is_wse(int fd)
{
	struct stat st;

	return !fstat(fd, &st) && S_ISCHR(st.st_mode) && st.st_rdev == wse_rdev;
}

/* One ioctl, its answer checked. */
static int call(struct ctx *c, int fd, unsigned long req, void *arg,
		const int *set, int exact, const char *what)
{
	bool fail = inject && chance(&c->r, 10), wse;
	int err;

	if (fail)
		fail = make_it_fail(true);
	wse = is_wse(fd);
	err = raw(fd, req, arg);
	if (fail) {
		make_it_fail(false);
		atomic_fetch_add(&sh->injected, 1);
		if (err == ENOMEM)
			exact = -1;
	}

	atomic_fetch_add(&sh->calls, 1);
	atomic_fetch_add(&sh->by_errno[err < 160 ? err : 0], 1);
	/*
	 * EBADF: another thread closed the slot; ENOTTY: and the number
	 * went to another file meanwhile (not for /dev/wse0 itself).
	 */
	if (err == EBADF ||
	    (err == ENOTTY && exact != ENOTTY && !(wse && is_wse(fd))))
		return err;
	if (exact >= 0) {
		/* exact answer, or the device/descriptor went away first */
		if (err != exact && err != ENODEV && err != EINTR)
			bad(c, what, err, strerror(exact));
	} else if (err && !in(set, err) && !(fail && err == ENOMEM)) {
		bad(c, what, err, "the uapi table's set");
	}
	return err;
}

static int slot_fd(struct ctx *c)
{
	return atomic_load(&slots[below(&c->r, NR_SLOTS)]);
}

/* A host pointer: mostly this thread's buffer, sometimes a bad one. */
static uint64_t host_ptr(struct ctx *c, __u64 *bytes, bool write)
{
	switch (below(&c->r, 20)) {
	case 0:
		return 0;
	case 1:
		return (uintptr_t)c->hole;
	case 2:
		*bytes = page;
		return write ? (uintptr_t)c->ro : (uintptr_t)c->buf;
	case 3:
		return 0xffff888000000000ULL;	/* kernel address */
	case 4:
		return (uintptr_t)c->buf + 2;	/* misaligned */
	case 5:
		return (uintptr_t)c->buf + BUF_BYTES - 64; /* runs off the end */
	default:
		if (*bytes > BUF_BYTES)
			*bytes = BUF_BYTES;
		return (uintptr_t)c->buf;
	}
}

static void fill_xfer(struct ctx *c, struct wse_xfer *x, bool d2h)
{
	struct rng *r = &c->r;

	memset(x, 0, sizeof(*x));
	x->size = sizeof(*x);
	x->flags = chance(r, 70) ? WSE_XFER_NONBLOCK : 0;
	if (chance(r, 10))
		x->flags |= WSE_XFER_SYMBOL;
	if (chance(r, 10))
		x->flags |= WSE_XFER_STREAM;
	x->x = chance(r, 80) ? below(r, RECT_W) : val32(r, 8);
	x->y = chance(r, 80) ? below(r, RECT_H) : val32(r, 8);
	x->w = chance(r, 80) ? 1 + below(r, RECT_W - x->x % RECT_W) : val32(r, 8);
	x->h = chance(r, 80) ? 1 + below(r, RECT_H - x->y % RECT_H) : val32(r, 8);
	x->l = chance(r, 80) ? 1 + below(r, 64) : val32(r, 12288);
	x->pe_offset = chance(r, 80) ? 4 * below(r, 64) : val32(r, 49152);
	x->data_type = chance(r, 90) ? below(r, 2) : val32(r, 3);
	x->order = chance(r, 90) ? below(r, 2) : val32(r, 3);
	x->symbol = x->flags & WSE_XFER_SYMBOL ? val32(r, 4) : 0;
	x->color = x->flags & WSE_XFER_STREAM ? val32(r, 24) : 0;
	x->host_bytes = (uint64_t)x->w * x->h * x->l * 4;
	if (chance(r, 5))
		x->host_bytes = val32(r, BUF_BYTES);
	x->host_ptr = host_ptr(c, &x->host_bytes, d2h);
	(void)d2h;
}

static void do_info(struct ctx *c, int fd)
{
	struct wse_info i;

	memset(&i, 0, sizeof(i));
	i.size = sizeof(i);
	call(c, fd, WSE_IOCTL_GET_INFO, &i, ok_info, -1, "GET_INFO");
}

static void do_configure(struct ctx *c, int fd)
{
	struct wse_configure cfg;
	struct rng *r = &c->r;

	rect_cfg(&cfg, RECT_W, RECT_H, 1 + below(r, 2));
	if (chance(r, 30)) {
		uint32_t *f = &cfg.width + below(r, 9);

		*f = val32(r, *f * 2);
	}
	call(c, fd, WSE_IOCTL_CONFIGURE, &cfg, ok_cfg, -1, "CONFIGURE");
}

static void do_xfer(struct ctx *c, int fd, bool d2h)
{
	struct wse_xfer x;
	int err;

	fill_xfer(c, &x, d2h);
	err = call(c, fd, d2h ? WSE_IOCTL_D2H : WSE_IOCTL_H2D, &x, ok_submit,
		   -1, d2h ? "D2H" : "H2D");
	/* reap half of what was submitted, the rest stays for close */
	if (!err && (x.flags & WSE_XFER_NONBLOCK) && chance(&c->r, 50)) {
		struct wse_wait w = { .size = sizeof(w), .task_id = x.task_id,
				      .timeout_ns = 200000000 };

		if (!call(c, fd, WSE_IOCTL_WAIT, &w, ok_wait, -1, "WAIT"))
			check_status(c, w.status);
	}
}

/* An H2D list of a few items, mostly sane, sometimes not at all. */
static void do_list(struct ctx *c, int fd)
{
	struct wse_xfer_item it[8];
	struct wse_xfer_list xl;
	struct rng *r = &c->r;
	uint32_t n = 1 + below(r, 8);
	__u64 bytes = 4 * (1 + below(r, 64));

	memset(it, 0, sizeof(it));
	for (uint32_t i = 0; i < n; i++) {
		struct wse_xfer x;

		fill_xfer(c, &x, false);
		it[i].x = x.x;
		it[i].y = x.y;
		it[i].l = chance(r, 80) ? 1 + below(r, 16) : x.l;
		it[i].pe_offset = x.pe_offset;
		it[i].flags = chance(r, 10) ? WSE_ITEM_SYMBOL : 0;
		it[i].symbol = it[i].flags ? x.symbol : 0;
		it[i].data_off = chance(r, 80) ? 4 * below(r, 16) : val32(r, 64);
		it[i].data_type = x.data_type;
		if (chance(r, 3))
			it[i].reserved[below(r, 2)] = val32(r, 4);
		if (chance(r, 3))
			it[i].flags = val32(r, 4);
	}
	memset(&xl, 0, sizeof(xl));
	xl.size = sizeof(xl);
	xl.flags = chance(r, 70) ? WSE_LIST_NONBLOCK : 0;
	if (chance(r, 3))
		xl.flags = val32(r, 4);
	xl.count = chance(r, 90) ? n : val32(r, 2048);
	xl.item_size = chance(r, 95) ? sizeof(it[0]) : val32(r, 64);
	xl.items = chance(r, 95) ? (uintptr_t)it : host_ptr(c, &bytes, false);
	xl.data = host_ptr(c, &bytes, false);
	xl.data_bytes = (uint32_t)bytes;
	if (chance(r, 5))
		xl.data_bytes = val32(r, 65536);
	if (chance(r, 3))
		xl.reserved[below(r, 4)] = val32(r, 4);
	if (call(c, fd, WSE_IOCTL_H2D_LIST, &xl, ok_submit, -1, "H2D_LIST"))
		return;
	if (xl.bad_item != WSE_LIST_NO_ITEM)
		bad(c, "H2D_LIST bad_item after success", (int)xl.bad_item,
		    "WSE_LIST_NO_ITEM");
}

/* The buffer goes away while the device may still be copying it. */
static void do_munmap_race(struct ctx *c, int fd)
{
	struct wse_xfer x;
	size_t len = 16 * page;
	void *m = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (m == MAP_FAILED)
		return;
	memset(m, 0x5a, len);
	wse_xfer_init(&x, m, 0, 0, RECT_W, RECT_H, len / 4 / (RECT_W * RECT_H),
		      0, WSE_DATA_32BIT, WSE_ORDER_ROW_MAJOR, WSE_XFER_NONBLOCK);
	call(c, fd, below(&c->r, 2) ? WSE_IOCTL_D2H : WSE_IOCTL_H2D, &x,
	     ok_submit, -1, "XFER+munmap");
	munmap(m, len);
}

static void do_launch(struct ctx *c, int fd)
{
	struct wse_launch l;
	struct rng *r = &c->r;

	memset(&l, 0, sizeof(l));
	l.size = sizeof(l);
	l.flags = chance(r, 80) ? WSE_LAUNCH_NONBLOCK : 0;
	l.func_id = val32(r, 4);
	l.argc = chance(r, 90) ? below(r, WSE_MAX_LAUNCH_ARGS + 1) : val32(r, 16);
	for (uint32_t i = 0; i < l.argc && i < WSE_MAX_LAUNCH_ARGS; i++)
		l.args[i] = (uint32_t)rnd(r);
	call(c, fd, WSE_IOCTL_LAUNCH, &l, ok_submit, -1, "LAUNCH");
}

/* Corrupt images: random code and tables, random or broken routes. */
static void do_load(struct ctx *c, int fd)
{
	static const uint32_t halt[] = { 0x00000073 };	/* ecall */
	struct rng *r = &c->r;
	uint32_t nimg = chance(r, 90) ? 1 + below(r, 2) : val32(r, 300);
	uint32_t nf = below(r, 4), ns = below(r, 4);
	struct wse_pe_image img[2];
	uint32_t funcs[2][4], code[2][64];
	struct wse_pe_symbol syms[2][4];
	uint16_t map[RECT_W * RECT_H];
	static _Thread_local struct wse_route routes[RECT_W * RECT_H * WSE_NR_COLORS];
	struct wse_load ld;

	memset(img, 0, sizeof(img));
	for (int i = 0; i < 2; i++) {
		for (int k = 0; k < 64; k++)
			code[i][k] = chance(r, 50) ? halt[0] : (uint32_t)rnd(r);
		for (int k = 0; k < 4; k++) {
			funcs[i][k] = chance(r, 70) ? 4 * below(r, 64) : val32(r, 49152);
			syms[i][k].addr = chance(r, 70) ? 4 * below(r, 64) : val32(r, 49152);
			syms[i][k].bytes = val32(r, 64);
		}
		img[i].data = (uintptr_t)code[i];
		img[i].data_len = chance(r, 90) ? 4 * (1 + below(r, 64)) : val32(r, 256);
		img[i].entry = chance(r, 90) ? 4 * below(r, img[i].data_len / 4 + 1) : val32(r, 256);
		img[i].functions = (uintptr_t)funcs[i];
		img[i].symbols = (uintptr_t)syms[i];
		if (chance(r, 3))
			img[i].reserved[below(r, 4)] = 1;
		if (chance(r, 3))
			img[i].data = (uintptr_t)c->hole;
	}
	for (int k = 0; k < RECT_W * RECT_H; k++)
		map[k] = chance(r, 97) ? below(r, nimg < 2 ? nimg : 2) : val32(r, 4);
	memset(&ld, 0, sizeof(ld));
	ld.size = sizeof(ld);
	ld.nr_images = nimg;
	ld.nr_functions = nf;
	ld.nr_symbols = ns;
	ld.images = chance(r, 95) ? (uintptr_t)img : (uintptr_t)c->hole;
	ld.pe_map = (uintptr_t)map;
	if (chance(r, 50)) {
		memset(routes, 0, sizeof(routes));
		for (int k = below(r, 40); k > 0; k--) {
			struct wse_route *rt = &routes[below(r, RECT_W * RECT_H * WSE_NR_COLORS)];

			rt->rx = (uint8_t)rnd(r);
			rt->tx = (uint8_t)rnd(r);
		}
		ld.routes = (uintptr_t)routes;
	}
	call(c, fd, WSE_IOCTL_LOAD, &ld, ok_load, -1, "LOAD");
}

static void do_wait(struct ctx *c, int fd)
{
	struct wse_wait w;
	struct rng *r = &c->r;

	memset(&w, 0, sizeof(w));
	w.size = sizeof(w);
	w.flags = chance(r, 50) ? WSE_WAIT_ALL : 0;
	w.task_id = w.flags ? 0 : val32(r, 64);
	w.timeout_ns = chance(r, 50) ? 0 : (int64_t)below(r, 50) * 1000000;
	if (!call(c, fd, WSE_IOCTL_WAIT, &w, ok_wait, -1, "WAIT"))
		check_status(c, w.status);
}

static void do_query(struct ctx *c, int fd)
{
	struct wse_query q;

	memset(&q, 0, sizeof(q));
	q.size = sizeof(q);
	q.task_id = val32(&c->r, 64);
	call(c, fd, WSE_IOCTL_QUERY, &q, ok_query, -1, "QUERY");
}

static void do_get(struct ctx *c, int fd)
{
	struct wse_stall_entry e[4];
	struct wse_fault f;
	struct wse_stall s;

	if (chance(&c->r, 50)) {
		memset(&f, 0, sizeof(f));
		f.size = sizeof(f);
		call(c, fd, WSE_IOCTL_GET_FAULT, &f, ok_get, -1, "GET_FAULT");
		return;
	}
	memset(&s, 0, sizeof(s));
	s.size = sizeof(s);
	s.capacity = below(&c->r, 5);
	s.entries = chance(&c->r, 90) ? (uintptr_t)e : (uintptr_t)c->hole;
	call(c, fd, WSE_IOCTL_GET_STALL, &s, ok_get, -1, "GET_STALL");
}

/*
 * Calls with exactly one right answer: unknown numbers, a set MBZ bit or
 * flag, a @size below the first published one, a bad struct pointer.
 */
static void do_exact(struct ctx *c, int fd)
{
	struct rng *r = &c->r;
	union {
		struct wse_info i;
		struct wse_wait w;
		struct wse_query q;
		struct wse_xfer x;
		char raw[256];
	} u;

	memset(&u, 0, sizeof(u));
	switch (below(r, 6)) {
	case 0: {
		unsigned int nr = 0x0d + below(r, 0xf3);

		call(c, fd, _IOC(below(r, 4), WSE_IOCTL_BASE, nr, below(r, 256)),
		     &u, NULL, ENOTTY, "unknown ioctl number");
		break;
	}
	case 1:
		call(c, fd, _IOWR(WSE_IOCTL_BASE + 1 + below(r, 16), 0,
				  struct wse_info), &u, NULL, ENOTTY,
		     "wrong ioctl type");
		break;
	case 2:
		u.w.size = sizeof(u.w);
		u.w.reserved[below(r, 5)] = 1 + below(r, 0xffff);
		call(c, fd, WSE_IOCTL_WAIT, &u, NULL, EINVAL, "WAIT, reserved set");
		break;
	case 3:
		u.q.size = sizeof(u.q);
		u.q.flags = 1u << below(r, 32);
		call(c, fd, WSE_IOCTL_QUERY, &u, NULL, EINVAL, "QUERY, MBZ flag");
		break;
	case 4:
		u.i.size = below(r, WSE_INFO_SIZE_VER0);
		call(c, fd, WSE_IOCTL_GET_INFO, &u, NULL, EINVAL,
		     "GET_INFO, size below VER0");
		break;
	default:
		call(c, fd, WSE_IOCTL_WAIT, c->hole, NULL, EFAULT,
		     "WAIT, inaccessible struct");
		break;
	}
}

/*
 * STOP, or close/reopen a slot (tasks pending: release cancels them).  The
 * reopen puts the new file on the slot's number with dup2(), which drops
 * the old one: a close() would free the number while other threads still
 * call on it, and a fault-injection knob opened meanwhile could take it
 * (a CONFIGURE on a debugfs file answers ENOTTY, which no table allows).
 */
static void do_lifecycle(struct ctx *c)
{
	int i = below(&c->r, NR_SLOTS), fd, old;

	switch (below(&c->r, 3)) {
	case 0:
		fd = atomic_load(&slots[i]);
		call(c, fd, WSE_IOCTL_STOP, NULL, ok_stop, -1, "STOP");
		break;
	case 1:
		call(c, atomic_load(&slots[i]), WSE_IOCTL_RUN, NULL, ok_run,
		     -1, "RUN");
		break;
	default:
		fd = open_node();
		if (fd < 0)
			break;	/* the slot keeps its file */
		old = -1;
		if (atomic_compare_exchange_strong(&slots[i], &old, fd))
			break;	/* it had none */
		if (dup2(fd, old) < 0) {
			/* a failed dup2() leaves the old file there */
		}
		close(fd);
		break;
	}
}

struct waiter { int fd; };

static void *wait_thread(void *p)
{
	struct waiter *w = p;
	struct wse_wait ww = { .size = sizeof(ww), .flags = WSE_WAIT_ALL,
			       .timeout_ns = 20000000 };

	raw(w->fd, WSE_IOCTL_WAIT, &ww);
	return NULL;
}

/* A WAIT sleeps on a descriptor that another thread closes. */
static void do_close_during_wait(struct ctx *c)
{
	struct waiter w = { .fd = dup(slot_fd(c)) };
	pthread_t t;

	if (w.fd < 0)
		return;
	if (pthread_create(&t, NULL, wait_thread, &w)) {
		close(w.fd);
		return;
	}
	usleep(below(&c->r, 3000));
	close(w.fd);
	pthread_join(t, NULL);
	atomic_fetch_add(&sh->calls, 1);
}

static void one_call(struct ctx *c);

/* A child inherits the descriptors, calls a little, exits or is killed. */
static void do_fork(struct ctx *c)
{
	pid_t pid = fork();

	if (pid < 0)
		return;
	if (pid == 0) {
		c->r.s ^= 0x9e3779b97f4a7c15ULL;
		for (int i = 0; i < 20; i++)
			one_call(c);
		_exit(0);
	}
	if (chance(&c->r, 50)) {
		usleep(below(&c->r, 2000));
		kill(pid, SIGKILL);
	}
	waitpid(pid, NULL, 0);
}

static void one_call(struct ctx *c)
{
	int fd = slot_fd(c);
	uint32_t op = below(&c->r, 100);

	if (op < 10)
		do_info(c, fd);
	else if (op < 18)
		do_configure(c, fd);
	else if (op < 33)
		do_xfer(c, fd, op & 1);
	else if (op < 36)
		do_list(c, fd);
	else if (op < 40)
		do_munmap_race(c, fd);
	else if (op < 46)
		do_launch(c, fd);
	else if (op < 52)
		do_load(c, fd);
	else if (op < 62)
		do_wait(c, fd);
	else if (op < 68)
		do_query(c, fd);
	else if (op < 72)
		do_get(c, fd);
	else if (op < 90)
		do_exact(c, fd);
	else if (op < 97)
		do_lifecycle(c);
	else if (op < 98)
		do_close_during_wait(c);
	else if (c->thread == 0)
		do_fork(c);
}

static void *thread_main(void *p)
{
	struct ctx *c = p;

	while (!atomic_load(&sh->stop)) {
		one_call(c);
		if (atomic_load(&sh->calls) >= max_calls)
			atomic_store(&sh->stop, 1);
	}
	return NULL;
}

static int proc_main(int proc)
{
	struct ctx ctx[MAX_THREADS];
	pthread_t t[MAX_THREADS];

	for (int i = 0; i < NR_SLOTS; i++)
		slots[i] = open_node();
	for (int i = 0; i < nthreads; i++) {
		struct ctx *c = &ctx[i];

		c->proc = proc;
		c->thread = i;
		c->r.s = seed0 * 0x9e3779b97f4a7c15ULL + proc * 131 + i + 1;
		c->buf = aligned_alloc(page, BUF_BYTES);
		c->ro = mmap(NULL, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
			     -1, 0);
		c->hole = mmap(NULL, page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
			       -1, 0);
		if (!c->buf || c->ro == MAP_FAILED || c->hole == MAP_FAILED)
			return 2;
		memset(c->buf, 0, BUF_BYTES);
	}
	for (int i = 1; i < nthreads; i++)
		if (pthread_create(&t[i], NULL, thread_main, &ctx[i]))
			return 2;
	thread_main(&ctx[0]);
	for (int i = 1; i < nthreads; i++)
		pthread_join(t[i], NULL);
	for (int i = 0; i < NR_SLOTS; i++)
		if (slots[i] >= 0)
			close(slots[i]);
	return 0;
}

/* After the storm: one clean round trip on a fresh descriptor. */
static bool device_works(void)
{
	static uint32_t in[RECT_W * RECT_H * 8], out[RECT_W * RECT_H * 8];
	struct wse_dev *dev;
	struct wse_xfer x;
	bool ok;

	for (unsigned int i = 0; i < sizeof(in) / 4; i++)
		in[i] = pattern(7, i, 1, 2);
	if (open_configured(&dev, RECT_W, RECT_H, 1))
		return false;
	wse_xfer_init(&x, in, 0, 0, RECT_W, RECT_H, 8, 0, WSE_DATA_32BIT,
		      WSE_ORDER_ROW_MAJOR, 0);
	ok = !wse_h2d(dev, &x);
	wse_xfer_init(&x, out, 0, 0, RECT_W, RECT_H, 8, 0, WSE_DATA_32BIT,
		      WSE_ORDER_ROW_MAJOR, 0);
	ok = ok && !wse_d2h(dev, &x) && !memcmp(in, out, sizeof(in));
	wse_close(dev);
	return ok;
}

int main(int argc, char **argv)
{
	uint64_t acq0, rel0, acq, rel;
	char wd[32] = "";
	pid_t pids[MAX_PROCS];
	int opt, failed = 0, n = 0;
	uint64_t t0 = now_ns();

	while ((opt = getopt(argc, argv, "s:n:p:t:")) != -1) {
		switch (opt) {
		case 's': seed0 = strtoull(optarg, NULL, 0); break;
		case 'n': max_calls = strtoul(optarg, NULL, 0); break;
		case 'p': nprocs = atoi(optarg); break;
		case 't': nthreads = atoi(optarg); break;
		default:
			fprintf(stderr, "usage: %s [-s SEED] [-n CALLS] [-p PROCS] [-t THREADS]\n",
				argv[0]);
			return 2;
		}
	}
	if (nprocs < 1 || nprocs > MAX_PROCS || nthreads < 1 ||
	    nthreads > MAX_THREADS)
		return 2;
	page = sysconf(_SC_PAGESIZE);
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("TAP version 13\n1..4\n");
	printf("# fuzz_ioctl -s %llu -n %lu -p %d -t %d\n", seed0, max_calls,
	       nprocs, nthreads);
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED || pin_counts(&acq0, &rel0))
		return 1;
	{
		struct stat st;

		if (stat(WSE_NODE, &st))
			return 1;
		wse_rdev = st.st_rdev;
	}
	inject_setup();
	/* Random programs may spin: let the watchdog end them soon. */
	read_file(WSE_WATCHDOG, wd, sizeof(wd));
	write_file(WSE_WATCHDOG, "300");

	for (int p = 0; p < nprocs; p++) {
		pids[p] = fork();
		if (pids[p] == 0)
			_exit(proc_main(p));
	}
	for (int p = 0; p < nprocs; p++) {
		int st;

		if (pids[p] < 0 || waitpid(pids[p], &st, 0) != pids[p] ||
		    !WIFEXITED(st) || WEXITSTATUS(st)) {
			printf("# worker %d died\n", p);
			failed = 1;
		}
	}
	if (wd[0])
		write_file(WSE_WATCHDOG, wd);

	printf("# %lu calls in %.1f s (%lu with fault injection%s); answers:",
	       (unsigned long)sh->calls, (now_ns() - t0) / 1e9,
	       (unsigned long)sh->injected, inject ? "" : ": not in this kernel");
	for (int e = 0; e < 160; e++)
		if (sh->by_errno[e])
			printf(" %s=%lu", e ? strerrorname_np(e) : "ok",
			       (unsigned long)sh->by_errno[e]);
	printf("\n");
	n++;
	printf("%s %d fuzz_calls_all_workers_finished_%lu_calls\n",
	       !failed && sh->calls >= max_calls ? "ok" : "not ok", n,
	       (unsigned long)sh->calls);
	n++;
	printf("%s %d answers_match_the_uapi_errno_table_%lu_findings\n",
	       sh->bad ? "not ok" : "ok", n, (unsigned long)sh->bad);
	/* Pins of every killed process and closed file are released. */
	for (int i = 0; i < 100; i++) {
		if (!pin_counts(&acq, &rel) && acq - acq0 == rel - rel0)
			break;
		sleep_ms(50);
	}
	n++;
	printf("%s %d pins_balanced_%llu_acquired_vmpin_%ld\n",
	       acq - acq0 == rel - rel0 && !vm_pin_kb() ? "ok" : "not ok", n,
	       (unsigned long long)(acq - acq0), vm_pin_kb());
	n++;
	printf("%s %d device_works_after_the_fuzz\n",
	       device_works() ? "ok" : "not ok", n);
	return failed || sh->bad ? 1 : 0;
}
