/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * wse/sdkruntime.h - the SdkRuntime host API of libwse, in C.
 *
 * Mirrors Cerebras' Python SdkRuntime: same names with an sdk_ prefix, same
 * argument order.  Built on the low-level API of <wse/wse.h> (one handle,
 * one device).  Link: -lwse -lelf -ljson-c (the static libwse.a needs both;
 * for -static: libwse.a -lelf -ljson-c -lz).
 *
 *   struct sdk_runtime *rt;
 *   sdk_symbol_t A, compute;
 *   sdk_create("out", NULL, &rt);            // SdkRuntime("out")
 *   sdk_load(rt);                            // .load()
 *   sdk_run(rt);                             // .run()
 *   sdk_get_id(rt, "A", &A);                 // .get_id("A")
 *   sdk_memcpy_h2d(rt, A, host, 0, 0, w, h, l, false, MEMCPY_32BIT,
 *                  ROW_MAJOR, false, NULL);  // .memcpy_h2d(...)
 *   sdk_launch(rt, "compute", false, NULL, SDK_F32(2.0f), SDK_I32(3));
 *   sdk_memcpy_d2h(rt, host, A, 0, 0, w, h, l, false, MEMCPY_32BIT,
 *                  ROW_MAJOR, false, NULL);
 *   sdk_stop(rt);                            // .stop()
 *   sdk_destroy(rt);
 *
 * Conventions (those of <wse/wse.h>): every function returns 0 (or a value
 * >= 0 where stated) or a negative errno; it never exits.  Each call on a
 * runtime first clears its message and on failure stores one that starts
 * with the call's name ("sdk_memcpy_h2d: called before run()"); read it
 * with sdk_errmsg().  Errors of the low-level layer are passed through with
 * their own message appended ("sdk_memcpy_h2d: wse_h2d: ROI (1,0,1,1) is
 * outside the 1x1 rectangle").  A NULL runtime gives -EINVAL.  Nothing is
 * printed unless sdk_options.msg_level asks for it.
 *
 * The bundle (bindir)
 * -------------------
 * The output directory of tools/wse-cc (doc/PE-ABI.md section 8): out.json
 * and one pe_<n>.elf per distinct PE image.  sdk_load() reads out.json
 * (format 1; arch, fabric_dims, fabric_offsets, rectangle, memcpy (must be
 * true), channels, width_west_buf, width_east_buf, images, pe_map[y][x],
 * symbols [{name, type}], functions [{name, args}], params {NAME:
 * "VALUE"} (optional; every value a string)) and every ELF (32-bit
 * little-endian RISC-V ET_EXEC; PT_LOAD segments inside the 48 KiB PE
 * memory; the .wse.exports records), plus the optional streaming parts
 * (doc/PE-ABI.md section 11):
 *   "colors": {"MEMCPYH2D_DATA_<i>_ID": c, "MEMCPYD2H_DATA_<i>_ID": c}
 *	(i = 1..4; c 0..20, each color once; other keys are ignored): the
 *	stream colors streaming transfers may use;
 *   "routes": [{"x": [first, last, step], "y": [first, last, step],
 *	"color": c, "rx": mask, "tx": mask}, ...] (masks of WSE_PORT_*;
 *	first <= last < width / height, step >= 1; a later entry replaces
 *	an earlier one for the same PE and color): expanded into the route
 *	table of WSE_IOCTL_LOAD (struct wse_load.routes) and checked with
 *	the rules of <linux/wse.h>, e.g. "out.json: \"routes\": route of
 *	color 3 at PE (1,0): tx EAST, but PE (2,0) does not accept color 3
 *	from WEST (its rx=none)".  Without "routes" nothing is routed
 *	(routes = 0): streaming transfers then fail.  The id of a data symbol or function
 * is its index in out.json's "symbols" / "functions" list.  An export
 * record must match out.json (same kind, same element type or signature);
 * an image may lack an export (its table entry is then WSE_NO_ADDR, and a
 * copy or launch that reaches such a PE fails).  Anything malformed is
 * -EINVAL (out.json) or -ENOEXEC (an ELF) with a message naming the file
 * and the field.
 *
 * State machine
 * -------------
 *   sdk_create -> CREATED --sdk_load--> LOADED --sdk_run--> RUNNING
 *   LOADED | RUNNING --sdk_stop--> STOPPED;   any state --sdk_destroy--> gone
 *
 *   call                  allowed in        otherwise (-EBADFD), message
 *   sdk_load              CREATED           "sdk_load: called twice" (or
 *                                           "... called after stop()")
 *   sdk_run               LOADED            "sdk_run: called before load()",
 *                                           "sdk_run: called twice", ...
 *   sdk_get_id/_symbol, sdk_get_param, sdk_get_color
 *                         any (the bundle is read on first use: ids are
 *                         known from sdk_create() on, as in the SDK where
 *                         most programs call get_id before load)
 *   sdk_memcpy_*, sdk_launch, sdk_call
 *                         RUNNING           "sdk_memcpy_h2d: called before
 *                                           run()", "... called after stop()"
 *   sdk_read_symbol*, sdk_dump_core
 *                         RUNNING, STOPPED (from the copy of PE memory
 *                         sdk_stop() keeps, see "Debugging")
 *   sdk_task_wait, sdk_is_task_done
 *                         any (tasks outlive stop(), with their status)
 *   sdk_stop              LOADED, RUNNING   "sdk_stop: called before load()",
 *                                           "sdk_stop: called twice"
 * A failed sdk_load leaves the runtime CREATED (the device is released, a
 * new sdk_load may be tried).  A failed sdk_run leaves it LOADED with the
 * run spent: only sdk_stop and sdk_destroy are useful then ("sdk_launch:
 * run() failed; stop() the runtime").
 *
 * Stalls
 * ------
 * When a task ends with -EDEADLK (the fabric made no progress for the
 * device's stall time, <linux/wse.h>), a blocking call, sdk_task_wait(),
 * sdk_stop() or sdk_run() reads WSE_IOCTL_GET_STALL and says what stalled
 * and where (wse_stall_str(): the first 8 places, then "and N more"):
 *   "sdk_memcpy_d2h: stalled (no progress for 1000 ms): 12 of 64 wavelets
 *    of the streaming d2h on color 2 delivered; PE (1,0) waits to send on color 3 (buffer full,
 *    pc 0x1a4); router (2,0) holds 4 wavelets of color 3 it cannot
 *    forward EAST; ..."
 *   "sdk_launch f: stalled (no progress for 1000 ms) during a launch; PE
 *    (0,0) waits to receive on color 5 (pc 0x2c0)"
 * The fabric stays stalled: every later memcpy, launch or call fails with
 * -EBADFD ("... the fabric stalled ...; stop() the runtime and load the
 * program again"); sdk_stop() works, and a new runtime on the same device
 * (sdk_create + sdk_load) starts afresh.
 *
 * Faults
 * ------
 * When RUN or a launch ends with -EIO (a PE faulted) or -ETIMEDOUT, the
 * library reads WSE_IOCTL_GET_FAULT and puts the fault in the message:
 *   "sdk_launch compute: PE (1,0) faulted at pc 0x124: illegal instruction
 *    0x0000000b"
 *   "sdk_run: PE (0,0) faulted at pc 0x8: store outside PE memory 0xc000"
 * (wse_fault_str() of <wse/wse.h> formats the part after the colon).
 *
 * Threads
 * -------
 * Every call takes the runtime's lock, so calls from several threads are
 * serialised, except the blocking part of sdk_task_wait(), which waits
 * without it: one thread may submit nonblocking operations while another
 * waits for their tasks (the kernel allows one thread to submit while
 * another waits on the same fd).  A blocking memcpy or launch holds the
 * lock until it completes.  Two threads waiting for the same task: the
 * second gets -EBUSY.  sdk_stop() leaves a task another thread is waiting
 * for to that thread.  sdk_destroy() must not race with any other call.
 * Messages are per thread: sdk_errmsg(rt) is the message of the calling
 * thread's last call on @rt.
 *
 * Debugging
 * ---------
 * sdk_stop() of a running program that did not stall reads the memory of
 * every PE of the rectangle (if it is at most SDK_SNAPSHOT_MAX bytes,
 * i.e. 341 PEs of 48 KiB) before it releases the device, so
 * sdk_read_symbol() and sdk_dump_core() still work after stop(), as the
 * simulator's do.  Names are the exported data symbols and every data
 * object of each image's ELF symbol table (exported or not).
 */
#ifndef WSE_SDKRUNTIME_H
#define WSE_SDKRUNTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <wse/wse.h>

#ifdef __cplusplus
extern "C" {
#endif

/* MemcpyDataType and MemcpyOrder, the values of <linux/wse.h>. */
#define MEMCPY_32BIT	WSE_DATA_32BIT		/* 0 */
#define MEMCPY_16BIT	WSE_DATA_16BIT		/* 1 */
#define ROW_MAJOR	WSE_ORDER_ROW_MAJOR	/* 0 */
#define COL_MAJOR	WSE_ORDER_COL_MAJOR	/* 1 */

/* Longest message sdk_errmsg() returns, including the NUL. */
#define SDK_ERRMSG_MAX 1024

struct sdk_runtime;

/* Element / argument types: the WSE_T* values of doc/PE-ABI.md section 6. */
enum sdk_type {
	SDK_TYPE_NONE = 0,
	SDK_TYPE_F32 = 1,
	SDK_TYPE_I32 = 2,
	SDK_TYPE_U32 = 3,
	SDK_TYPE_I16 = 4,
	SDK_TYPE_U16 = 5,
	SDK_TYPE_F16 = 6,
};

enum sdk_kind {
	SDK_KIND_DATA = 1,	/* copy-mode data symbol (memcpy_h2d/d2h) */
	SDK_KIND_FUNCTION = 2,	/* host-callable function (launch/call) */
	SDK_KIND_COLOR = 3,	/* stream color (memcpy with streaming=true) */
};

/**
 * struct sdk_options - optional settings of sdk_create() (NULL: defaults).
 * @device:	device node, NULL: "/dev/wse0" (SdkRuntime's cmaddr)
 * @msg_level:	NULL or "NONE" (default): print nothing; "ERROR": print each
 *		error message to stderr as "sdk: <message>"; "WARNING" as
 *		"ERROR"; "INFO" / "DEBUG": also one line per load, run and
 *		stop.  (The Python default is WARNING; a C library stays
 *		quiet unless asked.)  Unknown strings: sdk_create -EINVAL.
 */
struct sdk_options {
	const char *device;
	const char *msg_level;
};

/**
 * sdk_symbol_t - what sdk_get_id() returns: an exported name's id; or a
 * stream color (sdk_color(), sdk_get_color()).
 * @id:		index in out.json's "symbols" (data) or "functions" list;
 *		SDK_KIND_COLOR: the color
 * @kind:	enum sdk_kind
 * @type:	data: the element type (enum sdk_type); function: 0
 * @argc:	function: number of arguments; data: 0
 * @args:	function: enum sdk_type of each argument
 * @name:	the name (owned by the runtime, valid until sdk_destroy)
 */
typedef struct sdk_symbol {
	uint32_t id;
	uint32_t kind;
	uint32_t type;
	uint32_t argc;
	uint8_t args[WSE_MAX_LAUNCH_ARGS];
	const char *name;
} sdk_symbol_t;

/**
 * sdk_color() - the device side of a streaming memcpy: color @c (the
 * Python API passes the color's integer where copy mode passes a symbol).
 * Its kind is SDK_KIND_COLOR; a symbol of kind 0 (e.g. (sdk_symbol_t){
 * .id = 3 }) is taken as a color too.
 */
static inline sdk_symbol_t sdk_color(uint32_t c)
{
	sdk_symbol_t s = { c, SDK_KIND_COLOR, 0, 0, { 0 }, NULL };

	return s;
}

/**
 * sdk_task_t - a nonblocking operation (memcpy, launch, call).
 * @id: a handle of the runtime (0 for an operation that was blocking):
 *	the kernel task id, or for a queued copy (sdk_memcpy_h2d(), "Small
 *	copies") a library id with bit 62 set, which no kernel id has; the
 *	copies of one list share its kernel task, each keeps the list's status.
 * Pass it to sdk_task_wait() or sdk_is_task_done() of the same runtime.
 */
typedef struct sdk_task {
	uint64_t id;
} sdk_task_t;

/* ---- life cycle ------------------------------------------------------------ */

/**
 * sdk_create() - SdkRuntime(bindir, cmaddr=opts->device, msg_level=...).
 * Opens the device (the bundle is read by sdk_load()).  @rt: out, NULL on
 * failure.  Returns 0; -EINVAL (@bindir or @rt NULL, bad msg_level); the
 * errors of wse_open() (-ENOENT: no device node, ...); -ENOMEM.  On
 * failure the message is available as sdk_errmsg(NULL) (per thread).
 */
WSE_API int sdk_create(const char *bindir, const struct sdk_options *opts,
		       struct sdk_runtime **rt);

/**
 * sdk_load() - .load(): read the bundle, check its arch against the device
 * (WSE_IOCTL_GET_INFO; fabric dims and rectangle size are checked by
 * wse_configure), WSE_IOCTL_CONFIGURE with its rectangle, offsets, dims,
 * channels and buffer columns, then WSE_IOCTL_LOAD with each distinct image
 * once (bytes = the ELF's PT_LOAD file bytes laid out from PE address 0 up
 * to the end of the last one, entry = e_entry, function and symbol tables
 * from .wse.exports) and pe_map.  Returns 0; -EINVAL / -ENOEXEC (bundle,
 * see above; arch mismatch is -EINVAL); -ENOENT (no out.json or ELF); the
 * errors of wse_configure() and wse_load(); -EBADFD (state).
 */
WSE_API int sdk_load(struct sdk_runtime *rt);

/**
 * sdk_run() - .run(): WSE_IOCTL_RUN; returns when every PE has finished its
 * init.  -EIO / -ETIMEDOUT with the fault in the message; -EBADFD (state).
 */
WSE_API int sdk_run(struct sdk_runtime *rt);

/**
 * sdk_stop() - .stop(): wait for every outstanding nonblocking task (each
 * keeps its status for a later sdk_task_wait), then WSE_IOCTL_STOP, which
 * releases the device.  Returns 0, the first failed status of an
 * outstanding task (the device is stopped anyway; the message names the
 * operation), an error of wse_stop(), or -EBADFD (state).
 */
WSE_API int sdk_stop(struct sdk_runtime *rt);

/**
 * sdk_destroy() - stop (quietly, if loaded and not stopped), close the
 * device, free everything.  NULL: no-op.
 */
WSE_API void sdk_destroy(struct sdk_runtime *rt);

/**
 * sdk_errmsg() - the message of the last failed call on @rt, "" after a
 * successful one.  @rt NULL: the message of this thread's last failed
 * sdk_create().
 */
WSE_API const char *sdk_errmsg(const struct sdk_runtime *rt);

/* ---- names ------------------------------------------------------------------ */

/**
 * sdk_get_id() - .get_id(name): resolve an exported data symbol or
 * host-callable function.  Returns 0 and fills @sym; -ENOENT with
 * "sdk_get_id: no exported symbol or function named 'x'"; -EINVAL (NULL
 * arguments); -EBADFD before load() / after stop().
 */
WSE_API int sdk_get_id(struct sdk_runtime *rt, const char *name,
		       sdk_symbol_t *sym);

/** sdk_get_symbol() - the older name of sdk_get_id() (messages say sdk_get_symbol). */
WSE_API int sdk_get_symbol(struct sdk_runtime *rt, const char *name,
			   sdk_symbol_t *sym);

/**
 * sdk_get_param() - a compile parameter of the bundle: the value of @name
 * in out.json's "params" (wse-cc's --params=NAME:VALUE), as the string
 * given to the compiler ("4").  Python programs read
 * json.load(open("out.json"))["params"][name]; this is the same.
 * @value:	out: the string, owned by the runtime (valid until
 *		sdk_destroy); NULL on failure
 * Returns 0; -ENOENT with "sdk_get_param: no compile parameter named 'M'
 * (the bundle has MT, NT)" (or "(the bundle has none)"); -EINVAL (NULL
 * arguments); -EBADFD before load() / after stop().
 */
WSE_API int sdk_get_param(struct sdk_runtime *rt, const char *name,
			  const char **value);

/**
 * sdk_get_color() - a stream color of the bundle by its compile parameter
 * name, e.g. "MEMCPYH2D_DATA_1_ID" (out.json "colors"; Python programs
 * read int(params["MEMCPYH2D_DATA_1_ID"])).  Fills @sym with kind
 * SDK_KIND_COLOR, id = the color, name = @name's static copy.  Returns 0;
 * -ENOENT "sdk_get_color: no stream color named 'X' (the bundle has
 * MEMCPYH2D_DATA_1_ID, MEMCPYD2H_DATA_1_ID)" (or "(... has none)");
 * -EINVAL (NULL arguments); -EBADFD before load() / after stop().
 */
WSE_API int sdk_get_color(struct sdk_runtime *rt, const char *name,
			  sdk_symbol_t *sym);

/* ---- copies ----------------------------------------------------------------- */

/**
 * sdk_memcpy_h2d() - .memcpy_h2d(dest, src, x, y, w, h, l, streaming,
 * data_type, order, nonblock): copy a host array into the data symbol
 * @dest on every PE of the ROI, or (streaming) send it to them as
 * wavelets on the color @dest.
 * @dest:	copy mode: a data symbol from sdk_get_id(); streaming: a color
 *		(sdk_color(c), sdk_get_color()) that is one of the bundle's
 *		MEMCPYH2D_DATA_<i>_ID colors, else -EINVAL naming it and the
 *		allowed set: "sdk_memcpy_h2d: dest color 5 is not one of the
 *		program's H2D stream colors (MEMCPYH2D_DATA_1_ID = 1)" (or
 *		"... is MEMCPYD2H_DATA_1_ID, a D2H stream color; ...", or
 *		"... the program has none ...")
 * @src:	w*h*l 32-bit host words, 4-byte aligned (for MEMCPY_16BIT each
 *		word holds a zero-extended 16-bit value; its low half is stored)
 * @x, @y, @w, @h: the ROI, relative to the rectangle's North-West PE; must
 *		lie inside the rectangle
 * @l:		elements per PE, starting at element 0 of the symbol; l times
 *		the element size must fit in the symbol on every image the ROI
 *		uses (-ENOSPC).  Streaming: wavelets per PE, no memory limit
 * @streaming:	false: copy mode; true: streaming mode.  Each PE of the ROI
 *		receives its l host words, element k as its k-th wavelet, on
 *		the color (a data task or fabin DSD of the PE program must
 *		take them: a PE that does not stalls the transfer, -EDEADLK).
 *		The words are sent unchanged whatever @data_type (for 16-bit
 *		data use zero-extended words, sdk_input_array_to_u32()).  The
 *		call completes once every wavelet has left the host (taken
 *		by the PEs' input queues or the H2D buffer columns of
 *		--width-west-buf), not when the program has consumed them
 * @data_type:	the element width in PE memory: MEMCPY_32BIT (4 bytes)
 *		or MEMCPY_16BIT (2 bytes), whatever the symbol's declared
 *		type (as in the SDK, a 16-bit copy into an f32 array packs
 *		two elements a word; only the size is checked).  Streaming:
 *		either, no symbol to match
 * @order:	ROW_MAJOR or COL_MAJOR.  Host index of element k (0 <= k < l)
 *		of ROI PE (px, py), 0 <= px < w, 0 <= py < h:
 *		  ROW_MAJOR: k + l * (px + w * py)   (l fastest, then x, y)
 *		  COL_MAJOR: py + h * (px + w * k)   (y fastest, then x, k)
 * @nonblock:	false: return when done, with the task's status; true: return
 *		at once with @task set (wait with sdk_task_wait())
 * @task:	out, may be NULL for a blocking call; required for nonblock
 *		(-EINVAL); its id is 0 after a blocking call
 * Returns 0 or the task status (-EIO, -ETIMEDOUT, -ENODEV, -EDEADLK with
 * the stall report in the message); -EINVAL, -ENOSPC, -EFAULT, -EAGAIN
 * (see wse_h2d()); -EBADFD (state, or after a stall).
 * Order: as every operation, a streaming transfer starts after the earlier
 * ones of its direction; a streaming D2H does not hold back a later
 * streaming H2D (full duplex), so a nonblocking D2H may be posted before
 * the H2D whose data the program turns into its output.
 * Small copies: a nonblocking copy-mode h2d to one PE (w = h = 1) of at
 * most 64 bytes (l <= 16) is checked at the call (every error above that
 * is not a task status is returned then), its words are copied (@src may
 * be reused at once), and it is queued in the runtime instead of being
 * submitted.  The queue goes to the device as one task (WSE_IOCTL_H2D_LIST,
 * up to 1024 copies) when it is full and at the start of any other call
 * of the runtime (every memcpy, launch, call, sdk_task_wait,
 * sdk_is_task_done, get_*, read_symbol, stop, destroy...), so everything
 * the program does after a queued copy sees it, as if it had been
 * submitted at its call.  sdk_task_wait() on any copy of a list waits for
 * the list and keeps its status for the others; if the list cannot be
 * submitted (e.g. -EAGAIN, -ENOMEM) each of its copies fails with that
 * error and a message naming it, at its wait.
 */
WSE_API int sdk_memcpy_h2d(struct sdk_runtime *rt, sdk_symbol_t dest,
			   const void *src, uint32_t x, uint32_t y,
			   uint32_t w, uint32_t h, uint32_t l, bool streaming,
			   int data_type, int order, bool nonblock,
			   sdk_task_t *task);

/**
 * sdk_memcpy_d2h() - .memcpy_d2h(dest, src, x, y, w, h, l, streaming,
 * data_type, order, nonblock): copy the data symbol @src of every ROI PE
 * into the host array @dest (w*h*l 32-bit words; MEMCPY_16BIT words have
 * their upper 16 bits zero).  Same rules and indexing as sdk_memcpy_h2d().
 * Streaming: @src is a color among the bundle's MEMCPYD2H_DATA_<i>_ID
 * ("sdk_memcpy_d2h: src color 5 is not one of the program's D2H stream
 * colors (...)"); the call receives l wavelets from each ROI PE on it
 * (sent by a fabout DSD; wavelet k of PE (px, py) lands at the host index
 * of element k) and completes when all are in @dest.  MEMCPY_16BIT clears
 * the upper half of each wavelet (sdk_memcpy_view_u16() narrows them).
 * Wavelets the PEs send before the D2H is posted wait in the D2H buffer
 * columns (--width-east-buf) or back up into the fabric.
 */
WSE_API int sdk_memcpy_d2h(struct sdk_runtime *rt, void *dest,
			   sdk_symbol_t src, uint32_t x, uint32_t y,
			   uint32_t w, uint32_t h, uint32_t l, bool streaming,
			   int data_type, int order, bool nonblock,
			   sdk_task_t *task);

/*
 * Host-to-device variants (.memcpy_h2d_rowbcast, _colbcast, _stride): the
 * arguments, checks, results and messages of sdk_memcpy_h2d() (prefixed
 * with the variant's name, e.g. "sdk_memcpy_h2d_rowbcast: wse_h2d: ROI
 * (1,0,2,1) is outside the 2x1 rectangle"), with a smaller source.  The
 * library builds the host array each transfer needs (a temporary copy) and
 * keeps it with a nonblocking task until the task is reaped
 * (sdk_task_wait(), sdk_stop(), sdk_destroy()); @src itself is not used
 * after the call returns.  Extra errors: -ENOMEM.  Streaming works the
 * same way (each PE's wavelets still travel separately: a broadcast on the
 * host side, not a fabric multicast).  @src: 32-bit words, 4-byte aligned
 * (MEMCPY_16BIT: zero-extended values).
 *
 * The 2-D source is wrapped according to @order, as the SDK does (the
 * public row-col-broadcast benchmark passes a transposed array with
 * COL_MAJOR):
 */

/**
 * sdk_memcpy_h2d_rowbcast() - .memcpy_h2d_rowbcast(dest, src, x, y, w, h,
 * l, streaming, data_type, order, nonblock): @src is an h x l array: row
 * py of the ROI gets source row py in every one of its w PEs.  Element k
 * of ROI PE (px, py) is src[py * l + k] (ROW_MAJOR) or src[py + h * k]
 * (COL_MAJOR).
 */
WSE_API int sdk_memcpy_h2d_rowbcast(struct sdk_runtime *rt, sdk_symbol_t dest,
				    const void *src, uint32_t x, uint32_t y,
				    uint32_t w, uint32_t h, uint32_t l,
				    bool streaming, int data_type, int order,
				    bool nonblock, sdk_task_t *task);

/**
 * sdk_memcpy_h2d_colbcast() - .memcpy_h2d_colbcast(dest, src, x, y, w, h,
 * l, streaming, data_type, order, nonblock): @src is a w x l array:
 * column px of the ROI gets source row px in every one of its h PEs.
 * Element k of ROI PE (px, py) is src[px * l + k] (ROW_MAJOR) or src[px +
 * w * k] (COL_MAJOR).
 */
WSE_API int sdk_memcpy_h2d_colbcast(struct sdk_runtime *rt, sdk_symbol_t dest,
				    const void *src, uint32_t x, uint32_t y,
				    uint32_t w, uint32_t h, uint32_t l,
				    bool streaming, int data_type, int order,
				    bool nonblock, sdk_task_t *task);

/**
 * sdk_memcpy_h2d_stride() - .memcpy_h2d_stride(dest, src, x, y, w, h, l,
 * row_stride, col_stride, streaming, data_type, order, nonblock): only
 * every n-th PE of the ROI receives.
 * @row_stride:	>= 1: the receiving rows are py = 0, row_stride,
 *		2 * row_stride, ... < h (ROI-relative)
 * @col_stride:	>= 1: the receiving columns are px = 0, col_stride, ... < w
 * The receivers form a wr x hr grid, wr = ceil(w / col_stride), hr =
 * ceil(h / row_stride), and @src is the wr*hr*l array of sdk_memcpy_h2d()
 * for that grid in @order: element k of receiver (i, j) (ROI PE (i *
 * col_stride, j * row_stride)) is src[k + l * (i + wr * j)] (ROW_MAJOR)
 * or src[j + hr * (i + wr * k)] (COL_MAJOR).  The other PEs of the ROI
 * are not written (streaming: receive nothing).  Strides 1, 1 are
 * sdk_memcpy_h2d().
 * Our reading of the SDK's documentation, which names the arguments
 * without a formula: "row" stride steps between rows (along y), "col"
 * stride between columns (along x).
 * A stride > 1 is done as one transfer per receiving row (col_stride 1)
 * or per receiving PE, in order; a nonblocking call returns one task for
 * all of them.  -EINVAL "sdk_memcpy_h2d_stride: row_stride is 0: ...".
 */
WSE_API int sdk_memcpy_h2d_stride(struct sdk_runtime *rt, sdk_symbol_t dest,
				  const void *src, uint32_t x, uint32_t y,
				  uint32_t w, uint32_t h, uint32_t l,
				  uint32_t row_stride, uint32_t col_stride,
				  bool streaming, int data_type, int order,
				  bool nonblock, sdk_task_t *task);

/**
 * sdk_read_symbol() - the debug helper read_symbol(x, y, name, dtype):
 * the first @l elements of data symbol @name on the one PE at ABSOLUTE
 * fabric coordinates (@x, @y) (the rectangle's PE (0, 0) is at the
 * bundle's fabric_offsets) into @dst as l 32-bit words (MEMCPY_16BIT:
 * elements of 2 bytes, zero-extended).  @name: an exported data symbol or
 * any data object of the PE's ELF symbol table ("Debugging" above).
 * While the program runs, a device-to-host copy of that PE's memory;
 * after sdk_stop(), from the copy stop() kept.
 * Returns 0; -EINVAL "sdk_read_symbol: PE (3,1) is outside the program
 * rectangle: 2x2 at (4,1) in fabric coordinates" (or a function's name);
 * -ENOENT "sdk_read_symbol: no data symbol named 'x' on PE (4,1) ...";
 * -ENOSPC (l elements are more than the symbol's bytes); -EBADFD (before
 * run(), or after a stop() that kept no copy: the message says why); the
 * errors of sdk_memcpy_d2h().
 */
WSE_API int sdk_read_symbol(struct sdk_runtime *rt, uint32_t x, uint32_t y,
			    const char *name, void *dst, uint32_t l,
			    int data_type);

/**
 * sdk_read_symbol_bytes() - the raw bytes of @name on PE (@x, @y) (as
 * sdk_read_symbol()): the whole symbol, *@bytes (its size, set whenever
 * the symbol is found) bytes into @dst of @cap bytes (-ENOSPC if @cap is
 * smaller).  Python's read_symbol views them as its dtype.
 */
WSE_API int sdk_read_symbol_bytes(struct sdk_runtime *rt, uint32_t x,
				  uint32_t y, const char *name, void *dst,
				  uint32_t cap, uint32_t *bytes);

/**
 * sdk_dump_core() - .dump_core(path): write the memory of every PE of the
 * rectangle and the bundle's symbol tables to the file @path (running: read
 * now; after sdk_stop(): the copy stop() kept).  Read it back with
 * sdk_core_read_symbol() or Python's debug_util, with no device.  The
 * file is 28 bytes of header, 4 bytes per PE, 76 bytes per symbol and 48
 * KiB per PE (lib/sdk_core.c).  Returns 0; -EBADFD (state, or no copy);
 * -EFBIG (rectangle above SDK_SNAPSHOT_MAX); -errno of the file.
 */
WSE_API int sdk_dump_core(struct sdk_runtime *rt, const char *path);

/* Largest rectangle memory sdk_stop() keeps and sdk_dump_core() reads. */
#define SDK_SNAPSHOT_MAX (16u << 20)

/**
 * sdk_core_read_symbol() - debug_util(dir).get_symbol(x, y, name, dtype)
 * over a core file of sdk_dump_core(): the bytes of data symbol @name on
 * the PE at absolute fabric coordinates (@x, @y), as
 * sdk_read_symbol_bytes().  No runtime, no device.  Returns 0; -ENOENT
 * (no such symbol on that PE; a missing file); -EINVAL (not a core file,
 * PE outside the rectangle); -ENOSPC; message in sdk_errmsg(NULL).
 */
WSE_API int sdk_core_read_symbol(const char *path, uint32_t x, uint32_t y,
				 const char *name, void *dst, uint32_t cap,
				 uint32_t *bytes);

/* ---- launches ---------------------------------------------------------------- */

/*
 * A launch argument: a typed value made by one of the SDK_<T>() macros
 * below.  Bare values are rejected: at compile time most are (a scalar
 * cannot initialise the struct's first member cleanly) and at run time the
 * magic word catches the rest ("argument 1 was not made by an SDK_*()
 * macro").
 */
#define SDK_ARG_MAGIC 0x53444b41u	/* "SDKA" */

struct sdk_arg {
	uint32_t magic;		/* SDK_ARG_MAGIC */
	uint32_t type;		/* enum sdk_type */
	uint32_t word;		/* the 32-bit launch word (PE-ABI section 6) */
};

static inline uint32_t sdk__f32_bits(float f)
{
	uint32_t u;

	memcpy(&u, &f, sizeof(u));	/* C and C++ alike */
	return u;
}

#ifdef __cplusplus
#define __SDK_ARG(t, w) (sdk_arg{ SDK_ARG_MAGIC, (uint32_t)(t), (uint32_t)(w) })
#else
#define __SDK_ARG(t, w) ((struct sdk_arg){ SDK_ARG_MAGIC, (t), (w) })
#endif
/* f32: the float's bits */
#define SDK_F32(v) __SDK_ARG(SDK_TYPE_F32, sdk__f32_bits((float)(v)))
/* i32 / u32: the value */
#define SDK_I32(v) __SDK_ARG(SDK_TYPE_I32, (uint32_t)(int32_t)(v))
#define SDK_U32(v) __SDK_ARG(SDK_TYPE_U32, (uint32_t)(v))
/* i16 / u16: truncated to 16 bits, zero-extended (the PE side sign-extends i16) */
#define SDK_I16(v) __SDK_ARG(SDK_TYPE_I16, (uint32_t)(uint16_t)(int16_t)(v))
#define SDK_U16(v) __SDK_ARG(SDK_TYPE_U16, (uint32_t)(uint16_t)(v))
/* f16: the raw IEEE binary16 bits (a uint16_t), zero-extended */
#define SDK_F16(bits) __SDK_ARG(SDK_TYPE_F16, (uint32_t)(uint16_t)(bits))
/* terminator used by sdk_launch(); never pass it yourself */
#define __SDK_END __SDK_ARG(SDK_TYPE_NONE, 0)

/**
 * sdk_launch() - .launch(name, *args, nonblock): call the host-callable
 * function @name on every PE of the rectangle.
 *   sdk_launch(rt, "f", false, NULL);                      // f()
 *   sdk_launch(rt, "g", true, &task, SDK_F32(1.5f), SDK_I32(-3));
 * A macro: the arguments become a compound-literal array of struct sdk_arg
 * whose length (argc) is computed at compile time, then
 * sdk_launch_args().  The count and every type are checked against the
 * function's signature from out.json before anything reaches the device:
 *   "sdk_launch: cannot find exported function 'h'"            (-ENOENT)
 *   "sdk_launch: g takes 2 arguments (f32, i32), 1 given"       (-EINVAL)
 *   "sdk_launch: g: argument 1 is f32, expected i32"            (-EINVAL)
 * Blocking: returns the task's status (-EIO with the fault in the message).
 */
#ifdef __cplusplus
} /* extern "C" */
/* C++: a function template over the same typed arguments (no temporaries' addresses). */
template <typename... A>
static inline int sdk_launch(struct sdk_runtime *rt, const char *name,
			     bool nonblock, sdk_task_t *task, A... a)
{
	const struct sdk_arg args[] = { a..., __SDK_END };

	return sdk_launch_args(rt, name, nonblock, task, args,
			       (uint32_t)sizeof...(A));
}
extern "C" {
#else
#define sdk_launch(rt, name, nonblock, ...) \
	__sdk_launch(rt, name, nonblock, __VA_ARGS__, __SDK_END)
#endif
#define __sdk_launch(rt, name, nonblock, task, ...)			\
	sdk_launch_args(rt, name, nonblock, task,			\
			(const struct sdk_arg[]){ __VA_ARGS__ },	\
			(uint32_t)(sizeof((struct sdk_arg[]){ __VA_ARGS__ }) / \
				   sizeof(struct sdk_arg) - 1))

/**
 * sdk_launch_args() - sdk_launch() with an explicit array of @argc typed
 * arguments (made by the SDK_<T>() macros).  Same checks and results.
 */
WSE_API int sdk_launch_args(struct sdk_runtime *rt, const char *name,
			    bool nonblock, sdk_task_t *task,
			    const struct sdk_arg *args, uint32_t argc);

/**
 * sdk_call() - .call(name, u32_array, nonblock): launch with the arguments
 * already packed as 32-bit words (f32 bits, i32/u32 values, 16-bit values
 * zero-extended).  The count must match the signature, and a word for a
 * 16-bit argument must have its upper 16 bits zero (-EINVAL).
 */
WSE_API int sdk_call(struct sdk_runtime *rt, const char *name,
		     const uint32_t *args, uint32_t n, bool nonblock,
		     sdk_task_t *task);

/* ---- sdk_utils ---------------------------------------------------------------- */

/**
 * sdk_input_array_to_u32() - sdk_utils.input_array_to_u32(arr, sentinel,
 * fast_dim): 16-bit values into the 32-bit words a memcpy sends.
 * @dst:	n 32-bit words (may be the same memory as @src, which it
 *		must then be large enough for)
 * @src:	n 16-bit values (u16, i16 or f16 bits)
 * @n:		number of elements
 * @index:	false (Python: sentinel=None): dst[i] = src[i], upper half
 *		zero (the zero extension a 16-bit h2d needs); true (a
 *		sentinel given): dst[i] = src[i] | (i % fast_dim) << 16, the
 *		element's index along the fastest dimension of the array in
 *		the upper half (a data task can tell which element a wavelet
 *		is)
 * @fast_dim:	length of the fastest dimension (for a ROW_MAJOR memcpy
 *		array: l); used only with @index, then 1..65536
 * Returns 0; -EINVAL (NULL pointer with n > 0, fast_dim out of range),
 * with the message in sdk_errmsg(NULL) (per thread).
 */
WSE_API int sdk_input_array_to_u32(uint32_t *dst, const uint16_t *src,
				   uint64_t n, bool index, uint32_t fast_dim);

/**
 * sdk_memcpy_view_u16() - sdk_utils.memcpy_view(arr, uint16): the low 16
 * bits of each of @n 32-bit words (a 16-bit d2h result) into @dst.  @dst
 * may be the same memory as @src (narrowed in place).  Returns 0; -EINVAL
 * (NULL pointer with n > 0; message in sdk_errmsg(NULL)).
 */
WSE_API int sdk_memcpy_view_u16(uint16_t *dst, const uint32_t *src,
				uint64_t n);

/**
 * sdk_memcpy_view() - sdk_utils.memcpy_view(arr, dtype) for an element
 * of @elem_bytes (1: int8/uint8, 2: int16/uint16/float16, 4: the word
 * itself): the low @elem_bytes of each of @n 32-bit words into @dst
 * (packed).  @dst may be @src.  Returns 0; -EINVAL (elem_bytes, NULL).
 */
WSE_API int sdk_memcpy_view(void *dst, const uint32_t *src, uint64_t n,
			    uint32_t elem_bytes);

/* The PE clock the SDK's cycle counts refer to (CS-2/CS-3), in Hz. */
#define SDK_CLOCK_HZ 850000000u

/**
 * sdk_calculate_cycles() - sdk_utils.calculate_cycles(): @n 48-bit
 * timestamps, each three 16-bit words low word first (what a PE's
 * wse_timestamp() of <wse/pe.h> stores, CSL's timestamp module layout),
 * into @cycles.  Elapsed time is the difference of two counts divided by
 * SDK_CLOCK_HZ.  Returns 0; -EINVAL (NULL with n > 0).
 */
WSE_API int sdk_calculate_cycles(const uint16_t *ts, uint64_t n,
				 uint64_t *cycles);

/* ---- tasks ------------------------------------------------------------------- */

/**
 * sdk_task_wait() - .task_wait(task): wait for a nonblocking operation and
 * return its status (0, -EIO with the fault in the message, -ETIMEDOUT,
 * -ENODEV, -ECANCELED, -EDEADLK with the stall report in the message).  A task can be waited for once; then, or for an id
 * this runtime never returned: -ENOENT.  Works after sdk_stop() (which
 * waited for the task and kept its status).
 */
WSE_API int sdk_task_wait(struct sdk_runtime *rt, sdk_task_t task);

/**
 * sdk_is_task_done() - .is_task_done(task): 1 if finished (successfully or
 * not; sdk_task_wait() then returns at once with its status), 0 if not;
 * -ENOENT as sdk_task_wait().  Does not consume the task.
 */
WSE_API int sdk_is_task_done(struct sdk_runtime *rt, sdk_task_t task);

/** sdk_type_name() - "f32", "i32", "u32", "i16", "u16", "f16", or "?". */
WSE_API const char *sdk_type_name(int type);

#ifdef __cplusplus
}
#endif

#endif /* WSE_SDKRUNTIME_H */
