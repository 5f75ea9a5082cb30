// SPDX-License-Identifier: MIT
/*
 * The layout language of wse-cc (doc/PE-ABI.md section 9 has the
 * grammar): `param`, `let`, `for ... end`, `if / elif / else / end` and
 * integer expressions ({EXPR} inside a directive).  A small interpreter
 * over the file's lines; every loop and the output are bounded.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"

#define MAX_OUT		(1 << 20)	/* directive lines after expansion */
#define MAX_VARS	256
#define MAX_NAME	63

struct src {
	int line;
	char *text;		/* comment and outer blanks removed */
};

static struct src *src;
static int nsrc;
static struct lline *out;
static int nout, capout;
static struct { char name[MAX_NAME + 1]; long long v; } vars[MAX_VARS];
static int nvars;
static const struct lparam *given;
static int ngiven;

static void *xrealloc_(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		layout_error(0, "out of memory");
	return p;
}

static long long *var(const char *name)
{
	int i;

	for (i = nvars - 1; i >= 0; i--)
		if (!strcmp(vars[i].name, name))
			return &vars[i].v;
	return NULL;
}

static void set_var(int line, const char *name, long long v)
{
	long long *p = var(name);

	if (p) {
		*p = v;
		return;
	}
	if (nvars == MAX_VARS)
		layout_error(line, "more than %d names", MAX_VARS);
	if (strlen(name) > MAX_NAME)
		layout_error(line, "name '%s' longer than %d characters", name, MAX_NAME);
	strcpy(vars[nvars].name, name);
	vars[nvars++].v = v;
}

/* ---- expressions: recursive descent over a string ---- */

struct ex {
	const char *p;
	int line;
	const char *text;	/* the whole expression, for messages */
};

static void skip(struct ex *e)
{
	while (isspace((unsigned char)*e->p))
		e->p++;
}

static bool eat(struct ex *e, const char *tok)
{
	size_t n = strlen(tok);

	skip(e);
	if (strncmp(e->p, tok, n))
		return false;
	/* "<" is not the start of "<=", "=" not of "==" ... */
	if (n == 1 && strchr("<>=!", tok[0]) && e->p[1] == '=')
		return false;
	if (n == 1 && (tok[0] == '&' || tok[0] == '|') && e->p[1] == tok[0])
		return false;
	e->p += n;
	return true;
}

__attribute__((noreturn))
static void bad(struct ex *e, const char *what)
{
	layout_error(e->line, "'%s': %s at '%s'", e->text, what,
		     *e->p ? e->p : "the end");
}

static long long expr(struct ex *e);

static long long check(struct ex *e, __int128 v)
{
	if (v > LLONG_MAX || v < LLONG_MIN)
		bad(e, "integer overflow");
	return (long long)v;
}

static long long primary(struct ex *e)
{
	long long v;

	skip(e);
	if (eat(e, "(")) {
		v = expr(e);
		if (!eat(e, ")"))
			bad(e, "expected ')'");
		return v;
	}
	if (eat(e, "-"))
		return check(e, -(__int128)primary(e));
	if (eat(e, "!"))
		return !primary(e);
	if (isdigit((unsigned char)*e->p)) {
		char *end;

		errno = 0;
		v = strtoll(e->p, &end, 0);
		if (errno || isalnum((unsigned char)*end) || *end == '_')
			bad(e, "bad number");
		e->p = end;
		return v;
	}
	if (isalpha((unsigned char)*e->p) || *e->p == '_') {
		char name[MAX_NAME + 1];
		size_t n = 0;
		long long *p;

		while (isalnum((unsigned char)e->p[n]) || e->p[n] == '_')
			n++;
		if (n > MAX_NAME)
			bad(e, "name too long");
		memcpy(name, e->p, n);
		name[n] = 0;
		e->p += n;
		if (!strcmp(name, "min") || !strcmp(name, "max")) {
			long long a, b;

			if (!eat(e, "("))
				bad(e, "expected '(' after min/max");
			a = expr(e);
			if (!eat(e, ","))
				bad(e, "expected ','");
			b = expr(e);
			if (!eat(e, ")"))
				bad(e, "expected ')'");
			return name[1] == 'i' ? (a < b ? a : b) : (a > b ? a : b);
		}
		p = var(name);
		if (!p) {
			e->p -= n;
			bad(e, "unknown name");
		}
		return *p;
	}
	bad(e, "expected a number, a name or '('");
}

static long long mul(struct ex *e)
{
	long long v = primary(e), r;

	for (;;) {
		if (eat(e, "*")) {
			v = check(e, (__int128)v * primary(e));
		} else if (eat(e, "/") || eat(e, "%")) {
			bool div = e->p[-1] == '/';
			const char *at = e->p;

			r = primary(e);
			if (!r) {
				e->p = at;
				bad(e, "division by zero");
			}
			if (v == LLONG_MIN && r == -1)
				bad(e, "integer overflow");
			v = div ? v / r : v % r;
		} else {
			return v;
		}
	}
}

static long long add(struct ex *e)
{
	long long v = mul(e);

	for (;;) {
		if (eat(e, "+"))
			v = check(e, (__int128)v + mul(e));
		else if (eat(e, "-"))
			v = check(e, (__int128)v - mul(e));
		else
			return v;
	}
}

static long long cmp(struct ex *e)
{
	long long v = add(e);

	if (eat(e, "=="))
		return v == add(e);
	if (eat(e, "!="))
		return v != add(e);
	if (eat(e, "<="))
		return v <= add(e);
	if (eat(e, ">="))
		return v >= add(e);
	if (eat(e, "<"))
		return v < add(e);
	if (eat(e, ">"))
		return v > add(e);
	return v;
}

static long long and_(struct ex *e)
{
	long long v = cmp(e);

	while (eat(e, "&&"))
		v = cmp(e) && v;
	return v;
}

static long long or_(struct ex *e)
{
	long long v = and_(e);

	while (eat(e, "||"))
		v = and_(e) || v;
	return v;
}

static long long expr(struct ex *e)
{
	long long c = or_(e), a, b;

	if (!eat(e, "?"))
		return c;
	a = expr(e);
	if (!eat(e, ":"))
		bad(e, "expected ':'");
	b = expr(e);
	return c ? a : b;
}

/* The value of the whole of @s. */
static long long eval(int line, const char *s)
{
	struct ex e = { s, line, s };
	long long v = expr(&e);

	skip(&e);
	if (*e.p)
		bad(&e, "unexpected text");
	return v;
}

/* ---- statements ---- */

static void emit(int line, const char *text)
{
	char *buf = NULL;
	size_t cap = 0, n = 0;
	const char *p = text;

	if (nout == MAX_OUT)
		layout_error(line, "the layout expands to more than %d lines", MAX_OUT);
	for (;;) {
		const char *o = strchr(p, '{'), *c;
		char num[32], *inner;
		size_t k;

		k = o ? (size_t)(o - p) : strlen(p);
		if (n + k + 32 >= cap) {
			cap = (n + k + 32) * 2;
			buf = xrealloc_(buf, cap);
		}
		memcpy(buf + n, p, k);
		n += k;
		if (!o)
			break;
		c = strchr(o, '}');
		if (!c)
			layout_error(line, "'{' without '}'");
		inner = strndup(o + 1, c - o - 1);
		if (!inner)
			layout_error(line, "out of memory");
		if (strchr(inner, '{'))
			layout_error(line, "'{' inside {...}");
		snprintf(num, sizeof(num), "%lld", eval(line, inner));
		free(inner);
		memcpy(buf + n, num, strlen(num));
		n += strlen(num);
		p = c + 1;
	}
	buf[n] = 0;
	if (strchr(buf, '}'))
		layout_error(line, "'}' without '{'");
	if (nout == capout) {
		capout = capout ? capout * 2 : 64;
		out = xrealloc_(out, capout * sizeof(*out));
	}
	out[nout].line = line;
	out[nout++].text = buf;
}

static bool starts(const char *s, const char *kw)
{
	size_t n = strlen(kw);

	return !strncmp(s, kw, n) && (!s[n] || isspace((unsigned char)s[n]));
}

static bool is_block(const char *s)
{
	return starts(s, "for") || starts(s, "if");
}

/* The index of the `end` closing the block opened at @i. */
static int block_end(int i)
{
	int depth = 0, k;

	for (k = i; k < nsrc; k++) {
		if (is_block(src[k].text))
			depth++;
		else if (starts(src[k].text, "end") && !--depth)
			return k;
	}
	layout_error(src[i].line, "'%.*s' without 'end'",
		     (int)strcspn(src[i].text, " \t"), src[i].text);
}

/* `NAME = EXPR`: the name, and the expression in *@rhs */
static char *assignment(int line, const char *s, const char **rhs)
{
	size_t n = 0;
	char *name;

	while (isspace((unsigned char)*s))
		s++;
	while (isalnum((unsigned char)s[n]) || s[n] == '_')
		n++;
	if (!n || isdigit((unsigned char)s[0]))
		layout_error(line, "expected NAME = EXPR");
	name = strndup(s, n);
	s += n;
	while (isspace((unsigned char)*s))
		s++;
	if (*s != '=' || s[1] == '=')
		layout_error(line, "expected NAME = EXPR");
	*rhs = s + 1;
	return name;
}

static void run(int from, int to);

static void run_for(int i, int end)
{
	const char *s = src[i].text + 3, *rhs, *dots, *step;
	char *name = assignment(src[i].line, s, &rhs), *a, *b;
	long long lo, hi, st = 1, v, saved_n = nvars;

	dots = strstr(rhs, "..");
	if (!dots)
		layout_error(src[i].line, "expected 'for NAME = FIRST .. LAST [step STEP]'");
	step = strstr(dots, " step ");
	a = strndup(rhs, dots - rhs);
	b = step ? strndup(dots + 2, step - dots - 2) : strdup(dots + 2);
	lo = eval(src[i].line, a);
	hi = eval(src[i].line, b);
	if (step)
		st = eval(src[i].line, step + 6);
	if (st < 1)
		layout_error(src[i].line, "step %lld: must be >= 1", st);
	if (hi >= lo && (hi - lo) / st >= MAX_OUT)
		layout_error(src[i].line, "for %s = %lld .. %lld: more than %d turns",
			     name, lo, hi, MAX_OUT);
	if (var(name))
		layout_error(src[i].line, "for %s: the name is already in use", name);
	set_var(src[i].line, name, lo);
	for (v = lo; v <= hi; v += st) {
		*var(name) = v;
		run(i + 1, end);
	}
	nvars = saved_n;	/* the loop variable and lets inside it */
	free(name);
	free(a);
	free(b);
}

static void run_if(int i, int end)
{
	int k = i, depth = 0, branch = i;
	bool done = false;

	/* branches at depth 0: if / elif / else, each up to the next */
	for (k = i + 1; k <= end; k++) {
		const char *t = src[k].text;
		bool head = k == end || (!depth && (starts(t, "elif") || starts(t, "else")));

		if (head) {
			const char *h = src[branch].text;

			if (!done) {
				if (starts(h, "else"))
					done = true;
				else
					done = eval(src[branch].line,
						    h + (starts(h, "if") ? 2 : 4)) != 0;
				if (done)
					run(branch + 1, k);
			}
			if (k < end && starts(src[branch].text, "else"))
				layout_error(src[k].line, "'%s' after 'else'", t);
			branch = k;
			continue;
		}
		if (is_block(t))
			depth++;
		else if (starts(t, "end"))
			depth--;
	}
}

static void run(int from, int to)
{
	int i;

	for (i = from; i < to; i++) {
		const char *t = src[i].text, *rhs;

		if (starts(t, "for")) {
			int e = block_end(i);

			run_for(i, e);
			i = e;
		} else if (starts(t, "if")) {
			int e = block_end(i);

			run_if(i, e);
			i = e;
		} else if (starts(t, "elif") || starts(t, "else") || starts(t, "end")) {
			layout_error(src[i].line, "'%s' without 'if' or 'for'", t);
		} else if (starts(t, "param")) {
			char *name = assignment(src[i].line, t + 5, &rhs);
			long long v = eval(src[i].line, rhs);
			int k;

			for (k = 0; k < ngiven; k++)
				if (!strcmp(given[k].name, name)) {
					char *end;

					errno = 0;
					v = strtoll(given[k].value, &end, 0);
					if (errno || *end || end == given[k].value)
						layout_error(src[i].line, "param %s: --params=%s:%s is not an integer",
							     name, name, given[k].value);
				}
			if (var(name))
				layout_error(src[i].line, "param %s: defined twice", name);
			set_var(src[i].line, name, v);
			free(name);
		} else if (starts(t, "let")) {
			char *name = assignment(src[i].line, t + 3, &rhs);

			set_var(src[i].line, name, eval(src[i].line, rhs));
			free(name);
		} else {
			emit(src[i].line, t);
		}
	}
}

int layout_expand(const char *path, const struct lparam *params, int nparams,
		  struct lline **res)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t cap = 0;
	int line = 0;

	if (!f)
		layout_error(0, "%s", strerror(errno));
	given = params;
	ngiven = nparams;
	while (getline(&buf, &cap, f) >= 0) {
		char *t = buf, *hash = strchr(buf, '#'), *e;

		line++;
		if (hash)
			*hash = 0;
		while (isspace((unsigned char)*t))
			t++;
		e = t + strlen(t);
		while (e > t && isspace((unsigned char)e[-1]))
			*--e = 0;
		if (!*t)
			continue;
		src = xrealloc_(src, (nsrc + 1) * sizeof(*src));
		src[nsrc].line = line;
		src[nsrc].text = strdup(t);
		if (!src[nsrc++].text)
			layout_error(line, "out of memory");
	}
	free(buf);
	fclose(f);
	run(0, nsrc);
	*res = out;
	return nout;
}
