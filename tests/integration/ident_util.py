"""Real message sinks for the identity tests: an SMTP server (Debian's
python3-aiosmtpd) that receives the mail the outbox sends, and an HTTP
server standing in for the SMS gateway (the generic webhook adapter)."""
import base64
import email
import email.header
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

try:
    from aiosmtpd.controller import Controller
except ImportError:
    # Debian's python3-aiosmtpd, when the tests run under another
    # Python 3 of the same version (pyenv, a venv).
    import sys
    sys.path.append("/usr/lib/python3/dist-packages")
    from aiosmtpd.controller import Controller

from harness import free_port

CODE = re.compile(r"(?<!\d)(\d{6})(?!\d)")


class MailSink:
    """An SMTP server on 127.0.0.1 that keeps every message it receives.
    stop() and start() again on the same port: a relay that is down."""

    def __init__(self):
        self.port = free_port()
        self.messages = []          # (rcpt list, email.message.Message)
        self.lock = threading.Lock()
        self.controller = None

    def start(self):
        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                msg = email.message_from_bytes(envelope.content)
                with sink.lock:
                    sink.messages.append((list(envelope.rcpt_tos), msg))
                return "250 OK"

        self.controller = Controller(Handler(), hostname="127.0.0.1",
                                     port=self.port)
        self.controller.start()
        return self

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def mail_to(self, address):
        with self.lock:
            return [m for rcpt, m in self.messages if address in rcpt]

    @staticmethod
    def text(msg):
        """(subject, body) of a received message, decoded."""
        subject = str(email.header.make_header(
            email.header.decode_header(msg["Subject"])))
        body = msg.get_payload(decode=True).decode("utf-8")
        return subject, body

    def code_for(self, address, seen=0, timeout=10):
        """The code in the newest mail to address, once more than `seen`
        mails reached it."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            got = self.mail_to(address)
            if len(got) > seen:
                return CODE.search(self.text(got[-1])[1]).group(1)
            time.sleep(0.05)
        raise AssertionError("no mail to %s" % address)


class SmsGateway:
    """A JSON webhook on 127.0.0.1: records each POST (its JSON body and
    Authorization header) and answers `status` (200, or 500 to fail)."""

    def __init__(self):
        self.port = free_port()
        self.status = 200
        self.received = []          # (authorization, json body)
        self.failed = 0             # requests answered with an error
        self.lock = threading.Lock()
        gw = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                n = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(n))
                with gw.lock:
                    status = gw.status
                    if status == 200:
                        gw.received.append(
                            (self.headers.get("Authorization"), body))
                    else:
                        gw.failed += 1
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *a):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever,
                                       daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    @property
    def url(self):
        return "http://127.0.0.1:%d/send" % self.port

    def to(self, number):
        with self.lock:
            return [b for _, b in self.received if b["to"] == number]

    def code_for(self, number, seen=0, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            got = self.to(number)
            if len(got) > seen:
                return CODE.search(got[-1]["text"]).group(1)
            time.sleep(0.05)
        raise AssertionError("no SMS to %s" % number)


def wait_for(fn, timeout=15, what="condition"):
    deadline = time.time() + timeout
    while time.time() < deadline:
        v = fn()
        if v:
            return v
        time.sleep(0.1)
    raise AssertionError("timed out waiting for %s" % what)


def b64(s):
    return base64.b64encode(s.encode()).decode()
