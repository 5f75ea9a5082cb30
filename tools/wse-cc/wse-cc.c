// SPDX-License-Identifier: MIT
/*
 * wse-cc - the PE program compiler driver (doc/PE-ABI.md sections 6-9).
 *
 *   wse-cc --arch=wse3 --fabric-dims=8,3 --fabric-offsets=4,1 --memcpy \
 *          --channels=1 --params=M:4,N:6 -o out examples/gemv/layout.wse
 *
 * Takes cslc's flags and a layout file, compiles each distinct (source,
 * defines) tile once with clang for rv32imf, links it with the PE runtime
 * (pe/crt0.c) and pe/pe.ld using ld.lld, checks each image's export and
 * resource records against the layout and the reserved resources, checks
 * the layout's routes (sections 10-11) and adds the stream colors' routes,
 * and writes OUTDIR/pe_<n>.elf and OUTDIR/out.json.
 *
 * include/ and pe/ are found in the source tree two levels above the wse-cc
 * binary (tools/wse-cc/wse-cc), or under --sysroot=DIR.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <json-c/json.h>
#include <libelf.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/wse.h>
#include <wse/route_rules.h>

#include "layout.h"

#define MAX_ARGS	15
#define NAME_MAX_LEN	39
#define REC_SIZE	64
#define PE_MEM		0xC000u

/* ---- small utilities ---- */

static char *tmpdir;

static void cleanup(void)
{
	DIR *d;
	struct dirent *de;

	if (!tmpdir)
		return;
	d = opendir(tmpdir);
	if (d) {
		while ((de = readdir(d))) {
			char p[PATH_MAX];

			if (de->d_name[0] == '.')
				continue;
			snprintf(p, sizeof(p), "%s/%s", tmpdir, de->d_name);
			unlink(p);
		}
		closedir(d);
	}
	rmdir(tmpdir);
	tmpdir = NULL;
}

__attribute__((noreturn, format(printf, 1, 2)))
static void die(const char *fmt, ...)
{
	va_list ap;

	fputs("wse-cc: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	cleanup();
	exit(1);
}

static void *xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n ? n : 1, sz ? sz : 1);

	if (!p)
		die("out of memory");
	return p;
}

static void *xrealloc(void *p, size_t sz)
{
	p = realloc(p, sz ? sz : 1);
	if (!p)
		die("out of memory");
	return p;
}

static char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		die("out of memory");
	return p;
}

__attribute__((format(printf, 1, 2)))
static char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (r < 0)
		die("out of memory");
	return s;
}

static bool is_ident(const char *s, size_t n)
{
	size_t i;

	if (!n || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return false;
	for (i = 1; i < n; i++)
		if (!(isalnum((unsigned char)s[i]) || s[i] == '_'))
			return false;
	return true;
}

/* Parse a decimal non-negative integer that fills [s, s+n). */
static bool parse_uint(const char *s, size_t n, long *out)
{
	long v = 0;
	size_t i;

	if (!n || n > 9)
		return false;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

static bool parse_pair(const char *s, long *a, long *b)
{
	const char *c = strchr(s, ',');

	return c && parse_uint(s, c - s, a) && parse_uint(c + 1, strlen(c + 1), b);
}

/* ---- types ---- */

static const char *const type_names[] = {
	NULL, "f32", "i32", "u32", "i16", "u16", "f16",
};
#define NR_TYPES 7

static int type_from_name(const char *s, size_t n)
{
	int t;

	for (t = 1; t < NR_TYPES; t++)
		if (strlen(type_names[t]) == n && !strncmp(s, type_names[t], n))
			return t;
	return 0;
}

static const char *type_name(int t)
{
	return t > 0 && t < NR_TYPES ? type_names[t] : "?";
}

/* ---- options ---- */

struct param {
	char *name;
	char *value;
};

static struct {
	const char *arch;
	int arch_num;
	bool have_dims, have_offsets;
	long dim_x, dim_y, off_x, off_y;
	bool memcpy;
	bool have_channels;
	long channels;
	long west, east;
	bool have_west, have_east;
	struct param *params;
	int nparams;
	const char *outdir;
	const char *layout;
	const char *clang;
	const char *lld;
	const char *sysroot;
	bool verbose;
} opt;

/* ---- layout ---- */

struct tile {
	int line;
	long x0, x1, y0, y1;
	char *src;		/* as written */
	char **defs;		/* NAME=VALUE */
	int ndefs;
	int image;
};

struct export {
	char name[NAME_MAX_LEN + 1];
	int kind;		/* 1 data, 2 function */
	int type;		/* data */
	int argc;
	int args[MAX_ARGS];
	int line;
	uint32_t addr, bytes;	/* from an image */
};

struct res {
	uint32_t kind, id;
};

struct image {
	char *path;		/* resolved source */
	char **defs;		/* sorted */
	int ndefs;
	int tile;		/* first tile using it */
	char *obj, *elf;
	struct export *exps;
	int nexps;
	struct res *res;	/* .wse.resources */
	int nres;
};

#define PORT_RAMP	WSE_PORT_RAMP
#define PORT_MEMCPY	WSE_PORT_MEMCPY
#define NR_COLORS	WSE_NR_COLORS
#define NR_PORTS	6

static const char *const port_names[NR_PORTS] = {
	"RAMP", "NORTH", "EAST", "SOUTH", "WEST", "MEMCPY",
};

/* A layout 'route' line: x0..x1:xs, y0..y1:ys (x1, y1 the last covered). */
struct route_line {
	int line;
	long x0, x1, xs, y0, y1, ys;
	int color;
	unsigned int rx, tx;
};

/* A stream color from --params (H2D: rx=MEMCPY tx=RAMP, D2H the reverse). */
struct stream {
	const char *name;
	int color;
	bool h2d;
};

/* The route of one color at one PE, after the layout and the streams. */
struct route {
	uint8_t rx, tx;
	bool set;
	bool cut;		/* directions leaving the rectangle were dropped */
	int line;		/* layout line, or 0: a stream color's route */
};

static struct route_line *rlines;
static int nrlines;
static struct stream streams[8];
static int nstreams;
static struct route *grid;	/* [(y * rect_w + x) * NR_COLORS + c] */

static long rect_w, rect_h;
static int rect_line;
static struct tile *tiles;
static int ntiles;
static struct export *lexps;
static int nlexps;
static struct image *images;
static int nimages;
static char *layout_dir;

/*
 * Errors of the layout are reported all (up to MAX_ERRORS), each as
 * "LAYOUT:LINE: what" naming the PE where one is involved; the run fails
 * at the end of the phase (parse, routes, images) that found any.
 */
#define MAX_ERRORS	20
static int nerrors;
static jmp_buf *line_jmp;	/* parse_layout(): skip to the next line */

__attribute__((format(printf, 1, 2)))
static void error(const char *fmt, ...)
{
	va_list ap;

	fputs("wse-cc: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (++nerrors >= MAX_ERRORS)
		die("%s: too many errors (%d), stopping", opt.layout, nerrors);
}

static void vmsg_line(int line, const char *fmt, va_list ap)
{
	char *msg;

	if (vasprintf(&msg, fmt, ap) < 0)
		die("out of memory");
	error("%s:%d: %s", opt.layout, line, msg);
	free(msg);
}

__attribute__((format(printf, 2, 3)))
static void error_line(int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg_line(line, fmt, ap);
	va_end(ap);
}

/* An error that ends the current layout line (or the run, outside one). */
__attribute__((noreturn, format(printf, 2, 3)))
static void die_line(int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg_line(line, fmt, ap);
	va_end(ap);
	if (line_jmp)
		longjmp(*line_jmp, 1);
	die("%s: %d error%s", opt.layout, nerrors, nerrors == 1 ? "" : "s");
}

/* End of a phase: stop if it found errors. */
static void check_errors(void)
{
	if (nerrors)
		die("%s: %d error%s", opt.layout, nerrors, nerrors == 1 ? "" : "s");
}

static bool parse_range(const char *s, long *a, long *b)
{
	const char *dots = strstr(s, "..");

	if (!dots) {
		if (!parse_uint(s, strlen(s), a))
			return false;
		*b = *a;
		return true;
	}
	return parse_uint(s, dots - s, a) &&
	       parse_uint(dots + 2, strlen(dots + 2), b);
}

/* "A", "A..B" or "A..B:S" (S >= 1); *b becomes the last coordinate covered. */
static bool parse_srange(const char *s, long *a, long *b, long *st)
{
	const char *dots = strstr(s, ".."), *colon;

	*st = 1;
	if (!dots) {
		if (!parse_uint(s, strlen(s), a))
			return false;
		*b = *a;
		return true;
	}
	colon = strchr(dots + 2, ':');
	if (!parse_uint(s, dots - s, a))
		return false;
	if (!colon)
		return parse_uint(dots + 2, strlen(dots + 2), b) && *a <= *b;
	if (!parse_uint(dots + 2, colon - dots - 2, b) ||
	    !parse_uint(colon + 1, strlen(colon + 1), st) || *st < 1 || *a > *b)
		return false;
	*b = *a + (*b - *a) / *st * *st;
	return true;
}

/* "RAMP,EAST" (possibly empty) -> WSE_PORT_* mask; MEMCPY is not allowed. */
static unsigned int parse_ports(const char *s, const char *which, int line)
{
	unsigned int mask = 0;
	const char *p = s;

	if (!*s)
		return 0;
	for (;;) {
		const char *c = strchr(p, ',');
		size_t len = c ? (size_t)(c - p) : strlen(p);
		int i;

		for (i = 0; i < NR_PORTS; i++)
			if (strlen(port_names[i]) == len && !strncmp(p, port_names[i], len))
				break;
		if (i == NR_PORTS - 1)
			die_line(line, "%s=%s: MEMCPY is not allowed in the layout (wse-cc routes the stream colors itself)",
				 which, s);
		if (i == NR_PORTS)
			die_line(line, "%s=%s: unknown port '%.*s' (RAMP, NORTH, EAST, SOUTH, WEST, comma separated)",
				 which, s, (int)len, p);
		if (mask & 1u << i)
			die_line(line, "%s=%s: port %s listed twice", which, s, port_names[i]);
		mask |= 1u << i;
		if (!c)
			break;
		p = c + 1;
	}
	return mask;
}

/* "RAMP,EAST" or "none" */
static const char *ports_str(unsigned int mask)
{
	static char buf[8][64];
	static int k;
	char *b = buf[k++ & 7];
	int i;

	b[0] = 0;
	for (i = 0; i < NR_PORTS; i++)
		if (mask & 1u << i) {
			if (b[0])
				strcat(b, ",");
			strcat(b, port_names[i]);
		}
	if (!b[0])
		strcpy(b, "none");
	return b;
}

static void parse_route(char **tok, int n, int line)
{
	struct route_line *r;
	bool have_rx = false, have_tx = false;
	long c;
	int i;

	if (!rect_line)
		die_line(line, "'route' before 'rectangle'");
	if (n != 6)
		die_line(line, "expected 'route X-RANGE Y-RANGE COLOR rx=PORTS tx=PORTS'");
	rlines = xrealloc(rlines, (nrlines + 1) * sizeof(*rlines));
	r = &rlines[nrlines++];
	memset(r, 0, sizeof(*r));
	r->line = line;
	if (!parse_srange(tok[1], &r->x0, &r->x1, &r->xs))
		die_line(line, "bad x-range '%s' (expected X, X0..X1 or X0..X1:STEP with X0 <= X1, STEP >= 1)", tok[1]);
	if (!parse_srange(tok[2], &r->y0, &r->y1, &r->ys))
		die_line(line, "bad y-range '%s' (expected Y, Y0..Y1 or Y0..Y1:STEP with Y0 <= Y1, STEP >= 1)", tok[2]);
	if (r->x1 >= rect_w)
		die_line(line, "x-range '%s' outside the rectangle (x < %ld)", tok[1], rect_w);
	if (r->y1 >= rect_h)
		die_line(line, "y-range '%s' outside the rectangle (y < %ld)", tok[2], rect_h);
	if (!parse_uint(tok[3], strlen(tok[3]), &c) || c >= NR_COLORS)
		die_line(line, "bad color '%s' (expected 0..23)", tok[3]);
	if (c >= 21)
		die_line(line, "route of color %ld: colors 21-23 are reserved for the memcpy runtime", c);
	r->color = c;
	for (i = 4; i < 6; i++) {
		if (!strncmp(tok[i], "rx=", 3) && !have_rx) {
			r->rx = parse_ports(tok[i] + 3, "rx", line);
			have_rx = true;
		} else if (!strncmp(tok[i], "tx=", 3) && !have_tx) {
			r->tx = parse_ports(tok[i] + 3, "tx", line);
			have_tx = true;
		} else {
			die_line(line, "bad '%s' (expected rx=PORTS and tx=PORTS)", tok[i]);
		}
	}
}

/* "f32" or "fn(f32, i32)" with all blanks removed */
static void parse_export_type(struct export *e, char *s, int line)
{
	size_t n = strlen(s);
	char *p;

	if (strncmp(s, "fn(", 3)) {
		e->kind = 1;
		e->type = type_from_name(s, n);
		if (!e->type)
			die_line(line, "export %s: unknown type '%s' (f32, i32, u32, i16, u16, f16 or fn(...))",
				 e->name, s);
		return;
	}
	e->kind = 2;
	if (s[n - 1] != ')')
		die_line(line, "export %s: expected ')' at the end of '%s'", e->name, s);
	s[n - 1] = 0;
	p = s + 3;
	if (!*p)
		return;
	for (;;) {
		char *c = strchr(p, ',');
		size_t len = c ? (size_t)(c - p) : strlen(p);
		int t = type_from_name(p, len);

		if (!t)
			die_line(line, "export %s: unknown argument type '%.*s'",
				 e->name, (int)len, p);
		if (e->argc == MAX_ARGS)
			die_line(line, "export %s: more than %d arguments",
				 e->name, MAX_ARGS);
		e->args[e->argc++] = t;
		if (!c)
			break;
		p = c + 1;
	}
}

void layout_error(int line, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		die("out of memory");
	va_end(ap);
	if (line)
		die("%s:%d: %s", opt.layout, line, msg);
	die("%s: %s", opt.layout, msg);
}

static void parse_layout(void)
{
	struct lparam *lp = xcalloc(opt.nparams, sizeof(*lp));
	struct lline *ll;
	char *buf, *slash;
	int nll, li, line;
	int *cover;
	long x, y;

	for (li = 0; li < opt.nparams; li++) {
		lp[li].name = opt.params[li].name;
		lp[li].value = opt.params[li].value;
	}
	nll = layout_expand(opt.layout, lp, opt.nparams, &ll);
	free(lp);
	layout_dir = xstrdup(opt.layout);
	slash = strrchr(layout_dir, '/');
	if (slash)
		slash[1] = 0;
	else
		layout_dir[0] = 0;

	for (li = 0; li < nll; li++) {
		char *tok[64], *save, *t;
		int n = 0, nt = ntiles, nr = nrlines, ne = nlexps;
		jmp_buf jb;

		line = ll[li].line;
		buf = ll[li].text;
		if (setjmp(jb)) {	/* a bad line: drop what it added */
			ntiles = nt;
			nrlines = nr;
			nlexps = ne;
			continue;
		}
		line_jmp = &jb;
		for (t = strtok_r(buf, " \t\r\n", &save); t;
		     t = strtok_r(NULL, " \t\r\n", &save)) {
			if (n == 64)
				die_line(line, "too many words");
			tok[n++] = t;
		}
		if (!n)
			continue;
		if (!strcmp(tok[0], "rectangle")) {
			if (rect_line)
				die_line(line, "second 'rectangle' (first at line %d)", rect_line);
			if (n != 3 || !parse_uint(tok[1], strlen(tok[1]), &rect_w) ||
			    !parse_uint(tok[2], strlen(tok[2]), &rect_h))
				die_line(line, "expected 'rectangle WIDTH HEIGHT'");
			if (rect_w < 1 || rect_h < 1)
				die_line(line, "rectangle %ldx%ld: width and height must be >= 1",
					 rect_w, rect_h);
			if (rect_w > 4096 || rect_h > 4096)
				die_line(line, "rectangle %ldx%ld: too large", rect_w, rect_h);
			rect_line = line;
		} else if (!strcmp(tok[0], "tile")) {
			struct tile *tl;
			int i;

			if (!rect_line)
				die_line(line, "'tile' before 'rectangle'");
			if (n < 4)
				die_line(line, "expected 'tile X-RANGE Y-RANGE SOURCE [NAME=VALUE ...]'");
			tiles = xrealloc(tiles, (ntiles + 1) * sizeof(*tiles));
			tl = &tiles[ntiles++];
			memset(tl, 0, sizeof(*tl));
			tl->line = line;
			if (!parse_range(tok[1], &tl->x0, &tl->x1) || tl->x0 > tl->x1)
				die_line(line, "bad x-range '%s' (expected X or X0..X1 with X0 <= X1)", tok[1]);
			if (!parse_range(tok[2], &tl->y0, &tl->y1) || tl->y0 > tl->y1)
				die_line(line, "bad y-range '%s' (expected Y or Y0..Y1 with Y0 <= Y1)", tok[2]);
			if (tl->x1 >= rect_w)
				die_line(line, "x-range '%s' outside the rectangle (x < %ld)", tok[1], rect_w);
			if (tl->y1 >= rect_h)
				die_line(line, "y-range '%s' outside the rectangle (y < %ld)", tok[2], rect_h);
			tl->src = xstrdup(tok[3]);
			tl->ndefs = n - 4;
			tl->defs = xcalloc(tl->ndefs, sizeof(char *));
			for (i = 4; i < n; i++) {
				char *eq = strchr(tok[i], '=');

				if (!eq || !is_ident(tok[i], eq - tok[i]))
					die_line(line, "bad define '%s' (expected NAME=VALUE)", tok[i]);
				tl->defs[i - 4] = xstrdup(tok[i]);
			}
		} else if (!strcmp(tok[0], "export")) {
			struct export *e;
			char type[512] = "";
			int i;

			if (n < 3)
				die_line(line, "expected 'export NAME TYPE'");
			if (!is_ident(tok[1], strlen(tok[1])))
				die_line(line, "export: bad name '%s'", tok[1]);
			if (strlen(tok[1]) > NAME_MAX_LEN)
				die_line(line, "export %s: name longer than %d characters",
					 tok[1], NAME_MAX_LEN);
			for (i = 0; i < nlexps; i++)
				if (!strcmp(lexps[i].name, tok[1]))
					die_line(line, "export %s: already exported at line %d",
						 tok[1], lexps[i].line);
			for (i = 2; i < n; i++) {
				if (strlen(type) + strlen(tok[i]) >= sizeof(type))
					die_line(line, "export %s: type too long", tok[1]);
				strcat(type, tok[i]);
			}
			lexps = xrealloc(lexps, (nlexps + 1) * sizeof(*lexps));
			e = &lexps[nlexps++];
			memset(e, 0, sizeof(*e));
			strcpy(e->name, tok[1]);
			e->line = line;
			parse_export_type(e, type, line);
		} else if (!strcmp(tok[0], "route")) {
			parse_route(tok, n, line);
		} else {
			die_line(line, "unknown directive '%s' (rectangle, tile, route, export)", tok[0]);
		}
	}
	line_jmp = NULL;

	if (!rect_line || !ntiles)
		check_errors();
	if (!rect_line)
		die("%s: no 'rectangle' line", opt.layout);
	if (!ntiles)
		die("%s: no 'tile' line", opt.layout);
	cover = xcalloc(rect_w * rect_h, sizeof(int));
	for (int i = 0; i < ntiles; i++) {
		struct tile *tl = &tiles[i];

		for (y = tl->y0; y <= tl->y1; y++)
			for (x = tl->x0; x <= tl->x1; x++) {
				int *c = &cover[y * rect_w + x];

				if (*c)
					error_line(tl->line, "tile overlaps the tile of line %d at PE (%ld, %ld)",
						   tiles[*c - 1].line, x, y);
				else
					*c = i + 1;
			}
	}
	for (y = 0; y < rect_h; y++)
		for (x = 0; x < rect_w; x++)
			if (!cover[y * rect_w + x])
				error("%s: PE (%ld, %ld) of the %ldx%ld rectangle is not covered by any tile",
				      opt.layout, x, y, rect_w, rect_h);
	free(cover);
}

/* ---- flags ---- */

static void usage(FILE *f)
{
	fputs("usage: wse-cc [--arch=wse2|wse3] --fabric-dims=X,Y [--fabric-offsets=X,Y]\n"
	      "              [--memcpy [--channels=K] [--width-west-buf=K] [--width-east-buf=P]]\n"
	      "              [--params=NAME:VALUE[,NAME:VALUE...]]... [--colors=NAME:COLOR,...]\n"
	      "              [-o OUTDIR] [-v]\n"
	      "              [--clang=PATH] [--lld=PATH] [--sysroot=DIR] LAYOUT\n"
	      "Compiles the PE programs of LAYOUT (doc/PE-ABI.md section 9) into\n"
	      "OUTDIR (default 'out'): pe_<n>.elf and out.json.\n", f);
}

static void add_param(const char *spec, const char *flag)
{
	char *s = xstrdup(spec), *save, *item;

	for (item = strtok_r(s, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		char *colon = strchr(item, ':');
		int i;

		if (!colon || !is_ident(item, colon - item) || !colon[1])
			die("%s: expected NAME:VALUE, got '%s'", flag, item);
		*colon = 0;
		for (i = 0; i < opt.nparams; i++)
			if (!strcmp(opt.params[i].name, item))
				die("%s: parameter %s given twice (--params and --colors share names)",
				    flag, item);
		opt.params = xrealloc(opt.params, (opt.nparams + 1) * sizeof(*opt.params));
		if (!strcmp(flag, "--colors")) {
			long c;

			if (!parse_uint(colon + 1, strlen(colon + 1), &c) || c > 23)
				die("%s=%s:%s: expected a color 0..23", flag, item, colon + 1);
			if (c >= 21)
				die("%s=%s:%s: color %ld is reserved for the memcpy runtime (21-23)",
				    flag, item, colon + 1, c);
		}
		opt.params[opt.nparams].name = xstrdup(item);
		opt.params[opt.nparams].value = xstrdup(colon + 1);
		opt.nparams++;
	}
	free(s);
}

static long flag_uint(const char *flag, const char *v)
{
	long n;

	if (!parse_uint(v, strlen(v), &n))
		die("%s=%s: expected a non-negative integer", flag, v);
	return n;
}

/* Returns the value of --name=V or --name V, or NULL if argv[*i] isn't --name. */
static const char *flag_value(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);
	const char *a = argv[*i];

	if (strncmp(a, name, n))
		return NULL;
	if (a[n] == '=')
		return a + n + 1;
	if (a[n])
		return NULL;
	if (*i + 1 >= argc)
		die("%s: missing value", name);
	return argv[++*i];
}

static void parse_args(int argc, char **argv)
{
	const char *v;
	int i;

	opt.outdir = "out";
	opt.clang = "clang";
	opt.lld = "ld.lld";
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			exit(0);
		} else if (!strcmp(a, "-v")) {
			opt.verbose = true;
		} else if (!strcmp(a, "--memcpy")) {
			opt.memcpy = true;
		} else if ((v = flag_value(argc, argv, &i, "--arch"))) {
			opt.arch = v;
		} else if ((v = flag_value(argc, argv, &i, "--fabric-dims"))) {
			if (!parse_pair(v, &opt.dim_x, &opt.dim_y))
				die("--fabric-dims=%s: expected X,Y (two non-negative integers)", v);
			opt.have_dims = true;
		} else if ((v = flag_value(argc, argv, &i, "--fabric-offsets"))) {
			if (!parse_pair(v, &opt.off_x, &opt.off_y))
				die("--fabric-offsets=%s: expected X,Y (two non-negative integers)", v);
			opt.have_offsets = true;
		} else if ((v = flag_value(argc, argv, &i, "--channels"))) {
			opt.channels = flag_uint("--channels", v);
			opt.have_channels = true;
		} else if ((v = flag_value(argc, argv, &i, "--width-west-buf"))) {
			opt.west = flag_uint("--width-west-buf", v);
			opt.have_west = true;
		} else if ((v = flag_value(argc, argv, &i, "--width-east-buf"))) {
			opt.east = flag_uint("--width-east-buf", v);
			opt.have_east = true;
		} else if ((v = flag_value(argc, argv, &i, "--params"))) {
			add_param(v, "--params");
		} else if ((v = flag_value(argc, argv, &i, "--colors"))) {
			add_param(v, "--colors");
		} else if ((v = flag_value(argc, argv, &i, "--clang"))) {
			opt.clang = v;
		} else if ((v = flag_value(argc, argv, &i, "--lld"))) {
			opt.lld = v;
		} else if ((v = flag_value(argc, argv, &i, "--sysroot"))) {
			opt.sysroot = v;
		} else if (!strcmp(a, "-o")) {
			if (i + 1 >= argc)
				die("-o: missing OUTDIR");
			opt.outdir = argv[++i];
		} else if (!strncmp(a, "-o", 2) && a[2] != '-') {
			opt.outdir = a[2] == '=' ? a + 3 : a + 2;
		} else if (a[0] == '-' && a[1]) {
			die("unknown option '%s' (see --help)", a);
		} else {
			if (opt.layout)
				die("more than one layout file ('%s', '%s')", opt.layout, a);
			opt.layout = a;
		}
	}
	if (!opt.layout) {
		usage(stderr);
		die("no layout file given");
	}
	if (!*opt.outdir)
		die("-o: empty OUTDIR");
}

static void check_flags(void)
{
	long w = rect_w, h = rect_h;

	if (!opt.arch)		/* cslc's default */
		opt.arch = "wse2";
	if (!strcmp(opt.arch, "wse2"))
		opt.arch_num = 2;
	else if (!strcmp(opt.arch, "wse3"))
		opt.arch_num = 3;
	else
		die("--arch=%s: unknown architecture (wse2 or wse3)", opt.arch);
	if (!opt.have_dims)
		die("--fabric-dims=X,Y is required");

	if (!opt.memcpy) {
		if (opt.have_channels)
			die("--channels=%ld requires --memcpy", opt.channels);
		if (opt.have_west)
			die("--width-west-buf=%ld requires --memcpy", opt.west);
		if (opt.have_east)
			die("--width-east-buf=%ld requires --memcpy", opt.east);
		if (opt.off_x + w > opt.dim_x || opt.off_y + h > opt.dim_y)
			die("--fabric-dims=%ld,%ld: the %ldx%ld rectangle at --fabric-offsets=%ld,%ld does not fit",
			    opt.dim_x, opt.dim_y, w, h, opt.off_x, opt.off_y);
		return;
	}
	if (!opt.have_channels)
		opt.channels = 1;
	if (opt.channels < 1 || opt.channels > 16)
		die("--channels=%ld: must be between 1 and 16", opt.channels);
	if (!opt.have_offsets)
		die("--fabric-offsets=X,Y is required with --memcpy (x >= 4 + width-west-buf, y >= 1)");
	if (opt.off_x < 4 + opt.west) {
		if (opt.west)
			die("--fabric-offsets=%ld,%ld: x must be >= 4 + --width-west-buf = %ld with --memcpy",
			    opt.off_x, opt.off_y, 4 + opt.west);
		die("--fabric-offsets=%ld,%ld: x must be >= 4 with --memcpy",
		    opt.off_x, opt.off_y);
	}
	if (opt.off_y < 1)
		die("--fabric-offsets=%ld,%ld: y must be >= 1 with --memcpy",
		    opt.off_x, opt.off_y);
	if (opt.dim_x < 7 + w)
		die("--fabric-dims=%ld,%ld: dim_x must be >= 7 + width = %ld (rectangle %ldx%ld) with --memcpy",
		    opt.dim_x, opt.dim_y, 7 + w, w, h);
	if (opt.dim_y < 2 + h)
		die("--fabric-dims=%ld,%ld: dim_y must be >= 2 + height = %ld (rectangle %ldx%ld) with --memcpy",
		    opt.dim_x, opt.dim_y, 2 + h, w, h);
	if (opt.dim_x < opt.off_x + w + 3 + opt.east)
		die("--fabric-dims=%ld,%ld: dim_x must be >= x + width + 3 + --width-east-buf = %ld + %ld + 3 + %ld = %ld",
		    opt.dim_x, opt.dim_y, opt.off_x, w, opt.east,
		    opt.off_x + w + 3 + opt.east);
	if (opt.dim_y < opt.off_y + h + 1)
		die("--fabric-dims=%ld,%ld: dim_y must be >= y + height + 1 = %ld + %ld + 1 = %ld",
		    opt.dim_x, opt.dim_y, opt.off_y, h, opt.off_y + h + 1);
}

/* Streaming colors: --params=MEMCPYH2D_DATA_<i>_ID:<color> (and D2H). */
static bool is_color_param(const char *name, int *idx)
{
	int n = 0;

	if (strncmp(name, "MEMCPYH2D_DATA_", 15) && strncmp(name, "MEMCPYD2H_DATA_", 15))
		return false;
	if (sscanf(name + 15, "%d_ID%n", idx, &n) != 1 || name[15 + n] || n < 4)
		return false;
	return true;
}

static void check_params(json_object *colors)
{
	int i, j;

	for (i = 0; i < opt.nparams; i++) {
		const char *name = opt.params[i].name, *val = opt.params[i].value;
		long c;
		int idx;

		if (!is_color_param(name, &idx))
			continue;
		if (!opt.memcpy)
			die("--params=%s:%s: streaming colors need --memcpy", name, val);
		if (idx < 1 || idx > 4)
			die("--params=%s:%s: tensor index must be 1..4", name, val);
		if (!parse_uint(val, strlen(val), &c) || c > 23)
			die("--params=%s:%s: expected a color 0..23", name, val);
		if (c >= 21)
			die("--params=%s:%s: color %ld is reserved for the memcpy runtime (21-23)",
			    name, val, c);
		for (j = 0; j < nstreams; j++)
			if (streams[j].color == c)
				die("--params=%s:%s: color %ld already used by %s",
				    name, val, c, streams[j].name);
		streams[nstreams].name = name;
		streams[nstreams].color = c;
		streams[nstreams].h2d = !strncmp(name, "MEMCPYH2D", 9);
		nstreams++;
		json_object_object_add(colors, name, json_object_new_int(c));
	}
}

/* ---- routes (PE-ABI sections 10 and 11, struct wse_load's rules) ---- */

static struct route *route_at(long x, long y, int c)
{
	return &grid[(y * rect_w + x) * NR_COLORS + c];
}

static const char *route_src(const struct route *r)
{
	static char buf[2][192];
	static int k;
	char *b = buf[k++ & 1];

	if (!r->set)
		return "no route";
	if (r->line)
		snprintf(b, sizeof(buf[0]), "rx=%s tx=%s, line %d%s",
			 ports_str(r->rx), ports_str(r->tx), r->line,
			 r->cut ? ", less the directions leaving the rectangle" : "");
	else
		snprintf(b, sizeof(buf[0]), "rx=%s tx=%s, stream color",
			 ports_str(r->rx), ports_str(r->tx));
	return b;
}

static void build_routes(void)
{
	struct wse_route *flat;
	long x, y;
	int i, c;

	grid = xcalloc(rect_w * rect_h * NR_COLORS, sizeof(*grid));
	for (i = 0; i < nrlines; i++) {
		const struct route_line *rl = &rlines[i];

		for (c = 0; c < nstreams; c++)
			if (streams[c].color == rl->color)
				error_line(rl->line, "route of color %d: it is the stream color %s (wse-cc routes stream colors itself)",
					 rl->color, streams[c].name);
		for (y = rl->y0; y <= rl->y1; y += rl->ys)
			for (x = rl->x0; x <= rl->x1; x += rl->xs) {
				struct route *r = route_at(x, y, rl->color);

				r->rx = rl->rx;
				r->tx = rl->tx;
				r->set = true;
				r->line = rl->line;
			}
	}
	for (i = 0; i < nstreams; i++)
		for (y = 0; y < rect_h; y++)
			for (x = 0; x < rect_w; x++) {
				struct route *r = route_at(x, y, streams[i].color);

				r->rx = streams[i].h2d ? PORT_MEMCPY : PORT_RAMP;
				r->tx = streams[i].h2d ? PORT_RAMP : PORT_MEMCPY;
				r->set = true;
				r->line = 0;
			}

	/*
	 * cslc accepts a direction that leaves the rectangle (an edge PE's
	 * route written for the whole row, say); nothing is there, so drop
	 * it, and the route if it leaves rx or tx empty.  A neighbour that
	 * sends into a dropped route still fails the rules below.
	 */
	for (y = 0; y < rect_h; y++)
		for (x = 0; x < rect_w; x++)
			for (c = 0; c < NR_COLORS; c++) {
				struct route *r = route_at(x, y, c);
				unsigned int out = wse_ports_outside(x, y, rect_w, rect_h);

				if (!r->set || !r->line || !((r->rx | r->tx) & out))
					continue;
				r->rx &= ~out;
				r->tx &= ~out;
				if (!r->rx || !r->tx)
					r->rx = r->tx = 0;
				r->cut = true;
			}

	/* only layout lines can break a rule: r->line is set */
	flat = xcalloc(rect_w * rect_h * NR_COLORS, sizeof(*flat));
	for (i = 0; i < rect_w * rect_h * NR_COLORS; i++) {
		flat[i].rx = grid[i].rx;
		flat[i].tx = grid[i].tx;
	}
	for (y = 0; y < rect_h; y++)
		for (x = 0; x < rect_w; x++)
			for (c = 0; c < NR_COLORS; c++) {
				const struct route *r = route_at(x, y, c);
				__u32 port = 0, nx = x, ny = y;

				if (!r->set)
					continue;
				switch (wse_route_check(flat, rect_w, rect_h, x, y, c, &port)) {
				case WSE_ROUTE_OK:
					break;
				case WSE_ROUTE_BOTH:
					error_line(r->line, "route of color %d at PE (%ld, %ld): port %s in both rx and tx (only RAMP may be)",
						 c, x, y, ports_str(r->rx & r->tx & ~PORT_RAMP));
					break;
				case WSE_ROUTE_LEAVES:
					error_line(r->line, "route of color %d at PE (%ld, %ld): %s=%s leaves the %ldx%ld rectangle",
						 c, x, y, r->rx & port ? "rx" : "tx",
						 ports_str(port), rect_w, rect_h);
					break;
				case WSE_ROUTE_UNMET:
					wse_port_step(port, &nx, &ny);
					error_line(r->line, "route of color %d at PE (%ld, %ld): tx=%s, but PE (%ld, %ld) does not accept color %d from %s (%s)",
						 c, x, y, ports_str(port), (long)nx, (long)ny, c,
						 ports_str(wse_port_opposite(port)),
						 route_src(route_at(nx, ny, c)));
					break;
				default:	/* HALF; BITS and MEMCPY cannot be parsed */
					error_line(r->line, "route of color %d at PE (%ld, %ld): rx=%s tx=%s: rx and tx must be both empty or both non-empty",
						 c, x, y, ports_str(r->rx), ports_str(r->tx));
				}
			}
	free(flat);
}

/* ---- running tools ---- */

static void print_cmd(char *const *argv)
{
	int i;

	for (i = 0; argv[i]; i++) {
		const char *a = argv[i];
		bool q = !*a || strpbrk(a, " \t\"'\\$*?()<>&;|#") != NULL;

		fprintf(stderr, "%s%s%s%s", i ? " " : "", q ? "'" : "", a, q ? "'" : "");
	}
	fputc('\n', stderr);
}

/* Run argv; its stderr+stdout go to *out (malloc'd).  Returns exit status. */
static int run(char *const *argv, char **out)
{
	char *log = xasprintf("%s/cmd.log", tmpdir);
	int fd, status;
	pid_t pid;
	FILE *f;
	size_t n = 0;

	if (opt.verbose)
		print_cmd(argv);
	fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		die("%s: %s", log, strerror(errno));
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (!pid) {
		dup2(fd, 1);
		dup2(fd, 2);
		execvp(argv[0], argv);
		fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(fd);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			die("waitpid: %s", strerror(errno));
	*out = NULL;
	f = fopen(log, "r");
	if (f) {
		size_t cap = 4096, r;

		*out = xcalloc(1, cap);
		while ((r = fread(*out + n, 1, cap - n - 1, f)) > 0) {
			n += r;
			if (n + 1 == cap) {
				cap *= 2;
				*out = xrealloc(*out, cap);
			}
		}
		(*out)[n] = 0;
		fclose(f);
	}
	unlink(log);
	free(log);
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

static const char *const cflags[] = {
	"--target=riscv32", "-march=rv32imf", "-mabi=ilp32f",
	"-ffreestanding", "-nostdlib", "-mno-relax", "-O2", "-g",
	/* CSL semantics: no fused a*b+c unless asked (@fmacs), no errno */
	"-ffp-contract=off", "-fno-math-errno",
	"-fno-unwind-tables", "-fno-asynchronous-unwind-tables",
	"-Wall", "-Wextra",
};
#define NR_CFLAGS (sizeof(cflags) / sizeof(cflags[0]))

static char *tile_desc(const struct tile *tl)
{
	char xr[32], yr[32];

	if (tl->x0 == tl->x1)
		snprintf(xr, sizeof(xr), "%ld", tl->x0);
	else
		snprintf(xr, sizeof(xr), "%ld..%ld", tl->x0, tl->x1);
	if (tl->y0 == tl->y1)
		snprintf(yr, sizeof(yr), "%ld", tl->y0);
	else
		snprintf(yr, sizeof(yr), "%ld..%ld", tl->y0, tl->y1);
	return xasprintf("tile %s %s %s (%s:%d)", xr, yr, tl->src, opt.layout, tl->line);
}

/*
 * The parameters of one image as a header wse-cc makes clang include first
 * (doc/PE-ABI.md section 9): --params, then the tile's NAME=VALUE (which
 * win), each as __WSE_PARAM_<NAME> (the value) and __WSE_HAVE_PARAM_<NAME>
 * (1).  Only the prefixed names exist, so a parameter cannot collide with
 * pe.h or the program's own identifiers; pe.h's WSE_PARAM() declares the
 * typed constant.
 */
static char *params_header(char **defs, int ndefs, const char *obj)
{
	char *path = xasprintf("%s.params.h", obj);
	FILE *f = fopen(path, "w");
	int i, k;

	if (!f)
		die("%s: %s", path, strerror(errno));
	fputs("/* generated by wse-cc: this image's parameters */\n", f);
	for (i = 0; i < opt.nparams; i++) {
		size_t n = strlen(opt.params[i].name);

		for (k = 0; k < ndefs; k++)
			if (!strncmp(defs[k], opt.params[i].name, n) && defs[k][n] == '=')
				break;
		if (k < ndefs)
			continue;
		fprintf(f, "#define __WSE_PARAM_%s %s\n#define __WSE_HAVE_PARAM_%s 1\n",
			opt.params[i].name, opt.params[i].value, opt.params[i].name);
	}
	for (k = 0; k < ndefs; k++) {
		const char *eq = strchr(defs[k], '=');

		fprintf(f, "#define __WSE_PARAM_%.*s %s\n#define __WSE_HAVE_PARAM_%.*s 1\n",
			(int)(eq - defs[k]), defs[k], eq + 1, (int)(eq - defs[k]), defs[k]);
	}
	if (fclose(f))
		die("%s: write error", path);
	return path;
}

static bool compile(const char *src, char **defs, int ndefs, const char *obj,
		    const char *what, bool runtime)
{
	char **argv = xcalloc(NR_CFLAGS + 12, sizeof(char *));
	char *out, *hdr = NULL;
	int n = 0, i, rc;

	argv[n++] = (char *)opt.clang;
	for (i = 0; i < (int)NR_CFLAGS; i++)
		argv[n++] = (char *)cflags[i];
	if (runtime)	/* the runtime must build cleanly; user code may warn */
		argv[n++] = "-Werror";
	argv[n++] = xasprintf("-I%s/include", opt.sysroot);
	argv[n++] = xasprintf("-I%s/pe/include", opt.sysroot);	/* <math.h> */
	if (!runtime) {
		hdr = params_header(defs, ndefs, obj);
		argv[n++] = "-include";
		argv[n++] = hdr;
	}
	argv[n++] = "-c";
	argv[n++] = (char *)src;
	argv[n++] = "-o";
	argv[n++] = (char *)obj;
	rc = run(argv, &out);
	if (out && *out)
		fputs(out, stderr);
	if (rc && runtime)
		die("%s: compilation failed (%s exited with %d)", what, opt.clang, rc);
	if (rc)
		error("%s: compilation failed (%s exited with %d)", what, opt.clang, rc);
	free(out);
	free(argv);
	free(hdr);
	return !rc;
}

/* The program, the runtime, and pe/libm.c only if the program calls it. */
static void link_image(struct image *im, const char *crt0, const char *libm,
		       const char *what)
{
	char *ld = xasprintf("%s/pe/pe.ld", opt.sysroot);
	char *argv[] = {
		(char *)opt.lld, "-T", ld, "-z", "nognustack", "--no-undefined",
		"-o", im->elf, (char *)crt0, im->obj,
		"--start-lib", (char *)libm, "--end-lib", NULL,
	};
	char *out, *p;
	int rc = run(argv, &out);

	if (rc) {
		p = out ? strstr(out, "will not fit in region") : NULL;
		if (!p && out)
			p = strstr(out, "overflow");
		if (p) {
			char *line = p, *end;

			while (line > out && line[-1] != '\n')
				line--;
			end = strchr(line, '\n');
			if (end)
				*end = 0;
			die("%s: the program does not fit in the PE's 48 KiB (code + data must leave 2 KiB for the stack): %s",
			    what, line);
		}
		if (out)
			fputs(out, stderr);
		die("%s: link failed (%s exited with %d)", what, opt.lld, rc);
	}
	if (out && *out)
		fputs(out, stderr);
	free(out);
	free(ld);
}

/* ---- reading images ---- */

static uint32_t le32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static void read_elf(struct image *im, const char *what, struct res **res, int *nres)
{
	int fd = open(im->elf, O_RDONLY);
	Elf *e;
	Elf_Scn *scn = NULL;
	size_t shstrndx;
	bool have_exports = false;
	GElf_Ehdr eh;

	*res = NULL;
	*nres = 0;
	if (fd < 0)
		die("%s: %s", im->elf, strerror(errno));
	e = elf_begin(fd, ELF_C_READ, NULL);
	if (!e || elf_kind(e) != ELF_K_ELF || !gelf_getehdr(e, &eh))
		die("%s: not an ELF file: %s", im->elf, elf_errmsg(-1));
	if (eh.e_ident[EI_CLASS] != ELFCLASS32 || eh.e_machine != EM_RISCV ||
	    eh.e_ident[EI_DATA] != ELFDATA2LSB)
		die("%s: not a little-endian RV32 ELF", im->elf);
	if (elf_getshdrstrndx(e, &shstrndx))
		die("%s: %s", im->elf, elf_errmsg(-1));
	while ((scn = elf_nextscn(e, scn))) {
		GElf_Shdr sh;
		const char *name;
		Elf_Data *d;
		size_t i;

		if (!gelf_getshdr(scn, &sh))
			continue;
		name = elf_strptr(e, shstrndx, sh.sh_name);
		if (!name)
			continue;
		if (strcmp(name, ".wse.exports") && strcmp(name, ".wse.resources"))
			continue;
		if (sh.sh_flags & SHF_ALLOC)
			die("%s: %s is part of the loaded image (pe.ld must make it INFO)",
			    what, name);
		d = elf_rawdata(scn, NULL);
		if (!d)
			die("%s: cannot read %s: %s", im->elf, name, elf_errmsg(-1));
		if (!strcmp(name, ".wse.exports")) {
			const unsigned char *p = d->d_buf;

			have_exports = true;
			if (d->d_size % REC_SIZE)
				die("%s: .wse.exports is %zu bytes, not a multiple of %d",
				    what, d->d_size, REC_SIZE);
			im->nexps = d->d_size / REC_SIZE;
			im->exps = xcalloc(im->nexps, sizeof(*im->exps));
			for (i = 0; i < (size_t)im->nexps; i++, p += REC_SIZE) {
				struct export *x = &im->exps[i];
				int k;

				if (!memchr(p, 0, 40))
					die("%s: export record %zu: name not NUL-terminated", what, i);
				strcpy(x->name, (const char *)p);
				x->kind = le32(p + 40);
				x->addr = le32(p + 44);
				x->bytes = le32(p + 48);
				x->type = p[52];
				x->argc = p[53];
				if (x->kind == 2) {
					if (x->argc > MAX_ARGS)
						die("%s: export %s: %d arguments", what, x->name, x->argc);
					for (k = 0; k < x->argc; k++)
						x->args[k] = p[54 + k / 2] >> (4 * (k % 2)) & 15;
					if (x->addr >= PE_MEM || x->addr & 3)
						die("%s: export %s: bad function address 0x%x",
						    what, x->name, x->addr);
				} else if (x->kind == 1) {
					if (x->addr >= PE_MEM || x->bytes > PE_MEM - x->addr)
						die("%s: export %s: [0x%x, +%u) is outside PE memory",
						    what, x->name, x->addr, x->bytes);
				} else {
					die("%s: export %s: unknown kind %d", what, x->name, x->kind);
				}
				for (k = 0; k < (int)i; k++)
					if (!strcmp(im->exps[k].name, x->name))
						die("%s: exports '%s' twice", what, x->name);
			}
		} else {
			const unsigned char *p = d->d_buf;

			if (d->d_size % 8)
				die("%s: .wse.resources is %zu bytes, not a multiple of 8",
				    what, d->d_size);
			*nres = d->d_size / 8;
			*res = xcalloc(*nres, sizeof(**res));
			for (i = 0; i < (size_t)*nres; i++, p += 8) {
				(*res)[i].kind = le32(p);
				(*res)[i].id = le32(p + 4);
			}
		}
	}
	(void)have_exports;
	elf_end(e);
	close(fd);
}

static const char *res_names[] = {
	NULL, "color", "local task", "control task", "input queue",
	"output queue", "microthread", "data task color",
};

static void check_resources(const char *what, const struct res *res, int nres)
{
	int i;

	for (i = 0; i < nres; i++) {
		uint32_t k = res[i].kind, id = res[i].id;
		uint32_t max;
		bool reserved;

		switch (k) {
		case 1: max = 23; reserved = id >= 21 && id <= 23; break;
		case 2: max = 31; reserved = id == 27 || id == 28 || id == 30; break;
		case 3: max = 63; reserved = id >= 33 && id <= 37; break;
		case 4: max = 7; reserved = id == 0 || (id == 1 && opt.arch_num == 3); break;
		case 5: max = 7; reserved = id == 0; break;
		case 6: max = 7; reserved = id == 0; break;
		case 7: max = 23; reserved = id >= 21 && id <= 23; break;
		default:
			die("%s: unknown resource kind %u in .wse.resources", what, k);
		}
		if (id > max)
			die("%s: %s %u out of range 0..%u", what, res_names[k], id, max);
		if (reserved)
			die("%s: %s %u is reserved for the memcpy runtime on %s",
			    what, res_names[k], id, opt.arch);
	}
	/*
	 * WSE-2: one task table, a data task's id is its color; a control
	 * task may not take a local task's or a data task color's id.
	 */
	for (i = 0; i < nres && opt.arch_num == 2; i++) {
		int j;

		if (res[i].kind != 2 && res[i].kind != 3)
			continue;
		for (j = 0; j < nres; j++) {
			if (res[j].id != res[i].id)
				continue;
			if (res[j].kind == 7)
				die("%s: %s %u clashes with the data task of color %u: on WSE-2 a data task's id is its color (use another %s id)",
				    what, res_names[res[i].kind], res[i].id,
				    res[j].id, res_names[res[i].kind]);
			if (res[i].kind == 3 && res[j].kind == 2)
				die("%s: control task %u clashes with local task %u: on WSE-2 they share one task table (use another control task id)",
				    what, res[i].id, res[j].id);
		}
	}
}

/* A data task on a color whose route at the PE has no RAMP in tx never runs. */
static void check_data_tasks(void)
{
	long x, y;
	int i, t;

	for (y = 0; y < rect_h; y++)
		for (x = 0; x < rect_w; x++) {
			const struct image *im;

			for (t = 0; t < ntiles; t++)
				if (x >= tiles[t].x0 && x <= tiles[t].x1 &&
				    y >= tiles[t].y0 && y <= tiles[t].y1)
					break;
			im = &images[tiles[t].image];
			for (i = 0; i < im->nres; i++) {
				unsigned int c = im->res[i].id;
				const struct route *r;

				if (im->res[i].kind != 7)
					continue;
				r = route_at(x, y, c);
				if (!(r->tx & PORT_RAMP))
					error("%s: PE (%ld, %ld): data task bound to color %u, but the route of color %u there has no RAMP in tx (%s): the task would never run",
					    tile_desc(&tiles[t]), x, y, c, c, route_src(r));
			}
		}
}

static void type_str(const struct export *e, char *buf, size_t sz)
{
	int k;
	size_t n;

	if (e->kind == 1) {
		snprintf(buf, sz, "%s", type_name(e->type));
		return;
	}
	n = snprintf(buf, sz, "fn(");
	for (k = 0; k < e->argc && n < sz; k++)
		n += snprintf(buf + n, sz - n, "%s%s", k ? ", " : "", type_name(e->args[k]));
	if (n < sz)
		snprintf(buf + n, sz - n, ")");
}

static void check_exports(const struct image *im, const char *what)
{
	int i, j;

	for (i = 0; i < nlexps; i++) {
		const struct export *l = &lexps[i], *x = NULL;
		char want[256], got[256];

		for (j = 0; j < im->nexps; j++)
			if (!strcmp(im->exps[j].name, l->name))
				x = &im->exps[j];
		type_str(l, want, sizeof(want));
		if (!x) {
			error("%s: does not export '%s' (%s, %s:%d)", what,
			      l->name, want, opt.layout, l->line);
			continue;
		}
		type_str(x, got, sizeof(got));
		if (x->kind != l->kind ||
		    (l->kind == 1 && x->type != l->type) ||
		    (l->kind == 2 && (x->argc != l->argc ||
				      memcmp(x->args, l->args, l->argc * sizeof(int)))))
			error("%s: exports '%s' as %s, but %s:%d says %s", what,
			      l->name, got, opt.layout, l->line, want);
	}
	for (j = 0; j < im->nexps; j++) {
		for (i = 0; i < nlexps; i++)
			if (!strcmp(im->exps[j].name, lexps[i].name))
				break;
		if (i == nlexps)
			error("%s: exports '%s', which %s does not list (add an 'export' line)",
			      what, im->exps[j].name, opt.layout);
	}
}

/* ---- images ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void assign_images(void)
{
	int i, j, k;

	for (i = 0; i < ntiles; i++) {
		struct tile *tl = &tiles[i];
		char *path = tl->src[0] == '/' ? xstrdup(tl->src) :
			     xasprintf("%s%s", layout_dir, tl->src);
		char **defs = xcalloc(tl->ndefs, sizeof(char *));
		struct stat st;

		if (stat(path, &st) || !S_ISREG(st.st_mode))
			die_line(tl->line, "source '%s' not found (%s)", tl->src, path);
		memcpy(defs, tl->defs, tl->ndefs * sizeof(char *));
		qsort(defs, tl->ndefs, sizeof(char *), cmp_str);
		for (j = 0; j < nimages; j++) {
			struct image *im = &images[j];

			if (strcmp(im->path, path) || im->ndefs != tl->ndefs)
				continue;
			for (k = 0; k < tl->ndefs; k++)
				if (strcmp(im->defs[k], defs[k]))
					break;
			if (k == tl->ndefs)
				break;
		}
		if (j == nimages) {
			images = xrealloc(images, (nimages + 1) * sizeof(*images));
			memset(&images[nimages], 0, sizeof(*images));
			images[nimages].path = path;
			images[nimages].defs = defs;
			images[nimages].ndefs = tl->ndefs;
			images[nimages].tile = i;
			images[nimages].obj = xasprintf("%s/pe_%d.o", tmpdir, nimages);
			images[nimages].elf = xasprintf("%s/pe_%d.elf", tmpdir, nimages);
			nimages++;
		} else {
			free(path);
			free(defs);
		}
		tl->image = j;
	}
}

/* ---- output ---- */

static int cmp_export(const void *a, const void *b)
{
	return strcmp(((const struct export *)a)->name,
		      ((const struct export *)b)->name);
}

static json_object *jpair(long a, long b)
{
	json_object *o = json_object_new_array();

	json_object_array_add(o, json_object_new_int(a));
	json_object_array_add(o, json_object_new_int(b));
	return o;
}

static void copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out;
	char buf[65536];
	size_t n;

	if (!in)
		die("%s: %s", from, strerror(errno));
	out = fopen(to, "wb");
	if (!out)
		die("%s: %s", to, strerror(errno));
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			die("%s: %s", to, strerror(errno));
	if (ferror(in) || fclose(out))
		die("%s: write error", to);
	fclose(in);
}

static void write_bundle(json_object *colors)
{
	json_object *root = json_object_new_object(), *a, *row, *o;
	char *path;
	int i, x, y;
	const char *s;
	FILE *f;

	if (mkdir(opt.outdir, 0777) && errno != EEXIST)
		die("-o %s: %s", opt.outdir, strerror(errno));
	for (i = 0; i < nimages; i++) {
		path = xasprintf("%s/pe_%d.elf", opt.outdir, i);
		copy_file(images[i].elf, path);
		free(path);
	}
	/* stale images of an earlier build */
	for (i = nimages;; i++) {
		path = xasprintf("%s/pe_%d.elf", opt.outdir, i);
		if (unlink(path)) {
			free(path);
			break;
		}
		free(path);
	}

	json_object_object_add(root, "format", json_object_new_int(1));
	json_object_object_add(root, "arch", json_object_new_string(opt.arch));
	json_object_object_add(root, "fabric_dims", jpair(opt.dim_x, opt.dim_y));
	json_object_object_add(root, "fabric_offsets", jpair(opt.off_x, opt.off_y));
	json_object_object_add(root, "rectangle", jpair(rect_w, rect_h));
	json_object_object_add(root, "memcpy", json_object_new_boolean(opt.memcpy));
	json_object_object_add(root, "channels",
			       json_object_new_int(opt.memcpy ? opt.channels : 0));
	json_object_object_add(root, "width_west_buf", json_object_new_int(opt.west));
	json_object_object_add(root, "width_east_buf", json_object_new_int(opt.east));
	o = json_object_new_object();
	for (i = 0; i < opt.nparams; i++)
		json_object_object_add(o, opt.params[i].name,
				       json_object_new_string(opt.params[i].value));
	json_object_object_add(root, "params", o);
	a = json_object_new_array();
	for (i = 0; i < nimages; i++) {
		path = xasprintf("pe_%d.elf", i);
		json_object_array_add(a, json_object_new_string(path));
		free(path);
	}
	json_object_object_add(root, "images", a);
	a = json_object_new_array();
	for (y = 0; y < rect_h; y++) {
		row = json_object_new_array();
		for (x = 0; x < rect_w; x++) {
			for (i = 0; i < ntiles; i++)
				if (x >= tiles[i].x0 && x <= tiles[i].x1 &&
				    y >= tiles[i].y0 && y <= tiles[i].y1)
					break;
			json_object_array_add(row, json_object_new_int(tiles[i].image));
		}
		json_object_array_add(a, row);
	}
	json_object_object_add(root, "pe_map", a);

	qsort(lexps, nlexps, sizeof(*lexps), cmp_export);
	a = json_object_new_array();
	for (i = 0; i < nlexps; i++) {
		if (lexps[i].kind != 1)
			continue;
		o = json_object_new_object();
		json_object_object_add(o, "name", json_object_new_string(lexps[i].name));
		json_object_object_add(o, "type",
				       json_object_new_string(type_name(lexps[i].type)));
		json_object_array_add(a, o);
	}
	json_object_object_add(root, "symbols", a);
	a = json_object_new_array();
	for (i = 0; i < nlexps; i++) {
		json_object *args;
		int k;

		if (lexps[i].kind != 2)
			continue;
		o = json_object_new_object();
		json_object_object_add(o, "name", json_object_new_string(lexps[i].name));
		args = json_object_new_array();
		for (k = 0; k < lexps[i].argc; k++)
			json_object_array_add(args,
				json_object_new_string(type_name(lexps[i].args[k])));
		json_object_object_add(o, "args", args);
		json_object_array_add(a, o);
	}
	json_object_object_add(root, "functions", a);
	json_object_object_add(root, "colors", colors);
	a = json_object_new_array();
	for (i = 0; i < nrlines + nstreams; i++) {
		const struct route_line *rl = i < nrlines ? &rlines[i] : NULL;
		const struct stream *st = rl ? NULL : &streams[i - nrlines];
		json_object *v;

		o = json_object_new_object();
		v = jpair(rl ? rl->x0 : 0, rl ? rl->x1 : rect_w - 1);
		json_object_array_add(v, json_object_new_int(rl ? rl->xs : 1));
		json_object_object_add(o, "x", v);
		v = jpair(rl ? rl->y0 : 0, rl ? rl->y1 : rect_h - 1);
		json_object_array_add(v, json_object_new_int(rl ? rl->ys : 1));
		json_object_object_add(o, "y", v);
		json_object_object_add(o, "color",
				       json_object_new_int(rl ? rl->color : st->color));
		json_object_object_add(o, "rx", json_object_new_int(
			rl ? rl->rx : st->h2d ? PORT_MEMCPY : PORT_RAMP));
		json_object_object_add(o, "tx", json_object_new_int(
			rl ? rl->tx : st->h2d ? PORT_RAMP : PORT_MEMCPY));
		json_object_array_add(a, o);
	}
	/* then the edge PEs whose routes lost a direction, one entry each */
	for (y = 0; y < rect_h; y++)
		for (x = 0; x < rect_w; x++)
			for (i = 0; i < NR_COLORS; i++) {
				const struct route *r = route_at(x, y, i);
				json_object *v;

				if (!r->cut)
					continue;
				o = json_object_new_object();
				v = jpair(x, x);
				json_object_array_add(v, json_object_new_int(1));
				json_object_object_add(o, "x", v);
				v = jpair(y, y);
				json_object_array_add(v, json_object_new_int(1));
				json_object_object_add(o, "y", v);
				json_object_object_add(o, "color", json_object_new_int(i));
				json_object_object_add(o, "rx", json_object_new_int(r->rx));
				json_object_object_add(o, "tx", json_object_new_int(r->tx));
				json_object_array_add(a, o);
			}
	json_object_object_add(root, "routes", a);

	/* one top-level key per line, values compact (as in PE-ABI.md) */
	path = xasprintf("%s/out.json", opt.outdir);
	f = fopen(path, "w");
	if (!f)
		die("%s: %s", path, strerror(errno));
	fputs("{\n", f);
	i = 0;
	json_object_object_foreach(root, key, val) {
		s = json_object_to_json_string_ext(val, JSON_C_TO_STRING_SPACED |
						   JSON_C_TO_STRING_NOSLASHESCAPE);
		fprintf(f, "%s  \"%s\": %s", i++ ? ",\n" : "", key, s);
	}
	if (fputs("\n}\n", f) < 0 || fclose(f))
		die("%s: %s", path, strerror(errno));
	free(path);
	json_object_put(root);
}

/* ---- main ---- */

static void find_sysroot(void)
{
	static char buf[PATH_MAX];
	char *p, *chk;
	ssize_t n;

	if (!opt.sysroot) {
		n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
		if (n <= 0)
			die("cannot find my own path; use --sysroot=DIR");
		buf[n] = 0;
		/* <top>/tools/wse-cc/wse-cc -> <top> */
		for (int i = 0; i < 3; i++) {
			p = strrchr(buf, '/');
			if (!p)
				die("cannot derive the source tree from %s; use --sysroot=DIR", buf);
			*p = 0;
		}
		opt.sysroot = buf[0] ? buf : "/";
	}
	chk = xasprintf("%s/include/wse/pe.h", opt.sysroot);
	if (access(chk, R_OK))
		die("--sysroot=%s: no include/wse/pe.h there", opt.sysroot);
	free(chk);
	chk = xasprintf("%s/pe/crt0.c", opt.sysroot);
	if (access(chk, R_OK))
		die("--sysroot=%s: no pe/crt0.c there", opt.sysroot);
	free(chk);
	chk = xasprintf("%s/pe/libm.c", opt.sysroot);
	if (access(chk, R_OK))
		die("--sysroot=%s: no pe/libm.c there", opt.sysroot);
	free(chk);
	chk = xasprintf("%s/pe/pe.ld", opt.sysroot);
	if (access(chk, R_OK))
		die("--sysroot=%s: no pe/pe.ld there", opt.sysroot);
	free(chk);
}

int main(int argc, char **argv)
{
	json_object *colors;
	char *crt0_src, *crt0_obj, *libm_src, *libm_obj;
	const char *t;
	int i;

	parse_args(argc, argv);
	parse_layout();
	check_flags();
	colors = json_object_new_object();
	check_params(colors);
	build_routes();
	check_errors();		/* every error of the layout and its routes */
	find_sysroot();

	t = getenv("TMPDIR");
	tmpdir = xasprintf("%s/wse-cc.XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(tmpdir)) {
		char *d = tmpdir;

		tmpdir = NULL;
		die("mkdtemp %s: %s", d, strerror(errno));
	}
	assign_images();

	if (elf_version(EV_CURRENT) == EV_NONE)
		die("libelf: %s", elf_errmsg(-1));
	crt0_src = xasprintf("%s/pe/crt0.c", opt.sysroot);
	crt0_obj = xasprintf("%s/crt0.o", tmpdir);
	compile(crt0_src, NULL, 0, crt0_obj, "the PE runtime (pe/crt0.c)", true);
	libm_src = xasprintf("%s/pe/libm.c", opt.sysroot);
	libm_obj = xasprintf("%s/libm.o", tmpdir);
	compile(libm_src, NULL, 0, libm_obj, "the PE math library (pe/libm.c)", true);

	for (i = 0; i < nimages; i++) {
		struct image *im = &images[i];
		char *what = tile_desc(&tiles[im->tile]);

		if (!compile(im->path, im->defs, im->ndefs, im->obj, what, false)) {
			free(what);
			continue;	/* the other images' errors too */
		}
		link_image(im, crt0_obj, libm_obj, what);
		read_elf(im, what, &im->res, &im->nres);
		check_resources(what, im->res, im->nres);
		check_exports(im, what);
		free(what);
	}
	check_errors();
	check_data_tasks();
	check_errors();
	write_bundle(colors);
	if (opt.verbose)
		fprintf(stderr, "wse-cc: wrote %s/out.json and %d image%s\n",
			opt.outdir, nimages, nimages == 1 ? "" : "s");
	cleanup();
	return 0;
}
