"""WorldSkills-style judgement marks: each aspect 0–3 (a 4, a decimal →
400); an aspect whose judges' marks differ by more than `spread` is
flagged and the round cannot lock (409 remark_needed, with how many
entries) until staff send the entry back (/remark: its final sheets
become drafts again) and the judges mark it again.

Three aspects, weights 40 40 20; spread 1; three judges, all counted.
A judge's total is Σ weight × mark (mark 0–3), in points Σ w × m / 3;
the entry's total is the mean of its judges':

  W1 first:  J1 3 2 2, J2 1 2 2, J3 2 2 3 — aspect 1 has 3 and 1: flagged
     again:  J1 3 2 2 = 120 + 80 + 40 = 240 (80.00)
             J2 2 2 2 = 200 (66.67)
             J3 2 2 3 = 80 + 80 + 60 = 220 (73.33)
             (240 + 200 + 220) / (3 × 3) = 660 / 9 = 73.333… → "73.33"
  W2:        J1 2 2 2 = 200, J2 2 3 2 = 80 + 120 + 40 = 240, J3 2 2 2 = 200
             640 / 9 = 71.111… → "71.11"
  W1 金奖 (rank 1), W2 银奖 (rank 2)."""
import unittest

from comp_util import (add_category, add_judge, build, by_entry, check_ok,
                       comp_open, create_comp, enter_ok, judging, lock,
                       publish, remark, results, selection_apprentice,
                       sheet, sheet_ok, step_ok, work_with_photo)
from harness import ServerTestCase, user
from training_util import login, new_master

ASPECTS = "造型 | Form | 40\n工艺 | Craft | 40\n创意 | Creativity | 20"


class WorldSkillsTest(ServerTestCase):
    users = {"staff": user("周晓琳", "staff")}

    @classmethod
    def prepare(cls):
        cls.staff = login(cls.server, cls.accounts["staff"])
        cls.j = [new_master(cls.server, cls.staff, "裁判%d" % i)
                 for i in (1, 2, 3)]
        (cls.comp, cls.w1, cls.w2, _, _) = cls.make("2027 玉雕技能赛")
        cls.cid = cls.comp["id"]

    @classmethod
    def make(cls, name):
        """An open WorldSkills competition judged by the three: (the
        competition, entry W1, entry W2, W1's entrant, W2's)."""
        b = build(cls.server, cls.staff, [("A", "玉雕", "Carving")],
                  [("W1", "A", None, "甲"), ("W2", "A", None, "乙")],
                  judges={"A": cls.j}, name_zh=name, mode="worldskills",
                  criteria=ASPECTS, spread=1, tiebreak="2")
        return (b.comp, b.entries["W1"], b.entries["W2"], b.people["W1"],
                b.people["W2"])

    def finals(self, entry):
        return self.server.sql(
            "SELECT judge, marks, final FROM comp_sheets WHERE entry = ?1 "
            "ORDER BY judge", entry)

    def test_the_rules_answer(self):
        c = self.comp
        self.assertEqual((c["mode"], c["mark_max"], c["spread"],
                          c["tiebreak"]), ("worldskills", 3, 1, [2]))
        self.assertEqual([(x["name_zh"], x["name_en"], x["weight"])
                          for x in c["criteria"]],
                         [("造型", "Form", 40), ("工艺", "Craft", 40),
                          ("创意", "Creativity", 20)])
        g = self.j[0].get("/api/v1/judging/%d" % self.w1["id"]).json()
        self.assertEqual((g["mode"], g["mark_max"]), ("worldskills", 3))
        page = self.j[0].get("/judging/%d" % self.w1["id"]).text
        self.assertIn('<select name="c1" id="f-c1" required>', page)
        self.assertNotIn('<option value="4"', page)

    def test_marks_are_0_to_3(self):
        e = self.w2["id"]
        j = self.j[2]
        for marks in ([4, 2, 2], ["4", 2, 2], [2.5, 2, 2], ["2.5", 2, 2],
                      [-1, 2, 2], [2, 2], [2, 2, 2, 2], ["3.0", 2, 2]):
            with self.subTest(marks=marks):
                self.assertJSONError(sheet(j, e, marks), 400,
                                     "invalid_marks")
        r = j.client.post_multipart("/judging/%d" % e, [
            ("c1", "4"), ("c2", "2"), ("c3", "2"), ("final", "1")],
            csrf=j.csrf)
        self.assertEqual(r.status, 400, r)
        self.assertEqual(self.server.sql(
            "SELECT count(*) FROM comp_sheets WHERE entry = ?1 AND judge "
            "= ?2", e, j.id), [["0"]])
        s = sheet_ok(j, e, [0, "3", 1], final=False)
        self.assertEqual(s["marks"], ["0", "3", "1"])

    def test_spread_remark_lock(self):
        comp, w1, w2, p1, _ = self.make("2027 玉雕技能赛（决赛）")
        cid, w1, w2 = comp["id"], w1["id"], w2["id"]
        j1, j2, j3 = self.j
        sheet_ok(j1, w1, [3, 2, 2])
        sheet_ok(j2, w1, [1, 2, 2])
        sheet_ok(j3, w1, [2, 2, 3])
        sheet_ok(j1, w2, [2, 2, 2])
        sheet_ok(j2, w2, [2, 3, 2])
        sheet_ok(j3, w2, [2, 2, 2])
        r = lock(self.staff, cid)
        j = self.assertJSONError(r, 409, "remark_needed")
        self.assertEqual((j["spread"], j["missing"]), (1, 0))
        self.assertEqual(step_ok(self.staff.get(
            "/api/v1/competitions/%d" % cid), "show")["competition"][
            "state"], "judging")
        self.assertEqual(self.server.sql(
            "SELECT count(*) FROM comp_results r JOIN comp_entries e ON "
            "e.id = r.entry WHERE e.competition = ?1", cid), [["0"]])
        # Only staff send an entry back.
        self.assertJSONError(j1.post("/api/v1/competitions/%d/remark" %
                                     cid, {"entry": w1}), 403,
                             "forbidden")
        self.assertJSONError(self.staff.post(
            "/api/v1/competitions/%d/remark" % cid, {}), 400,
            "invalid_entry")
        r = remark(self.staff, cid, w1)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json(), {"reopened": 3})
        self.assertEqual([f for _, _, f in self.finals(w1)], ["0"] * 3)
        self.assertEqual([f for _, _, f in self.finals(w2)], ["1"] * 3)
        self.assertEqual(self.server.sql(
            "SELECT count(*) FROM score_log WHERE action = 'reopen' AND "
            "entry = ?1", w1), [["3"]])
        for jj in self.j:
            self.assertEqual({x["id"]: x["sheet"] for x in judging(jj)[
                cid]}, {w1: "draft", w2: "final"})
        # Still not lockable: the drafts are missing finals.
        j = self.assertJSONError(lock(self.staff, cid), 409,
                                 "sheets_missing")
        self.assertEqual(j["missing"], 3)
        # The judges mark it again.
        sheet_ok(j1, w1, [3, 2, 2])
        sheet_ok(j2, w1, [2, 2, 2])
        sheet_ok(j3, w1, [2, 2, 3])
        lk = step_ok(lock(self.staff, cid), "lock")
        self.assertEqual((lk["ranked"], lk["short_panels"]), (2, 0))
        res = by_entry(results(self.staff, cid))
        self.assertEqual((res[w1]["rank"], res[w1]["tier_zh"],
                          res[w1]["total"], res[w1]["total_num"],
                          res[w1]["total_den"], res[w1]["counted"]),
                         (1, "金奖", "73.33", 660, 9, 3))
        self.assertEqual((res[w2]["rank"], res[w2]["tier_zh"],
                          res[w2]["total"], res[w2]["total_num"],
                          res[w2]["total_den"], res[w2]["counted"]),
                         (2, "银奖", "71.11", 640, 9, 3))
        # Nothing to re-mark once locked.
        self.assertJSONError(remark(self.staff, cid, w1), 409,
                             "wrong_state")
        step_ok(publish(self.staff, cid), "publish")
        # Each judge's total in points on the entrant's breakdown:
        # 240 / 3 = 80.00, 200 / 3 = 66.67, 220 / 3 = 73.33.
        sheets = p1.get("/api/v1/entries/%d" % w1).json()["sheets"]
        self.assertEqual({s["judge"]: (s["total"], s.get("dropped"))
                          for s in sheets},
                         {j1.id: ("80.00", None), j2.id: ("66.67", None),
                          j3.id: ("73.33", None)})
        self.assertNotIn("sheets", self.client().get(
            "/api/v1/entries/%d" % w1).json())

    def test_five_judges_all_count(self):
        # Only weighted marks drop the highest and lowest. Five judges:
        #   3 3 3 = 300, 2 2 2 = 200, 2 3 2 = 80 + 120 + 40 = 240,
        #   2 2 2 = 200, 3 2 2 = 120 + 80 + 40 = 240 (every aspect within
        #   spread 1); (300 + 200 + 240 + 200 + 240) / (5 × 3) = 1180 / 15
        #   = 78.666… → "78.67" (dropping 300 and 200 would give 75.56).
        staff = self.staff
        judges = [new_master(self.server, staff, "五人裁判%d" % i)
                  for i in range(5)]
        comp = create_comp(staff, name_zh="五人评判", mode="worldskills",
                           criteria=ASPECTS, spread=1)
        cat = add_category(staff, comp["id"], "玉雕")
        for j in judges:
            add_judge(staff, comp["id"], cat, j.id)
        p = selection_apprentice(self.server, staff, "五人选手")
        e = enter_ok(p, comp["id"], cat, work_with_photo(p)["id"])["id"]
        check_ok(staff, e)
        step_ok(comp_open(staff, comp["id"]), "open")
        for j, m in zip(judges, ([3, 3, 3], [2, 2, 2], [2, 3, 2], [2, 2, 2],
                                 [3, 2, 2])):
            sheet_ok(j, e, m)
        step_ok(lock(staff, comp["id"]), "lock")
        r = by_entry(results(staff, comp["id"]))[e]
        self.assertEqual((r["total"], r["total_num"], r["total_den"],
                          r["counted"]), ("78.67", 1180, 15, 5))


if __name__ == "__main__":
    unittest.main()
