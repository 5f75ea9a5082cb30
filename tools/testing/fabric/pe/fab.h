/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tiny ecall helpers for the fabric test programs (numbers from
 * include/wse/pe_abi.h; not include/wse/pe.h, which has its own life).
 */
#ifndef _FABRIC_TEST_FAB_H
#define _FABRIC_TEST_FAB_H

#include <stdint.h>
#include <wse/pe_abi.h>

struct dsd {
	uint32_t addr;
	uint32_t len;
	int32_t stride;
	uint32_t fabric;
};

/* A data area the host reads back: 0x8000..0xa000 (the stack is above). */
#define LOG	((volatile uint32_t *)0x8000)
#define FLAG	((volatile uint32_t *)0xa000)

static inline uint32_t ec(uint32_t n, uint32_t a0, uint32_t a1, uint32_t a2,
			  uint32_t a3, uint32_t a4, uint32_t a5,
			  uint32_t *r1)
{
	register uint32_t x10 __asm__("a0") = a0;
	register uint32_t x11 __asm__("a1") = a1;
	register uint32_t x12 __asm__("a2") = a2;
	register uint32_t x13 __asm__("a3") = a3;
	register uint32_t x14 __asm__("a4") = a4;
	register uint32_t x15 __asm__("a5") = a5;
	register uint32_t x17 __asm__("a7") = n;

	__asm__ __volatile__("ecall"
			     : "+r"(x10), "+r"(x11)
			     : "r"(x12), "r"(x13), "r"(x14), "r"(x15), "r"(x17)
			     : "memory");
	if (r1)
		*r1 = x11;
	return x10;
}

static inline void color_ctl(uint32_t c, uint32_t op)
{
	ec(WSE_EC_COLOR_CTL, c, op, 0, 0, 0, 0, 0);
}

static inline uint32_t wait_ev(uint32_t *buf16, uint32_t *payload)
{
	return ec(WSE_EC_WAIT, (uint32_t)(uintptr_t)buf16, 0, 0, 0, 0, 0,
		  payload);
}

static inline void vec(uint32_t op, const struct dsd *d, const struct dsd *a,
		       uint32_t a3, uint32_t a4, uint32_t a5)
{
	ec(WSE_EC_VEC, op, (uint32_t)(uintptr_t)d, (uint32_t)(uintptr_t)a,
	   a3, a4, a5, 0);
}

static inline void trace(uint32_t v)
{
	ec(WSE_EC_TRACE, v, 0, 0, 0, 0, 0, 0);
}

static inline struct dsd mem_dsd(const volatile void *p, uint32_t len)
{
	struct dsd d = { (uint32_t)(uintptr_t)p, len, 1, 0 };

	return d;
}

static inline struct dsd fab_dsd(uint32_t kind, uint32_t q, uint32_t c,
				 uint32_t len)
{
	struct dsd d = { 0, len, 0, WSE_DSD_FABRIC(kind, q, c) };

	return d;
}

#endif
