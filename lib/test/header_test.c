// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * header_test.c - the installed <wse/wse.h> and <wse/sdkruntime.h> compile
 * on their own (only the install prefix on the include path, -pedantic) and
 * every API function links (with -lelf -ljson-c).  Built twice: as C11 and
 * as C++17 (g++), so C++ programs can use both headers.
 */
#include <stdio.h>
#include <wse/wse.h>
#include <wse/sdkruntime.h>

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
		(fn)wse_load, (fn)wse_run, (fn)wse_get_fault,
		(fn)wse_fault_str, (fn)wse_xfer_init_stream,
		(fn)wse_get_stall, (fn)wse_stall_str,
		(fn)sdk_create, (fn)sdk_load, (fn)sdk_run, (fn)sdk_stop,
		(fn)sdk_destroy, (fn)sdk_errmsg, (fn)sdk_get_id,
		(fn)sdk_get_symbol, (fn)sdk_memcpy_h2d, (fn)sdk_memcpy_d2h,
		(fn)sdk_launch_args, (fn)sdk_call, (fn)sdk_task_wait,
		(fn)sdk_is_task_done, (fn)sdk_type_name,
		(fn)sdk_memcpy_h2d_rowbcast, (fn)sdk_memcpy_h2d_colbcast,
		(fn)sdk_memcpy_h2d_stride, (fn)sdk_get_param, (fn)sdk_read_symbol,
		(fn)sdk_get_color, (fn)sdk_input_array_to_u32,
		(fn)sdk_memcpy_view_u16, (fn)sdk_memcpy_view,
		(fn)sdk_calculate_cycles, (fn)sdk_read_symbol_bytes,
		(fn)sdk_dump_core, (fn)sdk_core_read_symbol,
	};
	/* the launch macro, pedantic: no arguments and some */
	if (0) {
		sdk_task_t t;

		sdk_launch(NULL, "f", false, NULL);
		sdk_memcpy_h2d(NULL, sdk_color(1), &t, 0, 0, 1, 1, 1, true,
			       MEMCPY_32BIT, ROW_MAJOR, false, NULL);
		sdk_launch(NULL, "f", true, &t, SDK_F32(1.0f), SDK_I32(-1),
			   SDK_U32(2), SDK_I16(-3), SDK_U16(4), SDK_F16(0x3c00));
	}
	unsigned int n = 0;

	for (unsigned int i = 0; i < sizeof(api) / sizeof(api[0]); i++)
		n += api[i] != NULL;
#if defined(__cplusplus)
	printf("TAP version 13\n1..1\n%s 1 installed_header_cxx_%u_functions\n",
	       n == sizeof(api) / sizeof(api[0]) ? "ok" : "not ok", n);
#elif defined(WSE_HEADER_TEST_STATIC)
	printf("TAP version 13\n1..1\n%s 1 installed_header_static_%u_functions\n",
	       n == sizeof(api) / sizeof(api[0]) ? "ok" : "not ok", n);
#else
	/* results 2 and 3: lib/Makefile's exports and symbol-version checks */
	printf("TAP version 13\n1..3\n%s 1 installed_header_standalone_%u_functions\n",
	       n == sizeof(api) / sizeof(api[0]) ? "ok" : "not ok", n);
#endif
	return n != sizeof(api) / sizeof(api[0]);
}
