// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sdk_core.c - the core file of sdk_dump_core() and its reader
 * (sdk_core_read_symbol(), Python's debug_util): the memory of every PE of
 * the program rectangle with the symbol table needed to find data in it,
 * so that nothing but the file is needed after the run.
 *
 * Layout (little endian; sdkruntime.h "Core files"):
 *   struct core_hdr
 *   u32 image_of_pe[width * height]		([y][x], rectangle coordinates)
 *   struct core_sym[nr_syms]
 *   u8  memory[width * height][mem_bytes]	([y][x])
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sdk_internal.h"

#define CORE_MAGIC "WSECORE1"
#define CORE_NAME_MAX 64

struct core_hdr {
	char magic[8];
	uint32_t offset_x, offset_y;
	uint32_t width, height;
	uint32_t mem_bytes;
	uint32_t nr_syms;
};

struct core_sym {
	uint32_t image;
	uint32_t addr;
	uint32_t bytes;
	char name[CORE_NAME_MAX];
};

static int put_sym(FILE *fp, uint32_t image, const char *name, uint32_t addr,
		   uint32_t bytes, uint32_t *n)
{
	struct core_sym cs;

	if (addr == WSE_NO_ADDR || strlen(name) >= CORE_NAME_MAX)
		return 0;	/* not on this image / name too long to keep */
	memset(&cs, 0, sizeof(cs));
	cs.image = image;
	cs.addr = addr;
	cs.bytes = bytes;
	strcpy(cs.name, name);
	(*n)++;
	return fwrite(&cs, sizeof(cs), 1, fp) == 1 ? 0 : -EIO;
}

/* One pass writes the records (@fp) or only counts them (@fp NULL). */
static int put_syms(FILE *fp, const struct sdk_bundle *b, uint32_t *n)
{
	struct core_sym cs;
	int err = 0;

	*n = 0;
	for (uint32_t i = 0; i < b->nr_images && !err; i++) {
		const struct sdk_image *im = &b->images[i];

		for (uint32_t k = 0; k < b->nr_symbols && !err; k++) {
			if (!fp) {
				*n += im->symbols[k].addr != WSE_NO_ADDR &&
				      strlen(b->symbols[k].name) <
				      sizeof(cs.name);
				continue;
			}
			err = put_sym(fp, i, b->symbols[k].name,
				      im->symbols[k].addr, im->symbols[k].bytes,
				      n);
		}
		for (uint32_t k = 0; k < im->nr_elfsyms && !err; k++) {
			if (!fp) {
				*n += strlen(im->elfsyms[k].name) <
				      sizeof(cs.name);
				continue;
			}
			err = put_sym(fp, i, im->elfsyms[k].name,
				      im->elfsyms[k].addr, im->elfsyms[k].bytes,
				      n);
		}
	}
	return err;
}

int sdk__core_write(struct sdk_runtime *rt, const char *path)
{
	const struct sdk_bundle *b = rt->b;
	size_t pes = (size_t)b->width * b->height;
	struct core_hdr hdr;
	uint32_t n;
	FILE *fp;
	int err = 0;

	memset(&hdr, 0, sizeof(hdr));
	memcpy(hdr.magic, CORE_MAGIC, sizeof(hdr.magic));
	hdr.offset_x = b->offset_x;
	hdr.offset_y = b->offset_y;
	hdr.width = b->width;
	hdr.height = b->height;
	hdr.mem_bytes = WSE_PE_MEMORY_BYTES;
	put_syms(NULL, b, &hdr.nr_syms);
	fp = fopen(path, "we");
	if (!fp) {
		err = -errno;
		snprintf(sdk__msg(rt), SDK_ERRMSG_MAX, "sdk_dump_core: %s: %s",
			 path, strerror(errno));
		return err;
	}
	if (fwrite(&hdr, sizeof(hdr), 1, fp) != 1)
		err = -EIO;
	for (size_t i = 0; i < pes && !err; i++) {
		uint32_t img = b->pe_map[i];

		if (fwrite(&img, sizeof(img), 1, fp) != 1)
			err = -EIO;
	}
	if (!err)
		err = put_syms(fp, b, &n);
	if (!err && fwrite(rt->core, WSE_PE_MEMORY_BYTES, pes, fp) != pes)
		err = -EIO;
	if (fclose(fp) && !err)
		err = -EIO;
	if (err)
		snprintf(sdk__msg(rt), SDK_ERRMSG_MAX, "sdk_dump_core: %s: "
			 "write error", path);
	return err;
}

static int core_fail(FILE *fp, int err, const char *fmt, const char *a,
		     const char *b)
{
	if (fp)
		fclose(fp);
	sdk__set_thread_msg(fmt, a, b);
	return err;
}

int sdk_core_read_symbol(const char *path, uint32_t x, uint32_t y,
			 const char *name, void *dst, uint32_t cap,
			 uint32_t *bytes)
{
	struct core_hdr hdr;
	struct core_sym cs;
	uint32_t img, px, py;
	FILE *fp = NULL;
	bool found = false;

	sdk__set_thread_msg("%s", "");
	if (bytes)
		*bytes = 0;
	if (!path || !name)
		return core_fail(NULL, -EINVAL, "sdk_core_read_symbol: %s is "
				 "NULL%s", path ? "name" : "path", "");
	fp = fopen(path, "re");
	if (!fp)
		return core_fail(NULL, -errno, "sdk_core_read_symbol: %s: %s",
				 path, strerror(errno));
	if (fread(&hdr, sizeof(hdr), 1, fp) != 1 ||
	    memcmp(hdr.magic, CORE_MAGIC, sizeof(hdr.magic)) ||
	    hdr.mem_bytes != WSE_PE_MEMORY_BYTES || !hdr.width ||
	    !hdr.height || hdr.width > 4096 || hdr.height > 4096)
		return core_fail(fp, -EINVAL, "sdk_core_read_symbol: %s: not a "
				 "wse core file (sdk_dump_core)%s", path, "");
	if (x < hdr.offset_x || x - hdr.offset_x >= hdr.width ||
	    y < hdr.offset_y || y - hdr.offset_y >= hdr.height) {
		fclose(fp);
		sdk__set_thread_msg("sdk_core_read_symbol: PE (%" PRIu32 ",%"
				    PRIu32 ") is outside the program rectangle:"
				    " %" PRIu32 "x%" PRIu32 " at (%" PRIu32 ",%"
				    PRIu32 ") in fabric coordinates", x, y,
				    hdr.width, hdr.height, hdr.offset_x,
				    hdr.offset_y);
		return -EINVAL;
	}
	px = x - hdr.offset_x;
	py = y - hdr.offset_y;
	if (fseek(fp, (long)(sizeof(hdr) + ((size_t)py * hdr.width + px) * 4),
		  SEEK_SET) || fread(&img, 4, 1, fp) != 1 ||
	    fseek(fp, (long)(sizeof(hdr) + (size_t)hdr.width * hdr.height * 4),
		  SEEK_SET))
		return core_fail(fp, -EINVAL, "sdk_core_read_symbol: %s: "
				 "truncated%s", path, "");
	for (uint32_t i = 0; i < hdr.nr_syms; i++) {
		if (fread(&cs, sizeof(cs), 1, fp) != 1)
			return core_fail(fp, -EINVAL, "sdk_core_read_symbol: "
					 "%s: truncated%s", path, "");
		cs.name[CORE_NAME_MAX - 1] = '\0';
		if (cs.image == img && !strcmp(cs.name, name) &&
		    cs.addr <= WSE_PE_MEMORY_BYTES &&
		    cs.bytes <= WSE_PE_MEMORY_BYTES - cs.addr) {
			found = true;
			break;
		}
	}
	if (!found)
		return core_fail(fp, -ENOENT, "sdk_core_read_symbol: %s: no "
				 "data symbol named '%s' on that PE", path,
				 name);
	if (bytes)
		*bytes = cs.bytes;
	if (cs.bytes > cap)
		return core_fail(fp, -ENOSPC, "sdk_core_read_symbol: symbol "
				 "'%s' is larger than the buffer%s", name, "");
	if (cs.bytes && !dst)
		return core_fail(fp, -EINVAL, "sdk_core_read_symbol: dst is "
				 "NULL%s%s", "", "");
	if (fseek(fp, (long)(sizeof(hdr) + (size_t)hdr.width * hdr.height * 4 +
			     (size_t)hdr.nr_syms * sizeof(cs) +
			     ((size_t)py * hdr.width + px) * hdr.mem_bytes +
			     cs.addr), SEEK_SET) ||
	    fread(dst, 1, cs.bytes, fp) != cs.bytes)
		return core_fail(fp, -EINVAL, "sdk_core_read_symbol: %s: "
				 "truncated%s", path, "");
	fclose(fp);
	return 0;
}
