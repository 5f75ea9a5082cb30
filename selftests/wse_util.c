// SPDX-License-Identifier: GPL-2.0
/*
 * wse_util.c - helpers shared by the wse kselftests.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "wse_util.h"

int raw(int fd, unsigned long req, void *arg)
{
	return wse_ioctl(fd, req, arg) == -1 ? errno : 0;
}

int open_node(void)
{
	int fd = open(WSE_NODE, O_RDWR | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

void rect_cfg(struct wse_configure *cfg, uint32_t w, uint32_t h, uint32_t ch)
{
	wse_configure_init(cfg, w, h, WSE_MEMCPY_MIN_OFFSET_X,
			   WSE_MEMCPY_MIN_OFFSET_Y, w + 7, h + 2, ch);
}

int open_configured(struct wse_dev **devp, uint32_t w, uint32_t h,
		    uint32_t ch)
{
	struct wse_configure cfg;
	int err = wse_open(WSE_NODE, devp);

	if (err)
		return err;
	rect_cfg(&cfg, w, h, ch);
	err = wse_configure(*devp, &cfg);
	if (err) {
		fprintf(stderr, "# %s\n", wse_errmsg(*devp));
		wse_close(*devp);
		*devp = NULL;
	}
	return err;
}

int read_file(const char *path, char *buf, size_t n)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t len;

	if (fd < 0)
		return -errno;
	len = read(fd, buf, n - 1);
	close(fd);
	if (len < 0)
		return -errno;
	buf[len] = '\0';
	while (len > 0 && buf[len - 1] == '\n')
		buf[--len] = '\0';
	return 0;
}

int write_file(const char *path, const char *value)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t len;

	if (fd < 0)
		return -errno;
	len = write(fd, value, strlen(value));
	close(fd);
	return len < 0 ? -errno : 0;
}

long long read_num(const char *path)
{
	char buf[64];

	return read_file(path, buf, sizeof(buf)) ? -1 : strtoll(buf, NULL, 0);
}

int sysfs_str(const char *attr, char *buf, size_t n)
{
	char path[256];

	snprintf(path, sizeof(path), WSE_SYSFS "/%s", attr);
	return read_file(path, buf, n);
}

long long sysfs_num(const char *attr)
{
	char path[256];

	snprintf(path, sizeof(path), WSE_SYSFS "/%s", attr);
	return read_num(path);
}

int knob_path(const char *knob, char *buf, size_t n)
{
	char link[256];
	ssize_t len = readlink(WSE_SYSFS "/device", link, sizeof(link) - 1);

	if (len < 0)
		return -errno;
	link[len] = '\0';
	snprintf(buf, n, "/sys/kernel/debug/wse_mock/%s/%s", basename(link),
		 knob);
	return 0;
}

int knob_set(const char *knob, unsigned long long value)
{
	char path[300], val[32];
	int err = knob_path(knob, path, sizeof(path));

	if (err)
		return err;
	snprintf(val, sizeof(val), "%llu", value);
	return write_file(path, val);
}

long long knob_get(const char *knob)
{
	char path[300];

	return knob_path(knob, path, sizeof(path)) ? -1 : read_num(path);
}

long long counter(const char *name)
{
	char path[300], buf[1024], *line, *save = NULL;
	size_t len = strlen(name);

	if (knob_path("counters", path, sizeof(path)) ||
	    read_file(path, buf, sizeof(buf)))
		return -1;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		if (!strncmp(line, name, len) && line[len] == ' ')
			return strtoll(line + len + 1, NULL, 0);
	return -1;
}

void knobs_reset(void)
{
	knob_set("fail_next", 0);
	knob_set("hang_next", 0);
	knob_set("latency_us", 0);
	knob_set("dma_map_fail", 0);
}

int pin_counts(uint64_t *acquired, uint64_t *released)
{
	char buf[8192], *p;
	int found = 0;

	/* vmstat counters are per-CPU and folded lazily: fold them now. */
	write_file("/proc/sys/vm/stat_refresh", "1");
	if (read_file("/proc/vmstat", buf, sizeof(buf)))
		return -errno;
	p = strstr(buf, "nr_foll_pin_acquired ");
	if (p && ++found)
		*acquired = strtoull(p + strlen("nr_foll_pin_acquired "), NULL, 10);
	p = strstr(buf, "nr_foll_pin_released ");
	if (p && ++found)
		*released = strtoull(p + strlen("nr_foll_pin_released "), NULL, 10);
	return found == 2 ? 0 : -ENOENT;
}

long vm_pin_kb(void)
{
	char buf[4096], *p;

	if (read_file("/proc/self/status", buf, sizeof(buf)))
		return -1;
	p = strstr(buf, "VmPin:");
	return p ? strtol(p + 6, NULL, 10) : -1;
}

int mock_unload(void)
{
	struct stat st;

	for (int i = 0; i < 100; i++) {
		if (stat("/sys/module/wse_mock", &st))
			return 0;
		if (!syscall(SYS_delete_module, "wse_mock", O_NONBLOCK))
			return 0;
		if (errno != EAGAIN && errno != EBUSY)
			return -errno;
		sleep_ms(20);
	}
	return -EBUSY;
}

int mock_load(const char *params)
{
	int fd = open(WSE_MOD_DIR "/wse_mock.ko", O_RDONLY | O_CLOEXEC);
	int ret;

	if (fd < 0)
		return -errno;
	ret = syscall(SYS_finit_module, fd, params, 0);
	ret = ret ? -errno : 0;
	close(fd);
	return ret;
}

int mock_reload(const char *params)
{
	struct stat st;
	int err = mock_unload();

	if (!err)
		err = mock_load(params ? params : "");
	for (int i = 0; !err && i < 200; i++) {
		if (!stat(WSE_NODE, &st))
			return 0;
		sleep_ms(10);
	}
	return err ? err : -ENODEV;
}

const char *test_bundle(const char *name)
{
	static char path[4096];
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n < 0)
		return name;
	self[n] = '\0';
	snprintf(path, sizeof(path), "%s/bundles/%s", dirname(self), name);
	return path;
}

uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

uint32_t pattern(uint32_t seed, uint32_t a, uint32_t b, uint32_t c)
{
	uint32_t v = seed * 0x9e3779b1u ^ a * 0x85ebca77u ^ b * 0xc2b2ae3du ^
		     c * 0x27d4eb2fu;

	v ^= v >> 15;
	v *= 0x2c1b3c6du;
	v ^= v >> 12;
	return v;
}

/* Busy and total jiffies of all CPUs, from /proc/stat. */
static int cpu_ticks(uint64_t *busy, uint64_t *total)
{
	unsigned long long v[8] = { 0 };
	FILE *f = fopen("/proc/stat", "r");
	int n;

	if (!f)
		return -1;
	n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0],
		   &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]);
	fclose(f);
	if (n != 8)
		return -1;
	/* user nice system idle iowait irq softirq steal */
	*busy = v[0] + v[1] + v[2] + v[5] + v[6];
	*total = *busy + v[3] + v[4] + v[7];
	return 0;
}

double cpus_busy_during(unsigned int ms)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	uint64_t b0, t0, b1, t1;

	if (ncpu <= 0 || cpu_ticks(&b0, &t0))
		return -1;
	sleep_ms(ms);
	if (cpu_ticks(&b1, &t1) || t1 == t0)
		return -1;
	return (double)(b1 - b0) / (double)(t1 - t0) * ncpu;
}
