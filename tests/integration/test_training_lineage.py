"""传承谱系: the town's masters and their lineage, as JSON, as a page and
as a PNG tree drawn by the server, on the demo data of `yujiang-admin
init` (王建平 taught 黄少明 and 陈国强, who now teach 何嘉欣 and 刘志远;
李玉华 teaches 张小敏), and the demo people's stages (梁伟 entry, 刘志远
training, 何嘉欣 incubation, 张小敏 selection).

DemoLineageTest only reads; LineageCacheTest changes the lineage (a new
apprentice of a demo master) on its own instance, whose two workers take
turns (see training_util.SPREAD_OVER_WORKERS), and checks that every
worker draws the picture again."""
import html
import re
import unittest

from harness import ServerTestCase, user
from training_util import (SPREAD_OVER_WORKERS, TREE_WIDTH, demo_accounts,
                           login, new_apprentice, new_master, png_complete,
                           png_size, take_on, tree_height, wakeups)

DEMO_MASTERS = ["王建平", "陈国强", "李玉华", "黄少明", "苏文杰", "何丽珍"]


def page_png_src(client, master_id):
    """The address of the picture as the master's page links it."""
    r = client.get("/masters/%d" % master_id)
    m = re.search(r'<img class="lineage" alt="" src="([^"]+)"', r.text)
    if r.status != 200 or not m:
        raise AssertionError("no lineage picture on /masters/%d: %r" %
                             (master_id, r))
    return html.unescape(m.group(1))


class DemoMixin:
    init = True
    users = {"staff": user("驿站测试员", "staff")}

    @classmethod
    def prepare(cls):
        cls.staff = login(cls.server, cls.accounts["staff"])
        masters = cls.server.client().get("/api/v1/masters").json()[
            "masters"]
        cls.master_ids = {m["name"]: m["id"] for m in masters}
        cls.people = {name: int(cls.server.sql(
            "SELECT id FROM users WHERE name = ?1", name)[0][0])
            for name in ("梁伟", "刘志远", "何嘉欣", "张小敏")}

    def lineage(self, name, client=None):
        r = (client or self.client()).get("/api/v1/masters/%d" %
                                          self.master_ids[name])
        self.assertEqual(r.status, 200, r)
        return r.json()

    def png(self, name, client=None):
        r = (client or self.client()).get("/masters/%d/lineage.png" %
                                          self.master_ids[name])
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.header("content-type"), "image/png")
        self.assertTrue(png_complete(r.body), "PNG cut short")
        return r


class DemoLineageTest(DemoMixin, ServerTestCase):

    def test_masters_list(self):
        for who in ("anonymous", "staff"):
            with self.subTest(who=who):
                c = self.client() if who == "anonymous" else \
                    self.staff.client
                r = c.get("/api/v1/masters")
                self.assertEqual(r.status, 200, r)
                masters = r.json()["masters"]
                self.assertEqual([m["name"] for m in masters], DEMO_MASTERS)
                for m in masters:
                    self.assertIsInstance(m["id"], int)
                    self.assertEqual(m["lineage_png"],
                                     "/masters/%d/lineage.png" % m["id"])
                    self.assertEqual(m["limit"], 8)
                by = {m["name"]: m for m in masters}
                self.assertEqual(
                    {n: (by[n]["apprentices"], by[n]["apprentices_ever"],
                         by[n]["track"]) for n in DEMO_MASTERS},
                    {"王建平": (0, 2, "carver"), "陈国强": (1, 1, "carver"),
                     "李玉华": (1, 1, "designer"),
                     "黄少明": (1, 1, "carver"),
                     # The competitions' judges (demo_competitions()).
                     "苏文杰": (1, 1, "carver"),
                     "何丽珍": (0, 0, "designer")})
        page = self.client().get("/masters")
        self.assertEqual(page.status, 200)
        for name, mid in self.master_ids.items():
            self.assertIn('<a href="/masters/%d"><strong>%s</strong></a>' %
                          (mid, name), page.text)

    def test_lineage_json(self):
        ids = dict(self.master_ids, **self.people)
        wang = self.lineage("王建平")
        self.assertEqual(wang["name"], "王建平")
        got = [(n["name"], n["generation"], n["from"])
               for n in wang["lineage"]]
        self.assertEqual(got[0], ("王建平", 0, None))
        self.assertEqual(sorted(got[1:]), sorted([
            ("黄少明", 1, ids["王建平"]), ("陈国强", 1, ids["王建平"]),
            ("何嘉欣", 2, ids["黄少明"]), ("刘志远", 2, ids["陈国强"])]))
        for n in wang["lineage"]:
            self.assertEqual(n["id"], ids[n["name"]])
        # Each apprentice comes after their master (reading order).
        order = [n["id"] for n in wang["lineage"]]
        for n in wang["lineage"]:
            if n["from"] is not None:
                self.assertLess(order.index(n["from"]), order.index(n["id"]))

        huang = self.lineage("黄少明")
        self.assertEqual([(n["name"], n["generation"], n["from"])
                          for n in huang["lineage"]],
                         [("王建平", -1, None), ("黄少明", 0, None),
                          ("何嘉欣", 1, ids["黄少明"])])
        chen = self.lineage("陈国强")
        self.assertEqual([(n["name"], n["generation"]) for n in
                          chen["lineage"]],
                         [("王建平", -1), ("陈国强", 0), ("刘志远", 1)])
        li = self.lineage("李玉华")
        self.assertEqual([(n["name"], n["generation"], n["from"])
                          for n in li["lineage"]],
                         [("李玉华", 0, None), ("张小敏", 1, ids["李玉华"])])

    def test_master_json_links_its_picture(self):
        """A master's own JSON names the picture as the list does."""
        listed = {m["id"]: m["lineage_png"] for m in self.client().get(
            "/api/v1/masters").json()["masters"]}
        for name, mid in self.master_ids.items():
            with self.subTest(master=name):
                self.assertEqual(self.lineage(name)["lineage_png"],
                                 listed[mid])
                self.assertEqual(listed[mid], "/masters/%d/lineage.png" % mid)

    def test_master_page(self):
        mid = self.master_ids["黄少明"]
        r = self.client().get("/masters/%d" % mid)
        self.assertEqual(r.status, 200, r)
        self.assertIn('<h1 id="master-name">黄少明</h1>', r.text)
        # The picture is linked by lineage version and language.
        self.assertRegex(r.text, r'<img class="lineage" alt="" src="/masters/'
                         r'%d/lineage\.png\?v=\d+&amp;lang=zh">' % mid)
        en = self.server.client(lang="en").get("/masters/%d" % mid).text
        self.assertRegex(en, r'src="/masters/%d/lineage\.png\?v=\d+&amp;'
                         r'lang=en"' % mid)
        # Other masters of the lineage are linked, apprentices are not.
        self.assertIn('<a href="/masters/%d">王建平</a>' %
                      self.master_ids["王建平"], r.text)
        self.assertIn("何嘉欣", r.text)
        self.assertNotIn('<a href="/people/', r.text)
        # Anonymous readers get no ask form.
        self.assertNotIn("/ask", r.text)

    def test_unknown_master(self):
        for mid in (999999, self.people["刘志远"], self.staff.id):
            with self.subTest(id=mid):
                self.assertJSONError(self.client().get(
                    "/api/v1/masters/%d" % mid), 404, "not_found")
                self.assertEqual(self.client().get(
                    "/masters/%d" % mid).status, 404)
                r = self.client().get("/masters/%d/lineage.png" % mid)
                self.assertEqual(r.status, 404, r)
                self.assertNotEqual(r.header("content-type"), "image/png")

    def test_lineage_png(self):
        sizes = {}
        for name in ("王建平", "李玉华", "黄少明"):
            with self.subTest(master=name):
                rows = len(self.lineage(name)["lineage"])
                r = self.png(name)
                self.assertEqual(png_size(r.body),
                                 (TREE_WIDTH, tree_height(rows)))
                self.assertEqual(r.header("x-content-type-options"),
                                 "nosniff")
                self.assertIsNone(r.header("set-cookie"))
                sizes[name] = (rows, r.body)
        self.assertEqual(sizes["王建平"][0], 5)
        self.assertEqual(sizes["李玉华"][0], 2)
        self.assertEqual(png_size(sizes["王建平"][1])[1], 356)
        self.assertEqual(png_size(sizes["李玉华"][1])[1], 200)
        self.assertNotEqual(sizes["黄少明"][1], sizes["王建平"][1])
        # Anonymous, logged in, or twice (a worker's cache): the same
        # picture; HEAD answers without a body.
        again = self.png("王建平", self.staff.client)
        self.assertEqual(png_size(again.body), (720, 356))
        head = self.client().request(
            "HEAD", "/masters/%d/lineage.png" % self.master_ids["王建平"])
        self.assertEqual(head.status, 200)
        self.assertEqual(head.body, b"")
        self.assertEqual(head.header("content-type"), "image/png")

    def test_lineage_png_in_english(self):
        """Drawn per language (the generation words): a different
        picture of the same size, by Accept-Language or by ?lang=."""
        zh = self.png("王建平").body
        en = self.png("王建平", self.server.client(lang="en")).body
        self.assertEqual(png_size(en), png_size(zh))
        self.assertNotEqual(en, zh)
        mid = self.master_ids["王建平"]
        r = self.client().get("/masters/%d/lineage.png?lang=en" % mid)
        self.assertEqual(r.body, en)
        r = self.server.client(lang="en").get(
            "/masters/%d/lineage.png?lang=zh" % mid)
        self.assertEqual(r.body, zh)

    def test_lineage_png_caching(self):
        """The bare address must be asked again (no-cache); the page's
        address, with the current lineage version, may be kept for a
        day; a stale or made-up version is not cacheable."""
        mid = self.master_ids["李玉华"]
        bare = self.client().get("/masters/%d/lineage.png" % mid)
        self.assertEqual(bare.header("cache-control"), "no-cache")
        self.assertIn("Accept-Language", bare.header("vary", ""))
        src = page_png_src(self.client(), mid)
        linked = self.client().get(src)
        self.assertEqual(linked.status, 200, linked)
        self.assertEqual(linked.header("cache-control"),
                         "public, max-age=86400")
        self.assertEqual(linked.body, bare.body)
        v = int(re.search(r"v=(\d+)", src).group(1))
        for other in (v + 1, 0, v - 1):
            with self.subTest(v=other):
                r = self.client().get("/masters/%d/lineage.png?v=%d&lang=zh"
                                      % (mid, other))
                self.assertEqual(r.status, 200, r)
                self.assertEqual(r.header("cache-control"), "no-cache")
                self.assertEqual(r.body, bare.body)
        r = self.client().get("/masters/%d/lineage.png?v=abc" % mid)
        self.assertEqual((r.status, r.header("cache-control")),
                         (200, "no-cache"))

    def test_demo_stages(self):
        want = {"梁伟": ("entry", -1), "刘志远": ("training", -1),
                "何嘉欣": ("incubation", 1), "张小敏": ("selection", 2)}
        for name, (stage, level) in want.items():
            with self.subTest(person=name):
                r = self.staff.get("/api/v1/people/%d" % self.people[name])
                self.assertEqual(r.status, 200, r)
                p = r.json()
                self.assertEqual(p["user"]["name"], name)
                self.assertEqual(p["stage"], stage)
                self.assertEqual(p["user"]["stage"], stage)
                self.assertEqual(p["level"]["level"], level)
                self.assertFalse(p["gate_open"])
                self.assertEqual([h["to"] for h in p["history"]][-1:],
                                 [] if stage == "entry" else [stage])
        # The demo's confirmed hours: 刘志远 4 of his 6 entries of 3 h,
        # 何嘉欣 all 6 of hers of 8 h.
        hours = {n: self.staff.get("/api/v1/people/%d" % self.people[n])
                 .json()["confirmed_hours"] for n in ("刘志远", "何嘉欣")}
        self.assertEqual(hours, {"刘志远": 12.0, "何嘉欣": 48.0})
        # 梁伟 passed the demo's JB102 run (an entry course) but has no
        # master yet: only the master is missing.
        p = self.staff.get("/api/v1/people/%d" % self.people["梁伟"]).json()
        self.assertEqual(sorted(n["kind"] for n in p["next_stage_needs"]),
                         [1])


class LineageCacheTest(DemoMixin, ServerTestCase):
    workers = 2
    extra_conf = SPREAD_OVER_WORKERS    # fetches alternate between workers

    def pngs(self, name, n=10):
        """n fetches of the picture, one after another, and proof that
        every worker answered some of them (each keeps its own cache)."""
        before = wakeups(self.server)
        self.assertEqual(len(before), self.workers)
        bodies = [self.png(name).body for _ in range(n)]
        after = wakeups(self.server)
        for pid, count in before.items():
            self.assertGreaterEqual(after[pid] - count, 3,
                                    "worker %d answered no fetch" % pid)
        return bodies

    def test_picture_follows_the_lineage(self):
        accounts = demo_accounts(self.server)
        huang = login(self.server, *accounts["黄少明"])
        li = login(self.server, *accounts["李玉华"])
        before = {n: self.pngs(n) for n in ("王建平", "黄少明", "李玉华")}
        for n, pics in before.items():
            self.assertEqual(len(set(pics)), 1, "%s: pictures differ" % n)
        self.assertEqual(png_size(before["黄少明"][0])[1], tree_height(3))

        links = {n: page_png_src(self.client(), self.master_ids[n])
                 for n in ("王建平", "黄少明")}

        # 黄少明 takes a new apprentice: his tree and his master's grow.
        a = new_apprentice(self.server, "新徒弟")
        take_on(a, huang, "想学圆雕")
        for name, old in links.items():
            with self.subTest(master=name, address="page link"):
                # The page links a new address; the old one, kept by a
                # browser for a day, is no longer what the page shows.
                new = page_png_src(self.client(), self.master_ids[name])
                self.assertNotEqual(new, old)
                r = self.client().get(new)
                self.assertEqual(r.header("cache-control"),
                                 "public, max-age=86400")
                r_old = self.client().get(old)
                self.assertEqual(r_old.header("cache-control"), "no-cache")
                self.assertEqual(r_old.body, r.body)
        for name, rows in (("黄少明", 4), ("王建平", 6)):
            with self.subTest(master=name):
                self.assertEqual(len(self.lineage(name)["lineage"]), rows)
                for body in self.pngs(name):
                    self.assertEqual(png_size(body),
                                     (720, tree_height(rows)))
                    self.assertNotEqual(body, before[name][0])
        # 李玉华's lineage did not change: the same picture.
        self.assertEqual(set(self.pngs("李玉华")), {before["李玉华"][0]})

        # A request alone is not a link; a declined one neither.
        b = new_apprentice(self.server, "再一个")
        mid = b.post("/api/v1/masters/%d/ask" %
                     self.master_ids["李玉华"]).json()["mentorship"]
        self.assertEqual(len(self.lineage("李玉华")["lineage"]), 2)
        self.assertEqual(li.post("/api/v1/mentorships/%d/decline" %
                                 mid).status, 200)
        for body in self.pngs("李玉华"):
            self.assertEqual(png_size(body), (720, tree_height(2)))

        # Ending a mentorship keeps the link: same rows.
        hm = [m for m in huang.training()["mentorships"]
              if m["apprentice"]["id"] == a.id][0]["id"]
        self.assertEqual(huang.post("/api/v1/mentorships/%d/end" % hm,
                                    {"reason": "出师"}).status, 200)
        self.assertEqual(len(self.lineage("黄少明")["lineage"]), 4)
        for body in self.pngs("黄少明"):
            self.assertEqual(png_size(body), (720, tree_height(4)))

    def test_new_master_tree(self):
        m = new_master(self.server, self.staff, "新师傅")
        r = self.client().get("/masters/%d/lineage.png" % m.id)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(png_size(r.body), (720, tree_height(1)))
        take_on(new_apprentice(self.server, "头一个徒弟"), m)
        for _ in range(4):
            r = self.client().get("/masters/%d/lineage.png" % m.id)
            self.assertEqual(png_size(r.body), (720, tree_height(2)))


if __name__ == "__main__":
    unittest.main()
