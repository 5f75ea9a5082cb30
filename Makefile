# wse top-level Makefile (GNU make). See README.md and tools/vm/README.md.
#   make            modules + lib + selftests + examples + tools/bench
#   make deps       install Debian packages, fetch the VM kernel (tools/deps)
#   make demo       deps + build, boot the VM, run /examples/wse-hello
#   make bench      deps + build, boot the VM, run /bench/wse-bench (a report
#                   of ratios to baselines measured in the same run)
#   make check      deps + build, native tests, sparse, checkpatch, VM tests;
#                   ends with "N passed, N failed"
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
HAVE_KERNEL = $(wildcard kernel/Kbuild kernel/Makefile)
CHECKPATCH_FILES = $(filter-out %.mod.c,$(wildcard kernel/*.[ch] kernel/mock/*.[ch] uapi/linux/wse.h))

# $(call submake,DIR,TARGET...): make in DIR once it has a Makefile.
submake = if [ -f $(1)/Makefile ]; then $(MAKE) -C $(1) $(2); \
	else echo "$(1)/Makefile not there yet: skipped"; fi

.PHONY: all modules lib selftests examples tools/bench deps demo bench check \
	sparse checkpatch clean
all: modules lib selftests examples tools/bench

need-kdir = @test -d "$(KDIR)" || { echo "no kernel headers (KDIR=$(KDIR)): run make deps" >&2; exit 1; }

modules:
ifneq ($(HAVE_KERNEL),)
	$(need-kdir)
	+$(KBUILD) W=1 modules
else
	@echo "kernel/Kbuild not there yet: modules skipped"
endif

lib:
	+@$(call submake,lib)

selftests examples: lib
	+@$(call submake,$@,KSFT_DIR=$(KSFT_DIR))

tools/bench: lib
	+@$(call submake,$@)

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
	$(call vm-program,/examples/wse-hello,demo)

# The buffers (2 x 64 MiB + PE memories) fit in tools/vm/run's default 1G.
bench:
	$(call vm-program,/bench/wse-bench,bench)

check:
	tools/deps
	$(MAKE) all
	MAKE="$(MAKE)" tools/vm/check

# Any sparse (or compiler) warning fails.
sparse:
ifneq ($(HAVE_KERNEL),)
	$(need-kdir)
	@mkdir -p build
	+$(KBUILD) W=1 C=2 modules 2>&1 | tee build/sparse.log
	@! grep -E 'warning:|error:' build/sparse.log >/dev/null || \
		{ echo "sparse: warnings above" >&2; exit 1; }
else
	@echo "kernel/Kbuild not there yet: sparse skipped"
endif

checkpatch:
	@test -x "$(CHECKPATCH)" || { echo "no $(CHECKPATCH): run make deps" >&2; exit 1; }
	$(if $(CHECKPATCH_FILES),$(CHECKPATCH) --no-tree --show-types --quiet -f $(CHECKPATCH_FILES),@echo "checkpatch: no files")

clean:
	+@if [ -d "$(KDIR)" ] && [ -n "$(HAVE_KERNEL)" ]; then $(KBUILD) clean; fi
	+@$(call submake,lib,clean)
	+@$(call submake,selftests,clean)
	+@$(call submake,examples,clean)
	+@$(call submake,tools/bench,clean)
	rm -rf build
