/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * wse.h - ioctl ABI of the wse wafer-scale engine driver (/dev/wseN).
 *
 * This header is the whole contract between the kernel driver and userspace.
 * It is stable: fields are only ever appended to the structures below, and
 * every structure starts with a __u32 @size that the caller sets to
 * sizeof(the structure it was compiled with).  The kernel handles @size like
 * copy_struct_from_user():
 *
 *  - @size smaller than the first published version of the struct (its
 *    WSE_*_SIZE_VER0 below, fixed forever): EINVAL; between that and the
 *    kernel's size, the missing fields count as zero;
 *  - @size larger than the kernel knows: the extra bytes must be zero,
 *    otherwise E2BIG; @size larger than 4096 (a page): E2BIG;
 *  - output fields are written back only up to min(@size, kernel size).
 *
 * The size bits of the ioctl number are not used for dispatch (a newer
 * userspace with a longer struct still reaches the same ioctl); only the type
 * byte, the number and the direction must match, otherwise ENOTTY.
 *
 * Every field named reserved* must be zero, and every flags field only takes
 * the bits defined for it: anything else is EINVAL.  Pointers are __u64.
 *
 * Model
 * -----
 * A device is a wafer (a 2-D fabric of processing elements, PEs, each with
 * WSE_PE_MEMORY_BYTES of memory).  A program occupies a rectangle of PEs at
 * (offset_x, offset_y) in a fabric of dim_x * dim_y PEs, with the memcpy
 * support PEs around it, and moves data through 1..16 I/O channels.
 * WSE_IOCTL_CONFIGURE claims the device for one open file description (the
 * "owner") and sets that up; only the owner may then submit work.  Other
 * file descriptions get EBUSY until the owner calls WSE_IOCTL_STOP or closes.
 *
 * Work (H2D, D2H, LAUNCH) executes in submission order, like the SdkRuntime
 * command stream: a D2H submitted after an H2D sees the H2D's data.  Each
 * submission becomes a task with a 64-bit id, unique for the life of the
 * device and never 0.  A blocking submission (no WSE_XFER_NONBLOCK) returns
 * when the task has finished, with the task's status as the ioctl result; it
 * is then already reaped.  A nonblocking submission returns at once with the
 * id in @task_id; the task stays attached to the file description until it
 * is reaped by WSE_IOCTL_WAIT.  The file is readable (poll/select/epoll:
 * EPOLLIN | EPOLLRDNORM) while at least one of its tasks has finished and has
 * not been reaped.  After the device is lost, poll also reports EPOLLHUP |
 * EPOLLERR.
 *
 * Task status: 0 on success, or a negative errno:
 *   -EIO        the device reported an error for the task
 *   -ETIMEDOUT  the device watchdog (module parameter wse.watchdog_ms,
 *               WSE_WATCHDOG_MS_MIN..WSE_WATCHDOG_MS_MAX, default
 *               WSE_WATCHDOG_MS_DEFAULT; other values are refused with
 *               EINVAL) found a channel whose device side gave no sign of
 *               life for that long and reset it; the task was aborted.
 *               Progress is a sign of life: a descriptor completed, a PE
 *               instruction retired or a wavelet moved for the channel's
 *               work, or that work waits for the host (the stall rule).
 *               A long program that keeps running is never "stuck"; the
 *               watchdog is for a device that stopped answering.  A RUN or
 *               LAUNCH ended so leaves a WSE_FAULT_STUCK record naming a PE
 *               still running (WSE_IOCTL_GET_FAULT).
 *   -ENODEV     the device was lost (surprise removal) before the task ended
 *   -ENOMEM     a row-major copy over several channels: part of the host
 *               buffer could not be mapped for the device after the parts
 *               before it had been sent (each channel's rows are mapped and
 *               sent in turn); the rows of those parts were copied
 *   -ECANCELED  WSE_IOCTL_STOP ended the task: STOP aborts RUN, LAUNCH and
 *               streaming transfers, queued or running, at once (a program
 *               need not end by itself) and lets copies complete.  close()
 *               and exit abort all queued and running work the same way and
 *               reset its channels at once, never waiting for the device;
 *               nobody can wait for those tasks any more.
 *   -EDEADLK    the device found the task stalled (the stall rule below);
 *               every task the stall held failed so, and each of them can
 *               fetch the report of that stall with WSE_IOCTL_GET_STALL
 *               (@task_id).  The fabric stays as it was: STOP, then
 *               CONFIGURE and LOAD again, to go on.
 *
 * The stall rule.  Work is "inside the fabric" when wavelets sit in a
 * router or a PE's input queue, a PE is blocked in a fabric op or waits
 * for events without having unblocked the command stream during a RUN or
 * LAUNCH, or an H2D stream holds wavelets it could not push.  The device
 * declares a stall when, for its stall time (wse_mock.stall_ms, 10..600000
 * ms, default 1000), all of these hold:
 *   1. something waits for the fabric: a RUN or LAUNCH, or a dispatched
 *      streaming H2D or D2H;
 *   2. nothing moved (no wavelet hop, no PE instruction retired, no
 *      stream word moved) and work is inside the fabric;
 *   3. no submitted transfer could unblock it, and no transfer the host may
 *      still submit could: the work only waits for the host when no RUN or
 *      LAUNCH is running (they hold the command stream), nothing sits in a
 *      router or queue, and every blocked PE waits in a fabin op on a color
 *      an H2D stream can feed (or in its WAIT loop).
 * Cases:
 *   - a D2H posted before the H2D that feeds its PEs: the PEs wait for the
 *     H2D's color, nothing is in the fabric -> no stall, however long the
 *     host takes; the D2H waits (WAIT with a timeout returns ETIMEDOUT) and
 *     the watchdog does not fire (the device still answers);
 *   - an H2D whose wavelets no PE takes (no consumer): they sit in the
 *     fabric -> stall after stall_ms, the H2D fails with -EDEADLK;
 *   - two PEs each receiving before sending on each other's color: both
 *     blocked on internal colors -> stall, whichever task waits fails;
 *   - a RUN or LAUNCH whose PEs wait for wavelets: the host cannot send
 *     any until it ends -> stall;
 *   - a PE computing (instructions retire): never a stall.
 *
 * Errors returned by the ioctls themselves (errno):
 *   ENOTTY     unknown ioctl number
 *   EINVAL     bad @size, non-zero reserved field, unknown flag, a value out
 *              of range (ROI outside the rectangle, l == 0, misaligned PE
 *              offset or host pointer, configuration that breaks a fabric
 *              constraint, wrong host_bytes, an H2D_LIST over its limits
 *              or with a bad item: see struct wse_xfer_list's @bad_item)
 *   E2BIG      @size larger than the kernel's struct with non-zero tail bytes
 *   EFAULT     the argument struct or the host buffer is not accessible (for
 *              D2H: not writable; for H2D_LIST: its items or data)
 *   ENOENT     WAIT/QUERY: no such task on this file description (never
 *              submitted here, or already reaped)
 *   EPERM      work submitted, or STOP called, on a file description that has
 *              not configured the device
 *   EBUSY      CONFIGURE while the device is configured (by this or another
 *              file description); any work from a non-owner while the device
 *              is owned by someone else
 *   ENOSPC     the PE-side range [pe_offset, pe_offset + l * elem) does not
 *              fit in WSE_PE_MEMORY_BYTES; the device cannot hold the
 *              rectangle the configuration asks for
 *   EAGAIN     the file description already has WSE_MAX_TASKS unreaped tasks,
 *              or H2D/D2H: its unfinished transfers would pin more than
 *              WSE_MAX_PINNED_BYTES; reap some with WSE_IOCTL_WAIT
 *   ETIMEDOUT  WAIT: the timeout expired before the task(s) finished (the
 *              task is not lost; wait again)
 *   EINTR      WAIT interrupted by a signal whose handler lacks SA_RESTART
 *              (the task is not lost; wait again; with SA_RESTART the WAIT
 *              restarts by itself, see struct wse_wait), or a blocking
 *              submission interrupted by a fatal signal
 *   EIO        blocking submission: the task's status was -EIO (same for
 *              ETIMEDOUT, ENODEV, EDEADLK, ECANCELED as task statuses, see
 *              above: a blocking RUN or LAUNCH ended by another thread's
 *              STOP returns ECANCELED)
 *   ENODEV     the device is gone.  WAIT and QUERY keep working on the
 *              file's tasks (each unfinished one ended with status -ENODEV);
 *              every other ioctl fails with ENODEV; close() is always safe
 *   ENOMEM     out of memory, or pinning the host buffer failed for lack of
 *              it, or H2D/D2H: the pinned pages would take the caller's
 *              mm->pinned_vm over RLIMIT_MEMLOCK (without CAP_IPC_LOCK); the
 *              pins of unfinished transfers are charged there (ulimit -l)
 *   EBADFD     the call is out of order for the program's life cycle:
 *              LOAD twice, RUN before LOAD or twice, LAUNCH or a streaming
 *              transfer before RUN, a copy by symbol before LOAD
 *   ENOEXEC    LOAD: an image is unusable (too long, entry outside it or
 *              misaligned, a function address misaligned or outside memory,
 *              a symbol past the end of memory)
 *   EOPNOTSUPP a defined operation the device cannot execute
 *
 * Program life cycle: CONFIGURE -> LOAD -> RUN -> (H2D | D2H | LAUNCH)* ->
 * STOP.  Copies by offset work from CONFIGURE on; copies by symbol from
 * LOAD on; LAUNCH from RUN on.  RUN is synchronous: it returns 0 once every
 * PE has finished its init and waits for commands, -EIO if a PE faulted,
 * -ETIMEDOUT if the watchdog fired.
 */
#ifndef _UAPI_LINUX_WSE_H
#define _UAPI_LINUX_WSE_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define WSE_ABI_VERSION		1

#define WSE_IOCTL_BASE		0xBA

/* Fixed facts of the architecture. */
#define WSE_PE_MEMORY_BYTES	49152	/* 48 KiB per PE */
#define WSE_MAX_CHANNELS	16	/* I/O channels one program may use */
#define WSE_MAX_LAUNCH_ARGS	15	/* 32-bit arguments of a launch */
#define WSE_MAX_TASKS		1024	/* unreaped tasks per file description */
/* Host bytes of one H2D/D2H (copy or stream): more is EINVAL. */
#define WSE_MAX_XFER_BYTES	(64u << 20)
/* Host bytes pinned at once per file description: more is EAGAIN. */
#define WSE_MAX_PINNED_BYTES	(256u << 20)

/* The first published size of each struct: @size below it is EINVAL. */
#define WSE_INFO_SIZE_VER0	64
#define WSE_CONFIGURE_SIZE_VER0	64
#define WSE_XFER_SIZE_VER0	80
#define WSE_LAUNCH_SIZE_VER0	104
#define WSE_LOAD_SIZE_VER0	56
#define WSE_FAULT_SIZE_VER0	48
#define WSE_STALL_SIZE_VER0	72
#define WSE_WAIT_SIZE_VER0	48
#define WSE_QUERY_SIZE_VER0	40
#define WSE_XFER_LIST_SIZE_VER0	64

/* wse.watchdog_ms: bounds (writes outside them fail with EINVAL), default */
#define WSE_WATCHDOG_MS_MIN	100
#define WSE_WATCHDOG_MS_MAX	600000
#define WSE_WATCHDOG_MS_DEFAULT	5000

/* Memcpy support PEs around the program rectangle (see WSE_IOCTL_CONFIGURE). */
#define WSE_MEMCPY_WEST_COLS	3
#define WSE_MEMCPY_EAST_COLS	2
#define WSE_MEMCPY_MIN_OFFSET_X	4
#define WSE_MEMCPY_MIN_OFFSET_Y	1

enum wse_arch {
	WSE_ARCH_WSE2 = 2,
	WSE_ARCH_WSE3 = 3,
};

enum wse_dev_state {
	WSE_STATE_IDLE = 0,		/* no program configured */
	WSE_STATE_CONFIGURED = 1,	/* owned by one file description */
	WSE_STATE_LOST = 2,		/* device removed (see ENODEV) */
};

/**
 * struct wse_info - WSE_IOCTL_GET_INFO: what the device is and its limits.
 * @size:		in: sizeof(struct wse_info); out: bytes written
 * @abi_version:	WSE_ABI_VERSION of the driver
 * @arch:		enum wse_arch
 * @fabric_width:	PEs in x of the whole fabric the device offers
 * @fabric_height:	PEs in y
 * @channels_per_edge:	I/O channels on each of the East and West edges
 *			(60 on WSE-2, 62 on WSE-3)
 * @max_channels:	WSE_MAX_CHANNELS
 * @pe_memory_bytes:	memory of one PE in bytes
 * @max_tasks:		WSE_MAX_TASKS
 * @ring_depth:		entries in each channel's submission ring
 * @state:		enum wse_dev_state at the time of the call
 * @max_rect_pes:	largest width * height the device can hold at once
 * @reserved:		zero
 *
 * Any file description may call it, in any state but LOST (ENODEV).  The
 * input is only @size (and the zero tail rule); the rest is output.
 */
struct wse_info {
	__u32 size;
	__u32 abi_version;
	__u32 arch;
	__u32 fabric_width;
	__u32 fabric_height;
	__u32 channels_per_edge;
	__u32 max_channels;
	__u32 pe_memory_bytes;
	__u32 max_tasks;
	__u32 ring_depth;
	__u32 state;
	__u32 max_rect_pes;
	__u32 reserved[4];
};

/**
 * struct wse_configure - WSE_IOCTL_CONFIGURE: claim the device for a program.
 * @size:	sizeof(struct wse_configure)
 * @flags:	zero (no flags defined)
 * @width:	program rectangle width in PEs, >= 1
 * @height:	program rectangle height in PEs, >= 1
 * @offset_x:	absolute x of the rectangle's North-West PE (--fabric-offsets)
 * @offset_y:	absolute y of that PE
 * @dim_x:	fabric width the program was compiled for (--fabric-dims)
 * @dim_y:	fabric height
 * @channels:	I/O channels, 1..WSE_MAX_CHANNELS (--channels)
 * @west_buf:	h2d buffer columns West of the rectangle (--width-west-buf)
 * @east_buf:	d2h buffer columns East of the rectangle (--width-east-buf)
 * @reserved:	zero
 *
 * The seed's constraints, checked in this order (EINVAL):
 *   1 <= channels <= WSE_MAX_CHANNELS, width >= 1, height >= 1
 *   offset_x >= WSE_MEMCPY_MIN_OFFSET_X + west_buf, offset_y >= 1
 *   dim_x >= offset_x + width + WSE_MEMCPY_EAST_COLS + 1 + east_buf
 *   dim_y >= offset_y + height + 1
 * (with no buffers and the minimum offsets this is dim_x >= 7 + width,
 * dim_y >= 2 + height), then dim_x <= fabric_width and dim_y <=
 * fabric_height (EINVAL), then width * height <= max_rect_pes (ENOSPC).
 *
 * Every PE memory of the rectangle starts zeroed.  Rows of the rectangle are
 * split into @channels contiguous bands, one per channel (rectangle row r
 * goes through channel r * channels / height), as the I/O channels sit at
 * fixed rows of the fabric edge; a transfer uses the channels of the rows
 * its ROI covers.
 *
 * EBUSY if the device is already configured (by anyone).
 */
struct wse_configure {
	__u32 size;
	__u32 flags;
	__u32 width;
	__u32 height;
	__u32 offset_x;
	__u32 offset_y;
	__u32 dim_x;
	__u32 dim_y;
	__u32 channels;
	__u32 west_buf;
	__u32 east_buf;
	__u32 reserved[5];
};

/* struct wse_xfer.flags */
#define WSE_XFER_NONBLOCK	(1u << 0)	/* return at once with a task id */
#define WSE_XFER_SYMBOL		(1u << 1)	/* device side is @symbol */
#define WSE_XFER_STREAM		(1u << 2)	/* streaming mode on @color */
#define WSE_XFER_FLAGS_ALL	(WSE_XFER_NONBLOCK | WSE_XFER_SYMBOL | \
				 WSE_XFER_STREAM)

/* struct wse_xfer.data_type: values of SdkRuntime's MemcpyDataType */
#define WSE_DATA_32BIT		0
#define WSE_DATA_16BIT		1

/* struct wse_xfer.order: values of SdkRuntime's MemcpyOrder */
#define WSE_ORDER_ROW_MAJOR	0
#define WSE_ORDER_COL_MAJOR	1

/**
 * struct wse_xfer - WSE_IOCTL_H2D / WSE_IOCTL_D2H: memcpy, copy or streaming.
 * @size:	sizeof(struct wse_xfer)
 * @flags:	WSE_XFER_*
 * @host_ptr:	host array of w * h * l 32-bit elements, 4-byte aligned
 * @host_bytes:	its length in bytes; must be exactly w * h * l * 4
 * @x:		ROI origin, relative to the rectangle's North-West PE
 * @y:
 * @w:		ROI width, >= 1, x + w <= rectangle width
 * @h:		ROI height, >= 1, y + h <= rectangle height
 * @l:		elements per PE, >= 1
 * @pe_offset:	byte offset of element 0 in every PE's memory; a multiple of
 *		the element size (4 for 32-bit, 2 for 16-bit)
 * @data_type:	WSE_DATA_32BIT or WSE_DATA_16BIT
 * @order:	WSE_ORDER_ROW_MAJOR or WSE_ORDER_COL_MAJOR
 * @task_id:	out: the task's id (also for blocking calls)
 * @symbol:	with WSE_XFER_SYMBOL: id of a data symbol of the loaded
 *		program (WSE_IOCTL_LOAD); @pe_offset is then a byte offset
 *		inside that symbol, and the symbol's address may differ
 *		from PE to PE.  Zero without the flag.
 * @reserved:	zero
 *
 * With WSE_XFER_SYMBOL the device side of each PE is [symbol address +
 * pe_offset, + l * elem), which must lie inside the symbol's bytes on every
 * PE of the ROI (ENOSPC otherwise); EINVAL if no program is loaded, the id
 * is unknown or a PE of the ROI has no such symbol.
 *
 * Host index of element k (0 <= k < l) of ROI PE (px, py), 0 <= px < w,
 * 0 <= py < h:
 *   ROW_MAJOR: k + l * (px + w * py)   (l fastest, then x, then y)
 *   COL_MAJOR: py + h * (px + w * k)   (y fastest, then x, then k, as the
 *                                       public SDK examples index it)
 *
 * In PE memory a 32-bit element k sits at pe_offset + 4 * k, a 16-bit one at
 * pe_offset + 2 * k.  16-bit H2D stores the low 16 bits of each host word
 * (the host array holds zero-extended values); 16-bit D2H writes 32-bit host
 * words whose upper 16 bits are zero.  pe_offset + l * elem must be <=
 * WSE_PE_MEMORY_BYTES (ENOSPC otherwise).
 *
 * H2D pins the host buffer for reading, D2H for writing (EFAULT if it is not
 * writable).  Pages stay pinned until the task ends.
 *
 * Streaming mode (WSE_XFER_STREAM; not with WSE_XFER_SYMBOL, @pe_offset 0,
 * after RUN, else EBADFD): no PE memory is written or read by the device.
 * H2D sends each PE of the ROI its l host words as wavelets on @color, in
 * the order k = 0..l-1 (the host index of each is the formula above); the
 * program's data task or fabin DSD on @color receives them.  D2H receives
 * l wavelets from each PE of the ROI on @color (sent by a fabout DSD) and
 * stores wavelet k of PE (px, py) at the same host index.  @color must be
 * one of the program's MEMCPYH2D (for H2D) / MEMCPYD2H (for D2H) stream
 * colors, i.e. routed from (to) WSE_PORT_MEMCPY on every PE of the
 * rectangle by WSE_IOCTL_LOAD's routes (EINVAL otherwise).  H2D words are
 * sent unchanged whatever @data_type; a 16-bit D2H clears the upper half of
 * each received wavelet.  A streaming H2D completes once all its wavelets
 * have left the host: delivered to the PEs' input queues, or held by the
 * H2D buffer columns (WSE_IOCTL_CONFIGURE's @west_buf); a D2H completes
 * when all its wavelets are in host memory.  The D2H buffer columns
 * (@east_buf) hold wavelets the PEs send before a D2H asks for them.
 *
 * Order: like every task, a streaming transfer starts after the earlier
 * tasks of its direction and channel; it does not hold back a later
 * streaming transfer of the other direction (the I/O channels are full
 * duplex), so a streaming D2H can wait for the output of a streaming H2D
 * submitted after it.  Any other later task (a copy, LAUNCH) waits for it.
 */
struct wse_xfer {
	__u32 size;
	__u32 flags;
	__u64 host_ptr;
	__u64 host_bytes;
	__u32 x;
	__u32 y;
	__u32 w;
	__u32 h;
	__u32 l;
	__u32 pe_offset;
	__u32 data_type;
	__u32 order;
	__u64 task_id;
	__u32 symbol;
	__u32 color;
	__u32 reserved[2];
};

/* struct wse_xfer_list.flags */
#define WSE_LIST_NONBLOCK	(1u << 0)	/* return at once with a task id */
#define WSE_LIST_FLAGS_ALL	WSE_LIST_NONBLOCK

/* struct wse_xfer_item.flags */
#define WSE_ITEM_SYMBOL		(1u << 0)	/* device side is @symbol */
#define WSE_ITEM_FLAGS_ALL	WSE_ITEM_SYMBOL

/* Limits of one WSE_IOCTL_H2D_LIST: more is EINVAL. */
#define WSE_MAX_LIST_ITEMS	1024
#define WSE_MAX_LIST_BYTES	(64u << 10)	/* host data bytes */
/* struct wse_xfer_list.bad_item when no item was rejected */
#define WSE_LIST_NO_ITEM	0xffffffffu

/**
 * struct wse_xfer_item - one copy of a WSE_IOCTL_H2D_LIST (40 bytes).
 * @x:		the PE, relative to the rectangle's North-West PE
 * @y:
 * @l:		elements, >= 1
 * @pe_offset:	as struct wse_xfer's (by symbol: inside the symbol)
 * @symbol:	with WSE_ITEM_SYMBOL: a data symbol id, else zero
 * @flags:	WSE_ITEM_*
 * @data_off:	byte offset of the item's l host words in the list's data,
 *		a multiple of 4; data_off + l * 4 <= data_bytes
 * @data_type:	WSE_DATA_32BIT or WSE_DATA_16BIT
 * @reserved:	zero
 *
 * Each item is the copy-mode H2D of struct wse_xfer with w = h = 1 at
 * (@x, @y), same rules and errnos (ENOSPC for a PE range outside memory or
 * the symbol, EINVAL for an unknown symbol, EBADFD before LOAD, ...).
 */
struct wse_xfer_item {
	__u32 x;
	__u32 y;
	__u32 l;
	__u32 pe_offset;
	__u32 symbol;
	__u32 flags;
	__u32 data_off;
	__u32 data_type;
	__u32 reserved[2];
};

/**
 * struct wse_xfer_list - WSE_IOCTL_H2D_LIST: many small copy-mode H2D as
 * one task.
 * @size:	sizeof(struct wse_xfer_list)
 * @flags:	WSE_LIST_*
 * @count:	items, 1..WSE_MAX_LIST_ITEMS
 * @item_size:	sizeof(struct wse_xfer_item) (40); anything else is EINVAL
 * @items:	user pointer to @count items
 * @data:	user pointer to the items' host words, 4-byte aligned
 * @data_bytes:	its length, a multiple of 4, 4..WSE_MAX_LIST_BYTES
 * @bad_item:	out: the index of the item an ioctl error is about (EINVAL,
 *		ENOSPC, EBADFD for that item), else WSE_LIST_NO_ITEM; ignored
 *		on input.  Written back also when the ioctl fails.
 * @task_id:	out: the task's id (also for blocking calls)
 * @reserved:	zero
 *
 * What a series of 1-PE copies does, at the cost of one: the items and
 * their data are copied into the kernel during the call (the caller may
 * reuse both buffers as soon as it returns, even with WSE_LIST_NONBLOCK),
 * every item is validated first, and if one is bad nothing is submitted
 * (all or nothing; @bad_item says which).  The items are applied in list
 * order, so a later item on the same PE memory wins.  The list is one task,
 * ordered with the channel's other tasks like one copy whose ROI spans the
 * rows of its items: it starts after every earlier task on those rows'
 * channels and before every later one.  It ends (one status) when every
 * item has landed; STOP lets it complete, close() cancels it, the watchdog
 * covers it, like a copy.  No streaming mode, no column-major order (one
 * PE per item: the orders are the same).
 */
struct wse_xfer_list {
	__u32 size;
	__u32 flags;
	__u32 count;
	__u32 item_size;
	__u64 items;
	__u64 data;
	__u32 data_bytes;
	__u32 bad_item;
	__u64 task_id;
	__u32 reserved[4];
};

/* struct wse_launch.flags */
#define WSE_LAUNCH_NONBLOCK	(1u << 0)
#define WSE_LAUNCH_FLAGS_ALL	WSE_LAUNCH_NONBLOCK

/**
 * struct wse_launch - WSE_IOCTL_LAUNCH: call a host-callable PE function.
 * @size:	sizeof(struct wse_launch)
 * @flags:	WSE_LAUNCH_*
 * @func_id:	id of the exported function (from the program's metadata)
 * @argc:	number of arguments, 0..WSE_MAX_LAUNCH_ARGS
 * @args:	arguments, each one 32-bit wavelet (f32/i32/u32 as their bits,
 *		i16/u16 zero-extended); args[argc..] must be zero
 * @task_id:	out: the task's id
 * @reserved:	zero
 *
 * The function runs on every PE of the rectangle; the launch ends when every
 * PE has unblocked the command stream.  It is a barrier in the command
 * stream: it starts after every earlier task has finished, and later tasks
 * start after it.  Needs a program that has been RUN (EBADFD otherwise);
 * @func_id < the program's nr_functions (EINVAL).  Task status -EIO if a
 * PE faulted (see WSE_IOCTL_GET_FAULT), -ETIMEDOUT if the watchdog found
 * the launch stuck (a PE looping, or never unblocking).
 */
struct wse_launch {
	__u32 size;
	__u32 flags;
	__u32 func_id;
	__u32 argc;
	__u32 args[WSE_MAX_LAUNCH_ARGS];
	__u32 reserved0;
	__u64 task_id;
	__u32 reserved[4];
};

/*
 * The fabric network.  Every PE has a router with five ports and
 * WSE_NR_COLORS colors; for each (PE, color) a route says from which ports
 * the router accepts wavelets of that color (@rx) and to which it forwards
 * each of them (@tx, several ports = multicast).  RAMP is the PE itself;
 * WSE_PORT_MEMCPY is the memcpy infrastructure (the halo), used only by
 * the stream colors: an H2D stream color has rx = MEMCPY, tx = RAMP on
 * every PE, a D2H stream color rx = RAMP, tx = MEMCPY.
 */
#define WSE_NR_COLORS		24
#define WSE_PORT_RAMP		(1u << 0)
#define WSE_PORT_NORTH		(1u << 1)	/* y - 1 */
#define WSE_PORT_EAST		(1u << 2)	/* x + 1 */
#define WSE_PORT_SOUTH		(1u << 3)	/* y + 1 */
#define WSE_PORT_WEST		(1u << 4)	/* x - 1 */
#define WSE_PORT_MEMCPY		(1u << 5)
#define WSE_PORT_ALL		0x3fu

/**
 * struct wse_route - one color's route at one PE.
 * @rx:	WSE_PORT_* mask the router accepts the color from
 * @tx:	WSE_PORT_* mask it forwards the color to
 */
struct wse_route {
	__u8 rx;
	__u8 tx;
};

#define WSE_MAX_IMAGES		256	/* distinct PE images in a program */
#define WSE_MAX_FUNCTIONS	256	/* host-callable functions */
#define WSE_MAX_SYMBOLS		256	/* copy-mode data symbols */
#define WSE_NO_ADDR		0xffffffffu	/* not present on this image */

/**
 * struct wse_pe_symbol - where a data symbol sits on one PE image.
 * @addr:	PE address, or WSE_NO_ADDR if the image lacks it
 * @bytes:	size of the object in bytes
 */
struct wse_pe_symbol {
	__u32 addr;
	__u32 bytes;
};

/**
 * struct wse_pe_image - one distinct PE memory image.
 * @data:	the bytes loaded at PE address 0 (the rest of memory is zero)
 * @data_len:	their length, <= pe_memory_bytes
 * @entry:	pc at RUN, 4-byte aligned, < data_len
 * @functions:	__u32[nr_functions]: address of host-callable function i
 *		(its trampoline, see doc/PE-ABI.md) on this image, or
 *		WSE_NO_ADDR
 * @symbols:	struct wse_pe_symbol[nr_symbols]: data symbol i on this image
 * @reserved:	zero
 */
struct wse_pe_image {
	__u64 data;
	__u32 data_len;
	__u32 entry;
	__u64 functions;
	__u64 symbols;
	__u32 reserved[4];
};

/**
 * struct wse_load - WSE_IOCTL_LOAD: put a program on the configured rectangle.
 * @size:		sizeof(struct wse_load)
 * @flags:		zero
 * @nr_images:		1..WSE_MAX_IMAGES
 * @nr_functions:	0..WSE_MAX_FUNCTIONS
 * @nr_symbols:		0..WSE_MAX_SYMBOLS
 * @reserved0:		zero
 * @images:		struct wse_pe_image[nr_images]
 * @pe_map:		__u16[width * height]: image index of rectangle PE
 *			(x, y) at [y * width + x]; every index < nr_images
 * @routes:		0 (no color routed), or struct wse_route[width *
 *			height * WSE_NR_COLORS]: the route of color c at PE
 *			(x, y) at [(y * width + x) * WSE_NR_COLORS + c]
 * @reserved:		zero
 *
 * Routes (EINVAL unless): only WSE_PORT_ALL bits; rx and tx both empty or
 * both non-empty; no port but WSE_PORT_RAMP in both rx and tx (RAMP in both:
 * the PE's wavelets come back to it); no direction that leaves the
 * rectangle; a tx towards a neighbour only if that neighbour's route of the
 * color accepts it (its rx has the opposite port); WSE_PORT_MEMCPY only in
 * the two stream patterns above.
 *
 * Owner only, once per configuration (EBADFD if a program is already
 * loaded), synchronous.  Every PE memory of the rectangle gets its image;
 * the PEs do not run until WSE_IOCTL_RUN.  Each distinct image is sent once,
 * however many PEs use it.
 */
struct wse_load {
	__u32 size;
	__u32 flags;
	__u32 nr_images;
	__u32 nr_functions;
	__u32 nr_symbols;
	__u32 reserved0;
	__u64 images;
	__u64 pe_map;
	__u64 routes;
	__u32 reserved[2];
};

enum wse_fault_cause {
	WSE_FAULT_NONE = 0,
	WSE_FAULT_ILLEGAL = 1,		/* illegal or unsupported instruction */
	WSE_FAULT_FETCH = 2,		/* pc outside memory or misaligned */
	WSE_FAULT_LOAD = 3,		/* load outside memory */
	WSE_FAULT_STORE = 4,		/* store outside memory */
	WSE_FAULT_MISALIGNED = 5,	/* misaligned load or store */
	WSE_FAULT_ECALL = 6,		/* unknown builtin or bad argument */
	WSE_FAULT_BREAK = 7,		/* ebreak */
	WSE_FAULT_STUCK = 8,		/* still running when the watchdog fired */
};

/**
 * struct wse_fault - WSE_IOCTL_GET_FAULT: the first PE fault since LOAD.
 * @size:	sizeof(struct wse_fault)
 * @flags:	zero
 * @cause:	out: enum wse_fault_cause
 * @x:		out: PE coordinates in the rectangle
 * @y:
 * @pc:		out: pc of the faulting instruction
 * @addr:	out: bad address, or the instruction word for ILLEGAL
 * @nr_faulted:	out: PEs in a faulted state
 * @reserved:	zero
 *
 * For WSE_FAULT_STUCK, @pc is where the PE stood and @addr says what it
 * was doing: WSE_STUCK_WHAT(addr) is a WSE_STUCK_* code, WSE_STUCK_COLOR(addr)
 * the color for RECV/SEND.
 *
 * Owner only.  ENOENT if no PE has faulted.
 */
/*
 * WSE_STUCK_EVENTS: in WAIT for events (a launch, wavelets of its data-task
 * colors, async ops) without having unblocked the command stream.
 */
#define WSE_STUCK_RUNNING	0	/* executing instructions */
#define WSE_STUCK_EVENTS	1	/* in WAIT, not unblocked (above) */
#define WSE_STUCK_RECV		2	/* blocked receiving on a color */
#define WSE_STUCK_SEND		3	/* blocked sending on a color */
#define WSE_STUCK_LAUNCH	4	/* busy: the launch not yet delivered */
#define WSE_STUCK_WHAT(addr)	((addr) & 0xff)
#define WSE_STUCK_COLOR(addr)	(((addr) >> 8) & 0xff)
struct wse_fault {
	__u32 size;
	__u32 flags;
	__u32 cause;
	__u32 x;
	__u32 y;
	__u32 pc;
	__u32 addr;
	__u32 nr_faulted;
	__u32 reserved[4];
};

/*
 * struct wse_stall_entry.kind:
 *   RECV     the PE waits in a fabin op for wavelets of @color
 *   SEND     the PE waits in a fabout op: @color's buffer is full
 *   ROUTER   the router holds @count wavelets of @color it cannot forward
 *            to @port (buffer full, or the neighbour does not accept it)
 *   QUEUE    @count wavelets of @color wait in the PE's input queue and
 *            nothing takes them (no data task, color blocked, no fabin op)
 *   UNBLOCK  the PE waits for events without having unblocked the command
 *            stream (RUN, LAUNCH)
 *   MEMCPY   the memcpy halo waits: an H2D cannot push @color into the PE
 *            (@count wavelets left), or a D2H waits for it (@count due)
 */
enum wse_stall_kind {
	WSE_STALL_RECV = 1,
	WSE_STALL_SEND = 2,
	WSE_STALL_ROUTER = 3,
	WSE_STALL_QUEUE = 4,
	WSE_STALL_UNBLOCK = 5,
	WSE_STALL_MEMCPY = 6,
};

/**
 * struct wse_stall_entry - one place where the fabric stopped.
 * @x:		PE coordinates in the rectangle
 * @y:
 * @kind:	enum wse_stall_kind
 * @color:	the color, or 0xff when none applies
 * @port:	WSE_PORT_* the router cannot forward to (ROUTER), else 0
 * @count:	wavelets concerned (saturated at 255)
 * @pc:		the PE's pc
 */
struct wse_stall_entry {
	__u16 x;
	__u16 y;
	__u8 kind;
	__u8 color;
	__u8 port;
	__u8 count;
	__u32 pc;
};

/* struct wse_stall.op */
#define WSE_STALL_OP_H2D	1
#define WSE_STALL_OP_D2H	2
#define WSE_STALL_OP_RUN	3
#define WSE_STALL_OP_LAUNCH	4

/**
 * struct wse_stall - WSE_IOCTL_GET_STALL: the last stall since LOAD.
 * @size:	sizeof(struct wse_stall)
 * @flags:	zero
 * @op:		out: WSE_STALL_OP_* of the oldest task the stall failed
 * @color:	out: its stream color (H2D/D2H), else 0
 * @delivered:	out: wavelets of that transfer moved before the stall
 * @total:	out: wavelets of that transfer (w * h * l); 0 for RUN/LAUNCH
 * @stall_ms:	out: the stall time that elapsed without progress
 * @nr_entries:	out: places found (may exceed @capacity)
 * @capacity:	in: room in @entries (0: none)
 * @entries:	in: struct wse_stall_entry[capacity] or 0; out: the first
 *		min(nr_entries, capacity, WSE_MAX_STALL_ENTRIES) entries
 * @task_id:	in: 0 for the last stall since LOAD, or the id of a task of
 *		this file description that failed with -EDEADLK (reaped or
 *		not): the report of the stall that failed that task
 * @reserved:	zero
 *
 * Owner only.  ENOENT if no task stalled since LOAD, or @task_id did not
 * fail by a stall since LOAD, or its report is no longer kept (the device
 * keeps the last few stalls; the core the last WSE_STALL_TASKS_KEPT tasks
 * failed by one).
 */
#define WSE_STALL_TASKS_KEPT	64
#define WSE_MAX_STALL_ENTRIES	256
struct wse_stall {
	__u32 size;
	__u32 flags;
	__u32 op;
	__u32 color;
	__u64 delivered;
	__u64 total;
	__u32 stall_ms;
	__u32 nr_entries;
	__u32 capacity;
	__u32 reserved0;
	__u64 entries;
	__u64 task_id;
	__u32 reserved[2];
};

/* struct wse_wait.flags */
#define WSE_WAIT_ALL		(1u << 0)	/* every task of this fd */
#define WSE_WAIT_ABSTIME	(1u << 1)	/* timeout_ns is CLOCK_MONOTONIC */
#define WSE_WAIT_FLAGS_ALL	(WSE_WAIT_ALL | WSE_WAIT_ABSTIME)

/**
 * struct wse_wait - WSE_IOCTL_WAIT: wait for a task and reap it.
 * @size:	sizeof(struct wse_wait)
 * @flags:	WSE_WAIT_*
 * @task_id:	the task to wait for; must be 0 with WSE_WAIT_ALL
 * @timeout_ns:	< 0: no timeout; otherwise relative nanoseconds, or an
 *		absolute CLOCK_MONOTONIC time with WSE_WAIT_ABSTIME (0 or a time
 *		in the past: do not sleep)
 * @status:	out: the task's status (see the top of this file); with
 *		WSE_WAIT_ALL, the first non-zero status among the tasks reaped
 * @reserved:	zero
 *
 * On success (ioctl returns 0) the task, or with WSE_WAIT_ALL every task of
 * this file description, has finished and is reaped: its id is then unknown
 * (ENOENT).  ETIMEDOUT / EINTR: nothing is reaped; wait again.  A task that
 * failed is still a successful wait: look at @status.
 *
 * Signals: a WAIT interrupted by a signal whose handler was installed with
 * SA_RESTART restarts transparently, as ppoll() and futex() do; without
 * SA_RESTART it fails with EINTR.  Either way a relative @timeout_ns is
 * then rewritten with the time that was left (as select() does with its
 * timeout), so a restarted WAIT does not wait longer than asked in total.
 * An absolute timeout is left as it is.
 */
struct wse_wait {
	__u32 size;
	__u32 flags;
	__u64 task_id;
	__s64 timeout_ns;
	__s32 status;
	__u32 reserved[5];
};

enum wse_task_state {
	WSE_TASK_PENDING = 1,	/* queued or running */
	WSE_TASK_DONE = 2,	/* finished, status 0 */
	WSE_TASK_ERROR = 3,	/* finished, status < 0 */
};

/**
 * struct wse_query - WSE_IOCTL_QUERY: a task's state, without blocking.
 * @size:	sizeof(struct wse_query)
 * @flags:	zero
 * @task_id:	the task
 * @state:	out: enum wse_task_state
 * @status:	out: the task's status once it is DONE or ERROR, else 0
 * @reserved:	zero
 *
 * Does not reap the task.
 */
struct wse_query {
	__u32 size;
	__u32 flags;
	__u64 task_id;
	__u32 state;
	__s32 status;
	__u32 reserved[4];
};

#define WSE_IOCTL_GET_INFO	_IOWR(WSE_IOCTL_BASE, 0x00, struct wse_info)
#define WSE_IOCTL_CONFIGURE	_IOW(WSE_IOCTL_BASE, 0x01, struct wse_configure)
/* Wait for this fd's pending tasks, tear the program down, release owner. */
#define WSE_IOCTL_STOP		_IO(WSE_IOCTL_BASE, 0x02)
#define WSE_IOCTL_H2D		_IOWR(WSE_IOCTL_BASE, 0x03, struct wse_xfer)
#define WSE_IOCTL_D2H		_IOWR(WSE_IOCTL_BASE, 0x04, struct wse_xfer)
#define WSE_IOCTL_LAUNCH	_IOWR(WSE_IOCTL_BASE, 0x05, struct wse_launch)
#define WSE_IOCTL_WAIT		_IOWR(WSE_IOCTL_BASE, 0x06, struct wse_wait)
#define WSE_IOCTL_QUERY		_IOWR(WSE_IOCTL_BASE, 0x07, struct wse_query)
#define WSE_IOCTL_LOAD		_IOW(WSE_IOCTL_BASE, 0x08, struct wse_load)
/* Start the loaded program; returns when every PE has run its init. */
#define WSE_IOCTL_RUN		_IO(WSE_IOCTL_BASE, 0x09)
#define WSE_IOCTL_GET_FAULT	_IOWR(WSE_IOCTL_BASE, 0x0a, struct wse_fault)
#define WSE_IOCTL_GET_STALL	_IOWR(WSE_IOCTL_BASE, 0x0b, struct wse_stall)
#define WSE_IOCTL_H2D_LIST	_IOWR(WSE_IOCTL_BASE, 0x0c, struct wse_xfer_list)

#endif /* _UAPI_LINUX_WSE_H */
