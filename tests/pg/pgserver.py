#!/usr/bin/env python3
# SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors.
"""
pgserver.py: a throw-away PostgreSQL 15 for the tests (issue 18).

initdb into a directory of its own, pg_ctl start on a free 127.0.0.1 port
with the unix socket inside that directory, an application role and
database, and the DSN `postgresql://yujiang@127.0.0.1:PORT/yujiang`.
Nothing is kept: stop() (also run at exit, on SIGTERM and SIGINT, and when
start() itself fails) stops the server and removes the directory.

The cluster runs as an unprivileged user: the user running the tests
when that is not root; under root, `postgres` — the system user Debian's
postgresql package creates, so the harness creates no user and leaves
none behind — or `nobody` when that package's user is missing. The
server is never started as root (PostgreSQL refuses to).

Speed over durability (a test database): fsync, synchronous_commit and
full_page_writes off. Authentication is `trust` for the loopback and the
socket only: the server listens on 127.0.0.1 and the socket directory is
the cluster's own (mode 0700).

The cluster is made with --locale=C.UTF-8 --encoding=UTF8: byte order for
ORDER BY on text (as SQLite's BINARY collation), and a character class
table that knows CJK letters (pg_trgm makes trigrams of them; see
test_pg_sql.py's course search check).

As a module:
    with PgServer() as pg:
        pg.dsn, pg.psql("SELECT 1")
As a program:
    pgserver.py start DIR   # prints the DSN; DIR must not exist or be empty
    pgserver.py stop DIR    # stops it and removes DIR
"""
import atexit
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

PG_BIN = os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin")
APP_ROLE = "yujiang"
APP_DB = "yujiang"


def pg_bin(name):
    """The path of PostgreSQL program name, or None when not installed."""
    p = os.path.join(PG_BIN, name)
    return p if os.access(p, os.X_OK) else None


def available():
    """Whether initdb and pg_ctl are installed."""
    return pg_bin("initdb") is not None and pg_bin("pg_ctl") is not None


def run_user():
    """The pwd entry the cluster runs as (see the module's comment)."""
    if os.geteuid() != 0:
        return pwd.getpwuid(os.geteuid())
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            pass
    raise RuntimeError("no unprivileged user to run PostgreSQL as")


def free_port():
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Tally:
    """The TAP-like lines of a tests/pg script and its closing line
    "N passed, N failed" for tests/run.sh."""

    def __init__(self):
        self.passed = self.failed = 0

    def check(self, name, ok, why=""):
        """Count and print one check: ok, or not ok with why."""
        if ok:
            self.passed += 1
            print("ok - %s" % name)
        else:
            self.failed += 1
            print("not ok - %s: %s" % (name, why))

    def end(self):
        """Print the closing line; the script's exit status."""
        print("%d passed, %d failed" % (self.passed, self.failed))
        return 1 if self.failed else 0


class PgServer:
    """One cluster in its own directory; see the module's comment."""

    def __init__(self, directory=None):
        self.own_dir = directory is None
        self.dir = directory
        self.port = None
        self.dsn = None
        self.started = False
        self.seconds = None	# how long start() took
        self.user = run_user()

    # The paths inside the cluster's directory.
    def _p(self, *names):
        return os.path.join(self.dir, *names)

    def _as_user(self, argv, **kw):
        """Run argv as the cluster's user; raises with its output on
        failure."""
        env = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8",
                   HOME=self.dir, PGHOST=self._p("sock"))
        kw.setdefault("stdout", subprocess.PIPE)
        kw.setdefault("stderr", subprocess.STDOUT)
        if os.geteuid() == 0:
            kw.update(user=self.user.pw_uid, group=self.user.pw_gid,
                      extra_groups=[])
        r = subprocess.run(argv, env=env, cwd=self.dir, text=True, **kw)
        if r.returncode != 0:
            raise RuntimeError("%s failed (exit %d):\n%s" %
                               (" ".join(argv), r.returncode, r.stdout))
        return r.stdout

    def start(self):
        """initdb, start, create the role and database; returns the
        DSN. On any failure the cluster is stopped and removed."""
        if not available():
            raise RuntimeError("PostgreSQL is not installed (%s)" % PG_BIN)
        t0 = time.monotonic()
        if self.own_dir:
            self.dir = tempfile.mkdtemp(prefix="yujiang-pg-")
        else:
            os.makedirs(self.dir, exist_ok=True)
            if os.listdir(self.dir):
                raise RuntimeError("%s is not empty" % self.dir)
        self.dir = os.path.abspath(self.dir)
        atexit.register(self.stop)
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        self.seconds = time.monotonic() - t0
        return self.dsn

    def _start(self):
        os.chmod(self.dir, 0o700)
        os.chown(self.dir, self.user.pw_uid, self.user.pw_gid)
        os.mkdir(self._p("sock"), 0o700)
        os.chown(self._p("sock"), self.user.pw_uid, self.user.pw_gid)
        self._as_user([pg_bin("initdb"), "-D", self._p("data"),
                       "--locale=C.UTF-8", "--encoding=UTF8",
                       "--auth=trust", "-U", "postgres", "--no-sync"])
        opts = ("-c listen_addresses=127.0.0.1 -c unix_socket_directories=%s"
                " -c fsync=off -c synchronous_commit=off"
                " -c full_page_writes=off -c max_connections=200"
                % self._p("sock"))
        for attempt in range(5):
            self.port = free_port()
            try:
                self._as_user([pg_bin("pg_ctl"), "-D", self._p("data"),
                               "-l", self._p("log"), "-w", "-t", "60",
                               "-o", "%s -p %d" % (opts, self.port),
                               "start"])
                break
            except RuntimeError:
                if attempt == 4:
                    raise RuntimeError("pg_ctl start failed:\n" +
                                       self.log())
        self.started = True
        self.psql("CREATE ROLE %s LOGIN" % APP_ROLE, user="postgres",
                  db="postgres")
        self.psql("CREATE DATABASE %s OWNER %s ENCODING 'UTF8'" %
                  (APP_DB, APP_ROLE), user="postgres", db="postgres")
        self.dsn = "postgresql://%s@127.0.0.1:%d/%s" % (APP_ROLE, self.port,
                                                       APP_DB)

    def log(self):
        """The server's log so far."""
        try:
            with open(self._p("log"), encoding="utf-8",
                      errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def psql(self, sql, user=APP_ROLE, db=APP_DB, check=True, sep="|"):
        """Run sql through psql over the socket (ON_ERROR_STOP); returns
        its output, unaligned (fields separated by sep) and without
        headers. Notices are not shown: only warnings and errors."""
        argv = [pg_bin("psql") or "psql", "-X", "-q", "-A", "-t",
                "-F", sep, "-v", "ON_ERROR_STOP=1", "-h", self._p("sock"),
                "-p", str(self.port), "-U", user, "-d", db]
        r = subprocess.run(argv, input=sql, text=True,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           env=dict(os.environ, PGOPTIONS="-c "
                                    "client_min_messages=warning"))
        if check and r.returncode != 0:
            raise RuntimeError("psql failed: %s\n%s" % (r.stdout, sql[:400]))
        return r.stdout

    def stop(self):
        """Stop the server (immediately: nothing in it is kept) and remove
        its directory. Safe to call twice."""
        if self.dir is None:
            return
        if self.started or os.path.exists(self._p("data", "postmaster.pid")):
            try:
                self._as_user([pg_bin("pg_ctl"), "-D", self._p("data"),
                               "-m", "immediate", "-w", "stop"])
            except (RuntimeError, OSError):
                pass
            self.started = False
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
        return False


def _stop_on_signal(signum, frame):
    sys.exit(128 + signum)	# atexit then stops the server


def main(argv):
    if len(argv) != 3 or argv[1] not in ("start", "stop"):
        print("usage: pgserver.py start DIR | stop DIR", file=sys.stderr)
        return 2
    pg = PgServer(argv[2])
    if argv[1] == "start":
        pg.start()
        atexit.unregister(pg.stop)	# it outlives this program
        with open(os.path.join(pg.dir, "port"), "w") as f:
            f.write("%d\n" % pg.port)
        os.chown(os.path.join(pg.dir, "port"), pg.user.pw_uid,
                 pg.user.pw_gid)
        print(pg.dsn)
        return 0
    pg.dir = os.path.abspath(argv[2])
    if not os.path.isdir(pg.dir):
        print("%s: no cluster" % pg.dir, file=sys.stderr)
        return 1
    pg.started = True
    pg.stop()
    return 0


for _sig in (signal.SIGTERM, signal.SIGINT):
    if signal.getsignal(_sig) in (signal.SIG_DFL, signal.default_int_handler):
        signal.signal(_sig, _stop_on_signal)

if __name__ == "__main__":
    sys.exit(main(sys.argv))
