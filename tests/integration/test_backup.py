"""`yujiang-admin backup` while the server takes writes (issue 12, item 4),
and the README's restore.

Before the fix the backup was SQLite's online backup stepped 256 pages at
a time, which starts again from the first page whenever another
connection writes: under steady writes it never finished. Now it copies
one read snapshot and checks the copy before it says so. The database
here is made a few MB large (training-log rows written straight into it)
so that the copy takes many of the old steps; apprentices keep logging
training through the real server's API, and a second process keeps
committing to the same file, for the whole backup.

The restore is the README's: the backup and keys/ copied into a new data
directory, the server started on it; a demo certificate verifies there
(the API's verdict and the QR's signature under the restored key) and
`audit verify` passes."""
import os
import shutil
import sqlite3
import subprocess
import tempfile
import threading
import time
import unittest

from cert_util import verify_api
from entry_util import day
from harness import (ADMIN, ENGINE, ROOT, Server, ServerTestCase, sqlite_only,
                     user)
from training_util import log, login, new_apprentice, new_master, take_on

# The backup must finish within this under load (the 20 MB copy takes
# about a second; the old code never finished).
BACKUP_LIMIT = 60
FILL_ROWS = 40000           # ~20 MB of training-log rows
NOTE = "练习浮雕打坯，师傅示范了走刀与分层。" * 12


def admin(*args, timeout=BACKUP_LIMIT):
    """(exit status, stdout, stderr, seconds); exit None when killed
    after timeout seconds."""
    t0 = time.monotonic()
    p = subprocess.Popen([ADMIN] + list(args), cwd=ROOT, text=True,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = p.communicate(timeout=timeout)
        rc = p.returncode
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = p.communicate()
        rc = None
    return rc, out, err, time.monotonic() - t0


def sqlite_rows(path, query):
    con = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


class Load:
    """Writers for the length of a with block: apprentices logging
    training through the server's API (one thread each) and one thread
    committing straight to the database file, as another process would.
    `api` and `direct` count their successful writes."""

    def __init__(self, server, apprentices, mentorship):
        self.server = server
        self.apprentices = apprentices
        self.mentorship = mentorship    # (apprentice, master, id)
        self.stop = threading.Event()
        self.api = 0
        self.direct = 0
        self.errors = []
        self.lock = threading.Lock()

    def _api(self, a):
        k = 0
        while not self.stop.is_set():
            k += 1
            # One hour on a day further back each time: never a full day.
            r = log(a, day(-k), "1", notes="backup load %d" % k)
            with self.lock:
                if r.status == 201:
                    self.api += 1
                else:
                    self.errors.append(r)

    def _direct(self):
        con = sqlite3.connect(self.server.db_path, timeout=30,
                              isolation_level=None)
        try:
            while not self.stop.is_set():
                con.execute(
                    "INSERT INTO training_log (apprentice, master, "
                    "mentorship, day, minutes, skill, notes, created) "
                    "VALUES (?, ?, ?, '2020-01-01', 30, 'carving', "
                    "'direct', strftime('%s'))", self.mentorship)
                self.direct += 1
                time.sleep(0.002)
        finally:
            con.close()

    def __enter__(self):
        self.threads = [threading.Thread(target=self._api, args=(a,))
                        for a in self.apprentices]
        self.threads.append(threading.Thread(target=self._direct))
        for t in self.threads:
            t.start()
        # Writing has begun before the backup does.
        deadline = time.time() + 20
        while (self.api < 3 or self.direct < 3) and time.time() < deadline:
            time.sleep(0.05)
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for t in self.threads:
            t.join()

    def writes(self):
        with self.lock:
            return self.api + self.direct


@sqlite_only("the online backup of the SQLite file and its restore "
             "(PostgreSQL has its own tools: docs/postgresql.md)")
class BackupTest(ServerTestCase):
    init = True         # the demo's certificates and competitions
    users = {"staff": user("周站长", "staff")}

    @classmethod
    def prepare(cls):
        cls.staff = login(cls.server, cls.accounts["staff"])
        cls.apprentices = []
        for i in range(3):
            m = new_master(cls.server, cls.staff, "备份师傅%d" % i)
            a = new_apprentice(cls.server, "备份学员%d" % i)
            take_on(a, m)
            cls.apprentices.append(a)
        con = sqlite3.connect(cls.server.db_path, timeout=30)
        try:
            cls.mentorship = con.execute(
                "SELECT apprentice, master, id FROM mentorships WHERE "
                "status = 'active' ORDER BY id LIMIT 1").fetchone()
            # Years of a busy station's training log, written at once.
            con.execute(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
                "FROM n WHERE i < ?) INSERT INTO training_log (apprentice, "
                "master, mentorship, day, minutes, skill, notes, status, "
                "created) SELECT ?, ?, ?, date('2015-01-01', '+' || "
                "(i % 3000) || ' days'), 60, 'carving', ? || i, "
                "'confirmed', 1700000000 FROM n",
                (FILL_ROWS,) + cls.mentorship + (NOTE,))
            con.commit()
        finally:
            con.close()
        cls.work = tempfile.mkdtemp(prefix="yj-backup.", dir="/tmp")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.work, ignore_errors=True)
        super().tearDownClass()

    def live_count(self):
        return int(self.server.sql("SELECT count(*) FROM training_log")[0][0])

    def backup_under_load(self, name):
        """Back up while writers run; the copy's path and the facts."""
        dest = os.path.join(self.work, name)
        with Load(self.server, self.apprentices, self.mentorship) as load:
            before_rows = self.live_count()
            before_writes = load.writes()
            rc, out, err, secs = admin("-d", self.server.dir, "backup", dest)
            during = load.writes() - before_writes
            after_rows = self.live_count()
        self.assertEqual(load.errors, [])
        self.assertIsNotNone(rc, "backup did not finish in %d s with "
                             "writes going on (%d writes meanwhile)" %
                             (BACKUP_LIMIT, during))
        self.assertEqual(rc, 0, out + err)
        # The load really was on while the backup ran.
        self.assertGreater(during, 5, (secs, out))
        return dest, out, secs, before_rows, after_rows

    def test_backup_finishes_under_writes_and_is_checked(self):
        size = os.path.getsize(self.server.db_path)
        self.assertGreater(size, 15 << 20)
        dest, out, secs, before, after = self.backup_under_load("load.db")
        self.assertIn("integrity ok", out)
        self.assertIn("backed up to %s" % dest, out)
        # The copy on its own: whole, the schema of the database, one
        # moment of it (between the counts before and after), private,
        # a single file, and nothing left beside it.
        self.assertEqual(sqlite_rows(dest, "PRAGMA integrity_check"),
                         [("ok",)])
        self.assertEqual(sqlite_rows(dest, "PRAGMA foreign_key_check"), [])
        self.assertEqual(sqlite_rows(dest, "PRAGMA user_version"),
                         sqlite_rows(self.server.db_path,
                                     "PRAGMA user_version"))
        rows = sqlite_rows(dest, "SELECT count(*) FROM training_log")[0][0]
        self.assertGreaterEqual(rows, before)
        self.assertLessEqual(rows, after)
        self.assertGreater(after, before)
        self.assertIn("%d rows" % sum(
            sqlite_rows(dest, 'SELECT count(*) FROM "%s"' % t)[0][0]
            for (t,) in sqlite_rows(dest, "SELECT name FROM sqlite_schema "
                                          "WHERE type = 'table'")), out)
        self.assertEqual(os.stat(dest).st_mode & 0o777, 0o600)
        self.assertEqual(sqlite_rows(dest, "PRAGMA journal_mode"),
                         [("delete",)])
        self.assertEqual(sorted(os.listdir(self.work)), ["load.db"])

    def test_restore_serves_verifies_and_audits(self):
        dest, _, _, _, _ = self.backup_under_load("restore.db")
        cert = next(c for c in self.staff.get("/api/v1/certs").json()
                    ["certificates"] if c["status"] == "valid")
        key = self.client().get("/api/v1/keys").json()
        # The README's restore: the copy as yujiang.db, keys/ beside it.
        data = tempfile.mkdtemp(prefix="yj-restored.", dir="/tmp")
        shutil.copy2(dest, os.path.join(data, "yujiang.db"))
        shutil.copytree(os.path.join(self.server.dir, "keys"),
                        os.path.join(data, "keys"))
        restored = Server(data=data, env={"YUJIANG_PUBLIC_URL":
                                          self.server.base})
        try:
            restored.start()
            c = restored.client()
            r = verify_api(c, cert["code"])
            self.assertEqual(r.status, 200, r)
            j = r.json()
            self.assertEqual(j["status"], "valid", j)
            self.assertEqual((j["certificate"]["serial"],
                              j["certificate"]["holder"]),
                             (cert["serial"], cert["holder"]), j)
            self.assertEqual(c.get("/api/v1/keys").json(), key)
            # The QR's signature, checked offline with the restored key.
            rc, out, err, _ = admin("-d", data, "verify", cert["qr"])
            self.assertEqual(rc, 0, out + err)
            rc, out, err, _ = admin("-d", data, "audit", "verify")
            self.assertEqual(rc, 0, out + err)
            # The restored station takes writes again.
            a = new_apprentice(restored, "恢复后学员")
            self.assertEqual(a.training()["mentorships"], [])
        finally:
            restored.stop()

    def test_failed_backup_says_so_and_leaves_nothing(self):
        d = os.path.join(self.work, "fail")
        os.mkdir(d)
        dest = os.path.join(d, "missing", "x.db")
        rc, out, err, _ = admin("-d", self.server.dir, "backup", dest)
        self.assertEqual(rc, 1, out + err)
        self.assertIn("backup failed", err)
        self.assertIn(dest, err)
        self.assertEqual(out, "")
        # The live database is never overwritten by its own copy.
        rc, out, err, _ = admin("-d", self.server.dir, "backup",
                                self.server.db_path)
        self.assertEqual(rc, 1, out + err)
        self.assertEqual(os.listdir(d), [])
        self.assertEqual(sqlite_rows(self.server.db_path,
                                     "PRAGMA integrity_check"), [("ok",)])


@unittest.skipIf(ENGINE != "postgresql", "the store on PostgreSQL: "
                 "BackupTest is SQLite's")
class BackupOnPostgresTest(ServerTestCase):
    """On PostgreSQL `backup` is not the tool: it refuses with the one to
    use (pg_dump), exit 1, writes no file, and the server serves on."""
    users = {"staff": user("周站长", "staff")}

    def test_backup_refuses_and_names_pg_dump(self):
        d = tempfile.mkdtemp(prefix="yj-pgbackup.")
        try:
            dest = os.path.join(d, "x.db")
            rc, out, err, _ = admin("-d", self.server.dir, "backup", dest)
            self.assertEqual(rc, 1, out + err)
            self.assertIn("backup failed", err)
            self.assertIn("pg_dump", err)
            self.assertEqual(out, "")
            self.assertEqual(os.listdir(d), [])
        finally:
            shutil.rmtree(d, ignore_errors=True)
        self.assertHealthy()
