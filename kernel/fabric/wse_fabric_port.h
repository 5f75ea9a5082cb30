/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wse_fabric_port.h - the only place the fabric core learns whether it is
 * in the kernel (wse_mock.ko) or in userspace (tools/testing/fabric).
 * Nothing else in kernel/fabric/ includes a kernel or libc header.
 * wse_clock_ns() is a monotonic clock in ns, the source of the PEs'
 * device clock (wse_pe_clock()).
 */
#ifndef _WSE_FABRIC_PORT_H
#define _WSE_FABRIC_PORT_H

#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/ktime.h>
#include <linux/string.h>
#include <linux/types.h>
#include <asm/fpu/api.h>
#include <asm/page.h>
#include <linux/wse.h>

/*
 * The interpreter loop (3.5 KiB) in a page of its own: under TCG a jump
 * to another page is never chained, it costs a translation block lookup.
 */
#define wse_pe_hot_section __section(".text.wse_pe_run")
#define wse_pe_page_aligned __aligned(PAGE_SIZE)

static inline void wse_fpu_begin(void) { kernel_fpu_begin(); }
static inline void wse_fpu_end(void) { kernel_fpu_end(); }
static inline u64 wse_clock_ns(void) { return ktime_get_ns(); }
#else
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <linux/wse.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

#define wse_attr(a) __attribute__((a))
#define unlikely(c) __builtin_expect(!!(c), 0)
#define noinline wse_attr(__noinline__)	/* as the kernel's */
/*
 * wse_pe_run(): threaded dispatch (computed gotos), not the kernel's switch;
 * -DWSE_PE_SWITCH builds the kernel's (tools/testing/fabric test_pe_switch)
 */
#ifndef WSE_PE_SWITCH
#define WSE_PE_THREADED
#endif

#define wse_pe_hot_section
#define wse_pe_page_aligned

static inline void wse_fpu_begin(void) { }
static inline void wse_fpu_end(void) { }

/* needs _POSIX_C_SOURCE >= 199309 (the Makefiles define it) */
static inline u64 wse_clock_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000u + (u64)ts.tv_nsec;
}
#endif

#endif /* _WSE_FABRIC_PORT_H */
