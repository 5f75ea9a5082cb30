#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# smi_test - /dev/wse0 with the group and mode of udev/60-wse.rules: a
# member of the group uses it as a non-root user, a non-member cannot; and
# wse-smi, run by yet another non-root user, shows that running program
# (owner, state, channels, tasks in flight, PE states) as a table, as JSON
# and in watch mode.  The VM has no udevd: the test applies the rule's
# GROUP and MODE itself, read from the rule file.
cd "$(dirname "$0")" || exit 1
n=0
failed=0
check() { # check STATUS NAME
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n $2"; else echo "not ok $n $2"; failed=1; fi
}
show() { sed 's/^/# /' "$1"; }

WSE_GID=990
MEMBER=1000
OTHER=1001
knobs=/sys/kernel/debug/wse_mock/$(basename "$(readlink /sys/class/misc/wse0/device)")

group=$(sed -n 's/^SUBSYSTEM=="misc", KERNEL=="wse\[0-9\]\*".* GROUP="\([^"]*\)".*/\1/p' 60-wse.rules)
mode=$(sed -n 's/^SUBSYSTEM=="misc", KERNEL=="wse\[0-9\]\*".* MODE="\([0-7]*\)".*/\1/p' 60-wse.rules)
[ "$group" = wse ] && [ "$mode" = 0660 ]
check $? "udev_rule_gives_group_wse_mode_0660"
grep -q "^$group:" /etc/group 2>/dev/null || echo "$group:x:$WSE_GID:" >> /etc/group
chgrp "$group" /dev/wse0 && chmod "$mode" /dev/wse0
check $? "apply_the_rule_to_dev_wse0"

./runas $OTHER $OTHER ./wse_hold --open-only > /tmp/smi.o 2>&1
rc=$?
[ $rc = 1 ] && grep -q "Permission denied" /tmp/smi.o
check $? "a_user_outside_the_group_cannot_open"
show /tmp/smi.o
./runas $MEMBER $MEMBER,$WSE_GID ./wse_hold --open-only
check $? "a_member_of_the_group_can_open"

# The member's program owns the device, tasks held in flight (8 x 1 s).
echo 1000000 > "$knobs/latency_us"
rm -f /tmp/smi.in
mkfifo /tmp/smi.in
./runas $MEMBER $MEMBER,$WSE_GID ./wse_hold < /tmp/smi.in > /tmp/smi.hold 2>&1 &
hold=$!
exec 3> /tmp/smi.in
for i in $(seq 100); do grep -q '^held' /tmp/smi.hold && break; sleep 0.05; done
pid=$(sed -n 's/^held \([0-9]*\)$/\1/p' /tmp/smi.hold)
[ -n "$pid" ]
check $? "the_member_runs_a_program_on_the_device"
show /tmp/smi.hold

./runas $OTHER $OTHER ./wse-smi --json > /tmp/smi.json
rc=$?
./runas $OTHER $OTHER ./wse-smi > /tmp/smi.txt
[ $rc = 0 ] && [ $? = 0 ]
check $? "wse_smi_runs_as_another_non_root_user"
grep -q "\"owner_pid\": $pid," /tmp/smi.json &&
	grep -q '"state": "configured",' /tmp/smi.json &&
	grep -q '"channels": 2,' /tmp/smi.json &&
	grep -Eq '"tasks_inflight": [1-8],' /tmp/smi.json &&
	grep -Eq '"bounced": [0-9]+,' /tmp/smi.json &&
	grep -q '"pe_states": {"halted": 16, "running": 0, "waiting": 0, "blocked": 0, "faulted": 0}' /tmp/smi.json &&
	grep -q '"last_fault": null' /tmp/smi.json
check $? "wse_smi_json_shows_the_running_program"
show /tmp/smi.json
grep -Eq "^wse0 +32x24 +wse3 +configured +$pid +2 +[1-8] " /tmp/smi.txt &&
	grep -q 'pe_states *halted=16 running=0' /tmp/smi.txt
check $? "wse_smi_table_shows_the_running_program"
show /tmp/smi.txt

exec 3>&-
wait $hold
check $? "the_program_ends_well"
echo 0 > "$knobs/latency_us"

./runas $OTHER $OTHER ./wse-smi --watch 0.1 --count 3 --json > /tmp/smi.watch
[ "$(grep -c '^{"devices"' /tmp/smi.watch)" = 3 ] &&
	[ "$(grep -c '"state": "idle", "owner_pid": 0,' /tmp/smi.watch)" = 3 ]
check $? "wse_smi_watch_prints_count_times_idle_after_close"
./wse-smi --device 7 > /tmp/smi.o
[ $? = 1 ]
check $? "wse_smi_no_such_device_fails"
./wse-smi --watch 0 > /tmp/smi.o 2>&1
[ $? = 2 ] && grep -q "not 0.1 to 3600 seconds" /tmp/smi.o
check $? "wse_smi_rejects_a_bad_interval"

chgrp 0 /dev/wse0 && chmod 0600 /dev/wse0
exit $failed
