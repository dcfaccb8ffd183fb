"""The catalogue cache: each worker keeps rendered catalogues until the
catalogue version moves. Every change of a run or a seat — through any
worker — must show at once in the list, the JSON and the filters, in
both languages (two workers: the requests land on either)."""
import re
import unittest

from entry_util import create_run
from harness import ServerTestCase, user


class CatalogueCacheTest(ServerTestCase):
    users = {"staff": user("站长", "staff"),
             "a": user("学员甲", "apprentice"),
             "b": user("学员乙", "apprentice")}

    @classmethod
    def prepare(cls):
        cls.s = {}
        for key in cls.users:
            c = cls.server.client()
            r = c.login_api(cls.accounts[key])
            assert r.status == 200, r
            cls.s[key] = c

    def seats(self, code, run, client=None, **q):
        c = client or self.server.client()
        qs = "&".join("%s=%s" % kv for kv in q.items())
        r = c.get("/api/v1/courses" + ("?" + qs if qs else ""))
        self.assertEqual(r.status, 200, r)
        for course in r.json()["courses"]:
            if course["code"] == code:
                for x in course["runs"]:
                    if x["id"] == run:
                        return x["seats_left"]
        return None

    def test_enrolment_and_withdrawal_show_at_once(self):
        run = create_run(self.s["staff"], "JB102", capacity=3)["id"]
        for _ in range(6):      # warm every worker's cache
            self.assertEqual(self.seats("JB102", run), 3)
            self.seats("JB102", run, track="carver")
        r = self.s["a"].post_json("/api/v1/runs/%d/enrol" % run, {})
        self.assertEqual(r.status, 201, r)
        for _ in range(6):
            self.assertEqual(self.seats("JB102", run), 2)
            self.assertEqual(self.seats("JB102", run, track="carver"), 2)
        r = self.s["a"].post_json("/api/v1/runs/%d/withdraw" % run, {})
        self.assertEqual(r.status, 200, r)
        for _ in range(6):
            self.assertEqual(self.seats("JB102", run), 3)

    def test_new_run_and_capacity_change_show_at_once(self):
        before = [self.server.client().get("/courses").text
                  for _ in range(4)]
        run = create_run(self.s["staff"], "JB102", capacity=7)["id"]
        for _ in range(6):
            self.assertEqual(self.seats("JB102", run), 7)
        r = self.s["staff"].post_json("/api/v1/runs/%d" % run, {
            "starts": "2030-01-01", "ends": "2030-02-01", "capacity": 9})
        self.assertEqual(r.status, 200, r)
        for _ in range(6):
            self.assertEqual(self.seats("JB102", run), 9)
        self.assertTrue(all("catalogue" in b for b in before))

    def test_page_keeps_the_readers_own_header(self):
        """The list is cached, the page around it is not: a logged-in
        reader sees their own logout form and token, an anonymous one
        sees the register link — on the same cached list."""
        anon = self.server.client().get("/courses").text
        mine = self.s["b"].get("/courses").text
        self.assertIn('href="/register"', anon)
        self.assertNotIn("/logout", anon)
        self.assertIn("/logout", mine)
        token = re.search(r'name="csrf" value="([0-9a-f]{64})"', mine)
        self.assertIsNotNone(token)
        other = self.s["a"].get("/courses").text
        self.assertNotIn(token.group(1), other)
        # Both languages come from the cache, each its own.
        en = self.server.client(lang="en").get("/courses").text
        zh = self.server.client(lang="zh-CN").get("/courses").text
        self.assertIn("Jade carving for beginners", en)
        self.assertNotIn("Jade carving for beginners", zh)
        self.assertIn("玉雕入门", zh)


if __name__ == "__main__":
    unittest.main()
