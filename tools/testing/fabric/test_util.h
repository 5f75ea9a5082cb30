/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers for the fabric tests: an instruction encoder and a PE harness. */
#ifndef _FABRIC_TEST_UTIL_H
#define _FABRIC_TEST_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include "wse_pe.h"

#define MEMSZ	WSE_PE_MEM_BYTES

static inline u32 enc_r(u32 f7, u32 rs2, u32 rs1, u32 f3, u32 rd, u32 op)
{
	return f7 << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op;
}

static inline u32 enc_r4(u32 rs3, u32 rs2, u32 rs1, u32 rm, u32 rd, u32 op)
{
	return rs3 << 27 | rs2 << 20 | rs1 << 15 | rm << 12 | rd << 7 | op;
}

static inline u32 enc_i(s32 imm, u32 rs1, u32 f3, u32 rd, u32 op)
{
	return ((u32)imm & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op;
}

static inline u32 enc_s(s32 imm, u32 rs2, u32 rs1, u32 f3, u32 op)
{
	u32 i = (u32)imm;

	return (i >> 5 & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 |
	       (i & 31) << 7 | op;
}

static inline u32 enc_b(s32 imm, u32 rs2, u32 rs1, u32 f3)
{
	u32 i = (u32)imm;

	return (i >> 12 & 1) << 31 | (i >> 5 & 0x3f) << 25 | rs2 << 20 |
	       rs1 << 15 | f3 << 12 | (i >> 1 & 15) << 8 |
	       (i >> 11 & 1) << 7 | 0x63;
}

static inline u32 enc_j(s32 imm, u32 rd)
{
	u32 i = (u32)imm;

	return (i >> 20 & 1) << 31 | (i >> 1 & 0x3ff) << 21 |
	       (i >> 11 & 1) << 20 | (i >> 12 & 0xff) << 12 | rd << 7 | 0x6f;
}

#define ADDI(rd, rs, imm)	enc_i(imm, rs, 0, rd, 0x13)
#define LUI(rd, imm)		(((u32)(imm) & 0xfffff000u) | (rd) << 7 | 0x37)
#define ECALL			0x00000073u
#define EBREAK			0x00100073u

struct pe_env {
	struct wse_pe pe;
	u8 *mem;
};

static inline void env_init(struct pe_env *e)
{
	e->mem = calloc(1, MEMSZ);
	memset(&e->pe, 0, sizeof(e->pe));	/* wse_pe_init keeps pe->rt */
	wse_pe_init(&e->pe, e->mem, 3, 5, 7, 9);
	wse_pe_start(&e->pe, 0);
}

static inline void env_free(struct pe_env *e)
{
	free(e->mem);
}

static inline void put32(u8 *mem, u32 addr, u32 v)
{
	memcpy(mem + addr, &v, 4);
}

static inline u32 get32(const u8 *mem, u32 addr)
{
	u32 v;

	memcpy(&v, mem + addr, 4);
	return v;
}

static inline void put_prog(u8 *mem, u32 at, const u32 *w, u32 n)
{
	memcpy(mem + at, w, 4 * n);
}

/* Load a flat binary (build/pe_NAME.bin) at 0; returns its size or -1. */
static inline long load_bin(u8 *mem, const char *name)
{
	char path[256];
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "%s/pe_%s.bin", PE_DIR, name);
	f = fopen(path, "rb");
	if (!f)
		return -1;
	n = (long)fread(mem, 1, MEMSZ, f);
	fclose(f);
	return n;
}

#endif
