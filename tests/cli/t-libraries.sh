# Each binary links only the shared libraries its code uses (readelf -d,
# against the table below); libcurl, libxml2, libstemmer and libedit are
# loaded when first needed (lib/base/lazy.h), not at start-up; and one
# that cannot be loaded is said, with exit 69.
. "$HERE/lib.sh"

# the table: a binary and the libraries it may need, by name without
# the version (libc, libm and libgcc_s are every binary's) (wa-agent reads
# the language of what its knowledge base indexes with libexttextcat)
cat > want.txt <<'EOF'
wa libz
wa-agent libcrypto libexttextcat-2.0 libyaml-0 libz
wa-import
wa-nda libcmark-gfm libcmark-gfm-extensions libcrypto libhpdf-2.3.0 libyaml-0 libz
wa-price libcrypto libyaml-0
wa-proposal libcmark-gfm libcmark-gfm-extensions libcrypto libhpdf-2.3.0 libyaml-0 libz
wa-research libcrypto libexttextcat-2.0 libuchardet libz
EOF
for b in "$BIN"/*; do
	name=$(basename "$b")
	awk -v n="$name" '$1 == n { found = 1 } END { exit !found }' want.txt ||
		die "$name is not in the table"
	# the sanitizers' own runtimes come with a sanitizer build
	got=$(readelf -d "$b" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sed 's/\.so.*//' |
		grep -v -x -e libc -e libm -e libgcc_s -e 'lib[a-z]*san' -e libstdc++ |
		sort | tr '\n' ' ' | sed 's/ $//')
	want=$(awk -v n="$name" '$1 == n { $1 = ""; sub(/^ /, ""); print }' want.txt)
	[ "$got" = "$want" ] || die "$name needs \"$got\", the table says \"$want\""
done
[ "$(wc -l < want.txt)" = "$(ls "$BIN" | wc -l)" ] || die "a binary of the table is not built"

# --version loads none of the lazy libraries; a page read loads them
loaded() { grep -o 'file=[^ ]* \[0\];  dynamically loaded' "$1" | sed 's/file=\([^ ]*\) .*/\1/' |
	sort | tr '\n' ' '; }
LD_DEBUG=files wa-agent --version > /dev/null 2> debug.txt
[ -z "$(loaded debug.txt)" ] || die "wa-agent --version loaded $(loaded debug.txt)"
grep -q 'file=libcurl' debug.txt && die "wa-agent --version loaded libcurl"
printf '<html><head><title>T</title></head><body><p>Open at nine on weekdays.</p></body></html>\n' > p.html
LD_DEBUG=files wa-research page "file://$PWD/p.html" > page.json 2> debug.txt
[ "$(loaded debug.txt)" = "libcurl.so.4 libxml2.so.2 " ] ||
	die "wa-research page loaded: $(loaded debug.txt)"
jq -e '.title == "T"' page.json > /dev/null || die "the page: $(cat page.json)"
# (and the Snowball stemmers: what the knowledge base indexes is stemmed)
LD_DEBUG=files wa-agent kb add -w kb.db acme p.html > /dev/null 2> debug.txt
[ "$(loaded debug.txt)" = "libstemmer.so.0d libxml2.so.2 " ] ||
	die "kb add loaded: $(loaded debug.txt)"

# a library that is not what it should be: said, with 69
mkdir fake
printf 'int wa_nothing;\n' > empty.c
cc -shared -fPIC -o fake/libcurl.so.4 empty.c
cp fake/libcurl.so.4 fake/libxml2.so.2
expect_exit 69 env LD_LIBRARY_PATH="$PWD/fake" wa-research page "http://127.0.0.1:9/" \
	> /dev/null 2> err.txt
grep -q '^wa-research page: cannot load libcurl.so.4: .*undefined symbol: curl_global_init' \
	err.txt || die "libcurl: $(cat err.txt)"
expect_exit 69 env LD_LIBRARY_PATH="$PWD/fake" wa-agent kb add -w kb.db acme p.html 2> err.txt
grep -q '^wa-agent kb add: cannot load libxml2.so.2: .*undefined symbol: htmlReadMemory' \
	err.txt || die "libxml2: $(cat err.txt)"
