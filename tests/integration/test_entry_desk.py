"""The run desk (班级管理): who may open it, taking the register (JSON and
the multipart form), recording scores and completion, what the
apprentice then sees, and the CSV export for Excel.

JB101 has 8 sessions, pass mark 60 and an attendance rule of 75%: 6 of 8
sessions attended and a score of 60 complete it."""
import csv
import io
import re
import unittest

from entry_util import create_run
from harness import ServerTestCase, user

FORMULA_NAMES = ['=HYPERLINK("http://x.example/","点我")', "+SUM(A1:A9)",
                 "-2+3", "@cmd"]


class DeskTest(ServerTestCase):
    users = dict({
        "staff": user("周站长", "staff"),
        "teacher": user("王建平", "master"),
        "other": user("陈国强", "master"),
        "p1": user("林晓峰", "apprentice"),
        "p2": user("陈美玲", "apprentice", track="designer"),
        "p3": user("黄小龙", "apprentice"),
        "p4": user("无座位", "apprentice"),
        "p5": user("候补生", "apprentice"),
    }, **{"f%d" % i: user(n, "apprentice")
          for i, n in enumerate(FORMULA_NAMES)})

    @classmethod
    def prepare(cls):
        cls.ids, cls.sessions = {}, {}
        for key in cls.users:
            c = cls.server.client()
            r = c.login_api(cls.accounts[key])
            assert r.status == 200, r
            cls.ids[key] = r.json()["user"]["id"]
            cls.sessions[key] = c
        cls.staff = cls.sessions["staff"]

    def as_(self, key):
        return self.sessions[key]

    def new_run(self, seated=("p1", "p2", "p3"), waiting=("p5",),
                code="JB101"):
        """A run taught by "teacher" with these people seated and then
        these on the waitlist (capacity = len(seated))."""
        run = create_run(self.staff, code, capacity=len(seated),
                         instructor=self.ids["teacher"])["id"]
        for k in tuple(seated) + tuple(waiting):
            r = self.as_(k).post_json("/api/v1/runs/%d/enrol" % run, {})
            self.assertEqual(r.status, 201, r)
            self.assertEqual(r.json()["status"], "enrolled" if k in seated
                             else "waitlisted")
        return run

    def seat(self, key, run):
        seats = self.as_(key).get("/api/v1/me/enrolments").json()[
            "enrolments"]
        found = [s for s in seats if s["run"] == run]
        return found[0] if found else None

    def attend(self, run, session, present=(), absent=(), by="teacher"):
        return self.as_(by).post_json(
            "/api/v1/runs/%d/attendance" % run,
            {"session": session, "present": [self.ids[k] for k in present],
             "absent": [self.ids[k] for k in absent]})

    def result(self, run, key, score, by="teacher"):
        return self.as_(by).post_json("/api/v1/runs/%d/result" % run,
                                      {"user": self.ids[key],
                                       "score": score})

    # -- access ------------------------------------------------------------

    def test_who_may_open_the_desk(self):
        run = self.new_run()
        for key in ("teacher", "staff"):
            with self.subTest(who=key):
                r = self.as_(key).get("/runs/%d" % run)
                self.assertEqual(r.status, 200, r)
                self.assertIn('<table id="roster">', r.text)
                self.assertIn("林晓峰", r.text)
                self.assertIn('href="/runs/%d/enrolments.csv"' % run, r.text)
                j = self.as_(key).get("/api/v1/runs/%d" % run)
                self.assertEqual(j.status, 200, j)
                self.assertEqual(
                    [x["user"] for x in j.json()["roster"]],
                    [self.ids[k] for k in ("p1", "p2", "p3", "p5")])
                self.assertEqual(j.json()["run"]["instructor"]["id"],
                                 self.ids["teacher"])
        # Only staff get the run's edit form and the roster import link.
        self.assertIn('action="/runs/%d"' % run,
                      self.staff.get("/runs/%d" % run).text)
        self.assertNotIn('action="/runs/%d"' % run,
                         self.as_("teacher").get("/runs/%d" % run).text)
        # Another master: refused on every desk route.
        other = self.as_("other")
        r = other.get("/runs/%d" % run)
        self.assertEqual(r.status, 403, r)
        self.assertIn("只有这个班的任课师傅或工作人员可以操作。", r.text)
        self.assertNotIn("林晓峰", r.text)
        self.assertJSONError(other.get("/api/v1/runs/%d" % run), 403,
                             "not_instructor")
        self.assertEqual(other.get("/runs/%d/enrolments.csv" % run).status,
                         403)
        self.assertJSONError(self.attend(run, 1, ["p1"], by="other"), 403,
                             "not_instructor")
        self.assertJSONError(self.result(run, "p1", 90, by="other"), 403,
                             "not_instructor")
        # Apprentices and anonymous visitors.
        p1 = self.as_("p1")
        self.assertEqual(p1.get("/runs/%d" % run).status, 403)
        self.assertJSONError(p1.get("/api/v1/runs/%d" % run), 403,
                             "forbidden")
        self.assertEqual(p1.get("/runs/%d/enrolments.csv" % run).status, 403)
        self.assertJSONError(self.attend(run, 1, ["p1"], by="p1"), 403,
                             "forbidden")
        anon = self.client()
        self.assertRedirect(anon.get("/runs/%d" % run), "/login")
        self.assertRedirect(anon.get("/runs/%d/enrolments.csv" % run),
                            "/login")
        self.assertJSONError(anon.get("/api/v1/runs/%d" % run), 401,
                             "login_required")
        # Unknown run.
        self.assertJSONError(self.staff.get("/api/v1/runs/999999"), 404,
                             "not_found")
        self.assertEqual(self.staff.get("/runs/999999").status, 404)
        # The teacher's page lists the run.
        me = self.as_("teacher").get("/me").text
        self.assertIn('<a href="/runs/%d">JB101' % run, me)
        self.assertNotIn('<a href="/runs/%d">' % run,
                         self.as_("other").get("/me").text)

    def test_other_master_cannot_take_over_a_run(self):
        """POST /api/v1/runs/N changes dates, seats and the instructor:
        staff only (desk.c). A master who does not teach the run must
        not be able to make himself its instructor."""
        run = self.new_run()
        r = self.as_("other").post_json("/api/v1/runs/%d" % run, {
            "starts": "2026-12-01", "ends": "2027-01-31", "capacity": 500,
            "instructor": self.ids["other"]})
        self.assertEqual(r.status, 403, r)
        ro = self.staff.get("/api/v1/runs/%d" % run).json()["run"]
        self.assertEqual(ro["capacity"], 3)
        self.assertEqual(ro["instructor"]["id"], self.ids["teacher"])

    # -- the register ------------------------------------------------------

    def test_attendance_api(self):
        run = self.new_run()
        r = self.attend(run, 1, ["p1", "p2"], ["p3"])
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json(), {"run": run, "session": 1, "present": 2,
                                    "absent": 1})
        self.assertEqual(self.seat("p1", run)["attended"], 1)
        self.assertEqual(self.seat("p3", run)["attended"], 0)
        # Staff may take the register too; a session taken again is
        # replaced, not added to.
        r = self.attend(run, 1, ["p2"], ["p1"], by="staff")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(self.seat("p1", run)["attended"], 0)
        self.assertEqual(self.seat("p2", run)["attended"], 1)
        r = self.attend(run, 8, ["p2"])
        self.assertEqual(r.status, 200, r)
        self.assertEqual(self.seat("p2", run)["attended"], 2)
        # Session numbers outside 1..8 (JB101 has 8).
        for session in (0, 9, -1, 1000):
            with self.subTest(session=session):
                self.assertJSONError(self.attend(run, session, ["p1"]), 400,
                                     "invalid_session")
        r = self.as_("teacher").post_json(
            "/api/v1/runs/%d/attendance" % run,
            {"session": "1", "present": [self.ids["p1"]]})
        self.assertJSONError(r, 400, "invalid_session")
        r = self.as_("teacher").post_json(
            "/api/v1/runs/%d/attendance" % run,
            {"present": [self.ids["p1"]]})
        self.assertJSONError(r, 400, "invalid_session")
        # Nobody named, or not ids.
        self.assertJSONError(self.attend(run, 2), 400, "invalid_user")
        for bad in (["x"], [0], [-3], "12", [1.5]):
            with self.subTest(present=bad):
                r = self.as_("teacher").post_json(
                    "/api/v1/runs/%d/attendance" % run,
                    {"session": 2, "present": bad})
                self.assertJSONError(r, 400, "invalid_user")
        # Someone without a seat (never enrolled, or waiting): 409, and
        # nothing of that register is written.
        for key in ("p4", "p5"):
            with self.subTest(no_seat=key):
                r = self.attend(run, 3, ["p1", key])
                self.assertJSONError(r, 409, "no_seat")
                r = self.attend(run, 3, ["p1"], [key])
                self.assertJSONError(r, 409, "no_seat")
        r = self.as_("teacher").post_json(
            "/api/v1/runs/%d/attendance" % run,
            {"session": 3, "present": [self.ids["p1"], 999999]})
        self.assertJSONError(r, 409, "no_seat")
        self.assertEqual(self.seat("p1", run)["attended"], 0)
        self.assertEqual(self.server.sql(
            "SELECT count(*) FROM attendance WHERE run = ?1 AND "
            "session = 3", run), [["0"]])
        self.assertJSONError(self.as_("teacher").post_json(
            "/api/v1/runs/999999/attendance", {"session": 1,
                                               "present": [1]}),
            404, "not_found")

    def test_attendance_form(self):
        run = self.new_run(seated=("p1", "p2", "p3", "f0"), waiting=())
        t = self.as_("teacher")
        page = t.get("/runs/%d?session=2" % run)
        self.assertEqual(page.status, 200, page)
        self.assertIn('<form method="post" id="register" '
                      'enctype="multipart/form-data" action="/runs/%d/'
                      'attendance">' % run, page.text)
        for k in ("p1", "p2", "p3", "f0"):
            self.assertIn('name="present" value="%d" form="register">'
                          % self.ids[k], page.text)
            self.assertIn('name="listed" form="register" value="%d">'
                          % self.ids[k], page.text)
        self.assertIn('aria-current="page">2</a>', page.text)
        token = page.form_csrf("/runs/%d/attendance" % run)
        self.assertIsNotNone(token)
        listed = [("listed", self.ids[k]) for k in ("p1", "p2", "p3", "f0")]
        fields = [("session", "2"), ("present", self.ids["p1"]),
                  ("present", self.ids["p3"])] + listed
        r = t.post_multipart("/runs/%d/attendance" % run, fields,
                             csrf=token)
        self.assertRedirect(r, "/runs/%d?done=saved&session=2" % run)
        page = t.get(r.location)
        self.assertIn('id="notice">已保存。</p>', page.text)
        for k, ticked in (("p1", True), ("p2", False), ("p3", True),
                          ("f0", False)):
            box = 'name="present" value="%d" checked' % self.ids[k]
            self.assertEqual(box in page.text, ticked, k)
        self.assertEqual(self.seat("p1", run)["attended"], 1)
        self.assertEqual(self.seat("p2", run)["attended"], 0)
        self.assertEqual(self.server.sql(
            "SELECT user, present FROM attendance WHERE run = ?1 AND "
            "session = 2 ORDER BY user", run),
            sorted([[str(self.ids[k]), p] for k, p in
                    (("p1", "1"), ("p2", "0"), ("p3", "1"),
                     ("f0", "0"))]))
        # Unticking everybody is a register too (all absent).
        r = t.post_multipart("/runs/%d/attendance" % run,
                             [("session", "2")] + listed, csrf=token)
        self.assertEqual(r.status, 303, r)
        self.assertEqual(self.seat("p1", run)["attended"], 0)
        # Staff use the same form.
        r = self.staff.post_multipart(
            "/runs/%d/attendance" % run,
            [("session", "4"), ("present", self.ids["p2"])] + listed,
            page="/runs/%d?session=4" % run)
        self.assertRedirect(r, "/runs/%d?done=saved&session=4" % run)
        self.assertEqual(self.seat("p2", run)["attended"], 1)
        # Bad sessions, nobody listed, no seat, no token.
        for session in ("0", "9", "x", ""):
            with self.subTest(session=session):
                r = t.post_multipart("/runs/%d/attendance" % run,
                                     [("session", session)] + listed,
                                     csrf=token)
                self.assertEqual(r.status, 400, r)
        r = t.post_multipart("/runs/%d/attendance" % run,
                             [("session", "5")], csrf=token)
        self.assertEqual(r.status, 400, r)
        r = t.post_multipart("/runs/%d/attendance" % run,
                             [("session", "5"), ("present", self.ids["p4"]),
                              ("listed", self.ids["p4"])] + listed,
                             csrf=token)
        self.assertEqual(r.status, 409, r)
        r = t.post_multipart("/runs/%d/attendance" % run,
                             [("session", "5")] + listed, csrf=None)
        self.assertEqual(r.status, 403, r)
        self.assertEqual(self.server.sql(
            "SELECT count(*) FROM attendance WHERE run = ?1 AND "
            "session = 5", run), [["0"]])

    # -- results -----------------------------------------------------------

    def test_results_and_completion(self):
        run = self.new_run()
        # p1 attends sessions 1-6 (75%), p2 all 8, p3 none.
        for s in range(1, 9):
            present = ["p2"] + (["p1"] if s <= 6 else [])
            absent = ["p3"] + (["p1"] if s > 6 else [])
            self.assertEqual(self.attend(run, s, present, absent).status,
                             200)
        # Below the pass mark: failed.
        r = self.result(run, "p2", 59)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json(), {"run": run, "user": self.ids["p2"],
                                    "score": 59, "result": "failed"})
        # A good score without the attendance: failed.
        r = self.result(run, "p3", 95)
        self.assertEqual(r.json()["result"], "failed")
        # At the pass mark with 6/8 sessions: completed.
        r = self.result(run, "p1", 60)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["result"], "passed")
        self.assertEqual(self.server.sql(
            "SELECT user, course, score, attended, sessions FROM "
            "completions WHERE run = ?1", run),
            [[str(self.ids["p1"]), "JB101", "60", "6", "8"]])
        # A completion is never rewritten.
        self.assertJSONError(self.result(run, "p1", 80), 409,
                             "already_completed")
        # A failed result may be recorded again (a resit).
        r = self.result(run, "p2", 75)
        self.assertEqual(r.json()["result"], "passed")
        # Bad scores and people.
        for score in (101, -1, "80", None):
            with self.subTest(score=score):
                self.assertJSONError(self.result(run, "p3", score), 400,
                                     "invalid_score")
        r = self.as_("teacher").post_json("/api/v1/runs/%d/result" % run,
                                          {"score": 70})
        self.assertJSONError(r, 400, "invalid_user")
        self.assertJSONError(self.result(run, "p4", 70), 409, "no_seat")
        self.assertJSONError(self.result(run, "p5", 70), 409, "no_seat")

        # What the apprentices see.
        s1 = self.seat("p1", run)
        self.assertEqual((s1["attended"], s1["sessions"], s1["score"],
                          s1["result"]), (6, 8, 60, "passed"))
        s3 = self.seat("p3", run)
        self.assertEqual((s3["attended"], s3["score"], s3["result"]),
                         (0, 95, "failed"))
        me = self.as_("p1").get("/me").text
        li = re.search(r'<li class="seat"><a href="/courses/JB101#run-%d">'
                       r'(.*?)</li>' % run, me, re.S)
        self.assertIsNotNone(li, me)
        self.assertIn("已结业 · 成绩 60", li.group(1))
        self.assertIn("出勤 6/8", li.group(1))
        self.assertIn('<progress max="8" value="6">', li.group(1))
        me3 = self.as_("p3").get("/me").text
        self.assertIn("未通过 · 成绩 95", me3)
        self.assertIn("出勤 0/8", me3)
        en = self.client(lang="en")
        en.login_api(self.accounts["p1"])
        self.assertIn("Completed · Score 60", en.get("/me").text)

        # The desk shows the result; no score form for the completed.
        desk = self.as_("teacher").get("/runs/%d" % run).text
        rows = re.findall(r"<tr><td>(.*?)</tr>", desk, re.S)
        row1 = [x for x in rows if "林晓峰" in x][0]
        self.assertIn("60 已结业", row1)
        self.assertNotIn('action="/runs/%d/result"' % run, row1)
        row3 = [x for x in rows if "黄小龙" in x][0]
        self.assertIn("95 未通过", row3)
        self.assertIn('action="/runs/%d/result"' % run, row3)

        # The completion counts as a prerequisite: JC201 now lacks only
        # JB102 for p1.
        jc = create_run(self.staff, "JC201")["id"]
        r = self.as_("p1").post_json("/api/v1/runs/%d/enrol" % jc, {})
        j = self.assertJSONError(r, 409, "prerequisites_missing")
        self.assertEqual(j["missing"], ["JB102"])

    def test_completed_result_cannot_be_lowered(self):
        """After a completion, a later failing score must be refused too
        (409 already_completed), not turn the seat's result to "failed"
        while the completion stays."""
        run = self.new_run(seated=("p3",), waiting=())
        for s in range(1, 9):
            self.assertEqual(self.attend(run, s, ["p3"]).status, 200)
        self.assertEqual(self.result(run, "p3", 90).json()["result"],
                         "passed")
        r = self.result(run, "p3", 10)
        self.assertJSONError(r, 409, "already_completed")
        s3 = self.seat("p3", run)
        self.assertEqual((s3["score"], s3["result"]), (90, "passed"))

    def test_completed_seat_cannot_be_withdrawn(self):
        """A completion stays on record: withdrawing afterwards is refused
        (409 already_completed), nothing changes, and the course page
        offers no withdraw button, only 已结业."""
        run = self.new_run(seated=("p3",), waiting=())
        for s in range(1, 9):
            self.assertEqual(self.attend(run, s, ["p3"]).status, 200)
        self.assertEqual(self.result(run, "p3", 90).json()["result"],
                         "passed")
        p3 = self.as_("p3")
        r = p3.post_json("/api/v1/runs/%d/withdraw" % run, {})
        self.assertJSONError(r, 409, "already_completed")
        s3 = self.seat("p3", run)
        self.assertEqual((s3["status"], s3["result"]), ("enrolled", "passed"))
        code = self.as_("teacher").get("/api/v1/runs/%d" % run).json()[
            "run"]["course"]
        page = p3.get("/courses/%s" % code).text
        item = page[page.index('id="run-%d"' % run):]
        item = item[:item.index("</li>")]
        self.assertIn("已结业", item)
        self.assertNotIn("/runs/%d/withdraw" % run, item)

    def test_result_form(self):
        run = self.new_run(seated=("p1", "p2"), waiting=())
        t = self.as_("teacher")
        page = t.get("/runs/%d" % run)
        token = page.form_csrf("/runs/%d/result" % run)
        self.assertIsNotNone(token)
        r = t.post_form("/runs/%d/result" % run,
                        {"user": self.ids["p2"], "score": "40"}, csrf=token)
        self.assertRedirect(r, "/runs/%d?done=saved" % run)
        self.assertEqual(self.seat("p2", run)["result"], "failed")
        for fields in ({"user": self.ids["p2"], "score": "100.5"},
                       {"user": self.ids["p2"], "score": "abc"},
                       {"user": "x", "score": "50"}, {"score": "50"}):
            with self.subTest(fields=fields):
                r = t.post_form("/runs/%d/result" % run, fields, csrf=token)
                self.assertEqual(r.status, 400, r)
        self.assertEqual(self.seat("p2", run)["score"], 40)

    # -- export ------------------------------------------------------------

    def test_export_csv(self):
        formula = ["f%d" % i for i in range(len(FORMULA_NAMES))]
        run = self.new_run(seated=["p1", "p3"] + formula, waiting=("p5",))
        self.assertEqual(self.attend(run, 1, ["p1"], ["p3"]).status, 200)
        self.assertEqual(self.result(run, "p3", 30).status, 200)
        # A withdrawn person is exported last.
        self.assertEqual(self.as_("p2").post_json(
            "/api/v1/runs/%d/enrol" % run, {}).status, 201)
        self.assertEqual(self.as_("p2").post_json(
            "/api/v1/runs/%d/withdraw" % run, {}).status, 200)
        for key in ("teacher", "staff"):
            with self.subTest(who=key):
                r = self.as_(key).get("/runs/%d/enrolments.csv" % run)
                self.assertEqual(r.status, 200, r)
                self.check_csv(r, run)

    def check_csv(self, r, run):
        self.assertEqual(r.header("content-type"), "text/csv; charset=utf-8")
        self.assertEqual(r.header("content-disposition"),
                         'attachment; filename="JB101-run%d.csv"' % run)
        self.assertTrue(r.body.startswith(b"\xef\xbb\xbf"), r.body[:10])
        text = r.body[3:].decode("utf-8")
        self.assertTrue(text.endswith("\r\n"))
        self.assertEqual(text.count("\n"), text.count("\r\n"),
                         "a line does not end with CRLF")
        self.assertEqual(text.count("\r"), text.count("\r\n"))
        rows = list(csv.reader(io.StringIO(text, newline="")))
        self.assertEqual(rows[0], ["姓名", "账号", "学校", "状态", "候补顺位",
                                   "出勤", "成绩", "结果"])
        body = rows[1:]
        names = [row[0] for row in body]
        # Seated in arrival order, then the queue, then the withdrawn.
        self.assertEqual(names[:2], ["林晓峰", "黄小龙"])
        self.assertEqual(names[2:6], ["'" + n for n in FORMULA_NAMES],
                         "formula cells must start with an apostrophe")
        self.assertEqual(names[6:], ["候补生", "陈美玲"])
        for row in body:
            self.assertEqual(len(row), 8, row)
            self.assertFalse(row[0][:1] in ("=", "+", "-", "@"), row)
        by = {row[0]: row for row in body}
        self.assertEqual(by["林晓峰"], ["林晓峰", self.accounts["p1"], "",
                                       "已报名", "", "1", "", ""])
        self.assertEqual(by["黄小龙"][3:], ["已报名", "", "0", "30", "未通过"])
        self.assertEqual(by["候补生"][3:5], ["候补", "1"])
        self.assertEqual(by["陈美玲"][3], "已退出")
        # Quotes inside a field are doubled in the raw file.
        self.assertIn('"\'=HYPERLINK(""http://x.example/"",""点我"")"', text)

    def test_export_in_english(self):
        run = self.new_run(seated=("p1",), waiting=())
        c = self.client(lang="en")
        c.login_api(self.accounts["teacher"])
        r = c.get("/runs/%d/enrolments.csv" % run)
        self.assertEqual(r.status, 200, r)
        rows = list(csv.reader(io.StringIO(r.body[3:].decode("utf-8"),
                                           newline="")))
        self.assertEqual(rows[0][0], "Name")
        self.assertEqual(rows[1][0], "林晓峰")
        self.assertEqual(rows[1][3], "Enrolled")


if __name__ == "__main__":
    unittest.main()
