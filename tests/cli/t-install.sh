# make install DESTDIR=...: the binaries, man pages and completions in
# place, and the installed commands work from another directory with
# their built-in defaults (the rate card, the integration catalog); the
# bash completions complete, the zsh ones load.
. "$HERE/lib.sh"
dest=$PWD/dest
make -s -C "$ROOT" BUILD="$(dirname "$BIN")" DESTDIR="$dest" PREFIX=/usr/local install \
	> make.txt 2>&1 || die "make install: $(tail -5 make.txt)"
p=$dest/usr/local
for b in "$BIN"/*; do
	n=$(basename "$b")
	[ -x "$p/bin/$n" ] || die "$n not installed"
	[ -s "$p/share/bash-completion/completions/$n" ] || die "no bash completion for $n"
	[ -s "$p/share/zsh/site-functions/_$n" ] || die "no zsh completion for $n"
	[ -s "$p/share/man/man1/$n.1" ] || die "no man page for $n"
done
[ -s "$p/share/man/man5/wa-workspace.5" ] || die "no wa-workspace(5)"

# from a directory with nothing of the repository: the built-in defaults
mkdir elsewhere
cd elsewhere
client 1 | "$p/bin/wa-import" -q -w w.db | "$p/bin/wa-price" -q -w w.db > priced.json ||
	die "wa-price without --ratecard"
jq -e '.pricing.tiers | length > 0' priced.json > /dev/null || die "no tiers: $(cat priced.json)"
"$p/bin/wa-agent" build -q -w w.db < priced.json > built.json || die "wa-agent build without --catalog"
jq -e '.agent.intents | length > 0' built.json > /dev/null || die "no agent: $(cat built.json)"
cd ..

# bash: the functions complete options, verbs and option values
comp() {    # comp FILE FUNCTION WORDS...: what bash offers for the last word
	f=$1 fn=$2; shift 2
	bash -c '. "$1"; shift; fn=$1; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		$fn; printf "%s\n" "${COMPREPLY[@]}"' _ "$f" "$fn" "$@" | sort | tr '\n' ' '
}
bc=$p/share/bash-completion/completions
[ "$(comp "$bc/wa-price" _wa_price wa-price --rat)" = "--ratecard " ] ||
	die "wa-price --rat: $(comp "$bc/wa-price" _wa_price wa-price --rat)"
comp "$bc/wa-agent" _wa_agent wa-agent ap | grep -q '^approve $' ||
	die "wa-agent ap: $(comp "$bc/wa-agent" _wa_agent wa-agent ap)"
comp "$bc/wa-agent" _wa_agent wa-agent pii "" | grep -q 'rotate' || die "wa-agent pii: no rotate"
comp "$bc/wa-agent" _wa_agent wa-agent pii rotate --old | grep -q -- '--old-key-file' ||
	die "wa-agent pii rotate --old"
# a one-letter option is short only: -n, never --n
comp "$bc/wa-agent" _wa_agent wa-agent kb search - > opts.txt
grep -q -- '-n ' opts.txt && ! grep -q -- '--n ' opts.txt || die "kb search: $(cat opts.txt)"
comp "$bc/wa" _wa wa --completion "" | grep -q '^bash zsh $' || die "wa --completion: not bash zsh"
touch card.yaml
comp "$bc/wa-price" _wa_price wa-price --ratecard car | grep -q 'card.yaml' ||
	die "wa-price --ratecard FILE: no file"

# zsh: each file is a function zsh reads, named for its command
if command -v zsh > /dev/null; then
	for f in "$p"/share/zsh/site-functions/_*; do
		zsh -n "$f" || die "zsh cannot read $f"
		head -1 "$f" | grep -q "^#compdef $(basename "$f" | cut -c2-)\$" || die "$f: no #compdef line"
	done
fi
