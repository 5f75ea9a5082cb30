// SPDX-License-Identifier: MIT
/*
 * crt0.c - the PE runtime (doc/PE-ABI.md sections 4 and 5), linked into
 * every PE image by wse-cc together with pe.ld.
 *
 * _start (at 0x0000): sp = __stack_top, wse_init(), unblock the
 * command stream, then forever: run the ready local tasks, WAIT_CALL (the
 * first time; WAIT_AGAIN after), handle
 * the event: a launch calls the trampoline (the PE jumps there from the
 * wait with the launch arguments, returning to the loop's top); a
 * wavelet calls the data task bound to its color; a
 * control wavelet calls the control task whose id it carries; a task mask
 * (async ops completed) activates those local tasks.
 *
 * .bss is not zeroed here: LOAD zeroes every byte of PE memory outside the
 * image (doc/PE-ABI.md section 2), so a loop here would only burn
 * instructions (a 16 KiB array cost ~50,000 per PE at every RUN).
 */
#include <wse/pe.h>

/* Entry: set sp and go to C.  Placed first by pe.ld (.text._start). */
__asm__(".section .text._start,\"ax\",@progbits\n"
	".globl _start\n"
	".type _start, @function\n"
	"_start:\n"
	"	lui	sp, %hi(__stack_top)\n"
	"	addi	sp, sp, %lo(__stack_top)\n"
	"	j	__wse_main\n"
	".size _start, .-_start\n"
	".text\n");

/* Local task state (section 5). */
wse_task_fn __wse_task_fn[WSE_NR_LOCAL_TASKS];
uint32_t __wse_task_active;
uint32_t __wse_task_blocked;

/* Data tasks by color (section 10). */
union __wse_data_task __wse_data_fn[WSE_NR_COLORS];
uint8_t __wse_data_kind[WSE_NR_COLORS];

/* Control tasks by id (section 10). */
wse_task_fn __wse_ctrl_fn[WSE_NR_CONTROL_TASK_IDS];

/* WAIT's 64-byte argument buffer: 15 launch words (and one spare). */
static uint32_t __wse_args[16] __attribute__((aligned(64)));

void __wse_main(void) __attribute__((noreturn, used));

/* Call color @c's data task, by its kind, with wavelet @w. */
static void __wse_data_task(uint32_t c, uint32_t w)
{
	const union __wse_data_task *t = &__wse_data_fn[c];

	switch (__wse_data_kind[c]) {
	case __WSE_DT_U32:
		t->u32(w);
		break;
	case __WSE_DT_F32:
		t->f32(wse_f32_from_bits(w));
		break;
	case __WSE_DT_U16_IDX:
		t->u16_idx((uint16_t)w, (uint16_t)(w >> 16));
		break;
	case __WSE_DT_I16_IDX:
		t->i16_idx((int16_t)(uint16_t)w, (uint16_t)(w >> 16));
		break;
	}
}

/* Weak default: a program may define its own wse_init(). */
__attribute__((weak)) void wse_init(void)
{
}

/* Only when a task is active: the loop tests that in line. */
static void run_tasks(void)
{
	for (;;) {
		uint32_t ready = __wse_task_active & ~__wse_task_blocked;
		uint32_t id;

		if (!ready)
			return;
		/* only bound tasks run; an unbound activation stays pending */
		for (id = 0; id < WSE_NR_LOCAL_TASKS; id++)
			if ((ready >> id & 1) && __wse_task_fn[id])
				break;
		if (id == WSE_NR_LOCAL_TASKS)
			return;
		__wse_task_active &= ~(1u << id);
		__wse_task_fn[id]();
	}
}

/*
 * The caller-saved registers (ilp32f) a launched function may change: the
 * waits below may "return" to the loop's top through that function, so
 * they are their clobbers.
 */
#define __WSE_CALL_CLOBBERS						\
	"memory", "ra", "t0", "t1", "t2", "t3", "t4", "t5", "t6", "a3",	\
	"a4", "a5", "a6", "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6",	\
	"ft7", "ft8", "ft9", "ft10", "ft11", "fa0", "fa1", "fa2", "fa3",	\
	"fa4", "fa5", "fa6", "fa7"

void __wse_main(void)
{
	register uint32_t a0 __asm__("a0");
	register uint32_t a1 __asm__("a1");
	register uint32_t a2 __asm__("a2");
	register uint32_t a7 __asm__("a7");
	/*
	 * In a register for the whole loop (the empty asm hides what it
	 * holds, so the compiler keeps it in a callee-saved register rather
	 * than rebuilding the address with two instructions per WAIT).
	 */
	uint32_t *active = &__wse_task_active;

	__asm__("" : "+r"(active));
	wse_init();
	wse_unblock_cmd_stream();
	/*
	 * The first WAIT_CALL names the buffer and the loop's top, where a
	 * launch's trampoline returns; the loop's WAIT_AGAIN reuses both: the
	 * path every PE takes, 8 instructions with an empty function (WAIT
	 * and a call from here took 14).  Other events return after it.
	 */
	a0 = (uint32_t)(uintptr_t)__wse_args;
	a2 = (uint32_t)(uintptr_t)&&top;
	a7 = WSE_EC_WAIT_CALL;
	__asm__ goto("ecall" : "+r"(a0), "=r"(a1), "+r"(a2), "+r"(a7)
		     : : __WSE_CALL_CLOBBERS : top);
	goto event;
	for (;;) {
top:
		if (__builtin_expect(*active != 0, 0))
			run_tasks();
		a7 = WSE_EC_WAIT_AGAIN;
		__asm__ goto("ecall" : "=r"(a0), "=r"(a1), "=r"(a2), "+r"(a7)
			     : : __WSE_CALL_CLOBBERS : top);
event:
		if (a0 == WSE_EV_WAVELET) {
			uint32_t c = __wse_args[0];

			if (c < WSE_NR_COLORS)
				__wse_data_task(c, a1);
		} else if (a0 == WSE_EV_CONTROL) {
			wse_task_fn t = __wse_ctrl_fn[WSE_CONTROL_TASK_ID(a1)];

			wse_assert(t);	/* a sentinel nobody bound */
			t();
		} else if (a0 == WSE_EV_TASKS) {	/* buffer[0]: .unblock */
			__wse_task_active |= a1;
			__wse_task_blocked &= ~__wse_args[0];
		}
	}
}

/*
 * Freestanding string functions clang may call for struct copies and
 * large initialisers.  Byte loops through volatile pointers, so the
 * compiler cannot turn them back into calls to themselves.
 */
void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	volatile unsigned char *d = dst;
	const unsigned char *s = src;

	if ((((uintptr_t)d | (uintptr_t)s | n) & 3) == 0) {
		volatile uint32_t *dw = (volatile uint32_t *)dst;
		const uint32_t *sw = src;

		for (; n; n -= 4)
			*dw++ = *sw++;
		return dst;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	volatile unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + n) {
		while (n--)
			*d++ = *s++;
	} else {
		while (n--)
			d[n] = s[n];
	}
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	volatile unsigned char *d = dst;

	if ((((uintptr_t)d | n) & 3) == 0) {
		volatile uint32_t *dw = (volatile uint32_t *)dst;
		uint32_t w = (unsigned char)c * 0x01010101u;

		for (; n; n -= 4)
			*dw++ = w;
		return dst;
	}
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}
