# shellcheck shell=bash
# bench/sim-env.sh: the set-up of every benchmark that drives the simulated
# BMC (tests/sim) through tests/cli/lib.sh.  Sourced after `set -u`, with
# BENCH_NAME set to the script's name (for its messages).
#
# Sets and exports FWD_TOP, FWD_BUILD, FWDISPATCH and FWDISPATCH_PLUGIN_DIR
# (each kept when given), LC_ALL=C, then sources tests/cli/lib.sh, whose
# EXIT trap stops every simulator and removes $T.  A script that wants
# bench/lib.sh too sources it first, so that this trap is the one that
# stays.  A missing build, ipmitool or ipmi_sim is a broken set-up here:
# exit 1 saying what to do (lib.sh's sim_require alone would exit 77, a
# test's skip, which a benchmark asked for is not).
FWD_TOP=${FWD_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
FWD_BUILD=${FWD_BUILD:-$FWD_TOP/build}
export FWD_TOP FWD_BUILD
export FWDISPATCH=${FWDISPATCH:-$FWD_BUILD/bin/fwdispatch}
export FWDISPATCH_PLUGIN_DIR=${FWDISPATCH_PLUGIN_DIR:-$FWD_BUILD/lib/fwdispatch/plugins}
export LC_ALL=C
[ -x "$FWDISPATCH" ] || { echo "$BENCH_NAME: $FWDISPATCH is not built (make)" >&2; exit 1; }
( . "$FWD_TOP/tests/cli/lib.sh"; sim_require ) >/dev/null ||
	{ echo "$BENCH_NAME: the simulator cannot run (make test-build; ipmitool," \
		"ipmi_sim)" >&2; exit 1; }
. "$FWD_TOP/tests/cli/lib.sh"
sim_require
