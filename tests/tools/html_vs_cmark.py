#!/usr/bin/python3
"""html_vs_cmark.py DOC.md DOC.html: check a document's HTML against
Debian's cmark-gfm, which nobody here wrote.  The HTML's <article> must be
what `cmark-gfm -e table -e strikethrough -e autolink` makes of the
Markdown, except that each chart's code block is a <figure> holding an
<svg>: that SVG must parse as XML, carry the chart's title, and draw the
labels of the chart's bars or the names of its series.  Exit 0 when all
holds, 1 (saying what differs) otherwise."""
import html
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

md_path, html_path = sys.argv[1:3]
theirs = subprocess.run(["cmark-gfm", "-e", "table", "-e", "strikethrough", "-e", "autolink",
                         md_path], check=True, capture_output=True, text=True).stdout
with open(html_path, encoding="utf-8") as f:
    ours = f.read()
m = re.search(r"<article>\n(.*)</article>", ours, re.S)
if not m:
    sys.exit("%s: no <article>" % html_path)
body = m.group(1)

CHART = re.compile(r'<pre><code class="language-chart">(.*?)</code></pre>\n', re.S)
FIGURE = re.compile(r'<figure class="chart">(<svg.*?</svg>)</figure>\n', re.S)
specs = [json.loads(html.unescape(s)) for s in CHART.findall(theirs)]
svgs = FIGURE.findall(body)
if len(specs) != len(svgs):
    sys.exit("%d charts in the Markdown, %d SVG figures in the HTML" % (len(specs), len(svgs)))

NS = "{http://www.w3.org/2000/svg}"
for spec, svg in zip(specs, svgs):
    root = ET.fromstring(svg)
    title = root.find(NS + "title")
    if title is None or title.text != spec.get("title"):
        sys.exit("chart %r: the SVG's title is %r" % (spec.get("title"),
                                                      title is not None and title.text))
    texts = {t.text for t in root.iter(NS + "text")}
    wanted = [b["label"] for b in spec.get("bars", [])] + \
        [s["name"] for s in spec.get("series", [])]
    missing = [w for w in wanted if w not in texts]
    if missing:
        sys.exit("chart %r: the SVG does not show %s" % (spec.get("title"), missing))

a = CHART.sub("<chart/>\n", theirs)
b = FIGURE.sub("<chart/>\n", body)
if a != b:
    al, bl = a.splitlines(), b.splitlines()
    for i, (x, y) in enumerate(zip(al, bl)):
        if x != y:
            sys.exit("line %d differs:\n cmark-gfm: %s\n ours:      %s" % (i + 1, x, y))
    sys.exit("cmark-gfm gives %d lines, ours %d" % (len(al), len(bl)))
