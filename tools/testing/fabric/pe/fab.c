/*
 * Fabric test program: bench(mode, n, ca, cb) (a0..a3 set by the host).
 * Results go to LOG (0x8000); the host sets FLAG (0xa000) where asked.
 */
#include "fab.h"

enum {
	M_SEND = 1,	/* n words cb + i on color ca */
	M_RECV,		/* n wavelets of color ca to LOG */
	M_FWD,		/* fabin ca -> fabout cb, n at a time, forever */
	M_DATA,		/* data tasks on ca (and cb): LOG color, wavelet */
	M_BLOCK,	/* as M_DATA, ca blocked until FLAG */
	M_ASYNC,	/* async recv ca + async send cb, then WAIT tasks */
	M_DATAFWD,	/* data task on ca forwards each wavelet on cb */
	M_MOV16,	/* MOV16 n of ca to LOG, then LOG to cb */
	M_FLOAT,	/* LOG = fabin ca + mem; cb = fabin ca * scalar */
};

#define DATA	((volatile uint32_t *)0x9000)

static uint32_t evbuf[16];

static void data_tasks(uint32_t n)
{
	uint32_t k, ev, w;

	for (k = 0; k < n;) {
		ev = wait_ev(evbuf, &w);
		if (ev != WSE_EV_WAVELET)
			continue;
		LOG[2 * k] = evbuf[0];
		LOG[2 * k + 1] = w;
		k++;
	}
}

uint32_t bench(uint32_t mode, uint32_t n, uint32_t ca, uint32_t cb)
{
	struct dsd d, a, b;
	uint32_t i, ev, w, mask = 0;

	switch (mode) {
	case M_SEND:
		for (i = 0; i < n; i++)
			LOG[i] = cb + i;
		d = fab_dsd(WSE_DSD_FABOUT, 2, ca, n);
		a = mem_dsd(LOG, n);
		vec(WSE_VEC_MOV32, &d, &a, 0, 0, 0);
		return n;
	case M_RECV:
		d = mem_dsd(LOG, n);
		a = fab_dsd(WSE_DSD_FABIN, 2, ca, n);
		vec(WSE_VEC_MOV32, &d, &a, 0, 0, 0);
		return LOG[n - 1];
	case M_FWD:
		d = fab_dsd(WSE_DSD_FABOUT, 3, cb, n);
		a = fab_dsd(WSE_DSD_FABIN, 2, ca, n);
		for (;;)
			vec(WSE_VEC_MOV32, &d, &a, 0, 0, 0);
	case M_BLOCK:
		color_ctl(ca, WSE_COLOR_BIND_DATA);
		color_ctl(ca, WSE_COLOR_BLOCK);
		while (!*FLAG)
			;
		color_ctl(ca, WSE_COLOR_UNBLOCK);
		data_tasks(n);
		return n;
	case M_DATA:
		color_ctl(ca, WSE_COLOR_BIND_DATA);
		if (cb != ca)
			color_ctl(cb, WSE_COLOR_BIND_DATA);
		data_tasks(n);
		return n;
	case M_ASYNC:
		for (i = 0; i < n; i++)
			DATA[i] = 1000 + i;
		d = mem_dsd(LOG, n);
		a = fab_dsd(WSE_DSD_FABIN, 2, ca, n);
		vec(WSE_VEC_MOV32 | WSE_VEC_ASYNC, &d, &a, 0, 0, 5);
		d = fab_dsd(WSE_DSD_FABOUT, 3, cb, n);
		a = mem_dsd(DATA, n);
		vec(WSE_VEC_MOV32 | WSE_VEC_ASYNC, &d, &a, 0, 0, 6);
		FLAG[1] = 1;	/* both issued */
		for (i = 0; mask != (1u << 5 | 1u << 6); i++) {
			ev = wait_ev(evbuf, &w);
			if (ev == WSE_EV_TASKS) {
				FLAG[2 + i] = w;
				mask |= w;
			}
		}
		return mask;
	case M_DATAFWD:
		color_ctl(ca, WSE_COLOR_BIND_DATA);
		d = fab_dsd(WSE_DSD_FABOUT, 3, cb, 1);
		a = mem_dsd(LOG, 1);
		for (;;) {
			if (wait_ev(evbuf, &w) != WSE_EV_WAVELET)
				continue;
			LOG[0] = w;
			vec(WSE_VEC_MOV32, &d, &a, 0, 0, 0);
		}
	case M_MOV16:
		d = mem_dsd(LOG, n);
		a = fab_dsd(WSE_DSD_FABIN, 2, ca, n);
		vec(WSE_VEC_MOV16, &d, &a, 0, 0, 0);
		d = fab_dsd(WSE_DSD_FABOUT, 3, cb, n);
		a = mem_dsd(LOG, n);
		vec(WSE_VEC_MOV16, &d, &a, 0, 0, 0);
		return n;
	case M_FLOAT:
		d = mem_dsd(LOG, n);
		a = fab_dsd(WSE_DSD_FABIN, 2, ca, n);
		b = mem_dsd(DATA, n);
		vec(WSE_VEC_FADDS, &d, &a, (uint32_t)(uintptr_t)&b, 0, 0);
		d = fab_dsd(WSE_DSD_FABOUT, 3, cb, n);
		vec(WSE_VEC_FMULS | WSE_VEC_SCALAR, &d, &a, 0x40400000u, 0, 0);
		return n;
	}
	return 0;
}
