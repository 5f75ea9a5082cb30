/* Integer loop: xorshift, mul, div, shifts, compares. */
#include <stdint.h>

uint32_t bench(uint32_t n)
{
	uint32_t x = 2463534242u, acc = 0, i;

	for (i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		acc += x * 2654435761u;
		acc ^= (int32_t)x >> 3;
		if ((x & 7) == 3)
			acc += x / ((i & 15) + 1) + (uint32_t)((int32_t)x % 7);
		acc = (acc << 7) | (acc >> 25);
	}
	return acc;
}
