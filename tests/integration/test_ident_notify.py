"""Notifications by email and SMS: a person who chose copies of a kind of
message gets them through the outbox, delivered by the real SMTP server
(aiosmtpd) and the SMS gateway stand-in, in the language they saved the
choice in; a person who chose none gets none; the inbox row says which
copies were queued; a copy the caps refuse leaves the event and the
inbox message standing."""
from entry_util import create_run
from harness import new_email, new_phone
from ident_util import MailSink, wait_for
from test_ident_flow import IdentBase


class NotifyCopiesTest(IdentBase):

    def promote(self, waiting):
        """A run of one seat: a first apprentice takes it, `waiting` is
        waitlisted, the first withdraws, `waiting` is promoted."""
        run = create_run(self.staff, "JB101", capacity=1)["id"]
        first = self.register("先到", new_phone())
        self.assertEqual(first.post_json("/api/v1/runs/%d/enrol" % run,
                                         {}).status, 201)
        r = waiting.post_json("/api/v1/runs/%d/enrol" % run, {})
        self.assertEqual(r.json()["status"], "waitlisted", r)
        r = first.post_json("/api/v1/runs/%d/withdraw" % run, {})
        self.assertEqual(r.status, 200, r)
        return run

    def test_promotion_by_email_in_the_chosen_language(self):
        addr = new_email("copy")
        c = self.server.client(lang="en")
        self.assertEqual(c.register_api("Mail Reader", addr,
                                        verify=False).status, 201)
        r = c.post_json("/api/v1/confirm", {"code": self.code_for(addr)})
        self.assertEqual(r.status, 200, r)
        r = c.post_json("/api/v1/me/notifications", {"promoted": "email"})
        self.assertEqual(r.status, 200, r)
        seen = self.sent(addr)              # the registration code
        self.promote(c)
        got = wait_for(lambda: self.sent(addr) > seen and
                       self.mail.mail_to(addr), what="the promotion mail")
        subject, body = MailSink.text(got[-1])
        self.assertIn("moved up from the waitlist", body)
        # The inbox has the message and says a copy went by email.
        msg = [m for m in c.get("/api/v1/inbox").json()["messages"]
               if m["kind"] == "promoted"]
        self.assertEqual(len(msg), 1, msg)
        row = self.server.sql("SELECT email, sms FROM inbox WHERE "
                              "kind = 'promoted' AND user = (SELECT id "
                              "FROM users WHERE account = ?1)", addr)
        self.assertEqual(row, [["1", "0"]])

    def test_promotion_by_sms_and_none_for_others(self):
        phone = new_phone()
        c = self.register("短信通知", phone)
        r = c.post_json("/api/v1/me/notifications", {"promoted": "sms"})
        self.assertEqual(r.status, 200, r)
        quiet_phone = new_phone()
        quiet = self.register("不要短信", quiet_phone)
        seen = self.sent(phone)
        self.promote(c)
        got = wait_for(lambda: self.sent(phone) > seen and
                       self.sms.to(phone), what="the promotion SMS")
        self.assertIn("候补名单递补为正式学员", got[-1]["text"])
        # Someone promoted without choosing copies gets the inbox only.
        quiet_seen = self.sent(quiet_phone)
        self.promote(quiet)
        self.assertEqual(len([m for m in quiet.get("/api/v1/inbox").json()
                              ["messages"] if m["kind"] == "promoted"]), 1)
        self.assertEqual(self.sent(quiet_phone), quiet_seen)
        self.assertEqual(self.server.sql(
            "SELECT count(*) FROM outbox WHERE address = ?1",
            quiet_phone), [[str(quiet_seen)]])


class NotifyCapTest(IdentBase):
    # Two messages a day per number: the code and one more.
    extra_env = {"YUJIANG_OUTBOX_CAP_NUMBER": "2"}

    def test_a_capped_copy_never_stops_the_event(self):
        phone = new_phone()
        c = self.register("封顶", phone)
        r = c.post_json("/api/v1/me/notifications", {"promoted": "sms"})
        self.assertEqual(r.status, 200, r)
        self.promote_twice(c, phone)

    def promote_twice(self, c, phone):
        for _ in range(2):
            NotifyCopiesTest.promote(self, c)
        # Both promotions happened and are in the inbox ...
        self.assertEqual(len([m for m in c.get("/api/v1/inbox").json()
                              ["messages"] if m["kind"] == "promoted"]), 2)
        # ... but the number's cap let only one copy through.
        self.assertEqual(self.server.sql(
            "SELECT count(*) FROM outbox WHERE address = ?1", phone),
            [["2"]])
        self.assertEqual(sorted(self.server.sql(
            "SELECT sms FROM inbox WHERE kind = 'promoted' AND user = "
            "(SELECT id FROM users WHERE account = ?1)", phone)),
            [["0"], ["1"]])
