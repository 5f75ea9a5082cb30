// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sdk_bundle.c - read a program bundle: out.json (json-c) and the PE ELF
 * files (libelf), doc/PE-ABI.md sections 6 and 8.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <libelf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sdk_internal.h"

#ifndef EM_RISCV
#define EM_RISCV 243
#endif

static int why(int err, char *msg, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int why(int err, char *msg, size_t n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, n, fmt, ap);
	va_end(ap);
	return err;
}

static const char *const type_names[] = {
	[SDK_TYPE_NONE] = "?", [SDK_TYPE_F32] = "f32", [SDK_TYPE_I32] = "i32",
	[SDK_TYPE_U32] = "u32", [SDK_TYPE_I16] = "i16", [SDK_TYPE_U16] = "u16",
	[SDK_TYPE_F16] = "f16",
};

const char *sdk_type_name(int type)
{
	if (type <= SDK_TYPE_NONE || type > SDK_TYPE_F16)
		return "?";
	return type_names[type];
}

int sdk__type_from_name(const char *s)
{
	for (int t = SDK_TYPE_F32; t <= SDK_TYPE_F16; t++)
		if (!strcmp(s, type_names[t]))
			return t;
	return -1;
}

/* ---- out.json ------------------------------------------------------------ */

/* @key of @o as an integer in [min, max]. */
static int get_u32(struct json_object *o, const char *what, const char *key,
		   uint32_t min, uint32_t max, uint32_t *v, char *msg, size_t n)
{
	struct json_object *x;
	int64_t i;

	if (!json_object_object_get_ex(o, key, &x))
		return why(-EINVAL, msg, n, "%s: missing \"%s\"", what, key);
	if (!json_object_is_type(x, json_type_int))
		return why(-EINVAL, msg, n, "%s: \"%s\" is not an integer",
			   what, key);
	i = json_object_get_int64(x);
	if (i < min || i > max)
		return why(-EINVAL, msg, n, "%s: \"%s\" %" PRId64 " is outside "
			   "%" PRIu32 "..%" PRIu32, what, key, i, min, max);
	*v = (uint32_t)i;
	return 0;
}

/* @key of @o as an array of two integers in [min, 65535]. */
static int get_pair(struct json_object *o, const char *what, const char *key,
		    uint32_t min, uint32_t *a, uint32_t *b, char *msg, size_t n)
{
	struct json_object *x, *e;
	uint32_t *out[2] = { a, b };

	if (!json_object_object_get_ex(o, key, &x))
		return why(-EINVAL, msg, n, "%s: missing \"%s\"", what, key);
	if (!json_object_is_type(x, json_type_array) ||
	    json_object_array_length(x) != 2)
		return why(-EINVAL, msg, n, "%s: \"%s\" is not an array of two "
			   "integers", what, key);
	for (size_t i = 0; i < 2; i++) {
		int64_t v;

		e = json_object_array_get_idx(x, i);
		if (!json_object_is_type(e, json_type_int))
			return why(-EINVAL, msg, n, "%s: \"%s\"[%zu] is not an "
				   "integer", what, key, i);
		v = json_object_get_int64(e);
		if (v < min || v > 65535)
			return why(-EINVAL, msg, n, "%s: \"%s\"[%zu] %" PRId64
				   " is outside %" PRIu32 "..65535", what, key,
				   i, v, min);
		*out[i] = (uint32_t)v;
	}
	return 0;
}

static int get_array(struct json_object *o, const char *what, const char *key,
		     size_t max, struct json_object **arr, char *msg, size_t n)
{
	if (!json_object_object_get_ex(o, key, arr))
		return why(-EINVAL, msg, n, "%s: missing \"%s\"", what, key);
	if (!json_object_is_type(*arr, json_type_array))
		return why(-EINVAL, msg, n, "%s: \"%s\" is not an array", what,
			   key);
	if (json_object_array_length(*arr) > max)
		return why(-EINVAL, msg, n, "%s: \"%s\" has %zu entries, at "
			   "most %zu", what, key, json_object_array_length(*arr),
			   max);
	return 0;
}

/* A name: a string of 1..39 characters. */
static int get_name(struct json_object *o, const char *what, const char *list,
		    size_t i, char *dst, char *msg, size_t n)
{
	struct json_object *x;
	const char *s;

	if (!json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, "name", &x) ||
	    !json_object_is_type(x, json_type_string))
		return why(-EINVAL, msg, n, "%s: \"%s\"[%zu] has no string "
			   "\"name\"", what, list, i);
	s = json_object_get_string(x);
	if (!*s || strlen(s) >= SDK_NAME_MAX)
		return why(-EINVAL, msg, n, "%s: \"%s\"[%zu] name '%s' must "
			   "have 1..%d characters", what, list, i, s,
			   SDK_NAME_MAX - 1);
	strcpy(dst, s);
	return 0;
}

static int get_type(struct json_object *x, const char *what, const char *where,
		    size_t i, uint32_t *t, char *msg, size_t n)
{
	int type;

	if (!json_object_is_type(x, json_type_string))
		return why(-EINVAL, msg, n, "%s: %s[%zu] is not a type string",
			   what, where, i);
	type = sdk__type_from_name(json_object_get_string(x));
	if (type < 0)
		return why(-EINVAL, msg, n, "%s: %s[%zu] has unknown type '%s' "
			   "(f32, i32, u32, i16, u16, f16)", what, where, i,
			   json_object_get_string(x));
	*t = (uint32_t)type;
	return 0;
}

static int parse_symbols(struct json_object *root, const char *what,
			 struct sdk_bundle *b, char *msg, size_t n)
{
	struct json_object *arr, *x;
	int err;

	if ((err = get_array(root, what, "symbols", WSE_MAX_SYMBOLS, &arr,
			     msg, n)))
		return err;
	b->nr_symbols = (uint32_t)json_object_array_length(arr);
	b->symbols = calloc(b->nr_symbols + 1, sizeof(*b->symbols));
	if (!b->symbols)
		return why(-ENOMEM, msg, n, "out of memory");
	for (uint32_t i = 0; i < b->nr_symbols; i++) {
		struct json_object *o = json_object_array_get_idx(arr, i);

		if ((err = get_name(o, what, "symbols", i, b->symbols[i].name,
				    msg, n)))
			return err;
		if (!json_object_object_get_ex(o, "type", &x))
			return why(-EINVAL, msg, n, "%s: symbol '%s' has no "
				   "\"type\"", what, b->symbols[i].name);
		if ((err = get_type(x, what, "\"symbols\"", i,
				    &b->symbols[i].type, msg, n)))
			return err;
	}
	return 0;
}

static int parse_functions(struct json_object *root, const char *what,
			   struct sdk_bundle *b, char *msg, size_t n)
{
	struct json_object *arr, *args;
	int err;

	if ((err = get_array(root, what, "functions", WSE_MAX_FUNCTIONS, &arr,
			     msg, n)))
		return err;
	b->nr_functions = (uint32_t)json_object_array_length(arr);
	b->functions = calloc(b->nr_functions + 1, sizeof(*b->functions));
	if (!b->functions)
		return why(-ENOMEM, msg, n, "out of memory");
	for (uint32_t i = 0; i < b->nr_functions; i++) {
		struct json_object *o = json_object_array_get_idx(arr, i);
		struct sdk_fn *fn = &b->functions[i];
		char where[64];

		if ((err = get_name(o, what, "functions", i, fn->name, msg, n)))
			return err;
		if (!json_object_object_get_ex(o, "args", &args) ||
		    !json_object_is_type(args, json_type_array))
			return why(-EINVAL, msg, n, "%s: function '%s' has no "
				   "\"args\" array", what, fn->name);
		if (json_object_array_length(args) > WSE_MAX_LAUNCH_ARGS)
			return why(-EINVAL, msg, n, "%s: function '%s' has %zu "
				   "arguments, at most %d", what, fn->name,
				   json_object_array_length(args),
				   WSE_MAX_LAUNCH_ARGS);
		fn->argc = (uint32_t)json_object_array_length(args);
		snprintf(where, sizeof(where), "function '%s' args", fn->name);
		for (uint32_t k = 0; k < fn->argc; k++) {
			uint32_t t;

			if ((err = get_type(json_object_array_get_idx(args, k),
					    what, where, k, &t, msg, n)))
				return err;
			fn->args[k] = (uint8_t)t;
		}
	}
	/* One namespace for symbols and functions. */
	for (uint32_t i = 0; i < b->nr_symbols + b->nr_functions; i++)
		for (uint32_t j = i + 1; j < b->nr_symbols + b->nr_functions;
		     j++) {
			const char *a = i < b->nr_symbols ? b->symbols[i].name :
				b->functions[i - b->nr_symbols].name;
			const char *c = j < b->nr_symbols ? b->symbols[j].name :
				b->functions[j - b->nr_symbols].name;

			if (!strcmp(a, c))
				return why(-EINVAL, msg, n, "%s: name '%s' is "
					   "exported twice", what, a);
		}
	return 0;
}

static int parse_images(struct json_object *root, const char *what,
			struct sdk_bundle *b, char *msg, size_t n)
{
	struct json_object *arr, *row, *e;
	int err;

	if ((err = get_array(root, what, "images", WSE_MAX_IMAGES, &arr, msg,
			     n)))
		return err;
	b->nr_images = (uint32_t)json_object_array_length(arr);
	if (!b->nr_images)
		return why(-EINVAL, msg, n, "%s: \"images\" is empty", what);
	b->images = calloc(b->nr_images, sizeof(*b->images));
	if (!b->images)
		return why(-ENOMEM, msg, n, "out of memory");
	for (uint32_t i = 0; i < b->nr_images; i++) {
		const char *s;

		e = json_object_array_get_idx(arr, i);
		if (!json_object_is_type(e, json_type_string))
			return why(-EINVAL, msg, n, "%s: \"images\"[%" PRIu32
				   "] is not a string", what, i);
		s = json_object_get_string(e);
		if (!*s || strchr(s, '/') || !strcmp(s, ".") ||
		    !strcmp(s, ".."))
			return why(-EINVAL, msg, n, "%s: \"images\"[%" PRIu32
				   "] '%s' is not a file name in the bundle",
				   what, i, s);
		b->images[i].file = strdup(s);
		if (!b->images[i].file)
			return why(-ENOMEM, msg, n, "out of memory");
	}

	if ((err = get_array(root, what, "pe_map", b->height, &arr, msg, n)))
		return err;
	if (json_object_array_length(arr) != b->height)
		return why(-EINVAL, msg, n, "%s: \"pe_map\" has %zu rows, the "
			   "rectangle %" PRIu32, what,
			   json_object_array_length(arr), b->height);
	b->pe_map = calloc((size_t)b->width * b->height, sizeof(*b->pe_map));
	if (!b->pe_map)
		return why(-ENOMEM, msg, n, "out of memory");
	for (uint32_t y = 0; y < b->height; y++) {
		row = json_object_array_get_idx(arr, y);
		if (!json_object_is_type(row, json_type_array) ||
		    json_object_array_length(row) != b->width)
			return why(-EINVAL, msg, n, "%s: \"pe_map\"[%" PRIu32
				   "] is not an array of %" PRIu32 " image "
				   "indices", what, y, b->width);
		for (uint32_t x = 0; x < b->width; x++) {
			int64_t v;

			e = json_object_array_get_idx(row, x);
			v = json_object_is_type(e, json_type_int) ?
				json_object_get_int64(e) : -1;
			if (v < 0 || v >= b->nr_images)
				return why(-EINVAL, msg, n, "%s: \"pe_map\"[%"
					   PRIu32 "][%" PRIu32 "] is not an "
					   "image index below %" PRIu32, what,
					   y, x, b->nr_images);
			b->pe_map[(size_t)y * b->width + x] = (uint16_t)v;
		}
	}
	return 0;
}

/*
 * "params": the compile parameters (--params=NAME:VALUE), an object of
 * strings.  Optional: a bundle without it has none.
 */
static int parse_params(struct json_object *root, const char *what,
			struct sdk_bundle *b, char *msg, size_t n)
{
	struct json_object *o;
	size_t count, i = 0;

	if (!json_object_object_get_ex(root, "params", &o))
		return 0;
	if (!json_object_is_type(o, json_type_object))
		return why(-EINVAL, msg, n, "%s: \"params\" is not an object",
			   what);
	count = (size_t)json_object_object_length(o);
	b->param_names = calloc(count + 1, sizeof(*b->param_names));
	b->param_values = calloc(count + 1, sizeof(*b->param_values));
	if (!b->param_names || !b->param_values)
		return why(-ENOMEM, msg, n, "out of memory");
	json_object_object_foreach(o, key, val) {
		if (!json_object_is_type(val, json_type_string))
			return why(-EINVAL, msg, n, "%s: \"params\" value of "
				   "'%s' is not a string", what, key);
		b->param_names[i] = strdup(key);
		b->param_values[i] = strdup(json_object_get_string(val));
		b->nr_params = (uint32_t)++i;
		if (!b->param_names[i - 1] || !b->param_values[i - 1])
			return why(-ENOMEM, msg, n, "out of memory");
	}
	return 0;
}

/*
 * "colors": the stream colors, {"MEMCPYH2D_DATA_<i>_ID": color, ...} with
 * i = 1..4 (wse-cc's --params of those names).  Optional; other keys are
 * ignored.  Colors 0..20 (21..23 belong to the memcpy runtime), each used
 * once.
 */
static int parse_colors(struct json_object *root, const char *what,
			struct sdk_bundle *b, char *msg, size_t n)
{
	struct json_object *o;
	const char *used[WSE_NR_COLORS] = { NULL };

	for (int i = 0; i <= SDK_MAX_STREAMS; i++)
		b->h2d_color[i] = b->d2h_color[i] = -1;
	if (!json_object_object_get_ex(root, "colors", &o))
		return 0;
	if (!json_object_is_type(o, json_type_object))
		return why(-EINVAL, msg, n, "%s: \"colors\" is not an object",
			   what);
	json_object_object_foreach(o, key, val) {
		bool h2d = !strncmp(key, "MEMCPYH2D_DATA_", 15);
		int idx = -1, len = 0;
		int64_t c;

		if (!h2d && strncmp(key, "MEMCPYD2H_DATA_", 15))
			continue;
		if (sscanf(key + 15, "%d_ID%n", &idx, &len) != 1 ||
		    key[15 + len] || len < 4)
			continue;
		if (idx < 1 || idx > SDK_MAX_STREAMS)
			return why(-EINVAL, msg, n, "%s: \"colors\": %s: the "
				   "stream index must be 1..%d", what, key,
				   SDK_MAX_STREAMS);
		if (!json_object_is_type(val, json_type_int))
			return why(-EINVAL, msg, n, "%s: \"colors\": %s is "
				   "not an integer", what, key);
		c = json_object_get_int64(val);
		if (c < 0 || c > 20)
			return why(-EINVAL, msg, n, "%s: \"colors\": %s = %"
				   PRId64 " is outside 0..20 (21..23 belong to "
				   "the memcpy runtime)", what, key, c);
		if (used[c])
			return why(-EINVAL, msg, n, "%s: \"colors\": %s and "
				   "%s are both color %" PRId64, what, used[c],
				   key, c);
		used[c] = key;
		if (h2d)
			b->h2d_color[idx] = (int)c;
		else
			b->d2h_color[idx] = (int)c;
	}
	return 0;
}

/* "x" / "y" of a route: [first, last, step], first <= last < @limit. */
static int get_range(struct json_object *o, const char *what, size_t i,
		     const char *key, uint32_t limit, uint32_t r[3], char *msg,
		     size_t n)
{
	struct json_object *x;

	if (!json_object_object_get_ex(o, key, &x) ||
	    !json_object_is_type(x, json_type_array) ||
	    json_object_array_length(x) != 3)
		return why(-EINVAL, msg, n, "%s: \"routes\"[%zu]: \"%s\" is "
			   "not an array [first, last, step]", what, i, key);
	for (size_t k = 0; k < 3; k++) {
		struct json_object *e = json_object_array_get_idx(x, k);
		int64_t v;

		if (!json_object_is_type(e, json_type_int))
			return why(-EINVAL, msg, n, "%s: \"routes\"[%zu]: "
				   "\"%s\"[%zu] is not an integer", what, i,
				   key, k);
		v = json_object_get_int64(e);
		if (v < 0 || v > UINT32_MAX)
			return why(-EINVAL, msg, n, "%s: \"routes\"[%zu]: "
				   "\"%s\"[%zu] %" PRId64 " is negative or too "
				   "large", what, i, key, k, v);
		r[k] = (uint32_t)v;
	}
	if (r[0] > r[1] || r[1] >= limit || !r[2])
		return why(-EINVAL, msg, n, "%s: \"routes\"[%zu]: \"%s\" [%"
			   PRIu32 ", %" PRIu32 ", %" PRIu32 "] is not first "
			   "<= last < %" PRIu32 " (the rectangle's %s) with "
			   "step >= 1", what, i, key, r[0], r[1], r[2], limit,
			   key[0] == 'x' ? "width" : "height");
	return 0;
}

static int get_route_u32(struct json_object *o, const char *what, size_t i,
			 const char *key, uint32_t max, uint32_t *v,
			 char *msg, size_t n)
{
	struct json_object *x;
	int64_t val;

	if (!json_object_object_get_ex(o, key, &x) ||
	    !json_object_is_type(x, json_type_int))
		return why(-EINVAL, msg, n, "%s: \"routes\"[%zu]: missing "
			   "integer \"%s\"", what, i, key);
	val = json_object_get_int64(x);
	if (val < 0 || val > max)
		return why(-EINVAL, msg, n, "%s: \"routes\"[%zu]: \"%s\" %"
			   PRId64 " is outside 0..%" PRIu32 "%s", what, i, key,
			   val, max, max == WSE_PORT_ALL ? " (a WSE_PORT_* "
			   "mask)" : "");
	*v = (uint32_t)val;
	return 0;
}

/*
 * "routes" (doc/PE-ABI.md section 11): a list of {"x": [first, last,
 * step], "y": [...], "color": c, "rx": mask, "tx": mask}, expanded in
 * order into the table of struct wse_load (a later entry replaces an
 * earlier one for the same PE and color), then checked against the rules
 * of <linux/wse.h>.  Optional: no "routes", no table.
 */
static int parse_routes(struct json_object *root, const char *what,
			struct sdk_bundle *b, char *msg, size_t n)
{
	struct json_object *arr;
	struct wse_configure cfg = { .width = b->width, .height = b->height };
	char reason[SDK_ERRMSG_MAX / 2];
	size_t count;
	int err;

	if (!json_object_object_get_ex(root, "routes", &arr))
		return 0;
	if (!json_object_is_type(arr, json_type_array))
		return why(-EINVAL, msg, n, "%s: \"routes\" is not an array",
			   what);
	b->routes = calloc((size_t)b->width * b->height * WSE_NR_COLORS,
			   sizeof(*b->routes));
	if (!b->routes)
		return why(-ENOMEM, msg, n, "out of memory");
	count = json_object_array_length(arr);
	for (size_t i = 0; i < count; i++) {
		struct json_object *o = json_object_array_get_idx(arr, i);
		uint32_t xr[3], yr[3], c, rx, tx;

		if (!json_object_is_type(o, json_type_object))
			return why(-EINVAL, msg, n, "%s: \"routes\"[%zu] is "
				   "not an object", what, i);
		if ((err = get_range(o, what, i, "x", b->width, xr, msg, n)) ||
		    (err = get_range(o, what, i, "y", b->height, yr, msg,
				     n)) ||
		    (err = get_route_u32(o, what, i, "color",
					 WSE_NR_COLORS - 1, &c, msg, n)) ||
		    (err = get_route_u32(o, what, i, "rx", WSE_PORT_ALL, &rx,
					 msg, n)) ||
		    (err = get_route_u32(o, what, i, "tx", WSE_PORT_ALL, &tx,
					 msg, n)))
			return err;
		for (uint64_t y = yr[0]; y <= yr[1]; y += yr[2])
			for (uint64_t x = xr[0]; x <= xr[1]; x += xr[2]) {
				struct wse_route *r = &b->routes[
					(y * b->width + x) * WSE_NR_COLORS + c];

				r->rx = (uint8_t)rx;
				r->tx = (uint8_t)tx;
			}
	}
	err = wse__check_routes(&cfg, b->routes, reason, sizeof(reason));
	if (err)
		return why(err, msg, n, "%s: \"routes\": %s", what, reason);
	return 0;
}

struct wse_route sdk__route(const struct sdk_bundle *b, uint32_t x,
			    uint32_t y, uint32_t c)
{
	struct wse_route none = { 0, 0 };

	if (!b->routes || x >= b->width || y >= b->height ||
	    c >= WSE_NR_COLORS)
		return none;
	return b->routes[((size_t)y * b->width + x) * WSE_NR_COLORS + c];
}

int sdk__bundle_parse_json(const char *text, const char *what,
			   struct sdk_bundle *b, char *msg, size_t n)
{
	enum json_tokener_error jerr;
	struct json_object *root, *x;
	const char *arch;
	uint32_t format;
	int err;

	root = json_tokener_parse_verbose(text, &jerr);
	if (!root)
		return why(-EINVAL, msg, n, "%s: not valid JSON: %s", what,
			   json_tokener_error_desc(jerr));
	if (!json_object_is_type(root, json_type_object)) {
		err = why(-EINVAL, msg, n, "%s: not a JSON object", what);
		goto out;
	}
	if ((err = get_u32(root, what, "format", 0, UINT32_MAX, &format, msg,
			   n)))
		goto out;
	if (format != 1) {
		err = why(-EINVAL, msg, n, "%s: format %" PRIu32 " is not "
			  "supported (this library reads format 1)", what,
			  format);
		goto out;
	}
	if (!json_object_object_get_ex(root, "arch", &x) ||
	    !json_object_is_type(x, json_type_string)) {
		err = why(-EINVAL, msg, n, "%s: missing string \"arch\"", what);
		goto out;
	}
	arch = json_object_get_string(x);
	if (!strcmp(arch, "wse2")) {
		b->arch = WSE_ARCH_WSE2;
	} else if (!strcmp(arch, "wse3")) {
		b->arch = WSE_ARCH_WSE3;
	} else {
		err = why(-EINVAL, msg, n, "%s: arch '%s' is neither wse2 nor "
			  "wse3", what, arch);
		goto out;
	}
	if (!json_object_object_get_ex(root, "memcpy", &x) ||
	    !json_object_is_type(x, json_type_boolean) ||
	    !json_object_get_boolean(x)) {
		err = why(-EINVAL, msg, n, "%s: \"memcpy\" is not true: the "
			  "runtime needs a program compiled with --memcpy",
			  what);
		goto out;
	}
	if ((err = get_pair(root, what, "fabric_dims", 1, &b->dim_x, &b->dim_y,
			    msg, n)) ||
	    (err = get_pair(root, what, "fabric_offsets", 0, &b->offset_x,
			    &b->offset_y, msg, n)) ||
	    (err = get_pair(root, what, "rectangle", 1, &b->width, &b->height,
			    msg, n)) ||
	    (err = get_u32(root, what, "channels", 1, WSE_MAX_CHANNELS,
			   &b->channels, msg, n)) ||
	    (err = get_u32(root, what, "width_west_buf", 0, 65535,
			   &b->west_buf, msg, n)) ||
	    (err = get_u32(root, what, "width_east_buf", 0, 65535,
			   &b->east_buf, msg, n)) ||
	    (err = parse_params(root, what, b, msg, n)) ||
	    (err = parse_colors(root, what, b, msg, n)) ||
	    (err = parse_routes(root, what, b, msg, n)) ||
	    (err = parse_images(root, what, b, msg, n)) ||
	    (err = parse_symbols(root, what, b, msg, n)) ||
	    (err = parse_functions(root, what, b, msg, n)))
		goto out;
out:
	json_object_put(root);
	return err;
}

/* ---- ELF ------------------------------------------------------------------- */

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint32_t elem_bytes(uint32_t type)
{
	return type == SDK_TYPE_I16 || type == SDK_TYPE_U16 ||
	       type == SDK_TYPE_F16 ? 2 : 4;
}

/* One 64-byte .wse.exports record into the image's tables. */
static int read_export(struct sdk_bundle *b, struct sdk_image *im,
		       const unsigned char *r, size_t k, char *msg, size_t n)
{
	const char *f = im->file;
	char name[SDK_NAME_MAX];
	uint32_t kind = le32(r + 40), addr = le32(r + 44), bytes = le32(r + 48);
	uint32_t type = r[52], argc = r[53];

	if (!memchr(r, '\0', SDK_NAME_MAX))
		return why(-ENOEXEC, msg, n, "%s: .wse.exports record %zu: "
			   "name is not NUL-terminated", f, k);
	memcpy(name, r, SDK_NAME_MAX);
	if (kind == WSE_EXPORT_DATA_KIND) {
		uint32_t i;

		for (i = 0; i < b->nr_symbols; i++)
			if (!strcmp(b->symbols[i].name, name))
				break;
		if (i == b->nr_symbols) {
			for (uint32_t j = 0; j < b->nr_functions; j++)
				if (!strcmp(b->functions[j].name, name))
					return why(-ENOEXEC, msg, n, "%s: '%s' "
						   "is a data symbol, out.json "
						   "lists a function", f, name);
			return why(-ENOEXEC, msg, n, "%s: exports data symbol "
				   "'%s', which out.json does not list", f,
				   name);
		}
		if (type != b->symbols[i].type)
			return why(-ENOEXEC, msg, n, "%s: symbol '%s' has type "
				   "%s, out.json says %s", f, name,
				   sdk_type_name((int)type),
				   sdk_type_name((int)b->symbols[i].type));
		if (im->symbols[i].addr != WSE_NO_ADDR)
			return why(-ENOEXEC, msg, n, "%s: symbol '%s' is "
				   "exported twice", f, name);
		if (addr % elem_bytes(type) || !bytes ||
		    (uint64_t)addr + bytes > WSE_PE_MEMORY_BYTES)
			return why(-ENOEXEC, msg, n, "%s: symbol '%s' [0x%"
				   PRIx32 ", +%" PRIu32 ") is misaligned, "
				   "empty or outside the %d bytes of PE "
				   "memory", f, name, addr, bytes,
				   WSE_PE_MEMORY_BYTES);
		im->symbols[i].addr = addr;
		im->symbols[i].bytes = bytes;
		return 0;
	}
	if (kind == WSE_EXPORT_FUNC_KIND) {
		const struct sdk_fn *fn = NULL;
		uint32_t i;

		for (i = 0; i < b->nr_functions; i++)
			if (!strcmp(b->functions[i].name, name)) {
				fn = &b->functions[i];
				break;
			}
		if (!fn) {
			for (uint32_t j = 0; j < b->nr_symbols; j++)
				if (!strcmp(b->symbols[j].name, name))
					return why(-ENOEXEC, msg, n, "%s: '%s' "
						   "is a function, out.json "
						   "lists a data symbol", f,
						   name);
			return why(-ENOEXEC, msg, n, "%s: exports function "
				   "'%s', which out.json does not list", f,
				   name);
		}
		if (argc != fn->argc)
			return why(-ENOEXEC, msg, n, "%s: function '%s' takes "
				   "%" PRIu32 " arguments, out.json says %"
				   PRIu32, f, name, argc, fn->argc);
		for (uint32_t a = 0; a < argc; a++) {
			uint32_t t = (r[54 + a / 2] >> 4 * (a % 2)) & 15;

			if (t != fn->args[a])
				return why(-ENOEXEC, msg, n, "%s: function '%s'"
					   " argument %" PRIu32 " is %s, "
					   "out.json says %s", f, name, a,
					   sdk_type_name((int)t),
					   sdk_type_name(fn->args[a]));
		}
		if (im->functions[i] != WSE_NO_ADDR)
			return why(-ENOEXEC, msg, n, "%s: function '%s' is "
				   "exported twice", f, name);
		if (addr % 4 || addr >= WSE_PE_MEMORY_BYTES)
			return why(-ENOEXEC, msg, n, "%s: function '%s' at 0x%"
				   PRIx32 " is misaligned or outside PE "
				   "memory", f, name, addr);
		im->functions[i] = addr;
		return 0;
	}
	return why(-ENOEXEC, msg, n, "%s: .wse.exports record %zu ('%s') has "
		   "kind %" PRIu32 ", neither data (1) nor function (2)", f, k,
		   name, kind);
}

static int read_segments(Elf *elf, struct sdk_image *im, const char *raw,
			 size_t raw_size, char *msg, size_t n)
{
	const char *f = im->file;
	uint64_t end = 0, load_end = 0;
	size_t phnum;
	GElf_Phdr ph;

	if (elf_getphdrnum(elf, &phnum))
		return why(-ENOEXEC, msg, n, "%s: no program headers: %s", f,
			   elf_errmsg(-1));
	for (size_t i = 0; i < phnum; i++) {
		if (!gelf_getphdr(elf, (int)i, &ph))
			return why(-ENOEXEC, msg, n, "%s: program header %zu: "
				   "%s", f, i, elf_errmsg(-1));
		if (ph.p_type != PT_LOAD)
			continue;
		if (ph.p_filesz > ph.p_memsz ||
		    ph.p_vaddr + ph.p_memsz > WSE_PE_MEMORY_BYTES)
			return why(-ENOEXEC, msg, n, "%s: segment %zu [0x%"
				   PRIx64 ", 0x%" PRIx64 ") does not fit in "
				   "the %d bytes of PE memory", f, i,
				   (uint64_t)ph.p_vaddr,
				   (uint64_t)(ph.p_vaddr + ph.p_memsz),
				   WSE_PE_MEMORY_BYTES);
		if (ph.p_offset + ph.p_filesz > raw_size)
			return why(-ENOEXEC, msg, n, "%s: segment %zu is "
				   "truncated", f, i);
		if (ph.p_filesz && ph.p_vaddr + ph.p_filesz > end)
			end = ph.p_vaddr + ph.p_filesz;
		if (ph.p_vaddr + ph.p_memsz > load_end)
			load_end = ph.p_vaddr + ph.p_memsz;
	}
	if (!end)
		return why(-ENOEXEC, msg, n, "%s: no loadable bytes", f);
	im->data_len = (uint32_t)end;
	im->data = calloc(1, end);
	if (!im->data)
		return why(-ENOMEM, msg, n, "out of memory");
	/* Later segments overwrite earlier ones, as a loader would. */
	for (size_t i = 0; i < phnum; i++) {
		gelf_getphdr(elf, (int)i, &ph);
		if (ph.p_type == PT_LOAD && ph.p_filesz)
			memcpy(im->data + ph.p_vaddr, raw + ph.p_offset,
			       ph.p_filesz);
	}
	if (im->entry % 4 || im->entry >= im->data_len)
		return why(-ENOEXEC, msg, n, "%s: entry point 0x%" PRIx32 " is "
			   "misaligned or outside the loaded bytes [0, 0x%"
			   PRIx32 ")", f, im->entry, im->data_len);
	(void)load_end;
	return 0;
}

static int read_exports(Elf *elf, struct sdk_bundle *b, struct sdk_image *im,
			char *msg, size_t n)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx;
	int err;

	if (elf_getshdrstrndx(elf, &shstrndx))
		return why(-ENOEXEC, msg, n, "%s: no section names: %s",
			   im->file, elf_errmsg(-1));
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		const char *name;
		Elf_Data *d;

		if (!gelf_getshdr(scn, &sh))
			continue;
		name = elf_strptr(elf, shstrndx, sh.sh_name);
		if (!name || strcmp(name, ".wse.exports"))
			continue;
		if (sh.sh_type == SHT_NOBITS ||
		    sh.sh_size % SDK_EXPORT_REC_BYTES)
			return why(-ENOEXEC, msg, n, "%s: .wse.exports is %"
				   PRIu64 " bytes, not a multiple of %d",
				   im->file, (uint64_t)sh.sh_size,
				   SDK_EXPORT_REC_BYTES);
		d = elf_rawdata(scn, NULL);
		if (!d || d->d_size != sh.sh_size)
			return why(-ENOEXEC, msg, n, "%s: cannot read "
				   ".wse.exports: %s", im->file, elf_errmsg(-1));
		for (size_t k = 0; k < d->d_size / SDK_EXPORT_REC_BYTES; k++)
			if ((err = read_export(b, im, (const unsigned char *)
					       d->d_buf + k * SDK_EXPORT_REC_BYTES,
					       k, msg, n)))
				return err;
	}
	return 0;
}

/*
 * The data objects of the ELF symbol table (read_symbol() and core files
 * reach any of them, exported or not).  Objects outside PE memory or
 * without a size are skipped.
 */
/* Section @ndx is loaded into PE memory (not .wse.exports, debug info). */
static bool in_pe_memory(Elf *elf, size_t ndx)
{
	Elf_Scn *scn;
	GElf_Shdr sh;

	if (ndx == SHN_UNDEF || ndx >= SHN_LORESERVE)
		return false;
	scn = elf_getscn(elf, ndx);
	return scn && gelf_getshdr(scn, &sh) && (sh.sh_flags & SHF_ALLOC);
}

static int read_symtab(Elf *elf, struct sdk_image *im, char *msg, size_t n)
{
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *d;
		size_t count;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB ||
		    !sh.sh_entsize)
			continue;
		d = elf_getdata(scn, NULL);
		if (!d)
			continue;
		count = sh.sh_size / sh.sh_entsize;
		free(im->elfsyms);
		im->elfsyms = calloc(count ? count : 1, sizeof(*im->elfsyms));
		im->nr_elfsyms = 0;
		if (!im->elfsyms)
			return why(-ENOMEM, msg, n, "out of memory");
		for (size_t k = 0; k < count; k++) {
			struct sdk_elfsym *e = &im->elfsyms[im->nr_elfsyms];
			const char *name;
			GElf_Sym sym;

			if (!gelf_getsym(d, (int)k, &sym) ||
			    GELF_ST_TYPE(sym.st_info) != STT_OBJECT ||
			    !in_pe_memory(elf, sym.st_shndx) ||
			    !sym.st_size || sym.st_value >= WSE_PE_MEMORY_BYTES ||
			    sym.st_size > WSE_PE_MEMORY_BYTES - sym.st_value)
				continue;
			name = elf_strptr(elf, sh.sh_link, sym.st_name);
			if (!name || !*name)
				continue;
			e->name = strdup(name);
			if (!e->name)
				return why(-ENOMEM, msg, n, "out of memory");
			e->addr = (uint32_t)sym.st_value;
			e->bytes = (uint32_t)sym.st_size;
			im->nr_elfsyms++;
		}
	}
	return 0;
}

int sdk__bundle_read_elf(struct sdk_bundle *b, uint32_t i, const char *path,
			 char *msg, size_t n)
{
	struct sdk_image *im = &b->images[i];
	const char *f = im->file;
	GElf_Ehdr eh;
	Elf *elf = NULL;
	char *raw;
	size_t raw_size;
	int fd, err;

	im->functions = malloc((b->nr_functions + 1) * sizeof(*im->functions));
	im->symbols = malloc((b->nr_symbols + 1) * sizeof(*im->symbols));
	if (!im->functions || !im->symbols)
		return why(-ENOMEM, msg, n, "out of memory");
	for (uint32_t k = 0; k < b->nr_functions; k++)
		im->functions[k] = WSE_NO_ADDR;
	for (uint32_t k = 0; k < b->nr_symbols; k++)
		im->symbols[k] = (struct wse_pe_symbol){ WSE_NO_ADDR, 0 };

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return why(-errno, msg, n, "%s: %s", path, strerror(errno));
	if (elf_version(EV_CURRENT) == EV_NONE) {
		err = why(-ENOEXEC, msg, n, "libelf: %s", elf_errmsg(-1));
		goto out;
	}
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF) {
		err = why(-ENOEXEC, msg, n, "%s: not an ELF file", f);
		goto out;
	}
	raw = elf_rawfile(elf, &raw_size);
	if (!raw || !gelf_getehdr(elf, &eh)) {
		err = why(-ENOEXEC, msg, n, "%s: %s", f, elf_errmsg(-1));
		goto out;
	}
	if (eh.e_ident[EI_CLASS] != ELFCLASS32 ||
	    eh.e_ident[EI_DATA] != ELFDATA2LSB || eh.e_machine != EM_RISCV ||
	    eh.e_type != ET_EXEC) {
		err = why(-ENOEXEC, msg, n, "%s: not a 32-bit little-endian "
			  "RISC-V executable (class %u, data %u, machine %u, "
			  "type %u)", f, eh.e_ident[EI_CLASS],
			  eh.e_ident[EI_DATA], eh.e_machine, eh.e_type);
		goto out;
	}
	im->entry = (uint32_t)eh.e_entry;
	if ((err = read_segments(elf, im, raw, raw_size, msg, n)))
		goto out;
	err = read_exports(elf, b, im, msg, n);
	if (!err)
		err = read_symtab(elf, im, msg, n);
out:
	if (elf)
		elf_end(elf);
	close(fd);
	return err;
}

/* ---- the bundle --------------------------------------------------------- */

static char *read_file(const char *path, int *err, char *msg, size_t n)
{
	FILE *fp = fopen(path, "re");
	char *buf = NULL;
	size_t len = 0, cap = 0;

	if (!fp) {
		*err = why(-errno, msg, n, "%s: %s", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		size_t got;

		if (cap - len < 4096) {
			char *nb;

			if (cap > (16u << 20)) {
				*err = why(-EFBIG, msg, n, "%s: larger than "
					   "16 MiB", path);
				goto fail;
			}
			nb = realloc(buf, cap + 65536);
			if (!nb) {
				*err = why(-ENOMEM, msg, n, "out of memory");
				goto fail;
			}
			buf = nb;
			cap += 65536;
		}
		got = fread(buf + len, 1, cap - len - 1, fp);
		len += got;
		if (!got)
			break;
	}
	if (ferror(fp)) {
		*err = why(-EIO, msg, n, "%s: read error", path);
		goto fail;
	}
	fclose(fp);
	buf[len] = '\0';
	if (strlen(buf) != len) {
		free(buf);
		*err = why(-EINVAL, msg, n, "%s: contains a NUL byte", path);
		return NULL;
	}
	return buf;
fail:
	fclose(fp);
	free(buf);
	return NULL;
}

int sdk__bundle_load(const char *bindir, struct sdk_bundle **out, char *msg,
		     size_t n)
{
	struct sdk_bundle *b = calloc(1, sizeof(*b));
	char *path = NULL, *text = NULL;
	int err = 0;

	*out = NULL;
	if (!b)
		return why(-ENOMEM, msg, n, "out of memory");
	if (asprintf(&path, "%s/out.json", bindir) < 0) {
		path = NULL;
		err = why(-ENOMEM, msg, n, "out of memory");
		goto fail;
	}
	text = read_file(path, &err, msg, n);
	if (!text)
		goto fail;
	if ((err = sdk__bundle_parse_json(text, path, b, msg, n)))
		goto fail;
	for (uint32_t i = 0; i < b->nr_images; i++) {
		free(path);
		if (asprintf(&path, "%s/%s", bindir, b->images[i].file) < 0) {
			path = NULL;
			err = why(-ENOMEM, msg, n, "out of memory");
			goto fail;
		}
		if ((err = sdk__bundle_read_elf(b, i, path, msg, n)))
			goto fail;
	}
	free(path);
	free(text);
	*out = b;
	return 0;
fail:
	free(path);
	free(text);
	sdk__bundle_free(b);
	return err;
}

void sdk__bundle_free(struct sdk_bundle *b)
{
	if (!b)
		return;
	for (uint32_t i = 0; b->images && i < b->nr_images; i++) {
		free(b->images[i].file);
		free(b->images[i].data);
		free(b->images[i].functions);
		free(b->images[i].symbols);
		for (uint32_t k = 0; k < b->images[i].nr_elfsyms; k++)
			free(b->images[i].elfsyms[k].name);
		free(b->images[i].elfsyms);
	}
	for (uint32_t i = 0; i < b->nr_params; i++) {
		free(b->param_names[i]);
		free(b->param_values[i]);
	}
	free(b->param_names);
	free(b->param_values);
	free(b->images);
	free(b->pe_map);
	free(b->symbols);
	free(b->functions);
	free(b->routes);
	free(b);
}
