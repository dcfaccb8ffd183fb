"""Bad course files: `yujiang-admin -d DATA courses sync DIR` on a
directory of good copies and broken files. Exit status 1; stderr names
every broken file with a line number and the reason; the good files are
loaded; a broken file whose course was loaded before keeps the previous
version (nothing is ever half-loaded). Checked with the sqlite3 CLI, and
once through a server started on the result."""
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from entry_util import COURSES_DIR
from harness import ADMIN, KEEP, ROOT, Server

GOOD = ["jb101.md", "jb102.md", "jc201.md"]


def front(code, title_zh="测试课程", title_en="A test course", track="both",
          stage="entry", prereqs="[]", opens="2026-11-01",
          closes="2027-06-30", extra="", drop=(), body="## 简介\n\n内容。\n"):
    """A course file; drop names keys to leave out, extra lines are
    added at the end of the front matter."""
    keys = [("code", code), ("title_zh", title_zh), ("title_en", title_en),
            ("track", track), ("stage", stage), ("hours", "10"),
            ("sessions", "4"), ("capacity", "20"),
            ("prerequisites", prereqs), ("enrol_opens", opens),
            ("enrol_closes", closes), ("pass_mark", "60"),
            ("attendance", "75"), ("instructor", "master")]
    lines = ["---"] + ["%s: %s" % kv for kv in keys if kv[0] not in drop]
    lines += [x for x in extra.split("\n") if x]
    lines.append("---")
    return "\n".join(lines) + "\n" + body


def line_of(text, key):
    """1-based line of `key:` in text."""
    for n, line in enumerate(text.split("\n"), 1):
        if line.startswith(key + ":"):
            return n
    raise KeyError(key)


class CourseSyncTest(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="yj-cf.")
        self.data = os.path.join(self.tmp, "data")
        self.src = os.path.join(self.tmp, "src")
        os.mkdir(self.data)
        os.mkdir(self.src)
        self.admin("migrate")

    def tearDown(self):
        if not KEEP:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def admin(self, *args):
        return subprocess.run([ADMIN, "-d", self.data] + list(args),
                              cwd=ROOT, capture_output=True, text=True)

    def sync(self, d=None):
        return self.admin("courses", "sync", d or self.src)

    def put(self, name, text):
        with open(os.path.join(self.src, name), "w", encoding="utf-8") as f:
            f.write(text)
        return text

    def sql(self, q):
        p = subprocess.run(["sqlite3", "-readonly",
                            os.path.join(self.data, "yujiang.db"), q],
                           capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        return p.stdout.splitlines()

    def loaded(self):
        return set(self.sql("SELECT code FROM courses"))

    def reports(self, stderr):
        """{file: (line or None, reason)} from the sync's stderr."""
        out = {}
        for line in stderr.splitlines():
            # DIR/FILE:LINE: reason, DIR being the directory synced.
            m = re.match(r"(?:.*/)?([^/:]+\.md):(?:(\d+):)? (.*)$", line)
            self.assertIsNotNone(m, "unexpected stderr line: %r" % line)
            self.assertNotIn(m.group(1), out, "file reported twice")
            out[m.group(1)] = (int(m.group(2)) if m.group(2) else None,
                               m.group(3))
        return out

    def copy_good(self):
        for f in GOOD:
            shutil.copy(os.path.join(COURSES_DIR, f), self.src)

    BROKEN = {
        # file: (text, key whose line is named (None: closing ---), words)
        "xa101-missing-key.md": (
            front("XA101", drop=("hours",)), None, "hours"),
        "xb101-bad-date.md": (
            front("XB101", opens="2026-02-30"), "enrol_opens", "2026-02-30"),
        "xc101-unknown-key.md": (
            front("XC101", extra="teacher: 王建平"), "teacher", "teacher"),
        "xd101-bad-yaml.md": (
            front("XD101", title_en='"an unclosed quote'), None, "YAML"),
        "xe101-no-such-prereq.md": (
            front("XE101", prereqs="[ZZ999]"), "prerequisites", "ZZ999"),
        "xf101-cycle-a.md": (
            front("XF101", prereqs="[XF102]"), "prerequisites", "circle"),
        "xf102-cycle-b.md": (
            front("XF102", prereqs="[XF101]"), "prerequisites", "circle"),
        "xh101-empty-body.md": (
            front("XH101", body="\n   \n"), None, "empty"),
        "xi101-bad-track.md": (
            front("XI101", track="painter"), "track", "painter"),
        "xj101-no-front-matter.md": (
            "# 标题\n\n只有正文。\n", None, "---"),
    }

    def put_broken(self):
        for name, (text, _k, _w) in self.BROKEN.items():
            self.put(name, text)
        # Two files with one code: the first (by name) wins.
        self.put("xg101-first.md", front("XG101", title_zh="第一个"))
        self.put("xg101-second.md", front("XG101", title_zh="第二个"))

    def test_broken_files_are_named_and_good_ones_loaded(self):
        self.copy_good()
        self.put_broken()
        p = self.sync()
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        rep = self.reports(p.stderr)
        want = set(self.BROKEN) | {"xg101-second.md"}
        self.assertEqual(set(rep), want, p.stderr)
        for name, (text, _key, words) in self.BROKEN.items():
            with self.subTest(file=name):
                line, reason = rep[name]
                self.assertIn(words.lower(), reason.lower())
        self.assertIn("already used", rep["xg101-second.md"][1])
        self.assertRegex(p.stdout, r"^4 courses loaded from .*, 11 files "
                                   r"refused$")
        self.assertEqual(self.loaded(), {"JB101", "JB102", "JC201", "XG101"})
        self.assertEqual(self.sql("SELECT title_zh FROM courses WHERE "
                                  "code = 'XG101'"), ["第一个"])
        self.assertEqual(self.sql("SELECT requires FROM course_prereqs "
                                  "WHERE course = 'JC201' ORDER BY 1"),
                         ["JB101", "JB102"])
        self.assertEqual(self.sql("SELECT count(*) FROM course_search"),
                         ["4"])

    def test_every_report_has_a_line_number(self):
        self.copy_good()
        self.put_broken()
        rep = self.reports(self.sync().stderr)
        missing = sorted(n for n, (line, _r) in rep.items() if line is None)
        self.assertEqual(missing, [], "reported without a line number")

    def test_line_numbers_point_at_the_problem(self):
        self.put_broken()
        rep = self.reports(self.sync().stderr)
        for name, (text, key, _w) in self.BROKEN.items():
            with self.subTest(file=name):
                line = rep[name][0]
                if key is not None:
                    self.assertEqual(line, line_of(text, key), rep[name])
                elif "missing" in name:
                    # The closing "---" of the front matter.
                    self.assertEqual(line, text.split("\n").index("---", 1)
                                     + 1, rep[name])

    def test_prerequisite_of_a_refused_file_is_refused_too(self):
        self.put("xk101.md", front("XK101", opens="2026-13-01"))
        self.put("xk102.md", front("XK102", prereqs="[XK101]"))
        self.put("xk103.md", front("XK103"))
        p = self.sync()
        self.assertEqual(p.returncode, 1)
        self.assertEqual(set(self.reports(p.stderr)),
                         {"xk101.md", "xk102.md"})
        self.assertEqual(self.loaded(), {"XK103"})

    def test_broken_file_keeps_the_previous_version(self):
        self.copy_good()
        good = self.put("xm101.md", front("XM101", title_zh="旧标题",
                                          body="## 旧\n\n旧内容。\n"))
        p = self.sync()
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stderr, "")
        self.assertIn("XM101", self.loaded())
        # Now the file is changed and broken (a bad date).
        self.put("xm101.md", front("XM101", title_zh="新标题",
                                   closes="2027-02-29",
                                   body="## 新\n\n新内容。\n"))
        p = self.sync()
        self.assertEqual(p.returncode, 1)
        rep = self.reports(p.stderr)
        self.assertEqual(set(rep), {"xm101.md"})
        self.assertIn("2027-02-29", rep["xm101.md"][1])
        self.assertEqual(self.sql("SELECT title_zh, instr(body, '旧内容'), "
                                  "instr(body, '新') FROM courses WHERE "
                                  "code = 'XM101'"), ["旧标题|7|0"])
        self.assertEqual(self.loaded(), {"JB101", "JB102", "JC201", "XM101"})
        # The search index kept the old text too.
        self.assertEqual(self.sql("SELECT code FROM course_search WHERE "
                                  "course_search MATCH '旧内容'"), ["XM101"])
        self.assertEqual(self.sql("SELECT code FROM course_search WHERE "
                                  "course_search MATCH '新内容'"), [])
        # Fixed again: the new version replaces it.
        self.put("xm101.md", front("XM101", title_zh="新标题",
                                   body="## 新\n\n新内容。\n"))
        p = self.sync()
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(self.sql("SELECT title_zh FROM courses WHERE "
                                  "code = 'XM101'"), ["新标题"])
        self.assertNotEqual(good, "")

    def test_cycle_through_a_course_no_longer_in_the_directory(self):
        """A course whose file was removed stays in the store with its
        prerequisites; a file that now closes a circle through it must
        be refused like any other cycle (else neither course can ever
        be taken: each needs the other completed first)."""
        self.put("xn101.md", front("XN101"))
        self.put("xn102.md", front("XN102", prereqs="[XN101]"))
        self.assertEqual(self.sync().returncode, 0)
        os.remove(os.path.join(self.src, "xn102.md"))   # XN102 stays
        self.put("xn101.md", front("XN101", prereqs="[XN102]"))
        p = self.sync()
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        self.assertIn("xn101.md", self.reports(p.stderr))
        self.assertEqual(self.sql("SELECT course, requires FROM "
                                  "course_prereqs ORDER BY 1"),
                         ["XN102|XN101"])

    def test_project_catalogue_is_clean(self):
        """The shipped courses/ syncs with no refusal."""
        p = self.sync(COURSES_DIR)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stderr, "")
        self.assertEqual(len(self.loaded()), 14)

    def test_server_serves_the_kept_version(self):
        """The real server: XM201 is loaded, then its file is broken and
        synced again while the server runs; the course page still shows
        the last good version, and nothing of the broken one."""
        good = os.path.join(self.tmp, "good")
        os.mkdir(good)
        with open(os.path.join(good, "xm201.md"), "w") as f:
            f.write(front("XM201", title_zh="保留的版本",
                          body="## 简介\n\n保留的内容。\n"))
        srv = Server(course_dirs=[good]).start()
        try:
            self.put("xm201.md", front("XM201", title_zh="坏了的版本",
                                       stage="selection",
                                       body="## 简介\n\n坏了的内容。\n"))
            p = subprocess.run([ADMIN, "-d", srv.dir, "courses", "sync",
                                self.src], cwd=ROOT, capture_output=True,
                               text=True)
            self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
            self.assertIn("%s/xm201.md:" % self.src, p.stderr)
            r = srv.client().get("/api/v1/courses/XM201")
            self.assertEqual(r.status, 200, r)
            self.assertEqual(r.json()["title_zh"], "保留的版本")
            self.assertEqual(r.json()["stage"], "entry")
            page = srv.client().get("/courses/XM201").text
            self.assertIn("保留的内容。", page)
            self.assertNotIn("坏了", page)
            found = srv.client().get("/api/v1/courses?q=%E5%9D%8F%E4%BA%86"
                                     "%E7%9A%84%E5%86%85%E5%AE%B9").json()
            self.assertEqual(found["courses"], [])
            # 14 shipped courses (synced by the server at start) + XM201.
            self.assertEqual(len(srv.client().get(
                "/api/v1/courses").json()["courses"]), 15)
        finally:
            srv.stop()


if __name__ == "__main__":
    unittest.main()
