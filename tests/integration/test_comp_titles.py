"""The town's title rule: two placings in the top tier across published
competitions propose 平洲玉匠 to staff (/nominations), once per person and
title; a locked competition not yet published does not count; staff
confirm (the title and its certificate) or decline, once."""
import unittest

from comp_util import (build, flat, lock, publish, selection_apprentice,
                       sheet_ok, step_ok)
from harness import ServerTestCase, user
from training_util import login, new_master


class TitlesTest(ServerTestCase):
    users = {"staff": user("周晓琳", "staff")}

    @classmethod
    def prepare(cls):
        cls.staff = login(cls.server, cls.accounts["staff"])
        cls.judge = new_master(cls.server, cls.staff, "评委")
        cls.gold = selection_apprentice(cls.server, cls.staff, "常胜学员")
        cls.second = selection_apprentice(cls.server, cls.staff, "亚军学员")

    def locked_comp(self, name, marks):
        """A competition locked with one category judged by the judge:
        marks [(Person, mark)]. Its id."""
        b = build(self.server, self.staff, [("A", "摆件", "")],
                  [(str(i), "A", p, name) for i, (p, _) in
                   enumerate(marks)], judges={"A": [self.judge]},
                  name_zh=name, min_panel=1)
        for i, (_, m) in enumerate(marks):
            sheet_ok(self.judge, b.entries[str(i)]["id"], flat(m))
        step_ok(lock(self.staff, b.id), "lock")
        return b.id

    def nominations(self, user_id):
        r = self.staff.get("/api/v1/nominations")
        self.assertEqual(r.status, 200, r)
        return [n for n in r.json()["nominations"] if n["user"] == user_id]

    def test_two_golds_across_competitions(self):
        # Gold in 甲赛 (locked, not yet published) and in 乙赛 (published):
        # one published gold, no title yet.
        c1 = self.locked_comp("甲赛", [(self.gold, 9), (self.second, 8)])
        c2 = self.locked_comp("乙赛", [(self.gold, 9), (self.second, 8)])
        p = step_ok(publish(self.staff, c2), "publish 乙赛")
        self.assertEqual((p["awards"], p["nominations"]), (2, 0))
        self.assertEqual(self.nominations(self.gold.id), [])
        # Publishing 甲赛 makes two: proposed, with both named.
        p = step_ok(publish(self.staff, c1), "publish 甲赛")
        self.assertEqual(p["nominations"], 1)
        noms = self.nominations(self.gold.id)
        self.assertEqual(len(noms), 1)
        n = noms[0]
        self.assertEqual((n["title_zh"], n["title_en"], n["state"],
                          n["competition"], n["honour"]),
                         ("平洲玉匠", "Pingzhou Jade Artisan", "proposed", c1,
                          0))
        self.assertIn("2 × 金奖", n["reason"])
        self.assertIn("甲赛", n["reason"])
        self.assertIn("乙赛", n["reason"])
        # Two silvers propose nothing.
        self.assertEqual(self.nominations(self.second.id), [])
        page = self.staff.get("/nominations").text
        self.assertIn("常胜学员", page)
        self.assertIn('action="/nominations/%d/confirm"' % n["id"], page)
        # Declined: no title; decided once.
        r = self.staff.post("/api/v1/nominations/%d/decline" % n["id"])
        self.assertEqual((r.status, r.json()), (200, {"state": "declined"}))
        for step in ("confirm", "decline"):
            self.assertJSONError(self.staff.post(
                "/api/v1/nominations/%d/%s" % (n["id"], step)), 409,
                "already_done")
        self.assertEqual(self.server.sql(
            "SELECT count(*) FROM honours WHERE user = ?1 AND kind = "
            "'title'", self.gold.id), [["0"]])
        self.assertEqual([x for x in self.gold.get("/api/v1/certs").json()[
            "certificates"] if x["kind"] == "title"], [])
        # A third gold proposes nothing new: once per person and title.
        c3 = self.locked_comp("丙赛", [(self.gold, 9)])
        self.assertEqual(step_ok(publish(self.staff, c3), "publish")[
            "nominations"], 0)
        self.assertEqual([x["state"] for x in
                          self.nominations(self.gold.id)], ["declined"])
        # Only staff decide.
        self.assertJSONError(self.judge.post(
            "/api/v1/nominations/%d/confirm" % n["id"]), 403, "forbidden")
        self.assertJSONError(self.staff.post(
            "/api/v1/nominations/999999/confirm"), 404, "not_found")


if __name__ == "__main__":
    unittest.main()

    def test_certificate_language(self):
        """publish and confirm take the certificates' `lang`: zh, en or
        both; anything else is refused (400 invalid_lang) and changes
        nothing."""
        who = selection_apprentice(self.server, self.staff, "双语学员")
        c1 = self.locked_comp("语言赛一", [(who, 9)])
        c2 = self.locked_comp("语言赛二", [(who, 9)])
        for bad in ("fr", 5, ["zh"]):
            with self.subTest(lang=bad):
                self.assertJSONError(self.staff.post(
                    "/api/v1/competitions/%d/publish" % c1, {"lang": bad}),
                    400, "invalid_lang")
        self.assertEqual(self.server.sql(
            "SELECT state FROM competitions WHERE id = ?1", c1),
            [["locked"]])
        step_ok(self.staff.post("/api/v1/competitions/%d/publish" % c1,
                                {"lang": "en"}), "publish in English")
        step_ok(publish(self.staff, c2), "publish")
        self.assertEqual(self.server.sql(
            "SELECT c.lang FROM certificates c JOIN honours h ON "
            "c.event = 'honour:' || h.id WHERE h.user = ?1 AND "
            "h.source = 'competition:' || ?2", who.id, c1), [["en"]])
        [n] = [x for x in self.staff.get("/api/v1/nominations").json()[
            "nominations"] if x["user"] == who.id]
        self.assertJSONError(self.staff.post(
            "/api/v1/nominations/%d/confirm" % n["id"], {"lang": "de"}),
            400, "invalid_lang")
        self.assertEqual(self.server.sql(
            "SELECT state FROM title_nominations WHERE id = ?1", n["id"]),
            [["proposed"]])
        r = self.staff.post("/api/v1/nominations/%d/confirm" % n["id"],
                            {"lang": "both"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual((r.json()["state"], r.json()["certificate"][
            "lang"], r.json()["certificate"]["kind"]),
            ("confirmed", "both", "title"))

