/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wse_fabric_port.h - the only place the fabric core learns whether it is
 * in the kernel (wse_mock.ko) or in userspace (tools/testing/fabric).
 * Nothing else in kernel/fabric/ includes a kernel or libc header.
 */
#ifndef _WSE_FABRIC_PORT_H
#define _WSE_FABRIC_PORT_H

#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/types.h>
#include <asm/fpu/api.h>
#include <linux/wse.h>

static inline void wse_fpu_begin(void) { kernel_fpu_begin(); }
static inline void wse_fpu_end(void) { kernel_fpu_end(); }
#else
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
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
#define noinline wse_attr(__noinline__)	/* as the kernel's */

static inline void wse_fpu_begin(void) { }
static inline void wse_fpu_end(void) { }
#endif

#endif /* _WSE_FABRIC_PORT_H */
