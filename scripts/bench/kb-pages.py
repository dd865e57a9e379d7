#!/usr/bin/python3
"""kb-pages.py DIR PAGES QUERIES - a knowledge base to time searches on:
PAGES Markdown pages of made-up business prose in DIR: words drawn with
Zipf's law from a vocabulary whose commonest ranks are English function
words (as in real text: "the", "of", "and" ...) and the rest some 4,000
made-up words with the business words wa's lexicon knows among them; and
QUERIES questions a line in DIR/queries.txt (a question's opening, one to
three words drawn the same way from the content words, a typo in one in
ten), with DIR/content.txt holding each question's content words (the
floor's query).  The same seed gives the same pages."""
import os
import random
import sys

out, pages, nq = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(20261207)
letters = "abcdefghijklmnopqrstuvwxyz"
business = ("price cost delivery shipping return refund parking appointment booking opening "
            "hours address phone email insurance payment plan monthly emergency children "
            "whitening implant cleaning valuation sale letting tenant landlord repair viewing "
            "jacket boots backpack order parcel tracking exchange office staff team").split()
stop = ("the of and to a in is that for it as was with be by on not he this are or his "
        "from at which but have an they you were her she there been one all we their has "
        "would when if so no what up can more out about into them some could our your").split()
made = set(business)
while len(made) < 4000:
    w = "".join(rnd.choice(letters) for _ in range(rnd.randint(3, 10)))
    if w not in stop:
        made.add(w)
content = sorted(made)
rnd.shuffle(content)
vocab = stop + content
weights = [1 / (r + 1) for r in range(len(vocab))]
cweights = [1 / (r + 1) for r in range(len(content))]


def sentence():
    words = rnd.choices(vocab, weights, k=rnd.randint(6, 18))
    return " ".join(words).capitalize() + "."


os.makedirs(out, exist_ok=True)
for p in range(pages):
    with open(os.path.join(out, "page%05d.md" % p), "w") as f:
        f.write("# %s\n\n" % " ".join(rnd.choices(vocab, weights, k=3)).capitalize())
        for _ in range(rnd.randint(2, 5)):
            f.write(" ".join(sentence() for _ in range(rnd.randint(2, 5))) + "\n\n")
with open(os.path.join(out, "queries.txt"), "w") as f, \
        open(os.path.join(out, "content.txt"), "w") as c:
    for _ in range(nq):
        words = rnd.choices(content, cweights, k=rnd.randint(1, 3))
        if rnd.random() < 0.1:
            w = words[0]
            i = rnd.randrange(len(w))
            words[0] = w[:i] + w[i + 1:] if len(w) > 4 else w
        f.write("%s %s?\n" % (rnd.choice(["what is the", "how much is the", "do you have",
                                           "where is the", "can I get a"]), " ".join(words)))
        c.write(" ".join(words) + "\n")
