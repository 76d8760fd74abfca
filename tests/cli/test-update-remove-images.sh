#!/usr/bin/env bash
# --remove-images (issue 13): after a run that succeeded, the image files
# named on the command line are deleted, and the JSON says so; never
# through a symbolic link, never after a failure or in a dry run.
. "$FWD_TOP/tests/cli/lib.sh"
sim_require

sim_start --profile supermicro --dir "$T/bmc"

# --- a dry run and a refusal leave the image where it is
mkimage v172 1.72 --sha256-out "$T/v172.hpm.sha256"
fwd_update_json 0 --dry-run --remove-images --bmc "$T/v172.hpm"
[ -f "$T/v172.hpm" ] || fail "a dry run removed the image"
jeq "$T/out" images_removed null
fwd_update_json 3 --remove-images --bmc "$T/v172.hpm" --sha256-bmc "$(printf '0%.0s' {1..64})"
[ -f "$T/v172.hpm" ] || fail "a refused run removed the image"
jeq "$T/out" images_removed null
ok "a dry run and a refused run remove nothing"

# --- through a symbolic link: flashed, the link's target kept
mkdir "$T/elsewhere"
mv "$T/v172.hpm" "$T/v172.hpm.sha256" "$T/elsewhere/"
ln -s "$T/elsewhere/v172.hpm" "$T/link.hpm"
fwd_update_json 0 --remove-images --bmc "$T/link.hpm" \
	--sha256-bmc "$(cut -d' ' -f1 "$T/elsewhere/v172.hpm.sha256")"
jeq "$T/out" bmc.after 1.72
jeq "$T/out" images_removed.0.removed false
expect_in "$T/out" "symbolic link"
[ -f "$T/elsewhere/v172.hpm" ] && [ -L "$T/link.hpm" ] || fail "the link or its target is gone"
ln -s "$T/elsewhere" "$T/linked-folder"
fwd_update_json 0 --remove-images --allow-reinstall --bmc "$T/linked-folder/v172.hpm"
jeq "$T/out" images_removed.0.removed false
expect_in "$T/out" "named through a symbolic link"
[ -f "$T/elsewhere/v172.hpm" ] || fail "the image in a linked folder is gone"
ok "an image named through a symbolic link, or in a linked folder, is flashed and kept"

# --- a file named directly: removed after the BMC was verified
mkimage v173 1.73 --sha256-out "$T/v173.hpm.sha256"
fwd_update_json 0 --remove-images --bmc "$T/v173.hpm"
jeq "$T/out" bmc.after 1.73
jeq "$T/out" images_removed.0.path "$T/v173.hpm"
jeq "$T/out" images_removed.0.removed true
[ ! -e "$T/v173.hpm" ] || fail "the image is still there"
ok "after a verified flash the image named on the command line is removed"
sim_stop
