# tests/fuzz/fuzz.mk: the libFuzzer targets (tests/fuzz/README.md),
# -included by the top-level Makefile (which defines B, CC, ALL_CFLAGS,
# CORE_LIB, TEST_LIB, plugin_objs, Q).
#
#   make fuzz [FUZZ_SECONDS=60] [FUZZ_JOBS=1]   build, then run every target
#   make fuzz-smoke                               each 10 s, two at a time (CI)
#   make fuzz-build                               build only (in build-fuzz/)
#
# The targets are built by a make of their own with FUZZ=1: clang, with
# every object of the core and of the plugin parts a target links
# instrumented for coverage and checked by ASan + UBSan, in build-fuzz/.

FUZZ_SECONDS ?= 60
FUZZ_JOBS    ?= 1
FUZZ_NAMES   := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS    := $(FUZZ_NAMES:%=$(B)/tests/fuzz/fuzz_%)
FUZZ_UTIL    := $(patsubst %,$(B)/tests/fuzz/%.o,fuzz-util fuzz-identity fuzz-split fuzz-state)
FUZZ_CFLAGS  := -Iinclude -Icore -Itests/support -Itests/fuzz -Iplugins/common

# What a target links besides the core library: the plugin's own files
# that read the tool's text (never the whole plugin, whose entry point
# would clash with another's), or the command-line files it runs.
PLUGIN_COMMON_TEXT := $(B)/plugins/common/vendor-text.o $(B)/plugins/common/match.o
FUZZ_LINK_sum    := $(patsubst %,$(B)/plugins/supermicro/%.o,sum-run sum-exit sum-cmd sum-query) \
		    $(PLUGIN_COMMON_TEXT)
FUZZ_LINK_sum_query := $(patsubst %,$(B)/plugins/supermicro/%.o,sum-query nic-mode) \
		    $(PLUGIN_COMMON_TEXT)
FUZZ_LINK_racadm := $(patsubst %,$(B)/plugins/dell/%.o,racadm-parse racadm-busy racadm-attr \
		      queue-check) $(PLUGIN_COMMON_TEXT)
FUZZ_LINK_hpm_check := $(B)/plugins/common/hpm-flash.o
FUZZ_LINK_status := $(patsubst %,$(B)/core/cli/%.o,cmd-status fail)
FUZZ_LINK_history := $(patsubst %,$(B)/core/cli/%.o,cmd-history fail)
FUZZ_LINK_config := $(patsubst %,$(B)/core/cli/%.o,options config-file fail cmd-status)

.PHONY: fuzz fuzz-smoke fuzz-build fuzz-deps

fuzz-deps:
	$(Q)sh contrib/ensure-deps fuzz

$(B)/tests/fuzz/%.o: tests/fuzz/%.c Makefile tests/fuzz/fuzz.mk
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $(DEPFLAGS) $(FUZZ_CFLAGS) -c -o $@ $<

$(B)/tests/fuzz/fuzz_%: $(B)/tests/fuzz/fuzz_%.o $(FUZZ_UTIL) $$(FUZZ_LINK_$$*) $(TEST_LIB) \
		$(CORE_LIB)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_UTIL) $(FUZZ_LINK_$*) \
		$(TEST_LIB) $(CORE_LIB) $(LDFLAGS_FWD) $(LDLIBS_FWD)

# The same targets without libFuzzer, linked by the normal build with
# replay-main.c: `make check` replays every seed and regress-* input
# through them (tests/cli/test-fuzz-corpus.sh), with gcc, and under ASan +
# UBSan with SAN=1.
FUZZ_REPLAY_BINS := $(FUZZ_NAMES:%=$(B)/tests/fuzz-replay/fuzz_%)

$(B)/tests/fuzz-replay/fuzz_%: $(B)/tests/fuzz/fuzz_%.o $(FUZZ_UTIL) \
		$(B)/tests/fuzz/replay-main.o $$(FUZZ_LINK_$$*) $(TEST_LIB) $(CORE_LIB)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/tests/fuzz/replay-main.o $(FUZZ_UTIL) \
		$(FUZZ_LINK_$*) $(TEST_LIB) $(CORE_LIB) $(LDFLAGS_FWD) $(LDLIBS_FWD)

ifeq ($(FUZZ),1)
fuzz-build: $(FUZZ_BINS)
else
fuzz-build: fuzz-deps
	$(Q)$(MAKE) --no-print-directory FUZZ=1 fuzz-build
endif

fuzz: fuzz-build
	$(Q)FWD_BUILD=$(abspath build-fuzz) bash tests/fuzz/run-fuzz.sh $(FUZZ_SECONDS) $(FUZZ_JOBS)

fuzz-smoke: fuzz-build
	$(Q)FWD_BUILD=$(abspath build-fuzz) bash tests/fuzz/run-fuzz.sh 10 2
