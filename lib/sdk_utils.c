// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sdk_utils.c - the host-side array helpers of the SDK's sdk_utils module
 * (input_array_to_u32, memcpy_view) for 16-bit data in 32-bit memcpy
 * words.  No device, no runtime.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "sdk_internal.h"

int sdk_input_array_to_u32(uint32_t *dst, const uint16_t *src, uint64_t n,
			   bool index, uint32_t fast_dim)
{
	sdk__set_thread_msg("%s", "");
	if (n && (!dst || !src)) {
		sdk__set_thread_msg("sdk_input_array_to_u32: %s is NULL",
				    dst ? "src" : "dst");
		return -EINVAL;
	}
	if (index && (fast_dim < 1 || fast_dim > 65536)) {
		sdk__set_thread_msg("sdk_input_array_to_u32: fast_dim %" PRIu32
				    " is outside 1..65536 (the index must fit "
				    "in the upper 16 bits)", fast_dim);
		return -EINVAL;
	}
	/*
	 * Backwards, one element at a time through memcpy: dst may be the
	 * same memory as src (dst[i] covers src[2i], src[2i+1], i.e. only
	 * elements not read yet when going down).
	 */
	for (uint64_t i = n; i-- > 0;) {
		uint16_t v;
		uint32_t w;

		memcpy(&v, (const char *)src + i * 2, sizeof(v));
		w = v;
		if (index)
			w |= (uint32_t)(i % fast_dim) << 16;
		memcpy((char *)dst + i * 4, &w, sizeof(w));
	}
	return 0;
}

/* The low @elem_bytes of each of @n words, packed; message under @call. */
static int view(const char *call, void *dst, const uint32_t *src, uint64_t n,
		uint32_t elem_bytes)
{
	sdk__set_thread_msg("%s", "");
	if (elem_bytes != 1 && elem_bytes != 2 && elem_bytes != 4) {
		sdk__set_thread_msg("%s: elem_bytes %" PRIu32 " is none of 1, "
				    "2, 4", call, elem_bytes);
		return -EINVAL;
	}
	if (n && (!dst || !src)) {
		sdk__set_thread_msg("%s: %s is NULL", call, dst ? "src" : "dst");
		return -EINVAL;
	}
	/* Forwards: dst may be the same memory as src (dst[i] <= src[i]). */
	for (uint64_t i = 0; i < n; i++) {
		uint32_t w;

		memcpy(&w, (const char *)src + i * 4, sizeof(w));
		/* the low bytes of a little-endian word */
		memcpy((char *)dst + i * elem_bytes, &w, elem_bytes);
	}
	return 0;
}

int sdk_memcpy_view_u16(uint16_t *dst, const uint32_t *src, uint64_t n)
{
	return view("sdk_memcpy_view_u16", dst, src, n, 2);
}

int sdk_memcpy_view(void *dst, const uint32_t *src, uint64_t n,
		    uint32_t elem_bytes)
{
	return view("sdk_memcpy_view", dst, src, n, elem_bytes);
}

int sdk_calculate_cycles(const uint16_t *ts, uint64_t n, uint64_t *cycles)
{
	sdk__set_thread_msg("%s", "");
	if (n && (!ts || !cycles)) {
		sdk__set_thread_msg("sdk_calculate_cycles: %s is NULL",
				    ts ? "cycles" : "ts");
		return -EINVAL;
	}
	for (uint64_t i = 0; i < n; i++)
		cycles[i] = (uint64_t)ts[3 * i] |
			    (uint64_t)ts[3 * i + 1] << 16 |
			    (uint64_t)ts[3 * i + 2] << 32;
	return 0;
}
