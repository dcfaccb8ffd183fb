"""The incubation stage of the demo (`yujiang-admin init`): a running
cohort (2026 秋季玉雕孵化班) with 何嘉欣 admitted, mentored by 王建平,
her first milestone signed off; public works with photos that load
(何嘉欣's 翡翠平安镯 with 黄少明's comment, 张小敏's 俏色荷塘设计稿) and
private ones that only their people see; the directory's master pages
with specialities and public works; the dashboard's funnel counting the
demo's apprentices."""
import datetime
import html
import re
import unittest

from harness import ServerTestCase
from incub_util import SIZES, jpeg_size, needs
from training_util import (NEED_MILESTONES, demo_accounts, login, png_size,
                           png_complete)

COHORT = "2026 秋季玉雕孵化班"
PUBLIC = {"翡翠平安镯": ("何嘉欣", 2), "俏色荷塘设计稿": ("张小敏", 1)}
PRIVATE = {"和田玉籽料随形挂件": "何嘉欣", "第一件练习：岫玉如意": "刘志远"}


def china_today():
    cst = datetime.timezone(datetime.timedelta(hours=8))
    return datetime.datetime.now(cst).strftime("%Y-%m-%d")


class DemoIncubationTest(ServerTestCase):
    init = True

    @classmethod
    def prepare(cls):
        acc = demo_accounts(cls.server)
        cls.people = {name: login(cls.server, *acc[name]) for name in (
            "周晓琳", "王建平", "陈国强", "李玉华", "黄少明", "何嘉欣", "张小敏",
            "刘志远", "梁伟")}
        cls.staff = cls.people["周晓琳"]

    def demo_cohort(self, who):
        r = who.get("/api/v1/cohorts")
        self.assertEqual(r.status, 200, r)
        found = [c for c in r.json()["cohorts"] if c["name"] == COHORT]
        self.assertEqual(len(found), 1, r.json())
        return found[0]

    def works_by_title(self, who, path="/api/v1/works"):
        r = (who or self.client()).get(path)
        self.assertEqual(r.status, 200, r)
        return {w["title"]: w for w in r.json()["works"]}

    def test_running_cohort(self):
        c = self.demo_cohort(self.staff)
        self.assertLessEqual(c["starts"], china_today())
        self.assertGreaterEqual(c["ends"], china_today())
        self.assertEqual(c["members"], 1)
        j = self.staff.get("/api/v1/cohorts/%d" % c["id"]).json()
        self.assertEqual([m["title_zh"] for m in j["milestones"]],
                         ["首件原创设计", "首件完成作品", "展览作品"])
        he = self.people["何嘉欣"]
        [m] = j["members"]
        self.assertEqual((m["user"], m["name"], m["mentor"], m["mentor_name"],
                          m["stage"], m["signed"]),
                         (he.id, "何嘉欣", self.people["王建平"].id, "王建平",
                          "incubation", 1))
        signed = [x for x in m["milestones"] if x["signed"]]
        self.assertEqual([x["milestone"] for x in signed],
                         [j["milestones"][0]["id"]])
        self.assertTrue(signed[0]["comment"])
        # The mentor and the member see it; the mentor lists it.
        for who in (self.people["王建平"], he):
            r = who.get("/cohorts/%d" % c["id"])
            self.assertEqual(r.status, 200, r)
            self.assertIn(COHORT, r.text)
            self.assertIn(html.escape(signed[0]["comment"]), r.text)
        self.assertEqual(self.demo_cohort(self.people["王建平"])["id"],
                         c["id"])
        for who in (self.people["黄少明"], self.people["张小敏"]):
            self.assertEqual(who.get("/cohorts/%d" % c["id"]).status, 404)
        # Her gate: two of three milestones to go.
        self.assertEqual(needs(self.staff, he.id),
                         [(NEED_MILESTONES, 1, 3)])

    def test_public_works_with_photos(self):
        anon = self.client()
        works = self.works_by_title(None)
        for title, (owner, n) in PUBLIC.items():
            with self.subTest(work=title):
                self.assertIn(title, works)
                w = works[title]
                self.assertEqual((w["owner"], w["public"], w["photo_count"],
                                  len(w["photos"])), (owner, True, n, n))
                for p in w["photos"]:
                    for size in SIZES:
                        r = anon.get(p[size])
                        self.assertEqual(r.status, 200, (p[size], r))
                        self.assertEqual(r.header("content-type"),
                                         "image/jpeg")
                        got = jpeg_size(r.body)
                        if size == "full":
                            self.assertEqual(got, (p["width"], p["height"]))
                        elif size == "thumb":
                            self.assertEqual(got, (320, 320))
                        else:
                            self.assertLessEqual(max(got), 1080)
                        self.assertNotIn(b"Exif\x00\x00", r.body)
        for title in PRIVATE:
            self.assertNotIn(title, works)
        # The gallery page shows them with thumbnails.
        page = anon.get("/works").text
        for title, w in ((t, works[t]) for t in PUBLIC):
            self.assertIn(html.escape(title), page)
            self.assertIn('src="/photos/%d/thumb.jpg"' % w["photos"][0]["id"],
                          page)
        for title in PRIVATE:
            self.assertNotIn(title, page)
        # 黄少明's comment on the bangle.
        bangle = anon.get("/api/v1/works/%d" % works["翡翠平安镯"]["id"])
        cs = bangle.json()["work"]["comments"]
        self.assertIn(("黄少明", "master"), [(c["name"], c["role"])
                                            for c in cs])
        self.assertIn("黄少明", anon.get(works["翡翠平安镯"]["url"]).text)

    def test_private_works(self):
        he = self.people["何嘉欣"]
        mine = {w["title"]: w for w in
                he.get("/api/v1/portfolio").json()["works"]}
        self.assertEqual(set(mine), {"翡翠平安镯", "和田玉籽料随形挂件"})
        pendant = mine["和田玉籽料随形挂件"]
        self.assertIs(pendant["public"], False)
        self.assertEqual(pendant["photo_count"], 1)
        liu = {w["title"]: w for w in self.people["刘志远"].get(
            "/api/v1/portfolio").json()["works"]}
        first = liu["第一件练习：岫玉如意"]
        self.assertIs(first["public"], False)
        # 何嘉欣's master is 黄少明, her cohort mentor 王建平; 刘志远's
        # master is 陈国强.
        p = self.people
        for w, who, status in (
                (pendant, he, 200), (pendant, p["王建平"], 200),
                (pendant, p["黄少明"], 200), (pendant, self.staff, 200),
                (pendant, None, 404), (pendant, p["张小敏"], 404),
                (pendant, p["陈国强"], 404), (pendant, p["李玉华"], 404),
                (first, p["刘志远"], 200), (first, p["陈国强"], 200),
                (first, self.staff, 200), (first, None, 404),
                (first, he, 404), (first, p["王建平"], 404)):
            c = who.client if who is not None else self.client()
            paths = ["/api/v1/works/%d" % w["id"], w["url"]]
            paths += [p[s] for p in w["photos"] for s in SIZES]
            for path in paths:
                with self.subTest(work=w["title"], who=getattr(
                        who, "name", "anonymous"), path=path):
                    self.assertEqual(c.get(path).status, status)

    def test_master_pages_show_specialities(self):
        masters = self.client().get("/api/v1/masters").json()["masters"]
        self.assertEqual(len(masters), 6)   # 4, and the 2 judges of #7
        for m in masters:
            with self.subTest(master=m["name"]):
                j = self.client().get("/api/v1/masters/%d" % m["id"]).json()
                self.assertTrue(j["speciality"], j)
                page = self.client().get("/masters/%d" % m["id"]).text
                sp = re.search(r'<p id="speciality">(.*?)</p>', page, re.S)
                self.assertTrue(sp, "no p#speciality")
                self.assertIn(html.escape(j["speciality"]), sp.group(1))
                self.assertIn('id="works"', page)

    def test_master_pages_show_public_works(self):
        """The directory: master pages list public works (ul#works), and
        never a private one."""
        public = self.works_by_title(None)
        listed = {}
        for m in self.client().get("/api/v1/masters").json()["masters"]:
            page = self.client().get("/masters/%d" % m["id"]).text
            ul = re.search(r'<ul class="works" id="works">(.*?)</ul>', page,
                           re.S)
            self.assertTrue(ul, "no ul#works on %s's page" % m["name"])
            for wid in re.findall(r'href="/works/(\d+)"', ul.group(1)):
                listed.setdefault(int(wid), []).append(m["name"])
            for title in PRIVATE:
                self.assertNotIn(title, page)
        public_ids = {w["id"] for w in public.values()}
        self.assertTrue(listed, "no demo master's page lists a work")
        self.assertLessEqual(set(listed), public_ids, listed)

    def test_dashboard_funnel(self):
        staff = self.staff
        want = {"entry": 0, "training": 0, "incubation": 0, "selection": 0}
        # Every demo apprentice (the competitions' alumni too), by the
        # stage their own page gives.
        ids = [int(i) for (i,) in self.server.sql(
            "SELECT id FROM users WHERE role = 'apprentice'")]
        self.assertGreaterEqual(len(ids), 4)
        for uid in ids:
            p = staff.get("/api/v1/people/%d" % uid).json()
            want[p["stage"]] += 1
        self.assertEqual(want["incubation"], 1)         # 何嘉欣
        d = staff.get("/api/v1/dashboard").json()
        self.assertEqual(d["stages"], want)
        page = staff.get("/staff/dashboard")
        self.assertEqual(page.status, 200, page)
        for stage, n in want.items():
            self.assertIn('<td data-stage="%s">%d</td>' % (stage, n),
                          page.text)
        self.assertEqual(sum(d["certificates_by_kind"].values()),
                         int(self.server.sql(
                             "SELECT count(*) FROM certificates")[0][0]))
        for name in ("funnel", "enrolments", "certificates"):
            r = staff.get("/staff/dashboard/%s.png" % name)
            self.assertEqual(r.status, 200, r)
            self.assertEqual(png_size(r.body), (720, 360))
            self.assertTrue(png_complete(r.body))


if __name__ == "__main__":
    unittest.main()
