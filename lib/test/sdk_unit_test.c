// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sdk_unit_test.c - the SdkRuntime layer without a device: bundles made
 * here (out.json text and hand-written RISC-V ELF files) good and broken,
 * a bundle built by tools/wse-cc when it exists, launch argument packing
 * and type checks, the state machine and its messages on handles around
 * /dev/null (a call that passes every library check reaches ioctl(2) and
 * fails with ENOTTY).
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "sdk_internal.h"

/* ---- writing bundles ---------------------------------------------------- */

struct rec {
	const char *name;
	uint32_t kind, addr, bytes;
	uint8_t type, argc;
	uint8_t args[15];
};

struct elf_spec {
	uint16_t machine;		/* 0: EM_RISCV */
	uint32_t entry;
	uint32_t vaddr, filesz, memsz;	/* one PT_LOAD */
	const struct rec *recs;
	unsigned int nr_recs;
	uint32_t exports_extra;		/* bytes appended to .wse.exports */
};

static void put_rec(unsigned char *p, const struct rec *r)
{
	uint32_t w[3] = { r->kind, r->addr, r->bytes };

	memset(p, 0, 64);
	strncpy((char *)p, r->name, 40);
	memcpy(p + 40, w, sizeof(w));
	p[52] = r->type;
	p[53] = r->argc;
	for (unsigned int i = 0; i < r->argc; i++)
		p[54 + i / 2] |= (uint8_t)(r->args[i] << 4 * (i % 2));
}

/*
 * ehdr | phdr | text (filesz bytes: word i = i) | .wse.exports |
 * .shstrtab | 4 section headers (null, .text, .wse.exports, .shstrtab).
 */
static int write_elf(const char *path, const struct elf_spec *s)
{
	static const char shstr[] = "\0.text\0.wse.exports\0.shstrtab";
	uint32_t exp_len = s->nr_recs * 64 + s->exports_extra;
	uint32_t text_off = sizeof(Elf32_Ehdr) + sizeof(Elf32_Phdr);
	uint32_t exp_off = text_off + s->filesz;
	uint32_t str_off = exp_off + exp_len;
	uint32_t sh_off = (str_off + sizeof(shstr) + 3) & ~3u;
	size_t len = sh_off + 4 * sizeof(Elf32_Shdr);
	unsigned char *buf = calloc(1, len);
	Elf32_Ehdr *eh = (Elf32_Ehdr *)buf;
	Elf32_Phdr *ph = (Elf32_Phdr *)(buf + sizeof(*eh));
	Elf32_Shdr *sh = (Elf32_Shdr *)(buf + sh_off);
	int fd, ok;

	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS32;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = s->machine ? s->machine : EM_RISCV;
	eh->e_version = EV_CURRENT;
	eh->e_entry = s->entry;
	eh->e_phoff = sizeof(*eh);
	eh->e_shoff = sh_off;
	eh->e_ehsize = sizeof(*eh);
	eh->e_phentsize = sizeof(*ph);
	eh->e_phnum = 1;
	eh->e_shentsize = sizeof(*sh);
	eh->e_shnum = 4;
	eh->e_shstrndx = 3;
	ph->p_type = PT_LOAD;
	ph->p_offset = text_off;
	ph->p_vaddr = ph->p_paddr = s->vaddr;
	ph->p_filesz = s->filesz;
	ph->p_memsz = s->memsz;
	ph->p_flags = PF_R | PF_X;
	for (uint32_t i = 0; i + 4 <= s->filesz; i += 4)
		memcpy(buf + text_off + i, &i, 4);
	for (unsigned int i = 0; i < s->nr_recs; i++)
		put_rec(buf + exp_off + 64 * i, &s->recs[i]);
	memcpy(buf + str_off, shstr, sizeof(shstr));
	sh[1] = (Elf32_Shdr){ .sh_name = 1, .sh_type = SHT_PROGBITS,
			      .sh_flags = SHF_ALLOC | SHF_EXECINSTR,
			      .sh_addr = s->vaddr, .sh_offset = text_off,
			      .sh_size = s->filesz, .sh_addralign = 4 };
	sh[2] = (Elf32_Shdr){ .sh_name = 7, .sh_type = SHT_PROGBITS,
			      .sh_offset = exp_off, .sh_size = exp_len,
			      .sh_addralign = 4 };
	sh[3] = (Elf32_Shdr){ .sh_name = 20, .sh_type = SHT_STRTAB,
			      .sh_offset = str_off, .sh_size = sizeof(shstr),
			      .sh_addralign = 1 };
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ok = fd >= 0 && write(fd, buf, len) == (ssize_t)len;
	if (fd >= 0)
		close(fd);
	free(buf);
	return ok ? 0 : -1;
}

static int write_text(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	if (!fp)
		return -1;
	fputs(text, fp);
	return fclose(fp);
}

/* The good bundle: 2x1 rectangle, image 0 on (0,0), image 1 on (1,0). */
static const char good_json[] =
	"{ \"format\": 1, \"arch\": \"wse3\", \"fabric_dims\": [10, 3],"
	"  \"fabric_offsets\": [4, 1], \"rectangle\": [2, 1], \"memcpy\": true,"
	"  \"channels\": 1, \"width_west_buf\": 0, \"width_east_buf\": 0,"
	"  \"params\": {\"MT\": \"4\", \"NT\": \"3\"}, \"images\": [\"pe_0.elf\", \"pe_1.elf\"],"
	"  \"pe_map\": [[0, 1]],"
	"  \"symbols\": [{\"name\": \"A\", \"type\": \"f32\"},"
	"               {\"name\": \"h\", \"type\": \"u16\"}],"
	"  \"functions\": [{\"name\": \"f\", \"args\": [\"f32\", \"i32\"]},"
	"                 {\"name\": \"g\", \"args\": []}],"
	"  \"colors\": {\"MEMCPYH2D_DATA_1_ID\": 1, \"MEMCPYD2H_DATA_1_ID\": 2,"
	"              \"MEMCPYH2D_DATA_2_ID\": 3, \"OTHER\": 99},"
	"  \"routes\": [{\"x\": [0, 1, 1], \"y\": [0, 0, 1], \"color\": 1, \"rx\": 32, \"tx\": 1},"
	"             {\"x\": [0, 1, 1], \"y\": [0, 0, 1], \"color\": 2, \"rx\": 1, \"tx\": 32},"
	"             {\"x\": [0, 0, 1], \"y\": [0, 0, 1], \"color\": 5, \"rx\": 1, \"tx\": 4},"
	"             {\"x\": [1, 1, 1], \"y\": [0, 0, 1], \"color\": 5, \"rx\": 16, \"tx\": 1}] }";

static const struct rec good_recs0[] = {
	{ "A", 1, 0x400, 64, 1, 0, {0} },
	{ "h", 1, 0x440, 8, 5, 0, {0} },
	{ "f", 2, 0x40, 0, 0, 2, { 1, 2 } },
	{ "g", 2, 0x80, 0, 0, 0, {0} },
};

static const struct rec good_recs1[] = {		/* no 'h' */
	{ "g", 2, 0x84, 0, 0, 0, {0} },
	{ "A", 1, 0x600, 32, 1, 0, {0} },
	{ "f", 2, 0x44, 0, 0, 2, { 1, 2 } },
};

static const struct elf_spec good0 = {
	.entry = 0, .vaddr = 0, .filesz = 0x100, .memsz = 0x500,
	.recs = good_recs0, .nr_recs = 4,
};

static const struct elf_spec good1 = {
	.entry = 4, .vaddr = 0, .filesz = 0x80, .memsz = 0x700,
	.recs = good_recs1, .nr_recs = 3,
};

FIXTURE(bundle)
{
	char dir[64];
	char path[128];
	struct sdk_bundle *b;
	char msg[512];
};

FIXTURE_SETUP(bundle)
{
	strcpy(self->dir, "/tmp/sdk_unit_XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
	self->b = NULL;
	self->msg[0] = '\0';
}

FIXTURE_TEARDOWN(bundle)
{
	char cmd[128];

	sdk__bundle_free(self->b);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", self->dir);
	if (system(cmd))
		TH_LOG("could not remove %s", self->dir);
}

static const char *file_in(const char *dir, char *buf, const char *name)
{
	sprintf(buf, "%s/%s", dir, name);
	return buf;
}

static void write_good(const char *dir)
{
	char p[128];

	write_text(file_in(dir, p, "out.json"), good_json);
	write_elf(file_in(dir, p, "pe_0.elf"), &good0);
	write_elf(file_in(dir, p, "pe_1.elf"), &good1);
}

TEST_F(bundle, good_bundle_is_read_completely)
{
	const struct sdk_bundle *b;
	uint32_t w;

	write_good(self->dir);
	ASSERT_EQ(0, sdk__bundle_load(self->dir, &self->b, self->msg,
				      sizeof(self->msg))) TH_LOG("%s", self->msg);
	b = self->b;
	EXPECT_EQ(WSE_ARCH_WSE3, b->arch);
	EXPECT_EQ(10, b->dim_x);
	EXPECT_EQ(3, b->dim_y);
	EXPECT_EQ(4, b->offset_x);
	EXPECT_EQ(1, b->offset_y);
	EXPECT_EQ(2, b->width);
	EXPECT_EQ(1, b->height);
	EXPECT_EQ(1, b->channels);
	ASSERT_EQ(2, b->nr_images);
	EXPECT_EQ(0, b->pe_map[0]);
	EXPECT_EQ(1, b->pe_map[1]);
	ASSERT_EQ(2, b->nr_symbols);
	EXPECT_STREQ("A", b->symbols[0].name);
	EXPECT_EQ(SDK_TYPE_F32, b->symbols[0].type);
	EXPECT_EQ(SDK_TYPE_U16, b->symbols[1].type);
	ASSERT_EQ(2, b->nr_functions);
	EXPECT_EQ(2, b->functions[0].argc);
	EXPECT_EQ(SDK_TYPE_I32, b->functions[0].args[1]);
	EXPECT_EQ(0, b->functions[1].argc);
	ASSERT_EQ(2, b->nr_params);
	EXPECT_STREQ("MT", b->param_names[0]);
	EXPECT_STREQ("4", b->param_values[0]);
	EXPECT_STREQ("NT", b->param_names[1]);
	EXPECT_STREQ("3", b->param_values[1]);

	/* image bytes: the file bytes of the segment, not its bss */
	EXPECT_EQ(0x100, b->images[0].data_len);
	EXPECT_EQ(0, b->images[0].entry);
	memcpy(&w, b->images[0].data + 0x40, 4);
	EXPECT_EQ(0x40, w);
	EXPECT_EQ(0x80, b->images[1].data_len);
	EXPECT_EQ(4, b->images[1].entry);

	/* tables, by out.json's ids, whatever the record order */
	EXPECT_EQ(0x40, b->images[0].functions[0]);
	EXPECT_EQ(0x80, b->images[0].functions[1]);
	EXPECT_EQ(0x44, b->images[1].functions[0]);
	EXPECT_EQ(0x84, b->images[1].functions[1]);
	EXPECT_EQ(0x400, b->images[0].symbols[0].addr);
	EXPECT_EQ(64, b->images[0].symbols[0].bytes);
	EXPECT_EQ(0x440, b->images[0].symbols[1].addr);
	EXPECT_EQ(0x600, b->images[1].symbols[0].addr);
	EXPECT_EQ(WSE_NO_ADDR, b->images[1].symbols[1].addr);
}

TEST_F(bundle, broken_out_json)
{
	static const struct {
		const char *from, *to;	/* replace in good_json */
		const char *msg;
	} cases[] = {
		{ "{ \"format\"", "[ \"format\"", "not valid JSON" },
		{ "\"format\": 1", "\"format\": 2", "format 2 is not supported" },
		{ "\"wse3\"", "\"wse9\"", "arch 'wse9' is neither wse2 nor wse3" },
		{ "\"memcpy\": true", "\"memcpy\": false", "\"memcpy\" is not true" },
		{ "\"rectangle\": [2, 1]", "\"rectangle\": [2]", "\"rectangle\" is not an array of two" },
		{ "\"rectangle\": [2, 1]", "\"rectangle\": [0, 1]", "\"rectangle\"[0] 0 is outside 1..65535" },
		{ "\"channels\": 1", "\"channels\": 17", "\"channels\" 17 is outside 1..16" },
		{ "\"channels\": 1,", "", "missing \"channels\"" },
		{ "[[0, 1]]", "[[0, 2]]", "\"pe_map\"[0][1] is not an image index below 2" },
		{ "[[0, 1]]", "[[0]]", "\"pe_map\"[0] is not an array of 2" },
		{ "[[0, 1]]", "[[0, 1], [0, 1]]", "\"pe_map\" has 2 entries, at most 1" },
		{ "\"pe_1.elf\"]", "\"../pe_1.elf\"]", "'../pe_1.elf' is not a file name" },
		{ "\"type\": \"u16\"", "\"type\": \"f64\"", "unknown type 'f64'" },
		{ "\"NT\": \"3\"", "\"NT\": 3", "\"params\" value of 'NT' is not a string" },
		{ "{\"MT\": \"4\", \"NT\": \"3\"}", "[\"MT\"]", "\"params\" is not an object" },
		{ "\"name\": \"g\"", "\"name\": \"A\"", "name 'A' is exported twice" },
		{ "\"args\": []", "\"args\": [\"f32\",\"f32\",\"f32\",\"f32\",\"f32\",\"f32\",\"f32\",\"f32\",\"f32\",\"f32\",\"f32\",\"f32\",\"f32\",\"f32\",\"f32\",\"f32\"]",
		  "function 'g' has 16 arguments, at most 15" },
		{ "\"name\": \"g\"", "\"name\": \"0123456789012345678901234567890123456789\"",
		  "must have 1..39 characters" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[2048], p[128];
		const char *at = strstr(good_json, cases[i].from);
		int err;

		ASSERT_NE(NULL, at) TH_LOG("case %zu", i);
		snprintf(text, sizeof(text), "%.*s%s%s",
			 (int)(at - good_json), good_json, cases[i].to,
			 at + strlen(cases[i].from));
		write_good(self->dir);
		write_text(file_in(self->dir, p, "out.json"), text);
		err = sdk__bundle_load(self->dir, &self->b, self->msg,
				       sizeof(self->msg));
		EXPECT_EQ(-EINVAL, err) TH_LOG("case %zu: %s", i, self->msg);
		EXPECT_EQ(NULL, self->b);
		EXPECT_NE(NULL, strstr(self->msg, cases[i].msg))
			TH_LOG("case %zu: got \"%s\"", i, self->msg);
		EXPECT_NE(NULL, strstr(self->msg, "out.json: "))
			TH_LOG("case %zu: got \"%s\"", i, self->msg);
	}
}

TEST_F(bundle, missing_files)
{
	char p[128];

	EXPECT_EQ(-ENOENT, sdk__bundle_load(self->dir, &self->b, self->msg,
					    sizeof(self->msg)));
	EXPECT_NE(NULL, strstr(self->msg, "out.json: No such file"));
	write_good(self->dir);
	unlink(file_in(self->dir, p, "pe_1.elf"));
	EXPECT_EQ(-ENOENT, sdk__bundle_load(self->dir, &self->b, self->msg,
					    sizeof(self->msg)));
	EXPECT_NE(NULL, strstr(self->msg, "pe_1.elf: No such file"))
		TH_LOG("%s", self->msg);
}

TEST_F(bundle, broken_elf)
{
	struct rec bad_recs[4];
	struct elf_spec s;
	char p[128];

#define EXPECT_ELF(spec, text) do {					\
		write_good(self->dir);					\
		write_elf(file_in(self->dir, p, "pe_1.elf"), &(spec));	\
		EXPECT_EQ(-ENOEXEC, sdk__bundle_load(self->dir, &self->b, \
				self->msg, sizeof(self->msg)));		\
		EXPECT_NE(NULL, strstr(self->msg, text))		\
			TH_LOG("expected \"%s\", got \"%s\"", text, self->msg); \
		EXPECT_NE(NULL, strstr(self->msg, "pe_1.elf"));	\
	} while (0)

	s = good1;
	s.machine = EM_X86_64;
	EXPECT_ELF(s, "not a 32-bit little-endian RISC-V executable");
	s = good1;
	s.memsz = 0xc000;
	s.vaddr = 0x10;
	EXPECT_ELF(s, "does not fit in the 49152 bytes of PE memory");
	s = good1;
	s.entry = 0x80;
	EXPECT_ELF(s, "entry point 0x80 is misaligned or outside");
	s = good1;
	s.entry = 2;
	EXPECT_ELF(s, "entry point 0x2 is misaligned");
	s = good1;
	s.exports_extra = 8;
	EXPECT_ELF(s, ".wse.exports is 200 bytes, not a multiple of 64");

	memcpy(bad_recs, good_recs1, sizeof(good_recs1));
	s = good1;
	s.recs = bad_recs;
	bad_recs[1].name = "Z";
	EXPECT_ELF(s, "exports data symbol 'Z', which out.json does not list");
	bad_recs[1] = good_recs1[1];
	bad_recs[1].type = 2;
	EXPECT_ELF(s, "symbol 'A' has type i32, out.json says f32");
	bad_recs[1] = good_recs1[1];
	bad_recs[1].addr = 0xbff0;
	EXPECT_ELF(s, "symbol 'A' [0xbff0, +32) is misaligned, empty or outside");
	bad_recs[1] = good_recs1[1];
	bad_recs[2].argc = 1;
	EXPECT_ELF(s, "function 'f' takes 1 arguments, out.json says 2");
	bad_recs[2] = good_recs1[2];
	bad_recs[2].args[1] = 1;
	EXPECT_ELF(s, "function 'f' argument 1 is f32, out.json says i32");
	bad_recs[2] = good_recs1[2];
	bad_recs[2].kind = 1;
	bad_recs[2].type = 1;
	bad_recs[2].bytes = 4;
	EXPECT_ELF(s, "'f' is a data symbol, out.json lists a function");
	bad_recs[2] = good_recs1[2];
	bad_recs[2].kind = 7;
	EXPECT_ELF(s, "has kind 7, neither data (1) nor function (2)");
	bad_recs[2] = good_recs1[2];
	bad_recs[3] = good_recs1[0];
	s.nr_recs = 4;
	EXPECT_ELF(s, "function 'g' is exported twice");
	bad_recs[2].addr = 0x42;
	s.nr_recs = 3;
	EXPECT_ELF(s, "function 'f' at 0x42 is misaligned");

	write_good(self->dir);
	write_text(file_in(self->dir, p, "pe_1.elf"), "not an elf");
	EXPECT_EQ(-ENOEXEC, sdk__bundle_load(self->dir, &self->b, self->msg,
					     sizeof(self->msg)));
	EXPECT_NE(NULL, strstr(self->msg, "pe_1.elf: not"));
#undef EXPECT_ELF
}

/* A bundle built by tools/wse-cc from examples/gemv, when wse-cc exists. */
TEST_F(bundle, wse_cc_gemv_bundle)
{
	const char *cc = getenv("WSE_CC");
	const struct sdk_bundle *b;
	char cmd[1024], out[128];

	if (!cc || access(cc, X_OK))
		SKIP(return, "tools/wse-cc/wse-cc is not built");
	snprintf(out, sizeof(out), "%s/gemv", self->dir);
	snprintf(cmd, sizeof(cmd), "%s --arch=wse3 --fabric-dims=8,3 "
		 "--fabric-offsets=4,1 --memcpy --channels=1 --params=M:4,N:6 "
		 "-o %s %s/examples/gemv/layout.wse", cc, out, WSE_TOP);
	ASSERT_EQ(0, system(cmd));
	ASSERT_EQ(0, sdk__bundle_load(out, &self->b, self->msg,
				      sizeof(self->msg))) TH_LOG("%s", self->msg);
	b = self->b;
	EXPECT_EQ(1, b->width);
	EXPECT_EQ(1, b->height);
	ASSERT_EQ(4, b->nr_symbols);
	EXPECT_STREQ("A", b->symbols[0].name);
	EXPECT_STREQ("y", b->symbols[3].name);
	EXPECT_EQ(24 * 4, b->images[0].symbols[0].bytes);
	EXPECT_EQ(4 * 4, b->images[0].symbols[3].bytes);
	ASSERT_EQ(2, b->nr_params);
	EXPECT_STREQ("M", b->param_names[0]);
	EXPECT_STREQ("4", b->param_values[0]);
	EXPECT_STREQ("N", b->param_names[1]);
	EXPECT_STREQ("6", b->param_values[1]);
	ASSERT_EQ(1, b->nr_functions);
	EXPECT_STREQ("compute", b->functions[0].name);
	EXPECT_NE(WSE_NO_ADDR, b->images[0].functions[0]);
	EXPECT_LT(b->images[0].functions[0], b->images[0].data_len);
	EXPECT_GT(b->images[0].data_len, 0);
}

/* ---- launch arguments ----------------------------------------------------- */

static const struct sdk_fn fn_f = { "f", 2, { SDK_TYPE_F32, SDK_TYPE_I32 } };
static const struct sdk_fn fn_all = {
	"all", 6, { SDK_TYPE_F32, SDK_TYPE_I32, SDK_TYPE_U32, SDK_TYPE_I16,
		    SDK_TYPE_U16, SDK_TYPE_F16 },
};
static const struct sdk_fn fn_none = { "none", 0, { 0 } };

TEST(pack_args_types_and_words)
{
	const struct sdk_arg args[] = {
		SDK_F32(1.5f), SDK_I32(-3), SDK_U32(0xfffffffeu), SDK_I16(-2),
		SDK_U16(65535), SDK_F16(0x3c00),
	};
	uint32_t words[15];
	char msg[256];

	ASSERT_EQ(0, sdk__pack_args(&fn_all, args, 6, words, msg, sizeof(msg)));
	EXPECT_EQ(0x3fc00000u, words[0]);
	EXPECT_EQ(0xfffffffdu, words[1]);
	EXPECT_EQ(0xfffffffeu, words[2]);
	EXPECT_EQ(0x0000fffeu, words[3]);
	EXPECT_EQ(0x0000ffffu, words[4]);
	EXPECT_EQ(0x00003c00u, words[5]);
	EXPECT_EQ(0, sdk__pack_args(&fn_none, NULL, 0, words, msg, sizeof(msg)));
}

TEST(pack_args_errors)
{
	const struct sdk_arg two[] = { SDK_F32(1), SDK_F32(2), SDK_I32(3) };
	struct sdk_arg bare[2] = { SDK_F32(1), { 0, SDK_TYPE_I32, 3 } };
	uint32_t words[15];
	char msg[256];

	EXPECT_EQ(-EINVAL, sdk__pack_args(&fn_f, two, 3, words, msg, sizeof(msg)));
	EXPECT_STREQ("f takes 2 arguments (f32, i32), 3 given", msg);
	EXPECT_EQ(-EINVAL, sdk__pack_args(&fn_f, two, 1, words, msg, sizeof(msg)));
	EXPECT_STREQ("f takes 2 arguments (f32, i32), 1 given", msg);
	EXPECT_EQ(-EINVAL, sdk__pack_args(&fn_none, two, 1, words, msg, sizeof(msg)));
	EXPECT_STREQ("none takes no arguments, 1 given", msg);
	EXPECT_EQ(-EINVAL, sdk__pack_args(&fn_f, two, 2, words, msg, sizeof(msg)));
	EXPECT_STREQ("f: argument 1 is f32, expected i32", msg);
	EXPECT_EQ(-EINVAL, sdk__pack_args(&fn_f, bare, 2, words, msg, sizeof(msg)));
	EXPECT_STREQ("f: argument 1 was not made by an SDK_*() macro (expected SDK_I32())", msg);
	EXPECT_EQ(-EINVAL, sdk__check_words(&fn_f, words, 3, msg, sizeof(msg)));
	EXPECT_STREQ("f takes 2 arguments (f32, i32), 3 given", msg);
	words[3] = 0x10000;
	EXPECT_EQ(-EINVAL, sdk__check_words(&fn_all, words, 6, msg, sizeof(msg)));
	EXPECT_NE(NULL, strstr(msg, "all: argument 3 (i16) word 0x10000 has upper 16 bits set"));
}

/* ---- the runtime without a device ---------------------------------------------- */

static const struct wse_info dev_info = {
	.size = sizeof(struct wse_info), .abi_version = WSE_ABI_VERSION,
	.arch = WSE_ARCH_WSE3, .fabric_width = 32, .fabric_height = 24,
	.channels_per_edge = 62, .max_channels = WSE_MAX_CHANNELS,
	.pe_memory_bytes = WSE_PE_MEMORY_BYTES, .max_tasks = WSE_MAX_TASKS,
	.ring_depth = 64, .max_rect_pes = 550,
};

FIXTURE(rt)
{
	char dir[64];
	struct sdk_runtime *rt;
	float host[64];
};

FIXTURE_SETUP(rt)
{
	struct wse_configure cfg;
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);

	ASSERT_LE(0, fd);
	strcpy(self->dir, "/tmp/sdk_unit_XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
	write_good(self->dir);
	/* the handle thinks it configured the bundle's 2x1 rectangle */
	wse_configure_init(&cfg, 2, 1, 4, 1, 10, 3, 1);
	self->rt = sdk__runtime_new(wse__dev_new(fd, &dev_info, &cfg),
				    self->dir);
	ASSERT_NE(NULL, self->rt);
	memset(self->host, 0, sizeof(self->host));
}

FIXTURE_TEARDOWN(rt)
{
	char cmd[128];

	sdk_destroy(self->rt);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", self->dir);
	if (system(cmd))
		TH_LOG("could not remove %s", self->dir);
}

/* Pretend sdk_load succeeded (no device can LOAD here). */
static void fake_load(struct sdk_runtime *rt)
{
	char msg[512];

	if (sdk__bundle_load(rt->bindir, &rt->b, msg, sizeof(msg)))
		abort();
	rt->state = SDK_LOADED;
}

TEST(create_errors)
{
	struct sdk_runtime *rt = (struct sdk_runtime *)1;
	struct sdk_options o = { .device = "/nonexistent/wse0" };

	EXPECT_EQ(-ENOENT, sdk_create("/tmp", &o, &rt));
	EXPECT_EQ(NULL, rt);
	EXPECT_STREQ("sdk_create: cannot open /nonexistent/wse0: No such file or directory",
		     sdk_errmsg(NULL));
	o.msg_level = "LOUD";
	EXPECT_EQ(-EINVAL, sdk_create("/tmp", &o, &rt));
	EXPECT_NE(NULL, strstr(sdk_errmsg(NULL), "msg_level 'LOUD'"));
	EXPECT_EQ(-EINVAL, sdk_create(NULL, NULL, &rt));
	EXPECT_EQ(-EINVAL, sdk_create("/tmp", NULL, NULL));
	o.device = "/dev/null";
	o.msg_level = NULL;
	EXPECT_EQ(-ENOTTY, sdk_create("/tmp", &o, &rt));
	EXPECT_NE(NULL, strstr(sdk_errmsg(NULL), "ENOTTY"));
	/* NULL runtimes */
	EXPECT_EQ(-EINVAL, sdk_load(NULL));
	EXPECT_EQ(-EINVAL, sdk_run(NULL));
	EXPECT_EQ(-EINVAL, sdk_stop(NULL));
	EXPECT_EQ(-EINVAL, sdk_launch(NULL, "f", false, NULL));
	sdk_destroy(NULL);
}

TEST_F(rt, calls_before_load)
{
	sdk_symbol_t s = { 0 };
	sdk_task_t t = { 7 };

	/* ids come from the bundle: known before load(), as in the SDK */
	ASSERT_EQ(0, sdk_get_id(self->rt, "A", &s)) TH_LOG("%s",
							  sdk_errmsg(self->rt));
	EXPECT_EQ(SDK_KIND_DATA, s.kind);
	EXPECT_STREQ("A", s.name);
	EXPECT_EQ(SDK_CREATED, self->rt->state);
	EXPECT_EQ(-EBADFD, sdk_run(self->rt));
	EXPECT_STREQ("sdk_run: called before load()", sdk_errmsg(self->rt));
	EXPECT_EQ(-EBADFD, sdk_memcpy_h2d(self->rt, s, self->host, 0, 0, 1, 1,
					  1, false, MEMCPY_32BIT, ROW_MAJOR,
					  false, NULL));
	EXPECT_STREQ("sdk_memcpy_h2d: called before run()", sdk_errmsg(self->rt));
	EXPECT_EQ(-EBADFD, sdk_memcpy_d2h(self->rt, self->host, s, 0, 0, 1, 1,
					  1, false, MEMCPY_32BIT, ROW_MAJOR,
					  false, NULL));
	EXPECT_STREQ("sdk_memcpy_d2h: called before run()", sdk_errmsg(self->rt));
	EXPECT_EQ(-EBADFD, sdk_launch(self->rt, "g", false, NULL));
	EXPECT_STREQ("sdk_launch: called before run()", sdk_errmsg(self->rt));
	EXPECT_EQ(-EBADFD, sdk_call(self->rt, "g", NULL, 0, false, NULL));
	EXPECT_STREQ("sdk_call: called before run()", sdk_errmsg(self->rt));
	EXPECT_EQ(-EBADFD, sdk_stop(self->rt));
	EXPECT_STREQ("sdk_stop: called before load()", sdk_errmsg(self->rt));
	EXPECT_EQ(-EBADFD, sdk_memcpy_h2d_rowbcast(self->rt, s, self->host, 0,
						   0, 1, 1, 1, false,
						   MEMCPY_32BIT, ROW_MAJOR,
						   false, NULL));
	EXPECT_STREQ("sdk_memcpy_h2d_rowbcast: called before run()",
		     sdk_errmsg(self->rt));
	EXPECT_EQ(-EBADFD, sdk_memcpy_h2d_colbcast(self->rt, s, self->host, 0,
						   0, 1, 1, 1, false,
						   MEMCPY_32BIT, ROW_MAJOR,
						   false, NULL));
	EXPECT_STREQ("sdk_memcpy_h2d_colbcast: called before run()",
		     sdk_errmsg(self->rt));
	EXPECT_EQ(-EBADFD, sdk_memcpy_h2d_stride(self->rt, s, self->host,
						 0, 0, 1, 1, 1, 1, 1, false,
						 MEMCPY_32BIT, ROW_MAJOR,
						 false, NULL));
	EXPECT_STREQ("sdk_memcpy_h2d_stride: called before run()",
		     sdk_errmsg(self->rt));
	EXPECT_EQ(-EBADFD, sdk_read_symbol(self->rt, 4, 1, "A", self->host, 1,
					   MEMCPY_32BIT));
	EXPECT_STREQ("sdk_read_symbol: called before run()",
		     sdk_errmsg(self->rt));
	{
		const char *v = "x";

		EXPECT_EQ(0, sdk_get_param(self->rt, "MT", &v));
		EXPECT_NE(NULL, v);
	}
	EXPECT_EQ(-ENOENT, sdk_task_wait(self->rt, t));
	EXPECT_NE(NULL, strstr(sdk_errmsg(self->rt), "sdk_task_wait: task 7 is not an outstanding task"));
	EXPECT_EQ(-ENOENT, sdk_is_task_done(self->rt, t));
}

TEST_F(rt, load_reaches_the_device_and_stays_created)
{
	/* the bundle parses; GET_INFO on /dev/null is ENOTTY */
	EXPECT_EQ(-ENOTTY, sdk_load(self->rt));
	EXPECT_NE(NULL, strstr(sdk_errmsg(self->rt), "sdk_load: wse_get_info: ENOTTY"))
		TH_LOG("%s", sdk_errmsg(self->rt));
	EXPECT_EQ(SDK_CREATED, self->rt->state);
	/* a broken bundle names the file */
	write_text(self->dir, "");
	{
		char p[128];

		write_text(file_in(self->dir, p, "out.json"), "{}");
	}
	EXPECT_EQ(-EINVAL, sdk_load(self->rt));
	EXPECT_NE(NULL, strstr(sdk_errmsg(self->rt), "sdk_load: "));
	EXPECT_NE(NULL, strstr(sdk_errmsg(self->rt), "out.json: missing \"format\""))
		TH_LOG("%s", sdk_errmsg(self->rt));
}

TEST_F(rt, loaded_state)
{
	sdk_symbol_t s;

	fake_load(self->rt);
	EXPECT_EQ(-EBADFD, sdk_load(self->rt));
	EXPECT_STREQ("sdk_load: called twice", sdk_errmsg(self->rt));

	ASSERT_EQ(0, sdk_get_id(self->rt, "h", &s));
	EXPECT_EQ(1, s.id);
	EXPECT_EQ(SDK_KIND_DATA, s.kind);
	EXPECT_EQ(SDK_TYPE_U16, s.type);
	EXPECT_STREQ("h", s.name);
	EXPECT_STREQ("", sdk_errmsg(self->rt));
	ASSERT_EQ(0, sdk_get_symbol(self->rt, "f", &s));
	EXPECT_EQ(0, s.id);
	EXPECT_EQ(SDK_KIND_FUNCTION, s.kind);
	EXPECT_EQ(2, s.argc);
	EXPECT_EQ(SDK_TYPE_I32, s.args[1]);
	EXPECT_EQ(-ENOENT, sdk_get_id(self->rt, "x", &s));
	EXPECT_STREQ("sdk_get_id: no exported symbol or function named 'x'",
		     sdk_errmsg(self->rt));
	EXPECT_EQ(-ENOENT, sdk_get_symbol(self->rt, "x", &s));
	EXPECT_STREQ("sdk_get_symbol: no exported symbol or function named 'x'",
		     sdk_errmsg(self->rt));

	EXPECT_EQ(-EBADFD, sdk_launch(self->rt, "g", false, NULL));
	EXPECT_STREQ("sdk_launch: called before run()", sdk_errmsg(self->rt));
	/* RUN on /dev/null fails: the run is spent */
	EXPECT_EQ(-ENOTTY, sdk_run(self->rt));
	EXPECT_NE(NULL, strstr(sdk_errmsg(self->rt), "sdk_run: wse_run: ENOTTY"));
	EXPECT_EQ(-EBADFD, sdk_run(self->rt));
	EXPECT_STREQ("sdk_run: called twice", sdk_errmsg(self->rt));
	EXPECT_EQ(-EBADFD, sdk_launch(self->rt, "g", false, NULL));
	EXPECT_STREQ("sdk_launch: run() failed; stop() the runtime",
		     sdk_errmsg(self->rt));
	/* stop reaches the device (ENOTTY) and stops anyway */
	EXPECT_EQ(-ENOTTY, sdk_stop(self->rt));
	EXPECT_EQ(-EBADFD, sdk_stop(self->rt));
	EXPECT_STREQ("sdk_stop: called twice", sdk_errmsg(self->rt));
	EXPECT_EQ(0, sdk_get_id(self->rt, "A", &s));	/* the bundle stays */
	EXPECT_EQ(-EBADFD, sdk_run(self->rt));
	EXPECT_STREQ("sdk_run: called after stop()", sdk_errmsg(self->rt));
	EXPECT_EQ(-EBADFD, sdk_load(self->rt));
	EXPECT_STREQ("sdk_load: called after stop()", sdk_errmsg(self->rt));
}

TEST_F(rt, running_copies_are_checked)
{
	struct sdk_runtime *rt = self->rt;
	sdk_symbol_t A, h, f;
	sdk_task_t t = { 99 };

	fake_load(rt);
	rt->state = SDK_RUNNING;
	ASSERT_EQ(0, sdk_get_id(rt, "A", &A));
	ASSERT_EQ(0, sdk_get_id(rt, "h", &h));
	ASSERT_EQ(0, sdk_get_id(rt, "f", &f));

	EXPECT_EQ(-EINVAL, sdk_memcpy_h2d(rt, A, self->host, 0, 0, 1, 1, 1,
					  true, MEMCPY_32BIT, ROW_MAJOR,
					  false, NULL));
	EXPECT_STREQ("sdk_memcpy_h2d: dest 'A' is a data symbol; streaming=true "
		     "needs a color (sdk_color() or sdk_get_color())",
		     sdk_errmsg(rt));
	EXPECT_EQ(-EINVAL, sdk_memcpy_d2h(rt, self->host, f, 0, 0, 1, 1, 1,
					  true, MEMCPY_32BIT, ROW_MAJOR,
					  false, NULL));
	EXPECT_STREQ("sdk_memcpy_d2h: src 'f' is a function; streaming=true "
		     "needs a color (sdk_color() or sdk_get_color())",
		     sdk_errmsg(rt));
	EXPECT_EQ(-EINVAL, sdk_memcpy_d2h(rt, self->host, sdk_color(2), 0, 0, 1,
					  1, 1, false, MEMCPY_32BIT, ROW_MAJOR,
					  false, NULL));
	EXPECT_STREQ("sdk_memcpy_d2h: color 2 with streaming=false: copy mode "
		     "needs a data symbol (or pass streaming=true)",
		     sdk_errmsg(rt));
	/*
	 * data_type is the width in PE memory, whatever the symbol's type:
	 * 16-bit into the f32 'A' and 32-bit from the u16 'h' reach the
	 * device (ENOTTY on /dev/null); only the size is checked.
	 */
	EXPECT_EQ(-ENOTTY, sdk_memcpy_h2d(rt, A, self->host, 0, 0, 1, 1, 16,
					  false, MEMCPY_16BIT, ROW_MAJOR,
					  false, NULL));
	EXPECT_NE(NULL, strstr(sdk_errmsg(rt), "sdk_memcpy_h2d: wse_h2d: "
			       "ENOTTY")) TH_LOG("%s", sdk_errmsg(rt));
	EXPECT_EQ(-ENOTTY, sdk_memcpy_d2h(rt, self->host, h, 0, 0, 1, 1, 1,
					  false, MEMCPY_32BIT, ROW_MAJOR,
					  false, NULL));
	EXPECT_EQ(-EINVAL, sdk_memcpy_h2d(rt, f, self->host, 0, 0, 1, 1, 1,
					  false, MEMCPY_32BIT, ROW_MAJOR,
					  false, NULL));
	EXPECT_NE(NULL, strstr(sdk_errmsg(rt), "'f' is not a data symbol"));
	/* ROI outside the rectangle: the low-level message */
	EXPECT_EQ(-EINVAL, sdk_memcpy_h2d(rt, A, self->host, 1, 0, 2, 1, 1,
					  false, MEMCPY_32BIT, ROW_MAJOR,
					  false, NULL));
	EXPECT_STREQ("sdk_memcpy_h2d: wse_h2d: ROI (1,0,2,1) is outside the 2x1 rectangle",
		     sdk_errmsg(rt));
	/* symbol sizes per image: 64 bytes on pe_0, 32 on pe_1 */
	EXPECT_EQ(-ENOSPC, sdk_memcpy_h2d(rt, A, self->host, 0, 0, 2, 1, 9,
					  false, MEMCPY_32BIT, ROW_MAJOR,
					  false, NULL));
	EXPECT_STREQ("sdk_memcpy_h2d: l 9 * 4 bytes = 36 > the 32 bytes of "
		     "symbol 'A' on image pe_1.elf", sdk_errmsg(rt));
	EXPECT_EQ(-EINVAL, sdk_memcpy_h2d(rt, h, self->host, 1, 0, 1, 1, 1,
					  false, MEMCPY_16BIT, ROW_MAJOR,
					  false, NULL));
	EXPECT_STREQ("sdk_memcpy_h2d: image pe_1.elf of PE (1,0) has no symbol 'h'",
		     sdk_errmsg(rt));
	EXPECT_EQ(-EINVAL, sdk_memcpy_h2d(rt, A, self->host, 0, 0, 1, 1, 1,
					  false, MEMCPY_32BIT, ROW_MAJOR,
					  true, NULL));
	EXPECT_STREQ("sdk_memcpy_h2d: task is NULL for a nonblocking call",
		     sdk_errmsg(rt));
	EXPECT_EQ(-EINVAL, sdk_memcpy_h2d(rt, A, self->host, 0, 0, 1, 1, 1,
					  false, MEMCPY_32BIT, 5, false, &t));
	EXPECT_NE(NULL, strstr(sdk_errmsg(rt), "sdk_memcpy_h2d: wse_h2d: order 5"));
	EXPECT_EQ(0, t.id);
	/* everything right: reaches the ioctl */
	EXPECT_EQ(-ENOTTY, sdk_memcpy_h2d(rt, A, self->host, 0, 0, 2, 1, 8,
					  false, MEMCPY_32BIT, COL_MAJOR,
					  false, NULL));
	EXPECT_NE(NULL, strstr(sdk_errmsg(rt), "sdk_memcpy_h2d: wse_h2d: ENOTTY"));
}

/* ---- the queue of small nonblocking copies ------------------------------------ */

static struct sdk_pending *task_of(struct sdk_runtime *rt, sdk_task_t t)
{
	for (size_t i = 0; i < rt->nr_tasks; i++)
		if (rt->tasks[i].id == t.id)
			return &rt->tasks[i];
	return NULL;
}

/* One queued 1-element copy to 'A' of PE (0,0); its task. */
static sdk_task_t queue_one(struct __test_metadata *_metadata,
			    struct sdk_runtime *rt, float *host)
{
	sdk_symbol_t A;
	sdk_task_t t = { 0 };

	if (sdk_get_id(rt, "A", &A))
		return t;
	/* on /dev/null an ioctl fails: 0 means it was queued */
	EXPECT_EQ(0, sdk_memcpy_h2d(rt, A, host, 0, 0, 1, 1, 1, false,
				    MEMCPY_32BIT, ROW_MAJOR, true, &t))
		TH_LOG("%s", sdk_errmsg(rt));
	EXPECT_EQ(1, rt->q.nr);
	return t;
}

/* @t's list went to the device (which, being /dev/null, refused it). */
static void expect_flushed(struct __test_metadata *_metadata,
			   struct sdk_runtime *rt, sdk_task_t t,
			   const char *what)
{
	struct sdk_pending *p = task_of(rt, t);

	EXPECT_EQ(0, rt->q.nr) TH_LOG("%s did not flush the queue", what);
	ASSERT_NE(NULL, p);
	EXPECT_TRUE(p->done) TH_LOG("%s", what);
	EXPECT_EQ(-ENOTTY, p->status) TH_LOG("%s: %d", what, p->status);
}

TEST_F(rt, small_nonblocking_copies_are_queued)
{
	struct sdk_runtime *rt = self->rt;
	sdk_symbol_t A, h;
	sdk_task_t t, u = { 7 };

	fake_load(rt);
	rt->state = SDK_RUNNING;
	ASSERT_EQ(0, sdk_get_id(rt, "A", &A));
	ASSERT_EQ(0, sdk_get_id(rt, "h", &h));
	self->host[0] = 1.5f;
	t = queue_one(_metadata, rt, self->host);
	/* a library handle, not a kernel task id */
	EXPECT_NE(0, t.id & SDK_QUEUED_ID);
	/* the words were taken at the call */
	self->host[0] = 2.5f;
	EXPECT_EQ(0, memcmp(rt->q.data, &(float){ 1.5f }, 4));
	EXPECT_EQ(0, rt->q.items[0].x);
	EXPECT_EQ(WSE_ITEM_SYMBOL, rt->q.items[0].flags);
	EXPECT_EQ(A.id, rt->q.items[0].symbol);
	/* bad arguments are the call's error, nothing queued */
	EXPECT_EQ(-EINVAL, sdk_memcpy_h2d(rt, A, self->host, 2, 0, 1, 1, 1,
					  false, MEMCPY_32BIT, ROW_MAJOR, true,
					  &u));
	EXPECT_STREQ("sdk_memcpy_h2d: wse_h2d: ROI (2,0,1,1) is outside the 2x1 rectangle",
		     sdk_errmsg(rt));
	EXPECT_EQ(0, u.id);
	EXPECT_EQ(-ENOSPC, sdk_memcpy_h2d(rt, A, self->host, 1, 0, 1, 1, 9,
					  false, MEMCPY_32BIT, ROW_MAJOR, true,
					  &u));
	EXPECT_STREQ("sdk_memcpy_h2d: l 9 * 4 bytes = 36 > the 32 bytes of "
		     "symbol 'A' on image pe_1.elf", sdk_errmsg(rt));
	EXPECT_EQ(-EINVAL, sdk_memcpy_h2d(rt, h, self->host, 1, 0, 1, 1, 1,
					  false, MEMCPY_16BIT, ROW_MAJOR, true,
					  &u));
	EXPECT_EQ(-EINVAL, sdk_memcpy_h2d(rt, A, self->host, 0, 0, 1, 1, 1,
					  false, 7, ROW_MAJOR, true, &u));
	EXPECT_NE(NULL, strstr(sdk_errmsg(rt), "data_type 7"));
	EXPECT_EQ(-EINVAL, sdk_memcpy_h2d(rt, A, (char *)self->host + 2, 0,
					  0, 1, 1, 1, false, MEMCPY_32BIT,
					  ROW_MAJOR, true, &u));
	EXPECT_NE(NULL, strstr(sdk_errmsg(rt), "not 4-byte aligned"));
	EXPECT_EQ(1, rt->q.nr);
	/* a 16-bit one is queued too; a copy to 2 PEs is not */
	EXPECT_EQ(0, sdk_memcpy_h2d(rt, h, self->host, 0, 0, 1, 1, 2, false,
				    MEMCPY_16BIT, ROW_MAJOR, true, &u));
	EXPECT_EQ(2, rt->q.nr);
	EXPECT_EQ(WSE_DATA_16BIT, rt->q.items[1].data_type);
	EXPECT_EQ(4, rt->q.items[1].data_off);
	EXPECT_EQ(-ENOTTY, sdk_memcpy_h2d(rt, A, self->host, 0, 0, 2, 1, 1,
					  false, MEMCPY_32BIT, ROW_MAJOR, true,
					  &u));
	expect_flushed(_metadata, rt, t, "a copy that is not queued");
	/* the list's failure is each queued copy's, with the message */
	EXPECT_EQ(-ENOTTY, sdk_task_wait(rt, t));
	EXPECT_NE(NULL, strstr(sdk_errmsg(rt), "sdk_memcpy_h2d A: queued copy: "
			       "wse_h2d_list: ENOTTY")) TH_LOG("%s", sdk_errmsg(rt));
	EXPECT_EQ(-ENOENT, sdk_task_wait(rt, t));
}

TEST_F(rt, every_call_flushes_the_queue)
{
	struct sdk_runtime *rt = self->rt;
	sdk_symbol_t A, s;
	sdk_task_t t, u;
	const char *pv;
	uint32_t v;
	int p;

	fake_load(rt);
	rt->state = SDK_RUNNING;
	ASSERT_EQ(0, sdk_get_id(rt, "A", &A));
#define FLUSHES(call) do {						\
		t = queue_one(_metadata, rt, self->host);		\
		(void)(call);						\
		expect_flushed(_metadata, rt, t, #call);		\
	} while (0)
	FLUSHES(sdk_memcpy_d2h(rt, self->host, A, 0, 0, 1, 1, 1, false,
			       MEMCPY_32BIT, ROW_MAJOR, false, NULL));
	FLUSHES(sdk_memcpy_h2d(rt, A, self->host, 0, 0, 1, 1, 1, false,
			       MEMCPY_32BIT, ROW_MAJOR, false, NULL));
	FLUSHES(sdk_memcpy_h2d_rowbcast(rt, A, self->host, 0, 0, 2, 1, 1,
					false, MEMCPY_32BIT, ROW_MAJOR, false,
					NULL));
	FLUSHES(sdk_launch(rt, "g", false, NULL));
	FLUSHES(sdk_call(rt, "g", NULL, 0, false, NULL));
	FLUSHES(sdk_is_task_done(rt, t));
	FLUSHES(sdk_get_id(rt, "A", &s));
	FLUSHES(sdk_get_symbol(rt, "A", &s));
	FLUSHES(sdk_get_param(rt, "nope", &pv));
	FLUSHES(sdk_read_symbol(rt, 4, 1, "A", &v, 1, MEMCPY_32BIT));
	u = queue_one(_metadata, rt, self->host);
	FLUSHES(sdk_task_wait(rt, u));
	p = sdk_is_task_done(rt, t);
	EXPECT_EQ(1, p);
	FLUSHES(sdk_stop(rt));
#undef FLUSHES
}

TEST_F(rt, a_full_queue_goes_by_itself)
{
	struct sdk_runtime *rt = self->rt;
	sdk_task_t *t = calloc(SDK_QUEUE_ITEMS + 1, sizeof(*t));
	sdk_symbol_t A;

	ASSERT_NE(NULL, t);
	fake_load(rt);
	rt->state = SDK_RUNNING;
	ASSERT_EQ(0, sdk_get_id(rt, "A", &A));
	for (int i = 0; i <= SDK_QUEUE_ITEMS; i++)
		ASSERT_EQ(0, sdk_memcpy_h2d(rt, A, self->host, 0, 0, 1, 1,
					    SDK_QUEUE_MAX_BYTES / 4, false,
					    MEMCPY_32BIT, ROW_MAJOR, true,
					    &t[i])) TH_LOG("%s", sdk_errmsg(rt));
	/* the first SDK_QUEUE_ITEMS went as one list, the last is queued */
	EXPECT_EQ(1, rt->q.nr);
	EXPECT_EQ(SDK_QUEUE_MAX_BYTES / 4, rt->q.words);
	EXPECT_TRUE(task_of(rt, t[0])->done);
	EXPECT_TRUE(task_of(rt, t[SDK_QUEUE_ITEMS - 1])->done);
	EXPECT_FALSE(task_of(rt, t[SDK_QUEUE_ITEMS])->done);
	/* each has the list's status */
	for (int i = 0; i <= SDK_QUEUE_ITEMS; i++)
		ASSERT_EQ(-ENOTTY, sdk_task_wait(rt, t[i]));
	EXPECT_EQ(0, rt->nr_tasks);
	free(t);
}

TEST_F(rt, running_launches_are_checked)
{
	struct sdk_runtime *rt = self->rt;
	const uint32_t words[2] = { 0x3f800000, 3 };
	sdk_task_t t;

	fake_load(rt);
	rt->state = SDK_RUNNING;
	EXPECT_EQ(-ENOENT, sdk_launch(rt, "nope", false, NULL));
	EXPECT_STREQ("sdk_launch: cannot find exported function 'nope'",
		     sdk_errmsg(rt));
	EXPECT_EQ(-ENOENT, sdk_launch(rt, "A", false, NULL, SDK_F32(1)));
	EXPECT_STREQ("sdk_launch: cannot find exported function 'A'",
		     sdk_errmsg(rt));
	EXPECT_EQ(-EINVAL, sdk_launch(rt, "f", false, NULL, SDK_F32(1)));
	EXPECT_STREQ("sdk_launch: f takes 2 arguments (f32, i32), 1 given",
		     sdk_errmsg(rt));
	EXPECT_EQ(-EINVAL, sdk_launch(rt, "f", false, NULL, SDK_F32(1),
				      SDK_U32(2)));
	EXPECT_STREQ("sdk_launch: f: argument 1 is u32, expected i32",
		     sdk_errmsg(rt));
	EXPECT_EQ(-EINVAL, sdk_launch(rt, "f", false, NULL, SDK_I32(1),
				      SDK_I32(2)));
	EXPECT_STREQ("sdk_launch: f: argument 0 is i32, expected f32",
		     sdk_errmsg(rt));
	EXPECT_EQ(-EINVAL, sdk_launch(rt, "g", false, NULL, SDK_I32(1)));
	EXPECT_STREQ("sdk_launch: g takes no arguments, 1 given",
		     sdk_errmsg(rt));
	EXPECT_EQ(-EINVAL, sdk_launch(rt, "g", true, NULL));
	EXPECT_STREQ("sdk_launch: task is NULL for a nonblocking call",
		     sdk_errmsg(rt));
	/* right: reaches the ioctl */
	EXPECT_EQ(-ENOTTY, sdk_launch(rt, "f", false, NULL, SDK_F32(1),
				      SDK_I32(2)));
	EXPECT_NE(NULL, strstr(sdk_errmsg(rt), "sdk_launch: wse_launch: ENOTTY"));
	EXPECT_EQ(-ENOTTY, sdk_launch(rt, "g", true, &t));
	EXPECT_EQ(0, t.id);
	EXPECT_EQ(-EINVAL, sdk_call(rt, "f", words, 1, false, NULL));
	EXPECT_STREQ("sdk_call: f takes 2 arguments (f32, i32), 1 given",
		     sdk_errmsg(rt));
	EXPECT_EQ(-ENOTTY, sdk_call(rt, "f", words, 2, false, NULL));
	EXPECT_NE(NULL, strstr(sdk_errmsg(rt), "sdk_call: wse_launch: ENOTTY"));
	EXPECT_EQ(-ENOENT, sdk_call(rt, "x", words, 2, false, NULL));
	EXPECT_STREQ("sdk_call: cannot find exported function 'x'",
		     sdk_errmsg(rt));
}

TEST_F(rt, get_param)
{
	struct sdk_runtime *rt = self->rt;
	const char *v = NULL;
	uint32_t n;

	fake_load(rt);
	ASSERT_EQ(0, sdk_get_param(rt, "MT", &v));
	EXPECT_STREQ("4", v);
	EXPECT_STREQ("", sdk_errmsg(rt));
	ASSERT_EQ(0, sdk_get_param(rt, "NT", &v));
	EXPECT_STREQ("3", v);
	EXPECT_EQ(-ENOENT, sdk_get_param(rt, "M", &v));
	EXPECT_STREQ("sdk_get_param: no compile parameter named 'M' (the "
		     "bundle has MT, NT)", sdk_errmsg(rt));
	EXPECT_EQ(NULL, v);
	EXPECT_EQ(-EINVAL, sdk_get_param(rt, NULL, &v));
	EXPECT_STREQ("sdk_get_param: name is NULL", sdk_errmsg(rt));
	EXPECT_EQ(-EINVAL, sdk_get_param(rt, "MT", NULL));
	EXPECT_STREQ("sdk_get_param: value is NULL", sdk_errmsg(rt));
	EXPECT_EQ(-EINVAL, sdk_get_param(NULL, "MT", &v));
	n = rt->b->nr_params;		/* a bundle without params */
	rt->b->nr_params = 0;
	EXPECT_EQ(-ENOENT, sdk_get_param(rt, "MT", &v));
	EXPECT_STREQ("sdk_get_param: no compile parameter named 'MT' (the "
		     "bundle has none)", sdk_errmsg(rt));
	rt->b->nr_params = n;
	rt->state = SDK_RUNNING;
	EXPECT_EQ(0, sdk_get_param(rt, "MT", &v));
}

/* ---- h2d variants: the expansion ------------------------------------------------ */

/*
 * What the header promises, written out without the library's helpers: the
 * broadcast source (h x l for rowbcast, w x l for colbcast) is a 2-D array
 * wrapped in the memcpy order: ROW_MAJOR src[row][k], COL_MAJOR the same
 * array in Fortran order, src[k][row] flattened with row fastest.
 */
static uint32_t ref_src_index(uint32_t op, int order, uint32_t w, uint32_t h,
			      uint32_t l, uint32_t px, uint32_t py, uint32_t k)
{
	uint32_t row = op == SDK_OP_H2D_ROWBCAST ? py : px;
	uint32_t rows = op == SDK_OP_H2D_ROWBCAST ? h : w;

	return order == ROW_MAJOR ? row * l + k : k * rows + row;
}

TEST(expand_bcast_matches_reference)
{
	static const struct { uint32_t w, h, l; } shapes[] = {
		{ 3, 2, 4 }, { 1, 1, 1 }, { 2, 3, 1 }, { 4, 3, 5 }, { 5, 4, 2 },
	};
	static const uint32_t ops[] = {
		SDK_OP_H2D_ROWBCAST, SDK_OP_H2D_COLBCAST,
	};
	uint32_t src[256], dst[256], ref[256];

	for (uint32_t i = 0; i < 256; i++)
		src[i] = i * 2654435761u ^ 0x5a5a0000u;
	for (size_t s = 0; s < sizeof(shapes) / sizeof(shapes[0]); s++)
		for (size_t o = 0; o < 2; o++)
			for (int order = ROW_MAJOR; order <= COL_MAJOR;
			     order++) {
				uint32_t w = shapes[s].w, h = shapes[s].h;
				uint32_t l = shapes[s].l, n = w * h * l;

				memset(ref, 0xee, sizeof(ref));
				memset(dst, 0xee, sizeof(dst));
				for (uint32_t py = 0; py < h; py++)
					for (uint32_t px = 0; px < w; px++)
						for (uint32_t k = 0; k < l; k++)
							ref[(py * w + px) * l + k] =
								src[ref_src_index(ops[o], order, w, h, l, px, py, k)];
				ASSERT_EQ(0, sdk__expand_bcast(ops[o], dst, src,
							       w, h, l, order));
				EXPECT_EQ(0, memcmp(ref, dst, sizeof(dst)))
					TH_LOG("shape %zu op %u order %d", s,
					       ops[o], order);
				for (uint32_t i = 0; i < n; i++)
					ASSERT_NE(0xeeeeeeeeu, dst[i]);
				ASSERT_EQ(0xeeeeeeeeu, dst[n]);
			}
	/*
	 * The row-col-broadcast case: a 3 x 2 rowbcast source given
	 * transposed with COL_MAJOR: PE row 2 gets {src[2], src[5]}.
	 */
	sdk__expand_bcast(SDK_OP_H2D_ROWBCAST, dst, src, 1, 3, 2, COL_MAJOR);
	EXPECT_EQ(src[2], dst[4]);
	EXPECT_EQ(src[5], dst[5]);
	EXPECT_EQ(-EINVAL, sdk__expand_bcast(SDK_OP_H2D_ROWBCAST, dst, src, 1,
					     1, 1, 2));
	EXPECT_EQ(-EINVAL, sdk__expand_bcast(SDK_OP_H2D_STRIDE, dst, src, 1, 1,
					     1, ROW_MAJOR));
}

/* 48-bit timestamps, three 16-bit words low first, into cycle counts. */
TEST(calculate_cycles_known_buffer)
{
	static const uint16_t ts[6] = {
		0x5678, 0x1234, 0x00ab,		/* 0x00ab12345678 */
		0xffff, 0xffff, 0xffff,		/* 2^48 - 1 */
	};
	uint64_t c[2] = { 0, 0 };

	ASSERT_EQ(0, sdk_calculate_cycles(ts, 2, c));
	EXPECT_EQ(0x00ab12345678ull, c[0]);
	EXPECT_EQ((1ull << 48) - 1, c[1]);
	EXPECT_EQ(-EINVAL, sdk_calculate_cycles(NULL, 1, c));
	EXPECT_STREQ("sdk_calculate_cycles: ts is NULL", sdk_errmsg(NULL));
}

/* memcpy_view: the low 1, 2 or 4 bytes of each word, packed, in place. */
TEST(memcpy_view_widths)
{
	uint32_t w[3] = { 0x11223344, 0xaabbccdd, 0x01020304 };
	uint8_t b[3];
	uint16_t h[3];

	ASSERT_EQ(0, sdk_memcpy_view(b, w, 3, 1));
	EXPECT_EQ(0x44, b[0]);
	EXPECT_EQ(0xdd, b[1]);
	EXPECT_EQ(0x04, b[2]);
	ASSERT_EQ(0, sdk_memcpy_view(h, w, 3, 2));
	EXPECT_EQ(0xccdd, h[1]);
	ASSERT_EQ(0, sdk_memcpy_view(w, w, 3, 2));	/* in place */
	memcpy(h, w, sizeof(h));
	EXPECT_EQ(0x3344, h[0]);
	EXPECT_EQ(0xccdd, h[1]);
	EXPECT_EQ(0x0304, h[2]);
	EXPECT_EQ(-EINVAL, sdk_memcpy_view(b, w, 3, 3));
}

/* ---- h2d variants and read_symbol: argument checks ------------------------------ */

TEST_F(rt, h2d_variants_are_checked)
{
	struct sdk_runtime *rt = self->rt;
	uint32_t *src = (uint32_t *)self->host;
	sdk_symbol_t A, h, f;
	sdk_task_t t = { 99 };

	fake_load(rt);
	rt->state = SDK_RUNNING;
	ASSERT_EQ(0, sdk_get_id(rt, "A", &A));
	ASSERT_EQ(0, sdk_get_id(rt, "h", &h));
	ASSERT_EQ(0, sdk_get_id(rt, "f", &f));

	/* the sdk_memcpy_h2d checks, under the variant's name */
	EXPECT_EQ(-EINVAL, sdk_memcpy_h2d_rowbcast(rt, A, src, 0, 0, 1, 1,
						   1, true, MEMCPY_32BIT,
						   ROW_MAJOR, false, NULL));
	EXPECT_STREQ("sdk_memcpy_h2d_rowbcast: dest 'A' is a data symbol; "
		     "streaming=true needs a color (sdk_color() or "
		     "sdk_get_color())", sdk_errmsg(rt));
	EXPECT_EQ(-EINVAL, sdk_memcpy_h2d_colbcast(rt, A, src, 0, 0, 1, 1, 1,
						   false, MEMCPY_32BIT,
						   ROW_MAJOR, true, NULL));
	EXPECT_STREQ("sdk_memcpy_h2d_colbcast: task is NULL for a nonblocking "
		     "call", sdk_errmsg(rt));
	EXPECT_EQ(-EINVAL, sdk_memcpy_h2d_stride(rt, A, src, 0, 0, 1, 1, 1,
						 0, 1, false, MEMCPY_16BIT,
						 ROW_MAJOR, false, &t));
	EXPECT_STREQ("sdk_memcpy_h2d_stride: row_stride is 0: a stride "
		     "selects every n-th PE of the ROI, n >= 1",
		     sdk_errmsg(rt));
	EXPECT_EQ(0, t.id);
	EXPECT_EQ(-EINVAL, sdk_memcpy_h2d_rowbcast(rt, f, src, 0, 0, 1, 1, 1,
						   false, MEMCPY_32BIT,
						   ROW_MAJOR, false, NULL));
	EXPECT_NE(NULL, strstr(sdk_errmsg(rt), "sdk_memcpy_h2d_rowbcast: 'f' "
			       "is not a data symbol"));
	EXPECT_EQ(-EINVAL, sdk_memcpy_h2d_rowbcast(rt, A, src, 1, 0, 2, 1, 1,
						   false, MEMCPY_32BIT,
						   ROW_MAJOR, false, NULL));
	EXPECT_STREQ("sdk_memcpy_h2d_rowbcast: wse_h2d: ROI (1,0,2,1) is "
		     "outside the 2x1 rectangle", sdk_errmsg(rt));
	EXPECT_EQ(-EINVAL, sdk_memcpy_h2d_colbcast(rt, A, src, 0, 0, 0, 1, 1,
						   false, MEMCPY_32BIT,
						   ROW_MAJOR, false, NULL));
	EXPECT_NE(NULL, strstr(sdk_errmsg(rt), "sdk_memcpy_h2d_colbcast: "
			       "wse_h2d: w ")) TH_LOG("%s", sdk_errmsg(rt));
	EXPECT_EQ(-ENOSPC, sdk_memcpy_h2d_colbcast(rt, A, src, 0, 0, 2, 1, 9,
						   false, MEMCPY_32BIT,
						   COL_MAJOR, false, NULL));
	EXPECT_STREQ("sdk_memcpy_h2d_colbcast: l 9 * 4 bytes = 36 > the 32 "
		     "bytes of symbol 'A' on image pe_1.elf", sdk_errmsg(rt));
	EXPECT_EQ(-EINVAL, sdk_memcpy_h2d_stride(rt, A, src, 0, 0, 1, 1, 1,
						 1, 1, false, MEMCPY_32BIT, 5,
						 false, NULL));
	EXPECT_NE(NULL, strstr(sdk_errmsg(rt), "sdk_memcpy_h2d_stride: "
			       "wse_h2d: order 5")) TH_LOG("%s", sdk_errmsg(rt));
	EXPECT_EQ(-EINVAL, sdk_memcpy_h2d_rowbcast(rt, A, src, 0, 0, 1, 1, 1,
						   false, 7, ROW_MAJOR, false,
						   NULL));
	EXPECT_NE(NULL, strstr(sdk_errmsg(rt), "sdk_memcpy_h2d_rowbcast: "
			       "wse_h2d: data_type 7"))
		TH_LOG("%s", sdk_errmsg(rt));
	EXPECT_EQ(-EFAULT, sdk_memcpy_h2d_rowbcast(rt, A, NULL, 0, 0, 1, 1, 1,
						   false, MEMCPY_32BIT,
						   ROW_MAJOR, false, NULL));
	EXPECT_STREQ("sdk_memcpy_h2d_rowbcast: wse_h2d: host_ptr is NULL",
		     sdk_errmsg(rt));
	EXPECT_EQ(-EINVAL, sdk_memcpy_h2d_colbcast(rt, A, (char *)src + 2, 0, 0,
						   1, 1, 1, false, MEMCPY_32BIT,
						   ROW_MAJOR, false, NULL));
	EXPECT_NE(NULL, strstr(sdk_errmsg(rt), "sdk_memcpy_h2d_colbcast: "
			       "wse_h2d: host_ptr 0x"));
	EXPECT_NE(NULL, strstr(sdk_errmsg(rt), "is not 4-byte aligned"));

	EXPECT_EQ(-EINVAL, sdk_memcpy_h2d_stride(rt, A, src, 0, 0, 2, 1, 4,
						 1, 0, false, MEMCPY_32BIT,
						 ROW_MAJOR, false, NULL));
	EXPECT_NE(NULL, strstr(sdk_errmsg(rt), "col_stride is 0"));

	/* everything right: the expanded array reaches the ioctl (and is
	 * freed: ASan checks leaks), blocking and not */
	EXPECT_EQ(-ENOTTY, sdk_memcpy_h2d_stride(rt, A, src, 0, 0, 2, 1, 8,
						 1, 1, false, MEMCPY_32BIT,
						 COL_MAJOR, false, NULL));
	EXPECT_NE(NULL, strstr(sdk_errmsg(rt), "sdk_memcpy_h2d_stride: "
			       "wse_h2d: ENOTTY"));
	EXPECT_EQ(-ENOTTY, sdk_memcpy_h2d_rowbcast(rt, h, src, 0, 0, 1, 1, 4,
						   false, MEMCPY_16BIT,
						   ROW_MAJOR, true, &t));
	EXPECT_EQ(0, t.id);
	EXPECT_EQ(-ENOTTY, sdk_memcpy_h2d_colbcast(rt, A, src, 0, 0, 2, 1, 8,
						   false, MEMCPY_32BIT,
						   ROW_MAJOR, false, NULL));
	EXPECT_NE(NULL, strstr(sdk_errmsg(rt), "sdk_memcpy_h2d_colbcast: "
			       "wse_h2d: ENOTTY"));
	EXPECT_EQ(0, rt->nr_tasks);
}

TEST_F(rt, read_symbol_is_checked)
{
	struct sdk_runtime *rt = self->rt;
	uint32_t *dst = (uint32_t *)self->host;

	fake_load(rt);
	rt->state = SDK_RUNNING;
	/* the 2x1 rectangle is at (4,1): PEs (4,1) and (5,1) */
	EXPECT_EQ(-EINVAL, sdk_read_symbol(rt, 3, 1, "A", dst, 1,
					   MEMCPY_32BIT));
	EXPECT_STREQ("sdk_read_symbol: PE (3,1) is outside the program "
		     "rectangle: 2x1 at (4,1) in fabric coordinates",
		     sdk_errmsg(rt));
	EXPECT_EQ(-EINVAL, sdk_read_symbol(rt, 6, 1, "A", dst, 1,
					   MEMCPY_32BIT));
	EXPECT_NE(NULL, strstr(sdk_errmsg(rt), "PE (6,1) is outside"));
	EXPECT_EQ(-EINVAL, sdk_read_symbol(rt, 4, 0, "A", dst, 1,
					   MEMCPY_32BIT));
	EXPECT_NE(NULL, strstr(sdk_errmsg(rt), "PE (4,0) is outside"));
	EXPECT_EQ(-EINVAL, sdk_read_symbol(rt, 4, 2, "A", dst, 1,
					   MEMCPY_32BIT));
	EXPECT_NE(NULL, strstr(sdk_errmsg(rt), "PE (4,2) is outside"));
	EXPECT_EQ(-EINVAL, sdk_read_symbol(rt, 0, 0, NULL, dst, 1,
					   MEMCPY_32BIT));
	EXPECT_STREQ("sdk_read_symbol: name is NULL", sdk_errmsg(rt));
	EXPECT_EQ(-ENOENT, sdk_read_symbol(rt, 4, 1, "zz", dst, 1,
					   MEMCPY_32BIT));
	EXPECT_STREQ("sdk_read_symbol: no data symbol named 'zz' on PE (4,1) "
		     "(image pe_0.elf: neither exported nor in its ELF symbol "
		     "table)", sdk_errmsg(rt));
	EXPECT_EQ(-EINVAL, sdk_read_symbol(rt, 4, 1, "f", dst, 1,
					   MEMCPY_32BIT));
	EXPECT_STREQ("sdk_read_symbol: 'f' is a function, not a data symbol",
		     sdk_errmsg(rt));
	/* (5,1) is rectangle PE (1,0): image pe_1, no 'h', 'A' of 8 words */
	EXPECT_EQ(-ENOENT, sdk_read_symbol(rt, 5, 1, "h", dst, 1,
					   MEMCPY_16BIT));
	EXPECT_STREQ("sdk_read_symbol: no data symbol named 'h' on PE (5,1) "
		     "(image pe_1.elf: neither exported nor in its ELF symbol "
		     "table)", sdk_errmsg(rt));
	EXPECT_EQ(-ENOSPC, sdk_read_symbol(rt, 5, 1, "A", dst, 9,
					   MEMCPY_32BIT));
	EXPECT_STREQ("sdk_read_symbol: l 9 * 4 bytes = 36 > the 32 bytes of "
		     "symbol 'A'", sdk_errmsg(rt));
	EXPECT_EQ(-EINVAL, sdk_read_symbol(rt, 5, 1, "A", NULL, 8,
					   MEMCPY_32BIT));
	EXPECT_STREQ("sdk_read_symbol: dst is NULL", sdk_errmsg(rt));
	EXPECT_EQ(-ENOTTY, sdk_read_symbol(rt, 5, 1, "A", dst, 8,
					   MEMCPY_32BIT));
	EXPECT_NE(NULL, strstr(sdk_errmsg(rt), "sdk_read_symbol: wse_d2h: "
			       "ENOTTY"));
	EXPECT_EQ(-ENOTTY, sdk_read_symbol(rt, 4, 1, "h", dst, 4,
					   MEMCPY_16BIT));
	EXPECT_EQ(-EINVAL, sdk_read_symbol(NULL, 4, 1, "A", dst, 1,
					   MEMCPY_32BIT));
	rt->state = SDK_STOPPED;
	EXPECT_EQ(-EBADFD, sdk_read_symbol(rt, 4, 1, "A", dst, 1,
					   MEMCPY_32BIT));
	EXPECT_STREQ("sdk_read_symbol: called after stop(), and stop() kept no "
		     "copy of PE memory: the program was not run",
		     sdk_errmsg(rt));
}

/* sdk_launch's argc is a compile-time constant. */
TEST(launch_argc_is_a_constant)
{
	enum { ARGC = sizeof((struct sdk_arg[]){ SDK_F32(1), SDK_I32(2),
						 __SDK_END }) /
		      sizeof(struct sdk_arg) - 1 };
	_Static_assert(ARGC == 2, "argc of two arguments");
	EXPECT_EQ(2, ARGC);
}

/* ---- streaming ------------------------------------------------------------------ */

TEST_F(bundle, colors_and_routes_are_read)
{
	char p[128];
	struct wse_route r;

	write_good(self->dir);
	ASSERT_EQ(0, sdk__bundle_load(self->dir, &self->b, self->msg,
				      sizeof(self->msg))) TH_LOG("%s", self->msg);
	EXPECT_EQ(1, self->b->h2d_color[1]);
	EXPECT_EQ(3, self->b->h2d_color[2]);
	EXPECT_EQ(-1, self->b->h2d_color[3]);
	EXPECT_EQ(-1, self->b->h2d_color[4]);
	EXPECT_EQ(2, self->b->d2h_color[1]);
	EXPECT_EQ(-1, self->b->d2h_color[2]);
	ASSERT_NE(NULL, self->b->routes);
	r = sdk__route(self->b, 1, 0, 1);
	EXPECT_EQ(WSE_PORT_MEMCPY, r.rx);
	EXPECT_EQ(WSE_PORT_RAMP, r.tx);
	r = sdk__route(self->b, 0, 0, 2);
	EXPECT_EQ(WSE_PORT_RAMP, r.rx);
	EXPECT_EQ(WSE_PORT_MEMCPY, r.tx);
	r = sdk__route(self->b, 0, 0, 5);
	EXPECT_EQ(WSE_PORT_RAMP, r.rx);
	EXPECT_EQ(WSE_PORT_EAST, r.tx);
	r = sdk__route(self->b, 1, 0, 5);
	EXPECT_EQ(WSE_PORT_WEST, r.rx);
	EXPECT_EQ(WSE_PORT_RAMP, r.tx);
	r = sdk__route(self->b, 1, 0, 3);
	EXPECT_EQ(0, r.rx | r.tx);
	sdk__bundle_free(self->b);
	self->b = NULL;

	/* neither "colors" nor "routes": nothing routed (routes = 0) */
	{
		char text[2048];
		const char *at = strstr(good_json, "],  \"colors\"");

		ASSERT_NE(NULL, at);
		snprintf(text, sizeof(text), "%.*s] }", (int)(at - good_json),
			 good_json);
		write_text(file_in(self->dir, p, "out.json"), text);
		ASSERT_EQ(0, sdk__bundle_load(self->dir, &self->b, self->msg,
					      sizeof(self->msg)))
			TH_LOG("%s", self->msg);
		EXPECT_EQ(NULL, self->b->routes);
		EXPECT_EQ(-1, self->b->h2d_color[1]);
		EXPECT_EQ(-1, self->b->d2h_color[1]);
	}
}

/* Route expansion: ranges with steps, later entries replace earlier ones. */
TEST(routes_expand_in_order)
{
	static const char json[] =
		"{ \"format\": 1, \"arch\": \"wse3\", \"fabric_dims\": [13, 5],"
		"  \"fabric_offsets\": [4, 1], \"rectangle\": [6, 3], \"memcpy\": true,"
		"  \"channels\": 1, \"width_west_buf\": 0, \"width_east_buf\": 0,"
		"  \"images\": [\"pe_0.elf\"],"
		"  \"pe_map\": [[0,0,0,0,0,0],[0,0,0,0,0,0],[0,0,0,0,0,0]],"
		"  \"symbols\": [], \"functions\": [],"
		"  \"routes\": ["
		/* every other column of rows 0 and 2 sends color 4 to itself */
		"    {\"x\": [0, 5, 2], \"y\": [0, 2, 2], \"color\": 4, \"rx\": 1, \"tx\": 32},"
		"    {\"x\": [0, 5, 1], \"y\": [0, 2, 1], \"color\": 6, \"rx\": 32, \"tx\": 1},"
		/* then (2,2) replaced; step larger than the range */
		"    {\"x\": [2, 2, 1], \"y\": [2, 2, 7], \"color\": 4, \"rx\": 0, \"tx\": 0},"
		/* a chain 0 -> 1 -> 2 east on row 1, multicast to RAMP */
		"    {\"x\": [0, 0, 1], \"y\": [1, 1, 1], \"color\": 9, \"rx\": 1, \"tx\": 4},"
		"    {\"x\": [1, 1, 1], \"y\": [1, 1, 1], \"color\": 9, \"rx\": 16, \"tx\": 5},"
		"    {\"x\": [2, 2, 1], \"y\": [1, 1, 1], \"color\": 9, \"rx\": 16, \"tx\": 1}] }";
	struct sdk_bundle *b = calloc(1, sizeof(*b));
	char msg[512];

	ASSERT_NE(NULL, b);
	ASSERT_EQ(0, sdk__bundle_parse_json(json, "out.json", b, msg,
					    sizeof(msg))) TH_LOG("%s", msg);
	ASSERT_NE(NULL, b->routes);
	for (uint32_t y = 0; y < 3; y++)
		for (uint32_t x = 0; x < 6; x++) {
			struct wse_route r4 = sdk__route(b, x, y, 4);
			struct wse_route r6 = sdk__route(b, x, y, 6);
			bool on = !(x % 2) && !(y % 2) && !(x == 2 && y == 2);

			EXPECT_EQ(on ? 1 : 0, r4.rx) TH_LOG("(%u,%u)", x, y);
			EXPECT_EQ(on ? WSE_PORT_MEMCPY : 0, r4.tx) TH_LOG("(%u,%u)", x, y);
			EXPECT_EQ(WSE_PORT_MEMCPY, r6.rx);
			EXPECT_EQ(WSE_PORT_RAMP, r6.tx);
			EXPECT_EQ(0, sdk__route(b, x, y, 0).rx);
		}
	EXPECT_EQ(WSE_PORT_EAST, sdk__route(b, 0, 1, 9).tx);
	EXPECT_EQ(WSE_PORT_EAST | WSE_PORT_RAMP, sdk__route(b, 1, 1, 9).tx);
	EXPECT_EQ(WSE_PORT_WEST, sdk__route(b, 2, 1, 9).rx);
	EXPECT_EQ(0, sdk__route(b, 3, 1, 9).rx);
	/* the table is what struct wse_load wants: [(y * w + x) * 24 + c] */
	EXPECT_EQ(WSE_PORT_WEST, b->routes[(1 * 6 + 2) * WSE_NR_COLORS + 9].rx);
	sdk__bundle_free(b);
}

TEST_F(bundle, broken_colors_and_routes)
{
	static const char base_routes[] =
		"\"routes\": [{\"x\": [0, 1, 1], \"y\": [0, 0, 1], \"color\": 1, \"rx\": 32, \"tx\": 1},";
	static const struct {
		const char *from, *to;	/* replace in good_json */
		const char *msg;
	} cases[] = {
		{ "\"MEMCPYH2D_DATA_2_ID\": 3", "\"MEMCPYH2D_DATA_2_ID\": 21", "\"colors\": MEMCPYH2D_DATA_2_ID = 21 is outside 0..20 (21..23 belong to the memcpy runtime)" },
		{ "\"MEMCPYH2D_DATA_2_ID\": 3", "\"MEMCPYH2D_DATA_2_ID\": -1", "MEMCPYH2D_DATA_2_ID = -1 is outside 0..20" },
		{ "\"MEMCPYH2D_DATA_2_ID\": 3", "\"MEMCPYH2D_DATA_2_ID\": \"3\"", "\"colors\": MEMCPYH2D_DATA_2_ID is not an integer" },
		{ "\"MEMCPYH2D_DATA_2_ID\": 3", "\"MEMCPYH2D_DATA_5_ID\": 3", "\"colors\": MEMCPYH2D_DATA_5_ID: the stream index must be 1..4" },
		{ "\"MEMCPYH2D_DATA_2_ID\": 3", "\"MEMCPYD2H_DATA_2_ID\": 1", "\"colors\": MEMCPYH2D_DATA_1_ID and MEMCPYD2H_DATA_2_ID are both color 1" },
		{ "\"colors\": {", "\"colors\": [", "not valid JSON" },
		{ "\"routes\": [", "\"routes\": {\"a\": 1}, \"x\": [", "\"routes\" is not an array" },
		{ "\"x\": [0, 1, 1], \"y\": [0, 0, 1], \"color\": 1", "\"x\": [0, 2, 1], \"y\": [0, 0, 1], \"color\": 1", "\"routes\"[0]: \"x\" [0, 2, 1] is not first <= last < 2 (the rectangle's width) with step >= 1" },
		{ "\"x\": [0, 1, 1], \"y\": [0, 0, 1], \"color\": 1", "\"x\": [1, 0, 1], \"y\": [0, 0, 1], \"color\": 1", "\"routes\"[0]: \"x\" [1, 0, 1] is not first <= last" },
		{ "\"x\": [0, 1, 1], \"y\": [0, 0, 1], \"color\": 1", "\"x\": [0, 1, 0], \"y\": [0, 0, 1], \"color\": 1", "\"x\" [0, 1, 0] is not first <= last < 2" },
		{ "\"x\": [0, 1, 1], \"y\": [0, 0, 1], \"color\": 1", "\"x\": [0, 1, 1], \"y\": [0, 1, 1], \"color\": 1", "\"routes\"[0]: \"y\" [0, 1, 1] is not first <= last < 1 (the rectangle's height)" },
		{ "\"x\": [0, 1, 1], \"y\": [0, 0, 1], \"color\": 1", "\"x\": [0, 1], \"y\": [0, 0, 1], \"color\": 1", "\"routes\"[0]: \"x\" is not an array [first, last, step]" },
		{ "\"x\": [0, 1, 1], \"y\": [0, 0, 1], \"color\": 1", "\"x\": [0, 1, -1], \"y\": [0, 0, 1], \"color\": 1", "\"routes\"[0]: \"x\"[2] -1 is negative or too large" },
		{ "\"y\": [0, 0, 1], \"color\": 1", "\"y\": [0, 0, 1], \"color\": 24", "\"routes\"[0]: \"color\" 24 is outside 0..23" },
		{ "\"color\": 1, \"rx\": 32", "\"color\": 1, \"rx\": 64", "\"routes\"[0]: \"rx\" 64 is outside 0..63 (a WSE_PORT_* mask)" },
		{ "\"color\": 1, \"rx\": 32, \"tx\": 1}", "\"color\": 1, \"rx\": 32}", "\"routes\"[0]: missing integer \"tx\"" },
		{ "\"color\": 5, \"rx\": 16, \"tx\": 1}", "\"color\": 5, \"rx\": 8, \"tx\": 1}", "\"routes\": route of color 5 at PE (0,0): tx EAST, but PE (1,0) does not accept color 5 from WEST (its rx=SOUTH)" },
		{ "\"color\": 5, \"rx\": 16, \"tx\": 1}", "\"color\": 5, \"rx\": 16, \"tx\": 3}", "\"routes\": route of color 5 at PE (1,0): tx NORTH leaves the 2x1 rectangle" },
		{ "\"color\": 2, \"rx\": 1, \"tx\": 32}", "\"color\": 2, \"rx\": 4, \"tx\": 32}", "rx=EAST tx=MEMCPY: MEMCPY only as" },
		{ base_routes, "\"routes\": [7,", "\"routes\"[0] is not an object" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[4096], p[128];
		const char *at = strstr(good_json, cases[i].from);
		int err;

		ASSERT_NE(NULL, at) TH_LOG("case %zu", i);
		snprintf(text, sizeof(text), "%.*s%s%s",
			 (int)(at - good_json), good_json, cases[i].to,
			 at + strlen(cases[i].from));
		write_good(self->dir);
		write_text(file_in(self->dir, p, "out.json"), text);
		err = sdk__bundle_load(self->dir, &self->b, self->msg,
				       sizeof(self->msg));
		EXPECT_EQ(-EINVAL, err) TH_LOG("case %zu: %s", i, self->msg);
		EXPECT_EQ(NULL, self->b);
		EXPECT_NE(NULL, strstr(self->msg, cases[i].msg))
			TH_LOG("case %zu: got \"%s\"", i, self->msg);
	}
}

TEST_F(rt, streaming_copies_are_checked)
{
	struct sdk_runtime *rt = self->rt;
	sdk_symbol_t c;
	sdk_task_t t = { 99 };
	static uint32_t big[2 * 20000];

	fake_load(rt);
	EXPECT_EQ(-EBADFD, sdk_memcpy_h2d(rt, sdk_color(1), self->host, 0, 0, 1,
					  1, 1, true, MEMCPY_32BIT, ROW_MAJOR,
					  false, NULL));
	EXPECT_STREQ("sdk_memcpy_h2d: called before run()", sdk_errmsg(rt));
	rt->state = SDK_RUNNING;

	/* sdk_get_color */
	ASSERT_EQ(0, sdk_get_color(rt, "MEMCPYD2H_DATA_1_ID", &c));
	EXPECT_EQ(2u, c.id);
	EXPECT_EQ((uint32_t)SDK_KIND_COLOR, c.kind);
	EXPECT_STREQ("MEMCPYD2H_DATA_1_ID", c.name);
	EXPECT_EQ(-ENOENT, sdk_get_color(rt, "MEMCPYD2H_DATA_2_ID", &c));
	EXPECT_STREQ("sdk_get_color: no stream color named 'MEMCPYD2H_DATA_2_ID' "
		     "(the bundle has MEMCPYH2D_DATA_1_ID, MEMCPYH2D_DATA_2_ID, "
		     "MEMCPYD2H_DATA_1_ID)", sdk_errmsg(rt));
	EXPECT_EQ(-EINVAL, sdk_get_color(rt, NULL, &c));
	ASSERT_EQ(0, sdk_get_color(rt, "MEMCPYD2H_DATA_1_ID", &c));

	/* the wrong colors, named with the allowed set */
	EXPECT_EQ(-EINVAL, sdk_memcpy_h2d(rt, sdk_color(7), self->host, 0, 0, 1,
					  1, 1, true, MEMCPY_32BIT, ROW_MAJOR,
					  false, NULL));
	EXPECT_STREQ("sdk_memcpy_h2d: dest color 7 is not one of the program's "
		     "H2D stream colors (MEMCPYH2D_DATA_1_ID = 1, "
		     "MEMCPYH2D_DATA_2_ID = 3)", sdk_errmsg(rt));
	EXPECT_EQ(-EINVAL, sdk_memcpy_h2d(rt, c, self->host, 0, 0, 1, 1, 1,
					  true, MEMCPY_32BIT, ROW_MAJOR,
					  true, &t));
	EXPECT_STREQ("sdk_memcpy_h2d: dest color 2 is MEMCPYD2H_DATA_1_ID, a D2H "
		     "stream color; the program's H2D stream colors: "
		     "MEMCPYH2D_DATA_1_ID = 1, MEMCPYH2D_DATA_2_ID = 3",
		     sdk_errmsg(rt));
	EXPECT_EQ(0u, t.id);
	EXPECT_EQ(-EINVAL, sdk_memcpy_d2h(rt, self->host, sdk_color(1), 0, 0, 1,
					  1, 1, true, MEMCPY_32BIT, ROW_MAJOR,
					  false, NULL));
	EXPECT_STREQ("sdk_memcpy_d2h: src color 1 is MEMCPYH2D_DATA_1_ID, an H2D "
		     "stream color; the program's D2H stream colors: "
		     "MEMCPYD2H_DATA_1_ID = 2", sdk_errmsg(rt));
	/* declared but not routed */
	EXPECT_EQ(-EINVAL, sdk_memcpy_h2d(rt, sdk_color(3), self->host, 0, 0, 1,
					  1, 1, true, MEMCPY_32BIT, ROW_MAJOR,
					  false, NULL));
	EXPECT_STREQ("sdk_memcpy_h2d: dest color 3 (MEMCPYH2D_DATA_2_ID) is not "
		     "routed as a stream (rx=MEMCPY tx=RAMP) by out.json's "
		     "\"routes\": PE (0,0) has rx=none tx=none", sdk_errmsg(rt));
	/* the low-level checks, as for copies */
	EXPECT_EQ(-EINVAL, sdk_memcpy_h2d(rt, sdk_color(1), self->host, 1, 0, 2,
					  1, 1, true, MEMCPY_32BIT, ROW_MAJOR,
					  false, NULL));
	EXPECT_STREQ("sdk_memcpy_h2d: wse_h2d: ROI (1,0,2,1) is outside the 2x1 rectangle",
		     sdk_errmsg(rt));
	EXPECT_EQ(-EINVAL, sdk_memcpy_d2h(rt, self->host, sdk_color(2), 0, 0, 1,
					  1, 0, true, MEMCPY_16BIT, ROW_MAJOR,
					  false, NULL));
	EXPECT_STREQ("sdk_memcpy_d2h: wse_d2h: l 0 < 1", sdk_errmsg(rt));
	EXPECT_EQ(-EINVAL, sdk_memcpy_d2h(rt, self->host, sdk_color(2), 0, 0, 1,
					  1, 1, true, 2, ROW_MAJOR, false,
					  NULL));
	EXPECT_NE(NULL, strstr(sdk_errmsg(rt), "sdk_memcpy_d2h: wse_d2h: data_type 2"));
	EXPECT_EQ(-EINVAL, sdk_memcpy_d2h(rt, self->host, sdk_color(2), 0, 0, 1,
					  1, 1, true, MEMCPY_32BIT, 3, false,
					  NULL));
	EXPECT_NE(NULL, strstr(sdk_errmsg(rt), "sdk_memcpy_d2h: wse_d2h: order 3"));
	EXPECT_EQ(-EINVAL, sdk_memcpy_d2h(rt, self->host, sdk_color(2), 0, 0, 1,
					  1, 1, true, MEMCPY_32BIT, ROW_MAJOR,
					  true, NULL));
	EXPECT_STREQ("sdk_memcpy_d2h: task is NULL for a nonblocking call",
		     sdk_errmsg(rt));
	/* right: reaches the ioctl; l is not bounded by PE memory */
	EXPECT_EQ(-ENOTTY, sdk_memcpy_h2d(rt, sdk_color(1), big, 0, 0, 2, 1,
					  20000, true, MEMCPY_32BIT, COL_MAJOR,
					  false, NULL));
	EXPECT_NE(NULL, strstr(sdk_errmsg(rt), "sdk_memcpy_h2d: wse_h2d: ENOTTY"));
	EXPECT_EQ(-ENOTTY, sdk_memcpy_d2h(rt, self->host, c, 0, 0, 2, 1, 8,
					  true, MEMCPY_16BIT, ROW_MAJOR, true,
					  &t));
	EXPECT_NE(NULL, strstr(sdk_errmsg(rt), "sdk_memcpy_d2h: wse_d2h: ENOTTY"));
	EXPECT_EQ(0u, t.id);
	/* a symbol of kind 0 holding the color works as a color */
	EXPECT_EQ(-ENOTTY, sdk_memcpy_h2d(rt, (sdk_symbol_t){ .id = 1 },
					  self->host, 0, 0, 1, 1, 1, true,
					  MEMCPY_32BIT, ROW_MAJOR, false,
					  NULL));

	/* the variants stream their expanded array */
	EXPECT_EQ(-EINVAL, sdk_memcpy_h2d_rowbcast(rt, sdk_color(2), self->host,
						   0, 0, 2, 1, 4, true,
						   MEMCPY_32BIT, ROW_MAJOR,
						   false, NULL));
	EXPECT_NE(NULL, strstr(sdk_errmsg(rt), "sdk_memcpy_h2d_rowbcast: dest color 2 is MEMCPYD2H_DATA_1_ID"));
	EXPECT_EQ(-ENOTTY, sdk_memcpy_h2d_rowbcast(rt, sdk_color(1), self->host,
						   0, 0, 2, 1, 4, true,
						   MEMCPY_32BIT, ROW_MAJOR,
						   false, NULL));
	EXPECT_NE(NULL, strstr(sdk_errmsg(rt), "sdk_memcpy_h2d_rowbcast: wse_h2d: ENOTTY"));
	EXPECT_EQ(-ENOTTY, sdk_memcpy_h2d_colbcast(rt, sdk_color(1), big, 0, 0,
						   2, 1, 15000, true,
						   MEMCPY_32BIT, COL_MAJOR,
						   false, NULL));
	EXPECT_EQ(-ENOTTY, sdk_memcpy_h2d_stride(rt, sdk_color(1), self->host,
						 0, 0, 2, 1, 4, 1, 2, true,
						 MEMCPY_32BIT, ROW_MAJOR, true,
						 &t));
	EXPECT_EQ(0u, t.id);
}

TEST_F(rt, after_a_stall_only_stop)
{
	struct sdk_runtime *rt = self->rt;
	sdk_symbol_t A;

	fake_load(rt);
	rt->state = SDK_RUNNING;
	rt->stalled = true;
	ASSERT_EQ(0, sdk_get_id(rt, "A", &A));
	EXPECT_EQ(-EBADFD, sdk_memcpy_h2d(rt, A, self->host, 0, 0, 1, 1, 1,
					  false, MEMCPY_32BIT, ROW_MAJOR,
					  false, NULL));
	EXPECT_STREQ("sdk_memcpy_h2d: the fabric stalled (a task ended with "
		     "EDEADLK); stop() the runtime and load the program again",
		     sdk_errmsg(rt));
	EXPECT_EQ(-EBADFD, sdk_launch(rt, "g", false, NULL));
	EXPECT_NE(NULL, strstr(sdk_errmsg(rt), "sdk_launch: the fabric stalled"));
	EXPECT_EQ(-EBADFD, sdk_memcpy_d2h(rt, self->host, sdk_color(2), 0, 0, 1,
					  1, 1, true, MEMCPY_32BIT, ROW_MAJOR,
					  false, NULL));
}

TEST(input_array_to_u32_and_view)
{
	uint16_t in[10] = { 0, 1, 0x7fff, 0x8000, 0xffff, 5, 6, 7, 8, 9 };
	uint32_t out[10], words[10];
	uint16_t back[10];
	union { uint32_t w[10]; uint16_t h[20]; } u;

	memset(out, 0xaa, sizeof(out));
	ASSERT_EQ(0, sdk_input_array_to_u32(out, in, 10, false, 0));
	for (int i = 0; i < 10; i++)
		EXPECT_EQ((uint32_t)in[i], out[i]);
	/* index mode: i % fast_dim in the upper half */
	ASSERT_EQ(0, sdk_input_array_to_u32(out, in, 10, true, 4));
	for (int i = 0; i < 10; i++)
		EXPECT_EQ((uint32_t)in[i] | (uint32_t)(i % 4) << 16, out[i]);
	ASSERT_EQ(0, sdk_input_array_to_u32(out, in, 10, true, 65536));
	EXPECT_EQ(0x0009ffffu & (9u << 16 | 9), out[9]);
	EXPECT_EQ(0x0004ffffu, out[4]);
	/* in place: the 16-bit values at the start of the 32-bit array */
	memset(&u, 0, sizeof(u));
	memcpy(u.h, in, sizeof(in));
	ASSERT_EQ(0, sdk_input_array_to_u32(u.w, u.h, 10, true, 3));
	for (int i = 0; i < 10; i++)
		EXPECT_EQ((uint32_t)in[i] | (uint32_t)(i % 3) << 16, u.w[i]);
	/* and back: the low halves */
	for (int i = 0; i < 10; i++)
		words[i] = 0xabcd0000u | in[i];
	ASSERT_EQ(0, sdk_memcpy_view_u16(back, words, 10));
	EXPECT_EQ(0, memcmp(back, in, sizeof(in)));
	ASSERT_EQ(0, sdk_memcpy_view_u16(u.h, u.w, 10));
	EXPECT_EQ(0, memcmp(u.h, in, sizeof(in)));
	/* errors, in sdk_errmsg(NULL) */
	EXPECT_EQ(-EINVAL, sdk_input_array_to_u32(out, in, 10, true, 0));
	EXPECT_STREQ("sdk_input_array_to_u32: fast_dim 0 is outside 1..65536 "
		     "(the index must fit in the upper 16 bits)", sdk_errmsg(NULL));
	EXPECT_EQ(-EINVAL, sdk_input_array_to_u32(out, in, 10, true, 65537));
	EXPECT_EQ(-EINVAL, sdk_input_array_to_u32(NULL, in, 1, false, 0));
	EXPECT_STREQ("sdk_input_array_to_u32: dst is NULL", sdk_errmsg(NULL));
	EXPECT_EQ(0, sdk_input_array_to_u32(NULL, NULL, 0, false, 0));
	EXPECT_STREQ("", sdk_errmsg(NULL));
	EXPECT_EQ(-EINVAL, sdk_memcpy_view_u16(back, NULL, 1));
	EXPECT_STREQ("sdk_memcpy_view_u16: src is NULL", sdk_errmsg(NULL));
}

TEST_HARNESS_MAIN
