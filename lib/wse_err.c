// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * wse_err.c - every message text of libwse: the errno table of
 * <linux/wse.h>, and what each errno means for each call.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wse_internal.h"

#define CALL(c)		(1u << (c))
#define ANY_CALL	0u	/* generic meaning, also wse_strerror()'s */
#define SUBMIT		(CALL(WSE_CALL_H2D) | CALL(WSE_CALL_D2H) | \
			 CALL(WSE_CALL_LAUNCH) | CALL(WSE_CALL_H2D_LIST))
#define XFER		(CALL(WSE_CALL_H2D) | CALL(WSE_CALL_D2H) | \
			 CALL(WSE_CALL_H2D_LIST))
#define TASKS		(CALL(WSE_CALL_WAIT) | CALL(WSE_CALL_QUERY))

static const char *const call_names[WSE_CALL_NR] = {
	[WSE_CALL_GET_INFO] = "wse_get_info",
	[WSE_CALL_CONFIGURE] = "wse_configure",
	[WSE_CALL_STOP] = "wse_stop",
	[WSE_CALL_H2D] = "wse_h2d",
	[WSE_CALL_D2H] = "wse_d2h",
	[WSE_CALL_LAUNCH] = "wse_launch",
	[WSE_CALL_WAIT] = "wse_wait",
	[WSE_CALL_QUERY] = "wse_query",
	[WSE_CALL_LOAD] = "wse_load",
	[WSE_CALL_RUN] = "wse_run",
	[WSE_CALL_GET_FAULT] = "wse_get_fault",
	[WSE_CALL_GET_STALL] = "wse_get_stall",
	[WSE_CALL_H2D_LIST] = "wse_h2d_list",
};

struct errno_text {
	int err;
	const char *name;
};

static const struct errno_text errno_names[] = {
	{ ENOTTY, "ENOTTY" }, { EINVAL, "EINVAL" }, { E2BIG, "E2BIG" },
	{ EFAULT, "EFAULT" }, { ENOENT, "ENOENT" }, { EPERM, "EPERM" },
	{ EBUSY, "EBUSY" }, { ENOSPC, "ENOSPC" }, { EAGAIN, "EAGAIN" },
	{ ETIMEDOUT, "ETIMEDOUT" }, { EINTR, "EINTR" }, { EIO, "EIO" },
	{ ENODEV, "ENODEV" }, { ENOMEM, "ENOMEM" },
	{ EOPNOTSUPP, "EOPNOTSUPP" }, { ECANCELED, "ECANCELED" },
	{ EACCES, "EACCES" }, { EBADF, "EBADF" }, { EBADFD, "EBADFD" },
	{ ENOEXEC, "ENOEXEC" }, { EDEADLK, "EDEADLK" }, { EPROTO, "EPROTO" },
};

/* What an errno means; the most specific entry for a call wins. */
struct meaning {
	unsigned int calls;	/* CALL() mask, or ANY_CALL */
	int err;
	const char *text;
};

static const struct meaning meanings[] = {
	/* the errno table of <linux/wse.h> */
	{ ANY_CALL, ENOTTY, "ENOTTY: unknown ioctl (not a wse device, or an older driver)" },
	{ ANY_CALL, EPROTO, "EPROTO: (library) the driver speaks another ABI version (info.abi_version) than this libwse" },
	{ ANY_CALL, EINVAL, "EINVAL: invalid argument (size, reserved field, flag or a value out of range)" },
	{ ANY_CALL, E2BIG, "E2BIG: structure larger than the driver knows, with non-zero tail bytes" },
	{ ANY_CALL, EFAULT, "EFAULT: the argument or the host buffer is not accessible" },
	{ ANY_CALL, ENOENT, "ENOENT: not found (no such device node; for a wait or query: no such task on this file)" },
	{ ANY_CALL, EPERM, "EPERM: this file has not configured the device" },
	{ ANY_CALL, EBUSY, "EBUSY: the device is configured (owned by an open file)" },
	{ ANY_CALL, ENOSPC, "ENOSPC: does not fit in PE memory or in the device" },
	{ ANY_CALL, EAGAIN, "EAGAIN: too many unreaped tasks on this file; reap some with a wait" },
	{ ANY_CALL, ETIMEDOUT, "ETIMEDOUT: timed out (a wait expired, or the watchdog aborted the task)" },
	{ ANY_CALL, EINTR, "EINTR: interrupted by a signal" },
	{ ANY_CALL, EIO, "EIO: the device reported an error for the task" },
	{ ANY_CALL, ENODEV, "ENODEV: the device is gone; waits still report each task, everything else fails" },
	{ ANY_CALL, ENOMEM, "ENOMEM: out of memory" },
	{ ANY_CALL, EOPNOTSUPP, "EOPNOTSUPP: operation not executed by this driver yet" },
	{ ANY_CALL, ECANCELED, "ECANCELED: STOP ended the task (a RUN, LAUNCH or stream)" },
	{ ANY_CALL, EBADFD, "EBADFD: out of order for the program's life cycle (configure, load, run, then copies and launches)" },
	{ ANY_CALL, ENOEXEC, "ENOEXEC: a PE image is unusable (entry point outside it, or too long)" },
	{ ANY_CALL, EDEADLK, "EDEADLK: the fabric stalled (no wavelet moved and no PE instruction retired for the device's stall time); stop, configure and load again" },
	{ XFER, EBADFD, "EBADFD: a copy by symbol needs a loaded program, a streaming transfer a running one" },

	/* in the context of a call */
	/* programs (before SUBMIT: the most specific entry must come first) */
	{ CALL(WSE_CALL_LOAD), EBADFD, "EBADFD: a program is already loaded on this configuration (stop first)" },
	{ CALL(WSE_CALL_LOAD), EINVAL, "EINVAL: the driver rejected the load (counts, pe_map index, flags or reserved)" },
	{ CALL(WSE_CALL_LOAD), ENOEXEC, "ENOEXEC: a PE image is unusable (empty or longer than PE memory, entry outside it or misaligned, a function or symbol outside PE memory)" },
	{ CALL(WSE_CALL_LOAD), EOPNOTSUPP, "EOPNOTSUPP: this device cannot load PE programs" },
	{ CALL(WSE_CALL_LOAD), EPERM, "EPERM: this handle has not configured the device (call wse_configure first)" },
	{ CALL(WSE_CALL_RUN), EBADFD, "EBADFD: no program is loaded, or it was already run" },
	{ CALL(WSE_CALL_RUN), EIO, "EIO: a PE faulted during its init (wse_get_fault says where)" },
	{ CALL(WSE_CALL_RUN), ETIMEDOUT, "ETIMEDOUT: the device gave no sign of life for wse.watchdog_ms before every PE finished its init (wse_get_fault names a PE still running and what it waited for)" },
	{ CALL(WSE_CALL_RUN), EDEADLK, "EDEADLK: the fabric stalled during the PEs' init (wse_get_stall says where); stop, configure and load again" },
	{ CALL(WSE_CALL_RUN), EPERM, "EPERM: this handle has not configured the device (call wse_configure first)" },
	{ CALL(WSE_CALL_LAUNCH), EBADFD, "EBADFD: no program is running (load and run it first)" },
	{ CALL(WSE_CALL_LAUNCH), EIO, "EIO: a PE faulted during the launch (wse_get_fault says where)" },
	{ CALL(WSE_CALL_GET_FAULT), ENOENT, "ENOENT: no PE has faulted since the program was loaded" },
	{ CALL(WSE_CALL_GET_FAULT), EPERM, "EPERM: this handle has not configured the device" },
	{ CALL(WSE_CALL_GET_STALL), ENOENT, "ENOENT: no task has stalled since the program was loaded" },
	{ CALL(WSE_CALL_GET_STALL), EPERM, "EPERM: this handle has not configured the device" },
	{ CALL(WSE_CALL_CONFIGURE), EBUSY, "EBUSY: the device is already configured (by this handle or another open file); stop it first" },
	{ CALL(WSE_CALL_CONFIGURE), EINVAL, "EINVAL: the configuration breaks a fabric constraint or has a bad size/flag/reserved field" },
	{ CALL(WSE_CALL_CONFIGURE), ENOSPC, "ENOSPC: the device cannot hold a rectangle of width*height PEs (max_rect_pes)" },
	{ CALL(WSE_CALL_CONFIGURE), ENOMEM, "ENOMEM: out of memory for the rings or the PE memories" },
	{ CALL(WSE_CALL_STOP), EPERM, "EPERM: this handle has not configured the device" },
	{ SUBMIT, EPERM, "EPERM: work submitted on a handle that has not configured the device (call wse_configure first)" },
	{ SUBMIT, EBUSY, "EBUSY: the device is configured by another open file" },
	{ XFER, EAGAIN, "EAGAIN: this handle has WSE_MAX_TASKS unreaped tasks, or its unfinished transfers would pin more than WSE_MAX_PINNED_BYTES (256 MiB); reap some with wse_wait" },
	{ SUBMIT, EAGAIN, "EAGAIN: this handle has WSE_MAX_TASKS unreaped tasks; reap some with wse_wait" },
	{ SUBMIT, EIO, "EIO: the device reported an error for the task" },
	{ SUBMIT, ETIMEDOUT, "ETIMEDOUT: the device watchdog found the task's channel giving no sign of life (no completion, no instruction retired, no wavelet moved) for wse.watchdog_ms and reset it; the task was aborted" },
	{ SUBMIT, ENODEV, "ENODEV: the device was lost before the task ended" },
	{ SUBMIT, EDEADLK, "EDEADLK: the fabric stalled: no wavelet moved and no PE instruction retired for the device's stall time (wse_get_stall says where); stop, configure and load again" },
	{ SUBMIT, EINTR, "EINTR: the blocking submission was interrupted by a fatal signal" },
	{ XFER, EINVAL, "EINVAL: the driver rejected the transfer (ROI, w/h/l, host_bytes (at most WSE_MAX_XFER_BYTES, 64 MiB), alignment, data_type, order, flags, reserved, or a color that is not a stream color of the program)" },
	{ XFER, ENOSPC, "ENOSPC: the PE range [pe_offset, pe_offset + l*elem) does not fit in PE memory" },
	{ XFER, ENOMEM, "ENOMEM: pinning the host array would exceed the locked-memory limit RLIMIT_MEMLOCK (ulimit -l; pins of unfinished transfers count), or out of memory" },
	{ CALL(WSE_CALL_H2D), EFAULT, "EFAULT: the host array (or the argument) is not readable" },
	{ CALL(WSE_CALL_H2D_LIST), EFAULT, "EFAULT: the items or the data (or the argument) are not readable" },
	{ CALL(WSE_CALL_D2H), EFAULT, "EFAULT: the host array (or the argument) is not writable" },
	{ CALL(WSE_CALL_LAUNCH), EINVAL, "EINVAL: the driver rejected the launch (argc, args beyond argc, flags or reserved)" },
	{ CALL(WSE_CALL_LAUNCH), EOPNOTSUPP, "EOPNOTSUPP: this driver does not execute PE functions yet" },
	{ TASKS, ENOENT, "ENOENT: no such task on this handle (never submitted here, or already reaped)" },
	{ CALL(WSE_CALL_WAIT), ETIMEDOUT, "ETIMEDOUT: the timeout expired before the task(s) finished; nothing reaped, wait again" },
	{ CALL(WSE_CALL_WAIT), EINTR, "EINTR: interrupted by a signal; nothing reaped, wait again" },
};

static const struct meaning *find_meaning(enum wse_call call, int err)
{
	const struct meaning *generic = NULL;

	for (size_t i = 0; i < sizeof(meanings) / sizeof(meanings[0]); i++) {
		const struct meaning *m = &meanings[i];

		if (m->err != err)
			continue;
		if (m->calls & CALL(call))
			return m;
		if (m->calls == ANY_CALL)
			generic = m;
	}
	return generic;
}

static const char *errno_name(int err)
{
	for (size_t i = 0; i < sizeof(errno_names) / sizeof(errno_names[0]); i++)
		if (errno_names[i].err == err)
			return errno_names[i].name;
	return NULL;
}

const char *wse_strerror(int err)
{
	const struct meaning *m;

	err = abs(err);
	m = find_meaning(WSE_CALL_NR, err);
	return m ? m->text : strerror(err);
}

const char *wse__call_name(enum wse_call call)
{
	return call < WSE_CALL_NR ? call_names[call] : "wse";
}

/*
 * The message of the calling thread's last call, and the handle it was
 * made on: a thread waiting on a handle does not race with another thread
 * submitting on it (wse.h "Thread safety").
 */
static _Thread_local struct {
	const struct wse_dev *dev;
	char msg[WSE_ERRMSG_MAX];
} last;

static char *msgbuf(const struct wse_dev *dev)
{
	last.dev = dev;
	return last.msg;
}

void wse__begin(struct wse_dev *dev)
{
	msgbuf(dev)[0] = '\0';
}

void wse__forget(const struct wse_dev *dev)
{
	if (last.dev == dev)
		last.dev = NULL;
}

int wse__fail_msg(struct wse_dev *dev, enum wse_call call, int err,
		  const char *reason)
{
	snprintf(msgbuf(dev), WSE_ERRMSG_MAX, "%s: %s", wse__call_name(call),
		 reason);
	return err;
}

int wse__fail_errno(struct wse_dev *dev, enum wse_call call, int err)
{
	const struct meaning *m = find_meaning(call, abs(err));
	const char *name = errno_name(abs(err));

	if (m)
		return wse__fail_msg(dev, call, err, m->text);
	snprintf(msgbuf(dev), WSE_ERRMSG_MAX, "%s: %s: %s",
		 wse__call_name(call), name ? name : "error",
		 strerror(abs(err)));
	return err;
}

static const char *const fault_causes[] = {
	[WSE_FAULT_NONE] = "no fault",
	[WSE_FAULT_ILLEGAL] = "illegal instruction",
	[WSE_FAULT_FETCH] = "instruction fetch from a bad address",
	[WSE_FAULT_LOAD] = "load from outside PE memory",
	[WSE_FAULT_STORE] = "store outside PE memory",
	[WSE_FAULT_MISALIGNED] = "misaligned load or store",
	[WSE_FAULT_ECALL] = "unknown builtin or bad builtin argument",
	[WSE_FAULT_BREAK] = "ebreak",
	[WSE_FAULT_STUCK] = "still running when the watchdog fired",
};

/* What a PE halted as WSE_FAULT_STUCK was doing (uapi WSE_STUCK_*). */
static void stuck_what(uint32_t addr, char *buf, size_t n)
{
	unsigned int color = WSE_STUCK_COLOR(addr);

	switch (WSE_STUCK_WHAT(addr)) {
	case WSE_STUCK_EVENTS:
		snprintf(buf, n, "waiting for events (a launch, wavelets of "
			 "its data-task colors) without having unblocked the "
			 "command stream");
		break;
	case WSE_STUCK_RECV:
		snprintf(buf, n, "waiting to receive wavelets on color %u",
			 color);
		break;
	case WSE_STUCK_SEND:
		snprintf(buf, n, "waiting to send on color %u (buffer full)",
			 color);
		break;
	case WSE_STUCK_LAUNCH:
		snprintf(buf, n, "busy before taking the launch");
		break;
	default:
		snprintf(buf, n, "executing instructions");
	}
}

int wse_fault_str(const struct wse_fault *f, char *buf, size_t n)
{
	const char *cause;
	char what[128];
	int len;

	if (!f) {
		if (n)
			buf[0] = '\0';
		return 0;
	}
	cause = f->cause < sizeof(fault_causes) / sizeof(fault_causes[0]) ?
		fault_causes[f->cause] : NULL;
	switch (f->cause) {
	case WSE_FAULT_ILLEGAL:
		snprintf(what, sizeof(what), "%s 0x%08x", cause, f->addr);
		break;
	case WSE_FAULT_FETCH:
	case WSE_FAULT_LOAD:
	case WSE_FAULT_STORE:
	case WSE_FAULT_MISALIGNED:
	case WSE_FAULT_ECALL:
		snprintf(what, sizeof(what), "%s 0x%x", cause, f->addr);
		break;
	default:
		if (cause)
			snprintf(what, sizeof(what), "%s", cause);
		else
			snprintf(what, sizeof(what), "fault cause %u, addr 0x%x",
				 f->cause, f->addr);
	}
	if (f->cause == WSE_FAULT_STUCK) {
		stuck_what(f->addr, what, sizeof(what));
		len = snprintf(buf, n, "the watchdog stopped the PEs: PE (%u,%u) "
			       "was still running at pc 0x%x, %s", f->x, f->y,
			       f->pc, what);
	} else {
		len = snprintf(buf, n, "PE (%u,%u) faulted at pc 0x%x: %s",
			       f->x, f->y, f->pc, what);
	}
	if (f->nr_faulted > 1 && len >= 0)
		len += snprintf(n > (size_t)len ? buf + len : NULL,
				n > (size_t)len ? n - len : 0,
				" (%u PEs %s)", f->nr_faulted,
				f->cause == WSE_FAULT_STUCK ?
				"stopped so or faulted" : "faulted");
	return len;
}

/* ---- stall reports -------------------------------------------------------- */

#define STALL_SHOWN 8	/* entries wse_stall_str() spells out */

/* Append to @buf (size @n) at *@len, snprintf-style (counts past the end). */
static void put(char *buf, size_t n, size_t *len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void put(char *buf, size_t n, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsnprintf(*len < n ? buf + *len : NULL, *len < n ? n - *len : 0,
		      fmt, ap);
	va_end(ap);
	if (r > 0)
		*len += (size_t)r;
}

/* "1 wavelet", "3 wavelets", "255 or more wavelets" (count saturates) */
static void put_wavelets(char *buf, size_t n, size_t *len, unsigned int count)
{
	if (count >= 255)
		put(buf, n, len, "255 or more wavelets");
	else
		put(buf, n, len, "%u wavelet%s", count, count == 1 ? "" : "s");
}

static void put_color(char *buf, size_t n, size_t *len, unsigned int color)
{
	if (color == 0xff)
		put(buf, n, len, "no color");
	else
		put(buf, n, len, "color %u", color);
}

static void put_entry(char *buf, size_t n, size_t *len,
		      const struct wse_stall *st,
		      const struct wse_stall_entry *e)
{
	char ports[48];

	switch (e->kind) {
	case WSE_STALL_RECV:
		put(buf, n, len, "PE (%u,%u) waits to receive on ", e->x,
		    e->y);
		put_color(buf, n, len, e->color);
		put(buf, n, len, " (pc 0x%x)", e->pc);
		break;
	case WSE_STALL_SEND:
		put(buf, n, len, "PE (%u,%u) waits to send on ", e->x, e->y);
		put_color(buf, n, len, e->color);
		put(buf, n, len, " (buffer full, pc 0x%x)", e->pc);
		break;
	case WSE_STALL_ROUTER:
		put(buf, n, len, "router (%u,%u) holds ", e->x, e->y);
		put_wavelets(buf, n, len, e->count);
		put(buf, n, len, " of ");
		put_color(buf, n, len, e->color);
		put(buf, n, len, " it cannot forward %s",
		    wse__ports_str(e->port, ports, sizeof(ports)));
		break;
	case WSE_STALL_QUEUE:
		put(buf, n, len, "PE (%u,%u) has ", e->x, e->y);
		put_wavelets(buf, n, len, e->count);
		put(buf, n, len, " of ");
		put_color(buf, n, len, e->color);
		put(buf, n, len, " in its input queue that nothing takes");
		break;
	case WSE_STALL_UNBLOCK:
		put(buf, n, len, "PE (%u,%u) waits for events without having "
		    "unblocked the command stream (pc 0x%x)", e->x, e->y,
		    e->pc);
		break;
	case WSE_STALL_MEMCPY:
		if (st && st->op == WSE_STALL_OP_H2D && e->color == st->color) {
			put(buf, n, len, "the memcpy halo cannot push ");
			put_wavelets(buf, n, len, e->count);
			put(buf, n, len, " of color %u into PE "
			    "(%u,%u)", e->color, e->x, e->y);
		} else if (st && st->op == WSE_STALL_OP_D2H &&
			   e->color == st->color) {
			put(buf, n, len, "the memcpy halo waits for ");
			put_wavelets(buf, n, len, e->count);
			put(buf, n, len, " of color %u from PE "
			    "(%u,%u)", e->color, e->x, e->y);
		} else {
			put(buf, n, len, "the memcpy halo waits on ");
			put_color(buf, n, len, e->color);
			put(buf, n, len, " at PE (%u,%u) (", e->x, e->y);
			put_wavelets(buf, n, len, e->count);
			put(buf, n, len, ")");
		}
		break;
	default:
		put(buf, n, len, "PE (%u,%u): stall kind %u on ", e->x, e->y,
		    e->kind);
		put_color(buf, n, len, e->color);
		put(buf, n, len, " (pc 0x%x)", e->pc);
	}
}

int wse_stall_str(const struct wse_stall *st,
		  const struct wse_stall_entry *entries, uint32_t nr,
		  char *buf, size_t n)
{
	uint32_t shown, total;
	size_t len = 0;

	if (n)
		buf[0] = '\0';
	if (!st)
		return 0;
	put(buf, n, &len, "stalled (no progress for %u ms)", st->stall_ms);
	switch (st->op) {
	case WSE_STALL_OP_H2D:
	case WSE_STALL_OP_D2H:
		put(buf, n, &len, ": %llu of %llu wavelet%s of the streaming "
		    "%s on color %u delivered",
		    (unsigned long long)st->delivered,
		    (unsigned long long)st->total, st->total == 1 ? "" : "s",
		    st->op == WSE_STALL_OP_H2D ? "h2d" : "d2h", st->color);
		break;
	case WSE_STALL_OP_RUN:
		put(buf, n, &len, " during run");
		break;
	case WSE_STALL_OP_LAUNCH:
		put(buf, n, &len, " during a launch");
		break;
	}
	total = st->nr_entries;
	shown = nr < total ? nr : total;
	if (!entries)
		shown = 0;
	if (shown > STALL_SHOWN)
		shown = STALL_SHOWN;
	for (uint32_t i = 0; i < shown; i++) {
		put(buf, n, &len, "; ");
		put_entry(buf, n, &len, st, &entries[i]);
	}
	if (total > shown)
		put(buf, n, &len, "%s and %u more", shown ? ";" : ":",
		    total - shown);
	if (n && len >= n && n > 4)
		memcpy(buf + n - 4, "...", 4);	/* mark the cut */
	return (int)len;
}

const char *wse_errmsg(const struct wse_dev *dev)
{
	return dev && last.dev == dev ? last.msg : "";
}
