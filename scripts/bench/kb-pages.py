#!/usr/bin/python3
"""kb-pages.py DIR PAGES QUERIES - a knowledge base to time searches on:
PAGES Markdown pages of made-up business prose (a vocabulary of some
4,000 words drawn with Zipf's law, as words are in real text, with the
business words wa's lexicon knows among them) in DIR, and QUERIES questions
a line in DIR/queries.txt (two to five words, question words, a typo in
one in ten).  The same seed gives the same pages."""
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
made = set(business)
while len(made) < 4000:
    made.add("".join(rnd.choice(letters) for _ in range(rnd.randint(3, 10))))
vocab = sorted(made)
rnd.shuffle(vocab)
weights = [1 / (r + 1) for r in range(len(vocab))]
stop = "the a of to and in is for on with we you our your at by".split()


def sentence():
    n = rnd.randint(6, 18)
    words = [rnd.choice(stop) if rnd.random() < 0.35 else w
             for w in rnd.choices(vocab, weights, k=n)]
    return " ".join(words).capitalize() + "."


os.makedirs(out, exist_ok=True)
for p in range(pages):
    with open(os.path.join(out, "page%05d.md" % p), "w") as f:
        f.write("# %s\n\n" % " ".join(rnd.choices(vocab, weights, k=3)).capitalize())
        for _ in range(rnd.randint(2, 5)):
            f.write(" ".join(sentence() for _ in range(rnd.randint(2, 5))) + "\n\n")
with open(os.path.join(out, "queries.txt"), "w") as f:
    for _ in range(nq):
        words = rnd.choices(vocab, weights, k=rnd.randint(2, 5))
        if rnd.random() < 0.1:
            w = words[0]
            i = rnd.randrange(len(w))
            words[0] = w[:i] + w[i + 1:] if len(w) > 4 else w
        f.write("%s %s?\n" % (rnd.choice(["what is", "how much is", "do you have", "where is",
                                           "can I get"]), " ".join(words)))
