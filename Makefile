# vakt — plain GNU Make. `make help` lists the targets.
#
#   make            build build/vakt
#   make check      every test, then the same suite under ASan+UBSan (built with clang)
#   make demo       install what is missing, build, scan the examples
#   make bench      benchmarks under bench/ (figures go to docs/performance.md by hand)
#   make lint       clang-format check, cppcheck, clang-tidy
#   make fuzz       run the libFuzzer harnesses (FUZZ_SECONDS each; FUZZ=NAME for one)
#   make fuzz-smoke every harness for a few seconds (CI); fails on any finding
#   make install    PREFIX=/usr/local
#   make image      vakt's own image as build/vakt-image.tar, without an engine
#   make manifests  deploy/manifests/vakt.yaml from the Helm chart deploy/helm/vakt
#   V=1             show full commands

.DEFAULT_GOAL := all
VERSION := 0.1.0
PREFIX ?= /usr/local
BUILD ?= build
CC ?= cc
ifeq ($(origin CC),default)
CC := gcc
endif

PKGS := yaml-0.1 jansson libpcre2-8 sqlite3 libarchive zlib libzstd libcrypto libisal libcurl \
	libmicrohttpd gnutls libelf
TEST_PKGS := cmocka
# What the vakt binary links. libarchive, ISA-L, libcrypto, SQLite, libcurl,
# libmicrohttpd, GnuTLS, libelf and zlib
# (and what they pull in) are loaded when first needed (src/core/dl.h),
# so that a static command starts without mapping them; tests link them all.
BIN_PKGS := yaml-0.1 jansson libpcre2-8 libzstd
# The sonames those are loaded by: the ones the headers we compile against
# belong to, read from the development symlinks (empty: the default in the code).
soname = $(shell readelf -d "$$($(CC) -print-file-name=lib$(1).so)" 2>/dev/null | \
	sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')

# Build on every core unless -j was given: `make demo` on a fresh machine too.
ifeq ($(filter -j%,$(MAKEFLAGS)),)
MAKEFLAGS += -j$(shell nproc 2>/dev/null || echo 2)
endif

ifeq ($(V),1)
Q :=
else
Q := @
endif

# Install missing Debian packages once, before anything needs them. deps.sh
# is quick and silent when nothing is missing, and it also checks the tools the
# tests run (rpm, python3, node), which pkg-config cannot see.
DEPS_STAMP := $(BUILD)/.deps-ok
$(DEPS_STAMP): scripts/deps.sh
	$(Q)mkdir -p $(@D)
	$(Q)./scripts/deps.sh
	$(Q)touch $@

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
BIN_LIBS = $(shell pkg-config --libs $(BIN_PKGS) 2>/dev/null)
TEST_CFLAGS = $(shell pkg-config --cflags $(TEST_PKGS) 2>/dev/null)
TEST_LIBS = $(shell pkg-config --libs $(TEST_PKGS) 2>/dev/null)
# libbpf for the eBPF probe's loader; empty where it is missing (the probe is
# then compiled out: scripts/gen-probe.sh).
BPF_LIBS = $(shell pkg-config --libs libbpf 2>/dev/null)

WARN := -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wformat-security -Wstrict-prototypes \
	-Wmissing-prototypes -Wold-style-definition -Wpointer-arith -Wvla -Wundef \
	-Wcast-align -Wwrite-strings -Wno-unused-parameter -Wimplicit-fallthrough
OPT ?= -O2 -g
SAN ?=
CFLAGS_ALL := -std=c17 -D_GNU_SOURCE $(OPT) $(WARN) $(SAN) -fno-strict-aliasing \
	-Isrc $(PKG_CFLAGS) -DVAKT_VERSION='"$(VERSION)"' $(CFLAGS)
LDFLAGS_ALL := $(SAN) $(LDFLAGS)

LIB_SRCS := $(sort $(filter-out src/cli/%,$(wildcard src/*/*.c)))
CLI_SRCS := $(sort $(wildcard src/cli/*.c))
UNIT_SRCS := $(sort $(wildcard tests/unit/test-*.c))
FUZZ_SRCS := $(sort $(wildcard tests/fuzz/fuzz-*.c))

LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/obj/%.o)
CLI_OBJS := $(CLI_SRCS:%.c=$(BUILD)/obj/%.o)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
FUZZ_REPLAY_BINS := $(FUZZ_SRCS:tests/fuzz/%.c=$(BUILD)/tests/replay-%)
LIB := $(BUILD)/libvakt.a
BIN := $(BUILD)/vakt

.PHONY: all check check-run demo bench lint fuzz fuzz-build fuzz-smoke install clean help docs check-docs unit \
	image image-rootfs manifests
all: $(BIN)

$(BUILD)/obj/%.o: %.c $(DEPS_STAMP)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS_ALL) $(DL_DEFS) $(BPF_DEFS) -MMD -MP -c -o $@ $<

# Only the loaders need the sonames (and the readelf calls).
$(BUILD)/obj/src/image/img-dl.o: DL_DEFS = \
	$(foreach l,archive:ARCHIVE isal:ISAL crypto:CRYPTO,$(if $(call soname,$(word 1,$(subst :, ,$(l)))),\
	-DVAKT_SONAME_$(word 2,$(subst :, ,$(l)))='"$(call soname,$(word 1,$(subst :, ,$(l))))"'))
$(BUILD)/obj/src/pkg/pkg-dl.o: DL_DEFS = \
	$(if $(call soname,sqlite3),-DVAKT_SONAME_SQLITE='"$(call soname,sqlite3)"')
$(BUILD)/obj/src/pkg/pkg-app-dl.o: DL_DEFS = \
	$(foreach l,elf:ELF z:Z archive:ARCHIVE,$(if $(call soname,$(word 1,$(subst :, ,$(l)))),\
	-DVAKT_SONAME_$(word 2,$(subst :, ,$(l)))='"$(call soname,$(word 1,$(subst :, ,$(l))))"'))
$(BUILD)/obj/src/serve/serve-dl.o: DL_DEFS = \
	$(foreach l,microhttpd:MICROHTTPD gnutls:GNUTLS curl:CURL,$(if $(call soname,$(word 1,$(subst :, ,$(l)))),\
	-DVAKT_SONAME_$(word 2,$(subst :, ,$(l)))='"$(call soname,$(word 1,$(subst :, ,$(l))))"'))
$(BUILD)/obj/src/vuln/vuln-dl.o: DL_DEFS = \
	$(foreach l,archive:ARCHIVE curl:CURL,$(if $(call soname,$(word 1,$(subst :, ,$(l)))),\
	-DVAKT_SONAME_$(word 2,$(subst :, ,$(l)))='"$(call soname,$(word 1,$(subst :, ,$(l))))"'))

# The eBPF probe (docs/runtime.md, "Live collection (eBPF)"): vmlinux.h from
# this machine's BTF, src/runtime/bpf/vakt.bpf.c built with clang -target bpf
# (never sanitized) and embedded by bpftool's skeleton, which the loader and
# the preflight include. Built once per build directory; without BTF,
# bpftool, clang or libbpf the header says so and the probe is compiled out.
PROBE_SKEL := $(BUILD)/vakt.skel.h
$(PROBE_SKEL): src/runtime/bpf/vakt.bpf.c src/runtime/bpf/vakt-probe.h scripts/gen-probe.sh \
		$(DEPS_STAMP)
	$(Q)V=$(V) scripts/gen-probe.sh $(BUILD) $@
PROBE_OBJS := $(BUILD)/obj/src/runtime/rt-probe.o $(BUILD)/obj/src/runtime/rt-preflight.o
$(PROBE_OBJS): $(PROBE_SKEL)
$(PROBE_OBJS): BPF_DEFS = -I$(BUILD)

# vakt watch's default rules, built into the binary.
WATCH_RULES_C := $(BUILD)/gen/watch-default-rules.c
WATCH_RULES_O := $(BUILD)/obj/gen/watch-default-rules.o
CLI_OBJS += $(WATCH_RULES_O)
$(WATCH_RULES_C): rules/vakt_rules.yaml scripts/embed.sh
	@mkdir -p $(@D)
	@$(if $(Q),echo "  GEN     $@")
	$(Q)scripts/embed.sh watch_default_rules $< cli/cli-watch.h > $@.tmp && mv $@.tmp $@
$(WATCH_RULES_O): $(WATCH_RULES_C) $(DEPS_STAMP)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS_ALL) -MMD -MP -c -o $@ $<

$(LIB): $(LIB_OBJS)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

$(BIN): $(CLI_OBJS) $(LIB)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(LDFLAGS_ALL) -o $@ $(CLI_OBJS) $(LIB) $(BIN_LIBS) $(BPF_LIBS) -lm -lpthread -ldl

$(BUILD)/tests/test-%: tests/unit/test-%.c $(LIB) $(DEPS_STAMP)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  TEST    $<")
	$(Q)$(CC) $(CFLAGS_ALL) $(TEST_CFLAGS) -MMD -MP -o $@ $< $(LIB) $(PKG_LIBS) $(TEST_LIBS) \
		$(BPF_LIBS) $(LDFLAGS_ALL) -lm -lpthread

# Fuzz harnesses linked with a small driver that replays a corpus (any compiler).
# With two sources, -MMD keeps the dependencies of the last only: the harnesses'
# shared header is listed by hand.
FUZZ_HDRS := $(wildcard tests/fuzz/*.h)
$(BUILD)/tests/replay-fuzz-%: tests/fuzz/fuzz-%.c tests/fuzz/replay.c $(FUZZ_HDRS) $(LIB) $(DEPS_STAMP)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  FUZZ    $<")
	$(Q)$(CC) $(CFLAGS_ALL) -MMD -MP -o $@ $< tests/fuzz/replay.c $(LIB) $(PKG_LIBS) \
		$(BPF_LIBS) $(LDFLAGS_ALL) -lm -lpthread

-include $(shell find $(BUILD)/obj $(BUILD)/tests -name '*.d' 2>/dev/null)

# --- tests -----------------------------------------------------------------

TEST_BINS := $(UNIT_BINS) $(FUZZ_REPLAY_BINS)

# Run the whole suite against the binaries in $(BUILD).
check-run: $(BIN) $(TEST_BINS)
	$(Q)VAKT=$(abspath $(BIN)) BUILD=$(abspath $(BUILD)) LABEL='$(LABEL)' tests/run.sh

ASAN_BUILD := $(BUILD)/asan
check: $(DEPS_STAMP)
	$(Q)rm -f $(BUILD)/.summary-* $(ASAN_BUILD)/.summary-*
	$(Q)$(MAKE) --no-print-directory check-run LABEL=plain SUMMARY=$(BUILD)/.summary-plain; \
	 a=$$?; \
	 ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	 $(MAKE) --no-print-directory check-run BUILD=$(ASAN_BUILD) CC=clang OPT='-O1 -g' \
		SAN='-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all' \
		LABEL=asan+ubsan; \
	 b=$$?; \
	 tests/summary.sh $(BUILD)/.summary-plain $(ASAN_BUILD)/.summary-asan+ubsan; \
	 test $$a -eq 0 && test $$b -eq 0

# --- docs --------------------------------------------------------------------

docs: $(BIN)
	$(Q)$(BIN) rules --format markdown > docs/rules.md
	@echo "  GEN     docs/rules.md"
	$(Q)scripts/gen-tour.sh $(BIN)
	@echo "  GEN     README.md (tour)"

check-docs: $(BIN)
	$(Q)$(BIN) rules --format markdown | cmp -s - docs/rules.md || \
		{ echo "docs/rules.md is out of date: run 'make docs'"; exit 1; }
	$(Q)scripts/gen-tour.sh --check $(BIN)

# --- demo, bench, lint, fuzz, install ---------------------------------------

demo: $(BIN)
	$(Q)./scripts/demo.sh $(BIN)

bench: $(BIN)
	$(Q)./bench/run.sh $(BIN)

LINT_SRCS := $(shell find src tests/unit tests/fuzz bench -name '*.[ch]' 2>/dev/null)
lint: $(DEPS_STAMP)
	$(Q)scripts/check-layers.sh
	$(Q)clang-format --dry-run --Werror $(LINT_SRCS)
	$(Q)cppcheck --quiet --error-exitcode=1 --enable=warning,portability,performance \
		--std=c11 --inline-suppr -Isrc --suppress=missingIncludeSystem \
		--suppress=unknownMacro src
	$(Q)clang-tidy --quiet $(LIB_SRCS) $(CLI_SRCS) -- -std=c17 -D_GNU_SOURCE -Isrc $(PKG_CFLAGS) \
		-DVAKT_VERSION='"$(VERSION)"'

# libFuzzer. `make fuzz` runs every harness (or FUZZ=NAME[,NAME...] only) for
# FUZZ_SECONDS each, keeping what it finds in $(FUZZ_BUILD)/corpus-NAME and any
# crash, UB report, leak or slow input in $(FUZZ_BUILD)/artifacts-NAME/. UBSan
# does not recover, so undefined behaviour stops the run like a crash;
# -max_len lets inputs grow large enough to show quadratic shapes, and an input
# that takes longer than FUZZ_TIMEOUT seconds is a finding. `make fuzz-smoke`
# runs every harness for FUZZ_SMOKE_SECONDS from the committed seeds (CI).
FUZZ_SECONDS ?= 60
FUZZ_MAX_LEN ?= 262144
FUZZ_TIMEOUT ?= 5
FUZZ_FLAGS ?=
FUZZ_SMOKE_SECONDS ?= 2
FUZZ_SMOKE_TIMEOUT ?= 10
FUZZ_BUILD := $(BUILD)/fuzz
FUZZ_ALL := $(FUZZ_SRCS:tests/fuzz/fuzz-%.c=%)
comma := ,
FUZZ_NAMES := $(if $(FUZZ),$(patsubst fuzz-%,%,$(subst $(comma), ,$(FUZZ))),$(FUZZ_ALL))
FUZZ_SAN := -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer

fuzz-build: $(DEPS_STAMP)
	$(Q)for f in $(FUZZ_NAMES); do test -f tests/fuzz/fuzz-$$f.c || \
		{ echo "no harness tests/fuzz/fuzz-$$f.c (have: $(FUZZ_ALL))"; exit 2; }; done
	$(Q)$(MAKE) --no-print-directory $(if $(Q),-s) $(FUZZ_NAMES:%=$(FUZZ_BUILD)/fuzz-%) \
		BUILD=$(FUZZ_BUILD) \
		CC=clang OPT='-O1 -g' SAN='$(FUZZ_SAN)'

# Run harness $$f for $(1) seconds with -timeout $(2), new inputs going to the
# scratch corpus $(3) (the committed seeds are read only).
fuzz_run = mkdir -p $(3) $(FUZZ_BUILD)/artifacts-$$f && \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	$(FUZZ_BUILD)/fuzz-$$f -max_total_time=$(1) -timeout=$(2) -max_len=$(FUZZ_MAX_LEN) \
		-artifact_prefix=$(FUZZ_BUILD)/artifacts-$$f/ -print_final_stats=1 $(FUZZ_FLAGS) \
		$(3) tests/fuzz/corpus/$$f

fuzz: fuzz-build
	$(Q)for f in $(FUZZ_NAMES); do \
		echo "  FUZZ    $$f ($(FUZZ_SECONDS) s)"; \
		$(call fuzz_run,$(FUZZ_SECONDS),$(FUZZ_TIMEOUT),$(FUZZ_BUILD)/corpus-$$f) || exit 1; \
	done

# Every harness briefly from the committed seeds only (a fresh scratch corpus
# each time, so that it takes as long here as in CI); all run even when one
# fails, and any finding fails the target.
fuzz-smoke: fuzz-build
	$(Q)bad=; for f in $(FUZZ_NAMES); do \
		log=$(FUZZ_BUILD)/smoke-$$f.log; rm -rf $(FUZZ_BUILD)/smoke-corpus-$$f; \
		if ( $(call fuzz_run,$(FUZZ_SMOKE_SECONDS),$(FUZZ_SMOKE_TIMEOUT),$(FUZZ_BUILD)/smoke-corpus-$$f) ) \
			>$$log 2>&1; \
		then echo "ok      fuzz-$$f: $$(grep -ao 'stat::number_of_executed_units: *[0-9]*' \
			$$log | grep -o '[0-9]*$$') runs"; \
		else echo "FAILED  fuzz-$$f (log: $$log)"; tail -n 30 $$log; bad="$$bad $$f"; fi; \
	done; \
	test -z "$$bad" || { echo "fuzz-smoke: findings in:$$bad"; exit 1; }

$(BUILD)/fuzz-%: tests/fuzz/fuzz-%.c $(FUZZ_HDRS) $(LIB)
	@$(if $(Q),echo "  FUZZ    $@")
	$(Q)$(CC) $(CFLAGS_ALL) -fsanitize=fuzzer -o $@ $< $(LIB) $(PKG_LIBS) $(BPF_LIBS) \
		$(LDFLAGS_ALL) -lm -lpthread

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/doc/vakt
	install -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/vakt
	install -m 0644 README.md docs/*.md $(DESTDIR)$(PREFIX)/share/doc/vakt/

# vakt's own image (docs/container.md), without a container engine: the root
# filesystem from the built binary (scripts/image-rootfs.sh, which the
# Dockerfile's build stage runs too), then umoci and skopeo write
# IMAGE_ARCHIVE with the configuration of the Dockerfile's final stage.
IMAGE_FORMAT ?= docker-archive
IMAGE_ARCHIVE ?= $(BUILD)/vakt-image.tar
IMAGE_ROOTFS := $(BUILD)/image/rootfs
DL_SONAMES = $(foreach l,archive isal crypto sqlite3 curl microhttpd gnutls elf z,$(call soname,$(l)))
image-rootfs: $(BIN)
	@$(if $(Q),echo "  ROOTFS  $(IMAGE_ROOTFS)")
	$(Q)scripts/image-rootfs.sh $(BIN) $(IMAGE_ROOTFS) $(DL_SONAMES)
image: image-rootfs
	@$(if $(Q),echo "  IMAGE   $(IMAGE_ARCHIVE)")
	$(Q)scripts/image-build.sh $(IMAGE_ROOTFS) Dockerfile $(IMAGE_FORMAT):$(IMAGE_ARCHIVE) $(VERSION)

# deploy/manifests/vakt.yaml: the Helm chart deploy/helm/vakt rendered with its
# default values, for kubectl users (docs/deploy.md); tests/extra/deploy.sh
# fails when it is stale.
manifests:
	$(Q)python3 scripts/render-chart.py --manifests -o deploy/manifests/vakt.yaml
	@echo "  GEN     deploy/manifests/vakt.yaml"

clean:
	rm -rf $(BUILD)

help:
	@sed -n '2,13p' Makefile
