/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel API differences between the kernels wse is built and tested on:
 * Debian 12's 6.1 and bookworm-backports' 6.12.  Everything version-specific
 * lives here; the rest of the tree uses the names below.
 *
 * (no_llseek is not needed on either: nonseekable_open() and a NULL .llseek
 * already give -ESPIPE since 6.0, and 6.12 removed no_llseek.)
 */
#ifndef _WSE_COMPAT_H
#define _WSE_COMPAT_H

#include <linux/version.h>

/* 6.12 moved <asm/unaligned.h> to <linux/unaligned.h>. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

/*
 * platform_driver's void-returning remove hook: .remove_new until 6.10,
 * .remove from 6.11 (.remove_new is gone in 6.13).
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 11, 0)
#define WSE_PLATFORM_REMOVE(fn)	.remove = (fn)
#else
#define WSE_PLATFORM_REMOVE(fn)	.remove_new = (fn)
#endif

/*
 * A device's own dma_map_ops (set_dma_ops(); a no-op without them): the
 * option was CONFIG_DMA_OPS, 6.12 calls it CONFIG_ARCH_HAS_DMA_OPS.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#define WSE_HAVE_DMA_OPS	IS_ENABLED(CONFIG_ARCH_HAS_DMA_OPS)
#else
#define WSE_HAVE_DMA_OPS	IS_ENABLED(CONFIG_DMA_OPS)
#endif

#endif /* _WSE_COMPAT_H */
