"""The score log (score_log): append-only and hash-chained. After a
competition with drafts, finals, a lock and a publication,
`yujiang-admin -d DATA audit verify` exits 0 and says the log is intact;
the chain recomputed here, independently, holds. Then, on copies of the
database edited behind the application's back:
- a record's marks changed → exit 1, naming that record;
- the same with its hash recomputed → the next record is named;
- a record deleted in the middle → the one after the gap is named;
- the log's tail cut (the publication's record and its signature with
  it) → the published competition whose log head is missing is named;
- a sheet's marks changed, its final flag cleared, or a sheet added,
  with no log record → the sheet is named.
The triggers refuse UPDATE and DELETE; and on the live database the
application goes on appending after a verify, the chain continuing.

Signed heads: the lock's and the publication's records are signed with
the station's key; the results page and API show hash, signed text,
signature and key, and the signature checks here with a pure-Python
Ed25519. A log rewritten end to end and hashed again (every record's
time moved, the chain recomputed, the log head updated) passes the
chain — `audit verify` exits 0 — but `audit verify --key DID`, from a
copy of the database, exits 1 naming the signature; with the signatures
deleted too it names the missing one.

On either engine: the copies are SQLite files, or new PostgreSQL
databases filled from the live one (comp_util.db_copy), the tampering
the same statements (drop_trigger() names the trigger's table where
PostgreSQL wants it)."""
import hashlib
import os
import shutil
import tempfile
import unittest

from cert_util import b64u_decode, ed25519_verify, keys
from comp_util import (CopyError, Db, audit_verify, build, db_copy,
                       drop_trigger, flat, lock, publish, sheet_ok, step_ok)
from harness import ServerTestCase, user
from training_util import login, new_master

FIELDS = "id, at, actor, action, competition, entry, judge, round, old, " \
    "new, prev, hash"


def chain_hash(rec):
    """SHA-256 of a record as score.c documents it: integers as "%d\\n",
    strings as "<byte length>:<bytes>\\n", in the order id, at, actor,
    action, competition, entry, judge, round, old, new, prev."""
    h = hashlib.sha256()

    def num(v):
        h.update(b"%d\n" % int(v))

    def text(v):
        b = (v or "").encode("utf-8")
        h.update(b"%d:" % len(b) + b + b"\n")

    num(rec["id"])
    num(rec["at"])
    num(rec["actor"])
    text(rec["action"])
    num(rec["competition"])
    num(rec["entry"])
    num(rec["judge"])
    num(rec["round"])
    text(rec["old"])
    text(rec["new"])
    text(rec["prev"])
    return h.hexdigest()


class AuditTest(ServerTestCase):
    users = {"staff": user("周晓琳", "staff")}

    @classmethod
    def prepare(cls):
        staff = cls.staff = login(cls.server, cls.accounts["staff"])
        cls.j1 = new_master(cls.server, staff, "评委甲")
        cls.j2 = new_master(cls.server, staff, "评委乙")
        # C2 (still judging) first, so that C1's publication is the last
        # record until a test appends.
        b2 = build(cls.server, staff, [("A", "摆件", "")],
                   [("e3", "A", None, "丙")], judges={"A": [cls.j1]},
                   name_zh="进行中的大赛", min_panel=1)
        cls.c2, cls.e3 = b2.id, b2.entries["e3"]["id"]
        # C1: scored, locked, published.
        b1 = build(cls.server, staff, [("A", "摆件", "")],
                   [("e1", "A", None, "甲"), ("e2", "A", None, "乙")],
                   judges={"A": [cls.j1, cls.j2]}, name_zh="已公布的大赛",
                   min_panel=2)
        cls.c1 = b1.id
        cls.e1, cls.e2 = b1.entries["e1"]["id"], b1.entries["e2"]["id"]
        sheet_ok(cls.j1, cls.e1, flat(7.0), final=False)
        sheet_ok(cls.j1, cls.e1, flat(7.5), final=False)
        sheet_ok(cls.j1, cls.e1, flat(8.0))
        sheet_ok(cls.j1, cls.e2, flat(8.5))
        sheet_ok(cls.j2, cls.e1, flat(9.0))
        sheet_ok(cls.j2, cls.e2, flat(6.0))
        step_ok(lock(staff, cls.c1), "lock C1")
        step_ok(publish(staff, cls.c1), "publish C1")
        cls.tmp = tempfile.mkdtemp(prefix="yj-audit.", dir="/tmp")
        cls.copies = []

    @classmethod
    def tearDownClass(cls):
        for c in cls.copies:            # their PostgreSQL databases
            c.drop()
        shutil.rmtree(cls.tmp, ignore_errors=True)
        super().tearDownClass()

    # -- helpers --------------------------------------------------------------

    def one(self, sql, *args):
        rows = self.server.sql(sql, *args)
        self.assertEqual(len(rows), 1, (sql, rows))
        return rows[0]

    def record(self, action, entry=0, judge=0, comp=None):
        """The id of the last score-log record of that kind."""
        return int(self.one(
            "SELECT max(id) FROM score_log WHERE action = ?1 AND "
            "competition = ?2 AND (?3 = 0 OR entry = ?3) AND "
            "(?4 = 0 OR judge = ?4)", action, comp or self.c1, entry,
            judge)[0])

    def copy(self, name):
        """(data directory, Db): a copy of the live database there."""
        d = os.path.join(self.tmp, name)
        c = db_copy(self.server, d)
        self.copies.append(c)
        return d, c

    def tampered(self, name, *statements):
        """A copy of the live database with statements run on it; (exit
        status, output) of the audit on the copy."""
        d, c = self.copy(name)
        c.script(statements)
        return audit_verify(d)

    # -- intact ---------------------------------------------------------------

    def test_intact(self):
        n = int(self.one("SELECT count(*) FROM score_log")[0])
        rc, out = audit_verify(self.server.dir)
        self.assertEqual(rc, 0, out)
        self.assertIn("intact", out)
        self.assertIn("%d records checked" % n, out)
        # The actions of C1, in order.
        acts = [a for a, in self.server.sql(
            "SELECT action FROM score_log WHERE competition = ?1 ORDER BY "
            "id", self.c1)]
        self.assertEqual(acts, ["judge.add", "judge.add", "open", "draft",
                                "draft", "final", "final", "final", "final",
                                "lock", "publish"])

    def test_chain_recomputed_independently(self):
        rows = Db.live(self.server).rows(
            "SELECT %s FROM score_log ORDER BY id" % FIELDS)
        self.assertGreater(len(rows), 10)
        prev = "0" * 64
        for i, r in enumerate(rows, 1):
            with self.subTest(record=r["id"]):
                self.assertEqual(r["id"], i)
                self.assertEqual(r["prev"], prev)
                self.assertEqual(r["hash"], chain_hash(r))
                prev = r["hash"]
        # The draft records carry the marks before and after.
        j1e1 = [(r["action"], r["old"], r["new"]) for r in rows
                if r["entry"] == self.e1 and r["judge"] == self.j1.id]
        self.assertEqual(j1e1, [
            ("draft", "", " ".join(["70"] * 9)),
            ("draft", " ".join(["70"] * 9), " ".join(["75"] * 9)),
            ("final", " ".join(["75"] * 9), " ".join(["80"] * 9))])

    def test_triggers_refuse_changes(self):
        d, c = self.copy("triggers")
        for s in ("UPDATE score_log SET new = '' WHERE id = 1",
                  "DELETE FROM score_log WHERE id = 1"):
            with self.subTest(sql=s):
                with self.assertRaises(CopyError) as cm:
                    c.execute(s)
                self.assertIn("append-only", str(cm.exception))
        self.assertEqual(audit_verify(d)[0], 0)

    # -- the log edited -------------------------------------------------------

    def test_a_record_altered(self):
        n = self.record("final", self.e1, self.j2.id)
        rc, out = self.tampered(
            "altered",
            drop_trigger("score_log_no_update", "score_log"),
            ("UPDATE score_log SET new = ? WHERE id = ?",
             (" ".join(["100"] * 9), n)))
        self.assertEqual(rc, 1, out)
        self.assertIn("record %d:" % n, out)
        self.assertIn("altered", out)

    def test_a_record_altered_with_its_hash(self):
        n = self.record("final", self.e1, self.j2.id)
        rec, = Db.live(self.server).rows(
            "SELECT %s FROM score_log WHERE id = ?" % FIELDS, n)
        rec["new"] = " ".join(["100"] * 9)
        forged = chain_hash(rec)
        rc, out = self.tampered(
            "rehashed",
            drop_trigger("score_log_no_update", "score_log"),
            ("UPDATE score_log SET new = ?, hash = ? WHERE id = ?",
             (rec["new"], forged, n)),
            # …and the sheet to match, as a careful forger would.
            ("UPDATE comp_sheets SET marks = ? WHERE entry = ? AND "
             "judge = ?", (rec["new"], self.e1, self.j2.id)))
        self.assertEqual(rc, 1, out)
        self.assertIn("record %d:" % (n + 1), out)
        self.assertIn("does not follow record %d" % n, out)

    def test_a_record_deleted(self):
        n = self.record("final", self.e2, self.j1.id)
        rc, out = self.tampered(
            "deleted",
            drop_trigger("score_log_no_delete", "score_log"),
            ("DELETE FROM score_log WHERE id = ?", (n,)))
        self.assertEqual(rc, 1, out)
        self.assertIn("record %d:" % (n + 1), out)
        self.assertIn("record %d" % (n - 1), out)
        self.assertIn("deleted", out)

    def test_the_tail_cut(self):
        n = self.record("publish")
        rc, out = self.tampered(
            "cut",
            # The cut records' signatures first: their foreign key
            # (PostgreSQL enforces it; SQLite's connection here would not).
            drop_trigger("score_log_sigs_no_delete", "score_log_sigs"),
            ("DELETE FROM score_log_sigs WHERE record >= ?", (n,)),
            drop_trigger("score_log_no_delete", "score_log"),
            ("DELETE FROM score_log WHERE id >= ?", (n,)),
            # Sheets written since (by other tests) lose their records
            # too: take them away so that only the head is missing.
            ("DELETE FROM comp_sheets WHERE entry = ?", (self.e3,)))
        self.assertEqual(rc, 1, out)
        self.assertIn("competition %d:" % self.c1, out)
        self.assertIn("log head is missing", out)

    # -- the sheets edited ----------------------------------------------------

    def test_a_sheet_edited(self):
        sid = int(self.one("SELECT id FROM comp_sheets WHERE entry = ?1 AND "
                           "judge = ?2", self.e2, self.j2.id)[0])
        logged = self.record("final", self.e2, self.j2.id)
        for name, sql in (
                ("marks", "UPDATE comp_sheets SET marks = '100 100 100 100 "
                          "100 100 100 100 100' WHERE id = ?"),
                ("unfinal", "UPDATE comp_sheets SET final = 0 WHERE id = ?")):
            with self.subTest(edit=name):
                rc, out = self.tampered("sheet-" + name, (sql, (sid,)))
                self.assertEqual(rc, 1, out)
                self.assertIn("sheet %d (entry %d, judge %d, round 1)" % (
                    sid, self.e2, self.j2.id), out)
                self.assertIn("score-log record %d" % logged, out)

    def test_a_sheet_added(self):
        d, c = self.copy("added")
        sid = c.insert(
            "INSERT INTO comp_sheets (entry, judge, round, marks, final, "
            "updated) VALUES (?, ?, 1, ?, 1, 0)",
            (self.e2, self.staff.id, " ".join(["100"] * 9)))
        rc, out = audit_verify(d)
        self.assertEqual(rc, 1, out)
        self.assertIn("sheet %d (entry %d, judge %d, round 1) has no "
                      "score-log record" % (sid, self.e2, self.staff.id), out)

    def test_no_database(self):
        d = os.path.join(self.tmp, "nothing-here")
        rc, out = audit_verify(d)
        self.assertEqual(rc, 2, out)
        # Neither engine's database is made by a check.
        self.assertFalse(os.path.exists(os.path.join(d, "yujiang.db")))
        self.assertFalse(os.path.exists(os.path.join(d, "database")))

    # -- signed heads ---------------------------------------------------------

    def station_did(self):
        return keys(self.server.client())["keys"][0]["did"]

    def test_heads_signed_and_shown(self):
        k = keys(self.server.client())["keys"][0]
        pk = b64u_decode(k["public_key"])
        r = self.staff.get("/api/v1/competitions/%d/results" % self.c1)
        self.assertEqual(r.status, 200, r)
        comp = r.json()["competition"]
        sigs = comp["log_signatures"]
        self.assertEqual([(s["action"], s["record"]) for s in sigs],
                         [("lock", self.record("lock")),
                          ("publish", self.record("publish"))])
        self.assertEqual(sigs[-1]["hash"], comp["log_head"])
        for s in sigs:
            with self.subTest(record=s["record"]):
                stored = self.one("SELECT hash FROM score_log WHERE id = ?1",
                                  s["record"])[0]
                self.assertEqual(s["hash"], stored)
                self.assertEqual(s["signed_text"], (
                    "yujiang score-log head\nrecord %d\ncompetition %d\n"
                    "action %s\nround 1\nhash %s\n" % (
                        s["record"], self.c1, s["action"], stored)))
                self.assertEqual(s["kid"], k["kid"])
                self.assertEqual(s["did"], k["did"])
                self.assertTrue(ed25519_verify(
                    pk, s["signed_text"].encode(),
                    b64u_decode(s["signature"])))
                self.assertFalse(ed25519_verify(
                    pk, s["signed_text"].replace("round 1", "round 2")
                    .encode(), b64u_decode(s["signature"])))
        page = self.server.client().get("/competitions/%d/results" %
                                        self.c1).text
        self.assertIn('id="log-signatures"', page)
        for s in sigs:
            self.assertIn(s["signature"], page)
        self.assertIn(k["did"], page)
        # Anyone may read them once published.
        anon = self.server.client().get(
            "/api/v1/competitions/%d/results" % self.c1).json()
        self.assertEqual(anon["competition"]["log_signatures"], sigs)

    def test_intact_with_the_key(self):
        d, _ = self.copy("keyed")
        rc, out = audit_verify(d, "--key", self.station_did())
        self.assertEqual(rc, 0, out)
        self.assertIn("2 signed heads match the key", out)

    def rewritten(self, name, *more):
        """A copy of the database with every score-log record rewritten
        (its time moved by an hour) and the chain hashed again end to
        end, the published log head following: what a forger with the
        database but not the key can do."""
        d, c = self.copy(name)
        edits = [drop_trigger("score_log_no_update", "score_log")]
        prev = "0" * 64
        old_to_new = {}
        for r in c.rows("SELECT %s FROM score_log ORDER BY id" % FIELDS):
            r["at"] = int(r["at"]) + 3600
            r["prev"] = prev
            h = chain_hash(r)
            old_to_new[r["hash"]] = h
            edits.append(("UPDATE score_log SET at = ?, prev = ?, hash = ? "
                          "WHERE id = ?", (r["at"], prev, h, r["id"])))
            prev = h
        for r in c.rows("SELECT id, log_head FROM competitions WHERE "
                        "log_head != ''"):
            edits.append(("UPDATE competitions SET log_head = ? WHERE id = ?",
                          (old_to_new[r["log_head"]], r["id"])))
        c.script(edits + list(more))
        return d

    def test_rewritten_end_to_end_fails_the_signature(self):
        d = self.rewritten("rewritten")
        # The unsigned chain cannot tell: this is what it passed before.
        rc, out = audit_verify(d)
        self.assertEqual(rc, 0, out)
        rc, out = audit_verify(d, "--key", self.station_did())
        self.assertEqual(rc, 1, out)
        self.assertIn("record %d (lock of competition %d): the signature "
                      "does not match" % (self.record("lock"), self.c1), out)
        self.assertIn("rewritten", out)

    def test_rewritten_and_signatures_removed(self):
        d = self.rewritten("unsigned",
                           drop_trigger("score_log_sigs_no_delete",
                                        "score_log_sigs"),
                           ("DELETE FROM score_log_sigs", ()))
        rc, out = audit_verify(d, "--key", self.station_did())
        self.assertEqual(rc, 1, out)
        self.assertIn("record %d (lock of competition %d): no signature" %
                      (self.record("lock"), self.c1), out)

    def test_another_key(self):
        d, _ = self.copy("otherkey")
        rc, out = audit_verify(
            d, "--key", "did:key:z6MktwupdmLXVVqTzCw4i46r4uGyosGXRnR3XjN4Zq7oMMsw")
        self.assertEqual(rc, 1, out)
        self.assertIn("not a key given with --key", out)

    # -- the application goes on ----------------------------------------------

    def test_the_app_appends_after_a_verify(self):
        rc, out = audit_verify(self.server.dir)
        self.assertEqual(rc, 0, out)
        last_id, last_hash = self.one(
            "SELECT id, hash FROM score_log ORDER BY id DESC LIMIT 1")
        sheet_ok(self.j1, self.e3, flat(6.6), final=False)
        sheet_ok(self.j1, self.e3, flat(6.8))
        rows = self.server.sql(
            "SELECT id, action, prev, entry FROM score_log WHERE id > ?1 "
            "ORDER BY id", int(last_id))
        self.assertEqual([r[1] for r in rows], ["draft", "final"])
        self.assertEqual(int(rows[0][0]), int(last_id) + 1)
        self.assertEqual(rows[0][2], last_hash)
        self.assertEqual({int(r[3]) for r in rows}, {self.e3})
        rc, out = audit_verify(self.server.dir)
        self.assertEqual(rc, 0, out)
        self.assertIn("%d records checked" % (int(last_id) + 2), out)


if __name__ == "__main__":
    unittest.main()
