/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tracepoints of wse.ko (events/wse/ in tracefs), documented in
 * doc/DESIGN.md.  Every event has @dev (the N of /dev/wseN) so a filter can
 * pick one device; task events have the task @id of WSE_IOCTL_WAIT and the
 * submitting process's @tgid.  Fired from wse_stats.c and the data path.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM wse

#if !defined(_WSE_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _WSE_TRACE_H

#include <linux/tracepoint.h>

#include "wse_internal.h"

#define wse_trace_op(op)						\
	__print_symbolic(op,						\
			 { WSE_HW_OP_NOP, "nop" },			\
			 { WSE_HW_OP_H2D_COPY, "h2d" },			\
			 { WSE_HW_OP_D2H_COPY, "d2h" },			\
			 { WSE_HW_OP_RUN, "run" },			\
			 { WSE_HW_OP_LAUNCH, "launch" },		\
			 { WSE_HW_OP_H2D_STREAM, "h2d_stream" },	\
			 { WSE_HW_OP_D2H_STREAM, "d2h_stream" })

/* A task entered the device's queue (WSE_IOCTL_H2D/D2H/RUN/LAUNCH). */
TRACE_EVENT(wse_submit,
	TP_PROTO(const struct wse_task *t),
	TP_ARGS(t),
	TP_STRUCT__entry(
		__field(int, dev)
		__field(u64, id)
		__field(pid_t, tgid)
		__field(u8, op)
		__field(u32, parts)
		__field(u64, bytes)
	),
	TP_fast_assign(
		__entry->dev = t->wf->wdev->index;
		__entry->id = t->id;
		__entry->tgid = t->wf->tgid;
		__entry->op = t->opcode;
		__entry->parts = t->nr_parts;
		__entry->bytes = t->host_bytes;
	),
	TP_printk("dev=%d id=%llu tgid=%d op=%s parts=%u bytes=%llu",
		  __entry->dev, __entry->id, __entry->tgid,
		  wse_trace_op(__entry->op), __entry->parts, __entry->bytes)
);

/* The core told the device the new SQ tail of channel @ch. */
TRACE_EVENT(wse_doorbell,
	TP_PROTO(const struct wse_device *wdev, unsigned int ch, u32 tail),
	TP_ARGS(wdev, ch, tail),
	TP_STRUCT__entry(
		__field(int, dev)
		__field(u32, ch)
		__field(u32, tail)
	),
	TP_fast_assign(
		__entry->dev = wdev->index;
		__entry->ch = ch;
		__entry->tail = tail;
	),
	TP_printk("dev=%d ch=%u tail=%u", __entry->dev, __entry->ch,
		  __entry->tail)
);

/* One CQE consumed: a part of task @id ended with @status (0 or -errno). */
TRACE_EVENT(wse_completion,
	TP_PROTO(const struct wse_device *wdev, unsigned int ch, u32 tag,
		 const struct wse_task *t, int status),
	TP_ARGS(wdev, ch, tag, t, status),
	TP_STRUCT__entry(
		__field(int, dev)
		__field(u32, ch)
		__field(u32, tag)
		__field(u64, id)
		__field(int, status)
	),
	TP_fast_assign(
		__entry->dev = wdev->index;
		__entry->ch = ch;
		__entry->tag = tag;
		__entry->id = t->id;
		__entry->status = status;
	),
	TP_printk("dev=%d ch=%u tag=%u id=%llu status=%d", __entry->dev,
		  __entry->ch, __entry->tag, __entry->id, __entry->status)
);

/* Task @id is finished (every part ended, buffers released). */
TRACE_EVENT(wse_task_end,
	TP_PROTO(const struct wse_task *t, u64 busy_ns),
	TP_ARGS(t, busy_ns),
	TP_STRUCT__entry(
		__field(int, dev)
		__field(u64, id)
		__field(pid_t, tgid)
		__field(u8, op)
		__field(int, status)
		__field(u64, busy_ns)
	),
	TP_fast_assign(
		__entry->dev = t->wf->wdev->index;
		__entry->id = t->id;
		__entry->tgid = t->wf->tgid;
		__entry->op = t->opcode;
		__entry->status = t->status;
		__entry->busy_ns = busy_ns;
	),
	TP_printk("dev=%d id=%llu tgid=%d op=%s status=%d busy_ns=%llu",
		  __entry->dev, __entry->id, __entry->tgid,
		  wse_trace_op(__entry->op), __entry->status, __entry->busy_ns)
);

/* A LAUNCH task was submitted: PE function @func with @argc arguments. */
TRACE_EVENT(wse_launch,
	TP_PROTO(const struct wse_task *t, u32 func, u32 argc),
	TP_ARGS(t, func, argc),
	TP_STRUCT__entry(
		__field(int, dev)
		__field(u64, id)
		__field(pid_t, tgid)
		__field(u32, func)
		__field(u32, argc)
	),
	TP_fast_assign(
		__entry->dev = t->wf->wdev->index;
		__entry->id = t->id;
		__entry->tgid = t->wf->tgid;
		__entry->func = func;
		__entry->argc = argc;
	),
	TP_printk("dev=%d id=%llu tgid=%d func=%u argc=%u", __entry->dev,
		  __entry->id, __entry->tgid, __entry->func, __entry->argc)
);

/* The device reported a fabric stall for task @id (EDEADLK). */
TRACE_EVENT(wse_stall,
	TP_PROTO(const struct wse_device *wdev, unsigned int ch,
		 const struct wse_task *t),
	TP_ARGS(wdev, ch, t),
	TP_STRUCT__entry(
		__field(int, dev)
		__field(u32, ch)
		__field(u64, id)
		__field(u8, op)
	),
	TP_fast_assign(
		__entry->dev = wdev->index;
		__entry->ch = ch;
		__entry->id = t->id;
		__entry->op = t->opcode;
	),
	TP_printk("dev=%d ch=%u id=%llu op=%s", __entry->dev, __entry->ch,
		  __entry->id, wse_trace_op(__entry->op))
);

/* The watchdog found channel @ch stuck for @timeout_ms and resets it. */
TRACE_EVENT(wse_watchdog_reset,
	TP_PROTO(const struct wse_device *wdev, unsigned int ch,
		 unsigned int timeout_ms),
	TP_ARGS(wdev, ch, timeout_ms),
	TP_STRUCT__entry(
		__field(int, dev)
		__field(u32, ch)
		__field(u32, timeout_ms)
	),
	TP_fast_assign(
		__entry->dev = wdev->index;
		__entry->ch = ch;
		__entry->timeout_ms = timeout_ms;
	),
	TP_printk("dev=%d ch=%u timeout_ms=%u", __entry->dev, __entry->ch,
		  __entry->timeout_ms)
);

/* The device is gone: lost (@removed 0) or unregistered (@removed 1). */
TRACE_EVENT(wse_device_lost,
	TP_PROTO(const struct wse_device *wdev, bool removed),
	TP_ARGS(wdev, removed),
	TP_STRUCT__entry(
		__field(int, dev)
		__field(bool, removed)
	),
	TP_fast_assign(
		__entry->dev = wdev->index;
		__entry->removed = removed;
	),
	TP_printk("dev=%d removed=%d", __entry->dev, __entry->removed)
);

#endif /* _WSE_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE wse_trace
#include <trace/define_trace.h>
