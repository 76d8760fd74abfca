#!/usr/bin/env bash
# README.md's walk-through ("an update that dies in mid-upload, then status
# and resume") does what it says, run from the README itself: only the
# build's paths, the scratch folder and the retry of the resume that the
# README describes ("exit 7 until the upload ends") are filled in.
. "$FWD_TOP/tests/cli/lib.sh"
sim_require

awk '/^Walk-through on the simulator/ { f = 1 } f && /^```sh/ { g = 1; next }
     g && /^```/ { exit } g { print }' "$FWD_TOP/README.md" >"$T/walk.sh"
[ "$(wc -l <"$T/walk.sh")" -gt 8 ] || fail "no walk-through block found in README.md"
grep -q 'kill -9' "$T/walk.sh" || fail "the walk-through no longer kills the update"
# /tmp/ first: the build's paths put in after it may themselves be under /tmp.
sed -i -e "s|/tmp/|$T/|g" \
	-e "s|\\\$PWD/build|$FWD_BUILD|g" -e "s|build/bin/fwdispatch|$FWDISPATCH|g" \
	-e "s|build/tests/tools/mkhpm|$MKHPM|g" -e "s|tests/sim/fwd-sim|$FWD_TOP/tests/sim/fwd-sim|g" \
	-e 's|^\(.*\) resume \$T --yes .*|until \1 resume $T --yes; [ $? != 7 ]; do sleep 2; done|' \
	"$T/walk.sh"
grep -q '^until .* resume ' "$T/walk.sh" || fail "the walk-through has no resume line"

timeout 600 bash "$T/walk.sh" >"$T/walk.out" 2>&1
rc=$?
[ "$rc" = 0 ] || { cat "$T/walk.out" >&2; fail "the walk-through exited $rc"; }
expect_in "$T/walk.out" "dry run: nothing was changed or sent to the BMC"
expect_in "$T/walk.out" "UNFINISHED: the run was interrupted in step 'bmc-upload'"
expect_in "$T/walk.out" "next: 'fwdispatch resume --host "
expect_in "$T/walk.out" "a tool the run started still runs and holds the target: ipmitool"
expect_in "$T/walk.out" "already uploaded and activated 1.72"
expect_in "$T/walk.out" "BMC firmware updated: 1.71 -> 1.72"
grep -qE '^2[0-9-]+T[0-9:]+Z .* bmc +1\.71 -> 1\.72 +ok' "$T/walk.out" ||
	fail "the history does not show the finished update"
ok "README's walk-through: killed mid-upload, status says UNFINISHED and what to run, resume finishes it"
