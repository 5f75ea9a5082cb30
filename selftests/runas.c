// SPDX-License-Identifier: GPL-2.0
/*
 * runas UID GID[,GID...] PROGRAM [ARG...] - run PROGRAM as a non-root user
 * with exactly these groups (the first is the primary one), as a login
 * would: the VM has no su/passwd database.  For the non-root tests.
 */
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	gid_t groups[16];
	size_t n = 0;
	char *p, *end;
	uid_t uid;

	if (argc < 4) {
		fprintf(stderr, "usage: runas UID GID[,GID...] PROGRAM [ARG...]\n");
		return 2;
	}
	uid = strtoul(argv[1], &end, 10);
	if (*end || !uid) {
		fprintf(stderr, "runas: '%s' is not a non-root uid\n", argv[1]);
		return 2;
	}
	for (p = argv[2]; *p && n < 16; p = *end ? end + 1 : end) {
		groups[n++] = strtoul(p, &end, 10);
		if (*end && *end != ',') {
			fprintf(stderr, "runas: bad group list '%s'\n", argv[2]);
			return 2;
		}
	}
	if (!n || setgroups(n, groups) || setgid(groups[0]) || setuid(uid)) {
		fprintf(stderr, "runas: %s\n", strerror(errno));
		return 1;
	}
	execv(argv[3], argv + 3);
	fprintf(stderr, "runas: %s: %s\n", argv[3], strerror(errno));
	return 127;
}
