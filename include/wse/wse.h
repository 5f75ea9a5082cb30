/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * wse/wse.h - libwse, the low-level C library of the wse driver stack.
 *
 * One thin wrapper per ioctl of <linux/wse.h> (the kernel ABI; read its
 * comment for the model, task states and the errno table), plus argument
 * validation with readable messages.  The SdkRuntime-style layer
 * (<wse/sdkruntime.h>) is built on top of this one; nothing here knows
 * about bundles, ELF files or names: wse_load() takes PE images, tables
 * and routes that are already built, copies by symbol take symbol ids,
 * streaming transfers color ids.
 *
 * Conventions (as liburing):
 *  - Functions return 0 (or a value >= 0 where stated) on success and a
 *    negative errno on failure.  They never exit, print or touch errno's
 *    meaning for the caller (errno may be clobbered).
 *  - Every call on a handle first clears the handle's message, and on failure
 *    stores one that names the call, the argument and the limit, e.g.
 *      "wse_h2d: ROI (3,0,2,1) is outside the 4x1 rectangle"
 *      "wse_configure: dim_x 9 < offset_x 4 + width 4 + 3 + east_buf 0 = 11"
 *      "wse_h2d: EBUSY: the device is configured by another open file"
 *    Read it with wse_errmsg().  A NULL handle gives -EINVAL and no message.
 *  - The library checks what it can before each ioctl: field ranges, flags,
 *    reserved fields, sizes, alignment, the PE memory range, and (when this
 *    handle configured the device through wse_configure()) the ROI against
 *    the rectangle and the configuration against the device's fabric.  It
 *    returns the errno the kernel would return (EINVAL, ENOSPC, ...).  The
 *    kernel checks everything again; wse_ioctl() on wse_fd() is the raw path
 *    that reaches the kernel without library checks.
 *
 * Host layout of a copy (struct wse_xfer): the host array holds w*h*l 32-bit
 * words.  Element k (0 <= k < l) of ROI PE (px, py), 0 <= px < w, 0 <= py < h,
 * is host word
 *   WSE_ORDER_ROW_MAJOR:  k + l * (px + w * py)   (l fastest, then x, then y)
 *   WSE_ORDER_COL_MAJOR:  py + h * (px + w * k)   (y fastest, then x, then k)
 * In PE memory element k is at byte pe_offset + 4*k (WSE_DATA_32BIT) or
 * pe_offset + 2*k (WSE_DATA_16BIT; H2D stores the low 16 bits of each host
 * word, D2H writes words whose upper 16 bits are zero).
 *
 * Streaming (WSE_XFER_STREAM, <linux/wse.h>): the same host layout, but
 * element k of ROI PE (px, py) is the k-th wavelet sent to (H2D) or
 * received from (D2H) that PE on the transfer's color; no PE memory is
 * addressed (pe_offset 0, l not bounded by PE memory).
 *
 * Thread safety: the message is per thread (like errno): wse_errmsg(dev)
 * is the message of the calling thread's last call on @dev ("" if this
 * thread's last call was on another handle).  wse_h2d, wse_d2h,
 * wse_launch, wse_wait, wse_query, wse_get_fault and wse_get_stall may run
 * on one handle from several threads at once (the kernel lets one thread
 * submit while another waits on the same fd); wse_configure, wse_load,
 * wse_run, wse_stop, wse_get_info and wse_close change the handle's state
 * and must not run concurrently with any other call on it.  Different
 * handles are independent.
 */
#ifndef WSE_WSE_H
#define WSE_WSE_H

#include <stddef.h>
#include <stdint.h>
#include <linux/wse.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(WSE_BUILDING_LIB)
#define WSE_API __attribute__((visibility("default")))
#else
#define WSE_API
#endif

/* An open device: an fd on /dev/wseN plus what the library remembers. */
struct wse_dev;

/* Longest message wse_errmsg() returns, including the NUL. */
#define WSE_ERRMSG_MAX 256

/* ---- opening ------------------------------------------------------------ */

/**
 * wse_open() - open a device and read its info.
 * @path: device node; NULL means "/dev/wse0"
 * @devp: out: the new handle (NULL on failure)
 *
 * Opens @path O_RDWR|O_CLOEXEC and issues WSE_IOCTL_GET_INFO.
 * Returns 0, or -EINVAL (@devp NULL), -ENOMEM, the open() errno (-ENOENT:
 * no such node, -EACCES, ...), -ENOTTY (not a wse device), -ENODEV (lost),
 * -EPROTO (the driver's info.abi_version is not WSE_ABI_VERSION).
 * wse_strerror() explains the code; there is no handle for a message.
 */
WSE_API int wse_open(const char *path, struct wse_dev **devp);

/**
 * wse_open_index() - wse_open("/dev/wse<index>").  -EINVAL for index < 0.
 */
WSE_API int wse_open_index(int index, struct wse_dev **devp);

/**
 * wse_close() - close the fd and free the handle (NULL: no-op, returns 0).
 * Closing releases ownership of the device; tasks of this handle that have
 * not started are cancelled (nobody can wait for them any more), running
 * ones finish first.
 * Returns 0 or the -errno of close() (the handle is freed anyway).
 */
WSE_API int wse_close(struct wse_dev *dev);

/** wse_fd() - the device fd (for poll/epoll and wse_ioctl()), -EINVAL if NULL. */
WSE_API int wse_fd(const struct wse_dev *dev);

/* ---- messages ------------------------------------------------------------ */

/**
 * wse_errmsg() - the message of this thread's last failed call on @dev.
 * "" when that call succeeded (or @dev is NULL, or this thread's last call
 * was on another handle).  Valid until this thread's next call.
 */
WSE_API const char *wse_errmsg(const struct wse_dev *dev);

/**
 * wse_strerror() - a static description of an errno as the wse ABI uses it,
 * e.g. "EAGAIN: too many unreaped tasks on this file".  @err may be
 * negative or positive.  Unknown codes give strerror()'s text.
 */
WSE_API const char *wse_strerror(int err);

/* ---- the raw path -------------------------------------------------------- */

/**
 * wse_ioctl() - ioctl(2) that retries interrupted calls, as libdrm's
 * drmIoctl().  Returns what ioctl() returns (-1 with errno set on failure;
 * errno is preserved).  Retries EINTR always (a fatal signal never
 * returns to userspace; WAIT, QUERY, GET_INFO, CONFIGURE and STOP are safe
 * to repeat).  Retries EAGAIN only for requests other than H2D, D2H,
 * LAUNCH and RUN: for those EAGAIN means "WSE_MAX_TASKS unreaped tasks", which
 * only a WAIT can change, so it is returned.  Does no validation: bad input
 * reaches the kernel as it is.  Note: WAIT with a relative timeout restarts
 * its timeout when retried; wse_wait() uses absolute deadlines instead.
 */
WSE_API int wse_ioctl(int fd, unsigned long request, void *arg);

/* ---- device info and program set-up ------------------------------------ */

/**
 * wse_get_info() - WSE_IOCTL_GET_INFO into @info (size set by the library).
 * Also refreshes the copy the library validates against.
 * Returns 0; -EINVAL (@info NULL); -ENODEV (device lost).
 */
WSE_API int wse_get_info(struct wse_dev *dev, struct wse_info *info);

/**
 * wse_configure_init() - zero @cfg, set its size and the fields given;
 * no buffer columns (west_buf = east_buf = 0).
 */
WSE_API void wse_configure_init(struct wse_configure *cfg,
				uint32_t width, uint32_t height,
				uint32_t offset_x, uint32_t offset_y,
				uint32_t dim_x, uint32_t dim_y,
				uint32_t channels);

/**
 * wse_configure() - WSE_IOCTL_CONFIGURE: claim the device for a program
 * rectangle.  The library sends a copy of @cfg with size =
 * sizeof(struct wse_configure).  Checks, in the kernel's order: channels
 * 1..16, width/height >= 1, offset_x >= 4 + west_buf, offset_y >= 1,
 * dim_x >= offset_x + width + 3 + east_buf, dim_y >= offset_y + height + 1,
 * dim_x/dim_y <= the device's fabric (all -EINVAL), width*height <=
 * max_rect_pes (-ENOSPC); flags and reserved must be zero (-EINVAL).
 * Returns 0; those; -EBUSY (already configured, by this handle or another
 * open file); -ENOMEM; -ENODEV.  On success the handle remembers @cfg.
 */
WSE_API int wse_configure(struct wse_dev *dev, const struct wse_configure *cfg);

/**
 * wse_stop() - WSE_IOCTL_STOP: wait for this handle's tasks, tear the
 * program down and release the device.  Returns 0; -EPERM (this handle
 * has not configured the device); -ENODEV.  Unreaped tasks stay waitable.
 */
WSE_API int wse_stop(struct wse_dev *dev);

/* ---- copies --------------------------------------------------------------- */

/**
 * wse_xfer_init() - zero @xf and fill a copy-mode transfer: size,
 * host_ptr = @host, host_bytes = w*h*l*4 (UINT64_MAX if that overflows,
 * which wse_h2d()/wse_d2h() then report), the ROI (@x, @y, @w, @h), @l,
 * @pe_offset, @data_type (WSE_DATA_*), @order (WSE_ORDER_*), @flags
 * (WSE_XFER_*).
 */
WSE_API void wse_xfer_init(struct wse_xfer *xf, void *host,
			   uint32_t x, uint32_t y, uint32_t w, uint32_t h,
			   uint32_t l, uint32_t pe_offset, uint32_t data_type,
			   uint32_t order, uint32_t flags);

/**
 * wse_xfer_init_stream() - wse_xfer_init() of a streaming transfer:
 * pe_offset 0, flags = @flags | WSE_XFER_STREAM, color = @color (one of
 * the loaded program's H2D stream colors for wse_h2d(), D2H stream colors
 * for wse_d2h(): see struct wse_load's routes).
 */
WSE_API void wse_xfer_init_stream(struct wse_xfer *xf, void *host,
				  uint32_t x, uint32_t y, uint32_t w,
				  uint32_t h, uint32_t l, uint32_t color,
				  uint32_t data_type, uint32_t order,
				  uint32_t flags);

/**
 * wse_h2d() - WSE_IOCTL_H2D: copy the host array to the ROI's PE memories,
 * or with WSE_XFER_STREAM send it as wavelets on @xf->color.
 * @xf: the transfer (size is forced to sizeof(struct wse_xfer));
 *      out: @xf->task_id.
 * Blocking (no WSE_XFER_NONBLOCK): returns when the copy has finished:
 * 0, or the task's status (-EIO, -ETIMEDOUT, -ENODEV, -EDEADLK: the
 * fabric stalled, wse_get_stall() says where).  Nonblocking: returns 0 at
 * once; reap @xf->task_id with wse_wait().
 * Errors before the task exists: -EINVAL (flags, reserved, w/h/l zero, ROI
 * outside the rectangle, host_bytes != w*h*l*4, pe_offset not a multiple
 * of the element size, host pointer NULL or not 4-byte aligned, data_type,
 * order, color non-zero without WSE_XFER_STREAM), -ENOSPC (pe_offset +
 * l*elem > pe_memory_bytes), -EFAULT (host memory not accessible), -EPERM
 * (not configured by this handle), -EBUSY (configured by another open
 * file), -EAGAIN (WSE_MAX_TASKS unreaped tasks: wait for some; not
 * retried), -ENOMEM, -ENODEV.
 * Streaming (WSE_XFER_STREAM) also: -EINVAL for WSE_XFER_SYMBOL with it,
 * pe_offset != 0, color >= WSE_NR_COLORS, and (when this handle loaded the
 * program with wse_load()) a color that is not one of its H2D stream
 * colors, e.g. "wse_h2d: color 5 is not an H2D stream color of the loaded
 * program (routed rx=MEMCPY tx=RAMP on every PE); its H2D stream colors:
 * 1, 2"; -EBADFD before wse_run() (from the kernel).  There is no PE
 * memory limit on l.
 */
WSE_API int wse_h2d(struct wse_dev *dev, struct wse_xfer *xf);

/**
 * wse_d2h() - WSE_IOCTL_D2H: copy the ROI's PE memories to the host array,
 * or with WSE_XFER_STREAM receive l wavelets per PE on @xf->color (a D2H
 * stream color: rx=RAMP tx=MEMCPY on every PE; 16-bit clears the upper
 * half of each).  As wse_h2d(); -EFAULT also when the host array is not
 * writable.
 */
WSE_API int wse_d2h(struct wse_dev *dev, struct wse_xfer *xf);

/**
 * wse_xfer_list_init() - zero @xl and fill a WSE_IOCTL_H2D_LIST: size,
 * @flags (WSE_LIST_*), @count items at @items (item_size =
 * sizeof(struct wse_xfer_item)), their host words at @data, @data_bytes
 * long.  Each item's host words start at its data_off.
 */
WSE_API void wse_xfer_list_init(struct wse_xfer_list *xl,
				const struct wse_xfer_item *items,
				uint32_t count, const void *data,
				uint32_t data_bytes, uint32_t flags);

/**
 * wse_h2d_list() - WSE_IOCTL_H2D_LIST: many small copy-mode H2D (one PE
 * each) as one task: one ioctl, one submission, one completion.
 * @xl: the list (size is forced to sizeof(struct wse_xfer_list));
 *      out: @xl->task_id, @xl->bad_item.
 * The items and data are copied during the call: both buffers may be
 * reused as soon as it returns.  Items are applied in list order; the
 * list is ordered with the other tasks like one copy (see
 * <linux/wse.h>).  Blocking (no WSE_LIST_NONBLOCK): returns when every
 * item has landed: 0 or the task's status, as wse_h2d().  Nonblocking:
 * returns 0 at once; reap @xl->task_id with wse_wait().
 * Errors before the task exists: as wse_h2d() for each item, the message
 * naming it ("wse_h2d_list: item 7: ROI (9,0,1,1) is outside the 8x8
 * rectangle") and @xl->bad_item its index (all or nothing: no item is
 * submitted); -EINVAL also for count outside 1..WSE_MAX_LIST_ITEMS,
 * item_size, data_bytes (a multiple of 4 up to WSE_MAX_LIST_BYTES), an
 * item's data_off not a multiple of 4 or its l words past data_bytes;
 * -EFAULT for NULL items or data.
 */
WSE_API int wse_h2d_list(struct wse_dev *dev, struct wse_xfer_list *xl);

/* ---- launch --------------------------------------------------------------- */

/**
 * wse_launch_init() - zero @ln and set size, @func_id, @flags
 * (WSE_LAUNCH_*), argc = @argc and args[0..argc) from @args (when @argc is
 * larger than WSE_MAX_LAUNCH_ARGS only argc is stored, for wse_launch() to
 * report).
 */
WSE_API void wse_launch_init(struct wse_launch *ln, uint32_t func_id,
			     const uint32_t *args, uint32_t argc,
			     uint32_t flags);

/**
 * wse_launch() - WSE_IOCTL_LAUNCH: call a host-callable PE function.
 * Out: @ln->task_id.  Returns as wse_h2d(); -EINVAL for argc >
 * WSE_MAX_LAUNCH_ARGS, non-zero args beyond argc, flags or reserved;
 * -EOPNOTSUPP while the driver does not execute PE code.
 */
WSE_API int wse_launch(struct wse_dev *dev, struct wse_launch *ln);

/* ---- programs ------------------------------------------------------------- */

/**
 * wse_load() - WSE_IOCTL_LOAD: put a program (PE images + pe_map + routes)
 * on the rectangle this handle configured.  The library sends a copy of @ld with
 * size = sizeof(struct wse_load).  Checks, in the kernel's order: flags,
 * reserved0, reserved (-EINVAL); nr_images 1..WSE_MAX_IMAGES,
 * nr_functions <= WSE_MAX_FUNCTIONS, nr_symbols <= WSE_MAX_SYMBOLS
 * (-EINVAL); images/pe_map/tables NULL (-EFAULT); every pe_map entry <
 * nr_images (-EINVAL, needs the rectangle: only when this handle
 * configured); per image: reserved (-EINVAL), 1 <= data_len <=
 * pe_memory_bytes, entry 4-byte aligned and < data_len, every function
 * address 4-byte aligned and < pe_memory_bytes, every symbol's addr + bytes
 * <= pe_memory_bytes (WSE_NO_ADDR entries excepted) (-ENOEXEC); when
 * routes is non-zero (struct wse_route[width * height * WSE_NR_COLORS],
 * needs the rectangle: only when this handle configured), every route
 * follows the rules of <linux/wse.h> (-EINVAL), e.g. "wse_load: route of
 * color 3 at PE (1,0): tx EAST, but PE (2,0) does not accept color 3 from
 * WEST (its rx=none)".  On success the handle remembers the stream colors
 * (a color routed rx=MEMCPY tx=RAMP on every PE is an H2D stream color,
 * rx=RAMP tx=MEMCPY a D2H one) for the checks of wse_h2d()/wse_d2h().
 * Synchronous.  Returns 0; those; -EBADFD (a program is already loaded);
 * -EPERM (not configured by this handle); -EBUSY; -ENOMEM; -ENODEV;
 * -EOPNOTSUPP (the device cannot load programs).
 */
WSE_API int wse_load(struct wse_dev *dev, const struct wse_load *ld);

/**
 * wse_run() - WSE_IOCTL_RUN: start the loaded program; returns when every
 * PE has finished its init.  Returns 0; -EBADFD (nothing loaded, or RUN
 * twice); -EIO (a PE faulted: wse_get_fault() says where); -ETIMEDOUT (the
 * watchdog fired); -EPERM; -EBUSY; -EAGAIN; -ENODEV.
 */
WSE_API int wse_run(struct wse_dev *dev);

/**
 * wse_get_fault() - WSE_IOCTL_GET_FAULT: the first PE fault since LOAD into
 * @f (size set by the library).  Returns 0; -ENOENT (no PE has faulted);
 * -EINVAL (@f NULL); -EPERM; -ENODEV.
 */
WSE_API int wse_get_fault(struct wse_dev *dev, struct wse_fault *f);

/**
 * wse_fault_str() - describe @f into @buf (size @n, always NUL-terminated
 * when @n > 0), e.g. "PE (1,0) faulted at pc 0x124: illegal instruction
 * 0x0000000b", with " (3 PEs faulted)" appended when nr_faulted > 1.
 * A WSE_FAULT_STUCK record reads "the watchdog stopped the PEs: PE (x,y) was
 * still running at pc 0x..., waiting to receive wavelets on color 3" (what
 * the PE was doing: WSE_STUCK_* of its addr).
 * Returns the length snprintf() would have written.
 */
WSE_API int wse_fault_str(const struct wse_fault *f, char *buf, size_t n);

/**
 * wse_get_stall() - WSE_IOCTL_GET_STALL: the last stall since LOAD (a task
 * that ended with -EDEADLK) into @st, and its first min(nr_entries,
 * @capacity, WSE_MAX_STALL_ENTRIES) places into @entries.
 * @st:		out (size, capacity and entries are set by the library)
 * @entries:	room for @capacity entries; may be NULL when @capacity is 0
 * Returns 0; -ENOENT (no task stalled since LOAD); -EINVAL (@st NULL,
 * @entries NULL with @capacity > 0); -EPERM; -ENODEV.
 */
WSE_API int wse_get_stall(struct wse_dev *dev, struct wse_stall *st,
			  struct wse_stall_entry *entries, uint32_t capacity);

/**
 * wse_get_task_stall() - as wse_get_stall(), but the report of the stall
 * that failed task @task_id of this handle (reaped or not), not the last
 * one: each task failed with -EDEADLK has its own report.  @task_id 0 is
 * wse_get_stall().  Returns -ENOENT also when that task did not fail by a
 * stall since LOAD or its report is no longer kept (the last
 * WSE_STALL_TASKS_KEPT tasks failed by a stall are).
 */
WSE_API int wse_get_task_stall(struct wse_dev *dev, uint64_t task_id,
			       struct wse_stall *st,
			       struct wse_stall_entry *entries,
			       uint32_t capacity);

/**
 * wse_stall_str() - describe a stall report into @buf (size @n, always
 * NUL-terminated when @n > 0; a cut text ends with "..."):
 *   "stalled (no progress for 1000 ms): 12 of 64 wavelets of the
 *    streaming d2h on color 2 delivered; PE (1,0) waits to send on color 3 (buffer full, pc 0x1a4);
 *    router (2,0) holds 4 wavelets of color 3 it cannot forward EAST; ...
 *    and 5 more"
 * RUN / LAUNCH stalls say " during run" / " during a launch" instead of
 * the wavelet count.  At most the first 8 of the @nr entries of @entries
 * are spelled out; the rest of @st->nr_entries is counted ("and N more").
 * Returns the length snprintf() would have written.
 */
WSE_API int wse_stall_str(const struct wse_stall *st,
			  const struct wse_stall_entry *entries, uint32_t nr,
			  char *buf, size_t n);

/* ---- tasks ---------------------------------------------------------------- */

/**
 * wse_wait() - WSE_IOCTL_WAIT for one task and reap it.
 * @task_id:	an id from a nonblocking call of this handle (not 0)
 * @timeout_ns:	< 0: no timeout; >= 0: relative nanoseconds (0: do not
 *		sleep).  Sent as an absolute CLOCK_MONOTONIC deadline, so a
 *		retry after a signal keeps the deadline.
 * @status:	out (may be NULL): the task's status, 0 or -EIO, -ETIMEDOUT,
 *		-ENODEV, -EDEADLK, -ECANCELED (STOP ended it), -ENOMEM (a
 *		multi-channel copy's buffer could not all be mapped)
 * Returns 0 when the task finished and was reaped (whatever its status);
 * -ETIMEDOUT (not finished yet; still waitable); -ENOENT (no such task on
 * this handle, already reaped, or @task_id 0); -ENODEV.
 */
WSE_API int wse_wait(struct wse_dev *dev, uint64_t task_id, int64_t timeout_ns,
		     int *status);

/**
 * wse_wait_all() - WSE_IOCTL_WAIT with WSE_WAIT_ALL: wait for and reap
 * every task of this handle.  @status: the first non-zero status among them
 * (0 if all succeeded or there were none).  Returns 0, -ETIMEDOUT (nothing
 * reaped), -ENODEV.
 */
WSE_API int wse_wait_all(struct wse_dev *dev, int64_t timeout_ns, int *status);

/**
 * wse_query() - WSE_IOCTL_QUERY: a task's state without blocking or reaping.
 * @status: out (may be NULL): the status once finished, else 0.
 * Returns WSE_TASK_PENDING, WSE_TASK_DONE or WSE_TASK_ERROR (> 0);
 * -ENOENT (unknown, reaped, or @task_id 0); -ENODEV.
 */
WSE_API int wse_query(struct wse_dev *dev, uint64_t task_id, int *status);

#ifdef __cplusplus
}
#endif

#endif /* WSE_WSE_H */
