#!/usr/bin/env python3
"""Local SMTP server for the tests (aiosmtpd, Debian python3-aiosmtpd).

Listens on 127.0.0.1 on a free port, writes the port to --port-file once it accepts
connections, and stores every message it accepts as N.eml (the DATA bytes) and N.json
(envelope: mail_from, rcpt_tos, login) in --out. No TLS unless --tls-cert/--tls-key (PEM) are
given: then STARTTLS is offered, or with --implicit-tls the whole connection is TLS (smtps).
With --user/--password, AUTH is required. Recipients that
contain --reject are refused with 550. Faults for the reliability tests:
--drop-after-data SUBSTR: for a recipient containing SUBSTR the message is stored (it was
handed over) and the connection dropped after the DATA terminator, before any reply.
--data-reply "554 ...": every message is refused after DATA with exactly that reply.
--mail-reply "550 ...": MAIL FROM is refused with exactly that reply.
--rcpt-reply "SUBSTR=552 ..." (repeatable): a recipient containing SUBSTR is refused at RCPT
with exactly that reply.
Stops on SIGTERM.
"""
import argparse
import asyncio
import warnings
import json
import logging
import os
import signal
import ssl

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port-file", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--user")
    p.add_argument("--password")
    p.add_argument("--reject", default="")
    p.add_argument("--drop-after-data", default="")
    p.add_argument("--data-reply", default="")
    p.add_argument("--mail-reply", default="")
    p.add_argument("--tls-cert")
    p.add_argument("--tls-key")
    p.add_argument("--implicit-tls", action="store_true")
    p.add_argument("--rcpt-reply", action="append", default=[])
    args = p.parse_args()
    tls = None
    if args.tls_cert:
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(args.tls_cert, args.tls_key)
    starttls = tls if tls is not None and not args.implicit_tls else None
    # A handshake refused by a client that does not trust the test CA is what the TLS tests
    # provoke: aiosmtpd logs it as an error with a traceback; keep the test output quiet.
    logging.disable(logging.CRITICAL if tls is not None else logging.WARNING)
    warnings.simplefilter("ignore")  # AUTH without TLS is what this local test server is for
    os.makedirs(args.out, exist_ok=True)
    count = [0]

    class Sink:
        async def handle_MAIL(self, server, session, envelope, address, mail_options):
            if args.mail_reply:
                return args.mail_reply
            envelope.mail_from = address
            envelope.mail_options.extend(mail_options)
            return "250 OK"

        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            for rule in args.rcpt_reply:
                substr, reply = rule.split("=", 1)
                if substr in address:
                    return reply
            if args.reject and args.reject in address:
                return "550 5.1.1 <%s>: mailbox unavailable" % address
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            if args.data_reply:
                return args.data_reply
            count[0] += 1
            base = os.path.join(args.out, "%03d" % count[0])
            with open(base + ".eml.tmp", "wb") as f:
                f.write(envelope.original_content or envelope.content)
            login = session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None
            with open(base + ".json.tmp", "w") as f:
                json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos, "login": login}, f)
            os.rename(base + ".eml.tmp", base + ".eml")
            os.rename(base + ".json.tmp", base + ".json")
            if args.drop_after_data and any(args.drop_after_data in r for r in envelope.rcpt_tos):
                server.transport.abort()  # the message is here; the client never hears so
            return "250 2.0.0 accepted"

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == args.user
              and auth_data.password.decode() == args.password)
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

    def factory():
        if args.user:
            return SMTP(Sink(), hostname="localhost", authenticator=authenticator, auth_required=True,
                        auth_require_tls=False, tls_context=starttls)
        return SMTP(Sink(), hostname="localhost", tls_context=starttls)

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(loop.create_server(
        factory, "127.0.0.1", 0, ssl=tls if args.implicit_tls else None))
    port = server.sockets[0].getsockname()[1]
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(port))
    os.rename(args.port_file + ".tmp", args.port_file)
    loop.add_signal_handler(signal.SIGTERM, loop.stop)
    loop.run_forever()
    server.close()


if __name__ == "__main__":
    main()
