/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * wse_internal.h - libwse private declarations (not installed).
 *
 * Validation lives in wse_check.c, every message text in wse_err.c, the
 * ioctl retry policy in wse_ioctl.c; the wrappers (wse_dev.c, wse_work.c,
 * wse_task.c) only glue them together.
 */
#ifndef WSE_INTERNAL_H
#define WSE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <wse/wse.h>

#define WSE_HIDDEN __attribute__((visibility("hidden")))

/* The public calls, for messages ("wse_h2d: ...") and errno context. */
enum wse_call {
	WSE_CALL_GET_INFO,
	WSE_CALL_CONFIGURE,
	WSE_CALL_STOP,
	WSE_CALL_H2D,
	WSE_CALL_D2H,
	WSE_CALL_LAUNCH,
	WSE_CALL_WAIT,
	WSE_CALL_QUERY,
	WSE_CALL_LOAD,
	WSE_CALL_RUN,
	WSE_CALL_GET_FAULT,
	WSE_CALL_GET_STALL,
	WSE_CALL_H2D_LIST,
	WSE_CALL_NR
};

struct wse_dev {
	int fd;
	struct wse_info info;		/* from open / the last wse_get_info() */
	bool configured;		/* this handle's wse_configure() holds */
	struct wse_configure cfg;	/* valid while @configured */
	bool loaded;			/* this handle's wse_load() holds */
	uint32_t h2d_colors;		/* while @loaded: stream colors, */
	uint32_t d2h_colors;		/* bit c: color c (see wse__stream_colors) */
};

/* ---- wse_check.c: argument validation, no I/O --------------------------- */
/*
 * Each returns 0 or a negative errno (the one the kernel would return) and
 * then writes the reason, without the call's name, to @msg (size @n).
 * @info may have size 0 (unknown device): limits of the device are skipped.
 */
WSE_HIDDEN bool wse__xfer_bytes(uint32_t w, uint32_t h, uint32_t l,
				uint64_t *bytes);
WSE_HIDDEN int wse__check_configure(const struct wse_info *info,
				    const struct wse_configure *cfg,
				    char *msg, size_t n);
/* @cfg NULL: the rectangle is unknown, the ROI is not checked. */
WSE_HIDDEN int wse__check_xfer(const struct wse_info *info,
			       const struct wse_configure *cfg,
			       const struct wse_xfer *xf, char *msg, size_t n);
/* Also sets @xl->bad_item (WSE_LIST_NO_ITEM, or the item rejected). */
WSE_HIDDEN int wse__check_list(const struct wse_info *info,
			       const struct wse_configure *cfg,
			       struct wse_xfer_list *xl, char *msg, size_t n);
WSE_HIDDEN int wse__check_launch(const struct wse_launch *ln,
				 char *msg, size_t n);
/* @cfg NULL: the rectangle is unknown, pe_map is not checked. */
WSE_HIDDEN int wse__check_load(const struct wse_info *info,
			       const struct wse_configure *cfg,
			       const struct wse_load *ld, char *msg, size_t n);
/*
 * The routes of a load (@ld->routes non-zero) against the rules of
 * <linux/wse.h> for the rectangle of @cfg.
 */
WSE_HIDDEN int wse__check_routes(const struct wse_configure *cfg,
				 const struct wse_route *routes,
				 char *msg, size_t n);
/*
 * The stream colors of a route table: bit c of *@h2d when color c is
 * rx = MEMCPY, tx = RAMP on every PE of the w x h rectangle, of *@d2h when
 * it is rx = RAMP, tx = MEMCPY on every PE.  @routes NULL: none.
 */
WSE_HIDDEN void wse__stream_colors(const struct wse_route *routes, uint32_t w,
				   uint32_t h, uint32_t *h2d, uint32_t *d2h);
/* "RAMP,EAST" for a WSE_PORT_* mask ("none" for 0) into @buf. */
WSE_HIDDEN const char *wse__ports_str(uint32_t mask, char *buf, size_t n);
/* "1, 2, 5" for a color mask ("none" for 0) into @buf. */
WSE_HIDDEN const char *wse__colors_str(uint32_t mask, char *buf, size_t n);
WSE_HIDDEN int wse__check_task_id(uint64_t task_id, char *msg, size_t n);

/* ---- wse_err.c: messages ------------------------------------------------- */
WSE_HIDDEN const char *wse__call_name(enum wse_call call);
/* Start of a call on @dev: clears the message. */
WSE_HIDDEN void wse__begin(struct wse_dev *dev);
/* @dev is being freed: drop this thread's message of it. */
WSE_HIDDEN void wse__forget(const struct wse_dev *dev);
/* Store "<call>: <reason>" (reason from a wse__check_* buffer); returns @err. */
WSE_HIDDEN int wse__fail_msg(struct wse_dev *dev, enum wse_call call, int err,
			     const char *reason);
/* Store "<call>: <ENAME>: <meaning of -err for that call>"; returns @err. */
WSE_HIDDEN int wse__fail_errno(struct wse_dev *dev, enum wse_call call,
			       int err);

/* ---- wse_ioctl.c --------------------------------------------------------- */
/* wse_ioctl() on @dev's fd; 0 / ioctl result, or -errno with the message. */
WSE_HIDDEN int wse__ioctl(struct wse_dev *dev, enum wse_call call,
			  unsigned long request, void *arg);

/* ---- wse_dev.c ----------------------------------------------------------- */
/* A handle around an existing fd with given state, for the native tests. */
WSE_HIDDEN struct wse_dev *wse__dev_new(int fd, const struct wse_info *info,
					const struct wse_configure *cfg);
/* -EPROTO with a message unless @in->abi_version is WSE_ABI_VERSION. */
WSE_HIDDEN int wse__check_abi(struct wse_dev *dev, const struct wse_info *in);

#endif /* WSE_INTERNAL_H */
