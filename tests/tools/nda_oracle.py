#!/usr/bin/python3
"""nda_oracle.py TEMPLATES AGENCY.yaml DOSSIER.json EPOCH [--type T] [--term N]
[--law L] [--no-non-solicitation] [--materials return|destroy]

The NDA Markdown as an independent implementation makes it: pystache (a
Mustache implementation nobody here wrote) renders the built-in template
and its clause partials over data assembled here from the dossier and the
agency profile as wa-nda(1) documents it; values are escaped for
Markdown by the rule template.h states; headings "## \u00a7 Title" are
numbered in order.  Prints the Markdown."""
import argparse
import datetime
import json
import os
import re

import pystache
import yaml

ap = argparse.ArgumentParser()
ap.add_argument("templates")
ap.add_argument("agency")
ap.add_argument("dossier")
ap.add_argument("epoch", type=int)
ap.add_argument("--type", default="mutual")
ap.add_argument("--term", type=int, default=2)
ap.add_argument("--law")
ap.add_argument("--no-non-solicitation", action="store_true")
ap.add_argument("--materials", default="return")
a = ap.parse_args()


def address_line(addr):
    """street, city then region and postal code after a space, country"""
    out = ""
    for key in ("street", "city", "region", "postal_code", "country"):
        v = addr.get(key)
        if not v:
            continue
        if out:
            out += " " if key in ("region", "postal_code") and addr.get("city") else ", "
        out += v
    return out


def escape(s):
    """template.h: markup characters anywhere get a backslash; so does a
    heading, list, quote or rule character at the start, or the dot or
    parenthesis after a number there; line breaks become spaces"""
    s = str(s)
    out, i = "", 0
    while i < len(s) and s[i] == " ":
        out += " "
        i += 1
    if i < len(s) and s[i] in "#+-=>":
        out += "\\" + s[i]
        i += 1
    else:
        m = re.match(r"[0-9]+[.)]", s[i:])
        if m:
            out += m.group(0)[:-1] + "\\" + m.group(0)[-1]
            i += len(m.group(0))
    for c in s[i:]:
        if c in "\n\r":
            out += " "
        elif c in "\\`*_[]<>|~&":
            out += "\\" + c
        else:
            out += c
    return out


agency = yaml.safe_load(open(a.agency))
agency["address_line"] = address_line(agency["address"])
with open(a.dossier) as f:
    client_in = json.loads(f.readline())["client"]
contact = (client_in.get("contacts") or [{}])[0]
client = {
    "id": client_in.get("id"), "name": client_in["name"],
    "legal_name": client_in.get("legal_name") or client_in["name"],
    "address_line": address_line(client_in.get("address") or {}),
    "signer": {"name": contact.get("name"), "title": contact.get("role")},
}
day = datetime.datetime.fromtimestamp(a.epoch, datetime.timezone.utc)
nda = {
    "type": a.type, "term_years": a.term, "non_solicitation": not a.no_non_solicitation,
    "materials": a.materials, "governing_law": a.law or agency.get("governing_law"),
    "effective_date": "%d %s %d" % (day.day, day.strftime("%B"), day.year),
    "purpose": "a conversational AI agent that %s could provide to %s"
               % (agency["legal_name"], client["legal_name"]),
    "return_materials": a.materials != "destroy", "mutual": a.type == "mutual",
}
partials = {}
cdir = os.path.join(a.templates, "clauses")
for name in os.listdir(cdir):
    partials["clauses/" + name[:-3]] = open(os.path.join(cdir, name)).read()
renderer = pystache.Renderer(partials=partials, escape=escape, missing_tags="strict")
text = renderer.render(open(os.path.join(a.templates, a.type + ".md")).read(),
                       {"agency": agency, "client": client, "nda": nda})
n = 0
lines = []
for line in text.split("\n"):
    if line.startswith("## \u00a7 "):
        n += 1
        line = "## %d. %s" % (n, line[5:])
    lines.append(line)
print("\n".join(lines), end="")
