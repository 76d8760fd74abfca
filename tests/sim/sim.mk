# tests/sim/sim.mk: the simulated BMC's ipmi_sim module, -included by the
# top-level Makefile (which defines B, CC, ALL_CFLAGS, SANFLAGS, Q).
#
# hpm_target.so is loaded by the uninstrumented /usr/bin/ipmi_sim, which
# cannot host ASan/UBSan runtimes, so it is always built without sanitizer
# flags (also with SAN=1) but with the project's -std=c11 -Wall -Wextra
# -Werror.  No -l flags: its ipmi_emu_* and ipmi_mc_* symbols resolve from
# the ipmi_sim executable when it is loaded.

SIM_SRCS    := $(wildcard tests/sim/*.c)
SIM_HDRS    := $(wildcard tests/sim/*.h)
SIM_MODULE  := $(B)/tests/sim/hpm_target.so
SIM_TARGETS := $(SIM_MODULE)
SIM_NOSAN   := $(SANFLAGS) -fsanitize=% -fno-sanitize-recover=% -fsanitize-recover=%
SIM_CFLAGS  := $(filter-out $(SIM_NOSAN),$(ALL_CFLAGS)) -fPIC -fvisibility=hidden
SIM_LDFLAGS := -shared $(filter-out $(SIM_NOSAN),$(LDFLAGS))

$(SIM_MODULE): $(SIM_SRCS) $(SIM_HDRS) tests/sim/sim.mk
	@mkdir -p $(@D)
	$(Q)$(CC) $(SIM_CFLAGS) -o $@ $(SIM_SRCS) $(SIM_LDFLAGS)
