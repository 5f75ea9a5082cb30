# wse top-level Makefile (GNU make). See README.md and tools/vm/README.md.
#   make            modules + lib + selftests + examples + tools/bench
#   make deps       install Debian packages, fetch the VM kernel (tools/deps)
#   make demo       deps + build, boot the VM, run /examples/wse-hello
#   make bench      deps + build, the native fabric interpreter's speed, then
#                   boot the VM, run /bench/wse-bench (a report of ratios to
#                   baselines measured in the same run), then boot it again
#                   on a 71x66 mock for wse-bench --big (64x64 launch)
#   make check      deps + build, every test: native tests, sparse, checkpatch,
#                   man pages, the VM suite on 6.1, on 6.12 and on the debug
#                   kernel, dkms builds (tools/vm/check); ends with
#                   "N passed, N failed"
#   make check-quick  the same for the default kernel only (no 6.12, no
#                   debug kernel)
#   make install    PREFIX=/usr/local DESTDIR=: libwse (+ headers, libwse.pc),
#                   wse-smi, wse-cc (+ its PE sysroot), man pages
#   make install-udev  the udev rule (UDEVRULESDIR) and sysusers.d group
#   make dkms-source   the module sources + dkms.conf into /usr/src/wse-VERSION
#   make check-dkms    dkms add + build against KDIR, in private dkms trees
#   make check-debug  the VM tests on a debug kernel (lockdep, KASAN, kmemleak,
#                   ...: tools/vm/debug-kernel, built once, cached), any
#                   kernel report fails
#   make fuzz       the ioctl fuzzer in the VM, long (FUZZ_CALLS)
#   make sparse | checkpatch | clean

SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c

# WSE_KERNEL=6.1 (default, Debian 12) or 6.12 (bookworm-backports) picks KDIR
# and the VM kernel (tools/vm/common.sh). Empty values count as unset:
# tools/deps may fetch the headers mid-run.
WSE_KERNEL := $(or $(WSE_KERNEL),6.1)
KDIR := $(or $(KDIR),$(shell TOP='$(CURDIR)' WSE_KERNEL='$(WSE_KERNEL)'; . '$(CURDIR)/tools/vm/common.sh' && echo "$$KDIR"))
WSE_CACHE := $(or $(WSE_CACHE),$(HOME)/.cache/wse)
KSFT_DIR := $(or $(KSFT_DIR),$(WSE_CACHE)/ksft)
CHECKPATCH := $(or $(CHECKPATCH),$(WSE_CACHE)/checkpatch/checkpatch.pl)
export WSE_KERNEL KDIR WSE_CACHE KSFT_DIR CHECKPATCH

KBUILD = $(MAKE) -C $(KDIR) M=$(CURDIR)
CHECKPATCH_FILES = $(filter-out %.mod.c kernel/wse_compat.h,$(wildcard kernel/*.[ch] kernel/mock/*.[ch] kernel/fabric/*.[ch] uapi/linux/wse.h include/wse/route_rules.h))
# The one header whose job is to test kernel versions (wse_compat.h).
CHECKPATCH_COMPAT = --ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON -f kernel/wse_compat.h

.PHONY: all modules lib tools/wse-cc tools/wse-smi selftests examples tools/bench deps demo \
	bench check check-quick check-debug fuzz sparse checkpatch clean install install-udev \
	dkms-source check-dkms
all: modules lib tools/wse-cc tools/wse-smi selftests examples tools/bench

need-kdir = @test -d "$(KDIR)" || { echo "no kernel headers (KDIR=$(KDIR)): run make deps" >&2; exit 1; }

modules:
	$(need-kdir)
	+$(KBUILD) W=1 modules

lib tools/wse-cc tools/wse-smi:
	+$(MAKE) -C $@

# selftests ship the examples' bundles: build examples first.
examples: lib tools/wse-cc
selftests: lib tools/wse-cc examples
selftests examples:
	+$(MAKE) -C $@ KSFT_DIR=$(KSFT_DIR)

tools/bench: lib tools/wse-cc
	+$(MAKE) -C $@

deps:
	tools/deps

# $(call vm-program,PATH-IN-VM,LOG): build, ship, boot the VM and run one program.
define vm-program
	tools/deps
	$(MAKE) all
	tools/vm/mkinitramfs
	@test -x build/vm/root$(1) || \
		{ echo "$@: $(1) is not built, nothing to run" >&2; exit 1; }
	tools/vm/run --no-build --log build/vm/$(2).log -- $(1)
endef

demo:
	$(call vm-program,/examples/run-all.sh,demo)

# First the fabric interpreter natively (one PE on one host core), then the
# VM.  The buffers (2 x 64 MiB + PE memories) fit in tools/vm/run's default 1G;
# no Python in the VM (the benchmark is C): its ~150 MB of initramfs would
# leave the 71x66 mock's PE memory fewer 2 MiB pages (wse_mock_zalloc_pes()).
bench: export WSE_VM_PYTHON := 0
# Measured as users run it: no slab debugging (make check keeps slub_debug=FZPU).
bench: export WSE_VM_SLUB_DEBUG := off
bench:
	tools/deps
	@echo "native: simulated instructions/s of one PE on one host core (tools/testing/fabric):"
	$(MAKE) -C tools/testing/fabric bench
	$(call vm-program,/bench/wse-bench,bench)
	@echo "a 71x66 mock: the empty launch on 64x64 PEs (wse-bench --big):"
	tools/vm/run --no-build --log build/vm/bench-big.log \
		--append "wse_mock.fabric_width=71 wse_mock.fabric_height=66" \
		-- /bench/wse-bench --big

check:
	tools/deps
	$(MAKE) all
	MAKE="$(MAKE)" tools/vm/check

check-quick:
	tools/deps
	$(MAKE) all
	WSE_CHECK_KERNELS= WSE_CHECK_DEBUG=0 MAKE="$(MAKE)" tools/vm/check

check-debug:
	tools/deps
	$(MAKE) all
	MAKE="$(MAKE)" tools/vm/check-debug

# The ioctl fuzzer (selftests/fuzz_ioctl.c), long: make check runs it for
# 100,000 calls with seed 1; this for FUZZ_CALLS with FUZZ_SEED (printed,
# rerun with it to reproduce), 4 processes of 4 threads.
FUZZ_CALLS ?= 2000000
FUZZ_SEED ?= $(shell date +%s)
fuzz:
	tools/deps
	$(MAKE) all
	tools/vm/mkinitramfs
	tools/vm/run --no-build --timeout $(or $(FUZZ_TIMEOUT),3600) --log build/vm/fuzz.log -- \
		/tests/fuzz_ioctl -n $(FUZZ_CALLS) -s $(FUZZ_SEED) -p 4 -t 4

# Any sparse (or compiler) warning fails.
sparse:
	$(need-kdir)
	@mkdir -p build
	+$(KBUILD) W=1 C=2 modules 2>&1 | tee build/sparse.log
	@! grep -E 'warning:|error:' build/sparse.log >/dev/null || \
		{ echo "sparse: warnings above" >&2; exit 1; }

checkpatch:
	@test -x "$(CHECKPATCH)" || { echo "no $(CHECKPATCH): run make deps" >&2; exit 1; }
	$(if $(CHECKPATCH_FILES),$(CHECKPATCH) --no-tree --show-types --quiet -f $(CHECKPATCH_FILES),@echo "checkpatch: no files")
	$(CHECKPATCH) --no-tree --show-types --quiet $(CHECKPATCH_COMPAT)

# ---- installing (README: Installing) ----
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share
UDEVRULESDIR ?= /etc/udev/rules.d
SYSUSERSDIR ?= /usr/lib/sysusers.d
DKMS_VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)
DKMS_SRC = $(DESTDIR)/usr/src/wse-$(DKMS_VERSION)
# wse-cc finds its PE sysroot from its own path (<root>/tools/wse-cc/wse-cc).
PE_SYSROOT = $(DATADIR)/wse/pe-sysroot
export PREFIX DESTDIR

install: lib tools/wse-cc tools/wse-smi
	+$(MAKE) -C lib install
	+$(MAKE) -C tools/wse-smi install BINDIR=$(BINDIR)
	+$(MAKE) -C man install
	install -d $(DESTDIR)$(PE_SYSROOT)/include/wse $(DESTDIR)$(PE_SYSROOT)/pe \
		$(DESTDIR)$(PE_SYSROOT)/tools/wse-cc $(DESTDIR)$(BINDIR)
	install -m 0644 include/wse/pe.h include/wse/pe_abi.h \
		$(DESTDIR)$(PE_SYSROOT)/include/wse/
	install -m 0644 pe/crt0.c pe/pe.ld $(DESTDIR)$(PE_SYSROOT)/pe/
	install -m 0755 tools/wse-cc/wse-cc $(DESTDIR)$(PE_SYSROOT)/tools/wse-cc/
	ln -srf $(DESTDIR)$(PE_SYSROOT)/tools/wse-cc/wse-cc $(DESTDIR)$(BINDIR)/wse-cc

install-udev:
	install -d $(DESTDIR)$(UDEVRULESDIR) $(DESTDIR)$(SYSUSERSDIR)
	install -m 0644 udev/60-wse.rules $(DESTDIR)$(UDEVRULESDIR)/
	install -m 0644 udev/wse.sysusers $(DESTDIR)$(SYSUSERSDIR)/wse.conf

# What Kbuild needs, nothing built.
dkms-source:
	install -d $(DKMS_SRC)
	install -m 0644 dkms.conf Kbuild $(DKMS_SRC)/
	tar -c kernel/Kbuild $$(find kernel -name '*.[ch]' ! -name '*.mod.c') \
		uapi/linux/wse.h include/wse | tar -x -C $(DKMS_SRC)

# dkms add + build for KDIR's kernel, with private dkms trees (the system's
# /var/lib/dkms is left alone); one TAP line.
DKMS_TMP = $(CURDIR)/build/dkms
check-dkms:
	$(need-kdir)
	rm -rf $(DKMS_TMP)
	$(MAKE) --no-print-directory dkms-source DESTDIR=$(DKMS_TMP)/root >/dev/null
	mkdir -p $(DKMS_TMP)/tree $(DKMS_TMP)/install
	kver=$$(sed -n 's/^#define UTS_RELEASE "\(.*\)"/\1/p' $(KDIR)/include/generated/utsrelease.h); \
	dk="--sourcetree $(DKMS_TMP)/root/usr/src --dkmstree $(DKMS_TMP)/tree --installtree $(DKMS_TMP)/install"; \
	if dkms add -m wse -v $(DKMS_VERSION) $$dk && \
	   dkms build -m wse -v $(DKMS_VERSION) -k $$kver --kernelsourcedir $(KDIR) $$dk && \
	   test -f $(DKMS_TMP)/tree/wse/$(DKMS_VERSION)/$$kver/x86_64/module/wse.ko && \
	   test -f $(DKMS_TMP)/tree/wse/$(DKMS_VERSION)/$$kver/x86_64/module/wse_mock.ko; then \
		echo "ok 1 dkms_build_$$kver"; \
	else \
		echo "not ok 1 dkms_build_$$kver"; exit 1; \
	fi

clean:
	+@if [ -d "$(KDIR)" ]; then $(KBUILD) clean; fi
	+for d in lib tools/wse-cc tools/wse-smi man selftests examples tools/bench tools/testing/fabric; do \
		$(MAKE) -C $$d clean || exit 1; done
	rm -rf build
