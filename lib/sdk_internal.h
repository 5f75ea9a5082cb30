/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * sdk_internal.h - private declarations of the SdkRuntime layer (not
 * installed): the bundle (sdk_bundle.c) and the runtime (sdk_runtime.c).
 */
#ifndef WSE_SDK_INTERNAL_H
#define WSE_SDK_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <wse/sdkruntime.h>
#include "wse_internal.h"

#define SDK_NAME_MAX 40			/* with the NUL (export records) */
#define SDK_EXPORT_REC_BYTES 64
#define WSE_EXPORT_DATA_KIND 1		/* struct wse_export_rec.kind */
#define WSE_EXPORT_FUNC_KIND 2
#define SDK_MAX_STREAMS 4		/* MEMCPYH2D_DATA_<1..4>_ID */

struct sdk_sym {
	char name[SDK_NAME_MAX];
	uint32_t type;			/* enum sdk_type */
};

struct sdk_fn {
	char name[SDK_NAME_MAX];
	uint32_t argc;
	uint8_t args[WSE_MAX_LAUNCH_ARGS];
};

/* A data object of an image's ELF symbol table (.symtab STT_OBJECT). */
struct sdk_elfsym {
	char *name;
	uint32_t addr;
	uint32_t bytes;
};

struct sdk_image {
	char *file;			/* "pe_0.elf" */
	struct sdk_elfsym *elfsyms;	/* [nr_elfsyms] */
	uint32_t nr_elfsyms;
	uint8_t *data;			/* PE address 0 .. data_len */
	uint32_t data_len;
	uint32_t entry;
	uint32_t *functions;		/* [nr_functions], WSE_NO_ADDR */
	struct wse_pe_symbol *symbols;	/* [nr_symbols] */
};

/* A parsed bundle directory (doc/PE-ABI.md section 8). */
struct sdk_bundle {
	uint32_t arch;			/* enum wse_arch */
	uint32_t dim_x, dim_y;
	uint32_t offset_x, offset_y;
	uint32_t width, height;
	uint32_t channels, west_buf, east_buf;
	uint32_t nr_images, nr_symbols, nr_functions;
	struct sdk_image *images;
	uint16_t *pe_map;		/* [height * width], [y * width + x] */
	struct sdk_sym *symbols;
	struct sdk_fn *functions;
	uint32_t nr_params;		/* out.json "params", in file order */
	char **param_names;		/* [nr_params] */
	char **param_values;		/* [nr_params] */
	/*
	 * out.json "colors": h2d_color[i] is MEMCPYH2D_DATA_<i>_ID's color,
	 * d2h_color[i] MEMCPYD2H_DATA_<i>_ID's (i = 1..4), -1 when absent.
	 */
	int h2d_color[SDK_MAX_STREAMS + 1];
	int d2h_color[SDK_MAX_STREAMS + 1];
	/*
	 * out.json "routes" expanded: NULL (no "routes"), or [width * height
	 * * WSE_NR_COLORS], the layout of struct wse_load's routes.
	 */
	struct wse_route *routes;
};

/* sdk_bundle.c */
/*
 * Parse @bindir/out.json and its ELF files.  0, or -errno with the reason
 * (naming the file and field, without a call name) in @msg.
 */
WSE_HIDDEN int sdk__bundle_load(const char *bindir, struct sdk_bundle **out,
				char *msg, size_t n);
/* Only out.json's text (for tests): @images are then left without data. */
WSE_HIDDEN int sdk__bundle_parse_json(const char *json, const char *what,
				      struct sdk_bundle *b, char *msg, size_t n);
/* Read one ELF into @b->images[i] (its file name already set). */
WSE_HIDDEN int sdk__bundle_read_elf(struct sdk_bundle *b, uint32_t i,
				    const char *path, char *msg, size_t n);
WSE_HIDDEN void sdk__bundle_free(struct sdk_bundle *b);
/*
 * The route of color @c at rectangle PE (@x, @y) of @b (all zero when the
 * bundle has no "routes").
 */
WSE_HIDDEN struct wse_route sdk__route(const struct sdk_bundle *b, uint32_t x,
				       uint32_t y, uint32_t c);
WSE_HIDDEN int sdk__type_from_name(const char *s);

/* sdk_runtime.c */
enum sdk_state {
	SDK_CREATED,
	SDK_LOADED,
	SDK_RUNNING,
	SDK_STOPPED,
};

enum sdk_op {
	SDK_OP_H2D,
	SDK_OP_D2H,
	SDK_OP_LAUNCH,
	SDK_OP_CALL,
	SDK_OP_H2D_ROWBCAST,
	SDK_OP_H2D_COLBCAST,
	SDK_OP_H2D_STRIDE,
	SDK_OP_READ_SYMBOL,
	SDK_OP_DUMP_CORE,
	SDK_OP_NR
};

/* Room for a fault or stall text kept with a task. */
#define SDK_TASK_TEXT_MAX 768

/*
 * The queue of small nonblocking copies (sdk_runtime.c, "queue"): a
 * nonblocking copy-mode sdk_memcpy_h2d of one PE and at most
 * SDK_QUEUE_MAX_BYTES of host data is appended here, and the queue goes to
 * the device as one WSE_IOCTL_H2D_LIST when it is full and before any other
 * call of the runtime.  Its tasks have library ids (SDK_QUEUED_ID | n),
 * a space apart from the kernel's task ids.
 */
#define SDK_QUEUE_MAX_BYTES	64
#define SDK_QUEUE_ITEMS		WSE_MAX_LIST_ITEMS
#define SDK_QUEUE_WORDS		(WSE_MAX_LIST_BYTES / 4)
#define SDK_QUEUED_ID		(1ull << 62)

struct sdk_queue {
	struct wse_xfer_item *items;	/* [SDK_QUEUE_ITEMS], at first use */
	uint32_t *data;			/* [SDK_QUEUE_WORDS] */
	uint32_t nr;			/* items queued */
	uint32_t words;			/* data words queued */
	uint64_t next_id;
	/*
	 * The last queued copy's target, which passed every check: the same
	 * target again (a run of copies to one PE) needs only its pointer's.
	 */
	bool known;
	uint32_t k_kind, k_sym, k_x, k_y, k_l;
	int k_type, k_order;
};

/* A nonblocking task not yet consumed by sdk_task_wait(). */
struct sdk_pending {
	uint64_t id;			/* what sdk_task_t holds */
	uint64_t kid;			/* the kernel task: @id, or for a queued
					 * copy its list's (shared with the
					 * list's other copies), 0 while queued */
	uint32_t op;			/* enum sdk_op */
	uint32_t index;			/* symbol / function id, or color */
	bool stream;			/* a streaming transfer on @index */
	bool done;			/* reaped by sdk_stop() */
	int status;			/* valid when @done */
	char *fault;			/* NULL, or the fault / stall text
					 * captured when reaped (malloc'ed:
					 * a task is small, copied and
					 * cleared per op) */
	void *buf;			/* NULL, or the expanded host array of
					 * a nonblocking h2d variant: freed
					 * once the task is reaped */
	uint64_t *subs;			/* earlier kernel tasks of the same
					 * operation (a strided h2d is several
					 * transfers), waited before @id */
	uint32_t nr_subs;
	bool waiting;			/* a thread is in sdk_task_wait() on it */
};


struct sdk_runtime {
	struct wse_dev *dev;
	char *bindir;
	int verbosity;			/* 0 quiet, 1 errors, 2 info */
	enum sdk_state state;
	bool run_failed;
	bool stalled;			/* a task ended with -EDEADLK */
	struct sdk_bundle *b;
	struct sdk_pending *tasks;
	size_t nr_tasks, cap_tasks;
	size_t find_hint;		/* where find_task() starts */
	struct sdk_queue q;
	pthread_cond_t reaped;		/* a shared kernel task was reaped */
	pthread_mutex_t lock;		/* everything above; not held while a
					 * thread blocks in wse_wait() for
					 * sdk_task_wait() */
	uint8_t *core;			/* NULL, or the memory of every PE of
					 * the rectangle ([y][x][48 KiB]) read
					 * by sdk_stop() */
	char core_why[160];		/* why there is no @core */
};

/* sdk_core.c: write rt->core with @rt's bundle's symbols to @path. */
WSE_HIDDEN int sdk__core_write(struct sdk_runtime *rt, const char *path);

/* This thread's message buffer for @rt (sdk_errmsg(rt)). */
WSE_HIDDEN char *sdk__msg(const struct sdk_runtime *rt);

/* The message of sdk_errmsg(NULL), per thread (sdk_create, sdk_utils). */
WSE_HIDDEN void sdk__set_thread_msg(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* A runtime around an existing handle (native tests; takes @dev). */
WSE_HIDDEN struct sdk_runtime *sdk__runtime_new(struct wse_dev *dev,
						const char *bindir);
/*
 * Check @argc typed @args against @fn and pack them into @words.
 * 0 or -EINVAL with "<fn>: ..." / "<fn> takes ..." in @msg.
 */
WSE_HIDDEN int sdk__pack_args(const struct sdk_fn *fn,
			      const struct sdk_arg *args, uint32_t argc,
			      uint32_t *words, char *msg, size_t n);
WSE_HIDDEN int sdk__check_words(const struct sdk_fn *fn, const uint32_t *args,
				uint32_t n, char *msg, size_t len);

/*
 * The host index of element k of ROI PE (px, py) in a w*h*l array of
 * @order (<wse/wse.h>): the one place the library computes it.
 */
static inline uint64_t sdk__host_index(int order, uint32_t w, uint32_t h,
				       uint32_t l, uint32_t px, uint32_t py,
				       uint32_t k)
{
	if (order == COL_MAJOR)
		return py + (uint64_t)h * (px + (uint64_t)w * k);
	return k + (uint64_t)l * (px + (uint64_t)w * py);
}

/*
 * The source index of element k of ROI PE (px, py) for the broadcast
 * variant @op (SDK_OP_H2D_ROWBCAST: an h x l source, COLBCAST: w x l)
 * wrapped in @order (sdkruntime.h).
 */
static inline uint64_t sdk__bcast_index(uint32_t op, int order, uint32_t w,
					uint32_t h, uint32_t l, uint32_t px,
					uint32_t py, uint32_t k)
{
	uint32_t row = op == SDK_OP_H2D_ROWBCAST ? py : px;
	uint32_t rows = op == SDK_OP_H2D_ROWBCAST ? h : w;

	if (order == COL_MAJOR)
		return row + (uint64_t)rows * k;
	return k + (uint64_t)l * row;
}

/*
 * Build the full w*h*l ROW_MAJOR host array of a broadcast @op from @src.
 * 0 or -EINVAL (order, op).
 */
WSE_HIDDEN int sdk__expand_bcast(uint32_t op, uint32_t *dst,
				 const uint32_t *src, uint32_t w, uint32_t h,
				 uint32_t l, int order);

/*
 * memcpy_h2d_stride: the ROI PEs that receive are (i * col_stride, j *
 * row_stride), i < sdk__stride_count(w, col_stride), j < ...(h,
 * row_stride); receiver (i, j) gets element k from src[sdk__host_index(
 * order, wr, hr, l, i, j, k)] with wr, hr those counts.
 */
static inline uint32_t sdk__stride_count(uint32_t n, uint32_t stride)
{
	return (uint32_t)(((uint64_t)n + stride - 1) / stride);
}

#endif /* WSE_SDK_INTERNAL_H */
