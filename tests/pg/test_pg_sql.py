#!/usr/bin/env python3
# SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors.
"""
test_pg_sql.py: the store's schema and statements on a real PostgreSQL 15
(issue 18), started by the test itself (pgserver.py) and removed after.

- The PostgreSQL schema (schema_pg.c) applies, twice without harm, and
  stands at the version SQLite's migrations reach (a migration added to
  schema.c without its PostgreSQL text fails here).
- Its tables and columns (names, order, NOT NULL, primary keys) and index
  names are those of a SQLite database made by the current code.
- Every statement of enum stmt prepares on PostgreSQL with SQLite's
  parameter and column counts and no boolean/numeric/float column
  (pgprep check); a failure names the statement and PostgreSQL's error.
- On real rows: the trigger-kept counts equal count(*) after inserts,
  updates and deletes; an event waits for its certificate and waits
  again when the certificate is retired; the course search finds a
  Chinese title by a 2- and a 3-character substring, ignores case and
  takes % literally; upserts run twice keep one row; the score log, its
  signatures and the audit trail refuse UPDATE and DELETE (SQLSTATE
  23514); RETURNING id gives the new row's id; the writers' BEGIN holds
  the advisory lock another writer waits for (55P03 under lock_timeout).

Needs `make build/yujiang-admin build/pg/pgprep` (make test-pg-sql).
Ends with "N passed, N failed" for tests/run.sh.
"""
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import pgserver  # noqa: E402

PGPREP = os.path.join(ROOT, "build", "pg", "pgprep")
ADMIN = os.path.join(ROOT, "build", "yujiang-admin")

tally = pgserver.Tally()
result = tally.check


def stmt_names():
    """enum stmt's names in order (src/store/db_int.h)."""
    with open(os.path.join(ROOT, "src", "store", "db_int.h")) as f:
        src = f.read()
    body = src[src.index("enum stmt {"):src.index("ST__COUNT")]
    return re.findall(r"\b(ST_\w+)", body)


NAMES = stmt_names()


def pg_text(name):
    """The PostgreSQL text of statement name (sql_pg_text)."""
    return subprocess.run([PGPREP, "text", str(NAMES.index(name))],
                          check=True, stdout=subprocess.PIPE,
                          text=True).stdout.strip()


def lit(v):
    if v is None:
        return "NULL"
    if isinstance(v, int):
        return "'%d'" % v
    return "'" + str(v).replace("'", "''") + "'"


def run_stmt(pg, name, *args, check=True):
    """Run statement name with args as the engine would (prepared, the
    parameters untyped); its rows as lists of text."""
    sql = "PREPARE p AS %s;\n" % pg_text(name)
    sql += "EXECUTE p%s;\n" % ("(%s)" % ", ".join(map(lit, args))
                               if args else "")
    out = pg.psql(sql, check=check)
    return [r.split("|") for r in out.splitlines() if r != ""]


def sqlstate_of(pg, sql):
    """The SQLSTATE of sql's error, or None when it succeeds."""
    out = pg.psql("\\set VERBOSITY verbose\n" + sql, check=False)
    m = re.search(r"ERROR:\s+([0-9A-Z]{5}):", out)
    return m.group(1) if m else None


def one(pg, sql):
    return pg.psql(sql).strip()


# ---------------------------------------------------------------------

def sqlite_shape(path):
    """{table: [(column, notnull, pk)]} and the index names of the SQLite
    database at path (FTS5's shadow tables left out: they are its
    implementation, not the schema)."""
    c = sqlite3.connect(path)
    tables = {}
    for (t,) in c.execute("SELECT name FROM sqlite_schema WHERE type = "
                          "'table' AND name NOT LIKE 'sqlite_%' AND name "
                          "NOT LIKE 'course_search_%' ORDER BY name"):
        cols = []
        for _, name, _, notnull, _, pk in c.execute(
                "PRAGMA table_info(%s)" % t):
            # SQLite's INTEGER PRIMARY KEY is NOT NULL (the rowid)
            cols.append((name, bool(notnull or pk), pk > 0))
        tables[t] = cols
    idx = {r[0] for r in c.execute(
        "SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS "
        "NOT NULL")}
    c.close()
    return tables, idx


def pg_shape(pg):
    tables = {}
    out = pg.psql(
        "SELECT c.table_name, c.column_name, c.is_nullable = 'NO', "
        "EXISTS (SELECT 1 FROM information_schema.table_constraints t "
        "JOIN information_schema.key_column_usage k ON k.constraint_name "
        "= t.constraint_name AND k.table_name = t.table_name WHERE "
        "t.constraint_type = 'PRIMARY KEY' AND t.table_name = "
        "c.table_name AND k.column_name = c.column_name) FROM "
        "information_schema.columns c WHERE c.table_schema = 'public' "
        "AND c.table_name <> 'schema_version' ORDER BY c.table_name, "
        "c.ordinal_position")
    for line in out.splitlines():
        t, col, notnull, pk = line.split("|")
        tables.setdefault(t, []).append((col, notnull == "t", pk == "t"))
    idx = set(pg.psql("SELECT indexname FROM pg_indexes WHERE schemaname "
                      "= 'public'").split())
    return tables, idx


def test_schema(pg, sqlite_db):
    dsn = pg.dsn
    r = subprocess.run([PGPREP, "schema", dsn], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    result("schema applies", r.returncode == 0, r.stdout)
    if r.returncode != 0:
        return False
    r2 = subprocess.run([PGPREP, "schema", dsn], stdout=subprocess.PIPE,
                        stderr=subprocess.STDOUT, text=True)
    result("schema applied again changes nothing",
           r2.returncode == 0 and r2.stdout == r.stdout,
           r2.stdout)
    latest = subprocess.run([PGPREP, "latest"], stdout=subprocess.PIPE,
                            text=True).stdout.strip()
    c = sqlite3.connect(sqlite_db)
    uv = c.execute("PRAGMA user_version").fetchone()[0]
    c.close()
    result("PostgreSQL schema version is SQLite's (every migration has "
           "both texts)", latest == str(uv) == r.stdout.strip(),
           "schema_pg_latest %s, schema_version %s, SQLite user_version %d"
           % (latest, r.stdout.strip(), uv))

    lt, li = sqlite_shape(sqlite_db)
    pt, pi = pg_shape(pg)
    why = []
    for t in sorted(set(lt) | set(pt)):
        if t not in pt:
            why.append("table %s missing in PostgreSQL" % t)
        elif t not in lt:
            why.append("table %s only in PostgreSQL" % t)
        elif lt[t] != pt[t]:
            why.append("%s: SQLite %s, PostgreSQL %s" % (t, lt[t], pt[t]))
    result("the same tables and columns (name, order, NOT NULL, primary "
           "key) on both engines", not why, "; ".join(why))
    missing = sorted(li - pi)
    result("every SQLite index is in PostgreSQL", not missing,
           ", ".join(missing))
    return True


def test_statements(pg, sqlite_db):
    r = subprocess.run([PGPREP, "check", pg.dsn, sqlite_db],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    bad = []
    seen = 0
    for line in r.stdout.splitlines():
        m = re.match(r"(ok|fail) (\d+)(?: (.*))?$", line)
        if not m:
            continue
        seen += 1
        if m.group(1) == "fail":
            bad.append("%s: %s" % (NAMES[int(m.group(2))], m.group(3)))
    summary = [l for l in r.stdout.splitlines()
               if l.startswith("statements")]
    print("# " + (summary[0] if summary else r.stdout[-300:]))
    result("all %d statements prepare on PostgreSQL with SQLite's "
           "parameters and columns" % len(NAMES),
           r.returncode == 0 and seen == len(NAMES) and not bad,
           "\n  ".join(bad) or r.stdout[-500:])


def make_user(pg, name, account, role, stage="entry"):
    rows = run_stmt(pg, "ST_USER_INSERT", name, account, "x", role,
                    "carver" if role == "apprentice" else None, 1000, 1000)
    uid = int(rows[0][0])
    if stage != "entry":
        one(pg, "UPDATE users SET stage = '%s' WHERE id = %d" % (stage, uid))
    return uid


def stages_kept_and_counted(pg):
    """The apprentices per stage as the trigger keeps them, and counted."""
    kept = one(pg, "SELECT string_agg(stage || '=' || n, ',' ORDER BY "
               "stage) FROM apprentice_stages")
    real = one(pg, "SELECT string_agg(stage || '=' || (SELECT count(*) "
               "FROM users u WHERE u.role = 'apprentice' AND u.stage = "
               "s.stage), ',' ORDER BY stage) FROM apprentice_stages s")
    return kept, real


def test_counts(pg):
    a = [make_user(pg, "学徒%d" % i, "1380000%04d" % i, "apprentice")
         for i in range(6)]
    m = make_user(pg, "师傅", "13900000001", "master")
    s = make_user(pg, "职员", "13900000002", "staff")
    one(pg, "UPDATE users SET stage = 'training' WHERE id IN (%d, %d)" %
        (a[0], a[1]))
    one(pg, "UPDATE users SET stage = 'incubation', role = 'apprentice' "
        "WHERE id = %d" % a[2])
    one(pg, "UPDATE users SET role = 'master' WHERE id = %d" % a[3])
    one(pg, "DELETE FROM users WHERE id = %d" % a[4])
    kept, real = stages_kept_and_counted(pg)
    result("apprentices per stage (trigger) equal count(*) after inserts, "
           "moves, a role change and a delete", kept == real,
           "kept %s, counted %s" % (kept, real))

    # The catalogue's version moves with a course, a run, an enrolment.
    v0 = int(one(pg, "SELECT n FROM catalogue_version"))
    for _ in range(2):	# an upsert run twice keeps one row
        run_stmt(pg, "ST_COURSE_UPSERT", "JD101", "和田玉镯雕刻",
                 "Hetian Jade Bangle Carving", "carver", "entry", 8, 4, 20,
                 60, 80, "master", "2026-01-01", "2026-12-31",
                 "玉镯的开料与雕刻", "jd101.md", 1)
    n = one(pg, "SELECT count(*) FROM courses WHERE code = 'JD101'")
    result("ST_COURSE_UPSERT run twice keeps one row", n == "1", n)
    v1 = int(one(pg, "SELECT n FROM catalogue_version"))
    result("catalogue_version moves with each change to courses",
           v1 == v0 + 2, "%d then %d" % (v0, v1))

    # Certificates per kind, photos' bytes, pending certificates.
    run_id = one(pg, "INSERT INTO runs (course, starts, ends, capacity, "
                 "created) VALUES ('JD101', '2026-02-01', '2026-03-01', "
                 "10, 1) RETURNING id")
    comp = []
    for i, u in enumerate(a[:3]):
        e = one(pg, "INSERT INTO enrolments (run, \"user\", status, seq, "
                "created, updated) VALUES (%s, %d, 'enrolled', %d, 1, 1) "
                "RETURNING id" % (run_id, u, i + 1))
        comp.append(one(pg, "INSERT INTO completions (enrolment, \"user\", "
                        "course, run, score, attended, sessions, "
                        "recorded_by, at) VALUES (%s, %d, 'JD101', %s, 90, "
                        "4, 4, %d, %d) RETURNING id" %
                        (e, u, run_id, m, 100 + i)))
    pend = one(pg, "SELECT string_agg(event, ',' ORDER BY event) FROM "
               "cert_pending")
    want = ",".join(sorted("completion:%s" % c for c in comp))
    result("each completion waits for its certificate (cert_pending)",
           pend == want, "%s, want %s" % (pend, want))

    def cert(i, event, kind, current=1):
        return one(pg, "INSERT INTO certificates (serial, code, kind, "
                   "event, \"user\", holder, title_zh, title_en, level, "
                   "lang, issued, kid, qr, issued_by, created, current) "
                   "VALUES ('YJ2026%016d', 'C%015d', '%s', '%s', %d, 'x', "
                   "'证', 'Cert', 0, 'zh', '2026-03-02', 'k', 'q', %d, 1, "
                   "%d) RETURNING id" % (i, i, kind, event, a[0], s,
                                         current))
    c1 = cert(1, "completion:%s" % comp[0], "course")
    cert(2, "honour:999", "award")
    cert(3, "level:998", "level")
    kept = one(pg, "SELECT string_agg(kind || '=' || n, ',' ORDER BY kind) "
               "FROM cert_kinds WHERE n > 0")
    real = one(pg, "SELECT string_agg(kind || '=' || n, ',' ORDER BY kind) "
               "FROM (SELECT kind, count(*) n FROM certificates GROUP BY "
               "kind) k")
    result("certificates per kind (trigger) equal count(*)", kept == real,
           "kept %s, counted %s" % (kept, real))
    pend = one(pg, "SELECT count(*) FROM cert_pending WHERE event = "
               "'completion:%s'" % comp[0])
    result("a current certificate takes its event out of cert_pending",
           pend == "0", pend)
    one(pg, "UPDATE certificates SET current = 0 WHERE id = %s" % c1)
    pend = one(pg, "SELECT source || ':' || id || '@' || at FROM "
               "cert_pending WHERE event = 'completion:%s'" % comp[0])
    result("a retired certificate's event waits again (cert_pending_retired)",
           pend == "completion:%s@100" % comp[0], pend)
    st = sqlstate_of(pg, "UPDATE certificates SET title_zh = 'y' WHERE "
                     "id = %s;" % c1)
    result("a signed certificate is never rewritten (23514)", st == "23514",
           str(st))
    one(pg, "DELETE FROM completions WHERE id = %s" % comp[2])
    pend = one(pg, "SELECT count(*) FROM cert_pending WHERE event = "
               "'completion:%s'" % comp[2])
    result("a deleted completion leaves cert_pending", pend == "0", pend)

    w = int(run_stmt(pg, "ST_WORK_INSERT", a[0], "玉镯", "和田玉", "", "",
                     "", 1, 5)[0][0])
    ids = []
    for i in range(8):
        ids.append(int(run_stmt(pg, "ST_PHOTO_INSERT", w, 10, 10,
                                1000 + i, 5)[0][0]))
    result("ST_PHOTO_INSERT's RETURNING id gives each photo its id",
           ids == list(range(ids[0], ids[0] + 8)), str(ids))
    st = sqlstate_of(pg, "PREPARE p AS %s; EXECUTE p('%d', '10', '10', "
                     "'1', '5');" % (pg_text("ST_PHOTO_INSERT"), w))
    result("a ninth photo is refused (photos_at_most_8, 23514)",
           st == "23514", str(st))
    one(pg, "DELETE FROM photos WHERE id IN (%d, %d)" % (ids[1], ids[5]))
    kept = one(pg, "SELECT bytes FROM data_use WHERE kind = 'photos'")
    real = one(pg, "SELECT coalesce(sum(bytes), 0) FROM photos")
    result("data_use's photo bytes (trigger) equal sum(bytes) after "
           "inserts and deletes", kept == real,
           "kept %s, summed %s" % (kept, real))
    st = sqlstate_of(pg, "INSERT INTO photos (id, work, width, height, "
                     "bytes, created) VALUES (%d, %d, 1, 1, 1, 1);"
                     % (ids[5], w))
    result("a deleted photo's id is never used again (photos_id_once)",
           st == "23514", str(st))
    return a, m, s


def test_roster(pg):
    """A roster's chunk statements (db_seat.c) on real rows: the
    accounts found by their place in the chunk, new ones made with their
    ids, seats at the end of the queue in order (a withdrawn one taken
    again), the conflicts audited in order; the per-statement INSERT
    triggers count what the per-row ones counted."""
    v0 = int(one(pg, "SELECT n FROM catalogue_version"))
    made = run_stmt(pg, "ST_ROSTER_USERS_INSERT",
                    '[["名一","13700000001","carver",null,"h1"],'
                    '["名二","13700000002","designer","校","h2"]]',
                    2000, 3000)
    ids = {acc: int(i) for i, acc in made}
    result("ST_ROSTER_USERS_INSERT returns each new account's id",
           sorted(ids) == ["13700000001", "13700000002"], made)
    kept, real = stages_kept_and_counted(pg)
    result("apprentices per stage (per-statement trigger) equal count(*) "
           "after a two-row insert", kept == real,
           "kept %s, counted %s" % (kept, real))
    u1, u2 = ids.get("13700000001", 0), ids.get("13700000002", 0)
    run_id = one(pg, "INSERT INTO runs (course, starts, ends, capacity, "
                 "created) VALUES ('JD101', '2026-04-01', '2026-05-01', 1, "
                 "1) RETURNING id")
    one(pg, "INSERT INTO enrolments (run, \"user\", status, seq, created, "
        "updated, promoted) VALUES (%s, %d, 'withdrawn', 5, 1, 1, 1)" %
        (run_id, u2))
    found = run_stmt(pg, "ST_ROSTER_LOOKUP",
                     '["13700000002","13799999999","13700000001"]',
                     int(run_id))
    result("ST_ROSTER_LOOKUP finds the known accounts by their place",
           sorted((k, int(i), st) for k, i, _, _, _, st in found) ==
           [("0", u2, "withdrawn"), ("2", u1, "")], found)
    run_stmt(pg, "ST_ROSTER_SEATS_UPSERT", int(run_id),
             '[[%d,"enrolled",1],[%d,"waitlisted",2]]' % (u1, u2), 4000)
    seats = pg.psql("SELECT \"user\", status, seq, coalesce(promoted, 0) "
                    "FROM enrolments WHERE run = %s ORDER BY seq" % run_id)
    want = "%d|enrolled|6|0\n%d|waitlisted|7|0" % (u1, u2)
    result("ST_ROSTER_SEATS_UPSERT queues in order after max(seq), the "
           "withdrawn seat taken again", seats.strip() == want, seats)
    v1 = int(one(pg, "SELECT n FROM catalogue_version"))
    result("catalogue_version moves once per enrolment row (a run, a seat, "
           "an upsert of one new and one withdrawn seat)", v1 == v0 + 4,
           "%d then %d" % (v0, v1))
    run_stmt(pg, "ST_ROSTER_CONFLICTS_AUDIT", 5000, None,
             '[["13700000001","name"],["13700000002","unverified"]]')
    audit = pg.psql("SELECT subject, detail, coalesce(actor, 0) FROM audit "
                    "WHERE action = 'roster.conflict' ORDER BY id")
    result("ST_ROSTER_CONFLICTS_AUDIT writes the conflicts in order",
           audit.strip() == "13700000001|name|0\n13700000002|unverified|0",
           audit)


# Migration 23 by hand backwards: the per-row INSERT counters of 22.
DOWN_TO_22 = (
    "DROP TRIGGER catalogue_enrolments_insert ON enrolments;"
    "DROP TRIGGER catalogue_enrolments ON enrolments;"
    "CREATE TRIGGER catalogue_enrolments AFTER INSERT OR UPDATE OR DELETE"
    "  ON enrolments FOR EACH ROW EXECUTE FUNCTION yj_catalogue_bump();"
    "DROP FUNCTION yj_catalogue_bump_rows();"
    "DROP TRIGGER apprentice_stages_insert ON users;"
    "CREATE TRIGGER apprentice_stages_insert AFTER INSERT ON users"
    "  FOR EACH ROW EXECUTE FUNCTION yj_apprentice_stages();"
    "DROP FUNCTION yj_apprentice_stages_rows();"
    "UPDATE schema_version SET version = 22;")

# Each INSERT counter trigger: (name, 1 when it fires per row).
INSERT_TRIGGERS = (
    "SELECT tgname, (tgtype & 1)::int FROM pg_trigger WHERE tgname IN "
    "('catalogue_enrolments_insert', 'catalogue_enrolments', "
    "'apprentice_stages_insert') ORDER BY tgname")


def test_upgrade_23(pg):
    """A database laid before migration 23 (its INSERT counters per row)
    is migrated by a start's own db_migrate(): the counters become
    per-statement and keep counting right."""
    pg.psql("CREATE DATABASE up23 OWNER %s ENCODING 'UTF8'" %
            pgserver.APP_ROLE, user="postgres", db="postgres")
    dsn = pg.dsn.rsplit("/", 1)[0] + "/up23"
    r = subprocess.run([PGPREP, "schema", dsn], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        result("a database for the upgrade", False, r.stdout)
        return
    pg.psql(DOWN_TO_22, db="up23")
    before = pg.psql(INSERT_TRIGGERS, db="up23").split()
    r = subprocess.run([PGPREP, "schema", dsn], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    after = pg.psql(INSERT_TRIGGERS, db="up23").split()
    result("a database at 22 migrates to 23: the INSERT counters of "
           "enrolments and users fire per statement after, per row before",
           r.returncode == 0 and r.stdout.strip() == "23" and
           before == ["apprentice_stages_insert|1",
                      "catalogue_enrolments|1"] and
           after == ["apprentice_stages_insert|0", "catalogue_enrolments|1",
                     "catalogue_enrolments_insert|0"],
           "migrate: %r; before %r; after %r" % (r.stdout, before, after))
    n0 = int(pg.psql("SELECT n FROM apprentice_stages WHERE stage = "
                     "'entry'", db="up23"))
    pg.psql("INSERT INTO users (name, account, pwhash, role, track, created) "
            "VALUES ('甲', 'up23a', 'x', 'apprentice', 'carver', 1), "
            "('乙', 'up23b', 'x', 'apprentice', 'carver', 1), "
            "('丙', 'up23c', 'x', 'master', NULL, 1)", db="up23")
    n1 = int(pg.psql("SELECT n FROM apprentice_stages WHERE stage = "
                     "'entry'", db="up23"))
    result("after it, one INSERT of two apprentices and a master counts "
           "two at entry", n1 - n0 == 2, "%d -> %d" % (n0, n1))


def test_search(pg):
    run_stmt(pg, "ST_COURSE_SEARCH_ADD", "JD101", "和田玉镯雕刻",
             "Hetian Jade Bangle Carving", "玉镯的开料与雕刻")
    run_stmt(pg, "ST_COURSE_UPSERT", "JD102", "翡翠摆件", "Jadeite Figures",
             "carver", "entry", 8, 4, 20, 60, 80, "master", "2026-01-01",
             "2026-12-31", "摆件 100% 手工", "jd102.md", 1)
    run_stmt(pg, "ST_COURSE_SEARCH_ADD", "JD102", "翡翠摆件",
             "Jadeite Figures", "摆件 100% 手工")

    def codes(name, pat):
        rows = run_stmt(pg, name, None, None, 0, "2026-06-01", pat)
        return sorted(r[0] for r in rows)
    # db_course.c: two characters go to LIKE with %...%, three or more to
    # the MATCH phrase "...".
    got = codes("ST_COURSE_LIST_LIKE", "%玉镯%")
    result("the course search finds a Chinese title by a 2-character "
           "substring (玉镯)", got == ["JD101"], str(got))
    got = codes("ST_COURSE_LIST_MATCH", '"田玉镯"')
    result("the trigram search finds a Chinese title by a 3-character "
           "substring (田玉镯)", got == ["JD101"], str(got))
    got = codes("ST_COURSE_LIST_MATCH", '"JADE BANGLE"')
    result("the trigram search ignores case, as FTS5's trigram",
           got == ["JD101"], str(got))
    got = codes("ST_COURSE_LIST_MATCH", '"0% 手"')
    result("the search takes % literally", got == ["JD102"], str(got))
    got = codes("ST_COURSE_LIST_MATCH", '"%%%"')
    result("a phrase of wildcards finds nothing", got == [], str(got))
    tri = one(pg, "SELECT array_length(show_trgm('玉镯'), 1)")
    result("pg_trgm makes trigrams of Chinese characters under C.UTF-8",
           tri == "3", tri)
    fts = one(pg, "SELECT to_tsvector('simple', '和田玉镯雕刻') @@ "
              "plainto_tsquery('simple', '玉镯')")
    print("# text search ('simple' parser) finds 玉镯 in 和田玉镯雕刻: %s"
          % fts)
    plan = pg.psql("SET enable_seqscan = off; EXPLAIN SELECT code FROM "
                   "course_search WHERE title_zh ILIKE '%田玉镯%'")
    result("the trigram GIN index serves the search",
           "course_search_trgm" in plan, plan)


def test_upserts(pg, m):
    a = [run_stmt(pg, "ST_CERT_SEQ_NEXT", 2026)[0][0] for _ in range(2)]
    n = one(pg, "SELECT count(*) || ':' || max(last) FROM cert_serials")
    result("ST_CERT_SEQ_NEXT twice: one row, serials 1 then 2",
           a == ["1", "2"] and n == "1:2", "%s %s" % (a, n))
    run_stmt(pg, "ST_QUOTA_SET", m, 5, None, None, m, 10)
    run_stmt(pg, "ST_QUOTA_SET", m, None, 7, None, m, 11)
    q = one(pg, "SELECT count(*) || ':' || max(works) || ':' || "
            "max(photos) || ':' || max(updated) FROM quotas")
    result("ST_QUOTA_SET twice keeps one row and both changes",
           q == "1:5:7:11", q)


def test_append_only(pg, m):
    one(pg, "INSERT INTO competitions (name_zh, opens, closes, mode, "
        "min_panel, spread, generations, advance, created_by, created) "
        "VALUES ('赛', '2026-01-01', '2026-02-01', 'weighted', 1, 0, 1, 0, "
        "%d, 1)" % m)
    run_stmt(pg, "ST_SCORE_LOG_INSERT", 1, 1, m, "open", 1, 0, 0, 0, "",
             "", "0" * 64, "a" * 64)
    for t in ("score_log", "audit", "score_log_sigs"):
        if t == "audit":
            one(pg, "INSERT INTO audit (at, action) VALUES (1, 'x')")
        if t == "score_log_sigs":
            one(pg, "INSERT INTO score_log_sigs VALUES (1, 'k', 'z', 's')")
        up = sqlstate_of(pg, "UPDATE %s SET %s;" % (
            t, "kid = 'y'" if t == "score_log_sigs" else "at = 2"))
        de = sqlstate_of(pg, "DELETE FROM %s;" % t)
        n = one(pg, "SELECT count(*) FROM %s" % t)
        result("%s refuses UPDATE and DELETE (SQLSTATE 23514)" % t,
               up == "23514" and de == "23514" and n == "1",
               "update %s, delete %s, rows %s" % (up, de, n))


def test_writer_lock(pg):
    begin = pg_text("ST_BEGIN")
    held = threading.Event()

    def writer():
        p = subprocess.Popen(
            [pgserver.pg_bin("psql"), "-X", "-q", "-h", pg._p("sock"),
             "-p", str(pg.port), "-U", pgserver.APP_ROLE, "-d",
             pgserver.APP_DB], stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True)
        p.stdin.write(begin + ";\n\\! true\n")
        p.stdin.flush()
        held.set()
        time.sleep(2.5)
        p.stdin.write("COMMIT;\n")
        p.stdin.close()
        p.wait()
    t = threading.Thread(target=writer)
    t.start()
    held.wait()
    deadline = time.monotonic() + 5
    n = "0"
    while time.monotonic() < deadline and n == "0":
        n = one(pg, "SELECT count(*) FROM pg_locks WHERE locktype = "
                "'advisory' AND granted")
        time.sleep(0.05)
    st = sqlstate_of(pg, "SET lock_timeout = '200ms'; %s;" % begin)
    t.join()
    st2 = sqlstate_of(pg, "SET lock_timeout = '2s'; %s; COMMIT;" % begin)
    result("a second writer waits for the first one's BEGIN (55P03 under "
           "lock_timeout), then gets the lock",
           n == "1" and st == "55P03" and st2 is None,
           "locks held %s, second writer %s, after commit %s" %
           (n, st, st2))


def guarded(name, fn, *args):
    """fn(*args); an exception (a statement PostgreSQL refused) is one
    failure named name, and the tests after it still run."""
    try:
        return fn(*args)
    except Exception as e:	# noqa: BLE001 — reported, not hidden
        result(name, False, "%s: %s" % (type(e).__name__, e))
        return None


def main():
    sys.stdout.reconfigure(line_buffering=True)
    for p in (PGPREP, ADMIN):
        if not os.access(p, os.X_OK):
            print("%s is missing: make build/yujiang-admin build/pg/pgprep"
                  % p)
            print("0 passed, 1 failed")
            return 1
    if not pgserver.available():
        print("# PostgreSQL is not installed: nothing to test")
        print("0 passed, 0 failed")
        return 0
    work = tempfile.mkdtemp(prefix="yujiang-pgsql-")
    try:
        r = subprocess.run([ADMIN, "-d", work, "migrate"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True)
        sqlite_db = os.path.join(work, "yujiang.db")
        if r.returncode != 0 or not os.path.exists(sqlite_db):
            result("yujiang-admin migrate makes a SQLite database", False,
                   r.stdout)
            return 1
        with pgserver.PgServer() as pg:
            print("# PostgreSQL started in %.2f s (initdb, start, role and "
                  "database): %s" % (pg.seconds, pg.dsn))
            if test_schema(pg, sqlite_db):
                test_statements(pg, sqlite_db)
                users = guarded("counts kept by triggers", test_counts, pg)
                m = users[1] if users else 0
                guarded("course search", test_search, pg)
                guarded("upserts", test_upserts, pg, m)
                guarded("append-only tables", test_append_only, pg, m)
                guarded("a roster's statements", test_roster, pg)
                guarded("migration 23", test_upgrade_23, pg)
                guarded("the writers' lock", test_writer_lock, pg)
            t0 = time.monotonic()
        print("# stopped and removed in %.2f s" % (time.monotonic() - t0))
    finally:
        subprocess.run(["rm", "-rf", work])
    return tally.end()


if __name__ == "__main__":
    sys.exit(main())
