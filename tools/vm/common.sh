# shellcheck shell=sh
# Shared settings for tools/deps and tools/vm/*; source it, don't run it.
# The caller sets TOP (the tree's root) first.
# Exports: WSE_KERNEL WSE_CACHE KDIR KVER BUILD_VM VMLINUX KSFT_DIR CHECKPATCH

WSE_CACHE=${WSE_CACHE:-$HOME/.cache/wse}

# WSE_KERNEL picks the kernel (tested: 6.1, Debian 12's, in /usr/src; 6.12,
# bookworm-backports', unpacked by tools/deps into the cache). KDIR is its
# newest headers unless given; KVER follows KDIR, the VM kernel follows KVER.
WSE_KERNEL=${WSE_KERNEL:-6.1}
kdir_for() {
	case $1 in
	6.1) ls -d /usr/src/linux-headers-6.1.*-amd64 ;;
	6.12) ls -d "$WSE_CACHE"/headers-6.12/usr/src/linux-headers-6.12.*-amd64 ;;
	esac 2>/dev/null | sort -V | tail -n 1
}
case $WSE_KERNEL in
6.1 | 6.12) ;;
*) printf 'WSE_KERNEL=%s: expected 6.1 or 6.12\n' "$WSE_KERNEL" >&2; exit 1 ;;
esac
KDIR=${KDIR:-$(kdir_for "$WSE_KERNEL")}
if [ -n "$KDIR" ] && [ -r "$KDIR/include/generated/utsrelease.h" ]; then
	KVER=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"/\1/p' "$KDIR/include/generated/utsrelease.h")
else
	KVER=${KDIR##*/linux-headers-}
fi

BUILD_VM=$TOP/build/vm
# WSE_VMLINUX: boot another kernel (make check-debug: tools/vm/debug-kernel's)
VMLINUX=${WSE_VMLINUX:-$WSE_CACHE/$KVER/vmlinux}
KSFT_DIR=${KSFT_DIR:-$WSE_CACHE/ksft}
CHECKPATCH=${CHECKPATCH:-$WSE_CACHE/checkpatch/checkpatch.pl}

# QEMU's TCG threads: one per vCPU ("multi") unless WSE_VM_TCG_THREAD says.
# 6.12 boots with "single": under Debian 12's QEMU 7.2 with one thread per
# vCPU, about 1 boot in 10 of 6.12 dies with "Oops: int3" in sched_clock_cpu
# or __schedule, a vCPU running a breakpoint that text_poke_bp had already
# replaced (the bytes at RIP show the finished patch). One thread running both
# vCPUs has not shown it.
case $WSE_KERNEL in
6.12) VM_TCG_THREAD=${WSE_VM_TCG_THREAD:-single} ;;
*) VM_TCG_THREAD=${WSE_VM_TCG_THREAD:-multi} ;;
esac

# Kernel log lines that fail a VM run.
SPLAT_RE='BUG:|WARNING:|Oops|Call Trace|general protection|Kernel panic|hung_task: |blocked for more than|UBSAN|kernel BUG|list_add corruption|slab error|Redzone|Poison overwritten|Object padding|INFO: |unreferenced object|suspected memory leak|ODEBUG:|possible recursive locking|circular locking'
# Printed by /init after the command; the host parses its status.
END_MARKER='WSE-VM-EXIT:'

export WSE_KERNEL WSE_CACHE KDIR KVER BUILD_VM VMLINUX KSFT_DIR CHECKPATCH

msg() { printf '%s\n' "$*" >&2; }
die() { msg "$(basename -- "$0"): $*"; exit 1; }

# has_target DIR TARGET: DIR/Makefile exists and defines TARGET.
has_target() {
	[ -f "$1/Makefile" ] || return 1
	# make exits non-zero here (no target ':'); only its rule database matters.
	_db=$(${MAKE:-make} -C "$1" -pRrq : 2>/dev/null || true)
	printf '%s\n' "$_db" | grep "^$2:" >/dev/null
}

# One initramfs build or VM run at a time per tree: they share $BUILD_VM.
# The lock is inherited by children (mkinitramfs called from run).
vm_lock() {
	[ -n "${WSE_VM_LOCKED-}" ] && return 0
	mkdir -p "$BUILD_VM"
	exec 9>"$BUILD_VM/.lock"
	flock 9
	WSE_VM_LOCKED=1
	export WSE_VM_LOCKED
}
