// SPDX-License-Identifier: MIT
/*
 * wse-hello - the first program to read: open a wse device, place a 4x4
 * program rectangle on its fabric, move a tensor host -> PE memory -> host
 * in both memory orders and both data types, and check every element.
 *
 * Build: make -C examples   (links libwse statically)
 * Run:   ./wse-hello [/dev/wseN]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wse/wse.h>

/* The program rectangle: 4x4 PEs at fabric offset (4,1) in an 11x6 fabric
 * (3 memcpy columns West + 4 + 2 East + 1 = 11 wide, 1 + 4 + 1 = 6 high),
 * using 2 I/O channels. */
#define W	4
#define H	4
#define L	8	/* elements per PE */

static int round_trip(struct wse_dev *dev, uint32_t data_type, uint32_t order,
		      int nonblock)
{
	const size_t n = (size_t)W * H * L;
	uint32_t *in = malloc(n * sizeof(*in)), *out = malloc(n * sizeof(*out));
	uint32_t mask = data_type == WSE_DATA_16BIT ? 0xffff : 0xffffffff;
	struct wse_xfer xf;
	size_t bad = 0;
	int err, status = 0;

	if (!in || !out) {
		free(in);
		free(out);
		return -1;
	}
	/* Host array: w*h*l 32-bit words.  With ROW_MAJOR element k of PE
	 * (px, py) is in[k + L*(px + W*py)]; with COL_MAJOR it is
	 * in[py + H*(px + W*k)].  A round trip gives back the same array, so
	 * we only need the formulas to know where a value lives on the wafer. */
	for (size_t i = 0; i < n; i++)
		in[i] = (uint32_t)(i * 2654435761u) & mask;
	memset(out, 0xff, n * sizeof(*out));

	/* host -> PE memory: ROI = the whole rectangle, at byte 0 of each PE */
	wse_xfer_init(&xf, in, 0, 0, W, H, L, 0, data_type, order,
		      nonblock ? WSE_XFER_NONBLOCK : 0);
	err = wse_h2d(dev, &xf);
	if (!err && nonblock)
		/* a nonblocking call returns a task id at once: wait for it */
		err = wse_wait(dev, xf.task_id, -1, &status);
	if (!err)
		err = status;
	if (err) {
		fprintf(stderr, "h2d: %s\n", err == status ? wse_strerror(err)
							   : wse_errmsg(dev));
		goto out;
	}

	/* PE memory -> host (blocking); runs after the h2d, in order */
	wse_xfer_init(&xf, out, 0, 0, W, H, L, 0, data_type, order, 0);
	err = wse_d2h(dev, &xf);
	if (err) {
		fprintf(stderr, "d2h: %s\n", wse_errmsg(dev));
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		bad += out[i] != in[i];
	err = bad ? -1 : 0;
out:
	printf("  %-6s %-9s %-11s %zu elements: %s\n",
	       data_type == WSE_DATA_16BIT ? "16-bit" : "32-bit",
	       order == WSE_ORDER_ROW_MAJOR ? "row-major" : "col-major",
	       nonblock ? "nonblocking" : "blocking", n,
	       err ? "FAILED" : "ok");
	free(in);
	free(out);
	return err;
}

int main(int argc, char **argv)
{
	struct wse_configure cfg;
	struct wse_info info;
	struct wse_dev *dev;
	int err, failed = 0;

	err = wse_open(argc > 1 ? argv[1] : NULL, &dev);
	if (err) {
		fprintf(stderr, "wse-hello: cannot open %s: %s\n",
			argc > 1 ? argv[1] : "/dev/wse0", wse_strerror(err));
		return 1;
	}
	if (wse_get_info(dev, &info)) {
		fprintf(stderr, "wse-hello: %s\n", wse_errmsg(dev));
		wse_close(dev);
		return 1;
	}
	printf("wse device: WSE-%u, fabric %ux%u PEs, %u KiB per PE, "
	       "%u channels per edge, up to %u PEs per program (ABI %u)\n",
	       info.arch, info.fabric_width, info.fabric_height,
	       info.pe_memory_bytes / 1024, info.channels_per_edge,
	       info.max_rect_pes, info.abi_version);

	/* Claim the device for our rectangle (cslc --fabric-dims=11,6
	 * --fabric-offsets=4,1 --channels=2). */
	wse_configure_init(&cfg, W, H, 4, 1, 11, 6, 2);
	err = wse_configure(dev, &cfg);
	if (err) {
		fprintf(stderr, "wse-hello: %s\n", wse_errmsg(dev));
		wse_close(dev);
		return 1;
	}
	printf("configured a %ux%u rectangle at (4,1), 2 channels\n", W, H);

	failed |= round_trip(dev, WSE_DATA_32BIT, WSE_ORDER_ROW_MAJOR, 1);
	failed |= round_trip(dev, WSE_DATA_32BIT, WSE_ORDER_COL_MAJOR, 0);
	failed |= round_trip(dev, WSE_DATA_16BIT, WSE_ORDER_ROW_MAJOR, 0);
	failed |= round_trip(dev, WSE_DATA_16BIT, WSE_ORDER_COL_MAJOR, 0);

	/* Release the device (closing would do it too). */
	if (wse_stop(dev)) {
		fprintf(stderr, "wse-hello: %s\n", wse_errmsg(dev));
		failed = 1;
	}
	wse_close(dev);
	printf("wse-hello: %s\n", failed ? "FAILED" : "all round trips ok");
	return failed ? 1 : 0;
}
