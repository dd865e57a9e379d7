# scripts/check-code: each rule found in a small tree made to break it,
# named by file and line, and a tree that keeps them all passes.
. "$HERE/lib.sh"
check="$ROOT/scripts/check-code"

mkdir -p good/lib/base good/lib/json good/cmd/x good/docs
cat > good/docs/architecture.md <<'EOF'
<!-- layers -->
| layer | may use | what it holds |
|---|---|---|
| `base/` | | the bottom |
| `json/` | `base/` | above it |
<!-- /layers -->
EOF
cat > good/lib/base/buf.h <<'EOF'
int wa_buf_len(void);
EOF
cat > good/lib/base/buf.c <<'EOF'
#include "base/buf.h"

static int helper(void)
{
	return 1;
}

int wa_buf_len(void)
{
	return helper();
}
EOF
cat > good/lib/json/reader.h <<'EOF'
int wa_reader_next(void);
EOF
cat > good/lib/json/reader_scan.c <<'EOF'
#include "base/buf.h"
#include "json/reader.h"

/* printf("in a comment is no call") */
int wa_reader_next(void)
{
	const char *s = "stderr in a string is no stream";
	return wa_buf_len() + (s != 0);
}
EOF
cat > good/cmd/x/main.c <<'EOF'
#include <stdio.h>

int main(void)
{
	printf("a command prints\n");
	return 0;
}
EOF
"$check" good > out.txt || die "a good tree fails: $(cat out.txt)"
grep -q ': ok$' out.txt || die "no verdict: $(cat out.txt)"

# each rule broken once, in a copy
bad() { rm -rf bad; cp -r good bad; }
expect_finding() {     # expect_finding FILE:LINE TEXT
	expect_exit 1 "$check" bad > out.txt
	grep -q "^$1: .*$2" out.txt || die "no \"$1: ...$2\" in: $(cat out.txt)"
}

bad; printf '#include "json/reader.h"\n' >> bad/lib/base/buf.c
expect_finding lib/base/buf.c:12 'base/ may not use json/'
bad; printf '#include "cli/cli.h"\n' >> bad/lib/json/reader_scan.c
expect_finding lib/json/reader_scan.c:10 'lib/ includes nothing outside lib/'
bad; printf '#include "buf.h"\n' >> bad/lib/base/buf.c
expect_finding lib/base/buf.c:12 'name it by its layer'
bad; printf '\nint buf_size(void)\n{\n\treturn 0;\n}\n' >> bad/lib/base/buf.c
expect_finding lib/base/buf.c:13 'buf_size: a function of buf.c is named wa_buf_'
bad; sed -i 's/wa_reader_next(void)$/wa_scan_next(void)/' bad/lib/json/reader_scan.c
expect_finding lib/json/reader_scan.c:5 'wa_scan_next: a function of reader.c is named wa_reader_'
bad; cp bad/lib/base/buf.c bad/lib/json/orphan.c
expect_finding lib/json/orphan.c:1 'no face header'
bad; sed -i 's/return helper();/fprintf(stderr, "x"); return helper();/' bad/lib/base/buf.c
expect_finding lib/base/buf.c:10 'never prints or exits: stderr'
bad; sed -i 's/return helper();/exit(1);/' bad/lib/base/buf.c
expect_finding lib/base/buf.c:10 'never prints or exits: exit'
bad; printf 'static const char *q = "SELECT id FROM clients";\n' >> bad/cmd/x/main.c
expect_finding cmd/x/main.c:8 'SQL in cmd/'
bad; printf '#include <sqlite3.h>\n' >> bad/cmd/x/main.c
expect_finding cmd/x/main.c:8 'SQL in cmd/: sqlite3'
bad; printf 'void f(void)\n{\n\tg(wa_ws_stmt(0, 0, 0));\n}\n' >> bad/cmd/x/main.c
expect_finding cmd/x/main.c:10 'SQL in cmd/: wa_ws_stmt'
# a function of 81 lines, and one of 80 that passes
bad; { printf 'static int long_one(void)\n{\n'; i=0
	while [ $i -lt 78 ]; do printf '\ti++;\n'; i=$((i + 1)); done; printf '}\n'; } >> bad/lib/base/buf.c
expect_finding lib/base/buf.c:12 'long_one is 81 lines'
bad; { printf 'static int eighty(void)\n{\n'; i=0
	while [ $i -lt 77 ]; do printf '\ti++;\n'; i=$((i + 1)); done; printf '}\n'; } >> bad/lib/base/buf.c
"$check" bad > out.txt || die "80 lines is not too long: $(cat out.txt)"
# a layer the table does not name
bad; mkdir bad/lib/extra; cp bad/lib/base/buf.h bad/lib/extra/buf2.h
printf '#include "extra/buf2.h"\nint wa_buf2_x(void)\n{\n\treturn 0;\n}\n' > bad/lib/extra/buf2.c
expect_finding lib/extra/buf2.c:1 "layer extra/ is not in docs/architecture.md's table"
# the count of findings, and usage
bad; printf '#include "json/reader.h"\n' >> bad/lib/base/buf.c
printf '#include <sqlite3.h>\n' >> bad/cmd/x/main.c
expect_exit 1 "$check" bad > out.txt
grep -q '^check-code: 2 findings$' out.txt || die "count: $(cat out.txt)"
expect_exit 1 "$check" good extra 2> err.txt
grep -q usage err.txt || die "usage: $(cat err.txt)"

# and the repository itself keeps its rules
"$check" "$ROOT" > out.txt || die "the repository: $(cat out.txt)"
