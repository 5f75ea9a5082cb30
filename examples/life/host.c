// SPDX-License-Identifier: MIT
/*
 * host program of examples/life: Conway's game of life on 8x8 PEs, one cell
 * per PE, through the SdkRuntime C API.
 *
 *   examples/life/host [BUNDLE_DIR [DEVICE]]
 *
 * BUNDLE_DIR defaults to the "bundle" directory next to this program.  The
 * board starts with a glider (top left, heading south-east) and a blinker
 * (bottom right), placed so that they do not meet within G generations.
 * The board goes to the PEs' u32 symbol cell with a copy-mode h2d; then,
 * G times, the host launches step() (one generation on the fabric), reads
 * cell back with a copy-mode d2h and compares the board with the same
 * generation computed on the host (cells outside the board are dead).
 * Exit 0 if every generation matches, 1 otherwise.
 */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wse/sdkruntime.h>

#define W 8		/* the layout's rectangle */
#define H 8
#define G 8		/* generations */

/* ROW_MAJOR with l = 1: the cell of PE (x, y) is element x + W * y */
typedef uint32_t board_t[H][W];

static void check(int err, struct sdk_runtime *rt, const char *what)
{
	if (err) {
		fprintf(stderr, "life: %s failed (%d): %s\n", what, err,
			sdk_errmsg(rt));
		exit(1);
	}
}

/* The reference: one generation, dead outside the board. */
static void life_step(board_t next, board_t cur)
{
	for (int y = 0; y < H; y++)
		for (int x = 0; x < W; x++) {
			int n = 0;

			for (int dy = -1; dy <= 1; dy++)
				for (int dx = -1; dx <= 1; dx++) {
					int nx = x + dx, ny = y + dy;

					if ((dx || dy) && nx >= 0 && nx < W &&
					    ny >= 0 && ny < H)
						n += (int)cur[ny][nx];
				}
			next[y][x] = n == 3 || (cur[y][x] && n == 2);
		}
}

static void print_board(const char *title, board_t b)
{
	printf("%s\n", title);
	for (int y = 0; y < H; y++) {
		printf("  ");
		for (int x = 0; x < W; x++)
			printf("%c", b[y][x] ? '#' : '.');
		printf("\n");
	}
}

int main(int argc, char **argv)
{
	struct sdk_options opts = { .device = argc > 2 ? argv[2] : NULL };
	/* a glider at (0..2, 0..2) and a blinker at (6, 5..7) */
	static const int alive[][2] = {
		{ 1, 0 }, { 2, 1 }, { 0, 2 }, { 1, 2 }, { 2, 2 },
		{ 6, 5 }, { 6, 6 }, { 6, 7 },
	};
	board_t expect, next, got, start;
	struct sdk_runtime *rt;
	sdk_symbol_t scell;
	char dflt[4096], title[64];
	const char *dir;
	int bad_gens = 0;

	if (argc > 1) {
		dir = argv[1];
	} else {
		char self[4096];

		snprintf(self, sizeof(self), "%s", argv[0]);
		snprintf(dflt, sizeof(dflt), "%s/bundle", dirname(self));
		dir = dflt;
	}
	memset(expect, 0, sizeof(expect));
	for (size_t i = 0; i < sizeof(alive) / sizeof(alive[0]); i++)
		expect[alive[i][1]][alive[i][0]] = 1;
	memcpy(start, expect, sizeof(start));

	if (sdk_create(dir, &opts, &rt)) {
		fprintf(stderr, "life: %s\n", sdk_errmsg(NULL));
		return 1;
	}
	check(sdk_load(rt), rt, "load");
	check(sdk_run(rt), rt, "run");
	check(sdk_get_id(rt, "cell", &scell), rt, "get_id cell");
	check(sdk_memcpy_h2d(rt, scell, expect, 0, 0, W, H, 1, false,
			     MEMCPY_32BIT, ROW_MAJOR, false, NULL), rt,
	      "memcpy_h2d cell");
	for (int g = 1; g <= G; g++) {
		int bad = 0;

		check(sdk_launch(rt, "step", false, NULL), rt, "launch step");
		memset(got, 0xff, sizeof(got));
		check(sdk_memcpy_d2h(rt, got, scell, 0, 0, W, H, 1, false,
				     MEMCPY_32BIT, ROW_MAJOR, false, NULL), rt,
		      "memcpy_d2h cell");
		life_step(next, expect);
		memcpy(expect, next, sizeof(expect));
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++)
				if (got[y][x] != expect[y][x]) {
					printf("generation %d: PE (%d,%d) cell "
					       "= %u, expected %u  MISMATCH\n",
					       g, x, y, got[y][x],
					       expect[y][x]);
					bad++;
				}
		if (bad) {
			bad_gens++;
			print_board("device:", got);
			print_board("host:", expect);
		}
	}
	check(sdk_stop(rt), rt, "stop");
	sdk_destroy(rt);

	print_board("generation 0:", start);
	snprintf(title, sizeof(title), "generation %d (device):", G);
	print_board(title, got);
	printf("life: %s (%d/%d generations of %dx%d cells equal the host's)\n",
	       bad_gens ? "FAIL" : "PASS", G - bad_gens, G, W, H);
	return bad_gens ? 1 : 0;
}
