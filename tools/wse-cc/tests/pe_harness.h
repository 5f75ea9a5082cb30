/* SPDX-License-Identifier: MIT */
/*
 * One PE of the fabric core (kernel/fabric) for the native end-to-end tests
 * (crt0_run.c, pe_run.c): color 1 routed MEMCPY -> RAMP (the host's
 * wavelets), color 2 RAMP -> MEMCPY (the PE's, handed to a callback).
 */
#ifndef WSE_CC_TEST_PE_HARNESS_H
#define WSE_CC_TEST_PE_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include "wse_net.h"

static struct wse_pe pe;
static struct wse_router rt;
static u8 rt_busy;
static u8 mem[WSE_PE_MEM_BYTES];
static struct wse_net net;

/* Load the flat image @path, route colors 1 and 2, start at 0. */
static int harness_load(const char *path)
{
	struct wse_route routes[WSE_NR_COLORS] = { { 0, 0 } };
	static struct wse_pe *pp = &pe;
	FILE *f = fopen(path, "rb");

	if (!f || fread(mem, 1, sizeof(mem), f) == 0) {
		perror(path);
		return -1;
	}
	fclose(f);
	routes[1].rx = WSE_PORT_MEMCPY;
	routes[1].tx = WSE_PORT_RAMP;
	routes[2].rx = WSE_PORT_RAMP;
	routes[2].tx = WSE_PORT_MEMCPY;
	wse_pe_init(&pe, mem, 0, 0, 1, 1);
	wse_net_init(&net, 1, 1, &rt, &pp, &rt_busy);
	if (wse_net_set_routes(&net, routes))
		return -1;
	wse_pe_start(&pe, 0);
	return 0;
}

/* The control bit of the wavelet harness_step() hands to its callback. */
static bool harness_ctl;

/* One round: the net, the PE's fabric side, the PE; color 2 to @out. */
static void harness_step(void (*out)(u32 wavelet))
{
	u32 v;

	wse_net_step(&net);
	wse_pe_poll(&pe);
	wse_pe_run(&pe, 1000);
	while (wse_net_extract_w(&net, 0, 0, 2, &v, &harness_ctl))
		out(v);
}

#endif
