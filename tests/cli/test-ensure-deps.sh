#!/usr/bin/env bash
# contrib/ensure-deps, which `make check` and `make demo` run first: as a
# normal user it prints the exact apt-get line for what is missing and
# fails; as root it runs apt-get update, then installs just that.
# dpkg-query, id and apt-get are stand-ins here: nothing is installed.
. "$FWD_TOP/tests/cli/lib.sh"
mkdir -p "$T/bin"
cat > "$T/bin/dpkg-query" <<'SH'
#!/bin/sh
# Everything is installed except what $MISSING lists.
for last; do :; done
for p in $MISSING; do [ "$p" = "$last" ] && { printf 'unknown ok not-installed'; exit 0; }; done
printf 'install ok installed'
SH
printf '#!/bin/sh\necho "$FAKE_UID"\n' > "$T/bin/id"
printf '#!/bin/sh\necho "apt-get $*" >> "$APT_LOG"\nexit "${APT_EXIT:-0}"\n' > "$T/bin/apt-get"
chmod +x "$T/bin/"*
export APT_LOG=$T/apt.log
deps() { run "$1" env PATH="$T/bin:$PATH" FAKE_UID="$2" MISSING="$3" sh "$FWD_TOP/contrib/ensure-deps" "$4"; }

deps 0 1000 "" check
[ ! -e "$APT_LOG" ] || fail "apt-get ran although nothing was missing"
ok "nothing missing: exit 0, no apt-get"

deps 1 1000 "libcmocka-dev ipmitool" check
expect_in "$T/err" "sudo apt-get update && sudo apt-get install -y libcmocka-dev ipmitool"
[ ! -e "$APT_LOG" ] || fail "apt-get ran for a normal user"
ok "a normal user: the exact apt-get line, exit 1, nothing run"

deps 0 1000 "libcmocka-dev" demo
ok "the demo does not need cmocka"

deps 1 1000 "clang libclang-rt-dev" fuzz
expect_in "$T/err" "sudo apt-get update && sudo apt-get install -y clang libclang-rt-dev"
deps 0 1000 "libcmocka-dev ipmitool" fuzz
ok "make fuzz needs clang and its runtimes, not cmocka or the simulator"

deps 0 1000 "valgrind" check
deps 1 1000 "valgrind" valgrind
expect_in "$T/err" "sudo apt-get update && sudo apt-get install -y valgrind"
ok "valgrind: needed by make check VALGRIND=1 only"

deps 0 0 "openipmi libopenipmi-dev" check
expect_in "$APT_LOG" "apt-get update -q"
expect_in "$APT_LOG" "apt-get install -y -q --no-install-recommends openipmi libopenipmi-dev"
[ "$(head -n 1 "$APT_LOG")" = "apt-get update -q" ] || fail "apt-get update did not come first"
ok "root: apt-get update, then install exactly what is missing"

rm -f "$APT_LOG"
APT_EXIT=100 deps 1 0 "ipmitool" check
expect_in "$T/err" "apt-get update failed"
ok "root, apt-get failing: exit 1 with a message"
