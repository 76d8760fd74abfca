#!/bin/sh
# gen-man.sh FWDISPATCH VERSION HEAD.in TAIL.in: writes fwdispatch(1) on
# stdout.  The commands, their synopses, descriptions and options, and the
# exit codes come from the binary's own --help, which the CLI prints from
# its option table (core/cli/options.c): the page cannot drift from the
# options.  HEAD.in (NAME, SYNOPSIS, DESCRIPTION) and TAIL.in (FILES,
# ENVIRONMENT, SEE ALSO) are written by hand; tests/cli/test-man.sh checks
# them against the source.  POSIX sh and awk only: make install runs it.
set -eu
bin=$1 version=$2 head=$3 tail=$4

# The awk helper every part uses: a line of text made safe for roff
# (backslashes and hyphens escaped, a leading dot or quote guarded).
ESC='function e(s) {
	gsub(/\\/, "\\e", s); gsub(/-/, "\\-", s)
	if (s ~ /^[.\047]/) s = "\\&" s
	return s
}'

sed "s/@VERSION@/$version/g" "$head"

echo '.SH COMMANDS'
"$bin" --help | awk '/^commands:/ { on = 1; next } on && /^$/ { exit } on { print $1 }' |
while read -r cmd; do
	echo ".SS $cmd"
	"$bin" "$cmd" --help | awk "$ESC"'
		NR == 1 { sub(/^usage: /, ""); print ".PP"; print ".nf"; print e($0); print ".fi"; next }
		/^options:$/ { opts = 1; print ".PP"; print "Options:"; next }
		!opts && /^$/ { print ".PP"; next }
		!opts { print e($0); next }
		opts && /^ *-/ {
			line = $0
			sub(/^ +/, "", line)
			short = ""
			if (line ~ /^-[A-Za-z], /) { short = substr(line, 1, 2); line = substr(line, 5) }
			# The option and its argument, then the help after two or
			# more spaces; a long argument leaves one space only.
			if (match(line, /  +/)) {
				left = substr(line, 1, RSTART - 1); help = substr(line, RSTART + RLENGTH)
			} else {
				n = split(line, t, " "); left = t[1] " " t[2]
				help = substr(line, length(left) + 2)
			}
			print ".TP"
			print "\\fB" e((short != "" ? short ", " : "") left) "\\fR"
			print e(help)
		}'
done

echo '.SH "EXIT STATUS"'
"$bin" --help | awk "$ESC"'/^exit codes:/ { on = 1; next }
	on && /^ *[0-9]+ / { n = $1; sub(/^ *[0-9]+ +/, ""); print ".TP"; print n; print e($0) }'

sed "s/@VERSION@/$version/g" "$tail"
