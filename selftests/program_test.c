// SPDX-License-Identifier: GPL-2.0
/*
 * program_test - PE programs through the raw ioctls: LOAD validation, RUN,
 * LAUNCH (blocking, nonblocking, arguments), copies by symbol on two images,
 * ordering of copies and launches, PE faults and GET_FAULT, long and
 * runaway PEs (progress is not a hang: the watchdog leaves them alone, STOP
 * ends them), the CPU cost of a PE spinning after its launch returned, a
 * launch that never unblocks ended by the watchdog.  The PE images are hand-assembled RV32I words that
 * follow the runtime protocol of doc/PE-ABI.md section 4.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "wse_util.h"

#define N	(RECT_W * RECT_H)

/* ---- a tiny RV32I assembler ---- */
#define RA	1
#define T0	5
#define A0	10
#define A1	11
#define A7	17

static uint32_t itype(uint32_t op, uint32_t rd, uint32_t f3, uint32_t rs1,
		      int32_t imm)
{
	return ((uint32_t)imm & 0xfff) << 20 | rs1 << 15 | f3 << 12 |
	       rd << 7 | op;
}

static uint32_t addi(uint32_t rd, uint32_t rs1, int32_t imm)
{
	return itype(0x13, rd, 0, rs1, imm);
}

static uint32_t lw(uint32_t rd, uint32_t rs1, int32_t imm)
{
	return itype(0x03, rd, 2, rs1, imm);
}

static uint32_t sw(uint32_t rs2, uint32_t rs1, int32_t imm)
{
	uint32_t u = (uint32_t)imm;

	return ((u >> 5) & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | 2 << 12 |
	       (u & 0x1f) << 7 | 0x23;
}

static uint32_t jalr(uint32_t rd, uint32_t rs1, int32_t imm)
{
	return itype(0x67, rd, 0, rs1, imm);
}

static uint32_t bne(uint32_t rs1, uint32_t rs2, int32_t off)
{
	uint32_t u = (uint32_t)off;

	return ((u >> 12) & 1) << 31 | ((u >> 5) & 0x3f) << 25 | rs2 << 20 |
	       rs1 << 15 | 1 << 12 | ((u >> 1) & 0xf) << 8 |
	       ((u >> 11) & 1) << 7 | 0x63;
}

static uint32_t jal(uint32_t rd, int32_t off)
{
	uint32_t u = (uint32_t)off;

	return ((u >> 20) & 1) << 31 | ((u >> 1) & 0x3ff) << 21 |
	       ((u >> 11) & 1) << 20 | ((u >> 12) & 0xff) << 12 | rd << 7 |
	       0x6f;
}

#define ECALL		0x00000073u
#define ILLEGAL		0xffffffffu

/* ---- the test program ---- */
#define IMG_LEN		0x200		/* code only: the rest must be zero */
#define WAIT_BUF	0x300		/* WAIT's argument buffer */
#define SYM_A_0		0x400		/* symbol A (64 bytes) on image 0 */
#define SYM_A_1		0x600		/* and on image 1 */
#define SYM_B_0		0x500		/* symbol B (16 bytes), image 0 only */
#define A_BYTES		64
#define B_BYTES		16

#define FN_STORE	0x040	/* A[0..2] = args 0..2, A[3] = arg 14, A[4] = self */
#define FN_INC		0x0a0	/* A[0..3] += 1 */
#define FN_LOOP		0x0e0	/* spins forever */
#define FN_ILLEGAL	0x0f0	/* an illegal instruction */
#define FN_NOUNBLOCK	0x100	/* returns without unblocking */
#define ENTRY_BAD	0x110	/* an init that faults at once */
#define FN_COUNT	0x120	/* spins arg 0 times (2 instructions), unblocks */
#define FN_USPIN	0x140	/* unblocks, then A[0] += 1 forever */
#define NR_FN		7
#define NR_SYM		2

static const uint32_t fn_addr[NR_FN] = {
	FN_STORE, FN_INC, FN_LOOP, FN_ILLEGAL, FN_NOUNBLOCK, FN_COUNT,
	FN_USPIN,
};

static void put(uint8_t *img, uint32_t addr, uint32_t w)
{
	memcpy(img + addr, &w, 4);
}

/* Code of one image whose symbol A sits at @a. */
static void assemble(uint8_t *img, uint32_t a)
{
	uint32_t p, i;

	memset(img, 0, IMG_LEN);
	/* init: unblock, then the WAIT loop calling the function in a1 */
	put(img, 0x00, addi(A7, 0, 2));
	put(img, 0x04, ECALL);
	put(img, 0x08, addi(A7, 0, 1));
	put(img, 0x0c, addi(A0, 0, WAIT_BUF));
	put(img, 0x10, ECALL);
	put(img, 0x14, jalr(RA, A1, 0));
	put(img, 0x18, jal(0, -0x10));

	p = FN_STORE;
	put(img, p, lw(T0, 0, WAIT_BUF));	p += 4;
	put(img, p, sw(T0, 0, a));		p += 4;
	put(img, p, lw(T0, 0, WAIT_BUF + 4));	p += 4;
	put(img, p, sw(T0, 0, a + 4));		p += 4;
	put(img, p, lw(T0, 0, WAIT_BUF + 8));	p += 4;
	put(img, p, sw(T0, 0, a + 8));		p += 4;
	put(img, p, lw(T0, 0, WAIT_BUF + 56));	p += 4;
	put(img, p, sw(T0, 0, a + 12));		p += 4;
	put(img, p, addi(A7, 0, 3));		p += 4;
	put(img, p, ECALL);			p += 4;
	put(img, p, sw(A0, 0, a + 16));		p += 4;
	put(img, p, addi(A7, 0, 2));		p += 4;
	put(img, p, ECALL);			p += 4;
	put(img, p, jalr(0, RA, 0));

	p = FN_INC;
	for (i = 0; i < 4; i++) {
		put(img, p, lw(T0, 0, a + 4 * i));	p += 4;
		put(img, p, addi(T0, T0, 1));		p += 4;
		put(img, p, sw(T0, 0, a + 4 * i));	p += 4;
	}
	put(img, p, addi(A7, 0, 2));		p += 4;
	put(img, p, ECALL);			p += 4;
	put(img, p, jalr(0, RA, 0));

	put(img, FN_LOOP, jal(0, 0));

	p = FN_COUNT;
	put(img, p, lw(T0, 0, WAIT_BUF));	p += 4;
	put(img, p, addi(T0, T0, -1));		p += 4;
	put(img, p, bne(T0, 0, -4));		p += 4;
	put(img, p, addi(A7, 0, 2));		p += 4;
	put(img, p, ECALL);			p += 4;
	put(img, p, jalr(0, RA, 0));

	p = FN_USPIN;
	put(img, p, addi(A7, 0, 2));		p += 4;
	put(img, p, ECALL);			p += 4;
	put(img, p, lw(T0, 0, a));		p += 4;
	put(img, p, addi(T0, T0, 1));		p += 4;
	put(img, p, sw(T0, 0, a));		p += 4;
	put(img, p, jal(0, -12));
	put(img, FN_ILLEGAL, ILLEGAL);
	put(img, FN_NOUNBLOCK, jalr(0, RA, 0));
	put(img, ENTRY_BAD, ILLEGAL);
}

struct prog {
	uint8_t data[2][IMG_LEN];
	uint32_t funcs[2][NR_FN];
	struct wse_pe_symbol syms[2][NR_SYM];
	struct wse_pe_image img[2];
	uint16_t pe_map[N];
	struct wse_load ld;
};

/* Image 0 everywhere, or images 0/1 on even/odd columns. */
static void prog_init(struct prog *p, int nr_images)
{
	int i;

	memset(p, 0, sizeof(*p));
	for (i = 0; i < 2; i++) {
		assemble(p->data[i], i ? SYM_A_1 : SYM_A_0);
		memcpy(p->funcs[i], fn_addr, sizeof(fn_addr));
		p->syms[i][0].addr = i ? SYM_A_1 : SYM_A_0;
		p->syms[i][0].bytes = A_BYTES;
		p->syms[i][1].addr = i ? WSE_NO_ADDR : SYM_B_0;
		p->syms[i][1].bytes = B_BYTES;
		p->img[i].data = (uintptr_t)p->data[i];
		p->img[i].data_len = IMG_LEN;
		p->img[i].entry = 0;
		p->img[i].functions = (uintptr_t)p->funcs[i];
		p->img[i].symbols = (uintptr_t)p->syms[i];
	}
	for (i = 0; i < N; i++)
		p->pe_map[i] = nr_images > 1 ? (i % RECT_W) % 2 : 0;
	p->ld.size = sizeof(p->ld);
	p->ld.nr_images = nr_images;
	p->ld.nr_functions = NR_FN;
	p->ld.nr_symbols = NR_SYM;
	p->ld.images = (uintptr_t)p->img;
	p->ld.pe_map = (uintptr_t)p->pe_map;
}

static void launch_init(struct wse_launch *ln, uint32_t fn, uint32_t flags)
{
	memset(ln, 0, sizeof(*ln));
	ln->size = sizeof(*ln);
	ln->func_id = fn;
	ln->flags = flags;
}

/* Copy of @l words per PE over the whole rectangle, by symbol. */
static void sym_xfer(struct wse_xfer *xf, uint32_t *buf, uint32_t sym,
		     uint32_t off, uint32_t l, uint32_t flags)
{
	wse_xfer_init(xf, buf, 0, 0, RECT_W, RECT_H, l, off, WSE_DATA_32BIT,
		      WSE_ORDER_ROW_MAJOR, flags | WSE_XFER_SYMBOL);
	xf->symbol = sym;
}

static void get_fault(struct __test_metadata *_metadata, int fd,
		      struct wse_fault *f, int expect)
{
	memset(f, 0, sizeof(*f));
	f->size = sizeof(*f);
	ASSERT_EQ(expect, raw(fd, WSE_IOCTL_GET_FAULT, f));
}

/* Lines of the pe_state debugfs file that contain @word. */
static int pe_state_count(const char *word)
{
	char path[256], line[256];
	int n = 0;
	FILE *f;

	if (knob_path("pe_state", path, sizeof(path)))
		return -1;
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, word))
			n++;
	fclose(f);
	return n;
}

/* ---- no owner ---- */

TEST(before_configure_is_eperm)
{
	struct wse_launch ln;
	struct wse_fault f;
	struct prog *p = malloc(sizeof(*p));
	int fd = open_node();

	ASSERT_LE(0, fd);
	ASSERT_NE(NULL, p);
	prog_init(p, 1);
	EXPECT_EQ(EPERM, raw(fd, WSE_IOCTL_LOAD, &p->ld));
	EXPECT_EQ(EPERM, raw(fd, WSE_IOCTL_RUN, NULL));
	launch_init(&ln, 0, 0);
	EXPECT_EQ(EPERM, raw(fd, WSE_IOCTL_LAUNCH, &ln));
	memset(&f, 0, sizeof(f));
	f.size = sizeof(f);
	EXPECT_EQ(EPERM, raw(fd, WSE_IOCTL_GET_FAULT, &f));
	close(fd);
	free(p);
}

/* ---- a configured 4x4 rectangle, 2 channels ---- */

FIXTURE(prog) {
	struct wse_dev *dev;
	int fd;
	long long watchdog_ms;
	uint64_t acq, rel;
	struct prog *p;
};

FIXTURE_SETUP(prog)
{
	self->watchdog_ms = read_num(WSE_WATCHDOG);
	ASSERT_LT(0, self->watchdog_ms);
	ASSERT_EQ(0, pin_counts(&self->acq, &self->rel));
	self->p = malloc(sizeof(*self->p));
	ASSERT_NE(NULL, self->p);
	ASSERT_EQ(0, open_configured(&self->dev, RECT_W, RECT_H, RECT_CH));
	self->fd = wse_fd(self->dev);
}

FIXTURE_TEARDOWN(prog)
{
	uint64_t acq, rel;
	char buf[32];

	EXPECT_EQ(0, raw(self->fd, WSE_IOCTL_STOP, NULL));
	wse_close(self->dev);
	snprintf(buf, sizeof(buf), "%lld", self->watchdog_ms);
	write_file(WSE_WATCHDOG, buf);
	/* every page pinned by the test's copies is unpinned again */
	EXPECT_EQ(0, pin_counts(&acq, &rel));
	EXPECT_EQ(acq - self->acq, rel - self->rel);
	free(self->p);
}

static void load_run(struct __test_metadata *_metadata,
		     FIXTURE_DATA(prog) *self, int nr_images)
{
	prog_init(self->p, nr_images);
	ASSERT_EQ(0, raw(self->fd, WSE_IOCTL_LOAD, &self->p->ld));
	ASSERT_EQ(0, raw(self->fd, WSE_IOCTL_RUN, NULL));
}

TEST_F(prog, load_errors)
{
	struct prog *p = self->p;
	struct wse_launch ln;
	struct wse_fault f;
	struct wse_xfer xf;
	uint32_t buf[N];
	int other;

#define BAD(err, stmt) do {						\
		prog_init(p, 2);					\
		stmt;							\
		EXPECT_EQ(err, raw(self->fd, WSE_IOCTL_LOAD, &p->ld))	\
			TH_LOG("%s", #stmt);				\
	} while (0)

	BAD(EINVAL, p->ld.nr_images = 0);
	BAD(EINVAL, p->ld.nr_images = WSE_MAX_IMAGES + 1);
	BAD(EINVAL, p->ld.nr_functions = WSE_MAX_FUNCTIONS + 1);
	BAD(EINVAL, p->ld.nr_symbols = WSE_MAX_SYMBOLS + 1);
	BAD(EINVAL, p->ld.flags = 1);
	BAD(EINVAL, p->ld.reserved0 = 1);
	BAD(EINVAL, p->ld.reserved[1] = 1);
	BAD(EINVAL, p->ld.size = 8);
	BAD(EINVAL, p->pe_map[N - 1] = 2);
	BAD(EINVAL, p->img[1].reserved[0] = 1);
	BAD(ENOEXEC, p->img[1].entry = IMG_LEN);
	BAD(ENOEXEC, p->img[0].entry = 2);
	BAD(ENOEXEC, p->img[0].data_len = WSE_PE_MEMORY_BYTES + 1);
	BAD(ENOEXEC, p->img[0].data_len = 0);
	BAD(ENOEXEC, p->funcs[1][2] = FN_LOOP + 2);
	BAD(ENOEXEC, p->funcs[0][0] = WSE_PE_MEMORY_BYTES);
	BAD(ENOEXEC, p->syms[0][0].addr = WSE_PE_MEMORY_BYTES - 32);
	BAD(EFAULT, p->ld.images = 8);
	BAD(EFAULT, p->ld.pe_map = 8);
	BAD(EFAULT, p->img[1].data = 8);
	BAD(EFAULT, p->img[1].symbols = 8);

	/* another file description: the device is not its own */
	other = open_node();
	ASSERT_LE(0, other);
	prog_init(p, 1);
	EXPECT_EQ(EBUSY, raw(other, WSE_IOCTL_LOAD, &p->ld));
	EXPECT_EQ(EBUSY, raw(other, WSE_IOCTL_RUN, NULL));
	close(other);

	/* out of order before LOAD */
	EXPECT_EQ(EBADFD, raw(self->fd, WSE_IOCTL_RUN, NULL));
	launch_init(&ln, 0, 0);
	EXPECT_EQ(EBADFD, raw(self->fd, WSE_IOCTL_LAUNCH, &ln));
	sym_xfer(&xf, buf, 0, 0, 1, 0);
	EXPECT_EQ(EBADFD, raw(self->fd, WSE_IOCTL_H2D, &xf));
	EXPECT_EQ(EBADFD, raw(self->fd, WSE_IOCTL_D2H, &xf));
	get_fault(_metadata, self->fd, &f, ENOENT);
	f.flags = 1;
	EXPECT_EQ(EINVAL, raw(self->fd, WSE_IOCTL_GET_FAULT, &f));

	/* WSE_NO_ADDR functions and symbols are fine */
	prog_init(p, 2);
	p->funcs[1][4] = WSE_NO_ADDR;
	p->syms[1][1].bytes = 0xffffffff;
	ASSERT_EQ(0, raw(self->fd, WSE_IOCTL_LOAD, &p->ld));
	EXPECT_EQ(EBADFD, raw(self->fd, WSE_IOCTL_LOAD, &p->ld));
	EXPECT_EQ(EBADFD, raw(self->fd, WSE_IOCTL_LAUNCH, &ln));
	EXPECT_EQ(N, pe_state_count("halted"));
#undef BAD
}

TEST_F(prog, run_and_launch_with_args)
{
	struct wse_launch ln;
	struct wse_fault f;
	struct wse_xfer xf;
	uint32_t out[N * 5];
	int i;

	prog_init(self->p, 1);
	ASSERT_EQ(0, raw(self->fd, WSE_IOCTL_LOAD, &self->p->ld));
	launch_init(&ln, 0, 0);
	EXPECT_EQ(EBADFD, raw(self->fd, WSE_IOCTL_LAUNCH, &ln));
	ASSERT_EQ(0, raw(self->fd, WSE_IOCTL_RUN, NULL));
	EXPECT_EQ(EBADFD, raw(self->fd, WSE_IOCTL_RUN, NULL));
	EXPECT_EQ(N, pe_state_count("waiting"));

	launch_init(&ln, NR_FN, 0);
	EXPECT_EQ(EINVAL, raw(self->fd, WSE_IOCTL_LAUNCH, &ln));

	launch_init(&ln, 0, 0);
	ln.argc = WSE_MAX_LAUNCH_ARGS;
	ln.args[0] = 0x11111111;
	ln.args[1] = 0xdeadbeef;
	ln.args[2] = 7;
	ln.args[14] = 0x5a5a5a5a;
	ASSERT_EQ(0, raw(self->fd, WSE_IOCTL_LAUNCH, &ln));
	EXPECT_NE(0, ln.task_id);

	sym_xfer(&xf, out, 0, 0, 5, 0);
	ASSERT_EQ(0, raw(self->fd, WSE_IOCTL_D2H, &xf));
	for (i = 0; i < N; i++) {
		uint32_t *v = &out[5 * i];

		EXPECT_EQ(0x11111111u, v[0]);
		EXPECT_EQ(0xdeadbeefu, v[1]);
		EXPECT_EQ(7u, v[2]);
		EXPECT_EQ(0x5a5a5a5au, v[3]);
		EXPECT_EQ((uint32_t)(i % RECT_W | (i / RECT_W) << 16), v[4]);
	}
	get_fault(_metadata, self->fd, &f, ENOENT);

	/* fewer arguments: the rest arrive as zero */
	launch_init(&ln, 0, 0);
	ln.argc = 1;
	ln.args[0] = 42;
	ASSERT_EQ(0, raw(self->fd, WSE_IOCTL_LAUNCH, &ln));
	sym_xfer(&xf, out, 0, 0, 4, 0);
	ASSERT_EQ(0, raw(self->fd, WSE_IOCTL_D2H, &xf));
	for (i = 0; i < N; i++) {
		EXPECT_EQ(42u, out[4 * i]);
		EXPECT_EQ(0u, out[4 * i + 1]);
		EXPECT_EQ(0u, out[4 * i + 3]);
	}
}

TEST_F(prog, nonblocking_launch)
{
	struct wse_launch ln;
	struct wse_xfer xf;
	uint32_t out[N * 4];
	int status = -1, i;

	load_run(_metadata, self, 1);
	launch_init(&ln, 0, WSE_LAUNCH_NONBLOCK);
	ln.argc = 3;
	ln.args[0] = 1;
	ln.args[1] = 2;
	ln.args[2] = 3;
	ASSERT_EQ(0, raw(self->fd, WSE_IOCTL_LAUNCH, &ln));
	ASSERT_NE(0, ln.task_id);
	ASSERT_EQ(0, wse_wait(self->dev, ln.task_id, 5000000000LL, &status));
	EXPECT_EQ(0, status);
	EXPECT_EQ(-ENOENT, wse_query(self->dev, ln.task_id, &status));

	sym_xfer(&xf, out, 0, 0, 4, 0);
	ASSERT_EQ(0, raw(self->fd, WSE_IOCTL_D2H, &xf));
	for (i = 0; i < N; i++)
		EXPECT_EQ(2u, out[4 * i + 1]);
}

/* h2d -> launch -> d2h -> launch -> d2h, all nonblocking: in order. */
TEST_F(prog, ordering)
{
	uint32_t in[N * 4], out1[N * 4], out2[N * 4];
	struct wse_xfer xf;
	struct wse_launch ln;
	int status = -1, i, round;

	load_run(_metadata, self, 2);
	for (round = 0; round < 3; round++) {
		for (i = 0; i < N * 4; i++)
			in[i] = pattern(round, i, 1, 2);
		memset(out1, 0, sizeof(out1));
		memset(out2, 0, sizeof(out2));
		sym_xfer(&xf, in, 0, 0, 4, WSE_XFER_NONBLOCK);
		ASSERT_EQ(0, raw(self->fd, WSE_IOCTL_H2D, &xf));
		launch_init(&ln, 1, WSE_LAUNCH_NONBLOCK);
		ASSERT_EQ(0, raw(self->fd, WSE_IOCTL_LAUNCH, &ln));
		sym_xfer(&xf, out1, 0, 0, 4, WSE_XFER_NONBLOCK);
		ASSERT_EQ(0, raw(self->fd, WSE_IOCTL_D2H, &xf));
		launch_init(&ln, 1, WSE_LAUNCH_NONBLOCK);
		ASSERT_EQ(0, raw(self->fd, WSE_IOCTL_LAUNCH, &ln));
		sym_xfer(&xf, out2, 0, 0, 4, WSE_XFER_NONBLOCK);
		ASSERT_EQ(0, raw(self->fd, WSE_IOCTL_D2H, &xf));
		ASSERT_EQ(0, wse_wait_all(self->dev, 10000000000LL, &status));
		EXPECT_EQ(0, status);
		for (i = 0; i < N * 4; i++) {
			EXPECT_EQ(in[i] + 1, out1[i]) TH_LOG("round %d i %d",
							      round, i);
			EXPECT_EQ(in[i] + 2, out2[i]);
		}
	}
}

/* Symbol A sits at 0x400 on image 0 (even columns), 0x600 on image 1. */
TEST_F(prog, copy_by_symbol_two_images)
{
	uint32_t in[N * 16], out[N * 16], raw0[N * 16], raw1[N * 16];
	struct wse_xfer xf;
	int i, k;

	prog_init(self->p, 2);
	ASSERT_EQ(0, raw(self->fd, WSE_IOCTL_LOAD, &self->p->ld));
	/* copies by symbol work from LOAD on */
	for (i = 0; i < N * 16; i++)
		in[i] = pattern(7, i, 3, 4);
	sym_xfer(&xf, in, 0, 0, 16, 0);
	ASSERT_EQ(0, raw(self->fd, WSE_IOCTL_H2D, &xf));

	wse_xfer_init(&xf, raw0, 0, 0, RECT_W, RECT_H, 16, SYM_A_0,
		      WSE_DATA_32BIT, WSE_ORDER_ROW_MAJOR, 0);
	ASSERT_EQ(0, raw(self->fd, WSE_IOCTL_D2H, &xf));
	wse_xfer_init(&xf, raw1, 0, 0, RECT_W, RECT_H, 16, SYM_A_1,
		      WSE_DATA_32BIT, WSE_ORDER_ROW_MAJOR, 0);
	ASSERT_EQ(0, raw(self->fd, WSE_IOCTL_D2H, &xf));
	for (i = 0; i < N; i++) {
		bool odd = (i % RECT_W) % 2;

		for (k = 0; k < 16; k++) {
			EXPECT_EQ(odd ? 0 : in[16 * i + k], raw0[16 * i + k]);
			EXPECT_EQ(odd ? in[16 * i + k] : 0, raw1[16 * i + k]);
		}
	}

	/* pe_offset stays relative to the symbol */
	memset(out, 0, sizeof(out));
	sym_xfer(&xf, out, 0, 8, 14, 0);
	ASSERT_EQ(0, raw(self->fd, WSE_IOCTL_D2H, &xf));
	for (i = 0; i < N; i++)
		for (k = 0; k < 14; k++)
			EXPECT_EQ(in[16 * i + k + 2], out[14 * i + k]);

	/* column major, one column of image 1 */
	wse_xfer_init(&xf, out, 1, 0, 1, RECT_H, 16, 0, WSE_DATA_32BIT,
		      WSE_ORDER_COL_MAJOR, WSE_XFER_SYMBOL);
	ASSERT_EQ(0, raw(self->fd, WSE_IOCTL_D2H, &xf));
	for (i = 0; i < RECT_H; i++)
		for (k = 0; k < 16; k++)
			EXPECT_EQ(in[16 * (i * RECT_W + 1) + k],
				  out[i + RECT_H * k]);

	/* ranges */
	sym_xfer(&xf, out, 0, 0, 17, 0);
	EXPECT_EQ(ENOSPC, raw(self->fd, WSE_IOCTL_D2H, &xf));
	sym_xfer(&xf, out, 0, 60, 2, 0);
	EXPECT_EQ(ENOSPC, raw(self->fd, WSE_IOCTL_H2D, &xf));
	sym_xfer(&xf, out, 0, 60, 1, 0);
	EXPECT_EQ(0, raw(self->fd, WSE_IOCTL_D2H, &xf));
	wse_xfer_init(&xf, out, 0, 0, 2, 1, 31, 2, WSE_DATA_16BIT,
		      WSE_ORDER_ROW_MAJOR, WSE_XFER_SYMBOL);
	EXPECT_EQ(0, raw(self->fd, WSE_IOCTL_D2H, &xf));
	wse_xfer_init(&xf, out, 0, 0, 2, 1, 32, 2, WSE_DATA_16BIT,
		      WSE_ORDER_ROW_MAJOR, WSE_XFER_SYMBOL);
	EXPECT_EQ(ENOSPC, raw(self->fd, WSE_IOCTL_D2H, &xf));
	/* unknown symbol; a symbol missing on image 1 */
	sym_xfer(&xf, out, NR_SYM, 0, 1, 0);
	EXPECT_EQ(EINVAL, raw(self->fd, WSE_IOCTL_D2H, &xf));
	sym_xfer(&xf, out, 1, 0, 1, 0);
	EXPECT_EQ(EINVAL, raw(self->fd, WSE_IOCTL_D2H, &xf));
	/* ... but present on image 0's column 0 */
	wse_xfer_init(&xf, out, 0, 0, 1, RECT_H, 4, 0, WSE_DATA_32BIT,
		      WSE_ORDER_ROW_MAJOR, WSE_XFER_SYMBOL);
	xf.symbol = 1;
	EXPECT_EQ(0, raw(self->fd, WSE_IOCTL_H2D, &xf));
	wse_xfer_init(&xf, out, 0, 0, 1, RECT_H, 5, 0, WSE_DATA_32BIT,
		      WSE_ORDER_ROW_MAJOR, WSE_XFER_SYMBOL);
	xf.symbol = 1;
	EXPECT_EQ(ENOSPC, raw(self->fd, WSE_IOCTL_H2D, &xf));
	/* a symbol id without the flag */
	wse_xfer_init(&xf, out, 0, 0, 1, 1, 1, 0, WSE_DATA_32BIT,
		      WSE_ORDER_ROW_MAJOR, 0);
	xf.symbol = 1;
	EXPECT_EQ(EINVAL, raw(self->fd, WSE_IOCTL_D2H, &xf));
}

TEST_F(prog, faulting_function)
{
	struct wse_launch ln;
	struct wse_fault f;
	struct wse_xfer xf;
	uint32_t out[N * 4];
	int status = 0;

	load_run(_metadata, self, 1);
	launch_init(&ln, 3, 0);
	EXPECT_EQ(EIO, raw(self->fd, WSE_IOCTL_LAUNCH, &ln));
	get_fault(_metadata, self->fd, &f, 0);
	EXPECT_EQ(WSE_FAULT_ILLEGAL, f.cause);
	EXPECT_EQ(FN_ILLEGAL, f.pc);
	EXPECT_EQ(ILLEGAL, f.addr);
	EXPECT_EQ(0, f.x);
	EXPECT_EQ(0, f.y);
	EXPECT_LE(1, f.nr_faulted);
	EXPECT_GE(N, f.nr_faulted);
	EXPECT_LE(1, pe_state_count("fault"));
	/* the program is broken now; copies still work */
	launch_init(&ln, 0, WSE_LAUNCH_NONBLOCK);
	ASSERT_EQ(0, raw(self->fd, WSE_IOCTL_LAUNCH, &ln));
	sym_xfer(&xf, out, 0, 0, 4, 0);
	EXPECT_EQ(0, raw(self->fd, WSE_IOCTL_D2H, &xf));
	ASSERT_EQ(0, wse_wait(self->dev, ln.task_id, -1, &status));
	EXPECT_EQ(-EIO, status);
	/* the first fault stays */
	get_fault(_metadata, self->fd, &f, 0);
	EXPECT_EQ(WSE_FAULT_ILLEGAL, f.cause);
}

TEST_F(prog, faulting_init)
{
	struct wse_launch ln;
	struct wse_fault f;

	prog_init(self->p, 2);
	self->p->img[1].entry = ENTRY_BAD;
	ASSERT_EQ(0, raw(self->fd, WSE_IOCTL_LOAD, &self->p->ld));
	EXPECT_EQ(EIO, raw(self->fd, WSE_IOCTL_RUN, NULL));
	get_fault(_metadata, self->fd, &f, 0);
	EXPECT_EQ(WSE_FAULT_ILLEGAL, f.cause);
	EXPECT_EQ(ENTRY_BAD, f.pc);
	EXPECT_EQ(1, f.x % 2);
	/* RUN failed: no launch, no second RUN */
	EXPECT_EQ(EBADFD, raw(self->fd, WSE_IOCTL_RUN, NULL));
	launch_init(&ln, 0, 0);
	EXPECT_EQ(EBADFD, raw(self->fd, WSE_IOCTL_LAUNCH, &ln));
}

static void short_watchdog(struct __test_metadata *_metadata)
{
	/* 500 ms, not less: a VM starved by a loaded host (TCG) can miss a
	 * few hundred ms of its own time, no sign of a stuck device */
	ASSERT_EQ(0, write_file(WSE_WATCHDOG, "500"));
}

/*
 * A PE that retires instructions is not stuck: a runaway loop outlives
 * many watchdog periods (WAIT times out, the task is not failed), and
 * STOP ends it at once.
 */
TEST_F(prog, runaway_loop_is_not_a_hang)
{
	struct wse_launch ln;
	struct wse_query q;
	struct wse_wait w;
	uint64_t t0;

	load_run(_metadata, self, 1);
	short_watchdog(_metadata);
	launch_init(&ln, 2, WSE_LAUNCH_NONBLOCK);
	ASSERT_EQ(0, raw(self->fd, WSE_IOCTL_LAUNCH, &ln));
	memset(&w, 0, sizeof(w));
	w.size = sizeof(w);
	w.task_id = ln.task_id;
	w.timeout_ns = 2500000000ULL;	/* five watchdog periods */
	EXPECT_EQ(ETIMEDOUT, raw(self->fd, WSE_IOCTL_WAIT, &w));
	memset(&q, 0, sizeof(q));
	q.size = sizeof(q);
	q.task_id = ln.task_id;
	ASSERT_EQ(0, raw(self->fd, WSE_IOCTL_QUERY, &q));
	EXPECT_EQ(WSE_TASK_PENDING, q.state);
	t0 = now_ns();
	ASSERT_EQ(0, raw(self->fd, WSE_IOCTL_STOP, NULL));
	EXPECT_GT(1000000000ULL, now_ns() - t0);
	w.timeout_ns = 0;
	ASSERT_EQ(0, raw(self->fd, WSE_IOCTL_WAIT, &w));
	EXPECT_EQ(-ECANCELED, w.status);
	/* configured again for the teardown's STOP */
	ASSERT_EQ(0, wse_close(self->dev));
	ASSERT_EQ(0, open_configured(&self->dev, RECT_W, RECT_H, RECT_CH));
	self->fd = wse_fd(self->dev);
}

/*
 * A launch that computes for about a minute (12 default watchdog periods)
 * succeeds with the default watchdog.  The spin count is calibrated on a
 * short launch first.
 */
/* A blocking FN_COUNT launch of @n spins; its duration in ns (0: failed). */
static uint64_t timed_count(struct __test_metadata *_metadata, int fd,
			    uint32_t n)
{
	struct wse_launch ln;
	uint64_t t0;

	launch_init(&ln, 5, 0);
	ln.args[0] = n;
	ln.argc = 1;
	t0 = now_ns();
	EXPECT_EQ(0, raw(fd, WSE_IOCTL_LAUNCH, &ln));
	return now_ns() - t0;
}

TEST_F_TIMEOUT(prog, minute_long_launch_succeeds, 300)
{
	const uint32_t probe = 1u << 18;
	uint64_t d1, d2, dt;
	double per_spin, n;

	load_run(_metadata, self, 1);
	ASSERT_EQ(WSE_WATCHDOG_MS_DEFAULT, read_num(WSE_WATCHDOG));
	/* two probes: the slope leaves the launch's own cost out */
	d1 = timed_count(_metadata, self->fd, probe);
	d2 = timed_count(_metadata, self->fd, 4 * probe);
	per_spin = d2 > d1 ? (double)(d2 - d1) / (3.0 * probe) :
			     (double)d2 / (4.0 * probe);
	n = 60e9 / (per_spin > 0 ? per_spin : 1);
	if (n > 4294967295.0)
		n = 4294967295.0;
	dt = timed_count(_metadata, self->fd, (uint32_t)n);
	TH_LOG("launch of %.0f spins: %.1f s (watchdog %d ms)", n, dt / 1e9,
	       WSE_WATCHDOG_MS_DEFAULT);
	/* the calibration may be off; it must outlive the watchdog well */
	EXPECT_LT(3ULL * WSE_WATCHDOG_MS_DEFAULT * 1000000ULL, dt);
}

/*
 * A PE spinning after its launch returned, while the host sleeps: at most
 * 10 % of a CPU, still moving, and STOP ends it at once.
 */
TEST_F(prog, background_spinner_is_capped)
{
	uint32_t c0[N], c1[N];
	struct wse_launch ln;
	struct wse_xfer xf;
	double cpus;
	uint64_t s0;

	load_run(_metadata, self, 1);
	launch_init(&ln, 6, 0);
	ASSERT_EQ(0, raw(self->fd, WSE_IOCTL_LAUNCH, &ln));
	sym_xfer(&xf, c0, 0, 0, 1, 0);
	ASSERT_EQ(0, raw(self->fd, WSE_IOCTL_D2H, &xf));
	cpus = cpus_busy_during(3000);
	sym_xfer(&xf, c1, 0, 0, 1, 0);
	ASSERT_EQ(0, raw(self->fd, WSE_IOCTL_D2H, &xf));
	TH_LOG("spinning PEs cost %.3f CPU, counter %u -> %u", cpus, c0[0],
	       c1[0]);
	EXPECT_GE(0.10, cpus);
	EXPECT_LT(c0[0], c1[0]);
	s0 = now_ns();
	ASSERT_EQ(0, raw(self->fd, WSE_IOCTL_STOP, NULL));
	EXPECT_GT(1000000000ULL, now_ns() - s0);
	ASSERT_EQ(0, wse_close(self->dev));
	ASSERT_EQ(0, open_configured(&self->dev, RECT_W, RECT_H, RECT_CH));
	self->fd = wse_fd(self->dev);
}

/* watchdog_ms and stall_ms refuse values outside their documented bounds. */
TEST_F(prog, timing_parameters_are_bounded)
{
	static const char stall[] = "/sys/module/wse_mock/parameters/stall_ms";
	long long st = read_num(stall);
	char buf[32];

	ASSERT_LT(0, st);
	EXPECT_EQ(-EINVAL, write_file(WSE_WATCHDOG, "99"));
	EXPECT_EQ(-EINVAL, write_file(WSE_WATCHDOG, "600001"));
	EXPECT_EQ(-EINVAL, write_file(WSE_WATCHDOG, "4294967295"));
	EXPECT_EQ(-EINVAL, write_file(WSE_WATCHDOG, "0"));
	EXPECT_EQ(self->watchdog_ms, read_num(WSE_WATCHDOG));
	EXPECT_EQ(0, write_file(WSE_WATCHDOG, "100"));
	EXPECT_EQ(100, read_num(WSE_WATCHDOG));
	EXPECT_EQ(0, write_file(WSE_WATCHDOG, "600000"));
	EXPECT_EQ(600000, read_num(WSE_WATCHDOG));
	EXPECT_EQ(-EINVAL, write_file(stall, "9"));
	EXPECT_EQ(-EINVAL, write_file(stall, "600001"));
	EXPECT_EQ(st, read_num(stall));
	EXPECT_EQ(0, write_file(stall, "600000"));
	snprintf(buf, sizeof(buf), "%lld", st);
	EXPECT_EQ(0, write_file(stall, buf));
}

/* The function returns without unblocking: the launch never ends. */
TEST_F(prog, never_unblocks_watchdog)
{
	struct wse_launch ln;
	struct wse_fault f;
	int status = 0;

	load_run(_metadata, self, 1);
	short_watchdog(_metadata);
	launch_init(&ln, 4, WSE_LAUNCH_NONBLOCK);
	ASSERT_EQ(0, raw(self->fd, WSE_IOCTL_LAUNCH, &ln));
	ASSERT_EQ(0, wse_wait(self->dev, ln.task_id, -1, &status));
	EXPECT_EQ(-ETIMEDOUT, status);
	get_fault(_metadata, self->fd, &f, 0);
	EXPECT_EQ(WSE_FAULT_STUCK, f.cause);
	/* and what the PE was doing: waiting for events, not unblocked */
	EXPECT_EQ(WSE_STUCK_EVENTS, WSE_STUCK_WHAT(f.addr));
}

/* STOP with a runaway launch pending: STOP ends it (no watchdog needed). */
TEST_F(prog, stop_with_runaway_launch)
{
	struct wse_configure cfg;
	struct wse_launch ln;

	load_run(_metadata, self, 1);
	short_watchdog(_metadata);
	launch_init(&ln, 2, WSE_LAUNCH_NONBLOCK);
	ASSERT_EQ(0, raw(self->fd, WSE_IOCTL_LAUNCH, &ln));
	ASSERT_EQ(0, raw(self->fd, WSE_IOCTL_STOP, NULL));
	/* reconfigure for the teardown's STOP; no program any more */
	rect_cfg(&cfg, RECT_W, RECT_H, RECT_CH);
	ASSERT_EQ(0, raw(self->fd, WSE_IOCTL_CONFIGURE, &cfg));
	EXPECT_EQ(EBADFD, raw(self->fd, WSE_IOCTL_RUN, NULL));
	prog_init(self->p, 1);
	EXPECT_EQ(0, raw(self->fd, WSE_IOCTL_LOAD, &self->p->ld));
	EXPECT_EQ(0, raw(self->fd, WSE_IOCTL_RUN, NULL));
}

TEST_HARNESS_MAIN
