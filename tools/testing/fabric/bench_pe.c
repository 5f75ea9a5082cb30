// SPDX-License-Identifier: GPL-2.0
/*
 * Interpreter speed: simulated instructions per second of one PE (one host
 * core), running the clang-built loops of pe/ in WSE_PE_SLICE budgets as
 * the mock does.  Optimized build, no sanitizers.
 */
#include <stdlib.h>
#include <time.h>
#include "test_util.h"

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

int main(void)
{
	static const struct { const char *name; u32 n; } b[] = {
		{ "int", 20000000 }, { "float", 20000000 }, { "mem", 20000 },
	};
	unsigned int i, rep;
	u64 insns;
	double t, best;

	for (i = 0; i < sizeof(b) / sizeof(b[0]); i++) {
		best = 1e9;
		for (rep = 0; rep < 3; rep++) {
			t = run(b[i].name, b[i].n, &insns);
			if (t < best)
				best = t;
		}
		printf("%-6s %11llu insns  %.3f s  %.1f M insn/s\n", b[i].name,
		       (unsigned long long)insns, best, insns / best / 1e6);
	}
	return 0;
}
