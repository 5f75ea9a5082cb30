#!/bin/sh
# Self test of tools/vm/tap-count, the counter behind `make check`: a scratch
# run in which a test binary crashes after its first result must come out red,
# name the binary and count its unrun tests, and must not hide the binaries
# that run after it. Prints TAP.
set -u
TOP=$(CDPATH='' cd -- "$(dirname -- "$0")/../../.." && pwd)
count=$TOP/tools/vm/tap-count
T=$(mktemp -d "${TMPDIR:-/tmp}/tap-count-test.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
n=0 fails=0
check() { # check NAME CONDITION-COMMAND...
	name=$1; shift
	n=$((n + 1))
	if "$@"; then echo "ok $n $name"; else echo "not ok $n $name"; fails=$((fails + 1)); fi
}

cat > "$T/crash.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
int main(void)
{
	printf("TAP version 13\n1..3\nok 1 first\n");
	fflush(stdout);
	abort(); /* tests 2 and 3 never run */
}
C
cat > "$T/pass.c" <<'C'
#include <stdio.h>
int main(void)
{
	printf("TAP version 13\n1..2\nok 1 a\nok 2 b\n");
	return 0;
}
C
# The same loop as the check targets of lib/ and tools/testing/fabric/.
cat > "$T/Makefile" <<'M'
check: crash pass
	@rc=0; for t in crash pass; do \
		echo "# ==== $$t"; \
		./$$t || { echo "# $$t exited $$?"; rc=1; }; \
	done; exit $$rc
M
make -s -C "$T" check > "$T/run.log" 2>&1
check "scratch_run_with_a_crashing_binary_exits_nonzero" [ $? -ne 0 ]
"$count" "$T/run.log" > "$T/count" 2>&1
rc=$?
sed 's/^/# /' "$T/count"
check "total_is_red" [ $rc -ne 0 ]
check "summary_counts_the_crash_s_unrun_tests" grep -qx '3 passed, 2 failed' "$T/count"
check "failure_names_the_crashing_binary" grep -q 'FAIL.*crash: 2 of 3 planned results missing' "$T/count"

# A log that declares its binaries: one never started (the VM died).
printf '# ==== plan: crash pass\n# ==== pass\n1..2\nok 1 a\nok 2 b\n' > "$T/vm.log"
"$count" "$T/vm.log" > "$T/count2" 2>&1
rc=$?
check "binary_that_never_ran_is_red_and_named" sh -c "[ $rc -ne 0 ] && grep -q 'FAIL.*crash never ran' '$T/count2'"

# No plan, no result: one failure.
printf '# ==== silent\nSegmentation fault\n# ==== pass\n1..1\nok 1 a\n' > "$T/s.log"
"$count" "$T/s.log" > "$T/count3" 2>&1
check "binary_without_output_is_one_failure" grep -qx '1 passed, 1 failed' "$T/count3"

# A green log stays green.
printf '# ==== pass\n1..2\nok 1 a\nok 2 b # SKIP x\n' > "$T/g.log"
check "green_log_is_green" sh -c "'$count' '$T/g.log' >/dev/null"
echo "1..$n"
[ $fails -eq 0 ]
