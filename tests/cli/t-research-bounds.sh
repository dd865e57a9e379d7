. "$HERE/lib.sh"
# What one hostile page can put into a dossier is bounded: 1,000
# addresses, 500 questions and a 10 KB answer become at most 100 facts of
# a kind, each string at most 2,000 bytes; and 80,000 words of text are
# analysed in linear time (the key phrases' ranking was quadratic: 104 s).
mkdir site
python3 - <<'PY'
import random
random.seed(7)
words = [''.join(random.choice('abcdefghijklmnopqrstuvwxyz') for _ in range(random.randint(3, 10)))
         for _ in range(20000)]
body = ' '.join(random.choice(words) for _ in range(80000))
faq = ''.join('<h3>Question %d %s?</h3><p>Answer %s</p>' % (i, ' '.join(random.choice(words) for _ in range(8)),
              ' '.join(random.choice(words) for _ in range(20))) for i in range(500))
faq += '<h3>The long one?</h3><p>%s</p>' % ('word ' * 2000)
mails = ''.join('<a href="mailto:person%d@hostile.example">person%d@hostile.example</a><br>' % (i, i)
                for i in range(1000))
open('site/index.html', 'w').write('<html><head><title>Hostile</title></head><body><p>%s</p>%s%s</body></html>'
                                   % (body, faq, mails))
PY
printf '{"client":{"name":"Hostile Co","website":"file://%s/site/index.html"}}\n' "$PWD" > in.json
wa-research -q -w wa.db --allow-file in.json > out.json || die "wa-research"
[ "$(jq '.research.facts.emails | length' out.json)" = 100 ] || die "emails: $(jq '.research.facts.emails | length' out.json)"
[ "$(jq '.research.facts.faq | length' out.json)" = 100 ] || die "faq: $(jq '.research.facts.faq | length' out.json)"
[ "$(jq '[.research.facts[][] | .value | .. | strings | length] | max' out.json)" -le 2000 ] ||
	die "a string longer than 2000"
[ "$(jq '[.research.facts[][] | .sources | length] | max' out.json)" -le 20 ] || die "sources"
[ "$(wc -c < out.json)" -lt 200000 ] || die "the dossier is $(wc -c < out.json) bytes"
[ "$(jq '.research.analysis.keyphrases | length' out.json)" -ge 1 ] || die "no key phrases"
