// SPDX-License-Identifier: GPL-2.0
/*
 * info_test - WSE_IOCTL_GET_INFO against sysfs and the module parameters,
 * and the idle -> configured -> idle state transitions.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "wse_util.h"

static void expect_info_matches_sysfs(struct __test_metadata *_metadata,
				      const struct wse_info *info)
{
	char arch[16];

	ASSERT_EQ(0, sysfs_str("arch", arch, sizeof(arch)));
	EXPECT_STREQ(info->arch == WSE_ARCH_WSE2 ? "wse2" : "wse3", arch);
	EXPECT_EQ(info->fabric_width, sysfs_num("fabric_width"));
	EXPECT_EQ(info->fabric_height, sysfs_num("fabric_height"));
	EXPECT_EQ(info->channels_per_edge, sysfs_num("channels_per_edge"));
	EXPECT_EQ(info->pe_memory_bytes, sysfs_num("pe_memory_bytes"));
	EXPECT_EQ(info->arch == WSE_ARCH_WSE2 ? 60u : 62u,
		  info->channels_per_edge);
	EXPECT_EQ(WSE_ABI_VERSION, info->abi_version);
	EXPECT_EQ(WSE_MAX_CHANNELS, info->max_channels);
	EXPECT_EQ(WSE_PE_MEMORY_BYTES, info->pe_memory_bytes);
	EXPECT_EQ(WSE_MAX_TASKS, info->max_tasks);
	EXPECT_LT(0u, info->ring_depth);
	EXPECT_EQ(sizeof(struct wse_info), info->size);
	for (int i = 0; i < 4; i++)
		EXPECT_EQ(0u, info->reserved[i]);
}

static void expect_state(struct __test_metadata *_metadata, int fd,
			 const char *state, long long channels)
{
	struct wse_info info;
	char buf[32];

	memset(&info, 0xff, sizeof(info));
	info.size = sizeof(info);
	ASSERT_EQ(0, raw(fd, WSE_IOCTL_GET_INFO, &info));
	ASSERT_EQ(0, sysfs_str("state", buf, sizeof(buf)));
	EXPECT_STREQ(state, buf);
	EXPECT_EQ(channels, sysfs_num("channels"));
	EXPECT_EQ(!strcmp(state, "idle") ? WSE_STATE_IDLE : WSE_STATE_CONFIGURED,
		  info.state);
}

TEST(default_params)
{
	struct wse_dev *dev;
	struct wse_info info;
	char link[256];
	ssize_t len;

	ASSERT_EQ(0, wse_open(NULL, &dev));
	EXPECT_LE(0, wse_fd(dev));
	EXPECT_STREQ("", wse_errmsg(dev));
	memset(&info, 0xa5, sizeof(info));
	ASSERT_EQ(0, wse_get_info(dev, &info));
	expect_info_matches_sysfs(_metadata, &info);
	/* wse_mock defaults: wse3, 32x24, (32-7)*(24-2) PEs */
	EXPECT_EQ(WSE_ARCH_WSE3, info.arch);
	EXPECT_EQ(32u, info.fabric_width);
	EXPECT_EQ(24u, info.fabric_height);
	EXPECT_EQ(25u * 22u, info.max_rect_pes);
	EXPECT_EQ(WSE_STATE_IDLE, info.state);
	len = readlink(WSE_SYSFS "/device", link, sizeof(link) - 1);
	ASSERT_LT(0, len);
	link[len] = '\0';
	EXPECT_NE(NULL, strstr(link, "wse_mock.0")) TH_LOG("%s", link);
	wse_close(dev);
}

TEST(open_index_and_messages)
{
	struct wse_dev *dev;
	struct wse_configure cfg;

	ASSERT_EQ(0, wse_open_index(0, &dev));
	rect_cfg(&cfg, 4, 4, 2);
	cfg.dim_x = 9;
	EXPECT_EQ(-EINVAL, wse_configure(dev, &cfg));
	EXPECT_STREQ("wse_configure: dim_x 9 < offset_x 4 + width 4 + 3 + east_buf 0 = 11",
		     wse_errmsg(dev));
	EXPECT_EQ(0, wse_get_info(dev, NULL));
	EXPECT_STREQ("", wse_errmsg(dev));
	wse_close(dev);
	EXPECT_EQ(-ENOENT, wse_open_index(7, &dev));
	EXPECT_EQ(NULL, dev);
}

TEST(state_transitions)
{
	struct wse_dev *dev;
	int other = open_node();

	ASSERT_LE(0, other);
	ASSERT_EQ(0, wse_open(NULL, &dev));
	expect_state(_metadata, other, "idle", 0);

	/* configure / stop */
	{
		struct wse_configure cfg;

		rect_cfg(&cfg, 5, 6, 3);
		ASSERT_EQ(0, wse_configure(dev, &cfg));
	}
	expect_state(_metadata, other, "configured", 3);
	expect_state(_metadata, wse_fd(dev), "configured", 3);
	ASSERT_EQ(0, wse_stop(dev));
	expect_state(_metadata, other, "idle", 0);

	/* configure / close */
	{
		struct wse_configure cfg;

		rect_cfg(&cfg, 2, 2, 16);
		ASSERT_EQ(0, wse_configure(dev, &cfg));
	}
	expect_state(_metadata, other, "configured", 16);
	wse_close(dev);
	expect_state(_metadata, other, "idle", 0);
	close(other);
}

/* wse_mock's parameters reach GET_INFO and sysfs. */
FIXTURE(wse2) {
	int unused;
};

FIXTURE_SETUP(wse2)
{
	ASSERT_EQ(0, mock_reload("arch=wse2 fabric_width=20 fabric_height=12 max_rect_pes=50"));
}

FIXTURE_TEARDOWN(wse2)
{
	EXPECT_EQ(0, mock_reload(""));
}

TEST_F(wse2, params_reach_info)
{
	struct wse_dev *dev;
	struct wse_info info;
	struct wse_configure cfg;

	ASSERT_EQ(0, wse_open(NULL, &dev));
	ASSERT_EQ(0, wse_get_info(dev, &info));
	expect_info_matches_sysfs(_metadata, &info);
	EXPECT_EQ(WSE_ARCH_WSE2, info.arch);
	EXPECT_EQ(60u, info.channels_per_edge);
	EXPECT_EQ(20u, info.fabric_width);
	EXPECT_EQ(12u, info.fabric_height);
	EXPECT_EQ(50u, info.max_rect_pes);
	/* 13 x 10 fits the fabric but not max_rect_pes */
	rect_cfg(&cfg, 13, 10, 1);
	EXPECT_EQ(-ENOSPC, wse_configure(dev, &cfg));
	EXPECT_EQ(ENOSPC, raw(wse_fd(dev), WSE_IOCTL_CONFIGURE, &cfg));
	rect_cfg(&cfg, 14, 2, 1);
	EXPECT_EQ(EINVAL, raw(wse_fd(dev), WSE_IOCTL_CONFIGURE, &cfg));
	rect_cfg(&cfg, 5, 10, 1);
	EXPECT_EQ(0, wse_configure(dev, &cfg));
	wse_close(dev);
}

TEST_HARNESS_MAIN
