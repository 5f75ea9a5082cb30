// SPDX-License-Identifier: GPL-2.0
/*
 * pin_balance_test - runs last: every page the driver pinned during the
 * whole run (FOLL_PIN, /proc/vmstat) has been unpinned, and pins did happen.
 */
#include "kselftest_harness.h"
#include "wse_util.h"

TEST(pins_balanced_after_all_tests)
{
	uint64_t acquired = 0, released = 0;

	ASSERT_EQ(0, pin_counts(&acquired, &released));
	TH_LOG("nr_foll_pin_acquired %llu nr_foll_pin_released %llu",
	       (unsigned long long)acquired, (unsigned long long)released);
	EXPECT_LT(0u, acquired);
	EXPECT_EQ(acquired, released);
}

TEST_HARNESS_MAIN
