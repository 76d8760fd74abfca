#!/usr/bin/env bash
# demo.sh: what `make demo` runs: fwdispatch on the bundled sample server.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
: "${FWD_BUILD:=$top/build}"
fwd=$FWD_BUILD/bin/fwdispatch
sample=$top/tests/data/dmi/supermicro-x11ssh-f.txt

say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

say fwdispatch plugins
"$fwd" plugins --plugin-dir "$FWD_BUILD/lib/fwdispatch/plugins"

say fwdispatch detect --dmi-file tests/data/dmi/supermicro-x11ssh-f.txt
"$fwd" detect --dmi-file "$sample"

say fwdispatch detect --json --dmi-file tests/data/dmi/supermicro-x11ssh-f.txt
"$fwd" detect --json --dmi-file "$sample"
