"""Enrolment (报名): a seat, the waitlist, promotion when someone leaves,
withdrawal, and every refusal — prerequisites, track, window, ended run,
roles — through the API and through the course page's forms."""
import re
import unittest

from entry_util import china_today, course_files, create_run, day
from harness import ServerTestCase, user

APPRENTICES = 12


class EnrolmentTest(ServerTestCase):
    users = dict(
        {"staff": user("站长", "staff"),
         "master": user("王师傅", "master"),
         "designer": user("设计学员", "apprentice", track="designer"),
         "many": user("多课学员", "apprentice")},
        **{"a%d" % i: user("学员%d" % i, "apprentice")
           for i in range(APPRENTICES)})

    @classmethod
    def prepare(cls):
        cls.ids = {}
        cls.sessions = {}
        for key in cls.users:
            c = cls.server.client()
            r = c.login_api(cls.accounts[key])
            assert r.status == 200, r
            cls.ids[key] = r.json()["user"]["id"]
            cls.sessions[key] = c
        cls.staff = cls.sessions["staff"]

    def as_(self, key):
        return self.sessions[key]

    def enrol(self, key, run):
        return self.as_(key).post_json("/api/v1/runs/%d/enrol" % run, {})

    def withdraw(self, key, run):
        return self.as_(key).post_json("/api/v1/runs/%d/withdraw" % run, {})

    def mine(self, key, run=None):
        r = self.as_(key).get("/api/v1/me/enrolments")
        self.assertEqual(r.status, 200, r)
        seats = r.json()["enrolments"]
        if run is None:
            return seats
        found = [s for s in seats if s["run"] == run]
        self.assertLessEqual(len(found), 1)
        return found[0] if found else None

    def roster(self, run):
        r = self.staff.get("/api/v1/runs/%d" % run)
        self.assertEqual(r.status, 200, r)
        return r.json()

    def new_run(self, code="JB101", capacity=30, **kw):
        return create_run(self.staff, code, capacity=capacity, **kw)["id"]

    # -- the API -----------------------------------------------------------

    def test_enrol_then_again_is_one_seat(self):
        run = self.new_run()
        r = self.enrol("a0", run)
        self.assertEqual(r.status, 201, r)
        j = r.json()
        self.assertEqual(j["status"], "enrolled")
        self.assertEqual(j["run"], run)
        self.assertNotIn("position", j)
        self.assertEqual(j["message"], "报名成功，你已获得名额。")
        r = self.enrol("a0", run)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["status"], "enrolled")
        self.assertEqual(r.json()["message"], "你已经报名了这个班。")
        ro = self.roster(run)
        self.assertEqual(len(ro["roster"]), 1)
        self.assertEqual(ro["roster"][0]["user"], self.ids["a0"])
        self.assertEqual(ro["run"]["enrolled"], 1)
        self.assertEqual(ro["run"]["seats_left"], 29)
        seat = self.mine("a0", run)
        self.assertEqual(seat["status"], "enrolled")
        self.assertEqual(seat["course"], "JB101")
        self.assertEqual(seat["promoted"], False)
        self.assertEqual(seat["attended"], 0)
        self.assertEqual(seat["sessions"], 8)
        self.assertIsNone(seat["score"])
        self.assertIsNone(seat["result"])
        # The catalogue counts the seat.
        c = self.client().get("/api/v1/courses/JB101").json()
        r = [x for x in c["runs"] if x["id"] == run][0]
        self.assertEqual((r["enrolled"], r["seats_left"]), (1, 29))

    def test_full_run_waitlist_withdraw_promotes_the_first(self):
        run = self.new_run(capacity=2)
        for k in ("a1", "a2"):
            r = self.enrol(k, run)
            self.assertEqual((r.status, r.json()["status"]),
                             (201, "enrolled"), r)
        r = self.enrol("a3", run)
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json()["status"], "waitlisted")
        self.assertEqual(r.json()["position"], 1)
        self.assertEqual(r.json()["message"],
                         "名额已满，你已进入候补名单。有人退出时会自动递补。")
        r = self.enrol("a4", run)
        self.assertEqual((r.status, r.json()["status"], r.json()["position"]),
                         (201, "waitlisted", 2))
        # Asking again keeps the place.
        r = self.enrol("a3", run)
        self.assertEqual((r.status, r.json()["status"], r.json()["position"]),
                         (200, "waitlisted", 1))
        self.assertEqual(self.mine("a4", run)["position"], 2)
        ro = self.roster(run)
        self.assertEqual([(x["user"], x["status"], x["position"])
                          for x in ro["roster"]],
                         [(self.ids["a1"], "enrolled", 0),
                          (self.ids["a2"], "enrolled", 0),
                          (self.ids["a3"], "waitlisted", 1),
                          (self.ids["a4"], "waitlisted", 2)])
        self.assertEqual((ro["run"]["enrolled"], ro["run"]["waitlisted"],
                          ro["run"]["seats_left"]), (2, 2, 0))

        # a1 leaves: a3 (first in the queue) gets the seat, a4 moves up.
        r = self.withdraw("a1", run)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json(), {"status": "withdrawn", "run": run})
        s3 = self.mine("a3", run)
        self.assertEqual((s3["status"], s3["promoted"], s3["position"]),
                         ("enrolled", True, 0))
        s4 = self.mine("a4", run)
        self.assertEqual((s4["status"], s4["promoted"], s4["position"]),
                         ("waitlisted", False, 1))
        self.assertIsNone(self.mine("a1", run))
        self.assertEqual(self.mine("a2", run)["promoted"], False)
        # The promotion shows on a3's page.
        page = self.as_("a3").get("/me").text
        self.assertIn("已从候补转为正式学员", page)

        # Withdrawing twice: nothing left to withdraw.
        self.assertJSONError(self.withdraw("a1", run), 409, "not_enrolled")
        self.assertJSONError(self.withdraw("a5", run), 409, "not_enrolled")

        # a1 comes back: the back of the queue, like anyone arriving now.
        r = self.enrol("a1", run)
        self.assertEqual((r.status, r.json()["status"], r.json()["position"]),
                         (201, "waitlisted", 2))
        # A waitlisted person leaving promotes nobody and moves the queue.
        r = self.withdraw("a4", run)
        self.assertEqual(r.status, 200, r)
        ro = self.roster(run)
        self.assertEqual([(x["user"], x["status"], x["position"])
                          for x in ro["roster"]],
                         [(self.ids["a2"], "enrolled", 0),
                          (self.ids["a3"], "enrolled", 0),
                          (self.ids["a1"], "waitlisted", 1)])
        self.assertEqual(self.mine("a1", run)["position"], 1)

    def test_raising_capacity_promotes_in_order(self):
        run = self.new_run(capacity=1)
        for k in ("a6", "a7", "a8"):
            self.assertEqual(self.enrol(k, run).status, 201)
        r = self.staff.post_json("/api/v1/runs/%d" % run, {
            "starts": day(4), "ends": day(65), "capacity": 2})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["promoted"], 1)
        self.assertEqual(self.mine("a7", run)["status"], "enrolled")
        self.assertEqual(self.mine("a7", run)["promoted"], True)
        self.assertEqual(self.mine("a8", run)["position"], 1)

    def test_prerequisites_missing(self):
        run = self.new_run("JC201")
        r = self.enrol("a9", run)
        j = self.assertJSONError(r, 409, "prerequisites_missing",
                                 "还需先完成以下课程：")
        self.assertEqual(j["missing"], ["JB101", "JB102"])
        self.assertIsNone(self.mine("a9", run))
        self.assertEqual(self.roster(run)["roster"], [])
        # The page says the same and links the missing courses.
        c = self.as_("a9")
        page = c.get("/courses/JC201")
        token = page.form_csrf("/runs/%d/enrol" % run)
        r = c.post_form("/runs/%d/enrol" % run, {}, csrf=token)
        self.assertEqual(r.status, 409, r)
        self.assertIn("还需先完成以下课程：", r.text)
        self.assertIn('<ul class="missing"><li><a href="/courses/JB101">'
                      'JB101 玉雕入门</a></li><li><a href="/courses/JB102">'
                      'JB102 玉雕工具与安全</a></li></ul>', r.text)
        en = c.post_json("/api/v1/runs/%d/enrol" % run, {},
                         headers={"Accept-Language": "en"})
        self.assertJSONError(en, 409, "prerequisites_missing",
                             "You first need to complete:")

    def test_wrong_track(self):
        run = self.new_run("JD101")
        self.assertJSONError(self.enrol("a10", run), 409, "wrong_track",
                             "这门课面向另一个方向的学员。")
        # The track is checked before prerequisites.
        run2 = self.new_run("JC201")
        self.assertJSONError(self.enrol("designer", run2), 409,
                             "wrong_track")
        # A designer may take JD101 and "both" courses.
        self.assertEqual(self.enrol("designer", run).status, 201)
        self.assertEqual(self.roster(run)["run"]["enrolled"], 1)

    def test_window_not_open(self):
        opens = course_files()["JI301"]["enrol_opens"]
        if china_today() >= opens:
            self.skipTest("JI301's window opened on %s" % opens)
        run = self.new_run("JI301", starts="2027-03-15", ends="2027-08-31",
                           capacity=8)
        self.assertJSONError(self.enrol("a11", run), 409,
                             "enrolment_not_open", "这门课还没有开放报名。")
        self.assertIsNone(self.mine("a11", run))

    def test_run_that_has_ended(self):
        run = self.new_run("JB101", starts=day(-30), ends=day(-1))
        self.assertJSONError(self.enrol("a11", run), 409, "enrolment_closed")

    def test_unknown_run(self):
        self.assertJSONError(self.enrol("a11", 999999), 404, "not_found")
        self.assertJSONError(self.withdraw("a11", 999999), 404, "not_found")

    def test_only_apprentices_enrol(self):
        run = self.new_run()
        for key in ("master", "staff"):
            with self.subTest(role=key):
                self.assertJSONError(self.enrol(key, run), 403, "forbidden")
                r = self.as_(key).post_form(
                    "/runs/%d/enrol" % run, {},
                    csrf=self.as_(key).api_csrf())
                self.assertEqual(r.status, 403, r)
                self.assertJSONError(
                    self.as_(key).get("/api/v1/me/enrolments"), 403,
                    "forbidden")
        anon = self.client()
        self.assertJSONError(
            anon.post_json("/api/v1/runs/%d/enrol" % run, {}), 401,
            "login_required")
        anon.get("/courses/JB101")
        r = anon.post_form("/runs/%d/enrol" % run, {},
                           csrf=anon.cookies["yj_csrf"])
        self.assertEqual(r.status, 401, r)
        self.assertJSONError(anon.get("/api/v1/me/enrolments"), 401,
                             "login_required")
        self.assertEqual(self.roster(run)["roster"], [])

    def test_csrf_required(self):
        run = self.new_run()
        c = self.as_("a5")
        self.assertJSONError(c.post_json("/api/v1/runs/%d/enrol" % run, {},
                                         csrf=None), 403, "csrf")
        self.assertJSONError(c.post_json("/api/v1/runs/%d/enrol" % run, {},
                                         csrf="0" * 64), 403, "csrf")
        r = c.post_form("/runs/%d/enrol" % run, {}, csrf=None)
        self.assertEqual(r.status, 403, r)
        self.assertEqual(self.roster(run)["roster"], [])

    def test_staff_schedule_runs(self):
        s = self.staff
        ok = {"starts": "2026-12-01", "ends": "2027-01-31", "capacity": 30}
        cases = [
            ({"starts": "2026-02-30"}, "invalid_dates"),
            ({"ends": "2026-11-30"}, "invalid_dates"),      # before starts
            ({"starts": "2026/12/01"}, "invalid_dates"),
            ({"capacity": 0}, "invalid_capacity"),
            ({"capacity": 10001}, "invalid_capacity"),
            ({"capacity": "30"}, "invalid_capacity"),
            ({"instructor": self.ids["a0"]}, "invalid_instructor"),
            ({"instructor": 999999}, "invalid_instructor"),
        ]
        for change, code in cases:
            with self.subTest(change=change):
                r = s.post_json("/api/v1/courses/JB101/runs",
                                dict(ok, **change))
                self.assertJSONError(r, 400, code)
        self.assertJSONError(s.post_json("/api/v1/courses/ZZ999/runs", ok),
                             404, "not_found")
        r = s.post_json("/api/v1/courses/JB101/runs",
                        dict(ok, instructor=self.ids["master"]))
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json()["run"]["instructor"],
                         {"id": self.ids["master"], "name": "王师傅"})
        # The course page's form (staff only).
        page = s.get("/courses/JB102")
        self.assertIn('action="/courses/JB102/runs"', page.text)
        self.assertNotIn('action="/courses/JB102/runs"',
                         self.as_("a0").get("/courses/JB102").text)
        r = s.post_form("/courses/JB102/runs", {
            "starts": "2026-12-05", "ends": "2026-12-26", "capacity": "12",
            "instructor": ""}, page="/courses/JB102")
        self.assertRedirect(r, "/courses/JB102?done=run_created")
        runs = self.client().get("/api/v1/courses/JB102").json()["runs"]
        self.assertIn(("2026-12-05", "2026-12-26", 12, None),
                      [(x["starts"], x["ends"], x["capacity"],
                        x["instructor"]) for x in runs])
        r = s.post_form("/courses/JB102/runs", {
            "starts": "2026-12-05", "ends": "2026-12-01", "capacity": "12"},
            page="/courses/JB102")
        self.assertEqual(r.status, 400, r)

    def test_course_page_knows_every_seat(self):
        """An apprentice with many seats (here 18 runs) sees "withdraw",
        not "enrol", on every run they hold a seat in."""
        runs = [create_run(self.staff, "JB101", starts=day(i + 1),
                           ends=day(90), capacity=5)["id"]
                for i in range(18)]
        for run in runs:
            self.assertEqual(self.enrol("many", run).status, 201)
        page = self.as_("many").get("/courses/JB101").text
        wrong = []
        for run in runs:
            li = re.search(r'<li class="run" id="run-%d">(.*?)</li>' % run,
                           page, re.S).group(1)
            if 'action="/runs/%d/withdraw"' % run not in li:
                wrong.append(run)
        self.assertEqual(wrong, [], "runs shown as not enrolled")

    # -- the forms ---------------------------------------------------------

    def test_html_enrol_and_withdraw(self):
        run = self.new_run()
        c = self.as_("a5")
        page = c.get("/courses/JB101")
        self.assertEqual(page.status, 200)
        self.assertIn('action="/runs/%d/enrol"' % run, page.text)
        r = c.post_form("/runs/%d/enrol" % run, {}, page="/courses/JB101")
        self.assertEqual(r.status, 303, r)
        self.assertTrue(r.location.startswith(
            "/courses/JB101?done=enrolled"), r.location)
        page = c.get(r.location.split("#")[0])
        self.assertIn('<p class="ok" role="status" id="notice">'
                      '报名成功，你已获得名额。</p>', page.text)
        # The run now offers "withdraw" instead of "enrol".
        run_li = re.search(r'<li class="run" id="run-%d">(.*?)</li>' % run,
                           page.text, re.S).group(1)
        self.assertIn('action="/runs/%d/withdraw"' % run, run_li)
        self.assertNotIn('action="/runs/%d/enrol"' % run, run_li)
        self.assertIn("已报名", run_li)
        self.assertEqual(self.mine("a5", run)["status"], "enrolled")
        # "My page" lists the course.
        me = c.get("/me").text
        self.assertIn('href="/courses/JB101#run-%d"' % run, me)
        # Withdraw through the page.
        r = c.post_form("/runs/%d/withdraw" % run, {}, page="/courses/JB101")
        self.assertRedirect(r, "/courses/JB101?done=withdrawn")
        page = c.get(r.location)
        self.assertIn("你已退出这个班。", page.text)
        self.assertIn('action="/runs/%d/enrol"' % run, page.text)
        self.assertIsNone(self.mine("a5", run))
        # Withdrawing again from the page: 409 with the page.
        r = c.post_form("/runs/%d/withdraw" % run, {},
                        csrf=c.api_csrf())
        self.assertEqual(r.status, 409, r)
        self.assertIn("你没有报名这个班。", r.text)

    def test_html_waitlist_flow_in_english(self):
        run = self.new_run(capacity=1)
        self.assertEqual(self.enrol("a0", run).status, 201)
        c = self.client(lang="en")
        self.assertEqual(c.login_api(self.accounts["a2"]).status, 200)
        page = c.get("/courses/JB101")
        li = re.search(r'<li class="run" id="run-%d">(.*?)</li>' % run,
                       page.text, re.S).group(1)
        self.assertIn("<span class=\"seats\">0</span>/1", li)
        r = c.post_form("/runs/%d/enrol" % run, {}, page="/courses/JB101")
        self.assertEqual(r.status, 303, r)
        self.assertTrue(r.location.startswith(
            "/courses/JB101?done=waitlisted"), r.location)
        page = c.get(r.location.split("#")[0]).text
        li = re.search(r'<li class="run" id="run-%d">(.*?)</li>' % run,
                       page, re.S).group(1)
        self.assertIn('action="/runs/%d/withdraw"' % run, li)
        self.assertIn("Waitlisted · ", li)
        self.assertIn("The run is full; you are on the waitlist", page)
        self.assertIn("Waitlisted", c.get("/me").text)
        self.assertEqual(self.mine("a2", run)["position"], 1)


if __name__ == "__main__":
    unittest.main()
