// SPDX-License-Identifier: GPL-2.0
/*
 * PE side of selftests/determinism_test, bundle "det" (det.wse).  go(n):
 * PEs 1..7 of a row each send n wavelets west on color 2, every one after
 * a loop of a length that depends on the PE and the wavelet, so the PEs
 * send in different rounds of the mock's scheduler and their wavelets
 * merge into the row's buffers in an order set by those rounds; PE 0
 * receives 7 * RECV_PER wavelets in arrival order into "seen".  With more
 * than 7 * RECV_PER sent, the senders that find the row full stay blocked:
 * a stall whose report depends on the same order.  "insns" is what each PE
 * retired.
 */
#include <wse/pe.h>

#define SENDERS		7
#define RECV_PER	6
#define MAXSEEN		(SENDERS * RECV_PER)

uint32_t seen[MAXSEEN];
uint32_t insns;

WSE_EXPORT_SYMBOL(seen, WSE_U32);
WSE_EXPORT_SYMBOL(insns, WSE_U32);

static inline uint32_t instret(void)
{
	uint32_t v;

	__asm__ __volatile__("rdinstret %0" : "=r"(v));
	return v;
}

void go(uint32_t n)
{
	uint32_t x = wse_pe_x(), y = wse_pe_y(), t0 = instret();

	if (!x) {
		for (uint32_t i = 0; i < MAXSEEN; i++)
			seen[i] = wse_recv32(2, 2);
	} else {
		for (uint32_t k = 0; k < n; k++) {
			uint32_t trips = ((x * 7 + y * 13 + k * 5) % 11) * 1500;
			uint32_t acc = k;

			for (uint32_t i = 0; i < trips; i++) {
				acc = acc * 33 + i;
				__asm__ __volatile__("" : "+r"(acc));
			}
			wse_send32(2, 3, x << 16 | y << 8 | (k & 0xff));
		}
	}
	insns = instret() - t0;
	wse_unblock_cmd_stream();
}
WSE_EXPORT_FN(go, WSE_U32);
