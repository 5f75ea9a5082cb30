/* Memory-heavy loop: passes over a 4 KiB array and a byte table. */
#include <stdint.h>

static uint32_t arr[1024];
static uint8_t tab[256];
static uint16_t half[512];

uint32_t bench(uint32_t n)
{
	uint32_t i, j, acc = 1;

	for (i = 0; i < 256; i++)
		tab[i] = (uint8_t)(i * 37 + 11);
	for (j = 0; j < n; j++) {
		for (i = 1; i < 1024; i++)
			arr[i] = arr[i - 1] * 3 + arr[i] + tab[(i + j) & 255];
		for (i = 0; i < 512; i++) {
			half[i] += (uint16_t)arr[i * 2];
			acc += half[i] ^ (int8_t)tab[i & 255];
		}
	}
	return acc + arr[1023];
}
