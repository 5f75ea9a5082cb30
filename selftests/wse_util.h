/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wse_util.h - helpers shared by the wse kselftests: sysfs, debugfs knobs
 * of wse_mock, module reload, pin counters, raw ioctls.
 */
#ifndef WSE_UTIL_H
#define WSE_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <wse/wse.h>

#define WSE_NODE	"/dev/wse0"
#define WSE_SYSFS	"/sys/class/misc/wse0"
#define WSE_MOD_DIR	"/lib/modules/wse"
#define WSE_WATCHDOG	"/sys/module/wse/parameters/watchdog_ms"

/* The rectangle most tests use: 4x4 at the minimum offsets, 2 channels. */
#define RECT_W	4
#define RECT_H	4
#define RECT_CH	2

/* ioctl() through wse_ioctl(), no library checks: 0 or the errno. */
int raw(int fd, unsigned long req, void *arg);

/* open(WSE_NODE) O_RDWR; the fd or -errno. */
int open_node(void);

/*
 * Fill @cfg for a w x h rectangle at offsets (4,1) with dims (w+7, h+2);
 * configure it through the library on a new handle.
 */
void rect_cfg(struct wse_configure *cfg, uint32_t w, uint32_t h, uint32_t ch);
int open_configured(struct wse_dev **devp, uint32_t w, uint32_t h,
		    uint32_t ch);

/* Read a file into @buf (NUL-terminated, trailing newline removed). */
int read_file(const char *path, char *buf, size_t n);
int write_file(const char *path, const char *value);
/* A decimal number from a file, or -1. */
long long read_num(const char *path);

/* /sys/class/misc/wse0/<attr> */
int sysfs_str(const char *attr, char *buf, size_t n);
long long sysfs_num(const char *attr);

/* wse_mock debugfs of the device behind /dev/wse0 */
int knob_path(const char *knob, char *buf, size_t n);
int knob_set(const char *knob, unsigned long long value);
long long knob_get(const char *knob);
/* A line "name value" of the counters file, or -1. */
long long counter(const char *name);
/* Reset fail_next, hang_next, latency_us to 0 (best effort). */
void knobs_reset(void);

/* /proc/vmstat nr_foll_pin_acquired / nr_foll_pin_released */
int pin_counts(uint64_t *acquired, uint64_t *released);
/* VmPin of /proc/self/status (mm->pinned_vm, what pins are charged to), kB */
long vm_pin_kb(void);

/* Modules: unload wse_mock (if loaded), load it with @params ("" default). */
int mock_unload(void);
int mock_load(const char *params);
/* Unload + load with default params and wait for /dev/wse0 (0 or -errno). */
int mock_reload(const char *params);

/* The bundle /tests/bundles/@name next to the running test binary. */
const char *test_bundle(const char *name);

uint64_t now_ns(void);
void sleep_ms(unsigned int ms);

/*
 * Sleep @ms and return how busy the machine was meanwhile, in CPUs (busy
 * share of /proc/stat's "cpu" line times the online CPUs), or -1.
 */
double cpus_busy_during(unsigned int ms);

/* A 32-bit pattern value that differs for every argument. */
uint32_t pattern(uint32_t seed, uint32_t a, uint32_t b, uint32_t c);

#endif /* WSE_UTIL_H */
