#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs every wse kselftest in order (busybox sh), prints their TAP output
# and exits non-zero if any of them failed.  The modules are loaded (with
# default parameters) before this starts.
cd "$(dirname "$0")" || exit 1
failed=0
tests="info_test copy_test list_test task_test ioctl_test fault_test \
	 lifecycle_test program_test stream_ioctl_test sdk_test \
	 stream_test close_test obs_test smi_test.sh python_test \
	 determinism_test limits_test dma_test fuzz_ioctl pin_balance_test"
# tools/vm/tap-count counts a binary that never started (the VM died) as failed
echo "# ==== plan:" $tests
for t in $tests; do
	echo "# ==== $t"
	if [ ! -x "./$t" ]; then
		echo "not ok 1 $t: missing"
		failed=1
		continue
	fi
	"./$t" || { echo "# $t exited with $?"; failed=1; }
done
exit $failed
