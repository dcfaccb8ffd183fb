"""Recusals staff declare (POST /competitions/<id>/recusals): a conflict
the lineage does not show — a relative, an employer. The judge is no
longer offered the entry, the server refuses their sheet (403 recused),
a sheet they had given stops counting and showing, and the score log
records it with its reason. It is also how a WorldSkills round whose
judges will not come within the spread can be locked: the chief expert
takes the outlier off the entry (the entry's panel shrinks and is
flagged when below the minimum)."""
from comp_util import (build, by_entry, judging, lock, publish, results,
                       sheet, sheet_ok, step_ok)
from harness import ServerTestCase, user
from training_util import login, new_master

ASPECTS = "造型 | Form | 40\n工艺 | Craft | 40\n创意 | Creativity | 20"


def declare(staff, cid, entry, judge, reason="评委是参赛者的亲属"):
    return staff.post("/api/v1/competitions/%d/recusals" % cid,
                      {"entry": entry, "judge": judge, "reason": reason})


class DeclaredRecusalTest(ServerTestCase):
    users = {"staff": user("周晓琳", "staff")}

    @classmethod
    def prepare(cls):
        cls.staff = login(cls.server, cls.accounts["staff"])

    def test_declared_recusal(self):
        b = build(self.server, self.staff, [("A", "挂件", "Pendants")],
                  [("x", "A", None, "翡翠挂件"), ("y", "A", None, "岫玉挂件")],
                  judges={"A": 3}, min_panel=3)
        cid, x, y = b.id, b.entries["x"]["id"], b.entries["y"]["id"]
        j1, j2, j3 = b.judges["A"]
        sheet_ok(j3, x, [6] * 9)
        # Bad input and refusals.
        self.assertJSONError(declare(self.staff, cid, x, j3.id, ""), 400,
                             "invalid_reason")
        self.assertJSONError(declare(self.staff, cid, x, j3.id, "长" * 201),
                             400, "invalid_reason")
        other = new_master(self.server, self.staff, "局外评委")
        self.assertJSONError(declare(self.staff, cid, x, other.id), 404,
                             "not_found")
        self.assertJSONError(j1.post("/api/v1/competitions/%d/recusals" %
                                     cid, {"entry": x, "judge": j3.id,
                                           "reason": "亲属"}), 403,
                             "forbidden")
        r = declare(self.staff, cid, x, j3.id)
        self.assertEqual(r.status, 201, r)
        self.assertJSONError(declare(self.staff, cid, x, j3.id), 409,
                             "already_done")
        self.assertEqual(self.server.sql(
            "SELECT depth FROM comp_recusals WHERE entry = ?1 AND "
            "judge = ?2", x, j3.id), [["0"]])
        self.assertEqual(self.server.sql(
            "SELECT actor, new FROM score_log WHERE action = 'recuse' AND "
            "entry = ?1 AND judge = ?2", x, j3.id),
            [[str(self.staff.id), "评委是参赛者的亲属"]])
        # Not offered, refused, and the sheet given before is out.
        self.assertNotIn(x, [e["id"] for e in judging(j3)[cid]])
        self.assertJSONError(sheet(j3, x, [7] * 9), 403, "recused")
        for j in (j1, j2):
            sheet_ok(j, x, [8] * 9)
        for j in (j1, j2, j3):
            sheet_ok(j, y, [7] * 9)
        step_ok(lock(self.staff, cid), "lock")
        step_ok(publish(self.staff, cid), "publish")
        res = by_entry(results(self.staff, cid))
        # x: two judges of 8 on every criterion = 80.00, below the
        # panel's minimum of 3; y: three of 7 = 70.00.
        self.assertEqual((res[x]["total"], res[x]["counted"],
                          res[x]["panel_short"]), ("80.00", 2, True))
        self.assertEqual((res[y]["total"], res[y]["counted"],
                          res[y]["panel_short"]), ("70.00", 3, False))
        sheets = b.people["x"].get("/api/v1/entries/%d" % x).json()[
            "sheets"]
        self.assertEqual(sorted(s["judge"] for s in sheets),
                         sorted([j1.id, j2.id]))
        # Locked: nothing more to declare.
        self.assertJSONError(declare(self.staff, cid, y, j1.id), 409,
                             "wrong_state")

    def test_worldskills_outlier(self):
        b = build(self.server, self.staff, [("A", "玉雕", "Carving")],
                  [("w", "A", None, "甲")], judges={"A": 3},
                  mode="worldskills", criteria=ASPECTS, spread=1,
                  min_panel=2)
        cid, w = b.id, b.entries["w"]["id"]
        j1, j2, j3 = b.judges["A"]
        sheet_ok(j1, w, [3, 3, 3])
        sheet_ok(j2, w, [3, 2, 3])
        sheet_ok(j3, w, [1, 1, 1])
        self.assertJSONError(lock(self.staff, cid), 409, "remark_needed")
        self.assertEqual(declare(self.staff, cid, w, j3.id,
                                 "首席专家裁定：评分与评分标准不符").status,
                         201)
        step_ok(lock(self.staff, cid), "lock")
        res = by_entry(results(self.staff, cid))
        # (40*3 + 40*3 + 20*3) + (40*3 + 40*2 + 20*3) = 300 + 260 = 560
        # over 2 judges x 3: 560 / 6 = 93.33.
        self.assertEqual((res[w]["total"], res[w]["counted"],
                          res[w]["panel_short"]), ("93.33", 2, False))
