// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sdk_runtime.c - the SdkRuntime layer: life cycle, names, copies by
 * symbol, launches, tasks.  Everything that reaches the device goes
 * through the low-level wrappers of <wse/wse.h>.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sdk_internal.h"

static _Thread_local char create_msg[SDK_ERRMSG_MAX];

/*
 * The message of this thread's last call on a runtime (like errno): one
 * thread waiting in sdk_task_wait() does not clobber the message another
 * thread is reading.
 */
static _Thread_local struct {
	const struct sdk_runtime *rt;
	char msg[SDK_ERRMSG_MAX];
} last;

char *sdk__msg(const struct sdk_runtime *rt)
{
	if (last.rt != rt) {
		last.rt = rt;
		last.msg[0] = '\0';
	}
	return last.msg;
}

static const char *const op_names[] = {
	[SDK_OP_H2D] = "sdk_memcpy_h2d",
	[SDK_OP_D2H] = "sdk_memcpy_d2h",
	[SDK_OP_LAUNCH] = "sdk_launch",
	[SDK_OP_CALL] = "sdk_call",
	[SDK_OP_H2D_ROWBCAST] = "sdk_memcpy_h2d_rowbcast",
	[SDK_OP_H2D_COLBCAST] = "sdk_memcpy_h2d_colbcast",
	[SDK_OP_H2D_STRIDE] = "sdk_memcpy_h2d_stride",
	[SDK_OP_READ_SYMBOL] = "sdk_read_symbol",
	[SDK_OP_DUMP_CORE] = "sdk_dump_core",
};

/* ---- messages --------------------------------------------------------- */

static int fail(struct sdk_runtime *rt, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct sdk_runtime *rt, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sdk__msg(rt), SDK_ERRMSG_MAX, fmt, ap);
	va_end(ap);
	if (rt->verbosity >= 1)
		fprintf(stderr, "sdk: %s\n", sdk__msg(rt));
	return err;
}

static void info(struct sdk_runtime *rt, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void info(struct sdk_runtime *rt, const char *fmt, ...)
{
	va_list ap;

	if (rt->verbosity < 2)
		return;
	va_start(ap, fmt);
	fputs("sdk: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* A failure of the low-level layer: "<call>: <its message>". */
static int fail_wse(struct sdk_runtime *rt, const char *call, int err)
{
	const char *m = wse_errmsg(rt->dev);

	return fail(rt, err, "%s: %s", call, *m ? m : wse_strerror(err));
}

/* The device's fault report into @buf ("" if there is none). */
static void fault_text(struct sdk_runtime *rt, char *buf, size_t n)
{
	struct wse_fault f;

	buf[0] = '\0';
	if (!wse_get_fault(rt->dev, &f))
		wse_fault_str(&f, buf, n);
}

static bool task_status(int err)
{
	return err == -EIO || err == -ETIMEDOUT || err == -ENODEV ||
	       err == -ECANCELED || err == -EDEADLK;
}

/*
 * The report of the stall that failed task @id (0: the last stall, for a
 * blocking call) into @buf ("" if there is none).
 */
static void stall_text(struct sdk_runtime *rt, uint64_t id, char *buf,
		       size_t n)
{
	struct wse_stall_entry e[16];
	struct wse_stall st;

	buf[0] = '\0';
	if (!wse_get_task_stall(rt->dev, id, &st, e,
				sizeof(e) / sizeof(e[0])))
		wse_stall_str(&st, e, sizeof(e) / sizeof(e[0]), buf, n);
}

/*
 * What the device says about a task of @op that ended with @status:
 * the stall report for -EDEADLK, the fault for -EIO / -ETIMEDOUT of a
 * launch (or run), else "".
 */
static void status_text(struct sdk_runtime *rt, uint32_t op, int status,
			uint64_t id, char *buf, size_t n)
{
	buf[0] = '\0';
	if (status == -EDEADLK) {
		rt->stalled = true;
		stall_text(rt, id, buf, n);
	} else if ((status == -EIO || status == -ETIMEDOUT) &&
		   (op == SDK_OP_LAUNCH || op == SDK_OP_CALL ||
		    op == SDK_OP_NR)) {
		fault_text(rt, buf, n);
	}
}

static const char *target_name(const struct sdk_runtime *rt, uint32_t op,
			       uint32_t index)
{
	if (op == SDK_OP_LAUNCH || op == SDK_OP_CALL)
		return index < rt->b->nr_functions ?
			rt->b->functions[index].name : "?";
	return index < rt->b->nr_symbols ? rt->b->symbols[index].name : "?";
}

/*
 * A task of @op on @index ended with @status: "<op> <name>: <fault>" when
 * the device reports a fault or a stall (@fault, or fetched now if NULL),
 * else "<op> <name>: <meaning of the status>".  A streaming transfer has
 * no name: "<op>: stalled (...)" (the report names its color).
 */
static int fail_task(struct sdk_runtime *rt, uint32_t op, uint32_t index,
		     bool stream, int status, const char *fault)
{
	char f[SDK_TASK_TEXT_MAX];

	if (!fault) {
		status_text(rt, op, status, 0, f, sizeof(f));
		fault = f;
	}
	if (status == -EDEADLK)
		rt->stalled = true;
	if (stream)
		return fail(rt, status, "%s: %s", op_names[op],
			    *fault ? fault : wse_strerror(status));
	return fail(rt, status, "%s %s: %s", op_names[op],
		    target_name(rt, op, index),
		    *fault ? fault : wse_strerror(status));
}

void sdk__set_thread_msg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(create_msg, sizeof(create_msg), fmt, ap);
	va_end(ap);
}

const char *sdk_errmsg(const struct sdk_runtime *rt)
{
	return rt ? sdk__msg(rt) : create_msg;
}

/* ---- state -------------------------------------------------------------- */

enum need {
	NEED_CREATED,		/* load */
	NEED_LOADED,		/* run */
	NEED_PROGRAM,		/* get_id, stop: loaded or running */
	NEED_RUNNING,		/* memcpy, launch, call */
};

static int check_state(struct sdk_runtime *rt, const char *call,
		       enum need need)
{
	enum sdk_state s = rt->state;

	if (s == SDK_STOPPED)
		return fail(rt, -EBADFD, "%s: called %s", call,
			    need == NEED_PROGRAM && !strcmp(call, "sdk_stop") ?
			    "twice" : "after stop()");
	switch (need) {
	case NEED_CREATED:
		if (s != SDK_CREATED)
			return fail(rt, -EBADFD, "%s: called twice", call);
		return 0;
	case NEED_LOADED:
		if (s == SDK_CREATED)
			return fail(rt, -EBADFD, "%s: called before load()",
				    call);
		if (s == SDK_RUNNING || rt->run_failed)
			return fail(rt, -EBADFD, "%s: called twice", call);
		return 0;
	case NEED_PROGRAM:
		if (s == SDK_CREATED)
			return fail(rt, -EBADFD, "%s: called before load()",
				    call);
		return 0;
	case NEED_RUNNING:
		if (rt->run_failed)
			return fail(rt, -EBADFD, "%s: run() failed; stop() the "
				    "runtime", call);
		if (rt->stalled)
			return fail(rt, -EBADFD, "%s: the fabric stalled (a task "
				    "ended with EDEADLK); stop() the runtime "
				    "and load the program again", call);
		if (s != SDK_RUNNING)
			return fail(rt, -EBADFD, "%s: called before run()",
				    call);
		return 0;
	}
	return 0;
}

/* ---- tasks table ---------------------------------------------------------- */

static int add_task(struct sdk_runtime *rt, const char *call, uint64_t id,
		    uint32_t op, uint32_t index, bool stream)
{
	struct sdk_pending *t;

	if (rt->nr_tasks == rt->cap_tasks) {
		size_t cap = rt->cap_tasks ? rt->cap_tasks * 2 : 16;

		t = realloc(rt->tasks, cap * sizeof(*t));
		if (!t) {
			/* The task exists: reap it rather than lose it. */
			if (!(id & SDK_QUEUED_ID))
				wse_wait(rt->dev, id, -1, NULL);
			return fail(rt, -ENOMEM, "%s: out of memory", call);
		}
		rt->tasks = t;
		rt->cap_tasks = cap;
	}
	t = &rt->tasks[rt->nr_tasks++];
	memset(t, 0, sizeof(*t));
	t->id = id;
	t->kid = id & SDK_QUEUED_ID ? 0 : id;
	t->op = op;
	t->index = index;
	t->stream = stream;
	return 0;
}

/*
 * Tasks waited in submission order (or the reverse) are found next to the
 * last one found, whichever half of the table they are in (drop_task()
 * moves the last task into the hole): a plain scan made 1,000 waits cost
 * half a million compares.
 */
static struct sdk_pending *find_task(struct sdk_runtime *rt, uint64_t id)
{
	size_t n = rt->nr_tasks, h = rt->find_hint;

	for (size_t i = h ? h - 1 : 0; i < n && i <= h + 1; i++)
		if (rt->tasks[i].id == id)
			return &rt->tasks[rt->find_hint = i];
	for (size_t i = 0; i < n; i++)
		if (rt->tasks[i].id == id)
			return &rt->tasks[rt->find_hint = i];
	return NULL;
}

/*
 * @t has been reaped: the kernel no longer reads its host array.  @text:
 * what the device said about its failure (status_text()), or "".
 */
static void reaped(struct sdk_pending *t, int status, const char *text)
{
	t->done = true;
	t->status = status;
	/* without memory for it, the errno's meaning stands in */
	t->fault = *text ? strdup(text) : NULL;
	free(t->buf);
	t->buf = NULL;
	free(t->subs);
	t->subs = NULL;
	t->nr_subs = 0;
}

/* A thread is in wse_wait() for @t's kernel task (maybe for another task). */
static bool kid_waiting(const struct sdk_runtime *rt,
			const struct sdk_pending *t)
{
	if (t->waiting || !(t->id & SDK_QUEUED_ID))
		return t->waiting;
	for (size_t i = 0; i < rt->nr_tasks; i++)
		if (rt->tasks[i].kid == t->kid && rt->tasks[i].waiting)
			return true;
	return false;
}

/*
 * Kernel task @kid was reaped with @status: every task it carries (the
 * copies of one list) is done, with the text of @t's.
 */
static void reaped_kid(struct sdk_runtime *rt, struct sdk_pending *t,
		       int status)
{
	char text[SDK_TASK_TEXT_MAX];

	status_text(rt, t->op, status, t->kid, text, sizeof(text));
	reaped(t, status, text);
	if (!(t->id & SDK_QUEUED_ID))
		return;
	for (size_t i = 0; i < rt->nr_tasks; i++) {
		struct sdk_pending *o = &rt->tasks[i];

		if (o->kid == t->kid && !o->done)
			reaped(o, status, text);
	}
	pthread_cond_broadcast(&rt->reaped);
}

static void drop_task(struct sdk_runtime *rt, struct sdk_pending *t)
{
	free(t->buf);
	free(t->subs);
	free(t->fault);
	*t = rt->tasks[--rt->nr_tasks];
}

/*
 * Wait for the kernel tasks of one operation (@subs, then @id); the first
 * failure is the status.  Called without rt->lock when from
 * sdk_task_wait(): touches only the device.
 */
static int wait_op(struct wse_dev *dev, const uint64_t *subs, uint32_t nr,
		   uint64_t id)
{
	int status = 0;

	for (uint32_t i = 0; i <= nr; i++) {
		int st = 0, err;

		err = wse_wait(dev, i < nr ? subs[i] : id, -1, &st);
		if (err)	/* ENODEV with the task lost; not retryable */
			st = err;
		if (st && !status)
			status = st;
	}
	return status;
}

/* ---- life cycle ------------------------------------------------------------ */

struct sdk_runtime *sdk__runtime_new(struct wse_dev *dev, const char *bindir)
{
	struct sdk_runtime *rt = calloc(1, sizeof(*rt));

	if (!rt)
		return NULL;
	rt->bindir = strdup(bindir);
	if (!rt->bindir) {
		free(rt);
		return NULL;
	}
	rt->dev = dev;
	rt->state = SDK_CREATED;
	pthread_mutex_init(&rt->lock, NULL);
	pthread_cond_init(&rt->reaped, NULL);
	snprintf(rt->core_why, sizeof(rt->core_why), "the program was not run");
	return rt;
}

static int verbosity_of(const char *level)
{
	static const struct { const char *name; int v; } levels[] = {
		{ "NONE", 0 }, { "ERROR", 1 }, { "WARNING", 1 },
		{ "INFO", 2 }, { "DEBUG", 2 },
	};

	if (!level)
		return 0;
	for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
		if (!strcmp(level, levels[i].name))
			return levels[i].v;
	return -1;
}

int sdk_create(const char *bindir, const struct sdk_options *opts,
	       struct sdk_runtime **rtp)
{
	const char *device = opts && opts->device ? opts->device : "/dev/wse0";
	struct sdk_runtime *rt;
	struct wse_dev *dev;
	int v, err;

	create_msg[0] = '\0';
	if (!rtp) {
		snprintf(create_msg, sizeof(create_msg),
			 "sdk_create: rt is NULL");
		return -EINVAL;
	}
	*rtp = NULL;
	if (!bindir) {
		snprintf(create_msg, sizeof(create_msg),
			 "sdk_create: bindir is NULL");
		return -EINVAL;
	}
	v = verbosity_of(opts ? opts->msg_level : NULL);
	if (v < 0) {
		snprintf(create_msg, sizeof(create_msg),
			 "sdk_create: msg_level '%s' is none of NONE, ERROR, "
			 "WARNING, INFO, DEBUG", opts->msg_level);
		return -EINVAL;
	}
	err = wse_open(device, &dev);
	if (err) {
		snprintf(create_msg, sizeof(create_msg),
			 "sdk_create: cannot open %s: %s", device,
			 err == -ENOTTY || err == -ENODEV ? wse_strerror(err)
							  : strerror(-err));
		if (v >= 1)
			fprintf(stderr, "sdk: %s\n", create_msg);
		return err;
	}
	rt = sdk__runtime_new(dev, bindir);
	if (!rt) {
		wse_close(dev);
		snprintf(create_msg, sizeof(create_msg),
			 "sdk_create: out of memory");
		return -ENOMEM;
	}
	rt->verbosity = v;
	*rtp = rt;
	return 0;
}

/*
 * The bundle of @rt, read on first use (get_id() works from sdk_create()
 * on: the symbol table is in the bundle).  0 or the error, with "<call>:
 * <file and field>" in the message.
 */
static int need_bundle(struct sdk_runtime *rt, const char *call)
{
	char why_[SDK_ERRMSG_MAX - 64];
	int err;

	if (rt->b)
		return 0;
	err = sdk__bundle_load(rt->bindir, &rt->b, why_, sizeof(why_));
	if (err)
		return fail(rt, err, "%s: %s", call, why_);
	return 0;
}

/* A failed load: the next one reads the bundle again (it may be fixed). */
static int load_failed(struct sdk_runtime *rt, int err)
{
	sdk__bundle_free(rt->b);
	rt->b = NULL;
	return err;
}

static int load_program(struct sdk_runtime *rt, struct sdk_bundle *b)
{
	struct wse_pe_image *imgs;
	struct wse_load ld;
	int err;

	imgs = calloc(b->nr_images, sizeof(*imgs));
	if (!imgs)
		return fail(rt, -ENOMEM, "sdk_load: out of memory");
	for (uint32_t i = 0; i < b->nr_images; i++) {
		imgs[i].data = (uint64_t)(uintptr_t)b->images[i].data;
		imgs[i].data_len = b->images[i].data_len;
		imgs[i].entry = b->images[i].entry;
		imgs[i].functions = (uint64_t)(uintptr_t)b->images[i].functions;
		imgs[i].symbols = (uint64_t)(uintptr_t)b->images[i].symbols;
	}
	memset(&ld, 0, sizeof(ld));
	ld.size = sizeof(ld);
	ld.nr_images = b->nr_images;
	ld.nr_functions = b->nr_functions;
	ld.nr_symbols = b->nr_symbols;
	ld.images = (uint64_t)(uintptr_t)imgs;
	ld.pe_map = (uint64_t)(uintptr_t)b->pe_map;
	ld.routes = (uint64_t)(uintptr_t)b->routes;	/* 0 without "routes" */
	err = wse_load(rt->dev, &ld);
	free(imgs);
	if (err)
		return fail_wse(rt, "sdk_load", err);
	return 0;
}

static int load_l(struct sdk_runtime *rt)
{
	struct sdk_bundle *b;
	struct wse_configure cfg;
	struct wse_info di;
	int err;

	sdk__msg(rt)[0] = '\0';
	if ((err = check_state(rt, "sdk_load", NEED_CREATED)))
		return err;
	if ((err = need_bundle(rt, "sdk_load")))
		return err;
	b = rt->b;
	err = wse_get_info(rt->dev, &di);
	if (err)
		return load_failed(rt, fail_wse(rt, "sdk_load", err));
	if (di.arch != b->arch)
		return load_failed(rt, fail(rt, -EINVAL, "sdk_load: the bundle "
					    "is compiled for wse%" PRIu32 ", the "
					    "device is wse%" PRIu32, b->arch,
					    di.arch));
	wse_configure_init(&cfg, b->width, b->height, b->offset_x, b->offset_y,
			   b->dim_x, b->dim_y, b->channels);
	cfg.west_buf = b->west_buf;
	cfg.east_buf = b->east_buf;
	err = wse_configure(rt->dev, &cfg);
	if (err)
		return load_failed(rt, fail_wse(rt, "sdk_load", err));
	err = load_program(rt, b);
	if (err) {
		char keep[SDK_ERRMSG_MAX];

		memcpy(keep, sdk__msg(rt), sizeof(keep));
		wse_stop(rt->dev);		/* release the device */
		memcpy(sdk__msg(rt), keep, sizeof(keep));
		return load_failed(rt, err);
	}
	rt->state = SDK_LOADED;
	info(rt, "loaded %s: %" PRIu32 "x%" PRIu32 " rectangle at (%" PRIu32
	     ",%" PRIu32 "), %" PRIu32 " image(s), %" PRIu32 " symbol(s), %"
	     PRIu32 " function(s)", rt->bindir, b->width, b->height,
	     b->offset_x, b->offset_y, b->nr_images, b->nr_symbols,
	     b->nr_functions);
	return 0;
}

static int run_l(struct sdk_runtime *rt)
{
	char f[SDK_TASK_TEXT_MAX];
	int err;

	if (!rt)
		return -EINVAL;
	sdk__msg(rt)[0] = '\0';
	if ((err = check_state(rt, "sdk_run", NEED_LOADED)))
		return err;
	err = wse_run(rt->dev);
	if (err) {
		rt->run_failed = true;
		status_text(rt, SDK_OP_NR, err, 0, f, sizeof(f));
		if (*f)
			return fail(rt, err, "sdk_run: %s", f);
		return fail_wse(rt, "sdk_run", err);
	}
	rt->state = SDK_RUNNING;
	info(rt, "running %s", rt->bindir);
	return 0;
}

static int snapshot(struct sdk_runtime *rt, const char *call);

/* Wait for every outstanding task; keep each status. */
static struct sdk_pending *reap_all(struct sdk_runtime *rt, int *werr)
{
	struct sdk_pending *first = NULL;

	*werr = 0;
	for (size_t i = 0; i < rt->nr_tasks; i++) {
		struct sdk_pending *t = &rt->tasks[i];
		int status;

		/* a task another thread waits for is that thread's to reap */
		if (t->done || kid_waiting(rt, t))
			continue;
		status = wait_op(rt->dev, t->subs, t->nr_subs, t->kid);
		if (status == -ENODEV && !*werr)
			*werr = status;
		reaped_kid(rt, t, status);
		if (status && !first)
			first = t;
	}
	return first;
}

static int stop_l(struct sdk_runtime *rt)
{
	struct sdk_pending *bad;
	int err, werr;

	if (!rt)
		return -EINVAL;
	sdk__msg(rt)[0] = '\0';
	if ((err = check_state(rt, "sdk_stop", NEED_PROGRAM)))
		return err;
	bad = reap_all(rt, &werr);
	if (rt->state == SDK_RUNNING && !rt->stalled) {
		char keep[SDK_ERRMSG_MAX];

		/* read_symbol()/dump_core() after stop(): best effort */
		memcpy(keep, sdk__msg(rt), sizeof(keep));
		snapshot(rt, "sdk_stop");
		memcpy(sdk__msg(rt), keep, sizeof(keep));
	} else if (rt->stalled) {
		snprintf(rt->core_why, sizeof(rt->core_why), "the fabric "
			 "stalled");
	}
	err = wse_stop(rt->dev);
	rt->state = SDK_STOPPED;
	info(rt, "stopped %s", rt->bindir);
	if (err)
		return fail_wse(rt, "sdk_stop", err);
	if (bad)
		return fail(rt, bad->status, "sdk_stop: an outstanding task "
			    "failed: %s%s%s: %s", op_names[bad->op],
			    bad->stream ? "" : " ",
			    bad->stream ? "" : target_name(rt, bad->op,
							    bad->index),
			    bad->fault ? bad->fault :
			    wse_strerror(bad->status));
	return 0;
}

void sdk_destroy(struct sdk_runtime *rt)
{
	if (!rt)
		return;
	if (rt->state == SDK_LOADED || rt->state == SDK_RUNNING)
		sdk_stop(rt);
	wse_close(rt->dev);
	sdk__bundle_free(rt->b);
	for (size_t i = 0; i < rt->nr_tasks; i++) {
		free(rt->tasks[i].buf);	/* all reaped by the stop */
		free(rt->tasks[i].subs);
		free(rt->tasks[i].fault);
	}
	free(rt->tasks);
	free(rt->q.items);
	free(rt->q.data);
	free(rt->core);
	pthread_cond_destroy(&rt->reaped);
	pthread_mutex_destroy(&rt->lock);
	free(rt->bindir);
	free(rt);
}

/* ---- names ------------------------------------------------------------------ */

/* @name in the loaded bundle (the state is the caller's). */
static int find_name(struct sdk_runtime *rt, const char *call,
		     const char *name, sdk_symbol_t *sym)
{
	const struct sdk_bundle *b = rt->b;

	memset(sym, 0, sizeof(*sym));
	for (uint32_t i = 0; i < b->nr_symbols; i++)
		if (!strcmp(b->symbols[i].name, name)) {
			sym->id = i;
			sym->kind = SDK_KIND_DATA;
			sym->type = b->symbols[i].type;
			sym->name = b->symbols[i].name;
			return 0;
		}
	for (uint32_t i = 0; i < b->nr_functions; i++)
		if (!strcmp(b->functions[i].name, name)) {
			sym->id = i;
			sym->kind = SDK_KIND_FUNCTION;
			sym->argc = b->functions[i].argc;
			memcpy(sym->args, b->functions[i].args,
			       sizeof(sym->args));
			sym->name = b->functions[i].name;
			return 0;
		}
	return fail(rt, -ENOENT, "%s: no exported symbol or function named "
		    "'%s'", call, name);
}

static int get_id(struct sdk_runtime *rt, const char *call, const char *name,
		  sdk_symbol_t *sym)
{
	int err;

	if (!rt)
		return -EINVAL;
	sdk__msg(rt)[0] = '\0';
	if (!name || !sym)
		return fail(rt, -EINVAL, "%s: %s is NULL", call,
			    name ? "sym" : "name");
	if ((err = need_bundle(rt, call)))
		return err;
	return find_name(rt, call, name, sym);
}

static int get_id_l(struct sdk_runtime *rt, const char *name, sdk_symbol_t *sym)
{
	return get_id(rt, "sdk_get_id", name, sym);
}

static int get_symbol_l(struct sdk_runtime *rt, const char *name,
		   sdk_symbol_t *sym)
{
	return get_id(rt, "sdk_get_symbol", name, sym);
}

static int get_param_l(struct sdk_runtime *rt, const char *name,
		  const char **value)
{
	const struct sdk_bundle *b;
	char known[SDK_ERRMSG_MAX / 2] = "";
	size_t len = 0;
	int err;

	if (!rt)
		return -EINVAL;
	sdk__msg(rt)[0] = '\0';
	if (value)
		*value = NULL;
	if (!name || !value)
		return fail(rt, -EINVAL, "sdk_get_param: %s is NULL",
			    name ? "value" : "name");
	if ((err = need_bundle(rt, "sdk_get_param")))
		return err;
	b = rt->b;
	for (uint32_t i = 0; i < b->nr_params; i++)
		if (!strcmp(b->param_names[i], name)) {
			*value = b->param_values[i];
			return 0;
		}
	for (uint32_t i = 0; i < b->nr_params && len < sizeof(known); i++)
		len += (size_t)snprintf(known + len, sizeof(known) - len,
					"%s%s", i ? ", " : "",
					b->param_names[i]);
	if (!b->nr_params)
		return fail(rt, -ENOENT, "sdk_get_param: no compile parameter "
			    "named '%s' (the bundle has none)", name);
	return fail(rt, -ENOENT, "sdk_get_param: no compile parameter named "
		    "'%s' (the bundle has %s)", name, known);
}

static const char *const stream_names[2][SDK_MAX_STREAMS + 1] = {
	{ NULL, "MEMCPYD2H_DATA_1_ID", "MEMCPYD2H_DATA_2_ID",
	  "MEMCPYD2H_DATA_3_ID", "MEMCPYD2H_DATA_4_ID" },
	{ NULL, "MEMCPYH2D_DATA_1_ID", "MEMCPYH2D_DATA_2_ID",
	  "MEMCPYH2D_DATA_3_ID", "MEMCPYH2D_DATA_4_ID" },
};

static int get_color_l(struct sdk_runtime *rt, const char *name, sdk_symbol_t *sym)
{
	const struct sdk_bundle *b;
	char known[SDK_ERRMSG_MAX / 2] = "";
	size_t len = 0;
	int err;

	if (!rt)
		return -EINVAL;
	sdk__msg(rt)[0] = '\0';
	if (sym)
		memset(sym, 0, sizeof(*sym));
	if (!name || !sym)
		return fail(rt, -EINVAL, "sdk_get_color: %s is NULL",
			    name ? "sym" : "name");
	if ((err = need_bundle(rt, "sdk_get_color")))
		return err;
	b = rt->b;
	for (int h2d = 1; h2d >= 0; h2d--)
		for (int i = 1; i <= SDK_MAX_STREAMS; i++) {
			int c = h2d ? b->h2d_color[i] : b->d2h_color[i];

			if (c < 0)
				continue;
			if (!strcmp(name, stream_names[h2d][i])) {
				sym->id = (uint32_t)c;
				sym->kind = SDK_KIND_COLOR;
				sym->name = stream_names[h2d][i];
				return 0;
			}
			if (len < sizeof(known))
				len += (size_t)snprintf(known + len,
							sizeof(known) - len,
							"%s%s", len ? ", " : "",
							stream_names[h2d][i]);
		}
	return fail(rt, -ENOENT, "sdk_get_color: no stream color named '%s' "
		    "(the bundle has %s)", name, len ? known : "none");
}

/* ---- copies ------------------------------------------------------------------ */

static bool is_16bit(uint32_t type)
{
	return type == SDK_TYPE_I16 || type == SDK_TYPE_U16 ||
	       type == SDK_TYPE_F16;
}

/*
 * What the library knows and the kernel cannot say well: the symbol's
 * element width against data_type, its presence and size on each image
 * the ROI uses.  The rest (ROI, l, order, host buffer) is wse_h2d's.
 */
static int check_symbol_copy(struct sdk_runtime *rt, const char *call,
			     const sdk_symbol_t *sym, uint32_t x, uint32_t y,
			     uint32_t w, uint32_t h, uint32_t l, int data_type)
{
	const struct sdk_bundle *b = rt->b;
	const struct sdk_sym *s;
	uint32_t elem;
	uint64_t need;
	/* images already checked; not needed (nor cleared) for one PE */
	bool seen[WSE_MAX_IMAGES], many = w != 1 || h != 1;

	if (sym->kind == SDK_KIND_COLOR)
		return fail(rt, -EINVAL, "%s: color %" PRIu32 " with streaming="
			    "false: copy mode needs a data symbol (or pass "
			    "streaming=true)", call, sym->id);
	if (sym->kind != SDK_KIND_DATA)
		return fail(rt, -EINVAL, "%s: '%s' is not a data symbol (kind %"
			    PRIu32 "; a function cannot be copied)", call,
			    sym->name ? sym->name : "?", sym->kind);
	if (sym->id >= b->nr_symbols)
		return fail(rt, -EINVAL, "%s: symbol id %" PRIu32 " is not a "
			    "data symbol of this program (it has %" PRIu32 ")",
			    call, sym->id, b->nr_symbols);
	/*
	 * data_type is the element width in PE memory whatever the symbol's
	 * declared type (the SDK copies 16-bit data into an f32 array, two
	 * elements a word): only the size is checked.
	 */
	s = &b->symbols[sym->id];
	if (data_type != MEMCPY_16BIT && data_type != MEMCPY_32BIT)
		return 0;		/* wse_h2d reports it */
	if (!w || !h || (uint64_t)x + w > b->width ||
	    (uint64_t)y + h > b->height)
		return 0;		/* wse_h2d reports the ROI */
	elem = data_type == MEMCPY_16BIT ? 2 : 4;
	need = (uint64_t)l * elem;
	if (many)
		memset(seen, 0, sizeof(seen));
	for (uint32_t py = y; py < y + h; py++)
		for (uint32_t px = x; px < x + w; px++) {
			uint16_t i = b->pe_map[(size_t)py * b->width + px];
			const struct wse_pe_symbol *ps;

			if (many && seen[i])
				continue;
			if (many)
				seen[i] = true;
			ps = &b->images[i].symbols[sym->id];
			if (ps->addr == WSE_NO_ADDR)
				return fail(rt, -EINVAL, "%s: image %s of PE (%"
					    PRIu32 ",%" PRIu32 ") has no symbol "
					    "'%s'", call, b->images[i].file,
					    px, py, s->name);
			if (need > ps->bytes)
				return fail(rt, -ENOSPC, "%s: l %" PRIu32 " * %"
					    PRIu32 " bytes = %" PRIu64 " > the "
					    "%" PRIu32 " bytes of symbol '%s' "
					    "on image %s", call, l, elem, need,
					    ps->bytes, s->name,
					    b->images[i].file);
		}
	return 0;
}

/*
 * Start of every copy call: clears the message and @task, checks the
 * state and @task.
 */
static int copy_begin(struct sdk_runtime *rt, const char *call,
		      bool nonblock, sdk_task_t *task)
{
	int err;

	sdk__msg(rt)[0] = '\0';
	if (task)
		task->id = 0;
	if ((err = check_state(rt, call, NEED_RUNNING)))
		return err;
	if (nonblock && !task)
		return fail(rt, -EINVAL, "%s: task is NULL for a nonblocking "
			    "call", call);
	return 0;
}

/* "MEMCPYH2D_DATA_1_ID = 1, MEMCPYH2D_DATA_2_ID = 3" or "" */
static void stream_set(const struct sdk_bundle *b, bool h2d, char *buf,
		       size_t n)
{
	const int *colors = h2d ? b->h2d_color : b->d2h_color;
	size_t len = 0;

	buf[0] = '\0';
	for (int i = 1; i <= SDK_MAX_STREAMS && len < n; i++)
		if (colors[i] >= 0)
			len += (size_t)snprintf(buf + len, n - len,
						"%sMEMCPY%s_DATA_%d_ID = %d",
						len ? ", " : "",
						h2d ? "H2D" : "D2H", i,
						colors[i]);
}

/* The stream index i of @color in @b's H2D (D2H) colors, or 0. */
static int stream_index(const struct sdk_bundle *b, bool h2d, uint32_t color)
{
	const int *colors = h2d ? b->h2d_color : b->d2h_color;

	for (int i = 1; i <= SDK_MAX_STREAMS; i++)
		if (colors[i] >= 0 && (uint32_t)colors[i] == color)
			return i;
	return 0;
}

/*
 * The device side of a streaming transfer: @sym must be a color
 * (sdk_color(), sdk_get_color(), or a symbol of kind 0 holding the color
 * id) that is one of the bundle's H2D (D2H) stream colors and routed as
 * one on every PE.  Out: @color.
 */
static int check_stream(struct sdk_runtime *rt, const char *call, bool h2d,
			const sdk_symbol_t *sym, uint32_t *color)
{
	const struct sdk_bundle *b = rt->b;
	const char *arg = h2d ? "dest" : "src";
	const char *dir = h2d ? "H2D" : "D2H";
	char set[160];
	int other;

	if (sym->kind != SDK_KIND_COLOR && sym->kind != 0)
		return fail(rt, -EINVAL, "%s: %s '%s' is a %s; streaming=true "
			    "needs a color (sdk_color() or sdk_get_color())",
			    call, arg, sym->name ? sym->name : "?",
			    sym->kind == SDK_KIND_DATA ? "data symbol" :
			    sym->kind == SDK_KIND_FUNCTION ? "function" :
			    "symbol of unknown kind");
	*color = sym->id;
	if (stream_index(b, h2d, *color)) {
		uint32_t in, out;

		wse__stream_colors(b->routes, b->width, b->height, &in, &out);
		if (!((h2d ? in : out) & (1u << *color))) {
			struct wse_route r = sdk__route(b, 0, 0, *color);
			uint32_t px = 0, py = 0;
			char a[48], c[48];

			for (py = 0; py < b->height; py++) {
				for (px = 0; px < b->width; px++) {
					r = sdk__route(b, px, py, *color);
					if (h2d ? r.rx != WSE_PORT_MEMCPY ||
						  r.tx != WSE_PORT_RAMP :
						  r.rx != WSE_PORT_RAMP ||
						  r.tx != WSE_PORT_MEMCPY)
						goto found;
				}
			}
found:
			return fail(rt, -EINVAL, "%s: %s color %" PRIu32 " (MEMCPY"
				    "%s_DATA_%d_ID) is not routed as a stream "
				    "(rx=%s tx=%s) %s: PE (%" PRIu32 ",%" PRIu32
				    ") has rx=%s tx=%s", call, arg, *color, dir,
				    stream_index(b, h2d, *color),
				    h2d ? "MEMCPY" : "RAMP",
				    h2d ? "RAMP" : "MEMCPY",
				    b->routes ? "by out.json's \"routes\"" :
				    "(out.json has no \"routes\")", px, py,
				    wse__ports_str(r.rx, a, sizeof(a)),
				    wse__ports_str(r.tx, c, sizeof(c)));
		}
		return 0;
	}
	stream_set(b, h2d, set, sizeof(set));
	other = stream_index(b, !h2d, *color);
	if (other)
		return fail(rt, -EINVAL, "%s: %s color %" PRIu32 " is MEMCPY%s_"
			    "DATA_%d_ID, %s stream color; the program's %s "
			    "stream colors: %s", call, arg, *color,
			    h2d ? "D2H" : "H2D", other, h2d ? "a D2H" : "an H2D",
			    dir, *set ? set : "none");
	if (!*set)
		return fail(rt, -EINVAL, "%s: %s color %" PRIu32 " is not an %s "
			    "stream color: the program has none (compile it "
			    "with --params=MEMCPY%s_DATA_<i>_ID:<color>)", call,
			    arg, *color, dir, dir);
	return fail(rt, -EINVAL, "%s: %s color %" PRIu32 " is not one of the "
		    "program's %s stream colors (%s)", call, arg, *color, dir,
		    set);
}

/*
 * Submit a checked copy (copy_begin, check_symbol_copy or check_stream)
 * of @host: by symbol @index, or streaming on color @index.  @owned: NULL,
 * or a malloc'ed host array that this call takes over: freed on return of
 * a blocking or failed copy, kept with the task until it is reaped for a
 * nonblocking one.
 */
static int copy_submit(struct sdk_runtime *rt, uint32_t op, bool h2d,
		       bool stream, uint32_t index, void *host, uint32_t x,
		       uint32_t y, uint32_t w, uint32_t h, uint32_t l,
		       int data_type, int order, bool nonblock,
		       sdk_task_t *task, void *owned)
{
	const char *call = op_names[op];
	uint32_t flags = nonblock ? WSE_XFER_NONBLOCK : 0;
	struct wse_xfer xf;
	int err;

	if (stream) {
		wse_xfer_init_stream(&xf, host, x, y, w, h, l, index,
				     (uint32_t)data_type, (uint32_t)order,
				     flags);
	} else {
		wse_xfer_init(&xf, host, x, y, w, h, l, 0, (uint32_t)data_type,
			      (uint32_t)order, flags | WSE_XFER_SYMBOL);
		xf.symbol = index;
	}
	err = h2d ? wse_h2d(rt->dev, &xf) : wse_d2h(rt->dev, &xf);
	if (err) {
		free(owned);
		if (!nonblock && task_status(err))
			return fail_task(rt, op, index, stream, err, NULL);
		return fail_wse(rt, call, err);
	}
	if (!nonblock) {
		free(owned);
		return 0;
	}
	if ((err = add_task(rt, call, xf.task_id, op, index, stream))) {
		free(owned);		/* add_task reaped the task */
		return err;
	}
	rt->tasks[rt->nr_tasks - 1].buf = owned;
	task->id = xf.task_id;
	return 0;
}

/* ---- the queue of small nonblocking copies (sdk_internal.h) ----------------- */

static bool queueable(bool nonblock, bool streaming, uint32_t w, uint32_t h,
		      uint32_t l)
{
	return nonblock && !streaming && w == 1 && h == 1 && l &&
	       l <= SDK_QUEUE_MAX_BYTES / 4;
}

/*
 * Submit the queue as one list; its copies' tasks get the list's kernel
 * task, or if the list cannot be submitted they are done with its error
 * (reported by their wait, not by the call that flushed).
 */
static void flush_queue(struct sdk_runtime *rt)
{
	struct sdk_queue *q = &rt->q;
	struct wse_xfer_list xl;
	char why[SDK_TASK_TEXT_MAX];
	int err;

	if (!q->nr)
		return;
	wse_xfer_list_init(&xl, q->items, q->nr, q->data, q->words * 4,
			   WSE_LIST_NONBLOCK);
	/*
	 * wse_h2d_list() without its checks: each item passed them at its
	 * call (queue_h2d()); the kernel checks them all again.
	 */
	wse__begin(rt->dev);
	err = wse__ioctl(rt->dev, WSE_CALL_H2D_LIST, WSE_IOCTL_H2D_LIST, &xl);
	if (err)
		snprintf(why, sizeof(why), "queued copy: %s",
			 wse_errmsg(rt->dev));
	for (size_t i = 0; i < rt->nr_tasks; i++) {
		struct sdk_pending *t = &rt->tasks[i];

		if (t->kid || t->done)
			continue;
		if (!err)
			t->kid = xl.task_id;
		else
			reaped(t, err, why);
	}
	q->nr = 0;
	q->words = 0;
}

static int precheck_h2d(struct sdk_runtime *rt, const char *call,
			bool stream, uint32_t color, const void *src,
			uint32_t x, uint32_t y, uint32_t w, uint32_t h,
			uint32_t l, int data_type, int order);

/*
 * A queueable copy to @sym passed every check (check_symbol_copy(), and
 * precheck_h2d() the last time): the previous one had the same target,
 * and @src is a pointer precheck_h2d() takes.
 */
static bool queue_known(const struct sdk_queue *q, const sdk_symbol_t *sym,
			const void *src, uint32_t x, uint32_t y, uint32_t l,
			int data_type, int order)
{
	return q->known && src && !((uintptr_t)src % 4) &&
	       sym->kind == q->k_kind && sym->id == q->k_sym && x == q->k_x &&
	       y == q->k_y && l == q->k_l && data_type == q->k_type &&
	       order == q->k_order;
}

/*
 * A queueable copy that passed copy_begin() and, unless @known,
 * check_symbol_copy(): the rest of wse_h2d()'s checks now, so that a bad
 * argument is the call's error, then its words are copied (the caller may
 * reuse @src at once).
 */
static int queue_h2d(struct sdk_runtime *rt, const sdk_symbol_t *sym,
		     const void *src, uint32_t x, uint32_t y, uint32_t l,
		     int data_type, int order, bool known, sdk_task_t *task)
{
	const char *call = op_names[SDK_OP_H2D];
	struct sdk_queue *q = &rt->q;
	uint32_t symbol = sym->id;
	uint64_t id;
	int err;

	if (!known) {
		if ((err = precheck_h2d(rt, call, false, 0, src, x, y, 1, 1, l,
					data_type, order)))
			return err;
		*q = (struct sdk_queue) {
			.items = q->items, .data = q->data, .nr = q->nr,
			.words = q->words, .next_id = q->next_id,
			.known = true, .k_kind = sym->kind, .k_sym = symbol,
			.k_x = x, .k_y = y, .k_l = l, .k_type = data_type,
			.k_order = order,
		};
	}
	if (!q->items) {
		q->items = malloc(SDK_QUEUE_ITEMS * sizeof(*q->items));
		q->data = malloc(SDK_QUEUE_WORDS * sizeof(*q->data));
		if (!q->items || !q->data) {
			free(q->items);
			free(q->data);
			q->items = NULL;
			q->data = NULL;
			return fail(rt, -ENOMEM, "%s: out of memory", call);
		}
	}
	if (q->nr == SDK_QUEUE_ITEMS || q->words + l > SDK_QUEUE_WORDS)
		flush_queue(rt);
	id = SDK_QUEUED_ID | ++q->next_id;
	if ((err = add_task(rt, call, id, SDK_OP_H2D, symbol, false)))
		return err;
	q->items[q->nr++] = (struct wse_xfer_item) {
		.x = x, .y = y, .l = l, .symbol = symbol,
		.flags = WSE_ITEM_SYMBOL,
		.data_off = q->words * 4,
		.data_type = (uint32_t)data_type,
	};
	memcpy(q->data + q->words, src, (size_t)l * 4);
	q->words += l;
	task->id = id;
	return 0;
}

static int memcpy_common(struct sdk_runtime *rt, uint32_t op, bool h2d,
			 sdk_symbol_t sym, void *host, uint32_t x, uint32_t y,
			 uint32_t w, uint32_t h, uint32_t l, bool streaming,
			 int data_type, int order, bool nonblock,
			 sdk_task_t *task)
{
	const char *call = op_names[op];
	bool queue = h2d && queueable(nonblock, streaming, w, h, l);
	uint32_t color;
	int err;

	if (!rt)
		return -EINVAL;
	if (!queue)
		flush_queue(rt);
	if ((err = copy_begin(rt, call, nonblock, task)))
		return err;
	if (streaming) {
		if ((err = check_stream(rt, call, h2d, &sym, &color)))
			return err;
		return copy_submit(rt, op, h2d, true, color, host, x, y, w, h,
				   l, data_type, order, nonblock, task, NULL);
	}
	if (queue && queue_known(&rt->q, &sym, host, x, y, l, data_type, order))
		return queue_h2d(rt, &sym, host, x, y, l, data_type, order,
				 true, task);
	if ((err = check_symbol_copy(rt, call, &sym, x, y, w, h, l,
				     data_type)))
		return err;
	if (queue)
		return queue_h2d(rt, &sym, host, x, y, l, data_type, order,
				 false, task);
	return copy_submit(rt, op, h2d, false, sym.id, host, x, y, w, h, l,
			   data_type, order, nonblock, task, NULL);
}

static int memcpy_h2d_l(struct sdk_runtime *rt, sdk_symbol_t dest, const void *src,
		   uint32_t x, uint32_t y, uint32_t w, uint32_t h, uint32_t l,
		   bool streaming, int data_type, int order, bool nonblock,
		   sdk_task_t *task)
{
	/* The kernel only reads an H2D host array. */
	return memcpy_common(rt, SDK_OP_H2D, true, dest, (void *)(uintptr_t)src,
			     x, y, w, h, l, streaming, data_type, order,
			     nonblock, task);
}

static int memcpy_d2h_l(struct sdk_runtime *rt, void *dest, sdk_symbol_t src,
		   uint32_t x, uint32_t y, uint32_t w, uint32_t h, uint32_t l,
		   bool streaming, int data_type, int order, bool nonblock,
		   sdk_task_t *task)
{
	return memcpy_common(rt, SDK_OP_D2H, false, src, dest, x, y, w, h, l,
			     streaming, data_type, order, nonblock, task);
}

/* ---- host-to-device variants ----------------------------------------------- */

int sdk__expand_bcast(uint32_t op, uint32_t *dst, const uint32_t *src,
		      uint32_t w, uint32_t h, uint32_t l, int order)
{
	if ((order != ROW_MAJOR && order != COL_MAJOR) ||
	    (op != SDK_OP_H2D_ROWBCAST && op != SDK_OP_H2D_COLBCAST))
		return -EINVAL;
	for (uint32_t py = 0; py < h; py++)
		for (uint32_t px = 0; px < w; px++)
			for (uint32_t k = 0; k < l; k++)
				dst[sdk__host_index(ROW_MAJOR, w, h, l, px, py,
						    k)] =
					src[sdk__bcast_index(op, order, w, h, l,
							     px, py, k)];
	return 0;
}

/*
 * The low-level checks of the copy that will be submitted (ROI, l,
 * data_type, order, the source pointer), before anything is allocated for
 * it: the same checker and message as wse_h2d() itself.
 */
static int precheck_h2d(struct sdk_runtime *rt, const char *call,
			bool stream, uint32_t color, const void *src,
			uint32_t x, uint32_t y, uint32_t w, uint32_t h,
			uint32_t l, int data_type, int order)
{
	struct wse_dev *dev = rt->dev;
	struct wse_xfer xf;
	char why_[WSE_ERRMSG_MAX];
	int err;

	if (stream)
		wse_xfer_init_stream(&xf, (void *)(uintptr_t)src, x, y, w, h,
				     l, color, (uint32_t)data_type,
				     (uint32_t)order, 0);
	else
		wse_xfer_init(&xf, (void *)(uintptr_t)src, x, y, w, h, l, 0,
			      (uint32_t)data_type, (uint32_t)order,
			      WSE_XFER_SYMBOL);
	err = wse__check_xfer(&dev->info, dev->configured ? &dev->cfg : NULL,
			      &xf, why_, sizeof(why_));
	if (!err)
		return 0;
	wse__begin(dev);
	wse__fail_msg(dev, WSE_CALL_H2D, err, why_);
	return fail_wse(rt, call, err);
}

/* The checks every h2d variant shares; out: @index (symbol or color). */
static int variant_begin(struct sdk_runtime *rt, uint32_t op,
			 sdk_symbol_t dest, const void *src, uint32_t x,
			 uint32_t y, uint32_t w, uint32_t h, uint32_t l,
			 bool streaming, int data_type, int order,
			 bool nonblock, sdk_task_t *task, uint32_t *index)
{
	const char *call = op_names[op];
	int err;

	*index = dest.id;
	if ((err = copy_begin(rt, call, nonblock, task)))
		return err;
	if (streaming)
		err = check_stream(rt, call, true, &dest, index);
	else
		err = check_symbol_copy(rt, call, &dest, x, y, w, h, l,
					data_type);
	if (err)
		return err;
	return precheck_h2d(rt, call, streaming, *index, src, x, y, w, h, l,
			    data_type, order);
}

static uint32_t *alloc_words(struct sdk_runtime *rt, const char *call,
			     uint32_t w, uint32_t h, uint32_t l)
{
	uint64_t bytes;
	uint32_t *buf = NULL;

	if (!wse__xfer_bytes(w, h, l, &bytes) || bytes > SIZE_MAX ||
	    !(buf = malloc((size_t)bytes)))
		fail(rt, -ENOMEM, "%s: out of memory for the %" PRIu64
		     "-byte expanded host array", call, bytes);
	return buf;
}

/* A broadcast: the full ROW_MAJOR w*h*l array, by the sdk_memcpy_h2d path. */
static int h2d_bcast(struct sdk_runtime *rt, uint32_t op, sdk_symbol_t dest,
		     const void *src, uint32_t x, uint32_t y, uint32_t w,
		     uint32_t h, uint32_t l, bool streaming, int data_type,
		     int order, bool nonblock, sdk_task_t *task)
{
	uint32_t index, *buf;
	int err;

	if ((err = variant_begin(rt, op, dest, src, x, y, w, h, l, streaming,
				 data_type, order, nonblock, task, &index)))
		return err;
	/* w, h, l >= 1, the ROI inside the rectangle, order valid from here */
	if (!(buf = alloc_words(rt, op_names[op], w, h, l)))
		return -ENOMEM;
	sdk__expand_bcast(op, buf, src, w, h, l, order);
	return copy_submit(rt, op, true, streaming, index, buf, x, y, w, h, l,
			   data_type, ROW_MAJOR, nonblock, task, buf);
}

/* Wait for kernel tasks @ids (a failed submission's earlier parts). */
static void wait_ids(struct sdk_runtime *rt, const uint64_t *ids, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		wse_wait(rt->dev, ids[i], -1, NULL);
}

/*
 * memcpy_h2d_stride: receivers (i * cs, j * rs) of the ROI.  Receiver
 * (i, j)'s l words go to buf[(j * wr + i) * l ...], then one transfer per
 * receiving row when cs == 1 (the whole ROI when rs == 1 too), else one
 * per receiver, submitted in order; a nonblocking call keeps the earlier
 * transfers' ids with the task.
 */
static int h2d_stride(struct sdk_runtime *rt, sdk_symbol_t dest,
		      const void *src, uint32_t x, uint32_t y, uint32_t w,
		      uint32_t h, uint32_t l, uint32_t rs, uint32_t cs,
		      bool streaming, int data_type, int order, bool nonblock,
		      sdk_task_t *task)
{
	const uint32_t op = SDK_OP_H2D_STRIDE;
	const char *call = op_names[op];
	uint32_t index, wr, hr, *buf, nr, n = 0, flags;
	uint64_t *ids = NULL;
	int err;

	if ((err = variant_begin(rt, op, dest, src, x, y, w, h, l, streaming,
				 data_type, order, nonblock, task, &index)))
		return err;
	if (!rs || !cs)
		return fail(rt, -EINVAL, "%s: %s is 0: a stride selects every "
			    "n-th PE of the ROI, n >= 1", call,
			    !rs ? "row_stride" : "col_stride");
	wr = sdk__stride_count(w, cs);
	hr = sdk__stride_count(h, rs);
	if (!(buf = alloc_words(rt, call, wr, hr, l)))
		return -ENOMEM;
	for (uint32_t j = 0; j < hr; j++)
		for (uint32_t i = 0; i < wr; i++)
			for (uint32_t k = 0; k < l; k++)
				buf[((uint64_t)j * wr + i) * l + k] =
					((const uint32_t *)src)[sdk__host_index(
						order, wr, hr, l, i, j, k)];
	if (cs == 1 && rs == 1)
		return copy_submit(rt, op, true, streaming, index, buf, x, y, w,
				   h, l, data_type, ROW_MAJOR, nonblock, task,
				   buf);
	nr = cs == 1 ? hr : wr * hr;
	if (nonblock && !(ids = calloc(nr, sizeof(*ids)))) {
		free(buf);
		return fail(rt, -ENOMEM, "%s: out of memory", call);
	}
	flags = nonblock ? WSE_XFER_NONBLOCK : 0;
	for (uint32_t j = 0; j < hr; j++)
		for (uint32_t i = 0; i < (cs == 1 ? 1 : wr); i++) {
			uint32_t *part = buf + ((uint64_t)j * wr + i) * l;
			struct wse_xfer xf;

			if (streaming)
				wse_xfer_init_stream(&xf, part, x + i * cs,
						     y + j * rs,
						     cs == 1 ? w : 1, 1, l,
						     index, (uint32_t)data_type,
						     ROW_MAJOR, flags);
			else {
				wse_xfer_init(&xf, part, x + i * cs, y + j * rs,
					      cs == 1 ? w : 1, 1, l, 0,
					      (uint32_t)data_type, ROW_MAJOR,
					      flags | WSE_XFER_SYMBOL);
				xf.symbol = index;
			}
			err = wse_h2d(rt->dev, &xf);
			if (err) {
				wait_ids(rt, ids, n);
				free(ids);
				free(buf);
				if (!nonblock && task_status(err))
					return fail_task(rt, op, index,
							 streaming, err, NULL);
				return fail_wse(rt, call, err);
			}
			if (nonblock)
				ids[n++] = xf.task_id;
		}
	if (!nonblock) {
		free(buf);
		return 0;
	}
	if ((err = add_task(rt, call, ids[n - 1], op, index, streaming))) {
		wait_ids(rt, ids, n - 1);	/* add_task reaped the last */
		free(ids);
		free(buf);
		return err;
	}
	rt->tasks[rt->nr_tasks - 1].buf = buf;
	rt->tasks[rt->nr_tasks - 1].subs = ids;
	rt->tasks[rt->nr_tasks - 1].nr_subs = n - 1;
	task->id = ids[n - 1];
	return 0;
}

static int memcpy_h2d_rowbcast_l(struct sdk_runtime *rt, sdk_symbol_t dest,
				 const void *src, uint32_t x, uint32_t y,
				 uint32_t w, uint32_t h, uint32_t l,
				 bool streaming, int data_type, int order,
				 bool nonblock, sdk_task_t *task)
{
	return h2d_bcast(rt, SDK_OP_H2D_ROWBCAST, dest, src, x, y, w, h, l,
			 streaming, data_type, order, nonblock, task);
}

static int memcpy_h2d_colbcast_l(struct sdk_runtime *rt, sdk_symbol_t dest,
				 const void *src, uint32_t x, uint32_t y,
				 uint32_t w, uint32_t h, uint32_t l,
				 bool streaming, int data_type, int order,
				 bool nonblock, sdk_task_t *task)
{
	return h2d_bcast(rt, SDK_OP_H2D_COLBCAST, dest, src, x, y, w, h, l,
			 streaming, data_type, order, nonblock, task);
}

/* ---- PE memory: read_symbol, snapshot ---------------------------------------- */

/*
 * Where @name lives on rectangle PE (@px, @py): an exported data symbol of
 * that PE's image, else a data object of the image's ELF symbol table.
 */
static int symbol_place(struct sdk_runtime *rt, const char *call,
			uint32_t px, uint32_t py, const char *name,
			uint32_t *addr, uint32_t *bytes)
{
	const struct sdk_bundle *b = rt->b;
	const struct sdk_image *im =
		&b->images[b->pe_map[(size_t)py * b->width + px]];

	for (uint32_t i = 0; i < b->nr_symbols; i++)
		if (!strcmp(b->symbols[i].name, name) &&
		    im->symbols[i].addr != WSE_NO_ADDR) {
			*addr = im->symbols[i].addr;
			*bytes = im->symbols[i].bytes;
			return 0;
		}
	for (uint32_t i = 0; i < im->nr_elfsyms; i++)
		if (!strcmp(im->elfsyms[i].name, name)) {
			*addr = im->elfsyms[i].addr;
			*bytes = im->elfsyms[i].bytes;
			return 0;
		}
	for (uint32_t i = 0; i < b->nr_functions; i++)
		if (!strcmp(b->functions[i].name, name))
			return fail(rt, -EINVAL, "%s: '%s' is a function, not "
				    "a data symbol", call, name);
	return fail(rt, -ENOENT, "%s: no data symbol named '%s' on PE (%"
		    PRIu32 ",%" PRIu32 ") (image %s: neither exported nor in "
		    "its ELF symbol table)", call, name, px + b->offset_x,
		    py + b->offset_y, im->file);
}

/* Read @bytes of PE memory at @addr of rectangle PE (@px, @py), live. */
static int read_pe_live(struct sdk_runtime *rt, const char *call, uint32_t px,
			uint32_t py, uint32_t addr, uint32_t bytes, void *dst)
{
	uint32_t first = addr & ~3u;
	uint32_t words = (addr + bytes - first + 3) / 4;
	struct wse_xfer xf;
	uint32_t *tmp;
	int err;

	if (!bytes)
		return 0;
	if (!(tmp = malloc((size_t)words * 4)))
		return fail(rt, -ENOMEM, "%s: out of memory", call);
	wse_xfer_init(&xf, tmp, px, py, 1, 1, words, first, WSE_DATA_32BIT,
		      WSE_ORDER_ROW_MAJOR, 0);
	err = wse_d2h(rt->dev, &xf);
	if (!err)
		memcpy(dst, (uint8_t *)tmp + (addr - first), bytes);
	free(tmp);
	if (err && task_status(err))
		return fail_task(rt, SDK_OP_READ_SYMBOL, 0, true, err, NULL);
	return err ? fail_wse(rt, call, err) : 0;
}

/*
 * Read the memory of every PE of the rectangle into rt->core (replacing an
 * older snapshot).  0 or the error, with the reason in rt->core_why too.
 */
static int snapshot(struct sdk_runtime *rt, const char *call)
{
	const struct sdk_bundle *b = rt->b;
	uint64_t bytes = (uint64_t)b->width * b->height * WSE_PE_MEMORY_BYTES;
	struct wse_xfer xf;
	uint8_t *mem;
	int err;

	if (bytes > SDK_SNAPSHOT_MAX) {
		snprintf(rt->core_why, sizeof(rt->core_why), "the %" PRIu32
			 "x%" PRIu32 " rectangle's memory (%" PRIu64 " bytes) "
			 "is larger than the snapshot limit %u", b->width,
			 b->height, bytes, SDK_SNAPSHOT_MAX);
		return fail(rt, -EFBIG, "%s: %s", call, rt->core_why);
	}
	if (!(mem = malloc((size_t)bytes)))
		return fail(rt, -ENOMEM, "%s: out of memory", call);
	wse_xfer_init(&xf, mem, 0, 0, b->width, b->height,
		      WSE_PE_MEMORY_BYTES / 4, 0, WSE_DATA_32BIT,
		      WSE_ORDER_ROW_MAJOR, 0);
	err = wse_d2h(rt->dev, &xf);
	if (err) {
		free(mem);
		snprintf(rt->core_why, sizeof(rt->core_why), "reading PE "
			 "memory failed: %s", wse_errmsg(rt->dev));
		return fail_wse(rt, call, err);
	}
	free(rt->core);
	rt->core = mem;
	return 0;
}

/* The state and rectangle checks of read_symbol; out: rectangle px, py. */
static int pe_of(struct sdk_runtime *rt, const char *call, uint32_t x,
		 uint32_t y, const char *name, uint32_t *px, uint32_t *py)
{
	const struct sdk_bundle *b;
	int err;

	sdk__msg(rt)[0] = '\0';
	if (!name)
		return fail(rt, -EINVAL, "%s: name is NULL", call);
	if (rt->state != SDK_STOPPED &&
	    (err = check_state(rt, call, NEED_RUNNING)))
		return err;
	if (rt->state == SDK_STOPPED && !rt->core)
		return fail(rt, -EBADFD, "%s: called after stop(), and stop() "
			    "kept no copy of PE memory: %s", call,
			    rt->core_why);
	b = rt->b;
	if (x < b->offset_x || x - b->offset_x >= b->width ||
	    y < b->offset_y || y - b->offset_y >= b->height)
		return fail(rt, -EINVAL, "%s: PE (%" PRIu32 ",%" PRIu32 ") is "
			    "outside the program rectangle: %" PRIu32 "x%"
			    PRIu32 " at (%" PRIu32 ",%" PRIu32 ") in fabric "
			    "coordinates", call, x, y, b->width, b->height,
			    b->offset_x, b->offset_y);
	*px = x - b->offset_x;
	*py = y - b->offset_y;
	return 0;
}

static int read_symbol_bytes_l(struct sdk_runtime *rt, uint32_t x, uint32_t y,
			       const char *name, void *dst, uint32_t cap,
			       uint32_t *bytes)
{
	const char *call = "sdk_read_symbol_bytes";
	uint32_t px, py, addr, size;
	int err;

	if (bytes)
		*bytes = 0;
	if ((err = pe_of(rt, call, x, y, name, &px, &py)) ||
	    (err = symbol_place(rt, call, px, py, name, &addr, &size)))
		return err;
	if (bytes)
		*bytes = size;
	if (size > cap)
		return fail(rt, -ENOSPC, "%s: symbol '%s' is %" PRIu32 " bytes,"
			    " the buffer %" PRIu32, call, name, size, cap);
	if (size && !dst)
		return fail(rt, -EINVAL, "%s: dst is NULL", call);
	if (rt->state == SDK_STOPPED) {
		memcpy(dst, rt->core + ((size_t)py * rt->b->width + px) *
		       WSE_PE_MEMORY_BYTES + addr, size);
		return 0;
	}
	return read_pe_live(rt, call, px, py, addr, size, dst);
}

static int read_symbol_l(struct sdk_runtime *rt, uint32_t x, uint32_t y,
			 const char *name, void *dst, uint32_t l,
			 int data_type)
{
	const char *call = op_names[SDK_OP_READ_SYMBOL];
	uint32_t px, py, addr, size, elem;
	uint8_t *raw;
	int err;

	if ((err = pe_of(rt, call, x, y, name, &px, &py)) ||
	    (err = symbol_place(rt, call, px, py, name, &addr, &size)))
		return err;
	if (data_type != MEMCPY_16BIT && data_type != MEMCPY_32BIT)
		return fail(rt, -EINVAL, "%s: data_type %d is neither "
			    "MEMCPY_32BIT (0) nor MEMCPY_16BIT (1)", call,
			    data_type);
	elem = data_type == MEMCPY_16BIT ? 2 : 4;
	if ((uint64_t)l * elem > size)
		return fail(rt, -ENOSPC, "%s: l %" PRIu32 " * %" PRIu32 " bytes"
			    " = %" PRIu64 " > the %" PRIu32 " bytes of symbol "
			    "'%s'", call, l, elem, (uint64_t)l * elem, size,
			    name);
	if (l && !dst)
		return fail(rt, -EINVAL, "%s: dst is NULL", call);
	if (!(raw = malloc((size_t)l * elem + 1)))
		return fail(rt, -ENOMEM, "%s: out of memory", call);
	if (rt->state == SDK_STOPPED)
		memcpy(raw, rt->core + ((size_t)py * rt->b->width + px) *
		       WSE_PE_MEMORY_BYTES + addr, (size_t)l * elem);
	else if ((err = read_pe_live(rt, call, px, py, addr, l * elem, raw))) {
		free(raw);
		return err;
	}
	for (uint32_t k = 0; k < l; k++) {
		uint32_t v = 0;

		memcpy(&v, raw + (size_t)k * elem, elem);	/* little endian */
		memcpy((uint8_t *)dst + (size_t)k * 4, &v, 4);
	}
	free(raw);
	return 0;
}

static int dump_core_l(struct sdk_runtime *rt, const char *path)
{
	const char *call = op_names[SDK_OP_DUMP_CORE];
	int err;

	sdk__msg(rt)[0] = '\0';
	if (!path)
		return fail(rt, -EINVAL, "%s: path is NULL", call);
	if (rt->state != SDK_STOPPED) {
		if ((err = check_state(rt, call, NEED_RUNNING)) ||
		    (err = snapshot(rt, call)))
			return err;
	} else if (!rt->core) {
		return fail(rt, -EBADFD, "%s: called after stop(), and stop() "
			    "kept no copy of PE memory: %s", call,
			    rt->core_why);
	}
	return sdk__core_write(rt, path);
}

/* ---- launches ------------------------------------------------------------------ */

static int why(int err, char *msg, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int why(int err, char *msg, size_t n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, n, fmt, ap);
	va_end(ap);
	return err;
}

static int count_error(const struct sdk_fn *fn, uint32_t given, char *msg,
		       size_t n)
{
	char sig[WSE_MAX_LAUNCH_ARGS * 5 + 1] = "";

	if (!fn->argc)
		return why(-EINVAL, msg, n, "%s takes no arguments, %" PRIu32
			   " given", fn->name, given);
	for (uint32_t i = 0; i < fn->argc; i++) {
		if (i)
			strcat(sig, ", ");
		strcat(sig, sdk_type_name(fn->args[i]));
	}
	return why(-EINVAL, msg, n, "%s takes %" PRIu32 " argument%s (%s), %"
		   PRIu32 " given", fn->name, fn->argc,
		   fn->argc == 1 ? "" : "s", sig, given);
}

int sdk__pack_args(const struct sdk_fn *fn, const struct sdk_arg *args,
		   uint32_t argc, uint32_t *words, char *msg, size_t n)
{
	if (argc != fn->argc)
		return count_error(fn, argc, msg, n);
	if (argc && !args)
		return why(-EINVAL, msg, n, "%s: args is NULL", fn->name);
	for (uint32_t i = 0; i < argc; i++) {
		const struct sdk_arg *a = &args[i];

		if (a->magic != SDK_ARG_MAGIC || a->type < SDK_TYPE_F32 ||
		    a->type > SDK_TYPE_F16)
			return why(-EINVAL, msg, n, "%s: argument %" PRIu32
				   " was not made by an SDK_*() macro "
				   "(expected SDK_%c%s())", fn->name, i,
				   sdk_type_name(fn->args[i])[0] - 'a' + 'A',
				   sdk_type_name(fn->args[i]) + 1);
		if (a->type != fn->args[i])
			return why(-EINVAL, msg, n, "%s: argument %" PRIu32
				   " is %s, expected %s", fn->name, i,
				   sdk_type_name((int)a->type),
				   sdk_type_name(fn->args[i]));
		if (is_16bit(a->type) && a->word > 0xffff)
			return why(-EINVAL, msg, n, "%s: argument %" PRIu32
				   " (%s) word 0x%" PRIx32 " has upper 16 bits "
				   "set", fn->name, i,
				   sdk_type_name((int)a->type), a->word);
		words[i] = a->word;
	}
	return 0;
}

int sdk__check_words(const struct sdk_fn *fn, const uint32_t *args,
		     uint32_t n, char *msg, size_t len)
{
	if (n != fn->argc)
		return count_error(fn, n, msg, len);
	if (n && !args)
		return why(-EINVAL, msg, len, "%s: args is NULL", fn->name);
	for (uint32_t i = 0; i < n; i++)
		if (is_16bit(fn->args[i]) && args[i] > 0xffff)
			return why(-EINVAL, msg, len, "%s: argument %" PRIu32
				   " (%s) word 0x%" PRIx32 " has upper 16 bits "
				   "set (16-bit values are zero-extended)",
				   fn->name, i, sdk_type_name(fn->args[i]),
				   args[i]);
	return 0;
}

static int find_fn(struct sdk_runtime *rt, const char *call, const char *name,
		   uint32_t *id)
{
	if (!name)
		return fail(rt, -EINVAL, "%s: name is NULL", call);
	for (uint32_t i = 0; i < rt->b->nr_functions; i++)
		if (!strcmp(rt->b->functions[i].name, name)) {
			*id = i;
			return 0;
		}
	return fail(rt, -ENOENT, "%s: cannot find exported function '%s'",
		    call, name);
}

/* Submit a launch of function @id with checked @words. */
static int launch_words(struct sdk_runtime *rt, uint32_t op, uint32_t id,
			const uint32_t *words, uint32_t argc, bool nonblock,
			sdk_task_t *task)
{
	struct wse_launch ln;
	int err;

	wse_launch_init(&ln, id, words, argc,
			nonblock ? WSE_LAUNCH_NONBLOCK : 0);
	err = wse_launch(rt->dev, &ln);
	if (err) {
		if (!nonblock && task_status(err))
			return fail_task(rt, op, id, false, err, NULL);
		return fail_wse(rt, op_names[op], err);
	}
	if (nonblock) {
		if ((err = add_task(rt, op_names[op], ln.task_id, op, id,
				    false)))
			return err;
		task->id = ln.task_id;
	}
	return 0;
}

static int launch_begin(struct sdk_runtime *rt, const char *call,
			const char *name, bool nonblock, sdk_task_t *task,
			uint32_t *id)
{
	int err;

	sdk__msg(rt)[0] = '\0';
	if (task)
		task->id = 0;
	if ((err = check_state(rt, call, NEED_RUNNING)))
		return err;
	if (nonblock && !task)
		return fail(rt, -EINVAL, "%s: task is NULL for a nonblocking "
			    "call", call);
	return find_fn(rt, call, name, id);
}

static int launch_args_l(struct sdk_runtime *rt, const char *name, bool nonblock,
		    sdk_task_t *task, const struct sdk_arg *args,
		    uint32_t argc)
{
	uint32_t words[WSE_MAX_LAUNCH_ARGS], id;
	char why_[SDK_ERRMSG_MAX - 16];
	int err;

	if (!rt)
		return -EINVAL;
	if ((err = launch_begin(rt, "sdk_launch", name, nonblock, task, &id)))
		return err;
	err = sdk__pack_args(&rt->b->functions[id], args, argc, words, why_,
			     sizeof(why_));
	if (err)
		return fail(rt, err, "sdk_launch: %s", why_);
	return launch_words(rt, SDK_OP_LAUNCH, id, words, argc, nonblock,
			    task);
}

static int call_l(struct sdk_runtime *rt, const char *name, const uint32_t *args,
	     uint32_t n, bool nonblock, sdk_task_t *task)
{
	char why_[SDK_ERRMSG_MAX - 16];
	uint32_t id;
	int err;

	if (!rt)
		return -EINVAL;
	if ((err = launch_begin(rt, "sdk_call", name, nonblock, task, &id)))
		return err;
	err = sdk__check_words(&rt->b->functions[id], args, n, why_,
			       sizeof(why_));
	if (err)
		return fail(rt, err, "sdk_call: %s", why_);
	return launch_words(rt, SDK_OP_CALL, id, args, n, nonblock, task);
}

/* ---- tasks ------------------------------------------------------------------------ */

static struct sdk_pending *lookup(struct sdk_runtime *rt, const char *call,
				  sdk_task_t task)
{
	struct sdk_pending *t = find_task(rt, task.id);

	if (!t)
		fail(rt, -ENOENT, "%s: task %" PRIu64 " is not an outstanding "
		     "task of this runtime (never returned, or already "
		     "waited for)", call, task.id);
	return t;
}

/*
 * The blocking part runs without rt->lock: one thread may wait here while
 * another submits on the same runtime.
 */
int sdk_task_wait(struct sdk_runtime *rt, sdk_task_t task)
{
	struct sdk_pending *t;
	uint32_t op, index, nr_subs;
	uint64_t *subs;
	char *fault;
	bool stream;
	int status = 0;

	if (!rt)
		return -EINVAL;
	pthread_mutex_lock(&rt->lock);
	sdk__msg(rt)[0] = '\0';
	flush_queue(rt);
	t = lookup(rt, "sdk_task_wait", task);
	if (t && t->waiting) {
		fail(rt, -EBUSY, "sdk_task_wait: another thread is waiting for "
		     "task %" PRIu64, task.id);
		pthread_mutex_unlock(&rt->lock);
		return -EBUSY;
	}
	if (!t) {
		pthread_mutex_unlock(&rt->lock);
		return -ENOENT;
	}
	/* another thread reaps the list this copy went in: its status */
	while (t && !t->done && kid_waiting(rt, t)) {
		pthread_cond_wait(&rt->reaped, &rt->lock);
		t = find_task(rt, task.id);
	}
	if (!t) {	/* a third thread waited for the same task */
		lookup(rt, "sdk_task_wait", task);
		pthread_mutex_unlock(&rt->lock);
		return -ENOENT;
	}
	if (!t->done) {
		uint64_t kid = t->kid;

		t->waiting = true;
		subs = t->subs;
		nr_subs = t->nr_subs;
		pthread_mutex_unlock(&rt->lock);
		status = wait_op(rt->dev, subs, nr_subs, kid);
		pthread_mutex_lock(&rt->lock);
		t = find_task(rt, task.id);	/* the table may have moved */
		t->waiting = false;
		reaped_kid(rt, t, status);
	}
	status = t->status;
	op = t->op;
	index = t->index;
	stream = t->stream;
	fault = t->fault;
	t->fault = NULL;
	drop_task(rt, t);
	if (status)
		fail_task(rt, op, index, stream, status, fault ? fault : "");
	free(fault);
	pthread_mutex_unlock(&rt->lock);
	return status;
}

static int is_task_done_l(struct sdk_runtime *rt, sdk_task_t task)
{
	struct sdk_pending *t;
	int ret;

	if (!rt)
		return -EINVAL;
	sdk__msg(rt)[0] = '\0';
	t = lookup(rt, "sdk_is_task_done", task);
	if (!t)
		return -ENOENT;
	if (t->done)
		return 1;
	ret = wse_query(rt->dev, t->kid, NULL);
	if (ret < 0)
		return fail_wse(rt, "sdk_is_task_done", ret);
	return ret != WSE_TASK_PENDING;
}

/* ---- the public calls: each holds rt->lock (sdkruntime.h "Threads") -------- */

/*
 * Each first submits the queue of small copies (but sdk_memcpy_h2d, which
 * may append to it), so that everything the program does after a queued
 * copy is ordered after it.
 */
#define LOCKED_AS_IS(rt, call)					\
	do {							\
		int ret_;					\
								\
		if (!(rt))					\
			return -EINVAL;				\
		pthread_mutex_lock(&(rt)->lock);		\
		ret_ = (call);					\
		pthread_mutex_unlock(&(rt)->lock);		\
		return ret_;					\
	} while (0)
#define LOCKED(rt, call)	LOCKED_AS_IS(rt, (flush_queue(rt), (call)))

int sdk_load(struct sdk_runtime *rt)
{
	LOCKED(rt, load_l(rt));
}

int sdk_run(struct sdk_runtime *rt)
{
	LOCKED(rt, run_l(rt));
}

int sdk_stop(struct sdk_runtime *rt)
{
	LOCKED(rt, stop_l(rt));
}

int sdk_get_id(struct sdk_runtime *rt, const char *name, sdk_symbol_t *sym)
{
	LOCKED(rt, get_id_l(rt, name, sym));
}

int sdk_get_symbol(struct sdk_runtime *rt, const char *name,
		   sdk_symbol_t *sym)
{
	LOCKED(rt, get_symbol_l(rt, name, sym));
}

int sdk_get_param(struct sdk_runtime *rt, const char *name,
		  const char **value)
{
	LOCKED(rt, get_param_l(rt, name, value));
}

int sdk_get_color(struct sdk_runtime *rt, const char *name, sdk_symbol_t *sym)
{
	LOCKED(rt, get_color_l(rt, name, sym));
}

int sdk_memcpy_h2d(struct sdk_runtime *rt, sdk_symbol_t dest, const void *src,
		   uint32_t x, uint32_t y, uint32_t w, uint32_t h, uint32_t l,
		   bool streaming, int data_type, int order, bool nonblock,
		   sdk_task_t *task)
{
	LOCKED_AS_IS(rt, memcpy_h2d_l(rt, dest, src, x, y, w, h, l, streaming,
				data_type, order, nonblock, task));
}

int sdk_memcpy_d2h(struct sdk_runtime *rt, void *dest, sdk_symbol_t src,
		   uint32_t x, uint32_t y, uint32_t w, uint32_t h, uint32_t l,
		   bool streaming, int data_type, int order, bool nonblock,
		   sdk_task_t *task)
{
	LOCKED(rt, memcpy_d2h_l(rt, dest, src, x, y, w, h, l, streaming,
				data_type, order, nonblock, task));
}

int sdk_memcpy_h2d_rowbcast(struct sdk_runtime *rt, sdk_symbol_t dest,
			    const void *src, uint32_t x, uint32_t y,
			    uint32_t w, uint32_t h, uint32_t l, bool streaming,
			    int data_type, int order, bool nonblock,
			    sdk_task_t *task)
{
	LOCKED(rt, memcpy_h2d_rowbcast_l(rt, dest, src, x, y, w, h, l,
					 streaming, data_type, order, nonblock,
					 task));
}

int sdk_memcpy_h2d_colbcast(struct sdk_runtime *rt, sdk_symbol_t dest,
			    const void *src, uint32_t x, uint32_t y,
			    uint32_t w, uint32_t h, uint32_t l, bool streaming,
			    int data_type, int order, bool nonblock,
			    sdk_task_t *task)
{
	LOCKED(rt, memcpy_h2d_colbcast_l(rt, dest, src, x, y, w, h, l,
					 streaming, data_type, order, nonblock,
					 task));
}

int sdk_memcpy_h2d_stride(struct sdk_runtime *rt, sdk_symbol_t dest,
			  const void *src, uint32_t x, uint32_t y, uint32_t w,
			  uint32_t h, uint32_t l, uint32_t row_stride,
			  uint32_t col_stride, bool streaming, int data_type,
			  int order, bool nonblock, sdk_task_t *task)
{
	LOCKED(rt, h2d_stride(rt, dest, src, x, y, w, h, l, row_stride,
			      col_stride, streaming, data_type, order,
			      nonblock, task));
}

int sdk_read_symbol(struct sdk_runtime *rt, uint32_t x, uint32_t y,
		    const char *name, void *dst, uint32_t l, int data_type)
{
	LOCKED(rt, read_symbol_l(rt, x, y, name, dst, l, data_type));
}

int sdk_read_symbol_bytes(struct sdk_runtime *rt, uint32_t x, uint32_t y,
			  const char *name, void *dst, uint32_t cap,
			  uint32_t *bytes)
{
	LOCKED(rt, read_symbol_bytes_l(rt, x, y, name, dst, cap, bytes));
}

int sdk_dump_core(struct sdk_runtime *rt, const char *path)
{
	LOCKED(rt, dump_core_l(rt, path));
}

int sdk_launch_args(struct sdk_runtime *rt, const char *name, bool nonblock,
		    sdk_task_t *task, const struct sdk_arg *args,
		    uint32_t argc)
{
	LOCKED(rt, launch_args_l(rt, name, nonblock, task, args, argc));
}

int sdk_call(struct sdk_runtime *rt, const char *name, const uint32_t *args,
	     uint32_t n, bool nonblock, sdk_task_t *task)
{
	LOCKED(rt, call_l(rt, name, args, n, nonblock, task));
}

int sdk_is_task_done(struct sdk_runtime *rt, sdk_task_t task)
{
	LOCKED(rt, is_task_done_l(rt, task));
}
