# lib.sh - helpers the benchmarks share (sourced, after they set $dir)

# measure CMD...: "SECONDS PEAK-RSS-KiB" of a command, via GNU time; its
# output goes to $dir/out; when it fails, its messages go to stderr and
# it prints nothing, which keep refuses
measure() {
	if /usr/bin/time -f "%e %M" -o "$dir/time" "$@" > "$dir/out" 2> "$dir/err"; then
		cat "$dir/time"
	else
		echo "bench: $1 failed:" >&2
		cat "$dir/err" >&2
	fi
}

# keep NAME SECONDS RSS: NAME_s and NAME_rss become the best run's.
# Benchmarks take the best of 3, with the commands taking turns, so that
# a busy spell on this shared machine (single runs vary by a third) falls
# on all alike.
keep() {
	[ $# = 3 ] || { echo "bench: no figures for $1" >&2; exit 1; }
	eval "cur=\${${1}_s:-}"
	if [ -z "$cur" ] || awk -v a="$2" -v b="$cur" 'BEGIN { exit !(a < b) }'; then
		eval "${1}_s=\$2 ${1}_rss=\$3"
	fi
}

# instructions CMD...: the instructions CMD executes, counted by
# valgrind's callgrind (the same count for the same binary and input,
# however busy the machine is); its output goes to $dir/out
instructions() {
	valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" > "$dir/out" 2> "$dir/vg" ||
		{ echo "bench: $1 failed under valgrind:" >&2; cat "$dir/vg" >&2; return 1; }
	sed -n 's/.*I *refs: *//p' "$dir/vg" | tr -d ,
}
