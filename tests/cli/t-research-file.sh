. "$HERE/lib.sh"
# A dossier's website that names a local file is not read without
# --allow-file: a dossier may come from anywhere, and a planted key in
# /etc or $HOME must not reach the pages, the dossier or the agent's
# knowledge base.  With --allow-file (make onboard) the site is read.
mkdir site
printf '<html><head><title>Secrets</title></head><body><p>aws_secret_access_key = AKIAFAKEPLANTED0000</p><a href="more.html">more</a></body></html>\n' > site/index.html
cp site/index.html site/more.html
printf '{"client":{"name":"File Co","website":"file://%s/site/index.html"}}\n' "$PWD" > in.json
wa-research -q -w wa.db in.json > out.json || die "wa-research failed"
[ "$(jq -r '.research.sources[] | select(.name == "website") | .status' out.json)" = failed ] ||
	die "website source: $(jq -c .research.sources out.json)"
jq -r '.research.sources[] | select(.name == "website") | .reason' out.json |
	grep -q "site/index.html: a local file, read only with --allow-file" || die "reason"
grep -q AKIAFAKEPLANTED out.json && die "the planted key is in the dossier"
[ "$(q "select count(*) from pages where url like 'file:%'")" = 0 ] || die "a local page was cached"
sqlite3 wa.db .dump | grep -q AKIAFAKEPLANTED && die "the planted key is in the workspace"
wa-agent kb research -w wa.db file-co > kb.txt || die "kb research"
grep -q '^file-co: 0 chunks from research' kb.txt || die "kb: $(cat kb.txt)"
expect_exit 1 wa-agent kb search -w wa.db --json file-co AKIAFAKEPLANTED0000 > found.json   # none, as grep
[ ! -s found.json ] || die "kb search found the planted key"
# told to, it reads the site
wa-research -q -w ok.db --allow-file in.json > ok.json || die "--allow-file"
[ "$(jq -r '.research.sources[] | select(.name == "website") | .status' ok.json)" = ok ] ||
	die "with --allow-file: $(jq -c .research.sources ok.json)"
[ "$(sqlite3 ok.db "select count(*) from pages where url like 'file:%'")" = 2 ] || die "pages read"
# and what was read is what the knowledge base would serve: the search
# above could have found it
wa-agent kb research -w ok.db file-co > kb.txt || die "kb research, allowed"
wa-agent kb search -w ok.db --json file-co AKIAFAKEPLANTED0000 > found.json || die "kb search, allowed"
grep -q '"text":"aws_secret_access_key = AKIAFAKEPLANTED0000' found.json ||
	die "kb search cannot find what it holds: $(cat kb.txt found.json)"
