#!/usr/bin/python3
"""websrv.py - the test web server: fixture sites, and misbehaviour on purpose.

usage: websrv.py [--root DIR] [--log FILE] [--lifetime SECONDS] [--watch-stdin]
                 [--bench-corpus DIR] [--bench-pages N]

Listens on 127.0.0.1 on a free port, prints the port on a line of its own,
and serves until killed, for --lifetime seconds (300), or, with
--watch-stdin, until its standard input closes, whichever comes first,
so it never outlives a test.

Files under --root are served by path (a directory serves its
index.html).  A path's first component may name a site directory,
/SITE/..., and /SITE/robots.txt is that site's robots.txt.  Every
request is appended to --log as a JSON line: time, method, path and the
headers the tests look at.

Special paths:
  /status/N             answers status N
  /retry-after/S/NAME   429 with Retry-After: S the first time, then 200
  /retry-date/NAME      503 with an HTTP-date Retry-After 2 s ahead, then 200
  /flaky/K/NAME         500 the first K times, then 200
  /always/N             status N every time
  /loop/a, /loop/b      redirect to each other for ever
  /redirect?to=URL      302 to URL
  /chain/N              N redirects, then a page
  /slow                 drips a byte every 0.5 s for up to 60 s
  /huge                 50 MB of text/html
  /pdf-as-html          a PDF document served as text/html
  /latin1               a Latin-1 page without a charset anywhere
  /latin1-meta          the same, with a <meta charset> naming it
  /etag                 answers 304 to If-None-Match: "v1"
  /lastmod              answers 304 to a matching If-Modified-Since
  /gzip                 a gzip-compressed page
  /binary.png           an image
  /counter/NAME         how many requests NAME has had so far (text)
  /api/echo...          JSON: the method, path, query, body (JSON when it is)
                        and the headers Authorization, Idempotency-Key and
                        Content-Type, as received
  /api/status/N         status N with a JSON error body
  /api/flaky/K/NAME     503 the first K times, then {"ok": true, "tries": K+1}
  /api/slow/S           {"ok": true} after S seconds
  /api/big              a JSON array of 3 MB
  /gh/repos/O/N/issues  a fake GitHub issues API: GET lists (label filter),
                        POST opens one; 401 without "Authorization: Bearer"

With --bench-corpus (a directory of page folders holding source.html,
such as shared/data/readability-pages), /bench/K.html for K below N
(2000) is corpus page K modulo its size, its relative links sent off the
site by a <base>; /bench/index.html links to the hubs /bench/hub/H.html,
each linking 50 of the pages: a site of N real pages, two links deep, for
scripts/bench/research.

Fake APIs with the wire formats of the real ones, checking credentials:
  /google/v1/places:searchText, /google/v1/places/ID   Places API (New),
                        key "test-places-key"
  /reddit/api/v1/access_token, /reddit-api/search      Reddit, client
                        "test-id:test-secret", token "tok123"; every
                        search answers X-Ratelimit-Remaining: 0 and
                        X-Ratelimit-Reset: 2
  /graph/v19.0/PAGE, /graph/v19.0/IGUSER               Graph API, token
                        "test-fb-token"
  /esign/v2.1/accounts/ACCOUNT/envelopes                an e-signature
                        service (DocuSign's envelopes), token
                        "test-esign-token"; account "acct-down" answers
                        503; the last envelope is kept in
                        esign-envelope.json beside the log
"""
import gzip
import hashlib
import json
import base64
import os
import re
import sys
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler

from testsrv import serve
from urllib.parse import urlsplit, parse_qs

ROOT = None
LOG = None
CORPUS = []
BENCH_PAGES = 2000
LOCK = threading.Lock()
COUNTS = {}
ISSUES = {}
LASTMOD = "Tue, 03 Nov 2026 10:00:00 GMT"


def count(name):
    with LOCK:
        COUNTS[name] = COUNTS.get(name, 0) + 1
        return COUNTS[name]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "websrv"

    def log_message(self, fmt, *args):
        pass

    def log_request_line(self):
        if not LOG:
            return
        entry = {
            "t": time.time(), "method": self.command, "path": self.path,
            "user_agent": self.headers.get("User-Agent"),
            "if_none_match": self.headers.get("If-None-Match"),
            "if_modified_since": self.headers.get("If-Modified-Since"),
            "accept_encoding": self.headers.get("Accept-Encoding"),
            "api_key": self.headers.get("X-Goog-Api-Key"),
            "authorization": bool(self.headers.get("Authorization")),
        }
        with LOCK, open(LOG, "a") as f:
            f.write(json.dumps(entry) + "\n")

    def send(self, status, body=b"", ctype="text/html; charset=utf-8", headers=()):
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def page(self, title, text="a page"):
        return ("<!doctype html><html><head><title>%s</title></head><body><p>%s</p>"
                "</body></html>" % (title, text)).encode()

    def do_POST(self):
        self.do_GET()

    def do_PUT(self):
        self.do_GET()

    def do_PATCH(self):
        self.do_GET()

    def do_DELETE(self):
        self.do_GET()

    def github(self, path, body_bytes):
        def send_json(status, obj):
            return self.send(status, json.dumps(obj).encode(), "application/json")
        if not (self.headers.get("Authorization") or "").startswith("Bearer "):
            return send_json(401, {"message": "Requires authentication"})
        if (self.headers.get("Authorization") or "") == "Bearer wrong":
            return send_json(401, {"message": "Bad credentials"})
        repo = "/".join(path.split("/")[3:5])
        issues = ISSUES.setdefault(repo, [])
        if self.command == "POST":
            issue = json.loads(body_bytes)
            issue["number"] = len(issues) + 1
            issue["html_url"] = "https://github.example/%s/issues/%d" % (repo, issue["number"])
            issue["labels"] = [{"name": n} for n in issue.get("labels", [])]
            issues.append(issue)
            return send_json(201, issue)
        return send_json(200, issues)

    def api_json(self, url, path, parts, body_bytes):
        def send_json(status, obj):
            return self.send(status, json.dumps(obj).encode(), "application/json")
        if parts[1] == "echo":
            try:
                body = json.loads(body_bytes) if body_bytes else None
            except ValueError:
                body = body_bytes.decode("utf-8", "replace")
            return send_json(200, {
                "method": self.command, "path": path, "query": url.query, "body": body,
                "authorization": self.headers.get("Authorization"),
                "idempotency_key": self.headers.get("Idempotency-Key"),
                "content_type": self.headers.get("Content-Type"),
                "order": {"status": "shipped", "carrier": "DHL", "items": [{"sku": "A1"}]}})
        if parts[1] == "status":
            return send_json(int(parts[2]), {"error": "status " + parts[2]})
        if parts[1] == "flaky":
            n = count(path)
            if n <= int(parts[2]):
                return send_json(503, {"error": "try later"})
            return send_json(200, {"ok": True, "tries": n})
        if parts[1] == "slow":
            time.sleep(float(parts[2]))
            return send_json(200, {"ok": True})
        if parts[1] == "big":
            return send_json(200, ["x" * 100] * 30000)
        return send_json(404, {"error": "no such api"})

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        self.log_request_line()
        length = int(self.headers.get("Content-Length") or 0)
        body_bytes = self.rfile.read(length) if length else b""
        url = urlsplit(self.path)
        path = url.path
        parts = [p for p in path.split("/") if p]
        try:
            if parts and parts[0] == "status":
                return self.send(int(parts[1]), self.page("status " + parts[1]))
            if parts and parts[0] == "always":
                return self.send(int(parts[1]), self.page("always"))
            if parts and parts[0] == "retry-after":
                if count(path) == 1:
                    return self.send(429, b"slow down", "text/plain",
                                     [("Retry-After", parts[1])])
                return self.send(200, self.page("after retry"))
            if parts and parts[0] == "retry-date":
                if count(path) == 1:
                    return self.send(503, b"later", "text/plain",
                                     [("Retry-After", formatdate(time.time() + 2, usegmt=True))])
                return self.send(200, self.page("after date"))
            if parts and parts[0] == "flaky":
                if count(path) <= int(parts[1]):
                    return self.send(500, b"oops", "text/plain")
                return self.send(200, self.page("flaky ok"))
            if parts and parts[0] == "counter":
                return self.send(200, str(COUNTS.get("/" + "/".join(parts[1:]), 0)).encode(),
                                 "text/plain")
            if path == "/loop/a":
                return self.send(302, b"", None, [("Location", "/loop/b")])
            if path == "/loop/b":
                return self.send(302, b"", None, [("Location", "/loop/a")])
            if path == "/redirect":
                to = parse_qs(url.query).get("to", ["/"])[0]
                return self.send(302, b"", None, [("Location", to)])
            if parts and parts[0] == "chain":
                n = int(parts[1])
                if n > 0:
                    return self.send(302, b"", None, [("Location", "/chain/%d" % (n - 1))])
                return self.send(200, self.page("end of chain"))
            if path == "/slow":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", "1000")
                self.end_headers()
                for _ in range(120):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.5)
                return
            if path == "/huge":
                size = 50 * 1000 * 1000
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(size))
                self.end_headers()
                chunk = b"<p>" + b"x" * 996 + b"</p>"
                for _ in range(size // len(chunk)):
                    self.wfile.write(chunk)
                return
            if path == "/huge-chunked":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                chunk = b"<p>" + b"x" * 996 + b"</p>"
                for _ in range(50000):
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.write(b"0\r\n\r\n")
                return
            if path == "/pdf-as-html":
                return self.send(200, b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n",
                                 "text/html")
            if path in ("/latin1", "/latin1-meta"):
                meta = b'<meta charset="iso-8859-1">' if path.endswith("meta") else b""
                body = (b"<html><head>" + meta + b"<title>Caf\xe9 Cr\xe8me</title></head>"
                        b"<body><p>Notre caf\xe9 propose des cr\xeapes fran\xe7aises, "
                        b"une cr\xe8me br\xfbl\xe9e \xe0 la carte et un th\xe9 tr\xe8s "
                        b"appr\xe9\x63i\xe9 pr\xe8s du th\xe9\xe2tre.</p></body></html>")
                return self.send(200, body, "text/html")
            if path == "/etag":
                if self.headers.get("If-None-Match") == '"v1"':
                    return self.send(304, b"", None, [("ETag", '"v1"')])
                return self.send(200, self.page("etag page"), headers=[("ETag", '"v1"')])
            if path == "/lastmod":
                if self.headers.get("If-Modified-Since") == LASTMOD:
                    return self.send(304, b"", None, [("Last-Modified", LASTMOD)])
                return self.send(200, self.page("lastmod page"),
                                 headers=[("Last-Modified", LASTMOD)])
            if path == "/gzip":
                body = gzip.compress(self.page("compressed", "squeezed " * 200))
                return self.send(200, body, headers=[("Content-Encoding", "gzip")])
            if path == "/binary.png":
                return self.send(200, b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "image/png")
            if parts and parts[0] == "bench" and CORPUS:
                return self.bench(parts)
            if parts and parts[0] == "gh":
                return self.github(path, body_bytes)
            if len(parts) > 1 and parts[0] == "api":
                return self.api_json(url, path, parts, body_bytes)
            if parts and parts[0] == "esign":
                return self.esign(path, body_bytes)
            if parts and parts[0] in ("google", "reddit", "reddit-api", "graph"):
                return self.api(url, path, parts, body_bytes)
            return self.static(path)
        except (BrokenPipeError, ConnectionResetError):
            return

    def bench(self, parts):
        origin = "http://%s:%d" % self.server.server_address
        if parts[1:] == ["index.html"]:
            return self.send(200, bench_index(origin))
        m = re.match(r"^(\d+)\.html$", parts[-1])
        n = int(m.group(1)) if m else -1
        if len(parts) == 3 and parts[1] == "hub" and 0 <= n < (BENCH_PAGES + HUB - 1) // HUB:
            return self.send(200, bench_hub(n, origin))
        if len(parts) == 2 and 0 <= n < BENCH_PAGES:
            return self.send(200, bench_page(n, origin))
        return self.send(404, self.page("not found"))

    def json(self, status, obj, headers=()):
        return self.send(status, json.dumps(obj).encode(), "application/json", headers)

    def esign(self, path, body):
        """An e-signature service's envelope creation, DocuSign's wire format."""
        m = re.match(r"^/esign/v2\.1/accounts/([^/]+)/envelopes$", path)
        if not m or self.command != "POST":
            return self.json(404, {"errorCode": "RESOURCE_NOT_FOUND", "message": path})
        if m.group(1) == "acct-down":
            return self.json(503, {"errorCode": "SERVICE_UNAVAILABLE", "message": "maintenance"})
        if self.headers.get("Authorization") != "Bearer test-esign-token":
            return self.json(401, {"errorCode": "AUTHORIZATION_INVALID_TOKEN",
                                   "message": "The access token provided is expired, revoked or malformed."})
        try:
            env = json.loads(body)
            doc = base64.b64decode(env["documents"][0]["documentBase64"], validate=True)
            signers = env["recipients"]["signers"]
            assert env["status"] == "sent" and signers
            for s in signers:
                assert s["email"] and s["name"] and s["recipientId"] and s["routingOrder"]
        except Exception as e:  # noqa: BLE001 - any defect is the client's
            return self.json(400, {"errorCode": "INVALID_REQUEST_BODY", "message": repr(e)})
        if LOG:
            with LOCK, open(os.path.join(os.path.dirname(os.path.abspath(LOG)),
                                         "esign-envelope.json"), "w") as f:
                json.dump(env, f)
        eid = "env-" + hashlib.sha256(doc).hexdigest()[:12]
        return self.json(201, {"envelopeId": eid, "status": "sent",
                               "statusDateTime": "2026-11-24T10:00:00.0000000Z",
                               "uri": "/envelopes/" + eid})

    def api(self, url, path, parts, body):
        auth = self.headers.get("Authorization") or ""
        if parts[0] == "google":
            if self.headers.get("X-Goog-Api-Key") != "test-places-key":
                return self.json(403, {"error": {"message": "API key not valid"}})
            if not self.headers.get("X-Goog-FieldMask"):
                return self.json(400, {"error": {"message": "FieldMask is required"}})
            if path == "/google/v1/places:searchText" and self.command == "POST":
                query = json.loads(body or b"{}").get("textQuery", "")
                if not query:
                    return self.json(400, {"error": {"message": "textQuery is required"}})
                return self.json(200, {"places": [{"id": "ChIJtest123",
                                                   "displayName": {"text": query}}]})
            if path == "/google/v1/places/ChIJtest123":
                return self.json(200, {
                    "id": "ChIJtest123", "internationalPhoneNumber": "+1 312-555-0147",
                    "rating": 4.6, "userRatingCount": 412,
                    "regularOpeningHours": {"weekdayDescriptions": [
                        "Monday: 8:00 AM – 6:00 PM", "Saturday: 9:00 AM – 1:00 PM",
                        "Sunday: Closed"]},
                    "reviews": [
                        {"rating": 2, "text": {"text": "Could never get anyone on the phone, always voicemail."},
                         "authorAttribution": {"displayName": "Pat"}},
                        {"rating": 5, "text": {"text": "Lovely team, very gentle."},
                         "authorAttribution": {"displayName": "Kim"}}]})
            return self.json(404, {"error": {"message": "no such place"}})
        if path == "/reddit/api/v1/access_token":
            want = "Basic " + base64.b64encode(b"test-id:test-secret").decode()
            form = self.headers.get("Content-Type", "")
            if auth != want or body != b"grant_type=client_credentials" or \
                    not form.startswith("application/x-www-form-urlencoded"):
                return self.json(401, {"error": {"message": "bad client credentials"}})
            return self.json(200, {"access_token": "tok123", "token_type": "bearer",
                                   "expires_in": 86400})
        if path == "/reddit-api/search":
            ua = self.headers.get("User-Agent", "")
            if auth != "bearer tok123":
                return self.json(401, {"error": {"message": "bad token"}})
            if not re.match(r"^linux:wa-research:[0-9.]+ \(by /u/[^)]+\)$", ua):
                return self.json(403, {"error": {"message": "bad User-Agent " + ua}})
            q = parse_qs(url.query).get("q", [""])[0]
            return self.json(200, {"data": {"children": [
                {"data": {"title": "Anyone been to " + q.strip('"') + "?", "subreddit": "evanston",
                          "permalink": "/r/evanston/comments/abc/anyone/",
                          "selftext": "They never pick up the phone."}}]}},
                [("X-Ratelimit-Remaining", "0"), ("X-Ratelimit-Reset", "2"),
                 ("X-Ratelimit-Used", "100")])
        if parts[0] == "graph":
            if auth != "Bearer test-fb-token":
                return self.json(400, {"error": {"message": "Invalid OAuth access token"}})
            if len(parts) == 3 and parts[2] == "17841400000000000":
                fields = parse_qs(url.query).get("fields", [""])[0]
                m = re.match(r"business_discovery\.username\(([^)]+)\)", fields)
                if not m:
                    return self.json(400, {"error": {"message": "fields"}})
                return self.json(200, {"business_discovery": {"username": m.group(1),
                    "followers_count": 3400, "media_count": 210}, "id": parts[2]})
            if len(parts) == 3:
                return self.json(200, {"name": "Bright Smile Dental", "id": "1234",
                    "phone": "(312) 555-0147", "emails": ["frontdesk@bright-smile-dental.example"],
                    "fan_count": 2100, "overall_star_rating": 4.8, "rating_count": 150,
                    "hours": {"mon_1_open": "08:00", "mon_1_close": "18:00"}})
        return self.json(404, {"error": {"message": "no such endpoint"}})

    def static(self, path):
        if not ROOT or ".." in path.split("/"):
            return self.send(404, self.page("not found"))
        full = os.path.join(ROOT, path.lstrip("/"))
        if os.path.isdir(full):
            full = os.path.join(full, "index.html")
        if not os.path.isfile(full):
            return self.send(404, self.page("not found"))
        with open(full, "rb") as f:
            body = f.read()
        # static files have an ETag, and a matching If-None-Match gets 304
        etag = '"%s"' % hashlib.sha1(body).hexdigest()[:16]
        if self.headers.get("If-None-Match") == etag:
            return self.send(304, b"", None, [("ETag", etag)])
        ctype = "text/html; charset=utf-8"
        if full.endswith(".txt"):
            ctype = "text/plain"
        elif full.endswith(".pdf"):
            ctype = "application/pdf"
        elif full.endswith(".json"):
            ctype = "application/json"
        return self.send(200, body, ctype, [("ETag", etag)])


HUB = 50


def bench_page(k, origin):
    """Corpus page k, its own links sent off the site."""
    html = CORPUS[k % len(CORPUS)]
    base = b'<base href="https://offsite.invalid/">'
    head = re.search(rb"<head[^>]*>", html, re.I)
    if head:
        return html[:head.end()] + base + html[head.end():]
    return base + html


def bench_index(origin):
    hubs = (BENCH_PAGES + HUB - 1) // HUB
    links = "".join('<li><a href="%s/bench/hub/%d.html">hub %d</a></li>' % (origin, h, h)
                    for h in range(hubs))
    return ("<!doctype html><html><head><title>Bench</title></head><body><ul>%s</ul>"
            "</body></html>" % links).encode()


def bench_hub(h, origin):
    links = "".join('<li><a href="%s/bench/%d.html">page %d</a></li>' % (origin, k, k)
                    for k in range(h * HUB, min((h + 1) * HUB, BENCH_PAGES)))
    return ("<!doctype html><html><head><title>Hub %d</title></head><body><ul>%s</ul>"
            "</body></html>" % (h, links)).encode()


def load_corpus(root):
    for name in sorted(os.listdir(root)):
        path = os.path.join(root, name, "source.html")
        if os.path.isfile(path):
            with open(path, "rb") as f:
                CORPUS.append(f.read())


def main():
    global ROOT, LOG, BENCH_PAGES
    args = sys.argv[1:]
    lifetime = 300.0
    watch = False
    while args:
        opt = args.pop(0)
        if opt == "--root":
            ROOT = args.pop(0)
        elif opt == "--log":
            LOG = args.pop(0)
        elif opt == "--lifetime":
            lifetime = float(args.pop(0))
        elif opt == "--watch-stdin":
            watch = True
        elif opt == "--bench-corpus":
            load_corpus(args.pop(0))
        elif opt == "--bench-pages":
            BENCH_PAGES = int(args.pop(0))
        else:
            sys.exit("websrv: unknown option " + opt)
    serve(Handler, lifetime, watch)

if __name__ == "__main__":
    main()
