// SPDX-License-Identifier: GPL-2.0
/*
 * Interpreter speed: simulated instructions per second of one PE (one host
 * core), running the clang-built loops of pe/ in WSE_PE_SLICE budgets as
 * the mock does.  Fabric speed: wavelet hops per second through a 1xN
 * pipeline of forwarding PEs (pe/fab.c), fed at PE 0 through the memcpy
 * halo and drained at PE N-1, under a scheduler loop like the mock's
 * (poll + run every PE, then one wse_net_step per round).  Optimized
 * build, no sanitizers.
 */
#include <stdlib.h>
#include <time.h>
#include "test_util.h"
#include "wse_net.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double run(const char *name, u32 n, u64 *insns)
{
	struct pe_env e;
	double t0, t;
	u64 total = 0;

	env_init(&e);
	if (load_bin(e.mem, name) < 0) {
		fprintf(stderr, "no %s/pe_%s.bin\n", PE_DIR, name);
		exit(1);
	}
	e.pe.x[10] = n;
	t0 = now();
	while (e.pe.state == WSE_PE_RUNNING)
		total += wse_pe_run(&e.pe, WSE_PE_SLICE);
	t = now() - t0;
	if (e.pe.fault.cause != WSE_FAULT_BREAK) {
		fprintf(stderr, "%s: fault %u at %x\n", name, e.pe.fault.cause,
			e.pe.fault.pc);
		exit(1);
	}
	env_free(&e);
	*insns = total;
	return t;
}

enum { M_FWD = 3, M_DATAFWD = 7 };	/* pe/fab.c modes */

static void set_route(struct wse_route *r, u32 n, u32 x, u32 c, u32 rx,
		      u32 tx)
{
	(void)n;
	r[x * WSE_NR_COLORS + c].rx = (u8)rx;
	r[x * WSE_NR_COLORS + c].tx = (u8)tx;
}

/*
 * 1 x @n PEs: color 0 enters PE 0 from the halo; PE i forwards what it
 * gets to PE i + 1 on color 1 + i % 2; the last one sends on color 3 to the
 * halo.  @mode: M_FWD (a sync fabin -> fabout MOV32 of 4096, in a loop)
 * or M_DATAFWD (a data task sends each wavelet with a MOV32 of 1).
 */
static void pipeline(u32 n, u32 mode, u32 total)
{
	struct wse_router *rt = calloc(n, sizeof(*rt));
	struct wse_pe *pe = calloc(n, sizeof(*pe)), **pp = calloc(n, sizeof(*pp));
	struct wse_route *r = calloc(n * WSE_NR_COLORS, sizeof(*r));
	u8 *mem = calloc(n, MEMSZ), *rbusy = calloc(n, 1);
	u64 rounds = 0, insns = 0, in = 0, out = 0, polls = 0;
	struct wse_net net;
	double t0, t;
	u32 i, v;

	for (i = 0; i < n; i++) {
		u32 cin = i ? 1 + (i - 1) % 2 : 0, cout = i + 1 < n ? 1 + i % 2 : 3;

		pp[i] = &pe[i];
		wse_pe_init(&pe[i], mem + (size_t)i * MEMSZ, i, 0, n, 1);
		if (load_bin(pe[i].mem, "fab") < 0) {
			fprintf(stderr, "no %s/pe_fab.bin\n", PE_DIR);
			exit(1);
		}
		wse_pe_start(&pe[i], 0);
		pe[i].x[10] = mode;
		pe[i].x[11] = 4096;
		pe[i].x[12] = cin;
		pe[i].x[13] = cout;
		set_route(r, n, i, cin, i ? WSE_PORT_WEST : WSE_PORT_MEMCPY,
			  WSE_PORT_RAMP);
		set_route(r, n, i, cout, WSE_PORT_RAMP,
			  i + 1 < n ? WSE_PORT_EAST : WSE_PORT_MEMCPY);
	}
	wse_net_init(&net, n, 1, rt, pp, rbusy);
	if (wse_net_set_routes(&net, r)) {
		fprintf(stderr, "bad routes\n");
		exit(1);
	}
	t0 = now();
	while (out < total) {
		while (in < total && wse_net_inject(&net, 0, 0, 0, (u32)in))
			in++;
		for (i = 0; i < n; i++) {
			if (wse_pe_can_poll(&pe[i]))
				polls += wse_pe_poll(&pe[i]);
			if (pe[i].state == WSE_PE_RUNNING)
				insns += wse_pe_run(&pe[i], WSE_PE_SLICE);
		}
		wse_net_step(&net);
		while (wse_net_extract(&net, n - 1, 0, 3, &v)) {
			if (v != out) {
				fprintf(stderr, "wavelet %u, want %llu\n", v,
					(unsigned long long)out);
				exit(1);
			}
			out++;
		}
		if (++rounds > 100ull * total) {
			fprintf(stderr, "pipeline stuck\n");
			exit(1);
		}
	}
	t = now() - t0;
	printf("net %-7s 1x%-3u %8llu wavelets %10llu hops  %.3f s  %.2f M hops/s  %.3f M wavelets/s  %.2f rounds/wavelet  %.1f M PE-rounds/s\n",
	       mode == M_FWD ? "fabfwd" : "datatsk", n,
	       (unsigned long long)out, (unsigned long long)net.hops, t,
	       net.hops / t / 1e6, out / t / 1e6, (double)rounds / out,
	       rounds * n / t / 1e6);
	free(rt);
	free(rbusy);
	free(pe);
	free(pp);
	free(r);
	free(mem);
}

/* `bench_pe NAME N`: one run of pe/NAME.c's loop, for callgrind counts */
static int one(const char *name, const char *n)
{
	u64 insns;
	double t = run(name, (u32)strtoul(n, NULL, 0), &insns);

	printf("%-6s %11llu insns  %.3f s\n", name, (unsigned long long)insns,
	       t);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct { const char *name; u32 n; } b[] = {
		{ "int", 20000000 }, { "float", 20000000 }, { "mem", 20000 },
	};
	unsigned int i, rep;
	u64 insns;
	double t, best, rate[3];

	if (argc == 3)
		return one(argv[1], argv[2]);
	for (i = 0; i < sizeof(b) / sizeof(b[0]); i++) {
		best = 1e9;
		for (rep = 0; rep < 3; rep++) {
			t = run(b[i].name, b[i].n, &insns);
			if (t < best)
				best = t;
		}
		rate[i] = insns / best / 1e6;
		printf("%-6s %11llu insns  %.3f s  %.1f M insn/s\n", b[i].name,
		       (unsigned long long)insns, best, rate[i]);
	}
	/* the summary lines of `make bench` (the form of tools/bench/wse-bench) */
	printf("bench: insn_rate_int %.1f M insn/s\n", rate[0]);
	printf("bench: insn_rate_float %.1f M insn/s (%.3f x insn_rate_int)\n",
	       rate[1], rate[1] / rate[0]);
	printf("bench: insn_rate_mem %.1f M insn/s (%.3f x insn_rate_int)\n",
	       rate[2], rate[2] / rate[0]);
	pipeline(16, M_FWD, 200000);
	pipeline(64, M_FWD, 100000);
	pipeline(16, M_DATAFWD, 100000);
	pipeline(64, M_DATAFWD, 50000);
	return 0;
}
