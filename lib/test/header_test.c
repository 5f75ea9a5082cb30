// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * header_test.c - the installed <wse/wse.h> compiles on its own (only the
 * install prefix on the include path) and every API function links.
 */
#include <stdio.h>
#include <wse/wse.h>

int main(void)
{
	typedef void (*fn)(void);
	const fn api[] = {
		(fn)wse_open, (fn)wse_open_index, (fn)wse_close,
		(fn)wse_fd, (fn)wse_errmsg, (fn)wse_strerror,
		(fn)wse_ioctl, (fn)wse_get_info,
		(fn)wse_configure_init, (fn)wse_configure,
		(fn)wse_stop, (fn)wse_xfer_init, (fn)wse_h2d,
		(fn)wse_d2h, (fn)wse_launch_init, (fn)wse_launch,
		(fn)wse_wait, (fn)wse_wait_all, (fn)wse_query,
	};
	unsigned int n = 0;

	for (unsigned int i = 0; i < sizeof(api) / sizeof(api[0]); i++)
		n += api[i] != NULL;
	printf("TAP version 13\n1..2\n%s 1 installed_header_standalone_%u_functions\n",
	       n == sizeof(api) / sizeof(api[0]) ? "ok" : "not ok", n);
	return n != sizeof(api) / sizeof(api[0]);
}
