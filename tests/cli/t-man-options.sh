# Every option in a command's table (BIN --completion list) is in its
# man page; the common options, which every command takes, are in wa(1).
. "$HERE/lib.sh"
man=$ROOT/man
common=" -w --workspace -o --out --pretty -k --keep-going -q --quiet -v --verbose -h --help --version --completion "
# in mdoc an option is ".Fl name", or after a comma or a bar in a list
# of its forms: ".It Fl w , -workspace Ar path", ".Op Fl -a | -no-a"
in_page() {     # in_page PAGE OPTION
	o=${2#-}
	grep -q -E -e "(Fl|,|\\|) $o( |\$)" "$1"
}
for o in $common; do
	in_page "$man/wa.1" "$o" || echo "wa(1): no $o" >> missing.txt
done
for b in "$BIN"/*; do
	n=$(basename "$b")
	[ -f "$man/$n.1" ] || die "no man page for $n"
	"$b" --completion list > list.txt
	[ -s list.txt ] || die "$n --completion list printed nothing"
	while IFS="$(printf '\t')" read -r cmd opt; do
		case $common in *" $opt "*) continue ;; esac
		in_page "$man/$n.1" "$opt" || echo "$n.1: no $opt ($cmd)" >> missing.txt
	done < list.txt
done
[ ! -s missing.txt ] || die "options not in the man pages:
$(sort -u missing.txt)"
