"""The staff dashboard (驿站看板) against a known fixture on a fresh
server: apprentices at each stage (3 entry, 2 training, 1 incubation, 1
selection, moved by staff; masters and staff are not counted), the stage
moves this month, runs not yet over with their fill and waitlists (one
ended yesterday is left out, one ending today is in), enrolments a week,
certificates by kind. The JSON numbers equal the fixture exactly, the
HTML table cells and each CSV (BOM, CRLF) say the same, the three charts
are complete PNGs of 720 x 360; only staff see any of it. A second
server starts empty and follows the data as it changes."""
import csv
import datetime
import io
import re
import time
import unittest

from cert_util import issue_ok
from entry_util import create_run, day
from harness import ServerTestCase, user
from incub_util import move
from training_util import (login, new_apprentice, new_master, png_complete,
                           png_size)

CHARTS = ("funnel", "enrolments", "certificates")
CSVS = ("stages", "runs", "enrolments", "certificates")
STAGES_ZH = (("entry", "入门"), ("training", "培养"), ("incubation", "孵化"),
             ("selection", "评选"))
KINDS_ZH = (("course", "结业证书"), ("level", "技能等级证书"),
            ("award", "获奖证书"), ("title", "荣誉称号证书"),
            ("guide", "金牌导购大师证书"))


def china(offset_days=0):
    cst = datetime.timezone(datetime.timedelta(hours=8))
    return datetime.datetime.now(cst) + datetime.timedelta(days=offset_days)


def dashboard(who):
    r = who.get("/api/v1/dashboard")
    if r.status != 200:
        raise AssertionError("GET /api/v1/dashboard: %r" % r)
    return r.json()


def read_csv(test, who, name):
    """The rows of /staff/dashboard/<name>.csv, checked to be CSV for
    Excel: text/csv, a UTF-8 BOM, CRLF line ends, an attachment."""
    r = who.get("/staff/dashboard/%s.csv" % name)
    test.assertEqual(r.status, 200, r)
    test.assertEqual(r.header("content-type"), "text/csv; charset=utf-8")
    test.assertEqual(r.header("content-disposition"),
                     'attachment; filename="yujiang-%s-%s.csv"' %
                     (name, day(0)))
    test.assertTrue(r.body.startswith(b"\xef\xbb\xbf"), r.body[:10])
    text = r.body[3:].decode("utf-8")
    test.assertTrue(text.endswith("\r\n"), text[-10:])
    test.assertNotIn("\n", text.replace("\r\n", ""))
    return list(csv.reader(io.StringIO(text, newline="")))


class DashboardTest(ServerTestCase):
    users = {"staff": user("周站长", "staff")}

    @classmethod
    def prepare(cls):
        s = cls.server
        cls.staff = login(s, cls.accounts["staff"])
        cls.master = new_master(s, cls.staff, "王建平")
        people = [new_apprentice(s, "学员%d" % i) for i in range(7)]
        cls.apprentice = people[0]
        # Runs: D ends today (in), A and B ahead (in), C ended (out).
        c = cls.staff.client
        cls.run_c = create_run(c, "JB101", starts=day(-60), ends=day(-1),
                               capacity=5)
        cls.run_d = create_run(c, "JB101", starts=day(-30), ends=day(0),
                               capacity=3)
        cls.run_a = create_run(c, "JB101", starts=day(4), ends=day(65),
                               capacity=2)
        cls.run_b = create_run(c, "JB101", starts=day(10), ends=day(70),
                               capacity=1, instructor=cls.master.id)
        # A: 2 enrolled, 1 waiting; B: 1 enrolled, 2 waiting.
        for run, who, want in ((cls.run_a, people[0], "enrolled"),
                               (cls.run_a, people[1], "enrolled"),
                               (cls.run_a, people[2], "waitlisted"),
                               (cls.run_b, people[3], "enrolled"),
                               (cls.run_b, people[4], "waitlisted"),
                               (cls.run_b, people[5], "waitlisted")):
            r = who.post("/api/v1/runs/%d/enrol" % run["id"])
            assert r.status == 201 and r.json()["status"] == want, r
        # Stages: 0-2 entry, 3-4 training, 5 incubation, 6 selection.
        for who, to in ((people[3], "training"), (people[4], "training"),
                        (people[5], "incubation"), (people[6], "selection")):
            r = move(cls.staff, who.id, to, "驿站测试安排")
            assert r.status == 200, r
        # One level certificate.
        r = cls.staff.post("/api/v1/people/%d/level" % people[0].id,
                           {"level": 1, "evidence": "考核 80 分"})
        assert r.status == 200, r
        lv = s.sql("SELECT max(id) FROM skill_levels WHERE user = ?1",
                   people[0].id)[0][0]
        issue_ok(cls("test_json_numbers"), cls.staff, "level:%s" % lv, "zh")
        cls.people = people
        # The enrolments are in a past second (see DashboardChangesTest).
        time.sleep(1.1)

    def test_json_numbers(self):
        d = dashboard(self.staff)
        self.assertEqual(set(d), {"stages", "moves_this_month",
                                  "enrolments_by_week",
                                  "certificates_by_kind",
                                  "competitions_in_progress", "runs",
                                  "data_bytes", "placements"})
        # Nobody hired through an opening (test_jobs.py counts hires).
        self.assertEqual(d["placements"], {"by_cohort": [],
                                           "by_course": []})
        self.assertEqual(d["stages"], {"entry": 3, "training": 2,
                                       "incubation": 1, "selection": 1})
        self.assertEqual(d["moves_this_month"], 4)
        self.assertEqual(d["certificates_by_kind"], {"course": 0, "level": 1,
                                                     "award": 0, "title": 0,
                                                     "guide": 0})
        self.assertEqual(d["competitions_in_progress"], 0)
        weeks = d["enrolments_by_week"]
        self.assertEqual(len(weeks), 12)
        self.assertEqual([w["enrolments"] for w in weeks], [0] * 11 + [6])
        # Week labels: MM-DD of each week's Monday (China), a week apart,
        # the last one this week's.
        monday = -china().weekday()
        self.assertEqual([w["week"] for w in weeks],
                         [china(monday - 7 * (11 - i)).strftime("%m-%d")
                          for i in range(12)])
        self.assertEqual(d["runs"], [
            {"run": self.run_d["id"], "course": "JB101",
             "title_zh": "玉雕入门", "title_en": "Jade carving for beginners",
             "starts": day(-30), "ends": day(0), "capacity": 3,
             "enrolled": 0, "waitlisted": 0},
            {"run": self.run_a["id"], "course": "JB101",
             "title_zh": "玉雕入门", "title_en": "Jade carving for beginners",
             "starts": day(4), "ends": day(65), "capacity": 2,
             "enrolled": 2, "waitlisted": 1},
            {"run": self.run_b["id"], "course": "JB101",
             "title_zh": "玉雕入门", "title_en": "Jade carving for beginners",
             "starts": day(10), "ends": day(70), "capacity": 1,
             "enrolled": 1, "waitlisted": 2}])

    def test_html_table(self):
        page = self.staff.get("/staff/dashboard")
        self.assertEqual(page.status, 200, page)
        t = page.text
        for stage, n in (("entry", 3), ("training", 2), ("incubation", 1),
                         ("selection", 1)):
            self.assertIn('<td data-stage="%s">%d</td>' % (stage, n), t)
        self.assertIn('<td id="moves">4</td>', t)
        m = re.search(r'<table id="runs">.*?<tbody>(.*?)</tbody>', t, re.S)
        self.assertTrue(m, "no table#runs")
        rows = re.findall(r'<tr><td><a href="/runs/(\d+)">([A-Z0-9]+)</a> '
                          r'(.*?)</td><td>([0-9-]+)</td><td>(\d+)/(\d+) '
                          r'\((\d+)%\)</td><td>(\d+)</td></tr>', m.group(1))
        self.assertEqual(rows, [
            (str(self.run_d["id"]), "JB101", "玉雕入门", day(-30), "0", "3",
             "0", "0"),
            (str(self.run_a["id"]), "JB101", "玉雕入门", day(4), "2", "2",
             "100", "1"),
            (str(self.run_b["id"]), "JB101", "玉雕入门", day(10), "1", "1",
             "100", "2")])
        self.assertNotIn('href="/runs/%d"' % self.run_c["id"], t)
        srcs = re.findall(r'<img class="chart"[^>]* src="([^"]+)"', t)
        self.assertEqual([s.split("?")[0] for s in srcs],
                         ["/staff/dashboard/%s.png" % c for c in CHARTS])
        for s in srcs:
            self.assertEqual(self.staff.get(s).status, 200, s)
        for name in CSVS:
            self.assertIn('href="/staff/dashboard/%s.csv"' % name, t)
        self.assertIn('<p id="competitions">0', t)
        # English.
        en = self.staff.client.get("/staff/dashboard",
                                   headers={"Accept-Language": "en"}).text
        self.assertIn("Jade carving for beginners", en)
        self.assertIn('<td data-stage="entry">3</td>', en)

    def test_charts(self):
        for name in CHARTS:
            for q in ("", "?lang=zh", "?lang=en"):
                with self.subTest(chart=name, q=q):
                    r = self.staff.get("/staff/dashboard/%s.png%s" %
                                       (name, q))
                    self.assertEqual(r.status, 200, r)
                    self.assertEqual(r.header("content-type"), "image/png")
                    self.assertEqual(png_size(r.body), (720, 360))
                    self.assertTrue(png_complete(r.body))
        self.assertEqual(self.staff.get(
            "/staff/dashboard/funnel.png?lang=xx").status, 200)

    def test_csv(self):
        s = self.staff
        self.assertEqual(read_csv(self, s, "stages"), [
            ["阶段", "人数"], ["入门", "3"], ["培养", "2"], ["孵化", "1"],
            ["评选", "1"], ["本月进阶人次", "4"]])
        self.assertEqual(read_csv(self, s, "runs"), [
            ["run", "course", "title", "开课日期", "结课日期", "capacity",
             "enrolled", "waitlisted"],
            [str(self.run_d["id"]), "JB101", "玉雕入门", day(-30), day(0),
             "3", "0", "0"],
            [str(self.run_a["id"]), "JB101", "玉雕入门", day(4), day(65),
             "2", "2", "1"],
            [str(self.run_b["id"]), "JB101", "玉雕入门", day(10), day(70),
             "1", "1", "2"]])
        rows = read_csv(self, s, "enrolments")
        self.assertEqual(rows[0], ["周（起）", "每周报名"])
        self.assertEqual(rows[1:], [[w["week"], str(w["enrolments"])]
                                    for w in dashboard(s)[
                                        "enrolments_by_week"]])
        self.assertEqual(rows[-1][1], "6")
        self.assertEqual(read_csv(self, s, "certificates"),
                         [["证书类别", "已签发证书"]] +
                         [[zh, "1" if k == "level" else "0"]
                          for k, zh in KINDS_ZH])
        # Unknown names are not found.
        self.assertEqual(s.get("/staff/dashboard/users.csv").status, 404)

    def test_only_staff(self):
        paths = (["/staff/dashboard"] +
                 ["/staff/dashboard/%s.png" % c for c in CHARTS] +
                 ["/staff/dashboard/%s.csv" % c for c in CSVS])
        for who in (self.apprentice, self.master):
            for path in paths:
                with self.subTest(who=who.name, path=path):
                    r = who.get(path)
                    self.assertEqual(r.status, 403, r)
                    self.assertNotIn(b"\xef\xbb\xbf", r.body[:3])
                    self.assertNotEqual(r.header("content-type"), "image/png")
            self.assertJSONError(who.get("/api/v1/dashboard"), 403,
                                 "forbidden")
        anon = self.client()
        for path in paths:
            with self.subTest(who="anonymous", path=path):
                self.assertRedirect(anon.get(path), "/login")
        self.assertJSONError(anon.get("/api/v1/dashboard"), 401,
                             "login_required")
        # Nothing to post.
        r = self.staff.post("/api/v1/dashboard", {})
        self.assertEqual(r.status, 405, r)


class DashboardChangesTest(ServerTestCase):
    users = {"staff": user("周站长", "staff")}

    @classmethod
    def prepare(cls):
        cls.staff = login(cls.server, cls.accounts["staff"])
        # What an empty station shows, before any test adds to it.
        cls.empty = dashboard(cls.staff)
        cls.empty_charts = {}
        for c in CHARTS:
            r = cls.staff.get("/staff/dashboard/%s.png" % c)
            assert r.status == 200, r
            cls.empty_charts[c] = r.body
        cls.empty_runs_csv = read_csv(cls("test_empty"), cls.staff, "runs")

    def chart(self, name):
        r = self.staff.get("/staff/dashboard/%s.png" % name)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(png_size(r.body), (720, 360))
        self.assertTrue(png_complete(r.body))
        return r.body

    def test_empty(self):
        d = self.empty
        self.assertEqual(d["stages"], {"entry": 0, "training": 0,
                                       "incubation": 0, "selection": 0})
        self.assertEqual((d["moves_this_month"], d["runs"]), (0, []))
        self.assertEqual([w["enrolments"] for w in d["enrolments_by_week"]],
                         [0] * 12)
        self.assertEqual(d["certificates_by_kind"], {
            "course": 0, "level": 0, "award": 0, "title": 0, "guide": 0})
        for c in CHARTS:
            self.assertEqual(png_size(self.empty_charts[c]), (720, 360))
            self.assertTrue(png_complete(self.empty_charts[c]))
        self.assertEqual(len(self.empty_runs_csv), 1)

    def test_numbers_follow_the_data(self):
        def stages():
            return dashboard(self.staff)["stages"]

        def plus(base, **kw):
            return {k: base[k] + kw.get(k, 0) for k in base}

        time.sleep(1.1)     # earlier enrolments: in a past second
        d0 = dashboard(self.staff)
        s0 = d0["stages"]
        before = {c: self.chart(c) for c in CHARTS}
        # A master is no apprentice.
        new_master(self.server, self.staff, "陈国强")
        self.assertEqual(stages(), s0)
        a = new_apprentice(self.server, "林晓峰")
        b = new_apprentice(self.server, "陈美玲")
        self.assertEqual(stages(), plus(s0, entry=2))
        self.assertEqual(move(self.staff, a.id, "training", "面试").status,
                         200)
        self.assertEqual(move(self.staff, a.id, "entry", "回炉").status, 200)
        self.assertEqual(move(self.staff, b.id, "incubation", "获奖").status,
                         200)
        d = dashboard(self.staff)
        self.assertEqual(d["stages"], plus(s0, entry=1, incubation=1))
        self.assertEqual(d["moves_this_month"], d0["moves_this_month"] + 3)
        self.assertNotEqual(self.chart("funnel"), before["funnel"])
        # A run and an enrolment.
        run = create_run(self.staff.client, "JB101", capacity=4)
        self.assertEqual(a.post("/api/v1/runs/%d/enrol" % run["id"]).status,
                         201)
        time.sleep(1.1)
        d = dashboard(self.staff)
        self.assertIn((run["id"], 1, 0), [(r["run"], r["enrolled"],
                                           r["waitlisted"])
                                          for r in d["runs"]])
        self.assertEqual(d["enrolments_by_week"][-1]["enrolments"],
                         d0["enrolments_by_week"][-1]["enrolments"] + 1)
        self.assertNotEqual(self.chart("enrolments"), before["enrolments"])
        # A certificate.
        self.assertEqual(self.staff.post("/api/v1/people/%d/level" % a.id, {
            "level": 2, "evidence": "考核 90 分"}).status, 200)
        lv = self.server.sql("SELECT max(id) FROM skill_levels WHERE "
                             "user = ?1", a.id)[0][0]
        issue_ok(self, self.staff, "level:%s" % lv, "zh")
        self.assertEqual(dashboard(self.staff)["certificates_by_kind"],
                         plus(d0["certificates_by_kind"], level=1))
        self.assertNotEqual(self.chart("certificates"),
                            before["certificates"])

    def test_chart_kept_until_the_data_changes(self):
        """Issue 16: a picture is drawn once per worker for the same
        numbers and then answered from memory, the very same bytes
        (x-yujiang-chart: kept); new numbers are a new picture, drawn
        (x-yujiang-chart: drawn) by every worker asked for it."""
        def get():
            r = self.staff.get("/staff/dashboard/funnel.png")
            self.assertEqual(r.status, 200, r)
            self.assertEqual(r.header("content-type"), "image/png")
            return r.header("x-yujiang-chart"), r.body

        old = None
        for n in range(2):
            new_apprentice(self.server, "新学员%d" % n)     # new numbers
            how, drawn = get()
            self.assertEqual(how, "drawn")
            self.assertTrue(png_complete(drawn))
            if old is not None:
                self.assertNotEqual(drawn, old)
            pictures = {drawn}
            kept = 0
            for _ in range(12):
                how, body = get()
                self.assertIn(how, ("drawn", "kept"))
                pictures.add(body)
                kept += how == "kept"
            self.assertGreater(kept, 0)
            # Drawn by each worker once at most, always the same bytes.
            self.assertEqual(pictures, {drawn})
            old = drawn

    def test_enrolment_counted_in_its_own_second(self):
        """An enrolment shows in this week's count at once, not only from
        the next second on."""
        a = new_apprentice(self.server, "黄小龙")
        run = create_run(self.staff.client, "JB101", capacity=4)
        before = sum(w["enrolments"] for w in dashboard(
            self.staff)["enrolments_by_week"])
        # Enrol and look within one second of the clock.
        while time.time() % 1 > 0.3:
            time.sleep(0.02)
        t0 = int(time.time())
        self.assertEqual(a.post("/api/v1/runs/%d/enrol" % run["id"]).status,
                         201)
        d = dashboard(self.staff)
        same_second = int(time.time()) == t0
        weeks = [w["enrolments"] for w in d["enrolments_by_week"]]
        self.assertEqual(sum(weeks), before + 1,
                         "enrolment missing from the 12 weeks (same "
                         "second: %s): %r" % (same_second, weeks))


if __name__ == "__main__":
    unittest.main()
