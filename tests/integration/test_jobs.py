"""就业 jobs (issue 19): employers registering with their 统一社会信用代码
and approved or suspended by staff; postings reviewed by staff before
they show, hidden with a reason; apprentices applying with a message and
the certificates and public works they choose, the employer seeing those
certificates' live status; the steps of an application, each told to
both sides by inbox; withdrawing; refusals of bad input in zh and en,
CSRF on every POST, a double submit; placements on the dashboard; the
applications in a person's PIPL export and erasure.

Real server, real SQLite: everything goes through the HTTP routes, and
the database is read back only to check what was (not) written."""
import datetime
import re

from cert_util import completion_event, graduate_run, issue_ok, pending
from harness import PASSWORD, PRIVACY_VERSION, ServerTestCase, new_phone, user
from inbox_util import messages, one, recipients
from incub_util import admit_ok, create_cohort, create_work, move
from training_util import Person, check_identity, new_apprentice

CREDIT_SET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def credit_code(body17):
    """body17 with its GB 32100-2015 check character appended."""
    s = sum(CREDIT_SET.index(c) * pow(3, i, 31) for i, c in enumerate(body17))
    return body17 + CREDIT_SET[(31 - s % 31) % 31]


_seq = [0]


def new_code():
    _seq[0] += 1
    return credit_code("9144060%dMA%07d" % (_seq[0] % 10, _seq[0]))


def today(delta=0):
    d = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8)))
    return (d + datetime.timedelta(delta)).strftime("%Y-%m-%d")


def posting_body(**kw):
    body = {"title": "玉雕师（挂件）", "track": "carver", "level": 2,
            "pay_min": 6000, "pay_max": 12000, "place": "平洲玉器街 12 号",
            "closes": today(30),
            "description": "雕刻翡翠挂件。\n包食宿，每月休四天。"}
    body.update(kw)
    return body


class JobsTest(ServerTestCase):
    users = {"staff": user("周驿站", "staff"),
             "master": user("黄师傅", "master")}

    @classmethod
    def prepare(cls):
        cls.staff = cls.person("staff")
        cls.master = cls.person("master")

    @classmethod
    def person(cls, key):
        c = cls.server.client()
        r = c.login_api(cls.accounts[key])
        if r.status != 200:
            raise AssertionError("login %s: %r" % (key, r))
        return Person(c, r.json()["user"], r.json()["csrf"])

    # -- helpers -------------------------------------------------------------

    def register_employer(self, business="平洲翠玉坊", code=None,
                          verify=True, lang=None):
        c = self.client(lang=lang) if lang else self.client()
        account = new_phone()
        r = c.post_json("/api/v1/jobs/register", {
            "business": business, "credit_code": code or new_code(),
            "name": "梁老板", "account": account, "password": PASSWORD,
            "consent": PRIVACY_VERSION})
        self.assertEqual(r.status, 201, r)
        if verify:
            c.verify_account(account)
        return Person(c, r.json()["user"], r.json()["csrf"])

    def employer_id(self, emp):
        r = emp.get("/api/v1/employer")
        self.assertEqual(r.status, 200, r)
        return r.json()["employer"]["id"]

    def approved_employer(self, **kw):
        emp = self.register_employer(**kw)
        r = self.staff.post("/api/v1/employers/%d/approve" %
                            self.employer_id(emp))
        self.assertEqual(r.status, 200, r)
        return emp

    def open_posting(self, emp, **kw):
        r = emp.post("/api/v1/employer/postings", posting_body(**kw))
        self.assertEqual(r.status, 201, r)
        pid = r.json()["posting"]["id"]
        r = self.staff.post("/api/v1/jobs/%d/approve" % pid)
        self.assertEqual(r.status, 200, r)
        return pid

    def seeker(self, name="求职学员", cert=True):
        """A verified apprentice with a level certificate (when cert), a
        public work and a private one: (person, cert id, public work,
        private work)."""
        a = new_apprentice(self.server, name)
        cid = None
        if cert:
            r = self.staff.post("/api/v1/people/%d/level" % a.id,
                                {"level": 2, "evidence": "考核合格"})
            self.assertEqual(r.status, 200, r)
            check_identity(self.staff, a.id, name)
            event = [e for e, p in pending(self.staff).items()
                     if p["user"] == a.id][0]
            cid = issue_ok(self, self.staff, event)["id"]
        public = create_work(a, title="福寿挂件", public=True)["id"]
        private = create_work(a, title="未完成的手镯", public=False)["id"]
        return a, cid, public, private

    def apply(self, who, pid, **kw):
        body = {"message": "我做了五年挂件，想来贵坊学习。"}
        body.update(kw)
        return who.post("/api/v1/jobs/%d/apply" % pid, body)

    def count(self, table, where="1 = 1", *args):
        return int(self.server.sql("SELECT count(*) FROM %s WHERE %s" %
                                   (table, where), *args)[0][0])

    # -- employers -----------------------------------------------------------

    def test_credit_code_check_character(self):
        """GB 32100-2015: the check character of the first 17 (weights
        3^i mod 31), the set without I O Z S V, digits for the region."""
        good = credit_code("91350100M000100Y4")
        self.assertEqual(good, "91350100M000100Y43")   # the standard's
        bad = good[:-1] + ("4" if good[-1] != "4" else "5")
        for code in (bad, good[:-1], good + "0", "9135010OM000100Y43",
                     "91ABCDEFM000100Y4" + "3", ""):
            with self.subTest(code=code):
                c = self.client()
                r = c.post_json("/api/v1/jobs/register", {
                    "business": "坊", "credit_code": code, "name": "梁",
                    "account": new_phone(), "password": PASSWORD,
                    "consent": PRIVACY_VERSION})
                self.assertJSONError(r, 400, "invalid_credit_code")
        self.assertEqual(self.count("employers", "credit_code = ?1", bad), 0)
        # Lower case and blanks around are the same code.
        emp = self.register_employer(code="  " + new_code().lower() + " ",
                                     verify=False)
        self.assertEqual(emp.user["role"], "employer")

    def test_register_refusals_in_both_languages(self):
        for lang, word in (("zh", "统一社会信用代码"), ("en", "credit code")):
            c = self.client(lang=lang)
            r = c.post_json("/api/v1/jobs/register", {
                "business": "坊", "credit_code": "123", "name": "梁",
                "account": new_phone(), "password": PASSWORD,
                "consent": PRIVACY_VERSION})
            j = self.assertJSONError(r, 400, "invalid_credit_code")
            self.assertIn(word, j["message"])
        # A bidi override in the business name (issue 15's refusal).
        r = self.client().post_json("/api/v1/jobs/register", {
            "business": "平洲\u202e坊玉", "credit_code": new_code(),
            "name": "梁", "account": new_phone(), "password": PASSWORD,
            "consent": PRIVACY_VERSION})
        self.assertJSONError(r, 400, "invalid_business")
        # No consent to the privacy notice: nothing written.
        before = self.count("users")
        r = self.client().post_json("/api/v1/jobs/register", {
            "business": "坊", "credit_code": new_code(), "name": "梁",
            "account": new_phone(), "password": PASSWORD})
        self.assertJSONError(r, 400, "consent_required")
        self.assertEqual(self.count("users"), before)
        # The form answers 400 with the page and the message.
        c = self.client()
        r = c.post_form("/jobs/register", {
            "business": "坊", "credit_code": "91350100M000100Y44",
            "name": "梁", "account": new_phone(), "password": PASSWORD,
            "consent": str(PRIVACY_VERSION)}, page="/jobs/register")
        self.assertEqual(r.status, 400, r)
        self.assertIn("统一社会信用代码不正确", r.text)

    def test_credit_code_and_account_taken(self):
        code = new_code()
        self.register_employer(code=code, verify=False)
        r = self.client().post_json("/api/v1/jobs/register", {
            "business": "另一家", "credit_code": code, "name": "梁",
            "account": new_phone(), "password": PASSWORD,
            "consent": PRIVACY_VERSION})
        self.assertJSONError(r, 409, "credit_code_taken")
        r = self.client().post_json("/api/v1/jobs/register", {
            "business": "另一家", "credit_code": new_code(), "name": "梁",
            "account": self.accounts["master"], "password": PASSWORD,
            "consent": PRIVACY_VERSION})
        self.assertJSONError(r, 409, "account_taken")

    def test_employer_approval_then_posting_review(self):
        emp = self.register_employer(business="翠玉坊甲")
        eid = self.employer_id(emp)
        j = emp.get("/api/v1/employer").json()["employer"]
        self.assertEqual(j["status"], "pending")
        # Not yet approved: no posting.
        r = emp.post("/api/v1/employer/postings", posting_body())
        self.assertJSONError(r, 403, "employer_not_approved")
        self.assertEqual(self.count("job_postings", "employer = ?1", eid), 0)
        # Staff see it first on their list, and approve it.
        r = self.staff.get("/api/v1/staff/jobs")
        self.assertEqual(r.status, 200, r)
        self.assertIn(eid, [e["id"] for e in r.json()["employers"]])
        r = self.staff.post("/api/v1/employers/%d/approve" % eid)
        self.assertEqual(r.status, 200, r)
        m, zh, en = one(self, emp, "employer_approved")
        self.assertIn("翠玉坊甲", zh)
        self.assertIn("approved", en)
        r = self.staff.post("/api/v1/employers/%d/approve" % eid)
        self.assertJSONError(r, 409, "already_so")
        # A posting waits for review: not listed, not visible to others.
        r = emp.post("/api/v1/employer/postings",
                     posting_body(title="设计师（素描）", track="designer"))
        self.assertEqual(r.status, 201, r)
        pid = r.json()["posting"]["id"]
        self.assertEqual(r.json()["posting"]["status"], "pending")
        listed = self.client().get("/api/v1/jobs").json()["jobs"]
        self.assertNotIn(pid, [p["id"] for p in listed])
        self.assertEqual(self.client().get("/api/v1/jobs/%d" % pid).status,
                         404)
        self.assertEqual(emp.get("/api/v1/jobs/%d" % pid).status, 200)
        self.assertIn(pid, [p["id"] for p in self.staff.get(
            "/api/v1/staff/jobs").json()["pending_postings"]])
        r = self.staff.post("/api/v1/jobs/%d/approve" % pid)
        self.assertEqual(r.status, 200, r)
        m, zh, en = one(self, emp, "posting_approved")
        self.assertIn("设计师（素描）", zh)
        listed = self.client().get("/api/v1/jobs").json()["jobs"]
        self.assertIn(pid, [p["id"] for p in listed])
        page = self.client().get("/jobs")
        self.assertEqual(page.status, 200)
        self.assertIn("设计师（素描）", page.text)
        self.assertIn('<meta name="viewport"', page.text)
        # Hidden with a reason: gone from the list, the employer told.
        r = self.staff.post("/api/v1/jobs/%d/hide" % pid, {})
        self.assertJSONError(r, 400, "invalid_reason")
        r = self.staff.post("/api/v1/jobs/%d/hide" % pid,
                            {"reason": "薪资与描述不符"})
        self.assertEqual(r.status, 200, r)
        m, zh, en = one(self, emp, "posting_hidden")
        self.assertIn("薪资与描述不符", zh)
        listed = self.client().get("/api/v1/jobs").json()["jobs"]
        self.assertNotIn(pid, [p["id"] for p in listed])

    def test_posting_bad_input(self):
        emp = self.approved_employer(business="翠玉坊乙")
        cases = (
            ({"title": ""}, "invalid_title"),
            ({"title": "玉雕\u200b师"}, "invalid_title"),
            ({"title": "长" * 61}, "invalid_title"),
            ({"track": "painter"}, "invalid_track"),
            ({"level": 6}, "invalid_level"),
            ({"pay_min": 9000, "pay_max": 8000}, "invalid_pay"),
            ({"pay_min": 0}, "invalid_pay"),
            ({"pay_max": 1000001}, "invalid_pay"),
            ({"pay_min": "6000"}, "invalid_pay"),
            ({"place": "\u202e街"}, "invalid_place"),
            ({"closes": today(-1)}, "invalid_closes"),
            ({"closes": today(400)}, "invalid_closes"),
            ({"closes": "2027-02-30"}, "invalid_closes"),
            ({"description": "字" * 2001}, "invalid_description"),
            ({"description": "好\u2066岗位"}, "invalid_description"),
        )
        eid = self.employer_id(emp)
        for change, code in cases:
            with self.subTest(change=change):
                r = emp.post("/api/v1/employer/postings",
                             posting_body(**change))
                self.assertJSONError(r, 400, code)
        self.assertEqual(self.count("job_postings", "employer = ?1", eid), 0)
        c = self.client(lang="en")
        c.login_api(emp.user["account"])
        r = c.post_json("/api/v1/employer/postings",
                        posting_body(pay_min=9000, pay_max=8000),
                        csrf=c.me().json()["csrf"])
        j = self.assertJSONError(r, 400, "invalid_pay")
        self.assertIn("pay range", j["message"])

    # -- applications --------------------------------------------------------

    def test_apply_and_every_step_told_to_both(self):
        emp = self.approved_employer(business="翠玉坊丙")
        pid = self.open_posting(emp, title="挂件雕刻师")
        a, cid, public, private = self.seeker("求职者甲")
        since = int(self.server.sql("SELECT coalesce(max(id), 0) FROM "
                                    "inbox")[0][0])
        # Someone else's certificate, or a private work: refused.
        other, ocid, opub, _ = self.seeker("别人", cert=True)
        r = self.apply(a, pid, cert=[ocid])
        self.assertJSONError(r, 400, "not_yours")
        r = self.apply(a, pid, work=[private])
        self.assertJSONError(r, 400, "not_yours")
        r = self.apply(a, pid, work=[opub])
        self.assertJSONError(r, 400, "not_yours")
        r = self.apply(a, pid, message="想\u202e来")
        self.assertJSONError(r, 400, "invalid_message")
        r = self.apply(a, pid, cert=list(range(1, 15)))
        self.assertJSONError(r, 400, "too_many")
        self.assertEqual(self.count("job_applications", "posting = ?1", pid),
                         0)
        r = self.apply(a, pid, cert=[cid], work=[public])
        self.assertEqual(r.status, 201, r)
        aid = r.json()["application"]["id"]
        # A double submit: one application.
        r = self.apply(a, pid, cert=[cid], work=[public])
        self.assertJSONError(r, 409, "already_applied")
        self.assertEqual(self.count("job_applications", "posting = ?1", pid),
                         1)
        self.assertEqual(recipients(self.server, "job_applied", since),
                         {a.id: 1, emp.id: 1})
        m, zh, en = one(self, emp, "job_applied")
        self.assertIn("求职者甲", zh)
        self.assertIn("挂件雕刻师", en)
        self.assertEqual(m["link"], "/applications/%d" % aid)
        # The employer's first look: viewed, both told.
        r = emp.get("/api/v1/applications/%d" % aid)
        self.assertEqual(r.status, 200, r)
        j = r.json()["application"]
        self.assertEqual(j["step"], "viewed")
        self.assertEqual(j["applicant"], "求职者甲")
        self.assertIsNone(j["contact"])      # not chosen: not shown
        self.assertNotIn(a.user["account"], r.text)
        self.assertEqual([c["id"] for c in j["certificates"]], [cid])
        self.assertEqual(j["certificates"][0]["status"], "valid")
        self.assertEqual([w["id"] for w in j["works"]], [public])
        self.assertEqual(recipients(self.server, "job_viewed", since),
                         {a.id: 1, emp.id: 1})
        # The certificate's live status: suspended, then revoked.
        r = self.staff.post("/api/v1/certs/%d/suspend" % cid,
                            {"reason": "复核中"})
        self.assertEqual(r.status, 200, r)
        j = emp.get("/api/v1/applications/%d" % aid).json()["application"]
        self.assertEqual(j["certificates"][0]["status"], "suspended")
        page = emp.get("/applications/%d" % aid)
        self.assertIn("status-suspended", page.text)
        r = self.staff.post("/api/v1/certs/%d/revoke" % cid,
                            {"reason": "证书信息有误"})
        self.assertEqual(r.status, 200, r)
        j = emp.get("/api/v1/applications/%d" % aid).json()["application"]
        self.assertEqual(j["certificates"][0]["status"], "revoked")
        # Steps: hired straight away is refused; then in order.
        r = emp.post("/api/v1/applications/%d/step" % aid, {"to": "hired"})
        self.assertJSONError(r, 409, "step_not_allowed")
        r = emp.post("/api/v1/applications/%d/step" % aid, {"to": "boss"})
        self.assertJSONError(r, 400, "invalid_step")
        for step in ("interview", "offer", "hired"):
            r = emp.post("/api/v1/applications/%d/step" % aid, {"to": step})
            self.assertEqual(r.status, 200, r)
            self.assertEqual(r.json()["application"]["step"], step)
            self.assertEqual(recipients(self.server, "job_" + step, since),
                             {a.id: 1, emp.id: 1}, step)
        m, zh, en = one(self, a, "job_hired")
        self.assertIn("已录用", zh)
        self.assertIn("hired", en)
        # Final: no withdrawal, no other step; the applicant cannot step.
        r = a.post("/api/v1/applications/%d/withdraw" % aid)
        self.assertJSONError(r, 409, "step_not_allowed")
        r = emp.post("/api/v1/applications/%d/step" % aid,
                     {"to": "declined"})
        self.assertJSONError(r, 409, "step_not_allowed")
        mine = a.get("/api/v1/me/applications").json()["applications"]
        self.assertEqual([(x["id"], x["step"]) for x in mine],
                         [(aid, "hired")])
        # Another employer, or another apprentice: not theirs to see.
        emp2 = self.approved_employer(business="翠玉坊丁")
        self.assertEqual(emp2.get("/api/v1/applications/%d" % aid).status,
                         404)
        self.assertEqual(other.get("/api/v1/applications/%d" % aid).status,
                         404)
        r = emp2.post("/api/v1/applications/%d/step" % aid,
                      {"to": "declined"})
        self.assertJSONError(r, 404, "not_found")

    def test_contact_shown_only_when_chosen_and_withdraw(self):
        emp = self.approved_employer(business="翠玉坊戊")
        pid = self.open_posting(emp)
        a, _, public, _ = self.seeker("求职者乙", cert=False)
        r = self.apply(a, pid, contact=True, work=[public])
        self.assertEqual(r.status, 201, r)
        aid = r.json()["application"]["id"]
        j = emp.get("/api/v1/applications/%d" % aid).json()["application"]
        self.assertEqual(j["contact"], a.user["account"])
        since = int(self.server.sql("SELECT coalesce(max(id), 0) FROM "
                                    "inbox")[0][0])
        r = emp.post("/api/v1/applications/%d/withdraw" % aid)
        self.assertJSONError(r, 403, "forbidden")
        r = a.post("/api/v1/applications/%d/withdraw" % aid)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(recipients(self.server, "job_withdrawn", since),
                         {a.id: 1, emp.id: 1})
        r = a.post("/api/v1/applications/%d/withdraw" % aid)
        self.assertJSONError(r, 409, "step_not_allowed")
        # Withdrawn: still one application; applying again is refused.
        r = self.apply(a, pid)
        self.assertJSONError(r, 409, "already_applied")

    def test_hidden_closed_and_suspended_refuse_applications(self):
        emp = self.approved_employer(business="翠玉坊己")
        pid = self.open_posting(emp)
        shut = self.open_posting(emp, title="已截止的岗位")
        a, _, _, _ = self.seeker("求职者丙", cert=False)
        # Past its closing date (the clock moved on): not listed, refused.
        self.server.sql_write("UPDATE job_postings SET closes = ?1 WHERE "
                              "id = ?2", today(-1), shut)
        self.assertNotIn(shut, [p["id"] for p in self.client().get(
            "/api/v1/jobs").json()["jobs"]])
        r = self.apply(a, shut)
        self.assertJSONError(r, 404, "not_found")
        # The employer suspended: its postings stop showing.
        eid = self.employer_id(emp)
        r = self.staff.post("/api/v1/employers/%d/suspend" % eid, {})
        self.assertJSONError(r, 400, "invalid_reason")
        r = self.staff.post("/api/v1/employers/%d/suspend" % eid,
                            {"reason": "营业执照已注销"})
        self.assertEqual(r.status, 200, r)
        m, zh, en = one(self, emp, "employer_suspended")
        self.assertIn("营业执照已注销", zh)
        self.assertNotIn(pid, [p["id"] for p in self.client().get(
            "/api/v1/jobs").json()["jobs"]])
        r = self.apply(a, pid)
        self.assertJSONError(r, 404, "not_found")
        r = emp.post("/api/v1/employer/postings", posting_body())
        self.assertJSONError(r, 403, "employer_not_approved")
        self.assertEqual(self.count("job_applications", "applicant = ?1",
                                    a.id), 0)
        # Approved again: it shows again.
        r = self.staff.post("/api/v1/employers/%d/approve" % eid)
        self.assertEqual(r.status, 200, r)
        self.assertIn(pid, [p["id"] for p in self.client().get(
            "/api/v1/jobs").json()["jobs"]])

    def test_unverified_cannot_apply_or_post(self):
        emp = self.approved_employer(business="翠玉坊庚")
        pid = self.open_posting(emp)
        c = self.client()
        r = c.register_api("未验证", new_phone(), verify=False)
        self.assertEqual(r.status, 201, r)
        r = c.post_json("/api/v1/jobs/%d/apply" % pid, {"message": "你好"},
                        csrf=r.json()["csrf"])
        self.assertJSONError(r, 403, "unverified")
        emp2 = self.register_employer(business="翠玉坊辛", verify=False)
        r = self.staff.post("/api/v1/employers/%d/approve" %
                            self.employer_id(emp2))
        self.assertEqual(r.status, 200, r)
        r = emp2.post("/api/v1/employer/postings", posting_body())
        self.assertJSONError(r, 403, "unverified")

    def test_paging(self):
        emp = self.approved_employer(business="翠玉坊壬")
        for i in range(21):
            self.open_posting(emp, title="学徒岗位 %02d" % i)
        total = self.client().get("/api/v1/jobs").json()["total"]
        first = self.client().get("/api/v1/jobs").json()
        self.assertEqual(len(first["jobs"]), 20)
        self.assertEqual(first["per_page"], 20)
        last_page = (total + 19) // 20
        last = self.client().get("/api/v1/jobs?page=%d" % last_page).json()
        self.assertEqual(len(last["jobs"]), total - 20 * (last_page - 1))
        ids = [p["id"] for p in first["jobs"]]
        self.assertEqual(ids, sorted(ids, reverse=True))
        r = self.client().get("/jobs")
        self.assertIn('id="jobs-next"', r.text)
        r = self.client().get("/api/v1/jobs?page=0")
        self.assertEqual(r.status, 400, r)

    def test_html_forms_and_csrf(self):
        """Every POST of the stage refuses a missing token (403) and
        writes nothing; the forms work with their own token."""
        emp = self.approved_employer(business="翠玉坊癸")
        pid = self.open_posting(emp)
        a, cid, public, _ = self.seeker("表单学员")
        ea = self.employer_id(emp)
        posts = (
            (a, "/jobs/%d/apply" % pid, {"message": "你好"}),
            (a, "/api/v1/jobs/%d/apply" % pid, {"message": "你好"}),
            # (urlencoded: a line break would be refused before.)
            (emp, "/employer/postings", posting_body(description="一行")),
            (emp, "/api/v1/employer/postings", posting_body()),
            (self.staff, "/jobs/%d/hide" % pid, {"reason": "测"}),
            (self.staff, "/api/v1/jobs/%d/hide" % pid, {"reason": "测"}),
            (self.staff, "/jobs/%d/approve" % pid, {}),
            (self.staff, "/api/v1/jobs/%d/approve" % pid, {}),
            (self.staff, "/employers/%d/suspend" % ea, {"reason": "测"}),
            (self.staff, "/api/v1/employers/%d/suspend" % ea,
             {"reason": "测"}),
            (self.staff, "/employers/%d/approve" % ea, {}),
            (self.staff, "/api/v1/employers/%d/approve" % ea, {}),
        )
        # An application to step and to withdraw (not by these calls).
        r = self.apply(a, pid)
        self.assertEqual(r.status, 201, r)
        step = r.json()["application"]["id"]
        posts += (
            (emp, "/applications/%d/step" % step, {"to": "interview"}),
            (emp, "/api/v1/applications/%d/step" % step,
             {"to": "interview"}),
            (a, "/applications/%d/withdraw" % step, {}),
            (a, "/api/v1/applications/%d/withdraw" % step, {}),
        )
        before = self.count("job_applications") + self.count("job_postings")
        for who, path, body in posts:
            with self.subTest(path=path):
                if path.startswith("/api/"):
                    r = who.client.post_json(path, body, csrf=None)
                else:
                    r = who.client.post_form(path, body, csrf=None)
                self.assertEqual(r.status, 403, r)
        self.assertEqual(self.count("job_applications") +
                         self.count("job_postings"), before)
        self.assertEqual(self.server.sql(
            "SELECT step FROM job_applications WHERE id = ?1", step)[0][0],
            "applied")
        # An employer's registration: the anonymous double-submit token.
        for path, api in (("/jobs/register", False),
                          ("/api/v1/jobs/register", True)):
            c = self.client()
            fields = {"business": "无令牌坊", "credit_code": new_code(),
                      "name": "梁", "account": new_phone(),
                      "password": PASSWORD,
                      "consent": str(PRIVACY_VERSION)}
            r = (c.post_json(path, dict(fields, consent=PRIVACY_VERSION),
                             csrf=None) if api else
                 c.post_form(path, fields, csrf=None))
            self.assertEqual(r.status, 403, (path, r))
        self.assertEqual(self.count("employers", "business = '无令牌坊'"), 0)
        # The apply form for the next case: a posting not applied to.
        pid = self.open_posting(emp, title="表单岗位")
        audit = self.count("audit", "action LIKE 'employer.%' OR action "
                           "LIKE 'posting.%' OR action LIKE 'application.%'")
        # The apply form, as a phone would send it (multipart).
        page = a.client.get("/jobs/%d" % pid)
        self.assertEqual(page.status, 200)
        self.assertIn('id="apply-form"', page.text)
        token = page.form_csrf("/jobs/%d/apply" % pid)
        r = a.client.post_multipart("/jobs/%d/apply" % pid, [
            ("message", "手机上投递\n第二行"), ("cert", str(cid)),
            ("work", str(public)), ("contact", "1")], csrf=token)
        self.assertEqual(r.status, 303, r)
        aid = int(re.match(r"/applications/(\d+)$", r.location).group(1))
        # The employer's form page: step buttons; the step form.
        page = emp.client.get("/applications/%d" % aid)
        self.assertIn("手机上投递", page.text)
        self.assertIn(a.user["account"], page.text)
        self.assertIn('id="step-interview"', page.text)
        token = page.form_csrf("/applications/%d/step" % aid)
        r = emp.client.post_form("/applications/%d/step" % aid,
                                 {"to": "interview"}, csrf=token)
        self.assertRedirect(r, "/applications/%d" % aid)
        # The posting form (multipart, a description on two lines).
        page = emp.client.get("/employer")
        token = page.form_csrf("/employer/postings")
        body = posting_body()
        r = emp.client.post_multipart("/employer/postings", [
            (k, str(v)) for k, v in body.items()], csrf=token)
        self.assertRedirect(r, "/employer?done=posted")
        self.assertIn("等待人才服务驿站审核", emp.client.get(
            "/employer?done=posted").text)
        self.assertGreater(self.count(
            "audit", "action LIKE 'employer.%' OR action LIKE 'posting.%' "
            "OR action LIKE 'application.%'"), audit)

    # -- the dashboard and PIPL ----------------------------------------------

    def test_placements_by_cohort_and_course(self):
        emp = self.approved_employer(business="平洲就业坊")
        pid = self.open_posting(emp)
        a = new_apprentice(self.server, "孵化就业者")
        run = graduate_run(self, self.staff, self.master.id, [a])
        self.assertTrue(completion_event(self.server, a.id, run))
        r = move(self.staff, a.id, "incubation", "结业后直接孵化")
        self.assertEqual(r.status, 200, r)
        cohort = create_cohort(self.staff, name="就业测试孵化班")
        admit_ok(self.staff, cohort["id"], a.id, self.master.id)
        r = self.apply(a, pid)
        aid = r.json()["application"]["id"]
        for step in ("offer", "hired"):
            r = emp.post("/api/v1/applications/%d/step" % aid, {"to": step})
            self.assertEqual(r.status, 200, r)
        d = self.staff.get("/api/v1/dashboard").json()["placements"]
        row = [x for x in d["by_cohort"] if x["cohort"] == str(cohort["id"])]
        self.assertEqual(row, [{"cohort": str(cohort["id"]),
                                "name_zh": "就业测试孵化班",
                                "name_en": "就业测试孵化班",
                                "people": 1, "hired": 1}])
        row = [x for x in d["by_course"] if x["course"] == "JB101"]
        self.assertEqual(len(row), 1)
        self.assertGreaterEqual(row[0]["people"], 1)
        self.assertEqual(row[0]["hired"], 1)
        page = self.staff.get("/staff/dashboard")
        self.assertIn('id="placements-cohort"', page.text)
        self.assertIn("就业测试孵化班", page.text)
        self.assertEqual(self.master.get("/api/v1/dashboard").status, 403)

    def test_export_and_erasure_include_applications(self):
        emp = self.approved_employer(business="隐私坊")
        pid = self.open_posting(emp)
        a, _, public, _ = self.seeker("隐私学员", cert=False)
        r = self.apply(a, pid, message="请联系我", work=[public])
        aid = r.json()["application"]["id"]
        data = a.get("/api/v1/me/data").json()
        self.assertEqual([(x["id"], x["message"]) for x in
                          data["job_applications"]], [(aid, "请联系我")])
        r = a.post("/api/v1/me/delete", {"password": PASSWORD})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(self.count("job_applications", "id = ?1", aid), 0)
        self.assertEqual(self.count("job_shown", "application = ?1", aid), 0)
        self.assertEqual(emp.get("/api/v1/applications/%d" % aid).status,
                         404)


class JobsDemoTest(ServerTestCase):
    """`make run`'s demo (yujiang-admin init): two workshops, one
    approved with openings, one awaiting approval; applications."""
    init = True

    def test_demo_employers_openings_and_applications(self):
        jobs = self.client().get("/api/v1/jobs").json()["jobs"]
        self.assertEqual(sorted(j["title"] for j in jobs),
                         ["玉雕设计助理", "翡翠挂件雕刻师"])
        self.assertEqual({j["employer"] for j in jobs}, {"翠华玉雕工作室"})
        rows = self.server.sql("SELECT e.business, e.status, u.role FROM "
                               "employers e JOIN users u ON u.id = e.user "
                               "ORDER BY e.id")
        self.assertEqual([tuple(r) for r in rows],
                         [("翠华玉雕工作室", "approved", "employer"),
                          ("玉缘珠宝行", "pending", "employer")])
        steps = self.server.sql("SELECT u.name, a.step FROM job_applications "
                                "a JOIN users u ON u.id = a.applicant "
                                "ORDER BY a.id")
        self.assertEqual([tuple(r) for r in steps],
                         [("何嘉欣", "interview"), ("陈美玲", "hired")])
        self.assertEqual(int(self.server.sql(
            "SELECT count(*) FROM job_shown WHERE kind = 'cert'")[0][0]) > 0,
            True)
        page = self.client().get("/jobs")
        self.assertIn("翡翠挂件雕刻师", page.text)
