"""Issue 19 item 4 for the jobs forms and the judge's sheet: a refused
HTML form answers the form again (400) with the values the reader
entered, the wrong field marked (aria-invalid, aria-describedby naming
the message beside it, in the reader's language), and nothing written.
The JSON twins keep their 4xx JSON answers.

Forms: an employer's registration (/jobs/register), the posting form
(/employer/postings), the apply form (/jobs/<id>/apply), the judge's
score sheet (/judging/<entry>). Real server, real SQLite; the database is
read only to check that nothing was written."""
import html
import re

from comp_util import (add_category, add_judge, check_ok, comp_open,
                       create_comp, enter_ok, selection_apprentice, step_ok,
                       work_with_photo)
from harness import PASSWORD, PRIVACY_VERSION, ServerTestCase, new_phone, user
from test_jobs import new_code, posting_body
from training_util import Person, login, new_apprentice, new_master


def field_error(test, page, name, words):
    """Field `name` is marked and the message beside it is `words`."""
    ctl = re.search(r'<(?:input|textarea|select|fieldset)\b[^>]*\bid="f-%s"'
                    r'[^>]*>' % re.escape(name), page)
    test.assertIsNotNone(ctl, "no control f-%s" % name)
    test.assertIn('aria-invalid="true"', ctl.group(0))
    test.assertIn('aria-describedby="e-%s"' % name, ctl.group(0))
    msg = re.search(r'<span class="field-error" id="e-%s">([^<]+)</span>'
                    % re.escape(name), page)
    test.assertIsNotNone(msg, "no message e-%s" % name)
    test.assertEqual(html.unescape(msg.group(1)), words)
    test.assertEqual(page.count('aria-invalid="true"'), 1, "one bad field")
    # The summary at the top links to the field.
    test.assertIn('<a href="#f-%s">' % name, page)


def kept_input(test, page, name, value):
    ctl = re.search(r'<input\b[^>]*\bname="%s"[^>]*>' % re.escape(name), page)
    test.assertIsNotNone(ctl, "no input %s" % name)
    test.assertIn('value="%s"' % value, html.unescape(ctl.group(0)))


ERR = {
    "credit": ("统一社会信用代码不正确：应为 18 位，校验位须正确。",
               "The unified social credit code is not valid: 18 characters, "
               "with a correct check character."),
    "consent": ("请阅读并勾选同意《隐私政策》后再注册。",
                "Please read and tick your agreement to the privacy notice "
                "to register."),
    "pay": ("薪资范围不正确：最低至少 1 元，不高于最高，最高不超过 1000000 元/月。",
            "The pay range is not valid: from at least 1 yuan, not above the "
            "top, and at most 1,000,000 yuan a month."),
    "title": ("请填写岗位名称（1 至 60 字，不含不可见字符）。",
              "Enter the job's title (1 to 60 characters, no invisible "
              "characters)."),
    "message": ("留言最多 1000 字，不含不可见字符。",
                "The message has at most 1000 characters, no invisible "
                "characters."),
    "marks": ("请为每一项打分：加权评分为0到10分（最多一位小数），世赛式为0到3分。",
              "Give every criterion a mark: 0 to 10 with at most one decimal "
              "(weighted), or 0 to 3 (WorldSkills)."),
}
LANGS = (("zh", 0), ("en", 1))


class JobsFieldsTest(ServerTestCase):
    users = {"staff": user("周驿站", "staff")}

    @classmethod
    def prepare(cls):
        c = cls.server.client()
        r = c.login_api(cls.accounts["staff"])
        cls.staff = Person(c, r.json()["user"], r.json()["csrf"])

    def count(self, table, where="1 = 1"):
        return int(self.server.sql("SELECT count(*) FROM %s WHERE %s" %
                                   (table, where))[0][0])

    def employer(self, lang):
        c = self.client(lang=lang)
        account = new_phone()
        r = c.post_json("/api/v1/jobs/register", {
            "business": "字段坊" + lang, "credit_code": new_code(),
            "name": "梁老板", "account": account, "password": PASSWORD,
            "consent": PRIVACY_VERSION})
        self.assertEqual(r.status, 201, r)
        c.verify_account(account)
        emp = Person(c, r.json()["user"], r.json()["csrf"])
        eid = emp.get("/api/v1/employer").json()["employer"]["id"]
        r = self.staff.post("/api/v1/employers/%d/approve" % eid)
        self.assertEqual(r.status, 200, r)
        return emp

    def test_register_form_marks_the_field(self):
        for lang, i in LANGS:
            with self.subTest(lang=lang):
                c = self.client(lang=lang)
                account = new_phone()
                before = self.count("users")
                r = c.post_form("/jobs/register", {
                    "business": "翡翠坊<甲>", "credit_code":
                    "91350100M000100Y44", "name": "梁老板",
                    "account": account, "password": PASSWORD,
                    "consent": str(PRIVACY_VERSION)}, page="/jobs/register")
                self.assertEqual(r.status, 400, r)
                field_error(self, r.text, "credit_code", ERR["credit"][i])
                kept_input(self, r.text, "business", "翡翠坊<甲>")
                kept_input(self, r.text, "name", "梁老板")
                kept_input(self, r.text, "account", account)
                kept_input(self, r.text, "credit_code", "91350100M000100Y44")
                # No consent: the box is marked.
                r = c.post_form("/jobs/register", {
                    "business": "翡翠坊", "credit_code": new_code(),
                    "name": "梁老板", "account": account,
                    "password": PASSWORD}, page="/jobs/register")
                self.assertEqual(r.status, 400, r)
                field_error(self, r.text, "consent", ERR["consent"][i])
                self.assertEqual(self.count("users"), before)
        # The JSON twin is unchanged.
        r = self.client().post_json("/api/v1/jobs/register", {
            "business": "坊", "credit_code": "123", "name": "梁",
            "account": new_phone(), "password": PASSWORD,
            "consent": PRIVACY_VERSION})
        self.assertJSONError(r, 400, "invalid_credit_code")

    def test_apprentice_register_marks_the_consent_box(self):
        """The consent box is shared with /register (privacy.c)."""
        for lang, i in LANGS:
            with self.subTest(lang=lang):
                c = self.client(lang=lang)
                account = new_phone()
                before = self.count("users")
                r = c.post_form("/register", {
                    "name": "新学员", "account": account,
                    "password": PASSWORD, "track": "designer"},
                    page="/register")
                self.assertEqual(r.status, 400, r)
                field_error(self, r.text, "consent", ERR["consent"][i])
                kept_input(self, r.text, "account", account)
                self.assertEqual(self.count("users"), before)

    def test_posting_form_marks_the_field(self):
        for lang, i in LANGS:
            with self.subTest(lang=lang):
                emp = self.employer(lang)
                before = self.count("job_postings")
                page = emp.client.get("/employer")
                token = page.form_csrf("/employer/postings")
                body = posting_body(pay_min=9000, pay_max=3000,
                                    level=3, track="designer",
                                    description="包食宿\n第二行")
                r = emp.client.post_multipart("/employer/postings", [
                    (k, str(v)) for k, v in body.items()], csrf=token)
                self.assertEqual(r.status, 400, r)
                field_error(self, r.text, "pay_max", ERR["pay"][i])
                kept_input(self, r.text, "title", body["title"])
                kept_input(self, r.text, "pay_min", "9000")
                kept_input(self, r.text, "pay_max", "3000")
                kept_input(self, r.text, "place", body["place"])
                kept_input(self, r.text, "closes", body["closes"])
                self.assertRegex(r.text, r'<option value="3" selected>')
                self.assertRegex(r.text, r'value="designer" checked')
                self.assertIn(">包食宿\n第二行</textarea>", r.text)
                # A bad title: the title is marked.
                token = r.form_csrf("/employer/postings")
                r = emp.client.post_multipart("/employer/postings", [
                    (k, str(v)) for k, v in posting_body(
                        title="").items()], csrf=token)
                self.assertEqual(r.status, 400, r)
                field_error(self, r.text, "title", ERR["title"][i])
                self.assertEqual(self.count("job_postings"), before)
                # The JSON twin is unchanged.
                r = emp.post("/api/v1/employer/postings",
                             posting_body(pay_min=9000, pay_max=3000))
                self.assertJSONError(r, 400, "invalid_pay")
                self.assertEqual(self.count("job_postings"), before)

    def test_apply_form_marks_the_field(self):
        emp = self.employer("zh")
        r = emp.post("/api/v1/employer/postings", posting_body())
        self.assertEqual(r.status, 201, r)
        pid = r.json()["posting"]["id"]
        r = self.staff.post("/api/v1/jobs/%d/approve" % pid)
        self.assertEqual(r.status, 200, r)
        for lang, i in LANGS:
            with self.subTest(lang=lang):
                a = new_apprentice(self.server, "投递学员" + lang)
                a.client.lang = lang
                r = a.post("/api/v1/works", {
                    "title": "福寿挂件", "material": "jadeite",
                    "technique": "圆雕", "size": "30 mm",
                    "description": "挂件。", "public": True})
                self.assertEqual(r.status, 201, r)
                work = r.json()["work"]["id"]
                before = self.count("job_applications")
                page = a.client.get("/jobs/%d" % pid)
                token = page.form_csrf("/jobs/%d/apply" % pid)
                long = "玉" * 1001
                r = a.client.post_multipart("/jobs/%d/apply" % pid, [
                    ("message", long), ("work", str(work)),
                    ("contact", "1")], csrf=token)
                self.assertEqual(r.status, 400, r)
                field_error(self, r.text, "message", ERR["message"][i])
                self.assertIn(">%s</textarea>" % long, r.text)
                self.assertRegex(r.text, r'name="work" value="%d" checked'
                                 % work)
                self.assertRegex(r.text, r'id="f-contact" checked')
                self.assertEqual(self.count("job_applications"), before)
                r = a.post("/api/v1/jobs/%d/apply" % pid, {"message": long})
                self.assertJSONError(r, 400, "invalid_message")
                self.assertEqual(self.count("job_applications"), before)


class SheetFieldsTest(ServerTestCase):
    users = {"staff": user("周晓琳", "staff")}

    @classmethod
    def prepare(cls):
        staff = cls.staff = login(cls.server, cls.accounts["staff"])
        cls.cid = create_comp(staff)["id"]
        cat = add_category(staff, cls.cid, "摆件", "Ornament")
        cls.judge = new_master(cls.server, staff, "评委")
        add_judge(staff, cls.cid, cat, cls.judge.id)
        p = selection_apprentice(cls.server, staff, "参赛者")
        w = work_with_photo(p, "作品")
        cls.entry = enter_ok(p, cls.cid, cat, w["id"])["id"]
        check_ok(staff, cls.entry)
        step_ok(comp_open(staff, cls.cid), "open")

    def test_bad_mark_marks_its_criterion(self):
        path = "/judging/%d" % self.entry
        for lang, i in LANGS:
            with self.subTest(lang=lang):
                self.judge.client.lang = lang
                page = self.judge.client.get(path)
                self.assertEqual(page.status, 200, page)
                n = len(re.findall(r'name="c\d+"', page.text))
                self.assertGreaterEqual(n, 2)
                token = page.form_csrf(path)
                typed = ["8.5"] * n
                typed[1] = "11"         # criterion 2 out of range
                r = self.judge.client.post_multipart(path, [
                    ("c%d" % (k + 1), v) for k, v in enumerate(typed)] +
                    [("final", "0")], csrf=token)
                self.assertEqual(r.status, 400, r)
                field_error(self, r.text, "c2", ERR["marks"][i])
                kept_input(self, r.text, "c1", "8.5")
                kept_input(self, r.text, "c2", "11")
                kept_input(self, r.text, "c%d" % n, "8.5")
                self.assertEqual(self.server.sql(
                    "SELECT count(*) FROM comp_sheets WHERE entry = ?1",
                    self.entry)[0][0], "0")
        # The JSON twin is unchanged.
        r = self.judge.post("/api/v1/judging/%d" % self.entry,
                            {"marks": [11] * n, "final": False})
        self.assertJSONError(r, 400, "invalid_marks")


class GuideSheetFieldsTest(ServerTestCase):
    """The 导购 selection's blind sheet (guidejudge.c) likewise."""
    users = {"staff": user("周站长", "staff")}

    def test_bad_mark_marks_its_criterion(self):
        staff = login(self.server, self.accounts["staff"])
        day = posting_body()["closes"]
        r = staff.post("/api/v1/competitions", {
            "name_zh": "2027 十大金牌导购大师评选",
            "name_en": "2027 Top Ten Gold Sales Guide Masters",
            "opens": "2020-01-01", "closes": day, "min_panel": 1})
        self.assertEqual(r.status, 201, r)
        cid = r.json()["competition"]["id"]
        r = staff.post("/api/v1/competitions/%d/guide" % cid, {})
        self.assertEqual(r.status, 200, r)
        r = staff.post("/api/v1/competitions/%d/categories" % cid,
                       {"name_zh": "导购"})
        self.assertEqual(r.status, 201, r)
        cat = int(self.server.sql("SELECT id FROM comp_categories WHERE "
                                  "competition = ?1", cid)[0][0])
        judge = new_master(self.server, staff, "评委甲")
        r = staff.post("/api/v1/competitions/%d/judges" % cid,
                       {"category": cat, "judge": judge.id})
        self.assertEqual(r.status, 201, r)
        guide = new_apprentice(self.server, "导购甲")
        r = staff.client.post_multipart(
            "/api/v1/competitions/%d/nominees" % cid,
            [("shop", "翠华珠宝"), ("guide", "导购甲"),
             ("account", guide.user["account"]),
             ("evidence", "如实介绍翡翠种水。")], {},
            csrf=None, headers={"X-CSRF-Token": staff.csrf})
        self.assertEqual(r.status, 201, r)
        nid = r.json()["nominee"]["id"]
        r = staff.post("/api/v1/competitions/%d/open" % cid)
        self.assertEqual(r.status, 200, r)
        code = self.server.sql("SELECT code FROM guide_nominees WHERE "
                               "id = ?1", nid)[0][0]
        path = "/judging/guides/%s" % code
        for lang, i in LANGS:
            with self.subTest(lang=lang):
                judge.client.lang = lang
                page = judge.client.get(path)
                self.assertEqual(page.status, 200, page)
                token = page.form_csrf(path)
                r = judge.client.post_form(path, {
                    "c1": "9", "c2": "8.5", "c3": "abc", "c4": "7",
                    "final": "1"}, csrf=token)
                self.assertEqual(r.status, 400, r)
                field_error(self, r.text, "c3", ERR["marks"][i])
                kept_input(self, r.text, "c1", "9")
                kept_input(self, r.text, "c2", "8.5")
                kept_input(self, r.text, "c3", "abc")
                self.assertIn('<label for="f-c3">', r.text)
                self.assertEqual(self.server.sql(
                    "SELECT count(*) FROM guide_sheets")[0][0], "0")
        r = judge.post("/api/v1/judging/guides/" + code,
                       {"marks": [11] * 4, "final": True})
        self.assertJSONError(r, 400, "invalid_marks")
