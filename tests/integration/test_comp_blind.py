"""Blind judging: until results are published, a judge sees an entry's
code, category and photos — served under the entry's own URL — and never
the entrant's name or account, the work's title or id (searched for in
the raw text of every answer a judge gets: /api/v1/judging, the sheet,
their pages, the competition). The entry's own page is 404 to the judge;
its photos are served to the judges of its panel while judging, and to
no other master, apprentice or anonymous caller before publication.
After publication the names are public."""
import unittest

from comp_util import (add_category, add_judge, check_ok, comp_open,
                       create_comp, enter_ok, flat, judging, lock, publish,
                       results, selection_apprentice, sheet_ok, step_ok,
                       work_with_photo)
from harness import ServerTestCase, user
from training_util import login, new_apprentice, new_master

ENTRANT = "欧阳明珠"
TITLE = "冰种翡翠貔貅摆件"
OTHER = "司马玉琴"
OTHER_TITLE = "紫罗兰翡翠手镯"


class BlindTest(ServerTestCase):
    users = {"staff": user("周晓琳", "staff")}

    @classmethod
    def prepare(cls):
        staff = cls.staff = login(cls.server, cls.accounts["staff"])
        cls.comp = create_comp(staff, min_panel=2)
        cid = cls.cid = cls.comp["id"]
        cls.cat_a = add_category(staff, cid, "摆件", "Ornament")
        cls.cat_b = add_category(staff, cid, "手镯", "Bangle")
        cls.j1 = new_master(cls.server, staff, "评委甲")
        cls.j2 = new_master(cls.server, staff, "评委乙")
        cls.k1 = new_master(cls.server, staff, "评委丙")      # 手镯 only
        cls.outsider = new_master(cls.server, staff, "局外师傅")
        for j in (cls.j1, cls.j2):
            add_judge(staff, cid, cls.cat_a, j.id)
        add_judge(staff, cid, cls.cat_b, cls.k1.id)
        cls.entrant = selection_apprentice(cls.server, staff, ENTRANT)
        cls.work = work_with_photo(cls.entrant, TITLE, photos=2)
        cls.entry = enter_ok(cls.entrant, cid, cls.cat_a, cls.work["id"])
        cls.other = selection_apprentice(cls.server, staff, OTHER)
        cls.other_work = work_with_photo(cls.other, OTHER_TITLE)
        cls.other_entry = enter_ok(cls.other, cid, cls.cat_b,
                                   cls.other_work["id"])
        for e in (cls.entry, cls.other_entry):
            check_ok(staff, e["id"])
        cls.apprentice = new_apprentice(cls.server, "旁观学员")
        # Before judging opens, even the panel gets no photo.
        cls.photo_before_open = cls.j1.get(cls.photo_url(1)).status
        step_ok(comp_open(staff, cid), "open")

    @classmethod
    def photo_url(cls, n, entry=None):
        return "/entries/%d/photos/%d.jpg" % (
            (entry or cls.entry)["id"], n)

    def secrets(self):
        """What a judge must never read before publication."""
        w = self.work
        return [ENTRANT, self.entrant.user["account"], TITLE,
                OTHER, self.other.user["account"], OTHER_TITLE,
                "/works/%d" % w["id"], "/works/%d" % self.other_work["id"],
                '"work"', '"entrant"', '"entrant_name"', '"title"'] + \
            ["/photos/%d/" % p["id"] for p in w["photos"]]

    def assertBlind(self, r, where):
        self.assertEqual(r.status, 200, (where, r))
        for s in self.secrets():
            self.assertNotIn(s, r.text, "%s shows %r" % (where, s))

    # -- judging --------------------------------------------------------------

    def test_judging_list_is_blind(self):
        r = self.j1.get("/api/v1/judging")
        self.assertBlind(r, "/api/v1/judging")
        comps = r.json()["competitions"]
        self.assertEqual([(c["id"], c["round"], c["rounds"]) for c in comps],
                         [(self.cid, 1, 1)])
        self.assertEqual(comps[0]["entries"], [{
            "id": self.entry["id"], "code": self.entry["code"],
            "category": self.cat_a, "category_zh": "摆件",
            "category_en": "Ornament", "status": "eligible", "reached": 1,
            "sheet": "none"}])
        page = self.j1.get("/judging")
        self.assertBlind(page, "/judging")
        self.assertIn('<a href="/judging/%d"><code>%s</code></a>' % (
            self.entry["id"], self.entry["code"]), page.text)
        # The other category's judge sees only the other entry.
        self.assertEqual([e["code"] for e in judging(self.k1)[self.cid]],
                         [self.other_entry["code"]])
        self.assertEqual(judging(self.outsider), {})

    def test_sheet_is_blind(self):
        r = self.j1.get("/api/v1/judging/%d" % self.entry["id"])
        self.assertBlind(r, "/api/v1/judging/<entry>")
        j = r.json()
        self.assertEqual(set(j), {"entry", "photos", "round", "mode",
                                  "mark_max", "sheet"})
        self.assertEqual(set(j["entry"]), {"id", "code", "category",
                                           "category_zh", "category_en",
                                           "status", "reached"})
        self.assertEqual(j["photos"], [self.photo_url(1), self.photo_url(2)])
        page = self.j1.get("/judging/%d" % self.entry["id"])
        self.assertBlind(page, "/judging/<entry>")
        self.assertIn('<code id="entry-code">%s</code>' % self.entry["code"],
                      page.text)
        self.assertIn('src="%s"' % self.photo_url(1), page.text)
        self.assertIn('src="%s"' % self.photo_url(2), page.text)
        # Saving a draft answers blind too.
        s = self.j2.post("/api/v1/judging/%d" % self.entry["id"],
                         {"marks": flat(8), "final": False})
        self.assertBlind(s, "POST /api/v1/judging/<entry>")

    def test_competition_pages_are_blind_to_judges(self):
        for path in ("/competitions/%d" % self.cid,
                     "/api/v1/competitions/%d" % self.cid,
                     "/competitions", "/api/v1/competitions", "/me"):
            with self.subTest(path=path):
                self.assertBlind(self.j1.get(path), path)
        j = self.j1.get("/api/v1/competitions/%d" % self.cid).json()
        self.assertNotIn("entries", j)
        self.assertIs(j["judge"], True)
        self.assertIs(self.outsider.get("/api/v1/competitions/%d" %
                                        self.cid).json()["judge"], False)
        self.assertIn('id="judge-link"', self.j1.get(
            "/competitions/%d" % self.cid).text)

    def test_entry_page_is_not_the_judges(self):
        eid = self.entry["id"]
        for who, c in (("judge", self.j1.client),
                       ("other category's judge", self.k1.client),
                       ("master off the panels", self.outsider.client),
                       ("apprentice", self.apprentice.client),
                       ("other entrant", self.other.client),
                       ("anonymous", self.client())):
            with self.subTest(who=who):
                self.assertJSONError(c.get("/api/v1/entries/%d" % eid), 404,
                                     "not_found")
                r = c.get("/entries/%d" % eid)
                self.assertEqual(r.status, 404, r)
                self.assertNotIn(ENTRANT, r.text)
                self.assertNotIn(TITLE, r.text)
        # The private work itself is not the judge's either.
        self.assertEqual(self.j1.get("/api/v1/works/%d" %
                                     self.work["id"]).status, 404)
        # The entrant and staff see the entry, names and all.
        for c in (self.entrant, self.staff):
            j = c.get("/api/v1/entries/%d" % eid).json()
            self.assertEqual((j["entry"]["entrant_name"],
                              j["entry"]["title"]), (ENTRANT, TITLE))

    def test_photos_only_for_the_panel(self):
        self.assertEqual(self.photo_before_open, 404)
        for n in (1, 2):
            for who, c in (("judge", self.j1), ("judge", self.j2),
                           ("entrant", self.entrant),
                           ("staff", self.staff)):
                with self.subTest(n=n, who=who):
                    r = c.get(self.photo_url(n))
                    self.assertEqual(r.status, 200, r)
                    self.assertEqual(r.header("content-type"), "image/jpeg")
                    self.assertEqual(r.body[:2], b"\xff\xd8")
                    for h, v in r.headers:
                        self.assertNotIn(TITLE, v)
                        self.assertNotIn(ENTRANT, v)
        self.assertEqual(self.j1.get(self.photo_url(3)).status, 404)
        for who, c in (("other category's judge", self.k1.client),
                       ("master off the panels", self.outsider.client),
                       ("apprentice", self.apprentice.client),
                       ("other entrant", self.other.client),
                       ("anonymous", self.client())):
            with self.subTest(who=who):
                r = c.get(self.photo_url(1))
                self.assertEqual(r.status, 404, r)
                self.assertNotEqual(r.header("content-type"), "image/jpeg")
        # The panel judge of the other category sees its photo, not ours.
        self.assertEqual(self.k1.get(self.photo_url(
            1, self.other_entry)).status, 200)
        self.assertEqual(self.j1.get(self.photo_url(
            1, self.other_entry)).status, 404)


class BlindUntilPublishedTest(ServerTestCase):
    """The same competition carried to publication: names appear."""
    users = {"staff": user("周晓琳", "staff")}

    @classmethod
    def prepare(cls):
        staff = cls.staff = login(cls.server, cls.accounts["staff"])
        cls.comp = create_comp(staff, min_panel=1)
        cid = cls.cid = cls.comp["id"]
        cat = add_category(staff, cid, "摆件", "Ornament")
        cls.judge = new_master(cls.server, staff, "评委甲")
        cls.outsider = new_master(cls.server, staff, "局外师傅")
        add_judge(staff, cid, cat, cls.judge.id)
        cls.entrant = selection_apprentice(cls.server, staff, ENTRANT)
        cls.work = work_with_photo(cls.entrant, TITLE)
        cls.entry = enter_ok(cls.entrant, cid, cat, cls.work["id"])
        check_ok(staff, cls.entry["id"])
        step_ok(comp_open(staff, cid), "open")
        cls.blind = cls.judge.get("/api/v1/judging/%d" % cls.entry["id"])
        sheet_ok(cls.judge, cls.entry["id"], flat(8.8))
        cls.own_judging = cls.entrant.get("/api/v1/entries/%d" %
                                          cls.entry["id"]).json()
        step_ok(lock(staff, cid), "lock")
        cls.own_locked = cls.entrant.get("/api/v1/entries/%d" %
                                         cls.entry["id"]).json()
        cls.own_locked_page = cls.entrant.get("/entries/%d" %
                                              cls.entry["id"]).text
        cls.own_locked_chart = cls.entrant.get("/entries/%d/spread.png" %
                                               cls.entry["id"]).status
        cls.locked_anon_photo = cls.client_anon().get(
            "/entries/%d/photos/1.jpg" % cls.entry["id"]).status
        cls.locked_judge_entry = cls.judge.get(
            "/api/v1/entries/%d" % cls.entry["id"]).status
        step_ok(publish(staff, cid), "publish")

    @classmethod
    def client_anon(cls):
        return cls.server.client()

    def test_names_after_publication(self):
        self.assertEqual(self.blind.status, 200)
        self.assertNotIn(ENTRANT, self.blind.text)
        # Locked is not published: still nothing for them.
        self.assertEqual(self.locked_anon_photo, 404)
        self.assertEqual(self.locked_judge_entry, 404)
        eid = self.entry["id"]
        for who, c in (("judge", self.judge.client),
                       ("master", self.outsider.client),
                       ("anonymous", self.client())):
            with self.subTest(who=who):
                r = c.get("/api/v1/entries/%d" % eid)
                self.assertEqual(r.status, 200, r)
                e = r.json()["entry"]
                self.assertEqual((e["entrant_name"], e["title"], e["work"],
                                  e["entrant"]),
                                 (ENTRANT, TITLE, self.work["id"],
                                  self.entrant.id))
                page = c.get("/entries/%d" % eid)
                self.assertIn(ENTRANT, page.text)
                self.assertIn(TITLE, page.text)
                photo = c.get("/entries/%d/photos/1.jpg" % eid)
                self.assertEqual((photo.status,
                                  photo.header("content-type")),
                                 (200, "image/jpeg"))
                res = results(c, self.cid)
                row = res["categories"][0]["results"][0]
                self.assertEqual((row["entrant_name"], row["title"],
                                  row["total"]), (ENTRANT, TITLE, "88.00"))
        # The judge's list is empty now: judging is over.
        self.assertEqual(judging(self.judge), {})

    def test_the_entrant_waits_for_publication(self):
        # While judged and once locked: the entry, no result, no sheet.
        for j in (self.own_judging, self.own_locked):
            self.assertEqual(j["entry"]["entrant_name"], ENTRANT)
            self.assertNotIn("result", j)
            self.assertNotIn("sheets", j)
        self.assertNotIn("评委甲", self.own_locked_page)
        self.assertNotIn('id="result"', self.own_locked_page)
        self.assertEqual(self.own_locked_chart, 404)
        # Published: the breakdown, with the judge's name.
        j = self.entrant.get("/api/v1/entries/%d" % self.entry["id"]).json()
        self.assertEqual([(s["judge_name"], s["total"]) for s in j["sheets"]],
                         [("评委甲", "88.00")])
        self.assertEqual(self.entrant.get("/entries/%d/spread.png" %
                                          self.entry["id"]).status, 200)


if __name__ == "__main__":
    unittest.main()
