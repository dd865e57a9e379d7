"""testsrv.py - what the test servers share: listen on 127.0.0.1 on a free
port, print the port on a line of its own, and serve until --lifetime
seconds pass or, with --watch-stdin, standard input closes, so that a
server never outlives its test."""
import os
import sys
import threading
from http.server import ThreadingHTTPServer


def serve(handler, lifetime=300.0, watch=False):
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)

    def stop_on_eof():
        try:
            sys.stdin.read()
        except Exception:
            pass
        server.shutdown()

    if watch:
        threading.Thread(target=stop_on_eof, daemon=True).start()
    timer = threading.Timer(lifetime, server.shutdown)
    timer.daemon = True
    timer.start()
    server.serve_forever()
    os._exit(0)
