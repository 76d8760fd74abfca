# fwdispatch: a plain GNU Makefile.
#
#   make                 build the CLI, the core library and the plugins
#   make check           build and run every test (SAN=1: under ASan + UBSan;
#                        VALGRIND=1: the main paths under valgrind's memcheck,
#                        tests/valgrind/README.md)
#   make demo            build and run a complete update against the simulated server,
#                        then one over Redfish against the emulated BMC (make
#                        demo-redfish: that one alone)
#   make fuzz            build the libFuzzer targets with clang (ASan + UBSan, in
#                        build-fuzz/) and run each FUZZ_SECONDS (60) over a copy of
#                        its corpus; make fuzz-smoke: each 10 s, two at a time (CI)
#   make install         PREFIX=/usr/local DESTDIR= CONFIG_FILE=/etc/fwdispatch.conf
#                        TRUSTED_KEYS_DIR=/etc/fwdispatch/trusted-keys
#                        (make uninstall undoes it)
#   make bench           build, then run every bench/bench-*.sh in name order: ratios
#                        against baselines timed in the same run (BENCHMARKS.md);
#                        BENCH_QUICK=1 for a 2-minute pass.  Never part of make check.
#   make clean
#
# `make check`, `make demo` and `make fuzz` first make sure the Debian packages
# are there (contrib/ensure-deps): installed when run as root, otherwise the
# exact apt-get line is printed and make stops.

VERSION     := 0.2.0

PREFIX      ?= /usr/local
BINDIR      ?= $(PREFIX)/bin
LIBDIR      ?= $(PREFIX)/lib
INCLUDEDIR  ?= $(PREFIX)/include
PLUGINDIR   ?= $(LIBDIR)/fwdispatch/plugins
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
# The plugin ABI the installed header carries, for fwdispatch.pc.
ABI_MAJOR   := $(shell sed -n 's/^\#define FWD_ABI_MAJOR \([0-9][0-9]*\)$$/\1/p' include/fwdispatch/fwd_plugin.h)
ABI_MINOR   := $(shell sed -n 's/^\#define FWD_ABI_MINOR \([0-9][0-9]*\)$$/\1/p' include/fwdispatch/fwd_plugin.h)
DOCDIR      ?= $(PREFIX)/share/doc/fwdispatch
MANDIR      ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
# The operator's defaults (README: "A config file"); the same for every
# PREFIX, as for any tool run as root.  make install puts an example in
# DOCDIR, never a file here.
CONFIG_FILE ?= /etc/fwdispatch.conf
# The public keys that may sign a manifest (README: "Signed manifests");
# like the config file, never installed: the operator puts keys there.
TRUSTED_KEYS_DIR ?= /etc/fwdispatch/trusted-keys
DESTDIR     ?=

CC          ?= cc
CFLAGS      ?= -g -O2
EXTRA_CFLAGS ?=
SAN         ?=
FUZZ        ?=
FUZZ_CC     ?= clang
VALGRIND    ?=

ifeq ($(FUZZ),1)
# The fuzz build (tests/fuzz/fuzz.mk): clang, every object instrumented
# for libFuzzer's coverage and checked by ASan + UBSan; the targets link
# libFuzzer's main (-fsanitize=fuzzer).
B           := build-fuzz
CC          := $(FUZZ_CC)
SANFLAGS    := -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
               -fno-sanitize-recover=all
else ifeq ($(SAN),1)
B           := build-san
SANFLAGS    := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
else
B           := build
SANFLAGS    :=
endif

# Messages are cut to fit their buffers on purpose; gcc would flag each one.
WARN        := -Wall -Wextra -Werror
ALL_CFLAGS  := -std=c11 $(WARN) -D_GNU_SOURCE $(SANFLAGS) $(CFLAGS) $(EXTRA_CFLAGS)
CPPFLAGS_FWD := -Iinclude -Icore -DFWD_VERSION='"$(VERSION)"' \
                -DFWD_PLUGINDIR='"$(PLUGINDIR)"' -DFWD_CONFIG_FILE='"$(CONFIG_FILE)"' \
                -DFWD_TRUSTED_KEYS_DIR='"$(TRUSTED_KEYS_DIR)"'
# -pthread: the image check runs one digest on a second thread (core/image/digest-thread.c).
LDLIBS_FWD  := -lcurl -ljansson -lssl -lcrypto -ldl
LDFLAGS_FWD := -pthread $(SANFLAGS) $(LDFLAGS)

ifeq ($(V),1)
Q :=
else
Q := @
endif

# --- core -----------------------------------------------------------------
# core/cli is the command line (main, option parsing, one cmd-*.c per
# command); every other folder under core/ is the library, by concern:
# util, tool, image, ipmi, identity, plugin-host, update (core/README.md).
CLI_SRCS    := $(wildcard core/cli/*.c)
CLI_OBJS    := $(CLI_SRCS:%.c=$(B)/%.o)
CORE_SRCS   := $(filter-out core/cli/%,$(wildcard core/*/*.c))
CORE_OBJS   := $(CORE_SRCS:%.c=$(B)/%.o)
CORE_LIB    := $(B)/libfwdcore.a
CLI         := $(B)/bin/fwdispatch
PUBLIC_HDRS := $(wildcard include/fwdispatch/*.h)
LAYERS_OK   := $(B)/.layers-ok

# --- plugins --------------------------------------------------------------
PLUGIN_NAMES := supermicro dell generic-hpm redfish hpe lenovo
PLUGIN_DIR_B := $(B)/lib/fwdispatch/plugins
PLUGINS      := $(PLUGIN_NAMES:%=$(PLUGIN_DIR_B)/%.so)
PLUGIN_COMMON_OBJS := $(patsubst %.c,$(B)/%.o,$(wildcard plugins/common/*.c))
PLUGIN_CFLAGS := -fPIC -fvisibility=hidden -Iinclude -Iplugins/common
PLUGIN_LDFLAGS := -shared -Wl,--version-script=plugins/plugin.map -Wl,-z,defs

# --- tests ----------------------------------------------------------------
TEST_SUPPORT_SRCS := $(wildcard tests/support/*.c)
TEST_SUPPORT_OBJS := $(TEST_SUPPORT_SRCS:%.c=$(B)/%.o)
TEST_LIB      := $(B)/libfwdtest.a
UNIT_SRCS     := $(wildcard tests/unit/test_*.c)
UNIT_BINS     := $(UNIT_SRCS:tests/unit/%.c=$(B)/tests/unit/%)
TOOL_SRCS     := $(wildcard tests/tools/*.c)
TOOL_BINS     := $(TOOL_SRCS:tests/tools/%.c=$(B)/tests/tools/%)
TEST_PLUGIN_SRCS := $(wildcard tests/plugins/*.c)
TEST_PLUGINS  := $(TEST_PLUGIN_SRCS:tests/plugins/%.c=$(B)/tests/plugins/%.so)
TEST_CFLAGS   := -Iinclude -Icore -Itests/support
TEST_LDLIBS   := -lcmocka $(LDLIBS_FWD)

# Every object records the headers it read (-MMD), so touching a header
# rebuilds exactly what includes it; -MP keeps a removed header from
# breaking the build.
DEPFLAGS    := -MMD -MP

.PHONY: all check check-deps check-ansible demo demo-redfish demo-deps install uninstall clean test-build bench man
.DEFAULT_GOAL := all

all: $(CLI) $(PLUGINS)

$(B)/core/%.o: core/%.c Makefile
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $(DEPFLAGS) $(CPPFLAGS_FWD) -c -o $@ $<

# The layers, enforced: only the command line may include its headers.
$(LAYERS_OK): $(CORE_SRCS) $(wildcard core/*/*.h) Makefile
	@mkdir -p $(@D)
	$(Q)bad=$$(grep -l '^#include "cli/' $(filter-out core/cli/%,$^) 2>/dev/null); \
	if [ -n "$$bad" ]; then \
		echo "layering: only core/cli may include core/cli headers; these do:" $$bad >&2; \
		exit 1; \
	fi; touch $@

$(CORE_LIB): $(CORE_OBJS) $(LAYERS_OK)
	@mkdir -p $(@D)
	$(Q)rm -f $@ && ar rcs $@ $(CORE_OBJS)

$(CLI): $(CLI_OBJS) $(CORE_LIB)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $(CLI_OBJS) $(CORE_LIB) $(LDFLAGS_FWD) $(LDLIBS_FWD)

# The same CLI with the hooks only tests may pull (FWDISPATCH_TEST_KILL_AFTER
# kills the run dead after a step, as a power loss would): built for the
# tests, never installed.  Only update-driver.c has hooks, syslog-sink.c
# (FWDISPATCH_TEST_SYSLOG_FILE takes the lines syslog would) and host-boot.c
# (FWDISPATCH_TEST_BOOT_ID_FILE stands in for a reboot); the hooked
# host-boot.o, linked before the library, replaces the library's.
HOOKED_CLI  := $(B)/tests/bin/fwdispatch-hooked
HOOKED_SRCS := update-driver syslog-sink
HOOKED_OBJS := $(filter-out $(HOOKED_SRCS:%=$(B)/core/cli/%.o),$(CLI_OBJS)) \
	       $(HOOKED_SRCS:%=$(B)/tests/hooked/%.o) $(B)/tests/hooked/host-boot.o
$(B)/tests/hooked/%.o: core/cli/%.c Makefile
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $(DEPFLAGS) $(CPPFLAGS_FWD) -DFWD_TEST_HOOKS -c -o $@ $<
$(B)/tests/hooked/%.o: core/update/%.c Makefile
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $(DEPFLAGS) $(CPPFLAGS_FWD) -DFWD_TEST_HOOKS -c -o $@ $<

$(HOOKED_CLI): $(HOOKED_OBJS) $(CORE_LIB)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $(HOOKED_OBJS) $(CORE_LIB) $(LDFLAGS_FWD) $(LDLIBS_FWD)

# Each plugin is its own folder plus the shared plugin helpers
# (plugins/common, compiled once), linked into one .so that exports
# fwd_plugin_entry and nothing else.
$(B)/plugins/%.o: plugins/%.c Makefile
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $(DEPFLAGS) $(PLUGIN_CFLAGS) -c -o $@ $<

# (A function, because a '%' written in a pattern rule's prerequisites
# would be taken for the stem.)
plugin_objs = $(patsubst %.c,$(B)/%.o,$(wildcard plugins/$(1)/*.c))
.SECONDEXPANSION:
# Keep the plugin objects: make would take them for intermediate files.
.SECONDARY:
$(PLUGIN_DIR_B)/%.so: $$(call plugin_objs,$$*) $(PLUGIN_COMMON_OBJS) plugins/plugin.map
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $(filter %.o,$^) $(PLUGIN_LDFLAGS) $(SANFLAGS) $(LDFLAGS)

$(B)/tests/support/%.o: tests/support/%.c Makefile
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $(DEPFLAGS) $(TEST_CFLAGS) -c -o $@ $<

$(TEST_LIB): $(TEST_SUPPORT_OBJS)
	@mkdir -p $(@D)
	$(Q)rm -f $@ && ar rcs $@ $^

$(B)/tests/unit/%: tests/unit/%.c $(CORE_LIB) $(TEST_LIB) Makefile
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $(DEPFLAGS) $(TEST_CFLAGS) $(CPPFLAGS_FWD) -o $@ $< $(TEST_CLI_OBJS) \
		$(TEST_LIB) $(CORE_LIB) $(LDFLAGS_FWD) $(TEST_WRAP) $(TEST_LDLIBS)

# Link-time seams (cmocka's way): the procedure's test brings its own plugin
# in; the loader's test makes an allocation fail.
$(B)/tests/unit/test_update_procedure: TEST_WRAP := -Wl,--wrap=fwd_plugins_open
$(B)/tests/unit/test_plugins: TEST_WRAP := -Wl,--wrap=strdup
# The command line is not in the library: a test of one of its files links it in.
$(B)/tests/unit/test_config_file: TEST_CLI_OBJS := $(B)/core/cli/config-file.o
$(B)/tests/unit/test_config_file: $(B)/core/cli/config-file.o
$(B)/tests/unit/test_inventory_out: TEST_CLI_OBJS := $(B)/core/cli/inventory-out.o
$(B)/tests/unit/test_inventory_out: $(B)/core/cli/inventory-out.o

$(B)/tests/tools/%: tests/tools/%.c $(CORE_LIB) $(TEST_LIB) Makefile
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $(DEPFLAGS) $(TEST_CFLAGS) $(CPPFLAGS_FWD) -o $@ $< $(TEST_LIB) \
		$(CORE_LIB) $(LDFLAGS_FWD) $(LDLIBS_FWD)

# Deliberately broken or odd plugins for the loader tests; abi20-* and
# abi12-* are built against the frozen headers of ABI 2.0 and 1.2 kept in
# tests/plugins/abi-*, as a plugin author built them then.
TEST_PLUGIN_BUILD = $(CC) $(ALL_CFLAGS) $(DEPFLAGS) -fPIC -shared -o $@ $< $(SANFLAGS)

$(B)/tests/plugins/%.so: tests/plugins/%.c Makefile
	@mkdir -p $(@D)
	$(Q)$(TEST_PLUGIN_BUILD) -Iinclude

$(B)/tests/plugins/abi20-%.so: tests/plugins/abi20-%.c Makefile
	@mkdir -p $(@D)
	$(Q)$(TEST_PLUGIN_BUILD) -Itests/plugins/abi-2.0

$(B)/tests/plugins/abi12-%.so: tests/plugins/abi12-%.c Makefile
	@mkdir -p $(@D)
	$(Q)$(TEST_PLUGIN_BUILD) -Itests/plugins/abi-1.2

-include tests/sim/sim.mk
-include tests/fuzz/fuzz.mk

test-build: all $(HOOKED_CLI) $(UNIT_BINS) $(TOOL_BINS) $(TEST_PLUGINS) $(SIM_TARGETS) \
	$(FUZZ_REPLAY_BINS)

check-deps:
	$(Q)sh contrib/ensure-deps $(if $(filter 1,$(VALGRIND)),valgrind,check)

demo-deps:
	$(Q)sh contrib/ensure-deps demo

check: check-deps
	$(Q)$(MAKE) --no-print-directory test-build
	$(Q)FWD_BUILD=$(abspath $(B)) FWD_SAN=$(SAN) FWD_VALGRIND=$(VALGRIND) bash tests/run-tests.sh

# The Ansible collection (contrib/ansible) against three simulated BMCs, and
# ansible-lint over it (Debian's ansible-core and ansible-lint).
check-ansible:
	$(Q)sh contrib/ensure-deps ansible
	$(Q)$(MAKE) --no-print-directory test-build
	$(Q)cd contrib/ansible/ansible_collections/fwdispatch/firmware && \
		ANSIBLE_COLLECTIONS_PATH=$(abspath contrib/ansible) ansible-lint --offline --nocolor -q
	$(Q)FWD_BUILD=$(abspath $(B)) FWD_SAN=$(SAN) FWD_SUITE=ansible bash tests/run-tests.sh

# Each script prints its own lines and exits 0; one that fails found a broken
# set-up (bench/README.md), and the others still run.
bench: all $(TOOL_BINS) $(SIM_TARGETS)
	$(Q)bash -c '. bench/lib.sh && bench_machine'
	$(Q)rc=0; for s in bench/bench-*.sh; do \
		FWD_BUILD=$(abspath $(B)) BENCH_QUICK=$(BENCH_QUICK) CC=$(CC) bash $$s || \
			{ echo "bench: $$s failed (a broken set-up, not a slow one)" >&2; rc=1; }; \
	done; exit $$rc

demo: demo-deps
	$(Q)$(MAKE) --no-print-directory all $(TOOL_BINS) $(SIM_TARGETS)
	$(Q)FWD_BUILD=$(abspath $(B)) bash examples/demo.sh
	$(Q)FWD_BUILD=$(abspath $(B)) bash examples/demo-redfish.sh

demo-redfish: demo-deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)FWD_BUILD=$(abspath $(B)) bash examples/demo-redfish.sh

# The man pages: fwdispatch(1) from the CLI's own --help (its option table)
# and two hand-written parts (contrib/gen-man.sh); fwdispatch-plugin(7) by
# hand, with the version and ABI filled in.  tests/cli/test-man.sh checks
# both against the source.
MAN_PAGES := $(B)/man/fwdispatch.1 $(B)/man/fwdispatch-plugin.7
man: $(MAN_PAGES)

$(B)/man/fwdispatch.1: $(CLI) contrib/gen-man.sh docs/man/fwdispatch.1.head docs/man/fwdispatch.1.tail
	@mkdir -p $(@D)
	$(Q)FWDISPATCH_CONFIG=/dev/null sh contrib/gen-man.sh $(CLI) $(VERSION) \
		docs/man/fwdispatch.1.head docs/man/fwdispatch.1.tail > $@.tmp && mv $@.tmp $@

$(B)/man/fwdispatch-plugin.7: docs/man/fwdispatch-plugin.7.in include/fwdispatch/fwd_plugin.h
	@mkdir -p $(@D)
	$(Q)sed -e 's|@VERSION@|$(VERSION)|g' -e 's|@ABI@|$(ABI_MAJOR).$(ABI_MINOR)|g' $< > $@

install: all man
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(PLUGINDIR) $(DESTDIR)$(INCLUDEDIR)/fwdispatch \
		$(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(DOCDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(BASHCOMPDIR)
	install -m 0755 $(CLI) $(DESTDIR)$(BINDIR)/fwdispatch
	install -m 0644 $(PLUGINS) $(DESTDIR)$(PLUGINDIR)/
	install -m 0644 $(PUBLIC_HDRS) $(DESTDIR)$(INCLUDEDIR)/fwdispatch/
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' \
	    -e 's|@PLUGINDIR@|$(PLUGINDIR)|g' -e 's|@VERSION@|$(VERSION)|g' \
	    -e 's|@ABI_MAJOR@|$(ABI_MAJOR)|g' -e 's|@ABI_MINOR@|$(ABI_MINOR)|g' \
	    contrib/fwdispatch.pc.in > $(DESTDIR)$(PKGCONFIGDIR)/fwdispatch.pc
	chmod 0644 $(DESTDIR)$(PKGCONFIGDIR)/fwdispatch.pc
	install -m 0644 etc/fwdispatch.conf.example $(DESTDIR)$(DOCDIR)/
	install -m 0644 $(B)/man/fwdispatch.1 $(DESTDIR)$(MANDIR)/man1/fwdispatch.1
	install -m 0644 $(B)/man/fwdispatch-plugin.7 $(DESTDIR)$(MANDIR)/man7/fwdispatch-plugin.7
	install -m 0644 contrib/bash-completion/fwdispatch $(DESTDIR)$(BASHCOMPDIR)/fwdispatch

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/fwdispatch
	rm -f $(PLUGIN_NAMES:%=$(DESTDIR)$(PLUGINDIR)/%.so)
	rm -f $(PUBLIC_HDRS:include/fwdispatch/%=$(DESTDIR)$(INCLUDEDIR)/fwdispatch/%)
	rm -f $(DESTDIR)$(PKGCONFIGDIR)/fwdispatch.pc
	rm -f $(DESTDIR)$(DOCDIR)/fwdispatch.conf.example
	rm -f $(DESTDIR)$(MANDIR)/man1/fwdispatch.1 $(DESTDIR)$(MANDIR)/man7/fwdispatch-plugin.7
	rm -f $(DESTDIR)$(BASHCOMPDIR)/fwdispatch
	-rmdir $(DESTDIR)$(INCLUDEDIR)/fwdispatch $(DESTDIR)$(PLUGINDIR) $(DESTDIR)$(LIBDIR)/fwdispatch \
		$(DESTDIR)$(DOCDIR) 2>/dev/null

clean:
	rm -rf build build-san build-fuzz

-include $(shell find $(B) -name '*.d' 2>/dev/null)
