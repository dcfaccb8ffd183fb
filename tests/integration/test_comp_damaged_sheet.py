"""A sheet whose stored marks no longer read (a row damaged behind the
server's back): the store reads a sheet's marks once, and every reader
must treat such a sheet as before (issue 17, marks parsed once). The
judge's sheet shows no marks (JSON [] and empty inputs) and saving over
it logs the damaged text as the old marks, byte for byte; the staff's
breakdown of the entry leaves it out; the lock refuses with 500 and
writes nothing."""
import unittest

from comp_util import (add_category, add_judge, check_ok, comp_open,
                       create_comp, db_write, enter_ok, flat, lock,
                       selection_apprentice, sheet_ok, step_ok,
                       work_with_photo)
from harness import ServerTestCase, user
from training_util import login, new_master

DAMAGED = "85 x"


class DamagedSheetTest(ServerTestCase):
    users = {"staff": user("周晓琳", "staff")}

    @classmethod
    def prepare(cls):
        staff = cls.staff = login(cls.server, cls.accounts["staff"])
        cls.cid = create_comp(staff)["id"]
        cat = add_category(staff, cls.cid, "摆件", "Ornament")
        cls.j1 = new_master(cls.server, staff, "评委甲")
        cls.j2 = new_master(cls.server, staff, "评委乙")
        for j in (cls.j1, cls.j2):
            add_judge(staff, cls.cid, cat, j.id)
        p = selection_apprentice(cls.server, staff, "参赛者")
        w = work_with_photo(p, "翡翠摆件")
        cls.e = enter_ok(p, cls.cid, cat, w["id"])["id"]
        check_ok(staff, cls.e)
        step_ok(comp_open(staff, cls.cid), "open")

    def damage(self, judge):
        db_write(self.server, "UPDATE comp_sheets SET marks = ? WHERE "
                 "entry = ? AND judge = ?", (DAMAGED, self.e, judge.id))

    def breakdown(self):
        r = self.staff.get("/api/v1/entries/%d" % self.e)
        self.assertEqual(r.status, 200, r)
        return r.json()["sheets"]

    def test_damaged_sheet(self):
        sheet_ok(self.j1, self.e, flat(8.5), final=False)
        sheet_ok(self.j2, self.e, flat(7.0), final=True)
        self.assertEqual(len(self.breakdown()), 2)
        self.damage(self.j1)

        # The judge's own sheet: no marks, still a draft.
        r = self.j1.get("/api/v1/judging/%d" % self.e)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["sheet"]["marks"], [])
        self.assertFalse(r.json()["sheet"]["final"])
        page = self.j1.get("/judging/%d" % self.e)
        self.assertEqual(page.status, 200, page)
        self.assertIn('id="sheet-draft"', page.text)
        self.assertIn('name="c1" value=""', page.text)

        # Staff's breakdown leaves the sheet out; the other stays.
        self.assertEqual([s["judge"] for s in self.breakdown()],
                         [self.j2.id])

        # Saving over it: the log keeps the damaged text as the old marks.
        sheet_ok(self.j1, self.e, flat(8.0), final=True)
        rows = self.server.sql(
            "SELECT action, old, new FROM score_log WHERE entry = ?1 AND "
            "judge = ?2 ORDER BY id", self.e, self.j1.id)
        self.assertEqual(rows[-1], ["final", DAMAGED,
                                    " ".join(["80"] * 9)])

        # A final sheet damaged: the lock refuses and writes nothing.
        self.damage(self.j2)
        r = lock(self.staff, self.cid)
        self.assertEqual(r.status, 500, r)
        self.assertEqual(self.server.sql(
            "SELECT state FROM competitions WHERE id = ?1", self.cid),
            [["judging"]])
        self.assertEqual(self.server.sql(
            "SELECT count(*) FROM comp_results"), [["0"]])


if __name__ == "__main__":
    unittest.main()
