// SPDX-License-Identifier: MIT
/*
 * PE side of wse-bench: an empty function (launch cost) and an integer loop
 * (simulated instructions per second).  Built twice by tools/bench/Makefile,
 * for a 1x1 and for the largest rectangle of the default mock.
 *
 * spin(n) counts the instructions it retires with the instret CSR
 * (doc/PE-ABI.md section 1) and leaves the count in the exported "insns",
 * which the host reads back, so nothing here depends on the code clang
 * generates for the loop.
 */
#include <wse/pe.h>

uint32_t insns;		/* instructions retired by the last spin() */
uint32_t sink;		/* keeps the loop's result alive */

WSE_EXPORT_SYMBOL(insns, WSE_U32);
WSE_EXPORT_SYMBOL(sink, WSE_U32);

static inline uint32_t instret(void)
{
	uint32_t v;

	__asm__ __volatile__("rdinstret %0" : "=r"(v));
	return v;
}

void nop(void)
{
	wse_unblock_cmd_stream();
}
WSE_EXPORT_FN(nop);

void spin(uint32_t n)
{
	uint32_t t0 = instret(), acc = 0;

	for (uint32_t i = 0; i < n; i++) {
		acc = acc * 33 + i;
		/* no closed form, no vectorising: one trip per iteration */
		__asm__ __volatile__("" : "+r"(acc));
	}
	sink = acc;
	insns = instret() - t0;
	wse_unblock_cmd_stream();
}
WSE_EXPORT_FN(spin, WSE_U32);
