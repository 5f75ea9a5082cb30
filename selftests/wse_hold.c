// SPDX-License-Identifier: GPL-2.0
/*
 * wse_hold - a program that uses the device and stays: opens /dev/wse0,
 * configures 4x4 PEs on 2 channels, submits HOLD_TASKS nonblocking H2Ds
 * into PE row 0 (one channel: they run one after the other, each held in
 * flight by the mock's latency if the caller set it, so some stay in
 * flight for HOLD_TASKS latencies even on a slow kernel), prints "held
 * PID", and waits for stdin to close; then reaps them all and exits 0.
 * wse_hold --open-only: exit 0 if /dev/wse0 opens, else print the error
 * and exit 1.  For smi_test.sh, run as a non-root user.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <wse/wse.h>

enum { HOLD_TASKS = 8 };

int main(int argc, char **argv)
{
	static uint32_t buf[4 * 4 * 64];
	struct wse_configure cfg;
	struct wse_dev *dev;
	struct wse_xfer xf;
	char c;
	int err, status;

	err = wse_open("/dev/wse0", &dev);
	if (err) {
		printf("wse_hold: open /dev/wse0: %s\n", wse_strerror(err));
		return 1;
	}
	if (argc > 1 && !strcmp(argv[1], "--open-only"))
		return wse_close(dev) ? 1 : 0;
	wse_configure_init(&cfg, 4, 4, WSE_MEMCPY_MIN_OFFSET_X,
			   WSE_MEMCPY_MIN_OFFSET_Y, 4 + 7, 4 + 2, 2);
	err = wse_configure(dev, &cfg);
	for (int i = 0; !err && i < HOLD_TASKS; i++) {
		wse_xfer_init(&xf, buf, 0, 0, 4, 1, 64, 0, WSE_DATA_32BIT,
			      WSE_ORDER_ROW_MAJOR, WSE_XFER_NONBLOCK);
		err = wse_h2d(dev, &xf);
	}
	if (err) {
		printf("wse_hold: %s\n", wse_errmsg(dev));
		return 1;
	}
	printf("held %d\n", getpid());
	fflush(stdout);
	while (read(STDIN_FILENO, &c, 1) > 0)
		;
	err = wse_wait_all(dev, 60000000000ll, &status);
	wse_close(dev);
	return err || status;
}
