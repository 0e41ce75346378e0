#!/usr/bin/env python3
"""A test HTTPS server for the feed tests: serves DIR over TLS on 127.0.0.1, misbehaving as DIR/mode says.

    feed_server.py DIR CERT KEY    prints the port once it listens

Every request's path and its If-None-Match and If-Modified-Since headers are appended to DIR/requests.log.
DIR/mode (read at each request) chooses what a request for a feed gets:
    ok          the file, with an ETag (its hash) and Last-Modified; 304 when If-None-Match matches
    404, 500    that status (500 with Retry-After: 120)
    empty       200 with an empty body
    truncated   a Content-Length of 4096 but 20 bytes, then the connection closes
    huge        5 MiB
    stall       the headers, then nothing for 60 s
    redirect    302 to the same path over plain http://
DIR/date-offset, when present, holds seconds added to the time of every answer's Date header (a server whose
clock is right, seen from a PC whose clock is wrong).
"""

import hashlib
import http.server
import os
import ssl
import sys
import threading
import time


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def date_time_string(self, timestamp=None):
        try:
            with open(os.path.join(self.server.root, "date-offset"), encoding="utf-8") as f:
                offset = float(f.read().strip())
        except FileNotFoundError:
            offset = 0.0
        return super().date_time_string((time.time() if timestamp is None else timestamp) + offset)

    def do_GET(self):
        root = self.server.root
        with open(os.path.join(root, "requests.log"), "a", encoding="utf-8") as log:
            log.write(f"{self.path} if-none-match={self.headers.get('If-None-Match')} "
                      f"if-modified-since={self.headers.get('If-Modified-Since')}\n")
        try:
            with open(os.path.join(root, "mode"), encoding="utf-8") as f:
                mode = f.read().strip()
        except FileNotFoundError:
            mode = "ok"
        if self.path.endswith(".minisig"):
            mode = "ok"
        if mode in ("404", "500"):
            self.send_response(int(mode))
            if mode == "500":
                self.send_header("Retry-After", "120")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if mode == "redirect":
            self.send_response(302)
            self.send_header("Location", f"http://127.0.0.1:{self.server.server_port}{self.path}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        path = os.path.join(root, "files", self.path.lstrip("/"))
        try:
            with open(path, "rb") as f:
                body = f.read()
        except OSError:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if mode == "empty":
            body = b""
        elif mode == "huge":
            body = b"# " + b"x" * (5 * 1024 * 1024) + b"\n"
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if mode == "ok" and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", "Thu, 26 Nov 2026 01:00:00 GMT")
        if mode == "truncated":
            self.send_header("Content-Length", "4096")
            self.end_headers()
            self.wfile.write(body[:20])
            self.wfile.flush()
            self.close_connection = True
            return
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if mode == "stall":
            self.wfile.flush()
            time.sleep(60)
            return
        self.wfile.write(body)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A client that gave up (a refused 5 MiB body, a time-out) is what some tests are about: no traceback.
        pass


def main():
    root, cert, key = sys.argv[1:4]
    server = Server(("127.0.0.1", 0), Handler)
    server.root = root
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    print(server.server_port, flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    # Ends with the test: stdin closes when the test drops its handle.
    sys.stdin.read()


if __name__ == "__main__":
    main()
