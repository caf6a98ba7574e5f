"""A tiny third party for the CLI's tests: ``python -m fake_provider --host H --port P``, stdlib only.

``/ping`` answers ``{"status": "ok", "version": "1.0.0"}``; every request is one JSON log line on stdout.
"""

import argparse
import json
import signal
import sys
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        status, body = (200, {"status": "ok", "version": "1.0.0"}) if self.path == "/ping" else (404, {})
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format, *args):
        print(json.dumps({"ts": datetime.now(UTC).isoformat(), "level": "info", "event": "request",
                          "service": "fake-provider", "path": self.path}), flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", required=True)
    parser.add_argument("--port", type=int, required=True)
    arguments = parser.parse_args()
    server = ThreadingHTTPServer((arguments.host, arguments.port), Handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    server.serve_forever()


if __name__ == "__main__":
    main()
