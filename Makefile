# wse top-level Makefile (GNU make). See README.md and tools/vm/README.md.
#   make            modules + lib + selftests + examples + tools/bench
#   make deps       install Debian packages, fetch the VM kernel (tools/deps)
#   make demo       deps + build, boot the VM, run /examples/wse-hello
#   make bench      deps + build, the native fabric interpreter's speed, then
#                   boot the VM, run /bench/wse-bench (a report of ratios to
#                   baselines measured in the same run)
#   make check      deps + build, native tests, sparse, checkpatch, VM tests;
#                   ends with "N passed, N failed"
#   make check-debug  the VM tests on a debug kernel (lockdep, KASAN, kmemleak,
#                   ...: tools/vm/debug-kernel, built once, cached), any
#                   kernel report fails
#   make fuzz       the ioctl fuzzer in the VM, long (FUZZ_CALLS)
#   make sparse | checkpatch | clean

SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c

# Empty values count as unset: tools/deps may install the headers mid-run.
KDIR := $(or $(KDIR),$(shell ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -n 1))
WSE_CACHE := $(or $(WSE_CACHE),$(HOME)/.cache/wse)
KSFT_DIR := $(or $(KSFT_DIR),$(WSE_CACHE)/ksft)
CHECKPATCH := $(or $(CHECKPATCH),$(WSE_CACHE)/checkpatch/checkpatch.pl)
export KDIR WSE_CACHE KSFT_DIR CHECKPATCH

KBUILD = $(MAKE) -C $(KDIR) M=$(CURDIR)
CHECKPATCH_FILES = $(filter-out %.mod.c,$(wildcard kernel/*.[ch] kernel/mock/*.[ch] kernel/fabric/*.[ch] uapi/linux/wse.h include/wse/route_rules.h))

.PHONY: all modules lib tools/wse-cc selftests examples tools/bench deps demo \
	bench check check-debug fuzz sparse checkpatch clean
all: modules lib tools/wse-cc selftests examples tools/bench

need-kdir = @test -d "$(KDIR)" || { echo "no kernel headers (KDIR=$(KDIR)): run make deps" >&2; exit 1; }

modules:
	$(need-kdir)
	+$(KBUILD) W=1 modules

lib tools/wse-cc:
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
# VM.  The buffers (2 x 64 MiB + PE memories) fit in tools/vm/run's default 1G.
bench:
	tools/deps
	@echo "native: simulated instructions/s of one PE on one host core (tools/testing/fabric):"
	$(MAKE) -C tools/testing/fabric bench
	$(call vm-program,/bench/wse-bench,bench)

check:
	tools/deps
	$(MAKE) all
	MAKE="$(MAKE)" tools/vm/check

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

clean:
	+@if [ -d "$(KDIR)" ]; then $(KBUILD) clean; fi
	+for d in lib tools/wse-cc selftests examples tools/bench tools/testing/fabric; do \
		$(MAKE) -C $$d clean || exit 1; done
	rm -rf build
