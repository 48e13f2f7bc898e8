#!/usr/bin/env python3
"""Local stand-in for the WhatsApp Business Platform Cloud API `messages` endpoint (tests).

POST /<version>/<phone-number-id>/messages with `Authorization: Bearer <token>` and a JSON
template message. Checks the request shape and answers like the Cloud API documentation:
200 {"messaging_product", "contacts": [...], "messages": [{"id": "wamid..."}]}, or
{"error": {"message", "type", "code", "error_data", "fbtrace_id"}} with 401 (code 190, bad
token), 400 (code 100, bad request shape; 131026 for --undeliverable numbers) or 429
(code 130429, Retry-After: 1) the first time a --rate-limit-once number is seen.
GET /<version>/<phone-number-id>[?fields=...] (what Ajustes > WhatsApp Business > Probar
asks) answers the phone-number object {"id", "display_phone_number", "verified_name",
"quality_rating"} (--display-phone-number, --verified-name); another id: 400 code 100,
error_subcode 33 ("Unsupported get request"), a wrong token: 401 code 190, as the Graph API.
Every request is appended to --out as one JSON line. Port written to --port-file.
HTTP/1.1 with keep-alive, as the real endpoint: a client may send several requests on one
connection. --drop-request N: the N-th request (counting from 1) is read, logged with
status 0 and its connection closed without any reply.
"""
import argparse
import json
import os
import signal
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port-file", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--token", required=True)
    p.add_argument("--phone-number-id", required=True)
    p.add_argument("--undeliverable", action="append", default=[])
    p.add_argument("--rate-limit-once", action="append", default=[])
    p.add_argument("--drop-request", type=int, default=0)
    p.add_argument("--display-phone-number", default="+34 600 11 22 33")
    p.add_argument("--verified-name", default="Mercería La Aguja")
    args = p.parse_args()
    lock = threading.Lock()
    state = {"n": 0, "limited": set(), "requests": 0}

    def shape_problems(path, headers, body):
        problems = []
        parts = path.strip("/").split("/")
        if len(parts) < 2 or parts[-1] != "messages" or parts[-2] != args.phone_number_id:
            problems.append("path %s is not /<version>/%s/messages" % (path, args.phone_number_id))
        if not (headers.get("Content-Type") or "").startswith("application/json"):
            problems.append("Content-Type is not application/json")
        if not isinstance(body, dict):
            return problems + ["body is not a JSON object"]
        if body.get("messaging_product") != "whatsapp":
            problems.append("messaging_product is not whatsapp")
        if body.get("type") != "template":
            problems.append("type is not template")
        if not str(body.get("to", "")).isdigit():
            problems.append("to is not a number")
        t = body.get("template") or {}
        if not t.get("name"):
            problems.append("template.name missing")
        if not (t.get("language") or {}).get("code"):
            problems.append("template.language.code missing")
        for c in t.get("components", []):
            if c.get("type") != "body":
                problems.append("component type %r" % c.get("type"))
            for prm in c.get("parameters", []):
                if prm.get("type") != "text" or not isinstance(prm.get("text"), str):
                    problems.append("parameter %r is not a text parameter" % prm)
        return problems

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def answer(self, status, payload, extra=None):
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for k, v in (extra or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def error(self, status, code, message, extra=None):
            self.answer(status, {"error": {"message": message, "type": "OAuthException", "code": code,
                                           "error_data": {"messaging_product": "whatsapp", "details": message},
                                           "fbtrace_id": "AbCdEf"}}, extra)
            return status

        def do_GET(self):
            path, _, query = self.path.partition("?")
            parts = path.strip("/").split("/")
            with lock:
                # Logged before the answer goes out: a test that got its answer finds the line.
                if self.headers.get("Authorization") != "Bearer " + args.token:
                    status, reply = 401, lambda: self.error(401, 190, "Invalid OAuth access token - Cannot parse "
                                                                      "access token")
                elif len(parts) != 2 or parts[1] != args.phone_number_id:
                    status, reply = 400, lambda: self.answer(400, {"error": {
                        "message": "Unsupported get request. Object with ID '%s' does not exist, cannot be loaded "
                                   "due to missing permissions, or does not support this operation." % parts[-1],
                        "type": "GraphMethodException", "code": 100, "error_subcode": 33,
                        "fbtrace_id": "AbCdEf"}})
                else:
                    status, reply = 200, lambda: self.answer(200, {
                        "verified_name": args.verified_name, "display_phone_number": args.display_phone_number,
                        "quality_rating": "GREEN", "id": args.phone_number_id})
                with open(args.out, "a") as f:
                    f.write(json.dumps({"method": "GET", "path": self.path,
                                        "authorization": self.headers.get("Authorization"),
                                        "query": query, "status": status}) + "\n")
                reply()

        def do_POST(self):
            raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            try:
                body = json.loads(raw)
            except ValueError:
                body = None
            problems = shape_problems(self.path, self.headers, body)
            to = str((body or {}).get("to", ""))
            with lock:
                state["requests"] += 1
                if state["requests"] == args.drop_request:
                    status = 0
                    self.close_connection = True
                    self.connection.shutdown(2)  # read, then gone without a word
                elif self.headers.get("Authorization") != "Bearer " + args.token:
                    status = self.error(401, 190, "Invalid OAuth access token.")
                elif problems:
                    status = self.error(400, 100, "Invalid parameter: " + "; ".join(problems))
                elif to in args.rate_limit_once and to not in state["limited"]:
                    state["limited"].add(to)
                    status = self.error(429, 130429, "Rate limit hit", {"Retry-After": "1"})
                elif to in args.undeliverable:
                    status = self.error(400, 131026, "Message undeliverable")
                else:
                    state["n"] += 1
                    status = 200
                    self.answer(200, {"messaging_product": "whatsapp",
                                      "contacts": [{"input": to, "wa_id": to}],
                                      "messages": [{"id": "wamid.TEST%04d" % state["n"],
                                                    "message_status": "accepted"}]})
                with open(args.out, "a") as f:
                    f.write(json.dumps({"path": self.path, "authorization": self.headers.get("Authorization"),
                                        "content_type": self.headers.get("Content-Type"), "body": body,
                                        "problems": problems, "status": status}) + "\n")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(args.port_file + ".tmp", args.port_file)
    signal.signal(signal.SIGTERM, lambda *a: threading.Thread(target=server.shutdown).start())
    server.serve_forever()


if __name__ == "__main__":
    main()
