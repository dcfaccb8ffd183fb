"""Integration-test harness for Yujiang: the real server, real HTTP.

Server starts one Kore instance for a TestCase class: a fresh data
directory, the database made by `yujiang-admin migrate` (or `init`, with
the demo people and one run per course, when asked), extra course
directories synced with `yujiang-admin courses sync` when given, test
users added with `yujiang-admin user add`, the config written by
conf/mkconf.sh (the server itself syncs courses/ at start) with any
extra top-level lines a test class asks for (extra_conf), and
`kore -fnr` (or, for the production test, `kore -f` with `runas nobody`)
in its own process group, logging to DIR/kore.log. stop() sends SIGTERM
to the parent, falls back to SIGKILL of the group, and fails when the log
shows a crashed worker: the seccomp sandbox is always on in Kore's
workers, so a clean log is the proof that it holds.

Client is a small cookie-keeping HTTP client (one connection per request)
that knows the site's CSRF rules: the hidden `csrf` field of a form page
(urlencoded or multipart posts), and X-CSRF-Token for JSON (from
/api/v1/csrf when anonymous, from /api/v1/me when logged in).
Server.sql() reads the instance's database with the sqlite3 CLI.

The engine: SQLite in the data directory, as `make run` uses, unless
YUJIANG_TEST_ENGINE=postgresql. Then the run starts one throwaway
PostgreSQL cluster (tests/pg/pgserver.py: initdb + pg_ctl into a
temporary directory, as an unprivileged user), each Server gets an empty
database of its own there (YUJIANG_DB for the server and every
yujiang-admin command; dropped when the Server's data directory goes),
and Server.sql() and sql_write() run through psql, ?N parameters
inlined as quoted literals. Tests of what only SQLite has (its file, its
backup, its lock) are marked sqlite_only and skipped there, with their
reason.

Standard library only. Run from the project root after `make`.
"""
import atexit
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.parse

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ADMIN = os.path.join(ROOT, "build", "yujiang-admin")
MODULE = os.path.join(ROOT, "build", "yujiang.so")
MKCONF = os.path.join(ROOT, "conf", "mkconf.sh")

# Lines that mean a worker died (KORE.md 7): the parent exits 0 anyway.
CRASH_PATTERNS = [
    re.compile(r"sandbox violation"),
    re.compile(r"exited with status"),
    re.compile(r"hdlr: none"),
    re.compile(r"\) gone$"),
    re.compile(r"seccomp(?! sandbox enabled$)"),  # not the startup notice
]

PASSWORD = "correct horse 42"    # every fixture user's password
PRIVACY_VERSION = 1     # the privacy notice newcomers consent to
KEEP = os.environ.get("YJ_KEEP") == "1"   # keep data dirs for debugging
ENGINE = os.environ.get("YUJIANG_TEST_ENGINE", "sqlite")
if ENGINE not in ("sqlite", "postgresql"):
    raise SystemExit("YUJIANG_TEST_ENGINE: sqlite or postgresql, not %r"
                     % ENGINE)


def sqlite_only(reason):
    """Skip a test or class when the run is on PostgreSQL: it checks
    what only the SQLite engine has (reason says what)."""
    return unittest.skipIf(ENGINE != "sqlite", "SQLite only: " + reason)


_pg = [None]                    # the run's PostgreSQL cluster, once started
_pg_lock = threading.Lock()
_pg_seq = [0]


def pg_cluster():
    """The run's PostgreSQL cluster, started on first use (stopped and
    removed at exit by pgserver.py)."""
    with _pg_lock:
        if _pg[0] is None:
            sys.path.insert(0, os.path.join(ROOT, "tests", "pg"))
            from pgserver import PgServer
            pg = PgServer()
            pg.start()
            _pg[0] = pg
        return _pg[0]


def pg_database():
    """A new, empty database on the run's cluster, owned by the
    application role: (name, DSN)."""
    pg = pg_cluster()
    with _pg_lock:
        _pg_seq[0] += 1
        name = "yj_%d_%d" % (os.getpid(), _pg_seq[0])
    pg.psql("CREATE DATABASE %s OWNER yujiang ENCODING 'UTF8'" % name,
            user="postgres", db="postgres")
    return name, "postgresql://yujiang@127.0.0.1:%d/%s" % (pg.port, name)


def pg_dialect(query, args):
    """A test's query (written for SQLite, as the tests read the database
    the way an operator would) for psql: ?N parameters as literals, and
    the column named user, a reserved word in PostgreSQL (bare, it is
    CURRENT_USER), quoted. String literals are left as they are."""
    parts = re.split(r"('(?:[^']|'')*')", query)
    last = [0]                  # SQLite: a bare ? is one past the highest

    def param(m):
        n = int(m.group(1)) if m.group(1) else last[0] + 1
        last[0] = max(last[0], n)
        return pg_literal(args[n - 1])
    for i in range(0, len(parts), 2):
        parts[i] = re.sub(r'(?<![.\w"])user(?![\w"(])', '"user"', parts[i])
        parts[i] = re.sub(r"\?(\d*)", param, parts[i])
    return "".join(parts)


def sql_zpad(expr, width):
    """SQL for expr (an integer) as text, zero-padded to width digits,
    in the run's engine's dialect (tests that fill tables in bulk)."""
    if ENGINE == "postgresql":
        return "lpad((%s)::text, %d, '0')" % (expr, width)
    return "printf('%%0%dd', %s)" % (width, expr)


def sql_random_hex(n):
    """SQL for n random lowercase hex digits (n even, at most 32)."""
    if ENGINE == "postgresql":
        return "substr(md5(random()::text), 1, %d)" % n
    return "lower(hex(randomblob(%d)))" % (n // 2)


def pg_literal(value):
    """value as an SQL literal for psql: NULL, or quoted (an untyped
    literal PostgreSQL reads as the column's type, as SQLite's affinity
    does)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        value = int(value)
    return "'" + str(value).replace("'", "''") + "'"

_account_lock = threading.Lock()
_account_seq = [int(time.time()) % 100000]


def new_phone():
    """A fresh, valid mainland mobile number (unique within this run)."""
    with _account_lock:
        _account_seq[0] += 1
        n = _account_seq[0]
    return "1390%07d" % (n % 10000000)


def new_email(tag="u"):
    with _account_lock:
        _account_seq[0] += 1
        n = _account_seq[0]
    return "%s%d@example.com" % (tag, n)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def crash_lines(log):
    return [line for line in log.splitlines()
            if any(p.search(line) for p in CRASH_PATTERNS)]


class ServerError(Exception):
    pass


_running = set()


@atexit.register
def _kill_leftovers():
    """Safety net (an interrupted run): no kore outlives the tests."""
    for srv in list(_running):
        try:
            srv.stop(check=False)
        except Exception:
            pass


class Server:
    """One Yujiang instance. users: [{name, account, role, track?}]."""

    def __init__(self, users=(), workers=2, production=False, init=False,
                 course_dirs=(), env=None, extra_conf=(), module=None,
                 data=None, front_end_of=None):
        self.users = list(users)
        # Another build of the module (tests of the build itself).
        self.module = module
        # Tests make many accounts from 127.0.0.1: lift the per-address
        # registration limit unless a test sets its own.
        self.env = dict(os.environ, YUJIANG_REGISTER_LIMIT="1000000",
                        YUJIANG_CODE_LIMIT="1000000")
        self.env.update(env or {})
        # A test may sign certificates for another address; by default
        # they point at this very server (even when `make run` set one).
        self.public_url = (env or {}).get("YUJIANG_PUBLIC_URL")
        self.workers = workers
        self.production = production
        self.init = init                # `init` (demo people and runs)
        self.course_dirs = list(course_dirs)    # synced before start
        self.extra_conf = list(extra_conf)      # lines added to kore.conf
        # An existing data directory (a restored backup) is served as it
        # is: no init or migrate before the server (whose parent
        # migrates), and removed at the end like a fresh one.
        self.data = data
        self.pg_db = None               # its database on PostgreSQL runs
        # Another front end of a running Server: the same data directory
        # (as `root`) and database, its own port, config, pid and log in
        # a directory of its own; nothing made or migrated.
        self.front_end_of = front_end_of
        self.peers = []                 # the other front ends
        if front_end_of is not None:
            self.peers.append(front_end_of)
            front_end_of.peers.append(self)
        self.proc = None
        self._codes_lock = threading.Lock()
        self._codes_off = {}        # log path -> bytes read
        self._codes = {}            # account -> [(outbox id, code)]
        self.dir = None
        self.port = None
        self.log_text = ""

    # -- lifecycle ---------------------------------------------------------

    def start(self, timeout=20):
        # Under /tmp with 0755: traversable by `nobody` in production mode
        # (mkdtemp makes 0700 directories).
        self.dir = self.data or tempfile.mkdtemp(prefix="yj-it.", dir="/tmp")
        os.chmod(self.dir, 0o755)
        other = self.front_end_of
        if other is not None:
            for k in ("YUJIANG_DB", "YUJIANG_PUBLIC_URL"):
                if k in other.env:
                    self.env[k] = other.env[k]
        self.log = os.path.join(self.dir, "kore.log")
        self._codes_off, self._codes = {}, {}
        self.pidfile = os.path.join(self.dir, "kore.pid")
        # The port first: certificates (the demo's, made by `init`, and
        # the server's) sign the address their QR codes open.
        self.port = free_port()
        self.base = "http://127.0.0.1:%d" % self.port
        self.env["YUJIANG_PUBLIC_URL"] = self.public_url or self.base
        if other is not None:
            self.env["YUJIANG_PUBLIC_URL"] = other.env["YUJIANG_PUBLIC_URL"]
        elif (ENGINE == "postgresql" and self.pg_db is None and
                "YUJIANG_DB" not in self.env):
            self.pg_db, self.env["YUJIANG_DB"] = pg_database()
        if self.pg_db is not None:
            # As an operator would: the URI in DATA/database, so that
            # every `yujiang-admin -d DATA` a test runs finds it too.
            fd = os.open(os.path.join(self.dir, "database"),
                         os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(self.env["YUJIANG_DB"] + "\n")
        if self.data is None and other is None:
            self._run([ADMIN, "-d", self.dir,
                       "init" if self.init else "migrate"])
        for d in self.course_dirs:
            self._run([ADMIN, "-d", self.dir, "courses", "sync", d])
        for u in (self.users if other is None else ()):
            cmd = [ADMIN, "-d", self.dir, "user", "add", "--name", u["name"],
                   "--account", u["account"], "--role", u["role"],
                   "--password-stdin"]
            if u.get("track"):
                cmd += ["--track", u["track"]]
            self._run(cmd, stdin=u.get("password", PASSWORD) + "\n")
        out = self._run([MKCONF, self.dir, str(self.port),
                         str(self.workers), "terminate"])
        self.conf = out.strip().splitlines()[-1]
        if other is not None:
            with open(self.conf) as f:
                text = f.read()
            text = re.sub(r"(?m)^root\s.*$", "root\t\t\t" + other.dir, text)
            with open(self.conf, "w") as f:
                f.write(text)
        if self.module:
            with open(self.conf) as f:
                text = f.read()
            text = re.sub(r"(?m)^load\s.*$", "load\t\t\t" + self.module,
                          text)
            with open(self.conf, "w") as f:
                f.write(text)
        if self.extra_conf:
            with open(self.conf, "a") as f:
                f.write("".join(line + "\n" for line in self.extra_conf))
        flags = "-fnr"
        if self.production:
            with open(self.conf, "a") as f:
                f.write("runas\t\t\tnobody\n")
            flags = "-f"
        with open(self.log, "wb") as logf:
            self.proc = subprocess.Popen(
                ["setsid", "stdbuf", "-oL", "kore", "-c", self.conf, flags],
                cwd=ROOT, stdout=logf, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, env=self.env)
        _running.add(self)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise ServerError("kore exited (%s) during start:\n%s" %
                                  (self.proc.returncode, self.read_log()))
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port,
                                               timeout=2)
                c.request("GET", "/healthz")
                r = c.getresponse()
                r.read()
                c.close()
                if r.status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.05)
        raise ServerError("kore did not answer /healthz within %ds:\n%s" %
                          (timeout, self.read_log()))

    def _run(self, cmd, stdin=None):
        p = subprocess.run(cmd, cwd=ROOT, input=stdin, capture_output=True,
                           text=True, env=self.env)
        if p.returncode != 0:
            raise ServerError("%s failed (%d): %s%s" % (
                " ".join(cmd), p.returncode, p.stdout, p.stderr))
        return p.stdout

    def read_log(self):
        try:
            with open(self.log, encoding="utf-8", errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def parent_pid(self):
        try:
            with open(self.pidfile) as f:
                return int(f.read().strip())
        except (OSError, ValueError):
            return self.proc.pid if self.proc else None

    def _children(self):
        """(pid, cmdline) of the parent's children."""
        ppid = self.parent_pid()
        kids = []
        for d in os.listdir("/proc"):
            if not d.isdigit():
                continue
            try:
                with open("/proc/%s/stat" % d) as f:
                    st = f.read()
                with open("/proc/%s/cmdline" % d, "rb") as f:
                    cmd = f.read().decode("utf-8", "replace")
            except OSError:
                continue
            fields = st[st.rindex(")") + 2:].split()
            if int(fields[1]) == ppid:
                kids.append((int(d), cmd))
        return kids

    def worker_pids(self):
        """The pids of Kore's workers (the parent's children but the
        signing process)."""
        return [p for p, cmd in self._children() if "[signer]" not in cmd]

    def signer_pid(self):
        """The pid of the signing process (src/signer.c), or None."""
        pids = [p for p, cmd in self._children() if "[signer]" in cmd]
        return pids[0] if pids else None

    def _alive(self, pid):
        try:
            with open("/proc/%d/stat" % pid) as f:
                st = f.read()
            return st[st.rindex(")") + 2] != "Z"
        except OSError:
            return False

    def stop(self, check=True):
        """Stop kore; raise AssertionError on crash lines if check."""
        if self.proc is None:
            self._cleanup(ok=True)
            return
        pid = self.parent_pid()
        try:
            pgid = os.getpgid(self.proc.pid)
        except OSError:
            pgid = None
        killed = False
        if self.proc.poll() is None:
            try:
                os.kill(pid, signal.SIGTERM)    # the parent relays it
            except OSError:
                pass
            deadline = time.time() + 10
            while time.time() < deadline and (
                    self.proc.poll() is None or self._alive(pid)):
                time.sleep(0.05)
            if self.proc.poll() is None or self._alive(pid):
                killed = True
                if pgid is not None:
                    try:
                        os.killpg(pgid, signal.SIGKILL)
                    except OSError:
                        pass
                self.proc.wait(timeout=10)
        # Workers that outlived the parent would hold the port.
        if pgid is not None:
            try:
                os.killpg(pgid, 0)
                os.killpg(pgid, signal.SIGKILL)
                killed = True
            except OSError:
                pass
        self.log_text = self.read_log()
        self.proc = None
        _running.discard(self)
        bad = crash_lines(self.log_text)
        problems = []
        if bad:
            problems.append("crash lines in kore.log:\n  " +
                            "\n  ".join(bad))
        if killed:
            problems.append("kore did not stop on SIGTERM (SIGKILLed)")
        if "goodbye" not in self.log_text and not killed:
            problems.append("kore did not log a clean exit")
        ok = not problems
        self._cleanup(ok)
        if check and problems:
            raise AssertionError("%s\n---- %s/kore.log (kept)\n%s" % (
                "\n".join(problems), self.dir, self.log_text[-4000:]))

    def _cleanup(self, ok):
        if self.dir and ok and not KEEP:
            shutil.rmtree(self.dir, ignore_errors=True)
            if self.pg_db is not None:
                pg_cluster().psql("DROP DATABASE IF EXISTS %s WITH (FORCE)"
                                  % self.pg_db, user="postgres",
                                  db="postgres", check=False)
                self.env.pop("YUJIANG_DB", None)
                self.pg_db = None

    def _psql(self, query, args):
        """Run query (?N parameters inlined) on this Server's PostgreSQL
        database; its rows as sql() gives them."""
        text = pg_dialect(query.rstrip().rstrip(";"), args)
        try:
            out = pg_cluster().psql(text + ";\n", db=self.pg_db, sep="\t")
        except RuntimeError as e:
            raise AssertionError("psql %r: %s" % (text, e))
        return [line.split("\t") for line in out.splitlines()]

    # -- conveniences ------------------------------------------------------

    @property
    def db_path(self):
        return os.path.join(self.dir, "yujiang.db")

    def sql(self, query, *args):
        """Rows of a read-only query on the instance's database (the
        sqlite3 CLI; WAL lets it read while the server writes). args
        are bound as ?1, ?2... via the CLI's .param command (on
        PostgreSQL runs: psql, the same rows)."""
        if self.front_end_of is not None:
            return self.front_end_of.sql(query, *args)
        if self.pg_db is not None:
            return self._psql(query, args)
        cmds = []
        for i, a in enumerate(args, 1):
            if isinstance(a, str):
                a = "'" + a.replace("'", "''") + "'"
            cmds.append(".param set ?%d %s" % (i, a))
        cmds.append(query.rstrip().rstrip(";") + ";")
        p = subprocess.run(["sqlite3", "-readonly", "-separator", "\t",
                            self.db_path],
                           input="\n".join(cmds) + "\n",
                           capture_output=True, text=True)
        if p.returncode != 0 or p.stderr.strip():
            raise AssertionError("sqlite3 %r: %s" % (query, p.stderr))
        return [line.split("\t") for line in p.stdout.splitlines()]

    def sql_write(self, query, *args):
        """Run one writing statement on the instance's database while it
        runs (the tests' way to move a clock back); args as in sql()."""
        if self.front_end_of is not None:
            self.front_end_of.sql_write(query, *args)
            return
        if self.pg_db is not None:
            self._psql(query, args)
            return
        cmds = [".timeout 5000"]
        for i, a in enumerate(args, 1):
            if isinstance(a, str):
                a = "'" + a.replace("'", "''") + "'"
            cmds.append(".param set ?%d %s" % (i, a))
        cmds.append(query.rstrip().rstrip(";") + ";")
        p = subprocess.run(["sqlite3", self.db_path],
                           input="\n".join(cmds) + "\n",
                           capture_output=True, text=True)
        if p.returncode != 0 or p.stderr.strip():
            raise AssertionError("sqlite3 %r: %s" % (query, p.stderr))

    def client(self, **kw):
        return Client(self.port, server=self, **kw)

    def db_bytes(self):
        """Everything the database holds, as bytes: the SQLite file, or
        pg_dump's dump of this Server's PostgreSQL database (a test that
        something is stored nowhere reads this)."""
        if self.front_end_of is not None:
            return self.front_end_of.db_bytes()
        if self.pg_db is None:
            with open(self.db_path, "rb") as f:
                return f.read()
        pg = pg_cluster()
        from pgserver import pg_bin         # on sys.path once it runs
        return subprocess.run(
            [pg_bin("pg_dump"), "-h", "127.0.0.1",
             "-p", str(pg.port), "-U", "yujiang", self.pg_db],
            check=True, capture_output=True).stdout

    def hold_writer_lock(self):
        """Take the store's writers' lock from another process, as a
        backup script or a long import would, and hold it until the
        returned WriterLock's release(): SQLite's write lock (BEGIN
        IMMEDIATE on the file), or on PostgreSQL the advisory lock every
        writer's BEGIN takes (PG_WRITER_LOCK, read from sql_pg.h), in a
        psql session of its own."""
        if self.front_end_of is not None:
            return self.front_end_of.hold_writer_lock()
        return WriterLock(self)

    # -- one-time codes (身份) ----------------------------------------------

    CONSOLE_LINE = re.compile(
        r"outbox #(\d+) console (?:sms|email) to (\S+): .*?(?<!\d)(\d{6})"
        r"(?!\d)")

    def console_codes(self, account):
        """[(outbox id, code)] the console adapter logged for account.
        The log is read on from where the last call stopped (hundreds of
        parallel registrations would otherwise re-read it each time)."""
        with self._codes_lock:
            # Another front end of the same town may have sent it: their
            # logs are read too (each from where it last stopped).
            for log in [self.log] + [p.log for p in self.peers]:
                off = self._codes_off.get(log, 0)
                try:
                    with open(log, "rb") as f:
                        f.seek(off)
                        chunk = f.read()
                except OSError:
                    chunk = b""
                end = chunk.rfind(b"\n") + 1     # whole lines only
                self._codes_off[log] = off + end
                for m in self.CONSOLE_LINE.finditer(
                        chunk[:end].decode("utf-8", "replace")):
                    self._codes.setdefault(m.group(2), []).append(
                        (int(m.group(1)), m.group(3)))
            return list(self._codes.get(account, ()))

    def code_for(self, account, after=0, timeout=10):
        """The newest code the console adapter logged for account in a
        message after outbox id `after`: what the person would read on
        their phone. Waits for the outbox to deliver it."""
        deadline = time.time() + timeout
        while True:
            got = [c for c in self.console_codes(account) if c[0] > after]
            if got:
                return max(got)[1]
            if time.time() > deadline:
                raise AssertionError("no code for %s in the log" % account)
            time.sleep(0.05)

    def add_user_cmd(self, name, account, role, track=None,
                     password=PASSWORD):
        """Add a user with the admin tool while the server runs."""
        cmd = [ADMIN, "-d", self.dir, "user", "add", "--name", name,
               "--account", account, "--role", role, "--password-stdin"]
        if track:
            cmd += ["--track", track]
        return self._run(cmd, stdin=password + "\n")


# ---------------------------------------------------------------------------

class Response:
    def __init__(self, status, reason, headers, body):
        self.status = status
        self.reason = reason
        self.headers = headers          # list of (lowercase name, value)
        self.body = body

    def header(self, name, default=None):
        name = name.lower()
        for k, v in self.headers:
            if k == name:
                return v
        return default

    def header_all(self, name):
        name = name.lower()
        return [v for k, v in self.headers if k == name]

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    @property
    def location(self):
        return self.header("location")

    def set_cookie(self, name):
        """The raw Set-Cookie header for name, or None."""
        for v in self.header_all("set-cookie"):
            if v.split("=", 1)[0].strip() == name:
                return v
        return None

    def form_csrf(self, action=None):
        """The hidden csrf field of the form posting to action (or any)."""
        for m in re.finditer(r"<form\b[^>]*>(.*?)</form>", self.text, re.S):
            form = m.group(0)
            if action is not None and \
                    'action="%s"' % action not in form[:form.index(">")]:
                continue
            f = re.search(r'<input type="hidden" name="csrf" '
                          r'value="([^"]*)">', form)
            if f:
                return f.group(1)
        return None

    def __repr__(self):
        return "<Response %d %r>" % (self.status, self.body[:200])


# Where the form posting to a path lives, when not on the path itself.
FORM_PAGE = {"/logout": "/me"}

AUTO = object()     # "find the CSRF token the way a real client would"


class Client:
    """One browser or API caller: a cookie jar and the site's CSRF rules."""

    def __init__(self, port, lang=None, timeout=30, server=None):
        self.port = port
        self.server = server        # to read one-time codes
        self.lang = lang            # Accept-Language header, if any
        self.timeout = timeout
        self.cookies = {}

    # -- raw ---------------------------------------------------------------

    def cookie_header(self):
        return "; ".join("%s=%s" % kv for kv in self.cookies.items())

    def request(self, method, path, body=None, headers=None, cookies=True):
        h = {}
        if self.lang:
            h["Accept-Language"] = self.lang
        if cookies and self.cookies:
            h["Cookie"] = self.cookie_header()
        if headers:
            h.update(headers)
        if body is None and method in ("POST", "PUT", "PATCH", "DELETE"):
            body = b""      # Content-Length: 0 (Kore wants a length)
        conn = http.client.HTTPConnection("127.0.0.1", self.port,
                                          timeout=self.timeout)
        try:
            conn.request(method, path, body=body, headers=h)
            r = conn.getresponse()
            data = r.read()
            resp = Response(r.status, r.reason,
                            [(k.lower(), v) for k, v in r.getheaders()],
                            data)
        finally:
            conn.close()
        if cookies:
            self._store_cookies(resp)
        return resp

    def _store_cookies(self, resp):
        for raw in resp.header_all("set-cookie"):
            parts = [p.strip() for p in raw.split(";")]
            name, _, value = parts[0].partition("=")
            attrs = {p.split("=", 1)[0].lower():
                     (p.split("=", 1)[1] if "=" in p else True)
                     for p in parts[1:]}
            if value == "" or attrs.get("max-age") == "0":
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    # -- forms -------------------------------------------------------------

    def post_form(self, path, fields, csrf=AUTO, page=None, headers=None):
        """POST urlencoded fields; csrf=AUTO takes the hidden field of the
        form posting to path on page (default: path itself); csrf=None
        sends none; any other value is sent as is."""
        fields = dict(fields)
        if csrf is AUTO:
            page = page or FORM_PAGE.get(path, path)
            p = self.get(page)
            csrf = p.form_csrf(path.split("?")[0])
            if csrf is None:
                raise AssertionError("no csrf field for %s on %s (%d)" %
                                     (path, page, p.status))
        if csrf is not None:
            fields["csrf"] = csrf
        h = {"Content-Type": "application/x-www-form-urlencoded"}
        if headers:
            h.update(headers)
        return self.request("POST", path,
                            body=urllib.parse.urlencode(fields).encode(),
                            headers=h)

    def post_multipart(self, path, fields=(), files=None, csrf=AUTO,
                       page=None, headers=None):
        """POST multipart/form-data: fields is a list of (name, value)
        pairs (repeat a name for a list), files {name: (filename, bytes,
        content type)}; csrf as in post_form (added as a field)."""
        fields = list(fields.items()) if isinstance(fields, dict) \
            else list(fields)
        if csrf is AUTO:
            page = page or FORM_PAGE.get(path, path)
            p = self.get(page)
            csrf = p.form_csrf(path.split("?")[0])
            if csrf is None:
                raise AssertionError("no csrf field for %s on %s (%d)" %
                                     (path, page, p.status))
        if csrf is not None:
            fields.insert(0, ("csrf", csrf))
        body, ctype = multipart_body(fields, files or {})
        h = {"Content-Type": ctype}
        if headers:
            h.update(headers)
        return self.request("POST", path, body=body, headers=h)

    # -- JSON --------------------------------------------------------------

    def api_csrf(self):
        """The token a JSON caller sends: from /api/v1/me when logged in,
        else from /api/v1/csrf (which also sets the yj_csrf cookie)."""
        if "yj_session" in self.cookies:
            r = self.get("/api/v1/me")
            if r.status == 200:
                return r.json()["csrf"]
        r = self.get("/api/v1/csrf")
        if r.status != 200:
            raise AssertionError("GET /api/v1/csrf: %r" % r)
        return r.json()["csrf"]

    def post_json(self, path, obj, csrf=AUTO, raw=None, headers=None,
                  content_type="application/json"):
        """POST obj as JSON (or raw bytes) with X-CSRF-Token."""
        h = {}
        if content_type is not None:
            h["Content-Type"] = content_type
        if csrf is AUTO:
            csrf = self.api_csrf()
        if csrf is not None:
            h["X-CSRF-Token"] = csrf
        if headers:
            h.update(headers)
        body = raw if raw is not None else json.dumps(obj).encode()
        return self.request("POST", path, body=body, headers=h)

    # -- the site's own steps ----------------------------------------------

    def register_api(self, name, account, password=PASSWORD,
                     track="carver", verify=True):
        """Register; then, unless verify is false, prove the account the
        way a person does: read the code the server sent (the console
        adapter's log line) and enter it. Returns the register answer."""
        r = self.post_json("/api/v1/register", {
            "name": name, "account": account, "password": password,
            "track": track, "consent": PRIVACY_VERSION})
        if verify and r.status == 201 and self.server is not None:
            self.verify_account(r.json()["user"]["account"])
        return r

    def verify_account(self, account, after=0):
        """Enter the code sent to account (this client is logged in)."""
        code = self.server.code_for(account, after=after)
        r = self.post_json("/api/v1/confirm", {"code": code})
        if r.status != 200 or not r.json()["user"]["verified"]:
            raise AssertionError("confirm %s: %r" % (account, r))
        return r

    def login_api(self, account, password=PASSWORD):
        return self.post_json("/api/v1/login",
                              {"account": account, "password": password})

    def login_form(self, account, password=PASSWORD):
        return self.post_form("/login",
                              {"account": account, "password": password})

    def logout_api(self):
        return self.post_json("/api/v1/logout", {})

    def me(self):
        return self.get("/api/v1/me")


def multipart_body(fields, files):
    """(body bytes, content type) of a multipart/form-data request."""
    boundary = "----yj" + secrets.token_hex(12)
    out = []
    for name, value in fields:
        if isinstance(value, int):
            value = str(value)
        if isinstance(value, str):
            value = value.encode("utf-8")
        out.append(("--%s\r\nContent-Disposition: form-data; "
                    "name=\"%s\"\r\n\r\n" % (boundary, name)).encode())
        out.append(value + b"\r\n")
    for name, (filename, data, ctype) in files.items():
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"; "
                    "filename=\"%s\"\r\nContent-Type: %s\r\n\r\n" % (
                        boundary, name, filename, ctype)).encode("utf-8"))
        out.append(data + b"\r\n")
    out.append(("--%s--\r\n" % boundary).encode())
    return b"".join(out), "multipart/form-data; boundary=" + boundary


def staff_user_count(client):
    """The number in <strong id="user-count"> on /staff/users."""
    r = client.get("/staff/users")
    if r.status != 200:
        raise AssertionError("GET /staff/users: %r" % r)
    m = re.search(r'<strong id="user-count">(\d+)</strong>', r.text)
    if not m:
        raise AssertionError("no user-count on /staff/users")
    return int(m.group(1))


def raw_exchange(port, data, timeout=10, half_close=False, send_all=True):
    """Send raw bytes on a fresh connection; return (status or None,
    everything received). Tolerates the server closing early."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    got = b""
    try:
        try:
            if send_all:
                s.sendall(data)
            else:
                s.send(data)
        except (BrokenPipeError, ConnectionResetError):
            pass
        if half_close:
            try:
                s.shutdown(socket.SHUT_WR)
            except OSError:
                pass
        while True:
            try:
                chunk = s.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not chunk:
                break
            got += chunk
            if b"\r\n\r\n" in got and not half_close:
                head, _, rest = got.partition(b"\r\n\r\n")
                m = re.search(rb"content-length:\s*(\d+)", head, re.I)
                if m and len(rest) >= int(m.group(1)):
                    break
    finally:
        s.close()
    m = re.match(rb"HTTP/1\.[01] (\d{3})", got)
    return (int(m.group(1)) if m else None), got


# ---------------------------------------------------------------------------

def user(name, role, track="carver", account=None):
    return {"name": name, "role": role,
            "track": None if role == "staff" else track,
            "account": account or new_phone()}


class ServerTestCase(unittest.TestCase):
    """A TestCase with its own server, started once for the class.

    Subclasses set `users` (a dict key -> user(...)); the accounts are in
    cls.accounts[key], the password is PASSWORD; class fixtures that need
    the server go in prepare(). tearDownClass fails the class when the
    server's log shows a crashed worker."""

    users = {}
    production = False
    workers = 2
    init = False            # `yujiang-admin init`: demo people and runs
    env = None              # extra environment for kore
    course_dirs = ()        # extra course directories synced before start
    extra_conf = ()         # extra top-level lines for kore.conf
    maxDiff = 4000

    @classmethod
    def setUpClass(cls):
        cls.fixture_users = {k: dict(v) for k, v in cls.users.items()}
        cls.accounts = {k: v["account"] for k, v in cls.fixture_users.items()}
        cls.server = Server(users=cls.fixture_users.values(),
                            workers=cls.workers, production=cls.production,
                            init=cls.init, env=cls.env,
                            extra_conf=cls.extra_conf,
                            course_dirs=(cls.course_dirs()
                                         if callable(cls.course_dirs)
                                         else cls.course_dirs))
        try:
            cls.server.start()
            cls.prepare()
        except BaseException:
            cls.server.stop(check=False)
            raise

    @classmethod
    def prepare(cls):
        """Per-class fixtures once the server runs (override)."""

    @classmethod
    def tearDownClass(cls):
        cls.server.stop(check=True)

    # -- helpers for tests -------------------------------------------------

    def client(self, **kw):
        return self.server.client(**kw)

    def logged_in(self, key, api=True, **kw):
        """A client logged in as fixture user key."""
        c = self.client(**kw)
        if api:
            r = c.login_api(self.accounts[key])
            self.assertEqual(r.status, 200, r)
        else:
            r = c.login_form(self.accounts[key])
            self.assertEqual(r.status, 303, r)
        return c

    def assertJSONError(self, r, status, code, message=None):
        self.assertEqual(r.status, status, r)
        self.assertTrue(r.header("content-type", "").startswith(
            "application/json"), r.headers)
        j = r.json()
        self.assertEqual(j.get("error"), code, j)
        self.assertIsInstance(j.get("message"), str)
        self.assertTrue(j["message"], j)
        if message is not None:
            self.assertEqual(j["message"], message)
        return j

    def assertRedirect(self, r, location, status=303):
        self.assertEqual(r.status, status, r)
        self.assertEqual(r.location, location, r.headers)

    def assertHealthy(self):
        r = self.client().get("/healthz")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json(), {"status": "ok"})


class WriterLock:
    """The store's writers' lock held by another process (see
    Server.hold_writer_lock()); release() lets it go, once."""

    def __init__(self, server):
        self.db = self.proc = None
        if server.pg_db is None:
            self.db = sqlite3.connect(server.db_path, isolation_level=None,
                                      timeout=10, check_same_thread=False)
            self.db.execute("BEGIN IMMEDIATE")
            return
        with open(os.path.join(ROOT, "src", "store", "sql_pg.h")) as f:
            key = re.search(r'#define PG_WRITER_LOCK\s+"(\d+)"',
                            f.read()).group(1)
        pg = pg_cluster()
        from pgserver import pg_bin         # on sys.path once it runs
        self.proc = subprocess.Popen(
            [pg_bin("psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
             "-h", "127.0.0.1", "-p", str(pg.port), "-U", "yujiang",
             server.pg_db], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True)
        self.proc.stdin.write("BEGIN;\nSELECT pg_advisory_xact_lock(%s);\n"
                              "\\echo held\n" % key)
        self.proc.stdin.flush()
        out = []
        while True:                 # the lock's row, then "held"
            line = self.proc.stdout.readline()
            if line == "" or line.strip() == "held":
                break
            out.append(line)
        if line == "":
            raise RuntimeError("psql did not take the lock: %s" %
                               "".join(out))

    def release(self):
        if self.db is not None:
            self.db.execute("ROLLBACK")
            self.db.close()
            self.db = None
        if self.proc is not None:
            self.proc.communicate("ROLLBACK;\n", timeout=30)
            self.proc = None


def random_token():
    return secrets.token_hex(32)
