"""Partner-school rosters (校企合作): staff upload a CSV (JSON on
/api/v1/roster, a multipart file on /staff/roster). Headers in Chinese or
English, with or without a BOM, CRLF or LF; every bad row is reported
with its line number; mode "all" writes nothing when any row is bad, mode
"good" imports the good rows. New people activate their account with a
one-time code before they can log in (and activation is throttled like
logins). A 10,000-row roster imports in one go."""
import re
import time
import unittest

from entry_util import create_run
from harness import (PASSWORD, ServerTestCase, new_email, new_phone,
                     staff_user_count, user)

BOM = "\ufeff"
HEADER_ZH = "姓名,手机号或邮箱,方向,学校"
LONG_NAME = "张" * 41


def phones(n):
    return [new_phone() for _ in range(n)]


class RosterBase(ServerTestCase):
    users = {
        "staff": user("周站长", "staff"),
        "master": user("王师傅", "master"),
        "old": user("老学员", "apprentice"),
    }

    @classmethod
    def prepare(cls):
        cls.staff = cls.server.client()
        r = cls.staff.login_api(cls.accounts["staff"])
        assert r.status == 200, r

    def new_run(self, capacity=100, code="JB101"):
        return create_run(self.staff, code, capacity=capacity)["id"]

    def post_roster(self, run, text, mode=None, client=None, lang=None):
        body = {"run": run, "csv": text}
        if mode is not None:
            body["mode"] = mode
        h = {"Accept-Language": lang} if lang else None
        return (client or self.staff).post_json("/api/v1/roster", body,
                                                headers=h)

    def upload(self, run, data, mode="all", filename="roster.csv",
               lang=None):
        if isinstance(data, str):
            data = data.encode("utf-8")
        return self.staff.post_multipart(
            "/staff/roster", [("run", str(run)), ("mode", mode)],
            files={"roster": (filename, data, "text/csv")},
            page="/staff/roster?run=%d" % run,
            headers={"Accept-Language": lang} if lang else None)

    def roster_of(self, run):
        r = self.staff.get("/api/v1/runs/%d" % run)
        self.assertEqual(r.status, 200, r)
        return r.json()["roster"]

    def user_count(self):
        return staff_user_count(self.staff)


class RosterImportTest(RosterBase):

    def test_chinese_header_bom_crlf(self):
        run = self.new_run()
        before = self.user_count()
        p = phones(3)
        text = BOM + HEADER_ZH + "\r\n" + "\r\n".join([
            "张伟,%s,玉雕,平洲职业技术学校" % p[0],
            "李娜,+86 %s-%s-%s,设计师," % (p[1][:3], p[1][3:7], p[1][7:]),
            '"欧阳, 晓",%s,玉雕师,"广东轻工职业技术学院 ""玉雕班"""' % p[2],
        ]) + "\r\n"
        r = self.post_roster(run, text)
        self.assertEqual(r.status, 201, r)
        j = r.json()
        self.assertEqual((j["run"], j["imported"], j["skipped"]),
                         (run, 3, 0))
        self.assertEqual(j["errors"], [])
        self.assertEqual([(x["line"], x["name"], x["account"], x["status"])
                          for x in j["rows"]],
                         [(2, "张伟", p[0], "enrolled"),
                          (3, "李娜", p[1], "enrolled"),
                          (4, "欧阳, 晓", p[2], "enrolled")])
        codes = [x["activation_code"] for x in j["rows"]]
        self.assertTrue(all(isinstance(c, str) and len(c) >= 8
                            for c in codes), codes)
        self.assertEqual(len(set(codes)), 3)
        self.assertEqual(self.user_count(), before + 3)
        ro = self.roster_of(run)
        self.assertEqual([(x["name"], x["school"], x["status"]) for x in ro],
                         [("张伟", "平洲职业技术学校", "enrolled"),
                          ("李娜", "", "enrolled"),
                          ("欧阳, 晓", '广东轻工职业技术学院 "玉雕班"',
                           "enrolled")])
        tracks = self.server.sql(
            "SELECT account, track, CASE WHEN school IS NULL THEN 1 ELSE 0 "
            "END FROM users WHERE "
            "account IN (?1, ?2) ORDER BY account", p[0], p[1])
        self.assertEqual(sorted(tracks), sorted([[p[0], "carver", "0"],
                                                 [p[1], "designer", "1"]]))
        # The desk shows the school next to the name.
        desk = self.staff.get("/runs/%d" % run).text
        self.assertIn("张伟<br><small>%s · 平洲职业技术学校</small>" % p[0],
                      desk)

    def test_english_header_lf_no_bom_any_column_order(self):
        run = self.new_run()
        before = self.user_count()
        p = phones(2)
        mail = new_email("school")
        text = "School,Track,Email,Name,Notes\n" + "\n".join([
            "Foshan Arts School,Designer,%s,Chen Mei,ignored" % mail,
            "  ,carver,%s,  王五  ,  " % p[0],
            ",designer,%s,赵六," % p[1],
        ]) + "\n\n\n"     # Excel's trailing blank rows
        r = self.post_roster(run, text)
        self.assertEqual(r.status, 201, r)
        j = r.json()
        self.assertEqual([(x["line"], x["name"], x["account"])
                          for x in j["rows"]],
                         [(2, "Chen Mei", mail), (3, "王五", p[0]),
                          (4, "赵六", p[1])])
        self.assertEqual(self.user_count(), before + 3)
        ro = self.roster_of(run)
        self.assertEqual([x["school"] for x in ro],
                         ["Foshan Arts School", "", ""])

    def test_html_upload(self):
        for variant, data in (
                ("bom-crlf-zh", (BOM + HEADER_ZH + "\r\n张小凡,%s,玉雕,"
                                 "平洲职校\r\n刘晓,%s,设计,\r\n")),
                ("lf-en", ("name,mobile,track,school\n张小凡,%s,carver,"
                           "平洲职校\n刘晓,%s,designer,\n"))):
            with self.subTest(variant=variant):
                run = self.new_run()
                before = self.user_count()
                p = phones(2)
                r = self.upload(run, data % tuple(p))
                self.assertEqual(r.status, 201, r)
                self.assertIn("导入完成。", r.text)
                self.assertIn('<dd id="imported">2</dd>', r.text)
                self.assertIn('<dd id="skipped">0</dd>', r.text)
                codes = re.findall(r"<td><code>([^<]+)</code></td>", r.text)
                self.assertEqual(len(codes), 2)
                self.assertIn("<td>张小凡</td><td>%s</td>" % p[0], r.text)
                self.assertEqual(self.user_count(), before + 2)
                self.assertEqual([x["name"] for x in self.roster_of(run)],
                                 ["张小凡", "刘晓"])
        # The form page itself.
        page = self.staff.get("/staff/roster?run=7")
        self.assertEqual(page.status, 200)
        self.assertIn('enctype="multipart/form-data"', page.text)
        self.assertIn('name="run" id="f-run" min="1" required value="7"',
                      page.text)

    BROKEN = "\n".join([
        HEADER_ZH,                              # 1
        "张三,{p0},玉雕,平洲职校",               # 2 good
        "李四,12345,玉雕,平洲职校",             # 3 bad phone
        ",{p1},设计,平洲职校",                  # 4 missing name
        "王五,{p2},厨师,平洲职校",               # 5 bad track
        "赵六,{p0},设计,平洲职校",               # 6 duplicate account
        LONG_NAME + ",{p3},玉雕,",              # 7 name too long
        "钱七,{p4},设计师,",                     # 8 good
    ]) + "\n"
    BAD_LINES = [3, 4, 5, 6, 7]

    def broken(self):
        p = phones(5)
        return self.BROKEN.format(p0=p[0], p1=p[1], p2=p[2], p3=p[3],
                                  p4=p[4]), p

    def check_errors(self, errors):
        self.assertEqual([e["line"] for e in errors], self.BAD_LINES)
        by = {e["line"]: e for e in errors}
        self.assertIn("手机号", by[3]["message"])
        self.assertEqual(by[3]["value"], "12345")
        self.assertIn("姓名", by[4]["message"])
        self.assertIn("方向", by[5]["message"])
        self.assertEqual(by[5]["value"], "厨师")
        self.assertEqual(by[6]["message"], "这个账号在名单中重复出现。")
        self.assertIn("姓名", by[7]["message"])
        for e in errors:
            self.assertTrue(e["message"])

    def test_broken_rows_mode_all_writes_nothing(self):
        run = self.new_run()
        before = self.user_count()
        users_before = self.server.sql("SELECT count(*) FROM users")
        text, p = self.broken()
        for mode in (None, "all"):
            with self.subTest(mode=mode):
                r = self.post_roster(run, text, mode=mode)
                j = self.assertJSONError(r, 400, "roster_rejected")
                self.check_errors(j["errors"])
        r = self.post_roster(run, text, lang="en")
        j = self.assertJSONError(r, 400, "roster_rejected")
        self.assertEqual([e["line"] for e in j["errors"]], self.BAD_LINES)
        self.assertIn("not", j["message"].lower())
        # The form: the same lines in the page, nothing imported.
        r = self.upload(run, text, mode="all")
        self.assertEqual(r.status, 400, r)
        self.assertIn("名单有错误，没有导入任何一行。", r.text)
        table = re.search(r'<table id="roster-errors">(.*?)</table>',
                          r.text, re.S).group(1)
        self.assertEqual([int(x) for x in re.findall(r"<tr><td>(\d+)</td>",
                                                     table)],
                         self.BAD_LINES)
        self.assertIn("<code>厨师</code>", table)
        self.assertEqual(self.user_count(), before)
        self.assertEqual(self.server.sql("SELECT count(*) FROM users"),
                         users_before)
        self.assertEqual(self.roster_of(run), [])
        self.assertEqual(self.server.sql(
            "SELECT count(*) FROM users WHERE account IN (?1, ?2)", p[0],
            p[4]), [["0"]])

    def test_broken_rows_mode_good_imports_the_good(self):
        run = self.new_run()
        before = self.user_count()
        text, p = self.broken()
        r = self.post_roster(run, text, mode="good")
        self.assertEqual(r.status, 201, r)
        j = r.json()
        self.assertEqual((j["imported"], j["skipped"]), (2, 5))
        self.assertEqual([(x["line"], x["name"], x["account"])
                          for x in j["rows"]],
                         [(2, "张三", p[0]), (8, "钱七", p[4])])
        self.check_errors(j["errors"])
        self.assertEqual(self.user_count(), before + 2)
        self.assertEqual([x["name"] for x in self.roster_of(run)],
                         ["张三", "钱七"])
        # The form in mode "good", on a new run (the two exist now).
        run2 = self.new_run()
        text2, p2 = self.broken()
        r = self.upload(run2, text2, mode="good")
        self.assertEqual(r.status, 201, r)
        self.assertIn('<dd id="imported">2</dd>', r.text)
        self.assertIn('<dd id="skipped">5</dd>', r.text)
        self.assertIn('<table id="roster-errors">', r.text)
        self.assertEqual(self.user_count(), before + 4)

    def test_line_numbers_count_blank_lines(self):
        """A blank line in the middle of the file is a line: the error
        after it must name the line the staff see in their editor."""
        run = self.new_run()
        p = phones(2)
        text = "\n".join([HEADER_ZH, "张三,%s,玉雕," % p[0], "",
                          "李四,12345,玉雕,", "王五,%s,玉雕," % p[1]]) + "\n"
        r = self.post_roster(run, text)
        j = self.assertJSONError(r, 400, "roster_rejected")
        self.assertEqual([e["line"] for e in j["errors"]], [4])

    def test_header_and_file_problems(self):
        run = self.new_run()
        p = new_phone()
        cases = [
            ("no header", "%s,张三,玉雕\n" % p),
            ("missing track column", "姓名,手机号\n张三,%s\n" % p),
            ("header only", HEADER_ZH + "\n"),
            ("empty", ""),
        ]
        for what, text in cases:
            with self.subTest(what=what):
                r = self.post_roster(run, text)
                self.assertEqual(r.status, 400, r)
                self.assertIn(r.json()["error"],
                              ("roster_rejected", "invalid_roster"))
        # JSON cannot carry a NUL (jansson refuses \u0000); a file can.
        self.assertJSONError(self.post_roster(
            run, HEADER_ZH + "\n张三,%s,玉雕,\x00\n" % p), 400, "bad_json")
        r = self.upload(run, (HEADER_ZH + "\n张三,%s,玉雕,\x00\n" % p)
                        .encode())
        self.assertEqual(r.status, 400, r)
        self.assertIn("文件不是 UTF-8 文本 CSV。", r.text)
        # (Excel's GBK "CSV" is read: RosterEncodingTest.)
        r = self.post_roster(run, "name,account\nx,%s\n" % p)
        j = self.assertJSONError(r, 400, "roster_rejected")
        self.assertEqual(j["errors"][0]["line"], 1)
        self.assertEqual(j["errors"][0]["message"],
                         "第一行需要表头：姓名、手机号或邮箱、方向。")
        # Requests that are wrong before any row is read.
        ok = HEADER_ZH + "\n张三,%s,玉雕,\n" % p
        self.assertJSONError(self.staff.post_json(
            "/api/v1/roster", {"csv": ok}), 400, "invalid_run")
        self.assertJSONError(self.staff.post_json(
            "/api/v1/roster", {"run": str(run), "csv": ok}), 400,
            "invalid_run")
        self.assertJSONError(self.post_roster(999999, ok), 404, "not_found")
        self.assertJSONError(self.post_roster(run, ok, mode="some"), 400,
                             "bad_request")
        self.assertJSONError(self.staff.post_json(
            "/api/v1/roster", {"run": run}), 400, "invalid_roster")
        r = self.staff.post_multipart(
            "/staff/roster", [("run", str(run)), ("mode", "all")],
            page="/staff/roster")
        self.assertEqual(r.status, 400, r)
        self.assertEqual(self.roster_of(run), [])
        self.assertEqual(self.server.sql(
            "SELECT count(*) FROM users WHERE account = ?1", p), [["0"]])

    def test_only_staff(self):
        run = self.new_run()
        ok = HEADER_ZH + "\n张三,%s,玉雕,\n" % new_phone()
        for key in ("master", "old"):
            c = self.client()
            c.login_api(self.accounts[key])
            with self.subTest(who=key):
                self.assertJSONError(self.post_roster(run, ok, client=c),
                                     403, "forbidden")
                self.assertEqual(c.get("/staff/roster").status, 403)
        self.assertJSONError(self.client().post_json(
            "/api/v1/roster", {"run": run, "csv": ok}), 401,
            "login_required")
        self.assertEqual(self.roster_of(run), [])

    def test_existing_accounts(self):
        run = self.new_run()
        before = self.user_count()
        fresh = new_phone()
        text = "\n".join([HEADER_ZH, "老学员,%s,玉雕," % self.accounts["old"],
                          "新学员,%s,玉雕," % fresh]) + "\n"
        r = self.post_roster(run, text)
        self.assertEqual(r.status, 201, r)
        rows = r.json()["rows"]
        self.assertIsNone(rows[0]["activation_code"])
        self.assertIsInstance(rows[1]["activation_code"], str)
        self.assertEqual(self.user_count(), before + 1)
        # The existing apprentice keeps their password and has the seat.
        c = self.client()
        self.assertEqual(c.login_api(self.accounts["old"]).status, 200)
        seats = c.get("/api/v1/me/enrolments").json()["enrolments"]
        self.assertEqual([s["run"] for s in seats if s["run"] == run], [run])
        # Importing the same roster again changes nothing.
        r = self.post_roster(run, text)
        self.assertEqual(r.status, 201, r)
        self.assertEqual([x["activation_code"] for x in r.json()["rows"]],
                         [None, None])
        self.assertEqual(len(self.roster_of(run)), 2)
        self.assertEqual(self.user_count(), before + 1)

    def test_roster_naming_a_master_is_refused(self):
        run = self.new_run()
        before = self.user_count()
        fresh = new_phone()
        for acc in (self.accounts["master"], self.accounts["staff"]):
            text = "\n".join([HEADER_ZH, "新学员,%s,玉雕," % fresh,
                              "冒名,%s,玉雕," % acc]) + "\n"
            with self.subTest(account=acc):
                r = self.post_roster(run, text)
                self.assertJSONError(r, 409, "roster_staff_account")
        self.assertEqual(self.user_count(), before)
        self.assertEqual(self.roster_of(run), [])
        self.assertEqual(self.server.sql(
            "SELECT count(*) FROM users WHERE account = ?1", fresh), [["0"]])
        # The master can still log in as before.
        self.assertEqual(self.client().login_api(
            self.accounts["master"]).status, 200)

    def test_seats_then_waitlist_in_file_order(self):
        run = self.new_run(capacity=2)
        p = phones(4)
        text = HEADER_ZH + "\n" + "\n".join(
            "学生%d,%s,玉雕," % (i, p[i]) for i in range(4)) + "\n"
        r = self.post_roster(run, text)
        self.assertEqual(r.status, 201, r)
        self.assertEqual([x["status"] for x in r.json()["rows"]],
                         ["enrolled", "enrolled", "waitlisted",
                          "waitlisted"])
        ro = self.roster_of(run)
        self.assertEqual([(x["name"], x["position"]) for x in ro],
                         [("学生0", 0), ("学生1", 0), ("学生2", 1),
                          ("学生3", 2)])

    def test_ten_thousand_rows(self):
        n, capacity = 10000, 9990
        run = self.new_run(capacity=capacity)
        before = self.user_count()
        base = 1000000 + (int(time.time()) % 1000) * 10000
        accounts = ["137%08d" % (base + i) for i in range(n)]
        lines = [BOM + HEADER_ZH]
        for i, acc in enumerate(accounts):
            lines.append("学员%05d,%s,%s,平洲职业技术学校%d班" % (
                i, acc, "玉雕" if i % 3 else "设计", i % 40))
        text = "\r\n".join(lines) + "\r\n"
        t0 = time.time()
        r = self.post_roster(run, text)
        took = time.time() - t0
        print("\n  [roster] %d rows (%d KiB) imported in %.2fs" % (
            n, len(text.encode()) // 1024, took))
        self.assertEqual(r.status, 201, r.text[:500])
        j = r.json()
        self.assertEqual((j["imported"], j["skipped"]), (n, 0))
        self.assertEqual(len(j["rows"]), n)
        self.assertEqual([x["status"] for x in j["rows"]],
                         ["enrolled"] * capacity +
                         ["waitlisted"] * (n - capacity))
        self.assertEqual(j["rows"][-1]["line"], n + 1)
        self.assertEqual(len({x["activation_code"] for x in j["rows"]}), n)
        self.assertLess(took, 30, "a 10,000-row roster took %.1fs" % took)
        self.assertEqual(self.user_count(), before + n)
        ro = self.staff.get("/api/v1/runs/%d" % run).json()
        self.assertEqual((ro["run"]["enrolled"], ro["run"]["waitlisted"]),
                         (capacity, n - capacity))
        self.assertEqual(ro["roster"][-1]["position"], n - capacity)
        self.assertEqual(ro["roster"][0]["name"], "学员00000")
        # One of them activates and has the seat.
        row = j["rows"][4321]
        c = self.client()
        r = c.post_json("/api/v1/activate", {
            "account": row["account"], "code": row["activation_code"],
            "password": PASSWORD})
        self.assertEqual(r.status, 200, r)
        seats = c.get("/api/v1/me/enrolments").json()["enrolments"]
        self.assertEqual([(s["run"], s["status"]) for s in seats],
                         [(run, "enrolled")])
        self.assertHealthy()


def strict_utf8(test, r):
    """The whole answer is valid UTF-8 (no byte of an upload echoed raw)."""
    try:
        return r.body.decode("utf-8")
    except UnicodeDecodeError as e:
        test.fail("answer is not valid UTF-8: %s" % e)


class RosterEncodingTest(RosterBase):
    """Issue 12.3: Chinese Excel saves its plain "CSV" in GBK (GB18030).
    Such a roster is read, converted and the report says so; a file that
    is neither UTF-8 nor GB18030 is refused naming its encoding; nothing
    from an upload reaches a page or JSON as invalid UTF-8."""

    GBK_NOTE = "按 GBK 编码读取"
    # 䶮 (U+4DAE) and 𠮷 (U+20BB7) are not in GBK but are in GB18030
    # (two bytes FE9F, four bytes 9534B235).
    RARE = ("刘䶮", "𠮷野")

    def roster_text(self, names, schools=True):
        p = phones(len(names))
        rows = ["%s,%s,%s,%s" % (n, p[i], "玉雕" if i % 2 else "设计师",
                                 "平洲翡翠职业学校" if schools else "")
                for i, n in enumerate(names)]
        return HEADER_ZH + "\r\n" + "\r\n".join(rows) + "\r\n", p

    def test_gbk_file_is_read_mode_all(self):
        run = self.new_run()
        before = self.user_count()
        names = ["李玥", "陈琛", "王翡翠", "Lee Ann"]
        text, p = self.roster_text(names)
        data = text.encode("gbk")
        self.assertRaises(UnicodeDecodeError, data.decode, "utf-8")
        r = self.upload(run, data, mode="all")
        self.assertEqual(r.status, 201, r.text[:800])
        page = strict_utf8(self, r)
        self.assertIn(self.GBK_NOTE, page)
        self.assertIn('<dd id="imported">4</dd>', page)
        self.assertIn('<dd id="skipped">0</dd>', page)
        for n, acc in zip(names, p):
            self.assertIn("<td>%s</td><td>%s</td>" % (n, acc), page)
        self.assertEqual([(x["name"], x["school"])
                          for x in self.roster_of(run)],
                         [(n, "平洲翡翠职业学校") for n in names])
        self.assertEqual(self.user_count(), before + 4)
        self.assertEqual(self.server.sql(
            "SELECT name FROM users WHERE account = ?1", p[2]),
            [["王翡翠"]])
        # A UTF-8 file says nothing about its encoding.
        text, _p = self.roster_text(["赵玥"])
        r = self.upload(self.new_run(), text)
        self.assertEqual(r.status, 201, r)
        self.assertNotIn(self.GBK_NOTE, r.text)

    def test_gbk_english_header_mode_good_is_read_whole(self):
        """The half-read case: an English header let a GBK file through
        the header check, its Chinese rows were refused (their raw bytes
        echoed into the page) and only the ASCII ones imported."""
        run = self.new_run()
        p = phones(3)
        text = ("name,account,track\r\n李玥,%s,玉雕\r\nLee Ann,%s,carver"
                "\r\n陈琛,%s,designer\r\n" % tuple(p))
        r = self.upload(run, text.encode("gbk"), mode="good")
        self.assertEqual(r.status, 201, r)
        page = strict_utf8(self, r)
        self.assertIn(self.GBK_NOTE, page)
        self.assertIn('<dd id="imported">3</dd>', page)
        self.assertIn('<dd id="skipped">0</dd>', page)
        self.assertEqual([x["name"] for x in self.roster_of(run)],
                         ["李玥", "Lee Ann", "陈琛"])

    def test_gb18030_rare_characters_mode_good(self):
        run = self.new_run()
        before = self.user_count()
        names = ["李玥", self.RARE[0], "陈琛", self.RARE[1]]
        text, p = self.roster_text(names)
        for rare in self.RARE:
            self.assertRaises(UnicodeEncodeError, rare.encode, "gbk")
        # One refused row whose value is Chinese: it comes back converted.
        text += "钱翡翠,%s,厨师,\r\n" % new_phone()
        data = text.encode("gb18030")
        r = self.upload(run, data, mode="good", lang="en")
        self.assertEqual(r.status, 201, r.text[:800])
        page = strict_utf8(self, r)
        self.assertIn("read as GBK", page)
        self.assertIn('<dd id="imported">4</dd>', page)
        self.assertIn('<dd id="skipped">1</dd>', page)
        self.assertIn("<tr><td>6</td>", page)
        self.assertIn("<code>厨师</code>", page)
        self.assertEqual([x["name"] for x in self.roster_of(run)], names)
        self.assertEqual(self.user_count(), before + 4)
        self.assertEqual(self.server.sql(
            "SELECT name FROM users WHERE account IN (?1, ?2) ORDER BY "
            "account = ?1 DESC", p[1], p[3]), [[self.RARE[0]],
                                              [self.RARE[1]]])
        # Mode "all": the same file is refused for the one row, in
        # Chinese, still saying how it was read; nothing written.
        run2 = self.new_run()
        r = self.upload(run2, data, mode="all")
        self.assertEqual(r.status, 400, r)
        page = strict_utf8(self, r)
        self.assertIn("名单有错误，没有导入任何一行。", page)
        self.assertIn(self.GBK_NOTE, page)
        self.assertIn("<code>厨师</code>", page)
        self.assertEqual(self.roster_of(run2), [])
        self.assertEqual(self.user_count(), before + 4)

    def test_neither_utf8_nor_gbk_is_refused_by_its_encoding(self):
        run = self.new_run()
        before = self.user_count()
        p = phones(3)
        good = [("张三,%s,玉雕," % p[0]).encode()]
        cases = [
            # UTF-8 with one stray byte on line 3: named, shown with
            # U+FFFD where the byte was.
            ("stray byte in UTF-8", [HEADER_ZH.encode()] + good +
             [("李四,%s,玉雕," % p[1]).encode().replace(b",", b"\xff,", 1)],
             3, "李四\ufffd,%s,玉雕," % p[1]),
            # GBK with a byte no GB18030 has (0xFF) on line 4.
            ("stray byte in GBK", [HEADER_ZH.encode("gbk"),
                                   ("张三,%s,玉雕," % p[0]).encode("gbk"),
                                   ("王五,%s,设计," % p[2]).encode("gbk"),
                                   "赵玥".encode("gbk") + b"\xff,1,2,3"],
             4, "赵玥\ufffd,1,2,3"),
            # A Western Excel's Windows-1252: neither.
            ("cp1252", [b"name,account,track", ("José,%s,carver" % p[1])
                        .encode("cp1252")], 2, "Jos\ufffd,%s,carver" % p[1]),
        ]
        for what, lines, line, value in cases:
            data = b"\r\n".join(lines) + b"\r\n"
            for mode in ("all", "good"):
                with self.subTest(what=what, mode=mode):
                    r = self.upload(run, data, mode=mode)
                    self.assertEqual(r.status, 400, r)
                    page = strict_utf8(self, r)
                    self.assertIn("既不是 UTF-8 也不是 GBK", page)
                    self.assertNotIn(self.GBK_NOTE, page)
                    rows = re.findall(
                        r"<tr><td>(\d+)</td><td>([^<]*)(?: <code>"
                        r"([^<]*)</code>)?</td></tr>", page)
                    self.assertEqual(len(rows), 1, rows)
                    self.assertEqual(int(rows[0][0]), line)
                    if value is not None:
                        self.assertEqual(rows[0][2], value)
        r = self.upload(run, cases[0][1][0] + b"\n" + cases[0][1][2] + b"\n",
                        lang="en")
        self.assertEqual(r.status, 400, r)
        self.assertIn("neither UTF-8 nor GBK", strict_utf8(self, r))
        self.assertEqual(self.roster_of(run), [])
        self.assertEqual(self.user_count(), before)

    def test_json_api_reads_its_utf8_text(self):
        """JSON text is Unicode: the API's csv is read as UTF-8 and says
        so; a GBK file goes through the form (or is re-encoded first)."""
        run = self.new_run()
        names = ["李玥", self.RARE[0], self.RARE[1]]
        text, p = self.roster_text(names)
        r = self.post_roster(run, text)
        self.assertEqual(r.status, 201, r)
        j = r.json()
        self.assertEqual(j["encoding"], "utf-8")
        self.assertEqual([x["name"] for x in j["rows"]], names)
        r = self.post_roster(run, "name,account\nx,%s\n" % p[0])
        self.assertEqual(self.assertJSONError(r, 400, "roster_rejected")
                         ["encoding"], "utf-8")


class ActivationTest(RosterBase):
    """Own server: failed activations count against this address's
    login throttle."""

    @classmethod
    def prepare(cls):
        super().prepare()
        run = create_run(cls.staff, "JB101", capacity=50)["id"]
        cls.run_id = run
        cls.new = {}
        accounts = [new_phone() for _ in range(5)]
        text = HEADER_ZH + "\n" + "\n".join(
            "激活%d,%s,玉雕,平洲职校" % (i, a)
            for i, a in enumerate(accounts)) + "\n"
        r = cls.staff.post_json("/api/v1/roster", {"run": run, "csv": text})
        assert r.status == 201, r
        for i, row in enumerate(r.json()["rows"]):
            cls.new["s%d" % i] = (row["account"], row["activation_code"])

    def activate(self, key, code=None, password=PASSWORD, client=None):
        acc, real = self.new[key]
        c = client or self.client()
        return c, c.post_json("/api/v1/activate", {
            "account": acc, "code": real if code is None else code,
            "password": password})

    def test_activation_then_login(self):
        acc, code = self.new["s0"]
        # No password yet: logging in fails whatever is typed.
        for pw in (PASSWORD, "", code):
            r = self.client().login_api(acc, pw)
            self.assertIn(r.status, (400, 401), r)
        c, r = self.activate("s0", password="我的新密码 2026")
        self.assertEqual(r.status, 200, r)
        j = r.json()
        self.assertEqual(j["user"]["account"], acc)
        self.assertEqual(j["user"]["name"], "激活0")
        self.assertEqual(j["user"]["role"], "apprentice")
        self.assertRegex(j["csrf"], r"^[0-9a-f]{64}$")
        self.assertIsNotNone(r.set_cookie("yj_session"))
        self.assertEqual(c.me().status, 200)
        seats = c.get("/api/v1/me/enrolments").json()["enrolments"]
        self.assertEqual([s["run"] for s in seats], [self.run_id])
        # The new password works; the code works once only.
        self.assertEqual(self.client().login_api(
            acc, "我的新密码 2026").status, 200)
        _c, r = self.activate("s0", password="another password")
        self.assertJSONError(r, 401, "activation_failed")
        self.assertEqual(self.client().login_api(
            acc, "another password").status, 401)

    def test_wrong_code_then_right_code(self):
        _c, r = self.activate("s1", code="WRONGCODE99")
        self.assertJSONError(r, 401, "activation_failed",
                             "账号或激活码不正确，或已经激活过了。")
        # Another person's code does not open this account.
        _c, r = self.activate("s1", code=self.new["s4"][1])
        self.assertJSONError(r, 401, "activation_failed")
        _c, r = self.activate("s1")
        self.assertEqual(r.status, 200, r)

    def test_throttled_after_repeated_failures(self):
        for i in range(5):
            _c, r = self.activate("s2", code="guess%05d" % i)
            self.assertJSONError(r, 401, "activation_failed")
        c, r = self.activate("s2")      # the right code, too late
        self.assertJSONError(r, 429, "throttled")
        self.assertEqual(r.header("retry-after"), "900")
        self.assertIsNone(r.set_cookie("yj_session"))
        self.assertEqual(c.me().status, 401)
        # Activation has its own counter (issue 15): a login is not
        # locked by it (401: the account has no password yet).
        self.assertEqual(self.client().login_api(self.new["s2"][0]).status,
                         401)

    def test_html_activate(self):
        acc, code = self.new["s3"]
        c = self.client()
        page = c.get("/activate")
        self.assertEqual(page.status, 200)
        self.assertIn('autocomplete="one-time-code"', page.text)
        # A wrong code: the form again, account kept, 401.
        r = c.post_form("/activate", {"account": acc, "code": "nope",
                                      "password": PASSWORD})
        self.assertEqual(r.status, 401, r)
        self.assertIn("账号或激活码不正确", r.text)
        self.assertIn('value="%s"' % acc, r.text)
        r = c.post_form("/activate", {"account": acc, "code": code,
                                      "password": PASSWORD})
        self.assertRedirect(r, "/me")
        me = c.get("/me")
        self.assertIn('<h1 id="me-name">激活3</h1>', me.text)
        self.assertRedirect(c.get("/activate"), "/me")

    def test_bad_requests(self):
        acc, code = self.new["s4"]
        _c, r = self.activate("s4", password="short")
        self.assertJSONError(r, 400, "invalid_password")
        r = self.client().post_json("/api/v1/activate",
                                    {"code": code, "password": PASSWORD})
        self.assertJSONError(r, 400, "activation_failed")
        r = self.client().post_json("/api/v1/activate",
                                    {"account": acc, "password": PASSWORD})
        self.assertJSONError(r, 400, "activation_failed")
        logged = self.client()
        logged.login_api(self.accounts["old"])
        r = logged.post_json("/api/v1/activate", {
            "account": acc, "code": code, "password": PASSWORD})
        self.assertJSONError(r, 409, "already_logged_in")
        r = self.client().post_json("/api/v1/activate", {
            "account": acc, "code": code, "password": PASSWORD}, csrf=None)
        self.assertJSONError(r, 403, "csrf")
        # s4's code is still good after all that.
        _c, r = self.activate("s4")
        self.assertEqual(r.status, 200, r)


class RosterMixedTest(RosterBase):
    """One file of 1,100 rows (three of the store's chunks of 500) with
    every kind of row: new accounts, a verified apprentice under the
    row's name, one under another name, an unverified holder, seats
    already enrolled, waitlisted and withdrawn, and the capacity running
    out in the middle of the second chunk. What each row gets, the queue
    order and the audit trail are those of the row-by-row import; a
    master's account anywhere refuses the whole file, chunks already
    written included."""
    users = dict(RosterBase.users, **{
        "v1": user("林一", "apprentice"),
        "v2": user("林二", "apprentice"),
        "named": user("真名", "apprentice"),
        "squat": user("占号人", "apprentice"),
        "held_e": user("已报名", "apprentice"),
        "held_w": user("候补者", "apprentice"),
        "gone": user("退课者", "apprentice"),
    })
    N = 1100
    CAPACITY = 700
    SPECIAL = {10: "v1", 120: "named", 499: "squat", 500: "held_e",
               650: "held_w", 800: "gone", 1050: "v2"}

    def uid(self, key):
        return int(self.server.sql("SELECT id FROM users WHERE account = "
                                   "?1", self.accounts[key])[0][0])

    def test_every_kind_of_row_across_chunks(self):
        run = self.new_run(capacity=self.CAPACITY)
        t = int(time.time()) - 3600
        self.server.sql_write("UPDATE users SET verified = 0 WHERE "
                              "account = ?1", self.accounts["squat"])
        for seq, (key, status) in enumerate((("held_e", "enrolled"),
                                             ("held_w", "waitlisted"),
                                             ("gone", "withdrawn")), 1):
            self.server.sql_write(
                'INSERT INTO enrolments (run, "user", status, seq, created, '
                "updated, promoted) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?5)",
                run, self.uid(key), status, seq, t)
        names = {k: self.fixture_users[k]["name"]
                 for k in self.SPECIAL.values()}
        names["named"] = "冒用名"          # the file's name differs
        rows = []                           # (name, account, key or None)
        for i in range(self.N):
            key = self.SPECIAL.get(i)
            if key:
                rows.append((names[key], self.accounts[key], key))
            else:
                rows.append(("新生%04d" % i, new_phone(), None))
        text = HEADER_ZH + "\n" + "\n".join(
            "%s,%s,%s,%s" % (name, acc, "玉雕" if i % 2 else "设计",
                             "平洲职校" if i % 3 else "")
            for i, (name, acc, _) in enumerate(rows)) + "\n"
        users_before = self.user_count()

        # What the row-by-row import gives, row after row.
        expect, enrolled = [], 1            # held_e holds one seat
        for name, acc, key in rows:
            if key in ("named", "squat"):
                expect.append(None)
            elif key == "held_e":
                expect.append("enrolled")
            elif key == "held_w":
                expect.append("waitlisted")
            elif enrolled < self.CAPACITY:
                enrolled += 1
                expect.append("enrolled")
            else:
                expect.append("waitlisted")
        first_wait = expect.index("waitlisted", 651)
        self.assertTrue(500 < first_wait < 1000, first_wait)  # mid-chunk

        r = self.post_roster(run, text)
        self.assertEqual(r.status, 201, r.text[:300])
        j = r.json()
        self.assertEqual((j["imported"], j["skipped"]), (self.N, 0))
        got = j["rows"]
        self.assertEqual([x["account"] for x in got],
                         [acc for _, acc, _ in rows])
        self.assertEqual([x["status"] for x in got], expect)
        for i, (name, acc, key) in enumerate(rows):
            code = got[i]["activation_code"]
            if key is None:
                self.assertTrue(isinstance(code, str) and len(code) >= 8,
                                (i, code))
                self.assertIsNone(got[i]["conflict"])
            else:
                self.assertIsNone(code, key)
        self.assertEqual(got[120]["conflict"], {
            "row_name": "冒用名", "account_name": "真名",
            "account_verified": True})
        self.assertEqual(got[499]["conflict"], {
            "row_name": "占号人", "account_name": "占号人",
            "account_verified": False})
        for i in (10, 500, 650, 800, 1050):
            self.assertIsNone(got[i]["conflict"], i)
        made = self.N - len(self.SPECIAL)
        self.assertEqual(len({x["activation_code"] for x in got
                              if x["activation_code"]}), made)
        self.assertEqual(self.user_count(), users_before + made)

        # The queue: seats held before keep their place; the rest follow
        # in file order, the withdrawn seat taken again at the end.
        ro = self.roster_of(run)
        want_enrolled = [self.accounts["held_e"]] + [
            acc for (_, acc, key), st in zip(rows, expect)
            if st == "enrolled" and key != "held_e"]
        want_waiting = [self.accounts["held_w"]] + [
            acc for (_, acc, key), st in zip(rows, expect)
            if st == "waitlisted" and key != "held_w"]
        self.assertEqual([x["account"] for x in ro if x["status"] ==
                          "enrolled"], want_enrolled)
        self.assertEqual([(x["account"], x["position"]) for x in ro
                          if x["status"] == "waitlisted"],
                         [(a, k) for k, a in enumerate(want_waiting, 1)])
        self.assertEqual(len(want_enrolled), self.CAPACITY)
        seats = {key: self.server.sql(
            'SELECT status, seq, updated, coalesce(promoted, 0) FROM '
            'enrolments WHERE run = ?1 AND "user" = ?2', run,
            self.uid(key))[0] for key in ("held_e", "held_w", "gone")}
        self.assertEqual(seats["held_e"], ["enrolled", "1", str(t), str(t)])
        self.assertEqual(seats["held_w"], ["waitlisted", "2", str(t),
                                           str(t)])
        top = int(self.server.sql("SELECT max(seq) FROM enrolments WHERE "
                                  "run = ?1", run)[0][0])
        self.assertEqual(top, 3 + made + 3)   # v1, v2, gone and the new
        self.assertEqual(seats["gone"][0], "waitlisted")
        self.assertEqual(seats["gone"][3], "0")   # a new arrival
        self.assertGreater(int(seats["gone"][2]), t)
        self.assertEqual(self.server.sql(
            "SELECT count(*) FROM enrolments WHERE run = ?1", run),
            [[str(self.N - 2)]])
        # New accounts: apprentices without a password, verified by the
        # roster, with the file's track and school.
        acc = rows[7][1]
        self.assertEqual(self.server.sql(
            "SELECT name, role, pwhash, track, coalesce(school, '-'), "
            "CASE WHEN verified > 0 THEN 1 ELSE 0 END FROM users WHERE "
            "account = ?1", acc),
            [["新生0007", "apprentice", "!", "carver", "平洲职校", "1"]])
        self.assertEqual(self.server.sql(
            "SELECT track, coalesce(school, '-') FROM users WHERE "
            "account = ?1", rows[6][1]), [["designer", "-"]])
        # The holders' accounts are as they were.
        self.assertEqual(self.server.sql(
            "SELECT name, verified FROM users WHERE account = ?1",
            self.accounts["squat"]), [["占号人", "0"]])
        # The audit trail: the two conflicts in file order, one import.
        self.assertEqual(self.server.sql(
            "SELECT subject, detail FROM audit WHERE action = "
            "'roster.conflict' ORDER BY id"),
            [[self.accounts["named"], "name"],
             [self.accounts["squat"], "unverified"]])
        self.assertEqual(self.server.sql(
            "SELECT detail FROM audit WHERE action = 'roster.import' AND "
            "subject = ?1", "run:%d" % run), [["rows=%d" % self.N]])
        # A new account activates with its code and holds its seat.
        row = got[first_wait + 1]
        c = self.client()
        r = c.post_json("/api/v1/activate", {
            "account": row["account"], "code": row["activation_code"],
            "password": PASSWORD})
        self.assertEqual(r.status, 200, r)
        mine = [s for s in c.get("/api/v1/me/enrolments").json()[
            "enrolments"] if s["run"] == run]
        self.assertEqual([s["status"] for s in mine], ["waitlisted"])

    def test_master_in_a_later_chunk_refuses_all(self):
        run = self.new_run(capacity=50)
        users_before = self.user_count()
        audits = self.server.sql("SELECT count(*) FROM audit")
        self.server.sql_write("UPDATE users SET verified = 0 WHERE "
                              "account = ?1", self.accounts["squat"])
        rows = [("新人%03d" % i, new_phone()) for i in range(620)]
        rows[3] = ("某人", self.accounts["squat"])     # a conflict, chunk 1
        rows[560] = ("王师傅", self.accounts["master"])  # chunk 2
        text = HEADER_ZH + "\n" + "\n".join(
            "%s,%s,玉雕," % x for x in rows) + "\n"
        r = self.post_roster(run, text)
        self.assertJSONError(r, 409, "roster_staff_account")
        self.assertEqual(self.user_count(), users_before)
        self.assertEqual(self.roster_of(run), [])
        self.assertEqual(self.server.sql(
            "SELECT count(*) FROM users WHERE account = ?1", rows[0][1]),
            [["0"]])
        self.assertEqual(self.server.sql("SELECT count(*) FROM audit"),
                         audits)
        self.assertEqual(self.client().login_api(
            self.accounts["master"]).status, 200)


if __name__ == "__main__":
    unittest.main()
