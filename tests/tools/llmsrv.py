#!/usr/bin/python3
"""llmsrv.py - a chat-completions server for tests: the wire format of
OpenAI's POST /v1/chat/completions, answering from a script.

usage: llmsrv.py [--script FILE] [--embed-map FILE] [--log FILE] [--lifetime SECONDS]
                 [--watch-stdin] [--check-tools]

Listens on 127.0.0.1 on a free port, prints the port on a line of its own,
and serves until its standard input closes (--watch-stdin) or --lifetime
seconds (300) pass.  Each POST to .../chat/completions takes the next
answer of the script (a JSON array; the last answer repeats once the
script is used up) and appends the request to --log as a JSON line:
{"n", "path", "authorization", "body"}.

An answer is an object:
  {"message": {...}, "usage": {...}}    200, a whole chat.completion with
                                        that assistant message (content,
                                        tool_calls as the wire has them)
  {"stream": [delta, ...], "usage": {...}}
                                        200, text/event-stream: one
                                        chat.completion.chunk per delta
                                        ({"content": ...} or {"tool_calls":
                                        [...]}), then usage, then [DONE]
  {"status": N, "headers": {...}, "error": "text"}
                                        N with {"error": {"message": text}}
  {"sleep": S, ...}                     waits S seconds first (a hang past
                                        the client's timeout)
  {"raw": "text"}                       200 with that body as it is
Streamed deltas are written 20 ms apart so that a client sees them come.

With --check-tools the server is as strict as a real model's API about
tools: every tool of a request must have parameters that are a valid JSON
Schema (draft-07, checked by python3-jsonschema) of an object, and the
script may call a tool only when the request offered it and only with
arguments its schema names and allows; else it answers 400 saying why.

POST .../embeddings answers OpenAI's embeddings format with vectors made
from --embed-map (a JSON object from words to dimensions, 16 in all):
each word of a text that the map names adds 1 to its dimension, so a test
decides which texts are near each other.
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler

from testsrv import serve

SCRIPT = []
CHECK_TOOLS = False
EMBED_MAP = {}
LOG = None
COUNT = 0
LOCK = threading.Lock()


def completion(message, usage):
    body = {"id": "chatcmpl-test", "object": "chat.completion", "created": 1795478400,
            "model": "scripted", "choices": [{"index": 0, "message": message,
                                              "finish_reason": "tool_calls"
                                              if message.get("tool_calls") else "stop"}]}
    if usage:
        body["usage"] = usage
    return body


def scripted_calls(a):
    """the tool calls an answer makes: [(name, arguments text)]"""
    if "message" in a:
        return [(c["function"]["name"], c["function"].get("arguments", ""))
                for c in a["message"].get("tool_calls") or []]
    calls = {}
    for d in a.get("stream", []):
        for c in d.get("tool_calls") or []:
            k = calls.setdefault(c.get("index", 0), ["", ""])
            k[0] += c.get("function", {}).get("name", "")
            k[1] += c.get("function", {}).get("arguments", "")
    return [tuple(calls[i]) for i in sorted(calls)]


def tools_refused(body, a):
    """why the request's tools or the answer's calls would be refused, or None"""
    import jsonschema
    offered = {}
    for t in body.get("tools") or []:
        fn = t.get("function", {})
        params = fn.get("parameters")
        try:
            jsonschema.Draft7Validator.check_schema(params)
        except jsonschema.SchemaError as e:
            return "tool %s: parameters are no JSON Schema: %s" % (fn.get("name"), e.message)
        if not isinstance(params, dict) or params.get("type") != "object":
            return "tool %s: parameters are not an object's schema" % fn.get("name")
        offered[fn.get("name")] = params
    for name, text in scripted_calls(a):
        if name not in offered:
            return "tool %s was not offered" % name
        try:
            args = json.loads(text or "{}")
        except ValueError:
            continue            # malformed on purpose: the client's to answer
        if not isinstance(args, dict):
            continue
        unnamed = sorted(set(args) - set(offered[name].get("properties", {})))
        if unnamed:
            return "tool %s: its parameters do not name %s" % (name, ", ".join(unnamed))
        errors = list(jsonschema.Draft7Validator(offered[name],
                      format_checker=jsonschema.FormatChecker()).iter_errors(args))
        if errors:
            return "tool %s: %s" % (name, errors[0].message)
    return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body, ctype="application/json", headers=None):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, str(v))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        global COUNT
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        with LOCK:
            n = COUNT
            COUNT += 1
        try:
            body = json.loads(raw)
        except ValueError:
            body = raw.decode("utf-8", "replace")
        if LOG:
            with LOCK, open(LOG, "a") as f:
                f.write(json.dumps({"n": n, "path": self.path,
                                    "authorization": self.headers.get("Authorization"),
                                    "body": body}) + "\n")
        if self.path.endswith("/embeddings"):
            texts = body.get("input", []) if isinstance(body, dict) else []
            if isinstance(texts, str):
                texts = [texts]
            data = []
            for i, t in enumerate(texts):
                v = [0.0] * 16
                for w in "".join(ch.lower() if ch.isalnum() else " " for ch in t).split():
                    if w in EMBED_MAP:
                        v[EMBED_MAP[w]] += 1.0
                v[15] += 0.01   # never all zero
                data.append({"object": "embedding", "index": i, "embedding": v})
            self.send(200, {"object": "list", "data": data, "model": body.get("model")})
            return
        if not self.path.endswith("/chat/completions"):
            self.send(404, {"error": {"message": "no such path " + self.path}})
            return
        a = SCRIPT[min(n, len(SCRIPT) - 1)]
        why = tools_refused(body, a) if CHECK_TOOLS and isinstance(body, dict) else None
        if why:
            self.send(400, {"error": {"message": why, "type": "invalid_request_error"}})
            return
        if "sleep" in a:
            time.sleep(a["sleep"])
        if "status" in a:
            self.send(a["status"], {"error": {"message": a.get("error", "scripted error")}},
                      headers=a.get("headers"))
        elif "raw" in a:
            self.send(200, a["raw"].encode())
        elif "stream" in a:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Connection", "close")
            self.end_headers()
            chunks = [{"choices": [{"index": 0, "delta": d}]} for d in a["stream"]]
            if a.get("usage"):
                chunks.append({"choices": [], "usage": a["usage"]})
            for c in chunks:
                c.update({"id": "chatcmpl-test", "object": "chat.completion.chunk",
                          "model": "scripted"})
                self.wfile.write(b"data: " + json.dumps(c).encode() + b"\n\n")
                self.wfile.flush()
                time.sleep(0.02)
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()
            self.close_connection = True
        else:
            self.send(200, completion(a["message"], a.get("usage")))


def main():
    global SCRIPT, LOG, EMBED_MAP, CHECK_TOOLS
    args = sys.argv[1:]
    lifetime = 300.0
    watch = False
    while args:
        opt = args.pop(0)
        if opt == "--script":
            with open(args.pop(0)) as f:
                SCRIPT = json.load(f)
        elif opt == "--embed-map":
            with open(args.pop(0)) as f:
                EMBED_MAP = json.load(f)
        elif opt == "--log":
            LOG = args.pop(0)
        elif opt == "--lifetime":
            lifetime = float(args.pop(0))
        elif opt == "--watch-stdin":
            watch = True
        elif opt == "--check-tools":
            CHECK_TOOLS = True
        else:
            sys.exit("llmsrv: unknown option " + opt)
    if not SCRIPT:
        SCRIPT = [{"status": 404, "error": "no chat script"}]
    serve(Handler, lifetime, watch)

if __name__ == "__main__":
    main()
