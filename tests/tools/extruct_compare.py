#!/usr/bin/python3
"""extruct_compare.py WA-RESEARCH BASE-URL PAGE...: what `wa-research page`
extracts as JSON-LD, microdata and OpenGraph against extruct (Debian's
python3-extruct) on the same pages.  Strings are compared without white
space: extruct joins an element's text nodes with spaces ("W hale" for a
drop capital, "Nyong ' o"), where browsers, and wa, join them as they
are.  Prints one line per difference and a summary; exits 1 on any."""
import json
import re
import subprocess
import sys

import extruct
from extruct.jsonld import JsonLdExtractor
from extruct.utils import parse_html


def squeeze(v):
    if isinstance(v, str):
        return re.sub(r"\s+", "", v)
    if isinstance(v, list):
        return [squeeze(x) for x in v]
    if isinstance(v, dict):
        return {k: squeeze(x) for k, x in v.items()}
    return v


def jsonld_per_script(html):
    # extruct drops a page's whole JSON-LD when one script is not JSON;
    # wa skips that script only: compare script by script
    out = []
    doc = parse_html(html, encoding="UTF-8")
    for node in JsonLdExtractor._xp_jsonld(doc):
        try:
            out.extend(item for item in JsonLdExtractor()._extract_items(node) if item)
        except ValueError:
            pass
    return out


def time_without_datetime(raw, path):
    # the one known difference: for <time itemprop=NAME> without a
    # datetime attribute, the HTML standard (and wa) take the text,
    # extruct gives ""
    name = path.rsplit(".", 1)[-1]
    return re.search(r"<time(?![^>]*datetime=)[^>]*itemprop=[\"']?%s" % re.escape(name),
                     raw) is not None


def first_diff(a, b, path="$"):
    if type(a) != type(b):
        return path, a, b
    if isinstance(a, dict):
        for k in list(a) + [k for k in b if k not in a]:
            if k not in a or k not in b:
                return path + "." + k, a.get(k), b.get(k)
            d = first_diff(a[k], b[k], path + "." + k)
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return path, a, b
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_diff(x, y, "%s[%d]" % (path, i))
            if d:
                return d
        return None
    return None if a == b else (path, a, b)


def set_path(obj, path, value):
    parts = re.findall(r"\.([^.\[]+)|\[(\d+)\]", path)
    for i, (key, index) in enumerate(parts):
        last = i == len(parts) - 1
        k = key if key else int(index)
        if last:
            obj[k] = value
        else:
            obj = obj[k]


def og_dict(items):
    # extruct: [{"namespace": {...}, "properties": [[k, v], ...]}]
    out = {}
    for item in items:
        for k, v in item.get("properties", []):
            if k in out:
                out[k] = out[k] if isinstance(out[k], list) else [out[k]]
                out[k].append(v)
            else:
                out[k] = v
    return out


def main():
    wa, base, pages = sys.argv[1], sys.argv[2], sys.argv[3:]
    diffs = compared = known = 0
    for page in pages:
        with open(page, "rb") as f:
            raw = f.read()
        html = raw.decode("utf-8", errors="replace")
        want = extruct.extract(html, base_url=base, syntaxes=["json-ld", "microdata", "opengraph"],
                               uniform=False, errors="ignore")
        run = subprocess.run([wa, "page", "--base-url", base, page], capture_output=True,
                             timeout=30)
        if run.returncode != 0:
            print("%s: wa-research page failed: %s" % (page, run.stderr.decode().strip()))
            diffs += 1
            continue
        got = json.loads(run.stdout)
        pairs = [("json-ld", squeeze(jsonld_per_script(html)), squeeze(got.get("json_ld", []))),
                 ("microdata", squeeze(want.get("microdata", [])), squeeze(got.get("microdata", []))),
                 ("opengraph", squeeze(og_dict(want.get("opengraph", []))),
                  squeeze(got.get("opengraph", {})))]
        for name, w, g in pairs:
            compared += 1
            # known differences, each set right on extruct's side first
            while True:
                d = first_diff(w, g)
                if not (d and name == "microdata" and d[1] == "" and isinstance(d[2], str)
                        and time_without_datetime(html, d[0])):
                    break
                known += 1
                w = json.loads(json.dumps(w))
                set_path(w, d[0], d[2])
            if w != g:
                diffs += 1
                print("%s: %s differs\n  extruct: %s\n  wa:      %s" % (
                    page, name, json.dumps(w, ensure_ascii=False)[:600],
                    json.dumps(g, ensure_ascii=False)[:600]))
    print("%d comparisons over %d pages, %d differences (%d known: <time> without datetime)"
          % (compared, len(pages), diffs, known))
    sys.exit(1 if diffs else 0)


if __name__ == "__main__":
    main()
