/* SPDX-License-Identifier: MIT */
/*
 * wse/pe.h - the PE-side API for freestanding C programs (doc/PE-ABI.md).
 *
 * Compile with the flags wse-cc uses:
 *   clang --target=riscv32 -march=rv32imf -mabi=ilp32f -ffreestanding -nostdlib
 *         -mno-relax -O2
 * and link with pe/crt0.c and pe/pe.ld (wse-cc does all of it).
 *
 *   float A[64];
 *   WSE_EXPORT_SYMBOL(A, WSE_F32);            // copy-mode symbol "A" (f32)
 *   void compute(float alpha, int32_t n) { ...; wse_unblock_cmd_stream(); }
 *   WSE_EXPORT_FN(compute, WSE_F32, WSE_I32); // host-callable "compute"
 *
 * Everything here is a macro or a static inline function; the runtime state
 * (local tasks, data tasks) lives in pe/crt0.c.
 *
 * Macros whose color / queue / task arguments must be integer constants
 * (they record the use in .wse.resources and check the range at compile
 * time): wse_bind_local_task, wse_bind_data_task, wse_dsd_fabin,
 * wse_dsd_fabout, wse_send32, wse_send16, wse_recv32, wse_recv16,
 * wse_bind_control_task, wse_dsd_fabout_ctrl, wse_send_control.  The
 * DSD and wavelet macros are expressions (GNU statement expressions,
 * accepted with -pedantic): use them inside functions.
 */
#ifndef _WSE_PE_API_H
#define _WSE_PE_API_H

#include <stdint.h>
#include <stddef.h>

#if !defined(__riscv) || __riscv_xlen != 32
#error "wse/pe.h is for PE programs (clang --target=riscv32 -march=rv32imf -mabi=ilp32f)"
#endif

/* builtin, event and vector-op numbers, and WSE_PE_MEM_BYTES */
#include <wse/pe_abi.h>

/*
 * Export types (PE-ABI section 6).  Plain integer tokens: WSE_EXPORT_FN
 * pastes them, so always name them by these macros.
 */
#define WSE_F32 1
#define WSE_I32 2
#define WSE_U32 3
#define WSE_I16 4
#define WSE_U16 5
#define WSE_F16 6

typedef uint16_t wse_f16_t;	/* f16: the raw binary16 bits */

#define WSE_EXPORT_DATA	1
#define WSE_EXPORT_FUNC	2
#define WSE_EXPORT_NAME_MAX 39	/* characters, without the NUL */

/* One record per export, section .wse.exports (not loaded). 64 bytes. */
struct wse_export_rec {
	char name[40];
	uint32_t kind;			/* WSE_EXPORT_DATA / WSE_EXPORT_FUNC */
	union {
		uint32_t word;
		const volatile void *data;
		void (*tramp)(const uint32_t *args);
	} addr;
	uint32_t bytes;			/* data: sizeof the object */
	uint8_t type;			/* data: WSE_T* */
	uint8_t argc;			/* function: <= 15 */
	uint8_t args[8];		/* arg i: (args[i/2] >> 4*(i%2)) & 15 */
	uint8_t reserved[2];
};
_Static_assert(sizeof(struct wse_export_rec) == 64, "export record is 64 bytes");

/*
 * Resource records (PE-ABI section 7), section .wse.resources (not loaded):
 * one {kind, id} per use, checked by wse-cc against the reserved ids.
 */
#define WSE_RES_COLOR		1	/* 0..23;  reserved 21, 22, 23 */
#define WSE_RES_LOCAL_TASK	2	/* 0..31;  reserved 27, 28, 30 */
#define WSE_RES_CONTROL_TASK	3	/* 0..63;  reserved 33..37 */
#define WSE_RES_INPUT_QUEUE	4	/* 0..7;   reserved 0 (and 1 on wse3) */
#define WSE_RES_OUTPUT_QUEUE	5	/* 0..7;   reserved 0 */
#define WSE_RES_MICROTHREAD	6	/* 0..7;   reserved 0 */
#define WSE_RES_DATA_TASK_COLOR	7	/* 0..23: a color bound to a data task */

struct wse_resource_rec {
	uint32_t kind;
	uint32_t id;
};

#define __WSE_CAT_(a, b) a##b
#define __WSE_CAT(a, b) __WSE_CAT_(a, b)
#define __WSE_STR_(x) #x
#define __WSE_STR(x) __WSE_STR_(x)
#define __WSE_FIRST_(x, ...) x
#define __WSE_FIRST(...) __WSE_FIRST_(__VA_ARGS__, ~)
#define __WSE_STR_(x) #x
#define __WSE_STR(x) __WSE_STR_(x)

/*
 * WSE_RESOURCE(kind, id): record a use of a resource; a declaration, valid at
 * file scope and inside a function.  @id must be an integer constant.
 */
#define WSE_RESOURCE(kind, id)						\
	__attribute__((used, section(".wse.resources"), aligned(4)))	\
	static const struct wse_resource_rec				\
	__WSE_CAT(__wse_res_, __COUNTER__) = { (kind), (id) }

#define WSE_USE_COLOR(id)		WSE_RESOURCE(WSE_RES_COLOR, id)
#define WSE_USE_CONTROL_TASK(id)	WSE_RESOURCE(WSE_RES_CONTROL_TASK, id)
#define WSE_USE_INPUT_QUEUE(id)		WSE_RESOURCE(WSE_RES_INPUT_QUEUE, id)
#define WSE_USE_OUTPUT_QUEUE(id)	WSE_RESOURCE(WSE_RES_OUTPUT_QUEUE, id)
#define WSE_USE_MICROTHREAD(id)		WSE_RESOURCE(WSE_RES_MICROTHREAD, id)
#define WSE_USE_LOCAL_TASK(id)		WSE_RESOURCE(WSE_RES_LOCAL_TASK, id)
#define WSE_USE_DATA_TASK_COLOR(id)	WSE_RESOURCE(WSE_RES_DATA_TASK_COLOR, id)

/* ---- parameters (CSL `param`; doc/PE-ABI.md section 9) ---- */

/*
 * wse-cc passes --params=NAME:VALUE and a tile's NAME=VALUE only as
 * __WSE_PARAM_<NAME> (and __WSE_HAVE_PARAM_<NAME> = 1), so a parameter
 * exists in a program only where the program declares it:
 *
 *   WSE_PARAM(int16_t, len);           required: `len`, an integer constant
 *   WSE_PARAM(int16_t, stride, 1);     with a default
 *   WSE_PARAM_F32(alpha, 0.5f);        a float (`static const float`)
 *
 * An integer parameter is an enum constant (usable in array sizes,
 * _Static_assert, colors of wse_dsd_fabin, ...) whose value must fit @type
 * (checked at compile time) and int.  A missing required parameter is a
 * compile error naming it.  Declare it at file scope, once.
 *
 * Modules (CSL @import_module with parameters): a header included several
 * times, each time as an instance with its own prefix and values:
 *
 *   #define WSE_MODULE small          // importer: instance name
 *   #define WSE_WITH_N 4              // its parameter N
 *   #include "axpy.h"                 // defines small_N, small_axpy()
 *   #undef WSE_MODULE
 *
 *   // axpy.h
 *   #ifndef WSE_WITH_N
 *   #define WSE_WITH_N 8              // the default
 *   #endif
 *   WSE_MODULE_PARAM(int16_t, N, WSE_WITH_N);
 *   #undef WSE_WITH_N
 *   static void WSE_MODULE_NAME(axpy)(float *y, const float *x, float a)
 *   { for (int i = 0; i < WSE_MODULE_NAME(N); i++) y[i] += a * x[i]; }
 */
#define __WSE_ISDEF_PLACEHOLDER_1 0,
#define __WSE_SECOND(a, b, ...) b
#define __WSE_ISDEF(m) __WSE_ISDEF_(m)
#define __WSE_ISDEF_(v) __WSE_ISDEF__(__WSE_ISDEF_PLACEHOLDER_##v)
#define __WSE_ISDEF__(junk) __WSE_SECOND(junk 1, 0, ~)
#define __WSE_PICK_1(given, dflt) given
#define __WSE_PICK_0(given, dflt) dflt
#define __WSE_PICK(c, given, dflt) __WSE_CAT(__WSE_PICK_, c)(given, dflt)
#define __WSE_PVAL(name, dflt)						\
	__WSE_PICK(__WSE_ISDEF(__WSE_HAVE_PARAM_##name),		\
		   __WSE_PARAM_##name, dflt)

#define __WSE_INT_CONST(type, name, v, what)				\
	_Static_assert((v) == (type)(v), what " " #name			\
		       ": the value does not fit " #type);		\
	enum { name = (type)(v) }

#define __WSE_PARAM_REQ(type, name)					\
	_Static_assert(__WSE_ISDEF(__WSE_HAVE_PARAM_##name),		\
		       "parameter " #name " not given (--params="	\
		       #name ":VALUE or the layout's tile NAME=VALUE)");	\
	__WSE_INT_CONST(type, name, __WSE_PVAL(name, 0), "parameter")
#define __WSE_PARAM_DEF(type, name, dflt)				\
	__WSE_INT_CONST(type, name, __WSE_PVAL(name, dflt), "parameter")
#define __WSE_PARAM_SEL(a, b, c, ...) c

/* WSE_PARAM(type, name[, default]): integer parameter @name (see above). */
#define WSE_PARAM(type, ...)						\
	__WSE_PARAM_SEL(__VA_ARGS__, __WSE_PARAM_DEF, __WSE_PARAM_REQ, ~) \
		(type, __VA_ARGS__)

/* WSE_PARAM_F32(name[, default]): float parameter @name. */
#define WSE_PARAM_F32(...)						\
	__WSE_PARAM_SEL(__VA_ARGS__, __WSE_PARAM_F32_DEF, __WSE_PARAM_F32_REQ, ~) \
		(__VA_ARGS__)
#define __WSE_PARAM_F32_REQ(name)					\
	_Static_assert(__WSE_ISDEF(__WSE_HAVE_PARAM_##name),		\
		       "parameter " #name " not given (--params="	\
		       #name ":VALUE or the layout's tile NAME=VALUE)");	\
	static const float name = (float)(__WSE_PVAL(name, 0))
#define __WSE_PARAM_F32_DEF(name, dflt)				\
	static const float name = (float)(__WSE_PVAL(name, dflt))

/* Module instances: WSE_MODULE_NAME(x) is <WSE_MODULE>_x. */
#define WSE_MODULE_NAME(x) __WSE_CAT(WSE_MODULE, __WSE_CAT(_, x))
#define WSE_MODULE_PARAM(type, name, value)				\
	__WSE_INT_CONST(type, WSE_MODULE_NAME(name), value, "module parameter")

/* ---- exports ---- */

/* WSE_EXPORT_SYMBOL(obj, type): data symbol #obj with element type @type. */
#define WSE_EXPORT_SYMBOL(obj, t_) WSE_EXPORT_SYMBOL_AS(obj, #obj, t_)

/*
 * WSE_EXPORT_SYMBOL_AS(obj, "name", type): @obj exported under the string
 * literal "name" (CSL's @export_symbol(obj, "name")): the host's get_id()
 * and the layout's export line use "name".  One export per object.
 */
#define WSE_EXPORT_SYMBOL_AS(obj, name_, t_)				\
	_Static_assert(sizeof(name_) <= WSE_EXPORT_NAME_MAX + 1,	\
		       "export name " name_ " longer than 39 characters"); \
	_Static_assert((t_) >= WSE_F32 && (t_) <= WSE_F16,		\
		       "WSE_EXPORT_SYMBOL(" #obj "): unknown t_");	\
	_Static_assert(sizeof(obj) % __WSE_CAT(__WSE_ESIZE_, t_) == 0, \
		       "WSE_EXPORT_SYMBOL(" #obj "): size is not a multiple of the element size"); \
	__attribute__((used, section(".wse.exports"), aligned(4)))	\
	static const struct wse_export_rec __wse_export_##obj = {	\
		.name = name_,						\
		.kind = WSE_EXPORT_DATA,				\
		.addr = { .data = &(obj) },				\
		.bytes = sizeof(obj),					\
		.type = (t_),						\
	}

static inline float __wse_u2f(uint32_t w)
{
	union { uint32_t u; float f; } v = { .u = w };
	return v.f;
}

static inline uint32_t __wse_f2u(float f)
{
	union { float f; uint32_t u; } v = { .f = f };
	return v.u;
}

#define __WSE_ESIZE_1 4
#define __WSE_ESIZE_2 4
#define __WSE_ESIZE_3 4
#define __WSE_ESIZE_4 2
#define __WSE_ESIZE_5 2
#define __WSE_ESIZE_6 2

/* launch word -> parameter (PE-ABI section 6) */
#define __WSE_CVT_1(w) __wse_u2f(w)
#define __WSE_CVT_2(w) ((int32_t)(w))
#define __WSE_CVT_3(w) ((uint32_t)(w))
#define __WSE_CVT_4(w) ((int16_t)(uint16_t)(w))
#define __WSE_CVT_5(w) ((uint16_t)(w))
#define __WSE_CVT_6(w) ((wse_f16_t)(w))
#define __WSE_CVT(t, w) __WSE_CAT(__WSE_CVT_, t)(w)

#define __WSE_CTYPE_1 float
#define __WSE_CTYPE_2 int32_t
#define __WSE_CTYPE_3 uint32_t
#define __WSE_CTYPE_4 int16_t
#define __WSE_CTYPE_5 uint16_t
#define __WSE_CTYPE_6 wse_f16_t
#define __WSE_CTYPE(t) __WSE_CAT(__WSE_CTYPE_, t)

#define __WSE_NARG(...) __WSE_NARG_(__VA_ARGS__, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#define __WSE_NARG_(_1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, N, ...) N

/* __WSE_CALL_<1+k>(a, fn, t0..t(k-1)): fn(converted a[0..k-1]) */
#define __WSE_CALL_1(a, fn) fn()
#define __WSE_CALL_2(a, fn, t0) fn(__WSE_CVT(t0, a[0]))
#define __WSE_CALL_3(a, fn, t0, t1) fn(__WSE_CVT(t0, a[0]), __WSE_CVT(t1, a[1]))
#define __WSE_CALL_4(a, fn, t0, t1, t2) fn(__WSE_CVT(t0, a[0]), __WSE_CVT(t1, a[1]), __WSE_CVT(t2, a[2]))
#define __WSE_CALL_5(a, fn, t0, t1, t2, t3) fn(__WSE_CVT(t0, a[0]), __WSE_CVT(t1, a[1]), __WSE_CVT(t2, a[2]), __WSE_CVT(t3, a[3]))
#define __WSE_CALL_6(a, fn, t0, t1, t2, t3, t4) fn(__WSE_CVT(t0, a[0]), __WSE_CVT(t1, a[1]), __WSE_CVT(t2, a[2]), __WSE_CVT(t3, a[3]), __WSE_CVT(t4, a[4]))
#define __WSE_CALL_7(a, fn, t0, t1, t2, t3, t4, t5) fn(__WSE_CVT(t0, a[0]), __WSE_CVT(t1, a[1]), __WSE_CVT(t2, a[2]), __WSE_CVT(t3, a[3]), __WSE_CVT(t4, a[4]), __WSE_CVT(t5, a[5]))
#define __WSE_CALL_8(a, fn, t0, t1, t2, t3, t4, t5, t6) fn(__WSE_CVT(t0, a[0]), __WSE_CVT(t1, a[1]), __WSE_CVT(t2, a[2]), __WSE_CVT(t3, a[3]), __WSE_CVT(t4, a[4]), __WSE_CVT(t5, a[5]), __WSE_CVT(t6, a[6]))
#define __WSE_CALL_9(a, fn, t0, t1, t2, t3, t4, t5, t6, t7) fn(__WSE_CVT(t0, a[0]), __WSE_CVT(t1, a[1]), __WSE_CVT(t2, a[2]), __WSE_CVT(t3, a[3]), __WSE_CVT(t4, a[4]), __WSE_CVT(t5, a[5]), __WSE_CVT(t6, a[6]), __WSE_CVT(t7, a[7]))
#define __WSE_CALL_10(a, fn, t0, t1, t2, t3, t4, t5, t6, t7, t8) fn(__WSE_CVT(t0, a[0]), __WSE_CVT(t1, a[1]), __WSE_CVT(t2, a[2]), __WSE_CVT(t3, a[3]), __WSE_CVT(t4, a[4]), __WSE_CVT(t5, a[5]), __WSE_CVT(t6, a[6]), __WSE_CVT(t7, a[7]), __WSE_CVT(t8, a[8]))
#define __WSE_CALL_11(a, fn, t0, t1, t2, t3, t4, t5, t6, t7, t8, t9) fn(__WSE_CVT(t0, a[0]), __WSE_CVT(t1, a[1]), __WSE_CVT(t2, a[2]), __WSE_CVT(t3, a[3]), __WSE_CVT(t4, a[4]), __WSE_CVT(t5, a[5]), __WSE_CVT(t6, a[6]), __WSE_CVT(t7, a[7]), __WSE_CVT(t8, a[8]), __WSE_CVT(t9, a[9]))
#define __WSE_CALL_12(a, fn, t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10) fn(__WSE_CVT(t0, a[0]), __WSE_CVT(t1, a[1]), __WSE_CVT(t2, a[2]), __WSE_CVT(t3, a[3]), __WSE_CVT(t4, a[4]), __WSE_CVT(t5, a[5]), __WSE_CVT(t6, a[6]), __WSE_CVT(t7, a[7]), __WSE_CVT(t8, a[8]), __WSE_CVT(t9, a[9]), __WSE_CVT(t10, a[10]))
#define __WSE_CALL_13(a, fn, t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11) fn(__WSE_CVT(t0, a[0]), __WSE_CVT(t1, a[1]), __WSE_CVT(t2, a[2]), __WSE_CVT(t3, a[3]), __WSE_CVT(t4, a[4]), __WSE_CVT(t5, a[5]), __WSE_CVT(t6, a[6]), __WSE_CVT(t7, a[7]), __WSE_CVT(t8, a[8]), __WSE_CVT(t9, a[9]), __WSE_CVT(t10, a[10]), __WSE_CVT(t11, a[11]))
#define __WSE_CALL_14(a, fn, t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12) fn(__WSE_CVT(t0, a[0]), __WSE_CVT(t1, a[1]), __WSE_CVT(t2, a[2]), __WSE_CVT(t3, a[3]), __WSE_CVT(t4, a[4]), __WSE_CVT(t5, a[5]), __WSE_CVT(t6, a[6]), __WSE_CVT(t7, a[7]), __WSE_CVT(t8, a[8]), __WSE_CVT(t9, a[9]), __WSE_CVT(t10, a[10]), __WSE_CVT(t11, a[11]), __WSE_CVT(t12, a[12]))
#define __WSE_CALL_15(a, fn, t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12, t13) fn(__WSE_CVT(t0, a[0]), __WSE_CVT(t1, a[1]), __WSE_CVT(t2, a[2]), __WSE_CVT(t3, a[3]), __WSE_CVT(t4, a[4]), __WSE_CVT(t5, a[5]), __WSE_CVT(t6, a[6]), __WSE_CVT(t7, a[7]), __WSE_CVT(t8, a[8]), __WSE_CVT(t9, a[9]), __WSE_CVT(t10, a[10]), __WSE_CVT(t11, a[11]), __WSE_CVT(t12, a[12]), __WSE_CVT(t13, a[13]))
#define __WSE_CALL_16(a, fn, t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12, t13, t14) fn(__WSE_CVT(t0, a[0]), __WSE_CVT(t1, a[1]), __WSE_CVT(t2, a[2]), __WSE_CVT(t3, a[3]), __WSE_CVT(t4, a[4]), __WSE_CVT(t5, a[5]), __WSE_CVT(t6, a[6]), __WSE_CVT(t7, a[7]), __WSE_CVT(t8, a[8]), __WSE_CVT(t9, a[9]), __WSE_CVT(t10, a[10]), __WSE_CVT(t11, a[11]), __WSE_CVT(t12, a[12]), __WSE_CVT(t13, a[13]), __WSE_CVT(t14, a[14]))

/* __WSE_NIB_<1+k>(fn, t0..): the argument types, 4 bits each, arg 0 lowest */
#define __WSE_NIB_1(fn) ((uint64_t)0)
#define __WSE_NIB_2(fn, t0) (((uint64_t)(t0) << 0))
#define __WSE_NIB_3(fn, t0, t1) (((uint64_t)(t0) << 0) | ((uint64_t)(t1) << 4))
#define __WSE_NIB_4(fn, t0, t1, t2) (((uint64_t)(t0) << 0) | ((uint64_t)(t1) << 4) | ((uint64_t)(t2) << 8))
#define __WSE_NIB_5(fn, t0, t1, t2, t3) (((uint64_t)(t0) << 0) | ((uint64_t)(t1) << 4) | ((uint64_t)(t2) << 8) | ((uint64_t)(t3) << 12))
#define __WSE_NIB_6(fn, t0, t1, t2, t3, t4) (((uint64_t)(t0) << 0) | ((uint64_t)(t1) << 4) | ((uint64_t)(t2) << 8) | ((uint64_t)(t3) << 12) | ((uint64_t)(t4) << 16))
#define __WSE_NIB_7(fn, t0, t1, t2, t3, t4, t5) (((uint64_t)(t0) << 0) | ((uint64_t)(t1) << 4) | ((uint64_t)(t2) << 8) | ((uint64_t)(t3) << 12) | ((uint64_t)(t4) << 16) | ((uint64_t)(t5) << 20))
#define __WSE_NIB_8(fn, t0, t1, t2, t3, t4, t5, t6) (((uint64_t)(t0) << 0) | ((uint64_t)(t1) << 4) | ((uint64_t)(t2) << 8) | ((uint64_t)(t3) << 12) | ((uint64_t)(t4) << 16) | ((uint64_t)(t5) << 20) | ((uint64_t)(t6) << 24))
#define __WSE_NIB_9(fn, t0, t1, t2, t3, t4, t5, t6, t7) (((uint64_t)(t0) << 0) | ((uint64_t)(t1) << 4) | ((uint64_t)(t2) << 8) | ((uint64_t)(t3) << 12) | ((uint64_t)(t4) << 16) | ((uint64_t)(t5) << 20) | ((uint64_t)(t6) << 24) | ((uint64_t)(t7) << 28))
#define __WSE_NIB_10(fn, t0, t1, t2, t3, t4, t5, t6, t7, t8) (((uint64_t)(t0) << 0) | ((uint64_t)(t1) << 4) | ((uint64_t)(t2) << 8) | ((uint64_t)(t3) << 12) | ((uint64_t)(t4) << 16) | ((uint64_t)(t5) << 20) | ((uint64_t)(t6) << 24) | ((uint64_t)(t7) << 28) | ((uint64_t)(t8) << 32))
#define __WSE_NIB_11(fn, t0, t1, t2, t3, t4, t5, t6, t7, t8, t9) (((uint64_t)(t0) << 0) | ((uint64_t)(t1) << 4) | ((uint64_t)(t2) << 8) | ((uint64_t)(t3) << 12) | ((uint64_t)(t4) << 16) | ((uint64_t)(t5) << 20) | ((uint64_t)(t6) << 24) | ((uint64_t)(t7) << 28) | ((uint64_t)(t8) << 32) | ((uint64_t)(t9) << 36))
#define __WSE_NIB_12(fn, t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10) (((uint64_t)(t0) << 0) | ((uint64_t)(t1) << 4) | ((uint64_t)(t2) << 8) | ((uint64_t)(t3) << 12) | ((uint64_t)(t4) << 16) | ((uint64_t)(t5) << 20) | ((uint64_t)(t6) << 24) | ((uint64_t)(t7) << 28) | ((uint64_t)(t8) << 32) | ((uint64_t)(t9) << 36) | ((uint64_t)(t10) << 40))
#define __WSE_NIB_13(fn, t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11) (((uint64_t)(t0) << 0) | ((uint64_t)(t1) << 4) | ((uint64_t)(t2) << 8) | ((uint64_t)(t3) << 12) | ((uint64_t)(t4) << 16) | ((uint64_t)(t5) << 20) | ((uint64_t)(t6) << 24) | ((uint64_t)(t7) << 28) | ((uint64_t)(t8) << 32) | ((uint64_t)(t9) << 36) | ((uint64_t)(t10) << 40) | ((uint64_t)(t11) << 44))
#define __WSE_NIB_14(fn, t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12) (((uint64_t)(t0) << 0) | ((uint64_t)(t1) << 4) | ((uint64_t)(t2) << 8) | ((uint64_t)(t3) << 12) | ((uint64_t)(t4) << 16) | ((uint64_t)(t5) << 20) | ((uint64_t)(t6) << 24) | ((uint64_t)(t7) << 28) | ((uint64_t)(t8) << 32) | ((uint64_t)(t9) << 36) | ((uint64_t)(t10) << 40) | ((uint64_t)(t11) << 44) | ((uint64_t)(t12) << 48))
#define __WSE_NIB_15(fn, t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12, t13) (((uint64_t)(t0) << 0) | ((uint64_t)(t1) << 4) | ((uint64_t)(t2) << 8) | ((uint64_t)(t3) << 12) | ((uint64_t)(t4) << 16) | ((uint64_t)(t5) << 20) | ((uint64_t)(t6) << 24) | ((uint64_t)(t7) << 28) | ((uint64_t)(t8) << 32) | ((uint64_t)(t9) << 36) | ((uint64_t)(t10) << 40) | ((uint64_t)(t11) << 44) | ((uint64_t)(t12) << 48) | ((uint64_t)(t13) << 52))
#define __WSE_NIB_16(fn, t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12, t13, t14) (((uint64_t)(t0) << 0) | ((uint64_t)(t1) << 4) | ((uint64_t)(t2) << 8) | ((uint64_t)(t3) << 12) | ((uint64_t)(t4) << 16) | ((uint64_t)(t5) << 20) | ((uint64_t)(t6) << 24) | ((uint64_t)(t7) << 28) | ((uint64_t)(t8) << 32) | ((uint64_t)(t9) << 36) | ((uint64_t)(t10) << 40) | ((uint64_t)(t11) << 44) | ((uint64_t)(t12) << 48) | ((uint64_t)(t13) << 52) | ((uint64_t)(t14) << 56))

/* __WSE_PROTO_<1+k>(fn, t0..): the C type fn must have */
#define __WSE_PROTO_1(fn) void (*)(void)
#define __WSE_PROTO_2(fn, t0) void (*)(__WSE_CTYPE(t0))
#define __WSE_PROTO_3(fn, t0, t1) void (*)(__WSE_CTYPE(t0), __WSE_CTYPE(t1))
#define __WSE_PROTO_4(fn, t0, t1, t2) void (*)(__WSE_CTYPE(t0), __WSE_CTYPE(t1), __WSE_CTYPE(t2))
#define __WSE_PROTO_5(fn, t0, t1, t2, t3) void (*)(__WSE_CTYPE(t0), __WSE_CTYPE(t1), __WSE_CTYPE(t2), __WSE_CTYPE(t3))
#define __WSE_PROTO_6(fn, t0, t1, t2, t3, t4) void (*)(__WSE_CTYPE(t0), __WSE_CTYPE(t1), __WSE_CTYPE(t2), __WSE_CTYPE(t3), __WSE_CTYPE(t4))
#define __WSE_PROTO_7(fn, t0, t1, t2, t3, t4, t5) void (*)(__WSE_CTYPE(t0), __WSE_CTYPE(t1), __WSE_CTYPE(t2), __WSE_CTYPE(t3), __WSE_CTYPE(t4), __WSE_CTYPE(t5))
#define __WSE_PROTO_8(fn, t0, t1, t2, t3, t4, t5, t6) void (*)(__WSE_CTYPE(t0), __WSE_CTYPE(t1), __WSE_CTYPE(t2), __WSE_CTYPE(t3), __WSE_CTYPE(t4), __WSE_CTYPE(t5), __WSE_CTYPE(t6))
#define __WSE_PROTO_9(fn, t0, t1, t2, t3, t4, t5, t6, t7) void (*)(__WSE_CTYPE(t0), __WSE_CTYPE(t1), __WSE_CTYPE(t2), __WSE_CTYPE(t3), __WSE_CTYPE(t4), __WSE_CTYPE(t5), __WSE_CTYPE(t6), __WSE_CTYPE(t7))
#define __WSE_PROTO_10(fn, t0, t1, t2, t3, t4, t5, t6, t7, t8) void (*)(__WSE_CTYPE(t0), __WSE_CTYPE(t1), __WSE_CTYPE(t2), __WSE_CTYPE(t3), __WSE_CTYPE(t4), __WSE_CTYPE(t5), __WSE_CTYPE(t6), __WSE_CTYPE(t7), __WSE_CTYPE(t8))
#define __WSE_PROTO_11(fn, t0, t1, t2, t3, t4, t5, t6, t7, t8, t9) void (*)(__WSE_CTYPE(t0), __WSE_CTYPE(t1), __WSE_CTYPE(t2), __WSE_CTYPE(t3), __WSE_CTYPE(t4), __WSE_CTYPE(t5), __WSE_CTYPE(t6), __WSE_CTYPE(t7), __WSE_CTYPE(t8), __WSE_CTYPE(t9))
#define __WSE_PROTO_12(fn, t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10) void (*)(__WSE_CTYPE(t0), __WSE_CTYPE(t1), __WSE_CTYPE(t2), __WSE_CTYPE(t3), __WSE_CTYPE(t4), __WSE_CTYPE(t5), __WSE_CTYPE(t6), __WSE_CTYPE(t7), __WSE_CTYPE(t8), __WSE_CTYPE(t9), __WSE_CTYPE(t10))
#define __WSE_PROTO_13(fn, t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11) void (*)(__WSE_CTYPE(t0), __WSE_CTYPE(t1), __WSE_CTYPE(t2), __WSE_CTYPE(t3), __WSE_CTYPE(t4), __WSE_CTYPE(t5), __WSE_CTYPE(t6), __WSE_CTYPE(t7), __WSE_CTYPE(t8), __WSE_CTYPE(t9), __WSE_CTYPE(t10), __WSE_CTYPE(t11))
#define __WSE_PROTO_14(fn, t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12) void (*)(__WSE_CTYPE(t0), __WSE_CTYPE(t1), __WSE_CTYPE(t2), __WSE_CTYPE(t3), __WSE_CTYPE(t4), __WSE_CTYPE(t5), __WSE_CTYPE(t6), __WSE_CTYPE(t7), __WSE_CTYPE(t8), __WSE_CTYPE(t9), __WSE_CTYPE(t10), __WSE_CTYPE(t11), __WSE_CTYPE(t12))
#define __WSE_PROTO_15(fn, t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12, t13) void (*)(__WSE_CTYPE(t0), __WSE_CTYPE(t1), __WSE_CTYPE(t2), __WSE_CTYPE(t3), __WSE_CTYPE(t4), __WSE_CTYPE(t5), __WSE_CTYPE(t6), __WSE_CTYPE(t7), __WSE_CTYPE(t8), __WSE_CTYPE(t9), __WSE_CTYPE(t10), __WSE_CTYPE(t11), __WSE_CTYPE(t12), __WSE_CTYPE(t13))
#define __WSE_PROTO_16(fn, t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12, t13, t14) void (*)(__WSE_CTYPE(t0), __WSE_CTYPE(t1), __WSE_CTYPE(t2), __WSE_CTYPE(t3), __WSE_CTYPE(t4), __WSE_CTYPE(t5), __WSE_CTYPE(t6), __WSE_CTYPE(t7), __WSE_CTYPE(t8), __WSE_CTYPE(t9), __WSE_CTYPE(t10), __WSE_CTYPE(t11), __WSE_CTYPE(t12), __WSE_CTYPE(t13), __WSE_CTYPE(t14))

/*
 * WSE_EXPORT_FN(fn, types...): host-callable function "fn" taking up to 15
 * arguments of the WSE_* types listed (fn must be `void fn(<those C types>)`:
 * f32 float, i32 int32_t, u32 uint32_t, i16 int16_t, u16 uint16_t,
 * f16 wse_f16_t; checked at compile time).  Generates the trampoline
 * `static void __wse_tramp_<fn>(const uint32_t args[15])` and the export
 * record, whose address is the trampoline's.
 */
#define WSE_EXPORT_FN(...) \
	__WSE_EXPORT_FN_(__WSE_NARG(__VA_ARGS__), __WSE_STR(__WSE_FIRST(__VA_ARGS__)), \
			 __WSE_FIRST(__VA_ARGS__), __VA_ARGS__)
/*
 * WSE_EXPORT_FN_AS("name", fn, types...): the same, exported under the
 * string literal "name" (what launch() and the layout's export line use).
 */
#define WSE_EXPORT_FN_AS(name_, ...) \
	__WSE_EXPORT_FN_(__WSE_NARG(__VA_ARGS__), name_, __WSE_FIRST(__VA_ARGS__), __VA_ARGS__)
#define __WSE_EXPORT_FN_(n, name_, fn, ...) __WSE_EXPORT_FN__(n, name_, fn, __VA_ARGS__)
#define __WSE_EXPORT_FN__(n, name_, fn, ...)				\
	_Static_assert(n >= 1 && n <= 16,				\
		       "WSE_EXPORT_FN(" #fn "): at most 15 arguments");	\
	_Static_assert(sizeof(name_) <= WSE_EXPORT_NAME_MAX + 1,	\
		       "export name " name_ " longer than 39 characters"); \
	_Static_assert(__builtin_types_compatible_p(__typeof__(&fn),	\
			__WSE_CAT(__WSE_PROTO_, n)(__VA_ARGS__)),	\
		       "WSE_EXPORT_FN(" #fn "): the function's type does not match the listed argument types"); \
	__attribute__((used)) static void				\
	__wse_tramp_##fn(const uint32_t args[15])			\
	{								\
		(void)args;						\
		__WSE_CAT(__WSE_CALL_, n)(args, __VA_ARGS__);		\
	}								\
	__attribute__((used, section(".wse.exports"), aligned(4)))	\
	static const struct wse_export_rec __wse_export_##fn = {	\
		.name = name_,						\
		.kind = WSE_EXPORT_FUNC,				\
		.addr = { .tramp = __wse_tramp_##fn },			\
		.argc = (n) - 1,					\
		.args = {						\
			(uint8_t)(__WSE_CAT(__WSE_NIB_, n)(__VA_ARGS__) >> 0), \
			(uint8_t)(__WSE_CAT(__WSE_NIB_, n)(__VA_ARGS__) >> 8), \
			(uint8_t)(__WSE_CAT(__WSE_NIB_, n)(__VA_ARGS__) >> 16), \
			(uint8_t)(__WSE_CAT(__WSE_NIB_, n)(__VA_ARGS__) >> 24), \
			(uint8_t)(__WSE_CAT(__WSE_NIB_, n)(__VA_ARGS__) >> 32), \
			(uint8_t)(__WSE_CAT(__WSE_NIB_, n)(__VA_ARGS__) >> 40), \
			(uint8_t)(__WSE_CAT(__WSE_NIB_, n)(__VA_ARGS__) >> 48), \
			(uint8_t)(__WSE_CAT(__WSE_NIB_, n)(__VA_ARGS__) >> 56), \
		},							\
	}

/* ---- ecalls (PE-ABI section 3: a7 = number, a0..a5 in, a0/a1 out) ---- */

static inline uint32_t __wse_ecall1(uint32_t nr, uint32_t x0)
{
	register uint32_t a0 __asm__("a0") = x0;
	register uint32_t a1 __asm__("a1");
	register uint32_t a7 __asm__("a7") = nr;

	__asm__ __volatile__("ecall" : "+r"(a0), "=r"(a1) : "r"(a7) : "memory");
	return a0;
}

static inline uint64_t __wse_ecall5(uint32_t nr, uint32_t x0, uint32_t x1,
				    uint32_t x2, uint32_t x3, uint32_t x4)
{
	register uint32_t a0 __asm__("a0") = x0;
	register uint32_t a1 __asm__("a1") = x1;
	register uint32_t a2 __asm__("a2") = x2;
	register uint32_t a3 __asm__("a3") = x3;
	register uint32_t a4 __asm__("a4") = x4;
	register uint32_t a7 __asm__("a7") = nr;

	__asm__ __volatile__("ecall"
			     : "+r"(a0), "+r"(a1)
			     : "r"(a2), "r"(a3), "r"(a4), "r"(a7)
			     : "memory");
	return (uint64_t)a1 << 32 | a0;
}

static inline uint64_t __wse_ecall6(uint32_t nr, uint32_t x0, uint32_t x1,
				    uint32_t x2, uint32_t x3, uint32_t x4,
				    uint32_t x5)
{
	register uint32_t a0 __asm__("a0") = x0;
	register uint32_t a1 __asm__("a1") = x1;
	register uint32_t a2 __asm__("a2") = x2;
	register uint32_t a3 __asm__("a3") = x3;
	register uint32_t a4 __asm__("a4") = x4;
	register uint32_t a5 __asm__("a5") = x5;
	register uint32_t a7 __asm__("a7") = nr;

	__asm__ __volatile__("ecall"
			     : "+r"(a0), "+r"(a1)
			     : "r"(a2), "r"(a3), "r"(a4), "r"(a5), "r"(a7)
			     : "memory");
	return (uint64_t)a1 << 32 | a0;
}

/* End the current launch (or init) for this PE. */
static inline void wse_unblock_cmd_stream(void)
{
	__wse_ecall1(WSE_EC_UNBLOCK_CMD_STREAM, 0);
}

static inline uint64_t __wse_self(void)
{
	return __wse_ecall5(WSE_EC_SELF, 0, 0, 0, 0, 0);
}

/* This PE's coordinates in the program rectangle, and the rectangle's size. */
static inline uint32_t wse_pe_x(void)   { return (uint32_t)__wse_self() & 0xffff; }
static inline uint32_t wse_pe_y(void)   { return (uint32_t)__wse_self() >> 16; }
static inline uint32_t wse_rect_w(void) { return (uint32_t)(__wse_self() >> 32) & 0xffff; }
static inline uint32_t wse_rect_h(void) { return (uint32_t)(__wse_self() >> 48); }

/*
 * The device clock (850 MHz, runs while the PE waits; PE-ABI section 1),
 * low 48 bits, low 16-bit word first (CSL's timestamp module).
 */
static inline void wse_timestamp(uint16_t ts[3])
{
	__wse_ecall1(WSE_EC_TIMESTAMP, (uint32_t)(uintptr_t)ts);
}

/*
 * Instructions this PE retired since RUN (the instret CSR, the budget it
 * used; a vector builtin counts max(len, 1)), unlike wse_timestamp().
 */
static inline uint64_t wse_instret(void)
{
	uint32_t hi, lo, hi2;

	do {
		__asm__ __volatile__("csrr %0, instreth" : "=r"(hi));
		__asm__ __volatile__("csrr %0, instret" : "=r"(lo));
		__asm__ __volatile__("csrr %0, instreth" : "=r"(hi2));
	} while (hi != hi2);
	return (uint64_t)hi << 32 | lo;
}

static inline void wse_trace(uint32_t value)
{
	__wse_ecall1(WSE_EC_TRACE, value);
}

/* ---- DSDs and vector builtins (PE-ABI sections 3 and 10) ---- */

/*
 * A DSD is read by the builtin when the op is issued (also for async ops),
 * so it may live on the stack; the memory it describes must stay valid
 * until an async op completes.
 */
struct wse_dsd {
	uint32_t addr;
	uint32_t len;
	int32_t stride;		/* in elements */
	uint32_t fabric;	/* 0 (memory), or WSE_DSD_FABRIC(kind, queue, color) */
};

/* 1-D memory vector: @len elements, element i at ptr + i * stride elements. */
static inline struct wse_dsd wse_dsd_mem(const volatile void *ptr, uint32_t len,
					 int32_t stride)
{
	struct wse_dsd d = { (uint32_t)(uintptr_t)ptr, len, stride, WSE_DSD_MEM };
	return d;
}

static inline struct wse_dsd __wse_dsd_fabric(uint32_t kind, uint32_t queue,
					      uint32_t color, uint32_t len)
{
	struct wse_dsd d = { 0, len, 0, WSE_DSD_FABRIC(kind, queue, color) };
	return d;
}

#define __WSE_CHECK_COLOR(c, what)					\
	_Static_assert((c) >= 0 && (c) < WSE_NR_COLORS,		\
		       what ": color out of range 0..23")
#define __WSE_CHECK_QUEUE(q, what)					\
	_Static_assert((q) >= 0 && (q) < WSE_NR_QUEUES,		\
		       what ": queue out of range 0..7")

/*
 * wse_dsd_fabin(color, queue, len): source of @len wavelets taken from
 * @color's input queue, read through input queue id @queue (CSL
 * fabin_dsd).  @color 0..23 and @queue 0..7 integer constants, recorded as
 * a color and an input queue (wse-cc rejects queue 0, and 1 on WSE-3).
 * Reading a color whose route at this PE has no RAMP in tx is a fault.
 */
#define wse_dsd_fabin(color, queue, len) __extension__ ({		\
	__WSE_CHECK_COLOR(color, "wse_dsd_fabin");			\
	__WSE_CHECK_QUEUE(queue, "wse_dsd_fabin");			\
	WSE_USE_COLOR(color);						\
	WSE_USE_INPUT_QUEUE(queue);					\
	__wse_dsd_fabric(WSE_DSD_FABIN, (queue), (color), (len));	\
})

/*
 * wse_dsd_fabout(color, queue, len): destination of @len wavelets sent on
 * @color through the router's RAMP port, via output queue id @queue (CSL
 * fabout_dsd).  Constants as for fabin; recorded as a color and an output
 * queue (wse-cc rejects queue 0).  Sending on a color whose route at this
 * PE has no RAMP in rx is a fault.
 */
#define wse_dsd_fabout(color, queue, len) __extension__ ({		\
	__WSE_CHECK_COLOR(color, "wse_dsd_fabout");			\
	__WSE_CHECK_QUEUE(queue, "wse_dsd_fabout");			\
	WSE_USE_COLOR(color);						\
	WSE_USE_OUTPUT_QUEUE(queue);					\
	__wse_dsd_fabric(WSE_DSD_FABOUT, (queue), (color), (len));	\
})

/*
 * wse_dsd_fabout_ctrl(color, queue, len): a fabout DSD with CSL's
 * `.control = true`: every wavelet sent through it is a control wavelet.
 * It follows @color's routes like data (same order, same buffers), but
 * at a receiving PE's ramp it runs no data task and no fabin op takes it:
 * it activates the control task whose id is in its bits 21:16 (bind it
 * with wse_bind_control_task; build the payload with
 * wse_control_payload).  Constants and records as for wse_dsd_fabout.
 */
#define wse_dsd_fabout_ctrl(color, queue, len) __extension__ ({	\
	struct wse_dsd __wse_c = wse_dsd_fabout(color, queue, len);	\
	__wse_c.fabric |= WSE_DSD_CONTROL;				\
	__wse_c;							\
})

/*
 * wse_control_payload(id): the 32-bit payload of a control wavelet that
 * activates control task @id (an integer constant 0..63) at its receivers:
 * id << 16, as CSL's `@as(u32, id) << 16`.
 */
#define wse_control_payload(id) __extension__ ({			\
	_Static_assert((id) >= 0 && (id) < WSE_NR_CONTROL_TASK_IDS,	\
		       "wse_control_payload: control task id out of range 0..63"); \
	(uint32_t)WSE_CONTROL_PAYLOAD(id);				\
})

static inline void __wse_vec(uint32_t op, const struct wse_dsd *dst,
			     const struct wse_dsd *s1, uint32_t s2, uint32_t s,
			     uint32_t task)
{
	__wse_ecall6(WSE_EC_VEC, op, (uint32_t)(uintptr_t)dst,
		     (uint32_t)(uintptr_t)s1, s2, s, task);
}

/*
 * Every vector builtin comes in a synchronous form and an _async form
 * taking a last argument @task: the local task (0..31, bound with
 * wse_bind_local_task) activated when the op completes, or
 * WSE_VEC_NO_TASK.  The async form returns at once; at most 8 async ops
 * per PE and one per queue id and direction are in flight (issuing more
 * waits).  Any DSD may be a memory, fabin (source) or fabout (destination)
 * DSD.
 */
#define __WSE_VEC3(name, op)						\
static inline void wse_##name(struct wse_dsd dst, struct wse_dsd src0,	\
			      struct wse_dsd src1)			\
{									\
	__wse_vec(op, &dst, &src0, (uint32_t)(uintptr_t)&src1, 0,	\
		  WSE_VEC_NO_TASK);					\
}									\
static inline void wse_##name##_async(struct wse_dsd dst,		\
				      struct wse_dsd src0,		\
				      struct wse_dsd src1, uint32_t task) \
{									\
	__wse_vec((op) | WSE_VEC_ASYNC, &dst, &src0,			\
		  (uint32_t)(uintptr_t)&src1, 0, task);			\
}									\
static inline void wse_##name##_scalar(struct wse_dsd dst,		\
				       struct wse_dsd src0, float s)	\
{									\
	__wse_vec((op) | WSE_VEC_SCALAR, &dst, &src0, __wse_f2u(s), 0,	\
		  WSE_VEC_NO_TASK);					\
}									\
static inline void wse_##name##_scalar_async(struct wse_dsd dst,	\
					     struct wse_dsd src0, float s, \
					     uint32_t task)		\
{									\
	__wse_vec((op) | WSE_VEC_SCALAR | WSE_VEC_ASYNC, &dst, &src0,	\
		  __wse_f2u(s), 0, task);				\
}

/*
 * dst[i] = src0[i] op src1[i]; _scalar: dst[i] = src0[i] op s
 * (wse_fadds, wse_fsubs, wse_fmuls, wse_fmaxs and their _async, _scalar
 * and _scalar_async forms)
 */
__WSE_VEC3(fadds, WSE_VEC_FADDS)
__WSE_VEC3(fsubs, WSE_VEC_FSUBS)
__WSE_VEC3(fmuls, WSE_VEC_FMULS)
__WSE_VEC3(fmaxs, WSE_VEC_FMAXS)

/* dst[i] = src0[i] + src1[i] * s, fused (CSL @fmacs) */
static inline void wse_fmacs(struct wse_dsd dst, struct wse_dsd src0,
			     struct wse_dsd src1, float s)
{
	__wse_vec(WSE_VEC_FMACS, &dst, &src0, (uint32_t)(uintptr_t)&src1,
		  __wse_f2u(s), WSE_VEC_NO_TASK);
}

static inline void wse_fmacs_async(struct wse_dsd dst, struct wse_dsd src0,
				   struct wse_dsd src1, float s, uint32_t task)
{
	__wse_vec(WSE_VEC_FMACS | WSE_VEC_ASYNC, &dst, &src0,
		  (uint32_t)(uintptr_t)&src1, __wse_f2u(s), task);
}

/* dst[i] = -src0[i] */
static inline void wse_fnegs(struct wse_dsd dst, struct wse_dsd src0)
{
	__wse_vec(WSE_VEC_FNEGS, &dst, &src0, 0, 0, WSE_VEC_NO_TASK);
}

static inline void wse_fnegs_async(struct wse_dsd dst, struct wse_dsd src0,
				   uint32_t task)
{
	__wse_vec(WSE_VEC_FNEGS | WSE_VEC_ASYNC, &dst, &src0, 0, 0, task);
}

/*
 * dst[i] = src[i], 32-bit / 16-bit elements.  mov16 to a fabout DSD sends
 * the 16 bits zero-extended; from a fabin DSD it keeps the low 16 bits.
 */
static inline void wse_mov32(struct wse_dsd dst, struct wse_dsd src)
{
	__wse_vec(WSE_VEC_MOV32, &dst, &src, 0, 0, WSE_VEC_NO_TASK);
}

static inline void wse_mov16(struct wse_dsd dst, struct wse_dsd src)
{
	__wse_vec(WSE_VEC_MOV16, &dst, &src, 0, 0, WSE_VEC_NO_TASK);
}

static inline void wse_mov32_async(struct wse_dsd dst, struct wse_dsd src,
				   uint32_t task)
{
	__wse_vec(WSE_VEC_MOV32 | WSE_VEC_ASYNC, &dst, &src, 0, 0, task);
}

static inline void wse_mov16_async(struct wse_dsd dst, struct wse_dsd src,
				   uint32_t task)
{
	__wse_vec(WSE_VEC_MOV16 | WSE_VEC_ASYNC, &dst, &src, 0, 0, task);
}

/*
 * binary16 (f16) vector ops, CSL @faddh, @fsubh, @fmulh, @fmach: elements
 * are wse_f16_t (2 bytes; 16-bit wavelets through fabric DSDs); results
 * are IEEE binary16 bit for bit (RNE, one rounding, @fmach fused), every
 * NaN 0x7e00; fflags are not touched.  wse_faddh(dst, src0, src1), the
 * _scalar forms take a wse_f16_t; wse_fmach(dst, src0, src1, s):
 * dst[i] = src0[i] + src1[i] * s.
 */
#define __WSE_VEC3H(name, op)						\
static inline void wse_##name(struct wse_dsd dst, struct wse_dsd src0,	\
			      struct wse_dsd src1)			\
{									\
	__wse_vec(op, &dst, &src0, (uint32_t)(uintptr_t)&src1, 0,	\
		  WSE_VEC_NO_TASK);					\
}									\
static inline void wse_##name##_async(struct wse_dsd dst,		\
				      struct wse_dsd src0,		\
				      struct wse_dsd src1, uint32_t task) \
{									\
	__wse_vec((op) | WSE_VEC_ASYNC, &dst, &src0,			\
		  (uint32_t)(uintptr_t)&src1, 0, task);			\
}									\
static inline void wse_##name##_scalar(struct wse_dsd dst,		\
				       struct wse_dsd src0, wse_f16_t s) \
{									\
	__wse_vec((op) | WSE_VEC_SCALAR, &dst, &src0, s, 0,		\
		  WSE_VEC_NO_TASK);					\
}

__WSE_VEC3H(faddh, WSE_VEC_FADDH)
__WSE_VEC3H(fsubh, WSE_VEC_FSUBH)
__WSE_VEC3H(fmulh, WSE_VEC_FMULH)

static inline void wse_fmach(struct wse_dsd dst, struct wse_dsd src0,
			     struct wse_dsd src1, wse_f16_t s)
{
	__wse_vec(WSE_VEC_FMACH, &dst, &src0, (uint32_t)(uintptr_t)&src1, s,
		  WSE_VEC_NO_TASK);
}

static inline void wse_fmach_async(struct wse_dsd dst, struct wse_dsd src0,
				   struct wse_dsd src1, wse_f16_t s,
				   uint32_t task)
{
	__wse_vec(WSE_VEC_FMACH | WSE_VEC_ASYNC, &dst, &src0,
		  (uint32_t)(uintptr_t)&src1, s, task);
}

/* f16 -> f32, exactly (CSL @as(f32, h)). */
static inline float wse_f16_to_f32(wse_f16_t h)
{
	uint32_t sign = (uint32_t)(h & 0x8000) << 16, e = (h >> 10) & 0x1f;
	uint32_t m = h & 0x3ff;

	if (e == 0x1f)
		return __wse_u2f(sign | 0x7f800000u | m << 13);
	if (!e) {
		float v = (float)m * 0x1p-24f;	/* exact */

		return sign ? -v : v;
	}
	return __wse_u2f(sign | (e + 112) << 23 | m << 13);
}

/* f32 -> f16, round to nearest even (CSL @as(f16, f)); NaN is 0x7e00. */
static inline wse_f16_t wse_f32_to_f16(float f)
{
	uint32_t u = __wse_f2u(f), sign = (u >> 16) & 0x8000;
	uint32_t e = (u >> 23) & 0xff, m = u & 0x7fffff, q, rem, half;
	int ue = (int)e - 127, shift;

	if (e == 0xff)
		return (wse_f16_t)(m ? 0x7e00 : sign | 0x7c00);
	if (!e || ue < -25)
		return (wse_f16_t)sign;		/* below half the least subnormal */
	m |= 0x800000;
	shift = ue >= -14 ? 13 : -1 - ue;	/* bits below the f16 ulp */
	q = m >> shift;
	rem = m & ((1u << shift) - 1);
	half = 1u << (shift - 1);
	if (rem > half || (rem == half && (q & 1)))
		q++;
	if (ue < -14)
		return (wse_f16_t)(sign | q);	/* 0x400: the least normal */
	if (q == 0x800) {
		q >>= 1;
		ue++;
	}
	if (ue > 15)
		return (wse_f16_t)(sign | 0x7c00);
	return (wse_f16_t)(sign | (uint32_t)(ue + 15) << 10 | (q & 0x3ff));
}

/*
 * Scalar f16 arithmetic: exact in f32, then one rounding to f16, which is
 * the correctly rounded f16 result (24 >= 2 * 11 + 2 bits: the double
 * rounding is innocuous for +, -, *, /).
 */
#define __WSE_SCALARH(name, expr)					\
static inline wse_f16_t wse_##name(wse_f16_t a, wse_f16_t b)		\
{									\
	float x = wse_f16_to_f32(a), y = wse_f16_to_f32(b);		\
	return wse_f32_to_f16(expr);					\
}
__WSE_SCALARH(addh, x + y)
__WSE_SCALARH(subh, x - y)
__WSE_SCALARH(mulh, x * y)
__WSE_SCALARH(divh, x / y)

/*
 * A scalar source (CSL @fmovs(dst, 0.0), @mov32(dst, k), @mov16(dst, k)):
 * dst[i] = @v for every element of dst (memory or fabout: the fabout's
 * extent when it is the only DSD).
 */
static inline void wse_mov32_scalar(struct wse_dsd dst, uint32_t v)
{
	__wse_vec(WSE_VEC_MOV32 | WSE_VEC_SCALAR, &dst,
		  (const struct wse_dsd *)(uintptr_t)v, 0, 0, WSE_VEC_NO_TASK);
}

static inline void wse_mov16_scalar(struct wse_dsd dst, uint16_t v)
{
	__wse_vec(WSE_VEC_MOV16 | WSE_VEC_SCALAR, &dst,
		  (const struct wse_dsd *)(uintptr_t)v, 0, 0, WSE_VEC_NO_TASK);
}

static inline void wse_fmovs_scalar(struct wse_dsd dst, float s)
{
	wse_mov32_scalar(dst, __wse_f2u(s));
}

static inline void wse_mov32_scalar_async(struct wse_dsd dst, uint32_t v,
					  uint32_t task)
{
	__wse_vec(WSE_VEC_MOV32 | WSE_VEC_SCALAR | WSE_VEC_ASYNC, &dst,
		  (const struct wse_dsd *)(uintptr_t)v, 0, 0, task);
}

static inline void wse_mov16_scalar_async(struct wse_dsd dst, uint16_t v,
					  uint32_t task)
{
	__wse_vec(WSE_VEC_MOV16 | WSE_VEC_SCALAR | WSE_VEC_ASYNC, &dst,
		  (const struct wse_dsd *)(uintptr_t)v, 0, 0, task);
}

/*
 * The @task argument of the _async builtins: WSE_ACTIVATE(id) (the same as
 * id) activates local task @id when the op completes (CSL .activate),
 * WSE_UNBLOCK(id) unblocks it instead (CSL .unblock).
 */
#define WSE_ACTIVATE(id)	((uint32_t)(id))
#define WSE_UNBLOCK(id)		((uint32_t)(id) | WSE_VEC_TASK_UNBLOCK)

/*
 * DSD edits (CSL @set_dsd_base_addr, @set_dsd_length,
 * @increment_dsd_offset): each returns the edited copy of @d.
 * wse_increment_dsd_offset(d, off, type) moves a memory DSD's base by
 * @off elements of @type (off may be negative).
 */
static inline struct wse_dsd wse_set_dsd_base_addr(struct wse_dsd d,
						   const volatile void *p)
{
	d.addr = (uint32_t)(uintptr_t)p;
	return d;
}

static inline struct wse_dsd wse_set_dsd_length(struct wse_dsd d,
						uint32_t len)
{
	d.len = len;
	return d;
}

static inline struct wse_dsd __wse_dsd_inc(struct wse_dsd d, int32_t off,
					   uint32_t elem)
{
	d.addr += (uint32_t)(off * (int32_t)elem);
	return d;
}

#define wse_increment_dsd_offset(d, off, type) \
	__wse_dsd_inc((d), (off), sizeof(type))

/*
 * wse_dsd_wavelet_index_offset(d, index): CSL's memory DSD with
 * .wavelet_index_offset = true, used by an op whose index is @index (the
 * upper half of a wavelet, a u16_idx data task's second argument, or the
 * op's .index option): @d with its base moved by @index 16-bit words, the
 * unit of that index (f16 element i is index i, f32 element i is 2 * i).
 */
static inline struct wse_dsd wse_dsd_wavelet_index_offset(struct wse_dsd d,
							  uint16_t index)
{
	return __wse_dsd_inc(d, index, 2);
}

/*
 * wse_assert(cond) (CSL @assert): if @cond is false the PE stops with an
 * ebreak fault (WSE_FAULT_BREAK) at the assert's pc, which the host sees
 * in the launch's fault report (llvm-addr2line -e pe_<n>.elf PC: the line).
 */
#define wse_assert(cond) do {						\
	if (!(cond))							\
		__asm__ __volatile__("ebreak" ::: "memory");		\
} while (0)

/* A float's bits and back (wavelets carry f32 as their bits). */
static inline uint32_t wse_f32_bits(float f) { return __wse_f2u(f); }
static inline float wse_f32_from_bits(uint32_t w) { return __wse_u2f(w); }

/* ---- element-wise functions over DSDs (CSL @map) ---- */

/* element @i of f32 DSD @d: a load, or one wavelet of a fabin DSD */
static inline float __wse_map_get(struct wse_dsd d, uint32_t i)
{
	float v = 0.0f;

	if (d.fabric) {
		d.len = 1;
		wse_mov32(wse_dsd_mem(&v, 1, 1), d);
		return v;
	}
	return *(volatile float *)(uintptr_t)(d.addr +
		(uint32_t)((int32_t)i * d.stride) * 4u);
}

static inline void __wse_map_put(struct wse_dsd d, uint32_t i, float v)
{
	if (d.fabric) {
		d.len = 1;
		wse_mov32(d, wse_dsd_mem(&v, 1, 1));
		return;
	}
	*(volatile float *)(uintptr_t)(d.addr +
		(uint32_t)((int32_t)i * d.stride) * 4u) = v;
}

/* the DSDs' common length; an unequal or too long one stops the PE */
static inline uint32_t __wse_map_len(struct wse_dsd dst, struct wse_dsd a,
				     struct wse_dsd b, struct wse_dsd c)
{
	wse_assert(a.len == dst.len && b.len == dst.len && c.len == dst.len);
	wse_assert(dst.len <= WSE_VEC_MAX_LEN);
	return dst.len;
}

/*
 * wse_map_f32(dst, fn, a), wse_map2_f32(dst, fn, a, b),
 * wse_map3_f32(dst, fn, a, b, c) (CSL @map): dst[i] = fn(a[i], ...) for
 * every element, in order, of f32 DSDs of one length (at most
 * WSE_VEC_MAX_LEN; otherwise wse_assert stops the PE).  Any DSD may be a
 * memory DSD (any stride) or a fabric one: a fabin source takes one
 * wavelet per element, a fabout destination sends one.  @fn is a plain
 * PE function (float (*)(float[, float[, float]])), run on the PE: each
 * element costs its instructions, unlike the native vector builtins.
 */
static inline void wse_map_f32(struct wse_dsd dst, float (*fn)(float),
			       struct wse_dsd a)
{
	uint32_t n = __wse_map_len(dst, a, a, a);

	for (uint32_t i = 0; i < n; i++)
		__wse_map_put(dst, i, fn(__wse_map_get(a, i)));
}

static inline void wse_map2_f32(struct wse_dsd dst, float (*fn)(float, float),
				struct wse_dsd a, struct wse_dsd b)
{
	uint32_t n = __wse_map_len(dst, a, b, b);

	for (uint32_t i = 0; i < n; i++) {
		float x = __wse_map_get(a, i);

		__wse_map_put(dst, i, fn(x, __wse_map_get(b, i)));
	}
}

static inline void wse_map3_f32(struct wse_dsd dst,
				float (*fn)(float, float, float),
				struct wse_dsd a, struct wse_dsd b,
				struct wse_dsd c)
{
	uint32_t n = __wse_map_len(dst, a, b, c);

	for (uint32_t i = 0; i < n; i++) {
		float x = __wse_map_get(a, i), y = __wse_map_get(b, i);

		__wse_map_put(dst, i, fn(x, y, __wse_map_get(c, i)));
	}
}

/* ---- single wavelets (synchronous; constants as for the fabric DSDs) ---- */

/* wse_send32(color, queue, v): send the uint32_t @v on @color. */
#define wse_send32(color, queue, v) do {				\
	uint32_t __wse_w = (v);						\
	wse_mov32(wse_dsd_fabout(color, queue, 1),			\
		  wse_dsd_mem(&__wse_w, 1, 1));				\
} while (0)

/*
 * wse_send_control(color, queue, id): send one control wavelet on @color
 * that activates control task @id (0..63, an integer constant) at the PEs
 * it reaches (a CSL sentinel: `@mov32(fabout_dsd .control = true,
 * @as(u32, id) << 16)`).  Synchronous, like wse_send32.
 */
#define wse_send_control(color, queue, id) do {				\
	uint32_t __wse_p = wse_control_payload(id);			\
	wse_mov32(wse_dsd_fabout_ctrl(color, queue, 1),			\
		  wse_dsd_mem(&__wse_p, 1, 1));				\
} while (0)

/* wse_send16(color, queue, v): send the uint16_t @v, zero-extended. */
#define wse_send16(color, queue, v) do {				\
	uint16_t __wse_h = (uint16_t)(v);				\
	wse_mov16(wse_dsd_fabout(color, queue, 1),			\
		  wse_dsd_mem(&__wse_h, 1, 1));				\
} while (0)

/* uint32_t wse_recv32(color, queue): the next wavelet of @color (waits). */
#define wse_recv32(color, queue) __extension__ ({			\
	uint32_t __wse_w = 0;						\
	wse_mov32(wse_dsd_mem(&__wse_w, 1, 1),				\
		  wse_dsd_fabin(color, queue, 1));			\
	__wse_w;							\
})

/* uint16_t wse_recv16(color, queue): the low 16 bits of the next wavelet. */
#define wse_recv16(color, queue) __extension__ ({			\
	uint16_t __wse_h = 0;						\
	wse_mov16(wse_dsd_mem(&__wse_h, 1, 1),				\
		  wse_dsd_fabin(color, queue, 1));			\
	__wse_h;							\
})

/* ---- colors and data tasks (PE-ABI section 10; state in pe/crt0.c) ---- */

typedef void (*wse_data_task_fn)(uint32_t wavelet);

/* a color's data task, by the argument kind in __wse_data_kind[] */
union __wse_data_task {
	void (*u32)(uint32_t wavelet);
	void (*f32)(float value);
	void (*u16_idx)(uint16_t value, uint16_t index);
	void (*i16_idx)(int16_t value, uint16_t index);
};
#define __WSE_DT_NONE		0
#define __WSE_DT_U32		1
#define __WSE_DT_F32		2
#define __WSE_DT_U16_IDX	3
#define __WSE_DT_I16_IDX	4

extern union __wse_data_task __wse_data_fn[WSE_NR_COLORS];
extern uint8_t __wse_data_kind[WSE_NR_COLORS];

static inline void __wse_color_ctl(uint32_t color, uint32_t op)
{
	__wse_ecall6(WSE_EC_COLOR_CTL, color, op, 0, 0, 0, 0);
}

/* the assignment to the member of @kind checks @fn's type */
#define __wse_bind_data_task(color, member, kind, fn, what)		\
	do {								\
		__WSE_CHECK_COLOR(color, what);				\
		WSE_USE_COLOR(color);					\
		WSE_USE_DATA_TASK_COLOR(color);				\
		__wse_data_fn[(color)].member = (fn);			\
		__wse_data_kind[(color)] = (kind);			\
		__wse_color_ctl((color), WSE_COLOR_BIND_DATA);		\
	} while (0)

/*
 * wse_bind_data_task(color, fn): call @fn(wavelet) for every wavelet that
 * arrives in @color's input queue while the PE waits in the runtime loop
 * (CSL @bind_data_task).  @color an integer constant 0..23, recorded as a
 * color and as a data task color (kind 7): wse-cc rejects a binding on a
 * PE whose route of @color has no RAMP in tx (the task could never run)
 * and, on WSE-2, a local task id equal to a data task color of the image.
 * @fn a void (*)(uint32_t): the wavelet's 32 bits (f32 bits for floats,
 * 16-bit data zero-extended).
 */
#define wse_bind_data_task(color, fn)					\
	__wse_bind_data_task(color, u32, __WSE_DT_U32, fn, "wse_bind_data_task")

/*
 * Typed data tasks, as CSL's `task t(x: f32)` and `task t(v: u16, i: u16)`:
 * wse_bind_data_task_f32(color, fn): @fn a void (*)(float), the wavelet's
 * bits as an f32.  wse_bind_data_task_u16_idx(color, fn): @fn a
 * void (*)(uint16_t value, uint16_t index), the wavelet's low half and its
 * upper half (the index a sender packs there); _i16_idx the same with
 * int16_t value.  A wrong @fn type is a compile error.  Rebinding a color
 * (from a task too) replaces its task and kind.
 */
#define wse_bind_data_task_f32(color, fn)				\
	__wse_bind_data_task(color, f32, __WSE_DT_F32, fn, "wse_bind_data_task_f32")
#define wse_bind_data_task_u16_idx(color, fn)				\
	__wse_bind_data_task(color, u16_idx, __WSE_DT_U16_IDX, fn,	\
			     "wse_bind_data_task_u16_idx")
#define wse_bind_data_task_i16_idx(color, fn)				\
	__wse_bind_data_task(color, i16_idx, __WSE_DT_I16_IDX, fn,	\
			     "wse_bind_data_task_i16_idx")

/* Stop delivering @color's wavelets to its data task (0..23). */
static inline void wse_unbind_data_task(uint32_t color)
{
	__wse_color_ctl(color, WSE_COLOR_UNBIND_DATA);
	__wse_data_kind[color % WSE_NR_COLORS] = __WSE_DT_NONE;
}

/*
 * Pause / resume deliveries to @color's data task (CSL block/unblock of an
 * input color): while blocked its input queue fills and the color backs
 * up to its sources.
 */
static inline void wse_block_color(uint32_t color)
{
	__wse_color_ctl(color, WSE_COLOR_BLOCK);
}

static inline void wse_unblock_color(uint32_t color)
{
	__wse_color_ctl(color, WSE_COLOR_UNBLOCK);
}

/* ---- local tasks (PE-ABI section 5; state in pe/crt0.c) ---- */

#define WSE_NR_LOCAL_TASKS 32

typedef void (*wse_task_fn)(void);

extern wse_task_fn __wse_task_fn[WSE_NR_LOCAL_TASKS];
extern uint32_t __wse_task_active;
extern uint32_t __wse_task_blocked;

/*
 * wse_bind_local_task(id, fn): @id an integer constant 0..31 (recorded in
 * .wse.resources; wse-cc rejects 27, 28 and 30), @fn a void (*)(void).
 */
#define wse_bind_local_task(id, fn)					\
	do {								\
		_Static_assert((id) >= 0 && (id) < WSE_NR_LOCAL_TASKS,	\
			       "local task id out of range 0..31");	\
		WSE_USE_LOCAL_TASK(id);					\
		__wse_task_fn[(id)] = (fn);				\
	} while (0)

/* Mark task @id ready; it runs once, from the runtime loop, when not blocked. */
static inline void wse_activate(uint32_t id)
{
	__wse_task_active |= 1u << (id & 31);
}

static inline void wse_block(uint32_t id)
{
	__wse_task_blocked |= 1u << (id & 31);
}

static inline void wse_unblock(uint32_t id)
{
	__wse_task_blocked &= ~(1u << (id & 31));
}

/* ---- control tasks (PE-ABI section 10; state in pe/crt0.c) ---- */

extern wse_task_fn __wse_ctrl_fn[WSE_NR_CONTROL_TASK_IDS];

/*
 * wse_bind_control_task(id, fn): run @fn (a void (*)(void)) for every
 * control wavelet that reaches this PE with control task id @id in its
 * payload (CSL @bind_control_task).  @id an integer constant 0..63,
 * recorded as a control task (kind 3): wse-cc rejects 33..37 (the memcpy
 * runtime's) and, on WSE-2, where tasks share one table, an id equal to
 * a local task id or a data task color of the same image.  A control
 * wavelet whose id has no task stops the PE (WSE_FAULT_BREAK in crt0).
 */
#define wse_bind_control_task(id, fn)					\
	do {								\
		_Static_assert((id) >= 0 && (id) < WSE_NR_CONTROL_TASK_IDS, \
			       "control task id out of range 0..63");	\
		WSE_USE_CONTROL_TASK(id);				\
		__wse_ctrl_fn[(id)] = (fn);				\
	} while (0)

/* Optional: defined by the program, called once before the first launch. */
void wse_init(void);

#endif /* _WSE_PE_API_H */
