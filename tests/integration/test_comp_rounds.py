"""Two rounds (advance = 2): a first round on photos, then a final for
the best two of each category and any tied with the second. The final
round's totals alone decide the tiers, by quota, and an entry tied with
the one above it gets the same tier even past the quota.

Rules: the default criteria (weights 5 5 25 30 10 5 5 10 5; tie-break
工艺技术 c4, then 创意创新 c3), min_panel 1, tiers 金 1, 银 1, 铜 1; one judge
per category (J1 摆件, J2 挂件), so an entry's total is its judge's.

Round 1
  摆件  A1 all 9.0 = 90.00   rank 1  → final
        A2 all 8.5 = 85.00   rank 2  → final
        A3 all 8.5 = 85.00   rank 2 (ties A2 on every criterion) → final
        A4 all 8.0 = 80.00   rank 4
        A5 all 7.0 = 70.00   rank 5
  挂件  B1 all 8.8 = 88.00   rank 1  → final
        B2 all 8.0, c3 6.8, c4 9.0 = 80 − 25 × 1.2 / 10 + 30 × 1.0 / 10
           = 80 − 3 + 3 = 80.00, c4 mean 9.0: rank 2 → final
        B3 all 8.0 = 80.00, c4 mean 8.0: rank 3 (tie-break) — out
  advanced: 3 + 2 = 5
Final
  摆件  A1 all 8.8 = 88.00, A2 all 8.8 = 88.00: both rank 1, both 金奖
        (the quota is 1); A3 all 8.0 = 80.00: rank 3, 银奖 (the tie took
        no place from 银奖)
  挂件  B2 all 7.5 = 75.00: rank 1 金奖; B1 all 7.0 = 70.00: rank 2 银奖
        (first in round 1, second in the final)
"""
import unittest

from comp_util import (THREE_TIERS, add_category, add_judge, build,
                       check_ok, comp_open, create_comp, enter_ok, flat,
                       judging, lock, publish, results, selection_apprentice,
                       sheet, sheet_ok, step_ok, work_with_photo)
from harness import ServerTestCase, user
from training_util import login, new_master

ROUND1 = {"A1": flat(9.0), "A2": flat(8.5), "A3": flat(8.5),
          "A4": flat(8.0), "A5": flat(7.0),
          "B1": flat(8.8), "B2": flat(8.0, c3=6.8, c4=9.0),
          "B3": flat(8.0)}
FINAL = {"A1": flat(8.8), "A2": flat(8.8), "A3": flat(8.0),
         "B1": flat(7.0), "B2": flat(7.5)}


class RoundsTest(ServerTestCase):
    users = {"staff": user("周晓琳", "staff")}

    @classmethod
    def prepare(cls):
        staff = cls.staff = login(cls.server, cls.accounts["staff"])
        cls.judge = {"A": new_master(cls.server, staff, "摆件评委"),
                     "B": new_master(cls.server, staff, "挂件评委")}
        b = build(cls.server, staff, [("A", "摆件", "Ornament"),
                                      ("B", "挂件", "Pendant")],
                  [(key, key[0], None, "作品" + key)
                   for key in sorted(ROUND1)],
                  judges={k: [j] for k, j in cls.judge.items()},
                  name_zh="2027 平洲玉雕新人赛", advance=2, min_panel=1,
                  tiers=THREE_TIERS)
        cls.comp, cid = b.comp, b.id
        cls.cid, cls.cat, cls.people, cls.e = cid, b.cats, b.people, \
            b.entries
        for key, marks in ROUND1.items():
            sheet_ok(cls.judge[key[0]], cls.e[key]["id"], marks)
        cls.lock1 = step_ok(lock(staff, cid), "lock round 1")
        cls.reached = dict(cls.server.sql(
            "SELECT id, reached FROM comp_entries WHERE competition = ?1",
            cid))
        cls.round1 = {k: cls.server.sql(
            "SELECT rank, advanced, tier FROM comp_results WHERE entry = ?1 "
            "AND round = 1", e["id"])[0] for k, e in cls.e.items()}
        cls.lists2 = {k: judging(j)[cid] for k, j in cls.judge.items()}
        cls.out_of_round = sheet(cls.judge["A"], cls.e["A4"]["id"],
                                 flat(10))
        cls.out_of_round_get = cls.judge["A"].get(
            "/api/v1/judging/%d" % cls.e["A4"]["id"])
        cls.results_while_judging = staff.get(
            "/api/v1/competitions/%d/results" % cid)
        cls.lock_early = lock(staff, cid)
        for key, marks in FINAL.items():
            sheet_ok(cls.judge[key[0]], cls.e[key]["id"], marks)
        cls.lock2 = step_ok(lock(staff, cid), "lock the final")
        cls.published = step_ok(publish(staff, cid), "publish")

    def eid(self, key):
        return self.e[key]["id"]

    def test_round_one(self):
        lk = self.lock1
        self.assertEqual((lk["ranked"], lk["advanced"]), (8, 5))
        self.assertEqual((lk["competition"]["state"],
                          lk["competition"]["round"],
                          lk["competition"]["rounds"]), ("judging", 2, 2))
        self.assertEqual({k: int(self.reached[str(self.eid(k))])
                          for k in self.e},
                         {"A1": 2, "A2": 2, "A3": 2, "A4": 1, "A5": 1,
                          "B1": 2, "B2": 2, "B3": 1})
        # rank, advanced, no tier in a first round
        self.assertEqual({k: tuple(int(v) for v in r)
                          for k, r in self.round1.items()},
                         {"A1": (1, 1, 0), "A2": (2, 1, 0), "A3": (2, 1, 0),
                          "A4": (4, 0, 0), "A5": (5, 0, 0),
                          "B1": (1, 1, 0), "B2": (2, 1, 0),
                          "B3": (3, 0, 0)})

    def test_round_two_offers_the_finalists_only(self):
        self.assertEqual(sorted(e["code"] for e in self.lists2["A"]),
                         sorted(self.e[k]["code"] for k in ("A1", "A2",
                                                            "A3")))
        self.assertEqual(sorted(e["code"] for e in self.lists2["B"]),
                         sorted(self.e[k]["code"] for k in ("B1", "B2")))
        for e in self.lists2["A"] + self.lists2["B"]:
            self.assertEqual((e["sheet"], e["reached"]), ("none", 2))
        self.assertJSONError(self.out_of_round, 409, "not_in_round")
        self.assertJSONError(self.out_of_round_get, 409, "not_in_round")
        self.assertEqual(self.server.sql(
            "SELECT count(*) FROM comp_sheets WHERE entry = ?1 AND round = 2",
            self.eid("A4")), [["0"]])
        # Between the rounds the results are nobody's, staff's included.
        self.assertJSONError(self.results_while_judging, 404,
                             "not_published")
        j = self.assertJSONError(self.lock_early, 409, "sheets_missing")
        self.assertEqual(j["missing"], 5)

    def test_the_final_decides(self):
        lk = self.lock2
        self.assertEqual((lk["ranked"], lk["advanced"],
                          lk["competition"]["state"]), (5, 0, "locked"))
        res = results(self.client(), self.cid)
        got = [[(x["entry"], x["rank"], x["tier"], x["tier_zh"], x["total"],
                 x["counted"]) for x in k["results"]]
               for k in res["categories"]]
        # Ties listed by code.
        a_tied = sorted(("A1", "A2"), key=lambda k: self.e[k]["code"])
        self.assertEqual(got, [
            [(self.eid(a_tied[0]), 1, 1, "金奖", "88.00", 1),
             (self.eid(a_tied[1]), 1, 1, "金奖", "88.00", 1),
             (self.eid("A3"), 3, 2, "银奖", "80.00", 1)],
            [(self.eid("B2"), 1, 1, "金奖", "75.00", 1),
             (self.eid("B1"), 2, 2, "银奖", "70.00", 1)]])
        # Five awards: two golds in 摆件, one silver, and 挂件's two.
        self.assertEqual((self.published["awards"],
                          self.published["nominations"]), (5, 0))
        rows = self.server.sql(
            "SELECT h.user, h.name_zh FROM honours h WHERE h.source = ?1 "
            "ORDER BY h.user", "competition:%d" % self.cid)
        self.assertEqual(rows, sorted([
            [str(self.people[k].id), "2027 平洲玉雕新人赛 %s %s" % (cat, t)]
            for k, cat, t in (("A1", "摆件", "金奖"), ("A2", "摆件", "金奖"),
                              ("A3", "摆件", "银奖"), ("B1", "挂件", "银奖"),
                              ("B2", "挂件", "金奖"))],
            key=lambda r: int(r[0])))

    def test_each_entrant_sees_both_rounds(self):
        # A finalist: round 1 and final sheets; the result is the final's.
        j = self.people["B1"].get("/api/v1/entries/%d" %
                                  self.eid("B1")).json()
        self.assertEqual({k: j["result"][k] for k in
                          ("round", "rank", "tier", "total_num",
                           "total_den")},
                         {"round": 2, "rank": 2, "tier": 2,
                          "total_num": 7000, "total_den": 100})
        self.assertEqual(sorted((s["round"], s["total"])
                                for s in j["sheets"]),
                         [(1, "88.00"), (2, "70.00")])
        # Out after round 1: that round's result, no tier, no award.
        j = self.people["B3"].get("/api/v1/entries/%d" %
                                  self.eid("B3")).json()
        self.assertEqual({k: j["result"][k] for k in
                          ("round", "rank", "tier", "total_num")},
                         {"round": 1, "rank": 3, "tier": 0,
                          "total_num": 8000})
        self.assertEqual([(s["round"], s["total"]) for s in j["sheets"]],
                         [(1, "80.00")])
        self.assertEqual(self.server.sql(
            "SELECT count(*) FROM honours WHERE user = ?1",
            self.people["B3"].id), [["0"]])


class AdvanceTieTest(ServerTestCase):
    """advance = 1 with three entries equal on every criterion: all three
    go on (no one is cut by a coin toss), and the final's quota of one
    gold goes to all three when they tie again."""
    users = {"staff": user("周晓琳", "staff")}

    def test_all_tied(self):
        staff = login(self.server, self.accounts["staff"])
        cid = create_comp(staff, advance=1, min_panel=1,
                          tiers="金奖 | Gold | 1\n银奖 | Silver | 1")["id"]
        cat = add_category(staff, cid, "摆件")
        j = new_master(self.server, staff, "评委")
        add_judge(staff, cid, cat, j.id)
        people = [selection_apprentice(self.server, staff, "并列%d" % i)
                  for i in range(3)]
        es = []
        for p in people:
            es.append(enter_ok(p, cid, cat, work_with_photo(p)["id"])["id"])
            check_ok(staff, es[-1])
        step_ok(comp_open(staff, cid), "open")
        for e in es:
            sheet_ok(j, e, flat(8.2))
        lk = step_ok(lock(staff, cid), "round 1")
        self.assertEqual(lk["advanced"], 3)
        self.assertEqual(sorted(e["id"] for e in judging(j)[cid]),
                         sorted(es))
        for e in es:
            sheet_ok(j, e, flat(9.1))
        step_ok(lock(staff, cid), "final")
        res = results(staff, cid)["categories"][0]["results"]
        self.assertEqual([(x["rank"], x["tier_zh"], x["total"])
                          for x in res], [(1, "金奖", "91.00")] * 3)


if __name__ == "__main__":
    unittest.main()
