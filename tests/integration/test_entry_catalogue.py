"""The catalogue (入门's front door): GET /courses and /api/v1/courses with
their filters and search, a course's page and JSON, languages, Markdown.

The expectations are computed from the course files in courses/ (which
the server loads at start), so adding a course does not break them; the
date is China's, as the server's."""
import html
import os
import subprocess
import re
import shutil
import tempfile
import unittest
from urllib.parse import quote

from entry_util import (china_today, course_files, create_run, day,
                        stage_order, text_matches)
from harness import ADMIN, ServerTestCase, user

FILES = course_files()
ALL = set(FILES)


def codes(r):
    return [c["code"] for c in r.json()["courses"]]


def html_codes(page):
    """The codes of the catalogue's cards, in page order."""
    ul = re.search(r'<ul class="cards" id="catalogue">(.*?)</ul>', page,
                   re.S)
    assert ul, "no catalogue list"
    return re.findall(r'<li class="card"><a href="/courses/([A-Z0-9]+)"',
                      ul.group(1))


def window_open(meta, today):
    return meta["enrol_opens"] <= today <= meta["enrol_closes"]


class CatalogueTest(ServerTestCase):
    """The 14 course files, with the demo people and one run per course
    (`yujiang-admin init`), plus a run staff schedule here."""
    init = True
    users = {
        "staff": user("站长", "staff"),
        "carver": user("学徒甲", "apprentice", track="carver"),
    }

    @classmethod
    def prepare(cls):
        staff = cls.server.client()
        r = staff.login_api(cls.accounts["staff"])
        assert r.status == 200, r
        # A run that has ended: not one of the course's open runs.
        cls.past_run = create_run(staff, "JB102", day(-80), day(-20), 20)
        cls.extra_run = create_run(staff, "JB101", capacity=25)

    def api(self, query=""):
        r = self.client().get("/api/v1/courses" + query)
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.header("content-type").startswith(
            "application/json"))
        return r

    def expected(self, pred):
        return [c for c in sorted(FILES.values(), key=stage_order)
                if pred(c)]

    # -- the list ----------------------------------------------------------

    def test_files_are_the_fourteen(self):
        self.assertEqual(len(FILES), 14, sorted(FILES))

    def test_api_lists_every_course_with_titles_and_open_runs(self):
        r = self.api()
        courses = r.json()["courses"]
        self.assertEqual(len(courses), 14)
        self.assertEqual([c["code"] for c in courses],
                         [m["code"] for m in self.expected(lambda m: 1)],
                         "catalogue order: stage, then code")
        today = china_today()
        for c in courses:
            meta = FILES[c["code"]]
            with self.subTest(code=c["code"]):
                self.assertEqual(c["title_zh"], meta["title_zh"])
                self.assertEqual(c["title_en"], meta["title_en"])
                self.assertEqual(c["track"], meta["track"])
                self.assertEqual(c["stage"], meta["stage"])
                self.assertEqual(c["hours"], int(meta["hours"]))
                self.assertEqual(c["sessions"], int(meta["sessions"]))
                self.assertEqual(c["pass_mark"], int(meta["pass_mark"]))
                self.assertEqual(c["prerequisites"],
                                 sorted(meta["prerequisites"]))
                self.assertEqual(c["open"], window_open(meta, today))
                self.assertNotIn("body", c)     # the list is light
                # Runs not yet ended: the demo run of every course.
                self.assertGreaterEqual(len(c["runs"]), 1)
                for run in c["runs"]:
                    self.assertEqual(run["course"], c["code"])
                    self.assertGreaterEqual(run["ends"], today)
                    self.assertEqual(run["seats_left"],
                                     run["capacity"] - run["enrolled"])
        by = {c["code"]: c for c in courses}
        ids = [run["id"] for run in by["JB102"]["runs"]]
        self.assertNotIn(self.past_run["id"], ids, "an ended run is listed")
        ids = [run["id"] for run in by["JB101"]["runs"]]
        self.assertIn(self.extra_run["id"], ids)
        self.assertEqual(len(ids), 2)

    def test_html_lists_every_course(self):
        r = self.client().get("/courses")
        self.assertEqual(r.status, 200, r)
        self.assertIn('<html lang="zh', r.text)
        self.assertIn("<h1>课程目录</h1>", r.text)
        self.assertEqual(html_codes(r.text),
                         [m["code"] for m in self.expected(lambda m: 1)])
        for code, meta in FILES.items():
            self.assertIn('<span class="code">%s</span> <strong>%s</strong>'
                          % (code, html.escape(meta["title_zh"])), r.text)
        # Every course has a run: each card shows the seats left.
        self.assertEqual(r.text.count('<span class="seats">'), 14)

    # -- filters -----------------------------------------------------------

    def test_filter_track(self):
        for track in ("carver", "designer"):
            with self.subTest(track=track):
                want = [m["code"] for m in self.expected(
                    lambda m: m["track"] in (track, "both"))]
                self.assertEqual(codes(self.api("?track=" + track)), want)
                page = self.client().get("/courses?track=" + track)
                self.assertEqual(html_codes(page.text), want)
                self.assertIn('<option value="%s" selected>' % track,
                              page.text)
        carver = set(codes(self.api("?track=carver")))
        self.assertTrue({"JC201", "JB101", "JI301"} <= carver)
        self.assertFalse(carver & {"JD101", "JD201", "JD202", "JD203"})

    def test_filter_stage(self):
        for stage in ("entry", "training", "incubation"):
            with self.subTest(stage=stage):
                want = [m["code"] for m in self.expected(
                    lambda m: m["stage"] == stage)]
                self.assertTrue(want)
                self.assertEqual(codes(self.api("?stage=" + stage)), want)
                self.assertEqual(html_codes(self.client().get(
                    "/courses?stage=" + stage).text), want)

    def test_filter_open(self):
        today = china_today()
        want = [m["code"] for m in self.expected(
            lambda m: window_open(m, today))]
        got = codes(self.api("?open=1"))
        self.assertEqual(got, want)
        if today < FILES["JI301"]["enrol_opens"]:
            self.assertNotIn("JI301", got)   # opens 2027-03-01
        self.assertEqual(len(codes(self.api("?open=0"))), 14)
        page = self.client().get("/courses?open=1")
        self.assertEqual(html_codes(page.text), want)
        self.assertIn('value="1" checked>', page.text)

    def test_filters_combined(self):
        want = [m["code"] for m in self.expected(
            lambda m: m["track"] in ("designer", "both") and
            m["stage"] == "training")]
        self.assertEqual(codes(self.api("?track=designer&stage=training")),
                         want)
        self.assertIn("JB201", want)
        self.assertNotIn("JC201", want)

    def test_bad_filters(self):
        for q in ("?track=painter", "?stage=selection", "?stage=nope"):
            with self.subTest(q=q):
                r = self.client().get("/api/v1/courses" + q)
                self.assertJSONError(r, 400, "bad_request")
                self.assertEqual(self.client().get("/courses" + q).status,
                                 400)
        # Empty values mean "any".
        self.assertEqual(len(codes(self.api("?track=&stage=&q="))), 14)

    # -- search ------------------------------------------------------------

    def search(self, q):
        return codes(self.api("?q=" + quote(q)))

    def expect_search(self, q):
        return [m["code"] for m in self.expected(
            lambda m: text_matches(m, q))]

    def test_search_english(self):
        got = self.search("bangle")
        self.assertEqual(got, self.expect_search("bangle"))
        self.assertIn("JC201", got)
        self.assertLess(len(got), 14)
        self.assertEqual(self.search("BANGLE"), got, "case-insensitive")

    def test_search_two_chinese_characters(self):
        """Two characters: too short for the trigram index (LIKE path)."""
        got = self.search("玉镯")
        self.assertEqual(got, self.expect_search("玉镯"))
        self.assertIn("JC201", got)
        self.assertLess(len(got), 14)

    def test_search_four_chinese_characters(self):
        """Three or more characters: the full-text (trigram) path."""
        got = self.search("浮雕技法")
        self.assertEqual(got, self.expect_search("浮雕技法"))
        self.assertIn("JC202", got)
        self.assertLess(len(got), 14)
        self.assertEqual(self.search("镂空"), self.expect_search("镂空"))

    def test_search_single_character_and_no_match(self):
        self.assertEqual(self.search("镯"), self.expect_search("镯"))
        self.assertEqual(self.search("不存在的课程名称"), [])
        page = self.client().get("/courses?q=" + quote("不存在的课程名称"))
        self.assertEqual(page.status, 200)
        self.assertEqual(html_codes(page.text), [])
        self.assertIn("没有符合条件的课程。", page.text)

    def test_search_special_characters_are_text(self):
        """Wildcards and FTS syntax in the reader's text are matched
        literally: no crash, no "everything"."""
        for q in ("%", "_", '"', "%%", "_%", '""', "\\", "a%", "%玉",
                  '"bangle', 'bangle"', 'ban"gle', "bangle OR jade",
                  "jade*", "NEAR(jade bangle)", "-jade", "a_b%c",
                  "' OR 1=1 --", "玉\"镯", "*", "(", "^玉"):
            with self.subTest(q=q):
                r = self.client().get("/api/v1/courses?q=" + quote(q))
                self.assertEqual(r.status, 200, r)
                got = codes(r)
                self.assertEqual(got, self.expect_search(q))
                self.assertLess(len(got), 14)
                page = self.client().get("/courses?q=" + quote(q))
                self.assertEqual(page.status, 200, page)
        self.assertHealthy()

    def test_search_combined_with_filters(self):
        want = [m["code"] for m in self.expected(
            lambda m: text_matches(m, "翡翠") and m["stage"] == "entry")]
        self.assertEqual(codes(self.api("?stage=entry&q=" + quote("翡翠"))),
                         want)

    def test_search_echo_is_escaped(self):
        q = '"><script>alert(1)</script>'
        page = self.client().get("/courses?q=" + quote(q))
        self.assertEqual(page.status, 200)
        self.assertNotIn("<script>alert", page.text)
        self.assertIn('value="&quot;&gt;&lt;script&gt;', page.text)

    # -- one course --------------------------------------------------------

    def test_course_json_has_body_and_runs(self):
        r = self.client().get("/api/v1/courses/JB101")
        self.assertEqual(r.status, 200, r)
        c = r.json()
        meta = FILES["JB101"]
        self.assertEqual(c["code"], "JB101")
        self.assertEqual(c["title_zh"], meta["title_zh"])
        self.assertEqual(c["body"].strip(), meta["body"])
        self.assertTrue(c["body"].startswith("## "))
        self.assertEqual(c["prerequisites"], [])
        ids = {run["id"] for run in c["runs"]}
        self.assertIn(self.extra_run["id"], ids)
        for run in c["runs"]:
            self.assertEqual(set(run), {"id", "course", "starts", "ends",
                                        "capacity", "enrolled",
                                        "waitlisted", "seats_left",
                                        "instructor"})
        demo = [run for run in c["runs"] if run["instructor"]]
        self.assertEqual(demo[0]["instructor"]["name"], "王建平")
        r = self.client().get("/api/v1/courses/JC201")
        self.assertEqual(r.json()["prerequisites"], ["JB101", "JB102"])

    def test_unknown_and_lowercase_codes_are_404(self):
        self.assertJSONError(self.client().get("/api/v1/courses/ZZ999"),
                             404, "not_found")
        r = self.client().get("/courses/ZZ999")
        self.assertEqual(r.status, 404, r)
        self.assertIn("<!doctype html>", r.text)
        for path in ("/courses/jb101", "/api/v1/courses/jb101",
                     "/courses/JB1011", "/courses/J101", "/courses/JB101/",
                     "/api/v1/courses/JB10"):
            with self.subTest(path=path):
                self.assertEqual(self.client().get(path).status, 404)

    def test_course_page_in_chinese_by_default_and_english_on_request(self):
        zh = self.client().get("/courses/JB101")
        self.assertEqual(zh.status, 200)
        self.assertIn('<html lang="zh', zh.text)
        self.assertIn('<h1 id="course-title"><span class="code">JB101'
                      '</span> 玉雕入门</h1>', zh.text)
        self.assertIn("先修课程", zh.text)
        self.assertIn("登录后报名", zh.text)
        en = self.client(lang="en").get("/courses/JB101")
        self.assertEqual(en.status, 200)
        self.assertIn('<html lang="en"', en.text)
        self.assertIn("Jade carving for beginners</h1>", en.text)
        self.assertIn("Prerequisites", en.text)
        self.assertNotIn("先修课程", en.text)
        cat = self.client(lang="en-GB,en;q=0.9").get("/courses")
        self.assertIn("<h1>Course catalogue</h1>", cat.text)
        self.assertIn("<strong>Bangle making</strong>", cat.text)
        # The yj_lang cookie wins over the header.
        c = self.client(lang="en")
        c.cookies["yj_lang"] = "zh"
        self.assertIn("课程目录", c.get("/courses").text)

    def test_course_body_markdown_is_rendered(self):
        page = self.client().get("/courses/JB101").text
        body = re.search(r'<article class="body">(.*?)</article>', page,
                         re.S)
        self.assertIsNotNone(body)
        body = body.group(1)
        self.assertIn("<h2>课程简介</h2>", body)
        self.assertIn("<ul>\n<li>", body)
        self.assertIn("<p>", body)
        self.assertNotIn("## ", body)
        self.assertNotIn("\n- ", body)

    def test_prerequisites_listed_with_links(self):
        page = self.client().get("/courses/JC201").text
        self.assertIn('<ul id="prereqs"><li><a href="/courses/JB101">JB101 '
                      '玉雕入门</a></li><li><a href="/courses/JB102">JB102 '
                      '玉雕工具与安全</a></li></ul>', page)

    def test_logged_in_apprentice_sees_enrol_buttons(self):
        c = self.logged_in("carver")
        page = c.get("/courses/JB101").text
        self.assertIn('action="/runs/%d/enrol"' % self.extra_run["id"], page)
        self.assertNotIn("登录后报名", page)
        # An ended run offers no button.
        page = c.get("/courses/JB102").text
        self.assertNotIn('action="/runs/%d/enrol"' % self.past_run["id"],
                         page)
        self.assertIn('id="run-%d"' % self.past_run["id"], page)
        self.assertIn("报名已经截止", page)

    def test_head_answers_like_get(self):
        for path in ("/courses", "/courses/JB101", "/api/v1/courses",
                     "/api/v1/courses/JB101"):
            with self.subTest(path=path):
                r = self.client().request("HEAD", path)
                self.assertEqual(r.status, 200)
                self.assertEqual(r.body, b"")


HOSTILE = """---
code: XS101
title_zh: <b>粗体</b>标题
title_en: <img src=x onerror=alert(1)> course
track: both
stage: entry
hours: 4
sessions: 2
capacity: 10
prerequisites: []
enrol_opens: 2026-01-01
enrol_closes: 2027-12-31
pass_mark: 60
attendance: 50
instructor: staff
---
## 简介

<script>alert("body")</script>

<div onclick="x()">raw block</div>

A line with <img src=y onerror=alert(2)> inline and [a link](/courses).

- item **bold**
"""


class HostileCourseFileTest(ServerTestCase):
    """A course file with HTML in its titles and body (synced before the
    server starts): everything shows as text, nothing as markup."""
    users = {}

    @classmethod
    def course_dirs(cls):
        cls.tmp = tempfile.mkdtemp(prefix="yj-courses.")
        with open(os.path.join(cls.tmp, "xs101.md"), "w") as f:
            f.write(HOSTILE)
        return [cls.tmp]

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)
        super().tearDownClass()

    def test_course_page_escapes_raw_html(self):
        r = self.client().get("/courses/XS101")
        self.assertEqual(r.status, 200, r)
        page = r.text
        self.assertIn("&lt;b&gt;粗体&lt;/b&gt;标题", page)
        self.assertNotIn("<b>粗体", page)
        self.assertNotIn("<script>alert", page)
        self.assertNotIn("<img src=", page)
        self.assertNotIn("<div onclick", page)
        self.assertIn("&lt;script&gt;", page)
        body = re.search(r'<article class="body">(.*?)</article>', page,
                         re.S).group(1)
        self.assertIn("<h2>简介</h2>", body)
        self.assertIn("<strong>bold</strong>", body)
        en = self.client(lang="en").get("/courses/XS101").text
        self.assertNotIn("<img src=", en)
        self.assertIn("&lt;img src=x onerror=alert(1)&gt; course", en)

    def test_markdown_link_cannot_carry_a_script_url(self):
        """[a link](javascript:...) in a body never becomes a live link:
        the sync refuses the file, naming the line (md4c's MD_FLAG_NOHTML
        does not filter URLs, so the course file parser does)."""
        page = self.client().get("/courses/XS101").text
        body = re.search(r'<article class="body">(.*?)</article>', page,
                         re.S).group(1)
        self.assertIn('<a href="/courses">a link</a>', body)
        bad = tempfile.mkdtemp(prefix="yj-courses-js.")
        data = tempfile.mkdtemp(prefix="yj-data-js.")
        try:
            for scheme in ("javascript:alert(3)", "JavaScript:x",
                           "data:text/html,<b>x</b>", "vbscript:x"):
                with open(os.path.join(bad, "xs101.md"), "w") as f:
                    f.write(HOSTILE.replace("(/courses)", "(%s)" % scheme))
                p = subprocess.run([ADMIN, "-d", data, "courses", "sync",
                                    bad], capture_output=True, text=True)
                self.assertEqual(p.returncode, 1, p)
                self.assertRegex(p.stderr, r"xs101\.md:\d+: the body links "
                                 r"to", p.stderr)
        finally:
            shutil.rmtree(bad, ignore_errors=True)
            shutil.rmtree(data, ignore_errors=True)

    def test_catalogue_escapes_titles(self):
        page = self.client().get("/courses").text
        self.assertIn("XS101", page)
        self.assertNotIn("<b>粗体", page)
        en = self.client(lang="en").get("/courses").text
        self.assertNotIn("<img src=", en)
        # JSON carries the raw text (it is data, not markup).
        r = self.client().get("/api/v1/courses/XS101").json()
        self.assertEqual(r["title_zh"], "<b>粗体</b>标题")


if __name__ == "__main__":
    unittest.main()
