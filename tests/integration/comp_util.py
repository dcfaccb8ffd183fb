"""Shared helpers of the selection-stage integration tests (test_comp_*.py):
competitions built through the site itself — staff create one and its
categories and panels, apprentices moved to the selection stage enter a
work of their portfolio with a photo, staff check the entries and open
judging, judges fill their sheets, staff lock and publish — the score
log on the admin tool, and reading the answers (results, CSV, pages).

Expected totals are computed by hand in each test (comments), never by
code: a helper that scored would only repeat the server's arithmetic.

Each test makes its own people and competitions, so the tests of a class
do not depend on one another's order."""
import csv
import io
import json
import os
import re
import sqlite3
import subprocess

from entry_util import day
from harness import (ADMIN, ENGINE, ROOT, pg_cluster, pg_database,
                     pg_dialect)
from incub_util import create_work, jpeg, move, png, upload_api
from training_util import (check_identity, login, new_apprentice,
                           new_master, take_on)

# The 2018 彩云杯's rules, the defaults (README, score.c).
DEFAULT_CRITERIA = [
    ("材料质地", "Material quality", 5),
    ("材料运用", "Use of material", 5),
    ("创意创新", "Creativity", 25),
    ("工艺技术", "Craftsmanship", 30),
    ("人文价值", "Cultural value", 10),
    ("俏色", "Colour play (qiaose)", 5),
    ("避瑕", "Flaw avoidance", 5),
    ("作品品相", "Presentation", 10),
    ("作品体量", "Scale", 5),
]
DEFAULT_TIERS = [("金奖", "Gold", 1), ("银奖", "Silver", 2),
                 ("铜奖", "Bronze", 3), ("优秀奖", "Excellence", 5)]
DEFAULT_TIEBREAK = [4, 3]       # 工艺技术, then 创意创新

# Three tiers of one place each: a fourth entry goes without.
THREE_TIERS = "金奖 | Gold | 1\n银奖 | Silver | 1\n铜奖 | Bronze | 1"

CODE_RE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{8}$")     # Crockford, upper


def flat(mark, n=9, **at):
    """n marks all `mark`, except at c<k>=value (1-based): flat(8.5, c4=9)."""
    out = [mark] * n
    for k, v in at.items():
        out[int(k[1:]) - 1] = v
    return out


# -- competitions -------------------------------------------------------------

def comp_body(name_zh="2027 平洲玉雕大赛", name_en="2027 Pingzhou Jade "
              "Carving Awards", opens=None, closes=None, **rules):
    """A create/edit body: the entry window open from yesterday for a
    month by default; rules (mode, min_panel, criteria …) as given."""
    body = {"name_zh": name_zh, "name_en": name_en,
            "opens": opens or day(-1), "closes": closes or day(30)}
    body.update({k: v for k, v in rules.items() if v is not None})
    return body


def create_comp(staff, **kw):
    r = staff.post("/api/v1/competitions", comp_body(**kw))
    if r.status != 201:
        raise AssertionError("create competition: %r" % r)
    return r.json()["competition"]


def comp_show(who, cid):
    r = who.get("/api/v1/competitions/%d" % cid)
    if r.status != 200:
        raise AssertionError("GET competition %d: %r" % (cid, r))
    return r.json()


def add_category(staff, cid, zh, en=""):
    """A new category's id (the answer is the competition; the id is
    found in the categories by its Chinese name)."""
    r = staff.post("/api/v1/competitions/%d/categories" % cid,
                   {"name_zh": zh, "name_en": en})
    if r.status != 201:
        raise AssertionError("add category %s: %r" % (zh, r))
    for k in comp_show(staff, cid)["categories"]:
        if k["name_zh"] == zh:
            return k["id"]
    raise AssertionError("category %s not listed" % zh)


def add_judge(staff, cid, category, judge_id):
    r = staff.post("/api/v1/competitions/%d/judges" % cid,
                   {"category": category, "judge": judge_id})
    if r.status != 201:
        raise AssertionError("add judge %d: %r" % (judge_id, r))
    return r


def selection_apprentice(server, staff, name="参赛学员", track="carver"):
    """A new apprentice moved by staff to the selection stage (an
    exception, with a reason)."""
    a = new_apprentice(server, name, track)
    # Awards and titles are certified only under a verified name.
    check_identity(staff, a.id, a.name)
    r = move(staff, a.id, "selection", "大赛组委会推荐，直接进入评选")
    if r.status != 200:
        raise AssertionError("move %s to selection: %r" % (name, r))
    a.user["stage"] = "selection"
    return a


def work_with_photo(person, title="翡翠山水摆件", photos=1, public=False):
    """A work of person's portfolio with `photos` photos (JPEGs made
    here); the work object as the API answers it after the uploads."""
    w = create_work(person, title=title, public=public)
    for i in range(photos):
        data = jpeg(96 + 8 * i, 64) if i % 2 == 0 else png(80, 60)
        r = upload_api(person, w["id"], data,
                       "p%d.%s" % (i, "jpg" if i % 2 == 0 else "png"),
                       "image/jpeg" if i % 2 == 0 else "image/png")
        if r.status != 201:
            raise AssertionError("upload photo to work %d: %r" %
                                 (w["id"], r))
    r = person.get("/api/v1/works/%d" % w["id"])
    if r.status != 200:
        raise AssertionError("GET work %d: %r" % (w["id"], r))
    return r.json()["work"]


def enter(person, cid, category, work_id):
    return person.post("/api/v1/competitions/%d/entries" % cid,
                       {"category": category, "work": work_id})


def enter_ok(person, cid, category, work_id):
    r = enter(person, cid, category, work_id)
    if r.status != 201:
        raise AssertionError("enter work %d: %r" % (work_id, r))
    return r.json()["entry"]


def check(staff, entry_id, verdict="eligible", note=None):
    body = {"verdict": verdict}
    if note is not None:
        body["note"] = note
    return staff.post("/api/v1/entries/%d/check" % entry_id, body)


def check_ok(staff, entry_id, verdict="eligible", note=None):
    r = check(staff, entry_id, verdict, note)
    if r.status != 200:
        raise AssertionError("check entry %d: %r" % (entry_id, r))
    return r.json()["entry"]


def comp_open(staff, cid):
    return staff.post("/api/v1/competitions/%d/open" % cid, {})


def lock(staff, cid):
    return staff.post("/api/v1/competitions/%d/lock" % cid, {})


def publish(staff, cid, lang=None):
    return staff.post("/api/v1/competitions/%d/publish" % cid,
                      {} if lang is None else {"lang": lang})


def remark(staff, cid, entry_id):
    return staff.post("/api/v1/competitions/%d/remark" % cid,
                      {"entry": entry_id})


def step_ok(r, what, status=200):
    if r.status != status:
        raise AssertionError("%s: %r" % (what, r))
    return r.json()


def sheet(judge, entry_id, marks, final=True):
    """POST /api/v1/judging/<entry>: marks as given (numbers or strings)."""
    return judge.post("/api/v1/judging/%d" % entry_id,
                      {"marks": list(marks), "final": final})


def sheet_ok(judge, entry_id, marks, final=True):
    r = sheet(judge, entry_id, marks, final)
    if r.status != 200:
        raise AssertionError("sheet of judge %d on entry %d: %r" %
                             (judge.id, entry_id, r))
    return r.json()["sheet"]


def judging(judge):
    """The judge's /api/v1/judging: {competition id: [entry, …]}."""
    r = judge.get("/api/v1/judging")
    if r.status != 200:
        raise AssertionError("GET /api/v1/judging: %r" % r)
    return {c["id"]: c["entries"] for c in r.json()["competitions"]}


def results(who, cid):
    r = who.get("/api/v1/competitions/%d/results" % cid)
    if r.status != 200:
        raise AssertionError("GET results of %d: %r" % (cid, r))
    return r.json()


def by_entry(res):
    """{entry id: result row} of a results answer."""
    return {x["entry"]: x for k in res["categories"] for x in k["results"]}


def csv_rows(body):
    """(had a BOM, CRLF line ends, rows) of a CSV answer."""
    bom = body.startswith(b"\xef\xbb\xbf")
    text = body[3:].decode("utf-8") if bom else body.decode("utf-8")
    crlf = "\r\n" in text and "\n" not in text.replace("\r\n", "")
    return bom, crlf, list(csv.reader(io.StringIO(text, newline="")))


# -- a whole competition ------------------------------------------------------

class Built:
    """What build() made: the competition (as created), its category
    ids, judges (Person lists) per category, and per entrant key the
    Person, the work and the entry."""

    def __init__(self):
        self.comp = None
        self.id = None
        self.cats = {}          # key -> category id
        self.judges = {}        # key -> [Person]
        self.people = {}        # entry key -> Person
        self.works = {}         # entry key -> work object
        self.entries = {}       # entry key -> entry object


def build(server, staff, categories, entrants, judges=None, open_=True,
          name_zh="2027 平洲玉雕大赛", name_en="2027 Pingzhou Jade Awards",
          **rules):
    """A competition with its categories, panels and entries, checked and
    (unless open_ is False) opened.

    categories: [(key, name_zh, name_en)]
    judges: {category key: number of new masters, or a list of Persons}
    entrants: [(entry key, category key, Person or None, work title)] —
        None makes a new apprentice at the selection stage; a Person is
        moved to it first unless already there.
    rules: fields of the create body (mode, min_panel, criteria …)."""
    b = Built()
    b.comp = create_comp(staff, name_zh=name_zh, name_en=name_en, **rules)
    b.id = b.comp["id"]
    for key, zh, en in categories:
        b.cats[key] = add_category(staff, b.id, zh, en)
    for key, js in (judges or {}).items():
        if isinstance(js, int):
            js = [new_master(server, staff, "评委%s%d" % (key, i + 1))
                  for i in range(js)]
        b.judges[key] = list(js)
        for j in js:
            add_judge(staff, b.id, b.cats[key], j.id)
    for key, cat, person, title in entrants:
        if person is None:
            person = selection_apprentice(server, staff, "参赛者%s" % key)
        elif person.user.get("stage") != "selection":
            r = move(staff, person.id, "selection", "参加大赛")
            if r.status != 200:
                raise AssertionError("move %d: %r" % (person.id, r))
            person.user["stage"] = "selection"
        b.people[key] = person
        b.works[key] = work_with_photo(person, title)
        b.entries[key] = enter_ok(person, b.id, b.cats[cat],
                                  b.works[key]["id"])
        check_ok(staff, b.entries[key]["id"])
    if open_:
        step_ok(comp_open(staff, b.id), "open %d" % b.id)
    return b


# -- lineage ------------------------------------------------------------------

def master_of_masters(server, staff, name="师爷"):
    """(grand, master): `master` was `grand`'s apprentice before becoming
    a master. Roles are fixed at registration on the site, so the one
    change made behind its back is the role — as the demo's masters who
    learned from masters (王建平 taught 黄少明)."""
    grand = new_master(server, staff, name)
    a = new_apprentice(server, name + "的徒弟")
    take_on(a, grand)
    db_write(server, "UPDATE users SET role = 'master' WHERE id = ?",
             (a.id,))
    return grand, login(server, a.user["account"])


def db_write(server, sql, args=()):
    """One write on the instance's database behind the application's back
    (WAL: the server keeps running)."""
    if server.pg_db is not None or server.front_end_of is not None:
        server.sql_write(sql, *args)        # bare ? as SQLite numbers them
        return
    con = sqlite3.connect(server.db_path, timeout=30)
    try:
        con.execute(sql, args)
        con.commit()
    finally:
        con.close()


# -- the admin tool -----------------------------------------------------------

def audit_verify(data_dir, *args):
    """(exit status, stdout + stderr) of `yujiang-admin -d DIR audit
    verify [ARGS]` (e.g. "--key", did)."""
    p = subprocess.run([ADMIN, "-d", data_dir, "audit", "verify"] +
                       list(args),
                       cwd=ROOT, capture_output=True, text=True,
                       timeout=120)
    return p.returncode, p.stdout + p.stderr


class CopyError(Exception):
    """A statement the database refused (a trigger's RAISE: SQLite's
    sqlite3.DatabaseError, PostgreSQL's ERROR), with its message."""


class Db:
    """An instance's database, or a copy of it, as a tamperer or an
    independent checker sees it, on either engine: execute() and
    script() run statements written for SQLite (? or ?N parameters;
    psql gets them through pg_dialect()), rows() answers dicts with the
    values as Python types (integers int, text str, NULL None: through
    json_agg on PostgreSQL), insert() the new row's id (lastrowid, or
    RETURNING id). A statement refused raises CopyError.

    Db.live(server) reads the running instance's database (read-only on
    SQLite); db_copy() makes a copy to edit. drop() drops a copy's
    PostgreSQL database (nothing on SQLite: the file goes with its
    directory)."""

    def __init__(self, path=None, pg_db=None, readonly=False):
        self.path = path                # SQLite
        self.pg_db = pg_db              # PostgreSQL: the database's name
        self.readonly = readonly

    @classmethod
    def live(cls, server):
        if server.front_end_of is not None:
            server = server.front_end_of
        if server.pg_db is not None:
            return cls(pg_db=server.pg_db, readonly=True)
        return cls(path=server.db_path, readonly=True)

    # -- SQLite ---------------------------------------------------------------

    def _connect(self):
        if self.readonly:
            con = sqlite3.connect("file:%s?mode=ro" % self.path, uri=True,
                                  timeout=30, isolation_level=None)
        else:
            con = sqlite3.connect(self.path, timeout=30,
                                  isolation_level=None)
        con.row_factory = sqlite3.Row
        return con

    # -- PostgreSQL -----------------------------------------------------------

    def _psql(self, text, user="yujiang"):
        """psql's output of text on this database (errors: CopyError)."""
        try:
            return pg_cluster().psql(text, user=user, db=self.pg_db)
        except RuntimeError as e:
            raise CopyError(str(e))

    # -- either ---------------------------------------------------------------

    def script(self, statements):
        """Run [(sql, args)] in one transaction."""
        if self.pg_db is not None:
            self._psql("BEGIN;\n" + "".join(
                pg_dialect(s.rstrip().rstrip(";"), args) + ";\n"
                for s, args in statements) + "COMMIT;\n")
            return
        con = self._connect()
        try:
            con.execute("BEGIN")
            try:
                for s, args in statements:
                    con.execute(s, args)
            except sqlite3.DatabaseError as e:
                con.execute("ROLLBACK")
                raise CopyError(str(e))
            con.execute("COMMIT")
        finally:
            con.close()

    def execute(self, sql, args=()):
        self.script([(sql, args)])

    def insert(self, sql, args=()):
        """Run one INSERT; the new row's id."""
        if self.pg_db is not None:
            out = self._psql(pg_dialect(sql.rstrip().rstrip(";"), args) +
                             " RETURNING id;\n")
            return int(out.split()[0])
        con = self._connect()
        try:
            try:
                return con.execute(sql, args).lastrowid
            except sqlite3.DatabaseError as e:
                raise CopyError(str(e))
        finally:
            con.close()

    def rows(self, sql, *args):
        """The rows of a query, as dicts (column name: value)."""
        if self.pg_db is not None:
            out = self._psql("SELECT coalesce(json_agg(t), '[]'::json) "
                             "FROM (%s) t;\n" % pg_dialect(
                                 sql.rstrip().rstrip(";"), args))
            return json.loads(out)
        con = self._connect()
        try:
            return [dict(r) for r in con.execute(sql, args)]
        finally:
            con.close()

    def drop(self):
        if self.pg_db is not None and not self.readonly:
            pg_cluster().psql("DROP DATABASE IF EXISTS %s WITH (FORCE)" %
                              self.pg_db, user="postgres", db="postgres",
                              check=False)
            self.pg_db = None


def drop_trigger(name, table):
    """The statement that drops trigger name (on table), for script():
    PostgreSQL names the table (the same trigger names: schema_pg.c)."""
    if ENGINE == "postgresql":
        return ("DROP TRIGGER %s ON %s" % (name, table), ())
    return ("DROP TRIGGER %s" % name, ())


def db_copy(server, dest_dir):
    """A consistent copy of the instance's database for the admin tool
    to check after a test edits it: a Db on it. SQLite: the online
    backup into dest_dir/yujiang.db. PostgreSQL: a new database on the
    run's cluster filled from the live one by pg_dump (CREATE DATABASE
    ... TEMPLATE waits for the server's workers to let go of it), its
    DSN in dest_dir/database (0600, as Server writes it), so that
    `yujiang-admin -d dest_dir` opens it. The caller drops it (drop())
    when done."""
    os.makedirs(dest_dir, exist_ok=True)
    if server.front_end_of is not None:
        server = server.front_end_of
    if server.pg_db is not None:
        name, dsn = pg_database()
        pg = pg_cluster()
        from pgserver import pg_bin         # on sys.path once it runs
        dump = subprocess.run(
            [pg_bin("pg_dump"), "-h", "127.0.0.1", "-p", str(pg.port),
             "-U", "yujiang", server.pg_db],
            check=True, capture_output=True, text=True).stdout
        copy = Db(pg_db=name)
        # As the superuser: the dump's extension comment and OWNER TO.
        copy._psql(dump, user="postgres")
        fd = os.open(os.path.join(dest_dir, "database"),
                     os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(dsn + "\n")
        return copy
    path = os.path.join(dest_dir, "yujiang.db")
    src = sqlite3.connect(server.db_path, timeout=30)
    dst = sqlite3.connect(path)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return Db(path=path)
