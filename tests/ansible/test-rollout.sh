#!/usr/bin/env bash
# The fwdispatch.firmware collection's rolling update (contrib/ansible)
# against three simulated BMCs on loopback, from ansible-playbook as an
# administrator runs it: all three updated and verified; run again,
# nothing changed and nothing failed; then a new image with the second
# BMC failing its self-test after the flash: the rollout stops after that
# batch, and the third keeps its old firmware (read back from the
# simulators, not from Ansible).  `make check-ansible` runs it.
. "$FWD_TOP/tests/cli/lib.sh"
sim_require
command -v ansible-playbook >/dev/null || fail "ansible-playbook is not installed (Debian: ansible-core)"
export LC_ALL=C.UTF-8 ANSIBLE_NOCOLOR=1 ANSIBLE_COLLECTIONS_PATH=$FWD_TOP/contrib/ansible \
	ANSIBLE_LOCAL_TEMP=$T/ansible-tmp ANSIBLE_RETRY_FILES_ENABLED=0

declare -A port user pwfile dir
start_bmc() { # NAME MODULE-ARGS
	sim_start --profile supermicro --module-args "activation=reset $2" --reset-silence 2
	port[$1]=$FWD_SIM_PORT user[$1]=$FWD_SIM_USER pwfile[$1]=$FWD_SIM_PASSWORD_FILE
	dir[$1]=$FWD_SIM_DIR
}
bmc_fw() { # NAME: what the simulator's BMC runs, asked with ipmitool
	ipmitool -I lanplus -C 3 -H 127.0.0.1 -p "${port[$1]}" -U "${user[$1]}" \
		-f "${pwfile[$1]}" mc info 2>/dev/null | sed -n 's/^Firmware Revision *: //p'
}
inventory() { # IMAGE
	{
		echo "[servers]"
		for s in s1 s2 s3; do
			echo "$s ansible_connection=local bmc_address=127.0.0.1 bmc_port=${port[$s]}" \
				"bmc_user=${user[$s]} bmc_password_file=${pwfile[$s]} bmc_cipher=3" \
				"fwdispatch_state_dir=$T/state-$s"
		done
		echo "[servers:vars]"
		echo "ansible_python_interpreter=/usr/bin/python3"
		echo "fwdispatch_bin=$FWDISPATCH"
		echo "fwdispatch_bmc_image=$1"
		echo "fwdispatch_bmc_timeout=60"
	} >"$T/inventory.ini"
}
playbook() { # EXPECTED-EXIT
	ansible-playbook -i "$T/inventory.ini" fwdispatch.firmware.rolling_update \
		>"$T/play.out" 2>&1
	local got=$?
	[ "$got" = "$1" ] || { cat "$T/play.out" >&2; fail "ansible-playbook exited $got, expected $1"; }
}
recap() { # HOST: its PLAY RECAP line (the last play's)
	grep "^$1 " "$T/play.out" | tail -n 1
}

for s in s1 s2 s3; do start_bmc "$s" ""; done
mkimage v172 1.72
inventory "$T/v172.hpm"
playbook 0
for s in s1 s2 s3; do
	[ "$(bmc_fw "$s")" = 1.72 ] || fail "$s runs $(bmc_fw "$s"), not 1.72"
	recap "$s" | grep -q "failed=0" || fail "$s failed: $(recap "$s")"
done
grep -q "s2: BMC 1.72" "$T/play.out" || fail "no summary line for s2"
ok "the rollout updates and verifies all three BMCs (1.71 -> 1.72), with a summary"

playbook 0
for s in s1 s2 s3; do
	recap "$s" | grep -q "changed=0 .*failed=0" || fail "$s on the second run: $(recap "$s")"
done
ok "run again: nothing changed, nothing failed"

# s2 now fails its self-test after the flash (its old firmware stays).
"$SIM" stop "${dir[s2]}" || fail "cannot stop s2's simulator"
start_bmc s2 "selftest_fail=1"
mkimage v173 1.73
inventory "$T/v173.hpm"
playbook 2
[ "$(bmc_fw s1)" = 1.73 ] || fail "s1 (the first batch) runs $(bmc_fw s1), not 1.73"
[ "$(bmc_fw s2)" != 1.73 ] || fail "s2 runs 1.73 though its self-test failed"
[ "$(bmc_fw s3)" = 1.72 ] || fail "s3, after the failing batch, runs $(bmc_fw s3): not left alone"
recap s2 | grep -q "failed=1" || fail "s2 is not reported failed: $(recap s2)"
grep -q "fwdispatch\|self-test\|selftest" <(grep -A3 "fatal: \[s2" "$T/play.out") ||
	fail "the failure does not carry fwdispatch's error"
ok "a BMC that fails its self-test stops the rollout after its batch; s3 keeps 1.72"
