// SPDX-License-Identifier: MIT
/*
 * wse-smi - the state of every wse device, for any user: read from sysfs
 * (/sys/class/misc/wseN, world-readable; doc/DESIGN.md lists the
 * attributes), never from the device node, so it needs no permission on
 * /dev/wseN and does not disturb the owner.  A table by default, JSON
 * with --json, refreshed every --watch seconds.  See wse-smi(1).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define VERSION "1.0"
#define MAX_DEVS 64

static const char *sysfs_root = "/sys/class/misc";

/* One attribute, without its trailing newline; "" if it cannot be read. */
static void attr(const char *dev, const char *name, char *buf, size_t n)
{
	char path[512];
	FILE *f;
	size_t len;

	buf[0] = '\0';
	snprintf(path, sizeof(path), "%s/%s/%s", sysfs_root, dev, name);
	f = fopen(path, "re");
	if (!f)
		return;
	len = fread(buf, 1, n - 1, f);
	fclose(f);
	buf[len] = '\0';
	while (len && buf[len - 1] == '\n')
		buf[--len] = '\0';
}

/* The fields a device shows: name, then its attribute (or a stats/ one). */
struct field {
	const char *key;	/* JSON key */
	const char *attr;	/* sysfs attribute under wseN/ */
	const char *head;	/* table column, NULL: not in the table */
	bool number;
};

static const struct field fields[] = {
	{ "arch", "arch", "ARCH", false },
	{ "fabric_width", "fabric_width", NULL, true },
	{ "fabric_height", "fabric_height", NULL, true },
	{ "state", "state", "STATE", false },
	{ "owner_pid", "owner_pid", "OWNER", true },
	{ "channels", "channels", "CH", true },
	{ "tasks_inflight", "tasks_inflight", "INFLIGHT", true },
	{ "tasks_submitted", "stats/tasks_submitted", "TASKS", true },
	{ "tasks_completed", "stats/tasks_completed", NULL, true },
	{ "tasks_failed", "stats/tasks_failed", "FAILED", true },
	{ "bytes_h2d", "stats/bytes_h2d", "H2D_BYTES", true },
	{ "bytes_d2h", "stats/bytes_d2h", "D2H_BYTES", true },
	{ "launches", "stats/launches", "LAUNCHES", true },
	{ "stalls", "stats/stalls", "STALLS", true },
	{ "watchdog_resets", "stats/watchdog_resets", "RESETS", true },
	{ "bounced", "stats/bounced", NULL, true },
	{ "channels_per_edge", "channels_per_edge", NULL, true },
	{ "pe_memory_bytes", "pe_memory_bytes", NULL, true },
};

#define NR_FIELDS (sizeof(fields) / sizeof(fields[0]))

/* Records shown as "k=v k=v ..." or "none" in sysfs. */
static const char *const records[] = { "pe_states", "last_fault", "last_stall" };

#define NR_RECORDS (sizeof(records) / sizeof(records[0]))

static int cmp_dev(const void *a, const void *b)
{
	return atoi(*(char *const *)a + 3) - atoi(*(char *const *)b + 3);
}

/* The wseN names under sysfs_root, by N; @only >= 0 keeps just wse<only>. */
static int list_devices(char *names[MAX_DEVS], int only)
{
	DIR *d = opendir(sysfs_root);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -errno;
	while ((e = readdir(d)) && n < MAX_DEVS) {
		char *end;
		long idx;

		if (strncmp(e->d_name, "wse", 3))
			continue;
		idx = strtol(e->d_name + 3, &end, 10);
		if (end == e->d_name + 3 || *end || (only >= 0 && idx != only))
			continue;
		names[n] = strdup(e->d_name);
		if (names[n])
			n++;
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp_dev);
	return n;
}

static void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

static bool is_number(const char *s)
{
	char *end;

	if (!*s)
		return false;
	errno = 0;
	strtoll(s, &end, 0);
	return !errno && !*end;
}

/* "k=v k=v": an object, numbers where they are (0x.. as strings); else null. */
static void json_record(const char *s)
{
	char buf[1024], *tok, *save = NULL;
	bool first = true;

	if (!*s || !strcmp(s, "none")) {
		printf("null");
		return;
	}
	snprintf(buf, sizeof(buf), "%s", s);
	putchar('{');
	for (tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		char *eq = strchr(tok, '=');

		if (!eq)
			continue;
		*eq = '\0';
		printf("%s", first ? "" : ", ");
		first = false;
		json_string(tok);
		printf(": ");
		if (is_number(eq + 1) && strncmp(eq + 1, "0x", 2))
			printf("%s", eq + 1);
		else
			json_string(eq + 1);
	}
	putchar('}');
}

static void print_json(char *names[], int n)
{
	char buf[1024];

	printf("{\"devices\": [");
	for (int i = 0; i < n; i++) {
		printf("%s\n  {\"name\": ", i ? "," : "");
		json_string(names[i]);
		for (size_t f = 0; f < NR_FIELDS; f++) {
			attr(names[i], fields[f].attr, buf, sizeof(buf));
			printf(", \"%s\": ", fields[f].key);
			if (!*buf)
				printf("null");
			else if (fields[f].number && is_number(buf))
				printf("%s", buf);
			else
				json_string(buf);
		}
		for (size_t r = 0; r < NR_RECORDS; r++) {
			attr(names[i], records[r], buf, sizeof(buf));
			printf(", \"%s\": ", records[r]);
			json_record(buf);
		}
		putchar('}');
	}
	printf("%s]}\n", n ? "\n" : "");
}

static void print_table(char *names[], int n)
{
	char buf[1024], w[32], h[32];

	printf("%-6s %-7s", "DEV", "FABRIC");
	for (size_t f = 0; f < NR_FIELDS; f++)
		if (fields[f].head)
			printf(" %*s", f < 2 ? 5 : 10, fields[f].head);
	putchar('\n');
	for (int i = 0; i < n; i++) {
		attr(names[i], "fabric_width", w, sizeof(w));
		attr(names[i], "fabric_height", h, sizeof(h));
		snprintf(buf, sizeof(buf), "%sx%s", w, h);
		printf("%-6s %-7s", names[i], buf);
		for (size_t f = 0; f < NR_FIELDS; f++) {
			if (!fields[f].head)
				continue;
			attr(names[i], fields[f].attr, buf, sizeof(buf));
			printf(" %*s", f < 2 ? 5 : 10, *buf ? buf : "-");
		}
		putchar('\n');
	}
	for (int i = 0; i < n; i++) {
		printf("\n%s:\n", names[i]);
		for (size_t r = 0; r < NR_RECORDS; r++) {
			attr(names[i], records[r], buf, sizeof(buf));
			printf("  %-11s %s\n", records[r], *buf ? buf : "-");
		}
	}
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: wse-smi [-d N] [--json] [-w SECONDS [-c COUNT]]\n"
		"Show the state of the wse devices (from sysfs; any user).\n"
		"  -d, --device N     only /dev/wseN\n"
		"  -j, --json         JSON instead of a table\n"
		"  -w, --watch SEC    print again every SEC seconds (until ^C)\n"
		"  -c, --count N      with --watch: stop after N prints\n"
		"  -V, --version      print the version\n"
		"  -h, --help         this text\n"
		"Environment: WSE_SMI_SYSFS replaces /sys/class/misc.\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "watch", required_argument, NULL, 'w' },
		{ "count", required_argument, NULL, 'c' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	double watch = 0;
	long count = 0, only = -1;
	bool json = false;
	char *end;
	int c;

	if (getenv("WSE_SMI_SYSFS"))
		sysfs_root = getenv("WSE_SMI_SYSFS");
	while ((c = getopt_long(argc, argv, "d:jw:c:Vh", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			only = strtol(optarg, &end, 10);
			if (*end || only < 0) {
				fprintf(stderr, "wse-smi: --device: '%s' is not a device number\n", optarg);
				return 2;
			}
			break;
		case 'j':
			json = true;
			break;
		case 'w':
			watch = strtod(optarg, &end);
			if (*end || !(watch >= 0.1 && watch <= 3600)) {
				fprintf(stderr, "wse-smi: --watch: '%s' is not 0.1 to 3600 seconds\n", optarg);
				return 2;
			}
			break;
		case 'c':
			count = strtol(optarg, &end, 10);
			if (*end || count < 1) {
				fprintf(stderr, "wse-smi: --count: '%s' is not a count >= 1\n", optarg);
				return 2;
			}
			break;
		case 'V':
			printf("wse-smi %s\n", VERSION);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "wse-smi: unexpected argument '%s'\n", argv[optind]);
		return 2;
	}

	for (long round = 0;; round++) {
		char *names[MAX_DEVS];
		int n = list_devices(names, (int)only);

		if (n < 0) {
			fprintf(stderr, "wse-smi: %s: %s\n", sysfs_root, strerror(-n));
			return 1;
		}
		if (watch && !json && isatty(STDOUT_FILENO))
			printf("\033[H\033[2J");
		if (json)
			print_json(names, n);
		else if (!n)
			printf("no wse device%s (is wse_mock or a wse backend loaded?)\n",
			       only >= 0 ? " with that number" : "");
		else
			print_table(names, n);
		fflush(stdout);
		for (int i = 0; i < n; i++)
			free(names[i]);
		if (!n && !watch)
			return 1;
		if (!watch || (count && round + 1 >= count))
			return 0;
		struct timespec ts = { (time_t)watch,
				       (long)((watch - (time_t)watch) * 1e9) };
		nanosleep(&ts, NULL);
		if (!json)
			putchar('\n');
	}
}
