#!/usr/bin/env python3
# SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors.
"""
test_migrate_to.py: moving a town (issue 18, item 4) on a real
PostgreSQL 15 started by the test itself (pgserver.py) and removed after.

A data directory made by `yujiang-admin init` (the demo: people,
competitions, certificates, a score log) is moved with
`yujiang-admin -d DIR migrate-to postgresql://...`, then:
- every table holds as many rows on PostgreSQL as in SQLite (sqlite3 on
  one side, psql on the other, table by table, the same set of tables);
- the SQLite file is byte for byte what it was, its mtime too, and no
  file beside it appeared (it was opened read-only);
- `migrate-check` passes; a second migrate-to into the now non-empty
  database is refused (exit 1, "not empty") and changes nothing;
- a URI that is not postgresql://, and a server that does not answer,
  end with a clear message and a non-zero exit; a database that holds any
  table (not Yujiang's) is refused too;
- the moved database serves: a Yujiang server on it (YUJIANG_DB, the
  data directory's copy without its yujiang.db) verifies a known
  certificate and reports a revoked one as revoked, and a new user added
  through the store gets the id after SQLite's highest (the identity
  sequences were moved on);
- a row PostgreSQL refuses (text that is not UTF-8) fails the move with
  the table named, and the database is left empty (one transaction);
- a change made on PostgreSQL after the move makes migrate-check fail,
  naming the table.

Needs `make all` (build/yujiang-admin and the module). Ends with
"N passed, N failed" for tests/run.sh.
"""
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
import pgserver  # noqa: E402

ADMIN = os.path.join(ROOT, "build", "yujiang-admin")

tally = pgserver.Tally()
result = tally.check


def admin(data, *args, env=None):
    e = dict(os.environ)
    e.pop("YUJIANG_DB", None)
    e.update(env or {})
    return subprocess.run([ADMIN, "-d", data] + list(args), text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          env=e, timeout=300)


def sqlite_counts(path):
    """Row counts of SQLite's tables (its own and FTS5's shadows aside)."""
    con = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    names = [r[0] for r in con.execute(
        "SELECT name FROM pragma_table_list WHERE schema = 'main' AND "
        "type IN ('table', 'virtual') AND name NOT LIKE 'sqlite\\_%' "
        "ESCAPE '\\'")]
    counts = {n: con.execute('SELECT count(*) FROM "%s"' % n).fetchone()[0]
              for n in names}
    con.close()
    return counts


def pg_counts(pg):
    """Row counts of PostgreSQL's tables (schema_version aside)."""
    names = pg.psql("SELECT relname FROM pg_class c JOIN pg_namespace n "
                    "ON n.oid = c.relnamespace WHERE n.nspname = 'public' "
                    "AND c.relkind = 'r' AND relname <> 'schema_version'"
                    ).split()
    sql = " UNION ALL ".join("SELECT '%s', count(*) FROM \"%s\"" % (n, n)
                             for n in names)
    out = {}
    for line in pg.psql(sql + ";").splitlines():
        name, n = line.split("|")
        out[name] = int(n)
    return out


def file_state(path):
    """The database file's digest, mtime and size, and its write-ahead
    log's size (0 when there is none). A read-only connection to a WAL
    database may leave an empty -wal and the -shm index beside it (SQLite
    makes them to read; only a writer puts pages in the -wal): the test
    asks that the -wal hold nothing."""
    st = os.stat(path)
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    try:
        wal = os.stat(path + "-wal").st_size
    except FileNotFoundError:
        wal = 0
    return digest, st.st_mtime_ns, st.st_size, wal


def serve_check(pg, data):
    """A server on the moved database: a known certificate verifies, a
    revoked one is revoked, a new user gets the next id."""
    from harness import Server

    con = sqlite3.connect("file:%s/yujiang.db?mode=ro" % data, uri=True)
    good = con.execute("SELECT code, holder FROM certificates WHERE "
                       "current = 1 AND revoked IS NULL AND suspended IS "
                       "NULL ORDER BY id LIMIT 1").fetchone()
    last_user = con.execute("SELECT max(id) FROM users").fetchone()[0]
    con.close()
    # The server's data directory: the files, not the SQLite database.
    serve = tempfile.mkdtemp(prefix="yj-mig-serve.", dir="/tmp")
    shutil.rmtree(serve)
    shutil.copytree(data, serve, symlinks=True)
    os.unlink(os.path.join(serve, "yujiang.db"))
    env = {"YUJIANG_DB": pg.dsn}
    srv = Server(data=serve, env=env)
    try:
        srv.start(timeout=60)
        r = srv.client().get("/api/v1/verify/" + good[0])
        body = r.json() if r.status == 200 else {}
        text = r.text
        result("the moved database serves: a known certificate verifies",
               r.status == 200 and body.get("status") == "valid" and
               body.get("certificate", {}).get("holder") == good[1],
               "%d %s" % (r.status, text[:300]))
        # Revoke it on PostgreSQL itself: the server reads PostgreSQL.
        pg.psql("UPDATE certificates SET revoked = 1, revoked_reason = "
                "'test', revoked_by = 1 WHERE code = '%s'" % good[0])
        r = srv.client().get("/api/v1/verify/" + good[0])
        result("a revocation written on PostgreSQL is what it verifies",
               r.status == 200 and r.json().get("status") == "revoked",
               r.text[:300])
        srv.stop()
    except Exception as e:  # noqa: BLE001
        result("the moved database serves", False, repr(e)[:2000])
        try:
            srv.stop(check=False)
        except Exception:  # noqa: BLE001
            pass
    r = admin(serve, "user", "add", "--name", "迁移", "--account",
              "13900139999", "--role", "staff", env=env)
    got = pg.psql("SELECT id FROM users WHERE account = '13900139999'")
    result("a new user on the moved database gets the id after SQLite's "
           "highest", r.returncode == 0 and got.strip() == str(last_user + 1),
           "exit %d, %s%s; id %r, SQLite's highest %d" % (
               r.returncode, r.stdout[-300:], r.stderr[-300:], got,
               last_user))
    shutil.rmtree(serve, ignore_errors=True)


def main():
    if not pgserver.available():
        print("skip: PostgreSQL 15 is not installed (apt-get install "
              "postgresql)")
        print("0 passed, 0 failed")
        return 0
    if not os.access(ADMIN, os.X_OK):
        print("build/yujiang-admin is missing: make all")
        print("0 passed, 1 failed")
        return 1
    top = tempfile.mkdtemp(prefix="yj-migrate.", dir="/tmp")
    os.chmod(top, 0o755)
    data = os.path.join(top, "data")
    db = os.path.join(data, "yujiang.db")
    try:
        r = admin(data, "init")
        if r.returncode != 0:
            result("init", False, r.stderr[-1000:])
            return 1
        with pgserver.PgServer() as pg:
            run(pg, data, db)
    finally:
        shutil.rmtree(top, ignore_errors=True)
    return tally.end()


def run(pg, data, db):
    before = file_state(db)
    lite = sqlite_counts(db)

    r = admin(data, "migrate-to", "mysql://x@127.0.0.1/y")
    result("a URI that is not postgresql:// is refused, clearly",
           r.returncode != 0 and "not a PostgreSQL URI" in r.stderr,
           "exit %d: %s" % (r.returncode, r.stderr))
    port = pgserver.free_port()
    r = admin(data, "migrate-to",
              "postgresql://yujiang@127.0.0.1:%d/yujiang" % port)
    result("a server that does not answer: a clear error, non-zero exit",
           r.returncode != 0 and "cannot connect to PostgreSQL" in
           r.stderr and "refused" in r.stderr,
           "exit %d: %s" % (r.returncode, r.stderr))

    # A database holding a table of its own is not empty.
    pg.psql("CREATE DATABASE other OWNER yujiang", user="postgres",
            db="postgres")
    pg.psql("CREATE TABLE notes (x int)", db="other")
    other = pg.dsn.rsplit("/", 1)[0] + "/other"
    r = admin(data, "migrate-to", other)
    left = pg.psql("SELECT count(*) FROM pg_class c JOIN pg_namespace n "
                   "ON n.oid = c.relnamespace WHERE n.nspname = 'public'",
                   db="other").strip()
    result("a database that holds any table is refused, left as it was",
           r.returncode == 1 and "not empty" in r.stderr and
           "notes" in r.stderr and left == "1",
           "exit %d: %s; %s relations" % (r.returncode, r.stderr, left))

    # A row PostgreSQL refuses (text that is not UTF-8), late in the
    # copy: the move fails and leaves the database as empty as it was.
    bad = os.path.join(os.path.dirname(data), "bad")
    shutil.copytree(data, bad, symlinks=True)
    con = sqlite3.connect(os.path.join(bad, "yujiang.db"))
    con.execute("UPDATE job_postings SET description = CAST(X'ff41' AS "
                "TEXT) WHERE id = (SELECT max(id) FROM job_postings)")
    con.commit()
    con.close()
    pg.psql("CREATE DATABASE fails OWNER yujiang ENCODING 'UTF8'",
            user="postgres", db="postgres")
    r = admin(bad, "migrate-to", pg.dsn.rsplit("/", 1)[0] + "/fails")
    left = pg.psql("SELECT count(*) FROM pg_class c JOIN pg_namespace n "
                   "ON n.oid = c.relnamespace WHERE n.nspname = 'public'",
                   db="fails").strip()
    result("a row PostgreSQL refuses: exit 3, the table named, the "
           "database left empty",
           r.returncode == 3 and "job_postings" in r.stderr and
           "rolled back" in r.stderr and left == "0",
           "exit %d: %s; %s relations left" % (r.returncode,
                                               r.stderr[-800:], left))

    r = admin(data, "migrate-to", pg.dsn)
    result("migrate-to into an empty database succeeds",
           r.returncode == 0 and "committed" in r.stdout and
           "hash chain recomputed on PostgreSQL holds" in r.stdout,
           "exit %d: %s\n%s" % (r.returncode, r.stdout[-1500:],
                                r.stderr[-1500:]))
    result("migrate-to never prints the URI", pg.dsn not in r.stdout +
           r.stderr, "")
    moved = pg_counts(pg)
    diff = {t: (lite.get(t), moved.get(t)) for t in set(lite) | set(moved)
            if lite.get(t) != moved.get(t)}
    result("every table's row count is SQLite's (%d tables, %d rows)" %
           (len(lite), sum(lite.values())),
           not diff and len(lite) > 40 and lite["score_log"] > 0 and
           lite["certificates"] > 0 and lite["users"] > 0,
           "differ: %r" % diff)
    result("the SQLite file is untouched (bytes, mtime, nothing in its -wal)",
           file_state(db) == before, "%r != %r" % (file_state(db), before))

    r = admin(data, "migrate-check", pg.dsn)
    result("migrate-check passes on the copy",
           r.returncode == 0 and "holds this town's data" in r.stdout and
           "audited on PostgreSQL" in r.stdout,
           "exit %d: %s %s" % (r.returncode, r.stdout[-800:],
                               r.stderr[-800:]))

    r = admin(data, "migrate-to", pg.dsn)
    result("a second migrate-to into the now non-empty database is refused",
           r.returncode == 1 and "not empty" in r.stderr and
           pg_counts(pg) == moved,
           "exit %d: %s" % (r.returncode, r.stderr))

    serve_check(pg, data)

    r = admin(data, "migrate-check", pg.dsn)
    result("after a change on PostgreSQL, migrate-check names the table",
           r.returncode == 4 and "table certificates differs" in r.stderr,
           "exit %d: %s %s" % (r.returncode, r.stdout[-500:],
                               r.stderr[-800:]))
    result("the SQLite file is still untouched at the end",
           file_state(db) == before, "%r != %r" % (file_state(db), before))


if __name__ == "__main__":
    sys.exit(main())
