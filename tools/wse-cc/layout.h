/* SPDX-License-Identifier: MIT */
/*
 * The layout language (doc/PE-ABI.md section 9): params, integer
 * expressions, for loops and conditionals around wse-cc's directives.
 * layout_expand() runs it and hands wse-cc the directive lines it
 * produced, each with its source line, {EXPR} replaced by the value.
 */
#ifndef WSE_CC_LAYOUT_H
#define WSE_CC_LAYOUT_H

struct lline {
	int line;		/* in the layout file */
	char *text;		/* a directive, expressions substituted */
};

struct lparam {			/* --params NAME:VALUE */
	const char *name;
	const char *value;
};

/*
 * Expand the layout file @path with @params overriding its `param`
 * defaults.  Returns the number of lines in *@out.  Errors go to
 * layout_error() (provided by wse-cc, does not return).
 */
int layout_expand(const char *path, const struct lparam *params, int nparams,
		  struct lline **out);

__attribute__((noreturn, format(printf, 2, 3)))
void layout_error(int line, const char *fmt, ...);

#endif
