/* Minimal start for the fabric tests and benchmarks (not pe/crt0.c). */
	.section .text.start, "ax"
	.globl _start
_start:
	lui	sp, 0xc		/* sp = 0xc000, the end of PE memory */
	call	bench		/* a0 = n (set by the host) */
	li	a7, 6		/* WSE_EC_TRACE a0 */
	ecall
	ebreak
