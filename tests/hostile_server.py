#!/usr/bin/env python3
"""A hostile profile server for tests/hostile_http_test.sh, on 127.0.0.1:
redirects to other protocols, a body that stalls after the headers, and a
profile whose sample types would make a path of the saved copy's name.

usage: hostile_server.py PORTFILE PROFILE"""
import http.server, sys, time


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def redirect(self, where):
        self.send_response(302)
        self.send_header("Location", where)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/ftp":
            self.redirect("ftp://127.0.0.1:%d/x" % self.server.server_port)
        elif path == "/file":
            self.redirect("file:///etc/passwd")
        elif path == "/hop":
            self.redirect("/ftp")
        elif path == "/stall":
            # headers at once, then a trickle that stops
            self.send_response(200)
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(b"\x1f\x8b")
            self.wfile.flush()
            time.sleep(60)
        elif path == "/evil":
            body = open(sys.argv[2], "rb").read()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_error(404)


srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
srv.daemon_threads = True
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(str(srv.server_port))
import os
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
srv.serve_forever()
