/* Float loop: a small recurrence with add, mul, div and conversions. */
#include <stdint.h>

uint32_t bench(uint32_t n)
{
	float a = 1.0f, b = 0.5f, c = 0.0f, d = 3.0f;
	uint32_t i, acc = 0;
	union { float f; uint32_t u; } v;

	for (i = 0; i < n; i++) {
		a = a * 0.999f + b;
		b = b * 0.5f + 0.25f;	/* bounded: (int32_t) below is defined */
		c = c + a / d;
		d = d + 1e-3f;
		if (c > 1e6f)
			c = c * 1e-6f;
		acc += (int32_t)(a * 16.0f);
	}
	v.f = a + b + c + d;
	return acc ^ v.u;
}
