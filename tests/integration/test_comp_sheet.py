"""A judge's sheet (评分表): every criterion in one submit, each 0–10 with
at most one decimal (400 invalid_marks for anything else, nothing
stored); a draft may be edited until it is submitted as final, then 409
sheet_final; after the lock 409; a master off the entry's panel gets 404;
apprentices, staff and anonymous callers are refused by the route
(403/401); two judges saving at once both land; the same final sheet
sent twice at once is taken once."""
import threading
import unittest
from concurrent.futures import ThreadPoolExecutor

from comp_util import (add_category, add_judge, audit_verify, check_ok,
                       comp_open, create_comp, enter_ok, flat, judging,
                       lock, selection_apprentice, sheet, sheet_ok, step_ok,
                       work_with_photo)
from harness import ServerTestCase, user
from training_util import SPREAD_OVER_WORKERS, login, new_master

MARKS_ZH = ("请为每一项打分：加权评分为0到10分（最多一位小数），世赛式为0到3分。")
MARKS_EN = ("Give every criterion a mark: 0 to 10 with at most one decimal "
            "(weighted), or 0 to 3 (WorldSkills).")


class SheetTest(ServerTestCase):
    users = {"staff": user("周晓琳", "staff")}
    # Requests made at the same moment run in both workers.
    extra_conf = SPREAD_OVER_WORKERS

    @classmethod
    def prepare(cls):
        staff = cls.staff = login(cls.server, cls.accounts["staff"])
        cls.cid = create_comp(staff)["id"]
        cat = add_category(staff, cls.cid, "摆件", "Ornament")
        cls.judges = [new_master(cls.server, staff, "评委%d" % i)
                      for i in (1, 2, 3)]
        cls.j1, cls.j2, cls.j3 = cls.judges
        for j in cls.judges:
            add_judge(staff, cls.cid, cat, j.id)
        cls.off = new_master(cls.server, staff, "局外师傅")
        cls.entrants = [selection_apprentice(cls.server, staff, "参赛者%d" % i)
                        for i in (1, 2, 3)]
        cls.e = []
        for i in range(8):
            p = cls.entrants[i % 3]
            w = work_with_photo(p, "作品%d" % (i + 1))
            cls.e.append(enter_ok(p, cls.cid, cat, w["id"])["id"])
            check_ok(staff, cls.e[-1])
        step_ok(comp_open(staff, cls.cid), "open")

    def rows(self, entry, judge):
        return self.server.sql(
            "SELECT marks, final FROM comp_sheets WHERE entry = ?1 AND "
            "judge = ?2", entry, judge.id)

    def logged(self, entry, judge):
        return self.server.sql(
            "SELECT action, old, new FROM score_log WHERE entry = ?1 AND "
            "judge = ?2 ORDER BY id", entry, judge.id)

    # -- what a sheet must hold -----------------------------------------------

    def test_marks_validation(self):
        e = self.e[0]
        good = flat(8.5)
        bad = [
            ("no marks", {"final": True}),
            ("8 marks (no c9)", {"marks": good[:8], "final": True}),
            ("10 marks", {"marks": good + [8], "final": True}),
            ("not a list", {"marks": "8.5 8.5 8.5 8.5 8.5 8.5 8.5 8.5 8.5"}),
            ("an object", {"marks": {"c1": 8}}),
            ("10.5", {"marks": good[:8] + [10.5]}),
            ("'10.5'", {"marks": good[:8] + ["10.5"]}),
            ("11", {"marks": good[:8] + [11]}),
            ("100", {"marks": good[:8] + [100]}),
            ("'8.55'", {"marks": good[:8] + ["8.55"]}),
            ("8.55", {"marks": good[:8] + [8.55]}),
            ("'abc'", {"marks": good[:8] + ["abc"]}),
            ("-1", {"marks": good[:8] + [-1]}),
            ("'-1'", {"marks": good[:8] + ["-1"]}),
            ("-0.5", {"marks": good[:8] + [-0.5]}),
            ("''", {"marks": good[:8] + [""]}),
            ("null", {"marks": good[:8] + [None]}),
            ("true", {"marks": good[:8] + [True]}),
            ("[8]", {"marks": good[:8] + [[8]]}),
            ("'8.'", {"marks": good[:8] + ["8."]}),
            ("'.5'", {"marks": good[:8] + [".5"]}),
            ("' 8'", {"marks": good[:8] + [" 8"]}),
            ("'8 '", {"marks": good[:8] + ["8 "]}),
            ("'1e1'", {"marks": good[:8] + ["1e1"]}),
            ("'８'", {"marks": good[:8] + ["８"]}),      # full-width 8
        ]
        for what, body in bad:
            with self.subTest(what=what):
                r = self.j1.post("/api/v1/judging/%d" % e, body)
                self.assertJSONError(r, 400, "invalid_marks", MARKS_ZH)
        r = self.j1.client.post_json("/api/v1/judging/%d" % e,
                                     {"marks": ["abc"] * 9}, csrf=self.j1.csrf,
                                     headers={"Accept-Language": "en"})
        self.assertJSONError(r, 400, "invalid_marks", MARKS_EN)
        self.assertJSONError(self.j1.post("/api/v1/judging/%d" % e, {
            "marks": good, "final": "yes"}), 400, "invalid_final")
        # The form: c1..c9, each required.
        form = [("c%d" % i, "8.5") for i in range(1, 10)]
        for what, fields in (
                ("no c9", form[:8] + [("final", "1")]),
                ("c9 10.5", form[:8] + [("c9", "10.5"), ("final", "1")]),
                ("c9 8.55", form[:8] + [("c9", "8.55"), ("final", "1")]),
                ("c9 abc", form[:8] + [("c9", "abc"), ("final", "1")]),
                ("c9 -1", form[:8] + [("c9", "-1"), ("final", "1")]),
                ("c1 empty", [("c1", "")] + form[1:] + [("final", "0")])):
            with self.subTest(form=what):
                r = self.j1.client.post_multipart(
                    "/judging/%d" % e, fields, csrf=self.j1.csrf)
                self.assertEqual(r.status, 400, r)
                self.assertIn(MARKS_ZH, r.text)
        self.assertEqual(self.rows(e, self.j1), [])
        self.assertEqual(self.logged(e, self.j1), [])
        # The edges are good: 0, 10, "10.0", "0.1", 9.9 … stored in tenths.
        s = sheet_ok(self.j1, e, [0, 10, "10.0", "0.1", 9.9, "5", 5.5, "7",
                                  3], final=False)
        self.assertEqual(s["marks"], ["0", "10", "10", "0.1", "9.9", "5",
                                      "5.5", "7", "3"])
        self.assertEqual(self.rows(e, self.j1),
                         [["0 100 100 1 99 50 55 70 30", "0"]])

    def test_draft_edit_final(self):
        e = self.e[1]
        a = sheet_ok(self.j1, e, flat(7.0), final=False)
        self.assertEqual((a["marks"], a["final"]), (["7"] * 9, False))
        self.assertEqual({x["id"]: x["sheet"] for x in judging(self.j1)[
            self.cid]}[e], "draft")
        b = sheet_ok(self.j1, e, flat(7.5, c4=8.0), final=False)
        self.assertEqual(b["marks"], ["7.5"] * 3 + ["8"] + ["7.5"] * 5)
        g = self.j1.get("/api/v1/judging/%d" % e).json()["sheet"]
        self.assertEqual((g["marks"], g["final"]), (b["marks"], False))
        page = self.j1.get("/judging/%d" % e).text
        self.assertIn('id="sheet-draft"', page)
        self.assertIn('name="c4" value="8"', page)
        c = sheet_ok(self.j1, e, flat(8.0, c4=8.5), final=True)
        self.assertEqual((c["marks"][3], c["final"]), ("8.5", True))
        self.assertEqual({x["id"]: x["sheet"] for x in judging(self.j1)[
            self.cid]}[e], "final")
        # Final is final: neither a draft nor a final changes it.
        for final in (False, True):
            self.assertJSONError(sheet(self.j1, e, flat(10), final=final),
                                 409, "sheet_final")
        form = self.j1.client.post_multipart(
            "/judging/%d" % e, [("c%d" % i, "10") for i in range(1, 10)] +
            [("final", "0")], csrf=self.j1.csrf)
        self.assertEqual(form.status, 409, form)
        self.assertEqual(self.rows(e, self.j1),
                         [["80 80 80 85 80 80 80 80 80", "1"]])
        page = self.j1.get("/judging/%d" % e).text
        self.assertIn('id="sheet-final"', page)
        self.assertNotIn('id="sheet-form"', page)
        # The log tells the story, each record with the marks before.
        self.assertEqual(self.logged(e, self.j1), [
            ["draft", "", "70 70 70 70 70 70 70 70 70"],
            ["draft", "70 70 70 70 70 70 70 70 70",
             "75 75 75 80 75 75 75 75 75"],
            ["final", "75 75 75 80 75 75 75 75 75",
             "80 80 80 85 80 80 80 80 80"]])

    def test_the_form(self):
        e = self.e[1]
        page = self.j2.get("/judging/%d" % e)
        self.assertEqual(page.status, 200)
        self.assertIn('id="sheet-form"', page.text)
        for i in range(1, 10):
            self.assertIn('name="c%d"' % i, page.text)
        fields = [("c%d" % i, "6.5") for i in range(1, 10)]
        r = self.j2.client.post_multipart(
            "/judging/%d" % e, fields + [("final", "0")],
            csrf=page.form_csrf("/judging/%d" % e))
        self.assertRedirect(r, "/judging/%d" % e)
        self.assertEqual(self.rows(e, self.j2), [[" ".join(["65"] * 9), "0"]])
        self.assertIn('name="c1" value="6.5"',
                      self.j2.get("/judging/%d" % e).text)
        r = self.j2.client.post_multipart(
            "/judging/%d" % e, fields + [("final", "1")], csrf=self.j2.csrf)
        self.assertRedirect(r, "/judging")
        self.assertEqual(self.rows(e, self.j2), [[" ".join(["65"] * 9), "1"]])

    # -- who may --------------------------------------------------------------

    def test_off_the_panel(self):
        e = self.e[0]
        for path in ("/api/v1/judging/%d" % e, "/api/v1/judging/999999"):
            with self.subTest(path=path):
                self.assertJSONError(self.off.get(path), 404, "not_found")
                self.assertJSONError(self.off.post(path, {
                    "marks": flat(9), "final": True}), 404, "not_found")
        self.assertEqual(self.off.get("/judging/%d" % e).status, 404)
        r = self.off.client.post_multipart(
            "/judging/%d" % e, [("c%d" % i, "9") for i in range(1, 10)] +
            [("final", "1")], csrf=self.off.csrf)
        self.assertEqual(r.status, 404, r)
        self.assertEqual(self.rows(e, self.off), [])
        self.assertEqual(judging(self.off), {})
        self.assertIn('id="nothing"', self.off.get("/judging").text)

    def test_other_roles(self):
        e = self.e[2]
        body = {"marks": flat(9), "final": True}
        apprentice = self.entrants[0]
        anon = self.client()
        anon_token = anon.api_csrf()
        for who, c, token, status, code in (
                ("apprentice", apprentice.client, apprentice.csrf, 403,
                 "forbidden"),
                ("staff", self.staff.client, self.staff.csrf, 403,
                 "forbidden"),
                ("anonymous", anon, anon_token, 401, "login_required")):
            with self.subTest(who=who):
                r = c.post_json("/api/v1/judging/%d" % e, body, csrf=token)
                self.assertJSONError(r, status, code)
                self.assertJSONError(c.get("/api/v1/judging/%d" % e),
                                     status, code)
                self.assertJSONError(c.get("/api/v1/judging"), status, code)
                r = c.post_multipart(
                    "/judging/%d" % e, [("c%d" % i, "9") for i in
                                        range(1, 10)] + [("final", "1")],
                    csrf=token)
                self.assertEqual(r.status, status, r)
                r = c.get("/judging")
                if who == "anonymous":
                    self.assertRedirect(r, "/login")
                else:
                    self.assertEqual(r.status, 403, r)
        # A judge without the CSRF token: refused, nothing written.
        r = self.j3.post("/api/v1/judging/%d" % e, body, csrf=None)
        self.assertJSONError(r, 403, "csrf")
        r = self.j3.post("/api/v1/judging/%d" % e, body, csrf="0" * 64)
        self.assertJSONError(r, 403, "csrf")
        self.assertEqual(self.server.sql(
            "SELECT count(*) FROM comp_sheets WHERE entry = ?1", e), [["0"]])

    # -- at the same time -----------------------------------------------------

    def test_judges_at_the_same_time(self):
        # Every judge on entries 4..6 at once: nine saves, all land.
        entries = self.e[3:6]
        jobs = [(j, e, m) for j in self.judges for e in entries
                for m in (7.0 + self.judges.index(j) * 0.5,)]
        barrier = threading.Barrier(len(jobs))

        def save(job):
            j, e, m = job
            barrier.wait()
            return sheet(j, e, flat(m))

        with ThreadPoolExecutor(len(jobs)) as ex:
            answers = list(ex.map(save, jobs))
        self.assertEqual([r.status for r in answers], [200] * len(jobs),
                         answers)
        for j, e, m in jobs:
            self.assertEqual(self.rows(e, j), [[" ".join(
                [str(int(m * 10))] * 9), "1"]])
        self.assertEqual(self.server.sql(
            "SELECT count(*) FROM score_log WHERE action = 'final' AND "
            "entry IN (?1, ?2, ?3)", *entries), [["9"]])
        # The log's chain held through the race.
        rc, out = audit_verify(self.server.dir)
        self.assertEqual(rc, 0, out)

    def test_double_submit(self):
        e = self.e[6]
        barrier = threading.Barrier(2)

        def save(_):
            barrier.wait()
            return sheet(self.j1, e, flat(8.8))

        with ThreadPoolExecutor(2) as ex:
            answers = list(ex.map(save, range(2)))
        self.assertEqual(sorted(r.status for r in answers), [200, 409],
                         answers)
        refused = [r for r in answers if r.status == 409][0]
        self.assertJSONError(refused, 409, "sheet_final")
        self.assertEqual(self.rows(e, self.j1), [[" ".join(["88"] * 9), "1"]])
        self.assertEqual([a for a, _, _ in self.logged(e, self.j1)],
                         ["final"])


class LockedSheetTest(ServerTestCase):
    """The lock waits for every sheet; after it, sheets are closed."""
    users = {"staff": user("周晓琳", "staff")}

    def test_after_the_lock(self):
        staff = login(self.server, self.accounts["staff"])
        cid = create_comp(staff)["id"]
        cat = add_category(staff, cid, "摆件")
        j1 = new_master(self.server, staff, "评委1")
        j2 = new_master(self.server, staff, "评委2")
        for j in (j1, j2):
            add_judge(staff, cid, cat, j.id)
        p = selection_apprentice(self.server, staff, "参赛者")
        ea = enter_ok(p, cid, cat, work_with_photo(p, "甲")["id"])["id"]
        eb = enter_ok(p, cid, cat, work_with_photo(p, "乙")["id"])["id"]
        for e in (ea, eb):
            check_ok(staff, e)
        # Before judging opens: not yet.
        self.assertJSONError(sheet(j1, ea, flat(8)), 409, "wrong_state")
        step_ok(comp_open(staff, cid), "open")
        sheet_ok(j1, ea, flat(8))
        sheet_ok(j1, eb, flat(8))
        sheet_ok(j2, ea, flat(8))
        sheet_ok(j2, eb, flat(8), final=False)
        r = lock(staff, cid)
        j = self.assertJSONError(r, 409, "sheets_missing")
        self.assertEqual((j["missing"], j["spread"]), (1, 0))
        sheet_ok(j2, eb, flat(9))
        self.assertEqual(step_ok(lock(staff, cid), "lock")["competition"][
            "state"], "locked")
        for judge in (j1, j2):
            for e in (ea, eb):
                with self.subTest(judge=judge.name, entry=e):
                    for r in (sheet(judge, e, flat(10)),
                              judge.get("/api/v1/judging/%d" % e)):
                        self.assertEqual(r.status, 409, r)
                        self.assertIn(r.json()["error"],
                                      ("not_in_round", "wrong_state"))
                    self.assertEqual(judge.get("/judging/%d" % e).status,
                                     409)
        self.assertEqual(self.server.sql(
            "SELECT marks FROM comp_sheets WHERE entry = ?1 AND judge = ?2",
            eb, j2.id), [[" ".join(["90"] * 9)]])


class TwelveCriteriaTest(ServerTestCase):
    """The most criteria a competition may have: the form's c1..c12 all
    reach the sheet."""
    users = {"staff": user("周晓琳", "staff")}

    def test_twelve(self):
        staff = login(self.server, self.accounts["staff"])
        crit = "\n".join("项%d | C%d | %d" % (i, i, 9 if i <= 4 else 8)
                         for i in range(1, 13))        # 4 × 9 + 8 × 8 = 100
        cid = create_comp(staff, criteria=crit, min_panel=1)["id"]
        cat = add_category(staff, cid, "摆件")
        j = new_master(self.server, staff, "评委")
        add_judge(staff, cid, cat, j.id)
        p = selection_apprentice(self.server, staff, "参赛者")
        e = enter_ok(p, cid, cat, work_with_photo(p)["id"])["id"]
        check_ok(staff, e)
        step_ok(comp_open(staff, cid), "open")
        page = j.get("/judging/%d" % e).text
        self.assertIn('name="c12"', page)
        self.assertNotIn('name="c13"', page)
        marks = ["1.1", "2.2", "3.3", "4.4", "5.5", "6.6", "7.7", "8.8",
                 "9.9", "10", "0", "5"]
        r = j.client.post_multipart(
            "/judging/%d" % e, [("c%d" % (i + 1), m) for i, m in
                                enumerate(marks)] + [("final", "1")],
            csrf=j.csrf)
        self.assertRedirect(r, "/judging")
        self.assertEqual(self.server.sql(
            "SELECT marks FROM comp_sheets WHERE entry = ?1", e),
            [["11 22 33 44 55 66 77 88 99 100 0 50"]])
        # 9 × (1.1 + 2.2 + 3.3 + 4.4) / 10 + 8 × (5.5 + 6.6 + 7.7 + 8.8
        # + 9.9 + 10 + 0 + 5) / 10 = 9 × 11 / 10 + 8 × 53.5 / 10
        # = 9.9 + 42.8 = 52.70
        step_ok(lock(staff, cid), "lock")
        r = staff.get("/api/v1/competitions/%d/results" % cid).json()
        self.assertEqual(r["categories"][0]["results"][0]["total"], "52.70")


if __name__ == "__main__":
    unittest.main()
