// SPDX-License-Identifier: MIT
/* wse_map*_f32 (CSL @map), run by feed_run.c during init: a stride-2
 * memory source with a fabin one into memory, then memory into fabout. */
#include <wse/pe.h>
float a[6] = { 1, 2, 3, 4, 5, 6 };
float out[3];
static float axpy(float x, float y) { return 2.0f * x + y; }
static float neg(float x) { return -x; }
static float mulsub(float x, float y, float z) { return x * y - z; }
void wse_init(void)
{
	wse_map2_f32(wse_dsd_mem(out, 3, 1), axpy, wse_dsd_mem(a, 3, 2),
		     wse_dsd_fabin(1, 2, 3));
	wse_map_f32(wse_dsd_fabout(2, 1, 3), neg, wse_dsd_mem(out, 3, 1));
	wse_map3_f32(wse_dsd_fabout(2, 1, 3), mulsub, wse_dsd_mem(out, 3, 1),
		     wse_dsd_mem(a, 3, 1), wse_dsd_mem(&a[3], 3, 1));
	/* lengths differ: wse_assert stops the PE */
	wse_map_f32(wse_dsd_mem(out, 3, 1), neg, wse_dsd_mem(a, 2, 1));
}
