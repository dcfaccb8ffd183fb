"""身份: proof of a phone or an email by a one-time code, against a real
SMTP server (aiosmtpd) and a local HTTP server as the SMS gateway.

Register -> the code arrives by mail or SMS -> verified -> enrol; an
unverified account refused everywhere it must be; a squatter's number
reclaimed by its owner; rosters that never hijack; reset by code;
sessions ended by a password change or on request."""
import re
import time

from harness import PASSWORD, PRIVACY_VERSION, ServerTestCase, new_email, new_phone, user
from entry_util import create_run
from ident_util import MailSink, SmsGateway, wait_for
from incub_util import jpeg

HEADER_ZH = "姓名,手机号或邮箱,方向,学校"


class IdentBase(ServerTestCase):
    users = {"staff": user("驿站", "staff"),
             "master": user("周师傅", "master")}

    @classmethod
    def setUpClass(cls):
        cls.mail = MailSink().start()
        cls.sms = SmsGateway().start()
        cls.env = dict(cls.extra_env, **{
            "YUJIANG_SMTP_URL": "smtp://127.0.0.1:%d" % cls.mail.port,
            "YUJIANG_SMTP_FROM": "noreply@yujiang.test",
            "YUJIANG_SMTP_TLS": "none",
            "YUJIANG_SMS_URL": cls.sms.url,
            "YUJIANG_SMS_TOKEN": "gw-secret-token",
        })
        try:
            super().setUpClass()
        except BaseException:
            cls.mail.stop()
            cls.sms.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            super().tearDownClass()
        finally:
            cls.mail.stop()
            cls.sms.stop()

    extra_env = {}

    @classmethod
    def prepare(cls):
        cls.staff = cls.server.client()
        assert cls.staff.login_api(cls.accounts["staff"]).status == 200

    def code_for(self, account, seen=0):
        if "@" in account:
            return self.mail.code_for(account, seen)
        return self.sms.code_for(account, seen)

    def sent(self, account):
        return len(self.mail.mail_to(account) if "@" in account
                   else self.sms.to(account))

    def register(self, name, account, verify=True):
        c = self.client()
        r = c.register_api(name, account, verify=False)
        self.assertEqual(r.status, 201, r)
        self.assertFalse(r.json()["user"]["verified"])
        if verify:
            code = self.code_for(account)
            r = c.post_json("/api/v1/confirm", {"code": code})
            self.assertEqual(r.status, 200, r)
            self.assertTrue(r.json()["user"]["verified"])
        return c


class VerifyTest(IdentBase):
    def test_register_code_by_mail_verified_then_enrol(self):
        addr = new_email("verify")
        c = self.register("邮件学员", addr, verify=False)
        # The code came through the real SMTP server, in Chinese.
        code = self.mail.code_for(addr)
        subject, body = MailSink.text(self.mail.mail_to(addr)[-1])
        self.assertIn("注册验证", subject)
        self.assertIn(code, body)
        self.assertIn("10 分钟", body)
        # Once the relay has it, the outbox keeps no copy of the code.
        wait_for(lambda: self.server.sql(
            "SELECT state, body FROM outbox WHERE address = ?1", addr) ==
            [["sent", ""]], what="the sent message's text forgotten")
        run = create_run(self.staff, "JB101", capacity=5)["id"]
        r = c.post_json("/api/v1/runs/%d/enrol" % run, {})
        self.assertJSONError(r, 403, "unverified")
        self.assertEqual(r.json()["verify"], "/confirm")
        # The page says so too, with the way to verify.
        me = c.get("/me")
        self.assertIn('id="verify-banner"', me.text)
        r = c.post_json("/api/v1/confirm", {"code": code})
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.json()["user"]["verified"])
        r = c.post_json("/api/v1/runs/%d/enrol" % run, {})
        self.assertEqual(r.status, 201, r)
        self.assertNotIn('id="verify-banner"', c.get("/me").text)
        # Single use: the code does not verify anything a second time.
        self.assertEqual(self.server.sql(
            "SELECT count(*) FROM codes WHERE used = 0 AND user = ?1",
            r.json().get("user", {}).get("id", 0) or
            c.me().json()["user"]["id"]), [["0"]])

    def test_register_code_by_sms_to_the_gateway(self):
        phone = new_phone()
        self.register("短信学员", phone)
        auth, body = [x for x in self.sms.received if x[1]["to"] == phone][0]
        self.assertEqual(auth, "Bearer gw-secret-token")
        self.assertEqual(set(body), {"id", "to", "text"})
        self.assertRegex(body["text"], r"^【玉匠】注册验证 验证码 \d{6}")
        # The code is stored hashed, never as typed.
        code = re.search(r"\d{6}", body["text"]).group(0)
        rows = self.server.sql("SELECT hash FROM codes WHERE address = ?1",
                               phone)
        self.assertEqual(len(rows), 1)
        self.assertNotIn(code, rows[0][0])
        self.assertEqual(len(rows[0][0]), 64)

    def test_english_reader_gets_an_english_code(self):
        addr = new_email("en")
        c = self.server.client(lang="en")
        self.assertEqual(c.register_api("Lin", addr, verify=False).status,
                         201)
        self.mail.code_for(addr)
        subject, body = MailSink.text(self.mail.mail_to(addr)[-1])
        self.assertIn("registration", subject)
        self.assertIn("Valid for 10 minutes", body)

    def test_unverified_refused_everywhere(self):
        phone = new_phone()
        c = self.register("未验证", phone, verify=False)
        run = create_run(self.staff, "JB101", capacity=5)["id"]
        master_id = self.server.sql("SELECT id FROM users WHERE account "
                                    "= ?1", self.accounts["master"])[0][0]
        work = 999999      # the refusal comes before any lookup
        api = [
            ("/api/v1/runs/%d/enrol" % run, {}),
            ("/api/v1/masters/%s/ask" % master_id, {"message": "拜师"}),
            ("/api/v1/training/log", {"day": "2024-01-02", "hours": "2",
                                      "skill": "carving"}),
            ("/api/v1/competitions/1/entries", {"work": work}),
        ]
        for path, body in api:
            with self.subTest(path=path):
                self.assertJSONError(c.post_json(path, body), 403,
                                     "unverified")
        r = c.post_multipart("/api/v1/works/%d/photos" % work,
                             files={"photo": ("a.jpg", jpeg(64, 64),
                                              "image/jpeg")},
                             csrf=None,
                             headers={"X-CSRF-Token": c.api_csrf()})
        self.assertJSONError(r, 403, "unverified")
        # The pages' forms: 403 with a link to verify, in the reader's
        # language.
        for path in ("/runs/%d/enrol" % run, "/masters/%s/ask" % master_id,
                     "/training/log", "/competitions/1/entries"):
            with self.subTest(path=path):
                r = c.post_form(path, {}, csrf=c.api_csrf())
                self.assertEqual(r.status, 403, r)
                self.assertIn('href="/confirm"', r.text)
                self.assertIn("请先验证你的手机号或邮箱", r.text)
        # Nothing was written by any of them.
        uid = c.me().json()["user"]["id"]
        for table, col in (("enrolments", "user"),
                           ("mentorships", "apprentice")):
            with self.subTest(table=table):
                self.assertEqual(self.server.sql(
                    "SELECT count(*) FROM %s WHERE %s = ?1" % (table, col),
                    uid), [["0"]])
        # Seeing one's own page is allowed.
        self.assertEqual(c.get("/me").status, 200)

    def test_wrong_codes_use_up_the_code(self):
        phone = new_phone()
        c = self.register("猜码", phone, verify=False)
        code = self.sms.code_for(phone)
        wrong = "%06d" % ((int(code) + 1) % 1000000)
        for i in range(4):
            self.assertJSONError(c.post_json("/api/v1/confirm",
                                             {"code": wrong}), 400,
                                 "code_wrong")
        self.assertJSONError(c.post_json("/api/v1/confirm", {"code": wrong}),
                             400, "code_spent")
        # The fifth wrong guess killed it: the right one no longer works.
        self.assertJSONError(c.post_json("/api/v1/confirm", {"code": code}),
                             400, "code_spent")
        self.assertJSONError(c.post_json("/api/v1/confirm", {"code": "12"}),
                             400, "invalid_code")
        # A new code works.
        r = c.post_json("/api/v1/confirm/resend", {})
        self.assertEqual(r.status, 202, r)
        code = self.sms.code_for(phone, seen=1)
        r = c.post_json("/api/v1/confirm", {"code": code})
        self.assertEqual(r.status, 200, r)

    def test_expired_code_and_superseded_code(self):
        phone = new_phone()
        c = self.register("过期", phone, verify=False)
        first = self.sms.code_for(phone)
        self.assertEqual(c.post_json("/api/v1/confirm/resend", {}).status,
                         202)
        second = self.sms.code_for(phone, seen=1)
        if first != second:
            self.assertJSONError(c.post_json("/api/v1/confirm",
                                             {"code": first}), 400,
                                 "code_wrong")
        # Eleven minutes later (the clock moved back in the database).
        self.server.sql_write("UPDATE codes SET expires = expires - 660 WHERE "
                        "address = ?1", phone)
        self.assertJSONError(c.post_json("/api/v1/confirm",
                                         {"code": second}), 400,
                             "code_expired")

    def test_change_of_phone_goes_by_code_to_the_new_one(self):
        phone, new = new_phone(), new_email("moved")
        c = self.register("换号", phone)
        r = c.post_json("/api/v1/me/account", {"account": new})
        self.assertEqual(r.status, 202, r)
        self.assertEqual(c.me().json()["user"]["account"], phone)
        code = self.mail.code_for(new)
        r = c.post_json("/api/v1/me/account/confirm", {"code": code})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["user"]["account"], new)
        self.assertEqual(self.client().login_api(new).status, 200)

    def test_certificate_needs_a_verified_holder(self):
        from cert_util import graduate_run, completion_event
        from training_util import Person
        c = self.register("证书", new_phone())
        p = Person(c, c.me().json()["user"], c.api_csrf())
        staff = Person(self.staff, self.staff.me().json()["user"],
                       self.staff.api_csrf())
        run = graduate_run(self, staff, staff.id, [p])
        event = completion_event(self.server, p.id, run)
        # Verification withdrawn behind the handlers' back: the store
        # itself refuses to put a certificate on the account.
        self.server.sql_write("UPDATE users SET verified = 0 WHERE id = ?1", p.id)
        r = self.staff.post_json("/api/v1/certs", {"event": event})
        self.assertJSONError(r, 409, "unverified")
        self.assertEqual(self.server.sql("SELECT count(*) FROM certificates "
                                         "WHERE user = ?1", p.id), [["0"]])
        self.server.sql_write("UPDATE users SET verified = 1 WHERE id = ?1", p.id)
        r = self.staff.post_json("/api/v1/certs", {"event": event})
        self.assertEqual(r.status, 201, r)


class ClaimTest(IdentBase):
    def test_squatter_reclaimed_by_the_owner(self):
        phone = new_phone()
        squatter = self.register("冒名者", phone, verify=False)
        squatter_id = squatter.me().json()["user"]["id"]
        # The owner cannot register the number; they claim it.
        owner = self.client()
        r = owner.register_api("真主人", phone, verify=False)
        self.assertJSONError(r, 409, "account_taken")
        r = owner.post_json("/api/v1/claim", {"account": phone})
        self.assertEqual(r.status, 202, r)
        code = self.sms.code_for(phone, seen=1)     # the owner's phone
        claim = {"account": phone, "code": code, "name": "真主人",
                 "password": PASSWORD, "track": "designer"}
        # Without consent to the privacy notice nothing is claimed.
        r = owner.post_json("/api/v1/claim/confirm", claim)
        self.assertJSONError(r, 400, "consent_required")
        self.assertEqual(squatter.me().json()["user"]["account"], phone)
        r = owner.post_json("/api/v1/claim/confirm",
                            dict(claim, consent=PRIVACY_VERSION))
        self.assertEqual(r.status, 201, r)
        u = r.json()["user"]
        # The owner's consent is recorded with the account.
        self.assertEqual(self.server.sql(
            "SELECT kind, version FROM consents WHERE user = ?1", u["id"]),
            [["notice", str(PRIVACY_VERSION)]])
        self.assertEqual((u["name"], u["account"], u["verified"]),
                         ("真主人", phone, True))
        # The owner can log in with the number and their password.
        self.assertEqual(self.client().login_api(phone).status, 200)
        # The squatter's account let go of the number and is told why
        # on their page (their session goes on).
        me = squatter.me().json()["user"]
        self.assertEqual(me["id"], squatter_id)
        self.assertEqual(me["account"], "released:%d:%s" %
                         (squatter_id, phone))
        self.assertIn("这个号码的主人已用验证码取回了它", squatter.get("/me").text)
        # The audit trail has it.
        rows = self.server.sql("SELECT detail FROM audit WHERE action = "
                               "'account.claim' AND subject = ?1",
                               "user:%d" % u["id"])
        self.assertEqual(rows, [["released user:%d" % squatter_id]])
        # The code worked once.
        r = self.client().post_json("/api/v1/claim/confirm", {
            "account": phone, "code": code, "name": "第三人",
            "password": PASSWORD, "track": "carver",
            "consent": PRIVACY_VERSION})
        self.assertEqual(r.status, 409, r)

    def test_claim_refused_for_verified_or_unknown_numbers(self):
        phone = new_phone()
        self.register("正主", phone)
        c = self.client()
        self.assertJSONError(c.post_json("/api/v1/claim", {"account": phone}),
                             409, "account_verified")
        self.assertJSONError(c.post_json("/api/v1/claim",
                                         {"account": new_phone()}),
                             404, "not_registered")

    def test_claim_with_a_wrong_code_releases_nothing(self):
        phone = new_phone()
        squatter = self.register("占号", phone, verify=False)
        c = self.client()
        self.assertEqual(c.post_json("/api/v1/claim",
                                     {"account": phone}).status, 202)
        code = self.sms.code_for(phone, seen=1)
        wrong = "%06d" % ((int(code) + 7) % 1000000)
        r = c.post_json("/api/v1/claim/confirm", {
            "account": phone, "code": wrong, "name": "谁",
            "password": PASSWORD, "track": "carver",
            "consent": PRIVACY_VERSION})
        self.assertJSONError(r, 400, "code_wrong")
        self.assertEqual(squatter.me().json()["user"]["account"], phone)


class RosterTest(IdentBase):
    def roster(self, run, rows):
        text = HEADER_ZH + "\n" + "\n".join(
            "%s,%s,玉雕,平洲职校" % r for r in rows) + "\n"
        return self.staff.post_json("/api/v1/roster",
                                    {"run": run, "csv": text})

    def seats(self, run):
        r = self.staff.get("/api/v1/runs/%d" % run)
        return {x["account"] for x in r.json()["roster"]}

    def test_roster_never_hijacks(self):
        squatted, other_name, same = new_phone(), new_phone(), new_phone()
        self.register("陌生人", squatted, verify=False)
        self.register("另一个名字", other_name)
        self.register("李同学", same)
        run = create_run(self.staff, "JB101", capacity=10)["id"]
        r = self.roster(run, [("张同学", squatted), ("王同学", other_name),
                              ("李同学", same)])
        self.assertEqual(r.status, 201, r)
        rows = {x["account"]: x for x in r.json()["rows"]}
        self.assertEqual(rows[squatted]["conflict"], {
            "row_name": "张同学", "account_name": "陌生人",
            "account_verified": False})
        self.assertEqual(rows[other_name]["conflict"], {
            "row_name": "王同学", "account_name": "另一个名字",
            "account_verified": True})
        self.assertIsNone(rows[squatted]["status"])
        self.assertIsNone(rows[same]["conflict"])
        self.assertEqual(rows[same]["status"], "enrolled")
        # Only the verified account under the row's name got the seat.
        self.assertEqual(self.seats(run), {same})
        self.assertEqual(self.server.sql(
            "SELECT count(*) FROM audit WHERE action = 'roster.conflict'"),
            [["2"]])
        # The staff's page shows both names.
        run2 = create_run(self.staff, "JB101", capacity=10)["id"]
        text = HEADER_ZH + "\n张同学,%s,玉雕,平洲职校\n" % squatted
        page = self.staff.post_multipart(
            "/staff/roster", [("run", str(run2)), ("mode", "all")],
            files={"roster": ("r.csv", text.encode(), "text/csv")},
            page="/staff/roster?run=%d" % run2)
        self.assertEqual(page.status, 201, page)
        self.assertIn("冲突：这个号码被注册但未验证，未关联", page.text)
        self.assertIn("陌生人", page.text)
        self.assertEqual(self.seats(run2), set())


class PasswordTest(IdentBase):
    def test_reset_by_code_ends_every_session(self):
        addr = new_email("reset")
        c = self.register("忘密码", addr)
        other = self.client()
        self.assertEqual(other.login_api(addr).status, 200)
        anon = self.client()
        r = anon.post_json("/api/v1/reset", {"account": addr})
        self.assertEqual(r.status, 202, r)
        # An unknown account gets the same answer and no message.
        nobody = new_email("nobody")
        self.assertEqual(anon.post_json("/api/v1/reset",
                                        {"account": nobody}).status, 202)
        code = self.mail.code_for(addr, seen=1)
        r = anon.post_json("/api/v1/reset/confirm", {
            "account": addr, "code": code, "password": "new-secret-9"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(anon.me().status, 200)
        # Both old sessions are over; the old password is.
        self.assertEqual(c.me().status, 401)
        self.assertEqual(other.me().status, 401)
        self.assertEqual(self.client().login_api(addr).status, 401)
        self.assertEqual(self.client().login_api(addr,
                                                 "new-secret-9").status, 200)
        self.assertEqual(self.mail.mail_to(nobody), [])
        # The code worked once.
        r = self.client().post_json("/api/v1/reset/confirm", {
            "account": addr, "code": code, "password": "another-pw-1"})
        self.assertJSONError(r, 400, "code_none")

    def test_change_password_and_log_out_everywhere_else(self):
        phone = new_phone()
        a = self.register("多设备", phone)
        b, c2 = self.client(), self.client()
        self.assertEqual(b.login_api(phone).status, 200)
        self.assertEqual(c2.login_api(phone).status, 200)
        r = a.get("/api/v1/me/sessions")
        self.assertEqual(r.status, 200, r)
        ss = r.json()["sessions"]
        self.assertEqual(len(ss), 3)
        self.assertEqual(sum(s["current"] for s in ss), 1)
        self.assertEqual({s["addr"] for s in ss}, {"127.0.0.1"})
        # Log out everywhere else.
        r = b.post_json("/api/v1/me/sessions", {})
        self.assertEqual(r.json(), {"ended": 2})
        self.assertEqual(a.me().status, 401)
        self.assertEqual(c2.me().status, 401)
        self.assertEqual(b.me().status, 200)
        # A password change ends the other sessions too.
        self.assertEqual(a.login_api(phone).status, 200)
        r = b.post_json("/api/v1/me/password", {"current": "wrong-pass",
                                                "password": "changed-pw-2"})
        self.assertJSONError(r, 403, "wrong_password")
        self.assertEqual(a.me().status, 200)
        r = b.post_json("/api/v1/me/password", {"current": PASSWORD,
                                                "password": "changed-pw-2"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(a.me().status, 401)
        self.assertEqual(b.me().status, 200)
        self.assertEqual(self.client().login_api(phone,
                                                 "changed-pw-2").status, 200)
        # The page lists them with the button.
        page = b.get("/me/sessions")
        self.assertIn('id="end-others"', page.text)


class CapsTest(IdentBase):
    extra_env = {"YUJIANG_OUTBOX_CAP_NUMBER": "3",
                 "YUJIANG_OUTBOX_CAP_ADDRESS": "4"}

    def test_per_number_cap(self):
        phone = new_phone()
        c = self.register("频繁", phone, verify=False)    # message 1
        for _ in range(2):                                  # 2 and 3
            self.assertEqual(c.post_json("/api/v1/confirm/resend",
                                         {}).status, 202)
        r = c.post_json("/api/v1/confirm/resend", {})
        self.assertJSONError(r, 429, "outbox_cap")
        self.assertEqual(self.server.sql(
            "SELECT count(*) FROM outbox WHERE address = ?1", phone),
            [["3"]])
        wait_for(lambda: len(self.sms.to(phone)) == 3, what="3 SMS")
        # None of the three codes is left in the outbox once delivered.
        wait_for(lambda: self.server.sql(
            "SELECT count(*) FROM outbox WHERE address = ?1 AND "
            "body != ''", phone) == [["0"]], what="texts forgotten")
        # A reset for the capped number answers as for a number nobody
        # has (202, nothing sent): a 429 would say the account exists.
        anon = self.client()
        r = anon.post_json("/api/v1/reset", {"account": phone})
        self.assertEqual(r.status, 202, r)
        self.assertEqual(r.json(), anon.post_json(
            "/api/v1/reset", {"account": new_phone()}).json())
        self.assertEqual(self.server.sql(
            "SELECT count(*) FROM outbox WHERE address = ?1", phone),
            [["3"]])
        # Another number is not held back by it.
        self.register("别人", new_phone())

    def test_per_address_cap(self):
        addr = new_email("cap")
        c = self.register("邮件频繁", addr, verify=False)
        for _ in range(3):
            self.assertEqual(c.post_json("/api/v1/confirm/resend",
                                         {}).status, 202)
        self.assertJSONError(c.post_json("/api/v1/confirm/resend", {}),
                             429, "outbox_cap")


class PersonCapTest(IdentBase):
    extra_env = {"YUJIANG_OUTBOX_CAP_PERSON": "3"}

    def test_one_account_cannot_spend_sms_on_many_numbers(self):
        c = self.register("换来换去", new_phone())        # message 1
        for _ in range(2):                                # 2 and 3
            r = c.post_json("/api/v1/me/account", {"account": new_phone()})
            self.assertEqual(r.status, 202, r)
        other = new_phone()
        r = c.post_json("/api/v1/me/account", {"account": other})
        self.assertJSONError(r, 429, "outbox_cap")
        self.assertEqual(self.server.sql(
            "SELECT count(*) FROM outbox WHERE address = ?1", other),
            [["0"]])
        # Someone else still gets their code.
        self.register("别人", new_phone())


class CodeThrottleTest(IdentBase):
    extra_env = {"YUJIANG_CODE_LIMIT": "3"}

    def test_codes_asked_and_entered_are_counted_per_address(self):
        # Resets asked from one address: 3 an hour, then 429.
        anon = self.client()
        for _ in range(3):
            r = anon.post_json("/api/v1/reset", {"account": new_phone()})
            self.assertEqual(r.status, 202, r)
        r = anon.post_json("/api/v1/reset", {"account": new_phone()})
        self.assertJSONError(r, 429, "throttled")
        self.assertEqual(r.header("retry-after"), "3600")
        # Codes entered from one address, right or wrong: 3, then 429,
        # so guessing across accounts from one place is bounded.
        for i in range(3):
            r = anon.post_json("/api/v1/reset/confirm", {
                "account": new_phone(), "code": "%06d" % i,
                "password": "new-password-1"})
            self.assertNotEqual(r.status, 429, r)
        r = anon.post_json("/api/v1/reset/confirm", {
            "account": new_phone(), "code": "123456",
            "password": "new-password-1"})
        self.assertJSONError(r, 429, "throttled")


class DayCapTest(IdentBase):
    extra_env = {"YUJIANG_OUTBOX_CAP_DAY": "2"}

    def test_per_day_cap(self):
        self.register("一", new_phone(), verify=False)
        self.register("二", new_email("d"), verify=False)
        c = self.client()
        r = c.register_api("三", new_phone(), verify=False)
        self.assertEqual(r.status, 201, r)      # the account is made
        self.assertJSONError(c.post_json("/api/v1/confirm/resend", {}),
                             429, "outbox_cap")
        self.assertEqual(self.server.sql("SELECT count(*) FROM outbox"),
                         [["2"]])


class DeliveryTest(IdentBase):
    extra_env = {"YUJIANG_OUTBOX_BACKOFF": "1", "YUJIANG_OUTBOX_TRIES": "3"}

    def state(self, address):
        rows = self.server.sql("SELECT state, tries, error FROM outbox "
                               "WHERE address = ?1 ORDER BY id DESC LIMIT 1",
                               address)
        return rows[0] if rows else None

    def test_smtp_down_then_retried(self):
        self.mail.stop()
        addr = new_email("down")
        try:
            c = self.register("邮件延迟", addr, verify=False)
            s = wait_for(lambda: (self.state(addr)[1] != "0" and
                                  self.state(addr)), what="a failed try")
            self.assertEqual(s[0], "queued")
            self.assertIn("smtp", s[2])
        finally:
            self.mail.start()
        code = self.mail.code_for(addr, timeout=20)
        self.assertEqual(self.state(addr)[0], "sent")
        self.assertEqual(c.post_json("/api/v1/confirm",
                                     {"code": code}).status, 200)

    def test_gateway_500_dead_letter_and_staff_retry(self):
        self.sms.status = 500
        phone = new_phone()
        try:
            c = self.register("短信失败", phone, verify=False)
            s = wait_for(lambda: self.state(phone)[0] == "dead" and
                         self.state(phone), what="a dead letter")
            self.assertEqual(s[1], "3")
            self.assertEqual(s[2], "sms: HTTP 500")
            self.assertGreaterEqual(self.sms.failed, 3)
        finally:
            self.sms.status = 200
        # Staff see it among the dead, on the page and in the API.
        r = self.staff.get("/api/v1/outbox?state=dead")
        self.assertEqual(r.status, 200, r)
        dead = [m for m in r.json()["messages"] if m["to"] == phone]
        self.assertEqual(len(dead), 1)
        # Through a real gateway staff never read a code: it is masked.
        self.assertNotRegex(dead[0]["body"], r"\d{6}")
        self.assertIn("******", dead[0]["body"])
        self.assertEqual(r.json()["adapters"],
                         {"email": "smtp", "sms": "webhook"})
        page = self.staff.get("/staff/outbox?state=dead")
        self.assertIn('action="/staff/outbox/%d/retry"' % dead[0]["id"],
                      page.text)
        # Only staff.
        self.assertEqual(c.get("/api/v1/outbox").status, 403)
        r = self.staff.post_json("/api/v1/outbox/%d/retry" % dead[0]["id"],
                                 {})
        self.assertEqual(r.status, 200, r)
        code = self.sms.code_for(phone, timeout=20)
        wait_for(lambda: self.state(phone)[0] == "sent", what="sent")
        self.assertEqual(c.post_json("/api/v1/confirm",
                                     {"code": code}).status, 200)
        # A message that is not dead cannot be retried.
        self.assertJSONError(self.staff.post_json(
            "/api/v1/outbox/%d/retry" % dead[0]["id"], {}), 409, "not_dead")


class PurgeTest(IdentBase):
    def test_unverified_accounts_older_than_30_days_go(self):
        old, fresh, kept = new_phone(), new_phone(), new_phone()
        a = self.register("旧的", old, verify=False)
        self.register("新的", fresh, verify=False)
        self.register("已验证", kept)
        ids = {p: self.server.sql("SELECT id FROM users WHERE account = ?1",
                                  p)[0][0] for p in (old, fresh, kept)}
        self.server.sql_write("UPDATE users SET created = created - 31 * 86400 "
                        "WHERE id IN (?1, ?2)", ids[old], ids[kept])
        out = self.server._run([self.server_admin(), "-d", self.server.dir,
                                "purge-unverified"])
        self.assertEqual(out.strip(), "1 unverified accounts removed")
        rows = dict((r[0], r[1:]) for r in self.server.sql(
            "SELECT id, name, account FROM users WHERE id IN (?1, ?2, ?3)",
            ids[old], ids[fresh], ids[kept]))
        self.assertEqual(rows[ids[old]], ["(removed)",
                                          "removed:%s" % ids[old]])
        # Its code and its message (the number in them) went with it.
        for table, col in (("codes", "user"), ("outbox", "user")):
            self.assertEqual(self.server.sql(
                "SELECT count(*) FROM %s WHERE %s = ?1" % (table, col),
                ids[old]), [["0"]], table)
        self.assertNotEqual(self.server.sql(
            "SELECT count(*) FROM outbox WHERE user = ?1", ids[fresh]),
            [["0"]])
        self.assertEqual(rows[ids[fresh]][1], fresh)
        self.assertEqual(rows[ids[kept]][1], kept)
        self.assertEqual(a.me().status, 401)
        # The number is free again.
        self.assertEqual(self.client().register_api(
            "号码主人", old, verify=False).status, 201)

    def server_admin(self):
        from harness import ADMIN
        return ADMIN
